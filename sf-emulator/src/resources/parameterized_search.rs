//! `parameterizedSearch` (API 36.0 and later): a search from parameters instead
//! of SOSL, as a GET query string or a POST JSON body, answered like `search`.
//! The parameters are turned into one SOSL statement and run by the same engine:
//! `q` is the term, `in` the field group, each `sobjects` entry (or GET `sobject`
//! with `{Object}.fields|where|limit`) a RETURNING item, `fields` and
//! `defaultLimit` its defaults, `overallLimit` the statement's LIMIT.
//!
//! Every piece is checked before it goes into the statement (names are
//! identifiers, limits numbers, a `where` cannot close its item), so a
//! parameter cannot add clauses of its own. Parameters the emulator does not
//! implement (data categories, divisions, snippets…) are refused rather than
//! ignored: results without them would look right and be wrong.

use serde_json::{Map, Value};

use crate::errors::ApiError;
use crate::org::Org;

/// Largest `defaultLimit` and `overallLimit` (Salesforce: 2,000).
const MAX_LIMIT: u64 = 2000;

/// Documented parameters the emulator does not implement.
const UNSUPPORTED: &[&str] = &[
    "dataCategories",
    "dataCategory",
    "division",
    "metadata",
    "netWorkIds",
    "offset",
    "pricebookId",
    "snippet",
    "updateTracking",
    "updateViewStat",
];

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "INVALID_SEARCH", message)
}

/// Runs a POST body (or a GET query turned into one with [`from_query`]).
pub fn search(org: &Org, version: &str, body: &Value) -> Result<Value, ApiError> {
    let sosl = to_sosl(body)?;
    super::query::search(org, version, Some(&sosl))
}

/// The GET form's parameters as the POST body they stand for: `sobject` may
/// repeat; `{Object}.fields` is a comma list.
pub fn from_query(params: &[(String, String)]) -> Result<Value, ApiError> {
    let mut body = Map::new();
    let mut objects: Vec<Map<String, Value>> = Vec::new();
    for (k, v) in params {
        if k == "sobject" {
            let mut o = Map::new();
            o.insert("name".into(), Value::String(v.clone()));
            objects.push(o);
        }
    }
    for (k, v) in params {
        match k.split_once('.') {
            Some((object, key)) => {
                let Some(o) = objects
                    .iter_mut()
                    .find(|o| o["name"].as_str() == Some(object))
                else {
                    return Err(bad(format!(
                        "{k} names an object that is not among the sobject parameters"
                    )));
                };
                let value = match key {
                    "fields" => comma_list(v),
                    "where" | "limit" => Value::String(v.clone()),
                    _ => return Err(bad(format!("Unknown parameter: {k}"))),
                };
                o.insert(key.into(), value);
            }
            None if k == "sobject" => {}
            None if k == "fields" => {
                body.insert(k.clone(), comma_list(v));
            }
            None => {
                body.insert(k.clone(), Value::String(v.clone()));
            }
        }
    }
    if !objects.is_empty() {
        body.insert(
            "sobjects".into(),
            Value::Array(objects.into_iter().map(Value::Object).collect()),
        );
    }
    Ok(Value::Object(body))
}

fn comma_list(v: &str) -> Value {
    Value::Array(
        v.split(',')
            .map(|f| Value::String(f.trim().to_owned()))
            .collect(),
    )
}

/// The SOSL statement a parameterized search stands for.
pub fn to_sosl(body: &Value) -> Result<String, ApiError> {
    let Some(params) = body.as_object() else {
        return Err(ApiError::json_parser(
            "The request body must be a JSON object",
        ));
    };
    for key in params.keys() {
        if UNSUPPORTED.contains(&key.as_str()) {
            return Err(bad(format!(
                "The emulator does not implement the parameterizedSearch parameter {key}"
            )));
        }
        let known = [
            "q",
            "in",
            "fields",
            "sobjects",
            "defaultLimit",
            "overallLimit",
            "spellCorrection",
        ];
        if !known.contains(&key.as_str()) {
            return Err(ApiError::json_parser(format!(
                "Unrecognized field \"{key}\""
            )));
        }
    }
    let q = match params.get("q") {
        Some(Value::String(q)) if !q.trim().is_empty() => q,
        _ => {
            return Err(ApiError::new(
                400,
                "MISSING_ARGUMENT",
                "The q parameter is required",
            ))
        }
    };
    if let Some(v) = params.get("spellCorrection") {
        // Accepted and without effect: the engine matches words as written.
        if !(v.is_boolean() || v.as_str().is_some_and(|s| s == "true" || s == "false")) {
            return Err(bad("spellCorrection must be true or false"));
        }
    }
    let mut sosl = format!("FIND {{{}}}", term(q));
    if let Some(group) = params.get("in") {
        let group = group.as_str().map(str::to_ascii_uppercase);
        match group.as_deref() {
            Some(g @ ("ALL" | "NAME" | "EMAIL" | "PHONE" | "SIDEBAR")) => {
                sosl.push_str(&format!(" IN {g} FIELDS"));
            }
            _ => return Err(bad("in must be one of ALL, NAME, EMAIL, PHONE, SIDEBAR")),
        }
    }
    let default_fields = match params.get("fields") {
        None => Vec::new(),
        Some(v) => names(v, "fields")?,
    };
    let default_limit = limit(params.get("defaultLimit"), "defaultLimit")?;
    if let Some(objects) = params.get("sobjects") {
        let Some(objects) = objects.as_array() else {
            return Err(bad("sobjects must be an array"));
        };
        let items = objects
            .iter()
            .map(|o| returning_item(o, &default_fields, default_limit))
            .collect::<Result<Vec<_>, _>>()?;
        if !items.is_empty() {
            sosl.push_str(" RETURNING ");
            sosl.push_str(&items.join(", "));
        }
    }
    if let Some(n) = limit(params.get("overallLimit"), "overallLimit")? {
        sosl.push_str(&format!(" LIMIT {n}"));
    }
    Ok(sosl)
}

/// One `sobjects` entry as a RETURNING item.
fn returning_item(
    o: &Value,
    default_fields: &[String],
    default_limit: Option<u64>,
) -> Result<String, ApiError> {
    let Some(o) = o.as_object() else {
        return Err(bad("each sobjects entry must be an object"));
    };
    for key in o.keys() {
        if !["name", "fields", "where", "limit"].contains(&key.as_str()) {
            return Err(ApiError::json_parser(format!(
                "Unrecognized field \"{key}\""
            )));
        }
    }
    let name = match o.get("name").and_then(Value::as_str) {
        Some(n) if is_name(n) => n,
        _ => return Err(bad("each sobjects entry needs a name")),
    };
    let fields = match o.get("fields") {
        Some(v) => names(v, "fields")?,
        None => default_fields.to_vec(),
    };
    let mut item = name.to_owned();
    let where_ = match o.get("where") {
        None => None,
        Some(Value::String(w)) if closed(w) => Some(w.as_str()),
        Some(_) => return Err(bad(format!("Invalid where for {name}"))),
    };
    let limit = limit(o.get("limit"), "limit")?.or(default_limit);
    if !fields.is_empty() || where_.is_some() || limit.is_some() {
        let fields = if fields.is_empty() {
            vec!["Id".to_owned()]
        } else {
            fields
        };
        item.push('(');
        item.push_str(&fields.join(", "));
        if let Some(w) = where_ {
            item.push_str(" WHERE ");
            item.push_str(w);
        }
        if let Some(n) = limit {
            item.push_str(&format!(" LIMIT {n}"));
        }
        item.push(')');
    }
    Ok(item)
}

/// The term as it goes between braces: braces not escaped yet are, and a
/// trailing backslash is doubled, so the term always ends at our brace.
fn term(q: &str) -> String {
    let mut out = String::with_capacity(q.len() + 4);
    let mut chars = q.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push_str("\\\\"),
            },
            '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

/// A list of field names: an array of strings (or, in a GET, a comma list).
fn names(v: &Value, what: &str) -> Result<Vec<String>, ApiError> {
    let list: Vec<&str> = match v {
        Value::Array(a) => a.iter().map(|f| f.as_str().unwrap_or("")).collect(),
        _ => return Err(bad(format!("{what} must be an array of field names"))),
    };
    list.into_iter()
        .map(|f| {
            if is_name(f) {
                Ok(f.to_owned())
            } else {
                Err(bad(format!("Invalid field name in {what}: {f:?}")))
            }
        })
        .collect()
}

/// A limit given as a number or a string of digits, 1..=2000.
fn limit(v: Option<&Value>, what: &str) -> Result<Option<u64>, ApiError> {
    let n = match v {
        None => return Ok(None),
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(_) => None,
    };
    match n {
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(Some(n)),
        _ => Err(bad(format!(
            "{what} must be a whole number from 1 to {MAX_LIMIT}"
        ))),
    }
}

/// Whether a `where` stays inside its item: parentheses balanced outside
/// string literals, and no braces (the term's delimiters).
fn closed(w: &str) -> bool {
    let mut depth = 0i32;
    let mut quoted = false;
    let mut chars = w.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' => return false,
            '\\' if quoted => {
                chars.next();
            }
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !quoted && !w.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_body_becomes_one_sosl_statement() {
        let body = json!({
            "q": "Acme*", "in": "name", "fields": ["Id", "Name"],
            "sobjects": [
                {"name": "Account", "where": "NumberOfEmployees > 10", "limit": 5},
                {"name": "Contact", "fields": ["LastName"]}
            ],
            "defaultLimit": "20", "overallLimit": 100, "spellCorrection": false
        });
        assert_eq!(
            to_sosl(&body).unwrap(),
            "FIND {Acme*} IN NAME FIELDS RETURNING Account(Id, Name WHERE NumberOfEmployees > 10 LIMIT 5), \
             Contact(LastName LIMIT 20) LIMIT 100"
        );
        assert_eq!(to_sosl(&json!({"q": "x"})).unwrap(), "FIND {x}");
    }

    #[test]
    fn no_parameter_adds_clauses_of_its_own() {
        assert_eq!(term(r"a} RETURNING User(Id"), r"a\} RETURNING User(Id");
        assert_eq!(term(r"a\}b\"), r"a\}b\\");
        assert!(!closed("Name = 'x') , User(Id"));
        assert!(closed("Name = 'a)b' AND (X = 1)"));
        assert!(!closed("Name = '}'"));
        for body in [
            json!({}),
            json!({"q": ""}),
            json!({"q": "x", "in": "ALL FIELDS RETURNING User"}),
            json!({"q": "x", "sobjects": [{"name": "Account) , User(Id"}]}),
            json!({"q": "x", "sobjects": [{"name": "Account", "fields": ["Id, Password"]}]}),
            json!({"q": "x", "sobjects": [{"name": "Account", "limit": 0}]}),
            json!({"q": "x", "overallLimit": 2001}),
            json!({"q": "x", "dataCategories": []}),
            json!({"q": "x", "nope": 1}),
            json!({"q": "x", "spellCorrection": "maybe"}),
            json!(["q"]),
        ] {
            let e = to_sosl(&body).unwrap_err();
            assert_eq!(e.status, 400, "{body}");
        }
    }

    #[test]
    fn get_parameters_become_the_same_body() {
        let params: Vec<(String, String)> = [
            ("q", "Acme"),
            ("sobject", "Account"),
            ("Account.fields", "Id,Name"),
            ("Account.limit", "3"),
            ("sobject", "Contact"),
            ("in", "ALL"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let body = from_query(&params).unwrap();
        assert_eq!(
            to_sosl(&body).unwrap(),
            "FIND {Acme} IN ALL FIELDS RETURNING Account(Id, Name LIMIT 3), Contact"
        );
        let orphan = vec![("Lead.fields".to_string(), "Id".to_string())];
        assert_eq!(from_query(&orphan).unwrap_err().status, 400);
    }
}
