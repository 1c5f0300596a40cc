//! Helpers called from the grammar's actions: node construction with spans, qualifier sets
//! and the conversions that cover-grammar productions need (expression to binding pattern).

use crate::ast::*;
use crate::lexer::Tok;
use intc_diagnostics::{codes, Diagnostic};
use intc_span::{FileId, Span};
use lalrpop_util::ErrorRecovery;

/// Builtin type keywords that may be used as a value (a typedesc), parsed as `Var`.
pub const TYPE_VALUE_NAMES: &[&str] = &[
    "int", "byte", "float", "decimal", "string", "boolean", "any", "anydata", "json", "never",
    "readonly", "handle",
];

pub type Recovery = ErrorRecovery<usize, Tok, ()>;

/// Messages of syntax errors after which the tree is exactly what the user meant (the
/// trailing `,` is dropped, `=` in a condition is read as `==`), so the code around them can
/// be checked as usual.
pub const TRAILING_COMMA: &str = "unexpected ',' after the last item";
pub const ASSIGNMENT_IN_CONDITION: &str = "unexpected '=' in the condition";

/// The state shared by all grammar actions of one parse.
pub struct Ctx {
    pub file: FileId,
    pub recoveries: Vec<Recovery>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Ctx {
    pub fn new(file: FileId) -> Ctx {
        Ctx {
            file,
            recoveries: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        let clamp = |offset: usize| offset.min(u32::MAX as usize) as u32;
        Span::new(self.file, clamp(start), clamp(end))
    }

    pub fn ident(&self, name: String, start: usize, end: usize) -> Ident {
        Ident {
            name,
            span: self.span(start, end),
        }
    }

    /// A new expression; its `NodeId` is assigned by the numbering pass after parsing.
    pub fn expr(&self, kind: ExprKind, start: usize, end: usize) -> Expr {
        Expr {
            id: NodeId(0),
            kind,
            span: self.span(start, end),
        }
    }

    pub fn binary(&self, op: BinaryOp, lhs: Expr, rhs: Expr, start: usize, end: usize) -> Expr {
        self.expr(
            ExprKind::Binary {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            start,
            end,
        )
    }

    pub fn unary(&self, op: UnaryOp, operand: Expr, start: usize, end: usize) -> Expr {
        self.expr(
            ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            start,
            end,
        )
    }

    pub fn ty(&self, kind: TypeDescKind, start: usize, end: usize) -> TypeDesc {
        TypeDesc {
            kind,
            span: self.span(start, end),
        }
    }

    pub fn binding(&self, kind: BindingPatternKind, start: usize, end: usize) -> BindingPattern {
        BindingPattern {
            id: NodeId(0),
            kind,
            span: self.span(start, end),
        }
    }

    /// A name in binding position: `_` is the wildcard.
    pub fn capture(&self, name: Ident) -> BindingPattern {
        let span = name.span;
        let kind = if name.name == "_" {
            BindingPatternKind::Wildcard
        } else {
            BindingPatternKind::Capture(name)
        };
        BindingPattern {
            id: NodeId(0),
            kind,
            span,
        }
    }

    /// Boxed, like every large nonterminal (see [`unbox`]).
    pub fn stmt(&self, kind: StmtKind, start: usize, end: usize) -> Box<Stmt> {
        Box::new(Stmt {
            kind,
            span: self.span(start, end),
        })
    }

    pub fn recover(&mut self, recovery: Recovery) {
        self.recoveries.push(recovery);
    }

    /// `if x = 1 {`: reported, and kept as the comparison the user meant.
    pub fn assignment_condition(
        &mut self,
        lhs: Expr,
        rhs: Expr,
        assign: (usize, usize),
        start: usize,
        end: usize,
    ) -> Expr {
        let span = self.span(assign.0, assign.1);
        self.diagnostics.push(
            Diagnostic::error(codes::SYNTAX, span, ASSIGNMENT_IN_CONDITION)
                .with_help("to compare values use '=='; '=' assigns"),
        );
        self.binary(BinaryOp::Eq, lhs, rhs, start, end)
    }

    /// `f(1, 2,)`: Ballerina lists do not end with a `,`; `end` is the end of that comma.
    pub fn trailing_comma(&mut self, end: usize) {
        let span = self.span(end.saturating_sub(1), end);
        self.diagnostics.push(
            Diagnostic::error(codes::SYNTAX, span, TRAILING_COMMA)
                .with_help("remove the trailing ','"),
        );
    }

    /// ``xml `...` ``: the template's structure, parsed now (`xml_template.rs`).
    pub fn xml_template(
        &mut self,
        parts: Vec<(usize, TemplatePart)>,
        content_end: usize,
        start: usize,
        end: usize,
    ) -> Expr {
        let (template, diagnostics) =
            super::xml_template::parse_xml_template(self.file, parts, content_end);
        self.diagnostics.extend(diagnostics);
        self.expr(ExprKind::XmlTemplate(Box::new(template)), start, end)
    }

    /// An xml navigation step from the pre-pass's token.
    pub fn xml_step(
        &mut self,
        base: Expr,
        kind: u8,
        patterns: Vec<String>,
        start: usize,
        end: usize,
    ) -> Expr {
        let step = match kind {
            crate::prepass::xml_steps::FILTER => XmlStepKind::Filter,
            crate::prepass::xml_steps::CHILDREN => XmlStepKind::Children,
            crate::prepass::xml_steps::ALL_CHILDREN => XmlStepKind::AllChildren,
            _ => XmlStepKind::Descendants,
        };
        let span = self.span(start, end);
        let patterns = patterns
            .into_iter()
            .map(|p| {
                let (prefix, local) = match p.split_once(':') {
                    Some((prefix, local)) => (Some(prefix.to_string()), local.to_string()),
                    None => (None, p),
                };
                XmlName {
                    prefix,
                    local,
                    span,
                    uri: None,
                }
            })
            .collect();
        self.expr(
            ExprKind::XmlStep {
                base: Box::new(base),
                step,
                patterns,
            },
            start,
            end,
        )
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(codes::SYNTAX, span, message));
    }

    /// A call; `receiver.method(args)` becomes a method call.
    pub fn call(&self, callee: Expr, args: Vec<Arg>, start: usize, end: usize) -> Expr {
        let kind = match callee.kind {
            ExprKind::Field {
                base,
                field,
                optional: false,
            } => ExprKind::MethodCall {
                receiver: base,
                method: field,
                args,
                remote: false,
            },
            other => ExprKind::Call {
                callee: Box::new(Expr {
                    id: callee.id,
                    kind: other,
                    span: callee.span,
                }),
                args,
            },
        };
        self.expr(kind, start, end)
    }

    /// `start call`: anything but a function or method call is reported (and kept, so the
    /// checker still sees its operand).
    pub fn start_action(
        &mut self,
        annots: Vec<Annotation>,
        call: Expr,
        start: usize,
        end: usize,
    ) -> Expr {
        if !matches!(
            call.kind,
            ExprKind::Call { .. } | ExprKind::MethodCall { .. }
        ) {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::SYNTAX,
                    call.span,
                    "'start' must be followed by a function or method call",
                )
                .with_help("write 'start f(args)' or 'start obj.method(args)'"),
            );
        }
        let kind = ExprKind::Start {
            annots,
            call: Box::new(call),
        };
        self.expr(kind, start, end)
    }

    /// `fork { ... }` needs at least one worker.
    pub fn fork(&mut self, workers: Vec<WorkerDecl>, start: usize, end: usize) -> Box<Stmt> {
        if workers.is_empty() {
            let span = self.span(start, end);
            self.diagnostics.push(
                Diagnostic::error(
                    codes::SYNTAX,
                    span,
                    "a fork statement needs at least one worker",
                )
                .with_help("declare the workers inside: 'fork { worker a { ... } }'"),
            );
        }
        self.stmt(StmtKind::Fork(workers), start, end)
    }

    /// `<- {a: w1, w2}`: a field without a name takes the worker's name; `function` has none.
    pub fn multiple_receive(
        &mut self,
        fields: Vec<(Option<Ident>, PeerWorker)>,
        start: usize,
        end: usize,
    ) -> Expr {
        let mut named = Vec::with_capacity(fields.len());
        for (name, peer) in fields {
            match (name, &peer.name) {
                (Some(name), _) => named.push((name, peer)),
                (None, Some(worker)) => named.push((worker.clone(), peer)),
                (None, None) => self.diagnostics.push(
                    Diagnostic::error(
                        codes::SYNTAX,
                        peer.span,
                        "a message from the function's default worker needs a field name",
                    )
                    .with_help("write 'name: function'"),
                ),
            }
        }
        self.expr(ExprKind::Receive(Receive::Multiple(named)), start, end)
    }

    /// A parameter of a function type descriptor, whose name may be omitted.
    pub fn type_param(
        &self,
        ty: TypeDesc,
        name: Option<Ident>,
        kind: ParamKind,
        start: usize,
        end: usize,
    ) -> Param {
        let name = name.unwrap_or_else(|| self.ident(String::new(), end, end));
        Param {
            id: NodeId(0),
            annots: Vec::new(),
            name,
            ty,
            kind,
            default: None,
            span: self.span(start, end),
        }
    }

    /// `receiver->method(args)`, a remote method call action.
    pub fn remote_call(
        &self,
        receiver: Expr,
        method: Ident,
        args: Vec<Arg>,
        start: usize,
        end: usize,
    ) -> Expr {
        let kind = ExprKind::MethodCall {
            receiver: Box::new(receiver),
            method,
            args,
            remote: true,
        };
        self.expr(kind, start, end)
    }

    /// The statement for `target = value;`: destructuring when the target is a list, a mapping
    /// or `_`.
    pub fn assignment(&mut self, target: Expr, value: Expr, start: usize, end: usize) -> Box<Stmt> {
        let destructure = match &target.kind {
            ExprKind::List(_) | ExprKind::Mapping(_) | ExprKind::ErrorConstructor { .. } => true,
            ExprKind::Var { module: None, name } => name.name == "_",
            _ => false,
        };
        if destructure {
            let pattern = self.expr_to_pattern(target);
            return self.stmt(StmtKind::DestructureAssign { pattern, value }, start, end);
        }
        if let ExprKind::Var { module: None, name } = &target.kind {
            // `int = 5;`: a type keyword (not a quoted identifier such as `'int`) cannot be
            // assigned; the declaration is missing its variable name.
            if TYPE_VALUE_NAMES.contains(&name.name.as_str())
                && name.span.len() as usize == name.name.len()
            {
                let message = format!("expected a variable name after '{}'", name.name);
                let end = target.span.end as usize;
                self.error(self.span(end, end), message);
                return self.stmt(StmtKind::Error, start, end);
            }
        }
        if !matches!(
            target.kind,
            ExprKind::Var { .. }
                | ExprKind::Member { .. }
                | ExprKind::Field { .. }
                | ExprKind::Error
        ) {
            self.error(target.span, "invalid assignment target");
        }
        self.stmt(StmtKind::Assign { target, value }, start, end)
    }

    /// Converts the expression form of a destructuring target into a binding pattern.
    pub fn expr_to_pattern(&mut self, expr: Expr) -> BindingPattern {
        let span = expr.span;
        let kind = match expr.kind {
            ExprKind::Var { module: None, name } => return self.capture(name),
            ExprKind::List(items) => {
                let mut patterns = Vec::new();
                let mut rest = None;
                for item in items {
                    match item {
                        ListItem::Expr(expr) => patterns.push(self.expr_to_pattern(expr)),
                        ListItem::Spread(expr) => rest = Some(Box::new(self.expr_to_pattern(expr))),
                    }
                }
                BindingPatternKind::List {
                    items: patterns,
                    rest,
                }
            }
            ExprKind::Mapping(fields) => {
                let mut patterns = Vec::new();
                let mut rest = None;
                for field in fields {
                    match field {
                        MappingField::KeyValue {
                            key: MappingKey::Ident(name),
                            value,
                            span,
                            ..
                        } => {
                            let pattern = match value {
                                Some(value) => self.expr_to_pattern(value),
                                None => self.capture(name.clone()),
                            };
                            patterns.push(FieldBindingPattern {
                                name,
                                pattern,
                                span,
                            });
                        }
                        MappingField::Spread(expr) => {
                            rest = Some(Box::new(self.expr_to_pattern(expr)))
                        }
                        MappingField::KeyValue { span, .. } => {
                            self.error(span, "expected a field binding pattern");
                        }
                    }
                }
                BindingPatternKind::Mapping {
                    fields: patterns,
                    rest,
                }
            }
            ExprKind::ErrorConstructor { ty, args } => self.error_args_to_pattern(ty, args),
            _ => {
                self.error(span, "expected a binding pattern");
                BindingPatternKind::Wildcard
            }
        };
        BindingPattern {
            id: NodeId(0),
            kind,
            span,
        }
    }
}

impl Ctx {
    /// `error E(msg, cause, code = c, ...rest)` written as an assignment target: the
    /// arguments become the error binding pattern's parts.
    fn error_args_to_pattern(
        &mut self,
        ty: Option<TypeDesc>,
        args: Vec<Arg>,
    ) -> BindingPatternKind {
        let type_ref = match ty.map(|t| t.kind) {
            None => None,
            Some(TypeDescKind::Named { module: None, name }) => Some(name),
            Some(_) => None,
        };
        let mut positional = Vec::new();
        let mut fields = Vec::new();
        let mut rest = None;
        for arg in args {
            match arg {
                Arg::Positional(expr) => positional.push(self.expr_to_pattern(expr)),
                Arg::Named(name, expr) => {
                    let span = name.span.to(expr.span);
                    let pattern = self.expr_to_pattern(expr);
                    fields.push(FieldBindingPattern {
                        name,
                        pattern,
                        span,
                    });
                }
                Arg::Rest(expr) => rest = Some(Box::new(self.expr_to_pattern(expr))),
            }
        }
        let mut positional = positional.into_iter();
        let message = positional.next().map(Box::new);
        let cause = positional.next().map(Box::new);
        for extra in positional {
            self.error(
                extra.span,
                "an error binding pattern has at most a message and a cause",
            );
        }
        BindingPatternKind::Error {
            type_ref,
            message,
            cause,
            fields,
            rest,
        }
    }
}

/// Qualifier keywords collected before an item, member or expression.
#[derive(Clone, Debug, Default)]
pub struct QualList {
    pub visibility: Option<Visibility>,
    pub qualifiers: Qualifiers,
    pub configurable: bool,
}

impl QualList {
    pub fn add(mut self, tok: Tok) -> QualList {
        match tok {
            Tok::Public => self.visibility = Some(Visibility::Public),
            Tok::Private => self.visibility = Some(Visibility::Private),
            Tok::Isolated => self.qualifiers.isolated = true,
            Tok::Transactional => self.qualifiers.transactional = true,
            Tok::Remote => self.qualifiers.remote = true,
            Tok::Resource => self.qualifiers.resource = true,
            Tok::KwReadonly => self.qualifiers.readonly = true,
            Tok::Distinct => self.qualifiers.distinct = true,
            Tok::Client => self.qualifiers.client = true,
            Tok::Service => self.qualifiers.service = true,
            Tok::Final => self.qualifiers.is_final = true,
            Tok::Configurable => self.configurable = true,
            _ => {}
        }
        self
    }

    pub fn from_toks(toks: Vec<Tok>) -> QualList {
        toks.into_iter().fold(QualList::default(), QualList::add)
    }

    pub fn visibility(&self) -> Visibility {
        self.visibility.unwrap_or(Visibility::Module)
    }

    /// A module-level function with these qualifiers (keeps the grammar's item rules short).
    pub fn function(
        self,
        annots: Vec<Annotation>,
        name: Ident,
        signature: FunctionSignature,
        body: FunctionBody,
        span: Span,
    ) -> Item {
        Item::Function(self.function_def(annots, name, signature, body, span))
    }

    /// A function or method definition with these qualifiers.
    pub fn function_def(
        self,
        annots: Vec<Annotation>,
        name: Ident,
        signature: FunctionSignature,
        body: FunctionBody,
        span: Span,
    ) -> FunctionDef {
        FunctionDef {
            doc: Vec::new(),
            annots,
            visibility: self.visibility(),
            qualifiers: self.qualifiers,
            name,
            signature,
            body,
            span,
        }
    }

    /// A module-level variable with these qualifiers (`ty` is `None` for `var`).
    pub fn module_var(
        self,
        annots: Vec<Annotation>,
        ty: Option<TypeDesc>,
        binding: BindingPattern,
        init: VarInit,
        span: Span,
    ) -> Item {
        Item::Var(ModuleVar {
            doc: Vec::new(),
            annots,
            visibility: self.visibility(),
            is_final: self.qualifiers.is_final,
            is_configurable: self.configurable,
            is_isolated: self.qualifiers.isolated,
            is_listener: false,
            ty,
            binding,
            init,
            span,
        })
    }
}

/// A member of a class, object type or object constructor before it is sorted by context.
pub enum Member {
    Field(ObjectField),
    Method { def: FunctionDef, has_body: bool },
    Inclusion(TypeDesc),
}

/// One record type member. Values live only between two parser reductions, so their size
/// does not matter.
#[allow(clippy::large_enum_variant)]
pub enum RecordMember {
    Field(RecordField),
    Inclusion(TypeDesc),
    Rest(TypeDesc),
}

/// The members of a list of boxed nonterminals. Nonterminals of large AST types (statements,
/// items, parameters, members, ...) are produced boxed: the parser moves every symbol on its
/// stack as a value of its largest type, so one 700-byte statement made every shift and
/// reduce copy 700 bytes (a quarter of the time of parsing a large file).
pub fn unbox<T>(items: Vec<Box<T>>) -> Vec<T> {
    items.into_iter().map(|item| *item).collect()
}

pub fn record_type(closed: bool, members: Vec<RecordMember>) -> TypeDescKind {
    let mut record = RecordType {
        closed,
        fields: Vec::new(),
        inclusions: Vec::new(),
        rest: None,
    };
    for member in members {
        match member {
            RecordMember::Field(field) => record.fields.push(field),
            RecordMember::Inclusion(ty) => record.inclusions.push(ty),
            RecordMember::Rest(ty) => record.rest = Some(Box::new(ty)),
        }
    }
    TypeDescKind::Record(record)
}

pub fn class_members(ctx: &mut Ctx, members: Vec<Member>) -> Vec<ClassMember> {
    members
        .into_iter()
        .map(|member| match member {
            Member::Field(field) => ClassMember::Field(field),
            Member::Method { def, has_body } => {
                if !has_body {
                    ctx.error(def.span, format!("method '{}' needs a body", def.name.name));
                }
                ClassMember::Method(def)
            }
            Member::Inclusion(ty) => ClassMember::Inclusion(ty),
        })
        .collect()
}

pub fn object_type_members(members: Vec<Member>) -> Vec<ObjectTypeMember> {
    members
        .into_iter()
        .map(|member| match member {
            Member::Field(field) => ObjectTypeMember::Field(field),
            Member::Method { def, .. } => ObjectTypeMember::Method {
                annots: def.annots,
                visibility: def.visibility,
                qualifiers: def.qualifiers,
                name: def.name,
                signature: def.signature,
                span: def.span,
            },
            Member::Inclusion(ty) => ObjectTypeMember::Inclusion(ty),
        })
        .collect()
}

/// Flattens `A|B|C` / `A&B&C` built left-recursively.
pub fn flatten(
    ctx: &Ctx,
    lhs: TypeDesc,
    rhs: TypeDesc,
    union: bool,
    start: usize,
    end: usize,
) -> TypeDesc {
    let mut members = match lhs.kind {
        TypeDescKind::Union(members) if union => members,
        TypeDescKind::Intersection(members) if !union => members,
        kind => vec![TypeDesc {
            kind,
            span: lhs.span,
        }],
    };
    members.push(rhs);
    let kind = if union {
        TypeDescKind::Union(members)
    } else {
        TypeDescKind::Intersection(members)
    };
    ctx.ty(kind, start, end)
}

/// A function type with its qualifier (`isolated` or `transactional`, marked `TypeQual` by
/// the pre-pass).
pub fn qualify_function(
    ctx: &Ctx,
    qualifier: Tok,
    function: TypeDesc,
    start: usize,
    end: usize,
) -> TypeDesc {
    let kind = match qualifier {
        Tok::Transactional => TypeDescKind::Transactional(Box::new(function)),
        _ => TypeDescKind::Isolated(Box::new(function)),
    };
    ctx.ty(kind, start, end)
}

/// The qualifiers of an `object` type or constructor (marked `TypeQual` by the pre-pass).
pub fn object_quals(words: Vec<Tok>) -> Qualifiers {
    QualList::from_toks(words).qualifiers
}

/// Adds the dimension `[length]` written after `element`. The spec reads `T[n1][n2]` as
/// `(T[n2])[n1]` so that dimensions match member access order (`v[i][j]`): a dimension written
/// later is nested inside the ones before it. An array written in parentheses
/// (`(int[3])[2]`) is a member type and keeps its shape; it is told apart by its span starting
/// before its element's (the parentheses), while a bare `int[3]` starts where `int` does.
pub fn array_dimension(element: TypeDesc, length: ArrayLength, end: Span) -> TypeDesc {
    let span = Span {
        end: end.end,
        ..element.span
    };
    match element.kind {
        TypeDescKind::Array {
            element: inner,
            length: outer,
        } if inner.span.start == element.span.start => TypeDesc {
            kind: TypeDescKind::Array {
                element: Box::new(array_dimension(*inner, length, end)),
                length: outer,
            },
            span,
        },
        kind => TypeDesc {
            kind: TypeDescKind::Array {
                element: Box::new(TypeDesc {
                    kind,
                    span: element.span,
                }),
                length,
            },
            span,
        },
    }
}

/// Arguments of an error binding or match pattern, sorted into message, cause and fields.
pub enum ErrorArg<P> {
    Positional(P),
    Named(FieldPattern<P>),
    Rest(BindingPattern),
}

pub struct FieldPattern<P> {
    pub name: Ident,
    pub pattern: P,
    pub span: Span,
}

pub struct SortedErrorArgs<P> {
    pub message: Option<Box<P>>,
    pub cause: Option<Box<P>>,
    pub fields: Vec<FieldPattern<P>>,
    pub rest: Option<Box<BindingPattern>>,
}

pub fn sort_error_args<P>(ctx: &mut Ctx, args: Vec<ErrorArg<P>>, span: Span) -> SortedErrorArgs<P> {
    let mut sorted = SortedErrorArgs {
        message: None,
        cause: None,
        fields: Vec::new(),
        rest: None,
    };
    for arg in args {
        match arg {
            ErrorArg::Positional(pattern) => {
                if sorted.message.is_none() {
                    sorted.message = Some(Box::new(pattern));
                } else if sorted.cause.is_none() {
                    sorted.cause = Some(Box::new(pattern));
                } else {
                    ctx.error(
                        span,
                        "an error pattern takes at most a message and a cause before named fields",
                    );
                }
            }
            ErrorArg::Named(field) => sorted.fields.push(field),
            ErrorArg::Rest(rest) => sorted.rest = Some(Box::new(rest)),
        }
    }
    sorted
}
