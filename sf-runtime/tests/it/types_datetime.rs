//! `Date`, `DateTime`, `Time` against the values real orgs return.

use crate::types_support;

use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};
use sf_runtime::{Date, DateTime, DateTimeParseError, Time};
use types_support::{fixture, fixture_texts, walk_scalars};

#[test]
fn nifi_date_datetime_time_record() {
    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
    struct DateTestObject {
        #[serde(rename = "date__c")]
        date: Date,
        #[serde(rename = "datetime__c")]
        datetime: DateTime,
        #[serde(rename = "time__c")]
        time: Time,
    }
    let doc = fixture("query/nifi-query-date-datetime-time-v62.json");
    let record = doc["records"][0].clone();
    let row: DateTestObject = serde_json::from_value(record.clone()).unwrap();

    assert_eq!(row.date, Date::from_ymd(2025, 12, 16).unwrap());
    assert_eq!(
        row.datetime.utc(),
        Utc.with_ymd_and_hms(2025, 12, 16, 13, 5, 30).unwrap()
    );
    assert_eq!(row.time, Time::from_hms(13, 5, 30).unwrap());
    assert_eq!(
        (
            row.time.hour(),
            row.time.minute(),
            row.time.second(),
            row.time.millisecond()
        ),
        (13, 5, 30, 0)
    );

    // Written back exactly as Salesforce sent them.
    let out = serde_json::to_value(&row).unwrap();
    assert_eq!(out["date__c"], record["date__c"]);
    assert_eq!(out["datetime__c"], record["datetime__c"]);
    assert_eq!(out["time__c"], record["time__c"]);
    assert_eq!(
        out,
        json!({"date__c": "2025-12-16", "datetime__c": "2025-12-16T13:05:30.000+0000", "time__c": "13:05:30.000Z"})
    );
}

fn looks_like_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[..4].iter().all(u8::is_ascii_digit)
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.bytes().filter(u8::is_ascii_digit).count() == 8
}

/// Every datetime-looking string in every fixture (`+0000` with millis, `Z` with millis,
/// `Z` without millis) parses; the canonical `+0000` ones re-render byte for byte, and
/// every other form re-renders to the same instant.
#[test]
fn every_datetime_and_date_string_in_the_fixtures() {
    let (mut canonical, mut other, mut dates) = (0, 0, 0);
    for (file, text) in fixture_texts(&["."]) {
        let Ok(doc) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        walk_scalars(&doc, &mut |key, v| {
            let Some(s) = v.as_str() else { return };
            if looks_like_datetime(s) {
                let dt = DateTime::parse(s).unwrap_or_else(|e| panic!("{file} {key:?}: {e}"));
                let rendered = dt.to_string();
                if s.ends_with("+0000") && s.len() == 28 {
                    assert_eq!(rendered, s, "{file}");
                    canonical += 1;
                } else {
                    let chrono_dt = chrono::DateTime::parse_from_rfc3339(s)
                        .unwrap_or_else(|e| panic!("{file}: {s}: {e}"));
                    assert_eq!(
                        dt.timestamp_millis(),
                        chrono_dt.timestamp_millis(),
                        "{file}: {s}"
                    );
                    other += 1;
                }
                assert_eq!(DateTime::parse(&rendered).unwrap(), dt);
                let via_serde: DateTime = serde_json::from_value(v.clone()).unwrap();
                assert_eq!(serde_json::to_value(via_serde).unwrap(), json!(rendered));
            } else if looks_like_date(s)
                && key.is_some_and(|k| k.ends_with("Date") || k.ends_with("__c"))
            {
                let d = Date::parse(s).unwrap_or_else(|e| panic!("{file} {key:?}: {e}"));
                assert_eq!(d.to_string(), s);
                dates += 1;
            }
        });
    }
    assert!(canonical > 150, "{canonical}");
    assert!(other > 50, "{other}");
    assert!(dates >= 3, "{dates}");
}

#[test]
fn swiftly_account_record_dates() {
    let rec = fixture("records/swiftly-Account-record-v51.json");
    let created: DateTime = serde_json::from_value(rec["CreatedDate"].clone()).unwrap();
    assert_eq!(created.to_string(), "2021-04-08T18:39:16.000+0000");
    assert_eq!(created.date(), Date::from_ymd(2021, 4, 8).unwrap());
    assert_eq!(created.time(), Time::from_hms(18, 39, 16).unwrap());
    let modified: DateTime = serde_json::from_value(rec["LastModifiedDate"].clone()).unwrap();
    assert!(modified > created);
    let custom: Date =
        serde_json::from_value(rec["playgroundorg__Custom_Date_Field__c"].clone()).unwrap();
    assert_eq!((custom.year(), custom.month(), custom.day()), (2021, 4, 8));
    let none: Option<Date> = serde_json::from_value(rec["LastActivityDate"].clone()).unwrap();
    assert_eq!(none, None);
}

#[test]
fn datetime_accepts_the_variants_salesforce_returns() {
    let expected = DateTime::parse("2026-03-02T14:30:00.000+0000").unwrap();
    for s in [
        "2026-03-02T14:30:00.000+0000",
        "2026-03-02T14:30:00+0000",
        "2026-03-02T14:30:00.000Z",
        "2026-03-02T14:30:00Z",
        "2026-03-02T14:30:00.000+00:00",
        "2026-03-02T14:30:00+00:00",
        "2026-03-02T14:30:00.000-00:00",
        "2026-03-02T16:30:00.000+0200",
        "2026-03-02T06:30:00-08:00",
        "2026-03-03T00:00:00.000+0930",
        "2026-03-02T14:30:00.0000000Z",
        "2026-03-02T14:30Z",
    ] {
        let dt = DateTime::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(dt, expected, "{s}");
        assert_eq!(dt.to_string(), "2026-03-02T14:30:00.000+0000");
    }
    // Crossing midnight and a year boundary through the offset.
    let dt = DateTime::parse("2025-12-31T19:00:00.000-0500").unwrap();
    assert_eq!(dt.to_string(), "2026-01-01T00:00:00.000+0000");
    // Milliseconds kept, finer digits truncated (Salesforce stores milliseconds).
    assert_eq!(
        DateTime::parse("2026-03-02T14:30:00.1+0000")
            .unwrap()
            .to_string(),
        "2026-03-02T14:30:00.100+0000"
    );
    assert_eq!(
        DateTime::parse("2026-03-02T14:30:00.123999Z")
            .unwrap()
            .to_string(),
        "2026-03-02T14:30:00.123+0000"
    );
}

#[test]
fn invalid_input_gives_a_clear_error() {
    let cases: &[(&str, &str)] = &[
        ("", "the year is not four digits"),
        ("2026-03-02", "expected 'T'"),
        ("2026-03-02T14:30:00", "missing time zone offset"),
        ("2026-03-02T14:30:00.000+00", "offset minute"),
        ("2026-03-02T25:30:00Z", "out of range"),
        ("2026-02-30T14:30:00Z", "no such calendar date"),
        ("2026-03-02T14:30:00.Z", "digits after '.'"),
        ("2026-03-02T14:30:00Zjunk", "unexpected characters"),
        ("02/03/2026 14:30", "year"),
    ];
    for (input, reason) in cases {
        let e: DateTimeParseError = DateTime::parse(input).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(reason), "{input}: {msg}");
        assert!(
            msg.starts_with(&format!("invalid Salesforce datetime {input:?}")),
            "{msg}"
        );
        assert!(msg.contains("YYYY-MM-DDTHH:MM:SS.sss+0000"), "{msg}");
        assert_eq!(e.input(), *input);
        assert_eq!(e.kind(), "datetime");
    }
    for input in [
        "2026-3-2",
        "2026-03-02T00:00:00Z",
        "20260302",
        "2026-13-01",
        "2026-03-02 ",
    ] {
        let e = Date::parse(input).unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&format!("invalid Salesforce date {input:?}")),
            "{e}"
        );
    }
    for input in [
        "1:05:30",
        "13:05:30+0100",
        "13:60:00Z",
        "13:05:60Z",
        "13-05-30",
    ] {
        let e = Time::parse(input).unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&format!("invalid Salesforce time {input:?}")),
            "{e}"
        );
    }
    let err = serde_json::from_value::<DateTime>(json!("yesterday")).unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid Salesforce datetime \"yesterday\""),
        "{err}"
    );
    assert!(serde_json::from_value::<Date>(json!(20260302)).is_err());
}

#[test]
fn time_forms() {
    let t = Time::from_hms_milli(9, 5, 7, 45).unwrap();
    assert_eq!(t.to_string(), "09:05:07.045Z");
    for s in ["09:05:07.045Z", "09:05:07.045", "09:05:07.0451Z"] {
        assert_eq!(Time::parse(s).unwrap(), t, "{s}");
    }
    assert_eq!(Time::parse("09:05").unwrap().to_string(), "09:05:00.000Z");
    assert_eq!(
        Time::parse("23:59:59.999Z").unwrap().to_string(),
        "23:59:59.999Z"
    );
    assert!(Time::from_hms_milli(9, 5, 7, 1000).is_none());
    assert!(Time::from_hms(24, 0, 0).is_none());
}

#[test]
fn chrono_conversions_and_constructors() {
    let naive = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let d: Date = naive.into();
    assert_eq!(NaiveDate::from(d), naive);
    assert_eq!(d.naive(), naive);
    assert!(Date::from_ymd(2023, 2, 29).is_none());

    let dt = DateTime::from_timestamp_millis(1_772_461_800_123).unwrap();
    assert_eq!(dt.to_string(), "2026-03-02T14:30:00.123+0000");
    assert_eq!(dt.timestamp_millis(), 1_772_461_800_123);
    let chrono_utc: chrono::DateTime<Utc> = dt.into();
    assert_eq!(DateTime::from(chrono_utc), dt);
    let fixed = FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 2, 15, 30, 0)
        .unwrap();
    assert_eq!(
        DateTime::from(fixed).to_string(),
        "2026-03-02T14:30:00.000+0000"
    );
    let back: chrono::DateTime<FixedOffset> = dt.into();
    assert_eq!(back.timestamp_millis(), dt.timestamp_millis());

    // Sub-millisecond precision is dropped so the value equals its own round trip.
    let precise = Utc.timestamp_nanos(1_772_461_800_123_456_789);
    let dt = DateTime::from(precise);
    assert_eq!(dt.timestamp_millis(), 1_772_461_800_123);
    assert_eq!(DateTime::parse(&dt.to_string()).unwrap(), dt);
    let now = DateTime::now();
    assert_eq!(DateTime::parse(&now.to_string()).unwrap(), now);
    assert_eq!(Date::today_utc(), Utc::now().date_naive().into());

    let t: Time = NaiveTime::from_hms_nano_opt(1, 2, 3, 456_789_000)
        .unwrap()
        .into();
    assert_eq!(t.to_string(), "01:02:03.456Z");
    assert_eq!(
        NaiveTime::from(t),
        NaiveTime::from_hms_milli_opt(1, 2, 3, 456).unwrap()
    );

    let combined = Date::from_ymd(2026, 3, 2)
        .unwrap()
        .and_time(Time::from_hms(14, 30, 0).unwrap());
    assert_eq!(combined.to_string(), "2026-03-02T14:30:00.000+0000");
    assert!(Date::from_ymd(2026, 3, 1).unwrap() < Date::from_ymd(2026, 3, 2).unwrap());
}

proptest! {
    #[test]
    fn datetime_round_trips(ms in -30_610_224_000_000i64..253_402_300_799_999i64) {
        // 1000-01-01 .. 9999-12-31
        let dt = DateTime::from_timestamp_millis(ms).unwrap();
        let s = dt.to_string();
        prop_assert_eq!(s.len(), 28);
        prop_assert_eq!(DateTime::parse(&s).unwrap(), dt);
        let json = serde_json::to_string(&dt).unwrap();
        prop_assert_eq!(serde_json::from_str::<DateTime>(&json).unwrap(), dt);
        // The same instant written with any offset parses to the same value.
        let offset_minutes = (ms.rem_euclid(24 * 60)) as i32 - 12 * 60;
        let fixed = FixedOffset::east_opt(offset_minutes * 60).unwrap();
        let local = dt.utc().with_timezone(&fixed).format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string();
        prop_assert_eq!(DateTime::parse(&local).unwrap(), dt);
    }

    #[test]
    fn date_and_time_round_trip(days in 0i64..3_000_000, ms in 0u32..86_400_000) {
        let d = Date::from(NaiveDate::from_ymd_opt(1000, 1, 1).unwrap() + chrono::Days::new(days as u64));
        prop_assert_eq!(Date::parse(&d.to_string()).unwrap(), d);
        prop_assert_eq!(serde_json::from_value::<Date>(serde_json::to_value(d).unwrap()).unwrap(), d);
        let t = Time::from_hms_milli(ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000).unwrap();
        prop_assert_eq!(Time::parse(&t.to_string()).unwrap(), t);
        prop_assert_eq!(serde_json::from_value::<Time>(serde_json::to_value(t).unwrap()).unwrap(), t);
    }
}
