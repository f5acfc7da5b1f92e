//! `sf-codegen`: typed Rust sObjects from Salesforce describe metadata.
//!
//! The input is a committed *schema snapshot*: a directory of raw describe
//! responses, one `<Object>.json` per object (the `sf sobject describe --json`
//! wrapping is accepted too; `sf-codegen pull` writes such a directory). One
//! core, [`Generator`], turns it into `#[derive(SObject)]` structs; the CLI
//! (`sf-codegen pull|generate|check|diff`) and the `build.rs` [`Builder`] are
//! thin shells around it.
//!
//! Pipeline (private modules): [`snapshot`] (files → the `sf-describe` model,
//! names checked) → `transform` (→ `ir`: names and types) → `emit` (→ tokens →
//! `prettyplease`). Besides the code, every run produces a [`Report`] of
//! renamed identifiers.
//!
//! Generating in memory:
//!
//! ```
//! # fn main() -> Result<(), sf_codegen::Error> {
//! # let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default");
//! let generated = sf_codegen::Generator::new()
//!     .schema_dir(schema) // e.g. "schema/default"
//!     .objects(["Account", "Contact"])
//!     .generate()?;
//! assert!(generated.files["account.rs"].contains("pub struct Account"));
//! assert!(generated.files.contains_key("mod.rs"));
//! // Every identifier that is not the plain conversion of its API name:
//! println!("{}", generated.report);
//! # Ok(()) }
//! ```
//!
//! From `build.rs`, see [`Builder`]; committed code with a CI check, see
//! [`check()`]; logging in to an org and fetching describes, see [`pull`].
//!
#![warn(missing_docs)]

// The pipeline stages (`describe`, `transform`, `ir`, `naming`, `emit`) are
// public only for this crate's own tests and benches (the naming and mapping
// tests, the synthetic orgs of `compile_cost`): hidden, not part of the API,
// no compatibility promise. The API is `Generator`, `Builder`, `check`,
// `diff_snapshots`, the report and the errors.
mod builder;
pub mod check;
pub mod config;
#[cfg(feature = "pull")]
pub mod credentials;
#[doc(hidden)]
pub mod describe;
pub mod diff;
#[doc(hidden)]
pub mod emit;
#[doc(hidden)]
pub mod ir;
#[doc(hidden)]
pub mod naming;
mod par;
#[cfg(feature = "pull")]
pub mod pull;
pub mod report;
pub mod snapshot;
#[doc(hidden)]
pub mod transform;

pub use builder::Builder;
pub use check::{check, CheckOutcome};
pub use config::{Config, ObjectConfig, ShardConfig};
pub use diff::{diff_snapshots, SchemaDiff};
pub use emit::{Files, ModuleLayout, FEATURES_FILE_NAME};
pub use report::Report;

use std::path::{Path, PathBuf};

/// Everything that can go wrong while generating or pulling. Every message
/// says what to do next; none contains a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not a describe (or a damaged one).
    #[error(
        "{}: invalid describe at JSON path `{path}`: {message}\n\
         (expected the JSON of `GET /services/data/vXX.X/sobjects/<Object>/describe` or \
         `sf sobject describe --json` output; `sf-codegen pull` writes such files)",
        file.display()
    )]
    Describe {
        /// The file.
        file: PathBuf,
        /// JSON path of the problem (`fields[2].createable`).
        path: String,
        /// What is wrong there.
        message: String,
    },
    /// Two files describe the same object.
    #[error("object `{object}` is described twice: in {first} and in {second}; remove one")]
    Duplicate {
        /// The object's API name.
        object: String,
        /// The first file.
        first: String,
        /// The second file.
        second: String,
    },
    /// `sf-codegen.toml` cannot be read as configuration.
    #[error("{}: invalid configuration: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong (unknown key, wrong type, …).
        message: String,
    },
    /// The snapshot holds no sObject describe.
    #[error(
        "no sObject describe found in {}: put one `<Object>.json` describe per object there \
         (`sf-codegen pull --object Account --out <dir>` writes them) or point --schema at \
         a snapshot directory",
        .0.display()
    )]
    EmptySnapshot(PathBuf),
    /// The snapshot path does not exist.
    #[error(
        "schema snapshot {} does not exist: give the path of a directory of describe files \
         (generate/check: --schema or `schema` in sf-codegen.toml), or create one with \
         `sf-codegen pull --object Account --out {}`",
        .0.display(), .0.display()
    )]
    MissingSchema(PathBuf),
    /// Invalid arguments or settings; the message says which.
    #[error("{0}")]
    Usage(String),
    /// Fetching one describe failed.
    #[error("pull failed for {object}: {message}")]
    Pull {
        /// The object (or "the global describe").
        object: String,
        /// What went wrong and what to check.
        message: String,
    },
    /// Logging in failed, or the org refused the session; the message names
    /// the flags and environment variables that provide the credentials.
    #[error("{0}")]
    Auth(String),
    /// The org or the login host cannot be reached.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL that failed.
        url: String,
        /// The transport error and what to check.
        message: String,
    },
}

/// The generated files and what happened on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// File name relative to the output directory → contents.
    pub files: Files,
    /// Renamed identifiers, references without navigation, warnings.
    pub report: Report,
    /// The model the files were generated from.
    pub schema: ir::Schema,
}

/// The one core: a snapshot plus settings in, files out.
///
/// ```
/// use sf_codegen::{Generator, ModuleLayout, ObjectConfig};
///
/// # fn main() -> Result<(), sf_codegen::Error> {
/// // A describe given as bytes (here a real one from the bundled snapshot).
/// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default/Lead.json");
/// let lead = std::fs::read(path).unwrap();
/// let generated = Generator::new()
///     .describe_bytes("Lead.json", lead)
///     .object_config(
///         "Lead",
///         ObjectConfig {
///             include: vec!["LastName".into(), "Company".into()],
///             rename: Some("Prospect".into()),
///             ..Default::default()
///         },
///     )
///     .layout(ModuleLayout::Files)
///     .generate()?;
/// let code = &generated.files["prospect.rs"];
/// assert!(code.contains("pub struct Prospect"));
/// assert!(code.contains("pub last_name: Option<String>"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Generator {
    schema_dirs: Vec<PathBuf>,
    in_memory: Vec<(String, Vec<u8>)>,
    config: Config,
    layout: ModuleLayout,
}

impl Generator {
    /// A generator with no input yet, every object selected, the
    /// [`ModuleLayout::Files`] layout.
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

    /// One Cargo feature per object (default off): each object compiles only when
    /// the feature named like its module (`account`, `opportunity_contact_role`)
    /// is on; the features to declare are written to [`FEATURES_FILE_NAME`].
    /// References to a disabled object keep their type (`Id<Contact>`, with
    /// `Contact` an empty marker enum), so turning a feature on never changes
    /// an enabled object's fields; its child relationships and polymorphic
    /// variants appear with it.
    pub fn object_features(mut self, yes: bool) -> Self {
        self.config.object_features = yes;
        self
    }

    /// Generate a sharded set of crates instead of one module: for orgs too big
    /// to compile as one crate (see [`ShardConfig`] and the README's big-org
    /// section). Object features do not apply to a sharded set.
    pub fn shards(mut self, shards: ShardConfig) -> Self {
        self.config.shards = Some(shards);
        self
    }

    /// Whether [`object_features`](Self::object_features) is on.
    pub fn has_object_features(&self) -> bool {
        self.config.object_features
    }

    /// How `mod.rs` refers to the object files (default [`ModuleLayout::Files`]).
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

    /// Generates the files in memory: one `<object>.rs` per object and
    /// `mod.rs`, byte-for-byte the same for the same input.
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
        let files = match &self.config.shards {
            Some(shards) => emit::emit_sharded(&schema, shards),
            None => emit::emit(&schema, self.layout, self.config.object_features),
        };
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

    /// Writes the mapping report ([`Report`]'s `Display`, deterministic) to
    /// `dir/`[`REPORT_FILE_NAME`] (unchanged contents are not rewritten) and
    /// returns its path.
    pub fn write_report(&self, dir: &Path) -> Result<PathBuf, Error> {
        let path = dir.join(REPORT_FILE_NAME);
        let text = self.report.to_string();
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
            std::fs::write(&path, text).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        }
        Ok(path)
    }
}

/// The file name of the mapping report written beside the generated code.
pub const REPORT_FILE_NAME: &str = "sf-codegen-report.txt";

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
        // A sharded set is a tree of crates (`models-shard-00/src/account.rs`).
        let parent = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        // Write to a temporary name first so a crash never leaves half a file.
        let file_name = path.file_name().unwrap_or_default().to_string_lossy();
        let tmp = parent.join(format!(".{file_name}.tmp"));
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
