//! WHERE semantics, table-driven: comparison operators, null handling,
//! LIKE, IN / NOT IN, INCLUDES / EXCLUDES, boolean logic, parent paths,
//! semi-/anti-joins. Date literals are in `soql_dates.rs`.

use crate::cases;
use crate::fixture;

use cases::check_valid;
use fixture::World;

const ALL: &str =
    "Acme | Globex | Initech | Umbrella Corp | acme labs | O'Reilly & Sons | 50% Off_Store";

#[test]
fn comparison_and_null_semantics() {
    check_valid(
        &World::new(),
        &[
            ("SELECT Name FROM Account", ALL),
            ("select name from account where name = 'ACME'", "Acme"),
            (
                "SELECT Name FROM Account WHERE Name != 'Acme'",
                "Globex | Initech | Umbrella Corp | acme labs | O'Reilly & Sons | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE Name <> 'acme'",
                "Globex | Initech | Umbrella Corp | acme labs | O'Reilly & Sons | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE Industry = 'Technology'",
                "Acme | Initech",
            ),
            (
                "SELECT Name FROM Account WHERE Industry = 'TECHNOLOGY'",
                "Acme | Initech",
            ),
            (
                "SELECT Name FROM Account WHERE Industry = null",
                "Umbrella Corp",
            ),
            (
                "SELECT Name FROM Account WHERE Industry != null",
                "Acme | Globex | Initech | acme labs | O'Reilly & Sons | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE Industry != 'Technology'",
                "Globex | Umbrella Corp | acme labs | O'Reilly & Sons | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE AnnualRevenue > 500000",
                "Acme | Globex | acme labs",
            ),
            (
                "SELECT Name FROM Account WHERE AnnualRevenue >= 750000",
                "Acme | Globex | acme labs",
            ),
            (
                "SELECT Name FROM Account WHERE AnnualRevenue < 750000",
                "Initech",
            ),
            (
                "SELECT Name FROM Account WHERE AnnualRevenue <= 750000",
                "Initech | acme labs",
            ),
            (
                "SELECT Name FROM Account WHERE AnnualRevenue = 250000",
                "Initech",
            ),
            (
                "SELECT Name FROM Account WHERE AnnualRevenue = 250000.0",
                "Initech",
            ),
            (
                "SELECT Name FROM Account WHERE AnnualRevenue = null",
                "Umbrella Corp | O'Reilly & Sons | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE NumberOfEmployees > -1",
                "Acme | Globex | Initech | acme labs | O'Reilly & Sons | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE NumberOfEmployees < 10",
                "O'Reilly & Sons | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE Name > 'Initech'",
                "Umbrella Corp | O'Reilly & Sons",
            ),
            (
                "SELECT Name FROM Account WHERE Name < 'b'",
                "Acme | acme labs | 50% Off_Store",
            ),
            ("SELECT Name FROM Account WHERE IsDeleted = false", ALL),
            ("SELECT Name FROM Account WHERE Id = '{acc2}'", "Globex"),
            ("SELECT Name FROM Account WHERE Id = '{acc2_15}'", "Globex"),
            (
                "SELECT Name FROM Account WHERE Id != '{acc2}' AND Id != '{acc3}'",
                "Acme | Umbrella Corp | acme labs | O'Reilly & Sons | 50% Off_Store",
            ),
            (
                "SELECT Name FROM Account WHERE ParentId = '{acc1}'",
                "Globex",
            ),
            (
                "SELECT Name FROM Account WHERE ParentId != null",
                "Globex | Umbrella Corp",
            ),
            (
                "SELECT LastName FROM Contact WHERE AccountId = '{acc1_15}'",
                "Doe | Smith",
            ),
            (
                "SELECT LastName FROM Contact WHERE AccountId = null",
                "Brown",
            ),
            (
                "SELECT LastName FROM Contact WHERE Birthdate = 2000-02-29",
                "Zola",
            ),
            (
                "SELECT LastName FROM Contact WHERE Birthdate < 1990-01-01",
                "Smith",
            ),
            (
                "SELECT LastName FROM Contact WHERE Birthdate >= 1990-05-20",
                "Doe | Zola",
            ),
            (
                "SELECT Name, CustomField__c FROM Custom__c WHERE CustomField__c = 'X'",
                "C-1,x",
            ),
            (
                "SELECT Company FROM Lead WHERE AnnualRevenue IN (1000, 3000)",
                "Foo Inc | Baz",
            ),
            (
                "SELECT Company FROM Lead WHERE AnnualRevenue NOT IN (1000)",
                "Bar LLC | Baz | Qux",
            ),
            (
                "SELECT Company FROM Lead WHERE Status LIKE 'Working%' ORDER BY Company",
                "Bar LLC | Qux",
            ),
            ("SELECT Id, Name FROM Account WHERE Name = 'Sandy'", ""),
            ("SELECT Role FROM OpportunityContactRole", ""),
        ],
    );
}

#[test]
fn like_in_and_boolean_logic() {
    check_valid(
        &World::new(),
        &[
            ("SELECT Name FROM Account WHERE Name LIKE 'acme%'", "Acme | acme labs"),
            ("SELECT Name FROM Account WHERE Name LIKE 'A%'", "Acme | acme labs"),
            ("SELECT Name FROM Account WHERE Name LIKE '%corp'", "Umbrella Corp"),
            ("SELECT Name FROM Account WHERE Name LIKE '_lobex'", "Globex"),
            ("SELECT Name FROM Account WHERE Name LIKE 'g_obe_'", "Globex"),
            ("SELECT Name FROM Account WHERE Name LIKE '%e%'", ALL),
            ("SELECT Name FROM Account WHERE Name LIKE 'acme'", "Acme"),
            ("SELECT Name FROM Account WHERE Name LIKE '50\\% Off\\_%'", "50% Off_Store"),
            ("SELECT Name FROM Account WHERE Name LIKE '5_\\%%'", "50% Off_Store"),
            ("SELECT Name FROM Account WHERE Name LIKE '%\\_%'", "50% Off_Store"),
            ("SELECT Name FROM Account WHERE Name LIKE 'O\\'Reilly%'", "O'Reilly & Sons"),
            ("SELECT Name FROM Account WHERE Name = 'O\\'Reilly & Sons'", "O'Reilly & Sons"),
            ("SELECT Name FROM Account WHERE Name = '50% Off_Store'", "50% Off_Store"),
            ("SELECT Name FROM Account WHERE BillingCity LIKE 'SAN FRAN%'", "Acme | acme labs"),
            ("SELECT Name FROM Account WHERE Industry LIKE null", ""),
            ("SELECT Name FROM Account WHERE Industry IN ('Energy', 'Media')", "Globex | O'Reilly & Sons"),
            ("SELECT Name FROM Account WHERE Industry IN ('energy')", "Globex"),
            ("SELECT Name FROM Account WHERE Industry NOT IN ('Energy', 'Media')", "Acme | Initech | Umbrella Corp | acme labs | 50% Off_Store"),
            ("SELECT Name FROM Account WHERE Industry IN ('energy', null)", "Globex | Umbrella Corp"),
            ("SELECT Name FROM Account WHERE Name IN ('Acme')", "Acme"),
            ("SELECT Name FROM Account WHERE Id IN ('{acc1}', '{acc3_15}')", "Acme | Initech"),
            ("SELECT LastName FROM Contact WHERE AccountId IN ('{acc1}', '{acc2_15}')", "Doe | Smith | Jones"),
            ("SELECT LastName FROM Contact WHERE AccountId NOT IN ('{acc1}')", "Jones | Brown | Zola"),
            ("SELECT Name FROM Account WHERE Industry = 'Technology' AND AnnualRevenue > 500000", "Acme"),
            ("SELECT Name FROM Account WHERE Industry = 'Technology' OR Industry = 'Energy'", "Acme | Globex | Initech"),
            ("SELECT Name FROM Account WHERE Industry = 'Technology' OR Industry = 'Energy' OR Industry = null", "Acme | Globex | Initech | Umbrella Corp"),
            ("SELECT Name FROM Account WHERE (Industry = 'Technology' OR Industry = 'Energy') AND NumberOfEmployees < 200", "Acme | Initech"),
            ("SELECT Name FROM Account WHERE NumberOfEmployees < 200 AND (Industry = 'Technology' OR Industry = 'Energy')", "Acme | Initech"),
            ("SELECT Name FROM Account WHERE NOT Industry = 'Technology'", "Globex | Umbrella Corp | acme labs | O'Reilly & Sons | 50% Off_Store"),
            ("SELECT Name FROM Account WHERE NOT (Industry = 'Technology' OR Industry = null)", "Globex | acme labs | O'Reilly & Sons | 50% Off_Store"),
            ("SELECT Name FROM Account WHERE Industry = 'Technology' AND (NOT Name LIKE 'I%')", "Acme"),
            ("SELECT Name FROM Account WHERE Industry = 'Technology' AND NOT Name LIKE 'I%'", "Acme"),
            ("SELECT Name FROM Account WHERE ((Name = 'Acme'))", "Acme"),
            ("SELECT Name FROM Account WHERE (Name = 'Acme' OR Name = 'Globex') AND (Industry = 'Energy' OR Industry = 'Media')", "Globex"),
            ("SELECT Name FROM Account WHERE BillingState = 'CA' AND BillingCity = 'san francisco'", "Acme | acme labs"),
            ("SELECT Name FROM Account WHERE CALENDAR_YEAR(CreatedDate) = 2023", "Initech"),
            ("SELECT Name FROM Account WHERE CALENDAR_MONTH(CreatedDate) = 4", "Globex"),
            ("SELECT Name FROM Account WHERE DAY_ONLY(CreatedDate) = 2024-05-14", "acme labs"),
            ("SELECT Name FROM Account WHERE HOUR_IN_DAY(CreatedDate) >= 12", "Initech | acme labs"),
            ("SELECT Amount FROM Opportunity WHERE CALENDAR_YEAR(CreatedDate) = 2023", "250000 | 75000"),
        ],
    );
}

#[test]
fn multi_select_boolean_and_number_fields() {
    check_valid(
        &World::new(),
        &[
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field INCLUDES ('four')", "W1 | W3"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field INCLUDES ('FOUR')", "W1 | W3"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field INCLUDES ('four;five')", "W1"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field INCLUDES ('five;four')", "W1"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field INCLUDES ('six', 'five')", "W1 | W2 | W3"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field INCLUDES ('four;six', 'five')", "W1 | W2 | W3"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field EXCLUDES ('four')", "W2 | W4"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field EXCLUDES ('four', 'five')", "W4"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field = 'five;four'", "W1"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field = 'five'", "W2"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field != 'five'", "W1 | W3 | W4"),
            ("SELECT Name FROM Whizbang WHERE Picklist_Multiselect_Field = null", "W4"),
            ("SELECT Name FROM Whizbang WHERE Checkbox_Field = true", "W1"),
            ("SELECT Name FROM Whizbang WHERE Checkbox_Field = false", "W2 | W3 | W4"),
            ("SELECT Name FROM Whizbang WHERE Checkbox_Field != true", "W2 | W3 | W4"),
            ("SELECT Name FROM Whizbang WHERE Checkbox_Field = TRUE", "W1"),
            ("SELECT Name FROM Whizbang WHERE Checkbox_Field = null", "W2 | W3 | W4"),
            ("SELECT Name FROM Whizbang WHERE Checkbox_Field != null", "W1"),
            ("SELECT Subject FROM Task WHERE IsHighPriority = null", "Call Acme | Send quote | Follow up"),
            ("SELECT Subject FROM Case WHERE Contact.LastName = null", ""),
            ("SELECT Name FROM Opportunity WHERE Account.Name = null", "Orphan"),
            ("SELECT LastName FROM Contact WHERE Account.Industry = null", "Brown"),
            ("SELECT Name FROM Whizbang WHERE Number_Field < 0", "W2"),
            ("SELECT Name FROM Whizbang WHERE Number_Field > 1.4", "W1 | W3"),
            ("SELECT Name FROM Whizbang WHERE Number_Field = -2", "W2"),
            ("SELECT Name FROM Whizbang WHERE Number_Field = 1.50", "W1"),
            ("SELECT Name FROM Whizbang WHERE Number_Field IN (10, -2)", "W2 | W3"),
            ("SELECT Name FROM Whizbang WHERE DateTime_Field = TODAY", "W1"),
            ("SELECT Name FROM Whizbang WHERE DateTime_Field = YESTERDAY", "W2"),
            ("SELECT Name FROM Whizbang WHERE DateTime_Field < 2024-05-14T23:59:59Z", "W3"),
            ("SELECT Name FROM Whizbang WHERE DateTime_Field > 2024-05-14T23:59:59Z", "W1 | W2"),
            ("SELECT Name FROM Whizbang WHERE DateTime_Field = 2024-05-15T10:30:00+02:00", "W1"),
            ("SELECT Name FROM Whizbang WHERE DateTime_Field = 2024-05-15T08:30:00.000+0000", "W1"),
            ("SELECT Name FROM Whizbang WHERE DateTime_Field = null", "W4"),
            ("SELECT Name FROM Whizbang WHERE Date_Field = THIS_WEEK", "W1"),
            ("SELECT Name FROM Whizbang WHERE Date_Field = NEXT_WEEK", "W2"),
            ("SELECT Name FROM Whizbang WHERE Date_Field = LAST_WEEK", "W3"),
            ("SELECT Name FROM Whizbang WHERE Date_Field > THIS_WEEK", "W2"),
            ("SELECT Name FROM Whizbang WHERE Date_Field < THIS_WEEK", "W3"),
            ("SELECT Name FROM Whizbang WHERE Date_Field >= THIS_WEEK", "W1 | W2"),
            ("SELECT Name FROM Whizbang WHERE Date_Field <= THIS_WEEK", "W1 | W3"),
            ("SELECT Name FROM Whizbang WHERE Date_Field != THIS_WEEK", "W2 | W3 | W4"),
            ("SELECT Name FROM Whizbang WHERE ParentWhizbang__r.Name = 'W1'", "W4"),
            ("SELECT Name, ParentWhizbang__r.Name FROM Whizbang WHERE ParentWhizbang__c != null", "W4,{W1}"),
        ],
    );
}

#[test]
fn parent_paths_and_semi_joins() {
    check_valid(
        &World::new(),
        &[
            ("SELECT Name FROM Contact WHERE Account.Name = 'Acme'", "Jane Doe | John Smith"),
            ("SELECT LastName FROM Contact WHERE Account.Industry = 'Technology'", "Doe | Smith | Zola"),
            ("SELECT LastName FROM Contact WHERE Account.Industry != 'Technology'", "Jones | Brown"),
            ("SELECT LastName FROM Contact WHERE Account.Parent.Name = 'Acme'", "Jones"),
            ("SELECT LastName FROM Contact WHERE ReportsTo.LastName = 'Doe'", "Smith"),
            ("SELECT LastName FROM Contact WHERE account.name LIKE 'ACME'", "Doe | Smith"),
            ("SELECT Name FROM Account WHERE Parent.Parent.Name = 'Acme'", "Umbrella Corp"),
            ("SELECT Name FROM Account WHERE Owner.Name = 'Admin User'", "Acme | Initech"),
            ("SELECT Subject FROM Case WHERE Owner.Name = 'Admin User' ORDER BY CaseNumber DESC", "Outage | Login broken"),
            ("SELECT Subject FROM Case WHERE Contact.Account.Name = 'Globex'", "Outage"),
            ("SELECT Subject FROM Task WHERE What.Name LIKE 'Acme%'", "Call Acme | Send quote"),
            ("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE LeadSource = 'Web')", "Acme | Globex"),
            ("SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Opportunity)", "Umbrella Corp | acme labs | O'Reilly & Sons | 50% Off_Store"),
            ("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE StageName = 'Closed Won') AND Industry = 'Energy'", "Globex"),
            ("SELECT LastName FROM Contact WHERE AccountId IN (SELECT Id FROM Account WHERE Industry = 'Technology')", "Doe | Smith | Zola"),
            ("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Case WHERE Status = 'New')", "Acme"),
            ("SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Opportunity WHERE IsClosed = false)", "Globex | Initech | Umbrella Corp | acme labs | O'Reilly & Sons | 50% Off_Store"),
            ("SELECT Name FROM Account WHERE Id IN (SELECT ParentId FROM Account)", "Acme | Globex"),
            ("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Account.Industry = 'Energy')", "Globex"),
            ("SELECT Name FROM Opportunity WHERE AccountId IN (SELECT AccountId FROM Contact WHERE Title = 'CTO')", "Acme Deal 1 | Acme Deal 2"),
            ("SELECT Name FROM Account WHERE Id IN (SELECT WhatId FROM Task)", "Acme"),
        ],
    );
}

#[test]
fn query_all_sees_the_recycle_bin() {
    let world = World::new();
    let live = world
        .query("SELECT Name FROM Account WHERE Industry = 'Energy'")
        .unwrap();
    assert_eq!(fixture::render(&live), "Globex");
    let all = world
        .query_all("SELECT Name, IsDeleted FROM Account WHERE Industry = 'Energy'")
        .unwrap();
    assert_eq!(fixture::render(&all), "Globex,false | Deleted Co,true");
    let deleted = world
        .query_all("SELECT Name FROM Account WHERE IsDeleted = true")
        .unwrap();
    assert_eq!(fixture::render(&deleted), "Deleted Co");
}

/// From the SF Office: Oakland ≈ 8 mi (13 km), San Jose ≈ 42 mi (68 km),
/// LA ≈ 347 mi (559 km). Accounts without coordinates have no distance.
const SF: &str = "GEOLOCATION(37.7749, -122.4194)";

#[test]
fn distance_filters_and_sorts_by_radius() {
    let q = |tail: &str| tail.replace("{SF}", SF);
    let cases = [
        (
            q("SELECT Name FROM Account WHERE DISTANCE(BillingAddress, {SF}, 'mi') < 20"),
            "SF Office | Oakland Depot",
        ),
        (
            q("SELECT Name FROM Account WHERE DISTANCE(BillingAddress, {SF}, 'km') < 100"),
            "SF Office | Oakland Depot | San Jose Lab",
        ),
        (
            q("SELECT Name FROM Account WHERE DISTANCE(BillingAddress, {SF}, 'km') > 100"),
            "LA Store",
        ),
        (
            q("SELECT Name FROM Account WHERE distance(BillingAddress, {SF}, 'MI') > 5 AND DISTANCE(BillingAddress, {SF}, 'mi') < 50"),
            "Oakland Depot | San Jose Lab",
        ),
        (
            q("SELECT Name FROM Account WHERE BillingLatitude != null ORDER BY DISTANCE(BillingAddress, {SF}, 'mi') DESC"),
            "LA Store | San Jose Lab | Oakland Depot | SF Office",
        ),
        (
            q("SELECT Name FROM Account WHERE Name IN ('LA Store', 'Acme', 'SF Office') ORDER BY DISTANCE(BillingAddress, {SF}, 'mi')"),
            "Acme | SF Office | LA Store",
        ),
        (
            q("SELECT Name FROM Account WHERE Name IN ('LA Store', 'Acme', 'SF Office') ORDER BY DISTANCE(BillingAddress, {SF}, 'mi') NULLS LAST"),
            "SF Office | LA Store | Acme",
        ),
        (
            q("SELECT Name FROM Account WHERE DISTANCE(BillingAddress, GEOLOCATION(34.05, -118.24), 'km') < 5"),
            "LA Store",
        ),
        (
            q("SELECT LastName FROM Contact WHERE DISTANCE(Account.BillingAddress, {SF}, 'mi') < 1"),
            "Near",
        ),
        // A geolocation field, as in Salesforce's own examples.
        (
            q("SELECT Name FROM Warehouse__c WHERE DISTANCE(Location__c, GEOLOCATION(37.775, -122.418), 'mi') < 20"),
            "Ferry Building Depot",
        ),
        (
            q("SELECT Name FROM Warehouse__c WHERE DISTANCE(Location__c, {SF}, 'km') > 20"),
            "Aloha Warehouse",
        ),
        (
            q("SELECT Name FROM Warehouse__c ORDER BY DISTANCE(Location__c, GEOLOCATION(21.3, -157.8), 'km') NULLS LAST"),
            "Aloha Warehouse | Ferry Building Depot | Unmapped Shed",
        ),
    ];
    let cases: Vec<(&str, &str)> = cases.iter().map(|(s, e)| (s.as_str(), *e)).collect();
    check_valid(&fixture::places_and_times(), &cases);
}

#[test]
fn time_literals_compare_in_utc() {
    let t = "SELECT time__c FROM DateTestObject__c WHERE";
    let cases = [
        (format!("{t} time__c = 10:30:00.000Z"), "10:30:00.000Z"),
        (format!("{t} time__c = 10:30:00Z"), "10:30:00.000Z"),
        (format!("{t} time__c = 04:30:00-06:00"), "10:30:00.000Z"),
        (format!("{t} time__c = 12:00:00.000+0130"), "10:30:00.000Z"),
        (format!("{t} time__c = 17:45:30.25Z"), "17:45:30.250Z"),
        // Time values carry milliseconds, so finer digits are dropped.
        (format!("{t} time__c = 10:30:00.0009Z"), "10:30:00.000Z"),
        (format!("{t} time__c = 10:30:00.001Z"), ""),
        (
            format!("{t} time__c > 09:00:00Z"),
            "10:30:00.000Z | 17:45:30.250Z",
        ),
        (
            format!("{t} time__c <= 10:30:00Z"),
            "08:00:00.000Z | 10:30:00.000Z",
        ),
        (
            format!("{t} time__c IN (08:00:00Z, 17:45:30.250Z)"),
            "08:00:00.000Z | 17:45:30.250Z",
        ),
        (format!("{t} time__c = null"), "null"),
        (
            format!("{t} time__c != null ORDER BY time__c DESC"),
            "17:45:30.250Z | 10:30:00.000Z | 08:00:00.000Z",
        ),
    ];
    let cases: Vec<(&str, &str)> = cases.iter().map(|(s, e)| (s.as_str(), *e)).collect();
    check_valid(&fixture::places_and_times(), &cases);
}
