//! The quick start's `cargo run -p example-build-rs`, end to end against the
//! in-process emulator: every step's output is checked, not just the exit code.

use example_support::run_against_emulator;

#[test]
fn quick_start_runs_typed_writes_and_queries_against_the_emulator() {
    let stdout = run_against_emulator(env!("CARGO_BIN_EXE_example-build-rs"), &[]);
    let lines: Vec<&str> = stdout.lines().collect();
    let has = |needle: &str| lines.iter().any(|l| l.contains(needle));

    assert!(
        has("running against the emulator at http://127.0.0.1:"),
        "{stdout}"
    );
    assert!(
        has("created 1 account, 2 contacts and 1 opportunity in 1 API call(s)"),
        "{stdout}"
    );
    assert!(has("SELECT Id, Name, Industry FROM Account WHERE Industry = 'Agriculture' ORDER BY Name ASC LIMIT 10"), "{stdout}");
    assert!(has("agriculture accounts: 1"), "{stdout}");
    assert!(has("  Globex Farms (Some(Agriculture))"), "{stdout}");
    assert!(has("  Lovelace works at Acme Wind"), "{stdout}");
    assert!(has("  Turing works at Acme Wind"), "{stdout}");
    assert!(has("contacts with an email: 2"), "{stdout}");
    assert!(has("  Acme Wind has 1 won opportunity(ies)"), "{stdout}");
    assert!(
        has("updated Acme Wind: employees Some(150), description None"),
        "{stdout}"
    );
    assert!(has("accounts in the org: 2"), "{stdout}");
    // The created id is an 18-character Account id (key prefix 001).
    let created = lines
        .iter()
        .find_map(|l| l.strip_prefix("created Account "))
        .expect("created line");
    assert_eq!(created.len(), 18, "{created}");
    assert!(created.starts_with("001"), "{created}");
}
