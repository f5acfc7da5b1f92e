//! Runs a list of composite subrequests in order, substituting references,
//! with Salesforce's two failure modes: `allOrNone` (roll everything back and
//! halt every other subrequest) and independent (only subrequests that
//! reference a failed one fail).

use serde_json::{json, Map};

use super::dispatch::{self, Call, Paging};
use super::model::{SubResponse, Subrequest};
use super::reference::Results;
use crate::org::Org;
use crate::resources::Reply;

/// How the halted subrequests of a rolled-back transaction are worded: the
/// two resources say it differently (see `fixtures/real/composite/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Halted {
    Composite,
    Graph,
}

impl Halted {
    fn message(self) -> &'static str {
        match self {
            Halted::Composite => {
                "The transaction was rolled back since another operation in the same transaction failed."
            }
            Halted::Graph => {
                "We rolled back the transaction since another operation in the same transaction failed."
            }
        }
    }

    pub fn response(self, reference_id: &str) -> SubResponse {
        SubResponse {
            body: json!([{"errorCode": "PROCESSING_HALTED", "message": self.message()}]),
            http_headers: Map::new(),
            http_status_code: 400,
            reference_id: reference_id.to_owned(),
        }
    }
}

fn to_response(reply: Reply, reference_id: &str) -> SubResponse {
    SubResponse {
        http_headers: reply.headers(),
        body: reply.body,
        http_status_code: reply.status,
        reference_id: reference_id.to_owned(),
    }
}

/// Substitutes references into one subrequest and runs it. A reference that
/// cannot be resolved fails the subrequest with `PROCESSING_HALTED`.
fn run_one(
    org: &mut Org,
    paging: &Paging<'_>,
    sub: &Subrequest,
    results: &Results,
    all_or_none: bool,
) -> Reply {
    let resolved = results.resolve_text(&sub.url).and_then(|url| {
        let body = sub
            .body
            .as_ref()
            .map(|b| results.resolve_value(b))
            .transpose()?;
        Ok((url, body))
    });
    match resolved {
        Ok((url, body)) => dispatch::dispatch(
            org,
            paging,
            &Call {
                method: &sub.method,
                url: &url,
                body: body.as_ref(),
                all_or_none,
            },
        ),
        Err(e) => Reply::new(
            400,
            json!([{"errorCode": "PROCESSING_HALTED", "message": e.message()}]),
        ),
    }
}

/// Runs the subrequests. With `all_or_none`, the first failure undoes every
/// write of the call; the failed subrequest keeps its own error and all the
/// others answer `PROCESSING_HALTED`.
pub fn run(
    org: &mut Org,
    paging: &Paging<'_>,
    subrequests: &[Subrequest],
    all_or_none: bool,
    halted: Halted,
) -> Vec<SubResponse> {
    if !all_or_none {
        let mut results = Results::default();
        return subrequests
            .iter()
            .map(|sub| {
                let reply = run_one(org, paging, sub, &results, all_or_none);
                record(&mut results, sub, &reply);
                to_response(reply, &sub.reference_id)
            })
            .collect();
    }
    let outcome = org.transaction(|org| {
        let mut results = Results::default();
        let mut out = Vec::with_capacity(subrequests.len());
        for (i, sub) in subrequests.iter().enumerate() {
            let reply = run_one(org, paging, sub, &results, all_or_none);
            if dispatch::halts_transaction(&reply) {
                return Err((i, Box::new(to_response(reply, &sub.reference_id))));
            }
            record(&mut results, sub, &reply);
            out.push(to_response(reply, &sub.reference_id));
        }
        Ok(out)
    });
    match outcome {
        Ok(out) => out,
        Err((failed_at, failed)) => subrequests
            .iter()
            .enumerate()
            .map(|(i, sub)| {
                if i == failed_at {
                    (*failed).clone()
                } else {
                    halted.response(&sub.reference_id)
                }
            })
            .collect(),
    }
}

fn record(results: &mut Results, sub: &Subrequest, reply: &Reply) {
    if reply.is_error() {
        results.failed(&sub.reference_id);
    } else {
        results.succeeded(&sub.reference_id, reply.body.clone());
    }
}

/// Whether every subrequest succeeded (graph `isSuccessful`).
pub fn all_succeeded(responses: &[SubResponse]) -> bool {
    responses.iter().all(|r| r.http_status_code < 400)
}

/// The first problem with a list of subrequests that Salesforce refuses the
/// whole request for: duplicate or malformed reference ids.
pub fn check_reference_ids(subrequests: &[Subrequest]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for sub in subrequests {
        let id = &sub.reference_id;
        let well_formed =
            !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !well_formed {
            return Err(format!(
                "Invalid reference id: {id}. Reference IDs can only contain letters, numbers and underscores."
            ));
        }
        if !seen.insert(id.to_ascii_lowercase()) {
            return Err(format!("Duplicate reference id: {id}"));
        }
    }
    Ok(())
}
