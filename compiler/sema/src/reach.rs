//! Constant conditions for reachability: a condition that is a constant expression (`true`,
//! `1 > 2`, `DEBUG && !VERBOSE`) has a singleton type, so the branch it never takes is
//! unreachable code and a `while` whose condition is always true only ends by `break`.

use crate::checker::Checker;
use crate::consts::{fold_binary, parse_decimal, parse_float};
use crate::model::*;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    /// The value of an already checked condition when it is a constant expression.
    pub(crate) fn constant_condition(&self, expr: &ast::Expr) -> Option<bool> {
        match self.constant_value(expr, 0)? {
            ConstValue::Boolean(b) => Some(b),
            _ => None,
        }
    }

    /// The value of a constant expression made of literals, constants and operators, without
    /// reporting anything (the expression was checked already).
    fn constant_value(&self, expr: &ast::Expr, depth: u32) -> Option<ConstValue> {
        // Conditions nest no deeper than the parser's cap; this only bounds the walk.
        if depth > 256 {
            return None;
        }
        match &expr.kind {
            ast::ExprKind::Literal(lit) => Some(match lit {
                ast::Literal::Int(v) => ConstValue::Int(*v),
                ast::Literal::Float { text, suffix } => {
                    if *suffix == ast::FloatSuffix::Decimal {
                        ConstValue::Decimal(parse_decimal(text)?)
                    } else {
                        ConstValue::Float(parse_float(text)?)
                    }
                }
                ast::Literal::String(s) => ConstValue::String(s.clone()),
                ast::Literal::Boolean(b) => ConstValue::Boolean(*b),
                ast::Literal::Nil => ConstValue::Nil,
            }),
            ast::ExprKind::Group(inner) => self.constant_value(inner, depth + 1),
            ast::ExprKind::Unary {
                op: ast::UnaryOp::Not,
                operand,
            } => match self.constant_value(operand, depth + 1)? {
                ConstValue::Boolean(b) => Some(ConstValue::Boolean(!b)),
                _ => None,
            },
            ast::ExprKind::Unary {
                op: ast::UnaryOp::Neg,
                operand,
            } => match self.constant_value(operand, depth + 1)? {
                ConstValue::Int(i) => Some(ConstValue::Int(i.checked_neg()?)),
                ConstValue::Float(f) => Some(ConstValue::Float(-f)),
                _ => None,
            },
            ast::ExprKind::Binary { op, lhs, rhs } => {
                let a = self.constant_value(lhs, depth + 1)?;
                let b = self.constant_value(rhs, depth + 1)?;
                fold_binary(*op, &a, &b)
            }
            ast::ExprKind::Var { .. } => match self.p.resolutions.get(&self.key(expr.id))? {
                Resolution::Constant(id) => {
                    let constant = self.p.constants.get(id.index())?;
                    (constant.ty != TypeArena::UNKNOWN).then(|| constant.value.clone())
                }
                _ => None,
            },
            _ => None,
        }
    }
}
