//! Query jobs: create, wait, then stream typed records from the CSV result pages,
//! following `Sforce-Locator` until Salesforce answers `null`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures::stream::{self, Stream, StreamExt, TryStreamExt};
use reqwest::Method;
use serde::de::DeserializeOwned;

use super::client::{Bulk, JobCalls};
use super::csv_read::{prune_empty_parents, row_to_json, CsvRows};
use super::export::ExportOptions;
use super::ingest::retry;
use super::job::{CreateQueryJob, JobInfo, JobState, Operation};
use super::jobs::JobKind;
use super::parallel::Reader;
use crate::client::{ApiRequest, ApiResponse, Error};
use crate::model::SObject;

/// One page of a query job's results.
#[derive(Debug, Clone)]
pub struct QueryJobPage<T> {
    /// The query job's id.
    pub job_id: String,
    /// The rows of this page, decoded from CSV.
    pub records: Vec<T>,
    /// The locator of the next page, `None` on the last page.
    pub next_locator: Option<String>,
    /// API calls of this query job so far (create, polls, pages), this page included.
    pub api_calls: u64,
    /// Of `api_calls`, the status polls.
    pub polls: u64,
}

enum State {
    /// The SOQL and operation of a job still to create.
    Start(String, Operation),
    Next {
        id: String,
        locator: Option<String>,
    },
    Done,
}

impl Bulk {
    /// Runs `soql` as a Bulk API 2.0 query job and streams the rows as `T`.
    pub fn query<T>(&self, soql: &str) -> impl Stream<Item = Result<T, Error>> + Send + 'static
    where
        T: SObject + DeserializeOwned,
    {
        self.query_pages::<T>(soql, Operation::Query, None)
            .map_ok(|page| stream::iter(page.records.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Runs a query from the SOQL builder whose rows are whole records
    /// (`Account::query().filter(..)`).
    pub fn query_typed<Q>(
        &self,
        query: &Q,
    ) -> impl Stream<Item = Result<Q::Row, Error>> + Send + 'static
    where
        Q: crate::soql::TypedQuery + ?Sized,
        Q::Row: SObject,
    {
        self.query::<Q::Row>(&query.to_soql())
    }

    /// Like [`Bulk::query`], including deleted and archived records (`queryAll`).
    pub fn query_all<T>(&self, soql: &str) -> impl Stream<Item = Result<T, Error>> + Send + 'static
    where
        T: SObject + DeserializeOwned,
    {
        self.query_pages::<T>(soql, Operation::QueryAll, None)
            .map_ok(|page| stream::iter(page.records.into_iter().map(Ok)))
            .try_flatten()
    }

    /// The result pages of a query job, `max_records` rows a page at most (Salesforce
    /// picks when `None`). Each page is one API call; the job itself costs a create and
    /// the polls.
    pub fn query_pages<T>(
        &self,
        soql: &str,
        operation: Operation,
        max_records: Option<u32>,
    ) -> impl Stream<Item = Result<QueryJobPage<T>, Error>> + Send + 'static
    where
        T: SObject + DeserializeOwned,
    {
        let counters = Counters::default();
        locator_pages(
            self.clone(),
            State::Start(soql.to_owned(), operation),
            max_records,
            counters,
        )
    }

    /// Like [`Bulk::query`] with the options of an export: `queryAll`, the page
    /// size, and [`parallel`](ExportOptions::parallel) reads of the result pages
    /// (still yielded in order; at most `n` pages held). Without `resultPages` (an
    /// API version before 58.0, or a 404) the pages are read one after the other.
    ///
    /// ```no_run
    /// # use sf_runtime::{Id, SObject};
    /// # #[derive(Debug, Default, SObject)]
    /// # pub struct Account {
    /// #     #[sobject(api_name = "Id")]
    /// #     pub id: Option<Id<Account>>,
    /// #     pub name: Option<String>,
    /// # }
    /// # async fn run(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// use futures::TryStreamExt;
    /// use sf_runtime::bulk::ExportOptions;
    ///
    /// let options = ExportOptions::default().max_records(50_000).parallel(4);
    /// let rows: Vec<Account> = client
    ///     .bulk()
    ///     .query_with("SELECT Id, Name FROM Account", &options)
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn query_with<T>(
        &self,
        soql: &str,
        options: &ExportOptions,
    ) -> impl Stream<Item = Result<T, Error>> + Send + 'static
    where
        T: SObject + DeserializeOwned,
    {
        let bulk = self.clone();
        let soql = soql.to_owned();
        let options = options.clone();
        let counters = Counters::default();
        let pages = async move {
            if options.parallel <= 1 {
                let state = State::Start(soql, options.operation);
                return Ok(
                    locator_pages::<T>(bulk, state, options.max_records, counters)
                        .map_ok(|p| p.records)
                        .boxed(),
                );
            }
            let jc = counters.calls(&bulk.client);
            let id = run_query_job(&bulk, &jc, &soql, options.operation)
                .await?
                .id;
            let reader = Reader {
                client: bulk.client.clone(),
                calls: counters.calls.clone(),
                retries: bulk.step_retries,
            };
            Ok(match reader.open(&id, options.max_records).await? {
                Some(links) => reader
                    .pages(links, options.parallel)
                    .and_then(|resp| async move { decode::<T>(&resp) })
                    .boxed(),
                None => {
                    let state = State::Next { id, locator: None };
                    locator_pages::<T>(bulk, state, options.max_records, counters)
                        .map_ok(|p| p.records)
                        .boxed()
                }
            })
        };
        stream::once(pages)
            .try_flatten()
            .map_ok(|records| stream::iter(records.into_iter().map(Ok)))
            .try_flatten()
    }
}

/// The API calls of one query job, shared by its pages.
#[derive(Clone, Default)]
struct Counters {
    calls: Arc<AtomicU64>,
    polls: Arc<AtomicU64>,
}

impl Counters {
    fn calls<'a>(&'a self, client: &'a crate::Client) -> JobCalls<'a> {
        JobCalls {
            client,
            calls: &self.calls,
            polls: &self.polls,
            kind: "query",
        }
    }
}

/// The pages of a query job one after the other, each locator from the page
/// before; from `State::Start` the job is created and waited for first.
fn locator_pages<T>(
    bulk: Bulk,
    start: State,
    max_records: Option<u32>,
    counters: Counters,
) -> impl Stream<Item = Result<QueryJobPage<T>, Error>> + Send + 'static
where
    T: SObject + DeserializeOwned,
{
    stream::try_unfold(start, move |state| {
        let bulk = bulk.clone();
        let counters = counters.clone();
        async move {
            let jc = counters.calls(&bulk.client);
            let (id, locator) = match state {
                State::Done => return Ok(None),
                State::Next { id, locator } => (id, locator),
                State::Start(soql, operation) => {
                    (run_query_job(&bulk, &jc, &soql, operation).await?.id, None)
                }
            };
            let mut query = Vec::new();
            if let Some(n) = max_records {
                query.push(("maxRecords", n.to_string()));
            }
            if let Some(l) = &locator {
                query.push(("locator", l.clone()));
            }
            let resp = retry(bulk.step_retries, || jc.csv(&id, "results", &query)).await?;
            let next_locator = resp
                .headers
                .get("sforce-locator")
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty() && *v != "null")
                .map(str::to_owned);
            let records = decode::<T>(&resp)?;
            let next = match &next_locator {
                Some(l) => State::Next {
                    id: id.clone(),
                    locator: Some(l.clone()),
                },
                None => State::Done,
            };
            Ok(Some((
                QueryJobPage {
                    job_id: id,
                    records,
                    next_locator,
                    api_calls: counters.calls.load(Ordering::Relaxed),
                    polls: counters.polls.load(Ordering::Relaxed),
                },
                next,
            )))
        }
    })
}

/// The rows of one CSV result page as `T`.
fn decode<T: SObject + DeserializeOwned>(resp: &ApiResponse) -> Result<Vec<T>, Error> {
    let rows = CsvRows::parse(&resp.body)
        .map_err(|e| resp.decode_error(serde::de::Error::custom(format!("invalid CSV: {e}"))))?;
    let mut records = Vec::with_capacity(rows.rows.len());
    for row in &rows.rows {
        let mut json = row_to_json(T::META, &rows.header, row);
        prune_empty_parents(&mut json);
        records.push(
            serde_json::from_value(serde_json::Value::Object(json))
                .map_err(|e| resp.decode_error(e))?,
        );
    }
    Ok(records)
}

/// Creates a query job and waits until it completes; a job that ends otherwise
/// is an error naming its state and message.
pub(crate) async fn run_query_job(
    bulk: &Bulk,
    jc: &JobCalls<'_>,
    soql: &str,
    operation: Operation,
) -> Result<JobInfo, Error> {
    let info = create_query_job(jc, soql, operation, bulk.step_retries).await?;
    let info = jc
        .wait(&info.id, &bulk.poll, bulk.step_retries, None, |info| {
            bulk.report_job(JobKind::Query, info)
        })
        .await?;
    if info.state != JobState::JobComplete {
        return Err(Error::config(format!(
            "bulk query job {} ended {:?}{}",
            info.id,
            info.state,
            info.error_message
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        )));
    }
    Ok(info)
}

async fn create_query_job(
    jc: &JobCalls<'_>,
    soql: &str,
    operation: Operation,
    retries: u32,
) -> Result<JobInfo, Error> {
    let body = CreateQueryJob {
        operation,
        query: soql,
        content_type: "CSV",
        line_ending: "LF",
        column_delimiter: "COMMA",
    };
    // Creating a query job twice only costs a call: it reads, it writes nothing.
    retry(retries, || async {
        let req = ApiRequest::data(Method::POST, "jobs/query")
            .json(&body)?
            .idempotency(crate::client::Idempotency::Idempotent);
        jc.calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        jc.client.send(req).await?.json()
    })
    .await
}
