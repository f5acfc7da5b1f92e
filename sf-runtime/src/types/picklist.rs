//! Picklists as open enums, and multi-select picklists as ordered sets of them.
//!
//! `#[derive(Picklist)]` implements [`Picklist`] for an enum with one variant per known
//! value plus a fallback variant holding any other `String`, so reading a value the org
//! added later never fails. Its `Serialize`/`Deserialize` impls can delegate to
//! [`picklist_serialize`] and [`picklist_deserialize`].

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::Serializer;

/// A single-select picklist: an open enum of API values.
///
/// Implemented by `#[derive(Picklist)]`. `from_api_value` must never fail: values that are
/// not in [`VALUES`](Picklist::VALUES) land in the fallback variant, and
/// `as_api_value(&from_api_value(v)) == v` for every `v`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a picklist enum",
    label = "not a picklist",
    note = "picklist types are enums with `#[derive(Picklist)]` (one variant per value plus a fallback `Other(String)`-style variant)"
)]
pub trait Picklist: Clone + Eq + std::hash::Hash + Send + Sync + 'static {
    /// The known API values, in describe order.
    const VALUES: &'static [&'static str];
    /// Whether the org rejects values outside [`VALUES`](Picklist::VALUES) on write.
    const RESTRICTED: bool;
    /// The API value (not the label).
    fn as_api_value(&self) -> &str;
    /// The variant for an API value; unknown values land in the fallback variant.
    fn from_api_value(value: &str) -> Self;
}

/// Whether `value` is one of `P`'s known API values (that is, not the fallback variant
/// holding something the org added later).
pub fn is_known_value<P: Picklist>(value: &P) -> bool {
    P::VALUES.contains(&value.as_api_value())
}

/// `Serialize` body for picklist enums: the API value as a JSON string.
///
/// What `#[derive(Picklist)]` generates, written by hand:
///
/// ```
/// use sf_runtime::types::{picklist_deserialize, picklist_serialize, Picklist};
///
/// #[derive(Debug, Clone, PartialEq, Eq, Hash)]
/// enum Industry {
///     Energy,
///     Other(String),
/// }
///
/// impl Picklist for Industry {
///     const VALUES: &'static [&'static str] = &["Energy"];
///     const RESTRICTED: bool = false;
///     fn as_api_value(&self) -> &str {
///         match self {
///             Industry::Energy => "Energy",
///             Industry::Other(v) => v,
///         }
///     }
///     fn from_api_value(value: &str) -> Self {
///         match value {
///             "Energy" => Industry::Energy,
///             other => Industry::Other(other.to_owned()),
///         }
///     }
/// }
///
/// impl serde::Serialize for Industry {
///     fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
///         picklist_serialize(self, s)
///     }
/// }
///
/// impl<'de> serde::Deserialize<'de> for Industry {
///     fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
///         picklist_deserialize(d)
///     }
/// }
///
/// assert_eq!(serde_json::to_string(&Industry::Energy).unwrap(), r#""Energy""#);
/// let unknown: Industry = serde_json::from_str(r#""Mining""#).unwrap();
/// assert_eq!(unknown, Industry::Other("Mining".into()));
/// ```
pub fn picklist_serialize<P: Picklist, S: Serializer>(
    value: &P,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_api_value())
}

/// `Deserialize` body for picklist enums: any string, via [`Picklist::from_api_value`], so a
/// value unknown at compile time never fails. `null` is an error; use `Option<P>`.
///
/// See [`picklist_serialize`] for a hand-written impl using both.
pub fn picklist_deserialize<'de, P: Picklist, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<P, D::Error> {
    struct PicklistVisitor<P>(PhantomData<fn() -> P>);
    impl<P: Picklist> Visitor<'_> for PicklistVisitor<P> {
        type Value = P;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a picklist value (string)")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<P, E> {
            Ok(P::from_api_value(v))
        }
    }
    deserializer.deserialize_str(PicklistVisitor(PhantomData))
}

/// A multi-select picklist value: an ordered set of `P` (insertion order kept, no
/// duplicates). On the wire it is one string, values separated by `;` (`"A;B;C"`); an empty
/// string or `null` reads as the empty set, and the empty set is written as `""`.
///
/// Equality and hashing ignore order, as Salesforce may return the values in a different
/// order than they were written.
#[derive(Clone)]
pub struct MultiPicklist<P: Picklist> {
    values: Vec<P>,
}

impl<P: Picklist> MultiPicklist<P> {
    /// The empty set.
    pub fn new() -> Self {
        MultiPicklist { values: Vec::new() }
    }

    /// Parses the wire format `A;B;C`. Empty segments are ignored; duplicates are dropped.
    pub fn from_api_value(value: &str) -> Self {
        value
            .split(';')
            .filter(|s| !s.is_empty())
            .map(P::from_api_value)
            .collect()
    }

    /// The wire format `A;B;C` (empty string for the empty set).
    pub fn to_api_value(&self) -> String {
        let mut out = String::new();
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(v.as_api_value());
        }
        out
    }

    /// Adds a value at the end; returns `false` (and changes nothing) if it was present.
    pub fn insert(&mut self, value: P) -> bool {
        if self.values.contains(&value) {
            false
        } else {
            self.values.push(value);
            true
        }
    }

    /// Removes a value; returns whether it was present.
    pub fn remove(&mut self, value: &P) -> bool {
        match self.values.iter().position(|v| v == value) {
            Some(i) => {
                self.values.remove(i);
                true
            }
            None => false,
        }
    }

    /// Whether the set holds `value`.
    pub fn contains(&self, value: &P) -> bool {
        self.values.contains(value)
    }

    /// The values in insertion order.
    pub fn iter(&self) -> std::slice::Iter<'_, P> {
        self.values.iter()
    }

    /// The values in insertion order, as a slice.
    pub fn as_slice(&self) -> &[P] {
        &self.values
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values, in insertion order.
    pub fn into_vec(self) -> Vec<P> {
        self.values
    }
}

impl<P: Picklist> Default for MultiPicklist<P> {
    fn default() -> Self {
        Self::new()
    }
}

impl<P: Picklist + fmt::Debug> fmt::Debug for MultiPicklist<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.values.iter()).finish()
    }
}

impl<P: Picklist> fmt::Display for MultiPicklist<P> {
    /// The wire format `A;B;C`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_api_value())
    }
}

impl<P: Picklist> FromStr for MultiPicklist<P> {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_api_value(s))
    }
}

impl<P: Picklist> PartialEq for MultiPicklist<P> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.values.iter().all(|v| other.contains(v))
    }
}
impl<P: Picklist> Eq for MultiPicklist<P> {}

impl<P: Picklist> Hash for MultiPicklist<P> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Order-independent, consistent with `PartialEq`.
        let mut keys: Vec<&str> = self.values.iter().map(|v| v.as_api_value()).collect();
        keys.sort_unstable();
        keys.hash(state);
    }
}

impl<P: Picklist> FromIterator<P> for MultiPicklist<P> {
    fn from_iter<I: IntoIterator<Item = P>>(iter: I) -> Self {
        let mut set = Self::new();
        set.extend(iter);
        set
    }
}

impl<P: Picklist> Extend<P> for MultiPicklist<P> {
    fn extend<I: IntoIterator<Item = P>>(&mut self, iter: I) {
        for v in iter {
            self.insert(v);
        }
    }
}

impl<P: Picklist> From<Vec<P>> for MultiPicklist<P> {
    fn from(values: Vec<P>) -> Self {
        values.into_iter().collect()
    }
}

impl<P: Picklist, const N: usize> From<[P; N]> for MultiPicklist<P> {
    fn from(values: [P; N]) -> Self {
        values.into_iter().collect()
    }
}

impl<P: Picklist> IntoIterator for MultiPicklist<P> {
    type Item = P;
    type IntoIter = std::vec::IntoIter<P>;
    fn into_iter(self) -> Self::IntoIter {
        self.values.into_iter()
    }
}

impl<'a, P: Picklist> IntoIterator for &'a MultiPicklist<P> {
    type Item = &'a P;
    type IntoIter = std::slice::Iter<'a, P>;
    fn into_iter(self) -> Self::IntoIter {
        self.values.iter()
    }
}

impl<P: Picklist> serde::Serialize for MultiPicklist<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_api_value())
    }
}

impl<'de, P: Picklist> serde::Deserialize<'de> for MultiPicklist<P> {
    /// Accepts `"A;B;C"`, `""`, `null` (empty set) and, leniently, an array of strings.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MultiVisitor<P>(PhantomData<fn() -> P>);
        impl<'de, P: Picklist> Visitor<'de> for MultiVisitor<P> {
            type Value = MultiPicklist<P>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a multi-select picklist value (\"A;B;C\")")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(MultiPicklist::from_api_value(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MultiPicklist::new())
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MultiPicklist::new())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut set = MultiPicklist::new();
                while let Some(s) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                    set.insert(P::from_api_value(&s));
                }
                Ok(set)
            }
        }
        deserializer.deserialize_any(MultiVisitor(PhantomData))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A hand-written picklist, as `#[derive(Picklist)]` would generate it.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub(crate) enum Color {
        Red,
        Green,
        Other(String),
    }

    impl Picklist for Color {
        const VALUES: &'static [&'static str] = &["Red", "Green"];
        const RESTRICTED: bool = false;
        fn as_api_value(&self) -> &str {
            match self {
                Color::Red => "Red",
                Color::Green => "Green",
                Color::Other(s) => s,
            }
        }
        fn from_api_value(value: &str) -> Self {
            match value {
                "Red" => Color::Red,
                "Green" => Color::Green,
                other => Color::Other(other.to_owned()),
            }
        }
    }

    #[test]
    fn wire_format() {
        let m: MultiPicklist<Color> = "Green;Red;Blue;Red".parse().unwrap();
        assert_eq!(
            m.as_slice(),
            &[Color::Green, Color::Red, Color::Other("Blue".into())]
        );
        assert_eq!(m.to_string(), "Green;Red;Blue");
        assert!(MultiPicklist::<Color>::from_api_value("").is_empty());
        let reordered: MultiPicklist<Color> =
            [Color::Red, Color::Other("Blue".into()), Color::Green].into();
        assert_eq!(m, reordered);
        assert!(is_known_value(&Color::Red));
        assert!(!is_known_value(&Color::Other("Blue".into())));
    }
}
