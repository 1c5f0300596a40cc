//! Worker message passing (spec "Worker message passing"): the sends, receives and flushes
//! between the default worker and the named workers of one function body, or between the
//! workers of one `fork` statement.
//!
//! When a run of workers is checked, a syntactic pass over each member's statements (the
//! named workers' bodies, the default worker's statements after the run) finds the message
//! actions the compiler translates: those that are a statement, a variable's initializer,
//! an assigned, compound-assigned or returned value, a `match` target or a `foreach`
//! collection (the spec's action-or-expr positions, also under `check`, `checkpanic`, `trap`,
//! a type cast or parentheses), in the member's body or in the blocks of its `if`, `match`,
//! `do`, `lock` and plain block statements. An action nested inside an expression is an error
//! (spec "Actions", E0513); a receive in an `on fail` clause is conditional (E0511). The
//! statements of a worker's own `on fail` clause follow its body, every send there
//! conditional; a `do`'s or `match`'s clause is a branch after its body, like an `else`; a
//! send in the `on fail` clause of a loop, `transaction` or `retry` is not translated yet
//! (E0505). The n-th send from `a` to `b` in
//! textual order pairs with the n-th receive in `b` from `a` (slot n of queue `a -> b`);
//! [`MessageInfo`] records each. A send in such a block is conditional: after the member's
//! top-level statement holding it, the queue is updated past it (`StrandTables::skips`), and
//! its receive's type has `error:NoMessage`; a receive may not be conditional (E0511).
//! Anything else is reported when checked.
//!
//! A receive's type is its send's expression type plus the error part of the sender's return
//! type (a sender that fails before sending gives its error to the receive). Workers are
//! checked in declaration order, so a receive can come before its send: it then takes its
//! type from the context (`int x = <- w;`), and the send is checked against it.

use crate::checker::Checker;
use crate::messages_syntax::{action_expr, collect, on_fail_blocks, returns, Action};
use crate::model::*;
use crate::model_strands::{MessageInfo, Misplaced};
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;
use std::collections::{BTreeMap, HashMap};

/// The queue updates of member `me` for the queues in `updated`: past every send so far.
fn queue_updates(
    me: u16,
    updated: &[u16],
    sends: &BTreeMap<(u16, u16), Vec<Span>>,
) -> Vec<(u16, u16, u16)> {
    updated
        .iter()
        .map(|&to| (me, to, sends.get(&(me, to)).map_or(0, Vec::len) as u16))
        .collect()
}

/// One member of a run of workers for the syntactic pass: its index, statements, and
/// whether it has an `on fail` clause (whose statements follow).
struct Member<'a> {
    index: u16,
    stmts: &'a [ast::Stmt],
    on_fail: Option<&'a ast::Block>,
}

impl<'a> Checker<'a> {
    /// The syntactic pass over a run of workers: a function body's (with `rest`, the default
    /// worker's statements after them; the default worker is member 0) or a fork's (`None`:
    /// the fork's workers are members 0.., and `function` is no peer of theirs).
    pub(crate) fn number_messages(
        &mut self,
        workers: &[&'a ast::WorkerDecl],
        rest: Option<&'a [ast::Stmt]>,
    ) {
        let Some(first) = workers.first() else {
            return;
        };
        let group = self.key(first.id);
        let fork = rest.is_none();
        let base = u16::from(!fork);
        let names: HashMap<&str, u16> = workers
            .iter()
            .enumerate()
            .map(|(i, w)| (w.name.name.as_str(), i as u16 + base))
            .collect();
        let mut members: Vec<Member<'a>> = Vec::new();
        if let Some(rest) = rest {
            members.push(Member {
                index: 0,
                stmts: rest,
                on_fail: None,
            });
        }
        for (i, worker) in workers.iter().enumerate() {
            members.push(Member {
                index: i as u16 + base,
                stmts: &worker.body.stmts,
                on_fail: worker.on_fail.as_ref().map(|o| &o.body),
            });
        }
        let mut sends: BTreeMap<(u16, u16), Vec<Span>> = BTreeMap::new();
        let mut receives: BTreeMap<(u16, u16), Vec<Span>> = BTreeMap::new();
        let mut found = Vec::new();
        let mut flush_all = Vec::new();
        let mut skippable = Vec::new();
        for member in &members {
            let me = member.index;
            // `on fail` clauses: the worker's own (spec "Named workers": `worker X { Y } on
            // fail Z` is `worker X { do { Y } on fail Z }`) and those of its statements.
            // The worker's own clause is numbered below, after its body; the clauses of its
            // statements are not translated yet.
            let mut on_fails: Vec<&ast::Block> = Vec::new();
            for stmt in member
                .stmts
                .iter()
                .chain(member.on_fail.map_or(&[][..], |b| &b.stmts))
            {
                on_fail_blocks(stmt, &mut on_fails);
            }
            let mut inside = Vec::new();
            for on_fail in on_fails {
                for stmt in &on_fail.stmts {
                    collect(stmt, true, &mut inside, &mut Vec::new());
                }
            }
            for (action, _) in inside {
                let key = self.key(action_expr(action).id);
                let why = match action {
                    Action::Receive(..) => Misplaced::OnFailReceive,
                    _ => Misplaced::OnFail,
                };
                self.p.strands.misplaced.insert(key, why);
            }
            let mut may_exit = false;
            let on_fail_stmts = member.on_fail.map_or(&[][..], |b| &b.stmts);
            for (position, stmt) in member.stmts.iter().chain(on_fail_stmts).enumerate() {
                // The worker's `on fail` clause runs only when its body failed: every action
                // there is conditional (only sends may be), and entering it moves each queue
                // past the body's sends that will not run now.
                let in_on_fail = position >= member.stmts.len();
                if position == member.stmts.len() {
                    if let Some(on_fail) = member.on_fail {
                        let all: Vec<u16> = sends
                            .range((me, 0)..=(me, u16::MAX))
                            .map(|(&(_, to), _)| to)
                            .collect();
                        if !all.is_empty() {
                            let skips = queue_updates(me, &all, &sends);
                            self.p.strands.branch_skips.insert(on_fail.span, skips);
                        }
                    }
                }
                let exits_before = may_exit || in_on_fail;
                // A sender that returns (or, with an `on fail` clause, fails into it and
                // ends) before a send leaves its slot empty; errors it returns are in its
                // return type already.
                may_exit |= returns(stmt)
                    || (member.on_fail.is_some()
                        && !matches!(stmt.kind, ast::StmtKind::Send { .. }));
                let mut stmt_actions = Vec::new();
                let mut branches = Vec::new();
                collect(stmt, in_on_fail, &mut stmt_actions, &mut branches);
                let mut updated: Vec<u16> = Vec::new();
                let mut branch_at = 0;
                for (index, (action, conditional)) in stmt_actions.into_iter().enumerate() {
                    while let Some(&(_, span)) =
                        branches.get(branch_at).filter(|(at, _)| *at <= index)
                    {
                        if !updated.is_empty() {
                            let skips = queue_updates(me, &updated, &sends);
                            self.p.strands.branch_skips.insert(span, skips);
                        }
                        branch_at += 1;
                    }
                    let expr = action_expr(action);
                    let key = self.key(expr.id);
                    let peer = match action {
                        Action::Send(_, p)
                        | Action::Receive(_, p)
                        | Action::SyncSend(_, p)
                        | Action::Flush(_, p) => Some(p),
                        Action::FlushAll(_) => None,
                    };
                    let Some(peer) = peer else {
                        // `flush;`: one flush per queue with sends before it.
                        flush_all.push(key);
                        for (&(from, to), list) in sends.range((me, 0)..=(me, u16::MAX)) {
                            if from == me {
                                found.push((key, from, to, list.len() as u16, true));
                            }
                        }
                        continue;
                    };
                    let other = match &peer.name {
                        None if fork => None,
                        None => Some(0),
                        Some(name) => names.get(name.name.as_str()).copied(),
                    };
                    // An unknown peer is reported when the action is checked (`function`
                    // and the function's named workers are no peers of a fork's workers).
                    let Some(other) = other else {
                        if fork {
                            self.p.strands.misplaced.insert(key, Misplaced::NotPeer);
                        }
                        continue;
                    };
                    if other == me {
                        self.p.strands.self_messages.insert(key);
                        continue;
                    }
                    let is_receive = matches!(action, Action::Receive(..));
                    if conditional && is_receive {
                        let why = if in_on_fail {
                            Misplaced::OnFailReceive
                        } else {
                            Misplaced::ConditionalReceive
                        };
                        self.p.strands.misplaced.insert(key, why);
                        continue;
                    }
                    let slot = match action {
                        Action::Send(..) | Action::SyncSend(..) => {
                            let list = sends.entry((me, other)).or_default();
                            list.push(expr.span);
                            if exits_before || conditional {
                                skippable.push((group, me, other, list.len() as u16 - 1));
                            }
                            if conditional && !updated.contains(&other) {
                                updated.push(other);
                            }
                            list.len() - 1
                        }
                        Action::Receive(..) => {
                            let list = receives.entry((other, me)).or_default();
                            list.push(expr.span);
                            list.len() - 1
                        }
                        Action::Flush(..) | Action::FlushAll(_) => {
                            sends.get(&(me, other)).map_or(0, Vec::len)
                        }
                    };
                    let (from, to) = if is_receive { (other, me) } else { (me, other) };
                    let multi = matches!(
                        expr.kind,
                        ast::ExprKind::Receive(
                            ast::Receive::Alternate(_) | ast::Receive::Multiple(_)
                        )
                    );
                    found.push((key, from, to, slot as u16, multi));
                }
                for &(_, span) in branches.get(branch_at..).unwrap_or_default() {
                    if !updated.is_empty() {
                        let skips = queue_updates(me, &updated, &sends);
                        self.p.strands.branch_skips.insert(span, skips);
                    }
                }
                // After a statement with conditional sends, the queue update for those that
                // did not run (the first point where every path through it has joined).
                if !updated.is_empty() {
                    let skips = queue_updates(me, &updated, &sends);
                    self.p.strands.skips.insert(stmt.span, skips);
                }
            }
        }
        for key in flush_all {
            self.p.strands.alternates.entry(key).or_default();
        }
        if found.is_empty() && sends.is_empty() {
            return;
        }
        for (key, from, to, slot, multi) in found {
            let info = MessageInfo {
                group,
                from,
                to,
                slot,
            };
            if multi {
                self.p.strands.alternates.entry(key).or_default().push(info);
            } else {
                self.p.strands.messages.insert(key, info);
            }
        }
        self.p.strands.message_types.may_skip.extend(skippable);
        for (&(from, to), list) in &sends {
            self.p
                .strands
                .final_flushes
                .entry((group, from))
                .or_default()
                .push((to, list.len() as u16));
        }
        let name_of = |m: u16| -> String {
            match m.checked_sub(base) {
                None => "function".to_string(),
                Some(i) => workers
                    .get(i as usize)
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
            .insert(group, workers.len() as u16 + base);
        if fork {
            self.p.strands.fork_groups.insert(group);
        } else {
            let default_errors = self.p.types.error_part(self.fx.ret);
            let errors = &mut self.p.strands.message_types.sender_errors;
            errors.insert((group, 0), default_errors);
        }
        let worker_rets: Vec<(u16, TypeId)> = workers
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let key = self.key(w.id);
                self.p.strands.worker_members.insert(key, i as u16 + base);
                self.p
                    .strands
                    .workers
                    .get(&key)
                    .map(|info| (i as u16 + base, info.ret))
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
        let misplaced = self.p.strands.misplaced.get(&key).copied();
        if self.p.strands.self_messages.contains(&key) {
            self.error(
                codes::MESSAGE_PEER,
                peer.span,
                "a worker cannot send messages to itself or receive from itself",
            );
        } else if misplaced == Some(Misplaced::NotPeer) && is_worker {
            self.error_help(
                codes::MESSAGE_PEER,
                peer.span,
                "the workers of a fork statement pass messages only among themselves",
                "send to or receive from another worker of the same fork",
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
        } else if misplaced == Some(Misplaced::ConditionalReceive) {
            self.error_help(
                codes::MESSAGE_CONDITIONAL_RECEIVE,
                span,
                "a receive may not be conditional: only sends may be inside 'if', 'match' or 'do ... on fail'",
                "receive unconditionally: the receive gets 'error:NoMessage' when the send did not run",
            );
        } else if misplaced == Some(Misplaced::OnFailReceive) {
            self.error_help(
                codes::MESSAGE_CONDITIONAL_RECEIVE,
                span,
                "a receive may not be in an 'on fail' clause: it may not run, and the spec allows only sends to be conditional (\"Worker message passing\"; a worker's 'on fail' is that of a 'do' around its body)",
                "receive before the statements that can fail, or send the result to a worker that receives unconditionally",
            );
        } else if misplaced == Some(Misplaced::OnFail) {
            self.error_help(
                codes::MESSAGE_PASSING,
                span,
                "a send or flush in an 'on fail' clause is not supported yet",
                "send from the worker's body, or return the value and 'wait' for the worker",
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
            // `flush;`: one flush per queue with sends before it (none: `()`).
            if self.p.strands.alternates.contains_key(&self.key(expr.id)) {
                return self.p.types.union_of(&[TypeArena::NIL, TypeArena::ERROR]);
            }
            let in_closure = self
                .fx
                .closures
                .last()
                .is_some_and(|f| !self.p.strands.workers.contains_key(&f.key));
            if self.fx.loop_depth > 0 || in_closure {
                self.error_help(
                    codes::MESSAGE_REPEATED,
                    expr.span,
                    "a send, receive or flush may not be where it could run more than once (in a loop or a function)",
                    "move it out of the loop or function",
                );
                return TypeArena::UNKNOWN;
            }
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
                // Each peer's message (the first that arrives wins), or an error;
                // `error:NoMessage` only when every slot may stay empty (the spec's
                // intersection of the slots' no-message types).
                let no_message = infos.iter().all(|&info| self.may_skip(info));
                let mut types = Vec::with_capacity(infos.len());
                for info in infos {
                    types.push(self.receive_type(info, no_message, expected, expr.span));
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
            ast::Receive::Multiple(fields) => {
                return self.check_multiple_receive(expr, fields, expected)
            }
        };
        let Some(info) = self.message_at(key, peer, expr.span) else {
            return TypeArena::UNKNOWN;
        };
        let no_message = self.may_skip(info);
        self.receive_type(info, no_message, expected, expr.span)
    }

    /// Whether the slot of `info` may stay empty while its queue moves past it.
    fn may_skip(&self, info: MessageInfo) -> bool {
        let slot = (info.group, info.from, info.to, info.slot);
        self.p.strands.message_types.may_skip.contains(&slot)
    }

    /// The type of the message in `info`'s slot (see `check_receive`), with `error:NoMessage`
    /// when `no_message`.
    fn receive_type(
        &mut self,
        info: MessageInfo,
        no_message: bool,
        expected: Option<TypeId>,
        span: Span,
    ) -> TypeId {
        let slot = (info.group, info.from, info.to, info.slot);
        let errors = self
            .p
            .strands
            .message_types
            .sender_errors
            .get(&(info.group, info.from))
            .copied()
            .unwrap_or(TypeArena::NEVER);
        let errors = if no_message {
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

    /// `<- {a: w1, w2}`: a record of each slot's type (message, `error:NoMessage`, the
    /// sender's errors: each field receives its own error, as jBallerina does), or the
    /// expected mapping type when the record fits it.
    fn check_multiple_receive(
        &mut self,
        expr: &'a ast::Expr,
        fields: &[(ast::Ident, ast::PeerWorker)],
        expected: Option<TypeId>,
    ) -> TypeId {
        let key = self.key(expr.id);
        if fields.is_empty() {
            self.error(
                codes::MESSAGE_MULTIPLE_RECEIVE,
                expr.span,
                "a multiple receive needs at least one field",
            );
            return TypeArena::UNKNOWN;
        }
        let infos = self
            .p
            .strands
            .alternates
            .get(&key)
            .cloned()
            .unwrap_or_default();
        if infos.len() != fields.len() {
            if let Some((_, first)) = fields.first() {
                // Reports why (the first peer that is not numbered).
                let bad = fields
                    .iter()
                    .map(|(_, p)| p)
                    .find(|p| {
                        p.name.is_none()
                            || !self.fx.worker_locals.keys().any(|w| {
                                Some(&self.fx.locals[*w].name) == p.name.as_ref().map(|n| &n.name)
                            })
                    })
                    .unwrap_or(first);
                self.message_at(key, bad, expr.span);
            }
            return TypeArena::UNKNOWN;
        }
        let mut record_fields: Vec<RecordField> = Vec::with_capacity(fields.len());
        let mut unknown = false;
        for ((name, _), info) in fields.iter().zip(infos) {
            let field_expected = expected.and_then(|e| self.expected_field_type(e, &name.name));
            let no_message = self.may_skip(info);
            let ty = self.receive_type(info, no_message, field_expected, expr.span);
            unknown |= self.p.types.is_unknown(ty);
            if record_fields.iter().any(|f| f.name == name.name) {
                let message = format!("duplicate field '{}' in the multiple receive", name.name);
                self.error(codes::MESSAGE_MULTIPLE_RECEIVE, name.span, message);
                continue;
            }
            record_fields.push(RecordField {
                name: name.name.clone(),
                ty,
                optional: false,
                readonly: false,
                default: None,
            });
        }
        if unknown {
            return TypeArena::UNKNOWN;
        }
        let record = self.p.types.add(Type::Record(RecordType {
            fields: record_fields,
            rest: None,
        }));
        let Some(expected) = expected.filter(|&e| !self.p.types.is_unknown(e)) else {
            return record;
        };
        self.mapping_result(record, expected, codes::MESSAGE_TYPE, expr.span)
    }

    /// The type a mapping of type `expected` gives field `name` (the first mapping member
    /// that has it), the contextual type of that field's receive.
    fn expected_field_type(&self, expected: TypeId, name: &str) -> Option<TypeId> {
        self.p
            .types
            .members(expected)
            .into_iter()
            .find_map(|m| match self.p.types.get(m) {
                Type::Map(t) => Some(*t),
                Type::Record(r) => r
                    .fields
                    .iter()
                    .find(|f| f.name == name)
                    .map(|f| f.ty)
                    .or(r.rest),
                _ => None,
            })
    }
}
