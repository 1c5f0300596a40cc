//! Worker message passing (compiler/ir/README.md "Worker message passing"): the checker
//! numbered each send, receive and flush (`StrandTables::messages`); each lowers to one
//! instruction on the function's channel group (`FnLower::worker_group`). After a worker's
//! statement holding conditional sends comes the queue update for those that did not run
//! (`WorkerSkip`), and before a successful return the worker waits until its receivers took
//! its messages (one `WorkerFlush` per queue: the spec's wait at termination, which also
//! turns a receiver's panic into the sender's).

use crate::emit::FnLower;
use crate::sema::model_strands::MessageInfo;
use intc_syntax::ast;
use ir::{Instruction, Reg};

use crate::{ir, sema};

impl<'l, 'a> FnLower<'l, 'a> {
    fn message(&mut self, node: ast::NodeId) -> Option<(MessageInfo, Reg)> {
        let key = self.key(node);
        let info = self.lw.checked.strands.messages.get(&key).copied();
        match (info, self.worker_group) {
            (Some(info), Some(group)) => Some((info, group)),
            _ => {
                self.unsupported(
                    "a message action outside a worker of a function with a channel group",
                );
                None
            }
        }
    }

    /// `value -> peer;` (keyed by the value).
    pub(crate) fn send(&mut self, value: &'a ast::Expr) {
        if let Some((info, group)) = self.message(value.id) {
            self.emit_send(&info, group, value);
        }
    }

    /// Evaluates `value` and writes it to its slot (`WorkerSend`).
    fn emit_send(&mut self, info: &MessageInfo, group: Reg, value: &'a ast::Expr) {
        let value = self.value(value);
        self.emit(Instruction::WorkerSend {
            group,
            from: info.from,
            to: info.to,
            slot: info.slot,
            value,
        });
    }

    /// `value ->> peer`: the send, then a flush of that queue up to it.
    pub(crate) fn sync_send(&mut self, expr: &'a ast::Expr, value: &'a ast::Expr, dst: Reg) {
        let Some((info, group)) = self.message(expr.id) else {
            return;
        };
        self.emit_send(&info, group, value);
        self.emit(Instruction::WorkerFlush {
            dst,
            group,
            from: info.from,
            to: info.to,
            upto: info.slot.saturating_add(1),
        });
    }

    /// `<- peer`, `<- a | b`, `<- {x: a, b}`.
    pub(crate) fn receive(&mut self, expr: &'a ast::Expr, dst: Reg) {
        let key = self.key(expr.id);
        if let ast::ExprKind::Receive(ast::Receive::Multiple(fields)) = &expr.kind {
            self.multiple_receive(expr, fields, dst);
            return;
        }
        if let Some(peers) = self.lw.checked.strands.alternates.get(&key) {
            let (Some(first), Some(group)) = (peers.first(), self.worker_group) else {
                self.unsupported("an alternate receive without a channel group");
                return;
            };
            self.emit(Instruction::WorkerReceiveAny {
                dst,
                group,
                to: first.to,
                count: peers.len() as u16,
            });
            for peer in peers {
                self.emit(Instruction::WorkerPeer {
                    from: peer.from,
                    slot: peer.slot,
                });
            }
            return;
        }
        let Some((info, group)) = self.message(expr.id) else {
            return;
        };
        self.emit(Instruction::WorkerReceive {
            dst,
            group,
            from: info.from,
            to: info.to,
            slot: info.slot,
        });
    }

    /// `<- {x: a, b}`: `WorkerReceiveAll` into one register per field, then the mapping of
    /// the checked type from them, fields in written order.
    fn multiple_receive(
        &mut self,
        expr: &'a ast::Expr,
        fields: &'a [(ast::Ident, ast::PeerWorker)],
        dst: Reg,
    ) {
        let key = self.key(expr.id);
        let peers = self.lw.checked.strands.alternates.get(&key);
        let (Some(peers), Some(group)) = (peers, self.worker_group) else {
            self.unsupported("a multiple receive without a channel group");
            return;
        };
        let (Some(first), true) = (peers.first(), peers.len() == fields.len()) else {
            self.unsupported("a multiple receive without its slots");
            return;
        };
        let count = fields.len();
        let results = self.regs(count);
        self.emit(Instruction::WorkerReceiveAll {
            dst: Reg(results.start),
            group,
            to: first.to,
            count: count as u16,
        });
        for peer in peers {
            self.emit(Instruction::WorkerPeer {
                from: peer.from,
                slot: peer.slot,
            });
        }
        let entries = self.regs(count * 2);
        for (index, (name, _)) in fields.iter().enumerate() {
            let key = Reg(entries.start.wrapping_add((index * 2) as u16));
            let value = Reg(key.0.wrapping_add(1));
            self.load_string(key, &name.name);
            self.emit(Instruction::Move {
                dst: value,
                src: Reg(results.start.wrapping_add(index as u16)),
            });
        }
        let sema_type = self.lw.checked.expr_type(self.file, expr.id);
        let ty = self.lw.ir_type(sema_type);
        self.emit(Instruction::NewMap { dst, ty, entries });
    }

    /// The queue updates after `stmt`, a worker's statement holding conditional sends.
    pub(crate) fn queue_updates_after(&mut self, stmt: &'a ast::Stmt) {
        let checked = self.lw.checked;
        self.emit_skips(checked.strands.skips.get(&stmt.span));
    }

    /// The queue updates on entering `block`, a branch after sibling branches whose
    /// conditional sends will not run now.
    pub(crate) fn queue_updates_at_branch(&mut self, block: &'a ast::Block) {
        let checked = self.lw.checked;
        self.emit_skips(checked.strands.branch_skips.get(&block.span));
    }

    /// A `WorkerSkip` per `(from, to, upto)` queue update.
    fn emit_skips(&mut self, skips: Option<&Vec<(u16, u16, u16)>>) {
        let (Some(skips), Some(group)) = (skips, self.worker_group) else {
            return;
        };
        for &(from, to, upto) in skips {
            self.emit(Instruction::WorkerSkip {
                group,
                from,
                to,
                upto,
            });
        }
    }

    /// Before a return of `value` (`None`: `()`): unless it is an error, wait until each
    /// receiver took what this worker sent it (or terminated; its panic becomes ours).
    pub(crate) fn final_flush(&mut self, value: Option<Reg>) {
        let Some(group) = self.worker_group else {
            return;
        };
        if self.final_flushes.is_empty() {
            return;
        }
        // At the end of the function body the group's register may have been released with
        // the body's block: allocate past it.
        self.allocate_past(group);
        let skip = value.map(|value| {
            let is_error = self.reg();
            let ty = self.lw.ir_type(sema::TypeArena::ERROR);
            self.emit(Instruction::TypeTest {
                dst: is_error,
                value,
                ty,
            });
            self.emit(Instruction::JumpIfTrue {
                cond: is_error,
                target: 0,
            })
        });
        let ignored = self.reg();
        // The final queue update: every slot not written by now stays empty.
        for (from, to, upto) in self.final_flushes.clone() {
            self.emit(Instruction::WorkerSkip {
                group,
                from,
                to,
                upto,
            });
        }
        for (from, to, upto) in self.final_flushes.clone() {
            self.emit(Instruction::WorkerFlush {
                dst: ignored,
                group,
                from,
                to,
                upto,
            });
        }
        if let Some(site) = skip {
            self.patch_here(&[site]);
        }
    }

    /// `flush;`: every queue with sends before it, in member order; `()` or the first error.
    fn flush_all(&mut self, expr: &'a ast::Expr, dst: Reg) {
        let key = self.key(expr.id);
        let Some(queues) = self.lw.checked.strands.alternates.get(&key) else {
            self.unsupported("a flush without its queues");
            return;
        };
        self.emit(Instruction::LoadNil { dst });
        let Some(group) = self.worker_group else {
            return;
        };
        let result = self.reg();
        for info in queues.clone() {
            self.emit(Instruction::WorkerFlush {
                dst: result,
                group,
                from: info.from,
                to: info.to,
                upto: info.slot,
            });
            // Keeps the first error.
            let has_error = self.emit(Instruction::JumpIfNotNil {
                value: dst,
                target: 0,
            });
            self.emit(Instruction::Move { dst, src: result });
            self.patch_here(&[has_error]);
        }
    }

    /// `flush peer`: until the peer took every message sent to it so far.
    pub(crate) fn flush(&mut self, expr: &'a ast::Expr, dst: Reg) {
        if let ast::ExprKind::Flush(None) = &expr.kind {
            self.flush_all(expr, dst);
            return;
        }
        let Some((info, group)) = self.message(expr.id) else {
            return;
        };
        self.emit(Instruction::WorkerFlush {
            dst,
            group,
            from: info.from,
            to: info.to,
            upto: info.slot,
        });
    }
}
