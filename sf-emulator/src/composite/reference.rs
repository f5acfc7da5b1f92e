//! `@{referenceId.path}` references between composite subrequests: the
//! results kept per reference id, and substitution into a later subrequest's
//! `url` and `body`.

use std::collections::HashMap;

use serde_json::Value;

/// What a reference id stands for once its subrequest has run.
#[derive(Debug, Clone)]
enum Outcome {
    /// The subrequest succeeded with this response body.
    Done(Value),
    /// The subrequest failed (or was not run), so nothing can be read from it.
    Failed,
}

/// The results of the subrequests run so far, by reference id.
#[derive(Debug, Clone, Default)]
pub struct Results {
    by_ref: HashMap<String, Outcome>,
}

/// A reference that cannot be substituted; the text is Salesforce's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefError {
    /// The reference as written, without `@{` `}`: `NewAccount.id`.
    pub expression: String,
    /// The reference id part: `NewAccount`.
    pub reference_id: String,
}

impl RefError {
    /// The message Salesforce answers with (code `PROCESSING_HALTED`).
    pub fn message(&self) -> String {
        format!(
            "Invalid reference specified. No value for {} found in {}",
            self.expression, self.reference_id
        )
    }
}

impl Results {
    /// Remembers a successful subrequest's body.
    pub fn succeeded(&mut self, reference_id: &str, body: Value) {
        self.by_ref
            .insert(reference_id.to_owned(), Outcome::Done(body));
    }

    /// Remembers that a subrequest failed.
    pub fn failed(&mut self, reference_id: &str) {
        self.by_ref.insert(reference_id.to_owned(), Outcome::Failed);
    }

    /// Substitutes every reference in a JSON value (strings at any depth).
    pub fn resolve_value(&self, value: &Value) -> Result<Value, RefError> {
        Ok(match value {
            Value::String(s) => self.resolve_json_string(s)?,
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.resolve_value(v))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => {
                let mut out = serde_json::Map::with_capacity(map.len());
                for (k, v) in map {
                    out.insert(k.clone(), self.resolve_value(v)?);
                }
                Value::Object(out)
            }
            other => other.clone(),
        })
    }

    /// A string that is exactly one reference takes the referenced JSON value
    /// (so numbers and booleans keep their type); otherwise references are
    /// spliced in as text.
    fn resolve_json_string(&self, s: &str) -> Result<Value, RefError> {
        if let Some(expr) = whole_reference(s) {
            let v = self.lookup(expr)?;
            return Ok(v.clone());
        }
        self.resolve_text(s).map(Value::String)
    }

    /// Substitutes references inside text (a URL, or a longer string value).
    pub fn resolve_text(&self, s: &str) -> Result<String, RefError> {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(start) = rest.find("@{") {
            let Some(len) = rest[start + 2..].find('}') else {
                break;
            };
            out.push_str(&rest[..start]);
            let expr = &rest[start + 2..start + 2 + len];
            match self.lookup(expr)? {
                Value::String(v) => out.push_str(v),
                other => out.push_str(&other.to_string()),
            }
            rest = &rest[start + 3 + len..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// The value an expression such as `ref.records[0].Id` points to.
    fn lookup(&self, expr: &str) -> Result<&Value, RefError> {
        let split = expr.find(['.', '[']).unwrap_or(expr.len());
        let reference_id = &expr[..split];
        let error = || RefError {
            expression: expr.to_owned(),
            reference_id: reference_id.to_owned(),
        };
        let Some(Outcome::Done(body)) = self.by_ref.get(reference_id) else {
            return Err(error());
        };
        let found = walk(body, &expr[split..]).ok_or_else(error)?;
        if found.is_null() {
            return Err(error());
        }
        Ok(found)
    }
}

/// `Some("ref.id")` when `s` is exactly `@{ref.id}`.
fn whole_reference(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("@{")?.strip_suffix('}')?;
    (!inner.contains('}')).then_some(inner)
}

/// Follows `.name` and `[n]` steps from `value`. Names match exactly first,
/// then ignoring case: `@{ref.Id}` works against a create's `id`.
fn walk<'a>(mut value: &'a Value, mut path: &str) -> Option<&'a Value> {
    while !path.is_empty() {
        if let Some(rest) = path.strip_prefix('[') {
            let close = rest.find(']')?;
            let index: usize = rest[..close].trim().parse().ok()?;
            value = value.as_array()?.get(index)?;
            path = &rest[close + 1..];
        } else if let Some(rest) = path.strip_prefix('.') {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let name = &rest[..end];
            let map = value.as_object()?;
            value = map.get(name).or_else(|| {
                map.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v)
            })?;
            path = &rest[end..];
        } else {
            return None;
        }
    }
    Some(value)
}

/// The reference ids an expression-bearing value depends on, in order.
pub fn referenced_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("@{") {
        let inner = &rest[start + 2..];
        let Some(close) = inner.find('}') else {
            break;
        };
        let expr = &inner[..close];
        let split = expr.find(['.', '[']).unwrap_or(expr.len());
        ids.push(expr[..split].to_owned());
        rest = &inner[close + 1..];
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn results() -> Results {
        let mut r = Results::default();
        r.succeeded(
            "NewAccount",
            json!({"id": "001000000000001AAA", "success": true, "errors": []}),
        );
        r.succeeded(
            "Query",
            json!({"totalSize": 1, "done": true, "records": [
                {"attributes": {"type": "Account"}, "Id": "001000000000002AAA", "NumberOfEmployees": 12}
            ]}),
        );
        r.succeeded(
            "Empty",
            json!({"totalSize": 0, "done": true, "records": []}),
        );
        r.failed("Broken");
        r
    }

    #[test]
    fn whole_string_reference_takes_the_value_and_its_type() {
        let r = results();
        let body = json!({
            "AccountId": "@{NewAccount.id}",
            "Employees": "@{Query.records[0].NumberOfEmployees}",
            "Note": "see @{Query.records[0].Id} and @{NewAccount.id}",
        });
        assert_eq!(
            r.resolve_value(&body).unwrap(),
            json!({
                "AccountId": "001000000000001AAA",
                "Employees": 12,
                "Note": "see 001000000000002AAA and 001000000000001AAA",
            })
        );
    }

    #[test]
    fn urls_take_references_as_text() {
        let r = results();
        assert_eq!(
            r.resolve_text("/services/data/v66.0/sobjects/Account/@{NewAccount.id}?fields=Name")
                .unwrap(),
            "/services/data/v66.0/sobjects/Account/001000000000001AAA?fields=Name"
        );
        // Field names are matched ignoring case as a fallback.
        assert_eq!(
            r.resolve_text("@{NewAccount.Id}").unwrap(),
            "001000000000001AAA"
        );
    }

    #[test]
    fn missing_values_failed_and_unknown_references_are_errors() {
        let r = results();
        let e = r.resolve_text("@{Empty.records[0].Id}").unwrap_err();
        assert_eq!(
            e.message(),
            "Invalid reference specified. No value for Empty.records[0].Id found in Empty"
        );
        assert_eq!(
            r.resolve_text("x/@{Broken.id}").unwrap_err().reference_id,
            "Broken"
        );
        assert_eq!(
            r.resolve_value(&json!({"a": ["@{Nope.id}"]}))
                .unwrap_err()
                .expression,
            "Nope.id"
        );
    }

    #[test]
    fn referenced_ids_are_listed() {
        assert_eq!(
            referenced_ids("/x/@{a.id}/@{b.records[0].Id}"),
            vec!["a".to_owned(), "b".to_owned()]
        );
        assert!(referenced_ids("no refs").is_empty());
    }
}
