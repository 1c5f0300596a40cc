//! The fast dispatch loop: int/float arithmetic, compare-and-branch, moves, direct calls and
//! returns, with nothing else.
//!
//! Why a second loop: the general loop in `mod.rs` handles every instruction, and with ~90
//! arms (many of them calling out of line) the register allocator spills `pc`, `base`, the
//! code slice and the register file to the Rust stack, so every instruction pays reloads.
//! This loop makes no calls on its hot paths, so those stay in machine registers; recursive
//! int code such as `fib` runs entirely here.
//!
//! Contract: it runs the top frame from its saved `pc` and returns (with the top frame's `pc`
//! saved) at the first instruction it does not handle, or when a handled instruction needs
//! its slow case (an operand that is not an int, overflow, a call that would grow the stack
//! or overflow it, a return to the frame at `stop_depth`). The general loop then executes that
//! same instruction with the full semantics, so every panic, message and corner case stays in
//! one place: this loop only ever takes the cases whose result is obvious.

use super::calls::{MAX_FRAMES, MAX_STACK_SLOTS};
use super::{arith, Frame, Interpreter};
use crate::value::{copy_value_within, Value};
use intc_ir::{Instruction as I, Program};

impl Interpreter {
    /// Runs the top frame in the fast loop until an instruction needs the general loop (see
    /// the module documentation). Never pops the frame at `stop_depth`.
    #[inline(never)]
    pub(super) fn run_fast(&mut self, stack: &mut [Value], program: &Program, stop_depth: usize) {
        let Some(frame) = self.frames.last() else {
            return;
        };
        let function = &program.functions[frame.func as usize];
        let mut code: &[intc_ir::Instruction] = &function.code;
        // Whether the running function is a scalar frame (its registers need no reset).
        let mut scalar = function.scalar_frame;
        let mut base = frame.base as usize;
        let mut top = frame.top as usize;
        let mut pc = frame.pc as usize;
        // Calls needing more registers than this take the general path (which grows the
        // stack or panics with a stack overflow).
        let slot_limit = stack.len().min(MAX_STACK_SLOTS);

        macro_rules! reg {
            ($r:expr) => {
                stack[base + $r.0 as usize]
            };
        }
        // Leaves for the general loop, which re-executes the instruction at `pc`.
        macro_rules! slow {
            () => {{
                self.save_pc(pc);
                return;
            }};
        }
        macro_rules! int_op {
            ($dst:expr, $a:expr, $b:expr, $checked:ident) => {{
                let v = match (&reg!($a), &reg!($b)) {
                    (Value::Int(x), Value::Int(y)) => x.$checked(*y),
                    _ => None,
                };
                match v {
                    Some(v) => put_int(&mut reg!($dst), v),
                    None => slow!(),
                }
            }};
        }
        macro_rules! int_imm_op {
            ($dst:expr, $a:expr, $imm:expr, $checked:ident) => {{
                let v = match &reg!($a) {
                    Value::Int(x) => x.$checked($imm as i64),
                    _ => None,
                };
                match v {
                    Some(v) => put_int(&mut reg!($dst), v),
                    None => slow!(),
                }
            }};
        }
        macro_rules! float_op {
            ($dst:expr, $a:expr, $b:expr, $op:tt) => {{
                match (&reg!($a), &reg!($b)) {
                    (Value::Float(x), Value::Float(y)) => {
                        let v = *x $op *y;
                        reg!($dst).set_float(v);
                    }
                    _ => slow!(),
                }
            }};
        }
        macro_rules! jump_if {
            ($taken:expr, $target:expr) => {
                if $taken {
                    pc = $target as usize;
                    continue;
                }
            };
        }

        loop {
            match code[pc] {
                I::Nop => {}
                I::Move { dst, src } => {
                    let (dst, src) = (base + dst.0 as usize, base + src.0 as usize);
                    match stack[src] {
                        Value::Int(v) => put_int(&mut stack[dst], v),
                        _ => copy_cold(stack, dst, src),
                    }
                }
                I::LoadNil { dst } => put_nil(&mut reg!(dst)),
                I::LoadBool { dst, value } => reg!(dst).set_bool(value),
                I::LoadInt { dst, value } => reg!(dst).set_int(value),
                I::LoadFloat { dst, value } => reg!(dst).set_float(value),
                I::AddInt { dst, a, b } => int_op!(dst, a, b, checked_add),
                I::SubInt { dst, a, b } => int_op!(dst, a, b, checked_sub),
                I::MulInt { dst, a, b } => int_op!(dst, a, b, checked_mul),
                // Division by zero and `MIN / -1` are the general loop's business.
                I::DivInt { dst, a, b } => match (&reg!(a), &reg!(b)) {
                    (Value::Int(x), Value::Int(y)) if *y != 0 && *y != -1 => {
                        let v = *x / *y;
                        reg!(dst).set_int(v);
                    }
                    _ => slow!(),
                },
                I::RemInt { dst, a, b } => match (&reg!(a), &reg!(b)) {
                    (Value::Int(x), Value::Int(y)) if *y != 0 && *y != -1 => {
                        let v = *x % *y;
                        reg!(dst).set_int(v);
                    }
                    _ => slow!(),
                },
                I::AddIntImm { dst, a, imm } => int_imm_op!(dst, a, imm, checked_add),
                I::MulIntImm { dst, a, imm } => int_imm_op!(dst, a, imm, checked_mul),
                I::RemIntImm { dst, a, imm } => match &reg!(a) {
                    Value::Int(x) if imm != 0 && imm != -1 => {
                        let v = *x % imm as i64;
                        reg!(dst).set_int(v);
                    }
                    _ => slow!(),
                },
                I::CmpInt { dst, cmp, a, b } => match (&reg!(a), &reg!(b)) {
                    (Value::Int(x), Value::Int(y)) => {
                        let v = arith::compare_ints(cmp, *x, *y);
                        reg!(dst).set_bool(v);
                    }
                    _ => slow!(),
                },
                I::JumpIfCmpInt { cmp, a, b, target } => match (&reg!(a), &reg!(b)) {
                    (Value::Int(x), Value::Int(y)) => {
                        jump_if!(arith::compare_ints(cmp, *x, *y), target)
                    }
                    _ => slow!(),
                },
                I::JumpIfCmpIntImm {
                    cmp,
                    a,
                    imm,
                    target,
                } => match &reg!(a) {
                    Value::Int(x) => jump_if!(arith::compare_ints(cmp, *x, imm as i64), target),
                    _ => slow!(),
                },
                I::IncJumpIfCmpInt {
                    counter,
                    step,
                    cmp,
                    limit,
                    target,
                } => {
                    // Everything is checked before the counter is written, so the general
                    // loop can redo the whole instruction.
                    let (next, limit) = match (&reg!(counter), &reg!(limit)) {
                        (Value::Int(x), Value::Int(y)) => match x.checked_add(step as i64) {
                            Some(next) => (next, *y),
                            None => slow!(),
                        },
                        _ => slow!(),
                    };
                    reg!(counter).set_int(next);
                    jump_if!(arith::compare_ints(cmp, next, limit), target);
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
                    let Some(next) = next else { slow!() };
                    reg!(counter).set_int(next);
                    jump_if!(arith::compare_ints(cmp, next, limit as i64), target);
                }
                I::AddFloat { dst, a, b } => float_op!(dst, a, b, +),
                I::SubFloat { dst, a, b } => float_op!(dst, a, b, -),
                I::MulFloat { dst, a, b } => float_op!(dst, a, b, *),
                I::DivFloat { dst, a, b } => float_op!(dst, a, b, /),
                I::Jump { target } => {
                    pc = target as usize;
                    continue;
                }
                I::JumpIfTrue { cond, target } => {
                    jump_if!(matches!(reg!(cond), Value::Boolean(true)), target)
                }
                I::JumpIfFalse { cond, target } => {
                    jump_if!(!matches!(reg!(cond), Value::Boolean(true)), target)
                }
                I::JumpIfNil { value, target } => jump_if!(reg!(value).is_nil(), target),
                I::JumpIfNotNil { value, target } => jump_if!(!reg!(value).is_nil(), target),
                I::Call { dst, func, args } => {
                    // The verifier guarantees that `func` exists, has no captures and takes
                    // at least `args.count` parameters (trailing defaults may be omitted).
                    // The callee's register count and code come from one `Function`, not
                    // from `function_info` and `program.functions` (one bounds check).
                    let callee_function = &program.functions[func.index()];
                    let num_registers = callee_function.num_registers as usize;
                    let new_base = top;
                    let new_top = new_base + num_registers;
                    if new_top > slot_limit || self.frames.len() >= MAX_FRAMES {
                        slow!();
                    }
                    let count = args.count as usize;
                    let arg_start = base + args.start as usize;
                    let (caller, callee) = stack.split_at_mut(new_base);
                    // Slots above the top frame hold no boxed values (nothing to drop when
                    // overwritten), but only `()` if the last frame there reset them: a
                    // function that is not a scalar frame gets its registers past its
                    // arguments reset here (see `intc_ir::scalar_frames`).
                    if !callee_function.scalar_frame {
                        if let Some(slots) = callee.get_mut(count..num_registers) {
                            clear_frame(slots);
                        }
                    }
                    if count == 1 {
                        // The most common shape, without the loop's set-up. An int goes
                        // straight over the `()` the slot holds (nothing to drop).
                        match caller[arg_start] {
                            Value::Int(v) => {
                                std::mem::forget(std::mem::replace(&mut callee[0], Value::Int(v)))
                            }
                            ref other => assign_cold(&mut callee[0], other),
                        }
                    } else {
                        for (to, from) in callee[..count]
                            .iter_mut()
                            .zip(&caller[arg_start..arg_start + count])
                        {
                            match from {
                                Value::Int(v) => put_int(to, *v),
                                other => assign_cold(to, other),
                            }
                        }
                    }
                    if let Some(frame) = self.frames.last_mut() {
                        frame.pc = pc as u32;
                    }
                    self.frames.push(Frame {
                        func: func.0,
                        pc: 0,
                        base: new_base as u32,
                        top: new_top as u32,
                        dst: dst.0,
                        argc: args.count,
                    });
                    code = &callee_function.code;
                    scalar = callee_function.scalar_frame;
                    base = new_base;
                    top = new_top;
                    pc = 0;
                    continue;
                }
                I::Return { value } if self.frames.len() > stop_depth + 1 => {
                    let Some(frame) = self.frames.pop() else {
                        return;
                    };
                    let depth = self.frames.len() as u32;
                    while self.traps.last().is_some_and(|t| t.frame >= depth) {
                        self.traps.pop();
                    }
                    // The caller's saved `pc` stays at its call instruction: only the top
                    // frame's `pc` is live, and it is saved whenever this loop leaves.
                    let Some(caller) = self.frames.last() else {
                        return;
                    };
                    let (caller_func, caller_base) = (caller.func as usize, caller.base as usize);
                    let (caller_top, caller_pc) = (caller.top as usize, caller.pc as usize + 1);
                    let src = base + value.0 as usize;
                    let dst = caller_base + frame.dst as usize;
                    // An int result (the common case) skips `copy_value_within`'s general
                    // match.
                    match stack[src] {
                        Value::Int(v) => put_int(&mut stack[dst], v),
                        _ => copy_cold(stack, dst, src),
                    }
                    // `base..top` are the popped frame's registers; a scalar frame's hold
                    // nothing to release and need not be `()` for the next call.
                    if !scalar {
                        clear_frame(&mut stack[base..top]);
                    }
                    let caller_function = &program.functions[caller_func];
                    code = &caller_function.code;
                    scalar = caller_function.scalar_frame;
                    base = caller_base;
                    top = caller_top;
                    pc = caller_pc;
                    continue;
                }
                I::ReturnNil if self.frames.len() > stop_depth + 1 => {
                    let Some(frame) = self.frames.pop() else {
                        return;
                    };
                    let depth = self.frames.len() as u32;
                    while self.traps.last().is_some_and(|t| t.frame >= depth) {
                        self.traps.pop();
                    }
                    let Some(caller) = self.frames.last_mut() else {
                        return;
                    };
                    caller.pc += 1;
                    let caller = *caller;
                    put_nil(&mut stack[caller.base as usize + frame.dst as usize]);
                    if !scalar {
                        if let Some(slots) = stack.get_mut(frame.base as usize..frame.top as usize)
                        {
                            clear_frame(slots);
                        }
                    }
                    let caller_function = &program.functions[caller.func as usize];
                    code = &caller_function.code;
                    scalar = caller_function.scalar_frame;
                    base = caller.base as usize;
                    top = caller.top as usize;
                    pc = caller.pc as usize;
                    continue;
                }
                // Listed rather than `_`: with every variant named, the jump table covers all
                // opcodes and dispatch needs no range check (one compare and branch less per
                // instruction).
                // `JumpIfArgGiven` reads the frame stack, which the hot paths otherwise touch
                // only at calls and returns; in this loop it made LLVM reload the top frame's
                // address after every jump.
                I::Return { .. }
                | I::ReturnNil
                | I::JumpIfArgGiven { .. }
                | I::LoadConst { .. }
                | I::LoadTypedesc { .. }
                | I::TypeOf { .. }
                | I::AnnotationGet { .. }
                | I::LoadFunction { .. }
                | I::GlobalGet { .. }
                | I::GlobalSet { .. }
                | I::JumpIfConfigured { .. }
                | I::NegInt { .. }
                | I::RemFloat { .. }
                | I::NegFloat { .. }
                | I::CmpFloat { .. }
                | I::Concat { .. }
                | I::ToString { .. }
                | I::Binary { .. }
                | I::Unary { .. }
                | I::Compare { .. }
                | I::RefEq { .. }
                | I::RefNe { .. }
                | I::Panic { .. }
                | I::TrapBegin { .. }
                | I::TrapEnd
                | I::CallIndirect { .. }
                | I::CallMethod { .. }
                | I::CallNative { .. }
                | I::CallNativeSpread { .. }
                | I::Start { .. }
                | I::Wait { .. }
                | I::WaitAny { .. }
                | I::WaitAll { .. }
                | I::LockBegin
                | I::LockEnd
                | I::ResumeNative { .. }
                | I::WorkerGroupNew { .. }
                | I::WorkerBind { .. }
                | I::WorkerSend { .. }
                | I::WorkerSkip { .. }
                | I::WorkerFlush { .. }
                | I::WorkerReceive { .. }
                | I::WorkerReceiveAll { .. }
                | I::WorkerReceiveAny { .. }
                | I::WorkerPeer { .. }
                | I::NewCell { .. }
                | I::CellGet { .. }
                | I::CellSet { .. }
                | I::MakeClosure { .. }
                | I::NewList { .. }
                | I::NewMap { .. }
                | I::MemberGet { .. }
                | I::MemberGetFill { .. }
                | I::MemberSet { .. }
                | I::FieldGet { .. }
                | I::OptionalFieldGet { .. }
                | I::LaxFieldGet { .. }
                | I::FieldSet { .. }
                | I::ObjectSlotGet { .. }
                | I::ObjectSlotSet { .. }
                | I::Length { .. }
                | I::Freeze { .. }
                | I::NewObject { .. }
                | I::NewError { .. }
                | I::TypeTest { .. }
                | I::TypeCast { .. }
                | I::Downcast { .. }
                | I::IterNew { .. }
                | I::IterRange { .. }
                | I::IterNext { .. } => slow!(),
            }
            pc += 1;
        }
    }
}

/// Resets registers to `()`, running drop glue only for boxed values.
#[inline(always)]
fn clear_frame(slots: &mut [Value]) {
    for slot in slots {
        put_nil(slot);
    }
}

/// `*slot = Value::Nil` with the boxed case's drop glue out of line.
#[inline(always)]
fn put_nil(slot: &mut Value) {
    if slot.needs_drop() {
        drop_boxed(slot);
    }
    slot.set_nil_unboxed();
}

/// `to.assign_from(from)` out of line: keeps the general assignment's clone and drop glue
/// out of the fast loop's call path, where only the int case is hot.
#[cold]
#[inline(never)]
fn assign_cold(to: &mut Value, from: &Value) {
    to.assign_from(from);
}

/// `copy_value_within` out of line, for the same reason as [`assign_cold`].
#[cold]
#[inline(never)]
fn copy_cold(stack: &mut [Value], dst: usize, src: usize) {
    copy_value_within(stack, dst, src);
}

/// `Value::set_int`, but with the boxed case's drop glue out of line (in [`drop_boxed`]),
/// and tag and payload written unconditionally (no test for an int already there).
#[inline(always)]
fn put_int(slot: &mut Value, v: i64) {
    if slot.needs_drop() {
        drop_boxed(slot);
    }
    std::mem::forget(std::mem::replace(slot, Value::Int(v)));
}

/// Drops a boxed register's value, leaving `()`. Out of line and cold so that `Value`'s
/// drop glue does not sit inside the fast loop's return path.
#[cold]
#[inline(never)]
fn drop_boxed(slot: &mut Value) {
    *slot = Value::Nil;
}
