//! Natives of `std/io`: printing with `toString` semantics (the runtime's formatter) to the
//! interpreter's buffered stdout/stderr.

use crate::StdNative;
use intc_runtime::format::{to_string_calling_methods, Style};
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Value};

/// The implementation of each `std/io` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::IoPrint => print,
        StdNative::IoPrintln => println,
        StdNative::IoFprint => fprint,
        StdNative::IoFprintln => fprintln,
        _ => return None,
    };
    Some(Native::Plain(function))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stream {
    Stdout,
    Stderr,
}

fn print(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Value, Panic> {
    write_values(context, Stream::Stdout, arguments, false)
}

fn println(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Value, Panic> {
    write_values(context, Stream::Stdout, arguments, true)
}

fn fprint(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Value, Panic> {
    let (stream, values) = split_stream(arguments);
    write_values(context, stream, values, false)
}

fn fprintln(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Value, Panic> {
    let (stream, values) = split_stream(arguments);
    write_values(context, stream, values, true)
}

/// The first argument of `fprint`/`fprintln` is a `FileOutputStream` enum member, i.e. the
/// string `"stdout"` or `"stderr"`.
fn split_stream(arguments: &[Value]) -> (Stream, &[Value]) {
    match arguments.split_first() {
        Some((first, rest)) => {
            let stream = if first.as_str() == Some("stderr") {
                Stream::Stderr
            } else {
                Stream::Stdout
            };
            (stream, rest)
        }
        None => (Stream::Stdout, arguments),
    }
}

fn write_values(
    context: &mut NativeContext<'_>,
    stream: Stream,
    values: &[Value],
    newline: bool,
) -> Result<Value, Panic> {
    let mut text = String::new();
    for value in values {
        // `toString` semantics, including objects' own `toString()` methods (which needs
        // re-entrant calls, hence the context).
        write_printable(context, &mut text, value)?;
    }
    if newline {
        text.push('\n');
    }
    let writer = match stream {
        Stream::Stdout => context.stdout(),
        Stream::Stderr => context.stderr(),
    };
    // Like Ballerina's io functions, printing has no error result: a closed pipe just loses
    // the output.
    let _ = writer.write_all(text.as_bytes());
    Ok(Value::Nil)
}

/// Appends one printable value. Ballerina's io module prints a raw template (its
/// `PrintableRawTemplate`) as its strings interleaved with its insertions, each insertion
/// by `toString` (or, when it is itself a raw template, the same way); everything else by
/// `toString`.
fn write_printable(
    context: &mut NativeContext<'_>,
    text: &mut String,
    value: &Value,
) -> Result<(), Panic> {
    let Some((strings, insertions)) = raw_template_parts(context, value) else {
        text.push_str(&to_string_calling_methods(context, value, Style::Informal)?);
        return Ok(());
    };
    for (i, string) in strings.iter().enumerate() {
        if i > 0 {
            if let Some(insertion) = insertions.get(i - 1) {
                write_printable(context, text, insertion)?;
            }
        }
        if let Some(string) = string.as_str() {
            text.push_str(string);
        }
    }
    Ok(())
}

/// The `strings` and `insertions` of a raw template value (the checker gives every raw
/// template's class the type name `object:RawTemplate` and these two fields, in this order).
fn raw_template_parts(
    context: &NativeContext<'_>,
    value: &Value,
) -> Option<(Vec<Value>, Vec<Value>)> {
    let object = value.as_object()?;
    if context.types().value_type_name(value) != "object:RawTemplate" {
        return None;
    }
    let strings = object.slot(0)?.as_list()?.items().to_vec();
    let insertions = object.slot(1)?.as_list()?.items().to_vec();
    Some((strings, insertions))
}
