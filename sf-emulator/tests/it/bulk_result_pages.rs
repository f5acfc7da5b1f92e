//! `GET jobs/query/{id}/resultPages`: links to every result page, five per
//! answer, whose pages together are the `Sforce-Locator` chain's rows; absent
//! (404 `NOT_FOUND`) before API 58.0, refused before the job completes.

use crate::many_common;

use std::time::Duration;

use many_common::{csv_rows, start, Api};
use serde_json::{json, Value};

async fn completed_job(api: &Api, rows: usize) -> String {
    let records: Vec<Value> = (0..rows)
        .map(|i| json!({"attributes": {"type": "Account"}, "Name": format!("Acc {i:03}")}))
        .collect();
    for chunk in records.chunks(200) {
        let (status, _) = api
            .post("composite/sobjects", json!({"records": chunk}))
            .await;
        assert_eq!(status, 200);
    }
    let (status, created) = api
        .post(
            "jobs/query",
            json!({"operation": "query", "query": "SELECT Name FROM Account ORDER BY Name"}),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    for _ in 0..200 {
        let (_, info) = api.get(&format!("jobs/query/{id}")).await;
        if info["state"] == "JobComplete" {
            return id;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("query job {id} did not complete");
}

/// GETs an absolute path the server gave.
async fn follow(api: &Api, link: &str) -> (u16, String) {
    let resp = api
        .http
        .get(format!("{}{link}", api.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

#[tokio::test]
async fn links_cover_every_row_once_five_per_answer() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = completed_job(&api, 730).await;
    let (status, first) = api
        .get(&format!("jobs/query/{id}/resultPages?maxRecords=100"))
        .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["resultPages"].as_array().unwrap().len(), 5);
    assert_eq!(first["done"], false);
    let mut links: Vec<String> = Vec::new();
    let mut answer = first;
    loop {
        for page in answer["resultPages"].as_array().unwrap() {
            let link = page["resultLink"].as_str().unwrap();
            assert!(
                link.starts_with(&format!(
                    "/services/data/v66.0/jobs/query/{id}/results?locator="
                )),
                "{link}"
            );
            links.push(link.to_owned());
        }
        if answer["done"] == true {
            assert_eq!(answer["nextRecordsUrl"], Value::Null);
            break;
        }
        let next = answer["nextRecordsUrl"].as_str().unwrap().to_owned();
        let (status, text) = follow(&api, &next).await;
        assert_eq!(status, 200, "{text}");
        answer = serde_json::from_str(&text).unwrap();
    }
    assert_eq!(links.len(), 8, "730 rows at 100 a page");
    // Read backwards: each link stands alone.
    let mut pages = Vec::new();
    for link in links.iter().rev() {
        let (status, text) = follow(&api, link).await;
        assert_eq!(status, 200, "{text}");
        let rows = csv_rows(&text);
        assert_eq!(rows[0], ["Name"]);
        pages.push(rows[1..].iter().map(|r| r[0].clone()).collect::<Vec<_>>());
    }
    pages.reverse();
    assert!(pages[..7].iter().all(|p| p.len() == 100));
    let names: Vec<String> = pages.concat();
    let expected: Vec<String> = (0..730).map(|i| format!("Acc {i:03}")).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn an_empty_result_has_one_page_of_header_only() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = completed_job(&api, 0).await;
    let (status, answer) = api.get(&format!("jobs/query/{id}/resultPages")).await;
    assert_eq!(status, 200);
    assert_eq!(answer["done"], true);
    let pages = answer["resultPages"].as_array().unwrap();
    assert_eq!(pages.len(), 1);
    let (_, text) = follow(&api, pages[0]["resultLink"].as_str().unwrap()).await;
    assert_eq!(csv_rows(&text), [["Name"]]);
}

#[tokio::test]
async fn older_versions_unknown_jobs_and_bad_parameters_get_error_arrays() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = completed_job(&api, 3).await;
    let old = format!("/services/data/v57.0/jobs/query/{id}/resultPages");
    let (status, text) = follow(&api, &old).await;
    assert_eq!(status, 404, "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body[0]["errorCode"], "NOT_FOUND");
    let (status, _) = follow(
        &api,
        &format!("/services/data/v58.0/jobs/query/{id}/resultPages"),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = api.get("jobs/query/750000000000000AAA/resultPages").await;
    assert_eq!(status, 404);
    assert_eq!(body[0]["errorCode"], "NOT_FOUND");
    for bad in ["maxRecords=0", "maxRecords=x", "locator=%%%"] {
        let (status, body) = api.get(&format!("jobs/query/{id}/resultPages?{bad}")).await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(body[0]["errorCode"], "INVALIDPARAMETER", "{bad}");
    }
}
