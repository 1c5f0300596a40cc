'use strict';
// Loads syntaxes/intc.tmLanguage.json with the same TextMate engine VS Code uses
// (vscode-textmate on the Oniguruma WebAssembly build) and tokenizes text with it.

const fs = require('node:fs');
const path = require('node:path');
const textmate = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR_PATH = path.join(__dirname, '..', 'syntaxes', 'intc.tmLanguage.json');
const SCOPE = 'source.intc';

let loaded;

/** The grammar, loaded once per process. */
function loadGrammar() {
  if (!loaded) {
    loaded = (async () => {
      const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
      await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
      const registry = new textmate.Registry({
        onigLib: Promise.resolve({
          createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
          createOnigString: (text) => new oniguruma.OnigString(text),
        }),
        loadGrammar: async (scopeName) => {
          if (scopeName !== SCOPE) {
            return null;
          }
          return textmate.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
        },
      });
      const grammar = await registry.loadGrammar(SCOPE);
      if (!grammar) {
        throw new Error(`grammar ${SCOPE} did not load`);
      }
      return grammar;
    })();
  }
  return loaded;
}

/**
 * Tokenizes `text` line by line. Returns `{ tokens, endStack }`: every token as
 * `{ line, text, scopes }` and the rule stack after the last line (its depth tells whether a
 * region such as a template or string was left open).
 */
async function tokenize(text) {
  const grammar = await loadGrammar();
  const tokens = [];
  let stack = textmate.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, stack);
    for (const token of result.tokens) {
      tokens.push({
        line,
        text: lineText.slice(token.startIndex, token.endIndex),
        scopes: token.scopes,
      });
    }
    stack = result.ruleStack;
  });
  return { tokens, endStack: stack };
}

/** How many regions are open in a rule stack (0 at the top level of the file). */
function openRegions(stack) {
  let depth = 0;
  for (let frame = stack; frame && frame.parent; frame = frame.parent) {
    depth += 1;
  }
  return depth;
}

module.exports = { loadGrammar, tokenize, openRegions, GRAMMAR_PATH };
