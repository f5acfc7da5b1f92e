//! `query` and `queryAll` pages (the first one and those behind
//! `nextRecordsUrl`), and `search` (SOSL).

use std::sync::Arc;

use serde_json::Value;

use super::cursors::{Cursor, Cursors, Rows};
use crate::errors::ApiError;
use crate::org::Org;
use crate::soql::{ExecOptions, QueryOutput};

/// One page of a query result, its rows still JSON text.
#[derive(Debug, Clone)]
pub struct QueryPage {
    /// `totalSize`.
    pub total_size: usize,
    /// Whether this is the last page.
    pub done: bool,
    /// The locator of the next page, when there is one.
    pub next_records_url: Option<String>,
    rows: Arc<Rows>,
    range: std::ops::Range<usize>,
}

impl QueryPage {
    /// The page as Salesforce writes it (`totalSize`, `done`, `nextRecordsUrl`,
    /// `records`, in that order), without serializing the rows again.
    pub fn to_json(&self) -> Vec<u8> {
        let items = self.rows.array_items(self.range.clone());
        let mut out = Vec::with_capacity(items.len() + 160);
        out.extend_from_slice(b"{\"totalSize\":");
        out.extend_from_slice(self.total_size.to_string().as_bytes());
        out.extend_from_slice(if self.done {
            b",\"done\":true"
        } else {
            b",\"done\":false"
        });
        if let Some(url) = &self.next_records_url {
            out.extend_from_slice(b",\"nextRecordsUrl\":");
            // A string cannot fail to serialize.
            let _ = serde_json::to_writer(&mut out, url);
        }
        out.extend_from_slice(b",\"records\":[");
        out.extend_from_slice(items);
        out.extend_from_slice(b"]}");
        out
    }

    /// The page as a JSON value (a composite subrequest's body).
    pub fn to_value(&self) -> Value {
        serde_json::from_slice(&self.to_json()).unwrap_or(Value::Null)
    }
}

/// Runs `soql` (`None` or blank: Salesforce's error for a missing `q`).
pub fn execute(
    org: &Org,
    version: &str,
    soql: Option<&str>,
    include_deleted: bool,
) -> Result<QueryOutput, ApiError> {
    let Some(soql) = soql.filter(|q| !q.trim().is_empty()) else {
        return Err(ApiError::new(
            400,
            "MALFORMED_QUERY",
            "A query string has to be specified",
        ));
    };
    crate::soql::execute(
        &org.schema,
        &org.store,
        soql,
        &options(org, version, include_deleted),
    )
    .map_err(|e| ApiError::new(400, e.code, e.message))
}

fn options(org: &Org, version: &str, include_deleted: bool) -> ExecOptions {
    ExecOptions {
        include_deleted,
        now: org.clock.now(),
        // Rows' `attributes.url` carry the version the request used.
        api_version: version.to_owned(),
    }
}

/// The first page of a result, `batch` rows long; the rest stays in a cursor
/// that the REST `query` resource pages through (composite subrequests too).
pub fn first_page(
    cursors: &Cursors,
    version: &str,
    output: QueryOutput,
    batch: usize,
) -> QueryPage {
    let batch = batch.max(1);
    let rows = Arc::new(Rows::new(&output.records));
    let cursor = (rows.len() > batch).then(|| {
        cursors.open(
            Cursor {
                rows: rows.clone(),
                total_size: output.total_size,
                batch_size: batch,
            },
            version,
        )
    });
    page(
        version,
        cursor.as_deref(),
        rows,
        output.total_size,
        batch,
        0,
    )
}

/// The page a locator (`{cursor}-{offset}`) names.
pub fn next_page(cursors: &Cursors, version: &str, locator: &str) -> Result<QueryPage, ApiError> {
    let invalid = || ApiError::new(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    let (id, offset) = locator.rsplit_once('-').ok_or_else(invalid)?;
    let offset: usize = offset.parse().map_err(|_| invalid())?;
    let cursor = cursors.get(id).ok_or_else(invalid)?;
    if offset > cursor.rows.len() {
        return Err(invalid());
    }
    Ok(page(
        version,
        Some(id),
        cursor.rows,
        cursor.total_size,
        cursor.batch_size,
        offset,
    ))
}

fn page(
    version: &str,
    cursor: Option<&str>,
    rows: Arc<Rows>,
    total_size: usize,
    batch: usize,
    offset: usize,
) -> QueryPage {
    let end = (offset + batch).min(rows.len());
    let done = end >= rows.len();
    QueryPage {
        total_size,
        done,
        next_records_url: match cursor {
            Some(id) if !done => Some(format!("/services/data/v{version}/query/{id}-{end}")),
            _ => None,
        },
        range: offset.min(end)..end,
        rows,
    }
}

/// `GET search?q=…`: the SOSL result.
pub fn search(org: &Org, version: &str, sosl: Option<&str>) -> Result<Value, ApiError> {
    let Some(sosl) = sosl.filter(|q| !q.trim().is_empty()) else {
        return Err(ApiError::new(
            400,
            "MALFORMED_SEARCH",
            "No search term found. The search term must be enclosed in braces.",
        ));
    };
    crate::soql::search(&org.schema, &org.store, sosl, &options(org, version, false))
        .map_err(|e| ApiError::new(400, e.code, e.message))
}
