//! The JSON of Bulk API 2.0 jobs: what creating a job sends and what job info returns.

use serde::{Deserialize, Serialize};

/// What an ingest job does with its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Operation {
    /// `insert`: create records.
    Insert,
    /// `update`: update records by `Id`.
    Update,
    /// `upsert`: create or update by an external id field.
    Upsert,
    /// `delete`: move records to the recycle bin.
    Delete,
    /// `hardDelete`: delete without the recycle bin (needs the "Bulk API Hard Delete"
    /// permission).
    HardDelete,
    /// `query` (query jobs).
    Query,
    /// `queryAll` (query jobs, deleted and archived records included).
    QueryAll,
}

impl Operation {
    /// The name Bulk API 2.0 uses in job JSON (`"hardDelete"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Insert => "insert",
            Operation::Update => "update",
            Operation::Upsert => "upsert",
            Operation::Delete => "delete",
            Operation::HardDelete => "hardDelete",
            Operation::Query => "query",
            Operation::QueryAll => "queryAll",
        }
    }
}

/// Where a job is in its life.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobState {
    /// Created; data can be uploaded.
    Open,
    /// Closed by the client; queued for processing.
    UploadComplete,
    /// Salesforce is processing the rows.
    InProgress,
    /// Aborted by the client; nothing more is processed.
    Aborted,
    /// Processed; results can be read.
    JobComplete,
    /// The job failed as a whole (`JobInfo::error_message` says why).
    Failed,
    /// A state this crate does not know, kept as sent.
    #[serde(untagged)]
    Other(String),
}

impl JobState {
    /// Salesforce will not change this job any more.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            JobState::JobComplete | JobState::Failed | JobState::Aborted
        )
    }
}

/// `POST /jobs/ingest` body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateIngestJob<'a> {
    pub object: &'a str,
    pub operation: Operation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id_field_name: Option<&'a str>,
    pub content_type: &'static str,
    pub line_ending: &'static str,
    pub column_delimiter: &'static str,
}

impl<'a> CreateIngestJob<'a> {
    pub fn new(
        object: &'a str,
        operation: Operation,
        external_id_field_name: Option<&'a str>,
    ) -> Self {
        CreateIngestJob {
            object,
            operation,
            external_id_field_name,
            content_type: "CSV",
            line_ending: "LF",
            column_delimiter: "COMMA",
        }
    }
}

/// `POST /jobs/query` body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateQueryJob<'a> {
    pub operation: Operation,
    pub query: &'a str,
    pub content_type: &'static str,
    pub line_ending: &'static str,
    pub column_delimiter: &'static str,
}

/// Job info as returned by create, close and `GET /jobs/{ingest|query}/{id}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobInfo {
    /// The job id (prefix `750`).
    pub id: String,
    /// Where the job is in its life.
    pub state: JobState,
    /// The job's operation.
    #[serde(default)]
    pub operation: Option<Operation>,
    /// The sObject API name (ingest jobs).
    #[serde(default)]
    pub object: Option<String>,
    /// Rows processed so far, failed ones included.
    #[serde(default)]
    pub number_records_processed: Option<u64>,
    /// Rows that failed so far.
    #[serde(default)]
    pub number_records_failed: Option<u64>,
    /// Why a `Failed` job failed.
    #[serde(default)]
    pub error_message: Option<String>,
    /// Relative URL to upload CSV data to (open ingest jobs).
    #[serde(default)]
    pub content_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_real_job_info() {
        // fixtures/real/bulk/applink-wiremock-bulk2-ingest-job-info-v56.json (heroku-applink, BSD-3).
        let body = r#"{"id": "7508Z00000lSXvxQAG","operation": "insert","object": "Account","createdById": "0058Z000007lKMAQA2",
          "createdDate": "2023-01-17T14:20:03.000+0000","systemModstamp": "2023-01-17T14:20:47.000+0000","state": "JobComplete",
          "concurrencyMode": "Parallel","contentType": "CSV","apiVersion": 53,"jobType": "V2Ingest","lineEnding": "LF",
          "columnDelimiter": "COMMA","numberRecordsProcessed": 3,"numberRecordsFailed": 0,"retries": 0,"totalProcessingTime": 374,
          "apiActiveProcessingTime": 283,"apexProcessingTime": 0}"#;
        let info: JobInfo = serde_json::from_str(body).unwrap();
        assert_eq!(info.state, JobState::JobComplete);
        assert!(info.state.is_terminal());
        assert_eq!(info.operation, Some(Operation::Insert));
        assert_eq!(info.number_records_processed, Some(3));
        assert_eq!(info.number_records_failed, Some(0));
        let unknown: JobInfo = serde_json::from_str(r#"{"id":"x","state":"Queued"}"#).unwrap();
        assert_eq!(unknown.state, JobState::Other("Queued".into()));
        assert!(!unknown.state.is_terminal());
    }

    #[test]
    fn create_body_names_the_external_id() {
        let v = serde_json::to_value(CreateIngestJob::new(
            "Contact",
            Operation::Upsert,
            Some("Ext__c"),
        ))
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"object": "Contact", "operation": "upsert", "externalIdFieldName": "Ext__c",
                               "contentType": "CSV", "lineEnding": "LF", "columnDelimiter": "COMMA"})
        );
        let v = serde_json::to_value(CreateIngestJob::new("Contact", Operation::HardDelete, None))
            .unwrap();
        assert_eq!(v["operation"], "hardDelete");
        assert!(v.get("externalIdFieldName").is_none());
    }
}
