//! sObject rows over HTTP: create, retrieve, update, delete, upsert, and the
//! errors Salesforce answers for bad writes, compared with recorded responses.

use crate::server_common;

use serde_json::{json, Value};
use server_common::{fixture, keys, start, wiremock, Api};
use sf_emulator::schema::Schema;
use sf_emulator::Emulator;

#[tokio::test]
async fn create_then_retrieve_has_system_fields_and_real_shapes() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (status, body) = api
        .post(
            "sobjects/Account",
            json!({"Name": "Acme", "NumberOfEmployees": "12"}),
        )
        .await;
    // Shape of a real create response (restforce and applink recordings).
    let (real_status, real) = wiremock("records/applink-wiremock-create-Movie__c-v51.json");
    assert_eq!(status, real_status);
    assert_eq!(keys(&body), keys(&real));
    assert_eq!(body["success"], true);
    assert_eq!(body["errors"], json!([]));
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 18);
    assert!(id.starts_with("001"), "Account key prefix: {id}");
    assert_eq!(
        sf_emulator::ids::to18(&id[..15]).as_deref(),
        Some(id.as_str())
    );

    let (status, record) = api.get(&format!("sobjects/Account/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(record["attributes"]["type"], "Account");
    assert_eq!(
        record["attributes"]["url"],
        format!("/services/data/v66.0/sobjects/Account/{id}")
    );
    assert_eq!(record["Name"], "Acme");
    assert_eq!(
        record["NumberOfEmployees"], 12,
        "int fields are normalized to numbers"
    );
    assert_eq!(record["IsDeleted"], false);
    let created = record["CreatedDate"].as_str().unwrap();
    assert!(
        created.ends_with("+0000") && created.len() == 28,
        "{created}"
    );
    assert_eq!(record["LastModifiedDate"], record["CreatedDate"]);
    assert!(record["CreatedById"].as_str().unwrap().starts_with("005"));
    assert_eq!(record["OwnerId"], record["CreatedById"]);
    // Every describe field is present, unset ones as null, like a real record.
    let real_record = fixture("records/swiftly-Account-record-v51.json");
    assert!(real_record["BillingAddress"].is_null() || real_record["BillingAddress"].is_object());
    assert!(record.get("BillingAddress").is_some());
    assert_eq!(record["Description"], Value::Null);
    let describe_fields = emu.org().schema.object("Account").unwrap().fields.len();
    assert_eq!(record.as_object().unwrap().len(), describe_fields + 1);

    let (status, some) = api
        .get(&format!("sobjects/Account/{id}?fields=Name,Phone"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(keys(&some), vec!["Id", "Name", "Phone", "attributes"]);
}

#[tokio::test]
async fn update_and_delete_follow_salesforce() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = api
        .create(
            "Contact",
            json!({"FirstName": "Ada", "LastName": "Lovelace"}),
        )
        .await;
    let (_, c) = api.get(&format!("sobjects/Contact/{id}")).await;
    assert_eq!(
        c["Name"], "Ada Lovelace",
        "Contact.Name is computed from its parts"
    );

    let (status, body) = api
        .patch(
            &format!("sobjects/Contact/{id}"),
            json!({"LastName": "King"}),
        )
        .await;
    assert_eq!((status, body), (204, Value::Null));
    let (_, c) = api.get(&format!("sobjects/Contact/{id}")).await;
    assert_eq!(c["Name"], "Ada King");
    assert!(c["LastModifiedDate"].as_str() >= c["CreatedDate"].as_str());

    // The method override for stacks without PATCH.
    let (status, _) = api
        .post(
            &format!("sobjects/Contact/{id}?_HttpMethod=PATCH"),
            json!({"FirstName": "Augusta"}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, c) = api.get(&format!("sobjects/Contact/{id}?fields=Name")).await;
    assert_eq!(c["Name"], "Augusta King");
    let (status, _) = api
        .post(&format!("sobjects/Contact/{id}"), json!({"FirstName": "X"}))
        .await;
    assert_eq!(status, 405);

    // Real delete answers 204 with no body.
    let (real_status, _) = wiremock("records/applink-wiremock-delete-Account-204-v51.json");
    let (status, _) = api.delete(&format!("sobjects/Contact/{id}")).await;
    assert_eq!(status, real_status);

    let (real_status, real) = wiremock("errors/applink-wiremock-404-ENTITY_IS_DELETED.json");
    let (status, body) = api.delete(&format!("sobjects/Contact/{id}")).await;
    assert_eq!((status, &body), (real_status, &real));
    let (status, body) = api
        .patch(&format!("sobjects/Contact/{id}"), json!({"LastName": "X"}))
        .await;
    assert_eq!(status, 404);
    assert_eq!(body[0]["errorCode"], "ENTITY_IS_DELETED");
    let (status, _) = api.get(&format!("sobjects/Contact/{id}")).await;
    assert_eq!(status, 404);
    assert!(
        emu.org().store.get("Contact", &id).unwrap().deleted,
        "kept in the recycle bin"
    );
}

#[tokio::test]
async fn write_errors_match_recorded_codes_and_shapes() {
    let emu = start().await;
    let api = Api::new(&emu);

    let (real_status, real) = wiremock("errors/applink-wiremock-400-INVALID_FIELD-create.json");
    let (status, body) = api
        .post(
            "sobjects/Account",
            json!({"Name": "A", "FavoritePet__c": "Dog"}),
        )
        .await;
    assert_eq!((status, &body), (real_status, &real), "unknown field");

    let (real_status, real) = wiremock("errors/applink-wiremock-400-REQUIRED_FIELD_MISSING.json");
    let (status, body) = api.post("sobjects/Account", json!({"Phone": "1"})).await;
    assert_eq!(status, real_status);
    assert_eq!(keys(&body[0]), keys(&real[0]));
    assert_eq!(body[0]["errorCode"], "REQUIRED_FIELD_MISSING");
    assert_eq!(body[0]["message"], "Required fields are missing: [Name]");
    assert_eq!(body[0]["fields"], json!(["Name"]));

    let (real_status, real) =
        wiremock("errors/applink-wiremock-400-INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST.json");
    let (status, body) = api
        .post(
            "sobjects/Account",
            json!({"Name": "A", "CleanStatus": "Terrible"}),
        )
        .await;
    assert_eq!(status, real_status);
    assert_eq!(keys(&body[0]), keys(&real[0]));
    assert_eq!(body[0]["errorCode"], real[0]["errorCode"]);
    assert_eq!(
        body[0]["message"],
        "Clean Status: bad value for restricted picklist field: Terrible"
    );
    assert_eq!(body[0]["fields"], json!(["CleanStatus"]));

    let (real_status, real) =
        wiremock("errors/applink-wiremock-404-NOT_FOUND-unknown-sobject.json");
    let (status, body) = api.post("sobjects/Movie__c", json!({"Name": "x"})).await;
    assert_eq!((status, &body), (real_status, &real), "unknown object");

    let (status, body) = api
        .post("sobjects/Account", json!({"Name": "x".repeat(256)}))
        .await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "STRING_TOO_LONG");
    assert_eq!(body[0]["fields"], json!(["Name"]));

    let (status, body) = api
        .post(
            "sobjects/Account",
            json!({"Name": "A", "NumberOfEmployees": "many"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "JSON_PARSER_ERROR");

    let (status, body) = api
        .post("sobjects/Account", json!({"Name": "A", "IsDeleted": true}))
        .await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "INVALID_FIELD_FOR_INSERT_UPDATE");
    assert_eq!(body[0]["fields"], json!(["IsDeleted"]));

    let (status, body) = api
        .post(
            "sobjects/Account",
            json!({"Name": "A", "Id": "001A0000006Vm9rIAC"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "INVALID_FIELD_FOR_INSERT_UPDATE");
    assert_eq!(body[0]["fields"], json!(["Id"]));

    // A reference to a record that does not exist, of an object in the snapshot.
    let ghost = sf_emulator::ids::generate("001", 999);
    let (status, body) = api
        .post(
            "sobjects/Contact",
            json!({"LastName": "L", "AccountId": ghost}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "INVALID_CROSS_REFERENCE_KEY");
    assert_eq!(body[0]["fields"], json!(["AccountId"]));
    // References to objects outside the snapshot (User) only need to be ids.
    let owner = sf_emulator::ids::generate("005", 42);
    let id = api
        .create("Contact", json!({"LastName": "L", "OwnerId": owner}))
        .await;
    let (_, c) = api
        .get(&format!("sobjects/Contact/{id}?fields=OwnerId"))
        .await;
    assert_eq!(c["OwnerId"], owner.as_str());
    let (status, body) = api
        .post(
            "sobjects/Contact",
            json!({"LastName": "L", "OwnerId": "nope"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "MALFORMED_ID");

    // An id of another object in the URL.
    let (real_status, real) = wiremock("errors/applink-wiremock-400-MALFORMED_ID.json");
    let (status, body) = api
        .patch(&format!("sobjects/Account/{id}"), json!({"Name": "x"}))
        .await;
    assert_eq!(status, real_status);
    assert_eq!(keys(&body[0]), keys(&real[0]));
    assert_eq!(body[0]["errorCode"], "MALFORMED_ID");
    assert_eq!(body[0]["fields"], json!(["Id"]));

    // An unknown field on update, as recorded.
    let (real_status, real) = wiremock("errors/applink-wiremock-400-INVALID_FIELD-update.json");
    let (status, body) = api
        .patch(
            &format!("sobjects/Contact/{id}"),
            json!({"Color__c": "red"}),
        )
        .await;
    assert_eq!(status, real_status);
    assert_eq!(keys(&body[0]), keys(&real[0]));
    assert_eq!(
        body[0]["message"],
        "No such column 'Color__c' on sobject of type Contact"
    );

    // Nothing was written by any failed create.
    assert_eq!(emu.org().store.count("Account"), 0);
}

#[tokio::test]
async fn upsert_by_id_lookup_field_creates_updates_and_reports_multiple_matches() {
    let emu = start().await;
    let api = Api::new(&emu);
    let path = "sobjects/Contact/Email/ada@example.com";
    let (status, body) = api.patch(path, json!({"LastName": "Lovelace"})).await;
    assert_eq!(status, 201);
    let real = fixture("restforce/sobject_upsert_created_success_response.json");
    for k in keys(&real) {
        assert!(body.get(&k).is_some(), "upsert response has {k}: {body}");
    }
    assert_eq!(body["created"], true);
    let id = body["id"].as_str().unwrap().to_owned();

    let (status, body) = api.patch(path, json!({"FirstName": "Ada"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["created"], false);
    assert_eq!(body["id"], id.as_str());
    let (_, c) = api.get(&format!("sobjects/Contact/{id}")).await;
    assert_eq!(c["Email"], "ada@example.com");
    assert_eq!(c["Name"], "Ada Lovelace");

    // GET by external id.
    let (status, c) = api.get(path).await;
    assert_eq!(status, 200);
    assert_eq!(c["Id"], id.as_str());

    // Two records with the same value: 300 with their URLs, as recorded by restforce.
    api.create(
        "Contact",
        json!({"LastName": "Twin", "Email": "ada@example.com"}),
    )
    .await;
    let (status, body) = api.patch(path, json!({"FirstName": "X"})).await;
    assert_eq!(status, 300);
    let real = fixture("restforce/sobject_upsert_multiple_error_response.json");
    assert!(real.is_array() && body.is_array());
    assert_eq!(body.as_array().unwrap().len(), 2);
    assert!(body[0]
        .as_str()
        .unwrap()
        .starts_with("/services/data/v66.0/sobjects/Contact/003"));

    // A field that cannot identify records, as recorded by restforce.
    let real = fixture("restforce/sobject_upsert_error_response.json");
    let (status, body) = api
        .patch("sobjects/Contact/Namez/x", json!({"LastName": "x"}))
        .await;
    assert_eq!(status, 404);
    assert_eq!(keys(&body[0]), keys(&real[0]));
    assert_eq!(
        body[0]["message"],
        "Provided external ID field does not exist or is not accessible: Namez"
    );
}

/// The 222-field Account from a real org has unique external ids and formulas.
async fn start_with_external_ids() -> Emulator {
    let describe = fixture("describe-more/mobilesdk-ios-Account-PersonAccount-v31-222-fields.json");
    let schema = Schema::from_describes([describe]).unwrap();
    Emulator::builder().schema(schema).start().await.unwrap()
}

#[tokio::test]
async fn unique_external_ids_and_formula_fields() {
    let emu = start_with_external_ids().await;
    let api = Api::new(&emu);
    let (status, body) = api
        .patch(
            "sobjects/Account/External_ID__c/EXT-1",
            json!({"Name": "One"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = api
        .post(
            "sobjects/Account",
            json!({"Name": "Two", "External_ID__c": "ext-1"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "DUPLICATE_VALUE");
    assert_eq!(body[0]["fields"], json!(["External_ID__c"]));

    let (status, body) = api
        .post(
            "sobjects/Account",
            json!({"Name": "Three", "Rating_Indicator__c": "x"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "INVALID_FIELD_FOR_INSERT_UPDATE");
    let id = api.create("Account", json!({"Name": "Three"})).await;
    let (_, record) = api.get(&format!("sobjects/Account/{id}")).await;
    assert_eq!(
        record["Rating_Indicator__c"],
        Value::Null,
        "formulas are not evaluated"
    );
}

#[tokio::test]
async fn org_api_transactions_roll_back() {
    let emu = start().await;
    let mut org = emu.org();
    let kept = org
        .create("Account", json!({"Name": "Kept"}).as_object().unwrap())
        .unwrap();
    let result: Result<(), Vec<sf_emulator::ApiError>> = org.transaction(|org| {
        org.create("Account", json!({"Name": "Temp"}).as_object().unwrap())?;
        org.update(
            "Account",
            &kept,
            json!({"Name": "Changed"}).as_object().unwrap(),
        )?;
        org.delete("Account", &kept)?;
        org.create("Account", json!({}).as_object().unwrap())?; // fails: Name required
        Ok(())
    });
    assert_eq!(result.unwrap_err()[0].error_code, "REQUIRED_FIELD_MISSING");
    assert_eq!(org.store.count("Account"), 1);
    let record = org
        .retrieve("Account", &kept, Some(&["Name".to_owned()]))
        .unwrap();
    assert_eq!(record["Name"], "Kept");
}

#[tokio::test]
async fn replication_lists_updated_and_deleted_ids() {
    let emu = start().await;
    let api = Api::new(&emu);
    let kept = api.create("Account", json!({"Name": "Kept"})).await;
    let gone = api.create("Account", json!({"Name": "Gone"})).await;
    api.delete(&format!("sobjects/Account/{gone}")).await;
    let window = "start=2000-01-01T00:00:00%2B00:00&end=2999-01-01T00:00:00%2B00:00";

    let (status, body) = api
        .get(&format!("sobjects/Account/updated/?{window}"))
        .await;
    assert_eq!(status, 200, "{body}");
    let real = fixture("restforce/sobject_get_updated_success_response.json");
    assert_eq!(keys(&body), keys(&real));
    assert_eq!(body["ids"], json!([kept]));
    assert_eq!(body["latestDateCovered"], "2999-01-01T00:00:00.000+0000");

    let (status, body) = api
        .get(&format!("sobjects/Account/deleted/?{window}"))
        .await;
    assert_eq!(status, 200, "{body}");
    let real = fixture("restforce/sobject_get_deleted_success_response.json");
    assert_eq!(keys(&body), keys(&real));
    assert_eq!(
        keys(&body["deletedRecords"][0]),
        keys(&real["deletedRecords"][0])
    );
    assert_eq!(body["deletedRecords"][0]["id"], gone.as_str());

    let (status, body) = api
        .get("sobjects/Account/deleted/?start=2020-01-02T00:00:00Z&end=2020-01-01T00:00:00Z")
        .await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "INVALID_REPLICATION_DATE");
}

#[tokio::test]
async fn fixed_clock_stamps_system_fields() {
    use chrono::TimeZone;
    let at = chrono::Utc
        .with_ymd_and_hms(2024, 2, 29, 12, 30, 5)
        .unwrap();
    let emu = server_common::builder()
        .clock(sf_emulator::org::Clock::Fixed(at))
        .start()
        .await
        .unwrap();
    let api = Api::new(&emu);
    let id = api.create("Account", json!({"Name": "Timed"})).await;
    let (_, r) = api
        .get(&format!(
            "sobjects/Account/{id}?fields=CreatedDate,LastModifiedDate,SystemModstamp"
        ))
        .await;
    for f in ["CreatedDate", "LastModifiedDate", "SystemModstamp"] {
        assert_eq!(r[f], "2024-02-29T12:30:05.000+0000", "{f}");
    }
}
