//! `POST composite/batch`: independent subrequests, `haltOnError`, 25 max.

use crate::many_common;

use many_common::{count, start, Api};
use serde_json::{json, Value};

#[tokio::test]
async fn subrequests_commit_independently_and_report_each_status() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = api.create("Account", json!({"Name": "Old"})).await;
    let (status, resp) = api
        .post(
            "composite/batch",
            json!({"batchRequests": [
                {"method": "PATCH", "url": format!("v66.0/sobjects/Account/{id}"), "richInput": {"Name": "New"}},
                {"method": "GET", "url": format!("v66.0/sobjects/Account/{id}?fields=Name")},
                {"method": "POST", "url": "v66.0/sobjects/Account", "richInput": {}},
                {"method": "GET", "url": "v66.0/query?q=SELECT+Name+FROM+Account"},
            ]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(resp["hasErrors"], true);
    let results = resp["results"].as_array().unwrap();
    assert_eq!(results[0], json!({"statusCode": 204, "result": null}));
    assert_eq!(results[1]["statusCode"], 200);
    assert_eq!(results[1]["result"]["Name"], "New");
    assert_eq!(results[2]["statusCode"], 400);
    assert_eq!(
        results[2]["result"][0]["errorCode"],
        "REQUIRED_FIELD_MISSING"
    );
    assert_eq!(results[3]["result"]["totalSize"], 1);
}

#[tokio::test]
async fn halt_on_error_stops_after_the_first_failure() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (_, resp) = api
        .post(
            "composite/batch",
            json!({"haltOnError": true, "batchRequests": [
                {"method": "POST", "url": "v66.0/sobjects/Account", "richInput": {"Name": "First"}},
                {"method": "GET", "url": "v66.0/sobjects/Nope/describe"},
                {"method": "POST", "url": "v66.0/sobjects/Account", "richInput": {"Name": "Never"}},
            ]}),
        )
        .await;
    let results = resp["results"].as_array().unwrap();
    assert_eq!(results[0]["statusCode"], 201);
    assert_eq!(results[1]["statusCode"], 404);
    assert_eq!(results[2]["statusCode"], 412);
    assert_eq!(
        results[2]["result"][0]["errorCode"],
        "BATCH_PROCESSING_HALTED"
    );
    assert_eq!(
        count(&emu, "Account"),
        1,
        "the first create stays, the last never ran"
    );
}

#[tokio::test]
async fn more_than_25_batch_requests_is_refused() {
    let emu = start().await;
    let api = Api::new(&emu);
    let reqs: Vec<Value> = (0..26)
        .map(|i| json!({"method": "POST", "url": "v66.0/sobjects/Account", "richInput": {"Name": format!("A{i}")}}))
        .collect();
    let (status, _) = api
        .post("composite/batch", json!({"batchRequests": reqs}))
        .await;
    assert_eq!(status, 400);
    assert_eq!(count(&emu, "Account"), 0);
}
