//! intc-ide: what an editor asks about a program, answered from the checker's tables.
//!
//! Protocol-free: byte offsets in, plain data out; no I/O beyond the driver's [`FileSystem`]
//! (the embedder's, overlaid with the texts of open files). An [`AnalysisHost`] holds the open
//! files; [`AnalysisHost::analysis`] gives the [`Analysis`] (a checked snapshot) of the
//! program a file belongs to, memoised by the content of every file the compilation read.
//! The language server (`intc lsp`) maps these answers to LSP.

mod actions;
mod analysis;
mod complete;
mod complete_context;
mod host;
mod incremental;
mod line_index;
mod members;
mod navigate;
mod outline;
mod scan;
mod signature;
mod tokens;
mod workspace;

pub use actions::{CodeAction, FileEdit};
pub use analysis::{Analysis, FileKey, Location};
pub use complete::{CompletionItem, CompletionKind};
pub use host::AnalysisHost;
pub use line_index::LineIndex;
pub use navigate::{Hover, RenameError, TextEdit};
pub use outline::{FoldingRange, InlayHint, Symbol, SymbolKind};
pub use signature::{ParamHelp, SignatureHelp};
pub use tokens::{SemanticToken, TokenKind};
pub use workspace::WorkspaceSymbol;

/// One diagnostic of a file, with byte offsets into that file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileDiagnostic {
    pub start: u32,
    pub end: u32,
    pub severity: intc_diagnostics::Severity,
    pub code: &'static str,
    pub message: String,
    /// Secondary labels in the same or other files.
    pub related: Vec<(Location, String)>,
}

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_actions;
#[cfg(test)]
mod tests_complete;
#[cfg(test)]
mod tests_incremental;
#[cfg(test)]
mod tests_members;
#[cfg(test)]
mod tests_signature;
