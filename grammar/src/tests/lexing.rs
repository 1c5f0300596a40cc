//! Lexer tests: every token class, template modes, escapes, lexical errors.

use crate::ast::FloatSuffix;
use crate::lexer::{lex, Tok};
use intc_span::FileId;

fn toks(text: &str) -> Vec<Tok> {
    let (tokens, diagnostics) = lex(FileId(0), text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    tokens.into_iter().map(|t| t.tok).collect()
}

fn codes(text: &str) -> Vec<&'static str> {
    lex(FileId(0), text).1.iter().map(|d| d.code.0).collect()
}

#[test]
fn identifiers_keywords_and_quoted_identifiers() {
    assert_eq!(
        toks("foo _x 'int int café"),
        vec![
            Tok::Ident("foo".into()),
            Tok::Ident("_x".into()),
            Tok::Ident("int".into()),
            Tok::KwInt,
            Tok::Ident("café".into()),
        ]
    );
    assert_eq!(
        toks("function returns isolated"),
        vec![Tok::Function, Tok::Returns, Tok::Isolated]
    );
}

#[test]
fn int_literals_decimal_and_hex() {
    assert_eq!(
        toks("0 42 0x1F 0XfF"),
        vec![
            Tok::Int(Some(0)),
            Tok::Int(Some(42)),
            Tok::Int(Some(31)),
            Tok::Int(Some(255))
        ]
    );
    assert_eq!(codes("99999999999999999999"), vec!["E0004"]);
    assert_eq!(codes("0x1FFFFFFFFFFFFFFFF"), vec!["E0004"]);
    assert_eq!(toks("9223372036854775807"), vec![Tok::Int(Some(i64::MAX))]);
}

#[test]
fn float_literals_with_suffixes() {
    let float = |t: &str, s| Tok::Float(t.to_string(), s);
    assert_eq!(
        toks("1.5 1e10 1.5E-3 .5 12f 2.5d 3D"),
        vec![
            float("1.5", FloatSuffix::None),
            float("1e10", FloatSuffix::None),
            float("1.5E-3", FloatSuffix::None),
            float(".5", FloatSuffix::None),
            float("12", FloatSuffix::Float),
            float("2.5", FloatSuffix::Decimal),
            float("3", FloatSuffix::Decimal),
        ]
    );
    // A range is not a float.
    assert_eq!(
        toks("1...5"),
        vec![Tok::Int(Some(1)), Tok::Ellipsis, Tok::Int(Some(5))]
    );
    assert_eq!(
        toks("0..<n"),
        vec![Tok::Int(Some(0)), Tok::DotDotLt, Tok::Ident("n".into())]
    );
}

#[test]
fn string_escapes_are_processed() {
    assert_eq!(
        toks(r#""a\n\t\r\\\"\'\u{1F600}""#),
        vec![Tok::Str("a\n\t\r\\\"'\u{1F600}".into())]
    );
    assert_eq!(codes(r#""bad \q escape""#), vec!["E0002"]);
    assert_eq!(codes(r#""\u{110000}""#), vec!["E0002"]);
}

#[test]
fn unterminated_strings_and_templates() {
    assert_eq!(codes("\"never closed\nx"), vec!["E0003"]);
    assert_eq!(codes("string `open ${x"), vec!["E0003"]);
    let (tokens, _) = lex(FileId(0), "string `a ${b");
    // The driver closes what is open so the parser sees balanced templates.
    assert_eq!(tokens.last().map(|t| t.tok.clone()), Some(Tok::TemplateEnd));
}

#[test]
fn operators_and_punctuation() {
    assert_eq!(
        toks("... ..< ?: ?. => === !== >>= >>>= <<= &= |= ^= += -= *= /= %= {| |} -> && ||"),
        vec![
            Tok::Ellipsis,
            Tok::DotDotLt,
            Tok::Elvis,
            Tok::QuestionDot,
            Tok::FatArrow,
            Tok::EqEqEq,
            Tok::NotEqEq,
            Tok::ShrAssign,
            Tok::UShrAssign,
            Tok::ShlAssign,
            Tok::AmpAssign,
            Tok::PipeAssign,
            Tok::CaretAssign,
            Tok::PlusAssign,
            Tok::MinusAssign,
            Tok::StarAssign,
            Tok::SlashAssign,
            Tok::PercentAssign,
            Tok::LBracePipe,
            Tok::PipeRBrace,
            Tok::RightArrow,
            Tok::AmpAmp,
            Tok::PipePipe,
        ]
    );
    assert_eq!(toks("!is"), vec![Tok::Bang, Tok::Is]);
}

#[test]
fn greater_than_signs_are_single_tokens_with_adjacency() {
    assert_eq!(
        toks("a >> b"),
        vec![
            Tok::Ident("a".into()),
            Tok::GtAdj,
            Tok::Gt,
            Tok::Ident("b".into())
        ]
    );
    assert_eq!(toks(">>>"), vec![Tok::GtAdj, Tok::GtAdj, Tok::Gt]);
    assert_eq!(toks("> >"), vec![Tok::Gt, Tok::Gt]);
}

#[test]
fn comments_and_doc_lines() {
    assert_eq!(
        toks("a // comment\nb"),
        vec![Tok::Ident("a".into()), Tok::Ident("b".into())]
    );
    assert_eq!(
        toks("# doc\nb"),
        vec![Tok::DocLine(" doc".into()), Tok::Ident("b".into())]
    );
}

#[test]
fn template_modes_raw_text_and_interpolation() {
    assert_eq!(
        toks(r"string `a\n ${x} $ {}`"),
        vec![
            Tok::KwString,
            Tok::TemplateStart,
            Tok::TemplateText(r"a\n ".into()),
            Tok::InterpStart,
            Tok::Ident("x".into()),
            Tok::InterpEnd,
            Tok::TemplateText(" $ {}".into()),
            Tok::TemplateEnd,
        ]
    );
}

#[test]
fn templates_nest_and_count_braces() {
    assert_eq!(
        toks("string `a ${string `b ${c}`} ${ {k: 1}.k }`"),
        vec![
            Tok::KwString,
            Tok::TemplateStart,
            Tok::TemplateText("a ".into()),
            Tok::InterpStart,
            Tok::KwString,
            Tok::TemplateStart,
            Tok::TemplateText("b ".into()),
            Tok::InterpStart,
            Tok::Ident("c".into()),
            Tok::InterpEnd,
            Tok::TemplateEnd,
            Tok::InterpEnd,
            Tok::TemplateText(" ".into()),
            Tok::InterpStart,
            Tok::LBrace,
            Tok::Ident("k".into()),
            Tok::Colon,
            Tok::Int(Some(1)),
            Tok::RBrace,
            Tok::Dot,
            Tok::Ident("k".into()),
            Tok::InterpEnd,
            Tok::TemplateEnd,
        ]
    );
}

#[test]
fn unexpected_characters_are_reported_and_skipped() {
    let (tokens, diagnostics) = lex(FileId(0), "a § b");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code.0, "E0002");
    assert_eq!(tokens.len(), 2);
}

#[test]
fn dump_tokens_lists_kinds_text_and_ranges() {
    let dump = crate::dump_tokens(FileId(0), "int x = 1;");
    assert_eq!(dump, "ItemMark \"\" 0..0\nDeclMark \"\" 0..0\nKwInt \"int\" 0..3\nIdent \"x\" 4..5\nAssign \"=\" 6..7\nInt \"1\" 8..9\nSemi \";\" 9..10\n");
}

#[test]
fn escaped_and_unicode_identifiers() {
    assert_eq!(
        toks(r"first\ name \u{61}bc 'a\-b 名前 ආයුබෝවන්"),
        vec![
            Tok::Ident("first name".into()),
            Tok::Ident("abc".into()),
            Tok::Ident("a-b".into()),
            Tok::Ident("名前".into()),
            Tok::Ident("ආයුබෝවන්".into()),
        ]
    );
    assert_eq!(codes(r"a\u{110000}"), vec!["E0007"]);
    // Pattern-syntax characters such as `→` cannot appear in identifiers.
    assert_eq!(codes("a→b"), vec!["E0002"]);
}

#[test]
fn hex_float_and_byte_array_literals() {
    assert_eq!(
        toks("0x1.8p1 0xA.Bp-2 0x.8"),
        vec![
            Tok::Float("3.0".into(), FloatSuffix::Float),
            Tok::Float("2.671875".into(), FloatSuffix::Float),
            Tok::Float("0.5".into(), FloatSuffix::Float),
        ]
    );
    assert_eq!(
        toks("base16 `0a ff` base64`AQID`"),
        vec![Tok::Bytes(vec![10, 255]), Tok::Bytes(vec![1, 2, 3])]
    );
    assert_eq!(codes("base16 `abc`"), vec!["E0006"]);
    assert_eq!(codes("0x1p9999"), vec!["E0004"]);
}
