//! The emulator's view of a schema snapshot: the raw describe JSON of each object
//! (served back verbatim) plus the few facts the engine needs, indexed for
//! case-insensitive lookup the way Salesforce resolves API names.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use sf_describe::{ChildRelationshipDescribe, FieldDescribe, GlobalDescribe, SObjectDescribe};

/// Why a schema snapshot could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The directory or a file in it could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not valid JSON, or not a describe.
    #[error("{path}: {message}")]
    Invalid {
        /// The offending file.
        path: PathBuf,
        /// What is wrong, naming the JSON path where it can.
        message: String,
    },
}

/// A loaded schema snapshot: every object describe, keyed case-insensitively.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    objects: BTreeMap<String, Arc<ObjectSchema>>,
    by_prefix: HashMap<String, String>,
    global: Option<GlobalDescribe>,
}

/// One sObject: its describe (typed, in the model the whole toolkit shares, and
/// raw, served back verbatim so that keys the model does not know reach clients),
/// with indexes over its fields and relationships.
///
/// It dereferences to the typed [`SObjectDescribe`]: `obj.fields`, `obj.createable`.
#[derive(Debug, Clone)]
pub struct ObjectSchema {
    /// The three-character id prefix (`001`); synthesized when the describe has none.
    pub key_prefix: String,
    /// The describe exactly as loaded.
    pub raw: Value,
    /// When the describe was loaded: what `If-Modified-Since` is judged against.
    pub loaded_at: std::time::SystemTime,
    describe: SObjectDescribe,
    field_index: HashMap<String, usize>,
    parent_index: HashMap<String, usize>,
    child_index: HashMap<String, usize>,
}

impl std::ops::Deref for ObjectSchema {
    type Target = SObjectDescribe;

    fn deref(&self) -> &SObjectDescribe {
        &self.describe
    }
}

impl Schema {
    /// Loads every `*.json` in `dir`. Object describes (raw, or wrapped under
    /// `result` as `sf sobject describe --json` prints them) become objects; a
    /// global describe (`sobjects` array) is kept for `GET /sobjects`.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Self, SchemaError> {
        let dir = dir.as_ref();
        let io = |source| SchemaError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        let mut schema = Schema::default();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|source| SchemaError::Io {
                path: path.clone(),
                source,
            })?;
            let value: Value = serde_json::from_str(&text).map_err(|e| SchemaError::Invalid {
                path: path.clone(),
                message: format!(
                    "invalid JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            })?;
            schema
                .add_value(value)
                .map_err(|message| SchemaError::Invalid { path, message })?;
        }
        Ok(schema)
    }

    /// Builds a schema from describe values already in memory.
    pub fn from_describes(describes: impl IntoIterator<Item = Value>) -> Result<Self, String> {
        let mut schema = Schema::default();
        for d in describes {
            schema.add_value(d)?;
        }
        Ok(schema)
    }

    fn add_value(&mut self, value: Value) -> Result<(), String> {
        let value = match value {
            Value::Object(mut m) if m.contains_key("result") && !m.contains_key("fields") => {
                m.remove("result").unwrap_or(Value::Null)
            }
            v => v,
        };
        if value.get("sobjects").is_some() && value.get("fields").is_none() {
            let global = serde_path_to_error::deserialize(&value)
                .map_err(|e| format!("global describe: {}: {}", e.path(), e.inner()))?;
            self.global = Some(global);
            return Ok(());
        }
        let object = ObjectSchema::from_describe(value)?;
        self.insert(object);
        Ok(())
    }

    /// Adds (or replaces) one object.
    pub fn insert(&mut self, object: ObjectSchema) {
        self.by_prefix
            .insert(object.key_prefix.clone(), object.name.clone());
        self.objects
            .insert(object.name.to_ascii_lowercase(), Arc::new(object));
    }

    /// Looks an object up by API name, case-insensitively.
    pub fn object(&self, name: &str) -> Option<&Arc<ObjectSchema>> {
        self.objects.get(&name.to_ascii_lowercase())
    }

    /// Finds the object whose records have ids starting with `prefix`.
    pub fn object_by_prefix(&self, prefix: &str) -> Option<&Arc<ObjectSchema>> {
        self.by_prefix.get(prefix).and_then(|n| self.object(n))
    }

    /// Every object, ordered by lower-cased API name.
    pub fn objects(&self) -> impl Iterator<Item = &Arc<ObjectSchema>> {
        self.objects.values()
    }

    /// The global describe, when the snapshot holds one.
    pub fn global(&self) -> Option<&GlobalDescribe> {
        self.global.as_ref()
    }
}

impl ObjectSchema {
    /// Reads one describe into the model; the error names the JSON path of the
    /// first problem.
    pub fn from_describe(raw: Value) -> Result<Self, String> {
        let describe: SObjectDescribe = serde_path_to_error::deserialize(&raw).map_err(|e| {
            let name = raw
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("an object");
            match e.path().to_string().as_str() {
                "." => format!("not an object describe: {}", e.inner()),
                path => format!("describe of {name}: {path}: {}", e.inner()),
            }
        })?;
        let key_prefix = describe
            .key_prefix
            .clone()
            .unwrap_or_else(|| synth_prefix(&describe.name));
        let mut object = ObjectSchema {
            key_prefix,
            raw,
            loaded_at: std::time::SystemTime::now(),
            describe,
            field_index: HashMap::new(),
            parent_index: HashMap::new(),
            child_index: HashMap::new(),
        };
        object.reindex();
        Ok(object)
    }

    fn reindex(&mut self) {
        self.field_index.clear();
        self.parent_index.clear();
        self.child_index.clear();
        for (i, f) in self.describe.fields.iter().enumerate() {
            self.field_index.insert(f.name.to_ascii_lowercase(), i);
            if let Some(rel) = &f.relationship_name {
                self.parent_index.insert(rel.to_ascii_lowercase(), i);
            }
        }
        for (i, c) in self.describe.child_relationships.iter().enumerate() {
            if let Some(rel) = &c.relationship_name {
                self.child_index.insert(rel.to_ascii_lowercase(), i);
            }
        }
    }

    /// The typed describe.
    pub fn describe(&self) -> &SObjectDescribe {
        &self.describe
    }

    /// A field by API name, case-insensitively.
    pub fn field(&self, name: &str) -> Option<&FieldDescribe> {
        self.field_index
            .get(&name.to_ascii_lowercase())
            .map(|&i| &self.describe.fields[i])
    }

    /// The lookup field behind a parent relationship name (`Account` → `AccountId`).
    pub fn parent_relationship(&self, relationship: &str) -> Option<&FieldDescribe> {
        self.parent_index
            .get(&relationship.to_ascii_lowercase())
            .map(|&i| &self.describe.fields[i])
    }

    /// A child relationship by name (`Contacts`), case-insensitively.
    pub fn child_relationship(&self, relationship: &str) -> Option<&ChildRelationshipDescribe> {
        self.child_index
            .get(&relationship.to_ascii_lowercase())
            .map(|&i| &self.describe.child_relationships[i])
    }

    /// The describe's `label` (falls back to the API name).
    pub fn label(&self) -> &str {
        self.describe
            .label
            .as_deref()
            .unwrap_or(&self.describe.name)
    }

    /// A field's describe `label` (falls back to its API name).
    pub fn field_label<'a>(&'a self, field: &'a str) -> &'a str {
        self.field(field)
            .and_then(|f| f.label.as_deref())
            .unwrap_or(field)
    }
}

/// A stable three-character prefix for describes that carry none.
fn synth_prefix(name: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    let mut out = String::from("z");
    out.push(ALPHABET[(hash % 62) as usize] as char);
    out.push(ALPHABET[((hash / 62) % 62) as usize] as char);
    out
}
