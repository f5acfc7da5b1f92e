//! What `#[derive(SObject)]` generates: metadata, field tokens and their capability
//! markers, write bodies per mode, record decoding, and the typed PATCH body.

use crate::common;

use common::models::*;
use serde_json::{json, Value};
use sf_runtime::model::{
    ChildRelationship, Createable, Field, Nillable, ParentRelationship, Patch, Updateable,
};
use sf_runtime::types::{Decimal, FieldValue, Id, MultiPicklist};
use sf_runtime::{SObject, WriteMode};

fn is_createable<F: Field>(_: F) -> bool {
    F::META.createable
}

#[test]
fn object_metadata() {
    assert_eq!(Account::API_NAME, "Account");
    assert_eq!(Account::META.api_name, "Account");
    assert_eq!(Account::META.fields.len(), 24);
    assert_eq!(Account::META.fields[0].api_name, "Id");
    assert_eq!(
        Whizbang::API_NAME,
        "Whizbang",
        "the api name defaults to the struct name"
    );
    assert_eq!(DateTestObject::API_NAME, "DateTestObject__c");

    let parents: Vec<_> = Account::META
        .parents
        .iter()
        .map(|p| (p.name, p.field))
        .collect();
    assert_eq!(parents, vec![("Owner", "OwnerId"), ("Parent", "ParentId")]);
    let children: Vec<_> = Account::META
        .children
        .iter()
        .map(|c| (c.name, c.field))
        .collect();
    assert_eq!(
        children,
        vec![
            ("Contacts", "AccountId"),
            ("Opportunities", "AccountId"),
            ("Cases", "AccountId")
        ]
    );
    // Lookup fields default to `<Relationship>Id` and `__r` → `__c`.
    assert_eq!(Contact::META.parents[2].field, "OwnerId");
    assert_eq!(Whizbang::META.parents[0].field, "ParentWhizbang__c");
    assert!(Task::META.parents[0].polymorphic);
    assert!(!Task::META.parents[2].polymorphic);
    // `skip` fields are not Salesforce fields.
    assert!(Account::META.field("local_note").is_none());
    assert!(Account::META
        .fields
        .iter()
        .all(|f| f.rust_name != "local_note"));
}

#[test]
fn field_metadata_and_capabilities() {
    let id = Account::META.field("Id").unwrap();
    assert!(!id.createable && !id.updateable && !id.nillable && id.id_lookup);

    let name = Account::META.field("name").unwrap();
    assert_eq!(
        (name.createable, name.updateable, name.nillable),
        (true, true, false)
    );

    let net_worth = Account::META.field("Net_Worth__c").unwrap();
    assert!(net_worth.calculated && !net_worth.createable && !net_worth.updateable);
    assert_eq!(net_worth.describe_type, Some("currency"));

    let ext = Account::META.field("External_ID__c").unwrap();
    assert!(ext.external_id);

    let partner = Account::META.field("IsPartner").unwrap();
    assert_eq!((partner.createable, partner.updateable), (false, true));

    let parent_id = Account::META.field("ParentId").unwrap();
    assert_eq!(parent_id.reference_to, &["Account"]);
    assert_eq!(parent_id.relationship_name, Some("Parent"));

    let owner = Case::META.field("OwnerId").unwrap();
    assert_eq!(owner.reference_to, &["Group", "User"]);

    let number = Case::META.field("CaseNumber").unwrap();
    assert!(
        !number.createable && !number.updateable,
        "auto numbers are read-only"
    );

    let c = Whizbang::META
        .field("CreateableButNotUpdateableField")
        .unwrap();
    assert_eq!((c.createable, c.updateable), (true, false));
}

#[test]
fn field_tokens() {
    assert_eq!(<account_fields::Name as Field>::API_NAME, "Name");
    assert_eq!(
        <account_fields::NetWorth as Field>::API_NAME,
        "Net_Worth__c"
    );
    assert_eq!(<account_fields::Type as Field>::API_NAME, "Type");
    assert!(is_createable(Account::NAME));
    assert!(!is_createable(Account::CREATED_DATE));
    assert_eq!(std::mem::size_of_val(&Account::NAME), 0);
    assert_eq!(
        <contact_fields::Account as ParentRelationship>::NAME,
        "Account"
    );
    assert_eq!(
        <account_fields::Contacts as ChildRelationship>::NAME,
        "Contacts"
    );
    assert_eq!(<task_fields::What as ParentRelationship>::NAME, "What");

    fn updateable<F: Updateable>(_: F) {}
    fn createable<F: Createable>(_: F) {}
    fn nillable<F: Nillable>(_: F) {}
    updateable(Account::NAME);
    updateable(Account::IS_PARTNER);
    createable(Whizbang::CREATEABLE_BUT_NOT_UPDATEABLE_FIELD);
    updateable(Whizbang::UPDATEABLE_BUT_NOT_CREATEABLE_FIELD);
    nillable(Account::DESCRIPTION);
    // The Rust value type of a field is the inner type of its Option/FieldValue.
    let _: <account_fields::AnnualRevenue as Field>::Value = Decimal::ONE;
    let _: <account_fields::Description as Field>::Value = String::new();
    let _: <contact_fields::AccountId as Field>::Value =
        Id::<Account>::parse("001A000000df63xIAA").unwrap();
}

fn sample_account() -> Account {
    Account {
        id: Some(Id::parse("001A000000df63xIAA").unwrap()),
        is_deleted: Some(false),
        name: Some("Acme".into()),
        r#type: Some(AccountType::CustomerDirect),
        annual_revenue: Some(Decimal::new(12345, 1)),
        number_of_employees: Some(42),
        description: FieldValue::Null,
        industry: None,
        created_date: Some(sf_runtime::types::DateTime::now()),
        is_partner: Some(true),
        net_worth: Some(Decimal::new(99, 0)),
        external_id: Some("EXT-1".into()),
        programs: Some(MultiPicklist::from([
            AccountProgram::PartnerProgram,
            AccountProgram::ResellerProgram,
        ])),
        owner: Some(Box::new(User {
            name: Some("Owner".into()),
            ..User::default()
        })),
        local_note: Some("not sent".into()),
        ..Account::default()
    }
}

#[test]
fn create_body_leaves_out_what_cannot_be_created() {
    let body = sample_account().to_write_json(WriteMode::Create);
    assert_eq!(
        Value::Object(body),
        json!({
            "Name": "Acme",
            "Type": "Customer - Direct",
            "AnnualRevenue": 1234.5,
            "NumberOfEmployees": 42,
            "Description": null,
            "External_ID__c": "EXT-1",
            "Programs__c": "Partner Program;Reseller Program",
        })
    );
}

#[test]
fn update_body_leaves_out_what_cannot_be_updated() {
    let body = sample_account().to_write_json(WriteMode::Update);
    assert_eq!(
        Value::Object(body),
        json!({
            "Name": "Acme",
            "Type": "Customer - Direct",
            "AnnualRevenue": 1234.5,
            "NumberOfEmployees": 42,
            "Description": null,
            "IsPartner": true,
            "External_ID__c": "EXT-1",
            "Programs__c": "Partner Program;Reseller Program",
        })
    );
}

#[test]
fn upsert_body_leaves_out_the_external_id() {
    let body = sample_account().to_write_json(WriteMode::Upsert);
    assert!(!body.contains_key("External_ID__c"));
    assert!(!body.contains_key("Id"));
    assert!(body.contains_key("IsPartner"));
    assert_eq!(body.get("Name"), Some(&json!("Acme")));
}

#[test]
fn absent_values_are_not_sent() {
    let empty = Account::default();
    assert!(empty.to_write_json(WriteMode::Create).is_empty());
    assert!(empty.to_write_json(WriteMode::Update).is_empty());
    let w = Whizbang {
        createable_but_not_updateable_field: Some(sf_runtime::types::DateTime::now()),
        updateable_but_not_createable_field: Some(sf_runtime::types::DateTime::now()),
        ..Whizbang::default()
    };
    let create = w.to_write_json(WriteMode::Create);
    let update = w.to_write_json(WriteMode::Update);
    assert!(create.contains_key("CreateableButNotUpdateableField"));
    assert!(!create.contains_key("UpdateableButNotCreateableField"));
    assert!(update.contains_key("UpdateableButNotCreateableField"));
    assert!(!update.contains_key("CreateableButNotUpdateableField"));
}

#[test]
fn record_id() {
    assert_eq!(
        sample_account().id().unwrap().as_str(),
        "001A000000df63xIAA"
    );
    assert_eq!(Account::default().id(), None);
}

#[test]
fn decoding_absent_null_and_unknown_keys() {
    let account: Account = serde_json::from_value(json!({
        "attributes": {"type": "Account", "url": "/services/data/v66.0/sobjects/Account/001A000000df63xIAA"},
        "Id": "001A000000df63x",
        "Name": "Acme",
        "Description": null,
        "AnnualRevenue": 30000000.0,
        "Industry": "Not In The Enum",
        "Programs__c": "Partner Program;Something New",
        "SomeFieldNotInTheStruct__c": {"nested": [1, 2, 3]},
        "Owner": null,
        "Contacts": {"totalSize": 1, "done": true, "records": [
            {"attributes": {"type": "Contact"}, "LastName": "Frank"}
        ]}
    }))
    .unwrap();
    assert_eq!(account.id.unwrap().as_str(), "001A000000df63xIAA");
    assert_eq!(account.description, FieldValue::Null);
    assert_eq!(account.annual_revenue, Some(Decimal::new(30000000, 0)));
    assert_eq!(
        account.industry,
        Some(AccountIndustry::Other("Not In The Enum".into()))
    );
    assert_eq!(
        account.programs.unwrap().into_vec(),
        vec![
            AccountProgram::PartnerProgram,
            AccountProgram::Other("Something New".into())
        ]
    );
    assert_eq!(account.owner, None);
    assert_eq!(
        account.contacts.unwrap().records[0].last_name.as_deref(),
        Some("Frank")
    );
    assert_eq!(account.phone, None);
    assert_eq!(account.local_note, None);

    let absent: Account = serde_json::from_value(json!({"Name": "x"})).unwrap();
    assert_eq!(absent.description, FieldValue::Absent);
}

#[test]
fn decoding_reports_the_wrong_type() {
    let err = serde_json::from_value::<Account>(json!({"NumberOfEmployees": "many"})).unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
    let err = serde_json::from_value::<Account>(json!({"Id": "not an id"})).unwrap_err();
    assert!(!err.to_string().is_empty());
    let err = serde_json::from_value::<Account>(json!("a string")).unwrap_err();
    assert!(err.to_string().contains("Account"), "{err}");
}

#[test]
fn patch_body() {
    let body = Patch::<Account>::new()
        .set(Account::NAME, "Acme")
        .set(Account::ANNUAL_REVENUE, Decimal::new(5, 1))
        .set(Account::INDUSTRY, AccountIndustry::Energy)
        .set(Account::IS_PARTNER, true)
        .clear(Account::DESCRIPTION)
        .clear(Account::RATING);
    assert_eq!(
        Value::Object(body.into_json()),
        json!({
            "Name": "Acme",
            "AnnualRevenue": 0.5,
            "Industry": "Energy",
            "IsPartner": true,
            "Description": null,
            "Rating": null,
        })
    );
    let empty = Patch::<Contact>::new();
    assert!(empty.is_empty());
    let p = Patch::<Contact>::new()
        .set(Contact::LAST_NAME, String::from("Smith"))
        .set(Contact::LAST_NAME, "Jones");
    assert_eq!(
        p.to_json().get("LastName"),
        Some(&json!("Jones")),
        "a second set replaces the first"
    );
}

/// The README's tour declares `struct Account` without `pub`: the derive works on
/// private structs (the tokens take the struct's visibility, one level up).
mod private_model {
    use sf_runtime::soql::prelude::*;
    use sf_runtime::types::Id;
    use sf_runtime::SObject;

    #[derive(Debug, Default, SObject)]
    #[sobject(api_name = "Account")]
    struct Account {
        #[sobject(api_name = "Id")]
        id: Option<Id<Account>>,
        #[sobject(api_name = "Name")]
        name: Option<String>,
    }

    mod nested {
        #[derive(Debug, Default, sf_runtime::SObject)]
        #[sobject(api_name = "Contact")]
        pub(super) struct Contact {
            #[sobject(api_name = "LastName")]
            pub(super) last_name: Option<String>,
        }
    }

    pub fn soql() -> (String, String) {
        let account = Account::select((Account::ID, Account::NAME))
            .filter(Account::NAME.like("Acme%"))
            .to_soql();
        let contact = nested::Contact::select((nested::Contact::LAST_NAME,)).to_soql();
        let decoded: Account = serde_json::from_str(r#"{"Name":"Acme"}"#).unwrap();
        assert_eq!(decoded.name.as_deref(), Some("Acme"));
        assert!(decoded.id.is_none());
        (account, contact)
    }
}

#[test]
fn derive_works_on_private_structs() {
    let (account, contact) = private_model::soql();
    assert_eq!(
        account,
        "SELECT Id, Name FROM Account WHERE Name LIKE 'Acme%'"
    );
    assert_eq!(contact, "SELECT LastName FROM Contact");
}
