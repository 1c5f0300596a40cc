//! The human format: ariadne reports with source excerpts, coloured only when asked.

use crate::{Diagnostic, Severity};
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind};
use intc_span::{SourceMap, Span};
use std::fmt;
use std::ops::Range;

/// ariadne identifies sources by a displayable key; the file id keeps two files with the same
/// display name apart while the name is what gets printed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct SourceKey {
    id: u32,
    name: String,
}

impl fmt::Display for SourceKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.name)
    }
}

/// Renders every diagnostic as an ariadne report, separated by nothing (each report ends with
/// a newline).
pub fn render_human(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    // One ariadne source (its line index) per file for the whole batch: building it per
    // diagnostic made thousands of errors in a large file quadratic.
    let mut cache = ariadne::sources(sources.files().map(|(id, file)| {
        let key = SourceKey {
            id: id.0,
            name: file.name.clone(),
        };
        (key, file.text.clone())
    }));
    let mut text = String::new();
    for diagnostic in diagnostics {
        text.push_str(&render_one(diagnostic, sources, color, &mut cache));
    }
    text
}

fn render_one(
    diagnostic: &Diagnostic,
    sources: &SourceMap,
    color: bool,
    cache: &mut impl ariadne::Cache<SourceKey>,
) -> String {
    let Some((primary_key, primary_range)) = locate(diagnostic.span, sources) else {
        return render_without_source(diagnostic);
    };
    let kind = match diagnostic.severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
        Severity::Note => ReportKind::Advice,
    };
    let config = Config::default()
        .with_color(color)
        .with_index_type(IndexType::Byte);
    let primary_message = if diagnostic.labels.is_empty() {
        diagnostic.message.as_str()
    } else {
        ""
    };
    let mut primary =
        Label::new((primary_key.clone(), primary_range.clone())).with_color(Color::Red);
    if !primary_message.is_empty() {
        primary = primary.with_message(primary_message);
    }
    let mut builder = Report::build(kind, (primary_key.clone(), primary_range))
        .with_config(config)
        .with_code(diagnostic.code.0)
        .with_message(&diagnostic.message)
        .with_label(primary);
    for label in &diagnostic.labels {
        if let Some((key, range)) = locate(label.span, sources) {
            builder = builder.with_label(
                Label::new((key.clone(), range))
                    .with_message(&label.message)
                    .with_color(Color::Blue),
            );
        }
    }
    if let Some(help) = &diagnostic.help {
        builder = builder.with_help(help);
    }
    let mut output = Vec::new();
    if builder.finish().write(cache, &mut output).is_err() {
        return render_without_source(diagnostic);
    }
    String::from_utf8_lossy(&output).into_owned()
}

/// A diagnostic with no usable location (e.g. a configuration error) as a plain block.
fn render_without_source(diagnostic: &Diagnostic) -> String {
    let mut text = format!(
        "{}[{}]: {}\n",
        super::severity_word(diagnostic.severity),
        diagnostic.code.0,
        diagnostic.message
    );
    if let Some(help) = &diagnostic.help {
        text.push_str(&format!("  help: {help}\n"));
    }
    text
}

/// The ariadne key and a byte range clamped into the file and onto char boundaries, so that a
/// slightly wrong span from an earlier stage can never make rendering panic.
fn locate(span: Span, sources: &SourceMap) -> Option<(SourceKey, Range<usize>)> {
    if span.is_dummy() {
        return None;
    }
    let file = sources.get(span.file)?;
    let text = file.text.as_str();
    let mut start = (span.start as usize).min(text.len());
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Some((
        SourceKey {
            id: span.file.0,
            name: file.name.clone(),
        },
        start..end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes;

    fn sample() -> (SourceMap, Diagnostic) {
        let mut sources = SourceMap::new();
        let file = sources.add("main.int", "function main() {\n    int x = \"a\";\n}\n");
        let diagnostic = Diagnostic::error(
            codes::TYPE_MISMATCH,
            Span::new(file, 30, 33),
            "incompatible types: expected 'int', found 'string'",
        )
        .with_help("use an int literal");
        (sources, diagnostic)
    }

    #[test]
    fn plain_report_shows_code_message_file_line_and_help() {
        let (sources, diagnostic) = sample();
        let text = render_human(&[diagnostic], &sources, false);
        assert!(text.contains("[E0200]"), "{text}");
        assert!(
            text.contains("incompatible types: expected 'int', found 'string'"),
            "{text}"
        );
        assert!(text.contains("main.int:2:13"), "{text}");
        assert!(text.contains("int x = \"a\";"), "{text}");
        assert!(text.contains("use an int literal"), "{text}");
        assert!(
            !text.contains('\u{1b}'),
            "no escape codes without colour: {text}"
        );
    }

    #[test]
    fn coloured_report_has_escape_codes() {
        let (sources, diagnostic) = sample();
        let text = render_human(&[diagnostic], &sources, true);
        assert!(text.contains('\u{1b}'));
    }

    #[test]
    fn dummy_span_and_bad_offsets_do_not_panic() {
        let mut sources = SourceMap::new();
        let file = sources.add("u.int", "é\n");
        let inside_char = Diagnostic::error(codes::LEXICAL, Span::new(file, 1, 99), "bad");
        let no_file =
            Diagnostic::error(codes::CONFIG, Span::DUMMY, "missing value").with_help("set it");
        let text = render_human(&[inside_char, no_file], &sources, false);
        assert!(text.contains("bad"));
        assert!(
            text.contains("error[E0400]: missing value\n  help: set it\n"),
            "{text}"
        );
    }
}
