//! Settings of one emulator instance: what the CLI flags and the builder set.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Credentials the token endpoint accepts. With none configured, it accepts
/// any (the emulator is a local test tool).
#[derive(Clone, Default)]
pub struct Credentials {
    /// Accepted `client_id`/`client_secret` pair (client credentials, password, refresh).
    pub client: Option<(String, String)>,
    /// Accepted `username`/`password` pair (password grant).
    pub user: Option<(String, String)>,
    /// PEM certificate or public key that JWT bearer assertions must be signed with (RS256).
    pub jwt_public_key_pem: Option<String>,
}

impl Credentials {
    /// Whether any restriction is configured.
    pub fn is_open(&self) -> bool {
        self.client.is_none() && self.user.is_none() && self.jwt_public_key_pem.is_none()
    }
}

// Secrets never reach logs: only whether each is set.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client.as_ref().map(|c| &c.0))
            .field("client_secret", &self.client.as_ref().map(|_| "<redacted>"))
            .field("username", &self.user.as_ref().map(|u| &u.0))
            .field("password", &self.user.as_ref().map(|_| "<redacted>"))
            .field("jwt_public_key", &self.jwt_public_key_pem.is_some())
            .finish()
    }
}

/// Everything configurable about one emulator.
#[derive(Clone)]
pub struct Config {
    /// Address to bind; only loopback addresses are accepted.
    pub addr: SocketAddr,
    /// Newest API version served (`66.0`).
    pub api_version: String,
    /// Serve HTTPS with a self-signed certificate.
    pub tls: bool,
    /// Where the certificate PEM is written when `tls` is on.
    pub tls_cert_path: Option<PathBuf>,
    /// Records loaded at start, journaled as they are written
    /// (`<data_file>.journal`) and compacted back on clean shutdown.
    pub data_file: Option<PathBuf>,
    /// Fsync each journal append (survives power loss, not only `kill -9`).
    pub data_fsync: bool,
    /// Accepted credentials.
    pub credentials: Credentials,
    /// A token registered at start that never expires.
    pub access_token: String,
    /// Lifetime of tokens issued by the token endpoint.
    pub token_ttl: Duration,
    /// `DailyApiRequests` maximum.
    pub daily_api_limit: u64,
    /// Default query page size (Salesforce: 2,000).
    pub query_page_size: usize,
    /// How long an idle query cursor stays usable (Salesforce since API 56.0:
    /// two days; queries with an older version get at most 15 minutes).
    pub cursor_ttl: Duration,
    /// Bytes of rows the open query cursors may hold together; past it the
    /// least recently used are released.
    pub cursor_memory: usize,
    /// Seed of the fault injector's random choices.
    pub fault_seed: u64,
    /// Callback URLs registered for the client: `authorize` and the code
    /// exchange refuse any other `redirect_uri` (`redirect_uri_mismatch`).
    /// Empty: any callback is accepted.
    pub redirect_uris: Vec<String>,
    /// `authorize` redirects with a code at once, without the login page, and
    /// device codes are approved as soon as they are issued (for tests).
    pub auto_approve: bool,
    /// The refresh grant answers a new `refresh_token` and refuses the old one
    /// from then on (Salesforce's refresh token rotation).
    pub rotate_refresh_tokens: bool,
    /// Lifetime of authorization codes (Salesforce: 15 minutes).
    pub auth_code_ttl: Duration,
    /// Lifetime of device and user codes of the device flow.
    pub device_code_ttl: Duration,
    /// Seconds a device must wait between polls (`interval`); faster polls get
    /// `slow_down`. 0 never answers `slow_down`.
    pub device_interval_secs: u64,
}

// The pre-registered access token is a secret too.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("api_version", &self.api_version)
            .field("tls", &self.tls)
            .field("tls_cert_path", &self.tls_cert_path)
            .field("data_file", &self.data_file)
            .field("data_fsync", &self.data_fsync)
            .field("credentials", &self.credentials)
            .field("access_token", &"<redacted>")
            .field("token_ttl", &self.token_ttl)
            .field("daily_api_limit", &self.daily_api_limit)
            .field("query_page_size", &self.query_page_size)
            .field("cursor_ttl", &self.cursor_ttl)
            .field("cursor_memory", &self.cursor_memory)
            .field("fault_seed", &self.fault_seed)
            .field("redirect_uris", &self.redirect_uris)
            .field("auto_approve", &self.auto_approve)
            .field("rotate_refresh_tokens", &self.rotate_refresh_tokens)
            .field("auth_code_ttl", &self.auth_code_ttl)
            .field("device_code_ttl", &self.device_code_ttl)
            .field("device_interval_secs", &self.device_interval_secs)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            api_version: "66.0".to_owned(),
            tls: false,
            tls_cert_path: None,
            data_file: None,
            data_fsync: false,
            credentials: Credentials::default(),
            access_token: random_token(),
            token_ttl: Duration::from_secs(2 * 3600),
            daily_api_limit: 100_000,
            query_page_size: 2000,
            cursor_ttl: Duration::from_secs(2 * 24 * 3600),
            cursor_memory: 1 << 30,
            fault_seed: 0,
            redirect_uris: Vec::new(),
            auto_approve: false,
            rotate_refresh_tokens: false,
            auth_code_ttl: Duration::from_secs(15 * 60),
            device_code_ttl: Duration::from_secs(10 * 60),
            device_interval_secs: 5,
        }
    }
}

/// A token shaped like Salesforce's (`00D…!…`), random enough to be unguessable.
pub fn random_token() -> String {
    use rand::distributions::Alphanumeric;
    use rand::Rng;
    let tail: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(96)
        .map(char::from)
        .collect();
    format!("00D5E0000000001!{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let mut c = Config::default();
        c.credentials.client = Some(("id".into(), "s3cret-value".into()));
        c.credentials.user = Some(("me".into(), "hunter2-pass".into()));
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret-value"));
        assert!(!shown.contains("hunter2-pass"));
        assert!(!shown.contains(&c.access_token));
    }
}
