//! Natives of `ballerina/data.yaml` (`modules/data.yaml/yaml.int`): YAML text to a target
//! type (`yaml_read.rs`, then [`super::Fitter`] as for JSON) and `toYamlString`'s writer
//! (`yaml_write.rs`), both with `@yaml:Name` renames.

use super::yaml_read::{read_documents, Schema};
use super::yaml_write::{write_yaml, WriteConfig};
use super::{
    module_error, option_field, options_arg, rename_fields, typedesc_arg, Fitter, Projection,
};
use crate::args;
use crate::StdNative;
use intc_runtime::native::Native;
use intc_runtime::value::ListObj;
use intc_runtime::{NativeContext, Panic, Step, Value};

/// The annotation key of `@yaml:Name`.
const NAME_TAG: &str = "std/data.yaml:Name";
/// The runtime's name of the module's error type.
const ERROR_TYPE: &str = "yaml:Error";

/// The implementation of each `data.yaml` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    if id == StdNative::DataYamlParseStream {
        return Some(Native::Step(parse_stream));
    }
    let function: intc_runtime::NativeFn = match id {
        StdNative::DataYamlParseString => parse_string,
        StdNative::DataYamlParseBytes => parse_bytes,
        StdNative::DataYamlWriteYaml => write,
        _ => return None,
    };
    Some(Native::Plain(function))
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
        Err(e) => module_error(
            context,
            ERROR_TYPE,
            &format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            None,
        ),
    }
}

/// `parseStream`: the stream's blocks, then as `parseBytes`.
fn parse_stream(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    super::stream::parse_stream(context, args, ERROR_TYPE, parse_byte_vec)
}

/// One document is its value; a stream of several is the list of them; an empty text is `()`.
fn parse_text(context: &mut NativeContext<'_>, text: &str, args: &[Value]) -> Value {
    let options = options_arg(args, 1);
    let schema = option_field(options, "schema")
        .and_then(|v| v.as_str().map(Schema::from_name))
        .unwrap_or(Schema::Core);
    let duplicates = option_field(options, "allowMapEntryRedefinition")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let documents = match read_documents(text, context.types(), schema, duplicates) {
        Ok(documents) => documents,
        Err(message) => return module_error(context, ERROR_TYPE, &message, None),
    };
    let value = match documents.len() {
        0 => Value::Nil,
        1 => documents.into_iter().next().unwrap_or(Value::Nil),
        _ => Value::List(ListObj::new(
            context.types().well_known.json_list,
            documents,
        )),
    };
    let projection = Projection::from_options(options);
    let target = typedesc_arg(args).unwrap_or(context.types().well_known.json);
    let result = Fitter::new(context, projection, NAME_TAG)
        .with_source("YAML")
        .fit_to(&value, target);
    match result {
        Ok(value) => value,
        Err(message) => module_error(context, ERROR_TYPE, &message, None),
    }
}

/// `writeYaml(yamlValue, config) returns string|error`.
fn write(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let value = args.first().cloned().unwrap_or(Value::Nil);
    let config = args.get(1);
    let flag = |name: &str| {
        option_field(config, name)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    };
    if flag("canonical") {
        return Ok(args::error_value(
            context,
            "canonical output (tags on every node) is not supported",
        ));
    }
    let indent = option_field(config, "indentationPolicy")
        .and_then(|v| v.as_int())
        .unwrap_or(2);
    let config = WriteConfig {
        indent: usize::try_from(indent.clamp(0, 64)).unwrap_or(2),
        single_quotes: flag("useSingleQuotes"),
        force_quotes: flag("forceQuotes"),
        flow: flag("flowStyle"),
        stream: flag("isStream"),
    };
    let result = rename_fields(context, &value, NAME_TAG, 0)
        .and_then(|renamed| write_yaml(context.types(), &renamed, &config));
    Ok(match result {
        Ok(text) => Value::string(text),
        Err(message) => args::error_value(context, &message),
    })
}
