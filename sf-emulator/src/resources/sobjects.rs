//! sObject rows: create, retrieve, update and delete by id, and retrieve,
//! upsert and delete by external id.

use serde_json::{json, Map, Value};

use super::{row_url, Reply};
use crate::errors::ApiError;
use crate::org::{BlobRead, BlobWrites, Org};

/// `POST sobjects/{object}`: 201 with the new id and its `Location`.
pub fn create(org: &mut Org, version: &str, object: &str, body: &Map<String, Value>) -> Reply {
    create_with_blobs(org, version, object, body, Vec::new())
}

/// [`create`] with the binary parts of a multipart request.
pub fn create_with_blobs(
    org: &mut Org,
    version: &str,
    object: &str,
    body: &Map<String, Value>,
    blobs: BlobWrites,
) -> Reply {
    let name = match org.object(object) {
        Ok(o) => o.name.clone(),
        Err(e) => return Reply::error(e),
    };
    if name.ends_with("__e") {
        // A platform event: published, not stored. Salesforce says so with
        // OPERATION_ENQUEUED and the event's UUID beside `success: true`.
        return match org.publish_event(&name, body) {
            Ok((id, uuid)) => Reply::new(
                201,
                json!({"id": id, "success": true, "errors": [
                    {"statusCode": "OPERATION_ENQUEUED", "message": uuid, "fields": []}
                ]}),
            ),
            Err(e) => Reply::errors(e),
        };
    }
    match org.create_with_blobs(&name, body, blobs) {
        Ok(id) => Reply::new(201, json!({"id": id, "success": true, "errors": []}))
            .with_location(row_url(version, &name, &id)),
        Err(e) => Reply::errors(e),
    }
}

/// `GET sobjects/{object}/{id}[?fields=…]`.
pub fn retrieve(org: &Org, object: &str, id: &str, fields: Option<&[String]>) -> Reply {
    match org.retrieve(object, id, fields) {
        Ok(record) => Reply::new(200, record),
        Err(e) => Reply::errors(e),
    }
}

/// `PATCH sobjects/{object}/{id}`: 204.
pub fn update(org: &mut Org, object: &str, id: &str, body: &Map<String, Value>) -> Reply {
    update_with_blobs(org, object, id, body, Vec::new())
}

/// [`update`] with the binary parts of a multipart request.
pub fn update_with_blobs(
    org: &mut Org,
    object: &str,
    id: &str,
    body: &Map<String, Value>,
    blobs: BlobWrites,
) -> Reply {
    match org.update_with_blobs(object, id, body, blobs) {
        Ok(()) => Reply::no_content(),
        Err(e) => Reply::errors(e),
    }
}

/// `DELETE sobjects/{object}/{id}`: 204.
pub fn delete(org: &mut Org, object: &str, id: &str) -> Reply {
    match org.delete(object, id) {
        Ok(()) => Reply::no_content(),
        Err(e) => Reply::errors(e),
    }
}

/// `PATCH sobjects/{object}/{field}/{value}`: 201 and `Location` when created,
/// 200 when updated, 300 with the matching records' URLs when several match.
pub fn upsert(
    org: &mut Org,
    version: &str,
    object: &str,
    field: &str,
    value: &str,
    body: &Map<String, Value>,
) -> Reply {
    let name = match org.object(object) {
        Ok(o) => o.name.clone(),
        Err(e) => return Reply::error(e),
    };
    match org.upsert(&name, field, value, body) {
        Ok(out) => {
            let body = json!({"id": out.id, "success": true, "errors": [], "created": out.created});
            if out.created {
                Reply::new(201, body).with_location(row_url(version, &name, &out.id))
            } else {
                Reply::new(200, body)
            }
        }
        Err(errors) => match errors.first() {
            Some(e) if e.error_code == "MULTIPLE_CHOICES" => {
                multiple_choices(version, &name, &e.fields)
            }
            _ => Reply::errors(errors),
        },
    }
}

/// `GET sobjects/{object}/{id}/{field}` for a blob field: its bytes and
/// content type, or the error reply. `None` when the path is not a blob's (an
/// external id read then).
pub fn blob(org: &Org, object: &str, id: &str, field: &str) -> Option<Result<BlobRead, Reply>> {
    let obj = org.object(object).ok()?;
    let is_blob = obj.field(field).is_some_and(|f| f.field_type == "base64");
    if !is_blob || crate::ids::to18(id).is_none() {
        return None;
    }
    Some(org.blob(&obj.name, id, field).map_err(Reply::error))
}

/// `GET sobjects/{object}/{field}/{value}[?fields=…]`.
pub fn retrieve_by_external_id(
    org: &Org,
    version: &str,
    object: &str,
    field: &str,
    value: &str,
    fields: Option<&[String]>,
) -> Reply {
    match single_match(org, version, object, field, value) {
        Ok((name, id)) => retrieve(org, &name, &id, fields),
        Err(reply) => reply,
    }
}

/// `DELETE sobjects/{object}/{field}/{value}`.
pub fn delete_by_external_id(
    org: &mut Org,
    version: &str,
    object: &str,
    field: &str,
    value: &str,
) -> Reply {
    match single_match(org, version, object, field, value) {
        Ok((name, id)) => delete(org, &name, &id),
        Err(reply) => reply,
    }
}

/// The object's API name and the one live record an external id names, or the
/// reply to send instead (404, or 300 when several match).
fn single_match(
    org: &Org,
    version: &str,
    object: &str,
    field: &str,
    value: &str,
) -> Result<(String, String), Reply> {
    let name = org.object(object).map_err(Reply::error)?.name.clone();
    let ids = org
        .find_by_external_id(&name, field, value)
        .map_err(Reply::error)?;
    match <[String; 1]>::try_from(ids) {
        Ok([id]) => Ok((name, id)),
        Err(ids) if ids.is_empty() => Err(Reply::error(ApiError::not_found())),
        Err(ids) => Err(multiple_choices(version, &name, &ids)),
    }
}

/// 300 Multiple Choices: the URLs of every matching record.
fn multiple_choices(version: &str, object: &str, ids: &[String]) -> Reply {
    let urls = ids.iter().map(|id| json!(row_url(version, object, id)));
    Reply::new(300, Value::Array(urls.collect()))
}
