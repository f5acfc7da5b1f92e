//! Progress reporting for many-records operations, shaped for a progress bar.

use std::sync::Arc;

/// How far an operation is: records handled so far (succeeded or failed) out of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Records in the operation.
    pub total: usize,
    /// Records handled so far, succeeded or failed.
    pub processed: usize,
    /// Of `processed`, how many failed.
    pub failed: usize,
}

/// Called after each chunk (Collections) or each poll and result read (Bulk).
pub type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// Wraps a closure as a [`ProgressFn`].
pub fn progress_fn(f: impl Fn(Progress) + Send + Sync + 'static) -> ProgressFn {
    Arc::new(f)
}
