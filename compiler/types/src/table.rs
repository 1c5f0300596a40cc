//! Table types with their key constraints (spec "Tables").
//!
//! The shape of a table is its members, its key sequence and the set of its key values; a
//! type `table<R> KC` holds the shapes whose members belong to `R` and which satisfy `KC`.
//! So a table atom (a covariant box, `boxed.rs`) has three parameters, each an upper bound of
//! the corresponding part of a table's shape:
//!
//! 0. the row type `R`;
//! 1. the key sequence: `key(a, b)` is the single string that encodes the sequence `a, b`
//!    (`encode_key_sequence`), and no constraint (`table<R>`, `key<K>`) is any value;
//! 2. the key values: `key<K>` is `K`; `key(a, b)` is the tuple of the key fields' types
//!    (a single field: that field's type) when the caller knows them, since those are the key
//!    values such a table can have, else any value; the empty `key()` (a keyless table) is
//!    `never` (spec: a keyless table satisfies `key<never>`); no constraint is any value.
//!
//! The key fields' types are the caller's to give (sema reads them from the row's record
//! descriptor): projecting them from the row's semtype here would read a recursive row type
//! before its definition is complete and give the same table type two different values.
//!
//! Then `table<R> key(k) <: table<R>`, `key(a)` and `key(b)` are disjoint apart from empty
//! tables' rows, and `table<R> key(id) <: table<R> key<T>` when `id`'s type is a subtype of
//! `T`, as nBallerina and jBallerina's semtypes have it.

use crate::env::Env;
use crate::semtype::SemType;

/// A table type's key constraint.
#[derive(Clone, Copy, Debug)]
pub enum TableKey<'a> {
    /// No key constraint: `table<R>`.
    None,
    /// `key(a, b)` with the key values' type if known (the field's type, or the tuple of the
    /// fields' types); an empty slice is `key()`, the key sequence of a keyless table.
    Fields(&'a [String], Option<&'a SemType>),
    /// `key<K>`.
    Type(&'a SemType),
}

/// The string that stands for a key sequence: each name prefixed by its length in bytes, so
/// that any names (quoted identifiers included) encode unambiguously.
pub(crate) fn encode_key_sequence(names: &[String]) -> String {
    let mut out = String::new();
    for n in names {
        out.push_str(&n.len().to_string());
        out.push(':');
        out.push_str(n);
    }
    out
}

/// The key sequence `encode_key_sequence` made, or `None` for a string it did not make.
pub(crate) fn decode_key_sequence(mut s: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    while !s.is_empty() {
        let (len, rest) = s.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let name = rest.get(..len)?;
        names.push(name.to_string());
        s = rest.get(len..)?;
    }
    Some(names)
}

impl Env {
    /// `table<R>`, mutable and immutable (no key constraint).
    pub fn table(&mut self, row: &SemType) -> SemType {
        self.table_with_key(row, TableKey::None)
    }

    /// `table<R> KC`, mutable and immutable.
    pub fn table_with_key(&mut self, row: &SemType, key: TableKey<'_>) -> SemType {
        let (sequence, values) = match key {
            TableKey::None => (SemType::val(), SemType::val()),
            TableKey::Type(k) => (SemType::val(), k.clone()),
            TableKey::Fields([], _) => (SemType::string_const(""), SemType::never()),
            TableKey::Fields(names, values) => (
                SemType::string_const(&encode_key_sequence(names)),
                values.cloned().unwrap_or_else(SemType::val),
            ),
        };
        self.table_of_params(vec![row.clone(), sequence, values])
    }

    /// The key values' type of `key(a, b)` from the key fields' types, in key order: each
    /// read-only (key values are), one field's alone, several as their tuple.
    pub fn table_key_values(&mut self, field_types: &[SemType]) -> SemType {
        let types: Vec<SemType> = field_types
            .iter()
            .map(|t| t.intersect(&SemType::readonly()))
            .collect();
        match types.as_slice() {
            [one] => one.clone(),
            many => self.tuple(many, None),
        }
    }

    /// The key sequence every table of the table part of `ty` has, when they all have the
    /// same one (`key(a, b)` types).
    pub fn table_key_sequence(&self, params: &[SemType]) -> Option<Vec<String>> {
        match self.single_value(params.get(1)?)? {
            crate::SingleValue::String(s) => decode_key_sequence(&s),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_sequences_round_trip() {
        for names in [
            vec![],
            vec!["id".to_string()],
            vec!["a:b".to_string(), "1".to_string(), String::new()],
        ] {
            assert_eq!(
                decode_key_sequence(&encode_key_sequence(&names)),
                Some(names)
            );
        }
        assert_eq!(decode_key_sequence("3:ab"), None);
        assert_eq!(decode_key_sequence("x:ab"), None);
    }
}
