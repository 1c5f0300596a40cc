//! Regular expression values (`regexp:RegExp`): the pattern's text, which is what prints and
//! what `==` compares, and the compiled matcher, built on first use and kept with the value
//! (so a pattern in a loop compiles once).

use std::cell::OnceCell;

#[derive(Debug)]
pub struct RegExpObj {
    text: String,
    compiled: OnceCell<Result<intc_regexp::Regex, String>>,
    /// The pattern anchored at the end of the string, for full matches.
    full: OnceCell<Result<intc_regexp::Regex, String>>,
}

impl RegExpObj {
    /// A value for a pattern already known to be valid (an `re` template, `fromString` after
    /// parsing); a pattern the engine then refuses (beyond its size limit) fails when used.
    pub fn new(text: String) -> RegExpObj {
        RegExpObj {
            text,
            compiled: OnceCell::new(),
            full: OnceCell::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The compiled matcher, or the `RegularExpressionParsingError` message.
    pub fn regex(&self) -> Result<&intc_regexp::Regex, &str> {
        self.compiled
            .get_or_init(|| intc_regexp::compile(&self.text))
            .as_ref()
            .map_err(String::as_str)
    }

    /// Whether all of `text` matches (`isFullMatch`), or the parsing error of a pattern the
    /// engine refuses.
    pub fn is_full_match(&self, text: &str) -> Result<bool, &str> {
        let input = intc_regexp::Input::new(text).anchored(intc_regexp::Anchored::Yes);
        Ok(self.full_regex()?.is_match(input))
    }

    /// The matcher of full matches (`isFullMatch`, `fullMatchGroups`, `string:matches`).
    pub fn full_regex(&self) -> Result<&intc_regexp::Regex, &str> {
        self.full
            .get_or_init(|| intc_regexp::compile_full(&self.text))
            .as_ref()
            .map_err(String::as_str)
    }
}
