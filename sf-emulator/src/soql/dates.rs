//! Relative date literals turned into inclusive day ranges against `now`,
//! and the date functions of SELECT / GROUP BY. Weeks start on Sunday (the
//! en_US locale) and the fiscal year is the calendar year, as in a default org.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};

use super::ast::{DateLiteral, DateRange, DateUnit};

/// First day of the unit containing `d`.
fn unit_start(d: NaiveDate, unit: DateUnit) -> NaiveDate {
    match unit {
        DateUnit::Day => d,
        DateUnit::Week => add_days(d, -(d.weekday().num_days_from_sunday() as i64)),
        DateUnit::Month => d.with_day(1).unwrap_or(d),
        DateUnit::Quarter | DateUnit::FiscalQuarter => {
            let m = (d.month0() / 3) * 3 + 1;
            NaiveDate::from_ymd_opt(d.year(), m, 1).unwrap_or(d)
        }
        DateUnit::Year | DateUnit::FiscalYear => {
            NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d)
        }
    }
}

/// Moves the start of a unit by `n` units (negative goes back), clamping at
/// the ends of the calendar so absurd `n` values cannot panic.
fn shift(start: NaiveDate, unit: DateUnit, n: i64) -> NaiveDate {
    let months = |m: i64| {
        let k = Months::new(m.unsigned_abs().min(u32::MAX as u64) as u32);
        if m >= 0 {
            start.checked_add_months(k).unwrap_or(NaiveDate::MAX)
        } else {
            start.checked_sub_months(k).unwrap_or(NaiveDate::MIN)
        }
    };
    match unit {
        DateUnit::Day => add_days(start, n),
        DateUnit::Week => add_days(start, n.saturating_mul(7)),
        DateUnit::Month => months(n),
        DateUnit::Quarter | DateUnit::FiscalQuarter => months(n.saturating_mul(3)),
        DateUnit::Year | DateUnit::FiscalYear => months(n.saturating_mul(12)),
    }
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    let k = Days::new(n.unsigned_abs());
    if n >= 0 {
        d.checked_add_days(k).unwrap_or(NaiveDate::MAX)
    } else {
        d.checked_sub_days(k).unwrap_or(NaiveDate::MIN)
    }
}

/// The inclusive range of days a date literal covers, with `today` as reference.
pub fn range(lit: DateLiteral, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let unit = lit.unit;
    let this = unit_start(today, unit);
    let span = |from: i64, count: i64| {
        let start = shift(this, unit, from);
        let end = add_days(shift(this, unit, from + count), -1);
        (start, end)
    };
    match lit.range {
        DateRange::This => span(0, 1),
        DateRange::Last => span(-1, 1),
        DateRange::Next => span(1, 1),
        DateRange::Ago(n) => span(-(n as i64), 1),
        DateRange::LastN(n) => span(-(n as i64), n as i64),
        DateRange::NextN(n) => span(1, n as i64),
        DateRange::LastNDays(n) => (add_days(today, -(n as i64)), today),
        DateRange::NextNDays(n) => (add_days(today, 1), add_days(today, n as i64)),
    }
}

/// Date functions usable in SELECT, WHERE, GROUP BY, ORDER BY and HAVING.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFn {
    /// `CALENDAR_MONTH`
    CalendarMonth,
    /// `CALENDAR_QUARTER`
    CalendarQuarter,
    /// `CALENDAR_YEAR`
    CalendarYear,
    /// `DAY_IN_MONTH`
    DayInMonth,
    /// `DAY_IN_WEEK` (1 = Sunday)
    DayInWeek,
    /// `DAY_IN_YEAR`
    DayInYear,
    /// `DAY_ONLY`: the date part of a datetime
    DayOnly,
    /// `FISCAL_MONTH`
    FiscalMonth,
    /// `FISCAL_QUARTER`
    FiscalQuarter,
    /// `FISCAL_YEAR`
    FiscalYear,
    /// `HOUR_IN_DAY`
    HourInDay,
    /// `WEEK_IN_MONTH`
    WeekInMonth,
    /// `WEEK_IN_YEAR`
    WeekInYear,
}

impl DateFn {
    /// Looks a function up by name, case-insensitively.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_uppercase().as_str() {
            "CALENDAR_MONTH" => Self::CalendarMonth,
            "CALENDAR_QUARTER" => Self::CalendarQuarter,
            "CALENDAR_YEAR" => Self::CalendarYear,
            "DAY_IN_MONTH" => Self::DayInMonth,
            "DAY_IN_WEEK" => Self::DayInWeek,
            "DAY_IN_YEAR" => Self::DayInYear,
            "DAY_ONLY" => Self::DayOnly,
            "FISCAL_MONTH" => Self::FiscalMonth,
            "FISCAL_QUARTER" => Self::FiscalQuarter,
            "FISCAL_YEAR" => Self::FiscalYear,
            "HOUR_IN_DAY" => Self::HourInDay,
            "WEEK_IN_MONTH" => Self::WeekInMonth,
            "WEEK_IN_YEAR" => Self::WeekInYear,
            _ => return None,
        })
    }

    /// Whether the function needs a datetime (not date) argument.
    pub fn needs_datetime(self) -> bool {
        matches!(self, Self::DayOnly | Self::HourInDay)
    }

    /// Applies the function to a canonical stored date or datetime string.
    pub fn apply(self, stored: &str) -> serde_json::Value {
        let Some(date) = stored.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()) else {
            return serde_json::Value::Null;
        };
        let n = |v: u32| serde_json::Value::from(v);
        match self {
            Self::CalendarMonth | Self::FiscalMonth => n(date.month()),
            Self::CalendarQuarter | Self::FiscalQuarter => n(date.month0() / 3 + 1),
            Self::CalendarYear | Self::FiscalYear => serde_json::Value::from(date.year()),
            Self::DayInMonth => n(date.day()),
            Self::DayInWeek => n(date.weekday().num_days_from_sunday() + 1),
            Self::DayInYear => n(date.ordinal()),
            Self::DayOnly => serde_json::Value::from(date.format("%Y-%m-%d").to_string()),
            Self::HourInDay => stored
                .get(11..13)
                .and_then(|h| h.parse::<u32>().ok())
                .map_or(serde_json::Value::Null, n),
            Self::WeekInMonth => n((date.day() - 1) / 7 + 1),
            Self::WeekInYear => n((date.ordinal() - 1) / 7 + 1),
        }
    }
}

/// The canonical stored form of a UTC datetime.
pub fn canonical_datetime(dt: NaiveDateTime) -> String {
    dt.format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn lit(unit: DateUnit, range: DateRange) -> DateLiteral {
        DateLiteral { unit, range }
    }

    #[test]
    fn ranges_follow_the_reference() {
        let today = d("2024-05-15"); // a Wednesday
        use DateRange::*;
        use DateUnit::*;
        assert_eq!(range(lit(Day, This), today), (today, today));
        assert_eq!(
            range(lit(Week, This), today),
            (d("2024-05-12"), d("2024-05-18"))
        );
        assert_eq!(
            range(lit(Week, Last), today),
            (d("2024-05-05"), d("2024-05-11"))
        );
        assert_eq!(
            range(lit(Month, Next), today),
            (d("2024-06-01"), d("2024-06-30"))
        );
        assert_eq!(
            range(lit(Quarter, This), today),
            (d("2024-04-01"), d("2024-06-30"))
        );
        assert_eq!(
            range(lit(Year, LastN(2)), today),
            (d("2022-01-01"), d("2023-12-31"))
        );
        assert_eq!(
            range(lit(Day, LastNDays(1)), today),
            (d("2024-05-14"), today)
        );
        assert_eq!(
            range(lit(Day, NextNDays(2)), today),
            (d("2024-05-16"), d("2024-05-17"))
        );
        assert_eq!(
            range(lit(Month, Ago(3)), today),
            (d("2024-02-01"), d("2024-02-29"))
        );
        assert_eq!(
            range(lit(FiscalQuarter, NextN(2)), today),
            (d("2024-07-01"), d("2024-12-31"))
        );
    }

    #[test]
    fn date_functions() {
        let v = "2024-05-15T13:45:00.000+0000";
        assert_eq!(DateFn::CalendarYear.apply(v), 2024);
        assert_eq!(DateFn::CalendarQuarter.apply(v), 2);
        assert_eq!(DateFn::DayInWeek.apply(v), 4);
        assert_eq!(DateFn::HourInDay.apply(v), 13);
        assert_eq!(DateFn::DayOnly.apply(v), "2024-05-15");
        assert_eq!(DateFn::WeekInMonth.apply(v), 3);
    }
}
