//! Module variables declared without an initializer (spec "Module variable declaration":
//! `module-no-init-var-decl`) must be initialized by the module's `init` function, definitely
//! assigned wherever `init` reads them, and assigned at most once when `final`.
//!
//! Inside `init`, each such variable is tracked as a hidden local named `global.<name>` (a
//! name no program can spell), so the definite-assignment flow analysis of locals applies
//! unchanged, as for object fields in a class's `init` (`fields_init.rs`).

use crate::checker::Checker;
use crate::model::*;
use crate::scope::{LocalId, LocalVar};
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

const SLOT_PREFIX: &str = "global.";

impl<'a> Checker<'a> {
    /// Whether `module` has a module-level `init` function.
    pub(crate) fn module_has_init(&self, module: ModuleId) -> bool {
        self.p.functions.iter().any(|f| {
            f.name == "init"
                && f.module == module
                && matches!(f.kind, FunctionKind::Module)
                && f.source.is_some()
        })
    }

    /// The names of `module`'s variables declared without an initializer (not configurable).
    fn uninitialized_globals(&self, module: ModuleId) -> Vec<String> {
        let mut names = Vec::new();
        for global in &self.p.globals {
            if global.module != module || global.configurable.is_some() {
                continue;
            }
            if let Some(ast::Item::Var(var)) = self.item_of(global.source) {
                if matches!(var.init, ast::VarInit::None) && !var.is_configurable {
                    names.push(global.name.clone());
                }
            }
        }
        names
    }

    /// A module variable initializer reading a variable declared without an initializer:
    /// initializers run before `init`, so it is never assigned yet.
    pub(crate) fn check_global_read_before_init(&mut self, id: GlobalId, name: &ast::Ident) {
        let global = &self.p.globals[id.index()];
        if !self.fx.in_module_var_init || global.module != self.place.module {
            return;
        }
        if global.configurable.is_some() {
            return;
        }
        let no_init = matches!(
            self.item_of(global.source),
            Some(ast::Item::Var(var)) if matches!(var.init, ast::VarInit::None) && !var.is_configurable
        );
        if no_init {
            let message = format!("variable '{}' is not initialized", name.name);
            self.error(codes::UNINITIALIZED, name.span, message);
        }
    }

    /// At the start of a module's `init`: one unassigned slot per variable without initializer.
    pub(crate) fn declare_global_slots(&mut self, module: ModuleId, key: NodeKey) {
        for name in self.uninitialized_globals(module) {
            self.fx.declare(
                LocalVar {
                    name: format!("{SLOT_PREFIX}{name}"),
                    key,
                    declared: TypeArena::UNKNOWN,
                    is_final: false,
                    is_param: false,
                    reported_unassigned: false,
                    ever_assigned: false,
                },
                false,
            );
        }
    }

    /// The slot of module variable `name` while checking `init`, unless a local shadows it.
    fn global_slot(&self, module: Option<&ast::Ident>, name: &str) -> Option<LocalId> {
        if module.is_some() || self.fx.lookup(name).is_some() {
            return None;
        }
        self.fx.lookup(&format!("{SLOT_PREFIX}{name}"))
    }

    /// Whether module variable `name` may still be unassigned here (false outside `init`).
    pub(crate) fn global_unassigned(&self, module: Option<&ast::Ident>, name: &str) -> bool {
        self.global_slot(module, name)
            .is_some_and(|slot| self.fx.flow.unassigned.contains(&slot))
    }

    /// `x = ...` in `init` initializes module variable `x`.
    pub(crate) fn note_global_assigned(&mut self, target: &ast::Expr) {
        if let ast::ExprKind::Var { module, name } = &target.kind {
            if let Some(slot) = self.global_slot(module.as_ref(), &name.name) {
                self.fx.mark_assigned(slot);
            }
        }
    }

    /// A read of module variable `name` in `init` before it is definitely assigned.
    pub(crate) fn check_global_read(&mut self, module: Option<&ast::Ident>, name: &ast::Ident) {
        let Some(slot) = self.global_slot(module, &name.name) else {
            return;
        };
        if self.fx.flow.unassigned.contains(&slot)
            && !self.fx.flow.unreachable
            && !self.fx.locals[slot].reported_unassigned
        {
            self.fx.locals[slot].reported_unassigned = true;
            let message = if self.fx.locals[slot].ever_assigned {
                format!("variable '{}' may not have been initialized", name.name)
            } else {
                format!("variable '{}' is not initialized", name.name)
            };
            self.error(codes::UNINITIALIZED, name.span, message);
        }
    }

    /// A normal return from the module's `init` at `span`: every variable declared without an
    /// initializer must be assigned by now.
    pub(crate) fn check_module_init_exit(&mut self, span: Span) {
        if self.fx.flow.unreachable {
            return;
        }
        let missing: Vec<String> = self
            .fx
            .flow
            .unassigned
            .iter()
            .filter_map(|&l| self.fx.locals.get(l))
            .filter_map(|l| l.name.strip_prefix(SLOT_PREFIX))
            .map(str::to_owned)
            .collect();
        let message = match missing.as_slice() {
            [] => return,
            [name] => format!("variable '{name}' is not initialized by the module's 'init'"),
            names => format!(
                "variables '{}' are not initialized by the module's 'init'",
                names.join("', '")
            ),
        };
        self.error(codes::UNINITIALIZED, span, message);
    }
}
