//! One module per subcommand; [`dispatch`] runs the chosen one and returns the exit code.

mod check;
mod dump;
mod fmt;
mod lsp;
mod new;
mod run;

use crate::cli::{Cli, Command};

pub fn dispatch(arguments: Cli) -> u8 {
    match arguments.command {
        Command::Run {
            path,
            configurables,
            config,
            arguments,
        } => run::run(&path, &configurables, config.as_deref(), &arguments),
        Command::Check {
            path,
            message_format,
        } => check::check(&path, message_format.into()),
        Command::New { name } => new::new_project(&name),
        Command::Dump { what, path } => dump::dump(what, &path),
        Command::Fmt { check, paths } => fmt::fmt(&paths, check),
        Command::Lsp => lsp::lsp(),
    }
}
