//! The fast dispatch loop (`interp/fast.rs`): it must leave for the general loop before
//! changing anything whenever an instruction needs its slow case, so that the general loop
//! executes the whole instruction once.

use super::harness::*;
use crate::interp::arith::compare_ints;
use crate::runtime::Outcome;
use intc_ir::{Cmp, FunctionBuilder, Instruction as I};

#[test]
fn branch_free_int_comparison_agrees_with_the_operators() {
    let values = [i64::MIN, -2, -1, 0, 1, 2, i64::MAX];
    for &x in &values {
        for &y in &values {
            assert_eq!(compare_ints(Cmp::Lt, x, y), x < y);
            assert_eq!(compare_ints(Cmp::Le, x, y), x <= y);
            assert_eq!(compare_ints(Cmp::Gt, x, y), x > y);
            assert_eq!(compare_ints(Cmp::Ge, x, y), x >= y);
            assert_eq!(compare_ints(Cmp::Eq, x, y), x == y);
            assert_eq!(compare_ints(Cmp::Ne, x, y), x != y);
        }
    }
}

/// main: `r0 = 0; r1 = <limit>; r2 = 0; loop { r2 += 1; r0 += 1; if r0 < r1 continue }`,
/// printing the counter and the number of iterations.
fn counting_loop(limit: I) -> (Outcome, String, String) {
    let (mut b, _) = program_builder();
    let mut m = FunctionBuilder::new("main", 0, 0);
    m.set_line(1);
    let counter = m.register().unwrap();
    let limit_reg = m.register().unwrap();
    let iterations = m.register().unwrap();
    m.emit(I::LoadInt {
        dst: counter,
        value: 0,
    });
    m.emit(match limit {
        I::LoadInt { value, .. } => I::LoadInt {
            dst: limit_reg,
            value,
        },
        I::LoadFloat { value, .. } => I::LoadFloat {
            dst: limit_reg,
            value,
        },
        _ => I::LoadNil { dst: limit_reg },
    });
    m.emit(I::LoadInt {
        dst: iterations,
        value: 0,
    });
    let body = m.emit(I::AddIntImm {
        dst: iterations,
        a: iterations,
        imm: 1,
    });
    m.emit(I::IncJumpIfCmpInt {
        counter,
        step: 1,
        cmp: Cmp::Lt,
        limit: limit_reg,
        target: body,
    });
    emit_println(&mut b, &mut m, counter);
    emit_println(&mut b, &mut m, iterations);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    run(b)
}

#[test]
fn loop_step_with_an_int_limit_stays_fast_and_counts() {
    let (outcome, out, _) = counting_loop(I::LoadInt {
        dst: intc_ir::Reg(0),
        value: 5,
    });
    assert!(matches!(outcome, Outcome::Ok));
    assert_eq!(out, "5\n5\n");
}

#[test]
fn loop_step_with_a_non_int_limit_steps_once_in_the_general_loop() {
    // An int and a float are unordered, so the branch is not taken; the counter must have
    // been stepped exactly once (the fast loop leaves before writing it).
    let (outcome, out, _) = counting_loop(I::LoadFloat {
        dst: intc_ir::Reg(0),
        value: 3.5,
    });
    assert!(matches!(outcome, Outcome::Ok));
    assert_eq!(out, "1\n1\n");
}

#[test]
fn typed_int_addition_of_floats_falls_back_to_generic_addition() {
    // IR that sema would not produce: the fast loop leaves, the general loop adds generically.
    let (mut b, _) = program_builder();
    let mut m = FunctionBuilder::new("main", 0, 0);
    let x = m.register().unwrap();
    let y = m.register().unwrap();
    m.emit(I::LoadFloat { dst: x, value: 1.5 });
    m.emit(I::LoadFloat { dst: y, value: 2.0 });
    m.emit(I::AddInt { dst: x, a: x, b: y });
    emit_println(&mut b, &mut m, x);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (outcome, out, _) = run(b);
    assert!(matches!(outcome, Outcome::Ok));
    assert_eq!(out, "3.5\n");
}

/// `down(n) = n <= 0 ? n / zero : down(n - 1)`: a division by zero at the bottom of a
/// recursion run by the fast loop reports every frame with its line.
#[test]
fn division_by_zero_deep_in_fast_recursion_reports_all_frames() {
    let (mut b, _) = program_builder();
    let mut f = FunctionBuilder::new("down", 1, 0);
    f.set_line(10);
    let n = intc_ir::Reg(0);
    let t = f.register().unwrap();
    let zero = f.register().unwrap();
    let base = f.emit(I::JumpIfCmpIntImm {
        cmp: Cmp::Le,
        a: n,
        imm: 0,
        target: 0,
    });
    f.set_line(11);
    f.emit(I::AddIntImm {
        dst: t,
        a: n,
        imm: -1,
    });
    let down = intc_ir::FuncId(0);
    f.emit(I::Call {
        dst: t,
        func: down,
        args: intc_ir::RegRange {
            start: t.0,
            count: 1,
        },
    });
    f.emit(I::Return { value: t });
    let here = f.here();
    f.patch(base, here);
    f.set_line(12);
    f.emit(I::LoadInt {
        dst: zero,
        value: 0,
    });
    f.emit(I::DivInt {
        dst: t,
        a: n,
        b: zero,
    });
    f.emit(I::Return { value: t });
    let down_id = b.add_function(f.finish());
    assert_eq!(down_id, down);
    let mut m = FunctionBuilder::new("main", 0, 0);
    m.set_line(20);
    let arg = m.register().unwrap();
    m.emit(I::LoadInt { dst: arg, value: 2 });
    m.emit(I::Call {
        dst: arg,
        func: down,
        args: intc_ir::RegRange {
            start: arg.0,
            count: 1,
        },
    });
    emit_println(&mut b, &mut m, arg);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (outcome, out, err) = run(b);
    assert!(!matches!(outcome, Outcome::Ok));
    assert_eq!(out, "");
    assert!(err.contains("{ballerina}DivisionByZero"), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("down(")).collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].contains(":12)"), "{err}");
    assert!(
        lines[1].contains(":11)") && lines[2].contains(":11)"),
        "{err}"
    );
}
