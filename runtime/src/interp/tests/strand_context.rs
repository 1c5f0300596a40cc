//! The strand context (`strand_context.rs`): a native sets it on its strand, `start` hands it
//! to the new strand, and a job builder gives it to the job's strand.

use super::harness::*;
use crate::interp::events::{Callee, Job, MakeJob};
use crate::native::{NativeContext, NativeRegistry};
use crate::runtime::{Outcome, Runtime};
use crate::value::Value;
use crate::Panic;
use futures_util::stream::{self, StreamExt};
use intc_ir::{FuncId, FunctionBuilder, Instruction as I, ProgramBuilder, Reg, RegRange, TypeKind};
use std::rc::Rc;

/// `test:context()`: the int the strand's context holds, or -1.
fn context(ctx: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    let value = ctx
        .strand_context()
        .and_then(|c| c.downcast::<i64>().ok())
        .map_or(-1, |n| *n);
    Ok(Value::Int(value))
}

/// `test:setContext(n)`.
fn set_context(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let n = args.first().and_then(Value::as_int).unwrap_or(0);
    ctx.set_strand_context(Some(Rc::new(n)));
    Ok(Value::Nil)
}

/// `test:listen(handler)`: jobs 1 and 2 whose strands start with the context `10 * arg`, and
/// a job 3 whose builder sets a context but answers no job (nothing may leak to the next).
fn listen(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let handler = args.first().cloned().unwrap_or_default();
    let source = stream::iter([1i64, 3, 2]).map(move |arg| -> MakeJob {
        let handler = handler.clone();
        Box::new(move |ctx: &mut NativeContext<'_>| {
            ctx.set_job_context(Rc::new(10 * arg));
            if arg == 3 {
                return None;
            }
            Some(Job {
                callee: Callee::Function(handler),
                args: vec![Value::Int(arg)],
                reply: Box::new(move |ctx: &mut NativeContext<'_>, result| {
                    let text = match result {
                        Ok(value) => crate::format::to_string(&value, ctx.types()),
                        Err(_) => "panic".to_string(),
                    };
                    let _ = writeln!(ctx.stdout(), "{arg} -> {text}");
                }),
            })
        })
    });
    ctx.register_event_source(Box::pin(source));
    Ok(Value::Nil)
}

fn registry() -> NativeRegistry {
    let mut registry = natives();
    registry.register("test:context", context);
    registry.register("test:setContext", set_context);
    registry.register("test:listen", listen);
    registry
}

/// `read(...) = test:context()`, with `params` ignored parameters.
fn read(b: &mut ProgramBuilder, params: u16) -> FuncId {
    let native = b.native("test:context");
    let mut f = FunctionBuilder::new("read", params, 0);
    let r = f.register().unwrap();
    f.emit(I::CallNative {
        dst: r,
        native,
        args: RegRange::EMPTY,
    });
    f.emit(I::Return { value: r });
    b.add_function(f.finish())
}

/// `wait start read()` into a new register.
fn wait_started(f: &mut FunctionBuilder, read: FuncId, future: intc_ir::TypeId) -> Reg {
    let handle = f.register().unwrap();
    let ignored = f.register().unwrap();
    f.emit(I::Start {
        dst: handle,
        ty: future,
    });
    f.emit(I::Call {
        dst: ignored,
        func: read,
        args: RegRange::EMPTY,
    });
    let r = f.register().unwrap();
    f.emit(I::Wait {
        dst: r,
        future: handle,
    });
    r
}

#[test]
fn started_strands_and_jobs_get_their_context() {
    let (mut b, t) = program_builder();
    let future = b.add_anonymous_type(TypeKind::Future(t.int));
    let read0 = read(&mut b, 0);
    // handler(x): the context of a strand it starts (the job's, inherited).
    let mut h = FunctionBuilder::new("handler", 1, 0);
    let r = wait_started(&mut h, read0, future);
    h.emit(I::Return { value: r });
    let handler = b.add_function(h.finish());

    let mut m = FunctionBuilder::new("main", 0, 0);
    // Nothing set yet.
    let none = wait_started(&mut m, read0, future);
    emit_println(&mut b, &mut m, none);
    let set = b.native("test:setContext");
    let args = m.registers(1).unwrap();
    let ignored = m.register().unwrap();
    m.emit(I::LoadInt {
        dst: Reg(args.start),
        value: 7,
    });
    m.emit(I::CallNative {
        dst: ignored,
        native: set,
        args,
    });
    let inherited = wait_started(&mut m, read0, future);
    emit_println(&mut b, &mut m, inherited);
    let listen = b.native("test:listen");
    let args = m.registers(1).unwrap();
    m.emit(I::MakeClosure {
        dst: Reg(args.start),
        func: handler,
        captures: RegRange::EMPTY,
    });
    m.emit(I::CallNative {
        dst: ignored,
        native: listen,
        args,
    });
    // The jobs' contexts are not main's to see.
    let own = m.register().unwrap();
    m.emit(I::CallNative {
        dst: own,
        native: b.native("test:context"),
        args: RegRange::EMPTY,
    });
    emit_println(&mut b, &mut m, own);
    m.emit(I::ReturnNil);
    let main = b.add_function(m.finish());
    set_main(&mut b, main);

    let mut runtime = Runtime::new(b.finish(), &registry()).expect("program loads");
    let out = Captured::default();
    runtime.set_output(Box::new(out.clone()), Box::new(Captured::default()));
    let outcome = runtime.run_main(vec![]);
    assert!(matches!(outcome, Outcome::Ok), "{outcome:?}");
    assert_eq!(out.text(), "-1\n7\n7\n1 -> 10\n2 -> 20\n");
}
