//! `sf-codegen`: typed Rust sObjects from Salesforce describe metadata.
//!
//! The input is a committed *schema snapshot*: a directory of raw describe
//! responses, one `<Object>.json` per object (the `sf sobject describe --json`
//! wrapping is accepted too). One core, [`Generator`], turns it into
//! `#[derive(SObject)]` structs; the CLI (`sf-codegen generate|check|diff|pull`)
//! and the `build.rs` [`Builder`] are thin shells around it.
//!
//! Pipeline: [`snapshot`] (files → [`describe`] models) → [`transform`] (→ [`ir`],
//! names and types) → [`emit`] (→ tokens → `prettyplease`).
//!
//! ```no_run
//! // build.rs
//! sf_codegen::Builder::new()
//!     .schema_dir("schema")
//!     .objects(["Account", "Contact"])
//!     .compile()
//!     .unwrap();
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/sobjects/mod.rs"));
//! ```
//!
//! A large, densely linked set (many objects reaching each other through
//! parent and child relationship fields) can exceed rustc's default recursion
//! limit while the compiler checks `Send`/`Sync` through the nested records:
//! add `#![recursion_limit = "1024"]` to the crate that includes the code.

pub mod check;
pub mod config;
pub mod describe;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod naming;
mod par;
pub mod pull;
pub mod report;
pub mod snapshot;
pub mod transform;

pub use check::{check, CheckOutcome};
pub use config::{Config, ObjectConfig};
pub use diff::{diff_snapshots, SchemaDiff};
pub use emit::{Files, ModuleLayout};
pub use report::Report;

use std::path::{Path, PathBuf};

/// Everything that can go wrong while generating.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: invalid describe at JSON path `{path}`: {message}", file.display())]
    Describe {
        file: PathBuf,
        path: String,
        message: String,
    },
    #[error("object `{object}` is described twice: in {first} and in {second}")]
    Duplicate {
        object: String,
        first: String,
        second: String,
    },
    #[error("{}: invalid configuration: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("no sObject describe found in {}", .0.display())]
    EmptySnapshot(PathBuf),
    #[error("{0}")]
    Usage(String),
    #[error("pull failed for {object}: {message}")]
    Pull { object: String, message: String },
}

/// The generated files and what happened on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// File name relative to the output directory → contents.
    pub files: Files,
    pub report: Report,
    pub schema: ir::Schema,
}

/// The one core: a snapshot plus settings in, files out.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    schema_dirs: Vec<PathBuf>,
    in_memory: Vec<(String, Vec<u8>)>,
    config: Config,
    layout: ModuleLayout,
}

impl Generator {
    pub fn new() -> Self {
        Self::default()
    }

    /// A snapshot directory (or a single describe file). May be called more than once.
    pub fn schema_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.schema_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// A describe given as bytes (`file_name` is used in errors and headers).
    pub fn describe_bytes(
        mut self,
        file_name: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        self.in_memory.push((file_name.into(), bytes.into()));
        self
    }

    /// Settings, usually read from `sf-codegen.toml`.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Only these objects (API names).
    pub fn objects<I, S>(mut self, objects: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.config.objects = Some(objects.into_iter().map(Into::into).collect());
        self
    }

    /// Per-object settings (field include/exclude, renames).
    pub fn object_config(mut self, api_name: impl Into<String>, cfg: ObjectConfig) -> Self {
        self.config.per_object.insert(api_name.into(), cfg);
        self
    }

    pub fn layout(mut self, layout: ModuleLayout) -> Self {
        self.layout = layout;
        self
    }

    /// Reads and parses every describe (all of them before anything else).
    pub fn load(&self) -> Result<Vec<snapshot::Loaded>, Error> {
        let mut all = Vec::new();
        for dir in &self.schema_dirs {
            all.extend(snapshot::load(dir)?);
        }
        let parsed = par::par_map(&self.in_memory, |(name, bytes)| {
            snapshot::parse_bytes(name, bytes)
        });
        for p in parsed {
            all.extend(p?);
        }
        all.sort_by(|a, b| a.describe.name.cmp(&b.describe.name));
        for pair in all.windows(2) {
            if pair[0]
                .describe
                .name
                .eq_ignore_ascii_case(&pair[1].describe.name)
            {
                return Err(Error::Duplicate {
                    object: pair[1].describe.name.clone(),
                    first: pair[0].file_name.clone(),
                    second: pair[1].file_name.clone(),
                });
            }
        }
        Ok(all)
    }

    /// Generates the files in memory.
    pub fn generate(&self) -> Result<Generated, Error> {
        let loaded = self.load()?;
        if loaded.is_empty() {
            let place = self.schema_dirs.first().cloned().unwrap_or_default();
            return Err(Error::EmptySnapshot(place));
        }
        let mut report = Report::default();
        let schema = transform::transform(&loaded, &self.config, &mut report);
        if schema.objects.is_empty() {
            let place = self.schema_dirs.first().cloned().unwrap_or_default();
            return Err(Error::Usage(format!(
                "none of the configured objects is in the snapshot {}",
                place.display()
            )));
        }
        let files = emit::emit(&schema, self.layout);
        Ok(Generated {
            files,
            report,
            schema,
        })
    }
}

impl Generated {
    /// Writes the files into `dir` (created if needed). Files whose contents are
    /// unchanged are not touched; `.rs` files left from an earlier run (carrying
    /// the `@generated by sf-codegen` header) are removed. Returns the names written.
    pub fn write_to(&self, dir: &Path) -> Result<Vec<String>, Error> {
        write_files(&self.files, dir)
    }
}

/// Writes `files` into `dir`, see [`Generated::write_to`].
pub fn write_files(files: &Files, dir: &Path) -> Result<Vec<String>, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut written = Vec::new();
    for (name, contents) in files {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() == Some(contents.as_bytes()) {
            continue;
        }
        // Write to a temporary name first so a crash never leaves half a file.
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, contents).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
        written.push(name.clone());
    }
    for stale in check::stale_generated_files(files, dir)? {
        let path = dir.join(&stale);
        std::fs::remove_file(&path).map_err(io(&path))?;
    }
    Ok(written)
}

/// `build.rs` entry point, the prost-build way: generates into
/// `$OUT_DIR/<module>/` (default `sobjects`) with the `include!` layout and
/// prints `cargo:rerun-if-changed` for the snapshot.
#[derive(Debug, Clone)]
pub struct Builder {
    generator: Generator,
    schema_dirs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    module: String,
    rerun_if_changed: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            generator: Generator::new().layout(ModuleLayout::Include),
            schema_dirs: Vec::new(),
            out_dir: None,
            module: "sobjects".to_string(),
            rerun_if_changed: true,
        }
    }
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn schema_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.schema_dirs.push(dir.as_ref().to_path_buf());
        self.generator = self.generator.schema_dir(dir);
        self
    }

    pub fn objects<I, S>(mut self, objects: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.generator = self.generator.objects(objects);
        self
    }

    pub fn config(mut self, config: Config) -> Self {
        self.generator = self.generator.config(config);
        self
    }

    /// Reads `sf-codegen.toml` (objects, filters, renames; `schema` is used when
    /// no `schema_dir` was given).
    pub fn config_file(mut self, path: impl AsRef<Path>) -> Result<Self, Error> {
        let config = Config::from_file(path.as_ref())?;
        if self.schema_dirs.is_empty() {
            if let Some(dir) = &config.schema {
                let base = path.as_ref().parent().unwrap_or(Path::new("."));
                self = self.schema_dir(base.join(dir));
            }
        }
        self.generator = self.generator.config(config);
        Ok(self)
    }

    pub fn object_config(mut self, api_name: impl Into<String>, cfg: ObjectConfig) -> Self {
        self.generator = self.generator.object_config(api_name, cfg);
        self
    }

    /// The output directory (default: `$OUT_DIR`).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Subdirectory of the output directory (default `sobjects`).
    pub fn module(mut self, name: impl Into<String>) -> Self {
        self.module = name.into();
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default true).
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Generates and writes; returns the result (files, report).
    pub fn compile(self) -> Result<Generated, Error> {
        let out = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::Usage(
                        "OUT_DIR is not set: call Builder::out_dir or run from build.rs".into(),
                    )
                })?,
        };
        if self.rerun_if_changed {
            for dir in &self.schema_dirs {
                println!("cargo:rerun-if-changed={}", dir.display());
                if let Ok(entries) = std::fs::read_dir(dir) {
                    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
                    paths.sort();
                    for p in paths {
                        println!("cargo:rerun-if-changed={}", p.display());
                    }
                }
            }
        }
        let generated = self.generator.generate()?;
        generated.write_to(&out.join(&self.module))?;
        Ok(generated)
    }
}
