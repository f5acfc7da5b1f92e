//! Every auth flow against a loopback token endpoint, and secret redaction in
//! `Debug`, `Display`, errors and logs.

use crate::client_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use client_support::{MockOrg, STATIC_TOKEN};
use sf_runtime::client::auth::{
    ClientCredentials, EnvToken, JwtBearer, RefreshToken, SfCli, StaticToken, UsernamePassword,
};
use sf_runtime::client::{Client, Error};

const KEY: &[u8] = include_bytes!("../client_support/test_rsa_key.pem");
const PUB: &[u8] = include_bytes!("../client_support/test_rsa_pub.pem");

fn form_of(org: &MockOrg, i: usize) -> Vec<(String, String)> {
    org.state.token_forms.lock().unwrap()[i].clone()
}

fn field<'a>(form: &'a [(String, String)], k: &str) -> Option<&'a str> {
    form.iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}

async fn works(client: &Client) {
    let v = client
        .request(reqwest::Method::GET, "sobjects", None)
        .await
        .unwrap();
    assert_eq!(v["path"], "/services/data/v66.0/sobjects");
}

#[tokio::test]
async fn client_credentials_flow() {
    let org = MockOrg::start().await;
    let client = Client::builder()
        .auth(ClientCredentials::new(
            format!("{}/", org.url),
            "cid",
            "client-secret-value",
        ))
        .build()
        .unwrap();
    works(&client).await;
    let f = form_of(&org, 0);
    assert_eq!(field(&f, "grant_type"), Some("client_credentials"));
    assert_eq!(field(&f, "client_id"), Some("cid"));
    assert_eq!(field(&f, "client_secret"), Some("client-secret-value"));
}

#[tokio::test]
async fn username_password_flow() {
    let org = MockOrg::start().await;
    let client = Client::builder()
        .auth(
            UsernamePassword::new("cid", "csecret", "me@example.com", "pw+sectoken")
                .login_url(&org.url),
        )
        .build()
        .unwrap();
    works(&client).await;
    let f = form_of(&org, 0);
    assert_eq!(field(&f, "grant_type"), Some("password"));
    assert_eq!(field(&f, "username"), Some("me@example.com"));
    assert_eq!(field(&f, "password"), Some("pw+sectoken"));
}

#[tokio::test]
async fn refresh_token_flow() {
    let org = MockOrg::start().await;
    let client = Client::builder()
        .auth(
            RefreshToken::new("cid", "refresh-token-value")
                .client_secret("csecret")
                .login_url(&org.url),
        )
        .build()
        .unwrap();
    works(&client).await;
    let f = form_of(&org, 0);
    assert_eq!(field(&f, "grant_type"), Some("refresh_token"));
    assert_eq!(field(&f, "refresh_token"), Some("refresh-token-value"));
    assert_eq!(field(&f, "client_secret"), Some("csecret"));
}

#[tokio::test]
async fn jwt_bearer_flow_signs_the_documented_claims() {
    let org = MockOrg::start().await;
    let auth = JwtBearer::new("cid-jwt", "integration@example.com", KEY)
        .unwrap()
        .login_url(&org.url)
        .audience("https://test.salesforce.com");
    let client = Client::builder().auth(auth).build().unwrap();
    works(&client).await;
    let f = form_of(&org, 0);
    assert_eq!(
        field(&f, "grant_type"),
        Some("urn:ietf:params:oauth:grant-type:jwt-bearer")
    );
    let assertion = field(&f, "assertion").unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_audience(&["https://test.salesforce.com"]);
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(PUB).unwrap();
    let data = jsonwebtoken::decode::<serde_json::Value>(assertion, &key, &v).unwrap();
    assert_eq!(data.claims["iss"], "cid-jwt");
    assert_eq!(data.claims["sub"], "integration@example.com");
    let exp = data.claims["exp"].as_u64().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(exp > now && exp <= now + 300, "short-lived assertion");
}

#[test]
fn jwt_bearer_rejects_a_bad_key() {
    let err = JwtBearer::new("cid", "u", b"not a pem").unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn oauth_errors_keep_error_and_description() {
    let org = MockOrg::start().await;
    let client = Client::builder()
        .auth(ClientCredentials::new(&org.url, "cid", "wrong-secret"))
        .build()
        .unwrap();
    let err = client
        .request(reqwest::Method::GET, "sobjects", None)
        .await
        .unwrap_err();
    let Error::Auth {
        error,
        error_description,
        status,
        url,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(error, "invalid_grant");
    assert_eq!(error_description.as_deref(), Some("authentication failure"));
    assert_eq!(*status, Some(400));
    assert!(url.ends_with("/services/oauth2/token"));
    assert!(!format!("{err} {err:?}").contains("wrong-secret"));
    assert_eq!(org.data_requests(), 0);
}

#[tokio::test]
async fn sf_cli_json_output() {
    let org = MockOrg::start().await;
    let json = format!(
        r#"{{"status":0,"result":{{"id":"00D000000000001AAA","apiVersion":"66.0","accessToken":"{STATIC_TOKEN}","instanceUrl":"{}","username":"me@example.com","clientId":"PlatformCLI","connectedStatus":"Connected"}}}}"#,
        org.url
    );
    let auth = SfCli::from_json(json);
    assert!(!format!("{auth:?}").contains(STATIC_TOKEN));
    let client = Client::builder().auth(auth).build().unwrap();
    works(&client).await;

    let err = Client::builder()
        .auth(SfCli::from_json(r#"{"status":1,"name":"NoOrgFound","message":"No authorization information found for nope."}"#))
        .build()
        .unwrap()
        .request(reqwest::Method::GET, "sobjects", None)
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some("NoOrgFound"));
}

#[cfg(unix)]
#[tokio::test]
async fn sf_cli_command_is_run_again_after_a_401() {
    use std::os::unix::fs::PermissionsExt;
    let org = MockOrg::start().await;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("fake-sf");
    let args_log = dir.path().join("args.log");
    let mut f = std::fs::File::create(&script).unwrap();
    // First run: a token the server does not know (401); second run: a valid one.
    writeln!(
        f,
        "#!/bin/sh\nif [ -f '{log}' ]; then tok='{STATIC_TOKEN}'; else tok='00Dmock!stale'; fi\necho \"$@\" >> '{log}'\necho \"{{\\\"status\\\":0,\\\"result\\\":{{\\\"accessToken\\\":\\\"$tok\\\",\\\"instanceUrl\\\":\\\"{url}\\\"}}}}\"",
        log = args_log.display(),
        url = org.url
    )
    .unwrap();
    drop(f);
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let client = Client::builder()
        .auth(SfCli::target_org(Some("my-scratch")).program(script.to_str().unwrap()))
        .build()
        .unwrap();
    works(&client).await;
    let log = std::fs::read_to_string(&args_log).unwrap();
    let runs: Vec<&str> = log.lines().collect();
    assert_eq!(runs, vec!["org display --json --target-org my-scratch"; 2]);
    assert_eq!(org.data_requests(), 2, "one 401, one success");
}

#[tokio::test]
async fn env_vars() {
    let org = MockOrg::start().await;
    let auth = EnvToken::with_vars("SFRT_TEST_ACCESS_TOKEN", "SFRT_TEST_INSTANCE_URL");
    let err = Client::builder()
        .auth(auth.clone())
        .build()
        .unwrap()
        .request(reqwest::Method::GET, "sobjects", None)
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some("missing_env_var"));
    std::env::set_var("SFRT_TEST_ACCESS_TOKEN", STATIC_TOKEN);
    std::env::set_var("SFRT_TEST_INSTANCE_URL", &org.url);
    let client = Client::builder().auth(auth).build().unwrap();
    works(&client).await;
}

#[tokio::test]
async fn static_token_with_instance_url() {
    let org = MockOrg::start().await;
    let client = Client::builder()
        .auth(StaticToken::with_instance_url(STATIC_TOKEN, &org.url))
        .build()
        .unwrap();
    works(&client).await;
    assert_eq!(org.token_requests(), 0);
}

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_reach_logs_debug_or_errors() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // Global, not scoped: a scoped default races with the other tests of
    // this binary over tracing's per-callsite interest cache, which made
    // this test flaky. Logs of the other tests land here too, and must not
    // leak secrets either.
    tracing::subscriber::set_global_default(subscriber).expect("only this test installs one");

    let org = MockOrg::start().await;
    let auth = RefreshToken::new("cid", "refresh-token-value")
        .client_secret("client-secret-value")
        .login_url(&org.url);
    let client = Client::builder().auth(auth.clone()).build().unwrap();
    works(&client).await;
    // Expire the issued token: a 401 and a refresh get logged.
    org.expire_tokens();
    works(&client).await;
    assert_eq!(org.token_requests(), 2);
    // An auth failure and an API failure.
    let bad = Client::builder()
        .auth(
            RefreshToken::new("cid", "revoked")
                .client_secret("client-secret-value")
                .login_url(&org.url),
        )
        .build()
        .unwrap();
    let auth_err = bad
        .request(reqwest::Method::GET, "sobjects", None)
        .await
        .unwrap_err();
    let static_bad = Client::builder()
        .instance_url(&org.url)
        .access_token("00Dmock!bogus-token-value")
        .build()
        .unwrap();
    let api_err = static_bad
        .request(reqwest::Method::GET, "sobjects", None)
        .await
        .unwrap_err();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("sf.request"), "spans are logged: {logs}");
    assert!(logs.contains("status=401"), "{logs}");
    assert!(logs.contains("attempt=1"), "{logs}");
    let shown = format!(
        "{logs}\n{client:?}\n{auth:?}\n{bad:?}\n{static_bad:?}\n{auth_err}\n{auth_err:?}\n{api_err}\n{api_err:?}"
    );
    for secret in [
        "secretpart",
        "refresh-token-value",
        "client-secret-value",
        "bogus-token-value",
        "revoked",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked:\n{shown}");
    }
    let key_dbg = format!("{:?}", JwtBearer::new("cid", "u", KEY).unwrap());
    assert!(
        !key_dbg.contains("MII") && key_dbg.contains("<redacted>"),
        "{key_dbg}"
    );
}
