//! In-memory record storage. Records are JSON maps keyed by field API name
//! with the describe's casing; validation, system fields and DML semantics
//! live above this layer (see `org`), so the store stays a plain container
//! that the SOQL engine can scan.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids;

/// A record's fields, keyed by API name (describe casing). Always holds `Id`.
pub type Fields = Map<String, Value>;

/// One stored record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    /// The object's API name (describe casing).
    pub object: String,
    /// Field values; absent keys are null.
    pub fields: Fields,
    /// In the recycle bin: visible to `queryAll` only.
    #[serde(default)]
    pub deleted: bool,
    /// The bytes of the record's blob (base64) fields, by field name (describe
    /// casing); `fields` holds the blob's URL there, as Salesforce returns it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub blobs: BTreeMap<String, Blob>,
}

/// The bytes of one blob field. Held once and shared (`Bytes`): a record copied
/// into an undo log, a change event or a response does not copy the file. The
/// data file and the journal hold it as base64 text, the form Salesforce's JSON
/// API uses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Blob(pub bytes::Bytes);

impl Serialize for Blob {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64::Engine as _;
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use base64::Engine as _;
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(|b| Blob(b.into()))
            .map_err(serde::de::Error::custom)
    }
}

impl Record {
    /// A live record without blobs.
    pub fn new(object: impl Into<String>, fields: Fields) -> Self {
        Record {
            object: object.into(),
            fields,
            deleted: false,
            blobs: BTreeMap::new(),
        }
    }

    /// The 18-character id.
    pub fn id(&self) -> &str {
        self.fields.get("Id").and_then(Value::as_str).unwrap_or("")
    }

    /// A field value by exact API name; `Null` when unset.
    pub fn get(&self, field: &str) -> &Value {
        self.fields.get(field).unwrap_or(&Value::Null)
    }
}

/// All records of all objects, plus the id counters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Store {
    /// Object name (lower case) → id → record; ids sort in creation order.
    tables: BTreeMap<String, BTreeMap<String, Record>>,
    /// Key prefix → last counter used.
    counters: HashMap<String, u64>,
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fresh id for an object with the given key prefix.
    pub fn next_id(&mut self, key_prefix: &str) -> String {
        let n = self.counters.entry(key_prefix.to_owned()).or_insert(0);
        *n += 1;
        ids::generate(key_prefix, *n)
    }

    /// Raises the id counter past `id` when the emulator made it, so that a
    /// record restored from the journal never gets its id handed out again.
    pub fn note_id(&mut self, id: &str) {
        if let Some((prefix, n)) = ids::counter(id) {
            let last = self.counters.entry(prefix.to_owned()).or_insert(0);
            *last = (*last).max(n);
        }
    }

    /// Inserts or replaces a record (keyed by its `Id`).
    pub fn put(&mut self, record: Record) {
        let table = self
            .tables
            .entry(record.object.to_ascii_lowercase())
            .or_default();
        table.insert(record.id().to_owned(), record);
    }

    /// A record by object and 18-character id, deleted or not.
    pub fn get(&self, object: &str, id: &str) -> Option<&Record> {
        self.tables.get(&object.to_ascii_lowercase())?.get(id)
    }

    /// Mutable access to a record.
    pub fn get_mut(&mut self, object: &str, id: &str) -> Option<&mut Record> {
        self.tables
            .get_mut(&object.to_ascii_lowercase())?
            .get_mut(id)
    }

    /// Finds a record by id alone, whatever its object.
    pub fn find(&self, id: &str) -> Option<&Record> {
        self.tables.values().find_map(|t| t.get(id))
    }

    /// Removes a record for good (hard delete, or rollback of a create).
    pub fn remove(&mut self, object: &str, id: &str) -> Option<Record> {
        self.tables
            .get_mut(&object.to_ascii_lowercase())?
            .remove(id)
    }

    /// Every record of an object in creation order, including deleted ones.
    pub fn scan<'a>(&'a self, object: &str) -> impl Iterator<Item = &'a Record> + 'a {
        self.tables
            .get(&object.to_ascii_lowercase())
            .into_iter()
            .flat_map(|t| t.values())
    }

    /// Live (not deleted) records of an object.
    pub fn live<'a>(&'a self, object: &str) -> impl Iterator<Item = &'a Record> + 'a {
        self.scan(object).filter(|r| !r.deleted)
    }

    /// Number of live records of an object.
    pub fn count(&self, object: &str) -> usize {
        self.live(object).count()
    }
}
