//! Blob fields over HTTP: base64 JSON and multipart writes, `GET …/{blobField}`
//! with its content type, malformed multipart bodies, and blobs across restarts.

use base64::Engine as _;
use reqwest::Method;
use serde_json::{json, Value};
use sf_emulator::Emulator;

use crate::server_common::{root, Api};

fn files_schema() -> std::path::PathBuf {
    root().join("schema/files")
}

async fn start() -> (Emulator, Api) {
    let emu = Emulator::builder()
        .schema_dir(files_schema())
        .start()
        .await
        .expect("emulator starts");
    let api = Api::new(&emu);
    (emu, api)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A multipart body by hand, as Salesforce's documentation writes it.
fn multipart(boundary: &str, entity: &str, json: &Value, field: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{entity}\"\r\n\
         Content-Type: application/json\r\n\r\n{json}\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"{field}\"; filename=\"f.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

async fn send_raw(api: &Api, method: Method, path: &str, ct: &str, body: Vec<u8>) -> (u16, Value) {
    let resp = api
        .http
        .request(method, api.url(path))
        .bearer_auth(&api.token)
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .expect("sent");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (status, json)
}

async fn get_bytes(api: &Api, path: &str) -> (u16, String, Vec<u8>) {
    let resp = api
        .http
        .get(api.url(path))
        .bearer_auth(&api.token)
        .send()
        .await
        .expect("sent");
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, ct, resp.bytes().await.expect("body").to_vec())
}

#[tokio::test]
async fn json_base64_content_version_reads_back_as_a_url_and_as_bytes() {
    let (emu, api) = start().await;
    let data: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let id = api
        .create(
            "ContentVersion",
            json!({"PathOnClient": "dir/report.PDF", "VersionData": b64(&data)}),
        )
        .await;
    let (status, record) = api.get(&format!("sobjects/ContentVersion/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        record["VersionData"],
        format!("/services/data/v66.0/sobjects/ContentVersion/{id}/VersionData")
    );
    assert_eq!(record["ContentSize"], 3000);
    assert_eq!(record["Title"], "report");
    assert_eq!(record["FileExtension"], "pdf");
    assert_eq!(record["FileType"], "PDF");
    assert_eq!(record["IsLatest"], true);
    // The MD5 of these bytes, as Python's hashlib computes it.
    assert_eq!(record["Checksum"], "241659bbc1d98d0b9b510038036fef68");
    let doc = record["ContentDocumentId"].as_str().expect("a document id");
    assert!(doc.starts_with("069"), "{doc}");

    let (status, ct, bytes) =
        get_bytes(&api, &format!("sobjects/ContentVersion/{id}/VersionData")).await;
    assert_eq!(status, 200);
    assert_eq!(ct, "application/octet-stream");
    assert_eq!(bytes, data);

    let (status, page) = api
        .get("query?q=SELECT+ContentDocumentId,ContentSize+FROM+ContentVersion")
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["records"][0]["ContentDocumentId"], doc);
    emu.shutdown().await.unwrap();
}

/// Salesforce caps a non-multipart write at 50 MB of base64 (37.5 MB of
/// data); one byte more is refused, and the same file goes through multipart.
#[tokio::test]
async fn json_base64_over_the_non_multipart_limit_is_refused_and_multipart_takes_it() {
    let (emu, api) = start().await;
    let at_limit = "A".repeat(sf_emulator::org::JSON_BLOB_MAX_TEXT);
    let over = "A".repeat(sf_emulator::org::JSON_BLOB_MAX_TEXT + 4);
    let body = |data: &str| {
        serde_json::to_vec(&json!({"PathOnClient": "big.bin", "VersionData": data})).unwrap()
    };
    let (status, errors) = send_raw(
        &api,
        Method::POST,
        "sobjects/ContentVersion",
        "application/json",
        body(&over),
    )
    .await;
    assert_eq!(status, 400, "{errors}");
    assert_eq!(errors[0]["errorCode"], "JSON_PARSER_ERROR");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("multipart"),
        "{errors}"
    );
    let (status, created) = send_raw(
        &api,
        Method::POST,
        "sobjects/ContentVersion",
        "application/json",
        body(&at_limit),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    // 37.5 MB of zero bytes, as multipart: no such limit.
    let bytes = vec![0u8; sf_emulator::org::JSON_BLOB_MAX_TEXT / 4 * 3 + 3];
    let (status, created) = send_raw(
        &api,
        Method::POST,
        "sobjects/ContentVersion",
        "multipart/form-data; boundary=b0undary",
        multipart(
            "b0undary",
            "entity_content",
            &json!({"PathOnClient": "big.bin"}),
            "VersionData",
            &bytes,
        ),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn multipart_attachment_is_served_with_its_content_type_and_updated_by_patch() {
    let (emu, api) = start().await;
    let fields =
        json!({"Name": "a.png", "ParentId": "001000000000001AAA", "ContentType": "image/png"});
    let body = multipart(
        "b0und",
        "entity_attachment",
        &fields,
        "Body",
        b"\x89PNG\r\n\x1a\n\0\xff",
    );
    let (status, created) = send_raw(
        &api,
        Method::POST,
        "sobjects/Attachment",
        "multipart/form-data; boundary=b0und",
        body,
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (_, ct, bytes) = get_bytes(&api, &format!("sobjects/Attachment/{id}/Body")).await;
    assert_eq!(ct, "image/png");
    assert_eq!(bytes, b"\x89PNG\r\n\x1a\n\0\xff");

    let body = multipart(
        "xyz",
        "entity_attachment",
        &json!({"Name": "b.png"}),
        "Body",
        b"new",
    );
    let (status, resp) = send_raw(
        &api,
        Method::PATCH,
        &format!("sobjects/Attachment/{id}"),
        "multipart/form-data; boundary=xyz",
        body,
    )
    .await;
    assert_eq!(status, 204, "{resp}");
    let (_, record) = api.get(&format!("sobjects/Attachment/{id}")).await;
    assert_eq!(record["BodyLength"], 3);
    assert_eq!(record["Name"], "b.png");
    let (_, _, bytes) = get_bytes(&api, &format!("sobjects/Attachment/{id}/Body")).await;
    assert_eq!(bytes, b"new");
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn malformed_multipart_bodies_get_salesforce_error_arrays() {
    let (emu, api) = start().await;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        // No boundary parameter.
        ("multipart/form-data", b"--x\r\n\r\n".to_vec()),
        // Cut off before the closing boundary.
        (
            "multipart/form-data; boundary=x",
            b"--x\r\nContent-Disposition: form-data; name=\"VersionData\"\r\n\r\nabc".to_vec(),
        ),
        // A JSON part that is not JSON.
        (
            "multipart/form-data; boundary=x",
            b"--x\r\nContent-Disposition: form-data; name=\"entity_content\"\r\n\
              Content-Type: application/json\r\n\r\n{not json\r\n--x--\r\n"
                .to_vec(),
        ),
        // A binary part for a field that is not a blob.
        (
            "multipart/form-data; boundary=x",
            multipart("x", "entity_content", &json!({}), "Title", b"1"),
        ),
    ];
    for (ct, body) in cases {
        let (status, resp) =
            send_raw(&api, Method::POST, "sobjects/ContentVersion", ct, body).await;
        assert_eq!(status, 400, "{ct}: {resp}");
        let first = &resp[0];
        assert!(first["errorCode"].is_string(), "{resp}");
        assert!(first["message"].is_string(), "{resp}");
    }
    let (_, page) = api.get("query?q=SELECT+Id+FROM+ContentVersion").await;
    assert_eq!(page["totalSize"], 0, "nothing was created");
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn blob_reads_of_missing_records_and_non_blob_fields_are_not_found() {
    let (emu, api) = start().await;
    let id = api
        .create(
            "ContentVersion",
            json!({"PathOnClient": "x.txt", "VersionData": b64(b"x")}),
        )
        .await;
    let (status, ..) = get_bytes(
        &api,
        "sobjects/ContentVersion/068000000000099AAA/VersionData",
    )
    .await;
    assert_eq!(status, 404);
    // Not a blob field: read as an external id, which it is not either.
    let (status, ..) = get_bytes(&api, &format!("sobjects/ContentVersion/{id}/Title")).await;
    assert_eq!(status, 404);
    let (status, bad) = api
        .post(
            "sobjects/ContentVersion",
            json!({"PathOnClient": "y", "VersionData": "%%%"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(bad[0]["errorCode"], "JSON_PARSER_ERROR");
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn blobs_survive_journal_replay_and_compaction() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("org.json");
    let bytes: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let builder = || {
        Emulator::builder()
            .schema_dir(files_schema())
            .data_file(&data)
    };
    let first = builder().start().await.unwrap();
    let api = Api::new(&first);
    let id = api
        .create(
            "Document",
            json!({"Name": "d", "FolderId": "005000000000001AAA", "Body": b64(&bytes)}),
        )
        .await;
    // A second emulator over the same file replays the first one's journal.
    let second = builder().start().await.unwrap();
    let (status, _, back) =
        get_bytes(&Api::new(&second), &format!("sobjects/Document/{id}/Body")).await;
    assert_eq!((status, back.len()), (200, bytes.len()));
    assert!(back == bytes);
    drop(first);
    second.shutdown().await.unwrap();
    // After compaction the data file alone holds it.
    let third = builder().start().await.unwrap();
    let api = Api::new(&third);
    let (_, _, back) = get_bytes(&api, &format!("sobjects/Document/{id}/Body")).await;
    assert!(back == bytes);
    let (_, record) = api.get(&format!("sobjects/Document/{id}")).await;
    assert_eq!(record["BodyLength"], 50_000);
    third.shutdown().await.unwrap();
}
