//! Types in Ballerina's spelling, for diagnostics: `int`, `string[]`, `map<json>`, `int?`,
//! `(int|string)`, `(int|string)?`, a named type's name.

use crate::model::{ConstValue, TableKey, Type, TypeArena, TypeId};

impl TypeArena {
    /// The display form used in diagnostics: `int`, `string[]`, `map<json>`, `int?`,
    /// `(int|string)`, `(int|string)?`, a named type's name.
    pub fn display(&self, ty: TypeId) -> String {
        let mut out = String::new();
        self.display_into(ty, &mut out, 0);
        out
    }

    /// The type with the kind of structure it is, as jBallerina words field and method errors:
    /// `record 'Point'`, `object 'Counter'`, or just `'int'`.
    pub fn display_with_kind(&self, ty: TypeId) -> String {
        let name = self.display(ty);
        match self.get(ty) {
            Type::Record(_) => format!("record '{name}'"),
            Type::Object(_) => format!("object '{name}'"),
            _ => format!("'{name}'"),
        }
    }

    fn display_into(&self, ty: TypeId, out: &mut String, depth: u32) {
        if depth > 6 {
            out.push_str("...");
            return;
        }
        if let Some(name) = self.name(ty) {
            out.push_str(name);
            return;
        }
        let d = depth + 1;
        match self.get(ty) {
            Type::Never => out.push_str("never"),
            Type::Nil => out.push_str("()"),
            Type::Boolean => out.push_str("boolean"),
            Type::Int => out.push_str("int"),
            Type::IntSubtype(s) => out.push_str(s.name()),
            Type::Float => out.push_str("float"),
            Type::Decimal => out.push_str("decimal"),
            Type::String => out.push_str("string"),
            Type::StringChar => out.push_str("string:Char"),
            Type::Any => out.push_str("any"),
            Type::Anydata => out.push_str("anydata"),
            Type::Json => out.push_str("json"),
            Type::Readonly => out.push_str("readonly"),
            Type::Handle => out.push_str("handle"),
            Type::RegExp => out.push_str("regexp:RegExp"),
            Type::Xml => out.push_str("xml"),
            Type::XmlItem(kind) => out.push_str(xml_item_name(*kind)),
            Type::XmlSequence(inner) => {
                out.push_str("xml<");
                self.display_into(*inner, out, d);
                out.push('>');
            }
            Type::AnyFunction => out.push_str("function"),
            Type::IntRange => out.push_str("object { }"),
            Type::Unknown => out.push_str("other"),
            Type::Future(inner) => {
                out.push_str("future<");
                self.display_into(*inner, out, d);
                out.push('>');
            }
            Type::Table { row, key } => {
                out.push_str("table<");
                self.display_into(*row, out, d);
                out.push('>');
                match key {
                    TableKey::Unconstrained => {}
                    TableKey::Fields(fields) => {
                        out.push_str(" key(");
                        out.push_str(&fields.join(", "));
                        out.push(')');
                    }
                    TableKey::Type(k) => {
                        out.push_str(" key<");
                        self.display_into(*k, out, d);
                        out.push('>');
                    }
                }
            }
            Type::Stream { value, completion } => {
                out.push_str("stream<");
                self.display_into(*value, out, d);
                if *completion != TypeArena::NIL {
                    out.push_str(", ");
                    self.display_into(*completion, out, d);
                }
                out.push('>');
            }
            Type::Typedesc(inner) => {
                out.push_str("typedesc<");
                self.display_into(*inner, out, d);
                out.push('>');
            }
            Type::Singleton(v) => out.push_str(&display_const(v)),
            Type::Union(members) => {
                let non_nil: Vec<TypeId> = members
                    .iter()
                    .copied()
                    .filter(|&m| m != TypeArena::NIL)
                    .collect();
                if non_nil.len() + 1 == members.len() && non_nil.len() == 1 {
                    let inner = non_nil[0];
                    let needs_parens =
                        matches!(self.get(inner), Type::Function(_)) && self.name(inner).is_none();
                    if needs_parens {
                        out.push('(');
                    }
                    self.display_into(inner, out, d);
                    if needs_parens {
                        out.push(')');
                    }
                    out.push('?');
                } else if non_nil
                    .iter()
                    .all(|&m| matches!(self.get(m), Type::Singleton(_)))
                {
                    // A finite type: its values joined, as jBallerina prints `"a"|"b"`.
                    for (i, &m) in members.iter().enumerate() {
                        if i > 0 {
                            out.push('|');
                        }
                        self.display_into(m, out, d);
                    }
                } else {
                    // jBallerina's union spelling: the members other than `()` in
                    // parentheses, then `?` when `()` is one of them: `(int|string)?`.
                    out.push('(');
                    for (i, &m) in non_nil.iter().enumerate() {
                        if i > 0 {
                            out.push('|');
                        }
                        self.display_into(m, out, d);
                    }
                    out.push(')');
                    if non_nil.len() < members.len() {
                        out.push('?');
                    }
                }
            }
            Type::ReadonlyOf(inner) => {
                self.display_into(*inner, out, d);
                out.push_str(" & readonly");
            }
            Type::Array { element, length } => {
                // A union shows its own parentheses unless it is `T?` or a finite type.
                let mut element_text = String::new();
                self.display_into(*element, &mut element_text, d);
                let paren = matches!(self.get(*element), Type::Union(_))
                    && self.name(*element).is_none()
                    && !element_text.starts_with('(');
                if paren {
                    out.push('(');
                }
                out.push_str(&element_text);
                if paren {
                    out.push(')');
                }
                match length {
                    Some(n) => out.push_str(&format!("[{n}]")),
                    None => out.push_str("[]"),
                }
            }
            Type::Tuple { members, rest } => {
                out.push('[');
                for (i, &m) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.display_into(m, out, d);
                }
                if let Some(r) = rest {
                    if !members.is_empty() {
                        out.push(',');
                    }
                    self.display_into(*r, out, d);
                    out.push_str("...");
                }
                out.push(']');
            }
            Type::Map(inner) => {
                out.push_str("map<");
                self.display_into(*inner, out, d);
                out.push('>');
            }
            Type::Record(r) => {
                out.push_str(if r.rest.is_none() {
                    "record {| "
                } else {
                    "record { "
                });
                for f in &r.fields {
                    self.display_into(f.ty, out, d);
                    out.push(' ');
                    out.push_str(&f.name);
                    if f.optional {
                        out.push('?');
                    }
                    out.push_str("; ");
                }
                match r.rest {
                    None => out.push_str("|}"),
                    Some(rest) if rest == TypeArena::ANYDATA => out.push('}'),
                    Some(rest) => {
                        self.display_into(rest, out, d);
                        out.push_str("...; }");
                    }
                }
            }
            Type::Error(e) => {
                out.push_str("error");
                if e.detail != TypeArena::ERROR_DETAIL {
                    out.push('<');
                    self.display_into(e.detail, out, d);
                    out.push('>');
                }
            }
            Type::Object(_) => out.push_str("object { }"),
            Type::Function(f) => {
                if f.is_isolated {
                    out.push_str("isolated ");
                }
                if f.is_transactional {
                    out.push_str("transactional ");
                }
                // jBallerina's spelling: `function (int,string...) returns (boolean)`, and
                // `returns ()` when nothing is returned.
                out.push_str("function (");
                for (i, &p) in f.params.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.display_into(p, out, d);
                }
                if let Some(r) = f.rest {
                    if !f.params.is_empty() {
                        out.push(',');
                    }
                    self.display_into(r, out, d);
                    out.push_str("...");
                }
                out.push_str(") returns (");
                self.display_into(f.ret, out, d);
                out.push(')');
            }
        }
    }
}

/// A constant as Ballerina writes it in a type: `"a"`, `1`, `true`, `2.5`.
pub fn display_const(v: &ConstValue) -> String {
    match v {
        ConstValue::Nil => "()".to_string(),
        ConstValue::Boolean(b) => b.to_string(),
        ConstValue::Int(i) => i.to_string(),
        ConstValue::Float(f) => {
            if f.fract() == 0.0 && f.is_finite() {
                format!("{f:.1}")
            } else {
                f.to_string()
            }
        }
        ConstValue::Decimal(d) => d.to_string(),
        ConstValue::String(s) => format!("\"{s}\""),
        ConstValue::List(items) => {
            let parts: Vec<String> = items.iter().map(display_const).collect();
            format!("[{}]", parts.join(","))
        }
        ConstValue::Map(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("\"{k}\":{}", display_const(v)))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
    }
}

/// The name of a built-in xml item type (bits of `intc_types::xml::kinds`).
pub(crate) fn xml_item_name(kind: u8) -> &'static str {
    use intc_types::xml::kinds;
    match kind {
        kinds::ELEMENT => "xml:Element",
        kinds::COMMENT => "xml:Comment",
        kinds::PI => "xml:ProcessingInstruction",
        _ => "xml:Text",
    }
}
