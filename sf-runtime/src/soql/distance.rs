//! `DISTANCE(field, GEOLOCATION(lat, lon), 'mi'|'km')`: location-based SOQL.
//!
//! Salesforce accepts a distance only in `WHERE` with `<` or `>`, in
//! `ORDER BY`, and in the select list, so [`Distance`] offers exactly those
//! and no `eq`, `le` or `ge`: the other comparisons fail to compile instead of
//! failing at Salesforce with `INVALID_QUERY_FILTER_OPERATOR`.

use super::aggregate::Computed;
use super::ast::{self, Expr};
use super::condition::Condition;
use super::literal::{ToSoqlLiteral, ValueFor};
use super::order::{IntoOrder, Order};
use super::path::FieldPath;
use super::select::Selectable;
use crate::types::{Address, Location};

/// Compound fields that hold a position: `DISTANCE` accepts them.
#[diagnostic::on_unimplemented(
    message = "`DISTANCE` needs a location or address field, not a field holding `{Self}`",
    label = "not a geolocation field"
)]
pub trait Geolocated {}
impl Geolocated for Location {}
impl Geolocated for Address {}

/// The unit of `DISTANCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistanceUnit {
    /// `'mi'`
    Miles,
    /// `'km'`
    Kilometers,
}

/// A `DISTANCE(..)` expression over records of `O`: compare it with
/// [`lt`](Self::lt) or [`gt`](Self::gt), order by it, or select it.
///
/// ```
/// use sf_runtime::soql::{distance, DistanceUnit};
/// # use sf_runtime::{SObject, types::{Address, Id}};
/// # #[derive(Debug, Default, SObject)]
/// # #[sobject(api_name = "Account")]
/// # pub struct Account {
/// #     #[sobject(api_name = "Id")] pub id: Option<Id<Account>>,
/// #     #[sobject(api_name = "Name")] pub name: Option<String>,
/// #     #[sobject(api_name = "BillingAddress", kind = "address", readonly)] pub billing_address: Option<Address>,
/// # }
/// use sf_runtime::soql::prelude::*;
/// let near = distance(Account::BILLING_ADDRESS, 37.775, -122.418, DistanceUnit::Miles);
/// let q = Account::select((Account::NAME,))
///     .filter(near.clone().lt(20))
///     .order_by(near.asc());
/// assert_eq!(
///     q.to_soql(),
///     "SELECT Name FROM Account WHERE DISTANCE(BillingAddress, GEOLOCATION(37.775, -122.418), 'mi') < 20 \
///      ORDER BY DISTANCE(BillingAddress, GEOLOCATION(37.775, -122.418), 'mi') ASC"
/// );
/// ```
///
/// Salesforce refuses `=`, `<=` and `>=` on a distance; so does the compiler:
///
/// ```compile_fail
/// # use sf_runtime::soql::{distance, DistanceUnit};
/// # use sf_runtime::{SObject, types::{Address, Id}};
/// # #[derive(Debug, Default, SObject)]
/// # #[sobject(api_name = "Account")]
/// # pub struct Account {
/// #     #[sobject(api_name = "Id")] pub id: Option<Id<Account>>,
/// #     #[sobject(api_name = "BillingAddress", kind = "address", readonly)] pub billing_address: Option<Address>,
/// # }
/// let _ = distance(Account::BILLING_ADDRESS, 1.0, 2.0, DistanceUnit::Miles).eq(20);
/// ```
pub struct Distance<O>(Computed<O, f64>);

impl<O> Clone for Distance<O> {
    fn clone(&self) -> Self {
        Distance(self.0.clone())
    }
}

impl<O> std::fmt::Debug for Distance<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Distance").field(&self.0.expr).finish()
    }
}

impl<O> Distance<O> {
    /// `DISTANCE(..) < value`: records closer than `value`.
    pub fn lt<V: ValueFor<f64>>(&self, value: V) -> Condition<O> {
        self.0.lt(value)
    }
    /// `DISTANCE(..) > value`: records farther than `value`.
    pub fn gt<V: ValueFor<f64>>(&self, value: V) -> Condition<O> {
        self.0.gt(value)
    }
    /// `ORDER BY DISTANCE(..) ASC`: nearest first.
    pub fn asc(&self) -> Order<O> {
        self.0.asc()
    }
    /// `ORDER BY DISTANCE(..) DESC`: farthest first.
    pub fn desc(&self) -> Order<O> {
        self.0.desc()
    }
    /// Names the column when selected (`DISTANCE(..) dist`).
    ///
    /// # Panics
    /// If `alias` is not an identifier, as [`Computed::alias`].
    pub fn alias(self, alias: &str) -> Self {
        Distance(self.0.alias(alias))
    }
}

impl<O> IntoOrder<O> for Distance<O> {
    fn into_order(self) -> Order<O> {
        self.0.into_order()
    }
}

impl<O> Selectable<O> for Distance<O> {
    type Output = Option<f64>;
    const POSITIONAL: bool = true;
    fn to_item(&self) -> ast::SelectItem {
        self.0.to_item()
    }
    fn push_keys(_keys: &mut Vec<&'static str>) {}
}

/// `DISTANCE(field, GEOLOCATION(latitude, longitude), 'mi'|'km')`, for WHERE
/// (`distance(..).lt(20)`), ORDER BY and the select list.
pub fn distance<F>(
    _field: F,
    latitude: f64,
    longitude: f64,
    unit: DistanceUnit,
) -> Distance<F::Root>
where
    F: FieldPath,
    F::Value: Geolocated,
{
    Distance(Computed::new(Expr::Distance {
        field: F::path(),
        latitude: latitude.to_soql_literal(),
        longitude: longitude.to_soql_literal(),
        unit: match unit {
            DistanceUnit::Miles => "mi",
            DistanceUnit::Kilometers => "km",
        },
    }))
}
