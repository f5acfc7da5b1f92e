//! `sf-codegen pull` as a user runs it: credentials from flags or the
//! environment, against the in-process emulator.

use crate::common;

use sf_emulator::Emulator;
use std::process::Output;

/// Every variable `pull` reads, so the caller's environment cannot leak in.
const PULL_VARS: &[&str] = &[
    "SF_TARGET_ORG",
    "SF_INSTANCE_URL",
    "SF_ACCESS_TOKEN",
    "SF_LOGIN_URL",
    "SF_CLIENT_ID",
    "SF_CLIENT_SECRET",
    "SF_JWT_KEY_FILE",
    "SF_USERNAME",
    "SF_PASSWORD",
    "SF_REFRESH_TOKEN",
    "SF_TOKEN_STORE",
];

/// Runs the CLI off the async runtime (the emulator lives on it).
async fn run(envs: Vec<(&'static str, String)>, args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        let mut cmd = assert_cmd::Command::cargo_bin("sf-codegen").unwrap();
        for v in PULL_VARS {
            cmd.env_remove(v);
        }
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.args(args).output().unwrap()
    })
    .await
    .unwrap()
}

fn args(list: &[&str], out: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.push("--out".into());
    v.push(out.display().to_string());
    v
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

async fn emulator() -> Emulator {
    Emulator::builder()
        .schema_dir(common::default_schema())
        .start()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_an_access_token_from_the_environment() {
    let emu = emulator().await;
    let out = tempfile::tempdir().unwrap();
    let output = run(
        vec![
            ("SF_INSTANCE_URL", emu.url().to_string()),
            ("SF_ACCESS_TOKEN", emu.access_token().to_string()),
        ],
        args(
            &["pull", "--object", "Account", "--object", "Whizbang"],
            out.path(),
        ),
    )
    .await;
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout} {stderr}");
    assert!(stdout.contains("pulled 2 describe(s)"), "{stdout}");
    assert!(
        stdout.contains("next: sf-codegen generate --schema"),
        "{stdout}"
    );
    assert!(!stdout.contains(emu.access_token()));
    assert!(out.path().join("Account.json").exists());
    assert!(out.path().join("Whizbang.json").exists());
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_credentials_from_the_environment() {
    let emu = emulator().await;
    let out = tempfile::tempdir().unwrap();
    let output = run(
        vec![
            ("SF_CLIENT_ID", "3MVG9cli".to_string()),
            ("SF_CLIENT_SECRET", "cli-secret-value".to_string()),
            // Everything sf-codegen, sf-runtime, reqwest and hyper log: still no secret.
            ("RUST_LOG", "trace".to_string()),
        ],
        args(
            &["pull", "--login-url", emu.url(), "-o", "Lead"],
            out.path(),
        ),
    )
    .await;
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout} {stderr}");
    assert!(stdout.contains("pulled 1 describe(s)"), "{stdout}");
    assert!(!format!("{stdout}{stderr}").contains("cli-secret-value"));
    assert!(stderr.contains("fetching access token"), "{stderr}");
    assert!(out.path().join("Lead.json").exists());
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_names_where_it_came_from() {
    let emu = emulator().await;
    let out = tempfile::tempdir().unwrap();
    let secret = "00Dbad!cli-token-value";

    // From the flag: the message names the flag.
    let output = run(
        vec![],
        args(
            &[
                "pull",
                "--instance-url",
                emu.url(),
                "--access-token",
                secret,
                "-o",
                "Account",
            ],
            out.path(),
        ),
    )
    .await;
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stdout} {stderr}");
    assert!(stderr.contains("--access-token"), "{stderr}");
    assert!(stderr.contains("sf org display --json"), "{stderr}");
    assert!(!format!("{stdout}{stderr}").contains(secret));

    // From the environment: the message names the variable.
    let output = run(
        vec![
            ("SF_INSTANCE_URL", emu.url().to_string()),
            ("SF_ACCESS_TOKEN", secret.to_string()),
        ],
        args(&["pull", "-o", "Account"], out.path()),
    )
    .await;
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stdout} {stderr}");
    assert!(stderr.contains("SF_ACCESS_TOKEN"), "{stderr}");
    assert!(!format!("{stdout}{stderr}").contains(secret));
    assert!(!out.path().join("Account.json").exists());
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_pieces_of_a_flow_are_named() {
    let out = tempfile::tempdir().unwrap();
    // Nothing at all: the choices are listed.
    let output = run(vec![], args(&["pull", "-o", "Account"], out.path())).await;
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("--target-org"), "{stderr}");
    assert!(stderr.contains("--client-id"), "{stderr}");
    // A flow asked for by name with a piece missing.
    let output = run(
        vec![("SF_CLIENT_ID", "3MVG9x".to_string())],
        args(&["pull", "--auth", "jwt", "-o", "Account"], out.path()),
    )
    .await;
    let (_, stderr) = text(&output);
    assert!(stderr.contains("--username"), "{stderr}");
    assert!(stderr.contains("SF_USERNAME"), "{stderr}");
}

/// Writes an executable `sf` that answers `sf org display --json --target-org
/// my-org` with the emulator's session, as the Salesforce CLI would.
#[cfg(unix)]
fn fake_sf_cli(dir: &std::path::Path, instance_url: &str, token: &str) {
    use std::os::unix::fs::PermissionsExt;
    let script = format!(
        "#!/bin/sh\n\
         if [ \"$*\" != \"org display --json --target-org my-org\" ]; then\n\
         echo '{{\"status\": 1, \"name\": \"NoOrgFound\", \"message\": \"No authorization information found for '\"$*\"'\"}}'\n\
         exit 1\n\
         fi\n\
         echo '{{\"status\": 0, \"result\": {{\"accessToken\": \"{token}\", \"instanceUrl\": \"{instance_url}\", \"alias\": \"my-org\"}}}}'\n"
    );
    let path = dir.join("sf");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn target_org_uses_the_sf_cli_session() {
    let emu = emulator().await;
    let bin = tempfile::tempdir().unwrap();
    fake_sf_cli(bin.path(), emu.url(), emu.access_token());
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = tempfile::tempdir().unwrap();
    let output = run(
        vec![("PATH", path.clone())],
        args(
            &["pull", "--target-org", "my-org", "-o", "Case"],
            out.path(),
        ),
    )
    .await;
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout} {stderr}");
    assert!(out.path().join("Case.json").exists());
    assert!(!format!("{stdout}{stderr}").contains(emu.access_token()));

    // An alias the CLI does not know: the CLI's own error, and the flag to check.
    let output = run(
        vec![("PATH", path)],
        args(
            &["pull", "--target-org", "other-org", "-o", "Case"],
            out.path(),
        ),
    )
    .await;
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("NoOrgFound"), "{stderr}");
    assert!(stderr.contains("--target-org"), "{stderr}");
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_login_is_saved_and_the_next_pull_needs_none() {
    let emu = Emulator::builder()
        .schema_dir(common::default_schema())
        .auto_approve(true)
        .device_interval(1)
        .start()
        .await
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let store = out.path().join("login.json");
    let pull = |object: &str| {
        args(
            &[
                "pull",
                "--auth",
                "device",
                "--client-id",
                "3MVG9-cli",
                "--login-url",
                emu.url(),
                "--token-store",
                store.to_str().unwrap(),
                "--object",
                object,
            ],
            out.path(),
        )
    };
    let first = run(vec![], pull("Account")).await;
    let (stdout, stderr) = text(&first);
    assert!(first.status.success(), "{stdout} {stderr}");
    assert!(stderr.contains("To log in, open "), "{stderr}");
    let saved = std::fs::read_to_string(&store).unwrap();
    assert!(saved.contains("refresh_token"), "the login is kept");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&store).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The saved access token is no longer valid: the second pull refreshes it
    // with the saved refresh token, without a new login.
    emu.faults().expire_tokens();
    let second = run(vec![], pull("Contact")).await;
    let (stdout, stderr) = text(&second);
    assert!(second.status.success(), "{stdout} {stderr}");
    assert!(!stderr.contains("To log in"), "no new login: {stderr}");
    assert!(stdout.contains("pulled 1 describe(s)"), "{stdout}");
    // Nothing secret on the terminal.
    let token: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&store).unwrap()).unwrap();
    for key in ["access_token", "refresh_token"] {
        let secret = token[key].as_str().unwrap();
        assert!(!stdout.contains(secret) && !stderr.contains(secret));
    }
}
