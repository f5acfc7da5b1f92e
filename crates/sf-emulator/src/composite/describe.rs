//! The describe answers composite subrequests give (`sobjects`,
//! `sobjects/{Obj}`), built the way `server/meta.rs` builds the REST ones;
//! `tests/composite_resource.rs` checks the two answer the same.

use serde_json::{json, Map, Value};

use crate::schema::{ObjectSchema, Schema};

/// Keys of a global describe entry, in Salesforce's order.
const GLOBAL_KEYS: &[&str] = &[
    "activateable",
    "associateEntityType",
    "associateParentEntity",
    "createable",
    "custom",
    "customSetting",
    "deepCloneable",
    "deletable",
    "deprecatedAndHidden",
    "feedEnabled",
    "hasSubtypes",
    "isInterface",
    "isSubtype",
    "keyPrefix",
    "label",
    "labelPlural",
    "layoutable",
    "mergeable",
    "mruEnabled",
    "name",
    "queryable",
    "replicateable",
    "retrieveable",
    "searchable",
    "triggerable",
    "undeletable",
    "updateable",
];

/// One object's entry in the global describe and in basic info. `version`
/// is `66.0`.
pub fn object_entry(obj: &ObjectSchema, version: &str) -> Value {
    let mut out = Map::new();
    for key in GLOBAL_KEYS {
        if let Some(v) = obj.raw.get(*key) {
            out.insert((*key).to_owned(), v.clone());
        }
    }
    out.insert("keyPrefix".to_owned(), json!(obj.key_prefix));
    let base = format!("/services/data/v{version}/sobjects/{}", obj.name);
    out.insert(
        "urls".to_owned(),
        json!({
            "rowTemplate": format!("{base}/{{ID}}"),
            "defaultValues": format!("{base}/defaultValues?recordTypeId&fields"),
            "describe": format!("{base}/describe"),
            "sobject": base,
        }),
    );
    Value::Object(out)
}

/// `GET sobjects`.
pub fn global(schema: &Schema, version: &str) -> Value {
    let global = schema.global();
    let field = |k: &str, default: Value| global.and_then(|g| g.get(k)).cloned().unwrap_or(default);
    let sobjects: Vec<Value> = schema.objects().map(|o| object_entry(o, version)).collect();
    json!({
        "encoding": field("encoding", json!("UTF-8")),
        "maxBatchSize": field("maxBatchSize", json!(200)),
        "sobjects": sobjects,
    })
}
