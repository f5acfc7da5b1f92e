//! The composite builders without a server: typed references render Salesforce's
//! `@{ref.path}` syntax, requests split at 25 without separating subrequests that refer
//! to each other, and batch, graph and tree bodies have the documented shapes.

use crate::support;

use serde_json::json;
use sf_runtime::composite::{BuildError, Composite, Graph, Tree};
use sf_runtime::types::Id;
use support::{Account, Contact};

fn acme() -> Account {
    Account {
        name: Some("Acme".into()),
        is_deleted: Some(true), // read-only: never sent
        ..Default::default()
    }
}

#[test]
fn a_contact_refers_to_the_account_created_before_it() {
    let mut c = Composite::new().all_or_none(true);
    let acc = c.create(&acme());
    let con = c.create_with(
        &Contact {
            last_name: Some("Smith".into()),
            ..Default::default()
        },
        |b| {
            b.set(Contact::ACCOUNT_ID, acc.id());
            b.set(Contact::FIRST_NAME, "Ann");
        },
    );
    c.update_with(acc.id(), &Account::default(), |b| {
        b.set(Account::NAME, "Acme (renamed)");
    });
    let bodies = c.build("66.0").unwrap();
    assert_eq!(bodies.len(), 1);
    let v = serde_json::to_value(&bodies[0]).unwrap();
    assert_eq!(
        v,
        json!({
            "allOrNone": true,
            "collateSubrequests": false,
            "compositeRequest": [
                {"method": "POST", "url": "/services/data/v66.0/sobjects/Account", "referenceId": "refAccount1",
                 "body": {"Name": "Acme"}},
                {"method": "POST", "url": "/services/data/v66.0/sobjects/Contact", "referenceId": "refContact1",
                 "body": {"LastName": "Smith", "AccountId": "@{refAccount1.id}", "FirstName": "Ann"}},
                {"method": "PATCH", "url": "/services/data/v66.0/sobjects/Account/@{refAccount1.id}", "referenceId": "refAccount2",
                 "body": {"Name": "Acme (renamed)"}}
            ]
        })
    );
    assert_eq!(con.reference_id(), "refContact1");
    assert_eq!(acc.id().placeholder(), "@{refAccount1.id}");
}

#[test]
fn get_and_query_results_are_referable_with_their_types() {
    let mut c = Composite::new();
    let id: Id<Account> = Id::parse("001000000000001AAA").unwrap();
    let got = c.get::<Account>(id);
    let q =
        c.query::<Contact>("SELECT Id, AccountId FROM Contact WHERE LastName = 'O''Brien' LIMIT 1");
    c.create_with(&Contact::default(), |b| {
        // `Contact::ACCOUNT_ID` holds an `Id<Account>`: the retrieved Account's id fits.
        b.set(Contact::ACCOUNT_ID, got.id());
        b.set(Contact::LAST_NAME, got.field(Account::NAME));
    });
    c.delete::<Contact>(q.record_id::<Contact>(0));
    let v = serde_json::to_value(&c.build("66.0").unwrap()[0]).unwrap();
    let reqs = v["compositeRequest"].as_array().unwrap();
    assert!(reqs[0]["url"]
        .as_str()
        .unwrap()
        .starts_with("/services/data/v66.0/sobjects/Account/001000000000001AAA?fields=Id,Name,"));
    assert_eq!(
        reqs[1]["url"],
        "/services/data/v66.0/query?q=SELECT+Id%2C+AccountId+FROM+Contact+WHERE+LastName+%3D+%27O%27%27Brien%27+LIMIT+1"
    );
    assert_eq!(
        reqs[2]["body"],
        json!({"AccountId": "@{refAccount1.Id}", "LastName": "@{refAccount1.Name}"})
    );
    assert_eq!(
        reqs[3]["url"],
        "/services/data/v66.0/sobjects/Contact/@{refQuery1.records[0].Id}"
    );
    assert_eq!(reqs[3]["method"], "DELETE");
}

#[test]
fn more_than_25_independent_subrequests_are_split() {
    let mut c = Composite::new();
    let handles: Vec<_> = (0..30).map(|_| c.create(&acme())).collect();
    let bodies = c.build("66.0").unwrap();
    assert_eq!(
        bodies
            .iter()
            .map(|b| b.composite_request.len())
            .collect::<Vec<_>>(),
        [25, 5]
    );
    assert_eq!(
        bodies[1].composite_request[0].reference_id,
        handles[25].reference_id()
    );
}

#[test]
fn dependent_pairs_stay_together_and_all_or_none_refuses_to_split() {
    let mut c = Composite::new();
    for _ in 0..13 {
        let acc = c.create(&acme());
        c.create_with(&Contact::default(), |b| {
            b.set(Contact::ACCOUNT_ID, acc.id());
        });
    }
    let bodies = c.build("66.0").unwrap();
    assert_eq!(
        bodies
            .iter()
            .map(|b| b.composite_request.len())
            .collect::<Vec<_>>(),
        [24, 2]
    );
    for body in &bodies {
        let ids: Vec<&str> = body
            .composite_request
            .iter()
            .map(|s| s.reference_id.as_str())
            .collect();
        for s in &body.composite_request {
            if let Some(r) = s
                .body
                .as_ref()
                .and_then(|b| b.get("AccountId"))
                .and_then(|v| v.as_str())
            {
                let target = r.trim_start_matches("@{").trim_end_matches(".id}");
                assert!(
                    ids.contains(&target),
                    "{target} travels with {}",
                    s.reference_id
                );
            }
        }
    }
    let mut strict = Composite::new().all_or_none(true);
    for _ in 0..26 {
        strict.create(&acme());
    }
    assert!(matches!(
        strict.build("66.0"),
        Err(BuildError::TooManySubrequests {
            count: 26,
            limit: 25,
            ..
        })
    ));
}

#[test]
fn a_reference_from_another_builder_is_refused() {
    let mut a = Composite::new();
    let acc = a.create(&acme());
    let mut b = Composite::new();
    b.create_with(&Contact::default(), |f| {
        f.set(Contact::ACCOUNT_ID, acc.id());
    });
    assert!(matches!(
        b.build("66.0"),
        Err(BuildError::ForeignReference { subrequest: 0 })
    ));
}

#[test]
fn update_without_id_is_refused() {
    let mut c = Composite::new();
    c.update(&acme());
    assert!(matches!(
        c.build("66.0"),
        Err(BuildError::MissingId {
            object: "Account",
            ..
        })
    ));
}

#[test]
fn batch_bodies_use_version_relative_urls_and_reject_references() {
    let mut c = Composite::new();
    c.create(&acme());
    c.delete::<Account>(Id::parse("001000000000001AAA").unwrap());
    let bodies = c.build_batch("66.0", true).unwrap();
    assert_eq!(
        serde_json::to_value(&bodies[0]).unwrap(),
        json!({"batchRequests": [
            {"method": "POST", "url": "v66.0/sobjects/Account", "richInput": {"Name": "Acme"}},
            {"method": "DELETE", "url": "v66.0/sobjects/Account/001000000000001AAA"}
        ], "haltOnError": true})
    );
    let acc = c.create(&acme());
    c.create_with(&Contact::default(), |b| {
        b.set(Contact::ACCOUNT_ID, acc.id());
    });
    assert!(matches!(
        c.build_batch("66.0", false),
        Err(BuildError::ReferenceInBatch { subrequest: 3 })
    ));
}

#[test]
fn graphs_pack_under_500_nodes_per_call() {
    let mut g = Graph::new();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let mut c = Composite::new();
        for _ in 0..100 {
            let acc = c.create(&acme());
            c.create_with(&Contact::default(), |b| {
                b.set(Contact::ACCOUNT_ID, acc.id());
            });
        }
        ids.push(g.add(c));
    }
    let bodies = g.build("66.0").unwrap();
    assert_eq!(bodies.len(), 2, "400 + 200 nodes");
    assert_eq!(bodies[0].graphs.len(), 2);
    assert_eq!(bodies[0].graphs[0].graph_id, ids[0].as_str());
    assert_eq!(bodies[1].graphs[0].composite_request.len(), 200);
    let mut with_query = Composite::new();
    with_query.query::<Account>("SELECT Id FROM Account");
    let mut g = Graph::new();
    g.add(with_query);
    assert!(matches!(
        g.build("66.0"),
        Err(BuildError::NotAllowedInGraph { .. })
    ));
}

#[test]
fn tree_nests_children_under_their_relationship() {
    let mut t = Tree::<Account>::new();
    let acc = t.add(&acme());
    let child = Contact {
        last_name: Some("Smith".into()),
        account_id: Some(Id::parse("001000000000009AAA").unwrap()), // replaced by the parent
        ..Default::default()
    };
    t.child(&acc, Account::CONTACTS, &child);
    t.child(&acc, Account::CONTACTS, &child);
    let bodies = t.build().unwrap();
    assert_eq!(
        bodies[0],
        json!({"records": [{
            "attributes": {"type": "Account", "referenceId": "ref1"},
            "Name": "Acme",
            "Contacts": {"records": [
                {"attributes": {"type": "Contact", "referenceId": "ref2"}, "LastName": "Smith"},
                {"attributes": {"type": "Contact", "referenceId": "ref3"}, "LastName": "Smith"}
            ]}
        }]})
    );
    let mut big = Tree::<Account>::new();
    for _ in 0..150 {
        let a = big.add(&acme());
        big.child(&a, Account::CONTACTS, &child);
    }
    let sizes: Vec<usize> = big
        .build()
        .unwrap()
        .iter()
        .map(|b| b["records"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [100, 50], "200 records per call, trees kept whole");
}

#[test]
fn typed_results_and_errors_from_a_real_response_shape() {
    let mut c = Composite::new();
    let first = c.create(&acme());
    let second = c.create(&acme());
    // camel-composite-PROCESSING_HALTED-INVALID_FIELD-v41.json (Apache Camel), reference ids renamed.
    let body = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/real/composite/camel-composite-PROCESSING_HALTED-INVALID_FIELD-v41.json"
    ))
    .unwrap()
    .replace("NewPayment1", "refAccount1")
    .replace("NewPayment2", "refAccount2");
    let resp = sf_runtime::composite::CompositeResponse::parse(body.as_bytes()).unwrap();
    let e = resp.get(&first).unwrap_err();
    assert_eq!(e.status, 400);
    assert!(e.has_code("PROCESSING_HALTED"));
    let e = resp.get(&second).unwrap_err();
    assert_eq!(e.errors[0].code, "INVALID_FIELD");
    assert!(e.errors[0].message.contains("Foreign key external ID"));

    let ok = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/real/composite/camel-composite-success-v41.json"
    ))
    .unwrap()
    .replace("NewPayment1", "refAccount1")
    .replace("a1V3E000000EXomUAM", "001000000000001AAA");
    let resp = sf_runtime::composite::CompositeResponse::parse(ok.as_bytes()).unwrap();
    let id: Id<Account> = resp.get(&first).unwrap();
    assert_eq!(id.as_str(), "001000000000001AAA");
}
