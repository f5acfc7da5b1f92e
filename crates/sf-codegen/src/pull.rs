//! `pull`: fetch describes from an org into a snapshot directory.
//!
//! Objects are fetched level by level: the configured ones, then the objects
//! their lookups point at (`referenceTo`), up to `depth` levels, each level
//! concurrently. Every response is parsed before any file is written, so a
//! failed pull leaves the snapshot as it was.

use crate::describe::{parse_describe, DescribeFile};
use crate::Error;
use futures::stream::{self, StreamExt};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// An access token; never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(token.into())
    }
    fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// What to pull and where.
#[derive(Debug, Clone)]
pub struct PullOptions {
    /// `https://mydomain.my.salesforce.com` (no trailing path).
    pub instance_url: String,
    pub access_token: AccessToken,
    /// `66.0`.
    pub api_version: String,
    pub objects: Vec<String>,
    /// How many levels of related (lookup target) objects to add; 0 for none.
    pub depth: u32,
    pub out_dir: PathBuf,
    pub concurrency: usize,
    /// Also save the global describe as `sobjects.json`.
    pub global: bool,
    /// Show a progress bar (hidden anyway when stderr is not a terminal).
    pub progress: bool,
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

/// A failed request: the status (if any) and a readable message.
struct FetchError {
    status: Option<u16>,
    message: String,
}

fn http_error(object: &str, e: impl fmt::Display) -> Error {
    Error::Pull {
        object: object.to_string(),
        message: e.to_string(),
    }
}

fn fetch_error(e: reqwest::Error) -> FetchError {
    FetchError {
        status: None,
        message: e.without_url().to_string(),
    }
}

async fn fetch(
    client: &reqwest::Client,
    opts: &PullOptions,
    path: &str,
) -> Result<Vec<u8>, FetchError> {
    let url = format!(
        "{}/services/data/v{}/{path}",
        opts.instance_url.trim_end_matches('/'),
        opts.api_version
    );
    let resp = client
        .get(&url)
        .bearer_auth(opts.access_token.expose())
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(fetch_error)?;
    let status = resp.status();
    let body = resp.bytes().await.map_err(fetch_error)?;
    if !status.is_success() {
        // Salesforce errors: [{"message": "...", "errorCode": "..."}]
        let detail = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| {
                let e = v.get(0)?;
                Some(format!(
                    "{}: {}",
                    e.get("errorCode")?.as_str()?,
                    e.get("message")?.as_str()?
                ))
            })
            .unwrap_or_else(|| String::from_utf8_lossy(&body).chars().take(200).collect());
        return Err(FetchError {
            status: Some(status.as_u16()),
            message: format!("HTTP {status}: {detail}"),
        });
    }
    Ok(body.to_vec())
}

/// Runs a pull.
pub async fn pull(opts: &PullOptions) -> Result<PullSummary, Error> {
    if opts.objects.is_empty() {
        return Err(Error::Usage(
            "no objects to pull (give --object or `objects` in sf-codegen.toml)".into(),
        ));
    }
    let client = reqwest::Client::builder()
        .build()
        .map_err(|e| http_error("-", e))?;
    let bar = if opts.progress {
        indicatif::ProgressBar::new(opts.objects.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} describes {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );

    // API name (lower-case key) → (API name, bytes).
    let mut fetched: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    let mut level: Vec<String> = opts.objects.clone();
    let mut not_followed = Vec::new();
    let mut not_found = Vec::new();
    let mut depth = 0;
    while !level.is_empty() {
        let results: Vec<(String, Result<Vec<u8>, FetchError>)> =
            stream::iter(level.iter().cloned())
                .map(|object| {
                    let client = &client;
                    let bar = &bar;
                    async move {
                        let path = format!("sobjects/{object}/describe");
                        let result = fetch(client, opts, &path).await;
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
            let bytes = match result {
                Ok(bytes) => bytes,
                // A related object the org cannot describe: skip it, say so.
                Err(FetchError {
                    status: Some(404), ..
                }) if depth > 0 => {
                    not_found.push(requested);
                    continue;
                }
                Err(e) => return Err(http_error(&requested, e.message)),
            };
            let describe = match parse_describe(&bytes) {
                Ok(DescribeFile::SObject(d)) => d,
                Ok(DescribeFile::Global(_)) => {
                    return Err(http_error(&requested, "got a global describe"))
                }
                Err(e) => {
                    return Err(http_error(
                        &requested,
                        format!("invalid describe at `{}`: {}", e.path, e.message),
                    ))
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
        Some(
            fetch(&client, opts, "sobjects")
                .await
                .map_err(|e| http_error("global describe", e.message))?,
        )
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
