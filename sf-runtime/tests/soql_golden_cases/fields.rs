//! Golden cases: selects, parent paths, child subqueries, WHERE operators, escaping.

use crate::common::models::*;
use sf_runtime::soql::prelude::*;
#[allow(unused_imports)]
use sf_runtime::types::{Date, DateTime, Decimal, Id, MultiPicklist, Time};

pub fn id<T>(s: &str) -> Id<T> {
    Id::parse(s).unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap()
}

pub fn datetime(s: &str) -> DateTime {
    DateTime::parse(s).unwrap()
}

pub fn select_cases() -> Vec<(String, &'static str)> {
    vec![
        (Account::select((Account::ID,)).to_soql(), "SELECT Id FROM Account"),
        (Account::select((Account::ID, Account::NAME)).to_soql(), "SELECT Id, Name FROM Account"),
        (
            Account::select((Account::ID, Account::NAME, Account::INDUSTRY, Account::ANNUAL_REVENUE)).to_soql(),
            "SELECT Id, Name, Industry, AnnualRevenue FROM Account",
        ),
        (Contact::select((Contact::LAST_NAME, Contact::FIRST_NAME)).to_soql(), "SELECT LastName, FirstName FROM Contact"),
        (Account::select((Account::NET_WORTH,)).to_soql(), "SELECT Net_Worth__c FROM Account"),
        (Account::select((Account::PROGRAMS,)).to_soql(), "SELECT Programs__c FROM Account"),
        (Account::select((Account::TYPE,)).to_soql(), "SELECT Type FROM Account"),
        (Account::select((Account::BILLING_ADDRESS,)).to_soql(), "SELECT BillingAddress FROM Account"),
        (
            Opportunity::query().to_soql(),
            "SELECT Id, AccountId, Name, StageName, Amount, Probability, ExpectedRevenue, CloseDate, LeadSource, IsClosed, IsWon, FiscalYear, OwnerId, CreatedDate, ContactId, CampaignId FROM Opportunity",
        ),
        (
            User::query().to_soql(),
            "SELECT Id, Username, LastName, FirstName, Name, CompanyName, City, Address, Email, Alias, IsActive, TimeZoneSidKey, ProfileId, UserType, ManagerId FROM User",
        ),
        (
            DateTestObject::query().to_soql(),
            "SELECT Id, date__c, datetime__c, time__c FROM DateTestObject__c",
        ),
        (Account::count().to_soql(), "SELECT COUNT() FROM Account"),
        (
            Contact::count().filter(Contact::ACCOUNT.then(Account::NAME).eq("Acme")).to_soql(),
            "SELECT COUNT() FROM Contact WHERE Account.Name = 'Acme'",
        ),
        (
            Whizbang::select((Whizbang::PICKLIST_MULTISELECT_FIELD, Whizbang::CURRENCY_FIELD)).to_soql(),
            "SELECT Picklist_Multiselect_Field, Currency_Field FROM Whizbang",
        ),
    ]
}

pub fn parent_path_cases() -> Vec<(String, &'static str)> {
    vec![
        (
            Contact::select((Contact::ID, Contact::ACCOUNT.then(Account::NAME))).to_soql(),
            "SELECT Id, Account.Name FROM Contact",
        ),
        (
            Contact::select((Contact::ACCOUNT.then(Account::OWNER).then(User::NAME),)).to_soql(),
            "SELECT Account.Owner.Name FROM Contact",
        ),
        (
            Contact::select((Contact::ACCOUNT.then(Account::OWNER.then(User::NAME)),)).to_soql(),
            "SELECT Account.Owner.Name FROM Contact",
        ),
        (
            Contact::select((Contact::ACCOUNT
                .then(Account::OWNER)
                .then(User::MANAGER)
                .then(User::EMAIL),))
            .to_soql(),
            "SELECT Account.Owner.Manager.Email FROM Contact",
        ),
        (
            Contact::select((Contact::ACCOUNT
                .then(Account::PARENT)
                .then(Account::PARENT)
                .then(Account::NAME),))
            .to_soql(),
            "SELECT Account.Parent.Parent.Name FROM Contact",
        ),
        (
            Case::select((
                Case::CONTACT.then(Contact::ACCOUNT).then(Account::INDUSTRY),
                Case::SUBJECT,
            ))
            .to_soql(),
            "SELECT Contact.Account.Industry, Subject FROM Case",
        ),
        (
            Contact::select((Contact::NAME,))
                .filter(Contact::ACCOUNT.then(Account::NAME).like("Acme%"))
                .to_soql(),
            "SELECT Name FROM Contact WHERE Account.Name LIKE 'Acme%'",
        ),
        (
            Opportunity::select((Opportunity::NAME,))
                .filter(
                    Opportunity::ACCOUNT
                        .then(Account::OWNER)
                        .then(User::IS_ACTIVE)
                        .eq(true),
                )
                .to_soql(),
            "SELECT Name FROM Opportunity WHERE Account.Owner.IsActive = TRUE",
        ),
        (
            Contact::select((Contact::NAME,))
                .order_by(Contact::ACCOUNT.then(Account::NAME).asc())
                .to_soql(),
            "SELECT Name FROM Contact ORDER BY Account.Name ASC",
        ),
        (
            Task::select((Task::SUBJECT, Task::OWNER.then(User::NAME))).to_soql(),
            "SELECT Subject, Owner.Name FROM Task",
        ),
        (
            Whizbang::select((Whizbang::PARENT_WHIZBANG_REL.then(Whizbang::NAME),)).to_soql(),
            "SELECT ParentWhizbang__r.Name FROM Whizbang",
        ),
        (
            Contact::select((Contact::REPORTS_TO
                .then(Contact::REPORTS_TO)
                .then(Contact::EMAIL),))
            .to_soql(),
            "SELECT ReportsTo.ReportsTo.Email FROM Contact",
        ),
    ]
}

pub fn child_cases() -> Vec<(String, &'static str)> {
    vec![
        (
            Account::select((Account::NAME, Account::CONTACTS.select((Contact::LAST_NAME,)))).to_soql(),
            "SELECT Name, (SELECT LastName FROM Contacts) FROM Account",
        ),
        (
            Account::select((Account::NAME, Account::CONTACTS.select((Contact::LAST_NAME, Contact::FIRST_NAME)).filter(Contact::EMAIL.is_not_null()))).to_soql(),
            "SELECT Name, (SELECT LastName, FirstName FROM Contacts WHERE Email != null) FROM Account",
        ),
        (
            Account::select((Account::ID, Account::OPPORTUNITIES.select((Opportunity::NAME, Opportunity::AMOUNT)).order_by(Opportunity::AMOUNT.desc()).limit(5))).to_soql(),
            "SELECT Id, (SELECT Name, Amount FROM Opportunities ORDER BY Amount DESC LIMIT 5) FROM Account",
        ),
        (
            Account::select((Account::NAME, Account::CONTACTS.select((Contact::NAME,)), Account::CASES.select((Case::SUBJECT,)))).to_soql(),
            "SELECT Name, (SELECT Name FROM Contacts), (SELECT Subject FROM Cases) FROM Account",
        ),
        (
            Account::select((Account::NAME, Account::CONTACTS.select((Contact::NAME, Contact::ACCOUNT.then(Account::NAME))))).to_soql(),
            "SELECT Name, (SELECT Name, Account.Name FROM Contacts) FROM Account",
        ),
        (
            Account::select((Account::NAME, Account::OPPORTUNITIES.select((Opportunity::NAME,)).filter(Opportunity::STAGE_NAME.eq(OpportunityStage::ClosedWon)).order_by(Opportunity::CLOSE_DATE.desc().nulls_last()).limit(10).offset(2)))
                .filter(Account::INDUSTRY.eq(AccountIndustry::Energy))
                .to_soql(),
            "SELECT Name, (SELECT Name FROM Opportunities WHERE StageName = 'Closed Won' ORDER BY CloseDate DESC NULLS LAST LIMIT 10 OFFSET 2) FROM Account WHERE Industry = 'Energy'",
        ),
        (
            Contact::select((Contact::NAME, Contact::TASKS.select((Task::SUBJECT, Task::STATUS)).filter(Task::IS_CLOSED.eq(false)))).to_soql(),
            "SELECT Name, (SELECT Subject, Status FROM Tasks WHERE IsClosed = FALSE) FROM Contact",
        ),
        (
            Case::select((Case::CASE_NUMBER, Case::CASES.select((Case::CASE_NUMBER,)))).to_soql(),
            "SELECT CaseNumber, (SELECT CaseNumber FROM Cases) FROM Case",
        ),
        (
            Contact::select((Contact::NAME, Contact::CASES.query())).to_soql(),
            "SELECT Name, (SELECT Id, CaseNumber, ContactId, AccountId, ParentId, Status, Origin, Subject, Priority, Description, IsClosed, ClosedDate, IsEscalated, OwnerId, CreatedDate FROM Cases) FROM Contact",
        ),
        (
            Account::select((Account::NAME, Account::CONTACTS.select((Contact::NAME,)).filter(Contact::LAST_NAME.starts_with("O'B").or(Contact::TITLE.contains("VP"))))).to_soql(),
            "SELECT Name, (SELECT Name FROM Contacts WHERE LastName LIKE 'O\\'B%' OR Title LIKE '%VP%') FROM Account",
        ),
    ]
}

pub fn where_cases() -> Vec<(String, &'static str)> {
    let acc = || Account::select((Account::ID,));
    let con = || Contact::select((Contact::ID,));
    let opp = || Opportunity::select((Opportunity::ID,));
    vec![
        (acc().filter(Account::NAME.eq("Acme")).to_soql(), "SELECT Id FROM Account WHERE Name = 'Acme'"),
        (acc().filter(Account::NAME.eq(String::from("Acme"))).to_soql(), "SELECT Id FROM Account WHERE Name = 'Acme'"),
        (acc().filter(Account::NAME.ne("Acme")).to_soql(), "SELECT Id FROM Account WHERE Name != 'Acme'"),
        (acc().filter(Account::NAME.like("A%")).to_soql(), "SELECT Id FROM Account WHERE Name LIKE 'A%'"),
        (acc().filter(Account::NAME.like("_cme")).to_soql(), "SELECT Id FROM Account WHERE Name LIKE '_cme'"),
        (acc().filter(Account::NAME.contains("50%")).to_soql(), "SELECT Id FROM Account WHERE Name LIKE '%50\\%%'"),
        (acc().filter(Account::NAME.starts_with("a_b")).to_soql(), "SELECT Id FROM Account WHERE Name LIKE 'a\\_b%'"),
        (acc().filter(Account::NAME.ends_with("Inc.")).to_soql(), "SELECT Id FROM Account WHERE Name LIKE '%Inc.'"),
        (acc().filter(Account::NAME.like("100\\%")).to_soql(), "SELECT Id FROM Account WHERE Name LIKE '100\\%'"),
        (acc().filter(Account::NAME.is_null()).to_soql(), "SELECT Id FROM Account WHERE Name = null"),
        (acc().filter(Account::NAME.is_not_null()).to_soql(), "SELECT Id FROM Account WHERE Name != null"),
        (acc().filter(Account::NAME.gt("M")).to_soql(), "SELECT Id FROM Account WHERE Name > 'M'"),
        (acc().filter(Account::ANNUAL_REVENUE.gt(1000000)).to_soql(), "SELECT Id FROM Account WHERE AnnualRevenue > 1000000"),
        (acc().filter(Account::ANNUAL_REVENUE.ge(2.5)).to_soql(), "SELECT Id FROM Account WHERE AnnualRevenue >= 2.5"),
        (acc().filter(Account::ANNUAL_REVENUE.lt(Decimal::new(12345, 2))).to_soql(), "SELECT Id FROM Account WHERE AnnualRevenue < 123.45"),
        (acc().filter(Account::ANNUAL_REVENUE.le(-5)).to_soql(), "SELECT Id FROM Account WHERE AnnualRevenue <= -5"),
        (acc().filter(Account::NUMBER_OF_EMPLOYEES.eq(100)).to_soql(), "SELECT Id FROM Account WHERE NumberOfEmployees = 100"),
        (acc().filter(Account::NUMBER_OF_EMPLOYEES.is_in([10, 20, 30])).to_soql(), "SELECT Id FROM Account WHERE NumberOfEmployees IN (10, 20, 30)"),
        (acc().filter(Account::IS_PARTNER.eq(true)).to_soql(), "SELECT Id FROM Account WHERE IsPartner = TRUE"),
        (acc().filter(Account::IS_DELETED.eq(false)).to_soql(), "SELECT Id FROM Account WHERE IsDeleted = FALSE"),
        (acc().filter(Account::INDUSTRY.eq(AccountIndustry::Banking)).to_soql(), "SELECT Id FROM Account WHERE Industry = 'Banking'"),
        (acc().filter(Account::INDUSTRY.eq(AccountIndustry::Other("Not For Profit".into()))).to_soql(), "SELECT Id FROM Account WHERE Industry = 'Not For Profit'"),
        (acc().filter(Account::TYPE.eq(AccountType::CustomerDirect)).to_soql(), "SELECT Id FROM Account WHERE Type = 'Customer - Direct'"),
        (
            acc().filter(Account::INDUSTRY.is_in([AccountIndustry::Energy, AccountIndustry::Banking])).to_soql(),
            "SELECT Id FROM Account WHERE Industry IN ('Energy', 'Banking')",
        ),
        (
            acc().filter(Account::INDUSTRY.not_in(vec![AccountIndustry::Energy])).to_soql(),
            "SELECT Id FROM Account WHERE Industry NOT IN ('Energy')",
        ),
        (acc().filter(Account::INDUSTRY.like("Bank%")).to_soql(), "SELECT Id FROM Account WHERE Industry LIKE 'Bank%'"),
        (acc().filter(Account::NAME.is_in(["Acme", "Globex"])).to_soql(), "SELECT Id FROM Account WHERE Name IN ('Acme', 'Globex')"),
        (acc().filter(Account::NAME.not_in(["Acme"])).to_soql(), "SELECT Id FROM Account WHERE Name NOT IN ('Acme')"),
        (
            acc().filter(Account::ID.eq(id::<Account>("001A000000df63xIAA"))).to_soql(),
            "SELECT Id FROM Account WHERE Id = '001A000000df63xIAA'",
        ),
        (
            acc().filter(Account::ID.is_in([id::<Account>("001A000000df63xIAA"), id::<Account>("001A000000df63yIAA")])).to_soql(),
            "SELECT Id FROM Account WHERE Id IN ('001A000000df63xIAA', '001A000000df63yIAA')",
        ),
        (
            con().filter(Contact::ACCOUNT_ID.eq(id::<Account>("001A000000df63x"))).to_soql(),
            "SELECT Id FROM Contact WHERE AccountId = '001A000000df63xIAA'",
        ),
        (con().filter(Contact::ACCOUNT_ID.is_null()).to_soql(), "SELECT Id FROM Contact WHERE AccountId = null"),
        (con().filter(Contact::BIRTHDATE.eq(date(1980, 1, 31))).to_soql(), "SELECT Id FROM Contact WHERE Birthdate = 1980-01-31"),
        (con().filter(Contact::BIRTHDATE.lt(date(2000, 12, 1))).to_soql(), "SELECT Id FROM Contact WHERE Birthdate < 2000-12-01"),
        (
            acc().filter(Account::CREATED_DATE.gt(datetime("2005-10-08T01:02:03Z"))).to_soql(),
            "SELECT Id FROM Account WHERE CreatedDate > 2005-10-08T01:02:03Z",
        ),
        (
            acc().filter(Account::CREATED_DATE.gt(datetime("2011-04-26T10:00:00-08:00"))).to_soql(),
            "SELECT Id FROM Account WHERE CreatedDate > 2011-04-26T18:00:00Z",
        ),
        (
            acc().filter(Account::CREATED_DATE.ge(datetime("2024-02-29T23:59:59.250Z"))).to_soql(),
            "SELECT Id FROM Account WHERE CreatedDate >= 2024-02-29T23:59:59.250Z",
        ),
        (
            DateTestObject::select((DateTestObject::ID,)).filter(DateTestObject::TIME.gt(Time::from_hms_milli(10, 30, 0, 0).unwrap())).to_soql(),
            "SELECT Id FROM DateTestObject__c WHERE time__c > 10:30:00.000Z",
        ),
        (
            acc().filter(Account::PROGRAMS.includes([AccountProgram::PartnerProgram])).to_soql(),
            "SELECT Id FROM Account WHERE Programs__c INCLUDES ('Partner Program')",
        ),
        (
            acc().filter(Account::PROGRAMS.includes([MultiPicklist::from([AccountProgram::PartnerProgram, AccountProgram::ResellerProgram])])).to_soql(),
            "SELECT Id FROM Account WHERE Programs__c INCLUDES ('Partner Program;Reseller Program')",
        ),
        (
            acc().filter(Account::PROGRAMS.excludes([AccountProgram::ResellerProgram, AccountProgram::PartnerProgram])).to_soql(),
            "SELECT Id FROM Account WHERE Programs__c EXCLUDES ('Reseller Program', 'Partner Program')",
        ),
        (
            acc().filter(Account::PROGRAMS.eq(MultiPicklist::from([AccountProgram::PartnerProgram]))).to_soql(),
            "SELECT Id FROM Account WHERE Programs__c = 'Partner Program'",
        ),
        (
            Whizbang::select((Whizbang::ID,)).filter(Whizbang::PICKLIST_MULTISELECT_FIELD.includes([WhizbangMulti::Four, WhizbangMulti::Six])).to_soql(),
            "SELECT Id FROM Whizbang WHERE Picklist_Multiselect_Field INCLUDES ('four', 'six')",
        ),
        (
            Whizbang::select((Whizbang::ID,)).filter(Whizbang::NUMBER_FIELD.gt(0.5)).to_soql(),
            "SELECT Id FROM Whizbang WHERE Number_Field > 0.5",
        ),
        (
            Whizbang::select((Whizbang::ID,)).filter(Whizbang::CHECKBOX_FIELD.ne(true)).to_soql(),
            "SELECT Id FROM Whizbang WHERE Checkbox_Field != TRUE",
        ),
        (
            Whizbang::select((Whizbang::ID,)).filter(Whizbang::PICKLIST_FIELD.eq(WhizbangPicklist::Two)).to_soql(),
            "SELECT Id FROM Whizbang WHERE Picklist_Field = 'two'",
        ),
        (opp().filter(Opportunity::AMOUNT.gt(10000)).to_soql(), "SELECT Id FROM Opportunity WHERE Amount > 10000"),
        (opp().filter(Opportunity::PROBABILITY.ge(Decimal::new(75, 0))).to_soql(), "SELECT Id FROM Opportunity WHERE Probability >= 75"),
        (opp().filter(Opportunity::FISCAL_YEAR.eq(2024)).to_soql(), "SELECT Id FROM Opportunity WHERE FiscalYear = 2024"),
        (opp().filter(Opportunity::STAGE_NAME.ne(OpportunityStage::ClosedLost)).to_soql(), "SELECT Id FROM Opportunity WHERE StageName != 'Closed Lost'"),
        (
            opp().filter(Opportunity::STAGE_NAME.eq(OpportunityStage::ProposalPriceQuote)).to_soql(),
            "SELECT Id FROM Opportunity WHERE StageName = 'Proposal/Price Quote'",
        ),
        (
            Case::select((Case::ID,)).filter(Case::OWNER_ID.eq(id::<sf_runtime::types::Any>("005i0000008yJDWAA2"))).to_soql(),
            "SELECT Id FROM Case WHERE OwnerId = '005i0000008yJDWAA2'",
        ),
        (con().filter(Contact::EMAIL.like("%@example.com")).to_soql(), "SELECT Id FROM Contact WHERE Email LIKE '%@example.com'"),
        (con().filter(Contact::SALUTATION.eq(ContactSalutation::Dr)).to_soql(), "SELECT Id FROM Contact WHERE Salutation = 'Dr.'"),
    ]
}

pub fn escaping_cases() -> Vec<(String, &'static str)> {
    let acc = || Account::select((Account::ID,));
    vec![
        (
            acc().filter(Account::NAME.eq("O'Reilly")).to_soql(),
            r"SELECT Id FROM Account WHERE Name = 'O\'Reilly'",
        ),
        (
            acc().filter(Account::NAME.eq("back\\slash")).to_soql(),
            r"SELECT Id FROM Account WHERE Name = 'back\\slash'",
        ),
        (
            acc().filter(Account::NAME.eq("say \"hi\"")).to_soql(),
            r#"SELECT Id FROM Account WHERE Name = 'say \"hi\"'"#,
        ),
        (
            acc().filter(Account::NAME.eq("line\nbreak")).to_soql(),
            r"SELECT Id FROM Account WHERE Name = 'line\nbreak'",
        ),
        (
            acc().filter(Account::NAME.eq("cr\rlf\n")).to_soql(),
            r"SELECT Id FROM Account WHERE Name = 'cr\rlf\n'",
        ),
        (
            acc().filter(Account::NAME.eq("tab\there")).to_soql(),
            r"SELECT Id FROM Account WHERE Name = 'tab\there'",
        ),
        (
            acc()
                .filter(Account::NAME.eq("bell\u{8}form\u{c}"))
                .to_soql(),
            r"SELECT Id FROM Account WHERE Name = 'bell\bform\f'",
        ),
        (
            acc().filter(Account::NAME.eq("ünïcødé ✓ 日本")).to_soql(),
            "SELECT Id FROM Account WHERE Name = 'ünïcødé ✓ 日本'",
        ),
        (
            acc().filter(Account::NAME.eq("50% off_now")).to_soql(),
            "SELECT Id FROM Account WHERE Name = '50% off_now'",
        ),
        (
            acc().filter(Account::NAME.eq("' OR Name != '")).to_soql(),
            r"SELECT Id FROM Account WHERE Name = '\' OR Name != \''",
        ),
        (
            acc().filter(Account::NAME.eq("\\'")).to_soql(),
            r"SELECT Id FROM Account WHERE Name = '\\\''",
        ),
        (
            acc().filter(Account::NAME.eq("")).to_soql(),
            "SELECT Id FROM Account WHERE Name = ''",
        ),
        (
            acc().filter(Account::NAME.contains("it's 100%")).to_soql(),
            r"SELECT Id FROM Account WHERE Name LIKE '%it\'s 100\%%'",
        ),
        (
            acc().filter(Account::NAME.starts_with("a\\b")).to_soql(),
            r"SELECT Id FROM Account WHERE Name LIKE 'a\\b%'",
        ),
        (
            acc().filter(Account::NAME.like("O'B%")).to_soql(),
            r"SELECT Id FROM Account WHERE Name LIKE 'O\'B%'",
        ),
        (
            acc().filter(Account::NAME.is_in(["a'b", "c\\d"])).to_soql(),
            r"SELECT Id FROM Account WHERE Name IN ('a\'b', 'c\\d')",
        ),
        (
            acc()
                .filter(Account::INDUSTRY.eq(AccountIndustry::Other("Tom's \"Farm\"".into())))
                .to_soql(),
            r#"SELECT Id FROM Account WHERE Industry = 'Tom\'s \"Farm\"'"#,
        ),
    ]
}
