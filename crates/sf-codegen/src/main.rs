//! `sf-codegen`: a thin CLI over the `sf_codegen` library.

use clap::{Args, Parser, Subcommand};
use sf_codegen::pull::{AccessToken, PullOptions};
use sf_codegen::{Config, Error, Generator, ModuleLayout};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generate typed Rust sObjects from Salesforce describe metadata.
#[derive(Debug, Parser)]
#[command(name = "sf-codegen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fetch describes from an org into a snapshot directory.
    Pull(PullArgs),
    /// Generate one Rust file per object plus mod.rs.
    Generate(GenArgs),
    /// Exit non-zero with a diff when the generated code no longer matches the schema.
    Check(GenArgs),
    /// Show what changed between two snapshots (directories or single describe files).
    Diff { old: PathBuf, new: PathBuf },
}

#[derive(Debug, Args)]
struct Selection {
    /// Configuration file [default: sf-codegen.toml when present].
    #[arg(long, short = 'c')]
    config: Option<PathBuf>,
    /// Snapshot directory (or one describe file) [default: from config, else `schema`].
    #[arg(long, short = 's')]
    schema: Option<PathBuf>,
    /// Object to generate (repeatable) [default: every describe in the snapshot].
    #[arg(long = "object", short = 'o', value_name = "API_NAME")]
    objects: Vec<String>,
    /// Only this field of an object (repeatable): `Account.Name`.
    #[arg(long = "include", value_name = "OBJECT.FIELD")]
    include: Vec<String>,
    /// Leave a field out (repeatable): `Account.Jigsaw`.
    #[arg(long = "exclude", value_name = "OBJECT.FIELD")]
    exclude: Vec<String>,
    /// Rename a field (`Account.Type=account_type`) or an object (`Custom__c=Widget`).
    #[arg(long = "rename", value_name = "NAME=RUST_NAME")]
    rename: Vec<String>,
}

#[derive(Debug, Args)]
struct GenArgs {
    #[command(flatten)]
    selection: Selection,
    /// Output directory of the generated module [default: from config, else `src/sobjects`].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the mapping report (every renamed identifier) and warnings.
    #[arg(long)]
    report: bool,
}

#[derive(Debug, Args)]
struct PullArgs {
    /// Instance URL, e.g. https://mydomain.my.salesforce.com.
    #[arg(long, env = "SF_INSTANCE_URL")]
    instance_url: String,
    /// Access token (prefer the environment variable).
    #[arg(long, env = "SF_ACCESS_TOKEN", hide_env_values = true)]
    access_token: String,
    /// API version.
    #[arg(long, default_value = "66.0")]
    api_version: String,
    /// Object to fetch (repeatable) [default: `objects` of the config].
    #[arg(long = "object", short = 'o', value_name = "API_NAME")]
    objects: Vec<String>,
    /// Levels of related (lookup target) objects to fetch as well.
    #[arg(long, default_value_t = 0)]
    depth: u32,
    /// Snapshot directory to write [default: from config, else `schema`].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Concurrent requests.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Also save the global describe as sobjects.json.
    #[arg(long)]
    global: bool,
    /// Configuration file [default: sf-codegen.toml when present].
    #[arg(long, short = 'c')]
    config: Option<PathBuf>,
}

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
    s.split_once('.')
        .ok_or_else(|| Error::Usage(format!("expected OBJECT.FIELD, got `{s}`")))
}

fn generator(sel: &Selection) -> Result<(Generator, Config, PathBuf), Error> {
    let (mut config, base) = load_config(sel.config.as_deref())?;
    if !sel.objects.is_empty() {
        config.objects = Some(sel.objects.clone());
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
        let (from, to) = r
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("expected NAME=RUST_NAME, got `{r}`")))?;
        match from.split_once('.') {
            Some((o, f)) => {
                config
                    .per_object
                    .entry(o.to_string())
                    .or_default()
                    .fields
                    .insert(f.to_string(), to.to_string());
            }
            None => {
                config
                    .per_object
                    .entry(from.to_string())
                    .or_default()
                    .rename = Some(to.to_string())
            }
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

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Generate(args) => {
            let (gen, config, base) = generator(&args.selection)?;
            let out = out_dir(&args, &config, &base);
            let generated = gen.generate()?;
            let written = generated.write_to(&out)?;
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
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(args) => {
            let (gen, config, base) = generator(&args.selection)?;
            let out = out_dir(&args, &config, &base);
            let generated = gen.generate()?;
            let outcome = sf_codegen::check(&generated.files, &out)?;
            print!("{outcome}");
            Ok(if outcome.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Diff { old, new } => {
            let old = sf_codegen::snapshot::load(&old)?;
            let new = sf_codegen::snapshot::load(&new)?;
            print!("{}", sf_codegen::diff_snapshots(&old, &new));
            Ok(ExitCode::SUCCESS)
        }
        Command::Pull(args) => {
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
            let opts = PullOptions {
                instance_url: args.instance_url.clone(),
                access_token: AccessToken::new(args.access_token.clone()),
                api_version: args.api_version.clone(),
                objects,
                depth: args.depth,
                out_dir: out_dir.clone(),
                concurrency: args.concurrency,
                global: args.global,
                progress: true,
            };
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
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
