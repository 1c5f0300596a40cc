//! Copies of values for another isolate, the groundwork for serving on several cores.
//!
//! Values are `Rc`-based and never cross threads. A service that shares no mutable state
//! between requests (`intc_ir::Sharing::Replicable`) may still be served by isolates on other
//! threads, each holding its own copy of the module variables the service reaches and of the
//! service object: [`snapshot`] turns such a value into a [`Transfer`] (plain `Send` data) on
//! the isolate that owns it, and [`Transfer::rebuild`] makes the copy on the other isolate.
//!
//! Only values whose copies stay indistinguishable for ever can be copied: immutable values
//! (frozen lists and mappings, errors, strings, numbers, typedescs, functions without
//! captures, read-only xml), objects whose fields are all final and hold such values (an `http:Client`), and
//! handles whose module registered a [`Replicator`] for their native type (a connection pool
//! the copies may share). Anything else — a mutable list, a non-final field, a closure over
//! variables, a future — is [`NotTransferable`], naming where it was found.
//!
//! Copies do not preserve sharing (a value reached twice is copied twice; identity `===`
//! between the copies' parts is not kept) and types the isolate created at run time must be
//! copied into the other isolate's type table first (the ids in a transfer are type ids of
//! the owning isolate's table).

use super::{ErrorObj, ListObj, MapKey, MapObj, ObjectObj, TraceFrame, Value, ValueMap};
use intc_decimal::Decimal;
use intc_ir::{ClassId, FuncId, TypeId};
use rustc_hash::FxHashMap;
use std::any::Any;
use std::rc::Rc;

/// How a handle's native value reaches another isolate: a closure, run on that isolate's
/// thread, making its own native value (typically sharing an `Arc` with the original).
pub type SendHandle = Box<dyn FnOnce() -> Box<dyn Any> + Send>;

/// Makes the [`SendHandle`] for a handle's native value (`None`: this one cannot be copied).
pub type Replicator = fn(&dyn Any) -> Option<SendHandle>;

/// The replicators of native handle types, registered by the modules that make the handles.
#[derive(Clone, Default)]
pub struct Replicators(FxHashMap<std::any::TypeId, Replicator>);

impl Replicators {
    /// Handles whose native value is a `T` are copied with `replicator`.
    pub fn register<T: Any>(&mut self, replicator: Replicator) {
        self.0.insert(std::any::TypeId::of::<T>(), replicator);
    }

    /// Adds every replicator of `other`.
    pub fn extend(&mut self, other: &Replicators) {
        self.0.extend(other.0.iter().map(|(k, v)| (*k, *v)));
    }

    fn replicate(&self, value: &dyn Any) -> Option<SendHandle> {
        self.0.get(&value.type_id()).and_then(|r| r(value))
    }
}

/// A value that cannot be copied to another isolate, and where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotTransferable {
    /// Where in the value: `` (the value itself), `.items[2]`, `.config.url`, ...
    pub path: String,
    /// What was found there: "a mutable list", "the non-final field `count`", ...
    pub what: String,
}

impl std::fmt::Display for NotTransferable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.what)
        } else {
            write!(f, "{} at `{}`", self.what, self.path)
        }
    }
}

/// A copy of a value as plain data that may move to another thread.
pub struct Transfer(Node);

enum Node {
    Nil,
    Boolean(bool),
    Int(i64),
    Float(f64),
    Typedesc(TypeId),
    Decimal(Decimal),
    String(String),
    List {
        ty: TypeId,
        items: Vec<Node>,
    },
    Map(MapNode),
    Error {
        ty: TypeId,
        message: String,
        cause: Box<Node>,
        detail: MapNode,
        trace: Vec<TraceFrame>,
    },
    Object {
        class: ClassId,
        fields: Vec<Node>,
        frozen: bool,
    },
    Function(FuncId),
    Handle(SendHandle),
    Xml(xml::XmlTree),
    RegExp(String),
}

struct MapNode {
    ty: TypeId,
    entries: Vec<(String, Node)>,
}

/// How deep a copied value may nest: immutable values cannot be cyclic, but an object may
/// hold itself in a final field, and the copy recurses.
pub const MAX_TRANSFER_DEPTH: usize = 128;

/// Copies `value` (see the module documentation). `classes` are the program's classes (for
/// which fields are final).
pub fn snapshot(
    value: &Value,
    classes: &[intc_ir::Class],
    replicators: &Replicators,
) -> Result<Transfer, NotTransferable> {
    let mut copier = Copier {
        classes,
        replicators,
        path: Vec::new(),
    };
    copier.node(value).map(Transfer)
}

struct Copier<'a> {
    classes: &'a [intc_ir::Class],
    replicators: &'a Replicators,
    path: Vec<String>,
}

impl Copier<'_> {
    fn refuse(&self, what: impl Into<String>) -> NotTransferable {
        NotTransferable {
            path: self.path.concat(),
            what: what.into(),
        }
    }

    fn within<T>(
        &mut self,
        step: String,
        f: impl FnOnce(&mut Self) -> Result<T, NotTransferable>,
    ) -> Result<T, NotTransferable> {
        if self.path.len() >= MAX_TRANSFER_DEPTH {
            return Err(self.refuse("a value nested too deeply (or holding itself)"));
        }
        self.path.push(step);
        let result = f(self);
        self.path.pop();
        result
    }

    fn node(&mut self, value: &Value) -> Result<Node, NotTransferable> {
        Ok(match value {
            Value::Nil => Node::Nil,
            Value::Boolean(b) => Node::Boolean(*b),
            Value::Int(i) => Node::Int(*i),
            Value::Float(f) => Node::Float(*f),
            Value::Typedesc(t) => Node::Typedesc(*t),
            Value::Decimal(d) => Node::Decimal(**d),
            Value::String(s) => Node::String(s.as_str().to_owned()),
            Value::RegExp(re) => Node::RegExp(re.text().to_owned()),
            Value::List(list) => {
                if !list.is_frozen() {
                    return Err(self.refuse("a mutable list"));
                }
                let mut items = Vec::with_capacity(list.len());
                for (index, item) in list.items().iter().enumerate() {
                    items.push(self.within(format!("[{index}]"), |c| c.node(item))?);
                }
                Node::List { ty: list.ty, items }
            }
            Value::Map(map) => Node::Map(self.map(map)?),
            Value::Error(error) => {
                let cause = self.within(".cause".into(), |c| c.node(&error.cause))?;
                let detail = self.within(".detail".into(), |c| c.map(&error.detail))?;
                Node::Error {
                    ty: error.ty,
                    message: error.message.as_str().to_owned(),
                    cause: Box::new(cause),
                    detail,
                    trace: error.trace().to_vec(),
                }
            }
            Value::Object(object) => {
                let frozen = object.is_frozen();
                let class = self.classes.get(object.class.index());
                let mut fields = Vec::new();
                for (slot, field) in object.fields().iter().enumerate() {
                    let declared = class.and_then(|c| c.fields.get(slot));
                    let name = declared.map_or_else(|| slot.to_string(), |f| f.name.clone());
                    if !frozen && !declared.is_some_and(|f| f.is_final) {
                        return Err(self.refuse(format!("the non-final field `{name}`")));
                    }
                    fields.push(self.within(format!(".{name}"), |c| c.node(field))?);
                }
                Node::Object {
                    class: object.class,
                    fields,
                    frozen,
                }
            }
            Value::Function(closure) => {
                if !closure.captures.is_empty() {
                    return Err(self.refuse("a function value capturing variables"));
                }
                Node::Function(closure.func)
            }
            Value::Handle(handle) => match self.replicators.replicate(handle.value.as_ref()) {
                Some(make) => Node::Handle(make),
                None => return Err(self.refuse("a handle its module cannot copy")),
            },
            Value::Future(_) => return Err(self.refuse("a future")),
            Value::Xml(value) => match xml::snapshot(value) {
                Ok(tree) => Node::Xml(tree),
                Err(what) => return Err(self.refuse(what)),
            },
            Value::Table(_) => return Err(self.refuse("a table value")),
            Value::Stream(_) => return Err(self.refuse("a stream")),
            Value::Cell(_) | Value::Iterator(_) => {
                return Err(self.refuse("an interpreter-internal value"))
            }
        })
    }

    fn map(&mut self, map: &MapObj) -> Result<MapNode, NotTransferable> {
        if !map.is_frozen() {
            return Err(self.refuse("a mutable mapping"));
        }
        let mut entries = Vec::with_capacity(map.len());
        for (key, member) in map.entries().iter() {
            let node = self.within(format!(".{}", key.as_str()), |c| c.node(member))?;
            entries.push((key.as_str().to_owned(), node));
        }
        Ok(MapNode {
            ty: map.ty,
            entries,
        })
    }
}

impl Transfer {
    /// The copy, made on the isolate that will own it.
    pub fn rebuild(self) -> Value {
        rebuild(self.0)
    }
}

fn rebuild(node: Node) -> Value {
    match node {
        Node::Nil => Value::Nil,
        Node::Boolean(b) => Value::Boolean(b),
        Node::Int(i) => Value::Int(i),
        Node::Float(f) => Value::Float(f),
        Node::Typedesc(t) => Value::Typedesc(t),
        Node::Decimal(d) => Value::decimal(d),
        Node::String(s) => Value::string(s),
        Node::RegExp(text) => Value::RegExp(Rc::new(super::regexp::RegExpObj::new(text))),
        Node::List { ty, items } => {
            let list = ListObj::new(ty, items.into_iter().map(rebuild).collect());
            list.freeze();
            Value::List(list)
        }
        Node::Map(map) => Value::Map(rebuild_map(map)),
        Node::Error {
            ty,
            message,
            cause,
            detail,
            trace,
        } => {
            let error = ErrorObj::new(ty, Rc::new(message), rebuild(*cause), rebuild_map(detail));
            error.set_trace_if_absent(trace.into_boxed_slice());
            Value::Error(error)
        }
        Node::Object {
            class,
            fields,
            frozen,
        } => {
            let object = ObjectObj::new(class, fields.into_iter().map(rebuild).collect());
            if frozen {
                object.freeze();
            }
            Value::Object(object)
        }
        Node::Function(func) => Value::Function(super::Closure::new(func, Box::new([]))),
        Node::Handle(make) => Value::Handle(Rc::new(super::HandleObj { value: make() })),
        Node::Xml(tree) => Value::xml(tree.rebuild()),
    }
}

fn rebuild_map(node: MapNode) -> Rc<MapObj> {
    let MapNode { ty, entries } = node;
    let mut map = ValueMap::default();
    for (key, member) in entries {
        map.insert(MapKey::new(&key), rebuild(member));
    }
    let map = MapObj::new(ty, map);
    map.freeze();
    map
}

#[cfg(test)]
mod tests;
mod xml;
