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

pub mod aggregate;
pub mod ast;
pub mod child;
pub mod condition;
pub mod date_literal;
pub mod group;
pub mod literal;
pub mod order;
pub mod path;
pub mod query;
pub mod render;
pub mod select;
pub mod type_of;
pub mod unchecked;

pub use aggregate::{
    avg, calendar_month, calendar_quarter, calendar_year, convert_currency, count, count_distinct,
    day_in_month, day_in_week, day_in_year, day_only, distance, fiscal_month, fiscal_quarter,
    fiscal_year, format, hour_in_day, max, min, sum, to_label, week_in_month, week_in_year,
    Computed, DistanceUnit, FieldFunction, Geolocated,
};
pub use ast::{Scope, With};
pub use child::{ChildExt, ChildQuery};
pub use condition::{
    Comparable, Condition, FieldExt, MultiSelect, Ordered, SameValue, SemiJoin, Textual,
};
pub use date_literal::DateLiteral;
pub use group::{GroupItem, GroupItems};
pub use literal::{Literal, ToSoqlLiteral, ValueFor};
pub use order::{IntoOrder, Order, OrderExt};
pub use path::{FieldPath, Path, RelationshipPath, Then};
pub use query::{As, Query, TypedQuery};
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
