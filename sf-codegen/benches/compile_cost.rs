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

/// One compile: wall seconds and the peak resident memory of `rustc`; `ok` is
/// false when rustc failed (for instance at the memory cap).
#[derive(Clone, Copy)]
struct Cost {
    secs: f64,
    peak_mb: f64,
    ok: bool,
}

impl std::fmt::Display for Cost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ok {
            write!(f, "{:7.2} s {:6.0} MB", self.secs, self.peak_mb)
        } else {
            write!(
                f,
                "FAILED after {:.0} s at {:.0} MB (memory cap {} GB?)",
                self.secs,
                self.peak_mb,
                mem_cap_gb()
            )
        }
    }
}

/// `SF_BENCH_MEM_CAP_GB` (default 16): rustc's address space is capped so that a
/// compile that would exhaust the machine fails and is reported instead.
fn mem_cap_gb() -> u64 {
    std::env::var("SF_BENCH_MEM_CAP_GB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(16)
}

/// Runs `cmd` and returns its wall time and peak RSS (from `wait4`'s rusage, so
/// only this child is counted, not earlier ones).
// The child is reaped by `wait4`, which also returns its rusage; `Child::wait` would not.
#[allow(clippy::zombie_processes)]
fn run_measured(cmd: &mut Command) -> Cost {
    use std::os::unix::process::CommandExt;
    let cap = mem_cap_gb() << 30;
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child before exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: cap as libc::rlim_t,
                rlim_max: cap as libc::rlim_t,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
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
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Cost { secs, peak_mb, ok }
}

/// Compiles `root` (a crate root) with `emit` and the extra `cfgs`; the median
/// time of `runs` and the largest peak memory.
fn rustc_cost(root: &Path, out: &Path, emit: &str, runs: usize, cfgs: &[String]) -> Cost {
    let mut costs = Vec::new();
    for _ in 0..runs {
        let cost = rustc_once(root, out, emit, "bench_gen", &[], cfgs);
        let failed = !cost.ok;
        costs.push(cost);
        if failed {
            return cost;
        }
    }
    let peak_mb = costs.iter().map(|c| c.peak_mb).fold(0.0, f64::max);
    costs.sort_by(|a, b| a.secs.partial_cmp(&b.secs).unwrap());
    Cost {
        secs: costs[costs.len() / 2].secs,
        peak_mb,
        ok: true,
    }
}

/// One `rustc` run on the crate root `root` named `crate_name`, linked against
/// `sf-runtime` and the rlibs in `externs` (crate name, path).
fn rustc_once(
    root: &Path,
    out: &Path,
    emit: &str,
    crate_name: &str,
    externs: &[(String, PathBuf)],
    cfgs: &[String],
) -> Cost {
    let deps = deps_dir();
    let runtime = newest(&deps, "libsf_runtime-", ".rlib");
    let mut cmd = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
    cmd.args([
        "--edition",
        "2021",
        "--crate-type",
        "lib",
        "--crate-name",
        crate_name,
    ])
    .arg(root)
    .arg("-L")
    .arg(format!("dependency={}", deps.display()))
    .arg("-L")
    .arg(format!("dependency={}", out.display()))
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
    .arg(out)
    .stderr(std::process::Stdio::null());
    for (name, path) in externs {
        cmd.arg("--extern")
            .arg(format!("{name}={}", path.display()));
    }
    for cfg in cfgs {
        cmd.arg("--cfg").arg(cfg);
    }
    run_measured(&mut cmd)
}

/// The measurements of one schema: (fields, check gen/plain, build gen/plain).
struct Row {
    fields: usize,
    check: (Cost, Cost),
    build: (Cost, Cost),
}

/// Writes the generated set and its crate root into `dir`; returns the root.
fn write_generated(dir: &Path, generated: &sf_codegen::Generated) -> PathBuf {
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
    gen_root
}

/// `SF_BENCH_KEEP=DIR` keeps the generated crates for inspection; otherwise `tmp`.
fn bench_dir(label: &str, tmp: &Path) -> PathBuf {
    let base = std::env::var_os("SF_BENCH_KEEP")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.to_path_buf());
    let d = base.join(label.split_whitespace().next().unwrap_or("run"));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn ratio(g: Cost, b: Cost, pick: fn(Cost) -> f64) -> String {
    if g.ok && b.ok {
        format!("{:.2}x", pick(g) / pick(b))
    } else {
        "n/a".to_string()
    }
}

fn measure(label: &str, generated: &sf_codegen::Generated, runs: usize) -> Row {
    let tmp = tempfile::tempdir().unwrap();
    let dir = bench_dir(label, tmp.path());
    let gen_root = write_generated(&dir, generated);
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
            "check (--emit=metadata)       "
        } else {
            "build (--emit=link, debuginfo)"
        };
        let g = rustc_cost(&gen_root, &dir, emit, runs, &[]);
        let b = rustc_cost(&base_root, &dir, emit, runs, &[]);
        println!(
            "  {what} generated {g} | plain serde {b} | time ratio {}, memory ratio {}",
            ratio(g, b, |c| c.secs),
            ratio(g, b, |c| c.peak_mb),
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

fn synthetic(root: &Path, n: usize, object_features: bool) -> sf_codegen::Generated {
    let org = synthetic::synthetic_org(root, n, 100);
    let mut g = sf_codegen::Generator::new()
        .layout(sf_codegen::ModuleLayout::Include)
        .object_features(object_features);
    for (name, b) in org {
        g = g.describe_bytes(name, b);
    }
    g.generate().unwrap()
}

/// Pay for what you use: the whole set with one feature per object, built with
/// `enabled` features on, against the whole set built without features.
fn measure_features(root: &Path, n: usize, enabled: usize) {
    let gated = synthetic(root, n, true);
    let tmp = tempfile::tempdir().unwrap();
    let dir = bench_dir(&format!("features-{n}"), tmp.path());
    let gen_root = write_generated(&dir, &gated);
    let cfgs: Vec<String> = gated
        .schema
        .objects
        .iter()
        .take(enabled)
        .map(|o| format!("feature=\"{}\"", o.module))
        .collect();
    let some = rustc_cost(&gen_root, &dir, "link", 1, &cfgs);
    let all: Vec<String> = gated
        .schema
        .objects
        .iter()
        .map(|o| format!("feature=\"{}\"", o.module))
        .collect();
    let every = rustc_cost(&gen_root, &dir, "link", 1, &all);
    println!("== per-object features: {n} objects generated, {enabled} enabled");
    println!(
        "  build {enabled} of {n}: {some} | build all {n}: {every} | time ratio {}, memory ratio {}",
        ratio(some, every, |c| c.secs),
        ratio(some, every, |c| c.peak_mb),
    );
}

/// A sharded set (`[shards]`): every crate compiled in dependency order, one
/// `rustc` per crate as cargo runs them. Returns the largest peak of any one
/// process and the compile times: the sum (CPU cost) and the wall time of the
/// same builds scheduled on `jobs` cores (universe, shards longest first, facade).
fn measure_sharded(root: &Path, n: usize, count: usize, jobs: usize) -> Option<(Cost, f64)> {
    let org = synthetic::synthetic_org(root, n, 100);
    let mut g = sf_codegen::Generator::new().shards(sf_codegen::config::ShardConfig {
        count,
        crate_name: "bench-set".into(),
        sf_runtime: None,
    });
    for (name, b) in org {
        g = g.describe_bytes(name, b);
    }
    let generated = g.generate().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = bench_dir(&format!("sharded-{n}"), tmp.path());
    let src = dir.join("crates");
    generated.write_to(&src).unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let rlib = |krate: &str| (krate.to_string(), out.join(format!("lib{krate}.rlib")));
    let compile = |package: &str, externs: &[(String, PathBuf)]| {
        let krate = package.replace('-', "_");
        let lib = src.join(package).join("src/lib.rs");
        rustc_once(&lib, &out, "link", &krate, externs, &[])
    };
    let universe = compile("bench-set-universe", &[]);
    if !universe.ok {
        println!("  sharded: universe crate {universe}");
        return None;
    }
    let universe_extern = rlib("bench_set_universe");
    let mut shards = Vec::new();
    for i in 0..count {
        let c = compile(
            &format!("bench-set-shard-{i:02}"),
            std::slice::from_ref(&universe_extern),
        );
        if !c.ok {
            println!("  sharded: shard {i} {c}");
            return None;
        }
        shards.push(c);
    }
    let mut facade_externs = vec![universe_extern];
    facade_externs.extend((0..count).map(|i| rlib(&format!("bench_set_shard_{i:02}"))));
    let facade = compile("bench-set", &facade_externs);
    if !facade.ok {
        println!("  sharded: facade crate {facade}");
        return None;
    }
    let mut times: Vec<f64> = shards.iter().map(|c| c.secs).collect();
    times.sort_by(|a, b| b.partial_cmp(a).unwrap());
    let mut cores = vec![0.0f64; jobs.max(1)];
    for t in &times {
        let least = cores
            .iter_mut()
            .min_by(|a, b| a.partial_cmp(b).unwrap())
            .unwrap();
        *least += t;
    }
    let makespan = cores.iter().cloned().fold(0.0, f64::max);
    let all = std::iter::once(universe)
        .chain(shards.iter().copied())
        .chain(std::iter::once(facade));
    let peak = all.clone().map(|c| c.peak_mb).fold(0.0, f64::max);
    let total: f64 = all.map(|c| c.secs).sum();
    let shard_peak = shards.iter().map(|c| c.peak_mb).fold(0.0, f64::max);
    println!(
        "== sharded set: {n} objects in {count} shards ({} crates)",
        count + 2
    );
    println!(
        "  universe {universe} | largest shard {shard_peak:.0} MB, slowest shard {:.2} s | facade {facade}",
        times.first().copied().unwrap_or(0.0)
    );
    println!(
        "  total rustc time {total:.2} s, on {jobs} cores {:.2} s; peak memory of any one rustc {peak:.0} MB",
        universe.secs + makespan + facade.secs
    );
    Some((
        Cost {
            secs: total,
            peak_mb: peak,
            ok: true,
        },
        universe.secs + makespan + facade.secs,
    ))
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
    for &n in &sizes {
        let generated = synthetic(&root, n, false);
        rows.push(measure(
            &format!("synthetic-{n} org ({n} objects x 100 fields)"),
            &generated,
            1,
        ));
    }
    // The fit uses the sizes that compiled (a size past the memory cap is left out).
    let fit = |pick: &dyn Fn(&Row) -> Cost, value: fn(Cost) -> f64| {
        let points: Vec<(f64, f64)> = rows
            .iter()
            .filter(|r| pick(r).ok)
            .map(|r| (r.fields as f64, value(pick(r))))
            .collect();
        if points.len() >= 2 {
            format!("{:.2} over {} sizes", exponent(&points), points.len())
        } else {
            "n/a (fewer than two sizes compiled)".to_string()
        }
    };
    if rows.len() >= 2 {
        let secs: fn(Cost) -> f64 = |c| c.secs;
        let mb: fn(Cost) -> f64 = |c| c.peak_mb;
        println!("== growth with the number of fields (cost ~ fields^k, least squares)");
        println!(
            "  check time: generated k={}, plain k={}",
            fit(&|r| r.check.0, secs),
            fit(&|r| r.check.1, secs)
        );
        println!(
            "  build time: generated k={}, plain k={}",
            fit(&|r| r.build.0, secs),
            fit(&|r| r.build.1, secs)
        );
        println!(
            "  build peak memory: generated k={}, plain k={}",
            fit(&|r| r.build.0, mb),
            fit(&|r| r.build.1, mb)
        );
    }
    if let Some(&largest) = sizes.iter().max() {
        measure_features(&root, largest, 20.min(largest));
    }

    // Sharded sets, about 50 objects a shard, against the plain single crate of
    // the same size measured above. `SF_BENCH_JOBS` is the core count assumed.
    let jobs = std::env::var("SF_BENCH_JOBS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let mut sharded_points = Vec::new();
    for (&n, row) in sizes.iter().zip(&rows) {
        let count = n.div_ceil(50);
        if let Some((sharded, wall)) = measure_sharded(&root, n, count, jobs) {
            sharded_points.push((row.fields as f64, sharded.secs));
            let plain = row.build.1;
            println!(
                "  vs plain serde in one crate ({plain}): total time ratio {}, wall ratio on {jobs} cores {}, memory ratio {}",
                ratio(sharded, plain, |c| c.secs),
                if plain.ok { format!("{:.2}x", wall / plain.secs) } else { "n/a".into() },
                ratio(sharded, plain, |c| c.peak_mb),
            );
        }
    }
    if sharded_points.len() >= 2 {
        println!(
            "== sharded sets: total rustc time ~ fields^k, k={:.2} over {} sizes",
            exponent(&sharded_points),
            sharded_points.len()
        );
    }
}
