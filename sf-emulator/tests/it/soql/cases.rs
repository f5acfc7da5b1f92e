//! Helpers that turn the query tables into assertions: `{acc1}`-style
//! placeholders become real ids, error positions are given as a marker
//! substring (its first occurrence; `$` = end of input).

#![allow(dead_code)]

use super::fixture::{acc, con, id, opp, World};

/// Replaces `{acc1}`, `{acc1_15}`, `{con2}`, `{opp3}`, … with ids.
pub fn subst(s: &str) -> String {
    let mut out = s.to_owned();
    out = out.replace("{id1}", &id("aB5", 1));
    for n in (1..=9).rev() {
        for (tag, full) in [
            ("acc", acc(n)),
            ("con", con(n)),
            ("opp", opp(n)),
            ("case", id("500", n)),
        ] {
            out = out.replace(&format!("{{{tag}{n}_15}}"), &full[..15]);
            out = out.replace(&format!("{{{tag}{n}}}"), &full);
        }
    }
    out
}

/// Runs every `(soql, expected rendering)` row, collecting all failures.
pub fn check_valid(world: &World, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (soql, expected) in cases {
        let soql = subst(soql);
        let expected = subst(expected);
        match world.query(&soql) {
            Ok(out) => {
                let got = super::fixture::render(&out);
                if got != expected {
                    failures.push(format!(
                        "{soql}\n   expected: {expected}\n   got:      {got}"
                    ));
                }
            }
            Err(e) => failures.push(format!("{soql}\n   expected: {expected}\n   error: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The 1-based (row, column) of the first occurrence of `marker` in `soql`.
pub fn position(soql: &str, marker: &str) -> (usize, usize) {
    let at = if marker == "$" {
        soql.len()
    } else {
        soql.find(marker)
            .unwrap_or_else(|| panic!("marker {marker:?} not in {soql:?}"))
    };
    let before = &soql[..at];
    let row = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (row, before[line_start..].chars().count() + 1)
}

/// Runs every `(soql, code, marker)` row: the error code and its row/column.
pub fn check_invalid(world: &World, cases: &[(&str, &str, &str)]) {
    let mut failures = Vec::new();
    for (soql, code, marker) in cases {
        let soql = subst(soql);
        let want = if marker.is_empty() {
            (0, 0)
        } else {
            position(&soql, marker)
        };
        match world.query(&soql) {
            Ok(out) => failures.push(format!(
                "{soql}\n   expected {code} but got {} rows",
                out.total_size
            )),
            Err(e) => {
                if e.code != *code || (e.row, e.column) != want {
                    failures.push(format!(
                        "{soql}\n   expected {code} at {want:?}\n   got {} at {:?}: {}",
                        e.code,
                        (e.row, e.column),
                        e.message
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
