//! Client resource access actions (`c->/albums/[id].get(x)`, spec "Client resource access
//! action"): the parser encodes the path in the remote call's method name
//! (`intc_syntax::resource`), with the computed segments as the first arguments. The action
//! resolves to the first resource method of the client object whose accessor and path match,
//! and is recorded as an ordinary call of that method: its path parameters take the computed
//! segments (or the literal segment's name, for a literal written where the method has a
//! parameter), the written arguments the others.

use crate::calls::ParamSig;
use crate::checker::Checker;
use crate::model::*;
use intc_diagnostics::codes;
use intc_syntax::ast;
use intc_syntax::resource::{self, AccessSegment, Segment};

/// One member of an [`ArgSource::PathList`].
#[derive(Clone, Debug, PartialEq)]
pub enum PathItem {
    /// A literal segment's name.
    Literal(String),
    /// The call's argument at this index (a computed segment).
    Arg(usize),
    /// The call's argument at this index, a list whose members are segments (`[...xs]`).
    Spread(usize),
}

impl<'a> Checker<'a> {
    pub(crate) fn check_resource_access(
        &mut self,
        expr: &ast::Expr,
        receiver: &'a ast::Expr,
        method: &ast::Ident,
        args: &'a [ast::Arg],
        expected: Option<TypeId>,
    ) -> TypeId {
        let Some((accessor, segments)) = resource::decode_access(&method.name) else {
            return TypeArena::UNKNOWN;
        };
        let recv = self.check_expr(receiver, None);
        if self.p.types.is_unknown(recv) {
            self.check_args_unmatched(args);
            return TypeArena::UNKNOWN;
        }
        let object = match self.p.types.get(recv) {
            Type::Object(o) if o.is_client => o.clone(),
            _ => {
                let message = format!(
                    "a resource access action needs a client object, found '{}'",
                    self.p.types.display(recv)
                );
                self.error(codes::RESOURCE_NOT_ALLOWED, receiver.span, message);
                self.check_args_unmatched(args);
                return TypeArena::UNKNOWN;
            }
        };
        // The computed segments' types, in order.
        let path_count = segments
            .iter()
            .filter(|s| !matches!(s, AccessSegment::Literal(_)))
            .count()
            .min(args.len());
        let mut path_types = Vec::with_capacity(path_count);
        for arg in &args[..path_count] {
            let (ast::Arg::Positional(e) | ast::Arg::Named(_, e) | ast::Arg::Rest(e)) = arg;
            path_types.push(self.check_expr(e, None));
        }
        let mut chosen = None;
        for m in &object.methods {
            let Some((method_accessor, method_segments)) = resource::decode_method(&m.name) else {
                continue;
            };
            if method_accessor != accessor {
                continue;
            }
            let Some(params) = self.resource_params(m, object.class) else {
                continue;
            };
            if let Some(sources) =
                self.match_path(&method_segments, &segments, &path_types, &params.0)
            {
                chosen = Some((m.clone(), params, sources));
                break;
            }
        }
        let Some((m, (params, ret, function), path_sources)) = chosen else {
            let message = format!(
                "no resource method of '{}' matches '{} {}'",
                self.p.types.display(recv),
                accessor,
                access_path_text(&segments)
            );
            self.error(codes::NO_RESOURCE_METHOD, method.span, message);
            self.check_args_unmatched(&args[path_count..]);
            return TypeArena::UNKNOWN;
        };
        let visible = m.is_public || (object.class.is_some() && self.fx.self_class == object.class);
        if !visible {
            let message = format!("attempt to refer to non-accessible symbol '{}'", accessor);
            self.error(codes::NOT_VISIBLE, method.span, message);
        }
        // A dependently-typed (external) resource method, as `http:Client`'s `get` with
        // `TargetType targetType = <>`: the typedesc is bound per call like a remote method's.
        let skip = path_sources.len().min(params.len());
        let mut prechecked = Vec::new();
        let dependent = function
            .and_then(|f| self.instantiate_dependent_after(f, &args[path_count..], expected, skip));
        let (params, ret) = match dependent {
            Some(instantiated) => {
                prechecked = instantiated.prechecked;
                (instantiated.params, instantiated.ret)
            }
            None => (params, ret),
        };
        let rest_params = &params[skip..];
        let mut matching = self.match_args(
            rest_params,
            &args[path_count..],
            &accessor,
            expr.span,
            false,
            &prechecked,
        );
        if function.is_none() {
            // Defaults of an object type's method come from its function type, which also
            // counts the path parameters.
            let mut whole = ArgMatching {
                params: path_sources.clone(),
                ..ArgMatching::default()
            };
            whole.params.extend(matching.params.iter().cloned());
            self.apply_function_type_defaults(m.ty, &mut whole);
            matching.params = whole.params.split_off(path_sources.len());
        }
        let shift = |s: ArgSource| match s {
            ArgSource::Arg(i) => ArgSource::Arg(i + path_count),
            ArgSource::Fields(fields) => ArgSource::Fields(
                fields
                    .into_iter()
                    .map(|(n, i)| (n, i + path_count))
                    .collect(),
            ),
            ArgSource::SpreadField(i, f) => ArgSource::SpreadField(i + path_count, f),
            ArgSource::PathList(ty, items) => ArgSource::PathList(
                ty,
                items
                    .into_iter()
                    .map(|item| match item {
                        PathItem::Arg(i) => PathItem::Arg(i + path_count),
                        PathItem::Spread(i) => PathItem::Spread(i + path_count),
                        literal => literal,
                    })
                    .collect(),
            ),
            other => other,
        };
        let mut all = path_sources;
        all.extend(matching.params.into_iter().map(shift));
        let rest = matching
            .rest
            .into_iter()
            .map(|r| match r {
                RestSource::Arg(i) => RestSource::Arg(i + path_count),
                RestSource::Spread(i) => RestSource::Spread(i + path_count),
                other => other,
            })
            .collect();
        let matching = ArgMatching {
            params: all,
            rest,
            spread_positional: matching.spread_positional.map(|i| i + path_count),
        };
        let target = CallTarget::Method {
            name: m.name.clone(),
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
        ret
    }

    /// The parameters and return type of a method, and its function when the class is known.
    #[allow(clippy::type_complexity)]
    fn resource_params(
        &self,
        m: &ObjectMethod,
        class: Option<ClassId>,
    ) -> Option<(Vec<ParamSig>, TypeId, Option<FunctionId>)> {
        let function = class.and_then(|c| {
            self.p.classes[c.index()]
                .methods
                .iter()
                .find(|(n, _)| n == &m.name)
                .map(|(_, f)| *f)
        });
        match function {
            Some(f) => {
                let info = &self.p.functions[f.index()];
                Some((
                    info.params.iter().map(ParamSig::from_info).collect(),
                    info.ret,
                    Some(f),
                ))
            }
            None => match self.p.types.get(m.ty).clone() {
                Type::Function(ft) => Some((self.function_value_params(m.ty, &ft), ft.ret, None)),
                _ => None,
            },
        }
    }

    /// The sources of a resource method's path parameters for an access path, when the path
    /// matches: literals match equal literals (or a parameter admitting strings, which takes
    /// the name), a computed segment a parameter admitting its type, and the remaining
    /// segments a rest parameter (one spread `[...xs]`, or literals only).
    fn match_path(
        &mut self,
        method: &[Segment],
        access: &[AccessSegment],
        path_types: &[TypeId],
        params: &[ParamSig],
    ) -> Option<Vec<ArgSource>> {
        let mut sources = Vec::new();
        let mut at = 0;
        let mut arg = 0;
        let mut param = 0;
        for segment in method {
            match segment {
                Segment::Literal(name) => match access.get(at) {
                    Some(AccessSegment::Literal(written)) if written == name => at += 1,
                    _ => return None,
                },
                Segment::Param(_) => {
                    let ty = params.get(param)?.ty;
                    param += 1;
                    match access.get(at)? {
                        AccessSegment::Literal(written) => {
                            if !self.p.types.is_subtype(TypeArena::STRING, ty) {
                                return None;
                            }
                            sources.push(ArgSource::Constant(ConstValue::String(written.clone())));
                        }
                        AccessSegment::Computed => {
                            let found = *path_types.get(arg)?;
                            if !self.p.types.is_subtype(found, ty) {
                                return None;
                            }
                            sources.push(ArgSource::Arg(arg));
                            arg += 1;
                        }
                        AccessSegment::Spread => return None,
                    }
                    at += 1;
                }
                Segment::Rest(_) => {
                    let ty = params.get(param)?.ty;
                    param += 1;
                    let remaining = &access[at.min(access.len())..];
                    match remaining {
                        [AccessSegment::Spread] => {
                            let found = *path_types.get(arg)?;
                            if !self.p.types.is_subtype(found, ty) {
                                return None;
                            }
                            sources.push(ArgSource::Arg(arg));
                            arg += 1;
                        }
                        _ => {
                            let element = self.list_element_type(ty);
                            let mut items = Vec::new();
                            for s in remaining {
                                match s {
                                    AccessSegment::Literal(n) => {
                                        if !self.p.types.is_subtype(TypeArena::STRING, element) {
                                            return None;
                                        }
                                        items.push(PathItem::Literal(n.clone()));
                                    }
                                    AccessSegment::Computed => {
                                        let found = *path_types.get(arg)?;
                                        if !self.p.types.is_subtype(found, element) {
                                            return None;
                                        }
                                        items.push(PathItem::Arg(arg));
                                        arg += 1;
                                    }
                                    // `[...xs]` after other segments: its members
                                    // follow theirs in the rest parameter's list.
                                    AccessSegment::Spread => {
                                        let found = *path_types.get(arg)?;
                                        if !self.p.types.is_subtype(found, ty) {
                                            return None;
                                        }
                                        items.push(PathItem::Spread(arg));
                                        arg += 1;
                                    }
                                }
                            }
                            sources.push(ArgSource::PathList(ty, items));
                        }
                    }
                    at = access.len();
                }
            }
        }
        (at == access.len()).then_some(sources)
    }
}

fn access_path_text(segments: &[AccessSegment]) -> String {
    if segments.is_empty() {
        return "/".to_string();
    }
    segments
        .iter()
        .map(|s| match s {
            AccessSegment::Literal(n) => format!("/{n}"),
            AccessSegment::Computed => "/[..]".to_string(),
            AccessSegment::Spread => "/[...]".to_string(),
        })
        .collect()
}
