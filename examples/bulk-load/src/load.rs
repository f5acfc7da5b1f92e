//! One volume-aware write with a progress bar, and what it cost.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sf_runtime::bulk::Loader;
use sf_runtime::collections::{progress_fn, Path, WriteReport};
use sf_runtime::SObject;

/// The name a newcomer knows the path by.
pub fn path_name(path: Path) -> &'static str {
    match path {
        Path::Collections => "sObject Collections",
        Path::Bulk => "Bulk API 2.0",
    }
}

/// A bar for `total` records, drawn only when stdout is a terminal: piped output
/// and the tests see the summary lines alone.
pub fn bar(total: usize) -> ProgressBar {
    let target = if std::io::stdout().is_terminal() {
        ProgressDrawTarget::stdout()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(total as u64), target);
    bar.set_style(
        ProgressStyle::with_template("{elapsed:>4} [{bar:40}] {pos}/{len} records (eta {eta})")
            .expect("static template")
            .progress_chars("=> "),
    );
    bar
}

/// The loader with `bar` fed by its progress reports (after each Collections
/// chunk, or each Bulk job poll).
pub fn with_bar(loader: Loader, bar: &ProgressBar) -> Loader {
    let bar = bar.clone();
    loader.progress(progress_fn(move |p| {
        bar.set_length(p.total as u64);
        bar.set_position(p.processed as u64);
    }))
}

/// Prints the outcome of one write: counts, path, calls, and the first failures.
pub fn print_summary<T: SObject>(report: &WriteReport<T>, threshold: usize) {
    println!(
        "path: {} (the loader switches to Bulk API 2.0 at {threshold} records)",
        path_name(report.path)
    );
    println!("succeeded: {}", report.success_count());
    println!("failed: {}", report.failure_count());
    println!(
        "api calls: {} by the loader, {} of them job status polls",
        report.api_calls, report.polls
    );
    // A part that got no job is "" in `job_ids`.
    let jobs: Vec<&str> = report
        .job_ids
        .iter()
        .map(String::as_str)
        .filter(|id| !id.is_empty())
        .collect();
    if !jobs.is_empty() {
        println!("bulk jobs: {}", jobs.join(", "));
    }
    for failure in report.failed().take(5) {
        let reason = failure
            .errors()
            .first()
            .map_or_else(|| "no reason given".to_string(), ToString::to_string);
        println!("record {} failed: {reason}", failure.index + 1);
    }
}
