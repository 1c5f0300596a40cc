//! Strands: `Start`, the wait instructions, locks, `runtime:sleep` and cancellation.

use super::harness::*;
use super::programs_basic::fib_function;
use crate::runtime::Outcome;
use intc_ir::{
    BinaryOp, Constant, FuncId, FunctionBuilder, Global, GlobalId, Instruction as I, LangNative,
    ProgramBuilder, Reg, TypeKind,
};

fn future_of(b: &mut ProgramBuilder, result: intc_ir::TypeId) -> intc_ir::TypeId {
    b.add_anonymous_type(TypeKind::Future(result))
}

/// Emits `start func(int_arg)` into a fresh register and returns it.
fn emit_start(
    m: &mut FunctionBuilder,
    func: FuncId,
    args: &[Reg],
    future_ty: intc_ir::TypeId,
) -> Reg {
    let window = m.registers(args.len() as u16).unwrap();
    for (i, a) in args.iter().enumerate() {
        m.emit(I::Move {
            dst: Reg(window.start + i as u16),
            src: *a,
        });
    }
    let future = m.register().unwrap();
    let ignored = m.register().unwrap();
    m.emit(I::Start {
        dst: future,
        ty: future_ty,
    });
    m.emit(I::Call {
        dst: ignored,
        func,
        args: window,
    });
    future
}

fn load_int(m: &mut FunctionBuilder, value: i64) -> Reg {
    let r = m.register().unwrap();
    m.emit(I::LoadInt { dst: r, value });
    r
}

fn load_decimal(b: &mut ProgramBuilder, m: &mut FunctionBuilder, text: &str) -> Reg {
    let constant = b.add_constant(Constant::Decimal(
        intc_decimal::Decimal::parse(text).unwrap(),
    ));
    let r = m.register().unwrap();
    m.emit(I::LoadConst { dst: r, constant });
    r
}

/// `sleeper(seconds, tag)`: sleeps, prints `tag`, returns `tag`.
fn sleeper(b: &mut ProgramBuilder) -> FuncId {
    let sleep = b.lang_native(LangNative::RuntimeSleep);
    let mut f = FunctionBuilder::new("sleeper", 2, 0);
    let args = f.registers(1).unwrap();
    let ignored = f.register().unwrap();
    f.emit(I::Move {
        dst: Reg(args.start),
        src: Reg(0),
    });
    f.emit(I::CallNative {
        dst: ignored,
        native: sleep,
        args,
    });
    emit_println(b, &mut f, Reg(1));
    f.emit(I::Return { value: Reg(1) });
    b.add_function(f.finish())
}

fn finish_main(b: &mut ProgramBuilder, mut m: FunctionBuilder) -> (Outcome, String, String) {
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(b, main);
    let b = std::mem::take(b);
    run(b)
}

#[test]
fn started_strands_run_and_wait_returns_their_results() {
    let (mut b, t) = program_builder();
    let fib = fib_function(&mut b);
    let fut = future_of(&mut b, t.int);
    let mut m = FunctionBuilder::new("main", 0, 0);
    let twenty = load_int(&mut m, 20);
    let ten = load_int(&mut m, 10);
    let f1 = emit_start(&mut m, fib, &[twenty], fut);
    let f2 = emit_start(&mut m, fib, &[ten], fut);
    let r = m.register().unwrap();
    m.emit(I::Wait { dst: r, future: f2 });
    emit_println(&mut b, &mut m, r);
    m.emit(I::Wait { dst: r, future: f1 });
    emit_println(&mut b, &mut m, r);
    // A second wait on the same future fails with an error value.
    m.emit(I::Wait { dst: r, future: f1 });
    let is_error = m.register().unwrap();
    m.emit(I::TypeTest {
        dst: is_error,
        value: r,
        ty: t.error,
    });
    emit_println(&mut b, &mut m, is_error);
    let (outcome, out, _) = finish_main(&mut b, m);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(out, "55\n6765\ntrue\n");
}

#[test]
fn sleeping_strands_interleave_and_multiple_wait_collects_results() {
    let (mut b, t) = program_builder();
    let sleeper = sleeper(&mut b);
    let fut = future_of(&mut b, t.int);
    let mut m = FunctionBuilder::new("main", 0, 0);
    let long = load_decimal(&mut b, &mut m, "0.2");
    let short = load_decimal(&mut b, &mut m, "0.05");
    let one = load_int(&mut m, 1);
    let two = load_int(&mut m, 2);
    let f1 = emit_start(&mut m, sleeper, &[long, one], fut);
    let f2 = emit_start(&mut m, sleeper, &[short, two], fut);
    let futures = m.registers(2).unwrap();
    m.emit(I::Move {
        dst: Reg(futures.start),
        src: f1,
    });
    m.emit(I::Move {
        dst: Reg(futures.start + 1),
        src: f2,
    });
    let results = m.registers(2).unwrap();
    m.emit(I::WaitAll {
        dst: Reg(results.start),
        futures,
    });
    let sum = m.register().unwrap();
    m.emit(I::Binary {
        op: BinaryOp::Add,
        dst: sum,
        a: Reg(results.start),
        b: Reg(results.start + 1),
    });
    emit_println(&mut b, &mut m, sum);
    let (outcome, out, _) = finish_main(&mut b, m);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    // The shorter sleep prints first although it was started second.
    assert_eq!(out, "2\n1\n3\n");
}

#[test]
fn alternate_wait_takes_the_first_to_finish() {
    let (mut b, t) = program_builder();
    let sleeper = sleeper(&mut b);
    let fut = future_of(&mut b, t.int);
    let mut m = FunctionBuilder::new("main", 0, 0);
    let long = load_decimal(&mut b, &mut m, "0.3");
    let short = load_decimal(&mut b, &mut m, "0.01");
    let one = load_int(&mut m, 1);
    let two = load_int(&mut m, 2);
    let f1 = emit_start(&mut m, sleeper, &[long, one], fut);
    let f2 = emit_start(&mut m, sleeper, &[short, two], fut);
    let futures = m.registers(2).unwrap();
    m.emit(I::Move {
        dst: Reg(futures.start),
        src: f1,
    });
    m.emit(I::Move {
        dst: Reg(futures.start + 1),
        src: f2,
    });
    let r = m.register().unwrap();
    m.emit(I::WaitAny { dst: r, futures });
    emit_println(&mut b, &mut m, r);
    let (outcome, out, _) = finish_main(&mut b, m);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    // main returns after the first result: the other strand never prints.
    assert_eq!(out, "2\n2\n");
}

#[test]
fn a_panic_in_a_started_strand_surfaces_at_wait() {
    let (mut b, t) = program_builder();
    let mut f = FunctionBuilder::new("divide", 1, 0);
    let zero = load_int(&mut f, 0);
    let q = f.register().unwrap();
    f.set_line(7);
    f.emit(I::Binary {
        op: BinaryOp::Div,
        dst: q,
        a: Reg(0),
        b: zero,
    });
    f.emit(I::Return { value: q });
    let divide = b.add_function(f.finish());
    let fut = future_of(&mut b, t.int);
    let mut m = FunctionBuilder::new("main", 0, 0);
    let one = load_int(&mut m, 1);
    let f1 = emit_start(&mut m, divide, &[one], fut);
    let f2 = emit_start(&mut m, divide, &[one], fut);
    emit_println(&mut b, &mut m, one);
    let r = m.register().unwrap();
    // Trapped: the sibling's panic does not stop main.
    let trap = m.emit(I::TrapBegin { dst: r, handler: 0 });
    m.emit(I::Wait { dst: r, future: f2 });
    m.emit(I::TrapEnd);
    let handler = m.here();
    m.patch(trap, handler);
    emit_println(&mut b, &mut m, r);
    m.emit(I::Wait { dst: r, future: f1 });
    let (outcome, out, rendered) = finish_main(&mut b, m);
    assert_eq!(
        out,
        "1\nerror(\"{ballerina}DivisionByZero\",message=\" / by zero\")\n"
    );
    assert!(matches!(outcome, Outcome::Panicked(_)), "{outcome:?}");
    assert!(rendered.contains("DivisionByZero"), "{rendered}");
}

/// `bump()`: `lock { x = counter; sleep(0.01); counter = x + 1; }`.
fn locked_increment(b: &mut ProgramBuilder, counter: GlobalId) -> FuncId {
    let sleep = b.lang_native(LangNative::RuntimeSleep);
    let mut f = FunctionBuilder::new("bump", 0, 0);
    let x = f.register().unwrap();
    let d = load_decimal(b, &mut f, "0.01");
    let args = f.registers(1).unwrap();
    let ignored = f.register().unwrap();
    f.emit(I::LockBegin);
    f.emit(I::GlobalGet {
        dst: x,
        global: counter,
    });
    f.emit(I::Move {
        dst: Reg(args.start),
        src: d,
    });
    f.emit(I::CallNative {
        dst: ignored,
        native: sleep,
        args,
    });
    f.emit(I::AddIntImm {
        dst: x,
        a: x,
        imm: 1,
    });
    f.emit(I::GlobalSet {
        global: counter,
        src: x,
    });
    f.emit(I::LockEnd);
    f.emit(I::ReturnNil);
    b.add_function(f.finish())
}

#[test]
fn lock_excludes_other_strands_across_a_sleep() {
    let (mut b, t) = program_builder();
    b.program.globals.push(Global {
        name: "counter".into(),
        module: None,
        ty: t.int,
        configurable: None,
        is_final: false,
    });
    let counter = GlobalId(0);
    let bump = locked_increment(&mut b, counter);
    let fut = future_of(&mut b, t.any);
    let mut m = FunctionBuilder::new("main", 0, 0);
    let zero = load_int(&mut m, 0);
    m.emit(I::GlobalSet {
        global: counter,
        src: zero,
    });
    let count = 5u16;
    let futures = m.registers(count).unwrap();
    for i in 0..count {
        let f = emit_start(&mut m, bump, &[], fut);
        m.emit(I::Move {
            dst: Reg(futures.start + i),
            src: f,
        });
    }
    let results = m.registers(count).unwrap();
    m.emit(I::WaitAll {
        dst: Reg(results.start),
        futures,
    });
    let r = m.register().unwrap();
    m.emit(I::GlobalGet {
        dst: r,
        global: counter,
    });
    emit_println(&mut b, &mut m, r);
    let (outcome, out, _) = finish_main(&mut b, m);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(out, "5\n");
}

#[test]
fn ten_thousand_sleeping_strands_overlap() {
    let (mut b, t) = program_builder();
    let sleeper = sleeper(&mut b);
    let fut = future_of(&mut b, t.int);
    let mut m = FunctionBuilder::new("main", 0, 0);
    let d = load_decimal(&mut b, &mut m, "0.1");
    let tag = load_int(&mut m, 0);
    let count = 10_000u16;
    let futures = m.registers(count).unwrap();
    let args = m.registers(2).unwrap();
    let ignored = m.register().unwrap();
    m.emit(I::Move {
        dst: Reg(args.start),
        src: d,
    });
    m.emit(I::Move {
        dst: Reg(args.start + 1),
        src: tag,
    });
    for i in 0..count {
        m.emit(I::Start {
            dst: Reg(futures.start + i),
            ty: fut,
        });
        m.emit(I::Call {
            dst: ignored,
            func: sleeper,
            args,
        });
    }
    let results = m.registers(count).unwrap();
    m.emit(I::WaitAll {
        dst: Reg(results.start),
        futures,
    });
    let started = std::time::Instant::now();
    let (outcome, out, _) = finish_main(&mut b, m);
    let elapsed = started.elapsed();
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(out.lines().count(), 10_000);
    // Sequential sleeps would take 1,000 s; overlapping ones a little over 0.1 s (generous
    // for unoptimised builds on a loaded machine).
    assert!(elapsed.as_secs_f64() < 10.0, "{elapsed:?}");
}

#[test]
fn strands_waiting_for_each_other_end_in_a_deadlock_panic() {
    let (mut b, t) = program_builder();
    let fut = future_of(&mut b, t.any);
    for name in ["a", "b"] {
        b.program.globals.push(Global {
            name: name.into(),
            module: None,
            ty: fut,
            configurable: None,
            is_final: false,
        });
    }
    // `waiter(g)` = `wait <global g>`.
    let waiter = |b: &mut ProgramBuilder, global: GlobalId| {
        let mut w = FunctionBuilder::new("waiter", 0, 0);
        let f = w.register().unwrap();
        let r = w.register().unwrap();
        w.emit(I::GlobalGet { dst: f, global });
        w.emit(I::Wait { dst: r, future: f });
        w.emit(I::Return { value: r });
        b.add_function(w.finish())
    };
    let waits_for_b = waiter(&mut b, GlobalId(1));
    let waits_for_a = waiter(&mut b, GlobalId(0));
    let mut m = FunctionBuilder::new("main", 0, 0);
    let a = emit_start(&mut m, waits_for_b, &[], fut);
    m.emit(I::GlobalSet {
        global: GlobalId(0),
        src: a,
    });
    let second = emit_start(&mut m, waits_for_a, &[], fut);
    m.emit(I::GlobalSet {
        global: GlobalId(1),
        src: second,
    });
    let r = m.register().unwrap();
    m.emit(I::Wait { dst: r, future: a });
    let (outcome, _, rendered) = finish_main(&mut b, m);
    assert!(matches!(outcome, Outcome::Panicked(_)), "{outcome:?}");
    assert!(rendered.contains("deadlock"), "{rendered}");
}
