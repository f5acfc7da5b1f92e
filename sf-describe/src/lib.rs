//! The serde model of Salesforce describe metadata, shared by the toolkit's
//! crates so that they cannot drift apart:
//!
//! - `sf-codegen` generates typed structs from it;
//! - `sf-emulator` enforces it (field types, createable/updateable, picklists,
//!   relationships) and serves it;
//! - `sf-runtime`'s `Client::describe` and `Client::describe_global` return it.
//!
//! Every struct is tolerant: keys the model does not know are ignored, and keys a
//! describe leaves out take Salesforce's default (`false`, empty, `None`; `true`
//! for `queryable`, `filterable`, `sortable`, `groupable` and a picklist entry's
//! `active`). Structs are `#[non_exhaustive]` because Salesforce adds describe
//! keys with new API versions: build one with `Default` (every flag false, unlike
//! an absent key when deserializing) and set what you need.
//!
//! ```
//! let describe: sf_describe::SObjectDescribe = serde_json::from_str(
//!     r#"{"name":"Account","keyPrefix":"001","fields":[
//!         {"name":"Id","type":"id"},
//!         {"name":"Name","type":"string","createable":true,"updateable":true,"length":255}
//!     ]}"#,
//! )
//! .unwrap();
//! assert_eq!(describe.field("name").unwrap().length, 255);
//! assert!(describe.queryable);
//! ```

mod field;
mod global;
mod sobject;

pub use field::{FieldDescribe, PicklistEntry};
pub use global::{GlobalDescribe, GlobalSObject};
pub use sobject::{ChildRelationshipDescribe, RecordTypeInfo, SObjectDescribe};

/// `#[serde(default = "yes")]`: keys that Salesforce treats as true when absent.
fn yes() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_keys_take_salesforce_defaults() {
        let d: SObjectDescribe = serde_json::from_str(
            r#"{"name":"X__c","fields":[{"name":"P__c","type":"picklist","picklistValues":[
                {"value":"Old","active":false,"defaultValue":true},
                {"value":"A"},{"value":"B","defaultValue":true}]}]}"#,
        )
        .unwrap();
        assert!(d.queryable && !d.createable);
        let p = d.field("p__C").unwrap();
        assert!(p.filterable && p.sortable && p.groupable && !p.aggregatable);
        assert_eq!(p.active_picklist_values().collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(
            p.default_picklist_value(),
            Some("B"),
            "inactive defaults skipped"
        );
    }

    #[test]
    fn a_describe_without_fields_is_refused() {
        let err = serde_json::from_str::<SObjectDescribe>(r#"{"name":"Account"}"#).unwrap_err();
        assert!(err.to_string().contains("fields"), "{err}");
    }

    #[test]
    fn api_version_comes_from_the_urls() {
        let mut d = SObjectDescribe::default();
        assert_eq!(d.api_version(), None);
        d.urls.insert(
            "describe".into(),
            "/services/data/v48.0/sobjects/Account/describe".into(),
        );
        assert_eq!(d.api_version(), Some("48.0"));
        d.urls
            .insert("describe".into(), "/services/data/vXX.0/x".into());
        assert_eq!(d.api_version(), None, "anonymised");
    }

    #[test]
    fn the_global_entry_is_the_describes_object_keys() {
        let d = SObjectDescribe {
            name: "Account".into(),
            key_prefix: Some("001".into()),
            createable: true,
            fields: vec![FieldDescribe::default()],
            ..SObjectDescribe::default()
        };
        let g = GlobalSObject::from(&d);
        assert_eq!(
            (
                g.name.as_str(),
                g.key_prefix.as_deref(),
                g.createable,
                g.queryable
            ),
            ("Account", Some("001"), true, false)
        );
        let json = serde_json::to_value(&g).unwrap();
        assert_eq!(json["keyPrefix"], "001");
        assert!(json.get("fields").is_none());
    }
}
