//! Compile cost of generated code: build time of the generated module vs. plain
//! `#[derive(Serialize, Deserialize)]` structs with the same fields, measured
//! in one run with the same `rustc` and the same already-built `sf-runtime`.
//!
//! `cargo bench -p sf-codegen --bench compile_cost`
//!
//! No nested cargo: `rustc` is invoked directly on one crate root per variant,
//! linking against the `sf-runtime` rlib that cargo built for this bench (found
//! beside the bench executable in `target/<profile>/deps`).

#[path = "support/synthetic.rs"]
mod synthetic;

use quote::{format_ident, quote};
use sf_codegen::ir::{Object, ParentTarget, RustType, Schema};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn deps_dir() -> PathBuf {
    std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf()
}

fn newest(dir: &Path, prefix: &str, ext: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(prefix) && n.ends_with(ext)
        })
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .unwrap_or_else(|| panic!("no {prefix}*{ext} in {}", dir.display()))
}

fn value_type(o: &Object, ty: &RustType) -> proc_macro2::TokenStream {
    let path = |t: &str| {
        let t = format_ident!("{}", t);
        if t == o.rust_name.as_str() {
            quote!(#t)
        } else {
            quote!(super::#t)
        }
    };
    match ty {
        RustType::Id(Some(t)) => {
            let t = path(t);
            quote!(::sf_runtime::types::Id<#t>)
        }
        RustType::Id(None) => quote!(::sf_runtime::types::AnyId),
        RustType::String | RustType::MultiPicklist(_) => quote!(String),
        RustType::Bool => quote!(bool),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F64 => quote!(f64),
        RustType::Decimal => quote!(::sf_runtime::types::Decimal),
        RustType::Date => quote!(::sf_runtime::types::Date),
        RustType::DateTime => quote!(::sf_runtime::types::DateTime),
        RustType::Time => quote!(::sf_runtime::types::Time),
        RustType::Base64 => quote!(::sf_runtime::types::Base64),
        RustType::Address => quote!(::sf_runtime::types::Address),
        RustType::Location => quote!(::sf_runtime::types::Location),
        RustType::AnyType => quote!(::sf_runtime::types::AnyType),
        RustType::Json => quote!(::sf_runtime::types::Json),
        RustType::Picklist(e) => {
            let e = format_ident!("{}", e);
            quote!(#e)
        }
    }
}

/// The floor: the same structs, fields and picklist enums with plain serde derives.
fn serde_baseline(schema: &Schema) -> String {
    let mut modules = Vec::new();
    for o in &schema.objects {
        let name = format_ident!("{}", o.rust_name);
        let module = format_ident!("{}", o.module);
        let mut fields = Vec::new();
        for f in &o.fields {
            let n = format_ident!("{}", f.rust_name);
            let api = &f.api_name;
            let ty = value_type(o, &f.ty);
            fields.push(quote! {
                #[serde(rename = #api, default, skip_serializing_if = "Option::is_none")]
                pub #n: Option<#ty>,
            });
        }
        for p in &o.parents {
            let n = format_ident!("{}", p.rust_name);
            let api = &p.name;
            let ty = match &p.target {
                ParentTarget::Single(t) => {
                    let t = format_ident!("{}", t);
                    if t == o.rust_name.as_str() {
                        quote!(Box<#t>)
                    } else {
                        quote!(Box<super::#t>)
                    }
                }
                ParentTarget::Polymorphic(_) => quote!(::sf_runtime::types::AnyType),
            };
            fields.push(quote! {
                #[serde(rename = #api, default, skip_serializing_if = "Option::is_none")]
                pub #n: Option<#ty>,
            });
        }
        for c in &o.children {
            let n = format_ident!("{}", c.rust_name);
            let api = &c.name;
            let t = format_ident!("{}", c.child_struct);
            let t = if t == o.rust_name.as_str() {
                quote!(#t)
            } else {
                quote!(super::#t)
            };
            fields.push(quote! {
                #[serde(rename = #api, default, skip_serializing_if = "Option::is_none")]
                pub #n: Option<super::Children<#t>>,
            });
        }
        let enums = o.picklists.iter().map(|p| {
            let e = format_ident!("{}", p.name);
            let vs = p.variants.iter().map(|v| {
                let vn = format_ident!("{}", v.name);
                let api = &v.api_value;
                quote!(#[serde(rename = #api)] #vn,)
            });
            let fb = format_ident!("{}", p.fallback);
            quote! {
                #[derive(Debug, Clone, PartialEq, Eq, Hash, ::sf_runtime::__private::serde::Serialize, ::sf_runtime::__private::serde::Deserialize)]
                #[serde(crate = "::sf_runtime::__private::serde")]
                pub enum #e { #(#vs)* #[serde(other)] #fb }
            }
        });
        modules.push(quote! {
            pub mod #module {
                #[derive(Debug, Clone, Default, PartialEq, ::sf_runtime::__private::serde::Serialize, ::sf_runtime::__private::serde::Deserialize)]
                #[serde(crate = "::sf_runtime::__private::serde")]
                pub struct #name { #(#fields)* }
                #(#enums)*
            }
            pub use self::#module::#name;
        });
    }
    let file: syn::File = syn::parse2(quote! {
        #[derive(Debug, Clone, Default, PartialEq, ::sf_runtime::__private::serde::Serialize, ::sf_runtime::__private::serde::Deserialize)]
        #[serde(crate = "::sf_runtime::__private::serde")]
        pub struct Children<T> { #[serde(rename = "totalSize")] pub total_size: u64, pub done: bool, pub records: Vec<T> }
        #(#modules)*
    })
    .unwrap();
    prettyplease::unparse(&file)
}

/// One compile: wall seconds and the peak resident memory of `rustc`.
#[derive(Clone, Copy)]
struct Cost {
    secs: f64,
    peak_mb: f64,
}

/// Runs `cmd` and returns its wall time and peak RSS (from `wait4`'s rusage, so
/// only this child is counted, not earlier ones).
// The child is reaped by `wait4`, which also returns its rusage; `Child::wait` would not.
#[allow(clippy::zombie_processes)]
fn run_measured(cmd: &mut Command) -> (std::process::ExitStatus, Cost) {
    use std::os::unix::process::ExitStatusExt;
    let start = Instant::now();
    let child = cmd.spawn().expect("run rustc");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid, "wait4: {}", std::io::Error::last_os_error());
    let secs = start.elapsed().as_secs_f64();
    // Linux reports ru_maxrss in KiB.
    let peak_mb = usage.ru_maxrss as f64 / 1024.0;
    (
        std::process::ExitStatus::from_raw(status),
        Cost { secs, peak_mb },
    )
}

/// Compiles `root` (a crate root) with `emit`; the median time of `runs` and the
/// largest peak memory.
fn rustc_cost(root: &Path, out: &Path, emit: &str, runs: usize) -> Cost {
    let deps = deps_dir();
    let runtime = newest(&deps, "libsf_runtime-", ".rlib");
    let mut costs = Vec::new();
    for _ in 0..runs {
        let mut cmd = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
        cmd.args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--crate-name",
            "bench_gen",
        ])
        .arg(root)
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg("--extern")
        .arg(format!("sf_runtime={}", runtime.display()))
        // What `cargo build` does for a dev profile, but without incremental state.
        .args([
            "-C",
            "opt-level=0",
            "-C",
            "debuginfo=2",
            "--cap-lints",
            "allow",
        ])
        .arg(format!("--emit={emit}"))
        .current_dir(out)
        .arg("--out-dir")
        .arg(out);
        let (status, cost) = run_measured(&mut cmd);
        assert!(status.success(), "rustc failed on {}", root.display());
        costs.push(cost);
    }
    let peak_mb = costs.iter().map(|c| c.peak_mb).fold(0.0, f64::max);
    costs.sort_by(|a, b| a.secs.partial_cmp(&b.secs).unwrap());
    Cost {
        secs: costs[costs.len() / 2].secs,
        peak_mb,
    }
}

/// The measurements of one schema: (fields, check gen/plain, build gen/plain).
struct Row {
    fields: usize,
    check: (Cost, Cost),
    build: (Cost, Cost),
}

fn measure(label: &str, generated: &sf_codegen::Generated, runs: usize) -> Row {
    let keep = std::env::var_os("SF_BENCH_KEEP").map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = match &keep {
        Some(k) => {
            let d = k.join(label.split_whitespace().next().unwrap_or("run"));
            std::fs::create_dir_all(&d).unwrap();
            d
        }
        None => tmp.path().to_path_buf(),
    };
    let gen_dir = dir.join("gen");
    generated.write_to(&gen_dir).unwrap();
    let gen_root = dir.join("gen_root.rs");
    std::fs::write(
        &gen_root,
        format!(
            "#![allow(dead_code, unused_imports)]\npub mod sobjects {{ include!({:?}); }}\n",
            gen_dir.join("mod.rs")
        ),
    )
    .unwrap();
    let base_root = dir.join("serde_root.rs");
    std::fs::write(
        &base_root,
        format!(
            "#![allow(dead_code, unused_imports)]\n{}",
            serde_baseline(&generated.schema)
        ),
    )
    .unwrap();
    let fields: usize = generated
        .schema
        .objects
        .iter()
        .map(|o| o.fields.len())
        .sum();
    println!(
        "== {label}: {} objects, {fields} fields",
        generated.schema.objects.len()
    );
    let mut pairs = Vec::new();
    for emit in ["metadata", "link"] {
        let what = if emit == "metadata" {
            "check (--emit=metadata)         "
        } else {
            "build (--emit=link, debuginfo)  "
        };
        let g = rustc_cost(&gen_root, &dir, emit, runs);
        let b = rustc_cost(&base_root, &dir, emit, runs);
        println!(
            "  {what} generated {:7.2} s {:6.0} MB | plain serde {:7.2} s {:6.0} MB | time ratio {:.2}x, memory ratio {:.2}x",
            g.secs,
            g.peak_mb,
            b.secs,
            b.peak_mb,
            g.secs / b.secs,
            g.peak_mb / b.peak_mb
        );
        pairs.push((g, b));
    }
    Row {
        fields,
        check: pairs[0],
        build: pairs[1],
    }
}

/// Least-squares slope of ln(y) over ln(x): cost ~ fields^k.
fn exponent(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let (lx, ly): (Vec<f64>, Vec<f64>) = points.iter().map(|(x, y)| (x.ln(), y.ln())).unzip();
    let mx = lx.iter().sum::<f64>() / n;
    let my = ly.iter().sum::<f64>() / n;
    let cov: f64 = lx.iter().zip(&ly).map(|(x, y)| (x - mx) * (y - my)).sum();
    let var: f64 = lx.iter().map(|x| (x - mx) * (x - mx)).sum();
    cov / var
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let runs = 3;
    let default = sf_codegen::Generator::new()
        .schema_dir(root.join("schema/default"))
        .layout(sf_codegen::ModuleLayout::Include)
        .generate()
        .unwrap();
    measure("bundled snapshot (schema/default)", &default, runs);

    // `SF_BENCH_OBJECTS=50,200` to measure other sizes.
    let sizes: Vec<usize> = std::env::var("SF_BENCH_OBJECTS")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![50, 200, 1000]);
    let mut rows = Vec::new();
    for n in sizes {
        let org = synthetic::synthetic_org(&root, n, 100);
        let mut g = sf_codegen::Generator::new().layout(sf_codegen::ModuleLayout::Include);
        for (name, b) in org {
            g = g.describe_bytes(name, b);
        }
        let synthetic = g.generate().unwrap();
        rows.push(measure(
            &format!("synthetic-{n} org ({n} objects x 100 fields)"),
            &synthetic,
            1,
        ));
    }
    if rows.len() >= 2 {
        let fit = |pick: &dyn Fn(&Row) -> f64| {
            exponent(
                &rows
                    .iter()
                    .map(|r| (r.fields as f64, pick(r)))
                    .collect::<Vec<_>>(),
            )
        };
        println!("== growth with the number of fields (cost ~ fields^k, least squares)");
        println!(
            "  check time: generated k={:.2}, plain k={:.2}",
            fit(&|r| r.check.0.secs),
            fit(&|r| r.check.1.secs)
        );
        println!(
            "  build time: generated k={:.2}, plain k={:.2}",
            fit(&|r| r.build.0.secs),
            fit(&|r| r.build.1.secs)
        );
        println!(
            "  build peak memory: generated k={:.2}, plain k={:.2}",
            fit(&|r| r.build.0.peak_mb),
            fit(&|r| r.build.1.peak_mb)
        );
    }
}
