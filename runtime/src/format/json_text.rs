//! `toJsonString`: JSON text as jBallerina's `JsonGenerator` writes it — members separated by
//! `", "`, strings escaped only when they contain a quote, backslash, backspace, newline,
//! carriage return or tab (and then `/` and form feed are escaped too).

use super::numbers::{decimal_to_string, float_to_string};
use crate::value::{MapKey, Value};
use rustc_hash::FxHashSet;
use std::fmt::Write;
use std::rc::Rc;

enum Task {
    Value(Value),
    Text(&'static str),
    /// A member's key: `"key":`, after `", "` unless it is the first.
    Key(MapKey, bool),
    Leave(usize),
}

/// How deep the open containers are kept in a plain stack and searched by a scan; deeper ones
/// go to a set. Most values nest a few levels, where a scan costs less than hashing (and
/// allocates nothing); a hostile payload nested ten thousand deep stays linear.
const SCANNED_DEPTH: usize = 32;

/// The containers being written (the path from the root), to refuse a cycle.
#[derive(Default)]
struct OpenPath {
    shallow: Vec<usize>,
    deep: FxHashSet<usize>,
}

impl OpenPath {
    /// Enters a container; false if it is already open (the value refers to itself).
    fn enter(&mut self, key: usize) -> bool {
        if self.shallow.contains(&key) || self.deep.contains(&key) {
            return false;
        }
        if self.shallow.len() < SCANNED_DEPTH {
            self.shallow.push(key);
        } else {
            self.deep.insert(key);
        }
        true
    }

    /// Leaves the container entered last (containers are left in reverse order, so the deep
    /// set empties before the shallow stack shrinks).
    fn leave(&mut self, key: usize) {
        if !self.deep.remove(&key) {
            self.shallow.pop();
        }
    }
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
    let mut open = OpenPath::default();
    let mut work = vec![Task::Value(value.clone())];
    while let Some(task) = work.pop() {
        match task {
            Task::Text(text) => out.push_str(text),
            Task::Key(key, first) => {
                if !first {
                    out.push_str(", ");
                }
                write_json_string(&mut out, key.as_str());
                out.push(':');
            }
            Task::Leave(key) => open.leave(key),
            Task::Value(current) => {
                if let Some(key) = address(&current) {
                    if !open.enter(key) {
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
                            work.push(Task::Key(key.clone(), i == 0));
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
    let mut open = OpenPath::default();
    // `None` marks leaving the container pushed just before it.
    let mut work: Vec<Option<Value>> = vec![Some(value.clone())];
    let mut leaving: Vec<usize> = Vec::new();
    while let Some(task) = work.pop() {
        let Some(current) = task else {
            if let Some(key) = leaving.pop() {
                open.leave(key);
            }
            continue;
        };
        let Some(key) = address(&current) else {
            continue;
        };
        if !open.enter(key) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{ListObj, MapObj, ValueMap};
    use intc_ir::TypeId;

    fn map(entries: Vec<(&str, Value)>) -> Value {
        let mut map = ValueMap::default();
        for (key, value) in entries {
            map.insert(MapKey::new(key), value);
        }
        Value::Map(MapObj::new(TypeId(0), map))
    }

    #[test]
    fn members_and_keys_are_written_as_json_generator_does() {
        let value = map(vec![
            ("message", Value::String(Rc::new("Hello, World!".into()))),
            ("a\"b", Value::Int(1)),
            ("c", map(vec![])),
        ]);
        assert_eq!(
            json_text(&value).as_deref(),
            Some(r#"{"message":"Hello, World!", "a\"b":1, "c":{}}"#)
        );
    }

    #[test]
    fn a_value_inside_itself_is_found_at_any_depth() {
        for depth in [1, SCANNED_DEPTH - 1, SCANNED_DEPTH, SCANNED_DEPTH + 5, 200] {
            let root = map(vec![]);
            let mut inner = root.clone();
            for _ in 0..depth {
                let next = map(vec![]);
                if let Value::Map(m) = &inner {
                    m.entries_mut().insert(MapKey::new("k"), next.clone());
                }
                inner = next;
            }
            if let Value::Map(m) = &inner {
                m.entries_mut().insert(MapKey::new("back"), root.clone());
            }
            assert_eq!(json_text(&root), None, "depth {depth}");
            assert!(!is_acyclic(&root), "depth {depth}");
            // Break the cycle so the test does not leak it.
            if let Value::Map(m) = &inner {
                m.entries_mut().clear();
            }
        }
    }

    #[test]
    fn a_value_shared_by_siblings_is_not_a_cycle_at_any_depth() {
        let shared = map(vec![("x", Value::Int(1))]);
        let mut value = map(vec![("a", shared.clone()), ("b", shared.clone())]);
        for _ in 0..(SCANNED_DEPTH + 10) {
            value = Value::List(ListObj::new(TypeId(0), vec![value.clone(), shared.clone()]));
        }
        assert!(is_acyclic(&value));
        let text = json_text(&value).unwrap_or_default();
        assert_eq!(text.matches(r#"{"x":1}"#).count(), 2 + SCANNED_DEPTH + 10);
    }
}
