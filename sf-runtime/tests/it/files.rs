//! Files and blobs end to end against the in-process emulator over
//! `schema/files`: uploads (JSON base64 and streamed multipart), downloads
//! into an `AsyncWrite`, the size limits, errors, retries and the raw
//! request builder.

use sf_emulator::{Emulator, FaultKind, Trigger};
use sf_runtime::client::{BlobSource, Client, Error, Method, JSON_UPLOAD_THRESHOLD};
use sf_runtime::{AnyId, Base64, Id, SObject};
use sha2::{Digest, Sha256};

use crate::support::{client, fault_on};

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/files");

#[derive(Debug, Clone, Default, PartialEq, SObject)]
pub struct ContentVersion {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<ContentVersion>>,
    pub title: Option<String>,
    pub path_on_client: Option<String>,
    #[sobject(api_name = "ContentDocumentId", updateable = false)]
    pub content_document_id: Option<AnyId>,
    #[sobject(readonly)]
    pub content_size: Option<i32>,
    #[sobject(readonly)]
    pub file_type: Option<String>,
    pub version_data: Option<Base64>,
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
pub struct Attachment {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Attachment>>,
    pub name: Option<String>,
    #[sobject(api_name = "ParentId")]
    pub parent_id: Option<AnyId>,
    pub content_type: Option<String>,
    pub body: Option<Base64>,
}

async fn start() -> (Emulator, Client) {
    let emu = Emulator::builder()
        .schema_dir(SCHEMA)
        .start()
        .await
        .unwrap();
    let client = client(&emu);
    (emu, client)
}

/// Deterministic, not repeating at any short period.
fn generated(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9E37_79B9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

fn digest(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

fn version(path: &str) -> ContentVersion {
    ContentVersion {
        path_on_client: Some(path.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_small_upload_goes_as_json_and_reads_back_byte_for_byte() {
    let (emu, client) = start().await;
    let data = generated(10_000);
    let id = client
        .upload(
            &version("notes.txt"),
            ContentVersion::VERSION_DATA,
            BlobSource::bytes(data.clone()),
        )
        .await
        .unwrap();
    let back = client
        .download_bytes(&id, ContentVersion::VERSION_DATA)
        .await
        .unwrap();
    assert!(back[..] == data[..]);
    let record: ContentVersion = client.get(&id, &[]).await.unwrap();
    assert_eq!(record.content_size, Some(10_000));
    assert_eq!(record.title.as_deref(), Some("notes"));
    assert_eq!(record.file_type.as_deref(), Some("TEXT"));
    assert!(record.content_document_id.is_some());
    // Reads show where the bytes are, not the bytes.
    let url = record.version_data.as_ref().and_then(Base64::url).unwrap();
    assert!(
        url.ends_with(&format!("/ContentVersion/{id}/VersionData")),
        "{url}"
    );
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_file_of_a_few_megabytes_goes_multipart_and_downloads_into_a_file() {
    let (emu, client) = start().await;
    let data = generated(5 * 1024 * 1024 + 17);
    assert!(data.len() as u64 > JSON_UPLOAD_THRESHOLD);
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("big.bin");
    std::fs::write(&src, &data).unwrap();
    let id = client
        .upload(
            &version("big.bin"),
            ContentVersion::VERSION_DATA,
            BlobSource::path(&src).await.unwrap(),
        )
        .await
        .unwrap();
    let dst = dir.path().join("copy.bin");
    let mut file = tokio::fs::File::create(&dst).await.unwrap();
    let written = client
        .download(&id, ContentVersion::VERSION_DATA, &mut file)
        .await
        .unwrap();
    drop(file);
    assert_eq!(written, data.len() as u64);
    assert_eq!(digest(&std::fs::read(&dst).unwrap()), digest(&data));
    let record: ContentVersion = client.get(&id, &[]).await.unwrap();
    assert_eq!(record.content_size, Some(data.len() as i32));
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_reader_of_known_size_is_streamed_and_the_attachment_keeps_its_content_type() {
    let (emu, client) = start().await;
    let data = generated(2 * 1024 * 1024);
    let reader = std::io::Cursor::new(data.clone());
    let record = Attachment {
        name: Some("scan.png".into()),
        parent_id: Some(AnyId::parse("001000000000001AAA").unwrap()),
        content_type: Some("image/png".into()),
        ..Default::default()
    };
    let id = client
        .upload(
            &record,
            Attachment::BODY,
            BlobSource::reader(reader, data.len() as u64).content_type("image/png"),
        )
        .await
        .unwrap();
    let mut out = Vec::new();
    let stream = client
        .request_raw(Method::GET, &format!("sobjects/Attachment/{id}/Body"))
        .header("accept", "*/*")
        .send_streaming()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.headers()["content-type"], "image/png");
    stream.copy_to(&mut out).await.unwrap();
    assert_eq!(digest(&out), digest(&data));
    emu.shutdown().await.unwrap();
}

/// An attachment's body replaced twice: small (base64 JSON) and large
/// (multipart PATCH); each download is the newest bytes, and the record keeps
/// its other fields.
#[tokio::test]
async fn a_blob_is_replaced_in_place_as_json_and_as_multipart() {
    let (emu, client) = start().await;
    let record = Attachment {
        name: Some("notes.txt".into()),
        parent_id: Some(AnyId::parse("001000000000001AAA").unwrap()),
        ..Default::default()
    };
    let id = client
        .upload(&record, Attachment::BODY, BlobSource::bytes(&b"first"[..]))
        .await
        .unwrap();
    let small = generated(1000);
    client
        .update_blob(&id, Attachment::BODY, BlobSource::bytes(small.clone()))
        .await
        .unwrap();
    let got = client.download_bytes(&id, Attachment::BODY).await.unwrap();
    assert_eq!(got.as_ref(), &small[..]);
    let large = generated(JSON_UPLOAD_THRESHOLD as usize + 4096);
    client
        .update_blob(&id, Attachment::BODY, BlobSource::bytes(large.clone()))
        .await
        .unwrap();
    let got = client.download_bytes(&id, Attachment::BODY).await.unwrap();
    assert_eq!(digest(&got), digest(&large));
    let back: Attachment = client.get(&id, &[]).await.unwrap();
    assert_eq!(back.name.as_deref(), Some("notes.txt"));
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_reader_that_gives_fewer_bytes_than_declared_fails_and_creates_nothing() {
    let (emu, client) = start().await;
    let source = BlobSource::reader(std::io::Cursor::new(vec![1u8; 2_000_000]), 3_000_000);
    let err = client
        .upload(&version("short.bin"), ContentVersion::VERSION_DATA, source)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(emu.org().store.count("ContentVersion"), 0);
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn blobs_over_salesforce_limits_are_refused_before_any_request() {
    let (emu, client) = start().await;
    let too_big = 2 * 1024 * 1024 * 1024 + 1;
    let source = BlobSource::reader(tokio::io::empty(), too_big);
    let err = client
        .upload(&version("huge.iso"), ContentVersion::VERSION_DATA, source)
        .await
        .unwrap_err();
    match err {
        Error::TooLarge {
            object,
            field,
            size,
            limit,
        } => {
            assert_eq!(
                (object.as_str(), field.as_str()),
                ("ContentVersion", "VersionData")
            );
            assert_eq!((size, limit), (too_big, 2 * 1024 * 1024 * 1024));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    // 500 MB for the other objects.
    let err = client
        .upload_raw(
            "Attachment",
            &serde_json::Map::new(),
            "Body",
            BlobSource::reader(tokio::io::empty(), 500 * 1024 * 1024 + 1),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TooLarge { limit, .. } if limit == 500 * 1024 * 1024));
    // No response was ever seen: nothing was sent.
    assert!(client.limit_info().is_none());
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn downloading_a_missing_record_is_a_not_found_api_error() {
    let (emu, client) = start().await;
    let id: Id<ContentVersion> = Id::parse("068000000000042AAA").unwrap();
    let mut out = Vec::new();
    let err = client
        .download(&id, ContentVersion::VERSION_DATA, &mut out)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
    assert_eq!(err.error_code(), Some("NOT_FOUND"));
    assert!(out.is_empty());
    let err = client
        .download_bytes(&id, ContentVersion::VERSION_DATA)
        .await
        .unwrap_err();
    assert!(err.has_error_code("NOT_FOUND"));
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_upload_the_server_refused_is_read_again_from_its_file() {
    let (emu, client) = start().await;
    emu.faults().add(fault_on(
        FaultKind::ServiceUnavailable,
        Trigger::Nth(1),
        "/sobjects/ContentVersion",
    ));
    // Small enough to be written whole before the refusal comes back: a large
    // streamed body that the server refuses without reading ends in a broken
    // pipe, which the client cannot tell from a failure after the create.
    let data = generated(10 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("retry.bin");
    std::fs::write(&src, &data).unwrap();
    let id = client
        .upload(
            &version("retry.bin"),
            ContentVersion::VERSION_DATA,
            BlobSource::path(&src).await.unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(emu.org().store.count("ContentVersion"), 1, "created once");
    let back = client
        .download_bytes(&id, ContentVersion::VERSION_DATA)
        .await
        .unwrap();
    assert_eq!(digest(&back), digest(&data));
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_raw_builder_sends_bytes_of_any_content_type_and_reads_json() {
    let (emu, client) = start().await;
    let boundary = "b-1";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"entity_document\"\r\n\
         Content-Type: application/json\r\n\r\n{{\"Name\":\"d\",\"FolderId\":\"005000000000001AAA\"}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"Body\"; filename=\"d.txt\"\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(b"document body");
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let created: serde_json::Value = client
        .request_raw(Method::POST, "sobjects/Document")
        .body(body, &format!("multipart/form-data; boundary={boundary}"))
        .send()
        .await
        .unwrap()
        .json()
        .unwrap();
    let id = created["id"].as_str().unwrap();
    let resp = client
        .request_raw(Method::GET, &format!("sobjects/Document/{id}/Body"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(&resp.bytes()[..], b"document body");
    // The JSON shorthand is the same path.
    let record = client
        .request(Method::GET, &format!("sobjects/Document/{id}"), None)
        .await
        .unwrap();
    assert_eq!(record["BodyLength"], 13);
    emu.shutdown().await.unwrap();
}
