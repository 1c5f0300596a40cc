//! Constant conditions for reachability: a condition that is a constant expression (`true`,
//! `1 > 2`, `DEBUG && !VERBOSE`) has a singleton type, so the branch it never takes is
//! unreachable code and a `while` whose condition is always true only ends by `break`.
//! The value comes from the constant evaluator of `consts.rs`, silently
//! (`ConstMode::Checked`): the condition was checked already.

use crate::checker::Checker;
use crate::model::*;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    /// The value of an already checked condition when it is a constant expression.
    pub(crate) fn constant_condition(&mut self, expr: &ast::Expr) -> Option<bool> {
        match self.checked_const_value(expr)? {
            ConstValue::Boolean(b) => Some(b),
            _ => None,
        }
    }
}
