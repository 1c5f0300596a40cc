'use strict';
// The client's activation code under a stand-in `vscode` module (test-support/fake-vscode.js):
// what `activate` registers, how it starts the language client, and the commands.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  createVscode,
  createLanguageClientModule,
  loadExtension,
  createContext,
  Uri,
} = require('../test-support/fake-vscode');

const manifest = require('../package.json');
const FAKE_INTC = path.join(__dirname, '..', 'test-support', 'fake-intc.js');

/** Activates a fresh copy of the extension; returns everything a test looks at. */
async function activate({ settings, workspaceFolder, startError, capabilities } = {}) {
  const vscode = createVscode({ settings, workspaceFolder });
  const languageClient = createLanguageClientModule({ startError, capabilities });
  const extension = loadExtension(vscode, languageClient);
  const context = createContext();
  const api = await extension.activate(context);
  // Let the client's start (not awaited by activate) settle.
  await new Promise((resolve) => setImmediate(resolve));
  return { vscode, languageClient, extension, context, api };
}

/** A scratch directory with the given files; removed after the test. */
function scratch(t, files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intc-vscode-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('activation registers every command the manifest contributes', async () => {
  const { vscode } = await activate();
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual([...vscode.calls.commands.keys()].sort(), contributed);
  assert.deepEqual(contributed, ['intc.check', 'intc.format', 'intc.restartServer', 'intc.run']);
});

test('activation registers the Run code lens provider for intc documents', async () => {
  const { vscode } = await activate();
  assert.equal(vscode.calls.codeLensProviders.length, 1);
  const [registration] = vscode.calls.codeLensProviders;
  assert.deepEqual(registration.selector, { language: 'intc' });
  assert.equal(typeof registration.provider.provideCodeLenses, 'function');
  assert.equal(typeof registration.provider.onDidChangeCodeLenses, 'function');
});

test('activation starts `intc lsp` over stdio with the default path', async () => {
  const { languageClient, api } = await activate();
  assert.equal(languageClient.clients.length, 1);
  const [client] = languageClient.clients;
  assert.equal(client.id, 'intc');
  assert.equal(client.serverOptions.command, 'intc');
  assert.deepEqual(client.serverOptions.args, ['lsp']);
  assert.equal(client.serverOptions.transport, languageClient.TransportKind.stdio);
  assert.deepEqual(client.clientOptions.documentSelector, [{ scheme: 'file', language: 'intc' }]);
  assert.equal(client.clientOptions.synchronize.fileEvents.glob, '**/{*.int,Int.toml,Config.toml}');
  assert.equal(client.state, 'running');
  assert.equal(api.client(), client);
});

test('activation starts the server from the configured intc.path', async () => {
  const { languageClient } = await activate({ settings: { 'intc.path': '/opt/intc/bin/intc' } });
  assert.equal(languageClient.clients[0].serverOptions.command, '/opt/intc/bin/intc');
  assert.deepEqual(languageClient.clients[0].serverOptions.args, ['lsp']);
});

test('a relative intc.path is taken from the workspace folder', async () => {
  const folder = path.resolve('/ws/shop');
  const { languageClient } = await activate({
    settings: { 'intc.path': './target/debug/intc' },
    workspaceFolder: folder,
  });
  const [client] = languageClient.clients;
  assert.equal(client.serverOptions.command, path.join(folder, 'target', 'debug', 'intc'));
  assert.equal(client.serverOptions.options.cwd, folder);
});

test('changing intc.path restarts the server with the new path', async () => {
  const { vscode, languageClient } = await activate();
  vscode.changeSettings({ 'intc.path': '/opt/intc-next/bin/intc' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(languageClient.clients.length, 2);
  const [first, second] = languageClient.clients;
  assert.equal(first.state, 'stopped');
  assert.equal(second.serverOptions.command, '/opt/intc-next/bin/intc');
  assert.equal(second.state, 'running');
});

test('a server that cannot start is reported, and the commands still work', async () => {
  const { vscode } = await activate({
    settings: { 'intc.path': '/nowhere/intc' },
    startError: new Error('spawn /nowhere/intc ENOENT'),
  });
  assert.equal(vscode.calls.errors.length, 1);
  assert.match(vscode.calls.errors[0], /could not start the language server \(`\/nowhere\/intc lsp`\)/);
  assert.match(vscode.calls.errors[0], /intc\.path/);
  assert.ok(vscode.calls.commands.has('intc.run'));
});

test('deactivate stops the language client', async () => {
  const { extension, languageClient } = await activate();
  await extension.deactivate();
  assert.equal(languageClient.clients[0].state, 'stopped');
});

test('the restart command replaces the client', async () => {
  const { vscode, languageClient } = await activate();
  await vscode.commands.executeCommand('intc.restartServer');
  assert.equal(languageClient.clients.length, 2);
  assert.equal(languageClient.clients[0].state, 'stopped');
  assert.equal(languageClient.clients[1].state, 'running');
});

test('Run on a project file runs the project from its directory, after saving', async (t) => {
  const dir = scratch(t, {
    'Int.toml': '[package]\norg = "acme"\nname = "shop"\nversion = "0.1.0"\n',
    'main.int': 'public function main() {}\n',
    'modules/util/util.int': 'public function f() {}\n',
  });
  const { vscode } = await activate({ settings: { 'intc.path': '/opt/intc/bin/intc' } });
  const util = vscode.openDocument({ uri: Uri.file(path.join(dir, 'modules/util/util.int')), text: '', isDirty: true });
  const other = vscode.openDocument({ uri: Uri.file(path.join(dir, 'notes.txt')), text: '', languageId: 'plaintext', isDirty: true });
  vscode.showEditor(util);
  const terminal = await vscode.commands.executeCommand('intc.run');
  assert.equal(terminal.options.shellPath, '/opt/intc/bin/intc');
  assert.deepEqual(terminal.options.shellArgs, ['run', '.']);
  assert.equal(terminal.options.cwd, dir);
  assert.equal(terminal.options.name, 'intc run');
  assert.ok(terminal.shown);
  assert.equal(util.saves, 1, 'the edited program file is saved before the run');
  assert.equal(other.saves, 0, 'files of other languages are left alone');

  // A second run closes the first run's terminal (and so stops its services).
  const again = await vscode.commands.executeCommand('intc.run', Uri.file(path.join(dir, 'main.int')));
  assert.ok(terminal.disposed);
  assert.notEqual(again, terminal);
  assert.deepEqual(again.options.shellArgs, ['run', '.']);
});

test('Check on a lone file checks that file from its directory', async (t) => {
  const dir = scratch(t, { 'hello.int': 'public function main() {}\n' });
  const { vscode } = await activate();
  const terminal = await vscode.commands.executeCommand('intc.check', Uri.file(path.join(dir, 'hello.int')));
  assert.equal(terminal.options.shellPath, 'intc');
  assert.deepEqual(terminal.options.shellArgs, ['check', 'hello.int']);
  assert.equal(terminal.options.cwd, dir);
  assert.equal(terminal.options.name, 'intc check');
  // Run and Check keep separate terminals.
  const run = await vscode.commands.executeCommand('intc.run', Uri.file(path.join(dir, 'hello.int')));
  assert.equal(terminal.disposed, false);
  assert.deepEqual(run.options.shellArgs, ['run', 'hello.int']);
});

test('Run without a file, or on an unsaved one, explains itself', async () => {
  const { vscode } = await activate();
  assert.equal(await vscode.commands.executeCommand('intc.run'), undefined);
  assert.match(vscode.calls.errors.at(-1), /open an \.int file to run it/);
  const untitled = vscode.openDocument({ uri: Uri.untitled('Untitled-1'), text: 'x' });
  vscode.showEditor(untitled);
  assert.equal(await vscode.commands.executeCommand('intc.check'), undefined);
  assert.match(vscode.calls.errors.at(-1), /save the file before you check it/);
  assert.equal(vscode.calls.terminals.length, 0);
});

test('Format uses the server when it offers formatting', async () => {
  const { vscode } = await activate({ capabilities: { documentFormattingProvider: true } });
  vscode.showEditor(vscode.openDocument({ uri: Uri.file('/p/main.int'), text: 'int x=1;' }));
  const how = await vscode.commands.executeCommand('intc.format');
  assert.equal(how, 'server');
  assert.ok(vscode.calls.executed.some((call) => call.id === 'editor.action.formatDocument'));
});

test('Format falls back to `intc fmt` on a copy, applied as one edit', async (t) => {
  const log = path.join(scratch(t, {}), 'calls.log');
  process.env.FAKE_INTC_LOG = log;
  t.after(() => delete process.env.FAKE_INTC_LOG);
  const { vscode } = await activate({ settings: { 'intc.path': FAKE_INTC } });
  const document = vscode.openDocument({
    uri: Uri.file('/p/service.int'),
    text: 'public function main() {   \n    int x = 1;  \n}',
  });
  const editor = vscode.showEditor(document);
  assert.equal(await vscode.commands.executeCommand('intc.format'), 'intc fmt');
  assert.equal(document.getText(), 'public function main() {\n    int x = 1;\n}\n');
  assert.equal(editor.edits, 1);
  const [call] = fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(call.args[0], 'fmt');
  assert.equal(path.basename(call.args[1]), 'service.int');
  assert.notEqual(path.dirname(call.args[1]), '/p', 'the user file is not touched');
  assert.ok(!fs.existsSync(path.dirname(call.args[1])), 'the scratch copy is removed');

  // Formatted text formats to itself: no edit.
  assert.equal(await vscode.commands.executeCommand('intc.format'), 'unchanged');
  assert.equal(editor.edits, 1);
});

test('Format reports what `intc fmt` says when it fails', async () => {
  const { vscode } = await activate({ settings: { 'intc.path': FAKE_INTC } });
  const document = vscode.openDocument({ uri: Uri.file('/p/main.int'), text: 'syntax error here' });
  vscode.showEditor(document);
  assert.equal(await vscode.commands.executeCommand('intc.format'), undefined);
  assert.match(vscode.calls.errors.at(-1), /^intc fmt: .*main\.int:1:1: error\[E0001\]: expected a declaration/);
  assert.equal(document.getText(), 'syntax error here');
});

test('Format of a missing intc names the problem', async () => {
  const { vscode } = await activate({ settings: { 'intc.path': '/nowhere/intc' } });
  vscode.showEditor(vscode.openDocument({ uri: Uri.file('/p/main.int'), text: 'int x = 1;\n' }));
  assert.equal(await vscode.commands.executeCommand('intc.format'), undefined);
  assert.match(vscode.calls.errors.at(-1), /^intc fmt: .*ENOENT/);
});

test('the fake language client matches the real module surface the extension uses', () => {
  const entry = require.resolve('vscode-languageclient/node');
  const declarations = fs.readFileSync(entry.replace(/\.js$/, '.d.ts'), 'utf8');
  assert.match(declarations, /export declare class LanguageClient extends BaseLanguageClient/);
  assert.match(declarations, /constructor\(id: string, name: string, serverOptions: ServerOptions, clientOptions: LanguageClientOptions/);
  assert.match(declarations, /stdio = 0/);
  // The client needs this VS Code; the extension must not claim to run on an older one.
  const clientManifest = JSON.parse(fs.readFileSync(path.join(entry, '..', '..', '..', 'package.json'), 'utf8'));
  assert.equal(manifest.engines.vscode, clientManifest.engines.vscode);
});
