//! Completion: keywords and names in scope, module members after `prefix:`, fields and
//! methods after `.`, and snippets for the common declarations.
use crate::analysis::{Analysis, Def};
use crate::host::AnalysisHost;
use crate::navigate::KEYWORDS;
use intc_sema::{ModuleId, Type, TypeId};
use intc_span::FileId;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    Variable,
    Function,
    Method,
    Field,
    Type,
    Class,
    Constant,
    Module,
    Snippet,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// A type or signature.
    pub detail: Option<String>,
    /// Snippet text (`$1`, `$0` tab stops) when it differs from the label.
    pub snippet: Option<String>,
}

/// The name inserted at the cursor so that `x.` parses as a field access and `x` is typed.
pub(crate) const PLACEHOLDER: &str = "intcCompletionPlaceholder";

const SNIPPETS: &[(&str, &str)] = &[
    ("main", "public function main() {\n\t$0\n}"),
    ("function", "function ${1:name}(${2}) {\n\t$0\n}"),
    (
        "service",
        "service /${1:path} on new http:Listener(${2:8080}) {\n\tresource function get ${3:hello}() returns string {\n\t\t$0\n\t}\n}",
    ),
    (
        "resource function",
        "resource function ${1:get} ${2:path}() returns ${3:string} {\n\t$0\n}",
    ),
];

impl AnalysisHost {
    /// The expression of `text` ending at `base_end` typed on its own: the text re-checked
    /// with a member access of a placeholder after it, the brackets open there closed and the
    /// rest of the cursor's line dropped, so that what is half-written after the expression
    /// (an access, a call's arguments, a resource path) does not stop the checker. The
    /// analysis of that text, and the expression's type.
    pub(crate) fn type_of_base(
        &self,
        path: &Path,
        text: &str,
        base_end: usize,
        offset: usize,
    ) -> Option<(Analysis, TypeId)> {
        let patched = format!(
            "{}.{PLACEHOLDER}{};{}",
            &text[..base_end],
            crate::scan::closers(text, base_end),
            &text[crate::scan::line_end(text, offset)..]
        );
        let analysis = self.analysis_with_text(path, &patched).ok()?;
        let ty = analysis.type_ending_at(path, base_end as u32)?;
        Some((analysis, ty))
    }

    /// What may be written at `offset` of `path`.
    pub fn completions(&self, path: &Path, offset: u32) -> Vec<CompletionItem> {
        let Some(text) = self.file_text(path) else {
            return Vec::new();
        };
        let offset = (offset as usize).min(text.len());
        if !text.is_char_boundary(offset) {
            return Vec::new();
        }
        let word_start = text[..offset]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .last()
            .map_or(offset, |(i, _)| i);
        let before = &text[..word_start];
        if let Some(items) = self.resource_path_completions(path, &text, word_start, offset) {
            return items;
        }
        if before.ends_with('.') || before.ends_with("->") {
            return self.member_completions(path, &text, word_start, offset);
        }
        if let Some(prefix_end) = before.strip_suffix(':').map(str::len) {
            if !before.ends_with("::") {
                let prefix_start = text[..prefix_end]
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
                    .last()
                    .map_or(prefix_end, |(i, _)| i);
                let prefix = &text[prefix_start..prefix_end];
                if !prefix.is_empty() {
                    return self
                        .analysis(path)
                        .map(|a| a.module_member_completions(path, prefix))
                        .unwrap_or_default();
                }
            }
        }
        if let Some(items) = self.mapping_field_completions(path, &text, word_start, offset) {
            return items;
        }
        match self.analysis(path) {
            Ok(analysis) => analysis.scope_completions(path, offset as u32),
            Err(_) => keyword_items(),
        }
    }

    fn member_completions(
        &self,
        path: &Path,
        text: &str,
        word_start: usize,
        offset: usize,
    ) -> Vec<CompletionItem> {
        // The rest of the line empty: close the statement so the placeholder's statement parses.
        let rest_of_line = text[offset..].split('\n').next().unwrap_or("");
        let closing = if rest_of_line.trim().is_empty() {
            ";"
        } else {
            ""
        };
        let patched = format!(
            "{}{PLACEHOLDER}{closing}{}",
            &text[..word_start],
            &text[offset..]
        );
        let Ok(analysis) = self.analysis_with_text(path, &patched) else {
            return Vec::new();
        };
        let Some(file) = analysis.file_id(path) else {
            return Vec::new();
        };
        let dot = text[..word_start]
            .trim_end_matches('>')
            .trim_end_matches(['.', '-', '?']);
        let base_end = dot.len() as u32;
        let Some(base) = analysis
            .exprs
            .iter()
            .filter(|(s, _)| s.file == file && s.end == base_end)
            .min_by_key(|(s, _)| s.start)
            .map(|(_, k)| *k)
        else {
            return Vec::new();
        };
        analysis.members_of(analysis.type_of(base))
    }
}

impl Analysis {
    /// The fields and methods of a value of type `ty`, with the lang library's functions
    /// that take it as their first argument.
    fn members_of(&self, ty: TypeId) -> Vec<CompletionItem> {
        let checked = self.checked();
        let ty = self.without_nil(ty);
        let mut items = Vec::new();
        match checked.types.get(ty) {
            Type::Record(record) => {
                for field in &record.fields {
                    items.push(item(
                        &field.name,
                        CompletionKind::Field,
                        Some(self.show_type(field.ty)),
                    ));
                }
            }
            Type::Object(object) => {
                for field in &object.fields {
                    items.push(item(
                        &field.name,
                        CompletionKind::Field,
                        Some(self.show_type(field.ty)),
                    ));
                }
                for method in &object.methods {
                    if method.name.starts_with('$') || method.name.starts_with('/') {
                        continue;
                    }
                    items.push(item(
                        &method.name,
                        CompletionKind::Method,
                        Some(self.show_type(method.ty)),
                    ));
                }
            }
            _ => {}
        }
        for module in lang_modules(checked.types.get(ty)) {
            for name in public_lang_functions(module) {
                items.push(item(
                    &name,
                    CompletionKind::Method,
                    Some(format!("lang.{module}")),
                ));
            }
        }
        items
    }

    /// The public members of the module imported as `prefix` in `path`.
    fn module_member_completions(&self, path: &Path, prefix: &str) -> Vec<CompletionItem> {
        let Some(file) = self.file_id(path) else {
            return Vec::new();
        };
        let Some(module) = self.imported_module(file, prefix) else {
            return public_lang_functions(prefix)
                .into_iter()
                .map(|name| {
                    item(
                        &name,
                        CompletionKind::Function,
                        Some(format!("lang.{prefix}")),
                    )
                })
                .collect();
        };
        self.module_items(module, true)
    }

    pub(crate) fn imported_module(&self, file: FileId, prefix: &str) -> Option<ModuleId> {
        let ast = self.ast(file)?;
        let import = ast.imports.iter().find(|i| {
            i.prefix.as_ref().map(|p| p.name.as_str()) == Some(prefix)
                || (i.prefix.is_none() && i.path.last().map(|p| p.name.as_str()) == Some(prefix))
        })?;
        let last = import.path.last()?.name.as_str();
        let dotted: Vec<&str> = import.path.iter().map(|p| p.name.as_str()).collect();
        let dotted = dotted.join(".");
        let checked = self.checked();
        let index = checked.modules.iter().position(|m| {
            m.name == dotted || m.name.ends_with(&format!(".{dotted}")) || m.name == last
        })?;
        Some(ModuleId(index as u32))
    }

    /// The module-level definitions of a module (only the public ones from outside).
    fn module_items(&self, module: ModuleId, public_only: bool) -> Vec<CompletionItem> {
        let checked = self.checked();
        let mut items = Vec::new();
        for f in &checked.functions {
            if f.module == module
                && (f.is_public || !public_only)
                && f.member.is_none()
                && f.source.is_some()
                && !f.name.starts_with('$')
                && f.name != "init"
            {
                items.push(item(
                    &f.name,
                    CompletionKind::Function,
                    Some(self.signature(f)),
                ));
            }
        }
        for t in &checked.type_defs {
            if t.module == module && (t.is_public || !public_only) {
                items.push(item(&t.name, CompletionKind::Type, None));
            }
        }
        for c in &checked.classes {
            if c.module == module
                && (c.is_public || !public_only)
                && matches!(c.source, intc_sema::ClassSource::Item(_))
            {
                items.push(item(&c.name, CompletionKind::Class, None));
            }
        }
        for c in &checked.constants {
            if c.module == Some(module) && (c.is_public || !public_only) {
                items.push(item(
                    &c.name,
                    CompletionKind::Constant,
                    Some(self.show_type(c.ty)),
                ));
            }
        }
        for g in &checked.globals {
            if g.module == module && (g.is_public || !public_only) {
                items.push(item(
                    &g.name,
                    CompletionKind::Variable,
                    Some(self.show_type(g.ty)),
                ));
            }
        }
        items
    }

    /// Keywords, snippets, import prefixes, the module's definitions and the locals
    /// declared before `offset` in the same declaration.
    fn scope_completions(&self, path: &Path, offset: u32) -> Vec<CompletionItem> {
        let mut items = keyword_items();
        let Some(file) = self.file_id(path) else {
            return items;
        };
        if let Some(ast) = self.ast(file) {
            for import in &ast.imports {
                let prefix = import.prefix.as_ref().or(import.path.last());
                if let Some(prefix) = prefix {
                    items.push(item(&prefix.name, CompletionKind::Module, None));
                }
            }
        }
        if let Some(module) = self.checked().module_of_file(file) {
            items.extend(self.module_items(module, false));
        }
        let here = intc_span::Span::new(file, offset, offset);
        if let Some(enclosing) = self.enclosing_item(here) {
            let mut locals: Vec<(u32, String, CompletionItem)> = self
                .def_spans
                .iter()
                .filter(|(d, s)| {
                    matches!(d, Def::Local(_))
                        && s.file == file
                        && enclosing.start <= s.start
                        && s.end <= offset
                })
                .filter_map(|(d, s)| {
                    let name = self.text_of(file).get(s.range())?.to_owned();
                    let detail = match d {
                        Def::Local(key) => self.local_type(*key).map(|t| self.show_type(t)),
                        Def::Item(_) => None,
                    };
                    Some((
                        s.start,
                        name.clone(),
                        item(&name, CompletionKind::Variable, detail),
                    ))
                })
                .collect();
            locals.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
            let mut seen = std::collections::HashSet::new();
            for (_, name, completion) in locals {
                if seen.insert(name) {
                    items.push(completion);
                }
            }
        }
        items
    }
}

fn item(label: &str, kind: CompletionKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind,
        detail,
        snippet: None,
    }
}

fn keyword_items() -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = KEYWORDS
        .iter()
        .map(|k| item(k, CompletionKind::Keyword, None))
        .collect();
    items.extend(SNIPPETS.iter().map(|(label, body)| CompletionItem {
        label: (*label).to_owned(),
        kind: CompletionKind::Snippet,
        detail: Some("snippet".to_owned()),
        snippet: Some((*body).to_owned()),
    }));
    items
}

/// The lang library modules whose functions take a value of this type first.
pub(crate) fn lang_modules(ty: &Type) -> Vec<&'static str> {
    let specific = match ty {
        Type::Int | Type::IntSubtype(_) => Some("int"),
        Type::Float => Some("float"),
        Type::Decimal => Some("decimal"),
        Type::String | Type::StringChar => Some("string"),
        Type::Boolean => Some("boolean"),
        Type::Array { .. } | Type::Tuple { .. } => Some("array"),
        Type::Map(_) | Type::Record(_) => Some("map"),
        Type::Xml | Type::XmlItem(_) | Type::XmlSequence(_) => Some("xml"),
        Type::Table { .. } => Some("table"),
        Type::Stream { .. } => Some("stream"),
        Type::Error(_) => Some("error"),
        Type::Function(_) | Type::AnyFunction => Some("function"),
        Type::Typedesc(_) => Some("typedesc"),
        Type::RegExp => Some("regexp"),
        _ => None,
    };
    specific.into_iter().chain(["value"]).collect()
}

/// The names of a lang module's public functions, read from its declarations.
fn public_lang_functions(module: &str) -> Vec<String> {
    let Some(source) = intc_langlib::source(module) else {
        return Vec::new();
    };
    let mut names: Vec<String> = source
        .lines()
        .filter(|line| line.starts_with("public "))
        .filter_map(|line| {
            let after = line.split_once("function ")?.1;
            let name = after.split('(').next()?.trim();
            (!name.is_empty()).then(|| name.to_owned())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}
