//! The generated code for every describe in the repository compiles, and typed
//! queries against it render SOQL and decode recorded responses.

#[deny(warnings)]
#[allow(dead_code)]
pub mod sobjects {
    include!(concat!(env!("OUT_DIR"), "/sobjects/mod.rs"));
}

#[deny(warnings)]
#[allow(dead_code)]
pub mod more {
    include!(concat!(env!("OUT_DIR"), "/more.rs"));
}

#[deny(warnings)]
#[allow(dead_code)]
pub mod swiftly_set {
    include!(concat!(env!("OUT_DIR"), "/swiftly_set/mod.rs"));
}

/// A platform event (`Order_Event__e`).
#[deny(warnings)]
#[allow(dead_code)]
pub mod events {
    include!(concat!(env!("OUT_DIR"), "/events/mod.rs"));
}

use sf_runtime::soql::prelude::*;
use sf_runtime::types::{Id, Picklist};
use sobjects::*;

fn fixture(path: &str) -> serde_json::Value {
    let full = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/real/");
    serde_json::from_slice(&std::fs::read(format!("{full}{path}")).unwrap()).unwrap()
}

#[test]
fn every_bundled_object_is_generated() {
    assert_eq!(
        sobjects::SOBJECTS,
        &[
            "Account",
            "Case",
            "Contact",
            "Custom__c",
            "Lead",
            "Opportunity",
            "OpportunityContactRole",
            "Whizbang"
        ]
    );
    use sf_runtime::model::SObject;
    assert_eq!(<Custom as SObject>::API_NAME, "Custom__c");
    assert_eq!(<Account as SObject>::META.fields.len(), 68);
}

#[test]
fn typed_queries_render_soql() {
    assert_eq!(
        Account::select((Account::NAME, Account::INDUSTRY))
            .filter(Account::INDUSTRY.eq(AccountIndustry::Agriculture))
            .limit(5)
            .to_soql(),
        "SELECT Name, Industry FROM Account WHERE Industry = 'Agriculture' LIMIT 5"
    );
    assert_eq!(
        Contact::select((Contact::LAST_NAME, Contact::ACCOUNT.then(Account::NAME)))
            .filter(
                Contact::ACCOUNT
                    .then(Account::TYPE)
                    .eq(AccountType::CustomerDirect)
            )
            .to_soql(),
        "SELECT LastName, Account.Name FROM Contact WHERE Account.Type = 'Customer - Direct'"
    );
    assert_eq!(
        Account::select((
            Account::NAME,
            Account::CONTACTS.select((Contact::LAST_NAME,))
        ))
        .to_soql(),
        "SELECT Name, (SELECT LastName FROM Contacts) FROM Account"
    );
    // A custom object and a custom lookup (`Primary_Contact__c` → `primary_contact_id`).
    assert_eq!(
        Custom::query().to_soql(),
        "SELECT Id, Name, CustomField__c FROM Custom__c"
    );
    assert_eq!(
        Account::select((Account::PRIMARY_CONTACT.then(Contact::EMAIL),)).to_soql(),
        "SELECT PrimaryContact.Email FROM Account"
    );
    let all = Opportunity::query().to_soql();
    assert!(
        all.starts_with("SELECT Id, IsDeleted, AccountId, "),
        "{all}"
    );
    assert!(all.ends_with(" FROM Opportunity"), "{all}");
}

#[test]
fn picklists_and_dependent_tables() {
    assert_eq!(
        AccountType::from_api_value("Customer - Direct"),
        AccountType::CustomerDirect
    );
    assert_eq!(
        AccountType::from_api_value("Brand New Value"),
        AccountType::Unknown("Brand New Value".into())
    );
    assert_eq!(
        AccountType::CustomerDirect.as_api_value(),
        "Customer - Direct"
    );
    // Whizbang.Dependent_Picklist_Field depends on Picklist_Field (real validFor bitmaps).
    let one = WhizbangPicklistField::from_api_value("one");
    assert_eq!(
        WhizbangDependentPicklistField::allowed_values(&one),
        &["seven", "eight"]
    );
    assert!(WhizbangDependentPicklistField::from_api_value("seven").is_valid_for(&one));
    assert!(!WhizbangDependentPicklistField::from_api_value("nine").is_valid_for(&one));
    assert_eq!(WhizbangDependentPicklistField::CONTROLLER, "Picklist_Field");
}

#[test]
fn decodes_recorded_records_and_query_results() {
    // A full Account record (NetCoreForce recording, v57).
    let acct: Account = serde_json::from_value(fixture("netcoreforce/account.json")).unwrap();
    assert_eq!(acct.name.as_deref(), Some("Acme Corporation"));
    assert_eq!(acct.type_, Some(AccountType::CustomerDirect));
    assert_eq!(
        acct.id.as_ref().map(|i| i.as_str()),
        Some("001i000002C8QTIAA3")
    );
    assert_eq!(acct.billing_city.as_deref(), Some("New York"));
    assert!(acct.billing_address.is_some());

    // Parent relationships inside a query result (Case → Account, Contact).
    let page = fixture("netcoreforce/query_case_result.json");
    let cases: Vec<Case> = serde_json::from_value(page["records"].clone()).unwrap();
    assert_eq!(cases.len(), page["records"].as_array().unwrap().len());
    let first = &cases[0];
    assert_eq!(first.case_number.as_deref(), Some("00001000"));
    assert_eq!(
        first.account.as_ref().map(|a| a.get().unwrap().name),
        Some(Some("Edge Communications".to_string()))
    );
    assert_eq!(
        first.contact.as_ref().map(|c| c.get().unwrap().name),
        Some(Some("Rose Gonzalez".to_string()))
    );

    // Child relationship subquery results (Account → Contacts).
    let page = fixture("query/springsocial-parent-to-child-subquery-v37.json");
    let accounts: Vec<Account> = serde_json::from_value(page["records"].clone()).unwrap();
    assert_eq!(accounts[0].name.as_deref(), Some("GenePoint"));
    let contacts = accounts[0]
        .contacts
        .as_ref()
        .expect("Contacts subquery")
        .get()
        .unwrap();
    let last_names: Vec<Option<&str>> = contacts
        .records
        .iter()
        .map(|c| c.last_name.as_deref())
        .collect();
    assert_eq!(last_names, vec![Some("Frank")]);

    // A null parent.
    let page = fixture("query/springsocial-child-to-parent-v37.json");
    let contacts: Vec<Contact> = serde_json::from_value(page["records"].clone()).unwrap();
    assert!(contacts[0].account.is_none());
    assert_eq!(
        contacts[2].account.as_ref().map(|a| a.get().unwrap().name),
        Some(Some("Edge Communications".to_string()))
    );
}

#[test]
fn date_time_object_from_describe_more() {
    use more::nifi_datetestobject_c_date_datetime_time_v62::DateTestObject;
    assert_eq!(
        DateTestObject::query().to_soql(),
        "SELECT id__c, date__c, datetime__c, time__c FROM DateTestObject__c"
    );
    let page = fixture("query/nifi-query-date-datetime-time-v62.json");
    let rows: Vec<DateTestObject> = serde_json::from_value(page["records"].clone()).unwrap();
    assert_eq!(rows[0].id.as_deref(), Some("1"));
    assert_eq!(
        rows[0].date.map(|d| d.to_string()).as_deref(),
        Some("2025-12-16")
    );
    assert!(rows[0].datetime.is_some());
    assert!(rows[0].time.is_some());
}

#[test]
fn polymorphic_lookup_decodes_by_type() {
    use swiftly_set::{Task, TaskWhat};
    assert_eq!(
        Task::select((Task::SUBJECT,))
            .filter(Task::WHAT_ID.is_not_null())
            .to_soql(),
        "SELECT Subject FROM Task WHERE WhatId != null"
    );
    // Record JSON written in the shape Salesforce returns for a polymorphic parent
    // (attributes.type names the object); no recorded Task query is in fixtures/.
    let task: Task = serde_json::from_value(serde_json::json!({
        "attributes": {"type": "Task"},
        "Subject": "Call",
        "What": {"attributes": {"type": "Account"}, "Name": "Acme"},
        "Who": {"attributes": {"type": "Lead"}, "Name": "Some Lead"}
    }))
    .unwrap();
    match &task.what {
        Some(TaskWhat::Account(a)) => assert_eq!(a.get().unwrap().name.as_deref(), Some("Acme")),
        other => panic!("expected an Account parent, got {other:?}"),
    }
    // Lead is not in the generated set: it lands in the fallback.
    assert!(matches!(task.who, Some(swiftly_set::TaskWho::Other(_))));
}

#[test]
fn ids_are_typed() {
    let id: Id<Account> = Id::parse("001i000002C8QTIAA3").unwrap();
    let contact = Contact {
        account_id: Some(id),
        last_name: Some("Doe".into()),
        ..Default::default()
    };
    let body =
        sf_runtime::model::SObject::to_write_json(&contact, sf_runtime::model::WriteMode::Create);
    assert_eq!(body["AccountId"], "001i000002C8QTIAA3");
    assert_eq!(body["LastName"], "Doe");
    // Read-only fields never reach a write body.
    let with_name = Contact {
        name: Some("John Doe".into()),
        ..contact
    };
    let body =
        sf_runtime::model::SObject::to_write_json(&with_name, sf_runtime::model::WriteMode::Create);
    assert!(!body.contains_key("Name"));
}

#[test]
fn every_describe_more_file_compiles_and_queries() {
    let all = more::all_queries();
    let files = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/real/describe-more"
    ))
    .unwrap()
    .filter(|e| {
        e.as_ref()
            .unwrap()
            .path()
            .extension()
            .is_some_and(|x| x == "json")
    })
    .count();
    assert_eq!(all.len(), files);
    for (file, api_name, soql) in &all {
        assert!(soql.starts_with("SELECT "), "{file}: {soql}");
        assert!(
            soql.ends_with(&format!(" FROM {api_name}")),
            "{file}: {soql}"
        );
    }
    // The 222-field person account: every field selected.
    let (_, _, soql) = all
        .iter()
        .find(|(f, _, _)| f.starts_with("mobilesdk-ios-Account-PersonAccount"))
        .unwrap();
    assert_eq!(soql.matches(", ").count() + 1, 222, "{soql}");
}

#[test]
fn person_account_record_decodes() {
    use more::mobilesdk_ios_account_personaccount_v31_222_fields::Account as PersonAccount;
    let record = fixture("records/mobilesdk-ios-Account-PersonAccount-record-v31.json");
    let acct: PersonAccount = serde_json::from_value(record.clone()).unwrap();
    assert_eq!(acct.id.as_ref().map(|i| i.as_str()), record["Id"].as_str());
    assert_eq!(acct.name.as_deref(), record["Name"].as_str());
}

/// A generated platform event publishes over Pub/Sub and through REST, and
/// subscribers decode it into the same generated struct, system fields filled
/// in by the bus.
#[tokio::test]
async fn a_generated_platform_event_publishes_and_decodes() {
    use events::OrderEvent;
    use futures::StreamExt;
    use sf_runtime::client::auth::StaticToken;
    use sf_runtime::pubsub::{PlatformEvent, PubSub, ReplayPreset};
    use sf_runtime::SObject;

    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut schema =
        sf_emulator::schema::Schema::load_dir(format!("{root}/schema/default")).unwrap();
    let describe: serde_json::Value = serde_json::from_slice(
        &std::fs::read(format!(
            "{root}/sf-codegen/tests/fixtures/events/Order_Event__e.json"
        ))
        .unwrap(),
    )
    .unwrap();
    schema.insert(sf_emulator::schema::ObjectSchema::from_describe(describe).unwrap());
    let emu = sf_emulator::Emulator::builder()
        .schema(schema)
        .access_token("tok")
        .pubsub(true)
        .start()
        .await
        .unwrap();
    let auth = || StaticToken::with_instance_url("tok", emu.url());
    let pubsub = PubSub::connect(auth(), emu.pubsub_url().unwrap())
        .await
        .unwrap();
    let mut sub = pubsub.subscribe::<PlatformEvent<OrderEvent>>(
        &format!("/event/{}", OrderEvent::API_NAME),
        ReplayPreset::Earliest,
    );

    let sent = OrderEvent {
        order_number: Some("G-1".into()),
        amount: Some(9.5),
        has_shipped: Some(true),
        ..Default::default()
    };
    let results = pubsub.publish(std::slice::from_ref(&sent)).await.unwrap();
    let replay = results.into_iter().next().unwrap().unwrap();
    let client = sf_runtime::Client::builder().auth(auth()).build().unwrap();
    client
        .create(&OrderEvent {
            order_number: Some("G-2".into()),
            ..Default::default()
        })
        .await
        .unwrap();

    let mut got = Vec::new();
    for _ in 0..2 {
        let r = tokio::time::timeout(std::time::Duration::from_secs(20), sub.next())
            .await
            .expect("an event arrives")
            .expect("stream open")
            .expect("event decodes");
        got.push(r);
    }
    assert_eq!(got[0].replay_id, replay);
    let first = &got[0].event.0;
    assert_eq!(
        (&first.order_number, first.amount, first.has_shipped),
        (&sent.order_number, sent.amount, sent.has_shipped)
    );
    // Set by the bus; CreatedById is the emulator user's (a checked id).
    assert!(first.created_date.is_some() && first.created_by_id.is_some());
    // As in Salesforce, the UUID travels beside the payload, not in it.
    assert_eq!(first.event_uuid, None);
    assert_eq!(got[0].event_id.len(), 36);
    assert_eq!(got[1].event.0.order_number.as_deref(), Some("G-2"));
}
