//! Natives of `std/constraint` (`modules/constraint/constraint.int`): `validate` walks a value
//! along its type descriptor and checks the `@constraint:*` annotations of every type and
//! record field it passes, read from the program's annotation table.
//!
//! Failures are named `<path>:<constraint>` with a JSON-path-like location (`$`, `$.age`,
//! `$.items[2].qty`) and reported, sorted, in one `constraint:Error` as
//! module-ballerina-constraint words it: `Validation failed for '$.age:minValue' constraint(s).`

use intc_decimal::Decimal;
use intc_ir::{AnnotationTarget, TypeId, TypeKind};
use intc_runtime::error::new_error;
use intc_runtime::format::clone_with_type;
use intc_runtime::native::Native;
use intc_runtime::value::ValueMap;
use intc_runtime::{NativeContext, Panic, Value};
use std::collections::HashSet;

use crate::StdNative;

/// The implementation of each `std/constraint` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::ConstraintValidate => validate_native,
        _ => return None,
    };
    Some(Native::Plain(function))
}

/// The annotation keys of the module's tags (see the IR README: `org/module:tag`).
const INT: &str = "std/constraint:Int";
const FLOAT: &str = "std/constraint:Float";
const NUMBER: &str = "std/constraint:Number";
const STRING: &str = "std/constraint:String";
const ARRAY: &str = "std/constraint:Array";

fn validate_native(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let value = args.first().cloned().unwrap_or(Value::Nil);
    let target = match args.get(1) {
        Some(Value::Typedesc(ty)) => *ty,
        _ => context.types().well_known.anydata,
    };
    // A value of another type is first cloned to the expected type, as the module does.
    let value = if context.value_belongs(&value, target) {
        value
    } else {
        match clone_with_type(&value, target, context.types_mut()) {
            Ok(converted) => converted,
            Err(failure) => return Ok(module_error(context, &failure.message)),
        }
    };
    let mut failures = violations(context, &value, target);
    if failures.is_empty() {
        return Ok(value);
    }
    failures.sort();
    failures.dedup();
    let names: Vec<String> = failures.iter().map(|f| format!("'{f}'")).collect();
    let message = format!("Validation failed for {} constraint(s).", names.join(","));
    Ok(module_error(context, &message))
}

/// Every violated constraint of `value` (of type `ty`), as `<path>:<constraint>`.
fn violations(context: &NativeContext<'_>, value: &Value, ty: TypeId) -> Vec<String> {
    let mut failures = Vec::new();
    // An explicit work list: values may be deeply nested, and mutable lists and mappings may
    // even be cyclic (each container is visited once per type).
    let mut work = vec![(value.clone(), ty, "$".to_string())];
    let mut seen: HashSet<(usize, TypeId)> = HashSet::new();
    while let Some((value, ty, path)) = work.pop() {
        if let Some(annotations) = context.annotations(&AnnotationTarget::Type(ty)) {
            check_annotations(&annotations, &value, &path, &mut failures);
        }
        let identity = match &value {
            Value::List(list) => Some(std::rc::Rc::as_ptr(list) as *const () as usize),
            Value::Map(map) => Some(std::rc::Rc::as_ptr(map) as *const () as usize),
            _ => None,
        };
        if let Some(identity) = identity {
            if !seen.insert((identity, ty)) {
                continue;
            }
        }
        let types = context.types();
        match types.get(ty) {
            TypeKind::ReadonlyOf(inner) => work.push((value, *inner, path)),
            TypeKind::Union(members) => {
                // The value is checked against the first member it belongs to (`Age?` holding
                // an int is checked as an `Age`).
                if let Some(&member) = members.iter().find(|&&m| types.value_belongs(&value, m)) {
                    work.push((value, member, path));
                }
            }
            TypeKind::Array { element, .. } => {
                if let Value::List(list) = &value {
                    for (i, item) in list.items().iter().enumerate() {
                        work.push((item.clone(), *element, format!("{path}[{i}]")));
                    }
                }
            }
            TypeKind::Tuple { members, rest } => {
                if let Value::List(list) = &value {
                    for (i, item) in list.items().iter().enumerate() {
                        if let Some(&member) = members.get(i).or(rest.as_ref()) {
                            work.push((item.clone(), member, format!("{path}[{i}]")));
                        }
                    }
                }
            }
            TypeKind::Map(member) => {
                if let Value::Map(map) = &value {
                    for (key, item) in map.entries().iter() {
                        work.push((item.clone(), *member, format!("{path}.{}", key.as_str())));
                    }
                }
            }
            TypeKind::Record { fields, rest } => {
                if let Value::Map(map) = &value {
                    for (key, item) in map.entries().iter() {
                        let name = key.as_str();
                        let field_path = format!("{path}.{name}");
                        match fields.iter().find(|f| f.name == name) {
                            Some(field) => {
                                let target = AnnotationTarget::Field(ty, name.to_string());
                                if let Some(annotations) = context.annotations(&target) {
                                    check_annotations(
                                        &annotations,
                                        item,
                                        &field_path,
                                        &mut failures,
                                    );
                                }
                                work.push((item.clone(), field.ty, field_path));
                            }
                            None => {
                                if let Some(rest) = rest {
                                    work.push((item.clone(), *rest, field_path));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    failures
}

/// Checks the constraint annotations in `annotations` (a map from tag key to value) that apply
/// to `value`'s basic type.
fn check_annotations(annotations: &Value, value: &Value, path: &str, failures: &mut Vec<String>) {
    let Some(annotations) = annotations.as_map() else {
        return;
    };
    let mut fail = |name: &str| failures.push(format!("{path}:{name}"));
    if let (Some(c), Value::Int(v)) = (annotations.get(INT), value) {
        bounds(&c, |bound| bound.as_int().map(|b| v.cmp(&b)), &mut fail);
    }
    if let (Some(c), Value::Float(v)) = (annotations.get(FLOAT), value) {
        bounds(
            &c,
            |bound| bound.as_float().and_then(|b| v.partial_cmp(&b)),
            &mut fail,
        );
    }
    if let Some(c) = annotations.get(NUMBER) {
        let number = match value {
            Value::Int(i) => Some(Decimal::from_i64(*i)),
            Value::Float(f) => Decimal::from_f64(*f),
            Value::Decimal(d) => Some(**d),
            _ => None,
        };
        if let Some(v) = number {
            bounds(&c, |bound| bound.as_decimal().map(|b| v.cmp(&b)), &mut fail);
        } else if let Value::Float(f) = value {
            // NaN and the infinities have no decimal: only the bounds they satisfy pass.
            bounds(
                &c,
                |bound| {
                    let b = bound.as_decimal()?.to_f64();
                    f.partial_cmp(&b)
                },
                &mut fail,
            );
        }
    }
    if let (Some(c), Value::String(s)) = (annotations.get(STRING), value) {
        lengths(&c, s.chars().count(), &mut fail);
        // A pattern the engine refuses (beyond its size limit) fails the constraint.
        if let Some(Value::RegExp(re)) = c.as_map().and_then(|m| m.get("pattern")) {
            if !re.is_full_match(s).unwrap_or(false) {
                fail("pattern");
            }
        }
    }
    if let (Some(c), Value::List(list)) = (annotations.get(ARRAY), value) {
        lengths(&c, list.len(), &mut fail);
    }
}

/// The four bounds of `Int`, `Float` and `Number`; `compare` orders the value against a bound
/// (`None` when they are unordered, e.g. NaN, which satisfies no bound).
fn bounds(
    constraints: &Value,
    compare: impl Fn(&Value) -> Option<std::cmp::Ordering>,
    fail: &mut impl FnMut(&str),
) {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let Some(map) = constraints.as_map() else {
        return;
    };
    let checks: [(&str, &[std::cmp::Ordering]); 4] = [
        ("minValue", &[Greater, Equal]),
        ("maxValue", &[Less, Equal]),
        ("minValueExclusive", &[Greater]),
        ("maxValueExclusive", &[Less]),
    ];
    for (name, allowed) in checks {
        if let Some(bound) = map.get(name) {
            let ok = compare(&bound).is_some_and(|o| allowed.contains(&o));
            if !ok {
                fail(name);
            }
        }
    }
}

/// Whether a length (first) satisfies a constraint value (second).
type LengthCheck = fn(i64, i64) -> bool;

/// `length`, `minLength` and `maxLength` of `String` and `Array`.
fn lengths(constraints: &Value, length: usize, fail: &mut impl FnMut(&str)) {
    let Some(map) = constraints.as_map() else {
        return;
    };
    let length = i64::try_from(length).unwrap_or(i64::MAX);
    let checks: [(&str, LengthCheck); 3] = [
        ("length", |v, c| v == c),
        ("minLength", |v, c| v >= c),
        ("maxLength", |v, c| v <= c),
    ];
    for (name, ok) in checks {
        if let Some(bound) = map.get(name).and_then(|b| b.as_int()) {
            if !ok(length, bound) {
                fail(name);
            }
        }
    }
}

/// A `constraint:Error` with `message` (a plain error if the program lacks the type, which
/// cannot happen when it calls `validate`).
fn module_error(context: &NativeContext<'_>, message: &str) -> Value {
    let types = context.types();
    let ty = (0..types.len() as u32)
        .map(TypeId)
        .find(|&ty| {
            matches!(types.get(ty), TypeKind::Error { .. })
                && types.type_name(ty) == "constraint:Error"
        })
        .unwrap_or(types.well_known.error);
    new_error(types, ty, message, Value::Nil, ValueMap::default())
}
