//! Why a composite-family request cannot be built.

/// A request that would be rejected by Salesforce, caught before sending.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// More subrequests than one request takes, where splitting is not allowed
    /// (all-or-none, or a group of subrequests referring to each other).
    #[error("{count} subrequests do not fit in one request (limit {limit}){reason}")]
    TooManySubrequests {
        count: usize,
        limit: usize,
        reason: &'static str,
    },
    /// A subrequest refers to a result of another builder.
    #[error("subrequest {subrequest} refers to a subrequest of another builder")]
    ForeignReference { subrequest: usize },
    /// An update of a record that has no id.
    #[error("subrequest {subrequest}: cannot update a {object} without an id")]
    MissingId {
        object: &'static str,
        subrequest: usize,
    },
    /// An upsert of a record without a value for its external-id field.
    #[error("subrequest {subrequest}: the {object} has no value for external id {field}")]
    MissingExternalId {
        object: &'static str,
        field: &'static str,
        subrequest: usize,
    },
    /// A Composite Batch subrequest that refers to another (batch subrequests are independent).
    #[error(
        "subrequest {subrequest} refers to another subrequest, which a composite batch cannot do"
    )]
    ReferenceInBatch { subrequest: usize },
    /// A tree deeper than Salesforce's five levels.
    #[error("sObject tree is {depth} levels deep (limit 5)")]
    TreeTooDeep { depth: usize },
    /// A Composite Graph subrequest Salesforce does not accept in graphs (queries).
    #[error("subrequest {subrequest} ({method} {path}) is not allowed in a composite graph")]
    NotAllowedInGraph {
        subrequest: usize,
        method: &'static str,
        path: String,
    },
}
