//! Random describes with valid but awkward API names: Rust keywords, names the
//! generated code uses itself, names whose snake_case or PascalCase forms meet
//! (`Foo2__c` / `Foo_2__c`, `A_B__c` / `AB__c`), namespaces and suffixes,
//! relationship names, and picklist values of any text.
//!
//! Shared by `tests/build.rs` (a seeded set that is compiled) and sf-codegen's
//! property test (many sets, generated and checked without compiling). No
//! dependencies: a small xorshift generator keeps it usable from a build script.

use serde_json::{json, Value};

/// A deterministic random source.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Words that stress the identifier rules.
const AWKWARD: &[&str] = &[
    "Self",
    "self",
    "Type",
    "type",
    "Fn",
    "Match",
    "Mod",
    "Super",
    "Crate",
    "Box",
    "Option",
    "Some",
    "None",
    "String",
    "Vec",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Id",
    "Query",
    "Select",
    "Count",
    "Fields",
    "Async",
    "Await",
    "Dyn",
    "Gen",
    "Try",
    "Union",
    "Static",
    "Ref",
    "Move",
    "Where",
    "Loop",
    "Yield",
    "Abstract",
    "Final",
    "Foo2",
    "Foo_2",
    "A_B",
    "AB",
    "X1",
    "X_1",
    "Name",
    "Sobjects",
    "Related",
    "Unknown",
];

const PICKLIST_VALUES: &[&str] = &[
    "",
    " ",
    "-",
    "1",
    "1st",
    "Self",
    "self",
    "A b",
    "a-b",
    "A_B",
    "AB",
    "ab",
    "Ünïcode",
    "日本",
    "x",
    "X",
    "Unknown",
    "Other",
    "None",
    "Some",
    "type",
    "--",
    "a  b",
    "A.B",
    "a/b",
];

/// A random valid API name segment: a letter, then letters and digits with single
/// underscores between them.
fn segment(rng: &mut Rng) -> String {
    if rng.below(3) == 0 {
        return rng.pick(AWKWARD).to_string();
    }
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const TAIL: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut s = String::new();
    s.push(LETTERS[rng.below(LETTERS.len())] as char);
    for _ in 0..rng.below(8) {
        if rng.below(6) == 0 && !s.ends_with('_') {
            s.push('_');
        }
        s.push(TAIL[rng.below(TAIL.len())] as char);
    }
    s
}

/// A custom name with an optional namespace: `Seg__c`, `ns__Seg__c`.
fn custom(rng: &mut Rng, suffix: &str) -> String {
    let base = segment(rng);
    match rng.below(4) {
        0 => format!("ns{}__{base}__{suffix}", rng.below(3)),
        _ => format!("{base}__{suffix}"),
    }
}

/// Takes the first candidate not already used ignoring case (API names are
/// case-insensitive, so a describe never holds two that differ only by case).
fn unique(
    seen: &mut std::collections::BTreeSet<String>,
    mut make: impl FnMut() -> String,
) -> String {
    loop {
        let name = make();
        if seen.insert(name.to_ascii_lowercase()) {
            return name;
        }
    }
}

fn field(name: &str, ty: &str) -> Value {
    json!({
        "name": name, "label": name, "type": ty, "soapType": "xsd:string",
        "createable": true, "updateable": true, "nillable": true,
        "calculated": false, "autoNumber": false, "externalId": false, "idLookup": false,
        "unique": false, "length": 255, "referenceTo": [], "relationshipName": null,
        "picklistValues": [], "restrictedPicklist": false, "dependentPicklist": false,
    })
}

/// `(file name, describe JSON)` for `objects` objects of up to `fields` fields.
pub fn random_org(seed: u64, objects: usize, fields: usize) -> Vec<(String, Value)> {
    let mut rng = Rng::new(seed);
    let mut object_names = std::collections::BTreeSet::new();
    let names: Vec<String> = (0..objects)
        .map(|_| {
            unique(&mut object_names, || match rng.below(3) {
                0 => segment(&mut rng),
                _ => custom(&mut rng, "c"),
            })
        })
        .collect();
    let mut children: Vec<Vec<Value>> = vec![Vec::new(); objects];
    let mut describes = Vec::new();
    for (i, name) in names.iter().enumerate() {
        // Fields and relationship names share one case-insensitive namespace: a
        // record's JSON keys are both.
        let mut seen = std::collections::BTreeSet::from(["id".to_string()]);
        let mut id = field("Id", "id");
        id["createable"] = false.into();
        id["updateable"] = false.into();
        id["nillable"] = false.into();
        let mut list = vec![id];
        for _ in 0..1 + rng.below(fields) {
            let api = unique(&mut seen, || match rng.below(3) {
                0 => segment(&mut rng),
                _ => custom(&mut rng, "c"),
            });
            let f = match rng.below(6) {
                0 | 1 => {
                    let target = rng.below(objects);
                    let rel = unique(&mut seen, || match rng.below(2) {
                        0 => segment(&mut rng),
                        _ => custom(&mut rng, "r"),
                    });
                    let mut f = field(&api, "reference");
                    f["referenceTo"] = json!([names[target]]);
                    f["relationshipName"] = rel.into();
                    children[target].push(json!({
                        "childSObject": name,
                        "field": api,
                        "relationshipName": format!("Kids{i}x{}", list.len()),
                        "cascadeDelete": false,
                        "deprecatedAndHidden": false,
                    }));
                    f
                }
                2 => {
                    let mut f = field(
                        &api,
                        if rng.below(2) == 0 {
                            "picklist"
                        } else {
                            "multipicklist"
                        },
                    );
                    let mut picked: Vec<&str> = (0..1 + rng.below(6))
                        .map(|_| rng.pick(PICKLIST_VALUES))
                        .collect();
                    picked.dedup();
                    let mut once = std::collections::BTreeSet::new();
                    picked.retain(|v| once.insert(*v));
                    let values: Vec<Value> = picked
                        .iter()
                        .map(|v| json!({"value": v, "label": v, "active": true, "defaultValue": false, "validFor": null}))
                        .collect();
                    f["picklistValues"] = Value::Array(values);
                    f
                }
                3 => field(
                    &api,
                    rng.pick(&["int", "double", "boolean", "date", "datetime", "currency"]),
                ),
                _ => field(&api, "string"),
            };
            list.push(f);
        }
        describes.push(json!({
            "name": name, "label": name, "custom": name.ends_with("__c"),
            "urls": {"describe": format!("/services/data/v62.0/sobjects/{name}/describe")},
            "fields": list, "childRelationships": [],
        }));
    }
    describes
        .into_iter()
        .zip(children)
        .map(|(mut d, kids)| {
            d["childRelationships"] = Value::Array(kids);
            (format!("{}.json", d["name"].as_str().unwrap()), d)
        })
        .collect()
}
