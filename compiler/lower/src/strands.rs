//! Strands: `start` (a `Start` prefix before the call instruction), the three forms of `wait`
//! (`Wait`, `WaitAny`, `WaitAll` + the record built from its registers), and named workers
//! (each body an IR function over the cells it captures, started with `Start` +
//! `CallIndirect`; the future kept in the worker name's local).

use crate::emit::{FnLower, Local};
use crate::{ir, sema};
use intc_syntax::ast;
use ir::{Instruction, Reg, RegRange};
use sema::NodeKey;

impl<'l, 'a> FnLower<'l, 'a> {
    /// `start call`: the call is lowered as usual, then `Start` is put right before its call
    /// instruction (the last one emitted), so the arguments are evaluated on this strand and
    /// only the call itself runs on the new one.
    pub(crate) fn start(&mut self, start: &'a ast::Expr, call: &'a ast::Expr, dst: Reg) {
        // The future's inherent type: the start expression's static type, `future<T>`.
        let future_type = self.lw.checked.expr_type(self.file, start.id);
        let ty = self.lw.ir_type(future_type);
        let before = self.code.len();
        let ignored = self.reg();
        self.starting_call = true;
        self.value_into(call, ignored);
        self.starting_call = false;
        let last = self.code.len().checked_sub(1).filter(|&i| i >= before);
        let is_call = last
            .and_then(|i| self.code.get(i))
            .is_some_and(|instruction| {
                matches!(
                    instruction,
                    Instruction::Call { .. }
                        | Instruction::CallIndirect { .. }
                        | Instruction::CallMethod { .. }
                        | Instruction::CallNative { .. }
                        | Instruction::CallNativeSpread { .. }
                )
            });
        match last {
            // Jumps already patched to the call's position now reach `Start` first, which is
            // what they mean: nothing jumps past the last instruction yet.
            Some(at) if is_call => {
                let line = self.lines.get(at).copied().unwrap_or(self.line);
                self.code.insert(at, Instruction::Start { dst, ty });
                self.lines.insert(at, line);
            }
            _ => self.unsupported("starting a call that is not lowered to a call instruction"),
        }
    }

    /// `wait f` and `wait f1 | f2 | ...`.
    pub(crate) fn wait(&mut self, futures: &'a [ast::Expr], dst: Reg) {
        if let [future] = futures {
            let future = self.value(future);
            self.emit(Instruction::Wait { dst, future });
            return;
        }
        let window = self.regs(futures.len());
        for (index, future) in futures.iter().enumerate() {
            self.value_into(future, Reg(window.start.wrapping_add(index as u16)));
        }
        self.emit(Instruction::WaitAny {
            dst,
            futures: window,
        });
    }

    /// `wait {a: f1, b: f2}`: `WaitAll` into consecutive registers, then the record (or map)
    /// of the checked type from them, fields in written order.
    pub(crate) fn multiple_wait(
        &mut self,
        expr: &'a ast::Expr,
        fields: &'a [ast::WaitField],
        dst: Reg,
    ) {
        let count = fields.len();
        let futures = self.regs(count);
        for (index, field) in fields.iter().enumerate() {
            self.value_into(&field.future, Reg(futures.start.wrapping_add(index as u16)));
        }
        let results = self.regs(count);
        self.emit(Instruction::WaitAll {
            dst: Reg(results.start),
            futures,
        });
        let entries = self.regs(count * 2);
        for (index, field) in fields.iter().enumerate() {
            let key = Reg(entries.start.wrapping_add((index * 2) as u16));
            let value = Reg(key.0.wrapping_add(1));
            self.load_string(key, &field.name.name);
            self.emit(Instruction::Move {
                dst: value,
                src: Reg(results.start.wrapping_add(index as u16)),
            });
        }
        let sema_type = self.lw.checked.expr_type(self.file, expr.id);
        let ty = self.lw.ir_type(sema_type);
        self.emit(Instruction::NewMap { dst, ty, entries });
    }

    /// Starts a run of named workers (of a function body or a fork statement). Every name's
    /// local exists before any worker starts, so a worker can capture another's cell; each
    /// worker then gets its future.
    pub(crate) fn start_workers(&mut self, workers: &[&'a ast::WorkerDecl]) {
        // A function body whose workers pass messages: its channel group, created before any
        // worker starts; the default worker is member 0 and each worker captures the group.
        // A fork's group has only its workers as members: the default worker does not bind.
        let members = workers
            .first()
            .and_then(|w| self.lw.checked.strands.groups.get(&self.key(w.id)).copied());
        let group_capture = members.and_then(|members| {
            let first = workers.first()?;
            let first_key = self.key(first.id);
            let fork = self.lw.checked.strands.fork_groups.contains(&first_key);
            let group = self.reg();
            self.emit(Instruction::WorkerGroupNew {
                dst: group,
                members,
            });
            if !fork {
                self.emit(Instruction::WorkerBind { group, member: 0 });
                self.worker_group = Some(group);
                self.final_flushes = final_flushes(self.lw.checked, first_key, 0);
            }
            let key = group_key(first_key);
            self.locals.insert(key, Local::Reg(group));
            Some(key)
        });
        let mut locals = Vec::with_capacity(workers.len());
        for worker in workers {
            let key = self.key(worker.id);
            let reg = self.reg();
            self.emit(Instruction::LoadNil { dst: reg });
            self.bind_local_from(key, reg);
            locals.push(self.locals.get(&key).copied());
        }
        for (worker, local) in workers.iter().zip(locals) {
            let Some(local) = local else {
                self.unsupported("a worker without a local");
                continue;
            };
            let callee = self.reg();
            let workers_group = workers.first().map(|w| self.key(w.id));
            self.worker_function(worker, callee, group_capture, workers_group);
            let future = self.reg();
            let ignored = self.reg();
            let ty = match self.lw.checked.strands.workers.get(&self.key(worker.id)) {
                Some(info) => self.lw.ir_type(info.future),
                None => {
                    self.unsupported("a worker without a type");
                    continue;
                }
            };
            self.emit(Instruction::Start { dst: future, ty });
            self.emit(Instruction::CallIndirect {
                dst: ignored,
                callee,
                args: RegRange::new(ignored.0, 0),
                packed_rest: false,
            });
            self.write_local(local, future);
        }
    }

    /// The body of a named worker as an IR function of no parameters over its captures; its
    /// function value in `dst`.
    fn worker_function(
        &mut self,
        worker: &'a ast::WorkerDecl,
        dst: Reg,
        group_capture: Option<NodeKey>,
        workers_group: Option<NodeKey>,
    ) {
        let key: NodeKey = self.key(worker.id);
        let checked = self.lw.checked;
        let mut captures: Vec<NodeKey> = checked.captures.get(&key).cloned().unwrap_or_default();
        captures.extend(group_capture);
        let captures_self = checked.captures_self.contains(&key) && self.self_local.is_some();
        let capture_count = captures.len() + usize::from(captures_self);
        if capture_count > u16::MAX as usize / 2 {
            self.unsupported("a worker capturing this many variables");
            return;
        }
        let ret = checked.strands.workers.get(&key).map(|w| w.ret);
        let mut function = ir::Function::new(format!("$worker.{}", worker.name.name), 0);
        function.num_captures = capture_count as u16;
        function.module = self.current_module_prefix();
        function.transactional = worker.transactional;
        let func = self.lw.builder.add_function(function.clone());
        let file = self.file;
        let mut inner = FnLower::new(&mut *self.lw, file, capture_count as u32);
        inner.body_file = self.body_file;
        inner.return_type = ret;
        inner.line = self.line;
        for (index, &capture) in captures.iter().enumerate() {
            inner.locals.insert(capture, Local::Cell(Reg(index as u16)));
        }
        if captures_self {
            inner.self_local = Some(Local::Cell(Reg(captures.len() as u16)));
        }
        if let Some(cell) = group_capture.and_then(|k| captures.iter().position(|&c| c == k)) {
            let group = inner.reg();
            inner.emit(Instruction::CellGet {
                dst: group,
                cell: Reg(cell as u16),
            });
            let member = checked
                .strands
                .worker_members
                .get(&key)
                .copied()
                .unwrap_or(0);
            inner.emit(Instruction::WorkerBind { group, member });
            inner.worker_group = Some(group);
            if let Some(first) = workers_group {
                inner.final_flushes = final_flushes(checked, first, member);
            }
        }
        inner.begin_on_fail(worker.on_fail.as_ref());
        inner.block(&worker.body);
        inner.end_on_fail(worker.on_fail.as_ref());
        inner.final_flush(None);
        inner.emit(Instruction::ReturnNil);
        let function = inner.finish(function);
        self.lw.builder.define_function(func, function);
        self.closure_value(func, &captures, captures_self, dst);
    }
}

/// `(from, to, upto)` for each queue member `member` of the group of the run of workers
/// starting at `group` sends on: what it waits for before it returns successfully.
fn final_flushes(
    checked: &sema::CheckedProgram,
    group: NodeKey,
    member: u16,
) -> Vec<(u16, u16, u16)> {
    checked
        .strands
        .final_flushes
        .get(&(group, member))
        .map(|queues| queues.iter().map(|&(to, n)| (member, to, n)).collect())
        .unwrap_or_default()
}

/// The key under which a function's channel group is captured by its workers: not a node of
/// the program (node ids are dense from 0, far below this).
fn group_key(first_worker: NodeKey) -> NodeKey {
    NodeKey::new(first_worker.file, ast::NodeId(u32::MAX))
}
