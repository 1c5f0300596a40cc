//! `toString` and `toBalString` of arbitrary values.
//!
//! The writer walks values with an explicit work list instead of Rust recursion, so deeply
//! nested values cannot overflow the stack. The chain of containers currently being written is
//! kept so that a reference back to one of them (a cycle) prints as `...` (`toString`) or
//! `...[i]` (`toBalString`, `i` being the depth of the repeated container), as jBallerina does.

use super::numbers::float_to_string;
use super::numbers::{decimal_to_bal_string, decimal_to_string, float_to_bal_string};
use crate::error::Panic;
use crate::types::TypeTable;
use crate::value::Value;
use std::fmt::Write;

/// Which conversion is being produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `toString` (informal): nested strings quoted, nested `()` as `null`.
    Informal,
    /// `toBalString` (expression-like): strings quoted, `()` as `()`, decimals with `d`.
    Expression,
}

enum Task {
    Value(Value),
    Text(&'static str),
    Owned(String),
    /// Closes the innermost container of the chain.
    Leave,
}

/// Writes `value` in `style` without calling objects' own `toString()` methods (objects show
/// as `object <Class>`); a string or `()` at top level is shown bare in `Informal` style.
pub fn render(value: &Value, types: &TypeTable, style: Style) -> Result<String, Panic> {
    if let Some(text) = quick_text(value, style) {
        return Ok(text);
    }
    let mut renderer = Renderer::new(value, style);
    loop {
        match renderer.run(types)? {
            Rendered::Done(text) => return Ok(text),
            Rendered::Object(object) => renderer.object_text(types, &object, None)?,
        }
    }
}

/// The text of the values printed most often, without a renderer.
pub fn quick_text(value: &Value, style: Style) -> Option<String> {
    Some(match (value, style) {
        (Value::Nil, Style::Informal) => String::new(),
        (Value::String(s), Style::Informal) => s.as_str().to_string(),
        (Value::Int(i), _) => i.to_string(),
        (Value::Boolean(b), _) => b.to_string(),
        (Value::Float(x), Style::Informal) => float_to_string(*x),
        (Value::Decimal(d), Style::Informal) => decimal_to_string(d),
        (Value::Xml(x), Style::Informal) => super::xml_text::xml_to_string(x),
        (Value::RegExp(r), Style::Informal) => r.text().to_string(),
        _ => return None,
    })
}

/// What [`Renderer::run`] stopped at.
pub enum Rendered {
    /// The whole text.
    Done(String),
    /// An object: its text is needed next ([`Renderer::object_text`]), from its own
    /// `toString()` method when its class has one. Calling the method means running
    /// Ballerina code, which the caller does (on the strand, so the method may park it);
    /// `format` knows nothing of the interpreter.
    Object(Value),
}

/// A resumable `toString`/`toBalString`: writes a value with an explicit work list and stops
/// at each object met, in the order the objects are written (once per occurrence, as
/// jBallerina calls their `toString()`).
pub struct Renderer {
    out: String,
    chain: Chain,
    work: Vec<Task>,
    style: Style,
}

impl Renderer {
    pub fn new(value: &Value, style: Style) -> Renderer {
        Renderer {
            out: String::new(),
            chain: Chain::default(),
            work: vec![Task::Value(value.clone())],
            style,
        }
    }

    /// Continues writing until done or until an object is met. The type table is passed at
    /// each step, since a `toString()` method run in between may add types.
    pub fn run(&mut self, types: &TypeTable) -> Result<Rendered, Panic> {
        while let Some(task) = self.work.pop() {
            match task {
                Task::Text(text) => self.out.push_str(text),
                Task::Owned(text) => self.out.push_str(&text),
                Task::Leave => self.chain.leave(),
                Task::Value(Value::Object(object)) => {
                    return Ok(Rendered::Object(Value::Object(object)));
                }
                Task::Value(value) => {
                    write_one(
                        &mut self.out,
                        &value,
                        self.style,
                        types,
                        &mut self.chain,
                        &mut self.work,
                    )?;
                }
            }
            self.check_length(types)?;
        }
        Ok(Rendered::Done(std::mem::take(&mut self.out)))
    }

    /// Writes the object [`Self::run`] stopped at: `text` is what its `toString()` returned,
    /// `None` when its class has no such method (the default form `object <Class>`).
    pub fn object_text(
        &mut self,
        types: &TypeTable,
        object: &Value,
        text: Option<Value>,
    ) -> Result<(), Panic> {
        match text {
            Some(text) => {
                if self.style == Style::Expression {
                    self.out.push_str("object ");
                }
                match text {
                    Value::String(text) => self.out.push_str(text.as_str()),
                    // `toString()` is declared to return a string; anything else is shown
                    // as it is.
                    other => self.out.push_str(&render(&other, types, Style::Informal)?),
                }
            }
            None => {
                let _ = write!(self.out, "object {}", types.value_type_name(object));
            }
        }
        self.check_length(types)
    }

    /// A value sharing one large string many times can print longer than a string may be.
    fn check_length(&self, types: &TypeTable) -> Result<(), Panic> {
        if self.out.len() > crate::limits::MAX_STRING_BYTES {
            return Err(crate::limits::string_too_long(types));
        }
        Ok(())
    }
}

/// The containers currently open, innermost last, with their depths for O(1) cycle checks.
#[derive(Default)]
struct Chain {
    stack: Vec<usize>,
    depths: rustc_hash::FxHashMap<usize, usize>,
}

impl Chain {
    fn enter(&mut self, address: usize) {
        self.depths.insert(address, self.stack.len());
        self.stack.push(address);
    }

    fn leave(&mut self) {
        if let Some(address) = self.stack.pop() {
            self.depths.remove(&address);
        }
    }

    fn depth_of(&self, address: usize) -> Option<usize> {
        self.depths.get(&address).copied()
    }
}

fn container_address(value: &Value) -> Option<usize> {
    match value {
        Value::List(l) => Some(std::rc::Rc::as_ptr(l) as *const u8 as usize),
        Value::Map(m) => Some(std::rc::Rc::as_ptr(m) as *const u8 as usize),
        Value::Error(e) => Some(std::rc::Rc::as_ptr(e) as *const u8 as usize),
        Value::Table(t) => Some(std::rc::Rc::as_ptr(t) as *const u8 as usize),
        _ => None,
    }
}

fn write_one(
    out: &mut String,
    value: &Value,
    style: Style,
    types: &TypeTable,
    chain: &mut Chain,
    work: &mut Vec<Task>,
) -> Result<(), Panic> {
    if let Some(address) = container_address(value) {
        if let Some(depth) = chain.depth_of(address) {
            match style {
                Style::Informal => out.push_str("..."),
                Style::Expression => {
                    let _ = write!(out, "...[{depth}]");
                }
            }
            return Ok(());
        }
    }
    match value {
        Value::Nil => out.push_str(match style {
            Style::Informal => "null",
            Style::Expression => "()",
        }),
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(x) => out.push_str(&match style {
            Style::Informal => float_to_string(*x),
            Style::Expression => float_to_bal_string(*x),
        }),
        Value::Decimal(d) => out.push_str(&match style {
            Style::Informal => decimal_to_string(d),
            Style::Expression => decimal_to_bal_string(d),
        }),
        Value::String(s) => write_quoted(out, s),
        Value::List(list) => {
            chain.enter(container_address(value).unwrap_or(0));
            out.push('[');
            work.push(Task::Leave);
            work.push(Task::Text("]"));
            let items = list.items();
            for (i, item) in items.iter().enumerate().rev() {
                work.push(Task::Value(item.clone()));
                if i > 0 {
                    work.push(Task::Text(","));
                }
            }
        }
        Value::Map(map) => {
            chain.enter(container_address(value).unwrap_or(0));
            out.push('{');
            work.push(Task::Leave);
            work.push(Task::Text("}"));
            let entries = map.entries();
            for (i, (key, item)) in entries.iter().enumerate().rev() {
                work.push(Task::Value(item.clone()));
                let mut prefix = String::with_capacity(key.as_str().len() + 4);
                if i > 0 {
                    prefix.push(',');
                }
                write_quoted(&mut prefix, key.as_str());
                prefix.push(':');
                work.push(Task::Owned(prefix));
            }
        }
        Value::Error(error) => {
            chain.enter(container_address(value).unwrap_or(0));
            out.push_str("error");
            if let Some(name) = error_type_label(types, error.ty, style) {
                let _ = write!(out, " {name} ");
            }
            out.push('(');
            write_quoted(out, &error.message);
            work.push(Task::Leave);
            work.push(Task::Text(")"));
            let entries = error.detail.entries();
            for (key, item) in entries.iter().rev() {
                work.push(Task::Value(item.clone()));
                work.push(Task::Owned(format!(",{}=", key.as_str())));
            }
            if error.cause.is_error() {
                work.push(Task::Value(error.cause.clone()));
                work.push(Task::Text(","));
            }
        }
        // `Renderer::run` stops at objects before they get here.
        Value::Object(_) => {
            let _ = write!(out, "object {}", types.value_type_name(value));
        }
        Value::Function(_) => {
            // The signature's name already reads `function (...) returns ...`.
            let name = types.value_type_name(value);
            if name.starts_with("function") {
                out.push_str(&name);
            } else {
                let _ = write!(out, "function {name}");
            }
        }
        Value::Typedesc(ty) => {
            let _ = write!(out, "typedesc {}", types.type_name(*ty));
        }
        Value::Handle(_) => out.push_str("handle"),
        Value::Future(future) => {
            let _ = write!(out, "{}", types.type_name(future.ty));
        }
        // jBallerina's `StreamValue.stringValue`: `stream <` and the type's name, in which the
        // completion type follows a bare comma when it is not `()`.
        Value::Stream(stream) => {
            let _ = write!(out, "stream <stream<{}", types.type_name(stream.value_ty));
            if !matches!(
                types.def(stream.completion_ty).map(|d| &d.kind),
                Some(intc_ir::TypeKind::Nil)
            ) {
                let _ = write!(out, ",{}", types.type_name(stream.completion_ty));
            }
            out.push_str(">>");
        }
        Value::Cell(cell) => {
            let inner = cell.borrow().clone();
            work.push(Task::Value(inner));
        }
        Value::Iterator(_) => out.push_str("object iterator"),
        // Spec "ToString": `[R1,R2]` informally, `table key(k) [R1,R2]` as an expression.
        Value::Table(table) => {
            chain.enter(container_address(value).unwrap_or(0));
            if style == Style::Expression {
                let _ = write!(out, "table key({}) ", table.key.join(","));
            }
            out.push('[');
            work.push(Task::Leave);
            work.push(Task::Text("]"));
            let rows = table.rows();
            for (i, row) in rows.iter().enumerate().rev() {
                work.push(Task::Value(row.clone()));
                if i > 0 {
                    work.push(Task::Text(","));
                }
            }
        }
        Value::Xml(xml) => {
            // Nested in a structure or in `toBalString`, xml reads as its template.
            out.push_str(match style {
                Style::Informal => "`",
                Style::Expression => "xml`",
            });
            super::xml_text::write_xml(out, xml);
            out.push('`');
        }
        // Nested in a structure or in `toBalString`, a regular expression reads as its
        // template.
        Value::RegExp(re) => {
            out.push_str("re `");
            out.push_str(re.text());
            out.push('`');
        }
    }
    Ok(())
}

/// The name jBallerina shows between `error` and `(`: in `toString` the name of a named,
/// user-defined error type; in `toBalString` only the name of a distinct error type.
fn error_type_label(types: &TypeTable, ty: intc_ir::TypeId, style: Style) -> Option<String> {
    let (plain, _) = types.strip_readonly(ty);
    let name = types.def(plain)?.name.as_ref()?;
    if name == "error" || name.is_empty() {
        return None;
    }
    let distinct = matches!(
        types.get(plain),
        intc_ir::TypeKind::Error { distinct_ids, .. } if !distinct_ids.is_empty()
    );
    (style == Style::Informal || distinct).then(|| name.clone())
}

/// Writes `s` as a JSON string literal.
pub fn write_quoted(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
