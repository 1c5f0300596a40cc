//! The syntax of xml (spec "XML template expression", "XML namespace declaration").
//!
//! An xml template is parsed into its structure when the expression is parsed
//! (`parser/xml_template.rs`); interpolations stay ordinary expressions. Qualified names are
//! resolved to namespaces by the numbering pass (`number.rs`, `xmlns` scoping is lexical), so
//! later stages read expanded names (`XmlName::expanded`) and never look prefixes up.

use super::Expr;
use intc_span::Span;

/// The namespace of namespace declaration attributes.
pub const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";
/// The namespace the prefix `xml` is bound to.
pub const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// `xml `...``: the content, a sequence of items.
#[derive(Clone, Debug, PartialEq)]
pub struct XmlTemplate {
    pub content: Vec<XmlNode>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum XmlNode {
    /// Character data with entity references and CDATA sections already decoded.
    Text(String),
    /// `${e}` in content.
    Interpolation(Expr),
    Element(XmlElementNode),
    /// `<!--...-->`
    Comment(Vec<XmlPiece>),
    /// `<?target content?>`
    Pi {
        target: String,
        content: Vec<XmlPiece>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct XmlElementNode {
    pub name: XmlName,
    pub attributes: Vec<XmlAttribute>,
    pub children: Vec<XmlNode>,
    pub span: Span,
}

/// A qualified name as written; `uri` is filled by the numbering pass.
#[derive(Clone, Debug, PartialEq)]
pub struct XmlName {
    pub prefix: Option<String>,
    pub local: String,
    pub span: Span,
    pub uri: Option<String>,
}

impl XmlName {
    /// `{uri}local`, or `local` for a name in no namespace.
    pub fn expanded(&self) -> String {
        match &self.uri {
            Some(uri) if !uri.is_empty() => format!("{{{uri}}}{}", self.local),
            _ => self.local.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct XmlAttribute {
    pub name: XmlName,
    pub value: Vec<XmlPiece>,
}

impl XmlAttribute {
    /// The namespace this attribute declares: `Some(("", uri))` for `xmlns="uri"`,
    /// `Some(("p", uri))` for `xmlns:p="uri"` (a declaration's value has no interpolation).
    pub fn declares(&self) -> Option<(String, String)> {
        let value = match self.value.as_slice() {
            [] => String::new(),
            [XmlPiece::Text(text)] => text.clone(),
            _ => return None,
        };
        match (&self.name.prefix, self.name.local.as_str()) {
            (None, "xmlns") => Some((String::new(), value)),
            (Some(p), local) if p == "xmlns" => Some((local.to_string(), value)),
            _ => None,
        }
    }
}

/// Text or an interpolation inside an attribute value, comment or processing instruction.
#[derive(Clone, Debug, PartialEq)]
pub enum XmlPiece {
    Text(String),
    Interpolation(Expr),
}

/// `xmlns "uri" as p;` (module level or a statement); `prefix` is `None` for the default
/// namespace.
#[derive(Clone, Debug, PartialEq)]
pub struct XmlnsDecl {
    pub uri: String,
    pub prefix: Option<super::Ident>,
    pub span: Span,
}

impl XmlTemplate {
    /// Every interpolated expression, in source order, with whether it stands in content
    /// (`true`) or in an attribute value, comment or processing instruction (`false`).
    pub fn interpolations(&self) -> Vec<(&Expr, bool)> {
        let mut out = Vec::new();
        let mut work: Vec<&XmlNode> = self.content.iter().rev().collect();
        while let Some(node) = work.pop() {
            match node {
                XmlNode::Text(_) => {}
                XmlNode::Interpolation(expr) => out.push((expr, true)),
                XmlNode::Element(element) => {
                    for attribute in &element.attributes {
                        pieces(&attribute.value, &mut out);
                    }
                    work.extend(element.children.iter().rev());
                }
                XmlNode::Comment(p) | XmlNode::Pi { content: p, .. } => pieces(p, &mut out),
            }
        }
        out
    }
}

fn pieces<'a>(pieces: &'a [XmlPiece], out: &mut Vec<(&'a Expr, bool)>) {
    for piece in pieces {
        if let XmlPiece::Interpolation(expr) = piece {
            out.push((expr, false));
        }
    }
}

/// The kind of an xml navigation step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XmlStepKind {
    /// `x.<p>`: the elements of `x` matching.
    Filter,
    /// `x/<p>`: the element children matching.
    Children,
    /// `x/*`: all children.
    AllChildren,
    /// `x/**/<p>`: the element descendants matching.
    Descendants,
}

impl XmlStepKind {
    /// The number the lowering passes to the runtime.
    pub fn code(self) -> i64 {
        self as i64
    }
}
