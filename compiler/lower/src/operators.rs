//! Operators: typed fast opcodes when both operands are statically int (or float), generic
//! opcodes otherwise, short-circuit logic, and conditions fused into compare-and-branch.

use crate::emit::FnLower;
use crate::expr::{strip_groups, NumClass};
use crate::ir;
use crate::literals::{parse_decimal, parse_float};
use intc_sema::LiteralKind;
use intc_syntax::ast;
use ir::{Cmp, Instruction, Reg, Target};

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn unary(
        &mut self,
        expr: &'a ast::Expr,
        op: ast::UnaryOp,
        operand: &'a ast::Expr,
        dst: Reg,
    ) {
        if op == ast::UnaryOp::Neg {
            if let ast::ExprKind::Literal(literal) = &strip_groups(operand).kind {
                if self.negative_literal(expr, operand, literal, dst) {
                    return;
                }
            }
        }
        if op == ast::UnaryOp::Plus {
            self.value_into(operand, dst);
            return;
        }
        let class = self.num_class(operand);
        let a = self.value(operand);
        match (op, class) {
            (ast::UnaryOp::Neg, NumClass::Int) => {
                self.emit(Instruction::NegInt { dst, a });
            }
            (ast::UnaryOp::Neg, NumClass::Float) => {
                self.emit(Instruction::NegFloat { dst, a });
            }
            _ => {
                let op = match op {
                    ast::UnaryOp::Neg => ir::UnaryOp::Neg,
                    ast::UnaryOp::Plus => ir::UnaryOp::Plus,
                    ast::UnaryOp::Not => ir::UnaryOp::Not,
                    ast::UnaryOp::BitNot => ir::UnaryOp::BitNot,
                };
                self.emit(Instruction::Unary { dst, op, a });
            }
        }
    }

    /// `-literal` folded to one constant (so `-9223372036854775808` style values and
    /// float/decimal contexts are exact). Returns false when not applicable.
    fn negative_literal(
        &mut self,
        expr: &ast::Expr,
        operand: &ast::Expr,
        literal: &ast::Literal,
        dst: Reg,
    ) -> bool {
        let outer = self.key(expr.id);
        let inner = self.key(strip_groups(operand).id);
        let kinds = &self.lw.checked.literal_kinds;
        let kind = kinds.get(&inner).or_else(|| kinds.get(&outer)).copied();
        match literal {
            ast::Literal::Int(value) => match kind {
                Some(LiteralKind::Float) => {
                    self.emit(Instruction::LoadFloat {
                        dst,
                        value: -(*value as f64),
                    });
                }
                Some(LiteralKind::Decimal) => {
                    self.load_decimal(dst, -ir::Decimal::from(*value));
                }
                _ => {
                    self.emit(Instruction::LoadInt {
                        dst,
                        value: value.wrapping_neg(),
                    });
                }
            },
            ast::Literal::Float { text, suffix } => {
                let decimal = match suffix {
                    ast::FloatSuffix::Decimal => true,
                    ast::FloatSuffix::Float => false,
                    ast::FloatSuffix::None => kind == Some(LiteralKind::Decimal),
                };
                if decimal {
                    match parse_decimal(text) {
                        Some(value) => self.load_decimal(dst, -value),
                        None => return false,
                    }
                } else {
                    match parse_float(text) {
                        Some(value) => {
                            self.emit(Instruction::LoadFloat { dst, value: -value });
                        }
                        None => return false,
                    }
                }
            }
            _ => return false,
        }
        true
    }

    pub(crate) fn binary(
        &mut self,
        op: ast::BinaryOp,
        lhs: &'a ast::Expr,
        rhs: &'a ast::Expr,
        dst: Reg,
    ) {
        use ast::BinaryOp as B;
        let fresh = std::mem::take(&mut self.dst_is_fresh);
        match op {
            B::And | B::Or | B::Lt | B::Le | B::Gt | B::Ge | B::Eq | B::Ne => {
                if matches!(op, B::And | B::Or) || self.pair_class(lhs, rhs) != NumClass::Int {
                    if !matches!(op, B::And | B::Or) {
                        let a = self.value(lhs);
                        let b = self.value(rhs);
                        self.compare(op, self.pair_class(lhs, rhs), a, b, dst);
                        return;
                    }
                    let to_false = self.branch_op(op, lhs, rhs, false);
                    self.emit(Instruction::LoadBool { dst, value: true });
                    let to_end = self.emit(Instruction::Jump { target: 0 });
                    self.patch_here(&to_false);
                    self.emit(Instruction::LoadBool { dst, value: false });
                    self.patch_here(&[to_end]);
                    return;
                }
                let a = self.value(lhs);
                let b = self.value(rhs);
                self.compare(op, NumClass::Int, a, b, dst);
            }
            B::RefEq | B::RefNe => {
                let a = self.value(lhs);
                let b = self.value(rhs);
                if op == B::RefEq {
                    self.emit(Instruction::RefEq { dst, a, b });
                } else {
                    self.emit(Instruction::RefNe { dst, a, b });
                }
            }
            B::Elvis => {
                let value = self.value(lhs);
                if value != dst {
                    self.emit(Instruction::Move { dst, src: value });
                }
                let to_end = self.emit(Instruction::JumpIfNotNil {
                    value: dst,
                    target: 0,
                });
                self.value_into(rhs, dst);
                self.patch_here(&[to_end]);
            }
            B::RangeInclusive | B::RangeExclusive => {
                let start = self.value(lhs);
                let end = self.value(rhs);
                self.emit(Instruction::IterRange {
                    dst,
                    start,
                    end,
                    inclusive: op == B::RangeInclusive,
                });
            }
            B::Add | B::Sub | B::Mul | B::Div | B::Rem => {
                let class = self.pair_class(lhs, rhs);
                if class == NumClass::Int && matches!(op, B::Add | B::Sub) {
                    if let Some(imm) = small_int_literal(rhs) {
                        let imm = if op == B::Sub {
                            imm.checked_neg()
                        } else {
                            Some(imm)
                        };
                        if let Some(imm) = imm {
                            let a = self.value(lhs);
                            self.emit(Instruction::AddIntImm { dst, a, imm });
                            return;
                        }
                    }
                }
                if class == NumClass::Int && matches!(op, B::Mul | B::Rem) {
                    // `% 0` and `% -1` keep the general instruction (division by zero panics).
                    if let Some(imm) = small_int_literal(rhs).filter(|i| op == B::Mul || *i > 0) {
                        let a = self.value(lhs);
                        if op == B::Mul {
                            self.emit(Instruction::MulIntImm { dst, a, imm });
                        } else {
                            self.emit(Instruction::RemIntImm { dst, a, imm });
                        }
                        return;
                    }
                }
                let a = self.operand_into_fresh(lhs, dst, fresh);
                let b = self.value(rhs);
                self.arith(op, class, a, b, dst);
            }
            B::BitAnd | B::BitOr | B::BitXor | B::Shl | B::Shr | B::UShr => {
                let a = self.value(lhs);
                let b = self.value(rhs);
                self.arith(op, NumClass::Other, a, b, dst);
            }
        }
    }

    /// The left operand's register: a call or operation evaluated straight into a fresh
    /// `dst` (nothing else reads it, so the right operand cannot observe it), else `value`.
    fn operand_into_fresh(&mut self, lhs: &'a ast::Expr, dst: Reg, fresh: bool) -> Reg {
        let mut inner = lhs;
        while let ast::ExprKind::Group(expr) = &inner.kind {
            inner = expr;
        }
        if fresh
            && matches!(
                inner.kind,
                ast::ExprKind::Call { .. } | ast::ExprKind::Binary { .. }
            )
        {
            self.fresh_dst = Some(dst);
            self.value_into(inner, dst);
            return dst;
        }
        self.value(lhs)
    }

    /// Emits the arithmetic of `a op b` into `dst` (typed when the class allows).
    pub(crate) fn arith(&mut self, op: ast::BinaryOp, class: NumClass, a: Reg, b: Reg, dst: Reg) {
        use ast::BinaryOp as B;
        let instruction = match (class, op) {
            (NumClass::Int, B::Add) => Instruction::AddInt { dst, a, b },
            (NumClass::Int, B::Sub) => Instruction::SubInt { dst, a, b },
            (NumClass::Int, B::Mul) => Instruction::MulInt { dst, a, b },
            (NumClass::Int, B::Div) => Instruction::DivInt { dst, a, b },
            (NumClass::Int, B::Rem) => Instruction::RemInt { dst, a, b },
            (NumClass::Float, B::Add) => Instruction::AddFloat { dst, a, b },
            (NumClass::Float, B::Sub) => Instruction::SubFloat { dst, a, b },
            (NumClass::Float, B::Mul) => Instruction::MulFloat { dst, a, b },
            (NumClass::Float, B::Div) => Instruction::DivFloat { dst, a, b },
            (NumClass::Float, B::Rem) => Instruction::RemFloat { dst, a, b },
            (NumClass::String | NumClass::Xml, B::Add) => Instruction::Concat { dst, a, b },
            (_, op) => {
                let op = match op {
                    B::Add => ir::BinaryOp::Add,
                    B::Sub => ir::BinaryOp::Sub,
                    B::Mul => ir::BinaryOp::Mul,
                    B::Div => ir::BinaryOp::Div,
                    B::Rem => ir::BinaryOp::Rem,
                    B::BitAnd => ir::BinaryOp::BitAnd,
                    B::BitOr => ir::BinaryOp::BitOr,
                    B::BitXor => ir::BinaryOp::BitXor,
                    B::Shl => ir::BinaryOp::Shl,
                    B::Shr => ir::BinaryOp::Shr,
                    B::UShr => ir::BinaryOp::UShr,
                    _ => {
                        self.unsupported("this binary operator");
                        return;
                    }
                };
                Instruction::Binary { dst, op, a, b }
            }
        };
        self.emit(instruction);
    }

    fn compare(&mut self, op: ast::BinaryOp, class: NumClass, a: Reg, b: Reg, dst: Reg) {
        let Some(cmp) = cmp_of(op) else {
            self.unsupported("this comparison");
            return;
        };
        let instruction = match class {
            NumClass::Int => Instruction::CmpInt { dst, cmp, a, b },
            NumClass::Float if !matches!(cmp, Cmp::Eq | Cmp::Ne) => {
                Instruction::CmpFloat { dst, cmp, a, b }
            }
            _ => Instruction::Compare { dst, cmp, a, b },
        };
        self.emit(instruction);
    }

    /// Emits jumps taken when `cond` evaluates to `when`; falls through otherwise. Returns the
    /// jump sites to patch.
    pub(crate) fn branch(&mut self, cond: &'a ast::Expr, when: bool) -> Vec<Target> {
        let saved_line = self.line;
        self.set_line(cond.span);
        let mark = self.mark();
        let sites = match &cond.kind {
            ast::ExprKind::Group(inner) => self.branch(inner, when),
            // `while true`: no test at all.
            ast::ExprKind::Literal(ast::Literal::Boolean(value)) => {
                if *value == when {
                    vec![self.emit(Instruction::Jump { target: 0 })]
                } else {
                    Vec::new()
                }
            }
            ast::ExprKind::Unary {
                op: ast::UnaryOp::Not,
                operand,
            } => self.branch(operand, !when),
            ast::ExprKind::Binary { op, lhs, rhs }
                if matches!(op, ast::BinaryOp::And | ast::BinaryOp::Or)
                    || (cmp_of(*op).is_some() && self.pair_class(lhs, rhs) == NumClass::Int) =>
            {
                self.branch_op(*op, lhs, rhs, when)
            }
            _ => {
                let value = self.value(cond);
                let site = if when {
                    self.emit(Instruction::JumpIfTrue {
                        cond: value,
                        target: 0,
                    })
                } else {
                    self.emit(Instruction::JumpIfFalse {
                        cond: value,
                        target: 0,
                    })
                };
                vec![site]
            }
        };
        self.release(mark);
        self.line = saved_line;
        sites
    }

    fn branch_op(
        &mut self,
        op: ast::BinaryOp,
        lhs: &'a ast::Expr,
        rhs: &'a ast::Expr,
        when: bool,
    ) -> Vec<Target> {
        match op {
            ast::BinaryOp::And | ast::BinaryOp::Or => {
                // `a && b` is false when either is false; `a || b` true when either is true.
                let short = op == ast::BinaryOp::Or;
                if when == short {
                    let mut sites = self.branch(lhs, when);
                    sites.extend(self.branch(rhs, when));
                    sites
                } else {
                    let skip = self.branch(lhs, !when);
                    let sites = self.branch(rhs, when);
                    self.patch_here(&skip);
                    sites
                }
            }
            _ => {
                let Some(cmp) = cmp_of(op) else {
                    return Vec::new();
                };
                let cmp = if when { cmp } else { negate(cmp) };
                if let Some(imm) = small_int_literal(rhs) {
                    let a = self.value(lhs);
                    return vec![self.emit(Instruction::JumpIfCmpIntImm {
                        cmp,
                        a,
                        imm,
                        target: 0,
                    })];
                }
                if let Some(imm) = small_int_literal(lhs) {
                    let a = self.value(rhs);
                    return vec![self.emit(Instruction::JumpIfCmpIntImm {
                        cmp: mirror(cmp),
                        a,
                        imm,
                        target: 0,
                    })];
                }
                let a = self.value(lhs);
                let b = self.value(rhs);
                vec![self.emit(Instruction::JumpIfCmpInt {
                    cmp,
                    a,
                    b,
                    target: 0,
                })]
            }
        }
    }
}

/// An int literal that fits an `AddIntImm` immediate.
fn small_int_literal(expr: &ast::Expr) -> Option<i32> {
    match &strip_groups(expr).kind {
        ast::ExprKind::Literal(ast::Literal::Int(value)) => i32::try_from(*value).ok(),
        _ => None,
    }
}

pub(crate) fn cmp_of(op: ast::BinaryOp) -> Option<Cmp> {
    Some(match op {
        ast::BinaryOp::Lt => Cmp::Lt,
        ast::BinaryOp::Le => Cmp::Le,
        ast::BinaryOp::Gt => Cmp::Gt,
        ast::BinaryOp::Ge => Cmp::Ge,
        ast::BinaryOp::Eq => Cmp::Eq,
        ast::BinaryOp::Ne => Cmp::Ne,
        _ => return None,
    })
}

/// The comparison with its operands swapped: `a <cmp> b` iff `b <mirror(cmp)> a`.
pub(crate) fn mirror(cmp: Cmp) -> Cmp {
    match cmp {
        Cmp::Lt => Cmp::Gt,
        Cmp::Le => Cmp::Ge,
        Cmp::Gt => Cmp::Lt,
        Cmp::Ge => Cmp::Le,
        Cmp::Eq => Cmp::Eq,
        Cmp::Ne => Cmp::Ne,
    }
}

/// The comparison true exactly when `cmp` is false (exact for ints).
pub(crate) fn negate(cmp: Cmp) -> Cmp {
    match cmp {
        Cmp::Lt => Cmp::Ge,
        Cmp::Le => Cmp::Gt,
        Cmp::Gt => Cmp::Le,
        Cmp::Ge => Cmp::Lt,
        Cmp::Eq => Cmp::Ne,
        Cmp::Ne => Cmp::Eq,
    }
}
