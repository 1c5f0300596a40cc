//! Calls: direct calls (trailing omitted default arguments left to the callee's prologue,
//! others evaluated at the call site; rest arguments packed into a list), function values, methods (statically bound when the class is known), lang library
//! and stdlib natives (receiver first, rest arguments flattened), and function values for
//! natives.

use crate::emit::FnLower;
use crate::{ir, sema};
use intc_syntax::ast;
use ir::NativeRef;
use ir::{Instruction, Reg, RegRange};
use sema::{
    ArgMatching, ArgSource, CallTarget, LangNative, ParamDefault, ParamKindInfo, RestSource,
};

/// Whether the callee receives its rest arguments as one list (IR functions) or flattened
/// (natives).
#[derive(Clone, Copy, PartialEq, Eq)]
enum RestMode {
    /// No rest parameter.
    None,
    /// Packed into a list of this element type.
    List(sema::TypeId),
    /// Flattened into the argument window (natives).
    Flat,
}

pub(crate) fn arg_expr(arg: &ast::Arg) -> &ast::Expr {
    match arg {
        ast::Arg::Positional(expr) | ast::Arg::Named(_, expr) | ast::Arg::Rest(expr) => expr,
    }
}

impl<'l, 'a> FnLower<'l, 'a> {
    pub(crate) fn call(
        &mut self,
        expr: &'a ast::Expr,
        callee: &'a ast::Expr,
        args: &'a [ast::Arg],
        dst: Reg,
    ) {
        let fresh = std::mem::take(&mut self.dst_is_fresh);
        let key = self.key(expr.id);
        let checked = self.lw.checked;
        if checked.error_constructors.contains_key(&key) {
            self.error_constructor(expr, args, dst);
            return;
        }
        let Some(info) = checked.calls.get(&key) else {
            self.unsupported("a call the checker did not resolve");
            return;
        };
        if checked.queries.nil_if_empty.contains(&key) {
            self.aggregate_call(info, callee, args, dst);
            return;
        }
        self.dst_is_fresh = fresh;
        self.lower_call(info, None, Some(callee), args, dst);
    }

    pub(crate) fn method_call(
        &mut self,
        expr: &'a ast::Expr,
        receiver: &'a ast::Expr,
        _method: &str,
        args: &'a [ast::Arg],
        dst: Reg,
    ) {
        let key = self.key(expr.id);
        let Some(info) = self.lw.checked.calls.get(&key) else {
            self.unsupported("a method call the checker did not resolve");
            return;
        };
        self.lower_call(info, Some(receiver), None, args, dst);
    }

    pub(crate) fn lower_call(
        &mut self,
        info: &'a sema::CallInfo,
        receiver: Option<&'a ast::Expr>,
        callee: Option<&'a ast::Expr>,
        args: &'a [ast::Arg],
        dst: Reg,
    ) {
        let fresh = std::mem::take(&mut self.dst_is_fresh);
        let starting = std::mem::take(&mut self.starting_call);
        let checked = self.lw.checked;
        match &info.target {
            CallTarget::Function(function) => {
                let Some(function_info) = checked.functions.get(function.index()) else {
                    self.unsupported("a call of an unknown function");
                    return;
                };
                if function_info.is_external {
                    let name = function_info
                        .native_name
                        .clone()
                        .unwrap_or_else(|| function_info.name.clone());
                    let native = self.lw.builder.native(&name);
                    self.inferred_typedesc = self.dependent_param(function_info, info.ty);
                    let window = self.arg_window(
                        &info.args,
                        Some(&function_info.params),
                        receiver,
                        None,
                        args,
                        RestMode::Flat,
                    );
                    self.emit_native_call(dst, native, window);
                    return;
                }
                let Some(&func) = self.lw.functions.get(function) else {
                    self.unsupported("a call of a function without code");
                    return;
                };
                let rest = rest_mode(function_info);
                self.omit_defaults = true;
                let mark = self.reuse_fresh_top(dst, fresh && rest == RestMode::None);
                let window = self.arg_window(
                    &info.args,
                    Some(&function_info.params),
                    receiver,
                    None,
                    args,
                    rest,
                );
                self.emit_direct_call(dst, func, window.range, rest);
                self.end_reuse(mark);
            }
            CallTarget::FunctionValue => {
                let Some(callee) = callee else {
                    self.unsupported("a function value call without a callee");
                    return;
                };
                let callee_type = self.expr_type(callee);
                let function_type = self.lw.sema_function_type(callee_type);
                let rest = match function_type.and_then(|f| f.rest) {
                    Some(element) => RestMode::List(element),
                    None => RestMode::None,
                };
                let callee_reg = self.value(callee);
                // Omitted defaultable parameters are left out of the window: the called
                // function evaluates its own defaults (see `FnLower::fill_defaults`).
                self.omit_defaults = true;
                let window = self.arg_window(&info.args, None, receiver, None, args, rest);
                self.emit(Instruction::CallIndirect {
                    dst,
                    callee: callee_reg,
                    args: window.range,
                    packed_rest: rest != RestMode::None,
                });
            }
            CallTarget::RecordField { field, ty } => {
                let Some(receiver) = receiver else {
                    self.unsupported("a record field call without a receiver");
                    return;
                };
                let function_type = self.lw.sema_function_type(*ty);
                let rest = match function_type.and_then(|f| f.rest) {
                    Some(element) => RestMode::List(element),
                    None => RestMode::None,
                };
                let callee_reg = self.reg();
                self.field_access(receiver, field, false, callee_reg);
                self.omit_defaults = true;
                let window = self.arg_window(&info.args, None, None, None, args, rest);
                self.emit(Instruction::CallIndirect {
                    dst,
                    callee: callee_reg,
                    args: window.range,
                    packed_rest: rest != RestMode::None,
                });
            }
            CallTarget::Method {
                name,
                class: _,
                function,
                method_type,
            } => {
                let Some(receiver) = receiver else {
                    self.unsupported("a method call without a receiver");
                    return;
                };
                let bound = function.and_then(|f| {
                    let info = checked.functions.get(f.index())?;
                    let func = self.lw.functions.get(&f).copied()?;
                    Some((info, func))
                });
                let receiver_reg = self.value(receiver);
                match bound {
                    Some((function_info, func)) => {
                        // A dependently-typed method (`get(..., TargetType targetType = <>)`)
                        // gets the typedesc the checker inferred from the expected type.
                        self.inferred_typedesc = self.dependent_param(function_info, info.ty);
                        let call = (func, function_info);
                        self.call_with_receiver(dst, call, &info.args, receiver_reg, args);
                    }
                    None => {
                        let rest = match self.lw.sema_function_type(*method_type) {
                            Some(function) => match function.rest {
                                Some(element) => RestMode::List(element),
                                None => RestMode::None,
                            },
                            None => RestMode::None,
                        };
                        // The class's method evaluates its own defaults, as for function
                        // values: omitted trailing arguments are left out.
                        self.omit_defaults = true;
                        let window =
                            self.arg_window(&info.args, None, None, Some(receiver_reg), args, rest);
                        let method = self.lw.builder.string_constant(name);
                        self.emit(Instruction::CallMethod {
                            dst,
                            method,
                            args: window.range,
                            packed_rest: rest != RestMode::None,
                        });
                    }
                }
            }
            CallTarget::LangLib { native } => {
                if !starting && self.inline_lang_call(native, &info.args, receiver, args, dst) {
                    return;
                }
                // A typedesc left to its `<>` default is the expected type sema recorded.
                self.inferred_typedesc = if native.infers_typedesc() {
                    Some((1, self.ir_type_without_error(info.ty)))
                } else {
                    None
                };
                let filler_class = match native {
                    LangNative::ArraySetLength => {
                        self.set_length_filler_class(&info.args, receiver, args)
                    }
                    _ => None,
                };
                let native = self.lw.builder.lang_native(*native);
                let window =
                    self.arg_window(&info.args, None, receiver, None, args, RestMode::Flat);
                self.inferred_typedesc = None;
                if let Some(class) = filler_class.filter(|_| window.spread_list.is_none()) {
                    // `xs.setLength(n)` on a `C[]` grows the list with `new C()` (FillMember).
                    let list = Reg(window.range.start);
                    let length = Reg(window.range.start.wrapping_add(1));
                    self.fill_with_objects(list, length, class, false);
                }
                self.emit_native_call(dst, native, window);
            }
        }
    }

    /// `x.toString()` and `x.length()` have dedicated instructions: no native call.
    fn inline_lang_call(
        &mut self,
        native: &LangNative,
        matching: &'a ArgMatching,
        receiver: Option<&'a ast::Expr>,
        args: &'a [ast::Arg],
        dst: Reg,
    ) -> bool {
        let is_to_string = *native == LangNative::ValueToString;
        let is_length = matches!(
            native,
            LangNative::ArrayLength | LangNative::MapLength | LangNative::StringLength
        );
        if !(is_to_string || is_length) || !matching.rest.is_empty() {
            return false;
        }
        let operand = match matching.params.as_slice() {
            [ArgSource::Receiver] => receiver,
            [ArgSource::Arg(index)] => args.get(*index).map(arg_expr),
            _ => None,
        };
        let Some(operand) = operand else {
            return false;
        };
        let value = self.value(operand);
        if is_to_string {
            self.emit(Instruction::ToString { dst, value });
        } else {
            self.emit(Instruction::Length { dst, value });
        }
        true
    }

    /// The IR type of `ty` without its error members (the target of an inferred typedesc).
    fn ir_type_without_error(&mut self, ty: sema::TypeId) -> ir::TypeId {
        let checked = self.lw.checked;
        let members: Vec<sema::TypeId> = checked
            .types
            .members(ty)
            .into_iter()
            .filter(|&m| checked.types.basic_mask(m) != sema::types::basic::ERROR)
            .collect();
        match members.as_slice() {
            [] => self.lw.ir_type(sema::TypeArena::ANYDATA),
            [only] => self.lw.ir_type(*only),
            _ => {
                let converted = members.iter().map(|&m| self.lw.ir_type(m)).collect();
                self.lw
                    .builder
                    .add_anonymous_type(ir::TypeKind::Union(converted))
            }
        }
    }

    /// Evaluates the arguments of a call into one contiguous window: an optional bound
    /// receiver (`self`), then one value per parameter, then the rest arguments (as a list or
    /// flattened).
    fn arg_window(
        &mut self,
        matching: &'a ArgMatching,
        params: Option<&'a [sema::ParamInfo]>,
        receiver_expr: Option<&'a ast::Expr>,
        bound_receiver: Option<Reg>,
        args: &'a [ast::Arg],
        rest: RestMode,
    ) -> ArgWindow {
        let mut param_sources: &[ArgSource] = &matching.params;
        let flat = rest == RestMode::Flat;
        // A lang library function whose typedesc parameter (the second) is inferred from
        // the expected type gets that type explicitly.
        let inferred = self.inferred_typedesc.take();
        let inferred =
            inferred.filter(|(at, _)| param_sources.get(*at) == Some(&ArgSource::Default));
        let omit_defaults = flat || std::mem::take(&mut self.omit_defaults);
        if omit_defaults && matching.rest.is_empty() && inferred.is_none() {
            // Natives and function values apply their own defaults: omit trailing defaulted
            // arguments (only when no rest arguments follow, which would otherwise shift into
            // their places).
            while let Some((ArgSource::Default, init)) = param_sources.split_last() {
                param_sources = init;
            }
        }
        let has_bound = usize::from(bound_receiver.is_some());
        // A spread into a native's rest parameter: the rest values are collected in one list
        // and flattened at run time by `emit_native_call`.
        let flat_spread = flat
            && matching
                .rest
                .iter()
                .any(|source| matches!(source, RestSource::Spread(_)));
        let rest_slots = match rest {
            RestMode::None => 0,
            RestMode::List(_) => 1,
            RestMode::Flat if flat_spread => 1,
            RestMode::Flat => matching.rest.len(),
        };
        let total = has_bound + param_sources.len() + rest_slots;
        let window = self.regs(total);
        let slot = |index: usize| Reg(window.start.wrapping_add(index as u16));
        if let Some(receiver) = bound_receiver {
            self.emit(Instruction::Move {
                dst: slot(0),
                src: receiver,
            });
        }
        // Arguments are evaluated in source order (named arguments may be out of parameter
        // order); a spread supplying positional parameters is evaluated at its place too.
        let mut order: Vec<(usize, Option<usize>)> = Vec::new();
        for (position, source) in param_sources.iter().enumerate() {
            match source {
                ArgSource::Receiver => match receiver_expr {
                    Some(receiver) => self.value_into(receiver, slot(has_bound + position)),
                    None => self.unsupported("a receiver argument without a receiver"),
                },
                ArgSource::Arg(index) if Some(*index) != matching.spread_positional => {
                    order.push((*index, Some(position)));
                }
                ArgSource::SpreadField(index, _) => {
                    if !order.contains(&(*index, None)) {
                        order.push((*index, None));
                    }
                }
                ArgSource::Arg(_)
                | ArgSource::Default
                | ArgSource::Fields(_)
                | ArgSource::Constant(_)
                | ArgSource::PathList(..) => {}
            }
        }
        if let Some(index) = matching.spread_positional {
            order.push((index, None));
        }
        order.sort_by_key(|&(index, _)| index);
        let mut spread: Option<(usize, Reg)> = None;
        // Mapping spreads giving named arguments (`f(...rec)`), each evaluated once.
        let mut mappings: Vec<(usize, Reg)> = Vec::new();
        for (index, position) in order {
            let Some(arg) = args.get(index) else {
                self.unsupported("an argument index out of range");
                continue;
            };
            let expr = arg_expr(arg);
            match position {
                Some(position) => {
                    let declared = params.and_then(|p| p.get(position)).map(|p| p.ty);
                    let readonly = crate::expr::is_constructor(expr)
                        && declared.is_some_and(|t| self.is_readonly_type(t));
                    self.value_into_readonly(expr, slot(has_bound + position), readonly);
                }
                None if Some(index) != matching.spread_positional => {
                    mappings.push((index, self.value(expr)));
                }
                None => spread = Some((index, self.value(expr))),
            }
        }
        for (position, source) in param_sources.iter().enumerate() {
            let ArgSource::SpreadField(index, field) = source else {
                continue;
            };
            let Some(&(_, object)) = mappings.iter().find(|(i, _)| i == index) else {
                self.unsupported("a mapping spread that was not evaluated");
                continue;
            };
            let name = self.lw.builder.string_constant(field);
            self.emit(Instruction::FieldGet {
                dst: slot(has_bound + position),
                object,
                name,
            });
        }
        let mut spread_position: i64 = 0;
        if let Some((spread_index, list)) = spread {
            for (position, source) in param_sources.iter().enumerate() {
                if *source != ArgSource::Arg(spread_index) {
                    continue;
                }
                let key = self.reg();
                self.emit(Instruction::LoadInt {
                    dst: key,
                    value: spread_position,
                });
                spread_position += 1;
                self.emit(Instruction::MemberGet {
                    dst: slot(has_bound + position),
                    container: list,
                    key,
                });
            }
        }
        for (position, source) in param_sources.iter().enumerate() {
            if let ArgSource::Constant(value) = source {
                self.load_const_value(slot(has_bound + position), value, sema::TypeArena::ANYDATA);
                continue;
            }
            if let ArgSource::PathList(ty, items) = source {
                self.path_list(*ty, items, args, slot(has_bound + position));
                continue;
            }
            if let ArgSource::Fields(given) = source {
                match params.and_then(|p| p.get(position)) {
                    Some(param) => {
                        self.included_record(param.ty, given, args, slot(has_bound + position))
                    }
                    None => self.unsupported("included record fields without the parameter"),
                }
                continue;
            }
            if *source != ArgSource::Default {
                continue;
            }
            let dst = slot(has_bound + position);
            if let Some((at, ty)) = inferred {
                if at == position {
                    self.emit(Instruction::LoadTypedesc { dst, ty });
                    continue;
                }
            }
            let param = params.and_then(|p| p.get(position));
            match param.map(|p| &p.default) {
                Some(ParamDefault::Expr(key)) => self.default_argument(
                    *key,
                    params.unwrap_or(&[]),
                    position,
                    window,
                    has_bound,
                    dst,
                ),
                _ => {
                    self.emit(Instruction::LoadNil { dst });
                }
            }
        }
        let rest_start = has_bound + param_sources.len();
        match rest {
            RestMode::None => {}
            RestMode::List(element) => {
                let element = self.lw.ir_type(element);
                let list_type = self.lw.ir_array_of(element);
                // A spread that also supplied positional parameters contributes only its
                // remaining members.
                if let (Some((spread_index, list)), [RestSource::Spread(index)]) =
                    (spread, matching.rest.as_slice())
                {
                    if spread_index == *index {
                        self.rest_from_spread(list, spread_position, list_type, slot(rest_start));
                        return ArgWindow {
                            range: window,
                            spread_list: None,
                        };
                    }
                }
                let items = rest_entries(&matching.rest, args, receiver_expr);
                self.build_list(list_type, &items, slot(rest_start), false);
            }
            RestMode::Flat if flat_spread => {
                let list_type = self.lw.ir_any_list();
                // As above: a spread that supplied positional parameters (`int:avg(...xs)`)
                // passes only its remaining members.
                if let (Some((spread_index, list)), [RestSource::Spread(index)]) =
                    (spread, matching.rest.as_slice())
                {
                    if spread_index == *index {
                        self.rest_from_spread(list, spread_position, list_type, slot(rest_start));
                        return ArgWindow {
                            range: window,
                            spread_list: Some(slot(rest_start)),
                        };
                    }
                }
                let items = rest_entries(&matching.rest, args, receiver_expr);
                self.build_list(list_type, &items, slot(rest_start), false);
                return ArgWindow {
                    range: window,
                    spread_list: Some(slot(rest_start)),
                };
            }
            RestMode::Flat => {
                for (offset, source) in matching.rest.iter().enumerate() {
                    let dst = slot(rest_start + offset);
                    match source {
                        RestSource::Arg(index) => match args.get(*index) {
                            Some(arg) => self.value_into(arg_expr(arg), dst),
                            None => self.unsupported("a rest argument index out of range"),
                        },
                        RestSource::Receiver => match receiver_expr {
                            Some(receiver) => self.value_into(receiver, dst),
                            None => self.unsupported("a receiver argument without a receiver"),
                        },
                        RestSource::Spread(_) => {
                            self.unsupported("spreading a list into a native's rest parameter")
                        }
                    }
                }
            }
        }
        ArgWindow {
            range: window,
            spread_list: None,
        }
    }

    /// Calls an IR function whose trailing omitted defaults were left out of `args`. Before a
    /// rest parameter the rest list must still reach its own register: the call goes through
    /// the function value, whose call adapts the arguments like any function value call.
    fn emit_direct_call(&mut self, dst: Reg, func: ir::FuncId, args: RegRange, rest: RestMode) {
        let num_params = self
            .lw
            .builder
            .program
            .functions
            .get(func.index())
            .map_or(args.count, |f| f.num_params);
        if rest == RestMode::None || args.count == num_params {
            self.emit(Instruction::Call { dst, func, args });
            return;
        }
        let callee = self.reg();
        self.emit(Instruction::LoadFunction { dst: callee, func });
        self.emit(Instruction::CallIndirect {
            dst,
            callee,
            args,
            packed_rest: true,
        });
    }

    /// Calls a native. When a spread supplies its rest arguments, their number is known only
    /// at run time: the window ends with the rest list, which `CallNativeSpread` flattens.
    pub(crate) fn emit_native_call(&mut self, dst: Reg, native: ir::NativeId, window: ArgWindow) {
        if window.spread_list.is_some() {
            self.emit(Instruction::CallNativeSpread {
                dst,
                native,
                args: window.range,
            });
        } else {
            self.emit(Instruction::CallNative {
                dst,
                native,
                args: window.range,
            });
        }
    }

    /// The rest list of `f(...xs)` when `xs` also supplied the positional parameters: the
    /// members from `start` on, in a list of the rest type.
    fn rest_from_spread(&mut self, list: Reg, start: i64, list_type: ir::TypeId, dst: Reg) {
        let rest = self.reg();
        self.emit(Instruction::NewList {
            dst: rest,
            ty: list_type,
            members: RegRange::EMPTY,
        });
        let index = self.reg();
        self.emit(Instruction::LoadInt {
            dst: index,
            value: start,
        });
        let length = self.reg();
        self.emit(Instruction::Length {
            dst: length,
            value: list,
        });
        let head = self.emit(Instruction::JumpIfCmpInt {
            cmp: ir::Cmp::Ge,
            a: index,
            b: length,
            target: 0,
        });
        let member = self.reg();
        self.emit(Instruction::MemberGet {
            dst: member,
            container: list,
            key: index,
        });
        let at = self.reg();
        self.emit(Instruction::Length {
            dst: at,
            value: rest,
        });
        self.emit(Instruction::MemberSet {
            container: rest,
            key: at,
            value: member,
        });
        self.emit(Instruction::AddIntImm {
            dst: index,
            a: index,
            imm: 1,
        });
        self.emit(Instruction::Jump { target: head });
        self.patch_here(&[head]);
        self.emit(Instruction::Move { dst, src: rest });
    }

    /// Evaluates a parameter's default expression at the call site, with the callee's
    /// earlier parameters bound to their argument slots.
    fn default_argument(
        &mut self,
        key: sema::NodeKey,
        params: &'a [sema::ParamInfo],
        position: usize,
        window: RegRange,
        offset: usize,
        dst: Reg,
    ) {
        let mut saved = Vec::new();
        for (index, param) in params.iter().enumerate().take(position) {
            if let Some(decl) = param.decl {
                let reg = Reg(window.start.wrapping_add((offset + index) as u16));
                let previous = self.locals.insert(decl, crate::emit::Local::Reg(reg));
                saved.push((decl, previous));
            }
        }
        self.deferred_into(key, dst, false);
        for (decl, previous) in saved {
            match previous {
                Some(local) => {
                    self.locals.insert(decl, local);
                }
                None => {
                    self.locals.remove(&decl);
                }
            }
        }
    }

    /// A module function used as a value (`fn_type`: the static type of the reference).
    pub(crate) fn function_value(
        &mut self,
        function: sema::FunctionId,
        fn_type: sema::TypeId,
        dst: Reg,
    ) {
        let checked = self.lw.checked;
        let Some(info) = checked.functions.get(function.index()) else {
            self.unsupported("an unknown function value");
            return;
        };
        if info.is_external {
            let name = info
                .native_name
                .clone()
                .unwrap_or_else(|| info.name.clone());
            self.native_function_value(NativeRef::Named(name), fn_type, dst);
            return;
        }
        match self.lw.functions.get(&function).copied() {
            Some(func) => {
                self.emit(Instruction::LoadFunction { dst, func });
            }
            None => self.unsupported("a function value without code"),
        }
    }

    /// A native used as a function value: a wrapper function forwarding its parameters.
    pub(crate) fn native_function_value(
        &mut self,
        native: NativeRef,
        fn_type: sema::TypeId,
        dst: Reg,
    ) {
        if let Some(&func) = self.lw.native_wrappers.get(&native) {
            self.emit(Instruction::LoadFunction { dst, func });
            return;
        }
        let Some(function_type) = self.lw.sema_function_type(fn_type) else {
            self.unsupported("this native function value");
            return;
        };
        let fixed = function_type.params.len().min(u16::MAX as usize / 4);
        let has_rest = function_type.rest.is_some();
        let count = (fixed + usize::from(has_rest)) as u16;
        let name = match &native {
            NativeRef::Lang(id) => id.name().to_string(),
            NativeRef::Named(name) => name.rsplit(':').next().unwrap_or(name).to_string(),
        };
        let mut function = ir::Function::new(&name, count);
        function.signature = Some(self.lw.ir_type(fn_type));
        function.rest_list = self.lw.rest_list_type(fn_type);
        function.module = self.current_module_prefix();
        let native_id = self.lw.builder.native_ref(native.clone());
        let line = self.line;
        let file = self.body_file;
        let mut wrapper = FnLower::new(&mut *self.lw, file, count as u32);
        wrapper.line = line;
        let result = wrapper.reg();
        // The wrapper receives a rest parameter as one list and flattens it for the native.
        let window = ArgWindow {
            range: RegRange::new(0, count),
            spread_list: has_rest.then_some(Reg(fixed as u16)),
        };
        wrapper.emit_native_call(result, native_id, window);
        wrapper.emit(Instruction::Return { value: result });
        let function = wrapper.finish(function);
        let func = self.lw.builder.add_function(function);
        self.lw.native_wrappers.insert(native, func);
        self.emit(Instruction::LoadFunction { dst, func });
    }
}

impl<'l, 'a> FnLower<'l, 'a> {
    /// Calls a class's `init` on a fresh object with the `new` expression's arguments.
    pub(crate) fn call_init(
        &mut self,
        info: &'a sema::NewInfo,
        init: sema::FunctionId,
        object: Reg,
        args: &'a [ast::Arg],
        dst: Reg,
    ) {
        let checked = self.lw.checked;
        let (Some(init_info), Some(&func)) = (
            checked.functions.get(init.index()),
            self.lw.functions.get(&init),
        ) else {
            self.unsupported("a class `init` without code");
            return;
        };
        self.call_with_receiver(dst, (func, init_info), &info.args, object, args);
    }

    /// A direct call of a method (or `init`) known statically, on the receiver in `receiver`;
    /// the callee evaluates its own omitted defaults.
    fn call_with_receiver(
        &mut self,
        dst: Reg,
        (func, function_info): (ir::FuncId, &'a sema::FunctionInfo),
        matching: &'a ArgMatching,
        receiver: Reg,
        args: &'a [ast::Arg],
    ) {
        let rest = rest_mode(function_info);
        self.omit_defaults = true;
        let params = Some(&function_info.params[..]);
        let window = self.arg_window(matching, params, None, Some(receiver), args, rest);
        self.emit_direct_call(dst, func, window.range, rest);
    }
}

impl FnLower<'_, '_> {
    /// The position of a function's dependent typedesc parameter (`t = <>`, which the checker
    /// records with a native default and a typedesc type) and the type the call binds it to:
    /// the call's type without its error members.
    fn dependent_param(
        &mut self,
        function_info: &sema::FunctionInfo,
        call_type: sema::TypeId,
    ) -> Option<(usize, ir::TypeId)> {
        let checked = self.lw.checked;
        let position = function_info.params.iter().position(|p| {
            p.default == sema::ParamDefault::Native
                && matches!(checked.types.get(p.ty), sema::Type::Typedesc(_))
        })?;
        Some((position, self.ir_type_without_error(call_type)))
    }
}

/// An argument window; `spread_list` is set when a native's rest arguments come from a
/// spread and must be flattened at run time (the list is the window's last register).
pub(crate) struct ArgWindow {
    pub(crate) range: RegRange,
    pub(crate) spread_list: Option<Reg>,
}

fn rest_entries<'a>(
    rest: &[RestSource],
    args: &'a [ast::Arg],
    receiver: Option<&'a ast::Expr>,
) -> Vec<crate::constructors::ListEntry<'a>> {
    rest.iter()
        .filter_map(|source| match source {
            RestSource::Receiver => receiver.map(crate::constructors::ListEntry::Value),
            RestSource::Arg(index) => args
                .get(*index)
                .map(|a| crate::constructors::ListEntry::Value(arg_expr(a))),
            RestSource::Spread(index) => args
                .get(*index)
                .map(|a| crate::constructors::ListEntry::Spread(arg_expr(a))),
        })
        .collect()
}

fn rest_mode(info: &sema::FunctionInfo) -> RestMode {
    match info.params.iter().find(|p| p.kind == ParamKindInfo::Rest) {
        Some(param) => RestMode::List(param.ty),
        None => RestMode::None,
    }
}
