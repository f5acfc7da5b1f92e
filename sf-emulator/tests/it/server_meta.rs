//! Versions, resources, describes, limits and the session check, compared
//! with recorded real responses.

use crate::server_common;

use serde_json::{json, Value};
use server_common::{builder, fixture, keys, schema_dir, start, wiremock, Api};

#[tokio::test]
async fn versions_and_resources_have_the_real_shape() {
    let emu = start().await;
    let api = Api::new(&emu);
    // `/services/data` needs no session.
    let resp = reqwest::get(format!("{}/services/data", emu.url()))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let versions: Value = resp.json().await.unwrap();
    let real = fixture("netcoreforce/versions.json");
    assert_eq!(keys(&versions[0]), keys(&real[0]));
    let last = versions.as_array().unwrap().last().unwrap();
    assert_eq!(
        last,
        &json!({"label": "Spring '26", "url": "/services/data/v66.0", "version": "66.0"})
    );
    let v31 = versions
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["version"] == "31.0")
        .unwrap();
    assert_eq!(v31, &real[0], "labels follow Salesforce's release names");

    let (status, resources) = api.get("/services/data/v66.0").await;
    assert_eq!(status, 200);
    let real = fixture("global/springsocial-resources-by-version-v37.json");
    for key in ["sobjects", "query", "search", "identity"] {
        assert!(
            real.get(key).is_some() && resources.get(key).is_some(),
            "{key}"
        );
    }
    assert_eq!(resources["query"], "/services/data/v66.0/query");
}

#[tokio::test]
async fn describes_are_served_from_the_snapshot() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (status, global) = api.get("sobjects").await;
    assert_eq!(status, 200);
    let real = fixture("global/springsocial-global-v37.json");
    assert_eq!(keys(&global), keys(&real));
    let account = global["sobjects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Account")
        .unwrap();
    let real_account = real["sobjects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Account")
        .unwrap();
    for k in keys(real_account) {
        if k != "urls" {
            assert!(account.get(&k).is_some(), "global describe entry lacks {k}");
        }
    }
    assert_eq!(
        account["urls"]["describe"],
        "/services/data/v66.0/sobjects/Account/describe"
    );
    assert_eq!(
        global["sobjects"].as_array().unwrap().len(),
        8,
        "the objects of the snapshot"
    );

    let (status, info) = api.get("sobjects/Account").await;
    assert_eq!(status, 200);
    let real = fixture("global/springsocial-sobject-basic-info-Account-v37.json");
    assert_eq!(keys(&info), keys(&real));
    assert_eq!(info["objectDescribe"]["keyPrefix"], "001");

    let (status, describe) = api.get("sobjects/contact/describe").await;
    assert_eq!(status, 200, "object names are case-insensitive");
    let on_disk: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_dir().join("Contact.json")).unwrap())
            .unwrap();
    assert_eq!(describe, on_disk);

    let (real_status, real) =
        wiremock("errors/applink-wiremock-404-NOT_FOUND-unknown-sobject.json");
    let (status, body) = api.get("sobjects/Movie__c/describe").await;
    assert_eq!((status, body), (real_status, real));
}

#[tokio::test]
async fn unknown_versions_and_sessions_get_the_recorded_errors() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (real_status, real) =
        wiremock("errors/applink-wiremock-404-NOT_FOUND-bad-api-version.json");
    let (status, body) = api.get("/services/data/v99.0/sobjects/Account").await;
    assert_eq!(status, real_status);
    assert_eq!(keys(&body[0]), keys(&real[0]));
    assert_eq!(body[0]["errorCode"], real[0]["errorCode"]);
    assert_eq!(body[0]["message"], real[0]["message"]);

    let (real_status, real) = wiremock("errors/applink-wiremock-401-INVALID_SESSION_ID.json");
    let resp = reqwest::Client::new()
        .get(api.url("sobjects"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), real_status);
    assert_eq!(resp.headers()["www-authenticate"], "Token");
    assert_eq!(resp.json::<Value>().await.unwrap(), real);
    assert_eq!(real, fixture("restforce/expired_session_response.json"));
    let resp = reqwest::get(api.url("sobjects")).await.unwrap();
    assert_eq!(resp.status(), 401, "no Authorization header");
}

#[tokio::test]
async fn limits_count_every_authenticated_request() {
    let emu = builder().daily_api_limit(5).start().await.unwrap();
    let api = Api::new(&emu);
    let resp = api.send(reqwest::Method::GET, "sobjects", None).await;
    assert_eq!(resp.headers()["sforce-limit-info"], "api-usage=1/5");
    let (_, limits) = api.get("limits").await;
    let real = fixture("limits/swiftly-limits-v53.json");
    assert_eq!(
        keys(&limits["DailyApiRequests"]),
        keys(&real["DailyApiRequests"])
    );
    assert_eq!(
        limits["DailyApiRequests"],
        json!({"Max": 5, "Remaining": 3})
    );
    for k in keys(&limits) {
        assert!(real.get(&k).is_some(), "{k} is a real limit name");
    }
    // Unauthenticated requests are not counted.
    let _ = reqwest::get(api.url("limits")).await.unwrap();
    for _ in 3..=5 {
        let (status, _) = api.get("sobjects").await;
        assert_eq!(status, 200);
    }
    let resp = api.send(reqwest::Method::GET, "sobjects", None).await;
    assert_eq!(resp.status(), 403);
    assert_eq!(resp.headers()["sforce-limit-info"], "api-usage=5/5");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(
        body,
        json!([{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}])
    );
}

#[tokio::test]
async fn record_counts_have_the_recorded_shape() {
    let emu = start().await;
    let api = Api::new(&emu);
    api.create("Account", json!({"Name": "A"})).await;
    let (status, body) = api.get("limits/recordCount?sObjects=Account,Contact").await;
    assert_eq!(status, 200);
    // From the CumulusCI recording: objects without records are left out.
    assert_eq!(body, json!({"sObjects": [{"count": 1, "name": "Account"}]}));
    let exchange = fixture(
        "exchanges/TestUpsert.test_upsert_complex_external_id_field_rest__duplicate_error.json",
    );
    let recorded = exchange
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["uri"]
                .as_str()
                .unwrap()
                .contains("recordCount?sObjects=Account")
        })
        .unwrap();
    assert_eq!(
        keys(&recorded["response_body"]["sObjects"][0]),
        keys(&body["sObjects"][0])
    );
}

#[tokio::test]
async fn describe_answers_304_when_not_modified_since() {
    let emu = start().await;
    let http = reqwest::Client::new();
    let url = format!(
        "{}/services/data/v66.0/sobjects/Account/describe",
        emu.url()
    );
    let get = |since: &'static str| {
        http.get(&url)
            .bearer_auth(emu.access_token())
            .header("If-Modified-Since", since)
            .send()
    };
    let resp = get("Fri, 01 Jan 2100 00:00:00 GMT").await.unwrap();
    assert_eq!(resp.status(), 304);
    assert!(resp.bytes().await.unwrap().is_empty());
    let resp = get("Mon, 01 Jan 2001 00:00:00 GMT").await.unwrap();
    assert_eq!(resp.status(), 200);
    let resp = get("not a date").await.unwrap();
    assert_eq!(
        resp.status(),
        200,
        "an unreadable date is ignored, as HTTP says"
    );
}
