//! Files and blobs: a record created together with the bytes of its blob
//! field (`ContentVersion.VersionData`, `Attachment.Body`, `Document.Body`),
//! a blob replaced in place, and a blob field read back (`GET sobjects/{Object}/{id}/{field}`, "sObject
//! Blob Get" in the REST API Developer Guide), streamed into any
//! [`AsyncWrite`].
//!
//! An upload is a create, so it follows the rule of every create: retried only
//! when the server certainly did not apply it (see [`retry`](super::retry)).

use base64::Engine as _;
use bytes::Bytes;
use reqwest::Method;
use serde_json::{Map, Value};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::blob::{
    entity_part_name, max_blob_bytes, BlobSource, StreamBody, JSON_UPLOAD_THRESHOLD,
};
use super::dispatch::{ApiRequest, Client};
use super::error::Error;
use super::ops_raw::{check_name, encode_segment, SaveResult};
use super::ops_typed::parse_id;
use crate::model::{Createable, Field, SObject, Updateable, WriteMode};
use crate::types::{kinds, Id};

impl Client {
    /// Creates `record` with the bytes of its blob field `field` from `source`;
    /// returns the new id. `field` must be a createable base64 field of `T`
    /// (`ContentVersion::VERSION_DATA`): any other does not compile.
    ///
    /// Blobs up to 1 MiB go base64 in the JSON body; larger ones as a
    /// `multipart/form-data` body streamed from the source in constant memory.
    /// A blob over Salesforce's limit (2 GB for ContentVersion, 500 MB for the
    /// other objects) is refused with [`Error::TooLarge`] before anything is sent.
    ///
    /// ```no_run
    /// # async fn demo(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// use sf_runtime::client::BlobSource;
    /// use sf_runtime::{Base64, Id, SObject};
    ///
    /// #[derive(Debug, Default, SObject)]
    /// pub struct ContentVersion {
    ///     #[sobject(api_name = "Id")]
    ///     pub id: Option<Id<ContentVersion>>,
    ///     pub title: Option<String>,
    ///     pub path_on_client: Option<String>,
    ///     pub version_data: Option<Base64>,
    /// }
    ///
    /// let version = ContentVersion {
    ///     path_on_client: Some("q1.pdf".into()),
    ///     ..Default::default()
    /// };
    /// let source = BlobSource::path("q1.pdf").await?;
    /// let id = client.upload(&version, ContentVersion::VERSION_DATA, source).await?;
    /// # let _ = id; Ok(()) }
    /// ```
    pub async fn upload<T, F>(
        &self,
        record: &T,
        field: F,
        source: BlobSource,
    ) -> Result<Id<T>, Error>
    where
        T: SObject,
        F: Field<Object = T, Kind = kinds::Blob> + Createable,
    {
        let _ = field;
        let mut fields = record.to_write_json(WriteMode::Create);
        fields.remove(F::API_NAME);
        let id = self
            .upload_raw(T::API_NAME, &fields, F::API_NAME, source)
            .await?;
        parse_id(&id, &format!("sobjects/{}", T::API_NAME))
    }

    /// [`upload`](Self::upload) by names: creates an `object` record with
    /// `fields` and the bytes of its blob field `field`; returns the new id.
    ///
    /// ```no_run
    /// # async fn demo(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// use sf_runtime::client::BlobSource;
    ///
    /// let mut fields = serde_json::Map::new();
    /// fields.insert("Name".into(), "logo.png".into());
    /// fields.insert("ParentId".into(), "001000000000001AAA".into());
    /// let source = BlobSource::bytes(std::fs::read("logo.png").unwrap()).content_type("image/png");
    /// let id = client.upload_raw("Attachment", &fields, "Body", source).await?;
    /// # let _ = id; Ok(()) }
    /// ```
    pub async fn upload_raw(
        &self,
        object: &str,
        fields: &Map<String, Value>,
        field: &str,
        source: BlobSource,
    ) -> Result<String, Error> {
        check_name("sObject name", object)?;
        check_name("blob field", field)?;
        let path = format!("sobjects/{object}");
        let req = blob_write(Method::POST, path, object, fields, field, source).await?;
        let resp = self.send(req).await?;
        let r: SaveResult = resp.json()?;
        r.id.ok_or_else(|| resp.decode_error(serde::de::Error::missing_field("id")))
    }

    /// Replaces the bytes of the blob field `field` of the record `id`, sent
    /// as [`upload`](Self::upload) sends them (base64 JSON up to 1 MiB,
    /// streamed multipart beyond, limits checked before sending). `field` must
    /// be an updateable base64 field of `T` (`Attachment.Body`,
    /// `Document.Body`): any other does not compile. A ContentVersion's
    /// `VersionData` is not updateable: upload a new version instead.
    ///
    /// ```no_run
    /// # async fn demo(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// use sf_runtime::client::BlobSource;
    /// use sf_runtime::{Base64, Id, SObject};
    ///
    /// #[derive(Debug, Default, SObject)]
    /// pub struct Document {
    ///     #[sobject(api_name = "Id")]
    ///     pub id: Option<Id<Document>>,
    ///     pub body: Option<Base64>,
    /// }
    ///
    /// let id: Id<Document> = Id::parse("015000000000001AAA").unwrap();
    /// let source = BlobSource::path("brochure-v2.pdf").await?;
    /// client.update_blob(&id, Document::BODY, source).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_blob<T, F>(
        &self,
        id: &Id<T>,
        field: F,
        source: BlobSource,
    ) -> Result<(), Error>
    where
        T: SObject,
        F: Field<Object = T, Kind = kinds::Blob> + Updateable,
    {
        let _ = field;
        self.update_blob_raw(T::API_NAME, id.as_str(), &Map::new(), F::API_NAME, source)
            .await
    }

    /// [`update_blob`](Self::update_blob) by names, setting `fields` in the
    /// same request.
    pub async fn update_blob_raw(
        &self,
        object: &str,
        id: &str,
        fields: &Map<String, Value>,
        field: &str,
        source: BlobSource,
    ) -> Result<(), Error> {
        check_name("sObject name", object)?;
        check_name("blob field", field)?;
        let path = format!("sobjects/{object}/{}", encode_segment(id));
        let req = blob_write(Method::PATCH, path, object, fields, field, source).await?;
        self.send(req).await?;
        Ok(())
    }

    /// Streams the blob field `field` of the record `id` into `out`, chunk by
    /// chunk as it arrives (constant memory); returns the number of bytes.
    /// `field` must be a base64 field of `T`: any other does not compile. A
    /// missing record is [`Error::Api`] with `NOT_FOUND`.
    ///
    /// ```no_run
    /// # async fn demo(client: sf_runtime::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// # use sf_runtime::{Base64, Id, SObject};
    /// # #[derive(Debug, Default, SObject)]
    /// # pub struct ContentVersion {
    /// #     #[sobject(api_name = "Id")]
    /// #     pub id: Option<Id<ContentVersion>>,
    /// #     pub version_data: Option<Base64>,
    /// # }
    /// let id: Id<ContentVersion> = Id::parse("068000000000001AAA")?;
    /// let mut file = tokio::fs::File::create("copy.pdf").await?;
    /// let written = client.download(&id, ContentVersion::VERSION_DATA, &mut file).await?;
    /// # let _ = written; Ok(()) }
    /// ```
    pub async fn download<T, F, W>(&self, id: &Id<T>, field: F, out: &mut W) -> Result<u64, Error>
    where
        T: SObject,
        F: Field<Object = T, Kind = kinds::Blob>,
        W: AsyncWrite + Unpin + ?Sized,
    {
        let _ = field;
        self.download_raw(T::API_NAME, id.as_str(), F::API_NAME, out)
            .await
    }

    /// [`download`](Self::download) into memory.
    ///
    /// ```no_run
    /// # async fn demo(client: sf_runtime::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// # use sf_runtime::{Base64, Id, SObject};
    /// # #[derive(Debug, Default, SObject)]
    /// # pub struct Attachment {
    /// #     #[sobject(api_name = "Id")]
    /// #     pub id: Option<Id<Attachment>>,
    /// #     pub body: Option<Base64>,
    /// # }
    /// let id: Id<Attachment> = Id::parse("00P000000000001AAA")?;
    /// let bytes = client.download_bytes(&id, Attachment::BODY).await?;
    /// # let _ = bytes; Ok(()) }
    /// ```
    pub async fn download_bytes<T, F>(&self, id: &Id<T>, field: F) -> Result<Bytes, Error>
    where
        T: SObject,
        F: Field<Object = T, Kind = kinds::Blob>,
    {
        let _ = field;
        let req = blob_request(T::API_NAME, id.as_str(), F::API_NAME)?;
        Ok(self.send(req).await?.body)
    }

    /// [`download`](Self::download) by names.
    ///
    /// ```no_run
    /// # async fn demo(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// let mut out = Vec::new();
    /// client.download_raw("Document", "015000000000001AAA", "Body", &mut out).await?;
    /// # Ok(()) }
    /// ```
    pub async fn download_raw<W>(
        &self,
        object: &str,
        id: &str,
        field: &str,
        out: &mut W,
    ) -> Result<u64, Error>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        let req = blob_request(object, id, field)?;
        let (head, body) = self.send_open(req).await?;
        copy_body(&head, body, out).await
    }
}

fn blob_request(object: &str, id: &str, field: &str) -> Result<ApiRequest, Error> {
    check_name("sObject name", object)?;
    check_name("blob field", field)?;
    // The body is binary, not JSON (sObject Blob Get).
    Ok(ApiRequest::data(
        Method::GET,
        format!("sobjects/{object}/{}/{field}", encode_segment(id)),
    )
    .header("accept", reqwest::header::HeaderValue::from_static("*/*")))
}

/// Writes a response body into `out` chunk by chunk; returns the byte count.
pub(crate) async fn copy_body<W>(
    head: &super::dispatch::ApiResponse,
    mut body: reqwest::Response,
    out: &mut W,
) -> Result<u64, Error>
where
    W: AsyncWrite + Unpin + ?Sized,
{
    let mut written = 0u64;
    while let Some(chunk) = body.chunk().await.map_err(|e| head.body_error(e))? {
        out.write_all(&chunk)
            .await
            .map_err(|e| Error::io("cannot write the downloaded body", e))?;
        written += chunk.len() as u64;
    }
    out.flush()
        .await
        .map_err(|e| Error::io("cannot write the downloaded body", e))?;
    Ok(written)
}

/// The request of a blob write: `fields` plus the blob, base64 in JSON when
/// small, a streamed multipart body otherwise; refused before sending when the
/// blob is over Salesforce's limit for `object`.
async fn blob_write(
    method: Method,
    path: String,
    object: &str,
    fields: &Map<String, Value>,
    field: &str,
    source: BlobSource,
) -> Result<ApiRequest, Error> {
    let limit = max_blob_bytes(object);
    if source.len() > limit {
        return Err(Error::TooLarge {
            object: object.to_owned(),
            field: field.to_owned(),
            size: source.len(),
            limit,
        });
    }
    if source.len() <= JSON_UPLOAD_THRESHOLD {
        let bytes = source.read_all().await?;
        let mut body = fields.clone();
        body.insert(
            field.to_owned(),
            Value::String(base64::engine::general_purpose::STANDARD.encode(&bytes)),
        );
        return ApiRequest::data(method, path).json(&body);
    }
    let json = Value::Object(fields.clone());
    Ok(ApiRequest::data(method, path).stream(StreamBody::multipart(
        &entity_part_name(object),
        &json,
        field,
        &source,
    )))
}
