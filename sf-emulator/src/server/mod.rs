//! The HTTP surface: shared state, and the router that puts every resource
//! behind the same layer of faults, authentication and API usage counting.
//!
//! Route files register full paths (`/services/data/{version}/…`); the
//! `{version}` segment is checked once, in the API layer.

mod admin;
mod api_layer;
mod auth_routes;
mod cursors;
pub(crate) mod meta;
mod query;
mod replication;
mod sobjects;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;

use crate::config::Config;
use crate::dml::Org;
use crate::faults::Faults;
use crate::limits::ApiUsage;
use crate::oauth::TokenStore;
pub use cursors::Cursors;

/// Everything a handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The org: schema and records. Never hold the lock across an `.await`.
    pub org: Arc<Mutex<Org>>,
    /// Settings.
    pub config: Arc<Config>,
    /// Access tokens in force.
    pub tokens: Arc<TokenStore>,
    /// `DailyApiRequests` usage.
    pub usage: Arc<ApiUsage>,
    /// Fault injection.
    pub faults: Faults,
    /// Open query cursors (`nextRecordsUrl`).
    pub cursors: Arc<Cursors>,
    /// `http://127.0.0.1:PORT` (or `https://…`), used as `instance_url`.
    pub base_url: Arc<str>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("base_url", &self.base_url)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State over an org, before the server has an address.
    pub fn new(org: Org, config: Config, base_url: &str) -> Self {
        let tokens = Arc::new(TokenStore::default());
        tokens.register_permanent(&config.access_token);
        AppState {
            org: Arc::new(Mutex::new(org)),
            usage: Arc::new(ApiUsage::new(config.daily_api_limit)),
            faults: Faults::new(config.fault_seed, tokens.clone()),
            cursors: Arc::new(Cursors::new(config.cursor_ttl)),
            tokens,
            config: Arc::new(config),
            base_url: Arc::from(base_url),
        }
    }

    /// Locks the org (a panic in another handler does not poison it for good).
    pub fn org(&self) -> MutexGuard<'_, Org> {
        self.org.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The newest API version served, without the `v` (`66.0`).
    pub fn api_version(&self) -> &str {
        &self.config.api_version
    }
}

/// Largest request body accepted.
const MAX_BODY_BYTES: usize = 150 * 1024 * 1024;

/// The whole application: OAuth, admin, and the data API (own resources plus
/// composite, collections and bulk) behind the API layer.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(meta::routes())
        .merge(sobjects::routes())
        .merge(query::routes())
        .merge(replication::routes())
        .merge(crate::composite::routes())
        .merge(crate::collections::routes())
        .merge(crate::bulk::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api_layer::api_layer,
        ));
    Router::new()
        .merge(meta::public_routes())
        .merge(auth_routes::routes())
        .merge(admin::routes())
        .merge(api)
        .fallback(api_layer::not_found)
        // Bulk API 2.0 accepts uploads of up to 150 MB; axum's default is 2 MB.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
