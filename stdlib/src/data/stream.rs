//! `parseStream` of the data modules (`data.jsondata`, `data.csv`, `data.yaml`,
//! `data.xmldata`): the byte blocks of a `stream<byte[], error?>` are pulled through the
//! stream's next operation (so an implementor's `next()` runs on the calling strand and may
//! park it) and, once the stream completes with `()`, parsed as `parseBytes` parses them. An
//! error completing the stream, or a stream closed before the call, is the module's `Error`.
//!
//! CSV, YAML and XML, and JSON read into a type the typed reader builds without a tree, join
//! the blocks before parsing. JSON read into `json` or `anydata` (whose value is the whole
//! tree anyway) is parsed as the blocks arrive by the runtime's [`JsonFeed`], which keeps only
//! the unconsumed tail of the text, and gives `parseBytes`'s value and errors.

use super::{module_error, module_error_from};
use intc_runtime::format::{JsonFeed, JsonFeedError};
use intc_runtime::interp::streams;
use intc_runtime::value::StreamObj;
use intc_runtime::{NativeContext, Panic, Step, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The `parseBytes` of a module: the bytes and the call's arguments (options at 1, the
/// typedesc last) to the result, a value of the target type or the module's error.
pub type ParseBytes = fn(&mut NativeContext<'_>, Vec<u8>, &[Value]) -> Value;

/// What a JSON document parsed as it came (or its error) becomes: the call's result.
pub type FinishJson = fn(&mut NativeContext<'_>, Result<Value, JsonFeedError>, &[Value]) -> Value;

/// Where the blocks go.
enum Sink {
    /// Joined, then parsed by the module's `parseBytes`.
    Bytes(Vec<u8>, ParseBytes),
    /// Parsed as they come.
    Json(Box<JsonFeed>, FinishJson),
}

/// The prefix of the message of an error completing the stream (module-ballerina-data's
/// `DataReaderTask`).
const READ_FAILED: &str = "Error occurred while reading the stream";

/// A `parseStream` call in progress.
struct Collect {
    stream: Rc<StreamObj>,
    sink: Option<Sink>,
    args: Vec<Value>,
    /// The runtime's name of the module's error type (`jsondata:Error`).
    error_type: &'static str,
}

/// What one result of the next operation leaves to do.
enum Flow {
    More,
    Done(Value),
}

/// The native of a module's `parseStream`: its first argument is the stream.
pub fn parse_stream(
    context: &mut NativeContext<'_>,
    args: &[Value],
    error_type: &'static str,
    parse: ParseBytes,
) -> Result<Step, Panic> {
    start(context, args, error_type, Sink::Bytes(Vec::new(), parse))
}

/// `parseStream` of a JSON document parsed as its blocks arrive by `feed`, then `finish`ed.
pub fn parse_json_stream(
    context: &mut NativeContext<'_>,
    args: &[Value],
    error_type: &'static str,
    feed: JsonFeed,
    finish: FinishJson,
) -> Result<Step, Panic> {
    let feed = Box::new(feed);
    start(context, args, error_type, Sink::Json(feed, finish))
}

fn start(
    context: &mut NativeContext<'_>,
    args: &[Value],
    error_type: &'static str,
    sink: Sink,
) -> Result<Step, Panic> {
    let Some(Value::Stream(stream)) = args.first() else {
        let error = module_error(context, error_type, "the source is not a stream", None);
        return Ok(Step::Done(error));
    };
    if stream.is_closed() {
        let message = format!("{READ_FAILED}: the stream is closed");
        return Ok(Step::Done(module_error(
            context, error_type, &message, None,
        )));
    }
    let state = Rc::new(RefCell::new(Collect {
        stream: stream.clone(),
        sink: Some(sink),
        args: args.to_vec(),
        error_type,
    }));
    pull(context, state)
}

/// Pulls blocks until the stream completes. A next operation that completes without calling
/// back into Ballerina (a stream a query made) hands its result over at once: the loop takes
/// it, so a long stream of such blocks does not nest Rust calls. One that calls back resumes
/// in the continuation, which starts the loop again.
fn pull(context: &mut NativeContext<'_>, state: Rc<RefCell<Collect>>) -> Result<Step, Panic> {
    loop {
        let pending: Rc<RefCell<Option<Value>>> = Rc::new(RefCell::new(None));
        let synchronous = Rc::new(Cell::new(true));
        let then: streams::Then = {
            let pending = pending.clone();
            let synchronous = synchronous.clone();
            let state = state.clone();
            Box::new(move |context, result| {
                if synchronous.get() {
                    *pending.borrow_mut() = Some(result);
                    return Ok(Step::Done(Value::Nil));
                }
                match absorb(context, &state, result) {
                    Flow::More => pull(context, state),
                    Flow::Done(value) => Ok(Step::Done(value)),
                }
            })
        };
        let stream = state.borrow().stream.clone();
        let step = streams::next(context, stream, then)?;
        synchronous.set(false);
        let Some(result) = pending.borrow_mut().take() else {
            return Ok(step);
        };
        if let Flow::Done(value) = absorb(context, &state, result) {
            return Ok(Step::Done(value));
        }
    }
}

/// Takes one result of the next operation: a block goes to the sink; `()` ends the stream
/// and parses; an error ends it with the module's error.
fn absorb(context: &mut NativeContext<'_>, state: &RefCell<Collect>, result: Value) -> Flow {
    if let Some(block) = streams::member_of(&result) {
        if let Some(list) = block.as_list() {
            let items = list.items();
            let bytes = items
                .iter()
                .map(|v| v.as_int().and_then(|i| u8::try_from(i).ok()).unwrap_or(0));
            match &mut state.borrow_mut().sink {
                Some(Sink::Bytes(joined, _)) => joined.extend(bytes),
                Some(Sink::Json(feed, _)) => feed.feed(&bytes.collect::<Vec<u8>>()),
                None => {}
            }
        }
        return Flow::More;
    }
    let (sink, args, error_type) = {
        let mut collect = state.borrow_mut();
        (
            collect.sink.take(),
            std::mem::take(&mut collect.args),
            collect.error_type,
        )
    };
    if let Value::Error(error) = &result {
        let message = format!("{READ_FAILED}: {}", error.message);
        return Flow::Done(module_error_from(
            context,
            error_type,
            &message,
            result.clone(),
        ));
    }
    Flow::Done(match sink {
        Some(Sink::Bytes(bytes, parse)) => parse(context, bytes, &args),
        Some(Sink::Json(feed, finish)) => finish(context, feed.finish(), &args),
        None => Value::Nil,
    })
}
