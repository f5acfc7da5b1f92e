//! Command-line arguments and their help texts.

use clap::{Args, Parser, Subcommand, ValueEnum};
use sf_runtime::client::auth::flows::vars;
use std::path::PathBuf;

const TOP_AFTER_HELP: &str = "\
Workflow:
  1. pull      describes from an org into a snapshot directory (commit it)
  2. generate  Rust code from the snapshot (commit it, or generate in build.rs
               with sf_codegen::Builder instead)
  3. check     in CI, that the committed code still matches the snapshot
  4. diff      two snapshots when the org changes, before regenerating

Examples:
  sf-codegen pull --target-org my-org --object Account --object Contact --out schema
  sf-codegen generate --schema schema/default --out src/sobjects
  sf-codegen check --schema schema/default --out src/sobjects

Configuration file (sf-codegen.toml, read from the current directory, or --config):
  schema = \"schema\"                   # snapshot directory (relative to the file)
  out = \"src/sobjects\"                # generated module directory
  objects = [\"Account\", \"Contact\"]    # default: every describe in the snapshot

  [object.Account]
  include = [\"Name\", \"Industry\"]      # only these fields (Id is always kept)
  exclude = [\"Jigsaw\"]                # leave these fields out
  rename = \"Company\"                  # struct name instead of `Account`
  fields = { Type = \"account_type\" }  # Rust field names instead of the derived ones
Flags given on the command line add to (or override) the file.

Logging: RUST_LOG=info shows retries and token refreshes during pull (never secrets).

Run `sf-codegen <COMMAND> --help` for the flags of one command.";

const PULL_AFTER_HELP: &str = "\
Login (the first that applies, or the one --auth names):
  --target-org ALIAS                   an org the `sf` CLI authorised (runs `sf org display --json`)
  --jwt-key-file + --client-id + --username            OAuth JWT bearer
  --refresh-token + --client-id [+ --client-secret]    OAuth refresh token
  --username + --password + --client-id + --client-secret
                                       OAuth username-password (legacy: blocked by default
                                       in new orgs; prefer JWT bearer or client credentials)
  --client-id + --client-secret        OAuth client credentials (--login-url must be the
                                       org's My Domain URL)
  --access-token + --instance-url      a token you already have (SF_ACCESS_TOKEN and
                                       SF_INSTANCE_URL in the environment work too)
  --auth web + --client-id [--redirect-uri URI]
                                       you log in in the browser (PKCE; the redirect URI, a
                                       loopback address, must be registered on the app)
  --auth device + --client-id          you approve with a short code on any browser
  With --auth web/device, --token-store FILE keeps the login: the next pull needs none.
Secrets are best passed through the environment variables shown with each flag; they are
never printed, not even in errors.

Examples:
  # An org the Salesforce CLI is logged in to, Account plus the objects it looks up:
  sf-codegen pull --target-org my-org --object Account --depth 1 --out schema

  # Client credentials (a connected app with a run-as user), secrets from the environment:
  export SF_CLIENT_ID=3MVG9... SF_CLIENT_SECRET=...
  sf-codegen pull --login-url https://mydomain.my.salesforce.com -o Account -o Contact

  # Log in as yourself in the browser, once; later pulls reuse the saved login:
  sf-codegen pull --auth web --client-id 3MVG9... --token-store ~/.sf-codegen-login.json -o Account

  # A token from `sf org display --json` (accessToken, instanceUrl):
  SF_ACCESS_TOKEN=00D... SF_INSTANCE_URL=https://mydomain.my.salesforce.com \\
    sf-codegen pull --object Opportunity --global";

const GENERATE_AFTER_HELP: &str = "\
Examples:
  # Every object of the bundled snapshot into src/sobjects:
  sf-codegen generate --schema schema/default --out src/sobjects

  # Two objects, one field left out, one renamed, and the mapping report printed:
  sf-codegen generate -s schema -o Account -o Contact --exclude Contact.Jigsaw \\
    --rename Account.Type=account_type --report

  # Everything from sf-codegen.toml in the current directory:
  sf-codegen generate

Besides the code, generate writes the mapping report (every identifier that is not the
plain conversion of its API name, every reference without navigation, every warning) to
sf-codegen-report.txt in the output directory; --report prints it as well.
The generated module needs `sf-runtime` as a dependency.
The configuration file format is described in `sf-codegen --help`.";

const CHECK_AFTER_HELP: &str = "\
Exit status: 0 when up to date, 1 (with a diff) when the committed code no longer matches
what generate would write, 2 on an error.

Examples:
  sf-codegen check --schema schema/default --out src/sobjects
  sf-codegen check --config sf-codegen.toml    # in CI, after `git clone`";

const DIFF_AFTER_HELP: &str = "\
Examples:
  # What a fresh pull changed, before regenerating:
  sf-codegen pull --target-org my-org --object Account --out /tmp/new-schema
  sf-codegen diff schema /tmp/new-schema

  # Two versions of one describe file:
  sf-codegen diff old/Account.json schema/Account.json";

/// Generate typed Rust sObjects from Salesforce describe metadata.
#[derive(Debug, Parser)]
#[command(name = "sf-codegen", version, about, long_about = None, after_help = TOP_AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch describes from an org into a snapshot directory.
    #[command(after_help = PULL_AFTER_HELP)]
    Pull(Box<PullArgs>),
    /// Generate one Rust file per object plus mod.rs.
    #[command(after_help = GENERATE_AFTER_HELP)]
    Generate(GenArgs),
    /// Exit non-zero with a diff when the generated code no longer matches the schema.
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(GenArgs),
    /// Show what changed between two snapshots (directories or single describe files).
    #[command(after_help = DIFF_AFTER_HELP)]
    Diff {
        /// The older snapshot directory or describe file.
        old: PathBuf,
        /// The newer snapshot directory or describe file.
        new: PathBuf,
    },
}

/// Which snapshot, which objects, which fields, which names.
#[derive(Debug, Args)]
pub struct Selection {
    /// Configuration file [default: sf-codegen.toml when present].
    #[arg(long, short = 'c')]
    pub config: Option<PathBuf>,
    /// Snapshot directory (or one describe file) [default: from config, else `schema`].
    #[arg(long, short = 's')]
    pub schema: Option<PathBuf>,
    /// Object to generate (repeatable) [default: every describe in the snapshot].
    #[arg(long = "object", short = 'o', value_name = "API_NAME")]
    pub objects: Vec<String>,
    /// Only this field of an object (repeatable): `Account.Name`.
    #[arg(long = "include", value_name = "OBJECT.FIELD")]
    pub include: Vec<String>,
    /// Leave a field out (repeatable): `Account.Jigsaw`.
    #[arg(long = "exclude", value_name = "OBJECT.FIELD")]
    pub exclude: Vec<String>,
    /// Rename a field (`Account.Type=account_type`) or an object (`Custom__c=Widget`).
    #[arg(long = "rename", value_name = "NAME=RUST_NAME")]
    pub rename: Vec<String>,
    /// One Cargo feature per object: compile only the objects a crate turns on
    /// (writes the [features] table to sf-codegen-features.toml) [default: from config].
    #[arg(long)]
    pub object_features: bool,
}

/// Arguments of `generate` and `check`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Snapshot, objects, fields and names.
    #[command(flatten)]
    pub selection: Selection,
    /// Output directory of the generated module [default: from config, else `src/sobjects`].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the mapping report (every renamed identifier) and warnings.
    #[arg(long)]
    pub report: bool,
}

/// A login flow, for `--auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthFlow {
    /// --access-token + --instance-url.
    AccessToken,
    /// --client-id + --client-secret (+ --login-url: the My Domain URL).
    ClientCredentials,
    /// --client-id + --username + --jwt-key-file.
    Jwt,
    /// --client-id + --refresh-token.
    RefreshToken,
    /// --client-id + --client-secret + --username + --password (legacy).
    Password,
    /// --target-org (the `sf` CLI).
    SfCli,
    /// --client-id: a user logs in in the browser (PKCE, loopback --redirect-uri).
    Web,
    /// --client-id: a user approves with a code on any browser.
    Device,
}

/// Arguments of `pull`.
#[derive(Debug, Args)]
pub struct PullArgs {
    /// Object to fetch (repeatable) [default: `objects` of the config].
    #[arg(long = "object", short = 'o', value_name = "API_NAME")]
    pub objects: Vec<String>,
    /// Levels of related (lookup target) objects to fetch as well.
    #[arg(long, default_value_t = 0)]
    pub depth: u32,
    /// Snapshot directory to write [default: from config, else `schema`].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also save the global describe as sobjects.json.
    #[arg(long)]
    pub global: bool,
    /// Configuration file [default: sf-codegen.toml when present].
    #[arg(long, short = 'c')]
    pub config: Option<PathBuf>,

    /// Login flow [default: inferred from the credentials given, see below].
    #[arg(long, value_enum, help_heading = "Login")]
    pub auth: Option<AuthFlow>,
    /// An org authorised with the Salesforce CLI (alias or username); runs `sf org display --json`.
    #[arg(
        long,
        env = vars::TARGET_ORG,
        value_name = "ALIAS",
        help_heading = "Login"
    )]
    pub target_org: Option<String>,
    /// Instance URL for --access-token, e.g. https://mydomain.my.salesforce.com.
    #[arg(long, env = vars::INSTANCE_URL, help_heading = "Login")]
    pub instance_url: Option<String>,
    /// Access token (prefer the environment variable).
    #[arg(
        long,
        env = vars::ACCESS_TOKEN,
        hide_env_values = true,
        help_heading = "Login"
    )]
    pub access_token: Option<String>,
    /// OAuth token endpoint host: https://test.salesforce.com for sandboxes, the My Domain URL for client credentials.
    #[arg(long, env = vars::LOGIN_URL, default_value = sf_codegen::credentials::DEFAULT_LOGIN_URL, help_heading = "Login")]
    pub login_url: String,
    /// Connected app consumer key.
    #[arg(long, env = vars::CLIENT_ID, help_heading = "Login")]
    pub client_id: Option<String>,
    /// Connected app consumer secret (prefer the environment variable).
    #[arg(
        long,
        env = vars::CLIENT_SECRET,
        hide_env_values = true,
        help_heading = "Login"
    )]
    pub client_secret: Option<String>,
    /// RSA private key (PEM) for the JWT bearer flow.
    #[arg(
        long,
        env = vars::JWT_KEY_FILE,
        value_name = "PEM_FILE",
        help_heading = "Login"
    )]
    pub jwt_key_file: Option<PathBuf>,
    /// User to log in as (JWT bearer, username-password).
    #[arg(long, env = vars::USERNAME, help_heading = "Login")]
    pub username: Option<String>,
    /// Password + security token for the legacy username-password flow (prefer the environment variable).
    #[arg(
        long,
        env = vars::PASSWORD,
        hide_env_values = true,
        help_heading = "Login"
    )]
    pub password: Option<String>,
    /// OAuth refresh token (prefer the environment variable).
    #[arg(
        long,
        env = vars::REFRESH_TOKEN,
        hide_env_values = true,
        help_heading = "Login"
    )]
    pub refresh_token: Option<String>,
    /// Loopback redirect URI of --auth web, as registered on the connected app.
    #[arg(long, default_value = sf_codegen::credentials::DEFAULT_REDIRECT_URI, help_heading = "Login")]
    pub redirect_uri: String,
    /// File that keeps the login of --auth web/device (owner-only, replaced atomically): a later pull reuses and refreshes it instead of logging in again.
    #[arg(
        long,
        env = "SF_TOKEN_STORE",
        value_name = "FILE",
        help_heading = "Login"
    )]
    pub token_store: Option<PathBuf>,

    /// API version.
    #[arg(long, default_value = sf_runtime::client::DEFAULT_API_VERSION, help_heading = "Connection")]
    pub api_version: String,
    /// Concurrent requests.
    #[arg(long, default_value_t = 8, help_heading = "Connection")]
    pub concurrency: usize,
    /// Retries of a transient failure (connection reset, HTTP 5xx, rate limit) per request.
    #[arg(long, default_value_t = 4, help_heading = "Connection")]
    pub retries: u32,
}
