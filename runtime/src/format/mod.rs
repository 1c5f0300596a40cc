//! Value formatting (`toString`, `toBalString`). Owned by the langlib helper; this initial
//! version covers the basic cases the interpreter needs (string templates, panic reports).

use crate::types::TypeTable;
use crate::value::Value;
use std::fmt::Write;

const MAX_DEPTH: u32 = 200;

/// `value.toString()`.
pub fn to_string(value: &Value, types: &TypeTable) -> String {
    match value {
        Value::Nil => String::new(),
        Value::String(s) => s.as_str().to_string(),
        other => {
            let mut out = String::new();
            write_nested(&mut out, other, types, 0);
            out
        }
    }
}

/// `value.toBalString()`.
pub fn to_bal_string(value: &Value, types: &TypeTable) -> String {
    let mut out = String::new();
    write_nested(&mut out, value, types, 0);
    out
}

/// Ballerina's float rendering (`1.0`, `0.1`, `1.0E20`, `NaN`, `Infinity`).
pub fn float_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".to_string()
        } else {
            "-Infinity".to_string()
        };
    }
    let abs = x.abs();
    if abs != 0.0 && !(1e-3..1e7).contains(&abs) {
        let formatted = format!("{x:E}");
        match formatted.split_once('E') {
            Some((mantissa, exponent)) if !mantissa.contains('.') => {
                format!("{mantissa}.0E{exponent}")
            }
            _ => formatted,
        }
    } else {
        let formatted = format!("{x}");
        if formatted.contains('.') {
            formatted
        } else {
            format!("{formatted}.0")
        }
    }
}

fn write_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_nested(out: &mut String, value: &Value, types: &TypeTable, depth: u32) {
    if depth > MAX_DEPTH {
        out.push_str("...");
        return;
    }
    match value {
        Value::Nil => out.push_str("null"),
        Value::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(x) => out.push_str(&float_to_string(*x)),
        Value::Decimal(d) => {
            let _ = write!(out, "{d}");
        }
        Value::String(s) => write_quoted(out, s),
        Value::List(list) => {
            out.push('[');
            let items = list.items().clone();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_nested(out, item, types, depth + 1);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            let entries = map.entries().clone();
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_quoted(out, key.as_str());
                out.push(':');
                write_nested(out, item, types, depth + 1);
            }
            out.push('}');
        }
        Value::Error(error) => {
            out.push_str("error(");
            write_quoted(out, &error.message);
            let entries = error.detail.entries().clone();
            for (key, item) in entries.iter() {
                let _ = write!(out, ",{}=", key.as_str());
                write_nested(out, item, types, depth + 1);
            }
            out.push(')');
        }
        Value::Object(_) => {
            let _ = write!(out, "object {}", types.value_type_name(value));
        }
        Value::Function(_) => out.push_str("function"),
        Value::Typedesc(ty) => {
            let _ = write!(out, "typedesc {}", types.type_name(*ty));
        }
        Value::Handle(_) => out.push_str("handle"),
        Value::Cell(_) | Value::Iterator(_) => out.push_str("object"),
    }
}
