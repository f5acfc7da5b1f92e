//! Salesforce record ids: 15 or 18 characters on input, always 18 once parsed.
//!
//! `Id<T>` carries the sObject type it points at, so an `Id<Account>` cannot be passed
//! where an `Id<Contact>` is expected. `Id<Any>` (alias [`AnyId`]) is the untyped form for
//! polymorphic references (`WhatId`, `OwnerId`, …); [`Id::cast`] and [`Id::erase`] convert
//! explicitly.
//!
//! The 18-character form appends a three-character checksum of the case of the first 15
//! characters: for each five-character chunk, bit `i` is set when character `i` is an
//! uppercase `A`–`Z`, and the 5-bit value indexes `ABCDEFGHIJKLMNOPQRSTUVWXYZ012345`.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// Marker for an id whose sObject type is not known statically (polymorphic lookups such as
/// `WhatId` or `OwnerId`, or ids read from untyped JSON). `Id<Any>` is the default `Id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Any;

/// An id that may point at any sObject type.
pub type AnyId = Id<Any>;

const CHECKSUM_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// Why a string is not a Salesforce id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// Neither 15 nor 18 characters long.
    #[error("invalid Salesforce id {input:?}: expected 15 or 18 characters, found {len}")]
    Length {
        /// The rejected input.
        input: String,
        /// Its length in characters.
        len: usize,
    },
    /// Contains a character other than an ASCII letter or digit.
    #[error(
        "invalid Salesforce id {input:?}: character {ch:?} at position {position} is not an ASCII letter or digit"
    )]
    InvalidChar {
        /// The rejected input.
        input: String,
        /// The offending character.
        ch: char,
        /// Its 0-based character position.
        position: usize,
    },
    /// An 18-character id whose last three characters do not match the checksum of the first 15.
    #[error(
        "invalid Salesforce id {input:?}: checksum suffix {found:?} does not match {expected:?} computed from the first 15 characters"
    )]
    Checksum {
        /// The rejected input.
        input: String,
        /// The suffix computed from the first 15 characters.
        expected: String,
        /// The suffix found in the input.
        found: String,
    },
}

/// A validated Salesforce record id, stored in its 18-character form.
///
/// `T` is the sObject type the id points at (`Id<Account>`); it is only a marker, so
/// `Id<T>` is `Copy`, `Eq`, `Hash`, `Ord`, `Send` and `Sync` whatever `T` is.
pub struct Id<T = Any> {
    bytes: [u8; 18],
    _marker: PhantomData<fn() -> T>,
}

/// The three-character checksum suffix for the first 15 characters of an id.
#[inline]
fn checksum(id15: &[u8]) -> [u8; 3] {
    debug_assert_eq!(id15.len(), 15);
    let mut out = [0u8; 3];
    for (chunk_index, chunk) in id15.chunks(5).enumerate() {
        let mut bits = 0usize;
        for (i, &b) in chunk.iter().enumerate() {
            if b.is_ascii_uppercase() {
                bits |= 1 << i;
            }
        }
        out[chunk_index] = CHECKSUM_ALPHABET[bits];
    }
    out
}

impl<T> Id<T> {
    /// Parses a 15- or 18-character id. The 15-character (case-sensitive) form gets its
    /// checksum appended; the suffix of an 18-character id is checked case-insensitively and
    /// stored in upper case.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let raw = input.as_bytes();
        // Every valid id takes this path: one pass over the bytes, no UTF-8 decoding
        // (ids are decoded for every row of a query, see `benches/decode.rs`).
        if (raw.len() == 15 || raw.len() == 18) && raw.iter().all(u8::is_ascii_alphanumeric) {
            return Self::from_alphanumeric(input);
        }
        let len = input.chars().count();
        if len != 15 && len != 18 {
            return Err(IdError::Length {
                input: input.to_owned(),
                len,
            });
        }
        if let Some((position, ch)) = input
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
        {
            return Err(IdError::InvalidChar {
                input: input.to_owned(),
                ch,
                position,
            });
        }
        Self::from_alphanumeric(input)
    }

    /// `input` is 15 or 18 ASCII letters and digits: checks the suffix of an 18-char
    /// id, computes it for a 15-char one.
    fn from_alphanumeric(input: &str) -> Result<Self, IdError> {
        let raw = input.as_bytes();
        let len = raw.len();
        let expected = checksum(&raw[..15]);
        let mut bytes = [0u8; 18];
        bytes[..15].copy_from_slice(&raw[..15]);
        bytes[15..].copy_from_slice(&expected);
        if len == 18 {
            let found = &raw[15..];
            if !found.eq_ignore_ascii_case(&expected) {
                return Err(IdError::Checksum {
                    input: input.to_owned(),
                    expected: String::from_utf8_lossy(&expected).into_owned(),
                    found: String::from_utf8_lossy(found).into_owned(),
                });
            }
        }
        Ok(Id {
            bytes,
            _marker: PhantomData,
        })
    }

    /// The 18-character form.
    pub fn as_str(&self) -> &str {
        // Only ASCII alphanumerics are ever stored.
        std::str::from_utf8(&self.bytes).expect("ids are ASCII")
    }

    /// The case-sensitive 15-character form.
    pub fn to_15(&self) -> &str {
        &self.as_str()[..15]
    }

    /// The first three characters, which identify the sObject type (`001` for Account).
    pub fn key_prefix(&self) -> &str {
        &self.as_str()[..3]
    }

    /// Reinterprets the id as pointing at `U`. Use when the type is known from elsewhere,
    /// for example after checking [`key_prefix`](Self::key_prefix) or `attributes.type`.
    pub fn cast<U>(self) -> Id<U> {
        Id {
            bytes: self.bytes,
            _marker: PhantomData,
        }
    }

    /// Forgets the sObject type.
    pub fn erase(self) -> Id<Any> {
        self.cast()
    }
}

impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Id<T> {}

impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}
impl<T> Eq for Id<T> {}

impl<T> PartialEq<str> for Id<T> {
    /// Compares with the 18-character form, exactly.
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}
impl<T> PartialEq<&str> for Id<T> {
    /// Compares with the 18-character form, exactly.
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.bytes.cmp(&other.bytes)
    }
}

impl<T> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({:?})", self.as_str())
    }
}

impl<T> fmt::Display for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<T> AsRef<str> for Id<T> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl<T> FromStr for Id<T> {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        Id::parse(s)
    }
}

impl<T> TryFrom<&str> for Id<T> {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, IdError> {
        Id::parse(s)
    }
}

impl<T> TryFrom<String> for Id<T> {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Id::parse(&s)
    }
}

impl<T> From<Id<T>> for String {
    fn from(id: Id<T>) -> String {
        id.as_str().to_owned()
    }
}

impl<T> Serialize for Id<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, T> Deserialize<'de> for Id<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor<T>(PhantomData<fn() -> T>);
        impl<T> Visitor<'_> for IdVisitor<T> {
            type Value = Id<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 15- or 18-character Salesforce id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id<T>, E> {
                Id::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(IdVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Account;
    struct Contact;

    #[test]
    fn known_pair() {
        let id: Id = Id::parse("001A0000006Vm9r").unwrap();
        assert_eq!(id.as_str(), "001A0000006Vm9rIAC");
        assert_eq!(id.to_15(), "001A0000006Vm9r");
        assert_eq!(id.key_prefix(), "001");
        assert_eq!(Id::<Any>::parse("001A0000006Vm9rIAC").unwrap(), id);
        assert_eq!(Id::<Any>::parse("001A0000006Vm9riac").unwrap(), id);
    }

    #[test]
    fn errors() {
        assert!(matches!(
            Id::<Any>::parse("001"),
            Err(IdError::Length { len: 3, .. })
        ));
        assert!(matches!(
            Id::<Any>::parse("001A0000006Vm9-"),
            Err(IdError::InvalidChar {
                ch: '-',
                position: 14,
                ..
            })
        ));
        let err = Id::<Any>::parse("001A0000006Vm9rAAA").unwrap_err();
        assert!(matches!(err, IdError::Checksum { .. }));
        assert!(err.to_string().contains("\"IAC\""), "{err}");
        assert!(matches!(
            Id::<Any>::parse("001A0000006Vm9é"),
            Err(IdError::InvalidChar { .. })
        ));
    }

    #[test]
    fn typed_and_copy() {
        let a: Id<Account> = "001A0000006Vm9r".parse().unwrap();
        let b = a; // Copy even though Account is not Copy
        let c: Id<Contact> = a.cast();
        assert_eq!(a, b);
        assert_eq!(c.erase(), a.erase());
        assert_eq!(format!("{a:?}"), "Id(\"001A0000006Vm9rIAC\")");
        assert_eq!(a.to_string(), "001A0000006Vm9rIAC");
    }
}
