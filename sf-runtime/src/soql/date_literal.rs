//! Every date literal SOQL defines (`TODAY`, `LAST_N_DAYS:n`, `NEXT_FISCAL_QUARTER`, …).
//! They compare only with date and datetime fields: `ValueFor` is implemented for
//! `Date` and `DateTime` and nothing else, so `Account::NAME.eq(DateLiteral::Today)`
//! does not compile.

use std::fmt;

use super::literal::{Literal, ValueFor};
use crate::types::{Date, DateTime};

/// A relative date range, rendered unquoted.
///
/// Weeks start on the org's locale's first day; fiscal periods follow the org's fiscal
/// year settings. The `n` variants render as `KEYWORD:n`.
///
/// ```
/// use sf_runtime::soql::DateLiteral;
///
/// assert_eq!(DateLiteral::Today.to_string(), "TODAY");
/// assert_eq!(DateLiteral::LastNDays(30).to_string(), "LAST_N_DAYS:30");
/// assert_eq!(DateLiteral::LastNDays(30).keyword(), "LAST_N_DAYS");
/// assert_eq!(DateLiteral::LastNDays(30).n(), Some(30));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateLiteral {
    /// `YESTERDAY`
    Yesterday,
    /// `TODAY`
    Today,
    /// `TOMORROW`
    Tomorrow,
    /// `LAST_WEEK`
    LastWeek,
    /// `THIS_WEEK`
    ThisWeek,
    /// `NEXT_WEEK`
    NextWeek,
    /// `LAST_MONTH`
    LastMonth,
    /// `THIS_MONTH`
    ThisMonth,
    /// `NEXT_MONTH`
    NextMonth,
    /// `LAST_90_DAYS`
    Last90Days,
    /// `NEXT_90_DAYS`
    Next90Days,
    /// `LAST_N_DAYS:n`
    LastNDays(u32),
    /// `NEXT_N_DAYS:n`
    NextNDays(u32),
    /// `N_DAYS_AGO:n`
    NDaysAgo(u32),
    /// `LAST_N_WEEKS:n`
    LastNWeeks(u32),
    /// `NEXT_N_WEEKS:n`
    NextNWeeks(u32),
    /// `N_WEEKS_AGO:n`
    NWeeksAgo(u32),
    /// `LAST_N_MONTHS:n`
    LastNMonths(u32),
    /// `NEXT_N_MONTHS:n`
    NextNMonths(u32),
    /// `N_MONTHS_AGO:n`
    NMonthsAgo(u32),
    /// `THIS_QUARTER`
    ThisQuarter,
    /// `LAST_QUARTER`
    LastQuarter,
    /// `NEXT_QUARTER`
    NextQuarter,
    /// `NEXT_N_QUARTERS:n`
    NextNQuarters(u32),
    /// `LAST_N_QUARTERS:n`
    LastNQuarters(u32),
    /// `N_QUARTERS_AGO:n`
    NQuartersAgo(u32),
    /// `THIS_YEAR`
    ThisYear,
    /// `LAST_YEAR`
    LastYear,
    /// `NEXT_YEAR`
    NextYear,
    /// `NEXT_N_YEARS:n`
    NextNYears(u32),
    /// `LAST_N_YEARS:n`
    LastNYears(u32),
    /// `N_YEARS_AGO:n`
    NYearsAgo(u32),
    /// `THIS_FISCAL_QUARTER`
    ThisFiscalQuarter,
    /// `LAST_FISCAL_QUARTER`
    LastFiscalQuarter,
    /// `NEXT_FISCAL_QUARTER`
    NextFiscalQuarter,
    /// `NEXT_N_FISCAL_QUARTERS:n`
    NextNFiscalQuarters(u32),
    /// `LAST_N_FISCAL_QUARTERS:n`
    LastNFiscalQuarters(u32),
    /// `N_FISCAL_QUARTERS_AGO:n`
    NFiscalQuartersAgo(u32),
    /// `THIS_FISCAL_YEAR`
    ThisFiscalYear,
    /// `LAST_FISCAL_YEAR`
    LastFiscalYear,
    /// `NEXT_FISCAL_YEAR`
    NextFiscalYear,
    /// `NEXT_N_FISCAL_YEARS:n`
    NextNFiscalYears(u32),
    /// `LAST_N_FISCAL_YEARS:n`
    LastNFiscalYears(u32),
    /// `N_FISCAL_YEARS_AGO:n`
    NFiscalYearsAgo(u32),
}

impl DateLiteral {
    /// The keyword, without the `:n` argument.
    pub fn keyword(&self) -> &'static str {
        use DateLiteral::*;
        match self {
            Yesterday => "YESTERDAY",
            Today => "TODAY",
            Tomorrow => "TOMORROW",
            LastWeek => "LAST_WEEK",
            ThisWeek => "THIS_WEEK",
            NextWeek => "NEXT_WEEK",
            LastMonth => "LAST_MONTH",
            ThisMonth => "THIS_MONTH",
            NextMonth => "NEXT_MONTH",
            Last90Days => "LAST_90_DAYS",
            Next90Days => "NEXT_90_DAYS",
            LastNDays(_) => "LAST_N_DAYS",
            NextNDays(_) => "NEXT_N_DAYS",
            NDaysAgo(_) => "N_DAYS_AGO",
            LastNWeeks(_) => "LAST_N_WEEKS",
            NextNWeeks(_) => "NEXT_N_WEEKS",
            NWeeksAgo(_) => "N_WEEKS_AGO",
            LastNMonths(_) => "LAST_N_MONTHS",
            NextNMonths(_) => "NEXT_N_MONTHS",
            NMonthsAgo(_) => "N_MONTHS_AGO",
            ThisQuarter => "THIS_QUARTER",
            LastQuarter => "LAST_QUARTER",
            NextQuarter => "NEXT_QUARTER",
            NextNQuarters(_) => "NEXT_N_QUARTERS",
            LastNQuarters(_) => "LAST_N_QUARTERS",
            NQuartersAgo(_) => "N_QUARTERS_AGO",
            ThisYear => "THIS_YEAR",
            LastYear => "LAST_YEAR",
            NextYear => "NEXT_YEAR",
            NextNYears(_) => "NEXT_N_YEARS",
            LastNYears(_) => "LAST_N_YEARS",
            NYearsAgo(_) => "N_YEARS_AGO",
            ThisFiscalQuarter => "THIS_FISCAL_QUARTER",
            LastFiscalQuarter => "LAST_FISCAL_QUARTER",
            NextFiscalQuarter => "NEXT_FISCAL_QUARTER",
            NextNFiscalQuarters(_) => "NEXT_N_FISCAL_QUARTERS",
            LastNFiscalQuarters(_) => "LAST_N_FISCAL_QUARTERS",
            NFiscalQuartersAgo(_) => "N_FISCAL_QUARTERS_AGO",
            ThisFiscalYear => "THIS_FISCAL_YEAR",
            LastFiscalYear => "LAST_FISCAL_YEAR",
            NextFiscalYear => "NEXT_FISCAL_YEAR",
            NextNFiscalYears(_) => "NEXT_N_FISCAL_YEARS",
            LastNFiscalYears(_) => "LAST_N_FISCAL_YEARS",
            NFiscalYearsAgo(_) => "N_FISCAL_YEARS_AGO",
        }
    }

    /// The `n` of the parameterized literals.
    pub fn n(&self) -> Option<u32> {
        use DateLiteral::*;
        match *self {
            LastNDays(n)
            | NextNDays(n)
            | NDaysAgo(n)
            | LastNWeeks(n)
            | NextNWeeks(n)
            | NWeeksAgo(n)
            | LastNMonths(n)
            | NextNMonths(n)
            | NMonthsAgo(n)
            | NextNQuarters(n)
            | LastNQuarters(n)
            | NQuartersAgo(n)
            | NextNYears(n)
            | LastNYears(n)
            | NYearsAgo(n)
            | NextNFiscalQuarters(n)
            | LastNFiscalQuarters(n)
            | NFiscalQuartersAgo(n)
            | NextNFiscalYears(n)
            | LastNFiscalYears(n)
            | NFiscalYearsAgo(n) => Some(n),
            _ => None,
        }
    }
}

impl fmt::Display for DateLiteral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.n() {
            Some(n) => write!(f, "{}:{n}", self.keyword()),
            None => f.write_str(self.keyword()),
        }
    }
}

impl ValueFor<Date> for DateLiteral {
    fn to_literal(&self) -> Literal {
        Literal::DateLiteral(self.to_string())
    }
}

impl ValueFor<DateTime> for DateLiteral {
    fn to_literal(&self) -> Literal {
        Literal::DateLiteral(self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::DateLiteral;

    #[test]
    fn renders_with_argument() {
        assert_eq!(DateLiteral::LastNDays(30).to_string(), "LAST_N_DAYS:30");
        assert_eq!(
            DateLiteral::NextFiscalQuarter.to_string(),
            "NEXT_FISCAL_QUARTER"
        );
        assert_eq!(
            DateLiteral::NFiscalYearsAgo(2).to_string(),
            "N_FISCAL_YEARS_AGO:2"
        );
    }
}
