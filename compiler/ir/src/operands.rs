//! Uniform access to the operands of an instruction (used by the verifier and printers).

use crate::ids::{ClassId, ConstId, FuncId, GlobalId, NativeId, TypeId};
use crate::instruction::{Instruction, Reg, RegRange};

/// A table reference made by an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdRef {
    Func(FuncId),
    Class(ClassId),
    Type(TypeId),
    Const(ConstId),
    /// A constant that must be a string (field and method names).
    Name(ConstId),
    Native(NativeId),
    Global(GlobalId),
}

/// Every operand of one instruction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Operands {
    pub registers: Vec<Reg>,
    pub ranges: Vec<RegRange>,
    pub ids: Vec<IdRef>,
}

impl Instruction {
    /// Collects the registers, register windows and table ids this instruction uses.
    pub fn operands(&self) -> Operands {
        use Instruction as I;
        let mut ops = Operands::default();
        let regs = &mut ops.registers;
        match *self {
            I::Nop
            | I::ReturnNil
            | I::TrapEnd
            | I::LockBegin
            | I::LockEnd
            | I::WorkerPeer { .. }
            | I::Jump { .. }
            | I::JumpIfArgGiven { .. } => {}
            I::ResumeNative { value } => regs.push(value),
            I::Start { dst, ty } => {
                regs.push(dst);
                ops.ids.push(IdRef::Type(ty));
            }
            I::WorkerGroupNew { dst, .. } => regs.push(dst),
            I::WorkerBind { group, .. } | I::WorkerSkip { group, .. } => regs.push(group),
            I::WorkerSend { group, value, .. } => regs.extend([group, value]),
            I::WorkerFlush { dst, group, .. }
            | I::WorkerReceive { dst, group, .. }
            | I::WorkerReceiveAny { dst, group, .. } => regs.extend([dst, group]),
            I::WorkerReceiveAll {
                dst, group, count, ..
            } => {
                regs.push(group);
                ops.ranges.push(RegRange::new(dst.0, count));
            }
            I::Wait { dst, future } => regs.extend([dst, future]),
            I::WaitAny { dst, futures } => {
                regs.push(dst);
                ops.ranges.push(futures);
            }
            I::WaitAll { dst, futures } => {
                ops.ranges.push(RegRange::new(dst.0, futures.count));
                ops.ranges.push(futures);
            }
            I::Move { dst, src } | I::TypeOf { dst, src } => regs.extend([dst, src]),
            I::LoadNil { dst }
            | I::LoadBool { dst, .. }
            | I::LoadInt { dst, .. }
            | I::LoadFloat { dst, .. } => regs.push(dst),
            I::LoadConst { dst, constant } => {
                regs.push(dst);
                ops.ids.push(IdRef::Const(constant));
            }
            I::AnnotationGet { dst, typedesc, key } => {
                regs.extend([dst, typedesc]);
                ops.ids.push(IdRef::Name(key));
            }
            I::LoadTypedesc { dst, ty } => {
                regs.push(dst);
                ops.ids.push(IdRef::Type(ty));
            }
            I::LoadFunction { dst, func } => {
                regs.push(dst);
                ops.ids.push(IdRef::Func(func));
            }
            I::GlobalGet { dst, global } => {
                regs.push(dst);
                ops.ids.push(IdRef::Global(global));
            }
            I::GlobalSet { global, src } => {
                regs.push(src);
                ops.ids.push(IdRef::Global(global));
            }
            I::JumpIfConfigured { global, .. } => ops.ids.push(IdRef::Global(global)),
            I::AddInt { dst, a, b }
            | I::SubInt { dst, a, b }
            | I::MulInt { dst, a, b }
            | I::DivInt { dst, a, b }
            | I::RemInt { dst, a, b }
            | I::AddFloat { dst, a, b }
            | I::SubFloat { dst, a, b }
            | I::MulFloat { dst, a, b }
            | I::DivFloat { dst, a, b }
            | I::RemFloat { dst, a, b }
            | I::Concat { dst, a, b }
            | I::CmpInt { dst, a, b, .. }
            | I::CmpFloat { dst, a, b, .. }
            | I::Binary { dst, a, b, .. }
            | I::Compare { dst, a, b, .. }
            | I::RefEq { dst, a, b }
            | I::RefNe { dst, a, b } => regs.extend([dst, a, b]),
            I::AddIntImm { dst, a, .. }
            | I::MulIntImm { dst, a, .. }
            | I::RemIntImm { dst, a, .. }
            | I::NegInt { dst, a }
            | I::NegFloat { dst, a }
            | I::Unary { dst, a, .. } => regs.extend([dst, a]),
            I::ToString { dst, value } | I::Length { dst, value } => regs.extend([dst, value]),
            I::JumpIfCmpInt { a, b, .. } => regs.extend([a, b]),
            I::JumpIfCmpIntImm { a, .. } => regs.push(a),
            I::IncJumpIfCmpInt { counter, limit, .. } => regs.extend([counter, limit]),
            I::IncJumpIfCmpIntImm { counter, .. } => regs.push(counter),
            I::JumpIfTrue { cond, .. } | I::JumpIfFalse { cond, .. } => regs.push(cond),
            I::JumpIfNil { value, .. } | I::JumpIfNotNil { value, .. } => regs.push(value),
            I::Return { value } | I::Panic { value } | I::Freeze { value } => regs.push(value),
            I::TrapBegin { dst, .. } => regs.push(dst),
            I::Call { dst, func, args } => {
                regs.push(dst);
                ops.ranges.push(args);
                ops.ids.push(IdRef::Func(func));
            }
            I::CallIndirect {
                dst, callee, args, ..
            } => {
                regs.extend([dst, callee]);
                ops.ranges.push(args);
            }
            I::CallMethod {
                dst, method, args, ..
            } => {
                regs.push(dst);
                ops.ranges.push(args);
                ops.ids.push(IdRef::Name(method));
            }
            I::CallNative { dst, native, args } | I::CallNativeSpread { dst, native, args } => {
                regs.push(dst);
                ops.ranges.push(args);
                ops.ids.push(IdRef::Native(native));
            }
            I::NewCell { dst, init } => regs.extend([dst, init]),
            I::CellGet { dst, cell } => regs.extend([dst, cell]),
            I::CellSet { cell, value } => regs.extend([cell, value]),
            I::MakeClosure {
                dst,
                func,
                captures,
            } => {
                regs.push(dst);
                ops.ranges.push(captures);
                ops.ids.push(IdRef::Func(func));
            }
            I::NewList {
                dst,
                ty,
                members: range,
            }
            | I::NewMap {
                dst,
                ty,
                entries: range,
            } => {
                regs.push(dst);
                ops.ranges.push(range);
                ops.ids.push(IdRef::Type(ty));
            }
            I::MemberGet {
                dst,
                container,
                key,
            }
            | I::MemberGetFill {
                dst,
                container,
                key,
            } => regs.extend([dst, container, key]),
            I::MemberSet {
                container,
                key,
                value,
            } => regs.extend([container, key, value]),
            I::FieldGet { dst, object, name }
            | I::OptionalFieldGet { dst, object, name }
            | I::LaxFieldGet { dst, object, name } => {
                regs.extend([dst, object]);
                ops.ids.push(IdRef::Name(name));
            }
            I::FieldSet {
                object,
                name,
                value,
            } => {
                regs.extend([object, value]);
                ops.ids.push(IdRef::Name(name));
            }
            I::ObjectSlotGet { dst, object, .. } => regs.extend([dst, object]),
            I::ObjectSlotSet { object, value, .. } => regs.extend([object, value]),
            I::NewObject { dst, class } => {
                regs.push(dst);
                ops.ids.push(IdRef::Class(class));
            }
            I::NewError {
                dst,
                ty,
                message,
                cause,
                detail,
            } => {
                regs.extend([dst, message, cause, detail]);
                ops.ids.push(IdRef::Type(ty));
            }
            I::TypeTest { dst, value, ty }
            | I::TypeCast { dst, value, ty }
            | I::Downcast { dst, value, ty } => {
                regs.extend([dst, value]);
                ops.ids.push(IdRef::Type(ty));
            }
            I::IterNew { dst, iterable } => regs.extend([dst, iterable]),
            I::IterRange {
                dst, start, end, ..
            } => regs.extend([dst, start, end]),
            I::IterNext { dst, iter, .. } => regs.extend([dst, iter]),
        }
        ops
    }
}
