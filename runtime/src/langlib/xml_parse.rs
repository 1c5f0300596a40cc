//! `xml:fromString`: xml text to an xml value, with the `quick-xml` pull parser.
//!
//! Hostile input is inert: a document type declaration is skipped, never read, so no external
//! entity is fetched and no entity is ever expanded (a reference to anything but the five
//! predefined entities and character references is an error, so "billion laughs" is an error
//! at the first reference); nesting deeper than [`MAX_XML_DEPTH`] and input longer than
//! [`MAX_XML_INPUT`] are errors. The tree is built with an explicit stack, so no input makes
//! the parser recurse. Errors read `failed to parse xml: ...`, jBallerina's prefix.

use super::support::*;
use crate::error::Panic;
use crate::native::NativeContext;
use crate::value::xml::{XmlElement, XmlItem, XmlObj, XmlPi, XMLNS_NAMESPACE, XML_NAMESPACE};
use crate::value::Value;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::rc::Rc;

/// The deepest element nesting `fromString` accepts.
pub const MAX_XML_DEPTH: usize = 1_000;
/// The longest input (in bytes) `fromString` accepts.
pub const MAX_XML_INPUT: usize = 64 * 1024 * 1024;

pub(super) fn from_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = str_arg(ctx, args, 0)?;
    Ok(match parse(&text) {
        Ok(xml) => Value::xml(xml),
        Err(message) => {
            let types = ctx.types();
            crate::error::new_error(
                types,
                types.well_known.error,
                &format!("failed to parse xml: {message}"),
                Value::Nil,
                crate::value::ValueMap::default(),
            )
        }
    })
}

struct Open {
    /// The name as written (`p:a`), for the end tag check.
    raw: String,
    name: String,
    attributes: Vec<(String, String)>,
    children: XmlObj,
    /// Namespace bindings in scope before this element.
    scope_mark: usize,
}

/// Parses xml content (a sequence of items; no single root required).
pub fn parse(text: &str) -> Result<XmlObj, String> {
    if text.len() > MAX_XML_INPUT {
        return Err(format!("the input is longer than {MAX_XML_INPUT} bytes"));
    }
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = false;
    config.trim_text(false);
    let mut top = XmlObj::empty();
    let mut stack: Vec<Open> = Vec::new();
    // (prefix, uri), "" the default namespace.
    let mut scope: Vec<(String, String)> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{e} at position {}", reader.error_position()))?;
        let item = match event {
            Event::Eof => break,
            Event::Decl(_) | Event::DocType(_) => continue,
            Event::Start(start) => {
                if stack.len() >= MAX_XML_DEPTH {
                    return Err(format!("elements are nested deeper than {MAX_XML_DEPTH}"));
                }
                stack.push(open(&start, &mut scope)?);
                continue;
            }
            Event::Empty(start) => {
                let element = open(&start, &mut scope)?;
                scope.truncate(element.scope_mark);
                let prefix = element.raw.split_once(':').map(|(p, _)| p.to_string());
                XmlItem::Element(Rc::new(
                    XmlElement::new(element.name, element.attributes, Rc::new(XmlObj::empty()))
                        .with_prefix(prefix.as_deref()),
                ))
            }
            Event::End(end) => {
                let raw = String::from_utf8_lossy(end.name().as_ref()).into_owned();
                let Some(element) = stack.pop() else {
                    return Err(format!("unexpected end tag '</{raw}>'"));
                };
                if element.raw != raw {
                    return Err(format!(
                        "mismatched end tag: expected '</{}>', found '</{raw}>'",
                        element.raw
                    ));
                }
                scope.truncate(element.scope_mark);
                let prefix = element.raw.split_once(':').map(|(p, _)| p.to_string());
                XmlItem::Element(Rc::new(
                    XmlElement::new(element.name, element.attributes, Rc::new(element.children))
                        .with_prefix(prefix.as_deref()),
                ))
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| e.to_string())?;
                XmlItem::Text(Rc::new(text.into_owned()))
            }
            Event::CData(c) => XmlItem::Text(Rc::new(
                String::from_utf8_lossy(&c.into_inner()).into_owned(),
            )),
            Event::Comment(c) => XmlItem::Comment(Rc::new(
                String::from_utf8_lossy(&c.into_inner()).into_owned(),
            )),
            Event::PI(pi) => {
                let target = String::from_utf8_lossy(pi.target()).into_owned();
                let content = String::from_utf8_lossy(pi.content())
                    .trim_start()
                    .to_string();
                XmlItem::Pi(Rc::new(XmlPi { target, content }))
            }
        };
        match stack.last_mut() {
            Some(parent) => parent.children.push(item),
            None => top.push(item),
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("missing end tag '</{}>'", open.raw));
    }
    Ok(top)
}

fn open(start: &BytesStart<'_>, scope: &mut Vec<(String, String)>) -> Result<Open, String> {
    let scope_mark = scope.len();
    let raw = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut written: Vec<(String, String)> = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute
            .unescape_value()
            .map_err(|e| e.to_string())?
            .into_owned();
        if key == "xmlns" {
            scope.push((String::new(), value.clone()));
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            scope.push((prefix.to_string(), value.clone()));
        }
        written.push((key, value));
    }
    let mut attributes = Vec::with_capacity(written.len());
    for (key, value) in written {
        let name = if key == "xmlns" {
            format!("{{{XMLNS_NAMESPACE}}}xmlns")
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            format!("{{{XMLNS_NAMESPACE}}}{prefix}")
        } else {
            expand(&key, scope, false)?
        };
        attributes.push((name, value));
    }
    let name = expand(&raw, scope, true)?;
    Ok(Open {
        raw,
        name,
        attributes,
        children: XmlObj::empty(),
        scope_mark,
    })
}

/// The expanded name of `raw` (`p:a` or `a`) with the bindings in `scope`.
fn expand(raw: &str, scope: &[(String, String)], element: bool) -> Result<String, String> {
    let (prefix, local) = match raw.split_once(':') {
        Some((p, l)) => (p, l),
        None if !element => return Ok(raw.to_string()),
        None => ("", raw),
    };
    if prefix == "xml" {
        return Ok(format!("{{{XML_NAMESPACE}}}{local}"));
    }
    match scope.iter().rev().find(|(p, _)| p == prefix) {
        Some((_, uri)) if uri.is_empty() => Ok(local.to_string()),
        Some((_, uri)) => Ok(format!("{{{uri}}}{local}")),
        None if prefix.is_empty() => Ok(local.to_string()),
        None => Err(format!("undefined namespace prefix '{prefix}' in '{raw}'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::xml_text::xml_to_string;

    fn round_trip(text: &str) -> String {
        match parse(text) {
            Ok(x) => xml_to_string(&x),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn parses_and_writes_back() {
        assert_eq!(
            round_trip("<a x=\"1\">t&amp;<b/></a>"),
            "<a x=\"1\">t&amp;<b/></a>"
        );
        assert_eq!(round_trip("<!--c--><?p d?>text"), "<!--c--><?p d?>text");
        assert_eq!(
            round_trip("<p:a xmlns:p=\"urn:p\"><p:b/></p:a>"),
            "<p:a xmlns:p=\"urn:p\"><p:b/></p:a>"
        );
    }

    #[test]
    fn entities_are_never_expanded() {
        let laughs =
            "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><a>&lol2;</a>";
        assert!(round_trip(laughs).starts_with("error:"));
        let xxe = "<!DOCTYPE a [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><a>&xxe;</a>";
        assert!(round_trip(xxe).starts_with("error:"));
        // A DTD that is never referenced is skipped.
        assert_eq!(round_trip("<!DOCTYPE a><a/>"), "<a/>");
    }

    #[test]
    fn depth_is_bounded() {
        let ok = "<a>".repeat(MAX_XML_DEPTH) + &"</a>".repeat(MAX_XML_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "<a>".repeat(MAX_XML_DEPTH + 1) + &"</a>".repeat(MAX_XML_DEPTH + 1);
        assert!(parse(&deep).is_err());
        // Far deeper than any stack: still only an error.
        assert!(parse(&"<a>".repeat(1_000_000)).is_err());
    }

    #[test]
    fn malformed_input_is_an_error() {
        for bad in [
            "<a>",
            "<a></b>",
            "</a>",
            "<a x=1/>",
            "<p:a/>",
            "<a>&bogus;</a>",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    /// Xml-like text: tags, attributes, entities, comments, CDATA and junk.
    fn xmlish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("<a>".to_string()),
            Just("</a>".to_string()),
            Just("<b x=\"1\"/>".to_string()),
            Just("<p:c xmlns:p=\"urn:p\">".to_string()),
            Just("</p:c>".to_string()),
            Just("&amp;".to_string()),
            Just("&lol;".to_string()),
            Just("<!--c-->".to_string()),
            Just("<![CDATA[<z>]]>".to_string()),
            Just("<?pi d?>".to_string()),
            Just("<!DOCTYPE a [<!ENTITY lol \"x\">]>".to_string()),
            "[ -~]{0,6}",
        ];
        proptest::collection::vec(piece, 0..24).prop_map(|parts| parts.concat())
    }

    proptest::proptest! {
        /// No input panics; whatever parses prints as text that parses to an equal value.
        #[test]
        fn parse_never_panics_and_round_trips(text in xmlish()) {
            if let Ok(xml) = parse(&text) {
                let printed = xml_to_string(&xml);
                let again = parse(&printed);
                proptest::prop_assert!(again.is_ok(), "{printed}");
                if let Ok(again) = again {
                    proptest::prop_assert!(crate::value::xml::xml_equals(&xml, &again), "{printed}");
                }
            }
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,64}") {
            let _ = parse(&text);
        }
    }
}
