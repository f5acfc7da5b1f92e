//! User login and the token lifecycle: the web server flow driven through
//! the login form as a browser would, PKCE, auto-approval, device flow,
//! revocation, refresh token rotation, userinfo and introspection.

use crate::server_common;

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine;
use reqwest::redirect::Policy;
use serde_json::Value;
use server_common::{builder, fixture, keys, Api};
use sf_emulator::{Credentials, Emulator};
use sha2::{Digest, Sha256};

const CALLBACK: &str = "http://localhost:8976/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-and-some-more";

fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn restricted() -> Credentials {
    Credentials {
        client: Some(("cid".into(), "csecret".into())),
        user: Some(("me@example.com".into(), "pass".into())),
        jwt_public_key_pem: None,
    }
}

/// A client that shows redirects instead of following them.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

fn authorize_url(emu: &Emulator, extra: &[(&str, &str)]) -> String {
    let mut url = url::Url::parse(&format!("{}/services/oauth2/authorize", emu.url())).unwrap();
    let challenge = challenge(VERIFIER);
    url.query_pairs_mut().extend_pairs([
        ("response_type", "code"),
        ("client_id", "cid"),
        ("redirect_uri", CALLBACK),
        ("state", "st-42"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ]);
    url.query_pairs_mut().extend_pairs(extra);
    url.to_string()
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(unescape(&tag[start..start + len]))
}

/// The form of an HTML page: its action and the named inputs' values, as a
/// browser would submit them.
fn parse_form(html: &str) -> (String, Vec<(String, String)>) {
    let form = html.find("<form").expect("a form");
    let action = attr(
        &html[form..html[form..].find('>').unwrap() + form],
        "action",
    )
    .unwrap();
    let mut fields = Vec::new();
    for piece in html[form..].split("<input").skip(1) {
        let tag = &piece[..piece.find('>').unwrap()];
        if let Some(name) = attr(tag, "name") {
            fields.push((name, attr(tag, "value").unwrap_or_default()));
        }
    }
    (action, fields)
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_owned(), value.to_owned()));
}

fn location(resp: &reqwest::Response) -> (String, HashMap<String, String>) {
    assert_eq!(resp.status(), 302, "a redirect");
    let loc = resp.headers()["location"].to_str().unwrap();
    let url = url::Url::parse(loc).unwrap();
    let base = format!("{}{}", url.origin().ascii_serialization(), url.path());
    (base, url.query_pairs().into_owned().collect())
}

async fn token(emu: &Emulator, form: &[(&str, &str)]) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(format!("{}/services/oauth2/token", emu.url()))
        .form(form)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

async fn exchange(
    emu: &Emulator,
    code: &str,
    redirect: &str,
    verifier: Option<&str>,
) -> (u16, Value) {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", "cid"),
        ("client_secret", "csecret"),
        ("redirect_uri", redirect),
    ];
    if let Some(v) = verifier {
        form.push(("code_verifier", v));
    }
    token(emu, &form).await
}

async fn api_status(emu: &Emulator, token: &str) -> u16 {
    let api = Api {
        token: token.to_owned(),
        ..Api::new(emu)
    };
    api.get("sobjects").await.0
}

async fn form_post(url: String, fields: &[(String, String)]) -> reqwest::Response {
    browser().post(url).form(fields).send().await.unwrap()
}

/// A code through auto-approval.
async fn auto_code(emu: &Emulator, extra: &[(&str, &str)]) -> String {
    let resp = browser()
        .get(authorize_url(emu, extra))
        .send()
        .await
        .unwrap();
    location(&resp).1["code"].clone()
}

async fn auto_emulator(b: sf_emulator::Builder) -> Emulator {
    b.credentials(restricted())
        .redirect_uri(CALLBACK)
        .auto_approve(true)
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn web_server_flow_through_the_login_form() {
    let emu = builder()
        .credentials(restricted())
        .redirect_uri(CALLBACK)
        .start()
        .await
        .unwrap();
    let resp = browser()
        .get(authorize_url(&emu, &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let (action, mut fields) = parse_form(&resp.text().await.unwrap());
    let action = format!("{}{action}", emu.url());

    // A wrong password shows the form again, with Salesforce's message.
    set(&mut fields, "password", "wrong");
    set(&mut fields, "action", "allow");
    let resp = form_post(action.clone(), &fields).await;
    assert_eq!(resp.status(), 200);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("Please check your username and password"),
        "{html}"
    );
    assert!(!html.contains("wrong"), "the password is not echoed");

    let (action2, mut fields) = parse_form(&html);
    assert_eq!(format!("{}{action2}", emu.url()), action);
    set(&mut fields, "username", "me@example.com");
    set(&mut fields, "password", "pass");
    set(&mut fields, "action", "allow");
    let resp = form_post(action, &fields).await;
    let (to, query) = location(&resp);
    assert_eq!(to, CALLBACK);
    assert_eq!(query["state"], "st-42");
    let code = &query["code"];

    let (status, body) = exchange(&emu, code, CALLBACK, Some(VERIFIER)).await;
    assert_eq!(status, 200, "{body}");
    let real = fixture("restforce/auth_success_response.json");
    for k in keys(&real) {
        assert!(body.get(&k).is_some(), "token response has {k}");
    }
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "api refresh_token");
    assert_eq!(body["instance_url"], emu.url());
    assert!(body["refresh_token"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    let access = body["access_token"].as_str().unwrap();
    assert_eq!(api_status(&emu, access).await, 200);

    // The session is the user who logged in.
    let info: Value = reqwest::Client::new()
        .get(format!("{}/services/oauth2/userinfo", emu.url()))
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["preferred_username"], "me@example.com");
    assert_eq!(info["sub"], body["id"]);
    let identity: Value = reqwest::Client::new()
        .get(body["id"].as_str().unwrap())
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(identity["username"], "me@example.com");
    assert_eq!(identity["user_id"], info["user_id"]);
}

#[tokio::test]
async fn denied_consent_redirects_with_access_denied() {
    let emu = builder()
        .credentials(restricted())
        .redirect_uri(CALLBACK)
        .start()
        .await
        .unwrap();
    let resp = browser()
        .get(authorize_url(&emu, &[]))
        .send()
        .await
        .unwrap();
    let (action, mut fields) = parse_form(&resp.text().await.unwrap());
    set(&mut fields, "action", "deny");
    let resp = form_post(format!("{}{action}", emu.url()), &fields).await;
    let (to, query) = location(&resp);
    assert_eq!(to, CALLBACK);
    assert_eq!(query["error"], "access_denied");
    assert_eq!(query["error_description"], "end-user denied authorization");
    assert_eq!(query["state"], "st-42");
    assert!(!query.contains_key("code"));
}

#[tokio::test]
async fn auto_approve_and_scopes() {
    let emu = auto_emulator(builder()).await;
    let code = auto_code(&emu, &[]).await;
    let (status, body) = exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("refresh_token").is_some());
    // Without the refresh_token scope Salesforce issues no refresh token.
    let code = auto_code(&emu, &[("scope", "api")]).await;
    let (_, body) = exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await;
    assert_eq!(body["scope"], "api");
    assert!(body.get("refresh_token").is_none(), "{body}");
}

#[tokio::test]
async fn bad_authorization_code_exchanges() {
    let emu = auto_emulator(builder().auth_code_ttl(Duration::from_millis(300))).await;
    let err = |body: &Value| {
        (
            body["error"].as_str().unwrap_or_default().to_owned(),
            body["error_description"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    };

    let code = auto_code(&emu, &[]).await;
    let (status, body) = exchange(&emu, &code, CALLBACK, Some("not-the-verifier")).await;
    assert_eq!(status, 400);
    assert_eq!(
        err(&body),
        ("invalid_grant".into(), "invalid code verifier".into())
    );
    assert!(!body.to_string().contains(&code), "no secret in the error");

    let code = auto_code(&emu, &[]).await;
    let (_, body) = exchange(&emu, &code, CALLBACK, None).await;
    assert_eq!(
        body["error"], "invalid_grant",
        "a challenge needs a verifier"
    );

    let code = auto_code(&emu, &[]).await;
    assert_eq!(exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await.0, 200);
    let (status, body) = exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await;
    assert_eq!(status, 400);
    assert_eq!(
        err(&body),
        ("invalid_grant".into(), "invalid authorization code".into())
    );

    let code = auto_code(&emu, &[]).await;
    let (status, body) = exchange(&emu, &code, "http://localhost:8976/other", Some(VERIFIER)).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "redirect_uri_mismatch");

    let code = auto_code(&emu, &[]).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (status, body) = exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await;
    assert_eq!(status, 400);
    assert_eq!(
        err(&body),
        ("invalid_grant".into(), "expired authorization code".into())
    );

    // Plain PKCE (no method) still works.
    let resp = browser()
        .get(format!(
            "{}/services/oauth2/authorize?response_type=code&client_id=cid&redirect_uri={}&code_challenge=plainvalue",
            emu.url(),
            url::form_urlencoded::byte_serialize(CALLBACK.as_bytes()).collect::<String>()
        ))
        .send()
        .await
        .unwrap();
    let (_, query) = location(&resp);
    assert!(!query.contains_key("state"), "no state when none was sent");
    assert_eq!(
        exchange(&emu, &query["code"], CALLBACK, Some("plainvalue"))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn authorize_refuses_unknown_clients_and_callbacks() {
    let emu = auto_emulator(builder()).await;
    let resp = browser()
        .get(authorize_url(&emu, &[]).replace("client_id=cid", "client_id=other"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400, "an error page, no redirect");
    assert!(resp.text().await.unwrap().contains("invalid_client_id"));

    let resp = browser()
        .get(authorize_url(&emu, &[]).replace("callback", "elsewhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert!(resp.text().await.unwrap().contains("redirect_uri_mismatch"));

    let resp = browser()
        .get(authorize_url(&emu, &[]).replace("response_type=code", "response_type=bogus"))
        .send()
        .await
        .unwrap();
    let (_, query) = location(&resp);
    assert_eq!(query["error"], "unsupported_response_type");
}

async fn device_start(emu: &Emulator) -> Value {
    let (status, body) = token(
        emu,
        &[
            ("response_type", "device_code"),
            ("client_id", "cid"),
            ("scope", "api refresh_token"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn device_poll(emu: &Emulator, device_code: &str) -> (u16, Value) {
    token(
        emu,
        &[
            ("grant_type", "device"),
            ("client_id", "cid"),
            ("code", device_code),
        ],
    )
    .await
}

#[tokio::test]
async fn device_flow_through_the_verification_page() {
    let emu = builder()
        .credentials(restricted())
        .device_interval(1)
        .start()
        .await
        .unwrap();
    let start = device_start(&emu).await;
    assert_eq!(
        keys(&start),
        ["device_code", "interval", "user_code", "verification_uri"]
    );
    assert_eq!(start["interval"], 1);
    let verification = start["verification_uri"].as_str().unwrap();
    assert_eq!(verification, format!("{}/setup/connect", emu.url()));
    let device_code = start["device_code"].as_str().unwrap();
    let user_code = start["user_code"].as_str().unwrap();

    let (status, body) = device_poll(&emu, device_code).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("authorization_pending"))
    );
    let (status, body) = device_poll(&emu, device_code).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("slow_down")));

    let html = browser()
        .get(verification)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (action, mut fields) = parse_form(&html);
    let action = format!("{}{action}", emu.url());
    set(&mut fields, "user_code", "WRONG123");
    set(&mut fields, "action", "allow");
    let html = form_post(action.clone(), &fields)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Invalid or expired code"), "{html}");
    set(&mut fields, "user_code", &user_code.to_lowercase());
    set(&mut fields, "username", "me@example.com");
    set(&mut fields, "password", "pass");
    let html = form_post(action, &fields).await.text().await.unwrap();
    assert!(html.contains("approved"), "{html}");

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, body) = device_poll(&emu, device_code).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("refresh_token").is_some());
    assert_eq!(
        api_status(&emu, body["access_token"].as_str().unwrap()).await,
        200
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, body) = device_poll(&emu, device_code).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "tokens once"
    );
}

#[tokio::test]
async fn device_flow_admin_approval_denial_expiry_and_auto_approval() {
    let emu = builder()
        .credentials(restricted())
        .device_interval(0)
        .device_code_ttl(Duration::from_millis(500))
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let admin = |path: &str| format!("{}/__emulator/device/{path}", emu.url());

    let start = device_start(&emu).await;
    let resp = http
        .post(admin("approve"))
        .json(&serde_json::json!({"user_code": start["user_code"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let (status, body) = device_poll(&emu, start["device_code"].as_str().unwrap()).await;
    assert_eq!(status, 200, "{body}");

    let resp = http
        .post(admin("approve"))
        .json(&serde_json::json!({"user_code": "NOSUCHCD"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);

    let start = device_start(&emu).await;
    http.post(admin("deny"))
        .json(&serde_json::json!({"user_code": start["user_code"]}))
        .send()
        .await
        .unwrap();
    let (_, body) = device_poll(&emu, start["device_code"].as_str().unwrap()).await;
    assert_eq!(body["error"], "access_denied");

    let start = device_start(&emu).await;
    assert!(emu.approve_device(start["user_code"].as_str().unwrap()));
    assert_eq!(
        device_poll(&emu, start["device_code"].as_str().unwrap())
            .await
            .0,
        200
    );

    let start = device_start(&emu).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let (status, body) = device_poll(&emu, start["device_code"].as_str().unwrap()).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(body["error_description"], "expired authorization code");

    let emu = auto_emulator(builder()).await;
    let start = device_start(&emu).await;
    let (status, body) = device_poll(&emu, start["device_code"].as_str().unwrap()).await;
    assert_eq!(status, 200, "{body}");
}

async fn refresh(emu: &Emulator, refresh_token: &str) -> (u16, Value) {
    token(
        emu,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "cid"),
            ("client_secret", "csecret"),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

async fn user_tokens(emu: &Emulator) -> (String, String) {
    let code = auto_code(emu, &[]).await;
    let (_, body) = exchange(emu, &code, CALLBACK, Some(VERIFIER)).await;
    (
        body["access_token"].as_str().unwrap().to_owned(),
        body["refresh_token"].as_str().unwrap().to_owned(),
    )
}

async fn revoke(emu: &Emulator, token: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{}/services/oauth2/revoke", emu.url()))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn revoking_access_and_refresh_tokens() {
    let emu = auto_emulator(builder()).await;
    let (access, refresh_token) = user_tokens(&emu).await;
    assert_eq!(revoke(&emu, &access).await, 200);
    assert_eq!(api_status(&emu, &access).await, 401);
    let (status, body) = refresh(&emu, &refresh_token).await;
    assert_eq!(
        status, 200,
        "revoking the access token leaves the refresh token: {body}"
    );
    assert!(
        body.get("refresh_token").is_none(),
        "no rotation by default"
    );
    let renewed = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(api_status(&emu, &renewed).await, 200);

    assert_eq!(revoke(&emu, &refresh_token).await, 200);
    assert_eq!(
        api_status(&emu, &renewed).await,
        401,
        "access tokens go with their refresh token"
    );
    let (status, body) = refresh(&emu, &refresh_token).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(revoke(&emu, "never-issued").await, 400);
}

#[tokio::test]
async fn refresh_token_rotation() {
    let emu = auto_emulator(builder().rotate_refresh_tokens(true)).await;
    let (_, first) = user_tokens(&emu).await;
    let (status, body) = refresh(&emu, &first).await;
    assert_eq!(status, 200, "{body}");
    let second = body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second, first);
    assert_eq!(body["scope"], "api refresh_token");
    let (status, body) = refresh(&emu, &first).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert_eq!(refresh(&emu, &second).await.0, 200);
}

#[tokio::test]
async fn issued_user_tokens_follow_the_token_ttl() {
    let emu = auto_emulator(builder().token_ttl(Duration::from_millis(300))).await;
    let (access, _) = user_tokens(&emu).await;
    assert_eq!(api_status(&emu, &access).await, 200);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(api_status(&emu, &access).await, 401);
}

async fn introspect(emu: &Emulator, form: &[(&str, &str)]) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(format!("{}/services/oauth2/introspect", emu.url()))
        .form(form)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

#[tokio::test]
async fn introspection_and_userinfo_shapes() {
    let emu = auto_emulator(builder()).await;
    let (access, refresh_token) = user_tokens(&emu).await;
    let client = [("client_id", "cid"), ("client_secret", "csecret")];

    let (status, body) = introspect(&emu, &[("token", &access), client[0], client[1]]).await;
    assert_eq!(status, 200);
    assert_eq!(
        keys(&body),
        [
            "active",
            "client_id",
            "exp",
            "iat",
            "nbf",
            "scope",
            "sub",
            "token_type",
            "username"
        ]
    );
    assert_eq!(body["active"], true);
    assert_eq!(body["token_type"], "access_token");
    assert_eq!(body["client_id"], "cid");
    assert_eq!(body["username"], "me@example.com");
    assert_eq!(body["scope"], "api refresh_token");
    assert!(body["exp"].as_i64().unwrap() > body["iat"].as_i64().unwrap());

    // Client authentication by Basic header works too.
    let resp = reqwest::Client::new()
        .post(format!("{}/services/oauth2/introspect", emu.url()))
        .basic_auth("cid", Some("csecret"))
        .form(&[
            ("token", refresh_token.as_str()),
            ("token_type_hint", "refresh_token"),
        ])
        .send()
        .await
        .unwrap();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["token_type"], "refresh_token");

    let (status, body) = introspect(
        &emu,
        &[
            ("token", &access),
            ("client_id", "cid"),
            ("client_secret", "nope"),
        ],
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(body["error"], "invalid_client");

    assert_eq!(revoke(&emu, &access).await, 200);
    let (status, body) = introspect(&emu, &[("token", &access), client[0], client[1]]).await;
    assert_eq!((status, body), (200, serde_json::json!({"active": false})));

    let (_, body) = refresh(&emu, &refresh_token).await;
    let access = body["access_token"].as_str().unwrap();
    let resp = reqwest::Client::new()
        .get(format!("{}/services/oauth2/userinfo", emu.url()))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let info: Value = resp.json().await.unwrap();
    for k in [
        "sub",
        "user_id",
        "organization_id",
        "preferred_username",
        "nickname",
        "name",
        "email",
        "email_verified",
        "given_name",
        "family_name",
        "zoneinfo",
        "urls",
        "active",
        "user_type",
        "language",
        "locale",
        "utcOffset",
    ] {
        assert!(info.get(k).is_some(), "userinfo has {k}");
    }
    assert_eq!(
        info["preferred_username"], "me@example.com",
        "refresh keeps the user"
    );
    assert!(info["user_id"].as_str().unwrap().starts_with("005"));
    assert!(info["organization_id"].as_str().unwrap().starts_with("00D"));
}
