//! The records the example loads: deterministic, so a run can be checked by
//! counting what carries its batch tag.

use sf_runtime::types::Decimal;
use sf_runtime::Picklist;

use crate::sobjects::{Account, AccountIndustry};

/// The `AccountNumber` prefix of every record of one run; the count and the
/// cleanup select by it, so records that were in the org before are left alone.
pub fn batch_tag(run: &str) -> String {
    format!("BL-{run}-")
}

/// `n` accounts tagged with `tag`, industries taken in turn from the picklist.
pub fn accounts(n: usize, tag: &str) -> Vec<Account> {
    let industries = AccountIndustry::VALUES;
    (0..n)
        .map(|i| Account {
            name: Some(format!("Bulk Load Account {:06}", i + 1)),
            account_number: Some(format!("{tag}{:06}", i + 1)),
            industry: Some(AccountIndustry::from_api_value(
                industries[i % industries.len()],
            )),
            number_of_employees: Some((i % 5_000) as i32 + 1),
            annual_revenue: Some(Decimal::new((i as i64 % 1_000 + 1) * 10_000, 0)),
            ..Default::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_tagged_and_numbered_from_one() {
        let rows = accounts(3, &batch_tag("t"));
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].account_number.as_deref(), Some("BL-t-000001"));
        assert_eq!(rows[2].name.as_deref(), Some("Bulk Load Account 000003"));
        // Industries come from the describe's picklist, so none is the fallback variant.
        assert!(rows
            .iter()
            .all(|r| !matches!(r.industry, Some(AccountIndustry::Unknown(_)))));
    }
}
