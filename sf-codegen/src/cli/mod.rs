//! The `sf-codegen` command line: arguments ([`args`]), login flags ([`login`])
//! and the code that runs each subcommand over the `sf_codegen` library.

pub mod args;
pub mod login;

use args::{Command, GenArgs, PullArgs, Selection};
use clap::parser::ValueSource;
use clap::ArgMatches;
use sf_codegen::pull::PullOptions;
use sf_codegen::{Config, Error, Generator, ModuleLayout};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn load_config(path: Option<&Path>) -> Result<(Config, PathBuf), Error> {
    match path {
        Some(p) => Ok((
            Config::from_file(p)?,
            p.parent().unwrap_or(Path::new(".")).to_path_buf(),
        )),
        None => {
            let default = Path::new("sf-codegen.toml");
            if default.exists() {
                Ok((Config::from_file(default)?, PathBuf::from(".")))
            } else {
                Ok((Config::default(), PathBuf::from(".")))
            }
        }
    }
}

fn split_dot(s: &str) -> Result<(&str, &str), Error> {
    s.split_once('.').ok_or_else(|| {
        Error::Usage(format!(
            "expected OBJECT.FIELD (e.g. Account.Name), got `{s}`"
        ))
    })
}

fn generator(sel: &Selection) -> Result<(Generator, Config, PathBuf), Error> {
    let (mut config, base) = load_config(sel.config.as_deref())?;
    if !sel.objects.is_empty() {
        config.objects = Some(sel.objects.clone());
    }
    if sel.object_features {
        config.object_features = true;
    }
    for i in &sel.include {
        let (o, f) = split_dot(i)?;
        config
            .per_object
            .entry(o.to_string())
            .or_default()
            .include
            .push(f.to_string());
    }
    for e in &sel.exclude {
        let (o, f) = split_dot(e)?;
        config
            .per_object
            .entry(o.to_string())
            .or_default()
            .exclude
            .push(f.to_string());
    }
    for r in &sel.rename {
        let (from, to) = r.split_once('=').ok_or_else(|| {
            Error::Usage(format!(
                "expected NAME=RUST_NAME (e.g. Account.Type=account_type or Custom__c=Widget), got `{r}`"
            ))
        })?;
        let (object, field) = match from.split_once('.') {
            Some((o, f)) => (o, Some(f)),
            None => (from, None),
        };
        let cfg = config.per_object.entry(object.to_string()).or_default();
        match field {
            Some(name) => {
                cfg.fields.insert(name.to_string(), to.to_string());
            }
            None => cfg.rename = Some(to.to_string()),
        }
    }
    let schema = match (&sel.schema, &config.schema) {
        (Some(s), _) => s.clone(),
        (None, Some(s)) => base.join(s),
        (None, None) => PathBuf::from("schema"),
    };
    let gen = Generator::new()
        .schema_dir(schema)
        .config(config.clone())
        .layout(ModuleLayout::Files);
    Ok((gen, config, base))
}

fn out_dir(args: &GenArgs, config: &Config, base: &Path) -> PathBuf {
    match (&args.out, &config.out) {
        (Some(o), _) => o.clone(),
        (None, Some(o)) => base.join(o),
        (None, None) => PathBuf::from("src/sobjects"),
    }
}

fn generate(args: &GenArgs) -> Result<ExitCode, Error> {
    let (gen, config, base) = generator(&args.selection)?;
    let out = out_dir(args, &config, &base);
    let generated = gen.generate()?;
    let written = generated.write_to(&out)?;
    let report_path = generated.write_report(&out)?;
    for w in &generated.report.warnings {
        eprintln!("warning: {w}");
    }
    if args.report {
        print!("{}", generated.report);
    }
    println!(
        "generated {} objects into {} ({} file(s) changed)",
        generated.schema.objects.len(),
        out.display(),
        written.len()
    );
    println!(
        "mapping report ({} renamed identifier(s), {} note(s), {} warning(s)): {}",
        generated.report.renames.len(),
        generated.report.notes.len(),
        generated.report.warnings.len(),
        report_path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(args: &GenArgs) -> Result<ExitCode, Error> {
    let (gen, config, base) = generator(&args.selection)?;
    let out = out_dir(args, &config, &base);
    let generated = gen.generate()?;
    let outcome = sf_codegen::check(&generated.files, &out)?;
    print!("{outcome}");
    if args.report {
        print!("{}", generated.report);
    }
    Ok(if outcome.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn pull(args: &PullArgs, sources: &login::Sources) -> Result<ExitCode, Error> {
    let (config, base) = load_config(args.config.as_deref())?;
    let objects = if args.objects.is_empty() {
        config.objects.clone().unwrap_or_default()
    } else {
        args.objects.clone()
    };
    let out_dir = match (&args.out, &config.schema) {
        (Some(o), _) => o.clone(),
        (None, Some(s)) => base.join(s),
        (None, None) => PathBuf::from("schema"),
    };
    let credentials = login::credentials(args, sources)?;
    let mut opts = PullOptions::new(credentials, objects, out_dir.clone());
    opts.api_version = args.api_version.clone();
    opts.depth = args.depth;
    opts.concurrency = args.concurrency;
    opts.retries = args.retries;
    opts.global = args.global;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Io {
            path: out_dir.clone(),
            source: e,
        })?;
    let summary = runtime.block_on(sf_codegen::pull::pull(&opts))?;
    println!(
        "pulled {} describe(s) into {}: {}",
        summary.objects.len(),
        out_dir.display(),
        summary.objects.join(", ")
    );
    if !summary.not_found.is_empty() {
        println!(
            "related objects the org does not describe (skipped): {}",
            summary.not_found.join(", ")
        );
    }
    if !summary.not_followed.is_empty() {
        println!(
            "not followed (raise --depth to include): {}",
            summary.not_followed.join(", ")
        );
    }
    println!("next: sf-codegen generate --schema {}", out_dir.display());
    Ok(ExitCode::SUCCESS)
}

/// Runs the parsed command; `matches` tells where values came from.
pub fn run(command: &Command, matches: &ArgMatches) -> Result<ExitCode, Error> {
    match command {
        Command::Generate(args) => generate(args),
        Command::Check(args) => check(args),
        Command::Diff { old, new } => {
            let old = sf_codegen::snapshot::load(old)?;
            let new = sf_codegen::snapshot::load(new)?;
            print!("{}", sf_codegen::diff_snapshots(&old, &new));
            Ok(ExitCode::SUCCESS)
        }
        Command::Pull(args) => {
            let from_env = |id: &str| {
                matches
                    .subcommand_matches("pull")
                    .and_then(|m| m.value_source(id))
                    == Some(ValueSource::EnvVariable)
            };
            let sources = login::Sources {
                access_token_from_env: from_env("access_token") && from_env("instance_url"),
            };
            pull(args, &sources)
        }
    }
}
