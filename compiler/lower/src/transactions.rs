//! Transactions, lowered to ordinary control flow and calls of the transaction manager's
//! natives (`lang.transaction`'s non-public `beginTransaction`, `isCurrentTransaction`,
//! `commitTransaction`, `rollbackTransaction`, `isTransactional`); no IR instruction of
//! their own.
//!
//! `transaction { B }`:
//!
//! ```text
//!     id = beginTransaction(attempt)
//!     TrapBegin perr -> P          ; a panic in B rolls back, then continues
//!     B                            ; failures (check, fail) jump to F with the error
//!     TrapEnd
//!     if isCurrentTransaction(id) { rollbackTransaction((), false) }  ; no commit ran
//!     jump END
//! F:  TrapEnd
//!     if isCurrentTransaction(id) { rollbackTransaction(err, willRetry) }
//!     fail err (to the enclosing handler, or the retry loop)
//! P:  if isCurrentTransaction(id) { rollbackTransaction(perr, false) }
//!     panic perr
//! END:
//! ```
//!
//! `retry<T>(args) S` creates the manager once, then runs `S` again while a failure's
//! `shouldRetry` is true. For `retry transaction` the manager is asked before the rollback
//! (so that rollback handlers learn `willRetry`), and a block that failed after a successful
//! commit is not retried. Without a type parameter the retry manager is Ballerina's
//! `error:DefaultRetryManager` — retry an `error:Retriable` up to `count` (3) times — kept in
//! a register here, because the lang library holds no classes.

use crate::emit::{FailContext, FnLower};
use crate::ir;
use intc_syntax::ast;
use ir::{Cmp, Instruction, LangNative, Reg, Target};

/// A transaction statement being lowered.
pub(crate) struct TxLower {
    /// Set to `true` by a `commit` that succeeded (a failure after it is not retried).
    committed: Reg,
    /// The number of enclosing loops when the transaction began: a `break` or `continue` of
    /// one of those loops leaves the transaction's trap region.
    loop_depth: usize,
}

/// How a failed attempt decides whether to retry.
enum Manager {
    /// A retry manager object: `shouldRetry(e)` is called.
    Object(Reg),
    /// The default retry manager: the retries left.
    Default(Reg),
}

impl<'l, 'a> FnLower<'l, 'a> {
    /// `dst = native(args...)`.
    pub(crate) fn call_lang(&mut self, native: LangNative, args: &[Reg], dst: Reg) {
        let native = self.lw.builder.lang_native(native);
        let window = self.regs(args.len());
        for (i, &arg) in args.iter().enumerate() {
            self.emit(Instruction::Move {
                dst: Reg(window.start + i as u16),
                src: arg,
            });
        }
        self.emit(Instruction::CallNative {
            dst,
            native,
            args: window,
        });
    }

    /// The `commit` action.
    pub(crate) fn commit_action(&mut self, dst: Reg) {
        let error_type = self.reg();
        match self.lw.checked.transaction_error {
            Some(ty) => {
                let ty = self.lw.ir_type(ty);
                self.emit(Instruction::LoadTypedesc {
                    dst: error_type,
                    ty,
                });
            }
            None => self.unsupported("a `commit` without the type `transaction:Error`"),
        }
        self.call_lang(LangNative::TransactionCommitTransaction, &[error_type], dst);
        if let Some(committed) = self.transactions.last().map(|t| t.committed) {
            let failed = self.emit(Instruction::JumpIfNotNil {
                value: dst,
                target: 0,
            });
            self.emit(Instruction::LoadBool {
                dst: committed,
                value: true,
            });
            self.patch_here(&[failed]);
        }
    }

    /// The `transactional` expression.
    pub(crate) fn transactional_expr(&mut self, dst: Reg) {
        self.call_lang(LangNative::TransactionIsTransactional, &[], dst);
    }

    /// `rollback;` / `rollback e;`
    pub(crate) fn rollback_statement(&mut self, value: Option<&'a ast::Expr>) {
        let cause = match value {
            Some(e) => self.value(e),
            None => {
                let nil = self.reg();
                self.emit(Instruction::LoadNil { dst: nil });
                nil
            }
        };
        let no = self.reg();
        self.emit(Instruction::LoadBool {
            dst: no,
            value: false,
        });
        let ignored = self.reg();
        self.call_lang(
            LangNative::TransactionRollbackTransaction,
            &[cause, no],
            ignored,
        );
    }

    /// Before a `break` or `continue` of the innermost loop: end the trap regions of the
    /// transactions it leaves.
    pub(crate) fn leave_transactions_for_jump(&mut self) {
        let depth = self.loops.len();
        let count = self
            .transactions
            .iter()
            .filter(|t| t.loop_depth >= depth)
            .count();
        for _ in 0..count {
            self.emit(Instruction::TrapEnd);
        }
    }

    /// `transaction { } on fail ...`
    pub(crate) fn transaction_statement(
        &mut self,
        body: &'a ast::Block,
        on_fail: Option<&'a ast::OnFail>,
    ) {
        self.begin_on_fail(on_fail);
        let attempt = self.reg();
        self.emit(Instruction::LoadInt {
            dst: attempt,
            value: 0,
        });
        let parts = self.transaction_block(body, attempt);
        // F: roll back a transaction the block did not end, then fail on.
        self.rollback_if_current(parts.id, parts.error, false);
        self.fail_with(parts.error);
        self.patch_here(&[parts.normal_exit]);
        self.end_on_fail(on_fail);
    }

    /// `retry<T>(args) { }` and `retry<T>(args) transaction { }`.
    pub(crate) fn retry_statement(
        &mut self,
        manager: &'a ast::Expr,
        transaction: bool,
        body: &'a ast::Block,
        on_fail: Option<&'a ast::OnFail>,
    ) {
        self.begin_on_fail(on_fail);
        let manager = self.retry_manager(manager);
        let attempt = self.reg();
        self.emit(Instruction::LoadInt {
            dst: attempt,
            value: 0,
        });
        let start = self.here();
        let mut again = Vec::new();
        let normal_exit;
        let error;
        if transaction {
            let parts = self.transaction_block(body, attempt);
            normal_exit = parts.normal_exit;
            error = parts.error;
            // F: a still-current transaction is rolled back, telling its handlers whether
            // the manager will retry.
            let current = self.reg();
            self.call_lang(
                LangNative::TransactionIsCurrentTransaction,
                &[parts.id],
                current,
            );
            let not_current = self.emit(Instruction::JumpIfFalse {
                cond: current,
                target: 0,
            });
            let retry = self.should_retry(&manager, error);
            let ignored = self.reg();
            self.call_lang(
                LangNative::TransactionRollbackTransaction,
                &[error, retry],
                ignored,
            );
            again.push(self.emit(Instruction::JumpIfTrue {
                cond: retry,
                target: 0,
            }));
            let out = self.emit(Instruction::Jump { target: 0 });
            // The transaction ended: a block that failed after committing is not retried.
            self.patch_here(&[not_current]);
            let committed = self.emit(Instruction::JumpIfTrue {
                cond: parts.committed,
                target: 0,
            });
            let retry = self.should_retry(&manager, error);
            again.push(self.emit(Instruction::JumpIfTrue {
                cond: retry,
                target: 0,
            }));
            self.patch_here(&[out, committed]);
        } else {
            error = self.reg();
            self.fails.push(FailContext {
                error,
                jumps: Vec::new(),
                locks: self.locks,
            });
            self.block(body);
            let context = self.fails.pop();
            normal_exit = self.emit(Instruction::Jump { target: 0 });
            if let Some(context) = context {
                self.patch_here(&context.jumps);
            }
            let retry = self.should_retry(&manager, error);
            again.push(self.emit(Instruction::JumpIfTrue {
                cond: retry,
                target: 0,
            }));
        }
        self.fail_with(error);
        self.patch_here(&again);
        self.emit(Instruction::AddIntImm {
            dst: attempt,
            a: attempt,
            imm: 1,
        });
        let back = self.emit(Instruction::Jump { target: 0 });
        self.patch(back, start);
        self.patch_here(&[normal_exit]);
        self.end_on_fail(on_fail);
    }

    /// Creates the retry manager (`new T(args)`), or the default manager's retry count.
    fn retry_manager(&mut self, manager: &'a ast::Expr) -> Manager {
        let ast::ExprKind::New { class, args } = &manager.kind else {
            self.unsupported("a retry manager that is not a `new` expression");
            return Manager::Default(self.reg());
        };
        if class.is_some() {
            return Manager::Object(self.value(manager));
        }
        let count = self.reg();
        match args.first() {
            Some(ast::Arg::Positional(e) | ast::Arg::Named(_, e)) => self.value_into(e, count),
            _ => {
                self.emit(Instruction::LoadInt {
                    dst: count,
                    value: 3,
                });
            }
        }
        Manager::Default(count)
    }

    /// `manager.shouldRetry(error)` into a new register.
    fn should_retry(&mut self, manager: &Manager, error: Reg) -> Reg {
        let retry = self.reg();
        match *manager {
            Manager::Object(object) => {
                let window = self.regs(2);
                self.emit(Instruction::Move {
                    dst: Reg(window.start),
                    src: object,
                });
                self.emit(Instruction::Move {
                    dst: Reg(window.start + 1),
                    src: error,
                });
                let method = self.lw.builder.string_constant("shouldRetry");
                self.emit(Instruction::CallMethod {
                    dst: retry,
                    method,
                    args: window,
                    packed_rest: false,
                });
            }
            Manager::Default(count) => {
                // `e is error:Retriable && count > 0`, then `count -= 1`.
                let Some(retriable) = self.lw.checked.retriable_error else {
                    self.unsupported("a default retry manager without `error:Retriable`");
                    return retry;
                };
                let ty = self.lw.ir_type(retriable);
                self.emit(Instruction::TypeTest {
                    dst: retry,
                    value: error,
                    ty,
                });
                let no = self.emit(Instruction::JumpIfFalse {
                    cond: retry,
                    target: 0,
                });
                let exhausted = self.emit(Instruction::JumpIfCmpIntImm {
                    cmp: Cmp::Le,
                    a: count,
                    imm: 0,
                    target: 0,
                });
                self.emit(Instruction::AddIntImm {
                    dst: count,
                    a: count,
                    imm: -1,
                });
                let done = self.emit(Instruction::Jump { target: 0 });
                self.patch_here(&[exhausted]);
                self.emit(Instruction::LoadBool {
                    dst: retry,
                    value: false,
                });
                self.patch_here(&[no, done]);
            }
        }
        retry
    }

    /// Rolls back transaction `id` with `cause` if it is still the current one.
    fn rollback_if_current(&mut self, id: Reg, cause: Reg, will_retry: bool) {
        let current = self.reg();
        self.call_lang(LangNative::TransactionIsCurrentTransaction, &[id], current);
        let skip = self.emit(Instruction::JumpIfFalse {
            cond: current,
            target: 0,
        });
        let flag = self.reg();
        self.emit(Instruction::LoadBool {
            dst: flag,
            value: will_retry,
        });
        let ignored = self.reg();
        self.call_lang(
            LangNative::TransactionRollbackTransaction,
            &[cause, flag],
            ignored,
        );
        self.patch_here(&[skip]);
    }

    /// Begins a transaction and lowers its block (see the module documentation). Code
    /// emitted next runs when the block failed, with the error in `error` and the trap
    /// region already ended; `normal_exit` is the jump to patch past the statement.
    fn transaction_block(&mut self, body: &'a ast::Block, attempt: Reg) -> TxParts {
        let id = self.reg();
        self.call_lang(LangNative::TransactionBeginTransaction, &[attempt], id);
        let committed = self.reg();
        self.emit(Instruction::LoadBool {
            dst: committed,
            value: false,
        });
        let panic_error = self.reg();
        let trap = self.emit(Instruction::TrapBegin {
            dst: panic_error,
            handler: 0,
        });
        let error = self.reg();
        self.fails.push(FailContext {
            error,
            jumps: Vec::new(),
            locks: self.locks,
        });
        self.transactions.push(TxLower {
            committed,
            loop_depth: self.loops.len(),
        });
        self.block(body);
        self.transactions.pop();
        let context = self.fails.pop();
        self.emit(Instruction::TrapEnd);
        // A path without commit or rollback (the checker requires a commit somewhere).
        let nil = self.reg();
        self.emit(Instruction::LoadNil { dst: nil });
        self.rollback_if_current(id, nil, false);
        let normal_exit = self.emit(Instruction::Jump { target: 0 });
        // P: a panic rolls the transaction back and continues.
        self.patch_here(&[trap]);
        self.rollback_if_current(id, panic_error, false);
        self.emit(Instruction::Panic { value: panic_error });
        // F.
        if let Some(context) = context {
            self.patch_here(&context.jumps);
        }
        self.emit(Instruction::TrapEnd);
        TxParts {
            id,
            committed,
            error,
            normal_exit,
        }
    }
}

/// What `transaction_block` leaves to its caller.
struct TxParts {
    id: Reg,
    committed: Reg,
    error: Reg,
    normal_exit: Target,
}
