//! Property tests over the SOQL and SOSL front ends: whatever text arrives
//! (token soups, mutated valid statements, random strings and bytes, runs
//! of parentheses and `NOT`), parsing and running it answers `Ok` or a
//! `SoqlError` — never a panic, never a stack overflow. The case counts are
//! fixed so the run is deterministic in size and takes seconds.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::fixture::{opts, World};
use sf_emulator::soql;

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(World::new)
}

/// Runs a statement through every entry point; only panics fail the test.
fn exercise(text: &str) {
    let w = world();
    let _ = soql::parse(text);
    let _ = w.query(text);
    let _ = w.query_all(text);
    let _ = soql::search(&w.schema, &w.store, text, &opts());
    let _ = soql::search(&w.schema, &w.store, &format!("FIND {{{text}}}"), &opts());
}

/// Words and symbols of both languages, a few names the schema knows and
/// literals of every shape the lexer recognizes (and some it refuses).
const VOCABULARY: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "AND",
    "OR",
    "NOT",
    "IN",
    "NOT IN",
    "LIKE",
    "INCLUDES",
    "EXCLUDES",
    "GROUP BY",
    "ROLLUP",
    "CUBE",
    "HAVING",
    "ORDER BY",
    "ASC",
    "DESC",
    "NULLS",
    "FIRST",
    "LAST",
    "LIMIT",
    "OFFSET",
    "FOR",
    "VIEW",
    "UPDATE",
    "TRACKING",
    "WITH",
    "DATA CATEGORY",
    "AT",
    "ABOVE",
    "BELOW",
    "ABOVE_OR_BELOW",
    "SECURITY_ENFORCED",
    "USING SCOPE",
    "TYPEOF",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "FIND",
    "RETURNING",
    "IN ALL FIELDS",
    "COUNT",
    "COUNT()",
    "SUM",
    "MIN",
    "MAX",
    "AVG",
    "COUNT_DISTINCT",
    "GROUPING",
    "FORMAT",
    "toLabel",
    "convertCurrency",
    "CALENDAR_YEAR",
    "DAY_ONLY",
    "FIELDS",
    "ALL",
    "DISTANCE",
    "GEOLOCATION",
    "Id",
    "Name",
    "Account",
    "Contact",
    "Opportunity",
    "Task",
    "What",
    "Owner",
    "Contacts",
    "AccountId",
    "Amount",
    "CloseDate",
    "StageName",
    "Industry",
    "Type",
    "Account.Name",
    "Owner.Name",
    "a",
    "(",
    ")",
    "(",
    ")",
    ",",
    ".",
    ":",
    "=",
    "!=",
    "<>",
    "<",
    "<=",
    ">",
    ">=",
    "-",
    "+",
    "'x'",
    "'%a_'",
    "'\\''",
    "'unterminated",
    "42",
    "3.14",
    "-7",
    "2024-01-31",
    "2024-01-31T10:00:00Z",
    "10:30:00.000Z",
    "10:30:00",
    "TODAY",
    "LAST_N_DAYS:3",
    "NEXT_N_WEEKS",
    "N_DAYS_AGO:",
    "null",
    "true",
    "FALSE",
    "USD5000",
    "JPY5000.5",
    "{",
    "}",
    "\"",
    "*",
    "?",
    "\n",
    "'mi'",
    "99999999999999999999999999999",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCABULARY), 0..60).prop_map(|t| t.join(" "))
}

/// Valid statements the mutations start from.
const SEEDS: &[&str] = &[
    "SELECT Id, Name FROM Account WHERE Industry = 'Technology' ORDER BY Name LIMIT 5",
    "SELECT Name, (SELECT LastName FROM Contacts) FROM Account WHERE NOT (Name LIKE 'a%')",
    "SELECT StageName, COUNT(Id) n FROM Opportunity GROUP BY ROLLUP(StageName) HAVING COUNT(Id) > 1",
    "SELECT Id FROM Contact WHERE AccountId IN (SELECT Id FROM Account WHERE Rating = 'Hot')",
    "SELECT Subject, TYPEOF What WHEN Account THEN Name ELSE Name END FROM Task",
    "SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:30 AND (Rating = null OR Rating != 'Cold')",
    "SELECT FORMAT(MIN(CloseDate)) Amt FROM Opportunity",
    "SELECT Name FROM Account WITH DATA CATEGORY Geography__c AT (usa__c, uk__c)",
    "FIND {acme OR (globex AND NOT \"big tech\")} IN NAME FIELDS RETURNING Account(Name WHERE Rating = 'Hot' LIMIT 2), Contact",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, &'static str),
    Swap(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0usize..400;
    prop_oneof![
        (at.clone(), 1usize..12).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (at.clone(), 1usize..12).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        (at.clone(), prop::sample::select(VOCABULARY)).prop_map(|(a, t)| Mutation::Insert(a, t)),
        (at.clone(), at.clone()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        at.prop_map(Mutation::Truncate),
    ]
}

/// Applies mutations to the statement's characters (so they also cut
/// through words, strings and numbers).
fn mutate(seed: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for m in mutations {
        let len = chars.len().max(1);
        match *m {
            Mutation::Delete(a, n) => {
                let a = a % len;
                let b = (a + n).min(chars.len());
                chars.drain(a.min(b)..b);
            }
            Mutation::Duplicate(a, n) => {
                let a = a % len;
                let b = (a + n).min(chars.len());
                let copy: Vec<char> = chars[a.min(b)..b].to_vec();
                chars.splice(b..b, copy);
            }
            Mutation::Insert(a, t) => {
                let a = (a % len).min(chars.len());
                let text: Vec<char> = format!(" {t} ").chars().collect();
                chars.splice(a..a, text);
            }
            Mutation::Swap(a, b) => {
                let n = chars.len();
                if n > 0 {
                    chars.swap(a % n, b % n);
                }
            }
            Mutation::Truncate(a) => chars.truncate(a % len),
        }
    }
    chars.into_iter().collect()
}

/// What opens one more level of nesting, in conditions, SELECT items and
/// search terms.
const OPENERS: &[&str] = &[
    "(",
    "NOT ",
    "NOT (",
    "FORMAT(",
    "What.",
    "Id IN (SELECT Id FROM Account WHERE ",
];

proptest! {
    #![proptest_config(Config::with_cases(64))]

    #[test]
    fn token_soups_never_panic(soup in token_soup()) {
        exercise(&soup);
        exercise(&format!("SELECT {soup}"));
        exercise(&format!("SELECT Id FROM Account WHERE {soup}"));
        exercise(&format!("FIND {{acme}} RETURNING Account({soup})"));
    }

    #[test]
    fn mutated_statements_never_panic(
        seed in prop::sample::select(SEEDS),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        exercise(&mutate(seed, &mutations));
    }

    #[test]
    fn random_text_never_panics(text in any::<String>(), printable in "[ -~\n]{0,200}") {
        exercise(&text);
        exercise(&printable);
        exercise(&format!("SELECT Id FROM Account WHERE Name = {printable}"));
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn runs_of_nesting_never_overflow(
        runs in prop::collection::vec((prop::sample::select(OPENERS), 1usize..4000), 1..4),
        noise in "[() ]{0,40}",
    ) {
        let mut open = String::new();
        let mut close = String::new();
        for (opener, n) in &runs {
            open.push_str(&opener.repeat(*n));
            close.push_str(&")".repeat(n * opener.matches('(').count()));
        }
        exercise(&format!("SELECT Id FROM Account WHERE {open}Name = 'x'{close}{noise}"));
        exercise(&format!("SELECT {open}Name{close} FROM Task"));
        exercise(&format!("FIND {{{open}acme{close}}}"));
        exercise(&format!("FIND {{acme}} RETURNING Account(Name WHERE {open}Name = 'x'{close})"));
    }
}
