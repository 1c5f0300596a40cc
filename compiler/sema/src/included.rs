//! Included record parameters (`function f(*Options opts)`, spec "Function types" and
//! "Function call expression"): a named argument may give a field of the included record
//! type; the parameter's value is then a new record of that type built from those named
//! arguments and the record type's field defaults.

use crate::calls::ParamSig;
use crate::checker::Checker;
use crate::model::*;
use intc_diagnostics::codes;
use intc_span::Span;

impl<'a> Checker<'a> {
    /// The record type of an included record parameter.
    fn included_record(&self, ty: TypeId) -> Option<RecordType> {
        match self.p.types.get(ty) {
            Type::Record(r) => Some(r.clone()),
            Type::ReadonlyOf(inner) => match self.p.types.get(*inner) {
                Type::Record(r) => Some(r.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The kind of an included record parameter of type `ty`: its type must be a record type
    /// (otherwise it is reported and taken as a required parameter).
    pub(crate) fn included_kind(&mut self, ty: TypeId, span: Span) -> ParamKindInfo {
        if self.included_record(ty).is_some() {
            return ParamKindInfo::Included;
        }
        if !self.p.types.is_unknown(ty) {
            self.error(
                codes::TYPE_MISMATCH,
                span,
                "expected a record type as an included parameter",
            );
        }
        ParamKindInfo::Required
    }

    /// For a named argument that names no parameter: the position (in `fixed`) of the
    /// included record parameter with a field of that name (or else a rest field), and the
    /// field's type.
    pub(crate) fn included_field(
        &self,
        fixed: &[&ParamSig],
        name: &str,
    ) -> Option<(usize, TypeId)> {
        fixed.iter().enumerate().find_map(|(i, p)| {
            if p.kind != ParamKindInfo::Included {
                return None;
            }
            let record = self.included_record(p.ty)?;
            match record.fields.iter().find(|f| f.name == name) {
                Some(field) => (field.ty != TypeArena::NEVER).then_some((i, field.ty)),
                // A name that is no field goes to the record's rest field, if it has one
                // (`*KeyValues kv` with `Value...;` takes `id = 3`).
                None => record.rest.map(|rest| (i, rest)),
            }
        })
    }

    /// The value of an included record parameter with no argument of its own: a record
    /// built from the named arguments for its fields (`given`); a required field (neither
    /// optional nor defaulted) without one is reported as a missing parameter (true).
    pub(crate) fn included_fields_source(
        &mut self,
        param: &ParamSig,
        given: Vec<(String, usize)>,
        callee: &str,
        call_span: Span,
    ) -> (ArgSource, bool) {
        let mut missing = false;
        if let Some(record) = self.included_record(param.ty) {
            let absent = record.fields.iter().find(|f| {
                !f.optional
                    && f.default.is_none()
                    && f.ty != TypeArena::NEVER
                    && !given.iter().any(|(n, _)| n == &f.name)
            });
            if let Some(field) = absent {
                let message = format!(
                    "missing required parameter '{}' in call to '{callee}()'",
                    field.name
                );
                self.error(codes::ARGUMENT_COUNT, call_span, message);
                missing = true;
            }
        }
        (ArgSource::Fields(given), missing)
    }
}

impl<'a> Checker<'a> {
    /// A rest argument of a closed record type (`f(...rec)`) gives each field as a named
    /// argument (spec "Function call expression"); true when `ty` is such a type and the
    /// fields were matched to parameters.
    pub(crate) fn spread_named_args(
        &mut self,
        fixed: &[&ParamSig],
        sources: &mut [Option<ArgSource>],
        ty: TypeId,
        index: usize,
        span: Span,
        callee: &str,
    ) -> bool {
        let Some(record) = self.included_record(ty) else {
            return false;
        };
        if record.rest.is_some() {
            return false;
        }
        for field in &record.fields {
            if field.ty == TypeArena::NEVER {
                continue;
            }
            let position = fixed
                .iter()
                .position(|p| p.name.as_deref() == Some(field.name.as_str()));
            let message = match position {
                Some(i) if sources[i].is_some() => {
                    format!("duplicate argument for parameter '{}'", field.name)
                }
                Some(_) if field.optional => format!(
                    "the optional field '{}' of a rest argument may be absent: give it as a named argument",
                    field.name
                ),
                Some(i) => {
                    self.expect_assignable(field.ty, fixed[i].ty, span);
                    sources[i] = Some(ArgSource::SpreadField(index, field.name.clone()));
                    continue;
                }
                None => format!("undefined parameter '{}' in call to '{callee}()'", field.name),
            };
            self.error(codes::ARGUMENT_NAME, span, message);
        }
        true
    }
}

impl<'a> Checker<'a> {
    /// Parameters come in the order required, defaultable, included record, rest (spec
    /// "param-list").
    pub(crate) fn check_param_order(&mut self, params: &[intc_syntax::ast::Param]) {
        use intc_syntax::ast::ParamKind;
        let mut seen_defaultable = false;
        let mut seen_included = false;
        for param in params {
            let message = match param.kind {
                ParamKind::Required if seen_included => {
                    "required parameter not allowed after included record parameters"
                }
                ParamKind::Required if seen_defaultable => {
                    "required parameter not allowed after defaultable parameters"
                }
                ParamKind::Defaultable if seen_included => {
                    "defaultable parameter not allowed after included record parameters"
                }
                _ => "",
            };
            if !message.is_empty() {
                self.error(codes::PARAMETER_ORDER, param.span, message);
            }
            seen_defaultable |= param.kind == ParamKind::Defaultable;
            seen_included |= param.kind == ParamKind::Included;
        }
    }
}
