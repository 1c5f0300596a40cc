//! Ballerina regular expressions (spec 2024R1, "Regular expressions"): the one parser of their
//! syntax, used by the checker for `re` templates (with interpolation points) and by the
//! runtime for `regexp:fromString` and for matching, which translates a pattern into the
//! syntax of the `regex` crate.
//!
//! Ballerina's syntax is a subset of ECMAScript's (Unicode mode) with Perl-style flag groups
//! `(?i-m:...)`. The translation keeps Ballerina's meaning where the two engines differ:
//! `.` excludes only `\n` and `\r` (`[^\n\r]`, or any character under the `s` flag), `\s` is
//! Ballerina's `WhiteSpaceChar` (tab, newline, carriage return, space), `\d` and `\w` are
//! ASCII as in ECMAScript, and every literal punctuation character is written as `\x{..}` so
//! that nothing in a pattern can reach the crate's own extensions (class set operations
//! `&&`, `--`, `~~`, named groups). The `x` flag (ignore whitespace and `#` comments outside
//! character classes) and the `s` flag are applied here; `i` and `m` are passed on.
//! Capturing groups are numbered identically in both syntaxes.

mod parser;
#[cfg(test)]
mod tests;

pub use regex_automata::meta::Regex;
pub use regex_automata::util::captures::Captures;
pub use regex_automata::{Anchored, Input};

/// A piece of an `re` template: literal text (with the byte offset of its first character in
/// the source file) or an interpolation `${...}` (its span).
#[derive(Clone, Copy, Debug)]
pub enum Piece<'a> {
    Text { text: &'a str, offset: usize },
    Interpolation { start: usize, end: usize },
}

/// A syntax error: its byte range in the caller's coordinates and the message, which starts
/// in lower case (`invalid character '*'`); [`SyntaxError::ballerina_message`] is the text of
/// `regexp:fromString`'s error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

impl SyntaxError {
    /// The detail message of jBallerina's `RegularExpressionParsingError`:
    /// `Failed to parse regular expression: Invalid character '*'`.
    pub fn ballerina_message(&self) -> String {
        let mut chars = self.message.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        format!(
            "Failed to parse regular expression: {first}{}",
            chars.as_str()
        )
    }
}

/// Checks the text of an `re` template; interpolations stand for atoms.
pub fn check_template(pieces: &[Piece<'_>]) -> Result<(), SyntaxError> {
    let mut units = Vec::new();
    for piece in pieces {
        match *piece {
            Piece::Text { text, offset } => parser::push_text(&mut units, text, offset),
            Piece::Interpolation { start, end } => units.push(parser::Unit {
                kind: parser::UnitKind::Interpolation,
                start,
                end,
            }),
        }
    }
    parser::translate_units(&units).map(|_| ())
}

/// Translates a complete pattern (no interpolations) into the `regex` crate's syntax; error
/// offsets are byte offsets into `pattern`.
pub fn translate(pattern: &str) -> Result<String, SyntaxError> {
    let mut units = Vec::new();
    parser::push_text(&mut units, pattern, 0);
    parser::translate_units(&units)
}

/// Parses and compiles a pattern; the error is the `fromString` detail message.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    let translated = translate(pattern).map_err(|e| e.ballerina_message())?;
    build(&translated)
}

/// Compiles a pattern whose matches must end at the end of the string (the spec's
/// definition of a full match: the pattern with `$` appended).
pub fn compile_full(pattern: &str) -> Result<Regex, String> {
    let translated = translate(pattern).map_err(|e| e.ballerina_message())?;
    build(&format!("(?:{translated})\\z"))
}

fn build(translated: &str) -> Result<Regex, String> {
    // The only errors left after our own parse are the engine's size limits.
    Regex::new(translated).map_err(|e| format!("Failed to parse regular expression: {e}"))
}

/// The text of an interpolated template: the literal pieces with each interpolated pattern
/// inserted as `(?:r)` (the spec's definition of interpolation).
pub fn interpolate<'a>(parts: impl IntoIterator<Item = TemplatePart<'a>>) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            TemplatePart::Text(text) => out.push_str(text),
            TemplatePart::Pattern(pattern) => {
                out.push_str("(?:");
                out.push_str(pattern);
                out.push(')');
            }
        }
    }
    out
}

/// A part of an evaluated template, see [`interpolate`].
pub enum TemplatePart<'a> {
    Text(&'a str),
    Pattern(&'a str),
}
