'use strict';
// Where the "Run" code lenses go: the scanner on sample sources and on the repository's
// example programs, and the provider VS Code calls.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { findRunTargets } = require('../src/scan');
const {
  createVscode,
  createLanguageClientModule,
  loadExtension,
  createContext,
  Uri,
} = require('../test-support/fake-vscode');

const REPOSITORY = path.join(__dirname, '..', '..', '..');

/** The targets as `kind@line:column` (zero-based), easy to compare. */
function lensLines(text) {
  return findRunTargets(text).map((target) => {
    const before = text.slice(0, target.offset);
    const line = before.split('\n').length - 1;
    return `${target.kind}@${line}:${target.offset - (before.lastIndexOf('\n') + 1)}`;
  });
}

test('main: a lens on the declaration, from its first qualifier', () => {
  assert.deepEqual(lensLines('public function main() {\n}\n'), ['main@0:0']);
  assert.deepEqual(lensLines('import ballerina/io;\n\nfunction main() returns error? {\n}\n'), ['main@2:0']);
  assert.deepEqual(
    lensLines('# Entry point.\n# + args - the words\npublic isolated function main(string... args) {}'),
    ['main@2:0'],
  );
});

test('main: annotations belong to the declaration', () => {
  const text = 'int x = 1;\n@display {label: "entry"}\npublic function main() {}\n';
  assert.deepEqual(lensLines(text), ['main@1:0']);
  assert.deepEqual(lensLines('@a:b\nfunction main() {}'), ['main@0:0']);
});

test('main: only at module level', () => {
  const text = [
    'class C {',
    '    function main() {}',
    '}',
    'function f() {',
    '    var g = function main() {};',
    '}',
    'type T object { function main(); };',
  ].join('\n');
  assert.deepEqual(lensLines(text), []);
  assert.deepEqual(lensLines('function mainly() {}\nfunction main2() {}'), []);
});

test('services: every module-level service declaration', () => {
  const text = [
    'import ballerina/http;',
    'listener http:Listener ep = new (9090);',
    '',
    'service /albums on ep {',
    '    resource function get .() returns string { return "a"; }',
    '}',
    '',
    '@http:ServiceConfig {cors: {allowOrigins: ["*"]}}',
    'isolated service "/x" on new http:Listener(8080) {',
    '}',
    'service http:Service / on ep, new http:Listener(8081) {}',
    'public function main() {}',
  ].join('\n');
  assert.deepEqual(lensLines(text), ['service@3:0', 'service@7:0', 'service@10:0', 'main@11:0']);
  const names = findRunTargets(text).map((target) => target.name);
  assert.deepEqual(names, ['/albums', '"/x"', 'http:Service /', 'main']);
});

test('services: object types, service classes and constructors are not declarations', () => {
  const text = [
    'type S service object { resource function get x() returns int; };',
    'service class Svc { resource function get y() returns int { return 1; } }',
    'final S s = service object { resource function get x() returns int { return 1; } };',
    'function f() { var t = service object {}; }',
    'distinct service object {} d = object {};',
  ].join('\n');
  assert.deepEqual(lensLines(text), []);
});

test('comments, strings, templates and quoted identifiers hide the words', () => {
  const text = [
    '// function main() {}',
    '# service / on ep {}',
    'string s = "service / on ep { function main() {";',
    'string t = string `function main() ${ {a: "}"}.toString() } service x on y {`;',
    'xml x = xml `<a>${ string `${ "}" } nested ` }</a>` ;',
    "int 'service = 1;",
    're `function main\\(`;',
    'public function main() {}',
  ].join('\n');
  assert.deepEqual(lensLines(text), ['main@7:0']);
});

test('half-written code gives lenses where it can and never throws', () => {
  assert.deepEqual(lensLines('public function main() {\n    io:println("unterminated\n'), ['main@0:0']);
  assert.deepEqual(lensLines('service / on ep {\n  string s = `open ${ x'), ['service@0:0']);
  assert.deepEqual(lensLines('function main('), ['main@0:0']);
  assert.deepEqual(lensLines('}}}} function main() {}'), ['main@0:5']);
  for (const text of ['', '`', '${', '"', "'", '@', '@{', '\\', 'service', 'function main', '# x']) {
    assert.doesNotThrow(() => findRunTargets(text), text);
  }
});

test('every prefix of the example programs scans without throwing', () => {
  const text = fs.readFileSync(path.join(REPOSITORY, 'examples', 'rest_crud', 'main.int'), 'utf8');
  for (let end = 0; end <= text.length; end += 7) {
    findRunTargets(text.slice(0, end));
  }
});

test('the example programs: a lens on each service and main the layout shows', () => {
  const examples = path.join(REPOSITORY, 'examples');
  let checked = 0;
  for (const name of fs.readdirSync(examples)) {
    const file = path.join(examples, name, 'main.int');
    if (!fs.existsSync(file)) {
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    // An independent oracle for these well-formatted files: declarations start a line.
    const expected = [];
    text.split('\n').forEach((line, index) => {
      if (/^(isolated )?service\b(?! (object|class)\b)/.test(line)) {
        expected.push(`service@${index}:0`);
      } else if (/^(public )?function main\(/.test(line)) {
        expected.push(`main@${index}:0`);
      }
    });
    // Annotations on the line above move the lens up to them.
    const actual = lensLines(text).map((lens) => {
      const [kind, position] = lens.split('@');
      let line = Number(position.split(':')[0]);
      const lines = text.split('\n');
      while (lines[line] !== undefined && lines[line].startsWith('@')) {
        line += 1;
        while (lines[line] !== undefined && /^\s|^}/.test(lines[line])) {
          line += 1;
        }
      }
      return `${kind}@${line}:0`;
    });
    assert.deepEqual(actual, expected, name);
    checked += expected.length;
  }
  assert.ok(checked >= 10, `only ${checked} declarations in the examples`);
});

async function activated(settings) {
  const vscode = createVscode({ settings });
  const extension = loadExtension(vscode, createLanguageClientModule());
  await extension.activate(createContext());
  return { vscode, provider: vscode.calls.codeLensProviders[0].provider };
}

test('the provider: Run lenses that run the document', async () => {
  const { vscode, provider } = await activated();
  const uri = Uri.file(path.join(os.tmpdir(), 'no-project-here', 'svc.int'));
  const document = vscode.openDocument({
    uri,
    text: 'import ballerina/http;\n\nservice / on new http:Listener(9090) {\n}\n\npublic function main() {\n}\n',
  });
  const lenses = provider.provideCodeLenses(document);
  assert.deepEqual(
    lenses.map((lens) => [lens.range.start.line, lens.range.start.character, lens.command.title]),
    [
      [2, 0, 'Run'],
      [5, 0, 'Run'],
    ],
  );
  for (const lens of lenses) {
    assert.equal(lens.command.command, 'intc.run');
    assert.deepEqual(lens.command.arguments, [uri]);
  }
  assert.match(lenses[0].command.tooltip, /service \(\/\)/);
});

test('the provider: no main lens outside a project root module', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intc-lens-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'Int.toml'), '[package]\norg = "a"\nname = "b"\nversion = "0.1.0"\n');
  const { vscode, provider } = await activated();
  const text = 'function main() {}\nservice / on ep {}\n';
  const moduleFile = vscode.openDocument({ uri: Uri.file(path.join(dir, 'modules', 'm', 'm.int')), text });
  assert.deepEqual(provider.provideCodeLenses(moduleFile).map((lens) => lens.range.start.line), [1]);
  const rootFile = vscode.openDocument({ uri: Uri.file(path.join(dir, 'main.int')), text });
  assert.deepEqual(provider.provideCodeLenses(rootFile).map((lens) => lens.range.start.line), [0, 1]);
});

test('the provider: intc.codeLens.enable switches the lenses off and on', async () => {
  const { vscode, provider } = await activated({ 'intc.codeLens.enable': false });
  const document = vscode.openDocument({ uri: Uri.file(path.join(os.tmpdir(), 'x.int')), text: 'function main() {}' });
  assert.deepEqual(provider.provideCodeLenses(document), []);
  let refreshed = 0;
  provider.onDidChangeCodeLenses(() => {
    refreshed += 1;
  });
  vscode.changeSettings({ 'intc.codeLens.enable': true });
  assert.equal(refreshed, 1);
  assert.equal(provider.provideCodeLenses(document).length, 1);
});
