//! Composite, Composite Batch, sObject Tree and Composite Graph against the emulator.

use crate::support;

use sf_runtime::composite::{Composite, Graph, Tree};
use sf_runtime::soql::prelude::*;
use sf_runtime::types::Id;
use support::{client, emulator, Account, Contact};

fn account(name: &str) -> Account {
    Account {
        name: Some(name.into()),
        ..Default::default()
    }
}

fn contact(last: &str) -> Contact {
    Contact {
        last_name: Some(last.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn later_subrequests_use_earlier_results_through_typed_references() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut req = Composite::new().all_or_none(true);
    let acc = req.create(&account("Acme"));
    let con = req.create_with(&contact("Smith"), |b| {
        b.set(Contact::ACCOUNT_ID, acc.id());
    });
    let read = req.get::<Contact>(con.id());
    let rows = req.query::<Account>("SELECT Id, Name FROM Account WHERE Name = 'Acme'");
    let typed = req.query_typed(
        &Account::select((Account::ID, Account::NAME)).filter(Account::NAME.eq("Acme")),
    );
    let resp = req.send(&c).await.unwrap();
    assert_eq!(resp.api_calls, 1);
    let account_id: Id<Account> = resp.get(&acc).unwrap();
    let contact_id: Id<Contact> = resp.get(&con).unwrap();
    let got: Contact = resp.get(&read).unwrap();
    assert_eq!(got.id, Some(contact_id));
    assert_eq!(got.account_id, Some(account_id));
    let page = resp.get(&rows).unwrap();
    assert_eq!(page.records.len(), 1);
    assert_eq!(page.records[0].id, Some(account_id));
    let typed = resp.get(&typed).unwrap();
    assert_eq!(typed.records.len(), 1);
    let (id, name) = &typed.records[0].0;
    assert_eq!(*id, Some(account_id));
    assert_eq!(name.as_deref(), Some("Acme"));
}

#[tokio::test]
async fn all_or_none_rolls_back_and_reports_processing_halted() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut req = Composite::new().all_or_none(true);
    let ok = req.create(&account("Kept?"));
    let bad = req.create(&contact("x")); // fine on its own…
    let worse = req.create(&Contact::default()); // …but LastName is required here
    let resp = req.send(&c).await.unwrap();
    let e = resp.get(&worse).unwrap_err();
    assert_eq!(e.errors[0].code, "REQUIRED_FIELD_MISSING");
    assert!(resp.get(&ok).unwrap_err().has_code("PROCESSING_HALTED"));
    assert!(resp.get(&bad).unwrap_err().has_code("PROCESSING_HALTED"));
    assert!(!resp.all_succeeded());
    assert_eq!(c.count_raw("SELECT COUNT() FROM Account").await.unwrap(), 0);
}

#[tokio::test]
async fn a_large_builder_is_split_into_calls_of_25() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut req = Composite::new();
    let mut pairs = Vec::new();
    for i in 0..20 {
        let acc = req.create(&account(&format!("Split {i}")));
        let con = req.create_with(&contact(&format!("C{i}")), |b| {
            b.set(Contact::ACCOUNT_ID, acc.id());
        });
        pairs.push((acc, con));
    }
    let resp = req.send(&c).await.unwrap();
    assert_eq!(resp.api_calls, 2, "40 subrequests in pairs: 24 + 16");
    for (acc, con) in &pairs {
        let a: Id<Account> = resp.get(acc).unwrap();
        let k: Id<Contact> = resp.get(con).unwrap();
        let got = c.collections().get_many(&[k]).await.unwrap();
        assert_eq!(got[0].as_ref().unwrap().account_id, Some(a));
    }
}

#[tokio::test]
async fn batch_halts_after_the_first_error_when_asked() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut req = Composite::new();
    let first = req.create(&account("B1"));
    let failing = req.create(&Contact::default());
    let after = req.create(&account("B3"));
    let resp = req.send_batch(&c, false).await.unwrap();
    assert!(resp.get(&first).is_ok());
    assert_eq!(
        resp.get(&failing).unwrap_err().errors[0].code,
        "REQUIRED_FIELD_MISSING"
    );
    assert!(resp.get(&after).is_ok(), "independent: not halted");

    let resp = req.send_batch(&c, true).await.unwrap();
    assert!(resp.get(&first).is_ok());
    assert!(resp.get(&failing).is_err());
    let halted = resp.get(&after).unwrap_err();
    assert_eq!(halted.status, 412);
    assert!(halted.has_code("BATCH_PROCESSING_HALTED"));
    assert_eq!(c.count_raw("SELECT COUNT() FROM Account").await.unwrap(), 3);
}

#[tokio::test]
async fn tree_inserts_parents_with_their_children() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut tree = Tree::<Account>::new();
    let acc = tree.add(&account("Tree Co"));
    let a = tree.child(&acc, Account::CONTACTS, &contact("Ada"));
    let b = tree.child(&acc, Account::CONTACTS, &contact("Bob"));
    let resp = tree.send(&c).await.unwrap();
    assert_eq!(resp.api_calls, 1);
    let account_id = resp.id(&acc).unwrap();
    let got = c
        .collections()
        .get_many(&[resp.id(&a).unwrap(), resp.id(&b).unwrap()])
        .await
        .unwrap();
    for g in got {
        assert_eq!(g.unwrap().account_id, Some(account_id));
    }
}

#[tokio::test]
async fn graphs_commit_or_roll_back_independently() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut good = Composite::new();
    let mut handles = Vec::new();
    for i in 0..150 {
        let acc = good.create(&account(&format!("G{i}")));
        let con = good.create_with(&contact(&format!("GC{i}")), |b| {
            b.set(Contact::ACCOUNT_ID, acc.id());
        });
        handles.push((acc, con));
    }
    let mut bad = Composite::new();
    let lost = bad.create(&account("Rolled back"));
    bad.create_with(&Contact::default(), |b| {
        b.set(Contact::ACCOUNT_ID, lost.id());
    });
    let mut graph = Graph::new();
    let good_id = graph.add(good);
    let bad_id = graph.add(bad);
    let resp = graph.send(&c).await.unwrap();
    assert_eq!(resp.api_calls, 1, "302 nodes fit in one call");
    assert!(resp.is_successful(&good_id));
    assert!(!resp.is_successful(&bad_id));
    let g = resp.graph(&good_id).unwrap();
    for (acc, con) in &handles[..3] {
        let a: Id<Account> = g.get(acc).unwrap();
        let k: Id<Contact> = g.get(con).unwrap();
        let got = c.collections().get_many(&[k]).await.unwrap();
        assert_eq!(got[0].as_ref().unwrap().account_id, Some(a));
    }
    assert!(resp.graph(&bad_id).unwrap().get(&lost).is_err());
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Account").await.unwrap(),
        150
    );
}

#[tokio::test]
async fn upsert_by_external_id_reports_created_then_updated() {
    let emu = emulator().await;
    let c = client(&emu);
    let rec = support::Custom {
        name: Some("first".into()),
        key: Some("K 1/2".into()), // needs escaping in the URL
        ..Default::default()
    };
    let mut req = Composite::new();
    let h = req.upsert(support::Custom::KEY, &rec);
    let first = req.send(&c).await.unwrap().get(&h).unwrap();
    assert!(first.created);
    let renamed = support::Custom {
        name: Some("second".into()),
        ..rec.clone()
    };
    let mut req = Composite::new();
    let h = req.upsert(support::Custom::KEY, &renamed);
    let second = req.send(&c).await.unwrap().get(&h).unwrap();
    assert!(!second.created);
    assert_eq!(second.id, first.id);
    let got = c.collections().get_many(&[first.id]).await.unwrap();
    assert_eq!(got[0].as_ref().unwrap().name.as_deref(), Some("second"));
}

#[tokio::test]
async fn a_failing_tree_reports_the_record_at_fault_and_rolls_back_the_rest() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut tree = Tree::<Account>::new();
    let acc = tree.add(&account("Tree Fail"));
    let good = tree.child(&acc, Account::CONTACTS, &contact("Ok"));
    let bad = tree.child(&acc, Account::CONTACTS, &Contact::default());
    let resp = tree.send(&c).await.unwrap();
    let e = resp.id(&bad).unwrap_err();
    assert_eq!(e.errors[0].code, "REQUIRED_FIELD_MISSING", "{e:?}");
    assert!(resp.id(&good).is_err());
    assert!(resp.id(&acc).is_err());
    assert_eq!(c.count_raw("SELECT COUNT() FROM Account").await.unwrap(), 0);
}
