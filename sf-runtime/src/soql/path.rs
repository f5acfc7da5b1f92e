//! Field paths: a field of the queried object, or a field reached through parent
//! relationships of any depth (`Contact::ACCOUNT.then(Account::OWNER).then(User::NAME)`
//! renders `Account.Owner.Name`).

use std::marker::PhantomData;

use crate::model::{Field, FieldOf, ParentRelationship, SObject};

/// Something that names a value in a record: a field token or a parent path to one.
pub trait FieldPath: Copy + Send + Sync + 'static {
    /// The object the path starts at (the one queried).
    type Root: SObject;
    /// The Rust value type at the end of the path.
    type Value;
    /// The operator class of that value (`kinds::Text`, …).
    type Kind;
    /// The path's segments: the JSON keys to walk in a result record.
    fn push_keys(keys: &mut Vec<&'static str>);

    /// `Account.Owner.Name`.
    fn path() -> String {
        let mut keys = Vec::new();
        Self::push_keys(&mut keys);
        keys.join(".")
    }
}

impl<F: Field> FieldPath for F {
    type Root = F::Object;
    type Value = F::Value;
    type Kind = F::Kind;
    fn push_keys(keys: &mut Vec<&'static str>) {
        keys.push(F::API_NAME);
    }
}

/// A parent relationship, or a chain of them.
pub trait RelationshipPath: Copy + Send + Sync + 'static {
    /// The object the chain starts at.
    type Root: SObject;
    /// The object at the end of the chain.
    type To;
    /// The relationship names along the chain (`["Account", "Owner"]`).
    fn push_keys(keys: &mut Vec<&'static str>);
}

impl<R: ParentRelationship> RelationshipPath for R {
    type Root = R::From;
    type To = R::To;
    fn push_keys(keys: &mut Vec<&'static str>) {
        keys.push(R::NAME);
    }
}

/// A relationship followed by a field or by another relationship.
pub struct Path<R, F>(PhantomData<fn() -> (R, F)>);

impl<R, F> Clone for Path<R, F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R, F> Copy for Path<R, F> {}

impl<R, F> Default for Path<R, F> {
    fn default() -> Self {
        Path(PhantomData)
    }
}

impl<R, F> std::fmt::Debug for Path<R, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Path")
    }
}

impl<R: RelationshipPath, F: FieldPath> FieldPath for Path<R, F> {
    type Root = R::Root;
    type Value = F::Value;
    type Kind = F::Kind;
    fn push_keys(keys: &mut Vec<&'static str>) {
        R::push_keys(keys);
        F::push_keys(keys);
    }
}

impl<R: RelationshipPath, N: RelationshipPath> RelationshipPath for Path<R, N> {
    type Root = R::Root;
    type To = N::To;
    fn push_keys(keys: &mut Vec<&'static str>) {
        R::push_keys(keys);
        N::push_keys(keys);
    }
}

/// A path starting at `R`'s root belongs to that root.
impl<R: RelationshipPath, F> FieldOf<<R as RelationshipPath>::Root> for Path<R, F> {}

/// `.then(..)` on parent relationships and relationship chains.
pub trait Then: RelationshipPath {
    /// Follows the relationship to a field (or another relationship) of the parent.
    fn then<F>(self, _next: F) -> Path<Self, F>
    where
        F: FieldOf<Self::To>,
    {
        Path(PhantomData)
    }
}

impl<R: RelationshipPath> Then for R {}
