//! `Decimal` on the wire: exact reads of the numbers real orgs return, JSON numbers on write.

use crate::types_support;

use std::str::FromStr;

use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sf_runtime::types::decimal::serde_number;
use sf_runtime::{Decimal, FieldValue};
use types_support::{fixture, fixture_texts};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s)
        .or_else(|_| Decimal::from_scientific(s))
        .unwrap()
}

/// The JSON number literals in `text` (outside strings).
fn number_literals(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut in_string) = (0, false);
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
        } else if b == b'"' {
            in_string = true;
            i += 1;
        } else if b == b'-' || b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || b"-+.eE".contains(&bytes[i])) {
                i += 1;
            }
            out.push(&text[start..i]);
        } else {
            i += 1;
        }
    }
    out
}

fn significant_digits(literal: &str) -> usize {
    let mantissa = literal.split(['e', 'E']).next().unwrap();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let trimmed = digits.trim_start_matches('0');
    let trimmed = if mantissa.contains('.') {
        trimmed.trim_end_matches('0')
    } else {
        trimmed
    };
    trimmed.len().max(1)
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct One {
    #[serde(with = "serde_number")]
    v: Decimal,
}

/// Every number literal in the real responses reads back as exactly the decimal its text
/// denotes (as long as it fits in `f64`'s 15 guaranteed digits, which all of them do).
#[test]
fn every_number_in_the_fixtures_reads_exactly() {
    let mut checked = 0;
    let mut with_fraction = 0;
    for (file, text) in fixture_texts(&[
        "records",
        "query",
        "restforce",
        "netcoreforce",
        "exchanges",
        "limits",
        "composite",
    ]) {
        for literal in number_literals(&text) {
            if significant_digits(literal) > 15 {
                continue;
            }
            let expected = dec(literal);
            let one: One = serde_json::from_str(&format!("{{\"v\":{literal}}}"))
                .unwrap_or_else(|e| panic!("{file}: {literal}: {e}"));
            assert_eq!(one.v, expected, "{file}: {literal}");
            // rust_decimal's own Deserialize agrees.
            assert_eq!(
                serde_json::from_str::<Decimal>(literal).unwrap(),
                expected,
                "{file}: {literal}"
            );
            // Written back as a JSON number denoting the same value.
            let written = serde_json::to_string(&one).unwrap();
            let number = written.trim_start_matches("{\"v\":").trim_end_matches('}');
            assert!(!number.starts_with('"'), "{written}");
            assert_eq!(
                dec(number),
                expected,
                "{file}: {literal} written as {number}"
            );
            checked += 1;
            if literal.contains('.') {
                with_fraction += 1;
            }
        }
    }
    assert!(checked > 500, "{checked}");
    assert!(with_fraction > 20, "{with_fraction}");
}

#[test]
fn real_record_currency_and_percent() {
    #[derive(Debug, Serialize, Deserialize)]
    struct Whizbang {
        #[serde(rename = "Currency_Label", with = "serde_number")]
        currency: Decimal,
        #[serde(rename = "Percent_Label", default, with = "serde_number::option")]
        percent: Option<Decimal>,
        #[serde(
            rename = "Number_Label",
            default,
            skip_serializing_if = "FieldValue::is_absent",
            with = "serde_number::field_value"
        )]
        number: FieldValue<Decimal>,
        #[serde(
            rename = "Missing__c",
            default,
            skip_serializing_if = "FieldValue::is_absent",
            with = "serde_number::field_value"
        )]
        missing: FieldValue<Decimal>,
    }
    let rec = fixture("restforce/sobject_sobject_find_success_response.json");
    let w: Whizbang = serde_json::from_value(rec).unwrap();
    assert_eq!(w.currency, dec("23"));
    assert_eq!(w.percent, Some(dec("33")));
    assert_eq!(w.number, FieldValue::Value(dec("23")));
    assert_eq!(w.missing, FieldValue::Absent);
    assert_eq!(
        serde_json::to_value(&w).unwrap(),
        json!({"Currency_Label": 23, "Percent_Label": 33, "Number_Label": 23})
    );

    let rec = fixture("records/swiftly-Account-record-v51.json");
    #[derive(Deserialize)]
    struct Acc {
        #[serde(rename = "AnnualRevenue", with = "serde_number::option")]
        revenue: Option<Decimal>,
        #[serde(rename = "BillingLatitude", with = "serde_number::option")]
        lat: Option<Decimal>,
    }
    let a: Acc = serde_json::from_value(rec).unwrap();
    assert_eq!(a.revenue, None);
    assert_eq!(a.lat, Some(dec("61.217062")));
}

#[test]
fn salesforce_shaped_numbers() {
    for (json_text, expected) in [
        ("1000000.0", "1000000"),
        ("12.5", "12.5"),
        ("0.1", "0.1"),
        ("0.3", "0.3"),
        ("9999999999999.99", "9999999999999.99"), // 15 significant digits
        ("1234567890123.45", "1234567890123.45"),
        ("-0.0001", "-0.0001"),
        ("5E+2", "500"),
        ("1.5e-3", "0.0015"),
        ("\"12.50\"", "12.50"),
        ("\" 7 \"", "7"),
        ("9223372036854775807", "9223372036854775807"),
        ("18446744073709551615", "18446744073709551615"),
    ] {
        let one: One = serde_json::from_str(&format!("{{\"v\":{json_text}}}"))
            .unwrap_or_else(|e| panic!("{json_text}: {e}"));
        assert_eq!(one.v, dec(expected), "{json_text}");
    }
    // Written as JSON numbers, integers without a fraction.
    for (value, written) in [
        ("12.50", "12.5"),
        ("100.00", "100"),
        ("-3", "-3"),
        ("0.1", "0.1"),
        ("1234567890123.45", "1234567890123.45"),
        ("18446744073709551615", "18446744073709551615"),
    ] {
        let s = serde_json::to_string(&One { v: dec(value) }).unwrap();
        assert_eq!(s, format!("{{\"v\":{written}}}"), "{value}");
    }
}

#[test]
fn invalid_numbers_are_clear_errors() {
    for (bad, needle) in [
        ("\"abc\"", "invalid decimal \"abc\""),
        ("true", "a number or a numeric string"),
        ("null", "a number or a numeric string"),
        ("[]", "a number or a numeric string"),
        ("1e40", "out of range"),
    ] {
        let err = serde_json::from_str::<One>(&format!("{{\"v\":{bad}}}")).unwrap_err();
        assert!(err.to_string().contains(needle), "{bad}: {err}");
    }
}

#[test]
fn option_and_field_value_modules() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, with = "serde_number::option")]
        a: Option<Decimal>,
        #[serde(
            default,
            skip_serializing_if = "FieldValue::is_absent",
            with = "serde_number::field_value"
        )]
        b: FieldValue<Decimal>,
        #[serde(
            default,
            skip_serializing_if = "FieldValue::is_absent",
            with = "serde_number::field_value"
        )]
        c: FieldValue<Decimal>,
        #[serde(
            default,
            skip_serializing_if = "FieldValue::is_absent",
            with = "serde_number::field_value"
        )]
        d: FieldValue<Decimal>,
    }
    let p: Patch = serde_json::from_str(r#"{"a": null, "b": null, "c": 2.75}"#).unwrap();
    assert_eq!(
        p,
        Patch {
            a: None,
            b: FieldValue::Null,
            c: FieldValue::Value(dec("2.75")),
            d: FieldValue::Absent
        }
    );
    assert_eq!(
        serde_json::to_string(&p).unwrap(),
        r#"{"a":null,"b":null,"c":2.75}"#
    );
    let p: Patch = serde_json::from_str("{}").unwrap();
    assert_eq!(p.a, None);
    assert!(p.b.is_absent());

    // Through serde_json::Value too (the path `to_write_json` builds bodies with).
    let v = serde_number::serialize(&dec("1500.25"), serde_json::value::Serializer).unwrap();
    assert_eq!(v, json!(1500.25));
    assert!(v.is_number());
}

proptest! {
    /// Any value with up to 15 significant digits survives a JSON round trip exactly.
    #[test]
    fn round_trip_up_to_15_digits(mantissa in -999_999_999_999_999i64..=999_999_999_999_999i64, scale in 0u32..=10) {
        let d = Decimal::new(mantissa, scale);
        let json = serde_json::to_string(&One { v: d }).unwrap();
        prop_assert!(!json["{\"v\":".len()..].contains('"'), "{}", json);
        let back: One = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back.v, d);
    }
}
