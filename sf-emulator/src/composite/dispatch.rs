//! Runs one composite subrequest against the `Org` directly, so a whole
//! composite call (and its rollback) happens under one lock inside one
//! `Org::transaction`. Serves what Salesforce allows in composite: sObject
//! resources (basic info, describe, rows, rows by external id), query and
//! queryAll, and sObject Collections.

use serde_json::Value;

use crate::errors::ApiError;
use crate::org::Org;
use crate::resources::collections;
use crate::resources::cursors::Cursors;
use crate::resources::{meta, object_body, query, sobjects, split_list, Reply};

/// Where a subrequest's query keeps the rows past its first page.
#[derive(Debug, Clone, Copy)]
pub struct Paging<'a> {
    /// The cursors the REST `query` resource reads `nextRecordsUrl`s from.
    pub cursors: &'a Cursors,
    /// Rows per page (Salesforce: 2,000).
    pub page_size: usize,
}

/// A subrequest after reference substitution.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    /// HTTP method, any case.
    pub method: &'a str,
    /// `/services/data/v66.0/…` (composite) or `v66.0/…` (batch).
    pub url: &'a str,
    /// The JSON body, if any.
    pub body: Option<&'a Value>,
    /// Inside an `allOrNone` composite: sObject Collections subrequests are
    /// all-or-none too, whatever their own flag says (Salesforce's rule).
    pub all_or_none: bool,
}

/// Whether a subrequest fails an `allOrNone` composite: an error, or a
/// collections answer with a failed record.
pub fn halts_transaction(reply: &Reply) -> bool {
    reply.is_error()
        || reply.body.as_array().is_some_and(|results| {
            results
                .iter()
                .any(|r| r.get("success") == Some(&Value::Bool(false)))
        })
}

/// A subrequest URL split into version, path segments and query parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `66.0`.
    pub version: String,
    /// Segments after the version, percent-decoded.
    pub segments: Vec<String>,
    /// Query parameters, decoded.
    pub params: Vec<(String, String)>,
}

impl Target {
    /// Parses `/services/data/v66.0/…` (composite) or `v66.0/…` (batch).
    pub fn parse(url: &str) -> Option<Target> {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let path = path.trim_start_matches('/');
        let path = path.strip_prefix("services/data/").unwrap_or(path);
        let mut parts = path.split('/');
        let version = parts.next()?.strip_prefix('v')?;
        version.parse::<f64>().ok()?;
        let segments = parts.filter(|s| !s.is_empty()).map(decode).collect();
        let params = url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Some(Target {
            version: version.to_owned(),
            segments,
            params,
        })
    }

    /// A query parameter's value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Percent-decodes a path segment (`+` stays a plus in paths).
fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs one subrequest through the same resource functions as the REST routes.
pub fn dispatch(org: &mut Org, paging: &Paging<'_>, call: &Call<'_>) -> Reply {
    let Some(target) = Target::parse(call.url) else {
        return Reply::error(ApiError::not_found());
    };
    let segs: Vec<&str> = target.segments.iter().map(String::as_str).collect();
    let method = call.method.to_ascii_uppercase();
    let version = target.version.as_str();
    let fields = target.param("fields").map(split_list);
    let fields = fields.as_deref();
    let body = || object_body(call.body);
    match (method.as_str(), segs.as_slice()) {
        ("GET", ["sobjects"]) => meta::global_describe(org, version),
        ("GET", ["sobjects", object]) => meta::basic_info(org, version, object),
        ("GET", ["sobjects", object, "describe"]) => meta::describe(org, object, None),
        ("POST", ["sobjects", object]) => match body() {
            Ok(b) => sobjects::create(org, version, object, &b),
            Err(e) => Reply::error(e),
        },
        ("GET", ["sobjects", object, id]) => sobjects::retrieve(org, object, id, fields),
        ("PATCH", ["sobjects", object, id]) => match body() {
            Ok(b) => sobjects::update(org, object, id, &b),
            Err(e) => Reply::error(e),
        },
        ("DELETE", ["sobjects", object, id]) => sobjects::delete(org, object, id),
        ("PATCH" | "POST", ["sobjects", object, field, value]) => match body() {
            Ok(b) => sobjects::upsert(org, version, object, field, value, &b),
            Err(e) => Reply::error(e),
        },
        ("GET", ["sobjects", object, field, value]) => {
            sobjects::retrieve_by_external_id(org, version, object, field, value, fields)
        }
        ("DELETE", ["sobjects", object, field, value]) => {
            sobjects::delete_by_external_id(org, version, object, field, value)
        }
        ("GET", ["query" | "queryAll"]) => {
            let include_deleted = segs[0] == "queryAll";
            match query::execute(org, version, target.param("q"), include_deleted) {
                Ok(out) => {
                    let page = query::first_page(paging.cursors, version, out, paging.page_size);
                    Reply::new(200, page.to_value())
                }
                Err(e) => Reply::error(e),
            }
        }
        (_, ["composite", "sobjects", rest @ ..]) => {
            collections_call(org, &method, &target, rest, call.body, call.all_or_none)
        }
        _ => Reply::error(ApiError::not_found()),
    }
}

fn collections_call(
    org: &mut Org,
    method: &str,
    target: &Target,
    rest: &[&str],
    body: Option<&Value>,
    force_all_or_none: bool,
) -> Reply {
    let mut body = body.cloned().unwrap_or(Value::Null);
    if force_all_or_none {
        if let Some(m) = body.as_object_mut() {
            m.insert("allOrNone".into(), Value::Bool(true));
        }
    }
    let body = &body;
    match (method, rest) {
        ("POST", []) => collections::create(org, body),
        ("PATCH", []) => collections::update(org, body),
        ("DELETE", []) => {
            let ids = split_list(target.param("ids").unwrap_or_default());
            let all = force_all_or_none
                || target
                    .param("allOrNone")
                    .is_some_and(|v| v.eq_ignore_ascii_case("true"));
            collections::delete(org, &ids, all)
        }
        ("PATCH", [object, field]) => collections::upsert(org, object, field, body),
        ("GET", [object]) => {
            let ids = split_list(target.param("ids").unwrap_or_default());
            let fields = target.param("fields").map(split_list);
            collections::retrieve(org, object, &ids, fields.as_deref())
        }
        _ => Reply::error(ApiError::not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_composite_and_batch_urls() {
        let t = Target::parse("/services/data/v66.0/query/?q=select+Id+from+Account").unwrap();
        assert_eq!(t.version, "66.0");
        assert_eq!(t.segments, ["query"]);
        assert_eq!(t.param("q"), Some("select Id from Account"));
        let t = Target::parse("v59.0/sobjects/Account/Ext__c/a%2Fb").unwrap();
        assert_eq!(t.segments, ["sobjects", "Account", "Ext__c", "a/b"]);
        assert!(Target::parse("/services/data/latest/sobjects").is_none());
    }
}
