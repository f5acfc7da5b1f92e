//! The JSON of sObject Collections requests and responses, and how a chunk's answer
//! becomes per-record outcomes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::outcome::{RecordError, RecordOutcome};
use crate::types::Id;

/// Records per create/update/upsert/delete request: Salesforce's limit.
pub const MAX_WRITE_CHUNK: usize = 200;
/// Ids per retrieve request (`POST /composite/sobjects/{type}`): Salesforce's limit.
pub const MAX_RETRIEVE_CHUNK: usize = 2000;

/// `{"allOrNone": .., "records": [..]}` for POST/PATCH `/composite/sobjects`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteBody {
    pub all_or_none: bool,
    pub records: Vec<Map<String, Value>>,
}

/// `{"ids": [..], "fields": [..]}` for POST `/composite/sobjects/{type}` (retrieve).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetrieveBody {
    pub ids: Vec<String>,
    pub fields: Vec<String>,
}

/// One element of a Collections response: `{id, success, errors, created?}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SaveResult {
    #[serde(default)]
    pub id: Option<String>,
    pub success: bool,
    #[serde(default)]
    pub errors: Vec<RecordError>,
    #[serde(default)]
    pub created: Option<bool>,
}

/// A record body with the `attributes.type` Collections needs to know its sObject.
pub fn with_type(mut body: Map<String, Value>, api_name: &str) -> Map<String, Value> {
    let mut attributes = Map::new();
    attributes.insert("type".into(), Value::String(api_name.into()));
    body.insert("attributes".into(), Value::Object(attributes));
    body
}

/// Turns the results of one chunk into outcomes for the inputs `first..first + n`.
///
/// Salesforce answers one result per record, in request order. A short or unparsable
/// id is kept as a failure rather than dropped, so no record goes missing.
pub fn outcomes_from_results<T>(
    first: usize,
    n: usize,
    results: Vec<SaveResult>,
) -> Vec<RecordOutcome<T>> {
    let mut out = Vec::with_capacity(n);
    let mut results = results.into_iter();
    for index in first..first + n {
        let Some(r) = results.next() else {
            out.push(RecordOutcome::failed(
                index,
                vec![RecordError::new(
                    "MISSING_RESULT",
                    "Salesforce returned fewer results than records sent",
                )],
            ));
            continue;
        };
        if r.success {
            let id = match r.id.as_deref().map(Id::<T>::parse) {
                None => None,
                Some(Ok(id)) => Some(id),
                Some(Err(e)) => {
                    out.push(RecordOutcome::failed(
                        index,
                        vec![RecordError::new("INVALID_ID_RETURNED", e.to_string())],
                    ));
                    continue;
                }
            };
            out.push(RecordOutcome::succeeded(index, id, r.created));
        } else {
            let errors = if r.errors.is_empty() {
                vec![RecordError::new(
                    "UNKNOWN_ERROR",
                    "success=false without errors",
                )]
            } else {
                r.errors
            };
            out.push(RecordOutcome::failed(index, errors));
        }
    }
    out
}

/// Every record of a chunk failed for the same reason (the request itself failed).
pub fn chunk_failed<T>(first: usize, n: usize, errors: &[RecordError]) -> Vec<RecordOutcome<T>> {
    (first..first + n)
        .map(|i| RecordOutcome::failed(i, errors.to_vec()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collections::outcome::Outcome;

    struct Contact;

    #[test]
    fn parses_real_upsert_results_with_created_flag() {
        // From fixtures/real/exchanges/TestUpsert.test_upsert__rest.json (CumulusCI, BSD-3).
        let body = r#"[{"id": "0037e00001WZ310AAD", "success": true, "errors": [], "created": false},
                       {"id": "0037e00001WZ316AAD", "success": true, "errors": [], "created": true}]"#;
        let results: Vec<SaveResult> = serde_json::from_str(body).unwrap();
        let out = outcomes_from_results::<Contact>(400, 2, results);
        assert_eq!(out[0].index, 400);
        assert_eq!(out[1].index, 401);
        match &out[1].outcome {
            Outcome::Succeeded { id, created } => {
                assert_eq!(id.unwrap().as_str(), "0037e00001WZ316AAD");
                assert_eq!(*created, Some(true));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            out[0].id().map(|i| i.to_string()).as_deref(),
            Some("0037e00001WZ310AAD")
        );
    }

    #[test]
    fn keeps_error_code_message_and_fields() {
        let body = r#"[{"success":false,"errors":[{"statusCode":"REQUIRED_FIELD_MISSING","message":"Required fields are missing: [LastName]","fields":["LastName"]}]},
                       {"id":"0015500001QdRaYAAV","success":true,"errors":[]}]"#;
        let results: Vec<SaveResult> = serde_json::from_str(body).unwrap();
        let out = outcomes_from_results::<Contact>(0, 3, results);
        assert_eq!(out[0].errors()[0].code, "REQUIRED_FIELD_MISSING");
        assert_eq!(out[0].errors()[0].fields, vec!["LastName".to_string()]);
        assert!(out[1].is_success());
        // The third record got no result: it is reported, not lost.
        assert_eq!(out[2].errors()[0].code, "MISSING_RESULT");
    }

    #[test]
    fn write_body_matches_the_wire_shape() {
        let mut rec = Map::new();
        rec.insert("Name".into(), Value::String("Sitwell-Bluth".into()));
        let body = WriteBody {
            all_or_none: false,
            records: vec![with_type(rec, "Account")],
        };
        let v = serde_json::to_value(&body).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"allOrNone": false, "records": [{"Name": "Sitwell-Bluth", "attributes": {"type": "Account"}}]})
        );
    }
}
