//! The isolation rules for expressions (see `isolation.rs`): variable references, calls,
//! object construction and closures, and the spec's isolated expressions ("Isolated
//! expressions": values that are isolated roots and not aliased).

use crate::isolation::{FnFrame, Isolation, ObjectCtx, Restricted};
use crate::model::*;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

const TRANSFER_IN: &str = "invalid attempt to transfer a value into a 'lock' statement that uses a restricted variable: a variable declared outside the 'lock' statement may be used only within an isolated expression";
const LOCK_CALL: &str = "invalid invocation of a non-isolated function in a 'lock' statement that uses a restricted variable";

impl<'p> Isolation<'p> {
    pub(crate) fn expr(&mut self, e: &ast::Expr) {
        self.expr_with(e, false);
    }

    /// `self`, possibly parenthesised.
    pub(crate) fn is_self(&self, e: &ast::Expr) -> bool {
        match &e.kind {
            ast::ExprKind::Var { module: None, .. } => matches!(
                self.p.resolutions.get(&self.key(e.id)),
                Some(Resolution::SelfRef)
            ),
            ast::ExprKind::Group(inner) => self.is_self(inner),
            _ => false,
        }
    }

    /// A use of `self` of an isolated object other than through an isolated field.
    pub(crate) fn self_field_use(&mut self, span: Span) {
        if self.in_lock() {
            self.use_restricted(Restricted::SelfObject, span);
        } else {
            self.report(
                codes::ISOLATED_OBJECT_FIELD_OUTSIDE_LOCK,
                span,
                "invalid access of a mutable field of an 'isolated' object outside a 'lock' statement",
            );
        }
    }

    pub(crate) fn isolated_global_use(&mut self, g: GlobalId, span: Span) {
        if self.in_lock() {
            self.use_restricted(Restricted::Global(g), span);
        } else {
            self.report(
                codes::ISOLATED_VAR_OUTSIDE_LOCK,
                span,
                "invalid access of an 'isolated' variable outside a 'lock' statement",
            );
        }
    }

    /// A captured variable used in an isolated anonymous function must be final and of a
    /// `readonly|isolated object {}` type.
    pub(crate) fn check_capture(&mut self, local: NodeKey, span: Span, write: bool) {
        let Some(frame) = self.frames.last() else {
            return;
        };
        let (true, Some(lambda)) = (frame.isolated, frame.lambda) else {
            return;
        };
        let captured = self
            .p
            .captures
            .get(&lambda)
            .is_some_and(|c| c.contains(&local));
        if !captured {
            return;
        }
        let ty = self
            .p
            .local_types
            .get(&local)
            .copied()
            .unwrap_or(TypeArena::UNKNOWN);
        if write || !self.finals.contains(&local) || !self.p.types.is_subtype(ty, self.sendable) {
            self.report(
                codes::ISOLATED_FN_CAPTURE,
                span,
                "invalid access of a captured variable in an 'isolated' anonymous function: it must be 'final' and of a 'readonly' or 'isolated object' type",
            );
        }
    }

    /// Walks an expression; `in_isolated` is set below an isolated expression inside a lock
    /// (where variables from outside the lock may be used).
    pub(crate) fn expr_with(&mut self, e: &ast::Expr, in_isolated: bool) {
        let in_isolated = in_isolated || (self.in_lock() && self.is_isolated_expr(e));
        let key = self.key(e.id);
        match &e.kind {
            ast::ExprKind::Var { .. } => self.var(e, in_isolated),
            ast::ExprKind::Literal(_)
            | ast::ExprKind::ByteArray(_)
            | ast::ExprKind::InferredTypedesc
            | ast::ExprKind::Error => {}
            ast::ExprKind::Template(parts) | ast::ExprKind::RawTemplate(parts) => {
                for part in parts {
                    if let ast::TemplatePart::Interpolation(x) = part {
                        self.expr_with(x, in_isolated);
                    }
                }
            }
            ast::ExprKind::RegExpTemplate(parts) => {
                for (_, part) in parts {
                    if let ast::TemplatePart::Interpolation(x) = part {
                        self.expr_with(x, in_isolated);
                    }
                }
            }
            ast::ExprKind::XmlStep { base, .. } => self.expr_with(base, in_isolated),
            ast::ExprKind::XmlTemplate(template) => {
                for (x, _) in template.interpolations() {
                    self.expr_with(x, in_isolated);
                }
            }
            ast::ExprKind::AnnotAccess { base, .. } => self.expr_with(base, in_isolated),
            // `start` of a call is checked as the call (in an isolated function the call must
            // be isolated, spec "Isolated functions").
            ast::ExprKind::Start { call, .. } => self.expr_with(call, in_isolated),
            ast::ExprKind::Wait(futures) => {
                for future in futures {
                    self.expr_with(future, in_isolated);
                }
            }
            ast::ExprKind::MultipleWait(fields) => {
                for field in fields {
                    self.expr_with(&field.future, in_isolated);
                }
            }
            ast::ExprKind::SyncSend { value, .. } => self.expr_with(value, in_isolated),
            ast::ExprKind::Receive(_)
            | ast::ExprKind::Flush(_)
            | ast::ExprKind::Commit
            | ast::ExprKind::Transactional => {}
            ast::ExprKind::List(items) => {
                for item in items {
                    let (ast::ListItem::Expr(x) | ast::ListItem::Spread(x)) = item;
                    self.expr_with(x, in_isolated);
                }
            }
            ast::ExprKind::Table { rows, .. } => {
                for row in rows {
                    self.expr_with(row, in_isolated);
                }
            }
            ast::ExprKind::Mapping(fields) => {
                for (index, field) in fields.iter().enumerate() {
                    match field {
                        ast::MappingField::KeyValue { key: k, value, .. } => {
                            if let ast::MappingKey::Computed(x) = k {
                                self.expr_with(x, in_isolated);
                            }
                            match value {
                                Some(v) => self.expr_with(v, in_isolated),
                                None => self.shorthand(key, index, e.span, in_isolated),
                            }
                        }
                        ast::MappingField::Spread(x) => self.expr_with(x, in_isolated),
                    }
                }
            }
            ast::ExprKind::Unary { operand, .. } => self.expr_with(operand, in_isolated),
            ast::ExprKind::Binary { lhs, rhs, .. } => {
                self.expr_with(lhs, in_isolated);
                self.expr_with(rhs, in_isolated);
            }
            ast::ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                self.expr_with(cond, in_isolated);
                self.expr_with(then, in_isolated);
                self.expr_with(otherwise, in_isolated);
            }
            ast::ExprKind::Member { base, index } => {
                self.expr_with(base, in_isolated);
                self.expr_with(index, in_isolated);
            }
            ast::ExprKind::Field { base, field, .. } => match self.object() {
                Some(ObjectCtx {
                    isolated: true,
                    class,
                }) if self.is_self(base) => {
                    if !self.field_is_isolated(class, &field.name) {
                        self.self_field_use(e.span);
                    }
                }
                _ => self.expr_with(base, in_isolated),
            },
            ast::ExprKind::Call { callee, args } => {
                if !matches!(
                    self.p.resolutions.get(&self.key(callee.id)),
                    Some(Resolution::Function(_) | Resolution::TypeRef(_))
                ) {
                    self.expr_with(callee, in_isolated);
                }
                let whole = self.in_lock() && self.args_exempt(e, None, args, in_isolated);
                self.isolated_param_args(e, None, args);
                self.args(args, whole);
                self.check_call(e);
            }
            ast::ExprKind::MethodCall { receiver, args, .. } => {
                // A method of the object itself is checked where it is defined, so calling it
                // is not a use of `self`'s fields.
                let whole =
                    self.in_lock() && self.args_exempt(e, Some(receiver), args, in_isolated);
                self.isolated_param_args(e, Some(receiver), args);
                if !(self.object().is_some_and(|o| o.isolated) && self.is_self(receiver)) {
                    // The receiver is an argument too (see `args`).
                    self.expr_with(receiver, whole);
                }
                self.args(args, whole);
                self.check_call(e);
            }
            ast::ExprKind::TypeTest { expr, .. }
            | ast::ExprKind::Cast { expr, .. }
            | ast::ExprKind::Check { expr, .. }
            | ast::ExprKind::Trap(expr)
            | ast::ExprKind::Typeof(expr)
            | ast::ExprKind::Group(expr) => self.expr_with(expr, in_isolated),
            ast::ExprKind::Lambda {
                qualifiers,
                signature,
                body,
                ..
            } => {
                let object = self.object();
                self.enter(FnFrame {
                    isolated: qualifiers.isolated,
                    lambda: Some(key),
                    object,
                    is_init: false,
                    locks: Vec::new(),
                });
                self.params(signature);
                self.function_body(body);
                self.exit();
            }
            ast::ExprKind::Arrow { body, .. } => {
                let ty = self.p.expr_types.get(&key).copied();
                let isolated = ty.is_some_and(|t| self.fn_type_isolated(t))
                    || self.isolated_arrows.contains(&key);
                let object = self.object();
                self.enter(FnFrame {
                    isolated,
                    lambda: Some(key),
                    object,
                    is_init: false,
                    locks: Vec::new(),
                });
                for k in self.p.arrow_param_keys.get(&key).into_iter().flatten() {
                    self.declare_key(*k, true);
                }
                self.expr(body);
                self.exit();
            }
            ast::ExprKind::New { args, .. } => {
                let whole = self.in_lock() && self.structurally_isolated(e);
                self.args(args, whole);
                let init = self.p.news.get(&key).and_then(|n| n.init);
                self.check_init(init, e.span);
            }
            ast::ExprKind::ObjectConstructor { members, .. } => {
                if let Some(&class) = self.p.object_classes.get(&key) {
                    let init = self.p.classes.get(class.index()).and_then(|c| c.init);
                    self.check_init(init, e.span);
                    self.class(class, members, &[]);
                }
            }
            ast::ExprKind::ErrorConstructor { args, .. } => {
                for arg in args {
                    let (ast::Arg::Positional(x) | ast::Arg::Named(_, x) | ast::Arg::Rest(x)) = arg;
                    self.expr_with(x, in_isolated);
                }
            }
            ast::ExprKind::Let { decls, body } => {
                for decl in decls {
                    self.expr_with(&decl.init, in_isolated);
                    self.declare(&decl.binding, true);
                }
                self.expr_with(body, in_isolated);
            }
            ast::ExprKind::Query(query) => self.query(query, in_isolated),
        }
    }

    /// A query's clauses in order: each binds its variables for the clauses after it.
    fn query(&mut self, query: &ast::Query, in_isolated: bool) {
        for clause in &query.clauses {
            match clause {
                ast::QueryClause::From {
                    binding, iterable, ..
                } => {
                    self.expr_with(iterable, in_isolated);
                    self.declare(binding, true);
                }
                ast::QueryClause::Join {
                    binding,
                    iterable,
                    lhs,
                    rhs,
                    ..
                } => {
                    self.expr_with(iterable, in_isolated);
                    self.expr_with(lhs, in_isolated);
                    self.declare(binding, true);
                    self.expr_with(rhs, in_isolated);
                }
                ast::QueryClause::Where(e) | ast::QueryClause::Limit(e) => {
                    self.expr_with(e, in_isolated)
                }
                ast::QueryClause::Let(decls) => {
                    for decl in decls {
                        self.expr_with(&decl.init, in_isolated);
                        self.declare(&decl.binding, true);
                    }
                }
                ast::QueryClause::OrderBy(keys) => {
                    for key in keys {
                        self.expr_with(&key.expr, in_isolated);
                    }
                }
                ast::QueryClause::GroupBy(keys) => {
                    for key in keys {
                        match key {
                            ast::GroupingKey::Var(e) => self.expr_with(e, in_isolated),
                            ast::GroupingKey::Let(decl) => {
                                self.expr_with(&decl.init, in_isolated);
                                self.declare(&decl.binding, true);
                            }
                        }
                    }
                }
            }
        }
        match &query.end {
            ast::QueryEnd::Select { expr, on_conflict } => {
                self.expr_with(expr, in_isolated);
                if let Some(c) = on_conflict {
                    self.expr_with(c, in_isolated);
                }
            }
            ast::QueryEnd::Do(body) => self.block(body),
            ast::QueryEnd::Collect(e) => self.expr_with(e, in_isolated),
        }
    }

    /// Whether a call's arguments count as within an isolated expression: the call is
    /// isolated by its parts, or it is within one and hands the callee no restricted variable
    /// (with which the callee could alias an argument).
    fn args_exempt(
        &mut self,
        call: &ast::Expr,
        receiver: Option<&ast::Expr>,
        args: &[ast::Arg],
        in_isolated: bool,
    ) -> bool {
        if self.structurally_isolated(call) {
            return true;
        }
        in_isolated
            && !receiver.is_some_and(|r| self.mentions_restricted(r))
            && !args.iter().any(|arg| {
                let (ast::Arg::Positional(x) | ast::Arg::Named(_, x) | ast::Arg::Rest(x)) = arg;
                self.mentions_restricted(x)
            })
    }

    /// Whether an expression refers to an isolated module variable or to `self` of an
    /// isolated object (conservatively `true` for kinds not looked into).
    fn mentions_restricted(&self, e: &ast::Expr) -> bool {
        let any_arg = |args: &[ast::Arg]| {
            args.iter().any(|arg| {
                let (ast::Arg::Positional(x) | ast::Arg::Named(_, x) | ast::Arg::Rest(x)) = arg;
                self.mentions_restricted(x)
            })
        };
        match &e.kind {
            ast::ExprKind::Var { .. } => match self.p.resolutions.get(&self.key(e.id)) {
                Some(Resolution::Global(g)) => {
                    self.p.globals.get(g.index()).is_some_and(|g| g.is_isolated)
                }
                Some(Resolution::SelfRef) => self.object().is_some_and(|o| o.isolated),
                _ => false,
            },
            ast::ExprKind::Literal(_)
            | ast::ExprKind::ByteArray(_)
            | ast::ExprKind::Lambda { .. }
            | ast::ExprKind::Arrow { .. } => false,
            ast::ExprKind::Field { base, .. }
            | ast::ExprKind::Unary { operand: base, .. }
            | ast::ExprKind::Group(base)
            | ast::ExprKind::Cast { expr: base, .. }
            | ast::ExprKind::Check { expr: base, .. }
            | ast::ExprKind::Trap(base)
            | ast::ExprKind::Typeof(base)
            | ast::ExprKind::TypeTest { expr: base, .. } => self.mentions_restricted(base),
            ast::ExprKind::Member { base: a, index: b }
            | ast::ExprKind::Binary { lhs: a, rhs: b, .. } => {
                self.mentions_restricted(a) || self.mentions_restricted(b)
            }
            ast::ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                self.mentions_restricted(cond)
                    || self.mentions_restricted(then)
                    || self.mentions_restricted(otherwise)
            }
            ast::ExprKind::Call { callee, args } => {
                self.mentions_restricted(callee) || any_arg(args)
            }
            ast::ExprKind::MethodCall { receiver, args, .. } => {
                self.mentions_restricted(receiver) || any_arg(args)
            }
            ast::ExprKind::List(items) => items.iter().any(|item| {
                let (ast::ListItem::Expr(x) | ast::ListItem::Spread(x)) = item;
                self.mentions_restricted(x)
            }),
            ast::ExprKind::Table { rows, .. } => rows.iter().any(|r| self.mentions_restricted(r)),
            _ => true,
        }
    }

    /// A call's arguments. A call whose value is immutable (`rows.push(row)` is `()`) is an
    /// isolated expression by its type, but it hands its arguments to the callee: inside a lock
    /// an argument is a transfer of its own, so a variable from outside the lock may be used
    /// only within an argument that is itself isolated (or a call isolated by its parts).
    fn args(&mut self, args: &[ast::Arg], whole: bool) {
        for arg in args {
            let (ast::Arg::Positional(x) | ast::Arg::Named(_, x) | ast::Arg::Rest(x)) = arg;
            self.expr_with(x, whole);
        }
    }

    fn shorthand(&mut self, mapping: NodeKey, index: usize, span: Span, in_isolated: bool) {
        let Some(&key) = self.p.shorthand_fields.get(&(mapping, index)) else {
            return;
        };
        let isolated = in_isolated || self.type_is_sendable(key);
        if let Some(resolution) = self.p.resolutions.get(&key).cloned() {
            self.resolved_var(resolution, span, isolated);
        }
    }

    fn type_is_sendable(&self, key: NodeKey) -> bool {
        let ty = self
            .p
            .expr_types
            .get(&key)
            .copied()
            .unwrap_or(TypeArena::UNKNOWN);
        self.p.types.is_subtype(ty, self.sendable)
    }

    fn var(&mut self, e: &ast::Expr, in_isolated: bool) {
        if let Some(resolution) = self.p.resolutions.get(&self.key(e.id)).cloned() {
            self.resolved_var(resolution, e.span, in_isolated);
        }
    }

    fn resolved_var(&mut self, resolution: Resolution, span: Span, in_isolated: bool) {
        match resolution {
            Resolution::Global(g) => {
                let Some(global) = self.p.globals.get(g.index()) else {
                    return;
                };
                if global.is_isolated {
                    self.isolated_global_use(g, span);
                    return;
                }
                // A module variable is declared outside every lock statement.
                if self.in_lock() && !in_isolated {
                    self.pending(codes::LOCK_TRANSFER_IN, span, TRANSFER_IN, None);
                }
                if self.in_isolated_fn()
                    && !((global.is_final || global.configurable.is_some())
                        && self.p.types.is_subtype(global.ty, self.sendable))
                {
                    self.report(
                        codes::ISOLATED_FN_MUTABLE_STORAGE,
                        span,
                        "invalid access of mutable storage in an 'isolated' function",
                    );
                }
            }
            Resolution::Local(local) => {
                self.check_capture(local, span, false);
                if self.in_lock() && !in_isolated {
                    self.pending(codes::LOCK_TRANSFER_IN, span, TRANSFER_IN, Some(local));
                }
            }
            Resolution::SelfRef => match self.object() {
                Some(ObjectCtx { isolated: true, .. }) => self.self_field_use(span),
                Some(ObjectCtx { class, .. }) => {
                    let in_lambda = self.frames.last().is_some_and(|f| f.lambda.is_some());
                    if in_lambda && self.in_isolated_fn() {
                        let ty = self.p.classes.get(class.index()).map(|c| c.ty);
                        if !ty.is_some_and(|t| self.p.types.is_subtype(t, self.sendable)) {
                            self.report(
                                codes::ISOLATED_FN_CAPTURE,
                                span,
                                "invalid access of a captured variable in an 'isolated' anonymous function: it must be 'final' and of a 'readonly' or 'isolated object' type",
                            );
                        }
                    }
                    // Within a non-isolated object, `self` behaves like a parameter.
                    if self.in_lock() && !in_isolated {
                        self.pending(codes::LOCK_TRANSFER_IN, span, TRANSFER_IN, None);
                    }
                }
                None => {}
            },
            _ => {}
        }
    }

    /// Whether a value of type `ty` (a function type) is always an isolated function.
    pub(crate) fn fn_type_isolated(&self, ty: TypeId) -> bool {
        self.fn_type_isolated_at(ty, 0)
    }

    fn fn_type_isolated_at(&self, ty: TypeId, depth: u32) -> bool {
        if depth > 32 {
            return false;
        }
        match self.p.types.get(ty) {
            Type::Function(f) => f.is_isolated,
            Type::Union(members) => members
                .iter()
                .all(|m| self.fn_type_isolated_at(*m, depth + 1)),
            Type::ReadonlyOf(inner) => self.fn_type_isolated_at(*inner, depth + 1),
            // `()` for an optional function parameter (`sort`'s `key`).
            Type::Unknown | Type::Never | Type::Nil => true,
            _ => false,
        }
    }

    fn function_isolated(&self, f: FunctionId) -> bool {
        self.p
            .functions
            .get(f.index())
            .is_none_or(|f| self.fn_type_isolated(f.ty))
    }

    /// Whether the function a call invokes is isolated (`None`: not a call, e.g. an error
    /// constructor written as a call).
    pub(crate) fn call_target_isolated(&self, call: &ast::Expr) -> Option<bool> {
        let info = self.p.calls.get(&self.key(call.id))?;
        Some(match &info.target {
            CallTarget::Function(f) => self.function_isolated(*f),
            CallTarget::FunctionValue => match &call.kind {
                ast::ExprKind::Call { callee, .. } => {
                    let ty = self
                        .p
                        .expr_types
                        .get(&self.key(callee.id))
                        .copied()
                        .unwrap_or(TypeArena::UNKNOWN);
                    self.fn_type_isolated(ty)
                }
                _ => true,
            },
            CallTarget::Method {
                function,
                method_type,
                ..
            } => match function {
                Some(f) => self.function_isolated(*f),
                None => self.fn_type_isolated(*method_type),
            },
            // Every lang library function is declared `isolated`.
            CallTarget::LangLib { .. } => true,
            CallTarget::RecordField { ty, .. } => self.fn_type_isolated(*ty),
        })
    }

    fn check_call(&mut self, call: &ast::Expr) {
        if self.call_target_isolated(call) != Some(false) {
            return;
        }
        if self.in_isolated_fn() {
            self.report(
                codes::ISOLATED_FN_NON_ISOLATED_CALL,
                call.span,
                "invalid invocation of a non-isolated function in an 'isolated' function",
            );
        }
        if self.in_lock() {
            self.pending(codes::LOCK_NON_ISOLATED_CALL, call.span, LOCK_CALL, None);
        }
    }

    /// In an isolated function, a lang library function's `@isolatedParam` parameters take
    /// isolated functions: a function value of an isolated type, or an arrow function, whose
    /// body is then checked as an isolated function's (its isolation comes from the context).
    fn isolated_param_args(
        &mut self,
        call: &ast::Expr,
        receiver: Option<&ast::Expr>,
        args: &[ast::Arg],
    ) {
        if !self.in_isolated_fn() {
            return;
        }
        let Some(info) = self.p.calls.get(&self.key(call.id)) else {
            return;
        };
        let CallTarget::LangLib { native } = info.target else {
            return;
        };
        let mut given = Vec::new();
        for index in crate::langlib::isolated_params(native) {
            let arg = match info.args.params.get(index) {
                Some(ArgSource::Receiver) => receiver,
                Some(ArgSource::Arg(j)) => args.get(*j).map(|a| {
                    let (ast::Arg::Positional(x) | ast::Arg::Named(_, x) | ast::Arg::Rest(x)) = a;
                    x
                }),
                _ => None,
            };
            given.extend(arg);
        }
        for arg in given {
            let mut inner = arg;
            while let ast::ExprKind::Group(x) = &inner.kind {
                inner = x;
            }
            if matches!(inner.kind, ast::ExprKind::Arrow { .. }) {
                let key = self.key(inner.id);
                self.isolated_arrows.insert(key);
                continue;
            }
            let ty = self
                .p
                .expr_types
                .get(&self.key(arg.id))
                .copied()
                .unwrap_or(TypeArena::UNKNOWN);
            if !self.fn_type_isolated(ty) {
                self.report(
                    codes::ISOLATED_PARAM_ARGUMENT,
                    arg.span,
                    "invalid argument in an 'isolated' function: expected an 'isolated' function for this parameter",
                );
            }
        }
    }

    fn check_init(&mut self, init: Option<FunctionId>, span: Span) {
        // A missing `init` is an isolated one without parameters.
        if init.is_none_or(|f| self.function_isolated(f)) {
            return;
        }
        if self.in_isolated_fn() {
            self.report(
                codes::ISOLATED_FN_NON_ISOLATED_INIT,
                span,
                "invalid creation of an object with a non-isolated 'init' method in an 'isolated' function",
            );
        }
        if self.in_lock() {
            self.pending(codes::LOCK_NON_ISOLATED_CALL, span, LOCK_CALL, None);
        }
    }

    fn args_isolated(&mut self, args: &[ast::Arg]) -> bool {
        args.iter().all(|arg| {
            let (ast::Arg::Positional(x) | ast::Arg::Named(_, x) | ast::Arg::Rest(x)) = arg;
            self.is_isolated_expr(x)
        })
    }

    /// Spec "Isolated expressions": the value is an isolated root and not aliased.
    pub(crate) fn is_isolated_expr(&mut self, e: &ast::Expr) -> bool {
        let key = self.key(e.id);
        let ty = self
            .p
            .expr_types
            .get(&key)
            .copied()
            .unwrap_or(TypeArena::UNKNOWN);
        self.p.types.is_subtype(ty, self.sendable) || self.structurally_isolated(e)
    }

    /// The syntactic rules of isolated expressions, without the one by static type.
    pub(crate) fn structurally_isolated(&mut self, e: &ast::Expr) -> bool {
        let key = self.key(e.id);
        match &e.kind {
            ast::ExprKind::List(items) => items.iter().all(|item| {
                let (ast::ListItem::Expr(x) | ast::ListItem::Spread(x)) = item;
                self.is_isolated_expr(x)
            }),
            ast::ExprKind::Table { rows, .. } => rows.iter().all(|r| self.is_isolated_expr(r)),
            ast::ExprKind::Mapping(fields) => {
                fields.iter().enumerate().all(|(index, field)| match field {
                    ast::MappingField::KeyValue { key: k, value, .. } => {
                        let key_ok = match k {
                            ast::MappingKey::Computed(x) => self.is_isolated_expr(x),
                            _ => true,
                        };
                        key_ok
                            && match value {
                                Some(v) => self.is_isolated_expr(v),
                                None => {
                                    self.p
                                        .shorthand_fields
                                        .get(&(key, index))
                                        .is_some_and(|&k| {
                                            self.type_is_sendable(k) || self.let_bound_isolated(k)
                                        })
                                }
                            }
                    }
                    ast::MappingField::Spread(x) => self.is_isolated_expr(x),
                })
            }
            ast::ExprKind::RegExpTemplate(parts) => parts.iter().all(|(_, part)| match part {
                ast::TemplatePart::Interpolation(x) => self.is_isolated_expr(x),
                ast::TemplatePart::Text(_) => true,
            }),
            ast::ExprKind::XmlStep { base, .. } => self.is_isolated_expr(base),
            ast::ExprKind::XmlTemplate(template) => template
                .interpolations()
                .iter()
                .all(|(x, _)| self.is_isolated_expr(x)),
            ast::ExprKind::Template(parts) | ast::ExprKind::RawTemplate(parts) => {
                parts.iter().all(|part| match part {
                    ast::TemplatePart::Interpolation(x) => self.is_isolated_expr(x),
                    ast::TemplatePart::Text(_) => true,
                })
            }
            ast::ExprKind::Cast { expr, .. }
            | ast::ExprKind::Check { expr, .. }
            | ast::ExprKind::Trap(expr)
            | ast::ExprKind::Group(expr) => self.is_isolated_expr(expr),
            ast::ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                self.is_isolated_expr(cond)
                    && self.is_isolated_expr(then)
                    && self.is_isolated_expr(otherwise)
            }
            ast::ExprKind::Binary {
                op: ast::BinaryOp::RangeInclusive | ast::BinaryOp::RangeExclusive,
                ..
            } => true,
            ast::ExprKind::Var { .. } => self.let_bound_isolated(key),
            ast::ExprKind::Call { args, .. } => {
                if let Some(CallTarget::LangLib { native }) =
                    self.p.calls.get(&key).map(|c| &c.target)
                {
                    if native.module() == "value"
                        && matches!(native.name(), "clone" | "cloneReadOnly")
                    {
                        return true;
                    }
                }
                self.call_target_isolated(e).unwrap_or(true) && self.args_isolated(args)
            }
            ast::ExprKind::MethodCall { receiver, args, .. } => {
                if let Some(CallTarget::LangLib { native }) =
                    self.p.calls.get(&key).map(|c| &c.target)
                {
                    if native.module() == "value"
                        && matches!(native.name(), "clone" | "cloneReadOnly")
                    {
                        return true;
                    }
                }
                self.call_target_isolated(e).unwrap_or(true)
                    && self.is_isolated_expr(receiver)
                    && self.args_isolated(args)
            }
            ast::ExprKind::New { args, .. } => {
                let init = self.p.news.get(&key).and_then(|n| n.init);
                init.is_none_or(|f| self.function_isolated(f)) && self.args_isolated(args)
            }
            ast::ExprKind::Let { decls, body } => {
                for decl in decls {
                    if self.is_isolated_expr(&decl.init) {
                        let mut captures = Vec::new();
                        crate::collect::binding_captures(&decl.binding, &mut captures);
                        for (_, node) in captures {
                            let k = self.key(node);
                            self.let_isolated.insert(k);
                        }
                    }
                }
                self.is_isolated_expr(body)
            }
            _ => false,
        }
    }

    fn let_bound_isolated(&self, var: NodeKey) -> bool {
        matches!(self.p.resolutions.get(&var), Some(Resolution::Local(k)) if self.let_isolated.contains(k))
    }
}
