'use strict';
// Path questions that need no VS Code API: which executable `intc.path` names, and which
// program a file belongs to (its project, or the file alone).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * The intc executable from the `intc.path` setting: empty means `intc` on `PATH`; `~` and
 * `${workspaceFolder}` are expanded; a relative path with a directory part is taken from the
 * workspace folder (a bare name is left for `PATH` lookup).
 */
function resolveIntcPath(setting, workspaceFolder) {
  let value = typeof setting === 'string' ? setting.trim() : '';
  if (value === '') {
    return 'intc';
  }
  if (workspaceFolder) {
    value = value.split('${workspaceFolder}').join(workspaceFolder);
  }
  if (value === '~' || value.startsWith('~/') || value.startsWith('~\\')) {
    value = path.join(os.homedir(), value.slice(1));
  }
  const hasDirectory = value.includes('/') || value.includes('\\');
  if (hasDirectory && !path.isAbsolute(value) && workspaceFolder) {
    value = path.resolve(workspaceFolder, value);
  }
  return value;
}

/** The nearest directory at or above `file`'s directory that holds `Int.toml`, if any. */
function findProjectRoot(file, exists = fs.existsSync) {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (exists(path.join(dir, 'Int.toml'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

/**
 * What `intc run`/`intc check` should be given for `file`: the project directory when the file
 * is part of a project (run from there, as `.`), otherwise the file itself (run from its
 * directory, by name). `entry` tells whether the file's `main` is the program's entry point:
 * a lone file's is, and so is a project's root module (the files beside `Int.toml`).
 */
function programOf(file, exists = fs.existsSync) {
  const absolute = path.resolve(file);
  const root = findProjectRoot(absolute, exists);
  if (root !== undefined) {
    return { cwd: root, target: '.', entry: path.dirname(absolute) === root, project: root };
  }
  return {
    cwd: path.dirname(absolute),
    target: path.basename(absolute),
    entry: true,
    project: undefined,
  };
}

module.exports = { resolveIntcPath, findProjectRoot, programOf };
