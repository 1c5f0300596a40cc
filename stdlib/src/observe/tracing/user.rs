//! `ballerina/observe`'s functions for spans of the program's own (`startRootSpan`,
//! `startSpan`, `addTagToSpan`, `finishSpan`, `finishSpanWithError`, `getSpanContext`).
//!
//! A user span is named by an `int` id the program keeps. `startSpan` with the parent `-1`
//! makes the span a child of the strand's current span (the request being served), and
//! `addTagToSpan` with `-1` tags that span. With tracing off, the start functions answer
//! `-1` and the others do nothing, as in Ballerina.

use super::span::{Span, SpanKind};
use super::{current_scope, tracer, Tracer, DEFAULT_SERVICE_NAME};
use intc_runtime::error::new_error;
use intc_runtime::value::{MapKey, MapObj, ValueMap};
use intc_runtime::{NativeContext, Panic, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// The user spans not yet finished, by id (natives run on the isolate's thread).
#[derive(Default)]
struct UserSpans {
    next: i64,
    open: HashMap<i64, (Arc<Tracer>, Arc<Span>)>,
}

thread_local! {
    static USER_SPANS: RefCell<UserSpans> = RefCell::new(UserSpans::default());
}

/// `error(message)`: an error with no detail, as Ballerina's observe natives make them.
fn plain_error(ctx: &NativeContext<'_>, message: &str) -> Value {
    let types = ctx.types();
    new_error(
        types,
        types.well_known.error,
        message,
        Value::Nil,
        ValueMap::default(),
    )
}

fn tags_of(value: Option<&Value>) -> Vec<(String, String)> {
    let Some(map) = value.and_then(Value::as_map) else {
        return Vec::new();
    };
    map.entries()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.as_str().unwrap_or("").to_owned()))
        .collect()
}

fn open(
    ctx: &NativeContext<'_>,
    tracer: Arc<Tracer>,
    name: &str,
    tags: Vec<(String, String)>,
    parent: Option<Arc<Span>>,
) -> Value {
    let service = current_scope(ctx)
        .map(|s| s.entry.service.clone())
        .unwrap_or_else(|| DEFAULT_SERVICE_NAME.to_string());
    let context = tracer.context(parent.as_ref().map(|p| &p.context), None);
    let span = Arc::new(Span::new(
        context,
        parent.map(|p| p.context.span_id),
        name.to_string(),
        SpanKind::Internal,
        service,
    ));
    for (key, value) in tags {
        span.set(&key, value);
    }
    USER_SPANS.with(|spans| {
        let mut spans = spans.borrow_mut();
        let id = spans.next;
        spans.next += 1;
        spans.open.insert(id, (tracer, span));
        Value::Int(id)
    })
}

fn user_span(id: i64) -> Option<Arc<Span>> {
    USER_SPANS.with(|spans| spans.borrow().open.get(&id).map(|(_, s)| s.clone()))
}

/// `startRootSpan(spanName, tags)`: a span starting a trace of its own.
pub(super) fn start_root_span(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(tracer) = tracer() else {
        return Ok(Value::Int(-1));
    };
    let name = args.first().and_then(Value::as_str).unwrap_or("");
    Ok(open(ctx, tracer, name, tags_of(args.get(1)), None))
}

/// `startSpan(spanName, tags, parentSpanId)`: a child of the user span `parentSpanId`, or of
/// the strand's current span for `-1` (a root span outside any).
pub(super) fn start_span(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(tracer) = tracer() else {
        return Ok(Value::Int(-1));
    };
    let name = args.first().and_then(Value::as_str).unwrap_or("");
    let parent_id = args.get(2).and_then(Value::as_int).unwrap_or(-1);
    let parent = if parent_id == -1 {
        current_scope(ctx).map(|scope| scope.span.clone())
    } else {
        match user_span(parent_id) {
            Some(parent) => Some(parent),
            None => {
                let message = format!(
                    "No parent span for ID {parent_id} found. Please recheck the parent span Id"
                );
                return Ok(plain_error(ctx, &message));
            }
        }
    };
    Ok(open(ctx, tracer, name, tags_of(args.get(1)), parent))
}

/// `addTagToSpan(tagKey, tagValue, spanId)`: tags a user span, or the strand's current span
/// for `-1`.
pub(super) fn add_tag_to_span(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    if tracer().is_none() {
        return Ok(Value::Nil);
    }
    let key = args.first().and_then(Value::as_str).unwrap_or("");
    let value = args.get(1).and_then(Value::as_str).unwrap_or("");
    let id = args.get(2).and_then(Value::as_int).unwrap_or(-1);
    let span = if id == -1 {
        current_scope(ctx).map(|scope| scope.span.clone())
    } else {
        user_span(id)
    };
    Ok(match span {
        Some(span) => {
            span.set(key, value);
            Value::Nil
        }
        None => {
            let message = format!("Span already finished. Can not add tag {{{key}:{value}}}");
            plain_error(ctx, &message)
        }
    })
}

fn finish(ctx: &NativeContext<'_>, id: i64, error: Option<&str>) -> Value {
    if tracer().is_none() {
        return Value::Nil;
    }
    let open = USER_SPANS.with(|spans| spans.borrow_mut().open.remove(&id));
    match open {
        Some((tracer, span)) => {
            if let Some(message) = error {
                span.set("error", "true");
                span.set("error.message", message);
            }
            tracer.finish(&span, error.is_some());
            Value::Nil
        }
        None => {
            let message = format!("Can not finish span with id {id}. Span already finished");
            plain_error(ctx, &message)
        }
    }
}

/// `finishSpan(spanId)`.
pub(super) fn finish_span(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let id = args.first().and_then(Value::as_int).unwrap_or(-1);
    Ok(finish(ctx, id, None))
}

/// `finishSpanWithError(spanId, errorMessage)`: ends the span marked as failed.
pub(super) fn finish_span_with_error(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let id = args.first().and_then(Value::as_int).unwrap_or(-1);
    let message = args.get(1).and_then(Value::as_str).unwrap_or("");
    Ok(finish(ctx, id, Some(message)))
}

/// `getSpanContext()`: `traceId` and `spanId` of the strand's current span (empty outside
/// any, or with tracing off).
pub(super) fn get_span_context(
    ctx: &mut NativeContext<'_>,
    _args: &[Value],
) -> Result<Value, Panic> {
    let mut entries = ValueMap::default();
    if let Some(scope) = current_scope(ctx) {
        let context = &scope.span.context;
        entries.insert(
            MapKey::new("traceId"),
            Value::string(super::span::hex(&context.trace_id)),
        );
        entries.insert(
            MapKey::new("spanId"),
            Value::string(super::span::hex(&context.span_id)),
        );
    }
    let ty = ctx.types().well_known.string_map;
    Ok(Value::Map(MapObj::new(ty, entries)))
}
