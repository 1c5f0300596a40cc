//! The isolation rules of the spec ("Isolated functions", "Isolated objects", module
//! `isolated` variables, "Lock statement"), checked after every body is typed: a walk over
//! the AST that reads the checked tables (resolutions, call targets, static types) and keeps
//! only what the rules need — whether the enclosing function is isolated, the enclosing
//! object, and the `lock` statements around the walk. Statements and declarations are here,
//! expressions and the isolated-expression predicate in `isolation_expr.rs`.
//!
//! A lock statement that uses a *restricted* variable (an isolated module variable, or `self`
//! of an isolated object other than through an isolated field) must use only one of them and
//! constrains what flows in and out; whether a lock uses one is known only at its end, so the
//! diagnostics of those constraints wait in the lock's frame until then.

use crate::checker::Checker;
use crate::collect::binding_captures;
use crate::model::*;
use intc_diagnostics::{codes, Code, Diagnostic};
use intc_span::{FileId, Span};
use intc_syntax::ast;
use std::collections::HashSet;

/// A variable whose use is restricted to lock statements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Restricted {
    Global(GlobalId),
    /// `self` of an isolated object.
    SelfObject,
}

/// One `lock` statement being walked.
#[derive(Default)]
pub(crate) struct LockFrame {
    /// The restricted variables used inside, in order of first use.
    pub restricted: Vec<Restricted>,
    /// Where a second restricted variable was first used.
    pub second_use: Option<Span>,
    /// Diagnostics that apply only if the lock uses a restricted variable.
    pub pending: Vec<Diagnostic>,
    /// Locals declared inside the lock (the others are "defined outside the lock").
    pub declared: HashSet<NodeKey>,
}

/// The enclosing object of a method.
#[derive(Clone, Copy)]
pub(crate) struct ObjectCtx {
    pub class: ClassId,
    /// Explicitly isolated (`isolated class`, `isolated object { }`).
    pub isolated: bool,
}

/// A function, method or anonymous function being walked.
pub(crate) struct FnFrame {
    pub isolated: bool,
    /// For anonymous functions: the lambda's key (its captures are in `CheckedProgram`).
    pub lambda: Option<NodeKey>,
    pub object: Option<ObjectCtx>,
    /// The `init` method: assignments to `self.f` need no lock there.
    pub is_init: bool,
    /// The lock statements inside this function (a closure's body runs outside them).
    pub locks: Vec<LockFrame>,
}

pub(crate) struct Isolation<'p> {
    pub p: &'p CheckedProgram,
    pub file: FileId,
    /// `readonly|isolated object {}`.
    pub sendable: TypeId,
    pub frames: Vec<FnFrame>,
    /// Final locals: parameters, `final` variables, `foreach` and `let` variables.
    pub finals: HashSet<NodeKey>,
    /// Variables bound by a `let` to an isolated expression.
    pub let_isolated: HashSet<NodeKey>,
    /// Arrow functions given for `@isolatedParam` parameters in isolated functions.
    pub isolated_arrows: HashSet<NodeKey>,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// Checks the isolation rules of every module.
    /// Walks every file's items (or only `only`'s: the walk of a file reads that file's
    /// bodies and the signatures); notes each file's diagnostics in `marks.isolation`.
    pub(crate) fn check_isolation(&mut self, only: Option<FileId>) {
        let object = self.p.types.add(Type::Object(ObjectType {
            fields: Vec::new(),
            methods: Vec::new(),
            distinct_ids: Vec::new(),
            class: None,
            is_readonly: false,
            is_isolated: true,
            is_client: false,
            is_service: false,
        }));
        let sendable = self.p.types.union_of(&[TypeArena::READONLY, object]);
        let class_of_item: std::collections::HashMap<ItemRef, ClassId> = self
            .p
            .classes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c.source {
                ClassSource::Item(item) => Some((item, ClassId(i as u32))),
                ClassSource::ObjectConstructor(_) => None,
            })
            .collect();
        let modules = self.modules;
        let mut found: Vec<(FileId, Vec<Diagnostic>)> = Vec::new();
        for (m, module) in modules.iter().enumerate() {
            // The walk reads the bodies' tables, which a check without library bodies lacks.
            if self.skips_bodies_of(ModuleId(m as u32)) {
                continue;
            }
            for (file_index, file) in module.files.iter().enumerate() {
                if only.is_some_and(|only| only != file.file) {
                    continue;
                }
                let mut walk = Isolation {
                    p: &self.p,
                    file: file.file,
                    sendable,
                    frames: Vec::new(),
                    finals: HashSet::new(),
                    let_isolated: HashSet::new(),
                    isolated_arrows: HashSet::new(),
                    diags: Vec::new(),
                };
                for (index, item) in file.items.iter().enumerate() {
                    let item_ref = ItemRef {
                        module: ModuleId(m as u32),
                        file_index,
                        file: file.file,
                        item: index,
                    };
                    // An item an editor re-parsed since (`incremental.rs`), whose syntax
                    // errors are the re-parse's; a class is walked as first parsed, with each
                    // re-checked method's re-parse.
                    let reparsed = self.overrides.get(&item_ref).copied();
                    if self.contains_syntax_error(item_span(reparsed.unwrap_or(item))) {
                        continue;
                    }
                    let item = match reparsed {
                        Some(reparsed) if !matches!(reparsed, ast::Item::Class(_)) => reparsed,
                        _ => item,
                    };
                    match item {
                        ast::Item::Function(def) => walk.function(def, None),
                        ast::Item::Var(var) => walk.module_var(var),
                        ast::Item::Service(service) => walk.service(service),
                        ast::Item::Class(class) => {
                            if let Some(&id) = class_of_item.get(&item_ref) {
                                let replaced: Vec<(usize, &ast::FunctionDef)> = self
                                    .method_overrides
                                    .iter()
                                    .filter(|((at, _), _)| *at == item_ref)
                                    .map(|((_, member), def)| (*member, *def))
                                    .collect();
                                walk.class(id, &class.members, &replaced);
                            }
                        }
                        _ => {}
                    }
                }
                found.push((file.file, walk.diags));
            }
        }
        for (file, diags) in found {
            let first = self.diags.len();
            // A nested lock reports its outer lock's findings too: one diagnostic per place.
            let mut seen = HashSet::new();
            for d in diags {
                if seen.insert((d.code, d.span.file, d.span.start, d.message.clone())) {
                    self.error(d.code, d.span, d.message);
                }
            }
            self.marks.isolation.push((file, first..self.diags.len()));
        }
    }
}

pub(crate) fn item_span(item: &ast::Item) -> Span {
    match item {
        ast::Item::Function(f) => f.span,
        ast::Item::TypeDef(t) => t.span,
        ast::Item::Const(c) => c.span,
        ast::Item::Var(v) => v.span,
        ast::Item::Class(c) => c.span,
        ast::Item::Service(s) => s.span,
        ast::Item::Enum(e) => e.span,
        ast::Item::Annotation(a) => a.span,
        ast::Item::Error(span) => *span,
        ast::Item::Xmlns(d) => d.span,
    }
}

impl<'p> Isolation<'p> {
    pub(crate) fn key(&self, node: ast::NodeId) -> NodeKey {
        NodeKey::new(self.file, node)
    }

    pub(crate) fn report(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(code, span, message.into()));
    }

    /// Reports `code` if the lock statements around (of the current function) turn out to use
    /// a restricted variable; `only_outside` limits it to the locks `key` is declared outside.
    pub(crate) fn pending(
        &mut self,
        code: Code,
        span: Span,
        message: &str,
        only_outside: Option<NodeKey>,
    ) {
        if let Some(frame) = self.frames.last_mut() {
            for lock in &mut frame.locks {
                if only_outside.is_some_and(|k| lock.declared.contains(&k)) {
                    continue;
                }
                lock.pending
                    .push(Diagnostic::error(code, span, message.to_string()));
            }
        }
    }

    pub(crate) fn in_lock(&self) -> bool {
        self.frames.last().is_some_and(|f| !f.locks.is_empty())
    }

    pub(crate) fn in_isolated_fn(&self) -> bool {
        self.frames.last().is_some_and(|f| f.isolated)
    }

    pub(crate) fn object(&self) -> Option<ObjectCtx> {
        self.frames.last().and_then(|f| f.object)
    }

    /// Records a use of a restricted variable in every enclosing lock.
    pub(crate) fn use_restricted(&mut self, var: Restricted, span: Span) {
        if let Some(frame) = self.frames.last_mut() {
            for lock in &mut frame.locks {
                if !lock.restricted.contains(&var) {
                    if !lock.restricted.is_empty() && lock.second_use.is_none() {
                        lock.second_use = Some(span);
                    }
                    lock.restricted.push(var);
                }
            }
        }
    }

    /// Declares the locals of a binding pattern (inside the current locks).
    pub(crate) fn declare(&mut self, pattern: &ast::BindingPattern, is_final: bool) {
        let mut captures = Vec::new();
        binding_captures(pattern, &mut captures);
        for (_, node) in captures {
            let key = self.key(node);
            self.declare_key(key, is_final);
        }
    }

    pub(crate) fn declare_key(&mut self, key: NodeKey, is_final: bool) {
        if is_final {
            self.finals.insert(key);
        }
        if let Some(frame) = self.frames.last_mut() {
            for lock in &mut frame.locks {
                lock.declared.insert(key);
            }
        }
    }

    fn declare_match_pattern(&mut self, pattern: &ast::MatchPattern) {
        match &pattern.kind {
            ast::MatchPatternKind::Const(_) | ast::MatchPatternKind::Wildcard => {}
            ast::MatchPatternKind::Var(b) => self.declare(b, false),
            ast::MatchPatternKind::List { items, rest } => {
                for item in items {
                    self.declare_match_pattern(item);
                }
                if let Some(rest) = rest {
                    self.declare(rest, false);
                }
            }
            ast::MatchPatternKind::Mapping { fields, rest } => {
                for field in fields {
                    self.declare_match_pattern(&field.pattern);
                }
                if let Some(rest) = rest {
                    self.declare(rest, false);
                }
            }
            ast::MatchPatternKind::Error {
                message,
                cause,
                fields,
                rest,
                ..
            } => {
                for p in message.iter().chain(cause.iter()) {
                    self.declare_match_pattern(p);
                }
                for field in fields {
                    self.declare_match_pattern(&field.pattern);
                }
                if let Some(rest) = rest {
                    self.declare(rest, false);
                }
            }
        }
    }

    pub(crate) fn enter(&mut self, frame: FnFrame) {
        self.frames.push(frame);
    }

    pub(crate) fn exit(&mut self) {
        self.frames.pop();
    }

    /// A module-level function or a method.
    pub(crate) fn function(&mut self, def: &ast::FunctionDef, object: Option<ObjectCtx>) {
        self.enter(FnFrame {
            isolated: def.qualifiers.isolated,
            lambda: None,
            object,
            is_init: object.is_some() && def.name.name == "init",
            locks: Vec::new(),
        });
        self.params(&def.signature);
        self.function_body(&def.body);
        self.exit();
    }

    pub(crate) fn params(&mut self, signature: &ast::FunctionSignature) {
        for param in &signature.params {
            let key = self.key(param.id);
            self.declare_key(key, true);
            if let Some(default) = &param.default {
                self.expr(default);
            }
        }
    }

    pub(crate) fn function_body(&mut self, body: &ast::FunctionBody) {
        match body {
            ast::FunctionBody::Block(block) => self.block(block),
            ast::FunctionBody::Expr(e) => self.expr(e),
            ast::FunctionBody::External(..) => {}
        }
    }

    fn module_var(&mut self, var: &ast::ModuleVar) {
        if var.is_isolated {
            if var.visibility == ast::Visibility::Public {
                self.report(
                    codes::INVALID_ISOLATED_VAR_DECL,
                    var.span,
                    "an 'isolated' module variable cannot be 'public'",
                );
            }
            if !matches!(var.binding.kind, ast::BindingPatternKind::Capture(_)) {
                self.report(
                    codes::INVALID_ISOLATED_VAR_DECL,
                    var.binding.span,
                    "an 'isolated' module variable must be declared with a variable name, not a binding pattern",
                );
            }
        }
        let ast::VarInit::Expr(init) = &var.init else {
            return;
        };
        // A module initializer runs in no function; it is as isolated as the module's `init`.
        self.enter(FnFrame {
            isolated: false,
            lambda: None,
            object: None,
            is_init: false,
            locks: Vec::new(),
        });
        self.expr(init);
        self.exit();
        if var.is_isolated && !self.is_isolated_expr(init) {
            self.report(
                codes::NON_ISOLATED_INITIALIZER,
                init.span,
                "invalid initial value expression: expected an isolated expression",
            );
        }
    }

    /// A service declaration: its listener expressions and its object constructor, evaluated
    /// by module initialization like a module variable's initializer.
    fn service(&mut self, service: &ast::ServiceDecl) {
        self.enter(FnFrame {
            isolated: false,
            lambda: None,
            object: None,
            is_init: false,
            locks: Vec::new(),
        });
        for listener in &service.listeners {
            self.expr(listener);
        }
        self.expr(&service.body);
        self.exit();
    }

    /// The fields and methods of a class or object constructor.
    /// Walks a class's members; `replaced` are re-parsed methods by member index.
    pub(crate) fn class(
        &mut self,
        id: ClassId,
        members: &[ast::ClassMember],
        replaced: &[(usize, &ast::FunctionDef)],
    ) {
        let Some(info) = self.p.classes.get(id.index()) else {
            return;
        };
        let isolated = info.is_isolated;
        let readonly = info.is_readonly;
        let object = ObjectCtx {
            class: id,
            isolated,
        };
        for (index, member) in members.iter().enumerate() {
            match member {
                ast::ClassMember::Field(field) => {
                    if let Some(default) = &field.default {
                        self.expr(default);
                        if isolated && !self.is_isolated_expr(default) {
                            self.report(
                                codes::NON_ISOLATED_INITIALIZER,
                                default.span,
                                "invalid initial value expression: expected an isolated expression",
                            );
                        }
                    }
                    if isolated
                        && !readonly
                        && field.visibility != ast::Visibility::Private
                        && !self.field_is_isolated(id, &field.name.name)
                    {
                        self.report(
                            codes::ISOLATED_OBJECT_PUBLIC_FIELD,
                            field.span,
                            format!(
                                "invalid non-private mutable field '{}' in an 'isolated' object: it must be 'private', or 'final' with a 'readonly' or 'isolated object' type",
                                field.name.name
                            ),
                        );
                    }
                }
                ast::ClassMember::Method(def) => {
                    let def = replaced
                        .iter()
                        .find(|(at, _)| *at == index)
                        .map_or(def, |(_, now)| *now);
                    self.function(def, Some(object))
                }
                ast::ClassMember::Inclusion(_) => {}
            }
        }
    }

    /// An isolated field: `final` with a type in `readonly|isolated object {}` (every field of
    /// a readonly class).
    pub(crate) fn field_is_isolated(&self, class: ClassId, name: &str) -> bool {
        let Some(info) = self.p.classes.get(class.index()) else {
            return true;
        };
        if info.is_readonly {
            return true;
        }
        info.fields
            .iter()
            .find(|f| f.name == name)
            .is_none_or(|f| f.is_final && self.p.types.is_subtype(f.ty, self.sendable))
    }

    pub(crate) fn block(&mut self, block: &ast::Block) {
        for stmt in &block.stmts {
            self.stmt(stmt);
        }
    }

    fn on_fail(&mut self, on_fail: &Option<ast::OnFail>) {
        if let Some(on_fail) = on_fail {
            if let Some(b) = &on_fail.binding {
                self.declare(b, false);
            }
            self.block(&on_fail.body);
        }
    }

    fn stmt(&mut self, stmt: &ast::Stmt) {
        match &stmt.kind {
            ast::StmtKind::VarDecl {
                is_final,
                binding,
                init,
                ..
            } => {
                if let Some(init) = init {
                    self.expr(init);
                }
                self.declare(binding, *is_final);
            }
            ast::StmtKind::Assign { target, value } => {
                self.expr(value);
                self.assign_target(target, Some(value));
            }
            ast::StmtKind::CompoundAssign { target, value, .. } => {
                self.expr(value);
                self.expr(target);
                self.assign_target(target, Some(value));
            }
            ast::StmtKind::DestructureAssign { pattern, value } => {
                self.expr(value);
                self.destructure_target(pattern, value);
            }
            ast::StmtKind::Expr(e) | ast::StmtKind::Panic(e) | ast::StmtKind::Fail(e) => {
                self.expr(e)
            }
            ast::StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.block(then);
                match otherwise {
                    Some(ast::ElseBranch::Block(b)) => self.block(b),
                    Some(ast::ElseBranch::If(s)) => self.stmt(s),
                    None => {}
                }
            }
            ast::StmtKind::While {
                cond,
                body,
                on_fail,
            } => {
                self.expr(cond);
                self.block(body);
                self.on_fail(on_fail);
            }
            ast::StmtKind::Foreach {
                binding,
                iterable,
                body,
                on_fail,
                ..
            } => {
                self.expr(iterable);
                self.declare(binding, true);
                self.block(body);
                self.on_fail(on_fail);
            }
            ast::StmtKind::Break
            | ast::StmtKind::Continue
            | ast::StmtKind::Error
            | ast::StmtKind::Xmlns(_) => {}
            ast::StmtKind::Send { value, .. } => self.expr(value),
            ast::StmtKind::Transaction { body, on_fail } => {
                self.block(body);
                self.on_fail(on_fail);
            }
            ast::StmtKind::Retry {
                manager,
                body,
                on_fail,
                ..
            } => {
                self.expr(manager);
                self.block(body);
                self.on_fail(on_fail);
            }
            ast::StmtKind::Rollback(value) => {
                if let Some(value) = value {
                    self.expr(value);
                }
            }
            // A worker body runs with the function's own isolation (its captures are the
            // function's variables, as in the function body itself).
            ast::StmtKind::Worker(worker) => {
                self.block(&worker.body);
                self.on_fail(&worker.on_fail);
            }
            ast::StmtKind::Fork(workers) => {
                for worker in workers {
                    self.block(&worker.body);
                    self.on_fail(&worker.on_fail);
                }
            }
            ast::StmtKind::Return(value) => {
                if let Some(value) = value {
                    self.expr(value);
                    if self.in_lock() && !self.is_isolated_expr(value) {
                        self.pending(
                            codes::LOCK_TRANSFER_OUT,
                            value.span,
                            "invalid attempt to transfer a value out of a 'lock' statement that uses a restricted variable: expected an isolated expression",
                            None,
                        );
                    }
                }
            }
            ast::StmtKind::Match {
                expr,
                clauses,
                on_fail,
            } => {
                self.expr(expr);
                for clause in clauses {
                    for pattern in &clause.patterns {
                        self.declare_match_pattern(pattern);
                    }
                    if let Some(guard) = &clause.guard {
                        self.expr(guard);
                    }
                    self.block(&clause.body);
                }
                self.on_fail(on_fail);
            }
            ast::StmtKind::Do { body, on_fail } => {
                self.block(body);
                self.on_fail(on_fail);
            }
            ast::StmtKind::Block(b) => self.block(b),
            ast::StmtKind::Lock(b) => self.lock(stmt.span, b),
        }
    }

    fn lock(&mut self, span: Span, body: &ast::Block) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        frame.locks.push(LockFrame::default());
        self.block(body);
        let Some(lock) = self.frames.last_mut().and_then(|f| f.locks.pop()) else {
            return;
        };
        if lock.restricted.is_empty() {
            return;
        }
        if lock.restricted.len() > 1 {
            self.report(
                codes::LOCK_MULTIPLE_RESTRICTED,
                lock.second_use.unwrap_or(span),
                "cannot access more than one variable for which usage is restricted in a single 'lock' statement",
            );
        }
        self.diags.extend(lock.pending);
    }

    /// `target = value;` (and `target op= value;`, whose target was walked as a read).
    fn assign_target(&mut self, target: &ast::Expr, value: Option<&ast::Expr>) {
        let key = self.key(target.id);
        match &target.kind {
            ast::ExprKind::Var { .. } => match self.p.resolutions.get(&key) {
                Some(Resolution::Global(g)) => self.assign_global(*g, target.span),
                Some(Resolution::Local(local)) => {
                    let local = *local;
                    self.check_capture(local, target.span, true);
                    let isolated = value.is_none_or(|v| self.is_isolated_expr(v));
                    if self.in_lock() && !isolated {
                        self.pending(
                            codes::LOCK_TRANSFER_OUT,
                            target.span,
                            "invalid attempt to transfer a value out of a 'lock' statement that uses a restricted variable: expected an isolated expression",
                            Some(local),
                        );
                    }
                }
                _ => {}
            },
            ast::ExprKind::Field { base, field, .. } if self.is_self(base) => {
                if let Some(object) = self.object().filter(|o| o.isolated) {
                    if let Some(v) = value {
                        if !self.is_isolated_expr(v) {
                            self.report(
                                codes::ISOLATED_OBJECT_FIELD_ASSIGN,
                                v.span,
                                "invalid assignment to a field of an 'isolated' object: expected an isolated expression",
                            );
                        }
                    }
                    let init = self.frames.last().is_some_and(|f| f.is_init);
                    if !init && !self.field_is_isolated(object.class, &field.name) {
                        self.self_field_use(target.span);
                    } else if init && self.in_lock() {
                        self.use_restricted(Restricted::SelfObject, target.span);
                    }
                } else {
                    self.expr_with(base, false);
                }
            }
            ast::ExprKind::Field { base, .. } => self.expr(base),
            ast::ExprKind::Member { base, index } => {
                self.expr(base);
                self.expr(index);
            }
            ast::ExprKind::Group(inner) => self.assign_target(inner, value),
            _ => self.expr(target),
        }
    }

    fn assign_global(&mut self, g: GlobalId, span: Span) {
        let Some(global) = self.p.globals.get(g.index()) else {
            return;
        };
        if global.is_isolated {
            self.isolated_global_use(g, span);
        } else if self.in_isolated_fn() {
            self.report(
                codes::ISOLATED_FN_MODULE_MUTATION,
                span,
                format!(
                    "invalid assignment to module variable '{}' in an 'isolated' function: only 'isolated' module variables may be changed, inside a 'lock' statement",
                    global.name
                ),
            );
        }
    }

    fn destructure_target(&mut self, pattern: &ast::BindingPattern, value: &ast::Expr) {
        let mut captures = Vec::new();
        binding_captures(pattern, &mut captures);
        let value_isolated = !self.in_lock() || self.is_isolated_expr(value);
        for (name, node) in captures {
            match self.p.resolutions.get(&self.key(node)) {
                Some(Resolution::Global(g)) => {
                    let g = *g;
                    if self.p.globals.get(g.index()).is_some_and(|x| x.is_isolated) {
                        self.report(
                            codes::ISOLATED_VAR_DESTRUCTURE,
                            name.span,
                            format!(
                                "invalid destructuring assignment to 'isolated' module variable '{}'",
                                name.name
                            ),
                        );
                    } else {
                        self.assign_global(g, name.span);
                    }
                }
                Some(Resolution::Local(local)) => {
                    let local = *local;
                    self.check_capture(local, name.span, true);
                    if !value_isolated {
                        self.pending(
                            codes::LOCK_TRANSFER_OUT,
                            name.span,
                            "invalid attempt to transfer a value out of a 'lock' statement that uses a restricted variable: expected an isolated expression",
                            Some(local),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}
