//! `toJsonString`: JSON text as jBallerina's `JsonGenerator` writes it — members separated by
//! `", "`, strings escaped only when they contain a quote, backslash, backspace, newline,
//! carriage return or tab (and then `/` and form feed are escaped too).

use super::numbers::{decimal_to_string, float_to_string};
use crate::value::Value;
use rustc_hash::FxHashSet;
use std::fmt::Write;
use std::rc::Rc;

enum Task {
    Value(Value),
    Text(&'static str),
    Owned(String),
    Leave(usize),
}

fn needs_escape(c: char) -> bool {
    matches!(c, '"' | '\\' | '\u{8}' | '\n' | '\r' | '\t')
}

/// Writes `s` as `JsonGenerator` does.
pub fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    if !s.chars().any(needs_escape) {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '/' => out.push_str("\\/"),
                '\u{8}' => out.push_str("\\b"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\u{c}' => out.push_str("\\f"),
                '\t' => out.push_str("\\t"),
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

fn address(value: &Value) -> Option<usize> {
    match value {
        Value::List(l) => Some(Rc::as_ptr(l) as *const u8 as usize),
        Value::Map(m) => Some(Rc::as_ptr(m) as *const u8 as usize),
        _ => None,
    }
}

/// The JSON text of an anydata value, or `None` if the value refers to itself (a cycle).
pub fn json_text(value: &Value) -> Option<String> {
    let mut out = String::new();
    let mut open: FxHashSet<usize> = FxHashSet::default();
    let mut work = vec![Task::Value(value.clone())];
    while let Some(task) = work.pop() {
        match task {
            Task::Text(text) => out.push_str(text),
            Task::Owned(text) => out.push_str(&text),
            Task::Leave(key) => {
                open.remove(&key);
            }
            Task::Value(current) => {
                if let Some(key) = address(&current) {
                    if !open.insert(key) {
                        return None;
                    }
                    work.push(Task::Leave(key));
                }
                match &current {
                    Value::Nil => out.push_str("null"),
                    Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
                    Value::Int(i) => {
                        let _ = write!(out, "{i}");
                    }
                    Value::Float(x) => out.push_str(&float_to_string(*x)),
                    Value::Decimal(d) => out.push_str(&decimal_to_string(d)),
                    Value::String(s) => write_json_string(&mut out, s),
                    Value::RegExp(re) => write_json_string(&mut out, re.text()),
                    Value::List(list) => {
                        out.push('[');
                        work.push(Task::Text("]"));
                        let items = list.items();
                        for (i, item) in items.iter().enumerate().rev() {
                            work.push(Task::Value(item.clone()));
                            if i > 0 {
                                work.push(Task::Text(", "));
                            }
                        }
                    }
                    Value::Map(map) => {
                        out.push('{');
                        work.push(Task::Text("}"));
                        let entries = map.entries();
                        for (i, (key, item)) in entries.iter().enumerate().rev() {
                            work.push(Task::Value(item.clone()));
                            let mut prefix = String::with_capacity(key.as_str().len() + 5);
                            if i > 0 {
                                prefix.push_str(", ");
                            }
                            write_json_string(&mut prefix, key.as_str());
                            prefix.push(':');
                            work.push(Task::Owned(prefix));
                        }
                    }
                    // Not json (the static type excludes these).
                    _ => out.push_str("null"),
                }
            }
        }
    }
    Some(out)
}

/// True if no list or mapping inside `value` contains itself.
pub fn is_acyclic(value: &Value) -> bool {
    let mut open: FxHashSet<usize> = FxHashSet::default();
    // `None` marks leaving the container pushed just before it.
    let mut work: Vec<Option<Value>> = vec![Some(value.clone())];
    let mut leaving: Vec<usize> = Vec::new();
    while let Some(task) = work.pop() {
        let Some(current) = task else {
            if let Some(key) = leaving.pop() {
                open.remove(&key);
            }
            continue;
        };
        let Some(key) = address(&current) else {
            continue;
        };
        if !open.insert(key) {
            return false;
        }
        leaving.push(key);
        work.push(None);
        match &current {
            Value::List(list) => work.extend(list.items().iter().cloned().map(Some)),
            Value::Map(map) => work.extend(map.entries().values().cloned().map(Some)),
            _ => {}
        }
    }
    true
}
