//! The `Program::record_defaults` table: one small function per defaulted record field, so
//! the runtime can fill omitted fields of records it builds itself (`cloneWithType`,
//! `fromJsonWithType`). Mapping constructors in lowered code evaluate defaults inline instead.

use crate::emit::FnLower;
use crate::{ir, sema, Lowerer};
use ir::Instruction;
use sema::Type;

impl<'a> Lowerer<'a> {
    /// Adds default functions for every record type the program's IR refers to. Runs after
    /// all code is lowered, so the type memo holds every record type the runtime can meet.
    pub(crate) fn lower_record_defaults(&mut self) {
        let checked = self.checked;
        let mut records: Vec<(ir::TypeId, sema::TypeId)> = self
            .type_memo
            .iter()
            .filter(|(ty, _)| {
                matches!(checked.types.get(**ty), Type::Record(record)
                    if record.fields.iter().any(|field| field.default.is_some()))
            })
            .map(|(ty, id)| (*id, *ty))
            .collect();
        // The memo is a hash map: sort so the emitted program is deterministic.
        records.sort_by_key(|(id, _)| id.0);
        for (record_id, ty) in records {
            let Type::Record(record) = checked.types.get(ty) else {
                continue;
            };
            for field in &record.fields {
                let Some(default) = field.default else {
                    continue;
                };
                let Some(expr) = self.deferred(default) else {
                    continue;
                };
                let mut function = ir::Function::new("$default", 0);
                function.name = format!("$default.{}", field.name);
                let mut body = FnLower::new(self, default.file, 0);
                body.set_line(expr.span);
                let value = body.reg();
                body.value_into_readonly(expr, value, field.readonly);
                body.emit(Instruction::Return { value });
                let function = body.finish(function);
                let effect_free = !function.code.iter().any(has_effects);
                let func = self.builder.add_function(function);
                self.builder
                    .program
                    .record_defaults
                    .push(ir::RecordDefault {
                        record: record_id,
                        field: field.name.clone(),
                        func,
                        effect_free,
                    });
            }
        }
    }
}

/// Whether an instruction can be observed outside the function: a call (of anything), a
/// panic or a write to a module variable.
fn has_effects(instruction: &Instruction) -> bool {
    matches!(
        instruction,
        Instruction::Call { .. }
            | Instruction::CallIndirect { .. }
            | Instruction::CallMethod { .. }
            | Instruction::CallNative { .. }
            | Instruction::CallNativeSpread { .. }
            | Instruction::Panic { .. }
            | Instruction::GlobalSet { .. }
    )
}
