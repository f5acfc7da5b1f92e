//! Progress of one Bulk API 2.0 job as its polls see it: state and record counts,
//! for a progress bar or a log line while a long ingest or query job runs.
//!
//! [`Bulk::progress`](super::Bulk::progress) reports the whole operation in input
//! records (all parts of a split ingest together); [`Bulk::on_job_progress`] reports
//! each job, query jobs included, with the state Salesforce gives.

use std::sync::Arc;

use super::job::{JobInfo, JobState};
use super::jobs::JobKind;

/// One poll of a job, as [`Bulk::on_job_progress`](super::Bulk::on_job_progress)
/// reports it.
///
/// ```
/// use sf_runtime::bulk::{JobProgress, JobState};
///
/// fn line(p: &JobProgress) -> String {
///     let done = if p.state == JobState::JobComplete { " (done)" } else { "" };
///     format!("{}: {} records, {} failed{done}", p.job_id, p.records_processed, p.records_failed)
/// }
/// # let _ = line;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JobProgress {
    /// The job's id.
    pub job_id: String,
    /// Ingest or query.
    pub kind: JobKind,
    /// Where the job is (`UploadComplete`, `InProgress`, `JobComplete`…).
    pub state: JobState,
    /// Records processed so far, failed ones included (`numberRecordsProcessed`;
    /// for a query job, the rows of its result once it is complete).
    pub records_processed: u64,
    /// Of those, how many failed (`numberRecordsFailed`; always 0 for queries).
    pub records_failed: u64,
}

impl JobProgress {
    pub(crate) fn new(kind: JobKind, info: &JobInfo) -> Self {
        JobProgress {
            job_id: info.id.clone(),
            kind,
            state: info.state.clone(),
            records_processed: info.number_records_processed.unwrap_or(0),
            records_failed: info.number_records_failed.unwrap_or(0),
        }
    }
}

/// Called with each poll of each job.
pub type JobProgressFn = Arc<dyn Fn(&JobProgress) + Send + Sync>;

impl super::Bulk {
    /// Calls `f` after every status poll of every job this handle runs, ingest and
    /// query alike, the last call showing the job's final state.
    ///
    /// ```no_run
    /// # use sf_runtime::{Id, SObject};
    /// # #[derive(Debug, Default, SObject)]
    /// # pub struct Account {
    /// #     #[sobject(api_name = "Id")]
    /// #     pub id: Option<Id<Account>>,
    /// #     pub name: Option<String>,
    /// # }
    /// # async fn run(client: sf_runtime::Client, rows: Vec<Account>) -> Result<(), sf_runtime::Error> {
    /// let bulk = client.bulk().on_job_progress(|p| {
    ///     println!(
    ///         "{:?} job {}: {:?}, {} processed, {} failed",
    ///         p.kind, p.job_id, p.state, p.records_processed, p.records_failed
    ///     )
    /// });
    /// bulk.insert(&rows).await?;
    /// # Ok(()) }
    /// ```
    pub fn on_job_progress(mut self, f: impl Fn(&JobProgress) + Send + Sync + 'static) -> Self {
        self.job_progress = Some(Arc::new(f));
        self
    }

    pub(crate) fn report_job(&self, kind: JobKind, info: &JobInfo) {
        if let Some(f) = &self.job_progress {
            f(&JobProgress::new(kind, info));
        }
    }
}
