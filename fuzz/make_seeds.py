#!/usr/bin/env python3
"""Regenerates fuzz/seeds/: valid programs copied from tests/programs plus adversarial inputs
(deep nesting, huge literals, unterminated tokens, random UTF-8). Deterministic."""

import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "seeds")
PROGRAMS = os.path.join(HERE, "..", "tests", "programs")

VALID = [
    "class/object_type_interface.int",
    "match/list_patterns.int",
    "match/mapping_patterns.int",
    "function/higher_order.int",
    "finite/singleton_types.int",
    "record/optional_access_chain.int",
    "error/typed_detail.int",
    "langlib_array/sort.int",
    "is/narrowing.int",
    "template/nested_and_calls.int",
    "json/access.int",
    "object/object_constructor.int",
    "do_on_fail/fail_statement.int",
    "lexer/string_escapes.int",
    "closure/mutate_outer.int",
    "configurable/with_defaults.int",
    "decimal/exact_arithmetic.int",
    "trap/nested_calls.int",
]


def write(name, text):
    with open(os.path.join(SEEDS, name), "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def wrap_main(expression):
    return "public function main() {\n    var x = " + expression + ";\n}\n"


def main():
    os.makedirs(SEEDS, exist_ok=True)
    for relative in VALID:
        target = "valid-" + relative.replace("/", "-")
        shutil.copyfile(os.path.join(PROGRAMS, relative), os.path.join(SEEDS, target))

    depth = 10_000
    write("deep-parens.int", wrap_main("(" * depth + "1" + ")" * depth))
    write("deep-parens-unclosed.int", wrap_main("(" * depth + "1"))
    write("deep-brackets.int", wrap_main("[" * depth + "1" + "]" * depth))
    write("deep-brackets-unclosed.int", wrap_main("[" * depth))
    write("deep-braces.int", "public function main() " + "{" * depth + "}" * depth + "\n")
    write("deep-braces-unclosed.int", "public function main() " + "{" * depth + "\n")
    write("deep-mapping.int", wrap_main("{a: " * depth + "1" + "}" * depth))
    write("deep-if.int", "public function main() {\n" + "if true {\n" * depth + "}\n" * depth + "}\n")
    write("deep-unary.int", wrap_main("-" * depth + "1"))
    write("deep-not.int", wrap_main("!" * depth + "true"))
    write("deep-types.int", "type T " + "map<" * depth + "int" + ">" * depth + ";\n")
    write("deep-arrays-type.int", "type T int" + "[]" * depth + ";\n")
    write("deep-unions-type.int", "type T " + "|".join(["int"] * depth) + ";\n")
    write("deep-calls.int", wrap_main("f(" * depth + ")" * depth))
    write("deep-member.int", wrap_main("a" + ".b" * depth))
    write("deep-index.int", wrap_main("a" + "[0]" * depth))
    write("deep-ternary.int", wrap_main("true ? 1 : " * depth + "0"))
    write("deep-elvis.int", wrap_main(" ?: ".join(["a"] * depth)))
    write("long-sum.int", wrap_main("+".join(["a"] * 100_000)))
    write("long-sum-ints.int", wrap_main("+".join(["1"] * 100_000)))
    write("long-concat-strings.int", wrap_main("+".join(['"s"'] * 50_000)))
    write("long-and.int", wrap_main(" && ".join(["true"] * 50_000)))
    write("long-statements.int", "public function main() {\n" + "int x = 1;\n" * 20_000 + "}\n")
    write("long-functions.int", "".join(f"function f{i}() {{}}\n" for i in range(10_000)))
    nested_template = "1"
    for _ in range(2_000):
        nested_template = "string `a${" + nested_template + "}b`"
    write("deep-templates.int", wrap_main(nested_template))
    write("deep-templates-unclosed.int", wrap_main("string `${" * 5_000))
    write("deep-xml-template.int", wrap_main("xml `" + "<a>" * depth + "</a>" * depth + "`"))
    write("deep-xml-template-unclosed.int", wrap_main("xml `" + "<a x='${1}'>" * depth + "`"))
    nested_xml = "xml `t`"
    for _ in range(2_000):
        nested_xml = "xml `<a>${" + nested_xml + "}</a>`"
    write("deep-xml-interpolations.int", wrap_main(nested_xml))
    write("deep-regexp-groups.int", wrap_main("re `" + "(" * depth + "a" + ")" * depth + "`"))
    write("deep-regexp-unclosed.int", wrap_main("re `" + "(?i:[" * depth + "`"))
    nested_re = "re `a`"
    for _ in range(2_000):
        nested_re = "re `(${" + nested_re + "})+`"
    write("deep-regexp-interpolations.int", wrap_main(nested_re))
    write("huge-string.int", wrap_main('"' + "x" * 1_000_000 + '"'))
    write("huge-int.int", wrap_main("9" * 100_000))
    write("huge-float.int", wrap_main("1." + "9" * 100_000 + "e99999999999"))
    write("huge-hex.int", wrap_main("0x" + "f" * 100_000))
    write("huge-identifier.int", wrap_main("a" * 100_000))
    write("unterminated-string.int", 'public function main() {\n    string s = "abc\n}\n')
    write("unterminated-string-eof.int", 'string s = "abc')
    write("unterminated-template.int", "public function main() {\n    string s = string `abc ${1 + \n}\n")
    write("unterminated-template-eof.int", "string s = string `abc")
    write("unterminated-comment.int", "// only a comment without newline")
    write("unterminated-escape.int", 'string s = "\\u{')
    write("bad-escapes.int", 'string s = "\\u{110000}\\u{D800}\\u{}\\q\\u{FFFFFFFFFFFFFFFF}";\n')
    write("quoted-identifiers.int", "int 'if = 1;\nint '\\u{1F600} = 2;\nint '\\ = 3;\n")
    write("empty.int", "")
    write("only-bom.int", "\ufeff")
    write("nul-bytes.int", "int x = 1;\x00\x00public function main() {}\x00")
    write("crlf.int", "public function main() {\r\n    int x = 1;\r\n}\r\n")
    rng = random.Random(20261124)
    for index in range(4):
        chars = [chr(rng.choice([rng.randrange(0x20, 0x7f), rng.randrange(0xa0, 0xd7ff),
                                 rng.randrange(0xe000, 0x10ffff)])) for _ in range(4_000)]
        write(f"random-utf8-{index}.int", "".join(chars))
    tokens = ["(", ")", "{", "}", "[", "]", "`", "${", '"', "'", "int", "function", "x", "1",
              ".", ":", ";", ",", "=", "=>", "?", "|", "&", "<", ">", "\n", " ", "/*", "//",
              "match", "if", "else", "return", "record", "object", "error", "check", "trap"]
    for index in range(4):
        write(f"random-tokens-{index}.int", " ".join(rng.choice(tokens) for _ in range(5_000)))
    with open(os.path.join(SEEDS, "invalid-utf8.int"), "wb") as handle:
        handle.write(b"int x = 1;\n\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x90\x28\xbc\n\"\xc3\"")
    regexp_and_data_seeds()


def write_in(directory, name, text):
    os.makedirs(os.path.join(SEEDS, directory), exist_ok=True)
    with open(os.path.join(SEEDS, directory, name), "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def regexp_and_data_seeds():
    """Seeds of the `regexp` and `data` targets (`.txt`, so the `.int` replays skip them):
    valid and broken patterns, and JSON, CSV, YAML and XML texts, well-formed and hostile."""
    depth = 10_000
    patterns = {
        "classes.txt": "[a-z0-9_\\-]+@[\\p{L}--[aeiou]]{2,}\\.(?:com|org)$",
        "groups.txt": "(?i:ab)(?<!x)(?:c|d)*?e{3,5}f{,2}\\u{1F600}",
        "flags-broken.txt": "(?imsx-q:a",
        "deep-groups.txt": "(" * depth + "a" + ")" * depth,
        "deep-groups-unclosed.txt": "(" * depth,
        "deep-classes.txt": "[" * depth + "a",
        "catastrophic.txt": "(a+)+$" + "a" * 5_000,
        "huge-repeat.txt": "a{4294967296}" + "(a{1000}){1000}",
        "escapes.txt": "\\p{Script=Greek}\\P{Lu}\\u{110000}\\k<x>\\c\\",
    }
    for name, text in patterns.items():
        write_in("regexp", name, text)
    items = ",".join('{"sku": "s%d", "qty": %d, "price": %d.5}' % (i, i, i) for i in range(200))
    texts = {
        "order.txt": '{"id": 7, "customer": "ann", "items": [' + items + ']}',
        "orders.txt": "[" + ",".join('{"id": %d}' % i for i in range(500)) + "]",
        "deep-json.txt": "[" * 100_000 + "]" * 100_000,
        "truncated-json.txt": '{"id": 1, "items": [{"sku": "a", "qty": ',
        "numbers.txt": '{"id": 1e999, "customer": -0, "items": [{"sku": 1, "qty": 9223372036854775808}]}',
        "csv.txt": "a,b\n" + "\n".join("x%d,%d" % (i, i) for i in range(1_000)),
        "csv-quotes.txt": 'a,b\n"un,closed\n"a""b",1,2,3\n,\n',
        "yaml.txt": "id: 3\ncustomer: bo\nitems:\n  - sku: a\n    qty: 1\n",
        "yaml-aliases.txt": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            "%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n" % ((chr(98 + i), chr(98 + i)) + (chr(97 + i),) * 9)
            for i in range(9)),
        "yaml-deep.txt": "- " * 10_000 + "x",
        "xml.txt": "<Order><id>4</id><customer>cy</customer></Order>",
        "xml-xxe.txt": '<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><Order><id>&x;</id></Order>',
        "xml-laughs.txt": '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Order><id>&c;</id></Order>',
        "xml-deep.txt": "<a>" * 100_000 + "</a>" * 100_000,
    }
    for name, text in texts.items():
        write_in("data", name, text)
    with open(os.path.join(SEEDS, "data", "invalid-utf8.txt"), "wb") as handle:
        handle.write(b'{"id": 1, "customer": "\xff\xfe\xc3\x28"}')


if __name__ == "__main__":
    main()
