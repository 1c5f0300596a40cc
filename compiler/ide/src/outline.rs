//! Document symbols, folding ranges and inlay hints: the shape of one file.
use crate::analysis::{Analysis, Def};
use intc_span::Span;
use intc_syntax::ast;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Function,
    Method,
    Resource,
    Service,
    Class,
    Type,
    Enum,
    Constant,
    Variable,
    Field,
    Annotation,
}

/// A declaration of a file, with its members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// The whole declaration.
    pub start: u32,
    pub end: u32,
    /// Its name (or keyword, for a service).
    pub name_start: u32,
    pub name_end: u32,
    pub children: Vec<Symbol>,
}

/// A foldable range, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoldingRange {
    pub start: u32,
    pub end: u32,
}

/// A type shown after a name declared with `var`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: u32,
    pub label: String,
}

impl Analysis {
    /// The services, resources, functions, types, classes, constants and variables declared
    /// in a file.
    pub fn document_symbols(&self, path: &Path) -> Vec<Symbol> {
        let Some(file) = self.file_id(path) else {
            return Vec::new();
        };
        let Some(module) = self.ast(file) else {
            return Vec::new();
        };
        module
            .items
            .iter()
            .filter_map(|item| self.item_symbol(item))
            .collect()
    }

    pub(crate) fn item_symbol(&self, item: &ast::Item) -> Option<Symbol> {
        let symbol = |name: &ast::Ident, kind, span: Span, children| Symbol {
            name: name.name.clone(),
            kind,
            start: span.start,
            end: span.end,
            name_start: name.span.start,
            name_end: name.span.end,
            children,
        };
        Some(match item {
            ast::Item::Function(d) => symbol(&d.name, SymbolKind::Function, d.span, Vec::new()),
            ast::Item::TypeDef(d) => {
                let fields = match &d.ty.kind {
                    ast::TypeDescKind::Record(r) => r
                        .fields
                        .iter()
                        .map(|f| symbol(&f.name, SymbolKind::Field, f.span, Vec::new()))
                        .collect(),
                    _ => Vec::new(),
                };
                symbol(&d.name, SymbolKind::Type, d.span, fields)
            }
            ast::Item::Const(d) => symbol(&d.name, SymbolKind::Constant, d.span, Vec::new()),
            ast::Item::Var(d) => {
                let ast::BindingPatternKind::Capture(name) = &d.binding.kind else {
                    return None;
                };
                symbol(name, SymbolKind::Variable, d.span, Vec::new())
            }
            ast::Item::Class(d) => symbol(&d.name, SymbolKind::Class, d.span, members(&d.members)),
            ast::Item::Enum(d) => {
                let children = d
                    .members
                    .iter()
                    .map(|m| symbol(&m.name, SymbolKind::Constant, m.span, Vec::new()))
                    .collect();
                symbol(&d.name, SymbolKind::Enum, d.span, children)
            }
            ast::Item::Annotation(d) => symbol(&d.name, SymbolKind::Annotation, d.span, Vec::new()),
            ast::Item::Service(s) => {
                let children = match &s.body.kind {
                    ast::ExprKind::ObjectConstructor { members: m, .. } => members(m),
                    _ => Vec::new(),
                };
                let path = service_path(self.text_of(s.span.file), s);
                let keyword = ast::Ident {
                    name: format!("service {path}").trim_end().to_owned(),
                    span: Span::new(s.span.file, s.span.start, s.span.start + 7),
                };
                symbol(&keyword, SymbolKind::Service, s.span, children)
            }
            ast::Item::Xmlns(_) | ast::Item::Error(_) => return None,
        })
    }

    /// Declarations and blocks spanning more than one line.
    pub fn folding_ranges(&self, path: &Path) -> Vec<FoldingRange> {
        let Some(file) = self.file_id(path) else {
            return Vec::new();
        };
        let text = self.text_of(file);
        let mut ranges: Vec<FoldingRange> = Vec::new();
        let mut add = |span: Span| {
            let inner = text.get(span.range()).unwrap_or("");
            if inner.contains('\n') {
                ranges.push(FoldingRange {
                    start: span.start,
                    end: span.end,
                });
            }
        };
        if let Some(module) = self.ast(file) {
            if let (Some(first), Some(last)) = (module.imports.first(), module.imports.last()) {
                add(first.span.to(last.span));
            }
            for item in &module.items {
                add(crate::navigate::item_span(item));
                let members = match item {
                    ast::Item::Class(c) => c.members.as_slice(),
                    ast::Item::Service(s) => match &s.body.kind {
                        ast::ExprKind::ObjectConstructor { members, .. } => members.as_slice(),
                        _ => &[],
                    },
                    _ => &[],
                };
                for member in members {
                    if let ast::ClassMember::Method(m) = member {
                        add(m.span);
                    }
                }
            }
        }
        ranges
    }

    /// The inferred type of each variable declared with `var`.
    pub fn inlay_hints(&self, path: &Path) -> Vec<InlayHint> {
        let Some(file) = self.file_id(path) else {
            return Vec::new();
        };
        let text = self.text_of(file);
        let mut hints: Vec<InlayHint> = self
            .def_spans
            .iter()
            .filter_map(|(def, span)| {
                let Def::Local(key) = def else { return None };
                if span.file != file {
                    return None;
                }
                let before = text.get(..span.start as usize)?.trim_end();
                let is_var = before.ends_with("var")
                    && !before[..before.len() - 3]
                        .ends_with(|c: char| c.is_alphanumeric() || c == '_');
                if !is_var {
                    return None;
                }
                let ty = self.local_type(*key)?;
                Some(InlayHint {
                    offset: span.end,
                    label: format!(": {}", self.show_type(ty)),
                })
            })
            .collect();
        hints.sort_by_key(|h| h.offset);
        hints
    }
}

fn members(members: &[ast::ClassMember]) -> Vec<Symbol> {
    members
        .iter()
        .filter_map(|m| match m {
            ast::ClassMember::Method(f) => {
                let (name, kind) = match intc_syntax::resource::display_method(&f.name.name) {
                    Some(shown) => (shown, SymbolKind::Resource),
                    None => (f.name.name.clone(), SymbolKind::Method),
                };
                Some(Symbol {
                    name,
                    kind,
                    start: f.span.start,
                    end: f.span.end,
                    name_start: f.name.span.start,
                    name_end: f.name.span.end,
                    children: Vec::new(),
                })
            }
            ast::ClassMember::Field(f) => Some(Symbol {
                name: f.name.name.clone(),
                kind: SymbolKind::Field,
                start: f.span.start,
                end: f.span.end,
                name_start: f.name.span.start,
                name_end: f.name.span.end,
                children: Vec::new(),
            }),
            ast::ClassMember::Inclusion(_) => None,
        })
        .collect()
}

/// The text between `service` and `on` (the attach point), as written.
fn service_path(text: &str, service: &ast::ServiceDecl) -> String {
    let end = service
        .listeners
        .first()
        .map_or(service.body.span.start, |l| l.span.start);
    let between = text
        .get(service.span.start as usize..end as usize)
        .unwrap_or("");
    let between = between.trim_start_matches("service");
    let before_on = between.rsplit_once(" on").map_or(between, |(b, _)| b);
    before_on.trim().to_owned()
}
