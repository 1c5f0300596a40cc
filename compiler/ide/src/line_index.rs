//! Byte offsets ↔ (line, UTF-16 column), the positions LSP speaks.

/// The line starts of one text.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        LineIndex {
            starts,
            len: u32::try_from(text.len()).unwrap_or(u32::MAX),
        }
    }

    /// The (line, UTF-16 column) of a byte offset; past the end clamps to the end.
    pub fn position(&self, text: &str, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.len);
        let line = match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = text
            .get(start as usize..offset as usize)
            .map(|s| s.encode_utf16().count())
            .unwrap_or(0);
        (line as u32, u32::try_from(column).unwrap_or(u32::MAX))
    }

    /// The byte offset of a (line, UTF-16 column); a column past the line's end is its end,
    /// a line past the last is the text's end.
    pub fn offset(&self, text: &str, line: u32, column: u32) -> u32 {
        let Some(&start) = self.starts.get(line as usize) else {
            return self.len;
        };
        let end = self
            .starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(self.len);
        let line_text = text.get(start as usize..end as usize).unwrap_or("");
        let mut units = 0u32;
        for (i, c) in line_text.char_indices() {
            if units >= column || c == '\n' || c == '\r' {
                return start + i as u32;
            }
            units += c.len_utf16() as u32;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn round_trips_utf16_columns() {
        let text = "ab\nπ𝄞x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 4), (1, 0));
        // 'π' is 2 bytes and 1 unit, '𝄞' 4 bytes and 2 units.
        let x = text.find('x').unwrap() as u32;
        assert_eq!(index.position(text, x), (1, 3));
        assert_eq!(index.offset(text, 1, 3), x);
        assert_eq!(index.offset(text, 9, 0), text.len() as u32);
        assert_eq!(index.offset(text, 0, 99), 2);
    }
}
