//! Injected faults, from the Rust handle and from the admin endpoint.

use crate::server_common;

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use server_common::{builder, start, Api};
use sf_emulator::FaultKind;

#[tokio::test]
async fn nth_request_gets_each_kind_of_fault_once() {
    let emu = start().await;
    let api = Api::new(&emu);
    let cases = [
        (FaultKind::TooManyRequests, 429, "REQUEST_LIMIT_EXCEEDED"),
        (FaultKind::ServiceUnavailable, 503, "SERVER_UNAVAILABLE"),
        (FaultKind::ServerError, 500, "UNKNOWN_EXCEPTION"),
        (FaultKind::UnableToLockRow, 400, "UNABLE_TO_LOCK_ROW"),
        (FaultKind::ExpireSession, 401, "INVALID_SESSION_ID"),
    ];
    for (kind, status, code) in cases {
        emu.faults().fail_nth(2, kind);
        assert_eq!(api.get("limits").await.0, 200);
        let resp = api.send(Method::GET, "limits", None).await;
        assert_eq!(resp.status().as_u16(), status, "{kind:?}");
        let retry_after = resp.headers().get("retry-after").is_some();
        assert_eq!(
            retry_after,
            matches!(
                kind,
                FaultKind::TooManyRequests | FaultKind::ServiceUnavailable
            )
        );
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body[0]["errorCode"], code);
        assert_eq!(api.get("limits").await.0, 200, "{kind:?} fires once");
    }
    // Faulted requests are not counted against the allowance.
    let (_, limits) = api.get("limits").await;
    assert_eq!(limits["DailyApiRequests"]["Remaining"], 100_000 - 11);
}

async fn statuses(seed: u64) -> Vec<u16> {
    let emu = builder().fault_seed(seed).start().await.unwrap();
    emu.faults()
        .fail_fraction(0.5, FaultKind::ServiceUnavailable);
    let api = Api::new(&emu);
    let mut out = Vec::new();
    for _ in 0..40 {
        out.push(api.get("limits").await.0);
    }
    out
}

#[tokio::test]
async fn fractions_are_deterministic_by_seed() {
    let a = statuses(11).await;
    assert_eq!(a, statuses(11).await);
    let failed = a.iter().filter(|s| **s == 503).count();
    assert!(failed > 0 && failed < 40, "{a:?}");
    assert!(a.iter().all(|s| *s == 200 || *s == 503));
}

#[tokio::test]
async fn dropped_connection_cuts_the_body() {
    let emu = start().await;
    let api = Api::new(&emu);
    emu.faults().drop_connection_nth(1);
    let resp = api
        .send(Method::GET, "sobjects/Account/describe", None)
        .await;
    assert_eq!(resp.status(), 200, "headers arrive");
    assert!(resp.bytes().await.is_err(), "the body is cut short");
    let (status, describe) = api.get("sobjects/Account/describe").await;
    assert_eq!((status, describe["name"].as_str()), (200, Some("Account")));
}

#[tokio::test]
async fn delay_still_answers() {
    let emu = start().await;
    let api = Api::new(&emu);
    emu.faults().delay(Duration::from_millis(20));
    assert_eq!(api.get("limits").await.0, 200);
    emu.faults().clear();
    assert_eq!(api.get("limits").await.0, 200);
}

#[tokio::test]
async fn admin_endpoint_controls_faults_tokens_limits_and_data() {
    let emu = start().await;
    let api = Api::new(&emu);
    let admin = |path: &str| format!("{}/__emulator/{path}", emu.url());
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(admin("health")).send().await.unwrap().status(),
        200
    );

    let rule = json!({"kind": "server_error", "trigger": {"nth": 1}, "path_contains": "/sobjects"});
    let resp = http.post(admin("faults")).json(&rule).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let listed: Value = http
        .get(admin("faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed, json!([rule]));
    assert_eq!(api.get("limits").await.0, 200, "path filter");
    assert_eq!(api.get("sobjects").await.0, 500);
    assert_eq!(api.get("sobjects").await.0, 200);

    let bad = http
        .post(admin("faults"))
        .json(&json!({"kind": "meteor"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    http.post(admin("faults"))
        .json(&json!({"kind": "too_many_requests", "trigger": {"fraction": 1.0}}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.get("limits").await.0, 429);
    assert_eq!(
        http.delete(admin("faults")).send().await.unwrap().status(),
        204
    );
    assert_eq!(api.get("limits").await.0, 200);

    let body: Value = http
        .post(admin("limits"))
        .json(&json!({"max": 10, "used": 10}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body, json!({"Max": 10, "Remaining": 0}));
    assert_eq!(api.get("limits").await.0, 403);
    http.post(admin("limits"))
        .json(&json!({"max": 1000, "used": 0}))
        .send()
        .await
        .unwrap();

    let token: Value = http
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
    let issued = Api {
        token: token["access_token"].as_str().unwrap().to_owned(),
        ..Api::new(&emu)
    };
    assert_eq!(issued.get("limits").await.0, 200);
    assert_eq!(
        http.post(admin("tokens/expire"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(issued.get("limits").await.0, 401);

    api.create("Account", json!({"Name": "Gone soon"})).await;
    assert_eq!(
        http.post(admin("reset")).send().await.unwrap().status(),
        204
    );
    assert_eq!(emu.org().store.count("Account"), 0);
    assert_eq!(
        http.post(admin("save")).send().await.unwrap().status(),
        400,
        "no data file configured"
    );
}
