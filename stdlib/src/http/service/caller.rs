//! The natives of `http:Caller` and `http:RequestContext` (`http_caller.int`,
//! `http_interceptors.int`): the exchange a caller answers on (the waiting connection, plus
//! the CORS headers every response to the request carries), the pipeline state behind
//! `RequestContext.next()`, `getWithType`, and the timestamp and reason phrase of the default
//! error interceptor's body.

use super::cors;
use crate::http::server::isolate::Answer;
use crate::http::server::Response;
use intc_runtime::steps::{call_all, call_method_done};
use intc_runtime::value::HandleObj;
use intc_runtime::{NativeContext, Panic, Step, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

/// What a `Caller` answers on.
pub(crate) struct Exchange {
    pub answer: Rc<Answer>,
    /// The CORS headers of every response to the request.
    pub cors: Vec<(String, String)>,
    /// How the response is compressed (`compression.rs`).
    pub compression: Option<super::compression::Plan>,
    /// The request's tracing span, ended with the response.
    pub span: crate::observe::tracing::ServerSpan,
    /// The listener and its open event streams: a response carrying server-sent events is
    /// written by a job of the listener's (`sse.rs`).
    pub listener: Value,
    pub streams: Rc<super::sse::Streams>,
}

impl Exchange {
    /// What every response to the request gets, whether the resource returned it or sent it
    /// through its `Caller`: the CORS headers, compression, and the end of the tracing span.
    pub fn finish(&self, mut response: Response) -> Response {
        cors::apply(&mut response, &self.cors);
        let response = match &self.compression {
            Some(plan) => super::compression::apply(plan, response),
            None => response,
        };
        self.span.finish(response.status);
        response
    }
}

/// The state of a request's interceptor pipeline that `RequestContext.next()` reads.
#[derive(Default)]
pub(crate) struct PipelineState {
    next: RefCell<Value>,
    next_called: Cell<bool>,
}

pub(crate) fn handle<T: 'static>(value: Rc<T>) -> Value {
    Value::Handle(Rc::new(HandleObj {
        value: Box::new(value),
    }))
}

fn handle_of<T: 'static>(value: Option<&Value>) -> Option<Rc<T>> {
    match value? {
        Value::Handle(handle) => handle.value.downcast_ref::<Rc<T>>().cloned(),
        _ => None,
    }
}

/// `sendResponse(exchange, status, names, values, body)`: answers the request now; false
/// when it was answered already.
pub(crate) fn send_response(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(exchange) = handle_of::<Exchange>(args.first()) else {
        return Err(ctx.panic("InternalError", "http:Caller without its exchange"));
    };
    let response = super::wire::from_parts(args.get(1..).unwrap_or_default());
    if exchange.answer.is_sent() {
        return Ok(Value::Boolean(false));
    }
    let response = exchange.finish(response);
    Ok(Value::Boolean(exchange.answer.send(response)))
}

/// `sendEventResponse(exchange, status, names, values, events)`: answers the request now with
/// the events written as the stream produces them; false when it was answered already.
pub(crate) fn send_event_response(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let Some(exchange) = handle_of::<Exchange>(args.first()) else {
        return Err(ctx.panic("InternalError", "http:Caller without its exchange"));
    };
    if exchange.answer.is_sent() {
        return Ok(Value::Boolean(false));
    }
    let Some(events) = super::sse::events_from_parts(args.get(1..).unwrap_or_default()) else {
        return Err(ctx.panic("InternalError", "an event response without its events"));
    };
    let response = super::sse::respond(ctx, &exchange.listener, &exchange.streams, events);
    let response = exchange.finish(response);
    Ok(Value::Boolean(exchange.answer.send(response)))
}

fn state(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Rc<PipelineState>, Panic> {
    handle_of::<PipelineState>(args.first())
        .ok_or_else(|| ctx.panic("InternalError", "http:RequestContext without its pipeline"))
}

/// `contextNext(state)`: the next service (or `()`), noting the call.
pub(crate) fn context_next(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let state = state(ctx, args)?;
    state.next_called.set(true);
    let next = state.next.borrow().clone();
    Ok(next)
}

/// `contextPrepare(state, next)`.
pub(crate) fn context_prepare(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let state = state(ctx, args)?;
    *state.next.borrow_mut() = args.get(1).cloned().unwrap_or(Value::Nil);
    state.next_called.set(false);
    Ok(Value::Nil)
}

/// `contextNextCalled(state)`.
pub(crate) fn context_next_called(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let state = state(ctx, args)?;
    Ok(Value::Boolean(state.next_called.get()))
}

/// `RequestContext.getWithType(key, targetType)`: the member when it belongs to the type,
/// else the context's own `ListenerError`.
pub(crate) fn get_with_type(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let this = args.first().cloned().unwrap_or(Value::Nil);
    let key = args.get(1).and_then(Value::as_str).unwrap_or("").to_owned();
    // `members` is the context's first field.
    let members = this.as_object().and_then(|o| o.slot(0));
    let member = members
        .as_ref()
        .and_then(Value::as_map)
        .and_then(|m| m.get(&key));
    let message = match (member, args.get(2)) {
        (Some(value), Some(Value::Typedesc(ty))) => {
            if ctx.value_belongs(&value, *ty) {
                return Ok(Step::Done(value));
            }
            format!("type conversion failed for value of key: {key}")
        }
        _ => format!("no member found for key: {key}"),
    };
    call_method_done(ctx, &this, "failure", vec![Value::string(message)])
}

/// `invokeStage(f, args)`: calls a method's function value with its object and arguments
/// (`function:call` would check them against the method's type, which has no `self`).
pub(crate) fn invoke_stage(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let function = args.first().cloned().unwrap_or(Value::Nil);
    if !matches!(function, Value::Function(_)) {
        return Ok(Step::Done(Value::Nil));
    }
    let arguments = args
        .get(1)
        .and_then(Value::as_list)
        .map(|l| l.items().clone())
        .unwrap_or_default();
    call_all(
        ctx,
        vec![(function, arguments)],
        Box::new(|_, mut results| Ok(Step::Done(results.pop().unwrap_or(Value::Nil)))),
    )
}

/// `utcNowText()`: the time now as `time:utcToString` writes it (`2024-05-01T10:11:12.5Z`).
pub(crate) fn utc_now_text(_ctx: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    Ok(Value::string(utc_text(now.as_secs(), now.subsec_nanos())))
}

fn utc_text(secs: u64, nanos: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut text = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    );
    if nanos > 0 {
        let fraction = format!("{nanos:09}");
        text.push('.');
        text.push_str(fraction.trim_end_matches('0'));
    }
    text.push('Z');
    text
}

/// `reasonPhrase(status)`.
pub(crate) fn reason_phrase(_ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let status = args.first().and_then(Value::as_int).unwrap_or(500);
    let reason = u16::try_from(status)
        .ok()
        .and_then(|s| hyper::StatusCode::from_u16(s).ok())
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    Ok(Value::string(reason))
}

#[cfg(test)]
mod tests {
    use super::utc_text;

    #[test]
    fn utc_text_writes_the_civil_date_and_trims_the_fraction() {
        assert_eq!(utc_text(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(
            utc_text(1_709_251_199, 500_000_000),
            "2024-02-29T23:59:59.5Z"
        );
        assert_eq!(
            utc_text(951_782_400, 123_456_789),
            "2000-02-29T00:00:00.123456789Z"
        );
    }
}
