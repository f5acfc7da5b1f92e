//! The `sf-emulator` binary: help text, start-up errors that say what to do,
//! the `listening on` line, HTTPS with a written certificate, and `--data`
//! saved on SIGTERM and loaded again.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

pub(crate) fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema/default")
}

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sf-emulator"))
}

/// Starts the binary and returns it with the URL from its first stdout line.
pub(crate) fn spawn(args: &[&str]) -> (Child, String) {
    let mut child = binary()
        .arg("--schema")
        .arg(schema_dir())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line is `listening on URL`, got {line:?}"))
        .to_owned();
    (child, url)
}

#[cfg(unix)]
pub(crate) fn terminate(child: &mut Child) {
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "clean exit on SIGTERM: {exit:?}");
}

#[test]
fn help_documents_every_flag_with_examples() {
    let out = assert_cmd::Command::cargo_bin("sf-emulator")
        .unwrap()
        .arg("--help")
        .assert()
        .success();
    let help = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for needle in [
        "--schema <DIR>",
        "--addr <ADDR>",
        "--api-version <VERSION>",
        "--tls",
        "--cert-out <FILE>",
        "--data <FILE>",
        "--access-token <TOKEN>",
        "--client-id <ID>",
        "--client-secret <SECRET>",
        "--username <USER>",
        "--password <PASSWORD>",
        "--jwt-key <PEM_FILE>",
        "--token-ttl <SECS>",
        "--daily-limit <N>",
        "--page-size <N>",
        "--fail-nth <N:KIND>",
        "--fail-fraction <F:KIND>",
        "--fault-seed <N>",
        "--delay-ms <MS>",
        "listening on",
        "/__emulator/",
        // The examples a newcomer copies.
        "--schema schema/default --addr 127.0.0.1:8080 --access-token test-token",
        "simple-salesforce",
        "jsforce",
        "sf org login access-token",
        "--fail-nth 3:service_unavailable",
        "unable_to_lock_row",
    ] {
        assert!(help.contains(needle), "--help mentions {needle}:\n{help}");
    }
    let out = binary().output().unwrap();
    assert!(!out.status.success(), "--schema is required");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--schema"));
}

/// Runs the binary, expecting it to fail; answers its stderr.
fn failure(args: &[&str]) -> String {
    let out = assert_cmd::Command::cargo_bin("sf-emulator")
        .unwrap()
        .args(args)
        .assert()
        .failure();
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

#[test]
fn a_missing_schema_dir_says_where_to_get_one() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-schema");
    let stderr = failure(&["--schema", missing.to_str().unwrap()]);
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(
        stderr.contains("no-such-schema"),
        "names the path: {stderr}"
    );
    assert!(stderr.contains("--schema schema/default"), "{stderr}");
    assert!(stderr.contains("sf-codegen pull"), "{stderr}");
}

#[test]
fn an_empty_schema_dir_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a describe").unwrap();
    let stderr = failure(&["--schema", dir.path().to_str().unwrap()]);
    assert!(stderr.contains("has no object describes"), "{stderr}");
    assert!(stderr.contains("--schema schema/default"), "{stderr}");
}

#[test]
fn a_file_that_is_not_a_describe_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.json"), "{\"theme\": \"dark\"}").unwrap();
    let stderr = failure(&["--schema", dir.path().to_str().unwrap()]);
    assert!(stderr.contains("settings.json"), "names the file: {stderr}");
    assert!(stderr.contains("must be an object describe"), "{stderr}");
}

#[test]
fn a_port_in_use_suggests_another() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let schema = schema_dir();
    let stderr = failure(&["--schema", schema.to_str().unwrap(), "--addr", &addr]);
    assert!(stderr.contains("already uses that port"), "{stderr}");
    assert!(stderr.contains("--addr 127.0.0.1:0"), "{stderr}");
}

#[test]
fn bad_fault_specs_say_what_is_expected() {
    let schema = schema_dir();
    let schema = schema.to_str().unwrap();
    let stderr = failure(&["--schema", schema, "--fail-nth", "3:nonsense"]);
    assert!(stderr.contains("unknown fault kind `nonsense`"), "{stderr}");
    assert!(
        stderr.contains("service_unavailable"),
        "lists the kinds: {stderr}"
    );
    let stderr = failure(&["--schema", schema, "--fail-nth", "3"]);
    assert!(stderr.contains("expected N:KIND"), "{stderr}");
    let stderr = failure(&["--schema", schema, "--fail-nth", "0:server_error"]);
    assert!(stderr.contains("from 1"), "{stderr}");
    let stderr = failure(&["--schema", schema, "--fail-fraction", "1.5:server_error"]);
    assert!(stderr.contains("from 0 to 1"), "{stderr}");
}

#[test]
fn refuses_non_loopback_addresses() {
    let out = binary()
        .arg("--schema")
        .arg(schema_dir())
        .args(["--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback"));
}

fn create_account(
    url: &str,
    token: &str,
    name: &str,
    client: &reqwest::Client,
) -> (String, tokio::runtime::Runtime) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let id = rt.block_on(async {
        let resp = client
            .post(format!("{url}/services/data/v66.0/sobjects/Account"))
            .bearer_auth(token)
            .json(&json!({"Name": name}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201);
        let body: Value = resp.json().await.unwrap();
        body["id"].as_str().unwrap().to_owned()
    });
    (id, rt)
}

fn get_name(rt: &tokio::runtime::Runtime, url: &str, token: &str, id: &str) -> (u16, Value) {
    rt.block_on(async {
        let resp = reqwest::Client::new()
            .get(format!(
                "{url}/services/data/v66.0/sobjects/Account/{id}?fields=Name"
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (resp.status().as_u16(), resp.json().await.unwrap())
    })
}

#[cfg(unix)]
#[test]
fn data_file_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("org.json");
    let data_arg = data.to_str().unwrap();
    let args = ["--data", data_arg, "--access-token", "cli-test-token"];
    let (mut child, url) = spawn(&args);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let (id, rt) = create_account(&url, "cli-test-token", "Persisted", &reqwest::Client::new());
    terminate(&mut child);
    assert!(data.exists(), "written on shutdown");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file left");

    let (mut child, url) = spawn(&args);
    let (status, record) = get_name(&rt, &url, "cli-test-token", &id);
    assert_eq!((status, record["Name"].as_str()), (200, Some("Persisted")));
    terminate(&mut child);
}

#[cfg(unix)]
#[test]
fn tls_serves_https_with_the_written_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    let (mut child, url) = spawn(&[
        "--tls",
        "--cert-out",
        cert.to_str().unwrap(),
        "--access-token",
        "tls-token",
    ]);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let pem = std::fs::read(Path::new(&cert)).unwrap();
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let (id, rt) = create_account(&url, "tls-token", "Secure", &client);
    assert!(id.starts_with("001"));
    let untrusted = rt.block_on(
        reqwest::Client::new()
            .get(format!("{url}/services/data"))
            .send(),
    );
    assert!(
        untrusted.is_err(),
        "a self-signed certificate is not trusted by default"
    );
    terminate(&mut child);
}
