//! Parser tests live in `tests/`; this module holds a smoke test over the golden programs.

#[test]
fn golden_programs_parse_without_errors() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/programs");
    let mut failures = Vec::new();
    let mut count = 0;
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "int") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let parsed = crate::parse(intc_span::FileId(0), &text);
                count += 1;
                if !parsed.diagnostics.is_empty() {
                    failures.push(format!("{}: {:?}", path.display(), parsed.diagnostics));
                }
            }
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
