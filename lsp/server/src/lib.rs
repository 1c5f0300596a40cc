//! intc-lsp: `intc lsp`, the language server over stdio.
//!
//! The protocol side (tower-lsp-server) runs on a current-thread tokio runtime; every edit
//! and every request is a job for one worker thread that owns the [`intc_ide::AnalysisHost`]
//! (`worker.rs`), so edits apply in the order they arrive and each request is answered from
//! the latest text. A request whose client has gone (cancelled, or superseded) is skipped; a
//! panic inside a job is caught there and answered with an internal error, and the server
//! keeps running. `convert.rs` maps the IDE's byte offsets and plain data to LSP.

mod backend;
mod convert;
mod features;
mod worker;

use intc_driver::CompileOptions;
use tower_lsp_server::{LspService, Server};

/// Serves LSP on stdin/stdout until the client exits. `options` registers the standard
/// library (the CLI's).
pub fn run_stdio(options: CompileOptions) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let worker = worker::Worker::start(options);
        let (service, socket) = LspService::build(|client| backend::Backend::new(client, worker))
            .custom_method("intc/panicForTesting", backend::Backend::panic_for_testing)
            .finish();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}
