//! `Id<T>`: parsing, the 15→18 checksum, typed ids, serde — checked against every record id
//! in the real recorded responses.

use crate::types_support;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use proptest::prelude::*;
use serde_json::{json, Value};
use sf_runtime::{Any, AnyId, Id, IdError};
use types_support::{fixture_texts, walk_records, walk_scalars};

struct Account;
struct Contact;

/// Ids in the fixtures that are not real: placeholders the recorders put in, or ids they
/// edited by hand. Each must be *rejected* by the checksum.
const EDITED_IDS: &[&str] = &[
    "003XXXXXXXXXXXXXXX", // netcoreforce query batches
    "00D0xORGID00000000", // CumulusCI cassettes, anonymised
    "0010xACCOUNTID0000", // CumulusCI cassettes, anonymised
    "a1V3E000000EXomUAM", // camel composite example, edited
    "a00B000000FSjVUIB1", // applink MALFORMED_ID example: deliberately malformed
    "00Di0000000bcK3FAI", // swiftly identity (real org id is 00Di0000000bcK3EAI)
    "005i00000016PdaBAE", // swiftly identity (real user id is 005i00000016PdaAAE)
];

fn is_id_shaped(s: &str) -> bool {
    (s.len() == 15 || s.len() == 18) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Every 18-character id in the fixtures: values of keys `Id`/`id`/`…Id` and the last
/// segment of `/sobjects/<Type>/<id>` URLs.
fn fixture_ids() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (file, text) in fixture_texts(&["."]) {
        if file.starts_with("describe") {
            continue;
        }
        let Ok(doc) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        walk_scalars(&doc, &mut |key, v| {
            let Some(s) = v.as_str() else { return };
            let key = key.unwrap_or("");
            if (key == "Id" || key == "id" || key.ends_with("Id"))
                && s.len() == 18
                && is_id_shaped(s)
            {
                out.push((file.clone(), s.to_owned()));
            }
            for part in s.split("/sobjects/").skip(1) {
                if let Some(id) = part.split('/').nth(1) {
                    let id = id.split(['?', '#', '"']).next().unwrap();
                    if id.len() == 18 && is_id_shaped(id) {
                        out.push((file.clone(), id.to_owned()));
                    }
                }
            }
        });
    }
    out
}

#[test]
fn every_real_id_in_the_fixtures_has_a_valid_checksum() {
    let ids = fixture_ids();
    let mut checked = 0;
    let mut rejected = BTreeSet::new();
    for (file, s) in &ids {
        match AnyId::parse(s) {
            Ok(id) => {
                assert_eq!(id.as_str(), s.as_str(), "{file}");
                assert_eq!(id.to_string(), *s);
                assert_eq!(
                    AnyId::parse(id.to_15()).unwrap(),
                    id,
                    "{file}: 15→18 of {s}"
                );
                checked += 1;
            }
            Err(e) => {
                assert!(
                    EDITED_IDS.contains(&s.as_str()),
                    "{file}: real-looking id {s} rejected: {e}"
                );
                assert!(matches!(e, IdError::Checksum { .. }), "{e}");
                rejected.insert(s.clone());
            }
        }
    }
    assert!(checked > 5000, "only {checked} ids found in fixtures/real");
    assert!(rejected.len() >= 5, "{rejected:?}");
    for s in EDITED_IDS {
        assert!(
            matches!(AnyId::parse(s), Err(IdError::Checksum { .. })),
            "{s}"
        );
    }
}

#[test]
fn records_and_query_ids_round_trip_and_share_a_key_prefix_per_type() {
    let mut prefixes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut n = 0;
    for (file, text) in fixture_texts(&["records", "query"]) {
        let doc: Value = serde_json::from_str(&text).unwrap();
        walk_records(&doc, &mut |rec| {
            let ty = rec["attributes"]["type"].as_str().unwrap().to_owned();
            if let Some(Value::String(s)) = rec.get("Id") {
                let id: AnyId =
                    serde_json::from_value(json!(s)).unwrap_or_else(|e| panic!("{file}: {e}"));
                assert_eq!(serde_json::to_value(id).unwrap(), json!(s));
                prefixes
                    .entry(ty)
                    .or_default()
                    .insert(id.key_prefix().to_owned());
                n += 1;
            }
        });
    }
    assert!(n > 50, "{n}");
    // (springsocial-sosl-search-array labels two `a01…` custom-object ids as Account.)
    assert!(
        prefixes["Account"].contains("001"),
        "{:?}",
        prefixes["Account"]
    );
    assert_eq!(prefixes["Contact"], BTreeSet::from(["003".to_owned()]));
    assert_eq!(prefixes["Organization"], BTreeSet::from(["00D".to_owned()]));
    assert_eq!(prefixes["User"], BTreeSet::from(["005".to_owned()]));
}

/// 15-character ids that appear in the fixtures (URLs, HTML formula output, SOAP endpoints)
/// next to the 18-character form of the same record elsewhere.
#[test]
fn fifteen_character_ids_in_fixtures_convert_to_the_recorded_eighteen() {
    let valid18: HashSet<String> = fixture_ids()
        .into_iter()
        .map(|(_, s)| s)
        .filter(|s| AnyId::parse(s).is_ok())
        .collect();
    let by15: BTreeMap<&str, &str> = valid18.iter().map(|s| (&s[..15], s.as_str())).collect();
    let mut pairs = BTreeMap::new();
    for (_, text) in fixture_texts(&["."]) {
        for token in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            if token.len() == 15 {
                if let Some(&full) = by15.get(token) {
                    pairs.insert(token.to_owned(), full.to_owned());
                }
            }
        }
    }
    assert_eq!(
        pairs.get("001B000000308Vk").map(String::as_str),
        Some("001B000000308VkIAI")
    );
    assert_eq!(
        pairs.get("00Di0000000bcK3").map(String::as_str),
        Some("00Di0000000bcK3EAI")
    );
    for (short, full) in &pairs {
        let id: AnyId = short.parse().unwrap();
        assert_eq!(id.as_str(), full);
        assert_eq!(id.to_15(), short);
    }
}

#[test]
fn documented_pair_and_case_insensitive_suffix() {
    let id = AnyId::parse("001A0000006Vm9r").unwrap();
    assert_eq!(id.as_str(), "001A0000006Vm9rIAC");
    for s in [
        "001A0000006Vm9rIAC",
        "001A0000006Vm9riac",
        "001A0000006Vm9rIaC",
    ] {
        let other = AnyId::parse(s).unwrap();
        assert_eq!(other, id);
        assert_eq!(
            other.as_str(),
            "001A0000006Vm9rIAC",
            "suffix normalised to upper case"
        );
    }
    // The first 15 characters are case-sensitive: a different record.
    assert_ne!(AnyId::parse("001a0000006Vm9r").unwrap(), id);
}

#[test]
fn errors_say_what_is_wrong() {
    let e = AnyId::parse("").unwrap_err();
    assert_eq!(
        e,
        IdError::Length {
            input: String::new(),
            len: 0
        }
    );
    assert_eq!(
        e.to_string(),
        "invalid Salesforce id \"\": expected 15 or 18 characters, found 0"
    );

    let e = AnyId::parse("001A0000006Vm9rIA").unwrap_err();
    assert!(e.to_string().contains("found 17"), "{e}");

    let e = AnyId::parse("001A0000006 m9r").unwrap_err();
    assert_eq!(
        e,
        IdError::InvalidChar {
            input: "001A0000006 m9r".into(),
            ch: ' ',
            position: 11
        }
    );
    assert!(e.to_string().contains("position 11"), "{e}");

    let e = AnyId::parse("a00B000000FSjVUIB1").unwrap_err();
    assert_eq!(
        e,
        IdError::Checksum {
            input: "a00B000000FSjVUIB1".into(),
            expected: "IA1".into(),
            found: "IB1".into()
        }
    );
    assert!(
        e.to_string().contains("\"IB1\" does not match \"IA1\""),
        "{e}"
    );

    // Multi-byte characters are counted as characters, not bytes.
    let e = AnyId::parse("001A0000006Vm9ä").unwrap_err();
    assert!(
        matches!(
            e,
            IdError::InvalidChar {
                ch: 'ä',
                position: 14,
                ..
            }
        ),
        "{e:?}"
    );

    let err = serde_json::from_value::<AnyId>(json!("nope")).unwrap_err();
    assert!(
        err.to_string().contains("expected 15 or 18 characters"),
        "{err}"
    );
    assert!(serde_json::from_value::<AnyId>(json!(42)).is_err());
    assert!(serde_json::from_value::<Option<AnyId>>(Value::Null)
        .unwrap()
        .is_none());
}

#[test]
fn typed_ids_are_copy_and_convert_explicitly() {
    fn takes_account(id: Id<Account>) -> &'static str {
        let _ = id;
        "account"
    }
    let account: Id<Account> = "0011Y00003HVMu4QAH".parse().unwrap();
    let copy = account; // `Account` is neither Copy nor Clone; the id still is.
    assert_eq!(takes_account(account), "account");
    assert_eq!(copy, account);

    let any: Id<Any> = account.erase();
    let contact: Id<Contact> = any.cast();
    assert_eq!(contact.as_str(), account.as_str());
    assert_eq!(contact.key_prefix(), "001");

    let default_param: Id = any; // `Id` defaults to `Id<Any>`
    assert_eq!(default_param, any);
    assert_eq!(format!("{account}"), "0011Y00003HVMu4QAH");
    assert_eq!(format!("{account:?}"), "Id(\"0011Y00003HVMu4QAH\")");
    assert_eq!(account, "0011Y00003HVMu4QAH");
    assert_eq!(String::from(account), "0011Y00003HVMu4QAH");
    assert_eq!(Id::<Account>::try_from("0011Y00003HVMu4").unwrap(), account);

    let mut set = std::collections::BTreeSet::new();
    set.insert(account);
    set.insert(copy);
    assert_eq!(set.len(), 1);

    fn assert_send_sync<T: Send + Sync + Copy + Eq + std::hash::Hash + Ord + 'static>() {}
    assert_send_sync::<Id<std::rc::Rc<()>>>();
}

#[test]
fn serde_writes_18_and_reads_15_or_18() {
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(rename = "AccountId")]
        account_id: Id<Account>,
        #[serde(rename = "WhatId")]
        what_id: Option<AnyId>,
    }
    let row: Row =
        serde_json::from_value(json!({"AccountId": "001A0000006Vm9r", "WhatId": null})).unwrap();
    assert_eq!(
        serde_json::to_value(&row).unwrap(),
        json!({"AccountId": "001A0000006Vm9rIAC", "WhatId": null})
    );
    let back: Row = serde_json::from_str(&serde_json::to_string(&row).unwrap()).unwrap();
    assert_eq!(back, row);
}

/// Reference implementation written independently of the crate's, straight from the
/// algorithm's description.
fn reference_suffix(id15: &str) -> String {
    let alphabet: Vec<char> = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".chars().collect();
    id15.as_bytes()
        .chunks(5)
        .map(|chunk| {
            let n = chunk.iter().rev().fold(0usize, |acc, b| {
                acc * 2 + usize::from(b.is_ascii_uppercase())
            });
            alphabet[n]
        })
        .collect()
}

proptest! {
    #[test]
    fn any_15_alphanumerics_round_trip(s in "[0-9A-Za-z]{15}") {
        let id = AnyId::parse(&s).unwrap();
        prop_assert_eq!(id.to_15(), s.as_str());
        prop_assert_eq!(&id.as_str()[15..], reference_suffix(&s));
        prop_assert_eq!(AnyId::parse(id.as_str()).unwrap(), id);
        prop_assert_eq!(AnyId::parse(&id.as_str().to_lowercase()[..]).ok().map(|x| x.to_15().to_owned()),
            if s.bytes().any(|b| b.is_ascii_uppercase()) { None } else { Some(s.clone()) });
        let json = serde_json::to_string(&id).unwrap();
        prop_assert_eq!(serde_json::from_str::<AnyId>(&json).unwrap(), id);
    }

    #[test]
    fn wrong_suffix_is_rejected(s in "[0-9A-Za-z]{15}", suffix in "[A-Z0-5]{3}") {
        let expected = reference_suffix(&s);
        let result = AnyId::parse(&format!("{s}{suffix}"));
        prop_assert_eq!(result.is_ok(), suffix == expected);
    }
}
