//! Generates the LALRPOP parser into OUT_DIR. The grammar is one LALRPOP grammar kept in
//! several files (`src/grammar/*.lalrpop`, concatenated in name order: the header with the
//! token declarations first), so that no file grows past a readable size.

use std::path::{Path, PathBuf};

fn main() {
    let dir = Path::new("src/grammar");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut parts: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("grammar directory")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "lalrpop"))
        .collect();
    parts.sort();
    let mut grammar = String::new();
    for part in &parts {
        println!("cargo:rerun-if-changed={}", part.display());
        grammar.push_str(&std::fs::read_to_string(part).expect("grammar part"));
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("grammar.lalrpop"), grammar).expect("write grammar");
    if let Err(error) = lalrpop::Configuration::new()
        .set_out_dir(&out)
        .process_file(out.join("grammar.lalrpop"))
    {
        panic!("LALRPOP failed to generate the parser: {error}");
    }
}
