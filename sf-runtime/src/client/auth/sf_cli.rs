//! An org the Salesforce CLI has already authorised: the access token and instance
//! URL from `sf org display --json` output. Either give the JSON (a string or a file
//! saved by a CI step), or a target org alias: then the command runs on every fetch,
//! and the CLI refreshes its own token, so a `401` is recovered by running it again.

use futures::future::BoxFuture;
use serde::Deserialize;

use super::{Auth, Session};
use crate::client::error::Error;

#[derive(Debug, Clone)]
enum Source {
    Json(String),
    Command {
        program: String,
        target_org: Option<String>,
    },
}

/// Session from the Salesforce CLI.
#[derive(Clone)]
pub struct SfCli {
    source: Source,
}

impl std::fmt::Debug for SfCli {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The JSON holds the access token: show only which source is used.
        let source = match &self.source {
            Source::Json(_) => "json(<redacted>)".to_string(),
            Source::Command {
                program,
                target_org,
            } => {
                format!(
                    "{program} org display --json{}",
                    target_org
                        .as_deref()
                        .map(|t| format!(" --target-org {t}"))
                        .unwrap_or_default()
                )
            }
        };
        f.debug_struct("SfCli").field("source", &source).finish()
    }
}

#[derive(Deserialize)]
struct Output {
    #[serde(default)]
    status: i64,
    result: Option<OrgDisplay>,
    message: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrgDisplay {
    access_token: Option<String>,
    instance_url: Option<String>,
}

impl SfCli {
    /// From the text `sf org display --json` printed.
    pub fn from_json(json: impl Into<String>) -> Self {
        SfCli {
            source: Source::Json(json.into()),
        }
    }

    /// From a file holding that output.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::config(format!("cannot read {}: {e}", path.display())))?;
        Ok(Self::from_json(text))
    }

    /// Runs `sf org display --json [--target-org <alias>]` on each fetch
    /// (`None`: the CLI's default org).
    pub fn target_org(alias: Option<&str>) -> Self {
        SfCli {
            source: Source::Command {
                program: "sf".into(),
                target_org: alias.map(Into::into),
            },
        }
    }

    /// Uses another executable than `sf` (a wrapper script, a full path).
    pub fn program(mut self, program: impl Into<String>) -> Self {
        if let Source::Command { program: p, .. } = &mut self.source {
            *p = program.into();
        }
        self
    }

    pub(crate) fn parse(json: &str) -> Result<Session, Error> {
        let fail = |error: &str, desc: String| Error::Auth {
            url: "sf org display --json".into(),
            status: None,
            error: error.into(),
            error_description: Some(desc),
        };
        let out: Output = serde_json::from_str(json).map_err(|e| {
            fail(
                "invalid_cli_output",
                format!("not `sf org display --json` output: {e}"),
            )
        })?;
        if out.status != 0 {
            return Err(fail(
                out.name.as_deref().unwrap_or("cli_error"),
                out.message
                    .unwrap_or_else(|| format!("status {}", out.status)),
            ));
        }
        let r = out
            .result
            .ok_or_else(|| fail("invalid_cli_output", "no `result`".into()))?;
        match (r.access_token, r.instance_url) {
            (Some(t), Some(u)) if !t.is_empty() => Ok(Session::new(t, Some(u))),
            _ => Err(fail(
                "invalid_cli_output",
                "`result` lacks accessToken or instanceUrl".into(),
            )),
        }
    }
}

impl Auth for SfCli {
    fn fetch<'a>(&'a self, _http: &'a reqwest::Client) -> BoxFuture<'a, Result<Session, Error>> {
        Box::pin(async move {
            match &self.source {
                Source::Json(json) => Self::parse(json),
                Source::Command {
                    program,
                    target_org,
                } => {
                    let mut cmd = std::process::Command::new(program);
                    cmd.args(["org", "display", "--json"]);
                    if let Some(t) = target_org {
                        cmd.args(["--target-org", t]);
                    }
                    let out = tokio::task::spawn_blocking(move || cmd.output())
                        .await
                        .map_err(|e| Error::config(format!("sf CLI task failed: {e}")))?
                        .map_err(|e| Error::Auth {
                            url: "sf org display --json".into(),
                            status: None,
                            error: "cli_not_runnable".into(),
                            error_description: Some(e.to_string()),
                        })?;
                    Self::parse(&String::from_utf8_lossy(&out.stdout))
                }
            }
        })
    }

    fn can_refresh(&self) -> bool {
        matches!(self.source, Source::Command { .. })
    }

    fn name(&self) -> &'static str {
        "sf_cli"
    }
}
