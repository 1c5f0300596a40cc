//! Generates the LALRPOP parser from `src/grammar.lalrpop` into OUT_DIR.

fn main() {
    println!("cargo:rerun-if-changed=src/grammar.lalrpop");
    if let Err(error) = lalrpop::Configuration::new()
        .use_cargo_dir_conventions()
        .process()
    {
        panic!("LALRPOP failed to generate the parser: {error}");
    }
}
