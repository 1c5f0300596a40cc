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
    pub(crate) fn check_xml_template(&mut self, template: &'a ast::XmlTemplate) -> TypeId {
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
        TypeArena::XML
    }

    /// `x.<p>`, `x/<p>`, `x/*`, `x/**/<p>`: the base is xml, and so is the result.
    pub(crate) fn check_xml_step(&mut self, base: &'a ast::Expr) -> TypeId {
        let t = self.check_expr(base, None);
        if self.p.types.basic_mask(t) != basic::XML && !self.p.types.is_unknown(t) {
            let message = format!(
                "invalid operation: xml navigation on a value of type '{}'",
                self.p.types.display(t)
            );
            self.error(codes::XML_NAVIGATION, base.span, message);
        }
        TypeArena::XML
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
