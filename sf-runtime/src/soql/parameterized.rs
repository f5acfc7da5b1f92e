//! A typed `parameterizedSearch` body: the search without SOSL text, as JSON
//! parameters (`q`, `in`, `sobjects` with per-object `fields`/`where`/`limit`,
//! `defaultLimit`, `overallLimit`, `spellCorrection`). The term is a
//! [`SearchTerm`], escaped by construction as in [`Search`](super::Search), and
//! each object entry comes from a typed [`Query`], so its fields and filter are
//! checked like a query's. Run it with
//! [`Client::parameterized_search`](crate::Client::parameterized_search); the
//! records come back as the same [`SearchResults`](super::SearchResults).
//!
//! ```
//! use serde_json::json;
//! use sf_runtime::soql::prelude::*;
//! use sf_runtime::soql::{ParameterizedSearch, SearchGroup, SearchTerm};
//! use sf_runtime::{Id, SObject};
//!
//! #[derive(Debug, Default, SObject)]
//! pub struct Account {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Account>>,
//!     pub name: Option<String>,
//!     pub number_of_employees: Option<i32>,
//! }
//!
//! let search = ParameterizedSearch::find(SearchTerm::words("Acme (UK)"))
//!     .in_fields(SearchGroup::Name)
//!     .returning(
//!         Account::select((Account::ID, Account::NAME))
//!             .filter(Account::NUMBER_OF_EMPLOYEES.gt(10))
//!             .limit(5),
//!     )
//!     .overall_limit(50);
//! assert_eq!(
//!     search.to_json(),
//!     json!({
//!         "q": r"Acme \(UK\)",
//!         "in": "NAME",
//!         "sobjects": [{
//!             "name": "Account",
//!             "fields": ["Id", "Name"],
//!             "where": "NumberOfEmployees > 10",
//!             "limit": 5
//!         }],
//!         "overallLimit": 50
//!     })
//! );
//! ```

use serde_json::{json, Map, Value};

use super::query::Query;
use super::render;
use super::search::{SearchGroup, SearchTerm};
use crate::model::SObject;

/// One `sobjects` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SearchObject {
    name: String,
    fields: Vec<String>,
    filter: Option<String>,
    limit: Option<u64>,
}

/// A `parameterizedSearch` request body (see the [module](self) for a typed one).
///
/// ```
/// use sf_runtime::soql::{ParameterizedSearch, SearchTerm};
///
/// let body = ParameterizedSearch::find(SearchTerm::phrase("New York"))
///     .default_limit(20)
///     .spell_correction(false)
///     .to_json();
/// assert_eq!(body["q"], "\"New York\"");
/// assert_eq!(body["defaultLimit"], 20);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterizedSearch {
    term: SearchTerm,
    group: Option<SearchGroup>,
    objects: Vec<SearchObject>,
    default_limit: Option<u32>,
    overall_limit: Option<u32>,
    spell_correction: Option<bool>,
}

impl ParameterizedSearch {
    /// Searches for `term` (`q`) in every object, returning ids, until
    /// [`returning`](Self::returning) names objects.
    pub fn find(term: SearchTerm) -> Self {
        ParameterizedSearch {
            term,
            group: None,
            objects: Vec::new(),
            default_limit: None,
            overall_limit: None,
            spell_correction: None,
        }
    }

    /// Which fields are searched (`in`).
    pub fn in_fields(mut self, group: SearchGroup) -> Self {
        self.group = Some(group);
        self
    }

    /// Adds an object entry from a typed query: its select list (`fields`), its
    /// `WHERE` (`where`) and its `LIMIT` (`limit`). A search object takes no
    /// other clause: the query's `ORDER BY`, `OFFSET` and the like are not sent.
    pub fn returning<O: SObject, S>(mut self, query: Query<O, S>) -> Self {
        let select = query.ast();
        let (fields, filter) = render::search_object_parts(select);
        self.objects.push(SearchObject {
            name: O::API_NAME.to_owned(),
            fields,
            filter,
            limit: select.limit,
        });
        self
    }

    /// Adds an object entry that returns ids only, up to the default limit.
    pub fn returning_ids<O: SObject>(mut self) -> Self {
        self.objects.push(SearchObject {
            name: O::API_NAME.to_owned(),
            fields: Vec::new(),
            filter: None,
            limit: None,
        });
        self
    }

    /// Most records per object whose entry sets no limit (`defaultLimit`;
    /// Salesforce accepts up to 2,000).
    pub fn default_limit(mut self, n: u32) -> Self {
        self.default_limit = Some(n);
        self
    }

    /// Most records across all objects (`overallLimit`; up to 2,000).
    pub fn overall_limit(mut self, n: u32) -> Self {
        self.overall_limit = Some(n);
        self
    }

    /// Whether Salesforce may correct the term's spelling (`spellCorrection`).
    pub fn spell_correction(mut self, on: bool) -> Self {
        self.spell_correction = Some(on);
        self
    }

    /// The POST body.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("q".into(), json!(self.term.as_str()));
        if let Some(g) = self.group {
            m.insert("in".into(), json!(g.as_str()));
        }
        if !self.objects.is_empty() {
            let objects: Vec<Value> = self
                .objects
                .iter()
                .map(|o| {
                    let mut e = Map::new();
                    e.insert("name".into(), json!(o.name));
                    if !o.fields.is_empty() {
                        e.insert("fields".into(), json!(o.fields));
                    }
                    if let Some(w) = &o.filter {
                        e.insert("where".into(), json!(w));
                    }
                    if let Some(n) = o.limit {
                        e.insert("limit".into(), json!(n));
                    }
                    Value::Object(e)
                })
                .collect();
            m.insert("sobjects".into(), Value::Array(objects));
        }
        if let Some(n) = self.default_limit {
            m.insert("defaultLimit".into(), json!(n));
        }
        if let Some(n) = self.overall_limit {
            m.insert("overallLimit".into(), json!(n));
        }
        if let Some(on) = self.spell_correction {
            m.insert("spellCorrection".into(), json!(on));
        }
        Value::Object(m)
    }
}
