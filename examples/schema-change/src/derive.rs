//! The "after" snapshot, derived from the real "before" describe: the schema
//! change of the walkthrough is made here, in code, so no describe file is ever
//! invented by hand. `build.rs`, the `derive_after` binary and the tests all call
//! [`derive_after`].
//!
//! Also compiled into `build.rs` through `#[path]`, so it depends on `serde_json` only.

use serde_json::{Map, Value};

/// The writable field that becomes a formula.
pub const FORMULA_FIELD: &str = "AnnualRevenue";
/// Its formula (a currency formula over another Account field).
pub const FORMULA: &str = "NumberOfEmployees * 250000";
/// The picklist that gets a value.
pub const PICKLIST_FIELD: &str = "Industry";
/// The value it gets.
pub const NEW_PICKLIST_VALUE: &str = "Aerospace";

/// The "after" describe: `before` (an sObject describe, bare or under `result`
/// as `sf sobject describe --json` writes it) with [`FORMULA_FIELD`] turned into
/// a formula and [`NEW_PICKLIST_VALUE`] added to [`PICKLIST_FIELD`].
///
/// Fails when the describe does not have both fields in their "before" shape, so
/// a changed snapshot is noticed instead of silently producing no change.
pub fn derive_after(before: &Value) -> Result<Value, String> {
    let mut after = before.clone();
    let describe = match after.get_mut("result") {
        Some(inner) if inner.is_object() => inner,
        _ => &mut after,
    };
    let fields = describe
        .get_mut("fields")
        .and_then(Value::as_array_mut)
        .ok_or("the describe has no `fields` array")?;

    let formula = field_mut(fields, FORMULA_FIELD)?;
    if formula.get("calculated") == Some(&Value::Bool(true)) {
        return Err(format!("{FORMULA_FIELD} is already a formula"));
    }
    // What a formula field's describe says: computed, never written, and nillable
    // (a formula can evaluate to null).
    formula.insert("calculated".into(), Value::Bool(true));
    formula.insert("calculatedFormula".into(), Value::String(FORMULA.into()));
    formula.insert("createable".into(), Value::Bool(false));
    formula.insert("updateable".into(), Value::Bool(false));
    formula.insert("defaultedOnCreate".into(), Value::Bool(false));
    formula.insert("nillable".into(), Value::Bool(true));

    let picklist = field_mut(fields, PICKLIST_FIELD)?;
    let values = picklist
        .get_mut("picklistValues")
        .and_then(Value::as_array_mut)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| format!("{PICKLIST_FIELD} has no picklist values"))?;
    if values
        .iter()
        .any(|v| v.get("value").and_then(Value::as_str) == Some(NEW_PICKLIST_VALUE))
    {
        return Err(format!(
            "{PICKLIST_FIELD} already has the value {NEW_PICKLIST_VALUE}"
        ));
    }
    // Same shape as the entries Salesforce returns, copied from the last one.
    let mut entry = values[values.len() - 1].clone();
    if let Some(entry) = entry.as_object_mut() {
        entry.insert("value".into(), Value::String(NEW_PICKLIST_VALUE.into()));
        entry.insert("label".into(), Value::String(NEW_PICKLIST_VALUE.into()));
        entry.insert("active".into(), Value::Bool(true));
        entry.insert("defaultValue".into(), Value::Bool(false));
        entry.insert("validFor".into(), Value::Null);
    }
    values.push(entry);
    Ok(after)
}

/// [`derive_after`] on describe bytes, written back as pretty JSON.
pub fn derive_after_bytes(before: &[u8]) -> Result<Vec<u8>, String> {
    let before: Value =
        serde_json::from_slice(before).map_err(|e| format!("not a describe: {e}"))?;
    let after = derive_after(&before)?;
    let mut out = serde_json::to_vec_pretty(&after).map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok(out)
}

fn field_mut<'a>(
    fields: &'a mut [Value],
    name: &str,
) -> Result<&'a mut Map<String, Value>, String> {
    fields
        .iter_mut()
        .filter_map(Value::as_object_mut)
        .find(|f| f.get("name").and_then(Value::as_str) == Some(name))
        .ok_or_else(|| format!("the describe has no field {name}"))
}
