//! Runs the example binary end to end against its in-process emulator.

use example_support::run_against_emulator;

#[test]
fn the_tour_creates_queries_patches_and_deletes_through_the_hand_written_struct() {
    let raw = run_against_emulator(env!("CARGO_BIN_EXE_example-derive-by-hand"), &[]);
    // Names carry a per-run tag; take it out to compare whole lines.
    let tag = raw
        .lines()
        .find_map(|l| l.strip_prefix("names of this run start with \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or_else(|| panic!("no tag line:\n{raw}"))
        .to_owned();
    assert!(tag.starts_with("DBH-"), "{tag}");
    let out = raw.replace(&tag, "");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("running against the emulator at http://127.0.0.1:"),
        "{out}"
    );

    // Four creates; the emulator numbers Account ids from 001…1.
    let created: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("created "))
        .copied()
        .collect();
    assert_eq!(
        created,
        [
            "created 0015E0000000001QAA Northwind Power",
            "created 0015E0000000002QAA Contoso Labs",
            "created 0015E0000000003QAA Open Shelter",
            "created 0015E0000000004QAA Helix Bio (by another integration, untyped)",
        ],
        "{out}"
    );

    let list_query = "query: SELECT Id, Name, Industry, AnnualRevenue FROM Account \
         WHERE Name LIKE '%' ORDER BY Name ASC";
    let at = lines
        .iter()
        .position(|l| *l == list_query)
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        lines[at + 1..at + 5],
        [
            "  Contoso Labs | Technology | 900000",
            "  Helix Bio | Other(\"Biotechnology\") | 4200000",
            "  Northwind Power | Energy | 2500000",
            "  Open Shelter | NotForProfit | no revenue",
        ],
        "the untyped record's industry lands in Other: {out}"
    );

    assert!(
        out.contains(
            "query: SELECT Name, AnnualRevenue FROM Account WHERE Name LIKE '%' \
             AND AnnualRevenue >= 1000000 ORDER BY AnnualRevenue DESC\n  \
             annual revenue of 1,000,000 or more: Helix Bio, Northwind Power\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("patched 0015E0000000001QAA: Northwind Power | Technology | no revenue"),
        "{out}"
    );
    assert!(
        out.contains("deleted 4 records; 0 left with names starting \"\""),
        "{out}"
    );
}
