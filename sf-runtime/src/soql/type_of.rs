//! `TYPEOF` on polymorphic relationships:
//! `Task::WHAT.type_of().when((Account::NAME, Account::PHONE)).when((Opportunity::AMOUNT,))`
//! renders `TYPEOF What WHEN Account THEN Name, Phone WHEN Opportunity THEN Amount END`
//! and decodes to the relationship's `#[derive(Polymorphic)]` enum.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::ast;
use crate::model::{Field, ParentOf, PolymorphicOf, PolymorphicRelationship, SObject};

/// A tuple of fields of one object (`(Account::NAME, Account::PHONE)`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a tuple of fields of one object",
    label = "TYPEOF branches list fields of a single object",
    note = "write the fields as a tuple: `.when((Account::NAME, Account::PHONE))`"
)]
pub trait FieldList {
    /// The object the fields belong to.
    type Object: SObject;
    /// The fields' API names, in order.
    fn names() -> Vec<String>;
}

macro_rules! field_list {
    ($first:ident $(, $name:ident)*) => {
        impl<$first: Field $(, $name: Field<Object = $first::Object>)*> FieldList for ($first, $($name,)*) {
            type Object = $first::Object;
            fn names() -> Vec<String> {
                vec![$first::API_NAME.to_owned() $(, $name::API_NAME.to_owned())*]
            }
        }
    };
}

field_list!(A);
field_list!(A, B);
field_list!(A, B, C);
field_list!(A, B, C, D);
field_list!(A, B, C, D, E);
field_list!(A, B, C, D, E, F);
field_list!(A, B, C, D, E, F, G);
field_list!(A, B, C, D, E, F, G, H);

/// A `TYPEOF` select item over the polymorphic relationship `R`.
pub struct TypeOf<R> {
    whens: Vec<(String, Vec<String>)>,
    otherwise: Vec<String>,
    _relationship: PhantomData<fn() -> R>,
}

impl<R> Clone for TypeOf<R> {
    fn clone(&self) -> Self {
        TypeOf {
            whens: self.whens.clone(),
            otherwise: self.otherwise.clone(),
            _relationship: PhantomData,
        }
    }
}

impl<R: PolymorphicRelationship> TypeOf<R> {
    /// `WHEN Object THEN fields`: the object must be one the relationship's enum can hold.
    pub fn when<S: FieldList>(mut self, _fields: S) -> Self
    where
        S::Object: PolymorphicOf<R::To>,
    {
        self.whens
            .push((<S::Object as SObject>::API_NAME.to_owned(), S::names()));
        self
    }

    /// `ELSE fields`, for every other object type.
    pub fn otherwise<S: FieldList>(mut self, _fields: S) -> Self {
        self.otherwise = S::names();
        self
    }
}

/// `.type_of()` on polymorphic relationship tokens.
pub trait TypeOfExt: PolymorphicRelationship {
    /// Starts a `TYPEOF` item; add branches with [`TypeOf::when`] and
    /// [`TypeOf::otherwise`].
    fn type_of(self) -> TypeOf<Self> {
        TypeOf {
            whens: Vec::new(),
            otherwise: Vec::new(),
            _relationship: PhantomData,
        }
    }
}

impl<R: PolymorphicRelationship> TypeOfExt for R {}

impl<O, R> super::select::Selectable<O> for TypeOf<R>
where
    R: PolymorphicRelationship + ParentOf<O>,
    R::To: DeserializeOwned + Send + 'static,
{
    type Output = Option<R::To>;
    fn to_item(&self) -> ast::SelectItem {
        ast::SelectItem::TypeOf(ast::TypeOf {
            relationship: R::NAME.to_owned(),
            whens: self.whens.clone(),
            otherwise: self.otherwise.clone(),
        })
    }
    fn push_keys(keys: &mut Vec<&'static str>) {
        keys.push(R::NAME);
    }
}
