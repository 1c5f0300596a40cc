//! Per-function state: local variables, lexical scopes, closure frames and the flow state
//! (definite assignment, narrowing, reachability).

use crate::model::{ClassId, NodeKey, TypeId};
use intc_span::FileId;
use std::collections::HashMap;

/// Index into [`FnCtx::locals`].
pub(crate) type LocalId = usize;

#[derive(Clone, Debug)]
pub(crate) struct LocalVar {
    pub name: String,
    pub key: NodeKey,
    pub declared: TypeId,
    pub is_final: bool,
    pub is_param: bool,
    /// Set once a use before assignment was reported, to report each variable once.
    pub reported_unassigned: bool,
    /// Set by any assignment so far (in checking order): a use before every assignment reads a
    /// variable that is not initialized on any path.
    pub ever_assigned: bool,
}

/// A lambda, arrow function or object constructor being checked inside a function.
#[derive(Clone, Debug)]
pub(crate) struct ClosureFrame {
    pub key: NodeKey,
    /// Locals with an index below this belong to enclosing functions.
    pub first_local: LocalId,
    pub captures: Vec<NodeKey>,
    pub uses_self: bool,
    pub saved_loop_depth: u32,
    pub saved_ret: TypeId,
    pub saved_on_fail: u32,
    pub saved_tx: crate::transactions::TxScope,
}

/// What the flow analysis knows at a program point.
#[derive(Clone, Debug, Default)]
pub(crate) struct Flow {
    /// Definitely assigned locals (by index; locals declared later default to assigned).
    pub unassigned: Vec<LocalId>,
    /// Narrowed types of locals.
    pub narrowed: HashMap<LocalId, TypeId>,
    /// No execution reaches this point.
    pub unreachable: bool,
    /// A `commit` or `rollback` of the enclosing transaction statement may have run.
    pub tx_ended: bool,
    /// A `commit` or `rollback` of the enclosing transaction statement ran on every path.
    pub tx_done: bool,
}

impl Flow {
    /// The state after either of two branches ran.
    pub fn join(a: &Flow, b: &Flow, union: &mut dyn FnMut(TypeId, TypeId) -> TypeId) -> Flow {
        if a.unreachable {
            return b.clone();
        }
        if b.unreachable {
            return a.clone();
        }
        let mut unassigned = a.unassigned.clone();
        for &local in &b.unassigned {
            if !unassigned.contains(&local) {
                unassigned.push(local);
            }
        }
        let mut narrowed = HashMap::new();
        for (&local, &ta) in &a.narrowed {
            if let Some(&tb) = b.narrowed.get(&local) {
                narrowed.insert(local, if ta == tb { ta } else { union(ta, tb) });
            }
        }
        Flow {
            unassigned,
            narrowed,
            unreachable: false,
            tx_ended: a.tx_ended || b.tx_ended,
            tx_done: a.tx_done && b.tx_done,
        }
    }
}

/// Facts learnt from a condition: narrowed types when it is true and when it is false.
#[derive(Clone, Debug, Default)]
pub(crate) struct CondFacts {
    pub if_true: Vec<(LocalId, TypeId)>,
    pub if_false: Vec<(LocalId, TypeId)>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct FnCtx {
    pub file: FileId,
    pub locals: Vec<LocalVar>,
    /// Lexical scopes: names to locals, innermost last.
    pub scopes: Vec<Vec<(String, LocalId)>>,
    pub flow: Flow,
    pub ret: TypeId,
    pub loop_depth: u32,
    /// Number of enclosing statements with an `on fail` clause.
    pub on_fail_depth: u32,
    /// The error types that can fail to each enclosing `on fail` clause, innermost last.
    pub fail_types: Vec<Vec<TypeId>>,
    /// Transaction statements and transactional scopes around the code being checked.
    pub tx: crate::transactions::TxScope,
    pub closures: Vec<ClosureFrame>,
    /// The class whose method is being checked (`self`).
    pub self_class: Option<ClassId>,
    pub self_type: Option<TypeId>,
    /// Checking the `init` method of `self_class`: the only place its `final` fields are set.
    pub in_class_init: bool,
    /// Names of the local variables whose initializer is being checked (`int x = x + 1;`).
    pub declaring: Vec<String>,
    /// Checking a module-level initialiser rather than a function body.
    pub in_module_init: bool,
    /// Checking a module variable's initializer (runs before the module's `init`).
    pub in_module_var_init: bool,
    pub active: bool,
    /// Checking an alternative of a match clause (`p1 | p2`): the first local of the clause
    /// and the first local of this alternative. The locals between them were declared by
    /// earlier alternatives, and declaring one of their names again is the same variable.
    pub alternatives: Option<(LocalId, LocalId)>,
    /// The block of the function body being checked: the only block whose statements may
    /// declare named workers (spec "Workers").
    pub worker_block: Option<intc_span::Span>,
    /// The locals that are named workers' names, each with where it was declared: the loop
    /// depth and the closure frame (`None`: the function body) of its declaration. A worker
    /// declared by a `fork` inside a loop or a closure is a fresh worker on each run of it, so
    /// one use per run is fine.
    pub worker_locals: HashMap<LocalId, (u32, Option<NodeKey>)>,
    /// Where each worker name was already used, per executing worker (`None`: the default
    /// worker; else the key of the named worker): a second use in one worker is an error.
    pub worker_uses: HashMap<(LocalId, Option<NodeKey>), intc_span::Span>,
}

impl FnCtx {
    pub fn lookup(&self, name: &str) -> Option<LocalId> {
        for scope in self.scopes.iter().rev() {
            for (n, id) in scope.iter().rev() {
                if n == name {
                    return Some(*id);
                }
            }
        }
        None
    }

    pub fn push_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    pub fn pop_scope(&mut self) {
        self.scopes.pop();
    }

    pub fn declare(&mut self, var: LocalVar, assigned: bool) -> LocalId {
        let id = self.locals.len();
        let name = var.name.clone();
        self.locals.push(var);
        if !assigned {
            self.flow.unassigned.push(id);
        }
        if let Some(scope) = self.scopes.last_mut() {
            scope.push((name, id));
        } else {
            self.scopes.push(vec![(name, id)]);
        }
        id
    }

    pub fn local_type(&self, id: LocalId) -> TypeId {
        if let Some(&t) = self.flow.narrowed.get(&id) {
            return t;
        }
        self.locals
            .get(id)
            .map(|l| l.declared)
            .unwrap_or(crate::model::TypeArena::UNKNOWN)
    }

    pub fn mark_assigned(&mut self, id: LocalId) {
        if let Some(local) = self.locals.get_mut(id) {
            local.ever_assigned = true;
        }
        self.flow.unassigned.retain(|&l| l != id);
        self.flow.narrowed.remove(&id);
    }
}
