//! Ballerina-style type names for runtime messages (`incompatible types: 'int' cannot be cast
//! to 'string'`).

use super::TypeTable;
use crate::value::Value;
use intc_ir::{TypeId, TypeKind};
use std::fmt::Write;

const MAX_NAME_DEPTH: u32 = 8;

impl TypeTable {
    /// The source-like name of a type.
    pub fn type_name(&self, ty: TypeId) -> String {
        let mut out = String::new();
        self.write_name(&mut out, ty, 0);
        out
    }

    /// The name of a value's type: its inherent type for structures, its basic type otherwise.
    pub fn value_type_name(&self, value: &Value) -> String {
        match value {
            Value::List(list) => self.type_name(list.ty),
            Value::Map(map) => self.type_name(map.ty),
            Value::Error(error) => self.type_name(error.ty),
            Value::Object(object) => match self.class_type(object.class) {
                Some(ty) => self.type_name(ty),
                None => "object".to_string(),
            },
            Value::Function(closure) => match self.function_signature(closure.func) {
                Some(ty) => self.type_name(ty),
                None => "function".to_string(),
            },
            Value::Typedesc(ty) => format!("typedesc<{}>", self.type_name(*ty)),
            Value::Int(_) => "int".to_string(),
            other => other.basic_type_name().to_string(),
        }
    }

    fn write_name(&self, out: &mut String, ty: TypeId, depth: u32) {
        if let Some(name) = self.def(ty).and_then(|d| d.name.as_ref()) {
            out.push_str(name);
            return;
        }
        if depth > MAX_NAME_DEPTH {
            out.push_str("...");
            return;
        }
        let d = depth + 1;
        match self.get(ty) {
            TypeKind::Union(members) => {
                let nil_last = members.len() == 2
                    && matches!(self.get(members[1]), TypeKind::Nil)
                    && !matches!(self.get(members[0]), TypeKind::Union(_));
                if nil_last {
                    self.write_name(out, members[0], d);
                    out.push('?');
                    return;
                }
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    self.write_name(out, *m, d);
                }
            }
            TypeKind::ReadonlyOf(inner) => {
                self.write_name(out, *inner, d);
                out.push_str(" & readonly");
            }
            TypeKind::Array { element, length } => {
                let needs_parens = matches!(self.get(*element), TypeKind::Union(_))
                    && self.def(*element).is_some_and(|def| def.name.is_none());
                if needs_parens {
                    out.push('(');
                }
                self.write_name(out, *element, d);
                if needs_parens {
                    out.push(')');
                }
                match length {
                    Some(n) => {
                        let _ = write!(out, "[{n}]");
                    }
                    None => out.push_str("[]"),
                }
            }
            TypeKind::Tuple { members, rest } => {
                out.push('[');
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.write_name(out, *m, d);
                }
                if let Some(rest) = rest {
                    if !members.is_empty() {
                        out.push(',');
                    }
                    self.write_name(out, *rest, d);
                    out.push_str("...");
                }
                out.push(']');
            }
            TypeKind::Map(element) => {
                out.push_str("map<");
                self.write_name(out, *element, d);
                out.push('>');
            }
            TypeKind::Typedesc(inner) => {
                out.push_str("typedesc<");
                self.write_name(out, *inner, d);
                out.push('>');
            }
            TypeKind::Record { fields, rest } => {
                out.push_str(if rest.is_none() {
                    "record {|"
                } else {
                    "record {"
                });
                for field in fields {
                    out.push(' ');
                    self.write_name(out, field.ty, d);
                    out.push(' ');
                    out.push_str(&field.name);
                    if field.optional {
                        out.push('?');
                    }
                    out.push(';');
                }
                if let Some(rest) = rest {
                    if !matches!(self.get(*rest), TypeKind::Anydata) {
                        out.push(' ');
                        self.write_name(out, *rest, d);
                        out.push_str("...;");
                    }
                }
                out.push_str(if rest.is_none() { " |}" } else { " }" });
            }
            TypeKind::Error {
                detail: Some(detail),
                ..
            } => {
                out.push_str("error<");
                self.write_name(out, *detail, d);
                out.push('>');
            }
            TypeKind::Function { params, rest, ret } => {
                out.push_str("function (");
                for (i, p) in params.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.write_name(out, *p, d);
                }
                if let Some(rest) = rest {
                    if !params.is_empty() {
                        out.push(',');
                    }
                    self.write_name(out, *rest, d);
                    out.push_str("...");
                }
                out.push(')');
                if !matches!(self.get(*ret), TypeKind::Nil) {
                    out.push_str(" returns ");
                    self.write_name(out, *ret, d);
                }
            }
            TypeKind::Singleton(intc_ir::Singleton::String(s)) => {
                let _ = write!(out, "\"{s}\"");
            }
            TypeKind::Singleton(intc_ir::Singleton::Decimal(v)) => {
                let _ = write!(out, "{v}d");
            }
            other => {
                let _ = write!(out, "{other}");
            }
        }
    }
}
