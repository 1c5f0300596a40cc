//! Parameter names and defaults of function type descriptors (`function (int a, int b = 1)
//! returns int`). Spec "Function types": the caller builds the argument list from the
//! declared function type, so a call through a variable of that type may name its
//! parameters and gets the type's defaults (not those of the function value it holds).
//! intc requires these defaults to be constant expressions of a simple basic type.

use crate::calls::ParamSig;
use crate::checker::{Checker, Place};
use crate::consts::NumericHint;
use crate::model::*;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    /// Records the names and defaults of a function type descriptor's parameters for the
    /// function type `fn_ty`. A default that is not a constant is an error in a function type
    /// descriptor (`strict`); in an object type's method declaration it leaves the default to
    /// the method of the object's class, as intc did before (see docs/differences.md).
    pub(crate) fn record_function_type_params(
        &mut self,
        place: Place,
        signature: &'a ast::FunctionSignature,
        fn_ty: TypeId,
        strict: bool,
    ) {
        let types = match self.p.types.get(fn_ty) {
            Type::Function(ft) => ft.params.clone(),
            _ => return,
        };
        let fixed: Vec<&ast::Param> = signature
            .params
            .iter()
            .filter(|p| p.kind != ast::ParamKind::Rest)
            .collect();
        if fixed
            .iter()
            .all(|p| p.name.name.is_empty() && p.default.is_none())
        {
            return;
        }
        let mut params = Vec::new();
        for (param, &ty) in fixed.iter().zip(&types) {
            let default = param
                .default
                .as_ref()
                .and_then(|expr| self.function_type_default(place, expr, ty, strict));
            let name = Some(param.name.name.clone()).filter(|n| !n.is_empty());
            params.push(FunctionTypeParam { name, default });
        }
        self.p.function_type_params.insert(fn_ty, params);
    }

    /// The value of a default in a function type descriptor (each expression is evaluated
    /// and reported once, however often its descriptor is resolved).
    fn function_type_default(
        &mut self,
        place: Place,
        expr: &'a ast::Expr,
        ty: TypeId,
        strict: bool,
    ) -> Option<ConstValue> {
        let key = NodeKey::new(place.file, expr.id);
        if let Some(known) = self.p.function_type_defaults.get(&key) {
            return known.clone();
        }

        let hint = match self.p.types.basic_mask(ty) {
            m if m == basic::FLOAT => NumericHint::Float,
            m if m == basic::DECIMAL => NumericHint::Decimal,
            _ => NumericHint::None,
        };
        let errors = self.diags.len();
        let value = self.const_expr_hinted(place, expr, hint);
        if !strict
            && !matches!(value, Some(ref v) if !matches!(v, ConstValue::List(_) | ConstValue::Map(_)))
        {
            // Not a simple constant in an object type: no diagnostic, the class's default
            // applies.
            self.diags.truncate(errors);
            self.p.function_type_defaults.insert(key, None);
            return None;
        }
        let value = match value {
            Some(ConstValue::List(_) | ConstValue::Map(_)) => {
                let message =
                    "a default in a function type must be a constant of a simple type in intc";
                self.error(codes::INVALID_OPERATION, expr.span, message);
                None
            }
            Some(v) => {
                let found = self.p.types.singleton(v.clone());
                if self.p.types.is_unknown(ty) || self.p.types.is_subtype(found, ty) {
                    Some(v)
                } else {
                    let found = self.const_value_type(&v);
                    let message = format!(
                        "incompatible types: expected '{}', found '{}'",
                        self.p.types.display(ty),
                        self.p.types.display(found)
                    );
                    self.error(codes::TYPE_MISMATCH, expr.span, message);
                    None
                }
            }
            None => {
                if self.diags.len() == errors {
                    self.error(
                        codes::INVALID_OPERATION,
                        expr.span,
                        "expression is not a constant expression",
                    );
                }
                None
            }
        };
        self.p.function_type_defaults.insert(key, value.clone());
        value
    }

    /// The parameters of a call through a value of function type `fn_ty` (`ft`), with the
    /// names the descriptor gave them.
    pub(crate) fn function_value_params(&self, fn_ty: TypeId, ft: &FunctionType) -> Vec<ParamSig> {
        let mut params = crate::calls::function_type_params(ft);
        if let Some(declared) = self.p.function_type_params.get(&fn_ty) {
            for (param, d) in params.iter_mut().zip(declared) {
                param.name = d.name.clone();
            }
        }
        params
    }

    /// Replaces the omitted arguments of a call through `fn_ty` that has a default in the
    /// function type descriptor by that default.
    pub(crate) fn apply_function_type_defaults(&self, fn_ty: TypeId, matching: &mut ArgMatching) {
        let Some(declared) = self.p.function_type_params.get(&fn_ty) else {
            return;
        };
        for (source, d) in matching.params.iter_mut().zip(declared) {
            if let (ArgSource::Default, Some(value)) = (&*source, &d.default) {
                *source = ArgSource::Constant(value.clone());
            }
        }
    }
}
