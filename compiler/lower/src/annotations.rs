//! Annotations and raw templates.
//!
//! Every [`sema::AnnotationSet`] gets a hidden global (`$annotations`) and an
//! [`ir::AnnotationSet`] entry naming its target; the init of the declaring module fills the
//! global, before the module's variables, with an immutable `map<any|error>` from tag key to
//! effective value (`true` for a flag, the immutable clone of the mapping otherwise, a list of
//! them for an array-typed tag). `t.@tag` is `AnnotationGet`.

use crate::emit::FnLower;
use crate::{ir, sema, Lowerer};
use intc_syntax::ast;
use ir::{Instruction, Reg};
use sema::TypeArena;

impl<'a> Lowerer<'a> {
    /// Adds one global per annotation set and the program's annotation table.
    pub(crate) fn declare_annotation_globals(&mut self) {
        let checked = self.checked;
        let any_map = {
            let member = self.ir_any_or_error();
            self.ir_map_of(member)
        };
        for set in &checked.annotation_sets {
            let target = match &set.target {
                sema::AnnotationTarget::Type(ty) => ir::AnnotationTarget::Type(self.ir_type(*ty)),
                // External functions have no IR function: their annotations stay unlisted.
                sema::AnnotationTarget::Function(f) => match self.functions.get(f) {
                    Some(&func) => ir::AnnotationTarget::Function(func),
                    None => {
                        self.annotation_globals.push(None);
                        continue;
                    }
                },
                sema::AnnotationTarget::Param(f, index) => match self.functions.get(f) {
                    Some(&func) => ir::AnnotationTarget::Param(func, *index as u32),
                    None => {
                        self.annotation_globals.push(None);
                        continue;
                    }
                },
                sema::AnnotationTarget::Return(f) => match self.functions.get(f) {
                    Some(&func) => ir::AnnotationTarget::Return(func),
                    None => {
                        self.annotation_globals.push(None);
                        continue;
                    }
                },
                sema::AnnotationTarget::Field(ty, name) => {
                    ir::AnnotationTarget::Field(self.ir_type(*ty), name.clone())
                }
                sema::AnnotationTarget::Global(global) => {
                    ir::AnnotationTarget::Global(ir::GlobalId(global.0))
                }
            };
            let global = ir::GlobalId(self.builder.program.globals.len() as u32);
            self.builder.program.globals.push(ir::Global {
                name: "$annotations".to_string(),
                module: self.module_prefix(set.module),
                ty: any_map,
                configurable: None,
                // Annotation values are frozen and set once, by module initialization.
                is_final: true,
            });
            self.annotation_globals.push(Some(global));
            self.builder
                .program
                .annotations
                .push(ir::AnnotationSet { target, global });
        }
    }
}

impl<'l, 'a> FnLower<'l, 'a> {
    /// Where the annotation set `index` is written: the file and offset of its first value
    /// expression, `None` when it has none (flags and `{}` of defaults only).
    pub(crate) fn annotation_set_position(&self, index: usize) -> Option<(intc_span::FileId, u32)> {
        let set = self.lw.checked.annotation_sets.get(index)?;
        set.entries
            .iter()
            .filter_map(|e| e.value.and_then(|key| self.lw.deferred(key)))
            .map(|e| (e.span.file, e.span.start))
            .min()
    }

    /// Whether a value expression of annotation set `index` may read a module variable
    /// (conservatively: any expression other than constructors, operators and names of
    /// constants may).
    pub(crate) fn annotation_set_reads_globals(&self, index: usize) -> bool {
        let Some(set) = self.lw.checked.annotation_sets.get(index) else {
            return false;
        };
        set.entries.iter().any(|e| {
            e.value.is_some_and(|key| {
                self.lw
                    .deferred(key)
                    .is_none_or(|v| self.may_read_globals(key.file, v, 0))
            })
        })
    }

    fn may_read_globals(&self, file: intc_span::FileId, expr: &ast::Expr, depth: u32) -> bool {
        use ast::ExprKind as K;
        if depth > 64 {
            return true;
        }
        let sub = |e: &ast::Expr| self.may_read_globals(file, e, depth + 1);
        match &expr.kind {
            K::Literal(_) | K::ByteArray(_) => false,
            K::Var { .. } => !matches!(
                self.lw
                    .checked
                    .resolutions
                    .get(&sema::NodeKey::new(file, expr.id)),
                Some(sema::Resolution::Constant(_) | sema::Resolution::TypeRef(_))
            ),
            K::Group(e) | K::Unary { operand: e, .. } => sub(e),
            K::Binary { lhs, rhs, .. } => sub(lhs) || sub(rhs),
            K::List(items) => items.iter().any(|i| match i {
                ast::ListItem::Expr(e) | ast::ListItem::Spread(e) => sub(e),
            }),
            K::Mapping(fields) => fields.iter().any(|f| match f {
                ast::MappingField::KeyValue { key, value, .. } => {
                    matches!(key, ast::MappingKey::Computed(k) if sub(k))
                        || value.as_ref().is_none_or(sub)
                }
                ast::MappingField::Spread(e) => sub(e),
            }),
            K::Template(parts) => parts.iter().any(|p| match p {
                ast::TemplatePart::Interpolation(e) => sub(e),
                ast::TemplatePart::Text(_) => false,
            }),
            _ => true,
        }
    }

    /// Evaluates the annotation sets of `module` that `ready` selects (by index) and that
    /// are not yet `done` into their globals (in a module init).
    pub(crate) fn lower_annotation_sets(
        &mut self,
        module: sema::ModuleId,
        done: &mut [bool],
        ready: impl Fn(&Self, usize) -> bool,
    ) {
        let checked = self.lw.checked;
        for (index, set) in checked.annotation_sets.iter().enumerate() {
            let global = self.lw.annotation_globals.get(index).copied().flatten();
            let (Some(global), true) = (global, set.module == module) else {
                continue;
            };
            if done.get(index).copied().unwrap_or(true) || !ready(self, index) {
                continue;
            }
            done[index] = true;
            let mark = self.mark();
            let mut tags: Vec<(sema::AnnotationId, Vec<&sema::AttachedAnnotation>)> = Vec::new();
            for entry in &set.entries {
                match tags.iter_mut().find(|(id, _)| *id == entry.annotation) {
                    Some((_, entries)) => entries.push(entry),
                    None => tags.push((entry.annotation, vec![entry])),
                }
            }
            let window = self.regs(tags.len() * 2);
            for (position, (id, entries)) in tags.iter().enumerate() {
                let Some(info) = checked.annotations.get(id.index()) else {
                    continue;
                };
                let key_reg = Reg(window.start.wrapping_add((position * 2) as u16));
                let value_reg = Reg(key_reg.0.wrapping_add(1));
                self.load_string(key_reg, &info.key);
                if info.multiple {
                    let members = self.regs(entries.len());
                    for (i, entry) in entries.iter().enumerate() {
                        let dst = Reg(members.start.wrapping_add(i as u16));
                        self.annotation_value(info, entry, dst);
                    }
                    let ty = self.lw.ir_type(info.ty);
                    self.emit(Instruction::NewList {
                        dst: value_reg,
                        ty,
                        members,
                    });
                    self.emit(Instruction::Freeze { value: value_reg });
                } else if let Some(entry) = entries.first() {
                    self.annotation_value(info, entry, value_reg);
                }
            }
            let map = self.reg();
            let ty = self.lw.ir_any_mapping();
            self.emit(Instruction::NewMap {
                dst: map,
                ty,
                entries: window,
            });
            self.emit(Instruction::Freeze { value: map });
            self.emit(Instruction::GlobalSet { global, src: map });
            self.release(mark);
        }
    }

    /// One annotation's value: `true` for a flag, else the immutable clone of its mapping
    /// constructor (or of `{}` with the type's field defaults when none is written).
    fn annotation_value(
        &mut self,
        info: &sema::AnnotationInfo,
        entry: &sema::AttachedAnnotation,
        dst: Reg,
    ) {
        let checked = self.lw.checked;
        if !checked
            .types
            .is_subtype(info.value_ty, TypeArena::MAP_ANYDATA)
        {
            self.emit(Instruction::LoadBool { dst, value: true });
            return;
        }
        let value = self.reg();
        match entry
            .value
            .and_then(|key| self.lw.deferred(key).map(|e| (key, e)))
        {
            Some((key, expr)) => {
                let (file, body_file) = (self.file, self.body_file);
                self.file = key.file;
                self.body_file = key.file;
                self.set_line(expr.span);
                self.value_into(expr, value);
                self.file = file;
                self.body_file = body_file;
            }
            None => self.defaults_only_mapping(info.value_ty, value),
        }
        let native = self
            .lw
            .builder
            .lang_native(ir::LangNative::ValueCloneReadOnly);
        let window = self.regs(1);
        self.emit(Instruction::Move {
            dst: Reg(window.start),
            src: value,
        });
        self.emit(Instruction::CallNative {
            dst,
            native,
            args: window,
        });
    }

    /// `{}` of a mapping type: only the record's defaulted fields.
    fn defaults_only_mapping(&mut self, ty: sema::TypeId, dst: Reg) {
        let checked = self.lw.checked;
        let record = match checked.types.get(ty) {
            sema::Type::Record(record) => Some(record),
            sema::Type::ReadonlyOf(inner) => match checked.types.get(*inner) {
                sema::Type::Record(record) => Some(record),
                _ => None,
            },
            _ => None,
        };
        let defaults: Vec<(&String, sema::NodeKey)> = record
            .map(|r| {
                r.fields
                    .iter()
                    .filter_map(|f| f.default.map(|d| (&f.name, d)))
                    .collect()
            })
            .unwrap_or_default();
        let window = self.regs(defaults.len() * 2);
        for (position, (name, default)) in defaults.iter().enumerate() {
            let key_reg = Reg(window.start.wrapping_add((position * 2) as u16));
            let value_reg = Reg(key_reg.0.wrapping_add(1));
            self.load_string(key_reg, name);
            self.deferred_into(*default, value_reg, false);
        }
        let ir_ty = self.lw.ir_type(ty);
        self.emit(Instruction::NewMap {
            dst,
            ty: ir_ty,
            entries: window,
        });
    }

    /// `t.@tag`.
    pub(crate) fn annot_access(&mut self, expr: &'a ast::Expr, base: &'a ast::Expr, dst: Reg) {
        let typedesc = self.value(base);
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        let Some(info) = checked
            .annot_accesses
            .get(&key)
            .and_then(|id| checked.annotations.get(id.index()))
        else {
            self.unsupported("an annotation access the checker did not resolve");
            return;
        };
        let key = self.lw.builder.string_constant(&info.key);
        self.emit(Instruction::AnnotationGet { dst, typedesc, key });
    }

    /// `` `a ${x} b` ``: an object of the template's class with `strings` (immutable, built
    /// from the literal text) and `insertions` (evaluated now).
    pub(crate) fn raw_template(
        &mut self,
        expr: &'a ast::Expr,
        parts: &'a [ast::TemplatePart],
        dst: Reg,
    ) {
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        let Some(class) = checked
            .raw_templates
            .get(&key)
            .and_then(|&c| checked.classes.get(c.index()).map(|info| (c, info)))
        else {
            self.unsupported("a raw template the checker did not resolve");
            return;
        };
        let (class_id, info) = class;
        let field_ty = |name: &str| {
            info.fields
                .iter()
                .find(|f| f.name == name)
                .map_or(TypeArena::ANY_OR_ERROR, |f| f.ty)
        };
        let mut strings = vec![String::new()];
        let mut insertions = Vec::new();
        for part in parts {
            match part {
                ast::TemplatePart::Text(text) => {
                    if let Some(last) = strings.last_mut() {
                        last.push_str(text);
                    }
                }
                ast::TemplatePart::Interpolation(e) => {
                    insertions.push(e);
                    strings.push(String::new());
                }
            }
        }
        let object = self.reg();
        self.emit(Instruction::NewObject {
            dst: object,
            class: ir::ClassId(class_id.0),
        });
        let members = self.regs(strings.len());
        for (i, text) in strings.iter().enumerate() {
            self.load_string(Reg(members.start.wrapping_add(i as u16)), text);
        }
        let strings_ty = self.lw.ir_type(field_ty("strings"));
        let list = self.reg();
        self.emit(Instruction::NewList {
            dst: list,
            ty: strings_ty,
            members,
        });
        self.emit(Instruction::Freeze { value: list });
        self.emit(Instruction::ObjectSlotSet {
            object,
            slot: 0,
            value: list,
        });
        let members = self.regs(insertions.len());
        for (i, e) in insertions.iter().enumerate() {
            self.value_into(e, Reg(members.start.wrapping_add(i as u16)));
        }
        let insertions_sema = field_ty("insertions");
        let insertions_ty = self.lw.ir_type(insertions_sema);
        let list = self.reg();
        self.emit(Instruction::NewList {
            dst: list,
            ty: insertions_ty,
            members,
        });
        if self.is_readonly_type(insertions_sema) {
            self.emit(Instruction::Freeze { value: list });
        }
        self.emit(Instruction::ObjectSlotSet {
            object,
            slot: 1,
            value: list,
        });
        self.emit(Instruction::Move { dst, src: object });
    }
}
