//! The command-line grammar (clap derive).

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "intc",
    version,
    about = "Compile and run Ballerina-dialect .int programs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile and run a program: a `.int` file or a project directory with `Int.toml`.
    Run {
        /// The `.int` file or project directory.
        path: PathBuf,
        /// Set a configurable variable: `-Ckey=value` (overrides Config.toml).
        #[arg(short = 'C', value_name = "KEY=VALUE")]
        configurables: Vec<String>,
        /// Read configurable values from this file instead of the program's Config.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Arguments for `main`, after `--`.
        #[arg(last = true)]
        arguments: Vec<String>,
    },
    /// Check a program for errors without running it.
    Check {
        /// The `.int` file or project directory.
        path: PathBuf,
        /// How diagnostics are printed.
        #[arg(long, value_enum, default_value_t = MessageFormatArg::Human)]
        message_format: MessageFormatArg,
    },
    /// Create a new project directory with `Int.toml`, `main.int` and `tests/`.
    New {
        /// The project (and directory) name.
        name: String,
    },
    /// Format `.int` files in place (a directory: every `.int` file below it).
    Fmt {
        /// Change nothing: list the files that would change and exit with 1 if any would.
        #[arg(long)]
        check: bool,
        /// Files and directories to format (default: the current directory).
        paths: Vec<PathBuf>,
    },
    /// Serve the Language Server Protocol on stdin/stdout (for editors).
    Lsp,
    /// Print an internal representation of a file.
    Dump {
        #[arg(value_enum)]
        what: DumpKind,
        /// The `.int` file (for `ir`, also a project directory).
        path: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MessageFormatArg {
    Human,
    Short,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DumpKind {
    Tokens,
    Ast,
    Ir,
}

impl From<MessageFormatArg> for intc_diagnostics::render::MessageFormat {
    fn from(format: MessageFormatArg) -> Self {
        match format {
            MessageFormatArg::Human => intc_diagnostics::render::MessageFormat::Human,
            MessageFormatArg::Short => intc_diagnostics::render::MessageFormat::Short,
            MessageFormatArg::Json => intc_diagnostics::render::MessageFormat::Json,
        }
    }
}
