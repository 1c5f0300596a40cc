//! Literals and compile-time values: numeric literals typed by their context (int, byte,
//! float, decimal), constants (including frozen constant lists and mappings).

use crate::emit::FnLower;
use crate::{ir, sema};
use intc_syntax::ast;
use ir::{Instruction, Reg};
use sema::types::basic;
use sema::{ConstValue, LiteralKind, Type, TypeArena};

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn literal(&mut self, expr: &ast::Expr, literal: &ast::Literal, dst: Reg) {
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
}

pub(crate) fn parse_float(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    if cleaned.starts_with("0x") || cleaned.starts_with("0X") {
        // One reading of hex floats for the whole toolchain: the lexer's.
        return intc_syntax::hex_float(&cleaned);
    }
    cleaned.parse::<f64>().ok()
}

pub(crate) fn parse_decimal(text: &str) -> Option<ir::Decimal> {
    ir::Decimal::parse_literal(text).ok()
}
