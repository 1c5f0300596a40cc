'use strict';
// The "Run" code lens above `function main` and above each `service` declaration.

const vscode = require('vscode');
const { findRunTargets } = require('./scan');
const { programOf } = require('./paths');

class RunLensProvider {
  constructor() {
    this.changed = new vscode.EventEmitter();
    // VS Code re-asks for lenses when this fires (the setting was switched).
    this.onDidChangeCodeLenses = this.changed.event;
  }

  refresh() {
    this.changed.fire();
  }

  provideCodeLenses(document) {
    if (!vscode.workspace.getConfiguration('intc').get('codeLens.enable', true)) {
      return [];
    }
    // A `main` outside the root module of a project is not what `intc run` runs.
    const file = document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
    const mainIsEntry = file === undefined || programOf(file).entry;
    const lenses = [];
    for (const target of findRunTargets(document.getText())) {
      if (target.kind === 'main' && !mainIsEntry) {
        continue;
      }
      const position = document.positionAt(target.offset);
      const range = new vscode.Range(position, position);
      const tooltip =
        target.kind === 'main'
          ? 'Run the program (intc run)'
          : `Run the program, starting this service${target.name ? ` (${target.name})` : ''}`;
      lenses.push(
        new vscode.CodeLens(range, {
          title: 'Run',
          tooltip,
          command: 'intc.run',
          arguments: [document.uri],
        }),
      );
    }
    return lenses;
  }

  dispose() {
    this.changed.dispose();
  }
}

module.exports = { RunLensProvider };
