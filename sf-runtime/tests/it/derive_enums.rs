//! `#[derive(Picklist)]` and `#[derive(Polymorphic)]`.

use crate::common;

use common::models::*;
use serde_json::json;
use sf_runtime::types::{kinds, FieldType, Picklist};

#[test]
fn picklist_values_and_fallback() {
    assert_eq!(
        AccountType::VALUES,
        &[
            "Prospect",
            "Customer - Direct",
            "Customer - Channel",
            "Channel Partner / Reseller",
            "Installation Partner",
            "Technology Partner",
            "Other",
        ]
    );
    fn restricted<P: Picklist>() -> bool {
        P::RESTRICTED
    }
    assert!(!restricted::<AccountType>());
    assert!(restricted::<AccountRating>());
    assert_eq!(
        AccountType::from_api_value("Customer - Direct"),
        AccountType::CustomerDirect
    );
    assert_eq!(AccountType::from_api_value("Other"), AccountType::OtherType);
    assert_eq!(
        AccountType::from_api_value("Brand New"),
        AccountType::Unknown("Brand New".into())
    );
    assert_eq!(
        AccountType::Unknown("Brand New".into()).as_api_value(),
        "Brand New"
    );
    assert_eq!(ContactSalutation::Dr.to_string(), "Dr.");
    for value in OpportunityStage::VALUES {
        assert_eq!(
            OpportunityStage::from_api_value(value).as_api_value(),
            *value
        );
    }
}

#[test]
fn picklist_serde_and_kind() {
    assert_eq!(
        serde_json::to_value(AccountType::ChannelPartnerReseller).unwrap(),
        json!("Channel Partner / Reseller")
    );
    let v: AccountIndustry = serde_json::from_value(json!("Banking")).unwrap();
    assert_eq!(v, AccountIndustry::Banking);
    let v: AccountIndustry = serde_json::from_value(json!("Space")).unwrap();
    assert_eq!(v, AccountIndustry::Other("Space".into()));
    fn kind<T: FieldType>() -> &'static str {
        std::any::type_name::<T::Kind>()
    }
    assert_eq!(
        kind::<AccountIndustry>(),
        std::any::type_name::<kinds::Picklist>()
    );
}

#[test]
fn polymorphic_dispatch_on_attributes_type() {
    let what: TaskWhat = serde_json::from_value(json!({
        "attributes": {"type": "Opportunity"},
        "Name": "Big Deal",
        "Amount": 1000.0
    }))
    .unwrap();
    match &what {
        TaskWhat::Opportunity(o) => {
            assert_eq!(o.name.as_deref(), Some("Big Deal"));
            assert_eq!(o.amount, Some(sf_runtime::types::Decimal::new(1000, 0)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(what.object_type(), Some("Opportunity"));

    let other: TaskWhat =
        serde_json::from_value(json!({"attributes": {"type": "Campaign"}, "Name": "Spring"}))
            .unwrap();
    match &other {
        TaskWhat::Other(v) => assert_eq!(v["Name"], "Spring"),
        x => panic!("{x:?}"),
    }
    assert_eq!(other.object_type(), None);

    let who: TaskWho =
        serde_json::from_value(json!({"attributes": {"type": "Lead"}, "Company": "Acme"})).unwrap();
    assert!(matches!(who, TaskWho::Lead(l) if l.company.as_deref() == Some("Acme")));
}

#[test]
fn polymorphic_field_in_a_record() {
    let task: Task = serde_json::from_value(json!({
        "attributes": {"type": "Task"},
        "Subject": "Call",
        "What": {"attributes": {"type": "Account"}, "Name": "Acme"},
        "Who": null
    }))
    .unwrap();
    assert!(
        matches!(task.what, Some(TaskWhat::Account(ref a)) if a.name.as_deref() == Some("Acme"))
    );
    assert_eq!(task.who, None);
}
