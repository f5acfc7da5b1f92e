//! sObject Collections on an `Org`: create, update, upsert, delete and
//! retrieve of up to 200 records with per-record results in input order.
//! Shared by the `composite/sobjects` routes and composite subrequests.

use serde_json::{json, Map, Value};

use super::Reply;
use crate::errors::ApiError;
use crate::ids;
use crate::org::Org;

/// Records one create/update/upsert/delete call may carry.
pub const MAX_RECORDS: usize = 200;
/// Ids one retrieve call may carry.
pub const MAX_RETRIEVE_IDS: usize = 2000;

/// The rollback notice Salesforce gives records that succeeded in an
/// `allOrNone` call that failed elsewhere.
const ROLLED_BACK: &str =
    "Record rolled back because not all records were valid and the request was using AllOrNone header";

/// 400 `EXCEEDED_ID_LIMIT`, Salesforce's answer to more than `max` records.
pub fn too_many(max: usize) -> ApiError {
    ApiError::new(
        400,
        "EXCEEDED_ID_LIMIT",
        format!("record limit reached. cannot submit more than {max} records into this call"),
    )
}

/// Collections errors say `statusCode` where the rest of REST says `errorCode`.
fn save_error(e: &ApiError) -> Value {
    json!({"statusCode": e.error_code, "message": e.message, "fields": e.fields})
}

/// One record's result.
type Outcome = Result<Saved, Vec<ApiError>>;

#[derive(Debug, Clone)]
struct Saved {
    id: String,
    created: Option<bool>,
}

/// `{allOrNone, records}` of a write call.
struct WriteBody {
    all_or_none: bool,
    records: Vec<Map<String, Value>>,
}

fn parse_write_body(body: &Value) -> Result<WriteBody, ApiError> {
    let obj = body
        .as_object()
        .ok_or_else(|| ApiError::json_parser("Expected a JSON object with a records array"))?;
    let all_or_none = match obj.get("allOrNone") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        Some(other) => {
            return Err(ApiError::json_parser(format!(
                "Cannot deserialize value of type boolean from {other}"
            )))
        }
    };
    let records = obj
        .get("records")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::json_parser("No records array in the request body"))?;
    if records.len() > MAX_RECORDS {
        return Err(too_many(MAX_RECORDS));
    }
    let records = records
        .iter()
        .map(|r| {
            r.as_object()
                .cloned()
                .ok_or_else(|| ApiError::json_parser("Each record must be a JSON object"))
        })
        .collect::<Result<_, _>>()?;
    Ok(WriteBody {
        all_or_none,
        records,
    })
}

/// The record's `attributes.type`.
fn record_type(record: &Map<String, Value>) -> Result<String, ApiError> {
    record
        .get("attributes")
        .and_then(|a| a.get("type"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiError::new(
                400,
                "INVALID_TYPE",
                "Must specify a type in attributes for each record",
            )
        })
}

/// A field of a write body: API names are case-insensitive in bodies, `Id`
/// included (`id` is how Salesforce's own guide and jsforce spell it).
fn get_field<'a>(record: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    record.get(name).or_else(|| {
        record
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// Runs `write` on every record (inside a transaction when `all_or_none`)
/// and shapes the results.
fn run(
    org: &mut Org,
    all_or_none: bool,
    records: &[Map<String, Value>],
    mut write: impl FnMut(&mut Org, &Map<String, Value>) -> Outcome,
) -> Reply {
    let mut outcomes = Vec::with_capacity(records.len());
    let committed = org.transaction(|org| {
        for record in records {
            outcomes.push(write(org, record));
        }
        if all_or_none && outcomes.iter().any(Result::is_err) {
            Err(())
        } else {
            Ok(())
        }
    });
    let rolled_back = committed.is_err();
    let results = outcomes
        .iter()
        .map(|o| match o {
            Ok(_) if rolled_back => json!({
                "success": false,
                "errors": [{"statusCode": "ALL_OR_NONE_OPERATION_ROLLED_BACK", "message": ROLLED_BACK, "fields": []}],
            }),
            Ok(saved) => {
                let mut m = Map::new();
                m.insert("id".into(), json!(saved.id));
                m.insert("success".into(), json!(true));
                m.insert("errors".into(), json!([]));
                if let Some(created) = saved.created {
                    m.insert("created".into(), json!(created));
                }
                Value::Object(m)
            }
            Err(errors) => json!({
                "success": false,
                "errors": errors.iter().map(save_error).collect::<Vec<_>>(),
            }),
        })
        .collect();
    Reply::new(200, Value::Array(results))
}

/// `POST composite/sobjects`.
pub fn create(org: &mut Org, body: &Value) -> Reply {
    let req = match parse_write_body(body) {
        Ok(r) => r,
        Err(e) => return Reply::error(e),
    };
    run(org, req.all_or_none, &req.records, |org, record| {
        let object = record_type(record).map_err(|e| vec![e])?;
        if get_field(record, "Id").is_some_and(|v| !v.is_null()) {
            return Err(vec![ApiError::on_fields(
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                "Record ID: cannot specify Id in an insert call",
                &["Id"],
            )]);
        }
        let id = org.create(&object, record)?;
        Ok(Saved { id, created: None })
    })
}

/// `PATCH composite/sobjects`.
pub fn update(org: &mut Org, body: &Value) -> Reply {
    let req = match parse_write_body(body) {
        Ok(r) => r,
        Err(e) => return Reply::error(e),
    };
    run(org, req.all_or_none, &req.records, |org, record| {
        let object = record_type(record).map_err(|e| vec![e])?;
        let id = match get_field(record, "Id").and_then(Value::as_str) {
            Some(id) => id.to_owned(),
            None => {
                return Err(vec![ApiError::new(
                    400,
                    "MISSING_ARGUMENT",
                    "Id not specified in an update call",
                )])
            }
        };
        org.update(&object, &id, record)?;
        Ok(Saved {
            id: ids::to18(&id).unwrap_or(id),
            created: None,
        })
    })
}

/// `PATCH composite/sobjects/{object}/{ext_field}`: upsert by an external id
/// field (or `Id`, where a missing id means insert).
pub fn upsert(org: &mut Org, object: &str, ext_field: &str, body: &Value) -> Reply {
    let req = match parse_write_body(body) {
        Ok(r) => r,
        Err(e) => return Reply::error(e),
    };
    let obj = match org.object(object) {
        Ok(o) => o,
        Err(e) => return Reply::error(e),
    };
    let Some(field) = obj.field(ext_field).map(|f| f.name.clone()) else {
        return Reply::error(ApiError::new(
            404,
            "NOT_FOUND",
            format!("Provided external ID field does not exist or is not accessible: {ext_field}"),
        ));
    };
    run(org, req.all_or_none, &req.records, |org, record| {
        let value = match get_field(record, &field) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Null) | None if field == "Id" => String::new(),
            _ => {
                return Err(vec![ApiError::on_fields(
                    "MISSING_ARGUMENT",
                    format!("{field} not specified"),
                    &[&field],
                )])
            }
        };
        let outcome = org.upsert(&obj.name, &field, &value, record)?;
        Ok(Saved {
            id: outcome.id,
            created: Some(outcome.created),
        })
    })
}

/// `DELETE composite/sobjects?ids=…&allOrNone=…`.
pub fn delete(org: &mut Org, ids_param: &[String], all_or_none: bool) -> Reply {
    if ids_param.len() > MAX_RECORDS {
        return Reply::error(too_many(MAX_RECORDS));
    }
    let records: Vec<Map<String, Value>> = ids_param
        .iter()
        .map(|id| {
            let mut m = Map::new();
            m.insert("Id".into(), json!(id));
            m
        })
        .collect();
    run(org, all_or_none, &records, |org, record| {
        let raw = record["Id"].as_str().unwrap_or_default();
        let id = ids::to18(raw).ok_or_else(|| {
            vec![ApiError::new(
                400,
                "MALFORMED_ID",
                format!("malformed id {raw}"),
            )]
        })?;
        let object = org
            .schema
            .object_by_prefix(&id[..3])
            .map(|o| o.name.clone())
            .ok_or_else(|| {
                vec![ApiError::new(
                    400,
                    "INVALID_CROSS_REFERENCE_KEY",
                    "invalid cross reference id",
                )]
            })?;
        org.delete(&object, &id)?;
        Ok(Saved { id, created: None })
    })
}

/// `GET composite/sobjects/{object}?ids=…&fields=…`: records in id order,
/// `null` for ids that match no live record.
pub fn retrieve(org: &Org, object: &str, ids_param: &[String], fields: Option<&[String]>) -> Reply {
    if ids_param.len() > MAX_RETRIEVE_IDS {
        return Reply::error(too_many(MAX_RETRIEVE_IDS));
    }
    if let Err(e) = org.object(object) {
        return Reply::error(e);
    }
    let mut out = Vec::with_capacity(ids_param.len());
    for id in ids_param {
        match org.retrieve(object, id, fields) {
            Ok(record) => out.push(record),
            Err(errors) => match errors.first() {
                Some(e) if e.error_code == "INVALID_FIELD" => return Reply::error(e.clone()),
                _ => out.push(Value::Null),
            },
        }
    }
    Reply::new(200, Value::Array(out))
}
