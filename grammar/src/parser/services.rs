//! Parser helpers for listeners, services, resource methods and resource access actions.

use super::helpers::{Ctx, QualList};
use crate::ast::*;
use intc_span::Span;

/// A segment of a resource method's path as written.
pub enum PathSegment {
    Literal(Ident),
    /// `[T name]`, or `[T... name]` when `rest`; the name may be left out in object types.
    Param {
        annots: Vec<Annotation>,
        ty: TypeDesc,
        name: Option<Ident>,
        rest: bool,
        span: Span,
    },
}

/// A segment of a resource access path as written.
pub enum AccessPathSegment {
    Literal(Ident),
    /// `[e]`
    Computed(Expr),
    /// `[...e]`
    Spread(Expr),
}

impl QualList {
    /// `listener [T] name = init;`: a final module variable marked as a listener.
    pub fn listener(
        self,
        annots: Vec<Annotation>,
        ty: Option<TypeDesc>,
        name: Ident,
        init: Expr,
        span: Span,
    ) -> Item {
        let binding = BindingPattern {
            id: NodeId(0),
            span: name.span,
            kind: BindingPatternKind::Capture(name),
        };
        Item::Var(ModuleVar {
            doc: Vec::new(),
            annots,
            visibility: self.visibility(),
            is_final: true,
            is_configurable: false,
            is_isolated: false,
            is_listener: true,
            ty,
            binding,
            init: VarInit::Expr(init),
            span,
        })
    }
}

/// A service declaration: its body becomes a `service` object constructor carrying the
/// declaration's annotations and type.
#[allow(clippy::too_many_arguments)]
pub fn service_decl(
    ctx: &mut Ctx,
    annots: Vec<Annotation>,
    q: QualList,
    ty: Option<TypeDesc>,
    attach: ServiceAttach,
    listeners: Vec<Expr>,
    members: Vec<ClassMember>,
    body: (usize, usize),
    span: Span,
) -> Item {
    if q.visibility.is_some() || q.qualifiers.is_final || q.qualifiers.transactional {
        ctx.error(
            span,
            "a service declaration may only be qualified 'isolated'",
        );
    }
    let qualifiers = Qualifiers {
        service: true,
        isolated: q.qualifiers.isolated,
        ..Qualifiers::default()
    };
    let body = ctx.expr(
        ExprKind::ObjectConstructor {
            annots,
            qualifiers,
            type_ref: ty.clone(),
            members,
        },
        body.0,
        body.1,
    );
    Item::Service(ServiceDecl {
        doc: Vec::new(),
        ty,
        attach,
        listeners,
        body,
        span,
    })
}

/// A resource method: the name encodes the accessor and the path, and the path parameters
/// become the method's first parameters (see `crate::resource`).
#[allow(clippy::too_many_arguments)]
pub fn resource_method(
    ctx: &mut Ctx,
    q: QualList,
    annots: Vec<Annotation>,
    accessor: Ident,
    path: Vec<PathSegment>,
    mut signature: FunctionSignature,
    body: FunctionBody,
    span: Span,
) -> FunctionDef {
    use crate::resource::{method_name, Segment};
    if !q.qualifiers.resource {
        ctx.error(
            accessor.span,
            "only a 'resource' method may have a resource path",
        );
    }
    let mut segments = Vec::with_capacity(path.len());
    let mut params = Vec::new();
    let count = path.len();
    for (index, segment) in path.into_iter().enumerate() {
        match segment {
            PathSegment::Literal(name) => segments.push(Segment::Literal(name.name)),
            PathSegment::Param {
                annots,
                ty,
                name,
                rest,
                span,
            } => {
                if rest && index + 1 != count {
                    ctx.error(span, "a rest path parameter must be the last segment");
                }
                let key = crate::resource::type_key(&ty);
                segments.push(if rest {
                    Segment::Rest(key)
                } else {
                    Segment::Param(key)
                });
                let name = name.unwrap_or_else(|| Ident {
                    name: format!("$path{index}"),
                    span,
                });
                let ty = if rest {
                    TypeDesc {
                        span: ty.span,
                        kind: TypeDescKind::Array {
                            element: Box::new(ty),
                            length: ArrayLength::Open,
                        },
                    }
                } else {
                    ty
                };
                params.push(Param {
                    id: NodeId(0),
                    annots,
                    name,
                    ty,
                    kind: ParamKind::Required,
                    default: None,
                    span,
                });
            }
        }
    }
    params.append(&mut signature.params);
    signature.params = params;
    let name = Ident {
        name: method_name(&accessor.name, &segments),
        span: accessor.span,
    };
    let mut def = q.function_def(annots, name, signature, body, span);
    def.qualifiers.resource = true;
    def
}

impl Ctx {
    /// `base->/path.method(args)`: a remote call of the method named by
    /// `crate::resource::access_name`, the computed segments first among the arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn resource_access(
        &self,
        base: Expr,
        path: Vec<AccessPathSegment>,
        method: Option<Ident>,
        args: Option<Vec<Arg>>,
        slash: usize,
        start: usize,
        end: usize,
    ) -> Expr {
        use crate::resource::{access_name, AccessSegment};
        let mut segments = Vec::with_capacity(path.len());
        let mut all_args = Vec::new();
        for segment in path {
            match segment {
                AccessPathSegment::Literal(name) => {
                    segments.push(AccessSegment::Literal(name.name))
                }
                AccessPathSegment::Computed(e) => {
                    segments.push(AccessSegment::Computed);
                    all_args.push(Arg::Positional(e));
                }
                AccessPathSegment::Spread(e) => {
                    segments.push(AccessSegment::Spread);
                    all_args.push(Arg::Rest(e));
                }
            }
        }
        all_args.extend(args.unwrap_or_default());
        let (method_text, span) = match &method {
            Some(m) => (m.name.clone(), m.span),
            None => ("get".to_string(), self.span(slash, slash + 1)),
        };
        let method = Ident {
            name: access_name(&method_text, &segments),
            span,
        };
        self.remote_call(base, method, all_args, start, end)
    }
}
