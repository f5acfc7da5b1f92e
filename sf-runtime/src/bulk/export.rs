//! Raw export: any SOQL (aggregates and untyped selections included) run as a
//! Bulk API 2.0 query job, its CSV result pages written as they arrive into an
//! `AsyncWrite`. Memory stays at one chunk of the connection, whatever the
//! result's size; with [`ExportOptions::parallel`]`(n)`, at `n` page bodies.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use futures::TryStreamExt;

use reqwest::header::HeaderValue;
use reqwest::Method;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::client::{Bulk, JobCalls};
use super::ingest::retry;
use super::job::Operation;
use super::parallel::{without_header, Reader};
use super::query::run_query_job;
use crate::client::{ApiRequest, Error};

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Export {
    /// The query job's id.
    pub job_id: String,
    /// Rows Salesforce reports for the job.
    pub rows: u64,
    /// Bytes written, the header line included.
    pub bytes: u64,
    /// Result pages read.
    pub pages: u32,
}

/// How to run an export.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportOptions {
    /// [`Operation::Query`] (default) or [`Operation::QueryAll`] (deleted and
    /// archived records too).
    pub operation: Operation,
    /// Rows per result page (`maxRecords`); Salesforce picks when `None`.
    pub max_records: Option<u32>,
    /// Result pages read at once (default 1: one after the other, following
    /// `Sforce-Locator`); see [`ExportOptions::parallel`].
    pub parallel: usize,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            operation: Operation::Query,
            max_records: None,
            parallel: 1,
        }
    }
}

impl ExportOptions {
    /// Including deleted and archived records.
    pub fn query_all(mut self) -> Self {
        self.operation = Operation::QueryAll;
        self
    }

    /// Rows per result page.
    pub fn max_records(mut self, n: u32) -> Self {
        self.max_records = Some(n);
        self
    }

    /// Reads up to `n` result pages at once where the API offers their links
    /// (`resultPages`, API 58.0 and later), still writing them in the job's
    /// order: memory grows to `n` page bodies. Where it does not (an older API
    /// version, or a 404), pages are read one after the other as by default.
    ///
    /// ```
    /// use sf_runtime::bulk::ExportOptions;
    ///
    /// let options = ExportOptions::default().max_records(50_000).parallel(4);
    /// assert_eq!(options.parallel, 4);
    /// assert_eq!(ExportOptions::default().parallel(0).parallel, 1, "at least one");
    /// ```
    pub fn parallel(mut self, n: usize) -> Self {
        self.parallel = n.max(1);
        self
    }
}

impl Bulk {
    /// Runs `soql` as a query job and writes its result as one CSV (one header line, then
    /// every page's rows) into `out`, chunk by chunk as the pages arrive.
    ///
    /// A page whose body breaks off is fetched again and the bytes already
    /// written are skipped (a page is the same every time its locator is read),
    /// so the output holds every row once.
    ///
    /// ```no_run
    /// # async fn run(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// use sf_runtime::bulk::ExportOptions;
    ///
    /// let mut file = tokio::fs::File::create("accounts.csv").await.unwrap();
    /// let soql = "SELECT Industry, COUNT(Id) n FROM Account GROUP BY Industry";
    /// let export = client.bulk().export_csv(soql, &ExportOptions::default(), &mut file).await?;
    /// println!("{} rows, {} bytes", export.rows, export.bytes);
    /// # Ok(()) }
    /// ```
    pub async fn export_csv<W: AsyncWrite + Unpin>(
        &self,
        soql: &str,
        options: &ExportOptions,
        out: &mut W,
    ) -> Result<Export, Error> {
        let (calls, polls) = (Arc::new(AtomicU64::new(0)), AtomicU64::new(0));
        let jc = JobCalls {
            client: &self.client,
            calls: &calls,
            polls: &polls,
            kind: "query",
        };
        let info = run_query_job(self, &jc, soql, options.operation).await?;
        let mut export = Export {
            job_id: info.id.clone(),
            rows: info.number_records_processed.unwrap_or(0),
            bytes: 0,
            pages: 0,
        };
        if options.parallel > 1 {
            let reader = Reader {
                client: self.client.clone(),
                calls: calls.clone(),
                retries: self.step_retries,
            };
            if let Some(links) = reader.open(&info.id, options.max_records).await? {
                let mut pages = std::pin::pin!(reader.pages(links, options.parallel));
                while let Some(page) = pages.try_next().await? {
                    let body = page.body;
                    let fresh = if export.pages == 0 {
                        &body[..]
                    } else {
                        without_header(&body)
                    };
                    out.write_all(fresh)
                        .await
                        .map_err(|e| write_error(&export.job_id, e))?;
                    export.bytes += fresh.len() as u64;
                    export.pages += 1;
                }
                out.flush()
                    .await
                    .map_err(|e| write_error(&export.job_id, e))?;
                return Ok(export);
            }
        }
        let mut locator: Option<String> = None;
        loop {
            let first = export.pages == 0;
            let page = Page {
                id: &info.id,
                locator: locator.as_deref(),
                max_records: options.max_records,
                first,
            };
            let next = self.write_page(&jc, &page, out, &mut export.bytes).await?;
            export.pages += 1;
            match next {
                Some(l) => locator = Some(l),
                None => break,
            }
        }
        out.flush()
            .await
            .map_err(|e| write_error(&export.job_id, e))?;
        Ok(export)
    }

    /// Writes one result page (without its header line unless `first`);
    /// returns the next locator.
    async fn write_page<W: AsyncWrite + Unpin>(
        &self,
        jc: &JobCalls<'_>,
        page: &Page<'_>,
        out: &mut W,
        bytes: &mut u64,
    ) -> Result<Option<String>, Error> {
        let Page {
            id,
            locator,
            max_records,
            first,
        } = *page;
        // Bytes of this page already written: a re-read skips them.
        let mut done: u64 = 0;
        let mut attempt = 0;
        loop {
            let result = retry(self.step_retries, || {
                let mut req = ApiRequest::data(Method::GET, format!("jobs/query/{id}/results"))
                    .header("accept", HeaderValue::from_static("text/csv"));
                if let Some(l) = locator {
                    req = req.query("locator", l.to_owned());
                }
                if let Some(n) = max_records {
                    req = req.query("maxRecords", n.to_string());
                }
                jc.calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                jc.client.send_open(req)
            })
            .await;
            let (head, mut body) = result?;
            let next = head
                .headers
                .get("sforce-locator")
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty() && *v != "null")
                .map(str::to_owned);
            // Pages after the first repeat the header line: dropped.
            let mut in_header = !first;
            let mut seen: u64 = 0;
            let streamed = async {
                while let Some(chunk) = body.chunk().await? {
                    let mut chunk = &chunk[..];
                    if in_header {
                        match memchr::memchr(b'\n', chunk) {
                            Some(i) => {
                                chunk = &chunk[i + 1..];
                                in_header = false;
                            }
                            None => continue,
                        }
                    }
                    let skip = done.saturating_sub(seen).min(chunk.len() as u64) as usize;
                    seen += chunk.len() as u64;
                    let fresh = &chunk[skip..];
                    if !fresh.is_empty() {
                        out.write_all(fresh)
                            .await
                            .map_err(|e| StreamError::Write(write_error(id, e)))?;
                        done += fresh.len() as u64;
                        *bytes += fresh.len() as u64;
                    }
                }
                Ok::<(), StreamError>(())
            };
            match streamed.await {
                Ok(()) => return Ok(next),
                Err(StreamError::Write(e)) => return Err(e),
                // A GET: reading it again is always safe.
                Err(StreamError::Body(e)) if attempt < self.step_retries => {
                    tracing::debug!(job = id, error = %e, "result page broke off: reading it again");
                    attempt += 1;
                }
                Err(StreamError::Body(e)) => return Err(head.body_error(e)),
            }
        }
    }
}

/// Which result page to read.
struct Page<'a> {
    id: &'a str,
    locator: Option<&'a str>,
    max_records: Option<u32>,
    first: bool,
}

enum StreamError {
    Body(reqwest::Error),
    Write(Error),
}

impl From<reqwest::Error> for StreamError {
    fn from(e: reqwest::Error) -> Self {
        StreamError::Body(e)
    }
}

fn write_error(job_id: &str, e: std::io::Error) -> Error {
    Error::config(format!(
        "export of bulk query job {job_id}: cannot write the output: {e}"
    ))
}
