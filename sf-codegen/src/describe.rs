//! Reading describe files into the shared model (`sf-describe`): parsing goes
//! through `serde_path_to_error` so that a bad file is reported with the JSON path
//! of the first problem, and names the generator would turn into identifiers are
//! checked here.

pub use sf_describe::{
    ChildRelationshipDescribe, FieldDescribe, GlobalDescribe, GlobalSObject, PicklistEntry,
    SObjectDescribe,
};

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
