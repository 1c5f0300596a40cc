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
}
