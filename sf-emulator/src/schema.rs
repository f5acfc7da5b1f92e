//! The emulator's view of a schema snapshot: the raw describe JSON of each object
//! (served back verbatim) plus the few facts the engine needs, indexed for
//! case-insensitive lookup the way Salesforce resolves API names.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

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
    global: Option<Value>,
}

/// One sObject: its describe, and indexes over its fields and relationships.
#[derive(Debug, Clone)]
pub struct ObjectSchema {
    /// API name with the describe's casing, e.g. `Account`.
    pub name: String,
    /// The three-character id prefix (`001`); synthesized when the describe has none.
    pub key_prefix: String,
    /// Object-level capabilities.
    pub createable: bool,
    /// Object-level capabilities.
    pub updateable: bool,
    /// Object-level capabilities.
    pub deletable: bool,
    /// Object-level capabilities.
    pub queryable: bool,
    /// Fields in describe order.
    pub fields: Vec<FieldSchema>,
    /// Child relationships in describe order.
    pub child_relationships: Vec<ChildRelationship>,
    /// The describe exactly as loaded.
    pub raw: Value,
    field_index: HashMap<String, usize>,
    parent_index: HashMap<String, usize>,
    child_index: HashMap<String, usize>,
}

/// The facts about one field that the emulator enforces.
#[derive(Debug, Clone)]
pub struct FieldSchema {
    /// API name with the describe's casing.
    pub name: String,
    /// Describe type: `string`, `reference`, `picklist`, `datetime`, …
    pub field_type: String,
    /// Whether a create may set it.
    pub createable: bool,
    /// Whether an update may set it.
    pub updateable: bool,
    /// Whether it may be null.
    pub nillable: bool,
    /// Formula or roll-up field.
    pub calculated: bool,
    /// Auto-number field.
    pub auto_number: bool,
    /// Marked as an external id.
    pub external_id: bool,
    /// Can be used to identify a record in upsert.
    pub id_lookup: bool,
    /// Unique constraint.
    pub unique: bool,
    /// Case-sensitive uniqueness/comparison.
    pub case_sensitive: bool,
    /// Salesforce sets it when a create leaves it out.
    pub defaulted_on_create: bool,
    /// Maximum length for text fields (0 when not applicable).
    pub length: u32,
    /// Total digits for numbers.
    pub precision: u32,
    /// Digits after the decimal point.
    pub scale: u32,
    /// Restricted picklist: values outside `picklist_values` are refused.
    pub restricted_picklist: bool,
    /// Active picklist values, in describe order.
    pub picklist_values: Vec<String>,
    /// The default picklist value, if any.
    pub default_picklist_value: Option<String>,
    /// Target objects of a reference field.
    pub reference_to: Vec<String>,
    /// Name of the parent relationship (`Account` for `AccountId`).
    pub relationship_name: Option<String>,
    /// The compound field this one is a component of (`BillingAddress`).
    pub compound_field_name: Option<String>,
    /// The object's name field.
    pub name_field: bool,
    /// `defaultValue` from the describe, when not null.
    pub default_value: Option<Value>,
}

/// A child relationship as the parent's describe lists it.
#[derive(Debug, Clone)]
pub struct ChildRelationship {
    /// The child object, e.g. `Contact`.
    pub child_sobject: String,
    /// The lookup field on the child, e.g. `AccountId`.
    pub field: String,
    /// The relationship name used in subqueries, e.g. `Contacts`.
    pub relationship_name: Option<String>,
    /// Deleting the parent deletes the children.
    pub cascade_delete: bool,
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
            self.global = Some(value);
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
    pub fn global(&self) -> Option<&Value> {
        self.global.as_ref()
    }
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn num(v: &Value, key: &str) -> u32 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0) as u32
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

impl ObjectSchema {
    /// Reads the facts the emulator needs out of one describe.
    pub fn from_describe(raw: Value) -> Result<Self, String> {
        let name = text(&raw, "name").ok_or("describe has no string `name`")?;
        let fields_json = raw
            .get("fields")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("describe of {name}: `fields` is missing or not an array"))?;
        let mut fields = Vec::with_capacity(fields_json.len());
        for (i, f) in fields_json.iter().enumerate() {
            fields.push(
                FieldSchema::from_describe(f)
                    .map_err(|m| format!("describe of {name}: fields[{i}]: {m}"))?,
            );
        }
        let child_relationships = raw
            .get("childRelationships")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| {
                        Some(ChildRelationship {
                            child_sobject: text(c, "childSObject")?,
                            field: text(c, "field")?,
                            relationship_name: text(c, "relationshipName"),
                            cascade_delete: flag(c, "cascadeDelete"),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let key_prefix = text(&raw, "keyPrefix").unwrap_or_else(|| synth_prefix(&name));
        let mut object = ObjectSchema {
            key_prefix,
            createable: flag(&raw, "createable"),
            updateable: flag(&raw, "updateable"),
            deletable: flag(&raw, "deletable"),
            queryable: raw
                .get("queryable")
                .and_then(Value::as_bool)
                .unwrap_or(true),
            name,
            fields,
            child_relationships,
            raw,
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
        for (i, f) in self.fields.iter().enumerate() {
            self.field_index.insert(f.name.to_ascii_lowercase(), i);
            if let Some(rel) = &f.relationship_name {
                self.parent_index.insert(rel.to_ascii_lowercase(), i);
            }
        }
        for (i, c) in self.child_relationships.iter().enumerate() {
            if let Some(rel) = &c.relationship_name {
                self.child_index.insert(rel.to_ascii_lowercase(), i);
            }
        }
    }

    /// A field by API name, case-insensitively.
    pub fn field(&self, name: &str) -> Option<&FieldSchema> {
        self.field_index
            .get(&name.to_ascii_lowercase())
            .map(|&i| &self.fields[i])
    }

    /// The lookup field behind a parent relationship name (`Account` → `AccountId`).
    pub fn parent_relationship(&self, relationship: &str) -> Option<&FieldSchema> {
        self.parent_index
            .get(&relationship.to_ascii_lowercase())
            .map(|&i| &self.fields[i])
    }

    /// A child relationship by name (`Contacts`), case-insensitively.
    pub fn child_relationship(&self, relationship: &str) -> Option<&ChildRelationship> {
        self.child_index
            .get(&relationship.to_ascii_lowercase())
            .map(|&i| &self.child_relationships[i])
    }

    /// The object's name field (`Name`, or `CaseNumber`, …), if any.
    pub fn name_field(&self) -> Option<&FieldSchema> {
        self.fields.iter().find(|f| f.name_field)
    }
}

impl FieldSchema {
    fn from_describe(f: &Value) -> Result<Self, String> {
        let name = text(f, "name").ok_or("no string `name`")?;
        let field_type = text(f, "type").ok_or_else(|| format!("{name}: no string `type`"))?;
        let picklist = f.get("picklistValues").and_then(Value::as_array);
        let active = |p: &&Value| p.get("active").and_then(Value::as_bool).unwrap_or(true);
        Ok(FieldSchema {
            picklist_values: picklist
                .map(|a| {
                    a.iter()
                        .filter(active)
                        .filter_map(|p| text(p, "value"))
                        .collect()
                })
                .unwrap_or_default(),
            default_picklist_value: picklist.and_then(|a| {
                a.iter()
                    .filter(active)
                    .find(|p| flag(p, "defaultValue"))
                    .and_then(|p| text(p, "value"))
            }),
            reference_to: f
                .get("referenceTo")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            createable: flag(f, "createable"),
            updateable: flag(f, "updateable"),
            nillable: flag(f, "nillable"),
            calculated: flag(f, "calculated"),
            auto_number: flag(f, "autoNumber"),
            external_id: flag(f, "externalId"),
            id_lookup: flag(f, "idLookup"),
            unique: flag(f, "unique"),
            case_sensitive: flag(f, "caseSensitive"),
            defaulted_on_create: flag(f, "defaultedOnCreate"),
            length: num(f, "length"),
            precision: num(f, "precision"),
            scale: num(f, "scale"),
            restricted_picklist: flag(f, "restrictedPicklist"),
            relationship_name: text(f, "relationshipName"),
            compound_field_name: text(f, "compoundFieldName"),
            name_field: flag(f, "nameField"),
            default_value: f.get("defaultValue").filter(|v| !v.is_null()).cloned(),
            name,
            field_type,
        })
    }

    /// Whether the field holds text (and so takes `LIKE` and length checks).
    pub fn is_text(&self) -> bool {
        matches!(
            self.field_type.as_str(),
            "string" | "textarea" | "email" | "phone" | "url" | "encryptedstring" | "combobox"
        )
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
