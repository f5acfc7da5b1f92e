//! `query`/`queryAll` paging through `nextRecordsUrl`, cursor snapshots,
//! `Sforce-Query-Options`, query errors and SOSL `search`, against recorded
//! real responses.

use crate::server_common;

use reqwest::Method;
use serde_json::{json, Value};
use server_common::{fixture, keys, start, wiremock, Api};
use sf_emulator::{FaultKind, FaultRule, Trigger};

fn seed_accounts(emu: &sf_emulator::Emulator, n: usize) -> Vec<String> {
    let mut org = emu.org();
    (0..n)
        .map(|i| {
            let body = json!({"Name": format!("Account {i:05}")});
            org.create("Account", body.as_object().unwrap()).unwrap()
        })
        .collect()
}

fn q(soql: &str) -> String {
    format!(
        "query?q={}",
        url::form_urlencoded::byte_serialize(soql.as_bytes()).collect::<String>()
    )
}

/// `/services/data/v66.0/query/01g…-N` like Salesforce's locators.
fn assert_locator(url: &str, offset: usize) {
    let rest = url.strip_prefix("/services/data/v66.0/query/").expect(url);
    let (id, n) = rest.rsplit_once('-').expect(url);
    assert!(
        id.starts_with("01g") && id.len() == 18 && id.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{url}"
    );
    assert_eq!(n, offset.to_string());
}

async fn all_pages(api: &Api, first: &str) -> (Vec<Value>, usize) {
    let (status, mut page) = api.get(first).await;
    assert_eq!(status, 200, "{page}");
    let mut records = Vec::new();
    let mut pages = 1;
    loop {
        records.extend(page["records"].as_array().unwrap().iter().cloned());
        let Some(next) = page["nextRecordsUrl"].as_str().map(str::to_owned) else {
            break;
        };
        let (status, p) = api.get(&next).await;
        assert_eq!(status, 200, "{p}");
        page = p;
        pages += 1;
    }
    (records, pages)
}

#[tokio::test]
async fn pages_of_two_thousand_with_next_records_url() {
    let emu = start().await;
    let api = Api::new(&emu);
    let ids = seed_accounts(&emu, 4500);
    let (status, page) = api.get(&q("SELECT Id, Name FROM Account")).await;
    assert_eq!(status, 200);
    let (_, real) = wiremock("query/applink-wiremock-query-page1-done-false-v51.json");
    assert_eq!(
        page.as_object().unwrap().keys().collect::<Vec<_>>(),
        real.as_object().unwrap().keys().collect::<Vec<_>>()
    );
    assert_eq!(page["totalSize"], 4500);
    assert_eq!(page["done"], false);
    assert_eq!(page["records"].as_array().unwrap().len(), 2000);
    assert_locator(page["nextRecordsUrl"].as_str().unwrap(), 2000);
    assert_eq!(
        keys(&page["records"][0]),
        keys(&json!({"attributes": 0, "Id": 0, "Name": 0}))
    );

    let (status, page2) = api.get(page["nextRecordsUrl"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(page2["totalSize"], 4500);
    assert_locator(page2["nextRecordsUrl"].as_str().unwrap(), 4000);
    let (_, page3) = api.get(page2["nextRecordsUrl"].as_str().unwrap()).await;
    assert_eq!(page3["done"], true);
    assert!(
        page3.get("nextRecordsUrl").is_none(),
        "the last page has no nextRecordsUrl"
    );
    assert_eq!(page3["records"].as_array().unwrap().len(), 500);

    let (records, pages) = all_pages(&api, &q("SELECT Id FROM Account")).await;
    assert_eq!(pages, 3);
    let seen: Vec<&str> = records.iter().map(|r| r["Id"].as_str().unwrap()).collect();
    assert_eq!(seen, ids.iter().map(String::as_str).collect::<Vec<_>>());

    // Reading the last page does not close the cursor: a client whose last
    // body was cut reads it again (Salesforce keeps locators until they expire).
    let (status, again) = api.get(page2["nextRecordsUrl"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(again, page3);
    // A locator the cursor never had is refused.
    let url = page2["nextRecordsUrl"].as_str().unwrap();
    let (status, body) = api.get(&url.replace("-4000", "-4501")).await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "INVALID_QUERY_LOCATOR");
}

#[tokio::test]
async fn cursors_before_api_56_are_ten_per_user() {
    let emu = server_common::builder()
        .query_page_size(2)
        .start()
        .await
        .unwrap();
    let api = Api::new(&emu);
    seed_accounts(&emu, 3);
    let mut next = Vec::new();
    for _ in 0..11 {
        let (status, page) = api
            .get("/services/data/v55.0/query?q=SELECT+Id+FROM+Account")
            .await;
        assert_eq!(status, 200, "{page}");
        next.push(page["nextRecordsUrl"].as_str().unwrap().to_owned());
    }
    let (status, body) = api.get(&next[0]).await;
    assert_eq!(
        (status, body[0]["errorCode"].as_str()),
        (400, Some("INVALID_QUERY_LOCATOR")),
        "the oldest was released"
    );
    for url in &next[1..] {
        assert_eq!(api.get(url).await.0, 200);
    }
    // Since API 56.0 there is no limit.
    let mut modern = Vec::new();
    for _ in 0..15 {
        let (_, page) = api.get(&q("SELECT Id FROM Account")).await;
        modern.push(page["nextRecordsUrl"].as_str().unwrap().to_owned());
    }
    for url in &modern {
        assert_eq!(api.get(url).await.0, 200);
    }
}

#[tokio::test]
async fn pages_are_a_snapshot_of_the_query() {
    let emu = start().await;
    let api = Api::new(&emu);
    let ids = seed_accounts(&emu, 2500);
    let (_, page1) = api.get(&q("SELECT Id FROM Account ORDER BY Name")).await;
    // Change the data between pages: page 2 must not shift.
    {
        let mut org = emu.org();
        for id in &ids[..100] {
            org.delete("Account", id).unwrap();
        }
        org.create(
            "Account",
            json!({"Name": "Account 00000 first"}).as_object().unwrap(),
        )
        .unwrap();
    }
    let (_, page2) = api.get(page1["nextRecordsUrl"].as_str().unwrap()).await;
    assert_eq!(page2["totalSize"], 2500);
    let second: Vec<&str> = page2["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Id"].as_str().unwrap())
        .collect();
    assert_eq!(
        second,
        ids[2000..].iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn batch_size_header_is_honoured_within_salesforce_bounds() {
    let emu = start().await;
    let api = Api::new(&emu);
    seed_accounts(&emu, 700);
    let page_len = |batch: &'static str| {
        let api = &api;
        async move {
            let resp = api
                .http
                .get(api.url(&q("SELECT Id FROM Account")))
                .bearer_auth(&api.token)
                .header("Sforce-Query-Options", batch)
                .send()
                .await
                .unwrap();
            let page: Value = resp.json().await.unwrap();
            page["records"].as_array().unwrap().len()
        }
    };
    assert_eq!(page_len("batchSize=300").await, 300);
    assert_eq!(
        page_len("batchSize=50").await,
        200,
        "Salesforce's minimum is 200"
    );
    assert_eq!(page_len("batchSize=5000").await, 700);
}

#[tokio::test]
async fn query_all_sees_the_recycle_bin() {
    let emu = start().await;
    let api = Api::new(&emu);
    let ids = seed_accounts(&emu, 3);
    api.delete(&format!("sobjects/Account/{}", ids[0])).await;
    let (_, live) = api.get(&q("SELECT Id FROM Account")).await;
    assert_eq!(live["totalSize"], 2);
    let all = q("SELECT Id, IsDeleted FROM Account").replacen("query", "queryAll", 1);
    let (status, all) = api.get(&all).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["totalSize"], 3);
    assert_eq!(all["records"][0]["IsDeleted"], true);
}

#[tokio::test]
async fn query_errors_match_the_recordings() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (real_status, real) = wiremock("errors/applink-wiremock-400-INVALID_FIELD-query.json");
    let (status, body) = api.get(&q("SELECT Bacon__c FROM Account LIMIT 2")).await;
    assert_eq!((status, &body), (real_status, &real));

    let (real_status, real) = wiremock("errors/applink-wiremock-400-MALFORMED_QUERY.json");
    let (status, body) = api.get(&q("SELEKT Id FROM Account")).await;
    assert_eq!(status, real_status);
    assert_eq!(keys(&body[0]), keys(&real[0]));
    assert_eq!(body[0]["errorCode"], "MALFORMED_QUERY");

    let (status, body) = api.get("query").await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "MALFORMED_QUERY");
    let (status, body) = api.get("query/01gNOTALOCATOR00000-2000").await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["errorCode"], "INVALID_QUERY_LOCATOR");
}

#[tokio::test]
async fn token_expiring_mid_pagination_can_be_recovered_from() {
    let emu = start().await;
    seed_accounts(&emu, 2100);
    let client = reqwest::Client::new();
    let login = || async {
        let body: Value = client
            .post(format!("{}/services/oauth2/token", emu.url()))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "a"),
                ("client_secret", "b"),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    };
    let api = Api {
        token: login().await,
        ..Api::new(&emu)
    };
    let (_, page1) = api.get(&q("SELECT Id FROM Account")).await;
    emu.faults().add(FaultRule {
        kind: FaultKind::ExpireSession,
        trigger: Trigger::Nth(1),
        path_contains: Some("/query/01g".into()),
    });
    let next = page1["nextRecordsUrl"].as_str().unwrap();
    let (status, body) = api.get(next).await;
    assert_eq!(
        (status, body),
        (401, fixture("restforce/expired_session_response.json"))
    );
    let (status, _) = api.get("sobjects").await;
    assert_eq!(status, 401, "the session stays expired");
    let api = Api {
        token: login().await,
        ..api
    };
    let (status, page2) = api.get(next).await;
    assert_eq!(status, 200, "the cursor outlives the session");
    assert_eq!(page2["records"].as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn sosl_search_returns_search_records() {
    let emu = start().await;
    let api = Api::new(&emu);
    api.create("Account", json!({"Name": "Acme Rockets"})).await;
    api.create("Account", json!({"Name": "Globex"})).await;
    api.create("Contact", json!({"LastName": "Acme"})).await;
    let sosl = "FIND {Acme} IN NAME FIELDS RETURNING Account(Id, Name), Contact(LastName)";
    let path = format!(
        "search?q={}",
        url::form_urlencoded::byte_serialize(sosl.as_bytes()).collect::<String>()
    );
    let (status, body) = api.get(&path).await;
    assert_eq!(status, 200, "{body}");
    let real = fixture("query/swiftly-sosl-search-v53.json");
    assert_eq!(keys(&body), keys(&real));
    let found = body["searchRecords"].as_array().unwrap();
    assert_eq!(found.len(), 2, "{body}");
    assert_eq!(
        keys(&found[0]["attributes"]),
        keys(&real["searchRecords"][0]["attributes"])
    );

    let real = fixture("restforce/sobject_search_error_response.json");
    let (status, body) = api.call(Method::GET, "search?q=FIND%20Acme", None).await;
    assert_eq!((status, body), (400, real));
}

#[tokio::test]
async fn idle_cursors_expire() {
    let emu = server_common::builder()
        .cursor_ttl(std::time::Duration::ZERO)
        .query_page_size(2)
        .start()
        .await
        .unwrap();
    let api = Api::new(&emu);
    seed_accounts(&emu, 3);
    let (_, page1) = api.get(&q("SELECT Id FROM Account")).await;
    assert_eq!(
        page1["records"].as_array().unwrap().len(),
        2,
        "configured page size"
    );
    let (status, body) = api.get(page1["nextRecordsUrl"].as_str().unwrap()).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!([{"message": "invalid query locator", "errorCode": "INVALID_QUERY_LOCATOR"}])
    );
}
