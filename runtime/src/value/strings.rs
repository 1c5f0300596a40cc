//! Code-point based string helpers (Ballerina strings index by code point, not byte).

/// Number of code points.
pub fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// The code point at `index`, if in range.
pub fn char_at(text: &str, index: usize) -> Option<char> {
    if text.is_ascii() {
        text.as_bytes().get(index).map(|b| *b as char)
    } else {
        text.chars().nth(index)
    }
}

/// The substring of code points `start..end`, or `None` if out of range or reversed.
pub fn char_substring(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    if text.is_ascii() {
        return text.get(start..end);
    }
    let mut indices = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let begin = indices.nth(start)?;
    let finish = if end == start {
        begin
    } else {
        indices.nth(end - start - 1)?
    };
    text.get(begin..finish)
}
