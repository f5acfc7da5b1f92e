//! `parameterizedSearch` over HTTP: a POST body and the equivalent GET query
//! find the same records as the SOSL they stand for; bad parameters are error
//! arrays, never a panic or a clause smuggled into the statement.

use crate::many_common;

use many_common::{start, Api};
use reqwest::Method;
use serde_json::{json, Value};

async fn seeded(api: &Api) {
    for (name, employees) in [("Acme Corp", 50), ("Acme UK", 5), ("Globex", 70)] {
        api.create(
            "Account",
            json!({"Name": name, "NumberOfEmployees": employees}),
        )
        .await;
    }
    api.create("Contact", json!({"LastName": "Acme", "FirstName": "Wile"}))
        .await;
}

/// `Type:Name-or-LastName` of each hit, sorted (search order is not part of the contract).
fn hits(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v["searchRecords"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|r| {
            let label = r
                .get("Name")
                .or_else(|| r.get("LastName"))
                .or_else(|| r.get("Id"))
                .and_then(Value::as_str)
                .unwrap_or("-");
            format!("{}:{label}", r["attributes"]["type"].as_str().unwrap())
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn post_and_get_find_what_the_sosl_finds() {
    let emu = start().await;
    let api = Api::new(&emu);
    seeded(&api).await;
    let body = json!({
        "q": "Acme",
        "fields": ["Id", "Name"],
        "sobjects": [
            {"name": "Account", "where": "NumberOfEmployees > 10", "limit": 5},
            {"name": "Contact", "fields": ["Id", "LastName"]}
        ],
        "overallLimit": 10,
        "spellCorrection": false
    });
    let (status, post) = api.post("parameterizedSearch", body).await;
    assert_eq!(status, 200, "{post}");
    assert_eq!(hits(&post), ["Account:Acme Corp", "Contact:Acme"]);
    let sosl = "FIND {Acme} RETURNING Account(Id, Name WHERE NumberOfEmployees > 10 LIMIT 5), \
                Contact(Id, LastName) LIMIT 10";
    let (_, search) = api.get(&format!("search?q={}", urlencode(sosl))).await;
    assert_eq!(hits(&post), hits(&search));

    let get = "parameterizedSearch/?q=Acme&sobject=Account&Account.fields=Id,Name\
               &Account.where=NumberOfEmployees%20%3E%2010&Account.limit=5\
               &sobject=Contact&Contact.fields=Id,LastName&overallLimit=10";
    let (status, got) = api.get(get).await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(hits(&got), hits(&post));

    // Without objects: every object, ids only.
    let (status, all) = api.get("parameterizedSearch?q=Acme").await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["searchRecords"].as_array().unwrap().len(), 3);
    let (status, one) = api
        .post(
            "parameterizedSearch",
            json!({"q": "Acme", "sobjects": [{"name": "Account"}], "defaultLimit": 1}),
        )
        .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["searchRecords"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_parameters_get_error_arrays() {
    let emu = start().await;
    let api = Api::new(&emu);
    seeded(&api).await;
    for body in [
        json!({"fields": ["Id"]}),
        json!({"q": "Acme", "in": "ALL FIELDS RETURNING User(Id)"}),
        json!({"q": "Acme", "sobjects": [{"name": "Account", "where": "Name = 'x') , User(Id"}]}),
        json!({"q": "Acme", "sobjects": [{"name": "Nope__c"}]}),
        json!({"q": "Acme", "sobjects": [{"name": "Account", "fields": ["Nope__c"]}]}),
        json!({"q": "Acme", "overallLimit": -1}),
        json!({"q": "Acme", "dataCategories": [{"groupName": "g", "operator": "below", "categories": ["c"]}]}),
    ] {
        let (status, resp) = api.post("parameterizedSearch", body.clone()).await;
        assert_eq!(status, 400, "{body}: {resp}");
        assert!(resp[0]["errorCode"].is_string(), "{resp}");
        assert!(resp[0]["message"].is_string(), "{resp}");
    }
    let resp = api
        .http
        .request(Method::POST, api.url("parameterizedSearch"))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body[0]["errorCode"], "JSON_PARSER_ERROR");
    let (status, resp) = api.get("parameterizedSearch?q=Acme&Lead.fields=Id").await;
    assert_eq!(status, 400, "{resp}");
    // A brace in the term stays in the term.
    let (status, resp) = api
        .get(&format!(
            "parameterizedSearch?q={}",
            urlencode("Acme} RETURNING Contact")
        ))
        .await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(
        resp["searchRecords"],
        json!([]),
        "no record has the words `Acme}} RETURNING Contact`"
    );
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
