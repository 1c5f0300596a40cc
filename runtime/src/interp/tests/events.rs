//! Native event sources (`events.rs`): jobs from a registered stream run on new strands, their
//! results reach the reply, a panicking job ends only itself, and the program stays alive
//! exactly while a source is registered or a job is in flight.

use super::harness::*;
use crate::interp::events::{Callee, EventSourceId, Job, MakeJob};
use crate::native::{NativeContext, NativeRegistry};
use crate::runtime::{Outcome, Runtime};
use crate::value::Value;
use crate::Panic;
use futures_util::stream::{self, StreamExt};
use intc_ir::{
    Class, ClassField, ClassId, Constant, FuncId, FunctionBuilder, Instruction as I, LangNative,
    ProgramBuilder, Reg, RegRange, TypeKind,
};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// A job calling `handler(arg)` whose reply prints `arg -> result` (or the panic's message)
/// and then runs `after` with the result.
fn job(
    handler: Value,
    arg: i64,
    after: impl FnOnce(&mut NativeContext<'_>, &Result<Value, Panic>) + 'static,
) -> MakeJob {
    Box::new(move |_ctx: &mut NativeContext<'_>| {
        Some(Job {
            callee: Callee::Function(handler),
            args: vec![Value::Int(arg)],
            reply: Box::new(move |ctx: &mut NativeContext<'_>, result| {
                let text = match &result {
                    Ok(value) => crate::format::to_string(value, ctx.types()),
                    Err(panic) => {
                        format!(
                            "panic {}",
                            crate::format::to_string(&panic.error, ctx.types())
                        )
                    }
                };
                let _ = writeln!(ctx.stdout(), "{arg} -> {text}");
                after(ctx, &result);
            }),
        })
    })
}

/// `test:listen(handler)`: a source of three jobs (2, 0, 5), a millisecond apart, that then
/// ends by itself.
fn listen(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let handler = args.first().cloned().unwrap_or_default();
    let source = stream::iter([2, 0, 5]).then(|arg| async move {
        tokio::time::sleep(Duration::from_millis(1)).await;
        arg
    });
    let source = source.map(move |arg| job(handler.clone(), arg, |_, _| {}));
    ctx.register_event_source(Box::pin(source));
    Ok(Value::Nil)
}

/// `test:listenForever(handler)`: jobs 1, 2, 3 from a source that never ends by itself; the
/// reply of job 3 deregisters it.
fn listen_forever(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let handler = args.first().cloned().unwrap_or_default();
    let id: Rc<Cell<Option<EventSourceId>>> = Rc::default();
    let own = id.clone();
    let source = stream::iter([1, 2, 3])
        .chain(stream::pending())
        .map(move |arg| {
            let own = own.clone();
            job(handler.clone(), arg, move |ctx, _| {
                if arg == 3 {
                    if let Some(id) = own.get() {
                        let removed = ctx.deregister_event_source(id);
                        let _ = writeln!(ctx.stdout(), "deregistered {removed}");
                    }
                }
            })
        });
    id.set(Some(ctx.register_event_source(Box::pin(source))));
    Ok(Value::Nil)
}

/// `test:listenMethod(object)`: jobs calling `object.bump(1)`, `object.bump(2)`,
/// `object.nope(0)` (no such method) and `object.bump(3)`.
fn listen_method(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let receiver = args.first().cloned().unwrap_or_default();
    let calls = [("bump", 1), ("bump", 2), ("nope", 0), ("bump", 3)];
    let source = stream::iter(calls).map(move |(name, arg)| -> MakeJob {
        let receiver = receiver.clone();
        Box::new(move |_ctx: &mut NativeContext<'_>| {
            Some(Job {
                callee: Callee::Method {
                    receiver,
                    name: name.to_string(),
                },
                args: vec![Value::Int(arg)],
                reply: Box::new(move |ctx: &mut NativeContext<'_>, result| {
                    let text = match result {
                        Ok(value) => crate::format::to_string(&value, ctx.types()),
                        Err(_) => "panic".to_string(),
                    };
                    let _ = writeln!(ctx.stdout(), "{name}({arg}) -> {text}");
                }),
            })
        })
    });
    ctx.register_event_source(Box::pin(source));
    Ok(Value::Nil)
}

fn registry() -> NativeRegistry {
    let mut registry = natives();
    registry.register("test:listenMethod", listen_method);
    registry.register("test:listen", listen);
    registry.register("test:listenForever", listen_forever);
    registry
}

fn run_with_events(b: ProgramBuilder) -> (Outcome, String) {
    let mut runtime = Runtime::new(b.finish(), &registry()).expect("program loads");
    let out = Captured::default();
    runtime.set_output(Box::new(out.clone()), Box::new(Captured::default()));
    let outcome = runtime.run_main(vec![]);
    (outcome, out.text())
}

/// `divide(x) = 10 / x` (panics for 0).
fn divide(b: &mut ProgramBuilder) -> FuncId {
    let mut f = FunctionBuilder::new("divide", 1, 0);
    let ten = f.register().unwrap();
    let r = f.register().unwrap();
    f.emit(I::LoadInt {
        dst: ten,
        value: 10,
    });
    f.emit(I::DivInt {
        dst: r,
        a: ten,
        b: Reg(0),
    });
    f.emit(I::Return { value: r });
    b.add_function(f.finish())
}

/// `nap(x)`: sleeps 20 ms (parking its strand), prints `woke x`, returns `x + 100`.
fn nap(b: &mut ProgramBuilder) -> FuncId {
    let sleep = b.lang_native(LangNative::RuntimeSleep);
    let seconds = b.add_constant(Constant::Decimal(
        intc_decimal::Decimal::parse("0.02").unwrap(),
    ));
    let mut f = FunctionBuilder::new("nap", 1, 0);
    let args = f.registers(1).unwrap();
    let ignored = f.register().unwrap();
    let text = f.register().unwrap();
    let r = f.register().unwrap();
    f.emit(I::LoadConst {
        dst: Reg(args.start),
        constant: seconds,
    });
    f.emit(I::CallNative {
        dst: ignored,
        native: sleep,
        args,
    });
    let woke = b.add_constant(Constant::String("woke".into()));
    f.emit(I::LoadConst {
        dst: text,
        constant: woke,
    });
    emit_println(b, &mut f, text);
    f.emit(I::AddIntImm {
        dst: r,
        a: Reg(0),
        imm: 100,
    });
    f.emit(I::Return { value: r });
    b.add_function(f.finish())
}

/// `main() { native(<closure of handler>); println("main done"); }`
fn main_calling(b: &mut ProgramBuilder, native: &str, handler: FuncId) {
    let native = b.native(native);
    let mut m = FunctionBuilder::new("main", 0, 0);
    let args = m.registers(1).unwrap();
    let ignored = m.register().unwrap();
    m.emit(I::MakeClosure {
        dst: Reg(args.start),
        func: handler,
        captures: RegRange::EMPTY,
    });
    m.emit(I::CallNative {
        dst: ignored,
        native,
        args,
    });
    let done = b.add_constant(Constant::String("main done".into()));
    let text = m.register().unwrap();
    m.emit(I::LoadConst {
        dst: text,
        constant: done,
    });
    emit_println(b, &mut m, text);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(b, main);
}

#[test]
fn jobs_run_after_main_and_a_panicking_job_ends_only_itself() {
    let (mut b, _) = program_builder();
    let handler = divide(&mut b);
    main_calling(&mut b, "test:listen", handler);
    let (outcome, out) = run_with_events(b);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(
        out,
        "main done\n2 -> 5\n0 -> panic error(\"{ballerina}DivisionByZero\",message=\" / by zero\")\n5 -> 2\n"
    );
}

#[test]
fn a_deregistered_source_lets_the_program_end() {
    let (mut b, _) = program_builder();
    let handler = divide(&mut b);
    main_calling(&mut b, "test:listenForever", handler);
    let (outcome, out) = run_with_events(b);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(
        out,
        "main done\n1 -> 10\n2 -> 5\n3 -> 3\nderegistered true\n"
    );
}

#[test]
fn parked_jobs_finish_before_the_program_ends() {
    let (mut b, _) = program_builder();
    let handler = nap(&mut b);
    main_calling(&mut b, "test:listen", handler);
    let (outcome, out) = run_with_events(b);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    // The three jobs overlap (each sleeps 20 ms, they arrive 1 ms apart), and every reply
    // arrives although the source ended before the first job woke.
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "main done");
    assert_eq!(lines.iter().filter(|l| **l == "woke").count(), 3);
    for expected in ["2 -> 102", "0 -> 100", "5 -> 105"] {
        assert!(lines.contains(&expected), "{out}");
    }
}

#[test]
fn jobs_call_methods_of_an_object_by_name() {
    let (mut b, t) = program_builder();
    let object_ty = b.add_anonymous_type(TypeKind::Object {
        fields: vec![],
        methods: vec![],
        distinct_ids: vec![],
        class: Some(ClassId(0)),
    });
    // bump(self, by): self.count += by; return self.count
    let mut f = FunctionBuilder::new("bump", 2, 0);
    f.function_mut().class = Some(ClassId(0));
    let v = f.register().unwrap();
    f.emit(I::ObjectSlotGet {
        dst: v,
        object: Reg(0),
        slot: 0,
    });
    f.emit(I::AddInt {
        dst: v,
        a: v,
        b: Reg(1),
    });
    f.emit(I::ObjectSlotSet {
        object: Reg(0),
        slot: 0,
        value: v,
    });
    f.emit(I::Return { value: v });
    let bump = b.add_function(f.finish());
    b.program.classes.push(Class {
        name: "Counter".into(),
        module: None,
        fields: vec![ClassField {
            name: "count".into(),
            ty: t.int,
            is_final: false,
        }],
        methods: vec![("bump".into(), bump)],
        ty: object_ty,
        readonly: false,
    });
    let listen = b.native("test:listenMethod");
    let mut m = FunctionBuilder::new("main", 0, 0);
    let args = m.registers(1).unwrap();
    let zero = m.register().unwrap();
    m.emit(I::NewObject {
        dst: Reg(args.start),
        class: ClassId(0),
    });
    m.emit(I::LoadInt {
        dst: zero,
        value: 0,
    });
    m.emit(I::ObjectSlotSet {
        object: Reg(args.start),
        slot: 0,
        value: zero,
    });
    m.emit(I::CallNative {
        dst: zero,
        native: listen,
        args,
    });
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    let (outcome, out) = run_with_events(b);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(
        out,
        "bump(1) -> 1\nbump(2) -> 3\nnope(0) -> panic\nbump(3) -> 6\n"
    );
}
