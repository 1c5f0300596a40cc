//! Calls: function calls, function-value calls, lang library calls, object method calls,
//! `new`, error constructors, and the matching of arguments to parameters.

use crate::checker::{Checker, ImportTarget, Symbol};
use crate::model::*;
use crate::query_vars::ArgRef;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

/// A parameter as argument matching sees it.
#[derive(Clone, Debug)]
pub(crate) struct ParamSig {
    /// `None` for function-value parameters, which cannot be named.
    pub name: Option<String>,
    pub ty: TypeId,
    pub kind: ParamKindInfo,
}

impl ParamSig {
    pub(crate) fn from_info(p: &ParamInfo) -> ParamSig {
        ParamSig {
            name: Some(p.name.clone()),
            ty: p.ty,
            kind: p.kind,
        }
    }
}

impl<'a> Checker<'a> {
    /// Matches and checks arguments. `receiver` marks a method-call receiver bound to the
    /// first parameter; `prechecked` lists arguments already typed (index, type).
    pub(crate) fn match_args(
        &mut self,
        params: &[ParamSig],
        args: &'a [ast::Arg],
        callee: &str,
        call_span: Span,
        receiver: bool,
        prechecked: &[(usize, TypeId)],
    ) -> ArgMatching {
        let fixed: Vec<&ParamSig> = params
            .iter()
            .filter(|p| p.kind != ParamKindInfo::Rest)
            .collect();
        let rest = params.iter().find(|p| p.kind == ParamKindInfo::Rest);
        let mut sources: Vec<Option<ArgSource>> = vec![None; fixed.len()];
        // Named arguments giving fields of included record parameters, per parameter.
        let mut field_args: Vec<Vec<(String, usize)>> = vec![Vec::new(); fixed.len()];
        let mut matching = ArgMatching::default();
        let mut cursor = 0;
        if receiver && !sources.is_empty() {
            sources[0] = Some(ArgSource::Receiver);
            cursor = 1;
        } else if receiver && rest.is_some() {
            // `5.sum(10, 20)`: a function whose only parameter is a rest parameter takes the
            // receiver as its first rest argument.
            matching.rest.push(RestSource::Receiver);
        }
        let mut named_seen = false;
        let mut reported_count = false;
        for index in 0..args.len() {
            let pre = prechecked
                .iter()
                .find(|(i, _)| *i == index)
                .map(|(_, t)| *t);
            // An aggregated query variable as the last argument is a rest argument.
            let Some(arg) = self.arg_view(args, index) else {
                continue;
            };
            match arg {
                ArgRef::Positional(e) => {
                    if named_seen {
                        self.error(
                            codes::ARGUMENT_NAME,
                            e.span,
                            "positional argument not allowed after named arguments",
                        );
                    }
                    if cursor < fixed.len() {
                        self.check_arg(e, fixed[cursor].ty, pre);
                        sources[cursor] = Some(ArgSource::Arg(index));
                        cursor += 1;
                    } else if let Some(r) = rest {
                        self.check_arg(e, r.ty, pre);
                        matching.rest.push(RestSource::Arg(index));
                    } else {
                        if pre.is_none() {
                            self.check_expr(e, None);
                        }
                        if !reported_count {
                            reported_count = true;
                            let message = format!("too many arguments in call to '{callee}()'");
                            self.error(codes::ARGUMENT_COUNT, e.span, message);
                        }
                    }
                }
                ArgRef::Named(name, e) => {
                    named_seen = true;
                    let position = fixed
                        .iter()
                        .position(|p| p.name.as_deref() == Some(name.name.as_str()));
                    match position {
                        Some(i) if sources[i].is_none() => {
                            self.check_arg(e, fixed[i].ty, pre);
                            sources[i] = Some(ArgSource::Arg(index));
                        }
                        Some(_) => {
                            if pre.is_none() {
                                self.check_expr(e, None);
                            }
                            // jBallerina's wording for a parameter given twice.
                            let message = format!("redeclared argument '{}'", name.name);
                            self.error(codes::ARGUMENT_NAME, name.span, message);
                        }
                        None if self.included_field(&fixed, &name.name).is_some() => {
                            if let Some((i, field_ty)) = self.included_field(&fixed, &name.name) {
                                self.check_arg(e, field_ty, pre);
                                field_args[i].push((name.name.clone(), index));
                            }
                        }
                        None => {
                            if pre.is_none() {
                                self.check_expr(e, None);
                            }
                            // jBallerina's wording, whatever the kind of the parameters.
                            let message =
                                format!("undefined defaultable parameter '{}'", name.name);
                            self.error(codes::ARGUMENT_NAME, name.span, message);
                        }
                    }
                }
                ArgRef::Rest(e) => {
                    let t = match pre {
                        Some(t) => t,
                        None => self.check_expr(e, None),
                    };
                    if named_seen {
                        self.error(
                            codes::ARGUMENT_NAME,
                            e.span,
                            "rest argument not allowed after named arguments",
                        );
                        continue;
                    }
                    if self.spread_named_args(&fixed, &mut sources, t, index, e.span, callee) {
                        named_seen = true;
                        continue;
                    }
                    let required_left = fixed.iter().skip(cursor).any(|p| {
                        matches!(p.kind, ParamKindInfo::Required | ParamKindInfo::Included)
                    });
                    if let (Some(r), false) = (rest, required_left) {
                        let element = self.list_element_type(t);
                        self.expect_assignable(element, r.ty, e.span);
                        matching.rest.push(RestSource::Spread(index));
                    } else {
                        // The spread supplies the remaining positional parameters.
                        matching.spread_positional = Some(index);
                        let mut position = 0i64;
                        while cursor < fixed.len() {
                            let member = self.list_member_at(t, Some(position));
                            // A tuple shorter than the parameters leaves the rest to
                            // their defaults (or reports them missing).
                            if member == TypeArena::NEVER {
                                break;
                            }
                            self.expect_assignable(member, fixed[cursor].ty, e.span);
                            sources[cursor] = Some(ArgSource::Arg(index));
                            cursor += 1;
                            position += 1;
                        }
                        if let Some(r) = rest {
                            let _ = r;
                            matching.rest.push(RestSource::Spread(index));
                        }
                    }
                }
            }
        }
        for (i, p) in fixed.iter().enumerate() {
            match sources[i] {
                Some(ref s) => {
                    if let Some((name, index)) = field_args[i].first() {
                        let span = match args.get(*index) {
                            Some(ast::Arg::Named(n, _)) => n.span,
                            _ => call_span,
                        };
                        let message = format!(
                            "cannot specify field '{name}' of included record parameter '{}' given as an argument",
                            p.name.as_deref().unwrap_or_default()
                        );
                        self.error(codes::ARGUMENT_NAME, span, message);
                    }
                    matching.params.push(s.clone())
                }
                None if p.kind == ParamKindInfo::Included => {
                    let given = std::mem::take(&mut field_args[i]);
                    let (source, _) = self.included_fields_source(p, given, callee, call_span);
                    matching.params.push(source);
                }
                None => {
                    if p.kind == ParamKindInfo::Required {
                        let name = p.name.clone().unwrap_or_else(|| format!("#{}", i + 1));
                        let message =
                            format!("missing required parameter '{name}' in call to '{callee}()'");
                        let code = if named_seen {
                            codes::ARGUMENT_NAME
                        } else {
                            codes::ARGUMENT_COUNT
                        };
                        // Every missing parameter is reported, as jBallerina does.
                        self.error(code, call_span, message);
                    }
                    matching.params.push(ArgSource::Default);
                }
            }
        }
        matching
    }

    fn check_arg(&mut self, e: &'a ast::Expr, ty: TypeId, pre: Option<TypeId>) {
        match pre {
            Some(t) => {
                self.expect_assignable(t, ty, e.span);
            }
            None => {
                self.check_assignable(e, ty);
            }
        }
    }

    pub(crate) fn check_args_unmatched(&mut self, args: &'a [ast::Arg]) {
        for arg in args {
            match arg {
                ast::Arg::Positional(e) | ast::Arg::Named(_, e) | ast::Arg::Rest(e) => {
                    self.check_expr(e, None);
                }
            }
        }
    }

    pub(crate) fn check_call(
        &mut self,
        expr: &ast::Expr,
        callee: &'a ast::Expr,
        args: &'a [ast::Arg],
        expected: Option<TypeId>,
    ) -> TypeId {
        if let Some(ty) = self.aggregate_call(expr, callee, args, expected) {
            return ty;
        }
        let key = self.key(expr.id);
        let callee_key = self.key(callee.id);
        if let ast::ExprKind::Var { module, name } = &callee.kind {
            let is_local =
                module.is_none() && self.fx.active && self.fx.lookup(&name.name).is_some();
            if !is_local {
                if let Some(prefix) = module {
                    if let Some(ImportTarget::Lang(lang)) =
                        self.import_target(self.place.file, &prefix.name)
                    {
                        return self
                            .check_lang_function_call(expr, callee, &lang, name, args, expected);
                    }
                }
                let place = self.place;
                let found = match self.lookup_qualified(place, module.as_ref(), name) {
                    Ok(found) => found,
                    Err(()) => {
                        self.check_args_unmatched(args);
                        return TypeArena::UNKNOWN;
                    }
                };
                match found.map(|(_, e)| e.symbol) {
                    Some(Symbol::Function(id)) => {
                        let info = self.p.functions[id.index()].clone();
                        self.p
                            .resolutions
                            .insert(callee_key, Resolution::Function(id));
                        self.record_type(self.place.file, callee.id, info.ty);
                        // A dependently-typed external function binds its `t = <>`.
                        let (params, ret, prechecked) =
                            match self.instantiate_dependent(id, args, expected) {
                                Some(i) => (i.params, i.ret, i.prechecked),
                                None => (
                                    info.params.iter().map(ParamSig::from_info).collect(),
                                    info.ret,
                                    Vec::new(),
                                ),
                            };
                        let matching = self.match_args(
                            &params,
                            args,
                            &name.name,
                            expr.span,
                            false,
                            &prechecked,
                        );
                        self.p.calls.insert(
                            key,
                            CallInfo {
                                target: CallTarget::Function(id),
                                args: matching,
                                ty: ret,
                            },
                        );
                        return ret;
                    }
                    Some(Symbol::TypeDef(id)) => {
                        let ty = self.resolve_type_def(id);
                        if matches!(self.p.types.get(ty), Type::Error(_)) {
                            self.p
                                .resolutions
                                .insert(callee_key, Resolution::TypeRef(ty));
                            return self.check_error_constructor(expr, ty, args);
                        }
                    }
                    None => {
                        let message = format!("undefined function '{}'", name.name);
                        self.error(codes::UNDEFINED_NAME, name.span, message);
                        self.check_args_unmatched(args);
                        return TypeArena::UNKNOWN;
                    }
                    _ => {}
                }
            }
        }
        // A function value.
        let callee_ty = self.check_expr(callee, None);
        if self.p.types.is_unknown(callee_ty) {
            self.check_args_unmatched(args);
            return TypeArena::UNKNOWN;
        }
        let Some(ft) = self.callable_type(callee_ty) else {
            let message = format!("'{}' is not callable", self.p.types.display(callee_ty));
            self.error(codes::NOT_CALLABLE, callee.span, message);
            self.check_args_unmatched(args);
            return TypeArena::UNKNOWN;
        };
        let params = self.function_value_params(callee_ty, &ft);
        let name = match &callee.kind {
            ast::ExprKind::Var { name, .. } => name.name.clone(),
            _ => "function".to_string(),
        };
        let mut matching = self.match_args(&params, args, &name, expr.span, false, &[]);
        self.apply_function_type_defaults(callee_ty, &mut matching);
        self.p.calls.insert(
            key,
            CallInfo {
                target: CallTarget::FunctionValue,
                args: matching,
                ty: ft.ret,
            },
        );
        ft.ret
    }

    /// The function type a value of type `ty` can be called as. A union of function types
    /// with the same parameter shape is callable with arguments that fit every member (each
    /// parameter the intersection of the members'), returning the union of their returns.
    /// The type of a required field `name` of record type `recv` when it holds function
    /// values, with the function type to call it by.
    fn record_function_field(
        &mut self,
        recv: TypeId,
        name: &str,
    ) -> Option<(TypeId, FunctionType)> {
        let record = match self.p.types.get(recv).clone() {
            Type::Record(r) => r,
            Type::ReadonlyOf(inner) => match self.p.types.get(inner).clone() {
                Type::Record(r) => r,
                _ => return None,
            },
            _ => return None,
        };
        let field = record
            .fields
            .iter()
            .find(|f| f.name == name && !f.optional)?;
        let ft = self.callable_type(field.ty)?;
        Some((field.ty, ft))
    }

    fn callable_type(&mut self, ty: TypeId) -> Option<FunctionType> {
        let members = match self.p.types.get(ty).clone() {
            Type::Function(ft) => return Some(ft),
            Type::ReadonlyOf(inner) => return self.callable_type(inner),
            Type::Union(members) => members,
            _ => return None,
        };
        let mut functions = Vec::new();
        for member in members {
            match self.p.types.get(member).clone() {
                Type::Function(ft) => functions.push(ft),
                _ => return None,
            }
        }
        let (first, others) = functions.split_first()?;
        let mut combined = first.clone();
        for other in others {
            if other.params.len() != combined.params.len()
                || other.rest.is_some() != combined.rest.is_some()
            {
                return None;
            }
            combined.required = combined.required.max(other.required);
            for (param, &theirs) in combined.params.iter_mut().zip(&other.params) {
                *param = self.p.types.intersect(*param, theirs);
            }
            if let (Some(rest), Some(theirs)) = (combined.rest, other.rest) {
                combined.rest = Some(self.p.types.intersect(rest, theirs));
            }
            combined.ret = self.p.types.union_of(&[combined.ret, other.ret]);
            combined.is_isolated &= other.is_isolated;
        }
        Some(combined)
    }

    pub(crate) fn check_lang_function_call(
        &mut self,
        expr: &ast::Expr,
        callee: &ast::Expr,
        lang: &str,
        name: &ast::Ident,
        args: &'a [ast::Arg],
        expected: Option<TypeId>,
    ) -> TypeId {
        let Some(sig) = self.lang_function(lang, &name.name) else {
            let message = format!("undefined function '{}:{}'", lang, name.name);
            self.error(codes::UNDEFINED_NAME, name.span, message);
            self.check_args_unmatched(args);
            return TypeArena::UNKNOWN;
        };
        self.p
            .resolutions
            .insert(self.key(callee.id), Resolution::LangFunction(sig.native));
        self.record_type(self.place.file, callee.id, TypeArena::ANY_FUNCTION);
        self.finish_lang_call(expr, sig, args, None, Vec::new(), expected, &name.name)
    }

    pub(crate) fn check_method_call(
        &mut self,
        expr: &ast::Expr,
        receiver: &'a ast::Expr,
        method: &ast::Ident,
        args: &'a [ast::Arg],
        remote: bool,
        expected: Option<TypeId>,
    ) -> TypeId {
        if remote && method.name.starts_with('/') {
            return self.check_resource_access(expr, receiver, method, args, expected);
        }
        self.check_self_call_in_init(receiver, method);
        let recv = self.check_expr(receiver, None);
        if self.p.types.is_unknown(recv) {
            self.check_args_unmatched(args);
            return TypeArena::UNKNOWN;
        }
        // Object methods (on a union of objects, each must have the method).
        let object_receiver = match self.p.types.get(recv).clone() {
            Type::Object(o) => Some(o),
            // `T & readonly` for an object type `T` has `T`'s methods.
            Type::ReadonlyOf(inner) => match self.p.types.get(inner) {
                Type::Object(o) => Some(o.clone()),
                _ => None,
            },
            Type::Union(members) => {
                let objects: Vec<ObjectType> = members
                    .iter()
                    .filter_map(|&m| match self.p.types.get(m) {
                        Type::Object(o) => Some(o.clone()),
                        _ => None,
                    })
                    .collect();
                let all_have = objects.len() == members.len()
                    && objects.iter().all(|o| {
                        o.methods
                            .iter()
                            .any(|m| m.name == method.name && m.is_remote == remote)
                    });
                let all_client =
                    objects.len() == members.len() && objects.iter().all(|o| o.is_client);
                match objects.into_iter().next() {
                    Some(mut first) if all_have => {
                        first.class = None;
                        first.is_client = all_client;
                        Some(first)
                    }
                    _ => None,
                }
            }
            Type::IntRange => self.int_range_object(),
            _ => None,
        };
        if self.check_call_form(recv, object_receiver.as_ref(), method, remote) {
            self.check_args_unmatched(args);
            return TypeArena::UNKNOWN;
        }
        if let Some(object) = object_receiver {
            if let Some(m) = object
                .methods
                .iter()
                .find(|m| m.name == method.name && m.is_remote == remote)
            {
                let visible =
                    m.is_public || (object.class.is_some() && self.fx.self_class == object.class);
                if !visible {
                    let message = format!(
                        "attempt to refer to non-accessible symbol '{}'",
                        method.name
                    );
                    self.error(codes::NOT_VISIBLE, method.span, message);
                    self.check_args_unmatched(args);
                    return TypeArena::UNKNOWN;
                }
                {
                    let function = object.class.and_then(|c| {
                        self.p.classes[c.index()]
                            .methods
                            .iter()
                            .find(|(n, _)| n == &method.name)
                            .map(|(_, f)| *f)
                    });
                    let dependent =
                        function.and_then(|f| self.instantiate_dependent(f, args, expected));
                    let mut prechecked = Vec::new();
                    let (params, ret) = match (function, dependent) {
                        (_, Some(instantiated)) => {
                            prechecked = instantiated.prechecked;
                            (instantiated.params, instantiated.ret)
                        }
                        (Some(f), None) => {
                            let info = &self.p.functions[f.index()];
                            (
                                info.params
                                    .iter()
                                    .map(ParamSig::from_info)
                                    .collect::<Vec<_>>(),
                                info.ret,
                            )
                        }
                        (None, None) => match self.p.types.get(m.ty).clone() {
                            Type::Function(ft) => (self.function_value_params(m.ty, &ft), ft.ret),
                            _ => (Vec::new(), TypeArena::UNKNOWN),
                        },
                    };
                    let mut matching =
                        self.match_args(&params, args, &method.name, expr.span, false, &prechecked);
                    if function.is_none() {
                        self.apply_function_type_defaults(m.ty, &mut matching);
                    }
                    let target = CallTarget::Method {
                        name: method.name.clone(),
                        class: object.class,
                        function,
                        method_type: m.ty,
                    };
                    self.p.calls.insert(
                        self.key(expr.id),
                        CallInfo {
                            target,
                            args: matching,
                            ty: ret,
                        },
                    );
                    return ret;
                }
            }
        }
        // A record field holding a function value is called with method-call syntax, as
        // jBallerina allows (`subscription.handler(topic, payload)`).
        if let Some((field_ty, ft)) = self.record_function_field(recv, &method.name) {
            let params = function_type_params(&ft);
            let matching = self.match_args(&params, args, &method.name, expr.span, false, &[]);
            self.p.calls.insert(
                self.key(expr.id),
                CallInfo {
                    target: CallTarget::RecordField {
                        field: method.name.clone(),
                        ty: field_ty,
                    },
                    args: matching,
                    ty: ft.ret,
                },
            );
            return ft.ret;
        }
        self.check_lang_method_call(expr, recv, method, args, expected)
    }

    /// Reports a lang library call that changes a list's length (`push`, `pop`, ...) on a list
    /// whose type fixes the length (`int[3]`, `[int, string]`); true when it did.
    pub(crate) fn changes_fixed_length(&mut self, recv: TypeId, name: &str, span: Span) -> bool {
        const RESIZING: [&str; 7] = [
            "push",
            "pop",
            "shift",
            "unshift",
            "remove",
            "removeAll",
            "setLength",
        ];
        if !RESIZING.contains(&name) {
            return false;
        }
        let message = match self.p.types.get(recv) {
            Type::Array {
                length: Some(_), ..
            } => format!(
                "cannot call '{name}' on fixed length list(s) of type '{}'",
                self.p.types.display(recv)
            ),
            Type::Tuple { rest: None, .. } => format!(
                "cannot call '{name}' on tuple(s) of type '{}': cannot violate inherent type",
                self.p.types.display(recv)
            ),
            _ => return false,
        };
        self.error(codes::INVALID_OPERATION, span, message);
        true
    }

    pub(crate) fn check_new(
        &mut self,
        expr: &ast::Expr,
        class: Option<&'a ast::TypeDesc>,
        args: &'a [ast::Arg],
        expected: Option<TypeId>,
    ) -> TypeId {
        let mut class_ty = None;
        if let Some(stream) = self.new_stream_target(class, expected, &mut class_ty) {
            return self.check_new_stream(expr, stream, args);
        }
        let ty = match class {
            Some(_) if class_ty.is_some() => class_ty.unwrap_or(TypeArena::UNKNOWN),
            Some(desc) => {
                let place = self.place;
                self.resolve_type(place, desc)
            }
            None => {
                let candidates: Vec<TypeId> = expected
                    .map(|e| self.p.types.members(e))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(
                        |&m| matches!(self.p.types.get(m), Type::Object(o) if o.class.is_some()),
                    )
                    .collect();
                // An unknown expected type (a type that failed to resolve or parse) was
                // already reported: `new` for it is silent.
                let expected_unknown = expected.is_some_and(|e| self.p.types.is_unknown(e));
                match candidates.first() {
                    Some(&t) => t,
                    None if expected_unknown => {
                        self.check_args_unmatched(args);
                        return TypeArena::UNKNOWN;
                    }
                    None => {
                        // jBallerina names a missing context `other`.
                        let context =
                            expected.map_or("other".to_string(), |e| self.p.types.display(e));
                        let message = format!("cannot infer type of the object from '{context}'");
                        self.error(codes::TYPE_MISMATCH, expr.span, message);
                        self.check_args_unmatched(args);
                        return TypeArena::UNKNOWN;
                    }
                }
            }
        };
        if self.p.types.is_unknown(ty) {
            self.check_args_unmatched(args);
            return TypeArena::UNKNOWN;
        }
        let class_id = match self.p.types.get(ty) {
            Type::Object(o) => o.class,
            _ => None,
        };
        let Some(class_id) = class_id else {
            let message = format!("'{}' is not a class", self.p.types.display(ty));
            self.error(codes::TYPE_MISMATCH, expr.span, message);
            self.check_args_unmatched(args);
            return TypeArena::UNKNOWN;
        };
        let info = self.p.classes[class_id.index()].clone();
        let (params, init_ret) = match info.init {
            Some(f) => {
                let fi = &self.p.functions[f.index()];
                (
                    fi.params
                        .iter()
                        .map(ParamSig::from_info)
                        .collect::<Vec<_>>(),
                    fi.ret,
                )
            }
            None => (Vec::new(), TypeArena::NIL),
        };
        let matching = self.match_args(&params, args, "init", expr.span, false, &[]);
        self.p.news.insert(
            self.key(expr.id),
            NewInfo {
                class: class_id,
                init: info.init,
                args: matching,
            },
        );
        let error_part = self.p.types.error_part(init_ret);
        if error_part != TypeArena::NEVER {
            self.p.types.union_of(&[ty, error_part])
        } else {
            ty
        }
    }

    /// An error constructor of `error_ty` with `args` (message, cause, detail fields).
    pub(crate) fn check_error_constructor(
        &mut self,
        expr: &ast::Expr,
        error_ty: TypeId,
        args: &'a [ast::Arg],
    ) -> TypeId {
        let error_ty = if self.p.types.is_unknown(error_ty) {
            TypeArena::ERROR
        } else {
            error_ty
        };
        let detail = match self.p.types.get(error_ty).clone() {
            Type::Error(e) => e.detail,
            _ => {
                let message = format!("'{}' is not an error type", self.p.types.display(error_ty));
                self.error(codes::TYPE_MISMATCH, expr.span, message);
                self.check_args_unmatched(args);
                return TypeArena::UNKNOWN;
            }
        };
        let mut message = None;
        let mut cause = None;
        let mut fields = Vec::new();
        let mut positional = 0;
        for (index, arg) in args.iter().enumerate() {
            match arg {
                ast::Arg::Positional(e) => {
                    match positional {
                        0 => {
                            self.check_assignable(e, TypeArena::STRING);
                            message = Some(index);
                        }
                        1 => {
                            self.check_assignable(e, TypeArena::ERROR_OR_NIL);
                            cause = Some(index);
                        }
                        _ => {
                            self.check_expr(e, None);
                            self.error(
                                codes::ARGUMENT_COUNT,
                                e.span,
                                "too many arguments in error constructor",
                            );
                        }
                    }
                    positional += 1;
                }
                ast::Arg::Named(name, e) => {
                    let (field_ty, _) = self.mapping_member_at(detail, Some(&name.name));
                    if field_ty == TypeArena::NEVER {
                        self.check_expr(e, None);
                        let message = format!(
                            "undefined field '{}' in error detail '{}'",
                            name.name,
                            self.p.types.display(detail)
                        );
                        self.error(codes::UNDEFINED_FIELD, name.span, message);
                    } else {
                        self.check_assignable(e, field_ty);
                    }
                    fields.push((name.name.clone(), index));
                }
                ast::Arg::Rest(e) => {
                    self.check_expr(e, None);
                    self.error(
                        codes::ARGUMENT_NAME,
                        e.span,
                        "rest arguments are not allowed in an error constructor",
                    );
                }
            }
        }
        let Some(message) = message else {
            self.error(
                codes::ARGUMENT_COUNT,
                expr.span,
                "missing error message in error constructor",
            );
            return error_ty;
        };
        if let Type::Record(r) = self.p.types.get(detail).clone() {
            for f in &r.fields {
                if !f.optional && f.default.is_none() && !fields.iter().any(|(n, _)| n == &f.name) {
                    let text = format!(
                        "missing error detail arg for error detail field '{}'",
                        f.name
                    );
                    self.error(codes::MISSING_FIELD, expr.span, text);
                }
            }
        }
        self.p.error_constructors.insert(
            self.key(expr.id),
            ErrorConstructorInfo {
                ty: error_ty,
                message,
                cause,
                fields,
            },
        );
        self.p.operand_types.insert(self.key(expr.id), error_ty);
        let _ = basic::ERROR;
        error_ty
    }
}

/// Unnamed parameters of a function type.
pub(crate) fn function_type_params(ft: &FunctionType) -> Vec<ParamSig> {
    let mut params: Vec<ParamSig> = ft
        .params
        .iter()
        .enumerate()
        .map(|(i, &ty)| ParamSig {
            name: None,
            ty,
            kind: if i < ft.required {
                ParamKindInfo::Required
            } else {
                ParamKindInfo::Defaultable
            },
        })
        .collect();
    if let Some(r) = ft.rest {
        params.push(ParamSig {
            name: None,
            ty: r,
            kind: ParamKindInfo::Rest,
        });
    }
    params
}
