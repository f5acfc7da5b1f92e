//! `base64` fields, and the schemaless `anyType` / JSON values.

use std::fmt;
use std::ops::{Deref, DerefMut};

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine as _;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// A `base64` field (`ContentVersion.VersionData`, `Attachment.Body`, …).
///
/// For writes it holds the bytes, sent base64-encoded. In query results and record
/// retrievals Salesforce does not inline the data; it returns the relative URL to fetch it
/// from (`/services/data/v55.0/sobjects/ContentVersion/068…/VersionData`), kept as
/// [`Base64::Url`].
///
/// Deserializing: a string starting with `/` or `http(s)://` is a URL, anything else must be
/// standard base64 (padding optional, whitespace ignored).
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Base64 {
    /// The data itself.
    Bytes(Vec<u8>),
    /// Where to download the data from (relative to the instance URL).
    Url(String),
}

impl Base64 {
    /// Wraps bytes.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Base64::Bytes(bytes.into())
    }

    /// Decodes standard base64 text (padding optional, ASCII whitespace ignored).
    pub fn decode(text: &str) -> Result<Self, base64::DecodeError> {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let bytes = if compact.ends_with('=') {
            STANDARD.decode(&compact)
        } else {
            STANDARD_NO_PAD.decode(&compact)
        }?;
        Ok(Base64::Bytes(bytes))
    }

    /// The bytes, unless this is a URL.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Base64::Bytes(b) => Some(b),
            Base64::Url(_) => None,
        }
    }

    /// The download URL, if this came from a query or retrieve.
    pub fn url(&self) -> Option<&str> {
        match self {
            Base64::Url(u) => Some(u),
            Base64::Bytes(_) => None,
        }
    }

    /// Whether this is a download URL rather than data.
    pub fn is_url(&self) -> bool {
        matches!(self, Base64::Url(_))
    }

    /// The wire text: base64 of the bytes, or the URL.
    pub fn to_wire_string(&self) -> String {
        match self {
            Base64::Bytes(b) => STANDARD.encode(b),
            Base64::Url(u) => u.clone(),
        }
    }

    fn looks_like_url(s: &str) -> bool {
        s.starts_with('/') || s.starts_with("http://") || s.starts_with("https://")
    }
}

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base64::Bytes(b) if b.len() > 64 => write!(f, "Bytes(<{} bytes>)", b.len()),
            Base64::Bytes(b) => f.debug_tuple("Bytes").field(b).finish(),
            Base64::Url(u) => f.debug_tuple("Url").field(u).finish(),
        }
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64::Bytes(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Base64::Bytes(bytes.to_vec())
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Base64::Bytes(b) => serializer.serialize_str(&STANDARD.encode(b)),
            Base64::Url(u) => serializer.serialize_str(u),
        }
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Base64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("base64 text or a blob URL")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Base64, E> {
                if Base64::looks_like_url(v) {
                    return Ok(Base64::Url(v.to_owned()));
                }
                Base64::decode(v).map_err(|e| {
                    let shown: String = v.chars().take(40).collect();
                    E::custom(format!(
                        "invalid base64 field value {shown:?}{}: neither a blob URL nor base64 ({e})",
                        if shown.len() < v.len() { "…" } else { "" }
                    ))
                })
            }
        }
        deserializer.deserialize_str(V)
    }
}

macro_rules! json_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub serde_json::Value);

        impl $name {
            /// The JSON value.
            pub fn into_inner(self) -> serde_json::Value {
                self.0
            }
        }

        impl Deref for $name {
            type Target = serde_json::Value;
            fn deref(&self) -> &serde_json::Value {
                &self.0
            }
        }

        impl DerefMut for $name {
            fn deref_mut(&mut self) -> &mut serde_json::Value {
                &mut self.0
            }
        }

        impl From<serde_json::Value> for $name {
            fn from(v: serde_json::Value) -> Self {
                $name(v)
            }
        }

        impl From<$name> for serde_json::Value {
            fn from(v: $name) -> Self {
                v.0
            }
        }

        impl fmt::Display for $name {
            /// Compact JSON.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    };
}

json_newtype! {
    /// An `anyType` field (history `OldValue`/`NewValue`, …): whatever JSON value Salesforce
    /// sends (string, number, boolean, null).
    AnyType
}

json_newtype! {
    /// A `json` field: arbitrary JSON, kept as is.
    Json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_or_bytes() {
        let url = "/services/data/v55.0/sobjects/ContentVersion/0689A0000002c13QAA/VersionData";
        let b: Base64 = serde_json::from_value(serde_json::json!(url)).unwrap();
        assert_eq!(b.url(), Some(url));
        let b: Base64 = serde_json::from_str("\"aGVsbG8=\"").unwrap();
        assert_eq!(b.bytes(), Some(&b"hello"[..]));
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"aGVsbG8=\"");
        let b: Base64 = serde_json::from_str("\"aGVsbG8\"").unwrap();
        assert_eq!(b.bytes(), Some(&b"hello"[..]));
        let err = serde_json::from_str::<Base64>("\"not base64!\"").unwrap_err();
        assert!(
            err.to_string().contains("neither a blob URL nor base64"),
            "{err}"
        );
    }
}
