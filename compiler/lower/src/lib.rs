//! intc-lower: lowers the checked program (AST + the checker's side tables) to the register IR.
//!
//! [`lower`] walks every module in initialisation order: it reserves one IR function per checked
//! function (so calls can refer to functions not yet lowered), converts the semantic types the
//! runtime needs into the IR type table, emits module init functions for module variables and
//! configurables, lowers function and method bodies, and records the `main` entry.
//!
//! Conventions the runtime relies on:
//! - Module init functions are named `$init`, closures `$lambda`; a method's `self` is `r0`.
//! - An object constructor's class gets one hidden field `$capture<i>` per enclosing local its
//!   methods capture (after the declared fields); it holds the local's shared cell.
//! - `main`'s defaultable parameters that arrive as `()` are filled from their defaults.
//! - Spreads into a native's rest parameter are flattened at run time by dispatching on the
//!   list length (at most 64 members).
//! - Lang library natives used by patterns and constructors: `lang.map:keys`,
//!   `lang.map:hasKey`, `lang.array:slice`, `lang.error:message`, `lang.error:cause`,
//!   `lang.error:detail`.

mod annotations;
mod calls;
mod constructors;
mod emit;
mod expr;
mod fillers;
mod function;
mod included;
mod literals;
mod messages;
mod module;
mod operators;
mod patterns;
mod query;
mod record_defaults;
mod regexp;
mod services;
mod stmt;
mod strands;
mod stream;
mod table;
mod transactions;
mod types;
mod xml;

#[cfg(test)]
mod tests;

use intc_ir as ir;
use intc_sema as sema;
use intc_span::SourceMap;
use std::collections::HashMap;

/// Lowers a checked, error-free program to IR. Never panics: a construct the lowering cannot
/// handle is an internal compiler error, returned (one message per construct, with its place)
/// instead of a program; it is a bug of intc, never the program's fault.
pub fn lower(
    program: &sema::CheckedProgram,
    modules: &[sema::SourceModule],
    sources: &SourceMap,
) -> Result<ir::Program, Vec<String>> {
    let mut lowerer = Lowerer::new(program, modules, sources);
    lowerer.lower_program();
    lowerer.add_regexp_span_class();
    if lowerer.internal_errors.is_empty() {
        let mut program = lowerer.builder.finish();
        ir::mark_scalar_frames(&mut program);
        ir::analyse_sharing(&mut program);
        Ok(program)
    } else {
        Err(lowerer.internal_errors)
    }
}

/// Program-wide lowering state shared by every function being lowered.
pub(crate) struct Lowerer<'a> {
    pub(crate) checked: &'a sema::CheckedProgram,
    pub(crate) modules: &'a [sema::SourceModule],
    pub(crate) sources: &'a SourceMap,
    pub(crate) builder: ir::ProgramBuilder,
    /// Semantic type → IR type (memoised; recursive types close through the memo).
    pub(crate) type_memo: HashMap<sema::TypeId, ir::TypeId>,
    /// IR `T[]` by element type (rest parameter lists and helper lists).
    pub(crate) array_memo: HashMap<ir::TypeId, ir::TypeId>,
    /// IR `map<T>` by member type.
    pub(crate) map_memo: HashMap<ir::TypeId, ir::TypeId>,
    /// Checked function → its IR function (absent for natives).
    pub(crate) functions: HashMap<sema::FunctionId, ir::FuncId>,
    /// Object constructor methods whose bodies are lowered when the constructor is met.
    pub(crate) pending_object_classes: Vec<sema::ClassId>,
    /// Binding-pattern declarations of module variables → the global they initialise.
    pub(crate) global_decls: HashMap<sema::NodeKey, ir::GlobalId>,
    /// Lazily created wrappers for natives and lang library functions used as values.
    pub(crate) native_wrappers: HashMap<ir::NativeRef, ir::FuncId>,
    /// The global of each `CheckedProgram::annotation_sets` entry (`None`: not at run time).
    pub(crate) annotation_globals: Vec<Option<ir::GlobalId>>,
    /// Constructs the lowering could not handle (see [`lower`]).
    pub(crate) internal_errors: Vec<String>,
}

impl<'a> Lowerer<'a> {
    fn new(
        checked: &'a sema::CheckedProgram,
        modules: &'a [sema::SourceModule],
        sources: &'a SourceMap,
    ) -> Lowerer<'a> {
        Lowerer {
            checked,
            modules,
            sources,
            builder: ir::ProgramBuilder::new(),
            type_memo: HashMap::new(),
            array_memo: HashMap::new(),
            map_memo: HashMap::new(),
            functions: HashMap::new(),
            pending_object_classes: Vec::new(),
            global_decls: HashMap::new(),
            native_wrappers: HashMap::new(),
            annotation_globals: Vec::new(),
            internal_errors: Vec::new(),
        }
    }

    /// An expression the checker recorded for evaluation away from where it is written (a
    /// default or an annotation value).
    pub(crate) fn deferred(&self, key: sema::NodeKey) -> Option<&'a intc_syntax::ast::Expr> {
        self.checked.deferred_exprs.get(&key)
    }

    /// Records an internal compiler error for a construct the lowering cannot handle, outside
    /// any function body (see `FnLower::unsupported` for one inside a body).
    pub(crate) fn internal_error(&mut self, what: &str) {
        let message = format!("lowering does not support {what}");
        if !self.internal_errors.contains(&message) {
            self.internal_errors.push(message);
        }
    }

    /// The 1-based line of a byte offset in a file (0 when the file is unknown).
    pub(crate) fn line_of(&self, file: intc_span::FileId, offset: u32) -> u32 {
        self.sources
            .get(file)
            .map(|source| source.line_of(offset))
            .unwrap_or(0)
    }

    /// The display prefix of a module for stack traces (`None` for the root module).
    pub(crate) fn module_prefix(&self, module: sema::ModuleId) -> Option<String> {
        self.checked
            .modules
            .get(module.index())
            .and_then(|info| info.display_prefix.clone())
    }
}
