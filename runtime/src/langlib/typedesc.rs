//! `lang.typedesc`: `typeIds`, the identities of distinct error and object types.

use super::support::*;
use crate::error::Panic;
use crate::format::{intern_type, readonly_type};
use crate::native::{NativeContext, NativeFn};
use crate::value::{ListObj, MapKey, MapObj, Value, ValueMap};
use intc_ir::{LangNative, RecordField, TypeId, TypeKind};

/// Identities at or above this stand for object qualifiers and classes (see intc-lower's
/// `object_identities` and the runtime's class identities), not for `distinct` types.
const FIRST_QUALIFIER_IDENTITY: u32 = u32::MAX / 2;

/// The version part of a module id (jBallerina's major version of the module).
const PLATFORM_PART: &str = "0";

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::TypedescTypeIds => type_ids,
        _ => return None,
    })
}

/// `typedesc:typeIds(t, primaryOnly)`: for a distinct error or object type, its identities,
/// the primary one (the newest: the identity the type's own `distinct` added after those of
/// the type it refines) first and the others newest first; `()` for other types.
fn type_ids(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(ty) = typedesc_arg(args, 0) else {
        return Ok(Value::Nil);
    };
    let primary_only = matches!(args.get(1), Some(Value::Boolean(true)));
    let types = ctx.types();
    let (plain, _) = types.strip_readonly(ty);
    let mut ids: Vec<u32> = match types.get(plain) {
        TypeKind::Error { distinct_ids, .. } | TypeKind::Object { distinct_ids, .. } => {
            distinct_ids
                .iter()
                .copied()
                .filter(|&id| id < FIRST_QUALIFIER_IDENTITY)
                .collect()
        }
        _ => return Ok(Value::Nil),
    };
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    if primary_only {
        ids.truncate(1);
    }
    let (module_ty, type_id_ty) = record_types(ctx);
    let mut members = Vec::with_capacity(ids.len());
    for id in ids {
        let name = ctx.program().type_id_names.iter().find(|n| n.id == id);
        let (org, module, local) = match name {
            Some(n) => (
                n.org.clone(),
                n.module.clone(),
                Value::string(n.local.clone()),
            ),
            // An identity of a `distinct` type written inline: jBallerina numbers those.
            None => (String::new(), String::new(), Value::Int(i64::from(id))),
        };
        let string_list = ctx.types().well_known.string_list;
        let parts_ty = readonly_type(ctx.types_mut(), string_list);
        let parts = frozen_list(parts_ty, vec![Value::string(PLATFORM_PART)]);
        let module_id = frozen_record(
            module_ty,
            [
                ("organization", Value::string(org)),
                ("name", Value::string(module)),
                ("platformParts", parts),
            ],
        );
        members.push(frozen_record(
            type_id_ty,
            [("moduleId", module_id), ("localId", local)],
        ));
    }
    let list_ty = array_type(ctx.types_mut(), type_id_ty);
    let list_ty = readonly_type(ctx.types_mut(), list_ty);
    Ok(frozen_list(list_ty, members))
}

/// `typedesc:ModuleId` and `typedesc:TypeId` (both read-only closed records).
fn record_types(ctx: &mut NativeContext<'_>) -> (TypeId, TypeId) {
    let types = ctx.types_mut();
    let string = types.well_known.string;
    let int = types.well_known.int;
    let string_list = types.well_known.string_list;
    let module = closed_record(
        types,
        &[
            ("organization", string),
            ("name", string),
            ("platformParts", string_list),
        ],
    );
    let module = readonly_type(types, module);
    let local = intern_type(types, TypeKind::Union(vec![string, int]));
    let type_id = closed_record(types, &[("moduleId", module), ("localId", local)]);
    let type_id = readonly_type(types, type_id);
    (module, type_id)
}

fn closed_record(types: &mut crate::types::TypeTable, fields: &[(&str, TypeId)]) -> TypeId {
    let fields = fields
        .iter()
        .map(|&(name, ty)| RecordField {
            name: name.to_string(),
            ty,
            optional: false,
            readonly: true,
        })
        .collect();
    intern_type(types, TypeKind::Record { fields, rest: None })
}

fn frozen_record<const N: usize>(ty: TypeId, fields: [(&str, Value); N]) -> Value {
    let mut entries = ValueMap::default();
    for (name, value) in fields {
        entries.insert(MapKey::new(name), value);
    }
    let record = MapObj::new(ty, entries);
    record.freeze();
    Value::Map(record)
}

fn frozen_list(ty: TypeId, items: Vec<Value>) -> Value {
    let list = ListObj::new(ty, items);
    list.freeze();
    Value::List(list)
}
