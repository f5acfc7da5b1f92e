//! `pull` against the in-process emulator (`sf_emulator::Emulator`) serving the
//! bundled snapshot.

mod common;

use sf_codegen::pull::{pull, AccessToken, PullOptions};
use sf_emulator::Emulator;

fn options(emu: &Emulator, objects: &[&str], depth: u32, out: &std::path::Path) -> PullOptions {
    PullOptions {
        instance_url: emu.url().to_string(),
        access_token: AccessToken::new(emu.access_token()),
        api_version: "66.0".into(),
        objects: objects.iter().map(|s| s.to_string()).collect(),
        depth,
        out_dir: out.to_path_buf(),
        concurrency: 4,
        global: false,
        progress: false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pulls_objects_and_related_ones_to_a_depth() {
    let emu = Emulator::builder()
        .schema_dir(common::default_schema())
        .start()
        .await
        .unwrap();
    let out = tempfile::tempdir().unwrap();

    let summary = pull(&options(&emu, &["Contact"], 0, out.path()))
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
    let mut opts = options(&emu, &["Contact"], 1, out.path());
    opts.global = true;
    let summary = pull(&opts).await.unwrap();
    assert!(
        summary.objects.contains(&"Account".to_string()),
        "{summary:?}"
    );
    assert!(summary.objects.contains(&"Contact".to_string()));
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
async fn bad_token_fails_without_leaking_it_and_writes_nothing() {
    let emu = Emulator::builder()
        .schema_dir(common::default_schema())
        .start()
        .await
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("schema");
    let mut opts = options(&emu, &["Account"], 0, &target);
    opts.access_token = AccessToken::new("00Dsecret!tokenvalue");
    let err = pull(&opts).await.unwrap_err();
    let text = format!("{err} {err:?} {opts:?}");
    assert!(!text.contains("00Dsecret!tokenvalue"), "{text}");
    assert!(text.contains("401"), "{text}");
    assert!(!target.exists());

    // An unknown object asked for explicitly is an error naming it.
    let err = pull(&options(&emu, &["NoSuchThing__c"], 0, &target))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("NoSuchThing__c"), "{err}");
    emu.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_pull_reads_credentials_from_the_environment() {
    let emu = Emulator::builder()
        .schema_dir(common::default_schema())
        .start()
        .await
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let url = emu.url().to_string();
    let token = emu.access_token().to_string();
    let dir = out.path().to_path_buf();
    let output = tokio::task::spawn_blocking(move || {
        assert_cmd::Command::cargo_bin("sf-codegen")
            .unwrap()
            .env("SF_INSTANCE_URL", url)
            .env("SF_ACCESS_TOKEN", &token)
            .args([
                "pull", "--object", "Account", "--object", "Whizbang", "--out",
            ])
            .arg(&dir)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("pulled 2 describe(s)"), "{stdout}");
    assert!(!stdout.contains(emu.access_token()));
    assert!(out.path().join("Account.json").exists());
    assert!(out.path().join("Whizbang.json").exists());
    emu.shutdown().await.unwrap();
}
