'use strict';
// The command lines the Run and Check commands give their terminals, run with the real intc:
// the repository's own build (`target/debug/intc`, which CI's cargo test step builds before
// these tests run), or the binary the INTC_BIN environment variable names. Build it first
// with `cargo build -p intc`.

const test = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
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

const REPOSITORY = path.join(__dirname, '..', '..', '..');
const INTC =
  process.env.INTC_BIN ||
  path.join(REPOSITORY, 'target', 'debug', process.platform === 'win32' ? 'intc.exe' : 'intc');

function requireIntc() {
  assert.ok(fs.existsSync(INTC), `no intc at ${INTC}: build it with \`cargo build -p intc\` or set INTC_BIN`);
}

/** Runs `command` on `file` through the extension and then runs its terminal's process. */
async function runThroughExtension(command, file) {
  const vscode = createVscode({ settings: { 'intc.path': INTC } });
  const extension = loadExtension(vscode, createLanguageClientModule());
  await extension.activate(createContext());
  const terminal = await vscode.commands.executeCommand(command, Uri.file(file));
  const { shellPath, shellArgs, cwd } = terminal.options;
  const result = childProcess.spawnSync(shellPath, shellArgs, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { terminal, ...result };
}

test('Run on a project file runs the project with intc', async () => {
  requireIntc();
  const result = await runThroughExtension('intc.run', path.join(REPOSITORY, 'examples', 'hello', 'main.int'));
  assert.deepEqual(result.terminal.options.shellArgs, ['run', '.']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^Hello from intc!$/m);
});

test('Run and Check on a lone file', async (t) => {
  requireIntc();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intc-vscode-cli-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const good = path.join(dir, 'greet.int');
  fs.writeFileSync(good, 'import ballerina/io;\n\npublic function main() {\n    io:println(string `sum ${1 + 2}`);\n}\n');
  const run = await runThroughExtension('intc.run', good);
  assert.deepEqual(run.terminal.options.shellArgs, ['run', 'greet.int']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'sum 3\n');

  const checked = await runThroughExtension('intc.check', good);
  assert.equal(checked.status, 0, checked.stderr);

  const bad = path.join(dir, 'bad.int');
  fs.writeFileSync(bad, 'public function main() {\n    int x = "text";\n}\n');
  const failed = await runThroughExtension('intc.check', bad);
  assert.deepEqual(failed.terminal.options.shellArgs, ['check', 'bad.int']);
  assert.equal(failed.status, 2);
  assert.match(failed.stdout + failed.stderr, /incompatible types/);
});
