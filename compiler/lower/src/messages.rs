//! Worker message passing (compiler/ir/README.md "Worker message passing"): the checker
//! numbered each send, receive and flush (`StrandTables::messages`); each lowers to one
//! instruction on the function's channel group (`FnLower::worker_group`).

use crate::emit::FnLower;
use crate::sema::model_strands::MessageInfo;
use intc_syntax::ast;
use ir::{Instruction, Reg};

use crate::ir;

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

    /// `<- peer`.
    pub(crate) fn receive(&mut self, expr: &'a ast::Expr, dst: Reg) {
        let key = self.key(expr.id);
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

    /// `flush peer`: until the peer took every message sent to it so far.
    pub(crate) fn flush(&mut self, expr: &'a ast::Expr, dst: Reg) {
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
