'use strict';
// The TextMate grammar, run by the engine VS Code uses (vscode-textmate + vscode-oniguruma):
// the scopes of sample snippets, and every program of the repository tokenizes cleanly.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize, openRegions, GRAMMAR_PATH } = require('../test-support/grammar');
const { grammarJson } = require('../syntaxes/build-grammar');

const REPOSITORY = path.join(__dirname, '..', '..', '..');

/**
 * Asserts that in `source` the `nth` (0-based) token whose text is `text` carries `scope`
 * (a prefix match on one of its scopes, so 'string.template' matches
 * 'string.template.intc').
 */
async function expectScope(source, text, scope, nth = 0) {
  const { tokens } = await tokenize(source);
  const matching = tokens.filter((token) => token.text === text);
  assert.ok(matching.length > nth, `no token ${JSON.stringify(text)} (#${nth}) in ${JSON.stringify(source)}: ${describe(tokens)}`);
  const token = matching[nth];
  assert.ok(
    token.scopes.some((s) => s === scope || s.startsWith(`${scope}.`)),
    `${JSON.stringify(text)} has ${token.scopes.join(' ')}, not ${scope}`,
  );
}

async function expectNoScope(source, text, scope) {
  const { tokens } = await tokenize(source);
  for (const token of tokens.filter((t) => t.text === text)) {
    assert.ok(
      !token.scopes.some((s) => s === scope || s.startsWith(`${scope}.`)),
      `${JSON.stringify(text)} has ${token.scopes.join(' ')}`,
    );
  }
}

function describe(tokens) {
  return tokens.map((t) => `${JSON.stringify(t.text)}=${t.scopes.at(-1)}`).join(' ');
}

test('the committed grammar is what syntaxes/build-grammar.js builds', () => {
  assert.equal(
    fs.readFileSync(GRAMMAR_PATH, 'utf8'),
    grammarJson(),
    'run `node syntaxes/build-grammar.js` after editing it',
  );
});

test('keywords, storage and types', async () => {
  const source = 'public isolated function f(int a) returns string|error { if a > 0 { return check g(); } foreach var x in [1] { } }';
  await expectScope(source, 'public', 'storage.modifier');
  await expectScope(source, 'isolated', 'storage.modifier');
  await expectScope(source, 'function', 'storage.type.function');
  await expectScope(source, 'f', 'entity.name.function');
  await expectScope(source, 'int', 'support.type.primitive');
  await expectScope(source, 'returns', 'keyword.other');
  await expectScope(source, 'string', 'support.type.primitive');
  await expectScope(source, 'error', 'support.type.primitive');
  await expectScope(source, 'if', 'keyword.control.conditional');
  await expectScope(source, 'return', 'keyword.control.flow');
  await expectScope(source, 'check', 'keyword.control.flow');
  await expectScope(source, 'foreach', 'keyword.control.loop');
  await expectScope(source, 'in', 'keyword.control.loop');
  await expectScope(source, 'var', 'storage.type');
  await expectScope(source, 'g', 'entity.name.function');
});

test('declarations name their types', async () => {
  await expectScope('type Album record {| string id; |};', 'Album', 'entity.name.type');
  await expectScope('type Album record {| string id; |};', '{|', 'punctuation.definition.record');
  await expectScope('type Album record {| string id; |};', '|}', 'punctuation.definition.record');
  await expectScope('class Counter { }', 'Counter', 'entity.name.type');
  await expectScope('enum Color { RED }', 'Color', 'entity.name.type');
  await expectScope('listener http:Listener ep = new (8080);', 'listener', 'storage.type');
  await expectScope('configurable int port = 9090;', 'configurable', 'storage.modifier');
  await expectScope('worker w1 { }', 'w1', 'entity.name.function.worker');
  await expectScope('xmlns "urn:a" as ns;', 'xmlns', 'storage.type.xmlns');
  await expectScope('xmlns "urn:a" as ns;', 'ns', 'entity.name.namespace');
  await expectScope('function init() { self.n = 0; }', 'self', 'variable.language.self');
});

test('a quoted identifier is not a keyword', async () => {
  await expectScope("Order 'order = o; io:println('order.id);", "'order", 'variable.other.quoted');
  await expectNoScope("int 'service = 1;", "'service", 'storage.type');
});

test('string literals and their escapes', async () => {
  const source = 'string s = "a\\tb\\u{1F600}\\"c\\q";';
  await expectScope(source, '"', 'punctuation.definition.string.begin');
  await expectScope(source, 'a', 'string.quoted.double');
  await expectScope(source, '\\t', 'constant.character.escape');
  await expectScope(source, '\\u{1F600}', 'constant.character.escape');
  await expectScope(source, '\\"', 'constant.character.escape');
  await expectScope(source, '\\q', 'invalid.illegal.escape');
  // A string ends at the end of its line, so one unterminated string does not colour the file.
  const { tokens } = await tokenize('string s = "open\nint x = 1;');
  assert.ok(tokens.find((t) => t.text === 'int').scopes.includes('support.type.primitive.intc'));
});

test('numbers', async () => {
  await expectScope('int a = 42;', '42', 'constant.numeric.decimal');
  await expectScope('int a = 0xFF;', '0xFF', 'constant.numeric.hex');
  await expectScope('float a = 1.5e3f;', '1.5e3f', 'constant.numeric.decimal.float');
  await expectScope('decimal a = 2.50d;', '2.50d', 'constant.numeric.decimal.float');
  await expectScope('float a = .5;', '.5', 'constant.numeric.decimal.float');
  await expectScope('float a = 0x1.8p3;', '0x1.8p3', 'constant.numeric.hex.float');
  await expectScope('boolean b = true; any n = null;', 'true', 'constant.language.boolean');
  await expectScope('boolean b = true; any n = null;', 'null', 'constant.language.null');
});

test('line comments and # documentation', async () => {
  await expectScope('int x = 1; // service on ep', ' service on ep', 'comment.line.double-slash');
  await expectScope('int x = 1; // service on ep', '//', 'punctuation.definition.comment');
  const doc = '# Adds numbers.\n# + a - the first `int`\n# + return - the sum\nfunction add(int a) returns int => a;';
  await expectScope(doc, ' Adds numbers.', 'comment.line.documentation');
  await expectScope(doc, '+', 'keyword.other.documentation');
  await expectScope(doc, 'a', 'variable.parameter.documentation');
  await expectScope(doc, '`int`', 'markup.inline.raw');
  await expectScope(doc, 'return', 'keyword.other.documentation.return');
  await expectScope(doc, 'add', 'entity.name.function');
});

test('string templates and nested interpolations', async () => {
  const source = 'string s = string `Hi ${name}, ${ {a: 1}["a"] } ${string `in ${x}`}`;';
  await expectScope(source, 'string', 'storage.type.template', 1);
  await expectScope(source, 'Hi ', 'string.template');
  await expectScope(source, '${', 'punctuation.definition.template-expression.begin');
  await expectScope(source, 'name', 'meta.embedded.line');
  // The mapping's `}` does not end the interpolation: `"a"` is still code.
  await expectScope(source, 'a', 'string.quoted.double', 1);
  await expectScope(source, 'in ', 'string.template');
  await expectScope(source, 'x', 'meta.template.expression');
  const { tokens, endStack } = await tokenize(`${source}\nint after = 1;`);
  assert.equal(openRegions(endStack), 0);
  const after = tokens.find((t) => t.text.trim() === 'after');
  assert.deepEqual(after.scopes, ['source.intc'], 'code after the template is top level');
});

test('raw templates and byte array literals', async () => {
  await expectScope('object {} t = `a ${b}`;', 'a ', 'string.template.raw');
  await expectScope('byte[] b = base16 `aa bb`;', 'base16', 'storage.type.template');
  await expectScope('byte[] b = base64 `AAEC`;', 'AAEC', 'string.quoted.other.bytes');
});

test('xml templates: tags, attributes, comments, entities and interpolations', async () => {
  const source =
    'xml x = xml `<ns:order id="${o.id}" kind=\'new\'><!-- note --><item>${name}&amp;</item><?pi x?><![CDATA[<raw>]]></ns:order>`;';
  await expectScope(source, 'xml', 'storage.type.template', 1);
  await expectScope(source, '<', 'punctuation.definition.tag.begin.xml');
  await expectScope(source, 'ns', 'entity.name.tag.namespace.xml');
  await expectScope(source, 'order', 'entity.name.tag.localname.xml');
  await expectScope(source, 'id', 'entity.other.attribute-name.localname.xml');
  await expectScope(source, 'o', 'meta.template.expression');
  await expectScope(source, 'o', 'string.quoted.double.xml');
  await expectScope(source, 'new', 'string.quoted.single.xml');
  await expectScope(source, ' note ', 'comment.block.xml');
  await expectScope(source, 'item', 'entity.name.tag.localname.xml');
  await expectScope(source, 'name', 'meta.template.expression');
  await expectScope(source, '&amp;', 'constant.character.entity.xml');
  await expectScope(source, 'pi', 'meta.tag.preprocessor.xml');
  await expectScope(source, '<raw>', 'string.unquoted.cdata.xml');
  await expectScope(source, '</', 'punctuation.definition.tag.begin.xml');
  await expectScope(source, ';', 'punctuation.terminator.statement');
  // An xml template over several lines.
  const multi = 'xml x = xml `<a\n    b="1">\n  <c/>\n</a>`;\nint y = 2;';
  await expectScope(multi, 'b', 'entity.other.attribute-name.localname.xml');
  await expectScope(multi, 'c', 'entity.name.tag.localname.xml');
  await expectScope(multi, 'int', 'support.type.primitive');
});

test('xml navigation', async () => {
  await expectScope('xml items = x/<item>;', 'item', 'entity.name.tag.xml');
  await expectScope('xml items = x.<ns:a|b>;', 'ns:a|b', 'entity.name.tag.xml');
});

test('regex templates', async () => {
  const source = 'string:RegExp r = re `^[A-Z][a-z]*\\d{2,3}(?i:abc)|x+?\\p{L}${suffix}$`;';
  await expectScope(source, 're', 'storage.type.template');
  await expectScope(source, '^', 'keyword.control.anchor.regexp');
  await expectScope(source, 'A', 'constant.other.character-class.set.regexp');
  await expectScope(source, '*', 'keyword.operator.quantifier.regexp');
  await expectScope(source, '\\d', 'constant.other.character-class.escape.regexp');
  await expectScope(source, '{2,3}', 'keyword.operator.quantifier.regexp');
  await expectScope(source, '?i:', 'keyword.other.flags.regexp');
  await expectScope(source, '|', 'keyword.operator.or.regexp');
  await expectScope(source, '+?', 'keyword.operator.quantifier.regexp');
  await expectScope(source, '\\p{L}', 'constant.other.character-class.escape.regexp');
  await expectScope(source, 'suffix', 'meta.template.expression');
  await expectScope(source, '$', 'keyword.control.anchor.regexp');
  await expectScope(source, 'abc', 'string.regexp');
  await expectScope(source, 'string', 'entity.name.namespace');
  await expectScope(source, 'RegExp', 'entity.name.type');
});

test('qualified names and annotations', async () => {
  const source = '@http:ServiceConfig {}\nfunction f() { io:println(int:MAX_VALUE); http:Client c = check new ("x"); }';
  await expectScope(source, '@', 'punctuation.definition.annotation');
  await expectScope(source, 'ServiceConfig', 'storage.type.annotation');
  await expectScope(source, 'io', 'entity.name.namespace');
  await expectScope(source, ':', 'punctuation.separator.namespace', 1);
  await expectScope(source, 'println', 'entity.name.function');
  await expectScope(source, 'int', 'entity.name.namespace');
  await expectScope(source, 'MAX_VALUE', 'variable.other.constant');
  await expectScope(source, 'Client', 'entity.name.type');
  // A mapping field with a space after its colon is no qualified name.
  await expectNoScope('map<int> m = {a: b};', 'a', 'entity.name.namespace');
});

test('imports', async () => {
  const source = 'import ballerina/http;\nimport shop.util as u;';
  await expectScope(source, 'import', 'keyword.control.import');
  await expectScope(source, 'ballerina', 'entity.name.namespace.organization');
  await expectScope(source, 'http', 'entity.name.namespace');
  await expectScope(source, 'util', 'entity.name.namespace');
  await expectScope(source, 'as', 'keyword.control.as');
  await expectScope(source, 'u', 'entity.name.namespace');
});

test('services, resource functions and their paths', async () => {
  const source = [
    'service /shop/v1 on new http:Listener(9090) {',
    '    resource function get albums/[string id]/tracks(int n) returns json { return {}; }',
    '    resource function post .(@http:Payload json body) returns json => body;',
    '    remote function onMessage(string m) { }',
    '}',
  ].join('\n');
  await expectScope(source, 'service', 'storage.type.service');
  await expectScope(source, 'shop', 'entity.name.function.resource-path');
  await expectScope(source, 'v1', 'entity.name.function.resource-path');
  await expectScope(source, 'on', 'keyword.other.on');
  await expectScope(source, 'resource', 'storage.modifier.resource');
  await expectScope(source, 'get', 'entity.name.function.accessor');
  await expectScope(source, 'albums', 'entity.name.function.resource-path');
  await expectScope(source, 'string', 'support.type.primitive');
  await expectScope(source, 'id', 'variable.parameter.path');
  await expectScope(source, 'tracks', 'entity.name.function.resource-path');
  await expectScope(source, 'post', 'entity.name.function.accessor');
  await expectScope(source, '.', 'entity.name.function.resource-path');
  await expectScope(source, 'remote', 'storage.modifier');
  await expectScope(source, 'onMessage', 'entity.name.function');
  await expectNoScope('type S service object {};', 'object', 'meta.service');
});

test('-> client calls and resource access actions', async () => {
  const source = 'json j = check c->/albums/[id]/tracks.post(payload); check c->execute("x"); a ->> w2;';
  await expectScope(source, '->', 'keyword.operator.arrow');
  await expectScope(source, 'albums', 'entity.name.function.resource-path');
  await expectScope(source, 'id', 'meta.path-segment.computed');
  await expectScope(source, 'tracks', 'entity.name.function.resource-path');
  await expectScope(source, 'post', 'entity.name.function.accessor');
  await expectScope(source, 'payload', 'source.intc');
  await expectNoScope(source, 'payload', 'meta.resource-access');
  await expectScope(source, 'execute', 'entity.name.function.remote');
  await expectScope(source, '->>', 'keyword.operator.arrow');
});

test('query expressions', async () => {
  const source = 'var r = from var a in xs where a > 1 let int b = a order by b descending limit 3 select b on conflict e;';
  for (const word of ['from', 'where', 'let', 'order by', 'descending', 'limit', 'select', 'on conflict']) {
    await expectScope(source, word, 'keyword.control.query');
  }
  // The clause words are not reserved: as field names they are plain.
  await expectNoScope('int n = r.limit + r.from;', 'limit', 'keyword.control.query');
  await expectNoScope('int n = r.limit + r.from;', 'from', 'keyword.control.query');
});

test('operators', async () => {
  const source = 'x = a ?: b; y = c?.d; z = e === f && g !== h; r = 1...3; s = 0..<n; f = x => x; t = u >>> 2;';
  await expectScope(source, '?:', 'keyword.operator.elvis');
  await expectScope(source, '?.', 'punctuation.accessor.optional');
  await expectScope(source, '===', 'keyword.operator.comparison');
  await expectScope(source, '&&', 'keyword.operator.logical');
  await expectScope(source, '...', 'keyword.operator.range');
  await expectScope(source, '..<', 'keyword.operator.range');
  await expectScope(source, '=>', 'keyword.operator.arrow');
  await expectScope(source, '>>>', 'keyword.operator.bitwise.shift');
});

/** Every `.int` file of the repository's programs, examples, standard and lang library. */
function repositoryPrograms() {
  const roots = ['tests/programs', 'examples', 'stdlib', 'compiler/langlib'].map((dir) => path.join(REPOSITORY, dir));
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.int')) {
        files.push(full);
      }
    }
  };
  roots.filter((root) => fs.existsSync(root)).forEach(walk);
  return files;
}

test('every program in the repository tokenizes with every region closed', async () => {
  const files = repositoryPrograms();
  assert.ok(files.length > 500, `only ${files.length} programs found`);
  const unclosed = [];
  const invalid = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const { tokens, endStack } = await tokenize(text);
    if (openRegions(endStack) !== 0) {
      unclosed.push(path.relative(REPOSITORY, file));
    }
    // Programs without expected compile errors hold no invalid token.
    if (!text.includes('//~')) {
      for (const token of tokens) {
        if (token.scopes.some((scope) => scope.startsWith('invalid.'))) {
          invalid.push(`${path.relative(REPOSITORY, file)}:${token.line + 1}: ${token.text}`);
        }
      }
    }
  }
  assert.deepEqual(unclosed, []);
  assert.deepEqual(invalid, []);
});
