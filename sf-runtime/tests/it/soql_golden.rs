//! Golden tests: builder expressions and the exact SOQL they render. Many follow the
//! examples of Salesforce's SOQL reference, adapted to the test models.

use crate::clauses;
use crate::fields;

use clauses::*;
use fields::*;

/// Compares every case and reports all mismatches at once.
fn check(cases: Vec<(String, &str)>) -> usize {
    let failures: Vec<String> = cases
        .iter()
        .filter(|(got, want)| got != want)
        .map(|(got, want)| format!("\n  want: {want}\n  got:  {got}"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} mismatches:{}",
        failures.len(),
        failures.join("")
    );
    cases.len()
}

#[test]
fn selects() {
    check(select_cases());
}

#[test]
fn parent_paths() {
    check(parent_path_cases());
}

#[test]
fn child_subqueries() {
    check(child_cases());
}

#[test]
fn where_operators() {
    check(where_cases());
}

#[test]
fn escaping() {
    check(escaping_cases());
}

#[test]
fn logic() {
    check(logic_cases());
}

#[test]
fn date_literals() {
    check(date_literal_cases());
}

#[test]
fn semi_joins() {
    check(semi_join_cases());
}

#[test]
fn order_limit_and_clauses() {
    check(order_limit_cases());
}

#[test]
fn aggregates() {
    check(aggregate_cases());
}

#[test]
fn functions_and_typeof() {
    check(function_and_typeof_cases());
}

/// The suite as a whole holds at least 150 distinct expressions.
#[test]
fn suite_size() {
    let all: Vec<(String, &str)> = [
        select_cases(),
        parent_path_cases(),
        child_cases(),
        where_cases(),
        escaping_cases(),
        logic_cases(),
        date_literal_cases(),
        semi_join_cases(),
        order_limit_cases(),
        aggregate_cases(),
        function_and_typeof_cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let distinct: std::collections::BTreeSet<&str> = all.iter().map(|(_, want)| *want).collect();
    assert!(
        distinct.len() >= 150,
        "only {} distinct golden strings",
        distinct.len()
    );
}

/// Every golden string is valid SOQL for the emulator's parser (another implementation
/// of the grammar, written from the SOQL reference).
#[test]
fn emulator_parses_every_golden() {
    let all: Vec<(String, &str)> = [
        select_cases(),
        parent_path_cases(),
        child_cases(),
        where_cases(),
        escaping_cases(),
        logic_cases(),
        date_literal_cases(),
        semi_join_cases(),
        order_limit_cases(),
        aggregate_cases(),
        function_and_typeof_cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let failures: Vec<String> = all
        .iter()
        .filter_map(|(_, soql)| {
            sf_emulator::soql::parse(soql)
                .err()
                .map(|e| format!("\n  {soql}\n    -> {e:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} rejected:{}",
        failures.len(),
        failures.join("")
    );
}
