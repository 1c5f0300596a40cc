//! Tables (spec "Tables", "Table constructor", "Member access expression"): table type
//! descriptors and their key constraints, table constructors with their inherent types, and
//! the key type of member access `t[k]`.
//!
//! The type algebra (intc-types) holds key constraints as part of a table type (so subtyping
//! compares key sequences and key types); the rules of the descriptors are checked here: that
//! key fields exist, are required, read-only and anydata, that a constructor's key specifier
//! agrees with its context, and the type of a key value.

use crate::checker::{Checker, Place};
use crate::model::*;
use crate::model_query::QueryResult;
use crate::types::basic;
use intc_diagnostics::codes;
use intc_span::Span;
use intc_syntax::ast;

/// `map<any|error>`: the bound of a table's row type.
fn row_bound(types: &mut TypeArena) -> TypeId {
    types.map_of(TypeArena::ANY_OR_ERROR)
}

impl<'a> Checker<'a> {
    /// `table<R> KC`: the row type must be a mapping type and a key specifier's fields
    /// required, read-only anydata fields of it.
    pub(crate) fn resolve_table_type(
        &mut self,
        place: Place,
        row: &'a ast::TypeDesc,
        key: Option<&'a ast::TableKeyConstraint>,
        span: Span,
    ) -> TypeId {
        let row_ty = self.resolve_type(place, row);
        let bound = row_bound(&mut self.p.types);
        // The lang library's own declarations use type parameters (`table<MapType>
        // key<KeyType>`), which stand for their bounds.
        let checked = self.lang.scope.is_none();
        if checked && !self.p.types.is_unknown(row_ty) && !self.p.types.is_subtype(row_ty, bound) {
            let message = format!(
                "the row type of a table must be a subtype of 'map<any|error>', found '{}'",
                self.p.types.display(row_ty)
            );
            self.error(codes::TABLE_ROW_TYPE, row.span, message);
        }
        let key = match key {
            None => TableKey::Unconstrained,
            Some(ast::TableKeyConstraint::Fields(names)) => {
                if checked {
                    self.check_key_fields(row_ty, names);
                }
                TableKey::Fields(names.iter().map(|n| n.name.clone()).collect())
            }
            Some(ast::TableKeyConstraint::Type(k)) => {
                let k = self.resolve_type(place, k);
                if checked && !self.p.types.is_unknown(k) && !self.p.types.is_anydata(k) {
                    let message = format!(
                        "the key type of a table must be a subtype of 'anydata', found '{}'",
                        self.p.types.display(k)
                    );
                    self.error(codes::TABLE_KEY_FIELD, span, message);
                }
                TableKey::Type(k)
            }
        };
        self.p.types.add(Type::Table { row: row_ty, key })
    }

    /// Spec "Tables": each key field must be a required, read-only field of the row type
    /// whose type is a subtype of anydata.
    pub(crate) fn check_key_fields(&mut self, row: TypeId, names: &[ast::Ident]) -> bool {
        if self.p.types.is_unknown(row) {
            return true;
        }
        let row_readonly = self.p.types.is_readonly(row);
        let record = self.row_record(row);
        let mut ok = true;
        for (index, name) in names.iter().enumerate() {
            if names[..index].iter().any(|n| n.name == name.name) {
                let message = format!("duplicate key field '{}'", name.name);
                self.error(codes::TABLE_KEY_FIELD, name.span, message);
                ok = false;
                continue;
            }
            let field = record
                .as_ref()
                .and_then(|r| r.fields.iter().find(|f| f.name == name.name).cloned());
            let Some(field) = field else {
                let message = format!(
                    "field '{}' used in the key specifier must be a field of '{}'",
                    name.name,
                    self.p.types.display(row)
                );
                self.error(codes::TABLE_KEY_FIELD, name.span, message);
                ok = false;
                continue;
            };
            if field.optional {
                let message = format!(
                    "field '{}' used in the key specifier must be a required field",
                    name.name
                );
                self.error(codes::TABLE_KEY_FIELD, name.span, message);
                ok = false;
            } else if !field.readonly && !row_readonly {
                let message = format!(
                    "field '{}' used in the key specifier must be a readonly field",
                    name.name
                );
                self.error(codes::TABLE_KEY_READONLY, name.span, message);
                ok = false;
            } else if !self.p.types.is_anydata(field.ty) {
                let message = format!(
                    "field '{}' used in the key specifier must be of a subtype of 'anydata', found '{}'",
                    name.name,
                    self.p.types.display(field.ty)
                );
                self.error(codes::TABLE_KEY_FIELD, name.span, message);
                ok = false;
            }
        }
        ok
    }

    /// The record type behind a row type (`R`, `readonly & R`, a named `R`).
    fn row_record(&self, row: TypeId) -> Option<RecordType> {
        match self.p.types.get(row) {
            Type::Record(r) => Some(r.clone()),
            Type::ReadonlyOf(inner) => self.row_record(*inner),
            _ => None,
        }
    }

    /// The table type of a table-typed value (`table<R> KC`, `readonly & table<...>`); the
    /// first table member of a union.
    pub(crate) fn table_parts(&self, ty: TypeId) -> Option<(TypeId, TableKey)> {
        match self.p.types.get(ty) {
            Type::Table { row, key } => Some((*row, key.clone())),
            Type::ReadonlyOf(inner) => {
                let (row, key) = self.table_parts(*inner)?;
                Some((row, key))
            }
            Type::Union(members) => members.iter().find_map(|&m| self.table_parts(m)),
            _ => None,
        }
    }

    /// The row type of a table type (what iterating it yields).
    pub(crate) fn table_row_type(&mut self, ty: TypeId) -> TypeId {
        match self.table_parts(ty) {
            Some((row, _)) => {
                if self.p.types.is_readonly(ty) {
                    self.readonly_of(row)
                } else {
                    row
                }
            }
            None => TypeArena::UNKNOWN,
        }
    }

    /// The type of the key values of a table type: the key field's type, a tuple of the key
    /// fields' types, `K` of `key<K>`; `None` without a key constraint.
    pub(crate) fn table_key_type(&mut self, ty: TypeId) -> Option<TypeId> {
        let (row, key) = self.table_parts(ty)?;
        match key {
            TableKey::Unconstrained => None,
            TableKey::Type(k) => Some(k),
            TableKey::Fields(fields) => {
                let mut types = Vec::new();
                for field in &fields {
                    let (t, _) = self.mapping_member_at(row, Some(field));
                    types.push(t);
                }
                Some(match types.len() {
                    0 => TypeArena::NEVER,
                    1 => types[0],
                    _ => self.p.types.add(Type::Tuple {
                        members: types,
                        rest: None,
                    }),
                })
            }
        }
    }

    /// `t[k]` / `t[k1, k2]` on a table: the key is checked against the key type, the result
    /// is `R?`.
    pub(crate) fn check_table_member(&mut self, table: TypeId, index: &'a ast::Expr) -> TypeId {
        let Some(key) = self.table_key_type(table) else {
            self.check_expr(index, None);
            let message = format!(
                "member access is not supported on '{}': the table type has no key constraint",
                self.p.types.display(table)
            );
            self.error(codes::TABLE_MEMBER_ACCESS, index.span, message);
            return TypeArena::UNKNOWN;
        };
        if self.p.types.is_subtype(key, TypeArena::NEVER) {
            self.check_expr(index, None);
            let message = format!(
                "member access is not supported on '{}': the table has no key",
                self.p.types.display(table)
            );
            self.error(codes::TABLE_MEMBER_ACCESS, index.span, message);
            return TypeArena::UNKNOWN;
        }
        self.check_assignable(index, key);
        let row = self.table_row_type(table);
        self.p.types.optional(row)
    }

    /// `table [key(ks)] [rows]` (spec "Table constructor").
    pub(crate) fn check_table_constructor(
        &mut self,
        expr: &'a ast::Expr,
        key: Option<&'a [ast::Ident]>,
        rows: &'a [ast::Expr],
        expected: Option<TypeId>,
    ) -> TypeId {
        let context = expected
            .filter(|&e| !self.p.types.is_unknown(e))
            .and_then(|e| {
                let readonly = self.p.types.is_readonly(e);
                self.table_parts(e).map(|parts| (parts, readonly))
            });
        for row in rows {
            if !matches!(row.kind, ast::ExprKind::Mapping(_)) {
                self.error(
                    codes::TABLE_CONSTRUCTOR,
                    row.span,
                    "a row of a table constructor must be a mapping constructor",
                );
            }
        }
        let written: Option<Vec<String>> = key.map(|k| k.iter().map(|n| n.name.clone()).collect());
        let (row_ty, key_seq, readonly) = match context {
            Some(((row, context_key), readonly)) => {
                let key_seq = match (&context_key, &written) {
                    (TableKey::Fields(c), Some(w)) if c != w => {
                        let message = format!(
                            "the key specifier 'key({})' differs from the expected type's 'key({})'",
                            w.join(", "),
                            c.join(", ")
                        );
                        self.error(codes::TABLE_CONSTRUCTOR, expr.span, message);
                        // The expected key sequence, so the mismatch is reported once.
                        c.clone()
                    }
                    (TableKey::Fields(c), _) => c.clone(),
                    (_, Some(w)) => w.clone(),
                    (_, None) => Vec::new(),
                };
                for r in rows {
                    self.check_assignable(r, row);
                }
                (row, key_seq, readonly)
            }
            None => {
                if rows.is_empty() {
                    self.error(
                        codes::TABLE_CONSTRUCTOR,
                        expr.span,
                        "cannot infer the row type of an empty table constructor without a contextually expected table type",
                    );
                    return TypeArena::UNKNOWN;
                }
                let mut types = Vec::new();
                for r in rows {
                    let t = self.check_expr(r, None);
                    types.push(self.p.types.widen(t));
                }
                let row = self.p.types.union_of(&types);
                (row, written.clone().unwrap_or_default(), false)
            }
        };
        if let Some(names) = key {
            if !self.check_key_fields(row_ty, names) {
                return TypeArena::UNKNOWN;
            }
        } else if !key_seq.is_empty() {
            // The key sequence came from the context, whose descriptor was checked.
        }
        self.check_constant_keys(rows, &key_seq);
        let ty = self.p.types.add(Type::Table {
            row: row_ty,
            key: TableKey::Fields(key_seq),
        });
        if readonly {
            self.readonly_of(ty)
        } else {
            ty
        }
    }

    /// Spec "Table constructor": it is a compile-time error if two rows have the same key
    /// value (the key fields of rows are constant expressions).
    fn check_constant_keys(&mut self, rows: &'a [ast::Expr], key_seq: &[String]) {
        if key_seq.is_empty() {
            return;
        }
        let mut seen: Vec<Vec<ConstValue>> = Vec::new();
        for row in rows {
            let ast::ExprKind::Mapping(fields) = &row.kind else {
                continue;
            };
            let mut values = Vec::new();
            for name in key_seq {
                let value = fields.iter().find_map(|f| match f {
                    ast::MappingField::KeyValue {
                        key,
                        value: Some(value),
                        ..
                    } if mapping_key_is(key, name) => Some(value),
                    _ => None,
                });
                match value.and_then(|v| self.checked_const_value(v)) {
                    Some(v) => values.push(v),
                    None => break,
                }
            }
            if values.len() != key_seq.len() {
                continue;
            }
            if seen.contains(&values) {
                self.error(
                    codes::TABLE_DUPLICATE_KEY,
                    row.span,
                    "duplicate key value in the table constructor",
                );
            } else {
                seen.push(values);
            }
        }
    }

    /// `t[k] = v`: spec "Lvalues": an lvalue cannot refer to a member of a table.
    pub(crate) fn table_member_lvalue(&mut self, base_ty: TypeId, target: Span) -> bool {
        if self.p.types.is_unknown(base_ty) || self.p.types.basic_mask(base_ty) != basic::TABLE {
            return false;
        }
        self.error(
            codes::TABLE_MEMBER_ACCESS,
            target,
            "a member of a table cannot be assigned: use 'put' or 'add'",
        );
        true
    }

    /// The select clause of a query that constructs a table (`table key(ks) from ...`, or a
    /// table type in the context): its inherent type has the context's row type (else the
    /// selected values' broad type) and the written key sequence (else the context's).
    pub(crate) fn check_table_select(
        &mut self,
        written: Option<&'a [ast::Ident]>,
        select: &'a ast::Expr,
        expected: Option<TypeId>,
    ) -> (Option<QueryResult>, TypeId) {
        let context = expected
            .filter(|&e| !self.p.types.is_unknown(e))
            .and_then(|e| self.table_parts(e));
        let written_seq: Option<Vec<String>> =
            written.map(|k| k.iter().map(|n| n.name.clone()).collect());
        let (row, seq) = match context {
            Some((row, key)) => {
                self.check_assignable(select, row);
                let seq = match (key, written_seq) {
                    (_, Some(w)) => w,
                    (TableKey::Fields(c), None) => c,
                    _ => Vec::new(),
                };
                (row, seq)
            }
            None => {
                let t = self.check_expr(select, None);
                let row = self.p.types.widen(t);
                (row, written_seq.unwrap_or_default())
            }
        };
        if let Some(names) = written {
            if !self.check_key_fields(row, names) {
                return (None, TypeArena::UNKNOWN);
            }
        }
        let ty = self.p.types.add(Type::Table {
            row,
            key: TableKey::Fields(seq),
        });
        (Some(QueryResult::Table(ty)), ty)
    }
}

fn mapping_key_is(key: &ast::MappingKey, name: &str) -> bool {
    match key {
        ast::MappingKey::Ident(n) => n.name == name,
        ast::MappingKey::String(s, _) => s == name,
        _ => false,
    }
}
