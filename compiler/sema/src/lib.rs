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
mod annotations;
mod assign;
mod bodies;
mod calls;
mod checker;
mod closures;
mod collect;
mod consts;
mod dependent;
mod display;
mod expr;
mod fields_init;
mod filler;
mod fntype;
mod included;
mod incremental;
mod inhabited;
mod isolation;
mod isolation_expr;
mod langlib;
mod langlib_generic;
mod mapping;
mod matching;
mod members;
mod messages;
mod messages_syntax;
pub mod model;
mod model_arena;
pub mod model_ide;
pub mod model_query;
pub mod model_strands;
pub mod model_streams;
mod module_vars_init;
mod narrowing;
mod ops;
mod ordered;
mod query;
mod query_vars;
mod reach;
mod regexp;
mod resolve;
pub mod resource_access;
mod scope;
mod semtypes;
mod services;
mod signatures;
mod stmt;
mod streams;
mod table;
mod templates;
mod transactions;
pub mod types;
mod workers;
mod xml;

pub use incremental::{BodyKey, KeptBody, KeptCheck};
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
    /// Shared: the editor's parse cache hands the same tree to every check of an unchanged
    /// file.
    pub files: Vec<std::sync::Arc<ast::Module>>,
    /// The module whose `main` is the program's entry point.
    pub is_root: bool,
    /// A standard library module: its function bodies are checked only when the program is
    /// compiled to run (see [`Bodies`]).
    pub is_library: bool,
}

pub struct CheckResult {
    pub program: CheckedProgram,
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves and type-checks all modules (in any order; imports are resolved by name).
pub fn check(modules: &[SourceModule], sources: &SourceMap) -> CheckResult {
    check_recovered(modules, sources, &[], Bodies::All)
}

/// Which function bodies a check types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bodies {
    /// Every module's: lowering needs every body's tables.
    All,
    /// Not those of library modules (`SourceModule::is_library`): for `intc check` and the
    /// editor, which report only the user's diagnostics and answer queries only in the
    /// user's files. Nothing a library body holds reaches a user module's check: bodies do
    /// not infer signatures or isolation, and library module variables (whose initialisers
    /// may infer a `var` type) are still checked. The standard library's sources are about
    /// half of what an editor's re-check read before (http alone is ~6,000 lines).
    UserOnly,
}

/// [`check`] for modules parsed with syntax errors at `syntax_errors`: a function, method or
/// module variable whose text contains one is checked without reporting (its tree holds the
/// parser's recovery, whose echoes are not the user's mistakes).
pub fn check_recovered(
    modules: &[SourceModule],
    sources: &SourceMap,
    syntax_errors: &[intc_span::Span],
    bodies: Bodies,
) -> CheckResult {
    let mut checker = checker::Checker::new(modules);
    checker.bodies = bodies;
    checker.broken_names = broken_names(modules, sources);
    checker.syntax_errors = syntax_errors.to_vec();
    checker.run();
    CheckResult {
        program: checker.p,
        diagnostics: checker.diags,
    }
}

/// The names written in module-level declarations that failed to parse (`Item::Error`): the
/// checker treats "undefined" errors about them as echoes of the syntax error.
pub(crate) fn broken_names(
    modules: &[SourceModule],
    sources: &SourceMap,
) -> std::collections::HashSet<String> {
    let mut names = std::collections::HashSet::new();
    for file in modules.iter().flat_map(|m| &m.files) {
        let Some(source) = sources.get(file.file) else {
            continue;
        };
        for item in &file.items {
            let ast::Item::Error(span) = item else {
                continue;
            };
            let Some(text) = source.text.get(span.range()) else {
                continue;
            };
            let words = text
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty());
            names.extend(words.map(str::to_string));
        }
    }
    names
}

#[cfg(test)]
mod tests;
