//! Scalar frames: functions whose registers never need resetting to `()`.
//!
//! The runtime keeps every register stack slot above the top frame free of boxed values, and
//! a function normally sees all its registers start as `()`. That costs a reset of the
//! popped frame's registers on every return. A *scalar* function needs neither half:
//!
//! - every value it ever holds in a register is `()`, a boolean, an int or a float (its
//!   parameters are typed so, and it only runs instructions producing such values, calling
//!   only scalar functions), so its registers hold nothing to release when it returns;
//! - it writes every register before reading it on every path (its parameters are written
//!   by the caller; it has no defaultable parameters), so it does not care what a register
//!   held before.
//!
//! So the runtime leaves a scalar function's registers as they are when it returns, and a
//! function that is not scalar has its registers past its arguments reset when it is
//! entered. `mark_scalar_frames` sets [`Function::scalar_frame`] (lowering calls it on the
//! finished program); the verifier rejects a flag the analysis does not confirm.

use crate::instruction::{Instruction as I, Reg, RegRange};
use crate::program::{Function, Program};
use crate::types::{Singleton, TypeKind};
use crate::TypeId;

/// The analysis tracks registers in one 64-bit mask; larger functions are not scalar.
const MAX_REGISTERS: u16 = 64;

/// Sets `scalar_frame` on exactly the functions [`scalar_frames`] finds scalar.
pub fn mark_scalar_frames(program: &mut Program) {
    let flags = scalar_frames(program);
    for (function, flag) in program.functions.iter_mut().zip(flags) {
        function.scalar_frame = flag;
    }
}

/// Which functions are scalar (see the module documentation), indexed like
/// `program.functions`.
pub fn scalar_frames(program: &Program) -> Vec<bool> {
    let mut scalar: Vec<bool> = program
        .functions
        .iter()
        .map(|function| locally_scalar(program, function))
        .collect();
    // A call's result is scalar only when the callee is: drop callers of non-scalar
    // functions until nothing changes (recursion among scalar functions stays in).
    loop {
        let mut changed = false;
        for (index, function) in program.functions.iter().enumerate() {
            if scalar[index] && !calls_only_scalar(program, function, &scalar) {
                scalar[index] = false;
                changed = true;
            }
        }
        if !changed {
            return scalar;
        }
    }
}

fn calls_only_scalar(program: &Program, function: &Function, scalar: &[bool]) -> bool {
    function.code.iter().all(|instruction| match instruction {
        I::Call { func, args, .. } => {
            scalar.get(func.index()).copied().unwrap_or(false)
                && program
                    .functions
                    .get(func.index())
                    .is_some_and(|callee| callee.num_params == args.count)
        }
        _ => true,
    })
}

/// Everything but the callees: the parameters' types, the instructions, and that no
/// register is read before it is written.
fn locally_scalar(program: &Program, function: &Function) -> bool {
    if function.num_captures != 0
        || function.num_required != function.num_params
        || function.rest_list.is_some()
        || function.num_registers > MAX_REGISTERS
    {
        return false;
    }
    let Some(signature) = function.signature else {
        return false;
    };
    match program.types.get(signature.index()).map(|t| &t.kind) {
        Some(TypeKind::Function {
            params, rest: None, ..
        }) if params.len() == function.num_params as usize => {
            if !params.iter().all(|&p| scalar_type(program, p, 0)) {
                return false;
            }
        }
        _ => return false,
    }
    let mut effects = Vec::with_capacity(function.code.len());
    for instruction in &function.code {
        match effect(instruction) {
            // `u64::MAX` marks a register outside the mask.
            Some(e) if e.reads != u64::MAX && e.writes != u64::MAX => effects.push(e),
            _ => return false,
        }
    }
    written_before_read(function, &effects)
}

/// True when every value of `ty` is `()`, a boolean, an int or a float.
fn scalar_type(program: &Program, ty: TypeId, depth: u32) -> bool {
    if depth > 16 {
        return false;
    }
    match program.types.get(ty.index()).map(|t| &t.kind) {
        Some(
            TypeKind::Never
            | TypeKind::Nil
            | TypeKind::Boolean
            | TypeKind::Int
            | TypeKind::IntSubtype(_)
            | TypeKind::Float
            | TypeKind::Singleton(Singleton::Boolean(_) | Singleton::Int(_) | Singleton::Float(_)),
        ) => true,
        Some(TypeKind::Union(members)) => members
            .iter()
            .all(|&member| scalar_type(program, member, depth + 1)),
        Some(TypeKind::ReadonlyOf(inner)) => scalar_type(program, *inner, depth + 1),
        _ => false,
    }
}

/// The registers an instruction reads and writes, as masks.
#[derive(Clone, Copy)]
struct Effect {
    reads: u64,
    writes: u64,
}

fn bit(r: Reg) -> u64 {
    if r.0 < MAX_REGISTERS {
        1 << r.0
    } else {
        // Outside the mask (`locally_scalar` then gives up).
        u64::MAX
    }
}

fn window(range: RegRange) -> u64 {
    let end = range.start as u32 + range.count as u32;
    if end > MAX_REGISTERS as u32 {
        return u64::MAX;
    }
    (range.start..end as u16).fold(0, |mask, r| mask | bit(Reg(r)))
}

/// The effect of an instruction that only produces `()`, booleans, ints and floats (a
/// call's result is checked separately); `None` for any other instruction.
fn effect(instruction: &I) -> Option<Effect> {
    let e = |reads: u64, writes: u64| Some(Effect { reads, writes });
    match *instruction {
        I::Nop | I::Jump { .. } | I::ReturnNil => e(0, 0),
        I::Move { dst, src } => e(bit(src), bit(dst)),
        I::LoadNil { dst }
        | I::LoadBool { dst, .. }
        | I::LoadInt { dst, .. }
        | I::LoadFloat { dst, .. } => e(0, bit(dst)),
        I::AddInt { dst, a, b }
        | I::SubInt { dst, a, b }
        | I::MulInt { dst, a, b }
        | I::DivInt { dst, a, b }
        | I::RemInt { dst, a, b }
        | I::CmpInt { dst, a, b, .. }
        | I::AddFloat { dst, a, b }
        | I::SubFloat { dst, a, b }
        | I::MulFloat { dst, a, b }
        | I::DivFloat { dst, a, b }
        | I::RemFloat { dst, a, b }
        | I::CmpFloat { dst, a, b, .. } => e(bit(a) | bit(b), bit(dst)),
        I::AddIntImm { dst, a, .. }
        | I::MulIntImm { dst, a, .. }
        | I::RemIntImm { dst, a, .. }
        | I::NegInt { dst, a }
        | I::NegFloat { dst, a } => e(bit(a), bit(dst)),
        I::JumpIfCmpInt { a, b, .. } => e(bit(a) | bit(b), 0),
        I::JumpIfCmpIntImm { a, .. } => e(bit(a), 0),
        I::IncJumpIfCmpInt { counter, limit, .. } => e(bit(counter) | bit(limit), bit(counter)),
        I::IncJumpIfCmpIntImm { counter, .. } => e(bit(counter), bit(counter)),
        I::JumpIfTrue { cond: r, .. }
        | I::JumpIfFalse { cond: r, .. }
        | I::JumpIfNil { value: r, .. }
        | I::JumpIfNotNil { value: r, .. }
        | I::Return { value: r } => e(bit(r), 0),
        I::Call { dst, args, .. } => e(window(args), bit(dst)),
        _ => None,
    }
}

/// Forward "definitely written" analysis over the control flow graph: true when every read
/// on every path from the entry follows a write (parameters are written on entry).
fn written_before_read(function: &Function, effects: &[Effect]) -> bool {
    let n = effects.len();
    let params = window(RegRange {
        start: 0,
        count: function.num_params,
    });
    if params == u64::MAX {
        return false;
    }
    // `written[pc]`: registers written on every path reaching `pc` seen so far; `None` for
    // unreached instructions. Sets only shrink, so the iteration ends.
    let mut written: Vec<Option<u64>> = vec![None; n];
    if n == 0 {
        return true;
    }
    written[0] = Some(params);
    let mut work = vec![0usize];
    while let Some(pc) = work.pop() {
        let Some(before) = written[pc] else { continue };
        let after = before | effects[pc].writes;
        let instruction = &function.code[pc];
        let fall = (!instruction.is_terminator()).then_some(pc + 1);
        let jump = instruction.target().map(|t| t as usize);
        for next in [fall, jump].into_iter().flatten() {
            if next >= n {
                return false;
            }
            let merged = written[next].map_or(after, |w| w & after);
            if written[next] != Some(merged) {
                written[next] = Some(merged);
                work.push(next);
            }
        }
    }
    effects
        .iter()
        .zip(&written)
        .all(|(e, w)| w.is_none_or(|w| e.reads & !w == 0))
}
