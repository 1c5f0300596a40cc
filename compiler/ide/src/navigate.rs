//! Hover, go to definition, find references and rename.
use crate::analysis::{Analysis, Def, Location};
use intc_sema::model_ide::ItemSymbol;
use intc_sema::{CallTarget, ClassSource, FunctionInfo, ItemRef, NodeKey, Type, TypeId};
use intc_span::{FileId, Span};
use intc_syntax::ast;
use std::path::Path;

/// What hovering over a range shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub start: u32,
    pub end: u32,
    /// Markdown: the declaration or type in a code block, then its doc comment.
    pub markdown: String,
}

/// One replacement of a rename.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub location: Location,
    pub new_text: String,
}

/// Why a rename was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

/// The reserved words a name may not be (without a leading `'`).
pub(crate) const KEYWORDS: &[&str] = &[
    "import",
    "as",
    "public",
    "private",
    "external",
    "final",
    "function",
    "object",
    "record",
    "returns",
    "client",
    "const",
    "typeof",
    "int",
    "byte",
    "float",
    "decimal",
    "boolean",
    "string",
    "error",
    "map",
    "json",
    "xml",
    "xmlns",
    "any",
    "anydata",
    "typedesc",
    "type",
    "handle",
    "readonly",
    "never",
    "var",
    "new",
    "if",
    "else",
    "match",
    "foreach",
    "while",
    "continue",
    "break",
    "panic",
    "trap",
    "return",
    "in",
    "lock",
    "start",
    "wait",
    "worker",
    "fork",
    "flush",
    "future",
    "table",
    "stream",
    "check",
    "checkpanic",
    "is",
    "enum",
    "isolated",
    "distinct",
    "configurable",
    "fail",
    "do",
    "on",
    "null",
    "true",
    "false",
    "let",
    "class",
    "service",
    "remote",
    "resource",
    "transactional",
    "transaction",
    "commit",
    "rollback",
    "retry",
    "annotation",
    "listener",
];

impl Analysis {
    /// The type (or declaration) and doc comment of what is at `offset`.
    pub fn hover(&self, path: &Path, offset: u32) -> Option<Hover> {
        let file = self.file_id(path)?;
        if let Some((span, def)) = self.name_at(file, offset) {
            let (code, doc) = self.describe(def);
            return Some(hover(span, &code, &doc));
        }
        if let Some((span, target)) = self.member_at(file, offset) {
            let (code, doc) = match target {
                Member::Function(id) => self.describe_function(id),
                Member::Field { ty, name, .. } => {
                    (format!("{} {name}", self.show_type(ty)), Vec::new())
                }
            };
            return Some(hover(span, &code, &doc));
        }
        let (span, key) = self.expr_at(file, offset)?;
        let ty = self.type_of(key);
        Some(hover(span, &self.show_type(ty), &[]))
    }

    /// Where what is at `offset` is defined.
    pub fn definition(&self, path: &Path, offset: u32) -> Option<Location> {
        let file = self.file_id(path)?;
        if let Some((_, def)) = self.name_at(file, offset) {
            let span = *self.def_spans.get(&def)?;
            return self.location(span);
        }
        match self.member_at(file, offset)?.1 {
            Member::Function(id) => self.location(self.function_name_span(id)?),
            Member::Field { def, .. } => self.location(def?),
        }
    }

    /// Every occurrence of what is at `offset` (its definition first when asked for).
    pub fn references(&self, path: &Path, offset: u32, include_definition: bool) -> Vec<Location> {
        let Some(file) = self.file_id(path) else {
            return Vec::new();
        };
        let Some((_, def)) = self.name_at(file, offset) else {
            return self.member_references(file, offset, include_definition);
        };
        let definition = self.def_spans.get(&def).copied();
        let mut spans = self.occurrences(def);
        spans.retain(|s| include_definition || Some(*s) != definition);
        spans.sort_by_key(|s| (Some(*s) != definition, s.file, s.start));
        spans.into_iter().filter_map(|s| self.location(s)).collect()
    }

    /// The edits renaming what is at `offset` to `new_name`, or why that would change the
    /// program's meaning.
    pub fn rename(
        &self,
        path: &Path,
        offset: u32,
        new_name: &str,
    ) -> Result<Vec<TextEdit>, RenameError> {
        let refuse = |why: String| Err(RenameError(why));
        let file = self
            .file_id(path)
            .ok_or_else(|| RenameError("the file is not part of the program".into()))?;
        let Some((_, def)) = self.name_at(file, offset) else {
            return self.rename_member(file, offset, new_name);
        };
        if !is_identifier(new_name) {
            return refuse(format!("'{new_name}' is not an identifier"));
        }
        let definition = self.def_spans.get(&def).copied();
        let Some(definition) = definition else {
            return refuse("the definition is not in the program's source".into());
        };
        if !matches!(self.key(definition.file), Some(crate::FileKey::Disk(_))) {
            return refuse("the definition is in the standard library".into());
        }
        if let Some(clash) = self.rename_clash(def, definition, new_name) {
            return refuse(clash);
        }
        Ok(self
            .occurrences(def)
            .into_iter()
            .filter_map(|s| {
                Some(TextEdit {
                    location: self.location(s)?,
                    new_text: new_name.to_owned(),
                })
            })
            .collect())
    }

    /// A definition of `new_name` the renamed one would collide with or be captured by.
    fn rename_clash(&self, def: Def, definition: Span, new_name: &str) -> Option<String> {
        let checked = self.checked();
        let module_files = |file: FileId| -> Vec<FileId> {
            checked
                .module_of_file(file)
                .and_then(|m| checked.modules.get(m.index()))
                .map(|m| m.files.clone())
                .unwrap_or_else(|| vec![file])
        };
        let files = module_files(definition.file);
        let same_name = |span: &Span| self.text_of(span.file).get(span.range()) == Some(new_name);
        // Module-level names of the module, and (for a local) locals of the same function.
        let item = self
            .def_spans
            .iter()
            .find(|(d, s)| matches!(d, Def::Item(_)) && files.contains(&s.file) && same_name(s));
        if let Some((_, span)) = item {
            return Some(format!(
                "'{new_name}' is already defined in this module (line {})",
                self.line_of(*span)
            ));
        }
        let enclosing = self.enclosing_item(definition)?;
        let local = self.def_spans.iter().find(|(d, s)| {
            matches!(d, Def::Local(_))
                && s.file == definition.file
                && enclosing.start <= s.start
                && s.end <= enclosing.end
                && same_name(s)
        });
        match (def, local) {
            (_, Some((_, span))) => Some(format!(
                "'{new_name}' is already a variable of this function (line {})",
                self.line_of(*span)
            )),
            _ => None,
        }
    }

    fn line_of(&self, span: Span) -> u32 {
        self.output
            .source_map
            .get(span.file)
            .map(|f| f.line_of(span.start) + 1)
            .unwrap_or(0)
    }

    /// The module-level declaration whose text holds a span.
    pub(crate) fn enclosing_item(&self, span: Span) -> Option<Span> {
        self.ast(span.file)?
            .items
            .iter()
            .map(item_span)
            .find(|s| s.start <= span.start && span.end <= s.end)
    }

    /// A declaration in Ballerina's words, and its doc comment.
    pub(crate) fn describe(&self, def: Def) -> (String, Vec<String>) {
        let checked = self.checked();
        match def {
            Def::Local(key) => {
                let ty = checked.local_types.get(&key).copied();
                let name = self.name_text(self.def_spans.get(&def).copied());
                match ty {
                    Some(ty) => (format!("{} {name}", self.show_type(ty)), Vec::new()),
                    None => (name, Vec::new()),
                }
            }
            Def::Item(ItemSymbol::Function(id)) => self.describe_function(id),
            Def::Item(ItemSymbol::Global(id)) => match checked.globals.get(id.index()) {
                Some(g) => {
                    let doc = match self.item(g.source) {
                        Some(ast::Item::Var(v)) => v.doc.clone(),
                        _ => Vec::new(),
                    };
                    (format!("{} {}", self.show_type(g.ty), g.name), doc)
                }
                None => (String::new(), Vec::new()),
            },
            Def::Item(ItemSymbol::Const(id)) => match checked.constants.get(id.index()) {
                Some(c) => (
                    format!("const {} {}", self.show_type(c.ty), c.name),
                    Vec::new(),
                ),
                None => (String::new(), Vec::new()),
            },
            Def::Item(ItemSymbol::TypeDef(id)) => match checked.type_defs.get(id.index()) {
                Some(t) => match self.item(t.source) {
                    Some(ast::Item::TypeDef(d)) => (self.source_text(d.span), d.doc.clone()),
                    Some(ast::Item::Enum(d)) => (self.source_text(d.span), d.doc.clone()),
                    _ => (format!("type {}", t.name), Vec::new()),
                },
                None => (String::new(), Vec::new()),
            },
            Def::Item(ItemSymbol::Class(id)) => match checked.classes.get(id.index()) {
                Some(c) => {
                    let doc = match c.source {
                        ClassSource::Item(r) => match self.item(r) {
                            Some(ast::Item::Class(d)) => d.doc.clone(),
                            _ => Vec::new(),
                        },
                        ClassSource::ObjectConstructor(_) => Vec::new(),
                    };
                    (format!("class {}", c.name), doc)
                }
                None => (String::new(), Vec::new()),
            },
        }
    }

    pub(crate) fn describe_function(&self, id: intc_sema::FunctionId) -> (String, Vec<String>) {
        let Some(f) = self.checked().functions.get(id.index()) else {
            return (String::new(), Vec::new());
        };
        let doc = self
            .function_def(f)
            .map(|d| d.doc.clone())
            .unwrap_or_default();
        (self.signature(f), doc)
    }

    /// `function name(int a, string... b) returns T`.
    pub(crate) fn signature(&self, f: &FunctionInfo) -> String {
        let params: Vec<String> = f
            .params
            .iter()
            .map(|p| {
                let rest = matches!(p.kind, intc_sema::ParamKindInfo::Rest);
                let ty = match (rest, self.checked().types.get(p.ty)) {
                    (true, Type::Array { element, .. }) => self.show_type(*element),
                    _ => self.show_type(p.ty),
                };
                format!("{ty}{} {}", if rest { "..." } else { "" }, p.name)
            })
            .collect();
        let ret = if f.ret == intc_sema::TypeArena::NIL {
            String::new()
        } else {
            format!(" returns {}", self.show_type(f.ret))
        };
        format!("function {}({}){ret}", f.name, params.join(", "))
    }

    pub(crate) fn item(&self, r: ItemRef) -> Option<&ast::Item> {
        self.output
            .modules
            .get(r.module.index())?
            .files
            .get(r.file_index)?
            .items
            .get(r.item)
    }

    /// The declaration of a function or method.
    pub(crate) fn function_def(&self, f: &FunctionInfo) -> Option<&ast::FunctionDef> {
        let item = self.item(f.source?)?;
        match (item, f.member) {
            (ast::Item::Function(d), None) => Some(d),
            (ast::Item::Class(c), Some(m)) => match c.members.get(m)? {
                ast::ClassMember::Method(d) => Some(d),
                _ => None,
            },
            (ast::Item::Service(s), Some(m)) => service_method(s, m),
            _ => None,
        }
    }

    pub(crate) fn function_name_span(&self, id: intc_sema::FunctionId) -> Option<Span> {
        let f = self.checked().functions.get(id.index())?;
        Some(self.function_def(f)?.name.span)
    }

    fn source_text(&self, span: Span) -> String {
        let text = self.text_of(span.file).get(span.range()).unwrap_or("");
        let lines: Vec<&str> = text.lines().take(24).collect();
        lines.join("\n")
    }

    fn name_text(&self, span: Option<Span>) -> String {
        span.and_then(|s| self.text_of(s.file).get(s.range()))
            .unwrap_or("")
            .to_owned()
    }

    /// A member named after `.` (a method call's method, a field) or a field name in a
    /// mapping constructor, with what it denotes.
    pub(crate) fn member_at(&self, file: FileId, offset: u32) -> Option<(Span, Member)> {
        let text = self.text_of(file);
        let (start, end) = word_at(text, offset)?;
        let span = Span::new(file, start, end);
        let name = text.get(start as usize..end as usize)?;
        let before = text.get(..start as usize)?.trim_end();
        let after = text.get(end as usize..)?.trim_start();
        // An assignment target (`self.n = 0`) is not a checked expression: no key then.
        let key = self.expr_at(file, offset).map(|(_, key)| key);
        let checked = self.checked();
        let arrow = before.ends_with("->");
        if before.ends_with('.') || arrow {
            if let Some(call) = key.and_then(|key| checked.calls.get(&key)) {
                if let CallTarget::Method {
                    function: Some(id), ..
                } = call.target
                {
                    return Some((span, Member::Function(id)));
                }
            }
            // `base.field`: the base is the expression ending at the dot.
            let dot = before.len() as u32 - if arrow { 2 } else { 1 };
            let base = self
                .exprs
                .iter()
                .filter(|(s, _)| {
                    s.file == file && s.end <= dot + 1 && s.end >= dot.saturating_sub(1)
                })
                .filter(|(s, _)| {
                    text.get(s.end as usize..dot as usize)
                        .is_some_and(|t| t.trim().is_empty() || t == "?")
                })
                .min_by_key(|(s, _)| s.start)
                .map(|(_, k)| *k)?;
            let ty = self.type_of(base);
            return self.field_of(ty, name).map(|m| (span, m));
        }
        if after.starts_with(':') && !after.starts_with("::") {
            // A field of a mapping constructor: its inherent type names the field.
            let ty = checked.operand_types.get(&key?).copied()?;
            return self.field_of(ty, name).map(|m| (span, m));
        }
        None
    }

    /// The field (or method) `name` of a record or object type (or of the one such type in
    /// an optional type), with its definition when the type is a named declaration.
    pub(crate) fn field_of(&self, ty: TypeId, name: &str) -> Option<Member> {
        let checked = self.checked();
        let ty = self.without_nil(ty);
        match checked.types.get(ty) {
            Type::Record(record) => {
                let field = record.fields.iter().find(|f| f.name == name)?;
                Some(Member::Field {
                    ty: field.ty,
                    name: field.name.clone(),
                    def: self.record_field_span(ty, name),
                })
            }
            Type::Object(object) => {
                if let Some(field) = object.fields.iter().find(|f| f.name == name) {
                    let def = object.class.and_then(|c| self.class_member_span(c, name));
                    return Some(Member::Field {
                        ty: field.ty,
                        name: field.name.clone(),
                        def,
                    });
                }
                let class = checked.classes.get(object.class?.index())?;
                let (_, id) = class.methods.iter().find(|(n, _)| n == name)?;
                Some(Member::Function(*id))
            }
            _ => None,
        }
    }

    /// `T?` → `T`; other types unchanged.
    pub(crate) fn without_nil(&self, ty: TypeId) -> TypeId {
        let checked = self.checked();
        if let Type::Union(members) = checked.types.get(ty) {
            let rest: Vec<TypeId> = members
                .iter()
                .copied()
                .filter(|m| !matches!(checked.types.get(*m), Type::Nil))
                .collect();
            if let [one] = rest.as_slice() {
                return *one;
            }
        }
        ty
    }

    /// The declaration of field `name` of a record type: in its type definition when it is
    /// named, else in the record type descriptor it was resolved from (an inline
    /// `record {| ... |}`).
    fn record_field_span(&self, ty: TypeId, name: &str) -> Option<Span> {
        self.named_record_field_span(ty, name).or_else(|| {
            self.record_fields
                .get(&ty)?
                .iter()
                .find(|s| self.text_of(s.file).get(s.range()) == Some(name))
                .copied()
        })
    }

    fn named_record_field_span(&self, ty: TypeId, name: &str) -> Option<Span> {
        let def = self.checked().type_defs.iter().find(|t| t.ty == ty)?;
        let ast::Item::TypeDef(d) = self.item(def.source)? else {
            return None;
        };
        let ast::TypeDescKind::Record(record) = &d.ty.kind else {
            return None;
        };
        Some(
            record
                .fields
                .iter()
                .find(|f| f.name.name == name)?
                .name
                .span,
        )
    }

    fn class_member_span(&self, class: intc_sema::ClassId, name: &str) -> Option<Span> {
        let info = self.checked().classes.get(class.index())?;
        let ClassSource::Item(r) = info.source else {
            return None;
        };
        let ast::Item::Class(c) = self.item(r)? else {
            return None;
        };
        c.members.iter().find_map(|m| match m {
            ast::ClassMember::Field(f) if f.name.name == name => Some(f.name.span),
            ast::ClassMember::Method(f) if f.name.name == name => Some(f.name.span),
            _ => None,
        })
    }

    /// The declared type of a local, for inlay hints.
    pub(crate) fn local_type(&self, key: NodeKey) -> Option<TypeId> {
        self.checked().local_types.get(&key).copied()
    }
}

/// A member access's target.
#[derive(Clone, Debug)]
pub(crate) enum Member {
    Function(intc_sema::FunctionId),
    Field {
        ty: TypeId,
        name: String,
        def: Option<Span>,
    },
}

fn hover(span: Span, code: &str, doc: &[String]) -> Hover {
    let mut markdown = format!("```ballerina\n{code}\n```");
    if !doc.is_empty() {
        markdown.push_str("\n\n");
        let lines: Vec<&str> = doc.iter().map(|l| l.trim()).collect();
        markdown.push_str(&lines.join("\n"));
    }
    Hover {
        start: span.start,
        end: span.end,
        markdown,
    }
}

fn service_method(service: &ast::ServiceDecl, member: usize) -> Option<&ast::FunctionDef> {
    let ast::ExprKind::ObjectConstructor { members, .. } = &service.body.kind else {
        return None;
    };
    match members.get(member)? {
        ast::ClassMember::Method(d) => Some(d),
        _ => None,
    }
}

/// The span of a module-level declaration.
pub(crate) fn item_span(item: &ast::Item) -> Span {
    match item {
        ast::Item::Function(d) => d.span,
        ast::Item::TypeDef(d) => d.span,
        ast::Item::Const(d) => d.span,
        ast::Item::Var(d) => d.span,
        ast::Item::Class(d) => d.span,
        ast::Item::Enum(d) => d.span,
        ast::Item::Annotation(d) => d.span,
        ast::Item::Service(d) => d.span,
        ast::Item::Xmlns(d) => d.span,
        ast::Item::Error(span) => *span,
    }
}

/// The identifier around an offset (the cursor may be right after it).
pub(crate) fn word_at(text: &str, offset: u32) -> Option<(u32, u32)> {
    let offset = (offset as usize).min(text.len());
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let start = text
        .get(..offset)?
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text
        .get(offset..)?
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start < end).then_some((start as u32, end as u32))
}

pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
    first_ok && chars.all(|c| c.is_alphanumeric() || c == '_') && !KEYWORDS.contains(&name)
}
