//! The SOQL and SOSL engine: a recursive-descent parser that keeps row/column
//! positions for Salesforce-shaped errors, a resolver that checks every name
//! against the describe once per query, and an evaluator over the `Store`.
//!
//! Entry points: [`parse`], [`execute`] and [`search`] (SOSL).

mod aggregate;
pub mod ast;
mod condition;
mod currency;
mod dates;
mod error;
mod filter;
mod geo;
mod lexer;
mod parser;
mod plan;
mod rows;
mod search_term;
mod select;
mod sosl;
mod value;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::schema::Schema;
use crate::store::Store;

pub use error::SoqlError;
pub use lexer::unescape;
pub use parser::{parse, MAX_NESTING, SUBQUERY_WEIGHT};
pub use sosl::search;

use error::OUT_OF_RANGE;
use plan::{Plan, Resolver};

/// Per-request options of `execute`.
#[derive(Debug, Clone)]
pub struct ExecOptions {
    /// `queryAll`: deleted records are visible too.
    pub include_deleted: bool,
    /// The clock date literals are evaluated against.
    pub now: DateTime<Utc>,
    /// `66.0`, used in `attributes.url`.
    pub api_version: String,
}

impl ExecOptions {
    /// Options for a plain `query` at `now` with API version `api_version`.
    pub fn new(now: DateTime<Utc>, api_version: impl Into<String>) -> Self {
        ExecOptions {
            include_deleted: false,
            now,
            api_version: api_version.into(),
        }
    }
}

impl Default for ExecOptions {
    fn default() -> Self {
        ExecOptions::new(Utc::now(), "66.0")
    }
}

/// All rows of a query, in Salesforce's JSON shape; the HTTP layer pages them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryOutput {
    /// Records with `attributes`, or aggregate rows.
    pub records: Vec<Value>,
    /// `totalSize`: the row count, or the count of `SELECT COUNT()`.
    pub total_size: usize,
}

/// Salesforce refuses OFFSET beyond this.
const MAX_OFFSET: u64 = 2000;

/// Runs a SOQL query against the store.
pub fn execute(
    schema: &Schema,
    store: &Store,
    soql: &str,
    opts: &ExecOptions,
) -> Result<QueryOutput, SoqlError> {
    let query = parse(soql)?;
    let resolver = Resolver {
        schema,
        store,
        opts,
        src: soql,
    };
    let plan = resolver.plan(&query)?;
    Ok(match plan {
        Plan::Rows(p) => {
            let records = rows::run(&resolver, &p);
            QueryOutput {
                total_size: records.len(),
                records,
            }
        }
        Plan::Count(p) => QueryOutput {
            records: Vec::new(),
            total_size: rows::select_records(&resolver, &p).len(),
        },
        Plan::Aggregate(p) => {
            let records = aggregate::run(&resolver, &p);
            QueryOutput {
                total_size: records.len(),
                records,
            }
        }
    })
}

impl Resolver<'_> {
    /// Compiles a top-level query.
    pub(crate) fn plan(&self, q: &ast::Query) -> Result<Plan, SoqlError> {
        let from = &q.from.object;
        let object = self
            .schema
            .object(&from.name)
            .cloned()
            .ok_or_else(|| SoqlError::unknown_object(self.src, from.pos, &from.name))?;
        if q.offset.is_some_and(|o| o > MAX_OFFSET) {
            return Err(SoqlError::plain(
                OUT_OF_RANGE,
                format!("Maximum SOQL offset allowed is {MAX_OFFSET}"),
            ));
        }
        let count_only = matches!(
            q.select.as_slice(),
            [ast::SelectItem::Expr { expr: ast::Expr::Call { func, args }, alias: None }]
                if func.name.eq_ignore_ascii_case("COUNT") && args.is_empty()
        ) && q.group_by.is_none();
        if count_only {
            let mut stripped = q.clone();
            stripped.select.clear();
            stripped.order_by.clear();
            return Ok(Plan::Count(self.row_plan(&stripped, object, true)?));
        }
        if q.group_by.is_some() || aggregate::has_aggregate(q) {
            return Ok(Plan::Aggregate(self.agg_plan(q, object)?));
        }
        if let Some(h) = &q.having {
            let pos = match h {
                ast::Condition::Compare { op_pos, .. } => *op_pos,
                _ => q.pos,
            };
            return Err(self.malformed(pos, "HAVING clause requires GROUP BY"));
        }
        Ok(Plan::Rows(self.row_plan(q, object, true)?))
    }
}
