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
                let name = start_tag(out, &element, &mut scope);
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
    let mut extra: Vec<(String, String)> = Vec::new();
    let expanded = element.name_ref();
    let written = match split_name(&expanded) {
        (None, _) => None,
        _ => Some(qualified(
            &expanded,
            element.prefix(),
            scope,
            &mut extra,
            true,
        )),
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
            _ => out.push_str(&qualified(name, None, scope, &mut extra, false)),
        }
        out.push_str("=\"");
        escape(out, value, true);
        out.push('"');
    }
    for (prefix, uri) in &extra {
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
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attribute => "&quot;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        start = i + 1;
    }
    out.push_str(&text[start..]);
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
