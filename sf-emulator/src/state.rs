//! What every HTTP handler shares: the org, settings, tokens, API usage,
//! fault injection and open query cursors.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::apex::ApexRoutes;
use crate::config::Config;
use crate::faults::Faults;
use crate::limits::ApiUsage;
use crate::oauth::TokenStore;
use crate::org::Org;
use crate::pubsub::EventBus;
use crate::resources::cursors::Cursors;

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
    /// Apex REST handlers registered by tests.
    pub apex: Arc<ApexRoutes>,
    /// The Pub/Sub event bus, when the Pub/Sub server runs.
    pub pubsub: Option<Arc<EventBus>>,
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
            cursors: Arc::new(Cursors::new(config.cursor_ttl, config.cursor_memory)),
            tokens,
            config: Arc::new(config),
            base_url: Arc::from(base_url),
            apex: Arc::default(),
            pubsub: None,
        }
    }

    /// Locks the org (a panic in another handler does not poison it for good).
    /// Releasing it journals what was written meanwhile (`--data`), then
    /// publishes the change events of the committed writes; see [`OrgGuard`].
    pub fn org(&self) -> OrgGuard<'_> {
        OrgGuard {
            org: self.org.lock().unwrap_or_else(|p| p.into_inner()),
            bus: self.pubsub.as_deref(),
        }
    }

    /// The newest API version served, without the `v` (`66.0`).
    pub fn api_version(&self) -> &str {
        &self.config.api_version
    }
}

/// The locked org; dereferences to [`Org`]. Dropping it appends the writes made
/// through it to the `--data` journal ([`Org::flush_journal`]) before the lock
/// is released (handlers drop it before they answer, so every acknowledged
/// write is in the journal, and a lock held over many writes costs one append),
/// then hands them to the Pub/Sub bus: a transaction cannot span two locks, so
/// by then every write is committed or rolled back.
pub struct OrgGuard<'a> {
    org: MutexGuard<'a, Org>,
    bus: Option<&'a EventBus>,
}

impl Deref for OrgGuard<'_> {
    type Target = Org;

    fn deref(&self) -> &Org {
        &self.org
    }
}

impl DerefMut for OrgGuard<'_> {
    fn deref_mut(&mut self) -> &mut Org {
        &mut self.org
    }
}

impl Drop for OrgGuard<'_> {
    fn drop(&mut self) {
        // A response cannot be changed from here; the changes stay pending
        // and the next release or compaction retries them.
        if let Err(e) = self.org.flush_journal() {
            tracing::error!("cannot append to the --data journal: {e}");
        }
        if let Some(bus) = self.bus {
            if !self.org.changes.is_empty() {
                bus.commit(&mut self.org);
            }
        }
    }
}
