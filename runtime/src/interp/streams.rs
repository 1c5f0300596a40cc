//! The next and close operations of streams (spec "Streams"), written in continuation-passing
//! style over [`Step`]s: an implementor's `next()`/`close()` and the functions of `map`,
//! `filter`, `forEach` and `reduce` run as callbacks on the strand's own frames (so they may
//! park it), and each operation hands its result to a continuation. `next`, `close` and
//! `member_of` are public for natives of the standard library that pull from a stream
//! (the data modules' `parseStream`).

use super::Interpreter;
use crate::error::{self, reason, Panic};
use crate::format::intern_type;
use crate::native::{Continue, NativeContext, Step};
use crate::value::{Closure, MapKey, MapObj, StreamObj, StreamSource, Value, ValueMap};
use intc_ir::{RecordField, TypeKind};
use std::rc::Rc;

/// What to do with an operation's result.
pub type Then = Box<dyn FnOnce(&mut NativeContext<'_>, Value) -> Result<Step, Panic>>;

struct Resume(Then);

impl Continue for Resume {
    fn resume(self: Box<Self>, ctx: &mut NativeContext<'_>, result: Value) -> Result<Step, Panic> {
        (self.0)(ctx, result)
    }
}

/// A callback of `function` with `args`, continuing with `then`.
pub(crate) fn call(function: Value, args: Vec<Value>, then: Then) -> Step {
    Step::Call {
        function,
        args,
        then: Box::new(Resume(then)),
    }
}

/// The continuation that makes a result the native's result.
pub fn done() -> Then {
    Box::new(|_, value| Ok(Step::Done(value)))
}

/// The method `name` of an implementor object as a function value taking the object first.
fn method(ctx: &NativeContext<'_>, object: &Value, name: &str) -> Option<Value> {
    let func = ctx.interp.find_method(object, name).ok()?;
    Some(Value::Function(Closure::new(func, Box::new([]))))
}

/// The member a next operation's result carries (`None` for the completion value).
pub fn member_of(result: &Value) -> Option<Value> {
    match result {
        Value::Map(record) => Some(record.get("value").unwrap_or(Value::Nil)),
        _ => None,
    }
}

/// `record {| T value; |}` holding `member`, `T` the stream's member type.
pub(crate) fn member_record(
    ctx: &mut NativeContext<'_>,
    stream: &StreamObj,
    member: Value,
) -> Value {
    let ty = intern_type(
        ctx.types_mut(),
        TypeKind::Record {
            fields: vec![RecordField {
                name: "value".to_string(),
                ty: stream.value_ty,
                optional: false,
                readonly: false,
            }],
            rest: None,
        },
    );
    let mut fields = ValueMap::default();
    fields.insert(MapKey::new("value"), member);
    Value::Map(MapObj::new(ty, fields))
}

/// What a next operation does, decided before any callback runs.
enum Plan {
    Result(Value),
    Member(Value),
    Implementor(Value),
    Map(Rc<StreamObj>, Value),
    Filter(Rc<StreamObj>, Value),
    Query(Rc<crate::value::QueryProducer>),
    /// A producer's own handle (never a program's value).
    Producing,
}

/// The next operation on `stream`.
pub fn next(ctx: &mut NativeContext<'_>, stream: Rc<StreamObj>, then: Then) -> Result<Step, Panic> {
    let plan = match &mut *stream.source_mut() {
        StreamSource::Empty => Plan::Result(Value::Nil),
        StreamSource::Values { values, completion } => match values.pop_front() {
            Some(value) => Plan::Member(value),
            None => Plan::Result(completion.clone()),
        },
        StreamSource::Implementor(object) => Plan::Implementor(object.clone()),
        StreamSource::Map { inner, func } => Plan::Map(inner.clone(), func.clone()),
        StreamSource::Filter { inner, func } => Plan::Filter(inner.clone(), func.clone()),
        StreamSource::Query(query) => Plan::Query(query.clone()),
        StreamSource::Producing(_) => Plan::Producing,
        StreamSource::List { list, next } => match list.get(*next) {
            Some(value) => {
                *next += 1;
                Plan::Member(value)
            }
            None => Plan::Result(Value::Nil),
        },
    };
    match plan {
        Plan::Result(value) => then(ctx, value),
        Plan::Member(value) => {
            let record = member_record(ctx, &stream, value);
            then(ctx, record)
        }
        Plan::Implementor(object) => {
            // A closed implementor behaves as closed (spec "StreamImplementor").
            if stream.is_closed() {
                return Err(error::panic_error(
                    ctx.types(),
                    reason::ILLEGAL_STATE,
                    "next operation on a closed stream",
                ));
            }
            let Some(next) = method(ctx, &object, "next") else {
                return Err(ctx.interp.internal("stream implementor without 'next'"));
            };
            Ok(call(
                next,
                vec![object],
                Box::new(move |ctx, result| {
                    if member_of(&result).is_some() {
                        then(ctx, result)
                    } else {
                        complete(ctx, &stream, result, then)
                    }
                }),
            ))
        }
        Plan::Map(inner, func) => next(
            ctx,
            inner,
            Box::new(move |ctx, result| match member_of(&result) {
                Some(member) => Ok(call(
                    func,
                    vec![member],
                    Box::new(move |ctx, mapped| {
                        let record = member_record(ctx, &stream, mapped);
                        then(ctx, record)
                    }),
                )),
                None => then(ctx, result),
            }),
        ),
        Plan::Filter(inner, func) => filter_next(ctx, inner, func, then),
        Plan::Query(query) => super::stream_query::next(ctx, stream, query, then),
        Plan::Producing => Err(ctx
            .interp
            .internal("next operation on a query producer's own stream")),
    }
}

/// The next member of `inner` for which `func` is true.
fn filter_next(
    ctx: &mut NativeContext<'_>,
    inner: Rc<StreamObj>,
    func: Value,
    then: Then,
) -> Result<Step, Panic> {
    next(
        ctx,
        inner.clone(),
        Box::new(move |ctx, result| match member_of(&result) {
            Some(member) => Ok(call(
                func.clone(),
                vec![member],
                Box::new(move |ctx, keep| {
                    if matches!(keep, Value::Boolean(true)) {
                        then(ctx, result)
                    } else {
                        filter_next(ctx, inner, func, then)
                    }
                }),
            )),
            None => then(ctx, result),
        }),
    )
}

/// The generation of an implementor's sequence is complete with `result` (`()` or an
/// error): the stream performs the close operation itself (spec "Streams") and afterwards
/// generates nothing more.
fn complete(
    ctx: &mut NativeContext<'_>,
    stream: &StreamObj,
    result: Value,
    then: Then,
) -> Result<Step, Panic> {
    let source = std::mem::replace(&mut *stream.source_mut(), StreamSource::Empty);
    let StreamSource::Implementor(object) = source else {
        return then(ctx, result);
    };
    match method(ctx, &object, "close") {
        Some(close) => Ok(call(
            close,
            vec![object],
            Box::new(move |ctx, _| then(ctx, result)),
        )),
        None => then(ctx, result),
    }
}

/// The close operation on `stream`: idempotent; an implementor's `close()` gives the result.
pub fn close(
    ctx: &mut NativeContext<'_>,
    stream: Rc<StreamObj>,
    then: Then,
) -> Result<Step, Panic> {
    if !stream.mark_closed() {
        return then(ctx, Value::Nil);
    }
    let query = match &*stream.source() {
        StreamSource::Query(query) => Some(query.clone()),
        _ => None,
    };
    if let Some(query) = query {
        return super::stream_query::close_query(ctx, query, then);
    }
    let inner = match &mut *stream.source_mut() {
        StreamSource::Query(_) | StreamSource::Producing(_) => Ok(None),
        StreamSource::Implementor(object) => Err(object.clone()),
        StreamSource::Map { inner, .. } | StreamSource::Filter { inner, .. } => {
            Ok(Some(inner.clone()))
        }
        source @ (StreamSource::Values { .. } | StreamSource::List { .. }) => {
            *source = StreamSource::Empty;
            Ok(None)
        }
        StreamSource::Empty => Ok(None),
    };
    match inner {
        Err(object) => match method(ctx, &object, "close") {
            Some(close) => Ok(call(close, vec![object], then)),
            None => then(ctx, Value::Nil),
        },
        Ok(Some(inner)) => close(ctx, inner, then),
        Ok(None) => then(ctx, Value::Nil),
    }
}

/// `forEach`: `func` on every member; the result is the completion value.
pub(crate) fn for_each(
    ctx: &mut NativeContext<'_>,
    stream: Rc<StreamObj>,
    func: Value,
) -> Result<Step, Panic> {
    next(
        ctx,
        stream.clone(),
        Box::new(move |_, result| match member_of(&result) {
            Some(member) => Ok(call(
                func.clone(),
                vec![member],
                Box::new(move |ctx, _| for_each(ctx, stream, func)),
            )),
            None => Ok(Step::Done(result)),
        }),
    )
}

/// `reduce`: the members combined by `func` from `accumulator`, or the completion error.
pub(crate) fn reduce(
    ctx: &mut NativeContext<'_>,
    stream: Rc<StreamObj>,
    func: Value,
    accumulator: Value,
) -> Result<Step, Panic> {
    next(
        ctx,
        stream.clone(),
        Box::new(move |_, result| match member_of(&result) {
            Some(member) => Ok(call(
                func.clone(),
                vec![accumulator, member],
                Box::new(move |ctx, combined| reduce(ctx, stream, func, combined)),
            )),
            None if matches!(result, Value::Error(_)) => Ok(Step::Done(result)),
            None => Ok(Step::Done(accumulator)),
        }),
    )
}

impl Interpreter {
    /// A method call on the iterator `stream:iterator` returns (the stream itself): `next()`
    /// is the stream's next operation.
    pub(crate) fn stream_method(
        &mut self,
        stream: &Rc<StreamObj>,
        method: intc_ir::ConstId,
        dst: u16,
    ) -> Result<super::strand::NativeOutcome, Panic> {
        let name = self.constants.get(method.index()).and_then(Value::as_str);
        if name != Some("next") {
            return Err(self.internal("method call on a stream iterator other than 'next'"));
        }
        let step = next(&mut NativeContext { interp: self }, stream.clone(), done())?;
        self.take_step(step, dst)
    }
}
