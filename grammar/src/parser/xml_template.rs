//! The structure of an xml template (spec "XML template expression"): the lexer hands the
//! template over as text pieces and interpolations, exactly as for string templates; this
//! parser reads the XML in the text, with each interpolation a hole that may stand in
//! content, an attribute value, a comment or a processing instruction. An ill-formed template
//! is a diagnostic (E0700-E0702) and still yields a tree (the part that parsed), so checking
//! goes on. It works on a flat list of characters and holes, with an explicit stack of open
//! elements (no recursion).

use crate::ast::{
    Expr, TemplatePart, XmlAttribute, XmlElementNode, XmlName, XmlNode, XmlPiece, XmlTemplate,
};
use intc_diagnostics::{codes, Code, Diagnostic};
use intc_span::{FileId, Span};

/// How deeply elements may nest in one template: later passes walk the tree recursively.
pub const MAX_TEMPLATE_DEPTH: usize = 256;

enum Unit {
    Char(char, usize),
    Hole(Box<Expr>, usize),
}

struct Parser {
    file: FileId,
    units: Vec<Unit>,
    pos: usize,
    end: usize,
    diagnostics: Vec<Diagnostic>,
    failed: bool,
}

/// An element being read: its start tag is done, its content is being collected.
struct Open {
    name: XmlName,
    attributes: Vec<XmlAttribute>,
    children: Vec<XmlNode>,
    start: usize,
}

/// Parses the template `parts` (each with the byte offset where it starts), which ends at
/// `end`; returns the tree and the diagnostics.
pub fn parse_xml_template(
    file: FileId,
    parts: Vec<(usize, TemplatePart)>,
    end: usize,
) -> (XmlTemplate, Vec<Diagnostic>) {
    let mut units = Vec::new();
    for (offset, part) in parts {
        match part {
            TemplatePart::Text(text) => {
                units.extend(text.char_indices().map(|(i, c)| Unit::Char(c, offset + i)))
            }
            TemplatePart::Interpolation(expr) => units.push(Unit::Hole(Box::new(expr), offset)),
        }
    }
    let mut parser = Parser {
        file,
        units,
        pos: 0,
        end,
        diagnostics: Vec::new(),
        failed: false,
    };
    let content = parser.content();
    (XmlTemplate { content }, parser.diagnostics)
}

impl Parser {
    fn span(&self, start: usize, end: usize) -> Span {
        let clamp = |o: usize| o.min(u32::MAX as usize) as u32;
        Span::new(self.file, clamp(start), clamp(end.max(start)))
    }

    fn offset(&self) -> usize {
        match self.units.get(self.pos) {
            Some(Unit::Char(_, o)) | Some(Unit::Hole(_, o)) => *o,
            None => self.end,
        }
    }

    fn peek(&self) -> Option<char> {
        match self.units.get(self.pos) {
            Some(Unit::Char(c, _)) => Some(*c),
            _ => None,
        }
    }

    fn at_hole(&self) -> bool {
        matches!(self.units.get(self.pos), Some(Unit::Hole(..)))
    }

    fn looking_at(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| matches!(self.units.get(self.pos + i), Some(Unit::Char(d, _)) if *d == c))
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.looking_at(s) {
            self.pos += s.chars().count();
            true
        } else {
            false
        }
    }

    fn take_hole(&mut self) -> Option<Expr> {
        let unit = self.units.get_mut(self.pos)?;
        if let Unit::Hole(expr, offset) = unit {
            let expr = std::mem::replace(
                expr,
                Box::new(Expr {
                    id: crate::ast::NodeId(0),
                    kind: crate::ast::ExprKind::Error,
                    span: Span::new(self.file, *offset as u32, *offset as u32),
                }),
            );
            self.pos += 1;
            return Some(*expr);
        }
        None
    }

    /// Reports once per template: after the first error the rest is skipped.
    fn error(&mut self, code: Code, start: usize, end: usize, message: impl Into<String>) {
        if !self.failed {
            self.failed = true;
            let span = self.span(start, end);
            self.diagnostics
                .push(Diagnostic::error(code, span, message));
        }
        self.pos = self.units.len();
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(c) if c.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// Content up to the end of the template, closing elements as their end tags come.
    fn content(&mut self) -> Vec<XmlNode> {
        let mut stack: Vec<Open> = Vec::new();
        let mut top: Vec<XmlNode> = Vec::new();
        let mut text = String::new();
        loop {
            let flush = |text: &mut String, stack: &mut Vec<Open>, top: &mut Vec<XmlNode>| {
                if !text.is_empty() {
                    let node = XmlNode::Text(std::mem::take(text));
                    match stack.last_mut() {
                        Some(open) => open.children.push(node),
                        None => top.push(node),
                    }
                }
            };
            if self.pos >= self.units.len() {
                flush(&mut text, &mut stack, &mut top);
                if let Some(open) = stack.last() {
                    let message = format!("missing end tag '</{}>'", display_name(&open.name));
                    let start = open.start;
                    self.error(codes::XML_ILL_FORMED, start, self.end, message);
                }
                // Close whatever is open so the tree is whole.
                while let Some(open) = stack.pop() {
                    let node = self.close(open);
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => top.push(node),
                    }
                }
                return top;
            }
            if self.at_hole() {
                flush(&mut text, &mut stack, &mut top);
                if let Some(expr) = self.take_hole() {
                    let node = XmlNode::Interpolation(expr);
                    match stack.last_mut() {
                        Some(open) => open.children.push(node),
                        None => top.push(node),
                    }
                }
                continue;
            }
            let start = self.offset();
            if self.eat("<!--") {
                flush(&mut text, &mut stack, &mut top);
                let pieces = self.pieces_until("-->", start, "comment");
                push(&mut stack, &mut top, XmlNode::Comment(pieces));
            } else if self.eat("<![CDATA[") {
                loop {
                    if self.eat("]]>") {
                        break;
                    }
                    match self.peek() {
                        Some(c) => {
                            text.push(c);
                            self.pos += 1;
                        }
                        None if self.at_hole() => {
                            let o = self.offset();
                            self.error(
                                codes::XML_INTERPOLATION_NOT_ALLOWED,
                                o,
                                o + 2,
                                "interpolation is not allowed in a CDATA section",
                            );
                        }
                        None => {
                            let end = self.end;
                            self.error(
                                codes::XML_ILL_FORMED,
                                start,
                                end,
                                "unterminated CDATA section",
                            );
                        }
                    }
                }
            } else if self.eat("<?") {
                flush(&mut text, &mut stack, &mut top);
                let Some(target) = self.name_text() else {
                    let o = self.offset();
                    self.error(
                        codes::XML_ILL_FORMED,
                        start,
                        o,
                        "missing target of processing instruction",
                    );
                    continue;
                };
                if target.eq_ignore_ascii_case("xml") {
                    let o = self.offset();
                    self.error(
                        codes::XML_ILL_FORMED,
                        start,
                        o,
                        "a processing instruction target cannot be 'xml'",
                    );
                    continue;
                }
                self.skip_ws();
                let content = self.pieces_until("?>", start, "processing instruction");
                push(&mut stack, &mut top, XmlNode::Pi { target, content });
            } else if self.eat("</") {
                flush(&mut text, &mut stack, &mut top);
                let Some(name) = self.qname() else {
                    let o = self.offset();
                    self.error(codes::XML_ILL_FORMED, start, o, "missing name in end tag");
                    continue;
                };
                self.skip_ws();
                if !self.eat(">") {
                    let o = self.offset();
                    self.error(codes::XML_ILL_FORMED, start, o, "expected '>' in end tag");
                    continue;
                }
                let end = self.offset();
                match stack.pop() {
                    Some(open)
                        if open.name.prefix == name.prefix && open.name.local == name.local =>
                    {
                        let node = self.close(open);
                        push(&mut stack, &mut top, node);
                    }
                    Some(open) => {
                        let message = format!(
                            "mismatched end tag: expected '</{}>', found '</{}>'",
                            display_name(&open.name),
                            display_name(&name)
                        );
                        self.error(codes::XML_ILL_FORMED, start, end, message);
                        let node = self.close(open);
                        push(&mut stack, &mut top, node);
                    }
                    None => {
                        let message =
                            format!("end tag '</{}>' without a start tag", display_name(&name));
                        self.error(codes::XML_ILL_FORMED, start, end, message);
                    }
                }
            } else if self.eat("<") {
                flush(&mut text, &mut stack, &mut top);
                if let Some(open) = self.start_tag(start) {
                    if self.eat("/>") {
                        let node = self.close(open);
                        push(&mut stack, &mut top, node);
                    } else if self.eat(">") {
                        if stack.len() >= MAX_TEMPLATE_DEPTH {
                            let o = self.offset();
                            let message = format!(
                                "xml template elements are nested deeper than {MAX_TEMPLATE_DEPTH}"
                            );
                            self.error(codes::XML_ILL_FORMED, start, o, message);
                        }
                        stack.push(open);
                    } else {
                        let o = self.offset();
                        self.error(codes::XML_ILL_FORMED, start, o, "expected '>' or '/>'");
                    }
                }
            } else if self.looking_at("&") {
                if let Some(c) = self.reference() {
                    text.push_str(&c);
                }
            } else if self.looking_at("]]>") {
                self.error(
                    codes::XML_ILL_FORMED,
                    start,
                    start + 3,
                    "']]>' is not allowed in xml content",
                );
            } else if let Some(c) = self.peek() {
                text.push(c);
                self.pos += 1;
            }
        }
    }

    fn close(&mut self, open: Open) -> XmlNode {
        let end = self.offset();
        let span = self.span(open.start, end);
        XmlNode::Element(XmlElementNode {
            name: open.name,
            attributes: open.attributes,
            children: open.children,
            span,
        })
    }

    /// `<name attrs` (the `<` already read); stops before `>` or `/>`.
    fn start_tag(&mut self, start: usize) -> Option<Open> {
        if self.at_hole() {
            let o = self.offset();
            self.error(
                codes::XML_INTERPOLATION_NOT_ALLOWED,
                o,
                o + 2,
                "interpolation is not allowed in an element name",
            );
            return None;
        }
        let Some(name) = self.qname() else {
            let o = self.offset();
            self.error(
                codes::XML_ILL_FORMED,
                start,
                o + 1,
                "expected an element name after '<'",
            );
            return None;
        };
        let mut attributes: Vec<XmlAttribute> = Vec::new();
        loop {
            let had_space = matches!(self.peek(), Some(c) if c.is_ascii_whitespace());
            self.skip_ws();
            if self.looking_at(">") || self.looking_at("/>") || self.pos >= self.units.len() {
                break;
            }
            if self.at_hole() {
                let o = self.offset();
                self.error(
                    codes::XML_INTERPOLATION_NOT_ALLOWED,
                    o,
                    o + 2,
                    "interpolation is not allowed in an attribute name",
                );
                return None;
            }
            let attr_start = self.offset();
            if !had_space {
                self.error(
                    codes::XML_ILL_FORMED,
                    attr_start,
                    attr_start + 1,
                    "expected whitespace before an attribute",
                );
                return None;
            }
            let Some(attr_name) = self.qname() else {
                self.error(
                    codes::XML_ILL_FORMED,
                    attr_start,
                    attr_start + 1,
                    "expected an attribute name",
                );
                return None;
            };
            self.skip_ws();
            if !self.eat("=") {
                let o = self.offset();
                let message = format!(
                    "expected '=' after attribute name '{}'",
                    display_name(&attr_name)
                );
                self.error(codes::XML_ILL_FORMED, attr_start, o, message);
                return None;
            }
            self.skip_ws();
            let quote = match self.peek() {
                Some(q @ ('"' | '\'')) => q,
                _ => {
                    let o = self.offset();
                    self.error(
                        codes::XML_ILL_FORMED,
                        attr_start,
                        o + 1,
                        "an attribute value must be quoted",
                    );
                    return None;
                }
            };
            self.pos += 1;
            let value = self.attribute_value(quote, attr_start)?;
            if attributes
                .iter()
                .any(|a| a.name.prefix == attr_name.prefix && a.name.local == attr_name.local)
            {
                let o = self.offset();
                let message = format!("duplicate attribute '{}'", display_name(&attr_name));
                self.error(codes::XML_DUPLICATE_ATTRIBUTE, attr_start, o, message);
                return None;
            }
            attributes.push(XmlAttribute {
                name: attr_name,
                value,
            });
        }
        Some(Open {
            name,
            attributes,
            children: Vec::new(),
            start,
        })
    }

    fn attribute_value(&mut self, quote: char, start: usize) -> Option<Vec<XmlPiece>> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        loop {
            if self.at_hole() {
                if !text.is_empty() {
                    pieces.push(XmlPiece::Text(std::mem::take(&mut text)));
                }
                pieces.extend(self.take_hole().map(XmlPiece::Interpolation));
                continue;
            }
            match self.peek() {
                None => {
                    let end = self.end;
                    self.error(
                        codes::XML_ILL_FORMED,
                        start,
                        end,
                        "unterminated attribute value",
                    );
                    return None;
                }
                Some(c) if c == quote => {
                    self.pos += 1;
                    break;
                }
                Some('<') => {
                    let o = self.offset();
                    self.error(
                        codes::XML_ILL_FORMED,
                        o,
                        o + 1,
                        "'<' is not allowed in an attribute value",
                    );
                    return None;
                }
                Some('&') => text.push_str(&self.reference()?),
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        if !text.is_empty() {
            pieces.push(XmlPiece::Text(text));
        }
        Some(pieces)
    }

    /// Text and holes up to `terminator` (comments, processing instructions).
    fn pieces_until(&mut self, terminator: &str, start: usize, what: &str) -> Vec<XmlPiece> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        loop {
            if self.eat(terminator) {
                break;
            }
            if self.at_hole() {
                if !text.is_empty() {
                    pieces.push(XmlPiece::Text(std::mem::take(&mut text)));
                }
                pieces.extend(self.take_hole().map(XmlPiece::Interpolation));
                continue;
            }
            if what == "comment" && self.looking_at("--") {
                let o = self.offset();
                self.error(
                    codes::XML_ILL_FORMED,
                    o,
                    o + 2,
                    "'--' is not allowed inside a comment",
                );
                break;
            }
            match self.peek() {
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
                None => {
                    let end = self.end;
                    self.error(
                        codes::XML_ILL_FORMED,
                        start,
                        end,
                        format!("unterminated {what}"),
                    );
                    break;
                }
            }
        }
        if !text.is_empty() {
            pieces.push(XmlPiece::Text(text));
        }
        pieces
    }

    /// `&name;` or `&#n;` / `&#xh;` (at `&`): the character(s) it stands for.
    fn reference(&mut self) -> Option<String> {
        let start = self.offset();
        self.pos += 1;
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c == ';' {
                break;
            }
            if !(c.is_alphanumeric() || c == '#') || name.len() > 32 {
                self.error(
                    codes::XML_ILL_FORMED,
                    start,
                    self.offset(),
                    "'&' must start an entity reference such as '&amp;'",
                );
                return None;
            }
            name.push(c);
            self.pos += 1;
        }
        if !self.eat(";") {
            let o = self.offset();
            self.error(
                codes::XML_ILL_FORMED,
                start,
                o,
                "'&' must start an entity reference such as '&amp;'",
            );
            return None;
        }
        let end = self.offset();
        let c = match name.as_str() {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n => n
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16).ok())
                .unwrap_or_else(|| n.strip_prefix('#').map(|d| d.parse::<u32>().ok())?)
                .and_then(char::from_u32)
                .filter(|c| *c != '\0'),
        };
        match c {
            Some(c) => Some(c.to_string()),
            None => {
                let message = if name.starts_with('#') {
                    format!("invalid character reference '&{name};'")
                } else {
                    format!("undefined entity '&{name};'")
                };
                self.error(codes::XML_UNKNOWN_ENTITY, start, end, message);
                None
            }
        }
    }

    /// An NCName.
    fn name_text(&mut self) -> Option<String> {
        let first = self.peek()?;
        if !(first.is_alphabetic() || first == '_') {
            return None;
        }
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\u{b7}') {
                name.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        Some(name)
    }

    /// `prefix:local` or `local`.
    fn qname(&mut self) -> Option<XmlName> {
        let start = self.offset();
        let first = self.name_text()?;
        let (prefix, local) = if self.looking_at(":") {
            self.pos += 1;
            match self.name_text() {
                Some(local) => (Some(first), local),
                None => return None,
            }
        } else {
            (None, first)
        };
        let end = self.offset();
        Some(XmlName {
            prefix,
            local,
            span: self.span(start, end),
            uri: None,
        })
    }
}

fn push(stack: &mut [Open], top: &mut Vec<XmlNode>, node: XmlNode) {
    match stack.last_mut() {
        Some(open) => open.children.push(node),
        None => top.push(node),
    }
}

fn display_name(name: &XmlName) -> String {
    match &name.prefix {
        Some(p) => format!("{p}:{}", name.local),
        None => name.local.clone(),
    }
}
