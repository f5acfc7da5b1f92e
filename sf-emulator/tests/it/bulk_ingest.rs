//! Bulk API 2.0 ingest jobs over HTTP: job info shape against the recorded
//! one, uploads, processing through the same validation as REST, exact
//! result files, the state machine, `#N/A`, delimiters, upsert and delete.

use crate::many_common;

use std::time::Duration;

use many_common::{count, csv_rows, keys, start, wiremock_body, Api};
use serde_json::{json, Value};

/// Polls a job until it is over; answers its final info.
async fn wait(api: &Api, id: &str) -> Value {
    for _ in 0..600 {
        let (_, info) = api.get(&format!("jobs/ingest/{id}")).await;
        match info["state"].as_str() {
            Some("JobComplete" | "Failed" | "Aborted") => return info,
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    panic!("job {id} did not finish");
}

async fn create_job(api: &Api, body: Value) -> String {
    let (status, info) = api.post("jobs/ingest", body).await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["state"], "Open");
    info["id"].as_str().unwrap().to_owned()
}

async fn close(api: &Api, id: &str) -> Value {
    let (status, info) = api
        .patch(
            &format!("jobs/ingest/{id}"),
            json!({"state": "UploadComplete"}),
        )
        .await;
    assert_eq!(status, 200, "{info}");
    info
}

#[tokio::test]
async fn ten_thousand_rows_with_a_few_invalid_ones_end_with_exact_results() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = create_job(
        &api,
        json!({"object": "Account", "operation": "insert", "lineEnding": "LF"}),
    )
    .await;
    assert!(id.starts_with("750"), "{id}");
    let bad: Vec<usize> = vec![17, 4_242, 9_999];
    let mut first = String::from("Name,NumberOfEmployees,Description\n");
    let mut second = String::from("Name,NumberOfEmployees,Description\n");
    for i in 0..10_000 {
        let name = if bad.contains(&i) {
            String::new()
        } else {
            format!("Account {i}")
        };
        let line = format!("{name},{i},\"row {i}, quoted\"\n");
        if i < 5_000 {
            first.push_str(&line)
        } else {
            second.push_str(&line)
        }
    }
    // Two uploads before UploadComplete.
    assert_eq!(
        api.put_csv(&format!("jobs/ingest/{id}/batches"), first)
            .await,
        201
    );
    assert_eq!(
        api.put_csv(&format!("jobs/ingest/{id}/batches"), second)
            .await,
        201
    );
    let closed = close(&api, &id).await;
    assert_eq!(closed["state"], "UploadComplete");
    let info = wait(&api, &id).await;
    assert_eq!(info["state"], "JobComplete");
    assert_eq!(info["numberRecordsProcessed"], 10_000);
    assert_eq!(info["numberRecordsFailed"], 3);
    assert_eq!(count(&emu, "Account"), 9_997);

    let (status, headers, text) = api
        .get_text(&format!("jobs/ingest/{id}/successfulResults"))
        .await;
    assert_eq!(status, 200);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let ok = csv_rows(&text);
    assert_eq!(
        ok[0],
        [
            "sf__Id",
            "sf__Created",
            "Name",
            "NumberOfEmployees",
            "Description"
        ]
    );
    assert_eq!(ok.len(), 1 + 9_997);
    let row = ok.iter().find(|r| r[2] == "Account 1234").unwrap();
    assert_eq!(row[1], "true");
    assert_eq!(row[4], "row 1234, quoted");
    let (_, stored) = api.get(&format!("sobjects/Account/{}", row[0])).await;
    assert_eq!(stored["NumberOfEmployees"], 1234);

    let (_, _, text) = api
        .get_text(&format!("jobs/ingest/{id}/failedResults"))
        .await;
    let failed = csv_rows(&text);
    assert_eq!(
        failed[0],
        [
            "sf__Id",
            "sf__Error",
            "Name",
            "NumberOfEmployees",
            "Description"
        ]
    );
    let mut numbers: Vec<String> = failed[1..].iter().map(|r| r[3].clone()).collect();
    numbers.sort();
    assert_eq!(numbers, ["17", "4242", "9999"]);
    for r in &failed[1..] {
        assert_eq!(r[0], "");
        assert!(r[1].starts_with("REQUIRED_FIELD_MISSING:"), "{}", r[1]);
        assert!(r[1].ends_with(":Name --"), "{}", r[1]);
    }
    let (_, _, text) = api
        .get_text(&format!("jobs/ingest/{id}/unprocessedrecords"))
        .await;
    assert_eq!(
        csv_rows(&text),
        [["Name", "NumberOfEmployees", "Description"]]
    );
}

#[tokio::test]
async fn job_info_has_the_recorded_keys() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = create_job(&api, json!({"object": "Account", "operation": "insert"})).await;
    api.put_csv(&format!("jobs/ingest/{id}/batches"), "Name\nA\nB\nC\n")
        .await;
    close(&api, &id).await;
    let info = wait(&api, &id).await;
    let real = wiremock_body("bulk/applink-wiremock-bulk2-ingest-job-info-v56.json");
    assert_eq!(keys(&info), keys(&real));
    for k in [
        "operation",
        "object",
        "state",
        "concurrencyMode",
        "contentType",
        "jobType",
        "lineEnding",
        "columnDelimiter",
        "numberRecordsProcessed",
        "numberRecordsFailed",
    ] {
        assert_eq!(info[k], real[k], "{k}");
    }
    assert!(info["apiVersion"].is_number());
    let created = info["createdDate"].as_str().unwrap();
    assert_eq!(
        created.len(),
        real["createdDate"].as_str().unwrap().len(),
        "{created}"
    );
    let (_, list) = api.get("jobs/ingest").await;
    assert_eq!(list["done"], true);
    assert_eq!(list["records"][0]["id"], id.as_str());
}

#[tokio::test]
async fn state_machine_refuses_moves_out_of_order() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = create_job(&api, json!({"object": "Account", "operation": "insert"})).await;
    // Deleting an open job is refused; aborting it is not.
    let (status, _) = api.delete(&format!("jobs/ingest/{id}")).await;
    assert_eq!(status, 409);
    api.put_csv(&format!("jobs/ingest/{id}/batches"), "Name\nA\n")
        .await;
    let (status, info) = api
        .patch(&format!("jobs/ingest/{id}"), json!({"state": "Aborted"}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(info["state"], "Aborted");
    // No more uploads, no closing.
    assert_eq!(
        api.put_csv(&format!("jobs/ingest/{id}/batches"), "Name\nB\n")
            .await,
        409
    );
    let (status, resp) = api
        .patch(
            &format!("jobs/ingest/{id}"),
            json!({"state": "UploadComplete"}),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(resp[0]["errorCode"], "INVALIDJOBSTATE");
    // What was uploaded was never processed.
    let (_, _, text) = api
        .get_text(&format!("jobs/ingest/{id}/unprocessedrecords"))
        .await;
    assert_eq!(csv_rows(&text), [["Name"], ["A"]]);
    assert_eq!(count(&emu, "Account"), 0);
    let (status, _) = api.delete(&format!("jobs/ingest/{id}")).await;
    assert_eq!(status, 204);
    let (status, _) = api.get(&format!("jobs/ingest/{id}")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn invalid_job_requests_are_refused() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (status, _) = api
        .post(
            "jobs/ingest",
            json!({"object": "Nope__c", "operation": "insert"}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = api
        .post(
            "jobs/ingest",
            json!({"object": "Account", "operation": "merge"}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = api
        .post(
            "jobs/ingest",
            json!({"object": "Account", "operation": "upsert"}),
        )
        .await;
    assert_eq!(status, 400, "upsert needs externalIdFieldName");
    let (status, _) = api
        .post(
            "jobs/ingest",
            json!({"object": "Account", "operation": "insert", "columnDelimiter": "COLON"}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = api.get("jobs/ingest/7505E00000000zzAAA").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn update_with_null_marker_pipe_delimiter_and_crlf() {
    let emu = start().await;
    let api = Api::new(&emu);
    let a = api
        .create(
            "Account",
            json!({"Name": "A", "Phone": "555", "Fax": "777"}),
        )
        .await;
    let id = create_job(
        &api,
        json!({"object": "Account", "operation": "update",
                                     "columnDelimiter": "PIPE", "lineEnding": "CRLF"}),
    )
    .await;
    let csv = format!("Id|Name|Phone|Fax\r\n{a}|A renamed|#N/A|\r\n001000000000009AAA|Ghost||\r\n");
    api.put_csv(&format!("jobs/ingest/{id}/batches"), csv).await;
    close(&api, &id).await;
    let info = wait(&api, &id).await;
    assert_eq!(info["numberRecordsFailed"], 1);
    let (_, acc) = api.get(&format!("sobjects/Account/{a}")).await;
    assert_eq!(acc["Name"], "A renamed");
    assert_eq!(acc["Phone"], Value::Null, "#N/A sets null");
    assert_eq!(acc["Fax"], "777", "an empty cell leaves the field alone");
    let (_, _, text) = api
        .get_text(&format!("jobs/ingest/{id}/successfulResults"))
        .await;
    assert!(text.contains("\r\n") && text.contains('|'), "{text:?}");
    let (_, _, text) = api
        .get_text(&format!("jobs/ingest/{id}/failedResults"))
        .await;
    assert!(text.contains("001000000000009AAA"), "{text}");
}

#[tokio::test]
async fn upsert_and_delete_jobs() {
    let emu = start().await;
    let api = Api::new(&emu);
    let known = api
        .create(
            "Contact",
            json!({"LastName": "Known", "Email": "known@example.com"}),
        )
        .await;
    let id = create_job(
        &api,
        json!({"object": "Contact", "operation": "upsert",
                                     "externalIdFieldName": "Email"}),
    )
    .await;
    api.put_csv(
        &format!("jobs/ingest/{id}/batches"),
        "Email,LastName\nknown@example.com,Updated\nnew@example.com,New\n",
    )
    .await;
    close(&api, &id).await;
    let info = wait(&api, &id).await;
    assert_eq!(info["externalIdFieldName"], "Email");
    let (_, _, text) = api
        .get_text(&format!("jobs/ingest/{id}/successfulResults"))
        .await;
    let rows = csv_rows(&text);
    let known_row = rows.iter().find(|r| r[2] == "known@example.com").unwrap();
    assert_eq!(known_row[0], known);
    assert_eq!(known_row[1], "false");
    let new_row = rows.iter().find(|r| r[2] == "new@example.com").unwrap();
    assert_eq!(new_row[1], "true");

    let del = create_job(&api, json!({"object": "Contact", "operation": "delete"})).await;
    api.put_csv(
        &format!("jobs/ingest/{del}/batches"),
        format!("Id\n{known}\n{}\n", new_row[0]),
    )
    .await;
    close(&api, &del).await;
    let info = wait(&api, &del).await;
    assert_eq!(info["numberRecordsProcessed"], 2);
    assert_eq!(info["numberRecordsFailed"], 0);
    assert_eq!(count(&emu, "Contact"), 0);
}

#[tokio::test]
async fn an_unknown_column_fails_the_job() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = create_job(&api, json!({"object": "Account", "operation": "insert"})).await;
    api.put_csv(&format!("jobs/ingest/{id}/batches"), "Name,Bogus__c\nA,1\n")
        .await;
    close(&api, &id).await;
    let info = wait(&api, &id).await;
    assert_eq!(info["state"], "Failed");
    assert!(info["errorMessage"].as_str().unwrap().contains("Bogus__c"));
    let (_, _, text) = api
        .get_text(&format!("jobs/ingest/{id}/unprocessedrecords"))
        .await;
    assert_eq!(csv_rows(&text).len(), 2);
    assert_eq!(count(&emu, "Account"), 0);
}

#[tokio::test]
async fn crlf_data_in_an_lf_job_fails_it_like_salesforce() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = create_job(&api, json!({"object": "Account", "operation": "insert"})).await;
    assert_eq!(
        api.put_csv(&format!("jobs/ingest/{id}/batches"), "Name\r\nA\r\n")
            .await,
        201
    );
    close(&api, &id).await;
    let info = wait(&api, &id).await;
    assert_eq!(info["state"], "Failed");
    assert_eq!(
        info["errorMessage"],
        "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF"
    );
    assert_eq!(count(&emu, "Account"), 0);
}

#[tokio::test]
async fn hard_delete_skips_the_recycle_bin() {
    let emu = start().await;
    let api = Api::new(&emu);
    let soft = api.create("Account", json!({"Name": "Soft"})).await;
    let hard = api.create("Account", json!({"Name": "Hard"})).await;
    for (op, id) in [("delete", &soft), ("hardDelete", &hard)] {
        let job = create_job(&api, json!({"object": "Account", "operation": op})).await;
        api.put_csv(&format!("jobs/ingest/{job}/batches"), format!("Id\n{id}\n"))
            .await;
        close(&api, &job).await;
        assert_eq!(wait(&api, &job).await["numberRecordsFailed"], 0);
    }
    let (_, all) = api.get("queryAll?q=SELECT+Id,IsDeleted+FROM+Account").await;
    let ids: Vec<&str> = all["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [soft.as_str()],
        "only the soft-deleted record is in the recycle bin"
    );
}
