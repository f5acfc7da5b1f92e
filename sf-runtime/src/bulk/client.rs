//! The [`Bulk`] handle: configuration shared by ingest and query jobs, and the
//! individual job calls, each counted.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::Method;
use serde_json::json;

use super::job::{CreateIngestJob, JobInfo, JobState, Operation};
use crate::client::{ApiRequest, ApiResponse, Client, Error, Idempotency};
use crate::collections::ProgressFn;

/// How a job is polled until it finishes: exponential backoff from `initial` to `max`,
/// giving up after `timeout`.
///
/// Once a poll shows the job making progress, the next poll waits for the time the
/// observed rate predicts (kept between `initial` and `max`), so large jobs cost few
/// polls.
///
/// ```
/// use std::time::Duration;
/// use sf_runtime::bulk::PollPolicy;
///
/// let poll = PollPolicy::default();
/// assert_eq!(poll.delay(0), Duration::from_millis(500));
/// assert_eq!(poll.delay(1), Duration::from_secs(1));
/// assert_eq!(poll.delay(10), Duration::from_secs(10), "capped at `max`");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollPolicy {
    /// Wait before the first poll (default 500 ms); doubled for each further poll.
    pub initial: Duration,
    /// Longest wait between polls (default 10 s).
    pub max: Duration,
    /// Total time to wait for a job before giving up with an [`Error::Config`]
    /// (default 30 min).
    pub timeout: Duration,
}

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(10),
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

impl PollPolicy {
    /// The wait before poll number `n` (0-based).
    pub fn delay(&self, n: u32) -> Duration {
        self.initial.saturating_mul(1u32 << n.min(16)).min(self.max)
    }
}

/// Bulk API 2.0 over a [`Client`]. Cheap to clone.
#[derive(Clone)]
pub struct Bulk {
    pub(crate) client: Client,
    pub(crate) poll: PollPolicy,
    pub(crate) max_part_bytes: usize,
    pub(crate) step_retries: u32,
    pub(crate) progress: Option<ProgressFn>,
    pub(crate) job_progress: Option<super::progress::JobProgressFn>,
}

impl std::fmt::Debug for Bulk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bulk")
            .field("poll", &self.poll)
            .field("max_part_bytes", &self.max_part_bytes)
            .field("step_retries", &self.step_retries)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Bulk API 2.0 ingest and query jobs.
    pub fn bulk(&self) -> Bulk {
        Bulk::new(self.clone())
    }
}

impl Bulk {
    /// The same as [`Client::bulk`]: default [`PollPolicy`], parts of
    /// [`DEFAULT_MAX_PART_BYTES`](super::DEFAULT_MAX_PART_BYTES), 5 step retries,
    /// no progress callback.
    pub fn new(client: Client) -> Self {
        Bulk {
            client,
            poll: PollPolicy::default(),
            max_part_bytes: super::csv_write::DEFAULT_MAX_PART_BYTES,
            step_retries: 5,
            progress: None,
            job_progress: None,
        }
    }

    /// How jobs are polled until they finish.
    pub fn poll_policy(mut self, poll: PollPolicy) -> Self {
        self.poll = poll;
        self
    }

    /// Largest CSV upload per job; larger inputs are split over several jobs.
    pub fn max_part_bytes(mut self, bytes: usize) -> Self {
        self.max_part_bytes = bytes.max(1);
        self
    }

    /// How many times a failed job step (create, upload, close, poll, results) is
    /// retried after the client's own retries, when retrying cannot duplicate records.
    pub fn step_retries(mut self, n: u32) -> Self {
        self.step_retries = n;
        self
    }

    /// Called after each poll and each result read, in input records of the whole
    /// operation; see [`progress_fn`](crate::collections::progress_fn), and
    /// [`on_job_progress`](Self::on_job_progress) for each job's state.
    pub fn progress(mut self, f: ProgressFn) -> Self {
        self.progress = Some(f);
        self
    }
}

/// The calls of one job, each counted in `calls`.
pub(crate) struct JobCalls<'a> {
    pub client: &'a Client,
    pub calls: &'a AtomicU64,
    /// Status polls, also counted in `calls`.
    pub polls: &'a AtomicU64,
    /// `ingest` or `query`.
    pub kind: &'static str,
}

impl JobCalls<'_> {
    async fn send(&self, req: ApiRequest) -> Result<ApiResponse, Error> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.client.send(req).await
    }

    pub async fn create_ingest(
        &self,
        object: &str,
        operation: Operation,
        external_id: Option<&str>,
    ) -> Result<JobInfo, Error> {
        let body = CreateIngestJob::new(object, operation, external_id);
        self.send(ApiRequest::data(Method::POST, "jobs/ingest").json(&body)?)
            .await?
            .json()
    }

    /// Uploads the job's CSV. Not resent by the client when the outcome is unknown:
    /// the caller decides (abort and start a new job) so rows are never uploaded twice.
    pub async fn upload(&self, id: &str, csv: bytes::Bytes) -> Result<(), Error> {
        let req = ApiRequest::data(Method::PUT, format!("jobs/ingest/{id}/batches"))
            .body(csv, "text/csv")
            .idempotency(Idempotency::NonIdempotent);
        self.send(req).await.map(|_| ())
    }

    pub async fn set_state(&self, id: &str, state: &str) -> Result<JobInfo, Error> {
        let req = ApiRequest::data(Method::PATCH, format!("jobs/{}/{id}", self.kind))
            .json(&json!({ "state": state }))?;
        self.send(req).await?.json()
    }

    pub async fn info(&self, id: &str) -> Result<JobInfo, Error> {
        self.send(ApiRequest::data(
            Method::GET,
            format!("jobs/{}/{id}", self.kind),
        ))
        .await?
        .json()
    }

    /// A CSV resource of a job (`successfulResults`, `failedResults`, `unprocessedrecords`,
    /// `results` with query parameters).
    pub async fn csv(
        &self,
        id: &str,
        resource: &str,
        query: &[(&str, String)],
    ) -> Result<ApiResponse, Error> {
        let mut req = ApiRequest::data(Method::GET, format!("jobs/{}/{id}/{resource}", self.kind))
            .header("accept", HeaderValue::from_static("text/csv"));
        for (k, v) in query {
            req = req.query(*k, v.clone());
        }
        self.send(req).await
    }

    /// Polls until the job is terminal, calling `seen` with each info.
    ///
    /// `expected` is the number of rows the job holds, when known: once a poll shows
    /// progress, the next one waits for the time the observed rate says the rest will
    /// take, instead of backing off blindly, so a large job costs few polls.
    pub async fn wait(
        &self,
        id: &str,
        poll: &PollPolicy,
        retries: u32,
        expected: Option<u64>,
        mut seen: impl FnMut(&JobInfo),
    ) -> Result<JobInfo, Error> {
        let started = std::time::Instant::now();
        let mut n = 0u32;
        let mut errors = 0u32;
        let mut delay = poll.delay(0);
        loop {
            tokio::time::sleep(delay).await;
            n += 1;
            delay = poll.delay(n);
            self.polls.fetch_add(1, Ordering::Relaxed);
            match self.info(id).await {
                Ok(info) => {
                    seen(&info);
                    if info.state.is_terminal() {
                        return Ok(info);
                    }
                    if let Some(eta) = expected.and_then(|total| {
                        estimate_remaining(total, info.number_records_processed?, started.elapsed())
                    }) {
                        delay = eta.clamp(poll.initial, poll.max);
                    }
                }
                // A poll is a read: a lost one only costs another.
                Err(e) if errors < retries && crate::collections::failure::transient(&e) => {
                    errors += 1
                }
                Err(e) => return Err(e),
            }
            if started.elapsed() > poll.timeout {
                return Err(Error::config(format!(
                    "bulk job {id} did not finish within {:?}",
                    poll.timeout
                )));
            }
        }
    }
}

/// How long the rest of a job should take at the rate seen so far, with a 10% margin
/// so the next poll usually finds it done. `None` before any progress.
pub(crate) fn estimate_remaining(
    total: u64,
    processed: u64,
    elapsed: Duration,
) -> Option<Duration> {
    if processed == 0 || processed >= total {
        return None;
    }
    let per_record = elapsed.as_secs_f64() / processed as f64;
    Some(Duration::from_secs_f64(
        per_record * (total - processed) as f64 * 1.1,
    ))
}

/// Whether a job's state means its data was received and closed.
pub(crate) fn past_upload(state: &JobState) -> bool {
    !matches!(state, JobState::Open)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = PollPolicy {
            initial: Duration::from_millis(100),
            max: Duration::from_millis(450),
            timeout: Duration::from_secs(1),
        };
        let d: Vec<u128> = (0..5).map(|n| p.delay(n).as_millis()).collect();
        assert_eq!(d, [100, 200, 400, 450, 450]);
    }

    #[test]
    fn remaining_time_follows_the_observed_rate() {
        // 1,000 of 10,000 rows in 1 s: 9 s to go, plus the margin.
        let eta = estimate_remaining(10_000, 1_000, Duration::from_secs(1)).unwrap();
        assert_eq!(eta.as_millis(), 9_900);
        assert_eq!(estimate_remaining(10_000, 0, Duration::from_secs(1)), None);
        assert_eq!(estimate_remaining(10, 10, Duration::from_secs(1)), None);
    }
}
