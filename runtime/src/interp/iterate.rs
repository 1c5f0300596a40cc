//! `foreach` iteration: lists, mappings (values), strings (characters), int ranges and
//! iterator objects.

use super::Interpreter;
use crate::error::{self, reason, Panic};
use crate::format::{intern_type, list_element_type, map_member_type};
use crate::native::{Continue, NativeContext, Step};
use crate::types::TypeTable;
use crate::value::{IterState, MapKey, MapObj, Value, ValueMap};
use intc_ir::{RecordField, TypeKind};

pub(crate) fn iterator(state: IterState) -> Value {
    Value::Iterator(crate::value::IterObj::new(state))
}

/// An iterator over `start ..< end` or `start ... end`.
pub(crate) fn range(
    types: &TypeTable,
    start: &Value,
    end: &Value,
    inclusive: bool,
) -> Result<Value, Panic> {
    let (Value::Int(start), Value::Int(end)) = (start, end) else {
        return Err(error::panic_error(
            types,
            reason::ILLEGAL_STATE,
            "range bounds must be ints",
        ));
    };
    let last = if inclusive {
        Some(*end)
    } else {
        end.checked_sub(1)
    };
    let state = match last {
        Some(last) if *start <= last => IterState::Range {
            next: *start,
            end: last,
            done: false,
        },
        _ => IterState::Done,
    };
    Ok(iterator(state))
}

/// A range object (`a ..< b`, `int:range(...)`) is held as the state of its first iteration,
/// which every `foreach` and `iterator()` copies, so the range itself is never consumed;
/// `None` for the states of other iterators.
fn fresh_range(state: &IterState) -> Option<IterState> {
    Some(match *state {
        IterState::Range { next, end, done } => IterState::Range { next, end, done },
        IterState::Stepped { next, end, step } => IterState::Stepped { next, end, step },
        IterState::Done => IterState::Done,
        _ => return None,
    })
}

/// What `IterNext` does next with an iterator object (see `object_next_step`).
pub(crate) enum ObjectNext {
    /// Not an iterator object.
    Other,
    /// Call this `next` method on this object.
    Call(intc_ir::FuncId, Value),
    /// The call returned.
    Returned,
}

impl Interpreter {
    /// `IterNew` (result register `dst`): an iterator at once, or for an iterable object a
    /// call of its `iterator()` on the strand's frames (so it may park the strand), whose
    /// result becomes the iterator (`WrapIterator`).
    pub(crate) fn iter_new(
        &mut self,
        iterable: &Value,
        dst: u16,
    ) -> Result<super::strand::NativeOutcome, Panic> {
        let state = match iterable {
            Value::List(list) => IterState::List {
                list: list.clone(),
                index: 0,
            },
            Value::Map(map) => IterState::Map {
                map: map.clone(),
                index: 0,
            },
            Value::String(text) => IterState::String {
                text: text.clone(),
                byte_offset: 0,
            },
            Value::Table(table) => IterState::Table {
                table: table.clone(),
                index: 0,
                version: table.version(),
            },
            // The items of an xml sequence, each a singleton sequence.
            Value::Xml(xml) => IterState::List {
                list: crate::value::ListObj::new(
                    self.types.well_known.any_list,
                    xml.items()
                        .iter()
                        .map(|item| {
                            Value::xml(crate::value::xml::XmlObj::from_items([item.clone()]))
                        })
                        .collect(),
                ),
                index: 0,
            },
            Value::Iterator(state) => fresh_range(&state.borrow())
                .ok_or_else(|| self.internal("foreach over an iterator object"))?,
            Value::Object(_) => {
                let func = self.find_method(iterable, "iterator")?;
                let function = Value::Function(crate::value::Closure::new(func, Box::new([])));
                let step = Step::Call {
                    function,
                    args: vec![iterable.clone()],
                    then: Box::new(WrapIterator),
                };
                return self.take_step(step, dst);
            }
            _ => return Err(self.internal("value is not iterable")),
        };
        Ok(super::strand::NativeOutcome::Value(iterator(state)))
    }

    /// `IterNext`: the next member, or `None` when exhausted.
    pub(crate) fn iter_next(&mut self, iter: &Value) -> Result<Option<Value>, Panic> {
        let Value::Iterator(state) = iter else {
            return Err(self.internal("iter_next on a non-iterator"));
        };
        {
            let mut state = state.borrow_mut();
            match &mut *state {
                IterState::List { list, index } => {
                    let item = list.get(*index);
                    *index += 1;
                    return Ok(item);
                }
                IterState::Map { map, index } => {
                    let item = map.entries().get_index(*index).map(|(_, v)| v.clone());
                    *index += 1;
                    return Ok(item);
                }
                IterState::Table {
                    table,
                    index,
                    version,
                } => {
                    if table.version() != *version {
                        return Err(crate::error::panic_error(
                            &self.types,
                            crate::error::reason::ITERATOR_MUTABILITY,
                            "Table was mutated after the iterator was created",
                        ));
                    }
                    let item = table.row(*index);
                    *index += 1;
                    return Ok(item);
                }
                IterState::String { text, byte_offset } => {
                    let next = text
                        .get(*byte_offset..)
                        .and_then(|rest| rest.chars().next());
                    return Ok(next.map(|c| {
                        *byte_offset += c.len_utf8();
                        Value::string(c.to_string())
                    }));
                }
                IterState::Range { next, end, done } => {
                    if *done {
                        return Ok(None);
                    }
                    let value = *next;
                    if value == *end {
                        *done = true;
                    } else {
                        *next += 1;
                    }
                    return Ok(Some(Value::Int(value)));
                }
                IterState::Stepped { next, end, step } => {
                    let value = *next;
                    let before_end = if *step > 0 {
                        value < *end
                    } else {
                        value > *end
                    };
                    if !before_end {
                        return Ok(None);
                    }
                    // Past `i64` the sequence has no further members.
                    match value.checked_add(*step) {
                        Some(following) => *next = following,
                        None => *step = 0,
                    }
                    if *step == 0 {
                        *state = IterState::Done;
                    }
                    return Ok(Some(Value::Int(value)));
                }
                IterState::Done => return Ok(None),
                // The dispatch loop calls `next()` itself (`object_next_step`).
                IterState::Object { .. } => {}
            }
        }
        Err(self.internal("an iterator object stepped outside foreach"))
    }

    /// `IterNext` on an iterator object, from the dispatch loop: `Call(next, object)` when its
    /// `next()` is to be called (as an ordinary call on the strand's frame stack, so that it
    /// can park the strand, e.g. in `runtime:sleep`), after which the instruction runs again
    /// and gets `Returned`: its raw result is in the instruction's `dst`, for
    /// [`Self::object_next_result`]. `Other` for the other iterators (use [`Self::iter_next`]).
    pub(crate) fn object_next_step(&mut self, iter: &Value) -> Result<ObjectNext, Panic> {
        let Value::Iterator(state) = iter else {
            return Ok(ObjectNext::Other);
        };
        let mut state = state.borrow_mut();
        let IterState::Object { iterator, calling } = &mut *state else {
            return Ok(ObjectNext::Other);
        };
        if *calling {
            *calling = false;
            return Ok(ObjectNext::Returned);
        }
        let object = iterator.clone();
        let func = self.find_method(&object, "next")?;
        *calling = true;
        Ok(ObjectNext::Call(func, object))
    }

    /// The member an iterator object's `next()` result gives (`None`: exhausted).
    pub(crate) fn object_next_result(
        &mut self,
        state: &crate::value::IterObj,
        result: Value,
    ) -> Result<Option<Value>, Panic> {
        match result {
            Value::Nil => {
                *state.borrow_mut() = IterState::Done;
                Ok(None)
            }
            Value::Map(record) => Ok(Some(record.get("value").unwrap_or(Value::Nil))),
            Value::Error(_) => {
                *state.borrow_mut() = IterState::Done;
                Ok(Some(result))
            }
            _ => Err(self.internal("iterator next() returned an unexpected value")),
        }
    }
}

impl Interpreter {
    /// A method call on the iterator object of the lang library's `iterator()` (`s.iterator()`,
    /// `xs.iterator()`, `m.iterator()`): its one method `next()` returns the next member
    /// wrapped in a `record {| T value; |}` (`T` the member type of the container's inherent
    /// type), or `()` when the members are exhausted.
    pub(crate) fn lang_iterator_method(
        &mut self,
        iter: &Value,
        method: intc_ir::ConstId,
    ) -> Result<Value, Panic> {
        let name = self.constants.get(method.index()).and_then(Value::as_str);
        let Value::Iterator(state) = iter else {
            return Err(self.internal("'next' on a non-iterator"));
        };
        if name == Some("iterator") {
            // A range object's `iterator()`: a new iterator from the range's first member.
            return fresh_range(&state.borrow())
                .map(iterator)
                .ok_or_else(|| self.internal("'iterator()' on an iterator that is not a range"));
        }
        if name != Some("next") {
            return Err(self.internal("method call on an iterator other than 'next'"));
        }
        let container = match &*state.borrow() {
            IterState::List { list, .. } => Member::List(list.ty),
            IterState::Map { map, .. } => Member::Map(map.ty),
            IterState::String { .. } => Member::Char,
            IterState::Table { table, .. } => Member::Known(
                self.types
                    .table_parts(table.ty)
                    .map_or(self.types.well_known.any_or_error, |(row, _)| row),
            ),
            IterState::Range { .. } | IterState::Stepped { .. } => {
                Member::Known(self.types.well_known.int)
            }
            IterState::Done | IterState::Object { .. } => {
                Member::Known(self.types.well_known.any_or_error)
            }
        };
        let Some(value) = self.iter_next(iter)? else {
            return Ok(Value::Nil);
        };
        let member = match container {
            Member::List(ty) => list_element_type(&mut self.types, ty),
            Member::Map(ty) => map_member_type(&mut self.types, ty),
            Member::Char => intern_type(&mut self.types, TypeKind::StringChar),
            Member::Known(ty) => ty,
        };
        let record = intern_type(
            &mut self.types,
            TypeKind::Record {
                fields: vec![RecordField {
                    name: "value".to_string(),
                    ty: member,
                    optional: false,
                    readonly: false,
                }],
                rest: None,
            },
        );
        let mut fields = ValueMap::default();
        fields.insert(MapKey::new("value"), value);
        Ok(Value::Map(MapObj::new(record, fields)))
    }
}

/// The continuation of an iterable object's `iterator()` call: its result is iterated by
/// calling `next()`.
struct WrapIterator;

impl Continue for WrapIterator {
    fn resume(self: Box<Self>, _ctx: &mut NativeContext<'_>, result: Value) -> Result<Step, Panic> {
        Ok(Step::Done(iterator(IterState::Object {
            iterator: result,
            calling: false,
        })))
    }
}

/// Where the member type of an iterator's values comes from.
enum Member {
    List(intc_ir::TypeId),
    Map(intc_ir::TypeId),
    /// `string:Char`.
    Char,
    Known(intc_ir::TypeId),
}
