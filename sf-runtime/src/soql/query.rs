//! The SELECT builder: `Account::select((Account::ID, Account::NAME)).filter(..).limit(10)`.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::ast::{self, Cond, ForView, GroupBy, Scope, UpdateTracking, With};
use super::condition::Condition;
use super::group::GroupItems;
use super::order::IntoOrder;
use super::render;
use super::select::Selection;
use crate::model::SObject;

/// Anything that can be sent to the query endpoint, with the type its records decode to.
///
/// The client's `query` methods take any `TypedQuery` and yield `Row`s.
pub trait TypedQuery {
    /// What one result record decodes to.
    type Row: DeserializeOwned + Send + 'static;
    /// The SOQL text sent to Salesforce.
    fn to_soql(&self) -> String;
}

/// A SELECT from `O` whose rows decode as `S` says.
///
/// Start one from a derived struct: `Account::query()` (every field, rows are
/// `Account`), `Account::select((..))` (a tuple of fields, rows are
/// [`Row`](super::Row)s of
/// `Option`s) or `Account::count()`. Fields of another object, values of the wrong
/// type and operators the field's kind does not support are compile errors.
///
/// ```
/// use sf_runtime::soql::prelude::*;
/// use sf_runtime::{Decimal, Id, SObject};
///
/// #[derive(Debug, Default, SObject)]
/// pub struct Account {
///     #[sobject(api_name = "Id")]
///     pub id: Option<Id<Account>>,
///     pub name: Option<String>,
///     #[sobject(kind = "currency")]
///     pub annual_revenue: Option<Decimal>,
/// }
///
/// let q = Account::select((Account::ID, Account::NAME))
///     .filter(Account::NAME.starts_with("Acme") & Account::ANNUAL_REVENUE.ge(1_000_000))
///     .order_by(Account::ANNUAL_REVENUE.desc().nulls_last())
///     .limit(10)
///     .offset(20);
/// assert_eq!(
///     q.to_soql(),
///     "SELECT Id, Name FROM Account WHERE Name LIKE 'Acme%' AND AnnualRevenue >= 1000000 \
///      ORDER BY AnnualRevenue DESC NULLS LAST LIMIT 10 OFFSET 20"
/// );
/// assert_eq!(Account::query().to_soql(), "SELECT Id, Name, AnnualRevenue FROM Account");
/// assert_eq!(Account::count().to_soql(), "SELECT COUNT() FROM Account");
/// ```
pub struct Query<O, S> {
    selection: S,
    select: ast::Select,
    _object: PhantomData<fn() -> O>,
}

impl<O, S: Clone> Clone for Query<O, S> {
    fn clone(&self) -> Self {
        Query {
            selection: self.selection.clone(),
            select: self.select.clone(),
            _object: PhantomData,
        }
    }
}

impl<O, S> std::fmt::Debug for Query<O, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Query")
            .field(&render::render(&self.select))
            .finish()
    }
}

impl<O: SObject> Query<O, super::select::AllFields<O>> {
    /// Every scalar field of the struct.
    pub fn all_fields() -> Self
    where
        super::select::AllFields<O>: Selection<O>,
    {
        Query::new(super::select::AllFields::default())
    }
}

impl<O: SObject, S: Selection<O>> Query<O, S> {
    /// A `SELECT <selection> FROM <O>`; what `O::select(..)` calls.
    pub fn new(selection: S) -> Self {
        let mut items = Vec::new();
        selection.push_items(&mut items);
        Query {
            selection,
            select: ast::Select {
                items,
                from: O::API_NAME.to_owned(),
                ..ast::Select::default()
            },
            _object: PhantomData,
        }
    }
}

impl<O, S> Query<O, S> {
    /// Adds a WHERE condition; several calls are joined with AND.
    pub fn filter(mut self, condition: Condition<O>) -> Self {
        self.select.filter = Some(and_into(self.select.filter.take(), condition.cond));
        self
    }

    /// Adds an ORDER BY item; several calls keep their order.
    pub fn order_by(mut self, order: impl IntoOrder<O>) -> Self {
        self.select.order_by.push(order.into_order().item);
        self
    }

    /// `LIMIT n`.
    pub fn limit(mut self, n: u64) -> Self {
        self.select.limit = Some(n);
        self
    }

    /// `OFFSET n` (Salesforce allows at most 2,000).
    pub fn offset(mut self, n: u64) -> Self {
        self.select.offset = Some(n);
        self
    }

    /// `GROUP BY a, b`.
    pub fn group_by(mut self, items: impl GroupItems<O>) -> Self {
        self.select.group_by = Some(GroupBy::Plain(items.exprs()));
        self
    }

    /// `GROUP BY ROLLUP(a, b)`.
    pub fn group_by_rollup(mut self, items: impl GroupItems<O>) -> Self {
        self.select.group_by = Some(GroupBy::Rollup(items.exprs()));
        self
    }

    /// `GROUP BY CUBE(a, b)`.
    pub fn group_by_cube(mut self, items: impl GroupItems<O>) -> Self {
        self.select.group_by = Some(GroupBy::Cube(items.exprs()));
        self
    }

    /// Adds a HAVING condition (on aggregates or grouped fields); joined with AND.
    pub fn having(mut self, condition: Condition<O>) -> Self {
        self.select.having = Some(and_into(self.select.having.take(), condition.cond));
        self
    }

    /// `USING SCOPE …`.
    pub fn using_scope(mut self, scope: Scope) -> Self {
        self.select.using_scope = Some(scope);
        self
    }

    /// `WITH SECURITY_ENFORCED`.
    pub fn with_security_enforced(mut self) -> Self {
        self.select.with = Some(With::SecurityEnforced);
        self
    }

    /// `WITH USER_MODE`.
    pub fn with_user_mode(mut self) -> Self {
        self.select.with = Some(With::UserMode);
        self
    }

    /// `WITH SYSTEM_MODE`.
    pub fn with_system_mode(mut self) -> Self {
        self.select.with = Some(With::SystemMode);
        self
    }

    /// Adds a `WITH DATA CATEGORY` filter; several calls are joined with AND.
    ///
    /// ```
    /// use sf_runtime::soql::prelude::*;
    /// use sf_runtime::soql::DataCategory;
    /// use sf_runtime::{Id, SObject};
    ///
    /// #[derive(Debug, Default, SObject)]
    /// pub struct KnowledgeArticleVersion {
    ///     #[sobject(api_name = "Id")]
    ///     pub id: Option<Id<KnowledgeArticleVersion>>,
    ///     pub title: Option<String>,
    ///     pub publish_status: Option<String>,
    /// }
    ///
    /// let q = KnowledgeArticleVersion::select((KnowledgeArticleVersion::TITLE,))
    ///     .filter(KnowledgeArticleVersion::PUBLISH_STATUS.eq("online"))
    ///     .with_data_category(DataCategory::above("Geography__c", &["usa__c"]).unwrap())
    ///     .with_data_category(DataCategory::at("Product__c", &["a__c", "b__c"]).unwrap());
    /// assert_eq!(
    ///     q.to_soql(),
    ///     "SELECT Title FROM KnowledgeArticleVersion WHERE PublishStatus = 'online' \
    ///      WITH DATA CATEGORY Geography__c ABOVE usa__c AND Product__c AT (a__c, b__c)"
    /// );
    /// ```
    pub fn with_data_category(mut self, filter: super::DataCategory) -> Self {
        self.select.data_category.push(filter);
        self
    }

    /// `FOR VIEW`.
    pub fn for_view(mut self) -> Self {
        self.select.for_view = Some(ForView::View);
        self
    }

    /// `FOR REFERENCE`.
    pub fn for_reference(mut self) -> Self {
        self.select.for_view = Some(ForView::Reference);
        self
    }

    /// `FOR UPDATE`.
    pub fn for_update(mut self) -> Self {
        self.select.for_update = true;
        self
    }

    /// `UPDATE TRACKING`.
    pub fn update_tracking(mut self) -> Self {
        self.select.update = Some(UpdateTracking::Tracking);
        self
    }

    /// `UPDATE VIEWSTAT`.
    pub fn update_viewstat(mut self) -> Self {
        self.select.update = Some(UpdateTracking::Viewstat);
        self
    }

    /// Decode rows into `T` (a user struct) instead of the selection's row type.
    pub fn decode_as<T: DeserializeOwned + Send + 'static>(self) -> As<Self, T> {
        As {
            query: self,
            _row: PhantomData,
        }
    }

    /// The statement tree.
    pub fn ast(&self) -> &ast::Select {
        &self.select
    }

    /// The statement tree, by value.
    pub fn into_ast(self) -> ast::Select {
        self.select
    }

    /// The selection this query was built from.
    pub fn selection(&self) -> &S {
        &self.selection
    }

    /// The SOQL text (also what `Display` writes).
    pub fn to_soql(&self) -> String {
        render::render(&self.select)
    }
}

pub(crate) fn and_into(existing: Option<Cond>, next: Cond) -> Cond {
    match existing {
        None => next,
        Some(prev) => {
            Condition::<()>::from_ast(prev)
                .and(Condition::from_ast(next))
                .cond
        }
    }
}

impl<O, S> std::fmt::Display for Query<O, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_soql())
    }
}

impl<O: SObject, S: Selection<O>> TypedQuery for Query<O, S> {
    type Row = S::Row;
    fn to_soql(&self) -> String {
        render::render(&self.select)
    }
}

/// A query whose rows decode into `T` (see `Query::decode_as`).
pub struct As<Q, T> {
    query: Q,
    _row: PhantomData<fn() -> T>,
}

impl<Q: Clone, T> Clone for As<Q, T> {
    fn clone(&self) -> Self {
        As {
            query: self.query.clone(),
            _row: PhantomData,
        }
    }
}

impl<Q, T> As<Q, T> {
    /// The wrapped query.
    pub fn inner(&self) -> &Q {
        &self.query
    }
}

impl<Q: TypedQuery, T: DeserializeOwned + Send + 'static> TypedQuery for As<Q, T> {
    type Row = T;
    fn to_soql(&self) -> String {
        self.query.to_soql()
    }
}
