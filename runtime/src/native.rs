//! The native function interface implemented by the lang library and stdlib crates.
//!
//! A native receives its receiver/first parameter first, then the provided arguments in
//! declaration order with rest arguments flattened at the end; trailing optional arguments may
//! be absent (the native applies the default). Typedesc parameters arrive as
//! `Value::Typedesc`.

use crate::error::{builtin_error, panic_error, Panic};
use crate::interp::Interpreter;
use crate::types::TypeTable;
use crate::value::Value;
use intc_ir::Program;
use rustc_hash::FxHashMap;
use std::future::Future;
use std::io::Write;
use std::pin::Pin;

/// A native that completes at once: its result, or a panic.
pub type NativeFn = fn(&mut NativeContext<'_>, &[Value]) -> Result<Value, Panic>;

/// A native that may park the calling strand (see [`Step`]).
pub type StepFn = fn(&mut NativeContext<'_>, &[Value]) -> Result<Step, Panic>;

/// Turns the output of a native's pending operation into the call's result; runs on the
/// strand's thread once the operation is done, with the interpreter at hand (to build values
/// and errors), so the operation itself needs no access to values.
pub type Completion = Box<dyn FnOnce(&mut NativeContext<'_>) -> Result<Step, Panic>>;

/// A pending operation of a native (I/O, a timer): polled by the strand scheduler on tokio.
pub type Pending = Pin<Box<dyn Future<Output = Completion>>>;

/// What a [`StepFn`] asks of the scheduler.
pub enum Step {
    /// The call's result.
    Done(Value),
    /// Park the calling strand until the operation completes; other strands run meanwhile.
    /// Its completion answers a step in turn, so a native may call Ballerina code after its
    /// I/O, and await again after a callback.
    Await(Pending),
    /// Call the function value `function` with `args` (passed flat, as Ballerina passes them: adapted to
    /// the callee's parameters, extra ones into its rest list)
    /// on the strand's own frame stack, then continue with `then` and its result. The
    /// callback may park the strand; a panic in it propagates through the native.
    Call {
        function: Value,
        args: Vec<Value>,
        then: Box<dyn Continue>,
    },
    /// Park the calling strand with nothing pending: another strand resumes it by delivering
    /// a completion to it (a query's producer and its consumer, `interp/streams.rs`).
    Suspend,
}

/// The rest of a native after a callback (see [`Step::Call`]).
pub trait Continue {
    fn resume(self: Box<Self>, ctx: &mut NativeContext<'_>, result: Value) -> Result<Step, Panic>;
}

/// One step of a native that loops over callbacks (see [`repeat_calls`]).
pub enum Next {
    /// Call the function again with these arguments.
    Call(Vec<Value>),
    /// The native's result.
    Done(Value),
}

/// A native that calls `function` repeatedly: `step` is called first with `None`, then with
/// each call's result, and says what to do next. `forEach`, `map`, `filter`, `reduce` and
/// `sort`'s key function are written this way, so their callbacks run on the strand's frames.
pub fn repeat_calls<F>(
    ctx: &mut NativeContext<'_>,
    function: Value,
    mut step: F,
) -> Result<Step, Panic>
where
    F: FnMut(&mut NativeContext<'_>, Option<Value>) -> Result<Next, Panic> + 'static,
{
    let next = step(ctx, None)?;
    Ok(Repeat { function, step }.into_step(next))
}

struct Repeat<F> {
    function: Value,
    step: F,
}

impl<F> Repeat<F>
where
    F: FnMut(&mut NativeContext<'_>, Option<Value>) -> Result<Next, Panic> + 'static,
{
    fn into_step(self, next: Next) -> Step {
        match next {
            Next::Done(value) => Step::Done(value),
            Next::Call(args) => Step::Call {
                function: self.function.clone(),
                args,
                then: Box::new(self),
            },
        }
    }
}

impl<F> Continue for Repeat<F>
where
    F: FnMut(&mut NativeContext<'_>, Option<Value>) -> Result<Next, Panic> + 'static,
{
    fn resume(
        mut self: Box<Self>,
        ctx: &mut NativeContext<'_>,
        result: Value,
    ) -> Result<Step, Panic> {
        let next = (self.step)(ctx, Some(result))?;
        Ok(self.into_step(next))
    }
}

/// A native function, bound to a declaration by id (lang library) or name (standard library).
#[derive(Clone, Copy)]
pub enum Native {
    Plain(NativeFn),
    Step(StepFn),
}

/// Native functions by name (`"lang.array:push"`, `"std.io:println"`), filled by the embedder.
#[derive(Clone, Default)]
pub struct NativeRegistry {
    functions: FxHashMap<String, Native>,
    /// How the handles natives make are copied into replica isolates.
    replicators: crate::value::transfer::Replicators,
}

impl NativeRegistry {
    pub fn new() -> NativeRegistry {
        NativeRegistry::default()
    }

    /// Registers (or replaces) a native.
    pub fn register(&mut self, name: impl Into<String>, function: NativeFn) {
        self.functions.insert(name.into(), Native::Plain(function));
    }

    /// Registers (or replaces) a native that may park its strand.
    pub fn register_step(&mut self, name: impl Into<String>, function: StepFn) {
        self.functions.insert(name.into(), Native::Step(function));
    }

    pub fn get(&self, name: &str) -> Option<Native> {
        self.functions.get(name).copied()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.functions.contains_key(name)
    }

    /// Adds every native of `other`.
    pub fn extend(&mut self, other: &NativeRegistry) {
        for (name, function) in &other.functions {
            self.functions.insert(name.clone(), *function);
        }
        self.replicators.extend(&other.replicators);
    }

    /// Handles whose native value is a `T` are copied into replica isolates with
    /// `replicator` (see `value::transfer`); handles of other types keep a service that
    /// reaches them on one thread.
    pub fn register_replicator<T: std::any::Any>(
        &mut self,
        replicator: crate::value::transfer::Replicator,
    ) {
        self.replicators.register::<T>(replicator);
    }

    pub(crate) fn replicators(&self) -> &crate::value::transfer::Replicators {
        &self.replicators
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.functions.keys().map(String::as_str)
    }
}

impl std::fmt::Debug for NativeRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeRegistry")
            .field("len", &self.functions.len())
            .finish()
    }
}

/// What a native can do with the running interpreter.
pub struct NativeContext<'a> {
    pub(crate) interp: &'a mut Interpreter,
}

impl NativeContext<'_> {
    /// The runtime type table (for `is` tests, inherent types and well-known type ids).
    pub fn types(&self) -> &TypeTable {
        &self.interp.types
    }

    /// Mutable type table (to add types a native needs to construct values).
    pub fn types_mut(&mut self) -> &mut TypeTable {
        &mut self.interp.types
    }

    /// The program being run.
    pub fn program(&self) -> &Program {
        &self.interp.program
    }

    /// The program, shared: for a native that keeps parts of it (a service's resource
    /// method) while it calls back into the context, for the price of a reference count.
    pub fn shared_program(&self) -> std::rc::Rc<Program> {
        self.interp.program.clone()
    }

    /// The current value of a module variable (`None` for an id the program does not have).
    pub fn global(&self, global: intc_ir::GlobalId) -> Option<&Value> {
        self.interp.globals.get(global.index())
    }

    /// The annotations of a construct (an immutable `map<any|error>` from tag key, e.g.
    /// `std/http:ServiceConfig` (see the IR README), to the effective value), or `None` when it has none.
    /// Available once the declaring module's init has started.
    pub fn annotations(&self, target: &intc_ir::AnnotationTarget) -> Option<Value> {
        self.interp.annotations_of(target)
    }

    /// `value is ty`.
    pub fn value_belongs(&self, value: &Value, ty: intc_ir::TypeId) -> bool {
        self.interp.types.value_belongs(value, ty)
    }

    /// The current Ballerina call stack, innermost first (the native itself has no frame).
    pub fn stack_trace(&self) -> Box<[crate::value::TraceFrame]> {
        self.interp.capture_trace()
    }

    /// The function value of `object`'s method `name` (called with the object as its first
    /// argument), or `None` when `object` is not an object or its class has no such method.
    /// Natives call it through [`Step::Call`].
    pub fn method(&self, object: &Value, name: &str) -> Option<Value> {
        let Value::Object(instance) = object else {
            return None;
        };
        let func = *self.interp.methods.get(instance.class.index())?.get(name)?;
        Some(Value::Function(crate::value::Closure::new(
            func,
            Box::new([]),
        )))
    }

    /// Calls `object`'s method `name` with `args` at once, to completion: only for the job
    /// builders and replies of native event sources (`interp/events.rs`), which run between
    /// strands, and only for code that does not wait (it answers an error if the call had to
    /// wait). A native running on a strand answers [`Step::Call`] instead (here an error).
    pub fn call_method_now(
        &mut self,
        object: &Value,
        name: &str,
        args: &[Value],
    ) -> Result<Value, Panic> {
        let Some(method) = self.method(object, name) else {
            return Err(self.interp.internal(&format!("no method '{name}'")));
        };
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(object.clone());
        all.extend_from_slice(args);
        self.interp.call_between_strands(&method, &all)
    }

    /// Buffered standard output (flushed at exit and before a panic report).
    pub fn stdout(&mut self) -> &mut dyn Write {
        &mut self.interp.stdout
    }

    /// Buffered standard error.
    pub fn stderr(&mut self) -> &mut dyn Write {
        &mut self.interp.stderr
    }

    /// A built-in error value `reason` with detail `{"message": message}`.
    pub fn error(&self, reason: &str, message: &str) -> Value {
        builtin_error(&self.interp.types, reason, message)
    }

    /// A panic carrying a built-in error value.
    pub fn panic(&self, reason: &str, message: &str) -> Panic {
        panic_error(&self.interp.types, reason, message)
    }

    /// The fields of record type `record` that declare a default value, each with the
    /// function (of no arguments) computing it (from `Program::record_defaults`); call them
    /// through [`Step::Call`] (e.g. [`crate::steps::call_all`]) to get the values.
    pub fn record_field_default_functions(&self, record: intc_ir::TypeId) -> Vec<(String, Value)> {
        let (plain, _) = self.interp.types.strip_readonly(record);
        self.interp
            .program
            .record_defaults
            .iter()
            .filter(|d| d.record == plain || d.record == record)
            .map(|d| {
                let function = crate::value::Closure::new(d.func, Box::new([]));
                (d.field.clone(), Value::Function(function))
            })
            .collect()
    }

    /// A module as Ballerina names it to programs (`org/package`, `org/package.util`), from
    /// the embedder's module names (`Runtime::set_module_names`) and the IR's module name
    /// (`Function::module`, `None` for the root); `""` for a single file's root module or a
    /// module the embedder did not name.
    pub fn module_display_name(&self, module: Option<&str>) -> String {
        let names = &self.interp.module_names;
        let qualified = match module {
            None => names.root.as_deref(),
            Some(short) => names.modules.get(short).map(String::as_str),
        };
        // `org.package[.module...].major` (jBallerina's JVM package of the module).
        let Some((org, rest)) = qualified.and_then(|q| q.split_once('.')) else {
            return String::new();
        };
        let name = rest.rsplit_once('.').map_or(rest, |(name, _major)| name);
        format!("{org}/{name}")
    }

    /// The display name of the function at `func` (`f`, `mod:f`, `Class.m`).
    pub fn function_name(&self, func: intc_ir::FuncId) -> String {
        self.interp.program.function_display_name(func)
    }
}

/// Reflection over service objects for listener modules' natives: the resource and remote
/// methods lowering recorded for the object's class (`Program::services`). A native calls
/// one with `Step::Call` on its `func`, passing the object, the path arguments and the
/// other arguments.
impl NativeContext<'_> {
    pub fn service_methods(&self, service: &Value) -> Option<&intc_ir::ServiceClass> {
        let Value::Object(object) = service else {
            return None;
        };
        let class = object.class;
        self.interp
            .program
            .services
            .iter()
            .find(|s| s.class == class)
    }
}

impl NativeContext<'_> {
    /// How the CLI reports a panic (`error: <message> <detail>` with the trace and causes),
    /// for natives that survive a panicking job and report it themselves (a listener whose
    /// resource method panicked).
    pub fn render_panic(&self, error: &Value) -> String {
        crate::report::render_error(
            &self.interp.program,
            &self.interp.types,
            &self.interp.module_names,
            error,
            true,
        )
    }
}
