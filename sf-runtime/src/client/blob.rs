//! Where an upload's bytes come from ([`BlobSource`]), Salesforce's size limits
//! for them, and the request bodies that carry them: JSON with the field
//! base64-encoded, or `multipart/form-data` streamed from the source.
//!
//! Facts relied on (REST API Developer Guide, "Insert or Update Blob Data"):
//! - through sObject Basic Information / sObject Rows, a multipart upload may
//!   be up to 2 GB for ContentVersion and 500 MB for the other objects;
//! - a non-multipart (JSON) write is limited to 50 MB of text, that is 37.5 MB
//!   of data before base64;
//! - the multipart body has a JSON part of the other fields first (named
//!   `entity_document` in the Document example, `entity_content` for
//!   ContentVersion), then a binary part named after the blob field.

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::{Bytes, BytesMut};
use futures::future::BoxFuture;
use futures::StreamExt;
use tokio::io::{AsyncRead, AsyncReadExt};

use super::error::Error;

/// Largest blob of a ContentVersion (multipart).
pub const CONTENT_VERSION_MAX_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Largest blob of the other objects (multipart).
pub const OTHER_BLOB_MAX_BYTES: u64 = 500 * 1024 * 1024;
/// Largest blob sent base64 in a JSON body (37.5 MB).
pub const JSON_BLOB_MAX_BYTES: u64 = 75 * 1024 * 1024 / 2;
/// Blobs up to this size go base64 in a JSON body (one small request); larger
/// ones as a multipart body streamed from the source, in constant memory.
pub const JSON_UPLOAD_THRESHOLD: u64 = 1024 * 1024;

/// Bytes read from a file or reader per chunk of a streamed body.
const CHUNK: usize = 64 * 1024;

/// Salesforce's upload limit for a blob of `object`: 2 GB for ContentVersion,
/// 500 MB for the others.
///
/// ```
/// use sf_runtime::client::{max_blob_bytes, CONTENT_VERSION_MAX_BYTES};
/// assert_eq!(max_blob_bytes("ContentVersion"), CONTENT_VERSION_MAX_BYTES);
/// assert_eq!(max_blob_bytes("Attachment"), 500 * 1024 * 1024);
/// ```
pub fn max_blob_bytes(object: &str) -> u64 {
    if object.eq_ignore_ascii_case("ContentVersion") {
        CONTENT_VERSION_MAX_BYTES
    } else {
        OTHER_BLOB_MAX_BYTES
    }
}

/// The name of a multipart body's JSON part for `object`.
pub(crate) fn entity_part_name(object: &str) -> String {
    match object.to_ascii_lowercase().as_str() {
        "contentversion" => "entity_content".to_owned(),
        lower => format!("entity_{lower}"),
    }
}

type Reader = Pin<Box<dyn AsyncRead + Send>>;

enum Origin {
    Bytes(Bytes),
    Path(PathBuf),
    /// Taken by the first attempt: a caller's reader cannot be read twice.
    Reader(Mutex<Option<Reader>>),
}

/// The bytes of an upload: in memory, a file (streamed, reopened for a retry)
/// or any [`AsyncRead`] (streamed once) of a known size.
///
/// ```no_run
/// # async fn demo() -> Result<(), sf_runtime::Error> {
/// use sf_runtime::client::BlobSource;
///
/// let small = BlobSource::bytes(b"hello".to_vec()).file_name("hello.txt");
/// let big = BlobSource::path("report.pdf").await?;
/// let piped = BlobSource::reader(tokio::io::empty(), 0).content_type("text/plain");
/// assert_eq!(small.len(), 5);
/// # let _ = (big, piped); Ok(()) }
/// ```
#[derive(Clone)]
pub struct BlobSource {
    origin: Arc<Origin>,
    len: u64,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl std::fmt::Debug for BlobSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let origin = match &*self.origin {
            Origin::Bytes(_) => "bytes".to_owned(),
            Origin::Path(p) => p.display().to_string(),
            Origin::Reader(_) => "reader".to_owned(),
        };
        f.debug_struct("BlobSource")
            .field("origin", &origin)
            .field("len", &self.len)
            .field("file_name", &self.file_name)
            .finish()
    }
}

impl BlobSource {
    /// Bytes already in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        BlobSource {
            len: bytes.len() as u64,
            origin: Arc::new(Origin::Bytes(bytes)),
            file_name: None,
            content_type: None,
        }
    }

    /// A file, streamed when sent (and opened again if the request is retried);
    /// its name becomes the multipart part's `filename`.
    pub async fn path(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref().to_path_buf();
        let meta = tokio::fs::metadata(&path)
            .await
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(BlobSource {
            len: meta.len(),
            origin: Arc::new(Origin::Path(path)),
            file_name,
            content_type: None,
        })
    }

    /// Exactly `len` bytes from `reader`, streamed once: a request that would
    /// need them a second time (a retry) fails instead.
    pub fn reader(reader: impl AsyncRead + Send + 'static, len: u64) -> Self {
        BlobSource {
            len,
            origin: Arc::new(Origin::Reader(Mutex::new(Some(Box::pin(reader))))),
            file_name: None,
            content_type: None,
        }
    }

    /// The `filename` of the multipart part (default: the file's name, or `file`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The `Content-Type` of the binary part (default `application/octet-stream`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// All the bytes in memory (for the JSON form, used for small blobs only).
    pub(crate) async fn read_all(&self) -> Result<Bytes, Error> {
        if let Origin::Bytes(b) = &*self.origin {
            return Ok(b.clone());
        }
        let mut reader = self.open().await?;
        let mut buf = Vec::with_capacity(self.len as usize);
        reader
            .read_to_end(&mut buf)
            .await
            .map_err(|e| Error::io("cannot read the blob", e))?;
        if buf.len() as u64 != self.len {
            return Err(size_changed(self.len, buf.len() as u64));
        }
        Ok(buf.into())
    }

    async fn open(&self) -> Result<Reader, Error> {
        match &*self.origin {
            Origin::Bytes(b) => Ok(Box::pin(std::io::Cursor::new(b.clone()))),
            Origin::Path(p) => tokio::fs::File::open(p)
                .await
                .map(|f| Box::pin(f) as Reader)
                .map_err(|e| Error::io(format!("cannot open {}", p.display()), e)),
            Origin::Reader(slot) => slot
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
                .ok_or_else(|| {
                    Error::config(
                        "the upload's reader was consumed by an earlier attempt and cannot be \
                         sent again; give a file path or bytes for uploads that may be retried",
                    )
                }),
        }
    }

    /// The binary part's stream: exactly `len` bytes in chunks of at most 64 KiB.
    fn chunks(&self) -> BoxFuture<'static, Result<ChunkStream, Error>> {
        let source = self.clone();
        Box::pin(async move {
            if let Origin::Bytes(b) = &*source.origin {
                let b = b.clone();
                let pieces: Vec<Result<Bytes, std::io::Error>> = (0..b.len())
                    .step_by(CHUNK)
                    .map(|at| Ok(b.slice(at..(at + CHUNK).min(b.len()))))
                    .collect();
                return Ok(futures::stream::iter(pieces).boxed());
            }
            let reader = source.open().await?;
            let expected = source.len;
            let stream = futures::stream::unfold(
                (reader, 0u64, false),
                move |(mut reader, read, done)| async move {
                    if done {
                        return None;
                    }
                    let mut buf = BytesMut::with_capacity(CHUNK);
                    match reader.read_buf(&mut buf).await {
                        Ok(0) if read == expected => None,
                        Ok(0) => Some((Err(size_error(expected, read)), (reader, read, true))),
                        Ok(n) if read + n as u64 > expected => Some((
                            Err(size_error(expected, read + n as u64)),
                            (reader, read, true),
                        )),
                        Ok(n) => Some((Ok(buf.freeze()), (reader, read + n as u64, false))),
                        Err(e) => Some((Err(e), (reader, read, true))),
                    }
                },
            );
            Ok(stream.boxed())
        })
    }
}

type ChunkStream = futures::stream::BoxStream<'static, Result<Bytes, std::io::Error>>;

fn size_error(expected: u64, got: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("the blob source gave {got} bytes where {expected} were declared"),
    )
}

fn size_changed(expected: u64, got: u64) -> Error {
    Error::io("cannot read the blob", size_error(expected, got))
}

/// A request body produced again for every attempt (see `ApiRequest::stream`).
#[derive(Clone)]
pub(crate) struct StreamBody {
    pub(crate) content_type: String,
    pub(crate) len: u64,
    pub(crate) open:
        Arc<dyn Fn() -> BoxFuture<'static, Result<reqwest::Body, Error>> + Send + Sync>,
}

impl std::fmt::Debug for StreamBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamBody")
            .field("content_type", &self.content_type)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl StreamBody {
    /// The source's bytes alone as the body.
    pub(crate) fn raw(source: &BlobSource, content_type: &str) -> StreamBody {
        let src = source.clone();
        StreamBody {
            content_type: content_type.to_owned(),
            len: source.len,
            open: Arc::new(move || {
                let chunks = src.chunks();
                Box::pin(async move { Ok(reqwest::Body::wrap_stream(chunks.await?)) })
            }),
        }
    }

    /// `multipart/form-data`: the JSON part `entity`, then the source as the
    /// binary part `field`. The length is known up front, so the request has a
    /// `Content-Length` (no chunked encoding) and Salesforce can refuse an
    /// oversized upload before reading it.
    pub(crate) fn multipart(
        entity: &str,
        json: &serde_json::Value,
        field: &str,
        source: &BlobSource,
    ) -> StreamBody {
        use rand::Rng;
        let boundary = format!("sf-runtime-{:032x}", rand::thread_rng().gen::<u128>());
        let file_name = source
            .file_name
            .as_deref()
            .unwrap_or("file")
            .replace(['"', '\r', '\n'], "_");
        let part_type = source
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream")
            .replace(['\r', '\n'], "");
        let head = Bytes::from(format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{entity}\"\r\n\
             Content-Type: application/json\r\n\r\n{json}\r\n--{boundary}\r\n\
             Content-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
             Content-Type: {part_type}\r\n\r\n"
        ));
        let tail = Bytes::from(format!("\r\n--{boundary}--\r\n"));
        let len = head.len() as u64 + source.len + tail.len() as u64;
        let src = source.clone();
        StreamBody {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            len,
            open: Arc::new(move || {
                let (head, tail, chunks) = (head.clone(), tail.clone(), src.chunks());
                Box::pin(async move {
                    let body = futures::stream::once(async move { Ok(head) })
                        .chain(chunks.await?)
                        .chain(futures::stream::once(async move { Ok(tail) }));
                    Ok(reqwest::Body::wrap_stream(body))
                })
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names_follow_the_documentation() {
        assert_eq!(entity_part_name("ContentVersion"), "entity_content");
        assert_eq!(entity_part_name("Document"), "entity_document");
        assert_eq!(max_blob_bytes("contentversion"), 2 * 1024 * 1024 * 1024);
        assert_eq!(max_blob_bytes("Attachment"), 500 * 1024 * 1024);
    }

    #[tokio::test]
    async fn a_reader_is_read_once_and_to_its_declared_size() {
        let source = BlobSource::reader(&b"abc"[..], 3);
        assert_eq!(&source.read_all().await.unwrap()[..], b"abc");
        assert!(source.read_all().await.is_err(), "a second read is refused");
        let short = BlobSource::reader(&b"ab"[..], 3);
        assert!(short.read_all().await.is_err());
    }
}
