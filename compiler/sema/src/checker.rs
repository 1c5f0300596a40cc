//! The checker's state and the phase driver: collect definitions, resolve types and
//! constants, compute signatures, then check every body.

use crate::incremental::BodyKey;
use crate::model::*;
use crate::scope::FnCtx;
use crate::SourceModule;
use intc_diagnostics::{codes, Code, Diagnostic};
use intc_span::{FileId, Span};
use intc_syntax::ast;
// Scope and import tables are looked up for every name in the program: Fx hashing of short
// identifiers is several times cheaper than SipHash.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

/// A module-level name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Symbol {
    Function(FunctionId),
    TypeDef(TypeDefId),
    Const(ConstId),
    Global(GlobalId),
    Class(ClassId),
}

impl Symbol {
    pub(crate) fn ide(self) -> crate::model_ide::ItemSymbol {
        use crate::model_ide::ItemSymbol;
        match self {
            Symbol::Function(id) => ItemSymbol::Function(id),
            Symbol::TypeDef(id) => ItemSymbol::TypeDef(id),
            Symbol::Const(id) => ItemSymbol::Const(id),
            Symbol::Global(id) => ItemSymbol::Global(id),
            Symbol::Class(id) => ItemSymbol::Class(id),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct SymbolEntry {
    pub symbol: Symbol,
    pub is_public: bool,
}

/// What an import prefix names.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ImportTarget {
    Module(ModuleId),
    /// A lang library module: `int`, `array`, `value`...
    Lang(String),
}

/// Resolution progress of a definition resolved on demand (type definitions, constants).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Progress {
    Pending,
    Active,
    Done,
}

/// The module and file whose names and imports are in scope.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place {
    pub module: ModuleId,
    pub file: FileId,
}

/// An expression waiting to be checked against a type once all signatures are known
/// (record field defaults, class field defaults).
pub(crate) struct PendingDefault<'a> {
    pub place: Place,
    pub expr: &'a ast::Expr,
    pub ty: TypeId,
}

pub(crate) struct Checker<'a> {
    pub modules: &'a [SourceModule],
    pub p: CheckedProgram,
    pub diags: Vec<Diagnostic>,
    pub scopes: Vec<HashMap<String, SymbolEntry>>,
    pub imports: HashMap<FileId, HashMap<String, ImportTarget>>,
    pub next_distinct: u32,
    pub type_def_progress: Vec<Progress>,
    pub type_def_ast: Vec<(Place, &'a ast::TypeDesc)>,
    pub const_progress: Vec<Progress>,
    pub const_ast: Vec<Option<(Place, &'a ast::ConstDef)>>,
    pub pending_defaults: Vec<PendingDefault<'a>>,
    /// Next synthetic node id per file (arrow parameters).
    pub next_synthetic: HashMap<FileId, u32>,
    /// Whether a type mentions a lang library type parameter (`langlib_generic.rs`).
    pub type_param_mentions: HashMap<TypeId, bool>,
    /// The function body being checked.
    pub fx: FnCtx,
    /// Lang library constants by `module:name`, evaluated on first use.
    pub lang_constants: HashMap<String, ConstId>,
    /// The module and file being checked.
    pub place: Place,
    /// Set while checking code next to a syntax error: its semantic errors would be cascades
    /// of the parser's recovery (a declaration lost to the error, a statement split in two).
    pub suppress_errors: bool,
    /// The type a service declaration's object constructor refers to when the declaration
    /// names none: inferred from its listeners (`services.rs`), taken by the constructor.
    pub(crate) inferred_service_type: Option<TypeId>,
    /// Set while the object constructor of a service declaration is checked: its
    /// annotations are the declaration's, kept at run time on the service's type.
    pub(crate) service_decl_body: bool,
    /// Set for the service declaration's object constructor until it starts (not seen by
    /// object constructors nested in its methods): its members' annotations are kept.
    pub(crate) service_constructor: bool,
    /// Files with a declaration that failed to parse, and the functions whose body holds a
    /// syntax error, with their file: no unused-import warnings are reported for these files
    /// (the use may be in what did not parse).
    pub files_with_item_errors: std::collections::HashSet<FileId>,
    pub(crate) bodies_with_syntax_errors: HashMap<FunctionId, FileId>,
    /// Every name written inside a module-level declaration that failed to parse: it may
    /// have declared them, so "undefined" errors about these names are recovery echoes.
    pub broken_names: std::collections::HashSet<String>,
    /// Where the parser reported syntax errors (see `contains_syntax_error`).
    pub syntax_errors: Vec<Span>,
    /// Whether library modules' function bodies are checked.
    pub bodies: crate::Bodies,
    /// Import prefixes used, per file (for the unused-import warning).
    pub used_imports: std::cell::RefCell<std::collections::HashSet<(FileId, String)>>,
    /// Annotation tags per module (a symbol space of their own).
    pub annot_scopes: Vec<HashMap<String, AnnotationId>>,
    /// Record fields with annotations, met while resolving record type descriptors.
    pub pending_annots: Vec<crate::annotations::PendingAnnots<'a>>,
    /// `object:RawTemplate` and `object:Iterable`, created on first use (one identity each).
    pub lang_objects: HashMap<&'static str, TypeId>,
    /// Local `var` declarations whose inferred type includes `error`: each must be used
    /// (declaration node, name, span of the binding).
    pub error_vars: Vec<(NodeKey, String, Span)>,
    /// The lang library declarations resolved so far.
    pub lang: crate::langlib::LangState,
    /// Sequence variables and out-of-scope clause variables of queries.
    pub(crate) query_vars: crate::query_vars::QueryVarState,
    /// Items an editor re-parsed since the check (`incremental.rs`): `item_of` and the
    /// whole-program walks read these instead of the modules' trees.
    pub(crate) overrides: HashMap<ItemRef, &'a ast::Item>,
    /// Which diagnostics each pass produced, so that a kept checker can replace those of one
    /// body and of the passes that read every body (`incremental.rs`).
    pub(crate) marks: crate::incremental::RunMarks,
    /// Import prefixes used by each function body (kept apart from `used_imports` so that a
    /// re-checked body replaces its own).
    pub(crate) body_imports: HashMap<BodyKey, std::collections::HashSet<(FileId, String)>>,
    /// Methods a kept checker re-checked, by class item and member index, as re-parsed.
    pub(crate) method_overrides: HashMap<(ItemRef, usize), &'a ast::FunctionDef>,
    /// The span of each body a kept checker re-checked, as re-parsed (`incremental.rs`).
    pub(crate) checked_bodies: HashMap<BodyKey, Span>,
}

impl<'a> Checker<'a> {
    pub fn new(modules: &'a [SourceModule]) -> Checker<'a> {
        Checker {
            modules,
            p: CheckedProgram::default(),
            diags: Vec::new(),
            scopes: Vec::new(),
            imports: HashMap::default(),
            next_distinct: 1,
            type_def_progress: Vec::new(),
            type_def_ast: Vec::new(),
            const_progress: Vec::new(),
            const_ast: Vec::new(),
            pending_defaults: Vec::new(),
            next_synthetic: HashMap::default(),
            type_param_mentions: HashMap::default(),
            fx: FnCtx::default(),
            lang_constants: HashMap::default(),
            place: Place {
                module: ModuleId(0),
                file: FileId(0),
            },
            used_imports: Default::default(),
            suppress_errors: false,
            inferred_service_type: None,
            service_decl_body: false,
            service_constructor: false,
            files_with_item_errors: Default::default(),
            bodies_with_syntax_errors: HashMap::default(),
            annot_scopes: Vec::new(),
            pending_annots: Vec::new(),
            lang_objects: HashMap::default(),
            error_vars: Vec::new(),
            lang: Default::default(),
            broken_names: Default::default(),
            syntax_errors: Vec::new(),
            bodies: crate::Bodies::All,
            query_vars: Default::default(),
            overrides: HashMap::default(),
            marks: Default::default(),
            body_imports: HashMap::default(),
            checked_bodies: HashMap::default(),
            method_overrides: HashMap::default(),
        }
    }

    /// Whether a syntax error was reported inside `span`.
    pub fn contains_syntax_error(&self, span: Span) -> bool {
        self.syntax_errors
            .iter()
            .any(|e| e.file == span.file && e.start >= span.start && e.start <= span.end)
    }

    /// Whether an error is an echo of a syntax error: inside a body that failed to parse, or
    /// about a name that a broken declaration may have declared (the messages of the
    /// "undefined" family quote the name: `undefined function 'a:f'`).
    fn suppressed(&self, code: Code, message: &str) -> bool {
        if self.suppress_errors {
            return true;
        }
        if self.broken_names.is_empty()
            || ![
                codes::UNDEFINED_NAME,
                codes::UNDEFINED_MODULE,
                codes::UNDEFINED_TYPE,
                codes::UNDEFINED_FIELD,
                codes::UNDEFINED_METHOD,
            ]
            .contains(&code)
        {
            return false;
        }
        message
            .split('\'')
            .skip(1)
            .step_by(2)
            .flat_map(|quoted| quoted.split(':'))
            .any(|name| self.broken_names.contains(name))
    }

    pub fn error(&mut self, code: Code, span: Span, message: impl Into<String>) {
        let message = message.into();
        if !self.suppressed(code, &message) {
            self.diags.push(Diagnostic::error(code, span, message));
        }
    }

    pub fn error_help(&mut self, code: Code, span: Span, message: impl Into<String>, help: &str) {
        let message = message.into();
        if !self.suppressed(code, &message) {
            self.diags
                .push(Diagnostic::error(code, span, message).with_help(help));
        }
    }

    /// Reports `incompatible types: expected 'X', found 'Y'` unless `found <: expected`.
    /// Returns whether the types are compatible.
    pub fn expect_assignable(&mut self, found: TypeId, expected: TypeId, span: Span) -> bool {
        if self.p.types.is_subtype(found, expected) {
            return true;
        }
        let message = format!(
            "incompatible types: expected '{}', found '{}'",
            self.p.types.display(expected),
            self.p.types.display(found)
        );
        self.error(codes::TYPE_MISMATCH, span, message);
        false
    }

    pub fn fresh_distinct(&mut self) -> u32 {
        let id = self.next_distinct;
        self.next_distinct += 1;
        id
    }

    /// Records an expression that lowering evaluates away from where it is written (a
    /// default or an annotation value) and returns its key.
    pub fn defer_expr(&mut self, file: FileId, expr: &ast::Expr) -> NodeKey {
        let key = NodeKey::new(file, expr.id);
        self.p
            .deferred_exprs
            .entry(key)
            .or_insert_with(|| expr.clone());
        key
    }

    pub fn synthetic_key(&mut self, file: FileId) -> NodeKey {
        let base = self.file_node_count(file);
        let next = self.next_synthetic.entry(file).or_insert(base);
        let key = NodeKey::new(file, ast::NodeId(*next));
        *next += 1;
        key
    }

    fn file_node_count(&self, file: FileId) -> u32 {
        for module in self.modules {
            for f in &module.files {
                if f.file == file {
                    return f.node_count;
                }
            }
        }
        0
    }

    pub fn record_type(&mut self, file: FileId, node: ast::NodeId, ty: TypeId) {
        self.p.expr_types.insert(NodeKey::new(file, node), ty);
    }

    /// Runs every phase.
    pub fn run(&mut self) {
        for module in self.modules {
            for file in &module.files {
                if file.items.iter().any(|i| matches!(i, ast::Item::Error(_))) {
                    self.files_with_item_errors.insert(file.file);
                }
            }
        }
        self.collect_modules();
        self.resolve_imports();
        self.order_modules();
        self.resolve_all_type_defs();
        self.check_recursive_type_defs();
        self.evaluate_all_constants();
        self.compute_signatures();
        self.check_annotations();
        self.check_pending_defaults();
        self.check_bodies();
        self.check_services();
        self.check_resource_methods();
        self.check_isolation(None);
        self.check_fields_without_init();
        self.check_pending_annotations(false);
        self.check_main();
        self.check_module_inits();
        self.marks.derived = self.diags.len();
        self.report_unused_error_vars();
        self.warn_unused_imports();
    }

    /// jBallerina rejects a `var` variable whose inferred type includes `error` and that is
    /// never referred to: the error would be silently ignored.
    pub(crate) fn report_unused_error_vars(&mut self) {
        // Kept (not taken): a re-checked body replaces its own and the rest are reported
        // again (`incremental.rs`).
        if self.error_vars.is_empty() {
            return;
        }
        let wanted: std::collections::HashSet<NodeKey> =
            self.error_vars.iter().map(|(key, _, _)| *key).collect();
        let used: std::collections::HashSet<NodeKey> = self
            .p
            .resolutions
            .values()
            .filter_map(|r| match r {
                Resolution::Local(key) if wanted.contains(key) => Some(*key),
                _ => None,
            })
            .collect();
        for (key, name, span) in &self.error_vars {
            if !used.contains(key) {
                self.diags.push(Diagnostic::error(
                    codes::UNUSED_ERROR_VAR,
                    *span,
                    format!("unused variable '{name}' with inferred type including error"),
                ));
            }
        }
    }

    pub(crate) fn warn_unused_imports(&mut self) {
        let modules = self.modules;
        let mut used = self.used_imports.borrow().clone();
        for body in self.body_imports.values() {
            used.extend(body.iter().cloned());
        }
        let user_only = self.bodies == crate::Bodies::UserOnly;
        for module in modules.iter().filter(|m| !(user_only && m.is_library)) {
            for file in &module.files {
                for import in &file.imports {
                    let prefix = match &import.prefix {
                        Some(p) => p.name.clone(),
                        None => import
                            .path
                            .last()
                            .map(|p| p.name.clone())
                            .unwrap_or_default(),
                    };
                    if prefix == "_"
                        || self.files_with_item_errors.contains(&file.file)
                        || self
                            .bodies_with_syntax_errors
                            .values()
                            .any(|f| *f == file.file)
                        || !self
                            .imports
                            .get(&file.file)
                            .is_some_and(|t| t.contains_key(&prefix))
                    {
                        continue;
                    }
                    if !used.contains(&(file.file, prefix.clone())) {
                        let message = format!("unused import module '{prefix}'");
                        self.diags.push(Diagnostic::warning(
                            codes::UNUSED_IMPORT,
                            import.span,
                            message,
                        ));
                    }
                }
            }
        }
    }

    /// Whether this check leaves the bodies of `module` unchecked (`Bodies::UserOnly`).
    pub(crate) fn skips_bodies_of(&self, module: ModuleId) -> bool {
        self.bodies == crate::Bodies::UserOnly
            && self
                .modules
                .get(module.index())
                .is_some_and(|m| m.is_library)
    }

    fn check_main(&mut self) {
        let Some(root) = self.p.modules.iter().position(|m| m.is_root) else {
            return;
        };
        let Some(main) = self.p.modules[root].main else {
            return;
        };
        self.p.main = Some(main);
        let info = self.p.functions[main.index()].clone();
        let def = info.source.and_then(|item| self.function_def_of(item));
        let span = def.map(|f| f.name.span).unwrap_or(Span::DUMMY);
        // Separate spans per problem: diagnostics with the same code and span are merged.
        let param_spans: Vec<Span> = def
            .map(|f| f.signature.params.iter().map(|p| p.span).collect())
            .unwrap_or_default();
        let return_span = def
            .and_then(|f| f.signature.return_type.as_ref())
            .map(|t| t.span)
            .unwrap_or(span);
        if !info.is_public {
            self.error_help(
                codes::INVALID_MAIN,
                span,
                "the 'main' function should be public",
                "add 'public' before 'function main'",
            );
        }
        let allowed = [
            TypeArena::INT,
            TypeArena::FLOAT,
            TypeArena::DECIMAL,
            TypeArena::STRING,
            TypeArena::BOOLEAN,
            TypeArena::NIL,
        ];
        let allowed = self.p.types.union_of(&allowed);
        for (index, param) in info.params.iter().enumerate() {
            if !self.p.types.is_subtype(param.ty, allowed) {
                let message = format!(
                    "invalid type '{}' for parameter '{}' of 'main': expected int, float, decimal, string or boolean",
                    self.p.types.display(param.ty),
                    param.name
                );
                let at = param_spans.get(index).copied().unwrap_or(span);
                self.error(codes::INVALID_MAIN, at, message);
            }
        }
        let ret = info.ret;
        if !self.p.types.is_subtype(ret, TypeArena::ERROR_OR_NIL)
            || !self.p.types.is_subtype(TypeArena::NIL, ret)
        {
            let message = format!(
                "invalid 'main' function return type '{}', expected a subtype of 'error?' containing '()'",
                self.p.types.display(ret)
            );
            self.error(codes::INVALID_MAIN, return_span, message);
        }
    }

    /// A module's `init` function runs before `main` with nothing to pass it and nobody to
    /// call it by name: it must not be public, takes no parameters and returns `()` or an error.
    fn check_module_inits(&mut self) {
        for index in 0..self.p.modules.len() {
            let Some(init) = self.p.modules[index].init else {
                continue;
            };
            let info = self.p.functions[init.index()].clone();
            let def = info.source.and_then(|item| self.function_def_of(item));
            let span = def.map(|f| f.name.span).unwrap_or(Span::DUMMY);
            let params_span = def
                .and_then(|f| f.signature.params.first())
                .map(|p| p.span)
                .unwrap_or(span);
            let return_span = def
                .and_then(|f| f.signature.return_type.as_ref())
                .map(|t| t.span)
                .unwrap_or(span);
            if info.is_public {
                self.error_help(
                    codes::INVALID_INIT,
                    span,
                    "the module 'init()' function cannot be public",
                    "remove 'public' from 'function init'",
                );
            }
            if !info.params.is_empty() {
                self.error(
                    codes::INVALID_INIT,
                    params_span,
                    "the module 'init()' function cannot accept parameters",
                );
            }
            let ret = info.ret;
            if !self.p.types.is_subtype(ret, TypeArena::ERROR_OR_NIL)
                || !self.p.types.is_subtype(TypeArena::NIL, ret)
            {
                let message = format!(
                    "invalid module 'init()' function return type '{}', expected a subtype of 'error?' containing '()'",
                    self.p.types.display(ret)
                );
                self.error(codes::INVALID_INIT, return_span, message);
            }
        }
    }

    pub fn function_def_of(&self, item: ItemRef) -> Option<&'a ast::FunctionDef> {
        match self.item_of(item)? {
            ast::Item::Function(f) => Some(f),
            _ => None,
        }
    }

    /// Looks up a module-level name in a module.
    pub fn module_symbol(&self, module: ModuleId, name: &str) -> Option<SymbolEntry> {
        self.scopes.get(module.index())?.get(name).cloned()
    }

    /// The module's prefix for display names of its definitions (`mod:Type`).
    pub fn qualified_name(&self, module: ModuleId, name: &str) -> String {
        match self
            .p
            .modules
            .get(module.index())
            .and_then(|m| m.display_prefix.clone())
        {
            Some(prefix) => format!("{prefix}:{name}"),
            None => name.to_string(),
        }
    }
}
