//! The syntax of named workers and their message passing (spec "Named workers", "Worker
//! message passing", "Wait action").

use super::{Annotation, Block, Expr, Ident, NodeId, OnFail, TypeDesc};
use intc_span::Span;

/// A field of a multiple wait action.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitField {
    pub name: Ident,
    pub future: Expr,
    pub span: Span,
}

/// The worker at the other end of a send, receive or flush: a named worker, or `function`
/// (the function's default worker) when `name` is `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct PeerWorker {
    pub name: Option<Ident>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Receive {
    /// `<- w`
    Single(PeerWorker),
    /// `<- w1 | w2`
    Alternate(Vec<PeerWorker>),
    /// `<- {a: w1, w2}` (the shorthand `w2` names its field `w2`; `function` is not allowed
    /// without a field name).
    Multiple(Vec<(Ident, PeerWorker)>),
}

/// `[annots] worker name [returns T] { ... } [on fail ...]`: a named worker of
/// a function body or of a fork statement. `id` keys the worker's tables in later stages.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerDecl {
    pub id: NodeId,
    pub annots: Vec<Annotation>,
    /// `transactional worker ...`.
    pub transactional: bool,
    pub name: Ident,
    /// `None` when there is no `returns` clause (the worker returns `()`).
    pub return_type: Option<TypeDesc>,
    pub body: Block,
    pub on_fail: Option<OnFail>,
    pub span: Span,
}
