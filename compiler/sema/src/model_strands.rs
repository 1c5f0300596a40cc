//! What the checker records about strands for lowering: named workers (of function bodies and
//! fork statements) and the operands of `wait`.

use crate::model::{NodeKey, TypeId};
use std::collections::{HashMap, HashSet};

/// A named worker, keyed in [`StrandTables::workers`] by its declaration's node
/// (`WorkerDecl::id`). Its captures are in `CheckedProgram::captures` under the same key, and
/// its name is a local declared under that key (of type `future<ret>`).
#[derive(Clone, Debug)]
pub struct WorkerInfo {
    pub name: String,
    /// The declared return type (`()` without a `returns` clause).
    pub ret: TypeId,
    /// `future<ret>`: the type of the worker's name.
    pub future: TypeId,
}

#[derive(Clone, Debug, Default)]
pub struct StrandTables {
    pub workers: HashMap<NodeKey, WorkerInfo>,
    /// `Var` expressions that name a named worker (their eventual type in a `wait` is the
    /// worker's return type, without `error`).
    pub worker_refs: HashSet<NodeKey>,
    /// Function bodies whose workers pass messages, by the key of the run's first worker
    /// declaration: the number of members (the default worker and the named workers).
    pub groups: HashMap<NodeKey, u16>,
    /// A named worker's member index in its group (1.., in declaration order).
    pub worker_members: HashMap<NodeKey, u16>,
    pub messages: HashMap<NodeKey, MessageInfo>,
    /// Alternate and multiple receives (`<- a | b`, `<- {a, b}`), keyed by the receive: one
    /// slot per peer, in order; and flushes without a peer (`flush;`): one flush per queue of
    /// the member that has sends before it.
    pub alternates: HashMap<NodeKey, Vec<MessageInfo>>,
    /// Fork statements whose workers pass messages (by the key of the first worker): their
    /// groups have no default-worker member (the fork's workers are members 0..n).
    pub fork_groups: HashSet<NodeKey>,
    /// The queue updates after a worker's top-level statement that holds conditional sends,
    /// keyed by that statement's span: `(from, to, upto)` (`WorkerSkip`).
    pub skips: HashMap<intc_span::Span, Vec<(u16, u16, u16)>>,
    /// The queue updates at the start of a branch (an `else` block, the block of an `else
    /// if`, a later `match` clause's block; keyed by the block's span) for the conditional
    /// sends of the earlier branches, which will not run (spec: a queue update before any
    /// statement that may yield; this is the first point such a statement can follow).
    pub branch_skips: HashMap<intc_span::Span, Vec<(u16, u16, u16)>>,
    /// What a member waits for before it terminates successfully (spec: until each receiver
    /// read what was sent to it, or terminated), by `(group, member)`: `(to, sends)` per
    /// queue the member sends on.
    pub final_flushes: HashMap<(NodeKey, u16), Vec<(u16, u16)>>,
    /// Message actions where the compiler cannot translate them, and why (reported when
    /// checked).
    pub misplaced: HashMap<NodeKey, Misplaced>,
    pub message_types: MessageTypes,
    /// Message actions whose peer is the worker itself (reported when checked).
    pub self_messages: HashSet<NodeKey>,
}

/// Why a message action is not compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Misplaced {
    /// A receive (or flush) inside an `if`, `match`, ... (spec: only sends may be conditional).
    ConditionalReceive,
    /// A send or flush in an `on fail` clause (of the worker or of one of its statements).
    OnFail,
    /// A receive in an `on fail` clause: conditional, which only sends may be.
    OnFailReceive,
    /// A named worker of the function sent to or received from by a fork's worker (or the
    /// default worker, `function`): not a peer.
    NotPeer,
}

/// A send, receive or flush at a position the checker compiled (keyed in
/// [`StrandTables::messages`] by the send's value expression for `v -> w;`, else by the
/// receive / sync send / flush expression): members of the channel group of the function
/// body whose workers start at `group`.
#[derive(Clone, Copy, Debug)]
pub struct MessageInfo {
    /// The key of the first worker declaration of the run (see `StrandTables::groups`).
    pub group: NodeKey,
    pub from: u16,
    pub to: u16,
    /// The send's or receive's slot of queue `from -> to`; for a flush (and the flush of a
    /// sync send, `slot + 1`) the number of sends before it.
    pub slot: u16,
}

/// The checker's types for message passing (a receive may be checked before its send).
#[derive(Clone, Debug, Default)]
pub struct MessageTypes {
    /// `(group, from, to, slot)` → the send's expression type.
    pub sends: HashMap<(NodeKey, u16, u16, u16), TypeId>,
    /// `(group, from, to, slot)` → a receive's type checked before its send, and where.
    pub receives: HashMap<(NodeKey, u16, u16, u16), (TypeId, intc_span::Span)>,
    /// Sends after a statement of the sender that may return (an `if`, a loop, ...): the
    /// receive may find the sender gone without sending, so its type has `error:NoMessage`.
    pub may_skip: std::collections::HashSet<(NodeKey, u16, u16, u16)>,
    /// `(group, member)` → the error part of the member's return type.
    pub sender_errors: HashMap<(NodeKey, u16), TypeId>,
}
