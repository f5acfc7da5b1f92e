//! The compile-time-checked SOQL builder.
//!
//! - [`ast`]: the statement tree; [`render`] turns it into text.
//! - [`literal`]: values and their escaping; [`date_literal`]: `TODAY`, `LAST_N_DAYS:n`, …
//! - [`path`]: fields and parent paths; [`condition`]: WHERE/HAVING; [`order`]: ORDER BY.
//! - [`select`]: selections and row decoding; [`child`]: subqueries; [`type_of`]: TYPEOF;
//!   [`aggregate`]: aggregates and functions; [`group`]: GROUP BY.
//! - [`query`]: the builder and `TypedQuery`; [`unchecked`]: the raw-text escape hatch.
//!
//! `use sf_runtime::soql::prelude::*;` brings the extension traits (`eq`, `asc`, `then`, …)
//! into scope.
//!
//! Queries start from a `#[derive(SObject)]` struct: `Account::query()`,
//! `Account::select((..))`, `Account::count()` (see [`Query`]). What can be compared,
//! ordered or grouped is decided by the field's type, so mistakes do not compile.
//! Anything the builder cannot express goes through [`Unchecked`].
//!
//! ```
//! use sf_runtime::soql::prelude::*;
//! use sf_runtime::soql::{count, sum, DateLiteral};
//! use sf_runtime::{Date, Decimal, Id, SObject};
//!
//! #[derive(Debug, Default, SObject)]
//! pub struct Opportunity {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Opportunity>>,
//!     pub name: Option<String>,
//!     pub stage_name: Option<String>,
//!     #[sobject(kind = "currency")]
//!     pub amount: Option<Decimal>,
//!     pub close_date: Option<Date>,
//! }
//!
//! // Conditions combine with `&`, `|`, `!`; mixed AND/OR get parentheses.
//! let q = Opportunity::select((Opportunity::NAME, Opportunity::AMOUNT))
//!     .filter(
//!         (Opportunity::STAGE_NAME.eq("Closed Won") | Opportunity::AMOUNT.gt(50_000))
//!             & Opportunity::CLOSE_DATE.eq(DateLiteral::ThisFiscalQuarter),
//!     )
//!     .order_by(Opportunity::AMOUNT.desc());
//! assert_eq!(
//!     q.to_soql(),
//!     "SELECT Name, Amount FROM Opportunity \
//!      WHERE (StageName = 'Closed Won' OR Amount > 50000) AND CloseDate = THIS_FISCAL_QUARTER \
//!      ORDER BY Amount DESC"
//! );
//!
//! // Aggregates with GROUP BY and HAVING.
//! let q = Opportunity::select((
//!     Opportunity::STAGE_NAME,
//!     count(Opportunity::ID),
//!     sum(Opportunity::AMOUNT).alias("total"),
//! ))
//! .group_by((Opportunity::STAGE_NAME,))
//! .having(sum(Opportunity::AMOUNT).gt(100_000));
//! assert_eq!(
//!     q.to_soql(),
//!     "SELECT StageName, COUNT(Id), SUM(Amount) total FROM Opportunity \
//!      GROUP BY StageName HAVING SUM(Amount) > 100000"
//! );
//! ```

pub mod aggregate;
pub mod ast;
pub mod child;
pub mod condition;
pub mod data_category;
pub mod date_literal;
pub mod distance;
pub mod group;
pub mod literal;
pub mod order;
pub mod parameterized;
pub mod path;
pub mod query;
pub mod render;
pub mod search;
pub mod select;
pub mod type_of;
pub mod unchecked;

pub use aggregate::{
    avg, calendar_month, calendar_quarter, calendar_year, convert_currency, count, count_distinct,
    day_in_month, day_in_week, day_in_year, day_only, fiscal_month, fiscal_quarter, fiscal_year,
    format, hour_in_day, max, min, sum, to_label, week_in_month, week_in_year, Computed,
    FieldFunction,
};
pub use ast::{Scope, With};
pub use child::{ChildExt, ChildQuery};
pub use condition::{
    Comparable, Condition, FieldExt, MultiSelect, Ordered, SameValue, SemiJoin, Textual,
};
pub use data_category::{CategorySelector, DataCategory, InvalidCategoryName};
pub use date_literal::DateLiteral;
pub use distance::{distance, Distance, DistanceUnit, Geolocated};
pub use group::{GroupItem, GroupItems};
pub use literal::{Literal, ToSoqlLiteral, ValueFor};
pub use order::{IntoOrder, Order, OrderExt};
pub use parameterized::ParameterizedSearch;
pub use path::{FieldPath, Path, RelationshipPath, Then};
pub use query::{As, Query, TypedQuery};
pub use search::{Search, SearchGroup, SearchResults, SearchTerm};
pub use select::{AllFields, CountAll, Row, Selectable, Selection, TupleSelection};
pub use type_of::{FieldList, TypeOf, TypeOfExt};
pub use unchecked::Unchecked;

/// The extension traits that put the builder methods on field tokens.
pub mod prelude {
    pub use super::{
        ChildExt, Condition, DateLiteral, FieldExt, OrderExt, Then, TypeOfExt, TypedQuery,
        Unchecked,
    };
}
