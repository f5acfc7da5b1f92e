//! [`Builder`]: generating from `build.rs`, the prost-build way.

use crate::{Config, Error, Generated, Generator, ModuleLayout, ObjectConfig};
use std::path::{Path, PathBuf};

/// `build.rs` entry point: generates into `$OUT_DIR/<module>/` (default
/// `sobjects`) with the [`ModuleLayout::Include`] layout, writes the mapping
/// report there too ([`crate::REPORT_FILE_NAME`]) and prints
/// `cargo:rerun-if-changed` for the snapshot.
///
/// ```
/// # fn main() -> Result<(), sf_codegen::Error> {
/// # let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default");
/// # let out = tempfile::tempdir().unwrap();
/// # std::env::set_var("OUT_DIR", out.path());
/// // build.rs
/// let generated = sf_codegen::Builder::new()
///     .schema_dir(schema) // e.g. "schema", relative to the package
///     .objects(["Account", "Contact"])
///     .compile()?;
/// assert_eq!(generated.schema.objects.len(), 2);
/// # assert!(out.path().join("sobjects/mod.rs").exists());
/// # Ok(()) }
/// ```
///
/// and in the crate (`src/lib.rs` or a module of it):
///
/// ```text
/// pub mod sobjects {
///     include!(concat!(env!("OUT_DIR"), "/sobjects/mod.rs"));
/// }
/// ```
///
/// # Relationships
///
/// Parent and child relationship fields hold their records in
/// `sf_runtime::model::Related`, so a set of any size and density compiles
/// without raising rustc's `recursion_limit`.
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
    /// A builder with the defaults: every object of the snapshot, output in
    /// `$OUT_DIR/sobjects`, `cargo:rerun-if-changed` lines printed.
    pub fn new() -> Self {
        Self::default()
    }

    /// A snapshot directory (or one describe file); may be called more than once.
    pub fn schema_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.schema_dirs.push(dir.as_ref().to_path_buf());
        self.generator = self.generator.schema_dir(dir);
        self
    }

    /// Only these objects (API names) [default: every describe in the snapshot].
    pub fn objects<I, S>(mut self, objects: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.generator = self.generator.objects(objects);
        self
    }

    /// All settings at once (replaces earlier [`objects`](Self::objects) and
    /// [`object_config`](Self::object_config) calls).
    pub fn config(mut self, config: Config) -> Self {
        self.generator = self.generator.config(config);
        self
    }

    /// Reads `sf-codegen.toml` (objects, filters, renames; `schema` is used when
    /// no `schema_dir` was given, relative to the file).
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

    /// Settings of one object: field include/exclude lists, renames.
    pub fn object_config(mut self, api_name: impl Into<String>, cfg: ObjectConfig) -> Self {
        self.generator = self.generator.object_config(api_name, cfg);
        self
    }

    /// One Cargo feature per object ([`Generator::object_features`]): the crate
    /// compiles only the objects whose features are on. `compile` warns when
    /// none is.
    pub fn object_features(mut self, yes: bool) -> Self {
        self.generator = self.generator.object_features(yes);
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

    /// Whether to print `cargo:` directives (default true): `rerun-if-changed`
    /// for the snapshot, and the warning about per-object features. Turn off
    /// when calling `compile` outside a build script.
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Generates and writes the files and the mapping report; returns what
    /// was generated.
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
        let dir = out.join(&self.module);
        generated.write_to(&dir)?;
        generated.write_report(&dir)?;
        if self.rerun_if_changed && self.generator.has_object_features() {
            let on = generated.schema.objects.iter().any(|o| {
                let var = format!(
                    "CARGO_FEATURE_{}",
                    o.module.to_uppercase().replace('-', "_")
                );
                std::env::var_os(var).is_some()
            });
            if !on {
                println!(
                    "cargo:warning=sf-codegen: per-object features are on but none of them is \
                     enabled, so no sObject compiles: declare the [features] of {}/{} in \
                     Cargo.toml and turn on the objects you use",
                    self.module,
                    crate::FEATURES_FILE_NAME
                );
            }
        }
        Ok(generated)
    }
}
