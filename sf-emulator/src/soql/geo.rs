//! Location-based SOQL: `DISTANCE(field, GEOLOCATION(lat, lon), 'mi'|'km')`
//! in SELECT, WHERE and ORDER BY. The distance is the great-circle
//! (haversine) distance from a location field, or a geocoded address, to a
//! fixed point; a record without coordinates has a null distance, so it
//! matches no `<`/`>` condition and sorts with the nulls.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::Value;

use super::ast::{Distance, DistanceUnit, Expr, Ident, Literal};
use super::error::{SoqlError, MALFORMED_QUERY, OUT_OF_RANGE};
use super::lexer::Tok;
use super::parser::Parser;
use super::plan::{FieldRef, Resolver, Scope, Src};
use super::value::Kind;

/// Mean Earth radius (IUGG), in kilometers.
const EARTH_RADIUS_KM: f64 = 6371.0088;
/// Kilometers in a statute mile.
const KM_PER_MILE: f64 = 1.609344;

/// A compiled `DISTANCE`: where the coordinates are read, and the point and
/// unit to measure against.
#[derive(Debug, Clone)]
pub struct DistanceSrc {
    /// The latitude component (`Location__Latitude__s`, `BillingLatitude`).
    pub latitude: FieldRef,
    /// The longitude component.
    pub longitude: FieldRef,
    /// The fixed point, in degrees.
    pub origin: (f64, f64),
    /// The unit of the result.
    pub unit: DistanceUnit,
}

impl DistanceSrc {
    /// The distance of a record whose coordinates read `lat`/`lon`; null
    /// when either is missing.
    pub fn value(&self, lat: &Value, lon: &Value) -> Value {
        let (Some(lat), Some(lon)) = (lat.as_f64(), lon.as_f64()) else {
            return Value::Null;
        };
        let km = haversine_km((lat, lon), self.origin);
        let d = match self.unit {
            DistanceUnit::Kilometers => km,
            DistanceUnit::Miles => km / KM_PER_MILE,
        };
        serde_json::Number::from_f64(d).map_or(Value::Null, Value::Number)
    }

    /// A key for matching SELECT and GROUP BY items.
    pub(crate) fn signature(&self) -> String {
        format!(
            "distance({},{:?},{:?})",
            self.latitude.signature(),
            self.origin,
            self.unit
        )
    }
}

/// Great-circle distance between two points given in degrees.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

impl Parser<'_> {
    /// `DISTANCE(` … `)`, with `DISTANCE` next.
    pub(crate) fn distance(&mut self) -> Result<Expr, SoqlError> {
        let func = self.ident()?;
        self.expect(&Tok::LParen)?;
        let field = self.path()?;
        self.expect(&Tok::Comma)?;
        if !(self.peek().is_kw("GEOLOCATION") && self.peek_at(1).tok == Tok::LParen) {
            return Err(self.unexpected());
        }
        self.bump();
        self.bump();
        let latitude = self.coordinate(90)?;
        self.expect(&Tok::Comma)?;
        let longitude = self.coordinate(180)?;
        self.expect(&Tok::RParen)?;
        self.expect(&Tok::Comma)?;
        let t = self.peek().clone();
        let unit = match &t.tok {
            Tok::Str { value, .. } if value.eq_ignore_ascii_case("mi") => DistanceUnit::Miles,
            Tok::Str { value, .. } if value.eq_ignore_ascii_case("km") => DistanceUnit::Kilometers,
            Tok::Str { value, .. } => {
                return Err(SoqlError::at(
                    MALFORMED_QUERY,
                    self.src,
                    t.pos,
                    format!("Invalid distance unit: '{value}'. Use 'mi' or 'km'"),
                ))
            }
            _ => return Err(self.unexpected()),
        };
        self.bump();
        self.expect(&Tok::RParen)?;
        Ok(Expr::Distance(Box::new(Distance {
            func,
            field,
            latitude,
            longitude,
            unit,
        })))
    }

    /// A signed number within `-limit..=limit` degrees.
    fn coordinate(&mut self, limit: i64) -> Result<Decimal, SoqlError> {
        let t = self.peek().clone();
        let Literal::Number(n) = self.literal()? else {
            return Err(SoqlError::unexpected(self.src, t.pos, &t.text));
        };
        if n.abs() > Decimal::from(limit) {
            let what = if limit == 90 { "Latitude" } else { "Longitude" };
            return Err(SoqlError::at(
                OUT_OF_RANGE,
                self.src,
                t.pos,
                format!("{what} {n} is outside the valid range -{limit} to {limit}"),
            ));
        }
        Ok(n)
    }
}

impl Resolver<'_> {
    /// Compiles a `DISTANCE` over a field of the scope (or of a parent).
    pub(crate) fn distance_src(
        &self,
        scope: Scope<'_>,
        d: &Distance,
    ) -> Result<(Src, Kind), SoqlError> {
        let compound = self.field_ref(scope, &d.field)?;
        let owner = self.owner_of(scope, &d.field);
        let described = owner.as_ref().and_then(|o| o.field(&compound.field));
        if !described.is_some_and(|f| matches!(f.field_type.as_str(), "location" | "address")) {
            return Err(not_geolocated(self, &d.func, &compound.field));
        }
        let component = |axis: &str| {
            owner
                .as_ref()?
                .fields
                .iter()
                .find(|f| {
                    f.compound_field_name.as_deref() == Some(compound.field.as_str())
                        && f.name.to_ascii_lowercase().contains(axis)
                })
                .map(|f| FieldRef {
                    hops: compound.hops.clone(),
                    field: f.name.clone(),
                    kind: Kind::Number,
                    loose: false,
                })
        };
        let (Some(latitude), Some(longitude)) = (component("latitude"), component("longitude"))
        else {
            return Err(not_geolocated(self, &d.func, &compound.field));
        };
        let degrees = |n: Decimal| n.to_f64().unwrap_or(f64::NAN);
        let src = DistanceSrc {
            latitude,
            longitude,
            origin: (degrees(d.latitude), degrees(d.longitude)),
            unit: d.unit,
        };
        Ok((Src::Distance(Box::new(src)), Kind::Number))
    }
}

fn not_geolocated(r: &Resolver<'_>, func: &Ident, field: &str) -> SoqlError {
    SoqlError::at(
        MALFORMED_QUERY,
        r.src,
        func.pos,
        format!("DISTANCE can only be applied to a geolocation or address field, not {field}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_known_distances() {
        // San Francisco to Los Angeles: about 559 km.
        let km = haversine_km((37.7749, -122.4194), (34.0522, -118.2437));
        assert!((km - 559.1).abs() < 1.0, "{km}");
        assert_eq!(haversine_km((10.0, 20.0), (10.0, 20.0)), 0.0);
        // Antipodes: half the circumference.
        let half = haversine_km((0.0, 0.0), (0.0, 180.0));
        assert!((half - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 1e-6);
    }
}
