'use strict';
// The manifest and what `vsce package` puts into the .vsix (listed by `vsce ls`, which packs
// the same files without writing the archive).

const test = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const manifest = require('../package.json');

test('the manifest points at files that exist and agree with each other', () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, 'intc');
  assert.deepEqual(language.extensions, ['.int']);
  const configuration = JSON.parse(fs.readFileSync(path.join(ROOT, language.configuration), 'utf8'));
  assert.deepEqual(configuration.comments, { lineComment: '//' });
  assert.ok(configuration.brackets.length >= 3);
  assert.ok(configuration.autoClosingPairs.some((pair) => pair.open === '`'));
  new RegExp(configuration.wordPattern.pattern, configuration.wordPattern.flags);
  for (const rule of Object.values(configuration.indentationRules)) {
    new RegExp(rule);
  }

  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar.language, 'intc');
  const grammarFile = JSON.parse(fs.readFileSync(path.join(ROOT, grammar.path), 'utf8'));
  assert.equal(grammarFile.scopeName, grammar.scopeName);

  assert.ok(fs.existsSync(path.join(ROOT, manifest.main)));
  const settings = manifest.contributes.configuration.properties;
  assert.equal(settings['intc.path'].default, 'intc');
  assert.equal(settings['intc.path'].type, 'string');
  // Every command in a menu is a contributed command.
  const commands = new Set(manifest.contributes.commands.map((c) => c.command));
  for (const entries of Object.values(manifest.contributes.menus)) {
    for (const entry of entries) {
      assert.ok(commands.has(entry.command), entry.command);
    }
  }
});

test('every package the sources require is a production dependency', () => {
  const dependencies = new Set(Object.keys(manifest.dependencies));
  for (const name of fs.readdirSync(path.join(ROOT, 'src'))) {
    const text = fs.readFileSync(path.join(ROOT, 'src', name), 'utf8');
    for (const [, request] of text.matchAll(/require\('([^']+)'\)/g)) {
      if (request.startsWith('.') || request.startsWith('node:') || request === 'vscode') {
        continue;
      }
      const pkg = request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0];
      assert.ok(dependencies.has(pkg), `${name} requires ${request}, which is not in dependencies`);
    }
  }
});

test('the .vsix holds the extension and its runtime dependencies, and no tests', () => {
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  const listing = childProcess.execFileSync(process.execPath, [vsce, 'ls'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const files = new Set(listing.split(/\r?\n/).filter(Boolean));
  for (const name of fs.readdirSync(path.join(ROOT, 'src'))) {
    assert.ok(files.has(`src/${name}`), `src/${name} is packaged`);
  }
  for (const file of [
    'package.json',
    'README.md',
    'language-configuration.json',
    'syntaxes/intc.tmLanguage.json',
    'node_modules/vscode-languageclient/lib/node/main.js',
    'node_modules/vscode-languageserver-protocol/lib/node/main.js',
    'node_modules/vscode-jsonrpc/lib/node/main.js',
  ]) {
    assert.ok(files.has(file), `${file} is packaged`);
  }
  for (const file of files) {
    assert.doesNotMatch(
      file,
      /^(test|test-support)\/|^node_modules\/(@vscode\/vsce|vscode-textmate|vscode-oniguruma)\/|build-grammar|\.d\.ts$/,
      `${file} is not part of the extension`,
    );
  }
});
