//! Retries, token refresh, pagination under faults, limits — against a scripted
//! loopback server where every answer is under the test's control.

use crate::client_support;

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use client_support::{Fault, MockOrg, STATIC_TOKEN};
use futures::TryStreamExt;
use serde_json::{json, Map, Value};
use sf_runtime::client::auth::{ClientCredentials, RefreshToken};
use sf_runtime::client::{Client, Error, RetryPolicy};

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().delays(Duration::from_millis(1), Duration::from_millis(20))
}

fn static_client(org: &MockOrg) -> Client {
    Client::builder()
        .instance_url(&org.url)
        .access_token(STATIC_TOKEN)
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

fn refreshing_client(org: &MockOrg) -> Client {
    Client::builder()
        .auth(RefreshToken::new("cid", "refresh-token-value").login_url(&org.url))
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

fn seqs(rows: &[Value]) -> Vec<u64> {
    rows.iter().map(|r| r["Seq"].as_u64().unwrap()).collect()
}

#[tokio::test]
async fn pagination_follows_next_records_url_across_pages() {
    let org = MockOrg::start().await;
    org.set_rows(1050, 200); // 6 pages
    let client = static_client(&org);
    let rows: Vec<Value> = client
        .query_raw("SELECT Name FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(seqs(&rows), (0..1050).collect::<Vec<_>>());
    assert_eq!(org.data_requests(), 6);
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let org = MockOrg::start().await;
    org.set_rows(1000, 100);
    let client = static_client(&org);
    let stream = client.query_raw("SELECT Name FROM Account");
    futures::pin_mut!(stream);
    for _ in 0..150 {
        stream.try_next().await.unwrap().unwrap();
    }
    // 150 rows need exactly two pages; nothing was prefetched.
    assert_eq!(org.data_requests(), 2);
}

#[tokio::test]
async fn token_expiry_mid_pagination_refreshes_and_continues() {
    let org = MockOrg::start().await;
    org.set_rows(500, 100);
    let client = refreshing_client(&org);
    for f in [Fault::Pass, Fault::Pass, Fault::ExpireSession] {
        org.push_fault(f);
    }
    let rows: Vec<Value> = client
        .query_raw("SELECT Name FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(seqs(&rows), (0..500).collect::<Vec<_>>());
    assert_eq!(org.token_requests(), 2, "one initial token, one refresh");
    assert_eq!(client.token_fetches(), 2);
}

#[tokio::test]
async fn storms_of_429_and_503_lose_and_duplicate_nothing() {
    let org = MockOrg::start().await;
    org.set_rows(1000, 100);
    let client = static_client(&org);
    let too_many = || {
        Fault::Status(
            429,
            Some("0"),
            json!([{"message": "slow down", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]),
        )
    };
    let unavailable = || {
        Fault::Status(
            503,
            None,
            json!([{"message": "busy", "errorCode": "SERVER_UNAVAILABLE"}]),
        )
    };
    let bad_gateway = || Fault::Status(502, None, json!("<html>bad gateway</html>"));
    let lock = || {
        Fault::Status(
            400,
            None,
            json!([{"message": "lock", "errorCode": "UNABLE_TO_LOCK_ROW"}]),
        )
    };
    for f in [
        too_many(),
        unavailable(),
        Fault::Pass,
        too_many(),
        too_many(),
        Fault::Pass,
        bad_gateway(),
        unavailable(),
        lock(),
    ] {
        org.push_fault(f);
    }
    let rows: Vec<Value> = client
        .query_raw("SELECT Name FROM Account")
        .try_collect()
        .await
        .unwrap();
    let s = seqs(&rows);
    assert_eq!(s.len(), 1000);
    assert_eq!(
        s.iter().copied().collect::<HashSet<_>>().len(),
        1000,
        "no duplicates"
    );
    assert_eq!(s, (0..1000).collect::<Vec<_>>(), "no loss, in order");
    assert_eq!(
        org.data_requests(),
        10 + 7,
        "10 pages + 7 rejected attempts"
    );
}

#[tokio::test]
async fn retries_give_up_with_the_last_error() {
    let org = MockOrg::start().await;
    org.set_rows(10, 100);
    let client = Client::builder()
        .instance_url(&org.url)
        .access_token(STATIC_TOKEN)
        .retry_policy(fast_retries().max_retries(2))
        .build()
        .unwrap();
    for _ in 0..5 {
        org.push_fault(Fault::Status(
            503,
            Some("0"),
            json!([{"message": "busy", "errorCode": "SERVER_UNAVAILABLE"}]),
        ));
    }
    let err = client
        .query_raw("SELECT Name FROM Account")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.error_code(), Some("SERVER_UNAVAILABLE"));
    assert_eq!(org.data_requests(), 3, "first attempt + 2 retries");
}

#[tokio::test]
async fn fatal_errors_are_not_retried_and_keep_every_entry() {
    let org = MockOrg::start().await;
    let client = static_client(&org);
    org.push_fault(Fault::Status(
        400,
        None,
        json!([
            {"message": "No such column 'Foo'", "errorCode": "INVALID_FIELD", "fields": ["Foo"]},
            {"message": "Required fields are missing: [Name]", "errorCode": "REQUIRED_FIELD_MISSING", "fields": ["Name"]}
        ]),
    ));
    let err = client
        .request(reqwest::Method::GET, "sobjects/Account/x", None)
        .await
        .unwrap_err();
    let Error::Api {
        status,
        errors,
        url,
        method,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 400);
    assert_eq!(method, "GET");
    assert!(
        url.ends_with("/services/data/v66.0/sobjects/Account/x"),
        "{url}"
    );
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[1].error_code, "REQUIRED_FIELD_MISSING");
    assert_eq!(errors[1].fields, vec!["Name".to_string()]);
    assert_eq!(org.data_requests(), 1);
    let shown = err.to_string();
    assert!(
        shown.contains("INVALID_FIELD") && shown.contains("REQUIRED_FIELD_MISSING"),
        "{shown}"
    );
}

#[tokio::test]
async fn create_is_not_retried_once_it_may_have_been_applied() {
    let org = MockOrg::start().await;
    let client = static_client(&org);
    org.push_fault(Fault::AfterApply(502));
    let mut body = Map::new();
    body.insert("Name".into(), json!("Once"));
    let err = client.create_raw("Account", &body).await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(
        org.state.creates.lock().unwrap().len(),
        1,
        "written once, not retried"
    );
    assert_eq!(org.data_requests(), 1);
}

#[tokio::test]
async fn create_is_retried_after_a_rejection() {
    let org = MockOrg::start().await;
    let client = static_client(&org);
    org.push_fault(Fault::Status(
        429,
        Some("0"),
        json!([{"message": "slow", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]),
    ));
    org.push_fault(Fault::Status(
        503,
        None,
        json!([{"message": "busy", "errorCode": "SERVER_UNAVAILABLE"}]),
    ));
    let mut body = Map::new();
    body.insert("Name".into(), json!("Once"));
    let id = client.create_raw("Account", &body).await.unwrap();
    assert_eq!(id, "001000000000001AAA");
    assert_eq!(org.state.creates.lock().unwrap().len(), 1);
    assert_eq!(org.data_requests(), 3);
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported_with_url() {
    // A port nobody listens on: bind, note the port, drop the listener.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .instance_url(format!("http://127.0.0.1:{port}"))
        .access_token("00Dx!never-shown-token")
        .retry_policy(fast_retries().max_retries(2))
        .build()
        .unwrap();
    let err = client
        .request(reqwest::Method::GET, "sobjects", None)
        .await
        .unwrap_err();
    let Error::Transport {
        url, maybe_sent, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(
        url.contains(&format!("127.0.0.1:{port}/services/data/v66.0/sobjects")),
        "{url}"
    );
    assert!(!maybe_sent);
    assert!(!format!("{err} {err:?}").contains("never-shown-token"));
}

#[tokio::test]
async fn a_hundred_concurrent_requests_on_an_expired_token_refresh_once() {
    let org = MockOrg::start().await;
    let client = refreshing_client(&org);
    client
        .request(reqwest::Method::GET, "limits/x", None)
        .await
        .unwrap();
    assert_eq!(org.token_requests(), 1);
    org.expire_tokens();
    // A slow token endpoint widens the window in which requests pile up on the old token.
    org.state.delay_token_ms.store(50, Ordering::SeqCst);
    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let c = client.clone();
            tokio::spawn(async move {
                c.request(reqwest::Method::GET, &format!("limits/{i}"), None)
                    .await
            })
        })
        .collect();
    for t in tasks {
        let v = t.await.unwrap().unwrap();
        assert!(v["path"]
            .as_str()
            .unwrap()
            .starts_with("/services/data/v66.0/limits/"));
    }
    assert_eq!(
        org.token_requests(),
        2,
        "exactly one refresh for 100 requests"
    );
}

#[tokio::test]
async fn static_token_401_is_returned_not_looped() {
    let org = MockOrg::start().await;
    let client = Client::builder()
        .instance_url(&org.url)
        .access_token("00Dmock!unknown")
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let err = client.describe("Account").await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(err.has_error_code("INVALID_SESSION_ID"));
    assert_eq!(org.data_requests(), 1);
}

#[tokio::test]
async fn instance_url_comes_from_the_token_response() {
    let org = MockOrg::start().await;
    let client = Client::builder()
        // A host that would fail: the token response's instance_url must win.
        .instance_url("http://127.0.0.1:9")
        .auth(ClientCredentials::new(
            &org.url,
            "cid",
            "client-secret-value",
        ))
        .build()
        .unwrap();
    let v = client
        .request(reqwest::Method::GET, "sobjects", None)
        .await
        .unwrap();
    assert_eq!(v["path"], "/services/data/v66.0/sobjects");
    assert_eq!(client.instance_url().await.unwrap(), org.url);
}

#[tokio::test]
async fn limit_info_is_tracked_and_the_hook_fires_once_past_the_threshold() {
    let org = MockOrg::start().await;
    let fired = Arc::new(AtomicU64::new(0));
    let f2 = fired.clone();
    let client = Client::builder()
        .instance_url(&org.url)
        .access_token(STATIC_TOKEN)
        .on_limit_threshold(0.05, move |info| {
            assert!(info.api_usage.unwrap().used >= 5);
            f2.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    assert!(client.limit_info().is_none());
    for i in 0..8 {
        client
            .request(reqwest::Method::GET, &format!("x/{i}"), None)
            .await
            .unwrap();
    }
    let usage = client.limit_info().unwrap().api_usage.unwrap();
    assert_eq!((usage.used, usage.max), (8, 100));
    assert_eq!(fired.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn generic_request_reaches_apex_rest_and_data_paths() {
    let org = MockOrg::start().await;
    let client = static_client(&org);
    let v = client
        .request(
            reqwest::Method::POST,
            "/services/apexrest/Orders/v1",
            Some(&json!({"n": 1})),
        )
        .await
        .unwrap();
    assert_eq!(v["path"], "/services/apexrest/Orders/v1");
    assert_eq!(v["method"], "POST");
    assert_eq!(v["body"], json!({"n": 1}));
    let v = client
        .get_raw("Account", "001000000000001AAA", &["Name", "Industry"])
        .await
        .unwrap();
    assert_eq!(
        v["path"],
        "/services/data/v66.0/sobjects/Account/001000000000001AAA"
    );
    assert_eq!(v["query"], "fields=Name%2CIndustry");
}

#[tokio::test]
async fn decode_errors_keep_url_and_a_body_excerpt() {
    let org = MockOrg::start().await;
    let client = static_client(&org);
    // The echo route answers an object where a list of versions is expected.
    let err = client.versions().await.unwrap_err();
    let Error::Decode {
        url, body, status, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 200);
    assert!(url.ends_with("/services/data/"), "{url}");
    assert!(body.contains("\"path\""), "{body}");
}

#[tokio::test]
async fn a_row_that_does_not_decode_ends_the_stream_after_the_rows_before_it() {
    #[derive(serde::Deserialize)]
    struct SeqRow {
        #[serde(rename = "Seq")]
        seq: u64,
    }
    let org = MockOrg::start().await;
    org.set_rows(300, 100);
    // Row 150 is in the middle of the second page.
    org.state.rows.lock().unwrap()[150]["Seq"] = json!("not a number");
    let client = static_client(&org);
    let mut stream = client.query_as::<SeqRow>("SELECT Seq FROM Account");
    let mut seen = Vec::new();
    let err = loop {
        match stream.try_next().await {
            Ok(Some(row)) => seen.push(row.seq),
            Ok(None) => panic!("the stream ended without the decode error"),
            Err(e) => break e,
        }
    };
    assert_eq!(seen, (0..150).collect::<Vec<_>>());
    let Error::Decode {
        url, body, source, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(url.ends_with("/query/01gCURSOR-100"), "{url}");
    assert!(body.contains("\"totalSize\""), "{body}");
    assert!(source.to_string().contains("invalid type"), "{source}");
    // The stream ends there: the third page is never requested.
    assert!(stream.try_next().await.unwrap().is_none());
    assert_eq!(org.data_requests(), 2);
}

#[tokio::test]
async fn api_version_is_pinned_and_validated() {
    let org = MockOrg::start().await;
    let client = Client::builder()
        .instance_url(&org.url)
        .access_token(STATIC_TOKEN)
        .api_version("v61.0")
        .build()
        .unwrap();
    assert_eq!(client.api_version(), "61.0");
    let v = client
        .request(reqwest::Method::GET, "sobjects", None)
        .await
        .unwrap();
    assert_eq!(v["path"], "/services/data/v61.0/sobjects");
    let err = Client::builder()
        .access_token("t")
        .api_version("latest")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }));
    let err = Client::builder().instance_url("x").build().unwrap_err();
    assert!(err.to_string().contains("no auth provider"));
}

#[tokio::test]
async fn child_subqueries_with_more_pages_are_completed() {
    let org = MockOrg::start().await;
    // 7 parents, 3 per page; each has 5 contacts, 2 per page (3 child pages each).
    org.set_rows_with_children(7, 5, 2, 3);
    let client = static_client(&org);
    let rows: Vec<Value> = client
        .query_raw("SELECT Name, (SELECT LastName FROM Contacts) FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(seqs(&rows), (0..7).collect::<Vec<_>>());
    for (p, row) in rows.iter().enumerate() {
        let contacts = &row["Contacts"];
        assert_eq!(contacts["done"], true);
        assert!(contacts.get("nextRecordsUrl").is_none());
        let names: Vec<&str> = contacts["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["LastName"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            (0..5).map(|c| format!("P{p}C{c}")).collect::<Vec<_>>()
        );
    }
    // 3 parent pages + 7 parents × 2 extra child pages.
    assert_eq!(org.data_requests(), 3 + 14);

    // The same through typed rows.
    #[derive(serde::Deserialize)]
    struct Contact {
        #[serde(rename = "LastName")]
        last_name: String,
    }
    #[derive(serde::Deserialize)]
    struct Contacts {
        records: Vec<Contact>,
    }
    #[derive(serde::Deserialize)]
    struct Account {
        #[serde(rename = "Seq")]
        seq: u64,
        #[serde(rename = "Contacts")]
        contacts: Contacts,
    }
    let typed: Vec<Account> = client
        .query_as("SELECT Name, (SELECT LastName FROM Contacts) FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(typed.len(), 7);
    assert_eq!(typed[6].seq, 6);
    assert_eq!(typed[6].contacts.records.len(), 5);
    assert_eq!(typed[6].contacts.records[4].last_name, "P6C4");
}

#[tokio::test]
async fn sosl_search_in_both_shapes() {
    let org = MockOrg::start().await;
    let client = static_client(&org);
    let sosl = "FIND {Acme*} IN NAME FIELDS RETURNING Account(Id, Name), Contact(Id)";
    let rows = client.search(sosl).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0]["Name"], sosl,
        "the SOSL went out as the q parameter"
    );
    assert_eq!(rows[1]["attributes"]["type"], "Contact");
    let bare = client.search("FIND {BARE}").await.unwrap();
    assert_eq!(bare.len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_policy_returns_the_error_at_once() {
    let org = MockOrg::start().await;
    let client = static_client(&org);
    org.push_fault(Fault::Status(
        503,
        Some("3600"),
        json!([{"message": "maintenance", "errorCode": "SERVER_UNAVAILABLE"}]),
    ));
    let err = client
        .request(reqwest::Method::GET, "sobjects", None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        org.data_requests(),
        1,
        "not retried before the server's Retry-After"
    );
}

fn busy_503(retry_after: &'static str) -> Fault {
    Fault::Status(
        503,
        Some(retry_after),
        json!([{"message": "busy", "errorCode": "SERVER_UNAVAILABLE"}]),
    )
}

#[tokio::test]
async fn two_expiries_in_one_page_request_refresh_twice() {
    let org = MockOrg::start().await;
    org.set_rows(300, 100);
    let client = refreshing_client(&org);
    // Page 2: expired, refreshed; a 503 to wait out; expired again; then served.
    for f in [
        Fault::Pass,
        Fault::ExpireSession,
        busy_503("1"),
        Fault::ExpireSession,
    ] {
        org.push_fault(f);
    }
    let rows: Vec<Value> = client
        .query_raw("SELECT Name FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(seqs(&rows), (0..300).collect::<Vec<_>>());
    assert_eq!(
        org.token_requests(),
        3,
        "initial token + one refresh per expiry"
    );
    assert_eq!(org.data_requests(), 1 + 4 + 1);
}

#[tokio::test]
async fn refreshes_per_request_are_bounded() {
    let org = MockOrg::start().await;
    let client = refreshing_client(&org);
    // Every fresh token is refused at once: the request must give up, not loop.
    for _ in 0..20 {
        org.push_fault(Fault::ExpireSession);
    }
    let err = client
        .request(reqwest::Method::GET, "limits/x", None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(err.has_error_code("INVALID_SESSION_ID"));
    assert_eq!(
        org.data_requests(),
        4,
        "first attempt + three refreshed ones"
    );
    assert_eq!(org.token_requests(), 1 + 3);
    // The next request starts with a budget of its own.
    org.state.faults.lock().unwrap().clear();
    client
        .request(reqwest::Method::GET, "limits/y", None)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_retry_after_a_wait_uses_the_token_refreshed_meanwhile() {
    let org = MockOrg::start().await;
    let client = refreshing_client(&org);
    client
        .request(reqwest::Method::GET, "limits/warm", None)
        .await
        .unwrap();
    let entered = Arc::new(tokio::sync::Notify::new());
    let release = Arc::new(tokio::sync::Notify::new());
    org.push_fault(Fault::Hold {
        entered: entered.clone(),
        release: release.clone(),
    });
    org.push_fault(Fault::ExpireSession);
    let held = {
        let c = client.clone();
        tokio::spawn(async move { c.request(reqwest::Method::GET, "limits/held", None).await })
    };
    entered.notified().await;
    // While the first request waits for its answer, the token expires and another
    // request replaces it.
    client
        .request(reqwest::Method::GET, "limits/other", None)
        .await
        .unwrap();
    assert_eq!(org.token_requests(), 2);
    release.notify_one();
    let v = held.await.unwrap().unwrap();
    assert_eq!(v["path"], "/services/data/v66.0/limits/held");
    assert_eq!(
        org.state.unauthorized.load(Ordering::SeqCst),
        1,
        "only the expiry itself answered 401: the retry carried the new token"
    );
    assert_eq!(org.token_requests(), 2);
}
