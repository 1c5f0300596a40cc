//! The proleptic Gregorian calendar as `java.time` checks and prints it: days from the epoch
//! (Howard Hinnant's exact integer algorithms, for any year `java.time` accepts, which date
//! crates limit to ±9999), `LocalDate.of`/`LocalTime.of`/`ZoneOffset.of...` validation with
//! their exception messages, and the text forms of `Instant`, `ZonedDateTime` and RFC 1123.

/// Days from 1970-01-01 of a valid date.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day number from 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// 0 for Sunday to 6 for Saturday.
pub fn weekday(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

pub fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

const MONTHS: [&str; 12] = [
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
];

pub const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub const SHORT_DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

fn range(field: &str, range: &str, value: i64) -> String {
    format!("Invalid value for {field} (valid values {range}): {value}")
}

/// `LocalDate.of`'s checks, with its messages.
pub fn check_date(year: i64, month: i64, day: i64) -> Result<(), String> {
    if !(-999_999_999..=999_999_999).contains(&year) {
        return Err(range("Year", "-999999999 - 999999999", year));
    }
    if !(1..=12).contains(&month) {
        return Err(range("MonthOfYear", "1 - 12", month));
    }
    if !(1..=31).contains(&day) {
        return Err(range("DayOfMonth", "1 - 28/31", day));
    }
    let length = match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day > length {
        if day == 29 {
            return Err(format!(
                "Invalid date 'February 29' as '{year}' is not a leap year"
            ));
        }
        let name = MONTHS[(month - 1) as usize];
        return Err(format!("Invalid date '{name} {day}'"));
    }
    Ok(())
}

/// `LocalTime.of`'s checks, with its messages.
pub fn check_time(hour: i64, minute: i64, second: i64, nano: i64) -> Result<(), String> {
    if !(0..=23).contains(&hour) {
        return Err(range("HourOfDay", "0 - 23", hour));
    }
    if !(0..=59).contains(&minute) {
        return Err(range("MinuteOfHour", "0 - 59", minute));
    }
    if !(0..=59).contains(&second) {
        return Err(range("SecondOfMinute", "0 - 59", second));
    }
    if !(0..=999_999_999).contains(&nano) {
        return Err(range("NanoOfSecond", "0 - 999999999", nano));
    }
    Ok(())
}

/// `ZoneOffset.ofHoursMinutesSeconds`'s checks; the offset in seconds.
pub fn zone_offset(hours: i64, minutes: i64, seconds: i64) -> Result<i64, String> {
    if !(-18..=18).contains(&hours) {
        return Err(format!(
            "Zone offset hours not in valid range: value {hours} is not in the range -18 to 18"
        ));
    }
    if hours > 0 && (minutes < 0 || seconds < 0) {
        return Err(
            "Zone offset minutes and seconds must be positive because hours is positive".into(),
        );
    }
    if hours < 0 && (minutes > 0 || seconds > 0) {
        return Err(
            "Zone offset minutes and seconds must be negative because hours is negative".into(),
        );
    }
    if hours == 0 && ((minutes > 0 && seconds < 0) || (minutes < 0 && seconds > 0)) {
        return Err("Zone offset minutes and seconds must have the same sign".into());
    }
    if !(-59..=59).contains(&minutes) {
        return Err(format!(
            "Zone offset minutes not in valid range: value {minutes} is not in the range -59 to 59"
        ));
    }
    if !(-59..=59).contains(&seconds) {
        return Err(format!(
            "Zone offset seconds not in valid range: value {seconds} is not in the range -59 to 59"
        ));
    }
    if hours.abs() == 18 && (minutes != 0 || seconds != 0) {
        return Err("Zone offset not in valid range: -18:00 to +18:00".into());
    }
    Ok(hours * 3600 + minutes * 60 + seconds)
}

/// `ZoneOffset.toString()`: `Z`, `+05:30`, `-08:00:15`.
pub fn offset_id(total: i64) -> String {
    if total == 0 {
        return "Z".into();
    }
    let sign = if total < 0 { '-' } else { '+' };
    let abs = total.abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    }
}

/// The `Z` pattern letter: `+0530`, `+0000`.
pub fn offset_hhmm(total: i64) -> String {
    let sign = if total < 0 { '-' } else { '+' };
    let abs = total.abs();
    format!("{sign}{:02}{:02}", abs / 3600, abs / 60 % 60)
}

/// `java.time`'s year: four digits at least, a `+` beyond 9999.
pub fn year_text(year: i64) -> String {
    if year > 9999 {
        format!("+{year}")
    } else if year < 0 {
        format!("-{:04}", -year)
    } else {
        format!("{year:04}")
    }
}

/// `LocalTime.toString()`: `HH:mm`, then `:ss` if seconds or nanos, then the fraction in
/// groups of three digits.
pub fn local_time_text(hour: i64, minute: i64, second: i64, nano: i64) -> String {
    let mut text = format!("{hour:02}:{minute:02}");
    if second > 0 || nano > 0 {
        text.push_str(&format!(":{second:02}"));
        push_fraction(&mut text, nano);
    }
    text
}

/// A fraction of a second in groups of three digits (nothing for zero).
pub fn push_fraction(text: &mut String, nano: i64) {
    if nano == 0 {
    } else if nano % 1_000_000 == 0 {
        text.push_str(&format!(".{:03}", nano / 1_000_000));
    } else if nano % 1000 == 0 {
        text.push_str(&format!(".{:06}", nano / 1000));
    } else {
        text.push_str(&format!(".{nano:09}"));
    }
}

/// `Instant.toString()`: always seconds, the fraction in groups of three, `Z`.
pub fn instant_text(seconds: i64, nano: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let mut text = format!(
        "{}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        year_text(year),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    push_fraction(&mut text, nano);
    text.push('Z');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_weekdays() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for days in [-800_000, -1, 0, 59, 365 * 400, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        // 2024-01-02 was a Tuesday.
        assert_eq!(weekday(days_from_civil(2024, 1, 2)), 2);
    }

    #[test]
    fn java_messages_and_texts() {
        assert_eq!(
            check_date(2023, 2, 29).err().as_deref(),
            Some("Invalid date 'February 29' as '2023' is not a leap year")
        );
        assert_eq!(
            check_date(2024, 4, 31).err().as_deref(),
            Some("Invalid date 'APRIL 31'")
        );
        assert_eq!(instant_text(0, 120_000_000), "1970-01-01T00:00:00.120Z");
        assert_eq!(offset_id(-(8 * 3600)), "-08:00");
        assert_eq!(local_time_text(10, 15, 0, 0), "10:15");
    }

    #[test]
    fn zone_offsets_are_checked_as_java_checks_them() {
        assert_eq!(zone_offset(5, 30, 0), Ok(19_800));
        assert_eq!(zone_offset(-8, -30, 0), Ok(-30_600));
        assert_eq!(
            zone_offset(5, -30, 0).err().as_deref(),
            Some("Zone offset minutes and seconds must be positive because hours is positive")
        );
        assert_eq!(
            zone_offset(0, 60, 0).err().as_deref(),
            Some("Zone offset minutes not in valid range: value 60 is not in the range -59 to 59")
        );
        assert_eq!(
            zone_offset(18, 1, 0).err().as_deref(),
            Some("Zone offset not in valid range: -18:00 to +18:00")
        );
        assert_eq!(offset_id(19_815), "+05:30:15");
        assert_eq!(offset_hhmm(-30_600), "-0830");
    }

    #[test]
    fn years_and_times_print_as_java_time() {
        assert_eq!(year_text(10_000), "+10000");
        assert_eq!(year_text(-1), "-0001");
        assert_eq!(year_text(33), "0033");
        assert_eq!(local_time_text(1, 2, 3, 4_000), "01:02:03.000004");
        assert_eq!(local_time_text(1, 2, 0, 5), "01:02:00.000000005");
        assert_eq!(instant_text(-1, 0), "1969-12-31T23:59:59Z");
        assert_eq!(
            check_time(0, 0, 60, 0).err().as_deref(),
            Some("Invalid value for SecondOfMinute (valid values 0 - 59): 60")
        );
    }
}
