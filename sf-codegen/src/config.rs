//! What to generate: objects, per-object field filters and renames. Read from
//! `sf-codegen.toml` or built with the `with_*` methods of [`crate::Generator`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The contents of `sf-codegen.toml`.
///
/// ```toml
/// schema = "schema"            # snapshot directory
/// out = "src/sobjects"         # generated module directory
/// objects = ["Account", "Contact"]   # default: every describe in the snapshot
/// object_features = false      # true: one Cargo feature per object (see README)
///
/// [shards]                     # optional: a set of crates instead of a module (see README)
/// count = 20
/// crate_name = "my-org-models"
/// sf_runtime = "{ workspace = true }"   # the dependency line of the generated manifests
///
/// [object.Account]
/// exclude = ["Jigsaw", "JigsawCompanyId"]
/// rename = "Acct"               # struct name
/// fields = { Type = "account_type" }  # field renames
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    /// Snapshot directory, relative to the configuration file.
    pub schema: Option<PathBuf>,
    #[serde(default)]
    /// Generated module directory, relative to the configuration file.
    pub out: Option<PathBuf>,
    /// Objects to generate (API names); `None` for every describe in the snapshot.
    #[serde(default)]
    pub objects: Option<Vec<String>>,
    /// One Cargo feature per object (its module name): `mod.rs` compiles an object
    /// only when its feature is on, so a crate holding a thousand generated objects
    /// builds only those its dependents enable.
    #[serde(default)]
    pub object_features: bool,
    /// Generate a sharded set of crates instead of one module (`out` is then the
    /// directory the crates go in).
    #[serde(default)]
    pub shards: Option<ShardConfig>,
    #[serde(default, rename = "object")]
    /// Per-object settings, `[object.<API name>]` tables.
    pub per_object: BTreeMap<String, ObjectConfig>,
}

/// A sharded set: the objects spread over `count` crates generic over a
/// universe, a universe crate and a facade crate named `crate_name` (see the
/// README's big-org section). For sets too big for one rustc process.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ShardConfig {
    /// How many shard crates (objects go to one by a hash of their API name).
    pub count: usize,
    /// The facade crate's package name; also the prefix of the others
    /// (`<name>-universe`, `<name>-shard-00`, …).
    pub crate_name: String,
    /// The `sf-runtime` dependency of the generated manifests, as TOML
    /// (`"0.1"`, `{ workspace = true }`, `{ path = "../sf-runtime" }`); default `"0.1"`.
    #[serde(default)]
    pub sf_runtime: Option<String>,
}

/// Settings of one object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectConfig {
    /// Only these fields and child relationships (API names); empty for all.
    #[serde(default)]
    pub include: Vec<String>,
    /// Leave these fields out.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The struct name to use instead of the derived one.
    #[serde(default)]
    pub rename: Option<String>,
    /// Field API name → Rust field name.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl Config {
    /// Reads a `sf-codegen.toml`.
    pub fn from_file(path: &Path) -> Result<Config, crate::Error> {
        let text = std::fs::read_to_string(path).map_err(|e| crate::Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        toml::from_str(&text).map_err(|e| crate::Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Whether object `api_name` is selected.
    pub fn wants_object(&self, api_name: &str) -> bool {
        match &self.objects {
            None => true,
            Some(list) => list.iter().any(|o| o.eq_ignore_ascii_case(api_name)),
        }
    }

    /// Settings for an object (case-insensitive API name).
    pub fn object(&self, api_name: &str) -> Option<&ObjectConfig> {
        self.per_object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(api_name))
            .map(|(_, v)| v)
    }
}

impl ObjectConfig {
    /// Whether field `api_name` is selected.
    pub fn wants_field(&self, api_name: &str) -> bool {
        let included = self.include.is_empty()
            || api_name == "Id"
            || self
                .include
                .iter()
                .any(|f| f.eq_ignore_ascii_case(api_name));
        included
            && !self
                .exclude
                .iter()
                .any(|f| f.eq_ignore_ascii_case(api_name))
    }

    /// The Rust name configured for field `api_name` (case-insensitive), if any.
    pub fn field_rename(&self, api_name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(api_name))
            .map(|(_, v)| v.as_str())
    }
}
