//! Natives of `std/time` (`modules/time/time.int`), after module-ballerina-time's Java
//! implementation (`ExternMethods`, `Utc`, `Civil`, `Utils`): the same checks, messages and
//! text forms, computed on plain values. Each returns numbers, strings or a list of parts;
//! the module's Ballerina code builds `Utc`, `Civil` and `time:FormatError` from them.

mod calendar;
mod parse;
mod zone;

use crate::args;
use crate::StdNative;
use calendar::{
    check_date, check_time, civil_from_days, days_from_civil, instant_text, local_time_text,
    offset_hhmm, offset_id, weekday, year_text, zone_offset, SHORT_DAYS, SHORT_MONTHS,
};
use intc_decimal::Decimal;
use intc_runtime::native::Native;
use intc_runtime::{NativeContext, Panic, Value};
use parse::{parse_email, parse_zoned, ZonedTime};
use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The implementation of each `std/time` external function.
pub fn native(id: StdNative) -> Option<Native> {
    // Other modules' ids fall through to `None`.
    #[allow(unreachable_patterns)]
    let function: intc_runtime::NativeFn = match id {
        StdNative::TimeMonotonicNow => monotonic_now,
        StdNative::TimeExternUtcNow => utc_now,
        StdNative::TimeExternUtcFromString => utc_from_string,
        StdNative::TimeExternUtcToString => utc_to_string,
        StdNative::TimeExternUtcDiffSeconds => utc_diff_seconds,
        StdNative::TimeExternDateValidate => date_validate,
        StdNative::TimeExternDayOfWeek => day_of_week,
        StdNative::TimeExternUtcToCivil => utc_to_civil,
        StdNative::TimeExternUtcFromCivil => utc_from_civil,
        StdNative::TimeExternCivilFromString => civil_from_string,
        StdNative::TimeExternCivilToString => civil_to_string,
        StdNative::TimeExternUtcToEmailString => utc_to_email_string,
        StdNative::TimeExternCivilFromEmailString => civil_from_email_string,
        StdNative::TimeExternCivilToEmailString => civil_to_email_string,
        StdNative::TimeExternZoneResolve => zone::resolve,
        StdNative::TimeExternZoneFixedOffset => zone::fixed_offset,
        StdNative::TimeExternZoneUtcToCivil => zone::utc_to_civil,
        StdNative::TimeExternZoneUtcFromCivil => zone::utc_from_civil,
        _ => return None,
    };
    Some(Native::Plain(function))
}

const NANOS: i64 = 1_000_000_000;

/// The exact value `seconds + nanos / 10^9` with no trailing fraction zeros (Java's
/// `BigDecimal` sums and quotients the module computes).
fn seconds_decimal(total_nanos: i128) -> Decimal {
    let negative = total_nanos < 0;
    let abs = total_nanos.unsigned_abs();
    let whole = abs / NANOS as u128;
    let fraction = abs % NANOS as u128;
    let mut text = String::new();
    if negative {
        text.push('-');
    }
    text.push_str(&whole.to_string());
    if fraction != 0 {
        let digits = format!("{fraction:09}");
        text.push('.');
        text.push_str(digits.trim_end_matches('0'));
    }
    Decimal::parse(&text).unwrap_or_else(|_| Decimal::from_i64(0))
}

/// Nanoseconds of a fraction of a second, truncated (`BigDecimal.intValue()`).
fn fraction_nanos(fraction: Decimal) -> i64 {
    fraction
        .checked_mul(Decimal::from_i64(NANOS))
        .ok()
        .and_then(|n| n.floor().to_i64())
        .unwrap_or(0)
}

/// Whole seconds and nanoseconds (rounded) of a decimal number of seconds.
fn split_seconds(seconds: Decimal) -> (i64, i64) {
    let whole = seconds.floor();
    let nanos = seconds
        .checked_sub(whole)
        .and_then(|f| f.checked_mul(Decimal::from_i64(NANOS)))
        .map(|n| n.round(0).to_i64().unwrap_or(0))
        .unwrap_or(0);
    (whole.to_i64().unwrap_or(0), nanos)
}

fn utc_parts(context: &NativeContext<'_>, seconds: i64, fraction: Decimal) -> Value {
    args::list_value(context, vec![Value::Int(seconds), Value::decimal(fraction)])
}

fn now() -> (i64, i64) {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            i64::from(d.subsec_nanos()),
        ),
        Err(e) => {
            let d = e.duration();
            let nanos = i128::try_from(d.as_nanos()).unwrap_or(i128::MAX);
            let total = -nanos;
            (
                i64::try_from(total.div_euclid(i128::from(NANOS))).unwrap_or(i64::MIN),
                i64::try_from(total.rem_euclid(i128::from(NANOS))).unwrap_or(0),
            )
        }
    }
}

fn monotonic_now(_context: &mut NativeContext<'_>, _args: &[Value]) -> Result<Value, Panic> {
    // Seconds from the first call in this process, with nanosecond precision.
    static START: OnceLock<Instant> = OnceLock::new();
    let start = START.get_or_init(Instant::now);
    let nanos = i128::try_from(start.elapsed().as_nanos()).unwrap_or(i128::MAX);
    Ok(Value::decimal(seconds_decimal(nanos)))
}

fn utc_now(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let precision = args::int(args, 0, -1);
    let precision = if (1..=9).contains(&precision) {
        precision as u32
    } else {
        9
    };
    let (seconds, nanos) = now();
    // `setScale(precision, HALF_UP)`: exactly `precision` fraction digits.
    let unit = 10i64.pow(9 - precision);
    let scaled = (nanos + unit / 2) / unit;
    let text = format!(
        "{}.{:0width$}",
        scaled / 10i64.pow(precision),
        scaled % 10i64.pow(precision),
        width = precision as usize
    );
    let fraction = Decimal::parse(&text).unwrap_or_else(|_| Decimal::from_i64(0));
    Ok(utc_parts(context, seconds, fraction))
}

fn utc_from_string(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = args::string(args, 0);
    let result = match parse_zoned(text) {
        Ok(t) => Ok(utc_parts(
            context,
            t.epoch_seconds(),
            seconds_decimal(i128::from(t.nano)),
        )),
        Err(_) => Err(format!(
            "The provided string '{text}' does not adhere to the expected RFC 3339 format 'YYYY-MM-DDTHH:MM:SS.SSZ'. "
        )),
    };
    Ok(args::or_error(context, result))
}

fn utc_to_string(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let seconds = args::int(args, 0, 0);
    let nanos = fraction_nanos(args::decimal(args, 1));
    Ok(Value::string(instant_text(seconds, nanos)))
}

fn utc_diff_seconds(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let total =
        |s: i64, f: Decimal| i128::from(s) * i128::from(NANOS) + i128::from(fraction_nanos(f));
    let a = total(args::int(args, 0, 0), args::decimal(args, 1));
    let b = total(args::int(args, 2, 0), args::decimal(args, 3));
    Ok(Value::decimal(seconds_decimal(a - b)))
}

fn date_validate(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    Ok(
        match check_date(
            args::int(args, 0, 0),
            args::int(args, 1, 0),
            args::int(args, 2, 0),
        ) {
            Ok(()) => Value::Nil,
            Err(message) => args::error_value(context, &message),
        },
    )
}

fn day_of_week(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let (y, m, d) = (
        args::int(args, 0, 0),
        args::int(args, 1, 0),
        args::int(args, 2, 0),
    );
    let result = check_date(y, m, d).map(|()| Value::Int(weekday(days_from_civil(y, m, d))));
    Ok(args::or_error(context, result))
}

/// `[year, month, day, hour, minute, second?, dayOfWeek, timeAbbrev, offset?]`, what the
/// Ballerina side's `toCivil` reads.
fn civil_parts(
    context: &NativeContext<'_>,
    t: &ZonedTime,
    second: Option<Decimal>,
    zone: Option<Vec<i64>>,
) -> Value {
    let offset = match zone {
        Some(parts) => {
            let items = parts.into_iter().map(Value::Int).collect();
            Value::List(intc_runtime::value::ListObj::new(
                context.types().well_known.int_list,
                items,
            ))
        }
        None => Value::Nil,
    };
    let abbrev = t.zone.clone().unwrap_or_else(|| offset_id(t.offset));
    args::list_value(
        context,
        vec![
            Value::Int(t.year),
            Value::Int(t.month),
            Value::Int(t.day),
            Value::Int(t.hour),
            Value::Int(t.minute),
            second.map(Value::decimal).unwrap_or(Value::Nil),
            Value::Int(weekday(days_from_civil(t.year, t.month, t.day))),
            Value::string(abbrev),
            offset,
        ],
    )
}

/// `Utils.zoneOffsetMapFromString(offset.toString())`: each part of `+05:30:15` with the
/// offset's sign; `Z` is zero hours and minutes.
fn offset_parts(total: i64) -> Vec<i64> {
    let sign = if total < 0 { -1 } else { 1 };
    let abs = total.abs();
    let mut parts = vec![sign * (abs / 3600), sign * (abs / 60 % 60)];
    if abs % 60 != 0 {
        parts.push(sign * (abs % 60));
    }
    parts
}

fn utc_to_civil(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let seconds = args::int(args, 0, 0);
    let nanos = fraction_nanos(args::decimal(args, 1));
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let secs = seconds.rem_euclid(86_400);
    let t = ZonedTime {
        year,
        month,
        day,
        hour: secs / 3600,
        minute: secs / 60 % 60,
        second: secs % 60,
        nano: nanos,
        offset: 0,
        zone: None,
    };
    let second = seconds_decimal(i128::from(t.second) * i128::from(NANOS) + i128::from(nanos));
    let parts = civil_parts(context, &t, Some(second), None);
    // `utcToCivil` builds its record itself; it reads the same list.
    Ok(parts)
}

/// The local date-time and offset of a `Civil`'s fields, checked as
/// `Utils.createZoneDateTimeFromCivilValues` checks them (offset first, then date, then time).
fn civil_fields(args: &[Value]) -> Result<ZonedTime, String> {
    let (zone_seconds, _) = split_seconds(args::decimal(args, 8).round(0));
    let offset = zone_offset(args::int(args, 6, 0), args::int(args, 7, 0), zone_seconds)?;
    let (year, month, day) = (
        args::int(args, 0, 0),
        args::int(args, 1, 0),
        args::int(args, 2, 0),
    );
    check_date(year, month, day)?;
    let (second, nano) = split_seconds(args::decimal(args, 5));
    let (hour, minute) = (args::int(args, 3, 0), args::int(args, 4, 0));
    check_time(hour, minute, second, nano)?;
    Ok(ZonedTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nano,
        offset,
        zone: None,
    })
}

fn utc_from_civil(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = civil_fields(args).map(|t| {
        utc_parts(
            context,
            t.epoch_seconds(),
            seconds_decimal(i128::from(t.nano)),
        )
    });
    Ok(args::or_error(context, result))
}

/// `Civil.isSecondExists`: the text has `dddd-dd-ddTdd:dd:dd`.
fn has_seconds(text: &str) -> bool {
    let b = text.as_bytes();
    let pattern = b"dddd-dd-ddTdd:dd:dd";
    (0..b.len()).any(|start| {
        b.len() >= start + pattern.len()
            && pattern.iter().zip(&b[start..]).all(|(p, c)| match p {
                b'd' => c.is_ascii_digit(),
                _ => p == c,
            })
    })
}

/// `Civil.isLocalTimeZoneExists`: false only for `...Tdd:ddZ` or `...Tdd:dd:dd.d+Z` at the end.
fn has_local_zone(text: &str) -> bool {
    let Some(body) = text.strip_suffix('Z') else {
        return true;
    };
    let shape = |s: &str, p: &[u8]| {
        s.len() >= p.len()
            && p.iter()
                .zip(&s.as_bytes()[s.len() - p.len()..])
                .all(|(p, c)| match p {
                    b'd' => c.is_ascii_digit(),
                    _ => p == c,
                })
    };
    if shape(body, b"dddd-dd-ddTdd:dd") {
        return false;
    }
    // `:dd.d+` before the `Z`.
    let digits = body.len() - body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let before = &body[..body.len() - digits];
        if let Some(before) = before.strip_suffix('.') {
            return !shape(before, b"dddd-dd-ddTdd:dd:dd");
        }
    }
    true
}

fn civil_from_string(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let text = args::string(args, 0);
    let result = parse_zoned(text).map(|t| {
        let second = has_seconds(text).then(|| {
            seconds_decimal(i128::from(t.second) * i128::from(NANOS) + i128::from(t.nano))
        });
        let zone = has_local_zone(text).then(|| offset_parts(t.offset));
        civil_parts(context, &t, second, zone)
    });
    Ok(args::or_error(context, result))
}

/// `ZonedDateTime.toString()` at a fixed offset.
fn zoned_text(t: &ZonedTime) -> String {
    format!(
        "{}-{:02}-{:02}T{}{}",
        year_text(t.year),
        t.month,
        t.day,
        local_time_text(t.hour, t.minute, t.second, t.nano),
        offset_id(t.offset)
    )
}

fn civil_to_string(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = civil_fields(args).map(|t| Value::string(zoned_text(&t)));
    Ok(args::or_error(context, result))
}

fn utc_to_email_string(_context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let seconds = args::int(args, 0, 0);
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let zh = match args::string(args, 2) {
        "0" => "+0000",
        other => other,
    };
    // RFC_1123_DATE_TIME in GMT, its `GMT` replaced by the chosen zone text.
    Ok(Value::string(format!(
        "{}, {day} {} {} {:02}:{:02}:{:02} {zh}",
        SHORT_DAYS[weekday(days) as usize],
        SHORT_MONTHS[(month - 1) as usize],
        year_text(year),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )))
}

fn civil_from_email_string(
    context: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let result = parse_email(args::string(args, 0)).map(|mut t| {
        // The zone is the offset's (a comment's zone name is not resolved).
        t.zone = None;
        let second = seconds_decimal(i128::from(t.second) * i128::from(NANOS));
        civil_parts(context, &t, Some(second), Some(offset_parts(t.offset)))
    });
    Ok(args::or_error(context, result))
}

/// The zone a time abbreviation names (`ZoneId.of`), as an offset and its zone text; only
/// offsets and the fixed `Z`, `UTC`, `GMT` and `UT` are known.
fn abbreviation_zone(abbrev: &str) -> Result<(i64, String), String> {
    match abbrev {
        "Z" => return Ok((0, "Z".into())),
        "UTC" | "GMT" | "UT" => return Ok((0, abbrev.into())),
        _ => {}
    }
    let probe = format!("2000-01-01T00:00{abbrev}");
    match parse_zoned(&probe) {
        Ok(t) if t.zone.is_none() => Ok((t.offset, offset_id(t.offset))),
        _ => Err(format!(
            "Unsupported time-zone ID: {abbrev} (only offsets, Z, UTC, GMT and UT are known)"
        )),
    }
}

fn civil_to_email_string(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let handling = args::string(args, 10);
    let result = civil_fields(args).and_then(|mut t| {
        let comment = if handling == "PREFER_ZONE_OFFSET" {
            None
        } else {
            let (offset, text) = abbreviation_zone(args::string(args, 9))?;
            t.offset = offset;
            Some(text)
        };
        let days = days_from_civil(t.year, t.month, t.day);
        let mut text = format!(
            "{}, {:02} {} {} {:02}:{:02}:{:02} {}",
            SHORT_DAYS[weekday(days) as usize],
            t.day,
            SHORT_MONTHS[(t.month - 1) as usize],
            year_text(t.year),
            t.hour,
            t.minute,
            t.second,
            offset_hhmm(t.offset)
        );
        if let Some(comment) = comment {
            text.push_str(&format!(" ({comment})"));
        }
        Ok(Value::string(text))
    });
    Ok(args::or_error(context, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_no_trailing_zeros() {
        assert_eq!(seconds_decimal(50_520_000_000).to_string(), "50.52");
        assert_eq!(seconds_decimal(50_000_000_000).to_string(), "50");
        assert_eq!(seconds_decimal(-2_500_000_000).to_string(), "-2.5");
    }

    #[test]
    fn zone_presence_follows_the_java_patterns() {
        assert!(!has_local_zone("2007-12-03T10:15:30.00Z"));
        assert!(has_local_zone("2007-12-03T10:15:30Z"));
        assert!(!has_local_zone("2007-12-03T10:15Z"));
        assert!(has_local_zone("2007-12-03T10:15:30+05:30"));
        assert!(has_seconds("2007-12-03T10:15:30Z"));
        assert!(!has_seconds("2007-12-03T10:15Z"));
    }
}
