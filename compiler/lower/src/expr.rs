//! Expressions: variables, member and field access, templates, type tests and casts,
//! `check`/`trap`, `let`, `typeof`; literals and operators live in their own modules.

use crate::emit::{FnLower, Local};
use crate::{ir, sema};
use intc_syntax::ast;
use ir::{Instruction, LangNative, Reg};
use sema::types::basic;
use sema::{Resolution, Type, TypeArena};

/// The static class of an operand pair, choosing typed opcodes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumClass {
    Int,
    Float,
    String,
    /// Both operands xml: `+` concatenates with `Concat`, in place when unshared.
    Xml,
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
            basic::XML => NumClass::Xml,
            _ => NumClass::Other,
        }
    }

    pub(crate) fn pair_class(&self, a: &ast::Expr, b: &ast::Expr) -> NumClass {
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
                self.fresh_dst = Some(dst);
                self.value_into(expr, dst);
                dst
            }
            _ => {
                let dst = self.reg();
                self.fresh_dst = Some(dst);
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
        let fresh = self.fresh_dst.take() == Some(dst);
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
            ast::ExprKind::Commit => self.commit_action(dst),
            ast::ExprKind::Transactional => self.transactional_expr(dst),
            ast::ExprKind::Group(inner) => {
                self.readonly_context = readonly;
                self.value_into(inner, dst)
            }
            ast::ExprKind::Template(parts) => self.template(parts, dst),
            ast::ExprKind::XmlTemplate(template) => self.xml_template(expr, template, dst),
            ast::ExprKind::RegExpTemplate(parts) => self.regexp_template(parts, dst),
            ast::ExprKind::XmlStep {
                base,
                step,
                patterns,
            } => self.xml_step(base, *step, patterns, dst),
            ast::ExprKind::List(items) => self.list_constructor(expr, items, dst, readonly),
            ast::ExprKind::Table { rows, .. } => self.table_constructor(expr, rows, dst),
            ast::ExprKind::ByteArray(bytes) => self.byte_array(expr, bytes, dst, readonly),
            ast::ExprKind::Mapping(fields) => self.mapping_constructor(expr, fields, dst, readonly),
            ast::ExprKind::Unary { op, operand } => self.unary(expr, *op, operand, dst),
            ast::ExprKind::Binary { op, lhs, rhs } => {
                self.dst_is_fresh = fresh;
                self.binary(*op, lhs, rhs, dst)
            }
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
                // `e[k]` is `()` when `e` is `()`.
                let base_type = self.expr_type(base);
                let nil_base = self.lw.checked.types.contains_nil(base_type);
                let to_nil = nil_base.then(|| {
                    self.emit(Instruction::JumpIfNil {
                        value: container,
                        target: 0,
                    })
                });
                self.emit(Instruction::MemberGet {
                    dst,
                    container,
                    key,
                });
                if let Some(site) = to_nil {
                    let to_end = self.emit(Instruction::Jump { target: 0 });
                    self.patch_here(&[site]);
                    self.emit(Instruction::LoadNil { dst });
                    self.patch_here(&[to_end]);
                }
            }
            ast::ExprKind::Field {
                base,
                field,
                optional,
            } if self.is_xml(base) => self.xml_attribute(base, &field.name, *optional, dst),
            ast::ExprKind::Field {
                base,
                field,
                optional,
            } => self.field_access(base, &field.name, *optional, dst),
            ast::ExprKind::Call { callee, args } => {
                self.dst_is_fresh = fresh;
                self.call(expr, callee, args, dst)
            }
            ast::ExprKind::MethodCall {
                receiver,
                method,
                args,
                ..
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
            } => self.check(expr, operand, *panics, dst),
            ast::ExprKind::Trap(operand) => {
                let begin = self.emit(Instruction::TrapBegin { dst, handler: 0 });
                self.value_into(operand, dst);
                self.emit(Instruction::TrapEnd);
                let handler = self.here() + 1;
                self.emit(Instruction::Jump { target: handler });
                self.patch(begin, handler);
            }
            ast::ExprKind::Lambda { .. } | ast::ExprKind::Arrow { .. } => self.closure(expr, dst),
            ast::ExprKind::Start { call, .. } => self.start(expr, call, dst),
            ast::ExprKind::Wait(futures) => self.wait(futures, dst),
            ast::ExprKind::MultipleWait(fields) => self.multiple_wait(expr, fields, dst),
            ast::ExprKind::Receive(_) => self.receive(expr, dst),
            ast::ExprKind::SyncSend { value, .. } => self.sync_send(expr, value, dst),
            ast::ExprKind::Flush(_) => self.flush(expr, dst),
            ast::ExprKind::New { args, .. } if self.is_new_stream(expr) => {
                self.new_stream(expr, args, dst)
            }
            ast::ExprKind::New { args, .. } => self.new_object(expr, args, dst),
            ast::ExprKind::ObjectConstructor { members, .. } => {
                self.object_constructor(expr, members, dst)
            }
            ast::ExprKind::ErrorConstructor { args, .. } => self.error_constructor(expr, args, dst),
            ast::ExprKind::Let { decls, body } => {
                for decl in decls {
                    self.declare(&decl.binding, Some(&decl.init));
                }
                self.value_into(body, dst);
            }
            ast::ExprKind::Query(query) => self.query(expr, query, dst),
            ast::ExprKind::AnnotAccess { base, .. } => self.annot_access(expr, base, dst),
            ast::ExprKind::RawTemplate(parts) => self.raw_template(expr, parts, dst),
            ast::ExprKind::Typeof(operand) => {
                let src = self.value(operand);
                self.emit(Instruction::TypeOf { dst, src });
            }
            ast::ExprKind::Error => self.unsupported("an expression that failed to parse"),
            // Sema reports `<>` outside the lang library's declarations (E0245).
            ast::ExprKind::InferredTypedesc => self.unsupported("an inferred typedesc `<>`"),
        }
    }

    /// Evaluates into `dst` an expression the checker recorded for evaluation away from where
    /// it is written (a default), with the node keys of its own file; `readonly`: its value
    /// must be immutable.
    pub(crate) fn deferred_into(&mut self, key: sema::NodeKey, dst: Reg, readonly: bool) {
        let Some(expr) = self.lw.deferred(key) else {
            self.unsupported("a default the checker did not record");
            return;
        };
        let file = self.file;
        self.file = key.file;
        self.value_into_readonly(expr, dst, readonly);
        self.file = file;
    }

    /// Evaluates an expression whose value must be immutable (constructors are frozen).
    pub(crate) fn value_into_readonly(&mut self, expr: &'a ast::Expr, dst: Reg, readonly: bool) {
        self.readonly_context = readonly;
        self.value_into(expr, dst);
        self.readonly_context = false;
    }

    /// Evaluates an expression that flows into a place of type `target`: a list or mapping
    /// constructor is frozen when that type admits only immutable values.
    pub(crate) fn value_for(&mut self, expr: &'a ast::Expr, target: Option<sema::TypeId>) -> Reg {
        let readonly = is_constructor(expr) && target.is_some_and(|t| self.is_readonly_type(t));
        if !readonly {
            return self.value(expr);
        }
        let dst = self.reg();
        self.value_into_readonly(expr, dst, true);
        dst
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

    fn var(&mut self, expr: &'a ast::Expr, dst: Reg) {
        let key = self.key(expr.id);
        self.var_at(key, dst);
    }

    /// Reads the variable (or constant, function, type) the checker resolved under `key`: a
    /// `Var` expression or the synthetic key of a shorthand mapping field `{name}`.
    pub(crate) fn var_at(&mut self, key: sema::NodeKey, dst: Reg) {
        let checked = self.lw.checked;
        let ty = checked
            .expr_types
            .get(&key)
            .copied()
            .unwrap_or(TypeArena::UNKNOWN);
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
                    let value = info.value.clone();
                    self.load_const_value(dst, &value, ty);
                }
                None => self.unsupported("an unknown constant"),
            },
            Some(Resolution::Function(function)) => self.function_value(*function, ty, dst),
            Some(Resolution::LangFunction(native)) => {
                self.native_function_value(ir::NativeRef::Lang(*native), ty, dst);
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

    pub(crate) fn field_access(
        &mut self,
        base: &'a ast::Expr,
        name: &str,
        optional: bool,
        dst: Reg,
    ) {
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

    fn check(&mut self, expr: &'a ast::Expr, operand: &'a ast::Expr, panics: bool, dst: Reg) {
        self.value_into(operand, dst);
        let ty = self.expr_type(operand);
        if self.lw.checked.types.contains_error(ty) {
            self.fail_if_error(dst, panics);
        }
        // A lax `check j.x` in a simple-typed context: `check value:ensureType(j.x, S)`.
        if let Some(&target) = self.lw.checked.operand_types.get(&self.key(expr.id)) {
            let ty = self.lw.ir_type(target);
            let native = self.lw.builder.lang_native(LangNative::ValueEnsureType);
            let window = self.regs(2);
            self.emit(Instruction::Move {
                dst: Reg(window.start),
                src: dst,
            });
            self.emit(Instruction::LoadTypedesc {
                dst: Reg(window.start + 1),
                ty,
            });
            self.emit(Instruction::CallNative {
                dst,
                native,
                args: window,
            });
            self.fail_if_error(dst, panics);
        }
    }

    /// Panics with, or fails with, the value in `dst` when it is an error.
    pub(crate) fn fail_if_error(&mut self, dst: Reg, panics: bool) {
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
            self.leave_locks(context.locks);
            self.emit(Instruction::Move {
                dst: target,
                src: error,
            });
            let site = self.emit(Instruction::Jump { target: 0 });
            if let Some(context) = self.fails.last_mut() {
                context.jumps.push(site);
            }
        } else {
            self.leave_locks(0);
            self.emit(Instruction::Return { value: error });
        }
    }

    /// Leaves the `lock` statements entered since lock depth `depth` (before a jump out).
    pub(crate) fn leave_locks(&mut self, depth: u32) {
        for _ in depth..self.locks {
            self.emit(Instruction::LockEnd);
        }
    }
}

/// List and mapping constructors (the values a readonly context freezes).
pub(crate) fn is_constructor(expr: &ast::Expr) -> bool {
    matches!(
        strip_groups(expr).kind,
        ast::ExprKind::List(_) | ast::ExprKind::Mapping(_) | ast::ExprKind::ByteArray(_)
    )
}

pub(crate) fn strip_groups(mut expr: &ast::Expr) -> &ast::Expr {
    while let ast::ExprKind::Group(inner) = &expr.kind {
        expr = inner;
    }
    expr
}
