//! `pull`: fetch describes from an org into a snapshot directory.
//!
//! Requests go through an [`sf_runtime::Client`], so a pull logs in with any
//! of the runtime's auth providers (see [`Credentials`]), retries transient
//! failures and refreshes an expired OAuth token on its own.
//!
//! Objects are fetched level by level: the configured ones, then the objects
//! their lookups point at (`referenceTo`), up to `depth` levels, each level
//! concurrently. Every response is parsed before any file is written, so a
//! failed pull leaves the snapshot as it was.
//!
//! ```no_run
//! # async fn demo() -> Result<(), sf_codegen::Error> {
//! use sf_codegen::credentials::Credentials;
//! use sf_codegen::pull::{pull, PullOptions};
//!
//! let creds = Credentials::ClientCredentials {
//!     login_url: "https://mydomain.my.salesforce.com".into(),
//!     client_id: std::env::var("SF_CLIENT_ID").unwrap(),
//!     client_secret: std::env::var("SF_CLIENT_SECRET").unwrap().into(),
//! };
//! let mut opts = PullOptions::new(creds, ["Account", "Contact"], "schema");
//! opts.depth = 1; // also the objects their lookups point at
//! let summary = pull(&opts).await?;
//! println!("pulled {}", summary.objects.join(", "));
//! # Ok(()) }
//! ```

use crate::credentials::Credentials;
use crate::describe::{parse_describe, DescribeFile};
use crate::Error;
use futures::stream::{self, StreamExt};
use sf_runtime::client::{Client, RetryPolicy};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

/// What to pull and where.
#[derive(Debug, Clone)]
pub struct PullOptions {
    /// How to log in.
    pub credentials: Credentials,
    /// API version without the `v`: `66.0`.
    pub api_version: String,
    /// Objects to fetch (API names).
    pub objects: Vec<String>,
    /// How many levels of related (lookup target) objects to add; 0 for none.
    pub depth: u32,
    /// The snapshot directory to write (created if needed).
    pub out_dir: PathBuf,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Retries of a transient failure (connection reset, 5xx, rate limit) per request.
    pub retries: u32,
    /// Also save the global describe as `sobjects.json`.
    pub global: bool,
    /// Show a progress bar (hidden anyway when stderr is not a terminal).
    pub progress: bool,
}

impl PullOptions {
    /// Options with the defaults of the CLI: API 66.0, depth 0, 8 requests at
    /// once, 4 retries, no global describe, progress bar on.
    pub fn new<I, S>(credentials: Credentials, objects: I, out_dir: impl Into<PathBuf>) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        PullOptions {
            credentials,
            api_version: sf_runtime::client::DEFAULT_API_VERSION.to_string(),
            objects: objects.into_iter().map(Into::into).collect(),
            depth: 0,
            out_dir: out_dir.into(),
            concurrency: 8,
            retries: 4,
            global: false,
            progress: true,
        }
    }
}

/// What a pull wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullSummary {
    /// API names written, sorted.
    pub objects: Vec<String>,
    /// Lookup targets not pulled (the depth limit was reached), sorted.
    pub not_followed: Vec<String>,
    /// Related objects the org does not describe (HTTP 404), skipped, sorted.
    pub not_found: Vec<String>,
}

/// Turns a client error into one that says what to do next. `object` is the
/// describe being fetched (`None` for the global describe).
fn explain(err: sf_runtime::Error, object: Option<&str>, creds: &Credentials) -> Error {
    use sf_runtime::Error as E;
    let what = object.unwrap_or("the global describe");
    match &err {
        E::Auth {
            url,
            error,
            error_description,
            ..
        } if error == "transport_error" => Error::Connect {
            url: url.clone(),
            message: format!(
                "{}; check --login-url (SF_LOGIN_URL) and the network",
                error_description.as_deref().unwrap_or("connection failed")
            ),
        },
        E::Auth { .. } => Error::Auth(format!(
            "{} login failed: {err}. Check {}",
            creds.flow(),
            creds.source_hint()
        )),
        E::Api { status, .. } if *status == 401 || err.has_error_code("INVALID_SESSION_ID") => {
            Error::Auth(format!(
                "the org refused the session while fetching {what} (HTTP 401 INVALID_SESSION_ID): {}",
                creds.expired_session_advice()
            ))
        }
        E::Api { status: 404, .. } => Error::Pull {
            object: what.to_string(),
            message: format!(
                "the org has no object `{what}` (HTTP 404 NOT_FOUND): check the API name \
                 (custom objects end in `__c`, managed ones start with their namespace, \
                 `ns__Object__c`) and that the user can see the object"
            ),
        },
        E::Transport { url, source, .. } => Error::Connect {
            url: url.clone(),
            message: format!(
                "{}; check --instance-url (SF_INSTANCE_URL) and the network{}",
                causes(source),
                if err.is_timeout() {
                    " (the request timed out)"
                } else {
                    ""
                }
            ),
        },
        E::Config { message } => Error::Usage(format!("cannot fetch {what}: {message}")),
        _ => Error::Pull {
            object: what.to_string(),
            message: err.to_string(),
        },
    }
}

/// An error and its sources, `a: b: c` (reqwest's own message is only the
/// outermost, "error sending request").
fn causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        let c = cause.to_string();
        if !text.contains(&c) {
            text.push_str(": ");
            text.push_str(&c);
        }
        next = cause.source();
    }
    text
}

fn progress_bar(opts: &PullOptions) -> indicatif::ProgressBar {
    // A bar written into a log file or a pipe is noise: draw it only on a terminal.
    if !opts.progress || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(opts.objects.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} describes fetched {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Builds the client a pull uses: the credentials' auth provider, the API
/// version and the retry policy of `opts`.
/// Interactive flows (web, device) log the user in here unless their token
/// store holds a login.
pub async fn client(opts: &PullOptions) -> Result<Client, Error> {
    let mut builder = Client::builder()
        .auth_arc(opts.credentials.login().await?)
        .api_version(&opts.api_version)
        .retry_policy(RetryPolicy::default().max_retries(opts.retries));
    if let Some(url) = opts.credentials.instance_url() {
        builder = builder.instance_url(url);
    }
    builder
        .build()
        .map_err(|e| Error::Usage(format!("cannot set up the connection: {e}")))
}

/// Runs a pull.
pub async fn pull(opts: &PullOptions) -> Result<PullSummary, Error> {
    if opts.objects.is_empty() {
        return Err(Error::Usage(
            "no objects to pull: give --object API_NAME (repeatable) or `objects = [..]` \
             in sf-codegen.toml"
                .into(),
        ));
    }
    let client = client(opts).await?;
    let creds = &opts.credentials;
    let bar = progress_bar(opts);

    // API name (lower-case key) → (API name, bytes).
    let mut fetched: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    let mut level: Vec<String> = opts.objects.clone();
    let mut not_followed = Vec::new();
    let mut not_found = Vec::new();
    let mut depth = 0;
    while !level.is_empty() {
        let results: Vec<(String, Result<serde_json::Value, sf_runtime::Error>)> =
            stream::iter(level.iter().cloned())
                .map(|object| {
                    let client = &client;
                    let bar = &bar;
                    async move {
                        // Snapshots keep the JSON as sent, keys the shared model lacks included.
                        let result = client.describe_raw(&object).await;
                        bar.inc(1);
                        bar.set_message(object.clone());
                        (object, result)
                    }
                })
                .buffer_unordered(opts.concurrency.max(1))
                .collect()
                .await;
        let mut next = Vec::new();
        for (requested, result) in results {
            let value = match result {
                Ok(value) => value,
                // A related object the org cannot describe: skip it, say so.
                Err(e) if depth > 0 && e.status() == Some(404) => {
                    not_found.push(requested);
                    continue;
                }
                Err(e) => {
                    bar.abandon();
                    return Err(explain(e, Some(&requested), creds));
                }
            };
            // Pretty-printed so that a committed snapshot diffs line by line.
            let mut bytes = serde_json::to_vec_pretty(&value).map_err(|e| Error::Pull {
                object: requested.clone(),
                message: e.to_string(),
            })?;
            bytes.push(b'\n');
            let describe = match parse_describe(&bytes) {
                Ok(DescribeFile::SObject(d)) => d,
                Ok(DescribeFile::Global(_)) => {
                    return Err(Error::Pull {
                        object: requested,
                        message: "the org answered with a global describe".into(),
                    })
                }
                Err(e) => {
                    return Err(Error::Pull {
                        object: requested,
                        message: format!("invalid describe at `{}`: {}", e.path, e.message),
                    })
                }
            };
            for f in &describe.fields {
                for target in &f.reference_to {
                    let key = target.to_ascii_lowercase();
                    if !fetched.contains_key(&key)
                        && !level.iter().any(|l| l.eq_ignore_ascii_case(target))
                        && !next.iter().any(|n: &String| n.eq_ignore_ascii_case(target))
                    {
                        next.push(target.clone());
                    }
                }
            }
            fetched.insert(
                describe.name.to_ascii_lowercase(),
                (describe.name.clone(), bytes),
            );
        }
        next.retain(|n| !fetched.contains_key(&n.to_ascii_lowercase()));
        next.sort();
        depth += 1;
        if depth > opts.depth {
            not_followed = next;
            break;
        }
        bar.inc_length(next.len() as u64);
        level = next;
    }
    let global = if opts.global {
        let value = client
            .describe_global_raw()
            .await
            .map_err(|e| explain(e, None, creds))?;
        let mut bytes = serde_json::to_vec_pretty(&value).map_err(|e| Error::Pull {
            object: "the global describe".into(),
            message: e.to_string(),
        })?;
        bytes.push(b'\n');
        Some(bytes)
    } else {
        None
    };
    bar.finish_and_clear();

    std::fs::create_dir_all(&opts.out_dir).map_err(|e| Error::Io {
        path: opts.out_dir.clone(),
        source: e,
    })?;
    let mut objects = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = fetched
        .into_values()
        .map(|(name, bytes)| {
            objects.push(name.clone());
            (format!("{name}.json"), bytes)
        })
        .collect();
    if let Some(g) = global {
        files.push(("sobjects.json".to_string(), g));
    }
    for (name, bytes) in files {
        let path = opts.out_dir.join(&name);
        std::fs::write(&path, bytes).map_err(|e| Error::Io { path, source: e })?;
    }
    objects.sort();
    not_found.sort();
    Ok(PullSummary {
        objects,
        not_followed,
        not_found,
    })
}
