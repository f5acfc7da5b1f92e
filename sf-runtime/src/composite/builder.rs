//! The typed Composite request builder: each verb adds a subrequest and returns a
//! [`Handle`] that reads that subrequest's typed result and hands out typed
//! references ([`Ref`]) to it for later subrequests.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::BuildError;
use super::op::{encode_query_value, Fields, ForCreate, ForUpdate, Method, Op, OpKind};
use super::reference::{RecordRef, Ref};
use super::result::{Created, Deleted, Got, Queried, Updated, Upserted};
use crate::model::{Field, SObject, UpsertKey, WriteMode};

static NEXT_BUILDER: AtomicU64 = AtomicU64::new(1);

/// Identifies one subrequest of a builder and the type of its result.
pub struct Handle<R> {
    pub(crate) owner: u64,
    pub(crate) node: usize,
    pub(crate) reference_id: String,
    _result: PhantomData<fn() -> R>,
}

impl<R> Clone for Handle<R> {
    fn clone(&self) -> Self {
        Handle {
            owner: self.owner,
            node: self.node,
            reference_id: self.reference_id.clone(),
            _result: PhantomData,
        }
    }
}

impl<R> std::fmt::Debug for Handle<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Handle({})", self.reference_id)
    }
}

impl<R> Handle<R> {
    /// The `referenceId` Salesforce sees.
    pub fn reference_id(&self) -> &str {
        &self.reference_id
    }

    fn make_ref<V>(&self, path: &str) -> Ref<V> {
        Ref::new(
            self.owner,
            self.node,
            format!("{}.{path}", self.reference_id),
        )
    }
}

impl<T: SObject> Handle<Created<T>> {
    /// The id of the record this subrequest creates: `@{ref.id}`.
    pub fn id(&self) -> Ref<crate::types::Id<T>> {
        self.make_ref("id")
    }
}

impl<T: SObject> Handle<Upserted<T>> {
    /// The id of the record this upsert creates or updates: `@{ref.id}`.
    pub fn id(&self) -> Ref<crate::types::Id<T>> {
        self.make_ref("id")
    }
}

impl<T: SObject> Handle<Got<T>> {
    /// The retrieved record's id: `@{ref.Id}`.
    pub fn id(&self) -> Ref<crate::types::Id<T>> {
        self.make_ref("Id")
    }

    /// A field of the retrieved record: `@{ref.Field}`, typed as the field's value.
    pub fn field<F: Field<Object = T>>(&self, _field: F) -> Ref<F::Value> {
        self.make_ref(F::API_NAME)
    }
}

impl<R> Handle<Queried<R>> {
    /// The id of the `index`-th row of the query result: `@{ref.records[i].Id}`.
    pub fn record_id<T: SObject>(&self, index: usize) -> Ref<crate::types::Id<T>> {
        Ref::new(
            self.owner,
            self.node,
            format!("{}.records[{index}].Id", self.reference_id),
        )
    }

    /// A field of the `index`-th row: `@{ref.records[i].Field}`.
    pub fn record_field<F: Field>(&self, index: usize, _field: F) -> Ref<F::Value> {
        Ref::new(
            self.owner,
            self.node,
            format!("{}.records[{index}].{}", self.reference_id, F::API_NAME),
        )
    }
}

/// Subrequests that may refer to each other, sent as Composite (`/composite`) or as
/// one graph of a Composite Graph request.
///
/// ```no_run
/// # use sf_runtime::composite::Composite;
/// # use sf_runtime::{Id, SObject};
/// # #[derive(Debug, Default, SObject)]
/// # pub struct Account {
/// #     #[sobject(api_name = "Id")]
/// #     pub id: Option<Id<Account>>,
/// #     pub name: Option<String>,
/// # }
/// # #[derive(Debug, Default, SObject)]
/// # pub struct Contact {
/// #     #[sobject(api_name = "Id")]
/// #     pub id: Option<Id<Contact>>,
/// #     pub last_name: Option<String>,
/// #     pub account_id: Option<Id<Account>>,
/// # }
/// # async fn run(
/// #     client: sf_runtime::Client,
/// #     account: Account,
/// #     contact: Contact,
/// # ) -> Result<(), Box<dyn std::error::Error>> {
/// let mut c = Composite::new().all_or_none(true);
/// let acc = c.create(&account);
/// let con = c.create_with(&contact, |b| {
///     b.set(Contact::ACCOUNT_ID, acc.id());
/// });
/// let out = c.send(&client).await?;
/// let account_id: Id<Account> = out.get(&acc)?;
/// let contact_id: Id<Contact> = out.get(&con)?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Composite {
    pub(crate) id: u64,
    pub(crate) ops: Vec<Op>,
    pub(crate) reference_ids: Vec<String>,
    counters: HashMap<String, usize>,
    pub(crate) all_or_none: bool,
    pub(crate) collate_subrequests: bool,
    pub(crate) problems: Vec<BuildError>,
}

impl Default for Composite {
    fn default() -> Self {
        Self::new()
    }
}

impl Composite {
    /// An empty builder: not all-or-none, not collated.
    pub fn new() -> Self {
        Composite {
            id: NEXT_BUILDER.fetch_add(1, Ordering::Relaxed),
            ops: Vec::new(),
            reference_ids: Vec::new(),
            counters: HashMap::new(),
            all_or_none: false,
            collate_subrequests: false,
            problems: Vec::new(),
        }
    }

    /// Roll back every subrequest when one fails. A request that must be split to stay
    /// under 25 subrequests cannot be all-or-none; building it fails instead.
    pub fn all_or_none(mut self, on: bool) -> Self {
        self.all_or_none = on;
        self
    }

    /// Let Salesforce run independent subrequests in parallel.
    pub fn collate_subrequests(mut self, on: bool) -> Self {
        self.collate_subrequests = on;
        self
    }

    /// Subrequests added so far.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether no subrequest was added.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    fn push<R>(&mut self, op: Op) -> Handle<R> {
        for &(owner, node) in &op.deps {
            if owner != self.id || node >= self.ops.len() {
                self.problems.push(BuildError::ForeignReference {
                    subrequest: self.ops.len(),
                });
            }
        }
        let n = self.counters.entry(op.label.clone()).or_insert(0);
        *n += 1;
        // Reference ids must start with a letter and hold only letters, digits, `_`.
        let label: String = op
            .label
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let reference_id = format!("ref{label}{n}");
        let node = self.ops.len();
        self.ops.push(op);
        self.reference_ids.push(reference_id.clone());
        Handle {
            owner: self.id,
            node,
            reference_id,
            _result: PhantomData,
        }
    }

    /// Inserts `record` (its createable fields).
    pub fn create<T: SObject>(&mut self, record: &T) -> Handle<Created<T>> {
        self.create_with(record, |_| {})
    }

    /// Inserts `record`, with fields set or overridden by `f`, typically to references.
    pub fn create_with<T: SObject>(
        &mut self,
        record: &T,
        f: impl FnOnce(&mut Fields<T, ForCreate>),
    ) -> Handle<Created<T>> {
        let mut fields = Fields::new(record.to_write_json(WriteMode::Create));
        f(&mut fields);
        self.push(Op {
            method: Method::Post,
            path: format!("sobjects/{}", T::API_NAME),
            body: Some(Value::Object(fields.body)),
            deps: fields.deps,
            kind: OpKind::Record,
            label: T::API_NAME.to_owned(),
        })
    }

    /// Updates `record` by its id (its updateable fields).
    pub fn update<T: SObject>(&mut self, record: &T) -> Handle<Updated> {
        match record.id() {
            Some(id) => self.update_with(id, record, |_| {}),
            None => {
                self.problems.push(BuildError::MissingId {
                    object: T::API_NAME,
                    subrequest: self.ops.len(),
                });
                self.update_op(String::new(), Vec::new(), record, |_| {})
            }
        }
    }

    /// Updates the record `target` (an id or a reference to one) with the updateable
    /// fields of `record`, then the fields set by `f`.
    pub fn update_with<T: SObject>(
        &mut self,
        target: impl Into<RecordRef<T>>,
        record: &T,
        f: impl FnOnce(&mut Fields<T, ForUpdate>),
    ) -> Handle<Updated> {
        let target = target.into();
        self.update_op(
            target.segment(),
            target.dependency().into_iter().collect(),
            record,
            f,
        )
    }

    fn update_op<T: SObject>(
        &mut self,
        segment: String,
        mut deps: Vec<(u64, usize)>,
        record: &T,
        f: impl FnOnce(&mut Fields<T, ForUpdate>),
    ) -> Handle<Updated> {
        let mut fields = Fields::new(record.to_write_json(WriteMode::Update));
        fields.body.remove("Id");
        f(&mut fields);
        deps.extend(fields.deps);
        self.push(Op {
            method: Method::Patch,
            path: format!("sobjects/{}/{segment}", T::API_NAME),
            body: Some(Value::Object(fields.body)),
            deps,
            kind: OpKind::Record,
            label: T::API_NAME.to_owned(),
        })
    }

    /// Upserts `record` by the external-id field `key` (whose value it must hold).
    pub fn upsert<T: SObject, F: Field<Object = T> + UpsertKey>(
        &mut self,
        key: F,
        record: &T,
    ) -> Handle<Upserted<T>> {
        let _ = key;
        let create = record.to_write_json(WriteMode::Create);
        let value = match create.get(F::API_NAME) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                self.problems.push(BuildError::MissingExternalId {
                    object: T::API_NAME,
                    field: F::API_NAME,
                    subrequest: self.ops.len(),
                });
                String::new()
            }
        };
        let mut body = record.to_write_json(WriteMode::Upsert);
        body.remove(F::API_NAME);
        body.remove("Id");
        self.push(Op {
            method: Method::Patch,
            path: format!(
                "sobjects/{}/{}/{}",
                T::API_NAME,
                F::API_NAME,
                encode_query_value(&value).replace('+', "%20")
            ),
            body: Some(Value::Object(body)),
            deps: Vec::new(),
            kind: OpKind::Record,
            label: T::API_NAME.to_owned(),
        })
    }

    /// Deletes the record `target` (an id or a reference to one).
    pub fn delete<T: SObject>(&mut self, target: impl Into<RecordRef<T>>) -> Handle<Deleted> {
        let target = target.into();
        self.push(Op {
            method: Method::Delete,
            path: format!("sobjects/{}/{}", T::API_NAME, target.segment()),
            body: None,
            deps: target.dependency().into_iter().collect(),
            kind: OpKind::Record,
            label: T::API_NAME.to_owned(),
        })
    }

    /// Retrieves the record `target` as a `T`.
    pub fn get<T: SObject + DeserializeOwned>(
        &mut self,
        target: impl Into<RecordRef<T>>,
    ) -> Handle<Got<T>> {
        let target = target.into();
        let fields: Vec<&str> = T::META.fields.iter().map(|f| f.api_name).collect();
        let mut path = format!("sobjects/{}/{}", T::API_NAME, target.segment());
        if !fields.is_empty() {
            path.push_str("?fields=");
            path.push_str(&fields.join(","));
        }
        self.push(Op {
            method: Method::Get,
            path,
            body: None,
            deps: target.dependency().into_iter().collect(),
            kind: OpKind::Record,
            label: T::API_NAME.to_owned(),
        })
    }

    /// Runs a SOQL query; its rows decode as `R`.
    pub fn query<R: DeserializeOwned>(&mut self, soql: &str) -> Handle<Queried<R>> {
        self.push(Op {
            method: Method::Get,
            path: format!("query?q={}", encode_query_value(soql)),
            body: None,
            deps: Vec::new(),
            kind: OpKind::Query,
            label: "Query".to_owned(),
        })
    }

    /// Runs a query from the SOQL builder (`Account::query().filter(..)`); its rows
    /// decode as the query's row type.
    pub fn query_typed<Q: crate::soql::TypedQuery + ?Sized>(
        &mut self,
        query: &Q,
    ) -> Handle<Queried<Q::Row>> {
        self.query::<Q::Row>(&query.to_soql())
    }
}
