//! Runs one composite subrequest against the `Org` directly, so a whole
//! composite call (and its rollback) happens under one lock inside one
//! `Org::transaction`. Serves what Salesforce allows in composite: sObject
//! resources (basic info, describe, rows, rows by external id), query and
//! queryAll, and sObject Collections.

use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::collections::ops as collections;
use crate::dml::Org;
use crate::errors::ApiError;
use crate::server::{meta, Cursors};

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

/// A subrequest's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Response headers (`Location` after a create).
    pub headers: Map<String, Value>,
    /// The JSON body (`null` for 204).
    pub body: Value,
}

impl Reply {
    fn new(status: u16, body: Value) -> Self {
        Reply {
            status,
            headers: Map::new(),
            body,
        }
    }

    /// An error answer: the Salesforce error array, status of the first error.
    pub fn errors(errors: Vec<ApiError>) -> Self {
        let status = errors.first().map_or(400, |e| e.status);
        Reply::new(status, json!(errors))
    }

    fn error(e: ApiError) -> Self {
        Reply::errors(vec![e])
    }

    /// Whether the subrequest failed.
    pub fn is_error(&self) -> bool {
        self.status >= 400
    }

    /// Whether the subrequest fails an `allOrNone` composite: an error, or
    /// a collections answer with a failed record.
    pub fn halts_transaction(&self) -> bool {
        self.is_error()
            || self.body.as_array().is_some_and(|results| {
                results
                    .iter()
                    .any(|r| r.get("success") == Some(&Value::Bool(false)))
            })
    }
}

impl From<collections::Reply> for Reply {
    fn from(r: collections::Reply) -> Self {
        Reply::new(r.status, r.body)
    }
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

/// Runs one subrequest.
pub fn dispatch(org: &mut Org, paging: &Paging<'_>, call: &Call<'_>) -> Reply {
    let Some(target) = Target::parse(call.url) else {
        return Reply::error(ApiError::not_found());
    };
    let segs: Vec<&str> = target.segments.iter().map(String::as_str).collect();
    let method = call.method.to_ascii_uppercase();
    let body = call.body;
    match (method.as_str(), segs.as_slice()) {
        ("GET", ["sobjects"]) => Reply::new(
            200,
            json!(meta::global_describe_body(&org.schema, &target.version)),
        ),
        ("GET", ["sobjects", object]) => basic_info(org, &target, object),
        ("GET", ["sobjects", object, "describe"]) => describe(org, object),
        ("POST", ["sobjects", object]) => create(org, &target, object, body),
        ("GET", ["sobjects", object, id]) => {
            let fields = target.param("fields").map(collections::split_list);
            match org.retrieve(object, id, fields.as_deref()) {
                Ok(record) => Reply::new(200, record),
                Err(e) => Reply::errors(e),
            }
        }
        ("PATCH", ["sobjects", object, id]) => match object_body(body) {
            Ok(b) => match org.update(object, id, &b) {
                Ok(()) => Reply::new(204, Value::Null),
                Err(e) => Reply::errors(e),
            },
            Err(e) => Reply::error(e),
        },
        ("DELETE", ["sobjects", object, id]) => match org.delete(object, id) {
            Ok(()) => Reply::new(204, Value::Null),
            Err(e) => Reply::errors(e),
        },
        ("PATCH" | "POST", ["sobjects", object, field, value]) => {
            upsert(org, &target, object, field, value, body)
        }
        ("GET" | "DELETE", ["sobjects", object, field, value]) => {
            by_external_id(org, &method, &target, object, field, value)
        }
        ("GET", ["query" | "queryAll"]) => query(org, paging, &target, segs[0] == "queryAll"),
        (_, ["composite", "sobjects", rest @ ..]) => {
            collections_call(org, &method, &target, rest, body, call.all_or_none)
        }
        _ => Reply::error(ApiError::not_found()),
    }
}

fn object_body(body: Option<&Value>) -> Result<Map<String, Value>, ApiError> {
    match body {
        Some(Value::Object(m)) => Ok(m.clone()),
        None | Some(Value::Null) => Ok(Map::new()),
        Some(_) => Err(ApiError::json_parser(
            "Cannot deserialize instance of sObject from a value that is not a JSON object",
        )),
    }
}

fn basic_info(org: &Org, target: &Target, object: &str) -> Reply {
    match org.object(object) {
        Ok(o) => Reply::new(200, meta::basic_info_body(&o, &target.version)),
        Err(e) => Reply::error(e),
    }
}

fn describe(org: &Org, object: &str) -> Reply {
    match org.object(object) {
        Ok(o) => Reply::new(200, o.raw.clone()),
        Err(e) => Reply::error(e),
    }
}

fn location(target: &Target, object: &str, id: &str) -> Map<String, Value> {
    let mut h = Map::new();
    h.insert(
        "Location".into(),
        json!(format!(
            "/services/data/v{}/sobjects/{object}/{id}",
            target.version
        )),
    );
    h
}

/// The object's API name as the schema spells it, and the record body.
fn write_input(
    org: &Org,
    object: &str,
    body: Option<&Value>,
) -> Result<(String, Map<String, Value>), ApiError> {
    let b = object_body(body)?;
    Ok((org.object(object)?.name.clone(), b))
}

fn create(org: &mut Org, target: &Target, object: &str, body: Option<&Value>) -> Reply {
    let (name, b) = match write_input(org, object, body) {
        Ok(input) => input,
        Err(e) => return Reply::error(e),
    };
    match org.create(&name, &b) {
        Ok(id) => Reply {
            status: 201,
            headers: location(target, &name, &id),
            body: json!({"id": id, "success": true, "errors": []}),
        },
        Err(e) => Reply::errors(e),
    }
}

fn upsert(
    org: &mut Org,
    target: &Target,
    object: &str,
    field: &str,
    value: &str,
    body: Option<&Value>,
) -> Reply {
    let (name, b) = match write_input(org, object, body) {
        Ok(input) => input,
        Err(e) => return Reply::error(e),
    };
    match org.upsert(&name, field, value, &b) {
        Ok(out) => {
            let body = json!({"id": out.id, "success": true, "errors": [], "created": out.created});
            if out.created {
                Reply {
                    status: 201,
                    headers: location(target, &name, &out.id),
                    body,
                }
            } else {
                Reply::new(200, body)
            }
        }
        Err(errors) => match errors.first() {
            // Several matches: Salesforce answers 300 with the records' URLs.
            Some(e) if e.error_code == "MULTIPLE_CHOICES" => {
                let urls: Vec<Value> = e
                    .fields
                    .iter()
                    .map(|id| {
                        json!(format!(
                            "/services/data/v{}/sobjects/{name}/{id}",
                            target.version
                        ))
                    })
                    .collect();
                Reply::new(300, Value::Array(urls))
            }
            _ => Reply::errors(errors),
        },
    }
}

/// `GET`/`DELETE sobjects/{object}/{field}/{value}`.
fn by_external_id(
    org: &mut Org,
    method: &str,
    target: &Target,
    object: &str,
    field: &str,
    value: &str,
) -> Reply {
    let obj = match org.object(object) {
        Ok(o) => o,
        Err(e) => return Reply::error(e),
    };
    let Some(f) = obj.field(field).filter(|f| f.external_id || f.id_lookup) else {
        return Reply::error(ApiError::new(
            404,
            "NOT_FOUND",
            format!("Provided external ID field does not exist or is not accessible: {field}"),
        ));
    };
    let ids: Vec<String> = org
        .store
        .live(&obj.name)
        .filter(|r| match r.get(&f.name) {
            Value::String(s) => s.eq_ignore_ascii_case(value),
            Value::Number(n) => n.to_string() == value,
            _ => false,
        })
        .map(|r| r.id().to_owned())
        .collect();
    match ids.as_slice() {
        [] => Reply::error(ApiError::not_found()),
        [id] if method == "GET" => {
            let fields = target.param("fields").map(collections::split_list);
            match org.retrieve(&obj.name, id, fields.as_deref()) {
                Ok(r) => Reply::new(200, r),
                Err(e) => Reply::errors(e),
            }
        }
        [id] => match org.delete(&obj.name, id) {
            Ok(()) => Reply::new(204, Value::Null),
            Err(e) => Reply::errors(e),
        },
        many => Reply::new(
            300,
            Value::Array(
                many.iter()
                    .map(|id| {
                        json!(format!(
                            "/services/data/v{}/sobjects/{}/{id}",
                            target.version, obj.name
                        ))
                    })
                    .collect(),
            ),
        ),
    }
}

fn query(org: &Org, paging: &Paging<'_>, target: &Target, include_deleted: bool) -> Reply {
    let Some(q) = target.param("q").filter(|q| !q.trim().is_empty()) else {
        return Reply::error(ApiError::new(
            400,
            "MALFORMED_QUERY",
            "A query string has to be specified",
        ));
    };
    // The subrequest's version goes into `attributes.url`, as REST `query` does.
    let opts = crate::soql::ExecOptions {
        include_deleted,
        now: org.clock.now(),
        api_version: target.version.clone(),
    };
    let out = match crate::soql::execute(&org.schema, &org.store, q, &opts) {
        Ok(out) => out,
        Err(e) => return Reply::error(ApiError::new(400, e.code, e.message)),
    };
    let batch = paging.page_size.max(1);
    if out.records.len() <= batch {
        return Reply::new(
            200,
            json!({"totalSize": out.total_size, "done": true, "records": out.records}),
        );
    }
    // Later pages come from the same cursors `query` uses, so the
    // `nextRecordsUrl` works against the REST resource.
    let records = Arc::new(out.records);
    let id = paging.cursors.open(records.clone(), out.total_size, batch);
    Reply::new(
        200,
        json!({
            "totalSize": out.total_size,
            "done": false,
            "nextRecordsUrl": format!("/services/data/v{}/query/{id}-{batch}", target.version),
            "records": &records[..batch],
        }),
    )
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
        ("POST", []) => collections::create(org, body).into(),
        ("PATCH", []) => collections::update(org, body).into(),
        ("DELETE", []) => {
            let ids = collections::split_list(target.param("ids").unwrap_or_default());
            let all = force_all_or_none
                || target
                    .param("allOrNone")
                    .is_some_and(|v| v.eq_ignore_ascii_case("true"));
            collections::delete(org, &ids, all).into()
        }
        ("PATCH", [object, field]) => collections::upsert(org, object, field, body).into(),
        ("GET", [object]) => {
            let ids = collections::split_list(target.param("ids").unwrap_or_default());
            let fields = target.param("fields").map(collections::split_list);
            collections::retrieve(org, object, &ids, fields.as_deref()).into()
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
