//! The text of xml values, as jBallerina writes them (`toString`, `io:println`).
//!
//! Texts escape `&`, `<` and `>`; attribute values also `"`; an element without children is
//! `<a/>`; a name in a namespace is written with a prefix declared on the element or an
//! ancestor being written (`xmlns:p` attributes), the default namespace bare. The walk keeps
//! its own stack, so a tree of any depth is written without Rust recursion.

use crate::value::xml::{
    split_name, XmlElement, XmlItem, XmlObj, XmlStr, XMLNS_NAMESPACE, XML_NAMESPACE,
};
use std::borrow::Cow;
use std::rc::Rc;

/// An element being written: its children are written from `next` on, then its end tag.
struct Open {
    element: Rc<XmlElement>,
    children: Rc<XmlObj>,
    next: usize,
    /// The written (qualified) name, when it differs from the expanded one.
    name: Option<String>,
    /// The scope length to return to after the element.
    mark: usize,
}

/// Appends the text of `xml` to `out`.
pub fn write_xml(out: &mut String, xml: &XmlObj) {
    // In-scope (prefix, uri) bindings; "" is the default namespace.
    let mut scope: Vec<(String, String)> = Vec::new();
    // Open elements, innermost last: a walk over shared items, none cloned but the
    // elements being written.
    let mut open: Vec<Open> = Vec::new();
    // Namespace declarations an element's start tag adds (kept to reuse its buffer).
    let mut extra: Vec<(String, String)> = Vec::new();
    let mut top = 0;
    loop {
        let item = match open.last_mut() {
            Some(frame) => match frame.children.items().get(frame.next) {
                Some(item) => {
                    frame.next += 1;
                    item.clone()
                }
                None => {
                    out.push_str("</");
                    match &frame.name {
                        Some(name) => out.push_str(name),
                        None => out.push_str(&frame.element.name_ref()),
                    }
                    out.push('>');
                    scope.truncate(frame.mark);
                    open.pop();
                    continue;
                }
            },
            None => match xml.items().get(top) {
                Some(item) => {
                    top += 1;
                    item.clone()
                }
                None => break,
            },
        };
        match item {
            XmlItem::Text(text) => escape(out, &text, false),
            XmlItem::Comment(text) => {
                out.push_str("<!--");
                out.push_str(&text);
                out.push_str("-->");
            }
            XmlItem::Pi(pi) => {
                out.push_str("<?");
                out.push_str(&pi.target);
                out.push(' ');
                out.push_str(&pi.content);
                out.push_str("?>");
            }
            XmlItem::Element(element) => {
                let mark = scope.len();
                let name = start_tag(out, &element, &mut scope, &mut extra);
                let children = element.children();
                if children.is_empty() {
                    out.push_str("/>");
                    scope.truncate(mark);
                } else {
                    out.push('>');
                    open.push(Open {
                        element,
                        children,
                        next: 0,
                        name,
                        mark,
                    });
                }
            }
        }
    }
}

/// Writes `<name attributes...` of `element` (not the closing `>`), adding its namespace
/// declarations to `scope`; the written name when it is not the expanded name itself.
fn start_tag(
    out: &mut String,
    element: &XmlElement,
    scope: &mut Vec<(String, String)>,
    extra: &mut Vec<(String, String)>,
) -> Option<String> {
    // Namespace declarations are written before the other attributes (most elements have
    // none: their attributes are written in place, uncopied).
    let declared = element.attributes();
    let attributes: Cow<'_, [(XmlStr, XmlStr)]> =
        if declared.iter().any(|(name, _)| is_declaration(name)) {
            let mut sorted = declared.clone();
            sorted.sort_by_key(|(name, _)| !is_declaration(name));
            Cow::Owned(sorted)
        } else {
            Cow::Borrowed(&declared[..])
        };
    for (name, value) in attributes.iter() {
        match split_name(name) {
            (Some(XMLNS_NAMESPACE), "xmlns") | (None, "xmlns") => {
                scope.push((String::new(), value.as_str().to_owned()))
            }
            (Some(XMLNS_NAMESPACE), prefix) => {
                scope.push((prefix.to_owned(), value.as_str().to_owned()))
            }
            _ => {}
        }
    }
    extra.clear();
    let expanded = element.name_ref();
    let written = match split_name(&expanded) {
        (None, _) => None,
        _ => Some(qualified(&expanded, element.prefix(), scope, extra, true)),
    };
    out.push('<');
    out.push_str(written.as_deref().unwrap_or(&expanded));
    drop(expanded);
    for (name, value) in attributes.iter() {
        out.push(' ');
        match split_name(name) {
            (Some(XMLNS_NAMESPACE), "xmlns") | (None, "xmlns") => out.push_str("xmlns"),
            (Some(XMLNS_NAMESPACE), prefix) => {
                out.push_str("xmlns:");
                out.push_str(prefix);
            }
            (None, local) => out.push_str(local),
            _ => out.push_str(&qualified(name, None, scope, extra, false)),
        }
        out.push_str("=\"");
        escape(out, value, true);
        out.push('"');
    }
    for (prefix, uri) in extra.iter() {
        if prefix.is_empty() {
            out.push_str(" xmlns=\"");
        } else {
            out.push_str(" xmlns:");
            out.push_str(prefix);
            out.push_str("=\"");
        }
        escape(out, uri, true);
        out.push('"');
    }
    written
}

/// The written form of expanded name `name`: a prefix bound to its namespace in scope, else
/// a new declaration (added to `extra` and to the scope).
fn qualified(
    name: &str,
    hint: Option<&str>,
    scope: &mut Vec<(String, String)>,
    extra: &mut Vec<(String, String)>,
    element: bool,
) -> String {
    let (uri, local) = split_name(name);
    let Some(uri) = uri else {
        return local.to_string();
    };
    if uri == XML_NAMESPACE {
        return format!("xml:{local}");
    }
    // An unprefixed attribute is in no namespace, so only an element uses the default one.
    if let Some((prefix, _)) = scope
        .iter()
        .rev()
        .find(|(p, u)| u == uri && (element || !p.is_empty()))
    {
        return if prefix.is_empty() {
            local.to_string()
        } else {
            format!("{prefix}:{local}")
        };
    }
    // The prefix it was written with, unless that prefix is bound to another namespace here.
    let hinted = hint.filter(|h| !scope.iter().any(|(p, _)| p == h));
    let prefix = if let Some(hint) = hinted {
        hint.to_string()
    } else if element {
        String::new()
    } else {
        let mut n = 0;
        loop {
            let candidate = format!("ns{n}");
            if !scope.iter().any(|(p, _)| *p == candidate) {
                break candidate;
            }
            n += 1;
        }
    };
    scope.push((prefix.clone(), uri.to_string()));
    extra.push((prefix.clone(), uri.to_string()));
    if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    }
}

fn escape(out: &mut String, text: &str, attribute: bool) {
    // The escaped characters are ASCII, so every split falls between characters; the text
    // between them is copied in one piece.
    let bytes = text.as_bytes();
    let mut start = 0;
    loop {
        let at = next_special(bytes, start, attribute);
        let Some(&byte) = bytes.get(at) else {
            out.push_str(&text[start..]);
            return;
        };
        out.push_str(&text[start..at]);
        out.push_str(match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        start = at + 1;
    }
}

/// The index of the first byte from `from` on that [`escape`] replaces (`bytes.len()` if
/// none), testing eight bytes at a time: a byte of `word` equal to `b` is a zero byte of
/// `word ^ (ONES * b)`, and the lowest flagged byte of the classic zero-byte test is always
/// a true one (only bytes above a zero can be flagged falsely), which is the one wanted.
fn next_special(bytes: &[u8], from: usize, attribute: bool) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_where = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut i = from;
    while let Some(chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        let word = u64::from_le_bytes(*chunk);
        let mut hits = zero_where(word, b'&') | zero_where(word, b'<') | zero_where(word, b'>');
        if attribute {
            hits |= zero_where(word, b'"');
        }
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&byte) = bytes.get(i) {
        if matches!(byte, b'&' | b'<' | b'>') || (attribute && byte == b'"') {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// The text of `xml` as a new string.
pub fn xml_to_string(xml: &XmlObj) -> String {
    let mut out = String::new();
    write_xml(&mut out, xml);
    out
}

fn is_declaration(name: &str) -> bool {
    matches!(
        split_name(name),
        (Some(XMLNS_NAMESPACE), _) | (None, "xmlns")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-at-a-time escape the word-at-a-time search must agree with.
    fn escape_slowly(text: &str, attribute: bool) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' if attribute => out.push_str("&quot;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn escape_finds_every_special_byte_at_every_offset() {
        let fillers = ["", "a", "é", "abcdefg", "ab€cdefgh", "0123456789abcdef"];
        for special in ["&", "<", ">", "\"", "&<", "\">", ""] {
            for before in fillers {
                for after in fillers {
                    let text = format!("{before}{special}{after}{special}{before}");
                    for attribute in [false, true] {
                        let mut out = String::new();
                        escape(&mut out, &text, attribute);
                        assert_eq!(out, escape_slowly(&text, attribute), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn bytes_next_to_specials_are_not_taken_for_them() {
        // 0x25 '%', 0x27 '\'', 0x3b ';', 0x3d '=', 0x3f '?' and 0xa6 (in "¦") differ from
        // the escaped bytes in one bit; a zero byte sits below one.
        let text = "%';=?¦\u{0}&x";
        let mut out = String::new();
        escape(&mut out, text, true);
        assert_eq!(out, "%';=?¦\u{0}&amp;x");
    }
}
