//! Turns one written JSON value into its canonical stored form for the field's
//! describe type (see ARCHITECTURE.md "Stored values are canonical JSON"), or
//! the error Salesforce answers for it.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde_json::{Number, Value};

use crate::errors::ApiError;
use sf_describe::FieldDescribe;

/// The JSON parser error Salesforce's REST layer answers for a value of the
/// wrong JSON type.
fn wrong_type(java_type: &str, value: &Value) -> ApiError {
    let kind = match value {
        Value::String(_) => "VALUE_STRING",
        Value::Number(_) => "VALUE_NUMBER_INT",
        Value::Bool(true) => "VALUE_TRUE",
        Value::Bool(false) => "VALUE_FALSE",
        Value::Array(_) => "START_ARRAY",
        Value::Object(_) => "START_OBJECT",
        Value::Null => "VALUE_NULL",
    };
    let shown = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    ApiError::json_parser(format!(
        "Cannot deserialize instance of {java_type} from {kind} value {shown} or request may be missing a required field"
    ))
}

/// The canonical value of a non-null write, or the error for it. `label` is
/// the field's describe label, used in messages as Salesforce does.
pub fn normalize(field: &FieldDescribe, label: &str, value: &Value) -> Result<Value, ApiError> {
    match field.field_type.as_str() {
        "boolean" => match value {
            Value::Bool(_) => Ok(value.clone()),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
            _ => Err(wrong_type("boolean", value)),
        },
        "int" => {
            let n = number(value).ok_or_else(|| wrong_type("int", value))?;
            if n.fract() != 0.0 {
                return Err(wrong_type("int", value));
            }
            Ok(Value::Number(Number::from(n as i64)))
        }
        "double" | "currency" | "percent" => {
            let n = number(value).ok_or_else(|| wrong_type("double", value))?;
            let digits_before = field.precision.saturating_sub(field.scale);
            if field.precision > 0 && n.abs() >= 10f64.powi(digits_before as i32) {
                return Err(ApiError::on_fields(
                    "NUMBER_OUTSIDE_VALID_RANGE",
                    format!("{label}: value outside of valid range on numeric field: {n}"),
                    &[&field.name],
                ));
            }
            Ok(json_number(n))
        }
        "date" => {
            let s = value.as_str().ok_or_else(|| wrong_type("date", value))?;
            parse_date(s)
                .map(|d| Value::String(d.format("%Y-%m-%d").to_string()))
                .ok_or_else(|| wrong_type("date", value))
        }
        "datetime" => {
            let s = value
                .as_str()
                .ok_or_else(|| wrong_type("datetime", value))?;
            parse_datetime(s)
                .map(|d| Value::String(format_datetime(d)))
                .ok_or_else(|| wrong_type("datetime", value))
        }
        "time" => {
            let s = value.as_str().ok_or_else(|| wrong_type("time", value))?;
            parse_time(s)
                .map(|t| Value::String(t.format("%H:%M:%S%.3fZ").to_string()))
                .ok_or_else(|| wrong_type("time", value))
        }
        "picklist" => {
            let s = text_value(value).ok_or_else(|| wrong_type("String", value))?;
            check_picklist(field, label, &s)?;
            Ok(Value::String(s))
        }
        "multipicklist" => {
            let s = text_value(value).ok_or_else(|| wrong_type("String", value))?;
            let mut parts: Vec<&str> = Vec::new();
            for p in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                check_picklist(field, label, p)?;
                if !parts.contains(&p) {
                    parts.push(p);
                }
            }
            Ok(Value::String(parts.join(";")))
        }
        "address" | "location" | "anyType" | "complexvalue" | "json" => Ok(value.clone()),
        // Salesforce stores email addresses lower-cased: a contact created
        // with `Chloe.Myers@example.com` queries back as `chloe.myers@…`
        // (fixtures/real/exchanges/TestUpsert.test_upsert_complex_external_id_field__rest.json).
        "email" => {
            let s = text_value(value).ok_or_else(|| wrong_type("String", value))?;
            normalize_text(field, label, s.to_lowercase())
        }
        // Text of every flavour, ids and references are checked by the caller
        // (references) or just for length here.
        _ => {
            let s = text_value(value).ok_or_else(|| wrong_type("String", value))?;
            normalize_text(field, label, s)
        }
    }
}

/// Text within the field's length.
fn normalize_text(field: &FieldDescribe, label: &str, s: String) -> Result<Value, ApiError> {
    let max = field.length as usize;
    if field.is_text() && max > 0 && s.chars().count() > max {
        let shown: String = s.chars().take(30).collect();
        return Err(ApiError::on_fields(
            "STRING_TOO_LONG",
            format!("{label}: data value too large: {shown} (max length={max})"),
            &[&field.name],
        ));
    }
    Ok(Value::String(s))
}

fn check_picklist(field: &FieldDescribe, label: &str, value: &str) -> Result<(), ApiError> {
    if field.restricted_picklist && !field.active_picklist_values().any(|v| v == value) {
        return Err(ApiError::on_fields(
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            format!("{label}: bad value for restricted picklist field: {value}"),
            &[&field.name],
        ));
    }
    Ok(())
}

/// Strings as given; numbers and booleans as their JSON text (Salesforce
/// coerces scalars into text fields).
fn text_value(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Integral values stay integers on the wire (`5`, not `5.0`).
fn json_number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::Number(Number::from(n as i64))
    } else {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// `YYYY-MM-DD`; a datetime is cut to its date as Salesforce does.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// ISO 8601 datetimes in the forms clients send: `Z`, `+00:00`, `+0000`,
/// with or without fractional seconds; a bare date means midnight UTC.
pub fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z"] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d.with_timezone(&Utc));
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(d.and_utc());
        }
    }
    if s.len() == 10 {
        return parse_date(s)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc());
    }
    None
}

/// The stored datetime form: `2024-01-02T03:04:05.000+0000`.
pub fn format_datetime(d: DateTime<Utc>) -> String {
    d.format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string()
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.strip_suffix('Z').unwrap_or(s);
    NaiveTime::parse_from_str(s, "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_become_utc_with_millis() {
        let d = parse_datetime("2024-03-01T10:00:00+02:00").unwrap();
        assert_eq!(format_datetime(d), "2024-03-01T08:00:00.000+0000");
        let d = parse_datetime("2024-03-01T10:00:00.5+0000").unwrap();
        assert_eq!(format_datetime(d), "2024-03-01T10:00:00.500+0000");
        assert!(parse_datetime("yesterday").is_none());
    }

    #[test]
    fn integral_numbers_stay_integers() {
        assert_eq!(json_number(5.0), Value::from(5));
        assert_eq!(json_number(2.5), Value::from(2.5));
    }
}
