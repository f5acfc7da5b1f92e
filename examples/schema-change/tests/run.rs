//! Runs the app of the walkthrough against its in-process emulator: built from
//! the "before" model, its typed write of AnnualRevenue compiles and lands.

use example_support::run_against_emulator;

#[test]
fn the_app_writes_annual_revenue_and_reads_it_back() {
    let stdout = run_against_emulator(env!("CARGO_BIN_EXE_example-schema-change"), &[]);
    assert!(
        stdout.starts_with("target: emulator at http://127.0.0.1:"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "model: Account.AnnualRevenue is currency, createable = true, updateable = true, calculated = false\n"
        ),
        "{stdout}"
    );
    // The emulator stored what the PATCH sent, and the typed read decoded it.
    assert!(
        stdout.contains(
            "read back: Name = Schema Change Demo, Industry = Technology, AnnualRevenue = 1250000\n"
        ),
        "{stdout}"
    );
    let created = stdout
        .lines()
        .find_map(|l| l.strip_prefix("created: Account "))
        .unwrap_or_else(|| panic!("no created line in\n{stdout}"));
    assert!(
        created.starts_with("001") && created.len() == 18,
        "{created}"
    );
    assert!(
        stdout.contains(&format!("deleted: Account {created}\n")),
        "{stdout}"
    );
}
