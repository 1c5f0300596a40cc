//! Parsers of the two date-time texts the module reads, reporting failures as `java.time`'s
//! `DateTimeParseException` does (`Text '...' could not be parsed at index N`, or `...: <the
//! validation message>`): `ZonedDateTime.parse` (ISO_ZONED_DATE_TIME: RFC 3339 plus an optional
//! `[zone]`) and the RFC 5322 pattern `EEE, dd MMM yyyy HH:mm:ss Z[ ][(z)]`.

use super::calendar::{check_date, check_time, days_from_civil, weekday, SHORT_DAYS, SHORT_MONTHS};

/// A parsed date-time with its offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonedTime {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    pub nano: i64,
    /// The offset from UTC in seconds.
    pub offset: i64,
    /// The zone's text (`ZoneId.toString()`): the offset id, or the bracketed region.
    pub zone: Option<String>,
}

impl ZonedTime {
    /// Seconds from the epoch of this instant.
    pub fn epoch_seconds(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + self.hour * 3600
            + self.minute * 60
            + self.second
            - self.offset
    }
}

struct Cursor<'a> {
    text: &'a [u8],
    at: usize,
}

/// A failure at a character index.
struct At(usize);

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn literal(&mut self, c: u8) -> Result<(), At> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(At(self.at))
        }
    }

    fn literal_ignore_case(&mut self, c: u8) -> Result<(), At> {
        match self.peek() {
            Some(x) if x.eq_ignore_ascii_case(&c) => {
                self.at += 1;
                Ok(())
            }
            _ => Err(At(self.at)),
        }
    }

    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Result<i64, At> {
        let start = self.at;
        let mut value = 0i64;
        for _ in 0..n {
            match self.peek() {
                Some(d) if d.is_ascii_digit() => {
                    value = value * 10 + i64::from(d - b'0');
                    self.at += 1;
                }
                _ => {
                    self.at = start;
                    return Err(At(start));
                }
            }
        }
        Ok(value)
    }

    /// `min..=max` digits, as many as there are.
    fn digits_between(&mut self, min: usize, max: usize) -> Result<(i64, usize), At> {
        let start = self.at;
        let mut value = 0i64;
        let mut count = 0;
        while count < max {
            match self.peek() {
                Some(d) if d.is_ascii_digit() => {
                    value = value.saturating_mul(10).saturating_add(i64::from(d - b'0'));
                    self.at += 1;
                    count += 1;
                }
                _ => break,
            }
        }
        if count < min {
            self.at = start;
            return Err(At(start));
        }
        Ok((value, count))
    }

    /// One of `words`, returning its index.
    fn word(&mut self, words: &[&str]) -> Result<usize, At> {
        let rest = &self.text[self.at..];
        for (i, w) in words.iter().enumerate() {
            if rest.starts_with(w.as_bytes()) {
                self.at += w.len();
                return Ok(i);
            }
        }
        Err(At(self.at))
    }
}

fn could_not_parse(text: &str, failure: At) -> String {
    format!("Text '{text}' could not be parsed at index {}", failure.0)
}

fn invalid(text: &str, message: String) -> String {
    format!("Text '{text}' could not be parsed: {message}")
}

/// `ZonedDateTime.parse(text)`.
pub fn parse_zoned(text: &str) -> Result<ZonedTime, String> {
    let mut c = Cursor {
        text: text.as_bytes(),
        at: 0,
    };
    let parsed = iso(&mut c).map_err(|failure| could_not_parse(text, failure))?;
    if c.at < text.len() {
        return Err(format!(
            "Text '{text}' could not be parsed, unparsed text found at index {}",
            c.at
        ));
    }
    check_date(parsed.year, parsed.month, parsed.day).map_err(|m| invalid(text, m))?;
    check_time(parsed.hour, parsed.minute, parsed.second, parsed.nano)
        .map_err(|m| invalid(text, m))?;
    Ok(parsed)
}

fn iso(c: &mut Cursor<'_>) -> Result<ZonedTime, At> {
    // Year: four digits, or more after a sign.
    let year = match c.peek() {
        Some(sign @ (b'+' | b'-')) => {
            c.at += 1;
            let (v, _) = c.digits_between(4, 10)?;
            if sign == b'-' {
                -v
            } else {
                v
            }
        }
        _ => {
            let start = c.at;
            let (v, n) = c.digits_between(4, 10)?;
            if n > 4 {
                // More than four digits need a sign (SignStyle.EXCEEDS_PAD).
                return Err(At(start));
            }
            v
        }
    };
    c.literal(b'-')?;
    let month = c.digits(2)?;
    c.literal(b'-')?;
    let day = c.digits(2)?;
    c.literal_ignore_case(b'T')?;
    let hour = c.digits(2)?;
    c.literal(b':')?;
    let minute = c.digits(2)?;
    let (mut second, mut nano) = (0, 0);
    if c.peek() == Some(b':') {
        let save = c.at;
        c.at += 1;
        match c.digits(2) {
            Ok(s) => {
                second = s;
                if c.peek() == Some(b'.') {
                    c.at += 1;
                    let start = c.at;
                    let (digits, n) = c.digits_between(0, 9)?;
                    let _ = start;
                    nano = digits * 10i64.pow(9 - n as u32);
                }
            }
            Err(_) => c.at = save,
        }
    }
    let offset_at = c.at;
    let offset = offset(c)?;
    let mut zone = None;
    if c.peek() == Some(b'[') {
        c.at += 1;
        let start = c.at;
        while let Some(ch) = c.peek() {
            if ch == b']' {
                break;
            }
            c.at += 1;
        }
        let id = String::from_utf8_lossy(&c.text[start..c.at]).into_owned();
        c.literal(b']')?;
        if id.is_empty() {
            return Err(At(start));
        }
        zone = Some(id);
    }
    let _ = offset_at;
    Ok(ZonedTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nano,
        offset,
        zone,
    })
}

/// An ISO offset: `Z`, `+HH`, `+HH:MM`, `+HH:MM:SS` (lenient, as ISO_OFFSET_DATE_TIME).
fn offset(c: &mut Cursor<'_>) -> Result<i64, At> {
    let start = c.at;
    match c.peek() {
        Some(b'Z' | b'z') => {
            c.at += 1;
            Ok(0)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.at += 1;
            let hours = c.digits(2).map_err(|_| At(start))?;
            let mut minutes = 0;
            let mut seconds = 0;
            if c.peek() == Some(b':') {
                c.at += 1;
                minutes = c.digits(2).map_err(|_| At(start))?;
                if c.peek() == Some(b':') {
                    c.at += 1;
                    seconds = c.digits(2).map_err(|_| At(start))?;
                }
            }
            if hours > 18 || minutes > 59 || seconds > 59 {
                return Err(At(start));
            }
            let total = hours * 3600 + minutes * 60 + seconds;
            Ok(if sign == b'-' { -total } else { total })
        }
        _ => Err(At(start)),
    }
}

/// `ZonedDateTime.parse(text, ofPattern("EEE, dd MMM yyyy HH:mm:ss Z[ ][(z)]"))`. The
/// comment's zone name is read and kept as the zone text; the offset stays the one written
/// (zone names are not resolved: docs/differences.md).
pub fn parse_email(text: &str) -> Result<ZonedTime, String> {
    let mut c = Cursor {
        text: text.as_bytes(),
        at: 0,
    };
    let (parsed, weekday_index) =
        email(&mut c).map_err(|failure| could_not_parse(text, failure))?;
    if c.at < text.len() {
        return Err(format!(
            "Text '{text}' could not be parsed, unparsed text found at index {}",
            c.at
        ));
    }
    check_date(parsed.year, parsed.month, parsed.day).map_err(|m| invalid(text, m))?;
    check_time(parsed.hour, parsed.minute, parsed.second, 0).map_err(|m| invalid(text, m))?;
    let actual = weekday(days_from_civil(parsed.year, parsed.month, parsed.day));
    if actual != weekday_index as i64 {
        // java.time's DayOfWeek numbers Monday 1 to Sunday 7.
        let java = |d: i64| if d == 0 { 7 } else { d };
        return Err(invalid(
            text,
            format!(
                "Conflict found: Field DayOfWeek {} differs from DayOfWeek {} derived from {}-{:02}-{:02}",
                java(actual),
                java(weekday_index as i64),
                parsed.year,
                parsed.month,
                parsed.day
            ),
        ));
    }
    Ok(parsed)
}

fn email(c: &mut Cursor<'_>) -> Result<(ZonedTime, usize), At> {
    let day_of_week = c.word(&SHORT_DAYS)?;
    c.literal(b',')?;
    c.literal(b' ')?;
    let day = c.digits(2)?;
    c.literal(b' ')?;
    let month = c.word(&SHORT_MONTHS)? as i64 + 1;
    c.literal(b' ')?;
    let (year, _) = c.digits_between(4, 19)?;
    c.literal(b' ')?;
    let hour = c.digits(2)?;
    c.literal(b':')?;
    let minute = c.digits(2)?;
    c.literal(b':')?;
    let second = c.digits(2)?;
    c.literal(b' ')?;
    let start = c.at;
    let sign = match c.peek() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Err(At(start)),
    };
    c.at += 1;
    let hh = c.digits(2).map_err(|_| At(start))?;
    let mm = c.digits(2).map_err(|_| At(start))?;
    let offset = sign * (hh * 3600 + mm * 60);
    if c.peek() == Some(b' ') {
        c.at += 1;
    }
    let mut zone = None;
    if c.peek() == Some(b'(') {
        let save = c.at;
        c.at += 1;
        let name_start = c.at;
        while matches!(c.peek(), Some(ch) if ch != b')') {
            c.at += 1;
        }
        if c.peek() == Some(b')') && c.at > name_start {
            zone = Some(String::from_utf8_lossy(&c.text[name_start..c.at]).into_owned());
            c.at += 1;
        } else {
            c.at = save;
        }
    }
    Ok((
        ZonedTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nano: 0,
            offset,
            zone,
        },
        day_of_week,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_and_reports_as_java() {
        let t = parse_zoned("2021-04-12T23:20:50.520+05:30").ok();
        assert_eq!(
            t.as_ref().map(|t| (t.second, t.nano, t.offset)),
            Some((50, 520_000_000, 19_800))
        );
        assert_eq!(
            parse_zoned("2007-12-0310:15:30.00Z").err().as_deref(),
            Some("Text '2007-12-0310:15:30.00Z' could not be parsed at index 10")
        );
        assert_eq!(
            parse_zoned("2021-13-01T00:00Z").err().as_deref(),
            Some("Text '2021-13-01T00:00Z' could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): 13")
        );
    }

    #[test]
    fn parses_rfc5322() {
        let t = parse_email("Wed, 10 Mar 2021 19:51:55 -0800 (PST)").ok();
        assert_eq!(
            t.map(|t| (t.day, t.offset, t.zone)),
            Some((10, -28_800, Some("PST".into())))
        );
        assert!(parse_email("Thu, 10 Mar 2021 19:51:55 -0800").is_err());
    }

    #[test]
    fn zone_ids_and_offsets() {
        let t = parse_zoned("2021-04-12T23:20+05:30[Asia/Colombo]").ok();
        assert_eq!(
            t.map(|t| (t.offset, t.zone, t.second)),
            Some((19_800, Some("Asia/Colombo".to_string()), 0))
        );
        assert_eq!(parse_zoned("2021-04-12t23:20z").map(|t| t.offset), Ok(0));
        assert!(parse_zoned("2021-04-12T23:20+19:00").is_err());
        assert!(parse_zoned("2021-04-12T23:20:00[]").is_err());
        // A year beyond four digits needs its sign.
        assert!(parse_zoned("10000-01-01T00:00Z").is_err());
        assert_eq!(
            parse_zoned("+10000-01-01T00:00Z").map(|t| t.year),
            Ok(10_000)
        );
        assert_eq!(
            parse_email("Wed, 10 Mar 2021 19:51:55").err().as_deref(),
            Some("Text 'Wed, 10 Mar 2021 19:51:55' could not be parsed at index 25")
        );
    }
}
