//! Generic arithmetic, comparison and concatenation dispatching on runtime tags.

use crate::error::{self, reason, Panic};
use crate::types::TypeTable;
use crate::value::{deep_equals, Value};
use intc_decimal::Decimal;
use intc_ir::{BinaryOp, Cmp, UnaryOp};
use std::cmp::Ordering;
use std::rc::Rc;

fn unsupported(types: &TypeTable, what: &str, a: &Value, b: Option<&Value>) -> Panic {
    let message = match b {
        Some(b) => format!(
            "operator '{what}' not defined for '{}' and '{}'",
            types.value_type_name(a),
            types.value_type_name(b)
        ),
        None => format!(
            "operator '{what}' not defined for '{}'",
            types.value_type_name(a)
        ),
    };
    error::panic_error(types, reason::ILLEGAL_STATE, &message)
}

fn op_symbol(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Rem => "%",
        BinaryOp::BitAnd => "&",
        BinaryOp::BitOr => "|",
        BinaryOp::BitXor => "^",
        BinaryOp::Shl => "<<",
        BinaryOp::Shr => ">>",
        BinaryOp::UShr => ">>>",
    }
}

fn int_binary(types: &TypeTable, op: BinaryOp, x: i64, y: i64) -> Result<Value, Panic> {
    let result = match op {
        BinaryOp::Add => x.checked_add(y),
        BinaryOp::Sub => x.checked_sub(y),
        BinaryOp::Mul => x.checked_mul(y),
        BinaryOp::Div => {
            if y == 0 {
                return Err(error::division_by_zero(types));
            }
            x.checked_div(y)
        }
        BinaryOp::Rem => {
            if y == 0 {
                return Err(error::division_by_zero(types));
            }
            Some(x.checked_rem(y).unwrap_or(0))
        }
        BinaryOp::BitAnd => Some(x & y),
        BinaryOp::BitOr => Some(x | y),
        BinaryOp::BitXor => Some(x ^ y),
        BinaryOp::Shl => Some(x.wrapping_shl((y & 63) as u32)),
        BinaryOp::Shr => Some(x.wrapping_shr((y & 63) as u32)),
        BinaryOp::UShr => Some(((x as u64) >> (y & 63)) as i64),
    };
    match result {
        Some(v) => Ok(Value::Int(v)),
        None => Err(error::overflow(types)),
    }
}

fn float_binary(op: BinaryOp, x: f64, y: f64) -> Option<Value> {
    Some(Value::Float(match op {
        BinaryOp::Add => x + y,
        BinaryOp::Sub => x - y,
        BinaryOp::Mul => x * y,
        BinaryOp::Div => x / y,
        BinaryOp::Rem => x % y,
        _ => return None,
    }))
}

fn decimal_binary(types: &TypeTable, op: BinaryOp, x: Decimal, y: Decimal) -> Result<Value, Panic> {
    let result = match op {
        BinaryOp::Add => x.checked_add(y),
        BinaryOp::Sub => x.checked_sub(y),
        BinaryOp::Mul => x.checked_mul(y),
        BinaryOp::Div => x.checked_div(y),
        BinaryOp::Rem => x.checked_rem(y),
        _ => {
            return Err(unsupported(
                types,
                op_symbol(op),
                &Value::decimal(x),
                Some(&Value::decimal(y)),
            ))
        }
    };
    result
        .map(Value::decimal)
        .map_err(|e| error::decimal_arith(types, e))
}

/// `a <op> b` on any operand types the language allows.
pub(crate) fn binary(
    types: &TypeTable,
    op: BinaryOp,
    a: &Value,
    b: &Value,
) -> Result<Value, Panic> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => int_binary(types, op, *x, *y),
        // Nil lifting: the checker allows `()` only where an operand's type includes nil, and
        // then the lifted operator yields `()`.
        (Value::Nil, _) | (_, Value::Nil) => Ok(Value::Nil),
        (Value::Float(x), Value::Float(y)) => match float_binary(op, *x, *y) {
            Some(v) => Ok(v),
            None => Err(unsupported(types, op_symbol(op), a, Some(b))),
        },
        (Value::Decimal(x), Value::Decimal(y)) => decimal_binary(types, op, **x, **y),
        // Spec "Multiplicative expression": in `float * int`, `int * float`, `float / int` and
        // `float % int` (and the same with decimal) the int operand is converted first.
        (Value::Float(x), Value::Int(y)) => float_binary(op, *x, *y as f64)
            .ok_or_else(|| unsupported(types, op_symbol(op), a, Some(b))),
        (Value::Int(x), Value::Float(y)) => float_binary(op, *x as f64, *y)
            .ok_or_else(|| unsupported(types, op_symbol(op), a, Some(b))),
        (Value::Decimal(x), Value::Int(y)) => decimal_binary(types, op, **x, Decimal::from(*y)),
        (Value::Int(x), Value::Decimal(y)) => decimal_binary(types, op, Decimal::from(*x), **y),
        (Value::String(x), Value::String(y)) if op == BinaryOp::Add => {
            let mut s = crate::limits::string_with_capacity(types, x.len() + y.len())?;
            s.push_str(x);
            s.push_str(y);
            Ok(Value::string(s))
        }
        (Value::Xml(x), Value::Xml(y)) if op == BinaryOp::Add => {
            // Items are shared, never copied (adjacent texts merge).
            let items = x.items().iter().chain(y.items()).cloned();
            Ok(Value::xml(crate::value::xml::XmlObj::from_items(items)))
        }
        _ => Err(unsupported(types, op_symbol(op), a, Some(b))),
    }
}

/// `<op> a`.
pub(crate) fn unary(types: &TypeTable, op: UnaryOp, a: &Value) -> Result<Value, Panic> {
    match (op, a) {
        (UnaryOp::Neg, Value::Int(x)) => match x.checked_neg() {
            Some(v) => Ok(Value::Int(v)),
            None => Err(error::overflow(types)),
        },
        (UnaryOp::Neg, Value::Float(x)) => Ok(Value::Float(-x)),
        (UnaryOp::Neg, Value::Decimal(x)) => Ok(Value::decimal(-**x)),
        (UnaryOp::Plus, v @ (Value::Int(_) | Value::Float(_) | Value::Decimal(_))) => Ok(v.clone()),
        (UnaryOp::BitNot, Value::Int(x)) => Ok(Value::Int(!x)),
        (UnaryOp::Neg | UnaryOp::Plus | UnaryOp::BitNot, Value::Nil) => Ok(Value::Nil),
        (UnaryOp::Not, Value::Boolean(x)) => Ok(Value::Boolean(!x)),
        _ => Err(unsupported(
            types,
            match op {
                UnaryOp::Neg => "-",
                UnaryOp::Plus => "+",
                UnaryOp::BitNot => "~",
                UnaryOp::Not => "!",
            },
            a,
            None,
        )),
    }
}

#[inline(always)]
pub(crate) fn compare_ints(cmp: Cmp, x: i64, y: i64) -> bool {
    // Branch-free: a `match` on `cmp` compiles to a second indirect jump per compare-and-branch
    // instruction. Each comparison is the set of orderings it accepts (bit 0 less, bit 1
    // equal, bit 2 greater), indexed by the actual ordering.
    let accepts: u8 = match cmp {
        Cmp::Lt => 0b001,
        Cmp::Le => 0b011,
        Cmp::Gt => 0b100,
        Cmp::Ge => 0b110,
        Cmp::Eq => 0b010,
        Cmp::Ne => 0b101,
    };
    let ordering = (x >= y) as u32 + (x > y) as u32;
    accepts >> ordering & 1 != 0
}

/// `a <cmp> b`: deep equality for `Eq`/`Ne`, otherwise ordering (false when unordered).
pub(crate) fn compare(cmp: Cmp, a: &Value, b: &Value) -> bool {
    match cmp {
        Cmp::Eq => deep_equals(a, b),
        Cmp::Ne => !deep_equals(a, b),
        _ => match order(a, b, 0) {
            Some(ordering) => match cmp {
                Cmp::Lt => ordering == Ordering::Less,
                Cmp::Le => ordering != Ordering::Greater,
                Cmp::Gt => ordering == Ordering::Greater,
                _ => ordering != Ordering::Less,
            },
            None => false,
        },
    }
}

/// Ballerina's ordering of ordered types; `None` when unordered (nil, NaN, mixed types).
pub fn order(a: &Value, b: &Value, depth: u32) -> Option<Ordering> {
    match (a, b) {
        (Value::Nil, Value::Nil) => Some(Ordering::Equal),
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Decimal(x), Value::Decimal(y)) => Some(x.cmp(y)),
        (Value::String(x), Value::String(y)) => Some(x.as_str().cmp(y.as_str())),
        (Value::Boolean(x), Value::Boolean(y)) => Some(x.cmp(y)),
        (Value::List(x), Value::List(y)) if depth < 256 => {
            if Rc::ptr_eq(x, y) {
                return Some(Ordering::Equal);
            }
            let left = x.items().clone();
            let right = y.items().clone();
            for (l, r) in left.iter().zip(right.iter()) {
                match order(l, r, depth + 1)? {
                    Ordering::Equal => {}
                    other => return Some(other),
                }
            }
            Some(left.len().cmp(&right.len()))
        }
        _ => None,
    }
}

/// String concatenation; appends in place when `left` is the only reference to its string.
pub(crate) fn concat(types: &TypeTable, left: Value, right: &Value) -> Result<Value, Panic> {
    match (left, right) {
        (Value::String(mut s), Value::String(r)) => {
            match Rc::get_mut(&mut s) {
                Some(owned) => {
                    crate::limits::reserve_string(types, owned, r.len())?;
                    owned.push_str(r);
                }
                None => {
                    let total = s.len() + r.len();
                    let mut joined = crate::limits::string_with_capacity(types, total)?;
                    // Room to append in place next time (a loop building a string).
                    let _ = joined.try_reserve(total);
                    joined.push_str(&s);
                    joined.push_str(r);
                    s = Rc::new(joined);
                }
            }
            Ok(Value::String(s))
        }
        // An unshared sequence grows in place, so `x += item` and a query selecting xml are
        // linear, not quadratic; a shared one is copied (items are shared, never cloned).
        (Value::Xml(mut x), Value::Xml(y)) => {
            match Rc::get_mut(&mut x) {
                Some(owned) => {
                    for item in y.items() {
                        owned.push(item.clone());
                    }
                }
                None => {
                    let items = x.items().iter().chain(y.items()).cloned();
                    x = Rc::new(crate::value::xml::XmlObj::from_items(items));
                }
            }
            Ok(Value::Xml(x))
        }
        (l, r) => binary(types, BinaryOp::Add, &l, r),
    }
}
