//! `pull` against the in-process emulator (`sf_emulator::Emulator`) serving the
//! bundled snapshot: every login flow the emulator's token endpoint offers, and
//! the errors a user meets (refused token, unknown object, unreachable host).

use crate::common;

use sf_codegen::credentials::Credentials;
use sf_codegen::pull::{pull, PullOptions};
use sf_emulator::Emulator;

const CLIENT_ID: &str = "3MVG9codegen.test.client";
const CLIENT_SECRET: &str = "client-secret-0123456789";
const USERNAME: &str = "pull@example.com";
const PASSWORD: &str = "hunter2-password";

/// An emulator that accepts only the test client and user.
async fn restricted_emulator() -> Emulator {
    Emulator::builder()
        .schema_dir(common::default_schema())
        .credentials(sf_emulator::Credentials {
            client: Some((CLIENT_ID.into(), CLIENT_SECRET.into())),
            user: Some((USERNAME.into(), PASSWORD.into())),
            jwt_public_key_pem: None,
        })
        .start()
        .await
        .unwrap()
}

async fn open_emulator() -> Emulator {
    Emulator::builder()
        .schema_dir(common::default_schema())
        .start()
        .await
        .unwrap()
}

fn token_credentials(emu: &Emulator) -> Credentials {
    Credentials::AccessToken {
        instance_url: emu.url().to_string(),
        access_token: emu.access_token().into(),
    }
}

fn options(
    credentials: Credentials,
    objects: &[&str],
    depth: u32,
    out: &std::path::Path,
) -> PullOptions {
    let mut opts = PullOptions::new(credentials, objects.iter().copied(), out);
    opts.depth = depth;
    opts.concurrency = 4;
    opts.progress = false;
    opts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pulls_objects_and_related_ones_to_a_depth() {
    let emu = open_emulator().await;
    let out = tempfile::tempdir().unwrap();

    let summary = pull(&options(
        token_credentials(&emu),
        &["Contact"],
        0,
        out.path(),
    ))
    .await
    .unwrap();
    assert_eq!(summary.objects, vec!["Contact"]);
    assert!(
        summary.not_followed.contains(&"Account".to_string()),
        "{summary:?}"
    );
    let pulled = common::json(&out.path().join("Contact.json"));
    let original = common::json(&common::default_schema().join("Contact.json"));
    assert_eq!(pulled["name"], "Contact");
    assert_eq!(
        pulled["fields"].as_array().unwrap().len(),
        original["fields"].as_array().unwrap().len()
    );

    // Depth 1: Contact's lookups (Account, and User/Individual which this org lacks).
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(token_credentials(&emu), &["Contact"], 1, out.path());
    opts.global = true;
    let summary = pull(&opts).await.unwrap();
    assert!(
        summary.objects.contains(&"Account".to_string()),
        "{summary:?}"
    );
    assert!(summary.objects.contains(&"Contact".to_string()));
    assert!(
        summary.not_found.contains(&"User".to_string()),
        "{summary:?}"
    );
    for o in &summary.objects {
        assert!(out.path().join(format!("{o}.json")).exists(), "{o}");
    }
    assert!(out.path().join("sobjects.json").exists());

    // What was pulled is a snapshot `generate` accepts.
    let g = sf_codegen::Generator::new()
        .schema_dir(out.path())
        .generate()
        .unwrap();
    assert!(g.files.contains_key("contact.rs"));
    assert!(g.files["contact.rs"].contains("Id<super::Account>"));
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_credentials_flow() {
    let emu = restricted_emulator().await;
    let out = tempfile::tempdir().unwrap();
    let creds = Credentials::ClientCredentials {
        login_url: emu.url().to_string(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
    };
    let summary = pull(&options(creds, &["Account", "Case"], 0, out.path()))
        .await
        .unwrap();
    assert_eq!(summary.objects, vec!["Account", "Case"]);
    assert_eq!(common::json(&out.path().join("Case.json"))["name"], "Case");

    // A wrong secret: the error names the flags to check, never the secret.
    let creds = Credentials::ClientCredentials {
        login_url: emu.url().to_string(),
        client_id: CLIENT_ID.into(),
        client_secret: "wrong-secret-987654".into(),
    };
    let target = out.path().join("second");
    let err = pull(&options(creds, &["Account"], 0, &target))
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(text.contains("--client-secret"), "{text}");
    assert!(text.contains("SF_CLIENT_SECRET"), "{text}");
    assert!(!text.contains("wrong-secret-987654"), "{text}");
    assert!(!target.exists());
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn username_password_flow() {
    let emu = restricted_emulator().await;
    let out = tempfile::tempdir().unwrap();
    let creds = |password: &str| Credentials::UsernamePassword {
        login_url: emu.url().to_string(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        username: USERNAME.into(),
        password: password.into(),
    };
    let summary = pull(&options(creds(PASSWORD), &["Opportunity"], 0, out.path()))
        .await
        .unwrap();
    assert_eq!(summary.objects, vec!["Opportunity"]);
    assert!(out.path().join("Opportunity.json").exists());

    let err = pull(&options(
        creds("not-the-password"),
        &["Opportunity"],
        0,
        out.path(),
    ))
    .await
    .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(text.contains("--password"), "{text}");
    assert!(text.contains("legacy"), "{text}");
    assert!(!text.contains("not-the-password"), "{text}");
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jwt_bearer_and_refresh_token_flows() {
    // The signing key is sf-runtime's test key; the emulator checks issuer and
    // subject (no public key configured, so any signature is accepted).
    let key = common::root().join("sf-runtime/tests/client_support/test_rsa_key.pem");
    let emu = restricted_emulator().await;
    let out = tempfile::tempdir().unwrap();
    let jwt = Credentials::JwtBearer {
        login_url: emu.url().to_string(),
        client_id: CLIENT_ID.into(),
        username: USERNAME.into(),
        key_file: key,
    };
    let summary = pull(&options(jwt, &["Lead"], 0, out.path())).await.unwrap();
    assert_eq!(summary.objects, vec!["Lead"]);

    // A key file that is not a key: says which flag, shows no contents.
    let not_a_key = out.path().join("Lead.json");
    let bad = Credentials::JwtBearer {
        login_url: emu.url().to_string(),
        client_id: CLIENT_ID.into(),
        username: USERNAME.into(),
        key_file: not_a_key,
    };
    let err = pull(&options(bad, &["Lead"], 0, out.path()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--jwt-key-file"), "{err}");
    emu.shutdown().await.unwrap();

    // Refresh tokens: an open emulator accepts any non-empty one.
    let emu = open_emulator().await;
    let out = tempfile::tempdir().unwrap();
    let refresh = Credentials::RefreshToken {
        login_url: emu.url().to_string(),
        client_id: CLIENT_ID.into(),
        client_secret: None,
        refresh_token: "5Aep861refresh".into(),
    };
    let summary = pull(&options(refresh, &["Account"], 0, out.path()))
        .await
        .unwrap();
    assert_eq!(summary.objects, vec!["Account"]);
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_token_says_which_flag_without_leaking_it_and_writes_nothing() {
    let emu = open_emulator().await;
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("schema");
    let creds = Credentials::AccessToken {
        instance_url: emu.url().to_string(),
        access_token: "00Dsecret!tokenvalue".into(),
    };
    let opts = options(creds, &["Account"], 0, &target);
    let err = pull(&opts).await.unwrap_err();
    let text = format!("{err} {err:?} {opts:?}");
    assert!(!text.contains("00Dsecret!tokenvalue"), "{text}");
    assert!(text.contains("401"), "{text}");
    assert!(text.contains("INVALID_SESSION_ID"), "{text}");
    assert!(text.contains("--access-token"), "{text}");
    assert!(text.contains("SF_ACCESS_TOKEN"), "{text}");
    assert!(text.contains("sf org display --json"), "{text}");
    assert!(!target.exists());

    // An unknown object asked for explicitly is an error naming it.
    let err = pull(&options(
        token_credentials(&emu),
        &["NoSuchThing__c"],
        0,
        &target,
    ))
    .await
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("NoSuchThing__c"), "{text}");
    assert!(text.contains("check the API name"), "{text}");
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_instance_names_the_url() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = tempfile::tempdir().unwrap();
    let creds = Credentials::AccessToken {
        instance_url: url.clone(),
        access_token: "00Dunreachable!token".into(),
    };
    let mut opts = options(creds, &["Account"], 0, out.path());
    opts.retries = 0;
    let err = pull(&opts).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains(&url), "{text}");
    assert!(text.contains("--instance-url"), "{text}");
    assert!(!text.contains("00Dunreachable!token"), "{text}");

    // The same for the login host of an OAuth flow.
    let creds = Credentials::ClientCredentials {
        login_url: url.clone(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
    };
    let mut opts = options(creds, &["Account"], 0, out.path());
    opts.retries = 0;
    let text = pull(&opts).await.unwrap_err().to_string();
    assert!(text.contains(&url), "{text}");
    assert!(text.contains("--login-url"), "{text}");
}
