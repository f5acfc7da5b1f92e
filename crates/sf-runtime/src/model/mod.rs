//! The typed model layer: what `#[derive(SObject)]` implements and what the SOQL
//! builder and the client are generic over.
//!
//! - [`meta`]: static descriptions of objects and fields (`ObjectMeta`, `FieldMeta`).
//! - [`sobject`]: the `SObject` trait and write modes.
//! - [`field`]: zero-sized field tokens and their capability markers.
//! - [`relationship`]: parent/child relationship tokens and the records they hold.
//! - [`patch`]: a typed PATCH body that only accepts updateable fields.

mod field;
mod meta;
mod patch;
mod relationship;
mod slot;
mod sobject;
mod wire;

pub use field::{Createable, Field, FieldOf, Nillable, Updateable};
pub use meta::{ChildMeta, FieldMeta, ObjectMeta, RelationshipMeta};
pub use patch::Patch;
pub use relationship::{
    ChildOf, ChildRecords, ChildRelationship, ParentOf, ParentRelationship, PolymorphicOf,
    PolymorphicRelationship,
};
pub use slot::{ChildSlot, FieldSlot, ParentSlot, ParentTarget};
pub use sobject::{SObject, WriteMode};
pub use wire::WireValue;
