//! Describe → IR: choosing objects and fields, naming, and Rust types.

use crate::config::{Config, ObjectConfig};
use crate::describe::{FieldDescribe, SObjectDescribe};
use crate::ir::{self, Controller, Dependency, ParentTarget, RustType};
use crate::naming::{self, Adjust, NameTable};
use crate::report::{Report, Subject};
use crate::snapshot::Loaded;
use heck::ToUpperCamelCase;
use std::collections::BTreeMap;

/// Builds the IR for the selected objects of a snapshot.
pub fn transform(snapshot: &[Loaded], config: &Config, report: &mut Report) -> ir::Schema {
    let mut selected: Vec<&Loaded> = snapshot
        .iter()
        .filter(|l| config.wants_object(&l.describe.name))
        .filter(|l| {
            let change_event = is_change_event(&l.describe);
            if change_event {
                report.note(format!(
                    "{}: a change event entity, not generated; subscribe to \
                     `/data/{}` with `ChangeEvent<T>`, T the changed object's struct",
                    l.describe.name, l.describe.name
                ));
            }
            !change_event
        })
        .collect();
    selected.sort_by(|a, b| a.describe.name.cmp(&b.describe.name));
    if let Some(list) = &config.objects {
        for want in list {
            if !selected
                .iter()
                .any(|l| l.describe.name.eq_ignore_ascii_case(want))
            {
                report.warn(format!(
                    "object `{want}` is configured but has no describe in the snapshot"
                ));
            }
        }
    }

    // Struct names first (they own the shared type namespace), then modules.
    let mut types = NameTable::new();
    let mut modules = NameTable::new();
    modules.reserve("mod", "mod.rs");
    let mut structs: BTreeMap<String, (String, String)> = BTreeMap::new();
    for l in &selected {
        let api = &l.describe.name;
        let user = config.object(api).and_then(|o| o.rename.clone());
        let (wanted, adjust) = match &user {
            Some(name) => (name.clone(), Some(Adjust::UserRename)),
            None => naming::type_ident(api),
        };
        let (name, collision) =
            types.claim(&wanted, &[naming::suffixed(&wanted, "Object")], "", api);
        if let Some(reason) = collision.or(adjust) {
            report.rename(api, Subject::Object, api, &name, reason);
        }
        let (module, _) = modules.claim(&naming::module_ident(&name), &[], "_", api);
        if api.ends_with("__e") {
            report.note(format!(
                "{api}: a platform event (not queryable); publish `{name}` with \
                 `PubSub::publish` or `Client::create`, subscribe to `/event/{api}` \
                 with `PlatformEvent<{name}>`"
            ));
        }
        structs.insert(api.clone(), (name, module));
    }

    let by_lower: BTreeMap<String, (String, String)> = structs
        .iter()
        .map(|(api, (s, _))| (api.to_ascii_lowercase(), (api.clone(), s.clone())))
        .collect();
    let empty = ObjectConfig::default();
    let mut objects = Vec::new();
    for l in &selected {
        let d = &l.describe;
        let cfg = config.object(&d.name).unwrap_or(&empty);
        let (struct_name, module) = structs[&d.name].clone();
        let cx = ObjectCx {
            d,
            cfg,
            struct_name: &struct_name,
            structs: &by_lower,
        };
        let object = cx.build(module, l, &mut types, report);
        objects.push(object);
    }

    let mut api_versions: Vec<String> = objects
        .iter()
        .filter_map(|o| o.api_version.clone())
        .collect();
    api_versions.sort();
    api_versions.dedup();
    let snapshot_hash = crate::snapshot::combined_hash(
        selected
            .iter()
            .map(|l| (l.describe.name.as_str(), l.hash.as_str())),
    );
    ir::Schema {
        objects,
        snapshot_hash,
        api_versions,
    }
}

struct ObjectCx<'a> {
    d: &'a SObjectDescribe,
    cfg: &'a ObjectConfig,
    struct_name: &'a str,
    /// Lower-case API name → (API name, struct) of every generated object.
    structs: &'a BTreeMap<String, (String, String)>,
}

impl ObjectCx<'_> {
    /// The struct's name as the start of its enums' names: `Self_` (the
    /// keyword escaped) gives `SelfType`, not `Self_Type`, which rustc's
    /// case lint flags.
    fn enum_prefix(&self) -> &str {
        self.struct_name.trim_end_matches('_')
    }

    fn target(&self, api: &str) -> Option<(&str, &str)> {
        self.structs
            .get(&api.to_ascii_lowercase())
            .map(|(k, s)| (k.as_str(), s.as_str()))
    }

    fn build(
        &self,
        module: String,
        loaded: &Loaded,
        types: &mut NameTable,
        report: &mut Report,
    ) -> ir::Object {
        let d = self.d;
        let obj = d.name.as_str();
        let fields: Vec<&FieldDescribe> = d
            .fields
            .iter()
            .filter(|f| {
                let keep = self.cfg.wants_field(&f.name);
                keep && !(f.deprecated_and_hidden && f.name != "Id")
            })
            .collect();

        // Member names: standard fields, custom fields, parents, children.
        let mut members = NameTable::new();
        let mut field_names: BTreeMap<&str, String> = BTreeMap::new();
        let standard = fields.iter().filter(|f| !f.custom);
        let custom = fields.iter().filter(|f| f.custom);
        for f in standard.chain(custom) {
            let (base, adjust) = match self.cfg.field_rename(&f.name) {
                Some(user) => (user.to_string(), Some(Adjust::UserRename)),
                None => {
                    let (mut base, adjust) = naming::field_ident(&f.name);
                    if f.field_type == "reference"
                        && f.name.ends_with("__c")
                        && !base.ends_with("_id")
                    {
                        base = format!("{}_id", base.trim_end_matches('_'));
                    }
                    (base, adjust)
                }
            };
            let alts = vec![format!("{}_c", base.trim_end_matches('_'))];
            let (name, collision) = members.claim(&base, &alts, "_", &f.name);
            if let Some(reason) = collision.or(adjust) {
                report.rename(obj, Subject::Field, &f.name, &name, reason);
            }
            field_names.insert(f.name.as_str(), name);
        }

        let mut picklists = Vec::new();
        let mut polymorphs = Vec::new();
        let mut parents = Vec::new();
        let mut out_fields = Vec::new();
        let mut enum_of: BTreeMap<String, String> = BTreeMap::new();

        // Picklist enums (in describe order, so that controllers exist before dependents
        // is not required: dependencies are resolved in a second pass).
        for f in &fields {
            let multi = f.field_type == "multipicklist";
            if f.field_type != "picklist" && !multi {
                continue;
            }
            // Named after the API name, so a field rename does not rename the enum.
            let (pascal, _) =
                naming::pascal_ident(f.name.strip_suffix("__c").unwrap_or(&f.name), "Field");
            let wanted = format!("{}{}", self.enum_prefix(), pascal);
            let (name, collision) =
                types.claim(&wanted, &[naming::suffixed(&wanted, "Picklist")], "", obj);
            if let Some(reason) = collision {
                report.rename(obj, Subject::Enum, &f.name, &name, reason);
            }
            enum_of.insert(f.name.clone(), name.clone());
            picklists.push(self.picklist(f, name, multi, report));
        }
        for (i, f) in fields.iter().enumerate() {
            if !f.dependent_picklist {
                continue;
            }
            let Some(pos) = picklists.iter().position(|p| p.field_api_name == f.name) else {
                continue;
            };
            let _ = i;
            picklists[pos].dependency = self.dependency(f, &enum_of, report);
        }

        for f in &fields {
            let rust_name = field_names[f.name.as_str()].clone();
            let ty = match f.field_type.as_str() {
                "id" => RustType::Id(Some(self.struct_name.to_string())),
                "reference" => {
                    let (ty, parent) = self.reference(f, &mut members, types, report);
                    if let Some((parent, poly)) = parent {
                        parents.push(parent);
                        if let Some(poly) = poly {
                            polymorphs.push(poly);
                        }
                    }
                    ty
                }
                "picklist" => RustType::Picklist(enum_of[&f.name].clone()),
                "multipicklist" => RustType::MultiPicklist(enum_of[&f.name].clone()),
                other => match scalar_type(other) {
                    Some(t) => t,
                    None => {
                        report.warn(format!(
                            "{obj}.{}: unknown field type `{other}`, kept as a raw JSON value (AnyType)",
                            f.name
                        ));
                        RustType::AnyType
                    }
                },
            };
            out_fields.push(ir::Field {
                api_name: f.name.clone(),
                rust_name,
                label: f.label.clone(),
                describe_type: f.field_type.clone(),
                ty,
                createable: f.createable,
                updateable: f.updateable,
                nillable: f.nillable,
                calculated: f.calculated,
                auto_number: f.auto_number,
                external_id: f.external_id,
                id_lookup: f.id_lookup,
                unique: f.unique,
                length: (is_text(&f.field_type) && f.length > 0).then_some(f.length),
                reference_to: f.reference_to.clone(),
                relationship_name: f.relationship_name.clone(),
                compound_field: f.compound_field_name.clone(),
                formula: f.calculated_formula.clone(),
            });
        }

        let mut children = Vec::new();
        let mut rels: Vec<_> = d
            .child_relationships
            .iter()
            .filter(|c| !c.deprecated_and_hidden)
            .filter_map(|c| Some((c.relationship_name.as_ref()?, c)))
            .collect();
        rels.sort_by(|a, b| a.0.cmp(b.0));
        for (rel, c) in rels {
            let Some((child_api, child_struct)) = self.target(&c.child_sobject) else {
                continue;
            };
            if !self.cfg.include.is_empty()
                && !self.cfg.include.iter().any(|i| i.eq_ignore_ascii_case(rel))
            {
                continue;
            }
            let (base, adjust) = naming::field_ident(rel);
            let (name, collision) = members.claim(&base, &[format!("{base}_children")], "_", rel);
            if let Some(reason) = collision.or(adjust) {
                report.rename(obj, Subject::Child, rel, &name, reason);
            }
            children.push(ir::Child {
                name: rel.clone(),
                rust_name: name,
                field: c.field.clone(),
                child_struct: child_struct.to_string(),
                child_api_name: child_api.to_string(),
            });
        }

        ir::Object {
            api_name: d.name.clone(),
            label: d.label.clone(),
            rust_name: self.struct_name.to_string(),
            module,
            key_prefix: d.key_prefix.clone(),
            api_version: d.api_version().map(str::to_owned),
            describe_hash: loaded.hash.clone(),
            source_file: loaded.file_name.clone(),
            fields: out_fields,
            parents,
            children,
            picklists,
            polymorphs,
        }
    }

    fn picklist(
        &self,
        f: &FieldDescribe,
        name: String,
        multi: bool,
        report: &mut Report,
    ) -> ir::PicklistEnum {
        let obj = self.d.name.as_str();
        let mut table = NameTable::new();
        let mut variants = Vec::new();
        for v in &f.picklist_values {
            if variants
                .iter()
                .any(|x: &ir::Variant| x.api_value == v.value)
            {
                continue;
            }
            let (wanted, adjust) = naming::pascal_ident(&v.value, "Empty");
            let (vname, collision) = table.claim(&wanted, &[], "", &v.value);
            if let Some(reason) = collision.or(adjust) {
                report.rename(
                    obj,
                    Subject::Variant,
                    &format!("{}={}", f.name, v.value),
                    &format!("{name}::{vname}"),
                    reason,
                );
            }
            variants.push(ir::Variant {
                name: vname,
                api_value: v.value.clone(),
                label: v.label.clone(),
                active: v.active,
                default: v.default_value,
            });
        }
        let (fallback, _) = table.claim("Unknown", &["UnknownValue".to_string()], "", "");
        ir::PicklistEnum {
            name,
            field_api_name: f.name.clone(),
            restricted: f.restricted_picklist,
            multi,
            variants,
            fallback,
            dependency: None,
        }
    }

    fn dependency(
        &self,
        f: &FieldDescribe,
        enum_of: &BTreeMap<String, String>,
        report: &mut Report,
    ) -> Option<Dependency> {
        let obj = self.d.name.as_str();
        let controller_name = f.controller_name.as_ref()?;
        let controller = self.d.fields.iter().find(|c| &c.name == controller_name)?;
        let (kind, controlling): (Controller, Vec<String>) = match controller.field_type.as_str() {
            "boolean" => (
                Controller::Checkbox,
                vec!["false".to_string(), "true".to_string()],
            ),
            "picklist" | "multipicklist" => match enum_of.get(&controller.name) {
                Some(e) => (
                    Controller::Picklist(e.clone()),
                    controller
                        .picklist_values
                        .iter()
                        .map(|v| v.value.clone())
                        .collect(),
                ),
                None => {
                    report.warn(format!(
                        "{obj}.{}: controlling field `{controller_name}` is not generated; dependency table left out",
                        f.name
                    ));
                    return None;
                }
            },
            other => {
                report.warn(format!(
                    "{obj}.{}: controlling field `{controller_name}` has type `{other}`; dependency table left out",
                    f.name
                ));
                return None;
            }
        };
        let mut valid_for: Vec<(String, Vec<String>)> = controlling
            .iter()
            .map(|c| (c.clone(), Vec::new()))
            .collect();
        for v in &f.picklist_values {
            let Some(bits) = v.valid_for.as_deref() else {
                continue;
            };
            match decode_valid_for(bits) {
                Ok(indices) => {
                    for i in indices {
                        if let Some((_, allowed)) = valid_for.get_mut(i) {
                            if !allowed.contains(&v.value) {
                                allowed.push(v.value.clone());
                            }
                        }
                    }
                }
                Err(e) => report.warn(format!(
                    "{obj}.{}: value `{}` has an unreadable validFor `{bits}` ({e})",
                    f.name, v.value
                )),
            }
        }
        Some(Dependency {
            controller_api_name: controller_name.clone(),
            controller: kind,
            valid_for,
        })
    }

    #[allow(clippy::type_complexity)]
    fn reference(
        &self,
        f: &FieldDescribe,
        members: &mut NameTable,
        types: &mut NameTable,
        report: &mut Report,
    ) -> (RustType, Option<(ir::Parent, Option<ir::PolymorphicEnum>)>) {
        let obj = self.d.name.as_str();
        let inside: Vec<(&str, &str)> = f
            .reference_to
            .iter()
            .filter_map(|t| self.target(t))
            .collect();
        let outside: Vec<String> = f
            .reference_to
            .iter()
            .filter(|t| self.target(t).is_none())
            .cloned()
            .collect();
        let single = f.reference_to.len() == 1 && inside.len() == 1;
        let ty = if single {
            RustType::Id(Some(inside[0].1.to_string()))
        } else {
            RustType::Id(None)
        };
        if inside.is_empty() {
            report.note(format!(
                "{obj}.{}: references {} outside the generated set: kept as AnyId, no parent navigation",
                f.name,
                if f.reference_to.is_empty() {
                    "nothing".to_string()
                } else {
                    f.reference_to.join(", ")
                }
            ));
            return (ty, None);
        }
        let Some(rel) = f.relationship_name.as_ref() else {
            return (ty, None);
        };
        let (base, adjust) = naming::field_ident(rel);
        let (rust_name, collision) = members.claim(
            &base,
            &[format!("{}_parent", base.trim_end_matches('_'))],
            "_",
            rel,
        );
        if let Some(reason) = collision.or(adjust) {
            report.rename(obj, Subject::Parent, rel, &rust_name, reason);
        }
        if single {
            let parent = ir::Parent {
                name: rel.clone(),
                rust_name,
                field: f.name.clone(),
                target: ParentTarget::Single(inside[0].1.to_string()),
            };
            return (ty, Some((parent, None)));
        }
        let wanted = format!(
            "{}{}",
            self.enum_prefix(),
            rust_name.trim_end_matches('_').to_upper_camel_case()
        );
        let (name, collision) =
            types.claim(&wanted, &[naming::suffixed(&wanted, "Parent")], "", obj);
        if let Some(reason) = collision {
            report.rename(obj, Subject::Enum, rel, &name, reason);
        }
        let mut vt = NameTable::new();
        let variants: Vec<(String, String, String)> = inside
            .iter()
            .map(|(api, s)| {
                let (v, _) = vt.claim(s, &[], "", api);
                (v, s.to_string(), api.to_string())
            })
            .collect();
        let (fallback, _) = vt.claim("Other", &["OtherObject".to_string()], "", "");
        if !outside.is_empty() {
            report.note(format!(
                "{obj}.{}: polymorphic targets {} are outside the generated set: they land in `{name}::{fallback}`",
                f.name,
                outside.join(", ")
            ));
        }
        let parent = ir::Parent {
            name: rel.clone(),
            rust_name,
            field: f.name.clone(),
            target: ParentTarget::Polymorphic(name.clone()),
        };
        let poly = ir::PolymorphicEnum {
            name,
            variants,
            other_targets: outside,
            fallback,
        };
        (ty, Some((parent, Some(poly))))
    }
}

/// Change data capture entities (`AccountChangeEvent`, `Custom__ChangeEvent`)
/// describe event payloads, not records: the runtime types a change event
/// by the changed object's struct (`ChangeEvent<Account>`), so a struct of
/// their own would only duplicate it.
fn is_change_event(d: &SObjectDescribe) -> bool {
    d.name.ends_with("ChangeEvent") || d.fields.iter().any(|f| f.name == "ChangeEventHeader")
}

fn is_text(t: &str) -> bool {
    matches!(
        t,
        "string" | "textarea" | "email" | "phone" | "url" | "encryptedstring" | "combobox"
    )
}

/// The Rust type of a describe type that needs no context.
pub fn scalar_type(describe_type: &str) -> Option<RustType> {
    Some(match describe_type {
        "string" | "textarea" | "email" | "phone" | "url" | "encryptedstring" | "combobox" => {
            RustType::String
        }
        "boolean" => RustType::Bool,
        "int" => RustType::I32,
        "long" => RustType::I64,
        "double" => RustType::F64,
        "currency" | "percent" => RustType::Decimal,
        "date" => RustType::Date,
        "datetime" => RustType::DateTime,
        "time" => RustType::Time,
        "base64" => RustType::Base64,
        "address" => RustType::Address,
        "location" => RustType::Location,
        "anyType" => RustType::AnyType,
        "json" | "complexvalue" => RustType::Json,
        _ => return None,
    })
}

/// Decodes a `validFor` bitmap: the indices of the controlling values it allows.
/// Bit `i` is bit `7 - i % 8` of byte `i / 8` (most significant bit first).
pub fn decode_valid_for(b64: &str) -> Result<Vec<usize>, String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (byte_index, byte) in bytes.iter().enumerate() {
        for bit in 0..8 {
            if byte & (0x80 >> bit) != 0 {
                out.push(byte_index * 8 + bit);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::decode_valid_for;

    #[test]
    fn valid_for_msb_first() {
        // 'gAAA' = 0x80 0x00 0x00 → only controlling value 0.
        assert_eq!(decode_valid_for("gAAA").unwrap(), vec![0]);
        // 'QAAA' = 0x40 … → value 1.
        assert_eq!(decode_valid_for("QAAA").unwrap(), vec![1]);
        // 'zwAA' = 0xCF 0x00 → values 0,1,4,5,6,7.
        assert_eq!(decode_valid_for("zwAA").unwrap(), vec![0, 1, 4, 5, 6, 7]);
        assert_eq!(decode_valid_for("AAAA").unwrap(), Vec::<usize>::new());
        assert!(decode_valid_for("**").is_err());
    }
}
