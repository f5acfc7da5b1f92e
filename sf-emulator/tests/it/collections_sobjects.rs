//! sObject Collections (`composite/sobjects`): per-record results in input
//! order with `statusCode` errors, `allOrNone` rollback, upsert's `created`,
//! delete, retrieve and the 200-record limit, against recorded exchanges.

use crate::many_common;

use many_common::{count, fixture, keys, start, Api};
use serde_json::{json, Value};

fn acc(name: &str) -> Value {
    json!({"attributes": {"type": "Account"}, "Name": name})
}

/// The first recorded call to `method` on a URL ending with `suffix`.
fn recorded(file: &str, method: &str, suffix: &str) -> Value {
    fixture(&format!("exchanges/{file}"))
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["method"] == method && e["uri"].as_str().unwrap().ends_with(suffix))
        .cloned()
        .expect("recorded exchange")
}

#[tokio::test]
async fn recorded_create_replays_with_the_same_shape() {
    let emu = start().await;
    let api = Api::new(&emu);
    let exchange = recorded(
        "TestDatasetsE2E.test_datasets_e2e.json",
        "POST",
        "composite/sobjects",
    );
    let (status, resp) = api
        .post("composite/sobjects", exchange["request_body"].clone())
        .await;
    assert_eq!(status, exchange["status"].as_u64().unwrap() as u16);
    let ours = resp.as_array().unwrap();
    let real = exchange["response_body"].as_array().unwrap();
    assert_eq!(ours.len(), real.len());
    for (o, r) in ours.iter().zip(real) {
        assert_eq!(keys(o), keys(r));
        assert_eq!(o["success"], true, "{o}");
        assert_eq!(o["errors"], json!([]));
        assert!(o["id"].as_str().unwrap().starts_with("001"));
    }
    // Results are in input order: the n-th id holds the n-th name.
    for (o, rec) in ours
        .iter()
        .zip(exchange["request_body"]["records"].as_array().unwrap())
    {
        let (_, a) = api
            .get(&format!("sobjects/Account/{}", o["id"].as_str().unwrap()))
            .await;
        assert_eq!(a["Name"], rec["Name"]);
    }
}

#[tokio::test]
async fn partial_success_reports_each_record_with_status_code_errors() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (status, resp) = api
        .post(
            "composite/sobjects",
            json!({"allOrNone": false, "records": [
                acc("Good"),
                {"attributes": {"type": "Account"}},
                {"attributes": {"type": "Account"}, "Name": "Has id", "Id": "001000000000001AAA"},
                {"Name": "No type"},
            ]}),
        )
        .await;
    assert_eq!(status, 200);
    let r = resp.as_array().unwrap();
    assert_eq!(r[0]["success"], true);
    assert_eq!(
        r[1],
        json!({"success": false, "errors": [{
            "statusCode": "REQUIRED_FIELD_MISSING",
            "message": r[1]["errors"][0]["message"],
            "fields": ["Name"],
        }]})
    );
    assert_eq!(
        r[2]["errors"][0]["statusCode"],
        "INVALID_FIELD_FOR_INSERT_UPDATE"
    );
    assert_eq!(r[3]["success"], false);
    assert!(
        r[1]["errors"][0].get("errorCode").is_none(),
        "collections say statusCode"
    );
    assert_eq!(count(&emu, "Account"), 1);
}

#[tokio::test]
async fn all_or_none_rolls_back_and_marks_the_good_records() {
    let emu = start().await;
    let api = Api::new(&emu);
    let keep = api.create("Account", json!({"Name": "Keep"})).await;
    let (_, resp) = api
        .post(
            "composite/sobjects",
            json!({"allOrNone": true, "records": [acc("A"), {"attributes": {"type": "Account"}}, acc("C")]}),
        )
        .await;
    let rolled = json!({"success": false, "errors": [{
        "statusCode": "ALL_OR_NONE_OPERATION_ROLLED_BACK",
        "message": "Record rolled back because not all records were valid and the request was using AllOrNone header",
        "fields": [],
    }]});
    assert_eq!(resp[0], rolled);
    assert_eq!(resp[2], rolled);
    assert_eq!(resp[1]["errors"][0]["statusCode"], "REQUIRED_FIELD_MISSING");
    assert_eq!(count(&emu, "Account"), 1);

    // The same for updates: the good rename is undone.
    let (_, resp) = api
        .patch(
            "composite/sobjects",
            json!({"allOrNone": true, "records": [
                {"attributes": {"type": "Account"}, "Id": keep, "Name": "Renamed"},
                {"attributes": {"type": "Account"}, "Id": keep, "Name": null},
            ]}),
        )
        .await;
    assert_eq!(resp[0], rolled);
    let (_, a) = api.get(&format!("sobjects/Account/{keep}")).await;
    assert_eq!(a["Name"], "Keep");
}

#[tokio::test]
async fn update_needs_ids_and_answers_them() {
    let emu = start().await;
    let api = Api::new(&emu);
    let parent = api.create("Account", json!({"Name": "Parent"})).await;
    let child = api.create("Account", json!({"Name": "Child"})).await;
    let (status, resp) = api
        .patch(
            "composite/sobjects",
            json!({"allOrNone": false, "records": [
                {"Id": child, "ParentId": parent, "attributes": {"type": "Account"}},
                {"ParentId": parent, "attributes": {"type": "Account"}},
            ]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(resp[0], json!({"id": child, "success": true, "errors": []}));
    assert_eq!(resp[1]["errors"][0]["statusCode"], "MISSING_ARGUMENT");
    let (_, a) = api.get(&format!("sobjects/Account/{child}")).await;
    assert_eq!(a["ParentId"], parent);
}

#[tokio::test]
async fn field_names_in_collection_bodies_ignore_case_id_included() {
    let emu = start().await;
    let api = Api::new(&emu);
    let a = api.create("Account", json!({"Name": "A"})).await;
    let b = api.create("Account", json!({"Name": "B"})).await;
    // Salesforce's guide and jsforce spell the id `id`.
    let (status, resp) = api
        .patch(
            "composite/sobjects",
            json!({"allOrNone": true, "records": [
                {"attributes": {"type": "Account"}, "id": a, "NAME": "A2"},
                {"attributes": {"type": "Account"}, "ID": b, "name": "B2"},
            ]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        resp[0],
        json!({"id": a, "success": true, "errors": []}),
        "{resp}"
    );
    assert_eq!(
        resp[1],
        json!({"id": b, "success": true, "errors": []}),
        "{resp}"
    );
    assert_eq!(
        api.get(&format!("sobjects/Account/{a}")).await.1["Name"],
        "A2"
    );
    assert_eq!(
        api.get(&format!("sobjects/Account/{b}")).await.1["Name"],
        "B2"
    );
    // An insert may not carry an id, however it is spelled.
    let (_, resp) = api
        .post(
            "composite/sobjects",
            json!({"records": [{"attributes": {"type": "Account"}, "id": a, "Name": "X"}]}),
        )
        .await;
    assert_eq!(
        resp[0]["errors"][0]["statusCode"],
        "INVALID_FIELD_FOR_INSERT_UPDATE"
    );
}

#[tokio::test]
async fn upsert_by_external_field_reports_created_like_the_recording() {
    let emu = start().await;
    let api = Api::new(&emu);
    let first = recorded(
        "TestUpsert.test_upsert__rest.json",
        "PATCH",
        "composite/sobjects/Contact/Email",
    );
    let (status, resp) = api
        .patch(
            "composite/sobjects/Contact/Email",
            first["request_body"].clone(),
        )
        .await;
    assert_eq!(status, 200, "{resp}");
    let real = first["response_body"].as_array().unwrap();
    let ours = resp.as_array().unwrap();
    assert_eq!(ours.len(), real.len());
    for (o, r) in ours.iter().zip(real) {
        assert_eq!(keys(o), keys(r));
        assert_eq!(o["created"], true);
    }
    let n = count(&emu, "Contact");
    // Upserting two known emails and one new one.
    let (_, resp) = api
        .patch(
            "composite/sobjects/Contact/Email",
            json!({"allOrNone": false, "records": [
                {"attributes": {"type": "Contact"}, "LastName": "Bluth", "Email": "lindsay.bluth@example.com"},
                {"attributes": {"type": "Contact"}, "LastName": "New", "Email": "brand.new@example.com"},
                {"attributes": {"type": "Contact"}, "LastName": "NoEmail"},
            ]}),
        )
        .await;
    assert_eq!(resp[0]["created"], false);
    assert_eq!(resp[0]["id"], ours[0]["id"]);
    assert_eq!(resp[1]["created"], true);
    assert_eq!(resp[2]["success"], false);
    assert_eq!(count(&emu, "Contact"), n + 1);
}

#[tokio::test]
async fn upsert_by_id_inserts_records_without_one() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = api.create("Account", json!({"Name": "Old"})).await;
    let (_, resp) = api
        .patch(
            "composite/sobjects/Account/Id",
            json!({"allOrNone": false, "records": [
                {"attributes": {"type": "Account"}, "Id": id, "Name": "Updated"},
                {"attributes": {"type": "Account"}, "Id": null, "Name": "Inserted"},
            ]}),
        )
        .await;
    assert_eq!(
        resp[0],
        json!({"id": id, "success": true, "errors": [], "created": false})
    );
    assert_eq!(resp[1]["created"], true);
    assert_eq!(count(&emu, "Account"), 2);
    let (status, resp) = api
        .patch(
            "composite/sobjects/Account/NoSuchField__c",
            json!({"records": []}),
        )
        .await;
    assert_eq!(status, 404, "{resp}");
}

#[tokio::test]
async fn delete_by_ids_with_and_without_all_or_none() {
    let emu = start().await;
    let api = Api::new(&emu);
    let a = api.create("Account", json!({"Name": "A"})).await;
    let b = api.create("Account", json!({"Name": "B"})).await;
    let (status, resp) = api
        .delete(&format!(
            "composite/sobjects?ids={a},not-an-id&allOrNone=true"
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        resp[0]["errors"][0]["statusCode"],
        "ALL_OR_NONE_OPERATION_ROLLED_BACK"
    );
    assert_eq!(resp[1]["errors"][0]["statusCode"], "MALFORMED_ID");
    assert_eq!(count(&emu, "Account"), 2);
    let (_, resp) = api
        .delete(&format!("composite/sobjects?ids={a},{b}&allOrNone=false"))
        .await;
    assert_eq!(
        resp,
        json!([
            {"id": a, "success": true, "errors": []},
            {"id": b, "success": true, "errors": []},
        ])
    );
    assert_eq!(count(&emu, "Account"), 0);
    let (_, resp) = api.delete(&format!("composite/sobjects?ids={a}")).await;
    assert_eq!(resp[0]["errors"][0]["statusCode"], "ENTITY_IS_DELETED");
}

#[tokio::test]
async fn retrieve_answers_records_in_id_order_and_null_for_missing() {
    let emu = start().await;
    let api = Api::new(&emu);
    let a = api
        .create("Account", json!({"Name": "A", "Phone": "1"}))
        .await;
    let b = api.create("Account", json!({"Name": "B"})).await;
    let missing = "001000000000009AAA";
    let (status, resp) = api
        .get(&format!(
            "composite/sobjects/Account?ids={b},{missing},{a}&fields=Name,Phone"
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(resp[0]["Name"], "B");
    assert_eq!(resp[0]["attributes"]["type"], "Account");
    assert_eq!(resp[1], Value::Null);
    assert_eq!(resp[2]["Phone"], "1");
    let (_, resp) = api
        .post(
            "composite/sobjects/Account",
            json!({"ids": [a], "fields": ["Name"]}),
        )
        .await;
    assert_eq!(resp[0]["Name"], "A");
}

#[tokio::test]
async fn more_than_200_records_is_exceeded_id_limit() {
    let emu = start().await;
    let api = Api::new(&emu);
    let records = |n: usize| -> Vec<Value> { (0..n).map(|i| acc(&format!("A{i}"))).collect() };
    let (status, resp) = api
        .post("composite/sobjects", json!({"records": records(201)}))
        .await;
    assert_eq!(status, 400);
    assert_eq!(resp[0]["errorCode"], "EXCEEDED_ID_LIMIT");
    assert_eq!(
        resp[0]["message"],
        "record limit reached. cannot submit more than 200 records into this call"
    );
    assert_eq!(count(&emu, "Account"), 0);
    let (status, resp) = api
        .post("composite/sobjects", json!({"records": records(200)}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(resp.as_array().unwrap().len(), 200);
    let ids: Vec<String> = resp
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    let mut too_many = ids.clone();
    too_many.push(ids[0].clone());
    let (status, resp) = api
        .delete(&format!("composite/sobjects?ids={}", too_many.join(",")))
        .await;
    assert_eq!(status, 400);
    assert_eq!(resp[0]["errorCode"], "EXCEEDED_ID_LIMIT");
    assert_eq!(count(&emu, "Account"), 200);
}

#[tokio::test]
async fn one_call_may_mix_object_types_in_input_order() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (_, resp) = api
        .post(
            "composite/sobjects",
            json!({"records": [
                acc("A1"),
                {"attributes": {"type": "Contact"}, "LastName": "C1"},
                acc("A2"),
            ]}),
        )
        .await;
    let ids: Vec<&str> = resp
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        ids[0].starts_with("001") && ids[1].starts_with("003") && ids[2].starts_with("001"),
        "{ids:?}"
    );
    assert_eq!(count(&emu, "Account"), 2);
    assert_eq!(count(&emu, "Contact"), 1);
}
