//! `lang.stream`: the next and close operations, `iterator`, and the functional iteration
//! functions (`map` and `filter` are lazy: they make a stream whose next operation pulls from
//! the original), plus the non-public constructors lowering calls for `new stream<T, C>(...)`
//! and queries constructing streams. The operations themselves are in `interp/streams.rs`.

use super::support::*;
use crate::error::Panic;
use crate::format::intern_type;
use crate::interp::{stream_query, streams};
use crate::native::{NativeContext, NativeFn, Step, StepFn};
use crate::value::{ProducerState, QueryProducer, StreamObj, StreamSource, Value};
use intc_ir::{LangNative, TypeId, TypeKind};
use std::rc::Rc;

/// The natives of this file that complete at once, by the id of their declaration.
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::StreamIterator => iterator,
        LangNative::StreamMap => map,
        LangNative::StreamFilter => filter,
        LangNative::StreamConstruct => construct,
        LangNative::StreamFromValues => from_values,
        LangNative::StreamFromQuery => from_query,
        LangNative::ArrayToStream => to_stream,
        _ => return None,
    })
}

/// The natives that call back into Ballerina code.
pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::StreamNext => next,
        LangNative::StreamClose => close,
        LangNative::StreamForEach => for_each,
        LangNative::StreamReduce => reduce,
        LangNative::StreamProduce => produce,
        _ => return None,
    })
}

fn stream_arg(
    ctx: &NativeContext<'_>,
    args: &[Value],
    index: usize,
) -> Result<Rc<StreamObj>, Panic> {
    match args.get(index) {
        Some(Value::Stream(stream)) => Ok(stream.clone()),
        other => Err(bad_argument(
            ctx,
            index,
            "a stream",
            other.unwrap_or(&Value::Nil),
        )),
    }
}

/// The member and completion types of a stream type.
fn stream_params(ctx: &NativeContext<'_>, ty: TypeId) -> Result<(TypeId, TypeId), Panic> {
    match ctx.types().get(ty) {
        TypeKind::Stream { value, completion } => Ok((*value, *completion)),
        _ => Err(ctx
            .interp
            .internal("a stream constructed with a type that is not a stream")),
    }
}

fn next(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let stream = stream_arg(ctx, args, 0)?;
    streams::next(ctx, stream, streams::done())
}

fn close(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let stream = stream_arg(ctx, args, 0)?;
    streams::close(ctx, stream, streams::done())
}

fn for_each(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let stream = stream_arg(ctx, args, 0)?;
    let func = function_arg(ctx, args, 1)?;
    streams::for_each(ctx, stream, func)
}

fn reduce(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let stream = stream_arg(ctx, args, 0)?;
    let func = function_arg(ctx, args, 1)?;
    streams::reduce(ctx, stream, func, arg(args, 2))
}

/// The iterator over a stream is the stream: its `next()` is the stream's next operation
/// (`Interpreter::stream_method`), and "the iteration sequence for iterations other than the
/// first will be the empty sequence" either way (spec "Streams").
fn iterator(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Stream(stream_arg(ctx, args, 0)?))
}

fn map(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let inner = stream_arg(ctx, args, 0)?;
    let func = function_arg(ctx, args, 1)?;
    let value = function_return_type(ctx.types(), &func);
    let completion = inner.completion_ty;
    let ty = intern_type(ctx.types_mut(), TypeKind::Stream { value, completion });
    Ok(Value::Stream(StreamObj::new(
        ty,
        value,
        completion,
        StreamSource::Map { inner, func },
    )))
}

fn filter(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let inner = stream_arg(ctx, args, 0)?;
    let func = function_arg(ctx, args, 1)?;
    Ok(Value::Stream(StreamObj::new(
        inner.ty,
        inner.value_ty,
        inner.completion_ty,
        StreamSource::Filter { inner, func },
    )))
}

/// `new stream<T, C>(implementor)`, or the empty stream for `new stream<T, C>()`.
fn construct(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(ty) = typedesc_arg(args, 0) else {
        return Err(ctx.interp.internal("stream construction without its type"));
    };
    let (value, completion) = stream_params(ctx, ty)?;
    // The value's type is the anonymous `stream<T, C>`, whatever name the type had
    // (jBallerina's `StreamValue` makes a new `BStreamType`).
    let ty = intern_type(ctx.types_mut(), TypeKind::Stream { value, completion });
    let source = match arg(args, 1) {
        Value::Nil => StreamSource::Empty,
        object => StreamSource::Implementor(object),
    };
    Ok(Value::Stream(StreamObj::new(ty, value, completion, source)))
}

/// A query constructing a stream: its selected values, then its completion value.
fn from_values(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(ty) = typedesc_arg(args, 0) else {
        return Err(ctx.interp.internal("stream construction without its type"));
    };
    let (value, completion_ty) = stream_params(ctx, ty)?;
    let ty = intern_type(
        ctx.types_mut(),
        TypeKind::Stream {
            value,
            completion: completion_ty,
        },
    );
    let values = list_arg(ctx, args, 1)?.items().iter().cloned().collect();
    let source = StreamSource::Values {
        values,
        completion: arg(args, 2),
    };
    Ok(Value::Stream(StreamObj::new(
        ty,
        value,
        completion_ty,
        source,
    )))
}

/// A query constructing a stream: its pipeline `producer` runs lazily over `source`, the first
/// `from` clause's collection (`interp/stream_query.rs`).
fn from_query(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(ty) = typedesc_arg(args, 0) else {
        return Err(ctx.interp.internal("stream construction without its type"));
    };
    let (value, completion) = stream_params(ctx, ty)?;
    let ty = intern_type(ctx.types_mut(), TypeKind::Stream { value, completion });
    let function = function_arg(ctx, args, 1)?;
    let query = QueryProducer {
        function,
        source: arg(args, 2),
        state: std::cell::RefCell::new(ProducerState::NotStarted),
        producer: std::cell::RefCell::new(None),
        reaper: ctx.interp.producer_reaper(),
    };
    Ok(Value::Stream(StreamObj::new(
        ty,
        value,
        completion,
        StreamSource::Query(Rc::new(query)),
    )))
}

fn produce(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let stream = stream_arg(ctx, args, 0)?;
    stream_query::produce(ctx, stream, arg(args, 1))
}

/// `array:toStream`: a stream of the list's members, `stream<T, ()>` with `T` its member type.
fn to_stream(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    let value = list_element_type(ctx.types_mut(), list.ty);
    let completion = ctx.types().well_known.nil;
    let ty = intern_type(ctx.types_mut(), TypeKind::Stream { value, completion });
    Ok(Value::Stream(StreamObj::new(
        ty,
        value,
        completion,
        StreamSource::List { list, next: 0 },
    )))
}
