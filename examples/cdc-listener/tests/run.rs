//! Runs the listener against its in-process emulator.

#[test]
fn the_listener_prints_the_create_update_and_delete_it_made_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = example_support::run_against_emulator(
        env!("CARGO_BIN_EXE_example-cdc-listener"),
        &[
            "--events",
            "3",
            "--replay-dir",
            dir.path().to_str().unwrap(),
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("listening to the emulator at http://127.0.0.1:"),
        "{out}"
    );
    assert!(lines[1].starts_with("Create Account 001"), "{out}");
    assert!(
        lines[1].contains(r#"name=Some("Acme") phone=Some("555-0100")"#),
        "{out}"
    );
    assert!(lines[2].starts_with("Update Account 001"), "{out}");
    assert!(
        lines[2].contains(r#"name=Some("Acme Corp") phone=None"#),
        "{out}"
    );
    assert!(lines[2].contains(r#"nulled=["Phone"]"#), "{out}");
    assert!(lines[3].starts_with("Delete Account 001"), "{out}");
    assert_eq!(lines.len(), 4, "{out}");
    // The last processed event's replay id is kept for the next run.
    let saved: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(saved.len(), 1, "{out}");
}
