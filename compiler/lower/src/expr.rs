//! Expressions: literals, variables, operators (typed fast paths when both operands are
//! statically int or float), short-circuit logic, conditions fused into compare-and-branch,
//! member and field access, templates, type tests and casts, `check`/`trap`, `let`, `typeof`.

use crate::emit::{FnLower, Local};
use crate::{ir, sema};
use intc_syntax::ast;
use ir::{Cmp, Instruction, Reg, Target};
use sema::types::basic;
use sema::{ConstValue, LiteralKind, Resolution, Type, TypeArena};

/// The static class of an operand pair, choosing typed opcodes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumClass {
    Int,
    Float,
    String,
    Other,
}

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn expr_type(&self, expr: &ast::Expr) -> sema::TypeId {
        self.lw.checked.expr_type(self.file, expr.id)
    }

    pub(crate) fn num_class(&self, expr: &ast::Expr) -> NumClass {
        let ty = self.expr_type(expr);
        let types = &self.lw.checked.types;
        if types.is_unknown(ty) {
            return NumClass::Other;
        }
        match types.basic_mask(ty) {
            basic::INT => NumClass::Int,
            basic::FLOAT => NumClass::Float,
            basic::STRING => NumClass::String,
            _ => NumClass::Other,
        }
    }

    fn pair_class(&self, a: &ast::Expr, b: &ast::Expr) -> NumClass {
        let class = self.num_class(a);
        if class == self.num_class(b) {
            class
        } else {
            NumClass::Other
        }
    }

    /// The value of an expression in some register. The register may be a local's own
    /// register: callers must not write to it.
    pub(crate) fn value(&mut self, expr: &'a ast::Expr) -> Reg {
        match &expr.kind {
            ast::ExprKind::Group(inner) => self.value(inner),
            ast::ExprKind::Var { .. } => {
                let key = self.key(expr.id);
                if !self.lw.checked.const_values.contains_key(&key) {
                    if let Some(Resolution::Local(decl)) = self.lw.checked.resolutions.get(&key) {
                        if let Some(&Local::Reg(reg)) = self.locals.get(decl) {
                            return reg;
                        }
                    }
                }
                let dst = self.reg();
                self.value_into(expr, dst);
                dst
            }
            _ => {
                let dst = self.reg();
                self.value_into(expr, dst);
                dst
            }
        }
    }

    /// Evaluates an expression into `dst`.
    pub(crate) fn value_into(&mut self, expr: &'a ast::Expr, dst: Reg) {
        let saved_line = self.line;
        self.set_line(expr.span);
        let mark = self.mark();
        self.value_into_inner(expr, dst);
        self.release(mark);
        self.line = saved_line;
    }

    fn value_into_inner(&mut self, expr: &'a ast::Expr, dst: Reg) {
        let readonly = std::mem::take(&mut self.readonly_context);
        let key = self.key(expr.id);
        if let Some(value) = self.lw.checked.const_values.get(&key) {
            if matches!(
                expr.kind,
                ast::ExprKind::Var { .. } | ast::ExprKind::Field { .. }
            ) {
                let ty = self.expr_type(expr);
                self.load_const_value(dst, value, ty);
                return;
            }
        }
        match &expr.kind {
            ast::ExprKind::Literal(literal) => self.literal(expr, literal, dst),
            ast::ExprKind::Var { .. } => self.var(expr, dst),
            ast::ExprKind::Group(inner) => {
                self.readonly_context = readonly;
                self.value_into(inner, dst)
            }
            ast::ExprKind::Template(parts) => self.template(parts, dst),
            ast::ExprKind::List(items) => self.list_constructor(expr, items, dst, readonly),
            ast::ExprKind::Mapping(fields) => self.mapping_constructor(expr, fields, dst, readonly),
            ast::ExprKind::Unary { op, operand } => self.unary(expr, *op, operand, dst),
            ast::ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, dst),
            ast::ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                let to_else = self.branch(cond, false);
                self.value_into(then, dst);
                let to_end = self.emit(Instruction::Jump { target: 0 });
                self.patch_here(&to_else);
                self.value_into(otherwise, dst);
                self.patch_here(&[to_end]);
            }
            ast::ExprKind::Member { base, index } => {
                let container = self.value(base);
                let key = self.value(index);
                self.emit(Instruction::MemberGet {
                    dst,
                    container,
                    key,
                });
            }
            ast::ExprKind::Field {
                base,
                field,
                optional,
            } => self.field_access(base, &field.name, *optional, dst),
            ast::ExprKind::Call { callee, args } => self.call(expr, callee, args, dst),
            ast::ExprKind::MethodCall {
                receiver,
                method,
                args,
            } => self.method_call(expr, receiver, &method.name, args, dst),
            ast::ExprKind::TypeTest {
                expr: operand,
                negated,
                ..
            } => {
                let value = self.value(operand);
                let ty = self.operand_type(expr);
                self.emit(Instruction::TypeTest { dst, value, ty });
                if *negated {
                    self.emit(Instruction::Unary {
                        dst,
                        op: ir::UnaryOp::Not,
                        a: dst,
                    });
                }
            }
            ast::ExprKind::Cast { expr: operand, .. } => {
                let value = self.value(operand);
                let ty = self.operand_type(expr);
                self.emit(Instruction::TypeCast { dst, value, ty });
            }
            ast::ExprKind::Check {
                expr: operand,
                panics,
            } => self.check(operand, *panics, dst),
            ast::ExprKind::Trap(operand) => {
                let begin = self.emit(Instruction::TrapBegin { dst, handler: 0 });
                self.value_into(operand, dst);
                self.emit(Instruction::TrapEnd);
                let handler = self.here() + 1;
                self.emit(Instruction::Jump { target: handler });
                self.patch(begin, handler);
            }
            ast::ExprKind::Lambda { .. } | ast::ExprKind::Arrow { .. } => self.closure(expr, dst),
            ast::ExprKind::New { args, .. } => self.new_object(expr, args, dst),
            ast::ExprKind::ObjectConstructor { members, .. } => {
                self.object_constructor(expr, members, dst)
            }
            ast::ExprKind::ErrorConstructor { args, .. } => self.error_constructor(expr, args, dst),
            ast::ExprKind::Let { decls, body } => {
                for decl in decls {
                    self.declare(&decl.binding, Some(&decl.init), decl.ty.as_ref());
                }
                self.value_into(body, dst);
            }
            ast::ExprKind::Typeof(operand) => {
                self.value(operand);
                let ty = self.operand_type(expr);
                self.emit(Instruction::LoadTypedesc { dst, ty });
            }
            ast::ExprKind::Error => self.unsupported("an expression that failed to parse"),
        }
    }

    /// Evaluates an expression whose value must be immutable (constructors are frozen).
    pub(crate) fn value_into_readonly(&mut self, expr: &'a ast::Expr, dst: Reg, readonly: bool) {
        self.readonly_context = readonly;
        self.value_into(expr, dst);
        self.readonly_context = false;
    }

    /// Whether values of a semantic type are always immutable.
    pub(crate) fn is_readonly_type(&self, ty: sema::TypeId) -> bool {
        let types = &self.lw.checked.types;
        !types.is_unknown(ty) && types.is_subtype(ty, TypeArena::READONLY)
    }

    /// The IR type the checker recorded for a construct's operand type descriptor.
    pub(crate) fn operand_type(&mut self, expr: &ast::Expr) -> ir::TypeId {
        let key = self.key(expr.id);
        let ty = self
            .lw
            .checked
            .operand_types
            .get(&key)
            .copied()
            .unwrap_or(TypeArena::ANY_OR_ERROR);
        self.lw.ir_type(ty)
    }

    fn literal(&mut self, expr: &ast::Expr, literal: &ast::Literal, dst: Reg) {
        let key = self.key(expr.id);
        let kind = self.lw.checked.literal_kinds.get(&key).copied();
        match literal {
            ast::Literal::Nil => {
                self.emit(Instruction::LoadNil { dst });
            }
            ast::Literal::Boolean(value) => {
                self.emit(Instruction::LoadBool { dst, value: *value });
            }
            ast::Literal::String(value) => self.load_string(dst, value),
            ast::Literal::Int(value) => match kind {
                Some(LiteralKind::Float) => {
                    self.emit(Instruction::LoadFloat {
                        dst,
                        value: *value as f64,
                    });
                }
                Some(LiteralKind::Decimal) => {
                    self.load_decimal(dst, ir::Decimal::from(*value));
                }
                _ => {
                    self.emit(Instruction::LoadInt { dst, value: *value });
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
                        Some(value) => self.load_decimal(dst, value),
                        None => self.unsupported("this decimal literal"),
                    }
                } else {
                    match parse_float(text) {
                        Some(value) => {
                            self.emit(Instruction::LoadFloat { dst, value });
                        }
                        None => self.unsupported("this float literal"),
                    }
                }
            }
        }
    }

    pub(crate) fn load_decimal(&mut self, dst: Reg, value: ir::Decimal) {
        let constant = self.lw.builder.add_constant(ir::Constant::Decimal(value));
        self.emit(Instruction::LoadConst { dst, constant });
    }

    /// Materialises a compile-time value (constants, enum members, lang constants).
    pub(crate) fn load_const_value(&mut self, dst: Reg, value: &ConstValue, ty: sema::TypeId) {
        match value {
            ConstValue::Nil => {
                self.emit(Instruction::LoadNil { dst });
            }
            ConstValue::Boolean(value) => {
                self.emit(Instruction::LoadBool { dst, value: *value });
            }
            ConstValue::Int(value) => {
                let types = &self.lw.checked.types;
                if types.basic_mask(ty) == basic::FLOAT {
                    self.emit(Instruction::LoadFloat {
                        dst,
                        value: *value as f64,
                    });
                } else {
                    self.emit(Instruction::LoadInt { dst, value: *value });
                }
            }
            ConstValue::Float(value) => {
                self.emit(Instruction::LoadFloat { dst, value: *value });
            }
            ConstValue::Decimal(value) => self.load_decimal(dst, *value),
            ConstValue::String(value) => self.load_string(dst, value),
            ConstValue::List(items) => {
                let window = self.regs(items.len());
                for (index, item) in items.iter().enumerate() {
                    let slot = Reg(window.start.wrapping_add(index as u16));
                    self.load_const_value(slot, item, TypeArena::ANYDATA);
                }
                let ty = self.const_container_type(ty, true);
                self.emit(Instruction::NewList {
                    dst,
                    ty,
                    members: window,
                });
                self.emit(Instruction::Freeze { value: dst });
            }
            ConstValue::Map(entries) => {
                let window = self.regs(entries.len() * 2);
                for (index, (name, item)) in entries.iter().enumerate() {
                    let slot = window.start.wrapping_add((index * 2) as u16);
                    self.load_string(Reg(slot), name);
                    self.load_const_value(Reg(slot.wrapping_add(1)), item, TypeArena::ANYDATA);
                }
                let ty = self.const_container_type(ty, false);
                self.emit(Instruction::NewMap {
                    dst,
                    ty,
                    entries: window,
                });
                self.emit(Instruction::Freeze { value: dst });
            }
        }
    }

    /// The inherent type of a constant list/mapping: its declared type when that is a list
    /// (or mapping) type, else `anydata[]` / `map<anydata>`.
    fn const_container_type(&mut self, ty: sema::TypeId, list: bool) -> ir::TypeId {
        let checked = self.lw.checked;
        let mut current = ty;
        for _ in 0..4 {
            match checked.types.get(current) {
                Type::ReadonlyOf(inner) => current = *inner,
                Type::Array { .. } | Type::Tuple { .. } if list => return self.lw.ir_type(current),
                Type::Map(_) | Type::Record(_) if !list => return self.lw.ir_type(current),
                _ => break,
            }
        }
        let fallback = if list {
            TypeArena::ANYDATA_ARRAY
        } else {
            TypeArena::MAP_ANYDATA
        };
        self.lw.ir_type(fallback)
    }

    fn var(&mut self, expr: &'a ast::Expr, dst: Reg) {
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        match checked.resolutions.get(&key) {
            Some(Resolution::Local(decl)) => match self.locals.get(decl).copied() {
                Some(Local::Reg(src)) => {
                    if src != dst {
                        self.emit(Instruction::Move { dst, src });
                    }
                }
                Some(Local::Cell(cell)) => {
                    self.emit(Instruction::CellGet { dst, cell });
                }
                None => self.unsupported("a reference to a variable of an enclosing scope"),
            },
            Some(Resolution::Global(global)) => {
                self.emit(Instruction::GlobalGet {
                    dst,
                    global: ir::GlobalId(global.0),
                });
            }
            Some(Resolution::Constant(constant)) => match checked.constants.get(constant.index()) {
                Some(info) => {
                    let ty = self.expr_type(expr);
                    let value = info.value.clone();
                    self.load_const_value(dst, &value, ty);
                }
                None => self.unsupported("an unknown constant"),
            },
            Some(Resolution::Function(function)) => self.function_value(*function, expr, dst),
            Some(Resolution::LangFunction(native)) => {
                let native = native.clone();
                self.native_function_value(&native, expr, dst);
            }
            Some(Resolution::SelfRef) => match self.self_local {
                Some(Local::Reg(src)) => {
                    if src != dst {
                        self.emit(Instruction::Move { dst, src });
                    }
                }
                Some(Local::Cell(cell)) => {
                    self.emit(Instruction::CellGet { dst, cell });
                }
                None => self.unsupported("`self` outside a method"),
            },
            Some(Resolution::TypeRef(ty)) => {
                let ty = self.lw.ir_type(*ty);
                self.emit(Instruction::LoadTypedesc { dst, ty });
            }
            None => self.unsupported("an unresolved name"),
        }
    }

    fn template(&mut self, parts: &'a [ast::TemplatePart], dst: Reg) {
        let acc = self.reg();
        let mut started = false;
        for part in parts {
            let piece = match part {
                ast::TemplatePart::Text(text) if text.is_empty() => continue,
                ast::TemplatePart::Text(text) => {
                    let piece = self.reg();
                    self.load_string(piece, text);
                    piece
                }
                ast::TemplatePart::Interpolation(inner) => {
                    let value = self.value(inner);
                    if self.num_class(inner) == NumClass::String {
                        value
                    } else {
                        let piece = self.reg();
                        self.emit(Instruction::ToString { dst: piece, value });
                        piece
                    }
                }
            };
            if started {
                self.emit(Instruction::Concat {
                    dst: acc,
                    a: acc,
                    b: piece,
                });
            } else {
                self.emit(Instruction::Move {
                    dst: acc,
                    src: piece,
                });
                started = true;
            }
        }
        if started {
            self.emit(Instruction::Move { dst, src: acc });
        } else {
            self.load_string(dst, "");
        }
    }

    fn unary(&mut self, expr: &'a ast::Expr, op: ast::UnaryOp, operand: &'a ast::Expr, dst: Reg) {
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
                let a = self.value(lhs);
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
            (NumClass::String, B::Add) => Instruction::Concat { dst, a, b },
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

    fn field_access(&mut self, base: &'a ast::Expr, name: &str, optional: bool, dst: Reg) {
        let base_type = self.expr_type(base);
        let object = self.value(base);
        if !optional {
            if let Some(slot) = self.object_slot(base_type, name) {
                self.emit(Instruction::ObjectSlotGet { dst, object, slot });
                return;
            }
        }
        let name_constant = self.lw.builder.string_constant(name);
        let instruction = if optional {
            Instruction::OptionalFieldGet {
                dst,
                object,
                name: name_constant,
            }
        } else if self.is_lax(base_type) {
            Instruction::LaxFieldGet {
                dst,
                object,
                name: name_constant,
            }
        } else {
            Instruction::FieldGet {
                dst,
                object,
                name: name_constant,
            }
        };
        self.emit(instruction);
    }

    /// The slot of a field of a statically known class.
    pub(crate) fn object_slot(&self, ty: sema::TypeId, name: &str) -> Option<u16> {
        let checked = self.lw.checked;
        let Type::Object(object) = checked.types.get(ty) else {
            return None;
        };
        let class = checked.classes.get(object.class?.index())?;
        let slot = class.fields.iter().position(|f| f.name == name)?;
        u16::try_from(slot).ok()
    }

    /// Field access on json (or maps of json) is lax: a missing key is an error value.
    fn is_lax(&self, ty: sema::TypeId) -> bool {
        let checked = self.lw.checked;
        let types = &checked.types;
        types
            .members(ty)
            .iter()
            .any(|&member| match types.get(member) {
                Type::Json => true,
                Type::Map(inner) => matches!(types.get(*inner), Type::Json),
                _ => false,
            })
    }

    fn check(&mut self, operand: &'a ast::Expr, panics: bool, dst: Reg) {
        self.value_into(operand, dst);
        let ty = self.expr_type(operand);
        if !self.lw.checked.types.contains_error(ty) {
            return;
        }
        let error_type = self.lw.ir_type(TypeArena::ERROR);
        let is_error = self.reg();
        self.emit(Instruction::TypeTest {
            dst: is_error,
            value: dst,
            ty: error_type,
        });
        let to_ok = self.emit(Instruction::JumpIfFalse {
            cond: is_error,
            target: 0,
        });
        if panics {
            self.emit(Instruction::Panic { value: dst });
        } else {
            self.fail_with(dst);
        }
        self.patch_here(&[to_ok]);
    }

    /// Transfers an error to the nearest `on fail` handler, or returns it from the function.
    pub(crate) fn fail_with(&mut self, error: Reg) {
        if let Some(context) = self.fails.last() {
            let target = context.error;
            self.emit(Instruction::Move {
                dst: target,
                src: error,
            });
            let site = self.emit(Instruction::Jump { target: 0 });
            if let Some(context) = self.fails.last_mut() {
                context.jumps.push(site);
            }
        } else {
            self.emit(Instruction::Return { value: error });
        }
    }
}

pub(crate) fn strip_groups(mut expr: &ast::Expr) -> &ast::Expr {
    while let ast::ExprKind::Group(inner) = &expr.kind {
        expr = inner;
    }
    expr
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

pub(crate) fn parse_float(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    let lower = cleaned.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0x") {
        return parse_hex_float(hex);
    }
    cleaned.parse::<f64>().ok()
}

/// `0x1.8p3` style literals: hex mantissa, binary exponent.
fn parse_hex_float(text: &str) -> Option<f64> {
    let (mantissa, exponent) = match text.split_once('p') {
        Some((m, e)) => (m, e.parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut value = 0f64;
    for digit in whole.chars() {
        value = value * 16.0 + f64::from(digit.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for digit in fraction.chars() {
        value += f64::from(digit.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    Some(value * 2f64.powi(exponent))
}

pub(crate) fn parse_decimal(text: &str) -> Option<ir::Decimal> {
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    if cleaned.contains(['e', 'E']) {
        ir::Decimal::from_scientific(&cleaned).ok()
    } else {
        cleaned.parse::<ir::Decimal>().ok()
    }
}
