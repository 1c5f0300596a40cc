//! Building blocks for natives that call Ballerina code: a sequence of calls
//! ([`call_all`]) and rendering values as text, calling objects' own `toString()` methods
//! ([`render_values`]). Both answer [`Step::Call`], so every call runs on the strand's own
//! frame stack and may park it (`runtime:sleep`, `wait`, a lock) like any code.

use crate::error::Panic;
use crate::format::{quick_text, Rendered, Renderer, Style};
use crate::native::{Continue, NativeContext, Step};
use crate::value::Value;

/// What a native does once its calls are done.
pub type Then<T> = Box<dyn FnOnce(&mut NativeContext<'_>, T) -> Result<Step, Panic>>;

/// Calls each `(function value, arguments)` in order, then continues with `then` and their
/// results (in the same order). A panic in a call propagates through the native.
pub fn call_all(
    ctx: &mut NativeContext<'_>,
    calls: Vec<(Value, Vec<Value>)>,
    then: Then<Vec<Value>>,
) -> Result<Step, Panic> {
    let mut calls = calls;
    calls.reverse();
    Box::new(CallAll {
        calls,
        results: Vec::new(),
        then,
    })
    .next(ctx)
}

struct CallAll {
    /// The calls still to make, last first.
    calls: Vec<(Value, Vec<Value>)>,
    results: Vec<Value>,
    then: Then<Vec<Value>>,
}

impl CallAll {
    fn next(mut self: Box<Self>, ctx: &mut NativeContext<'_>) -> Result<Step, Panic> {
        match self.calls.pop() {
            Some((function, args)) => Ok(Step::Call {
                function,
                args,
                then: self,
            }),
            None => (self.then)(ctx, self.results),
        }
    }
}

impl Continue for CallAll {
    fn resume(
        mut self: Box<Self>,
        ctx: &mut NativeContext<'_>,
        result: Value,
    ) -> Result<Step, Panic> {
        self.results.push(result);
        self.next(ctx)
    }
}

/// Calls `object`'s method `name` with `args` (the object is passed first), then continues
/// with `then` and its result; an object without that method is an internal error.
pub fn call_method(
    ctx: &mut NativeContext<'_>,
    object: &Value,
    name: &str,
    args: Vec<Value>,
    then: impl FnOnce(&mut NativeContext<'_>, Value) -> Result<Step, Panic> + 'static,
) -> Result<Step, Panic> {
    let Some(method) = ctx.method(object, name) else {
        return Err(ctx.interp.internal(&format!("no method '{name}'")));
    };
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(object.clone());
    all.extend(args);
    call_all(
        ctx,
        vec![(method, all)],
        Box::new(move |ctx, mut results| then(ctx, results.pop().unwrap_or(Value::Nil))),
    )
}

/// [`call_method`] whose result is the native's.
pub fn call_method_done(
    ctx: &mut NativeContext<'_>,
    object: &Value,
    name: &str,
    args: Vec<Value>,
) -> Result<Step, Panic> {
    call_method(ctx, object, name, args, |_, result| Ok(Step::Done(result)))
}

/// Renders `values` in `style` (`toString` or `toBalString` of each), calling the
/// `toString()` method of every object met that has one, in the order the objects are
/// written; then continues with `then` and the texts (in the same order). A panic in such a
/// method propagates through the native.
pub fn render_values(
    ctx: &mut NativeContext<'_>,
    values: Vec<Value>,
    style: Style,
    then: Then<Vec<String>>,
) -> Result<Step, Panic> {
    let mut values = values;
    values.reverse();
    Box::new(RenderAll {
        values,
        current: None,
        object: Value::Nil,
        texts: Vec::new(),
        style,
        then,
    })
    .next(ctx)
}

/// Continues rendering one value whose [`Renderer`] stopped at `object` (see
/// [`Renderer::run`]), as [`render_values`] does; for callers that try the renderer first and
/// come here only when an object needs its `toString()`.
pub fn render_rest(
    ctx: &mut NativeContext<'_>,
    renderer: Renderer,
    object: Value,
    style: Style,
    then: Then<Vec<String>>,
) -> Result<Step, Panic> {
    Box::new(RenderAll {
        values: Vec::new(),
        current: Some(renderer),
        object: Value::Nil,
        texts: Vec::new(),
        style,
        then,
    })
    .object_met(ctx, object)
}

struct RenderAll {
    /// The values still to render, last first.
    values: Vec<Value>,
    /// The value being rendered.
    current: Option<Renderer>,
    /// The object whose `toString()` is being called.
    object: Value,
    texts: Vec<String>,
    style: Style,
    then: Then<Vec<String>>,
}

impl RenderAll {
    fn next(mut self: Box<Self>, ctx: &mut NativeContext<'_>) -> Result<Step, Panic> {
        loop {
            let renderer = match &mut self.current {
                Some(renderer) => renderer,
                None => match self.values.pop() {
                    None => return (self.then)(ctx, self.texts),
                    Some(value) => {
                        if let Some(text) = quick_text(&value, self.style) {
                            self.texts.push(text);
                            continue;
                        }
                        self.current.insert(Renderer::new(&value, self.style))
                    }
                },
            };
            match renderer.run(ctx.types())? {
                Rendered::Done(text) => {
                    self.texts.push(text);
                    self.current = None;
                }
                Rendered::Object(object) => {
                    if ctx.method(&object, "toString").is_some() {
                        return self.object_met(ctx, object);
                    }
                    renderer.object_text(ctx.types(), &object, None)?;
                }
            }
        }
    }

    /// The current renderer stopped at `object`: call its `toString()`, or write its default
    /// form and go on.
    fn object_met(
        mut self: Box<Self>,
        ctx: &mut NativeContext<'_>,
        object: Value,
    ) -> Result<Step, Panic> {
        match ctx.method(&object, "toString") {
            Some(function) => {
                self.object = object.clone();
                Ok(Step::Call {
                    function,
                    args: vec![object],
                    then: self,
                })
            }
            None => {
                if let Some(renderer) = &mut self.current {
                    renderer.object_text(ctx.types(), &object, None)?;
                }
                self.next(ctx)
            }
        }
    }
}

impl Continue for RenderAll {
    fn resume(
        mut self: Box<Self>,
        ctx: &mut NativeContext<'_>,
        result: Value,
    ) -> Result<Step, Panic> {
        let object = std::mem::take(&mut self.object);
        if let Some(renderer) = &mut self.current {
            renderer.object_text(ctx.types(), &object, Some(result))?;
        }
        self.next(ctx)
    }
}
