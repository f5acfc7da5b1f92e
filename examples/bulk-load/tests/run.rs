//! Runs the compiled example against its in-process emulator and checks what it
//! printed: the path the loader chose, the counts, the calls and the verification.
//!
//! The default 100,000 records finish in well under a minute in a debug build, so
//! the default run is tested as is; a run just under the 2,000-record threshold
//! covers the sObject Collections path.

use example_support::run_against_emulator;

/// Runs the binary with `args`, asserts it succeeded, returns its stdout.
fn run(args: &[&str]) -> String {
    let stdout = run_against_emulator(env!("CARGO_BIN_EXE_example-bulk-load"), args);
    // Not a terminal: the progress bar must not leak into the output.
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\r'),
        "{stdout}"
    );
    stdout
}

/// The text after `key: ` on the line starting with it.
fn value<'a>(stdout: &'a str, key: &str) -> &'a str {
    let prefix = format!("{key}: ");
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no `{key}:` line in\n{stdout}"))
}

/// The leading number of `text`.
fn number(text: &str) -> u64 {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number at the start of {text:?}"))
}

/// (calls by the loader, of them polls) from the `api calls:` line.
fn loader_calls(stdout: &str) -> (u64, u64) {
    let line = value(stdout, "api calls");
    let polls = line
        .split(", ")
        .nth(1)
        .unwrap_or_else(|| panic!("no polls in {line:?}"));
    (number(line), number(polls))
}

/// The `+N calls` the org's `Sforce-Limit-Info` moved by during the load.
fn usage_delta(stdout: &str) -> u64 {
    let line = value(stdout, "api usage");
    let plus = line
        .split('+')
        .nth(1)
        .unwrap_or_else(|| panic!("no delta in {line:?}"));
    number(plus)
}

#[test]
fn default_run_loads_100000_accounts_through_bulk_and_counts_them_back() {
    let stdout = run(&[]);
    assert!(
        stdout.contains("loading 100000 Account records tagged BL-"),
        "{stdout}"
    );
    assert!(
        value(&stdout, "path").starts_with("Bulk API 2.0 "),
        "{stdout}"
    );
    assert_eq!(value(&stdout, "succeeded"), "100000");
    assert_eq!(value(&stdout, "failed"), "0");
    // create + upload + close + polls + successful results, whatever the volume.
    let (calls, polls) = loader_calls(&stdout);
    assert!(polls >= 1, "{stdout}");
    assert_eq!(calls, 4 + polls, "{stdout}");
    // The org charged exactly the calls the loader says it made.
    assert_eq!(usage_delta(&stdout), calls, "{stdout}");
    assert_eq!(value(&stdout, "bulk jobs").split(", ").count(), 1);
    assert!(
        value(&stdout, "count query")
            .starts_with("SELECT COUNT() FROM Account WHERE AccountNumber LIKE 'BL-"),
        "{stdout}"
    );
    assert_eq!(
        value(&stdout, "count"),
        "100000 (matches the 100000 records that succeeded)"
    );
}

#[test]
fn a_load_below_the_threshold_goes_through_collections_200_records_a_call() {
    let stdout = run(&["--records", "1999", "--tag", "BL-small-"]);
    assert!(
        value(&stdout, "path").starts_with("sObject Collections "),
        "{stdout}"
    );
    assert_eq!(value(&stdout, "succeeded"), "1999");
    assert_eq!(value(&stdout, "failed"), "0");
    assert_eq!(loader_calls(&stdout), (10, 0), "{stdout}");
    assert_eq!(usage_delta(&stdout), 10, "{stdout}");
    assert!(!stdout.contains("bulk jobs:"), "{stdout}");
    assert_eq!(
        value(&stdout, "count query"),
        "SELECT COUNT() FROM Account WHERE AccountNumber LIKE 'BL-small-%'"
    );
    assert_eq!(
        value(&stdout, "count"),
        "1999 (matches the 1999 records that succeeded)"
    );
}

#[test]
fn delete_after_removes_what_was_loaded() {
    let stdout = run(&["--records", "2000", "--tag", "BL-gone-", "--delete-after"]);
    assert!(
        value(&stdout, "path").starts_with("Bulk API 2.0 "),
        "{stdout}"
    );
    assert_eq!(
        value(&stdout, "count"),
        "2000 (matches the 2000 records that succeeded)"
    );
    assert_eq!(value(&stdout, "deleted"), "2000 succeeded, 0 failed");
}
