//! Constructors: lists (with spreads and their inherent type), mappings (a record's fields in
//! the type's field order, then the other written fields, computed keys last), errors (with
//! the detail record's defaults), `new` and object constructors.

use crate::emit::{FnLower, Local};
use crate::{ir, sema};
use intc_syntax::ast;
use ir::{Instruction, Reg};
use sema::{Type, TypeArena};

/// One member of a list being built.
pub(crate) enum ListEntry<'a> {
    Value(&'a ast::Expr),
    /// `...expr`: every member of the iterable.
    Spread(&'a ast::Expr),
    /// A member the constructor leaves out whose filler is a record built with its field
    /// defaults (`{}` of this record type).
    RecordFiller(sema::TypeId),
    /// A member left out whose filler is `new C()`.
    ObjectFiller(sema::ClassId),
}

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn list_constructor(
        &mut self,
        expr: &'a ast::Expr,
        items: &'a [ast::ListItem],
        dst: Reg,
        readonly: bool,
    ) {
        let frozen = readonly || self.has_readonly_operand_type(expr);
        let ty = self.operand_type(expr);
        let spread = &self.lw.checked.queries.spread;
        let entries: Vec<ListEntry<'a>> = items
            .iter()
            .map(|item| match item {
                // An aggregated query variable is an implicit spread.
                ast::ListItem::Expr(e) if spread.contains(&self.key(e.id)) => ListEntry::Spread(e),
                ast::ListItem::Expr(e) => ListEntry::Value(e),
                ast::ListItem::Spread(e) => ListEntry::Spread(e),
            })
            .collect();
        let mut entries = entries;
        entries.extend(self.record_fillers(expr, items));
        self.build_list(ty, &entries, dst, frozen);
        if frozen {
            self.emit(Instruction::Freeze { value: dst });
        }
    }

    /// A byte-array literal: a `NewList` of its bytes with the checked inherent type. Long
    /// literals are built without a register per byte: the fixed-length `byte[N]` starts
    /// filled with zeros and each non-zero byte is stored.
    pub(crate) fn byte_array(
        &mut self,
        expr: &'a ast::Expr,
        bytes: &[u8],
        dst: Reg,
        readonly: bool,
    ) {
        const IN_REGISTERS: usize = 64;
        let frozen = readonly || self.has_readonly_operand_type(expr);
        let inline = if bytes.len() <= IN_REGISTERS {
            bytes
        } else {
            &[]
        };
        // Stored one by one, a read-only literal is built mutable and frozen at the end.
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        let ty = match checked
            .operand_types
            .get(&key)
            .map(|&t| checked.types.get(t))
        {
            Some(&Type::ReadonlyOf(inner)) if inline.len() < bytes.len() => self.lw.ir_type(inner),
            _ => self.operand_type(expr),
        };
        let window = self.regs(inline.len());
        for (index, &byte) in inline.iter().enumerate() {
            let slot = Reg(window.start.wrapping_add(index as u16));
            self.emit(Instruction::LoadInt {
                dst: slot,
                value: i64::from(byte),
            });
        }
        self.emit(Instruction::NewList {
            dst,
            ty,
            members: window,
        });
        if inline.is_empty() && !bytes.is_empty() {
            let key = self.reg();
            let value = self.reg();
            for (index, &byte) in bytes.iter().enumerate().filter(|(_, &b)| b != 0) {
                self.emit(Instruction::LoadInt {
                    dst: key,
                    value: index as i64,
                });
                self.emit(Instruction::LoadInt {
                    dst: value,
                    value: i64::from(byte),
                });
                self.emit(Instruction::MemberSet {
                    container: dst,
                    key,
                    value,
                });
            }
        }
        if frozen {
            self.emit(Instruction::Freeze { value: dst });
        }
    }

    /// Builds a list of inherent type `ty`: the members before the first spread go into one
    /// `NewList`; later members are appended one by one.
    pub(crate) fn build_list(
        &mut self,
        ty: ir::TypeId,
        entries: &[ListEntry<'a>],
        dst: Reg,
        frozen: bool,
    ) {
        let prefix = entries
            .iter()
            .position(|e| matches!(e, ListEntry::Spread(_)))
            .unwrap_or(entries.len());
        let window = self.regs(prefix);
        for (index, entry) in entries.iter().take(prefix).enumerate() {
            let slot = Reg(window.start.wrapping_add(index as u16));
            match entry {
                ListEntry::Value(expr) => self.value_into_readonly(expr, slot, frozen),
                ListEntry::RecordFiller(record) => self.record_filler_into(*record, slot, frozen),
                ListEntry::ObjectFiller(class) => self.new_filler_object(*class, slot),
                ListEntry::Spread(_) => {}
            }
        }
        let list = self.reg();
        self.emit(Instruction::NewList {
            dst: list,
            ty,
            members: window,
        });
        for entry in entries.iter().skip(prefix) {
            match entry {
                ListEntry::Value(expr) => {
                    let value = self.value(expr);
                    self.append(list, value);
                }
                ListEntry::RecordFiller(record) => {
                    let value = self.reg();
                    self.record_filler_into(*record, value, frozen);
                    self.append(list, value);
                }
                ListEntry::ObjectFiller(class) => {
                    let value = self.reg();
                    self.new_filler_object(*class, value);
                    self.append(list, value);
                }
                ListEntry::Spread(expr) => {
                    let iterable = self.value(expr);
                    let iter = self.reg();
                    self.emit(Instruction::IterNew {
                        dst: iter,
                        iterable,
                    });
                    let item = self.reg();
                    let head = self.emit(Instruction::IterNext {
                        dst: item,
                        iter,
                        target: 0,
                    });
                    self.append(list, item);
                    self.emit(Instruction::Jump { target: head });
                    self.patch_here(&[head]);
                }
            }
        }
        self.emit(Instruction::Move { dst, src: list });
    }

    pub(crate) fn append(&mut self, list: Reg, value: Reg) {
        let index = self.reg();
        self.emit(Instruction::Length {
            dst: index,
            value: list,
        });
        self.emit(Instruction::MemberSet {
            container: list,
            key: index,
            value,
        });
    }

    /// Whether a constructor's recorded inherent type is `T & readonly`.
    fn has_readonly_operand_type(&self, expr: &ast::Expr) -> bool {
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        checked
            .operand_types
            .get(&key)
            .is_some_and(|&ty| matches!(checked.types.get(ty), Type::ReadonlyOf(_)))
    }

    /// The record type of a mapping constructor's inherent type, if it is one.
    fn record_of(&self, ty: sema::TypeId) -> Option<&'a sema::RecordType> {
        let checked = self.lw.checked;
        let mut current = ty;
        for _ in 0..8 {
            match checked.types.get(current) {
                Type::Record(record) => return Some(record),
                Type::ReadonlyOf(inner) => current = *inner,
                _ => return None,
            }
        }
        None
    }

    pub(crate) fn mapping_constructor(
        &mut self,
        expr: &'a ast::Expr,
        fields: &'a [ast::MappingField],
        dst: Reg,
        readonly: bool,
    ) {
        let frozen = readonly || self.has_readonly_operand_type(expr);
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        let sema_type = checked
            .operand_types
            .get(&key)
            .copied()
            .unwrap_or(TypeArena::MAP_ANYDATA);
        let ty = self.lw.ir_type(sema_type);
        let record = self.record_of(sema_type);

        // Static key of each field (None for computed keys and spreads).
        let static_key = |field: &ast::MappingField| -> Option<String> {
            match field {
                ast::MappingField::KeyValue { key, .. } => match key {
                    ast::MappingKey::Ident(ident) => Some(ident.name.clone()),
                    ast::MappingKey::String(text, _) => Some(text.clone()),
                    ast::MappingKey::Computed(_) => None,
                },
                ast::MappingField::Spread(_) => None,
            }
        };
        let is_computed = |field: &ast::MappingField| {
            matches!(
                field,
                ast::MappingField::KeyValue {
                    key: ast::MappingKey::Computed(_),
                    ..
                }
            )
        };
        let given: Vec<String> = fields.iter().filter_map(static_key).collect();
        // The static fields before the first spread go into the `NewMap` window with the
        // defaults; the rest (from the first spread on) are stored one by one, and computed
        // keys last of all. A field whose nil value means absence is stored one by one too, so
        // it can be skipped.
        let leading = fields
            .iter()
            .enumerate()
            .position(|(i, f)| {
                matches!(f, ast::MappingField::Spread(_))
                    || self.nil_removes_field(record, (key, i), f)
            })
            .unwrap_or(fields.len());
        let direct: Vec<(usize, &ast::MappingField)> = fields[..leading]
            .iter()
            .enumerate()
            .filter(|(_, f)| !is_computed(f))
            .collect();
        let direct_names: Vec<String> = direct.iter().filter_map(|(_, f)| static_key(f)).collect();
        let layout = window_layout(record, &direct_names, &given);
        let window = self.regs(layout.len() * 2);
        let pair = |position: usize| {
            let base = window.start.wrapping_add((position * 2) as u16);
            (Reg(base), Reg(base.wrapping_add(1)))
        };
        // The written fields are evaluated in written order, each into its place.
        for (offset, &(index, field)) in direct.iter().enumerate() {
            let Some(position) = layout.iter().position(|s| *s == Slot::Written(offset)) else {
                self.unsupported("a mapping field without a place in its record");
                return;
            };
            let (key_reg, value_reg) = pair(position);
            if let ast::MappingField::KeyValue {
                key: name, value, ..
            } = field
            {
                let field = (key, index);
                self.mapping_entry(field, name, value.as_ref(), key_reg, value_reg, frozen);
            }
        }
        for (position, slot) in layout.iter().enumerate() {
            let (key_reg, value_reg) = pair(position);
            match slot {
                Slot::Written(_) => {}
                Slot::Default(name, default) => {
                    self.load_string(key_reg, name);
                    self.deferred_into(*default, value_reg, frozen);
                }
            }
        }
        let map = self.reg();
        self.emit(Instruction::NewMap {
            dst: map,
            ty,
            entries: window,
        });

        let rest = fields.iter().enumerate().skip(leading);
        let not_computed = rest.filter(|(_, f)| !is_computed(f));
        let computed = fields.iter().enumerate().filter(|(_, f)| is_computed(f));
        for (index, field) in not_computed.chain(computed) {
            match field {
                ast::MappingField::Spread(source) => self.spread_into_map(map, source),
                ast::MappingField::KeyValue {
                    key: name, value, ..
                } => {
                    let key_reg = self.reg();
                    let value_reg = self.reg();
                    let field_key = (key, index);
                    let field_node = field;
                    self.mapping_entry(field_key, name, value.as_ref(), key_reg, value_reg, frozen);
                    let skip = self
                        .nil_removes_field(record, field_key, field_node)
                        .then(|| {
                            self.emit(Instruction::JumpIfNil {
                                value: value_reg,
                                target: 0,
                            })
                        });
                    self.emit(Instruction::MemberSet {
                        container: map,
                        key: key_reg,
                        value: value_reg,
                    });
                    self.patch_here(&Vec::from_iter(skip));
                }
            }
        }
        self.emit(Instruction::Move { dst, src: map });
        if frozen {
            self.emit(Instruction::Freeze { value: dst });
        }
    }

    /// Whether the checker marked a field for an optional record field whose type excludes
    /// nil as given a possibly nil value: nil then means the field is absent.
    fn nil_removes_field(
        &self,
        record: Option<&sema::RecordType>,
        field: (sema::NodeKey, usize),
        node: &ast::MappingField,
    ) -> bool {
        let checked = self.lw.checked;
        // The checker may have tried other candidate types; the chosen one must agree.
        let name = match node {
            ast::MappingField::KeyValue {
                key: ast::MappingKey::Ident(ident),
                ..
            } => ident.name.as_str(),
            ast::MappingField::KeyValue {
                key: ast::MappingKey::String(text, _),
                ..
            } => text.as_str(),
            _ => return false,
        };
        let optional_without_nil = record.is_some_and(|r| {
            r.fields
                .iter()
                .any(|f| f.name == name && f.optional && !checked.types.contains_nil(f.ty))
        });
        if !optional_without_nil {
            return false;
        }
        let value_key = match node {
            ast::MappingField::KeyValue { value: Some(v), .. } => self.key(v.id),
            ast::MappingField::KeyValue { value: None, .. } => {
                match checked.shorthand_fields.get(&field) {
                    Some(&k) => k,
                    None => return false,
                }
            }
            ast::MappingField::Spread(_) => return false,
        };
        checked.nil_removes.contains(&value_key)
    }

    /// One `key: value` field (`field`: the constructor's key and the field's index).
    fn mapping_entry(
        &mut self,
        field: (sema::NodeKey, usize),
        key: &'a ast::MappingKey,
        value: Option<&'a ast::Expr>,
        key_reg: Reg,
        value_reg: Reg,
        frozen: bool,
    ) {
        match key {
            ast::MappingKey::Ident(ident) => self.load_string(key_reg, &ident.name),
            ast::MappingKey::String(text, _) => self.load_string(key_reg, text),
            ast::MappingKey::Computed(expr) => self.value_into(expr, key_reg),
        }
        match value {
            Some(value) => self.value_into_readonly(value, value_reg, frozen),
            // Shorthand `{name}`: the checker resolved the variable under a key of its own.
            None => match self.lw.checked.shorthand_fields.get(&field).copied() {
                Some(variable) => self.var_at(variable, value_reg),
                None => self.unsupported("a mapping shorthand field the checker did not resolve"),
            },
        }
    }

    /// `{...source}`: copies every entry of a mapping.
    fn spread_into_map(&mut self, map: Reg, source: &'a ast::Expr) {
        let mapping = self.value(source);
        let keys = self.reg();
        let native = self.lw.builder.lang_native(ir::LangNative::MapKeys);
        self.emit(Instruction::CallNative {
            dst: keys,
            native,
            args: ir::RegRange::new(mapping.0, 1),
        });
        let iter = self.reg();
        self.emit(Instruction::IterNew {
            dst: iter,
            iterable: keys,
        });
        let key = self.reg();
        let head = self.emit(Instruction::IterNext {
            dst: key,
            iter,
            target: 0,
        });
        let value = self.reg();
        self.emit(Instruction::MemberGet {
            dst: value,
            container: mapping,
            key,
        });
        self.emit(Instruction::MemberSet {
            container: map,
            key,
            value,
        });
        self.emit(Instruction::Jump { target: head });
        self.patch_here(&[head]);
    }

    pub(crate) fn error_constructor(
        &mut self,
        expr: &'a ast::Expr,
        args: &'a [ast::Arg],
        dst: Reg,
    ) {
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        let Some(info) = checked.error_constructors.get(&key) else {
            self.unsupported("an error constructor the checker did not resolve");
            return;
        };
        let ty = self.lw.ir_type(info.ty);
        let message = self.reg();
        match args.get(info.message) {
            Some(arg) => self.value_into(crate::calls::arg_expr(arg), message),
            None => self.load_string(message, ""),
        }
        let cause = self.reg();
        match info.cause.and_then(|index| args.get(index)) {
            Some(arg) => self.value_into(crate::calls::arg_expr(arg), cause),
            None => {
                self.emit(Instruction::LoadNil { dst: cause });
            }
        }
        let detail = self.reg();
        let detail_type = match checked.types.get(info.ty) {
            Type::Error(error) => error.detail,
            _ => TypeArena::ERROR_DETAIL,
        };
        // The detail record is built as a mapping constructor would be: its fields in the
        // detail type's field order, defaults for the ones the named arguments leave out.
        let names: Vec<String> = info.fields.iter().map(|(name, _)| name.clone()).collect();
        let layout = window_layout(self.record_of(detail_type), &names, &names);
        if layout.is_empty() {
            self.emit(Instruction::LoadNil { dst: detail });
        } else {
            let window = self.regs(layout.len() * 2);
            let pair = |position: usize| {
                let base = window.start.wrapping_add((position * 2) as u16);
                (Reg(base), Reg(base.wrapping_add(1)))
            };
            for (index, (name, arg_index)) in info.fields.iter().enumerate() {
                let Some(position) = layout.iter().position(|s| *s == Slot::Written(index)) else {
                    self.unsupported("an error detail field without a place in its record");
                    return;
                };
                let (key_reg, value_reg) = pair(position);
                self.load_string(key_reg, name);
                match args.get(*arg_index) {
                    Some(arg) => self.value_into(crate::calls::arg_expr(arg), value_reg),
                    None => {
                        self.emit(Instruction::LoadNil { dst: value_reg });
                    }
                }
            }
            for (position, slot) in layout.iter().enumerate() {
                if let Slot::Default(name, default) = slot {
                    let (key_reg, value_reg) = pair(position);
                    self.load_string(key_reg, name);
                    // The detail is immutable, so its default values are too.
                    self.deferred_into(*default, value_reg, true);
                }
            }
            let detail_ir = self.lw.ir_type(detail_type);
            self.emit(Instruction::NewMap {
                dst: detail,
                ty: detail_ir,
                entries: window,
            });
            self.emit(Instruction::Freeze { value: detail });
        }
        self.emit(Instruction::NewError {
            dst,
            ty,
            message,
            cause,
            detail,
        });
    }

    pub(crate) fn new_object(&mut self, expr: &'a ast::Expr, args: &'a [ast::Arg], dst: Reg) {
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        let Some(info) = checked.news.get(&key) else {
            self.unsupported("a `new` expression the checker did not resolve");
            return;
        };
        let object = self.reg();
        self.emit(Instruction::NewObject {
            dst: object,
            class: ir::ClassId(info.class.0),
        });
        self.init_fields(info.class, object);
        let Some(init) = info.init else {
            self.freeze_if_readonly_class(info.class, object);
            self.emit(Instruction::Move { dst, src: object });
            return;
        };
        let result = self.reg();
        self.call_init(info, init, object, args, result);
        let ret = checked.functions.get(init.index()).map(|f| f.ret);
        self.freeze_if_readonly_class(info.class, object);
        self.emit(Instruction::Move { dst, src: object });
        if ret.is_some_and(|ret| checked.types.contains_error(ret)) {
            self.error_replaces_object(result, dst);
        }
    }

    /// Runs the field initialisers of a class on a fresh object (in the creating function,
    /// so initialisers of object constructors see the enclosing locals).
    pub(crate) fn init_fields(&mut self, class: sema::ClassId, object: Reg) {
        let checked = self.lw.checked;
        let Some(info) = checked.classes.get(class.index()) else {
            return;
        };
        for (slot, field) in info.fields.iter().enumerate() {
            let Some(default) = field.default else {
                continue;
            };
            let value = self.reg();
            self.deferred_into(default, value, false);
            self.emit(Instruction::ObjectSlotSet {
                object,
                slot: slot.min(u16::MAX as usize) as u16,
                value,
            });
        }
    }

    pub(crate) fn object_constructor(
        &mut self,
        expr: &'a ast::Expr,
        members: &'a [ast::ClassMember],
        dst: Reg,
    ) {
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        let Some(&class) = checked.object_classes.get(&key) else {
            self.unsupported("an object constructor the checker did not resolve");
            return;
        };
        self.lower_object_constructor_methods(class, members);
        let object = self.reg();
        self.emit(Instruction::NewObject {
            dst: object,
            class: ir::ClassId(class.0),
        });
        self.store_object_captures(class, object);
        self.init_fields(class, object);
        let mut init_result = None;
        if let Some(init) = checked.classes.get(class.index()).and_then(|c| c.init) {
            if let Some(&func) = self.lw.functions.get(&init) {
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
                let ret = checked.functions.get(init.index()).map(|f| f.ret);
                if ret.is_some_and(|ret| checked.types.contains_error(ret)) {
                    init_result = Some(result);
                }
            }
        }
        self.freeze_if_readonly_class(class, object);
        self.emit(Instruction::Move { dst, src: object });
        if let Some(result) = init_result {
            self.error_replaces_object(result, dst);
        }
    }

    /// When `init` returned an error, the constructor's value is that error.
    fn error_replaces_object(&mut self, result: Reg, dst: Reg) {
        let error_type = self.lw.ir_type(TypeArena::ERROR);
        let is_error = self.reg();
        self.emit(Instruction::TypeTest {
            dst: is_error,
            value: result,
            ty: error_type,
        });
        let skip = self.emit(Instruction::JumpIfFalse {
            cond: is_error,
            target: 0,
        });
        self.emit(Instruction::Move { dst, src: result });
        self.patch_here(&[skip]);
    }

    /// Instances of a `readonly class` are immutable once `init` returns.
    fn freeze_if_readonly_class(&mut self, class: sema::ClassId, object: Reg) {
        if self
            .lw
            .checked
            .classes
            .get(class.index())
            .is_some_and(|c| c.is_readonly)
        {
            self.emit(Instruction::Freeze { value: object });
        }
    }

    /// Stores the cells of the enclosing locals an object constructor captures in the
    /// object's hidden fields.
    fn store_object_captures(&mut self, class: sema::ClassId, object: Reg) {
        let checked = self.lw.checked;
        let Some(info) = checked.classes.get(class.index()) else {
            return;
        };
        let captures = self.lw.object_captures(info);
        let base = info.fields.len();
        for (index, capture) in captures.iter().enumerate() {
            let Ok(slot) = u16::try_from(base + index) else {
                self.unsupported("an object capturing this many variables");
                return;
            };
            let cell = match self.locals.get(capture).copied() {
                Some(Local::Cell(cell)) => cell,
                Some(Local::Reg(reg)) => {
                    let cell = self.reg();
                    self.emit(Instruction::NewCell {
                        dst: cell,
                        init: reg,
                    });
                    cell
                }
                None => {
                    self.unsupported("capturing a variable of an enclosing closure");
                    continue;
                }
            };
            self.emit(Instruction::ObjectSlotSet {
                object,
                slot,
                value: cell,
            });
        }
    }

    /// Lowers the methods of an object constructor's class (once).
    fn lower_object_constructor_methods(
        &mut self,
        class: sema::ClassId,
        members: &'a [ast::ClassMember],
    ) {
        if self.lw.pending_object_classes.contains(&class) {
            return;
        }
        self.lw.pending_object_classes.push(class);
        let checked = self.lw.checked;
        let Some(info) = checked.classes.get(class.index()) else {
            return;
        };
        let file = self.file;
        let methods = info.methods.iter().map(|(_, function)| *function);
        for function in methods.chain(info.init) {
            let Some(&ir_id) = self.lw.functions.get(&function) else {
                continue;
            };
            let member = checked
                .functions
                .get(function.index())
                .and_then(|f| members.get(f.member?));
            let def = match member {
                Some(ast::ClassMember::Method(def)) => Some(def),
                _ => None,
            };
            match def {
                Some(def) => self.lw.lower_function_def(function, ir_id, def, file),
                None => {
                    if let Some(function_info) = checked.functions.get(function.index()) {
                        self.lw.lower_missing_body(ir_id, function_info, file);
                    }
                }
            }
        }
    }
}

/// Where one entry of a record constructor's `NewMap` window comes from.
#[derive(Debug, PartialEq)]
pub(crate) enum Slot<'f> {
    /// The written field at this index of the window's fields.
    Written(usize),
    /// A field the constructor leaves out: its default.
    Default(&'f str, sema::NodeKey),
}

/// The window of a record constructor, as jBallerina orders a record's keys: the fields the
/// record type declares, in its field order (the written ones and the defaults of the ones
/// `given` leaves out), then the other written fields (`direct`, in order). Fields written
/// after a spread are stored later; the runtime puts a declared one in its place.
pub(crate) fn window_layout<'f>(
    record: Option<&'f sema::RecordType>,
    direct: &[String],
    given: &[String],
) -> Vec<Slot<'f>> {
    let mut layout = Vec::new();
    let declared = record.map(|r| r.fields.as_slice()).unwrap_or_default();
    for field in declared {
        if let Some(index) = direct.iter().position(|n| *n == field.name) {
            layout.push(Slot::Written(index));
        } else if let Some(default) = field.default {
            if !given.contains(&field.name) {
                layout.push(Slot::Default(&field.name, default));
            }
        }
    }
    for (index, name) in direct.iter().enumerate() {
        if !declared.iter().any(|f| f.name == *name) {
            layout.push(Slot::Written(index));
        }
    }
    layout
}
