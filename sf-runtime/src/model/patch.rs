//! A typed PATCH body: only updateable fields can be set, only nillable ones cleared.

use std::marker::PhantomData;

use serde_json::{Map, Value};

use super::field::{FieldOf, Nillable, Updateable};
use super::sobject::SObject;
use super::wire::WireValue;

/// The JSON body of an update, built field by field.
///
/// Setting a field that is not updateable, or clearing one that is not nillable, does
/// not compile. Send it with [`Client::update_patch`](crate::Client::update_patch).
///
/// ```
/// use sf_runtime::{Id, Patch, SObject};
///
/// #[derive(Debug, Default, SObject)]
/// pub struct Account {
///     #[sobject(api_name = "Id")]
///     pub id: Option<Id<Account>>,
///     #[sobject(nillable = false)]
///     pub name: Option<String>,
///     pub description: Option<String>,
///     #[sobject(readonly)]
///     pub created_date: Option<sf_runtime::DateTime>,
/// }
///
/// let body = Patch::<Account>::new()
///     .set(Account::NAME, "Acme")
///     .clear(Account::DESCRIPTION);
/// assert_eq!(
///     serde_json::Value::Object(body.into_json()),
///     serde_json::json!({"Name": "Acme", "Description": null})
/// );
/// ```
///
/// ```compile_fail,E0277
/// # use sf_runtime::{Id, Patch, SObject};
/// # #[derive(Debug, Default, SObject)]
/// # pub struct Account {
/// #     #[sobject(api_name = "Id")]
/// #     pub id: Option<Id<Account>>,
/// #     #[sobject(readonly)]
/// #     pub created_date: Option<sf_runtime::DateTime>,
/// # }
/// // `CreatedDate` is read-only: not `Updateable`.
/// let body = Patch::<Account>::new().set(Account::CREATED_DATE, sf_runtime::DateTime::now());
/// ```
pub struct Patch<O> {
    body: Map<String, Value>,
    _object: PhantomData<fn() -> O>,
}

impl<O: SObject> Default for Patch<O> {
    fn default() -> Self {
        Self::new()
    }
}

impl<O> Clone for Patch<O> {
    fn clone(&self) -> Self {
        Patch {
            body: self.body.clone(),
            _object: PhantomData,
        }
    }
}

impl<O> std::fmt::Debug for Patch<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Patch").field(&self.body).finish()
    }
}

impl<O: SObject> Patch<O> {
    /// An empty body.
    pub fn new() -> Self {
        Patch {
            body: Map::new(),
            _object: PhantomData,
        }
    }

    /// Sets an updateable field; the value must convert into the field's type.
    pub fn set<F, V>(mut self, _field: F, value: V) -> Self
    where
        F: FieldOf<O> + Updateable,
        V: Into<F::Value>,
        F::Value: serde::Serialize,
        F::Kind: WireValue,
    {
        let value = serde_json::to_value(value.into()).map_or(Value::Null, F::Kind::to_wire);
        self.body.insert(F::API_NAME.to_owned(), value);
        self
    }

    /// Sets a nillable, updateable field to null.
    pub fn clear<F>(mut self, _field: F) -> Self
    where
        F: FieldOf<O> + Updateable + Nillable,
    {
        self.body.insert(F::API_NAME.to_owned(), Value::Null);
        self
    }

    /// Whether no field was set or cleared.
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }

    /// The JSON body of the PATCH.
    pub fn to_json(&self) -> &Map<String, Value> {
        &self.body
    }

    /// The JSON body of the PATCH, by value.
    pub fn into_json(self) -> Map<String, Value> {
        self.body
    }
}
