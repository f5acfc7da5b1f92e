//! The whole model of this app: the three Account fields it uses, written by
//! hand. No describe snapshot, no build script: the derive gives the field
//! tokens, the typed queries and the write rules.

use sf_runtime::types::{Decimal, Id};
use sf_runtime::{Picklist, SObject};

/// An Account, as this app sees it. The struct's name is the app's own; the
/// `api_name` says which sObject it maps to.
#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Account", key_prefix = "001")]
pub struct Customer {
    /// The record id (read-only: never sent in a write).
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Customer>>,
    /// Required by Salesforce, so `nillable = false`: `Patch::clear` on it
    /// does not compile.
    #[sobject(api_name = "Name", nillable = false)]
    pub name: Option<String>,
    /// An open picklist: only the values this app cares about are variants.
    #[sobject(api_name = "Industry")]
    pub industry: Option<Industry>,
    /// `kind = "currency"` is what the describe says; the Rust type decides
    /// which operators compile (`gt`, `lt`, … for numbers).
    #[sobject(api_name = "AnnualRevenue", kind = "currency")]
    pub annual_revenue: Option<Decimal>,
}

/// The `Industry` values this app branches on. Any other value the org holds
/// (the real picklist has about thirty) reads as `Other` instead of failing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
pub enum Industry {
    Energy,
    Technology,
    #[picklist(api_name = "Not For Profit")]
    NotForProfit,
    #[picklist(other)]
    Other(String),
}

#[cfg(test)]
mod tests {
    use sf_runtime::soql::prelude::*;
    use sf_runtime::WriteMode;

    use super::*;

    #[test]
    fn the_query_selects_the_three_fields_and_the_id() {
        assert_eq!(
            Customer::query().to_soql(),
            "SELECT Id, Name, Industry, AnnualRevenue FROM Account"
        );
        assert_eq!(
            Customer::select((Customer::NAME,))
                .filter(Customer::INDUSTRY.eq(Industry::NotForProfit))
                .to_soql(),
            "SELECT Name FROM Account WHERE Industry = 'Not For Profit'"
        );
    }

    #[test]
    fn a_create_sends_the_set_fields_and_never_the_id() {
        let customer = Customer {
            id: Some(Id::parse("001000000000001").unwrap()),
            name: Some("Acme".into()),
            annual_revenue: Some(Decimal::new(125, 1)),
            ..Default::default()
        };
        let body = serde_json::Value::Object(customer.to_write_json(WriteMode::Create));
        // Unset fields are left out, the Decimal is a JSON number.
        assert_eq!(
            body,
            serde_json::json!({"Name": "Acme", "AnnualRevenue": 12.5})
        );
    }

    #[test]
    fn values_outside_the_enum_are_kept() {
        assert_eq!(
            Industry::from_api_value("Biotechnology"),
            Industry::Other("Biotechnology".into())
        );
        assert_eq!(Industry::NotForProfit.as_api_value(), "Not For Profit");
    }
}
