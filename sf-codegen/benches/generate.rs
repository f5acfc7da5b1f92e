//! Generation throughput on a large synthetic org (1,000 objects, 100,000 fields,
//! built from the real describes). Prints objects per second; not a timed test.
//!
//! `cargo bench -p sf-codegen --bench generate`

#[path = "support/synthetic.rs"]
mod synthetic;

use std::time::Instant;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let objects = 1000;
    let org = synthetic::synthetic_org(&root, objects, 100);
    let bytes: usize = org.iter().map(|(_, b)| b.len()).sum();
    println!(
        "synthetic org: {objects} objects, {} fields, {:.1} MB of describe JSON",
        objects * 100,
        bytes as f64 / 1e6
    );

    let mut runs = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let start = Instant::now();
        let mut g = sf_codegen::Generator::new();
        for (name, b) in &org {
            g = g.describe_bytes(name.clone(), b.clone());
        }
        let generated = g.generate().expect("generate");
        let secs = start.elapsed().as_secs_f64();
        runs.push(secs);
        last = Some(generated);
    }
    runs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let g = last.unwrap();
    let out_bytes: usize = g.files.values().map(|s| s.len()).sum();
    let fields: usize = g.schema.objects.iter().map(|o| o.fields.len()).sum();
    let parents: usize = g.schema.objects.iter().map(|o| o.parents.len()).sum();
    let children: usize = g.schema.objects.iter().map(|o| o.children.len()).sum();
    println!(
        "generated {} files, {:.1} MB of Rust; {fields} fields, {parents} parent and {children} child relationships",
        g.files.len(),
        out_bytes as f64 / 1e6
    );
    println!(
        "wall time (parse + transform + emit + prettyplease), best of 3: {:.2} s, median {:.2} s",
        runs[0], runs[1]
    );
    println!(
        "throughput: {:.0} objects/s, {:.0} fields/s (best run)",
        objects as f64 / runs[0],
        fields as f64 / runs[0]
    );

    // Where the time goes.
    let t = Instant::now();
    let loaded: Vec<_> = org
        .iter()
        .filter_map(|(n, b)| sf_codegen::snapshot::parse_bytes(n, b).unwrap())
        .collect();
    let parse = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut report = sf_codegen::Report::default();
    let schema =
        sf_codegen::transform::transform(&loaded, &sf_codegen::Config::default(), &mut report);
    let transform = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let files = sf_codegen::emit::emit(&schema, sf_codegen::ModuleLayout::Files, false);
    let emit = t.elapsed().as_secs_f64();
    assert_eq!(files, g.files);
    println!(
        "phases: parse {parse:.2} s, transform {transform:.2} s, emit + prettyplease {emit:.2} s"
    );
}
