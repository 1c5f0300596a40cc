//! Natives of `std/constraint` (`modules/constraint/constraint.int`): `validate` walks a value
//! along its type descriptor and checks the `@constraint:*` annotations of every type and
//! record field it passes, read from the program's annotation table.
//!
//! Failures are named `<path>:<constraint>` with a JSON-path-like location (`$`, `$.age`,
//! `$.items[2].qty`) and reported, sorted, in one `constraint:Error` as
//! module-ballerina-constraint words it: `Validation failed for '$.age:minValue' constraint(s).`
//! A constraint given with a custom message (`minValue: {value: 0, message: "..."}`) reports
//! that message instead (prefixed by `'<path>':` inside a list), in the order the walk meets
//! them — a record's field annotations, then its fields' values in order — and the messages
//! and the default sentence are joined as `A, B and C.`

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
const DATE: &str = "std/constraint:Date";

/// A violated constraint: `<path>:<constraint>`, and the custom message if it has one.
struct Failure {
    name: String,
    message: Option<String>,
}

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
    let failures = violations(context, &value, target);
    if failures.is_empty() {
        return Ok(value);
    }
    Ok(module_error(context, &failure_message(failures)))
}

/// The error message of the failures: custom messages in the order found (each once), then
/// the default sentence naming the others, sorted; joined as `A, B and C.`
fn failure_message(failures: Vec<Failure>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut defaults: Vec<String> = Vec::new();
    for failure in failures {
        match failure.message {
            Some(message) => {
                if !parts.contains(&message) {
                    parts.push(message);
                }
            }
            None => defaults.push(failure.name),
        }
    }
    defaults.sort();
    defaults.dedup();
    if !defaults.is_empty() {
        let names: Vec<String> = defaults.iter().map(|f| format!("'{f}'")).collect();
        parts.push(format!(
            "Validation failed for {} constraint(s)",
            names.join(",")
        ));
    }
    let mut text = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    text.push('.');
    text
}

/// Every violated constraint of `value` (of type `ty`), as `<path>:<constraint>`.
fn violations(context: &NativeContext<'_>, value: &Value, ty: TypeId) -> Vec<Failure> {
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
                    for (i, item) in list.items().iter().enumerate().rev() {
                        work.push((item.clone(), *element, format!("{path}[{i}]")));
                    }
                }
            }
            TypeKind::Tuple { members, rest } => {
                if let Value::List(list) = &value {
                    for (i, item) in list.items().iter().enumerate().rev() {
                        if let Some(&member) = members.get(i).or(rest.as_ref()) {
                            work.push((item.clone(), member, format!("{path}[{i}]")));
                        }
                    }
                }
            }
            TypeKind::Map(member) => {
                if let Value::Map(map) = &value {
                    for (key, item) in map.entries().iter().rev() {
                        work.push((item.clone(), *member, format!("{path}.{}", key.as_str())));
                    }
                }
            }
            TypeKind::Record { fields, rest } => {
                if let Value::Map(map) = &value {
                    // The record's field annotations first, then each field's value in order
                    // (the work list is a stack: pushed last to first).
                    let mut children = Vec::new();
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
                                children.push((item.clone(), field.ty, field_path));
                            }
                            None => {
                                if let Some(rest) = rest {
                                    children.push((item.clone(), *rest, field_path));
                                }
                            }
                        }
                    }
                    work.extend(children.into_iter().rev());
                }
            }
            _ => {}
        }
    }
    failures
}

/// A constraint's value and its custom message: `{value: v, message: "..."}` or plain `v`.
fn with_message(constraint: Value) -> (Value, Option<String>) {
    if let Some(map) = constraint.as_map() {
        if let (Some(value), Some(Value::String(message))) = (map.get("value"), map.get("message"))
        {
            return (value, Some(message.to_string()));
        }
    }
    (constraint, None)
}

/// Checks the constraint annotations in `annotations` (a map from tag key to value) that apply
/// to `value`'s basic type.
fn check_annotations(annotations: &Value, value: &Value, path: &str, failures: &mut Vec<Failure>) {
    let Some(annotations) = annotations.as_map() else {
        return;
    };
    // Inside a list a custom message names the member it is about.
    let member = path.contains('[');
    let mut fail = |name: &str, message: Option<String>| {
        failures.push(Failure {
            name: format!("{path}:{name}"),
            message: message.map(|m| if member { format!("'{path}':{m}") } else { m }),
        })
    };
    if let (Some(c), Value::Int(v)) = (annotations.get(INT), value) {
        bounds(&c, |bound| bound.as_int().map(|b| v.cmp(&b)), &mut fail);
        let integer_digits = v.unsigned_abs().to_string().len() as i64;
        digits(&c, Some((integer_digits, 0)), &mut fail);
    }
    if let (Some(c), Value::Float(v)) = (annotations.get(FLOAT), value) {
        bounds(
            &c,
            |bound| bound.as_float().and_then(|b| v.partial_cmp(&b)),
            &mut fail,
        );
        digits(&c, digit_parts(*v), &mut fail);
    }
    if let Some(c) = annotations.get(NUMBER) {
        // The module counts the digits of every number through its `double` value.
        let double = match value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::Decimal(d) => Some(d.to_f64()),
            _ => None,
        };
        if let Some(double) = double {
            digits(&c, digit_parts(double), &mut fail);
        }
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
        if let Some(pattern) = c.as_map().and_then(|m| m.get("pattern")) {
            if let (Value::RegExp(re), message) = with_message(pattern) {
                if !re.is_full_match(s).unwrap_or(false) {
                    fail("pattern", message);
                }
            }
        }
    }
    if let (Some(c), Value::List(list)) = (annotations.get(ARRAY), value) {
        lengths(&c, list.len(), &mut fail);
    }
    if let (Some(c), Value::Map(date)) = (annotations.get(DATE), value) {
        check_date(&c, date, path, failures);
    }
}

/// `@constraint:Date` as `DateConstraintValidator` checks it: each of `year`, `month` and
/// `day` within `LocalDate`'s range (else `<path>.<field>:validDate`), the three a date of
/// the calendar (else `<path>.day:validDate`), then the `option` against today's date in the
/// system's zone (`<path>:pastDate`, ...). Invalid-date failures carry the constraint's
/// `message`, the option's failure its own.
fn check_date(
    constraints: &Value,
    date: &intc_runtime::value::MapObj,
    path: &str,
    failures: &mut Vec<Failure>,
) {
    let Some(constraints) = constraints.as_map() else {
        return;
    };
    let message = match constraints.get("message") {
        Some(Value::String(m)) => Some(m.to_string()),
        _ => None,
    };
    let mut fail = |name: String, message: Option<String>| {
        let member = name.contains('[');
        let message = message.map(|m| {
            if member {
                format!(
                    "'{}':{m}",
                    name.rsplit_once(':').map_or(name.as_str(), |(p, _)| p)
                )
            } else {
                m
            }
        });
        failures.push(Failure { name, message });
    };
    let field = |name: &str, min: i64, max: i64| -> Result<i64, String> {
        match date.get(name) {
            Some(Value::Int(v)) if (min..=max).contains(&v) => Ok(v),
            _ => Err(format!("{path}.{name}:validDate")),
        }
    };
    let parts = [
        field("year", -999_999_999, 999_999_999),
        field("month", 1, 12),
        field("day", 1, 31),
    ];
    let mut ymd = [0i64; 3];
    let mut valid = true;
    for (slot, part) in ymd.iter_mut().zip(parts) {
        match part {
            Ok(v) => *slot = v,
            Err(name) => {
                fail(name, message.clone());
                valid = false;
            }
        }
    }
    if !valid {
        return;
    }
    let [year, month, day] = ymd;
    if day > days_in_month(year, month) {
        fail(format!("{path}.day:validDate"), message);
        return;
    }
    let Some(option) = constraints.get("option") else {
        return;
    };
    let (option, option_message) = with_message(option);
    let Some(option) = option.as_str().map(str::to_string) else {
        return;
    };
    let today = jiff::ZonedDateTime::now().date();
    let today = (
        i64::from(today.year()),
        i64::from(today.month()),
        i64::from(today.day()),
    );
    let order = (year, month, day).cmp(&today);
    use std::cmp::Ordering::{Equal, Greater, Less};
    let (ok, name) = match option.as_str() {
        "PAST" => (order == Less, "pastDate"),
        "PAST_OR_PRESENT" => (order != Greater, "pastOrPresentDate"),
        "FUTURE" => (order == Greater, "futureDate"),
        "FUTURE_OR_PRESENT" => (matches!(order, Greater | Equal), "futureOrPresentDate"),
        _ => return,
    };
    if !ok {
        fail(format!("{path}:{name}"), option_message);
    }
}

/// The number of days of `month` (1-12) in `year` of the proleptic Gregorian calendar.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The four bounds of `Int`, `Float` and `Number`; `compare` orders the value against a bound
/// (`None` when they are unordered, e.g. NaN, which satisfies no bound).
fn bounds(
    constraints: &Value,
    compare: impl Fn(&Value) -> Option<std::cmp::Ordering>,
    fail: &mut impl FnMut(&str, Option<String>),
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
            let (bound, message) = with_message(bound);
            let ok = compare(&bound).is_some_and(|o| allowed.contains(&o));
            if !ok {
                fail(name, message);
            }
        }
    }
}

/// `maxDigits`, `maxIntegerDigits` and `maxFractionDigits` of `Int`, `Float` and `Number`,
/// given the value's integer and fraction digit counts (`None` for NaN and the infinities,
/// which have no digits to count and satisfy every digit constraint).
fn digits(
    constraints: &Value,
    parts: Option<(i64, i64)>,
    fail: &mut impl FnMut(&str, Option<String>),
) {
    let (Some(map), Some((integer, fraction))) = (constraints.as_map(), parts) else {
        return;
    };
    let checks = [
        ("maxDigits", integer + fraction),
        ("maxIntegerDigits", integer),
        ("maxFractionDigits", fraction),
    ];
    for (name, count) in checks {
        if let Some(constraint) = map.get(name) {
            let (bound, message) = with_message(constraint);
            if bound.as_int().is_some_and(|bound| count > bound) {
                fail(name, message);
            }
        }
    }
}

/// The integer and fraction digits of `x` as module-ballerina-constraint counts them: from the
/// text Java's `Double.toString` gives (`DigitsValidator.getDigitPartsFromDouble`), digits
/// moved across the point by a scientific exponent counted where they land (`1.2E-4`: one
/// integer and five fraction digits). A lone `0` after the point (`5.0`, which is how Java
/// writes every whole double) counts as no fraction digit, as the module does for a mantissa
/// in scientific notation; with the positive bounds the module requires, the fraction check
/// gives its answer either way, and `maxDigits` counts what the number has.
fn digit_parts(x: f64) -> Option<(i64, i64)> {
    if !x.is_finite() {
        return None;
    }
    let text = intc_decimal::float_to_java_string(x);
    let sign = i64::from(x < 0.0);
    if let Some((mantissa, exponent)) = text.split_once('E') {
        let (whole, fraction) = mantissa.split_once('.')?;
        let whole = whole.len() as i64 - sign;
        let fraction = if fraction == "0" {
            0
        } else {
            fraction.len() as i64
        };
        let exponent: i64 = exponent.parse().ok()?;
        return Some(if exponent > 0 {
            let moved = fraction.min(exponent);
            (whole + moved, fraction - moved)
        } else {
            ((whole + exponent).max(1), fraction - exponent)
        });
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, "0")) => (whole, 0),
        Some((whole, fraction)) => (whole, fraction.len() as i64),
        None => (text.as_str(), 0),
    };
    Some((whole.len() as i64 - sign, fraction))
}

/// Whether a length (first) satisfies a constraint value (second).
type LengthCheck = fn(i64, i64) -> bool;

/// `length`, `minLength` and `maxLength` of `String` and `Array`.
fn lengths(constraints: &Value, length: usize, fail: &mut impl FnMut(&str, Option<String>)) {
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
        if let Some(constraint) = map.get(name) {
            let (bound, message) = with_message(constraint);
            if let Some(bound) = bound.as_int() {
                if !ok(length, bound) {
                    fail(name, message);
                }
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

#[cfg(test)]
mod tests {
    use super::digit_parts;

    #[test]
    fn digits_are_counted_as_javas_double_text_shows_them() {
        assert_eq!(digit_parts(123.45), Some((3, 2)));
        assert_eq!(digit_parts(-12.5), Some((2, 1)));
        assert_eq!(digit_parts(-0.25), Some((1, 2)));
        assert_eq!(digit_parts(5.0), Some((1, 0)));
        assert_eq!(digit_parts(1234.0), Some((4, 0)));
        // Java writes these in scientific notation: 1.2E-4 and 1.2345678E7.
        assert_eq!(digit_parts(0.00012), Some((1, 5)));
        assert_eq!(digit_parts(12345678.0), Some((8, 0)));
        assert_eq!(digit_parts(f64::NAN), None);
        assert_eq!(digit_parts(f64::INFINITY), None);
    }
}
