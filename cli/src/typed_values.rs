//! Converts command-line text and TOML values into runtime values of a declared IR type, for
//! `main`'s arguments and configurable variables. Structured values are frozen: configurable
//! values are immutable in Ballerina.

use intc_ir::{Program, TypeId, TypeKind};
use intc_runtime::value::{ListObj, MapKey, MapObj, Value, ValueMap};

/// A value to convert: raw text (a command-line word, a `-C` value) or a TOML value.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    Text(&'a str),
    Toml(&'a toml::Value),
}

/// How deep a type may nest before conversion gives up (recursive types such as json).
const MAX_DEPTH: usize = 256;

/// The display name of a type for messages: the runtime's (jBallerina's spelling), from the
/// program's type table.
pub fn type_name(program: &Program, ty: TypeId) -> String {
    intc_runtime::types::TypeTable::from_program(program).type_name(ty)
}

/// Converts `input` to a value of type `ty`, or explains why it cannot.
pub fn convert(program: &Program, ty: TypeId, input: Input<'_>) -> Result<Value, String> {
    convert_at(program, ty, input, 0).ok_or_else(|| {
        let shown = match input {
            Input::Text(text) => format!("'{text}'"),
            Input::Toml(value) => format!("'{value}'"),
        };
        format!(
            "expected a value of type '{}', found {shown}",
            type_name(program, ty)
        )
    })
}

fn convert_at(program: &Program, ty: TypeId, input: Input<'_>, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let kind = &program.types.get(ty.index())?.kind;
    match kind {
        TypeKind::Int => integer(input).map(Value::Int),
        TypeKind::IntSubtype(subtype) => {
            let (low, high) = subtype.range();
            integer(input)
                .filter(|value| (low..=high).contains(value))
                .map(Value::Int)
        }
        TypeKind::Float => float(input).map(Value::Float),
        TypeKind::Decimal => decimal(input).map(Value::decimal),
        TypeKind::String => string(input).map(Value::string),
        TypeKind::StringChar => string(input)
            .filter(|text| text.chars().count() == 1)
            .map(Value::string),
        TypeKind::Boolean => boolean(input).map(Value::Boolean),
        TypeKind::Nil => match input {
            Input::Text("()") => Some(Value::Nil),
            _ => None,
        },
        TypeKind::Singleton(singleton) => match singleton {
            intc_ir::Singleton::Boolean(expected) => {
                boolean(input).filter(|v| v == expected).map(Value::Boolean)
            }
            intc_ir::Singleton::Int(expected) => {
                integer(input).filter(|v| v == expected).map(Value::Int)
            }
            intc_ir::Singleton::Float(expected) => {
                float(input).filter(|v| v == expected).map(Value::Float)
            }
            intc_ir::Singleton::Decimal(expected) => {
                decimal(input).filter(|v| v == expected).map(Value::decimal)
            }
            intc_ir::Singleton::String(expected) => {
                string(input).filter(|v| v == expected).map(Value::string)
            }
        },
        TypeKind::Union(members) => {
            // Text is ambiguous (`1` is an int and a string); the members are tried in an order
            // that prefers the most specific reading.
            let mut ordered: Vec<TypeId> = members.clone();
            ordered.sort_by_key(|member| {
                match program.types.get(member.index()).map(|d| &d.kind) {
                    Some(TypeKind::String) => 2,
                    Some(TypeKind::Nil) => 1,
                    _ => 0,
                }
            });
            ordered
                .into_iter()
                .find_map(|member| convert_at(program, member, input, depth + 1))
        }
        TypeKind::ReadonlyOf(inner) => convert_at(program, *inner, input, depth + 1),
        TypeKind::Anydata | TypeKind::Json | TypeKind::Any | TypeKind::Readonly => {
            untyped(input, ty)
        }
        TypeKind::Array { element, length } => {
            let items = toml_array(input)?;
            if length.is_some_and(|length| length as usize != items.len()) {
                return None;
            }
            let values = items
                .iter()
                .map(|item| convert_at(program, *element, Input::Toml(item), depth + 1))
                .collect::<Option<Vec<_>>>()?;
            Some(frozen_list(ty, values))
        }
        TypeKind::Tuple { members, rest } => {
            let items = toml_array(input)?;
            if items.len() < members.len() || (rest.is_none() && items.len() != members.len()) {
                return None;
            }
            let values = items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    let member = members.get(index).copied().or(*rest)?;
                    convert_at(program, member, Input::Toml(item), depth + 1)
                })
                .collect::<Option<Vec<_>>>()?;
            Some(frozen_list(ty, values))
        }
        TypeKind::Map(element) => {
            let table = toml_table(input)?;
            let mut entries = ValueMap::default();
            for (key, item) in &table {
                entries.insert(
                    MapKey::new(key),
                    convert_at(program, *element, Input::Toml(item), depth + 1)?,
                );
            }
            Some(frozen_map(ty, entries))
        }
        TypeKind::Record { fields, rest } => {
            let table = toml_table(input)?;
            let mut entries = ValueMap::default();
            for field in fields {
                match table.get(&field.name) {
                    Some(item) => {
                        let value = convert_at(program, field.ty, Input::Toml(item), depth + 1)?;
                        entries.insert(MapKey::new(&field.name), value);
                    }
                    None if field.optional => {}
                    None => return None,
                }
            }
            for (key, item) in &table {
                if fields.iter().any(|field| &field.name == key) {
                    continue;
                }
                let rest = (*rest)?;
                entries.insert(
                    MapKey::new(key),
                    convert_at(program, rest, Input::Toml(item), depth + 1)?,
                );
            }
            Some(frozen_map(ty, entries))
        }
        _ => None,
    }
}

/// A value for `anydata`/`json`-like types: scalars by their TOML kind (text stays a string).
fn untyped(input: Input<'_>, ty: TypeId) -> Option<Value> {
    match input {
        Input::Text(text) => Some(Value::string(text)),
        Input::Toml(value) => match value {
            toml::Value::String(text) => Some(Value::string(text.as_str())),
            toml::Value::Integer(number) => Some(Value::Int(*number)),
            toml::Value::Float(number) => Some(Value::Float(*number)),
            toml::Value::Boolean(flag) => Some(Value::Boolean(*flag)),
            toml::Value::Array(items) => {
                let values = items
                    .iter()
                    .map(|item| untyped(Input::Toml(item), ty))
                    .collect::<Option<Vec<_>>>()?;
                Some(frozen_list(ty, values))
            }
            toml::Value::Table(table) => {
                let mut entries = ValueMap::default();
                for (key, item) in table {
                    entries.insert(MapKey::new(key), untyped(Input::Toml(item), ty)?);
                }
                Some(frozen_map(ty, entries))
            }
            toml::Value::Datetime(datetime) => Some(Value::string(datetime.to_string())),
        },
    }
}

fn frozen_list(ty: TypeId, values: Vec<Value>) -> Value {
    let list = ListObj::new(ty, values);
    list.freeze();
    Value::List(list)
}

fn frozen_map(ty: TypeId, entries: ValueMap) -> Value {
    let map = MapObj::new(ty, entries);
    map.freeze();
    Value::Map(map)
}

fn integer(input: Input<'_>) -> Option<i64> {
    match input {
        Input::Text(text) => {
            let text = text.trim();
            match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
                Some(hex) => i64::from_str_radix(hex, 16).ok(),
                None => text.parse().ok(),
            }
        }
        Input::Toml(toml::Value::Integer(number)) => Some(*number),
        Input::Toml(_) => None,
    }
}

fn float(input: Input<'_>) -> Option<f64> {
    match input {
        Input::Text(text) => match text.trim() {
            "NaN" => Some(f64::NAN),
            "Infinity" | "+Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            other
                if other
                    .chars()
                    .all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) =>
            {
                other.parse().ok()
            }
            _ => None,
        },
        Input::Toml(toml::Value::Float(number)) => Some(*number),
        Input::Toml(toml::Value::Integer(number)) => Some(*number as f64),
        Input::Toml(_) => None,
    }
}

fn decimal(input: Input<'_>) -> Option<intc_ir::Decimal> {
    let text = match input {
        Input::Text(text) => text.trim().to_owned(),
        Input::Toml(toml::Value::Float(number)) => number.to_string(),
        Input::Toml(toml::Value::Integer(number)) => number.to_string(),
        Input::Toml(_) => return None,
    };
    intc_ir::Decimal::parse(&text).ok()
}

fn string(input: Input<'_>) -> Option<String> {
    match input {
        Input::Text(text) => Some(text.to_owned()),
        Input::Toml(toml::Value::String(text)) => Some(text.clone()),
        Input::Toml(_) => None,
    }
}

fn boolean(input: Input<'_>) -> Option<bool> {
    match input {
        Input::Text("true") | Input::Toml(toml::Value::Boolean(true)) => Some(true),
        Input::Text("false") | Input::Toml(toml::Value::Boolean(false)) => Some(false),
        _ => None,
    }
}

/// An array from TOML, or from text written as a TOML array (`-Cports=[80, 443]`).
fn toml_array(input: Input<'_>) -> Option<Vec<toml::Value>> {
    match input {
        Input::Toml(toml::Value::Array(items)) => Some(items.clone()),
        Input::Toml(_) => None,
        Input::Text(text) => match parse_toml_text(text)? {
            toml::Value::Array(items) => Some(items),
            _ => None,
        },
    }
}

fn toml_table(input: Input<'_>) -> Option<toml::Table> {
    match input {
        Input::Toml(toml::Value::Table(table)) => Some(table.clone()),
        Input::Toml(_) => None,
        Input::Text(text) => match parse_toml_text(text)? {
            toml::Value::Table(table) => Some(table),
            _ => None,
        },
    }
}

fn parse_toml_text(text: &str) -> Option<toml::Value> {
    let document: toml::Table = format!("value = {text}").parse().ok()?;
    document.get("value").cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use intc_ir::{RecordField, TypeDef};

    fn program_with(kinds: Vec<TypeKind>) -> Program {
        Program {
            types: kinds.into_iter().map(TypeDef::anonymous).collect(),
            ..Program::default()
        }
    }

    #[test]
    fn scalars_convert_from_text() {
        let program = program_with(vec![
            TypeKind::Int,
            TypeKind::Float,
            TypeKind::Boolean,
            TypeKind::Decimal,
        ]);
        assert!(matches!(
            convert(&program, TypeId(0), Input::Text("42")),
            Ok(Value::Int(42))
        ));
        assert!(
            matches!(convert(&program, TypeId(1), Input::Text("2.5")), Ok(Value::Float(f)) if f == 2.5)
        );
        assert!(matches!(
            convert(&program, TypeId(2), Input::Text("true")),
            Ok(Value::Boolean(true))
        ));
        let decimal = convert(&program, TypeId(3), Input::Text("0.10")).ok();
        assert_eq!(
            decimal.and_then(|v| v.as_decimal()).map(|d| d.to_string()),
            Some("0.10".to_owned())
        );
        let error = convert(&program, TypeId(0), Input::Text("abc"))
            .err()
            .unwrap_or_default();
        assert_eq!(error, "expected a value of type 'int', found 'abc'");
        assert!(convert(&program, TypeId(1), Input::Text("inf")).is_err());
    }

    #[test]
    fn unions_prefer_specific_members_and_records_need_fields() {
        let program = program_with(vec![
            TypeKind::String,
            TypeKind::Int,
            TypeKind::Union(vec![TypeId(0), TypeId(1)]),
            TypeKind::Record {
                fields: vec![RecordField {
                    name: "port".into(),
                    ty: TypeId(1),
                    optional: false,
                    readonly: false,
                }],
                rest: None,
            },
            TypeKind::Array {
                element: TypeId(1),
                length: None,
            },
        ]);
        assert!(matches!(
            convert(&program, TypeId(2), Input::Text("7")),
            Ok(Value::Int(7))
        ));
        assert!(matches!(
            convert(&program, TypeId(2), Input::Text("x")),
            Ok(Value::String(_))
        ));
        let table: toml::Value = toml::Value::Table("port = 80".parse().unwrap_or_default());
        let record = convert(&program, TypeId(3), Input::Toml(&table)).ok();
        assert!(record
            .as_ref()
            .and_then(|v| v.as_map())
            .is_some_and(|map| map.is_frozen() && map.len() == 1));
        let missing = toml::Value::Table(toml::Table::new());
        assert!(convert(&program, TypeId(3), Input::Toml(&missing)).is_err());
        let list = convert(&program, TypeId(4), Input::Text("[1, 2, 3]")).ok();
        assert_eq!(list.and_then(|v| v.as_list().map(|l| l.len())), Some(3));
    }
}
