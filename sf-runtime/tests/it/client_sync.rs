//! What sync jobs read besides queries, against the emulator: a record by its
//! external id, and the ids changed or deleted in a window.

use crate::support;

use sf_runtime::client::Error;
use sf_runtime::types::DateTime;
use support::{client, emulator, Account, Contact, Custom};

fn custom(name: &str, key: &str) -> Custom {
    Custom {
        name: Some(name.into()),
        key: Some(key.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_record_by_its_external_id_typed() {
    let emu = emulator().await;
    let c = client(&emu);
    let id = c.create(&custom("one", "EXT-1/a b")).await.unwrap();
    let got: Custom = c
        .get_by_external_id(Custom::KEY, "EXT-1/a b", &[])
        .await
        .unwrap();
    assert_eq!(got.id, Some(id));
    assert_eq!(got.name.as_deref(), Some("one"));
    let only_name: Custom = c
        .get_by_external_id(Custom::KEY, "EXT-1/a b", &["Name"])
        .await
        .unwrap();
    assert_eq!(
        (only_name.name.as_deref(), only_name.key),
        (Some("one"), None)
    );
    let err = c
        .get_by_external_id::<Custom, _>(Custom::KEY, "nope", &[])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
    // Two records with the same key: Salesforce answers 300 with their URLs.
    {
        let mut org = emu.org();
        let body = serde_json::json!({"Name": "dup", "CustomField__c": "DUP"});
        for _ in 0..2 {
            org.create("Custom__c", body.as_object().unwrap()).unwrap();
        }
    }
    let err = c
        .get_by_external_id::<Custom, _>(Custom::KEY, "DUP", &[])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 300, .. }), "{err}");
}

#[tokio::test]
async fn updated_and_deleted_ids_in_a_window() {
    let emu = emulator().await;
    let c = client(&emu);
    let account = |name: &str| Account {
        name: Some(name.into()),
        ..Default::default()
    };
    let start = DateTime::now();
    let kept = c.create(&account("kept")).await.unwrap();
    let gone = c.create(&account("gone")).await.unwrap();
    c.delete(&gone).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let end = DateTime::now();
    let updated = c.updated::<Account>(start, end).await.unwrap();
    assert_eq!(updated.ids, vec![kept]);
    let deleted = c.deleted::<Account>(start, end).await.unwrap();
    assert_eq!(deleted.deleted_records.len(), 1);
    assert_eq!(deleted.deleted_records[0].id, gone);
    let err = c.updated::<Account>(end, start).await.unwrap_err();
    assert!(err.has_error_code("INVALID_REPLICATION_DATE"), "{err}");
}

#[tokio::test]
async fn typed_sosl_search_against_the_emulator() {
    use sf_runtime::soql::prelude::*;
    use sf_runtime::soql::{Search, SearchGroup, SearchTerm};
    let emu = emulator().await;
    let c = client(&emu);
    for (name, employees) in [("Acme (UK) & Co", 50), ("Acme Inc", 5), ("Globex", 500)] {
        c.create(&Account {
            name: Some(name.into()),
            employees: Some(employees),
            ..Default::default()
        })
        .await
        .unwrap();
    }
    let search = Search::find(SearchTerm::pattern("Acme*"))
        .in_fields(SearchGroup::Name)
        .returning(
            Account::select((Account::ID, Account::NAME))
                .filter(Account::EMPLOYEES.gt(10))
                .order_by(Account::NAME.asc()),
        );
    let found = c.search_typed(&search).await.unwrap();
    let accounts: Vec<Account> = found.of().unwrap();
    let names: Vec<_> = accounts
        .iter()
        .map(|a| a.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["Acme (UK) & Co"], "{:?}", found.records());
    assert!(accounts[0].employees.is_none(), "not returned");
    // A term that tries to close the braces and add a clause stays a term.
    let hostile = Search::find(SearchTerm::words("Globex} RETURNING Contact(Id"))
        .returning(Account::select((Account::ID, Account::NAME)));
    let found = c.search_typed(&hostile).await.unwrap();
    assert!(found.of::<Contact>().unwrap().is_empty());
    let plain = Search::find(SearchTerm::words("Globex"))
        .returning(Account::select((Account::ID, Account::NAME)));
    let found = c.search_typed(&plain).await.unwrap();
    assert_eq!(
        found.of::<Account>().unwrap().len(),
        1,
        "{:?}",
        found.records()
    );
}
