'use strict';
// A small stand-in for the `vscode` API module (which exists only inside VS Code), covering
// what the extension uses and recording what it is asked to do, plus a stand-in for
// `vscode-languageclient/node` that records the clients it creates. `loadExtension` injects
// both through Node's module loader and loads the extension's sources fresh.

const Module = require('node:module');
const path = require('node:path');

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
}

class Range {
  constructor(start, end) {
    this.start = start;
    this.end = end;
  }
}

class CodeLens {
  constructor(range, command) {
    this.range = range;
    this.command = command;
  }
}

class Uri {
  constructor(scheme, fsPath) {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
  }

  static file(fsPath) {
    return new Uri('file', path.resolve(fsPath));
  }

  static untitled(name) {
    return new Uri('untitled', name);
  }

  toString() {
    return `${this.scheme}:${this.fsPath}`;
  }
}

class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (listener) => {
      this.listeners.push(listener);
      return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
    };
  }

  fire(value) {
    for (const listener of [...this.listeners]) {
      listener(value);
    }
  }

  dispose() {
    this.listeners = [];
  }
}

/** A text document over `text`, with VS Code's offset/position arithmetic (UTF-16 units). */
class TextDocument {
  constructor({ uri, text, languageId = 'intc', isDirty = false, onSave }) {
    this.uri = uri;
    this.fileName = uri.fsPath;
    this.languageId = languageId;
    this.text = text;
    this.isDirty = isDirty;
    this.version = 1;
    this.saves = 0;
    this.onSave = onSave;
  }

  getText() {
    return this.text;
  }

  positionAt(offset) {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const before = this.text.slice(0, clamped);
    const line = before.split('\n').length - 1;
    return new Position(line, clamped - (before.lastIndexOf('\n') + 1));
  }

  offsetAt(position) {
    const lines = this.text.split('\n');
    let offset = 0;
    for (let i = 0; i < position.line && i < lines.length; i += 1) {
      offset += lines[i].length + 1;
    }
    return offset + position.character;
  }

  async save() {
    this.saves += 1;
    this.isDirty = false;
    if (this.onSave) {
      await this.onSave(this);
    }
    return true;
  }
}

/** An editor of `document` whose `edit` applies replacements the way VS Code does. */
class TextEditor {
  constructor(document) {
    this.document = document;
    this.edits = 0;
  }

  async edit(callback) {
    const replacements = [];
    callback({ replace: (range, text) => replacements.push({ range, text }) });
    const document = this.document;
    // Apply from the end so earlier offsets stay valid.
    replacements.sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
    for (const { range, text } of replacements) {
      const start = document.offsetAt(range.start);
      const end = document.offsetAt(range.end);
      document.text = document.text.slice(0, start) + text + document.text.slice(end);
    }
    document.version += 1;
    document.isDirty = true;
    this.edits += 1;
    return true;
  }
}

const disposable = () => ({ disposed: false, dispose() { this.disposed = true; } });

/** A fresh fake `vscode` module; `settings` maps full keys (`intc.path`) to values. */
function createVscode({ settings = {}, workspaceFolder } = {}) {
  const calls = {
    commands: new Map(),
    executed: [],
    codeLensProviders: [],
    terminals: [],
    errors: [],
    infos: [],
    watchers: [],
    outputChannels: [],
  };
  const configurationListeners = new EventEmitter();
  const closedTerminals = new EventEmitter();
  const vscode = {
    version: '1.95.0',
    Position,
    Range,
    CodeLens,
    Uri,
    EventEmitter,
    calls,
    settings,
    workspace: {
      workspaceFolders: workspaceFolder ? [{ uri: Uri.file(workspaceFolder), name: 'ws', index: 0 }] : undefined,
      textDocuments: [],
      getConfiguration(section) {
        return {
          get: (key, fallback) => {
            const full = section ? `${section}.${key}` : key;
            return Object.prototype.hasOwnProperty.call(settings, full) ? settings[full] : fallback;
          },
        };
      },
      onDidChangeConfiguration: configurationListeners.event,
      createFileSystemWatcher(glob) {
        const watcher = { glob, ...disposable() };
        calls.watchers.push(watcher);
        return watcher;
      },
    },
    window: {
      activeTextEditor: undefined,
      createOutputChannel(name) {
        const channel = { name, lines: [], appendLine: (line) => channel.lines.push(line), ...disposable() };
        calls.outputChannels.push(channel);
        return channel;
      },
      createTerminal(options) {
        const terminal = {
          options,
          name: options.name,
          shown: false,
          show() {
            this.shown = true;
          },
          disposed: false,
          dispose() {
            this.disposed = true;
            closedTerminals.fire(this);
          },
        };
        calls.terminals.push(terminal);
        return terminal;
      },
      onDidCloseTerminal: closedTerminals.event,
      showErrorMessage: async (message) => {
        calls.errors.push(message);
      },
      showInformationMessage: async (message) => {
        calls.infos.push(message);
      },
    },
    commands: {
      registerCommand(id, callback) {
        if (calls.commands.has(id)) {
          throw new Error(`command '${id}' already exists`);
        }
        calls.commands.set(id, callback);
        return { dispose: () => calls.commands.delete(id) };
      },
      async executeCommand(id, ...args) {
        calls.executed.push({ id, args });
        const command = calls.commands.get(id);
        return command ? command(...args) : undefined;
      },
    },
    languages: {
      registerCodeLensProvider(selector, provider) {
        const registration = { selector, provider, ...disposable() };
        calls.codeLensProviders.push(registration);
        return registration;
      },
    },
  };
  /** Tells the extension that settings changed (after editing `settings`). */
  vscode.changeSettings = (changes) => {
    Object.assign(settings, changes);
    configurationListeners.fire({
      affectsConfiguration: (section) => Object.keys(changes).some((key) => key === section || key.startsWith(`${section}.`)),
    });
  };
  vscode.openDocument = (options) => {
    const document = new TextDocument(options);
    vscode.workspace.textDocuments.push(document);
    return document;
  };
  vscode.showEditor = (document) => {
    const editor = new TextEditor(document);
    vscode.window.activeTextEditor = editor;
    return editor;
  };
  return vscode;
}

/**
 * A fresh fake `vscode-languageclient/node`: `LanguageClient` records its arguments in
 * `clients`; `start` resolves (or rejects with `startError`) and `initializeResult` is what
 * `capabilities` says the server offers.
 */
function createLanguageClientModule({ startError, capabilities = {} } = {}) {
  const clients = [];
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      this.id = id;
      this.name = name;
      this.serverOptions = serverOptions;
      this.clientOptions = clientOptions;
      this.state = 'created';
      clients.push(this);
    }

    async start() {
      if (startError) {
        this.state = 'failed';
        throw startError;
      }
      this.state = 'running';
      this.initializeResult = { capabilities };
    }

    async stop() {
      this.state = 'stopped';
    }

    isRunning() {
      return this.state === 'running';
    }
  }
  return { LanguageClient, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 }, clients };
}

const SOURCE_DIR = path.join(__dirname, '..', 'src');

/** Loads `src/extension.js` afresh with `vscode` and the language client replaced. */
function loadExtension(vscode, languageClient) {
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(SOURCE_DIR + path.sep)) {
      delete require.cache[key];
    }
  }
  const overrides = { vscode, 'vscode-languageclient/node': languageClient };
  const originalLoad = Module._load;
  Module._load = function load(request, parent, isMain) {
    if (Object.prototype.hasOwnProperty.call(overrides, request)) {
      return overrides[request];
    }
    return originalLoad.call(this, request, parent, isMain);
  };
  try {
    return require(path.join(SOURCE_DIR, 'extension.js'));
  } finally {
    Module._load = originalLoad;
  }
}

/** A context like the one VS Code hands to `activate`. */
function createContext() {
  return { subscriptions: [] };
}

module.exports = {
  createVscode,
  createLanguageClientModule,
  loadExtension,
  createContext,
  Uri,
};
