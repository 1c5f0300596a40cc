//! Filler objects (spec "FillMember"): assigning `xs[i]` beyond the end of a list whose
//! members are objects of class `C` fills the gap with `new C()` when `C`'s `init` allows no
//! arguments and cannot return an error. The runtime's fillers are values it can build
//! without running code, so the assignment itself appends the objects first (and so do
//! `setLength` and the filling-read of `cs[i].f = v`). Likewise a list constructor that
//! leaves out members whose filler is a record with field defaults (`Person[2] ps = [];`)
//! builds those records here, evaluating the defaults as `{}` would (they may call
//! functions, which the runtime's fillers cannot).

use crate::constructors::ListEntry;
use crate::emit::FnLower;
use crate::{ir, sema};
use intc_syntax::ast;
use ir::{Cmp, Instruction, Reg};
use sema::{ClassSource, ParamKindInfo, Type};

/// The most members of a fixed-length list constructor whose fillers lowering builds itself
/// (each takes a register of the constructor's window).
const MAX_LOWERED_FILLERS: usize = 1024;

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
        self.class_filler(element)
    }

    /// The class `C` when `ty` is its object type and `new C()` is its filler value.
    pub(crate) fn class_filler(&self, ty: sema::TypeId) -> Option<sema::ClassId> {
        let checked = self.lw.checked;
        let Type::Object(object) = checked.types.get(ty) else {
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

    /// `cs[i]` as the container of `cs[i].f = v` when `cs` is a `C[]` whose filler is
    /// `new C()`: a filling-read (spec "Lvalues") that appends objects through index `i`.
    pub(crate) fn object_member_filling(&mut self, expr: &'a ast::Expr) -> Option<Reg> {
        let ast::ExprKind::Member { base, index } = &expr.kind else {
            return None;
        };
        let class = self.object_filler_class(base)?;
        let container = self.value(base);
        let key = self.value(index);
        self.fill_with_objects(container, key, class, true);
        let dst = self.reg();
        self.emit(Instruction::MemberGet {
            dst,
            container,
            key,
        });
        Some(dst)
    }

    /// The class whose objects fill the list that `setLength` grows (its first argument or
    /// receiver).
    pub(crate) fn set_length_filler_class(
        &self,
        matching: &sema::ArgMatching,
        receiver: Option<&'a ast::Expr>,
        args: &'a [ast::Arg],
    ) -> Option<sema::ClassId> {
        let list = match matching.params.first()? {
            sema::ArgSource::Receiver => receiver?,
            sema::ArgSource::Arg(index) => crate::calls::arg_expr(args.get(*index)?),
            _ => return None,
        };
        self.object_filler_class(list)
    }

    /// Before `container[key] = ...` (or `setLength(key)`): appends `new C()` while the list
    /// is shorter than `key`; with `through`, also member `key` itself (a filling-read).
    pub(crate) fn fill_with_objects(
        &mut self,
        container: Reg,
        key: Reg,
        class: sema::ClassId,
        through: bool,
    ) {
        let mark = self.mark();
        let length = self.reg();
        let top = self.here();
        self.emit(Instruction::Length {
            dst: length,
            value: container,
        });
        let exit = self.emit(Instruction::JumpIfCmpInt {
            cmp: if through { Cmp::Gt } else { Cmp::Ge },
            a: length,
            b: key,
            target: 0,
        });
        let object = self.reg();
        self.new_filler_object(class, object);
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

impl<'l, 'a> FnLower<'l, 'a> {
    /// The members a list constructor leaves out of a fixed-length list type when every one
    /// of them is a record with field defaults or an object of a class with a filler
    /// (otherwise the runtime fills them).
    pub(crate) fn record_fillers(
        &self,
        expr: &ast::Expr,
        items: &[ast::ListItem],
    ) -> Vec<ListEntry<'a>> {
        let checked = self.lw.checked;
        // An aggregated query variable is an implicit spread (`queries.spread`).
        if items.iter().any(|i| match i {
            ast::ListItem::Spread(_) => true,
            ast::ListItem::Expr(e) => checked.queries.spread.contains(&self.key(e.id)),
        }) {
            return Vec::new();
        }
        let Some(&ty) = checked.operand_types.get(&self.key(expr.id)) else {
            return Vec::new();
        };
        let mut list = ty;
        if let Type::ReadonlyOf(inner) = checked.types.get(list) {
            list = *inner;
        }
        let with_defaults = |member: sema::TypeId| {
            let plain = match checked.types.get(member) {
                Type::ReadonlyOf(inner) => *inner,
                _ => member,
            };
            matches!(checked.types.get(plain), Type::Record(record)
                if record.fields.iter().any(|f| f.default.is_some()))
        };
        let missing: Vec<sema::TypeId> = match checked.types.get(list) {
            Type::Array {
                element,
                length: Some(n),
            } => {
                // Decide on the element type before listing the members: a fixed length may
                // be as large as a Java array allows (`int[2147483647]`), and only a few
                // members are built here (one register each); beyond that the runtime fills
                // them (records from defaults free of side effects).
                let count = (*n as usize).saturating_sub(items.len());
                if count > MAX_LOWERED_FILLERS
                    || !(with_defaults(*element) || self.class_filler(*element).is_some())
                {
                    return Vec::new();
                }
                vec![*element; count]
            }
            Type::Tuple { members, .. } => members.iter().skip(items.len()).copied().collect(),
            _ => return Vec::new(),
        };
        if missing.iter().all(|&m| with_defaults(m)) {
            return missing.into_iter().map(ListEntry::RecordFiller).collect();
        }
        // Objects: the runtime builds no objects, so `C[2] cs = [];` builds them here.
        let classes: Option<Vec<sema::ClassId>> =
            missing.iter().map(|&m| self.class_filler(m)).collect();
        classes
            .map(|classes| classes.into_iter().map(ListEntry::ObjectFiller).collect())
            .unwrap_or_default()
    }

    /// The member type of `base` when it is a `map<R>` whose filler members are records
    /// with field defaults (`mp["k"].age = 4` builds `{}` of `R` for an absent key).
    pub(crate) fn map_record_filler(&self, base: &ast::Expr) -> Option<sema::TypeId> {
        let checked = self.lw.checked;
        let mut ty = self.expr_type(base);
        if let Type::ReadonlyOf(inner) = checked.types.get(ty) {
            ty = *inner;
        }
        let Type::Map(element) = checked.types.get(ty) else {
            return None;
        };
        match checked.types.get(*element) {
            Type::Record(record) if record.fields.iter().any(|f| f.default.is_some()) => {
                Some(*element)
            }
            _ => None,
        }
    }

    /// The filling-read of `container[key]` for a `map<R>`: an absent member is first stored
    /// as `{}` of `R` (its defaults evaluated here).
    pub(crate) fn fill_map_member(
        &mut self,
        container: Reg,
        key: Reg,
        record: sema::TypeId,
    ) -> Reg {
        let dst = self.reg();
        self.emit(Instruction::MemberGet {
            dst,
            container,
            key,
        });
        let present = self.emit(Instruction::JumpIfNotNil {
            value: dst,
            target: 0,
        });
        self.record_filler_into(record, dst, false);
        self.emit(Instruction::MemberSet {
            container,
            key,
            value: dst,
        });
        self.patch_here(&[present]);
        dst
    }

    /// `new C()` into `object`, for a class whose `init` takes no arguments.
    pub(crate) fn new_filler_object(&mut self, class: sema::ClassId, object: Reg) {
        let checked = self.lw.checked;
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
    }

    /// `{}` of the record type `ty`: its field defaults in field order.
    pub(crate) fn record_filler_into(&mut self, ty: sema::TypeId, dst: Reg, frozen: bool) {
        let checked = self.lw.checked;
        // The filler of `R & readonly` is `{}` constructed as read-only.
        let (plain, frozen) = match checked.types.get(ty) {
            Type::ReadonlyOf(inner) => (*inner, true),
            _ => (ty, frozen),
        };
        let defaults: Vec<(&str, sema::NodeKey)> = match checked.types.get(plain) {
            Type::Record(record) => record
                .fields
                .iter()
                .filter_map(|f| f.default.map(|d| (f.name.as_str(), d)))
                .collect(),
            _ => Vec::new(),
        };
        let ir_ty = self.lw.ir_type(ty);
        let window = self.regs(defaults.len() * 2);
        for (position, (name, default)) in defaults.iter().enumerate() {
            let key_reg = Reg(window.start.wrapping_add((position * 2) as u16));
            let value_reg = Reg(key_reg.0.wrapping_add(1));
            self.load_string(key_reg, name);
            self.deferred_into(*default, value_reg, frozen);
        }
        self.emit(Instruction::NewMap {
            dst,
            ty: ir_ty,
            entries: window,
        });
        if frozen {
            self.emit(Instruction::Freeze { value: dst });
        }
    }
}
