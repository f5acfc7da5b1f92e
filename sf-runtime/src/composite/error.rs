//! Why a composite-family request cannot be built.

/// A request that would be rejected by Salesforce, caught before sending.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// More subrequests than one request takes, where splitting is not allowed
    /// (all-or-none, or a group of subrequests referring to each other).
    #[error("{count} subrequests do not fit in one request (limit {limit}){reason}")]
    TooManySubrequests {
        /// Subrequests that would have to go together.
        count: usize,
        /// What one request takes.
        limit: usize,
        /// Why they could not be split (rendered after the limit).
        reason: &'static str,
    },
    /// A subrequest refers to a result of another builder.
    #[error("subrequest {subrequest} refers to a subrequest of another builder")]
    ForeignReference {
        /// Index of the subrequest, in the order added.
        subrequest: usize,
    },
    /// An update of a record that has no id.
    #[error("subrequest {subrequest}: cannot update a {object} without an id")]
    MissingId {
        /// The sObject API name.
        object: &'static str,
        /// Index of the subrequest, in the order added.
        subrequest: usize,
    },
    /// An upsert of a record without a value for its external-id field.
    #[error("subrequest {subrequest}: the {object} has no value for external id {field}")]
    MissingExternalId {
        /// The sObject API name.
        object: &'static str,
        /// The external-id field's API name.
        field: &'static str,
        /// Index of the subrequest, in the order added.
        subrequest: usize,
    },
    /// A Composite Batch subrequest that refers to another (batch subrequests are independent).
    #[error(
        "subrequest {subrequest} refers to another subrequest, which a composite batch cannot do"
    )]
    ReferenceInBatch {
        /// Index of the subrequest, in the order added.
        subrequest: usize,
    },
    /// A tree deeper than Salesforce's five levels.
    #[error("sObject tree is {depth} levels deep (limit 5)")]
    TreeTooDeep {
        /// Levels in the tree, the root being 1.
        depth: usize,
    },
    /// A Composite Graph subrequest Salesforce does not accept in graphs (queries).
    #[error("subrequest {subrequest} ({method} {path}) is not allowed in a composite graph")]
    NotAllowedInGraph {
        /// Index of the subrequest, in the order added.
        subrequest: usize,
        /// Its HTTP method.
        method: &'static str,
        /// Its URL path.
        path: String,
    },
}
