//! `http:Request` and `http:Response` objects read and made in Rust on the hot paths: a
//! forwarded request's headers and body, a returned `Response` written to the wire, and the
//! `Response` a client call receives. The classes stay Ballerina (`http_message.int`); their
//! fields are found by name in the program's class table, so the layout is written once.
//!
//! What the Ballerina methods do and these functions repeat: `getHeaderNames` lists the keys of
//! `headerValues` in `headerOrder`'s order (lower-case names, each once), `getHeaders` every
//! value of one, and `getBinaryPayload` the `payload` bytes.

use intc_ir::{Class, ClassId, TypeId};
use intc_runtime::value::{ListObj, MapKey, MapObj, ObjectObj, ValueMap};
use intc_runtime::{NativeContext, Value};

/// The module prefix the lowering gives `ballerina/http`'s classes.
const MODULE: &str = "http";

/// A message object's headers (name and value, in `getHeaderNames` order) and body.
pub(crate) struct Parts {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

fn slot(class: &Class, name: &str) -> Option<usize> {
    class.fields.iter().position(|f| f.name == name)
}

/// The class of `value` when it is an object of `ballerina/http`'s class `name`.
fn http_class<'p>(ctx: &'p NativeContext<'_>, value: &Value, name: &str) -> Option<&'p Class> {
    let object = value.as_object()?;
    let class = ctx.program().classes.get(object.class.index())?;
    (class.name == name && class.module.as_deref() == Some(MODULE)).then_some(class)
}

/// The headers and body of an `http:Request` or `http:Response` object (`class` names which),
/// `None` for any other value.
pub(crate) fn parts(ctx: &NativeContext<'_>, value: &Value, class: &str) -> Option<Parts> {
    let class = http_class(ctx, value, class)?;
    let object = value.as_object()?;
    let field = |name: &str| slot(class, name).and_then(|i| object.slot(i));
    let values = field("headerValues")?;
    let order = field("headerOrder")?;
    let payload = field("payload")?;
    let values = values.as_map()?.entries();
    // A handful of names per message: a linear search costs less than hashing each one.
    let mut seen: Vec<&str> = Vec::new();
    let mut headers = Vec::new();
    let order = order.as_list()?.items();
    for name in order.iter() {
        let Some(name) = name.as_str() else { continue };
        // `setHeader` after `removeHeader` lists a name twice; `getHeaderNames` once.
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let Some(list) = values.get(name).and_then(Value::as_list) else {
            continue;
        };
        for value in list.items().iter() {
            headers.push((name.to_owned(), value.as_str().unwrap_or("").to_owned()));
        }
    }
    let body = crate::args::bytes(std::slice::from_ref(&payload), 0);
    Some(Parts { headers, body })
}

/// The field `name` of an object of `ballerina/http`'s class `class`.
pub(crate) fn field(
    ctx: &NativeContext<'_>,
    value: &Value,
    class: &str,
    name: &str,
) -> Option<Value> {
    let class = http_class(ctx, value, class)?;
    value.as_object()?.slot(slot(class, name)?)
}

/// The status code of an `http:Response` object.
pub(crate) fn status(ctx: &NativeContext<'_>, value: &Value) -> Option<i64> {
    field(ctx, value, "Response", "statusCode")?.as_int()
}

/// `ballerina/http`'s class `name`, found by name (its id is the same in every isolate, which
/// all run the same program).
fn class_named<'p>(ctx: &'p NativeContext<'_>, name: &str) -> Option<(ClassId, &'p Class)> {
    let classes = &ctx.program().classes;
    let index = classes
        .iter()
        .position(|c| c.name == name && c.module.as_deref() == Some(MODULE))?;
    Some((ClassId(index as u32), &classes[index]))
}

/// The object type of `ballerina/http`'s class `name`.
pub(crate) fn class_type(ctx: &NativeContext<'_>, name: &str) -> Option<TypeId> {
    class_named(ctx, name).map(|(_, class)| class.ty)
}

/// A new `http:Request` or `http:Response` (`class`) whose plain fields are `scalars` (by
/// name), with the headers and body given: the object an incoming request or a client's response is,
/// built without running Ballerina code. Each header
/// is added in order under its lower-case name; the payload is set with the first content
/// type given (`setBinaryPayload(body, getContentType())`), and there is no `content-type`
/// when none was given. `None` when the class has a field this function does not know (an
/// internal error: the class and this function disagree).
pub(crate) fn make(
    ctx: &NativeContext<'_>,
    class: &str,
    scalars: &[(&str, Value)],
    headers: impl Iterator<Item = (String, String)>,
    body: &[u8],
) -> Option<Value> {
    let (id, class) = class_named(ctx, class)?;
    let string_list = ctx.types().well_known.string_list;
    let mut values: ValueMap = ValueMap::default();
    let mut order = Vec::new();
    for (name, value) in headers {
        let key = name.to_ascii_lowercase();
        match values.get(key.as_str()).and_then(Value::as_list) {
            Some(list) => list.items_mut().push(Value::string(value)),
            None => {
                order.push(Value::string(key.as_str()));
                let list = ListObj::new(string_list, vec![Value::string(value)]);
                values.insert(MapKey::new(&key), Value::List(list));
            }
        }
    }
    if let Some(list) = values.get("content-type").and_then(Value::as_list) {
        list.items_mut().truncate(1);
    }
    let mut fields = Vec::with_capacity(class.fields.len());
    for field in &class.fields {
        fields.push(match field.name.as_str() {
            "headerValues" => Value::Map(MapObj::new(field.ty, std::mem::take(&mut values))),
            "headerOrder" => Value::List(ListObj::new(field.ty, std::mem::take(&mut order))),
            "payload" => crate::args::bytes_value(ctx, body.to_vec()),
            name => scalars.iter().find(|(n, _)| *n == name)?.1.clone(),
        });
    }
    Some(Value::Object(ObjectObj::new(id, fields)))
}
