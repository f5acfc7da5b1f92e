//! Any string put through the builder as a literal comes back as exactly that value when
//! the produced SOQL is parsed. The judge is the emulator's SOQL parser
//! (`sf_emulator::soql::parse`), an independent implementation of the grammar.

use crate::common;

use common::models::*;
use proptest::prelude::*;
use sf_emulator::soql::ast::{Condition as ParsedCondition, Literal as ParsedLiteral, Operand};
use sf_runtime::soql::prelude::*;

/// Strings rich in what must be escaped: quotes, backslashes, control characters, LIKE
/// wildcards, and any unicode scalar.
fn tricky_string() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just('\''),
        Just('"'),
        Just('\\'),
        Just('\n'),
        Just('\r'),
        Just('\t'),
        Just('\u{8}'),
        Just('\u{c}'),
        Just('%'),
        Just('_'),
        Just(' '),
        Just('é'),
        Just('日'),
        Just('🦀'),
    ];
    let char = prop_oneof![3 => special, 2 => any::<char>()];
    prop_oneof![
        prop::collection::vec(char, 0..40).prop_map(|cs| cs.into_iter().collect()),
        any::<String>(),
    ]
}

/// The single comparison of a parsed WHERE clause.
fn only_comparison(soql: &str) -> Operand {
    let query =
        sf_emulator::soql::parse(soql).unwrap_or_else(|e| panic!("{soql:?} does not parse: {e:?}"));
    match query.where_clause {
        Some(ParsedCondition::Compare { right, .. }) => right,
        other => panic!("{soql:?}: expected one comparison, got {other:?}"),
    }
}

fn string_value(literal: &ParsedLiteral) -> (&str, &str) {
    match literal {
        ParsedLiteral::String { value, raw } => (value, raw),
        other => panic!("expected a string literal, got {other:?}"),
    }
}

/// One element of a LIKE pattern as SOQL reads it.
#[derive(Debug, PartialEq)]
enum PatternPart {
    AnyRun,
    AnyOne,
    Char(char),
}

/// Reads the raw text of a LIKE literal: `%`/`_` are wildcards, backslash escapes make
/// the next character literal (`\n` etc. stand for control characters).
fn read_pattern(raw: &str) -> Vec<PatternPart> {
    let mut parts = Vec::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        parts.push(match c {
            '%' => PatternPart::AnyRun,
            '_' => PatternPart::AnyOne,
            '\\' => {
                let escaped = chars.next().expect("dangling backslash");
                let unescaped = sf_emulator::soql::unescape(&format!("\\{escaped}")).unwrap();
                PatternPart::Char(unescaped.chars().next().unwrap())
            }
            c => PatternPart::Char(c),
        });
    }
    parts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn eq_literal_round_trips(s in tricky_string()) {
        let soql = Account::select((Account::ID,)).filter(Account::NAME.eq(s.as_str())).to_soql();
        match only_comparison(&soql) {
            Operand::Literal(literal, _) => prop_assert_eq!(string_value(&literal).0, s.as_str()),
            other => panic!("expected a literal, got {other:?}"),
        }
    }

    #[test]
    fn in_list_round_trips(a in tricky_string(), b in tricky_string()) {
        let soql = Account::select((Account::ID,))
            .filter(Account::NAME.is_in([a.as_str(), b.as_str()]))
            .to_soql();
        match only_comparison(&soql) {
            Operand::List(items, _) => {
                let values: Vec<&str> = items.iter().map(|(l, _)| string_value(l).0).collect();
                prop_assert_eq!(values, vec![a.as_str(), b.as_str()]);
            }
            other => panic!("expected a list, got {other:?}"),
        }
    }

    #[test]
    fn picklist_fallback_value_round_trips(s in tricky_string()) {
        let soql = Account::select((Account::ID,))
            .filter(Account::INDUSTRY.eq(AccountIndustry::Other(s.clone())))
            .to_soql();
        match only_comparison(&soql) {
            Operand::Literal(literal, _) => prop_assert_eq!(string_value(&literal).0, s.as_str()),
            other => panic!("expected a literal, got {other:?}"),
        }
    }

    /// `contains` matches the text itself: every character of it, wildcards included, is
    /// a literal character of the pattern, between two `%`.
    #[test]
    fn contains_pattern_is_literal(s in tricky_string()) {
        let soql = Account::select((Account::ID,)).filter(Account::NAME.contains(&s)).to_soql();
        match only_comparison(&soql) {
            Operand::Literal(literal, _) => {
                let parts = read_pattern(string_value(&literal).1);
                let mut expected = vec![PatternPart::AnyRun];
                expected.extend(s.chars().map(PatternPart::Char));
                expected.push(PatternPart::AnyRun);
                prop_assert_eq!(parts, expected);
            }
            other => panic!("expected a literal, got {other:?}"),
        }
    }

    /// In a user pattern only `%` and `_` are wildcards; quotes and control characters
    /// are still escaped.
    #[test]
    fn like_pattern_keeps_only_wildcards(s in tricky_string()) {
        let pattern: String = s.chars().filter(|c| *c != '\\').collect();
        let soql = Account::select((Account::ID,)).filter(Account::NAME.like(&pattern)).to_soql();
        match only_comparison(&soql) {
            Operand::Literal(literal, _) => {
                let parts = read_pattern(string_value(&literal).1);
                let expected: Vec<PatternPart> = pattern
                    .chars()
                    .map(|c| match c {
                        '%' => PatternPart::AnyRun,
                        '_' => PatternPart::AnyOne,
                        c => PatternPart::Char(c),
                    })
                    .collect();
                prop_assert_eq!(parts, expected);
            }
            other => panic!("expected a literal, got {other:?}"),
        }
    }

    /// Numbers render in plain decimal notation and parse back to the same value.
    #[test]
    fn numbers_round_trip(x in -1.0e15f64..1.0e15, n in any::<i64>()) {
        let soql = Account::select((Account::ID,)).filter(Account::ANNUAL_REVENUE.eq(x)).to_soql();
        match only_comparison(&soql) {
            Operand::Literal(ParsedLiteral::Number(d), _) => {
                prop_assert_eq!(d.to_string().parse::<f64>().unwrap(), x);
            }
            other => panic!("expected a number, got {other:?}"),
        }
        let soql = Opportunity::select((Opportunity::ID,)).filter(Opportunity::AMOUNT.gt(n)).to_soql();
        match only_comparison(&soql) {
            Operand::Literal(ParsedLiteral::Number(d), _) => prop_assert_eq!(d.to_string(), n.to_string()),
            other => panic!("expected a number, got {other:?}"),
        }
    }
}
