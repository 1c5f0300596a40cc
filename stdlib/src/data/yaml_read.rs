//! YAML text to plain values for `ballerina/data.yaml`. yaml-rust2's parser is a state
//! machine (its own `load` recurses per level, so it is not used): the events are pulled one
//! at a time and the values built on an explicit stack, refused past [`MAX_DEPTH`] levels.
//! Aliases copy their anchor's value, counted against [`MAX_NODES`] so that a document of
//! nested aliases ("billion laughs") fails instead of growing without bound.

use super::MAX_DEPTH;
use intc_decimal::Decimal;
use intc_runtime::format::clone_value;
use intc_runtime::langlib::parse_float;
use intc_runtime::value::{ListObj, MapKey, MapObj, ValueMap};
use intc_runtime::{TypeTable, Value};
use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

/// The most values one text may expand to (aliases included).
pub const MAX_NODES: usize = 1_000_000;

/// How plain scalars are resolved (`yaml:YAMLSchema`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schema {
    Failsafe,
    Json,
    Core,
}

impl Schema {
    pub fn from_name(name: &str) -> Schema {
        match name {
            "FAILSAFE_SCHEMA" => Schema::Failsafe,
            "JSON_SCHEMA" => Schema::Json,
            _ => Schema::Core,
        }
    }
}

enum Open {
    Seq {
        items: Vec<Value>,
        anchor: usize,
        size: usize,
    },
    Map {
        entries: ValueMap,
        key: Option<String>,
        anchor: usize,
        size: usize,
    },
}

struct Builder<'t> {
    types: &'t TypeTable,
    schema: Schema,
    allow_duplicate_keys: bool,
    stack: Vec<Open>,
    anchors: HashMap<usize, (Value, usize)>,
    documents: Vec<Value>,
    nodes: usize,
}

impl Builder<'_> {
    /// Attaches a finished value to its parent (or makes it a document).
    fn complete(&mut self, value: Value, anchor: usize, size: usize) -> Result<(), String> {
        self.nodes = self.nodes.saturating_add(size);
        if self.nodes > MAX_NODES {
            return Err(format!(
                "the YAML document expands to more than {MAX_NODES} values"
            ));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.documents.push(value),
            Some(Open::Seq {
                items, size: total, ..
            }) => {
                items.push(value);
                *total = total.saturating_add(size);
            }
            Some(Open::Map {
                entries,
                key,
                size: total,
                ..
            }) => match key.take() {
                Some(k) => {
                    if !self.allow_duplicate_keys && entries.contains_key(k.as_str()) {
                        return Err(format!("cannot have duplicate map entries for '{k}'"));
                    }
                    entries.insert(MapKey::new(&k), value);
                    *total = total.saturating_add(size);
                }
                None => {
                    return Err("only scalar values are supported as mapping keys".into());
                }
            },
        }
        Ok(())
    }

    fn scalar(
        &mut self,
        text: String,
        style: TScalarStyle,
        anchor: usize,
        tag: Option<Tag>,
    ) -> Result<(), String> {
        if let Some(Open::Map {
            key: key @ None, ..
        }) = self.stack.last_mut()
        {
            *key = Some(text);
            return Ok(());
        }
        let value = resolve(&text, style, tag.as_ref(), self.schema)?;
        self.complete(value, anchor, 1)
    }

    fn open(&mut self, open: Open) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH as usize {
            return Err(format!(
                "the YAML document is nested more than {MAX_DEPTH} levels deep"
            ));
        }
        self.stack.push(open);
        Ok(())
    }
}

/// Every document of `text`, as plain values (`json` lists and mappings).
pub fn read_documents(
    text: &str,
    types: &TypeTable,
    schema: Schema,
    allow_duplicate_keys: bool,
) -> Result<Vec<Value>, String> {
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder {
        types,
        schema,
        allow_duplicate_keys,
        stack: Vec::new(),
        anchors: HashMap::new(),
        documents: Vec::new(),
        nodes: 0,
    };
    loop {
        let (event, _mark) = parser.next_token().map_err(|e| e.to_string())?;
        match event {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {}
            Event::Alias(id) => {
                let (value, size) = builder
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| "undefined alias".to_string())?;
                if let Some(Open::Map { key: None, .. }) = builder.stack.last() {
                    return Err("only scalar values are supported as mapping keys".into());
                }
                builder.complete(clone_value(&value), 0, size)?;
            }
            Event::Scalar(text, style, anchor, tag) => builder.scalar(text, style, anchor, tag)?,
            Event::SequenceStart(anchor, _) => builder.open(Open::Seq {
                items: Vec::new(),
                anchor,
                size: 1,
            })?,
            Event::MappingStart(anchor, _) => {
                if let Some(Open::Map { key: None, .. }) = builder.stack.last() {
                    return Err("only scalar values are supported as mapping keys".into());
                }
                builder.open(Open::Map {
                    entries: ValueMap::default(),
                    key: None,
                    anchor,
                    size: 1,
                })?
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor, size) = match builder.stack.pop() {
                    Some(Open::Seq {
                        items,
                        anchor,
                        size,
                    }) => (
                        Value::List(ListObj::new(builder.types.well_known.json_list, items)),
                        anchor,
                        size,
                    ),
                    Some(Open::Map {
                        entries,
                        anchor,
                        size,
                        ..
                    }) => (
                        Value::Map(MapObj::new(builder.types.well_known.json_map, entries)),
                        anchor,
                        size,
                    ),
                    None => return Err("unbalanced YAML collection".into()),
                };
                builder.complete(value, anchor, size)?;
            }
        }
    }
    Ok(builder.documents)
}

/// The value of a scalar: by its tag, else a quoted scalar is a string, else the schema
/// resolves the plain text.
fn resolve(
    text: &str,
    style: TScalarStyle,
    tag: Option<&Tag>,
    schema: Schema,
) -> Result<Value, String> {
    if let Some(tag) = tag {
        let suffix = if tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:" {
            tag.suffix.as_str()
        } else {
            ""
        };
        let resolved = match suffix {
            "str" => Some(Value::string(text)),
            "null" => Some(Value::Nil),
            "bool" => core_bool(text),
            "int" => core_int(text),
            "float" => core_float(text),
            // An application tag keeps the text.
            _ => Some(Value::string(text)),
        };
        let handle = if suffix.is_empty() {
            tag.handle.as_str()
        } else {
            "!!"
        };
        return resolved.ok_or_else(|| {
            format!(
                "'{text}' is not a value of the tag '{handle}{}'",
                tag.suffix
            )
        });
    }
    if !matches!(style, TScalarStyle::Plain) {
        return Ok(Value::string(text));
    }
    Ok(match schema {
        Schema::Failsafe => Value::string(text),
        Schema::Json => match text {
            "null" => Value::Nil,
            "true" => Value::Boolean(true),
            "false" => Value::Boolean(false),
            _ => json_number(text).unwrap_or_else(|| Value::string(text)),
        },
        Schema::Core => match text {
            "" | "~" | "null" | "Null" | "NULL" => Value::Nil,
            _ => core_bool(text)
                .or_else(|| core_int(text))
                .or_else(|| core_float(text))
                .unwrap_or_else(|| Value::string(text)),
        },
    })
}

fn core_bool(text: &str) -> Option<Value> {
    match text {
        "true" | "True" | "TRUE" => Some(Value::Boolean(true)),
        "false" | "False" | "FALSE" => Some(Value::Boolean(false)),
        _ => None,
    }
}

fn core_int(text: &str) -> Option<Value> {
    let (sign, body) = match text.as_bytes().first() {
        Some(b'-') => (-1, &text[1..]),
        Some(b'+') => (1, &text[1..]),
        _ => (1, text),
    };
    let magnitude = if let Some(octal) = body.strip_prefix("0o") {
        i64::from_str_radix(octal, 8).ok()?
    } else if let Some(hex) = body.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        body.parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(Value::Int(sign * magnitude))
}

fn core_float(text: &str) -> Option<Value> {
    let unsigned = text.trim_start_matches(['-', '+']);
    let special = match unsigned {
        ".inf" | ".Inf" | ".INF" => Some(if text.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }),
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => Some(f64::NAN),
        _ => None,
    };
    if let Some(x) = special {
        return Some(Value::Float(x));
    }
    // `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    let bytes = unsigned.as_bytes();
    if !bytes.iter().any(u8::is_ascii_digit)
        || !bytes
            .first()
            .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
    {
        return None;
    }
    let normalized = if unsigned.starts_with('.') {
        format!("{}0{}", &text[..text.len() - unsigned.len()], unsigned)
    } else {
        text.to_string()
    };
    let normalized = normalized.replace(".e", ".0e").replace(".E", ".0E");
    let normalized = normalized
        .strip_suffix('.')
        .map(str::to_owned)
        .unwrap_or(normalized);
    parse_float(&normalized).map(Value::Float)
}

fn json_number(text: &str) -> Option<Value> {
    if let Ok(i) = text.parse::<i64>() {
        return Some(Value::Int(i));
    }
    let body = text.strip_prefix('-').unwrap_or(text);
    if body.starts_with(['.', '+']) || body.ends_with('.') {
        return None;
    }
    Decimal::parse(text).ok()?;
    parse_float(text).map(Value::Float)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_resolves_plain_scalars() {
        let plain = TScalarStyle::Plain;
        let r = |t: &str| resolve(t, plain, None, Schema::Core).expect("resolves");
        assert!(matches!(r("~"), Value::Nil));
        assert!(matches!(r("True"), Value::Boolean(true)));
        assert!(matches!(r("0x1F"), Value::Int(31)));
        assert!(matches!(r("-0o17"), Value::Int(-15)));
        assert!(matches!(r("1.5e3"), Value::Float(x) if x == 1500.0));
        assert!(matches!(r(".5"), Value::Float(x) if x == 0.5));
        assert!(matches!(r("-.inf"), Value::Float(x) if x == f64::NEG_INFINITY));
        assert!(matches!(r("1984"), Value::Int(1984)));
        assert!(matches!(r("1.2.3"), Value::String(_)));
        let quoted = resolve("12", TScalarStyle::DoubleQuoted, None, Schema::Core).expect("ok");
        assert!(matches!(quoted, Value::String(_)));
    }

    #[test]
    fn failsafe_keeps_text() {
        let v = resolve("12", TScalarStyle::Plain, None, Schema::Failsafe).expect("ok");
        assert!(matches!(v, Value::String(_)));
    }
}
