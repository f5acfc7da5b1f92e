//! `diff OLD NEW`: what changed between two snapshots, at the level a reviewer
//! of a regeneration cares about.

use crate::describe::FieldDescribe;
use crate::snapshot::Loaded;
use std::collections::BTreeMap;
use std::fmt;

/// Changes between two snapshots.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaDiff {
    /// Objects only in the new snapshot.
    pub objects_added: Vec<String>,
    /// Objects only in the old snapshot.
    pub objects_removed: Vec<String>,
    /// Objects in both that changed.
    pub objects_changed: Vec<ObjectDiff>,
}

/// Changes to one object present in both snapshots.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectDiff {
    /// The object's API name.
    pub object: String,
    /// `(field, type)`.
    pub fields_added: Vec<(String, String)>,
    /// `(field, type)` of fields only in the old snapshot.
    pub fields_removed: Vec<(String, String)>,
    /// Fields in both that changed.
    pub fields_changed: Vec<FieldDiff>,
    /// Child relationships only in the new snapshot.
    pub children_added: Vec<String>,
    /// Child relationships only in the old snapshot.
    pub children_removed: Vec<String>,
}

/// Changes to one field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldDiff {
    /// The field's API name.
    pub field: String,
    /// Human-readable changes: `type: string -> picklist`, `became a formula`, …
    pub changes: Vec<String>,
    /// Picklist values only in the new snapshot.
    pub picklist_added: Vec<String>,
    /// Picklist values only in the old snapshot.
    pub picklist_removed: Vec<String>,
}

impl SchemaDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.objects_added.is_empty()
            && self.objects_removed.is_empty()
            && self.objects_changed.is_empty()
    }
}

/// Compares two loaded snapshots ([`crate::snapshot::load`]).
///
/// ```
/// use sf_codegen::snapshot;
///
/// # fn main() -> Result<(), sf_codegen::Error> {
/// # let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
/// // Two real Account describes of different API versions.
/// let old = snapshot::load(format!("{root}/fixtures/real/describe-more/swiftly-Account-v37.json").as_ref())?;
/// let new = snapshot::load(format!("{root}/fixtures/real/describe-more/swiftly-Account-v53.json").as_ref())?;
/// let diff = sf_codegen::diff_snapshots(&old, &new);
/// assert!(!diff.is_empty());
/// assert_eq!(diff.objects_changed[0].object, "Account");
/// println!("{diff}");
/// # Ok(()) }
/// ```
pub fn diff_snapshots(old: &[Loaded], new: &[Loaded]) -> SchemaDiff {
    let old: BTreeMap<&str, &Loaded> = old.iter().map(|l| (l.describe.name.as_str(), l)).collect();
    let new: BTreeMap<&str, &Loaded> = new.iter().map(|l| (l.describe.name.as_str(), l)).collect();
    let mut out = SchemaDiff::default();
    for name in new.keys() {
        if !old.contains_key(name) {
            out.objects_added.push(name.to_string());
        }
    }
    for (name, o) in &old {
        let Some(n) = new.get(name) else {
            out.objects_removed.push(name.to_string());
            continue;
        };
        let d = diff_object(o, n);
        if d != (ObjectDiff {
            object: d.object.clone(),
            ..Default::default()
        }) {
            out.objects_changed.push(d);
        }
    }
    out
}

fn diff_object(old: &Loaded, new: &Loaded) -> ObjectDiff {
    let mut d = ObjectDiff {
        object: new.describe.name.clone(),
        ..Default::default()
    };
    let of: BTreeMap<&str, &FieldDescribe> = old
        .describe
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f))
        .collect();
    let nf: BTreeMap<&str, &FieldDescribe> = new
        .describe
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f))
        .collect();
    for (name, f) in &nf {
        if !of.contains_key(name) {
            d.fields_added
                .push((name.to_string(), f.field_type.clone()));
        }
    }
    for (name, f) in &of {
        match nf.get(name) {
            None => d
                .fields_removed
                .push((name.to_string(), f.field_type.clone())),
            Some(n) => {
                let fd = diff_field(f, n);
                if !fd.changes.is_empty()
                    || !fd.picklist_added.is_empty()
                    || !fd.picklist_removed.is_empty()
                {
                    d.fields_changed.push(fd);
                }
            }
        }
    }
    let rels = |l: &Loaded| -> Vec<String> {
        let mut v: Vec<String> = l
            .describe
            .child_relationships
            .iter()
            .filter_map(|c| {
                c.relationship_name
                    .as_ref()
                    .map(|r| format!("{r} ({}.{})", c.child_sobject, c.field))
            })
            .collect();
        v.sort();
        v
    };
    let (or, nr) = (rels(old), rels(new));
    d.children_added = nr.iter().filter(|r| !or.contains(r)).cloned().collect();
    d.children_removed = or.iter().filter(|r| !nr.contains(r)).cloned().collect();
    d
}

fn flag(changes: &mut Vec<String>, name: &str, old: bool, new: bool) {
    if old != new {
        changes.push(format!("{name}: {old} -> {new}"));
    }
}

fn diff_field(o: &FieldDescribe, n: &FieldDescribe) -> FieldDiff {
    let mut c = Vec::new();
    if o.field_type != n.field_type {
        c.push(format!("type: {} -> {}", o.field_type, n.field_type));
    }
    if !o.calculated && n.calculated {
        c.push("became a formula (read-only)".to_string());
    } else if o.calculated && !n.calculated {
        c.push("is no longer a formula".to_string());
    } else if o.calculated_formula != n.calculated_formula {
        c.push("formula changed".to_string());
    }
    flag(&mut c, "autoNumber", o.auto_number, n.auto_number);
    flag(&mut c, "createable", o.createable, n.createable);
    flag(&mut c, "updateable", o.updateable, n.updateable);
    flag(&mut c, "nillable", o.nillable, n.nillable);
    flag(&mut c, "externalId", o.external_id, n.external_id);
    flag(&mut c, "unique", o.unique, n.unique);
    flag(
        &mut c,
        "restrictedPicklist",
        o.restricted_picklist,
        n.restricted_picklist,
    );
    if o.length != n.length {
        c.push(format!("length: {} -> {}", o.length, n.length));
    }
    if o.reference_to != n.reference_to {
        c.push(format!(
            "referenceTo: [{}] -> [{}]",
            o.reference_to.join(", "),
            n.reference_to.join(", ")
        ));
    }
    if o.relationship_name != n.relationship_name {
        c.push(format!(
            "relationshipName: {} -> {}",
            o.relationship_name.as_deref().unwrap_or("none"),
            n.relationship_name.as_deref().unwrap_or("none")
        ));
    }
    if o.controller_name != n.controller_name {
        c.push(format!(
            "controlling field: {} -> {}",
            o.controller_name.as_deref().unwrap_or("none"),
            n.controller_name.as_deref().unwrap_or("none")
        ));
    }
    let ov: Vec<&str> = o.picklist_values.iter().map(|v| v.value.as_str()).collect();
    let nv: Vec<&str> = n.picklist_values.iter().map(|v| v.value.as_str()).collect();
    FieldDiff {
        field: n.name.clone(),
        changes: c,
        picklist_added: nv
            .iter()
            .filter(|v| !ov.contains(v))
            .map(|v| v.to_string())
            .collect(),
        picklist_removed: ov
            .iter()
            .filter(|v| !nv.contains(v))
            .map(|v| v.to_string())
            .collect(),
    }
}

impl fmt::Display for SchemaDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "no schema changes");
        }
        for o in &self.objects_added {
            writeln!(f, "+ object {o}")?;
        }
        for o in &self.objects_removed {
            writeln!(f, "- object {o}")?;
        }
        for o in &self.objects_changed {
            writeln!(f, "~ object {}", o.object)?;
            for (name, ty) in &o.fields_added {
                writeln!(f, "    + field {name} ({ty})")?;
            }
            for (name, ty) in &o.fields_removed {
                writeln!(f, "    - field {name} ({ty})")?;
            }
            for fd in &o.fields_changed {
                writeln!(f, "    ~ field {}", fd.field)?;
                for c in &fd.changes {
                    writeln!(f, "        {c}")?;
                }
                for v in &fd.picklist_added {
                    writeln!(f, "        + picklist value {v:?}")?;
                }
                for v in &fd.picklist_removed {
                    writeln!(f, "        - picklist value {v:?}")?;
                }
            }
            for r in &o.children_added {
                writeln!(f, "    + child relationship {r}")?;
            }
            for r in &o.children_removed {
                writeln!(f, "    - child relationship {r}")?;
            }
        }
        Ok(())
    }
}
