//! Calls of lang library functions: a declaration's type parameters (`@typeParam` types and
//! `typedesc<T> t = <>` parameters, see `langlib.rs`) are instantiated per call. The
//! receiver (or first argument) binds first (`Type` of `Type[] arr` is the list's element
//! type), then the arguments that are not function literals (`reduce`'s `initial` binds
//! `Type1`, with the call's expected type as its context), then the function arguments'
//! return types (`map`'s `Type1`); a typedesc parameter left to its `<>` default is bound by
//! the call's expected type. A binding must belong to the parameter's bound; whatever stays
//! unbound reads as its bound. The parameter and return types are then the declaration's
//! with the bindings substituted, and the arguments are checked against them as for any call.

use crate::calls::ParamSig;
use crate::checker::Checker;
use crate::langlib::LangSig;
use crate::model::*;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;
use std::collections::{HashMap, HashSet};

pub(crate) type Bindings = HashMap<TypeId, TypeId>;

/// The entry of `Bindings` under which binding `table<R> key<K>` from a table with a key
/// sequence records that table (`K`'s id mirrored from the top of the id space, which no
/// arena reaches), so a result `table<R> key<K>` (`table:filter`) keeps the key sequence
/// rather than widening to `key<K>`: the value it returns has the argument's key sequence.
fn key_sequence_marker(k: TypeId) -> TypeId {
    TypeId(u32::MAX - k.0)
}

impl<'a> Checker<'a> {
    /// Whether `ty` mentions a type parameter of the lang library. Memoised per type (types
    /// are interned and never change): `substitute` asks at every level of a type and every
    /// lang library call asks of each parameter, which walked the same types again and again
    /// (5% of an editor re-check).
    fn has_type_params(&mut self, ty: TypeId) -> bool {
        if let Some(&known) = self.type_param_mentions.get(&ty) {
            return known;
        }
        let mentions = self.mentions_params(ty, &mut HashSet::default(), None);
        self.type_param_mentions.insert(ty, mentions);
        mentions
    }

    /// Whether `ty` mentions a type parameter that `bindings` does not bind.
    fn has_unbound(&mut self, ty: TypeId, bindings: &Bindings) -> bool {
        self.has_type_params(ty)
            && self.mentions_params(ty, &mut HashSet::default(), Some(bindings))
    }

    fn mentions_params(
        &self,
        ty: TypeId,
        seen: &mut HashSet<TypeId, rustc_hash::FxBuildHasher>,
        bound: Option<&Bindings>,
    ) -> bool {
        if self.lang.type_params.contains_key(&ty) {
            return bound.is_none_or(|b| !b.contains_key(&ty));
        }
        if !seen.insert(ty) {
            return false;
        }
        let any = |t: TypeId, seen: &mut HashSet<TypeId, rustc_hash::FxBuildHasher>| {
            self.mentions_params(t, seen, bound)
        };
        match self.p.types.get(ty) {
            Type::Array { element, .. } => any(*element, seen),
            Type::Map(t)
            | Type::Typedesc(t)
            | Type::Future(t)
            | Type::ReadonlyOf(t)
            | Type::XmlSequence(t) => any(*t, seen),
            Type::Tuple { members, rest } => {
                members.iter().chain(rest.iter()).any(|&m| any(m, seen))
            }
            Type::Stream { value, completion } => any(*value, seen) || any(*completion, seen),
            Type::Union(members) => members.iter().any(|&m| any(m, seen)),
            Type::Function(f) => f
                .params
                .iter()
                .chain(f.rest.iter())
                .chain(std::iter::once(&f.ret))
                .any(|&m| any(m, seen)),
            Type::Error(e) => any(e.detail, seen),
            Type::Table { row, key } => {
                any(*row, seen) || matches!(key, TableKey::Type(k) if any(*k, seen))
            }
            // The iterator objects `iterator()` returns (`next()` yields `record {| Type value; |}?`).
            Type::Object(o) if o.class.is_none() => o.methods.iter().any(|m| any(m.ty, seen)),
            Type::Record(r) => r
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(r.rest.iter())
                .any(|&m| any(m, seen)),
            _ => false,
        }
    }

    /// `ty` with the type parameters replaced by their bindings (unbound ones by their
    /// bounds).
    pub(crate) fn substitute(&mut self, ty: TypeId, bindings: &Bindings) -> TypeId {
        if let Some(&bound) = self.lang.type_params.get(&ty) {
            return bindings.get(&ty).copied().unwrap_or(bound);
        }
        if !self.has_type_params(ty) {
            return ty;
        }
        match self.p.types.get(ty).clone() {
            Type::Array { element, length } => {
                let element = self.substitute(element, bindings);
                self.p.types.add(Type::Array { element, length })
            }
            Type::Map(t) => {
                let t = self.substitute(t, bindings);
                self.p.types.map_of(t)
            }
            Type::Typedesc(t) => {
                let t = self.substitute(t, bindings);
                self.p.types.add(Type::Typedesc(t))
            }
            Type::Future(t) => {
                let t = self.substitute(t, bindings);
                self.p.types.add(Type::Future(t))
            }
            Type::Table { row, key } => {
                let row = self.substitute(row, bindings);
                let sequence = match key {
                    TableKey::Type(k) => bindings
                        .get(&key_sequence_marker(k))
                        .and_then(|&arg| self.table_parts(arg))
                        .and_then(|(arg_row, arg_key)| match arg_key {
                            TableKey::Fields(fields) if arg_row == row => Some(fields),
                            _ => None,
                        }),
                    _ => None,
                };
                let key = match (key, sequence) {
                    (_, Some(fields)) => TableKey::Fields(fields),
                    (TableKey::Type(k), None) => TableKey::Type(self.substitute(k, bindings)),
                    (other, None) => other,
                };
                self.p.types.add(Type::Table { row, key })
            }
            Type::ReadonlyOf(t) => {
                let t = self.substitute(t, bindings);
                self.readonly_of(t)
            }
            Type::Stream { value, completion } => {
                let value = self.substitute(value, bindings);
                let completion = self.substitute(completion, bindings);
                self.p.types.add(Type::Stream { value, completion })
            }
            Type::XmlSequence(t) => {
                let t = self.substitute(t, bindings);
                self.p.types.add(Type::XmlSequence(t))
            }
            Type::Tuple { members, rest } => {
                let members = members
                    .iter()
                    .map(|&m| self.substitute(m, bindings))
                    .collect();
                let rest = rest.map(|r| self.substitute(r, bindings));
                self.p.types.add(Type::Tuple { members, rest })
            }
            Type::Union(members) => {
                let members: Vec<TypeId> = members
                    .iter()
                    .map(|&m| self.substitute(m, bindings))
                    .collect();
                self.p.types.union_of(&members)
            }
            Type::Function(mut f) => {
                f.params = f
                    .params
                    .iter()
                    .map(|&m| self.substitute(m, bindings))
                    .collect();
                f.rest = f.rest.map(|r| self.substitute(r, bindings));
                f.ret = self.substitute(f.ret, bindings);
                self.p.types.add(Type::Function(f))
            }
            Type::Error(mut e) => {
                e.detail = self.substitute(e.detail, bindings);
                self.p.types.add(Type::Error(e))
            }
            Type::Record(mut r) => {
                for field in &mut r.fields {
                    field.ty = self.substitute(field.ty, bindings);
                }
                r.rest = r.rest.map(|t| self.substitute(t, bindings));
                self.p.types.add(Type::Record(r))
            }
            Type::Object(mut o) if o.class.is_none() => {
                for method in &mut o.methods {
                    method.ty = self.substitute(method.ty, bindings);
                }
                self.p.types.add(Type::Object(o))
            }
            _ => ty,
        }
    }

    /// Binds the type parameters in `param` by the type `arg` of what is passed for it (the
    /// first binding of a parameter wins; one outside the bound is not made).
    fn bind(&mut self, param: TypeId, arg: TypeId, bindings: &mut Bindings, widen: bool) {
        if self.p.types.is_unknown(arg) {
            return;
        }
        if let Some(&bound) = self.lang.type_params.get(&param) {
            if bindings.contains_key(&param) {
                return;
            }
            let arg = if widen { self.p.types.widen(arg) } else { arg };
            if self.p.types.is_subtype(arg, bound) {
                bindings.insert(param, arg);
            }
            return;
        }
        if !self.has_unbound(param, bindings) {
            return;
        }
        let mask = self.p.types.basic_mask(arg);
        match self.p.types.get(param).clone() {
            Type::Array { element, .. } if mask & basic::LIST != 0 => {
                let e = self.list_element_type(arg);
                self.bind(element, e, bindings, false);
            }
            Type::Map(member) if mask & basic::MAPPING != 0 => {
                let m = self.mapping_member_type(arg);
                self.bind(member, m, bindings, false);
            }
            // `xml<ItemType>` binds the items' type; plain `xml` leaves it to its bound.
            Type::XmlSequence(item) if mask == basic::XML => {
                if let Some(i) = self.xml_item_of(arg) {
                    self.bind(item, i, bindings, false);
                }
            }
            Type::Typedesc(inner) => {
                if let Type::Typedesc(t) = self.p.types.get(arg).clone() {
                    self.bind(inner, t, bindings, false);
                }
            }
            Type::Table { row, key }
                if mask & basic::TABLE != 0 && self.table_parts(arg).is_some() =>
            {
                let arg_row = self.table_row_type(arg);
                self.bind(row, arg_row, bindings, false);
                if let TableKey::Type(k) = key {
                    if let Some(arg_key) = self.table_key_type(arg) {
                        self.bind(k, arg_key, bindings, false);
                    }
                    if matches!(self.table_parts(arg), Some((_, TableKey::Fields(_)))) {
                        bindings.entry(key_sequence_marker(k)).or_insert(arg);
                    }
                }
            }
            Type::Function(fp) => {
                if let Type::Function(fa) = self.p.types.get(arg).clone() {
                    self.bind(fp.ret, fa.ret, bindings, true);
                    for (&p, &a) in fp.params.iter().zip(&fa.params) {
                        self.bind(p, a, bindings, false);
                    }
                }
            }
            Type::Union(members) => {
                for m in members {
                    self.bind(m, arg, bindings, widen);
                }
            }
            Type::ReadonlyOf(inner) => self.bind(inner, arg, bindings, widen),
            Type::Stream { value, completion } => {
                if let Some((v, c)) = self.stream_params(arg) {
                    self.bind(value, v, bindings, false);
                    self.bind_completion(completion, c, bindings);
                }
            }
            Type::Error(e) => {
                let members = match self.p.types.get(arg).clone() {
                    Type::Union(members) => members,
                    _ => vec![arg],
                };
                let mut details = Vec::new();
                for m in members {
                    if let Type::Error(x) = self.p.types.get(m) {
                        details.push(x.detail);
                    }
                }
                if !details.is_empty() {
                    let detail = self.p.types.union_of(&details);
                    self.bind(e.detail, detail, bindings, false);
                }
            }
            _ => {}
        }
    }

    /// The declaration's parameter an argument is passed for (`None` for a spread or a name
    /// or position that matches nothing; argument matching reports those).
    fn param_of_arg(
        sig: &LangSig,
        args: &[ast::Arg],
        index: usize,
        offset: usize,
    ) -> Option<usize> {
        let fixed = sig
            .params
            .iter()
            .filter(|p| p.kind != ParamKindInfo::Rest)
            .count();
        match args.get(index)? {
            ast::Arg::Named(name, _) => {
                sig.params[..fixed].iter().position(|p| p.name == name.name)
            }
            ast::Arg::Positional(_) => {
                let before = args[..index]
                    .iter()
                    .filter(|a| matches!(a, ast::Arg::Positional(_)))
                    .count();
                let position = before + offset;
                if position < fixed {
                    Some(position)
                } else {
                    sig.params
                        .iter()
                        .position(|p| p.kind == ParamKindInfo::Rest)
                }
            }
            ast::Arg::Rest(_) => None,
        }
    }

    /// Checks a lang library call: instantiates `sig`, matches and checks the arguments, and
    /// records the call. `receiver` is the receiver's type in method-call syntax;
    /// `prechecked` lists arguments already typed (index into `args`, type).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn finish_lang_call(
        &mut self,
        expr: &ast::Expr,
        sig: LangSig,
        args: &'a [ast::Arg],
        receiver: Option<TypeId>,
        mut prechecked: Vec<(usize, TypeId)>,
        expected: Option<TypeId>,
        name: &str,
    ) -> TypeId {
        let mut bindings = Bindings::new();
        let offset = usize::from(receiver.is_some());
        if let (Some(recv), Some(first)) = (receiver, sig.params.first()) {
            let ty = first.ty;
            self.bind(ty, recv, &mut bindings, false);
        }
        for &(index, t) in &prechecked {
            if let Some(p) = Self::param_of_arg(&sig, args, index, offset) {
                let ty = sig.params[p].ty;
                self.bind(ty, t, &mut bindings, false);
            }
        }
        // Arguments that are not function literals bind next, in order; a parameter whose
        // type is the return type's parameter (`reduce`'s `initial`) takes the call's
        // expected type as its context.
        for index in 0..args.len() {
            if prechecked.iter().any(|(i, _)| *i == index) {
                continue;
            }
            let Some(p) = Self::param_of_arg(&sig, args, index, offset) else {
                continue;
            };
            let ty = sig.params[p].ty;
            if !self.has_unbound(ty, &bindings) {
                continue;
            }
            let (ast::Arg::Positional(e) | ast::Arg::Named(_, e)) = &args[index] else {
                continue;
            };
            if matches!(
                e.kind,
                ast::ExprKind::Lambda { .. } | ast::ExprKind::Arrow { .. }
            ) {
                continue;
            }
            // The receiver written as the first argument (`array:push(xs, 1)`) is typed on
            // its own, as in method-call syntax.
            let context = if p == 0 {
                None
            } else if self.lang.type_params.contains_key(&ty) {
                expected.filter(|_| ty == sig.ret)
            } else {
                Some(self.substitute(ty, &bindings))
            };
            let t = self.check_expr(e, context);
            prechecked.push((index, t));
            self.bind(ty, t, &mut bindings, true);
        }
        // A result that is a type parameter no argument bound (`reduce` without its initial
        // value) takes the expected type, so that the function argument is still checked
        // with useful types.
        if let (Some(&bound), Some(e)) = (self.lang.type_params.get(&sig.ret), expected) {
            if !bindings.contains_key(&sig.ret) && self.p.types.is_subtype(e, bound) {
                bindings.insert(sig.ret, e);
            }
        }
        // A stream result (`stream:map`'s `stream<Type1, CompletionType>`) binds what the
        // receiver left unbound from the expected stream type.
        if let Some(e) = expected {
            if matches!(self.p.types.get(sig.ret), Type::Stream { .. })
                && self.has_unbound(sig.ret, &bindings)
            {
                self.bind(sig.ret, e, &mut bindings, false);
            }
        }
        let params: Vec<ParamSig> = sig
            .params
            .iter()
            .map(|p| ParamSig {
                name: Some(p.name.clone()),
                ty: self.substitute(p.ty, &bindings),
                kind: p.kind,
            })
            .collect();
        let matching = self.match_args(
            &params,
            args,
            name,
            expr.span,
            receiver.is_some(),
            &prechecked,
        );
        // Function arguments bind what their types return (`map`'s `Type1`).
        for (index, param) in sig.params.iter().enumerate() {
            if param.kind == ParamKindInfo::Rest || !self.has_unbound(param.ty, &bindings) {
                continue;
            }
            let Some(ArgSource::Arg(i)) = matching.params.get(index) else {
                continue;
            };
            if let Some(ast::Arg::Positional(e) | ast::Arg::Named(_, e)) = args.get(*i) {
                let t = self.p.expr_type(self.place.file, e.id);
                self.bind(param.ty, t, &mut bindings, true);
            }
        }
        // A typedesc left to its `<>` default is inferred from the expected type.
        if sig.native.infers_typedesc() {
            for param in &sig.params {
                if let Type::Typedesc(inner) = self.p.types.get(param.ty).clone() {
                    if let (Some(&bound), false) = (
                        self.lang.type_params.get(&inner),
                        bindings.contains_key(&inner),
                    ) {
                        if let Some(e) = expected {
                            let target = self.p.types.without_error(e);
                            if self.p.types.is_subtype(target, bound) {
                                bindings.insert(inner, target);
                            }
                        }
                    }
                }
            }
        }
        let ret = self.substitute(sig.ret, &bindings);
        let key = self.key(expr.id);
        self.p.calls.insert(
            key,
            CallInfo {
                target: CallTarget::LangLib { native: sig.native },
                args: matching,
                ty: ret,
            },
        );
        ret
    }

    /// A lang library call in method-call syntax (`xs.push(1)`, `n.abs()`, `v.toString()`):
    /// the function of the receiver's lang module, else of `lang.value`.
    pub(crate) fn check_lang_method_call(
        &mut self,
        expr: &ast::Expr,
        recv: TypeId,
        method: &ast::Ident,
        args: &'a [ast::Arg],
        expected: Option<TypeId>,
    ) -> TypeId {
        let sig = match self.lang_module_of(recv) {
            Some(m) => self.lang_function(m, &method.name),
            None => self.lang_function("value", &method.name),
        };
        let undefined = |c: &mut Self| {
            let message = format!(
                "undefined function '{}' in type '{}'",
                method.name,
                c.p.types.display(recv)
            );
            c.error(codes::UNDEFINED_METHOD, method.span, message);
            c.check_args_unmatched(args);
            TypeArena::UNKNOWN
        };
        let Some(sig) = sig else {
            if matches!(self.p.types.get(recv), Type::Object(_)) {
                let message = format!(
                    "undefined method '{}' in {}",
                    method.name,
                    self.p.types.display_with_kind(recv)
                );
                self.error(codes::UNDEFINED_METHOD, method.span, message);
                self.check_args_unmatched(args);
                return TypeArena::UNKNOWN;
            }
            return undefined(self);
        };
        // The receiver must fit the first parameter (e.g. `int?` has no `abs`); a rest
        // parameter's type is its element type, which the receiver must fit too.
        if let Some(first) = sig.params.first() {
            let mut bindings = Bindings::new();
            self.bind(first.ty, recv, &mut bindings, false);
            let first = self.substitute(first.ty, &bindings);
            if !self.p.types.is_subtype(recv, first) {
                return undefined(self);
            }
        }
        if self.changes_fixed_length(recv, &method.name, method.span) {
            self.check_args_unmatched(args);
            return TypeArena::UNKNOWN;
        }
        self.finish_lang_call(
            expr,
            sig,
            args,
            Some(recv),
            Vec::new(),
            expected,
            &method.name,
        )
    }

    /// The type of a lang library function used as a value (`int:abs`): its declared type,
    /// type parameters read as their bounds; `function` when the return type depends on an
    /// inferred typedesc.
    pub(crate) fn lang_function_value_type(&mut self, sig: &LangSig) -> TypeId {
        if sig.native.infers_typedesc() {
            return TypeArena::ANY_FUNCTION;
        }
        let none = Bindings::new();
        let params: Vec<ParamInfo> = sig
            .params
            .iter()
            .map(|p| ParamInfo {
                name: p.name.clone(),
                decl: None,
                ty: self.substitute(p.ty, &none),
                kind: p.kind,
                default: ParamDefault::Native,
            })
            .collect();
        let ret = self.substitute(sig.ret, &none);
        self.function_type_of(&params, ret, true)
    }
}
