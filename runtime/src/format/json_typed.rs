//! The typed JSON reader: JSON text straight into a value of the target type, without the
//! `json` tree that `fromJsonString` builds and `cloneWithType` then converts (two trees at
//! once: the memory and most of the time of binding a large document).
//!
//! It reads records, maps, arrays and tuples itself, member by member along the target type,
//! and gives its leaves (and whatever it does not read itself: `json`, `anydata`, unions of
//! structures) to the very converter of `cloneWithType` (`Converter::convert_at`, at the depth
//! the reader has reached), so every value it produces is the one the tree path produces.
//! It never words an error: at the first mismatch, syntax error or case it does not handle it
//! answers [`Fallback`], and the caller runs the tree path, which gives the exact result or
//! message (errors are the rare case; reading up to a mismatch costs less than one tree).
//!
//! Two semantics, the same walk:
//! - `cloneWithType` (`fromJsonStringWithType`, payload binding): [`read_typed`] with no
//!   options;
//! - module-ballerina-data.jsondata's (`parseString`, `parseBytes`): with [`DataOptions`],
//!   record fields are found by their `@jsondata:Name` key, fields a closed record does not
//!   have and list members past a fixed length are dropped when projection is allowed, and
//!   the `nilAsOptionalField` / `absentAsNilableType` options apply (the equivalent of the
//!   stdlib's `Fitter` followed by `cloneWithType`).

use super::converter::Converter;
use super::copy::{deep_copy, CopyMode};
use super::json::Parser;
use super::{clone_with_type, parse_json, ConversionFailure, JsonSyntaxError};
use crate::types::TypeTable;
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};
use intc_ir::{TypeId, TypeKind};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::rc::Rc;

/// Nesting beyond this is left to the tree path (below the converter's own limit, so the
/// reader never succeeds where the converter would give up).
const MAX_DEPTH: u32 = 250;

/// The typed reader gave up: run the tree path for the result or the exact error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fallback;

impl From<JsonSyntaxError> for Fallback {
    fn from(_: JsonSyntaxError) -> Fallback {
        Fallback
    }
}

/// module-ballerina-data.jsondata's reading options (see the module documentation).
#[derive(Clone, Debug, Default)]
pub struct DataOptions {
    /// `allowDataProjection` is not `false`.
    pub projection: bool,
    pub nil_as_optional: bool,
    pub absent_as_nilable: bool,
    /// The JSON keys of the fields of record types that rename some (`@jsondata:Name`), in
    /// field order; a record type not listed reads its fields by name.
    pub keys: FieldKeys,
}

/// The JSON keys of the fields of record types, in field order.
pub type FieldKeys = FxHashMap<TypeId, Rc<[String]>>;

/// Why `fromJsonStringWithType` failed: the text is not JSON, or its value does not convert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonReadError {
    Syntax(JsonSyntaxError),
    Conversion(ConversionFailure),
}

/// `text.fromJsonStringWithType(target)`: the typed reader, or where it gives up the tree
/// and `cloneWithType` (identical results, and the exact messages).
pub fn from_json_text_with_type(
    text: &str,
    target: TypeId,
    types: &mut TypeTable,
) -> Result<Value, JsonReadError> {
    if let Ok(value) = read_typed(text, target, types, None) {
        return Ok(value);
    }
    let tree = parse_json(text, types).map_err(JsonReadError::Syntax)?;
    clone_with_type(&tree, target, types).map_err(JsonReadError::Conversion)
}

/// The value of the JSON `text` as a value of `target`, read without a `json` tree; with
/// `data`, by data.jsondata's rules. `Fallback` when the text does not parse, the value does
/// not fit or the reader leaves the case to the tree path.
pub fn read_typed(
    text: &str,
    target: TypeId,
    types: &mut TypeTable,
    data: Option<&DataOptions>,
) -> Result<Value, Fallback> {
    let mut reader = Reader {
        parser: Parser::new(text),
        converter: Converter::new(types),
        data,
        depth: 0,
        records: FxHashMap::default(),
    };
    let value = reader.read(target)?;
    reader.parser.skip_space();
    if reader.parser.pos < reader.parser.bytes.len() {
        return Err(Fallback);
    }
    Ok(value)
}

/// A record type as the reader uses it, built once per read.
struct RecordPlan {
    fields: Vec<FieldPlan>,
    rest: Option<TypeId>,
    /// Some field's JSON key is not its name (data.jsondata's `@jsondata:Name`).
    renamed: bool,
}

struct FieldPlan {
    name: String,
    /// The key of the field in the record value, shared by every record read.
    key: MapKey,
    /// The key of the field in the text.
    json_key: String,
    ty: TypeId,
    optional: bool,
    default: Option<Value>,
    /// `()` belongs to the field's type.
    nilable: bool,
}

impl RecordPlan {
    /// The field whose JSON key is `key`, trying `hint` (the field after the last one found:
    /// documents usually list fields in declaration order) first.
    fn find(&self, key: &str, hint: usize) -> Option<usize> {
        if self.fields.get(hint).is_some_and(|f| f.json_key == key) {
            return Some(hint);
        }
        self.fields.iter().position(|f| f.json_key == key)
    }
}

/// Which kind of structure a member of a union can take.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Structure {
    Mapping,
    List,
}

struct Reader<'t, 'a> {
    parser: Parser<'t>,
    converter: Converter<'a>,
    data: Option<&'t DataOptions>,
    /// The number of conversions in progress, counted as the converter counts them.
    depth: u32,
    records: FxHashMap<TypeId, Rc<RecordPlan>>,
}

impl<'t> Reader<'t, '_> {
    fn types(&self) -> &TypeTable {
        self.converter.types
    }

    /// The value at the current position as a value of `target`.
    fn read(&mut self, target: TypeId) -> Result<Value, Fallback> {
        if self.depth > MAX_DEPTH {
            return Err(Fallback);
        }
        self.depth += 1;
        let result = self.read_inner(target);
        self.depth -= 1;
        result
    }

    fn read_inner(&mut self, target: TypeId) -> Result<Value, Fallback> {
        self.parser.skip_space();
        let token = self.parser.peek();
        let structure = match token {
            Some(b'{') => Some(Structure::Mapping),
            Some(b'[') => Some(Structure::List),
            _ => None,
        };
        match self.types().get(target) {
            TypeKind::Record { .. } => match structure {
                Some(Structure::Mapping) => self.record(target),
                _ => Err(Fallback),
            },
            TypeKind::Map(element) => match structure {
                Some(Structure::Mapping) => {
                    let element = *element;
                    self.map(target, element)
                }
                _ => Err(Fallback),
            },
            TypeKind::Array { element, length } => match structure {
                Some(Structure::List) => {
                    let (element, length) = (*element, *length);
                    self.array(target, element, length)
                }
                _ => Err(Fallback),
            },
            TypeKind::Tuple { members, rest } => match structure {
                Some(Structure::List) => {
                    let (members, rest) = (members.clone(), *rest);
                    self.tuple(target, &members, rest)
                }
                _ => Err(Fallback),
            },
            TypeKind::ReadonlyOf(inner) => {
                let inner = *inner;
                let value = self.read(inner)?;
                Ok(deep_copy(&value, self.converter.types, CopyMode::ReadOnly))
            }
            TypeKind::Union(members) => match structure {
                None => self.scalar(target),
                Some(kind) => match self.sole_member(members, kind) {
                    Some(member) => self.read(member),
                    None if self.data.is_none() => self.tree(target),
                    None => Err(Fallback),
                },
            },
            TypeKind::Json | TypeKind::Anydata | TypeKind::Any | TypeKind::Readonly => {
                self.tree(target)
            }
            _ => match structure {
                None => self.scalar(target),
                Some(_) if self.data.is_none() => self.tree(target),
                Some(_) => Err(Fallback),
            },
        }
    }

    /// The one member of a union that can take a structure of `kind`, when every other member
    /// is a simple type (which no structure converts to): converting to the union is then
    /// converting to that member, under both semantics.
    fn sole_member(&self, members: &[TypeId], kind: Structure) -> Option<TypeId> {
        let types = self.types();
        let mut found = None;
        for &member in members {
            let (plain, _) = types.strip_readonly(member);
            let takes = match types.get(plain) {
                TypeKind::Record { .. } | TypeKind::Map(_) => kind == Structure::Mapping,
                TypeKind::Array { .. } | TypeKind::Tuple { .. } => kind == Structure::List,
                TypeKind::Nil
                | TypeKind::Boolean
                | TypeKind::Int
                | TypeKind::IntSubtype(_)
                | TypeKind::Float
                | TypeKind::Decimal
                | TypeKind::String
                | TypeKind::StringChar
                | TypeKind::Singleton(_)
                | TypeKind::Never => false,
                _ => return None,
            };
            if takes && found.replace(member).is_some() {
                return None;
            }
        }
        found
    }

    /// A `json` tree converted by the converter (what the reader does not read itself).
    fn tree(&mut self, target: TypeId) -> Result<Value, Fallback> {
        let tree = self.parser.tree(self.converter.types)?;
        self.converter
            .convert_at(&tree, target, self.depth - 1)
            .ok_or(Fallback)
    }

    /// A string, number, boolean or null, converted to `target`.
    fn scalar(&mut self, target: TypeId) -> Result<Value, Fallback> {
        let value = match self.parser.peek() {
            Some(b'"') => Value::string(self.parser.string()?),
            Some(b't') => self.parser.literal("true", Value::Boolean(true))?,
            Some(b'f') => self.parser.literal("false", Value::Boolean(false))?,
            Some(b'n') => self.parser.literal("null", Value::Nil)?,
            Some(b'-' | b'0'..=b'9') => self.parser.number()?,
            _ => return Err(Fallback),
        };
        // The common leaves, answered as the converter answers them.
        let same = matches!(
            (self.types().get(target), &value),
            (TypeKind::String, Value::String(_))
                | (TypeKind::Int, Value::Int(_))
                | (TypeKind::Decimal, Value::Decimal(_))
                | (TypeKind::Boolean, Value::Boolean(_))
                | (TypeKind::Nil, Value::Nil)
        );
        if same {
            return Ok(value);
        }
        self.converter
            .convert_at(&value, target, self.depth - 1)
            .ok_or(Fallback)
    }

    /// Skips a value whose member the target drops (data.jsondata's projection); the text
    /// must still be JSON.
    fn skip_value(&mut self) -> Result<(), Fallback> {
        self.parser.skip_space();
        self.parser.skip_value()?;
        Ok(())
    }

    /// A key and its `:`, the position after them.
    fn key(&mut self) -> Result<Cow<'t, str>, Fallback> {
        self.parser.skip_space();
        if self.parser.peek() != Some(b'"') {
            return Err(Fallback);
        }
        let key = self.parser.key()?;
        self.parser.skip_space();
        if self.parser.peek() != Some(b':') {
            return Err(Fallback);
        }
        self.parser.pos += 1;
        Ok(key)
    }

    /// After a member: true at `,` (another follows), false at the closing `close`.
    fn next_member(&mut self, close: u8) -> Result<bool, Fallback> {
        self.parser.skip_space();
        match self.parser.peek() {
            Some(b',') => {
                self.parser.pos += 1;
                Ok(true)
            }
            Some(c) if c == close => {
                self.parser.pos += 1;
                Ok(false)
            }
            _ => Err(Fallback),
        }
    }

    /// At `{` or `[`: consumes it and says whether the structure is empty (and consumed).
    fn open(&mut self, close: u8) -> bool {
        self.parser.pos += 1;
        self.parser.skip_space();
        if self.parser.peek() == Some(close) {
            self.parser.pos += 1;
            return true;
        }
        false
    }

    fn plan(&mut self, target: TypeId) -> Result<Rc<RecordPlan>, Fallback> {
        if let Some(plan) = self.records.get(&target) {
            return Ok(plan.clone());
        }
        let types = &*self.converter.types;
        let TypeKind::Record { fields, rest } = types.get(target) else {
            return Err(Fallback);
        };
        let keys = self.data.and_then(|d| d.keys.get(&target));
        let mut plan_fields = Vec::with_capacity(fields.len());
        for (index, field) in fields.iter().enumerate() {
            let json_key = keys
                .and_then(|k| k.get(index).cloned())
                .unwrap_or_else(|| field.name.clone());
            plan_fields.push(FieldPlan {
                name: field.name.clone(),
                key: MapKey::new(&field.name),
                json_key,
                ty: field.ty,
                optional: field.optional,
                default: types.record_default(target, &field.name).cloned(),
                nilable: types.value_belongs(&Value::Nil, field.ty),
            });
        }
        // Two fields under one key: left to the tree path, which takes the first.
        for (index, field) in plan_fields.iter().enumerate() {
            if plan_fields[..index]
                .iter()
                .any(|f| f.json_key == field.json_key)
            {
                return Err(Fallback);
            }
        }
        let renamed = plan_fields.iter().any(|f| f.json_key != f.name);
        let plan = Rc::new(RecordPlan {
            fields: plan_fields,
            rest: *rest,
            renamed,
        });
        self.records.insert(target, plan.clone());
        Ok(plan)
    }

    fn record(&mut self, target: TypeId) -> Result<Value, Fallback> {
        let plan = self.plan(target)?;
        let data = self.data;
        let mut slots: SmallVec<[Option<Value>; 16]> = SmallVec::new();
        slots.resize(plan.fields.len(), None);
        let mut rest = ValueMap::default();
        let mut hint = 0;
        if !self.open(b'}') {
            loop {
                let key = self.key()?;
                match plan.find(&key, hint) {
                    Some(index) => {
                        hint = index + 1;
                        let field = &plan.fields[index];
                        let skip_nil = data.is_some_and(|d| d.nil_as_optional)
                            && field.optional
                            && !field.nilable;
                        self.parser.skip_space();
                        if skip_nil && self.parser.peek() == Some(b'n') {
                            // `nilAsOptionalField`: a null for an optional field that does
                            // not admit `()` leaves it absent (the last occurrence counts).
                            self.parser.literal("null", Value::Nil)?;
                            slots[index] = None;
                        } else {
                            slots[index] = Some(self.read(field.ty)?);
                        }
                    }
                    None => match (plan.rest, data) {
                        (Some(_), Some(_))
                            if plan.renamed && plan.fields.iter().any(|f| f.name == key) =>
                        {
                            // A renamed field's own name as an extra key: the tree path
                            // decides what it means.
                            return Err(Fallback);
                        }
                        (Some(rest_ty), _) => {
                            let value = self.read(rest_ty)?;
                            rest.insert(MapKey::new(&key), value);
                        }
                        (None, Some(d)) if d.projection => self.skip_value()?,
                        (None, _) => return Err(Fallback),
                    },
                }
                if !self.next_member(b'}')? {
                    break;
                }
            }
        }
        let mut entries = ValueMap::default();
        entries.reserve(plan.fields.len() + rest.len());
        for (field, slot) in plan.fields.iter().zip(slots) {
            let value = match slot {
                Some(value) => value,
                None if field.optional => continue,
                None => match &field.default {
                    Some(default) => deep_copy(default, self.converter.types, CopyMode::Clone),
                    None if field.nilable && data.is_some_and(|d| d.absent_as_nilable) => {
                        Value::Nil
                    }
                    None => return Err(Fallback),
                },
            };
            entries.insert(field.key.clone(), value);
        }
        entries.extend(rest);
        Ok(Value::Map(MapObj::new(target, entries)))
    }

    fn map(&mut self, target: TypeId, element: TypeId) -> Result<Value, Fallback> {
        let mut entries = ValueMap::default();
        if !self.open(b'}') {
            loop {
                let key = MapKey::new(&self.key()?);
                let value = self.read(element)?;
                entries.insert(key, value);
                if !self.next_member(b'}')? {
                    break;
                }
            }
        }
        Ok(Value::Map(MapObj::new(target, entries)))
    }

    /// A member past what the list type holds: dropped under projection, else a mismatch.
    fn drop_member(&mut self) -> Result<(), Fallback> {
        match self.data {
            Some(d) if d.projection => self.skip_value(),
            _ => Err(Fallback),
        }
    }

    fn array(
        &mut self,
        target: TypeId,
        element: TypeId,
        length: Option<u32>,
    ) -> Result<Value, Fallback> {
        let mut items = Vec::new();
        if !self.open(b']') {
            loop {
                if self.data.is_some() && length.is_some_and(|n| items.len() >= n as usize) {
                    self.drop_member()?;
                } else {
                    items.push(self.read(element)?);
                }
                if !self.next_member(b']')? {
                    break;
                }
            }
        }
        if length.is_some_and(|n| items.len() != n as usize) {
            return Err(Fallback);
        }
        Ok(Value::List(ListObj::new(target, items)))
    }

    fn tuple(
        &mut self,
        target: TypeId,
        members: &[TypeId],
        rest: Option<TypeId>,
    ) -> Result<Value, Fallback> {
        let mut items = Vec::with_capacity(members.len());
        if !self.open(b']') {
            loop {
                match members.get(items.len()).copied().or(rest) {
                    Some(member) => items.push(self.read(member)?),
                    None => self.drop_member()?,
                }
                if !self.next_member(b']')? {
                    break;
                }
            }
        }
        if items.len() < members.len() {
            return Err(Fallback);
        }
        Ok(Value::List(ListObj::new(target, items)))
    }
}

#[cfg(test)]
#[path = "json_typed_tests.rs"]
mod tests;
