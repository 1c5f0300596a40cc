//! Streams (spec "Streams", "New expression", "StreamImplementor"): stream type descriptors,
//! `new stream<T, C>(implementor)` and the empty stream, iteration over streams in `foreach`
//! and queries, and the type parameters of lang.stream's declarations.

use crate::checker::Checker;
use crate::langlib_generic::Bindings;
use crate::model::*;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    /// `stream`, `stream<T>`, `stream<T, C>`: `C` must be a subtype of `error?` (E0740).
    pub(crate) fn resolve_stream_type(
        &mut self,
        place: crate::checker::Place,
        params: &'a Option<(Box<ast::TypeDesc>, Option<Box<ast::TypeDesc>>)>,
    ) -> TypeId {
        let Some((value, completion)) = params else {
            return self.p.types.add(Type::Stream {
                value: TypeArena::ANY_OR_ERROR,
                completion: TypeArena::ANY_OR_ERROR,
            });
        };
        let value = self.resolve_type(place, value);
        let completion = match completion {
            Some(desc) => {
                let ty = self.resolve_type(place, desc);
                let error_or_nil = self.p.types.union_of(&[TypeArena::ERROR, TypeArena::NIL]);
                // The lang library's `CompletionType` and `ErrorType?` are placeholders within
                // their bounds.
                let type_param = self
                    .p
                    .types
                    .members(ty)
                    .iter()
                    .any(|m| self.lang.type_params.contains_key(m));
                if !type_param
                    && !self.p.types.is_unknown(ty)
                    && !self.p.types.is_subtype(ty, error_or_nil)
                {
                    let message = format!(
                        "the completion type of a stream must be a subtype of 'error?', found '{}'",
                        self.p.types.display(ty)
                    );
                    self.error(codes::STREAM_COMPLETION, desc.span, message);
                }
                ty
            }
            None => TypeArena::NIL,
        };
        self.p.types.add(Type::Stream { value, completion })
    }

    /// The member and completion types of a stream type (of every stream a union of stream
    /// types holds); `None` when `ty` has values other than streams.
    pub(crate) fn stream_params(&mut self, ty: TypeId) -> Option<(TypeId, TypeId)> {
        let mut values = Vec::new();
        let mut completions = Vec::new();
        for member in self.p.types.members(ty) {
            match self.p.types.get(member) {
                Type::Stream { value, completion } => {
                    values.push(*value);
                    completions.push(*completion);
                }
                _ => return None,
            }
        }
        if values.is_empty() {
            return None;
        }
        let value = self.p.types.union_of(&values);
        let completion = self.p.types.union_of(&completions);
        Some((value, completion))
    }

    /// Binds a lang.stream completion parameter: `CompletionType` to the completion type,
    /// `ErrorType?` (`reduce`) to its error part.
    pub(crate) fn bind_completion(
        &mut self,
        param: TypeId,
        completion: TypeId,
        bindings: &mut Bindings,
    ) {
        if self.lang.type_params.contains_key(&param) {
            bindings.entry(param).or_insert(completion);
            return;
        }
        if let Type::Union(members) = self.p.types.get(param).clone() {
            let error = self.p.types.error_part(completion);
            for member in members {
                if self.lang.type_params.contains_key(&member) {
                    bindings.entry(member).or_insert(error);
                }
            }
        }
    }

    /// The stream type a `new` expression constructs: `new stream<T, C>(...)`, `new S(...)`
    /// naming a stream type, or an implicit `new (...)` whose expected type has a stream
    /// type. A class name is resolved here once, into `resolved`, for `check_new`.
    pub(crate) fn new_stream_target(
        &mut self,
        class: Option<&'a ast::TypeDesc>,
        expected: Option<TypeId>,
        resolved: &mut Option<TypeId>,
    ) -> Option<TypeId> {
        match class {
            Some(desc) => {
                let place = self.place;
                let ty = self.resolve_type(place, desc);
                if matches!(self.p.types.get(ty), Type::Stream { .. }) {
                    return Some(ty);
                }
                *resolved = Some(ty);
                None
            }
            None => {
                let expected = expected?;
                let members = self.p.types.members(expected);
                let has_class = members
                    .iter()
                    .any(|&m| matches!(self.p.types.get(m), Type::Object(o) if o.class.is_some()));
                if has_class {
                    return None;
                }
                members
                    .into_iter()
                    .find(|&m| matches!(self.p.types.get(m), Type::Stream { .. }))
            }
        }
    }

    /// `new stream<T, C>()` (the empty stream) or `new stream<T, C>(implementor)`, where the
    /// implementor belongs to `StreamImplementor<T, C?>`.
    pub(crate) fn check_new_stream(
        &mut self,
        expr: &ast::Expr,
        ty: TypeId,
        args: &'a [ast::Arg],
    ) -> TypeId {
        let Some((value, completion)) = self.stream_params(ty) else {
            self.check_args_unmatched(args);
            return TypeArena::UNKNOWN;
        };
        let key = self.key(expr.id);
        let implementor = match args {
            [] => false,
            [ast::Arg::Positional(arg)] => {
                let t = self.check_expr(arg, None);
                self.check_implementor(arg, t, value, completion);
                true
            }
            _ => {
                self.error(
                    codes::STREAM_ARGS,
                    expr.span,
                    "a stream is constructed from no argument or from one stream implementor object",
                );
                self.check_args_unmatched(args);
                return ty;
            }
        };
        self.p
            .new_streams
            .insert(key, NewStreamInfo { ty, implementor });
        ty
    }

    fn check_implementor(&mut self, arg: &ast::Expr, t: TypeId, value: TypeId, completion: TypeId) {
        if self.p.types.is_unknown(t) {
            return;
        }
        let object = match self.p.types.get(t) {
            Type::Object(o) => Some(o.clone()),
            _ => None,
        };
        let Some(object) = object else {
            let message = format!(
                "incompatible types: expected a stream implementor object, found '{}'",
                self.p.types.display(t)
            );
            self.error(codes::STREAM_IMPLEMENTOR, arg.span, message);
            return;
        };
        let record = self.p.types.add(Type::Record(RecordType {
            fields: vec![RecordField {
                name: "value".to_string(),
                ty: value,
                optional: false,
                readonly: false,
                default: None,
            }],
            rest: None,
        }));
        let next_ret = self.p.types.union_of(&[record, completion, TypeArena::NIL]);
        let close_ret = self.p.types.union_of(&[completion, TypeArena::NIL]);
        let name = self.p.types.display(t);
        let method = |n: &str| object.methods.iter().find(|m| m.name == n).cloned();
        match method("next") {
            None => {
                let message = format!(
                    "'{name}' is not a stream implementor: it has no method 'public isolated function next() returns {}'",
                    self.p.types.display(next_ret)
                );
                self.error(codes::STREAM_NEXT, arg.span, message);
            }
            Some(next) => {
                self.check_implementor_method(arg, &name, &next, next_ret, codes::STREAM_NEXT)
            }
        }
        if let Some(close) = method("close") {
            self.check_implementor_method(arg, &name, &close, close_ret, codes::STREAM_CLOSE);
        }
    }

    /// A `next()` or `close()` method: public, isolated, no required parameters, and a
    /// result within `ret`.
    fn check_implementor_method(
        &mut self,
        arg: &ast::Expr,
        object: &str,
        method: &ObjectMethod,
        ret: TypeId,
        code: intc_diagnostics::Code,
    ) {
        let Type::Function(f) = self.p.types.get(method.ty).clone() else {
            return;
        };
        let mut problems = Vec::new();
        if !method.is_public {
            problems.push("is not 'public'".to_string());
        }
        if !f.is_isolated {
            problems.push("is not 'isolated'".to_string());
        }
        if f.required > 0 {
            problems.push("has required parameters".to_string());
        }
        if !self.p.types.is_unknown(f.ret) && !self.p.types.is_subtype(f.ret, ret) {
            problems.push(format!(
                "returns '{}', not a subtype of '{}'",
                self.p.types.display(f.ret),
                self.p.types.display(ret)
            ));
        }
        if problems.is_empty() {
            return;
        }
        let message = format!(
            "method '{}' of stream implementor '{object}' {}",
            method.name,
            problems.join(" and ")
        );
        self.error(code, arg.span, message);
    }

    /// Iterating a stream: its member type; a `foreach` needs the completion type `()`
    /// (spec "Foreach statement", E0745).
    pub(crate) fn stream_iteration(&mut self, t: TypeId) -> Option<(TypeId, TypeId)> {
        if self.p.types.basic_mask(t) != basic::STREAM {
            return None;
        }
        self.stream_params(t)
    }

    pub(crate) fn check_foreach_stream(&mut self, t: TypeId, iterable: &ast::Expr) {
        let Some((_, completion)) = self.stream_iteration(t) else {
            return;
        };
        if completion != TypeArena::NIL && !self.p.types.is_subtype(completion, TypeArena::NIL) {
            let message = format!(
                "a foreach statement iterates a stream whose completion type is '()', found '{}'",
                self.p.types.display(t)
            );
            self.error(codes::STREAM_FOREACH, iterable.span, message);
        }
    }
}
