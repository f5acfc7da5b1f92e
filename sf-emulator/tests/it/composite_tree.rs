//! `POST composite/tree/{Obj}`: nested records, parents first, all or
//! nothing, 200 records at most.

use crate::many_common;

use many_common::{count, start, Api};
use serde_json::{json, Value};

fn account(reference_id: &str, name: &str, contacts: &[(&str, &str)]) -> Value {
    let mut a =
        json!({"attributes": {"type": "Account", "referenceId": reference_id}, "Name": name});
    if !contacts.is_empty() {
        let records: Vec<Value> = contacts
            .iter()
            .map(|(r, last)| json!({"attributes": {"type": "Contact", "referenceId": r}, "LastName": last}))
            .collect();
        a["Contacts"] = json!({"records": records});
    }
    a
}

#[tokio::test]
async fn nested_records_are_created_parents_first_and_linked() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (status, resp) = api
        .post(
            "composite/tree/Account",
            json!({"records": [
                account("ref1", "SampleAccount1", &[("ref2", "Smith"), ("ref3", "Evans")]),
                account("ref4", "SampleAccount2", &[("ref5", "Jones")]),
            ]}),
        )
        .await;
    assert_eq!(status, 201, "{resp}");
    assert_eq!(resp["hasErrors"], false);
    let results = resp["results"].as_array().unwrap();
    let refs: Vec<&str> = results
        .iter()
        .map(|r| r["referenceId"].as_str().unwrap())
        .collect();
    // Level order: both accounts, then their contacts.
    assert_eq!(refs, ["ref1", "ref4", "ref2", "ref3", "ref5"]);
    for r in results {
        let mut k: Vec<&String> = r.as_object().unwrap().keys().collect();
        k.sort();
        assert_eq!(k, ["id", "referenceId"]);
    }
    let id_of = |r: &str| results.iter().find(|x| x["referenceId"] == r).unwrap()["id"].clone();
    let (_, c) = api
        .get(&format!(
            "sobjects/Contact/{}",
            id_of("ref5").as_str().unwrap()
        ))
        .await;
    assert_eq!(c["AccountId"], id_of("ref4"));
    assert_eq!(count(&emu, "Contact"), 3);
}

#[tokio::test]
async fn one_bad_record_fails_the_whole_tree() {
    let emu = start().await;
    let api = Api::new(&emu);
    let mut bad = account("ref4", "Acct", &[]);
    bad["Contacts"] = json!({"records": [
        {"attributes": {"type": "Contact", "referenceId": "ref5"}, "LastName": "Ok"},
        {"attributes": {"type": "Contact", "referenceId": "ref6"}, "FirstName": "NoLastName"},
    ]});
    let (status, resp) = api
        .post(
            "composite/tree/Account",
            json!({"records": [account("ref1", "Good", &[]), bad]}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(resp["hasErrors"], true);
    let results = resp["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        1,
        "only the failing record is listed: {resp}"
    );
    assert_eq!(results[0]["referenceId"], "ref6");
    let e = &results[0]["errors"][0];
    assert_eq!(e["statusCode"], "REQUIRED_FIELD_MISSING");
    assert_eq!(e["fields"], json!(["LastName"]));
    assert!(e["message"].is_string());
    assert_eq!(count(&emu, "Account"), 0);
    assert_eq!(count(&emu, "Contact"), 0);
}

#[tokio::test]
async fn more_than_200_records_in_all_levels_is_refused() {
    let emu = start().await;
    let api = Api::new(&emu);
    // `n` accounts, each with `per` contacts, all reference ids distinct.
    let tree = |tag: &str, n: usize, per: usize| {
        let contacts: Vec<Vec<(String, String)>> = (0..n)
            .map(|a| {
                (0..per)
                    .map(|c| (format!("{tag}c{a}x{c}"), format!("L{c}")))
                    .collect()
            })
            .collect();
        let records: Vec<Value> = contacts
            .iter()
            .enumerate()
            .map(|(a, cs)| {
                let pairs: Vec<(&str, &str)> =
                    cs.iter().map(|(r, l)| (r.as_str(), l.as_str())).collect();
                account(&format!("{tag}a{a}"), &format!("A{a}"), &pairs)
            })
            .collect();
        json!({"records": records})
    };
    // 2 accounts + 2 × 99 contacts = 200 records: accepted.
    let (status, resp) = api.post("composite/tree/Account", tree("ok", 2, 99)).await;
    assert_eq!(status, 201, "{resp}");
    assert_eq!(resp["results"].as_array().unwrap().len(), 200);
    // 3 accounts + 3 × 66 contacts = 201 records: refused before any insert.
    let (status, resp) = api.post("composite/tree/Account", tree("no", 3, 66)).await;
    assert_eq!(status, 400, "{resp}");
    assert!(
        resp[0]["message"].as_str().unwrap().contains("200"),
        "{resp}"
    );
    assert_eq!(count(&emu, "Account"), 2);
    assert_eq!(count(&emu, "Contact"), 198);
}

#[tokio::test]
async fn a_record_of_another_type_than_the_url_is_an_error() {
    let emu = start().await;
    let api = Api::new(&emu);
    let (status, resp) = api
        .post(
            "composite/tree/Account",
            json!({"records": [{"attributes": {"type": "Contact", "referenceId": "r1"}, "LastName": "X"}]}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(resp["results"][0]["referenceId"], "r1");
    assert_eq!(count(&emu, "Contact"), 0);
}
