//! Reading half-written text: which brackets are open at an offset (with the commas written
//! at their level), where an open bracket closes, and the identifier before a position.
//! Strings, comments and templates are skipped, so their brackets and commas do not count.
//! Signature help, mapping-field completion and the patches that make unfinished code
//! parse all start from here.

/// A bracket open at the offset scanned to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Open {
    /// `(`, `[` or `{`.
    pub ch: u8,
    /// Its byte offset.
    pub at: usize,
    /// The commas written directly inside it before the offset.
    pub commas: u32,
}

/// The brackets open at `offset`, outermost first.
pub(crate) fn open_brackets(text: &str, offset: usize) -> Vec<Open> {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i, end),
            b'`' => i = skip_until(bytes, i + 1, end, b'`'),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_until(bytes, i, end, b'\n'),
            ch @ (b'(' | b'[' | b'{') => stack.push(Open {
                ch,
                at: i,
                commas: 0,
            }),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.commas += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack
}

/// The offset of the bracket closing the one open at `open` (`None` when it is unclosed).
pub(crate) fn closing(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i, bytes.len()),
            b'`' => i = skip_until(bytes, i + 1, bytes.len(), b'`'),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_until(bytes, i, bytes.len(), b'\n'),
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the closing quote of the string starting at `at` (or where it stops).
fn skip_string(bytes: &[u8], at: usize, end: usize) -> usize {
    let mut i = at + 1;
    while i < end && bytes[i] != b'"' && bytes[i] != b'\n' {
        if bytes[i] == b'\\' {
            i += 1;
        }
        i += 1;
    }
    i
}

fn skip_until(bytes: &[u8], from: usize, end: usize, stop: u8) -> usize {
    let mut i = from;
    while i < end && bytes[i] != stop {
        i += 1;
    }
    i
}

pub(crate) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifier ending at `end` (its start; `end` itself when there is none).
pub(crate) fn word_start(text: &str, end: usize) -> usize {
    text.get(..end)
        .map(|before| {
            before
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_word(*c))
                .last()
                .map_or(end, |(i, _)| i)
        })
        .unwrap_or(end)
}

/// The end of the line holding `offset` (the offset of its `\n`, or the text's end).
pub(crate) fn line_end(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| offset + i)
}

/// The closers of the `(` and `[` opened after the innermost open `{` before `offset`, so a
/// patch cut at `offset` parses as a finished expression.
pub(crate) fn closers(text: &str, offset: usize) -> String {
    open_brackets(text, offset)
        .iter()
        .rev()
        .take_while(|o| o.ch != b'{')
        .map(|o| if o.ch == b'(' { ')' } else { ']' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_and_commas_skip_strings_and_comments() {
        let text = "f(a, \"(,\", [1, 2], g(x, // (,\n y, ";
        let open = open_brackets(text, text.len());
        assert_eq!(open.len(), 2);
        assert_eq!((open[0].ch, open[0].commas), (b'(', 3));
        assert_eq!((open[1].ch, open[1].commas), (b'(', 2));
        assert_eq!(closers(text, text.len()), "))");
        assert_eq!(closing("{a(b)}", 0), Some(5));
        assert_eq!(closing("{a(b)", 0), None);
        assert_eq!(word_start("x.push", 6), 2);
    }
}
