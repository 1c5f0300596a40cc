//! Replays the saved inputs of the fuzz target `data` (`fuzz/regressions/data-*.txt`, and the
//! generated seeds in `fuzz/seeds/data/` when `fuzz/make_seeds.py` has made them) through the
//! real binary: `tests/fuzz_data/parse_all.int` runs every data module parser over the text,
//! and each must answer a value or an error value — the program ends normally and reports all
//! eight parses, whatever the input.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn inputs(dir: &Path, prefix: &str, out: &mut Vec<PathBuf>) {
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
fn data_parsers_survive_the_fuzz_inputs() {
    let root = repo_root();
    let mut files = Vec::new();
    inputs(&root.join("fuzz/regressions"), "data-", &mut files);
    let saved = files.len();
    inputs(&root.join("fuzz/seeds/data"), "", &mut files);
    assert!(saved >= 5, "the saved data regressions are missing");
    files.sort();
    let program = root.join("tests/fuzz_data/parse_all.int");
    for input in files {
        let output = Command::new(env!("CARGO_BIN_EXE_intc"))
            .arg("run")
            .arg(&program)
            .arg("--")
            .arg(&input)
            .output()
            .expect("intc runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.code() == Some(0),
            "{}: exit {:?}\n{}",
            input.display(),
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
        let verdicts: Vec<&str> = stdout.lines().collect();
        assert_eq!(verdicts.len(), 8, "{}: {stdout}", input.display());
        assert!(
            verdicts
                .iter()
                .all(|l| l.ends_with(": ok") || l.ends_with(": error")),
            "{}: {stdout}",
            input.display()
        );
    }
}
