//! One subrequest before it is rendered: method, path under `/services/data/vXX.X/`,
//! body, and which earlier subrequests it refers to. Composite, Composite Batch and
//! Composite Graph render the same ops into their own wire shapes.

use std::marker::PhantomData;

use serde_json::{Map, Value};

use super::reference::IntoFieldValue;
use crate::model::{Createable, Field, Nillable, SObject, Updateable};

/// The HTTP method of a subrequest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: retrieve, query.
    Get,
    /// `POST`: create.
    Post,
    /// `PATCH`: update, upsert.
    Patch,
    /// `DELETE`: delete.
    Delete,
}

impl Method {
    /// The method name as sent (`"PATCH"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// What kind of operation, for Salesforce's per-request limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    /// sObject create/update/upsert/delete/get.
    Record,
    /// Query: at most 5 per composite request.
    Query,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub method: Method,
    /// Relative to `/services/data/vXX.X/`, e.g. `sobjects/Account/001…`.
    pub path: String,
    pub body: Option<Value>,
    /// `(builder, node)` pairs this op refers to.
    pub deps: Vec<(u64, usize)>,
    pub kind: OpKind,
    /// The sObject (or `query`), used to name reference ids.
    pub label: String,
}

/// Percent-encodes a query-string value (SOQL in a subrequest URL).
pub fn encode_query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Marker: the fields a create may set.
pub struct ForCreate;
/// Marker: the fields an update may set.
pub struct ForUpdate;

/// The body of a create or update, set field by field with typed values or references.
///
/// `Fields<T, ForCreate>` accepts only createable fields of `T`, `Fields<T, ForUpdate>`
/// only updateable ones; a value must be of the field's type or a `Ref` to one.
pub struct Fields<T, M> {
    pub(crate) body: Map<String, Value>,
    pub(crate) deps: Vec<(u64, usize)>,
    _marker: PhantomData<fn() -> (T, M)>,
}

impl<T: SObject, M> Fields<T, M> {
    pub(crate) fn new(body: Map<String, Value>) -> Self {
        Fields {
            body,
            deps: Vec::new(),
            _marker: PhantomData,
        }
    }

    fn put<V>(&mut self, name: &str, value: impl IntoFieldValue<V>) -> &mut Self {
        let (json, dep) = value.into_field_value();
        self.body.insert(name.to_owned(), json);
        self.deps.extend(dep);
        self
    }
}

impl<T: SObject> Fields<T, ForCreate> {
    /// Sets a createable field to a value or to a reference to an earlier result.
    pub fn set<F>(&mut self, _field: F, value: impl IntoFieldValue<F::Value>) -> &mut Self
    where
        F: Field<Object = T> + Createable,
    {
        self.put(F::API_NAME, value)
    }

    /// Sends null for a nillable createable field.
    pub fn clear<F>(&mut self, _field: F) -> &mut Self
    where
        F: Field<Object = T> + Createable + Nillable,
    {
        self.body.insert(F::API_NAME.to_owned(), Value::Null);
        self
    }
}

impl<T: SObject> Fields<T, ForUpdate> {
    /// Sets an updateable field to a value or to a reference to an earlier result.
    pub fn set<F>(&mut self, _field: F, value: impl IntoFieldValue<F::Value>) -> &mut Self
    where
        F: Field<Object = T> + Updateable,
    {
        self.put(F::API_NAME, value)
    }

    /// Sends null for a nillable updateable field.
    pub fn clear<F>(&mut self, _field: F) -> &mut Self
    where
        F: Field<Object = T> + Updateable + Nillable,
    {
        self.body.insert(F::API_NAME.to_owned(), Value::Null);
        self
    }
}
