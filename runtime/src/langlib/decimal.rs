//! `lang.decimal`: IEEE decimal128 operations through `intc-decimal`, with jBallerina's
//! rounding rules (`round` never adds digits, `floor`/`ceiling` give exponent 0).

use super::support::*;
use crate::error::{self, Panic};
use crate::native::{NativeContext, NativeFn};
use crate::value::Value;
use intc_decimal::{ArithError, Decimal};
use intc_ir::LangNative;

const DECIMAL_PARSING_ERROR: &str = "{ballerina/lang.decimal}NumberParsingError";

/// The natives of this file by the id of their declaration (`None`: declared elsewhere).
pub(super) fn native(id: LangNative) -> Option<NativeFn> {
    Some(match id {
        LangNative::DecimalAbs => |c, a| apply(c, a, Decimal::abs),
        LangNative::DecimalFloor => |c, a| apply(c, a, Decimal::floor),
        LangNative::DecimalCeiling => |c, a| apply(c, a, Decimal::ceiling),
        LangNative::DecimalRound => round,
        LangNative::DecimalQuantize => quantize,
        LangNative::DecimalMax => max,
        LangNative::DecimalMin => min,
        LangNative::DecimalSum => sum,
        LangNative::DecimalAvg => avg,
        LangNative::DecimalFromString => from_string,
        _ => return None,
    })
}

fn apply(
    ctx: &mut NativeContext<'_>,
    args: &[Value],
    f: fn(Decimal) -> Decimal,
) -> Result<Value, Panic> {
    Ok(Value::decimal(f(decimal_arg(ctx, args, 0)?)))
}

fn arith(ctx: &NativeContext<'_>, result: Result<Decimal, ArithError>) -> Result<Value, Panic> {
    result
        .map(Value::decimal)
        .map_err(|e| error::decimal_arith(ctx.types(), e))
}

fn round(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let d = decimal_arg(ctx, args, 0)?;
    let digits = int_arg_or(ctx, args, 1, 0)?;
    Ok(Value::decimal(d.round(digits)))
}

fn quantize(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let d = decimal_arg(ctx, args, 0)?;
    let quantum = decimal_arg(ctx, args, 1)?;
    arith(ctx, d.quantize(quantum))
}

fn all_decimals(ctx: &NativeContext<'_>, args: &[Value]) -> Result<Vec<Decimal>, Panic> {
    (0..args.len()).map(|i| decimal_arg(ctx, args, i)).collect()
}

/// The first of the largest (or smallest) values, as jBallerina's `compareTo` fold.
fn extreme(ctx: &NativeContext<'_>, args: &[Value], larger: bool) -> Result<Value, Panic> {
    let mut best = decimal_arg(ctx, args, 0)?;
    for d in all_decimals(ctx, args)? {
        if (larger && d > best) || (!larger && d < best) {
            best = d;
        }
    }
    Ok(Value::decimal(best))
}

fn max(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    extreme(ctx, args, true)
}

fn min(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    extreme(ctx, args, false)
}

fn total(ctx: &NativeContext<'_>, values: &[Decimal]) -> Result<Decimal, Panic> {
    values.iter().try_fold(Decimal::ZERO, |acc, d| {
        acc.checked_add(*d)
            .map_err(|e| error::decimal_arith(ctx.types(), e))
    })
}

fn sum(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let values = all_decimals(ctx, args)?;
    Ok(Value::decimal(total(ctx, &values)?))
}

fn avg(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let values = all_decimals(ctx, args)?;
    let count = Decimal::from_i64(values.len() as i64);
    let sum = total(ctx, &values)?;
    arith(ctx, sum.checked_div(count))
}

fn from_string(ctx: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let s = str_arg(ctx, args, 0)?;
    Ok(match Decimal::parse(&s) {
        Ok(d) => Value::decimal(d),
        Err(_) => error_value(
            ctx,
            DECIMAL_PARSING_ERROR,
            &format!("'string' value '{s}' cannot be converted to 'decimal'"),
        ),
    })
}
