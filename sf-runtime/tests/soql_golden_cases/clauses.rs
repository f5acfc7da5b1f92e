//! Golden cases: logic, date literals, semi-joins, ORDER BY/LIMIT/clauses, aggregates, functions, TYPEOF.

use crate::common::models::*;
use sf_runtime::soql::prelude::*;
use sf_runtime::soql::*;
#[allow(unused_imports)]
use sf_runtime::types::{Date, DateTime, Decimal, Id, MultiPicklist, Time};

pub fn logic_cases() -> Vec<(String, &'static str)> {
    let acc = || Account::select((Account::ID,));
    let a = || Account::NAME.eq("A");
    let b = || Account::INDUSTRY.eq(AccountIndustry::Energy);
    let c = || Account::ANNUAL_REVENUE.gt(10);
    let d = || Account::BILLING_STATE.eq("CA");
    vec![
        (acc().filter(a().and(b())).to_soql(), "SELECT Id FROM Account WHERE Name = 'A' AND Industry = 'Energy'"),
        (acc().filter(a().or(b())).to_soql(), "SELECT Id FROM Account WHERE Name = 'A' OR Industry = 'Energy'"),
        (acc().filter(a() & b() & c()).to_soql(), "SELECT Id FROM Account WHERE Name = 'A' AND Industry = 'Energy' AND AnnualRevenue > 10"),
        (acc().filter(a() | b() | c()).to_soql(), "SELECT Id FROM Account WHERE Name = 'A' OR Industry = 'Energy' OR AnnualRevenue > 10"),
        (acc().filter(a().and(b().or(c()))).to_soql(), "SELECT Id FROM Account WHERE Name = 'A' AND (Industry = 'Energy' OR AnnualRevenue > 10)"),
        (acc().filter(a().or(b().and(c()))).to_soql(), "SELECT Id FROM Account WHERE Name = 'A' OR (Industry = 'Energy' AND AnnualRevenue > 10)"),
        (acc().filter(a().and(b()).or(c())).to_soql(), "SELECT Id FROM Account WHERE (Name = 'A' AND Industry = 'Energy') OR AnnualRevenue > 10"),
        (acc().filter(a().or(b()).and(c())).to_soql(), "SELECT Id FROM Account WHERE (Name = 'A' OR Industry = 'Energy') AND AnnualRevenue > 10"),
        (
            acc().filter((a() | b()) & (c() | d())).to_soql(),
            "SELECT Id FROM Account WHERE (Name = 'A' OR Industry = 'Energy') AND (AnnualRevenue > 10 OR BillingState = 'CA')",
        ),
        (
            acc().filter((a() & b()) | (c() & d())).to_soql(),
            "SELECT Id FROM Account WHERE (Name = 'A' AND Industry = 'Energy') OR (AnnualRevenue > 10 AND BillingState = 'CA')",
        ),
        (acc().filter(a().not()).to_soql(), "SELECT Id FROM Account WHERE NOT Name = 'A'"),
        (acc().filter(!a()).to_soql(), "SELECT Id FROM Account WHERE NOT Name = 'A'"),
        (acc().filter(!(a() | b())).to_soql(), "SELECT Id FROM Account WHERE NOT (Name = 'A' OR Industry = 'Energy')"),
        (acc().filter(!(a() & b())).to_soql(), "SELECT Id FROM Account WHERE NOT (Name = 'A' AND Industry = 'Energy')"),
        (acc().filter(a() & !b()).to_soql(), "SELECT Id FROM Account WHERE Name = 'A' AND (NOT Industry = 'Energy')"),
        (acc().filter(!a() | !b()).to_soql(), "SELECT Id FROM Account WHERE (NOT Name = 'A') OR (NOT Industry = 'Energy')"),
        (acc().filter(!!a()).to_soql(), "SELECT Id FROM Account WHERE NOT (NOT Name = 'A')"),
        (
            acc().filter(a() & (b() | (c() & (d() | a())))).to_soql(),
            "SELECT Id FROM Account WHERE Name = 'A' AND (Industry = 'Energy' OR (AnnualRevenue > 10 AND (BillingState = 'CA' OR Name = 'A')))",
        ),
        (acc().filter(a()).filter(b()).to_soql(), "SELECT Id FROM Account WHERE Name = 'A' AND Industry = 'Energy'"),
        (acc().filter(a() | b()).filter(c()).to_soql(), "SELECT Id FROM Account WHERE (Name = 'A' OR Industry = 'Energy') AND AnnualRevenue > 10"),
        (
            acc().filter(Condition::all([a(), b(), c()]).unwrap()).to_soql(),
            "SELECT Id FROM Account WHERE Name = 'A' AND Industry = 'Energy' AND AnnualRevenue > 10",
        ),
        (
            acc().filter(Condition::any([a(), b()]).unwrap() & c()).to_soql(),
            "SELECT Id FROM Account WHERE (Name = 'A' OR Industry = 'Energy') AND AnnualRevenue > 10",
        ),
        (
            acc().filter(Unchecked::condition("Name = 'raw'") & a()).to_soql(),
            "SELECT Id FROM Account WHERE (Name = 'raw') AND Name = 'A'",
        ),
        (acc().filter(Unchecked::condition("Name != null")).to_soql(), "SELECT Id FROM Account WHERE Name != null"),
    ]
}

pub fn date_literal_cases() -> Vec<(String, &'static str)> {
    use DateLiteral::*;
    let literals = [
        (Yesterday, "YESTERDAY"),
        (Today, "TODAY"),
        (Tomorrow, "TOMORROW"),
        (LastWeek, "LAST_WEEK"),
        (ThisWeek, "THIS_WEEK"),
        (NextWeek, "NEXT_WEEK"),
        (LastMonth, "LAST_MONTH"),
        (ThisMonth, "THIS_MONTH"),
        (NextMonth, "NEXT_MONTH"),
        (Last90Days, "LAST_90_DAYS"),
        (Next90Days, "NEXT_90_DAYS"),
        (LastNDays(365), "LAST_N_DAYS:365"),
        (NextNDays(15), "NEXT_N_DAYS:15"),
        (NDaysAgo(3), "N_DAYS_AGO:3"),
        (LastNWeeks(2), "LAST_N_WEEKS:2"),
        (NextNWeeks(4), "NEXT_N_WEEKS:4"),
        (NWeeksAgo(1), "N_WEEKS_AGO:1"),
        (LastNMonths(12), "LAST_N_MONTHS:12"),
        (NextNMonths(6), "NEXT_N_MONTHS:6"),
        (NMonthsAgo(6), "N_MONTHS_AGO:6"),
        (ThisQuarter, "THIS_QUARTER"),
        (LastQuarter, "LAST_QUARTER"),
        (NextQuarter, "NEXT_QUARTER"),
        (NextNQuarters(2), "NEXT_N_QUARTERS:2"),
        (LastNQuarters(2), "LAST_N_QUARTERS:2"),
        (NQuartersAgo(3), "N_QUARTERS_AGO:3"),
        (ThisYear, "THIS_YEAR"),
        (LastYear, "LAST_YEAR"),
        (NextYear, "NEXT_YEAR"),
        (NextNYears(5), "NEXT_N_YEARS:5"),
        (LastNYears(5), "LAST_N_YEARS:5"),
        (NYearsAgo(2), "N_YEARS_AGO:2"),
        (ThisFiscalQuarter, "THIS_FISCAL_QUARTER"),
        (LastFiscalQuarter, "LAST_FISCAL_QUARTER"),
        (NextFiscalQuarter, "NEXT_FISCAL_QUARTER"),
        (NextNFiscalQuarters(6), "NEXT_N_FISCAL_QUARTERS:6"),
        (LastNFiscalQuarters(6), "LAST_N_FISCAL_QUARTERS:6"),
        (NFiscalQuartersAgo(6), "N_FISCAL_QUARTERS_AGO:6"),
        (ThisFiscalYear, "THIS_FISCAL_YEAR"),
        (LastFiscalYear, "LAST_FISCAL_YEAR"),
        (NextFiscalYear, "NEXT_FISCAL_YEAR"),
        (NextNFiscalYears(3), "NEXT_N_FISCAL_YEARS:3"),
        (LastNFiscalYears(3), "LAST_N_FISCAL_YEARS:3"),
        (NFiscalYearsAgo(3), "N_FISCAL_YEARS_AGO:3"),
    ];
    let mut cases: Vec<(String, &'static str)> = Vec::new();
    // Every literal on a datetime field, each with its exact expected text.
    let expected: Vec<&'static str> = literals
        .iter()
        .map(|(_, text)| {
            &*Box::leak(
                format!("SELECT Id FROM Account WHERE CreatedDate = {text}").into_boxed_str(),
            )
        })
        .collect();
    for ((literal, _), want) in literals.iter().zip(expected) {
        cases.push((
            Account::select((Account::ID,))
                .filter(Account::CREATED_DATE.eq(*literal))
                .to_soql(),
            want,
        ));
    }
    cases.extend([
        (
            Opportunity::select((Opportunity::ID,)).filter(Opportunity::CLOSE_DATE.eq(Tomorrow)).to_soql(),
            "SELECT Id FROM Opportunity WHERE CloseDate = TOMORROW",
        ),
        (
            Opportunity::select((Opportunity::ID,)).filter(Opportunity::CLOSE_DATE.gt(LastNDays(30))).to_soql(),
            "SELECT Id FROM Opportunity WHERE CloseDate > LAST_N_DAYS:30",
        ),
        (
            Opportunity::select((Opportunity::ID,)).filter(Opportunity::CLOSE_DATE.is_in([ThisQuarter, NextQuarter])).to_soql(),
            "SELECT Id FROM Opportunity WHERE CloseDate IN (THIS_QUARTER, NEXT_QUARTER)",
        ),
        (
            Opportunity::select((Opportunity::ID,)).filter(Opportunity::CLOSE_DATE.ge(NextFiscalQuarter) & Opportunity::CREATED_DATE.lt(LastNFiscalYears(1))).to_soql(),
            "SELECT Id FROM Opportunity WHERE CloseDate >= NEXT_FISCAL_QUARTER AND CreatedDate < LAST_N_FISCAL_YEARS:1",
        ),
    ]);
    cases
}

pub fn semi_join_cases() -> Vec<(String, &'static str)> {
    vec![
        (
            Account::select((Account::ID, Account::NAME))
                .filter(Account::ID.in_subquery(Opportunity::select((Opportunity::ACCOUNT_ID,)).filter(Opportunity::STAGE_NAME.eq(OpportunityStage::ClosedLost))))
                .to_soql(),
            "SELECT Id, Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE StageName = 'Closed Lost')",
        ),
        (
            Account::select((Account::ID,)).filter(Account::ID.not_in_subquery(Opportunity::select((Opportunity::ACCOUNT_ID,)).filter(Opportunity::IS_CLOSED.eq(false)))).to_soql(),
            "SELECT Id FROM Account WHERE Id NOT IN (SELECT AccountId FROM Opportunity WHERE IsClosed = FALSE)",
        ),
        (
            Contact::select((Contact::ID,)).filter(Contact::ACCOUNT_ID.in_subquery(Account::select((Account::ID,)).filter(Account::INDUSTRY.eq(AccountIndustry::Energy)))).to_soql(),
            "SELECT Id FROM Contact WHERE AccountId IN (SELECT Id FROM Account WHERE Industry = 'Energy')",
        ),
        (
            Opportunity::select((Opportunity::ID,)).filter(Opportunity::ACCOUNT_ID.in_subquery(Contact::select((Contact::ACCOUNT_ID,)).filter(Contact::LAST_NAME.like("apple%"))) & Opportunity::AMOUNT.gt(100)).to_soql(),
            "SELECT Id FROM Opportunity WHERE AccountId IN (SELECT AccountId FROM Contact WHERE LastName LIKE 'apple%') AND Amount > 100",
        ),
        (
            Account::select((Account::ID,)).filter(Account::NAME.in_subquery(Contact::select((Contact::LAST_NAME,)))).to_soql(),
            "SELECT Id FROM Account WHERE Name IN (SELECT LastName FROM Contact)",
        ),
    ]
}

pub fn order_limit_cases() -> Vec<(String, &'static str)> {
    let acc = || Account::select((Account::NAME,));
    vec![
        (acc().order_by(Account::NAME).to_soql(), "SELECT Name FROM Account ORDER BY Name"),
        (acc().order_by(Account::NAME.asc()).to_soql(), "SELECT Name FROM Account ORDER BY Name ASC"),
        (acc().order_by(Account::NAME.desc()).to_soql(), "SELECT Name FROM Account ORDER BY Name DESC"),
        (acc().order_by(Account::NAME.asc().nulls_first()).to_soql(), "SELECT Name FROM Account ORDER BY Name ASC NULLS FIRST"),
        (acc().order_by(Account::NAME.desc().nulls_last()).to_soql(), "SELECT Name FROM Account ORDER BY Name DESC NULLS LAST"),
        (
            acc().order_by(Account::INDUSTRY.asc()).order_by(Account::ANNUAL_REVENUE.desc().nulls_last()).to_soql(),
            "SELECT Name FROM Account ORDER BY Industry ASC, AnnualRevenue DESC NULLS LAST",
        ),
        (acc().limit(1).to_soql(), "SELECT Name FROM Account LIMIT 1"),
        (acc().limit(200).offset(100).to_soql(), "SELECT Name FROM Account LIMIT 200 OFFSET 100"),
        (acc().offset(10).to_soql(), "SELECT Name FROM Account OFFSET 10"),
        (
            acc().filter(Account::NAME.like("A%")).order_by(Account::NAME.asc()).limit(10).offset(20).to_soql(),
            "SELECT Name FROM Account WHERE Name LIKE 'A%' ORDER BY Name ASC LIMIT 10 OFFSET 20",
        ),
        (acc().for_view().to_soql(), "SELECT Name FROM Account FOR VIEW"),
        (acc().for_reference().to_soql(), "SELECT Name FROM Account FOR REFERENCE"),
        (acc().limit(1).for_update().to_soql(), "SELECT Name FROM Account LIMIT 1 FOR UPDATE"),
        (acc().update_tracking().to_soql(), "SELECT Name FROM Account UPDATE TRACKING"),
        (acc().update_viewstat().to_soql(), "SELECT Name FROM Account UPDATE VIEWSTAT"),
        (acc().limit(5).for_view().update_viewstat().to_soql(), "SELECT Name FROM Account LIMIT 5 FOR VIEW UPDATE VIEWSTAT"),
        (acc().with_security_enforced().to_soql(), "SELECT Name FROM Account WITH SECURITY_ENFORCED"),
        (acc().with_user_mode().to_soql(), "SELECT Name FROM Account WITH USER_MODE"),
        (acc().with_system_mode().to_soql(), "SELECT Name FROM Account WITH SYSTEM_MODE"),
        (
            acc().filter(Account::NAME.eq("x")).with_security_enforced().order_by(Account::NAME).limit(3).to_soql(),
            "SELECT Name FROM Account WHERE Name = 'x' WITH SECURITY_ENFORCED ORDER BY Name LIMIT 3",
        ),
        (acc().using_scope(Scope::Mine).to_soql(), "SELECT Name FROM Account USING SCOPE mine"),
        (acc().using_scope(Scope::Team).to_soql(), "SELECT Name FROM Account USING SCOPE team"),
        (acc().using_scope(Scope::Everything).to_soql(), "SELECT Name FROM Account USING SCOPE everything"),
        (acc().using_scope(Scope::Delegated).to_soql(), "SELECT Name FROM Account USING SCOPE delegated"),
        (acc().using_scope(Scope::MineAndMyGroups).to_soql(), "SELECT Name FROM Account USING SCOPE mine_and_my_groups"),
        (acc().using_scope(Scope::MyTerritory).to_soql(), "SELECT Name FROM Account USING SCOPE my_territory"),
        (acc().using_scope(Scope::MyTeamTerritory).to_soql(), "SELECT Name FROM Account USING SCOPE my_team_territory"),
        (
            acc().using_scope(Scope::Mine).filter(Account::NAME.ne("x")).with_user_mode().limit(2).to_soql(),
            "SELECT Name FROM Account USING SCOPE mine WHERE Name != 'x' WITH USER_MODE LIMIT 2",
        ),
    ]
}

pub fn aggregate_cases() -> Vec<(String, &'static str)> {
    vec![
        (Account::select((count(Account::ID),)).to_soql(), "SELECT COUNT(Id) FROM Account"),
        (Account::select((count(Account::ID).alias("total"),)).to_soql(), "SELECT COUNT(Id) total FROM Account"),
        (Account::select((count_distinct(Account::NAME),)).to_soql(), "SELECT COUNT_DISTINCT(Name) FROM Account"),
        (Opportunity::select((sum(Opportunity::AMOUNT),)).to_soql(), "SELECT SUM(Amount) FROM Opportunity"),
        (Opportunity::select((avg(Opportunity::AMOUNT),)).to_soql(), "SELECT AVG(Amount) FROM Opportunity"),
        (Opportunity::select((min(Opportunity::CLOSE_DATE), max(Opportunity::CLOSE_DATE))).to_soql(), "SELECT MIN(CloseDate), MAX(CloseDate) FROM Opportunity"),
        (Account::select((max(Account::NAME),)).to_soql(), "SELECT MAX(Name) FROM Account"),
        (
            Account::select((Account::INDUSTRY, count(Account::ID))).group_by((Account::INDUSTRY,)).to_soql(),
            "SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry",
        ),
        (
            Opportunity::select((Opportunity::LEAD_SOURCE, count(Opportunity::NAME).alias("cnt"))).group_by((Opportunity::LEAD_SOURCE,)).to_soql(),
            "SELECT LeadSource, COUNT(Name) cnt FROM Opportunity GROUP BY LeadSource",
        ),
        (
            Opportunity::select((Opportunity::STAGE_NAME, sum(Opportunity::AMOUNT).alias("total"), avg(Opportunity::PROBABILITY)))
                .group_by((Opportunity::STAGE_NAME,))
                .having(sum(Opportunity::AMOUNT).gt(100000))
                .order_by(sum(Opportunity::AMOUNT).desc())
                .to_soql(),
            "SELECT StageName, SUM(Amount) total, AVG(Probability) FROM Opportunity GROUP BY StageName HAVING SUM(Amount) > 100000 ORDER BY SUM(Amount) DESC",
        ),
        (
            Account::select((Account::NAME, count(Account::ID))).group_by((Account::NAME,)).having(count(Account::ID).gt(1)).to_soql(),
            "SELECT Name, COUNT(Id) FROM Account GROUP BY Name HAVING COUNT(Id) > 1",
        ),
        (
            Contact::select((Contact::LEAD_SOURCE, count(Contact::NAME))).group_by((Contact::LEAD_SOURCE,)).having(count(Contact::NAME).gt(100) & count(Contact::NAME).lt(1000)).to_soql(),
            "SELECT LeadSource, COUNT(Name) FROM Contact GROUP BY LeadSource HAVING COUNT(Name) > 100 AND COUNT(Name) < 1000",
        ),
        (
            Account::select((Account::INDUSTRY, Account::RATING, count(Account::ID))).group_by_rollup((Account::INDUSTRY, Account::RATING)).to_soql(),
            "SELECT Industry, Rating, COUNT(Id) FROM Account GROUP BY ROLLUP(Industry, Rating)",
        ),
        (
            Account::select((Account::TYPE, Account::BILLING_COUNTRY, count(Account::ID).alias("n"))).group_by_cube((Account::TYPE, Account::BILLING_COUNTRY)).to_soql(),
            "SELECT Type, BillingCountry, COUNT(Id) n FROM Account GROUP BY CUBE(Type, BillingCountry)",
        ),
        (
            Opportunity::select((calendar_year(Opportunity::CLOSE_DATE), sum(Opportunity::AMOUNT))).group_by((calendar_year(Opportunity::CLOSE_DATE),)).to_soql(),
            "SELECT CALENDAR_YEAR(CloseDate), SUM(Amount) FROM Opportunity GROUP BY CALENDAR_YEAR(CloseDate)",
        ),
        (
            Opportunity::select((calendar_month(Opportunity::CREATED_DATE), count(Opportunity::ID))).group_by((calendar_month(Opportunity::CREATED_DATE),)).order_by(calendar_month(Opportunity::CREATED_DATE)).to_soql(),
            "SELECT CALENDAR_MONTH(CreatedDate), COUNT(Id) FROM Opportunity GROUP BY CALENDAR_MONTH(CreatedDate) ORDER BY CALENDAR_MONTH(CreatedDate)",
        ),
        (
            Opportunity::select((Opportunity::ID,)).filter(calendar_year(Opportunity::CREATED_DATE).eq(2011)).to_soql(),
            "SELECT Id FROM Opportunity WHERE CALENDAR_YEAR(CreatedDate) = 2011",
        ),
        (
            Opportunity::select((fiscal_year(Opportunity::CLOSE_DATE), fiscal_quarter(Opportunity::CLOSE_DATE), sum(Opportunity::AMOUNT)))
                .group_by((fiscal_year(Opportunity::CLOSE_DATE), fiscal_quarter(Opportunity::CLOSE_DATE)))
                .to_soql(),
            "SELECT FISCAL_YEAR(CloseDate), FISCAL_QUARTER(CloseDate), SUM(Amount) FROM Opportunity GROUP BY FISCAL_YEAR(CloseDate), FISCAL_QUARTER(CloseDate)",
        ),
        (
            Account::select((day_only(Account::CREATED_DATE), count(Account::ID))).group_by((day_only(Account::CREATED_DATE),)).to_soql(),
            "SELECT DAY_ONLY(CreatedDate), COUNT(Id) FROM Account GROUP BY DAY_ONLY(CreatedDate)",
        ),
        (
            Opportunity::select((hour_in_day(Opportunity::CREATED_DATE), week_in_year(Opportunity::CREATED_DATE), count(Opportunity::ID))).group_by((hour_in_day(Opportunity::CREATED_DATE), week_in_year(Opportunity::CREATED_DATE))).to_soql(),
            "SELECT HOUR_IN_DAY(CreatedDate), WEEK_IN_YEAR(CreatedDate), COUNT(Id) FROM Opportunity GROUP BY HOUR_IN_DAY(CreatedDate), WEEK_IN_YEAR(CreatedDate)",
        ),
        (
            Opportunity::select((calendar_quarter(Opportunity::CLOSE_DATE), day_in_month(Opportunity::CLOSE_DATE), day_in_week(Opportunity::CLOSE_DATE), day_in_year(Opportunity::CLOSE_DATE), week_in_month(Opportunity::CLOSE_DATE), fiscal_month(Opportunity::CLOSE_DATE))).to_soql(),
            "SELECT CALENDAR_QUARTER(CloseDate), DAY_IN_MONTH(CloseDate), DAY_IN_WEEK(CloseDate), DAY_IN_YEAR(CloseDate), WEEK_IN_MONTH(CloseDate), FISCAL_MONTH(CloseDate) FROM Opportunity",
        ),
        (
            Contact::select((Contact::ACCOUNT.then(Account::NAME), count(Contact::ID))).group_by((Contact::ACCOUNT.then(Account::NAME),)).to_soql(),
            "SELECT Account.Name, COUNT(Id) FROM Contact GROUP BY Account.Name",
        ),
        (
            Opportunity::select((sum(Opportunity::AMOUNT),)).filter(Opportunity::IS_WON.eq(true) & Opportunity::CLOSE_DATE.eq(DateLiteral::ThisFiscalYear)).to_soql(),
            "SELECT SUM(Amount) FROM Opportunity WHERE IsWon = TRUE AND CloseDate = THIS_FISCAL_YEAR",
        ),
        (
            Account::select((Account::INDUSTRY, count(Account::ID))).group_by((Account::INDUSTRY,)).order_by(count(Account::ID).desc()).limit(3).to_soql(),
            "SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry ORDER BY COUNT(Id) DESC LIMIT 3",
        ),
        (
            Opportunity::select((Opportunity::STAGE_NAME, max(Opportunity::AMOUNT))).group_by((Opportunity::STAGE_NAME,)).having(max(Opportunity::AMOUNT).ge(Decimal::new(5, 1))).to_soql(),
            "SELECT StageName, MAX(Amount) FROM Opportunity GROUP BY StageName HAVING MAX(Amount) >= 0.5",
        ),
        (
            Account::select((Account::INDUSTRY, count(Account::ID))).group_by((Account::INDUSTRY,)).having(Account::INDUSTRY.ne(AccountIndustry::Energy)).to_soql(),
            "SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING Industry != 'Energy'",
        ),
    ]
}

pub fn function_and_typeof_cases() -> Vec<(String, &'static str)> {
    vec![
        (Case::select((to_label(Case::STATUS),)).to_soql(), "SELECT toLabel(Status) FROM Case"),
        (
            Account::select((Account::NAME,))
                .filter(distance(Account::BILLING_ADDRESS, 37.775, -122.418, DistanceUnit::Miles).lt(20))
                .to_soql(),
            "SELECT Name FROM Account WHERE DISTANCE(BillingAddress, GEOLOCATION(37.775, -122.418), 'mi') < 20",
        ),
        (
            Account::select((Account::NAME,))
                .order_by(distance(Account::BILLING_ADDRESS, 48.8566, 2.3522, DistanceUnit::Kilometers).asc())
                .limit(10)
                .to_soql(),
            "SELECT Name FROM Account ORDER BY DISTANCE(BillingAddress, GEOLOCATION(48.8566, 2.3522), 'km') ASC LIMIT 10",
        ),
        (Opportunity::select((convert_currency(Opportunity::AMOUNT),)).to_soql(), "SELECT convertCurrency(Amount) FROM Opportunity"),
        (Opportunity::select((format(Opportunity::AMOUNT), Opportunity::NAME)).to_soql(), "SELECT FORMAT(Amount), Name FROM Opportunity"),
        (Contact::select((to_label(Contact::ACCOUNT.then(Account::INDUSTRY)),)).to_soql(), "SELECT toLabel(Account.Industry) FROM Contact"),
        (
            Task::select((Task::SUBJECT, Task::WHAT.type_of().when((Account::PHONE, Account::NUMBER_OF_EMPLOYEES)).when((Opportunity::AMOUNT, Opportunity::CLOSE_DATE)).otherwise((Account::NAME,)))).to_soql(),
            "SELECT Subject, TYPEOF What WHEN Account THEN Phone, NumberOfEmployees WHEN Opportunity THEN Amount, CloseDate ELSE Name END FROM Task",
        ),
        (
            Task::select((Task::WHAT.type_of().when((Account::NAME,)),)).to_soql(),
            "SELECT TYPEOF What WHEN Account THEN Name END FROM Task",
        ),
        (
            Task::select((Task::ID, Task::WHO.type_of().when((Contact::NAME, Contact::EMAIL)))).filter(Task::STATUS.eq(TaskStatus::NotStarted)).to_soql(),
            "SELECT Id, TYPEOF Who WHEN Contact THEN Name, Email END FROM Task WHERE Status = 'Not Started'",
        ),
        (
            Task::select((Task::WHAT.type_of().when((Case::CASE_NUMBER, Case::SUBJECT)).when((Account::NAME,)), Task::WHO.type_of().when((Contact::EMAIL,)))).to_soql(),
            "SELECT TYPEOF What WHEN Case THEN CaseNumber, Subject WHEN Account THEN Name END, TYPEOF Who WHEN Contact THEN Email END FROM Task",
        ),
        // The query of the recorded exchange CumulusCI `TestSelect.test_select_similarity_select_and_insert_strategy`.
        (
            Event::select((
                Event::ID,
                Event::WHO.type_of().when((Contact::LAST_NAME, Contact::EMAIL)).when((Lead::LAST_NAME, Lead::COMPANY)).otherwise((Event::ID,)),
                Event::WHAT.type_of().when((Account::NAME, Account::DESCRIPTION, Account::PHONE, Account::ACCOUNT_NUMBER)).otherwise((Event::ID,)),
                Event::SUBJECT,
                Event::DURATION_IN_MINUTES,
                Event::ACTIVITY_DATE_TIME,
            ))
            .to_soql(),
            "SELECT Id, TYPEOF Who WHEN Contact THEN LastName, Email WHEN Lead THEN LastName, Company ELSE Id END, TYPEOF What WHEN Account THEN Name, Description, Phone, AccountNumber ELSE Id END, Subject, DurationInMinutes, ActivityDateTime FROM Event",
        ),
        (Unchecked::new("SELECT Id FROM Account WHERE Name = 'raw'").to_soql(), "SELECT Id FROM Account WHERE Name = 'raw'"),
        (
            Account::select((Account::ID,)).decode_as::<Account>().to_soql(),
            "SELECT Id FROM Account",
        ),
    ]
}
