//! References and rename for record fields and object methods, which sema's name tables
//! (`model_ide.rs`) do not hold: a field or method occurrence is resolved here from the
//! checked types (`r.f`, `o.m()`, `c->m()`, `{f: v}` by the constructor's inherent type, and
//! the shorthand `{f}`), and every occurrence of the name in the program whose resolution is
//! the same declaration is a reference. A field's declaration is in its type definition, or
//! for an inline `record {| ... |}` in the descriptor its record type was resolved from
//! (sema's `record_fields` table).
use crate::analysis::{Analysis, Def};
use crate::navigate::{is_identifier, item_span, Member, RenameError, TextEdit};
use crate::scan;
use crate::{FileKey, Location};
use intc_span::{FileId, Span};
use intc_syntax::ast;

/// How a member name is written at one occurrence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Written {
    /// The name itself (a declaration, `r.f`, `{f: v}`, `o.m()`).
    Name,
    /// A shorthand mapping field `{f}`: renaming it must keep the variable.
    Shorthand,
}

impl Analysis {
    /// The declaration (its name's span) of the field or method named at `offset`, from a
    /// use or from the declaration itself.
    pub(crate) fn member_definition(&self, file: FileId, offset: u32) -> Option<Span> {
        if let Some(span) = self.member_declaration_at(file, offset) {
            return Some(span);
        }
        if let Some(def) = self.shorthand_field_at(file, offset) {
            return Some(def);
        }
        match self.member_at(file, offset)?.1 {
            Member::Function(id) => self.function_name_span(id),
            Member::Field { def, .. } => def,
        }
    }

    /// Every occurrence of the field or method declared at `definition` (the declaration
    /// first).
    fn member_occurrences(&self, definition: Span) -> Vec<(Span, Written)> {
        let Some(name) = self.text_of(definition.file).get(definition.range()) else {
            return Vec::new();
        };
        let name = name.to_owned();
        let mut found = vec![(definition, Written::Name)];
        let files: Vec<FileId> = self
            .output
            .modules
            .iter()
            .flat_map(|m| m.files.iter().map(|f| f.file))
            .collect();
        for file in files {
            let text = self.text_of(file);
            for (at, _) in text.match_indices(name.as_str()) {
                let (start, end) = (at as u32, (at + name.len()) as u32);
                let whole_word = !text[..at].ends_with(|c: char| scan::is_word(c) || c == '\'')
                    && !text[at + name.len()..].starts_with(scan::is_word);
                let span = Span::new(file, start, end);
                if !whole_word || span == definition {
                    continue;
                }
                if self.shorthand_field_at(file, start) == Some(definition) {
                    found.push((span, Written::Shorthand));
                    continue;
                }
                let resolved = match self.member_at(file, start).map(|(_, m)| m) {
                    Some(Member::Function(id)) => self.function_name_span(id),
                    Some(Member::Field { def, .. }) => def,
                    None => None,
                };
                if resolved == Some(definition) {
                    found.push((span, Written::Name));
                }
            }
        }
        found
    }

    /// The references of the field or method at `offset`.
    pub(crate) fn member_references(
        &self,
        file: FileId,
        offset: u32,
        include_definition: bool,
    ) -> Vec<Location> {
        let Some(definition) = self.member_definition(file, offset) else {
            return Vec::new();
        };
        self.member_occurrences(definition)
            .into_iter()
            .filter(|(s, _)| include_definition || *s != definition)
            .filter_map(|(s, _)| self.location(s))
            .collect()
    }

    /// The edits renaming the field or method at `offset`.
    pub(crate) fn rename_member(
        &self,
        file: FileId,
        offset: u32,
        new_name: &str,
    ) -> Result<Vec<TextEdit>, RenameError> {
        let refuse = |why: &str| Err(RenameError(why.to_owned()));
        let Some(definition) = self.member_definition(file, offset) else {
            return refuse("there is no name to rename here");
        };
        if !is_identifier(new_name) {
            return Err(RenameError(format!("'{new_name}' is not an identifier")));
        }
        if !matches!(self.key(definition.file), Some(FileKey::Disk(_))) {
            return refuse("the definition is in the standard library");
        }
        if self.member_names_beside(definition).contains(&new_name) {
            return Err(RenameError(format!(
                "'{new_name}' is already a member of this type"
            )));
        }
        let old = self
            .text_of(definition.file)
            .get(definition.range())
            .unwrap_or("")
            .to_owned();
        Ok(self
            .member_occurrences(definition)
            .into_iter()
            .filter_map(|(span, written)| {
                Some(TextEdit {
                    location: self.location(span)?,
                    new_text: match written {
                        Written::Name => new_name.to_owned(),
                        Written::Shorthand => format!("{new_name}: {old}"),
                    },
                })
            })
            .collect())
    }

    /// The names of the fields and methods declared beside the one at `definition`.
    fn member_names_beside(&self, definition: Span) -> Vec<&str> {
        let checked = self.checked();
        let record = self
            .record_fields
            .iter()
            .find(|(_, spans)| spans.contains(&definition))
            .map(|(ty, _)| checked.types.get(*ty));
        if let Some(intc_sema::Type::Record(record)) = record {
            return record.fields.iter().map(|f| f.name.as_str()).collect();
        }
        let Some(item) = self.ast(definition.file).and_then(|m| {
            m.items.iter().find(|i| {
                let s = item_span(i);
                s.start <= definition.start && definition.end <= s.end
            })
        }) else {
            return Vec::new();
        };
        match item {
            ast::Item::TypeDef(d) => match &d.ty.kind {
                ast::TypeDescKind::Record(r) => {
                    r.fields.iter().map(|f| f.name.name.as_str()).collect()
                }
                ast::TypeDescKind::Object { members, .. } => members
                    .iter()
                    .filter_map(|m| match m {
                        ast::ObjectTypeMember::Field(f) => Some(f.name.name.as_str()),
                        ast::ObjectTypeMember::Method { name, .. } => Some(name.name.as_str()),
                        ast::ObjectTypeMember::Inclusion(_) => None,
                    })
                    .collect(),
                _ => Vec::new(),
            },
            ast::Item::Class(c) => c
                .members
                .iter()
                .filter_map(|m| match m {
                    ast::ClassMember::Field(f) => Some(f.name.name.as_str()),
                    ast::ClassMember::Method(d) => Some(d.name.name.as_str()),
                    ast::ClassMember::Inclusion(_) => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The name span of the record field, object type member or class member declared at
    /// `offset`.
    fn member_declaration_at(&self, file: FileId, offset: u32) -> Option<Span> {
        let holds = |s: Span| s.start <= offset && offset <= s.end;
        for item in &self.ast(file)?.items {
            if !holds(item_span(item)) {
                continue;
            }
            let names: Vec<Span> = match item {
                ast::Item::TypeDef(d) => match &d.ty.kind {
                    ast::TypeDescKind::Record(r) => r.fields.iter().map(|f| f.name.span).collect(),
                    ast::TypeDescKind::Object { members, .. } => members
                        .iter()
                        .filter_map(|m| match m {
                            ast::ObjectTypeMember::Field(f) => Some(f.name.span),
                            ast::ObjectTypeMember::Method { name, .. } => Some(name.span),
                            ast::ObjectTypeMember::Inclusion(_) => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                ast::Item::Class(c) => c
                    .members
                    .iter()
                    .filter_map(|m| match m {
                        ast::ClassMember::Field(f) => Some(f.name.span),
                        ast::ClassMember::Method(d) => Some(d.name.span),
                        ast::ClassMember::Inclusion(_) => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(name) = names.into_iter().find(|s| holds(*s)) {
                return Some(name);
            }
            break;
        }
        // A field of a record type descriptor anywhere else (an inline `record {| ... |}`).
        self.record_fields
            .values()
            .flatten()
            .find(|s| s.file == file && holds(**s))
            .copied()
    }

    /// The field declaration a shorthand mapping field `{f}` at `offset` gives a value for.
    fn shorthand_field_at(&self, file: FileId, offset: u32) -> Option<Span> {
        let (span, def) = self.name_at(file, offset)?;
        if !matches!(def, Def::Local(_) | Def::Item(_)) {
            return None;
        }
        let text = self.text_of(file);
        let before = text.get(..span.start as usize)?.trim_end();
        let after = text.get(span.end as usize..)?.trim_start();
        if !(before.ends_with('{') || before.ends_with(','))
            || !(after.starts_with(',') || after.starts_with('}'))
        {
            return None;
        }
        let brace = *scan::open_brackets(text, span.start as usize).last()?;
        if brace.ch != b'{' {
            return None;
        }
        let key = self
            .exprs
            .iter()
            .find(|(s, _)| s.file == file && s.start as usize == brace.at)
            .map(|(_, k)| *k)?;
        let ty = self.checked().operand_types.get(&key).copied()?;
        let name = text.get(span.range())?;
        match self.field_of(ty, name)? {
            Member::Field { def, .. } => def,
            Member::Function(_) => None,
        }
    }
}
