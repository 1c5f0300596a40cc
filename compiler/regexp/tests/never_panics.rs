//! Any text either parses as a Ballerina regular expression or yields a syntax error whose
//! range lies inside the text; neither parsing, compiling nor matching ever panics. The fuzz
//! target `regexp` (fuzz/fuzz_targets/regexp.rs) checks the same property; its saved
//! regressions (`fuzz/regressions/regexp-*.txt`) and generated seeds (`fuzz/seeds/regexp/`)
//! are replayed here.

use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// The property, for one pattern.
fn parses_or_reports(pattern: &str) {
    match intc_regexp::translate(pattern) {
        Ok(_) => {
            // Compiling may still fail on the engine's size limits, as an error.
            if let Ok(re) = intc_regexp::compile(pattern) {
                let _ = re.is_match("abc 123 \u{e9}\n");
                let _ = re.find(pattern);
            }
            let _ = intc_regexp::compile_full(pattern);
        }
        Err(e) => {
            assert!(
                e.start <= e.end && e.end <= pattern.len(),
                "error range {}..{} outside {} bytes: {}",
                e.start,
                e.end,
                pattern.len(),
                e.message
            );
            assert!(!e.message.is_empty());
            assert!(intc_regexp::compile(pattern).is_err());
        }
    }
}

/// Text built mostly from the characters regular expressions give meaning to.
fn regexp_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "z",
        "0",
        "9",
        "\\",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "*",
        "+",
        "?",
        "|",
        "^",
        "$",
        ".",
        "-",
        ",",
        ":",
        "=",
        "!",
        "<",
        ">",
        "p",
        "P",
        "u",
        "x",
        "s",
        "i",
        "m",
        "d",
        "w",
        "\\p{L}",
        "\\u{1F600}",
        "(?i:",
        "(?",
        "{2,3}",
        "{,}",
        "[^",
        "\\k",
        "é",
        " ",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_parses_or_reports(pattern in any::<String>()) {
        parses_or_reports(&pattern);
    }

    #[test]
    fn regexp_like_text_parses_or_reports(pattern in regexp_like()) {
        parses_or_reports(&pattern);
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn text_files(dir: &Path, prefix: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(prefix) && name.ends_with(".txt") {
            out.push(path);
        }
    }
}

#[test]
fn fuzz_regressions_and_seeds_never_panic() {
    let mut files = Vec::new();
    text_files(&repo_root().join("fuzz/regressions"), "regexp-", &mut files);
    text_files(&repo_root().join("fuzz/seeds/regexp"), "", &mut files);
    assert!(
        files
            .iter()
            .any(|f| f.starts_with(repo_root().join("fuzz/regressions"))),
        "the saved regexp regressions are missing"
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_default();
        parses_or_reports(&String::from_utf8_lossy(&bytes));
    }
}
