//! What an ingest job loads: typed records or CSV, already turned into a table of
//! cells, plus the records that failed before any call (no id, no external id).

use serde_json::{Map, Value};

use super::csv_read::CsvRows;
use super::csv_write::CsvTable;
use super::job::Operation;
use crate::collections::bodies::{update_body, upsert_body};
use crate::collections::RecordError;
use crate::model::{Field, SObject, UpsertKey, WriteMode};
use crate::types::{Any, Id};

/// The rows of one ingest and how they map back to the caller's input.
#[derive(Debug, Clone)]
pub struct IngestInput<T = Any> {
    pub(crate) object: String,
    pub(crate) operation: Operation,
    pub(crate) external_id: Option<String>,
    pub(crate) table: CsvTable,
    /// `rows[k]` of the table is input record `input_index[k]`.
    pub(crate) input_index: Vec<usize>,
    /// Input records that failed before upload.
    pub(crate) rejected: Vec<(usize, RecordError)>,
    pub(crate) total: usize,
    _marker: std::marker::PhantomData<fn() -> T>,
}

impl<T> IngestInput<T> {
    fn from_bodies(
        object: &str,
        operation: Operation,
        external_id: Option<&str>,
        bodies: Vec<Result<Map<String, Value>, RecordError>>,
    ) -> Self {
        let total = bodies.len();
        let mut ok = Vec::with_capacity(total);
        let mut input_index = Vec::with_capacity(total);
        let mut rejected = Vec::new();
        for (i, b) in bodies.into_iter().enumerate() {
            match b {
                Ok(m) => {
                    ok.push(m);
                    input_index.push(i);
                }
                Err(e) => rejected.push((i, e)),
            }
        }
        IngestInput {
            object: object.to_owned(),
            operation,
            external_id: external_id.map(str::to_owned),
            table: CsvTable::from_records(&ok),
            input_index,
            rejected,
            total,
            _marker: std::marker::PhantomData,
        }
    }

    /// The operation's key column for matching results: `Id` or the external id.
    pub(crate) fn key_column(&self) -> Option<&str> {
        match self.operation {
            Operation::Update | Operation::Delete | Operation::HardDelete => Some("Id"),
            Operation::Upsert => self.external_id.as_deref(),
            _ => None,
        }
    }

    /// Number of input records.
    pub fn len(&self) -> usize {
        self.total
    }

    /// Whether there are no input records.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The CSV table that will be uploaded.
    pub fn table(&self) -> &CsvTable {
        &self.table
    }

    /// The ingest operation the rows are for.
    pub fn operation(&self) -> Operation {
        self.operation
    }
}

impl<T: SObject> IngestInput<T> {
    /// Insert: the createable fields of each record.
    pub fn insert(records: &[T]) -> Self {
        let bodies = records
            .iter()
            .map(|r| Ok(r.to_write_json(WriteMode::Create)))
            .collect();
        Self::from_bodies(T::API_NAME, Operation::Insert, None, bodies)
    }

    /// Update by id: the updateable fields plus `Id`; records without an id are rejected.
    pub fn update(records: &[T]) -> Self {
        let bodies = records.iter().map(update_body).collect();
        Self::from_bodies(T::API_NAME, Operation::Update, None, bodies)
    }

    /// Upsert by the external-id field `key`; records without a value for it are rejected.
    pub fn upsert<F: Field<Object = T> + UpsertKey>(key: F, records: &[T]) -> Self {
        let _ = key;
        let name = F::API_NAME;
        let bodies = records.iter().map(|r| upsert_body(name, r)).collect();
        Self::from_bodies(T::API_NAME, Operation::Upsert, Some(name), bodies)
    }

    /// Delete (to the recycle bin) by id.
    pub fn delete(ids: &[Id<T>]) -> Self {
        Self::ids(T::API_NAME, Operation::Delete, ids)
    }

    /// Delete permanently by id (needs the "Bulk API Hard Delete" permission).
    pub fn hard_delete(ids: &[Id<T>]) -> Self {
        Self::ids(T::API_NAME, Operation::HardDelete, ids)
    }

    fn ids(object: &str, operation: Operation, ids: &[Id<T>]) -> Self {
        let bodies = ids
            .iter()
            .map(|id| {
                let mut m = Map::new();
                m.insert("Id".into(), Value::String(id.as_str().to_owned()));
                Ok(m)
            })
            .collect();
        Self::from_bodies(object, operation, None, bodies)
    }
}

impl IngestInput<Any> {
    /// CSV the caller already has (header line first, comma-delimited). Cells are sent
    /// as they are; outcomes are indexed by data row (0 = the first line after the header).
    pub fn csv(
        object: &str,
        operation: Operation,
        external_id: Option<&str>,
        csv: &[u8],
    ) -> Result<Self, csv::Error> {
        let rows = CsvRows::parse(csv)?;
        let total = rows.rows.len();
        Ok(IngestInput {
            object: object.to_owned(),
            operation,
            external_id: external_id.map(str::to_owned),
            table: CsvTable {
                header: rows.header,
                rows: rows.rows,
            },
            input_index: (0..total).collect(),
            rejected: Vec::new(),
            total,
            _marker: std::marker::PhantomData,
        })
    }
}
