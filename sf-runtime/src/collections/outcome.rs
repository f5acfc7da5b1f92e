//! Per-record outcomes shared by sObject Collections and Bulk API 2.0: every input
//! record ends as exactly one [`RecordOutcome`], keyed by its index in the input, so a
//! caller can always tell which record failed and why.

use serde::{Deserialize, Serialize};

use crate::types::Id;

/// One Salesforce error about one record: `{statusCode|errorCode, message, fields}`.
///
/// Collections answer with `statusCode`, Composite with `errorCode`, Bulk with a
/// `CODE:message:fields` string; all three land here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordError {
    /// Salesforce's code (`REQUIRED_FIELD_MISSING`, `DUPLICATE_VALUE`, …) or one of
    /// ours for failures outside a record (`TRANSPORT_ERROR`, `NOT_PROCESSED`, …).
    #[serde(rename = "statusCode", alias = "errorCode", default)]
    pub code: String,
    /// Human-readable explanation.
    #[serde(default)]
    pub message: String,
    /// API names of the fields the error is about (may be empty).
    #[serde(default)]
    pub fields: Vec<String>,
}

impl RecordError {
    /// An error with no fields.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        RecordError {
            code: code.into(),
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// Sets the fields the error is about.
    pub fn with_fields(mut self, fields: Vec<String>) -> Self {
        self.fields = fields;
        self
    }
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if !self.fields.is_empty() {
            write!(f, " (fields: {})", self.fields.join(", "))?;
        }
        Ok(())
    }
}

/// What happened to one record.
pub enum Outcome<T> {
    /// Written (or deleted). `id` is the record id when the API returns one; `created`
    /// is known for upserts (and Bulk inserts), `None` otherwise.
    Succeeded {
        /// The record's id, when the API returned one.
        id: Option<Id<T>>,
        /// `Some(true)` when an upsert (or Bulk insert) created the record,
        /// `Some(false)` when it updated one, `None` when not reported.
        created: Option<bool>,
    },
    /// Not written, with every reason Salesforce (or the transport) gave.
    Failed {
        /// At least one error.
        errors: Vec<RecordError>,
    },
}

/// The outcome of the record at `index` in the caller's input.
pub struct RecordOutcome<T> {
    /// Position of the record in the input slice.
    pub index: usize,
    /// What happened to it.
    pub outcome: Outcome<T>,
}

impl<T> RecordOutcome<T> {
    /// A success for the record at `index`.
    pub fn succeeded(index: usize, id: Option<Id<T>>, created: Option<bool>) -> Self {
        RecordOutcome {
            index,
            outcome: Outcome::Succeeded { id, created },
        }
    }

    /// A failure for the record at `index`.
    pub fn failed(index: usize, errors: Vec<RecordError>) -> Self {
        RecordOutcome {
            index,
            outcome: Outcome::Failed { errors },
        }
    }

    /// Whether the record was written.
    pub fn is_success(&self) -> bool {
        matches!(self.outcome, Outcome::Succeeded { .. })
    }

    /// The record id of a success (when the API returned one); `None` for a failure.
    pub fn id(&self) -> Option<Id<T>> {
        match &self.outcome {
            Outcome::Succeeded { id, .. } => *id,
            Outcome::Failed { .. } => None,
        }
    }

    /// The errors of a failure; empty for a success.
    pub fn errors(&self) -> &[RecordError] {
        match &self.outcome {
            Outcome::Failed { errors } => errors,
            Outcome::Succeeded { .. } => &[],
        }
    }
}

/// Which API carried the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Path {
    /// sObject Collections (`/composite/sobjects`), up to 200 records a call.
    Collections,
    /// Bulk API 2.0 ingest jobs.
    Bulk,
}

/// The result of a many-records write: one outcome per input record, in input order,
/// and how many API calls it cost.
///
/// ```
/// use sf_runtime::collections::{Path, RecordError, RecordOutcome, WriteReport};
/// use sf_runtime::types::{Any, Id};
///
/// let missing_name =
///     RecordError::new("REQUIRED_FIELD_MISSING", "Required fields are missing: [Name]")
///         .with_fields(vec!["Name".into()]);
/// let report: WriteReport<Any> = WriteReport {
///     outcomes: vec![
///         RecordOutcome::succeeded(0, Some(Id::parse("001A000000df63xIAA").unwrap()), None),
///         RecordOutcome::failed(1, vec![missing_name]),
///     ],
///     api_calls: 1,
///     polls: 0,
///     path: Path::Collections,
///     job_ids: vec![],
/// };
/// assert_eq!((report.success_count(), report.failure_count()), (1, 1));
/// for failed in report.failed() {
///     // `index` points back into the input slice.
///     assert_eq!(failed.index, 1);
///     assert_eq!(
///         failed.errors()[0].to_string(),
///         "REQUIRED_FIELD_MISSING: Required fields are missing: [Name] (fields: Name)"
///     );
/// }
/// assert_eq!(report.ids()[0].unwrap().as_str(), "001A000000df63xIAA");
/// ```
pub struct WriteReport<T> {
    /// `outcomes[i].index == i` for every `i`.
    pub outcomes: Vec<RecordOutcome<T>>,
    /// HTTP requests sent to Salesforce, retries included: what the daily limit is charged.
    pub api_calls: u64,
    /// Of `api_calls`, how many were Bulk job status polls (0 for Collections): the
    /// only calls whose number depends on how long Salesforce takes.
    pub polls: u64,
    /// Which API carried the records.
    pub path: Path,
    /// Bulk job ids, one per uploaded part (empty string for a part that never got a
    /// job; no entries for Collections); kept so an interrupted load can be resumed.
    pub job_ids: Vec<String>,
}

impl<T> WriteReport<T> {
    /// Number of outcomes (= number of input records).
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    /// Whether there were no input records.
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }

    /// The outcomes of records that were written.
    pub fn succeeded(&self) -> impl Iterator<Item = &RecordOutcome<T>> {
        self.outcomes.iter().filter(|o| o.is_success())
    }

    /// The outcomes of records that were not written.
    pub fn failed(&self) -> impl Iterator<Item = &RecordOutcome<T>> {
        self.outcomes.iter().filter(|o| !o.is_success())
    }

    /// How many records were written.
    pub fn success_count(&self) -> usize {
        self.succeeded().count()
    }

    /// How many records were not written.
    pub fn failure_count(&self) -> usize {
        self.outcomes.len() - self.success_count()
    }

    /// Whether every record was written (true for an empty input).
    pub fn all_succeeded(&self) -> bool {
        self.outcomes.iter().all(|o| o.is_success())
    }

    /// The id of each input record, `None` where it failed.
    pub fn ids(&self) -> Vec<Option<Id<T>>> {
        self.outcomes.iter().map(|o| o.id()).collect()
    }
}

// Manual impls: `T` is only a marker (the sObject type of the ids), so none of these
// should require anything of it, as derives would.

impl<T> Clone for Outcome<T> {
    fn clone(&self) -> Self {
        match self {
            Outcome::Succeeded { id, created } => Outcome::Succeeded {
                id: *id,
                created: *created,
            },
            Outcome::Failed { errors } => Outcome::Failed {
                errors: errors.clone(),
            },
        }
    }
}

impl<T> PartialEq for Outcome<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (
                Outcome::Succeeded { id: a, created: c },
                Outcome::Succeeded { id: b, created: d },
            ) => a == b && c == d,
            (Outcome::Failed { errors: a }, Outcome::Failed { errors: b }) => a == b,
            _ => false,
        }
    }
}

impl<T> Eq for Outcome<T> {}

impl<T> std::fmt::Debug for Outcome<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Succeeded { id, created } => f
                .debug_struct("Succeeded")
                .field("id", &id.as_ref().map(|i| i.as_str()))
                .field("created", created)
                .finish(),
            Outcome::Failed { errors } => f.debug_struct("Failed").field("errors", errors).finish(),
        }
    }
}

impl<T> Clone for RecordOutcome<T> {
    fn clone(&self) -> Self {
        RecordOutcome {
            index: self.index,
            outcome: self.outcome.clone(),
        }
    }
}

impl<T> PartialEq for RecordOutcome<T> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && self.outcome == other.outcome
    }
}

impl<T> Eq for RecordOutcome<T> {}

impl<T> std::fmt::Debug for RecordOutcome<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordOutcome")
            .field("index", &self.index)
            .field("outcome", &self.outcome)
            .finish()
    }
}

impl<T> Clone for WriteReport<T> {
    fn clone(&self) -> Self {
        WriteReport {
            outcomes: self.outcomes.clone(),
            api_calls: self.api_calls,
            polls: self.polls,
            path: self.path,
            job_ids: self.job_ids.clone(),
        }
    }
}

impl<T> std::fmt::Debug for WriteReport<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteReport")
            .field("records", &self.outcomes.len())
            .field("failed", &self.failure_count())
            .field("api_calls", &self.api_calls)
            .field("polls", &self.polls)
            .field("path", &self.path)
            .field("job_ids", &self.job_ids)
            .field("outcomes", &self.outcomes)
            .finish()
    }
}
