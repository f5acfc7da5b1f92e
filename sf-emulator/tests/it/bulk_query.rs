//! Bulk API 2.0 query jobs over HTTP: job info against the recorded one,
//! CSV columns from the SELECT list, and paging with `Sforce-Locator`.

use crate::many_common;

use std::time::Duration;

use many_common::{csv_rows, keys, start, wiremock_body, Api};
use serde_json::{json, Value};

async fn run_job(api: &Api, body: Value) -> (String, Value) {
    let (status, created) = api.post("jobs/query", body).await;
    assert_eq!(status, 200, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    for _ in 0..200 {
        let (_, info) = api.get(&format!("jobs/query/{id}")).await;
        if info["state"] == "JobComplete" {
            return (id, info);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("query job {id} did not complete");
}

#[tokio::test]
async fn results_page_across_several_locators_until_null() {
    let emu = start().await;
    let api = Api::new(&emu);
    let records: Vec<Value> = (0..450)
        .map(|i| json!({"attributes": {"type": "Account"}, "Name": format!("Acc {i:03}")}))
        .collect();
    for chunk in records.chunks(200) {
        let (status, _) = api
            .post("composite/sobjects", json!({"records": chunk}))
            .await;
        assert_eq!(status, 200);
    }
    let (id, info) = run_job(
        &api,
        json!({"operation": "query",
        "query": "SELECT Id, Name FROM Account ORDER BY Name"}),
    )
    .await;
    assert_eq!(info["numberRecordsProcessed"], 450);
    assert_eq!(info["object"], "Account");

    let mut names = Vec::new();
    let mut locator: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &locator {
            Some(l) => format!("jobs/query/{id}/results?maxRecords=100&locator={l}"),
            None => format!("jobs/query/{id}/results?maxRecords=100"),
        };
        let (status, headers, text) = api.get_text(&path).await;
        assert_eq!(status, 200, "{text}");
        let rows = csv_rows(&text);
        assert_eq!(rows[0], ["Id", "Name"]);
        let n: usize = headers["sforce-numberofrecords"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(n, rows.len() - 1);
        names.extend(rows[1..].iter().map(|r| r[1].clone()));
        pages += 1;
        match headers["sforce-locator"].to_str().unwrap() {
            "null" => break,
            l => locator = Some(l.to_owned()),
        }
    }
    assert_eq!(pages, 5);
    let expected: Vec<String> = (0..450).map(|i| format!("Acc {i:03}")).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn parent_paths_are_columns_and_nulls_are_empty() {
    let emu = start().await;
    let api = Api::new(&emu);
    let acc = api.create("Account", json!({"Name": "Parent Co"})).await;
    api.create("Contact", json!({"LastName": "With", "AccountId": acc}))
        .await;
    api.create("Contact", json!({"LastName": "Without"})).await;
    let (id, _) = run_job(
        &api,
        json!({"operation": "query", "columnDelimiter": "SEMICOLON",
        "query": "select lastname, account.name from Contact order by LastName"}),
    )
    .await;
    let (_, headers, text) = api.get_text(&format!("jobs/query/{id}/results")).await;
    assert_eq!(headers["sforce-locator"], "null");
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(b';')
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["LastName", "Account.Name"],
            ["With", "Parent Co"],
            ["Without", ""]
        ]
    );
}

#[tokio::test]
async fn query_all_sees_deleted_records_and_info_matches_the_recording() {
    let emu = start().await;
    let api = Api::new(&emu);
    let gone = api.create("Account", json!({"Name": "Gone"})).await;
    api.create("Account", json!({"Name": "Here"})).await;
    api.delete(&format!("sobjects/Account/{gone}")).await;
    let (_, info) = run_job(
        &api,
        json!({"operation": "query", "query": "SELECT Name FROM Account"}),
    )
    .await;
    assert_eq!(info["numberRecordsProcessed"], 1);
    let real = wiremock_body("bulk/applink-wiremock-bulk2-query-job-info-v56.json");
    assert_eq!(keys(&info), keys(&real));
    for k in [
        "operation",
        "state",
        "concurrencyMode",
        "contentType",
        "jobType",
        "lineEnding",
        "columnDelimiter",
    ] {
        assert_eq!(info[k], real[k], "{k}");
    }
    let (id, info) = run_job(
        &api,
        json!({"operation": "queryAll", "query": "SELECT Name FROM Account"}),
    )
    .await;
    assert_eq!(info["numberRecordsProcessed"], 2);
    assert_eq!(info["operation"], "queryAll");
    let (_, list) = api.get("jobs/query").await;
    assert_eq!(list["records"].as_array().unwrap().len(), 2);
    let (status, _) = api.delete(&format!("jobs/query/{id}")).await;
    assert_eq!(status, 204);
    let (status, _) = api.get(&format!("jobs/query/{id}/results")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bad_queries_and_bad_locators_are_400() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (status, resp) = api
        .post(
            "jobs/query",
            json!({"operation": "query", "query": "SELECT Nope__c FROM Account"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(resp[0]["errorCode"], "INVALID_FIELD");
    let (status, _) = api
        .post(
            "jobs/query",
            json!({"operation": "update", "query": "SELECT Id FROM Account"}),
        )
        .await;
    assert_eq!(status, 400);
    api.create("Account", json!({"Name": "A"})).await;
    let (id, _) = run_job(
        &api,
        json!({"operation": "query", "query": "SELECT Id FROM Account"}),
    )
    .await;
    let (status, _) = api
        .get(&format!("jobs/query/{id}/results?locator=%%%"))
        .await;
    assert_eq!(status, 400);
    let (status, _) = api
        .get(&format!("jobs/query/{id}/results?maxRecords=0"))
        .await;
    assert_eq!(status, 400);
}
