//! Ingest jobs end to end: create, upload, close, poll, read results, match them to
//! the input. Each part of the input (under the upload limit) is one job.
//!
//! Reliability: nothing in a job is processed before it is closed, so an upload whose
//! outcome is unknown is handled by aborting that job and starting a new one, never by
//! uploading again into it. A close whose answer was lost is checked by reading the
//! job. Polls and result reads are plain reads. Every input record ends with an
//! outcome; records of a job that could not be followed to its end fail with
//! `JOB_INTERRUPTED` naming the job id, and [`Bulk::resume`] picks that job up again.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncRead, AsyncReadExt};

use super::client::{past_upload, Bulk, JobCalls};
use super::csv_read::CsvRows;
use super::csv_write::CsvTable;
use super::input::IngestInput;
use super::job::{JobInfo, JobState, Operation};
use super::matching::{complete, Matcher};
use crate::client::Error;
use crate::collections::failure::{certainly_not_applied, record_errors, resend_delay, transient};
use crate::collections::{Path, Progress, RecordError, RecordOutcome, WriteReport};
use crate::model::{Field, SObject, UpsertKey};
use crate::types::{Any, Id};

/// What one part (one job) ended with.
struct PartResult<T> {
    job_id: Option<String>,
    /// Indexed by row within the part.
    outcomes: Vec<RecordOutcome<T>>,
}

impl Bulk {
    /// Inserts the records with one job per part (normally one job).
    pub async fn insert<T: SObject>(&self, records: &[T]) -> Result<WriteReport<T>, Error> {
        self.ingest(&IngestInput::insert(records)).await
    }

    /// Updates the records by id.
    pub async fn update<T: SObject>(&self, records: &[T]) -> Result<WriteReport<T>, Error> {
        self.ingest(&IngestInput::update(records)).await
    }

    /// Upserts the records by the external-id field `key`.
    pub async fn upsert<T: SObject, F: Field<Object = T> + UpsertKey>(
        &self,
        key: F,
        records: &[T],
    ) -> Result<WriteReport<T>, Error> {
        self.ingest(&IngestInput::upsert(key, records)).await
    }

    /// Deletes the records with these ids.
    pub async fn delete<T: SObject>(&self, ids: &[Id<T>]) -> Result<WriteReport<T>, Error> {
        self.ingest(&IngestInput::delete(ids)).await
    }

    /// Deletes the records permanently.
    pub async fn hard_delete<T: SObject>(&self, ids: &[Id<T>]) -> Result<WriteReport<T>, Error> {
        self.ingest(&IngestInput::hard_delete(ids)).await
    }

    /// Loads CSV read from `reader` (header first, comma-delimited, LF or CRLF).
    pub async fn ingest_csv<R: AsyncRead + Unpin>(
        &self,
        object: &str,
        operation: Operation,
        external_id: Option<&str>,
        mut reader: R,
    ) -> Result<WriteReport<Any>, Error> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .await
            .map_err(|e| Error::config(format!("cannot read the CSV input: {e}")))?;
        let input = IngestInput::csv(object, operation, external_id, &bytes)
            .map_err(|e| Error::config(format!("invalid CSV input: {e}")))?;
        self.ingest(&input).await
    }

    /// Runs the ingest. `Err` only when nothing could be attempted; once jobs exist,
    /// failures are reported per record.
    pub async fn ingest<T>(&self, input: &IngestInput<T>) -> Result<WriteReport<T>, Error> {
        self.run(input, &[]).await
    }

    /// Continues an ingest whose jobs were created earlier (`job_ids` from a previous
    /// [`WriteReport::job_ids`], one per part, in order, empty for a part that never got
    /// a job): those jobs are only followed to their end and their results read; parts
    /// without a job are loaded anew. The input must be built from the same records and
    /// the same part size as before.
    pub async fn resume<T>(
        &self,
        input: &IngestInput<T>,
        job_ids: &[String],
    ) -> Result<WriteReport<T>, Error> {
        self.run(input, job_ids).await
    }

    async fn run<T>(
        &self,
        input: &IngestInput<T>,
        existing: &[String],
    ) -> Result<WriteReport<T>, Error> {
        let calls = AtomicU64::new(0);
        let polls = AtomicU64::new(0);
        let mut outcomes: Vec<Option<RecordOutcome<T>>> = (0..input.total).map(|_| None).collect();
        for (i, e) in &input.rejected {
            outcomes[*i] = Some(RecordOutcome::failed(*i, vec![e.clone()]));
        }
        let mut progress = Progress {
            total: input.total,
            processed: input.rejected.len(),
            failed: input.rejected.len(),
        };
        let mut job_ids = Vec::new();
        for (k, (bytes, range)) in input
            .table
            .to_parts(self.max_part_bytes)
            .into_iter()
            .enumerate()
        {
            let part = CsvTable {
                header: input.table.header.clone(),
                rows: input.table.rows[range.clone()].to_vec(),
            };
            let base = progress;
            let result = self
                .run_part::<T>(
                    input,
                    &part,
                    bytes.into(),
                    existing.get(k),
                    (&calls, &polls),
                    base,
                )
                .await;
            // Positional: one entry per part, empty when the part never got a job.
            job_ids.push(result.job_id.unwrap_or_default());
            for (j, mut o) in result.outcomes.into_iter().enumerate() {
                let index = input.input_index[range.start + j];
                o.index = index;
                progress.processed += 1;
                if !o.is_success() {
                    progress.failed += 1;
                }
                outcomes[index] = Some(o);
            }
            self.report(progress);
        }
        Ok(WriteReport {
            outcomes: complete(
                outcomes,
                0,
                &RecordError::new("NOT_SENT", "record was not part of any job"),
            ),
            api_calls: calls.load(Ordering::Relaxed),
            polls: polls.load(Ordering::Relaxed),
            path: Path::Bulk,
            job_ids,
        })
    }

    fn report(&self, p: Progress) {
        if let Some(f) = &self.progress {
            f(p);
        }
    }

    async fn run_part<T>(
        &self,
        input: &IngestInput<T>,
        part: &CsvTable,
        csv: bytes::Bytes,
        existing: Option<&String>,
        (calls, polls): (&AtomicU64, &AtomicU64),
        base: Progress,
    ) -> PartResult<T> {
        let jc = JobCalls {
            client: &self.client,
            calls,
            polls,
            kind: "ingest",
        };
        let n = part.rows.len();
        let all_failed = |job_id: Option<String>, errors: Vec<RecordError>| PartResult {
            job_id,
            outcomes: (0..n)
                .map(|i| RecordOutcome::failed(i, errors.clone()))
                .collect(),
        };
        let id = match existing.filter(|id| !id.is_empty()) {
            Some(id) => id.clone(),
            None => match self.open_and_close(&jc, input, csv).await {
                Ok(id) => id,
                Err(errors) => return all_failed(None, errors),
            },
        };
        let on_poll = |info: &JobInfo| {
            self.report_job(super::jobs::JobKind::Ingest, info);
            self.report(Progress {
                total: base.total,
                processed: base.processed + info.number_records_processed.unwrap_or(0) as usize,
                failed: base.failed + info.number_records_failed.unwrap_or(0) as usize,
            })
        };
        let info = match jc
            .wait(&id, &self.poll, self.step_retries, Some(n as u64), on_poll)
            .await
        {
            Ok(info) => info,
            Err(e) => {
                let reason = RecordError::new(
                    "JOB_INTERRUPTED",
                    format!("lost track of bulk job {id} ({e}); resume it with Bulk::resume"),
                );
                return all_failed(Some(id), vec![reason]);
            }
        };
        let outcomes = self.read_results(&jc, &id, &info, input, part).await;
        PartResult {
            job_id: Some(id),
            outcomes,
        }
    }

    /// Creates a job, uploads the part and closes the job; returns the job id once
    /// Salesforce holds the data exactly once.
    async fn open_and_close<T>(
        &self,
        jc: &JobCalls<'_>,
        input: &IngestInput<T>,
        csv: bytes::Bytes,
    ) -> Result<String, Vec<RecordError>> {
        let mut attempt = 0u32;
        'job: loop {
            let info = retry(self.step_retries, || {
                jc.create_ingest(&input.object, input.operation, input.external_id.as_deref())
            })
            .await
            .map_err(|e| record_errors(&e))?;
            let id = info.id;
            // Upload: resend into this job only when the server certainly refused it.
            loop {
                match jc.upload(&id, csv.clone()).await {
                    Ok(()) => break,
                    Err(e) if certainly_not_applied(&e) && attempt < self.step_retries => {
                        tokio::time::sleep(resend_delay(attempt)).await;
                        attempt += 1;
                    }
                    Err(e) => {
                        // The data may or may not be in this job: abandon it, start over.
                        let _ = jc.set_state(&id, "Aborted").await;
                        if attempt < self.step_retries && transient(&e) {
                            tokio::time::sleep(resend_delay(attempt)).await;
                            attempt += 1;
                            continue 'job;
                        }
                        return Err(record_errors(&e));
                    }
                }
            }
            loop {
                match jc.set_state(&id, "UploadComplete").await {
                    Ok(_) => return Ok(id),
                    Err(e) => {
                        // The close may have landed with its answer lost.
                        if let Ok(info) = jc.info(&id).await {
                            if past_upload(&info.state) {
                                return Ok(id);
                            }
                        }
                        if attempt < self.step_retries && transient(&e) {
                            tokio::time::sleep(resend_delay(attempt)).await;
                            attempt += 1;
                            continue;
                        }
                        let _ = jc.set_state(&id, "Aborted").await;
                        return Err(record_errors(&e));
                    }
                }
            }
        }
    }

    /// Reads the result files a job's counts say are non-empty and matches them to
    /// the part's rows.
    async fn read_results<T>(
        &self,
        jc: &JobCalls<'_>,
        id: &str,
        info: &JobInfo,
        input: &IngestInput<T>,
        part: &CsvTable,
    ) -> Vec<RecordOutcome<T>> {
        let n = part.rows.len() as u64;
        let processed = info.number_records_processed;
        let failed = info.number_records_failed;
        let complete_job = info.state == JobState::JobComplete;
        let need_success = match (processed, failed) {
            (Some(p), Some(f)) => p > f,
            _ => true,
        };
        let need_failed = failed.is_none_or(|f| f > 0);
        let need_unprocessed = !complete_job || processed.is_none_or(|p| p < n);
        let mut out: Vec<Option<RecordOutcome<T>>> = (0..part.rows.len()).map(|_| None).collect();
        let mut matcher = Matcher::new(part, input.key_column());
        let mut unreadable = None;
        for (resource, needed) in [
            ("successfulResults", need_success),
            ("failedResults", need_failed),
            ("unprocessedrecords", need_unprocessed),
        ] {
            if !needed {
                continue;
            }
            let rows = match retry(self.step_retries, || jc.csv(id, resource, &[])).await {
                Ok(resp) => CsvRows::parse(&resp.body).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            let rows = match rows {
                Ok(rows) => rows,
                Err(e) => {
                    unreadable = Some(format!("cannot read {resource} of bulk job {id}: {e}"));
                    continue;
                }
            };
            match resource {
                "successfulResults" => matcher.successes(&rows, 0, &mut out),
                "failedResults" => matcher.failures(&rows, 0, &mut out),
                _ => {
                    let reason = RecordError::new(
                        "NOT_PROCESSED",
                        format!(
                            "bulk job {id} ended {:?} before processing this record{}",
                            info.state,
                            info.error_message
                                .as_deref()
                                .map(|m| format!(": {m}"))
                                .unwrap_or_default()
                        ),
                    );
                    matcher.unprocessed(&rows, 0, &reason, &mut out)
                }
            }
        }
        let leftover = match (&unreadable, &info.state) {
            (Some(msg), _) => RecordError::new(
                "JOB_INTERRUPTED",
                format!("{msg}; resume it with Bulk::resume"),
            ),
            (None, JobState::JobComplete) => RecordError::new(
                "MISSING_RESULT",
                format!("bulk job {id} returned no result for this record"),
            ),
            (None, state) => RecordError::new(
                "JOB_FAILED",
                format!(
                    "bulk job {id} ended {state:?}{}",
                    info.error_message
                        .as_deref()
                        .map(|m| format!(": {m}"))
                        .unwrap_or_default()
                ),
            ),
        };
        complete(out, 0, &leftover)
    }
}

/// Runs `f` until it succeeds, a non-transient error, or `retries` resends.
pub(crate) async fn retry<F, Fut, R>(retries: u32, mut f: F) -> Result<R, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<R, Error>>,
{
    let mut attempt = 0;
    loop {
        match f().await {
            Ok(r) => return Ok(r),
            Err(e) if attempt < retries && transient(&e) => {
                tokio::time::sleep(resend_delay(attempt)).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}
