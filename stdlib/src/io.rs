//! Natives of `std/io`: printing with `toString` semantics (the runtime's formatter) to the
//! interpreter's buffered stdout/stderr.

use crate::StdNative;
use intc_runtime::format::Style;
use intc_runtime::native::Native;
use intc_runtime::steps::render_values;
use intc_runtime::{NativeContext, Panic, Step, Value};

/// The implementation of each `std/io` external function. They may call objects'
/// `toString()` methods, which run on the strand (and may park it), hence step natives.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::StepFn = match id {
        StdNative::IoPrint => print,
        StdNative::IoPrintln => println,
        StdNative::IoFprint => fprint,
        StdNative::IoFprintln => fprintln,
        // The file functions live in their own Rust module.
        _ => return crate::io_files::native(id),
    };
    Some(Native::Step(function))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stream {
    Stdout,
    Stderr,
}

fn print(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Step, Panic> {
    write_values(context, Stream::Stdout, arguments, false)
}

fn println(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Step, Panic> {
    write_values(context, Stream::Stdout, arguments, true)
}

fn fprint(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Step, Panic> {
    let (stream, values) = split_stream(arguments);
    write_values(context, stream, values, false)
}

fn fprintln(context: &mut NativeContext<'_>, arguments: &[Value]) -> Result<Step, Panic> {
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

/// A piece of the printed text: literal text of a raw template, or a value printed by
/// `toString`.
enum Piece {
    Text(Value),
    Value,
}

fn write_values(
    context: &mut NativeContext<'_>,
    stream: Stream,
    values: &[Value],
    newline: bool,
) -> Result<Step, Panic> {
    let mut pieces = Vec::new();
    let mut printed = Vec::new();
    for value in values {
        flatten_printable(context, value, &mut pieces, &mut printed);
    }
    // `toString` semantics, including objects' own `toString()` methods, which run on the
    // strand before anything is written.
    render_values(
        context,
        printed,
        Style::Informal,
        Box::new(move |context, texts| {
            let mut text = String::new();
            let mut texts = texts.into_iter();
            for piece in pieces {
                match piece {
                    Piece::Text(string) => text.push_str(string.as_str().unwrap_or_default()),
                    Piece::Value => text.push_str(&texts.next().unwrap_or_default()),
                }
            }
            if newline {
                text.push('\n');
            }
            let writer = match stream {
                Stream::Stdout => context.stdout(),
                Stream::Stderr => context.stderr(),
            };
            // Like Ballerina's io functions, printing has no error result: a closed pipe
            // just loses the output.
            let _ = writer.write_all(text.as_bytes());
            Ok(Step::Done(Value::Nil))
        }),
    )
}

/// Lists the pieces of one printable value. Ballerina's io module prints a raw template (its
/// `PrintableRawTemplate`) as its strings interleaved with its insertions, each insertion
/// by `toString` (or, when it is itself a raw template, the same way); everything else by
/// `toString`. The values to print go to `printed`, in order.
fn flatten_printable(
    context: &NativeContext<'_>,
    value: &Value,
    pieces: &mut Vec<Piece>,
    printed: &mut Vec<Value>,
) {
    let Some((strings, insertions)) = raw_template_parts(context, value) else {
        pieces.push(Piece::Value);
        printed.push(value.clone());
        return;
    };
    for (i, string) in strings.into_iter().enumerate() {
        if i > 0 {
            if let Some(insertion) = insertions.get(i - 1) {
                flatten_printable(context, insertion, pieces, printed);
            }
        }
        pieces.push(Piece::Text(string));
    }
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
