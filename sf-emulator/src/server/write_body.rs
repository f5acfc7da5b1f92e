//! The body of an sObject create or update: JSON, or `multipart/form-data`
//! with a JSON part of fields and binary parts for blob fields.
//!
//! Facts relied on (REST API Developer Guide, "Insert or Update Blob Data"):
//! the first part holds the non-binary fields as JSON (`name="entity_document"`
//! for a Document, `entity_content` for a ContentVersion), the second the
//! bytes, named after the blob field (`Body`, `VersionData`); POST creates and
//! PATCH updates. Any part named `entity_…` or sent as `application/json` is
//! taken as the fields here, so a client's choice of name for other objects
//! (`entity_attachment`) works as well.

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use serde_json::{Map, Value};

use crate::errors::ApiError;
use crate::org::BlobWrites;
use crate::resources::{self, Reply};

/// Largest JSON body (or JSON part) accepted; as the router's default.
const MAX_JSON_BYTES: usize = super::MAX_BODY_BYTES;

/// Largest multipart body: Salesforce takes files of up to 2 GB in a
/// ContentVersion (500 MB elsewhere), plus room for the JSON part.
pub const MAX_MULTIPART_BYTES: usize = 2 * 1024 * 1024 * 1024 + 16 * 1024 * 1024;

/// Fields and blob bytes of a write.
pub struct WriteBody {
    pub fields: Map<String, Value>,
    pub blobs: BlobWrites,
}

fn malformed(message: impl Into<String>) -> Reply {
    // Salesforce's own code for a broken multipart body is not documented;
    // this one says what happened, in its error shape.
    Reply::error(ApiError::new(400, "INVALID_MULTIPART_REQUEST", message))
}

/// Reads a write body by its `Content-Type`.
pub async fn read(req: Request) -> Result<WriteBody, Reply> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !content_type.starts_with("multipart/") {
        let bytes = axum::body::to_bytes(req.into_body(), MAX_JSON_BYTES)
            .await
            .map_err(|e| malformed(format!("cannot read the request body: {e}")))?;
        let fields = resources::parse_object(&bytes).map_err(Reply::error)?;
        return Ok(WriteBody {
            fields,
            blobs: Vec::new(),
        });
    }
    // The request's length bounds each binary part's: reserving it at once
    // keeps a large file to one buffer, never regrown (and so never copied).
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_MULTIPART_BYTES);
    let mut multipart = Multipart::from_request(req, &())
        .await
        .map_err(|e| malformed(e.body_text()))?;
    let mut fields: Option<Map<String, Value>> = None;
    let mut blobs = Vec::new();
    let mut budget = declared;
    loop {
        let part = match multipart.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => break,
            Err(e) => return Err(malformed(e.body_text())),
        };
        let name = part.name().unwrap_or_default().to_owned();
        let is_json = part
            .content_type()
            .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/json"));
        if name.starts_with("entity_") || is_json {
            if fields.is_some() {
                return Err(malformed("more than one JSON part of fields"));
            }
            let bytes = part.bytes().await.map_err(|e| malformed(e.body_text()))?;
            if bytes.len() > MAX_JSON_BYTES {
                return Err(malformed("the JSON part is too large"));
            }
            fields = Some(resources::parse_object(&bytes).map_err(Reply::error)?);
            continue;
        }
        if name.is_empty() {
            return Err(malformed(
                "a binary part needs a name: the blob field it holds (Content-Disposition: form-data; name=\"Body\")",
            ));
        }
        let mut buf = bytes::BytesMut::with_capacity(budget);
        let mut part = part;
        loop {
            match part.chunk().await {
                Ok(Some(chunk)) => buf.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) => return Err(malformed(e.body_text())),
            }
        }
        budget = budget.saturating_sub(buf.len());
        blobs.push((name, shrink(buf)));
    }
    Ok(WriteBody {
        fields: fields.unwrap_or_default(),
        blobs,
    })
}

/// A part's bytes without the unused reservation: only a large waste is worth
/// the copy that giving it back takes.
fn shrink(buf: bytes::BytesMut) -> Bytes {
    if buf.capacity() - buf.len() > 1024 * 1024 && buf.capacity() / 2 > buf.len() {
        Bytes::copy_from_slice(&buf)
    } else {
        buf.freeze()
    }
}
