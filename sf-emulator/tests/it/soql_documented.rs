//! Syntax the SOQL reference documents that the emulator used to refuse as
//! `MALFORMED_QUERY`: `WITH DATA CATEGORY`, aliases on `FORMAT()` (and the
//! other display functions), `GROUPING()` in ORDER BY and HAVING, and ISO
//! currency literals in multi-currency orgs.

use crate::cases::check_valid;
use crate::fixture::{render, World};

use serde_json::{json, Value};
use sf_emulator::ids;
use sf_emulator::schema::ObjectSchema;
use sf_emulator::soql::ast::{CategorySelector, WithClause};
use sf_emulator::soql::{self, SoqlError};
use sf_emulator::store::Record;

fn err(w: &World, soql: &str) -> SoqlError {
    match w.query(soql) {
        Ok(out) => panic!("{soql}: expected an error, got {}", render(&out)),
        Err(e) => e,
    }
}

#[test]
fn with_data_category_parses_every_documented_form() {
    let q = soql::parse(
        "SELECT Title FROM KnowledgeArticleVersion WHERE PublishStatus='online' \
         WITH DATA CATEGORY Geography__c ABOVE usa__c",
    )
    .unwrap();
    let [WithClause::DataCategory(filters)] = q.with.as_slice() else {
        panic!("{:?}", q.with)
    };
    assert_eq!(filters.len(), 1);
    assert_eq!(filters[0].group.name, "Geography__c");
    assert_eq!(filters[0].selector, CategorySelector::Above);
    assert_eq!(filters[0].categories[0].name, "usa__c");

    let q = soql::parse(
        "SELECT Title, Summary FROM KnowledgeArticleVersion \
         WHERE PublishStatus='Online' AND Language = 'en_US' \
         WITH DATA CATEGORY Geography__c AT (usa__c, france__c, uk__c) \
         AND Product__c BELOW All__c AND Topic__c ABOVE_OR_BELOW maths__c \
         ORDER BY Title LIMIT 10",
    )
    .unwrap();
    let [WithClause::DataCategory(filters)] = q.with.as_slice() else {
        panic!("{:?}", q.with)
    };
    let shape: Vec<(CategorySelector, usize)> = filters
        .iter()
        .map(|f| (f.selector, f.categories.len()))
        .collect();
    assert_eq!(
        shape,
        [
            (CategorySelector::At, 3),
            (CategorySelector::Below, 1),
            (CategorySelector::AboveOrBelow, 1)
        ]
    );
    assert_eq!(q.limit, Some(10));
}

#[test]
fn with_data_category_restricts_nothing_and_rejects_bad_shapes() {
    let w = World::new();
    // No Knowledge in the bundled org: Salesforce's answer for such an org.
    let e = err(
        &w,
        "SELECT Title FROM KnowledgeArticleVersion WHERE PublishStatus='online' \
         WITH DATA CATEGORY Geography__c ABOVE usa__c",
    );
    assert_eq!(e.code, "INVALID_TYPE", "{}", e.message);
    // No record carries a category, so the filter restricts nothing.
    check_valid(
        &w,
        &[(
            "SELECT Name FROM Account WHERE Industry = 'Technology' \
             WITH DATA CATEGORY Geography__c AT (usa__c, uk__c) AND Product__c BELOW All__c \
             ORDER BY Name",
            "Acme | Initech",
        )],
    );
    for (soql, at) in [
        ("SELECT Id FROM Account WITH DATA CATEGORY Geography__c NEAR usa__c", "NEAR"),
        ("SELECT Id FROM Account WITH DATA CATEGORY Geography__c AT usa__c OR Product__c AT x__c", "OR Product"),
        ("SELECT Id FROM Account WITH DATA CATEGORY Geography__c AT ()", ")"),
        ("SELECT Id FROM Account WITH DATA Geography__c AT usa__c", "Geography__c"),
    ] {
        let e = err(&w, soql);
        assert_eq!(e.code, "MALFORMED_QUERY", "{soql}");
        assert_eq!(
            (e.row, e.column),
            crate::cases::position(soql, at),
            "{soql}: {}",
            e.message
        );
    }
}

#[test]
fn display_functions_take_an_alias() {
    let w = World::new();
    let out = w
        .query("SELECT FORMAT(MIN(CloseDate)) Amt FROM Opportunity")
        .unwrap();
    assert_eq!(
        out.records,
        [json!({"attributes": {"type": "AggregateResult"}, "Amt": "2023-11-30"})]
    );
    let out = w
        .query("SELECT Name, FORMAT(CreatedDate) created, toLabel(Industry) ind FROM Account WHERE Name = 'Acme'")
        .unwrap();
    let rec = &out.records[0];
    assert_eq!(rec["created"], "2024-05-10T10:00:00.000+0000");
    assert_eq!(rec["ind"], "Technology");
    let keys: Vec<&String> = rec.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["attributes", "Name", "created", "ind"]);
    check_valid(
        &w,
        &[
            ("SELECT FORMAT(LastModifiedDate) formattedDate FROM Account WHERE Name = 'Acme'", "null"),
            ("SELECT FORMAT(MIN(CloseDate)) FROM Opportunity", "2023-11-30"),
            (
                "SELECT LeadSource, FORMAT(SUM(Amount)) total FROM Opportunity WHERE LeadSource != null GROUP BY LeadSource ORDER BY LeadSource",
                // LeadSource is a picklist: it sorts in the describe's value order.
                "Web,350000.0 | Phone Inquiry,50000.0",
            ),
            (
                "SELECT Amount, FORMAT(Amount) Amt, convertCurrency(Amount) convertedAmount, \
                 FORMAT(convertCurrency(Amount)) convertedCurrency FROM Opportunity WHERE Name = 'Acme Deal 2'",
                "50000,50000,50000,50000",
            ),
        ],
    );
    // Only display functions: a plain field still takes no alias.
    let e = err(&w, "SELECT Name n FROM Account");
    assert_eq!(e.code, "MALFORMED_QUERY");
}

#[test]
fn grouping_orders_and_filters_subtotal_rows() {
    let w = World::new();
    check_valid(
        &w,
        &[
            (
                "SELECT Type, BillingCountry, GROUPING(Type) grpType, GROUPING(BillingCountry) grpCty, \
                 COUNT(id) accts FROM Account GROUP BY CUBE(Type, BillingCountry) \
                 ORDER BY GROUPING(Type), GROUPING(BillingCountry)",
                "null,null,0,0,4 | Customer - Channel,null,0,0,1 | Customer - Direct,null,0,0,1 | \
                 Prospect,null,0,0,1 | null,null,0,1,4 | Customer - Channel,null,0,1,1 | \
                 Customer - Direct,null,0,1,1 | Prospect,null,0,1,1 | null,null,1,0,7 | null,null,1,1,7",
            ),
            (
                "SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY ROLLUP(StageName) \
                 ORDER BY GROUPING(StageName) DESC, StageName",
                "null,5 | Prospecting,2 | Closed Won,2 | Closed Lost,1",
            ),
            (
                "SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY ROLLUP(StageName) \
                 HAVING GROUPING(StageName) = 1",
                "null,5",
            ),
            (
                "SELECT StageName, COUNT(Id) n FROM Opportunity GROUP BY ROLLUP(StageName) \
                 HAVING GROUPING(StageName) = 0 AND COUNT(Id) > 1",
                "Closed Won,2 | Prospecting,2",
            ),
        ],
    );
    // GROUPING takes a group key, nothing else.
    for soql in [
        "SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName ORDER BY GROUPING(Name)",
        "SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName HAVING GROUPING(COUNT(Id)) = 1",
    ] {
        assert_eq!(err(&w, soql).code, "MALFORMED_QUERY", "{soql}");
    }
}

/// The world plus `Invoice__c`, an object of a multi-currency org: its
/// describe has the `CurrencyIsoCode` picklist every object of such an org
/// carries, beside a currency field.
fn multi_currency() -> World {
    let mut w = World::new();
    let field = |name: &str, ty: &str| json!({"name": name, "type": ty, "filterable": true, "sortable": true, "nillable": true});
    let describe = json!({
        "name": "Invoice__c", "keyPrefix": "a0I", "custom": true,
        "fields": [
            field("Id", "id"),
            field("Name", "string"),
            field("Total__c", "currency"),
            field("CurrencyIsoCode", "picklist"),
        ],
    });
    w.schema
        .insert(ObjectSchema::from_describe(describe).expect("Invoice__c parses"));
    let rows = [
        ("I1", "USD", json!(5001)),
        ("I2", "JPY", json!(7000)),
        ("I3", "EUR", json!(5001)),
        ("I4", "USD", json!(4000)),
        ("I5", "JPY", json!(5000.5)),
        ("I6", "USD", Value::Null),
    ];
    for (i, (name, code, total)) in rows.into_iter().enumerate() {
        let id = ids::generate("a0I", i as u64 + 1);
        let fields = json!({"Id": id, "Name": name, "CurrencyIsoCode": code, "Total__c": total});
        w.store.put(Record {
            object: "Invoice__c".into(),
            fields: fields.as_object().unwrap().clone(),
            deleted: false,
            blobs: Default::default(),
        });
    }
    w
}

#[test]
fn currency_literals_compare_within_their_currency() {
    let w = multi_currency();
    check_valid(
        &w,
        &[
            ("SELECT Name FROM Invoice__c WHERE Total__c > USD5000", "I1"),
            ("SELECT Name FROM Invoice__c WHERE Total__c > usd5000", "I1"),
            ("SELECT Name FROM Invoice__c WHERE Total__c = JPY5000.5", "I5"),
            ("SELECT Name FROM Invoice__c WHERE Total__c <= JPY7000 ORDER BY Name", "I2 | I5"),
            ("SELECT Name FROM Invoice__c WHERE Total__c IN (USD4000, EUR5001) ORDER BY Name", "I3 | I4"),
            ("SELECT Name FROM Invoice__c WHERE Total__c != USD5001 ORDER BY Name", "I2 | I3 | I4 | I5 | I6"),
            ("SELECT Name FROM Invoice__c WHERE Total__c NOT IN (USD5001, JPY7000) ORDER BY Name", "I3 | I4 | I5 | I6"),
            ("SELECT Name FROM Invoice__c WHERE NOT (Total__c >= EUR1) ORDER BY Name", "I1 | I2 | I4 | I5 | I6"),
            // Without an ISO code the number is compared as it is.
            ("SELECT Name FROM Invoice__c WHERE Total__c > 5000 ORDER BY Name", "I1 | I2 | I3 | I5"),
        ],
    );
    let sosl = "FIND {I1} RETURNING Invoice__c(Name WHERE Total__c > USD5000)";
    let found = soql::search(&w.schema, &w.store, sosl, &crate::fixture::opts()).unwrap();
    assert_eq!(found["searchRecords"].as_array().unwrap().len(), 1);
}

#[test]
fn currency_literals_need_a_multi_currency_object_and_a_number() {
    let w = multi_currency();
    for (soql, at) in [
        // Opportunity's describe has no CurrencyIsoCode: a single-currency org.
        ("SELECT Id FROM Opportunity WHERE Amount > USD5000", "USD5000"),
        ("SELECT Id FROM Invoice__c WHERE Name = USD5000", "USD5000"),
        ("SELECT Id FROM Invoice__c WHERE Total__c IN (USD4000, 5000)", "USD4000"),
        ("SELECT Id FROM Invoice__c WHERE Total__c LIKE USD4000", "USD4000"),
        (
            "SELECT Name, SUM(Total__c) FROM Invoice__c GROUP BY Name HAVING SUM(Total__c) > USD5000",
            "USD5000",
        ),
    ] {
        let e = err(&w, soql);
        assert_eq!(e.code, "MALFORMED_QUERY", "{soql}: {}", e.message);
        assert_eq!((e.row, e.column), crate::cases::position(soql, at), "{soql}");
        assert!(e.message.contains("unexpected token: 'USD"), "{}", e.message);
    }
}
