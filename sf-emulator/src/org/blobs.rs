//! Blob (base64) fields: the bytes a write carries, the URL a read shows in
//! their place, and what Salesforce derives from them (sizes, the file type,
//! the MD5 checksum and the ContentDocument of a new ContentVersion).
//!
//! Facts relied on (Salesforce REST API Developer Guide):
//! - "sObject Blob Get": `GET /services/data/vXX.X/sobjects/{sObject}/{id}/{blobField}`
//!   returns the field's bytes, not JSON; a record read shows the field as that URL.
//! - "Insert or Update Blob Data": a create (POST) or update (PATCH) carries the
//!   bytes either base64 in the JSON body or as a binary part of a multipart body.

use std::collections::BTreeMap;

use bytes::Bytes;
use serde_json::{Map, Value};

use super::Org;
use crate::errors::ApiError;
use crate::schema::ObjectSchema;
use crate::store::{Blob, Fields, Record};

/// The new bytes of blob fields, keyed by field name as written.
pub type BlobWrites = Vec<(String, Bytes)>;

/// What a blob read returns: the bytes and the `Content-Type` to serve them with.
#[derive(Debug, Clone)]
pub struct BlobRead {
    /// The field's bytes.
    pub bytes: Bytes,
    /// The record's `ContentType` when it has one (Attachment, Document), else
    /// `application/octet-stream`.
    pub content_type: String,
}

/// `/services/data/v66.0/sobjects/{object}/{id}/{field}`.
pub fn blob_url(api_version: &str, object: &str, id: &str, field: &str) -> String {
    format!("/services/data/v{api_version}/sobjects/{object}/{id}/{field}")
}

fn is_blob(obj: &ObjectSchema, name: &str) -> Option<String> {
    obj.field(name)
        .filter(|f| f.field_type == "base64")
        .map(|f| f.name.clone())
}

/// Base64 text a JSON (non-multipart) write may carry: Salesforce limits such
/// a message to 50 MB of text, 37.5 MB of decoded bytes ("Insert or Update
/// Blob Data"); larger files must go multipart.
pub const JSON_BLOB_MAX_TEXT: usize = 50 * 1024 * 1024;

/// Moves base64 text of blob fields out of a JSON body into `blobs`, decoded.
/// A `null` stays in the body (it clears the field like any other).
pub fn take_from_json(
    obj: &ObjectSchema,
    body: &Map<String, Value>,
    mut blobs: BlobWrites,
) -> Result<(Map<String, Value>, BlobWrites), Vec<ApiError>> {
    use base64::Engine as _;
    if !body.keys().any(|k| is_blob(obj, k).is_some()) {
        return Ok((body.clone(), blobs));
    }
    let mut rest = Map::with_capacity(body.len());
    for (key, value) in body {
        match (is_blob(obj, key), value) {
            (Some(_), Value::String(text)) => {
                // Salesforce accepts the MIME flavour with line breaks too.
                let compact: String = text.split_ascii_whitespace().collect();
                if compact.len() > JSON_BLOB_MAX_TEXT {
                    // Refused with a 400 as Salesforce does; its error code for
                    // this is not documented, the message says what to do.
                    return Err(vec![ApiError::json_parser(format!(
                        "{key}: {} bytes of base64 exceed the 50 MB (37.5 MB of data) a \
                         non-multipart message may carry; send the file as multipart/form-data",
                        compact.len()
                    ))]);
                }
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(compact.as_bytes())
                    .map_err(|_| {
                        vec![ApiError::json_parser(format!(
                            "Cannot deserialize instance of base64 from VALUE_STRING value {key}: \
                             not valid base64"
                        ))]
                    })?;
                blobs.push((key.clone(), Bytes::from(bytes)));
            }
            _ => {
                rest.insert(key.clone(), value.clone());
            }
        }
    }
    Ok((rest, blobs))
}

/// The blob writes with describe-cased names, or the errors Salesforce gives
/// for a field that is not a blob or not writable in this mode.
pub fn check(
    obj: &ObjectSchema,
    blobs: BlobWrites,
    create: bool,
) -> Result<BTreeMap<String, Bytes>, Vec<ApiError>> {
    let mut out = BTreeMap::new();
    for (name, bytes) in blobs {
        let Some(field) = obj.field(&name) else {
            return Err(vec![ApiError::no_such_column(&name, &obj.name)]);
        };
        if field.field_type != "base64" {
            return Err(vec![ApiError::new(
                400,
                "INVALID_FIELD",
                format!(
                    "{} is not a blob field of {}: binary parts are accepted for base64 fields only",
                    field.name, obj.name
                ),
            )]);
        }
        let allowed = if create {
            field.createable
        } else {
            field.updateable
        };
        if !allowed {
            return Err(vec![ApiError::on_fields(
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                format!("Unable to create/update fields: {}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.", field.name),
                &[&field.name],
            )]);
        }
        out.insert(field.name.clone(), bytes);
    }
    Ok(out)
}

/// Stores the blobs in a record (its fields show their URLs) and fills the
/// values Salesforce derives from them.
pub fn apply(
    org: &mut Org,
    obj: &ObjectSchema,
    record: &mut Record,
    blobs: BTreeMap<String, Bytes>,
    create: bool,
) {
    let id = record.id().to_owned();
    for (name, bytes) in blobs {
        let url = blob_url(&org.api_version, &obj.name, &id, &name);
        record.fields.insert(name.clone(), Value::String(url));
        let size = Value::from(bytes.len() as u64);
        // Attachment.Body and Document.Body have their size beside them.
        let length_field = format!("{name}Length");
        if obj.field(&length_field).is_some() {
            record.fields.insert(length_field, size.clone());
        }
        if obj.name == "ContentVersion" && name == "VersionData" {
            if obj.field("Checksum").is_some() {
                let sum = Value::String(super::md5::md5_hex(&bytes));
                record.fields.insert("Checksum".into(), sum);
            }
            content_version(org, obj, &mut record.fields, size, create);
        }
        record.blobs.insert(name, Blob(bytes));
    }
}

/// A new ContentVersion's derived fields. Salesforce creates the
/// ContentDocument when the create names none, and takes the title and file
/// type from `PathOnClient` (Object Reference, ContentVersion: "FileType is
/// defined by either ContentUrl for links or PathOnClient for documents").
fn content_version(
    org: &mut Org,
    obj: &ObjectSchema,
    fields: &mut Fields,
    size: Value,
    create: bool,
) {
    let mut set = |name: &str, value: Value| {
        if obj.field(name).is_some() {
            fields.insert(name.to_owned(), value);
        }
    };
    set("ContentSize", size);
    if !create {
        return;
    }
    set("IsLatest", Value::Bool(true));
    set("VersionNumber", Value::from("1"));
    let path = fields
        .get("PathOnClient")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let file_name = path.rsplit(['/', '\\']).next().unwrap_or_default();
    let (stem, ext) = match file_name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_owned(), e.to_ascii_lowercase()),
        _ => (file_name.to_owned(), String::new()),
    };
    if obj.field("FileExtension").is_some() && !ext.is_empty() {
        fields.insert("FileExtension".into(), Value::from(ext.clone()));
    }
    if obj.field("FileType").is_some() {
        fields.insert("FileType".into(), Value::from(file_type(&ext)));
    }
    if obj.field("Title").is_some() && fields.get("Title").is_none_or(Value::is_null) {
        fields.insert("Title".into(), Value::from(stem));
    }
    if obj.field("ContentDocumentId").is_some()
        && fields.get("ContentDocumentId").is_none_or(Value::is_null)
    {
        let doc_id = new_content_document(org, fields);
        fields.insert("ContentDocumentId".into(), Value::String(doc_id));
    }
}

/// The id of a new ContentDocument: a record of it when the schema has the
/// object, else an id alone (prefix `069`), so the field still reads as it does
/// in Salesforce.
fn new_content_document(org: &mut Org, version: &Fields) -> String {
    let Some(doc) = org.schema.object("ContentDocument").cloned() else {
        return org.store.next_id("069");
    };
    let id = org.store.next_id(&doc.key_prefix);
    let mut fields = Map::new();
    fields.insert("Id".into(), Value::String(id.clone()));
    for name in [
        "Title",
        "FileType",
        "FileExtension",
        "ContentSize",
        "OwnerId",
    ] {
        if let (Some(f), Some(v)) = (doc.field(name), version.get(name)) {
            fields.insert(f.name.clone(), v.clone());
        }
    }
    if let Some(latest) = doc.field("LatestPublishedVersionId") {
        if let Some(v) = version.get("Id") {
            fields.insert(latest.name.clone(), v.clone());
        }
    }
    org.note_write(&doc.name, &id);
    org.store.put(Record::new(doc.name.clone(), fields));
    id
}

/// Salesforce's `FileType` for a file extension (its upper-case form for the
/// common ones, `UNKNOWN` without one).
fn file_type(ext: &str) -> String {
    match ext {
        "" => "UNKNOWN".into(),
        "txt" => "TEXT".into(),
        "jpeg" => "JPG".into(),
        "htm" => "HTML".into(),
        "docx" => "WORD_X".into(),
        "doc" => "WORD".into(),
        "xlsx" => "EXCEL_X".into(),
        "xls" => "EXCEL".into(),
        "pptx" => "POWER_POINT_X".into(),
        "ppt" => "POWER_POINT".into(),
        other => other.to_ascii_uppercase().chars().take(20).collect(),
    }
}

impl Org {
    /// [`Org::create`] with the bytes of blob fields given apart (a multipart
    /// request's binary parts); base64 text in `body` is accepted as well.
    ///
    /// ```
    /// use sf_emulator::{schema::Schema, Org};
    ///
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/files");
    /// let mut org = Org::new(Schema::load_dir(dir).unwrap());
    /// let body = serde_json::json!({"PathOnClient": "a.txt"});
    /// let id = org
    ///     .create_with_blobs(
    ///         "ContentVersion",
    ///         body.as_object().unwrap(),
    ///         vec![("VersionData".into(), bytes::Bytes::from_static(b"hello"))],
    ///     )
    ///     .unwrap();
    /// let blob = org.blob("ContentVersion", &id, "VersionData").unwrap();
    /// assert_eq!(&blob.bytes[..], b"hello");
    /// assert_eq!(blob.content_type, "application/octet-stream");
    /// ```
    pub fn create_with_blobs(
        &mut self,
        object: &str,
        body: &Map<String, Value>,
        blobs: BlobWrites,
    ) -> Result<String, Vec<ApiError>> {
        self.insert(object, body, blobs)
    }

    /// [`Org::update`] with the bytes of blob fields given apart.
    pub fn update_with_blobs(
        &mut self,
        object: &str,
        id: &str,
        body: &Map<String, Value>,
        blobs: BlobWrites,
    ) -> Result<(), Vec<ApiError>> {
        self.modify(object, id, body, blobs)
    }

    /// The bytes of a record's blob field (`GET …/sobjects/{object}/{id}/{field}`).
    /// 404 `NOT_FOUND` for a missing or deleted record, a field that is not a
    /// blob, or a blob never written.
    pub fn blob(&self, object: &str, id: &str, field: &str) -> Result<BlobRead, ApiError> {
        let obj = self.object(object)?;
        let id18 = self.parse_id(&obj, id)?;
        let record = match self.store.get(&obj.name, &id18) {
            Some(r) if !r.deleted => r,
            _ => return Err(ApiError::not_found()),
        };
        let name = is_blob(&obj, field).ok_or_else(ApiError::not_found)?;
        let bytes = record
            .blobs
            .get(&name)
            .map(|b| b.0.clone())
            .ok_or_else(ApiError::not_found)?;
        let content_type = record
            .get("ContentType")
            .as_str()
            .filter(|t| obj.field("ContentType").is_some() && !t.is_empty())
            .unwrap_or("application/octet-stream")
            .to_owned();
        Ok(BlobRead {
            bytes,
            content_type,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::file_type;

    #[test]
    fn file_types_follow_the_extension() {
        assert_eq!(file_type("pdf"), "PDF");
        assert_eq!(file_type("txt"), "TEXT");
        assert_eq!(file_type(""), "UNKNOWN");
    }
}
