//! Binary operators (arithmetic, comparison, equality, logical, bitwise, ranges, elvis) and
//! conditions with the narrowing facts they establish.

use crate::checker::Checker;
use crate::model::*;
use crate::scope::{CondFacts, LocalId};
use crate::types::basic;
use intc_diagnostics::codes;
use intc_syntax::ast;

pub(crate) fn op_text(op: ast::BinaryOp) -> &'static str {
    use ast::BinaryOp as B;
    match op {
        B::Add => "+",
        B::Sub => "-",
        B::Mul => "*",
        B::Div => "/",
        B::Rem => "%",
        B::Lt => "<",
        B::Le => "<=",
        B::Gt => ">",
        B::Ge => ">=",
        B::Eq => "==",
        B::Ne => "!=",
        B::RefEq => "===",
        B::RefNe => "!==",
        B::And => "&&",
        B::Or => "||",
        B::BitAnd => "&",
        B::BitOr => "|",
        B::BitXor => "^",
        B::Shl => "<<",
        B::Shr => ">>",
        B::UShr => ">>>",
        B::RangeInclusive => "...",
        B::RangeExclusive => "..<",
        B::Elvis => "?:",
    }
}

fn is_numeric_literal(expr: &ast::Expr) -> bool {
    match &expr.kind {
        ast::ExprKind::Literal(ast::Literal::Int(_)) => true,
        ast::ExprKind::Literal(ast::Literal::Float {
            suffix: ast::FloatSuffix::None,
            ..
        }) => true,
        ast::ExprKind::Unary {
            op: ast::UnaryOp::Neg | ast::UnaryOp::Plus,
            operand,
        } => is_numeric_literal(operand),
        ast::ExprKind::Group(inner) => is_numeric_literal(inner),
        _ => false,
    }
}

/// The result of a multiplicative operator with one int and one float or decimal operand.
fn mixed_multiplicative(op: ast::BinaryOp, ma: u32, mb: u32) -> Option<TypeId> {
    let fractional = |m: u32| match m {
        basic::FLOAT => Some(TypeArena::FLOAT),
        basic::DECIMAL => Some(TypeArena::DECIMAL),
        _ => None,
    };
    match op {
        ast::BinaryOp::Mul if ma == basic::INT => fractional(mb),
        ast::BinaryOp::Mul | ast::BinaryOp::Div | ast::BinaryOp::Rem if mb == basic::INT => {
            fractional(ma)
        }
        _ => None,
    }
}

impl<'a> Checker<'a> {
    fn invalid_binary(
        &mut self,
        expr: &ast::Expr,
        op: ast::BinaryOp,
        a: TypeId,
        b: TypeId,
    ) -> TypeId {
        let message = format!(
            "operator '{}' not defined for '{}' and '{}'",
            op_text(op),
            self.p.types.display(a),
            self.p.types.display(b)
        );
        self.error(codes::INVALID_OPERATION, expr.span, message);
        TypeArena::UNKNOWN
    }

    /// Checks two numeric operands: a bare literal takes the other operand's numeric type.
    fn check_numeric_operands(
        &mut self,
        lhs: &'a ast::Expr,
        rhs: &'a ast::Expr,
        expected: Option<TypeId>,
    ) -> (TypeId, TypeId) {
        let context = expected.filter(|&e| {
            let m = self.p.types.basic_mask(e) & !basic::NIL;
            m == basic::INT || m == basic::FLOAT || m == basic::DECIMAL || m == basic::STRING
        });
        let context = context.map(|e| {
            let wide = self.p.types.widen(e);
            self.p.types.without_nil(wide)
        });
        if is_numeric_literal(lhs) && !is_numeric_literal(rhs) {
            let b = self.check_expr(rhs, context);
            let hint = self.numeric_hint(b).or(context);
            let a = self.check_expr(lhs, hint);
            (a, b)
        } else {
            let a = self.check_expr(lhs, context);
            let hint = self.numeric_hint(a).or(context);
            let b = self.check_expr(rhs, hint);
            (a, b)
        }
    }

    /// A float or decimal operand type makes a literal on the other side float or decimal.
    fn numeric_hint(&mut self, t: TypeId) -> Option<TypeId> {
        let m = self.p.types.basic_mask(t) & !basic::NIL;
        match m {
            basic::FLOAT => Some(TypeArena::FLOAT),
            basic::DECIMAL => Some(TypeArena::DECIMAL),
            basic::INT => Some(TypeArena::INT),
            _ => None,
        }
    }

    pub(crate) fn check_binary(
        &mut self,
        expr: &'a ast::Expr,
        op: ast::BinaryOp,
        lhs: &'a ast::Expr,
        rhs: &'a ast::Expr,
        expected: Option<TypeId>,
    ) -> TypeId {
        use ast::BinaryOp as B;
        match op {
            B::And | B::Or => {
                let facts = self.check_condition(expr);
                let _ = facts;
                TypeArena::BOOLEAN
            }
            B::Add | B::Sub | B::Mul | B::Div | B::Rem => {
                let (a, b) = self.check_numeric_operands(lhs, rhs, expected);
                self.arithmetic_result(expr, op, a, b)
            }
            B::Lt | B::Le | B::Gt | B::Ge => {
                let (a, b) = self.check_numeric_operands(lhs, rhs, None);
                if self.p.types.is_unknown(a) || self.p.types.is_unknown(b) {
                    return TypeArena::BOOLEAN;
                }
                if !self.p.types.ordered_together(a, b) {
                    self.invalid_binary(expr, op, a, b);
                }
                TypeArena::BOOLEAN
            }
            B::Eq | B::Ne => {
                let (a, b) = self.check_numeric_operands(lhs, rhs, None);
                if self.p.types.is_unknown(a) || self.p.types.is_unknown(b) {
                    return TypeArena::BOOLEAN;
                }
                // Spec "Equality expression": at least one operand must be anydata.
                if !(self.p.types.is_anydata(a) || self.p.types.is_anydata(b))
                    || !self.p.types.may_overlap(a, b)
                {
                    self.invalid_binary(expr, op, a, b);
                }
                TypeArena::BOOLEAN
            }
            B::RefEq | B::RefNe => {
                let (a, b) = self.check_numeric_operands(lhs, rhs, None);
                if !self.p.types.may_overlap(a, b) {
                    self.invalid_binary(expr, op, a, b);
                }
                TypeArena::BOOLEAN
            }
            B::BitAnd | B::BitOr | B::BitXor | B::Shl | B::Shr | B::UShr => {
                let a = self.check_expr(lhs, Some(TypeArena::INT));
                let b = self.check_expr(rhs, Some(TypeArena::INT));
                if self.p.types.is_unknown(a) || self.p.types.is_unknown(b) {
                    return TypeArena::UNKNOWN;
                }
                let la = self.p.types.without_nil(a);
                let lb = self.p.types.without_nil(b);
                if !self.p.types.is_int_like(la) || !self.p.types.is_int_like(lb) {
                    return self.invalid_binary(expr, op, a, b);
                }
                let result = self.bitwise_result(op, la, lb);
                if self.p.types.contains_nil(a) || self.p.types.contains_nil(b) {
                    self.p.types.optional(result)
                } else {
                    result
                }
            }
            B::RangeInclusive | B::RangeExclusive => {
                let a = self.check_expr(lhs, Some(TypeArena::INT));
                let b = self.check_expr(rhs, Some(TypeArena::INT));
                if !self.p.types.is_unknown(a)
                    && !self.p.types.is_unknown(b)
                    && (!self.p.types.is_int_like(a) || !self.p.types.is_int_like(b))
                {
                    return self.invalid_binary(expr, op, a, b);
                }
                TypeArena::INT_RANGE
            }
            B::Elvis => {
                let lhs_expected = expected.map(|e| self.p.types.optional(e));
                let a = self.check_expr(lhs, lhs_expected);
                let value = self.p.types.without_nil(a);
                let b = self.check_expr(rhs, expected.or(Some(value)));
                self.p.types.union_of(&[value, b])
            }
        }
    }

    /// The static type of a bitwise or shift operator on two int operands (nil removed), per
    /// the spec's "Binary bitwise expression" and "Shift expression": `&` is `UnsignedK` when
    /// either operand is, `|` and `^` when both are, `>>`/`>>>` when the left operand is (the
    /// smallest such K in each case); everything else is `int`.
    pub(crate) fn bitwise_result(&mut self, op: ast::BinaryOp, a: TypeId, b: TypeId) -> TypeId {
        use ast::BinaryOp as B;
        const UNSIGNED: [IntSubtype; 3] = [
            IntSubtype::Byte,
            IntSubtype::Unsigned16,
            IntSubtype::Unsigned32,
        ];
        let width = |c: &mut Checker<'_>, t: TypeId| {
            UNSIGNED.iter().position(|&k| {
                let unsigned = c.p.types.add(Type::IntSubtype(k));
                c.p.types.is_subtype(t, unsigned)
            })
        };
        let (wa, wb) = (width(self, a), width(self, b));
        let chosen = match op {
            B::BitAnd => match (wa, wb) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            },
            B::BitOr | B::BitXor => wa.zip(wb).map(|(x, y)| x.max(y)),
            B::Shr | B::UShr => wa,
            _ => None,
        };
        match chosen {
            Some(0) => TypeArena::BYTE,
            Some(k) => self.p.types.add(Type::IntSubtype(UNSIGNED[k])),
            None => TypeArena::INT,
        }
    }

    pub(crate) fn arithmetic_result(
        &mut self,
        expr: &ast::Expr,
        op: ast::BinaryOp,
        a: TypeId,
        b: TypeId,
    ) -> TypeId {
        if self.p.types.is_unknown(a) || self.p.types.is_unknown(b) {
            return TypeArena::UNKNOWN;
        }
        let nil = self.p.types.contains_nil(a) || self.p.types.contains_nil(b);
        let la = self.p.types.without_nil(a);
        let lb = self.p.types.without_nil(b);
        let ma = self.p.types.basic_mask(la);
        let mb = self.p.types.basic_mask(lb);
        let result = if ma == mb && (ma == basic::INT || ma == basic::FLOAT || ma == basic::DECIMAL)
        {
            match ma {
                basic::INT => TypeArena::INT,
                basic::FLOAT => TypeArena::FLOAT,
                _ => TypeArena::DECIMAL,
            }
        } else if let Some(mixed) = mixed_multiplicative(op, ma, mb) {
            // Spec: `float * int`, `int * float`, `float / int`, `float % int` (and the same for
            // decimal) operate on the float or decimal; the int operand is converted.
            mixed
        } else if op == ast::BinaryOp::Add && ma == basic::STRING && mb == basic::STRING {
            TypeArena::STRING
        } else if op == ast::BinaryOp::Add && ma == basic::XML && mb == basic::XML {
            TypeArena::XML
        } else {
            return self.invalid_binary(expr, op, a, b);
        };
        if nil {
            self.p.types.optional(result)
        } else {
            result
        }
    }

    /// Checks a boolean condition and returns the narrowing it implies.
    pub(crate) fn check_condition(&mut self, expr: &'a ast::Expr) -> CondFacts {
        let facts = self.condition_facts(expr);
        self.record_type(self.place.file, expr.id, TypeArena::BOOLEAN);
        facts
    }

    fn condition_facts(&mut self, expr: &'a ast::Expr) -> CondFacts {
        match &expr.kind {
            ast::ExprKind::Group(inner) => {
                let facts = self.check_condition(inner);
                self.record_type(self.place.file, expr.id, TypeArena::BOOLEAN);
                facts
            }
            ast::ExprKind::Unary {
                op: ast::UnaryOp::Not,
                operand,
            } => {
                let facts = self.check_condition(operand);
                CondFacts {
                    if_true: facts.if_false,
                    if_false: facts.if_true,
                }
            }
            ast::ExprKind::TypeTest {
                expr: operand,
                ty,
                negated,
            } => {
                let t = self.check_expr(operand, None);
                let place = self.place;
                let tested = self.resolve_type(place, ty);
                self.p.operand_types.insert(self.key(expr.id), tested);
                self.check_type_test_overlap(expr, t, tested);
                let mut facts = CondFacts::default();
                if let Some(local) = self.narrowable_local(operand) {
                    let yes = self.p.types.intersect(t, tested);
                    let no = self.p.types.difference(t, tested);
                    facts.if_true.push((local, yes));
                    facts.if_false.push((local, no));
                }
                if *negated {
                    CondFacts {
                        if_true: facts.if_false,
                        if_false: facts.if_true,
                    }
                } else {
                    facts
                }
            }
            ast::ExprKind::Binary {
                op: ast::BinaryOp::And,
                lhs,
                rhs,
            } => {
                let left = self.check_logical_operand(lhs, "&&");
                let saved = self.fx.flow.clone();
                self.apply_narrowing(&left.if_true);
                let right = self.check_logical_operand(rhs, "&&");
                self.fx.flow = saved;
                let mut if_true = left.if_true.clone();
                if_true.extend(right.if_true.iter().copied());
                let if_false = self.join_facts(&left.if_false, &right.if_false);
                CondFacts { if_true, if_false }
            }
            ast::ExprKind::Binary {
                op: ast::BinaryOp::Or,
                lhs,
                rhs,
            } => {
                let left = self.check_logical_operand(lhs, "||");
                let saved = self.fx.flow.clone();
                self.apply_narrowing(&left.if_false);
                let right = self.check_logical_operand(rhs, "||");
                self.fx.flow = saved;
                let mut if_false = left.if_false.clone();
                if_false.extend(right.if_false.iter().copied());
                let if_true = self.join_facts(&left.if_true, &right.if_true);
                CondFacts { if_true, if_false }
            }
            _ => {
                let t = self.check_expr(expr, Some(TypeArena::BOOLEAN));
                self.expect_assignable(t, TypeArena::BOOLEAN, expr.span);
                CondFacts::default()
            }
        }
    }

    /// An operand of `&&`/`||`: a non-boolean operand is an invalid operation.
    fn check_logical_operand(&mut self, expr: &'a ast::Expr, op: &str) -> CondFacts {
        let condition_form = matches!(
            expr.kind,
            ast::ExprKind::Group(_)
                | ast::ExprKind::Unary {
                    op: ast::UnaryOp::Not,
                    ..
                }
                | ast::ExprKind::TypeTest { .. }
                | ast::ExprKind::Binary {
                    op: ast::BinaryOp::And | ast::BinaryOp::Or,
                    ..
                }
        );
        if condition_form {
            return self.check_condition(expr);
        }
        let t = self.check_expr(expr, Some(TypeArena::BOOLEAN));
        self.require_basic(t, basic::BOOLEAN, op, expr);
        CondFacts::default()
    }

    /// Facts that hold when either of two conditions held: only locals narrowed by both, to
    /// the union of their types.
    fn join_facts(
        &mut self,
        a: &[(LocalId, TypeId)],
        b: &[(LocalId, TypeId)],
    ) -> Vec<(LocalId, TypeId)> {
        let mut out = Vec::new();
        for &(local, ta) in a {
            let last_b = b.iter().rev().find(|(l, _)| *l == local);
            if let Some(&(_, tb)) = last_b {
                let last_a = a
                    .iter()
                    .rev()
                    .find(|(l, _)| *l == local)
                    .map(|x| x.1)
                    .unwrap_or(ta);
                if out.iter().any(|(l, _)| *l == local) {
                    continue;
                }
                let union = self.p.types.union_of(&[last_a, tb]);
                out.push((local, union));
            }
        }
        out
    }

    /// The local a type test narrows: a plain variable reference (not captured by a closure
    /// being checked, whose value may change).
    fn narrowable_local(&self, expr: &ast::Expr) -> Option<LocalId> {
        match &expr.kind {
            ast::ExprKind::Var { module: None, name } => self.fx.lookup(&name.name),
            ast::ExprKind::Group(inner) => self.narrowable_local(inner),
            _ => None,
        }
    }

    pub(crate) fn apply_narrowing(&mut self, facts: &[(LocalId, TypeId)]) {
        for &(local, ty) in facts {
            self.fx.flow.narrowed.insert(local, ty);
        }
    }
}
