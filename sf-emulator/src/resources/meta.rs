//! Describes: the global describe, an object's basic information and its full
//! describe (served as loaded, keys the shared model lacks included).

use serde_json::{json, Value};
use sf_describe::{GlobalDescribe, GlobalSObject};

use super::Reply;
use crate::org::Org;
use crate::schema::{ObjectSchema, Schema};

/// `GET sobjects`.
pub fn global_describe(org: &Org, version: &str) -> Reply {
    Reply::new(200, json!(global_describe_body(&org.schema, version)))
}

/// `GET sobjects/{object}`: basic information and recently viewed records.
pub fn basic_info(org: &Org, version: &str, object: &str) -> Reply {
    match org.object(object) {
        Ok(o) => Reply::new(200, basic_info_body(&o, version)),
        Err(e) => Reply::error(e),
    }
}

/// `GET sobjects/{object}/describe`; `304 Not Modified` when the describe has
/// not changed since `if_modified_since` (an HTTP date), as Salesforce answers.
pub fn describe(org: &Org, object: &str, if_modified_since: Option<&str>) -> Reply {
    let o = match org.object(object) {
        Ok(o) => o,
        Err(e) => return Reply::error(e),
    };
    let since = if_modified_since
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok())
        .map(|d| d.timestamp());
    let loaded = o
        .loaded_at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    // HTTP dates have whole seconds: compare at that precision.
    if since.is_some_and(|since| loaded <= since) {
        return Reply::new(304, Value::Null);
    }
    Reply::new(200, o.raw.clone())
}

/// The entry of one object in the global describe and in basic info, for
/// API `version` without the `v` (`66.0`): the shared model's projection of the
/// describe, so the two resources (and Composite subrequests, which answer
/// with the same builder) cannot drift apart.
fn object_entry(obj: &ObjectSchema, version: &str) -> GlobalSObject {
    let mut entry = GlobalSObject::from(obj.describe());
    entry.key_prefix = Some(obj.key_prefix.clone());
    let base = format!("/services/data/v{version}/sobjects/{}", obj.name);
    entry.urls = [
        ("rowTemplate", format!("{base}/{{ID}}")),
        (
            "defaultValues",
            format!("{base}/defaultValues?recordTypeId&fields"),
        ),
        ("describe", format!("{base}/describe")),
        ("sobject", base),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    entry
}

/// The `GET sobjects` body for API `version` (`66.0`).
fn global_describe_body(schema: &Schema, version: &str) -> GlobalDescribe {
    let mut body = GlobalDescribe::default();
    let global = schema.global();
    body.encoding = Some(
        global
            .and_then(|g| g.encoding.clone())
            .unwrap_or_else(|| "UTF-8".to_owned()),
    );
    body.max_batch_size = Some(global.and_then(|g| g.max_batch_size).unwrap_or(200));
    body.sobjects = schema.objects().map(|o| object_entry(o, version)).collect();
    body
}

/// The `GET sobjects/{Obj}` body for API `version` (`66.0`): basic
/// information and recently viewed records (none here).
fn basic_info_body(obj: &ObjectSchema, version: &str) -> Value {
    json!({
        "objectDescribe": object_entry(obj, version),
        "recentItems": [],
    })
}
