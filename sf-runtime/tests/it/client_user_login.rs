//! Logging in as a user against the emulator: the web server flow with PKCE
//! (the browser driven over HTTP: the login form posted as a browser would),
//! the loopback helper, the device flow, a saved login that needs no token
//! request, rotation, revoke, userinfo; and Apex REST.

use crate::support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use sf_emulator::apex::ApexResponse;
use sf_emulator::Emulator;
use sf_runtime::client::auth::{
    login_in_browser, DeviceFlow, FileTokenStore, LoopbackOptions, TokenStore, UserSession,
    WebServerFlow,
};
use sf_runtime::client::{Client, Error, Method};
use support::{client, emulator_builder, SCHEMA};

const CLIENT_ID: &str = "3MVG9-user-app";
const REDIRECT: &str = "http://127.0.0.1:8765/callback";

/// A browser that does not follow redirects, so the test sees them.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Posts the emulator's login form as a user clicking `action` would; returns
/// the redirect's query string.
async fn approve_in_browser(emu: &Emulator, authorize_url: &str, action: &str) -> String {
    let http = browser();
    let page = http.get(authorize_url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    // The form's hidden inputs carry the request: send them back with the login.
    let mut form: Vec<(String, String)> = html
        .split("<input")
        .skip(1)
        .filter_map(|tag| {
            let attr = |name: &str| {
                let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
                let end = tag[start..].find('"')? + start;
                Some(html_unescape(&tag[start..end]))
            };
            if attr("type").as_deref() != Some("hidden") {
                return None;
            }
            Some((attr("name")?, attr("value")?))
        })
        .collect();
    form.push(("username".into(), "emulator@example.com".into()));
    form.push(("password".into(), "anything".into()));
    form.push(("action".into(), action.into()));
    let resp = http
        .post(format!("{}/services/oauth2/authorize", emu.url()))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        302,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(REDIRECT), "{location}");
    location
        .split_once('?')
        .map(|(_, q)| q.to_owned())
        .unwrap_or_default()
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn flow(emu: &Emulator) -> WebServerFlow {
    WebServerFlow::new(CLIENT_ID, REDIRECT)
        .login_url(emu.url())
        .scope("api")
        .scope("refresh_token")
}

fn user_client(emu: &Emulator, session: UserSession) -> Client {
    Client::builder()
        .auth(session.login_url(emu.url()))
        .retry_policy(support::fast_retries())
        .build()
        .unwrap()
}

#[tokio::test]
async fn web_server_flow_with_pkce_through_the_login_form() {
    let emu = emulator_builder().start().await.unwrap();
    let flow = flow(&emu);
    let http = reqwest::Client::new();
    let authorization = flow.authorize();
    let query = approve_in_browser(&emu, &authorization.url, "allow").await;
    let tokens = flow.callback(&http, &query, &authorization).await.unwrap();
    assert!(tokens.refresh_token.is_some());
    let c = user_client(&emu, UserSession::new(CLIENT_ID, tokens.clone()));
    let me = c.userinfo().await.unwrap();
    assert_eq!(
        me.preferred_username.as_deref(),
        Some("emulator@example.com")
    );
    assert!(me.organization_id.starts_with("00D"), "{me:?}");
    assert_eq!(c.token_fetches(), 1, "the held token, no token request");

    // The code is single-use.
    let again = flow
        .callback(&http, &query, &authorization)
        .await
        .unwrap_err();
    assert!(
        matches!(&again, Error::Auth { error, .. } if error == "invalid_grant"),
        "{again}"
    );
    // No secret in the errors.
    let code = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("code="))
        .unwrap();
    assert!(!again.to_string().contains(code));
}

#[tokio::test]
async fn bad_logins_fail_at_their_step() {
    let emu = emulator_builder().start().await.unwrap();
    let flow = flow(&emu);
    let http = reqwest::Client::new();

    // A denied consent.
    let a = flow.authorize();
    let query = approve_in_browser(&emu, &a.url, "deny").await;
    let err = flow.callback(&http, &query, &a).await.unwrap_err();
    assert!(
        matches!(&err, Error::Auth { error, .. } if error == "access_denied"),
        "{err}"
    );

    // A redirect that belongs to another login (another state).
    let first = flow.authorize();
    let second = flow.authorize();
    let query = approve_in_browser(&emu, &first.url, "allow").await;
    let err = flow.callback(&http, &query, &second).await.unwrap_err();
    assert!(
        matches!(&err, Error::Auth { error, .. } if error == "state_mismatch"),
        "{err}"
    );

    // The right code with the wrong verifier.
    let a = flow.authorize();
    let query = approve_in_browser(&emu, &a.url, "allow").await;
    let code = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("code="))
        .unwrap();
    let encoded = format!("c={code}");
    let code = url::form_urlencoded::parse(encoded.as_bytes())
        .next()
        .unwrap()
        .1;
    let err = flow
        .exchange(
            &http,
            &code.as_ref().into(),
            &"not-the-verifier-0123456789012345678901234".into(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Auth { error, .. } if error == "invalid_grant"),
        "{err}"
    );

    // Another redirect URI than the one the code was issued for.
    let a = flow.authorize();
    let query = approve_in_browser(&emu, &a.url, "allow").await;
    let elsewhere =
        WebServerFlow::new(CLIENT_ID, "http://127.0.0.1:9999/other").login_url(emu.url());
    let err = elsewhere.callback(&http, &query, &a).await.unwrap_err();
    assert!(
        matches!(&err, Error::Auth { error, .. } if error == "redirect_uri_mismatch" || error == "invalid_grant"),
        "{err}"
    );
}

#[tokio::test]
async fn the_loopback_helper_receives_the_redirect() {
    let emu = emulator_builder().auto_approve(true).start().await.unwrap();
    let flow = WebServerFlow::new(CLIENT_ID, "http://127.0.0.1:8766/callback").login_url(emu.url());
    // The "browser": follows the login URL the helper shows, then the redirect.
    let options = LoopbackOptions::default()
        .open_browser(false)
        .timeout(Duration::from_secs(20))
        .show_url(|url| {
            let url = url.to_owned();
            tokio::spawn(async move {
                let http = browser();
                let resp = http.get(&url).send().await.unwrap();
                let location = resp.headers()["location"].to_str().unwrap().to_owned();
                // A stray favicon request first: the helper answers 404 and waits on.
                let _ = http.get("http://127.0.0.1:8766/favicon.ico").send().await;
                let done = http.get(&location).send().await.unwrap();
                assert!(done.text().await.unwrap().contains("Logged in"));
            });
        });
    let tokens = login_in_browser(&reqwest::Client::new(), &flow, &options)
        .await
        .unwrap();
    let c = user_client(&emu, UserSession::new(CLIENT_ID, tokens));
    c.limits().await.unwrap();
}

#[tokio::test]
async fn device_flow_until_approved() {
    let emu = emulator_builder().device_interval(1).start().await.unwrap();
    let flow = DeviceFlow::new(CLIENT_ID)
        .login_url(emu.url())
        .scope("api")
        .scope("refresh_token");
    let http = reqwest::Client::new();
    let started = flow.start(&http).await.unwrap();
    assert!(
        started.verification_uri.starts_with(emu.url()),
        "{started:?}"
    );
    let err = flow.poll(&http, &started).await.unwrap_err();
    assert!(
        matches!(&err, Error::Auth { error, .. } if error == "authorization_pending"),
        "{err}"
    );
    // Approved while `wait` polls.
    let user_code = started.user_code.clone();
    let emu = Arc::new(emu);
    let approver = emu.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(approver.approve_device(&user_code));
    });
    let tokens = flow.wait(&http, &started).await.unwrap();
    let c = user_client(&emu, UserSession::new(CLIENT_ID, tokens));
    c.limits().await.unwrap();
}

#[tokio::test]
async fn a_saved_login_survives_a_restart_with_rotation_and_revoke() {
    let emu = emulator_builder()
        .auto_approve(true)
        .rotate_refresh_tokens(true)
        .start()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn TokenStore> = Arc::new(FileTokenStore::new(dir.path().join("login.json")));
    let flow = flow(&emu);
    let http = reqwest::Client::new();
    let a = flow.authorize();
    let resp = browser().get(&a.url).send().await.unwrap();
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    let tokens = flow
        .callback(&http, location.split_once('?').unwrap().1, &a)
        .await
        .unwrap();
    store.save(&tokens).unwrap();
    let first_refresh = tokens.refresh_token.clone().unwrap();

    // A restarted process: built from the store, no token request.
    let c = user_client(
        &emu,
        UserSession::from_store(CLIENT_ID, store.clone()).unwrap(),
    );
    c.limits().await.unwrap();
    assert_eq!(c.token_fetches(), 1);

    // The access token expires: one refresh, a rotated refresh token, saved.
    emu.faults().expire_tokens();
    c.limits().await.unwrap();
    let saved = store.load().unwrap().unwrap();
    let rotated = saved.refresh_token.clone().unwrap();
    assert_ne!(rotated, first_refresh, "rotated");
    assert_ne!(saved.access_token, tokens.access_token);

    // The next process starts from the rotated login.
    let session = UserSession::from_store(CLIENT_ID, store.clone())
        .unwrap()
        .login_url(emu.url());
    let old_access = session.tokens().access_token;
    session.revoke(&http).await.unwrap();
    assert!(store.load().unwrap().is_none(), "revoke clears the store");
    let revoked = Client::builder()
        .instance_url(emu.url())
        .access_token(old_access.expose())
        .build()
        .unwrap();
    let err = revoked.limits().await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
}

#[tokio::test]
async fn apex_rest_typed_in_and_out() {
    let emu = support::emulator().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    emu.apex_rest("/orders/*", move |req, org| {
        log.lock()
            .unwrap()
            .push((req.method.clone(), req.path.clone()));
        match req.method.as_str() {
            "POST" => {
                let sku = req
                    .body
                    .as_ref()
                    .and_then(|b| b["sku"].as_str())
                    .unwrap_or("");
                let body = json!({"Name": format!("order {sku}")});
                let id = org.create("Account", body.as_object().unwrap()).unwrap();
                ApexResponse::json(201, json!({"id": id}))
            }
            "DELETE" => ApexResponse::empty(204),
            _ => ApexResponse::json(400, json!([{"errorCode": "BAD_REQUEST", "message": "no"}])),
        }
    });
    let c = client(&emu);
    #[derive(serde::Serialize)]
    struct Order {
        sku: &'static str,
    }
    #[derive(serde::Deserialize)]
    struct Placed {
        id: String,
    }
    let placed: Placed = c
        .apex_rest(Method::POST, "/orders", Some(&Order { sku: "A-1" }))
        .await
        .unwrap();
    assert!(placed.id.starts_with("001"));
    let (): () = c
        .apex_rest::<(), _>(Method::DELETE, "/orders/42", None)
        .await
        .unwrap();
    let err = c
        .apex_rest::<(), serde_json::Value>(Method::GET, "/orders/42", None)
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some("BAD_REQUEST"), "{err}");
    let err = c
        .apex_rest::<(), serde_json::Value>(Method::GET, "/nothing-here", None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(c
        .apex_rest::<(), serde_json::Value>(Method::GET, "orders/../x", None)
        .await
        .is_err());
    assert_eq!(
        *seen.lock().unwrap(),
        [
            ("POST".into(), "/orders".into()),
            ("DELETE".into(), "/orders/42".into()),
            ("GET".into(), "/orders/42".into())
        ]
    );
    let _ = SCHEMA;
}

#[tokio::test]
async fn a_known_expiry_is_refreshed_ahead_without_a_401() {
    let emu = emulator_builder().auto_approve(true).start().await.unwrap();
    let flow = flow(&emu);
    let http = reqwest::Client::new();
    let a = flow.authorize();
    let resp = browser().get(&a.url).send().await.unwrap();
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    let mut tokens = flow
        .callback(&http, location.split_once('?').unwrap().1, &a)
        .await
        .unwrap();
    // What introspection tells: the token has 30 s left.
    let introspection = sf_runtime::client::auth::introspect(
        &http,
        emu.url(),
        CLIENT_ID,
        None,
        &tokens.access_token,
    )
    .await
    .unwrap();
    assert!(
        introspection.active && introspection.exp.is_some(),
        "{introspection:?}"
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    tokens.expires_at = Some(now + 30);
    let c = user_client(&emu, UserSession::new(CLIENT_ID, tokens));
    c.limits().await.unwrap();
    assert_eq!(c.token_fetches(), 1, "the held token");
    c.limits().await.unwrap();
    assert_eq!(
        c.token_fetches(),
        2,
        "refreshed a minute ahead of the known expiry"
    );
    c.limits().await.unwrap();
    assert_eq!(c.token_fetches(), 2, "the fresh token has no known expiry");
}

#[tokio::test]
async fn a_device_code_nobody_approves_expires_with_a_clear_error() {
    let emu = emulator_builder()
        .device_interval(1)
        .device_code_ttl(Duration::from_millis(1500))
        .start()
        .await
        .unwrap();
    let flow = DeviceFlow::new(CLIENT_ID).login_url(emu.url());
    let http = reqwest::Client::new();
    let started = flow.start(&http).await.unwrap();
    let err = flow.wait(&http, &started).await.unwrap_err();
    assert!(
        matches!(&err, Error::Auth { error, .. } if error == "invalid_grant" || error == "expired_token"),
        "{err}"
    );
    assert!(
        !format!("{started:?}").contains("device_code"),
        "the device code is not shown"
    );
}
