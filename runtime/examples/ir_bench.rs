//! Hand-built IR benchmarks: fib(30), a 10^7-iteration int loop, 10^6 string appends and
//! 10^6 map insertions. Run with `cargo run --release -p intc-runtime --example ir_bench`.

use intc_ir::{Cmp, FuncId, FunctionBuilder, Instruction as I, ProgramBuilder, Reg, TypeKind};
use intc_runtime::{NativeRegistry, Runtime, Value};
use std::time::Instant;

type Built = Result<FuncId, intc_ir::TooManyRegisters>;

fn fib(b: &mut ProgramBuilder) -> Built {
    let fib = b.reserve_function("fib");
    let mut f = FunctionBuilder::new("fib", 1, 0);
    let two = f.register()?;
    let tmp = f.register()?;
    let args = f.registers(1)?;
    let result = f.register()?;
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
    Ok(fib)
}

/// sum += i % 7 for i in 0 .. 10^7 (a `while` loop).
fn int_loop(b: &mut ProgramBuilder) -> Built {
    let mut f = FunctionBuilder::new("loop", 0, 0);
    let (sum, i, n, seven, t) = (
        f.register()?,
        f.register()?,
        f.register()?,
        f.register()?,
        f.register()?,
    );
    f.emit(I::LoadInt { dst: sum, value: 0 });
    f.emit(I::LoadInt { dst: i, value: 0 });
    f.emit(I::LoadInt {
        dst: n,
        value: 10_000_000,
    });
    f.emit(I::LoadInt {
        dst: seven,
        value: 7,
    });
    let top = f.here();
    let exit = f.emit(I::JumpIfCmpInt {
        cmp: Cmp::Ge,
        a: i,
        b: n,
        target: 0,
    });
    f.emit(I::RemInt {
        dst: t,
        a: i,
        b: seven,
    });
    f.emit(I::AddInt {
        dst: sum,
        a: sum,
        b: t,
    });
    f.emit(I::AddIntImm {
        dst: i,
        a: i,
        imm: 1,
    });
    f.emit(I::Jump { target: top });
    let end = f.here();
    f.patch(exit, end);
    f.emit(I::Return { value: sum });
    Ok(b.add_function(f.finish()))
}

/// s += "x" 10^6 times through a range iterator; returns s.length().
fn strcat(b: &mut ProgramBuilder) -> Built {
    let empty = b.string_constant("");
    let x = b.string_constant("x");
    let mut f = FunctionBuilder::new("strcat", 0, 0);
    let (s, piece, lo, hi, it, i) = (
        f.register()?,
        f.register()?,
        f.register()?,
        f.register()?,
        f.register()?,
        f.register()?,
    );
    f.emit(I::LoadConst {
        dst: s,
        constant: empty,
    });
    f.emit(I::LoadInt { dst: lo, value: 0 });
    f.emit(I::LoadInt {
        dst: hi,
        value: 1_000_000,
    });
    f.emit(I::IterRange {
        dst: it,
        start: lo,
        end: hi,
        inclusive: false,
    });
    let top = f.here();
    let next = f.emit(I::IterNext {
        dst: i,
        iter: it,
        target: 0,
    });
    f.emit(I::LoadConst {
        dst: piece,
        constant: x,
    });
    f.emit(I::Concat {
        dst: s,
        a: s,
        b: piece,
    });
    f.emit(I::Jump { target: top });
    let end = f.here();
    f.patch(next, end);
    f.emit(I::Length { dst: i, value: s });
    f.emit(I::Return { value: i });
    Ok(b.add_function(f.finish()))
}

/// m["k" + i.toString()] = i for i in 0 .. 10^6; returns m.length().
fn map_insert(b: &mut ProgramBuilder) -> Built {
    let int = b.add_anonymous_type(TypeKind::Int);
    let map_ty = b.add_anonymous_type(TypeKind::Map(int));
    let k = b.string_constant("k");
    let mut f = FunctionBuilder::new("mapinsert", 0, 0);
    let (m, i, n, key, text) = (
        f.register()?,
        f.register()?,
        f.register()?,
        f.register()?,
        f.register()?,
    );
    f.emit(I::NewMap {
        dst: m,
        ty: map_ty,
        entries: intc_ir::RegRange::EMPTY,
    });
    f.emit(I::LoadInt { dst: i, value: 0 });
    f.emit(I::LoadInt {
        dst: n,
        value: 1_000_000,
    });
    let top = f.here();
    let exit = f.emit(I::JumpIfCmpInt {
        cmp: Cmp::Ge,
        a: i,
        b: n,
        target: 0,
    });
    f.emit(I::ToString {
        dst: text,
        value: i,
    });
    f.emit(I::LoadConst {
        dst: key,
        constant: k,
    });
    f.emit(I::Concat {
        dst: key,
        a: key,
        b: text,
    });
    f.emit(I::MemberSet {
        container: m,
        key,
        value: i,
    });
    f.emit(I::AddIntImm {
        dst: i,
        a: i,
        imm: 1,
    });
    f.emit(I::Jump { target: top });
    let end = f.here();
    f.patch(exit, end);
    f.emit(I::Length { dst: i, value: m });
    f.emit(I::Return { value: i });
    Ok(b.add_function(f.finish()))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut b = ProgramBuilder::new();
    b.add_file("bench.int");
    let fib = fib(&mut b).map_err(|_| "registers")?;
    let looping = int_loop(&mut b).map_err(|_| "registers")?;
    let strcat = strcat(&mut b).map_err(|_| "registers")?;
    let map_insert = map_insert(&mut b).map_err(|_| "registers")?;
    let mut runtime = Runtime::new(b.finish(), &NativeRegistry::new())?;
    let cases: [(&str, FuncId, Vec<Value>); 4] = [
        ("fib(30)", fib, vec![Value::Int(30)]),
        ("loop 10^7", looping, vec![]),
        ("strcat 10^6", strcat, vec![]),
        ("mapinsert 10^6", map_insert, vec![]),
    ];
    let only = std::env::args().nth(1);
    for (name, func, args) in cases {
        if only.as_deref().is_some_and(|o| !name.starts_with(o)) {
            continue;
        }
        let start = Instant::now();
        let result = runtime.call(func, &args);
        let elapsed = start.elapsed();
        println!(
            "{name:<16} {:>8.1} ms  -> {:?}",
            elapsed.as_secs_f64() * 1000.0,
            result.ok().and_then(|v| v.as_int())
        );
    }
    Ok(())
}
