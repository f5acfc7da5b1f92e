//! Whole real records read into structs built from the value types (shaped like what
//! `#[derive(SObject)]` generates), then written back.

use crate::types_support;

use serde::{Deserialize, Serialize};
use serde_json::json;
use sf_runtime::types::decimal::serde_number;
use sf_runtime::{
    picklist_deserialize, picklist_serialize, Address, AnyId, Date, DateTime, Decimal, FieldValue,
    Id, MultiPicklist, Picklist,
};
use types_support::fixture;

struct Account;
struct User;

macro_rules! open_enum {
    ($name:ident { $($variant:ident = $value:literal),* $(,)? }) => {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        enum $name { $($variant,)* Unknown(String) }
        impl Picklist for $name {
            const VALUES: &'static [&'static str] = &[$($value),*];
            const RESTRICTED: bool = false;
            fn as_api_value(&self) -> &str {
                match self { $(Self::$variant => $value,)* Self::Unknown(s) => s }
            }
            fn from_api_value(value: &str) -> Self {
                match value { $($value => Self::$variant,)* other => Self::Unknown(other.to_owned()) }
            }
        }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { picklist_serialize(self, s) }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> { picklist_deserialize(d) }
        }
    };
}

open_enum!(AccountType { Prospect = "Prospect", CustomerDirect = "Customer - Direct", CustomerChannel = "Customer - Channel" });
open_enum!(Controlling { Usa = "USA", Canada = "Canada" });
open_enum!(Multi { Four = "four", Five = "five", Six = "six" });
open_enum!(Single { One = "one", Two = "two" });

#[derive(Debug, Serialize, Deserialize)]
struct AccountRecord {
    #[serde(rename = "Id")]
    id: Id<Account>,
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Type")]
    kind: Option<AccountType>,
    #[serde(rename = "ParentId")]
    parent_id: Option<Id<Account>>,
    #[serde(rename = "OwnerId")]
    owner_id: Id<User>,
    #[serde(rename = "MasterRecordId")]
    master: Option<AnyId>,
    #[serde(rename = "BillingAddress")]
    billing: Option<Address>,
    #[serde(rename = "BillingLatitude", with = "serde_number::option")]
    billing_latitude: Option<Decimal>,
    #[serde(rename = "AnnualRevenue", with = "serde_number::option")]
    annual_revenue: Option<Decimal>,
    #[serde(rename = "CreatedDate")]
    created: DateTime,
    #[serde(rename = "LastActivityDate")]
    last_activity: Option<Date>,
    #[serde(rename = "playgroundorg__Custom_Date_Field__c")]
    custom_date: Option<Date>,
    #[serde(rename = "playgroundorg__Controlling_Picklist__c")]
    controlling: Option<Controlling>,
    #[serde(rename = "IsDeleted")]
    is_deleted: bool,
    #[serde(
        rename = "NumberOfEmployees",
        default,
        skip_serializing_if = "FieldValue::is_absent"
    )]
    employees: FieldValue<i32>,
}

#[test]
fn swiftly_account() {
    let raw = fixture("records/swiftly-Account-record-v51.json");
    let a: AccountRecord = serde_json::from_value(raw.clone()).unwrap();
    assert_eq!(a.id.as_str(), "0011Y00003HVMu4QAH");
    assert_eq!(a.id.to_15(), "0011Y00003HVMu4");
    assert_eq!(a.owner_id.key_prefix(), "005");
    assert_eq!(a.kind, Some(AccountType::CustomerChannel));
    assert_eq!(a.controlling, Some(Controlling::Usa));
    assert_eq!(a.parent_id, None);
    assert_eq!(a.master, None);
    assert_eq!(
        a.billing.as_ref().unwrap().city.as_deref(),
        Some("Anchorage")
    );
    assert_eq!(a.billing_latitude, Some("61.217062".parse().unwrap()));
    assert_eq!(a.annual_revenue, None);
    assert_eq!(a.created, "2021-04-08T18:39:16.000Z".parse().unwrap());
    assert_eq!(a.custom_date, Date::from_ymd(2021, 4, 8));
    assert_eq!(a.employees, FieldValue::Null);
    assert!(!a.is_deleted);

    // Every field written back is identical to what Salesforce sent.
    let out = serde_json::to_value(&a).unwrap();
    for (k, v) in out.as_object().unwrap() {
        assert_eq!(v, &raw[k], "{k}");
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Whizbang {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Checkbox_Label")]
    checkbox: bool,
    #[serde(rename = "Currency_Label", with = "serde_number::option")]
    currency: Option<Decimal>,
    #[serde(rename = "Number_Label")]
    number: Option<f64>,
    #[serde(rename = "Date_Label")]
    date: Option<Date>,
    #[serde(rename = "DateTime_Label")]
    datetime: Option<DateTime>,
    #[serde(rename = "OtherDateTime_Label")]
    other_datetime: Option<DateTime>,
    #[serde(rename = "Picklist_Label")]
    picklist: Option<Single>,
    #[serde(rename = "Picklist_Multiselect_Label")]
    multi: Option<MultiPicklist<Multi>>,
    #[serde(rename = "Email_Label")]
    email: Option<String>,
}

#[test]
fn restforce_whizbang_every_kind_of_field() {
    let raw = fixture("restforce/sobject_sobject_find_success_response.json");
    let w: Whizbang = serde_json::from_value(raw.clone()).unwrap();
    assert!(w.checkbox);
    assert_eq!(w.currency, Some(Decimal::from(23)));
    assert_eq!(w.number, Some(23.0));
    assert_eq!(w.date, Date::from_ymd(2010, 1, 1));
    assert_eq!(
        w.datetime.unwrap().to_string(),
        "2011-07-07T00:37:00.000+0000"
    );
    assert_eq!(w.other_datetime, None);
    assert_eq!(w.picklist, Some(Single::One));
    assert_eq!(
        w.multi.as_ref().unwrap().as_slice(),
        &[Multi::Four, Multi::Six]
    );
    assert_eq!(w.email.as_deref(), Some("danny@example.com"));

    let out = serde_json::to_value(&w).unwrap();
    assert_eq!(out["Picklist_Multiselect_Label"], json!("four;six"));
    assert_eq!(out["DateTime_Label"], raw["DateTime_Label"]);
    assert_eq!(out["Currency_Label"], json!(23));
    let again: Whizbang = serde_json::from_value(out).unwrap();
    assert_eq!(again.multi, w.multi);
    assert_eq!(again.datetime, w.datetime);
}
