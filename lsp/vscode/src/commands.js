'use strict';
// The Run, Check and Format commands.

const vscode = require('vscode');
const childProcess = require('node:child_process');
const fs = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { programOf } = require('./paths');
const { intcPath } = require('./settings');

/** How long `intc fmt` may take before the command gives up on it. */
const FORMAT_TIMEOUT_MS = 30_000;

/**
 * `intc run` or `intc check` on the program `uri` (or the active editor's file) belongs to, in
 * a terminal of its own: a project is run as a whole from its directory, a lone file by name
 * from its directory. The previous terminal of the same command is closed first, so a re-run
 * stops the service the last run started. Resolves to the terminal, or undefined when there
 * is nothing to run.
 */
async function runInTerminal(state, verb, uri) {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    vscode.window.showErrorMessage(`intc: open an .int file to ${verb} it.`);
    return undefined;
  }
  if (target.scheme !== 'file') {
    vscode.window.showErrorMessage(`intc: save the file before you ${verb} it.`);
    return undefined;
  }
  // The program is read from disk, so unsaved edits of its files go there first.
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && document.languageId === 'intc' && document.uri.scheme === 'file') {
      await document.save();
    }
  }
  const program = programOf(target.fsPath);
  const previous = state.terminals.get(verb);
  if (previous) {
    previous.dispose();
  }
  const terminal = vscode.window.createTerminal({
    name: `intc ${verb}`,
    // intc itself is the terminal's process: no shell, so no quoting of paths.
    shellPath: intcPath(),
    shellArgs: [verb, program.target],
    cwd: program.cwd,
  });
  state.terminals.set(verb, terminal);
  terminal.show(true);
  return terminal;
}

/**
 * Formats the active intc document: through the language server when it offers formatting,
 * otherwise with `intc fmt` on a copy of the text, applied as one undoable edit. Resolves to
 * how it was done: 'server', 'intc fmt', 'unchanged' or undefined (nothing to format or an
 * error, which is shown).
 */
async function formatActiveDocument(state) {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'intc') {
    vscode.window.showInformationMessage('intc: open an .int file to format it.');
    return undefined;
  }
  const client = state.client;
  if (client?.isRunning() && client.initializeResult?.capabilities?.documentFormattingProvider) {
    await vscode.commands.executeCommand('editor.action.formatDocument');
    return 'server';
  }
  const document = editor.document;
  const text = document.getText();
  const version = document.version;
  let formatted;
  try {
    formatted = await formatText(intcPath(), text, path.basename(document.fileName));
  } catch (error) {
    vscode.window.showErrorMessage(`intc fmt: ${error instanceof Error ? error.message : error}`);
    return undefined;
  }
  if (formatted === text) {
    return 'unchanged';
  }
  if (document.version !== version) {
    // The text changed while intc ran: its answer is for text that no longer exists.
    return undefined;
  }
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(text.length));
  await editor.edit((builder) => builder.replace(whole, formatted));
  return 'intc fmt';
}

/**
 * `intc fmt` over `text`: written to a scratch file named like the document (the formatter
 * works on files), formatted in place, read back. Throws with intc's message when it fails.
 */
async function formatText(command, text, name) {
  const fileName = name.endsWith('.int') ? name : 'main.int';
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'intc-fmt-'));
  try {
    const file = path.join(dir, fileName);
    await fs.writeFile(file, text, 'utf8');
    await execFile(command, ['fmt', file], { cwd: dir, timeout: FORMAT_TIMEOUT_MS });
    return await fs.readFile(file, 'utf8');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function execFile(command, args, options) {
  return new Promise((resolve, reject) => {
    childProcess.execFile(command, args, options, (error, stdout, stderr) => {
      if (error) {
        const detail = String(stderr || stdout || '').trim() || error.message;
        reject(new Error(detail));
      } else {
        resolve(stdout);
      }
    });
  });
}

module.exports = { runInTerminal, formatActiveDocument, formatText };
