//! Phase one: every module-level definition gets an id and a slot in its module's scope;
//! imports are resolved; modules are ordered for initialisation.

use crate::checker::HashMap;
use crate::checker::{Checker, ImportTarget, Place, Progress, Symbol, SymbolEntry};
use crate::model::*;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

/// Lang library modules usable with their prefix without an import: the spec's
/// predeclared prefixes (reserved keywords naming `lang.t`) that intc has modules for.
pub(crate) const AUTO_LANG_PREFIXES: [&str; 15] = [
    "int",
    "float",
    "decimal",
    "string",
    "boolean",
    "error",
    "map",
    "object",
    "typedesc",
    "transaction",
    "future",
    "function",
    "xml",
    "table",
    "stream",
];

/// Every lang library module name.
pub(crate) const LANG_MODULES: [&str; 18] = [
    "int",
    "float",
    "decimal",
    "string",
    "boolean",
    "error",
    "map",
    "object",
    "typedesc",
    "array",
    "value",
    "function",
    "xml",
    "runtime",
    "transaction",
    "table",
    "stream",
    "regexp",
];

pub(crate) fn binding_captures(
    pattern: &ast::BindingPattern,
    out: &mut Vec<(ast::Ident, ast::NodeId)>,
) {
    match &pattern.kind {
        ast::BindingPatternKind::Capture(name) => out.push((name.clone(), pattern.id)),
        ast::BindingPatternKind::Wildcard => {}
        ast::BindingPatternKind::List { items, rest } => {
            for item in items {
                binding_captures(item, out);
            }
            if let Some(rest) = rest {
                binding_captures(rest, out);
            }
        }
        ast::BindingPatternKind::Mapping { fields, rest } => {
            for field in fields {
                binding_captures(&field.pattern, out);
            }
            if let Some(rest) = rest {
                binding_captures(rest, out);
            }
        }
        ast::BindingPatternKind::Error {
            message,
            cause,
            fields,
            rest,
            ..
        } => {
            for p in message.iter().chain(cause.iter()) {
                binding_captures(p, out);
            }
            for field in fields {
                binding_captures(&field.pattern, out);
            }
            if let Some(rest) = rest {
                binding_captures(rest, out);
            }
        }
    }
}

impl<'a> Checker<'a> {
    fn define(&mut self, module: ModuleId, name: &ast::Ident, symbol: Symbol, is_public: bool) {
        let scope = &mut self.scopes[module.index()];
        if scope.contains_key(&name.name) {
            let message = format!("redeclared symbol '{}'", name.name);
            self.error(codes::DUPLICATE_DEFINITION, name.span, message);
            return;
        }
        scope.insert(name.name.clone(), SymbolEntry { symbol, is_public });
        self.p.ide.item_defs.push((symbol.ide(), name.span));
    }

    pub(crate) fn collect_modules(&mut self) {
        let modules = self.modules;
        for (module_index, module) in modules.iter().enumerate() {
            let module_id = ModuleId(module_index as u32);
            let display_prefix = if module.is_root {
                None
            } else {
                Some(
                    module
                        .name
                        .name
                        .rsplit('.')
                        .next()
                        .unwrap_or(&module.name.name)
                        .to_string(),
                )
            };
            self.p.modules.push(ModuleInfo {
                org: module.name.org.clone(),
                name: module.name.name.clone(),
                is_root: module.is_root,
                display_prefix,
                files: module.files.iter().map(|f| f.file).collect(),
                globals: Vec::new(),
                init: None,
                main: None,
            });
            self.scopes.push(HashMap::default());
            for (file_index, file) in module.files.iter().enumerate() {
                for (item_index, item) in file.items.iter().enumerate() {
                    let source = ItemRef {
                        module: module_id,
                        file_index,
                        file: file.file,
                        item: item_index,
                    };
                    self.collect_item(module_id, source, item);
                }
            }
        }
    }

    fn collect_item(&mut self, module: ModuleId, source: ItemRef, item: &'a ast::Item) {
        let place = Place {
            module,
            file: source.file,
        };
        match item {
            ast::Item::Function(f) => {
                let id = FunctionId(self.p.functions.len() as u32);
                let is_external = matches!(f.body, ast::FunctionBody::External(..));
                let native_name = is_external.then(|| {
                    let m = &self.p.modules[module.index()];
                    format!("{}.{}:{}", m.org, m.name, f.name.name)
                });
                self.p.functions.push(FunctionInfo {
                    name: f.name.name.clone(),
                    module,
                    kind: FunctionKind::Module,
                    is_public: f.visibility == ast::Visibility::Public,
                    params: Vec::new(),
                    ret: TypeArena::NIL,
                    ty: TypeArena::ANY_FUNCTION,
                    is_external,
                    native_name,
                    source: Some(source),
                    member: None,
                });
                let info = &mut self.p.modules[module.index()];
                match f.name.name.as_str() {
                    "main" if info.is_root => info.main = Some(id),
                    "init" => info.init = Some(id),
                    _ => {}
                }
                if f.name.name != "init" {
                    self.define(
                        module,
                        &f.name,
                        Symbol::Function(id),
                        f.visibility == ast::Visibility::Public,
                    );
                }
            }
            ast::Item::TypeDef(t) => {
                let name = self.qualified_name(module, &t.name.name);
                let ty = self.p.types.add_named(name, Type::Unknown);
                let id = TypeDefId(self.p.type_defs.len() as u32);
                self.p.type_defs.push(TypeDefInfo {
                    name: t.name.name.clone(),
                    module,
                    is_public: t.visibility == ast::Visibility::Public,
                    ty,
                    kind: TypeDefKind::Type,
                    source,
                });
                self.type_def_progress.push(Progress::Pending);
                self.type_def_ast.push((place, &t.ty));
                self.define(
                    module,
                    &t.name,
                    Symbol::TypeDef(id),
                    t.visibility == ast::Visibility::Public,
                );
            }
            ast::Item::Const(c) => {
                let id = self.add_constant(ConstantInfo {
                    name: c.name.name.clone(),
                    module: Some(module),
                    ty: TypeArena::UNKNOWN,
                    value: ConstValue::Nil,
                    is_public: c.visibility == ast::Visibility::Public,
                    enum_type: None,
                });
                self.const_ast[id.index()] = Some((place, c));
                self.define(
                    module,
                    &c.name,
                    Symbol::Const(id),
                    c.visibility == ast::Visibility::Public,
                );
            }
            ast::Item::Var(v) => {
                let mut captures = Vec::new();
                binding_captures(&v.binding, &mut captures);
                for (name, node) in captures {
                    let id = GlobalId(self.p.globals.len() as u32);
                    self.p.globals.push(GlobalInfo {
                        name: name.name.clone(),
                        module,
                        ty: TypeArena::UNKNOWN,
                        is_public: v.visibility == ast::Visibility::Public,
                        is_final: v.is_final || v.is_configurable,
                        is_isolated: v.is_isolated,
                        configurable: v.is_configurable.then_some(ConfigurableInfo {
                            required: matches!(v.init, ast::VarInit::Required(_)),
                        }),
                        source,
                        decl: NodeKey::new(source.file, node),
                    });
                    self.p.modules[module.index()].globals.push(id);
                    self.define(
                        module,
                        &name,
                        Symbol::Global(id),
                        v.visibility == ast::Visibility::Public,
                    );
                }
            }
            // A service declaration declares no name; it is checked with the bodies.
            ast::Item::Service(_) => {}
            ast::Item::Class(c) => {
                let name = self.qualified_name(module, &c.name.name);
                let ty = self.p.types.add_named(name.clone(), Type::Unknown);
                let id = ClassId(self.p.classes.len() as u32);
                self.p.classes.push(ClassInfo {
                    name: c.name.name.clone(),
                    module,
                    is_public: c.visibility == ast::Visibility::Public,
                    is_readonly: c.qualifiers.readonly,
                    is_isolated: c.qualifiers.isolated,
                    is_client: c.qualifiers.client,
                    fields: Vec::new(),
                    methods: Vec::new(),
                    init: None,
                    ty,
                    source: ClassSource::Item(source),
                });
                self.define(
                    module,
                    &c.name,
                    Symbol::Class(id),
                    c.visibility == ast::Visibility::Public,
                );
            }
            ast::Item::Enum(e) => {
                let name = self.qualified_name(module, &e.name.name);
                let ty = self.p.types.add_named(name, Type::Unknown);
                let type_def = TypeDefId(self.p.type_defs.len() as u32);
                let mut members = Vec::new();
                for member in &e.members {
                    let id = self.add_constant(ConstantInfo {
                        name: member.name.name.clone(),
                        module: Some(module),
                        ty: TypeArena::STRING,
                        value: ConstValue::String(member.name.name.clone()),
                        is_public: e.visibility == ast::Visibility::Public,
                        enum_type: Some(type_def),
                    });
                    members.push(id);
                    self.define(
                        module,
                        &member.name,
                        Symbol::Const(id),
                        e.visibility == ast::Visibility::Public,
                    );
                }
                self.p.type_defs.push(TypeDefInfo {
                    name: e.name.name.clone(),
                    module,
                    is_public: e.visibility == ast::Visibility::Public,
                    ty,
                    kind: TypeDefKind::Enum(members),
                    source,
                });
                // Enums are resolved with the constants; no type descriptor to resolve.
                self.type_def_progress.push(Progress::Done);
                self.type_def_ast.push((place, &ENUM_PLACEHOLDER));
                self.define(
                    module,
                    &e.name,
                    Symbol::TypeDef(type_def),
                    e.visibility == ast::Visibility::Public,
                );
            }
            ast::Item::Error(_) | ast::Item::Annotation(_) | ast::Item::Xmlns(_) => {}
        }
    }

    pub(crate) fn add_constant(&mut self, info: ConstantInfo) -> ConstId {
        let id = ConstId(self.p.constants.len() as u32);
        self.p.constants.push(info);
        self.const_progress.push(Progress::Pending);
        self.const_ast.push(None);
        id
    }

    pub(crate) fn resolve_imports(&mut self) {
        let modules = self.modules;
        for (module_index, module) in modules.iter().enumerate() {
            for file in &module.files {
                let mut table: HashMap<String, ImportTarget> = HashMap::default();
                for import in &file.imports {
                    let Some(target) = self.resolve_import(import) else {
                        let path: Vec<&str> = import.path.iter().map(|p| p.name.as_str()).collect();
                        let full = match &import.org {
                            Some(org) => format!("{}/{}", org.name, path.join(".")),
                            None => path.join("."),
                        };
                        self.error(
                            codes::UNDEFINED_MODULE,
                            import.span,
                            format!("cannot resolve module '{full}'"),
                        );
                        continue;
                    };
                    if target == ImportTarget::Module(ModuleId(module_index as u32)) {
                        continue;
                    }
                    let prefix = match &import.prefix {
                        Some(p) => p.name.clone(),
                        None => import
                            .path
                            .last()
                            .map(|p| p.name.clone())
                            .unwrap_or_default(),
                    };
                    if table.contains_key(&prefix) {
                        let span = import
                            .prefix
                            .as_ref()
                            .map(|p| p.span)
                            .unwrap_or(import.span);
                        self.error(
                            codes::DUPLICATE_DEFINITION,
                            span,
                            format!("redeclared import module '{prefix}'"),
                        );
                        continue;
                    }
                    table.insert(prefix, target);
                }
                self.imports.insert(file.file, table);
            }
        }
    }

    fn resolve_import(&self, import: &ast::Import) -> Option<ImportTarget> {
        let path: Vec<&str> = import.path.iter().map(|p| p.name.as_str()).collect();
        let org = import.org.as_ref().map(|o| o.name.as_str());
        if matches!(org, Some("ballerina")) && path.len() == 2 && path[0] == "lang" {
            return LANG_MODULES
                .contains(&path[1])
                .then(|| ImportTarget::Lang(path[1].to_string()));
        }
        let name = path.join(".");
        let canonical_org = match org {
            Some("ballerina") | Some("ballerinax") => Some("std"),
            other => other,
        };
        let found = self
            .p
            .modules
            .iter()
            .position(|m| m.name == name && canonical_org.is_none_or(|o| o == m.org));
        if let Some(index) = found {
            return Some(ImportTarget::Module(ModuleId(index as u32)));
        }
        // A module of the same package imported without its org (`import app.utils;`).
        let found = self.p.modules.iter().position(|m| m.name == name);
        found.map(|index| ImportTarget::Module(ModuleId(index as u32)))
    }

    /// Orders modules so every module comes after the modules it imports.
    pub(crate) fn order_modules(&mut self) {
        let count = self.p.modules.len();
        // Each module's imports of other modules, with the import declaration's span.
        let mut deps: Vec<Vec<(usize, Span)>> = vec![Vec::new(); count];
        for (index, module) in self.modules.iter().enumerate() {
            for file in &module.files {
                for import in &file.imports {
                    if let Some(ImportTarget::Module(m)) = self.resolve_import(import) {
                        if m.index() != index && m.index() < count {
                            deps[index].push((m.index(), import.span));
                        }
                    }
                }
            }
        }
        let mut state = vec![0u8; count];
        let mut order = Vec::new();
        for start in 0..count {
            // Iterative depth-first search: (module, next dependency index).
            let mut stack: Vec<(usize, usize)> = Vec::new();
            if state[start] != 0 {
                continue;
            }
            state[start] = 1;
            stack.push((start, 0));
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&(dep, span)) = deps[node].get(*next) {
                    *next += 1;
                    if state[dep] == 0 {
                        state[dep] = 1;
                        stack.push((dep, 0));
                    } else if state[dep] == 1 {
                        // A dependency still being visited: the stack from it to here is a
                        // cycle, which leaves no order to initialise the modules in.
                        let from = stack.iter().position(|&(m, _)| m == dep).unwrap_or(0);
                        let mut names: Vec<String> = stack[from..]
                            .iter()
                            .map(|&(m, _)| self.module_display_name(m))
                            .collect();
                        names.push(self.module_display_name(dep));
                        let message =
                            format!("cyclic module imports detected '{}'", names.join(" -> "));
                        self.error(codes::CYCLIC_IMPORT, span, message);
                    }
                } else {
                    state[node] = 2;
                    order.push(ModuleId(node as u32));
                    stack.pop();
                }
            }
        }
        // The root module last even when nothing imports the others.
        if let Some(root) = order.iter().position(|m| self.p.modules[m.index()].is_root) {
            let root = order.remove(root);
            order.push(root);
        }
        self.p.module_order = order;
    }

    /// `org/name` of a module, as an import names it.
    fn module_display_name(&self, index: usize) -> String {
        let info = &self.p.modules[index];
        format!("{}/{}", info.org, info.name)
    }

    /// The import table entry of a prefix in a file, including prefix-free lang modules.
    pub(crate) fn import_target(
        &self,
        file: intc_span::FileId,
        prefix: &str,
    ) -> Option<ImportTarget> {
        if let Some(target) = self.imports.get(&file).and_then(|t| t.get(prefix)) {
            self.used_imports
                .borrow_mut()
                .insert((file, prefix.to_string()));
            return Some(target.clone());
        }
        AUTO_LANG_PREFIXES
            .contains(&prefix)
            .then(|| ImportTarget::Lang(prefix.to_string()))
    }

    /// Reports an unknown prefix.
    pub(crate) fn unknown_prefix(&mut self, prefix: &ast::Ident) {
        let message = format!("undefined module '{}'", prefix.name);
        self.error(codes::UNDEFINED_MODULE, prefix.span, message);
    }

    /// Finds a module-level symbol named `name`, optionally through a module prefix, reporting
    /// E0101/E0103. `Ok(None)` means not found (not reported); `Err(())` means reported.
    pub(crate) fn lookup_qualified(
        &mut self,
        place: Place,
        module: Option<&ast::Ident>,
        name: &ast::Ident,
    ) -> Result<Option<(ModuleId, SymbolEntry)>, ()> {
        let found = self.lookup_qualified_inner(place, module, name);
        if let Ok(Some((_, entry))) = &found {
            self.p.ide.item_refs.push((name.span, entry.symbol.ide()));
        }
        found
    }

    fn lookup_qualified_inner(
        &mut self,
        place: Place,
        module: Option<&ast::Ident>,
        name: &ast::Ident,
    ) -> Result<Option<(ModuleId, SymbolEntry)>, ()> {
        let Some(prefix) = module else {
            return Ok(self
                .module_symbol(place.module, &name.name)
                .map(|e| (place.module, e)));
        };
        match self.import_target(place.file, &prefix.name) {
            Some(ImportTarget::Module(m)) => match self.module_symbol(m, &name.name) {
                Some(entry) if entry.is_public || m == place.module => Ok(Some((m, entry))),
                Some(_) => {
                    let message = format!("attempt to refer to non-public symbol '{}'", name.name);
                    self.error(codes::NOT_VISIBLE, name.span, message);
                    Err(())
                }
                None => Ok(None),
            },
            Some(ImportTarget::Lang(_)) => Ok(None),
            None => {
                self.unknown_prefix(prefix);
                Err(())
            }
        }
    }
}

static ENUM_PLACEHOLDER: ast::TypeDesc = ast::TypeDesc {
    kind: ast::TypeDescKind::Builtin(ast::BuiltinType::String),
    span: Span::DUMMY,
};
