//! The interpreter: a register machine executing verified IR.
//!
//! Ballerina calls never recurse on the Rust stack: frames live in `frames` and all registers
//! in one `stack` vector (each frame owns `stack[base .. base + num_registers]`, and the top
//! frame's window always ends at `stack.len()`). The dispatch loop keeps the current code
//! slice, `pc` and `base` in locals and reloads them only on call, return and panic.
//!
//! Resumption point: every frame records the index of the instruction it is executing; a
//! parked strand resumes at a `CallNative` by writing the native's result to the caller's
//! `dst` and continuing at `pc + 1`, as `pop_frame` does for a Ballerina return.
//!
//! Register indices and jump targets are validated by `intc_ir::verify` before any code runs,
//! so the register/code indexing below cannot go out of bounds.

mod access;
mod annotations;
mod arith;
mod callbacks;
mod calls;
mod convert;
pub mod events;
mod fast;
mod iterate;
pub(crate) mod lifecycle;
mod setup;
mod strand;
pub mod strand_context;
pub(crate) mod stream_query;
pub mod streams;
pub(crate) mod transaction;
mod workers;

use crate::error::{self, Panic};
use crate::format::to_string;
use crate::native::Native;
use crate::types::TypeTable;
use crate::value::{copy_value_within, Value};
use intc_ir::{FuncId, Instruction as I, Program};
use rustc_hash::FxHashMap;
use std::io::{BufWriter, Write};
use std::rc::Rc;

pub use calls::{MAX_FRAMES, MAX_STACK_SLOTS};

/// One activation record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub func: u32,
    /// Index of the instruction being executed (the call instruction while a callee runs).
    pub pc: u32,
    /// Start of this frame's registers in `stack`.
    pub base: u32,
    /// One past this frame's last register.
    pub top: u32,
    /// The caller's register receiving this frame's return value.
    pub dst: u16,
    /// How many leading parameters the caller supplied (fewer than the parameter count when
    /// a function value call omitted trailing defaultable parameters).
    pub argc: u16,
}

/// An active `trap` region.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TrapHandler {
    pub frame: u32,
    pub handler: u32,
    pub dst: u16,
}

/// Frame layout of a function, copied out of the program so calls need no program access.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FunctionInfo {
    pub num_params: u16,
    pub num_captures: u16,
    pub num_registers: u16,
    /// The list type of the rest parameter (the last parameter), if any.
    pub rest_list: Option<intc_ir::TypeId>,
}

/// Interpreter state for one program run.
pub struct Interpreter {
    pub(crate) program: Rc<Program>,
    pub(crate) types: TypeTable,
    pub(crate) natives: Vec<Native>,
    pub(crate) function_info: Vec<FunctionInfo>,
    pub(crate) constants: Vec<Value>,
    pub(crate) globals: Vec<Value>,
    pub(crate) configured: Vec<bool>,
    /// Per class: method name -> function.
    pub(crate) methods: Vec<FxHashMap<String, FuncId>>,
    /// Dense dispatch for `CallMethod`: per constant, its method-name symbol (or `u32::MAX`),
    /// and per class, the function of each symbol (`u32::MAX` = no such method). Avoids
    /// hashing the method name on every call.
    pub(crate) method_symbol_of_constant: Vec<u32>,
    pub(crate) method_table: Vec<Vec<u32>>,
    /// Id of the first callback trampoline (`callbacks.rs`); the ones after it follow.
    pub(crate) first_trampoline: u32,
    pub(crate) stack: Vec<Value>,
    pub(crate) frames: Vec<Frame>,
    pub(crate) traps: Vec<TrapHandler>,
    /// The running strand's other state (future, held locks).
    pub(crate) strand: strand::StrandMeta,
    /// The parked and ready strands.
    pub(crate) sched: strand::Scheduler,
    pub(crate) lifecycle: lifecycle::Lifecycle,
    pub(crate) stdout: BufWriter<Box<dyn Write>>,
    pub(crate) stderr: BufWriter<Box<dyn Write>>,
    /// How traces and natives name modules (`Runtime::set_module_names`).
    pub(crate) module_names: crate::report::ModuleNames,
    /// How handles are copied into replica isolates (`crate::replica`), from the registry.
    pub(crate) replicators: crate::value::transfer::Replicators,
    /// Where replica isolates write (`None`: the process's standard output and error).
    pub(crate) replica_output: Option<crate::replica::OutputFactory>,
    /// The length of the type table the program alone gives (later types were added at run
    /// time, and a replica copies them).
    pub(crate) program_types: usize,
    /// State the natives keep for the whole program, shared with its replicas.
    pub(crate) shared: std::sync::Arc<crate::replica::SharedState>,
}

impl Interpreter {
    /// Runs frames until the frame count drops back to `stop_depth`, returning the value the
    /// frame at `stop_depth` returned. Panics not trapped above `stop_depth` unwind to it and
    /// are returned as `Err`.
    pub(crate) fn execute(&mut self, stop_depth: usize) -> Result<Value, Panic> {
        // The register file is moved into a local for the dispatch loop so register access
        // does not reload it through `self`; it is swapped back around every operation that
        // needs the interpreter's own view (calls, natives, unwinding).
        let mut stack = std::mem::take(&mut self.stack);
        let result = self.execute_loop(&mut stack, stop_depth);
        self.stack = stack;
        result
    }

    fn execute_loop(&mut self, stack: &mut Vec<Value>, stop_depth: usize) -> Result<Value, Panic> {
        let program = self.program.clone();
        'frames: loop {
            self.run_fast(stack, &program, stop_depth);
            let Some(frame) = self.frames.last() else {
                return Ok(Value::Nil);
            };
            let mut code: &[intc_ir::Instruction] = &program.functions[frame.func as usize].code;
            let mut base = frame.base as usize;
            let mut top = frame.top as usize;
            let mut pc = frame.pc as usize;

            macro_rules! reg {
                ($r:expr) => {
                    stack[base + $r.0 as usize]
                };
            }
            // Writing only the payload when the register already holds the same kind avoids
            // a drop call and a 16-byte store-forwarding stall in tight loops.
            // Field-wise writes of unboxed results avoid drop calls and 16-byte
            // store-forwarding stalls in tight loops.
            macro_rules! set_int {
                ($r:expr, $v:expr) => {
                    reg!($r).set_int($v)
                };
            }
            macro_rules! set_float {
                ($r:expr, $v:expr) => {
                    reg!($r).set_float($v)
                };
            }
            macro_rules! set_bool {
                ($r:expr, $v:expr) => {
                    reg!($r).set_bool($v)
                };
            }
            macro_rules! with_stack {
                ($e:expr) => {{
                    std::mem::swap(&mut self.stack, stack);
                    let result = $e;
                    std::mem::swap(&mut self.stack, stack);
                    result
                }};
            }
            macro_rules! fail {
                ($panic:expr) => {{
                    let panic = $panic;
                    self.save_pc(pc);
                    with_stack!(self.raise(panic, stop_depth))?;
                    continue 'frames;
                }};
            }
            macro_rules! try_call {
                ($result:expr) => {
                    if let Err(error) = $result {
                        fail!(self.call_error(error));
                    }
                };
            }
            macro_rules! try_op {
                ($result:expr) => {
                    match $result {
                        Ok(value) => value,
                        Err(panic) => fail!(panic),
                    }
                };
            }
            macro_rules! int_op {
                ($dst:expr, $a:expr, $b:expr, $checked:ident, $op:expr) => {{
                    match (&reg!($a), &reg!($b)) {
                        (Value::Int(x), Value::Int(y)) => match x.$checked(*y) {
                            Some(v) => set_int!($dst, v),
                            None => fail!(error::overflow(&self.types)),
                        },
                        (x, y) => {
                            let v = try_op!(arith::binary(&self.types, $op, x, y));
                            reg!($dst) = v;
                        }
                    }
                }};
            }
            macro_rules! float_op {
                ($dst:expr, $a:expr, $b:expr, $op:tt, $generic:expr) => {{
                    match (&reg!($a), &reg!($b)) {
                        (Value::Float(x), Value::Float(y)) => {
                            let v = *x $op *y;
                            set_float!($dst, v);
                        }
                        (x, y) => {
                            let v = try_op!(arith::binary(&self.types, $generic, x, y));
                            reg!($dst) = v;
                        }
                    }
                }};
            }

            loop {
                match code[pc] {
                    I::Nop => {}
                    I::Move { dst, src } => {
                        copy_value_within(stack, base + dst.0 as usize, base + src.0 as usize);
                    }
                    I::LoadNil { dst } => reg!(dst) = Value::Nil,
                    I::LoadBool { dst, value } => set_bool!(dst, value),
                    I::LoadInt { dst, value } => set_int!(dst, value),
                    I::LoadFloat { dst, value } => set_float!(dst, value),
                    I::LoadConst { dst, constant } => {
                        reg!(dst) = self.constants[constant.index()].clone();
                    }
                    I::LoadTypedesc { dst, ty } => reg!(dst) = Value::Typedesc(ty),
                    I::TypeOf { dst, src } => {
                        let value = reg!(src).clone();
                        reg!(dst) = Value::Typedesc(self.types.type_of_value(&value));
                    }
                    I::AnnotationGet { dst, typedesc, key } => {
                        reg!(dst) = self.annotation_get(&reg!(typedesc), key);
                    }
                    I::LoadFunction { dst, func } => {
                        reg!(dst) = Value::Function(crate::value::Closure::new(func, Box::new([])));
                    }
                    I::GlobalGet { dst, global } => {
                        reg!(dst) = self.globals[global.index()].clone();
                    }
                    I::GlobalSet { global, src } => {
                        self.globals[global.index()] = reg!(src).clone();
                    }
                    I::JumpIfConfigured { global, target } => {
                        if self.configured[global.index()] {
                            pc = target as usize;
                            continue;
                        }
                    }
                    I::AddInt { dst, a, b } => {
                        int_op!(dst, a, b, checked_add, intc_ir::BinaryOp::Add)
                    }
                    I::SubInt { dst, a, b } => {
                        int_op!(dst, a, b, checked_sub, intc_ir::BinaryOp::Sub)
                    }
                    I::MulInt { dst, a, b } => {
                        int_op!(dst, a, b, checked_mul, intc_ir::BinaryOp::Mul)
                    }
                    I::DivInt { dst, a, b } => {
                        if let (Value::Int(x), Value::Int(y)) = (&reg!(a), &reg!(b)) {
                            if *y != 0 && *y != -1 {
                                let v = *x / *y;
                                set_int!(dst, v);
                                pc += 1;
                                continue;
                            }
                        }
                        let v = try_op!(arith::binary(
                            &self.types,
                            intc_ir::BinaryOp::Div,
                            &reg!(a),
                            &reg!(b)
                        ));
                        reg!(dst) = v;
                    }
                    I::RemInt { dst, a, b } => {
                        if let (Value::Int(x), Value::Int(y)) = (&reg!(a), &reg!(b)) {
                            if *y != 0 && *y != -1 {
                                let v = *x % *y;
                                set_int!(dst, v);
                                pc += 1;
                                continue;
                            }
                        }
                        let v = try_op!(arith::binary(
                            &self.types,
                            intc_ir::BinaryOp::Rem,
                            &reg!(a),
                            &reg!(b)
                        ));
                        reg!(dst) = v;
                    }
                    I::AddIntImm { dst, a, imm } => match &reg!(a) {
                        Value::Int(x) => match x.checked_add(imm as i64) {
                            Some(v) => set_int!(dst, v),
                            None => fail!(error::overflow(&self.types)),
                        },
                        other => {
                            let v = try_op!(arith::binary(
                                &self.types,
                                intc_ir::BinaryOp::Add,
                                other,
                                &Value::Int(imm as i64)
                            ));
                            reg!(dst) = v;
                        }
                    },
                    I::MulIntImm { dst, a, imm } => match &reg!(a) {
                        Value::Int(x) => match x.checked_mul(imm as i64) {
                            Some(v) => set_int!(dst, v),
                            None => fail!(error::overflow(&self.types)),
                        },
                        other => {
                            let v = try_op!(arith::binary(
                                &self.types,
                                intc_ir::BinaryOp::Mul,
                                other,
                                &Value::Int(imm as i64)
                            ));
                            reg!(dst) = v;
                        }
                    },
                    I::RemIntImm { dst, a, imm } => match &reg!(a) {
                        Value::Int(x) if imm != 0 && imm != -1 => {
                            let v = *x % imm as i64;
                            set_int!(dst, v);
                        }
                        other => {
                            let v = try_op!(arith::binary(
                                &self.types,
                                intc_ir::BinaryOp::Rem,
                                other,
                                &Value::Int(imm as i64)
                            ));
                            reg!(dst) = v;
                        }
                    },
                    I::NegInt { dst, a } | I::NegFloat { dst, a } => {
                        let v = try_op!(arith::unary(&self.types, intc_ir::UnaryOp::Neg, &reg!(a)));
                        reg!(dst) = v;
                    }
                    I::CmpInt { dst, cmp, a, b } | I::CmpFloat { dst, cmp, a, b } => {
                        let v = arith::compare(cmp, &reg!(a), &reg!(b));
                        set_bool!(dst, v);
                    }
                    I::JumpIfCmpInt { cmp, a, b, target } => {
                        let taken = match (&reg!(a), &reg!(b)) {
                            (Value::Int(x), Value::Int(y)) => arith::compare_ints(cmp, *x, *y),
                            (x, y) => arith::compare(cmp, x, y),
                        };
                        if taken {
                            pc = target as usize;
                            continue;
                        }
                    }
                    I::JumpIfCmpIntImm {
                        cmp,
                        a,
                        imm,
                        target,
                    } => {
                        let taken = match &reg!(a) {
                            Value::Int(x) => arith::compare_ints(cmp, *x, imm as i64),
                            x => arith::compare(cmp, x, &Value::Int(imm as i64)),
                        };
                        if taken {
                            pc = target as usize;
                            continue;
                        }
                    }
                    I::IncJumpIfCmpInt {
                        counter,
                        step,
                        cmp,
                        limit,
                        target,
                    } => {
                        let next = match &reg!(counter) {
                            Value::Int(x) => x.checked_add(step as i64),
                            _ => None,
                        };
                        let Some(next) = next else {
                            fail!(self.loop_step_failure(&reg!(counter), step));
                        };
                        set_int!(counter, next);
                        let taken = match &reg!(limit) {
                            Value::Int(y) => arith::compare_ints(cmp, next, *y),
                            y => arith::compare(cmp, &Value::Int(next), y),
                        };
                        if taken {
                            pc = target as usize;
                            continue;
                        }
                    }
                    I::IncJumpIfCmpIntImm {
                        counter,
                        step,
                        cmp,
                        limit,
                        target,
                    } => {
                        let next = match &reg!(counter) {
                            Value::Int(x) => x.checked_add(step as i64),
                            _ => None,
                        };
                        let Some(next) = next else {
                            fail!(self.loop_step_failure(&reg!(counter), step));
                        };
                        set_int!(counter, next);
                        if arith::compare_ints(cmp, next, limit as i64) {
                            pc = target as usize;
                            continue;
                        }
                    }
                    I::AddFloat { dst, a, b } => float_op!(dst, a, b, +, intc_ir::BinaryOp::Add),
                    I::SubFloat { dst, a, b } => float_op!(dst, a, b, -, intc_ir::BinaryOp::Sub),
                    I::MulFloat { dst, a, b } => float_op!(dst, a, b, *, intc_ir::BinaryOp::Mul),
                    I::DivFloat { dst, a, b } => float_op!(dst, a, b, /, intc_ir::BinaryOp::Div),
                    I::RemFloat { dst, a, b } => float_op!(dst, a, b, %, intc_ir::BinaryOp::Rem),
                    I::Concat { dst, a, b } => {
                        let right = reg!(b).clone();
                        // Taking the operand out of its register lets `s = s + x` append in
                        // place when the string is not shared.
                        let left = if dst == a {
                            std::mem::take(&mut reg!(a))
                        } else {
                            reg!(a).clone()
                        };
                        let v = try_op!(arith::concat(&self.types, left, &right));
                        reg!(dst) = v;
                    }
                    I::ToString { dst, value } => {
                        let v = reg!(value).clone();
                        match &v {
                            Value::String(_) => reg!(dst) = v,
                            // Objects (possibly nested) render through their `toString`
                            // methods, called on this strand's frames.
                            Value::List(_) | Value::Map(_) | Value::Object(_) | Value::Error(_) => {
                                self.save_pc(pc);
                                match try_op!(with_stack!(self.render_op(v, dst.0))) {
                                    strand::NativeOutcome::Value(v) => reg!(dst) = v,
                                    strand::NativeOutcome::Called => continue 'frames,
                                    strand::NativeOutcome::Parked => return Ok(Value::Nil),
                                }
                            }
                            other => reg!(dst) = Value::string(to_string(other, &self.types)),
                        }
                    }
                    I::Binary { dst, op, a, b } => {
                        let v = try_op!(arith::binary(&self.types, op, &reg!(a), &reg!(b)));
                        reg!(dst) = v;
                    }
                    I::Unary { dst, op, a } => {
                        let v = try_op!(arith::unary(&self.types, op, &reg!(a)));
                        reg!(dst) = v;
                    }
                    I::Compare { dst, cmp, a, b } => {
                        let v = arith::compare(cmp, &reg!(a), &reg!(b));
                        set_bool!(dst, v);
                    }
                    I::RefEq { dst, a, b } => {
                        let v = crate::value::exact_equals(&reg!(a), &reg!(b));
                        reg!(dst) = Value::Boolean(v);
                    }
                    I::RefNe { dst, a, b } => {
                        let v = !crate::value::exact_equals(&reg!(a), &reg!(b));
                        reg!(dst) = Value::Boolean(v);
                    }
                    I::Jump { target } => {
                        pc = target as usize;
                        continue;
                    }
                    I::JumpIfTrue { cond, target } => {
                        if matches!(reg!(cond), Value::Boolean(true)) {
                            pc = target as usize;
                            continue;
                        }
                    }
                    I::JumpIfFalse { cond, target } => {
                        if !matches!(reg!(cond), Value::Boolean(true)) {
                            pc = target as usize;
                            continue;
                        }
                    }
                    I::JumpIfNil { value, target } => {
                        if reg!(value).is_nil() {
                            pc = target as usize;
                            continue;
                        }
                    }
                    I::JumpIfNotNil { value, target } => {
                        if !reg!(value).is_nil() {
                            pc = target as usize;
                            continue;
                        }
                    }
                    I::JumpIfArgGiven { index, target } => {
                        if self.frames.last().is_some_and(|f| f.argc > index) {
                            pc = target as usize;
                            continue;
                        }
                    }
                    I::Return { value } if self.frames.len() > stop_depth + 1 => {
                        // Fast path: return to a caller in this dispatch loop without
                        // leaving it.
                        let Some(frame) = self.frames.pop() else {
                            return Ok(reg!(value).clone());
                        };
                        let depth = self.frames.len() as u32;
                        while self.traps.last().is_some_and(|t| t.frame >= depth) {
                            self.traps.pop();
                        }
                        let Some(caller) = self.frames.last_mut() else {
                            return Ok(reg!(value).clone());
                        };
                        caller.pc += 1;
                        let caller = *caller;
                        copy_value_within(
                            stack,
                            caller.base as usize + frame.dst as usize,
                            base + value.0 as usize,
                        );
                        calls::clear_slots(stack, frame.base as usize, frame.top as usize);
                        code = &program.functions[caller.func as usize].code;
                        base = caller.base as usize;
                        top = caller.top as usize;
                        pc = caller.pc as usize;
                        continue;
                    }
                    I::Return { value } => {
                        if let Some(result) =
                            with_stack!(self.return_register(base + value.0 as usize, stop_depth))
                        {
                            return Ok(result);
                        }
                        continue 'frames;
                    }
                    I::ReturnNil if self.frames.len() > stop_depth + 1 => {
                        let Some(frame) = self.frames.pop() else {
                            return Ok(Value::Nil);
                        };
                        let depth = self.frames.len() as u32;
                        while self.traps.last().is_some_and(|t| t.frame >= depth) {
                            self.traps.pop();
                        }
                        let Some(caller) = self.frames.last_mut() else {
                            return Ok(Value::Nil);
                        };
                        caller.pc += 1;
                        let caller = *caller;
                        let slot = &mut stack[caller.base as usize + frame.dst as usize];
                        if slot.needs_drop() {
                            *slot = Value::Nil;
                        } else {
                            slot.set_nil_unboxed();
                        }
                        calls::clear_slots(stack, frame.base as usize, frame.top as usize);
                        code = &program.functions[caller.func as usize].code;
                        base = caller.base as usize;
                        top = caller.top as usize;
                        pc = caller.pc as usize;
                        continue;
                    }
                    I::ReturnNil => {
                        if let Some(result) = with_stack!(self.pop_frame(Value::Nil, stop_depth)) {
                            return Ok(result);
                        }
                        continue 'frames;
                    }
                    I::Panic { value } => {
                        let v = reg!(value).clone();
                        fail!(self.panic_from_value(v));
                    }
                    I::TrapBegin { dst, handler } => {
                        self.traps.push(TrapHandler {
                            frame: (self.frames.len() - 1) as u32,
                            handler,
                            dst: dst.0,
                        });
                    }
                    I::TrapEnd => {
                        let top = (self.frames.len() - 1) as u32;
                        if self.traps.last().is_some_and(|t| t.frame == top) {
                            self.traps.pop();
                        }
                    }
                    I::Start { dst, ty } => {
                        self.save_pc(pc);
                        try_op!(with_stack!(self.start_strand(dst, ty)));
                        pc += 2;
                        continue;
                    }
                    instruction @ (I::WorkerGroupNew { .. }
                    | I::WorkerBind { .. }
                    | I::WorkerSend { .. }
                    | I::WorkerSkip { .. }
                    | I::WorkerFlush { .. }
                    | I::WorkerReceive { .. }
                    | I::WorkerReceiveAll { .. }
                    | I::WorkerReceiveAny { .. }) => {
                        self.save_pc(pc);
                        match try_op!(with_stack!(self.worker_instruction(instruction))) {
                            strand::Flow::Next => {
                                // Skip the receive's `WorkerPeer` operands.
                                if let I::WorkerReceiveAll { count, .. }
                                | I::WorkerReceiveAny { count, .. } = instruction
                                {
                                    pc += count as usize;
                                }
                            }
                            strand::Flow::Park => return Ok(Value::Nil),
                        }
                    }
                    I::WorkerPeer { .. } => {
                        fail!(self.internal("a worker receive's operand was executed"));
                    }
                    instruction @ (I::Wait { .. }
                    | I::WaitAny { .. }
                    | I::WaitAll { .. }
                    | I::LockBegin
                    | I::LockEnd) => {
                        self.save_pc(pc);
                        match try_op!(with_stack!(self.strand_instruction(instruction))) {
                            strand::Flow::Next => {}
                            strand::Flow::Park => return Ok(Value::Nil),
                        }
                    }
                    I::ResumeNative { value } => {
                        self.save_pc(pc);
                        let result = std::mem::take(&mut reg!(value));
                        match try_op!(with_stack!(self.resume_native(result))) {
                            callbacks::Resumed::Return(v) => {
                                if let Some(result) = with_stack!(self.pop_frame(v, stop_depth)) {
                                    return Ok(result);
                                }
                            }
                            callbacks::Resumed::Continue => {}
                            callbacks::Resumed::Parked => return Ok(Value::Nil),
                        }
                        continue 'frames;
                    }
                    I::Call { dst, func, args } => {
                        // Inline call path: the verifier guarantees the arity and that `func`
                        // exists and has no captures.
                        if self.frames.len() >= MAX_FRAMES
                            || top + self.function_info[func.index()].num_registers as usize
                                > calls::MAX_STACK_SLOTS
                        {
                            self.save_pc(pc);
                            fail!(self.stack_overflow());
                        }
                        let info = self.function_info[func.index()];
                        let new_base = top;
                        let new_top = new_base + info.num_registers as usize;
                        if new_top > stack.len() {
                            calls::grow_stack(stack, new_top);
                        }
                        let arg_start = base + args.start as usize;
                        for i in 0..args.count as usize {
                            copy_value_within(stack, new_base + i, arg_start + i);
                        }
                        // The callee's other registers start as `()` (see `calls::enter_frame`).
                        calls::clear_slots(stack, new_base + args.count as usize, new_top);
                        self.save_pc(pc);
                        self.frames.push(Frame {
                            func: func.0,
                            pc: 0,
                            base: new_base as u32,
                            top: new_top as u32,
                            dst: dst.0,
                            argc: args.count,
                        });
                        // The callee starts in the fast loop.
                        continue 'frames;
                    }
                    I::CallIndirect {
                        dst,
                        callee,
                        args,
                        packed_rest,
                    } => {
                        self.save_pc(pc);
                        let callee = reg!(callee).clone();
                        try_call!(with_stack!(self.push_closure_frame(
                            &callee,
                            base + args.start as usize,
                            args.count,
                            dst.0,
                            packed_rest
                        )));
                        continue 'frames;
                    }
                    I::CallMethod {
                        dst,
                        method,
                        args,
                        packed_rest,
                    } => {
                        self.save_pc(pc);
                        let receiver = reg!(intc_ir::Reg(args.start)).clone();
                        if let Value::Iterator(_) = receiver {
                            // The iterator objects of the lang library have native methods.
                            let v = try_op!(self.lang_iterator_method(&receiver, method));
                            reg!(dst) = v;
                        } else if let Value::Stream(stream) = &receiver {
                            match try_op!(with_stack!(self.stream_method(stream, method, dst.0))) {
                                strand::NativeOutcome::Value(v) => reg!(dst) = v,
                                strand::NativeOutcome::Parked => return Ok(Value::Nil),
                                strand::NativeOutcome::Called => continue 'frames,
                            }
                        } else {
                            let func = try_op!(self.resolve_method(&receiver, method));
                            try_call!(with_stack!(self.push_adapted_frame(
                                func,
                                &[],
                                base + args.start as usize,
                                args.count,
                                dst.0,
                                packed_rest
                            )));
                            continue 'frames;
                        }
                    }
                    I::CallNative { dst, native, args } => {
                        self.save_pc(pc);
                        let start = base + args.start as usize;
                        let values: smallvec::SmallVec<[Value; 6]> = stack
                            [start..start + args.count as usize]
                            .iter()
                            .cloned()
                            .collect();
                        let function = self.natives[native.index()];
                        match try_op!(with_stack!(self.call_native(function, &values, dst))) {
                            strand::NativeOutcome::Value(v) => reg!(dst) = v,
                            strand::NativeOutcome::Parked => return Ok(Value::Nil),
                            strand::NativeOutcome::Called => continue 'frames,
                        }
                    }
                    I::CallNativeSpread { dst, native, args } => {
                        self.save_pc(pc);
                        let values =
                            try_op!(calls::spread_arguments(&self.types, &stack[base..], args));
                        let function = self.natives[native.index()];
                        match try_op!(with_stack!(self.call_native(function, &values, dst))) {
                            strand::NativeOutcome::Value(v) => reg!(dst) = v,
                            strand::NativeOutcome::Parked => return Ok(Value::Nil),
                            strand::NativeOutcome::Called => continue 'frames,
                        }
                    }
                    I::NewCell { dst, init } => {
                        let v = reg!(init).clone();
                        reg!(dst) = Value::Cell(crate::value::CellObj::new(v));
                    }
                    I::CellGet { dst, cell } => {
                        let v = match &reg!(cell) {
                            Value::Cell(c) => c.borrow().clone(),
                            other => other.clone(),
                        };
                        reg!(dst) = v;
                    }
                    I::CellSet { cell, value } => {
                        let v = reg!(value).clone();
                        match &reg!(cell) {
                            Value::Cell(c) => *c.borrow_mut() = v,
                            _ => fail!(self.internal("cell_set on a non-cell")),
                        }
                    }
                    I::MakeClosure {
                        dst,
                        func,
                        captures,
                    } => {
                        let start = base + captures.start as usize;
                        let cells: Box<[Value]> = stack[start..start + captures.count as usize]
                            .to_vec()
                            .into_boxed_slice();
                        reg!(dst) = Value::Function(crate::value::Closure::new(func, cells));
                    }
                    I::NewList { dst, ty, members } => {
                        let start = base + members.start as usize;
                        let items = stack[start..start + members.count as usize].to_vec();
                        let v = try_op!(self.new_list(ty, items));
                        reg!(dst) = v;
                    }
                    I::NewMap { dst, ty, entries } => {
                        let start = base + entries.start as usize;
                        let v = try_op!(
                            self.new_map(ty, &stack[start..start + entries.count as usize])
                        );
                        reg!(dst) = v;
                    }
                    I::MemberGet {
                        dst,
                        container,
                        key,
                    } => {
                        let v = try_op!(access::member_get(
                            &self.types,
                            &reg!(container),
                            &reg!(key)
                        ));
                        reg!(dst) = v;
                    }
                    I::MemberGetFill {
                        dst,
                        container,
                        key,
                    } => {
                        let v = try_op!(access::member_get_fill(
                            &self.types,
                            &reg!(container),
                            &reg!(key)
                        ));
                        reg!(dst) = v;
                    }
                    I::MemberSet {
                        container,
                        key,
                        value,
                    } => {
                        let c = reg!(container).clone();
                        let v = reg!(value).clone();
                        try_op!(access::member_set(&self.types, &c, &reg!(key), v));
                    }
                    I::FieldGet { dst, object, name }
                    | I::OptionalFieldGet { dst, object, name } => {
                        let v = try_op!(self.field_get(&reg!(object), name));
                        reg!(dst) = v;
                    }
                    I::LaxFieldGet { dst, object, name } => {
                        let v = self.lax_field_get(&reg!(object), name);
                        reg!(dst) = v;
                    }
                    I::FieldSet {
                        object,
                        name,
                        value,
                    } => {
                        let o = reg!(object).clone();
                        let v = reg!(value).clone();
                        try_op!(self.field_set(&o, name, v));
                    }
                    I::ObjectSlotGet { dst, object, slot } => {
                        let v = match &reg!(object) {
                            Value::Object(o) => o.slot(slot as usize),
                            _ => None,
                        };
                        match v {
                            Some(v) => reg!(dst) = v,
                            None => fail!(self.internal("object slot out of range")),
                        }
                    }
                    I::ObjectSlotSet {
                        object,
                        slot,
                        value,
                    } => {
                        let o = reg!(object).clone();
                        let v = reg!(value).clone();
                        try_op!(access::object_slot_set(&self.types, &o, slot as usize, v));
                    }
                    I::Length { dst, value } => {
                        let v = try_op!(access::length(&self.types, &reg!(value)));
                        set_int!(dst, v);
                    }
                    I::Freeze { value } => match &reg!(value) {
                        Value::List(l) => l.freeze(),
                        Value::Map(m) => m.freeze(),
                        Value::Object(o) => o.freeze(),
                        Value::Table(t) => t.freeze(),
                        _ => {}
                    },
                    I::NewObject { dst, class } => {
                        let count = self.program.classes[class.index()].fields.len();
                        reg!(dst) = Value::Object(crate::value::ObjectObj::new(
                            class,
                            vec![Value::Nil; count],
                        ));
                    }
                    I::NewError {
                        dst,
                        ty,
                        message,
                        cause,
                        detail,
                    } => {
                        self.save_pc(pc);
                        let v = try_op!(self.new_error_value(
                            ty,
                            &reg!(message),
                            &reg!(cause),
                            &reg!(detail)
                        ));
                        reg!(dst) = v;
                    }
                    I::TypeTest { dst, value, ty } => {
                        let v = self.types.value_belongs(&reg!(value), ty);
                        set_bool!(dst, v);
                    }
                    I::Downcast { dst, value, ty } => {
                        if !self.types.value_belongs(&reg!(value), ty) {
                            fail!(error::type_cast_error(&self.types, &reg!(value), ty));
                        }
                        let v = reg!(value).clone();
                        reg!(dst) = v;
                    }
                    I::TypeCast { dst, value, ty } => {
                        let v = try_op!(convert::cast(&self.types, &reg!(value), ty));
                        reg!(dst) = v;
                    }
                    I::IterNew { dst, iterable } => {
                        self.save_pc(pc);
                        let it = reg!(iterable).clone();
                        match try_op!(with_stack!(self.iter_new(&it, dst.0))) {
                            strand::NativeOutcome::Value(v) => reg!(dst) = v,
                            strand::NativeOutcome::Called => continue 'frames,
                            strand::NativeOutcome::Parked => return Ok(Value::Nil),
                        }
                    }
                    I::IterRange {
                        dst,
                        start,
                        end,
                        inclusive,
                    } => {
                        let v = try_op!(iterate::range(
                            &self.types,
                            &reg!(start),
                            &reg!(end),
                            inclusive
                        ));
                        reg!(dst) = v;
                    }
                    I::IterNext { dst, iter, target } => {
                        self.save_pc(pc);
                        let it = reg!(iter).clone();
                        let next = match try_op!(self.object_next_step(&it)) {
                            // `next()` returns to `dst` and to this instruction again: the
                            // frame resumes after its saved `pc` (an `IterStart` always
                            // precedes, so `pc > 0`).
                            iterate::ObjectNext::Call(func, object) if pc > 0 => {
                                reg!(dst) = object;
                                self.save_pc(pc - 1);
                                try_call!(with_stack!(self.push_frame(
                                    func,
                                    base + dst.0 as usize,
                                    1,
                                    dst.0,
                                    &[]
                                )));
                                continue 'frames;
                            }
                            iterate::ObjectNext::Call(..) => {
                                Err(self.internal("an iterator step at the start of a function"))
                            }
                            iterate::ObjectNext::Returned => {
                                let raw = std::mem::take(&mut reg!(dst));
                                let Value::Iterator(state) = &it else {
                                    fail!(self.internal("iterator step on a non-iterator"));
                                };
                                with_stack!(self.object_next_result(state, raw))
                            }
                            iterate::ObjectNext::Other => with_stack!(self.iter_next(&it)),
                        };
                        match try_op!(next) {
                            Some(v) => reg!(dst) = v,
                            None => {
                                pc = target as usize;
                                continue;
                            }
                        }
                    }
                }
                pc += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests;
