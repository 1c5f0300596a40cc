'use strict';
// `intc.path` resolution and which program a file belongs to.

const test = require('node:test');
const assert = require('node:assert/strict');
const os = require('node:os');
const path = require('node:path');
const { resolveIntcPath, findProjectRoot, programOf } = require('../src/paths');

const WORKSPACE = path.resolve('/ws/shop');

test('intc.path: empty means intc on PATH, a bare name stays a name', () => {
  assert.equal(resolveIntcPath('', WORKSPACE), 'intc');
  assert.equal(resolveIntcPath('   ', WORKSPACE), 'intc');
  assert.equal(resolveIntcPath(undefined, WORKSPACE), 'intc');
  assert.equal(resolveIntcPath(42, WORKSPACE), 'intc');
  assert.equal(resolveIntcPath('intc-nightly', WORKSPACE), 'intc-nightly');
});

test('intc.path: ~, ${workspaceFolder} and relative paths', () => {
  assert.equal(resolveIntcPath('~/bin/intc', WORKSPACE), path.join(os.homedir(), 'bin', 'intc'));
  assert.equal(resolveIntcPath('${workspaceFolder}/target/debug/intc', WORKSPACE), path.join(WORKSPACE, 'target', 'debug', 'intc'));
  assert.equal(resolveIntcPath('target/release/intc', WORKSPACE), path.join(WORKSPACE, 'target', 'release', 'intc'));
  assert.equal(resolveIntcPath('/opt/intc/bin/intc', WORKSPACE), '/opt/intc/bin/intc');
  // Without a workspace folder a relative path is left as written.
  assert.equal(resolveIntcPath('./intc', undefined), './intc');
});

/** An `exists` that knows only the given manifests. */
const manifests = (...dirs) => (file) => dirs.some((dir) => path.join(path.resolve(dir), 'Int.toml') === file);

test('a file in a project belongs to the project', () => {
  const exists = manifests('/ws/shop');
  assert.equal(findProjectRoot('/ws/shop/modules/util/util.int', exists), path.resolve('/ws/shop'));
  assert.deepEqual(programOf('/ws/shop/main.int', exists), {
    cwd: path.resolve('/ws/shop'),
    target: '.',
    entry: true,
    project: path.resolve('/ws/shop'),
  });
  const inModule = programOf('/ws/shop/modules/util/util.int', exists);
  assert.equal(inModule.target, '.');
  assert.equal(inModule.entry, false, "a module's main is not the program's entry point");
});

test('a lone file is its own program, and the nearest project wins', () => {
  assert.deepEqual(programOf('/ws/scratch/hello.int', manifests()), {
    cwd: path.resolve('/ws/scratch'),
    target: 'hello.int',
    entry: true,
    project: undefined,
  });
  const nested = manifests('/ws', '/ws/shop');
  assert.equal(findProjectRoot('/ws/shop/main.int', nested), path.resolve('/ws/shop'));
  assert.equal(findProjectRoot('/ws/other/main.int', nested), path.resolve('/ws'));
});
