//! Access token and instance URL from `SF_ACCESS_TOKEN` and `SF_INSTANCE_URL`.
//! The variables are read on every fetch, so a process that rotates them (a sidecar
//! refreshing the token) is picked up after a `401`.

use futures::future::BoxFuture;

use super::{Auth, Session};
use crate::client::error::Error;

/// Reads `SF_ACCESS_TOKEN` / `SF_INSTANCE_URL` (names configurable).
#[derive(Debug, Clone)]
pub struct EnvToken {
    token_var: String,
    instance_var: String,
}

impl Default for EnvToken {
    fn default() -> Self {
        EnvToken {
            token_var: "SF_ACCESS_TOKEN".into(),
            instance_var: "SF_INSTANCE_URL".into(),
        }
    }
}

impl EnvToken {
    /// `SF_ACCESS_TOKEN` and `SF_INSTANCE_URL`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Other variable names.
    pub fn with_vars(token_var: impl Into<String>, instance_var: impl Into<String>) -> Self {
        EnvToken {
            token_var: token_var.into(),
            instance_var: instance_var.into(),
        }
    }

    pub(crate) fn read(&self) -> Result<Session, Error> {
        let missing = |var: &str| Error::Auth {
            url: format!("env:{var}"),
            status: None,
            error: "missing_env_var".into(),
            error_description: Some(format!("environment variable {var} is not set or empty")),
        };
        let token = std::env::var(&self.token_var)
            .ok()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing(&self.token_var))?;
        let instance = std::env::var(&self.instance_var)
            .ok()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing(&self.instance_var))?;
        Ok(Session::new(token, Some(instance)))
    }
}

impl Auth for EnvToken {
    fn fetch<'a>(&'a self, _http: &'a reqwest::Client) -> BoxFuture<'a, Result<Session, Error>> {
        Box::pin(async move { self.read() })
    }

    fn name(&self) -> &'static str {
        "env"
    }
}
