//! Natives of `ballerina/data.jsondata` (`modules/data.jsondata/jsondata.int`): JSON text to
//! a target type through the runtime's JSON parser and [`super::Fitter`], `toJson` with
//! `@jsondata:Name` renames, the JSONPath query behind `read` (`super::jsonpath`), and
//! `parseStream` (`super::stream`).

use super::{
    field_key, module_error, options_arg, rename_fields, typedesc_arg, Fitter, Projection,
};
use crate::args;
use crate::StdNative;
use intc_ir::{TypeId, TypeKind};
use intc_runtime::format::{
    deep_copy, parse_json, read_typed, CopyMode, DataOptions, FieldKeys, JsonFeed, JsonFeedError,
};
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Step, Value};

/// The annotation key of `@jsondata:Name`.
const NAME_TAG: &str = "std/data.jsondata:Name";
/// The runtime's name of the module's error type.
const ERROR_TYPE: &str = "jsondata:Error";

/// The implementation of each `data.jsondata` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    if id == StdNative::DataJsondataParseStream {
        return Some(Native::Step(parse_stream));
    }
    let function: intc_runtime::NativeFn = match id {
        StdNative::DataJsondataParseAsType => parse_as_type,
        StdNative::DataJsondataParseString => parse_string,
        StdNative::DataJsondataParseBytes => parse_bytes,
        StdNative::DataJsondataToJson => to_json,
        StdNative::DataJsondataReadPath => super::jsonpath::read_path,
        _ => return None,
    };
    Some(Native::Plain(function))
}

/// The value of `json` as the target type of the call, or a `jsondata:Error`.
fn convert(context: &mut NativeContext<'_>, json: &Value, args: &[Value]) -> Value {
    let projection = Projection::from_options(options_arg(args, 1));
    let target = typedesc_arg(args).unwrap_or(context.types().well_known.json);
    let result = Fitter::new(context, projection, NAME_TAG).fit_to(json, target);
    match result {
        Ok(value) => value,
        Err(message) => module_error(context, ERROR_TYPE, &message, None),
    }
}

fn parse_as_type(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let json = args.first().cloned().unwrap_or(Value::Nil);
    Ok(convert(context, &json, args))
}

fn parse_text(context: &mut NativeContext<'_>, text: &str, args: &[Value]) -> Value {
    // Straight into the target type when the typed reader can (`intc_runtime::format::
    // read_typed` with the module's rules); otherwise, and for every error, the tree and the
    // `Fitter`, which word the messages.
    let target = typedesc_arg(args).unwrap_or(context.types().well_known.json);
    let projection = Projection::from_options(options_arg(args, 1));
    let options = DataOptions {
        projection: projection.allowed,
        nil_as_optional: projection.nil_as_optional,
        absent_as_nilable: projection.absent_as_nilable,
        keys: renamed_keys(context, target),
    };
    if let Ok(value) = read_typed(text, target, context.types_mut(), Some(&options)) {
        return value;
    }
    match parse_json(text, context.types()) {
        Ok(json) => convert(context, &json, args),
        Err(e) => module_error(context, ERROR_TYPE, &e.message, None),
    }
}

fn parse_string(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = args::string(args, 0).to_string();
    Ok(parse_text(context, &text, args))
}

fn parse_bytes(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let bytes = args::bytes(args, 0);
    Ok(parse_byte_vec(context, bytes, args))
}

fn parse_byte_vec(context: &mut NativeContext<'_>, bytes: Vec<u8>, args: &[Value]) -> Value {
    match String::from_utf8(bytes) {
        Ok(text) => parse_text(context, &text, args),
        Err(e) => utf8_error(context, e.utf8_error().valid_up_to()),
    }
}

fn utf8_error(context: &NativeContext<'_>, at: usize) -> Value {
    let message = format!("error reading JSON: 'invalid UTF-8 at byte {at}'");
    module_error(context, ERROR_TYPE, &message, None)
}

/// `parseStream`: into `json` or `anydata`, whose value is the whole tree, the document is
/// parsed as the blocks arrive, straight into the structures `parseBytes` would give (fresh
/// `json[]`/`map<json>`, or `anydata[]`/`map<anydata>`, as its conversion copies them);
/// into other types the typed reader reads the joined blocks (it builds only what the type
/// keeps), as `parseBytes` does.
fn parse_stream(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let target = typedesc_arg(args).unwrap_or(context.types().well_known.json);
    let known = &context.types().well_known;
    let feed = match context.types().get(target) {
        TypeKind::Json => JsonFeed::with_types(known.json_list, known.json_map),
        TypeKind::Anydata => JsonFeed::with_types(known.anydata_list, known.anydata_map),
        _ => return super::stream::parse_stream(context, args, ERROR_TYPE, parse_byte_vec),
    };
    super::stream::parse_json_stream(context, args, ERROR_TYPE, feed, finish_stream)
}

/// The end of a document `parseStream` parsed as it came: the value, or its error worded as
/// `parseBytes` words it.
fn finish_stream(
    context: &mut NativeContext<'_>,
    parsed: Result<Value, JsonFeedError>,
    _args: &[Value],
) -> Value {
    match parsed {
        Ok(value) => value,
        Err(JsonFeedError::Utf8(at)) => utf8_error(context, at),
        Err(JsonFeedError::Syntax(e)) => module_error(context, ERROR_TYPE, &e.message, None),
    }
}

/// `toJson(anydata v) returns json`: record keys renamed by `@jsondata:Name`, then the
/// language's `toJson` copy.
fn to_json(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let value = args.first().cloned().unwrap_or(Value::Nil);
    let renamed = rename_fields(context, &value, NAME_TAG, 0)
        .map_err(|message| context.panic("{ballerina/data.jsondata}Error", &message))?;
    Ok(deep_copy(&renamed, context.types_mut(), CopyMode::Json))
}

/// The JSON keys of the fields of every record type reachable from `target` that renames
/// some field with `@jsondata:Name` (the typed reader finds the others by name).
fn renamed_keys(context: &NativeContext<'_>, target: TypeId) -> FieldKeys {
    let mut keys = FieldKeys::default();
    let mut seen = std::collections::HashSet::new();
    let mut work = vec![target];
    while let Some(ty) = work.pop() {
        if !seen.insert(ty) {
            continue;
        }
        match context.types().get(ty) {
            TypeKind::Record { fields, rest } => {
                let names: std::rc::Rc<[String]> = fields
                    .iter()
                    .map(|f| field_key(context, ty, &f.name, NAME_TAG))
                    .collect();
                if names.iter().zip(fields).any(|(key, f)| *key != f.name) {
                    keys.insert(ty, names);
                }
                work.extend(fields.iter().map(|f| f.ty).chain(*rest));
            }
            TypeKind::Map(element) | TypeKind::ReadonlyOf(element) => work.push(*element),
            TypeKind::Array { element, .. } => work.push(*element),
            TypeKind::Tuple { members, rest } => work.extend(members.iter().copied().chain(*rest)),
            TypeKind::Union(members) => work.extend(members.iter().copied()),
            _ => {}
        }
    }
    keys
}
