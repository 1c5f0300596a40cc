'use strict';
// The extension's settings, read where they are used so a change applies at once.

const vscode = require('vscode');
const { resolveIntcPath } = require('./paths');

/** The intc executable the `intc.path` setting names, for the first workspace folder. */
function intcPath() {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return resolveIntcPath(vscode.workspace.getConfiguration('intc').get('path', 'intc'), folder);
}

module.exports = { intcPath };
