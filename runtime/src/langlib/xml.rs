//! `lang.xml` natives, and the two non-public ones xml templates are lowered to
//! (`templateItem`, `templateElement`). Values are `value/xml.rs`; `fromString` is
//! `xml_parse.rs`.

use super::array_functional::each_member;
use super::support::*;
use crate::error::Panic;
use crate::format::to_string;
use crate::native::{NativeContext, NativeFn, Step, StepFn};
use crate::value::xml::{XmlElement, XmlItem, XmlObj, XmlPi};
use crate::value::{MapKey, MapObj, Value, ValueMap};
use intc_ir::LangNative;
use std::cell::RefCell;
use std::rc::Rc;

/// The reason of errors from operations on xml items of the wrong kind.
const XML_OPERATION_ERROR: &str = "{ballerina/lang.xml}XMLOperationError";

pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::XmlLength => length,
        LangNative::XmlGet => get,
        LangNative::XmlConcat => concat,
        LangNative::XmlGetName => get_name,
        LangNative::XmlSetName => set_name,
        LangNative::XmlGetChildren => get_children,
        LangNative::XmlSetChildren => set_children,
        LangNative::XmlGetAttributes => get_attributes,
        LangNative::XmlGetDescendants => get_descendants,
        LangNative::XmlChildren => children,
        LangNative::XmlElements => elements,
        LangNative::XmlElementChildren => element_children,
        LangNative::XmlData => data,
        LangNative::XmlText => text,
        LangNative::XmlGetTarget => get_target,
        LangNative::XmlGetContent => get_content,
        LangNative::XmlCreateElement => create_element,
        LangNative::XmlCreateProcessingInstruction => create_pi,
        LangNative::XmlCreateComment => create_comment,
        LangNative::XmlCreateText => create_text,
        LangNative::XmlSlice => slice,
        LangNative::XmlStrip => strip,
        LangNative::XmlIsElement => |c, a| is_kind(c, a, |i| matches!(i, XmlItem::Element(_))),
        LangNative::XmlIsText => |c, a| is_kind(c, a, |i| matches!(i, XmlItem::Text(_))),
        LangNative::XmlIsComment => |c, a| is_kind(c, a, |i| matches!(i, XmlItem::Comment(_))),
        LangNative::XmlIsProcessingInstruction => {
            |c, a| is_kind(c, a, |i| matches!(i, XmlItem::Pi(_)))
        }
        LangNative::XmlFromString => super::xml_parse::from_string,
        LangNative::XmlTemplateItem => template_item,
        LangNative::XmlTemplateElement => template_element,
        LangNative::XmlAttributeOf => attribute_of,
        LangNative::XmlNavigate => navigate,
        _ => return None,
    })
}

/// The natives that call back into Ballerina code.
pub(super) fn step_native(id: LangNative) -> Option<StepFn> {
    Some(match id {
        LangNative::XmlMap => map,
        LangNative::XmlForEach => for_each,
        LangNative::XmlFilter => filter,
        _ => return None,
    })
}

pub(crate) fn xml_arg(
    ctx: &NativeContext<'_>,
    args: &[Value],
    index: usize,
) -> Result<Rc<XmlObj>, Panic> {
    match args.get(index) {
        Some(Value::Xml(x)) => Ok(x.clone()),
        other => Err(ctx.panic(
            "{ballerina}IllegalArgument",
            &format!(
                "argument {} must be xml, found '{}'",
                index + 1,
                other.unwrap_or(&Value::Nil).basic_type_name()
            ),
        )),
    }
}

fn xml(items: impl IntoIterator<Item = XmlItem>) -> Value {
    Value::xml(XmlObj::from_items(items))
}

/// The single item of `x` when it is one of the kind `what` describes, else a panic.
fn single<'x>(ctx: &NativeContext<'_>, x: &'x XmlObj, what: &str) -> Result<&'x XmlItem, Panic> {
    match x.items() {
        [item] => Ok(item),
        _ => Err(ctx.panic(
            XML_OPERATION_ERROR,
            &format!("{what} not supported on a sequence of length {}", x.len()),
        )),
    }
}

fn element_arg(
    ctx: &NativeContext<'_>,
    args: &[Value],
    function: &str,
) -> Result<Rc<XmlElement>, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    match single(ctx, &x, function)? {
        XmlItem::Element(e) => Ok(e.clone()),
        _ => Err(ctx.panic(
            XML_OPERATION_ERROR,
            &format!("{function} not supported on a non-element item"),
        )),
    }
}

fn ensure_mutable(ctx: &NativeContext<'_>, element: &XmlElement) -> Result<(), Panic> {
    if element.is_frozen() {
        return Err(ctx.panic(
            "{ballerina/lang.xml}InherentTypeViolation",
            "cannot modify read-only value of type 'xml:Element & readonly'",
        ));
    }
    Ok(())
}

fn length(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Int(xml_arg(ctx, args, 0)?.len() as i64))
}

fn get(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    let i = int_arg(ctx, args, 1)?;
    match index_within(i, x.len()).and_then(|i| x.items().get(i)) {
        Some(item) => Ok(xml([item.clone()])),
        None => Err(ctx.panic(
            "{ballerina/lang.xml}IndexOutOfRange",
            &format!(
                "xml sequence index out of range. Length: '{}' requested: '{i}'",
                x.len()
            ),
        )),
    }
}

/// Appends `value` (xml, or a string as text) to `out`.
fn append(ctx: &NativeContext<'_>, out: &mut XmlObj, value: &Value) -> Result<(), Panic> {
    match value {
        Value::Xml(x) => {
            for item in x.items() {
                out.push(item.clone());
            }
        }
        // The string is shared, not copied.
        Value::String(s) => out.push(XmlItem::Text(s.clone())),
        other => {
            let text = to_string(other, ctx.types());
            out.push(XmlItem::Text(Rc::new(text)));
        }
    }
    Ok(())
}

fn concat(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let items = args
        .iter()
        .map(|value| match value {
            Value::Xml(x) => x.len(),
            _ => 1,
        })
        .sum();
    let mut out = XmlObj::with_capacity(items);
    for value in args {
        append(ctx, &mut out, value)?;
    }
    Ok(Value::xml(out))
}

fn get_name(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(string_value(element_arg(ctx, args, "getName")?.name()))
}

fn set_name(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let element = element_arg(ctx, args, "setName")?;
    ensure_mutable(ctx, &element)?;
    element.set_name(str_arg(ctx, args, 1)?);
    Ok(Value::Nil)
}

fn get_children(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::Xml(
        element_arg(ctx, args, "getChildren")?.children(),
    ))
}

fn set_children(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let element = element_arg(ctx, args, "setChildren")?;
    ensure_mutable(ctx, &element)?;
    let mut children = XmlObj::empty();
    append(ctx, &mut children, &arg(args, 1))?;
    element.set_children(Rc::new(children));
    Ok(Value::Nil)
}

fn get_attributes(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let element = element_arg(ctx, args, "getAttributes")?;
    let mut entries = ValueMap::default();
    for (name, value) in element.attributes().iter() {
        entries.insert(MapKey::new(name), Value::String(value.clone()));
    }
    let ty = ctx.types().well_known.string_map;
    Ok(Value::Map(MapObj::new(ty, entries)))
}

/// The elements below the items of `x` (not the items themselves), in document order.
fn descendants(x: &XmlObj, out: &mut XmlObj) {
    let mut work: Vec<XmlItem> = x.items().iter().rev().cloned().collect();
    while let Some(item) = work.pop() {
        if let XmlItem::Element(e) = &item {
            work.extend(e.children().items().iter().rev().cloned());
        }
        out.push(item);
    }
}

fn get_descendants(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let element = element_arg(ctx, args, "getDescendants")?;
    let mut out = XmlObj::empty();
    descendants(&element.children(), &mut out);
    Ok(Value::xml(out))
}

fn children(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    let mut out = XmlObj::empty();
    for item in x.items() {
        if let XmlItem::Element(e) = item {
            for child in e.children().items() {
                out.push(child.clone());
            }
        }
    }
    Ok(Value::xml(out))
}

/// The optional expanded-name filter argument.
fn name_filter(
    ctx: &NativeContext<'_>,
    args: &[Value],
    index: usize,
) -> Result<Option<String>, Panic> {
    match args.get(index) {
        None | Some(Value::Nil) => Ok(None),
        Some(_) => Ok(Some(str_arg(ctx, args, index)?.to_string())),
    }
}

fn named(item: &XmlItem, name: &Option<String>) -> bool {
    match item {
        XmlItem::Element(e) => name.as_ref().is_none_or(|n| e.name() == *n),
        _ => false,
    }
}

fn elements(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    let name = name_filter(ctx, args, 1)?;
    Ok(xml(x.items().iter().filter(|i| named(i, &name)).cloned()))
}

fn element_children(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    let name = name_filter(ctx, args, 1)?;
    let mut out = XmlObj::empty();
    for item in x.items() {
        if let XmlItem::Element(e) = item {
            for child in e.children().items() {
                if named(child, &name) {
                    out.push(child.clone());
                }
            }
        }
    }
    Ok(Value::xml(out))
}

fn data(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(string_value(xml_arg(ctx, args, 0)?.data()))
}

fn text(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    Ok(xml(x
        .items()
        .iter()
        .filter(|i| matches!(i, XmlItem::Text(_)))
        .cloned()))
}

fn get_target(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    match single(ctx, &x, "getTarget")? {
        XmlItem::Pi(pi) => Ok(string_value(pi.target.clone())),
        _ => Err(ctx.panic(
            XML_OPERATION_ERROR,
            "getTarget not supported on an item that is not a processing instruction",
        )),
    }
}

fn get_content(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    match single(ctx, &x, "getContent")? {
        XmlItem::Pi(pi) => Ok(string_value(pi.content.clone())),
        XmlItem::Comment(c) => Ok(string_value(c.to_string())),
        _ => Err(ctx.panic(
            XML_OPERATION_ERROR,
            "getContent not supported on an element or text item",
        )),
    }
}

fn create_element(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let name = str_arg(ctx, args, 0)?.to_string();
    let mut attributes = Vec::new();
    if let Some(Value::Map(map)) = args.get(1) {
        for (key, value) in map.entries().iter() {
            attributes.push((key.as_str().to_string(), to_string(value, ctx.types())));
        }
    }
    let children = match args.get(2) {
        Some(Value::Xml(x)) => x.clone(),
        _ => Rc::new(XmlObj::empty()),
    };
    Ok(Value::xml(XmlObj::element(XmlElement::new(
        name, attributes, children,
    ))))
}

fn create_pi(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let target = str_arg(ctx, args, 0)?.to_string();
    let content = str_arg(ctx, args, 1)?.to_string();
    Ok(xml([XmlItem::Pi(Rc::new(XmlPi { target, content }))]))
}

fn create_comment(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let content = str_arg(ctx, args, 0)?;
    Ok(xml([XmlItem::Comment(content)]))
}

fn create_text(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(Value::xml(XmlObj::text(&str_arg(ctx, args, 0)?)))
}

fn slice(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    let len = x.len() as i64;
    let start = int_arg(ctx, args, 1)?;
    let end = match args.get(2) {
        None => len,
        Some(_) => int_arg(ctx, args, 2)?,
    };
    if start < 0 || start > len {
        return Err(ctx.panic(
            "{ballerina/lang.xml}IndexOutOfRange",
            &format!("index out of range: index: {start}, size: {len}"),
        ));
    }
    if end < start || end > len {
        return Err(ctx.panic(
            "{ballerina/lang.xml}IndexOutOfRange",
            &format!("index out of range: index: {end}, size: {len}"),
        ));
    }
    Ok(xml(x.items()[start as usize..end as usize].iter().cloned()))
}

fn strip(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    // Leaving out comments and processing instructions first lets the texts around them
    // merge; then texts of XML whitespace only (the S production) go.
    let significant = XmlObj::from_items(
        x.items()
            .iter()
            .filter(|item| matches!(item, XmlItem::Text(_) | XmlItem::Element(_)))
            .cloned(),
    );
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    Ok(xml(significant
        .items()
        .iter()
        .filter(|item| !matches!(item, XmlItem::Text(t) if t.chars().all(is_space)))
        .cloned()))
}

fn is_kind(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
    test: fn(&XmlItem) -> bool,
) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    Ok(Value::Boolean(matches!(x.items(), [item] if test(item))))
}

/// An interpolation in content.
fn template_item(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    match args.first() {
        Some(value @ Value::Xml(_)) => Ok(value.clone()),
        Some(value) => {
            let mut out = XmlObj::empty();
            append(ctx, &mut out, value)?;
            Ok(Value::xml(out))
        }
        None => Ok(Value::xml(XmlObj::empty())),
    }
}

/// `templateElement(name, prefix, attributeCount, attrName1, attrValue1, ..., content...)`:
/// the content pieces are taken as `concat` takes them (one xml piece is the children
/// itself, shared). The names are the program's string constants and the values strings:
/// the element shares them.
fn template_element(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let name = str_arg(ctx, args, 0)?;
    let count = int_arg(ctx, args, 2)?;
    let first = usize::try_from(count)
        .ok()
        .and_then(|count| count.checked_mul(2)?.checked_add(3))
        .filter(|&first| first <= args.len())
        .ok_or_else(|| {
            ctx.panic(
                "{ballerina}IllegalArgument",
                &format!("{count} attributes do not fit {} arguments", args.len()),
            )
        })?;
    let mut attributes = Vec::with_capacity((first - 3) / 2);
    for index in (3..first).step_by(2) {
        let key = str_arg(ctx, args, index)?;
        let value = str_arg(ctx, args, index + 1)?;
        attributes.push((key, value));
    }
    let children = match &args[first..] {
        [Value::Xml(x)] => x.clone(),
        content => {
            let mut children = XmlObj::with_capacity(content.len());
            for value in content {
                append(ctx, &mut children, value)?;
            }
            Rc::new(children)
        }
    };
    let element = XmlElement::shared(name, attributes, children);
    let element = match args.get(1) {
        Some(Value::String(prefix)) if prefix.is_empty() => element,
        _ => element.with_prefix(Some(&str_arg(ctx, args, 1)?)),
    };
    Ok(Value::xml(XmlObj::element(element)))
}

/// The items of `x`, each as a singleton xml value.
fn item_values(x: &XmlObj) -> Vec<Value> {
    x.items().iter().map(|i| xml([i.clone()])).collect()
}

fn map(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    let function = function_arg(ctx, args, 1)?;
    let out = Rc::new(RefCell::new(XmlObj::empty()));
    let collected = out.clone();
    each_member(
        ctx,
        item_values(&x),
        function,
        move |ctx, _, result| {
            append(ctx, &mut out.borrow_mut(), &result)?;
            Ok(None)
        },
        move |_| Value::xml(collected.take()),
    )
}

fn for_each(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    let function = function_arg(ctx, args, 1)?;
    each_member(
        ctx,
        item_values(&x),
        function,
        |_, _, _| Ok(None),
        |_| Value::Nil,
    )
}

fn filter(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Step, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    let function = function_arg(ctx, args, 1)?;
    let out = Rc::new(RefCell::new(XmlObj::empty()));
    let collected = out.clone();
    each_member(
        ctx,
        item_values(&x),
        function,
        move |ctx, item, verdict| {
            if truthy(ctx, &verdict)? {
                if let Value::Xml(x) = item {
                    for i in x.items() {
                        out.borrow_mut().push(i.clone());
                    }
                }
            }
            Ok(None)
        },
        move |_| Value::xml(collected.take()),
    )
}

/// `x.name` and `x?.name`.
fn attribute_of(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    let name = str_arg(ctx, args, 1)?;
    let optional = matches!(args.get(2), Some(Value::Boolean(true)));
    let value = match x.items() {
        [XmlItem::Element(e)] => e.attribute(&name),
        _ => None,
    };
    Ok(match value {
        Some(v) => Value::String(v),
        None if optional => Value::Nil,
        None if matches!(x.items(), [XmlItem::Element(_)]) => ctx.error(
            XML_OPERATION_ERROR,
            &format!("attribute '{name}' not found"),
        ),
        None => ctx.error(
            XML_OPERATION_ERROR,
            &format!(
                "invalid xml attribute access on a sequence of length {}",
                x.len()
            ),
        ),
    })
}

/// Whether element `item` matches one of `patterns` (`*`, `{uri}*`, an expanded name).
fn matches_pattern(item: &XmlItem, patterns: &[String]) -> bool {
    let XmlItem::Element(e) = item else {
        return false;
    };
    let name = e.name();
    patterns.iter().any(|p| {
        p == "*"
            || *p == name
            || p.strip_suffix('*').is_some_and(|ns| {
                p.starts_with('{') && name.starts_with(ns) && !name[ns.len()..].contains('}')
            })
    })
}

/// `x.<p>` (0), `x/<p>` (1), `x/*` (2), `x/**/<p>` (3).
fn navigate(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let x = xml_arg(ctx, args, 0)?;
    let kind = int_arg(ctx, args, 1)?;
    let mut patterns = Vec::new();
    for index in 2..args.len() {
        patterns.push(str_arg(ctx, args, index)?.to_string());
    }
    let mut out = XmlObj::empty();
    for item in x.items() {
        match kind {
            0 => {
                if matches_pattern(item, &patterns) {
                    out.push(item.clone());
                }
            }
            _ => {
                let XmlItem::Element(e) = item else {
                    continue;
                };
                let children = e.children();
                match kind {
                    1 => {
                        for child in children.items() {
                            if matches_pattern(child, &patterns) {
                                out.push(child.clone());
                            }
                        }
                    }
                    2 => {
                        for child in children.items() {
                            out.push(child.clone());
                        }
                    }
                    _ => {
                        let mut all = XmlObj::empty();
                        descendants(&children, &mut all);
                        for d in all.items() {
                            if matches_pattern(d, &patterns) {
                                out.push(d.clone());
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(Value::xml(out))
}
