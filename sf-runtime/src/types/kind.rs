//! Operator-class markers: which SOQL operators a field's value type supports.
//!
//! Every Rust value type used in an sObject field implements [`FieldType`], naming one of
//! the zero-sized markers in [`kinds`]. The SOQL builder offers comparison methods per
//! kind (`like` only for [`kinds::Text`], `includes` only for [`kinds::MultiPicklist`], …).
//! Picklist enums get `FieldType<Kind = kinds::Picklist>` from `#[derive(Picklist)]`.

use super::{
    Address, AnyType, Base64, Date, DateTime, Decimal, FieldValue, Id, Json, Location,
    MultiPicklist, Picklist, Time,
};

/// The operator classes. Zero-sized marker types, used only at the type level.
pub mod kinds {
    /// Text-like values (`String`; describe types string, textarea, email, phone, url, …):
    /// `=`, `!=`, `<`…, `LIKE`, `IN`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Text;
    /// Numbers (`i32`, `i64`, `f64`, `Decimal`): comparisons and `IN`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Number;
    /// Booleans: `=` and `!=` only.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Bool;
    /// Dates: comparisons, `IN`, date literals (`TODAY`, `LAST_N_DAYS:n`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Date;
    /// Date-times: comparisons, `IN`, date literals.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct DateTime;
    /// Times of day: comparisons and `IN`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Time;
    /// Record ids and references: `=`, `!=`, `IN`, semi-joins.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Id;
    /// Single-select picklists: `=`, `!=`, `IN`, and comparisons.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Picklist;
    /// Multi-select picklists: `=`, `!=`, `INCLUDES`, `EXCLUDES`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct MultiPicklist;
    /// Compound fields (address, location): selectable, `DISTANCE` for locations, not filterable with `=`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Compound;
    /// Binary fields (base64): selectable only.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Blob;
    /// Anything else (anyType, JSON): selectable only.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Other;
}

/// Maps a Rust value type to its SOQL operator class.
///
/// `Option<T>`, [`FieldValue<T>`] and `Box<T>` forward to `T`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a Salesforce field value type",
    label = "no operator class for `{Self}`",
    note = "field value types implement `sf_runtime::FieldType` (String, bool, i32, i64, f64, Decimal, Date, DateTime, Time, Id<T>, Address, Location, Base64, AnyType, Json, MultiPicklist<P>, `#[derive(Picklist)]` enums, and Option/FieldValue/Box of those)"
)]
pub trait FieldType {
    /// One of the markers in [`kinds`].
    type Kind;
}

macro_rules! field_type {
    ($($ty:ty => $kind:ident),* $(,)?) => {
        $(impl FieldType for $ty { type Kind = kinds::$kind; })*
    };
}

field_type! {
    String => Text,
    bool => Bool,
    i32 => Number,
    i64 => Number,
    f64 => Number,
    Decimal => Number,
    Date => Date,
    DateTime => DateTime,
    Time => Time,
    Address => Compound,
    Location => Compound,
    Base64 => Blob,
    AnyType => Other,
    Json => Other,
    serde_json::Value => Other,
}

impl<T> FieldType for Id<T> {
    type Kind = kinds::Id;
}

impl<P: Picklist> FieldType for MultiPicklist<P> {
    type Kind = kinds::MultiPicklist;
}

impl<T: FieldType> FieldType for Option<T> {
    type Kind = T::Kind;
}

impl<T: FieldType> FieldType for FieldValue<T> {
    type Kind = T::Kind;
}

impl<T: FieldType + ?Sized> FieldType for Box<T> {
    type Kind = T::Kind;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of<T: FieldType>() -> &'static str {
        std::any::type_name::<T::Kind>()
            .rsplit("::")
            .next()
            .unwrap()
    }

    #[test]
    fn forwarding() {
        assert_eq!(kind_of::<Option<FieldValue<Box<String>>>>(), "Text");
        assert_eq!(kind_of::<Option<Decimal>>(), "Number");
        assert_eq!(kind_of::<Id<()>>(), "Id");
        assert_eq!(kind_of::<FieldValue<DateTime>>(), "DateTime");
    }
}
