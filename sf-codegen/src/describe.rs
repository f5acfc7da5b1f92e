//! The serde model of a describe response (`GET …/sobjects/{Object}/describe`).
//!
//! Only what code generation and `diff` need is modelled; everything else in the
//! JSON is ignored. Parsing goes through `serde_path_to_error` so that a bad file
//! is reported with the JSON path of the first problem.

use serde::{Deserialize, Serialize};

/// One `DescribeSObjectResult`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SObjectDescribe {
    /// API name (`Account`, `Custom__c`).
    pub name: String,
    #[serde(default)]
    /// Singular label.
    pub label: Option<String>,
    #[serde(default)]
    /// The three-character id prefix (`001`).
    pub key_prefix: Option<String>,
    #[serde(default)]
    /// Whether this is a custom object.
    pub custom: bool,
    #[serde(default = "yes")]
    /// Whether SOQL can query the object.
    pub queryable: bool,
    #[serde(default)]
    /// REST URLs of the object (`describe`, `sobject`, …).
    pub urls: Option<serde_json::Map<String, serde_json::Value>>,
    /// Every field.
    pub fields: Vec<FieldDescribe>,
    #[serde(default)]
    /// Child relationships: lookups on other objects pointing here.
    pub child_relationships: Vec<ChildRelationshipDescribe>,
}

fn yes() -> bool {
    true
}

/// One `Field` of a describe.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldDescribe {
    /// API name (`Name`, `Custom__c`).
    pub name: String,
    /// The describe type, kept as a string so that an unknown type degrades
    /// instead of failing the parse.
    #[serde(rename = "type")]
    pub field_type: String,
    #[serde(default)]
    /// Label.
    pub label: Option<String>,
    #[serde(default)]
    /// SOAP type (`xsd:string`, `tns:ID`, …).
    pub soap_type: Option<String>,
    #[serde(default)]
    /// Whether the field can be set on create.
    pub createable: bool,
    #[serde(default)]
    /// Whether the field can be changed on update.
    pub updateable: bool,
    #[serde(default)]
    /// Whether the field accepts null.
    pub nillable: bool,
    #[serde(default)]
    /// Whether the field is a formula (or roll-up).
    pub calculated: bool,
    #[serde(default)]
    /// The formula, for calculated fields.
    pub calculated_formula: Option<String>,
    #[serde(default)]
    /// Whether the field is an auto-number.
    pub auto_number: bool,
    #[serde(default)]
    /// Whether the field is custom.
    pub custom: bool,
    #[serde(default)]
    /// Whether the field is an external id.
    pub external_id: bool,
    #[serde(default)]
    /// Whether the field can identify a record in an upsert.
    pub id_lookup: bool,
    #[serde(default)]
    /// Whether values must be unique.
    pub unique: bool,
    #[serde(default)]
    /// Maximum length of text values.
    pub length: u32,
    #[serde(default)]
    /// Total digits of numbers.
    pub precision: u32,
    #[serde(default)]
    /// Digits after the decimal point.
    pub scale: u32,
    #[serde(default)]
    /// Digits of integers.
    pub digits: u32,
    #[serde(default)]
    /// Objects a lookup can point at (several for a polymorphic lookup).
    pub reference_to: Vec<String>,
    #[serde(default)]
    /// The relationship name of a lookup (`Account` for `AccountId`).
    pub relationship_name: Option<String>,
    #[serde(default)]
    /// Whether the lookup is polymorphic.
    pub polymorphic_foreign_key: bool,
    #[serde(default)]
    /// The compound field this one is part of (`BillingAddress`).
    pub compound_field_name: Option<String>,
    #[serde(default)]
    /// Extra type information (`personname`, `imageurl`, …).
    pub extra_type_info: Option<String>,
    #[serde(default)]
    /// Whether only the listed picklist values are accepted.
    pub restricted_picklist: bool,
    #[serde(default)]
    /// Whether the picklist depends on a controlling field.
    pub dependent_picklist: bool,
    #[serde(default)]
    /// The controlling field of a dependent picklist.
    pub controller_name: Option<String>,
    #[serde(default)]
    /// Picklist values in describe order.
    pub picklist_values: Vec<PicklistEntry>,
    #[serde(default)]
    /// Whether the field is deprecated and hidden.
    pub deprecated_and_hidden: bool,
    #[serde(default)]
    /// Help text shown in the UI.
    pub inline_help_text: Option<String>,
}

/// One `PicklistEntry`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PicklistEntry {
    /// API value.
    pub value: String,
    #[serde(default)]
    /// Label.
    pub label: Option<String>,
    #[serde(default = "yes")]
    /// Whether the value is active.
    pub active: bool,
    #[serde(default)]
    /// Whether this is the default value.
    pub default_value: bool,
    /// Base64 bitmap: bit `i` (most significant bit of byte 0 first) set when
    /// the `i`-th value of the controlling field allows this value.
    #[serde(default)]
    pub valid_for: Option<String>,
}

/// One `ChildRelationship`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildRelationshipDescribe {
    #[serde(rename = "childSObject")]
    /// The child object.
    pub child_sobject: String,
    /// The lookup field on the child object.
    pub field: String,
    #[serde(default)]
    /// Relationship name used in subqueries (`Contacts`).
    pub relationship_name: Option<String>,
    #[serde(default)]
    /// Whether deleting the parent deletes the children.
    pub cascade_delete: bool,
    #[serde(default)]
    /// Whether the relationship is deprecated and hidden.
    pub deprecated_and_hidden: bool,
}

/// The global describe (`GET …/sobjects`), as far as `pull` needs it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct GlobalDescribe {
    /// Every object of the org.
    pub sobjects: Vec<GlobalSObject>,
}

/// One entry of the global describe.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GlobalSObject {
    /// API name.
    pub name: String,
    #[serde(default)]
    /// The three-character id prefix.
    pub key_prefix: Option<String>,
    #[serde(default)]
    /// Whether SOQL can query the object.
    pub queryable: bool,
}

/// What a snapshot file holds.
#[derive(Debug, Clone, PartialEq)]
pub enum DescribeFile {
    /// An sObject describe.
    SObject(Box<SObjectDescribe>),
    /// The global describe (skipped by `generate`).
    Global(GlobalDescribe),
}

/// Why a describe file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// JSON path of the problem (`fields[3].name`), `.` for the document root.
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

impl SObjectDescribe {
    /// The API version in `urls.describe` (`/services/data/v48.0/…` → `48.0`),
    /// `None` when absent or anonymised (`vxx.0`).
    pub fn api_version(&self) -> Option<String> {
        let urls = self.urls.as_ref()?;
        let url = urls
            .get("describe")
            .or_else(|| urls.get("sobject"))?
            .as_str()?;
        let rest = url.split("/services/data/v").nth(1)?;
        let version = rest.split('/').next()?;
        if version.chars().all(|c| c.is_ascii_digit() || c == '.') && !version.is_empty() {
            Some(version.to_string())
        } else {
            None
        }
    }
}

/// Parses one snapshot file: a describe, a global describe, or either of them
/// wrapped the way `sf sobject describe --json` prints it (`{"status":0,"result":{…}}`).
pub fn parse_describe(bytes: &[u8]) -> Result<DescribeFile, ParseError> {
    // Fast path: a plain describe parses straight into the model.
    if let Ok(d) = serde_json::from_slice::<SObjectDescribe>(bytes) {
        check_names(&d, "")?;
        return Ok(DescribeFile::SObject(Box::new(d)));
    }
    // Otherwise go through a `Value`: unwrap `result`, tell a global describe,
    // and name the JSON path of whatever is wrong.
    let value: serde_json::Value = {
        let de = &mut serde_json::Deserializer::from_slice(bytes);
        serde_path_to_error::deserialize(de).map_err(to_parse_error)?
    };
    let (root, prefix) = match value.get("result") {
        Some(inner) if inner.is_object() && value.get("fields").is_none() => {
            (inner.clone(), "result.")
        }
        _ => (value, ""),
    };
    let Some(obj) = root.as_object() else {
        return Err(ParseError {
            path: prefix.trim_end_matches('.').to_string().or_root(),
            message: "expected a JSON object (a describe response)".into(),
        });
    };
    if obj.contains_key("sobjects") && !obj.contains_key("fields") {
        let global: GlobalDescribe =
            serde_path_to_error::deserialize(root).map_err(|e| prefixed(e, prefix))?;
        return Ok(DescribeFile::Global(global));
    }
    let describe: SObjectDescribe =
        serde_path_to_error::deserialize(root).map_err(|e| prefixed(e, prefix))?;
    check_names(&describe, prefix)?;
    Ok(DescribeFile::SObject(Box::new(describe)))
}

/// Whether `name` follows Salesforce's rules for API names: segments joined by
/// `__` (namespace prefix, name, suffix such as `c`, `r`, `e`, `mdt`, `s`), each
/// starting with a letter, then letters and digits with single underscores between
/// them. `1st__c`, `_`, `a__`, `Foo___c` and `Bad-Name` are not.
pub fn is_valid_api_name(name: &str) -> bool {
    let segments: Vec<&str> = name.split("__").collect();
    segments.len() <= 4
        && segments.iter().all(|seg| {
            seg.starts_with(|c: char| c.is_ascii_alphabetic())
                && !seg.ends_with('_')
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Names the generator turns into identifiers must be valid API names, and fields
/// must be unique ignoring case (Salesforce's API names are case-insensitive), or
/// the generated code would not compile: refuse them here, with their JSON path.
fn check_names(d: &SObjectDescribe, prefix: &str) -> Result<(), ParseError> {
    let invalid = |path: String, what: &str, name: &str| ParseError {
        path: format!("{prefix}{path}"),
        message: format!(
            "`{name}` is not a valid {what}: API names start with a letter and hold letters, \
             digits and single underscores (`__` only before a namespace or suffix)"
        ),
    };
    if !is_valid_api_name(&d.name) {
        return Err(invalid("name".into(), "object API name", &d.name));
    }
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, f) in d.fields.iter().enumerate() {
        if !is_valid_api_name(&f.name) {
            return Err(invalid(
                format!("fields[{i}].name"),
                "field API name",
                &f.name,
            ));
        }
        if let Some(first) = seen.insert(f.name.to_ascii_lowercase(), i) {
            return Err(ParseError {
                path: format!("{prefix}fields[{i}].name"),
                message: format!(
                    "field `{}` repeats `{}` (fields[{first}].name): API names are \
                     case-insensitive, so a describe cannot hold both",
                    f.name, d.fields[first].name
                ),
            });
        }
    }
    // A parent record's JSON key is its relationship name, beside the fields' keys.
    for (i, f) in d.fields.iter().enumerate() {
        if let Some(rel) = f.relationship_name.as_deref() {
            if !is_valid_api_name(rel) {
                return Err(invalid(
                    format!("fields[{i}].relationshipName"),
                    "relationship name",
                    rel,
                ));
            }
            if let Some(&other) = seen.get(&rel.to_ascii_lowercase()) {
                return Err(ParseError {
                    path: format!("{prefix}fields[{i}].relationshipName"),
                    message: format!(
                        "relationship `{rel}` has the name of field `{}` (fields[{other}].name): \
                         a record could not hold both",
                        d.fields[other].name
                    ),
                });
            }
        }
    }
    for (i, c) in d.child_relationships.iter().enumerate() {
        if let Some(rel) = c.relationship_name.as_deref() {
            if !is_valid_api_name(rel) {
                return Err(invalid(
                    format!("childRelationships[{i}].relationshipName"),
                    "relationship name",
                    rel,
                ));
            }
        }
    }
    Ok(())
}

trait OrRoot {
    fn or_root(self) -> String;
}

impl OrRoot for String {
    fn or_root(self) -> String {
        if self.is_empty() {
            ".".to_string()
        } else {
            self
        }
    }
}

fn to_parse_error(e: serde_path_to_error::Error<serde_json::Error>) -> ParseError {
    let inner = e.inner();
    let path = e.path().to_string();
    let message = if inner.is_eof() {
        format!("truncated JSON: {inner}")
    } else {
        inner.to_string()
    };
    ParseError { path, message }
}

fn prefixed(e: serde_path_to_error::Error<serde_json::Error>, prefix: &str) -> ParseError {
    let path = e.path().to_string();
    let path = if path == "." {
        prefix.trim_end_matches('.').to_string().or_root()
    } else {
        format!("{prefix}{path}")
    };
    ParseError {
        path,
        message: e.inner().to_string(),
    }
}
