//! Zero-sized field tokens (one type per field, diesel-style) and the capability
//! markers that make a write to a read-only field fail to compile.

use super::meta::FieldMeta;
use super::sobject::SObject;

/// A scalar field of `Self::Object`, as a zero-sized token (`Account::NAME`).
pub trait Field: Copy + Send + Sync + 'static {
    /// The object the field belongs to.
    type Object: SObject;
    /// The Rust value type (`String`, `Decimal`, `Id<Account>`, a picklist enum, …).
    type Value;
    /// The operator class (`kinds::Text`, `kinds::Number`, …) of the value type.
    type Kind;
    /// The field's API name (`AnnualRevenue`).
    const API_NAME: &'static str;
    /// The field's metadata (capabilities, describe type, …).
    const META: &'static FieldMeta;
}

/// The field token belongs to `O`; what makes a field of another object fail to compile.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a field of `{O}`",
    label = "this field belongs to another object",
    note = "every field in a query must belong to the object queried (`{O}`) or be reached through a parent relationship with `.then(..)`"
)]
pub trait FieldOf<O> {}

/// Implemented only for fields the describe marks createable.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not createable",
    label = "this field cannot be set on create",
    note = "read-only, formula (calculated) and system fields are left out of writes"
)]
pub trait Createable: Field {}

/// Implemented only for fields the describe marks updateable.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not updateable",
    label = "this field cannot be written by an update",
    note = "read-only, formula (calculated) and system fields cannot be set in a PATCH"
)]
pub trait Updateable: Field {}

/// Implemented only for fields that may hold null.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be cleared: the field is not nillable",
    label = "this field is required",
    note = "only nillable fields may be set to null"
)]
pub trait Nillable: Field {}

/// Implemented only for fields that can key an upsert: those the describe
/// marks `externalId` or `idLookup`, and `Id`. Upserting by any other field is
/// refused by Salesforce (`NOT_FOUND`/`INVALID_FIELD`); here it does not compile.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot key an upsert: it is not an external id or id-lookup field",
    label = "not an external id",
    note = "upsert by a field the describe marks `externalId` or `idLookup` (`#[sobject(external_id)]` / `#[sobject(id_lookup)]`), or by `Id`"
)]
pub trait UpsertKey: Field {}
