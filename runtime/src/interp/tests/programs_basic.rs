//! Arithmetic, calls, panics, traps, closures and natives.

use super::harness::*;
use crate::runtime::Outcome;
use crate::value::Value;
use intc_ir::{
    BinaryOp, Cmp, Configurable, FunctionBuilder, Global, GlobalId, Instruction as I, Reg,
    RegRange, TypeKind,
};

pub(super) fn fib_function(b: &mut intc_ir::ProgramBuilder) -> intc_ir::FuncId {
    let fib = b.reserve_function("fib");
    let mut f = FunctionBuilder::new("fib", 1, 0);
    f.set_line(3);
    let two = f.register().unwrap();
    let tmp = f.register().unwrap();
    let args = f.registers(1).unwrap();
    let result = f.register().unwrap();
    f.emit(I::LoadInt { dst: two, value: 2 });
    let branch = f.emit(I::JumpIfCmpInt {
        cmp: Cmp::Ge,
        a: Reg(0),
        b: two,
        target: 0,
    });
    f.emit(I::Return { value: Reg(0) });
    let here = f.here();
    f.patch(branch, here);
    f.set_line(4);
    f.emit(I::AddIntImm {
        dst: Reg(args.start),
        a: Reg(0),
        imm: -1,
    });
    f.emit(I::Call {
        dst: tmp,
        func: fib,
        args,
    });
    f.emit(I::AddIntImm {
        dst: Reg(args.start),
        a: Reg(0),
        imm: -2,
    });
    f.emit(I::Call {
        dst: result,
        func: fib,
        args,
    });
    f.emit(I::AddInt {
        dst: result,
        a: result,
        b: tmp,
    });
    f.emit(I::Return { value: result });
    b.define_function(fib, f.finish());
    fib
}

#[test]
fn recursive_fib_computes_and_prints() {
    let (mut b, _) = program_builder();
    let fib = fib_function(&mut b);
    let mut m = FunctionBuilder::new("main", 0, 0);
    let args = m.registers(1).unwrap();
    let r = m.register().unwrap();
    m.emit(I::LoadInt {
        dst: Reg(args.start),
        value: 20,
    });
    m.emit(I::Call {
        dst: r,
        func: fib,
        args,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (outcome, out, _) = run(b);
    assert!(matches!(outcome, Outcome::Ok));
    assert_eq!(out, "6765\n");
}

/// `add_one(x) = x + 1` called from main with `x`; returns the rendered outcome.
fn overflow_program(x: i64) -> (Outcome, String, String) {
    let (mut b, _) = program_builder();
    let mut f = FunctionBuilder::new("addOne", 1, 0);
    f.set_line(4);
    let one = f.register().unwrap();
    f.emit(I::LoadInt { dst: one, value: 1 });
    f.emit(I::AddInt {
        dst: one,
        a: Reg(0),
        b: one,
    });
    f.emit(I::Return { value: one });
    let add_one = b.add_function(f.finish());
    let mut m = FunctionBuilder::new("main", 0, 0);
    m.set_line(10);
    let args = m.registers(1).unwrap();
    let r = m.register().unwrap();
    m.emit(I::LoadInt {
        dst: Reg(args.start),
        value: x,
    });
    m.emit(I::Call {
        dst: r,
        func: add_one,
        args,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    run(b)
}

#[test]
fn int_overflow_panics_with_ballerina_report() {
    let (outcome, out, err) = overflow_program(i64::MAX);
    assert!(matches!(outcome, Outcome::Panicked(_)));
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: {ballerina}NumberOverflow {\"message\":\" int range overflow\"}\n\
         \tat main:addOne(main.int:4)\n\t   main:main(main.int:10)\n"
    );
    let (outcome, out, _) = overflow_program(41);
    assert!(matches!(outcome, Outcome::Ok));
    assert_eq!(out, "42\n");
}

#[test]
fn division_by_zero_and_min_over_minus_one() {
    for (a, bv, expected) in [
        (
            1,
            0,
            "{ballerina}DivisionByZero {\"message\":\" / by zero\"}",
        ),
        (i64::MIN, -1, "{ballerina}NumberOverflow"),
    ] {
        let (mut b, _) = program_builder();
        let mut m = FunctionBuilder::new("main", 0, 0);
        let x = m.register().unwrap();
        let y = m.register().unwrap();
        m.emit(I::LoadInt { dst: x, value: a });
        m.emit(I::LoadInt { dst: y, value: bv });
        m.emit(I::DivInt { dst: x, a: x, b: y });
        m.emit(I::ReturnNil);
        let main = b.add_function(m.finish());
        set_main(&mut b, main);
        let (_, _, err) = run(b);
        assert!(err.starts_with(&format!("error: {expected}")), "{err}");
    }
}

#[test]
fn unbounded_recursion_is_a_stack_overflow_panic() {
    let (mut b, _) = program_builder();
    let rec = b.reserve_function("down");
    let mut f = FunctionBuilder::new("down", 0, 0);
    let r = f.register().unwrap();
    f.emit(I::Call {
        dst: r,
        func: rec,
        args: RegRange::EMPTY,
    });
    f.emit(I::Return { value: r });
    b.define_function(rec, f.finish());
    set_main(&mut b, rec);
    let (outcome, _, err) = run(b);
    assert!(matches!(outcome, Outcome::Panicked(_)));
    assert!(err.starts_with("error: {ballerina}StackOverflow"), "{err}");
}

#[test]
fn trap_catches_panic_from_callee_and_execution_continues() {
    let (mut b, _) = program_builder();
    let mut f = FunctionBuilder::new("boom", 0, 0);
    let x = f.register().unwrap();
    let z = f.register().unwrap();
    f.emit(I::LoadInt { dst: x, value: 1 });
    f.emit(I::LoadInt { dst: z, value: 0 });
    f.emit(I::RemInt { dst: x, a: x, b: z });
    f.emit(I::Return { value: x });
    let boom = b.add_function(f.finish());
    let mut m = FunctionBuilder::new("main", 0, 0);
    let r = m.register().unwrap();
    let msg = m.register().unwrap();
    let trap = m.emit(I::TrapBegin { dst: r, handler: 0 });
    m.emit(I::Call {
        dst: r,
        func: boom,
        args: RegRange::EMPTY,
    });
    m.emit(I::TrapEnd);
    let handler = m.here();
    m.patch(trap, handler);
    let is_error = m.register().unwrap();
    let error_ty = b.add_anonymous_type(TypeKind::Error {
        detail: None,
        distinct_ids: vec![],
    });
    m.emit(I::TypeTest {
        dst: is_error,
        value: r,
        ty: error_ty,
    });
    emit_println(&mut b, &mut m, is_error);
    m.emit(I::ToString { dst: msg, value: r });
    emit_println(&mut b, &mut m, msg);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (outcome, out, _) = run(b);
    assert!(matches!(outcome, Outcome::Ok));
    assert_eq!(
        out,
        "true\nerror(\"{ballerina}DivisionByZero\",message=\" / by zero\")\n"
    );
}

#[test]
fn closures_share_captured_cells_both_ways() {
    // main: count = cell(0); inc = closure(count); inc(); inc(); count += 10; println(inc())
    let (mut b, _) = program_builder();
    let mut c = FunctionBuilder::new("$lambda0", 0, 1);
    let v = c.register().unwrap();
    c.emit(I::CellGet {
        dst: v,
        cell: Reg(0),
    });
    c.emit(I::AddIntImm {
        dst: v,
        a: v,
        imm: 1,
    });
    c.emit(I::CellSet {
        cell: Reg(0),
        value: v,
    });
    c.emit(I::Return { value: v });
    let lambda = b.add_function(c.finish());
    let mut m = FunctionBuilder::new("main", 0, 0);
    let zero = m.register().unwrap();
    let captures = m.registers(1).unwrap();
    let cell = Reg(captures.start);
    let inc = m.register().unwrap();
    let r = m.register().unwrap();
    m.emit(I::LoadInt {
        dst: zero,
        value: 0,
    });
    m.emit(I::NewCell {
        dst: cell,
        init: zero,
    });
    m.emit(I::MakeClosure {
        dst: inc,
        func: lambda,
        captures,
    });
    m.emit(I::CallIndirect {
        dst: r,
        callee: inc,
        args: RegRange::EMPTY,
        packed_rest: false,
    });
    m.emit(I::CallIndirect {
        dst: r,
        callee: inc,
        args: RegRange::EMPTY,
        packed_rest: false,
    });
    m.emit(I::CellGet { dst: r, cell });
    m.emit(I::AddIntImm {
        dst: r,
        a: r,
        imm: 10,
    });
    m.emit(I::CellSet { cell, value: r });
    m.emit(I::CallIndirect {
        dst: r,
        callee: inc,
        args: RegRange::EMPTY,
        packed_rest: false,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::CellGet { dst: r, cell });
    emit_println(&mut b, &mut m, r);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, out, _) = run(b);
    assert_eq!(out, "13\n13\n");
}

#[test]
fn native_calls_back_into_ballerina_and_propagates_panics() {
    let (mut b, _) = program_builder();
    let mut d = FunctionBuilder::new("double", 1, 0);
    let v = d.register().unwrap();
    d.emit(I::MulInt {
        dst: v,
        a: Reg(0),
        b: Reg(0),
    });
    d.emit(I::Return { value: v });
    let double = b.add_function(d.finish());
    let apply = b.native("test:apply");
    let mut m = FunctionBuilder::new("main", 0, 0);
    let args = m.registers(2).unwrap();
    let r = m.register().unwrap();
    m.emit(I::LoadFunction {
        dst: Reg(args.start),
        func: double,
    });
    m.emit(I::LoadInt {
        dst: Reg(args.start + 1),
        value: 12,
    });
    m.emit(I::CallNative {
        dst: r,
        native: apply,
        args,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::LoadInt {
        dst: Reg(args.start + 1),
        value: i64::MAX,
    });
    let trap = m.emit(I::TrapBegin { dst: r, handler: 0 });
    m.emit(I::CallNative {
        dst: r,
        native: apply,
        args,
    });
    m.emit(I::TrapEnd);
    let h = m.here();
    m.patch(trap, h);
    m.emit(I::ToString { dst: r, value: r });
    emit_println(&mut b, &mut m, r);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (outcome, out, _) = run(b);
    assert!(matches!(outcome, Outcome::Ok));
    assert_eq!(
        out,
        "144\nerror(\"{ballerina}NumberOverflow\",message=\" int range overflow\")\n"
    );
}

#[test]
fn string_append_in_loop_is_linear_and_correct() {
    let (mut b, _) = program_builder();
    let empty = b.string_constant("");
    let x = b.string_constant("x");
    let mut m = FunctionBuilder::new("main", 0, 0);
    let s = m.register().unwrap();
    let piece = m.register().unwrap();
    let i = m.register().unwrap();
    let n = m.register().unwrap();
    m.emit(I::LoadConst {
        dst: s,
        constant: empty,
    });
    m.emit(I::LoadConst {
        dst: piece,
        constant: x,
    });
    m.emit(I::LoadInt { dst: i, value: 0 });
    m.emit(I::LoadInt {
        dst: n,
        value: 200_000,
    });
    let top = m.here();
    let exit = m.emit(I::JumpIfCmpInt {
        cmp: Cmp::Ge,
        a: i,
        b: n,
        target: 0,
    });
    m.emit(I::Concat {
        dst: s,
        a: s,
        b: piece,
    });
    m.emit(I::AddIntImm {
        dst: i,
        a: i,
        imm: 1,
    });
    m.emit(I::Jump { target: top });
    let end = m.here();
    m.patch(exit, end);
    m.emit(I::Length { dst: i, value: s });
    emit_println(&mut b, &mut m, i);
    m.emit(I::LoadConst {
        dst: s,
        constant: x,
    });
    emit_println(&mut b, &mut m, s);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, out, _) = run(b);
    // The constant "x" must not have been mutated by in-place appends.
    assert_eq!(out, "200000\nx\n");
}

#[test]
fn generic_ops_cover_float_decimal_string_and_shifts() {
    let (mut b, _) = program_builder();
    let d1 = b.add_constant(intc_ir::Constant::Decimal("1.5".parse().unwrap()));
    let d2 = b.add_constant(intc_ir::Constant::Decimal("0.25".parse().unwrap()));
    let mut m = FunctionBuilder::new("main", 0, 0);
    let a = m.register().unwrap();
    let c = m.register().unwrap();
    let r = m.register().unwrap();
    m.emit(I::LoadConst {
        dst: a,
        constant: d1,
    });
    m.emit(I::LoadConst {
        dst: c,
        constant: d2,
    });
    m.emit(I::Binary {
        dst: r,
        op: BinaryOp::Add,
        a,
        b: c,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::LoadInt { dst: a, value: -16 });
    m.emit(I::LoadInt { dst: c, value: 2 });
    m.emit(I::Binary {
        dst: r,
        op: BinaryOp::Shr,
        a,
        b: c,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::Binary {
        dst: r,
        op: BinaryOp::UShr,
        a,
        b: c,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::LoadFloat { dst: a, value: 1.5 });
    m.emit(I::LoadFloat { dst: c, value: 2.0 });
    m.emit(I::MulFloat { dst: r, a, b: c });
    emit_println(&mut b, &mut m, r);
    m.emit(I::Compare {
        dst: r,
        cmp: Cmp::Lt,
        a,
        b: c,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, out, _) = run(b);
    assert_eq!(out, "1.75\n-4\n4611686018427387900\n3.0\ntrue\n");
}

#[test]
fn casts_convert_numbers_and_report_failures() {
    let (mut b, t) = program_builder();
    let float = b.add_anonymous_type(TypeKind::Float);
    let mut m = FunctionBuilder::new("main", 0, 0);
    let v = m.register().unwrap();
    let r = m.register().unwrap();
    m.emit(I::LoadFloat { dst: v, value: 2.5 });
    m.emit(I::TypeCast {
        dst: r,
        value: v,
        ty: t.int,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::LoadInt { dst: v, value: 3 });
    m.emit(I::TypeCast {
        dst: r,
        value: v,
        ty: float,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::TypeCast {
        dst: r,
        value: v,
        ty: t.string,
    });
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, out, err) = run(b);
    assert_eq!(out, "2\n3.0\n");
    assert!(
        err.starts_with(
            "error: {ballerina}TypeCastError {\"message\":\"incompatible types: 'int' cannot be cast to 'string'\"}"
        ),
        "{err}"
    );
}

#[test]
fn configurable_supplied_value_skips_default() {
    let (mut b, t) = program_builder();
    b.program.globals.push(Global {
        name: "port".into(),
        module: None,
        ty: t.int,
        configurable: Some(Configurable { required: false }),
        is_final: false,
    });
    let g = GlobalId(0);
    let mut init = FunctionBuilder::new("init", 0, 0);
    let v = init.register().unwrap();
    let skip = init.emit(I::JumpIfConfigured {
        global: g,
        target: 0,
    });
    init.emit(I::LoadInt {
        dst: v,
        value: 8080,
    });
    init.emit(I::GlobalSet { global: g, src: v });
    let end = init.here();
    init.patch(skip, end);
    init.emit(I::ReturnNil);
    let init = b.add_function(init.finish());
    b.program.module_inits.push(init);
    let mut m = FunctionBuilder::new("main", 0, 0);
    let r = m.register().unwrap();
    m.emit(I::GlobalGet { dst: r, global: g });
    emit_println(&mut b, &mut m, r);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let program = b.finish();
    for (supplied, expected) in [(None, "8080\n"), (Some(9090), "9090\n")] {
        let mut runtime = crate::Runtime::new(program.clone(), &natives()).unwrap();
        let out = Captured::default();
        runtime.set_output(Box::new(out.clone()), Box::new(Captured::default()));
        if let Some(port) = supplied {
            runtime
                .set_configurable(None, "port", Value::Int(port))
                .unwrap();
        }
        assert!(runtime
            .set_configurable(None, "port", Value::string("x"))
            .is_err());
        assert!(matches!(runtime.run_main(vec![]), Outcome::Ok));
        assert_eq!(out.text(), expected);
    }
}

#[test]
fn unknown_natives_and_invalid_programs_are_load_errors() {
    let (mut b, _) = program_builder();
    b.native("std.io:nope");
    let mut m = FunctionBuilder::new("main", 0, 0);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let program = b.finish();
    match crate::Runtime::new(program.clone(), &natives()) {
        Err(crate::LoadError::MissingNatives(names)) => assert_eq!(names, vec!["std.io:nope"]),
        _ => panic!("expected a missing-native error"),
    }
    let mut broken = program;
    broken.natives.clear();
    broken.functions[0].code.insert(0, I::Jump { target: 99 });
    broken.functions[0].lines.insert(0, 0);
    assert!(matches!(
        crate::Runtime::new(broken, &natives()),
        Err(crate::LoadError::Invalid(_))
    ));
}

#[test]
fn downcast_never_converts_numbers() {
    let (mut b, t) = program_builder();
    let mut m = FunctionBuilder::new("main", 0, 0);
    let v = m.register().unwrap();
    let r = m.register().unwrap();
    m.emit(I::LoadFloat { dst: v, value: 1.5 });
    let trap = m.emit(I::TrapBegin { dst: r, handler: 0 });
    m.emit(I::Downcast {
        dst: r,
        value: v,
        ty: t.int,
    });
    m.emit(I::TrapEnd);
    let h = m.here();
    m.patch(trap, h);
    m.emit(I::ToString { dst: r, value: r });
    emit_println(&mut b, &mut m, r);
    m.emit(I::Downcast {
        dst: r,
        value: v,
        ty: t.any,
    });
    emit_println(&mut b, &mut m, r);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (_, out, _) = run(b);
    assert_eq!(
        out,
        "error(\"{ballerina}TypeCastError\",message=\"incompatible types: 'float' cannot be cast to 'int'\")\n1.5\n"
    );
}
