//! Smoke test over the repository's golden programs: every program parses without syntax
//! diagnostics, except that the `//~ ERROR E000x` markers must be matched exactly.

use intc_span::SourceFile;

fn expected_syntax_markers(text: &str) -> Vec<(u32, String)> {
    let mut markers = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index as u32 + 1;
        for (marker, offset) in [("//~ ERROR ", 0u32), ("//~^ ERROR ", 1)] {
            if let Some(position) = line.find(marker) {
                let code: String = line[position + marker.len()..].chars().take(5).collect();
                if code.starts_with("E000") {
                    markers.push((line_number - offset, code));
                }
            }
        }
    }
    markers.sort();
    markers
}

#[test]
fn golden_programs_match_their_syntax_markers() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/programs");
    let mut failures = Vec::new();
    let mut count = 0;
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "int") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let parsed = crate::parse(intc_span::FileId(0), &text);
            let source = SourceFile::new("t.int", text.clone());
            let mut actual: Vec<(u32, String)> = parsed
                .diagnostics
                .iter()
                .map(|d| (source.line_of(d.span.start), d.code.0.to_string()))
                .collect();
            actual.sort();
            count += 1;
            let expected = expected_syntax_markers(&text);
            if actual != expected {
                failures.push(format!(
                    "{}: expected {expected:?}, got {:?}",
                    path.display(),
                    parsed
                        .diagnostics
                        .iter()
                        .map(|d| (&d.message, d.span))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every adversarial fuzz seed (deep nesting, huge literals, invalid UTF-8) parses without a
/// panic on a test thread's small stack, and dumping and dropping the tree is safe too.
#[test]
fn fuzz_seeds_parse_without_panicking() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz/seeds");
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let parsed = crate::parse(intc_span::FileId(0), &text);
        let _ = crate::dump_tokens(intc_span::FileId(0), &text);
        let _ = crate::dump_ast(&parsed.module);
        drop(parsed);
    }
}
