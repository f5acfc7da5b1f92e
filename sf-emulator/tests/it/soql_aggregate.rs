//! Aggregate queries: COUNT() / COUNT(f) / COUNT_DISTINCT / SUM / AVG /
//! MIN / MAX, GROUP BY with date functions, ROLLUP and CUBE subtotal rows,
//! GROUPING(), HAVING, ORDER BY over aggregates, LIMIT / OFFSET.

use crate::cases;
use crate::fixture;

use cases::check_valid;
use fixture::World;

#[test]
fn counts_and_plain_aggregates() {
    check_valid(
        &World::new(),
        &[
            ("SELECT COUNT() FROM Account", "#7"),
            ("select count() from account", "#7"),
            (
                "SELECT COUNT() FROM Account WHERE Industry = 'Technology'",
                "#2",
            ),
            (
                "SELECT COUNT() FROM Contact WHERE Account.Name = 'Acme'",
                "#2",
            ),
            ("SELECT COUNT() FROM Account LIMIT 3", "#3"),
            ("SELECT COUNT() FROM Lead WHERE Company = 'None'", ""),
            ("SELECT COUNT(Id) FROM Account", "7"),
            ("SELECT COUNT(Industry) FROM Account", "6"),
            ("SELECT COUNT_DISTINCT(Industry) FROM Account", "5"),
            ("SELECT COUNT_DISTINCT(BillingCity) FROM Account", "4"),
            ("SELECT SUM(Amount) FROM Opportunity", "475000.0"),
            ("SELECT AVG(Amount) FROM Opportunity", "118750.0"),
            (
                "SELECT MIN(Amount), MAX(Amount) FROM Opportunity",
                "50000,250000",
            ),
            (
                "SELECT MIN(CloseDate), MAX(CloseDate) FROM Opportunity",
                "2023-11-30,2024-06-15",
            ),
            (
                "SELECT MIN(Name), MAX(Name) FROM Account",
                "50% Off_Store,Umbrella Corp",
            ),
            (
                "SELECT MAX(CreatedDate) FROM Account",
                "2024-05-16T01:00:00.000+0000",
            ),
            (
                "SELECT MAX(Probability), MIN(Probability) FROM Opportunity",
                "100,0",
            ),
            (
                "SELECT COUNT(Id), SUM(Amount) FROM Opportunity WHERE Amount = null",
                "1,null",
            ),
            ("SELECT COUNT(Id) FROM Opportunity WHERE Name = 'none'", "0"),
            (
                "SELECT SUM(Amount) FROM Opportunity WHERE Name = 'none'",
                "null",
            ),
            (
                "SELECT COUNT(Id), COUNT(AccountId), COUNT_DISTINCT(AccountId) FROM Opportunity",
                "5,4,3",
            ),
            (
                "SELECT SUM(NumberOfEmployees) FROM Account WHERE Industry = 'Technology'",
                "150.0",
            ),
            (
                "SELECT AVG(Number_Field) FROM Whizbang",
                "3.1666666666666665",
            ),
        ],
    );
}

#[test]
fn group_by_having_order() {
    check_valid(
        &World::new(),
        &[
            ("SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName", "Closed Won,2 | Prospecting,2 | Closed Lost,1"),
            ("SELECT StageName, SUM(Amount) FROM Opportunity GROUP BY StageName", "Closed Won,350000.0 | Prospecting,50000.0 | Closed Lost,75000.0"),
            ("SELECT StageName, SUM(Amount) total FROM Opportunity GROUP BY StageName HAVING SUM(Amount) > 60000", "Closed Won,350000.0 | Closed Lost,75000.0"),
            ("SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName HAVING COUNT(Id) > 1 ORDER BY StageName DESC", "Closed Won,2 | Prospecting,2"),
            ("SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName ORDER BY COUNT(Id), StageName", "Closed Lost,1 | Prospecting,2 | Closed Won,2"),
            ("SELECT COUNT(Id), StageName FROM Opportunity GROUP BY StageName ORDER BY COUNT(Id) DESC, StageName DESC", "2,Closed Won | 2,Prospecting | 1,Closed Lost"),
            ("SELECT LeadSource, COUNT(Name) FROM Lead GROUP BY LeadSource", "Web,2 | Phone Inquiry,1 | null,1"),
            ("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry ORDER BY Industry NULLS LAST", "Biotechnology,1 | Energy,1 | Media,1 | Retail,1 | Technology,2 | null,1"),
            ("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry ORDER BY Industry", "null,1 | Biotechnology,1 | Energy,1 | Media,1 | Retail,1 | Technology,2"),
            ("SELECT AccountId, COUNT(Id) FROM Contact GROUP BY AccountId", "{acc1},2 | {acc2},1 | null,1 | {acc3},1"),
            ("SELECT Account.Name, COUNT(Id) FROM Contact WHERE AccountId != null GROUP BY Account.Name", "Acme,2 | Globex,1 | Initech,1"),
            ("SELECT Account.Name, COUNT(Id) FROM Contact GROUP BY Account.Name HAVING Account.Name != null ORDER BY Account.Name DESC", "Initech,1 | Globex,1 | Acme,2"),
            ("SELECT CALENDAR_YEAR(CloseDate), COUNT(Id) FROM Opportunity GROUP BY CALENDAR_YEAR(CloseDate) ORDER BY CALENDAR_YEAR(CloseDate)", "2023,1 | 2024,4"),
            ("SELECT CALENDAR_MONTH(CloseDate) m, SUM(Amount) FROM Opportunity WHERE CALENDAR_YEAR(CloseDate) = 2024 GROUP BY CALENDAR_MONTH(CloseDate) ORDER BY CALENDAR_MONTH(CloseDate)", "2,250000.0 | 5,100000.0 | 6,50000.0"),
            ("SELECT DAY_ONLY(CreatedDate), COUNT(Id) FROM Account WHERE CreatedDate = THIS_MONTH GROUP BY DAY_ONLY(CreatedDate) ORDER BY DAY_ONLY(CreatedDate) DESC", "2024-05-16,1 | 2024-05-15,1 | 2024-05-14,1 | 2024-05-10,1"),
            ("SELECT HOUR_IN_DAY(CreatedDate), COUNT(Id) FROM Opportunity GROUP BY HOUR_IN_DAY(CreatedDate)", "10,4 | 11,1"),
            ("SELECT CALENDAR_QUARTER(CloseDate), COUNT(Id) FROM Opportunity GROUP BY CALENDAR_QUARTER(CloseDate) ORDER BY CALENDAR_QUARTER(CloseDate)", "1,1 | 2,3 | 4,1"),
            ("SELECT FISCAL_YEAR(CloseDate), COUNT(Id) FROM Opportunity GROUP BY FISCAL_YEAR(CloseDate) ORDER BY FISCAL_YEAR(CloseDate) DESC", "2024,4 | 2023,1"),
            ("SELECT FISCAL_QUARTER(CloseDate), COUNT(Id) FROM Opportunity WHERE CloseDate = THIS_YEAR GROUP BY FISCAL_QUARTER(CloseDate) ORDER BY FISCAL_QUARTER(CloseDate)", "1,1 | 2,3"),
            ("SELECT DAY_IN_WEEK(CloseDate), COUNT(Id) FROM Opportunity WHERE Name = 'Orphan' GROUP BY DAY_IN_WEEK(CloseDate)", "4,1"),
            ("SELECT DAY_IN_YEAR(CloseDate), COUNT(Id) FROM Opportunity WHERE Name = 'Globex Deal' GROUP BY DAY_IN_YEAR(CloseDate)", "41,1"),
            ("SELECT WEEK_IN_YEAR(CloseDate), COUNT(Id) FROM Opportunity WHERE Name = 'Globex Deal' GROUP BY WEEK_IN_YEAR(CloseDate)", "6,1"),
            ("SELECT WEEK_IN_MONTH(CloseDate), COUNT(Id) FROM Opportunity WHERE Name = 'Acme Deal 2' GROUP BY WEEK_IN_MONTH(CloseDate)", "3,1"),
            ("SELECT CALENDAR_MONTH(CreatedDate), FISCAL_MONTH(CreatedDate), COUNT(Id) FROM Account WHERE Name = 'Acme' GROUP BY CALENDAR_MONTH(CreatedDate), FISCAL_MONTH(CreatedDate)", "5,5,1"),
            ("SELECT StageName, COUNT(Id) FROM Opportunity WHERE DAY_IN_MONTH(CloseDate) = 15 GROUP BY StageName", "Prospecting,2"),
            ("SELECT Industry, MAX(AnnualRevenue) FROM Account WHERE Industry != null GROUP BY Industry HAVING MAX(AnnualRevenue) > 500000", "Technology,1000000 | Energy,5000000 | Biotechnology,750000"),
            ("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING Industry LIKE 'T%'", "Technology,2"),
            ("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 1 OR Industry = 'Media'", "Technology,2 | Media,1"),
            ("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) = 1 AND MAX(NumberOfEmployees) < 10", "Media,1 | Retail,1"),
            ("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry ORDER BY COUNT(Id) DESC, Industry LIMIT 2", "Technology,2 | null,1"),
            ("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry ORDER BY Industry LIMIT 2 OFFSET 1", "Biotechnology,1 | Energy,1"),
            ("SELECT StageName, IsWon, COUNT(Id) FROM Opportunity GROUP BY StageName, IsWon ORDER BY StageName", "Prospecting,false,2 | Closed Won,true,2 | Closed Lost,false,1"),
            ("SELECT LeadSource, AVG(Amount) FROM Opportunity GROUP BY LeadSource ORDER BY AVG(Amount) DESC NULLS LAST", "Web,175000.0 | null,75000.0 | Phone Inquiry,50000.0"),
            ("SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName HAVING COUNT(Id) > 5", ""),
        ],
    );
}

#[test]
fn rollup_cube_and_grouping() {
    check_valid(
        &World::new(),
        &[
            ("SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY ROLLUP(StageName)", "Closed Lost,1 | Closed Won,2 | Prospecting,2 | null,5"),
            ("SELECT StageName, IsWon, COUNT(Id) FROM Opportunity GROUP BY ROLLUP(StageName, IsWon)", "Closed Lost,false,1 | Closed Lost,null,1 | Closed Won,true,2 | Closed Won,null,2 | Prospecting,false,2 | Prospecting,null,2 | null,null,5"),
            ("SELECT LeadSource, IsWon, COUNT(Id) FROM Opportunity GROUP BY CUBE(LeadSource, IsWon)", "null,false,2 | null,null,2 | Phone Inquiry,false,1 | Phone Inquiry,null,1 | Web,true,2 | Web,null,2 | null,false,3 | null,true,2 | null,null,5"),
            ("SELECT StageName, GROUPING(StageName) grp, COUNT(Id) FROM Opportunity GROUP BY ROLLUP(StageName)", "Closed Lost,0,1 | Closed Won,0,2 | Prospecting,0,2 | null,1,5"),
            ("SELECT LeadSource, GROUPING(LeadSource), SUM(Amount) FROM Opportunity GROUP BY ROLLUP(LeadSource)", "null,0,75000.0 | Phone Inquiry,0,50000.0 | Web,0,350000.0 | null,1,475000.0"),
            ("SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY ROLLUP(StageName) HAVING COUNT(Id) > 1", "Closed Won,2 | Prospecting,2 | null,5"),
            ("SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY ROLLUP(StageName) ORDER BY COUNT(Id) DESC LIMIT 1", "null,5"),
        ],
    );
}
