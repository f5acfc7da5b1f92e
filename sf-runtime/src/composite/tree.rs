//! sObject Tree (`/composite/tree/{type}`): records of one root type with nested
//! children (up to five levels), inserted together. Each call takes up to 200 records
//! and is all-or-nothing; larger trees are split between root records.

use std::collections::HashMap;
use std::marker::PhantomData;

use reqwest::Method as HttpMethod;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::error::BuildError;
use super::result::SubrequestError;
use crate::client::{ApiRequest, Client, Error};
use crate::collections::RecordError;
use crate::model::{ChildRelationship, SObject, WriteMode};
use crate::types::Id;

/// Records per tree call.
pub const MAX_TREE_RECORDS: usize = 200;
/// Levels of nesting Salesforce accepts.
pub const MAX_TREE_DEPTH: usize = 5;

/// A record added to a tree; reads its id from the response.
pub struct TreeHandle<T> {
    node: usize,
    reference_id: String,
    _t: PhantomData<fn() -> T>,
}

impl<T> Clone for TreeHandle<T> {
    fn clone(&self) -> Self {
        TreeHandle {
            node: self.node,
            reference_id: self.reference_id.clone(),
            _t: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for TreeHandle<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TreeHandle({})", self.reference_id)
    }
}

#[derive(Debug, Clone)]
struct Node {
    object: &'static str,
    body: Map<String, Value>,
    reference_id: String,
    children: Vec<(&'static str, usize)>,
    depth: usize,
}

/// Root records of type `T` and their descendants.
///
/// ```
/// use serde_json::json;
/// use sf_runtime::composite::Tree;
/// use sf_runtime::{ChildRecords, Id, SObject};
///
/// #[derive(Debug, Default, SObject)]
/// pub struct Account {
///     #[sobject(api_name = "Id")]
///     pub id: Option<Id<Account>>,
///     pub name: Option<String>,
///     #[sobject(child = "Contacts", field = "AccountId")]
///     pub contacts: Option<ChildRecords<Contact>>,
/// }
///
/// #[derive(Debug, Default, SObject)]
/// pub struct Contact {
///     #[sobject(api_name = "Id")]
///     pub id: Option<Id<Contact>>,
///     pub last_name: Option<String>,
///     pub account_id: Option<Id<Account>>,
/// }
///
/// let mut tree = Tree::<Account>::new();
/// let acme = tree.add(&Account { name: Some("Acme".into()), ..Default::default() });
/// let ng = Contact {
///     last_name: Some("Ng".into()),
///     ..Default::default()
/// };
/// tree.child(&acme, Account::CONTACTS, &ng);
///
/// assert_eq!(
///     tree.build().unwrap()[0],
///     json!({"records": [{
///         "attributes": {"type": "Account", "referenceId": "ref1"},
///         "Name": "Acme",
///         "Contacts": {"records": [
///             {"attributes": {"type": "Contact", "referenceId": "ref2"}, "LastName": "Ng"}
///         ]}
///     }]})
/// );
/// ```
///
/// [`Tree::send`] inserts it; [`TreeResponse`] has each record's id by its handle.
#[derive(Debug)]
pub struct Tree<T> {
    nodes: Vec<Node>,
    roots: Vec<usize>,
    _t: PhantomData<fn() -> T>,
}

impl<T: SObject> Default for Tree<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: SObject> Tree<T> {
    /// An empty tree.
    pub fn new() -> Self {
        Tree {
            nodes: Vec::new(),
            roots: Vec::new(),
            _t: PhantomData,
        }
    }

    fn push(&mut self, object: &'static str, body: Map<String, Value>, depth: usize) -> usize {
        let node = self.nodes.len();
        self.nodes.push(Node {
            object,
            body,
            reference_id: format!("ref{}", node + 1),
            children: Vec::new(),
            depth,
        });
        node
    }

    /// Adds a root record.
    pub fn add(&mut self, record: &T) -> TreeHandle<T> {
        let node = self.push(T::API_NAME, record.to_write_json(WriteMode::Create), 1);
        self.roots.push(node);
        TreeHandle {
            node,
            reference_id: self.nodes[node].reference_id.clone(),
            _t: PhantomData,
        }
    }

    /// Adds `record` under `parent` through the child relationship `rel`
    /// (`Account::CONTACTS`); the lookup to the parent is filled in by Salesforce.
    pub fn child<R: ChildRelationship>(
        &mut self,
        parent: &TreeHandle<R::Parent>,
        rel: R,
        record: &R::Child,
    ) -> TreeHandle<R::Child> {
        let _ = rel;
        let mut body = record.to_write_json(WriteMode::Create);
        if let Some(meta) = <R::Parent as SObject>::META
            .children
            .iter()
            .find(|c| c.name == R::NAME)
        {
            body.remove(meta.field);
        }
        let depth = self.nodes[parent.node].depth + 1;
        let node = self.push(<R::Child as SObject>::API_NAME, body, depth);
        self.nodes[parent.node].children.push((R::NAME, node));
        TreeHandle {
            node,
            reference_id: self.nodes[node].reference_id.clone(),
            _t: PhantomData,
        }
    }

    fn size(&self, node: usize) -> usize {
        1 + self.nodes[node]
            .children
            .iter()
            .map(|&(_, c)| self.size(c))
            .sum::<usize>()
    }

    fn render(&self, node: usize) -> Value {
        let n = &self.nodes[node];
        let mut out = Map::new();
        out.insert(
            "attributes".into(),
            serde_json::json!({"type": n.object, "referenceId": n.reference_id}),
        );
        out.extend(n.body.clone());
        let mut by_rel: Vec<(&str, Vec<Value>)> = Vec::new();
        for &(rel, child) in &n.children {
            match by_rel.iter_mut().find(|(r, _)| *r == rel) {
                Some((_, list)) => list.push(self.render(child)),
                None => by_rel.push((rel, vec![self.render(child)])),
            }
        }
        for (rel, records) in by_rel {
            out.insert(rel.to_owned(), serde_json::json!({ "records": records }));
        }
        Value::Object(out)
    }

    /// Request bodies: root records packed in order, at most 200 records per call.
    pub fn build(&self) -> Result<Vec<Value>, BuildError> {
        if let Some(depth) = self
            .nodes
            .iter()
            .map(|n| n.depth)
            .max()
            .filter(|d| *d > MAX_TREE_DEPTH)
        {
            return Err(BuildError::TreeTooDeep { depth });
        }
        let mut bodies: Vec<(Vec<Value>, usize)> = Vec::new();
        for &root in &self.roots {
            let size = self.size(root);
            if size > MAX_TREE_RECORDS {
                return Err(BuildError::TooManySubrequests {
                    count: size,
                    limit: MAX_TREE_RECORDS,
                    reason: " (one root record and its descendants)",
                });
            }
            match bodies.last_mut() {
                Some((records, n)) if *n + size <= MAX_TREE_RECORDS => {
                    records.push(self.render(root));
                    *n += size;
                }
                _ => bodies.push((vec![self.render(root)], size)),
            }
        }
        Ok(bodies
            .into_iter()
            .map(|(records, _)| serde_json::json!({ "records": records }))
            .collect())
    }

    /// Inserts the tree, one call per body [`Tree::build`] produces. A call that fails
    /// rolls back its own records only.
    pub async fn send(&self, client: &Client) -> Result<TreeResponse, Error> {
        let bodies = self.build().map_err(|e| Error::config(e.to_string()))?;
        let mut out = TreeResponse::default();
        for body in &bodies {
            let req = ApiRequest::data(HttpMethod::POST, format!("composite/tree/{}", T::API_NAME))
                .json(body)?;
            out.api_calls += 1;
            let refs = reference_ids(body);
            match client.send(req).await {
                Ok(resp) => out.absorb(resp.json::<TreeBody>()?, &refs),
                Err(Error::Api { status, errors, .. }) => {
                    // The per-record errors are in the body; the client keeps it as text.
                    let parsed = errors
                        .iter()
                        .find_map(|e| serde_json::from_str::<TreeBody>(&e.message).ok());
                    match parsed {
                        Some(tree) => out.absorb(tree, &refs),
                        None => {
                            let errs: Vec<RecordError> = errors
                                .iter()
                                .map(|e| {
                                    RecordError::new(
                                        e.error_code.clone(),
                                        format!("HTTP {status}: {}", e.message),
                                    )
                                })
                                .collect();
                            for r in refs {
                                out.results.insert(r, Err(errs.clone()));
                            }
                        }
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
}

fn reference_ids(body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(r) = m
                    .get("attributes")
                    .and_then(|a| a.get("referenceId"))
                    .and_then(Value::as_str)
                {
                    out.push(r.to_owned());
                }
                m.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    walk(body, &mut out);
    out
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TreeBody {
    #[serde(default)]
    results: Vec<TreeResult>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TreeResult {
    reference_id: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    errors: Vec<RecordError>,
}

/// The ids (or errors) of the records of a tree.
#[derive(Debug, Default)]
pub struct TreeResponse {
    results: HashMap<String, Result<String, Vec<RecordError>>>,
    /// HTTP requests it took (each carries up to 200 records).
    pub api_calls: u64,
}

impl TreeResponse {
    fn absorb(&mut self, body: TreeBody, refs: &[String]) {
        let failed = body.results.iter().any(|r| !r.errors.is_empty());
        for r in body.results {
            let value = match (r.id, r.errors.is_empty()) {
                (Some(id), true) => Ok(id),
                (_, _) => Err(r.errors),
            };
            self.results.insert(r.reference_id, value);
        }
        // Records of a failed call that have no error of their own were rolled back.
        for r in refs {
            self.results.entry(r.clone()).or_insert_with(|| {
                Err(vec![RecordError::new(
                    if failed {
                        "ROLLED_BACK"
                    } else {
                        "MISSING_RESULT"
                    },
                    "another record of the same tree call failed, or no result was returned",
                )])
            });
        }
    }

    /// The id of a record of the tree.
    pub fn id<T>(&self, handle: &TreeHandle<T>) -> Result<Id<T>, SubrequestError> {
        let fail = |errors| SubrequestError {
            reference_id: handle.reference_id.clone(),
            status: 400,
            errors,
        };
        match self.results.get(&handle.reference_id) {
            Some(Ok(id)) => Id::parse(id)
                .map_err(|e| fail(vec![RecordError::new("INVALID_ID_RETURNED", e.to_string())])),
            Some(Err(errors)) => Err(fail(errors.clone())),
            None => Err(fail(vec![RecordError::new(
                "MISSING_RESULT",
                "record not in this tree",
            )])),
        }
    }
}
