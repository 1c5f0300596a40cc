//! Worker message passing on hand-built IR: a channel group shared by `main` (member 0) and
//! workers started as strands that take the group as their argument (member 1, 2).

use super::harness::*;
use crate::runtime::Outcome;
use intc_ir::{BinaryOp, FuncId, FunctionBuilder, Instruction as I, ProgramBuilder, Reg, TypeKind};

/// Starts `func(group)` on a new strand.
fn start_worker(
    b: &mut ProgramBuilder,
    m: &mut FunctionBuilder,
    func: FuncId,
    group: Reg,
    any: intc_ir::TypeId,
) {
    let fut = b.add_anonymous_type(TypeKind::Future(any));
    let window = m.registers(1).unwrap();
    m.emit(I::Move {
        dst: Reg(window.start),
        src: group,
    });
    let future = m.register().unwrap();
    let ignored = m.register().unwrap();
    m.emit(I::Start {
        dst: future,
        ty: fut,
    });
    m.emit(I::Call {
        dst: ignored,
        func,
        args: window,
    });
}

/// `main`'s prologue: a group of `members` bound as member 0.
fn main_with_group(members: u16) -> (FunctionBuilder, Reg) {
    let mut m = FunctionBuilder::new("main", 0, 0);
    let group = m.register().unwrap();
    m.emit(I::WorkerGroupNew {
        dst: group,
        members,
    });
    m.emit(I::WorkerBind { group, member: 0 });
    (m, group)
}

fn finish(mut b: ProgramBuilder, mut m: FunctionBuilder) -> (Outcome, String, String) {
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    run(b)
}

/// Member `me` receives from 0, adds `delta`, sends the sum back to 0.
fn echo_worker(b: &mut ProgramBuilder, me: u16, delta: i64) -> FuncId {
    let mut f = FunctionBuilder::new("echo", 1, 0);
    let group = Reg(0);
    f.emit(I::WorkerBind { group, member: me });
    let x = f.register().unwrap();
    f.emit(I::WorkerReceive {
        dst: x,
        group,
        from: 0,
        to: me,
        slot: 0,
    });
    let d = f.register().unwrap();
    f.emit(I::LoadInt {
        dst: d,
        value: delta,
    });
    let sum = f.register().unwrap();
    f.emit(I::Binary {
        op: BinaryOp::Add,
        dst: sum,
        a: x,
        b: d,
    });
    f.emit(I::WorkerSend {
        group,
        from: me,
        to: 0,
        slot: 0,
        value: sum,
    });
    f.emit(I::ReturnNil);
    b.add_function(f.finish())
}

#[test]
fn ping_pong_between_main_and_a_worker_with_flush() {
    let (mut b, t) = program_builder();
    let echo = echo_worker(&mut b, 1, 1);
    let (mut m, group) = main_with_group(2);
    start_worker(&mut b, &mut m, echo, group, t.any);
    let v = m.register().unwrap();
    m.emit(I::LoadInt { dst: v, value: 41 });
    m.emit(I::WorkerSend {
        group,
        from: 0,
        to: 1,
        slot: 0,
        value: v,
    });
    let flushed = m.register().unwrap();
    m.emit(I::WorkerFlush {
        dst: flushed,
        group,
        from: 0,
        to: 1,
        upto: 1,
    });
    emit_println(&mut b, &mut m, flushed);
    let r = m.register().unwrap();
    m.emit(I::WorkerReceive {
        dst: r,
        group,
        from: 1,
        to: 0,
        slot: 0,
    });
    emit_println(&mut b, &mut m, r);
    let (outcome, out, _) = finish(b, m);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(out, "\n42\n");
}

#[test]
fn receive_from_a_worker_that_ended_without_sending_is_an_error() {
    let (mut b, t) = program_builder();
    let mut f = FunctionBuilder::new("silent", 1, 0);
    f.emit(I::WorkerBind {
        group: Reg(0),
        member: 1,
    });
    f.emit(I::ReturnNil);
    let silent = b.add_function(f.finish());
    let (mut m, group) = main_with_group(2);
    start_worker(&mut b, &mut m, silent, group, t.any);
    let r = m.register().unwrap();
    m.emit(I::WorkerReceive {
        dst: r,
        group,
        from: 1,
        to: 0,
        slot: 0,
    });
    let is_error = m.register().unwrap();
    m.emit(I::TypeTest {
        dst: is_error,
        value: r,
        ty: t.error,
    });
    emit_println(&mut b, &mut m, is_error);
    // A skipped slot reads as empty too.
    m.emit(I::WorkerSkip {
        group,
        from: 1,
        to: 0,
        upto: 2,
    });
    m.emit(I::WorkerReceive {
        dst: r,
        group,
        from: 1,
        to: 0,
        slot: 1,
    });
    m.emit(I::TypeTest {
        dst: is_error,
        value: r,
        ty: t.error,
    });
    emit_println(&mut b, &mut m, is_error);
    let (outcome, out, _) = finish(b, m);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(out, "true\ntrue\n");
}

#[test]
fn multiple_and_alternate_receives_collect_from_two_workers() {
    let (mut b, t) = program_builder();
    let one = echo_worker(&mut b, 1, 100);
    let two = echo_worker(&mut b, 2, 200);
    let (mut m, group) = main_with_group(3);
    start_worker(&mut b, &mut m, one, group, t.any);
    start_worker(&mut b, &mut m, two, group, t.any);
    let v = m.register().unwrap();
    m.emit(I::LoadInt { dst: v, value: 1 });
    for to in [1, 2] {
        m.emit(I::WorkerSend {
            group,
            from: 0,
            to,
            slot: 0,
            value: v,
        });
    }
    let all = m.registers(2).unwrap();
    m.emit(I::WorkerReceiveAll {
        dst: Reg(all.start),
        group,
        to: 0,
        count: 2,
    });
    m.emit(I::WorkerPeer { from: 1, slot: 0 });
    m.emit(I::WorkerPeer { from: 2, slot: 0 });
    for i in 0..2 {
        emit_println(&mut b, &mut m, Reg(all.start + i));
    }
    let (outcome, out, _) = finish(b, m);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(out, "101\n201\n");
}

#[test]
fn alternate_receive_takes_the_message_that_exists() {
    let (mut b, t) = program_builder();
    let echo = echo_worker(&mut b, 1, 5);
    let mut f = FunctionBuilder::new("silent", 1, 0);
    f.emit(I::WorkerBind {
        group: Reg(0),
        member: 2,
    });
    f.emit(I::ReturnNil);
    let silent = b.add_function(f.finish());
    let (mut m, group) = main_with_group(3);
    start_worker(&mut b, &mut m, silent, group, t.any);
    start_worker(&mut b, &mut m, echo, group, t.any);
    let v = m.register().unwrap();
    m.emit(I::LoadInt { dst: v, value: 10 });
    m.emit(I::WorkerSend {
        group,
        from: 0,
        to: 1,
        slot: 0,
        value: v,
    });
    let r = m.register().unwrap();
    m.emit(I::WorkerReceiveAny {
        dst: r,
        group,
        to: 0,
        count: 2,
    });
    m.emit(I::WorkerPeer { from: 2, slot: 0 });
    m.emit(I::WorkerPeer { from: 1, slot: 0 });
    emit_println(&mut b, &mut m, r);
    let (outcome, out, _) = finish(b, m);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(out, "15\n");
}
