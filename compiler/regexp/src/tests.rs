use crate::{check_template, compile, translate, Piece};

fn message(pattern: &str) -> String {
    match compile(pattern) {
        Ok(_) => "ok".to_string(),
        Err(e) => e,
    }
}

fn full(pattern: &str, text: &str) -> bool {
    let re = compile(&format!("^(?:{pattern})$")).expect("valid pattern");
    re.is_match(text)
}

#[test]
fn jballerina_messages() {
    let cases = [
        ("AB+^*", "Invalid character '*'"),
        ("AB\\hCD", "Invalid character '\\h'"),
        ("AB\\pCD", "Invalid character '\\p'"),
        ("AB\\uCD", "Invalid character '\\u'"),
        ("AB\\u{001CD", "Invalid character '\\u{001CD'"),
        ("AB\\p{sc=Lu", "Missing '}' character"),
        ("[^abc", "Missing ']' character"),
        ("(abc", "Missing ')' character"),
        ("(ab^*)", "Invalid character '*'"),
        ("\\p{", "Invalid end of characters"),
        ("\\p{sc=^}", "Invalid character '^'"),
        ("\\p{sc=L^}", "Invalid character 'L^'"),
        ("\\p{gc=", "Invalid end of characters"),
        ("[", "Missing ']' character"),
    ];
    for (pattern, expected) in cases {
        assert_eq!(
            message(pattern),
            format!("Failed to parse regular expression: {expected}"),
            "{pattern}"
        );
    }
}

#[test]
fn valid_patterns_from_the_spec_tests() {
    for pattern in [
        "(?isx-m:[A\\p{Lu}B\\W\\(CD]*)",
        "([^\\r\\n\\^a-z])",
        "(?im-sx:[A\\sA-GB\\WC\\DJ-Kd\\\\]*)",
        "(?i-s:[\\sA-F\\p{sc=Braille}K-Mabc-d\\--])",
        "(?:(?i-m:ab|cd)|aa|abcdef[a-zefg-ijk-]|ba|b|c{1,3}^)+|ef",
        "^^^^^^^robot$$$$",
        "\\??\\??",
        "\\\\u123",
        "[C&&D]",
        "",
        "()",
    ] {
        assert!(translate(pattern).is_ok(), "{pattern}");
        assert!(compile(pattern).is_ok(), "{pattern}");
    }
}

#[test]
fn ballerina_semantics() {
    assert!(!full(".", "\n"));
    assert!(!full(".", "\r"));
    assert!(full("(?s:.)", "\n"));
    assert!(full("\\s", "\t"));
    assert!(!full("\\s", "\u{A0}"));
    assert!(!full("\\d", "\u{0663}"));
    assert!(full("[C&&D]", "&"));
    assert!(full("(?i:abc)", "ABC"));
    assert!(full("(?x: a b # comment\n c)", "abc"));
    assert!(full("(?x:[ ])", " "));
    assert!(full("[^]", "\n"));
    assert!(full("\\p{Lu}+", "ÀB"));
    assert!(full("\\p{sc=Greek}", "α"));
    assert!(full("[a\\-z]", "-"));
    assert!(!full("[a\\-z]", "b"));
    assert!(full("a{2,3}?", "aa"));
    assert!(full("\\u{1F600}", "😀"));
}

#[test]
fn errors() {
    assert_eq!(
        message("[z-a]"),
        "Failed to parse regular expression: Invalid character class range 'z-a'"
    );
    assert_eq!(
        message("[]"),
        "Failed to parse regular expression: Empty character class disallowed"
    );
    assert_eq!(
        message("(?ii:a)"),
        "Failed to parse regular expression: Duplicate flag 'i'"
    );
    assert_eq!(
        message("(?q:a)"),
        "Failed to parse regular expression: Invalid flag 'q'"
    );
    assert_eq!(
        message("a)"),
        "Failed to parse regular expression: Invalid character ')'"
    );
    assert_eq!(
        message("a{3,2}"),
        "Failed to parse regular expression: Numbers out of order in '{3,2}' quantifier"
    );
    assert_eq!(
        message("\\p{Cs}"),
        "Failed to parse regular expression: Invalid character 'Cs'"
    );
    assert_eq!(
        message("\\p{sc=NoSuchScript}"),
        "Failed to parse regular expression: Invalid character 'NoSuchScript'"
    );
    assert!(message(&"(".repeat(500)).contains("nested deeper"));
}

#[test]
fn template_offsets() {
    let pieces = [
        Piece::Text {
            text: "a",
            offset: 10,
        },
        Piece::Interpolation { start: 11, end: 15 },
        Piece::Text {
            text: "*[",
            offset: 15,
        },
    ];
    let error = check_template(&pieces).expect_err("unterminated class");
    assert_eq!(error.message, "missing ']' character");
    assert_eq!((error.start, error.end), (17, 17));
    let ok = [
        Piece::Interpolation { start: 0, end: 4 },
        Piece::Text {
            text: "+b",
            offset: 4,
        },
    ];
    assert!(check_template(&ok).is_ok());
    let in_class = [
        Piece::Text {
            text: "[",
            offset: 0,
        },
        Piece::Interpolation { start: 1, end: 5 },
        Piece::Text {
            text: "]",
            offset: 5,
        },
    ];
    assert_eq!(check_template(&in_class).expect_err("class").start, 1);
}
