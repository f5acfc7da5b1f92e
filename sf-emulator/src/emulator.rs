//! Starting and stopping an emulator, in-process (tests) or from the CLI.
//! The example is on [`Emulator::builder`].

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::{Config, Credentials};
use crate::faults::Faults;
use crate::org::{Clock, Org};
use crate::schema::{Schema, SchemaError};
use crate::server::router;
use crate::state::{AppState, OrgGuard};

/// Why an emulator could not start or stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The schema snapshot could not be loaded.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// No schema was given to the builder.
    #[error("no schema: call .schema_dir(DIR) or .schema(Schema)")]
    NoSchema,
    /// The schema directory holds no object describe.
    #[error(
        "no object describes in {}: it needs one `<Object>.json` describe per object \
         (`sf sobject describe --sobject Account --json` output works as is)",
        .0.display()
    )]
    EmptySchema(PathBuf),
    /// Another process already listens on the address.
    #[error(
        "cannot listen on {0}: the address is already in use; stop what listens there \
         or choose another port (port 0 picks a free one)"
    )]
    AddrInUse(SocketAddr),
    /// The configuration is not usable (e.g. a non-loopback address).
    #[error("{0}")]
    Config(String),
    /// Binding, TLS setup, or the data file failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// TLS could not be set up.
    #[error("{0}")]
    Tls(String),
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> EmulatorError {
    let context = context.into();
    move |source| EmulatorError::Io { context, source }
}

/// Configures an emulator; [`Builder::start`] binds and serves it. Get one
/// from [`Emulator::builder`]; every setting has a default except the
/// schema ([`Builder::schema_dir`] or [`Builder::schema`]).
#[derive(Debug, Default)]
pub struct Builder {
    schema: Option<Schema>,
    schema_dir: Option<PathBuf>,
    config: Config,
    clock: Option<Clock>,
    pubsub: Option<crate::pubsub::PubSubOptions>,
}

impl Builder {
    /// Loads the describes in `dir` (the format `sf-codegen` reads).
    pub fn schema_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.schema_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Uses a schema already loaded.
    pub fn schema(mut self, schema: Schema) -> Self {
        self.schema = Some(schema);
        self
    }

    /// Replaces the whole configuration.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Address to bind (default `127.0.0.1:0`, a free port); loopback only.
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.config.addr = addr;
        self
    }

    /// Newest API version served (default `66.0`).
    pub fn api_version(mut self, version: &str) -> Self {
        self.config.api_version = version.trim_start_matches('v').to_owned();
        self
    }

    /// Serves HTTPS with a self-signed certificate written to `cert_path`.
    pub fn tls(mut self, cert_path: impl AsRef<Path>) -> Self {
        self.config.tls = true;
        self.config.tls_cert_path = Some(cert_path.as_ref().to_path_buf());
        self
    }

    /// Keeps the records in `path`: loaded at start (with the journal
    /// `<path>.journal` replayed over it), every committed write appended to
    /// the journal before it is answered, and the two compacted into `path`
    /// on [`Emulator::shutdown`] and `POST /__emulator/save`.
    pub fn data_file(mut self, path: impl AsRef<Path>) -> Self {
        self.config.data_file = Some(path.as_ref().to_path_buf());
        self
    }

    /// Also fsyncs each journal append, so acknowledged writes survive power
    /// loss, not only the process being killed (default off: slower).
    pub fn data_fsync(mut self, on: bool) -> Self {
        self.config.data_fsync = on;
        self
    }

    /// Restricts the token endpoint to these credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.config.credentials = credentials;
        self
    }

    /// The pre-registered, never-expiring access token (default: random).
    pub fn access_token(mut self, token: &str) -> Self {
        self.config.access_token = token.to_owned();
        self
    }

    /// Lifetime of tokens issued by the token endpoint (default 2 hours).
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.config.token_ttl = ttl;
        self
    }

    /// Registers a callback URL of the client; once any is registered,
    /// `authorize` and the code exchange refuse others (`redirect_uri_mismatch`).
    pub fn redirect_uri(mut self, uri: &str) -> Self {
        self.config.redirect_uris.push(uri.to_owned());
        self
    }

    /// Skips the login page: `authorize` redirects with a code at once and
    /// device codes are approved when issued (default off).
    pub fn auto_approve(mut self, on: bool) -> Self {
        self.config.auto_approve = on;
        self
    }

    /// Refresh token rotation: each refresh answers a new `refresh_token` and
    /// the old one is refused from then on (default off).
    pub fn rotate_refresh_tokens(mut self, on: bool) -> Self {
        self.config.rotate_refresh_tokens = on;
        self
    }

    /// Lifetime of authorization codes (default 15 minutes, Salesforce's).
    pub fn auth_code_ttl(mut self, ttl: Duration) -> Self {
        self.config.auth_code_ttl = ttl;
        self
    }

    /// Lifetime of device flow codes (default 10 minutes).
    pub fn device_code_ttl(mut self, ttl: Duration) -> Self {
        self.config.device_code_ttl = ttl;
        self
    }

    /// Seconds between device flow polls before `slow_down` (default 5; 0: never).
    pub fn device_interval(mut self, secs: u64) -> Self {
        self.config.device_interval_secs = secs;
        self
    }

    /// `DailyApiRequests` maximum (default 100,000).
    pub fn daily_api_limit(mut self, max: u64) -> Self {
        self.config.daily_api_limit = max;
        self
    }

    /// Default page size of `query` (default 2,000, Salesforce's).
    pub fn query_page_size(mut self, size: usize) -> Self {
        self.config.query_page_size = size.max(1);
        self
    }

    /// Idle lifetime of query cursors (default two days, Salesforce's since API
    /// 56.0; queries with an older version get at most 15 minutes).
    pub fn cursor_ttl(mut self, ttl: Duration) -> Self {
        self.config.cursor_ttl = ttl;
        self
    }

    /// Bytes of rows the open query cursors may hold together (default 1 GiB);
    /// past it the least recently used cursors are released.
    pub fn cursor_memory(mut self, bytes: usize) -> Self {
        self.config.cursor_memory = bytes;
        self
    }

    /// Seed of the fault injector's random draws (default 0).
    pub fn fault_seed(mut self, seed: u64) -> Self {
        self.config.fault_seed = seed;
        self
    }

    /// Where `CreatedDate` and friends come from (default: the system clock).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Serves the Pub/Sub API (gRPC) on a second loopback port too; see
    /// [`Emulator::pubsub_url`] and [`crate::pubsub`].
    pub fn pubsub(mut self, on: bool) -> Self {
        self.pubsub = on.then(|| self.pubsub.take().unwrap_or_default());
        self
    }

    /// Serves the Pub/Sub API on this address (implies [`Builder::pubsub`]).
    pub fn pubsub_addr(mut self, addr: SocketAddr) -> Self {
        self.pubsub.get_or_insert_with(Default::default).addr = addr;
        self
    }

    /// Objects whose committed writes emit change events (implies
    /// [`Builder::pubsub`]); `["*"]` or `["all"]` for every object.
    pub fn cdc<S: AsRef<str>>(mut self, objects: impl IntoIterator<Item = S>) -> Self {
        let names: Vec<String> = objects.into_iter().map(|s| s.as_ref().to_owned()).collect();
        let cdc = if names
            .iter()
            .any(|n| n == "*" || n.eq_ignore_ascii_case("all"))
        {
            crate::pubsub::CdcSelection::All
        } else {
            crate::pubsub::CdcSelection::Objects(names)
        };
        self.pubsub.get_or_insert_with(Default::default).cdc = cdc;
        self
    }

    /// Every Pub/Sub setting at once (implies [`Builder::pubsub`]).
    pub fn pubsub_options(mut self, options: crate::pubsub::PubSubOptions) -> Self {
        self.pubsub = Some(options);
        self
    }

    /// Loads the schema and data, binds, and starts serving in the background.
    pub async fn start(self) -> Result<Emulator, EmulatorError> {
        let schema = match (self.schema, &self.schema_dir) {
            (Some(s), _) => s,
            (None, Some(dir)) => {
                let schema = Schema::load_dir(dir)?;
                if schema.objects().next().is_none() {
                    return Err(EmulatorError::EmptySchema(dir.clone()));
                }
                schema
            }
            (None, None) => return Err(EmulatorError::NoSchema),
        };
        let config = self.config;
        if !config.addr.ip().is_loopback() {
            return Err(EmulatorError::Config(format!(
                "refusing to listen on {}: the emulator binds to loopback addresses only",
                config.addr
            )));
        }
        let mut org = Org::new(schema);
        org.api_version = config.api_version.clone();
        org.clock = self.clock.unwrap_or_default();
        if let Some(path) = &config.data_file {
            org.store = crate::persist::load(path)
                .map_err(io(format!("cannot load {}", path.display())))?;
            let journal_path = crate::journal::path_for(path);
            let journal =
                crate::journal::Journal::open(&journal_path, &mut org.store, config.data_fsync)
                    .map_err(io(format!("cannot replay {}", journal_path.display())))?;
            org.attach_journal(journal);
        }
        let listener = bind(config.addr)?;
        let local = listener
            .local_addr()
            .map_err(io("cannot read the bound address"))?;
        let scheme = if config.tls { "https" } else { "http" };
        let url = format!("{scheme}://{local}");
        let cert_path = config.tls.then(|| {
            config.tls_cert_path.clone().unwrap_or_else(|| {
                std::env::temp_dir().join(format!("sf-emulator-{}.pem", local.port()))
            })
        });
        let tls = match &cert_path {
            Some(path) => Some(crate::tls::self_signed(path).map_err(EmulatorError::Tls)?),
            None => None,
        };
        let pubsub_listener = match &self.pubsub {
            Some(p) if !p.addr.ip().is_loopback() => {
                return Err(EmulatorError::Config(format!(
                    "refusing to serve Pub/Sub on {}: loopback addresses only",
                    p.addr
                )))
            }
            Some(p) => Some(bind(p.addr)?),
            None => None,
        };
        if let Some(p) = &self.pubsub {
            org.changes = crate::pubsub::Journal::new(p.cdc.clone());
        }
        let mut state = AppState::new(org, config, &url);
        let pubsub = match (self.pubsub, pubsub_listener) {
            (Some(p), Some(listener)) => {
                let bus = std::sync::Arc::new(crate::pubsub::EventBus::new(p.cdc, p.retention));
                state.pubsub = Some(bus.clone());
                Some(
                    crate::pubsub::serve(listener, state.clone(), bus, p.keepalive)
                        .map_err(io("cannot serve Pub/Sub"))?,
                )
            }
            _ => None,
        };
        let app = router(state.clone());
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let task = match tls {
            None => {
                let listener = tokio::net::TcpListener::from_std(listener)
                    .map_err(io("cannot register the socket"))?;
                tokio::spawn(async move {
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(async {
                            let _ = stop_rx.await;
                        })
                        .await;
                })
            }
            Some(tls) => {
                let handle = axum_server::Handle::new();
                let stopper = handle.clone();
                tokio::spawn(async move {
                    let _ = stop_rx.await;
                    stopper.graceful_shutdown(Some(Duration::from_secs(2)));
                });
                let server = axum_server::from_tcp_rustls(listener, tls).handle(handle);
                tokio::spawn(async move {
                    let _ = server.serve(app.into_make_service()).await;
                })
            }
        };
        Ok(Emulator {
            url,
            state,
            cert_path,
            stop: Some(stop_tx),
            task: Some(task),
            pubsub,
        })
    }
}

fn bind(addr: SocketAddr) -> Result<std::net::TcpListener, EmulatorError> {
    let listener = std::net::TcpListener::bind(addr).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            EmulatorError::AddrInUse(addr)
        } else {
            io(format!("cannot bind {addr}"))(e)
        }
    })?;
    listener
        .set_nonblocking(true)
        .map_err(io("cannot configure the socket"))?;
    Ok(listener)
}

/// A running emulator: a Salesforce REST API on a loopback port, serving
/// one in-memory org.
///
/// With a data file, every write is in its journal once answered, so even
/// dropping it (which stops the server without saving) or killing the
/// process loses nothing; [`Emulator::shutdown`] stops it gracefully and
/// compacts the journal into the data file.
#[derive(Debug)]
pub struct Emulator {
    url: String,
    state: AppState,
    cert_path: Option<PathBuf>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    pubsub: Option<crate::pubsub::Running>,
}

impl Emulator {
    /// A builder with the defaults: `127.0.0.1` on a free port, API `66.0`,
    /// plain HTTP, a random pre-registered token, any OAuth credentials
    /// accepted, records in memory only.
    ///
    /// Start one over the describe snapshot bundled with this repository,
    /// seed a record, query it over HTTP, and shut down:
    ///
    /// ```
    /// use serde_json::{json, Value};
    /// use sf_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let schema_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default");
    /// // schema_dir: a directory of describes, e.g. "schema/default".
    /// let emu = Emulator::builder()
    ///     .schema_dir(schema_dir)
    ///     .access_token("test-token")
    ///     .start()
    ///     .await?;
    ///
    /// let record = json!({"Name": "Acme"});
    /// emu.org()
    ///     .create("Account", record.as_object().unwrap())
    ///     .expect("a valid Account");
    ///
    /// let page: Value = reqwest::Client::new()
    ///     .get(format!("{}/services/data/v66.0/query", emu.url()))
    ///     .query(&[("q", "SELECT Id, Name FROM Account")])
    ///     .bearer_auth(emu.access_token())
    ///     .send()
    ///     .await?
    ///     .error_for_status()?
    ///     .json()
    ///     .await?;
    /// assert_eq!(page["totalSize"], 1);
    /// assert_eq!(page["records"][0]["Name"], "Acme");
    ///
    /// emu.shutdown().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// `http://127.0.0.1:PORT` (or `https://…`), no trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The pre-registered token that never expires.
    pub fn access_token(&self) -> &str {
        &self.state.config.access_token
    }

    /// `http://127.0.0.1:PORT` of the Pub/Sub API (gRPC, plain HTTP/2), when
    /// [`Builder::pubsub`] is on.
    pub fn pubsub_url(&self) -> Option<&str> {
        self.pubsub.as_ref().map(|p| p.url.as_str())
    }

    /// Fault injection.
    pub fn faults(&self) -> &Faults {
        &self.state.faults
    }

    /// The org, to seed or inspect records; writes made through it are
    /// journaled when it is dropped. Do not hold it across an `.await`.
    pub fn org(&self) -> OrgGuard<'_> {
        self.state.org()
    }

    /// Registers an Apex REST handler for `mapping` (`/MyService/*`), served at
    /// `/services/apexrest/MyService/…`; see [`crate::apex`].
    pub fn apex_rest(
        &self,
        mapping: &str,
        handler: impl Fn(&crate::apex::ApexRequest, &mut Org) -> crate::apex::ApexResponse
            + Send
            + Sync
            + 'static,
    ) {
        self.state.apex.register(mapping, handler);
    }

    /// The shared server state (tokens, usage, cursors…).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Approves a pending device flow `user_code` as the configured user (or
    /// the demo user), as a person on the verification page would; `false`
    /// when the code is unknown or expired.
    pub fn approve_device(&self, user_code: &str) -> bool {
        let user = crate::oauth::login_user(&self.state.config.credentials);
        self.state.tokens.decide_device(user_code, Some(&user))
    }

    /// Where the TLS certificate PEM was written, when serving HTTPS.
    pub fn cert_path(&self) -> Option<&Path> {
        self.cert_path.as_deref()
    }

    /// Stops serving (in-flight requests finish), then writes the data file
    /// if one is configured and removes its journal.
    pub async fn shutdown(mut self) -> Result<(), EmulatorError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(p) = &mut self.pubsub {
            if let Some(stop) = p.stop.take() {
                let _ = stop.send(());
            }
            // Open subscriptions never end on their own: do not wait for them.
            if let Some(task) = p.task.take() {
                task.abort();
            }
        }
        if let Some(mut task) = self.task.take() {
            // Idle keep-alive connections can hold a graceful shutdown open; do not wait forever.
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                tracing::warn!("server did not stop within 5 s; dropping remaining connections");
                task.abort();
            }
        }
        if let Some(path) = self.state.config.data_file.clone() {
            let state = self.state.clone();
            tokio::task::spawn_blocking(move || state.org().compact(&path))
                .await
                .map_err(|e| EmulatorError::Io {
                    context: "saving the data file".to_owned(),
                    source: std::io::Error::other(e.to_string()),
                })?
                .map_err(io("cannot write the data file"))?;
        }
        Ok(())
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if let Some(task) = self.pubsub.as_mut().and_then(|p| p.task.take()) {
            task.abort();
        }
    }
}
