//! A tiny harness to assemble IR programs by hand and run them with captured output.

use crate::native::{NativeContext, NativeRegistry, Step};
use crate::runtime::{Outcome, Runtime};
use crate::value::Value;
use crate::Panic;
use intc_ir::{FunctionBuilder, ProgramBuilder, Reg, TypeKind};
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

/// A `Write` sink shared with the test.
#[derive(Clone, Default)]
pub struct Captured(pub Rc<RefCell<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

fn println(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let mut line = String::new();
    for a in args {
        line.push_str(&crate::format::to_string(a, ctx.types()));
    }
    let _ = writeln!(ctx.stdout(), "{line}");
    Ok(Value::Nil)
}

/// `test:apply(f, x)` = `f(x)`, exercising native callbacks.
fn apply(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    match args {
        [f, rest @ ..] => crate::steps::call_all(
            ctx,
            vec![(f.clone(), rest.to_vec())],
            Box::new(|_, mut results| Ok(Step::Done(results.pop().unwrap_or_default()))),
        ),
        [] => Ok(Step::Done(Value::Nil)),
    }
}

/// `test:defaults(typedesc)` = the record defaults joined as `name=value;`.
fn defaults(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let Some(Value::Typedesc(ty)) = args.first() else {
        return Ok(Step::Done(Value::Nil));
    };
    let (names, calls): (Vec<String>, Vec<(Value, Vec<Value>)>) = ctx
        .record_field_default_functions(*ty)
        .into_iter()
        .map(|(name, function)| (name, (function, Vec::new())))
        .unzip();
    crate::steps::call_all(
        ctx,
        calls,
        Box::new(move |ctx, values| {
            let mut text = String::new();
            for (name, value) in names.iter().zip(values) {
                text.push_str(&format!(
                    "{name}={};",
                    crate::format::to_string(&value, ctx.types())
                ));
            }
            Ok(Step::Done(Value::string(text)))
        }),
    )
}

pub fn natives() -> NativeRegistry {
    let mut registry = NativeRegistry::new();
    registry.register_step("test:defaults", defaults);
    registry.register("std.io:println", println);
    registry.register_step("test:apply", apply);
    registry
}

/// Common type ids every test program gets.
pub struct Types {
    pub int: intc_ir::TypeId,
    pub string: intc_ir::TypeId,
    pub int_list: intc_ir::TypeId,
    pub any: intc_ir::TypeId,
    pub error: intc_ir::TypeId,
}

impl Types {
    /// Adds and returns `any[]`.
    pub fn any_list(&self, b: &mut ProgramBuilder) -> intc_ir::TypeId {
        b.add_anonymous_type(TypeKind::Array {
            element: self.any,
            length: None,
        })
    }
}

pub fn program_builder() -> (ProgramBuilder, Types) {
    let mut b = ProgramBuilder::new();
    b.add_file("main.int");
    let int = b.add_anonymous_type(TypeKind::Int);
    let string = b.add_anonymous_type(TypeKind::String);
    let int_list = b.add_anonymous_type(TypeKind::Array {
        element: int,
        length: None,
    });
    let any = b.add_anonymous_type(TypeKind::Any);
    let error = b.add_anonymous_type(TypeKind::Error {
        detail: None,
        distinct_ids: vec![],
    });
    (
        b,
        Types {
            int,
            string,
            int_list,
            any,
            error,
        },
    )
}

/// Emits `println(value)`.
pub fn emit_println(b: &mut ProgramBuilder, f: &mut FunctionBuilder, value: Reg) {
    let native = b.native("std.io:println");
    let args = f.registers(1).unwrap();
    let dst = f.register().unwrap();
    f.emit(intc_ir::Instruction::Move {
        dst: Reg(args.start),
        src: value,
    });
    f.emit(intc_ir::Instruction::CallNative { dst, native, args });
}

/// Runs `main` (set by the caller) and returns (outcome, stdout, rendered stderr).
pub fn run(b: ProgramBuilder) -> (Outcome, String, String) {
    let mut runtime = Runtime::new(b.finish(), &natives()).expect("program loads");
    let out = Captured::default();
    runtime.set_output(Box::new(out.clone()), Box::new(Captured::default()));
    let outcome = runtime.run_main(vec![]);
    let rendered = runtime.render_outcome(&outcome).unwrap_or_default();
    (outcome, out.text(), rendered)
}

/// Sets `func` as `main` without parameters.
pub fn set_main(b: &mut ProgramBuilder, func: intc_ir::FuncId) {
    b.program.main = Some(intc_ir::MainEntry {
        func,
        params: vec![],
        rest: None,
        rest_list: None,
    });
}
