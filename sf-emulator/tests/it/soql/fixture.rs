//! Shared data for the `soql_*` tests: the bundled real schema snapshot
//! (schema/default) plus the real Task describe recorded by SwiftlySalesforce
//! (fixtures/real/describe-more/swiftly-Task-v37.json, used unchanged) for
//! polymorphic `What`, and a store populated in the canonical stored form.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use serde_json::{json, Map, Value};
use sf_emulator::ids;
use sf_emulator::schema::{ObjectSchema, Schema};
use sf_emulator::soql::{self, ExecOptions, QueryOutput, SoqlError};
use sf_emulator::store::{Record, Store};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The default schema plus the real Task describe.
pub fn schema() -> Schema {
    let mut schema = Schema::load_dir(root().join("schema/default")).expect("schema/default loads");
    let text =
        std::fs::read_to_string(root().join("fixtures/real/describe-more/swiftly-Task-v37.json"))
            .expect("Task describe");
    let task: Value = serde_json::from_str(&text).expect("Task describe is JSON");
    schema.insert(ObjectSchema::from_describe(task).expect("Task describe parses"));
    schema
}

/// The id of the `n`th record of an object with key prefix `prefix`.
pub fn id(prefix: &str, n: u64) -> String {
    ids::generate(prefix, n)
}

pub fn acc(n: u64) -> String {
    id("001", n)
}
pub fn con(n: u64) -> String {
    id("003", n)
}
pub fn opp(n: u64) -> String {
    id("006", n)
}
pub fn user(n: u64) -> String {
    id("005", n)
}

fn put(store: &mut Store, object: &str, id: String, deleted: bool, fields: Value) {
    let mut map: Map<String, Value> = Map::new();
    map.insert("Id".into(), Value::String(id));
    if let Value::Object(f) = fields {
        map.extend(f);
    }
    store.put(Record {
        object: object.into(),
        fields: map,
        deleted,
        blobs: Default::default(),
    });
}

/// "Now" for every test: Wednesday 2024-05-15 12:00 UTC.
pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 15, 12, 0, 0).unwrap()
}

pub fn opts() -> ExecOptions {
    ExecOptions::new(now(), "66.0")
}

/// The test store.
pub fn store() -> Store {
    let mut s = Store::new();
    // Users live outside the schema snapshot: parent paths into them are loose.
    put(
        &mut s,
        "User",
        user(1),
        false,
        json!({"Name": "Admin User", "Alias": "admin"}),
    );
    put(
        &mut s,
        "User",
        user(2),
        false,
        json!({"Name": "Sales Rep", "Alias": "rep"}),
    );
    let accounts = [
        json!({"Name": "Acme", "Industry": "Technology", "AnnualRevenue": 1000000, "NumberOfEmployees": 100,
               "Type": "Customer - Direct", "BillingCity": "San Francisco", "BillingState": "CA", "Rating": "Hot",
               "Phone": "(415) 555-1212", "CreatedDate": "2024-05-10T10:00:00.000+0000", "OwnerId": user(1),
               "Description": "Big tech", "LastActivityDate": "2024-05-14"}),
        json!({"Name": "Globex", "Industry": "Energy", "AnnualRevenue": 5000000, "NumberOfEmployees": 500,
               "Type": "Customer - Channel", "BillingCity": "Chicago", "BillingState": "IL", "Rating": "Warm",
               "CreatedDate": "2024-04-01T08:00:00.000+0000", "ParentId": acc(1), "OwnerId": user(2),
               "LastActivityDate": "2024-03-31"}),
        json!({"Name": "Initech", "Industry": "Technology", "AnnualRevenue": 250000, "NumberOfEmployees": 50,
               "Type": "Prospect", "BillingCity": "Austin", "BillingState": "TX", "Rating": null,
               "CreatedDate": "2023-12-31T23:00:00.000+0000", "OwnerId": user(1)}),
        json!({"Name": "Umbrella Corp", "Industry": null, "BillingCity": "Raccoon City",
               "CreatedDate": "2024-05-15T00:00:00.000+0000", "ParentId": acc(2)}),
        json!({"Name": "acme labs", "Industry": "Biotechnology", "AnnualRevenue": 750000, "NumberOfEmployees": 20,
               "BillingCity": "san francisco", "BillingState": "CA", "CreatedDate": "2024-05-14T12:00:00.000+0000",
               "OwnerId": user(2)}),
        json!({"Name": "Deleted Co", "Industry": "Energy", "CreatedDate": "2024-01-01T00:00:00.000+0000"}),
        json!({"Name": "O'Reilly & Sons", "Industry": "Media", "NumberOfEmployees": 7,
               "CreatedDate": "2022-06-30T10:00:00.000+0000"}),
        json!({"Name": "50% Off_Store", "Industry": "Retail", "NumberOfEmployees": 3,
               "CreatedDate": "2024-05-16T01:00:00.000+0000"}),
    ];
    for (i, f) in accounts.into_iter().enumerate() {
        put(&mut s, "Account", acc(i as u64 + 1), i == 5, f);
    }
    let contacts = [
        json!({"FirstName": "Jane", "LastName": "Doe", "Name": "Jane Doe", "AccountId": acc(1), "Email": "jane.doe@acme.com",
               "LeadSource": "Web", "Birthdate": "1990-05-20", "Title": "CEO", "Phone": "415-555-0001",
               "CreatedDate": "2024-05-15T09:00:00.000+0000"}),
        json!({"FirstName": "John", "LastName": "Smith", "Name": "John Smith", "AccountId": acc(1), "Email": "john@acme.com",
               "LeadSource": "Phone Inquiry", "Birthdate": "1985-01-10", "Title": "CTO", "ReportsToId": con(1),
               "CreatedDate": "2024-05-01T09:00:00.000+0000"}),
        json!({"FirstName": "Alice", "LastName": "Jones", "Name": "Alice Jones", "AccountId": acc(2), "Email": "alice@globex.com",
               "LeadSource": "Web", "CreatedDate": "2024-03-01T09:00:00.000+0000"}),
        json!({"FirstName": "Bob", "LastName": "Brown", "Name": "Bob Brown", "CreatedDate": "2023-03-01T09:00:00.000+0000"}),
        json!({"FirstName": "Émilie", "LastName": "Zola", "Name": "Émilie Zola", "AccountId": acc(3),
               "LeadSource": "Partner Referral", "Birthdate": "2000-02-29", "CreatedDate": "2024-05-14T23:59:59.000+0000"}),
    ];
    for (i, f) in contacts.into_iter().enumerate() {
        put(&mut s, "Contact", con(i as u64 + 1), false, f);
    }
    let opps = [
        json!({"Name": "Acme Deal 1", "AccountId": acc(1), "StageName": "Closed Won", "Amount": 100000, "CloseDate": "2024-05-01",
               "Probability": 100, "IsWon": true, "IsClosed": true, "LeadSource": "Web", "CreatedDate": "2024-04-01T10:00:00.000+0000"}),
        json!({"Name": "Acme Deal 2", "AccountId": acc(1), "StageName": "Prospecting", "Amount": 50000, "CloseDate": "2024-06-15",
               "Probability": 10, "IsWon": false, "IsClosed": false, "LeadSource": "Phone Inquiry", "CreatedDate": "2024-05-02T10:00:00.000+0000"}),
        json!({"Name": "Globex Deal", "AccountId": acc(2), "StageName": "Closed Won", "Amount": 250000, "CloseDate": "2024-02-10",
               "Probability": 100, "IsWon": true, "IsClosed": true, "LeadSource": "Web", "CreatedDate": "2023-12-01T10:00:00.000+0000"}),
        json!({"Name": "Initech Deal", "AccountId": acc(3), "StageName": "Closed Lost", "Amount": 75000, "CloseDate": "2023-11-30",
               "Probability": 0, "IsWon": false, "IsClosed": true, "CreatedDate": "2023-09-01T10:00:00.000+0000"}),
        json!({"Name": "Orphan", "StageName": "Prospecting", "CloseDate": "2024-05-15", "Probability": 10,
               "IsWon": false, "IsClosed": false, "CreatedDate": "2024-05-15T11:00:00.000+0000"}),
    ];
    for (i, f) in opps.into_iter().enumerate() {
        put(&mut s, "Opportunity", opp(i as u64 + 1), false, f);
    }
    let cases = [
        json!({"AccountId": acc(1), "ContactId": con(1), "Status": "New", "Priority": "High", "Subject": "Login broken",
               "Origin": "Web", "CaseNumber": "00001001", "OwnerId": user(1)}),
        json!({"AccountId": acc(1), "ContactId": con(2), "Status": "Closed", "Priority": "Low", "Subject": "Billing question",
               "Origin": "Phone", "CaseNumber": "00001002", "OwnerId": user(2)}),
        json!({"AccountId": acc(2), "ContactId": con(3), "Status": "Working", "Priority": "Medium", "Subject": "Outage",
               "Origin": "Web", "CaseNumber": "00001003", "OwnerId": user(1)}),
    ];
    for (i, f) in cases.into_iter().enumerate() {
        put(&mut s, "Case", id("500", i as u64 + 1), false, f);
    }
    let leads = [
        json!({"FirstName": "Ann", "LastName": "Lee", "Name": "Ann Lee", "Company": "Foo Inc", "Status": "Open - Not Contacted", "LeadSource": "Web",
               "Email": "ann@foo.com", "AnnualRevenue": 1000}),
        json!({"FirstName": "Ben", "LastName": "Kim", "Name": "Ben Kim", "Company": "Bar LLC", "Status": "Working - Contacted", "LeadSource": "Phone Inquiry",
               "AnnualRevenue": 2000}),
        json!({"FirstName": "Cy", "LastName": "Oh", "Name": "Cy Oh", "Company": "Baz", "Status": "Closed - Converted", "LeadSource": "Web",
               "AnnualRevenue": 3000}),
        json!({"FirstName": "Di", "LastName": "Ng", "Name": "Di Ng", "Company": "Qux", "Status": "Working - Contacted"}),
    ];
    for (i, f) in leads.into_iter().enumerate() {
        put(&mut s, "Lead", id("00Q", i as u64 + 1), false, f);
    }
    let whizbangs = [
        json!({"Name": "W1", "Picklist_Multiselect_Field": "four;five", "Checkbox_Field": true, "Number_Field": 1.5,
               "DateTime_Field": "2024-05-15T08:30:00.000+0000", "Date_Field": "2024-05-13"}),
        json!({"Name": "W2", "Picklist_Multiselect_Field": "five", "Checkbox_Field": false, "Number_Field": -2,
               "DateTime_Field": "2024-05-14T23:59:59.999+0000", "Date_Field": "2024-05-19"}),
        json!({"Name": "W3", "Picklist_Multiselect_Field": "six;four", "Checkbox_Field": false, "Number_Field": 10,
               "DateTime_Field": "2024-05-12T00:00:00.000+0000", "Date_Field": "2024-05-11"}),
        json!({"Name": "W4", "Checkbox_Field": false, "ParentWhizbang__c": id("a01", 1)}),
    ];
    for (i, f) in whizbangs.into_iter().enumerate() {
        put(&mut s, "Whizbang", id("a01", i as u64 + 1), false, f);
    }
    let tasks = [
        json!({"Subject": "Call Acme", "WhatId": acc(1), "WhoId": con(1), "Status": "Completed", "OwnerId": user(1)}),
        json!({"Subject": "Send quote", "WhatId": opp(2), "Status": "Not Started", "OwnerId": user(2)}),
        json!({"Subject": "Follow up", "Status": "Not Started", "WhoId": id("00Q", 1)}),
    ];
    for (i, f) in tasks.into_iter().enumerate() {
        put(&mut s, "Task", id("00T", i as u64 + 1), false, f);
    }
    put(
        &mut s,
        "Custom__c",
        id("aB5", 1),
        false,
        json!({"Name": "C-1", "CustomField__c": "x"}),
    );
    s
}

pub struct World {
    pub schema: Schema,
    pub store: Store,
}

impl World {
    pub fn new() -> Self {
        World {
            schema: schema(),
            store: store(),
        }
    }

    pub fn query(&self, soql: &str) -> Result<QueryOutput, SoqlError> {
        soql::execute(&self.schema, &self.store, soql, &opts())
    }

    pub fn query_all(&self, soql: &str) -> Result<QueryOutput, SoqlError> {
        let mut o = opts();
        o.include_deleted = true;
        soql::execute(&self.schema, &self.store, soql, &o)
    }
}

/// Renders query output compactly: records joined by ` | `, each record's
/// non-attribute values joined by `,`; nested parents in `{}`, child
/// subqueries in `[]` (records joined by `;`); `#n` for a bare count.
pub fn render(out: &QueryOutput) -> String {
    if out.records.is_empty() && out.total_size > 0 {
        return format!("#{}", out.total_size);
    }
    assert_eq!(
        out.records.len(),
        out.total_size,
        "totalSize matches the rows"
    );
    out.records
        .iter()
        .map(render_record)
        .collect::<Vec<_>>()
        .join(" | ")
}

fn render_record(v: &Value) -> String {
    let Value::Object(m) = v else {
        return render_value(v);
    };
    m.iter()
        .filter(|(k, _)| k.as_str() != "attributes")
        .map(|(_, v)| render_value(v))
        .collect::<Vec<_>>()
        .join(",")
}

fn render_value(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::String(s) => s.clone(),
        Value::Object(m) if m.contains_key("records") => {
            let recs = m["records"].as_array().cloned().unwrap_or_default();
            format!(
                "[{}]",
                recs.iter().map(render_record).collect::<Vec<_>>().join(";")
            )
        }
        Value::Object(_) => format!("{{{}}}", render_record(v)),
        other => other.to_string(),
    }
}

/// The test world plus what location and time queries need: four geocoded
/// accounts (Billing latitude/longitude, the components of the real
/// `BillingAddress` describe), a contact at one of them, and the real
/// `DateTestObject__c` describe recorded by NiFi
/// (fixtures/real/describe-more/nifi-DateTestObject__c-date-datetime-time-v62.json)
/// with a few `time__c` values. No recorded describe has a geolocation
/// field, so `Warehouse__c` (the object of Salesforce's location-based SOQL
/// examples) is described here with the field shapes real describes use: a
/// `location` compound `Location__c` and its `Location__Latitude__s` /
/// `Location__Longitude__s` components.
pub fn places_and_times() -> World {
    let mut w = World::new();
    let field = |name: &str, ty: &str, compound: Option<&str>| {
        json!({"name": name, "type": ty, "compoundFieldName": compound,
               "filterable": true, "sortable": ty != "location", "nillable": true})
    };
    let warehouse = json!({
        "name": "Warehouse__c", "keyPrefix": "a0W", "custom": true,
        "fields": [
            field("Id", "id", None),
            field("Name", "string", None),
            field("Location__c", "location", None),
            field("Location__Latitude__s", "double", Some("Location__c")),
            field("Location__Longitude__s", "double", Some("Location__c")),
        ],
    });
    w.schema
        .insert(ObjectSchema::from_describe(warehouse).expect("Warehouse__c parses"));
    for (i, (name, lat, lon)) in [
        (
            "Ferry Building Depot",
            Value::from(37.79302),
            Value::from(-122.394507),
        ),
        (
            "Aloha Warehouse",
            Value::from(21.3069),
            Value::from(-157.8583),
        ),
        ("Unmapped Shed", Value::Null, Value::Null),
    ]
    .into_iter()
    .enumerate()
    {
        put(
            &mut w.store,
            "Warehouse__c",
            id("a0W", i as u64 + 1),
            false,
            json!({"Name": name, "Location__Latitude__s": lat, "Location__Longitude__s": lon}),
        );
    }
    let text = std::fs::read_to_string(
        root()
            .join("fixtures/real/describe-more/nifi-DateTestObject__c-date-datetime-time-v62.json"),
    )
    .expect("DateTestObject__c describe");
    let describe: Value = serde_json::from_str(&text).expect("describe is JSON");
    w.schema
        .insert(ObjectSchema::from_describe(describe).expect("DateTestObject__c parses"));
    let places = [
        ("SF Office", 37.7749, -122.4194),
        ("Oakland Depot", 37.8044, -122.2712),
        ("San Jose Lab", 37.3382, -121.8863),
        ("LA Store", 34.0522, -118.2437),
    ];
    for (i, (name, lat, lon)) in places.into_iter().enumerate() {
        put(
            &mut w.store,
            "Account",
            acc(20 + i as u64),
            false,
            json!({"Name": name, "BillingLatitude": lat, "BillingLongitude": lon}),
        );
    }
    put(
        &mut w.store,
        "Contact",
        con(20),
        false,
        json!({"LastName": "Near", "Name": "Near", "AccountId": acc(20)}),
    );
    let times = [
        Value::from("08:00:00.000Z"),
        Value::from("10:30:00.000Z"),
        Value::from("17:45:30.250Z"),
        Value::Null,
    ];
    for (i, t) in times.into_iter().enumerate() {
        put(
            &mut w.store,
            "DateTestObject__c",
            id("a01", 100 + i as u64),
            false,
            json!({"id__c": format!("T-{i}"), "time__c": t}),
        );
    }
    w
}
