//! What the app does with its hand-written model, one step per function, each
//! printing what it did.

use futures::TryStreamExt;
use serde_json::json;
use sf_runtime::model::Patch;
use sf_runtime::soql::prelude::*;
use sf_runtime::types::{Decimal, Id};
use sf_runtime::{Client, Error};

use crate::customer::{Customer, Industry};

/// Creates the app's customers with typed creates, and one Account the way
/// another integration would (fields this app's struct does not have, an
/// industry its enum does not list). Returns every id, in that order.
pub async fn seed(client: &Client, tag: &str) -> example_support::Result<Vec<Id<Customer>>> {
    let customers = [
        ("Northwind Power", Some(Industry::Energy), Some(2_500_000)),
        ("Contoso Labs", Some(Industry::Technology), Some(900_000)),
        ("Open Shelter", Some(Industry::NotForProfit), None),
    ];
    let mut ids = Vec::new();
    for (name, industry, revenue) in customers {
        let id = client
            .create(&Customer {
                name: Some(format!("{tag}{name}")),
                industry,
                annual_revenue: revenue.map(Decimal::from),
                ..Default::default()
            })
            .await?;
        println!("created {} {tag}{name}", id.as_str());
        ids.push(id);
    }
    let body = json!({
        "Name": format!("{tag}Helix Bio"),
        "Industry": "Biotechnology",
        "AnnualRevenue": 4_200_000,
        "Phone": "+1 415 555 0199",
        "NumberOfEmployees": 120,
    });
    let raw = client
        .create_raw("Account", body.as_object().expect("an object"))
        .await?;
    println!("created {raw} {tag}Helix Bio (by another integration, untyped)");
    ids.push(Id::parse(&raw)?);
    Ok(ids)
}

/// Reads every customer of this run: only the three fields come over the wire.
pub async fn list(client: &Client, tag: &str) -> Result<Vec<Customer>, Error> {
    let query = Customer::query()
        .filter(Customer::NAME.starts_with(tag))
        .order_by(Customer::NAME.asc());
    println!("query: {}", query.to_soql());
    let customers: Vec<Customer> = client.query(&query).try_collect().await?;
    for c in &customers {
        println!("  {}", row(c));
    }
    Ok(customers)
}

/// A typed filter on the number field and a tuple selection.
pub async fn big_customers(client: &Client, tag: &str) -> Result<Vec<String>, Error> {
    let query = Customer::select((Customer::NAME, Customer::ANNUAL_REVENUE))
        .filter(Customer::NAME.starts_with(tag))
        .filter(Customer::ANNUAL_REVENUE.ge(1_000_000))
        .order_by(Customer::ANNUAL_REVENUE.desc());
    println!("query: {}", query.to_soql());
    let rows: Vec<_> = client.query(&query).try_collect().await?;
    let names: Vec<String> = rows.into_iter().filter_map(|row| row.0 .0).collect();
    println!(
        "  annual revenue of 1,000,000 or more: {}",
        names.join(", ")
    );
    Ok(names)
}

/// A typed PATCH: sets the industry and clears the revenue (a null in the
/// body, which `None` in a create could not say), then reads the
/// record back.
pub async fn reclassify(client: &Client, id: &Id<Customer>) -> Result<Customer, Error> {
    let patch = Patch::<Customer>::new()
        .set(Customer::INDUSTRY, Industry::Technology)
        .clear(Customer::ANNUAL_REVENUE);
    client.update_patch(id, &patch).await?;
    let after: Customer = client.get(id, &[]).await?;
    println!("patched {}: {}", id.as_str(), row(&after));
    Ok(after)
}

/// Deletes what `seed` created and counts what is left of this run.
pub async fn clean_up(client: &Client, tag: &str, ids: &[Id<Customer>]) -> Result<u64, Error> {
    for id in ids {
        client.delete(id).await?;
    }
    let left = client
        .count(&Customer::count().filter(Customer::NAME.starts_with(tag)))
        .await?;
    println!(
        "deleted {} records; {left} left with names starting {tag:?}",
        ids.len()
    );
    Ok(left)
}

/// One customer as a line: name | industry variant | revenue.
fn row(c: &Customer) -> String {
    let industry = c
        .industry
        .as_ref()
        .map_or("no industry".to_string(), |i| format!("{i:?}"));
    let revenue = c
        .annual_revenue
        .map_or("no revenue".to_string(), |r| r.to_string());
    format!(
        "{} | {industry} | {revenue}",
        c.name.as_deref().unwrap_or("")
    )
}
