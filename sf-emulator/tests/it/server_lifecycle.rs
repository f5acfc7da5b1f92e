//! Starting and stopping in-process: data file round trip, HTTPS, and the
//! configurations `start` refuses.

use crate::server_common;

use serde_json::json;
use server_common::{builder, Api};
use sf_emulator::{Emulator, EmulatorError};

#[tokio::test]
async fn shutdown_writes_the_data_file_and_start_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("org.json");
    let emu = builder().data_file(&data).start().await.unwrap();
    let api = Api::new(&emu);
    let id = api.create("Contact", json!({"LastName": "Kept"})).await;
    let deleted = api.create("Contact", json!({"LastName": "Binned"})).await;
    api.delete(&format!("sobjects/Contact/{deleted}")).await;
    emu.shutdown().await.unwrap();

    let emu = builder().data_file(&data).start().await.unwrap();
    let api = Api::new(&emu);
    let (status, c) = api.get(&format!("sobjects/Contact/{id}")).await;
    assert_eq!((status, c["LastName"].as_str()), (200, Some("Kept")));
    assert!(
        emu.org().store.get("Contact", &deleted).unwrap().deleted,
        "the recycle bin is kept too"
    );
    // New ids continue after the loaded ones.
    let next = api.create("Contact", json!({"LastName": "New"})).await;
    assert!(next > deleted, "{next} > {deleted}");
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn https_in_process() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    let emu = builder().tls(&cert).start().await.unwrap();
    assert!(emu.url().starts_with("https://127.0.0.1:"));
    assert_eq!(emu.cert_path(), Some(cert.as_path()));
    let pem = std::fs::read(&cert).unwrap();
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let resp = http
        .get(format!("{}/services/data/v66.0/limits", emu.url()))
        .bearer_auth(emu.access_token())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn start_refuses_bad_configurations() {
    let err = Emulator::builder().start().await.unwrap_err();
    assert!(matches!(err, EmulatorError::NoSchema));
    let err = builder()
        .addr("0.0.0.0:0".parse().unwrap())
        .start()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("loopback"), "{err}");
    let err = Emulator::builder()
        .schema_dir("/nonexistent/schema")
        .start()
        .await
        .unwrap_err();
    assert!(matches!(err, EmulatorError::Schema(_)), "{err}");
}

#[tokio::test]
async fn debug_output_holds_no_secrets() {
    let emu = builder()
        .access_token("permanent-secret-token")
        .credentials(sf_emulator::Credentials {
            client: Some(("cid".into(), "client-secret-value".into())),
            user: Some(("me".into(), "password-value".into())),
            jwt_public_key_pem: None,
        })
        .start()
        .await
        .unwrap();
    let shown = format!("{emu:?} {:?} {:?}", emu.faults(), emu.state());
    for secret in [
        "permanent-secret-token",
        "client-secret-value",
        "password-value",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
}
