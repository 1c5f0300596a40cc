//! The numbering pass's part for xml: `xmlns` declarations in scope (module level first, then
//! per block in order) and the resolution of every qualified name in an xml template to its
//! namespace (spec "XML namespace declaration": the scoping is lexical, so it is done here
//! once and later stages read expanded names). A template's top-level element also gets a
//! declaration attribute for each namespace its subtree takes from an `xmlns` declaration,
//! as jBallerina writes them (`<ns:a xmlns:ns="urn:x"/>`).

use crate::ast::*;
use intc_diagnostics::{codes, Diagnostic};

/// Namespace bindings in scope: (prefix, uri), "" being the default namespace.
#[derive(Default)]
pub(crate) struct XmlnsScope {
    bindings: Vec<(String, String)>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl XmlnsScope {
    pub(crate) fn mark(&self) -> usize {
        self.bindings.len()
    }

    pub(crate) fn reset(&mut self, mark: usize) {
        self.bindings.truncate(mark);
    }

    pub(crate) fn declare(&mut self, decl: &XmlnsDecl) {
        let prefix = decl.prefix.as_ref().map_or("", |p| p.name.as_str());
        if prefix == "xmlns" || prefix == "xml" {
            self.diagnostics.push(Diagnostic::error(
                codes::XML_INVALID_XMLNS,
                decl.span,
                format!("the prefix '{prefix}' cannot be declared"),
            ));
            return;
        }
        if decl.uri.is_empty() && !prefix.is_empty() {
            self.diagnostics.push(Diagnostic::error(
                codes::XML_INVALID_XMLNS,
                decl.span,
                format!("the prefix '{prefix}' cannot be bound to the empty namespace"),
            ));
            return;
        }
        self.bindings.push((prefix.to_string(), decl.uri.clone()));
    }

    fn lookup(&self, prefix: &str) -> Option<&str> {
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.as_str())
    }

    /// Resolves a name pattern of a navigation step (`*` alone matches every name; an
    /// unprefixed name is in the default namespace, as an element name would be).
    pub(crate) fn resolve_pattern(&mut self, name: &mut XmlName) {
        if name.prefix.is_none() && name.local == "*" {
            return;
        }
        self.name(name, true, &[], &mut Vec::new());
    }

    /// `x.p:n`: the parser keeps the prefixed name `p:n` as the field's name (no other field
    /// name has a colon); it becomes the expanded attribute name `{uri}n`.
    pub(crate) fn resolve_attribute_access(&mut self, field: &mut Ident) {
        let Some((prefix, local)) = field.name.split_once(':') else {
            return;
        };
        let mut name = XmlName {
            prefix: Some(prefix.to_string()),
            local: local.to_string(),
            span: field.span,
            uri: None,
        };
        self.name(&mut name, false, &[], &mut Vec::new());
        field.name = name.expanded();
    }

    /// Resolves the names of `template`'s elements and attributes.
    pub(crate) fn resolve_template(&mut self, template: &mut XmlTemplate) {
        for node in &mut template.content {
            if let XmlNode::Element(element) = node {
                let mut used: Vec<(String, String)> = Vec::new();
                let mut local: Vec<(String, String)> = Vec::new();
                self.element(element, &mut local, &mut used);
                for (prefix, uri) in used {
                    let local_name = if prefix.is_empty() {
                        "xmlns".to_string()
                    } else {
                        prefix
                    };
                    let prefix = if local_name == "xmlns" {
                        None
                    } else {
                        Some("xmlns".to_string())
                    };
                    if element
                        .attributes
                        .iter()
                        .any(|a| a.name.prefix == prefix && a.name.local == local_name)
                    {
                        continue;
                    }
                    element.attributes.push(XmlAttribute {
                        name: XmlName {
                            prefix,
                            local: local_name,
                            span: element.name.span,
                            uri: Some(XMLNS_NAMESPACE.to_string()),
                        },
                        value: vec![XmlPiece::Text(uri)],
                    });
                }
            }
        }
    }

    /// `local` holds the declarations of the template's enclosing elements; `used` collects
    /// the bindings taken from `xmlns` declarations.
    fn element(
        &mut self,
        element: &mut XmlElementNode,
        local: &mut Vec<(String, String)>,
        used: &mut Vec<(String, String)>,
    ) {
        let mark = local.len();
        for attribute in &element.attributes {
            if let Some(binding) = attribute.declares() {
                local.push(binding);
            }
        }
        self.name(&mut element.name, true, local, used);
        for attribute in &mut element.attributes {
            if attribute.declares().is_some() {
                attribute.name.uri = Some(XMLNS_NAMESPACE.to_string());
                if attribute.name.prefix.is_none() {
                    // `xmlns="u"` is the attribute `{http://www.w3.org/2000/xmlns/}xmlns`.
                    attribute.name.uri = Some(XMLNS_NAMESPACE.to_string());
                }
                continue;
            }
            self.name(&mut attribute.name, false, local, used);
        }
        for child in &mut element.children {
            if let XmlNode::Element(child) = child {
                self.element(child, local, used);
            }
        }
        local.truncate(mark);
    }

    fn name(
        &mut self,
        name: &mut XmlName,
        is_element: bool,
        local: &[(String, String)],
        used: &mut Vec<(String, String)>,
    ) {
        let prefix = match &name.prefix {
            Some(p) => p.clone(),
            // An unprefixed attribute is in no namespace.
            None if !is_element => return,
            None => String::new(),
        };
        if prefix == "xml" {
            name.uri = Some(XML_NAMESPACE.to_string());
            return;
        }
        if let Some((_, uri)) = local.iter().rev().find(|(p, _)| *p == prefix) {
            name.uri = Some(uri.clone());
            return;
        }
        match self.lookup(&prefix) {
            Some(uri) => {
                let uri = uri.to_string();
                if !uri.is_empty() && !used.iter().any(|(p, _)| *p == prefix) {
                    used.push((prefix.clone(), uri.clone()));
                }
                name.uri = Some(uri);
            }
            None if prefix.is_empty() => {}
            None => self.diagnostics.push(Diagnostic::error(
                codes::XML_UNDEFINED_PREFIX,
                name.span,
                format!("undefined xml namespace prefix '{prefix}'"),
            )),
        }
    }
}
