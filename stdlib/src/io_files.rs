//! File natives of `std/io` (`modules/io/io_files.int`): whole-file reads and writes on
//! tokio's file API (each one a `Step::Await`, so only the calling strand waits for the
//! disk), CSV text in both directions, and `fileReadCsv`'s typed rows.
//!
//! A failure is a plain error whose detail's `kind` names the `io` error type; the module's
//! Ballerina code turns it into that type. `fileReadCsv` is dependently typed, so it is
//! external itself and builds its `io:Error` values here, by the type's registered name.

use crate::args;
use crate::StdNative;
use intc_decimal::Decimal;
use intc_ir::{TypeId, TypeKind};
use intc_runtime::error::new_error;
use intc_runtime::native::{Completion, Native};
use intc_runtime::value::{ListObj, MapKey, MapObj, ValueMap};
use intc_runtime::{NativeContext, Panic, Step, Value};
use std::io::ErrorKind;

/// The implementation of each file function of `std/io`.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    Some(match id {
        StdNative::IoExternReadString => Native::Step(read_string),
        StdNative::IoExternReadBytes => Native::Step(read_bytes),
        StdNative::IoExternWriteString => Native::Step(write_string),
        StdNative::IoExternWriteBytes => Native::Step(write_bytes),
        StdNative::IoFileReadCsv => Native::Step(read_csv),
        StdNative::IoCsvText => Native::Plain(csv_text_native),
        // The stream functions' file handles live in their own Rust module.
        _ => return crate::io_stream_files::native(id),
    })
}

/// An `io` error kind and message.
pub(crate) struct Failure {
    kind: &'static str,
    message: String,
}

/// What Ballerina's io module reports for a failed file operation.
pub(crate) fn failure(path: &str, error: &std::io::Error) -> Failure {
    match error.kind() {
        ErrorKind::NotFound => Failure {
            kind: "FileNotFound",
            message: format!("no such file or directory: {path}"),
        },
        ErrorKind::PermissionDenied => Failure {
            kind: "AccessDenied",
            message: format!("permission denied: {path}"),
        },
        _ => Failure {
            kind: "Generic",
            message: format!("{path}: {error}"),
        },
    }
}

/// A plain error carrying the kind in its detail (read by `io_files.int`'s `ioError`).
pub(crate) fn plain_error(context: &NativeContext<'_>, failure: &Failure) -> Value {
    let types = context.types();
    let mut detail = ValueMap::default();
    detail.insert(MapKey::new("kind"), Value::string(failure.kind));
    new_error(
        types,
        types.well_known.error,
        &failure.message,
        Value::Nil,
        detail,
    )
}

fn read_string(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let path = args::string(args, 0).to_string();
    Ok(Step::Await(Box::pin(async move {
        let result = tokio::fs::read(&path).await;
        Box::new(move |context: &mut NativeContext<'_>| {
            Ok(Step::Done(match result {
                // Java's readers replace malformed UTF-8. Valid text (the usual case) is
                // checked by the fast validator and kept without a copy.
                Ok(bytes) => Value::string(
                    String::from_utf8(bytes)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
                ),
                Err(e) => plain_error(context, &failure(&path, &e)),
            }))
        }) as Completion
    })))
}

fn read_bytes(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let path = args::string(args, 0).to_string();
    Ok(Step::Await(Box::pin(async move {
        let result = tokio::fs::read(&path).await;
        Box::new(move |context: &mut NativeContext<'_>| {
            Ok(Step::Done(match result {
                Ok(bytes) => args::bytes_value(context, bytes),
                Err(e) => plain_error(context, &failure(&path, &e)),
            }))
        }) as Completion
    })))
}

async fn write(path: &str, content: &[u8], append: bool) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut options = tokio::fs::OpenOptions::new();
    options.create(true);
    if append {
        options.append(true);
    } else {
        options.write(true).truncate(true);
    }
    let mut file = options.open(path).await?;
    file.write_all(content).await?;
    file.flush().await
}

fn write_step(path: String, content: Vec<u8>, append: bool) -> Step {
    Step::Await(Box::pin(async move {
        let result = write(&path, &content, append).await;
        Box::new(move |context: &mut NativeContext<'_>| {
            Ok(Step::Done(match result {
                Ok(()) => Value::Nil,
                Err(e) => plain_error(context, &failure(&path, &e)),
            }))
        }) as Completion
    }))
}

fn write_string(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let path = args::string(args, 0).to_string();
    let content = args::string(args, 1).as_bytes().to_vec();
    Ok(write_step(path, content, args::boolean(args, 2)))
}

fn write_bytes(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let path = args::string(args, 0).to_string();
    Ok(write_step(
        path,
        args::bytes(args, 1),
        args::boolean(args, 2),
    ))
}

/// CSV text: fields with a comma, quote or line break quoted (quotes doubled), each row
/// ended by a newline.
pub fn csv_text(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|f| {
                if f.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

fn csv_text_native(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let rows: Vec<Vec<String>> = match args.first().and_then(Value::as_list) {
        Some(list) => list
            .items()
            .iter()
            .map(|row| args::strings(std::slice::from_ref(row), 0))
            .collect(),
        None => Vec::new(),
    };
    Ok(Value::string(csv_text(&rows)))
}

/// Parses CSV text (RFC 4180: quoted fields may hold commas, quotes as `""` and line breaks;
/// rows end with `\n` or `\r\n`); blank lines are skipped.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut parser = crate::io_stream_files::CsvParser::default();
    for c in text.chars() {
        parser.push(c);
    }
    parser.finish();
    std::iter::from_fn(|| parser.take_row()).collect()
}

/// The id of the program's type named `name` (an `io` error type), if the program has it.
fn named_type(context: &NativeContext<'_>, name: &str) -> Option<TypeId> {
    let types = context.types();
    (0..types.len() as u32)
        .map(TypeId)
        .find(|&ty| matches!(types.get(ty), TypeKind::Error { .. }) && types.type_name(ty) == name)
}

/// An `io:<kind>Error` value (a plain error if the program has no such type).
fn io_error(context: &NativeContext<'_>, failure: &Failure) -> Value {
    let types = context.types();
    let ty =
        named_type(context, &format!("io:{}Error", failure.kind)).unwrap_or(types.well_known.error);
    new_error(types, ty, &failure.message, Value::Nil, ValueMap::default())
}

/// The program's `T[]` type for the row type `T`; `anydata[]` if it has none.
fn array_of(context: &NativeContext<'_>, element: TypeId) -> TypeId {
    let types = context.types();
    (0..types.len() as u32)
        .map(TypeId)
        .find(|&ty| {
            matches!(types.get(ty), TypeKind::Array { element: e, length: None } if *e == element)
        })
        .unwrap_or(types.well_known.anydata_list)
}

/// The value of a CSV field for a field of type `ty`: the first of `()` (empty text),
/// the string, an int, a float, a decimal or a boolean that belongs to it.
fn field_value(context: &NativeContext<'_>, text: &str, ty: TypeId) -> Option<Value> {
    let mut candidates = Vec::new();
    if text.is_empty() {
        candidates.push(Value::Nil);
    }
    candidates.push(Value::string(text));
    if let Ok(i) = text.trim().parse::<i64>() {
        candidates.push(Value::Int(i));
    }
    if let Ok(f) = text.trim().parse::<f64>() {
        candidates.push(Value::Float(f));
    }
    if let Ok(d) = Decimal::parse(text.trim()) {
        candidates.push(Value::decimal(d));
    }
    match text.trim() {
        "true" => candidates.push(Value::Boolean(true)),
        "false" => candidates.push(Value::Boolean(false)),
        _ => {}
    }
    candidates
        .into_iter()
        .find(|v| context.value_belongs(v, ty))
}

/// The rows as a value of `list_type` (the call's expected list type, or the bound
/// `string[][]|map<anydata>[]` when there was none, read as `string[][]`).
fn typed_rows(
    context: &NativeContext<'_>,
    rows: Vec<Vec<String>>,
    skip: usize,
    list_type: TypeId,
) -> Result<Value, Failure> {
    let types = context.types();
    let (plain, _) = types.strip_readonly(list_type);
    let (list_type, row_type) = match types.get(plain) {
        TypeKind::Array { element, .. } => (plain, *element),
        _ => {
            let strings = types.well_known.string_list;
            (array_of(context, strings), strings)
        }
    };
    if types.is_subtype(row_type, types.well_known.string_list) {
        let items = rows
            .into_iter()
            .skip(skip)
            .map(|row| args::strings_value(context, row))
            .collect();
        return Ok(Value::List(ListObj::new(list_type, items)));
    }
    if skip > 0 {
        return Err(Failure {
            kind: "Generic",
            message: "Parameter `skipHeaders` cannot be used with record data mapping. ".into(),
        });
    }
    let mut rows = rows.into_iter();
    let Some(headers) = rows.next() else {
        return Ok(Value::List(ListObj::new(list_type, Vec::new())));
    };
    if let TypeKind::Record { fields, rest: None } = types.get(row_type) {
        if fields.len() != headers.len() {
            return Err(Failure {
                kind: "Generic",
                message: format!(
                    "The CSV file content header count({}) doesn't match with ballerina record field count({}). ",
                    headers.len(),
                    fields.len()
                ),
            });
        }
    }
    let mut items = Vec::new();
    for row in rows {
        let mut entries = ValueMap::default();
        for (header, text) in headers.iter().zip(row.iter()) {
            let field_type = types
                .map_member_type(row_type, header)
                .unwrap_or(types.well_known.anydata);
            let value = field_value(context, text, field_type).ok_or_else(|| Failure {
                kind: "Generic",
                message: format!("Invalid value: {text} for the field: '{header}'"),
            })?;
            entries.insert(MapKey::new(header), value);
        }
        items.push(Value::Map(MapObj::new(row_type, entries)));
    }
    Ok(Value::List(ListObj::new(list_type, items)))
}

fn read_csv(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let path = args::string(args, 0).to_string();
    let skip = usize::try_from(args::int(args, 1, 0)).unwrap_or(0);
    let row_type = match args.get(2) {
        Some(Value::Typedesc(ty)) => Some(*ty),
        _ => None,
    };
    Ok(Step::Await(Box::pin(async move {
        let result = tokio::fs::read(&path).await;
        Box::new(move |context: &mut NativeContext<'_>| {
            let row_type = row_type.unwrap_or(context.types().well_known.anydata_list);
            let value = match result {
                Ok(bytes) => {
                    let rows = parse_csv(&String::from_utf8_lossy(&bytes));
                    typed_rows(context, rows, skip, row_type)
                }
                Err(e) => Err(failure(&path, &e)),
            };
            Ok(Step::Done(match value {
                Ok(value) => value,
                Err(failure) => io_error(context, &failure),
            }))
        }) as Completion
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trips_quotes_commas_and_line_breaks() {
        let rows = vec![
            vec!["name".to_string(), "note".to_string()],
            vec!["Anne".to_string(), "says \"hi\", twice".to_string()],
            vec!["Bob".to_string(), "two\nlines".to_string()],
        ];
        let text = csv_text(&rows);
        assert_eq!(
            text,
            "name,note\nAnne,\"says \"\"hi\"\", twice\"\nBob,\"two\nlines\"\n"
        );
        assert_eq!(parse_csv(&text), rows);
        assert_eq!(
            parse_csv("a,b\r\n\r\n1,\r\n"),
            vec![vec!["a", "b"], vec!["1", ""]]
        );
    }

    #[test]
    fn csv_quotes_may_span_lines_and_hold_commas() {
        assert_eq!(
            parse_csv("\"a,b\",\"c\nd\"\nx"),
            vec![vec!["a,b", "c\nd"], vec!["x"]]
        );
        // A quote inside an unquoted field is literal.
        assert_eq!(parse_csv("ab\"c,d\n"), vec![vec!["ab\"c", "d"]]);
        assert!(parse_csv("").is_empty());
        assert_eq!(
            csv_text(&[vec!["plain".to_string(), String::new()]]),
            "plain,\n"
        );
    }

    #[test]
    fn failures_name_the_io_error_kind() {
        let missing = std::io::Error::from(ErrorKind::NotFound);
        assert_eq!(failure("a.txt", &missing).kind, "FileNotFound");
        assert_eq!(
            failure("a.txt", &missing).message,
            "no such file or directory: a.txt"
        );
        let denied = std::io::Error::from(ErrorKind::PermissionDenied);
        assert_eq!(failure("a.txt", &denied).kind, "AccessDenied");
        let other = std::io::Error::from(ErrorKind::InvalidData);
        assert_eq!(failure("a.txt", &other).kind, "Generic");
    }
}
