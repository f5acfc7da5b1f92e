//! `create_many`, `update_many`, `upsert_many`, `delete_many`, `get_many`.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::bodies::{update_body, upsert_body};
use super::chunk::{chunk_ranges, run_ordered};
use super::failure::{certainly_not_applied, record_errors, resend_delay, transient};
use super::outcome::{Path, RecordError, RecordOutcome, WriteReport};
use super::progress::{Progress, ProgressFn};
use super::resolve::{answer_began, settle_by_key};
use super::wire::{
    chunk_failed, outcomes_from_results, with_type, RetrieveBody, SaveResult, WriteBody,
    MAX_RETRIEVE_CHUNK, MAX_WRITE_CHUNK,
};
use crate::client::{ApiRequest, Client, Error, Idempotency};
use crate::model::{Field, SObject, UpsertKey, WriteMode};
use crate::types::Id;

/// Default number of chunks in flight at once.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// sObject Collections operations over a [`Client`]. Cheap to clone.
#[derive(Clone)]
pub struct Collections {
    client: Client,
    concurrency: usize,
    all_or_none: bool,
    chunk_retries: u32,
    progress: Option<ProgressFn>,
}

impl std::fmt::Debug for Collections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collections")
            .field("concurrency", &self.concurrency)
            .field("all_or_none", &self.all_or_none)
            .field("chunk_retries", &self.chunk_retries)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// sObject Collections operations (200 records per call).
    pub fn collections(&self) -> Collections {
        Collections::new(self.clone())
    }
}

/// How a chunk request is built and whether resending it is safe.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Create,
    Update,
    Upsert,
    Delete,
}

impl Collections {
    /// The same as [`Client::collections`]: concurrency 4, not all-or-none, 3 chunk
    /// retries, no progress callback.
    pub fn new(client: Client) -> Self {
        Collections {
            client,
            concurrency: DEFAULT_CONCURRENCY,
            all_or_none: false,
            chunk_retries: 3,
            progress: None,
        }
    }

    /// Chunks in flight at once (1 = sequential).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// `allOrNone` for each chunk: a failure rolls back the other records of its chunk
    /// (only of its chunk: chunks are separate transactions).
    pub fn all_or_none(mut self, on: bool) -> Self {
        self.all_or_none = on;
        self
    }

    /// How many times a whole chunk is resent after the client's own retries gave up,
    /// when resending cannot duplicate records.
    pub fn chunk_retries(mut self, n: u32) -> Self {
        self.chunk_retries = n;
        self
    }

    /// Called after each chunk; see [`progress_fn`](super::progress_fn).
    pub fn progress(mut self, f: ProgressFn) -> Self {
        self.progress = Some(f);
        self
    }

    /// Inserts the records, ⌈N/200⌉ calls.
    pub async fn create_many<T: SObject>(&self, records: &[T]) -> Result<WriteReport<T>, Error> {
        self.create(records, None).await
    }

    /// Inserts `records`; with `lookup` (object, key field), lost answers are
    /// settled by looking the records up (see [`create_many_keyed`](Self::create_many_keyed)).
    async fn create<T: SObject>(
        &self,
        records: &[T],
        lookup: Option<(&'static str, &'static str)>,
    ) -> Result<WriteReport<T>, Error> {
        let prepared = records
            .iter()
            .map(|r| Ok(with_type(r.to_write_json(WriteMode::Create), T::API_NAME)))
            .collect();
        self.write(
            Kind::Create,
            "composite/sobjects".to_owned(),
            prepared,
            lookup,
        )
        .await
    }

    /// Inserts the records like [`create_many`](Self::create_many), and settles what a
    /// lost answer leaves unknown by looking the records up by the external id `key`.
    ///
    /// When a chunk's request may have reached Salesforce but its answer never came
    /// (a connection cut mid-response, a timeout), `create_many` reports its records
    /// `OUTCOME_UNKNOWN`: sending them again could create them twice. Here the chunk
    /// is instead looked up with one query, `SELECT Id, key FROM T WHERE key IN (…)`,
    /// and each record's outcome becomes:
    ///
    /// - found once: [`Outcome::Succeeded`](super::Outcome::Succeeded) with its id and
    ///   `created: Some(true)`;
    /// - not found, when Salesforce had begun answering (so its transaction was over):
    ///   failed with [`NOT_CREATED`](super::NOT_CREATED). It was not created and is not
    ///   resent here; sending it again is safe (and an upsert by `key` is safe even if
    ///   it were);
    /// - otherwise (no key value, a value shared by two records of the chunk or found
    ///   on several records, not found while the request might still be running, the
    ///   lookup failing): still `OUTCOME_UNKNOWN`, with one more error saying why.
    ///
    /// Opt-in rather than automatic: the describe's `externalId` does not promise
    /// unique values, and only the caller knows that its records' keys are new and
    /// unique. A record found with the key is taken for the one just created; if the
    /// value existed before, the create would have failed (`DUPLICATE_VALUE`) on a
    /// unique field, so use a unique external id.
    ///
    /// ```no_run
    /// # use sf_runtime::{Id, SObject};
    /// # #[derive(Debug, Default, SObject)]
    /// # #[sobject(api_name = "Invoice__c")]
    /// # pub struct Invoice {
    /// #     #[sobject(api_name = "Id")]
    /// #     pub id: Option<Id<Invoice>>,
    /// #     #[sobject(api_name = "Number__c", external_id)]
    /// #     pub number: Option<String>,
    /// # }
    /// # async fn run(client: sf_runtime::Client, invoices: Vec<Invoice>) -> Result<(), sf_runtime::Error> {
    /// use sf_runtime::collections::NOT_CREATED;
    ///
    /// let report = client.collections().create_many_keyed(Invoice::NUMBER, &invoices).await?;
    /// let retry: Vec<usize> = report
    ///     .failed()
    ///     .filter(|o| o.errors()[0].code == NOT_CREATED)
    ///     .map(|o| o.index)
    ///     .collect();
    /// # Ok(()) }
    /// ```
    pub async fn create_many_keyed<T: SObject, F: Field<Object = T> + UpsertKey>(
        &self,
        key: F,
        records: &[T],
    ) -> Result<WriteReport<T>, Error> {
        let _ = key;
        self.create(records, Some((T::API_NAME, F::API_NAME))).await
    }

    /// Updates the records by their ids; a record without an id fails without a call.
    pub async fn update_many<T: SObject>(&self, records: &[T]) -> Result<WriteReport<T>, Error> {
        let prepared = records
            .iter()
            .map(|r| update_body(r).map(|body| with_type(body, T::API_NAME)))
            .collect();
        self.write(
            Kind::Update,
            "composite/sobjects".to_owned(),
            prepared,
            None,
        )
        .await
    }

    /// Upserts the records by the external-id field `key`. Resending an upsert cannot
    /// duplicate a record, so failed chunks are resent after transient failures.
    pub async fn upsert_many<T: SObject, F: Field<Object = T> + UpsertKey>(
        &self,
        key: F,
        records: &[T],
    ) -> Result<WriteReport<T>, Error> {
        let _ = key;
        let prepared = records
            .iter()
            .map(|r| upsert_body(F::API_NAME, r).map(|body| with_type(body, T::API_NAME)))
            .collect();
        let path = format!("composite/sobjects/{}/{}", T::API_NAME, F::API_NAME);
        self.write(Kind::Upsert, path, prepared, None).await
    }

    /// Deletes the records with these ids.
    pub async fn delete_many<T: SObject>(&self, ids: &[Id<T>]) -> Result<WriteReport<T>, Error> {
        let prepared = ids
            .iter()
            .map(|id| {
                let mut m = Map::new();
                m.insert("Id".into(), Value::String(id.as_str().to_owned()));
                Ok(m)
            })
            .collect();
        self.write(
            Kind::Delete,
            "composite/sobjects".to_owned(),
            prepared,
            None,
        )
        .await
    }

    /// Retrieves records by id, 2,000 per call, `None` where Salesforce returns null
    /// (deleted, no access). Results are in the order of `ids`.
    pub async fn get_many<T: SObject + DeserializeOwned>(
        &self,
        ids: &[Id<T>],
    ) -> Result<Vec<Option<T>>, Error> {
        Ok(self.get_many_counted(ids).await?.0)
    }

    /// [`Collections::get_many`] plus the number of API calls it used.
    pub async fn get_many_counted<T: SObject + DeserializeOwned>(
        &self,
        ids: &[Id<T>],
    ) -> Result<(Vec<Option<T>>, u64), Error> {
        let fields: Vec<String> = T::META
            .fields
            .iter()
            .map(|f| f.api_name.to_owned())
            .collect();
        let calls = AtomicU64::new(0);
        let path = format!("composite/sobjects/{}", T::API_NAME);
        let work = |range: Range<usize>| {
            let body = RetrieveBody {
                ids: ids[range].iter().map(|i| i.as_str().to_owned()).collect(),
                fields: fields.clone(),
            };
            let path = path.clone();
            let calls = &calls;
            async move {
                // Retrieve is a read: resending is always safe, so it is marked idempotent.
                let req = ApiRequest::data(Method::POST, path)
                    .json(&body)
                    .map(|r| r.idempotency(Idempotency::Idempotent));
                let res = match req {
                    Ok(req) => {
                        calls.fetch_add(1, Ordering::Relaxed);
                        match self.client.send(req).await {
                            Ok(resp) => resp.json::<Vec<Option<Value>>>(),
                            Err(e) => Err(e),
                        }
                    }
                    Err(e) => Err(e),
                };
                vec![res]
            }
        };
        let chunks = run_ordered(
            chunk_ranges(ids.len(), MAX_RETRIEVE_CHUNK),
            self.concurrency,
            work,
            |_| {},
        )
        .await;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in chunks {
            for value in chunk? {
                out.push(match value {
                    Some(v) => Some(serde_json::from_value(v).map_err(|e| {
                        Error::config(format!("cannot decode a {} record: {e}", T::API_NAME))
                    })?),
                    None => None,
                });
            }
        }
        Ok((out, calls.into_inner()))
    }

    async fn write<T>(
        &self,
        kind: Kind,
        path: String,
        prepared: Vec<Result<Map<String, Value>, RecordError>>,
        lookup: Option<(&'static str, &'static str)>,
    ) -> Result<WriteReport<T>, Error> {
        let total = prepared.len();
        let mut outcomes: Vec<Option<RecordOutcome<T>>> = (0..total).map(|_| None).collect();
        let mut sendable: Vec<(usize, Map<String, Value>)> = Vec::with_capacity(total);
        let mut failed_early = 0;
        for (i, p) in prepared.into_iter().enumerate() {
            match p {
                Ok(body) => sendable.push((i, body)),
                Err(e) => {
                    failed_early += 1;
                    outcomes[i] = Some(RecordOutcome::failed(i, vec![e]));
                }
            }
        }
        let calls = AtomicU64::new(0);
        let mut progress = Progress {
            total,
            processed: failed_early,
            failed: failed_early,
        };
        let report = |p: Progress| {
            if let Some(f) = &self.progress {
                f(p)
            }
        };
        if failed_early > 0 {
            report(progress);
        }
        let sendable_ref = &sendable;
        let path = &path;
        let calls_ref = &calls;
        let work = move |range: Range<usize>| async move {
            let chunk = &sendable_ref[range.clone()];
            let results = self.send_chunk(kind, path, chunk, calls_ref).await;
            let mut outs: Vec<RecordOutcome<T>> = match results {
                Ok(results) => outcomes_from_results(0, chunk.len(), results),
                Err(failure) => {
                    let unknown = failure.errors.iter().any(|e| e.code == "OUTCOME_UNKNOWN");
                    let settled = match lookup {
                        Some((object, key)) if unknown => {
                            let errors = &failure.errors;
                            let client = &self.client;
                            settle_by_key(
                                client,
                                object,
                                key,
                                chunk,
                                errors,
                                failure.answered,
                                calls_ref,
                            )
                            .await
                        }
                        _ => None,
                    };
                    settled.unwrap_or_else(|| chunk_failed(0, chunk.len(), &failure.errors))
                }
            };
            for (o, (index, _)) in outs.iter_mut().zip(chunk) {
                o.index = *index;
            }
            outs
        };
        let sent = run_ordered(
            chunk_ranges(sendable.len(), MAX_WRITE_CHUNK),
            self.concurrency,
            work,
            |batch: &[RecordOutcome<T>]| {
                progress.processed += batch.len();
                progress.failed += batch.iter().filter(|o| !o.is_success()).count();
                report(progress);
            },
        )
        .await;
        for o in sent {
            let i = o.index;
            outcomes[i] = Some(o);
        }
        Ok(WriteReport {
            outcomes: outcomes
                .into_iter()
                .enumerate()
                .map(|(i, o)| {
                    o.unwrap_or_else(|| {
                        RecordOutcome::failed(i, vec![RecordError::new("NOT_SENT", "")])
                    })
                })
                .collect(),
            api_calls: calls.into_inner(),
            polls: 0,
            path: Path::Collections,
            job_ids: Vec::new(),
        })
    }

    /// Sends one chunk, resending it when that cannot duplicate records. On final
    /// failure returns the reasons to attach to each of its records.
    async fn send_chunk(
        &self,
        kind: Kind,
        path: &str,
        chunk: &[(usize, Map<String, Value>)],
        calls: &AtomicU64,
    ) -> Result<Vec<SaveResult>, ChunkFailure> {
        let mut attempt = 0;
        loop {
            let req = self
                .chunk_request(kind, path, chunk)
                .map_err(|e| ChunkFailure::from(&e))?;
            calls.fetch_add(1, Ordering::Relaxed);
            match self.client.send(req).await {
                Ok(resp) => {
                    return resp
                        .json::<Vec<SaveResult>>()
                        .map_err(|e| ChunkFailure::from(&e))
                }
                Err(e) => {
                    let safe = kind != Kind::Create || certainly_not_applied(&e);
                    if attempt < self.chunk_retries && safe && transient(&e) {
                        tokio::time::sleep(resend_delay(attempt)).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(ChunkFailure::from(&e));
                }
            }
        }
    }

    fn chunk_request(
        &self,
        kind: Kind,
        path: &str,
        chunk: &[(usize, Map<String, Value>)],
    ) -> Result<ApiRequest, Error> {
        match kind {
            Kind::Delete => {
                let ids: Vec<&str> = chunk
                    .iter()
                    .filter_map(|(_, m)| m.get("Id").and_then(Value::as_str))
                    .collect();
                Ok(ApiRequest::data(Method::DELETE, path)
                    .query("ids", ids.join(","))
                    .query("allOrNone", self.all_or_none.to_string()))
            }
            _ => {
                let method = match kind {
                    Kind::Create => Method::POST,
                    _ => Method::PATCH,
                };
                let body = WriteBody {
                    all_or_none: self.all_or_none,
                    records: chunk.iter().map(|(_, m)| m.clone()).collect(),
                };
                ApiRequest::data(method, path).json(&body)
            }
        }
    }
}

/// Why a chunk failed as a whole.
struct ChunkFailure {
    /// The reasons to attach to each of its records.
    errors: Vec<RecordError>,
    /// Salesforce had begun answering (see [`answer_began`]).
    answered: bool,
}

impl From<&Error> for ChunkFailure {
    fn from(e: &Error) -> Self {
        ChunkFailure {
            errors: record_errors(e),
            answered: answer_began(e),
        }
    }
}
