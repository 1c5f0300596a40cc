//! Immediate-operand instructions: `MulIntImm`, `RemIntImm`, `JumpIfCmpIntImm`.

use super::harness::*;
use crate::runtime::Outcome;
use intc_ir::{Cmp, FunctionBuilder, Instruction as I};

/// main: `x = start; if x >= 10 { print(x) } else { print(x * mul % rem) }`.
fn immediate_program(start: i64, mul: i32, rem: i32) -> (Outcome, String, String) {
    let (mut b, _) = program_builder();
    let mut m = FunctionBuilder::new("main", 0, 0);
    m.set_line(3);
    let x = m.register().unwrap();
    let y = m.register().unwrap();
    m.emit(I::LoadInt {
        dst: x,
        value: start,
    });
    let big = m.emit(I::JumpIfCmpIntImm {
        cmp: Cmp::Ge,
        a: x,
        imm: 10,
        target: 0,
    });
    m.emit(I::MulIntImm {
        dst: y,
        a: x,
        imm: mul,
    });
    m.emit(I::RemIntImm {
        dst: y,
        a: y,
        imm: rem,
    });
    emit_println(&mut b, &mut m, y);
    m.emit(I::ReturnNil);
    let here = m.here();
    m.patch(big, here);
    emit_println(&mut b, &mut m, x);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    run(b)
}

#[test]
fn immediate_compare_branches_and_arithmetic_computes() {
    let (outcome, out, _) = immediate_program(12, 3, 7);
    assert!(matches!(outcome, Outcome::Ok));
    assert_eq!(out, "12\n");
    let (outcome, out, _) = immediate_program(-5, 3, 7);
    assert!(matches!(outcome, Outcome::Ok));
    // -15 % 7 takes the sign of the dividend.
    assert_eq!(out, "-1\n");
}

#[test]
fn immediate_multiplication_overflow_panics() {
    let (outcome, _, err) = immediate_program(i64::MIN / 2, 4, 7);
    assert!(!matches!(outcome, Outcome::Ok));
    assert!(
        err.contains("NumberOverflow") || err.contains("overflow"),
        "{err}"
    );
}

#[test]
fn immediate_remainder_by_zero_still_panics() {
    let (outcome, _, err) = immediate_program(3, 1, 0);
    assert!(!matches!(outcome, Outcome::Ok));
    assert!(
        err.contains("DivisionByZero") || err.contains("division"),
        "{err}"
    );
}

/// main: `i = start; do { sum += i } while (i += 1) < limit; print(sum)` with a fused step.
fn counted_loop_program(start: i64, limit: i32) -> (Outcome, String, String) {
    let (mut b, _) = program_builder();
    let mut m = FunctionBuilder::new("main", 0, 0);
    m.set_line(5);
    let i = m.register().unwrap();
    let sum = m.register().unwrap();
    m.emit(I::LoadInt {
        dst: i,
        value: start,
    });
    m.emit(I::LoadInt { dst: sum, value: 0 });
    let body = m.here();
    m.emit(I::AddInt {
        dst: sum,
        a: sum,
        b: i,
    });
    m.emit(I::IncJumpIfCmpIntImm {
        counter: i,
        step: 1,
        cmp: Cmp::Lt,
        limit,
        target: body,
    });
    emit_println(&mut b, &mut m, sum);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    run(b)
}

#[test]
fn fused_loop_step_counts_and_panics_on_overflow() {
    let (outcome, out, _) = counted_loop_program(0, 10);
    assert!(matches!(outcome, Outcome::Ok));
    assert_eq!(out, "45\n");
    // The step past int:MAX_VALUE panics instead of wrapping.
    let (outcome, _, err) = counted_loop_program(i64::MAX, 10);
    assert!(!matches!(outcome, Outcome::Ok));
    assert!(
        err.contains("NumberOverflow") || err.contains("overflow"),
        "{err}"
    );
}
