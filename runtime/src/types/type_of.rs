//! The runtime type of a value, for `typeof`.

use super::TypeTable;
use crate::value::Value;
use intc_ir::{Singleton, TypeDef, TypeId, TypeKind};
use intc_types::xml::kinds;

impl TypeTable {
    /// The type `typeof value` describes (spec "typeof expression"): a structure's, error's or
    /// function's inherent type, an object's class, and for a simple value the singleton type
    /// of its shape (`typeof 1` is `typedesc 1`).
    pub fn type_of_value(&mut self, value: &Value) -> TypeId {
        let singleton = match value {
            Value::List(list) => return list.ty,
            Value::Map(map) => return map.ty,
            Value::Error(error) => return error.ty,
            Value::Future(future) => return future.ty,
            Value::Table(table) => return table.ty,
            Value::Stream(stream) => return stream.ty,
            Value::Object(object) => {
                return self.class_type(object.class).unwrap_or(self.well_known.any)
            }
            Value::Function(closure) => {
                return self
                    .function_signature(closure.func)
                    .unwrap_or(self.well_known.any)
            }
            Value::Typedesc(ty) => {
                let ty = *ty;
                let def = TypeDef::anonymous(TypeKind::Typedesc(ty));
                return self.shape_type(format!("typedesc {}", ty.0), def);
            }
            Value::Cell(cell) => {
                let inner = cell.borrow().clone();
                return self.type_of_value(&inner);
            }
            Value::Nil => return self.well_known.nil,
            Value::Boolean(b) => Singleton::Boolean(*b),
            Value::Int(i) => Singleton::Int(*i),
            Value::Float(f) => Singleton::Float(*f),
            Value::Decimal(d) => Singleton::Decimal(**d),
            Value::String(s) => Singleton::String(s.to_string()),
            Value::Handle(_) | Value::Iterator(_) => return self.well_known.any,
            // A single item's type is its kind (jBallerina's `lang.xml:Element`, ...); a
            // sequence of any other length is `xml`.
            Value::Xml(x) => {
                let (name, kind) = match (x.len(), x.item_kinds()) {
                    (1, kinds::ELEMENT) => ("lang.xml:Element", TypeKind::XmlItem(kinds::ELEMENT)),
                    (1, kinds::COMMENT) => ("lang.xml:Comment", TypeKind::XmlItem(kinds::COMMENT)),
                    (1, kinds::PI) => (
                        "lang.xml:ProcessingInstruction",
                        TypeKind::XmlItem(kinds::PI),
                    ),
                    (1, kinds::TEXT) => ("lang.xml:Text", TypeKind::XmlItem(kinds::TEXT)),
                    _ => ("xml", TypeKind::Xml),
                };
                return self.shape_type(name.to_string(), TypeDef::named(name, kind));
            }
            Value::RegExp(_) => {
                let def = TypeDef::named("regexp:RegExp", TypeKind::RegExp);
                return self.shape_type("regexp:RegExp".to_string(), def);
            }
        };
        // The key tells 1, 1.0 and 1.0d apart (and NaN's bit patterns share one key).
        let key = match &singleton {
            Singleton::Float(f) if f.is_nan() => "float NaN".to_string(),
            Singleton::Float(f) => format!("float {:x}", f.to_bits()),
            other => format!("{other:?}"),
        };
        // jBallerina names the type by the value's `toString` (`typedesc a` for "a").
        let name = crate::format::to_string(value, self);
        self.shape_type(key, TypeDef::named(name, TypeKind::Singleton(singleton)))
    }

    fn shape_type(&mut self, key: String, def: TypeDef) -> TypeId {
        if let Some(&ty) = self.shape_types.get(&key) {
            return ty;
        }
        let ty = self.add(def);
        self.shape_types.insert(key, ty);
        ty
    }
}
