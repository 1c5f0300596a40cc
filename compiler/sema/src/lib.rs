//! intc-sema: name resolution and type checking over the modules of a program.
//!
//! [`check`] resolves every name, computes every expression's static type and records what
//! lowering needs in a [`CheckedProgram`] (see [`model`]).
//!
//! Phases (`checker::Checker::run`): collect every module-level definition into its module's
//! scope (`collect`), resolve imports and order modules, resolve enum and type definitions on
//! demand so recursive types tie through reserved ids (`resolve`), evaluate constants
//! (`consts`), compute signatures of functions, module variables and classes (`signatures`),
//! then check record/class field defaults, module variable initialisers and every body
//! (`bodies`, `stmt`, `expr`, `calls`, ...). Types live in an arena with structural subtyping
//! (`types`), narrowing algebra (`narrowing`) and display (`display`); the lang library's
//! signatures are a table instantiated per receiver type (`langlib`).

mod access;
mod assign;
mod bodies;
mod calls;
mod checker;
mod closures;
mod collect;
mod consts;
mod display;
mod expr;
mod fields_init;
mod inhabited;
mod langlib;
mod matching;
pub mod model;
mod module_vars_init;
mod narrowing;
mod ops;
mod ordered;
mod reach;
mod resolve;
mod scope;
mod signatures;
mod stmt;
pub mod types;

pub use model::*;

use intc_diagnostics::Diagnostic;
use intc_span::SourceMap;
use intc_syntax::ast;

/// A module's canonical name: `std` + `io`, `myorg` + `app.utils`, `ballerina` + `lang.array`.
/// The driver canonicalises `ballerina/X` and `ballerinax/X` (other than `lang.*`) to `std/X`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModuleName {
    pub org: String,
    /// Dotted package-qualified module name: `io`, `app`, `app.utils`.
    pub name: String,
}

/// The parsed files of one module.
#[derive(Clone, Debug)]
pub struct SourceModule {
    pub name: ModuleName,
    pub files: Vec<ast::Module>,
    /// The module whose `main` is the program's entry point.
    pub is_root: bool,
}

pub struct CheckResult {
    pub program: CheckedProgram,
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves and type-checks all modules (in any order; imports are resolved by name).
pub fn check(modules: &[SourceModule], sources: &SourceMap) -> CheckResult {
    let _ = sources;
    let mut checker = checker::Checker::new(modules);
    checker.run();
    CheckResult {
        program: checker.p,
        diagnostics: checker.diags,
    }
}

#[cfg(test)]
mod tests;
