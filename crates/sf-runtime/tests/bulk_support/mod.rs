//! Shared by the composite, collections and bulk tests: derived structs for objects of
//! the bundled schema (`schema/default/`) and an emulator-backed client.
#![allow(dead_code)]

use std::time::Duration;

use sf_emulator::Emulator;
use sf_runtime::client::{Client, RetryPolicy};
use sf_runtime::types::{Date, DateTime, FieldValue, Id};
use sf_runtime::{ChildRecords, SObject};

pub const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/default");

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

pub async fn emulator() -> Emulator {
    Emulator::builder()
        .schema_dir(SCHEMA)
        .start()
        .await
        .unwrap()
}

pub fn client(emu: &Emulator) -> Client {
    Client::builder()
        .instance_url(emu.url())
        .access_token(emu.access_token())
        .retry_policy(
            RetryPolicy::default().delays(Duration::from_millis(1), Duration::from_millis(10)),
        )
        .build()
        .unwrap()
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
