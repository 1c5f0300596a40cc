//! `intc`: the command-line front of the toolchain (run, check, new, dump).
//!
//! Exit codes: 0 success; 1 the program failed at run time (panic, `main` returned an error,
//! bad program arguments, missing configurable value); 2 compile errors or command-line usage
//! errors; 3 an internal compiler error; 101 a crash of intc itself.

mod cli;
mod commands;
mod configuration;
mod main_arguments;
mod output;
mod runtime_bridge;
mod sources;
mod typed_values;

use clap::Parser;
use std::process::ExitCode;

/// The compiler allocates many small AST nodes, strings and table entries, and the
/// interpreter many small values; mimalloc serves them faster than the system allocator
/// (`docs/performance.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Stack for the compiler and interpreter thread: deep but valid inputs must never overflow.
const WORKER_STACK_BYTES: usize = 1 << 30;

fn main() -> ExitCode {
    let arguments = cli::Cli::parse();
    output::install();
    let worker = std::thread::Builder::new()
        .name("intc-main".to_owned())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || commands::dispatch(arguments));
    let outcome = worker.map(|handle| handle.join());
    output::flush();
    match outcome {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(_)) => {
            eprintln!("error: intc crashed (this is a bug in intc)");
            ExitCode::from(101)
        }
        Err(error) => {
            eprintln!("error: cannot start the compiler thread: {error}");
            ExitCode::from(101)
        }
    }
}
