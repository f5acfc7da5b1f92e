//! Exact JSON of query results, and their shape compared with responses
//! recorded from real orgs for the same statements (fixtures/real/query).

use crate::fixture;

use fixture::{acc, con, opp, World};
use serde_json::{json, Value};

/// Types instead of values, keys kept in order; arrays keep their first element.
fn shape(v: &Value) -> Value {
    match v {
        Value::Null => json!("null"),
        Value::Bool(_) => json!("bool"),
        Value::Number(_) => json!("number"),
        Value::String(_) => json!("string"),
        Value::Array(a) => Value::Array(a.iter().take(1).map(shape).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
    }
}

fn fixture_body(path: &str) -> Value {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/real/query");
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join(path)).unwrap()).unwrap();
    match v.pointer("/response/body").and_then(Value::as_str) {
        Some(body) => serde_json::from_str(body).unwrap(),
        None => v,
    }
}

fn records(soql: &str) -> Vec<Value> {
    World::new().query(soql).unwrap().records
}

#[test]
fn plain_record_is_exact() {
    let got = records("SELECT Id, Name, AnnualRevenue FROM Account WHERE Name = 'Acme'");
    let want = format!(
        r#"[{{"attributes":{{"type":"Account","url":"/services/data/v66.0/sobjects/Account/{id}"}},"Id":"{id}","Name":"Acme","AnnualRevenue":1000000}}]"#,
        id = acc(1)
    );
    assert_eq!(serde_json::to_string(&got).unwrap(), want);
}

#[test]
fn api_version_goes_into_urls() {
    let world = World::new();
    let mut opts = fixture::opts();
    opts.api_version = "v59.0".into();
    let out = sf_emulator::soql::execute(
        &world.schema,
        &world.store,
        "SELECT Id FROM Contact LIMIT 1",
        &opts,
    )
    .unwrap();
    assert_eq!(
        out.records[0]["attributes"]["url"],
        json!(format!("/services/data/v59.0/sobjects/Contact/{}", con(1)))
    );
}

#[test]
fn parent_paths_nest_like_salesforce() {
    let got = records("SELECT Contact.FirstName, Contact.Account.Name FROM Contact");
    let real = fixture_body("springsocial-child-to-parent-v37.json");
    let real = real["records"].as_array().unwrap();
    let real_null = real.iter().find(|r| r["Account"].is_null()).unwrap();
    let real_full = real.iter().find(|r| !r["Account"].is_null()).unwrap();
    assert_eq!(shape(&got[3]), shape(real_null));
    assert_eq!(shape(&got[0]), shape(real_full));
    assert_eq!(
        got[0]["Account"],
        json!({"attributes": {"type": "Account", "url": format!("/services/data/v66.0/sobjects/Account/{}", acc(1))}, "Name": "Acme"})
    );
}

#[test]
fn child_subqueries_nest_like_salesforce() {
    let soql = "SELECT Account.Name, (SELECT Contact.FirstName, Contact.LastName FROM Account.Contacts) FROM Account LIMIT 5";
    let got = records(soql);
    let real = fixture_body("applink-wiremock-query-child-subquery-v53.json");
    assert_eq!(shape(&got[0]), shape(&real["records"][0]));
    assert_eq!(got[0]["Contacts"]["totalSize"], json!(2));
    assert_eq!(got[0]["Contacts"]["done"], json!(true));
    assert_eq!(got[3]["Contacts"], Value::Null);
    let real = fixture_body("springsocial-parent-to-child-subquery-v37.json");
    let got = records("SELECT Name, (SELECT LastName FROM Contacts) FROM Account");
    assert_eq!(shape(&got[1]), shape(&real["records"][0]));
}

#[test]
fn aggregate_rows_like_salesforce() {
    let real = fixture_body("springsocial-aggregate-groupby-v37.json");
    let got = records("SELECT LeadSource, COUNT(Name) FROM Lead GROUP BY LeadSource");
    assert_eq!(shape(&got[0]), shape(&real["records"][0]));
    assert_eq!(
        got[0],
        json!({"attributes": {"type": "AggregateResult"}, "LeadSource": "Web", "expr0": 2})
    );

    let got = records(
        "SELECT StageName, COUNT(Id) cnt, SUM(Amount), MAX(Amount) biggest, AVG(Amount) FROM Opportunity \
         WHERE StageName = 'Closed Won' GROUP BY StageName",
    );
    assert_eq!(
        serde_json::to_string(&got).unwrap(),
        r#"[{"attributes":{"type":"AggregateResult"},"StageName":"Closed Won","cnt":2,"expr0":350000.0,"biggest":250000,"expr1":175000.0}]"#
    );
    let got = records("SELECT AccountId, COUNT(Id) FROM Opportunity WHERE AccountId != null GROUP BY AccountId ORDER BY COUNT(Id) DESC LIMIT 1");
    let real = fixture_body("swiftly-aggregate-expr0.json");
    assert_eq!(shape(&got[0]), shape(&real["records"][0]));
    assert_eq!(got[0]["AccountId"], json!(acc(1)));
}

#[test]
fn count_only_has_no_rows() {
    let out = World::new().query("SELECT COUNT() FROM Contact").unwrap();
    assert_eq!((out.total_size, out.records.len()), (5, 0));
}

#[test]
fn typeof_renders_the_matching_branch() {
    let got = records(
        "SELECT Subject, TYPEOF What WHEN Opportunity THEN Name, Amount WHEN Account THEN Phone END FROM Task",
    );
    assert_eq!(
        got[1]["What"],
        json!({"attributes": {"type": "Opportunity", "url": format!("/services/data/v66.0/sobjects/Opportunity/{}", opp(2))},
               "Name": "Acme Deal 2", "Amount": 50000})
    );
    assert_eq!(got[0]["What"]["Phone"], json!("(415) 555-1212"));
    assert_eq!(got[2]["What"], Value::Null);
}

#[test]
fn selected_fields_use_describe_casing_and_order() {
    let got = records("SELECT billingcity, NAME, id FROM account WHERE name = 'Globex'");
    let keys: Vec<&str> = got[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["attributes", "BillingCity", "Name", "Id"]);
    let got = records("SELECT account.name, lastname FROM contact WHERE lastname = 'Doe'");
    let keys: Vec<&str> = got[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["attributes", "Account", "LastName"]);
}

#[test]
fn unset_fields_are_null_not_missing() {
    let got = records("SELECT Name, Title, Email FROM Contact WHERE LastName = 'Brown'");
    assert_eq!(got[0]["Title"], Value::Null);
    assert!(got[0].as_object().unwrap().contains_key("Email"));
}
