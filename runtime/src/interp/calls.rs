//! Frame push/pop, panics and unwinding.

use super::{Frame, Interpreter};
use crate::error::{self, reason, Panic};
use crate::value::{TraceFrame, Value, ValueMap};
use intc_ir::{ConstId, Constant, FuncId, Program, TypeId};
use rustc_hash::FxHashMap;

/// Maximum number of live Ballerina frames; one more call panics `{ballerina}StackOverflow`.
pub const MAX_FRAMES: usize = 100_000;

/// Maximum number of register slots across all frames (256 MiB of values); deeper recursion
/// of register-hungry functions panics `{ballerina}StackOverflow` instead of exhausting memory.
pub const MAX_STACK_SLOTS: usize = 16 * 1024 * 1024;

/// Why a frame could not be pushed (kept tiny so the hot call path returns it in a register).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CallError {
    StackOverflow,
    UnknownFunction,
    WrongArity,
    NotAFunction,
}

/// Grows the register stack (filled with `()`) to at least `end` slots; kept out of line so
/// the interpreter's call path stays small.
#[cold]
#[inline(never)]
pub(crate) fn grow_stack(stack: &mut Vec<Value>, end: usize) {
    let new_len = end.max(stack.len() * 2);
    stack.resize_with(new_len, || Value::Nil);
}

/// Resets `stack[start..end]` to `()`, running drop glue only for boxed values.
#[inline]
pub(crate) fn clear_slots(stack: &mut [Value], start: usize, end: usize) {
    if let Some(slots) = stack.get_mut(start..end) {
        for slot in slots {
            if slot.needs_drop() {
                *slot = Value::Nil;
            } else {
                slot.set_nil_unboxed();
            }
        }
    }
}

impl Interpreter {
    /// The panic of a loop step that cannot produce an int: overflow, or (for IR whose counter
    /// is not an int) the generic addition's error.
    #[cold]
    pub(super) fn loop_step_failure(&self, counter: &Value, step: i16) -> Panic {
        match super::arith::binary(
            &self.types,
            intc_ir::BinaryOp::Add,
            counter,
            &Value::Int(step as i64),
        ) {
            Err(panic) => panic,
            Ok(_) => self.internal("loop counter is not an int"),
        }
    }

    /// The panic for a failed frame push.
    #[cold]
    pub(crate) fn call_error(&self, error: CallError) -> Panic {
        match error {
            CallError::StackOverflow => self.stack_overflow(),
            CallError::UnknownFunction => self.internal("call of an unknown function"),
            CallError::WrongArity => self.internal("call with a wrong number of arguments"),
            CallError::NotAFunction => self.internal("call of a value that is not a function"),
        }
    }

    /// The first stack slot above the top frame's registers.
    #[inline]
    pub(crate) fn current_top(&self) -> usize {
        self.frames.last().map_or(0, |f| f.top as usize)
    }

    /// Grows the register stack (filled with `()`) so that `end` slots exist.
    #[inline]
    pub(crate) fn ensure_stack(&mut self, end: usize) {
        if self.stack.len() < end {
            let new_len = end.max(self.stack.len() * 2);
            self.stack.resize_with(new_len, || Value::Nil);
        }
    }

    /// Resets registers `start..end` to `()`, releasing what they held.
    #[inline]
    pub(crate) fn clear_registers(&mut self, start: usize, end: usize) {
        clear_slots(&mut self.stack, start, end);
    }

    /// Pushes a frame for `func` whose arguments are already in `stack[base..base+arg_count]`
    /// (`base` = the current top), appending `captures` after them.
    fn enter_frame(
        &mut self,
        func: FuncId,
        base: usize,
        arg_count: usize,
        dst: u16,
        captures: &[Value],
        argc: u16,
    ) -> Result<(), CallError> {
        if self.frames.len() >= MAX_FRAMES {
            return Err(CallError::StackOverflow);
        }
        let Some(info) = self.function_info.get(func.index()).copied() else {
            return Err(CallError::UnknownFunction);
        };
        if info.num_params as usize != arg_count || info.num_captures as usize != captures.len() {
            return Err(CallError::WrongArity);
        }
        let top = base + info.num_registers as usize;
        if top > MAX_STACK_SLOTS {
            return Err(CallError::StackOverflow);
        }
        self.ensure_stack(top);
        // Slots above the top frame hold no boxed values, but a returning scalar frame
        // (`intc_ir::scalar_frames`) leaves its ints there: registers past the arguments start
        // as `()` for every function that may read them unwritten.
        self.clear_registers(base + arg_count, top);
        for (i, capture) in captures.iter().enumerate() {
            self.stack[base + arg_count + i] = capture.clone();
        }
        self.frames.push(Frame {
            func: func.0,
            pc: 0,
            base: base as u32,
            top: top as u32,
            dst,
            argc,
        });
        Ok(())
    }

    /// Pushes a frame for `func` with arguments copied from `stack[args_start ..]` (a window
    /// of the current frame) and the given captures appended. `dst` is the caller's result
    /// register.
    #[inline]
    pub(crate) fn push_frame(
        &mut self,
        func: FuncId,
        args_start: usize,
        arg_count: u16,
        dst: u16,
        captures: &[Value],
    ) -> Result<(), CallError> {
        let base = self.current_top();
        let Some(info) = self.function_info.get(func.index()).copied() else {
            return Err(CallError::UnknownFunction);
        };
        if base + info.num_registers as usize > MAX_STACK_SLOTS {
            return Err(CallError::StackOverflow);
        }
        self.ensure_stack(base + (info.num_registers as usize).max(arg_count as usize));
        for i in 0..arg_count as usize {
            let v = self.stack[args_start + i].fast_clone();
            self.stack[base + i].assign(v);
        }
        let entered = self.enter_frame(func, base, arg_count as usize, dst, captures, arg_count);
        if entered.is_err() {
            self.clear_registers(base, base + arg_count as usize);
        }
        entered
    }

    /// Pushes a frame for a function value. The arguments follow the function type the caller
    /// saw (ending with a packed rest list when `packed_rest`), which may differ from the
    /// callee's own parameters (function subtyping): they are adapted by `adapt_arguments`.
    pub(crate) fn push_closure_frame(
        &mut self,
        callee: &Value,
        args_start: usize,
        arg_count: u16,
        dst: u16,
        packed_rest: bool,
    ) -> Result<(), CallError> {
        let Value::Function(closure) = callee else {
            return Err(CallError::NotAFunction);
        };
        let closure = closure.clone();
        self.push_adapted_frame(
            closure.func,
            &closure.captures,
            args_start,
            arg_count,
            dst,
            packed_rest,
        )
    }

    /// Pushes a frame for `func` called through a function value or object type, adapting
    /// the arguments when their shape differs from its parameters.
    pub(crate) fn push_adapted_frame(
        &mut self,
        func: FuncId,
        captures: &[Value],
        args_start: usize,
        arg_count: u16,
        dst: u16,
        packed_rest: bool,
    ) -> Result<(), CallError> {
        let Some(info) = self.function_info.get(func.index()).copied() else {
            return Err(CallError::UnknownFunction);
        };
        if packed_rest == info.rest_list.is_some() && arg_count == info.num_params {
            return self.push_frame(func, args_start, arg_count, dst, captures);
        }
        let end = args_start + arg_count as usize;
        let mut positional: Vec<Value> = match self.stack.get(args_start..end) {
            Some(window) => window.to_vec(),
            None => return Err(CallError::WrongArity),
        };
        if packed_rest {
            match positional.pop() {
                Some(Value::List(list)) => positional.extend(list.items().iter().cloned()),
                _ => return Err(CallError::WrongArity),
            }
        }
        let (args, argc) = adapt_arguments(info, positional)?;
        let base = self.current_top();
        if base + (info.num_registers as usize).max(args.len()) > MAX_STACK_SLOTS {
            return Err(CallError::StackOverflow);
        }
        self.ensure_stack(base + (info.num_registers as usize).max(args.len()));
        let count = args.len();
        for (i, arg) in args.into_iter().enumerate() {
            self.stack[base + i] = arg;
        }
        let entered = self.enter_frame(func, base, count, dst, captures, argc);
        if entered.is_err() {
            self.clear_registers(base, base + count);
        }
        entered
    }

    /// The function implementing `method` (a string constant) on the receiver's class.
    pub(crate) fn resolve_method(
        &self,
        receiver: &Value,
        method: ConstId,
    ) -> Result<FuncId, Panic> {
        if let Value::Object(object) = receiver {
            let symbol = self.method_symbol_of_constant.get(method.index()).copied();
            let row = self.method_table.get(object.class.index());
            if let (Some(symbol), Some(row)) = (symbol, row) {
                if let Some(&func) = row.get(symbol as usize) {
                    if func != u32::MAX {
                        return Ok(FuncId(func));
                    }
                }
            }
        }
        let name = self
            .constants
            .get(method.index())
            .and_then(Value::as_str)
            .unwrap_or("");
        self.find_method(receiver, name)
    }

    pub(crate) fn find_method(&self, receiver: &Value, name: &str) -> Result<FuncId, Panic> {
        let Value::Object(object) = receiver else {
            return Err(self.internal(&format!("method call '{name}' on a non-object value")));
        };
        match self
            .methods
            .get(object.class.index())
            .and_then(|m| m.get(name))
        {
            Some(func) => Ok(*func),
            None => Err(self.internal(&format!("object has no method '{name}'"))),
        }
    }

    /// Pops the top frame after it returned `value`. Returns `Some(value)` when the frame
    /// count reached `stop_depth` (the value goes to the Rust caller), otherwise stores it in
    /// the caller's result register and advances the caller past its call.
    #[inline]
    pub(crate) fn pop_frame(&mut self, value: Value, stop_depth: usize) -> Option<Value> {
        let frame = self.frames.pop()?;
        let depth = self.frames.len() as u32;
        while self.traps.last().is_some_and(|t| t.frame >= depth) {
            self.traps.pop();
        }
        self.clear_registers(frame.base as usize, frame.top as usize);
        if self.frames.len() <= stop_depth {
            return Some(value);
        }
        if let Some(caller) = self.frames.last_mut() {
            let slot = caller.base as usize + frame.dst as usize;
            caller.pc += 1;
            if let Some(r) = self.stack.get_mut(slot) {
                r.assign(value);
            }
        }
        None
    }

    /// Returns the value in stack slot `slot` (a register of the top frame): like
    /// `pop_frame`, but copies unboxed values straight into the caller's register.
    #[inline]
    pub(crate) fn return_register(&mut self, slot: usize, stop_depth: usize) -> Option<Value> {
        let (dst, depth) = match self.frames.last() {
            Some(frame) => (frame.dst, self.frames.len()),
            None => return Some(Value::Nil),
        };
        if depth - 1 <= stop_depth {
            let v = self
                .stack
                .get_mut(slot)
                .map(std::mem::take)
                .unwrap_or_default();
            return self.pop_frame(v, stop_depth);
        }
        let v = match self.stack.get(slot) {
            Some(v) => v.fast_clone(),
            None => Value::Nil,
        };
        let frame = self.frames.pop()?;
        let depth = self.frames.len() as u32;
        while self.traps.last().is_some_and(|t| t.frame >= depth) {
            self.traps.pop();
        }
        if let Some(caller) = self.frames.last_mut() {
            caller.pc += 1;
            let target = caller.base as usize + dst as usize;
            if let Some(r) = self.stack.get_mut(target) {
                r.assign(v);
            }
        }
        self.clear_registers(frame.base as usize, frame.top as usize);
        None
    }

    /// Pops frames (releasing their registers) until `keep` remain.
    fn unwind_to(&mut self, keep: usize) {
        while self.frames.len() > keep {
            if let Some(frame) = self.frames.pop() {
                self.clear_registers(frame.base as usize, frame.top as usize);
                if self.is_trampoline(frame.func) {
                    self.strand.continuations.pop();
                }
            }
        }
    }

    /// Raises a panic at the current point: records the stack trace on the error if it has
    /// none, then unwinds to the innermost trap region at or above `stop_depth` (returning
    /// `Ok`, execution continues at its handler) or, if none, unwinds every frame above
    /// `stop_depth` and returns the panic.
    pub(crate) fn raise(&mut self, panic: Panic, stop_depth: usize) -> Result<(), Panic> {
        if let Value::Error(error) = &panic.error {
            if !error.has_trace() {
                error.set_trace_if_absent(self.capture_trace());
            }
        }
        let handler = match self.traps.last() {
            Some(t) if t.frame as usize >= stop_depth => *t,
            _ => {
                self.unwind_to(stop_depth);
                let depth = self.frames.len() as u32;
                while self.traps.last().is_some_and(|t| t.frame >= depth) {
                    self.traps.pop();
                }
                if !self.strand.locks.is_empty() {
                    self.release_unwound_locks();
                }
                return Err(panic);
            }
        };
        self.traps.pop();
        self.unwind_to(handler.frame as usize + 1);
        if !self.strand.locks.is_empty() {
            self.release_unwound_locks();
        }
        if let Some(frame) = self.frames.last_mut() {
            frame.pc = handler.handler;
            let slot = frame.base as usize + handler.dst as usize;
            if let Some(r) = self.stack.get_mut(slot) {
                *r = panic.error;
            }
        }
        Ok(())
    }

    /// The current call stack, innermost first.
    pub(crate) fn capture_trace(&self) -> Box<[TraceFrame]> {
        self.frames
            .iter()
            .rev()
            .filter(|f| !self.is_trampoline(f.func))
            .map(|f| TraceFrame {
                func: FuncId(f.func),
                pc: f.pc,
            })
            .collect()
    }

    pub(crate) fn stack_overflow(&self) -> Panic {
        error::panic_error(&self.types, reason::STACK_OVERFLOW, "stack overflow")
    }

    /// The panic for `panic v`: errors are raised as they are.
    pub(crate) fn panic_from_value(&self, value: Value) -> Panic {
        match value {
            Value::Error(_) => Panic::new(value),
            other => {
                let text = crate::format::to_string(&other, &self.types);
                Panic::new(error::new_error(
                    &self.types,
                    self.types.well_known.error,
                    &text,
                    Value::Nil,
                    ValueMap::default(),
                ))
            }
        }
    }

    /// Builds an error value for `NewError`, recording the current stack trace.
    pub(crate) fn new_error_value(
        &self,
        ty: TypeId,
        message: &Value,
        cause: &Value,
        detail: &Value,
    ) -> Result<Value, Panic> {
        let text = match message {
            Value::String(s) => s.as_str().to_string(),
            other => crate::format::to_string(other, &self.types),
        };
        let entries = match detail {
            Value::Map(map) => map.entries().clone(),
            _ => ValueMap::default(),
        };
        let cause = if cause.is_error() {
            cause.clone()
        } else {
            Value::Nil
        };
        let value = error::new_error(&self.types, ty, &text, cause, entries);
        if let Value::Error(e) = &value {
            e.set_trace_if_absent(self.capture_trace());
        }
        Ok(value)
    }
}

/// Builds the dense `CallMethod` dispatch tables (see `Interpreter::method_table`).
pub(super) fn method_dispatch_tables(program: &Program) -> (Vec<u32>, Vec<Vec<u32>>) {
    let mut symbols: FxHashMap<&str, u32> = FxHashMap::default();
    for class in &program.classes {
        for (name, _) in &class.methods {
            let next = symbols.len() as u32;
            symbols.entry(name.as_str()).or_insert(next);
        }
    }
    let of_constant = program
        .constants
        .iter()
        .map(|c| match c {
            Constant::String(s) => symbols.get(s.as_str()).copied().unwrap_or(u32::MAX),
            _ => u32::MAX,
        })
        .collect();
    let table = program
        .classes
        .iter()
        .map(|class| {
            let mut row = vec![u32::MAX; symbols.len()];
            for (name, func) in &class.methods {
                if let Some(slot) = symbols
                    .get(name.as_str())
                    .and_then(|s| row.get_mut(*s as usize))
                {
                    *slot = func.0;
                }
            }
            row
        })
        .collect();
    (of_constant, table)
}

/// The arguments of a `CallNativeSpread`: the registers of `args` but the last, then the
/// members of the list in the last one (the spread rest arguments), however many.
pub(crate) fn spread_arguments(
    types: &crate::types::TypeTable,
    registers: &[Value],
    args: intc_ir::RegRange,
) -> Result<Vec<Value>, Panic> {
    let start = args.start as usize;
    let Some((spread, fixed)) = registers[start..start + args.count as usize].split_last() else {
        return Err(error::panic_error(
            types,
            reason::ILLEGAL_STATE,
            "call_native_spread without a spread list",
        ));
    };
    let Value::List(list) = spread else {
        return Err(error::panic_error(
            types,
            reason::ILLEGAL_STATE,
            "call_native_spread of a non-list",
        ));
    };
    let members = list.items();
    let mut values = Vec::new();
    values
        .try_reserve_exact(fixed.len() + members.len())
        .map_err(|_| error::panic_error(types, reason::ILLEGAL_STATE, "too many arguments"))?;
    values.extend(fixed.iter().cloned());
    values.extend(members.iter().cloned());
    Ok(values)
}

/// Adapts positional arguments to a callee's parameters: arguments beyond its fixed
/// parameters go into its rest list; fixed parameters not supplied are left `()` for the
/// callee's prologue to fill with their defaults (it sees how many were supplied, `argc`).
fn adapt_arguments(
    info: super::FunctionInfo,
    mut positional: Vec<Value>,
) -> Result<(Vec<Value>, u16), CallError> {
    let fixed = (info.num_params as usize).saturating_sub(usize::from(info.rest_list.is_some()));
    let given = positional.len().min(fixed);
    let extra = if positional.len() > fixed {
        positional.split_off(fixed)
    } else {
        Vec::new()
    };
    positional.resize(fixed, Value::Nil);
    match info.rest_list {
        Some(ty) => positional.push(Value::List(crate::value::ListObj::new(ty, extra))),
        None if !extra.is_empty() => return Err(CallError::WrongArity),
        None => {}
    }
    Ok((positional, given as u16))
}
