//! Named time zones (`time:TimeZone`, `loadSystemZone`, `getZone`), after module-ballerina-time's
//! `Zone` and `TimeZoneExternUtils`: a zone is its ID, looked up as `java.time.ZoneId.of`
//! reads one — `Z`, an offset (`+05:30`, `-08`, `+0530`), `UTC`/`GMT`/`UT` optionally followed
//! by an offset, or a region ID of the IANA database (jiff: the system's zoneinfo, else the
//! copy bundled into the binary).

use super::calendar::{check_date, check_time, civil_from_days, offset_id};
use super::parse::ZonedTime;
use super::{civil_parts, fraction_nanos, offset_parts, seconds_decimal, split_seconds, NANOS};
use crate::args;
use intc_runtime::{NativeContext, Panic, Value};
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;

/// A zone looked up by its ID, with the ID as Java's `ZoneId.toString()` writes it.
struct Zone {
    id: String,
    tz: TimeZone,
}

/// `ZoneOffset.of`'s forms after the sign: `h`, `hh`, `hh:mm`, `hhmm`, `hh:mm:ss`, `hhmmss`.
/// The offset in seconds, or `None` if the text is not one.
fn parse_offset(text: &str) -> Option<i64> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, text.get(1..)?),
        b'-' => (-1, text.get(1..)?),
        _ => return None,
    };
    let two = |s: &str| -> Option<i64> {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (h, m, s) = match rest.len() {
        1 if rest.bytes().all(|b| b.is_ascii_digit()) => (rest.parse().ok()?, 0, 0),
        2 => (two(rest)?, 0, 0),
        4 => (two(rest.get(..2)?)?, two(rest.get(2..)?)?, 0),
        5 if rest.as_bytes().get(2) == Some(&b':') => {
            (two(rest.get(..2)?)?, two(rest.get(3..)?)?, 0)
        }
        6 => (
            two(rest.get(..2)?)?,
            two(rest.get(2..4)?)?,
            two(rest.get(4..)?)?,
        ),
        8 if rest.as_bytes().get(2) == Some(&b':') && rest.as_bytes().get(5) == Some(&b':') => (
            two(rest.get(..2)?)?,
            two(rest.get(3..5)?)?,
            two(rest.get(6..)?)?,
        ),
        _ => return None,
    };
    if h > 18 || m > 59 || s > 59 || (h == 18 && (m > 0 || s > 0)) {
        return None;
    }
    Some(sign * (h * 3600 + m * 60 + s))
}

fn fixed(seconds: i64) -> Option<TimeZone> {
    let offset = Offset::from_seconds(i32::try_from(seconds).ok()?).ok()?;
    Some(TimeZone::fixed(offset))
}

/// `ZoneId.of(id)`; the message of its `DateTimeException` otherwise.
fn lookup(id: &str) -> Result<Zone, String> {
    if id == "Z" {
        return Ok(Zone {
            id: "Z".into(),
            tz: TimeZone::UTC,
        });
    }
    if id.starts_with('+') || id.starts_with('-') {
        let seconds = parse_offset(id)
            .ok_or_else(|| format!("Invalid ID for ZoneOffset, invalid format: {id}"))?;
        let tz = fixed(seconds)
            .ok_or_else(|| format!("Invalid ID for ZoneOffset, invalid format: {id}"))?;
        return Ok(Zone {
            id: offset_id(seconds),
            tz,
        });
    }
    for prefix in ["UTC", "GMT", "UT"] {
        if let Some(rest) = id.strip_prefix(prefix) {
            if rest.is_empty() {
                return Ok(Zone {
                    id: id.into(),
                    tz: TimeZone::UTC,
                });
            }
            if rest.starts_with('+') || rest.starts_with('-') {
                let seconds = parse_offset(rest)
                    .ok_or_else(|| format!("Invalid ID for offset-based ZoneId: {id}"))?;
                let tz = fixed(seconds)
                    .ok_or_else(|| format!("Invalid ID for offset-based ZoneId: {id}"))?;
                // `UTC+01:00`; a zero offset is written `UTC`.
                let written = if seconds == 0 {
                    prefix.to_string()
                } else {
                    format!("{prefix}{}", offset_id(seconds))
                };
                return Ok(Zone { id: written, tz });
            }
        }
    }
    let well_formed = id.len() >= 2
        && id.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-' | b'+' | b'.' | b'~')
        });
    if !well_formed {
        return Err(format!(
            "Invalid ID for region-based ZoneId, invalid format: {id}"
        ));
    }
    match TimeZone::get(id) {
        Ok(tz) => Ok(Zone {
            id: tz.iana_name().unwrap_or(id).to_string(),
            tz,
        }),
        Err(_) => Err(format!("Unknown time-zone ID: {id}")),
    }
}

/// The zone a `TimeZone` holds: its ID, with `""` standing for the system's zone when the
/// system names none.
fn zone_of(id: &str) -> TimeZone {
    if id.is_empty() {
        return TimeZone::try_system().unwrap_or(TimeZone::UTC);
    }
    lookup(id).map(|z| z.tz).unwrap_or(TimeZone::UTC)
}

/// `externZoneResolve(id, system)`: the ID a `TimeZone` keeps (the system's zone when
/// `system`), or the lookup's message.
pub(super) fn resolve(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = if args::boolean(args, 1) {
        match TimeZone::try_system() {
            Ok(tz) => Ok(Value::string(tz.iana_name().unwrap_or("").to_string())),
            Err(e) => Err(e.to_string()),
        }
    } else {
        lookup(args::string(args, 0)).map(|z| Value::string(z.id))
    };
    Ok(args::or_error(context, result))
}

/// `externZoneFixedOffset(id)`: the parts of the zone's offset when it never changes.
pub(super) fn fixed_offset(
    context: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let tz = zone_of(args::string(args, 0));
    Ok(match tz.to_fixed_offset() {
        Ok(offset) => {
            let items = offset_parts(i64::from(offset.seconds()))
                .into_iter()
                .map(Value::Int)
                .collect();
            Value::List(intc_runtime::value::ListObj::new(
                context.types().well_known.int_list,
                items,
            ))
        }
        Err(_) => Value::Nil,
    })
}

/// `externZoneUtcToCivil(id, seconds, fraction)`: the civil parts of the instant in the
/// zone (`timeAbbrev` the zone's ID, no `utcOffset`, as `Civil.build()` makes them). An
/// instant beyond the database's range (years ±9999) is shown at the offset of the nearest
/// representable instant.
pub(super) fn utc_to_civil(
    context: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let id = args::string(args, 0).to_string();
    let tz = zone_of(&id);
    let seconds = args::int(args, 1, 0);
    let nanos = fraction_nanos(args::decimal(args, 2));
    let clamped = seconds.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
    let offset = Timestamp::from_second(clamped)
        .map(|ts| i64::from(tz.to_offset(ts).seconds()))
        .unwrap_or(0);
    let local = seconds.saturating_add(offset);
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    let name = if id.is_empty() {
        tz.iana_name().unwrap_or("").to_string()
    } else {
        id
    };
    let t = ZonedTime {
        year,
        month,
        day,
        hour: secs / 3600,
        minute: secs / 60 % 60,
        second: secs % 60,
        nano: nanos,
        offset,
        zone: Some(name),
    };
    let second = seconds_decimal(i128::from(t.second) * i128::from(NANOS) + i128::from(nanos));
    Ok(civil_parts(context, &t, Some(second), None))
}

/// `externZoneUtcFromCivil(y, m, d, h, min, second, zone)`: `ZonedDateTime.of` in the zone
/// `zone` names — a local time in a gap moves later by the gap's length, one in an overlap
/// takes the earlier offset.
pub(super) fn utc_from_civil(
    context: &mut NativeContext<'_>,
    args: &[Value],
) -> Result<Value, Panic> {
    let result = civil_to_utc(args).map(|(seconds, nanos)| {
        super::utc_parts(context, seconds, seconds_decimal(i128::from(nanos)))
    });
    Ok(args::or_error(context, result))
}

fn civil_to_utc(args: &[Value]) -> Result<(i64, i64), String> {
    let zone = lookup(args::string(args, 6))?;
    let (year, month, day) = (
        args::int(args, 0, 0),
        args::int(args, 1, 0),
        args::int(args, 2, 0),
    );
    check_date(year, month, day)?;
    let (second, nano) = split_seconds(args::decimal(args, 5));
    let (hour, minute) = (args::int(args, 3, 0), args::int(args, 4, 0));
    check_time(hour, minute, second, nano)?;
    let out_of_range = || format!("Invalid value for Year (valid values -9999 - 9999): {year}");
    let narrow = |v: i64| i8::try_from(v).map_err(|_| out_of_range());
    let dt = DateTime::new(
        i16::try_from(year).map_err(|_| out_of_range())?,
        narrow(month)?,
        narrow(day)?,
        narrow(hour)?,
        narrow(minute)?,
        narrow(second)?,
        i32::try_from(nano).map_err(|_| out_of_range())?,
    )
    .map_err(|_| out_of_range())?;
    let ts = zone
        .tz
        .to_ambiguous_timestamp(dt)
        .compatible()
        .map_err(|_| out_of_range())?;
    Ok((ts.as_second(), i64::from(ts.subsec_nanosecond())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_as_zone_offset_of_reads_them() {
        assert_eq!(parse_offset("+05:30"), Some(19_800));
        assert_eq!(parse_offset("-8"), Some(-28_800));
        assert_eq!(parse_offset("+0530"), Some(19_800));
        assert_eq!(parse_offset("+01:02:03"), Some(3_723));
        assert_eq!(parse_offset("+19"), None);
        assert_eq!(parse_offset("+5:30"), None);
        assert_eq!(parse_offset("+"), None);
    }

    #[test]
    fn ids_are_written_as_java_writes_them() {
        let id = |s: &str| lookup(s).map(|z| z.id);
        assert_eq!(id("Z"), Ok("Z".into()));
        assert_eq!(id("+0530"), Ok("+05:30".into()));
        assert_eq!(id("UTC+1"), Ok("UTC+01:00".into()));
        assert_eq!(id("Europe/Paris"), Ok("Europe/Paris".into()));
        assert_eq!(
            id("Mars/Olympus"),
            Err("Unknown time-zone ID: Mars/Olympus".into())
        );
        assert!(id("a b").is_err());
        assert!(id("").is_err());
    }
}
