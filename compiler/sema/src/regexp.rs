//! Checking regular expression templates (spec "Tagged data template expression" and
//! "Regular expressions"): the pattern is parsed at compile time by `intc-regexp`, with each
//! interpolation standing for an atom, and every interpolated expression must be a
//! `regexp:RegExp`.

use crate::checker::Checker;
use crate::model::*;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    pub(crate) fn check_regexp_template(
        &mut self,
        parts: &'a [(usize, ast::TemplatePart)],
    ) -> TypeId {
        let regexp = self.regexp_type();
        let mut pieces = Vec::with_capacity(parts.len());
        for (offset, part) in parts {
            match part {
                ast::TemplatePart::Text(text) => pieces.push(intc_regexp::Piece::Text {
                    text,
                    offset: *offset,
                }),
                ast::TemplatePart::Interpolation(e) => {
                    let t = self.check_expr(e, Some(regexp));
                    let mask = self.p.types.basic_mask(t);
                    if mask != basic::REGEXP && !self.p.types.is_unknown(t) {
                        let message = format!(
                            "incompatible types: expected 'regexp:RegExp', found '{}'",
                            self.p.types.display(t)
                        );
                        self.error(codes::REGEXP_INTERPOLATION_TYPE, e.span, message);
                    }
                    pieces.push(intc_regexp::Piece::Interpolation {
                        start: *offset,
                        end: e.span.end as usize + 1,
                    });
                }
            }
        }
        if let Err(error) = intc_regexp::check_template(&pieces) {
            let clamp = |offset: usize| offset.min(u32::MAX as usize) as u32;
            let span = Span::new(self.place.file, clamp(error.start), clamp(error.end));
            let message = format!("invalid regular expression: {}", error.message);
            self.error(codes::REGEXP_SYNTAX, span, message);
        }
        regexp
    }

    /// `regexp:RegExp`.
    pub(crate) fn regexp_type(&mut self) -> TypeId {
        self.lang_module_type("regexp", "RegExp", true)
            .unwrap_or(TypeArena::UNKNOWN)
    }
}
