//! Runs the example binary end to end: the emulator demo of every flow, and
//! real runs configured only through environment variables against an
//! emulator this test starts.

use std::path::Path;
use std::process::{Command, Output};

use sf_emulator::{Credentials, Emulator};

// The demo's credentials, as src/demo.rs defines them: none may be printed.
const DEMO_SECRETS: [&str; 4] = [
    "demo-consumer-secret-3f9a",
    "demo-password-7c21",
    "demo-refresh-token-51be",
    "not-the-secret-0d4e",
];

/// The binary with no `SF_*` variable from the caller's environment.
fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_example-oauth"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("SF_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("run example-oauth"))
        .await
        .unwrap()
}

fn key(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("demo-keys")
        .join(file)
        .display()
        .to_string()
}

#[test]
fn the_demo_signs_in_with_every_flow_and_prints_no_secret() {
    let output = command().output().expect("run example-oauth");
    let (out, err) = text(&output);
    assert!(output.status.success(), "stdout:\n{out}\nstderr:\n{err}");
    let url = out
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("emulator at "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no emulator line:\n{out}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{out}");
    for flow in [
        "client-credentials",
        "jwt-bearer",
        "refresh-token",
        "username-password",
        "sf-cli",
        "access-token",
    ] {
        let line = format!("{flow}: signed in to {url} after 1 token request; DailyApiRequests ");
        assert!(
            out.lines().any(|l| l.starts_with(&line)),
            "{line:?} in:\n{out}"
        );
    }
    assert!(
        out.contains(&format!(
            "after every issued token expired, client-credentials: signed in to {url} after 2 token requests"
        )),
        "{out}"
    );
    for user_flow in ["web-server (PKCE)", "device"] {
        let line = format!("{user_flow}: signed in to {url} after 1 token request; ");
        assert!(
            out.lines()
                .any(|l| l.starts_with(&line) && l.ends_with("as integration@example.com")),
            "{line:?} in:\n{out}"
        );
    }
    assert!(
        out.contains("client-credentials with a wrong secret: refused: authentication failed at ")
            && out.contains("invalid_client (invalid client credentials)"),
        "{out}"
    );
    for secret in DEMO_SECRETS {
        assert!(
            !out.contains(secret) && !err.contains(secret),
            "{secret} printed:\n{out}{err}"
        );
    }
}

/// An emulator with restricted credentials, as a real org would have.
async fn org() -> Emulator {
    Emulator::builder()
        .schema_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/default"))
        .credentials(Credentials {
            client: Some(("test-client".into(), "test-client-secret-91".into())),
            user: Some(("ci@example.com".into(), "test-password-18".into())),
            jwt_public_key_pem: Some(std::fs::read_to_string(key("jwt-demo.pub.pem")).unwrap()),
        })
        .start()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn environment_variables_alone_configure_a_real_run() {
    let emu = org().await;
    let signed_in = format!("signed in to {} after 1 token request", emu.url());

    let mut cmd = command();
    cmd.env("SF_AUTH_FLOW", "client-credentials")
        .env("SF_LOGIN_URL", emu.url())
        .env("SF_CLIENT_ID", "test-client")
        .env("SF_CLIENT_SECRET", "test-client-secret-91");
    let output = run(cmd).await;
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}{err}");
    assert!(
        out.starts_with(&format!("client-credentials: {signed_in}")),
        "{out}"
    );
    assert!(!out.contains("emulator at"), "the demo must not run: {out}");

    let mut cmd = command();
    cmd.env("SF_AUTH_FLOW", "jwt-bearer")
        .env("SF_LOGIN_URL", emu.url())
        .env("SF_CLIENT_ID", "test-client")
        .env("SF_USERNAME", "ci@example.com")
        .env("SF_JWT_KEY_FILE", key("jwt-demo.key"));
    let output = run(cmd).await;
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}{err}");
    assert!(
        out.starts_with(&format!("jwt-bearer: {signed_in}")),
        "{out}"
    );

    // A JWT for another user is refused by the token endpoint.
    let mut cmd = command();
    cmd.env("SF_AUTH_FLOW", "jwt-bearer")
        .env("SF_LOGIN_URL", emu.url())
        .env("SF_CLIENT_ID", "test-client")
        .env("SF_USERNAME", "someone-else@example.com")
        .env("SF_JWT_KEY_FILE", key("jwt-demo.key"));
    let output = run(cmd).await;
    let (_, err) = text(&output);
    assert!(!output.status.success());
    assert!(err.contains("user hasn't approved this consumer"), "{err}");

    // A wrong password: refused, the hint printed, the password not.
    let mut cmd = command();
    cmd.env("SF_AUTH_FLOW", "username-password")
        .env("SF_LOGIN_URL", emu.url())
        .env("SF_CLIENT_ID", "test-client")
        .env("SF_CLIENT_SECRET", "test-client-secret-91")
        .env("SF_USERNAME", "ci@example.com")
        .env("SF_PASSWORD", "wrong-password-66");
    let output = run(cmd).await;
    let (out, err) = text(&output);
    assert!(!output.status.success(), "{out}");
    assert!(
        err.contains("invalid_grant (authentication failure)"),
        "{err}"
    );
    assert!(
        err.contains("check the variables of username-password (`--help` lists them)"),
        "{err}"
    );
    assert!(
        !err.contains("wrong-password-66") && !out.contains("wrong-password-66"),
        "{err}"
    );

    emu.shutdown().await.unwrap();
}

#[test]
fn a_missing_variable_is_named_before_any_request() {
    let mut cmd = command();
    cmd.env("SF_AUTH_FLOW", "refresh-token")
        .env("SF_CLIENT_ID", "cid");
    let output = cmd.output().unwrap();
    let (out, err) = text(&output);
    assert!(!output.status.success(), "{out}");
    assert_eq!(
        err.trim_end(),
        "error: SF_AUTH_FLOW=refresh-token needs SF_REFRESH_TOKEN: the refresh token"
    );
}

#[test]
fn help_lists_every_flow_and_its_variables() {
    let output = command().arg("--help").output().unwrap();
    let (out, _) = text(&output);
    assert!(output.status.success());
    for needle in [
        "SF_AUTH_FLOW=client-credentials",
        "SF_AUTH_FLOW=jwt-bearer",
        "SF_JWT_KEY_FILE",
        "SF_AUTH_FLOW=sf-cli",
        "SF_TARGET_ORG",
        "SF_AUTH_FLOW=access-token",
    ] {
        assert!(out.contains(needle), "{needle} in:\n{out}");
    }
}
