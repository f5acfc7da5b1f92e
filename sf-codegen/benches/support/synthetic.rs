//! A large synthetic org built from the real describes in the repository:
//! `objects` custom objects of `fields_per_object` fields each, every field a
//! real field (renamed only where a name would repeat inside one object), every
//! lookup re-pointed at another synthetic object, child relationships derived
//! from those lookups.

use serde_json::{json, Value};
use std::path::Path;

fn real_describes(root: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    for dir in ["schema/default", "fixtures/real/describe-more"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let v: Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
            let v = if v.get("result").is_some() {
                v["result"].clone()
            } else {
                v
            };
            if v.get("fields").is_some() {
                out.push(v);
            }
        }
    }
    out
}

/// `(file name, describe JSON bytes)` for every synthetic object.
pub fn synthetic_org(
    root: &Path,
    objects: usize,
    fields_per_object: usize,
) -> Vec<(String, Vec<u8>)> {
    let real = real_describes(root);
    let pool: Vec<Value> = real
        .iter()
        .flat_map(|d| d["fields"].as_array().unwrap().iter().cloned())
        .filter(|f| f["type"] != "id")
        .collect();
    let name_of = |i: usize| format!("Synth{i:04}__c");
    let mut describes: Vec<Value> = Vec::with_capacity(objects);
    let mut children: Vec<Vec<Value>> = vec![Vec::new(); objects];
    for i in 0..objects {
        let base = &real[i % real.len()];
        let id_field = base["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["type"] == "id")
            .cloned()
            .unwrap_or_else(|| {
                json!({"name": "Id", "type": "id", "createable": false, "updateable": false, "nillable": false})
            });
        let mut fields = vec![id_field];
        let mut seen = std::collections::BTreeSet::from(["Id".to_string()]);
        let mut j = 0;
        while fields.len() < fields_per_object {
            let mut f = pool[(i * 37 + j) % pool.len()].clone();
            j += 1;
            let original = f["name"].as_str().unwrap().to_string();
            let mut name = original.clone();
            let mut k = 2;
            while seen.contains(&name.to_ascii_lowercase()) {
                name = format!("{}_{k}__c", original.trim_end_matches("__c"));
                k += 1;
            }
            seen.insert(name.to_ascii_lowercase());
            f["name"] = name.clone().into();
            if f["type"] == "reference" {
                let targets = f["referenceTo"]
                    .as_array()
                    .map(|a| a.len())
                    .unwrap_or(1)
                    .max(1);
                let to: Vec<usize> = (0..targets.min(2))
                    .map(|t| (i * 7 + j * 13 + t) % objects)
                    .collect();
                f["referenceTo"] = to.iter().map(|t| Value::from(name_of(*t))).collect();
                let rel = format!("{}Rel{j}", name.trim_end_matches("__c").replace("__", "_"));
                f["relationshipName"] = rel.into();
                if to.len() == 1 {
                    children[to[0]].push(json!({
                        "childSObject": name_of(i),
                        "field": name,
                        "relationshipName": format!("Children{i}x{j}"),
                        "cascadeDelete": false,
                        "deprecatedAndHidden": false,
                    }));
                }
            }
            fields.push(f);
        }
        describes.push(json!({
            "name": name_of(i),
            "label": format!("Synthetic {i}"),
            "custom": true,
            "keyPrefix": format!("a{:02}", i % 100),
            "urls": {"describe": format!("/services/data/v62.0/sobjects/{}/describe", name_of(i))},
            "fields": fields,
            "childRelationships": [],
        }));
    }
    describes
        .into_iter()
        .zip(children)
        .map(|(mut d, c)| {
            d["childRelationships"] = Value::Array(c);
            let name = d["name"].as_str().unwrap().to_string();
            (format!("{name}.json"), serde_json::to_vec(&d).unwrap())
        })
        .collect()
}
