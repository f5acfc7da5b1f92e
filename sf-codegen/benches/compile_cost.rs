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

/// Seconds to compile `root` (a crate root) with `emit`, median of `runs`.
fn rustc_time(root: &Path, out: &Path, emit: &str, runs: usize) -> f64 {
    let deps = deps_dir();
    let runtime = newest(&deps, "libsf_runtime-", ".rlib");
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let status = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .args([
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
            .arg(out)
            .status()
            .expect("run rustc");
        assert!(status.success(), "rustc failed on {}", root.display());
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    times[times.len() / 2]
}

fn measure(label: &str, generated: &sf_codegen::Generated, runs: usize) {
    let dir = tempfile::tempdir().unwrap();
    let gen_dir = dir.path().join("gen");
    generated.write_to(&gen_dir).unwrap();
    let gen_root = dir.path().join("gen_root.rs");
    std::fs::write(
        &gen_root,
        format!(
            "#![allow(dead_code, unused_imports)]\n#![recursion_limit = \"1024\"]\npub mod sobjects {{ include!({:?}); }}\n",
            gen_dir.join("mod.rs")
        ),
    )
    .unwrap();
    let base_root = dir.path().join("serde_root.rs");
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
    for emit in ["metadata", "link"] {
        let what = if emit == "metadata" {
            "check (--emit=metadata)"
        } else {
            "build (--emit=link, debuginfo)"
        };
        let g = rustc_time(&gen_root, dir.path(), emit, runs);
        let b = rustc_time(&base_root, dir.path(), emit, runs);
        println!(
            "  {what}: generated #[derive(SObject)] {g:.2} s, plain serde {b:.2} s, ratio {:.2}x",
            g / b
        );
    }
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

    let n: usize = std::env::var("SF_BENCH_OBJECTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let org = synthetic::synthetic_org(&root, n, 100);
    let mut g = sf_codegen::Generator::new().layout(sf_codegen::ModuleLayout::Include);
    for (name, b) in org {
        g = g.describe_bytes(name, b);
    }
    let synthetic = g.generate().unwrap();
    measure(
        &format!("synthetic org ({n} objects x 100 fields)"),
        &synthetic,
        1,
    );
}
