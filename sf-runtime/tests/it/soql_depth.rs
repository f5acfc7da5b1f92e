//! Conditions built in a loop nest as deep as the loop runs. Building, rendering,
//! cloning, comparing, printing and dropping them must not recurse per level: these
//! run on the default test thread stack (2 MiB), which a recursive walk exhausts
//! somewhere between 10,000 and 100,000 levels.

use crate::common::models::*;
use sf_runtime::soql::prelude::*;
use sf_runtime::soql::Condition;

fn base() -> Condition<Account> {
    Account::NAME.eq("A")
}

/// `NOT (NOT (… NOT Name = 'A' …))`, `depth` levels.
fn nots(depth: usize) {
    let mut c = base();
    for _ in 0..depth {
        c = !c;
    }
    let query = Account::select((Account::ID,)).filter(c);
    let soql = query.to_soql();
    let expected = format!(
        "SELECT Id FROM Account WHERE {}NOT Name = 'A'{}",
        "NOT (".repeat(depth - 1),
        ")".repeat(depth - 1)
    );
    assert!(soql == expected, "{} levels rendered wrong", depth);
    let copy = query.clone();
    assert!(copy.ast() == query.ast());
    let shown = format!("{:?}", query.ast().filter.as_ref().unwrap());
    let levels = depth.min(2);
    assert!(shown.starts_with(&"Not(".repeat(levels)) && shown.ends_with(&")".repeat(levels)));
    drop(copy);
    drop(query);
}

/// `((… (Name = 'A' AND Name = 'X') OR Name = 'Y' …) AND Name = 'X') OR Name = 'Y'`:
/// AND and OR alternate, so the flattening in `and`/`or` cannot collapse them and the
/// tree is `2 * rounds` deep.
fn alternating(rounds: usize) {
    let mut c = base();
    for _ in 0..rounds {
        c = c.and(Account::NAME.eq("X")).or(Account::NAME.eq("Y"));
    }
    let query = Account::select((Account::ID,)).filter(c);
    let soql = query.to_soql();
    let expected = format!(
        "SELECT Id FROM Account WHERE {}(Name = 'A' AND Name = 'X') OR Name = 'Y'{}",
        "((".repeat(rounds - 1),
        ") AND Name = 'X') OR Name = 'Y'".repeat(rounds - 1)
    );
    assert!(soql == expected, "{} rounds rendered wrong", rounds);
    let copy = query.clone();
    assert!(copy.ast() == query.ast());
    drop(copy);
    drop(query);
}

#[test]
fn shallow_trees_render_as_before() {
    nots(1);
    nots(3);
    alternating(1);
    alternating(2);
    let c = !(base() & !(Account::NAME.eq("B") | Account::NAME.eq("C")));
    assert_eq!(
        Account::select((Account::ID,)).filter(c).to_soql(),
        "SELECT Id FROM Account WHERE NOT (Name = 'A' AND (NOT (Name = 'B' OR Name = 'C')))"
    );
}

#[test]
fn a_condition_nested_100_000_deep_renders_and_drops() {
    nots(100_000);
    alternating(50_000);
}

#[test]
fn a_condition_nested_1_000_000_deep_renders_and_drops() {
    nots(1_000_000);
    alternating(500_000);
}

#[test]
fn a_long_flat_conjunction_builds_in_linear_time() {
    // `c = c.and(x)` appends to one list; 200,000 terms would take minutes if
    // each `and` copied the list.
    let mut c = base();
    for _ in 0..200_000 {
        c = c.and(Account::NAME.eq("X"));
    }
    let soql = Account::select((Account::ID,)).filter(c).to_soql();
    assert_eq!(soql.matches(" AND ").count(), 200_000);
}
