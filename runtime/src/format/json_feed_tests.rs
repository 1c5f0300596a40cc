//! The incremental parser agrees with the whole-text parser: same value, same error (with
//! its line and column), same UTF-8 verdict, however the text is cut into blocks.

use super::{JsonFeed, JsonFeedError};
use crate::format::{json_text, parse_json};
use crate::types::TypeTable;

fn table() -> TypeTable {
    TypeTable::new(Vec::new(), &[], &[])
}

/// What `parseBytes` makes of `bytes`: the UTF-8 check, then the parser.
fn whole(bytes: &[u8], types: &TypeTable) -> Result<String, JsonFeedError> {
    let text = std::str::from_utf8(bytes).map_err(|e| JsonFeedError::Utf8(e.valid_up_to()))?;
    parse_json(text, types)
        .map(|v| json_text(&v).unwrap_or_default())
        .map_err(JsonFeedError::Syntax)
}

fn fed(bytes: &[u8], size: usize, types: &TypeTable) -> Result<String, JsonFeedError> {
    let mut feed = JsonFeed::new(types);
    for block in bytes.chunks(size.max(1)) {
        feed.feed(block);
    }
    feed.finish().map(|v| json_text(&v).unwrap_or_default())
}

const DOCUMENTS: &[&str] = &[
    r#"{"a": [1, 2.5, -0, 1e3, "x\n\u00e9\ud83d\ude00", true, false, null], "b": {}, "c": []}"#,
    "  \n [ 1 ,\r\n 2 ]  \n ",
    "42",
    "\"text\"",
    "",
    "{\"a\": [1, 2",
    "[tru",
    "[1.",
    "[\"\\u00",
    "[truth]",
    "[01]",
    "[\"\\ud800x\"]",
    "{\"a\" 1}",
    "{\"a\": 1,}",
    "{1: 2}",
    "{}\n  {}",
    "{\n  \"a\": 1,\n  \"b\": ]\n}",
];

#[test]
fn every_block_size_agrees_on_the_documents() {
    let types = table();
    for doc in DOCUMENTS {
        let expected = whole(doc.as_bytes(), &types);
        for size in 1..=doc.len().max(1) {
            assert_eq!(
                fed(doc.as_bytes(), size, &types),
                expected,
                "{doc:?} in blocks of {size}"
            );
        }
    }
}

#[test]
fn invalid_utf8_wins_over_an_earlier_syntax_error() {
    let types = table();
    let bytes = b"[x, \"\xc3\x28\"]";
    for size in 1..=bytes.len() {
        assert_eq!(fed(bytes, size, &types), Err(JsonFeedError::Utf8(5)));
    }
    // A text ending inside a character.
    assert_eq!(fed(b"\"a\xe0\xb6", 1, &types), Err(JsonFeedError::Utf8(2)));
}

#[test]
fn a_long_string_in_small_blocks_takes_linear_time() {
    let types = table();
    let text = format!("[\"{}\"]", "x".repeat(2_000_000));
    let started = std::time::Instant::now();
    assert!(fed(text.as_bytes(), 16, &types).is_ok());
    // Quadratic re-scanning would take minutes; the doubling retry takes milliseconds.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

    /// Near-JSON text (mostly malformed) cut anywhere.
    #[test]
    fn near_json_text_agrees(text in "[\\[\\]{}\",: \\n0-9a-z.+\\\\-]{0,30}", size in 1usize..9) {
        let types = table();
        proptest::prop_assert_eq!(fed(text.as_bytes(), size, &types), whole(text.as_bytes(), &types));
    }

    /// Bytes with invalid and cut UTF-8 sequences among JSON punctuation.
    #[test]
    fn bytes_agree(
        bytes in proptest::collection::vec(
            proptest::sample::select(vec![b'[', b']', b'"', b',', b'1', b' ', b'{', b'}', b':', 0xc3, 0xa9, 0xe0, 0xb6, 0xff]),
            0..24,
        ),
        size in 1usize..6,
    ) {
        let types = table();
        proptest::prop_assert_eq!(fed(&bytes, size, &types), whole(&bytes, &types));
    }
}
