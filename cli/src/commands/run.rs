//! `intc run`: compile, resolve configurables and `main`'s arguments, then interpret.

use crate::configuration::{resolve_configurables, ConfigSources, ModuleKeys};
use crate::main_arguments::{parse_main_arguments, MainArguments};
use crate::runtime_bridge::{execute, module_names, EXIT_RUNTIME_FAILURE};
use crate::sources::{
    compile_from_disk, print_diagnostics, report_internal_errors, EXIT_COMPILE_ERROR,
    EXIT_INTERNAL_ERROR,
};
use intc_diagnostics::render::MessageFormat;
use std::path::Path;

pub fn run(
    path: &Path,
    configurable_options: &[String],
    config_file: Option<&Path>,
    words: &[String],
) -> u8 {
    let output = match compile_from_disk(path, true) {
        Ok(output) => output,
        Err(code) => return code,
    };
    if output.has_errors() {
        // Warnings are left to `intc check` so a program's stderr is only its own.
        print_diagnostics(&output, MessageFormat::Human, false);
        return EXIT_COMPILE_ERROR;
    }
    if report_internal_errors(&output) {
        return EXIT_INTERNAL_ERROR;
    }
    let declared = output.main_parameters().unwrap_or_default();
    let module_names = module_names(&output);
    let keys = ModuleKeys::of(&output);
    let Some(program) = output.program else {
        eprintln!("internal compiler error: no program was produced");
        return EXIT_INTERNAL_ERROR;
    };
    let configurables =
        ConfigSources::load(config_file, &output.layout.root_dir, configurable_options)
            .and_then(|sources| resolve_configurables(&program, &keys, &sources));
    let configurables = match configurables {
        Ok(values) => values,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_RUNTIME_FAILURE;
        }
    };
    // Without `main` (as jBallerina) running the program means initializing its modules.
    let arguments = match &program.main {
        Some(entry) => parse_main_arguments(&program, entry, &declared, words),
        None if words.is_empty() => Ok(MainArguments {
            positional: Vec::new(),
            rest: None,
        }),
        None => Err("the program has no `main` function to take arguments".to_string()),
    };
    let arguments = match arguments {
        Ok(arguments) => arguments,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_RUNTIME_FAILURE;
        }
    };
    execute(program, module_names, configurables, arguments)
}
