//! [`Related`]: how generated structs hold a parent record or child records, so
//! that a generated set of any size compiles in time and memory proportional to
//! what a program uses.
//!
//! With `Option<Box<Contact>>` in `Account` and `Option<ChildRecords<Account>>` in
//! `Contact`, every object reachable through relationships is part of each
//! object's type: proving `Account: Send` walks them all (a densely linked org of
//! a thousand objects needed `#![recursion_limit = "8192"]`), and decoding one
//! `Account` instantiates the decoder of every reachable object, in a chain that
//! exceeds rustc's instantiation limit past about a hundred objects. `Related<T>`
//! keeps the record as JSON and decodes it when asked ([`Related::get`]), so each
//! object is checked and instantiated on its own, and only where it is read.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A parent record (or the [`ChildRecords`](super::ChildRecords) of a subquery)
/// nested in a record, decoded as `T` on demand.
///
/// ```
/// use sf_runtime::Related;
/// # #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// # struct Account { #[serde(rename = "Name")] name: Option<String> }
/// let json = serde_json::json!({"attributes": {"type": "Account"}, "Name": "Acme"});
/// let account: Related<Account> = serde_json::from_value(json).unwrap();
/// assert_eq!(account.get().unwrap().name.as_deref(), Some("Acme"));
/// assert_eq!(account.json()["Name"], "Acme");
///
/// let built = Related::new(&Account { name: Some("Beta".into()) }).unwrap();
/// assert_eq!(built.get().unwrap(), Account { name: Some("Beta".into()) });
/// ```
pub struct Related<T> {
    json: serde_json::Value,
    // `fn() -> T`: `Related<T>` is `Send + Sync` whatever `T` is, so auto traits do
    // not recurse through the object graph.
    _type: PhantomData<fn() -> T>,
}

impl<T> Related<T> {
    /// Holds a record given as JSON (the shape Salesforce sends).
    pub fn from_json(json: serde_json::Value) -> Self {
        Related {
            json,
            _type: PhantomData,
        }
    }

    /// The record as received (or as built by [`new`](Related::new)).
    pub fn json(&self) -> &serde_json::Value {
        &self.json
    }

    /// The JSON, taken out.
    pub fn into_json(self) -> serde_json::Value {
        self.json
    }
}

impl<T: Serialize> Related<T> {
    /// Holds `record` (for writes that nest records, such as Composite tree).
    pub fn new(record: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_value(record).map(Related::from_json)
    }
}

impl<T: DeserializeOwned> Related<T> {
    /// Decodes the record. A record of another shape than `T` (a field of a type
    /// `T` does not expect) is an error, as it would be for the enclosing record.
    pub fn get(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.json)
    }

    /// Decodes the record, consuming the JSON.
    pub fn into_inner(self) -> Result<T, serde_json::Error> {
        serde_json::from_value(self.json)
    }
}

impl<T> Clone for Related<T> {
    fn clone(&self) -> Self {
        Related::from_json(self.json.clone())
    }
}

impl<T> PartialEq for Related<T> {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl<T> fmt::Debug for Related<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Related").field(&self.json).finish()
    }
}

impl<T> Serialize for Related<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

impl<'de, T> Deserialize<'de> for Related<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(Related::from_json)
    }
}

/// How a `#[derive(Polymorphic)]` variant holds the record it was chosen for:
/// `Box<T>` decodes it at once, [`Related<T>`] keeps the JSON.
pub trait HoldsRecord: Sized {
    /// The variant's value for `json`.
    fn from_record_json(json: serde_json::Value) -> Result<Self, serde_json::Error>;
}

impl<T: DeserializeOwned> HoldsRecord for Box<T> {
    fn from_record_json(json: serde_json::Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(json).map(Box::new)
    }
}

impl<T> HoldsRecord for Related<T> {
    fn from_record_json(json: serde_json::Value) -> Result<Self, serde_json::Error> {
        Ok(Related::from_json(json))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Node {
        name: String,
        // A recursive type through `Related` needs no `Box`.
        #[serde(default)]
        parent: Option<Related<Node>>,
    }

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn holds_json_and_decodes_on_demand() {
        assert_send_sync::<Related<std::rc::Rc<u8>>>();
        let json = r#"{"name":"child","parent":{"name":"parent","parent":null,"extra":1}}"#;
        let n: Node = serde_json::from_str(json).unwrap();
        let parent = n.parent.as_ref().unwrap();
        assert_eq!(parent.json()["extra"], 1);
        assert_eq!(parent.get().unwrap().name, "parent");
        assert_eq!(n.clone(), n);
        assert_eq!(serde_json::to_string(&n).unwrap(), json);
        assert!(format!("{parent:?}").starts_with("Related(Object"));

        let built = Related::new(&Node {
            name: "p".into(),
            parent: None,
        })
        .unwrap();
        assert_eq!(built.into_inner().unwrap().name, "p");
    }

    #[test]
    fn a_record_of_the_wrong_shape_is_an_error_when_read() {
        let bad: Related<Node> = serde_json::from_str(r#"{"name": 5}"#).unwrap();
        let e = bad.get().unwrap_err().to_string();
        assert!(
            e.contains("invalid type: integer `5`, expected a string"),
            "{e}"
        );
    }
}
