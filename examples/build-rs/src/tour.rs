//! Typed writes and queries over the generated models: what an integration
//! does on its first day, each step one or two calls.

use example_support::Result;
use futures::TryStreamExt;
use sf_runtime::composite::Composite;
use sf_runtime::soql::prelude::*;
use sf_runtime::types::{Date, Decimal};
use sf_runtime::{Client, Patch};

use crate::sobjects::{Account, AccountIndustry, Contact, Opportunity, OpportunityStageName};

/// Runs every step and prints what it saw.
pub async fn run(client: &Client) -> Result<()> {
    let acme = seed(client).await?;
    query(client).await?;
    update(client, acme).await?;
    Ok(())
}

/// One Composite call creates an account, two contacts and an opportunity
/// that point at it: the later subrequests use the account's new id through a
/// typed reference, and `allOrNone` rolls everything back if one fails.
async fn seed(client: &Client) -> Result<sf_runtime::types::Id<Account>> {
    let mut req = Composite::new().all_or_none(true);
    let acme = req.create(&Account {
        name: Some("Acme Wind".into()),
        industry: Some(AccountIndustry::Energy),
        number_of_employees: Some(120),
        description: Some("Turbines and blades".into()),
        ..Default::default()
    });
    for (first, last, email) in [
        ("Ada", "Lovelace", "ada@acme.example"),
        ("Alan", "Turing", "alan@acme.example"),
    ] {
        let contact = Contact {
            first_name: Some(first.into()),
            last_name: Some(last.into()),
            email: Some(email.into()),
            ..Default::default()
        };
        req.create_with(&contact, |c| {
            c.set(Contact::ACCOUNT_ID, acme.id());
        });
    }
    let deal = Opportunity {
        name: Some("Acme turbines".into()),
        stage_name: Some(OpportunityStageName::ClosedWon),
        close_date: Some(Date::today_utc()),
        amount: Some("250000.00".parse::<Decimal>()?),
        ..Default::default()
    };
    req.create_with(&deal, |o| {
        o.set(Opportunity::ACCOUNT_ID, acme.id());
    });
    let response = req.send(client).await?;
    let acme_id = response.get(&acme)?;
    println!(
        "composite: created 1 account, 2 contacts and 1 opportunity in {} API call(s)",
        response.api_calls
    );

    // A plain typed create; the read-only `Id` and formula fields are never sent.
    let globex = client
        .create(&Account {
            name: Some("Globex Farms".into()),
            industry: Some(AccountIndustry::Agriculture),
            ..Default::default()
        })
        .await?;
    println!("created Account {globex}");
    Ok(acme_id)
}

/// Three typed queries. Each row's type follows from what was selected, and
/// every value is escaped by the builder.
async fn query(client: &Client) -> Result<()> {
    let farms = Account::select((Account::ID, Account::NAME, Account::INDUSTRY))
        .filter(Account::INDUSTRY.eq(AccountIndustry::Agriculture))
        .order_by(Account::NAME.asc())
        .limit(10);
    println!("{}", farms.to_soql());
    let rows: Vec<_> = client.query(&farms).try_collect().await?;
    println!("agriculture accounts: {}", rows.len());
    for row in &rows {
        let (_, name, industry) = &row.0;
        println!("  {} ({:?})", name.as_deref().unwrap_or("?"), industry);
    }

    let people = Contact::select((Contact::LAST_NAME, Contact::ACCOUNT.then(Account::NAME)))
        .filter(Contact::EMAIL.is_not_null())
        .order_by(Contact::LAST_NAME.asc());
    println!("{}", people.to_soql());
    let mut stream = client.query(&people);
    let mut contacts = 0;
    while let Some(row) = stream.try_next().await? {
        let (last_name, account) = &row.0;
        contacts += 1;
        println!(
            "  {} works at {}",
            last_name.as_deref().unwrap_or("?"),
            account.as_deref().unwrap_or("?")
        );
    }
    println!("contacts with an email: {contacts}");

    let won = Account::select((
        Account::NAME,
        Account::OPPORTUNITIES
            .select((Opportunity::NAME, Opportunity::AMOUNT))
            .filter(Opportunity::STAGE_NAME.eq(OpportunityStageName::ClosedWon)),
    ))
    .filter(Account::INDUSTRY.eq(AccountIndustry::Energy));
    println!("{}", won.to_soql());
    let rows: Vec<_> = client.query(&won).try_collect().await?;
    for row in &rows {
        let (name, deals) = &row.0;
        let deals = deals.as_ref().map(|d| d.records.len()).unwrap_or(0);
        println!(
            "  {} has {deals} won opportunity(ies)",
            name.as_deref().unwrap_or("?")
        );
    }
    Ok(())
}

/// A patch sends exactly the fields it names: one set, one cleared to null.
async fn update(client: &Client, acme: sf_runtime::types::Id<Account>) -> Result<()> {
    let patch = Patch::<Account>::new()
        .set(Account::NUMBER_OF_EMPLOYEES, 150)
        .clear(Account::DESCRIPTION);
    client.update_patch(&acme, &patch).await?;
    let after: Account = client
        .get(&acme, &["Name", "NumberOfEmployees", "Description"])
        .await?;
    println!(
        "updated {}: employees {:?}, description {:?}",
        after.name.as_deref().unwrap_or("?"),
        after.number_of_employees,
        after.description
    );
    let total = client.count(&Account::query()).await?;
    println!("accounts in the org: {total}");
    Ok(())
}
