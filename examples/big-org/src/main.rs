//! A big org's setup: the schema generated as a sharded set of crates
//! (`models/`: three shard crates, a universe crate and the facade
//! `big-org-models`), used through the facade exactly as a generated module
//! is: plain types, typed ids across shards, parent paths and child subqueries.
//!
//! `cargo run -p example-big-org` runs against an in-process emulator; with
//! `SF_INSTANCE_URL` and `SF_ACCESS_TOKEN` set it runs against that org (it
//! creates an Account and two Contacts and deletes them again).

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use big_org_models::{Account, Contact, SOBJECTS};
use futures::TryStreamExt;
use sf_runtime::soql::prelude::*;
use sf_runtime::types::Id;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> example_support::Result<bool> {
    let target = example_support::connect().await?;
    println!("running against the {}", target.describe());
    println!("generated objects: {}", SOBJECTS.join(", "));
    let client = &target.client;
    let tag = format!(
        "BIG-{}: ",
        SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs()
    );

    // Account and Contact live in one shard, but nothing here would change if
    // they did not: `Contact.account_id` is an `Id<Account>` either way.
    let account: Id<Account> = client
        .create(&Account {
            name: Some(format!("{tag}Northwind")),
            ..Default::default()
        })
        .await?;
    for last_name in ["Ng", "Okafor"] {
        client
            .create(&Contact {
                last_name: Some(format!("{tag}{last_name}")),
                account_id: Some(account),
                ..Default::default()
            })
            .await?;
    }

    let contacts = Contact::select((Contact::LAST_NAME, Contact::ACCOUNT.then(Account::NAME)))
        .filter(Contact::ACCOUNT.then(Account::NAME).starts_with(&tag))
        .order_by(Contact::LAST_NAME.asc());
    println!("query: {}", contacts.to_soql());
    let rows: Vec<_> = client.query(&contacts).try_collect().await?;
    for row in &rows {
        let (last_name, account_name) = &row.0;
        println!(
            "  {} at {}",
            last_name.as_deref().unwrap_or("?").trim_start_matches(&tag),
            account_name
                .as_deref()
                .unwrap_or("?")
                .trim_start_matches(&tag)
        );
    }

    let with_children = Account::select((
        Account::NAME,
        Account::CONTACTS.select((Contact::LAST_NAME,)),
    ))
    .filter(Account::ID.eq(account));
    println!("query: {}", with_children.to_soql());
    let accounts: Vec<_> = client.query(&with_children).try_collect().await?;
    let children = accounts
        .first()
        .and_then(|a| a.0 .1.as_ref())
        .map(|c| c.len())
        .unwrap_or(0);
    println!("  {children} contacts under the account");

    // Deleting the account cascades to its contacts (as in Salesforce).
    client.delete(&account).await?;
    let left: Vec<Contact> = client
        .query(&Contact::query().filter(Contact::LAST_NAME.starts_with(&tag)))
        .try_collect()
        .await?;
    println!("deleted the account: {} contacts left", left.len());
    target.shutdown().await?;
    Ok(rows.len() == 2 && children == 2 && left.is_empty())
}
