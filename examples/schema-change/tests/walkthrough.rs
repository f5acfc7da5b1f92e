//! Each step of walkthrough.sh, proven through the library API: the derived
//! "after" describe, `diff`, `check` before and after regenerating, the
//! generated models, and the write that stops compiling.

use std::path::{Path, PathBuf};
use std::process::Command;

use example_schema_change::derive::{FORMULA, FORMULA_FIELD, NEW_PICKLIST_VALUE, PICKLIST_FIELD};
use example_schema_change::{after, before};
use serde_json::Value;
use sf_codegen::check::FileDrift;
use sf_codegen::{Generator, ModuleLayout};
use sf_runtime::model::{Field, FieldMeta};
use sf_runtime::Picklist;

const BEFORE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../schema/default/Account.json"
);

/// `before/Account.json` (the real describe, copied) and `after/Account.json`
/// (written by the `derive_after` binary the walkthrough runs).
struct Snapshots {
    _dir: tempfile::TempDir,
    before: PathBuf,
    after: PathBuf,
}

fn snapshots() -> Snapshots {
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before");
    let after = dir.path().join("after");
    std::fs::create_dir_all(&before).unwrap();
    std::fs::create_dir_all(&after).unwrap();
    std::fs::copy(BEFORE, before.join("Account.json")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_derive_after"))
        .arg(before.join("Account.json"))
        .arg(after.join("Account.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Snapshots {
        _dir: dir,
        before,
        after,
    }
}

fn fields(path: &Path) -> Vec<Value> {
    let json: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    json["fields"].as_array().unwrap().clone()
}

fn generate(snapshot: &Path) -> sf_codegen::Generated {
    Generator::new()
        .schema_dir(snapshot)
        .layout(ModuleLayout::Files)
        .generate()
        .unwrap()
}

fn meta_of<F: Field>(_field: F) -> &'static FieldMeta {
    F::META
}

#[test]
fn the_after_describe_differs_from_the_real_one_in_the_two_fields_only() {
    let s = snapshots();
    let (old, new) = (
        fields(&s.before.join("Account.json")),
        fields(&s.after.join("Account.json")),
    );
    assert_eq!(old.len(), new.len());
    let mut changed = Vec::new();
    for (o, n) in old.iter().zip(&new) {
        assert_eq!(o["name"], n["name"]);
        if o != n {
            changed.push(n["name"].as_str().unwrap().to_string());
        }
    }
    // In describe order.
    assert_eq!(changed, [PICKLIST_FIELD, FORMULA_FIELD]);
    let formula = new.iter().find(|f| f["name"] == FORMULA_FIELD).unwrap();
    assert_eq!(formula["calculated"], true);
    assert_eq!(formula["calculatedFormula"], FORMULA);
    assert_eq!(formula["createable"], false);
    assert_eq!(formula["updateable"], false);
    assert_eq!(
        formula["type"], "currency",
        "a formula keeps its result type"
    );
    let picklist = new.iter().find(|f| f["name"] == PICKLIST_FIELD).unwrap();
    let values = picklist["picklistValues"].as_array().unwrap();
    assert_eq!(values.last().unwrap()["value"], NEW_PICKLIST_VALUE);
    assert_eq!(values.last().unwrap()["active"], true);
}

#[test]
fn deriving_twice_is_refused() {
    let s = snapshots();
    let after = std::fs::read(s.after.join("Account.json")).unwrap();
    let err = example_schema_change::derive::derive_after_bytes(&after).unwrap_err();
    assert_eq!(err, "AnnualRevenue is already a formula");
}

#[test]
fn diff_reports_the_new_formula_and_the_new_picklist_value() {
    let s = snapshots();
    let old = sf_codegen::snapshot::load(&s.before).unwrap();
    let new = sf_codegen::snapshot::load(&s.after).unwrap();
    let diff = sf_codegen::diff_snapshots(&old, &new);
    assert!(diff.objects_added.is_empty() && diff.objects_removed.is_empty());
    assert_eq!(diff.objects_changed.len(), 1);
    let account = &diff.objects_changed[0];
    assert_eq!(account.object, "Account");
    let changed: Vec<&str> = account
        .fields_changed
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(changed, [FORMULA_FIELD, PICKLIST_FIELD]);
    assert_eq!(
        account.fields_changed[0].changes,
        [
            "became a formula (read-only)",
            "createable: true -> false",
            "updateable: true -> false"
        ]
    );
    assert!(account.fields_changed[1].changes.is_empty());
    assert_eq!(
        account.fields_changed[1].picklist_added,
        [NEW_PICKLIST_VALUE]
    );

    let text = diff.to_string();
    assert!(
        text.contains("    ~ field AnnualRevenue\n        became a formula (read-only)\n"),
        "{text}"
    );
    assert!(
        text.contains("    ~ field Industry\n        + picklist value \"Aerospace\"\n"),
        "{text}"
    );
    // And the other way round, the change reads as its undoing.
    let back = sf_codegen::diff_snapshots(&new, &old).to_string();
    assert!(back.contains("is no longer a formula"), "{back}");
    assert!(back.contains("- picklist value \"Aerospace\""), "{back}");
}

#[test]
fn check_fails_on_the_changed_schema_and_passes_after_regenerating() {
    let s = snapshots();
    let code = tempfile::tempdir().unwrap();
    let out = code.path().join("src/sobjects");
    generate(&s.before).write_to(&out).unwrap();
    let fresh = generate(&s.before);
    assert!(sf_codegen::check(&fresh.files, &out).unwrap().is_clean());

    let after = generate(&s.after);
    let outcome = sf_codegen::check(&after.files, &out).unwrap();
    assert!(!outcome.is_clean());
    let account_diff = outcome
        .drift
        .iter()
        .find_map(|d| match d {
            FileDrift::Changed { name, diff } if name == "account.rs" => Some(diff.as_str()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("account.rs is not reported as changed:\n{outcome}"));
    assert!(account_diff.contains("calculated"), "{account_diff}");
    assert!(account_diff.contains("+    Aerospace,"), "{account_diff}");
    assert!(
        outcome
            .to_string()
            .starts_with("generated code is out of date"),
        "{outcome}"
    );

    after.write_to(&out).unwrap();
    let again = sf_codegen::check(&generate(&s.after).files, &out).unwrap();
    assert!(again.is_clean(), "{again}");
}

#[test]
fn the_generated_models_carry_the_change() {
    let old = meta_of(before::Account::ANNUAL_REVENUE);
    let new = meta_of(after::Account::ANNUAL_REVENUE);
    assert_eq!(
        (old.createable, old.updateable, old.calculated),
        (true, true, false)
    );
    assert_eq!(
        (new.createable, new.updateable, new.calculated),
        (false, false, true)
    );
    assert!(!before::AccountIndustry::VALUES.contains(&NEW_PICKLIST_VALUE));
    assert_eq!(
        after::AccountIndustry::VALUES.last(),
        Some(&NEW_PICKLIST_VALUE)
    );
    assert_eq!(
        after::AccountIndustry::from_api_value(NEW_PICKLIST_VALUE),
        after::AccountIndustry::Aerospace
    );
}

/// Compiles `file` as a program against this test's own build of the example and
/// its dependencies (`target/<profile>/deps`), as trybuild would but without a
/// second build of every dependency. The program, or rustc's error output.
fn compile(file: &str) -> Result<PathBuf, String> {
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let rlib = std::fs::read_dir(&deps)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("libexample_schema_change-") && n.ends_with(".rlib")
        })
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .expect("the example's rlib beside the test binary");
    let out = std::env::temp_dir().join(format!(
        "schema-change-{}-{}",
        std::process::id(),
        Path::new(file).file_stem().unwrap().to_string_lossy()
    ));
    let result = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "bin",
            "--crate-name",
            "ui_case",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg(file)
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg("--extern")
        .arg(format!("example_schema_change={}", rlib.display()))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run rustc");
    if result.status.success() {
        Ok(out)
    } else {
        Err(String::from_utf8_lossy(&result.stderr).into_owned())
    }
}

/// The write compiles (and runs) against "before"; against "after" it stops
/// compiling with the message `walkthrough.sh` shows.
#[test]
fn writing_the_formula_field_stops_compiling() {
    let program =
        compile("tests/ui-pass/write_before_read_after.rs").unwrap_or_else(|e| panic!("{e}"));
    let run = Command::new(&program).output().unwrap();
    let _ = std::fs::remove_file(&program);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let errors =
        compile("tests/ui/write_formula_field.rs").expect_err("the write must not compile");
    assert_eq!(errors.matches("error[").count(), 1, "{errors}");
    for line in [
        "error[E0277]: `example_schema_change::after::account::account_fields::AnnualRevenue` is not updateable",
        "--> tests/ui/write_formula_field.rs:8:",
        "Patch::<Account>::new().set(Account::ANNUAL_REVENUE, Decimal::new(1_250_000, 0));",
        "this field cannot be written by an update",
        "= note: read-only, formula (calculated) and system fields cannot be set in a PATCH",
        "required by a bound in `example_schema_change::sf_runtime::Patch::<O>::set`",
    ] {
        assert!(errors.contains(line), "missing {line:?} in:\n{errors}");
    }
}
