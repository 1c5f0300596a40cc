//! Lang library tests: each native is called through the registry on a tiny program that
//! provides the callback functions.

mod collections;
mod scalars;
mod values;

use crate::interp::Interpreter;
use crate::native::NativeContext;
use crate::value::{Closure, ListObj, MapKey, MapObj, Value, ValueMap};
use crate::Panic;
use intc_ir::{
    BinaryOp, Cmp, FuncId, FunctionBuilder, Instruction as I, LangNative, ProgramBuilder, Reg,
    TypeId, TypeKind, UnaryOp,
};

/// Callback functions available to the tests.
pub struct Callbacks {
    /// `x > 2`
    pub greater_than_two: FuncId,
    /// `x * 2` (int result)
    pub double: FuncId,
    /// `a + b`
    pub add: FuncId,
    /// `-x`
    pub negate: FuncId,
    /// `x / 0` (panics)
    pub divide_by_zero: FuncId,
}

pub struct Harness {
    pub interp: Interpreter,
    pub callbacks: Callbacks,
    pub int_list: TypeId,
    pub string_list: TypeId,
    pub int_map: TypeId,
}

fn function(
    b: &mut ProgramBuilder,
    name: &str,
    params: u16,
    signature: TypeId,
    body: impl FnOnce(&mut FunctionBuilder) -> Reg,
) -> FuncId {
    let mut f = FunctionBuilder::new(name, params, 0);
    f.set_line(1);
    let result = body(&mut f);
    f.emit(I::Return { value: result });
    f.function_mut().signature = Some(signature);
    b.add_function(f.finish())
}

fn register(f: &mut FunctionBuilder) -> Reg {
    f.register().unwrap_or(Reg(0))
}

impl Harness {
    pub fn new() -> Harness {
        let mut b = ProgramBuilder::new();
        b.add_file("main.int");
        let int = b.add_anonymous_type(TypeKind::Int);
        let boolean = b.add_anonymous_type(TypeKind::Boolean);
        let string = b.add_anonymous_type(TypeKind::String);
        let int_list = b.add_anonymous_type(TypeKind::Array {
            element: int,
            length: None,
        });
        let string_list = b.add_anonymous_type(TypeKind::Array {
            element: string,
            length: None,
        });
        let int_map = b.add_anonymous_type(TypeKind::Map(int));
        let int_to_bool = b.add_anonymous_type(TypeKind::Function {
            params: vec![int],
            rest: None,
            ret: boolean,
            isolated: false,
            transactional: false,
        });
        let int_to_int = b.add_anonymous_type(TypeKind::Function {
            params: vec![int],
            rest: None,
            ret: int,
            isolated: false,
            transactional: false,
        });
        let binary = b.add_anonymous_type(TypeKind::Function {
            params: vec![int, int],
            rest: None,
            ret: int,
            isolated: false,
            transactional: false,
        });
        let greater_than_two = function(&mut b, "gt2", 1, int_to_bool, |f| {
            let two = register(f);
            let out = register(f);
            f.emit(I::LoadInt { dst: two, value: 2 });
            f.emit(I::Compare {
                dst: out,
                cmp: Cmp::Gt,
                a: Reg(0),
                b: two,
            });
            out
        });
        let double = function(&mut b, "double", 1, int_to_int, |f| {
            let out = register(f);
            f.emit(I::Binary {
                dst: out,
                op: BinaryOp::Add,
                a: Reg(0),
                b: Reg(0),
            });
            out
        });
        let add = function(&mut b, "add", 2, binary, |f| {
            let out = register(f);
            f.emit(I::Binary {
                dst: out,
                op: BinaryOp::Add,
                a: Reg(0),
                b: Reg(1),
            });
            out
        });
        let negate = function(&mut b, "negate", 1, int_to_int, |f| {
            let out = register(f);
            f.emit(I::Unary {
                dst: out,
                op: UnaryOp::Neg,
                a: Reg(0),
            });
            out
        });
        let divide_by_zero = function(&mut b, "divideByZero", 1, int_to_int, |f| {
            let zero = register(f);
            let out = register(f);
            f.emit(I::LoadInt {
                dst: zero,
                value: 0,
            });
            f.emit(I::Binary {
                dst: out,
                op: BinaryOp::Div,
                a: Reg(0),
                b: zero,
            });
            out
        });
        Harness {
            interp: Interpreter::new(b.finish(), Vec::new()),
            callbacks: Callbacks {
                greater_than_two,
                double,
                add,
                negate,
                divide_by_zero,
            },
            int_list,
            string_list,
            int_map,
        }
    }

    /// Calls the native of `lang.<module>:<function>` `name`; a missing native fails the test.
    pub fn call(&mut self, name: &str, args: &[Value]) -> Result<Value, Panic> {
        let id = name
            .strip_prefix("lang.")
            .and_then(|n| n.split_once(':'))
            .and_then(|(module, function)| LangNative::lookup(module, function));
        let Some(native) = id.and_then(super::native) else {
            panic!("native {name} is not declared or has no native");
        };
        let mut ctx = NativeContext {
            interp: &mut self.interp,
        };
        match native {
            crate::native::Native::Plain(f) => f(&mut ctx, args),
            crate::native::Native::Step(f) => {
                // Each callback runs as a root strand here (the tests call natives outside one).
                let mut step = f(&mut ctx, args)?;
                loop {
                    step = match step {
                        crate::native::Step::Done(value) => return Ok(value),
                        crate::native::Step::Await(_) | crate::native::Step::Suspend => {
                            panic!("native {name} parked outside a strand")
                        }
                        crate::native::Step::Call {
                            function,
                            args,
                            then,
                        } => {
                            let result = ctx.interp.run_root_value(&function, &args)?;
                            then.resume(&mut ctx, result)?
                        }
                    };
                }
            }
        }
    }

    /// Calls `name` and renders the result with `toString`.
    pub fn show(&mut self, name: &str, args: &[Value]) -> String {
        match self.call(name, args) {
            Ok(value) => self.text(&value),
            Err(panic) => format!("panic {}", self.text(&panic.error)),
        }
    }

    pub fn text(&self, value: &Value) -> String {
        crate::format::to_string(value, &self.interp.types)
    }

    /// The detail message of a panic raised by `name`.
    pub fn panic_text(&mut self, name: &str, args: &[Value]) -> String {
        match self.call(name, args) {
            Ok(value) => format!("no panic: {}", self.text(&value)),
            Err(panic) => self.text(&panic.error),
        }
    }

    pub fn ints(&self, values: &[i64]) -> Value {
        let items = values.iter().map(|v| Value::Int(*v)).collect();
        Value::List(ListObj::new(self.int_list, items))
    }

    pub fn strings(&self, values: &[&str]) -> Value {
        let items = values.iter().map(|v| Value::string(*v)).collect();
        Value::List(ListObj::new(self.string_list, items))
    }

    pub fn int_map(&self, entries: &[(&str, i64)]) -> Value {
        let mut map = ValueMap::default();
        for (k, v) in entries {
            map.insert(MapKey::new(k), Value::Int(*v));
        }
        Value::Map(MapObj::new(self.int_map, map))
    }

    pub fn closure(&self, func: FuncId) -> Value {
        Value::Function(Closure::new(func, Box::new([])))
    }
}

pub fn s(text: &str) -> Value {
    Value::string(text)
}

#[test]
fn every_declaration_has_exactly_one_native() {
    for &id in LangNative::ALL {
        assert_eq!(
            super::implementations(id),
            1,
            "{id} has no native or several"
        );
    }
}
