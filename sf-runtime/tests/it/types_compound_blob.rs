//! `Address`, `Location`, `Base64`, `AnyType`, `Json` against real records.

use crate::types_support;

use base64::Engine as _;
use serde_json::{json, Value};
use sf_runtime::{kinds, Address, AnyType, Base64, FieldType, Json, Location};
use types_support::{fixture, fixture_texts, walk_records};

#[test]
fn swiftly_account_billing_address() {
    let rec = fixture("records/swiftly-Account-record-v51.json");
    let billing: Address = serde_json::from_value(rec["BillingAddress"].clone()).unwrap();
    assert_eq!(
        billing,
        Address {
            street: Some("621 West 6th Avenue".into()),
            city: Some("Anchorage".into()),
            state: Some("AK".into()),
            state_code: None,
            postal_code: Some("99501".into()),
            country: Some("US".into()),
            country_code: None,
            latitude: Some(61.217061),
            longitude: Some(-149.894342),
            geocode_accuracy: Some("Address".into()),
        }
    );
    // Same shape back (keys Salesforce did not send are not invented).
    assert_eq!(
        serde_json::to_value(&billing).unwrap(),
        rec["BillingAddress"]
    );
    assert_eq!(
        billing.location(),
        Some(Location::new(61.217061, -149.894342))
    );

    let shipping: Option<Address> = serde_json::from_value(rec["ShippingAddress"].clone()).unwrap();
    assert_eq!(shipping, None);
}

#[test]
fn person_account_address_with_null_components() {
    let rec = fixture("records/mobilesdk-ios-Account-PersonAccount-record-v31.json");
    let billing: Address = serde_json::from_value(rec["BillingAddress"].clone()).unwrap();
    assert_eq!(billing.city.as_deref(), Some("New York"));
    assert_eq!(billing.postal_code.as_deref(), Some("10023-6298"));
    assert_eq!(billing.country_code, None);
    assert_eq!(billing.latitude, None);
    assert_eq!(billing.location(), None);
    let back: Address = serde_json::from_value(serde_json::to_value(&billing).unwrap()).unwrap();
    assert_eq!(back, billing);
}

/// Every `…Address` object in every recorded record reads as an `Address` and round-trips.
#[test]
fn every_address_in_the_fixtures() {
    let mut n = 0;
    for (file, text) in
        fixture_texts(&["records", "query", "netcoreforce", "exchanges", "restforce"])
    {
        let Ok(doc) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        walk_records(&doc, &mut |rec| {
            for (k, v) in rec {
                if k.ends_with("Address") && v.is_object() {
                    let a: Address = serde_json::from_value(v.clone())
                        .unwrap_or_else(|e| panic!("{file} {k}: {e}"));
                    assert!(
                        !a.is_empty() || v.as_object().unwrap().values().all(Value::is_null),
                        "{file} {k}"
                    );
                    let back: Address =
                        serde_json::from_value(serde_json::to_value(&a).unwrap()).unwrap();
                    assert_eq!(back, a);
                    // Non-null components survive unchanged.
                    let out = serde_json::to_value(&a).unwrap();
                    for (ck, cv) in v.as_object().unwrap() {
                        if !cv.is_null() {
                            assert_eq!(&out[ck], cv, "{file} {k}.{ck}");
                        }
                    }
                    n += 1;
                }
            }
        });
    }
    assert!(n >= 5, "{n}");
}

#[test]
fn location() {
    let l: Location =
        serde_json::from_value(json!({"latitude": 37.794016, "longitude": -122.395016})).unwrap();
    assert_eq!(l, Location::new(37.794016, -122.395016));
    assert_eq!(
        serde_json::to_value(l).unwrap(),
        json!({"latitude": 37.794016, "longitude": -122.395016})
    );
    let partial: Location =
        serde_json::from_value(json!({"latitude": null, "longitude": 5.5})).unwrap();
    assert_eq!(partial.latitude, None);
    assert!(serde_json::from_value::<Location>(json!("37,-122")).is_err());
}

#[test]
fn content_version_blob_url_from_a_real_query() {
    let mapping = fixture("query/applink-wiremock-query-ContentVersion-v55.json");
    let body: Value = serde_json::from_str(mapping["response"]["body"].as_str().unwrap()).unwrap();
    let record = &body["records"][0];
    let data: Base64 = serde_json::from_value(record["VersionData"].clone()).unwrap();
    assert_eq!(
        data,
        Base64::Url(
            "/services/data/v55.0/sobjects/ContentVersion/0689A0000002c13QAA/VersionData".into()
        )
    );
    assert!(data.is_url());
    assert_eq!(data.bytes(), None);
    assert_eq!(serde_json::to_value(&data).unwrap(), record["VersionData"]);
}

#[test]
fn blob_bytes_from_the_real_download_and_create() {
    let mapping = fixture("records/applink-wiremock-get-ContentVersion-blob-v55.json");
    let wire = mapping["response"]["base64Body"].as_str().unwrap();
    let data: Base64 = serde_json::from_value(json!(wire)).unwrap();
    let bytes = data.bytes().unwrap();
    assert!(String::from_utf8_lossy(bytes).contains("HYPNO TOAD"));
    assert_eq!(serde_json::to_value(&data).unwrap(), json!(wire));
    assert_eq!(data.to_wire_string(), wire);

    // The create request body the recorder matched on carries the file as base64.
    let create = fixture("records/applink-wiremock-create-ContentVersion-v55.json");
    let mut found = 0;
    types_support::walk_scalars(&create, &mut |key, v| {
        if key == Some("VersionData") {
            if let Some(s) = v.as_str() {
                let b: Base64 = serde_json::from_value(json!(s)).unwrap();
                assert!(!b.is_url());
                assert_eq!(serde_json::to_value(&b).unwrap(), json!(s));
                found += 1;
            }
        }
    });
    assert!(found >= 1, "no VersionData in the create mapping");
}

#[test]
fn base64_forms_and_errors() {
    let b = Base64::from_bytes(b"hello world".to_vec());
    assert_eq!(serde_json::to_value(&b).unwrap(), json!("aGVsbG8gd29ybGQ="));
    for wire in ["aGVsbG8gd29ybGQ=", "aGVsbG8gd29ybGQ", "aGVsbG8g\nd29ybGQ="] {
        assert_eq!(
            serde_json::from_value::<Base64>(json!(wire)).unwrap(),
            b,
            "{wire:?}"
        );
    }
    assert_eq!(Base64::from(&b"x"[..]), Base64::Bytes(vec![b'x']));
    assert_eq!(
        serde_json::from_value::<Base64>(json!("")).unwrap(),
        Base64::Bytes(vec![])
    );
    let url: Base64 = serde_json::from_value(json!("https://x.my.salesforce.com/blob")).unwrap();
    assert!(url.is_url());
    let err = serde_json::from_value::<Base64>(json!("not*base64")).unwrap_err();
    assert!(
        err.to_string().contains("neither a blob URL nor base64"),
        "{err}"
    );
    assert!(serde_json::from_value::<Base64>(json!(1)).is_err());
    let big = Base64::from_bytes(vec![0u8; 1000]);
    assert_eq!(format!("{big:?}"), "Bytes(<1000 bytes>)");
    let round: Base64 = serde_json::from_value(serde_json::to_value(&big).unwrap()).unwrap();
    assert_eq!(round, big);
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(round.bytes().unwrap()),
        big.to_wire_string()
    );
}

#[test]
fn any_type_and_json() {
    for v in [
        json!("text"),
        json!(12.5),
        json!(true),
        Value::Null,
        json!({"a": [1, 2]}),
    ] {
        let a: AnyType = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(*a, v);
        assert_eq!(serde_json::to_value(&a).unwrap(), v);
        let j: Json = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(j.clone().into_inner(), v);
        assert_eq!(Value::from(j), v);
    }
    assert_eq!(AnyType::from(json!({"k": 1})).to_string(), r#"{"k":1}"#);

    fn kind<T: FieldType<Kind = K>, K>() {}
    kind::<Address, kinds::Compound>();
    kind::<Option<Location>, kinds::Compound>();
    kind::<Base64, kinds::Blob>();
    kind::<AnyType, kinds::Other>();
    kind::<Json, kinds::Other>();
    kind::<Value, kinds::Other>();
}
