//! Compound fields: addresses (`BillingAddress`, `MailingAddress`, …) and geolocations.
//!
//! Salesforce returns them as JSON objects with camelCase keys; they are read-only as a
//! whole (write the component fields, e.g. `BillingCity`, instead).

use serde::{Deserialize, Serialize};

/// An `address` compound field. Every component may be missing or `null`; unknown keys are
/// ignored. Serializes with camelCase keys, leaving out `None` components.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// `street`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// `city`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// `state`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// `stateCode` (orgs with state and country picklists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_code: Option<String>,
    /// `postalCode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// `country`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// `countryCode` (orgs with state and country picklists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// `latitude`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// `longitude`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// `geocodeAccuracy` (`Address`, `NearAddress`, `Block`, `Street`, `ExtendedZip`,
    /// `Zip`, `Neighborhood`, `City`, `County`, `State`, `Unknown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geocode_accuracy: Option<String>,
}

impl Address {
    /// Whether every component is `None`.
    pub fn is_empty(&self) -> bool {
        *self == Address::default()
    }

    /// The coordinates, when both are present.
    pub fn location(&self) -> Option<Location> {
        Some(Location::new(self.latitude?, self.longitude?))
    }
}

/// A `location` (geolocation) compound field: `{"latitude": …, "longitude": …}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Degrees north, −90 to 90.
    #[serde(default)]
    pub latitude: Option<f64>,
    /// Degrees east, −180 to 180.
    #[serde(default)]
    pub longitude: Option<f64>,
}

impl Location {
    /// A location with both coordinates.
    pub fn new(latitude: f64, longitude: f64) -> Self {
        Location {
            latitude: Some(latitude),
            longitude: Some(longitude),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case() {
        let a: Address = serde_json::from_str(
            r#"{"city":"Anchorage","stateCode":"AK","postalCode":"99501","latitude":61.217061,"longitude":-149.894342,"extra":1}"#,
        )
        .unwrap();
        assert_eq!(a.state_code.as_deref(), Some("AK"));
        assert_eq!(a.location(), Some(Location::new(61.217061, -149.894342)));
        let back: Address = serde_json::from_value(serde_json::to_value(&a).unwrap()).unwrap();
        assert_eq!(back, a);
        assert!(Address::default().is_empty());
    }
}
