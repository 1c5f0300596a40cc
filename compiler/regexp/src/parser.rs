//! A recursive-descent parser of the spec's `RegExp` grammar that writes the `regex` crate's
//! equivalent as it goes. Nesting is bounded by [`MAX_DEPTH`] so no input can exhaust the
//! stack.

use crate::SyntaxError;
use std::fmt::Write as _;

/// Deepest group nesting accepted (far beyond any real pattern; keeps recursion bounded).
const MAX_DEPTH: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum UnitKind {
    Char(char),
    Interpolation,
}

/// One character (or interpolation point) with its byte range in the caller's coordinates.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Unit {
    pub kind: UnitKind,
    pub start: usize,
    pub end: usize,
}

pub(crate) fn push_text(units: &mut Vec<Unit>, text: &str, offset: usize) {
    for (i, c) in text.char_indices() {
        units.push(Unit {
            kind: UnitKind::Char(c),
            start: offset + i,
            end: offset + i + c.len_utf8(),
        });
    }
}

pub(crate) fn translate_units(units: &[Unit]) -> Result<String, SyntaxError> {
    let mut parser = Parser {
        units,
        pos: 0,
        out: String::new(),
        dot_all: false,
        extended: false,
        depth: 0,
    };
    parser.disjunction()?;
    if let Some(unit) = parser.units.get(parser.pos) {
        // Only an unbalanced `)` stops a top-level disjunction before the end.
        return Err(parser.invalid_at(*unit));
    }
    Ok(parser.out)
}

struct Parser<'a> {
    units: &'a [Unit],
    pos: usize,
    out: String,
    /// The `s` flag: `.` matches every character.
    dot_all: bool,
    /// The `x` flag: whitespace and `#` comments outside character classes are ignored.
    extended: bool,
    depth: usize,
}

fn is_syntax_char(c: char) -> bool {
    matches!(
        c,
        '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
    )
}

/// The general categories the spec allows (`ReUnicodeGeneralCategoryAbbr`; no `Cs`).
const GENERAL_CATEGORIES: [&str; 37] = [
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "S", "Sm",
    "Sc", "Sk", "So", "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Z", "Zs", "Zl", "Zp", "C",
    "Cc", "Cf", "Co", "Cn", "Cs",
];

/// A literal character in the crate's syntax: ASCII letters and digits and non-ASCII
/// characters as themselves, everything else as a hex escape.
fn literal(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || (!c.is_ascii() && !c.is_whitespace()) {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:X}}}", c as u32);
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<UnitKind> {
        self.units.get(self.pos).map(|u| u.kind)
    }

    fn peek_char(&self) -> Option<char> {
        match self.peek() {
            Some(UnitKind::Char(c)) => Some(c),
            _ => None,
        }
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        match self.units.get(pos).map(|u| u.kind) {
            Some(UnitKind::Char(c)) => Some(c),
            _ => None,
        }
    }

    fn end_offset(&self) -> usize {
        self.units.last().map_or(0, |u| u.end)
    }

    fn error(&self, start: usize, end: usize, message: String) -> SyntaxError {
        SyntaxError {
            start,
            end,
            message,
        }
    }

    fn invalid_at(&self, unit: Unit) -> SyntaxError {
        let shown = match unit.kind {
            UnitKind::Char(c) => c.to_string(),
            UnitKind::Interpolation => "${...}".to_string(),
        };
        self.error(unit.start, unit.end, format!("invalid character '{shown}'"))
    }

    /// `invalid character '<text of units[from..self.pos]>'`.
    fn invalid_text(&self, from: usize) -> SyntaxError {
        let to = self.pos.min(self.units.len());
        let text: String = self.units[from.min(to)..to]
            .iter()
            .map(|u| match u.kind {
                UnitKind::Char(c) => c.to_string(),
                UnitKind::Interpolation => "${...}".to_string(),
            })
            .collect();
        let start = self.units.get(from).map_or(self.end_offset(), |u| u.start);
        let end = self
            .units
            .get(to.saturating_sub(1))
            .map_or(self.end_offset(), |u| u.end);
        self.error(start, end, format!("invalid character '{text}'"))
    }

    fn end_error(&self) -> SyntaxError {
        let end = self.end_offset();
        self.error(end, end, "invalid end of characters".to_string())
    }

    /// `missing 'c' character`, at the current position (or the end).
    fn missing(&self, c: char) -> SyntaxError {
        let (start, end) = match self.units.get(self.pos) {
            Some(u) => (u.start, u.end),
            None => (self.end_offset(), self.end_offset()),
        };
        self.error(start, end, format!("missing '{c}' character"))
    }

    /// Under the `x` flag, skips whitespace and comments.
    fn skip_ignored(&mut self) {
        if !self.extended {
            return;
        }
        while let Some(c) = self.peek_char() {
            match c {
                '\t' | '\n' | '\r' | ' ' => self.pos += 1,
                '#' => {
                    while let Some(c) = self.peek_char() {
                        self.pos += 1;
                        if c == '\n' {
                            break;
                        }
                    }
                }
                _ => break,
            }
        }
    }

    fn disjunction(&mut self) -> Result<(), SyntaxError> {
        loop {
            self.sequence()?;
            if self.peek_char() == Some('|') {
                self.pos += 1;
                self.out.push('|');
            } else {
                return Ok(());
            }
        }
    }

    fn sequence(&mut self) -> Result<(), SyntaxError> {
        loop {
            self.skip_ignored();
            match self.peek() {
                None | Some(UnitKind::Char('|' | ')')) => return Ok(()),
                _ => self.term()?,
            }
        }
    }

    fn term(&mut self) -> Result<(), SyntaxError> {
        let Some(unit) = self.units.get(self.pos).copied() else {
            return Err(self.end_error());
        };
        match unit.kind {
            UnitKind::Char('^') => {
                self.pos += 1;
                self.out.push('^');
                return Ok(());
            }
            UnitKind::Char('$') => {
                self.pos += 1;
                self.out.push('$');
                return Ok(());
            }
            UnitKind::Interpolation => {
                self.pos += 1;
                self.out.push_str("(?:)");
            }
            UnitKind::Char('.') => {
                self.pos += 1;
                self.out
                    .push_str(if self.dot_all { "(?s:.)" } else { "[^\\n\\r]" });
            }
            UnitKind::Char('\\') => self.escape(false)?,
            UnitKind::Char('[') => self.class()?,
            UnitKind::Char('(') => self.group()?,
            UnitKind::Char(c) if is_syntax_char(c) => return Err(self.invalid_at(unit)),
            UnitKind::Char(c) => {
                self.pos += 1;
                literal(&mut self.out, c);
            }
        }
        self.quantifier()
    }

    fn quantifier(&mut self) -> Result<(), SyntaxError> {
        self.skip_ignored();
        match self.peek_char() {
            Some(c @ ('*' | '+' | '?')) => {
                self.pos += 1;
                self.out.push(c);
            }
            Some('{') => {
                let open = self.pos;
                self.pos += 1;
                let least = self.digits();
                if least.is_empty() {
                    return Err(match self.units.get(self.pos) {
                        Some(unit) => self.invalid_at(*unit),
                        None => self.end_error(),
                    });
                }
                let mut most = None;
                let mut comma = false;
                if self.peek_char() == Some(',') {
                    self.pos += 1;
                    comma = true;
                    let digits = self.digits();
                    if !digits.is_empty() {
                        most = Some(digits);
                    }
                }
                if self.peek_char() != Some('}') {
                    return Err(self.missing('}'));
                }
                self.pos += 1;
                if let (Ok(a), Some(Ok(b))) =
                    (least.parse::<u64>(), most.as_deref().map(str::parse::<u64>))
                {
                    if a > b {
                        let start = self.units[open].start;
                        let end = self.units[self.pos - 1].end;
                        return Err(self.error(
                            start,
                            end,
                            format!("numbers out of order in '{{{least},{b}}}' quantifier"),
                        ));
                    }
                }
                let _ = write!(self.out, "{{{least}");
                if comma {
                    self.out.push(',');
                }
                if let Some(most) = most {
                    self.out.push_str(&most);
                }
                self.out.push('}');
            }
            _ => return Ok(()),
        }
        if self.peek_char() == Some('?') {
            self.pos += 1;
            self.out.push('?');
        }
        Ok(())
    }

    fn digits(&mut self) -> String {
        let mut digits = String::new();
        while let Some(c) = self.peek_char().filter(char::is_ascii_digit) {
            digits.push(c);
            self.pos += 1;
        }
        digits
    }

    /// `\...` outside (`in_class == false`) or inside a character class.
    fn escape(&mut self, in_class: bool) -> Result<(), SyntaxError> {
        let backslash = self.pos;
        self.pos += 1;
        let Some(c) = self.peek_char() else {
            return Err(match self.peek() {
                Some(_) => {
                    self.pos += 1;
                    self.invalid_text(backslash)
                }
                None => self.end_error(),
            });
        };
        self.pos += 1;
        let class = |negated: bool, body: &str| -> String {
            match (in_class, negated) {
                (true, false) => body.to_string(),
                (_, true) => format!("[^{body}]"),
                (false, false) => format!("[{body}]"),
            }
        };
        const DIGIT: &str = "0-9";
        const WORD: &str = "0-9A-Za-z_";
        const SPACE: &str = "\\t\\n\\r ";
        match c {
            'd' => self.out.push_str(&class(false, DIGIT)),
            'D' => self.out.push_str(&class(true, DIGIT)),
            'w' => self.out.push_str(&class(false, WORD)),
            'W' => self.out.push_str(&class(true, WORD)),
            's' => self.out.push_str(&class(false, SPACE)),
            'S' => self.out.push_str(&class(true, SPACE)),
            'n' => self.out.push_str("\\n"),
            'r' => self.out.push_str("\\r"),
            't' => self.out.push_str("\\t"),
            'u' => self.numeric_escape(backslash)?,
            'p' | 'P' => self.property(backslash, c == 'P')?,
            '-' if in_class => literal(&mut self.out, '-'),
            c if is_syntax_char(c) => literal(&mut self.out, c),
            _ => return Err(self.invalid_text(backslash)),
        }
        Ok(())
    }

    /// `\u{HHHHHH}` (the `\u` already read).
    fn numeric_escape(&mut self, backslash: usize) -> Result<(), SyntaxError> {
        if self.peek_char() != Some('{') {
            return Err(self.invalid_text(backslash));
        }
        self.pos += 1;
        let mut hex = String::new();
        while let Some(c) = self.peek_char().filter(char::is_ascii_hexdigit) {
            hex.push(c);
            self.pos += 1;
        }
        if hex.is_empty() || hex.len() > 6 || self.peek_char() != Some('}') {
            // Show what was read, up to the next non-hex character (jBallerina's form).
            return Err(self.invalid_text(backslash));
        }
        self.pos += 1;
        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
            Some(c) => {
                literal(&mut self.out, c);
                Ok(())
            }
            None => Err(self.invalid_text(backslash)),
        }
    }

    /// `\p{...}` / `\P{...}` (the letter already read).
    fn property(&mut self, backslash: usize, negated: bool) -> Result<(), SyntaxError> {
        if self.peek_char() != Some('{') {
            return Err(self.invalid_text(backslash));
        }
        self.pos += 1;
        let value_start = self.pos;
        let mut text = String::new();
        while let Some(c) = self.peek_char() {
            if c == '}' {
                break;
            }
            text.push(c);
            self.pos += 1;
        }
        let (script, name) = if let Some(rest) = text.strip_prefix("sc=") {
            (true, rest)
        } else if let Some(rest) = text.strip_prefix("gc=") {
            (false, rest)
        } else {
            (false, text.as_str())
        };
        let prefix_len = text.len() - name.len();
        // The value: letters, digits and `_` only.
        if let Some(bad) = name
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        {
            let from = value_start + prefix_len;
            self.pos = from + name[..=bad.0].chars().count();
            return Err(self.invalid_text(from));
        }
        if name.is_empty() {
            return Err(if self.peek().is_none() {
                self.end_error()
            } else {
                self.missing_value(value_start)
            });
        }
        if self.peek_char() != Some('}') {
            return Err(self.missing('}'));
        }
        self.pos += 1;
        let valid = if script {
            regex_automata::meta::Regex::new(&format!("\\p{{sc={name}}}")).is_ok()
        } else {
            GENERAL_CATEGORIES[..36].contains(&name)
        };
        if !valid {
            self.pos -= 1;
            return Err(self.invalid_text(value_start + prefix_len));
        }
        let letter = if negated { 'P' } else { 'p' };
        if script {
            let _ = write!(self.out, "\\{letter}{{sc={name}}}");
        } else {
            let _ = write!(self.out, "\\{letter}{{gc={name}}}");
        }
        Ok(())
    }

    fn missing_value(&self, at: usize) -> SyntaxError {
        match self.units.get(at) {
            Some(unit) => self.invalid_at(*unit),
            None => self.end_error(),
        }
    }

    /// `[...]`.
    fn class(&mut self) -> Result<(), SyntaxError> {
        self.pos += 1;
        let negated = self.peek_char() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut body = String::new();
        let mut atoms = 0;
        let saved = std::mem::take(&mut self.out);
        let result = self.class_atoms(&mut atoms);
        body.push_str(&std::mem::replace(&mut self.out, saved));
        result?;
        if self.peek_char() != Some(']') {
            return Err(self.missing(']'));
        }
        let close = self.units[self.pos];
        self.pos += 1;
        if atoms == 0 {
            if negated {
                // `[^]`: any character.
                self.out.push_str("(?s:.)");
                return Ok(());
            }
            return Err(self.error(
                close.start.saturating_sub(1),
                close.end,
                "empty character class disallowed".to_string(),
            ));
        }
        self.out.push('[');
        if negated {
            self.out.push('^');
        }
        self.out.push_str(&body);
        self.out.push(']');
        Ok(())
    }

    /// The atoms and ranges of a class body, written to `self.out`.
    fn class_atoms(&mut self, atoms: &mut usize) -> Result<(), SyntaxError> {
        loop {
            match self.peek() {
                None | Some(UnitKind::Char(']')) => return Ok(()),
                Some(UnitKind::Interpolation) => {
                    let unit = self.units[self.pos];
                    return Err(self.error(
                        unit.start,
                        unit.end,
                        "interpolation is not allowed in a character class".to_string(),
                    ));
                }
                Some(UnitKind::Char(_)) => {}
            }
            let first = self.class_atom()?;
            *atoms += 1;
            let is_range = self.peek_char() == Some('-')
                && !matches!(self.char_at(self.pos + 1), None | Some(']'));
            if !is_range {
                continue;
            }
            let dash = self.pos;
            self.pos += 1;
            let second = self.class_atom()?;
            match (first.single, second.single) {
                (Some(a), Some(b)) => {
                    if a > b {
                        let start = first.start;
                        let end = self.units[self.pos - 1].end;
                        return Err(self.error(
                            start,
                            end,
                            format!(
                                "invalid character class range '{}-{}'",
                                first.text, second.text
                            ),
                        ));
                    }
                    // Replace "a" "b" by "a-b": the two literals were written already.
                    let b_len = second.written;
                    let at = self.out.len() - b_len;
                    self.out.insert(at, '-');
                }
                _ => {
                    // A class escape at either end (`[\w-z]`): jBallerina reads the union of
                    // both ends and the dash.
                    let _ = dash;
                    literal(&mut self.out, '-');
                }
            }
        }
    }

    fn class_atom(&mut self) -> Result<ClassAtom, SyntaxError> {
        let from = self.pos;
        let before = self.out.len();
        let start = self.units.get(from).map_or(self.end_offset(), |u| u.start);
        let single = match self.peek() {
            Some(UnitKind::Char('\\')) => {
                self.escape(true)?;
                decode_single(&self.out[before..])
            }
            Some(UnitKind::Char(c)) => {
                self.pos += 1;
                literal(&mut self.out, c);
                Some(c)
            }
            Some(UnitKind::Interpolation) => return Err(self.invalid_at(self.units[from])),
            None => return Err(self.missing(']')),
        };
        let text = self.units[from..self.pos]
            .iter()
            .filter_map(|u| match u.kind {
                UnitKind::Char(c) => Some(c),
                UnitKind::Interpolation => None,
            })
            .collect();
        Ok(ClassAtom {
            single,
            text,
            start,
            written: self.out.len() - before,
        })
    }

    /// `(...)`, `(?:...)`, `(?flags-flags:...)`.
    fn group(&mut self) -> Result<(), SyntaxError> {
        let open = self.units[self.pos];
        self.pos += 1;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(
                open.start,
                open.end,
                format!("groups nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        let (saved_dot_all, saved_extended) = (self.dot_all, self.extended);
        if self.peek_char() == Some('?') {
            self.pos += 1;
            let mut on = String::new();
            let mut off = String::new();
            let mut seen = String::new();
            let mut negative = false;
            loop {
                let Some(unit) = self.units.get(self.pos).copied() else {
                    return Err(self.end_error());
                };
                match unit.kind {
                    UnitKind::Char(':') => {
                        self.pos += 1;
                        break;
                    }
                    UnitKind::Char('-') if !negative => {
                        negative = true;
                        self.pos += 1;
                    }
                    UnitKind::Char(flag @ ('i' | 'm' | 's' | 'x')) => {
                        if seen.contains(flag) {
                            return Err(self.error(
                                unit.start,
                                unit.end,
                                format!("duplicate flag '{flag}'"),
                            ));
                        }
                        seen.push(flag);
                        if negative {
                            off.push(flag)
                        } else {
                            on.push(flag)
                        }
                        self.pos += 1;
                    }
                    UnitKind::Char(other) => {
                        return Err(self.error(
                            unit.start,
                            unit.end,
                            format!("invalid flag '{other}'"),
                        ));
                    }
                    UnitKind::Interpolation => return Err(self.invalid_at(unit)),
                }
            }
            for flag in on.chars() {
                match flag {
                    's' => self.dot_all = true,
                    'x' => self.extended = true,
                    _ => {}
                }
            }
            for flag in off.chars() {
                match flag {
                    's' => self.dot_all = false,
                    'x' => self.extended = false,
                    _ => {}
                }
            }
            // `i` and `m` go to the engine (`m` with CRLF mode, so `\r` ends lines too).
            let engine_on: String = on
                .chars()
                .filter_map(|f| match f {
                    'i' => Some("i"),
                    'm' => Some("mR"),
                    _ => None,
                })
                .collect();
            let engine_off: String = off
                .chars()
                .filter_map(|f| match f {
                    'i' => Some("i"),
                    'm' => Some("m"),
                    _ => None,
                })
                .collect();
            self.out.push_str("(?");
            self.out.push_str(&engine_on);
            if !engine_off.is_empty() {
                self.out.push('-');
                self.out.push_str(&engine_off);
            }
            self.out.push(':');
        } else {
            self.out.push('(');
        }
        self.disjunction()?;
        if self.peek_char() != Some(')') {
            return Err(self.missing(')'));
        }
        self.pos += 1;
        self.out.push(')');
        self.dot_all = saved_dot_all;
        self.extended = saved_extended;
        self.depth -= 1;
        Ok(())
    }
}

struct ClassAtom {
    /// The one character the atom stands for, if it is not a class escape.
    single: Option<char>,
    /// Its source text (for messages).
    text: String,
    start: usize,
    /// Bytes written to the output.
    written: usize,
}

/// The character a translated class atom stands for (`x`, `\x{2D}`, `\n`), if it is one.
fn decode_single(written: &str) -> Option<char> {
    match written {
        "\\n" => return Some('\n'),
        "\\r" => return Some('\r'),
        "\\t" => return Some('\t'),
        _ => {}
    }
    if let Some(hex) = written
        .strip_prefix("\\x{")
        .and_then(|rest| rest.strip_suffix('}'))
    {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    let mut chars = written.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c != '\\' && c != '[' => Some(c),
        _ => None,
    }
}
