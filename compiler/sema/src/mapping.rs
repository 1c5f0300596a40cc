//! Mapping constructors without a contextually expected type, and duplicate keys: a literal
//! key given twice, and spreads whose static type allows a key another field gives (spec
//! "Mapping constructor").

use crate::checker::Checker;
use crate::model::*;
use intc_diagnostics::codes;
use intc_syntax::ast;

impl<'a> Checker<'a> {
    /// Reports a literal key given twice in one mapping constructor (jBallerina's wording names
    /// the kind of literal: `record` or `map`).
    pub(crate) fn check_duplicate_keys(
        &mut self,
        fields: &[ast::MappingField],
        target: Option<TypeId>,
    ) {
        let kind = match target.map(|t| self.strip_readonly(t)) {
            Some(t) if matches!(self.p.types.get(t), Type::Map(_)) => "map",
            _ => "record",
        };
        let mut seen: Vec<&str> = Vec::new();
        for field in fields {
            let (name, span) = match field {
                ast::MappingField::KeyValue {
                    key: ast::MappingKey::Ident(i),
                    ..
                } => (i.name.as_str(), i.span),
                ast::MappingField::KeyValue {
                    key: ast::MappingKey::String(s, span),
                    ..
                } => (s.as_str(), *span),
                _ => continue,
            };
            if seen.contains(&name) {
                let message = format!("invalid usage of {kind} literal: duplicate key '{name}'");
                self.error(codes::DUPLICATE_KEY, span, message);
            } else {
                seen.push(name);
            }
        }
    }

    /// A spread whose static type allows a field that another field of the constructor gives,
    /// or that another spread may also give (spec "Mapping constructor": a compile-time
    /// error). The fields a spread allows are the declared fields of its record type that are
    /// not `never` (optional ones included, as the spec says); like jBallerina, the rest
    /// descriptor of an open record or a map's members are not counted. Reported in
    /// jBallerina's words: at the spread when it comes second, else at the later field.
    pub(crate) fn check_spread_duplicates(&mut self, fields: &[ast::MappingField], built: TypeId) {
        let kind = match self.p.types.get(self.strip_readonly(built)) {
            Type::Map(_) => "map",
            _ => "record",
        };
        // Keys given so far, and whether each came from a spread.
        let mut seen: Vec<(String, bool)> = Vec::new();
        for field in fields {
            match field {
                ast::MappingField::KeyValue { key, .. } => {
                    let (name, span) = match key {
                        ast::MappingKey::Ident(i) => (i.name.clone(), i.span),
                        ast::MappingKey::String(s, span) => (s.clone(), *span),
                        _ => continue,
                    };
                    if seen.iter().any(|(k, spread)| *spread && *k == name) {
                        let message =
                            format!("invalid usage of {kind} literal: duplicate key '{name}'");
                        self.error(codes::DUPLICATE_KEY, span, message);
                    }
                    seen.push((name, false));
                }
                ast::MappingField::Spread(e) => {
                    let Some(&ty) = self.p.expr_types.get(&self.key(e.id)) else {
                        continue;
                    };
                    let names = self.spread_field_names(ty);
                    let shown = spread_text(e);
                    let mut added = Vec::new();
                    for name in names {
                        if seen.iter().any(|(k, _)| *k == name) {
                            let message = match &shown {
                                Some(text) => format!(
                                    "invalid usage of {kind} literal: duplicate key '{name}' via spread operator '...{text}'"
                                ),
                                None => format!(
                                    "invalid usage of {kind} literal: duplicate key '{name}' via spread operator"
                                ),
                            };
                            self.error(codes::DUPLICATE_KEY, e.span, message);
                        }
                        added.push((name, true));
                    }
                    seen.extend(added);
                }
            }
        }
    }

    /// The field names a spread of static type `ty` may give: the declared, non-`never`
    /// fields of its record type (of each record of a union).
    fn spread_field_names(&self, ty: TypeId) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let stripped = self.strip_readonly(ty);
        let members = match self.p.types.get(stripped) {
            Type::Union(members) => members.clone(),
            _ => vec![stripped],
        };
        for member in members {
            let member = self.strip_readonly(member);
            if let Type::Record(r) = self.p.types.get(member) {
                for f in &r.fields {
                    if f.ty != TypeArena::NEVER && !names.contains(&f.name) {
                        names.push(f.name.clone());
                    }
                }
            }
        }
        names
    }

    /// A mapping constructor without a mapping type in context: a closed record of the
    /// fields given, or a map when keys are computed or spread.
    pub(crate) fn infer_mapping(
        &mut self,
        expr: &ast::Expr,
        fields: &'a [ast::MappingField],
    ) -> TypeId {
        let mut record_fields: Vec<RecordField> = Vec::new();
        let mut values = Vec::new();
        let mut as_map = false;
        let constructor = self.key(expr.id);
        for (index, field) in fields.iter().enumerate() {
            match field {
                ast::MappingField::KeyValue {
                    key,
                    value,
                    span,
                    readonly: field_readonly,
                } => {
                    let t = match value {
                        Some(v) => self.check_expr(v, None),
                        None => match key {
                            ast::MappingKey::Ident(ident) => {
                                self.shorthand_value((constructor, index), ident)
                            }
                            _ => TypeArena::UNKNOWN,
                        },
                    };
                    let _ = span;
                    let t = self.p.types.widen(t);
                    values.push(t);
                    match key {
                        ast::MappingKey::Ident(i) => {
                            record_fields.retain(|f| f.name != i.name);
                            record_fields.push(RecordField {
                                name: i.name.clone(),
                                ty: t,
                                optional: false,
                                readonly: *field_readonly,
                                default: None,
                            });
                        }
                        ast::MappingKey::String(s, _) => {
                            record_fields.retain(|f| &f.name != s);
                            record_fields.push(RecordField {
                                name: s.clone(),
                                ty: t,
                                optional: false,
                                readonly: *field_readonly,
                                default: None,
                            });
                        }
                        ast::MappingKey::Computed(e) => {
                            self.check_assignable(e, TypeArena::STRING);
                            as_map = true;
                        }
                    }
                }
                ast::MappingField::Spread(e) => {
                    let t = self.check_expr(e, None);
                    let shape = self.strip_readonly(t);
                    match self.p.types.get(shape).clone() {
                        // A closed record spreads its individual fields.
                        Type::Record(r) if r.rest.is_none() => {
                            for f in r.fields {
                                values.push(f.ty);
                                record_fields.retain(|g| g.name != f.name);
                                record_fields.push(RecordField {
                                    readonly: false,
                                    default: None,
                                    ..f
                                });
                            }
                        }
                        _ => {
                            let member = self.mapping_member_type(t);
                            values.push(member);
                            as_map = true;
                        }
                    }
                }
            }
        }
        let ty = if as_map {
            let element = if values.is_empty() {
                TypeArena::NEVER
            } else {
                self.p.types.union_of(&values)
            };
            self.p.types.map_of(element)
        } else {
            self.p.types.add(Type::Record(RecordType {
                fields: record_fields,
                rest: None,
            }))
        };
        self.p.operand_types.insert(self.key(expr.id), ty);
        ty
    }
}

/// A spread's expression as jBallerina quotes it in a duplicate-key error, for the forms that
/// print the same from the syntax tree (`r`, `m:r`, `a.b.c`); `None` for others.
fn spread_text(e: &ast::Expr) -> Option<String> {
    match &e.kind {
        ast::ExprKind::Var { module, name } => Some(match module {
            Some(m) => format!("{}:{}", m.name, name.name),
            None => name.name.clone(),
        }),
        ast::ExprKind::Field {
            base,
            field,
            optional,
        } => {
            let base = spread_text(base)?;
            let dot = if *optional { "?." } else { "." };
            Some(format!("{base}{dot}{}", field.name))
        }
        _ => None,
    }
}
