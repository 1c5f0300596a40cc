//! The embedding API used by the CLI: load a program, supply configurables, run `main`, report
//! the outcome.

use crate::interp::Interpreter;
use crate::native::NativeRegistry;
use crate::report::ModuleNames;
use crate::types::TypeTable;
use crate::value::Value;
use intc_ir::{NativeRef, Program, TypeId};
use std::fmt;
use std::io::{BufWriter, Write};

/// Why a program could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The IR failed verification (a compiler bug).
    Invalid(Vec<String>),
    /// Natives the program uses that the registry does not provide.
    MissingNatives(Vec<String>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Invalid(errors) => write!(f, "invalid program: {}", errors.join("; ")),
            LoadError::MissingNatives(names) => {
                write!(f, "unknown native functions: {}", names.join(", "))
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// How a run ended.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// `main` (and every module init) completed normally.
    Ok,
    /// `main` or a module init returned an error value.
    MainReturnedError(Value),
    /// An uncaught panic; the error value carries its stack trace.
    Panicked(Value),
    /// A required configurable variable had no value (`names` lists them).
    MissingConfigurables(Vec<String>),
}

impl Outcome {
    /// The process exit code: 0 for `Ok`, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Outcome::Ok => 0,
            _ => 1,
        }
    }
}

/// A configurable variable the embedder may supply.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigurableInfo {
    pub name: String,
    pub module: Option<String>,
    pub ty: TypeId,
    pub required: bool,
}

/// A loaded program ready to run.
pub struct Runtime {
    interp: Interpreter,
    /// Set from another thread (SIGINT/SIGTERM) to stop a program whose listeners serve.
    stop: crate::StopSignal,
}

impl Runtime {
    /// Verifies the program and resolves its natives: lang library natives by id, the
    /// others against `natives`.
    pub fn new(program: Program, natives: &NativeRegistry) -> Result<Runtime, LoadError> {
        intc_ir::verify(&program).map_err(LoadError::Invalid)?;
        let mut resolved = Vec::with_capacity(program.natives.len());
        let mut missing = Vec::new();
        for native in &program.natives {
            let found = match native {
                NativeRef::Lang(id) => crate::langlib::native(*id),
                NativeRef::Named(name) => natives.get(name),
            };
            match found {
                Some(f) => resolved.push(f),
                None => missing.push(native.to_string()),
            }
        }
        if !missing.is_empty() {
            return Err(LoadError::MissingNatives(missing));
        }
        let mut interp = Interpreter::new(program, resolved);
        interp.replicators = natives.replicators().clone();
        Ok(Runtime {
            interp,
            stop: crate::StopSignal::default(),
        })
    }

    /// Redirects standard output and error (e.g. to capture them in tests).
    pub fn set_output(&mut self, stdout: Box<dyn Write>, stderr: Box<dyn Write>) {
        let _ = self.interp.stdout.flush();
        let _ = self.interp.stderr.flush();
        self.interp.stdout = BufWriter::with_capacity(64 * 1024, stdout);
        self.interp.stderr = BufWriter::new(stderr);
    }

    /// Sends standard output and error to writers that buffer (or not) themselves: nothing
    /// is held back in the runtime, so the embedder can flush all output at any moment (for
    /// example when the process is being stopped).
    pub fn set_direct_output(&mut self, stdout: Box<dyn Write>, stderr: Box<dyn Write>) {
        let _ = self.interp.stdout.flush();
        let _ = self.interp.stderr.flush();
        self.interp.stdout = BufWriter::with_capacity(0, stdout);
        self.interp.stderr = BufWriter::with_capacity(0, stderr);
    }

    /// A runtime around an interpreter built elsewhere in the crate (a replica isolate).
    pub(crate) fn from_interpreter(interp: Interpreter) -> Runtime {
        Runtime {
            interp,
            stop: crate::StopSignal::default(),
        }
    }

    pub(crate) fn interpreter(&mut self) -> &mut Interpreter {
        &mut self.interp
    }

    /// Where replica isolates (`crate::replica`) write their standard output and error:
    /// each replica calls `output` once for its own pair of writers.
    pub fn set_replica_output(&mut self, output: crate::replica::OutputFactory) {
        self.interp.replica_output = Some(output);
    }

    /// The runtime type table (to build argument and configurable values).
    pub fn types(&self) -> &TypeTable {
        &self.interp.types
    }

    pub fn program(&self) -> &Program {
        &self.interp.program
    }

    /// The program's configurable variables.
    pub fn configurables(&self) -> Vec<ConfigurableInfo> {
        self.interp
            .program
            .globals
            .iter()
            .filter_map(|g| {
                g.configurable.as_ref().map(|c| ConfigurableInfo {
                    name: g.name.clone(),
                    module: g.module.clone(),
                    ty: g.ty,
                    required: c.required,
                })
            })
            .collect()
    }

    /// Supplies the value of configurable `name` (in `module`, `None` = root). Fails if there
    /// is no such configurable or the value does not belong to its type.
    pub fn set_configurable(
        &mut self,
        module: Option<&str>,
        name: &str,
        value: Value,
    ) -> Result<(), String> {
        let program = self.interp.program.clone();
        let found = program.globals.iter().position(|g| {
            g.configurable.is_some() && g.name == name && g.module.as_deref() == module
        });
        let Some(index) = found else {
            return Err(format!("no configurable variable named '{name}'"));
        };
        let ty = program.globals[index].ty;
        if !self.interp.types.value_belongs(&value, ty) {
            return Err(format!(
                "value for configurable variable '{name}' is not of type '{}'",
                self.interp.types.type_name(ty)
            ));
        }
        self.interp.globals[index] = value;
        self.interp.configured[index] = true;
        Ok(())
    }

    /// Evaluates the record field defaults lowering marked effect-free once, for conversions
    /// that build records (`cloneWithType`); the conversion copies the value per use. Defaults
    /// with effects are left out rather than run at an unexpected time.
    pub(crate) fn compute_record_defaults(&mut self, program: &Program) {
        for default in &program.record_defaults {
            if !default.effect_free {
                continue;
            }
            if let Ok(value) = self.interp.run_root(default.func, &[]) {
                self.interp
                    .types
                    .set_record_default(default.record, default.field.clone(), value);
            }
        }
    }

    /// Runs the module inits in order, then `main` with `args` (one value per parameter; a
    /// rest parameter as one list). Output is flushed before returning.
    pub fn run_main(&mut self, args: Vec<Value>) -> Outcome {
        let program = self.interp.program.clone();
        let missing: Vec<String> = program
            .globals
            .iter()
            .enumerate()
            .filter(|(i, g)| {
                g.configurable.as_ref().is_some_and(|c| c.required) && !self.interp.configured[*i]
            })
            .map(|(_, g)| match &g.module {
                Some(m) => format!("{m}:{}", g.name),
                None => g.name.clone(),
            })
            .collect();
        if !missing.is_empty() {
            return Outcome::MissingConfigurables(missing);
        }
        let mut outcome = Outcome::Ok;
        for init in &program.module_inits {
            match self.interp.run_root(*init, &[]) {
                Ok(v) if v.is_error() => {
                    outcome = Outcome::MainReturnedError(v);
                    break;
                }
                Ok(_) => {}
                Err(panic) => {
                    outcome = Outcome::Panicked(panic.error);
                    break;
                }
            }
        }
        if matches!(outcome, Outcome::Ok) {
            self.compute_record_defaults(&program);
            if let Some(main) = &program.main {
                outcome = match self.interp.run_root(main.func, &args) {
                    Ok(v) if v.is_error() => Outcome::MainReturnedError(v),
                    Ok(_) => Outcome::Ok,
                    Err(panic) => Outcome::Panicked(panic.error),
                };
            }
        }
        // Program execution: the registered listeners start after `main`.
        if matches!(outcome, Outcome::Ok) {
            // Registered listeners keep it alive until stopped; without them, native event
            // sources still do until they are deregistered. A stop requested while the
            // listeners start (a signal right after one announced itself) is honoured once
            // they have started, rather than ending the program as if none served.
            if self.interp.has_listeners() {
                self.stop.set_serving(true);
            }
            let served = self.interp.start_listeners().and_then(|()| {
                if self.interp.has_listeners() {
                    self.interp.serve_until_stopped(&self.stop)
                } else {
                    self.interp.serve_events();
                    Ok(())
                }
            });
            self.stop.set_serving(false);
            outcome = match served {
                Ok(()) => Outcome::Ok,
                Err(Ok(error)) => Outcome::MainReturnedError(error),
                Err(Err(panic)) => Outcome::Panicked(panic.error),
            };
        }
        self.flush();
        outcome
    }

    /// The handle through which another thread asks a serving program to stop gracefully
    /// (`gracefulStop` on every listener, then the stop handlers; `run_main` then returns).
    pub fn stop_signal(&self) -> crate::StopSignal {
        self.stop.clone()
    }

    /// A graceful stop of the program (on SIGINT/SIGTERM): `gracefulStop()` on every
    /// registered listener, then the `runtime:onGracefulStop` handlers, latest first.
    pub fn stop_gracefully(&mut self) -> Outcome {
        let outcome = match self.interp.stop_listeners_gracefully() {
            Ok(()) => Outcome::Ok,
            Err(Ok(error)) => Outcome::MainReturnedError(error),
            Err(Err(panic)) => Outcome::Panicked(panic.error),
        };
        self.flush();
        outcome
    }

    /// Calls function `func` directly (tests and tools); a panic is returned as `Err`.
    pub fn call(&mut self, func: intc_ir::FuncId, args: &[Value]) -> Result<Value, Value> {
        let result = self.interp.run_root(func, args).map_err(|p| p.error);
        self.flush();
        result
    }

    /// Calls a function value (arguments adapted to its parameters) as a new strand, running
    /// the other strands meanwhile (tests and tools); a panic is returned as `Err`.
    pub fn call_value(&mut self, function: &Value, args: &[Value]) -> Result<Value, Value> {
        let result = self
            .interp
            .run_root_value(function, args)
            .map_err(|p| p.error);
        self.flush();
        result
    }

    /// Flushes buffered standard output and error.
    pub fn flush(&mut self) {
        let _ = self.interp.stdout.flush();
        let _ = self.interp.stderr.flush();
    }

    /// The text the CLI prints to stderr for an outcome (`None` for `Ok`), e.g.
    /// `error: {ballerina}DivisionByZero {"message":" / by zero"}` followed by one
    /// `\tat demo:f(file:line)` then `\t   demo:main(file:line)` for a panic's frames
    /// (see [`crate::report`]).
    pub fn render_outcome(&self, outcome: &Outcome) -> Option<String> {
        match outcome {
            Outcome::Ok => None,
            Outcome::MainReturnedError(error) => Some(self.render_error(error, false)),
            Outcome::Panicked(error) => Some(self.render_error(error, true)),
            Outcome::MissingConfigurables(names) => Some(format!(
                "error: value not provided for required configurable variable{} {}\n",
                if names.len() > 1 { "s" } else { "" },
                names
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// Sets how panic traces name modules (the default names a single file's functions
    /// after the file).
    pub fn set_module_names(&mut self, names: ModuleNames) {
        // Held by the interpreter: natives name modules too (`NativeContext::module_display_name`).
        self.interp.module_names = names;
    }

    /// `error: <message> <detail>` plus, if `with_trace`, the stack trace and causes.
    pub fn render_error(&self, error: &Value, with_trace: bool) -> String {
        crate::report::render_error(
            &self.interp.program,
            &self.interp.types,
            &self.interp.module_names,
            error,
            with_trace,
        )
    }
}
