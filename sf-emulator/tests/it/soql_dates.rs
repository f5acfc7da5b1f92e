//! Every relative date literal against a fixed clock (Wednesday 2024-05-15
//! 12:00 UTC), on datetime fields (instant ranges in UTC) and date fields.

use crate::cases;
use crate::fixture;

use cases::check_valid;
use fixture::World;

const ALL: &str =
    "Acme | Globex | Initech | Umbrella Corp | acme labs | O'Reilly & Sons | 50% Off_Store";

#[test]
fn datetime_fields_against_date_literals() {
    check_valid(
        &World::new(),
        &[
            (
                "SELECT Name FROM Account WHERE CreatedDate = TODAY",
                "Umbrella Corp",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = YESTERDAY",
                "acme labs",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = TOMORROW",
                "50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate > TODAY",
                "50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate >= TODAY",
                "Umbrella Corp | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate < YESTERDAY",
                "Acme | Globex | Initech | O'Reilly & Sons",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate <= YESTERDAY",
                "Acme | Globex | Initech | acme labs | O'Reilly & Sons",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = THIS_WEEK",
                "Umbrella Corp | acme labs | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_WEEK",
                "Acme",
            ),
            ("SELECT Name FROM Account WHERE CreatedDate = NEXT_WEEK", ""),
            (
                "SELECT Name FROM Account WHERE CreatedDate = THIS_MONTH",
                "Acme | Umbrella Corp | acme labs | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_MONTH",
                "Globex",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = NEXT_MONTH",
                "",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate < THIS_YEAR",
                "Initech | O'Reilly & Sons",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_YEAR",
                "Initech",
            ),
            ("SELECT Name FROM Account WHERE CreatedDate = NEXT_YEAR", ""),
            (
                "SELECT Name FROM Account WHERE CreatedDate = THIS_YEAR",
                "Acme | Globex | Umbrella Corp | acme labs | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:1",
                "Umbrella Corp | acme labs",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:5",
                "Acme | Umbrella Corp | acme labs",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = NEXT_N_DAYS:1",
                "50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = N_DAYS_AGO:5",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = N_DAYS_AGO:0",
                "Umbrella Corp",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate > 2024-05-10T10:00:00Z",
                "Umbrella Corp | acme labs | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate >= 2024-05-10T10:00:00Z",
                "Acme | Umbrella Corp | acme labs | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate > 2024-05-10T12:00:00+02:00",
                "Umbrella Corp | acme labs | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate < 2024-01-01T00:00:00.000+0000",
                "Initech | O'Reilly & Sons",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate > 2011-04-26T10:00:00-08:00",
                ALL,
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = THIS_QUARTER",
                "Acme | Globex | Umbrella Corp | acme labs | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_QUARTER",
                "",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = NEXT_QUARTER",
                "",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_90_DAYS",
                "Acme | Globex | Umbrella Corp | acme labs",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = NEXT_90_DAYS",
                "50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_N_YEARS:2",
                "Initech | O'Reilly & Sons",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = N_YEARS_AGO:2",
                "O'Reilly & Sons",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = NEXT_N_YEARS:3",
                "",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = THIS_FISCAL_YEAR",
                "Acme | Globex | Umbrella Corp | acme labs | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_FISCAL_QUARTER",
                "",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = N_MONTHS_AGO:1",
                "Globex",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_N_MONTHS:1",
                "Globex",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_N_MONTHS:24",
                "Globex | Initech | O'Reilly & Sons",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = NEXT_N_MONTHS:1",
                "",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = NEXT_N_WEEKS:1",
                "",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_N_WEEKS:1",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = N_WEEKS_AGO:1",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = LAST_N_QUARTERS:2",
                "Initech",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = N_QUARTERS_AGO:2",
                "Initech",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = N_FISCAL_QUARTERS_AGO:2",
                "Initech",
            ),
            (
                "SELECT Name FROM Account WHERE CreatedDate = last_n_days:1",
                "Umbrella Corp | acme labs",
            ),
        ],
    );
}

#[test]
fn date_fields_against_date_literals() {
    check_valid(
        &World::new(),
        &[
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = TODAY",
                "Orphan",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate < 2024-05-01",
                "Globex Deal | Initech Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate <= 2024-05-01",
                "Acme Deal 1 | Globex Deal | Initech Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = THIS_MONTH",
                "Acme Deal 1 | Orphan",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_MONTH",
                "Acme Deal 2",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate > THIS_MONTH",
                "Acme Deal 2",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate < THIS_QUARTER",
                "Globex Deal | Initech Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_DAYS:31",
                "Acme Deal 2",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_DAYS:30",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_FISCAL_YEARS:1",
                "Initech Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_FISCAL_QUARTER",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = THIS_FISCAL_QUARTER",
                "Acme Deal 1 | Acme Deal 2 | Orphan",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_FISCAL_QUARTERS:2",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = N_FISCAL_QUARTERS_AGO:1",
                "Globex Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = N_FISCAL_YEARS_AGO:1",
                "Initech Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_FISCAL_YEARS:1",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_FISCAL_YEAR",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = LAST_FISCAL_YEAR",
                "Initech Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = THIS_YEAR",
                "Acme Deal 1 | Acme Deal 2 | Globex Deal | Orphan",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_YEAR",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_YEARS:1",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_QUARTER",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_QUARTERS:1",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = THIS_WEEK",
                "Orphan",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_WEEK",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_WEEKS:5",
                "Acme Deal 2",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_QUARTERS:1",
                "Globex Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_FISCAL_QUARTERS:1",
                "Globex Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = THIS_FISCAL_YEAR",
                "Acme Deal 1 | Acme Deal 2 | Globex Deal | Orphan",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = LAST_FISCAL_QUARTER",
                "Globex Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = LAST_90_DAYS",
                "Acme Deal 1 | Orphan",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = N_MONTHS_AGO:3",
                "Globex Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_MONTHS:6",
                "Globex Deal | Initech Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_MONTHS:2",
                "Acme Deal 2",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = N_YEARS_AGO:1",
                "Initech Deal",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:14",
                "Acme Deal 1 | Orphan",
            ),
            (
                "SELECT Name FROM Opportunity WHERE CloseDate = LAST_MONTH",
                "",
            ),
            (
                "SELECT Name FROM Opportunity WHERE IsWon = true AND CloseDate = THIS_YEAR",
                "Acme Deal 1 | Globex Deal",
            ),
        ],
    );
}
