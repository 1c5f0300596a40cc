//! Checking xml template expressions (spec "XML template expression"): an interpolation in
//! content may be xml or a simple value (turned into text), one in an attribute value,
//! comment or processing instruction a simple value. Names were resolved by the parser's
//! numbering pass, so nothing here looks a prefix up.

use crate::checker::Checker;
use crate::model::*;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    pub(crate) fn check_xml_template(
        &mut self,
        expr: &ast::Expr,
        template: &'a ast::XmlTemplate,
        expected: Option<TypeId>,
    ) -> TypeId {
        for (e, in_content) in template.interpolations() {
            let t = self.check_expr(e, None);
            let simple = basic::BOOLEAN | basic::NUMBER | basic::STRING;
            let (allowed, expected) = if in_content {
                (simple | basic::XML, "xml|boolean|int|float|decimal|string")
            } else {
                (simple, "boolean|int|float|decimal|string")
            };
            let mask = self.p.types.basic_mask(t);
            if (mask & !allowed != 0 || mask == 0) && !self.p.types.is_unknown(t) {
                let message = format!(
                    "incompatible types: expected '{expected}', found '{}'",
                    self.p.types.display(t)
                );
                self.error(codes::XML_INTERPOLATION_TYPE, e.span, message);
            }
        }
        let ty = self.xml_template_type(template);
        // In a context that wants an immutable value the template builds one (as list and
        // mapping constructors do); lowering reads the operand type.
        if let Some(e) = expected {
            if !self.p.types.is_subtype(ty, e) {
                let frozen = self.readonly_of(ty);
                if self.p.types.is_subtype(frozen, e) {
                    let key = self.key(expr.id);
                    self.p.operand_types.insert(key, frozen);
                    return frozen;
                }
            }
        }
        ty
    }

    /// A template of one element, comment or processing instruction is of that item type
    /// (as in jBallerina: ``xml `<a/>` `` is `xml:Element`), one of character data only
    /// (interpolated simple values included) `xml:Text`, any other plain `xml`.
    fn xml_template_type(&mut self, template: &ast::XmlTemplate) -> TypeId {
        let name = match template.content.as_slice() {
            [ast::XmlNode::Element(_)] => "Element",
            [ast::XmlNode::Comment(_)] => "Comment",
            [ast::XmlNode::Pi { .. }] => "ProcessingInstruction",
            [] => {
                return self.p.types.add(Type::XmlSequence(TypeArena::NEVER));
            }
            nodes => {
                let text_only = nodes.iter().all(|n| match n {
                    ast::XmlNode::Text(_) => true,
                    ast::XmlNode::Interpolation(e) => {
                        let t = self.p.expr_type(self.place.file, e.id);
                        self.p.types.basic_mask(t) & basic::XML == 0
                    }
                    _ => false,
                });
                if !text_only {
                    return self.xml_sequence_template_type(nodes);
                }
                "Text"
            }
        };
        self.lang_module_type("xml", name, true)
            .unwrap_or(TypeArena::XML)
    }

    /// A template of several items: `xml<T>` for T the union of their item types (an
    /// interpolated xml value contributes its items' type; plain `xml` makes it `xml`), so
    /// ``xml<xml:Element> x = xml `<a/><b/>`;`` holds as in jBallerina.
    fn xml_sequence_template_type(&mut self, nodes: &[ast::XmlNode]) -> TypeId {
        let mut items = Vec::new();
        for node in nodes {
            let name = match node {
                ast::XmlNode::Element(_) => "Element",
                ast::XmlNode::Comment(_) => "Comment",
                ast::XmlNode::Pi { .. } => "ProcessingInstruction",
                ast::XmlNode::Text(_) => "Text",
                ast::XmlNode::Interpolation(e) => {
                    let t = self.p.expr_type(self.place.file, e.id);
                    if self.p.types.basic_mask(t) & basic::XML == 0 {
                        "Text"
                    } else {
                        match self.xml_item_of(t) {
                            Some(item) => {
                                items.push(item);
                                continue;
                            }
                            None => return TypeArena::XML,
                        }
                    }
                }
            };
            match self.lang_module_type("xml", name, true) {
                Some(t) => items.push(t),
                None => return TypeArena::XML,
            }
        }
        items.dedup();
        let union = self.p.types.union_of(&items);
        self.p.types.add(Type::XmlSequence(union))
    }

    /// `x.<p>`, `x/<p>`, `x/*`, `x/**/<p>`: the base is xml; the result is
    /// `xml<xml:Element>` but for `x/*`, whose children may be of any kind (spec "XML
    /// navigation expressions").
    pub(crate) fn check_xml_step(&mut self, base: &'a ast::Expr, step: ast::XmlStepKind) -> TypeId {
        let t = self.check_expr(base, None);
        if self.p.types.basic_mask(t) != basic::XML && !self.p.types.is_unknown(t) {
            let message = format!(
                "invalid operation: xml navigation on a value of type '{}'",
                self.p.types.display(t)
            );
            self.error(codes::XML_NAVIGATION, base.span, message);
        }
        if step == ast::XmlStepKind::AllChildren {
            return TypeArena::XML;
        }
        match self.lang_module_type("xml", "Element", true) {
            Some(element) => self.p.types.add(Type::XmlSequence(element)),
            None => TypeArena::XML,
        }
    }

    /// `x.name` / `x?.name` on xml (spec "XML attribute access expression"): the attribute's
    /// value, `string|error` (an error when `x` is not an element or lacks it), or
    /// `string?` for the optional form. `None` when the base is not xml.
    pub(crate) fn check_xml_attribute(
        &mut self,
        expr: &ast::Expr,
        base_ty: TypeId,
        optional: bool,
    ) -> Option<TypeId> {
        let core = self.p.types.without_nil(base_ty);
        if self.p.types.basic_mask(core) != basic::XML {
            return None;
        }
        let nil = self.p.types.contains_nil(base_ty);
        Some(if optional {
            self.p.types.optional(TypeArena::STRING)
        } else if nil {
            let message = format!(
                "invalid operation: type '{}' does not support field access",
                self.p.types.display(base_ty)
            );
            self.error(codes::INVALID_OPERATION, expr.span, message);
            TypeArena::UNKNOWN
        } else {
            self.p
                .types
                .union_of(&[TypeArena::STRING, TypeArena::ERROR])
        })
    }
}

impl<'a> Checker<'a> {
    /// `xml<T>` (spec "XML types"): `T` must be a subtype of xml.
    pub(crate) fn resolve_xml_sequence(
        &mut self,
        place: crate::checker::Place,
        inner: &'a ast::TypeDesc,
    ) -> TypeId {
        let t = self.resolve_type(place, inner);
        // A lang library type parameter (`xml<ItemType>`) is checked by its bound.
        let checked = self.lang.type_params.get(&t).copied().unwrap_or(t);
        if !self.p.types.is_unknown(checked) && !self.p.types.is_subtype(checked, TypeArena::XML) {
            let message = format!(
                "incompatible types: expected a subtype of 'xml', found '{}'",
                self.p.types.display(t)
            );
            self.error(codes::XML_SEQUENCE_PARAMETER, inner.span, message);
            return TypeArena::UNKNOWN;
        }
        self.p.types.add(Type::XmlSequence(t))
    }

    /// The built-in subtype `xml:Element` (`Comment`, `ProcessingInstruction`, `Text`),
    /// one named type each.
    pub(crate) fn xml_item_type(&mut self, name: &str) -> TypeId {
        use intc_types::xml::kinds;
        let kind = match name {
            "Element" => kinds::ELEMENT,
            "Comment" => kinds::COMMENT,
            "ProcessingInstruction" => kinds::PI,
            _ => kinds::TEXT,
        };
        self.p
            .types
            .add_named(format!("xml:{name}"), Type::XmlItem(kind))
    }
}

impl Checker<'_> {
    /// The type of the items of a value of xml type `t` (`xml:Element` for
    /// `xml<xml:Element>`), `None` when `t` does not restrict its items (plain `xml`) or is
    /// not xml.
    pub(crate) fn xml_item_of(&mut self, t: TypeId) -> Option<TypeId> {
        self.xml_item_of_depth(t, 0)
    }

    fn xml_item_of_depth(&mut self, t: TypeId, depth: u32) -> Option<TypeId> {
        // A descriptor nests `xml<xml<...>>` only as deep as it was written; the cap keeps a
        // malformed cycle from recursing.
        if depth > 64 {
            return None;
        }
        match self.p.types.get(t).clone() {
            Type::XmlItem(_) => Some(t),
            Type::XmlSequence(inner) => self.xml_item_of_depth(inner, depth + 1),
            Type::ReadonlyOf(inner) => self.xml_item_of_depth(inner, depth + 1),
            Type::Union(members) => {
                let mut items = Vec::new();
                for m in members {
                    items.push(self.xml_item_of_depth(m, depth + 1)?);
                }
                Some(self.p.types.union_of(&items))
            }
            _ => None,
        }
    }
}
