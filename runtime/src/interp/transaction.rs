//! The strand's transaction state (spec "Transactions"): a stack of transaction branches, each
//! begun by a `transaction` statement. The transaction manager is local to the program (no
//! distributed participants), so every branch is the initiating branch of its own global
//! transaction and Commit decides at once: commit, unless the branch was marked rollback-only.
//! A strand started in a transactional way joins the global transaction on a branch of its own
//! (`Branch::join`).
//!
//! The state is one small struct reached only through [`Interpreter::transaction_state`], so
//! that it can move into a strand without touching its users. The lang library natives
//! (`langlib/transaction.rs`) implement the operations on it.

use super::Interpreter;
use crate::value::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// One active transaction branch.
#[derive(Debug)]
pub(crate) struct Branch {
    /// The id `beginTransaction` returned (unique per strand).
    pub id: i64,
    /// The `transaction:Info` record (immutable; built when the transaction began, shared by
    /// the branches that joined it).
    pub info: Value,
    /// `setData` (per branch).
    pub data: Value,
    /// What belongs to the global transaction, shared with the branches that joined it.
    pub global: Rc<RefCell<Global>>,
}

/// The state of a global transaction: its initiating branch (a `transaction` statement) and
/// the branches of the strands that joined it (a `transactional` named worker or a `start`ed
/// `transactional` function, spec "Transactions") all see it, so handlers registered and
/// `setRollbackOnly` called on a joined branch count for the initiating branch's Commit.
#[derive(Debug, Default)]
pub(crate) struct Global {
    /// `setRollbackOnly` was called: the error given, or `()` for none.
    pub rollback_only: Option<Value>,
    /// Registered `onCommit` and `onRollback` handlers, in registration order.
    pub commit_handlers: Vec<Value>,
    pub rollback_handlers: Vec<Value>,
}

impl Branch {
    /// A new branch of this branch's global transaction, for a strand joining it.
    pub(crate) fn join(&self, id: i64) -> Branch {
        Branch {
            id,
            info: self.info.clone(),
            data: Value::Nil,
            global: self.global.clone(),
        }
    }
}

/// The transaction stack of a strand.
#[derive(Debug, Default)]
pub(crate) struct TransactionState {
    /// Active branches, innermost (current) last.
    pub stack: Vec<Branch>,
    /// The `Info` of the transaction that ended last (the previous attempt of a retry).
    pub last_info: Option<Value>,
    /// The last id given out.
    pub last_id: i64,
}

impl TransactionState {
    /// The current transaction branch (`None` outside transaction mode).
    pub(crate) fn current(&mut self) -> Option<&mut Branch> {
        self.stack.last_mut()
    }

    /// Whether the strand is in transaction mode.
    pub(crate) fn in_transaction(&self) -> bool {
        !self.stack.is_empty()
    }

    /// Removes the current branch (Commit and Rollback end it), remembering its `Info` for a
    /// retry.
    pub(crate) fn pop(&mut self) -> Option<Branch> {
        let branch = self.stack.pop()?;
        self.last_info = Some(branch.info.clone());
        Some(branch)
    }
}

impl TransactionState {
    /// The state of a new strand started by this one: when the started function or named
    /// worker is `transactional` and this strand is in transaction mode, a branch joined to
    /// the current global transaction (checked statically: a transactional function is
    /// started only in a transactional scope).
    pub(crate) fn for_started(&self, transactional: bool) -> TransactionState {
        let mut state = TransactionState::default();
        if let (true, Some(current)) = (transactional, self.stack.last()) {
            state.last_id = 1;
            state.stack.push(current.join(1));
        }
        state
    }
}

impl Interpreter {
    /// The transaction state of the running strand.
    pub(crate) fn transaction_state(&mut self) -> &mut TransactionState {
        &mut self.strand.transactions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branch(id: i64) -> Branch {
        Branch {
            id,
            info: Value::Int(id),
            data: Value::Nil,
            global: Rc::default(),
        }
    }

    #[test]
    fn the_stack_tracks_transaction_mode_and_the_last_info() {
        let mut state = TransactionState::default();
        assert!(!state.in_transaction());
        assert!(state.current().is_none());
        state.stack.push(branch(1));
        state.stack.push(branch(2));
        assert!(state.in_transaction());
        assert_eq!(state.current().map(|b| b.id), Some(2));
        assert_eq!(state.pop().map(|b| b.id), Some(2));
        assert!(matches!(state.last_info, Some(Value::Int(2))));
        assert_eq!(state.pop().map(|b| b.id), Some(1));
        assert!(matches!(state.last_info, Some(Value::Int(1))));
        assert!(!state.in_transaction());
        assert!(state.pop().is_none());
        assert!(matches!(state.last_info, Some(Value::Int(1))));
    }
}
