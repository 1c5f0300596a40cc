//! Dependently-typed external functions and methods of ordinary (standard library) modules:
//! a parameter `typedesc<T> t = <>` whose name the return type uses (`returns t|Error`), as
//! Ballerina's `http:Client.get` declares it. It works like the lang library's (see
//! `langlib.rs`): `t` becomes a type parameter bounded by `T`, and each call binds it from an
//! explicit typedesc argument or else from the call's expected type (else the bound), then
//! substitutes it in the parameters and the return type. The typedesc the caller did not
//! write is passed by lowering from the call's type (`ParamDefault::Native` parameter).

use crate::calls::ParamSig;
use crate::checker::Checker;
use crate::langlib_generic::Bindings;
use crate::model::{FunctionId, ParamDefault, Type, TypeId};
use intc_syntax::ast;

/// A dependently-typed call's parameters and return type with the type parameter bound, and
/// the arguments already checked while binding it (index, type).
pub(crate) struct Instantiated {
    pub params: Vec<ParamSig>,
    pub ret: TypeId,
    pub prechecked: Vec<(usize, TypeId)>,
}

impl<'a> Checker<'a> {
    /// For a parameter written `typedesc<T> name = <>` (of declared type `ty`), the typedesc of
    /// a fresh type parameter bounded by `T`, registered under `name` for the return type.
    pub(crate) fn dependent_param(&mut self, param: &ast::Param, ty: TypeId) -> Option<TypeId> {
        let default = param.default.as_ref()?;
        if !matches!(default.kind, ast::ExprKind::InferredTypedesc) {
            return None;
        }
        let Type::Typedesc(bound) = self.p.types.get(ty).clone() else {
            return None;
        };
        let placeholder = self.type_param(&param.name.name, bound);
        self.lang
            .dependent
            .insert(param.name.name.clone(), placeholder);
        Some(self.p.types.add(Type::Typedesc(placeholder)))
    }

    /// The parameters and return type of a call of `function` with its dependent typedesc
    /// parameter (if any) bound; `None` when it has none.
    pub(crate) fn instantiate_dependent(
        &mut self,
        function: FunctionId,
        args: &'a [ast::Arg],
        expected: Option<TypeId>,
    ) -> Option<Instantiated> {
        self.instantiate_dependent_after(function, args, expected, 0)
    }

    /// [`Self::instantiate_dependent`] for a call whose `args` start at parameter `skip` (a
    /// client resource access action: the path parameters take the path's segments).
    pub(crate) fn instantiate_dependent_after(
        &mut self,
        function: FunctionId,
        args: &'a [ast::Arg],
        expected: Option<TypeId>,
        skip: usize,
    ) -> Option<Instantiated> {
        let info = self.p.functions.get(function.index())?.clone();
        let (position, placeholder, bound) =
            info.params.iter().enumerate().find_map(|(i, p)| {
                if p.default != ParamDefault::Native {
                    return None;
                }
                match self.p.types.get(p.ty) {
                    Type::Typedesc(inner) => {
                        let bound = *self.lang.type_params.get(inner)?;
                        Some((i, *inner, bound))
                    }
                    _ => None,
                }
            })?;
        let name = info.params[position].name.clone();
        let mut bindings = Bindings::new();
        let mut prechecked = Vec::new();
        // An explicit argument: positional at the parameter's position, or named.
        let explicit = args.iter().enumerate().find_map(|(index, arg)| match arg {
            ast::Arg::Named(n, e) if n.name == name => Some((index, e)),
            _ => None,
        });
        let explicit = explicit.or_else(|| {
            let positional = args
                .iter()
                .take_while(|a| matches!(a, ast::Arg::Positional(_)))
                .count();
            let at = position.checked_sub(skip)?;
            (at < positional).then(|| match &args[at] {
                ast::Arg::Positional(e) => Some((at, e)),
                _ => None,
            })?
        });
        if let Some((index, e)) = explicit {
            let t = self.check_expr(e, None);
            prechecked.push((index, t));
            if let Type::Typedesc(given) = self.p.types.get(t).clone() {
                if self.p.types.is_subtype(given, bound) {
                    bindings.insert(placeholder, given);
                }
            }
        } else if let Some(e) = expected {
            let target = self.p.types.without_error(e);
            if self.p.types.is_subtype(target, bound) {
                bindings.insert(placeholder, target);
            }
        }
        let params = info
            .params
            .iter()
            .map(|p| {
                let mut sig = ParamSig::from_info(p);
                sig.ty = self.substitute(p.ty, &bindings);
                sig
            })
            .collect();
        let ret = self.substitute(info.ret, &bindings);
        Some(Instantiated {
            params,
            ret,
            prechecked,
        })
    }
}
