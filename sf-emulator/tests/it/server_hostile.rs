//! Hostile request bodies against every JSON resource: nesting far past any
//! real body, and byte soup. Each answers 4xx and the emulator stays up.

use crate::server_common;

use proptest::prelude::*;
use server_common::{start, Api};

/// Every resource that reads a JSON body, with its method.
const JSON_RESOURCES: &[(&str, &str)] = &[
    ("POST", "sobjects/Account"),
    ("PATCH", "sobjects/Account/001000000000000AAA"),
    ("PATCH", "sobjects/Custom__c/CustomField__c/k1"),
    ("POST", "composite"),
    ("POST", "composite/batch"),
    ("POST", "composite/graph"),
    ("POST", "composite/tree/Account"),
    ("POST", "composite/sobjects"),
    ("PATCH", "composite/sobjects"),
    ("POST", "composite/sobjects/Account"),
    ("POST", "jobs/ingest"),
    ("POST", "jobs/query"),
    ("POST", "/services/apexrest/Anything"),
];

async fn send_raw(api: &Api, method: &str, path: &str, body: Vec<u8>) -> u16 {
    api.http
        .request(method.parse().unwrap(), api.url(path))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the emulator answers")
        .status()
        .as_u16()
}

#[tokio::test]
async fn deeply_nested_bodies_are_refused_and_the_server_stays_up() {
    let emu = start().await;
    let api = Api::new(&emu);
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes();
    let objects = {
        let mut s = String::new();
        for _ in 0..depth {
            s.push_str("{\"a\":");
        }
        s.push('1');
        s.push_str(&"}".repeat(depth));
        s.into_bytes()
    };
    for (method, path) in JSON_RESOURCES {
        for body in [&arrays, &objects] {
            let status = send_raw(&api, method, path, body.clone()).await;
            assert!((400..500).contains(&status), "{method} {path}: {status}");
        }
    }
    let (status, _) = api.get("limits").await;
    assert_eq!(status, 200, "still up");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn byte_soup_never_breaks_a_resource(body in proptest::collection::vec(any::<u8>(), 0..400), pick in 0..JSON_RESOURCES.len()) {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let emu = start().await;
            let api = Api::new(&emu);
            let (method, path) = JSON_RESOURCES[pick];
            let status = send_raw(&api, method, path, body).await;
            assert!(status < 500, "{method} {path}: {status}");
            assert_eq!(api.get("limits").await.0, 200);
        });
    }
}
