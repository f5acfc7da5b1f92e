//! `Client::parameterized_search` against the emulator: the typed body finds
//! what the equivalent typed SOSL finds, with per-object fields, filter and
//! limits; a hostile term stays a term.

use crate::support;

use sf_runtime::soql::prelude::*;
use sf_runtime::soql::{ParameterizedSearch, Search, SearchGroup, SearchTerm};
use support::{client, emulator, Account, Contact};

fn names(accounts: &[Account]) -> Vec<&str> {
    let mut n: Vec<&str> = accounts
        .iter()
        .map(|a| a.name.as_deref().unwrap())
        .collect();
    n.sort_unstable();
    n
}

#[tokio::test]
async fn parameterized_search_finds_what_the_sosl_finds() {
    let emu = emulator().await;
    let c = client(&emu);
    for (name, employees) in [
        ("Acme (UK) & Co", 50),
        ("Acme Inc", 5),
        ("Acme Labs", 20),
        ("Globex", 500),
    ] {
        c.create(&Account {
            name: Some(name.into()),
            employees: Some(employees),
            ..Default::default()
        })
        .await
        .unwrap();
    }
    c.create(&Contact {
        last_name: Some("Acme".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let query = || {
        Account::select((Account::ID, Account::NAME, Account::EMPLOYEES))
            .filter(Account::EMPLOYEES.gt(10))
            .limit(5)
    };
    let parameterized = ParameterizedSearch::find(SearchTerm::pattern("Acme*"))
        .in_fields(SearchGroup::Name)
        .returning(query())
        .returning_ids::<Contact>()
        .spell_correction(false);
    let found = c.parameterized_search(&parameterized).await.unwrap();
    let accounts: Vec<Account> = found.of().unwrap();
    assert_eq!(
        names(&accounts),
        ["Acme (UK) & Co", "Acme Labs"],
        "{:?}",
        found.records()
    );
    assert!(accounts.iter().all(|a| a.employees.unwrap() > 10));
    let contacts: Vec<Contact> = found.of().unwrap();
    assert_eq!(contacts.len(), 1);
    assert!(contacts[0].last_name.is_none(), "ids only");

    let sosl = Search::find(SearchTerm::pattern("Acme*"))
        .in_fields(SearchGroup::Name)
        .returning(query());
    let by_sosl: Vec<Account> = c.search_typed(&sosl).await.unwrap().of().unwrap();
    assert_eq!(names(&by_sosl), names(&accounts));

    // Limits: one Account per object entry, two records overall.
    let limited = ParameterizedSearch::find(SearchTerm::words("Acme"))
        .returning(Account::select((Account::ID, Account::NAME)))
        .returning_ids::<Contact>()
        .default_limit(1)
        .overall_limit(2);
    let found = c.parameterized_search(&limited).await.unwrap();
    assert_eq!(
        found.of::<Account>().unwrap().len(),
        1,
        "{:?}",
        found.records()
    );
    assert_eq!(found.len(), 2);

    // Reserved characters are escaped, so they are searched as written.
    let exact = ParameterizedSearch::find(SearchTerm::words("Acme (UK) & Co"))
        .returning(Account::select((Account::ID, Account::NAME)));
    let found = c.parameterized_search(&exact).await.unwrap();
    assert_eq!(names(&found.of::<Account>().unwrap()), ["Acme (UK) & Co"]);
    let hostile = ParameterizedSearch::find(SearchTerm::words("Globex} RETURNING Contact(Id"))
        .returning(Account::select((Account::ID, Account::NAME)));
    let found = c.parameterized_search(&hostile).await.unwrap();
    assert!(found.is_empty(), "{:?}", found.records());
}
