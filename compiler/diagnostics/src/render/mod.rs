//! Renderers turning [`Diagnostic`] values into text: a coloured ariadne report for people, a
//! one-line form for tools and golden tests, and JSON lines for editors.

mod human;
mod json;
mod short;

pub use human::render_human;
pub use json::{diagnostic_to_json, render_json};
pub use short::{render_short, render_short_line};

use crate::{Diagnostic, Severity};
use intc_span::{SourceMap, Span};

/// How diagnostics are printed (`--message-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MessageFormat {
    /// The ariadne report with source excerpts.
    #[default]
    Human,
    /// `FILE:LINE:COL: error[CODE]: message`, one line each.
    Short,
    /// One JSON object per line.
    Json,
}

/// Renders every diagnostic in the given format; the result ends with a newline unless empty.
pub fn render(
    format: MessageFormat,
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    color: bool,
) -> String {
    match format {
        MessageFormat::Human => render_human(diagnostics, sources, color),
        MessageFormat::Short => render_short(diagnostics, sources),
        MessageFormat::Json => render_json(diagnostics, sources),
    }
}

/// Whether coloured output suits a stream: never when `NO_COLOR` is set to a non-empty value
/// (see no-color.org) or when the stream is not a terminal.
pub fn color_enabled(stream_is_terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    stream_is_terminal && !no_color
}

/// The lower-case word used for a severity in every format.
pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A span resolved to a file name and 1-based line/column bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResolvedSpan {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// Resolves a span against the source map; `None` for dummy spans or unknown files.
pub(crate) fn resolve_span(span: Span, sources: &SourceMap) -> Option<ResolvedSpan> {
    if span.is_dummy() {
        return None;
    }
    let file = sources.get(span.file)?;
    let length = u32::try_from(file.text.len()).unwrap_or(u32::MAX);
    let start = file.line_col(span.start.min(length));
    let end = file.line_col(span.end.min(length).max(span.start.min(length)));
    Some(ResolvedSpan {
        file: file.name.clone(),
        line: start.line,
        column: start.col,
        end_line: end.line,
        end_column: end.col,
    })
}
