//! Construction of and access to lists, mappings and objects, with inherent-type checks.

use super::Interpreter;
use crate::error::{self, reason, Panic, READONLY_MODIFICATION};
use crate::types::TypeTable;
use crate::value::{char_at, char_count, ListObj, MapKey, MapObj, Value, ValueMap};
use intc_ir::{ConstId, TypeId, TypeKind};
use std::rc::Rc;

/// `container[key]`.
pub(crate) fn member_get(
    types: &TypeTable,
    container: &Value,
    key: &Value,
) -> Result<Value, Panic> {
    match (container, key) {
        (Value::List(list), Value::Int(index)) => {
            let items = list.items();
            match usize::try_from(*index).ok().and_then(|i| items.get(i)) {
                Some(v) => Ok(v.clone()),
                None => Err(error::list_index_out_of_range(
                    types,
                    list.ty,
                    *index,
                    items.len(),
                )),
            }
        }
        (Value::Map(map), Value::String(k)) => Ok(map.get(k.as_str()).unwrap_or(Value::Nil)),
        // Spec "Member access expression": the member with key `k`, or `()`.
        (Value::Table(table), k) => Ok(table.get(k).unwrap_or(Value::Nil)),
        (Value::String(s), Value::Int(index)) => {
            match usize::try_from(*index).ok().and_then(|i| char_at(s, i)) {
                Some(c) => Ok(Value::string(c.to_string())),
                None => Err(error::string_index_out_of_range(
                    types,
                    *index,
                    char_count(s),
                )),
            }
        }
        // Spec "Member access expression": an index past the end of an xml sequence gives
        // the empty sequence.
        (Value::Xml(x), Value::Int(index)) => {
            let item = usize::try_from(*index).ok().and_then(|i| x.items().get(i));
            Ok(Value::xml(crate::value::xml::XmlObj::from_items(
                item.cloned(),
            )))
        }
        (Value::Nil, _) => Ok(Value::Nil),
        _ => Err(error::panic_error(
            types,
            reason::ILLEGAL_STATE,
            &format!(
                "invalid member access on '{}'",
                types.value_type_name(container)
            ),
        )),
    }
}

fn inherent_violation(types: &TypeTable, reason: &str, expected: TypeId, value: &Value) -> Panic {
    error::panic_error(
        types,
        reason,
        &format!(
            "incompatible types: expected '{}', found '{}'",
            types.type_name(expected),
            types.value_type_name(value)
        ),
    )
}

/// `list[index] = value`.
pub(crate) fn list_set(
    types: &TypeTable,
    list: &ListObj,
    index: i64,
    value: Value,
) -> Result<(), Panic> {
    if list.is_frozen() {
        return Err(error::panic_error(
            types,
            reason::ARRAY_INVALID_UPDATE,
            READONLY_MODIFICATION,
        ));
    }
    let len = list.len();
    let i = crate::limits::growable_index(types, list.ty, index, len)?;
    let Some(member_ty) = types.list_member_type(list.ty, i) else {
        return Err(error::list_index_out_of_range(types, list.ty, index, len));
    };
    if !types.value_belongs(&value, member_ty) {
        return Err(inherent_violation(
            types,
            reason::ARRAY_INHERENT_TYPE_VIOLATION,
            member_ty,
            &value,
        ));
    }
    if i < len {
        list.items_mut()[i] = value;
        return Ok(());
    }
    // Grow in place: room first (running out of memory is a panic), then the fillers; a
    // member type without a filler value leaves the list as it was.
    let mut items = list.items_mut();
    crate::limits::reserve_members(types, &mut items, i + 1 - len)?;
    if !types.push_fillers(list.ty, &mut items, len, i) {
        items.truncate(len);
        return Err(error::panic_error(
            types,
            reason::ILLEGAL_LIST_INSERTION,
            &format!(
                "{word} of length {len} cannot be expanded into {word} of length {} without filler values",
                i + 1,
                word = types.list_kind_word(list.ty),
            ),
        ));
    }
    items.push(value);
    Ok(())
}

/// `map[key] = value`.
pub(crate) fn map_set(
    types: &TypeTable,
    map: &MapObj,
    shared_key: &Rc<String>,
    value: Value,
) -> Result<(), Panic> {
    let key = shared_key.as_str();
    if map.is_frozen() {
        return Err(error::panic_error(
            types,
            reason::MAP_INVALID_UPDATE,
            READONLY_MODIFICATION,
        ));
    }
    let is_record = matches!(
        types.get(types.strip_readonly(map.ty).0),
        TypeKind::Record { .. }
    );
    let Some(member_ty) = types.map_member_type(map.ty, key) else {
        return Err(error::panic_error(
            types,
            reason::MAP_INHERENT_TYPE_VIOLATION,
            &format!(
                "invalid field access: field '{key}' not found in record type '{}'",
                types.type_name(map.ty)
            ),
        ));
    };
    if is_record {
        if let Some(field) = types.record_field(map.ty, key) {
            if field.readonly && map.entries().contains_key(key) {
                return Err(error::panic_error(
                    types,
                    reason::MAP_INVALID_UPDATE,
                    &format!(
                        "cannot update 'readonly' field '{key}' in record of type '{}'",
                        types.type_name(map.ty)
                    ),
                ));
            }
        }
    }
    if !types.value_belongs(&value, member_ty) {
        if is_record {
            return Err(error::panic_error(
                types,
                reason::MAP_INHERENT_TYPE_VIOLATION,
                &format!(
                    "invalid value for record field '{key}': expected value of type '{}', found '{}'",
                    types.type_name(member_ty),
                    types.value_type_name(&value)
                ),
            ));
        }
        return Err(error::panic_error(
            types,
            reason::MAP_INHERENT_TYPE_VIOLATION,
            &format!(
                "invalid map insertion: expected value of type '{}', found '{}'",
                types.type_name(member_ty),
                types.value_type_name(&value)
            ),
        ));
    }
    let mut entries = map.entries_mut();
    match entries.get_mut(key) {
        Some(slot) => *slot = value,
        None => {
            // Sharing the key string avoids a copy per insertion.
            let key = MapKey(shared_key.clone());
            match is_record.then(|| declared_place(types, map.ty, shared_key, &entries)) {
                Some(Some(index)) if index < entries.len() => {
                    entries.shift_insert(index, key, value);
                }
                _ => {
                    entries.insert(key, value);
                }
            }
        }
    }
    Ok(())
}

/// Where a record keeps a field its type declares that it gains after it was built (an
/// optional field set later, a field stored after a spread): after the declared fields that
/// come before it in the type's field order, so the record's keys stay in jBallerina's order
/// (declared fields in the type's order, then the others). `None` for an undeclared key.
fn declared_place(types: &TypeTable, ty: TypeId, key: &str, entries: &ValueMap) -> Option<usize> {
    let TypeKind::Record { fields, .. } = types.get(types.strip_readonly(ty).0) else {
        return None;
    };
    let place = fields.iter().position(|f| f.name == key)?;
    let before = entries
        .keys()
        .take_while(|k| {
            fields
                .iter()
                .position(|f| f.name == k.0.as_str())
                .is_some_and(|p| p < place)
        })
        .count();
    Some(before)
}

/// The filling read `container[key]` of a nested assignment: an absent member is first set to
/// its type's filler value (spec "FillMember"), which is returned (shared, so the assignment
/// that follows updates the stored member).
pub(crate) fn member_get_fill(
    types: &TypeTable,
    container: &Value,
    key: &Value,
) -> Result<Value, Panic> {
    let filler = match (container, key) {
        (Value::List(list), Value::Int(index)) => {
            if usize::try_from(*index).is_ok_and(|i| i < list.len()) {
                return member_get(types, container, key);
            }
            let member_ty = usize::try_from(*index)
                .ok()
                .and_then(|i| types.list_member_type(list.ty, i));
            let Some(member_ty) = member_ty else {
                // No member may be there: the read fails as a plain read would.
                return member_get(types, container, key);
            };
            match types.filler(member_ty) {
                Some(filler) => filler,
                None => {
                    let word = types.list_kind_word(list.ty);
                    return Err(error::panic_error(
                        types,
                        reason::ILLEGAL_LIST_INSERTION,
                        &format!(
                            "{word} of length {} cannot be expanded into {word} of length {} without filler values",
                            list.len(),
                            index.saturating_add(1)
                        ),
                    ));
                }
            }
        }
        (Value::Map(map), Value::String(k)) => {
            if map.entries().contains_key(k.as_str()) {
                return member_get(types, container, key);
            }
            match types
                .map_member_type(map.ty, k)
                .and_then(|t| types.filler(t))
            {
                Some(filler) => filler,
                None => {
                    return Err(error::panic_error(
                        types,
                        reason::KEY_NOT_FOUND,
                        &format!("cannot find key '{k}'"),
                    ))
                }
            }
        }
        _ => return member_get(types, container, key),
    };
    member_set(types, container, key, filler.clone())?;
    Ok(filler)
}

/// `container[key] = value`.
pub(crate) fn member_set(
    types: &TypeTable,
    container: &Value,
    key: &Value,
    value: Value,
) -> Result<(), Panic> {
    match (container, key) {
        (Value::List(list), Value::Int(index)) => list_set(types, list, *index, value),
        (Value::Map(map), Value::String(k)) => map_set(types, map, k, value),
        _ => Err(error::panic_error(
            types,
            reason::ILLEGAL_STATE,
            &format!(
                "invalid member update on '{}'",
                types.value_type_name(container)
            ),
        )),
    }
}

/// `object.fields[slot] = value`.
pub(crate) fn object_slot_set(
    types: &TypeTable,
    object: &Value,
    slot: usize,
    value: Value,
) -> Result<(), Panic> {
    let Value::Object(o) = object else {
        return Err(error::panic_error(
            types,
            reason::ILLEGAL_STATE,
            "field update on a non-object",
        ));
    };
    if o.is_frozen() {
        return Err(error::panic_error(
            types,
            reason::OBJECT_INVALID_UPDATE,
            READONLY_MODIFICATION,
        ));
    }
    let mut fields = o.fields_mut();
    match fields.get_mut(slot) {
        Some(f) => {
            *f = value;
            Ok(())
        }
        None => Err(error::panic_error(
            types,
            reason::ILLEGAL_STATE,
            "object slot out of range",
        )),
    }
}

/// Length of a list, mapping or string.
pub(crate) fn length(types: &TypeTable, value: &Value) -> Result<i64, Panic> {
    match value {
        Value::List(l) => Ok(l.len() as i64),
        Value::Map(m) => Ok(m.len() as i64),
        Value::Table(t) => Ok(t.len() as i64),
        Value::String(s) => Ok(char_count(s) as i64),
        _ => Err(error::panic_error(
            types,
            reason::ILLEGAL_STATE,
            &format!("length of '{}'", types.value_type_name(value)),
        )),
    }
}

impl Interpreter {
    fn name_constant(&self, name: ConstId) -> &str {
        self.constants
            .get(name.index())
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// `NewList`: checks members against the inherent type and fills fixed lengths.
    pub(crate) fn new_list(&self, ty: TypeId, mut items: Vec<Value>) -> Result<Value, Panic> {
        let types = &self.types;
        for (i, item) in items.iter().enumerate() {
            match types.list_member_type(ty, i) {
                Some(member) if types.value_belongs(item, member) => {}
                Some(member) => {
                    return Err(inherent_violation(
                        types,
                        reason::ARRAY_INHERENT_TYPE_VIOLATION,
                        member,
                        item,
                    ))
                }
                None => {
                    return Err(error::array_index_out_of_range(
                        types,
                        i as i64,
                        items.len(),
                    ))
                }
            }
        }
        let min = types.list_min_length(ty);
        if min > items.len() {
            // A fixed length as large as a Java array allows is still more than memory may
            // hold: running out is a panic, not an abort.
            if min > crate::limits::MAX_LIST_LENGTH {
                return Err(error::list_index_out_of_range(
                    types,
                    ty,
                    min as i64 - 1,
                    items.len(),
                ));
            }
            let missing = min - items.len();
            crate::limits::reserve_members(types, &mut items, missing)?;
        }
        let given = items.len();
        if !types.push_fillers(ty, &mut items, given, min) {
            let missing = items.len();
            return Err(error::panic_error(
                types,
                reason::ILLEGAL_LIST_INSERTION,
                &format!("list of length {missing} has no filler value for member {missing}"),
            ));
        }
        let list = ListObj::new(ty, items);
        if types.is_readonly_type(ty) {
            list.freeze();
        }
        Ok(Value::List(list))
    }

    /// `NewMap` from key/value register pairs (`entries` = key, value, key, value, ...).
    pub(crate) fn new_map(&self, ty: TypeId, entries: &[Value]) -> Result<Value, Panic> {
        let map = MapObj::new(
            ty,
            ValueMap::with_capacity_and_hasher(entries.len() / 2, Default::default()),
        );
        for pair in entries.chunks_exact(2) {
            let Value::String(k) = &pair[0] else {
                return Err(self.internal("mapping key is not a string"));
            };
            map_set(&self.types, &map, k, pair[1].clone())?;
        }
        if self.types.is_readonly_type(ty) {
            map.freeze();
        }
        Ok(Value::Map(map))
    }

    /// `r.f` / `r?.f` on records, maps and objects.
    pub(crate) fn field_get(&self, object: &Value, name: ConstId) -> Result<Value, Panic> {
        let key = self.name_constant(name);
        match object {
            Value::Map(map) => Ok(map.get(key).unwrap_or(Value::Nil)),
            Value::Object(o) => {
                let class = &self.program.classes[o.class.index()];
                match class.fields.iter().position(|f| f.name == key) {
                    Some(slot) => Ok(o.slot(slot).unwrap_or(Value::Nil)),
                    None => Err(self.internal(&format!("object has no field '{key}'"))),
                }
            }
            Value::Nil => Ok(Value::Nil),
            _ => Err(self.internal(&format!("field access '{key}' on a non-mapping value"))),
        }
    }

    /// Lax `j.f` on json: the member, or a `KeyNotFound` error value.
    pub(crate) fn lax_field_get(&self, object: &Value, name: ConstId) -> Value {
        let key = self.name_constant(name);
        match object {
            Value::Map(map) => match map.get(key) {
                Some(v) => v,
                None => error::builtin_error(
                    &self.types,
                    reason::KEY_NOT_FOUND,
                    &format!("key '{key}' not found in JSON mapping"),
                ),
            },
            Value::Error(_) => object.clone(),
            _ => error::builtin_error(
                &self.types,
                reason::JSON_OPERATION,
                "JSON value is not a mapping",
            ),
        }
    }

    /// `o.f = v` on records, maps and objects.
    pub(crate) fn field_set(
        &self,
        object: &Value,
        name: ConstId,
        value: Value,
    ) -> Result<(), Panic> {
        let key = self.name_constant(name);
        match object {
            Value::Map(map) => match self.constants.get(name.index()) {
                Some(Value::String(shared)) => map_set(&self.types, map, shared, value),
                _ => Err(self.internal("field name is not a string constant")),
            },
            Value::Object(o) => {
                let class = &self.program.classes[o.class.index()];
                match class.fields.iter().position(|f| f.name == key) {
                    Some(slot) => object_slot_set(&self.types, object, slot, value),
                    None => Err(self.internal(&format!("object has no field '{key}'"))),
                }
            }
            _ => Err(self.internal(&format!("field update '{key}' on a non-mapping value"))),
        }
    }
}
