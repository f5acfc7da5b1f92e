//! A typed SOSL builder: `FIND {term} IN … FIELDS RETURNING Account(…), Contact(…)`.
//! The search term is escaped by construction (SOSL's reserved characters get a
//! backslash), and each `RETURNING` item is a typed SOQL [`Query`], so its
//! fields, filter and order are checked like a query's.
//!
//! ```
//! use sf_runtime::soql::prelude::*;
//! use sf_runtime::soql::{Search, SearchGroup, SearchTerm};
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
//! let search = Search::find(SearchTerm::words("Acme (UK) & Co"))
//!     .in_fields(SearchGroup::Name)
//!     .returning(
//!         Account::select((Account::ID, Account::NAME))
//!             .filter(Account::NUMBER_OF_EMPLOYEES.gt(10))
//!             .limit(5),
//!     );
//! assert_eq!(
//!     search.to_sosl(),
//!     r"FIND {Acme \(UK\) \& Co} IN NAME FIELDS RETURNING Account(Id, Name WHERE NumberOfEmployees > 10 LIMIT 5)"
//! );
//! ```

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::query::Query;
use super::render;
use crate::model::SObject;

/// Characters SOSL reserves in a search term.
const RESERVED: &[char] = &[
    '?', '&', '|', '!', '{', '}', '[', ']', '(', ')', '^', '~', '*', ':', '\\', '"', '\'', '+', '-',
];

/// A search term, escaped for SOSL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerm(String);

impl SearchTerm {
    /// Words searched as written: every reserved character is escaped, so
    /// nothing in `text` acts as an operator or wildcard.
    pub fn words(text: &str) -> Self {
        SearchTerm(escape(text, &[]))
    }

    /// Words with `*` (any characters) and `?` (one character) kept as
    /// wildcards; every other reserved character is escaped.
    pub fn pattern(text: &str) -> Self {
        SearchTerm(escape(text, &['*', '?']))
    }

    /// A phrase: the words must appear in this order (quoted).
    pub fn phrase(text: &str) -> Self {
        SearchTerm(format!("\"{}\"", escape(text, &[])))
    }

    /// The escaped text, as it goes between the braces.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn escape(text: &str, keep: &[char]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if RESERVED.contains(&c) && !keep.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Which fields are searched (`IN … FIELDS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchGroup {
    /// Every searchable field (the default).
    All,
    /// Name fields.
    Name,
    /// Email fields.
    Email,
    /// Phone fields.
    Phone,
    /// The fields the sidebar searches.
    Sidebar,
}

impl SearchGroup {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SearchGroup::All => "ALL",
            SearchGroup::Name => "NAME",
            SearchGroup::Email => "EMAIL",
            SearchGroup::Phone => "PHONE",
            SearchGroup::Sidebar => "SIDEBAR",
        }
    }
}

/// A SOSL statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    term: SearchTerm,
    group: Option<SearchGroup>,
    returning: Vec<String>,
    limit: Option<u64>,
}

impl Search {
    /// `FIND {term}`.
    pub fn find(term: SearchTerm) -> Self {
        Search {
            term,
            group: None,
            returning: Vec::new(),
            limit: None,
        }
    }

    /// `IN group FIELDS`.
    pub fn in_fields(mut self, group: SearchGroup) -> Self {
        self.group = Some(group);
        self
    }

    /// Adds a `RETURNING` item from a typed query: its fields, `WHERE`,
    /// `ORDER BY`, `LIMIT` and `OFFSET` (the clauses SOSL takes there).
    pub fn returning<O: SObject, S>(mut self, query: Query<O, S>) -> Self {
        let mut item = String::new();
        render::returning_into(&mut item, query.ast());
        self.returning.push(item);
        self
    }

    /// `LIMIT n` over all objects.
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    /// The SOSL text.
    pub fn to_sosl(&self) -> String {
        let mut out = format!("FIND {{{}}}", self.term.as_str());
        if let Some(g) = self.group {
            out.push_str(" IN ");
            out.push_str(g.as_str());
            out.push_str(" FIELDS");
        }
        if !self.returning.is_empty() {
            out.push_str(" RETURNING ");
            out.push_str(&self.returning.join(", "));
        }
        if let Some(n) = self.limit {
            out.push_str(&format!(" LIMIT {n}"));
        }
        out
    }
}

impl fmt::Display for Search {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_sosl())
    }
}

/// The records a search found, of every object, in Salesforce's order.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    records: Vec<Value>,
}

impl SearchResults {
    pub(crate) fn new(records: Vec<Value>) -> Self {
        SearchResults { records }
    }

    /// The records of `T` (by `attributes.type`), decoded; fields the search
    /// did not return are `None`.
    pub fn of<T: SObject + DeserializeOwned>(&self) -> Result<Vec<T>, serde_json::Error> {
        self.records
            .iter()
            .filter(|r| r["attributes"]["type"].as_str() == Some(T::API_NAME))
            .map(T::deserialize)
            .collect()
    }

    /// Every record as JSON.
    pub fn records(&self) -> &[Value] {
        &self.records
    }

    /// How many records, of every object.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reserved_character_is_escaped() {
        assert_eq!(
            SearchTerm::words(r#"a?b&c|d!e{f}g[h]i(j)k^l~m*n:o\p"q'r+s-t"#).as_str(),
            r#"a\?b\&c\|d\!e\{f\}g\[h\]i\(j\)k\^l\~m\*n\:o\\p\"q\'r\+s\-t"#
        );
        // An attempt to close the braces and add a clause stays inside the term.
        let s = Search::find(SearchTerm::words("x} RETURNING User(Id"));
        assert_eq!(s.to_sosl(), r"FIND {x\} RETURNING User\(Id}");
        assert_eq!(SearchTerm::pattern("Acm* Co?").as_str(), "Acm* Co?");
        assert_eq!(SearchTerm::pattern("a-b*").as_str(), r"a\-b*");
        assert_eq!(SearchTerm::phrase("New York").as_str(), "\"New York\"");
    }
}
