//! The recursion limit a generated set needs (`emit::nesting`), and what the
//! `mod.rs` header tells the user. The long chains are derived from the real
//! `Contact` describe: its `Id` and `LastName` fields, and its `AccountId`
//! lookup renamed and re-pointed at the next object of the chain.

mod common;

use serde_json::{json, Value};
use sf_codegen::Generator;

fn name(i: usize) -> String {
    format!("Chain{i:03}__c")
}

/// `k` objects; object `i` looks up object `i + 1`. With `children`, the
/// target also lists the lookup as a child relationship (so records nest in
/// both directions).
fn chain(k: usize, children: bool) -> Generator {
    let contact = common::json(&common::default_schema().join("Contact.json"));
    let field = |n: &str| {
        contact["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == n)
            .unwrap()
            .clone()
    };
    let mut g = Generator::new();
    for i in 0..k {
        let mut fields = vec![field("Id"), field("LastName")];
        if i + 1 < k {
            let mut next = field("AccountId");
            next["name"] = "Next__c".into();
            next["relationshipName"] = "Next__r".into();
            next["referenceTo"] = json!([name(i + 1)]);
            fields.push(next);
        }
        let kids: Vec<Value> = if children && i > 0 {
            vec![json!({
                "childSObject": name(i - 1),
                "field": "Next__c",
                "relationshipName": "Previous__r",
                "cascadeDelete": false,
                "deprecatedAndHidden": false,
            })]
        } else {
            Vec::new()
        };
        let describe = json!({
            "name": name(i),
            "label": format!("Chain {i}"),
            "custom": true,
            "fields": fields,
            "childRelationships": kids,
        });
        g = g.describe_bytes(
            format!("{}.json", name(i)),
            serde_json::to_vec(&describe).unwrap(),
        );
    }
    g
}

#[test]
fn bundled_snapshot_fits_the_default_limit() {
    let g = Generator::new()
        .schema_dir(common::default_schema())
        .generate()
        .unwrap();
    let n = g.nesting();
    assert!(!n.needs_attribute(), "{n:?}");
    assert_eq!(n.recursion_limit, 128);
    // Account, Contact, Case, Opportunity, … reach each other; Lead and
    // Whizbang hang off the rest. The chain cannot pass more objects than exist.
    assert!(n.longest_chain >= 4 && n.longest_chain <= 8, "{n:?}");
    let m = &g.files["mod.rs"];
    assert!(
        m.contains("rustc's\n// default limit (128) is enough"),
        "{m}"
    );
    assert!(!m.contains("#![recursion_limit"), "{m}");
}

#[test]
fn a_long_lookup_chain_names_the_attribute_to_add() {
    // rustc 1.95 needs more than 128 for 33 objects chained through lookups
    // (4 levels each), and 256 is enough up to 64.
    let g = chain(40, false).generate().unwrap();
    let n = g.nesting();
    assert_eq!(n.longest_chain, 40);
    assert!(n.needs_attribute());
    assert_eq!(n.recursion_limit, 256);
    let m = &g.files["mod.rs"];
    assert!(m.contains("#![recursion_limit = \"256\"]"), "{m}");
    assert!(m.contains("E0275"), "{m}");
    assert!(m.contains("src/lib.rs or src/main.rs"), "{m}");

    let short = chain(10, false).generate().unwrap();
    assert_eq!(short.nesting().longest_chain, 10);
    assert!(!short.nesting().needs_attribute());
}

#[test]
fn a_cycle_counts_each_object_once_and_grows_with_the_set() {
    // Parents and children both ways: one strongly connected set of k objects.
    let g = chain(30, true).generate().unwrap();
    assert!(g.files["chain001.rs"].contains("ChildRecords<super::Chain000>"));
    let n = g.nesting();
    assert_eq!(n.longest_chain, 30);
    assert_eq!(n.recursion_limit, 256); // 30 * 6 + 8 = 188
    let g = chain(70, true).generate().unwrap();
    assert_eq!(g.nesting().recursion_limit, 512); // 70 * 6 + 8 = 428
    assert!(g.files["mod.rs"].contains("#![recursion_limit = \"512\"]"));
}
