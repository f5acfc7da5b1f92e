use serde::Deserialize;

use crate::client::query_stream::pagination::QueryPage;
use serde_json::Value;

use super::*;

#[derive(Deserialize, Debug, PartialEq)]
struct Row {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "N", default)]
    n: Option<f64>,
}

fn row(name: &str) -> Row {
    Row {
        name: name.into(),
        n: None,
    }
}

type Outcome = (
    Vec<Result<Row, String>>,
    Option<u64>,
    Option<bool>,
    Option<String>,
);

fn drain(mut rows: PageRows<Row>) -> Outcome {
    let out = rows
        .by_ref()
        .map(|r| r.map_err(|e| e.to_string()))
        .collect();
    let next = rows.next_records_url().map(str::to_owned);
    (out, rows.total_size(), rows.done(), next)
}

fn all(body: &str) -> Outcome {
    drain(PageRows::new(Bytes::copy_from_slice(body.as_bytes())).unwrap())
}

/// The body cut into chunks of `size` bytes (the last one shorter).
fn chunked(body: &str, size: usize) -> Vec<Bytes> {
    body.as_bytes()
        .chunks(size)
        .map(Bytes::copy_from_slice)
        .collect()
}

#[test]
fn rows_and_header_in_salesforce_order() {
    let body = r#"{"totalSize":3,"done":false,"nextRecordsUrl":"/q/01g-2000","records":[{"attributes":{"type":"Account","url":"/x"},"Name":"A"}, {"Name":"B"} ]}"#;
    let mut rows = PageRows::<Row>::new(Bytes::from_static(body.as_bytes())).unwrap();
    assert_eq!(rows.next().unwrap().unwrap(), row("A"));
    assert_eq!(rows.next().unwrap().unwrap(), row("B"));
    assert!(rows.next().is_none());
    assert!(rows.next().is_none());
    assert_eq!(rows.total_size(), Some(3));
    assert_eq!(rows.done(), Some(false));
    assert_eq!(rows.take_next_page().as_deref(), Some("/q/01g-2000"));
}

#[test]
fn keys_after_records_escaped_keys_and_unknown_keys() {
    let body = " {\"records\" : [ ] , \"extra\": {\"a\":[1,2]}, \"d\\u006fne\":true,\n\"totalSize\":0, \"nextRecordsUrl\": null}\n";
    assert_eq!(all(body), (vec![], Some(0), Some(true), None));
    // No `records` at all: an empty page, like `QueryPage`.
    let (out, ..) = all(r#"{"totalSize":0,"done":true}"#);
    assert!(out.is_empty());
}

#[test]
fn errors_are_the_eager_decoders() {
    let cases = [
        r#"{"totalSize":2,"done":true,"records":[{"Name":"A"},{"Name":7}]}"#,
        r#"{"totalSize":2,"done":true,"records":[{"Name":"A"} {"Name":"B"}]}"#,
        r#"{"totalSize":2,"done":true,"records":[{"Name":"A"},]}"#,
        r#"{"totalSize":1,"records":[{"Name":"A"}]}"#,
        r#"{"totalSize":1,"done":true,"records":[{"Name":"A"}],"done":true}"#,
        r#"{"totalSize":1,"done":true,"records":[{"Name":"A"}]} x"#,
        r#"{"totalSize":1,"done":true,"records":[{"Name":"A"}"#,
        r#"{"totalSize":1,"done":true,"records":[{"Name":"A"},{"Name":"B","N":1.}]}"#,
    ];
    for body in cases {
        let eager = QueryPage::<Row>::from_slice(body.as_bytes())
            .unwrap_err()
            .to_string();
        let (out, ..) = all(body);
        assert_eq!(out, vec![Ok(row("A")), Err(eager)], "{body}");
    }
    for body in [
        "",
        "[]",
        r#"{"totalSize":1,"done":true,"records":null}"#,
        r#"{"totalSize":"1","done":true,"records":[]}"#,
        r#"{"done":true,"done":true,"records":[]}"#,
    ] {
        let eager = QueryPage::<Row>::from_slice(body.as_bytes())
            .unwrap_err()
            .to_string();
        let lazy = PageRows::<Row>::new(Bytes::copy_from_slice(body.as_bytes()))
            .unwrap_err()
            .to_string();
        assert_eq!(lazy, eager, "{body}");
    }
}

#[test]
fn any_cut_into_chunks_decodes_like_one_buffer() {
    let bodies = [
        r#"{"totalSize":12345,"done":false,"nextRecordsUrl":"/q/01g-2000","records":[{"attributes":{"type":"Account"},"Name":"A\u00e9\"x","N":12345.5e-1},{"Name":"B","N":-7},{"Name":"C"}],"extra":[true,null,1.5]}"#,
        r#" { "records" : [ { "Name" : "A" } , { "N" : 1.25 , "Name" : "B" } ] , "done" : true , "totalSize" : 2 } "#,
        r#"{"totalSize":2,"done":true,"records":[{"Name":"A"},{"Name":"B","N":1.}]}"#,
        r#"{"totalSize":1,"done":true,"records":[{"Name":"A"}],"done":true}"#,
    ];
    for body in bodies {
        let whole = all(body);
        for size in 1..body.len() {
            let rows = PageRows::<Row>::from_chunks(chunked(body, size)).unwrap();
            assert_eq!(drain(rows), whole, "{body} in chunks of {size}");
        }
        for cut in 1..body.len() {
            let (a, b) = body.split_at(cut);
            let chunks = vec![
                Bytes::copy_from_slice(a.as_bytes()),
                Bytes::copy_from_slice(b.as_bytes()),
            ];
            let rows = PageRows::<Row>::from_chunks(chunks).unwrap();
            assert_eq!(drain(rows), whole, "{body} cut at {cut}");
        }
    }
    assert_eq!(all(bodies[0]).0.len(), 3);
    assert_eq!(all(bodies[0]).3.as_deref(), Some("/q/01g-2000"));
}

#[test]
fn a_row_larger_than_the_first_bridge_is_joined_whole() {
    let long = "x".repeat(20_000);
    let body =
        format!(r#"{{"totalSize":2,"done":true,"records":[{{"Name":"{long}"}},{{"Name":"B"}}]}}"#);
    let rows = PageRows::<Row>::from_chunks(chunked(&body, 1000)).unwrap();
    let (out, ..) = drain(rows);
    assert_eq!(out, vec![Ok(row(&long)), Ok(row("B"))]);
}

#[test]
fn same_rows_as_the_eager_decoder_on_a_real_page() {
    let body: &[u8] = include_bytes!(
        "../../../../../fixtures/real/restforce/sobject_query_paginated_first_page_response.json"
    );
    let eager = QueryPage::<Value>::from_slice(body).unwrap();
    for size in [body.len(), 7, 64] {
        let chunks = body.chunks(size).map(Bytes::copy_from_slice).collect();
        let mut lazy = PageRows::<Value>::from_chunks(chunks).unwrap();
        let rows: Vec<Value> = lazy.by_ref().collect::<Result<_, _>>().unwrap();
        assert_eq!(rows, eager.records);
        assert_eq!(lazy.total_size(), Some(eager.total_size));
        assert_eq!(lazy.next_records_url(), eager.next_records_url.as_deref());
    }
}

/// The body fed to an incremental cursor `size` bytes at a time, as a client would.
fn incremental(body: &str, size: usize) -> Outcome {
    let mut rows = PageRows::<Row>::incremental();
    let mut arriving = chunked(body, size).into_iter();
    let mut out = Vec::new();
    loop {
        match rows.poll_row() {
            RowPoll::Row(row) => out.push(Ok(row)),
            RowPoll::NeedMore => match arriving.next() {
                Some(chunk) => rows.push(chunk),
                None => rows.finish(),
            },
            RowPoll::End => break,
            RowPoll::Error(e) => {
                out.push(Err(e.to_string()));
                break;
            }
        }
    }
    let next = rows.next_records_url().map(str::to_owned);
    (out, rows.total_size(), rows.done(), next)
}

#[test]
fn incremental_in_any_chunking_gives_the_rows_of_one_buffer() {
    let bodies = [
        r#"{"totalSize":12345,"done":false,"nextRecordsUrl":"/q/01g-2000","records":[{"attributes":{"type":"Account"},"Name":"A\u00e9\"x","N":12345.5e-1},{"Name":"B","N":-7},{"Name":"C"}],"extra":[true,null,1.5]}"#,
        r#" { "records" : [ { "Name" : "A" } , { "N" : 1.25 , "Name" : "B" } ] , "done" : true , "totalSize" : 2 } "#,
        r#"{"totalSize":0,"done":true,"records":[]}"#,
        // Rows that fail to decode as `Row`: the eager decoder's error, exactly.
        r#"{"totalSize":2,"done":true,"records":[{"Name":"A"},{"Name":7}]}"#,
        r#"{"totalSize":2,"done":true,"records":[{"Name":"A"},{"Name":"B","N":1.}]}"#,
        r#"{"totalSize":2,"done":true,"records":[{"Name":"A"},{"Name":"B"#,
    ];
    for body in bodies {
        let whole = all(body);
        for size in 1..=body.len() {
            assert_eq!(incremental(body, size), whole, "{body} in chunks of {size}");
        }
    }
}

#[test]
fn incremental_names_the_byte_where_a_page_goes_wrong() {
    let cases = [
        (
            r#"{"totalSize":2,"done":true,"records":[{"Name":"A"} {"Name":"B"}]}"#,
            50,
        ),
        (
            r#"{"totalSize":2,"done":true,"records":[{"Name":"A"},]}"#,
            50,
        ),
        (
            r#"{"totalSize":1,"done":true,"records":[{"Name":"A"}],"done":true}"#,
            50,
        ),
        (
            r#"{"totalSize":1,"done":true,"records":[{"Name":"A"}]} x"#,
            50,
        ),
    ];
    for (body, byte) in cases {
        for size in [1, 5, body.len()] {
            let (out, ..) = incremental(body, size);
            assert_eq!(out.len(), 2, "{body}");
            assert_eq!(out[0], Ok(row("A")), "{body}");
            let err = out[1].as_ref().unwrap_err();
            assert!(
                err.starts_with("malformed query page at byte "),
                "{body}: {err}"
            );
            let at: usize = err["malformed query page at byte ".len()..]
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!((byte..=body.len()).contains(&at), "{body}: {err}");
        }
    }
}

#[test]
fn incremental_row_errors_keep_the_line_and_column_of_a_pretty_body() {
    let page = serde_json::json!({
        "totalSize": 3, "done": true,
        "records": [{"Name": "A"}, {"Name": "B"}, {"Name": ["not", "a", "string"]}],
    });
    let body = serde_json::to_string_pretty(&page).unwrap();
    let eager = QueryPage::<Row>::from_slice(body.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        !eager.contains("line 1 "),
        "a row past the first line: {eager}"
    );
    for size in [1, 3, 16, body.len()] {
        let (out, ..) = incremental(&body, size);
        assert_eq!(
            out,
            vec![Ok(row("A")), Ok(row("B")), Err(eager.clone())],
            "chunks of {size}"
        );
    }
}

#[test]
fn incremental_keeps_only_the_unread_bytes_while_it_waits() {
    let rows: Vec<String> = (0..200)
        .map(|i| format!(r#"{{"Name":"row {i} {}"}}"#, "x".repeat(i % 37)))
        .collect();
    let longest = rows.iter().map(String::len).max().unwrap();
    let body = format!(
        r#"{{"totalSize":200,"done":true,"records":[{}]}}"#,
        rows.join(",")
    );
    let mut cursor = PageRows::<Row>::incremental();
    let mut arriving = chunked(&body, 64).into_iter();
    let mut taken = 0;
    let mut waits = 0;
    loop {
        match cursor.poll_row() {
            RowPoll::Row(_) => taken += 1,
            RowPoll::NeedMore => {
                let held: usize = cursor.chunks.iter().map(Bytes::len).sum();
                // Past the header, only a cut row (and its separator) is held.
                if taken > 0 {
                    assert!(held <= longest + 1, "{held} bytes held after {taken} rows");
                }
                waits += 1;
                match arriving.next() {
                    Some(chunk) => cursor.push(chunk),
                    None => cursor.finish(),
                }
            }
            RowPoll::End => break,
            RowPoll::Error(e) => panic!("{e}"),
        }
    }
    assert_eq!(taken, 200);
    assert!(waits > 100);
    assert_eq!(cursor.taken(), 200);
}

#[test]
fn a_page_fetched_again_is_checked_against_the_rows_already_taken() {
    let body = r#"{"totalSize":4,"done":true,"records":[{"Name":"AA"},{"Name":"BB"},{"Name":"CC"},{"Name":"DD"}]}"#;
    let mut streamed = PageRows::<Row>::incremental();
    for chunk in chunked(body, 10) {
        streamed.push(chunk);
    }
    for name in ["AA", "BB"] {
        assert!(matches!(streamed.poll_row(), RowPoll::Row(r) if r.name == name));
    }
    let digest = streamed.digest();
    assert_ne!(digest, 0);

    let mut again = PageRows::<Row>::new(Bytes::copy_from_slice(body.as_bytes())).unwrap();
    assert!(again.skip_matching(2, digest));
    let rest: Vec<Row> = again.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(rest, vec![row("CC"), row("DD")]);

    // Same length, other bytes: the change is seen.
    let changed = body.replace(r#""BB""#, r#""BX""#);
    let mut again = PageRows::<Row>::new(Bytes::from(changed)).unwrap();
    assert!(!again.skip_matching(2, digest));
    // Fewer rows than were taken: not the same page either.
    let short = r#"{"totalSize":1,"done":true,"records":[{"Name":"AA"}]}"#;
    let mut again = PageRows::<Row>::new(Bytes::from_static(short.as_bytes())).unwrap();
    assert!(!again.skip_matching(2, digest));
}

#[test]
fn next_on_an_unfinished_incremental_cursor_is_an_error_not_a_hang() {
    let mut rows = PageRows::<Row>::incremental();
    rows.push(Bytes::from_static(
        br#"{"totalSize":1,"done":true,"records":[{"Na"#,
    ));
    let err = rows.next().unwrap().unwrap_err().to_string();
    assert!(err.contains("not complete"), "{err}");
}
