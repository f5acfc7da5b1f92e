//! Identifiers for any valid API name: a property test over random describes
//! (the seeded generator is shared with the workspace tests, which also compile
//! one such set), and the invalid names the generator refuses with their file
//! and JSON path.

#[path = "../../../tests/names/random_org.rs"]
mod random_org;

use std::collections::BTreeSet;

use heck::ToShoutySnakeCase;
use sf_codegen::report::Subject;
use sf_codegen::Generator;

fn generate(seed: u64) -> sf_codegen::Generated {
    let mut g = Generator::new();
    for (file, describe) in random_org::random_org(seed, 12, 30) {
        g = g.describe_bytes(file, serde_json::to_vec(&describe).unwrap());
    }
    g.generate().unwrap_or_else(|e| panic!("seed {seed}: {e}"))
}

fn is_ident(s: &str) -> bool {
    syn::parse_str::<syn::Ident>(s).is_ok()
}

/// rustc's `non_camel_case_types` rule: no `__`, and no `_` beside a letter
/// once leading and trailing ones are trimmed (`Self_` passes, `Self_Type`
/// does not). Generated types must pass it: users build with warnings denied.
fn is_camel_case(s: &str) -> bool {
    let s = s.trim_start_matches("r#").trim_matches('_');
    let chars: Vec<char> = s.chars().collect();
    !s.starts_with(char::is_lowercase)
        && !s.contains("__")
        && !chars
            .windows(2)
            .any(|w| (w[0].is_alphabetic() && w[1] == '_') || (w[1].is_alphabetic() && w[0] == '_'))
}

#[test]
fn random_valid_api_names_give_unique_valid_identifiers_all_reported() {
    for seed in 0..150 {
        let g = generate(seed);
        let renamed: BTreeSet<(String, Subject, String, String)> = g
            .report
            .renames
            .iter()
            .map(|r| {
                (
                    r.object.clone(),
                    r.subject,
                    r.api_name.clone(),
                    r.rust_name.clone(),
                )
            })
            .collect();
        let mut structs = BTreeSet::new();
        let mut modules = BTreeSet::new();
        for o in &g.schema.objects {
            assert!(
                is_ident(&o.rust_name) && is_camel_case(&o.rust_name),
                "seed {seed}: struct {}",
                o.rust_name
            );
            for e in &o.polymorphs {
                assert!(is_camel_case(&e.name), "seed {seed}: enum {}", e.name);
            }
            assert!(
                structs.insert(o.rust_name.clone()),
                "seed {seed}: {}",
                o.rust_name
            );
            assert!(
                modules.insert(o.module.clone()),
                "seed {seed}: {}",
                o.module
            );
            let (plain, adjusted) = sf_codegen::naming::type_ident(&o.api_name);
            if adjusted.is_some() || plain != o.rust_name {
                assert!(
                    renamed
                        .iter()
                        .any(|r| r.1 == Subject::Object && r.2 == o.api_name),
                    "seed {seed}: object {} → {} not reported",
                    o.api_name,
                    o.rust_name
                );
            }
            // One scope: fields, parents and children of the struct; and the
            // associated consts (`Account::LAST_NAME`) made from them.
            let mut members = BTreeSet::new();
            let mut consts = BTreeSet::new();
            let all = o
                .fields
                .iter()
                .map(|f| {
                    (
                        &f.rust_name,
                        &f.api_name,
                        Subject::Field,
                        f.describe_type == "reference",
                    )
                })
                .chain(
                    o.parents
                        .iter()
                        .map(|p| (&p.rust_name, &p.name, Subject::Parent, false)),
                )
                .chain(
                    o.children
                        .iter()
                        .map(|c| (&c.rust_name, &c.name, Subject::Child, false)),
                );
            for (rust, api, subject, reference) in all {
                assert!(is_ident(rust), "seed {seed}: {}.{rust}", o.api_name);
                assert!(
                    members.insert(rust.clone()),
                    "seed {seed}: {}.{rust} twice",
                    o.api_name
                );
                assert!(
                    consts.insert(rust.trim_start_matches("r#").to_shouty_snake_case()),
                    "seed {seed}: const of {}.{rust} twice",
                    o.api_name
                );
                if subject == Subject::Field {
                    let (mut plain, adjusted) = sf_codegen::naming::field_ident(api);
                    // A custom lookup's field is `<name>_id`, beside its `<name>` parent.
                    if reference && api.ends_with("__c") && !plain.ends_with("_id") {
                        plain.push_str("_id");
                    }
                    if adjusted.is_some() || &plain != rust {
                        assert!(
                            renamed.contains(&(
                                o.api_name.clone(),
                                subject,
                                api.clone(),
                                rust.clone()
                            )),
                            "seed {seed}: field {}.{api} → {rust} not reported",
                            o.api_name
                        );
                    }
                }
            }
            for p in &o.picklists {
                assert!(
                    is_ident(&p.name) && is_camel_case(&p.name),
                    "seed {seed}: enum {}",
                    p.name
                );
                let mut variants = BTreeSet::new();
                for v in &p.variants {
                    assert!(is_ident(&v.name), "seed {seed}: variant {:?}", v.name);
                    assert!(variants.insert(v.name.clone()), "seed {seed}: {}", v.name);
                }
                assert!(
                    !variants.contains(&p.fallback),
                    "seed {seed}: {}",
                    p.fallback
                );
            }
        }
        // The code parses (it is compiled in the workspace tests).
        for (file, text) in &g.files {
            syn::parse_file(text).unwrap_or_else(|e| panic!("seed {seed}: {file}: {e}"));
        }
    }
}

fn refusal(describe: serde_json::Value) -> String {
    Generator::new()
        .describe_bytes("Bad__c.json", serde_json::to_vec(&describe).unwrap())
        .generate()
        .unwrap_err()
        .to_string()
}

fn object(fields: serde_json::Value) -> serde_json::Value {
    serde_json::json!({"name": "Bad__c", "fields": fields, "childRelationships": []})
}

/// The names `use` and `type` items bind at the top of a file.
fn bound_names(file: &syn::File) -> Vec<String> {
    fn tree(t: &syn::UseTree, out: &mut Vec<String>) {
        match t {
            syn::UseTree::Path(p) => tree(&p.tree, out),
            syn::UseTree::Name(n) => out.push(n.ident.to_string()),
            syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
            syn::UseTree::Group(g) => g.items.iter().for_each(|i| tree(i, out)),
            syn::UseTree::Glob(_) => {}
        }
    }
    let mut out = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Use(u) => tree(&u.tree, &mut out),
            syn::Item::Type(t) => out.push(t.ident.to_string()),
            syn::Item::Struct(s) => out.push(s.ident.to_string()),
            _ => {}
        }
    }
    out
}

/// The same random sets as a sharded set: the facade binds every name once
/// (two objects' token modules can share a name: `Ab` and `AB` both give
/// `ab_fields`), and every file parses: what can be checked without rustc.
#[test]
fn random_sets_sharded_bind_each_name_once() {
    for seed in 0..150 {
        let mut g = Generator::new().shards(sf_codegen::ShardConfig {
            count: 3,
            crate_name: "set".into(),
            sf_runtime: None,
        });
        for (file, describe) in random_org::random_org(seed, 12, 30) {
            g = g.describe_bytes(file, serde_json::to_vec(&describe).unwrap());
        }
        let g = g.generate().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for (name, text) in g.files.iter().filter(|(n, _)| n.ends_with(".rs")) {
            syn::parse_file(text).unwrap_or_else(|e| panic!("seed {seed}: {name}: {e}"));
        }
        let facade = syn::parse_file(&g.files["set/src/lib.rs"]).unwrap();
        let mut seen = BTreeSet::new();
        for name in bound_names(&facade) {
            assert!(
                seen.insert(name.clone()),
                "seed {seed}: `{name}` bound twice"
            );
        }
    }
}

#[test]
fn invalid_or_case_duplicate_names_are_refused_with_file_and_json_path() {
    let f = |name: &str| serde_json::json!({"name": name, "type": "string"});
    for bad in ["1st__c", "_", "a__", "Foo___c", "Bad-Name", "Foo_", ""] {
        let e = refusal(object(serde_json::json!([f("Id"), f(bad)])));
        assert!(e.contains("Bad__c.json"), "{e}");
        assert!(e.contains("fields[1].name"), "{bad}: {e}");
        assert!(e.contains("not a valid field API name"), "{e}");
    }
    let e = refusal(object(serde_json::json!([f("Foo__c"), f("foo__c")])));
    assert!(e.contains("fields[1].name"), "{e}");
    assert!(e.contains("case-insensitive"), "{e}");

    let mut d = object(serde_json::json!([f("Id")]));
    d["name"] = "9Lives__c".into();
    let e = refusal(d);
    assert!(e.contains("JSON path `name`"), "{e}");

    let mut lookup = f("Owner__c");
    lookup["type"] = "reference".into();
    lookup["relationshipName"] = "Owner r".into();
    let e = refusal(object(serde_json::json!([f("Id"), lookup])));
    assert!(e.contains("fields[1].relationshipName"), "{e}");

    // Names that are valid but awkward are generated, not refused.
    let ok = Generator::new()
        .describe_bytes(
            "Bad__c.json",
            serde_json::to_vec(&object(serde_json::json!([
                f("Id"),
                f("Self__c"),
                f("self2__c"),
                f("Foo2__c"),
                f("Foo_2__c"),
                f("Type"),
            ])))
            .unwrap(),
        )
        .generate()
        .unwrap();
    let names: Vec<&str> = ok.schema.objects[0]
        .fields
        .iter()
        .map(|f| f.rust_name.as_str())
        .collect();
    assert_eq!(names, ["id", "self_", "self2", "foo2", "foo_2", "type_"]);
}
