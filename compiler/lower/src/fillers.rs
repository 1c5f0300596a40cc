//! Filler objects (spec "FillMember"): assigning `xs[i]` beyond the end of a list whose
//! members are objects of class `C` fills the gap with `new C()` when `C`'s `init` allows no
//! arguments and cannot return an error. The runtime's fillers are values it can build
//! without running code, so the assignment itself appends the objects first.

use crate::emit::FnLower;
use crate::{ir, sema};
use intc_syntax::ast;
use ir::{Cmp, Instruction, Reg};
use sema::{ClassSource, ParamKindInfo, Type};

impl<'l, 'a> FnLower<'l, 'a> {
    /// The class whose `new C()` fills the members of the list `base` (of static type `C[]`;
    /// a fixed-length list never grows).
    pub(crate) fn object_filler_class(&self, base: &ast::Expr) -> Option<sema::ClassId> {
        let checked = self.lw.checked;
        let element = match checked.types.get(self.expr_type(base)) {
            Type::Array {
                element,
                length: None,
            } => *element,
            _ => return None,
        };
        let Type::Object(object) = checked.types.get(element) else {
            return None;
        };
        let class = object.class?;
        let info = checked.classes.get(class.index())?;
        if !matches!(info.source, ClassSource::Item(_)) {
            return None;
        }
        if let Some(init) = info.init {
            let function = checked.functions.get(init.index())?;
            let needs_args = function
                .params
                .iter()
                .any(|p| matches!(p.kind, ParamKindInfo::Required | ParamKindInfo::Included));
            if needs_args || checked.types.contains_error(function.ret) {
                return None;
            }
        }
        Some(class)
    }

    /// Before `container[key] = ...`: appends `new C()` while the list is shorter than `key`.
    pub(crate) fn fill_with_objects(&mut self, container: Reg, key: Reg, class: sema::ClassId) {
        let checked = self.lw.checked;
        let mark = self.mark();
        let length = self.reg();
        let top = self.here();
        self.emit(Instruction::Length {
            dst: length,
            value: container,
        });
        let exit = self.emit(Instruction::JumpIfCmpInt {
            cmp: Cmp::Ge,
            a: length,
            b: key,
            target: 0,
        });
        let object = self.reg();
        self.emit(Instruction::NewObject {
            dst: object,
            class: ir::ClassId(class.0),
        });
        self.init_fields(class, object);
        let info = checked.classes.get(class.index());
        if let Some(&func) = info
            .and_then(|c| c.init)
            .and_then(|init| self.lw.functions.get(&init))
        {
            // Omitted defaults are filled by `init` itself.
            let window = self.regs(1);
            self.emit(Instruction::Move {
                dst: Reg(window.start),
                src: object,
            });
            let result = self.reg();
            self.emit(Instruction::Call {
                dst: result,
                func,
                args: window,
            });
        }
        if info.is_some_and(|c| c.is_readonly) {
            self.emit(Instruction::Freeze { value: object });
        }
        self.emit(Instruction::MemberSet {
            container,
            key: length,
            value: object,
        });
        self.emit(Instruction::Jump { target: top });
        self.patch_here(&[exit]);
        self.release(mark);
    }
}
