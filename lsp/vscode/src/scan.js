'use strict';
// Finds where the "Run" code lenses go: `function main` and module-level `service`
// declarations. This is a small scanner, not the compiler's parser: it skips comments, string
// literals, templates (with their `${...}` interpolations, nested to any depth) and quoted
// identifiers, and tracks bracket depth so that only module-level declarations count. It never
// throws, whatever the text, so half-typed code just yields fewer lenses.

const IDENT_START = /[\p{L}_\\]/u;
const IDENT_PART = /[\p{L}\p{N}_\\]/u;

/**
 * The module-level tokens of `text` that matter for finding declarations: identifiers
 * (keywords included; quoted identifiers keep their quote so `'service` is not `service`) and
 * the punctuation `{ } ( ) [ ] ; @ :`, each with its offset and the bracket depth before it.
 * Tokens inside template interpolations are skipped: no declaration can be there.
 */
function moduleTokens(text) {
  const tokens = [];
  // The mode stack: 'code' at the bottom; a template pushes 'template', and `${` inside one
  // pushes an interpolation, which counts its own braces to find the `}` that closes it.
  const modes = [{ kind: 'code', braces: 0 }];
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const mode = modes[modes.length - 1];
    if (mode.kind === 'template') {
      const tick = text.indexOf('`', i);
      const interpolation = text.indexOf('${', i);
      if (tick < 0 && interpolation < 0) {
        break;
      }
      if (interpolation >= 0 && (tick < 0 || interpolation < tick)) {
        modes.push({ kind: 'interpolation', braces: 0 });
        i = interpolation + 2;
      } else {
        modes.pop();
        i = tick + 1;
      }
      continue;
    }
    const topLevel = modes.length === 1;
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      i = lineEnd(text, i);
      continue;
    }
    if (c === '#') {
      i = lineEnd(text, i);
      continue;
    }
    if (c === '"') {
      i = stringEnd(text, i + 1);
      continue;
    }
    if (c === '`') {
      modes.push({ kind: 'template' });
      i += 1;
      continue;
    }
    if (c === "'" || IDENT_START.test(c)) {
      const start = i;
      i += 1;
      while (i < n) {
        if (text[i] === '\\') {
          i += 2;
        } else if (IDENT_PART.test(text[i])) {
          i += 1;
        } else {
          break;
        }
      }
      i = Math.min(i, n);
      if (topLevel) {
        tokens.push({ text: text.slice(start, i), offset: start, depth });
      }
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < n && /[\p{L}\p{N}_.]/u.test(text[i])) {
        i += 1;
      }
      continue;
    }
    if (mode.kind === 'interpolation') {
      if (c === '{') {
        mode.braces += 1;
      } else if (c === '}') {
        if (mode.braces === 0) {
          modes.pop();
        } else {
          mode.braces -= 1;
        }
      }
      i += 1;
      continue;
    }
    if ('{([;@:'.includes(c) || '})]'.includes(c)) {
      if ('})]'.includes(c)) {
        depth = Math.max(0, depth - 1);
      }
      tokens.push({ text: c, offset: i, depth });
      if ('{(['.includes(c)) {
        depth += 1;
      }
    }
    i += 1;
  }
  return tokens;
}

function lineEnd(text, i) {
  const end = text.indexOf('\n', i);
  return end < 0 ? text.length : end;
}

/** The offset after a string literal whose text starts at `i` (it ends at `"` or a line end). */
function stringEnd(text, i) {
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '"') {
      return i + 1;
    } else if (c === '\n') {
      return i;
    } else {
      i += 1;
    }
  }
  return text.length;
}

// Qualifiers that may stand before `function` or `service` in a module-level declaration.
const QUALIFIERS = new Set(['public', 'isolated', 'transactional']);

/**
 * Skips backwards from token index `k` over qualifiers and annotations (`@a`, `@m:a`, with an
 * optional `{...}` value) and returns the index of the first token of the declaration.
 */
function declarationStart(tokens, k) {
  let start = k;
  for (;;) {
    const previous = tokens[start - 1];
    if (previous && QUALIFIERS.has(previous.text)) {
      start -= 1;
      continue;
    }
    const annotation = annotationBefore(tokens, start);
    if (annotation === undefined) {
      return start;
    }
    start = annotation;
  }
}

/** If an annotation ends just before token index `k`, the index of its `@`. */
function annotationBefore(tokens, k) {
  let j = k - 1;
  const last = tokens[j];
  if (!last) {
    return undefined;
  }
  if (last.text === '}' && last.depth === 0) {
    // An annotation value: find its `{` at the same depth.
    let open = j - 1;
    while (open >= 0 && !(tokens[open].text === '{' && tokens[open].depth === 0)) {
      open -= 1;
    }
    if (open < 0) {
      return undefined;
    }
    j = open - 1;
  }
  // `@name` or `@prefix:name`
  if (!isIdentifier(tokens[j])) {
    return undefined;
  }
  if (tokens[j - 1]?.text === ':' && isIdentifier(tokens[j - 2])) {
    j -= 2;
  }
  return tokens[j - 1]?.text === '@' ? j - 1 : undefined;
}

function isIdentifier(token) {
  return token !== undefined && /^['\p{L}_\\]/u.test(token.text);
}

/**
 * Where a declaration may begin: at the start of the file or after `;` or `}` closing the
 * previous module-level declaration.
 */
function startsDeclaration(tokens, k) {
  const previous = tokens[k - 1];
  return previous === undefined || previous.text === ';' || previous.text === '}';
}

/**
 * The "Run" targets of a source text: `{ kind: 'main' | 'service', offset, name }` for every
 * module-level `function main(` and `service` declaration, `offset` being where the
 * declaration starts (its first qualifier or annotation).
 */
function findRunTargets(text) {
  const tokens = moduleTokens(String(text));
  const targets = [];
  for (let k = 0; k < tokens.length; k += 1) {
    const token = tokens[k];
    if (token.depth !== 0) {
      continue;
    }
    if (
      token.text === 'function' &&
      tokens[k + 1]?.text === 'main' &&
      tokens[k + 2]?.text === '('
    ) {
      const start = declarationStart(tokens, k);
      if (startsDeclaration(tokens, start)) {
        targets.push({ kind: 'main', offset: tokens[start].offset, name: 'main' });
      }
    } else if (
      token.text === 'service' &&
      tokens[k + 1]?.text !== 'object' &&
      tokens[k + 1]?.text !== 'class'
    ) {
      const start = declarationStart(tokens, k);
      if (startsDeclaration(tokens, start)) {
        targets.push({ kind: 'service', offset: tokens[start].offset, name: servicePath(text, tokens, k) });
      }
    }
  }
  return targets;
}

/** The text between `service` and `on` (the attach point), for the lens tooltip. */
function servicePath(text, tokens, k) {
  let j = k + 1;
  while (j < tokens.length && tokens[j].text !== 'on' && tokens[j].text !== '{') {
    j += 1;
  }
  const from = tokens[k].offset + 'service'.length;
  const to = j < tokens.length ? tokens[j].offset : text.length;
  return text.slice(from, to).replace(/\s+/g, ' ').trim();
}

module.exports = { findRunTargets, moduleTokens };
