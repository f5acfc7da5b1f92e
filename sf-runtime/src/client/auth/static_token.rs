//! A fixed access token (from a secret store, a test, the emulator). Cannot refresh:
//! a `401 INVALID_SESSION_ID` is returned to the caller.

use futures::future::BoxFuture;

use super::{Auth, Secret, Session};
use crate::client::error::Error;

/// A fixed access token, optionally with its instance URL.
#[derive(Debug, Clone)]
pub struct StaticToken {
    token: Secret,
    instance_url: Option<String>,
}

impl StaticToken {
    /// A token; the instance URL comes from the client builder.
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken {
            token: token.into(),
            instance_url: None,
        }
    }

    /// A token and the instance it belongs to.
    pub fn with_instance_url(token: impl Into<Secret>, instance_url: impl Into<String>) -> Self {
        StaticToken {
            token: token.into(),
            instance_url: Some(instance_url.into()),
        }
    }
}

impl Auth for StaticToken {
    fn fetch<'a>(&'a self, _http: &'a reqwest::Client) -> BoxFuture<'a, Result<Session, Error>> {
        Box::pin(async move { Ok(Session::new(self.token.clone(), self.instance_url.clone())) })
    }

    fn can_refresh(&self) -> bool {
        false
    }

    fn name(&self) -> &'static str {
        "static_token"
    }
}
