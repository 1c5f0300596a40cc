'use strict';
// The source of syntaxes/intc.tmLanguage.json: the TextMate grammar written with readable
// regexes (String.raw, shared identifier and keyword pieces) instead of JSON-escaped ones.
// `node syntaxes/build-grammar.js` rewrites the JSON; test/grammar-build.test.js checks that the
// committed JSON is what this file produces.
const fs = require('node:fs');
const path = require('node:path');
const r = String.raw;

const ID_START = r`(?:[\p{L}_]|\\[^A-Za-z\s]|\\u\{\h+\})`;
const ID_PART = r`(?:[\p{L}\p{N}_]|\\[^A-Za-z\s]|\\u\{\h+\})`;
const UNQUOTED = `${ID_START}${ID_PART}*`;
const QUOTED = `'${ID_PART}+`;
const IDENT = `(?:${QUOTED}|${UNQUOTED})`;
const B = r`(?<![\p{L}\p{N}_'\\])`; // start of a word (no quoted-identifier prefix)
const E = r`(?![\p{L}\p{N}_])`; // end of a word

const kw = (words) => `${B}(?<!\\.)(?:${words.join('|')})${E}`;

const grammar = {
  name: 'intc',
  scopeName: 'source.intc',
  fileTypes: ['int'],
  patterns: [{ include: '#code' }],
  repository: {
    code: {
      patterns: [
        { include: '#comments' },
        { include: '#import' },
        { include: '#annotation' },
        { include: '#templates' },
        { include: '#strings' },
        { include: '#numbers' },
        { include: '#quoted-identifier' },
        { include: '#resource-function' },
        { include: '#resource-access' },
        { include: '#service-declaration' },
        { include: '#declarations' },
        { include: '#qualified-name' },
        { include: '#xml-navigation' },
        { include: '#keywords' },
        { include: '#types' },
        { include: '#constants' },
        { include: '#function-call' },
        { include: '#record-delimiters' },
        { include: '#operators' },
        { include: '#punctuation' },
      ],
    },
    comments: {
      patterns: [
        {
          name: 'comment.line.double-slash.intc',
          begin: '//',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.intc' } },
          end: '$',
        },
        {
          name: 'comment.line.documentation.intc',
          begin: '#',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.intc' } },
          end: '$',
          patterns: [
            {
              match: r`\G\s*(\+)\s*(return)\b\s*(-)?`,
              captures: {
                1: { name: 'keyword.other.documentation.intc' },
                2: { name: 'keyword.other.documentation.return.intc' },
                3: { name: 'punctuation.separator.documentation.intc' },
              },
            },
            {
              match: r`\G\s*(\+)\s*(` + IDENT + r`)\s*(-)?`,
              captures: {
                1: { name: 'keyword.other.documentation.intc' },
                2: { name: 'variable.parameter.documentation.intc' },
                3: { name: 'punctuation.separator.documentation.intc' },
              },
            },
            {
              name: 'markup.inline.raw.intc',
              match: '`[^`]*`',
            },
          ],
        },
      ],
    },
    import: {
      name: 'meta.import.intc',
      begin: B + r`(import)` + E,
      beginCaptures: { 1: { name: 'keyword.control.import.intc' } },
      end: r`(;)|(?=\})`,
      endCaptures: { 1: { name: 'punctuation.terminator.statement.intc' } },
      patterns: [
        { include: '#comments' },
        {
          match: B + r`(as)` + E + r`\s*(` + IDENT + ')?',
          captures: {
            1: { name: 'keyword.control.as.intc' },
            2: { name: 'entity.name.namespace.intc' },
          },
        },
        {
          match: `(${IDENT})\\s*(/)`,
          captures: {
            1: { name: 'entity.name.namespace.organization.intc' },
            2: { name: 'punctuation.separator.organization.intc' },
          },
        },
        { match: IDENT, name: 'entity.name.namespace.intc' },
        { match: r`\.`, name: 'punctuation.separator.module.intc' },
      ],
    },
    annotation: {
      match: `(@)(?:(${IDENT})(:))?(${IDENT})`,
      captures: {
        1: { name: 'punctuation.definition.annotation.intc' },
        2: { name: 'entity.name.namespace.intc' },
        3: { name: 'punctuation.separator.namespace.intc' },
        4: { name: 'storage.type.annotation.intc' },
      },
    },
    'quoted-identifier': {
      match: QUOTED,
      name: 'variable.other.quoted.intc',
    },
    strings: {
      name: 'string.quoted.double.intc',
      begin: '"',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.intc' } },
      end: r`(")|$`,
      endCaptures: { 1: { name: 'punctuation.definition.string.end.intc' } },
      patterns: [{ include: '#string-escape' }],
    },
    'string-escape': {
      patterns: [
        { name: 'constant.character.escape.intc', match: r`\\(?:[nrt\\"]|u\{\h+\})` },
        { name: 'invalid.illegal.escape.intc', match: r`\\.` },
      ],
    },
    numbers: {
      patterns: [
        {
          name: 'constant.numeric.hex.float.intc',
          match: B + r`0[xX](?:\h+[pP][+-]?\d+|\h*\.\h+(?:[pP][+-]?\d+)?)` + E,
        },
        { name: 'constant.numeric.hex.intc', match: B + r`0[xX]\h+` + E },
        {
          name: 'constant.numeric.decimal.float.intc',
          match:
            B +
            r`(?:\d+\.\d+(?:[eE][+-]?\d+)?[fFdD]?|\d+[eE][+-]?\d+[fFdD]?|\d+[fFdD])` +
            E +
            r`|(?<![\p{L}\p{N}_.)\]])\.\d+(?:[eE][+-]?\d+)?[fFdD]?` +
            E,
        },
        { name: 'constant.numeric.decimal.intc', match: B + r`\d+` + E },
      ],
    },
    templates: {
      patterns: [
        {
          name: 'string.quoted.other.bytes.intc',
          begin: B + r`(base16|base64)\s*(` + '`)',
          beginCaptures: {
            1: { name: 'storage.type.template.intc' },
            2: { name: 'punctuation.definition.string.begin.intc' },
          },
          end: '`',
          endCaptures: { 0: { name: 'punctuation.definition.string.end.intc' } },
        },
        {
          name: 'meta.template.xml.intc',
          begin: B + r`(xml)\s*(` + '`)',
          beginCaptures: {
            1: { name: 'storage.type.template.intc' },
            2: { name: 'punctuation.definition.string.begin.intc' },
          },
          end: '`',
          endCaptures: { 0: { name: 'punctuation.definition.string.end.intc' } },
          patterns: [{ include: '#xml-content' }],
        },
        {
          name: 'string.regexp.intc',
          begin: B + r`(re)\s*(` + '`)',
          beginCaptures: {
            1: { name: 'storage.type.template.intc' },
            2: { name: 'punctuation.definition.string.begin.intc' },
          },
          end: '`',
          endCaptures: { 0: { name: 'punctuation.definition.string.end.intc' } },
          patterns: [{ include: '#regexp' }],
        },
        {
          name: 'string.template.intc',
          begin: B + r`(string)\s*(` + '`)',
          beginCaptures: {
            1: { name: 'storage.type.template.intc' },
            2: { name: 'punctuation.definition.string.begin.intc' },
          },
          end: '`',
          endCaptures: { 0: { name: 'punctuation.definition.string.end.intc' } },
          patterns: [{ include: '#interpolation' }],
        },
        {
          name: 'string.template.raw.intc',
          begin: '`',
          beginCaptures: { 0: { name: 'punctuation.definition.string.begin.intc' } },
          end: '`',
          endCaptures: { 0: { name: 'punctuation.definition.string.end.intc' } },
          patterns: [{ include: '#interpolation' }],
        },
      ],
    },
    interpolation: {
      name: 'meta.template.expression.intc',
      begin: r`\$\{`,
      beginCaptures: { 0: { name: 'punctuation.definition.template-expression.begin.intc' } },
      end: r`\}`,
      endCaptures: { 0: { name: 'punctuation.definition.template-expression.end.intc' } },
      contentName: 'meta.embedded.line.intc',
      patterns: [{ include: '#braced-code' }],
    },
    'braced-code': {
      // Braces inside an interpolation nest, so the `}` of a mapping constructor does not end it.
      patterns: [
        {
          begin: r`\{\|?`,
          beginCaptures: { 0: { name: 'punctuation.definition.block.intc' } },
          end: r`\|?\}`,
          endCaptures: { 0: { name: 'punctuation.definition.block.intc' } },
          patterns: [{ include: '#braced-code' }],
        },
        { include: '#code' },
      ],
    },
    'xml-content': {
      patterns: [
        { include: '#interpolation' },
        {
          name: 'comment.block.xml.intc',
          begin: '<!--',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.xml.intc' } },
          end: '-->|(?=`)',
          endCaptures: { 0: { name: 'punctuation.definition.comment.xml.intc' } },
          patterns: [{ include: '#interpolation' }],
        },
        {
          name: 'string.unquoted.cdata.xml.intc',
          begin: r`<!\[CDATA\[`,
          beginCaptures: { 0: { name: 'punctuation.definition.string.begin.xml.intc' } },
          end: r`\]\]>|(?=` + '`)',
          endCaptures: { 0: { name: 'punctuation.definition.string.end.xml.intc' } },
        },
        {
          name: 'meta.tag.preprocessor.xml.intc',
          begin: r`(<\?)([\w.:-]+)`,
          beginCaptures: {
            1: { name: 'punctuation.definition.tag.xml.intc' },
            2: { name: 'entity.name.tag.xml.intc' },
          },
          end: r`\?>|(?=` + '`)',
          endCaptures: { 0: { name: 'punctuation.definition.tag.xml.intc' } },
          patterns: [{ include: '#interpolation' }],
        },
        {
          name: 'meta.tag.xml.intc',
          begin: r`(</?)(?:([\w.-]+)(:))?([\w.-]+)`,
          beginCaptures: {
            1: { name: 'punctuation.definition.tag.begin.xml.intc' },
            2: { name: 'entity.name.tag.namespace.xml.intc' },
            3: { name: 'punctuation.separator.namespace.xml.intc' },
            4: { name: 'entity.name.tag.localname.xml.intc' },
          },
          end: r`(/?>)|(?=` + '`)',
          endCaptures: { 1: { name: 'punctuation.definition.tag.end.xml.intc' } },
          patterns: [
            { include: '#interpolation' },
            {
              match: r`(?:([\w.-]+)(:))?([\w.-]+)\s*(=)?`,
              captures: {
                1: { name: 'entity.other.attribute-name.namespace.xml.intc' },
                2: { name: 'punctuation.separator.namespace.xml.intc' },
                3: { name: 'entity.other.attribute-name.localname.xml.intc' },
                4: { name: 'punctuation.separator.key-value.xml.intc' },
              },
            },
            {
              name: 'string.quoted.double.xml.intc',
              begin: '"',
              beginCaptures: { 0: { name: 'punctuation.definition.string.begin.xml.intc' } },
              end: '"|(?=`)',
              endCaptures: { 0: { name: 'punctuation.definition.string.end.xml.intc' } },
              patterns: [{ include: '#interpolation' }, { include: '#xml-entity' }],
            },
            {
              name: 'string.quoted.single.xml.intc',
              begin: "'",
              beginCaptures: { 0: { name: 'punctuation.definition.string.begin.xml.intc' } },
              end: "'|(?=`)",
              endCaptures: { 0: { name: 'punctuation.definition.string.end.xml.intc' } },
              patterns: [{ include: '#interpolation' }, { include: '#xml-entity' }],
            },
          ],
        },
        { include: '#xml-entity' },
      ],
    },
    'xml-entity': {
      name: 'constant.character.entity.xml.intc',
      match: r`&(?:[\w.-]+|#\d+|#x\h+);`,
    },
    regexp: {
      patterns: [
        { include: '#interpolation' },
        {
          name: 'constant.other.character-class.set.regexp.intc',
          begin: r`(\[)(\^)?`,
          beginCaptures: {
            1: { name: 'punctuation.definition.character-class.regexp.intc' },
            2: { name: 'keyword.operator.negation.regexp.intc' },
          },
          end: r`(\])|(?=` + '`)',
          endCaptures: { 1: { name: 'punctuation.definition.character-class.regexp.intc' } },
          patterns: [
            { include: '#interpolation' },
            { include: '#regexp-escape' },
            {
              name: 'constant.other.character-class.range.regexp.intc',
              match: r`(?<=[^\[\\])-(?=[^\]])`,
            },
          ],
        },
        {
          name: 'meta.group.regexp.intc',
          begin: r`(\()(\?[imsx]*(?:-[imsx]*)?:)?`,
          beginCaptures: {
            1: { name: 'punctuation.definition.group.regexp.intc' },
            2: { name: 'keyword.other.flags.regexp.intc' },
          },
          end: r`(\))|(?=` + '`)',
          endCaptures: { 1: { name: 'punctuation.definition.group.regexp.intc' } },
          patterns: [{ include: '#regexp' }],
        },
        { include: '#regexp-escape' },
        {
          name: 'keyword.operator.quantifier.regexp.intc',
          match: r`(?:[*+?]|\{\d+(?:,\d*)?\})\??`,
        },
        { name: 'keyword.control.anchor.regexp.intc', match: r`[\^$]` },
        { name: 'keyword.operator.or.regexp.intc', match: r`\|` },
        { name: 'constant.character.any.regexp.intc', match: r`\.` },
      ],
    },
    'regexp-escape': {
      patterns: [
        {
          name: 'constant.other.character-class.escape.regexp.intc',
          match: r`\\(?:[dDsSwW]|[pP]\{[^}` + '`' + r`]*\})`,
        },
        {
          name: 'constant.character.escape.regexp.intc',
          match: r`\\(?:u\{\h+\}|[^` + '`' + r`])`,
        },
      ],
    },
    'resource-function': {
      // resource function get albums/[string id]/tracks(...)
      name: 'meta.function.resource.intc',
      begin:
        B + r`(resource)\s+(function)\s+(` + IDENT + r`)(?=\s)`,
      beginCaptures: {
        1: { name: 'storage.modifier.resource.intc' },
        2: { name: 'storage.type.function.intc' },
        3: { name: 'entity.name.function.accessor.intc' },
      },
      end: r`(?=[(;{])`,
      patterns: [{ include: '#comments' }, { include: '#resource-path' }],
    },
    'resource-path': {
      patterns: [
        {
          name: 'meta.path-parameter.intc',
          begin: r`\[`,
          beginCaptures: { 0: { name: 'punctuation.definition.path-parameter.begin.intc' } },
          end: r`\]`,
          endCaptures: { 0: { name: 'punctuation.definition.path-parameter.end.intc' } },
          patterns: [
            {
              match: `(${IDENT})\\s*(?=\\])`,
              captures: { 1: { name: 'variable.parameter.path.intc' } },
            },
            { include: '#code' },
          ],
        },
        { match: '/', name: 'punctuation.separator.path.intc' },
        { match: r`\.`, name: 'entity.name.function.resource-path.intc' },
        { match: IDENT, name: 'entity.name.function.resource-path.intc' },
        { include: '#strings' },
      ],
    },
    'resource-access': {
      patterns: [
        {
          // client->/albums/[id].get(...)
          name: 'meta.resource-access.intc',
          begin: r`(->)\s*(?=/)`,
          beginCaptures: { 1: { name: 'keyword.operator.arrow.intc' } },
          end: r`(?=[^\s/\[\p{L}\p{N}_'\\.])|(?=\.\s*[^\p{L}_'\\])`,
          patterns: [
            {
              match: r`(\.)\s*(` + IDENT + ')',
              captures: {
                1: { name: 'punctuation.accessor.intc' },
                2: { name: 'entity.name.function.accessor.intc' },
              },
            },
            {
              name: 'meta.path-segment.computed.intc',
              begin: r`\[`,
              beginCaptures: { 0: { name: 'punctuation.definition.path-parameter.begin.intc' } },
              end: r`\]`,
              endCaptures: { 0: { name: 'punctuation.definition.path-parameter.end.intc' } },
              patterns: [{ include: '#code' }],
            },
            { match: '/', name: 'punctuation.separator.path.intc' },
            { match: IDENT, name: 'entity.name.function.resource-path.intc' },
          ],
        },
        {
          // client->remoteMethod(...)
          match: r`(->)\s*(` + IDENT + r`)(?=\s*\()`,
          captures: {
            1: { name: 'keyword.operator.arrow.intc' },
            2: { name: 'entity.name.function.remote.intc' },
          },
        },
      ],
    },
    'service-declaration': {
      // service /albums on ep { ... } and service http:Service "/x" on new http:Listener(8080)
      name: 'meta.service.intc',
      begin: B + r`(service)` + E + r`(?!\s+(?:object|class)` + E + ')',
      beginCaptures: { 1: { name: 'storage.type.service.intc' } },
      end: B + r`(on)` + E + r`|(?=[{;=)])`,
      endCaptures: { 1: { name: 'keyword.other.on.intc' } },
      patterns: [
        { include: '#comments' },
        { include: '#strings' },
        {
          match: r`(/)(` + IDENT + ')?',
          captures: {
            1: { name: 'punctuation.separator.path.intc' },
            2: { name: 'entity.name.function.resource-path.intc' },
          },
        },
        { include: '#qualified-name' },
        { include: '#keywords' },
        { include: '#types' },
        { match: IDENT, name: 'entity.name.type.intc' },
      ],
    },
    declarations: {
      patterns: [
        {
          match: B + r`(function)\s+(` + IDENT + r`)(?=\s*\()`,
          captures: {
            1: { name: 'storage.type.function.intc' },
            2: { name: 'entity.name.function.intc' },
          },
        },
        {
          match: B + r`(type|class|enum|annotation)\s+(` + IDENT + ')' + E,
          captures: {
            1: { name: 'storage.type.intc' },
            2: { name: 'entity.name.type.intc' },
          },
        },
        {
          match: B + r`(worker)\s+(` + IDENT + ')' + E,
          captures: {
            1: { name: 'storage.type.worker.intc' },
            2: { name: 'entity.name.function.worker.intc' },
          },
        },
        {
          // xmlns "http://example.com/ns" as ns;
          match: B + r`(xmlns)` + E,
          captures: { 1: { name: 'storage.type.xmlns.intc' } },
        },
        {
          match: B + r`(as)\s+(` + IDENT + r`)(?=\s*;)`,
          captures: {
            1: { name: 'keyword.control.as.intc' },
            2: { name: 'entity.name.namespace.intc' },
          },
        },
      ],
    },
    'qualified-name': {
      patterns: [
        {
          match: `${B}(${IDENT})(:)(${IDENT})(?=\\s*\\()`,
          captures: {
            1: { name: 'entity.name.namespace.intc' },
            2: { name: 'punctuation.separator.namespace.intc' },
            3: { name: 'entity.name.function.intc' },
          },
        },
        {
          match: `${B}(${IDENT})(:)([\\p{Lu}_][\\p{Lu}\\p{N}_]*)${E}(?!\\s*\\()`,
          captures: {
            1: { name: 'entity.name.namespace.intc' },
            2: { name: 'punctuation.separator.namespace.intc' },
            3: { name: 'variable.other.constant.intc' },
          },
        },
        {
          match: `${B}(${IDENT})(:)(${IDENT})`,
          captures: {
            1: { name: 'entity.name.namespace.intc' },
            2: { name: 'punctuation.separator.namespace.intc' },
            3: { name: 'entity.name.type.intc' },
          },
        },
      ],
    },
    'xml-navigation': {
      // x/<a|b>, x.<ns:a>, x/**/<a>
      match: r`(?<=[\p{L}\p{N}_)\]>'])(\.|/(?:\*\*/)?)(<)([\w.:*|\s-]+)(>)`,
      captures: {
        1: { name: 'punctuation.accessor.xml.intc' },
        2: { name: 'punctuation.definition.tag.begin.xml.intc' },
        3: { name: 'entity.name.tag.xml.intc' },
        4: { name: 'punctuation.definition.tag.end.xml.intc' },
      },
    },
    keywords: {
      patterns: [
        {
          name: 'keyword.control.conditional.intc',
          match: kw(['if', 'else', 'match']),
        },
        {
          name: 'keyword.control.loop.intc',
          match: kw(['foreach', 'while', 'break', 'continue', 'in']),
        },
        {
          name: 'keyword.control.flow.intc',
          match: kw(['return', 'panic', 'fail', 'check', 'checkpanic', 'trap']),
        },
        {
          name: 'keyword.control.error.intc',
          match: kw(['do', 'on\\s+fail', 'retry']),
        },
        {
          name: 'keyword.control.transaction.intc',
          match: kw(['transaction', 'commit', 'rollback']),
        },
        {
          name: 'keyword.control.concurrency.intc',
          match: kw(['lock', 'fork', 'wait', 'start', 'flush']),
        },
        {
          name: 'keyword.control.query.intc',
          match: kw([
            'from',
            'where',
            'select',
            'let',
            'join',
            'equals',
            'outer',
            'ascending',
            'descending',
            'collect',
            'order\\s+by',
            'group\\s+by',
            'on\\s+conflict',
            'limit(?=\\s+[\\w(\\-])',
          ]),
        },
        { name: 'keyword.control.import.intc', match: kw(['import', 'as']) },
        {
          name: 'keyword.operator.expression.intc',
          match: kw(['is', 'typeof', 'new']),
        },
        { name: 'keyword.other.intc', match: kw(['returns', 'on', 'key(?=\\s*[(<])']) },
        {
          name: 'storage.type.function.intc',
          match: kw(['function']),
        },
        {
          name: 'storage.type.intc',
          match: kw([
            'type',
            'record',
            'object',
            'class',
            'service',
            'listener',
            'annotation',
            'enum',
            'const',
            'worker',
            'var',
            'xmlns',
          ]),
        },
        {
          name: 'storage.modifier.intc',
          match: kw([
            'public',
            'private',
            'isolated',
            'final',
            'configurable',
            'transactional',
            'distinct',
            'client',
            'remote',
            'resource',
            'external',
          ]),
        },
      ],
    },
    types: {
      name: 'support.type.primitive.intc',
      match: kw([
        'int',
        'byte',
        'float',
        'decimal',
        'string',
        'boolean',
        'xml',
        'json',
        'anydata',
        'any',
        'never',
        'error',
        'handle',
        'map',
        'future',
        'stream',
        'table',
        'typedesc',
        'readonly',
      ]),
    },
    constants: {
      patterns: [
        { name: 'constant.language.boolean.intc', match: kw(['true', 'false']) },
        { name: 'constant.language.null.intc', match: kw(['null']) },
        { name: 'variable.language.self.intc', match: kw(['self']) },
      ],
    },
    'function-call': {
      match: `(${IDENT})(?=\\s*\\()`,
      captures: { 1: { name: 'entity.name.function.intc' } },
    },
    operators: {
      patterns: [
        { name: 'keyword.operator.arrow.intc', match: r`->>|->|<-|=>` },
        { name: 'keyword.operator.range.intc', match: r`\.\.\.|\.\.<` },
        { name: 'keyword.operator.elvis.intc', match: r`\?:` },
        { name: 'punctuation.accessor.optional.intc', match: r`\?\.` },
        { name: 'keyword.operator.comparison.intc', match: r`===|!==|==|!=` },
        { name: 'keyword.operator.assignment.compound.intc', match: r`(?:<<|>>>|>>|[+\-*/%&|^])=` },
        { name: 'keyword.operator.relational.intc', match: r`<=|>=` },
        { name: 'keyword.operator.logical.intc', match: r`&&|\|\||!` },
        { name: 'keyword.operator.bitwise.shift.intc', match: r`<<|>>>|>>` },
        { name: 'keyword.operator.assignment.intc', match: '=' },
        { name: 'keyword.operator.arithmetic.intc', match: r`[+\-*/%]` },
        { name: 'keyword.operator.bitwise.intc', match: r`[&|^~]` },
        { name: 'keyword.operator.relational.intc', match: r`[<>]` },
        { name: 'keyword.operator.optional.intc', match: r`\?` },
      ],
    },
    'record-delimiters': {
      name: 'punctuation.definition.record.intc',
      match: r`\{\||\|\}`,
    },
    punctuation: {
      patterns: [
        { name: 'punctuation.terminator.statement.intc', match: ';' },
        { name: 'punctuation.separator.comma.intc', match: ',' },
        { name: 'punctuation.separator.colon.intc', match: ':' },
        { name: 'punctuation.accessor.intc', match: r`\.` },
        { name: 'meta.brace.round.intc', match: r`[()]` },
        { name: 'meta.brace.square.intc', match: r`[\[\]]` },
        { name: 'punctuation.definition.block.intc', match: r`[{}]` },
      ],
    },
  },
};

/**
 * The grammar as the text of the committed JSON file: indented, with every object or array
 * that fits on one line written on one line, so the file stays short enough to read.
 */
function grammarJson() {
  return format(grammar, '') + '\n';
}

/** `value` as JSON at `indent`, after `lead` characters already on its first line. */
function format(value, indent, lead = 0) {
  const flat = JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
  if (typeof value !== 'object' || value === null || indent.length + lead + flat.length <= 100) {
    return flat;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => inner + format(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).map(([key, item]) => {
    const name = `${JSON.stringify(key)}: `;
    return inner + name + format(item, inner, name.length);
  });
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

const OUTPUT = path.join(__dirname, 'intc.tmLanguage.json');

if (require.main === module) {
  fs.writeFileSync(OUTPUT, grammarJson());
}

module.exports = { grammarJson, OUTPUT };
