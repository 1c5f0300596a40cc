//! A spread record argument `f(...r)`: each field of a closed record is a named argument
//! (spec "Function call expression", rest-arg of a mapping type).

use crate::calls::ParamSig;
use crate::checker::Checker;
use crate::model::*;
use intc_diagnostics::codes;
use intc_span::Span;

impl<'a> Checker<'a> {
    /// The fields of a closed record type (through `readonly`), for a spread `f(...r)`
    /// whose fields become named arguments.
    pub(crate) fn closed_record_fields(&self, ty: TypeId) -> Option<Vec<RecordField>> {
        match self.p.types.get(ty) {
            Type::Record(r) if r.rest.is_none() => Some(r.fields.clone()),
            Type::ReadonlyOf(inner) => self.closed_record_fields(*inner),
            _ => None,
        }
    }

    /// Binds each field of a spread closed record to the parameter of the same name, as the
    /// equivalent named arguments would be (spec "Function call expression", rest-arg).
    pub(crate) fn match_record_spread(
        &mut self,
        index: usize,
        fields: &[RecordField],
        fixed: &[&ParamSig],
        sources: &mut [Option<ArgSource>],
        span: Span,
    ) {
        for field in fields {
            let position = fixed
                .iter()
                .position(|p| p.name.as_deref() == Some(field.name.as_str()));
            match position {
                Some(i) if sources[i].is_none() && !field.optional => {
                    self.expect_assignable(field.ty, fixed[i].ty, span);
                    sources[i] = Some(ArgSource::Field(index, field.name.clone()));
                }
                Some(i) if sources[i].is_none() => {
                    // An optional field may be absent, so it cannot stand for an argument.
                    // (Binding it only when present is not supported.)
                    let found = self.p.types.optional(field.ty);
                    let message = format!(
                        "incompatible types: expected '{}', found '{}'",
                        self.p.types.display(fixed[i].ty),
                        self.p.types.display(found)
                    );
                    self.error(codes::TYPE_MISMATCH, span, message);
                }
                Some(_) => {
                    let message = format!("redeclared argument '{}'", field.name);
                    self.error(codes::ARGUMENT_NAME, span, message);
                }
                None => {
                    let message = format!("undefined defaultable parameter '{}'", field.name);
                    self.error(codes::ARGUMENT_NAME, span, message);
                }
            }
        }
    }
}
