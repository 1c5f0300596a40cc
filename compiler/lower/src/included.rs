//! The value of an included record parameter given through named arguments for its fields
//! (`f(width = 3)` for `function f(*Options opts)`): a new record of the parameter's type
//! with the record type's defaults for the fields not given, then the given fields.

use crate::calls::arg_expr;
use crate::emit::FnLower;
use crate::ir;
use crate::sema;
use intc_syntax::ast;
use ir::{Instruction, Reg};

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn included_record(
        &mut self,
        ty: sema::TypeId,
        given: &[(String, usize)],
        args: &'a [ast::Arg],
        dst: Reg,
    ) {
        let checked = self.lw.checked;
        let record = match checked.types.get(ty) {
            sema::Type::Record(record) => Some(record),
            sema::Type::ReadonlyOf(inner) => match checked.types.get(*inner) {
                sema::Type::Record(record) => Some(record),
                _ => None,
            },
            _ => None,
        };
        let defaults: Vec<&sema::RecordField> = record
            .map(|r| {
                r.fields
                    .iter()
                    .filter(|f| f.default.is_some() && !given.iter().any(|(n, _)| n == &f.name))
                    .collect()
            })
            .unwrap_or_default();
        let window = self.regs((defaults.len() + given.len()) * 2);
        let entry = |position: usize| Reg(window.start.wrapping_add((position * 2) as u16));
        for (position, field) in defaults.iter().enumerate() {
            let key_reg = entry(position);
            self.load_string(key_reg, &field.name);
            let Some(default) = field.default else {
                continue;
            };
            self.deferred_into(default, Reg(key_reg.0.wrapping_add(1)), field.readonly);
        }
        for (offset, (name, index)) in given.iter().enumerate() {
            let key_reg = entry(defaults.len() + offset);
            self.load_string(key_reg, name);
            match args.get(*index) {
                Some(arg) => self.value_into(arg_expr(arg), Reg(key_reg.0.wrapping_add(1))),
                None => self.unsupported("an argument index out of range"),
            }
        }
        let ir_ty = self.lw.ir_type(ty);
        self.emit(Instruction::NewMap {
            dst,
            ty: ir_ty,
            entries: window,
        });
    }
}
