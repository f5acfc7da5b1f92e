//! `sf-emulator`: serve a local Salesforce REST API from a schema snapshot.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use sf_emulator::schema::SchemaError;
use sf_emulator::{Credentials, Emulator, EmulatorError, FaultKind, FaultRule, Trigger};

const LONG_ABOUT: &str = "\
A local Salesforce REST API for testing integrations offline.

Serves the REST API (sObjects, describe, query/queryAll, search, limits,
composite, sObject Collections, Bulk API 2.0) and OAuth (client credentials,
password, refresh token, JWT bearer, web server flow with PKCE and a login
page at URL/services/oauth2/authorize, device flow with its page at
URL/setup/connect, revoke, introspect, userinfo) from a directory of describe JSON files,
the same snapshot sf-codegen reads. Records live in memory; --data keeps them
between runs, crashes included.

The first line on stdout is `listening on <URL>`: point your client at that
URL. API requests need a bearer token: the --access-token you chose, or one
from URL/services/oauth2/token. With no --client-id/--username/--jwt-key
given, the token endpoint accepts any client id and secret, or any username
and password.";

const AFTER_HELP: &str = "\
Examples:
  # Start over the snapshot bundled with this repository, on a fixed port,
  # with a fixed token (run from the repository root):
  sf-emulator --schema schema/default --addr 127.0.0.1:8080 --access-token test-token

  # Call it:
  curl -H 'Authorization: Bearer test-token' \\
    'http://127.0.0.1:8080/services/data/v66.0/query?q=SELECT+Id,Name+FROM+Account'

  # Or get a token through OAuth (any id and secret unless --client-id is set):
  curl -d grant_type=client_credentials -d client_id=x -d client_secret=y \\
    http://127.0.0.1:8080/services/oauth2/token

  # jsforce (Node) works over plain HTTP:
  new jsforce.Connection({ instanceUrl: 'http://127.0.0.1:8080',
                           accessToken: 'test-token', version: '66.0' })

  # HTTPS, for clients that insist on it (simple-salesforce, the sf CLI):
  sf-emulator --schema schema/default --addr 127.0.0.1:8443 \\
    --access-token test-token --tls --cert-out /tmp/sf-emulator.pem

  # simple-salesforce (Python) always speaks https://; trust the certificate:
  REQUESTS_CA_BUNDLE=/tmp/sf-emulator.pem python3 -c 'from simple_salesforce import Salesforce
  sf = Salesforce(instance_url=\"https://127.0.0.1:8443\", session_id=\"test-token\", version=\"66.0\")
  print(sf.query(\"SELECT Id, Name FROM Account\"))'

  # The sf CLI reads the token from SF_ACCESS_TOKEN:
  export NODE_EXTRA_CA_CERTS=/tmp/sf-emulator.pem
  SF_ACCESS_TOKEN=test-token sf org login access-token \\
    --instance-url https://127.0.0.1:8443 --alias emulator --no-prompt
  sf data query --target-org emulator --query 'SELECT Id, Name FROM Account'

  # Faults: the 3rd API request gets 503, and about 10% get 500; the same
  # --fault-seed picks the same requests on every run:
  sf-emulator --schema schema/default --fail-nth 3:service_unavailable \\
    --fail-fraction 0.1:server_error --fault-seed 42

  # Keep records between runs; every write is journaled before it is
  # answered, so even kill -9 loses nothing acknowledged:
  sf-emulator --schema schema/default --data org.json

Fault kinds (--fail-nth, --fail-fraction):
  too_many_requests    429 with Retry-After
  service_unavailable  503 SERVER_UNAVAILABLE with Retry-After
  server_error         500 UNKNOWN_EXCEPTION
  unable_to_lock_row   400 UNABLE_TO_LOCK_ROW
  expire_session       expires every issued token; the request gets 401
  drop_connection      the request runs, the connection is cut mid-body
  not_found            404 NOT_FOUND, as for a resource the org lacks

Test control under URL/__emulator/ (no token needed):
  GET    /__emulator/health          is it up?
  GET    /__emulator/faults          fault rules in force
  POST   /__emulator/faults          add a rule (trigger: {\"nth\":N} or {\"fraction\":F}), e.g.
           {\"kind\":\"server_error\",\"trigger\":{\"nth\":3},\"path_contains\":\"/query\"}
  DELETE /__emulator/faults          remove all rules and the delay
  POST   /__emulator/faults/delay    {\"ms\":250}
  POST   /__emulator/tokens/expire   expire every issued token
  POST   /__emulator/device/approve  {\"user_code\":\"ABCD2345\"} approve a device flow code
  POST   /__emulator/device/deny     {\"user_code\":\"ABCD2345\"} deny it
  POST   /__emulator/limits          {\"max\":100,\"used\":99}
  POST   /__emulator/reset           delete every record
  POST   /__emulator/save            compact --data now (journal into data file)
  POST   /__emulator/undelete        {\"ids\":[\"001…\"]} restore from the recycle bin (emulator-only)
  POST   /__emulator/pubsub/drop     end Pub/Sub streams now, or {\"after_events\":N}

Stop with Ctrl-C or SIGTERM; --data is then compacted: the data file is
rewritten atomically and its journal removed.";

/// What `--schema` wants, and where to get it: appended to schema errors.
const SCHEMA_HINT: &str = "\
--schema wants a directory with one describe JSON file per object (Account.json, Contact.json, ...):
  - the snapshot bundled with this repository: --schema schema/default (from the repository root)
  - a snapshot of your org: sf-codegen pull --target-org my-org --object Account --out schema
  - one object at a time: sf sobject describe --sobject Account --json > schema/Account.json";

/// A local Salesforce REST API for testing integrations offline.
#[derive(Debug, Parser)]
#[command(
    name = "sf-emulator",
    version,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP
)]
struct Cli {
    /// Directory of describe JSON files, one `<Object>.json` per object
    /// (e.g. schema/default, or what `sf-codegen pull` writes).
    #[arg(long, value_name = "DIR", help_heading = "Server")]
    schema: PathBuf,

    /// Address to listen on; loopback only. Port 0 picks a free port (the
    /// URL is printed on the first line of stdout).
    #[arg(
        long,
        default_value = "127.0.0.1:0",
        value_name = "ADDR",
        help_heading = "Server"
    )]
    addr: SocketAddr,

    /// Newest API version served; older ones down to 20.0 work too.
    #[arg(
        long,
        default_value = "66.0",
        value_name = "VERSION",
        help_heading = "Server"
    )]
    api_version: String,

    /// Serve HTTPS with a self-signed certificate for 127.0.0.1 and
    /// localhost, written to --cert-out for clients to trust.
    #[arg(long, help_heading = "Server")]
    tls: bool,

    /// Where --tls writes the certificate (PEM).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "sf-emulator-cert.pem",
        help_heading = "Server"
    )]
    cert_out: PathBuf,

    /// Also serve the Pub/Sub API (gRPC, plain HTTP/2) on HOST:PORT
    /// (loopback; port 0 picks a free one); announced on stdout as
    /// `pubsub listening on HOST:PORT` after the REST line.
    #[arg(long, value_name = "HOST:PORT", help_heading = "Pub/Sub")]
    pubsub_addr: Option<std::net::SocketAddr>,

    /// Objects whose committed writes publish change events on
    /// /data/<Object>ChangeEvent and /data/ChangeEvents: `all` or a comma
    /// list (`Account,Contact`). Needs --pubsub-addr.
    #[arg(
        long,
        value_name = "all|OBJECTS",
        help_heading = "Pub/Sub",
        requires = "pubsub_addr"
    )]
    cdc: Option<String>,

    /// Keep records in FILE: loaded at start (if it exists) with the journal
    /// FILE.journal replayed over it; every committed write is appended to
    /// FILE.journal before it is answered, so a crash or kill -9 loses no
    /// acknowledged write; on Ctrl-C or SIGTERM (or POST /__emulator/save)
    /// FILE is rewritten atomically and the journal removed.
    #[arg(long, value_name = "FILE", help_heading = "Server")]
    data: Option<PathBuf>,

    /// Fsync each --data journal append, so acknowledged writes survive
    /// power loss too, not only the process dying (slower writes).
    #[arg(long, requires = "data", help_heading = "Server")]
    data_fsync: bool,

    /// Default query page size (records before `nextRecordsUrl`).
    #[arg(
        long,
        default_value_t = 2000,
        value_name = "N",
        help_heading = "Server"
    )]
    page_size: usize,

    /// Pre-register this access token; it never expires. Default: a random
    /// token, so use OAuth or set this to call the API.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "SF_EMULATOR_ACCESS_TOKEN",
        hide_env_values = true,
        help_heading = "Authentication"
    )]
    access_token: Option<String>,

    /// Only accept this OAuth client id (with --client-secret); otherwise any.
    #[arg(
        long,
        value_name = "ID",
        requires = "client_secret",
        help_heading = "Authentication"
    )]
    client_id: Option<String>,

    /// The secret that goes with --client-id.
    #[arg(
        long,
        value_name = "SECRET",
        env = "SF_EMULATOR_CLIENT_SECRET",
        hide_env_values = true,
        help_heading = "Authentication"
    )]
    client_secret: Option<String>,

    /// Only accept this username for the password grant (with --password).
    #[arg(
        long,
        value_name = "USER",
        requires = "password",
        help_heading = "Authentication"
    )]
    username: Option<String>,

    /// The password that goes with --username.
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "SF_EMULATOR_PASSWORD",
        hide_env_values = true,
        help_heading = "Authentication"
    )]
    password: Option<String>,

    /// Verify JWT bearer assertions (RS256) against this PEM certificate or
    /// public key; otherwise their signature is not checked.
    #[arg(long, value_name = "PEM_FILE", help_heading = "Authentication")]
    jwt_key: Option<PathBuf>,

    /// Lifetime of access tokens issued by the token endpoint, in seconds.
    #[arg(
        long,
        default_value_t = 7200,
        value_name = "SECS",
        help_heading = "Authentication"
    )]
    token_ttl: u64,

    /// Register a callback URL for the web server flow (repeatable); once one
    /// is given, /services/oauth2/authorize refuses others.
    #[arg(long, value_name = "URL", help_heading = "Authentication")]
    redirect_uri: Vec<String>,

    /// Skip the login page: /services/oauth2/authorize redirects with a code at
    /// once and device codes are approved when issued (for tests).
    #[arg(long, help_heading = "Authentication")]
    auto_approve: bool,

    /// Refresh token rotation: each refresh returns a new refresh_token and the
    /// old one is refused from then on.
    #[arg(long, help_heading = "Authentication")]
    rotate_refresh_tokens: bool,

    /// Device flow polling interval in seconds; faster polls get slow_down.
    #[arg(
        long,
        default_value_t = 5,
        value_name = "SECS",
        help_heading = "Authentication"
    )]
    device_interval: u64,

    /// DailyApiRequests allowance; requests beyond it get 403
    /// REQUEST_LIMIT_EXCEEDED (`/limits` and Sforce-Limit-Info show usage).
    #[arg(
        long,
        default_value_t = 100_000,
        value_name = "N",
        help_heading = "Limits"
    )]
    daily_limit: u64,

    /// Fail the Nth API request (1 = the first) with KIND, e.g.
    /// `3:service_unavailable`. Repeatable. Kinds are listed below.
    #[arg(
        long,
        value_name = "N:KIND",
        value_parser = parse_fail_nth,
        help_heading = "Fault injection"
    )]
    fail_nth: Vec<FaultRule>,

    /// Fail this fraction (0 to 1) of API requests with KIND, e.g.
    /// `0.1:server_error`. Repeatable.
    #[arg(
        long,
        value_name = "F:KIND",
        value_parser = parse_fail_fraction,
        help_heading = "Fault injection"
    )]
    fail_fraction: Vec<FaultRule>,

    /// Seed of the --fail-fraction draws: the same seed fails the same
    /// requests on every run.
    #[arg(
        long,
        visible_alias = "seed",
        default_value_t = 0,
        value_name = "N",
        help_heading = "Fault injection"
    )]
    fault_seed: u64,

    /// Delay every API request by this many milliseconds.
    #[arg(long, value_name = "MS", help_heading = "Fault injection")]
    delay_ms: Option<u64>,
}

/// Splits `VALUE:KIND`; `what` names VALUE in the error.
fn split_spec<'a>(
    spec: &'a str,
    what: &str,
    example: &str,
) -> Result<(&'a str, FaultKind), String> {
    let (value, kind) = spec
        .split_once(':')
        .ok_or_else(|| format!("expected {what}:KIND, e.g. {example}"))?;
    Ok((value, kind.parse()?))
}

fn parse_fail_nth(spec: &str) -> Result<FaultRule, String> {
    let (n, kind) = split_spec(spec, "N", "3:service_unavailable")?;
    let n = n.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        format!(
            "N must be a whole number from 1 (the first API request), e.g. 3:{}",
            kind.name()
        )
    })?;
    Ok(FaultRule {
        kind,
        trigger: Trigger::Nth(n),
        path_contains: None,
    })
}

fn parse_fail_fraction(spec: &str) -> Result<FaultRule, String> {
    let (f, kind) = split_spec(spec, "F", "0.1:server_error")?;
    let f = f
        .parse::<f64>()
        .ok()
        .filter(|f| (0.0..=1.0).contains(f))
        .ok_or_else(|| format!("F must be a number from 0 to 1, e.g. 0.1:{}", kind.name()))?;
    Ok(FaultRule {
        kind,
        trigger: Trigger::Fraction(f),
        path_contains: None,
    })
}

/// Turns a start-up failure into a message that says what to do next.
fn explain(error: EmulatorError, cli: &Cli) -> String {
    match error {
        EmulatorError::Schema(SchemaError::Io { path, source }) if path == cli.schema => {
            let problem = if !path.exists() {
                "does not exist".to_owned()
            } else if !path.is_dir() {
                "is a file, not a directory".to_owned()
            } else {
                format!("cannot be read: {source}")
            };
            format!("schema directory {} {problem}\n{SCHEMA_HINT}", path.display())
        }
        EmulatorError::EmptySchema(dir) => format!(
            "schema directory {} has no object describes (no *.json file describing an object)\n{SCHEMA_HINT}",
            dir.display()
        ),
        EmulatorError::Schema(SchemaError::Invalid { path, message }) => format!(
            "{}: {message}\nEvery *.json file in --schema must be an object describe (or the \
             global describe, sobjects.json); move other JSON files out of the directory.",
            path.display()
        ),
        EmulatorError::AddrInUse(addr) => format!(
            "cannot listen on {addr}: another process already uses that port.\n\
             Choose another port with --addr 127.0.0.1:PORT, or --addr 127.0.0.1:0 for any \
             free one (the URL is printed on start)."
        ),
        other => other.to_string(),
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let jwt_public_key_pem = match &cli.jwt_key {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("--jwt-key: cannot read {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let credentials = Credentials {
        client: cli.client_id.clone().zip(cli.client_secret.clone()),
        user: cli.username.clone().zip(cli.password.clone()),
        jwt_public_key_pem,
    };
    let mut builder = Emulator::builder()
        .schema_dir(&cli.schema)
        .addr(cli.addr)
        .api_version(&cli.api_version)
        .credentials(credentials)
        .token_ttl(Duration::from_secs(cli.token_ttl))
        .daily_api_limit(cli.daily_limit)
        .query_page_size(cli.page_size)
        .fault_seed(cli.fault_seed)
        .auto_approve(cli.auto_approve)
        .rotate_refresh_tokens(cli.rotate_refresh_tokens)
        .device_interval(cli.device_interval);
    for uri in &cli.redirect_uri {
        builder = builder.redirect_uri(uri);
    }
    if cli.tls {
        builder = builder.tls(&cli.cert_out);
    }
    if let Some(data) = &cli.data {
        builder = builder.data_file(data).data_fsync(cli.data_fsync);
    }
    if let Some(token) = &cli.access_token {
        builder = builder.access_token(token);
    }
    if let Some(addr) = cli.pubsub_addr {
        builder = builder.pubsub_addr(addr);
        if let Some(cdc) = &cli.cdc {
            builder = builder.pubsub_options(sf_emulator::pubsub::PubSubOptions {
                addr,
                cdc: sf_emulator::pubsub::CdcSelection::parse(cdc),
                ..Default::default()
            });
        }
    }
    let emu = builder.start().await.map_err(|e| explain(e, &cli))?;
    let stopped = stop_signal();
    for rule in cli.fail_nth.iter().chain(&cli.fail_fraction) {
        emu.faults().add(rule.clone());
    }
    if let Some(ms) = cli.delay_ms {
        emu.faults().delay(Duration::from_millis(ms));
    }
    println!("listening on {}", emu.url());
    if let Some(url) = emu.pubsub_url() {
        println!("pubsub listening on {}", url.trim_start_matches("http://"));
    }
    if let Some(cert) = emu.cert_path() {
        eprintln!("TLS certificate (PEM): {}", cert.display());
    }
    if cli.access_token.is_none() {
        eprintln!(
            "get a token: curl -d grant_type=client_credentials -d client_id=ID -d client_secret=SECRET {}/services/oauth2/token",
            emu.url()
        );
    }
    stopped.await;
    eprintln!("stopping");
    emu.shutdown().await.map_err(|e| e.to_string())
}

/// Resolves on Ctrl-C, or SIGTERM on Unix. The handlers are installed when
/// this is called, not when the future is first polled, so a signal sent
/// right after `listening on` is printed is not lost.
fn stop_signal() -> Pin<Box<dyn Future<Output = ()> + Send>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            return Box::pin(async move {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            });
        }
    }
    Box::pin(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sf-emulator: {e}");
            ExitCode::FAILURE
        }
    }
}
