//! Frame push/pop, panics and unwinding, and re-entrant calls from natives.

use super::{Frame, Interpreter};
use crate::error::{self, reason, Panic};
use crate::value::{TraceFrame, Value, ValueMap};
use intc_ir::{ConstId, FuncId, TypeId};

/// Maximum number of live Ballerina frames; one more call panics `{ballerina}StackOverflow`.
pub const MAX_FRAMES: usize = 100_000;

/// Maximum nesting of native callbacks into Ballerina code (each nests a Rust-level dispatch
/// loop, so this bounds Rust stack use).
const MAX_REENTRY: u32 = 96;

impl Interpreter {
    /// Pushes a frame for `func` with arguments copied from `stack[args_start ..]` and the
    /// given captures appended. `dst` is the caller's result register.
    pub(crate) fn push_frame(
        &mut self,
        func: FuncId,
        args_start: usize,
        arg_count: u16,
        dst: u16,
        captures: &[Value],
    ) -> Result<(), Panic> {
        if self.frames.len() >= MAX_FRAMES {
            return Err(self.stack_overflow());
        }
        let program = self.program.clone();
        let Some(function) = program.functions.get(func.index()) else {
            return Err(self.internal("call of an unknown function"));
        };
        if function.num_params != arg_count || function.num_captures as usize != captures.len() {
            return Err(self.internal("call with a wrong number of arguments"));
        }
        let new_base = self.stack.len();
        for i in 0..arg_count as usize {
            let v = self.stack[args_start + i].clone();
            self.stack.push(v);
        }
        self.stack.extend(captures.iter().cloned());
        self.stack
            .resize(new_base + function.num_registers as usize, Value::Nil);
        self.frames.push(Frame {
            func: func.0,
            pc: 0,
            base: new_base as u32,
            dst,
        });
        Ok(())
    }

    /// Pushes a frame for a function value.
    pub(crate) fn push_closure_frame(
        &mut self,
        callee: &Value,
        args_start: usize,
        arg_count: u16,
        dst: u16,
    ) -> Result<(), Panic> {
        match callee {
            Value::Function(closure) => {
                let closure = closure.clone();
                self.push_frame(closure.func, args_start, arg_count, dst, &closure.captures)
            }
            _ => Err(self.internal("call of a value that is not a function")),
        }
    }

    /// The function implementing `method` (a string constant) on the receiver's class.
    pub(crate) fn resolve_method(
        &self,
        receiver: &Value,
        method: ConstId,
    ) -> Result<FuncId, Panic> {
        let name = self
            .constants
            .get(method.index())
            .and_then(Value::as_str)
            .unwrap_or("");
        self.find_method(receiver, name)
    }

    fn find_method(&self, receiver: &Value, name: &str) -> Result<FuncId, Panic> {
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
    pub(crate) fn pop_frame(&mut self, value: Value, stop_depth: usize) -> Option<Value> {
        let frame = self.frames.pop()?;
        let dst = frame.dst;
        let depth = self.frames.len() as u32;
        while self.traps.last().is_some_and(|t| t.frame >= depth) {
            self.traps.pop();
        }
        self.stack.truncate(frame.base as usize);
        if self.frames.len() <= stop_depth {
            return Some(value);
        }
        if let Some(caller) = self.frames.last_mut() {
            let slot = caller.base as usize + dst as usize;
            caller.pc += 1;
            if let Some(r) = self.stack.get_mut(slot) {
                *r = value;
            }
        }
        None
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
                while self.frames.len() > stop_depth {
                    if let Some(frame) = self.frames.pop() {
                        self.stack.truncate(frame.base as usize);
                    }
                }
                let depth = self.frames.len() as u32;
                while self.traps.last().is_some_and(|t| t.frame >= depth) {
                    self.traps.pop();
                }
                return Err(panic);
            }
        };
        self.traps.pop();
        let keep = handler.frame as usize + 1;
        while self.frames.len() > keep {
            if let Some(frame) = self.frames.pop() {
                self.stack.truncate(frame.base as usize);
            }
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

    /// Runs `func` with `args` to completion on top of the current frames (used for module
    /// inits, `main` and native callbacks).
    pub(crate) fn run_function(&mut self, func: FuncId, args: &[Value]) -> Result<Value, Panic> {
        if self.reentry_depth >= MAX_REENTRY {
            return Err(self.stack_overflow());
        }
        let stop_depth = self.frames.len();
        let args_start = self.stack.len();
        self.stack.extend(args.iter().cloned());
        let captures: Vec<Value> = Vec::new();
        let pushed = self.push_frame_owned_args(func, args_start, args.len(), &captures);
        if let Err(panic) = pushed {
            self.stack.truncate(args_start);
            return Err(panic);
        }
        self.reentry_depth += 1;
        let result = self.execute(stop_depth);
        self.reentry_depth -= 1;
        self.stack.truncate(args_start);
        result
    }

    /// Like `push_frame`, but the arguments already sit at the top of the stack and become
    /// the new frame's first registers in place.
    fn push_frame_owned_args(
        &mut self,
        func: FuncId,
        args_start: usize,
        arg_count: usize,
        captures: &[Value],
    ) -> Result<(), Panic> {
        if self.frames.len() >= MAX_FRAMES {
            return Err(self.stack_overflow());
        }
        let program = self.program.clone();
        let Some(function) = program.functions.get(func.index()) else {
            return Err(self.internal("call of an unknown function"));
        };
        if function.num_params as usize != arg_count
            || function.num_captures as usize != captures.len()
        {
            return Err(self.internal("call with a wrong number of arguments"));
        }
        self.stack.extend(captures.iter().cloned());
        self.stack
            .resize(args_start + function.num_registers as usize, Value::Nil);
        self.frames.push(Frame {
            func: func.0,
            pc: 0,
            base: args_start as u32,
            dst: 0,
        });
        Ok(())
    }

    /// Calls a function value with `args` (re-entrantly, from a native).
    pub(crate) fn call_value(&mut self, function: &Value, args: &[Value]) -> Result<Value, Panic> {
        let Value::Function(closure) = function else {
            return Err(self.internal("call of a value that is not a function"));
        };
        let closure = closure.clone();
        if self.reentry_depth >= MAX_REENTRY {
            return Err(self.stack_overflow());
        }
        let stop_depth = self.frames.len();
        let args_start = self.stack.len();
        self.stack.extend(args.iter().cloned());
        if let Err(panic) =
            self.push_frame_owned_args(closure.func, args_start, args.len(), &closure.captures)
        {
            self.stack.truncate(args_start);
            return Err(panic);
        }
        self.reentry_depth += 1;
        let result = self.execute(stop_depth);
        self.reentry_depth -= 1;
        self.stack.truncate(args_start);
        result
    }

    /// Calls `object.name(args...)` re-entrantly.
    pub(crate) fn call_method_by_name(
        &mut self,
        object: &Value,
        name: &str,
        args: &[Value],
    ) -> Result<Value, Panic> {
        let func = self.find_method(object, name)?;
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(object.clone());
        all.extend(args.iter().cloned());
        self.run_function(func, &all)
    }
}
