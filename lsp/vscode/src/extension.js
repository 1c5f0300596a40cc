'use strict';
// The intc extension: starts the language server (`intc lsp` over stdio), registers the Run,
// Check and Format commands and the "Run" code lens. Plain JavaScript, so there is no compile
// step between the sources and the .vsix.

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { RunLensProvider } = require('./lens');
const { intcPath } = require('./settings');
const commands = require('./commands');

/** The running extension, so `deactivate` can stop what `activate` started. */
let current;

async function activate(context) {
  const output = vscode.window.createOutputChannel('intc');
  const state = { client: undefined, output, terminals: new Map() };
  current = state;
  const lenses = new RunLensProvider();
  context.subscriptions.push(
    output,
    lenses,
    vscode.commands.registerCommand('intc.run', (uri) => commands.runInTerminal(state, 'run', uri)),
    vscode.commands.registerCommand('intc.check', (uri) => commands.runInTerminal(state, 'check', uri)),
    vscode.commands.registerCommand('intc.format', () => commands.formatActiveDocument(state)),
    vscode.commands.registerCommand('intc.restartServer', () => restartClient(state)),
    vscode.languages.registerCodeLensProvider({ language: 'intc' }, lenses),
    vscode.window.onDidCloseTerminal((terminal) => {
      for (const [verb, open] of state.terminals) {
        if (open === terminal) {
          state.terminals.delete(verb);
        }
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('intc.path')) {
        restartClient(state);
      }
      if (event.affectsConfiguration('intc.codeLens')) {
        lenses.refresh();
      }
    }),
  );
  // Activation does not wait for the server: a missing intc must not block the commands.
  startClient(state);
  return { client: () => state.client };
}

/** Creates and starts the language client; failures are reported, never thrown. */
function startClient(state) {
  const command = intcPath();
  const serverOptions = {
    command,
    args: ['lsp'],
    transport: TransportKind.stdio,
    options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
  };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'intc' }],
    synchronize: {
      // Other files of the program change on disk too (git checkout, code generators).
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.int,Int.toml,Config.toml}'),
    },
    outputChannel: state.output,
  };
  const client = new LanguageClient('intc', 'intc language server', serverOptions, clientOptions);
  state.client = client;
  const started = Promise.resolve()
    .then(() => client.start())
    .catch((error) => {
      const message = error instanceof Error ? error.message : String(error);
      state.output.appendLine(`could not start \`${command} lsp\`: ${message}`);
      vscode.window.showErrorMessage(
        `intc: could not start the language server (\`${command} lsp\`): ${message}. ` +
          'Set `intc.path` to the intc executable.',
      );
    });
  state.starting = started;
  return started;
}

async function stopClient(state) {
  const client = state.client;
  state.client = undefined;
  if (client) {
    try {
      await client.stop();
    } catch (error) {
      // A server that never started or already died has nothing left to stop.
      state.output.appendLine(`stopping the language server: ${error}`);
    }
  }
}

async function restartClient(state) {
  await stopClient(state);
  return startClient(state);
}

async function deactivate() {
  const state = current;
  current = undefined;
  if (state) {
    await stopClient(state);
  }
}

module.exports = { activate, deactivate };
