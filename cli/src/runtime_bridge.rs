//! The one place that talks to the interpreter's embedding API.

use crate::configuration::ConfiguredValue;
use crate::main_arguments::MainArguments;
use crate::output::{self, ProgramStderr, ProgramStdout};
use crate::sources::EXIT_INTERNAL_ERROR;
use intc_driver::{CompileOutput, ProgramKind};
use intc_ir::Program;
use intc_runtime::report::ModuleNames;
use intc_runtime::value::ListObj;
use intc_runtime::{NativeRegistry, Outcome, Runtime, Value};
use std::io::Write;

/// Exit code for a program that failed at run time.
pub const EXIT_RUNTIME_FAILURE: u8 = 1;

/// The natives named by the standard library (the runtime binds the lang library's by id).
pub fn natives() -> NativeRegistry {
    let mut registry = NativeRegistry::new();
    intc_stdlib::register_natives(&mut registry);
    registry
}

/// Runs module initialisers and `main`; output goes to this process's stdout/stderr. Returns
/// the exit code.
pub fn execute(
    program: Program,
    module_names: ModuleNames,
    configurables: Vec<ConfiguredValue>,
    arguments: MainArguments,
) -> u8 {
    let mut values = arguments.positional;
    if let (Some(rest), Some(list_type)) = (
        arguments.rest,
        program.main.as_ref().and_then(|main| main.rest_list),
    ) {
        // The rest parameter arrives as one list whose inherent type is `T[]`.
        values.push(Value::List(ListObj::new(list_type, rest)));
    }
    let mut runtime = match Runtime::new(program, &natives()) {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("internal compiler error: {error}");
            return EXIT_INTERNAL_ERROR;
        }
    };
    runtime.set_direct_output(Box::new(ProgramStdout), Box::new(ProgramStderr));
    runtime.set_module_names(module_names);
    for configured in configurables {
        if let Err(problem) = runtime.set_configurable(
            configured.module.as_deref(),
            &configured.name,
            configured.value,
        ) {
            eprintln!("error: {problem}");
            return EXIT_RUNTIME_FAILURE;
        }
    }
    output::arm_graceful_stop(runtime.stop_signal());
    let outcome = runtime.run_main(values);
    // Spans still queued reach the collector before the process ends.
    intc_stdlib::observe::tracing::shutdown();
    runtime.flush();
    output::flush();
    match runtime.render_outcome(&outcome) {
        Some(report) => {
            let _ = ProgramStderr.write_all(report.as_bytes());
            match outcome {
                Outcome::Ok => 0,
                _ => EXIT_RUNTIME_FAILURE,
            }
        }
        None => 0,
    }
}

/// How panic traces name the program's modules: jBallerina's JVM package names,
/// `org.package.major` for a project's root module and `org.package.module.major` for its
/// other modules (`ballerina.io.0` for a standard module); a single file's functions are
/// named after the file (the runtime's default).
pub fn module_names(output: &CompileOutput) -> ModuleNames {
    let mut names = ModuleNames::default();
    let major = match &output.layout.kind {
        ProgramKind::Project(manifest) => {
            let major = manifest.version.split('.').next().unwrap_or("0").to_owned();
            names.root = Some(format!("{}.{}.{major}", manifest.org, manifest.name));
            major
        }
        ProgramKind::SingleFile => "0".to_owned(),
    };
    for module in output.modules.iter().filter(|module| !module.is_root) {
        let name = &module.name;
        // The IR names a module by its last name part (`Function::module`).
        let key = name
            .name
            .rsplit('.')
            .next()
            .unwrap_or(&name.name)
            .to_owned();
        let qualified = if name.org == "std" {
            format!("ballerina.{}.0", name.name)
        } else {
            format!("{}.{}.{major}", name.org, name.name)
        };
        names.modules.insert(key, qualified);
    }
    names
}
