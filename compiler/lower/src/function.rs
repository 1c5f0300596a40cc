//! Function bodies: module functions, methods, lambdas and arrow functions (closures), and the
//! prologue that moves captured parameters into cells.

use crate::emit::{FnLower, Local};
use crate::{ir, sema, Lowerer};
use intc_span::FileId;
use intc_syntax::ast;
use ir::{Instruction, Reg};
use sema::{FunctionKind, NodeKey};

impl<'a> Lowerer<'a> {
    pub(crate) fn lower_function_def(
        &mut self,
        id: sema::FunctionId,
        ir_id: ir::FuncId,
        def: &'a ast::FunctionDef,
        file: FileId,
    ) {
        let checked = self.checked;
        let Some(info) = checked.functions.get(id.index()) else {
            return;
        };
        let Some(template) = self.builder.program.functions.get(ir_id.index()).cloned() else {
            return;
        };
        let is_method = matches!(info.kind, FunctionKind::Method(_));
        let first_param = usize::from(is_method);
        let mut body = FnLower::new(self, file, template.num_params as u32);
        body.return_type = Some(info.ret);
        if let FunctionKind::Method(class) = info.kind {
            body.self_local = Some(Local::Reg(Reg(0)));
            body.load_object_captures(class);
        }
        body.set_line(def.span);
        body.fill_defaults(&def.signature.params, first_param, checked.main == Some(id));
        body.bind_params(&def.signature.params, first_param);
        match (&def.body, &info.native_name) {
            (ast::FunctionBody::External(..), Some(native)) if is_method => {
                body.forward_to_native(native, &def.signature.params, template.num_params)
            }
            _ => body.function_body(&def.body),
        }
        let mut function = body.finish(template);
        function.num_required = saturating_u16(first_param + required_count(&def.signature.params));
        function.transactional = def.qualifiers.transactional;
        self.builder.define_function(ir_id, function);
    }
}

impl<'l, 'a> FnLower<'l, 'a> {
    /// In a method of an object constructor, binds the captured enclosing locals to the cells
    /// kept in the object's hidden fields.
    fn load_object_captures(&mut self, class: sema::ClassId) {
        let checked = self.lw.checked;
        let Some(info) = checked.classes.get(class.index()) else {
            return;
        };
        let captures = self.lw.object_captures(info);
        let base = info.fields.len();
        for (index, &capture) in captures.iter().enumerate() {
            let Ok(slot) = u16::try_from(base + index) else {
                self.unsupported("an object capturing this many variables");
                return;
            };
            let cell = self.reg();
            self.emit(Instruction::ObjectSlotGet {
                dst: cell,
                object: Reg(0),
                slot,
            });
            self.locals.insert(capture, Local::Cell(cell));
        }
    }

    /// The prologue evaluating the defaults of defaultable parameters the caller omitted.
    /// Direct calls evaluate defaults at the call site and supply every parameter; a call
    /// through a function value may omit trailing ones (the frame records how many were
    /// supplied), and then the function evaluates its own defaults, with access to its earlier
    /// parameters and captured variables. `main`'s omitted parameters arrive as `()` from the
    /// command line instead.
    fn fill_defaults(&mut self, params: &'a [ast::Param], first: usize, is_main: bool) {
        let has_defaults = params
            .iter()
            .any(|p| p.kind == ast::ParamKind::Defaultable && p.default.is_some());
        // `t = <>` has no value of its own: callers always pass the inferred typedesc.
        if !has_defaults {
            return;
        }
        let saved = self.locals.clone();
        for (index, param) in params.iter().enumerate() {
            let key = self.key(param.id);
            let reg = Reg((first + index).min(u16::MAX as usize) as u16);
            self.locals.insert(key, Local::Reg(reg));
        }
        for (index, param) in params.iter().enumerate() {
            let (ast::ParamKind::Defaultable, Some(default)) = (param.kind, &param.default) else {
                continue;
            };
            if matches!(default.kind, ast::ExprKind::InferredTypedesc) {
                continue;
            }
            let slot = (first + index).min(u16::MAX as usize) as u16;
            let reg = Reg(slot);
            let skip = if is_main {
                self.emit(Instruction::JumpIfNotNil {
                    value: reg,
                    target: 0,
                })
            } else {
                self.emit(Instruction::JumpIfArgGiven {
                    index: slot,
                    target: 0,
                })
            };
            self.value_into(default, reg);
            self.patch_here(&[skip]);
        }
        self.locals = saved;
    }

    /// Binds parameters (registers `first..`) to their declarations; captured ones move into
    /// cells.
    pub(crate) fn bind_params(&mut self, params: &'a [ast::Param], first: usize) {
        for (offset, param) in params.iter().enumerate() {
            let reg = Reg((first + offset).min(u16::MAX as usize) as u16);
            let key = self.key(param.id);
            self.bind_local_from(key, reg);
        }
    }

    /// Declares a local whose initial value is already in `value` (which the local takes over
    /// unless it must live in a cell).
    pub(crate) fn bind_local_from(&mut self, key: NodeKey, value: Reg) {
        if self.lw.checked.captured.contains(&key) {
            let cell = self.reg();
            self.emit(Instruction::NewCell {
                dst: cell,
                init: value,
            });
            self.locals.insert(key, Local::Cell(cell));
        } else {
            self.locals.insert(key, Local::Reg(value));
        }
    }

    /// The body of an external method: calls its native with `self` and every parameter
    /// (a rest parameter's list flattened), as a call of an external function passes them.
    fn forward_to_native(&mut self, native: &str, params: &[ast::Param], count: u16) {
        let native = self.lw.builder.native(native);
        let has_rest = params
            .last()
            .is_some_and(|p| p.kind == ast::ParamKind::Rest);
        let window = crate::calls::ArgWindow {
            range: ir::RegRange::new(0, count),
            spread_list: has_rest.then(|| Reg(count.saturating_sub(1))),
        };
        let result = self.reg();
        self.emit_native_call(result, native, window);
        self.emit(Instruction::Return { value: result });
    }

    pub(crate) fn function_body(&mut self, body: &'a ast::FunctionBody) {
        match body {
            ast::FunctionBody::Block(block) => {
                self.block(block);
                self.final_flush(None);
                self.emit(Instruction::ReturnNil);
            }
            ast::FunctionBody::Expr(expr) => {
                self.set_line(expr.span);
                let value = self.value(expr);
                self.emit(Instruction::Return { value });
            }
            ast::FunctionBody::External(..) => {
                self.unsupported("an external function body in this position");
            }
        }
    }

    /// Lowers a `Lambda` or `Arrow` expression into a new IR function and builds the closure
    /// value in `dst`.
    pub(crate) fn closure(&mut self, expr: &'a ast::Expr, dst: Reg) {
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        let captures: Vec<NodeKey> = checked.captures.get(&key).cloned().unwrap_or_default();
        let captures_self = checked.captures_self.contains(&key) && self.self_local.is_some();
        let fn_type = checked.expr_type(self.file, expr.id);
        let (param_count, lambda) = match &expr.kind {
            ast::ExprKind::Lambda {
                signature, body, ..
            } => (signature.params.len(), Some((signature, body))),
            ast::ExprKind::Arrow { params, .. } => (params.len(), None),
            _ => (0, None),
        };
        let capture_count = captures.len() + usize::from(captures_self);
        if param_count > u16::MAX as usize / 2 || capture_count > u16::MAX as usize / 2 {
            self.unsupported("a closure this large");
            return;
        }
        let mut function = ir::Function::new("$lambda", param_count as u16);
        function.num_captures = capture_count as u16;
        function.module = self.current_module_prefix();
        function.signature = Some(self.lw.ir_type(fn_type));
        function.rest_list = self.lw.rest_list_type(fn_type);
        let func = self.lw.builder.add_function(function.clone());
        let file = self.file;
        let first_free = (param_count + capture_count) as u32;
        let closure_return = self.lw.sema_function_type(fn_type).map(|f| f.ret);
        let mut inner = FnLower::new(&mut *self.lw, file, first_free);
        inner.body_file = self.body_file;
        inner.return_type = closure_return;
        inner.line = self.line;
        for (index, &capture) in captures.iter().enumerate() {
            let reg = Reg((param_count + index) as u16);
            inner.locals.insert(capture, Local::Cell(reg));
        }
        if captures_self {
            inner.self_local = Some(Local::Cell(Reg((param_count + captures.len()) as u16)));
        }
        let required = match lambda {
            Some((signature, _)) => required_count(&signature.params),
            None => param_count,
        };
        match (&expr.kind, lambda) {
            (_, Some((signature, body))) => {
                inner.fill_defaults(&signature.params, 0, false);
                inner.bind_params(&signature.params, 0);
                inner.function_body(body);
            }
            (ast::ExprKind::Arrow { body, .. }, None) => {
                let keys = checked
                    .arrow_param_keys
                    .get(&key)
                    .cloned()
                    .unwrap_or_default();
                for (index, param_key) in keys.into_iter().enumerate().take(param_count) {
                    inner.bind_local_from(param_key, Reg(index as u16));
                }
                let value = inner.value(body);
                inner.emit(Instruction::Return { value });
            }
            _ => inner.unsupported("this closure form"),
        }
        let mut function = inner.finish(function);
        function.num_required = saturating_u16(required);
        self.lw.builder.define_function(func, function);
        self.closure_value(func, &captures, captures_self, dst);
    }

    /// The function value of `func` in `dst`: the function itself, or a closure over the
    /// cells of `captures` (and of `self`), moved to cells first where they are plain
    /// registers.
    pub(crate) fn closure_value(
        &mut self,
        func: ir::FuncId,
        captures: &[NodeKey],
        captures_self: bool,
        dst: Reg,
    ) {
        let capture_count = captures.len() + usize::from(captures_self);
        if capture_count == 0 {
            self.emit(Instruction::LoadFunction { dst, func });
            return;
        }
        let window = self.regs(capture_count);
        for (index, capture) in captures.iter().enumerate() {
            let slot = Reg(window.start.wrapping_add(index as u16));
            match self.locals.get(capture).copied() {
                Some(Local::Cell(cell)) => {
                    self.emit(Instruction::Move {
                        dst: slot,
                        src: cell,
                    });
                }
                Some(Local::Reg(reg)) => {
                    self.emit(Instruction::NewCell {
                        dst: slot,
                        init: reg,
                    });
                }
                None => {
                    self.unsupported("capturing a variable of an enclosing closure");
                }
            }
        }
        if captures_self {
            let slot = Reg(window.start.wrapping_add(captures.len() as u16));
            match self.self_local {
                Some(Local::Cell(cell)) => {
                    self.emit(Instruction::Move {
                        dst: slot,
                        src: cell,
                    });
                }
                Some(Local::Reg(reg)) => {
                    self.emit(Instruction::NewCell {
                        dst: slot,
                        init: reg,
                    });
                }
                None => {}
            }
        }
        self.emit(Instruction::MakeClosure {
            dst,
            func,
            captures: window,
        });
    }

    /// The display prefix of the module the current file belongs to.
    pub(crate) fn current_module_prefix(&self) -> Option<String> {
        self.lw
            .checked
            .module_of_file(self.body_file)
            .and_then(|m| self.lw.module_prefix(m))
    }

    pub(crate) fn write_local(&mut self, local: Local, value: Reg) {
        match local {
            Local::Reg(reg) => {
                if reg != value {
                    self.emit(Instruction::Move {
                        dst: reg,
                        src: value,
                    });
                }
            }
            Local::Cell(cell) => {
                self.emit(Instruction::CellSet { cell, value });
            }
        }
    }
}

/// How many leading parameters are required: those before the first defaultable or rest one.
fn required_count(params: &[ast::Param]) -> usize {
    params
        .iter()
        .position(|p| matches!(p.kind, ast::ParamKind::Defaultable | ast::ParamKind::Rest))
        .unwrap_or(params.len())
}

fn saturating_u16(n: usize) -> u16 {
    n.min(u16::MAX as usize) as u16
}
