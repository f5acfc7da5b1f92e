//! Derive macros for `sf-runtime`. Use them through `sf_runtime`, which re-exports them.
