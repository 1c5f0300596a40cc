//! `string:iterator`, `array:iterator`, `map:iterator` and `xml:iterator`: iterator objects over the members,
//! whose `next()` the interpreter implements (`Interpreter::lang_iterator_method`).

use super::support::*;
use crate::error::Panic;
use crate::native::{NativeContext, NativeFn};
use crate::value::{IterState, Value};
use intc_ir::LangNative;

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::StringIterator => string_iterator,
        LangNative::ArrayIterator => array_iterator,
        LangNative::MapIterator => map_iterator,
        LangNative::TableIterator => table_iterator,
        LangNative::XmlIterator => xml_iterator,
        _ => return None,
    })
}

fn iterator(state: IterState) -> Value {
    Value::Iterator(crate::value::IterObj::new(state))
}

fn string_iterator(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = str_arg(ctx, args, 0)?;
    Ok(iterator(IterState::String {
        text,
        byte_offset: 0,
    }))
}

/// Like `foreach`, the iterator sees members appended while it is in use.
fn array_iterator(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let list = list_arg(ctx, args, 0)?;
    Ok(iterator(IterState::List { list, index: 0 }))
}

pub(super) fn table_iterator(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let Some(Value::Table(table)) = args.first() else {
        return Err(ctx.panic(
            crate::error::reason::ILLEGAL_STATE,
            "table:iterator on a value that is not a table",
        ));
    };
    Ok(iterator(IterState::Table {
        table: table.clone(),
        index: 0,
        version: table.version(),
    }))
}

/// The items of the sequence, each a singleton, as `foreach` sees them.
fn xml_iterator(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let xml = super::xml::xml_arg(ctx, args, 0)?;
    let items = xml
        .items()
        .iter()
        .map(|item| Value::xml(crate::value::xml::XmlObj::from_items([item.clone()])))
        .collect();
    let list = crate::value::ListObj::new(ctx.types().well_known.any_list, items);
    Ok(iterator(IterState::List { list, index: 0 }))
}

fn map_iterator(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let map = map_arg(ctx, args, 0)?;
    Ok(iterator(IterState::Map { map, index: 0 }))
}
