//! The `ballerina/data.*` modules (`data.jsondata`, `data.csv`, `data.yaml`): text formats to
//! values of a target type and back. What they share lives here: the module error values,
//! the projection options every `Options` record carries, and [`Fitter`], which walks a
//! plain value (parsed JSON or YAML) along the target type the way module-ballerina-data.*
//! does — record fields found by their `@<module>:Name`, fields the type does not have
//! dropped when projection is allowed, required fields checked, fixed-length lists cut — and
//! converts each leaf with the runtime's `cloneWithType` (`intc_runtime::format::
//! clone_with_type`), so there is one converter. Messages are the modules' own
//! (`incompatible value '...' for type 'int' in field 'age'`).

pub mod csv;
mod csv_read;
pub mod jsondata;
mod jsonpath;
pub mod stream;
pub mod yaml;
mod yaml_read;
mod yaml_write;

use intc_ir::{AnnotationTarget, TypeId, TypeKind};
use intc_runtime::error::new_error;
use intc_runtime::format::{clone_with_type, to_string};
use intc_runtime::value::{ListObj, MapKey, MapObj, ValueMap};
use intc_runtime::{NativeContext, Value};

/// Values nested deeper than this are refused (the walks recurse once per level).
pub const MAX_DEPTH: u32 = 512;

/// The id of the program's error type named `name` (`jsondata:Error`), if any.
fn named_error_type(context: &NativeContext<'_>, name: &str) -> Option<TypeId> {
    let types = context.types();
    (0..types.len() as u32)
        .map(TypeId)
        .find(|&ty| matches!(types.get(ty), TypeKind::Error { .. }) && types.type_name(ty) == name)
}

/// An error of the module's `Error` type (`type_name` as the runtime names it, e.g.
/// `jsondata:Error`), with an optional cause.
pub fn module_error(
    context: &NativeContext<'_>,
    type_name: &str,
    message: &str,
    cause: Option<&str>,
) -> Value {
    let types = context.types();
    let ty = named_error_type(context, type_name).unwrap_or(types.well_known.error);
    let cause = match cause {
        Some(text) => new_error(types, ty, text, Value::Nil, ValueMap::default()),
        None => Value::Nil,
    };
    new_error(types, ty, message, cause, ValueMap::default())
}

/// An error of the module's `Error` type whose cause is the error value `cause`.
pub fn module_error_from(
    context: &NativeContext<'_>,
    type_name: &str,
    message: &str,
    cause: Value,
) -> Value {
    let types = context.types();
    let ty = named_error_type(context, type_name).unwrap_or(types.well_known.error);
    new_error(types, ty, message, cause, ValueMap::default())
}

/// The typedesc argument of a dependently typed function: the last argument (the checker
/// always passes it, whatever defaults before it were left out).
pub fn typedesc_arg(args: &[Value]) -> Option<TypeId> {
    match args.last() {
        Some(Value::Typedesc(ty)) => Some(*ty),
        _ => None,
    }
}

/// The `options` record argument at `index` (absent or not a mapping: `None`).
pub fn options_arg(args: &[Value], index: usize) -> Option<&Value> {
    args.get(index).filter(|v| v.as_map().is_some())
}

/// A field of an options record.
pub fn option_field(options: Option<&Value>, name: &str) -> Option<Value> {
    options.and_then(Value::as_map).and_then(|m| m.get(name))
}

/// The `allowDataProjection` option: `false`, or a record of two (three for yaml) flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Projection {
    pub allowed: bool,
    pub nil_as_optional: bool,
    pub absent_as_nilable: bool,
}

impl Projection {
    pub fn from_options(options: Option<&Value>) -> Projection {
        match option_field(options, "allowDataProjection") {
            Some(Value::Boolean(_)) => Projection {
                allowed: false,
                nil_as_optional: false,
                absent_as_nilable: false,
            },
            Some(Value::Map(flags)) => Projection {
                allowed: true,
                nil_as_optional: flags
                    .get("nilAsOptionalField")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
                absent_as_nilable: flags
                    .get("absentAsNilableType")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
            },
            _ => Projection {
                allowed: true,
                nil_as_optional: false,
                absent_as_nilable: false,
            },
        }
    }
}

/// The key a record field has in the text: its `@<module>:Name` value, else its name.
pub fn field_key(context: &NativeContext<'_>, record: TypeId, field: &str, tag: &str) -> String {
    context
        .annotations(&AnnotationTarget::Field(record, field.to_string()))
        .and_then(|set| set.as_map().and_then(|m| m.get(tag)))
        .and_then(|config| config.as_map().and_then(|m| m.get("value")))
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| field.to_string())
}

/// Whether `ty` admits `()`.
fn nilable(context: &NativeContext<'_>, ty: TypeId) -> bool {
    context.value_belongs(&Value::Nil, ty)
}

/// The walk of a plain value along a target type (see the module documentation).
pub struct Fitter<'c, 'a> {
    pub context: &'c mut NativeContext<'a>,
    pub projection: Projection,
    /// The annotation key of the module's `Name` (`std/data.jsondata:Name`).
    pub name_tag: &'static str,
    /// The format named in messages (`required field 'x' not present in JSON`).
    source: &'static str,
    /// Record field names from the root to the current value.
    path: Vec<String>,
    depth: u32,
    /// The text keys of each record type's fields, looked up once per type.
    keys: std::collections::HashMap<TypeId, std::rc::Rc<[String]>>,
}

impl<'c, 'a> Fitter<'c, 'a> {
    pub fn new(
        context: &'c mut NativeContext<'a>,
        projection: Projection,
        name_tag: &'static str,
    ) -> Fitter<'c, 'a> {
        Fitter {
            context,
            projection,
            name_tag,
            source: "JSON",
            path: Vec::new(),
            depth: 0,
            keys: std::collections::HashMap::new(),
        }
    }

    /// Names `source` as the format in messages.
    pub fn with_source(mut self, source: &'static str) -> Self {
        self.source = source;
        self
    }

    /// `value` as a value of `target` (its inherent type the target's), or the message.
    pub fn fit_to(&mut self, value: &Value, target: TypeId) -> Result<Value, String> {
        let fitted = self.fit(value, target)?;
        clone_with_type(&fitted, target, self.context.types_mut()).map_err(|f| f.message)
    }

    /// A value in a message as the original shows it (Java's `String.valueOf`: `null`).
    fn shown(&self, value: &Value) -> String {
        if value.is_nil() {
            return "null".into();
        }
        to_string(value, self.context.types())
    }

    fn type_name(&self, ty: TypeId) -> String {
        self.context.types().type_name(ty)
    }

    fn incompatible(&self, target: TypeId, value: &Value) -> String {
        format!(
            "incompatible expected type '{}' for value '{}'",
            self.type_name(target),
            self.shown(value)
        )
    }

    /// A list or mapping was expected and something else came.
    fn not_structure(&self, target: TypeId, value: &Value) -> String {
        if self.path.is_empty() {
            self.incompatible(target, value)
        } else {
            format!("invalid type for field '{}'", self.path.join("."))
        }
    }

    fn fit(&mut self, value: &Value, target: TypeId) -> Result<Value, String> {
        if self.depth >= MAX_DEPTH {
            return Err(format!(
                "the value is nested more than {MAX_DEPTH} levels deep"
            ));
        }
        self.depth += 1;
        let result = self.fit_inner(value, target);
        self.depth -= 1;
        result
    }

    fn fit_inner(&mut self, value: &Value, target: TypeId) -> Result<Value, String> {
        let kind = self.context.types().get(target).clone();
        match kind {
            TypeKind::Json | TypeKind::Anydata | TypeKind::Any | TypeKind::Readonly => {
                Ok(value.clone())
            }
            TypeKind::ReadonlyOf(inner) => self.fit(value, inner),
            TypeKind::Union(members) => {
                let structured = matches!(value, Value::List(_) | Value::Map(_));
                if !structured && self.context.value_belongs(value, target) {
                    return Ok(value.clone());
                }
                for member in members {
                    let depth = self.path.len();
                    let fitted = self.fit(value, member).and_then(|v| {
                        clone_with_type(&v, member, self.context.types_mut()).map_err(|f| f.message)
                    });
                    self.path.truncate(depth);
                    if let Ok(done) = fitted {
                        return Ok(done);
                    }
                }
                Err(self.incompatible(target, value))
            }
            TypeKind::Record { fields, rest } => {
                let Some(map) = value.as_map() else {
                    return Err(self.not_structure(target, value));
                };
                let entries: Vec<(String, Value)> = map
                    .entries()
                    .iter()
                    .map(|(k, v)| (k.as_str().to_string(), v.clone()))
                    .collect();
                let keys = match self.keys.get(&target) {
                    Some(keys) => keys.clone(),
                    None => {
                        let keys: std::rc::Rc<[String]> = fields
                            .iter()
                            .map(|f| field_key(self.context, target, &f.name, self.name_tag))
                            .collect();
                        self.keys.insert(target, keys.clone());
                        keys
                    }
                };
                let mut seen = vec![false; fields.len()];
                let mut out = ValueMap::default();
                for (key, member) in entries {
                    match keys.iter().position(|k| *k == key) {
                        Some(index) => {
                            seen[index] = true;
                            let field = &fields[index];
                            if self.projection.nil_as_optional
                                && member.is_nil()
                                && field.optional
                                && !nilable(self.context, field.ty)
                            {
                                continue;
                            }
                            self.path.push(field.name.clone());
                            let fitted = self.fit(&member, field.ty)?;
                            self.path.pop();
                            out.insert(MapKey::new(&field.name), fitted);
                        }
                        None => match rest {
                            Some(rest) => {
                                let fitted = self.fit(&member, rest)?;
                                out.insert(MapKey::new(&key), fitted);
                            }
                            None if self.projection.allowed => {}
                            None => return Err(format!("undefined field '{key}'")),
                        },
                    }
                }
                for (field, seen) in fields.iter().zip(seen) {
                    if seen || field.optional {
                        continue;
                    }
                    if self.projection.absent_as_nilable && nilable(self.context, field.ty) {
                        if self
                            .context
                            .types()
                            .record_default(target, &field.name)
                            .is_none()
                        {
                            out.insert(MapKey::new(&field.name), Value::Nil);
                        }
                        continue;
                    }
                    if self
                        .context
                        .types()
                        .record_default(target, &field.name)
                        .is_none()
                    {
                        return Err(format!(
                            "required field '{}' not present in {}",
                            field.name, self.source
                        ));
                    }
                }
                let ty = self.context.types().well_known.anydata_map;
                Ok(Value::Map(MapObj::new(ty, out)))
            }
            TypeKind::Map(element) => {
                let Some(map) = value.as_map() else {
                    return Err(self.not_structure(target, value));
                };
                let entries: Vec<(MapKey, Value)> = map
                    .entries()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let mut out = ValueMap::default();
                for (key, member) in entries {
                    let fitted = self.fit(&member, element)?;
                    out.insert(key, fitted);
                }
                let ty = self.context.types().well_known.anydata_map;
                Ok(Value::Map(MapObj::new(ty, out)))
            }
            TypeKind::Array { element, length } => {
                let Some(list) = value.as_list() else {
                    return Err(self.not_structure(target, value));
                };
                let items: Vec<Value> = list.items().clone();
                let keep = match length {
                    Some(n) if items.len() > n as usize => {
                        if !self.projection.allowed {
                            return Err(
                                "array size is not compatible with the expected size".into()
                            );
                        }
                        n as usize
                    }
                    _ => items.len(),
                };
                let mut out = Vec::with_capacity(keep);
                for item in items.iter().take(keep) {
                    out.push(self.fit(item, element)?);
                }
                let ty = self.context.types().well_known.anydata_list;
                Ok(Value::List(ListObj::new(ty, out)))
            }
            TypeKind::Tuple { members, rest } => {
                let Some(list) = value.as_list() else {
                    return Err(self.not_structure(target, value));
                };
                let items: Vec<Value> = list.items().clone();
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let member = match members.get(i).copied().or(rest) {
                        Some(member) => member,
                        None if self.projection.allowed => break,
                        None => {
                            return Err("array size is not compatible with the expected size".into())
                        }
                    };
                    out.push(self.fit(item, member)?);
                }
                let ty = self.context.types().well_known.anydata_list;
                Ok(Value::List(ListObj::new(ty, out)))
            }
            _ => {
                if matches!(value, Value::List(_) | Value::Map(_)) {
                    return Err(self.leaf_mismatch(target, value));
                }
                match clone_with_type(value, target, self.context.types_mut()) {
                    Ok(converted) => Ok(converted),
                    Err(_) => Err(self.leaf_mismatch(target, value)),
                }
            }
        }
    }

    /// A simple value that does not convert to a simple type.
    fn leaf_mismatch(&self, target: TypeId, value: &Value) -> String {
        if self.path.is_empty() {
            self.incompatible(target, value)
        } else {
            format!(
                "incompatible value '{}' for type '{}' in field '{}'",
                self.shown(value),
                self.type_name(target),
                self.path.join(".")
            )
        }
    }
}

/// `value` with the keys of its records renamed to their `@<module>:Name` values (the
/// direction of `toJson` and `toYamlString`); lists and maps are rebuilt as `anydata` ones.
pub fn rename_fields(
    context: &NativeContext<'_>,
    value: &Value,
    tag: &str,
    depth: u32,
) -> Result<Value, String> {
    if depth >= MAX_DEPTH {
        return Err(format!(
            "the value is nested more than {MAX_DEPTH} levels deep"
        ));
    }
    match value {
        Value::Map(map) => {
            let record = map.ty;
            let is_record = matches!(
                context
                    .types()
                    .get(context.types().strip_readonly(record).0),
                TypeKind::Record { .. }
            );
            let (plain, _) = context.types().strip_readonly(record);
            let entries: Vec<(String, Value)> = map
                .entries()
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), v.clone()))
                .collect();
            let mut out = ValueMap::default();
            for (key, member) in entries {
                let renamed = if is_record {
                    field_key(context, plain, &key, tag)
                } else {
                    key
                };
                out.insert(
                    MapKey::new(&renamed),
                    rename_fields(context, &member, tag, depth + 1)?,
                );
            }
            Ok(Value::Map(MapObj::new(
                context.types().well_known.anydata_map,
                out,
            )))
        }
        Value::List(list) => {
            let items: Vec<Value> = list.items().clone();
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                out.push(rename_fields(context, item, tag, depth + 1)?);
            }
            Ok(Value::List(ListObj::new(
                context.types().well_known.anydata_list,
                out,
            )))
        }
        other => Ok(other.clone()),
    }
}
