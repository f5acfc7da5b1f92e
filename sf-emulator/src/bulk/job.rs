//! Bulk API 2.0 jobs: their states and the moves between them, what each
//! kind of job keeps, and the job-info JSON Salesforce answers with (see
//! `fixtures/real/bulk/`).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::csv_codec::{CsvFormat, CsvTable};
use crate::errors::ApiError;

/// A job's `state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Created; accepts uploads until a client closes it.
    Open,
    /// Closed by the client (ingest), or just created (query); waiting to run.
    UploadComplete,
    /// Being processed.
    InProgress,
    /// Processed; results can be read.
    JobComplete,
    /// Stopped by an error (see `errorMessage`).
    Failed,
    /// Stopped by a client.
    Aborted,
}

impl JobState {
    /// The API name.
    pub fn api_name(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::UploadComplete => "UploadComplete",
            Self::InProgress => "InProgress",
            Self::JobComplete => "JobComplete",
            Self::Failed => "Failed",
            Self::Aborted => "Aborted",
        }
    }

    /// Whether processing is over (results can be read, nothing moves any more).
    pub fn is_final(self) -> bool {
        matches!(self, Self::JobComplete | Self::Failed | Self::Aborted)
    }

    /// `Ok` in state `needed`; otherwise the 409 `INVALIDJOBSTATE` answer,
    /// `refused` saying what cannot be done before that state.
    pub fn require(self, needed: JobState, refused: &str) -> Result<(), ApiError> {
        if self == needed {
            return Ok(());
        }
        Err(ApiError::new(
            409,
            "INVALIDJOBSTATE",
            format!("{refused}; this job is {}", self.api_name()),
        ))
    }

    /// The state a client may ask for with `PATCH {"state": …}`, from this one.
    /// Clients close a job (`UploadComplete`) only while it is open, and abort
    /// it any time before it is over.
    pub fn client_move(self, to: &str) -> Result<JobState, ApiError> {
        match (self, to) {
            (Self::Open, "UploadComplete") => Ok(Self::UploadComplete),
            (s, "Aborted") if !s.is_final() => Ok(Self::Aborted),
            (_, "UploadComplete" | "Aborted") => Err(ApiError::new(
                409,
                "INVALIDJOBSTATE",
                format!(
                    "Job state can't be changed to {to} from {}",
                    self.api_name()
                ),
            )),
            _ => Err(ApiError::new(
                400,
                "INVALIDJOBSTATE",
                format!("Invalid job state: {to}"),
            )),
        }
    }
}

/// The `operation` of an ingest job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngestOp {
    /// `insert`: create records.
    Insert,
    /// `update`: change records by `Id`.
    Update,
    /// `upsert`: create or change records by an external id.
    Upsert,
    /// `delete`: move records to the recycle bin.
    Delete,
    /// `hardDelete`: delete records for good.
    HardDelete,
}

impl IngestOp {
    /// Parses the API name.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "insert" => Self::Insert,
            "update" => Self::Update,
            "upsert" => Self::Upsert,
            "delete" => Self::Delete,
            "hardDelete" => Self::HardDelete,
            _ => return None,
        })
    }

    /// The API name.
    pub fn api_name(self) -> &'static str {
        match self {
            Self::Insert => "insert",
            Self::Update => "update",
            Self::Upsert => "upsert",
            Self::Delete => "delete",
            Self::HardDelete => "hardDelete",
        }
    }
}

/// What every job shows in its info, whatever its kind.
#[derive(Debug, Clone)]
pub struct JobHeader {
    /// The job id (prefix `750`).
    pub id: String,
    /// The sObject, as the schema spells it.
    pub object: String,
    /// `createdById`.
    pub created_by_id: String,
    /// `createdDate`, Salesforce's datetime format.
    pub created_date: String,
    /// `systemModstamp`: the last state change.
    pub system_modstamp: String,
    /// Where the job is in its life.
    pub state: JobState,
    /// CSV layout of uploads and results.
    pub format: CsvFormat,
    /// `66.0`.
    pub api_version: String,
    /// Milliseconds spent processing.
    pub total_processing_time: u64,
    /// Why a `Failed` job failed.
    pub error_message: Option<String>,
}

/// Who created a job and when, read from the org as the job is created.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// `createdById`.
    pub by: String,
    /// `createdDate`, Salesforce's datetime format.
    pub at: String,
}

impl Stamp {
    /// The org's user, now by the org's clock.
    pub fn of(org: &crate::org::Org) -> Self {
        Stamp {
            by: org.user_id.clone(),
            at: crate::org::format_datetime(org.clock.now()),
        }
    }
}

impl JobHeader {
    /// The header of a job just created. `version` is the request path's
    /// segment (`v66.0`).
    pub fn new(id: String, object: String, stamp: Stamp, format: CsvFormat, version: &str) -> Self {
        JobHeader {
            id,
            object,
            created_by_id: stamp.by,
            created_date: stamp.at.clone(),
            system_modstamp: stamp.at,
            state: JobState::Open,
            format,
            api_version: version.trim_start_matches('v').to_owned(),
            total_processing_time: 0,
            error_message: None,
        }
    }

    fn api_version_number(&self) -> Value {
        self.api_version
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number)
    }
}

/// What sets ingest and query jobs apart in the answers both give, so that
/// the handlers in `bulk::http` serve either kind.
pub trait Job: Sized + Send + 'static {
    /// `jobType` in job info and in the job list.
    const JOB_TYPE: &'static str;
    /// What every job shows.
    fn header(&self) -> &JobHeader;
    /// The `operation` API name.
    fn operation(&self) -> &str;
    /// `externalIdFieldName`, shown only when set.
    fn external_id_field(&self) -> Option<&str> {
        None
    }
    /// Job info as `GET jobs/{ingest|query}/{id}` answers it.
    fn info(&self) -> Value;
    /// This kind's jobs in the store.
    fn all(store: &JobStore) -> &BTreeMap<String, Self>;
    /// This kind's jobs in the store, to change.
    fn all_mut(store: &mut JobStore) -> &mut BTreeMap<String, Self>;
}

/// The short form: what a state change answers with.
pub fn base_info(job: &impl Job) -> Map<String, Value> {
    let h = job.header();
    let mut m = Map::new();
    m.insert("id".into(), json!(h.id));
    m.insert("operation".into(), json!(job.operation()));
    m.insert("object".into(), json!(h.object));
    m.insert("createdById".into(), json!(h.created_by_id));
    m.insert("createdDate".into(), json!(h.created_date));
    m.insert("systemModstamp".into(), json!(h.system_modstamp));
    m.insert("state".into(), json!(h.state.api_name()));
    if let Some(ext) = job.external_id_field() {
        m.insert("externalIdFieldName".into(), json!(ext));
    }
    m.insert("concurrencyMode".into(), json!("Parallel"));
    m.insert("contentType".into(), json!("CSV"));
    m.insert("apiVersion".into(), h.api_version_number());
    m
}

/// The short form with `jobType` and the CSV layout: a job list entry, and
/// the start of the full info.
pub fn listed_info<J: Job>(job: &J) -> Map<String, Value> {
    let mut m = base_info(job);
    m.insert("jobType".into(), json!(J::JOB_TYPE));
    with_layout(m, job.header())
}

/// One processed row of an ingest job.
#[derive(Debug, Clone)]
pub struct RowResult {
    /// `sf__Id`: the record's id when known.
    pub id: String,
    /// `Ok(created)` or `Err(sf__Error text)`.
    pub outcome: Result<bool, String>,
    /// The row's cells, in the job's column order.
    pub cells: Vec<String>,
}

/// An ingest job and its data.
#[derive(Debug, Clone)]
pub struct IngestJob {
    /// What every job shows.
    pub header: JobHeader,
    /// What the rows do.
    pub operation: IngestOp,
    /// `externalIdFieldName` of an upsert job.
    pub external_id_field: Option<String>,
    /// Column names across all uploads, first appearance first.
    pub columns: Vec<String>,
    /// Uploaded rows not processed yet, each aligned with `columns`.
    pub pending: Vec<Vec<String>>,
    /// Processed rows, in processing order.
    pub results: Vec<RowResult>,
    /// An upload whose line breaks are not the job's `lineEnding`: Salesforce
    /// accepts the upload and fails the job when it processes it.
    pub line_ending_mismatch: bool,
}

impl IngestJob {
    /// Adds an upload's rows, aligning them with the job's columns.
    pub fn add_upload(&mut self, table: CsvTable) {
        let positions: Vec<usize> = table
            .headers
            .iter()
            .map(|h| match self.columns.iter().position(|c| c == h) {
                Some(i) => i,
                None => {
                    self.columns.push(h.clone());
                    self.columns.len() - 1
                }
            })
            .collect();
        for row in &mut self.pending {
            row.resize(self.columns.len(), String::new());
        }
        for row in table.rows {
            let mut aligned = vec![String::new(); self.columns.len()];
            for (cell, &at) in row.into_iter().zip(&positions) {
                aligned[at] = cell;
            }
            self.pending.push(aligned);
        }
    }

    /// Rows processed so far, and how many of them failed.
    pub fn counts(&self) -> (usize, usize) {
        let failed = self.results.iter().filter(|r| r.outcome.is_err()).count();
        (self.results.len(), failed)
    }

    /// Job info as the create call answers it: with `contentUrl`.
    pub fn created_info(&self) -> Value {
        let h = &self.header;
        let mut m = base_info(self);
        m.insert(
            "contentUrl".into(),
            json!(format!(
                "services/data/v{}/jobs/ingest/{}/batches",
                h.api_version, h.id
            )),
        );
        Value::Object(with_layout(m, h))
    }
}

impl Job for IngestJob {
    const JOB_TYPE: &'static str = "V2Ingest";

    fn header(&self) -> &JobHeader {
        &self.header
    }

    fn operation(&self) -> &str {
        self.operation.api_name()
    }

    fn external_id_field(&self) -> Option<&str> {
        self.external_id_field.as_deref()
    }

    fn info(&self) -> Value {
        let h = &self.header;
        let (processed, failed) = self.counts();
        let mut m = listed_info(self);
        m.insert("numberRecordsProcessed".into(), json!(processed));
        m.insert("numberRecordsFailed".into(), json!(failed));
        m.insert("retries".into(), json!(0));
        m.insert("totalProcessingTime".into(), json!(h.total_processing_time));
        m.insert(
            "apiActiveProcessingTime".into(),
            json!(h.total_processing_time),
        );
        m.insert("apexProcessingTime".into(), json!(0));
        if let Some(e) = &h.error_message {
            m.insert("errorMessage".into(), json!(e));
        }
        Value::Object(m)
    }

    fn all(store: &JobStore) -> &BTreeMap<String, Self> {
        &store.ingest
    }

    fn all_mut(store: &mut JobStore) -> &mut BTreeMap<String, Self> {
        &mut store.ingest
    }
}

/// A query job and its result rows.
#[derive(Debug, Clone)]
pub struct QueryJob {
    /// What every job shows.
    pub header: JobHeader,
    /// `query` or `queryAll`.
    pub operation: String,
    /// The SOQL, as sent.
    pub query: String,
    /// Result column names (`Name`, `Account.Name`).
    pub columns: Vec<String>,
    /// Result rows, cells as text (null: empty).
    pub rows: Vec<Vec<String>>,
}

impl Job for QueryJob {
    const JOB_TYPE: &'static str = "V2Query";

    fn header(&self) -> &JobHeader {
        &self.header
    }

    fn operation(&self) -> &str {
        &self.operation
    }

    fn info(&self) -> Value {
        let h = &self.header;
        let mut m = listed_info(self);
        let processed = if h.state == JobState::JobComplete {
            self.rows.len()
        } else {
            0
        };
        m.insert("numberRecordsProcessed".into(), json!(processed));
        m.insert("retries".into(), json!(0));
        m.insert("totalProcessingTime".into(), json!(h.total_processing_time));
        if let Some(e) = &h.error_message {
            m.insert("errorMessage".into(), json!(e));
        }
        Value::Object(m)
    }

    fn all(store: &JobStore) -> &BTreeMap<String, Self> {
        &store.query
    }

    fn all_mut(store: &mut JobStore) -> &mut BTreeMap<String, Self> {
        &mut store.query
    }
}

/// Adds `lineEnding` and `columnDelimiter`, which the create answer and the
/// job list show after the short form's keys.
pub fn with_layout(mut m: Map<String, Value>, header: &JobHeader) -> Map<String, Value> {
    m.insert(
        "lineEnding".into(),
        json!(header.format.line_ending.api_name()),
    );
    m.insert(
        "columnDelimiter".into(),
        json!(header.format.delimiter.api_name()),
    );
    m
}

/// Every job of one emulator, by id (ids sort in creation order).
#[derive(Debug, Default)]
pub struct JobStore {
    /// `jobs/ingest`.
    pub ingest: BTreeMap<String, IngestJob>,
    /// `jobs/query`.
    pub query: BTreeMap<String, QueryJob>,
    counter: u64,
}

impl JobStore {
    /// A fresh job id with the `750` prefix real job ids have.
    pub fn next_id(&mut self) -> String {
        self.counter += 1;
        crate::ids::generate("750", self.counter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> IngestJob {
        IngestJob {
            header: JobHeader {
                id: "7505E0000000001AAA".into(),
                object: "Account".into(),
                created_by_id: "0055E0000000001QAA".into(),
                created_date: "2023-01-17T14:20:03.000+0000".into(),
                system_modstamp: "2023-01-17T14:20:03.000+0000".into(),
                state: JobState::Open,
                format: CsvFormat::default(),
                api_version: "56.0".into(),
                total_processing_time: 0,
                error_message: None,
            },
            operation: IngestOp::Insert,
            external_id_field: None,
            columns: Vec::new(),
            pending: Vec::new(),
            results: Vec::new(),
            line_ending_mismatch: false,
        }
    }

    #[test]
    fn clients_close_open_jobs_and_abort_unfinished_ones() {
        assert_eq!(
            JobState::Open.client_move("UploadComplete").unwrap(),
            JobState::UploadComplete
        );
        assert_eq!(
            JobState::InProgress.client_move("Aborted").unwrap(),
            JobState::Aborted
        );
        let e = JobState::JobComplete.client_move("Aborted").unwrap_err();
        assert_eq!(e.error_code, "INVALIDJOBSTATE");
        let e = JobState::UploadComplete
            .client_move("UploadComplete")
            .unwrap_err();
        assert_eq!(e.status, 409);
        assert_eq!(
            JobState::Open
                .client_move("JobComplete")
                .unwrap_err()
                .status,
            400
        );
    }

    #[test]
    fn uploads_with_different_headers_are_aligned() {
        let mut j = job();
        j.add_upload(CsvTable {
            headers: vec!["Name".into(), "Phone".into()],
            rows: vec![vec!["A".into(), "1".into()]],
        });
        j.add_upload(CsvTable {
            headers: vec!["Phone".into(), "Industry".into()],
            rows: vec![vec!["2".into(), "Energy".into()]],
        });
        assert_eq!(j.columns, ["Name", "Phone", "Industry"]);
        assert_eq!(j.pending, [["A", "1", ""], ["", "2", "Energy"]]);
    }

    #[test]
    fn info_has_the_keys_of_the_recorded_job_info() {
        let real: Value = serde_json::from_str(include_str!(
            "../../../fixtures/real/bulk/applink-wiremock-bulk2-ingest-job-info-v56.json"
        ))
        .unwrap();
        let real = &real["response"]["jsonBody"];
        let ours = job().info();
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&ours), keys(real));
        assert_eq!(ours["apiVersion"], json!(56.0));
    }
}
