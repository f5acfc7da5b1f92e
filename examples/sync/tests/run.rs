//! Runs the example binary end to end against its in-process emulator.

use std::path::PathBuf;
use std::process::{Command, Output};

fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_example-sync"));
    cmd.env_remove("SF_INSTANCE_URL")
        .env_remove("SF_ACCESS_TOKEN");
    cmd
}

fn stdout_of(output: Output) -> String {
    let stdout = String::from_utf8(output.stdout).expect("utf-8 stdout");
    assert!(
        output.status.success(),
        "exit {}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// The lines of run `n` that start with `run n`.
fn run_lines(out: &str, n: usize) -> Vec<&str> {
    let prefix = format!("run {n}");
    out.lines().filter(|l| l.starts_with(&prefix)).collect()
}

#[test]
fn first_run_creates_a_rerun_changes_nothing_and_the_next_export_changes_two() {
    let out = stdout_of(command().output().expect("run example-sync"));
    assert!(
        out.contains("running against the emulator at http://127.0.0.1:"),
        "{out}"
    );

    assert_eq!(
        run_lines(&out, 1),
        [
            "run 1 (contacts.csv): 12 rows: 12 new, 0 changed, 0 unchanged",
            "run 1: upserted by Email: 12 created, 0 updated, 0 failed, 1 API calls",
            "run 1: incremental read: 12 contacts changed since the beginning",
        ],
        "{out}"
    );

    // The rerun: the same export writes nothing and the org reports no change.
    let run2 = run_lines(&out, 2);
    assert_eq!(
        run2[0], "run 2 (contacts.csv): 12 rows: 0 new, 0 changed, 12 unchanged",
        "{out}"
    );
    assert_eq!(
        run2[1], "run 2: upserted by Email: 0 created, 0 updated, 0 failed, 0 API calls",
        "{out}"
    );
    assert!(
        run2[2].starts_with("run 2: incremental read: 0 contacts changed since 20"),
        "{out}"
    );

    // Grace Hopper's new title and Frances Allen; Alan Turing's upper-case
    // email is the same contact, so not a change.
    let run3 = run_lines(&out, 3);
    assert_eq!(
        run3[0], "run 3 (contacts-next.csv): 13 rows: 1 new, 1 changed, 11 unchanged",
        "{out}"
    );
    assert_eq!(
        run3[1], "run 3: upserted by Email: 1 created, 1 updated, 0 failed, 1 API calls",
        "{out}"
    );
    assert!(
        run3[2].starts_with("run 3: incremental read: 2 contacts changed since 20"),
        "{out}"
    );
    let after_run3 = out.split(run3[2]).nth(1).unwrap();
    let changed: Vec<&str> = after_run3
        .lines()
        .filter_map(|l| l.strip_prefix("  changed "))
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(
        changed,
        ["grace.hopper@example.com", "frances.allen@example.com"],
        "{out}"
    );

    // Grace Hopper was updated in place: the id read in run 3 is the one run 1 created.
    let id_of = |text: &str| {
        text.lines()
            .find(|l| l.contains(" grace.hopper@example.com "))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(str::to_owned)
    };
    let before_run2 = out.split(run2[0]).next().unwrap();
    assert_eq!(id_of(before_run2), id_of(after_run3), "{out}");
}

#[test]
fn the_state_file_carries_the_watermark_to_the_next_invocation() {
    let dir = std::env::temp_dir().join(format!("example-sync-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let csv = data("contacts.csv");

    let first = stdout_of(
        command()
            .arg("--state")
            .arg(&state)
            .arg(&csv)
            .output()
            .unwrap(),
    );
    assert!(
        first.contains("run 1: incremental read: 12 contacts changed since the beginning"),
        "{first}"
    );
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let at = saved["at"].as_str().expect("a watermark").to_owned();

    // A new emulator starts empty: its 12 new contacts are all newer than the
    // saved watermark, and the read says it started from there.
    let second = stdout_of(
        command()
            .arg("--state")
            .arg(&state)
            .arg(&csv)
            .output()
            .unwrap(),
    );
    assert!(
        second.contains(&format!(
            "run 1: incremental read: 12 contacts changed since {at}"
        )),
        "{second}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_csv_with_a_duplicate_key_is_refused_before_any_write() {
    let dir = std::env::temp_dir().join(format!("example-sync-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("dup.csv");
    std::fs::write(
        &csv,
        "FirstName,LastName,Email,Title,Phone\nA,B,a@example.com,,\nC,D,A@Example.com,,\n",
    )
    .unwrap();
    let out = command().arg(&csv).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dup.csv: line 3: a@example.com appears twice"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("upserted"));
    std::fs::remove_dir_all(&dir).unwrap();
}
