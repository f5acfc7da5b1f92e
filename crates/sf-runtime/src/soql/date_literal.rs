//! Every date literal SOQL defines (`TODAY`, `LAST_N_DAYS:n`, `NEXT_FISCAL_QUARTER`, …).
//! They compare only with date and datetime fields: `ValueFor` is implemented for
//! `Date` and `DateTime` and nothing else, so `Account::NAME.eq(DateLiteral::Today)`
//! does not compile.

use std::fmt;

use super::literal::{Literal, ValueFor};
use crate::types::{Date, DateTime};

/// A relative date range, rendered unquoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateLiteral {
    Yesterday,
    Today,
    Tomorrow,
    LastWeek,
    ThisWeek,
    NextWeek,
    LastMonth,
    ThisMonth,
    NextMonth,
    Last90Days,
    Next90Days,
    LastNDays(u32),
    NextNDays(u32),
    NDaysAgo(u32),
    LastNWeeks(u32),
    NextNWeeks(u32),
    NWeeksAgo(u32),
    LastNMonths(u32),
    NextNMonths(u32),
    NMonthsAgo(u32),
    ThisQuarter,
    LastQuarter,
    NextQuarter,
    NextNQuarters(u32),
    LastNQuarters(u32),
    NQuartersAgo(u32),
    ThisYear,
    LastYear,
    NextYear,
    NextNYears(u32),
    LastNYears(u32),
    NYearsAgo(u32),
    ThisFiscalQuarter,
    LastFiscalQuarter,
    NextFiscalQuarter,
    NextNFiscalQuarters(u32),
    LastNFiscalQuarters(u32),
    NFiscalQuartersAgo(u32),
    ThisFiscalYear,
    LastFiscalYear,
    NextFiscalYear,
    NextNFiscalYears(u32),
    LastNFiscalYears(u32),
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
