//! Natives of `ballerina/data.csv` (`modules/data.csv/csv.int`). Every function turns its
//! source into a header row (if any) and rows of cells — text read by the `csv` crate
//! (`csv_read.rs`), a `string[][]`, or the members of records — and then [`Rows`] builds the
//! rows of the target type: records keyed by header (`@csv:Name` renames), or lists in
//! column order, each cell converted to its field's or member's type. The rows are built as
//! plain `anydata` values and given their type by the runtime's `cloneWithType`.

use super::csv_read::{read_table, ReadConfig, Table};
use super::{field_key, module_error, option_field, options_arg, typedesc_arg, Projection};
use crate::args;
use crate::StdNative;
use intc_decimal::Decimal;
use intc_ir::{TypeId, TypeKind};
use intc_runtime::format::{clone_with_type, to_string};
use intc_runtime::langlib::parse_float;
use intc_runtime::native::Native;
use intc_runtime::value::{ListObj, MapKey, MapObj, ValueMap};
use intc_runtime::{NativeContext, Panic, Step, Value};

/// The annotation key of `@csv:Name`.
const NAME_TAG: &str = "std/data.csv:Name";
/// The runtime's name of the module's error type.
const ERROR_TYPE: &str = "csv:Error";

/// The implementation of each `data.csv` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    if id == StdNative::DataCsvParseStream {
        return Some(Native::Step(parse_stream));
    }
    let function: intc_runtime::NativeFn = match id {
        StdNative::DataCsvParseString => parse_string,
        StdNative::DataCsvParseBytes => parse_bytes,
        StdNative::DataCsvTransform => transform,
        StdNative::DataCsvParseList => parse_list,
        _ => return None,
    };
    Some(Native::Plain(function))
}

fn finish(context: &mut NativeContext<'_>, result: Result<Value, String>) -> Value {
    match result {
        Ok(value) => value,
        Err(message) => module_error(context, ERROR_TYPE, &message, None),
    }
}

fn parse_string(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = args::string(args, 0).to_string();
    let result = parse_text(context, &text, args);
    Ok(finish(context, result))
}

fn parse_bytes(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let bytes = args::bytes(args, 0);
    Ok(parse_byte_vec(context, bytes, args))
}

fn parse_byte_vec(context: &mut NativeContext<'_>, bytes: Vec<u8>, args: &[Value]) -> Value {
    let result = match String::from_utf8(bytes) {
        Ok(text) => parse_text(context, &text, args),
        Err(e) => Err(format!(
            "invalid csv data format: invalid UTF-8 at byte {}",
            e.utf8_error().valid_up_to()
        )),
    };
    finish(context, result)
}

/// `parseStream`: the stream's blocks, then as `parseBytes`.
fn parse_stream(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    super::stream::parse_stream(context, args, ERROR_TYPE, parse_byte_vec)
}

fn parse_text(
    context: &mut NativeContext<'_>,
    text: &str,
    args: &[Value],
) -> Result<Value, String> {
    let options = options_arg(args, 1);
    let config = ReadConfig::from_options(options)?;
    let table = read_table(text, &config)?;
    let rows = Rows::new(context, args, options)?;
    rows.build(context, table)
}

fn parse_list(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let options = options_arg(args, 1);
    let result = (|| {
        let source: Vec<Vec<String>> = match args.first().and_then(Value::as_list) {
            Some(list) => list
                .items()
                .iter()
                .map(|row| args::strings(std::slice::from_ref(row), 0))
                .collect(),
            None => Vec::new(),
        };
        let header_rows = option_field(options, "headerRows")
            .and_then(|v| v.as_int())
            .unwrap_or(0);
        let header_rows = usize::try_from(header_rows).unwrap_or(0);
        let custom = option_field(options, "customHeaders")
            .filter(|v| v.as_list().is_some())
            .map(|v| args::strings(std::slice::from_ref(&v), 0));
        let mut rows = source.into_iter();
        // `take` stops at the end of the rows, however large `headerRows` is.
        let mut headers = rows.by_ref().take(header_rows).last();
        if custom.is_some() {
            headers = custom;
        }
        let table = Table {
            headers,
            rows: rows
                .map(|r| r.into_iter().map(Cell::Text).collect())
                .collect(),
        };
        let builder = Rows::new(context, args, options)?;
        builder.build(context, table)
    })();
    Ok(finish(context, result))
}

fn transform(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let options = options_arg(args, 1);
    let result = (|| {
        let records: Vec<Value> = match args.first().and_then(Value::as_list) {
            Some(list) => list.items().clone(),
            None => Vec::new(),
        };
        let order = option_field(options, "headerOrder")
            .filter(|v| v.as_list().is_some())
            .map(|v| args::strings(std::slice::from_ref(&v), 0));
        // The header is the given order, else the keys of the first record; each record is
        // a row of its values in that order (a key a record lacks reads as `()`).
        let headers: Vec<String> = match order {
            Some(order) => order,
            None => records
                .first()
                .and_then(Value::as_map)
                .map(|m| m.entries().keys().map(|k| k.as_str().to_string()).collect())
                .unwrap_or_default(),
        };
        let mut rows = Vec::new();
        for record in &records {
            let Some(map) = record.as_map() else { continue };
            if let Some(key) = map
                .entries()
                .keys()
                .find(|k| !headers.iter().any(|h| h == k.as_str()))
            {
                return Err(format!(
                    "Header '{}' cannot be find in previous data rows",
                    key.as_str()
                ));
            }
            rows.push(
                headers
                    .iter()
                    .map(|h| Cell::Value(map.get(h).unwrap_or(Value::Nil)))
                    .collect(),
            );
        }
        let table = Table {
            headers: Some(headers),
            rows,
        };
        let builder = Rows::new(context, args, options)?;
        builder.build(context, table)
    })();
    Ok(finish(context, result))
}

/// One field of a row: text to be parsed, or a value from `transform`'s records.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    Value(Value),
}

/// The shape of the target: `T[]` with `T` a record or map, or a list type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Mapping,
    List,
}

/// What is needed to build the target's rows.
struct Rows {
    target: TypeId,
    row_type: TypeId,
    kind: RowKind,
    projection: Projection,
    /// Ranges of 1-based data row numbers to leave out.
    skip: Vec<(usize, usize)>,
    output_with_headers: bool,
    nil_text: Option<String>,
}

impl Rows {
    fn new(
        context: &NativeContext<'_>,
        args: &[Value],
        options: Option<&Value>,
    ) -> Result<Rows, String> {
        let types = context.types();
        let target = typedesc_arg(args).unwrap_or(types.well_known.anydata_list);
        let (plain, _) = types.strip_readonly(target);
        let row_type = match types.get(plain) {
            TypeKind::Array { element, .. } => *element,
            TypeKind::Union(_) => {
                return Err(format!(
                    "union types are not allowed in the expected type, found '{}'",
                    types.type_name(target)
                ))
            }
            _ => {
                return Err(format!(
                    "expected a array type, found '{}'",
                    types.type_name(target)
                ))
            }
        };
        let (row_plain, _) = types.strip_readonly(row_type);
        let kind = match types.get(row_plain) {
            TypeKind::Record { .. } | TypeKind::Map(_) => RowKind::Mapping,
            TypeKind::Array { .. } | TypeKind::Tuple { .. } => RowKind::List,
            _ => {
                return Err(format!(
                    "invalid expected type '{}', expected a subtype of (map<anydata>|anydata[])[]",
                    types.type_name(target)
                ))
            }
        };
        Ok(Rows {
            target,
            row_type: row_plain,
            kind,
            projection: Projection::from_options(options),
            skip: skip_lines(option_field(options, "skipLines"))?,
            output_with_headers: option_field(options, "outputWithHeaders")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            nil_text: option_field(options, "nilValue").and_then(|v| v.as_str().map(str::to_owned)),
        })
    }

    fn build(&self, context: &mut NativeContext<'_>, table: Table) -> Result<Value, String> {
        let mut out = Vec::new();
        if self.kind == RowKind::List && self.output_with_headers {
            if let Some(headers) = &table.headers {
                let cells: Vec<Cell> = headers.iter().cloned().map(Cell::Text).collect();
                out.push(self.list_row(context, &cells)?);
            }
        }
        for (index, row) in table.rows.iter().enumerate() {
            if self
                .skip
                .iter()
                .any(|&(a, b)| (a..=b).contains(&(index + 1)))
            {
                continue;
            }
            out.push(match self.kind {
                RowKind::List => self.list_row(context, row)?,
                RowKind::Mapping => {
                    let Some(headers) = &table.headers else {
                        return Err("Custom headers should be provided".into());
                    };
                    self.mapping_row(context, headers, row)?
                }
            });
        }
        let rows = Value::List(ListObj::new(context.types().well_known.anydata_list, out));
        clone_with_type(&rows, self.target, context.types_mut()).map_err(|f| f.message)
    }

    fn list_row(&self, context: &mut NativeContext<'_>, row: &[Cell]) -> Result<Value, String> {
        let (members, rest, fixed) = match context.types().get(self.row_type).clone() {
            TypeKind::Array { element, length } => (Vec::new(), Some(element), length),
            TypeKind::Tuple { members, rest } => {
                let fixed = if rest.is_none() {
                    u32::try_from(members.len()).ok()
                } else {
                    None
                };
                (members, rest, fixed)
            }
            _ => (Vec::new(), Some(context.types().well_known.anydata), None),
        };
        let mut out = Vec::with_capacity(row.len());
        for (i, cell) in row.iter().enumerate() {
            if let Some(n) = fixed {
                if i >= n as usize {
                    if self.projection.allowed {
                        break;
                    }
                    let what = if members.is_empty() { "array" } else { "tuple" };
                    return Err(format!(
                        "invalid array size for expected {what} type, cannot be greater than '{n}'"
                    ));
                }
            }
            let Some(ty) = members.get(i).copied().or(rest) else {
                break;
            };
            out.push(self.cell(context, cell, ty)?);
        }
        Ok(Value::List(ListObj::new(
            context.types().well_known.anydata_list,
            out,
        )))
    }

    fn mapping_row(
        &self,
        context: &mut NativeContext<'_>,
        headers: &[String],
        row: &[Cell],
    ) -> Result<Value, String> {
        if row.len() != headers.len() {
            return Err("Invalid length for the headers".into());
        }
        let (fields, rest) = match context.types().get(self.row_type).clone() {
            TypeKind::Record { fields, rest } => (fields, rest),
            TypeKind::Map(element) => (Vec::new(), Some(element)),
            _ => (Vec::new(), None),
        };
        let keys: Vec<String> = fields
            .iter()
            .map(|f| field_key(context, self.row_type, &f.name, NAME_TAG))
            .collect();
        let mut out = ValueMap::default();
        let mut seen = vec![false; fields.len()];
        for (header, cell) in headers.iter().zip(row) {
            match keys.iter().position(|k| k == header) {
                Some(index) => {
                    seen[index] = true;
                    let field = &fields[index];
                    let value = self.cell(context, cell, field.ty)?;
                    if value.is_nil() && field.optional && self.projection.nil_as_optional {
                        continue;
                    }
                    out.insert(MapKey::new(&field.name), value);
                }
                None => match rest {
                    Some(rest) => {
                        let value = self.cell(context, cell, rest)?;
                        out.insert(MapKey::new(header), value);
                    }
                    None if self.projection.allowed => {}
                    None => {
                        return Err(format!(
                            "No mapping field in the expected type for header '{header}'"
                        ))
                    }
                },
            }
        }
        for (field, seen) in fields.iter().zip(seen) {
            if seen || field.optional {
                continue;
            }
            if context
                .types()
                .record_default(self.row_type, &field.name)
                .is_some()
            {
                continue;
            }
            if self.projection.absent_as_nilable && context.value_belongs(&Value::Nil, field.ty) {
                out.insert(MapKey::new(&field.name), Value::Nil);
                continue;
            }
            return Err(format!(
                "no matching header value is found for the required field '{}'",
                field.name
            ));
        }
        Ok(Value::Map(MapObj::new(
            context.types().well_known.anydata_map,
            out,
        )))
    }

    /// A cell as a value of `ty`.
    fn cell(
        &self,
        context: &mut NativeContext<'_>,
        cell: &Cell,
        ty: TypeId,
    ) -> Result<Value, String> {
        let converted = match cell {
            Cell::Text(text) => text_value(context, text, ty, self.nil_text.as_deref()),
            Cell::Value(value) => clone_with_type(value, ty, context.types_mut()).ok(),
        };
        converted.ok_or_else(|| {
            let shown = match cell {
                Cell::Text(text) => text.clone(),
                Cell::Value(value) => to_string(value, context.types()),
            };
            format!(
                "value '{shown}' cannot be cast into '{}'",
                context.types().type_name(ty)
            )
        })
    }
}

/// Whether a field's text stands for `()`: the `nilValue` option when given, else `()`,
/// `null` or an empty field.
fn is_nil_text(text: &str, nil_text: Option<&str>) -> bool {
    match nil_text {
        Some(nil) => text == nil,
        None => matches!(text, "" | "()" | "null"),
    }
}

/// The value a field's text stands for as a value of `ty`: for a union, the first member
/// that reads it; for `anydata` or `json`, `()`, then boolean, int, float, then the string.
pub fn text_value(
    context: &NativeContext<'_>,
    text: &str,
    ty: TypeId,
    nil_text: Option<&str>,
) -> Option<Value> {
    let types = context.types();
    let candidate = match types.get(ty) {
        TypeKind::ReadonlyOf(inner) => return text_value(context, text, *inner, nil_text),
        TypeKind::Union(members) => {
            // `()` first: `null` (or the `nilValue`) is no string when the type admits `()`.
            let explicit = nil_text.is_some() || !text.is_empty();
            if explicit && is_nil_text(text, nil_text) && context.value_belongs(&Value::Nil, ty) {
                return Some(Value::Nil);
            }
            return members
                .iter()
                .find_map(|m| text_value(context, text, *m, nil_text));
        }
        TypeKind::Anydata | TypeKind::Json | TypeKind::Any | TypeKind::Readonly => {
            if is_nil_text(text, nil_text) && !text.is_empty() {
                return Some(Value::Nil);
            }
            return Some(
                boolean(text)
                    .or_else(|| text.parse::<i64>().ok().map(Value::Int))
                    .or_else(|| float(text))
                    .unwrap_or_else(|| Value::string(text)),
            );
        }
        TypeKind::Nil => is_nil_text(text, nil_text).then_some(Value::Nil)?,
        TypeKind::Boolean => boolean(text)?,
        TypeKind::Int | TypeKind::IntSubtype(_) => Value::Int(text.parse::<i64>().ok()?),
        TypeKind::Float => float(text)?,
        TypeKind::Decimal => Value::decimal(Decimal::parse(text).ok()?),
        TypeKind::String | TypeKind::StringChar => Value::string(text),
        TypeKind::Singleton(_) => [
            Some(Value::string(text)),
            text.parse::<i64>().ok().map(Value::Int),
            float(text),
            Decimal::parse(text).ok().map(Value::decimal),
            boolean(text),
        ]
        .into_iter()
        .flatten()
        .find(|v| context.value_belongs(v, ty))?,
        _ => return None,
    };
    context.value_belongs(&candidate, ty).then_some(candidate)
}

fn boolean(text: &str) -> Option<Value> {
    match text {
        "true" | "TRUE" | "True" => Some(Value::Boolean(true)),
        "false" | "FALSE" | "False" => Some(Value::Boolean(false)),
        _ => None,
    }
}

fn float(text: &str) -> Option<Value> {
    parse_float(text).map(Value::Float)
}

/// The `skipLines` option: data row numbers, or a `start-end` range.
fn skip_lines(option: Option<Value>) -> Result<Vec<(usize, usize)>, String> {
    match option {
        Some(Value::String(range)) => {
            let Some((start, end)) = range.split_once('-') else {
                return Err(
                    "Invalid format for the skipLines field. Expected format: 'start-end'".into(),
                );
            };
            let (Ok(start), Ok(end)) = (start.trim().parse::<usize>(), end.trim().parse::<usize>())
            else {
                return Err("Invalid input for the skipLines field. Both start and end values must be integers.".into());
            };
            if start > end {
                return Err("Invalid range for the skipLines field. Start value must be less than or equal to end value.".into());
            }
            Ok(vec![(start, end)])
        }
        Some(Value::List(list)) => Ok(list
            .items()
            .iter()
            .filter_map(|v| v.as_int().and_then(|i| usize::try_from(i).ok()))
            .map(|i| (i, i))
            .collect()),
        _ => Ok(Vec::new()),
    }
}
