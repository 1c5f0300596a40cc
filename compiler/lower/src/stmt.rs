//! Statements: declarations, assignments (in-place string append and int fast paths for
//! compound assignment), conditionals, loops (range loops fused into register counting loops),
//! `match`, `do`/`on fail`, `fail`, `panic`, `return`, `lock`.

use crate::emit::{FailContext, FnLower, Local, LoopContext};
use crate::expr::{is_constructor, strip_groups, NumClass};
use crate::{ir, sema};
use intc_syntax::ast;
use ir::{Cmp, Instruction, LangNative, Reg, Target};
use sema::Resolution;

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn block(&mut self, block: &'a ast::Block) {
        if self.worker_group.is_some() {
            self.queue_updates_at_branch(block);
        }
        let mark = self.mark();
        for (index, stmt) in block.stmts.iter().enumerate() {
            if let ast::StmtKind::Worker(_) = &stmt.kind {
                // A run of worker declarations starts together (their names are in scope
                // in each other's bodies); their futures live until the block ends.
                let starts_run =
                    index == 0 || !matches!(block.stmts[index - 1].kind, ast::StmtKind::Worker(_));
                if starts_run {
                    self.set_line(stmt.span);
                    let run: Vec<&'a ast::WorkerDecl> = block.stmts[index..]
                        .iter()
                        .map_while(|s| match &s.kind {
                            ast::StmtKind::Worker(w) => Some(&**w),
                            _ => None,
                        })
                        .collect();
                    self.start_workers(&run);
                }
                continue;
            }
            self.statement(stmt);
            if self.worker_group.is_some() {
                self.queue_updates_after(stmt);
            }
        }
        self.release(mark);
    }

    fn statement(&mut self, stmt: &'a ast::Stmt) {
        self.set_line(stmt.span);
        if let ast::StmtKind::VarDecl { binding, init, .. } = &stmt.kind {
            self.declare(binding, init.as_ref());
            return;
        }
        // The workers' futures stay in scope after the fork statement.
        if let ast::StmtKind::Fork(workers) = &stmt.kind {
            let run: Vec<&'a ast::WorkerDecl> = workers.iter().collect();
            self.start_workers(&run);
            return;
        }
        let mark = self.mark();
        self.statement_inner(stmt);
        self.release(mark);
    }

    fn statement_inner(&mut self, stmt: &'a ast::Stmt) {
        match &stmt.kind {
            ast::StmtKind::VarDecl { .. } | ast::StmtKind::Xmlns(_) => {}
            ast::StmtKind::Assign { target, value } => self.assign(target, value),
            ast::StmtKind::DestructureAssign { pattern, value } => {
                let value = self.value(value);
                self.assign_pattern(pattern, value);
            }
            ast::StmtKind::CompoundAssign { op, target, value } => {
                self.compound_assign(*op, target, value)
            }
            ast::StmtKind::Expr(expr) => {
                self.value(expr);
            }
            ast::StmtKind::If {
                cond,
                then,
                otherwise,
            } => self.if_statement(cond, then, otherwise.as_ref()),
            ast::StmtKind::While {
                cond,
                body,
                on_fail,
            } => {
                self.begin_on_fail(on_fail.as_ref());
                // Inverted loop: one test before entering, then the test at the bottom jumps
                // back, so each iteration runs a single conditional branch and no `jump`.
                let exits = self.branch(cond, false);
                let body_start = self.here();
                self.loops.push(LoopContext {
                    locks: self.locks,
                    ..LoopContext::default()
                });
                self.block(body);
                let context = self.loops.pop().unwrap_or_default();
                self.patch_here(&context.continues);
                let repeats = self.branch(cond, true);
                for &site in &repeats {
                    self.patch(site, body_start);
                }
                if let [site] = repeats[..] {
                    self.fuse_loop_step(site, body_start);
                }
                self.patch_here(&exits);
                self.patch_here(&context.breaks);
                self.end_on_fail(on_fail.as_ref());
            }
            ast::StmtKind::Foreach {
                binding,
                iterable,
                body,
                on_fail,
                ..
            } => {
                self.begin_on_fail(on_fail.as_ref());
                self.foreach(binding, iterable, body);
                self.end_on_fail(on_fail.as_ref());
            }
            ast::StmtKind::Break => {
                self.leave_locks(self.loops.last().map_or(0, |c| c.locks));
                self.leave_transactions_for_jump();
                let site = self.emit(Instruction::Jump { target: 0 });
                match self.loops.last_mut() {
                    Some(context) => context.breaks.push(site),
                    None => self.unsupported("`break` outside a loop"),
                }
            }
            ast::StmtKind::Continue => {
                self.leave_locks(self.loops.last().map_or(0, |c| c.locks));
                self.leave_transactions_for_jump();
                let site = self.emit(Instruction::Jump { target: 0 });
                match self.loops.last_mut() {
                    Some(context) => context.continues.push(site),
                    None => self.unsupported("`continue` outside a loop"),
                }
            }
            ast::StmtKind::Return(value) => match value {
                Some(value) => {
                    let value = self.value_for(value, self.return_type);
                    self.leave_locks(0);
                    self.final_flush(Some(value));
                    self.emit(Instruction::Return { value });
                }
                None => {
                    self.leave_locks(0);
                    self.final_flush(None);
                    self.emit(Instruction::ReturnNil);
                }
            },
            ast::StmtKind::Panic(value) => {
                let value = self.value(value);
                self.emit(Instruction::Panic { value });
            }
            ast::StmtKind::Fail(value) => {
                let value = self.value(value);
                self.fail_with(value);
            }
            ast::StmtKind::Match {
                expr,
                clauses,
                on_fail,
            } => {
                self.begin_on_fail(on_fail.as_ref());
                self.match_statement(expr, clauses);
                self.end_on_fail(on_fail.as_ref());
            }
            ast::StmtKind::Do { body, on_fail } => {
                self.begin_on_fail(on_fail.as_ref());
                self.block(body);
                self.end_on_fail(on_fail.as_ref());
            }
            ast::StmtKind::Lock(body) => {
                self.emit(Instruction::LockBegin);
                self.locks += 1;
                self.block(body);
                self.locks -= 1;
                self.emit(Instruction::LockEnd);
            }
            ast::StmtKind::Block(body) => self.block(body),
            ast::StmtKind::Worker(worker) => self.start_workers(&[&**worker]),
            ast::StmtKind::Fork(workers) => {
                let run: Vec<&'a ast::WorkerDecl> = workers.iter().collect();
                self.start_workers(&run);
            }
            ast::StmtKind::Send { value, .. } => self.send(value),
            ast::StmtKind::Transaction { body, on_fail } => {
                self.transaction_statement(body, on_fail.as_ref())
            }
            ast::StmtKind::Retry {
                manager,
                transaction,
                body,
                on_fail,
            } => self.retry_statement(manager, *transaction, body, on_fail.as_ref()),
            ast::StmtKind::Rollback(value) => self.rollback_statement(value.as_ref()),
            ast::StmtKind::Error => self.unsupported("a statement that failed to parse"),
        }
    }

    /// `T pattern = init;` / `var pattern = init;` / `T x;` (also `let` declarations).
    pub(crate) fn declare(
        &mut self,
        binding: &'a ast::BindingPattern,
        init: Option<&'a ast::Expr>,
    ) {
        let key = self.key(binding.id);
        match (&binding.kind, init) {
            (ast::BindingPatternKind::Capture(_), init) => {
                let captured = self.lw.checked.captured.contains(&key);
                let reg = self.reg();
                if let Some(init) = init {
                    let declared = self.lw.checked.local_types.get(&key).copied();
                    let readonly = declared.is_some_and(|ty| self.is_readonly_type(ty));
                    self.value_into_readonly(init, reg, readonly);
                }
                if captured {
                    let cell = self.reg();
                    self.emit(Instruction::NewCell {
                        dst: cell,
                        init: reg,
                    });
                    self.locals.insert(key, Local::Cell(cell));
                } else {
                    self.locals.insert(key, Local::Reg(reg));
                }
            }
            (_, Some(init)) => {
                let value = self.value(init);
                self.bind_pattern(binding, value);
            }
            (_, None) => {}
        }
    }

    fn if_statement(
        &mut self,
        cond: &'a ast::Expr,
        then: &'a ast::Block,
        otherwise: Option<&'a ast::ElseBranch>,
    ) {
        let to_else = self.branch(cond, false);
        self.block(then);
        match otherwise {
            None => self.patch_here(&to_else),
            Some(branch) => {
                let to_end = self.emit(Instruction::Jump { target: 0 });
                self.patch_here(&to_else);
                match branch {
                    ast::ElseBranch::Block(block) => self.block(block),
                    ast::ElseBranch::If(stmt) => self.statement(stmt),
                }
                self.patch_here(&[to_end]);
            }
        }
    }

    fn assign(&mut self, target: &'a ast::Expr, value: &'a ast::Expr) {
        match &target.kind {
            // `_ = e;` evaluates and discards.
            ast::ExprKind::Var { module: None, name } if name.name == "_" => {
                self.value(value);
            }
            ast::ExprKind::Var { .. } => {
                let key = self.key(target.id);
                match self.lw.checked.resolutions.get(&key) {
                    Some(Resolution::Local(decl)) => match self.locals.get(decl).copied() {
                        Some(Local::Reg(reg)) if writes_once(value) && !is_constructor(value) => {
                            self.value_into(value, reg)
                        }
                        Some(local) => {
                            let declared = self.lw.checked.local_types.get(decl).copied();
                            let value = self.value_for(value, declared);
                            self.write_local(local, value);
                        }
                        None => self.unsupported("assigning a variable of an enclosing scope"),
                    },
                    Some(Resolution::Global(global)) => {
                        let src = self.value(value);
                        self.emit(Instruction::GlobalSet {
                            global: ir::GlobalId(global.0),
                            src,
                        });
                    }
                    _ => self.unsupported("this assignment target"),
                }
            }
            ast::ExprKind::Member { base, index } => {
                let container = self.filling_container(base);
                let key = self.value(index);
                let value = self.value(value);
                let removal = self.nil_removal(target, container, value, || key);
                if let Some(class) = self.object_filler_class(base) {
                    self.fill_with_objects(container, key, class, false);
                }
                self.emit(Instruction::MemberSet {
                    container,
                    key,
                    value,
                });
                self.patch_here(&removal);
            }
            ast::ExprKind::Field { base, field, .. } => {
                let base_type = self.expr_type(base);
                // `ps[1].name = v` fills `ps[0..=1]` first, as `ps[1]["name"] = v` does; for a
                // `C[]` with the filler `new C()`, `cs[1].f = v` does too.
                let object = match self.object_member_filling(base) {
                    Some(object) => object,
                    None => self.filling_container(base),
                };
                let value = self.value(value);
                let removal = if self.lw.checked.nil_removes.contains(&self.key(target.id)) {
                    let constant = self.lw.builder.string_constant(&field.name);
                    let key = self.reg();
                    self.emit(Instruction::LoadConst { dst: key, constant });
                    self.nil_removal(target, object, value, || key)
                } else {
                    Vec::new()
                };
                self.field_set(base_type, object, &field.name, value);
                self.patch_here(&removal);
            }
            ast::ExprKind::Group(inner) => self.assign(inner, value),
            _ => self.unsupported("this assignment target"),
        }
    }

    /// For an assignment where nil removes the member (sema's `nil_removes`): when `value` is
    /// nil, removes the member `key` of `container` and jumps past the store (the returned
    /// jump sites); otherwise falls through to the store.
    fn nil_removal(
        &mut self,
        target: &ast::Expr,
        container: Reg,
        value: Reg,
        key: impl FnOnce() -> Reg,
    ) -> Vec<Target> {
        if !self.lw.checked.nil_removes.contains(&self.key(target.id)) {
            return Vec::new();
        }
        let key = key();
        let to_store = self.emit(Instruction::JumpIfNotNil { value, target: 0 });
        self.map_remove(container, key);
        let to_end = self.emit(Instruction::Jump { target: 0 });
        self.patch_here(&[to_store]);
        vec![to_end]
    }

    /// Removes the member `key` of the mapping `container` if present (`removeIfHasKey`:
    /// panics for a required field or an immutable mapping).
    pub(crate) fn map_remove(&mut self, container: Reg, key: Reg) {
        let native = self.lw.builder.lang_native(LangNative::MapRemoveIfHasKey);
        let window = self.regs(2);
        self.emit(Instruction::Move {
            dst: Reg(window.start),
            src: container,
        });
        self.emit(Instruction::Move {
            dst: Reg(window.start + 1),
            src: key,
        });
        let dst = self.reg();
        self.emit(Instruction::CallNative {
            dst,
            native,
            args: window,
        });
    }

    /// The container of a member assignment. A container that is itself a member of a list or
    /// mapping is read with filling (spec "Lvalues": `xs[2][1] = 7` on an empty `int[][]`
    /// first fills `xs[0..=2]` with `[]`).
    fn filling_container(&mut self, expr: &'a ast::Expr) -> Reg {
        match &expr.kind {
            ast::ExprKind::Group(inner) => self.filling_container(inner),
            ast::ExprKind::Member { base, index } if self.map_record_filler(base).is_some() => {
                let container = self.filling_container(base);
                let key = self.value(index);
                let record = self
                    .map_record_filler(base)
                    .unwrap_or(sema::TypeArena::UNKNOWN);
                self.fill_map_member(container, key, record)
            }
            ast::ExprKind::Member { base, index } if self.is_structured(expr) => {
                let container = self.filling_container(base);
                let key = self.value(index);
                let dst = self.reg();
                self.emit(Instruction::MemberGetFill {
                    dst,
                    container,
                    key,
                });
                dst
            }
            _ => self.value(expr),
        }
    }

    /// Whether an expression's static type is a list or mapping (possibly optional).
    fn is_structured(&self, expr: &ast::Expr) -> bool {
        let ty = self.expr_type(expr);
        let types = &self.lw.checked.types;
        let mask = types.basic_mask(ty) & !sema::types::basic::NIL;
        let structured = sema::types::basic::LIST | sema::types::basic::MAPPING;
        !types.is_unknown(ty) && mask != 0 && mask & !structured == 0
    }

    fn field_set(&mut self, base_type: sema::TypeId, object: Reg, name: &str, value: Reg) {
        if let Some(slot) = self.object_slot(base_type, name) {
            self.emit(Instruction::ObjectSlotSet {
                object,
                slot,
                value,
            });
        } else {
            let name = self.lw.builder.string_constant(name);
            self.emit(Instruction::FieldSet {
                object,
                name,
                value,
            });
        }
    }

    fn compound_assign(&mut self, op: ast::BinaryOp, target: &'a ast::Expr, value: &'a ast::Expr) {
        let class = {
            let target_class = self.num_class(target);
            if target_class == self.num_class(value) {
                target_class
            } else {
                NumClass::Other
            }
        };
        match &strip_groups(target).kind {
            ast::ExprKind::Var { .. } => {
                let key = self.key(strip_groups(target).id);
                let local = match self.lw.checked.resolutions.get(&key) {
                    Some(Resolution::Local(decl)) => self.locals.get(decl).copied(),
                    _ => None,
                };
                if let Some(Local::Reg(reg)) = local {
                    // `s += x` appends in place; `i += 1` is an immediate add.
                    if class == NumClass::Int
                        && matches!(op, ast::BinaryOp::Add | ast::BinaryOp::Sub)
                    {
                        if let ast::ExprKind::Literal(ast::Literal::Int(n)) =
                            &strip_groups(value).kind
                        {
                            let imm = i32::try_from(*n).ok().and_then(|n| {
                                if op == ast::BinaryOp::Sub {
                                    n.checked_neg()
                                } else {
                                    Some(n)
                                }
                            });
                            if let Some(imm) = imm {
                                self.emit(Instruction::AddIntImm {
                                    dst: reg,
                                    a: reg,
                                    imm,
                                });
                                return;
                            }
                        }
                    }
                    let operand = self.value(value);
                    self.arith(op, class, reg, operand, reg);
                    return;
                }
                let current = self.value(target);
                let operand = self.value(value);
                let result = self.reg();
                self.arith(op, class, current, operand, result);
                self.store_var(target, result);
            }
            ast::ExprKind::Member { base, index } => {
                let container = self.filling_container(base);
                let key = self.value(index);
                let current = self.reg();
                self.emit(Instruction::MemberGet {
                    dst: current,
                    container,
                    key,
                });
                let operand = self.value(value);
                self.arith(op, class, current, operand, current);
                self.emit(Instruction::MemberSet {
                    container,
                    key,
                    value: current,
                });
            }
            ast::ExprKind::Field { base, field, .. } => {
                let base_type = self.expr_type(base);
                let object = self.value(base);
                let current = self.reg();
                match self.object_slot(base_type, &field.name) {
                    Some(slot) => {
                        self.emit(Instruction::ObjectSlotGet {
                            dst: current,
                            object,
                            slot,
                        });
                    }
                    None => {
                        let name = self.lw.builder.string_constant(&field.name);
                        self.emit(Instruction::FieldGet {
                            dst: current,
                            object,
                            name,
                        });
                    }
                }
                let operand = self.value(value);
                self.arith(op, class, current, operand, current);
                self.field_set(base_type, object, &field.name, current);
            }
            _ => self.unsupported("this compound assignment target"),
        }
    }

    /// Stores into the variable a `Var` expression names (cell local or global).
    fn store_var(&mut self, target: &'a ast::Expr, value: Reg) {
        let key = self.key(strip_groups(target).id);
        match self.lw.checked.resolutions.get(&key) {
            Some(Resolution::Local(decl)) => match self.locals.get(decl).copied() {
                Some(local) => self.write_local(local, value),
                None => self.unsupported("assigning a variable of an enclosing scope"),
            },
            Some(Resolution::Global(global)) => {
                self.emit(Instruction::GlobalSet {
                    global: ir::GlobalId(global.0),
                    src: value,
                });
            }
            _ => self.unsupported("this assignment target"),
        }
    }

    fn foreach(
        &mut self,
        binding: &'a ast::BindingPattern,
        iterable: &'a ast::Expr,
        body: &'a ast::Block,
    ) {
        let inner = strip_groups(iterable);
        if let (
            ast::ExprKind::Binary {
                op: op @ (ast::BinaryOp::RangeExclusive | ast::BinaryOp::RangeInclusive),
                lhs,
                rhs,
            },
            ast::BindingPatternKind::Capture(_) | ast::BindingPatternKind::Wildcard,
        ) = (&inner.kind, &binding.kind)
        {
            self.counting_loop(
                *op == ast::BinaryOp::RangeInclusive,
                lhs,
                rhs,
                binding,
                body,
            );
            return;
        }
        // Lists, mappings (values), strings (characters), range values (already iterators)
        // and iterable objects all go through `IterNew`.
        let value = self.value(iterable);
        let (item, head, exit) = if self.iterates_stream(iterable) {
            self.stream_head(value, false)
        } else {
            let (item, head) = self.iteration_head(value);
            (item, head, head)
        };
        let mark = self.mark();
        self.bind_pattern(binding, item);
        self.loops.push(LoopContext {
            locks: self.locks,
            ..LoopContext::default()
        });
        self.block(body);
        let context = self.loops.pop().unwrap_or_default();
        self.release(mark);
        for site in context.continues {
            self.patch(site, head);
        }
        self.emit(Instruction::Jump { target: head });
        self.patch_here(&[exit]);
        self.patch_here(&context.breaks);
    }

    /// The head of a loop over `iterable` (`IterNew`, then `IterNext`): the register each
    /// item arrives in and the head instruction, whose exit target the caller patches.
    pub(crate) fn iteration_head(&mut self, iterable: Reg) -> (Reg, Target) {
        let iter = self.reg();
        self.emit(Instruction::IterNew {
            dst: iter,
            iterable,
        });
        let item = self.reg();
        let head = self.emit(Instruction::IterNext {
            dst: item,
            iter,
            target: 0,
        });
        (item, head)
    }

    /// `foreach int i in a ..< b` as a register loop: no iterator allocation.
    fn counting_loop(
        &mut self,
        inclusive: bool,
        start: &'a ast::Expr,
        end: &'a ast::Expr,
        binding: &'a ast::BindingPattern,
        body: &'a ast::Block,
    ) {
        let counter = self.reg();
        self.value_into(start, counter);
        let limit = self.reg();
        self.value_into(end, limit);
        let exit_cmp = if inclusive { Cmp::Gt } else { Cmp::Ge };
        let head = self.emit(Instruction::JumpIfCmpInt {
            cmp: exit_cmp,
            a: counter,
            b: limit,
            target: 0,
        });
        let body_start = self.here();
        let mark = self.mark();
        if let ast::BindingPatternKind::Capture(_) = &binding.kind {
            let key = self.key(binding.id);
            let variable = self.reg();
            self.emit(Instruction::Move {
                dst: variable,
                src: counter,
            });
            self.bind_local_from(key, variable);
        }
        self.loops.push(LoopContext {
            locks: self.locks,
            ..LoopContext::default()
        });
        self.block(body);
        let context = self.loops.pop().unwrap_or_default();
        self.release(mark);
        let continue_target = self.here();
        for site in context.continues {
            self.patch(site, continue_target);
        }
        let mut exits = vec![head];
        if inclusive {
            // Stop before incrementing past `end` (which may be int:MAX_VALUE).
            exits.push(self.emit(Instruction::JumpIfCmpInt {
                cmp: Cmp::Ge,
                a: counter,
                b: limit,
                target: 0,
            }));
            self.emit(Instruction::AddIntImm {
                dst: counter,
                a: counter,
                imm: 1,
            });
            self.emit(Instruction::Jump { target: body_start });
        } else {
            // `counter < limit` held before the step, so it cannot overflow here.
            self.emit(Instruction::IncJumpIfCmpInt {
                counter,
                step: 1,
                cmp: Cmp::Lt,
                limit,
                target: body_start,
            });
        }
        self.patch_here(&exits);
        self.patch_here(&context.breaks);
    }

    fn match_statement(&mut self, expr: &'a ast::Expr, clauses: &'a [ast::MatchClause]) {
        let value = self.value(expr);
        let mut to_end = Vec::new();
        for clause in clauses {
            let mark = self.mark();
            let mut to_body = Vec::new();
            let mut to_next_clause = Vec::new();
            let count = clause.patterns.len();
            self.share_alternative_variables(&clause.patterns);
            for (index, pattern) in clause.patterns.iter().enumerate() {
                let mismatches = self.match_pattern(pattern, value, 0);
                if index + 1 < count {
                    to_body.push(self.emit(Instruction::Jump { target: 0 }));
                    self.patch_here(&mismatches);
                } else {
                    to_next_clause.extend(mismatches);
                }
            }
            self.shared_match_locals.clear();
            self.patch_here(&to_body);
            if let Some(guard) = &clause.guard {
                to_next_clause.extend(self.branch(guard, false));
            }
            self.block(&clause.body);
            to_end.push(self.emit(Instruction::Jump { target: 0 }));
            self.patch_here(&to_next_clause);
            self.release(mark);
        }
        self.patch_here(&to_end);
    }

    pub(crate) fn begin_on_fail(&mut self, on_fail: Option<&'a ast::OnFail>) {
        if on_fail.is_none() {
            return;
        }
        let error = self.reg();
        self.fails.push(FailContext {
            error,
            jumps: Vec::new(),
            locks: self.locks,
        });
    }

    pub(crate) fn end_on_fail(&mut self, on_fail: Option<&'a ast::OnFail>) {
        let Some(on_fail) = on_fail else {
            return;
        };
        let Some(context) = self.fails.pop() else {
            return;
        };
        let to_end = self.emit(Instruction::Jump { target: 0 });
        self.patch_here(&context.jumps);
        if let Some(binding) = &on_fail.binding {
            self.bind_pattern(binding, context.error);
        }
        self.block(&on_fail.body);
        self.patch_here(&[to_end]);
    }
}

/// Expressions whose lowering writes the destination only with its final instruction, so
/// `x = e` may evaluate straight into `x` even when `e` reads `x`.
fn writes_once(expr: &ast::Expr) -> bool {
    match &expr.kind {
        ast::ExprKind::Literal(_)
        | ast::ExprKind::Var { .. }
        | ast::ExprKind::Call { .. }
        | ast::ExprKind::MethodCall { .. }
        | ast::ExprKind::Member { .. }
        | ast::ExprKind::Field { .. }
        | ast::ExprKind::Cast { .. }
        | ast::ExprKind::TypeTest { .. }
        | ast::ExprKind::List(_)
        | ast::ExprKind::Mapping(_) => true,
        ast::ExprKind::Unary { op, .. } => *op != ast::UnaryOp::Not,
        ast::ExprKind::Binary { op, .. } => !matches!(
            op,
            ast::BinaryOp::And | ast::BinaryOp::Or | ast::BinaryOp::Elvis
        ),
        ast::ExprKind::Group(inner) => writes_once(inner),
        _ => false,
    }
}
