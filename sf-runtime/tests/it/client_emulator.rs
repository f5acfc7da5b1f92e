//! End-to-end: the client against the emulator started in-process.

use crate::support;

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures::TryStreamExt;
use serde_json::{json, Map, Value};
use sf_emulator::{Credentials, Emulator, FaultKind, Trigger};
use sf_runtime::client::auth::{
    ClientCredentials, EnvToken, JwtBearer, RefreshToken, SfCli, UsernamePassword,
};
use sf_runtime::client::{Client, Error, Method, QueryOptions};
use support::{client, client_with_retries, emulator, emulator_builder, fast_retries, fault_on};

fn cc_client(emu: &Emulator) -> Client {
    Client::builder()
        .auth(ClientCredentials::new(
            emu.url(),
            "any-client",
            "any-secret",
        ))
        .retry_policy(fast_retries().max_retries(10))
        .build()
        .unwrap()
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn seed_accounts(emu: &Emulator, n: usize) {
    let mut org = emu.org();
    for i in 0..n {
        org.create(
            "Account",
            &obj(json!({"Name": format!("Acct {i:05}"), "NumberOfEmployees": i})),
        )
        .unwrap();
    }
}

fn names(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["Name"].as_str().unwrap().to_owned())
        .collect()
}

fn expected_names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("Acct {i:05}")).collect()
}

#[tokio::test]
async fn create_get_update_delete_and_query_all() {
    let emu = emulator().await;
    let c = client(&emu);
    let id = c
        .create_raw(
            "Account",
            &obj(json!({"Name": "Acme", "Industry": "Energy", "NumberOfEmployees": 5})),
        )
        .await
        .unwrap();
    assert_eq!(id.len(), 18);
    let got = c
        .get_raw("Account", &id, &["Name", "Industry"])
        .await
        .unwrap();
    assert_eq!(got["Name"], "Acme");
    assert_eq!(got["Industry"], "Energy");

    // Only sent fields change; an explicit null clears.
    c.update_raw(
        "Account",
        &id,
        &obj(json!({"Industry": null, "Name": "Acme 2"})),
    )
    .await
    .unwrap();
    let got = c.get_raw("Account", &id, &[]).await.unwrap();
    assert_eq!(got["Name"], "Acme 2");
    assert_eq!(got["Industry"], Value::Null);
    assert_eq!(got["NumberOfEmployees"], 5);

    c.delete_raw("Account", &id).await.unwrap();
    let err = c.get_raw("Account", &id, &["Name"]).await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
    let live: Vec<Value> = c
        .query_raw("SELECT Id FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert!(live.is_empty());
    let all: Vec<Value> = c
        .query_all_raw("SELECT Id, IsDeleted FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["Id"], id.as_str());
    assert_eq!(all[0]["IsDeleted"], true);
}

#[tokio::test]
async fn upsert_reports_created_then_updated() {
    let emu = emulator().await;
    let c = client(&emu);
    let first = c
        .upsert_raw(
            "Custom__c",
            "CustomField__c",
            "EXT-1/a b",
            &obj(json!({"Name": "one"})),
        )
        .await
        .unwrap();
    assert!(first.created);
    let second = c
        .upsert_raw(
            "Custom__c",
            "CustomField__c",
            "EXT-1/a b",
            &obj(json!({"Name": "uno"})),
        )
        .await
        .unwrap();
    assert!(!second.created);
    assert_eq!(first.id, second.id);
    let rows: Vec<Value> = c
        .query_raw("SELECT Name, CustomField__c FROM Custom__c")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["Name"], "uno");
    assert_eq!(rows[0]["CustomField__c"], "EXT-1/a b");
}

#[tokio::test]
async fn api_errors_carry_status_and_entries() {
    let emu = emulator().await;
    let c = client(&emu);
    let err = c
        .create_raw("Account", &obj(json!({"NoSuchField__c": 1})))
        .await
        .unwrap_err();
    let Error::Api { status, errors, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 400);
    assert!(!errors.is_empty());
    let err = c
        .query_raw("SELECT Nope FROM Account")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.error_code(), Some("INVALID_FIELD"));
    let err = c
        .query_raw("SELEKT Id FROM Account")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some("MALFORMED_QUERY"));
}

#[tokio::test]
async fn pagination_across_pages_and_count() {
    let emu = emulator_builder()
        .query_page_size(200)
        .start()
        .await
        .unwrap();
    seed_accounts(&emu, 650);
    let c = client(&emu);
    let rows: Vec<Value> = c
        .query_raw("SELECT Id, Name FROM Account ORDER BY Name")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names(&rows), expected_names(650));
    assert_eq!(
        rows.iter()
            .map(|r| r["Id"].as_str().unwrap())
            .collect::<HashSet<_>>()
            .len(),
        650
    );
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Account").await.unwrap(),
        650
    );
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Account WHERE NumberOfEmployees < 10")
            .await
            .unwrap(),
        10
    );

    // Pages themselves, with a batch size hint.
    let pages: Vec<sf_runtime::client::QueryPage<Value>> = c
        .query_pages(
            "SELECT Name FROM Account",
            &QueryOptions::new().batch_size(300),
        )
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.records.len()).collect();
    assert_eq!(sizes, vec![300, 300, 50]);
    assert!(pages.iter().all(|p| p.total_size == 650));
    assert!(pages.last().unwrap().done);
}

#[tokio::test]
async fn token_expiry_mid_pagination() {
    let emu = emulator_builder()
        .query_page_size(200)
        .start()
        .await
        .unwrap();
    seed_accounts(&emu, 1000);
    let c = cc_client(&emu);
    emu.faults().add(fault_on(
        FaultKind::ExpireSession,
        Trigger::Nth(3),
        "/query",
    ));
    let rows: Vec<Value> = c
        .query_raw("SELECT Name FROM Account ORDER BY Name")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names(&rows), expected_names(1000));
    assert_eq!(c.token_fetches(), 2, "initial token + one refresh");
}

#[tokio::test]
async fn storms_of_429_503_and_dropped_connections_lose_and_duplicate_nothing() {
    let emu = emulator_builder()
        .query_page_size(200)
        .fault_seed(42)
        .start()
        .await
        .unwrap();
    seed_accounts(&emu, 2000);
    let c = client_with_retries(&emu, fast_retries().max_retries(12));
    let faults = emu.faults();
    let on_query = |kind, trigger| fault_on(kind, trigger, "/query");
    faults.add(on_query(FaultKind::TooManyRequests, Trigger::Fraction(0.3)));
    faults.add(on_query(
        FaultKind::ServiceUnavailable,
        Trigger::Fraction(0.2),
    ));
    faults.add(on_query(FaultKind::DropConnection, Trigger::Nth(4)));
    let rows: Vec<Value> = c
        .query_raw("SELECT Name FROM Account ORDER BY Name")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        names(&rows),
        expected_names(2000),
        "every row once, in order"
    );
}

#[tokio::test]
async fn create_retried_on_lock_but_not_after_a_server_error() {
    let emu = emulator().await;
    let c = client(&emu);
    emu.faults().fail_nth(1, FaultKind::UnableToLockRow);
    c.create_raw("Account", &obj(json!({"Name": "Locked once"})))
        .await
        .unwrap();
    emu.faults().fail_nth(1, FaultKind::ServerError);
    let err = c
        .create_raw("Account", &obj(json!({"Name": "Boom"})))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    let rows: Vec<Value> = c
        .query_raw("SELECT Name FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names(&rows), vec!["Locked once".to_string()]);
}

#[tokio::test]
async fn a_hundred_concurrent_requests_on_an_expired_token_refresh_once() {
    let emu = emulator().await;
    seed_accounts(&emu, 3);
    let c = cc_client(&emu);
    assert_eq!(c.count_raw("SELECT COUNT() FROM Account").await.unwrap(), 3);
    emu.faults().expire_tokens();
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.count_raw("SELECT COUNT() FROM Account").await })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), 3);
    }
    assert_eq!(c.token_fetches(), 2, "exactly one refresh");
}

#[tokio::test]
async fn describe_limits_versions_and_generic_request() {
    let emu = emulator().await;
    let c = client(&emu);
    let d = c.describe("Account").await.unwrap();
    assert_eq!(d.name, "Account");
    assert_eq!(d.key_prefix.as_deref(), Some("001"));
    let industry = d.field("industry").expect("Industry, found ignoring case");
    assert_eq!(industry.field_type, "picklist");
    assert!(industry.active_picklist_values().any(|v| v == "Banking"));
    let contacts = d.child_relationship("Contacts").unwrap();
    assert_eq!(
        (contacts.child_sobject.as_str(), contacts.field.as_str()),
        ("Contact", "AccountId")
    );
    // Asked again, the client sends If-Modified-Since; the emulator answers 304
    // and the kept describe comes back (the same allocation).
    let again = c.describe("ACCOUNT").await.unwrap();
    assert!(Arc::ptr_eq(&d, &again), "a 304 reuses the kept describe");
    let g = c.describe_global().await.unwrap();
    let contact = g.sobjects.iter().find(|o| o.name == "Contact").unwrap();
    assert_eq!(contact.key_prefix.as_deref(), Some("003"));
    assert!(contact.queryable && contact.createable);
    assert_eq!(
        contact.urls["describe"],
        "/services/data/v66.0/sobjects/Contact/describe"
    );
    assert_eq!(g.max_batch_size, Some(200));
    let l = c.limits().await.unwrap();
    assert!(l["DailyApiRequests"]["Max"].as_u64().unwrap() > 0);
    let v = c.versions().await.unwrap();
    assert!(
        v.iter()
            .any(|v| v.version == "66.0" && v.url == "/services/data/v66.0"),
        "{v:?}"
    );
    let info = c
        .request(Method::GET, "sobjects/Account", None)
        .await
        .unwrap();
    assert_eq!(info["objectDescribe"]["name"], "Account");
    let err = c.describe("NoSuchThing__c").await.unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn limit_info_from_every_response_and_the_threshold_hook() {
    let emu = emulator().await;
    emu.state().usage.set(1000, Some(700));
    let hits = Arc::new(AtomicU64::new(0));
    let h = hits.clone();
    let c = Client::builder()
        .instance_url(emu.url())
        .access_token(emu.access_token())
        .on_limit_threshold(0.705, move |_| {
            h.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    c.limits().await.unwrap();
    let first = c.limit_info().unwrap().api_usage.unwrap();
    assert_eq!(first.max, 1000);
    assert!(first.used >= 700);
    for _ in 0..10 {
        c.describe_global().await.unwrap();
    }
    let last = c.limit_info().unwrap().api_usage.unwrap();
    assert!(last.used > first.used);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

mod auth_flows {
    use super::*;

    const PUB: &str = include_str!("../client_support/test_rsa_pub.pem");
    const KEY: &[u8] = include_bytes!("../client_support/test_rsa_key.pem");

    async fn restricted() -> Emulator {
        emulator_builder()
            .credentials(Credentials {
                client: Some(("cid".into(), "csecret".into())),
                user: Some(("user@example.com".into(), "pw".into())),
                jwt_public_key_pem: Some(PUB.into()),
            })
            .start()
            .await
            .unwrap()
    }

    async fn works(c: &Client) -> Result<(), Error> {
        c.count_raw("SELECT COUNT() FROM Account").await.map(drop)
    }

    #[tokio::test]
    async fn client_credentials() {
        let emu = restricted().await;
        works(
            &Client::builder()
                .auth(ClientCredentials::new(emu.url(), "cid", "csecret"))
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
        let err = works(
            &Client::builder()
                .auth(ClientCredentials::new(emu.url(), "cid", "nope"))
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.error_code(), Some("invalid_client"));
        assert!(matches!(
            err,
            Error::Auth {
                status: Some(400),
                ..
            }
        ));
    }

    #[tokio::test]
    async fn username_password() {
        let emu = restricted().await;
        let ok = UsernamePassword::new("cid", "csecret", "user@example.com", "pwSECURITYTOKEN")
            .login_url(emu.url());
        works(&Client::builder().auth(ok).build().unwrap())
            .await
            .unwrap();
        let bad = UsernamePassword::new("cid", "csecret", "user@example.com", "wrong")
            .login_url(emu.url());
        let err = works(&Client::builder().auth(bad).build().unwrap())
            .await
            .unwrap_err();
        assert_eq!(err.error_code(), Some("invalid_grant"));
    }

    #[tokio::test]
    async fn refresh_token() {
        let emu = restricted().await;
        emu.state().tokens.register_refresh("rt-123");
        let ok = RefreshToken::new("cid", "rt-123")
            .client_secret("csecret")
            .login_url(emu.url());
        works(&Client::builder().auth(ok).build().unwrap())
            .await
            .unwrap();
        let bad = RefreshToken::new("cid", "rt-unknown").login_url(emu.url());
        let err = works(&Client::builder().auth(bad).build().unwrap())
            .await
            .unwrap_err();
        let Error::Auth {
            error,
            error_description,
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(error, "invalid_grant");
        assert_eq!(
            error_description.as_deref(),
            Some("expired access/refresh token")
        );
    }

    #[tokio::test]
    async fn jwt_bearer() {
        let emu = restricted().await;
        let ok = JwtBearer::new("cid", "user@example.com", KEY)
            .unwrap()
            .login_url(emu.url());
        let c = Client::builder().auth(ok).build().unwrap();
        works(&c).await.unwrap();
        // Expire the issued token: a new assertion is signed and traded.
        emu.faults().expire_tokens();
        works(&c).await.unwrap();
        assert_eq!(c.token_fetches(), 2);
        let wrong_user = JwtBearer::new("cid", "someone@example.com", KEY)
            .unwrap()
            .login_url(emu.url());
        assert!(works(&Client::builder().auth(wrong_user).build().unwrap())
            .await
            .is_err());
    }

    #[tokio::test]
    async fn static_env_and_sf_cli() {
        let emu = restricted().await;
        let st = Client::builder()
            .instance_url(emu.url())
            .access_token(emu.access_token())
            .build()
            .unwrap();
        works(&st).await.unwrap();

        std::env::set_var("SFRT_EMU_TOKEN", emu.access_token());
        std::env::set_var("SFRT_EMU_URL", emu.url());
        let env = Client::builder()
            .auth(EnvToken::with_vars("SFRT_EMU_TOKEN", "SFRT_EMU_URL"))
            .build()
            .unwrap();
        works(&env).await.unwrap();

        let cli_json = json!({"status": 0, "result": {"accessToken": emu.access_token(), "instanceUrl": emu.url(), "username": "user@example.com"}});
        let cli = Client::builder()
            .auth(SfCli::from_json(cli_json.to_string()))
            .build()
            .unwrap();
        works(&cli).await.unwrap();
        assert_eq!(cli.instance_url().await.unwrap(), emu.url());
    }
}

#[tokio::test]
async fn sosl_search() {
    let emu = emulator().await;
    let c = client(&emu);
    c.create_raw("Account", &obj(json!({"Name": "Findable Widgets"})))
        .await
        .unwrap();
    c.create_raw("Account", &obj(json!({"Name": "Other"})))
        .await
        .unwrap();
    let found = c
        .search("FIND {Findable} IN ALL FIELDS RETURNING Account(Id, Name)")
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["Name"], "Findable Widgets");
}
