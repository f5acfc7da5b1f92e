//! Shared by the emulator-backed tests (client, composite, collections, bulk) and
//! `benches/many_records.rs`: derived structs for objects of the bundled schema
//! (`schema/default/`), an emulator over it, and a client with fast retries.
//! Use it with `mod support;`.
#![allow(dead_code)]

use std::time::Duration;

use sf_emulator::{Emulator, FaultKind, FaultRule, Trigger};
use sf_runtime::bulk::{Bulk, PollPolicy};
use sf_runtime::client::{Client, RetryPolicy};
use sf_runtime::types::{Date, DateTime, FieldValue, Id};
use sf_runtime::{ChildRecords, SObject};

pub const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default");

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Account")]
pub struct Account {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Account>>,
    #[sobject(api_name = "Name", nillable = false)]
    pub name: Option<String>,
    #[sobject(api_name = "Industry", kind = "picklist")]
    pub industry: FieldValue<String>,
    #[sobject(api_name = "NumberOfEmployees", kind = "int")]
    pub employees: Option<i32>,
    #[sobject(api_name = "Description", kind = "textarea")]
    pub description: FieldValue<String>,
    #[sobject(api_name = "IsDeleted", readonly, nillable = false, kind = "boolean")]
    pub is_deleted: Option<bool>,
    #[sobject(child = "Contacts", field = "AccountId")]
    pub contacts: Option<ChildRecords<Contact>>,
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Contact")]
pub struct Contact {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Contact>>,
    #[sobject(api_name = "FirstName")]
    pub first_name: Option<String>,
    #[sobject(api_name = "LastName", nillable = false)]
    pub last_name: Option<String>,
    #[sobject(api_name = "Email", kind = "email", id_lookup)]
    pub email: Option<String>,
    #[sobject(api_name = "Birthdate", kind = "date")]
    pub birthdate: Option<Date>,
    #[sobject(
        api_name = "AccountId",
        reference_to = "Account",
        relationship_name = "Account"
    )]
    pub account_id: Option<Id<Account>>,
    #[sobject(parent = "Account", field = "AccountId")]
    pub account: Option<Box<Account>>,
}

/// `Custom__c`, whose `CustomField__c` is an idLookup field: the upsert key.
#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Custom__c")]
pub struct Custom {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Custom>>,
    #[sobject(api_name = "Name")]
    pub name: Option<String>,
    #[sobject(api_name = "CustomField__c", id_lookup)]
    pub key: Option<String>,
}

/// `Whizbang` (restforce's describe): one field of every scalar type.
#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Whizbang")]
pub struct Whizbang {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Whizbang>>,
    #[sobject(api_name = "Name")]
    pub name: Option<String>,
    #[sobject(api_name = "Checkbox_Field", kind = "boolean", nillable = false)]
    pub checkbox: Option<bool>,
    #[sobject(api_name = "Number_Field", kind = "double")]
    pub number: FieldValue<f64>,
    #[sobject(api_name = "Date_Field", kind = "date")]
    pub date: FieldValue<Date>,
    #[sobject(api_name = "DateTime_Field", kind = "datetime")]
    pub date_time: FieldValue<DateTime>,
    #[sobject(api_name = "Picklist_Multiselect_Field", kind = "multipicklist")]
    pub multi: FieldValue<String>,
    #[sobject(api_name = "Text_Field", kind = "string")]
    pub text: FieldValue<String>,
}

/// An emulator builder over the bundled schema, for tests that set more (page size,
/// fault seed).
pub fn emulator_builder() -> sf_emulator::Builder {
    Emulator::builder().schema_dir(SCHEMA)
}

/// An emulator over the bundled schema with the default page size.
pub async fn emulator() -> Emulator {
    emulator_builder().start().await.unwrap()
}

/// Retries as in production, but with millisecond delays.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().delays(Duration::from_millis(1), Duration::from_millis(10))
}

/// A client with the emulator's never-expiring token and [`fast_retries`].
pub fn client(emu: &Emulator) -> Client {
    client_with_retries(emu, fast_retries())
}

/// A client with the emulator's token and the given retry policy.
pub fn client_with_retries(emu: &Emulator, retry: RetryPolicy) -> Client {
    Client::builder()
        .instance_url(emu.url())
        .access_token(emu.access_token())
        .retry_policy(retry)
        .build()
        .unwrap()
}

/// An emulator serving `page` rows per query page, and a [`client`] for it.
pub async fn setup(page: usize) -> (Emulator, Client) {
    let emu = emulator_builder()
        .query_page_size(page)
        .start()
        .await
        .unwrap();
    let client = client(&emu);
    (emu, client)
}

/// Bulk job polling in milliseconds instead of seconds.
pub fn fast_polls() -> PollPolicy {
    PollPolicy {
        initial: Duration::from_millis(5),
        max: Duration::from_millis(50),
        timeout: Duration::from_secs(60),
    }
}

/// The client's Bulk API 2.0 with [`fast_polls`].
pub fn fast_bulk(client: &Client) -> Bulk {
    client.bulk().poll_policy(fast_polls())
}

/// A fault injected into requests whose path contains `path`.
pub fn fault_on(kind: FaultKind, trigger: Trigger, path: &str) -> FaultRule {
    FaultRule {
        kind,
        trigger,
        path_contains: Some(path.into()),
    }
}

/// `api-usage` used so far, read from the last `Sforce-Limit-Info` the client saw.
pub fn api_usage(client: &Client) -> u64 {
    client
        .limit_info()
        .and_then(|l| l.api_usage)
        .map(|u| u.used)
        .unwrap_or(0)
}

pub fn accounts(n: usize, prefix: &str) -> Vec<Account> {
    (0..n)
        .map(|i| Account {
            name: Some(format!("{prefix} {i:06}")),
            employees: Some(i as i32),
            ..Default::default()
        })
        .collect()
}
