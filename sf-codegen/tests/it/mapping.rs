//! The type mapping (every describe type), naming rules and dependent picklists.

use crate::common;

use sf_codegen::ir::{Controller, ParentTarget, RustType};
use sf_codegen::Generator;

fn generate_one(file: &str, bytes: Vec<u8>) -> sf_codegen::Generated {
    Generator::new()
        .describe_bytes(file, bytes)
        .generate()
        .unwrap()
}

#[test]
fn every_describe_type_maps() {
    // Variant of the real nifi DateTestObject__c describe (which has date, datetime
    // and time): one extra field per remaining describe type, each cloned from its
    // real `id__c` field with only `name` and `type` changed. The real describes in
    // the repository have no long, encryptedstring, location, anyType, json or
    // complexvalue field.
    let mut d = common::json(&common::more(
        "nifi-DateTestObject__c-date-datetime-time-v62.json",
    ));
    let template = common::field_mut(&mut d, "id__c").clone();
    let types = [
        "string",
        "textarea",
        "email",
        "phone",
        "url",
        "encryptedstring",
        "combobox",
        "boolean",
        "int",
        "long",
        "double",
        "currency",
        "percent",
        "base64",
        "address",
        "location",
        "anyType",
        "json",
        "complexvalue",
    ];
    for t in types {
        let mut f = template.clone();
        f["name"] = format!("T_{t}__c").into();
        f["type"] = t.into();
        f["custom"] = true.into();
        common::fields_mut(&mut d).push(f);
    }
    let g = generate_one("DateTestObject__c.json", serde_json::to_vec(&d).unwrap());
    assert!(g.report.warnings.is_empty(), "{:?}", g.report.warnings);
    let o = &g.schema.objects[0];
    let ty = |api: &str| {
        o.fields
            .iter()
            .find(|f| f.api_name == api)
            .unwrap_or_else(|| panic!("{api}"))
            .ty
            .clone()
    };
    // This real describe has no `Id` field at all: `id__c` is a plain string.
    assert_eq!(ty("id__c"), RustType::String);
    for t in [
        "string",
        "textarea",
        "email",
        "phone",
        "url",
        "encryptedstring",
        "combobox",
    ] {
        assert_eq!(ty(&format!("T_{t}__c")), RustType::String, "{t}");
    }
    assert_eq!(ty("T_boolean__c"), RustType::Bool);
    assert_eq!(ty("T_int__c"), RustType::I32);
    assert_eq!(ty("T_long__c"), RustType::I64);
    assert_eq!(ty("T_double__c"), RustType::F64);
    assert_eq!(ty("T_currency__c"), RustType::Decimal);
    assert_eq!(ty("T_percent__c"), RustType::Decimal);
    assert_eq!(ty("T_base64__c"), RustType::Base64);
    assert_eq!(ty("T_address__c"), RustType::Address);
    assert_eq!(ty("T_location__c"), RustType::Location);
    assert_eq!(ty("T_anyType__c"), RustType::AnyType);
    assert_eq!(ty("T_json__c"), RustType::Json);
    assert_eq!(ty("T_complexvalue__c"), RustType::Json);
    // The real date/time fields.
    let code = &g.files["date_test_object.rs"];
    assert!(code.contains("::sf_runtime::types::Date>"));
    assert!(code.contains("::sf_runtime::types::DateTime>"));
    assert!(code.contains("::sf_runtime::types::Time>"));
    assert!(code.contains("pub t_long: Option<i64>"));
    assert!(code.contains("pub t_location: Option<::sf_runtime::types::Location>"));
}

#[test]
fn read_only_flags_reach_the_attribute() {
    let g = Generator::new()
        .schema_dir(common::more(
            "mobilesdk-ios-Account-PersonAccount-v31-222-fields.json",
        ))
        .generate()
        .unwrap();
    let o = &g.schema.objects[0];
    let formula = o
        .fields
        .iter()
        .find(|f| f.calculated)
        .expect("a formula field");
    assert!(!formula.createable && !formula.updateable);
    let code = &g.files["account.rs"];
    let attr = format!("api_name = \"{}\"", formula.api_name);
    let line = code
        .lines()
        .skip_while(|l| !l.contains(&attr))
        .take(4)
        .collect::<String>();
    assert!(line.contains("calculated"), "{line}");
    // Not createable, but updateable: only `createable = false`.
    let code_default = Generator::new()
        .schema_dir(common::default_schema())
        .objects(["OpportunityContactRole"])
        .generate()
        .unwrap();
    let ocr = &code_default.files["opportunity_contact_role.rs"];
    assert!(ocr.contains("api_name = \"OpportunityId\""));
    assert!(ocr.contains("createable = false") || ocr.contains("updateable = false"));
    // Auto-number: CaseNumber.
    let case = Generator::new()
        .schema_dir(common::default_schema())
        .objects(["Case"])
        .generate()
        .unwrap();
    let squashed: String = case.files["case.rs"]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        squashed.contains("api_name = \"CaseNumber\", kind = \"string\", auto_number"),
        "{squashed}"
    );
}

#[test]
fn references_inside_and_outside_the_set() {
    let g = Generator::new()
        .schema_dir(common::default_schema())
        .generate()
        .unwrap();
    let contact = g
        .schema
        .objects
        .iter()
        .find(|o| o.api_name == "Contact")
        .unwrap();
    let account_id = contact
        .fields
        .iter()
        .find(|f| f.api_name == "AccountId")
        .unwrap();
    assert_eq!(account_id.ty, RustType::Id(Some("Account".into())));
    let owner = contact
        .fields
        .iter()
        .find(|f| f.api_name == "OwnerId")
        .unwrap();
    assert_eq!(owner.ty, RustType::Id(None));
    let parent = contact
        .parents
        .iter()
        .find(|p| p.name == "Account")
        .unwrap();
    assert_eq!(parent.rust_name, "account");
    assert_eq!(parent.target, ParentTarget::Single("Account".into()));
    assert!(!contact.parents.iter().any(|p| p.name == "Owner"));
    assert!(g
        .report
        .notes
        .iter()
        .any(|n| n.starts_with("Contact.OwnerId: references User outside the generated set")));
    let account = g
        .schema
        .objects
        .iter()
        .find(|o| o.api_name == "Account")
        .unwrap();
    let contacts = account
        .children
        .iter()
        .find(|c| c.name == "Contacts")
        .unwrap();
    assert_eq!(contacts.child_struct, "Contact");
    assert_eq!(contacts.field, "AccountId");
    // Only children whose object is generated.
    assert!(account.children.iter().all(|c| g
        .schema
        .objects
        .iter()
        .any(|o| o.rust_name == c.child_struct)));
    // A custom lookup gets `_id`, its relationship the plain name.
    let pc = account
        .fields
        .iter()
        .find(|f| f.api_name == "Primary_Contact__c")
        .unwrap();
    assert_eq!(pc.rust_name, "primary_contact_id");
    assert!(account
        .parents
        .iter()
        .any(|p| p.rust_name == "primary_contact"));
}

#[test]
fn collisions_keywords_digits_and_punctuation() {
    // Variant of the real Account describe: a custom `Type__c` beside the standard
    // `Type`, a custom field whose name starts with a digit, a namespaced field, and
    // two Industry values that differ only in punctuation plus one starting with a digit.
    let mut d = common::json(&common::default_schema().join("Account.json"));
    let mut type_c = common::field_mut(&mut d, "Type").clone();
    type_c["name"] = "Type__c".into();
    type_c["custom"] = true.into();
    let mut digit = common::field_mut(&mut d, "Site").clone();
    digit["name"] = "X2nd_Site__c".into();
    digit["custom"] = true.into();
    let mut starts_digit = common::field_mut(&mut d, "Site").clone();
    starts_digit["name"] = "npsp__Site__c".into();
    starts_digit["custom"] = true.into();
    common::fields_mut(&mut d).extend([type_c, digit, starts_digit]);
    let industry = common::field_mut(&mut d, "Industry");
    let values = industry["picklistValues"].as_array_mut().unwrap();
    let mut v1 = values[0].clone();
    v1["value"] = "Agri-culture".into();
    let mut v2 = values[0].clone();
    v2["value"] = "Agri culture".into();
    let mut v3 = values[0].clone();
    v3["value"] = "24/7 Support".into();
    let mut v4 = values[0].clone();
    v4["value"] = "Unknown".into();
    values.extend([v1, v2, v3, v4]);

    let g = generate_one("Account.json", serde_json::to_vec(&d).unwrap());
    let o = &g.schema.objects[0];
    let name_of = |api: &str| {
        o.fields
            .iter()
            .find(|f| f.api_name == api)
            .unwrap()
            .rust_name
            .clone()
    };
    assert_eq!(name_of("Type"), "type_");
    assert_eq!(name_of("Type__c"), "type_c");
    assert_eq!(name_of("npsp__Site__c"), "npsp_site");
    assert_eq!(name_of("X2nd_Site__c"), "x2nd_site");
    let industry = o
        .picklists
        .iter()
        .find(|p| p.field_api_name == "Industry")
        .unwrap();
    let variant = |v: &str| {
        industry
            .variants
            .iter()
            .find(|x| x.api_value == v)
            .unwrap()
            .name
            .clone()
    };
    assert_eq!(variant("Agri-culture"), "AgriCulture");
    assert_eq!(variant("Agri culture"), "AgriCulture2");
    assert_eq!(variant("24/7 Support"), "V247Support");
    assert_eq!(variant("Unknown"), "Unknown");
    assert_eq!(industry.fallback, "UnknownValue");
    let report = g.report.to_string();
    assert!(
        report.contains("field `Type` -> `type_` (Rust keyword)"),
        "{report}"
    );
    assert!(
        report.contains("field `Type__c` -> `type_c` (collides with `Type`)"),
        "{report}"
    );
    assert!(
        report.contains("`Industry=Agri culture` -> `AccountIndustry::AgriCulture2`"),
        "{report}"
    );
    assert!(
        report.contains(
            "`Industry=24/7 Support` -> `AccountIndustry::V247Support` (starts with a digit)"
        ),
        "{report}"
    );
    // The API name is always in the attribute.
    let code = &g.files["account.rs"];
    assert!(code.contains("#[picklist(api_name = \"Agri culture\")]\n    AgriCulture2,"));
    assert!(code.contains("api_name = \"Type__c\""));
    assert!(code.contains("UnknownValue(String),"));
}

#[test]
fn restricted_and_multi_select_picklists() {
    let g = Generator::new()
        .schema_dir(common::default_schema())
        .objects(["Whizbang"])
        .generate()
        .unwrap();
    let code = &g.files["whizbang.rs"];
    assert!(code.contains(
        "pub picklist_multiselect_field: Option<\n        ::sf_runtime::types::MultiPicklist<WhizbangPicklistMultiselectField>,\n    >"
    ) || code.contains("::sf_runtime::types::MultiPicklist<WhizbangPicklistMultiselectField>"));
    // Variant of the real Whizbang describe: the picklist made restricted.
    let mut d = common::json(&common::default_schema().join("Whizbang.json"));
    common::field_mut(&mut d, "Picklist_Field")["restrictedPicklist"] = true.into();
    let g = generate_one("Whizbang.json", serde_json::to_vec(&d).unwrap());
    let code = &g.files["whizbang.rs"];
    let at = code.find("pub enum WhizbangPicklistField").unwrap();
    let before = &code[..at];
    assert!(
        before.ends_with("#[picklist(restricted)]\n"),
        "{}",
        &before[before.len() - 200..]
    );
    assert!(before.contains("Restricted: the org rejects values"));
}

#[test]
fn dependent_picklists_decode_valid_for() {
    // Real two-level dependency (SwiftlySalesforce v53): Controlling → Controlled → CustomerPriority.
    let g = Generator::new()
        .schema_dir(common::more("swiftly-Account-v53.json"))
        .generate()
        .unwrap();
    let o = &g.schema.objects[0];
    let controlled = o
        .picklists
        .iter()
        .find(|p| p.field_api_name == "playgroundorg__Controlled_Picklist__c")
        .unwrap();
    let dep = controlled.dependency.as_ref().unwrap();
    assert_eq!(
        dep.controller_api_name,
        "playgroundorg__Controlling_Picklist__c"
    );
    assert!(matches!(dep.controller, Controller::Picklist(_)));
    let row = |c: &str| {
        dep.valid_for
            .iter()
            .find(|(v, _)| v == c)
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(row("USA"), vec!["Boston", "Chicago", "New York", "Vienna"]);
    assert_eq!(row("Italy"), vec!["Milan", "Rome"]);
    assert_eq!(row("Croatia"), Vec::<String>::new());
    assert_eq!(row("Israel"), vec!["Netanya", "Tel Aviv"]);
    assert_eq!(row("Austria"), vec!["Vienna"]);
    let priority = o
        .picklists
        .iter()
        .find(|p| p.field_api_name == "playgroundorg__CustomerPriority__c")
        .unwrap();
    let dep = priority.dependency.as_ref().unwrap();
    let row = |c: &str| {
        dep.valid_for
            .iter()
            .find(|(v, _)| v == c)
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(row("Boston"), vec!["High"]);
    assert_eq!(row("Chicago"), vec!["High", "Low", "Medium"]);
    assert_eq!(row("Milan"), vec!["Medium"]);
    assert_eq!(row("Vienna"), vec!["High", "Low", "Medium"]);
    let code = &g.files["account.rs"];
    assert!(
        code.contains("(\"Italy\", &[\"Milan\", \"Rome\"])"),
        "{code}"
    );
    assert!(code.contains(
        "pub const CONTROLLER: &'static str = \"playgroundorg__Controlling_Picklist__c\";"
    ));
}

#[test]
fn checkbox_controller() {
    // Variant of the real Whizbang describe: the dependent picklist controlled by a
    // checkbox; bit 0 is `false`, bit 1 is `true`.
    let mut d = common::json(&common::default_schema().join("Whizbang.json"));
    let checkbox = common::fields_mut(&mut d)
        .iter()
        .find(|f| f["type"] == "boolean")
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    common::field_mut(&mut d, "Dependent_Picklist_Field")["controllerName"] =
        checkbox.clone().into();
    let g = generate_one("Whizbang.json", serde_json::to_vec(&d).unwrap());
    let p = g.schema.objects[0]
        .picklists
        .iter()
        .find(|p| p.field_api_name == "Dependent_Picklist_Field")
        .unwrap();
    let dep = p.dependency.as_ref().unwrap();
    assert_eq!(dep.controller, Controller::Checkbox);
    assert_eq!(dep.valid_for[0].0, "false");
    assert_eq!(dep.valid_for[0].1, vec!["seven", "eight"]);
    assert_eq!(dep.valid_for[1].1, vec!["nine"]);
    assert!(g.files["whizbang.rs"].contains("pub fn allowed_values(controlling: bool)"));
}

#[test]
fn field_filters_and_renames() {
    let g = Generator::new()
        .schema_dir(common::default_schema())
        .objects(["Account", "Contact"])
        .object_config(
            "Account",
            sf_codegen::ObjectConfig {
                include: vec!["Name".into(), "Type".into(), "Industry".into()],
                rename: Some("Company".into()),
                fields: [("Type".to_string(), "account_type".to_string())].into(),
                ..Default::default()
            },
        )
        .object_config(
            "Contact",
            sf_codegen::ObjectConfig {
                exclude: vec!["Jigsaw".into()],
                ..Default::default()
            },
        )
        .generate()
        .unwrap();
    let names: Vec<&String> = g.files.keys().collect();
    assert_eq!(names, ["company.rs", "contact.rs", "mod.rs"]);
    let company = &g.schema.objects[0];
    assert_eq!(company.rust_name, "Company");
    let fields: Vec<&str> = company
        .fields
        .iter()
        .map(|f| f.rust_name.as_str())
        .collect();
    assert_eq!(fields, ["id", "name", "account_type", "industry"]);
    assert!(
        g.files["company.rs"].contains("#[sobject(api_name = \"Account\", key_prefix = \"001\")]")
    );
    assert!(g.files["contact.rs"].contains("Id<super::Company>"));
    assert!(!g.files["contact.rs"].contains("\"Jigsaw\""));
    assert!(g
        .report
        .to_string()
        .contains("object `Account` -> `Company` (renamed in configuration)"));
}
