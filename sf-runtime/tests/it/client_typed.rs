//! The typed layer (`SObject` structs, `TypedQuery`, `Patch`) end to end against the
//! emulator.

use crate::support;

use futures::TryStreamExt;
use serde_json::json;
use sf_emulator::{FaultKind, Trigger};
use sf_runtime::client::QueryOptions;
use sf_runtime::soql::prelude::*;
use sf_runtime::soql::Unchecked;
use sf_runtime::types::{FieldValue, Id};
use sf_runtime::Patch;
use support::{fault_on, setup, Account, Contact, Custom};

#[tokio::test]
async fn create_get_update_patch_delete() {
    let (_emu, c) = setup(2000).await;
    let new = Account {
        name: Some("Typed Co".into()),
        industry: FieldValue::Value("Energy".into()),
        employees: Some(42),
        is_deleted: Some(true), // read-only: must not be sent
        ..Default::default()
    };
    let id: Id<Account> = c.create(&new).await.unwrap();
    let got: Account = c.get(&id, &[]).await.unwrap();
    assert_eq!(got.id, Some(id));
    assert_eq!(got.name.as_deref(), Some("Typed Co"));
    assert_eq!(got.industry, FieldValue::Value("Energy".into()));
    assert_eq!(got.employees, Some(42));
    assert_eq!(got.is_deleted, Some(false));

    // Three states: `None`/Absent are left out, Null clears.
    let change = Account {
        id: Some(id),
        name: Some("Typed Co 2".into()),
        industry: FieldValue::Null,
        ..Default::default()
    };
    c.update(&change).await.unwrap();
    let got: Account = c
        .get(&id, &["Name", "Industry", "NumberOfEmployees"])
        .await
        .unwrap();
    assert_eq!(got.name.as_deref(), Some("Typed Co 2"));
    assert_eq!(got.industry, FieldValue::Null);
    assert_eq!(got.employees, Some(42), "an unset field is not sent");

    let patch = Patch::<Account>::new()
        .set(Account::INDUSTRY, "Banking")
        .set(Account::EMPLOYEES, 7);
    c.update_patch(&id, &patch).await.unwrap();
    let got: Account = c.get(&id, &[]).await.unwrap();
    assert_eq!(got.industry, FieldValue::Value("Banking".into()));
    assert_eq!(got.employees, Some(7));
    assert_eq!(got.name.as_deref(), Some("Typed Co 2"));

    c.delete(&id).await.unwrap();
    assert_eq!(c.get(&id, &[]).await.unwrap_err().status(), Some(404));
    let deleted: Vec<Account> = c
        .query_all(&Account::query().filter(Account::ID.eq(id)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].is_deleted, Some(true));
    assert_eq!(c.count(&Account::query()).await.unwrap(), 0);
}

#[tokio::test]
async fn upsert_by_external_id_reports_created_vs_updated() {
    let (_emu, c) = setup(2000).await;
    let rec = Custom {
        name: Some("first".into()),
        key: Some("K-1".into()),
        ..Default::default()
    };
    let a = c.upsert(Custom::KEY, "K-1", &rec).await.unwrap();
    assert!(a.created);
    let rec = Custom {
        name: Some("second".into()),
        ..Default::default()
    };
    let b = c.upsert(Custom::KEY, "K-1", &rec).await.unwrap();
    assert!(!b.created);
    assert_eq!(a.id, b.id);
    let rows: Vec<Custom> = c.query(&Custom::query()).try_collect().await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name.as_deref(), Some("second"));
    assert_eq!(rows[0].key.as_deref(), Some("K-1"));
}

#[tokio::test]
async fn typed_query_streams_pages_and_survives_faults() {
    let (emu, c) = setup(200).await;
    {
        let mut org = emu.org();
        for i in 0..650 {
            let body = json!({"Name": format!("T{i:04}"), "NumberOfEmployees": i});
            org.create("Account", body.as_object().unwrap()).unwrap();
        }
    }
    emu.faults().add(fault_on(
        FaultKind::TooManyRequests,
        Trigger::Nth(2),
        "/query",
    ));
    let q = Account::query()
        .filter(Account::EMPLOYEES.ge(50))
        .order_by(Account::NAME.asc());
    let rows: Vec<Account> = c.query(&q).try_collect().await.unwrap();
    assert_eq!(rows.len(), 600);
    assert_eq!(rows[0].name.as_deref(), Some("T0050"));
    assert_eq!(rows[599].name.as_deref(), Some("T0649"));
    assert!(rows.windows(2).all(|w| w[0].name < w[1].name));
    assert_eq!(c.count(&q).await.unwrap(), 600);

    let pages: Vec<sf_runtime::client::QueryPage<serde_json::Value>> = c
        .query_pages(&q.to_soql(), &QueryOptions::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
}

#[tokio::test]
async fn parent_and_child_relationships_decode() {
    let (emu, c) = setup(2000).await;
    let acct = c
        .create(&Account {
            name: Some("Parent".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    for n in ["Ada", "Grace", "Linus"] {
        c.create(&Contact {
            last_name: Some(n.into()),
            account_id: Some(acct),
            ..Default::default()
        })
        .await
        .unwrap();
    }
    let q = Unchecked::new(
        "SELECT Id, Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account",
    )
    .rows::<Account>();
    let rows: Vec<Account> = c.query(&q).try_collect().await.unwrap();
    assert_eq!(rows.len(), 1);
    let kids: Vec<_> = rows[0]
        .contacts
        .as_ref()
        .unwrap()
        .iter()
        .map(|k| k.last_name.clone().unwrap())
        .collect();
    assert_eq!(kids, ["Ada", "Grace", "Linus"]);

    let q = Unchecked::new("SELECT LastName, Account.Name FROM Contact ORDER BY LastName")
        .rows::<Contact>();
    let rows: Vec<Contact> = c.query(&q).try_collect().await.unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0].account.as_ref().unwrap().name.as_deref(),
        Some("Parent")
    );
    drop(emu);
}
