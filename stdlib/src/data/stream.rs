//! `parseStream` of the data modules (`data.jsondata`, `data.csv`, `data.yaml`,
//! `data.xmldata`): the byte blocks of a `stream<byte[], error?>` are pulled through the
//! stream's next operation (so an implementor's `next()` runs on the calling strand and may
//! park it) and, once the stream completes with `()`, parsed as `parseBytes` parses them. An
//! error completing the stream, or a stream closed before the call, is the module's `Error`.
//!
//! The blocks are joined before parsing rather than parsed as they arrive, so a block may
//! end anywhere (inside a UTF-8 sequence, a number, a tag) without special handling.

use super::{module_error, module_error_from};
use intc_runtime::interp::streams;
use intc_runtime::value::StreamObj;
use intc_runtime::{NativeContext, Panic, Step, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The `parseBytes` of a module: the bytes and the call's arguments (options at 1, the
/// typedesc last) to the result, a value of the target type or the module's error.
pub type ParseBytes = fn(&mut NativeContext<'_>, Vec<u8>, &[Value]) -> Value;

/// The prefix of the message of an error completing the stream (module-ballerina-data's
/// `DataReaderTask`).
const READ_FAILED: &str = "Error occurred while reading the stream";

/// A `parseStream` call in progress.
struct Collect {
    stream: Rc<StreamObj>,
    bytes: Vec<u8>,
    args: Vec<Value>,
    /// The runtime's name of the module's error type (`jsondata:Error`).
    error_type: &'static str,
    parse: ParseBytes,
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
        bytes: Vec::new(),
        args: args.to_vec(),
        error_type,
        parse,
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

/// Takes one result of the next operation: a block is appended; `()` ends the stream and
/// parses the bytes; an error ends it with the module's error.
fn absorb(context: &mut NativeContext<'_>, state: &RefCell<Collect>, result: Value) -> Flow {
    if let Some(block) = streams::member_of(&result) {
        if let Some(list) = block.as_list() {
            let mut collect = state.borrow_mut();
            collect.bytes.extend(
                list.items()
                    .iter()
                    .map(|v| v.as_int().and_then(|i| u8::try_from(i).ok()).unwrap_or(0)),
            );
        }
        return Flow::More;
    }
    let (bytes, args, error_type, parse) = {
        let mut collect = state.borrow_mut();
        (
            std::mem::take(&mut collect.bytes),
            std::mem::take(&mut collect.args),
            collect.error_type,
            collect.parse,
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
    Flow::Done(parse(context, bytes, &args))
}
