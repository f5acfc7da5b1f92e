//! `Picklist` (open enums) and `MultiPicklist<P>`, with enums written by hand the way
//! `#[derive(Picklist)]` generates them, and values from the real describes and records.

use crate::types_support;

use std::collections::HashSet;

use proptest::prelude::*;
use serde_json::{json, Value};
use sf_runtime::types::picklist::is_known_value;
use sf_runtime::{
    kinds, picklist_deserialize, picklist_serialize, FieldType, MultiPicklist, Picklist,
};
use types_support::fixture;

/// `Account.Type` from `fixtures/real/describe/Account.json`. Note the *known* value
/// `Other`: the fallback variant needs a different name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum AccountType {
    Prospect,
    CustomerDirect,
    CustomerChannel,
    ChannelPartnerReseller,
    InstallationPartner,
    TechnologyPartner,
    Other,
    Unknown(String),
}

impl Picklist for AccountType {
    const VALUES: &'static [&'static str] = &[
        "Prospect",
        "Customer - Direct",
        "Customer - Channel",
        "Channel Partner / Reseller",
        "Installation Partner",
        "Technology Partner",
        "Other",
    ];
    const RESTRICTED: bool = false;
    fn as_api_value(&self) -> &str {
        match self {
            Self::Prospect => "Prospect",
            Self::CustomerDirect => "Customer - Direct",
            Self::CustomerChannel => "Customer - Channel",
            Self::ChannelPartnerReseller => "Channel Partner / Reseller",
            Self::InstallationPartner => "Installation Partner",
            Self::TechnologyPartner => "Technology Partner",
            Self::Other => "Other",
            Self::Unknown(s) => s,
        }
    }
    fn from_api_value(value: &str) -> Self {
        match value {
            "Prospect" => Self::Prospect,
            "Customer - Direct" => Self::CustomerDirect,
            "Customer - Channel" => Self::CustomerChannel,
            "Channel Partner / Reseller" => Self::ChannelPartnerReseller,
            "Installation Partner" => Self::InstallationPartner,
            "Technology Partner" => Self::TechnologyPartner,
            "Other" => Self::Other,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl serde::Serialize for AccountType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        picklist_serialize(self, s)
    }
}
impl<'de> serde::Deserialize<'de> for AccountType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        picklist_deserialize(d)
    }
}
impl FieldType for AccountType {
    type Kind = kinds::Picklist;
}

/// `Whizbang.Picklist_Multiselect_Field` (values four, five, six).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Multi {
    Four,
    Five,
    Six,
    Other(String),
}

impl Picklist for Multi {
    const VALUES: &'static [&'static str] = &["four", "five", "six"];
    const RESTRICTED: bool = false;
    fn as_api_value(&self) -> &str {
        match self {
            Multi::Four => "four",
            Multi::Five => "five",
            Multi::Six => "six",
            Multi::Other(s) => s,
        }
    }
    fn from_api_value(value: &str) -> Self {
        match value {
            "four" => Multi::Four,
            "five" => Multi::Five,
            "six" => Multi::Six,
            other => Multi::Other(other.to_owned()),
        }
    }
}

fn describe_values(object: &str, field: &str) -> Vec<String> {
    let describe = fixture(&format!("describe/{object}.json"));
    let f = describe["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == field)
        .unwrap();
    f["picklistValues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn values_match_the_describe_and_round_trip() {
    let from_describe = describe_values("Account", "Type");
    assert_eq!(
        AccountType::VALUES,
        from_describe
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
    );
    for v in AccountType::VALUES {
        let p = AccountType::from_api_value(v);
        assert!(!matches!(p, AccountType::Unknown(_)), "{v}");
        assert!(is_known_value(&p));
        assert_eq!(p.as_api_value(), *v);
        assert_eq!(serde_json::to_value(&p).unwrap(), json!(v));
        assert_eq!(serde_json::from_value::<AccountType>(json!(v)).unwrap(), p);
    }
}

#[test]
fn real_record_values_and_values_added_later() {
    let rec = fixture("records/swiftly-Account-record-v51.json");
    let t: AccountType = serde_json::from_value(rec["Type"].clone()).unwrap();
    assert_eq!(t, AccountType::CustomerChannel);
    let none: Option<AccountType> = serde_json::from_value(rec["Industry"].clone()).unwrap();
    assert_eq!(none, None);

    // A value the org added after the code was generated: kept, never an error.
    let added: AccountType = serde_json::from_value(json!("Customer - Strategic")).unwrap();
    assert_eq!(added, AccountType::Unknown("Customer - Strategic".into()));
    assert!(!is_known_value(&added));
    assert_eq!(
        serde_json::to_value(&added).unwrap(),
        json!("Customer - Strategic")
    );
    // Case matters: API values are exact.
    assert_eq!(
        AccountType::from_api_value("prospect"),
        AccountType::Unknown("prospect".into())
    );

    let err = serde_json::from_value::<AccountType>(json!(3)).unwrap_err();
    assert!(err.to_string().contains("picklist value"), "{err}");
    assert!(serde_json::from_value::<AccountType>(Value::Null).is_err());
}

#[test]
fn multipicklist_from_the_real_whizbang_record() {
    #[derive(serde::Deserialize, serde::Serialize)]
    struct Whizbang {
        #[serde(rename = "Picklist_Multiselect_Label")]
        multi: MultiPicklist<Multi>,
    }
    let rec = fixture("restforce/sobject_sobject_find_success_response.json");
    let w: Whizbang = serde_json::from_value(rec.clone()).unwrap();
    assert_eq!(w.multi.as_slice(), &[Multi::Four, Multi::Six]);
    assert!(w.multi.contains(&Multi::Six));
    assert!(!w.multi.contains(&Multi::Five));
    assert_eq!(w.multi.len(), 2);
    assert_eq!(
        serde_json::to_value(&w).unwrap()["Picklist_Multiselect_Label"],
        rec["Picklist_Multiselect_Label"]
    );

    let describe = describe_values("Whizbang", "Picklist_Multiselect_Field");
    assert_eq!(
        Multi::VALUES,
        describe
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
    );
}

#[test]
fn multipicklist_wire_format() {
    let m: MultiPicklist<Multi> = serde_json::from_value(json!("six;four;seven")).unwrap();
    assert_eq!(
        m.iter().cloned().collect::<Vec<_>>(),
        vec![Multi::Six, Multi::Four, Multi::Other("seven".into())]
    );
    assert_eq!(serde_json::to_value(&m).unwrap(), json!("six;four;seven"));
    assert_eq!(m.to_string(), "six;four;seven");
    assert_eq!(m.to_api_value(), "six;four;seven");

    for empty in [json!(""), Value::Null, json!(";"), json!([])] {
        let m: MultiPicklist<Multi> = serde_json::from_value(empty.clone()).unwrap();
        assert!(m.is_empty(), "{empty}");
        assert_eq!(serde_json::to_value(&m).unwrap(), json!(""));
    }
    // `Option<MultiPicklist>` keeps `null` distinct.
    assert_eq!(
        serde_json::from_value::<Option<MultiPicklist<Multi>>>(Value::Null).unwrap(),
        None
    );
    // Lenient: an array of values.
    let m: MultiPicklist<Multi> = serde_json::from_value(json!(["five", "four"])).unwrap();
    assert_eq!(m.to_string(), "five;four");
    // Duplicates are dropped, first position kept.
    let m: MultiPicklist<Multi> = "five;four;five".parse().unwrap();
    assert_eq!(m.to_string(), "five;four");

    let err = serde_json::from_value::<MultiPicklist<Multi>>(json!(12)).unwrap_err();
    assert!(err.to_string().contains("multi-select picklist"), "{err}");
}

#[test]
fn multipicklist_is_an_ordered_set() {
    let mut m = MultiPicklist::from_iter([Multi::Five, Multi::Four]);
    assert!(!m.insert(Multi::Five));
    assert!(m.insert(Multi::Six));
    assert_eq!(m.as_slice(), &[Multi::Five, Multi::Four, Multi::Six]);
    assert!(m.remove(&Multi::Four));
    assert!(!m.remove(&Multi::Four));
    m.extend([Multi::Four, Multi::Six]);
    assert_eq!(m.to_string(), "five;six;four");

    // Equality and hashing ignore order: Salesforce may return values reordered.
    let reordered: MultiPicklist<Multi> = "four;six;five".parse().unwrap();
    assert_eq!(m, reordered);
    let set: HashSet<MultiPicklist<Multi>> = [m.clone(), reordered].into_iter().collect();
    assert_eq!(set.len(), 1);
    assert_ne!(m, "four;six".parse().unwrap());

    let v: Vec<Multi> = (&m).into_iter().cloned().collect();
    assert_eq!(v, m.clone().into_vec());
    assert_eq!(MultiPicklist::<Multi>::default(), MultiPicklist::new());
    assert_eq!(format!("{m:?}"), "{Five, Six, Four}");

    fn kind<T: FieldType<Kind = K>, K>() {}
    kind::<MultiPicklist<Multi>, kinds::MultiPicklist>();
    kind::<Option<AccountType>, kinds::Picklist>();
}

proptest! {
    #[test]
    fn multipicklist_round_trips(values in proptest::collection::vec("[a-z][a-z ]{0,8}", 0..6)) {
        let m: MultiPicklist<Multi> = values.iter().map(|v| Multi::from_api_value(v)).collect();
        let json = serde_json::to_value(&m).unwrap();
        let back: MultiPicklist<Multi> = serde_json::from_value(json).unwrap();
        prop_assert_eq!(back.as_slice(), m.as_slice());
        let mut seen = HashSet::new();
        let expected: Vec<&String> = values.iter().filter(|v| seen.insert(v.as_str())).collect();
        prop_assert_eq!(m.len(), expected.len());
    }
}
