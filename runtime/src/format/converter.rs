//! The walk behind `cloneWithType`: converts a value member by member to a target type and
//! collects jBallerina-style descriptions of every member that does not fit (`field 'x' in
//! record 'Point' should be of type 'int', found '"one"'`).

use super::convert::convert_number;
use super::copy::{deep_copy, CopyMode};
use super::display::{render, Style};
use crate::types::TypeTable;
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};
use intc_ir::{RecordField, TypeId, TypeKind};
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// Values nested deeper than this (or cyclic values) cannot be converted.
const MAX_CONVERSION_DEPTH: u32 = 300;
/// jBallerina reports at most this many problems.
const MAX_PROBLEMS: usize = 20;
/// Longest shown form of an offending value before it is cut with `...`.
const MAX_SHOWN_VALUE: usize = 20;

pub(super) struct Converter<'a> {
    pub types: &'a mut TypeTable,
    depth: u32,
    pub problems: Vec<String>,
    /// Each record type's fields and name, read once per conversion rather than cloned out
    /// of the table for every record value (a document of many records converts fast).
    records: FxHashMap<TypeId, Rc<RecordShape>>,
}

struct RecordShape {
    fields: Vec<RecordField>,
    rest: Option<TypeId>,
    name: String,
}

fn child_field(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn child_index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

impl<'a> Converter<'a> {
    pub fn new(types: &'a mut TypeTable) -> Converter<'a> {
        Converter {
            types,
            depth: 0,
            problems: Vec::new(),
            records: FxHashMap::default(),
        }
    }

    fn report(&mut self, problem: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(problem);
        }
    }

    /// The offending value as jBallerina shows it: `toBalString`, cut to a bounded length.
    fn shown(&self, value: &Value) -> String {
        let text = render(value, self.types, Style::Expression).unwrap_or_default();
        if text.chars().count() > MAX_SHOWN_VALUE {
            let cut: String = text.chars().take(MAX_SHOWN_VALUE).collect();
            format!("{cut}...")
        } else {
            text
        }
    }

    /// Converts a member; when it fails without a more precise nested report, `describe`
    /// builds the report from the target type name and the shown value.
    fn convert_member(
        &mut self,
        value: &Value,
        target: TypeId,
        path: &str,
        describe: impl FnOnce(String, String) -> String,
    ) -> Option<Value> {
        let before = self.problems.len();
        let converted = self.convert(value, target, path);
        if converted.is_none() && self.problems.len() == before {
            let problem = describe(self.types.type_name(target), self.shown(value));
            self.report(problem);
        }
        converted
    }

    /// `convert` of a member at nesting `depth` of an enclosing conversion: the typed JSON
    /// reader (`json_typed.rs`) hands over the parts it does not read itself with the depth it
    /// has reached, so the depth limit falls where the whole conversion would put it. Only the
    /// result matters there (a failure re-runs the whole conversion for its message).
    pub fn convert_at(&mut self, value: &Value, target: TypeId, depth: u32) -> Option<Value> {
        let saved = std::mem::replace(&mut self.depth, depth);
        let result = self.convert(value, target, "");
        self.depth = saved;
        self.problems.clear();
        result
    }

    pub fn convert(&mut self, value: &Value, target: TypeId, path: &str) -> Option<Value> {
        if self.depth > MAX_CONVERSION_DEPTH {
            return None;
        }
        self.depth += 1;
        let result = self.convert_inner(value, target, path);
        self.depth -= 1;
        result
    }

    fn convert_inner(&mut self, value: &Value, target: TypeId, path: &str) -> Option<Value> {
        if let TypeKind::Record { .. } = self.types.get(target) {
            return self.convert_record(value, target, path);
        }
        let kind = self.types.get(target).clone();
        match kind {
            TypeKind::ReadonlyOf(inner) => {
                let converted = self.convert(value, inner, path)?;
                Some(deep_copy(&converted, self.types, CopyMode::ReadOnly))
            }
            TypeKind::Union(members) => {
                let simple = !matches!(value, Value::List(_) | Value::Map(_));
                if simple && self.types.value_belongs(value, target) {
                    return Some(value.clone());
                }
                // Each member's problems are kept aside; if no member fits, jBallerina lists
                // them as alternatives: `{`, the first member's problems, `or`, ..., `}`.
                let before = self.problems.len();
                let mut alternatives: Vec<Vec<String>> = Vec::new();
                for member in &members {
                    if let Some(done) = self.convert(value, *member, path) {
                        self.problems.truncate(before);
                        return Some(done);
                    }
                    let found: Vec<String> = self.problems.drain(before..).collect();
                    if !found.is_empty() {
                        alternatives.push(found);
                    }
                }
                match alternatives.len() {
                    0 => {}
                    1 => {
                        for problem in alternatives.concat() {
                            self.report(problem);
                        }
                    }
                    _ => {
                        self.report("{".to_string());
                        for (index, group) in alternatives.into_iter().enumerate() {
                            if index > 0 {
                                self.report("or".to_string());
                            }
                            for problem in group {
                                self.report(format!("  {problem}"));
                            }
                        }
                        self.report("}".to_string());
                    }
                }
                None
            }
            TypeKind::Int | TypeKind::IntSubtype(_) | TypeKind::Float | TypeKind::Decimal => {
                let targets = self.types.numeric_targets(target);
                let converted = convert_number(value, targets)?;
                self.types
                    .value_belongs(&converted, target)
                    .then_some(converted)
            }
            // The result is a tree of fresh mutable structures typed by the target.
            TypeKind::Anydata | TypeKind::Json | TypeKind::Any => {
                let shape = if matches!(kind, TypeKind::Json) {
                    self.types.well_known.json
                } else {
                    self.types.well_known.anydata
                };
                if !self.types.value_belongs(value, shape) && !self.is_shape_of(value, shape) {
                    return None;
                }
                let mode = if matches!(kind, TypeKind::Json) {
                    CopyMode::Json
                } else {
                    CopyMode::Anydata
                };
                Some(deep_copy(value, self.types, mode))
            }
            TypeKind::Array { element, length } => {
                let Value::List(list) = value else {
                    return None;
                };
                let items = list.items();
                if length.is_some_and(|n| items.len() != n as usize) {
                    return None;
                }
                let mut converted = Vec::with_capacity(items.len());
                let mut failed = false;
                for (index, item) in items.iter().enumerate() {
                    let item_path = child_index(path, index);
                    let done = self.convert_member(item, element, &item_path, |ty, found| {
                        format!(
                            "array element '{item_path}' should be of type '{ty}', found '{found}'"
                        )
                    });
                    match done {
                        Some(v) => converted.push(v),
                        None => failed = true,
                    }
                }
                (!failed).then(|| Value::List(ListObj::new(target, converted)))
            }
            TypeKind::Tuple { members, rest } => {
                let Value::List(list) = value else {
                    return None;
                };
                let items = list.items();
                if items.len() < members.len() || (rest.is_none() && items.len() > members.len()) {
                    return None;
                }
                let mut converted = Vec::with_capacity(items.len());
                let mut failed = false;
                for (index, item) in items.iter().enumerate() {
                    let member_ty = members.get(index).copied().or(rest)?;
                    let item_path = child_index(path, index);
                    let done = self.convert_member(item, member_ty, &item_path, |ty, found| {
                        format!(
                            "tuple element '{item_path}' should be of type '{ty}', found '{found}'"
                        )
                    });
                    match done {
                        Some(v) => converted.push(v),
                        None => failed = true,
                    }
                }
                (!failed).then(|| Value::List(ListObj::new(target, converted)))
            }
            TypeKind::Map(element) => {
                let Value::Map(map) = value else {
                    return None;
                };
                let entries = map.entries();
                let mut converted = ValueMap::default();
                let mut failed = false;
                for (key, member) in entries.iter() {
                    let member_path = child_field(path, key.as_str());
                    let done = self.convert_member(member, element, &member_path, |ty, found| {
                        format!(
                            "map field '{member_path}' should be of type '{ty}', found '{found}'"
                        )
                    });
                    match done {
                        Some(v) => {
                            converted.insert(key.clone(), v);
                        }
                        None => failed = true,
                    }
                }
                (!failed).then(|| Value::Map(MapObj::new(target, converted)))
            }
            _ => self
                .types
                .value_belongs(value, target)
                .then(|| value.clone()),
        }
    }

    /// The fields, rest type and name of a record type (cached per conversion).
    fn record_shape(&mut self, target: TypeId) -> Option<Rc<RecordShape>> {
        if let Some(shape) = self.records.get(&target) {
            return Some(shape.clone());
        }
        let TypeKind::Record { fields, rest } = self.types.get(target) else {
            return None;
        };
        let (fields, rest) = (fields.clone(), *rest);
        let name = self.types.type_name(target);
        let shape = Rc::new(RecordShape { fields, rest, name });
        self.records.insert(target, shape.clone());
        Some(shape)
    }

    fn convert_record(&mut self, value: &Value, target: TypeId, path: &str) -> Option<Value> {
        let Value::Map(map) = value else {
            return None;
        };
        let shape = self.record_shape(target)?;
        let record = shape.name.as_str();
        // Converting reads other structures only, never this one mutably: the borrow can be
        // held across the members' conversions.
        let entries = map.entries();
        let mut converted = ValueMap::default();
        converted.reserve(entries.len());
        let mut failed = false;
        for field in &shape.fields {
            let field_path = child_field(path, &field.name);
            match entries.get_key_value(field.name.as_str()) {
                Some((key, member)) => {
                    let done = self.convert_member(member, field.ty, &field_path, |ty, found| {
                        format!(
                            "field '{field_path}' in record '{record}' should be of type '{ty}', found '{found}'"
                        )
                    });
                    match done {
                        Some(v) => {
                            converted.insert(key.clone(), v);
                        }
                        None => failed = true,
                    }
                }
                None if field.optional => {}
                None if self.types.record_default(target, &field.name).is_some() => {
                    let default = self
                        .types
                        .record_default(target, &field.name)
                        .cloned()
                        .unwrap_or_default();
                    let copy = deep_copy(&default, self.types, CopyMode::Clone);
                    converted.insert(MapKey::new(&field.name), copy);
                }
                None => {
                    failed = true;
                    let ty = self.types.type_name(field.ty);
                    self.report(format!(
                        "missing required field '{field_path}' of type '{ty}' in record '{record}'"
                    ));
                }
            }
        }
        for (key, member) in entries.iter() {
            if shape.fields.iter().any(|f| f.name == key.as_str()) {
                continue;
            }
            let field_path = child_field(path, key.as_str());
            let Some(rest_ty) = shape.rest else {
                failed = true;
                self.report(format!(
                    "field '{field_path}' cannot be added to the closed record '{record}'"
                ));
                continue;
            };
            let done = self.convert_member(member, rest_ty, &field_path, |ty, found| {
                format!(
                    "field '{field_path}' in record '{record}' should be of type '{ty}', found '{found}'"
                )
            });
            match done {
                Some(v) => {
                    converted.insert(key.clone(), v);
                }
                None => failed = true,
            }
        }
        (!failed).then(|| Value::Map(MapObj::new(target, converted)))
    }

    /// True if `value` is anydata/json by shape even though its inherent type is wider.
    fn is_shape_of(&mut self, value: &Value, target: TypeId) -> bool {
        if self.depth > MAX_CONVERSION_DEPTH {
            return false;
        }
        let members: Vec<Value> = match value {
            Value::List(list) => list.items().clone(),
            Value::Map(map) => map.entries().values().cloned().collect(),
            other => return self.types.value_belongs(other, target),
        };
        self.depth += 1;
        let fits = members
            .iter()
            .all(|item| self.types.value_belongs(item, target) || self.is_shape_of(item, target));
        self.depth -= 1;
        fits
    }
}
