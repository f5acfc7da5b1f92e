//! SELECT lists, parent paths, child subqueries, TYPEOF, ORDER BY /
//! LIMIT / OFFSET, and clauses that parse but do not change results here
//! (FOR VIEW, WITH SECURITY_ENFORCED, USING SCOPE, …). Several queries are
//! the examples of Salesforce's SOQL reference, adapted to the test data.

use crate::cases;
use crate::fixture;

use cases::check_valid;
use fixture::World;

#[test]
fn field_lists_and_parent_paths() {
    check_valid(
        &World::new(),
        &[
            ("SELECT Id, Name FROM Account WHERE Name = 'Acme'", "{acc1},Acme"),
            ("SELECT Name, Id FROM Account WHERE Name = 'Acme'", "Acme,{acc1}"),
            ("SELECT name, INDUSTRY FROM Account WHERE Name = 'Acme'", "Acme,Technology"),
            ("SELECT Name, Account.Name FROM Contact WHERE LastName = 'Doe'", "Jane Doe,{Acme}"),
            ("SELECT LastName, Account.Name FROM Contact WHERE LastName = 'Brown'", "Brown,null"),
            ("SELECT LastName, Account.Name, Account.Industry, Account.Parent.Name FROM Contact WHERE LastName = 'Jones'", "Jones,{Globex,Energy,{Acme}}"),
            ("SELECT Account.Name, LastName, Account.Industry FROM Contact WHERE LastName = 'Jones'", "{Globex,Energy},Jones"),
            ("SELECT Name, Owner.Name FROM Account WHERE Name = 'Globex'", "Globex,{Sales Rep}"),
            ("SELECT Name, Owner.Alias FROM Account WHERE Owner.Name = 'Admin User'", "Acme,{admin} | Initech,{admin}"),
            ("SELECT Name, Owner.Name FROM Account WHERE Name = 'Umbrella Corp'", "Umbrella Corp,null"),
            ("SELECT Name, Parent.Parent.Name FROM Account WHERE Name = 'Umbrella Corp'", "Umbrella Corp,{{Acme}}"),
            ("SELECT Name, Parent.Name, Parent.Parent.Name FROM Account WHERE Name = 'Globex'", "Globex,{Acme,null}"),
            ("SELECT CaseNumber, Contact.Email, Account.Name FROM Case WHERE Priority = 'High'", "00001001,{jane.doe@acme.com},{Acme}"),
            ("SELECT Contact.FirstName, Contact.Account.Name FROM Contact", "Jane,{Acme} | John,{Acme} | Alice,{Globex} | Bob,null | Émilie,{Initech}"),
            ("SELECT Account.Name FROM Account WHERE Account.Name = 'Globex'", "Globex"),
            ("SELECT a.Name, a.Industry FROM Account a WHERE a.Name = 'Acme'", "Acme,Technology"),
            ("SELECT c.LastName, c.Account.Name FROM Contact c WHERE c.Account.Name = 'Globex'", "Jones,{Globex}"),
            ("SELECT toLabel(Industry) FROM Account WHERE Name = 'Acme'", "Technology"),
            ("SELECT FORMAT(AnnualRevenue) FROM Account WHERE Name = 'Acme'", "1000000"),
            ("SELECT Name, Picklist_Multiselect_Field, Number_Field, Checkbox_Field FROM Whizbang WHERE Name = 'W1'", "W1,four;five,1.5,true"),
            ("SELECT Name, Date_Field, DateTime_Field FROM Whizbang WHERE Name = 'W2'", "W2,2024-05-19,2024-05-14T23:59:59.999+0000"),
            ("SELECT Subject, What.Name FROM Task", "Call Acme,{Acme} | Send quote,{Acme Deal 2} | Follow up,null"),
            ("SELECT Subject, Who.Name FROM Task WHERE Who.Name != null", "Call Acme,{Jane Doe} | Follow up,{Ann Lee}"),
            ("SELECT FIELDS(CUSTOM) FROM Custom__c LIMIT 1", "x"),
            ("SELECT Name, FIELDS(CUSTOM) FROM Custom__c LIMIT 200", "C-1,x"),
            ("SELECT FIELDS(STANDARD) FROM Custom__c", "{id1},C-1"),
            ("SELECT FIELDS(ALL) FROM Custom__c LIMIT 10", "{id1},C-1,x"),
            ("SELECT Subject, What.Type FROM Task", "Call Acme,{Account} | Send quote,{Opportunity} | Follow up,null"),
            ("SELECT Subject FROM Task WHERE What.Type = 'Opportunity'", "Send quote"),
            ("SELECT Subject FROM Task WHERE IsHighPriority = false AND What.Type IN ('Account', 'Opportunity')", "Call Acme | Send quote"),
        ],
    );
}

#[test]
fn child_subqueries() {
    check_valid(
        &World::new(),
        &[
            ("SELECT Name, (SELECT LastName FROM Contacts) FROM Account", "Acme,[Doe;Smith] | Globex,[Jones] | Initech,[Zola] | Umbrella Corp,null | acme labs,null | O'Reilly & Sons,null | 50% Off_Store,null"),
            ("SELECT Name, (SELECT LastName FROM Contacts) FROM Account WHERE Name IN ('Acme', 'Umbrella Corp')", "Acme,[Doe;Smith] | Umbrella Corp,null"),
            ("SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName DESC LIMIT 1) FROM Account WHERE Name = 'Acme'", "Acme,[Smith]"),
            ("SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName OFFSET 1) FROM Account WHERE Name = 'Acme'", "Acme,[Smith]"),
            ("SELECT Name, (SELECT LastName FROM Contacts WHERE LeadSource = 'Web'), (SELECT Name FROM Opportunities ORDER BY Amount) FROM Account WHERE Name LIKE 'Acme'", "Acme,[Doe],[Acme Deal 2;Acme Deal 1]"),
            ("SELECT Name, (SELECT Subject FROM Cases WHERE Status != 'Closed') FROM Account ORDER BY Name LIMIT 2", "50% Off_Store,null | Acme,[Login broken]"),
            ("SELECT Name, (SELECT LastName, ReportsTo.LastName FROM Contacts) FROM Account WHERE Name = 'Acme'", "Acme,[Doe,null;Smith,{Doe}]"),
            ("SELECT Name, (SELECT Name FROM ChildAccounts) FROM Account WHERE Name = 'Acme'", "Acme,[Globex]"),
            ("SELECT Name, (SELECT Subject FROM Tasks) FROM Account WHERE Name = 'Acme'", "Acme,[Call Acme]"),
            ("SELECT (SELECT Name FROM Opportunities WHERE CALENDAR_YEAR(CloseDate) = 2024), Name FROM Account WHERE Name IN ('Acme', 'Globex')", "[Acme Deal 1;Acme Deal 2],Acme | [Globex Deal],Globex"),
            ("SELECT LastName, (SELECT Subject FROM Cases) FROM Contact WHERE AccountId = '{acc1}'", "Doe,[Login broken] | Smith,[Billing question]"),
            ("SELECT Name, (SELECT Id FROM OpportunityContactRoles) FROM Opportunity WHERE Name = 'Orphan'", "Orphan,null"),
            ("SELECT Name, (select lastname from contacts where lastname like 'z%') FROM Account WHERE Name = 'Initech'", "Initech,[Zola]"),
        ],
    );
}

#[test]
fn typeof_blocks() {
    check_valid(
        &World::new(),
        &[
            ("SELECT Subject, TYPEOF What WHEN Account THEN Name, Industry WHEN Opportunity THEN Name, StageName END FROM Task", "Call Acme,{Acme,Technology} | Send quote,{Acme Deal 2,Prospecting} | Follow up,null"),
            ("SELECT TYPEOF What WHEN Opportunity THEN Amount ELSE Name END, Subject FROM Task", "{Acme},Call Acme | {50000},Send quote | null,Follow up"),
            ("SELECT Subject, TYPEOF Who WHEN Contact THEN LastName, Account.Name WHEN Lead THEN Company END FROM Task", "Call Acme,{Doe,{Acme}} | Send quote,null | Follow up,{Foo Inc}"),
            ("SELECT Subject, TYPEOF What WHEN Account THEN Name END FROM Task WHERE Status = 'Completed'", "Call Acme,{Acme}"),
            ("select subject, typeof what when account then name else name end from task where whatid != null", "Call Acme,{Acme} | Send quote,{Acme Deal 2}"),
        ],
    );
}

#[test]
fn order_limit_offset() {
    check_valid(
        &World::new(),
        &[
            ("SELECT Name FROM Account ORDER BY Name", "50% Off_Store | Acme | acme labs | Globex | Initech | O'Reilly & Sons | Umbrella Corp"),
            ("SELECT Name FROM Account ORDER BY Name ASC", "50% Off_Store | Acme | acme labs | Globex | Initech | O'Reilly & Sons | Umbrella Corp"),
            ("SELECT Name FROM Account ORDER BY Name DESC", "Umbrella Corp | O'Reilly & Sons | Initech | Globex | acme labs | Acme | 50% Off_Store"),
            ("SELECT Name FROM Account ORDER BY Name DESC NULLS LAST", "Umbrella Corp | O'Reilly & Sons | Initech | Globex | acme labs | Acme | 50% Off_Store"),
            ("SELECT Name FROM Account ORDER BY Industry, Name", "Umbrella Corp | acme labs | Globex | O'Reilly & Sons | 50% Off_Store | Acme | Initech"),
            ("SELECT Name FROM Account ORDER BY Industry NULLS LAST, Name", "acme labs | Globex | O'Reilly & Sons | 50% Off_Store | Acme | Initech | Umbrella Corp"),
            ("SELECT Name FROM Account ORDER BY Industry DESC, Name", "Acme | Initech | 50% Off_Store | O'Reilly & Sons | Globex | acme labs | Umbrella Corp"),
            ("SELECT Name FROM Account ORDER BY Industry DESC NULLS FIRST, Name DESC", "Umbrella Corp | Initech | Acme | 50% Off_Store | O'Reilly & Sons | Globex | acme labs"),
            ("SELECT Name FROM Account ORDER BY AnnualRevenue DESC NULLS LAST LIMIT 3", "Globex | Acme | acme labs"),
            ("SELECT Name FROM Account ORDER BY AnnualRevenue DESC LIMIT 3", "Globex | Acme | acme labs"),
            ("SELECT Name FROM Account ORDER BY AnnualRevenue LIMIT 4", "Umbrella Corp | O'Reilly & Sons | 50% Off_Store | Initech"),
            ("SELECT Name FROM Account ORDER BY NumberOfEmployees ASC NULLS FIRST", "Umbrella Corp | 50% Off_Store | O'Reilly & Sons | acme labs | Initech | Acme | Globex"),
            ("SELECT Name FROM Account ORDER BY CreatedDate DESC LIMIT 2", "50% Off_Store | Umbrella Corp"),
            ("SELECT Name FROM Account ORDER BY CreatedDate LIMIT 1", "O'Reilly & Sons"),
            ("SELECT LastName FROM Contact ORDER BY Account.Name, LastName", "Brown | Doe | Smith | Jones | Zola"),
            ("SELECT LastName FROM Contact ORDER BY Account.Name DESC, LastName DESC", "Zola | Jones | Smith | Doe | Brown"),
            ("SELECT LastName FROM Contact ORDER BY LastName", "Brown | Doe | Jones | Smith | Zola"),
            ("SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 2", "acme labs | Globex"),
            ("SELECT Name FROM Account ORDER BY Name OFFSET 5", "O'Reilly & Sons | Umbrella Corp"),
            ("SELECT Name FROM Account ORDER BY Name OFFSET 50", ""),
            ("SELECT Name FROM Account LIMIT 0", ""),
            ("SELECT Name FROM Account LIMIT 2", "Acme | Globex"),
            ("SELECT Name FROM Account WHERE Industry = 'media' LIMIT 125", "O'Reilly & Sons"),
            ("SELECT Name FROM Opportunity ORDER BY IsWon DESC, Amount DESC NULLS LAST", "Globex Deal | Acme Deal 1 | Initech Deal | Acme Deal 2 | Orphan"),
            ("SELECT Name FROM Opportunity ORDER BY CloseDate", "Initech Deal | Globex Deal | Acme Deal 1 | Orphan | Acme Deal 2"),
            ("SELECT Name FROM Opportunity ORDER BY CALENDAR_MONTH(CloseDate) DESC, Name", "Initech Deal | Acme Deal 2 | Acme Deal 1 | Orphan | Globex Deal"),
            ("SELECT Name FROM Whizbang ORDER BY Number_Field DESC", "W3 | W1 | W2 | W4"),
            ("SELECT Name FROM Opportunity ORDER BY StageName, Name", "Acme Deal 2 | Orphan | Acme Deal 1 | Globex Deal | Initech Deal"),
            ("SELECT Name FROM Opportunity ORDER BY StageName DESC, Name", "Initech Deal | Acme Deal 1 | Globex Deal | Acme Deal 2 | Orphan"),
            ("SELECT Company FROM Lead ORDER BY LeadSource, Company", "Qux | Baz | Foo Inc | Bar LLC"),
            ("SELECT FirstName FROM Contact ORDER BY FirstName", "Alice | Bob | Jane | John | Émilie"),
            ("SELECT Name FROM Account WHERE Name LIKE '%o%' ORDER BY Name", "50% Off_Store | Globex | O'Reilly & Sons | Umbrella Corp"),
            ("SELECT Name FROM Whizbang ORDER BY DateTime_Field NULLS LAST", "W3 | W2 | W1 | W4"),
        ],
    );
}

#[test]
fn clauses_without_effect_round_trip() {
    check_valid(
        &World::new(),
        &[
            (
                "SELECT Name FROM Account WHERE Name = 'Acme' FOR VIEW",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE Name = 'Acme' FOR REFERENCE",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE Name = 'Acme' FOR UPDATE",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE Name = 'Acme' LIMIT 1 FOR VIEW",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE Name = 'Acme' WITH SECURITY_ENFORCED",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE Name = 'Acme' WITH USER_MODE",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE Name = 'Acme' WITH SYSTEM_MODE",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WITH SECURITY_ENFORCED ORDER BY Name LIMIT 1",
                "50% Off_Store",
            ),
            (
                "SELECT Name FROM Account USING SCOPE mine WHERE Name = 'Acme'",
                "Acme",
            ),
            (
                "SELECT Name FROM Account USING SCOPE everything WHERE Name = 'Acme'",
                "Acme",
            ),
            (
                "SELECT Name FROM Account USING SCOPE team WHERE Name = 'Acme'",
                "Acme",
            ),
            (
                "SELECT Name FROM Account USING SCOPE Delegated LIMIT 1",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE Name = 'Acme' UPDATE TRACKING",
                "Acme",
            ),
            (
                "SELECT Name FROM Account WHERE Name = 'Acme' UPDATE VIEWSTAT",
                "Acme",
            ),
            (
                "sElEcT nAmE fRoM aCcOuNt wHeRe NaMe = 'Acme' OrDeR bY nAmE lImIt 1",
                "Acme",
            ),
            ("SELECT Name\nFROM Account\nWHERE Name = 'Acme'", "Acme"),
            (
                "  SELECT\tName\r\n FROM Account WHERE Name='Acme'  ",
                "Acme",
            ),
        ],
    );
}

/// A selected `DISTANCE` is a number under its alias, or `expr0`, `expr1`…
#[test]
fn distance_in_select_is_a_computed_column() {
    let w = fixture::places_and_times();
    let out = w
        .query(
            "SELECT Name, DISTANCE(BillingAddress, GEOLOCATION(37.7749, -122.4194), 'mi') miles, \
             DISTANCE(BillingAddress, GEOLOCATION(37.7749, -122.4194), 'km') \
             FROM Account WHERE Name IN ('Oakland Depot', 'Acme') ORDER BY Name",
        )
        .unwrap();
    let rows = &out.records;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["Name"], "Acme");
    assert!(rows[0]["miles"].is_null(), "no coordinates, no distance");
    assert!(rows[0]["expr0"].is_null());
    assert_eq!(rows[1]["Name"], "Oakland Depot");
    // San Francisco to Oakland is about 8.4 miles (13.5 km) as the crow flies.
    let miles = rows[1]["miles"].as_f64().unwrap();
    let km = rows[1]["expr0"].as_f64().unwrap();
    assert!((8.0..9.0).contains(&miles), "{miles}");
    assert!(
        (km / miles - 1.609344).abs() < 1e-9,
        "{km} km vs {miles} mi"
    );
    let keys: Vec<&String> = rows[1].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["attributes", "Name", "miles", "expr0"]);
}
