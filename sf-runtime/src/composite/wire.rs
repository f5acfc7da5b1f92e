//! Rendering ops into the JSON bodies of `/composite` and `/composite/graph`.

use serde::Serialize;
use serde_json::Value;

use super::builder::Composite;
use super::error::BuildError;
use super::op::{Method, Op, OpKind};
use super::split::{pack, Limits, COMPOSITE_LIMITS};

/// One element of `compositeRequest`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubrequestWire {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// Absolute path: `/services/data/v66.0/sobjects/Account`.
    pub url: String,
    /// Names the subrequest in responses and in `@{ref.field}` references.
    pub reference_id: String,
    /// The request body, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

/// The body of `POST /composite`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompositeBody {
    /// Roll back every subrequest when one fails.
    pub all_or_none: bool,
    /// Let Salesforce run independent subrequests in parallel.
    pub collate_subrequests: bool,
    /// The subrequests, at most 25.
    pub composite_request: Vec<SubrequestWire>,
}

pub(crate) fn render(op: &Op, reference_id: &str, api_version: &str) -> SubrequestWire {
    SubrequestWire {
        method: op.method.as_str(),
        url: format!("/services/data/v{api_version}/{}", op.path),
        reference_id: reference_id.to_owned(),
        body: op.body.clone(),
    }
}

impl Composite {
    /// The first problem recorded while adding subrequests, if any.
    pub(crate) fn check(&self) -> Result<(), BuildError> {
        match self.problems.first() {
            Some(p) => Err(p.clone()),
            None => Ok(()),
        }
    }

    /// The request bodies this builder sends: one when it fits in 25 subrequests,
    /// more when independent groups can be split apart.
    pub fn build(&self, api_version: &str) -> Result<Vec<CompositeBody>, BuildError> {
        self.check()?;
        let limits: Limits = COMPOSITE_LIMITS;
        if self.all_or_none && self.ops.len() > limits.max_subrequests {
            return Err(BuildError::TooManySubrequests {
                count: self.ops.len(),
                limit: limits.max_subrequests,
                reason: " (an all-or-none request cannot be split; use a composite graph)",
            });
        }
        let groups = pack(&self.ops, limits)?;
        Ok(groups
            .into_iter()
            .map(|group| CompositeBody {
                all_or_none: self.all_or_none,
                collate_subrequests: self.collate_subrequests,
                composite_request: group
                    .into_iter()
                    .map(|i| render(&self.ops[i], &self.reference_ids[i], api_version))
                    .collect(),
            })
            .collect())
    }

    /// The subrequests as one graph's `compositeRequest` (graphs take only record
    /// operations, up to 500 of them).
    pub(crate) fn graph_request(
        &self,
        api_version: &str,
    ) -> Result<Vec<SubrequestWire>, BuildError> {
        self.check()?;
        for (i, op) in self.ops.iter().enumerate() {
            if op.kind == OpKind::Query {
                return Err(BuildError::NotAllowedInGraph {
                    subrequest: i,
                    method: Method::Get.as_str(),
                    path: op.path.clone(),
                });
            }
        }
        Ok(self
            .ops
            .iter()
            .zip(&self.reference_ids)
            .map(|(op, r)| render(op, r, api_version))
            .collect())
    }
}
