//! `date`, `datetime` and `time` field values, in Salesforce's wire formats.
//!
//! | type | writes | also reads |
//! |---|---|---|
//! | [`Date`] | `2026-03-02` | — |
//! | [`DateTime`] | `2026-03-02T14:30:00.000+0000` (always UTC) | `Z`, `+00:00`, any other offset (`-0500`, `+05:30`), no or 1–9 fractional digits, a space instead of `T` |
//! | [`Time`] | `14:30:00.000Z` | no fraction, no `Z`, no seconds |
//!
//! Like Salesforce, values keep millisecond precision: finer fractions are truncated when
//! parsed or converted from chrono, so every value round-trips through its text form.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveTime, SubsecRound, TimeZone, Timelike, Utc};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// Why a string is not a Salesforce date, datetime or time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid Salesforce {kind} {input:?}: {reason} (expected {expected})")]
pub struct DateTimeParseError {
    kind: &'static str,
    input: String,
    reason: &'static str,
    expected: &'static str,
}

impl DateTimeParseError {
    /// `"date"`, `"datetime"` or `"time"`.
    pub fn kind(&self) -> &'static str {
        self.kind
    }
    /// The rejected input.
    pub fn input(&self) -> &str {
        &self.input
    }
    /// What is wrong with it.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

const DATE_FORMAT: &str = "YYYY-MM-DD";
const DATETIME_FORMAT: &str = "YYYY-MM-DDTHH:MM:SS.sss+0000";
const TIME_FORMAT: &str = "HH:MM:SS.sssZ";

/// A byte cursor for the small fixed grammars below.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            s: s.as_bytes(),
            pos: 0,
        }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }
    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, b: u8, reason: &'static str) -> Result<(), &'static str> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(reason)
        }
    }
    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize, reason: &'static str) -> Result<u32, &'static str> {
        let end = self.pos + n;
        let slice = self.s.get(self.pos..end).ok_or(reason)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return Err(reason);
        }
        self.pos = end;
        Ok(slice
            .iter()
            .fold(0, |acc, &d| acc * 10 + u32::from(d - b'0')))
    }
    fn at_end(&self) -> bool {
        self.pos == self.s.len()
    }
}

fn parse_date_part(c: &mut Cursor<'_>) -> Result<NaiveDate, &'static str> {
    let y = c.digits(4, "the year is not four digits")?;
    c.expect(b'-', "expected '-' after the year")?;
    let m = c.digits(2, "the month is not two digits")?;
    c.expect(b'-', "expected '-' after the month")?;
    let d = c.digits(2, "the day is not two digits")?;
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or("no such calendar date")
}

/// `HH:MM[:SS[.f{1,9}]]`, truncated to milliseconds.
fn parse_time_part(c: &mut Cursor<'_>) -> Result<NaiveTime, &'static str> {
    let h = c.digits(2, "the hour is not two digits")?;
    c.expect(b':', "expected ':' after the hour")?;
    let m = c.digits(2, "the minute is not two digits")?;
    let mut s = 0;
    let mut nanos = 0;
    if c.eat(b':') {
        s = c.digits(2, "the second is not two digits")?;
        if c.eat(b'.') {
            let mut count = 0;
            while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                if count < 9 {
                    nanos = nanos * 10 + u32::from(d - b'0');
                }
                count += 1;
                c.pos += 1;
            }
            if count == 0 {
                return Err("expected digits after '.'");
            }
            for _ in count.min(9)..9 {
                nanos *= 10;
            }
        }
    }
    if s >= 60 {
        return Err("the second is out of range");
    }
    let millis = nanos / 1_000_000;
    NaiveTime::from_hms_milli_opt(h, m, s, millis).ok_or("the time of day is out of range")
}

/// `Z`, `±HHMM`, `±HH:MM` → offset in seconds east of UTC.
fn parse_offset(c: &mut Cursor<'_>) -> Result<i32, &'static str> {
    if c.eat(b'Z') || c.eat(b'z') {
        return Ok(0);
    }
    let sign = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return Err("missing time zone offset (Z, +0000 or +00:00)");
    };
    let h = c.digits(2, "the offset hour is not two digits")?;
    c.eat(b':');
    let m = c.digits(2, "the offset minute is not two digits")?;
    if h > 23 || m > 59 {
        return Err("the offset is out of range");
    }
    Ok(sign * (h * 3600 + m * 60) as i32)
}

fn serde_visit<'de, T, D>(deserializer: D, expecting: &'static str) -> Result<T, D::Error>
where
    T: FromStr,
    T::Err: fmt::Display,
    D: Deserializer<'de>,
{
    struct V<T>(&'static str, PhantomData<fn() -> T>);
    impl<T: FromStr> Visitor<'_> for V<T>
    where
        T::Err: fmt::Display,
    {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            v.parse().map_err(E::custom)
        }
    }
    deserializer.deserialize_str(V(expecting, PhantomData))
}

// ---------------------------------------------------------------------------------------

/// A calendar date (`date` fields), `YYYY-MM-DD` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(NaiveDate);

impl Date {
    /// The date, or `None` if there is no such calendar date.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(input: &str) -> Result<Self, DateTimeParseError> {
        let err = |reason| DateTimeParseError {
            kind: "date",
            input: input.to_owned(),
            reason,
            expected: DATE_FORMAT,
        };
        let mut c = Cursor::new(input);
        let date = parse_date_part(&mut c).map_err(err)?;
        if !c.at_end() {
            return Err(err("unexpected characters after the date"));
        }
        Ok(Date(date))
    }

    /// Today's date in UTC.
    pub fn today_utc() -> Self {
        Date(Utc::now().date_naive())
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.0.year()
    }
    /// The month, 1–12.
    pub fn month(&self) -> u32 {
        self.0.month()
    }
    /// The day of the month, 1–31.
    pub fn day(&self) -> u32 {
        self.0.day()
    }

    /// The chrono date.
    pub fn naive(self) -> NaiveDate {
        self.0
    }

    /// This date at `time`, UTC.
    pub fn and_time(self, time: Time) -> DateTime {
        DateTime(Utc.from_utc_datetime(&self.0.and_time(time.0)))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl FromStr for Date {
    type Err = DateTimeParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Self {
        Date(d)
    }
}

impl From<Date> for NaiveDate {
    fn from(d: Date) -> Self {
        d.0
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_visit(deserializer, "a date string YYYY-MM-DD")
    }
}

// ---------------------------------------------------------------------------------------

/// An instant (`datetime` fields), kept in UTC with millisecond precision.
/// Written as `2026-03-02T14:30:00.000+0000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(chrono::DateTime<Utc>);

impl DateTime {
    /// Milliseconds since the Unix epoch; `None` when out of chrono's range.
    pub fn from_timestamp_millis(millis: i64) -> Option<Self> {
        chrono::DateTime::from_timestamp_millis(millis).map(DateTime)
    }

    /// Milliseconds since the Unix epoch.
    pub fn timestamp_millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    /// The current instant, truncated to milliseconds.
    pub fn now() -> Self {
        Utc::now().into()
    }

    /// Parses any of the forms Salesforce returns (see the module docs) and converts to UTC.
    pub fn parse(input: &str) -> Result<Self, DateTimeParseError> {
        let err = |reason| DateTimeParseError {
            kind: "datetime",
            input: input.to_owned(),
            reason,
            expected: DATETIME_FORMAT,
        };
        let mut c = Cursor::new(input);
        let date = parse_date_part(&mut c).map_err(err)?;
        if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
            return Err(err("expected 'T' between the date and the time"));
        }
        let time = parse_time_part(&mut c).map_err(err)?;
        let offset = parse_offset(&mut c).map_err(err)?;
        if !c.at_end() {
            return Err(err("unexpected characters after the time zone offset"));
        }
        let local = date.and_time(time);
        // Salesforce always sends `+0000`: skip chrono's checked date arithmetic then.
        let utc = if offset == 0 {
            local
        } else {
            local - chrono::Duration::seconds(i64::from(offset))
        };
        Ok(DateTime(Utc.from_utc_datetime(&utc)))
    }

    /// The date part (UTC).
    pub fn date(&self) -> Date {
        Date(self.0.date_naive())
    }

    /// The time-of-day part (UTC).
    pub fn time(&self) -> Time {
        Time(self.0.time())
    }

    /// The chrono instant.
    pub fn utc(self) -> chrono::DateTime<Utc> {
        self.0
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S%.3f+0000"))
    }
}

impl FromStr for DateTime {
    type Err = DateTimeParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::parse(s)
    }
}

impl<Tz: TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    /// Converts to UTC and truncates to milliseconds.
    fn from(dt: chrono::DateTime<Tz>) -> Self {
        DateTime(dt.with_timezone(&Utc).trunc_subsecs(3))
    }
}

impl From<DateTime> for chrono::DateTime<Utc> {
    fn from(dt: DateTime) -> Self {
        dt.0
    }
}

impl From<DateTime> for chrono::DateTime<chrono::FixedOffset> {
    fn from(dt: DateTime) -> Self {
        dt.0.fixed_offset()
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_visit(
            deserializer,
            "a datetime string YYYY-MM-DDTHH:MM:SS.sss+0000",
        )
    }
}

// ---------------------------------------------------------------------------------------

/// A time of day (`time` fields), millisecond precision, written `14:30:00.000Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Time(NaiveTime);

impl Time {
    /// The time, or `None` when a component is out of range.
    pub fn from_hms(hour: u32, minute: u32, second: u32) -> Option<Self> {
        NaiveTime::from_hms_opt(hour, minute, second).map(Time)
    }

    /// The time, or `None` when a component is out of range (`milli` < 1000).
    pub fn from_hms_milli(hour: u32, minute: u32, second: u32, milli: u32) -> Option<Self> {
        if milli >= 1000 {
            return None;
        }
        NaiveTime::from_hms_milli_opt(hour, minute, second, milli).map(Time)
    }

    /// Parses `HH:MM:SS.sssZ`, also without the fraction, the `Z`, or the seconds.
    pub fn parse(input: &str) -> Result<Self, DateTimeParseError> {
        let err = |reason| DateTimeParseError {
            kind: "time",
            input: input.to_owned(),
            reason,
            expected: TIME_FORMAT,
        };
        let mut c = Cursor::new(input);
        let time = parse_time_part(&mut c).map_err(err)?;
        let _ = c.eat(b'Z') || c.eat(b'z');
        if !c.at_end() {
            return Err(err("unexpected characters after the time"));
        }
        Ok(Time(time))
    }

    /// The hour, 0–23.
    pub fn hour(&self) -> u32 {
        self.0.hour()
    }
    /// The minute, 0–59.
    pub fn minute(&self) -> u32 {
        self.0.minute()
    }
    /// The second, 0–59.
    pub fn second(&self) -> u32 {
        self.0.second()
    }
    /// The millisecond, 0–999.
    pub fn millisecond(&self) -> u32 {
        self.0.nanosecond() / 1_000_000
    }

    /// The chrono time.
    pub fn naive(self) -> NaiveTime {
        self.0
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%H:%M:%S%.3fZ"))
    }
}

impl FromStr for Time {
    type Err = DateTimeParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Time::parse(s)
    }
}

impl From<NaiveTime> for Time {
    /// Truncates to milliseconds.
    fn from(t: NaiveTime) -> Self {
        Time(t.trunc_subsecs(3))
    }
}

impl From<Time> for NaiveTime {
    fn from(t: Time) -> Self {
        t.0
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_visit(deserializer, "a time string HH:MM:SS.sssZ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetime_variants() {
        let canonical = "2026-03-02T14:30:00.000+0000";
        for input in [
            canonical,
            "2026-03-02T14:30:00Z",
            "2026-03-02T14:30:00.000Z",
            "2026-03-02T14:30:00+00:00",
            "2026-03-02T14:30:00.0001+0000",
            "2026-03-02T09:30:00.000-0500",
            "2026-03-02T20:00:00.000+05:30",
            "2026-03-02 14:30:00Z",
        ] {
            assert_eq!(
                DateTime::parse(input).unwrap().to_string(),
                canonical,
                "{input}"
            );
        }
        let err = DateTime::parse("2026-03-02T14:30:00").unwrap_err();
        assert!(err.to_string().contains("\"2026-03-02T14:30:00\""), "{err}");
        assert!(err.to_string().contains("offset"), "{err}");
    }

    #[test]
    fn date_and_time() {
        assert_eq!(
            Date::parse("2025-12-16").unwrap(),
            Date::from_ymd(2025, 12, 16).unwrap()
        );
        assert!(Date::parse("2025-02-30").is_err());
        assert!(Date::parse("2025-1-3").is_err());
        assert_eq!(
            Time::parse("13:05:30").unwrap().to_string(),
            "13:05:30.000Z"
        );
        assert_eq!(
            Time::parse("13:05:30.123Z").unwrap(),
            Time::from_hms_milli(13, 5, 30, 123).unwrap()
        );
        assert!(Time::parse("25:00:00Z").is_err());
    }
}
