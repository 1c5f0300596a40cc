//! Code actions: quick fixes for what a diagnostic (or a declaration) says is missing — a
//! `check` on a call whose error is not handled, an import for an unknown module prefix, a
//! `Config.toml` entry for a required configurable, the methods an included object type
//! declares and a class does not define.
use crate::analysis::Analysis;
use crate::host::AnalysisHost;
use crate::FileDiagnostic;
use intc_sema::{ItemRef, Type, TypeArena, TypeId};
use intc_span::{FileId, Span};
use intc_syntax::ast;
use std::path::{Path, PathBuf};

/// A fix: its title, its edits and the diagnostic it fixes (if one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub edits: Vec<FileEdit>,
    pub fixes: Option<FileDiagnostic>,
}

/// One replacement in a file, in bytes of its current text; `create` when the file does not
/// exist yet (it is created empty, then the edit applies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    pub path: PathBuf,
    pub start: u32,
    pub end: u32,
    pub new_text: String,
    pub create: bool,
}

impl AnalysisHost {
    /// The fixes for the diagnostics and declarations overlapping `start..end` of `path`.
    pub fn code_actions(&self, path: &Path, start: u32, end: u32) -> Vec<CodeAction> {
        let Ok(analysis) = self.analysis(path) else {
            return Vec::new();
        };
        let Some(file) = analysis.file_id(path) else {
            return Vec::new();
        };
        let overlaps = |s: u32, e: u32| s <= end && start <= e;
        let mut actions = Vec::new();
        let mut classes_done = Vec::new();
        for d in analysis.diagnostics(path) {
            if !overlaps(d.start, d.end) {
                continue;
            }
            let span = Span::new(file, d.start, d.end);
            let action = match d.code {
                "E0200" | "E0207" => analysis.add_check(path, span),
                "E0101" => self.add_import(&analysis, path, &d.message),
                "E0213" if d.message.starts_with("no implementation found") => {
                    match analysis.enclosing_item(span) {
                        Some(item) if !classes_done.contains(&item) => {
                            classes_done.push(item);
                            analysis.implement_methods(path, item)
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            if let Some(mut action) = action {
                action.fixes = Some(d.clone());
                actions.push(action);
            }
        }
        actions.extend(self.configurable_entries(&analysis, path, file, start, end));
        actions
    }

    /// `import ballerina/io;` (or a module of the project) for `undefined module 'io'`.
    fn add_import(&self, analysis: &Analysis, path: &Path, message: &str) -> Option<CodeAction> {
        let prefix = message
            .strip_prefix("undefined module '")?
            .strip_suffix('\'')?;
        let checked = analysis.checked();
        // A module of the project (`modules/<name>/`), imported or not yet.
        let root = self.program_root(path);
        let package = checked
            .modules
            .iter()
            .find(|m| m.is_root)
            .map(|m| m.name.clone());
        let project_module = package.filter(|_| {
            use intc_driver::FileSystem;
            self.overlay_fs().is_dir(&root.join("modules").join(prefix))
        });
        let import = match project_module {
            Some(package) => format!("import {package}.{prefix};"),
            None if self.std_module_names().iter().any(|n| n == prefix) => {
                format!("import ballerina/{prefix};")
            }
            None => return None,
        };
        let file = analysis.file_id(path)?;
        let at = analysis
            .ast(file)
            .and_then(|m| m.imports.last())
            .map(|i| i.span.end);
        let (offset, new_text) = match at {
            Some(end) => (end, format!("\n{import}")),
            None => (0, format!("{import}\n")),
        };
        Some(CodeAction {
            title: format!("Add '{import}'"),
            edits: vec![FileEdit {
                path: path.to_path_buf(),
                start: offset,
                end: offset,
                new_text,
                create: false,
            }],
            fixes: None,
        })
    }

    /// For each required configurable (`= ?`) declared in `start..end` that `Config.toml`
    /// gives no value: an entry with a placeholder value of its type.
    fn configurable_entries(
        &self,
        analysis: &Analysis,
        path: &Path,
        file: FileId,
        start: u32,
        end: u32,
    ) -> Vec<CodeAction> {
        let Some(ast) = analysis.ast(file) else {
            return Vec::new();
        };
        let checked = analysis.checked();
        let Some(module_id) = checked.module_of_file(file) else {
            return Vec::new();
        };
        let Some(module) = checked.modules.get(module_id.index()) else {
            return Vec::new();
        };
        let root = self.program_root(path);
        let (config, project) = if root.extension().is_some_and(|e| e == "int") {
            (root.with_file_name("Config.toml"), false)
        } else {
            (root.join("Config.toml"), true)
        };
        let existing = self.file_text(&config);
        let table: toml::Table = existing
            .as_deref()
            .and_then(|t| t.parse().ok())
            .unwrap_or_default();
        // The key parts of the module's table: `[package]`-less for the root module.
        let section: Vec<String> = if module.is_root || !project {
            Vec::new()
        } else {
            module.name.split('.').map(str::to_owned).collect()
        };
        let mut actions = Vec::new();
        for item in &ast.items {
            let ast::Item::Var(var) = item else { continue };
            let (true, ast::VarInit::Required(_)) = (var.is_configurable, &var.init) else {
                continue;
            };
            let ast::BindingPatternKind::Capture(name) = &var.binding.kind else {
                continue;
            };
            if !(var.span.start <= end && start <= var.span.end) {
                continue;
            }
            let mut candidates = vec![[section.clone(), vec![name.name.clone()]].concat()];
            if project {
                let mut package = vec![module.name.split('.').next().unwrap_or("").to_owned()];
                if !section.is_empty() {
                    package = section.clone();
                }
                candidates.push([package.clone(), vec![name.name.clone()]].concat());
                candidates
                    .push([vec![module.org.clone()], package, vec![name.name.clone()]].concat());
            }
            if candidates.iter().any(|keys| has_key(&table, keys)) {
                continue;
            }
            let ty = checked
                .globals
                .iter()
                .find(|g| g.module == module_id && g.name == name.name)
                .map_or(TypeArena::UNKNOWN, |g| g.ty);
            let line = format!("{} = {}\n", name.name, placeholder(analysis, ty));
            let text = existing.as_deref().unwrap_or("");
            let (at, new_text) = if section.is_empty() {
                (0, line)
            } else {
                let header = format!("[{}]", section.join("."));
                // `split_inclusive` keeps each line's `\r\n` or `\n`, so offsets add up.
                match text.split_inclusive('\n').position(|l| l.trim() == header) {
                    Some(index) => {
                        let offset: usize = text
                            .split_inclusive('\n')
                            .take(index + 1)
                            .map(str::len)
                            .sum();
                        let gap = if text[..offset].ends_with('\n') {
                            ""
                        } else {
                            "\n"
                        };
                        (offset, format!("{gap}{line}"))
                    }
                    None => {
                        let gap = if text.is_empty() || text.ends_with("\n\n") {
                            ""
                        } else if text.ends_with('\n') {
                            "\n"
                        } else {
                            "\n\n"
                        };
                        (text.len(), format!("{gap}{header}\n{line}"))
                    }
                }
            };
            actions.push(CodeAction {
                title: format!("Add '{}' to Config.toml", name.name),
                edits: vec![FileEdit {
                    path: config.clone(),
                    start: at as u32,
                    end: at as u32,
                    new_text,
                    create: existing.is_none(),
                }],
                fixes: None,
            });
        }
        actions
    }
}

/// Whether the nested tables of `table` hold `keys`.
fn has_key(table: &toml::Table, keys: &[String]) -> bool {
    let Some((last, tables)) = keys.split_last() else {
        return false;
    };
    let mut current = table;
    for key in tables {
        match current.get(key) {
            Some(toml::Value::Table(inner)) => current = inner,
            _ => return false,
        }
    }
    current.contains_key(last)
}

/// A TOML value of type `ty` to edit.
fn placeholder(analysis: &Analysis, ty: TypeId) -> &'static str {
    match analysis.checked().types.get(ty) {
        Type::Int | Type::IntSubtype(_) => "0",
        Type::Float | Type::Decimal => "0.0",
        Type::Boolean => "false",
        Type::Array { .. } | Type::Tuple { .. } => "[]",
        Type::Map(_) | Type::Record(_) => "{}",
        _ => "\"\"",
    }
}

impl Analysis {
    /// `check` before the call a mismatch or an unhandled error is about.
    fn add_check(&self, path: &Path, span: Span) -> Option<CodeAction> {
        let (expr, key) = self
            .exprs
            .iter()
            .filter(|(s, _)| s.file == span.file && span.start <= s.start && s.end <= span.end)
            .min_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)))
            .copied()?;
        if !self.checked().calls.contains_key(&key) || !self.has_error_part(self.type_of(key)) {
            return None;
        }
        Some(CodeAction {
            title: "Add 'check'".to_owned(),
            edits: vec![FileEdit {
                path: path.to_path_buf(),
                start: expr.start,
                end: expr.start,
                new_text: "check ".to_owned(),
                create: false,
            }],
            fixes: None,
        })
    }

    /// Whether a type is a union of errors and something else (`T|error`).
    fn has_error_part(&self, ty: TypeId) -> bool {
        let types = &self.checked().types;
        let Type::Union(members) = types.get(ty) else {
            return false;
        };
        let errors = members
            .iter()
            .filter(|m| types.is_subtype(**m, TypeArena::ERROR))
            .count();
        errors > 0 && errors < members.len()
    }

    /// Stubs of the methods the object types a class includes declare and it does not
    /// define, inserted before its closing brace.
    fn implement_methods(&self, path: &Path, class_span: Span) -> Option<CodeAction> {
        let item = self
            .ast(class_span.file)?
            .items
            .iter()
            .find(|i| crate::navigate::item_span(i) == class_span)?;
        let ast::Item::Class(class) = item else {
            return None;
        };
        let defined: Vec<&str> = class
            .members
            .iter()
            .filter_map(|m| match m {
                ast::ClassMember::Method(d) => Some(d.name.name.as_str()),
                _ => None,
            })
            .collect();
        let mut stubs: Vec<(String, String)> = Vec::new();
        for member in &class.members {
            if let ast::ClassMember::Inclusion(desc) = member {
                self.declared_methods(desc, &mut stubs, 0);
            }
        }
        stubs.retain(|(name, _)| !defined.contains(&name.as_str()));
        stubs.dedup_by(|a, b| a.0 == b.0);
        if stubs.is_empty() {
            return None;
        }
        let text = self.text_of(class_span.file);
        let close = class_span.end.checked_sub(1)? as usize;
        let body = text.get(..close)?;
        let at = body.trim_end().len();
        let mut new_text = String::new();
        for (i, (_, declaration)) in stubs.iter().enumerate() {
            let gap = if i == 0 && body.trim_end().ends_with('{') {
                "\n"
            } else {
                "\n\n"
            };
            new_text.push_str(&format!(
                "{gap}    {declaration} {{\n        panic error(\"unimplemented\");\n    }}"
            ));
        }
        Some(CodeAction {
            title: format!("Implement the missing methods of '{}'", class.name.name),
            edits: vec![FileEdit {
                path: path.to_path_buf(),
                start: at as u32,
                end: at as u32,
                new_text,
                create: false,
            }],
            fixes: None,
        })
    }

    /// The methods (name, declaration without its `;`) of the object type `desc` names,
    /// with those of the types it includes.
    fn declared_methods(&self, desc: &ast::TypeDesc, out: &mut Vec<(String, String)>, depth: u8) {
        let ast::TypeDescKind::Named { name, .. } = &desc.kind else {
            return;
        };
        let Some((_, crate::analysis::Def::Item(intc_sema::model_ide::ItemSymbol::TypeDef(id)))) =
            self.name_at(name.span.file, name.span.start)
        else {
            return;
        };
        let Some(def) = self.checked().type_defs.get(id.index()) else {
            return;
        };
        let source: ItemRef = def.source;
        let Some(ast::Item::TypeDef(d)) = self.item(source) else {
            return;
        };
        let ast::TypeDescKind::Object { members, .. } = &d.ty.kind else {
            return;
        };
        for member in members {
            match member {
                ast::ObjectTypeMember::Method { name, span, .. } => {
                    let text = self.text_of(span.file).get(span.range()).unwrap_or("");
                    let declaration = text.trim().trim_end_matches(';').trim_end().to_owned();
                    out.push((name.name.clone(), declaration));
                }
                ast::ObjectTypeMember::Inclusion(inner) if depth < 8 => {
                    self.declared_methods(inner, out, depth + 1)
                }
                _ => {}
            }
        }
    }
}

impl AnalysisHost {
    fn std_module_names(&self) -> Vec<String> {
        self.options
            .std_modules
            .iter()
            .map(|m| m.name.clone())
            .collect()
    }
}
