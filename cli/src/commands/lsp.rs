//! `intc lsp`: the language server over stdio, with the standard library registered.

pub fn lsp() -> u8 {
    match intc_lsp::run_stdio(crate::sources::compile_options()) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: cannot start the language server: {error}");
            crate::sources::EXIT_INTERNAL_ERROR
        }
    }
}
