//! The strand's transaction state (spec "Transactions"): a stack of transaction branches, each
//! begun by a `transaction` statement. The transaction manager is local to the program (no
//! distributed participants), so every branch is the initiating branch of its own global
//! transaction and Commit decides at once: commit, unless the branch was marked rollback-only.
//!
//! The state is one small struct reached only through [`Interpreter::transaction_state`], so
//! that it can move into a strand without touching its users. The lang library natives
//! (`langlib/transaction.rs`) implement the operations on it.

use super::Interpreter;
use crate::value::Value;

/// One active transaction branch.
#[derive(Debug)]
pub(crate) struct Branch {
    /// The id `beginTransaction` returned (unique per strand).
    pub id: i64,
    /// The `transaction:Info` record (immutable; built when the branch began).
    pub info: Value,
    /// `setRollbackOnly` was called: the error given, or `()` for none.
    pub rollback_only: Option<Value>,
    /// `setData`.
    pub data: Value,
    /// Registered `onCommit` and `onRollback` handlers, in registration order.
    pub commit_handlers: Vec<Value>,
    pub rollback_handlers: Vec<Value>,
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
            rollback_only: None,
            data: Value::Nil,
            commit_handlers: Vec::new(),
            rollback_handlers: Vec::new(),
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
