//! SOSL: FIND {term} with scopes, wildcards, phrases and boolean operators,
//! RETURNING specs with fields / WHERE / ORDER BY / LIMIT, and the result
//! shape of fixtures/real/query/swiftly-sosl-search-v53.json.

use crate::fixture;

use fixture::{opts, World};
use serde_json::{json, Value};
use sf_emulator::soql::{search, SoqlError};

fn run(sosl: &str) -> Result<Value, SoqlError> {
    let w = World::new();
    search(&w.schema, &w.store, sosl, &opts())
}

/// `Type:first value` per hit, in result order.
fn hits(sosl: &str) -> String {
    let v = run(sosl).unwrap_or_else(|e| panic!("{sosl}: {e}"));
    v["searchRecords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let obj = r.as_object().unwrap();
            let first = obj
                .iter()
                .find(|(k, _)| k.as_str() != "attributes")
                .map(|(_, v)| v.clone());
            format!(
                "{}:{}",
                r["attributes"]["type"].as_str().unwrap(),
                first.map_or("-".into(), |v| v
                    .as_str()
                    .map_or(v.to_string(), str::to_owned))
            )
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn table_of_searches() {
    let cases: &[(&str, &str)] = &[
        (
            "FIND {Acme} RETURNING Account(Name)",
            "Account:Acme | Account:acme labs",
        ),
        (
            "FIND {acme} IN NAME FIELDS RETURNING Account(Name)",
            "Account:Acme | Account:acme labs",
        ),
        (
            "FIND {acme} IN ALL FIELDS RETURNING Account(Name), Contact(LastName)",
            "Account:Acme | Account:acme labs | Contact:Doe | Contact:Smith",
        ),
        (
            "FIND {acme} IN NAME FIELDS RETURNING Account(Name), Contact(LastName)",
            "Account:Acme | Account:acme labs",
        ),
        (
            "FIND {acme} IN EMAIL FIELDS RETURNING Account(Name), Contact(LastName)",
            "Contact:Doe | Contact:Smith",
        ),
        (
            "FIND {jane.doe@acme.com} IN EMAIL FIELDS RETURNING Contact(FirstName)",
            "Contact:Jane",
        ),
        (
            "FIND {4155551212} IN PHONE FIELDS RETURNING Account(Name)",
            "Account:Acme",
        ),
        ("FIND {Glob*} RETURNING Account(Name)", "Account:Globex"),
        ("FIND {Gl?bex} RETURNING Account(Name)", "Account:Globex"),
        (
            "FIND {\"Umbrella Corp\"} RETURNING Account(Name)",
            "Account:Umbrella Corp",
        ),
        ("FIND {\"Corp Umbrella\"} RETURNING Account(Name)", ""),
        (
            "FIND {acme OR globex} RETURNING Account(Name)",
            "Account:Acme | Account:Globex | Account:acme labs",
        ),
        (
            "FIND {acme AND labs} RETURNING Account(Name)",
            "Account:acme labs",
        ),
        (
            "FIND {acme labs} RETURNING Account(Name)",
            "Account:acme labs",
        ),
        (
            "FIND {acme AND NOT labs} RETURNING Account(Name)",
            "Account:Acme",
        ),
        (
            "FIND {(acme OR globex) AND NOT labs} RETURNING Account(Name)",
            "Account:Acme | Account:Globex",
        ),
        (
            "FIND {acme} RETURNING Account(Name WHERE Industry = 'Technology')",
            "Account:Acme",
        ),
        (
            "FIND {acme} RETURNING Account(Name ORDER BY Name DESC)",
            "Account:acme labs | Account:Acme",
        ),
        (
            "FIND {acme} RETURNING Account(Name ORDER BY Name DESC LIMIT 1)",
            "Account:acme labs",
        ),
        (
            "FIND {acme} RETURNING Account(Name, Industry WHERE AnnualRevenue > 800000 LIMIT 5)",
            "Account:Acme",
        ),
        (
            "FIND {acme} RETURNING Account(Name), Contact(LastName) LIMIT 3",
            "Account:Acme | Account:acme labs | Contact:Doe",
        ),
        (
            "FIND {acme} RETURNING Contact(LastName, Account.Name WHERE Account.Name = 'Acme')",
            "Contact:Doe | Contact:Smith",
        ),
        (
            "find {ACME} returning account(name)",
            "Account:Acme | Account:acme labs",
        ),
        ("FIND {Foo} RETURNING Lead(Company)", "Lead:Foo Inc"),
        (
            "FIND {Outage} RETURNING Case(Subject), Account(Name)",
            "Case:Outage",
        ),
        ("FIND {nothing-matches-this} RETURNING Account(Name)", ""),
        (
            "FIND {acme} RETURNING Account(Name) WITH SNIPPET",
            "Account:Acme | Account:acme labs",
        ),
    ];
    let mut failures = Vec::new();
    for (sosl, want) in cases {
        let got = hits(sosl);
        if got != *want {
            failures.push(format!("{sosl}\n  expected {want}\n  got      {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn records_without_field_list_carry_only_the_id() {
    let v = run("FIND {Globex} RETURNING Account").unwrap();
    let rec = &v["searchRecords"][0];
    assert_eq!(
        rec,
        &json!({"attributes": {"type": "Account", "url": format!("/services/data/v66.0/sobjects/Account/{}", fixture::acc(2))},
                "Id": fixture::acc(2)})
    );
    // Without RETURNING every object is searched.
    let v = run("FIND {Globex}").unwrap();
    let types: Vec<&str> = v["searchRecords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["attributes"]["type"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"Account") && types.contains(&"Opportunity") && types.contains(&"Contact")
    );
}

#[test]
fn shape_matches_a_real_search_response() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/real/query");
    let real: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("swiftly-sosl-search-v53.json")).unwrap(),
    )
    .unwrap();
    let got = run("FIND {acme} RETURNING Contact(FirstName, LastName, Department), Account(Name, BillingCity, NumberOfEmployees)").unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&got), keys(&real));
    assert_eq!(
        keys(&got["searchRecords"][0]),
        keys(&real["searchRecords"][0])
    );
    let last = got["searchRecords"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let real_account = real["searchRecords"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["attributes"]["type"] == "Account")
        .unwrap();
    assert_eq!(keys(&last), keys(real_account));
}

#[test]
fn malformed_searches() {
    let e = run("FIND Acme RETURNING Account").unwrap_err();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/real/restforce");
    let real: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("sobject_search_error_response.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(e.code, real[0]["errorCode"].as_str().unwrap());
    assert_eq!(e.message, real[0]["message"].as_str().unwrap());
    let cases: &[(&str, &str, (usize, usize))] = &[
        ("FIND {a} RETURNING Account", "MALFORMED_SEARCH", (0, 0)),
        ("FIND {acme} RETURNING", "MALFORMED_SEARCH", (1, 22)),
        ("FIND {acme} IN BOGUS FIELDS", "MALFORMED_SEARCH", (1, 16)),
        (
            "FIND {acme} RETURNING Account(Name",
            "MALFORMED_SEARCH",
            (1, 35),
        ),
        ("SEARCH {acme}", "MALFORMED_SEARCH", (1, 1)),
        ("FIND {acme} RETURNING Nope(Name)", "INVALID_TYPE", (1, 23)),
        (
            "FIND {acme} RETURNING Account(Nme)",
            "INVALID_FIELD",
            (1, 31),
        ),
        (
            "FIND {acme} RETURNING Account(Name WHERE Foo = 1)",
            "INVALID_FIELD",
            (1, 42),
        ),
    ];
    for (sosl, code, at) in cases {
        let e = run(sosl).expect_err(sosl);
        assert_eq!(
            (e.code, (e.row, e.column)),
            (*code, *at),
            "{sosl}: {}",
            e.message
        );
    }
}
