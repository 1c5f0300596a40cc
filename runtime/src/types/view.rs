//! The runtime's values as intc-types [`Shape`]s, so `Env::contains` judges membership.
//!
//! A view owns a (cheap, reference-counted) clone of the value and borrows the type table and
//! its converted `SemType`s; child views are built on demand as `Env::contains` walks an
//! immutable structure.

use super::semantic::{decimal_key, SemTypes};
use super::TypeTable;
use crate::value::{MapKey, MapObj, Value};
use intc_types::{DecimalKey, SemType, Shape, ValueKind};
use std::cell::OnceCell;
use std::rc::Rc;

#[derive(Clone)]
pub(crate) struct ValueView<'a> {
    value: Value,
    table: &'a TypeTable,
    sems: &'a SemTypes,
    /// The entries of a mapping (or of an error's detail) in order, taken on the first
    /// `field_at` so field names can be lent out (the live entries sit behind a `RefCell`).
    fields: OnceCell<Rc<[(MapKey, Value)]>>,
}

impl<'a> ValueView<'a> {
    pub(crate) fn new(value: Value, table: &'a TypeTable, sems: &'a SemTypes) -> ValueView<'a> {
        ValueView {
            value,
            table,
            sems,
            fields: OnceCell::new(),
        }
    }

    fn child(&self, value: Value) -> ValueView<'a> {
        ValueView::new(value, self.table, self.sems)
    }

    /// The mapping whose fields this value exposes: a map, or an error's detail record.
    fn mapping(&self) -> Option<&MapObj> {
        match &self.value {
            Value::Map(map) => Some(map),
            Value::Error(error) => Some(&error.detail),
            _ => None,
        }
    }
}

impl Shape for ValueView<'_> {
    fn kind(&self) -> ValueKind<'_> {
        match &self.value {
            Value::Nil => ValueKind::Nil,
            Value::Boolean(b) => ValueKind::Boolean(*b),
            Value::Int(i) => ValueKind::Int(*i),
            Value::Float(f) => ValueKind::Float(*f),
            Value::Decimal(_) => ValueKind::Decimal,
            Value::String(s) => ValueKind::String(s.as_str()),
            Value::List(_) => ValueKind::List,
            Value::Map(_) => ValueKind::Mapping,
            Value::Error(_) => ValueKind::Error,
            Value::Object(_) => ValueKind::Object,
            Value::Function(_) => ValueKind::Function,
            Value::Typedesc(_) => ValueKind::Typedesc,
            Value::Future(_) => ValueKind::Future,
            Value::Stream(_) => ValueKind::Stream,
            Value::Xml(xml) => ValueKind::Xml {
                len: xml.len(),
                item_kinds: xml.item_kinds(),
            },
            // Cells and iterators are not Ballerina values (membership rejects them before
            // asking); as opaque values without an inherent type they belong to nothing.
            Value::Table(_) => ValueKind::Table,
            Value::Handle(_) | Value::Cell(_) | Value::Iterator(_) => ValueKind::Handle,
            Value::RegExp(_) => ValueKind::RegExp,
        }
    }

    fn decimal_key(&self) -> DecimalKey {
        match &self.value {
            Value::Decimal(d) => decimal_key(d),
            _ => decimal_key(&intc_decimal::Decimal::from(0)),
        }
    }

    fn is_readonly(&self) -> bool {
        self.value.is_immutable()
    }

    fn inherent_type(&self) -> Option<&SemType> {
        let ty = match &self.value {
            Value::List(list) => list.ty,
            Value::Map(map) => map.ty,
            Value::Object(object) => self.table.class_type(object.class)?,
            Value::Function(closure) => self.table.function_signature(closure.func)?,
            Value::Handle(_) => return Some(&self.sems.handle),
            Value::Future(future) => future.ty,
            Value::Table(table) => table.ty,
            Value::Stream(stream) => stream.ty,
            _ => return None,
        };
        self.sems.known(ty)
    }

    fn described_type(&self) -> Option<&SemType> {
        match &self.value {
            Value::Typedesc(ty) => self.sems.known(*ty),
            _ => None,
        }
    }

    fn list_len(&self) -> usize {
        match &self.value {
            Value::List(list) => list.items().len(),
            _ => 0,
        }
    }

    fn member(&self, index: usize) -> Option<Self> {
        match &self.value {
            Value::List(list) => {
                let item = list.items().get(index).cloned()?;
                Some(self.child(item))
            }
            _ => None,
        }
    }

    fn field_count(&self) -> usize {
        self.mapping().map_or(0, |map| map.entries().len())
    }

    fn field_at(&self, index: usize) -> Option<(&str, Self)> {
        let fields = self.fields.get_or_init(|| match self.mapping() {
            Some(map) => map
                .entries()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            None => Rc::from(Vec::new()),
        });
        let (key, value) = fields.get(index)?;
        Some((key.as_str(), self.child(value.clone())))
    }

    fn field(&self, name: &str) -> Option<Self> {
        let value = self.mapping()?.entries().get(name).cloned()?;
        Some(self.child(value))
    }

    fn distinct_ids(&self) -> Vec<u32> {
        match &self.value {
            Value::Error(error) => self.table.error_distinct_ids(error.ty),
            _ => Vec::new(),
        }
    }
}
