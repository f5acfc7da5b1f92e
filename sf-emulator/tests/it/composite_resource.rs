//! `POST composite`: references, `allOrNone` rollback, failure shapes and the
//! 25-subrequest limit, compared with recorded real responses.

use crate::many_common;

use many_common::{count, fixture, keys, start, Api};
use serde_json::{json, Value};

fn sub(reference_id: &str, method: &str, url: &str, body: Option<Value>) -> Value {
    let mut s = json!({"referenceId": reference_id, "method": method, "url": url});
    if let Some(b) = body {
        s["body"] = b;
    }
    s
}

#[tokio::test]
async fn references_chain_creates_and_the_shapes_match_the_recorded_success() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (status, resp) = api
        .post(
            "composite",
            json!({"allOrNone": true, "collateSubrequests": false, "compositeRequest": [
                sub("NewAccount", "POST", "/services/data/v66.0/sobjects/Account", Some(json!({"Name": "Acme"}))),
                sub("NewContact", "POST", "/services/data/v66.0/sobjects/Contact",
                    Some(json!({"LastName": "Smith", "AccountId": "@{NewAccount.id}"}))),
                sub("GetContact", "GET", "/services/data/v66.0/sobjects/Contact/@{NewContact.id}?fields=AccountId,LastName", None),
            ]}),
        )
        .await;
    assert_eq!(status, 200, "{resp}");
    let out = resp["compositeResponse"].as_array().unwrap();
    assert_eq!(out.len(), 3);

    let real = fixture("composite/camel-composite-success-v41.json");
    let real_entry = &real["compositeResponse"][0];
    assert_eq!(keys(&out[0]), keys(real_entry));
    assert_eq!(out[0]["httpStatusCode"], real_entry["httpStatusCode"]);
    assert_eq!(out[0]["referenceId"], "NewAccount");
    assert_eq!(
        keys(&out[0]["httpHeaders"]),
        keys(&real_entry["httpHeaders"])
    );
    let account_id = out[0]["body"]["id"].as_str().unwrap();
    assert_eq!(
        out[0]["body"],
        json!({"id": account_id, "success": true, "errors": []})
    );
    assert_eq!(
        out[0]["httpHeaders"]["Location"],
        format!("/services/data/v66.0/sobjects/Account/{account_id}")
    );
    let contact_id = out[1]["body"]["id"].as_str().unwrap();
    assert!(contact_id.starts_with("003"), "{contact_id}");
    assert_eq!(out[2]["httpStatusCode"], 200);
    assert_eq!(out[2]["body"]["AccountId"], account_id);
    assert_eq!(out[2]["body"]["Id"], contact_id);
    assert_eq!(count(&emu, "Contact"), 1);
}

#[tokio::test]
async fn all_or_none_failure_rolls_everything_back_like_the_recorded_halt() {
    let emu = start().await;
    let api = Api::new(&emu);
    let before = api.create("Account", json!({"Name": "Existing"})).await;
    let (status, resp) = api
        .post(
            "composite",
            json!({"allOrNone": true, "compositeRequest": [
                sub("NewPayment1", "POST", "/services/data/v66.0/sobjects/Account", Some(json!({"Name": "Rolled back"}))),
                sub("Rename", "PATCH", &format!("/services/data/v66.0/sobjects/Account/{before}"), Some(json!({"Name": "Renamed"}))),
                sub("NewPayment2", "POST", "/services/data/v66.0/sobjects/Contact",
                    Some(json!({"LastName": "X", "No_Such_Field__c": "0116"}))),
                sub("NeverRun", "POST", "/services/data/v66.0/sobjects/Account", Some(json!({"Name": "Never"}))),
            ]}),
        )
        .await;
    assert_eq!(status, 200);
    let out = resp["compositeResponse"].as_array().unwrap();
    let real = fixture("composite/camel-composite-PROCESSING_HALTED-INVALID_FIELD-v41.json");
    let halted = &real["compositeResponse"][0];
    for i in [0, 1, 3] {
        assert_eq!(out[i]["body"], halted["body"], "subrequest {i}");
        assert_eq!(out[i]["httpStatusCode"], 400);
        assert_eq!(out[i]["httpHeaders"], json!({}));
    }
    let failed = &out[2];
    assert_eq!(failed["httpStatusCode"], 400);
    assert_eq!(
        failed["body"][0]["errorCode"],
        real["compositeResponse"][1]["body"][0]["errorCode"]
    );
    assert_eq!(failed["referenceId"], "NewPayment2");

    // The store is as before the call: one account, its old name, no contact.
    assert_eq!(count(&emu, "Account"), 1);
    assert_eq!(count(&emu, "Contact"), 0);
    let (_, acc) = api.get(&format!("sobjects/Account/{before}")).await;
    assert_eq!(acc["Name"], "Existing");
}

#[tokio::test]
async fn without_all_or_none_only_dependents_of_a_failure_fail() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (_, resp) = api
        .post(
            "composite",
            json!({"compositeRequest": [
                sub("BadAccount", "POST", "/services/data/v66.0/sobjects/Account", Some(json!({}))),
                sub("Dependent", "POST", "/services/data/v66.0/sobjects/Contact",
                    Some(json!({"LastName": "Orphan", "AccountId": "@{BadAccount.id}"}))),
                sub("Unknown", "GET", "/services/data/v66.0/sobjects/Account/@{Nobody.id}", None),
                sub("Independent", "POST", "/services/data/v66.0/sobjects/Account", Some(json!({"Name": "Kept"}))),
            ]}),
        )
        .await;
    let out = resp["compositeResponse"].as_array().unwrap();
    assert_eq!(out[0]["httpStatusCode"], 400);
    assert_eq!(out[0]["body"][0]["errorCode"], "REQUIRED_FIELD_MISSING");
    assert_eq!(out[1]["httpStatusCode"], 400);
    assert_eq!(
        out[1]["body"],
        json!([{"errorCode": "PROCESSING_HALTED",
                "message": "Invalid reference specified. No value for BadAccount.id found in BadAccount"}])
    );
    assert_eq!(out[2]["body"][0]["errorCode"], "PROCESSING_HALTED");
    assert_eq!(out[3]["httpStatusCode"], 201);
    assert_eq!(
        count(&emu, "Account"),
        1,
        "the independent create is committed"
    );
    assert_eq!(count(&emu, "Contact"), 0);
}

#[tokio::test]
async fn query_results_feed_later_subrequests_through_records_index() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = api.create("Account", json!({"Name": "Queried"})).await;
    let (_, resp) = api
        .post(
            "composite",
            json!({"compositeRequest": [
                sub("Q", "GET", "/services/data/v66.0/query/?q=SELECT+Id,Name+FROM+Account", None),
                sub("C", "POST", "/services/data/v66.0/sobjects/Contact",
                    Some(json!({"LastName": "Child", "AccountId": "@{Q.records[0].Id}"}))),
                sub("Empty", "GET", "/services/data/v66.0/query?q=SELECT+Id+FROM+Contact+WHERE+LastName+=+'Nobody'", None),
                sub("Bad", "POST", "/services/data/v66.0/sobjects/Contact",
                    Some(json!({"LastName": "X", "AccountId": "@{Empty.records[0].Id}"}))),
            ]}),
        )
        .await;
    let out = resp["compositeResponse"].as_array().unwrap();
    assert_eq!(out[0]["httpStatusCode"], 200, "{}", out[0]);
    assert_eq!(out[0]["body"]["totalSize"], 1);
    assert_eq!(out[1]["httpStatusCode"], 201, "{}", out[1]);
    assert_eq!(out[2]["body"]["totalSize"], 0);
    assert_eq!(
        out[3]["body"][0]["message"],
        "Invalid reference specified. No value for Empty.records[0].Id found in Empty"
    );
    let contact = out[1]["body"]["id"].as_str().unwrap();
    let (_, c) = api.get(&format!("sobjects/Contact/{contact}")).await;
    assert_eq!(c["AccountId"], id);
}

#[tokio::test]
async fn recorded_exchange_unknown_sobject_answers_the_same_body() {
    // TestCompositeParallelSalesforce.test_errors: GET sobjects/Foo in a composite.
    let emu = start().await;
    let api = Api::new(&emu);
    let exchange = fixture("exchanges/TestCompositeParallelSalesforce.test_errors.json");
    let recorded = &exchange[0];
    let mut request = recorded["request_body"].clone();
    request["compositeRequest"][0]["url"] = json!("/services/data/v66.0/sobjects/Foo");
    let (status, resp) = api.post("composite", request).await;
    assert_eq!(status, recorded["status"].as_u64().unwrap() as u16);
    assert_eq!(resp, recorded["response_body"]);
}

#[tokio::test]
async fn more_than_25_subrequests_is_refused_whole() {
    let emu = start().await;
    let api = Api::new(&emu);
    let make = |n: usize| {
        let subs: Vec<Value> = (0..n)
            .map(|i| {
                sub(
                    &format!("A{i}"),
                    "POST",
                    "/services/data/v66.0/sobjects/Account",
                    Some(json!({"Name": format!("A{i}")})),
                )
            })
            .collect();
        json!({"compositeRequest": subs})
    };
    let (status, resp) = api.post("composite", make(26)).await;
    assert_eq!(status, 400);
    assert!(resp[0]["errorCode"].is_string(), "{resp}");
    assert!(
        resp[0]["message"].as_str().unwrap().contains("25"),
        "{resp}"
    );
    assert_eq!(count(&emu, "Account"), 0, "nothing ran");
    let (status, resp) = api.post("composite", make(25)).await;
    assert_eq!(status, 200);
    assert_eq!(resp["compositeResponse"].as_array().unwrap().len(), 25);
    assert_eq!(count(&emu, "Account"), 25);
}

#[tokio::test]
async fn malformed_bodies_and_duplicate_reference_ids_are_400() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (status, resp) = api.post("composite", json!({"nope": true})).await;
    assert_eq!(status, 400);
    assert_eq!(resp[0]["errorCode"], "JSON_PARSER_ERROR");
    let (status, _) = api
        .post(
            "composite",
            json!({"compositeRequest": [
                sub("Same", "GET", "/services/data/v66.0/sobjects/Account/describe", None),
                sub("Same", "GET", "/services/data/v66.0/sobjects/Account/describe", None),
            ]}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn describe_and_collections_work_as_subrequests() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (_, resp) = api
        .post(
            "composite",
            json!({"allOrNone": true, "compositeRequest": [
                sub("D", "GET", "/services/data/v66.0/sobjects/Account/describe", None),
                sub("Many", "POST", "/services/data/v66.0/composite/sobjects",
                    Some(json!({"records": [
                        {"attributes": {"type": "Account"}, "Name": "One"},
                        {"attributes": {"type": "Account"}, "Name": "Two"},
                    ]}))),
                sub("C", "POST", "/services/data/v66.0/sobjects/Contact",
                    Some(json!({"LastName": "L", "AccountId": "@{Many[1].id}"}))),
            ]}),
        )
        .await;
    let out = resp["compositeResponse"].as_array().unwrap();
    assert_eq!(out[0]["body"]["name"], "Account");
    assert_eq!(out[1]["httpStatusCode"], 200);
    assert_eq!(out[1]["body"][1]["success"], true);
    assert_eq!(out[2]["httpStatusCode"], 201, "{}", out[2]);
    assert_eq!(count(&emu, "Account"), 2);
}

/// `used` of `Sforce-Limit-Info: api-usage=used/max`.
async fn api_usage(api: &Api, path: &str, body: Value) -> u64 {
    let resp = api
        .http
        .post(api.url(path))
        .bearer_auth(&api.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let info = resp.headers()["sforce-limit-info"]
        .to_str()
        .unwrap()
        .to_owned();
    let used = info
        .trim_start_matches("api-usage=")
        .split('/')
        .next()
        .unwrap();
    used.parse().unwrap()
}

#[tokio::test]
async fn a_composite_call_counts_once_against_the_api_limit() {
    let emu = start().await;
    let api = Api::new(&emu);
    let call = json!({"compositeRequest": [
        sub("A", "POST", "/services/data/v66.0/sobjects/Account", Some(json!({"Name": "A"}))),
        sub("B", "POST", "/services/data/v66.0/sobjects/Account", Some(json!({"Name": "B"}))),
        sub("C", "GET", "/services/data/v66.0/sobjects/Account/@{A.id}", None),
    ]});
    let first = api_usage(&api, "composite", call.clone()).await;
    let second = api_usage(&api, "composite", call).await;
    assert_eq!(second, first + 1);
    assert_eq!(count(&emu, "Account"), 4);
}

#[tokio::test]
async fn long_query_subrequests_page_through_the_rest_query_cursor() {
    let emu = sf_emulator::Emulator::builder()
        .schema_dir(many_common::root().join("schema/default"))
        .query_page_size(200)
        .start()
        .await
        .unwrap();
    let api = Api::new(&emu);
    for chunk in 0..2 {
        let records: Vec<Value> = (0..150)
            .map(|i| json!({"attributes": {"type": "Account"}, "Name": format!("N{chunk}-{i}")}))
            .collect();
        api.post("composite/sobjects", json!({"records": records}))
            .await;
    }
    let (_, resp) = api
        .post(
            "composite",
            json!({"compositeRequest": [
                sub("Q", "GET", "/services/data/v66.0/query?q=SELECT+Id+FROM+Account", None),
            ]}),
        )
        .await;
    let page = &resp["compositeResponse"][0]["body"];
    assert_eq!(page["totalSize"], 300);
    assert_eq!(page["done"], false);
    assert_eq!(page["records"].as_array().unwrap().len(), 200);
    let next = page["nextRecordsUrl"].as_str().unwrap();
    let (status, rest) = api
        .http
        .get(format!("{}{next}", api.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))
        .unwrap();
    assert_eq!(status, 200);
    let rest: Value = rest.json().await.unwrap();
    assert_eq!(rest["done"], true);
    assert_eq!(rest["records"].as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn recorded_count_queries_replay_with_the_same_statuses_and_codes() {
    // TestCountSObjects.test_count_sobjects__errors: one good count, one unknown object.
    let emu = start().await;
    let api = Api::new(&emu);
    api.create("Account", json!({"Name": "Counted"})).await;
    let exchange = fixture("exchanges/TestCountSObjects.test_count_sobjects__errors.json");
    let recorded = &exchange[0];
    let request: Value = serde_json::from_str(
        &recorded["request_body"]
            .to_string()
            .replace("/vxx.0/", "/v66.0/"),
    )
    .unwrap();
    let (status, resp) = api.post("composite", request).await;
    assert_eq!(status, 200);
    let ours = resp["compositeResponse"].as_array().unwrap();
    let real = recorded["response_body"]["compositeResponse"]
        .as_array()
        .unwrap();
    assert_eq!(ours.len(), real.len());
    for (o, r) in ours.iter().zip(real) {
        assert_eq!(keys(o), keys(r));
        assert_eq!(o["httpStatusCode"], r["httpStatusCode"]);
        assert_eq!(o["referenceId"], r["referenceId"]);
    }
    assert_eq!(ours[0]["body"]["totalSize"], 1);
    assert_eq!(ours[0]["body"]["records"], json!([]));
    assert_eq!(
        ours[1]["body"][0]["errorCode"],
        real[1]["body"][0]["errorCode"]
    );
}

#[tokio::test]
async fn subrequests_answer_exactly_what_the_rest_resources_answer() {
    let emu = start().await;
    let api = Api::new(&emu);
    let id = api
        .create("Account", json!({"Name": "Same", "NumberOfEmployees": 3}))
        .await;
    let cases = [
        ("GET", format!("sobjects/Account/{id}"), None),
        (
            "GET",
            format!("sobjects/Account/{id}?fields=Name,NumberOfEmployees"),
            None,
        ),
        ("GET", "sobjects".to_owned(), None),
        ("GET", "sobjects/Account".to_owned(), None),
        ("GET", "sobjects/Account/describe".to_owned(), None),
        ("GET", "sobjects/Nope__c/describe".to_owned(), None),
        (
            "GET",
            "query?q=SELECT+Id,Name+FROM+Account".to_owned(),
            None,
        ),
        ("GET", "query?q=SELECT+Nope+FROM+Account".to_owned(), None),
        ("GET", format!("sobjects/Contact/{id}"), None),
        (
            "POST",
            "sobjects/Account".to_owned(),
            Some(json!({"Name": "x", "Bogus__c": 1})),
        ),
        (
            "POST",
            "sobjects/Account".to_owned(),
            Some(json!({"NumberOfEmployees": "many"})),
        ),
        (
            "PATCH",
            format!("sobjects/Account/{id}"),
            Some(json!({"Name": null})),
        ),
    ];
    for (method, path, body) in cases {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let (rest_status, rest_body) = api.call(m, &path, body.clone()).await;
        let (_, resp) = api
            .post(
                "composite",
                json!({"compositeRequest": [sub("R", method, &format!("/services/data/v66.0/{path}"), body)]}),
            )
            .await;
        let sub = &resp["compositeResponse"][0];
        assert_eq!(sub["httpStatusCode"], rest_status, "{method} {path}");
        assert_eq!(sub["body"], rest_body, "{method} {path}");
    }
}

#[tokio::test]
async fn an_all_or_none_composite_makes_its_collections_all_or_none() {
    let emu = start().await;
    let api = Api::new(&emu);
    let collections = |inner: bool| {
        sub(
            "newAccounts",
            "POST",
            "/services/data/v66.0/composite/sobjects",
            Some(json!({"allOrNone": inner, "records": [
                {"attributes": {"type": "Account"}, "Name": "Northern Trail Outfitters"},
                {"attributes": {"type": "Account"}},
            ]})),
        )
    };
    let contact = sub(
        "newContact",
        "POST",
        "/services/data/v66.0/sobjects/Contact",
        Some(json!({"LastName": "Kept?"})),
    );
    // Outer true overrides inner false: nothing is kept.
    let (_, resp) = api
        .post(
            "composite",
            json!({"allOrNone": true, "compositeRequest": [collections(false), contact.clone()]}),
        )
        .await;
    let out = resp["compositeResponse"].as_array().unwrap();
    assert_eq!(
        out[0]["body"][0]["errors"][0]["statusCode"],
        "ALL_OR_NONE_OPERATION_ROLLED_BACK"
    );
    assert_eq!(
        out[0]["body"][1]["errors"][0]["statusCode"],
        "REQUIRED_FIELD_MISSING"
    );
    assert_eq!(out[1]["body"][0]["errorCode"], "PROCESSING_HALTED");
    assert_eq!((count(&emu, "Account"), count(&emu, "Contact")), (0, 0));
    // Outer false: the collection follows its own flag, the contact is kept.
    let (_, resp) = api
        .post(
            "composite",
            json!({"allOrNone": false, "compositeRequest": [collections(false), contact]}),
        )
        .await;
    let out = resp["compositeResponse"].as_array().unwrap();
    assert_eq!(out[0]["body"][0]["success"], true);
    assert_eq!(out[1]["httpStatusCode"], 201);
    assert_eq!((count(&emu, "Account"), count(&emu, "Contact")), (1, 1));
}
