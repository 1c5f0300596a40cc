//! The value of an included record parameter given through named arguments for its fields
//! (`f(width = 3)` for `function f(*Options opts)`): a new record of the parameter's type
//! with the given fields and the record type's defaults for the others, in its field order.

use crate::calls::arg_expr;
use crate::constructors::{window_layout, Slot};
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
        // The record's keys in its field order, as a mapping constructor orders them.
        let names: Vec<String> = given.iter().map(|(name, _)| name.clone()).collect();
        let layout = window_layout(record, &names, &names);
        let window = self.regs(layout.len() * 2);
        let entry = |position: usize| Reg(window.start.wrapping_add((position * 2) as u16));
        for (position, slot) in layout.iter().enumerate() {
            let Slot::Default(name, default) = slot else {
                continue;
            };
            let key_reg = entry(position);
            self.load_string(key_reg, name);
            let readonly = record
                .and_then(|r| r.fields.iter().find(|f| f.name == *name))
                .is_some_and(|f| f.readonly);
            self.deferred_into(*default, Reg(key_reg.0.wrapping_add(1)), readonly);
        }
        for (offset, (name, index)) in given.iter().enumerate() {
            let Some(position) = layout.iter().position(|s| *s == Slot::Written(offset)) else {
                self.unsupported("a named argument without a place in its included record");
                return;
            };
            let key_reg = entry(position);
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
