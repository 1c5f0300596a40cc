//! Worker message passing (spec "Worker message passing"): the sends, receives and flushes
//! between the default worker and the named workers of one function body.
//!
//! When a function body's run of workers is checked, a syntactic pass over each member's
//! statements (the named workers' bodies, the default worker's statements after the run)
//! finds the message actions the compiler translates: those that are a statement, or a
//! variable's initializer or assigned value, directly in the member's body. The n-th send
//! from `a` to `b` pairs with the n-th receive in `b` from `a` (slot n of queue `a -> b`);
//! [`MessageInfo`] records each. Anything else is reported when checked (E0505 for what the
//! compiler does not translate yet: conditional sends, multiple receives).
//!
//! A receive's type is its send's expression type plus the error part of the sender's return
//! type (a sender that fails before sending gives its error to the receive). Workers are
//! checked in declaration order, so a receive can come before its send: it then takes its
//! type from the context (`int x = <- w;`), and the send is checked against it.

use crate::checker::Checker;
use crate::model::*;
use crate::model_strands::MessageInfo;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;
use std::collections::{BTreeMap, HashMap};

/// A message action found by the syntactic pass.
enum Action<'a> {
    Send(&'a ast::Expr, &'a ast::PeerWorker),
    Receive(&'a ast::Expr, &'a ast::PeerWorker),
    SyncSend(&'a ast::Expr, &'a ast::PeerWorker),
    Flush(&'a ast::Expr, &'a ast::PeerWorker),
}

/// The message actions a statement directly is (one receive per peer of an alternate
/// receive).
fn actions(stmt: &ast::Stmt) -> Vec<Action<'_>> {
    let expr = match &stmt.kind {
        ast::StmtKind::Send { value, peer } => return vec![Action::Send(value, peer)],
        ast::StmtKind::Expr(e) => e,
        ast::StmtKind::VarDecl { init: Some(e), .. } => e,
        ast::StmtKind::Assign { value, .. } => value,
        _ => return Vec::new(),
    };
    let expr = strip_groups(expr);
    match &expr.kind {
        ast::ExprKind::Receive(ast::Receive::Single(peer)) => vec![Action::Receive(expr, peer)],
        ast::ExprKind::Receive(ast::Receive::Alternate(peers)) => {
            peers.iter().map(|p| Action::Receive(expr, p)).collect()
        }
        ast::ExprKind::SyncSend { peer, .. } => vec![Action::SyncSend(expr, peer)],
        ast::ExprKind::Flush(Some(peer)) => vec![Action::Flush(expr, peer)],
        _ => Vec::new(),
    }
}

fn strip_groups(expr: &ast::Expr) -> &ast::Expr {
    match &expr.kind {
        ast::ExprKind::Group(inner) => strip_groups(inner),
        _ => expr,
    }
}

impl<'a> Checker<'a> {
    /// The syntactic pass over a function body's run of workers and the default worker's
    /// statements after it (`rest`).
    pub(crate) fn number_messages(
        &mut self,
        workers: &[&'a ast::WorkerDecl],
        rest: &'a [ast::Stmt],
    ) {
        let Some(first) = workers.first() else {
            return;
        };
        let group = self.key(first.id);
        let names: HashMap<&str, u16> = workers
            .iter()
            .enumerate()
            .map(|(i, w)| (w.name.name.as_str(), i as u16 + 1))
            .collect();
        let mut members: Vec<(u16, &'a [ast::Stmt])> = vec![(0, rest)];
        for (i, worker) in workers.iter().enumerate() {
            members.push((i as u16 + 1, &worker.body.stmts));
        }
        let mut sends: BTreeMap<(u16, u16), Vec<Span>> = BTreeMap::new();
        let mut receives: BTreeMap<(u16, u16), Vec<Span>> = BTreeMap::new();
        let mut found = Vec::new();
        let mut skippable = Vec::new();
        for (me, stmts) in members {
            let mut may_exit = false;
            for stmt in stmts {
                let simple = matches!(
                    stmt.kind,
                    ast::StmtKind::VarDecl { .. }
                        | ast::StmtKind::Assign { .. }
                        | ast::StmtKind::Expr(_)
                        | ast::StmtKind::Send { .. }
                );
                let exits_before = may_exit;
                // A compound statement may return; errors returned by `check` are in the
                // sender's return type already.
                may_exit |= !simple;
                for action in actions(stmt) {
                    let (expr, peer) = match action {
                        Action::Send(e, p)
                        | Action::Receive(e, p)
                        | Action::SyncSend(e, p)
                        | Action::Flush(e, p) => (e, p),
                    };
                    let other = match &peer.name {
                        None => Some(0),
                        Some(name) => names.get(name.name.as_str()).copied(),
                    };
                    // An unknown peer or the worker itself is reported when the action is
                    // checked.
                    let Some(other) = other else {
                        continue;
                    };
                    if other == me {
                        self.p.strands.self_messages.insert(self.key(expr.id));
                        continue;
                    }
                    let slot = match action {
                        Action::Send(..) | Action::SyncSend(..) => {
                            let list = sends.entry((me, other)).or_default();
                            list.push(expr.span);
                            if exits_before {
                                skippable.push((group, me, other, list.len() as u16 - 1));
                            }
                            list.len() - 1
                        }
                        Action::Receive(..) => {
                            let list = receives.entry((other, me)).or_default();
                            list.push(expr.span);
                            list.len() - 1
                        }
                        Action::Flush(..) => sends.get(&(me, other)).map_or(0, Vec::len),
                    };
                    let (from, to) = match action {
                        Action::Receive(..) => (other, me),
                        _ => (me, other),
                    };
                    let alternate = matches!(
                        expr.kind,
                        ast::ExprKind::Receive(ast::Receive::Alternate(_))
                    );
                    found.push((self.key(expr.id), from, to, slot as u16, alternate));
                }
            }
        }
        if found.is_empty() {
            return;
        }
        for (key, from, to, slot, alternate) in found {
            let info = MessageInfo {
                group,
                from,
                to,
                slot,
            };
            if alternate {
                self.p.strands.alternates.entry(key).or_default().push(info);
            } else {
                self.p.strands.messages.insert(key, info);
            }
        }
        let name_of = |m: u16| -> String {
            match m {
                0 => "function".to_string(),
                m => workers
                    .get(m as usize - 1)
                    .map_or_else(String::new, |w| w.name.name.clone()),
            }
        };
        for ((from, to), spans) in &sends {
            let received = receives.get(&(*from, *to)).map_or(0, Vec::len);
            for span in spans.iter().skip(received) {
                let message = format!(
                    "this send from '{}' has no matching receive in '{}'",
                    name_of(*from),
                    name_of(*to)
                );
                self.error_help(
                    codes::MESSAGE_UNMATCHED,
                    *span,
                    message,
                    "each send pairs with the receive in the same position in the peer",
                );
            }
        }
        for ((from, to), spans) in &receives {
            let sent = sends.get(&(*from, *to)).map_or(0, Vec::len);
            for span in spans.iter().skip(sent) {
                let message = format!(
                    "this receive in '{}' has no matching send in '{}'",
                    name_of(*to),
                    name_of(*from)
                );
                self.error_help(
                    codes::MESSAGE_UNMATCHED,
                    *span,
                    message,
                    "each receive pairs with the send in the same position in the peer",
                );
            }
        }
        self.p
            .strands
            .groups
            .insert(group, workers.len() as u16 + 1);
        let default_errors = self.p.types.error_part(self.fx.ret);
        let errors = &mut self.p.strands.message_types.sender_errors;
        errors.insert((group, 0), default_errors);
        let worker_rets: Vec<(u16, TypeId)> = workers
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let key = self.key(w.id);
                self.p.strands.worker_members.insert(key, i as u16 + 1);
                self.p
                    .strands
                    .workers
                    .get(&key)
                    .map(|info| (i as u16 + 1, info.ret))
            })
            .collect();
        for (member, ret) in worker_rets {
            let part = self.p.types.error_part(ret);
            self.p
                .strands
                .message_types
                .sender_errors
                .insert((group, member), part);
        }
    }

    /// The recorded message action at `key`, or the reason it is not compiled (reported).
    fn message_at(
        &mut self,
        key: NodeKey,
        peer: &ast::PeerWorker,
        span: Span,
    ) -> Option<MessageInfo> {
        if let Some(info) = self.p.strands.messages.get(&key) {
            return Some(*info);
        }
        let in_closure = self
            .fx
            .closures
            .last()
            .is_some_and(|f| !self.p.strands.workers.contains_key(&f.key));
        let peer_name = peer.name.as_ref().map(|n| n.name.clone());
        let is_worker = match &peer_name {
            None => true,
            Some(name) => self
                .fx
                .worker_locals
                .keys()
                .any(|w| self.fx.locals[*w].name == *name),
        };
        if self.p.strands.self_messages.contains(&key) {
            self.error(
                codes::MESSAGE_PEER,
                peer.span,
                "a worker cannot send messages to itself or receive from itself",
            );
        } else if !is_worker {
            let message = format!(
                "'{}' is not a worker of this function",
                peer_name.unwrap_or_default()
            );
            self.error(codes::MESSAGE_PEER, peer.span, message);
        } else if self.fx.loop_depth > 0 || in_closure {
            self.error_help(
                codes::MESSAGE_REPEATED,
                span,
                "a send, receive or flush may not be where it could run more than once (in a loop or a function)",
                "move it out of the loop or function",
            );
        } else {
            self.message_passing_unsupported(span);
        }
        None
    }

    /// `value -> peer;` and the send of `value ->> peer` (`sync`: the expression's type).
    pub(crate) fn check_send(&mut self, value: &'a ast::Expr, peer: &ast::PeerWorker) {
        let key = self.key(value.id);
        self.check_send_at(key, value, peer);
    }

    fn check_send_at(&mut self, key: NodeKey, value: &'a ast::Expr, peer: &ast::PeerWorker) {
        let info = self.message_at(key, peer, value.span);
        let Some(info) = info else {
            self.check_expr(value, None);
            return;
        };
        let slot = (info.group, info.from, info.to, info.slot);
        let declared = self.p.strands.message_types.receives.get(&slot).copied();
        let ty = self.check_expr(value, declared.map(|d| d.0));
        self.p.strands.message_types.sends.insert(slot, ty);
        if let Some((declared, _)) = declared {
            if !self.p.types.is_unknown(ty) && !self.p.types.is_subtype(ty, declared) {
                let message = format!(
                    "incompatible types: the receive expects '{}', found '{}'",
                    self.p.types.display(declared),
                    self.p.types.display(ty)
                );
                self.error(codes::MESSAGE_TYPE, value.span, message);
            }
        }
    }

    /// `value ->> peer`: `()` or the receiver's failure.
    pub(crate) fn check_sync_send(
        &mut self,
        expr: &'a ast::Expr,
        value: &'a ast::Expr,
        peer: &ast::PeerWorker,
    ) -> TypeId {
        let key = self.key(expr.id);
        self.check_send_at(key, value, peer);
        self.p.types.union_of(&[TypeArena::NIL, TypeArena::ERROR])
    }

    /// `flush peer`: `()` or the receiver's failure.
    pub(crate) fn check_flush(
        &mut self,
        expr: &'a ast::Expr,
        peer: &Option<ast::PeerWorker>,
    ) -> TypeId {
        let Some(peer) = peer else {
            return self.message_passing_unsupported(expr.span);
        };
        if self
            .message_at(self.key(expr.id), peer, expr.span)
            .is_none()
        {
            return TypeArena::UNKNOWN;
        }
        self.p.types.union_of(&[TypeArena::NIL, TypeArena::ERROR])
    }

    /// `<- peer`: the send's type and the sender's errors (or the context's type when the
    /// send is not checked yet).
    pub(crate) fn check_receive(
        &mut self,
        expr: &'a ast::Expr,
        receive: &ast::Receive,
        expected: Option<TypeId>,
    ) -> TypeId {
        let key = self.key(expr.id);
        let peer = match receive {
            ast::Receive::Single(peer) => peer,
            ast::Receive::Alternate(peers) => {
                let infos = self.p.strands.alternates.get(&key).cloned();
                let (Some(infos), Some(first)) = (infos, peers.first()) else {
                    if let Some(first) = peers.first() {
                        self.message_at(key, first, expr.span);
                    }
                    return TypeArena::UNKNOWN;
                };
                // Each peer's message (the first that arrives wins), or an error.
                let mut types = Vec::with_capacity(infos.len());
                for info in infos {
                    types.push(self.receive_type(info, expected, expr.span));
                }
                if types.len() != peers.len() {
                    self.message_at(key, first, expr.span);
                    return TypeArena::UNKNOWN;
                }
                if types.iter().any(|&t| self.p.types.is_unknown(t)) {
                    return TypeArena::UNKNOWN;
                }
                return self.p.types.union_of(&types);
            }
            ast::Receive::Multiple(_) => return self.message_passing_unsupported(expr.span),
        };
        let Some(info) = self.message_at(key, peer, expr.span) else {
            return TypeArena::UNKNOWN;
        };
        self.receive_type(info, expected, expr.span)
    }

    /// The type of the message in `info`'s slot (see `check_receive`).
    fn receive_type(&mut self, info: MessageInfo, expected: Option<TypeId>, span: Span) -> TypeId {
        let slot = (info.group, info.from, info.to, info.slot);
        let errors = self
            .p
            .strands
            .message_types
            .sender_errors
            .get(&(info.group, info.from))
            .copied()
            .unwrap_or(TypeArena::NEVER);
        let errors = if self.p.strands.message_types.may_skip.contains(&slot) {
            match self.lang_module_type("error", "NoMessage", true) {
                Some(no_message) => self.p.types.union_of(&[errors, no_message]),
                None => self.p.types.union_of(&[errors, TypeArena::ERROR]),
            }
        } else {
            errors
        };
        if let Some(&sent) = self.p.strands.message_types.sends.get(&slot) {
            return self.p.types.union_of(&[sent, errors]);
        }
        let Some(expected) = expected.filter(|&e| !self.p.types.is_unknown(e)) else {
            self.error_help(
                codes::MESSAGE_TYPE_UNKNOWN,
                span,
                "the type of this receive is not known here: its send is in a worker declared later",
                "declare the type of the variable that receives the message",
            );
            return TypeArena::UNKNOWN;
        };
        if !self.p.types.is_subtype(errors, expected) {
            let message = format!(
                "incompatible types: expected '{}', found '{}' (the errors the sender can return)",
                self.p.types.display(expected),
                self.p.types.display(errors)
            );
            self.error(codes::MESSAGE_TYPE, span, message);
        }
        self.p
            .strands
            .message_types
            .receives
            .insert(slot, (expected, span));
        expected
    }
}
