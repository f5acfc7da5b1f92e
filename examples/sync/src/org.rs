//! The org side: the contacts a run compares with, and the upsert that applies
//! a plan.

use std::collections::HashMap;

use futures::TryStreamExt;
use sf_runtime::collections::{Outcome, WriteReport};
use sf_runtime::soql::prelude::*;
use sf_runtime::{Client, Error};

use crate::sobjects::Contact;

/// Emails per `WHERE Email IN (…)` query: keeps each SOQL statement far below
/// Salesforce's length limit whatever the size of the CSV.
const EMAILS_PER_QUERY: usize = 200;

/// The org's contacts whose email is one of `emails`, keyed by email.
pub async fn contacts_by_email(
    client: &Client,
    emails: &[&str],
) -> Result<HashMap<String, Contact>, Error> {
    let mut found = HashMap::new();
    for chunk in emails.chunks(EMAILS_PER_QUERY) {
        let query = Contact::select((
            Contact::ID,
            Contact::EMAIL,
            Contact::FIRST_NAME,
            Contact::LAST_NAME,
            Contact::TITLE,
            Contact::PHONE,
        ))
        .filter(Contact::EMAIL.is_in(chunk.iter().copied()));
        let mut rows = client.query(&query);
        while let Some(row) = rows.try_next().await? {
            let (id, email, first_name, last_name, title, phone) = row.0;
            let Some(email) = email else { continue };
            let contact = Contact {
                id,
                email: Some(email.clone()),
                first_name,
                last_name,
                title,
                phone,
                ..Default::default()
            };
            found.insert(email.to_lowercase(), contact);
        }
    }
    Ok(found)
}

/// What the org answered to one upsert.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub created: usize,
    pub updated: usize,
    pub failed: usize,
    pub api_calls: u64,
}

/// Upserts `writes` by `Email` through the volume-aware loader (sObject
/// Collections for a small CSV, Bulk API 2.0 for a large one). Each failure is
/// printed with the row's email.
pub async fn upsert(client: &Client, writes: &[Contact]) -> Result<Applied, Error> {
    if writes.is_empty() {
        return Ok(Applied::default());
    }
    let report = client.loader().upsert(Contact::EMAIL, writes).await?;
    for failure in report.failed() {
        let email = writes[failure.index].email.as_deref().unwrap_or("?");
        for e in failure.errors() {
            println!("  failed {email}: {} {}", e.code, e.message);
        }
    }
    Ok(applied(&report))
}

fn applied(report: &WriteReport<Contact>) -> Applied {
    let mut out = Applied {
        api_calls: report.api_calls,
        ..Applied::default()
    };
    for o in &report.outcomes {
        match &o.outcome {
            Outcome::Succeeded {
                created: Some(true),
                ..
            } => out.created += 1,
            Outcome::Succeeded { .. } => out.updated += 1,
            Outcome::Failed { .. } => out.failed += 1,
        }
    }
    out
}
