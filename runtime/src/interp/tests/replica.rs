//! Replica isolates (`crate::replica`): a replica on another thread serves jobs with copies
//! of the module variables it was planned with, without running module initialization
//! again; a variable that cannot be copied is refused by name.

use super::harness::*;
use crate::interp::events::{Callee, Job, MakeJob};
use crate::native::{NativeContext, NativeRegistry};
use crate::runtime::{Outcome, Runtime};
use crate::value::Value;
use crate::Panic;
use futures_util::stream;
use intc_ir::{
    Constant, FunctionBuilder, Global, GlobalId, Instruction as I, ProgramBuilder, Reg, RegRange,
};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Duration;

/// Where the replica's job results go (one test uses each).
static RESULTS: Mutex<Option<mpsc::Sender<String>>> = Mutex::new(None);
static REFUSALS: Mutex<Option<mpsc::Sender<String>>> = Mutex::new(None);

/// `test:replicate(handler)`: plans a replica with a copy of global 0 and of `handler`, and
/// starts it with one job calling the handler; the job's result goes to `RESULTS`.
fn replicate(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let handler = args.first().cloned().unwrap_or_default();
    let plan = match ctx.plan_replica(&[GlobalId(0)], &[handler]) {
        Ok(plan) => plan,
        Err(refused) => {
            if let Some(out) = REFUSALS.lock().unwrap().as_ref() {
                let _ = out.send(refused.to_string());
            }
            return Ok(Value::Nil);
        }
    };
    let results = RESULTS.lock().unwrap().clone();
    let entry = Box::new(move |ctx: &mut NativeContext<'_>, values: Vec<Value>| {
        let handler = values.into_iter().next().unwrap_or_default();
        let job: MakeJob = Box::new(move |_ctx: &mut NativeContext<'_>| {
            Some(Job {
                callee: Callee::Function(handler),
                args: vec![Value::Int(1)],
                reply: Box::new(move |ctx: &mut NativeContext<'_>, result| {
                    let text = match result {
                        Ok(value) => crate::format::to_string(&value, ctx.types()),
                        Err(panic) => crate::format::to_string(&panic.error, ctx.types()),
                    };
                    let thread = std::thread::current().name().unwrap_or("").to_owned();
                    if let Some(out) = &results {
                        let _ = out.send(format!("{thread}: {text}"));
                    }
                }),
            })
        });
        ctx.register_event_source(Box::pin(stream::iter([job])));
    });
    plan.spawn("replica-1".into(), entry)
        .expect("thread starts");
    Ok(Value::Nil)
}

/// A program whose init sets global 0 to `value(b, f)` and global 1 (not copied) to 7, a
/// handler returning `[global 0, global 1]`, and a main calling `test:replicate(handler)`.
fn program(value: impl Fn(&mut ProgramBuilder, &mut FunctionBuilder, Reg)) -> ProgramBuilder {
    let (mut b, types) = program_builder();
    for name in ["greeting", "hits"] {
        b.program.globals.push(Global {
            name: name.into(),
            module: None,
            ty: types.any,
            configurable: None,
            is_final: name == "greeting",
        });
    }
    let mut init = FunctionBuilder::new("init", 0, 0);
    let v = init.register().unwrap();
    value(&mut b, &mut init, v);
    init.emit(I::GlobalSet {
        global: GlobalId(0),
        src: v,
    });
    init.emit(I::LoadInt { dst: v, value: 7 });
    init.emit(I::GlobalSet {
        global: GlobalId(1),
        src: v,
    });
    init.emit(I::ReturnNil);
    let init = b.add_function(init.finish());
    b.program.module_inits.push(init);

    let list = types.any_list(&mut b);
    let mut handler = FunctionBuilder::new("handler", 1, 0);
    let items = handler.registers(2).unwrap();
    let r = handler.register().unwrap();
    handler.emit(I::GlobalGet {
        dst: Reg(items.start),
        global: GlobalId(0),
    });
    handler.emit(I::GlobalGet {
        dst: Reg(items.start + 1),
        global: GlobalId(1),
    });
    handler.emit(I::NewList {
        dst: r,
        ty: list,
        members: items,
    });
    handler.emit(I::Return { value: r });
    let handler = b.add_function(handler.finish());

    let native = b.native("test:replicate");
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
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);
    b
}

fn registry() -> NativeRegistry {
    let mut registry = natives();
    registry.register("test:replicate", replicate);
    registry
}

#[test]
fn a_replica_serves_with_copies_of_the_planned_variables_only() {
    let (send, receive) = mpsc::channel();
    *RESULTS.lock().unwrap() = Some(send);
    let b = program(|b, f, dst| {
        let hello = b.add_constant(Constant::String("hello".into()));
        f.emit(I::LoadConst {
            dst,
            constant: hello,
        });
    });
    let mut runtime = Runtime::new(b.finish(), &registry()).expect("program loads");
    let out = Captured::default();
    runtime.set_output(Box::new(out.clone()), Box::new(Captured::default()));
    assert!(matches!(runtime.run_main(vec![]), Outcome::Ok));
    let answer = receive
        .recv_timeout(Duration::from_secs(10))
        .expect("the replica answers");
    // The copied variable holds the primary's value; the other was never initialised there
    // (module initialization ran once, on the primary).
    assert_eq!(answer, r#"replica-1: ["hello",null]"#);
}

#[test]
fn a_variable_that_cannot_be_copied_is_refused_by_name() {
    let (send, receive) = mpsc::channel();
    *REFUSALS.lock().unwrap() = Some(send);
    // greeting = [] (a mutable list).
    let b = program(|b, f, dst| {
        let int = b.add_anonymous_type(intc_ir::TypeKind::Int);
        let list = b.add_anonymous_type(intc_ir::TypeKind::Array {
            element: int,
            length: None,
        });
        f.emit(I::NewList {
            dst,
            ty: list,
            members: RegRange::EMPTY,
        });
    });
    let mut runtime = Runtime::new(b.finish(), &registry()).expect("program loads");
    runtime.set_output(Box::new(Captured::default()), Box::new(Captured::default()));
    assert!(matches!(runtime.run_main(vec![]), Outcome::Ok));
    let refused = receive
        .recv_timeout(Duration::from_secs(10))
        .expect("refused");
    assert_eq!(refused, "a mutable list at `greeting`");
}
