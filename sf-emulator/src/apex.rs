//! Apex REST (`/services/apexrest/…`): a test registers a handler for a URL
//! mapping, as an org deploys an `@RestResource(urlMapping='/MyService/*')`
//! class; the emulator routes requests to it behind the same authentication,
//! API usage and faults as the rest of the API.
//!
//! ```
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use sf_emulator::apex::ApexResponse;
//! use serde_json::json;
//!
//! let emu = sf_emulator::Emulator::builder().schema_dir("../schema/default").start().await?;
//! emu.apex_rest("/Greeting/*", |req, _org| {
//!     let name = req.body.as_ref().and_then(|b| b["name"].as_str()).unwrap_or("world");
//!     ApexResponse::json(200, json!({"greeting": format!("Hello, {name}")}))
//! });
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::{Arc, RwLock};

use serde_json::Value;

use crate::org::Org;

/// A request to an Apex REST resource.
#[derive(Debug, Clone, PartialEq)]
pub struct ApexRequest {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// The path after `/services/apexrest` (`/Greeting/42`).
    pub path: String,
    /// Query parameters, decoded.
    pub params: Vec<(String, String)>,
    /// The JSON body, when there is one.
    pub body: Option<Value>,
}

/// A handler's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ApexResponse {
    /// HTTP status.
    pub status: u16,
    /// The JSON body (`None`: no body).
    pub body: Option<Value>,
}

impl ApexResponse {
    /// A JSON answer.
    pub fn json(status: u16, body: Value) -> Self {
        ApexResponse {
            status,
            body: Some(body),
        }
    }

    /// An answer without a body (`204` from a `void` method).
    pub fn empty(status: u16) -> Self {
        ApexResponse { status, body: None }
    }
}

type Handler = Arc<dyn Fn(&ApexRequest, &mut Org) -> ApexResponse + Send + Sync>;

/// The registered Apex REST resources.
#[derive(Default)]
pub struct ApexRoutes {
    routes: RwLock<Vec<(String, Handler)>>,
}

impl fmt::Debug for ApexRoutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let routes = self.routes.read().unwrap_or_else(|p| p.into_inner());
        f.debug_list()
            .entries(routes.iter().map(|(m, _)| m))
            .finish()
    }
}

impl ApexRoutes {
    /// Registers `handler` for `mapping`: an exact path (`/Greeting`) or a prefix
    /// ending in `*` (`/Greeting/*`), as Apex's `urlMapping`. A later registration
    /// of the same mapping replaces the earlier one.
    pub fn register(
        &self,
        mapping: &str,
        handler: impl Fn(&ApexRequest, &mut Org) -> ApexResponse + Send + Sync + 'static,
    ) {
        let mut routes = self.routes.write().unwrap_or_else(|p| p.into_inner());
        routes.retain(|(m, _)| m != mapping);
        routes.push((mapping.to_owned(), Arc::new(handler)));
    }

    /// The handler for `path`: an exact mapping first, else the longest
    /// matching wildcard (Salesforce's own precedence).
    pub(crate) fn find(&self, path: &str) -> Option<Handler> {
        let routes = self.routes.read().unwrap_or_else(|p| p.into_inner());
        let lower = path.to_ascii_lowercase();
        if let Some((_, h)) = routes
            .iter()
            .find(|(m, _)| !m.ends_with('*') && m.eq_ignore_ascii_case(path))
        {
            return Some(h.clone());
        }
        routes
            .iter()
            .filter_map(|(m, h)| {
                let prefix = m.strip_suffix('*')?.to_ascii_lowercase();
                let bare = prefix.trim_end_matches('/');
                (lower.starts_with(&prefix) || lower == bare).then_some((prefix.len(), h))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, h)| h.clone())
    }
}
