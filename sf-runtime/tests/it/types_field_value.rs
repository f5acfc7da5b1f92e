//! `FieldValue<T>`: absent (leave unchanged) / null (clear) / value, in DML bodies.

use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sf_runtime::types::field_value::is_absent;
use sf_runtime::{kinds, Date, FieldType, FieldValue, Id};

struct Account;

/// A PATCH body the way generated code shapes it.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
struct AccountPatch {
    #[serde(
        rename = "Name",
        default,
        skip_serializing_if = "FieldValue::is_absent"
    )]
    name: FieldValue<String>,
    #[serde(
        rename = "Phone",
        default,
        skip_serializing_if = "FieldValue::is_absent"
    )]
    phone: FieldValue<String>,
    #[serde(rename = "ParentId", default, skip_serializing_if = "is_absent")]
    parent_id: FieldValue<Id<Account>>,
    #[serde(
        rename = "SLAExpirationDate__c",
        default,
        skip_serializing_if = "is_absent"
    )]
    sla_expiration: FieldValue<Date>,
    #[serde(
        rename = "NumberOfEmployees",
        default,
        skip_serializing_if = "is_absent"
    )]
    employees: FieldValue<i32>,
}

#[test]
fn patch_can_clear_set_and_leave_alone() {
    let patch = AccountPatch {
        name: "Acme".to_owned().into(),
        phone: FieldValue::Null,
        sla_expiration: Date::from_ymd(2026, 3, 2).into(),
        ..Default::default()
    };
    let body = serde_json::to_value(&patch).unwrap();
    assert_eq!(
        body,
        json!({"Name": "Acme", "Phone": null, "SLAExpirationDate__c": "2026-03-02"})
    );
    assert!(body.get("ParentId").is_none(), "absent fields are not sent");
    assert_eq!(serde_json::from_value::<AccountPatch>(body).unwrap(), patch);

    // An empty patch sends nothing.
    assert_eq!(
        serde_json::to_string(&AccountPatch::default()).unwrap(),
        "{}"
    );
}

#[test]
fn reading_a_real_record_tells_null_from_missing() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/real/records/swiftly-Account-record-v51.json"
    ))
    .unwrap();
    let rec: AccountPatch = serde_json::from_str(&text).unwrap();
    assert_eq!(
        rec.name,
        FieldValue::Value("Alaska Center for Performing Arts".to_owned())
    );
    assert_eq!(rec.phone, FieldValue::Value("9075551212".to_owned()));
    assert_eq!(rec.parent_id, FieldValue::Null, "\"ParentId\": null");
    assert_eq!(
        rec.employees,
        FieldValue::Null,
        "\"NumberOfEmployees\": null"
    );
    assert_eq!(
        rec.sla_expiration,
        FieldValue::Absent,
        "key not in the record"
    );
}

#[test]
fn absent_is_never_serialized_as_null() {
    #[derive(Serialize)]
    struct Forgot {
        x: FieldValue<i32>,
    }
    let err = serde_json::to_value(Forgot {
        x: FieldValue::Absent,
    })
    .unwrap_err();
    assert!(err.to_string().contains("skip_serializing_if"), "{err}");
    assert_eq!(
        serde_json::to_value(Forgot {
            x: FieldValue::Null
        })
        .unwrap(),
        json!({"x": null})
    );
    assert_eq!(
        serde_json::to_value(Forgot { x: 5.into() }).unwrap(),
        json!({"x": 5})
    );
}

#[test]
fn conversions_and_accessors() {
    let v: FieldValue<i32> = 3.into();
    assert_eq!(v, FieldValue::Value(3));
    assert_eq!(FieldValue::<i32>::from(None), FieldValue::Null);
    assert_eq!(FieldValue::from(Some(4)), FieldValue::Value(4));
    assert_eq!(FieldValue::<i32>::default(), FieldValue::Absent);

    assert!(FieldValue::<i32>::Absent.is_absent());
    assert!(FieldValue::<i32>::Null.is_null());
    assert!(v.is_value());
    assert_eq!(v.as_option(), Some(&3));
    assert_eq!(FieldValue::<i32>::Null.as_option(), None);
    assert_eq!(v.into_option(), Some(3));
    assert_eq!(v.map(|x| x * 2), FieldValue::Value(6));
    assert_eq!(FieldValue::<i32>::Null.map(|x| x * 2), FieldValue::Null);
    assert_eq!(
        FieldValue::Value("s".to_owned()).as_ref(),
        FieldValue::Value(&"s".to_owned())
    );

    let mut f = FieldValue::Absent;
    f.set(1);
    assert_eq!(f, FieldValue::Value(1));
    f.clear();
    assert_eq!(f, FieldValue::Null);
    assert_eq!(f.take(), FieldValue::Null);
    assert_eq!(f, FieldValue::Absent);

    fn kind<T: FieldType<Kind = K>, K>() {}
    kind::<FieldValue<String>, kinds::Text>();
    kind::<FieldValue<Id<Account>>, kinds::Id>();
}

#[test]
fn without_serde_default_a_missing_key_reads_as_null() {
    // Documented pitfall: serde treats a missing `Option`-like field as null unless the
    // field has `#[serde(default)]`. Generated code always adds it.
    #[derive(Deserialize)]
    struct NoDefault {
        x: FieldValue<i32>,
    }
    assert_eq!(
        serde_json::from_value::<NoDefault>(json!({})).unwrap().x,
        FieldValue::Null
    );
}

proptest! {
    #[test]
    fn round_trip(state in 0u8..3, n in any::<i32>(), s in ".{0,12}") {
        let make = |v| match state { 0 => FieldValue::Absent, 1 => FieldValue::Null, _ => FieldValue::Value(v) };
        let patch = AccountPatch { employees: make(n), name: make(0).map(|_| s.clone()), ..Default::default() };
        let body = serde_json::to_value(&patch).unwrap();
        let keys = body.as_object().unwrap().len();
        prop_assert_eq!(keys, if state == 0 { 0 } else { 2 });
        if state == 1 {
            prop_assert_eq!(&body["NumberOfEmployees"], &Value::Null);
        }
        prop_assert_eq!(serde_json::from_value::<AccountPatch>(body).unwrap(), patch);
    }
}
