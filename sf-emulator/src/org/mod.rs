//! The DML layer: the one place writes are validated against the describe,
//! normalized into canonical JSON and given their system fields. Every HTTP
//! resource that writes (sObject rows, collections, composite, bulk) goes
//! through `Org`, so they all answer with the same error codes.

mod blobs;
mod md5;
mod normalize;
mod shape;
mod validate;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

pub use crate::errors::ApiError;
use crate::journal::{Journal, Sink};
use crate::schema::{ObjectSchema, Schema};
pub use crate::soql::QueryOutput;
use crate::soql::{self, ExecOptions};
use crate::store::{Record, Store};
pub use blobs::{blob_url, BlobRead, BlobWrites, JSON_BLOB_MAX_TEXT};
pub use normalize::{format_datetime, parse_datetime};

/// The emulator's one user: owner and creator of every record unless a
/// write says otherwise. A well-formed id with the User prefix `005`.
pub const EMULATOR_USER_ID: &str = "0055E0000000001QAA";

/// What an upsert did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpsertOutcome {
    /// The record's 18-character id.
    pub id: String,
    /// `true` when the upsert inserted a new record.
    pub created: bool,
}

/// Where the org's idea of "now" comes from.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A fixed instant, for reproducible tests.
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
        }
    }
}

/// A record's state before a write inside a transaction (`None`: it did not exist).
#[derive(Debug, Clone)]
struct Undo {
    object: String,
    id: String,
    before: Option<Record>,
}

/// The emulated org: schema, records and the context writes need.
#[derive(Debug, Clone)]
pub struct Org {
    /// The describe snapshot.
    pub schema: Schema,
    /// All records.
    pub store: Store,
    /// Source of `CreatedDate`/`LastModifiedDate`.
    pub clock: Clock,
    /// The id written into `CreatedById`, `LastModifiedById` and `OwnerId`.
    pub user_id: String,
    /// API version used in `attributes.url` (`66.0`).
    pub api_version: String,
    /// One undo log per open transaction, innermost last.
    undo: Vec<Vec<Undo>>,
    /// Changes not yet in the `--data` journal, if there is one.
    journal: Sink,
    /// Records about to change, for change events (see [`crate::pubsub`]).
    pub changes: crate::pubsub::Journal,
}

impl Org {
    /// An empty org over a schema.
    pub fn new(schema: Schema) -> Self {
        Org {
            schema,
            store: Store::new(),
            clock: Clock::System,
            user_id: EMULATOR_USER_ID.to_owned(),
            api_version: "66.0".to_owned(),
            undo: Vec::new(),
            journal: Sink::default(),
            changes: crate::pubsub::Journal::default(),
        }
    }

    /// Sends every committed change from now on to `journal` (see
    /// [`Org::flush_journal`]).
    pub fn attach_journal(&mut self, journal: Journal) {
        self.journal.attach(journal);
    }

    /// Appends the changes committed since the last call to the journal, if
    /// one is attached; nothing while a transaction is open. The server calls
    /// it whenever it releases the org, so a write is in the journal before
    /// its response goes out; code holding an `Org` of its own calls it
    /// itself. On failure the changes stay pending for the next call.
    pub fn flush_journal(&mut self) -> std::io::Result<()> {
        if !self.undo.is_empty() {
            return Ok(());
        }
        self.journal.flush(&self.store)
    }

    /// Writes every record to the data file `path` atomically, then removes
    /// the journal it makes redundant.
    pub fn compact(&mut self, path: &std::path::Path) -> std::io::Result<()> {
        self.journal.compact(path, &self.store)
    }

    /// Deletes every record for good (the journal records a reset).
    pub fn clear(&mut self) {
        self.store = Store::new();
        self.journal.reset();
    }

    /// The object's describe, or 404 `NOT_FOUND` as for an unknown sObject.
    pub fn object(&self, object: &str) -> Result<std::sync::Arc<ObjectSchema>, ApiError> {
        self.schema
            .object(object)
            .cloned()
            .ok_or_else(ApiError::not_found)
    }

    /// Inserts a record; returns its id. Blob (base64) fields take base64 text.
    pub fn create(
        &mut self,
        object: &str,
        body: &Map<String, Value>,
    ) -> Result<String, Vec<ApiError>> {
        self.insert(object, body, Vec::new())
    }

    fn insert(
        &mut self,
        object: &str,
        body: &Map<String, Value>,
        blobs: BlobWrites,
    ) -> Result<String, Vec<ApiError>> {
        let obj = self.object(object).map_err(|e| vec![e])?;
        let (body, blobs) = blobs::take_from_json(&obj, body, blobs)?;
        let blobs = blobs::check(&obj, blobs, true)?;
        let body = &body;
        if !obj.createable {
            return Err(vec![ApiError::new(
                400,
                "INVALID_TYPE_FOR_OPERATION",
                format!("entity type cannot be inserted: {}", obj.label()),
            )]);
        }
        if obj.name.ends_with("__e") {
            return self.publish_event(&obj.name, body).map(|(id, _)| id);
        }
        let mut fields = validate::write_fields(self, &obj, body, validate::Mode::Create)?;
        validate::apply_defaults(&obj, &mut fields);
        for name in blobs.keys() {
            // Stands for the blob's URL, set once the id is known.
            fields.insert(name.clone(), Value::Bool(true));
        }
        validate::check_required(&obj, &fields)?;
        validate::check_unique(self, &obj, &fields, None)?;
        let id = self.store.next_id(&obj.key_prefix);
        let now = Value::String(format_datetime(self.clock.now()));
        let user = Value::String(self.user_id.clone());
        let mut record = Map::with_capacity(fields.len() + 8);
        record.insert("Id".to_owned(), Value::String(id.clone()));
        for (name, value) in [
            ("IsDeleted", Value::Bool(false)),
            ("CreatedDate", now.clone()),
            ("CreatedById", user.clone()),
            ("LastModifiedDate", now.clone()),
            ("LastModifiedById", user.clone()),
            ("SystemModstamp", now),
        ] {
            if obj.field(name).is_some() {
                record.insert(name.to_owned(), value);
            }
        }
        if obj.field("OwnerId").is_some() && !fields.contains_key("OwnerId") {
            record.insert("OwnerId".to_owned(), user);
        }
        record.extend(fields);
        shape::assign_auto_numbers(&obj, &self.store, &mut record);
        shape::compute_names(&obj, &mut record);
        self.log(&obj.name, &id);
        let mut record = Record::new(obj.name.clone(), record);
        blobs::apply(self, &obj, &mut record, blobs, true);
        self.store.put(record);
        Ok(id)
    }

    /// Publishes a platform event (`Name__e`) inserted like a record, as
    /// Salesforce's data APIs do: the fields are validated like a create's,
    /// nothing is stored (events are not queryable), and the event reaches
    /// the bus when the org's lock is released. Returns the `Id` Salesforce
    /// answers with (not part of the event) and the event's UUID.
    pub fn publish_event(
        &mut self,
        object: &str,
        body: &Map<String, Value>,
    ) -> Result<(String, String), Vec<ApiError>> {
        let obj = self.object(object).map_err(|e| vec![e])?;
        let mut fields = validate::write_fields(self, &obj, body, validate::Mode::Create)?;
        validate::apply_defaults(&obj, &mut fields);
        validate::check_required(&obj, &fields)?;
        let id = self.store.next_id(&obj.key_prefix);
        let uuid = self.changes.publish(&obj.name, fields);
        Ok((id, uuid))
    }

    /// Restores a record (and the children its delete cascaded to) from the
    /// recycle bin. Salesforce offers this as the SOAP `undelete()` call and
    /// Apex `undelete`; its REST API has no such resource, so the emulator
    /// exposes it in process and as `POST /__emulator/undelete`.
    /// `UNDELETE_FAILED` when the record is live or gone for good.
    pub fn undelete(&mut self, object: &str, id: &str) -> Result<(), Vec<ApiError>> {
        let obj = self.object(object).map_err(|e| vec![e])?;
        let id18 = self.parse_id(&obj, id).map_err(|e| vec![e])?;
        if !self.store.get(&obj.name, &id18).is_some_and(|r| r.deleted) {
            return Err(vec![ApiError::new(
                400,
                "UNDELETE_FAILED",
                "Entity is not in the recycle bin",
            )]);
        }
        self.restore(&obj, &id18);
        Ok(())
    }

    fn restore(&mut self, obj: &ObjectSchema, id: &str) {
        let now = Value::String(format_datetime(self.clock.now()));
        self.log(&obj.name, id);
        if let Some(r) = self.store.get_mut(&obj.name, id) {
            r.deleted = false;
            r.fields.insert("IsDeleted".to_owned(), Value::Bool(false));
            r.fields.insert("SystemModstamp".to_owned(), now);
        }
        for rel in obj.child_relationships.iter().filter(|c| c.cascade_delete) {
            let Some(child) = self.schema.object(&rel.child_sobject).cloned() else {
                continue;
            };
            let children: Vec<String> = self
                .store
                .scan(&child.name)
                .filter(|r| r.deleted && r.get(&rel.field).as_str() == Some(id))
                .map(|r| r.id().to_owned())
                .collect();
            for c in children {
                self.restore(&child, &c);
            }
        }
    }

    /// Updates fields of a live record. Blob (base64) fields take base64 text.
    pub fn update(
        &mut self,
        object: &str,
        id: &str,
        body: &Map<String, Value>,
    ) -> Result<(), Vec<ApiError>> {
        self.modify(object, id, body, Vec::new())
    }

    fn modify(
        &mut self,
        object: &str,
        id: &str,
        body: &Map<String, Value>,
        blobs: BlobWrites,
    ) -> Result<(), Vec<ApiError>> {
        let obj = self.object(object).map_err(|e| vec![e])?;
        let id = self.live_id(&obj, id).map_err(|e| vec![e])?;
        let (body, blobs) = blobs::take_from_json(&obj, body, blobs)?;
        let blobs = blobs::check(&obj, blobs, false)?;
        let body = &body;
        let fields = validate::write_fields(self, &obj, body, validate::Mode::Update)?;
        validate::check_unique(self, &obj, &fields, Some(&id))?;
        let now = Value::String(format_datetime(self.clock.now()));
        let user = Value::String(self.user_id.clone());
        self.log(&obj.name, &id);
        let mut record = self
            .store
            .remove(&obj.name, &id)
            .expect("live_id checked the record exists");
        for name in fields.keys() {
            // A blob field set to null loses its bytes.
            record.blobs.remove(name);
        }
        record.fields.extend(fields);
        blobs::apply(self, &obj, &mut record, blobs, false);
        for (name, value) in [
            ("LastModifiedDate", now.clone()),
            ("LastModifiedById", user),
            ("SystemModstamp", now),
        ] {
            if obj.field(name).is_some() {
                record.fields.insert(name.to_owned(), value);
            }
        }
        shape::compute_names(&obj, &mut record.fields);
        self.store.put(record);
        Ok(())
    }

    /// Inserts or updates the record whose `ext_field` equals `ext_value`.
    /// More than one match is an error with status 300, code `MULTIPLE_CHOICES`
    /// and the matching ids in `fields` (the HTTP layer answers their URLs).
    pub fn upsert(
        &mut self,
        object: &str,
        ext_field: &str,
        ext_value: &str,
        body: &Map<String, Value>,
    ) -> Result<UpsertOutcome, Vec<ApiError>> {
        let obj = self.object(object).map_err(|e| vec![e])?;
        let matches = self
            .find_by_external_id(&obj.name, ext_field, ext_value)
            .map_err(|e| vec![e])?;
        let field = obj
            .field(ext_field)
            .expect("find_by_external_id checked the field");
        let by_id = field.name == "Id";
        match matches.as_slice() {
            [] => {
                let mut body = body.clone();
                if !by_id {
                    body.insert(field.name.clone(), Value::String(ext_value.to_owned()));
                }
                body.retain(|k, _| !k.eq_ignore_ascii_case("Id"));
                let id = self.create(&obj.name, &body)?;
                Ok(UpsertOutcome { id, created: true })
            }
            [id] => {
                let mut body = body.clone();
                body.retain(|k, _| !k.eq_ignore_ascii_case("Id"));
                self.update(&obj.name, id, &body)?;
                Ok(UpsertOutcome {
                    id: id.clone(),
                    created: false,
                })
            }
            many => Err(vec![ApiError {
                status: 300,
                error_code: "MULTIPLE_CHOICES".to_owned(),
                message: format!(
                    "The value for the external id field {} matches more than one record",
                    field.name
                ),
                fields: many.to_vec(),
            }]),
        }
    }

    /// Ids of the live records whose `ext_field` (an external id, id-lookup
    /// field or `Id`) equals `value`; 404 `NOT_FOUND` when the field cannot
    /// identify records.
    pub fn find_by_external_id(
        &self,
        object: &str,
        ext_field: &str,
        value: &str,
    ) -> Result<Vec<String>, ApiError> {
        let obj = self.object(object)?;
        let not_found = || {
            ApiError::new(
                404,
                "NOT_FOUND",
                format!(
                    "Provided external ID field does not exist or is not accessible: {ext_field}"
                ),
            )
        };
        let field = obj.field(ext_field).ok_or_else(not_found)?;
        if field.name == "Id" {
            return match crate::ids::to18(value) {
                Some(id) if self.store.get(&obj.name, &id).is_some_and(|r| !r.deleted) => {
                    Ok(vec![id])
                }
                _ if value.is_empty() => Ok(Vec::new()),
                Some(_) => Ok(Vec::new()),
                None => Err(ApiError::malformed_id("Record ID", value, "Id")),
            };
        }
        if !field.external_id && !field.id_lookup {
            return Err(not_found());
        }
        let sensitive = field.case_sensitive;
        Ok(self
            .store
            .live(&obj.name)
            .filter(|r| match r.get(&field.name) {
                Value::String(s) if sensitive => s == value,
                Value::String(s) => s.eq_ignore_ascii_case(value),
                Value::Number(n) => n.to_string() == value,
                _ => false,
            })
            .map(|r| r.id().to_owned())
            .collect())
    }

    /// Moves a live record (and its cascade-delete children) to the recycle bin.
    pub fn delete(&mut self, object: &str, id: &str) -> Result<(), Vec<ApiError>> {
        let obj = self.object(object).map_err(|e| vec![e])?;
        let id = self.live_id(&obj, id).map_err(|e| vec![e])?;
        self.soft_delete(&obj, &id);
        Ok(())
    }

    /// Deletes a live record past the recycle bin: not even `queryAll` sees
    /// it (Bulk API `hardDelete`). Cascade-deleted children stay in the bin.
    pub fn hard_delete(&mut self, object: &str, id: &str) -> Result<String, Vec<ApiError>> {
        let obj = self.object(object).map_err(|e| vec![e])?;
        let id = self.live_id(&obj, id).map_err(|e| vec![e])?;
        self.soft_delete(&obj, &id);
        self.log(&obj.name, &id);
        self.store.remove(&obj.name, &id);
        Ok(id)
    }

    fn soft_delete(&mut self, obj: &ObjectSchema, id: &str) {
        let now = Value::String(format_datetime(self.clock.now()));
        self.log(&obj.name, id);
        if let Some(r) = self.store.get_mut(&obj.name, id) {
            r.deleted = true;
            r.fields.insert("IsDeleted".to_owned(), Value::Bool(true));
            r.fields.insert("SystemModstamp".to_owned(), now);
        }
        for rel in obj.child_relationships.iter().filter(|c| c.cascade_delete) {
            let Some(child) = self.schema.object(&rel.child_sobject).cloned() else {
                continue;
            };
            let children: Vec<String> = self
                .store
                .live(&child.name)
                .filter(|r| r.get(&rel.field).as_str() == Some(id))
                .map(|r| r.id().to_owned())
                .collect();
            for c in children {
                self.soft_delete(&child, &c);
            }
        }
    }

    /// A record in Salesforce's JSON shape (`attributes` first, then fields in
    /// describe order), or only the `fields` asked for.
    pub fn retrieve(
        &self,
        object: &str,
        id: &str,
        fields: Option<&[String]>,
    ) -> Result<Value, Vec<ApiError>> {
        let obj = self.object(object).map_err(|e| vec![e])?;
        let id18 = self.parse_id(&obj, id).map_err(|e| vec![e])?;
        let record = match self.store.get(&obj.name, &id18) {
            Some(r) if !r.deleted => r,
            _ => return Err(vec![ApiError::not_found()]),
        };
        shape::record_json(&obj, record, fields, &self.api_version).map_err(|e| vec![e])
    }

    /// Runs SOQL over the store (`include_deleted` for `queryAll`).
    pub fn query(&self, soql: &str, include_deleted: bool) -> Result<QueryOutput, ApiError> {
        let opts = ExecOptions {
            include_deleted,
            now: self.clock.now(),
            api_version: self.api_version.clone(),
        };
        soql::execute(&self.schema, &self.store, soql, &opts)
            .map_err(|e| ApiError::new(400, e.code, e.message))
    }

    /// Runs `f`; if it returns `Err`, every write it made is undone.
    pub fn transaction<T, E>(&mut self, f: impl FnOnce(&mut Org) -> Result<T, E>) -> Result<T, E> {
        self.undo.push(Vec::new());
        let mark = self.journal.mark();
        let result = f(self);
        let log = self.undo.pop().unwrap_or_default();
        match &result {
            Ok(_) => {
                if let Some(outer) = self.undo.last_mut() {
                    outer.extend(log);
                }
            }
            Err(_) => {
                self.journal.rollback_to(mark);
                for u in log.into_iter().rev() {
                    match u.before {
                        Some(r) => self.store.put(r),
                        None => {
                            self.store.remove(&u.object, &u.id);
                        }
                    }
                }
            }
        }
        result
    }

    /// [`log`](Self::log) for the submodules.
    pub(crate) fn note_write(&mut self, object: &str, id: &str) {
        self.log(object, id);
    }

    /// Notes a record about to change: for the journal, and its state for
    /// the undo log if a transaction is open.
    fn log(&mut self, object: &str, id: &str) {
        self.changes.note(object, id, self.store.get(object, id));
        self.journal.changed(object, id);
        if let Some(log) = self.undo.last_mut() {
            log.push(Undo {
                object: object.to_owned(),
                id: id.to_owned(),
                before: self.store.get(object, id).cloned(),
            });
        }
    }

    /// Normalizes an id from a URL for `obj`: 404 when it is not an id at all,
    /// 400 `MALFORMED_ID` when it is another object's id.
    fn parse_id(&self, obj: &ObjectSchema, id: &str) -> Result<String, ApiError> {
        let id18 = crate::ids::to18(id).ok_or_else(|| {
            ApiError::new(
                404,
                "NOT_FOUND",
                format!("Provided external ID field does not exist or is not accessible: {id}"),
            )
        })?;
        if !id18.starts_with(&obj.key_prefix) {
            return Err(ApiError::malformed_id("Record ID", id, "Id"));
        }
        Ok(id18)
    }

    /// The 18-character id of a live record, or the error for a write to it.
    fn live_id(&self, obj: &ObjectSchema, id: &str) -> Result<String, ApiError> {
        let id18 = self.parse_id(obj, id)?;
        match self.store.get(&obj.name, &id18) {
            None => Err(ApiError::not_found()),
            Some(r) if r.deleted => {
                Err(ApiError::new(404, "ENTITY_IS_DELETED", "entity is deleted"))
            }
            Some(_) => Ok(id18),
        }
    }
}
