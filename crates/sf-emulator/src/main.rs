//! `sf-emulator`: serve a local Salesforce REST API from a schema snapshot.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use sf_emulator::{Credentials, Emulator, FaultKind, FaultRule, Trigger};

/// A local Salesforce REST API for testing integrations offline.
///
/// Serves the REST API (sObjects, describe, query/queryAll, search, limits,
/// composite, collections, bulk) and OAuth (client credentials, password,
/// refresh token, JWT bearer) from a directory of describe JSON files, the
/// same snapshot `sf-codegen` reads. Records live in memory; `--data` keeps
/// them between runs.
///
/// The first line on stdout is `listening on <URL>`. With no credentials
/// configured, the token endpoint accepts any client id and secret, or any
/// username and password:
///
///   curl -d grant_type=client_credentials -d client_id=x -d client_secret=y URL/services/oauth2/token
///
/// Test control lives under URL/__emulator/ (no token needed):
///   GET    /__emulator/health          is it up?
///   GET    /__emulator/faults          fault rules in force
///   POST   /__emulator/faults          {"kind":"server_error","trigger":{"nth":3},"path_contains":"/query"}
///   DELETE /__emulator/faults          remove all rules and the delay
///   POST   /__emulator/faults/delay    {"ms":250}
///   POST   /__emulator/tokens/expire   expire every issued token
///   POST   /__emulator/limits          {"max":100,"used":99}
///   POST   /__emulator/reset           delete every record
///   POST   /__emulator/save            write --data now
/// The same faults can be set here with flags. Stop with Ctrl-C or SIGTERM:
/// `--data` is then written atomically.
#[derive(Debug, Parser)]
#[command(name = "sf-emulator", version, verbatim_doc_comment)]
struct Cli {
    /// Directory of describe JSON files (one `<Object>.json` per object).
    #[arg(long, value_name = "DIR")]
    schema: PathBuf,

    /// Address to listen on; loopback only. Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0", value_name = "ADDR")]
    addr: SocketAddr,

    /// Newest API version served (older ones down to 20.0 work too).
    #[arg(long, default_value = "66.0", value_name = "VERSION")]
    api_version: String,

    /// Serve HTTPS with a self-signed certificate (see --cert-out).
    #[arg(long)]
    tls: bool,

    /// Where --tls writes the certificate PEM for clients to trust.
    #[arg(long, value_name = "FILE", default_value = "sf-emulator-cert.pem")]
    cert_out: PathBuf,

    /// Load records from FILE at start; write them back on clean shutdown.
    #[arg(long, value_name = "FILE")]
    data: Option<PathBuf>,

    /// Only accept this OAuth client id (with --client-secret).
    #[arg(long, value_name = "ID", requires = "client_secret")]
    client_id: Option<String>,

    /// The secret that goes with --client-id.
    #[arg(
        long,
        value_name = "SECRET",
        env = "SF_EMULATOR_CLIENT_SECRET",
        hide_env_values = true
    )]
    client_secret: Option<String>,

    /// Only accept this username for the password grant (with --password).
    #[arg(long, value_name = "USER", requires = "password")]
    username: Option<String>,

    /// The password that goes with --username.
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "SF_EMULATOR_PASSWORD",
        hide_env_values = true
    )]
    password: Option<String>,

    /// Verify JWT bearer assertions against this PEM certificate or public key.
    #[arg(long, value_name = "PEM_FILE")]
    jwt_key: Option<PathBuf>,

    /// Pre-register an access token that never expires.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "SF_EMULATOR_ACCESS_TOKEN",
        hide_env_values = true
    )]
    access_token: Option<String>,

    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, default_value_t = 7200, value_name = "SECS")]
    token_ttl: u64,

    /// DailyApiRequests allowance; requests beyond it get REQUEST_LIMIT_EXCEEDED.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    daily_limit: u64,

    /// Default query page size.
    #[arg(long, default_value_t = 2000, value_name = "N")]
    page_size: usize,

    /// Seed for --fail-fraction draws (same seed, same faulty requests).
    #[arg(long, default_value_t = 0, value_name = "N")]
    fault_seed: u64,

    /// Fail the Nth API request, e.g. `3:service_unavailable`. Kinds:
    /// too_many_requests, service_unavailable, server_error,
    /// unable_to_lock_row, expire_session, drop_connection. Repeatable.
    #[arg(long, value_name = "N:KIND")]
    fail_nth: Vec<String>,

    /// Fail this fraction of API requests, e.g. `0.1:server_error`. Repeatable.
    #[arg(long, value_name = "F:KIND")]
    fail_fraction: Vec<String>,

    /// Delay every API request by this many milliseconds.
    #[arg(long, value_name = "MS")]
    delay_ms: Option<u64>,
}

fn fault_kind(s: &str) -> Result<FaultKind, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| format!("unknown fault kind `{s}`"))
}

fn fault_rules(cli: &Cli) -> Result<Vec<FaultRule>, String> {
    let mut rules = Vec::new();
    for spec in &cli.fail_nth {
        let (n, kind) = spec
            .split_once(':')
            .ok_or(format!("--fail-nth {spec}: expected N:KIND"))?;
        let n = n
            .parse()
            .map_err(|_| format!("--fail-nth {spec}: N must be a number"))?;
        rules.push(FaultRule {
            kind: fault_kind(kind)?,
            trigger: Trigger::Nth(n),
            path_contains: None,
        });
    }
    for spec in &cli.fail_fraction {
        let (f, kind) = spec
            .split_once(':')
            .ok_or(format!("--fail-fraction {spec}: expected F:KIND"))?;
        let f: f64 = f
            .parse()
            .map_err(|_| format!("--fail-fraction {spec}: F must be a number"))?;
        if !(0.0..=1.0).contains(&f) {
            return Err(format!("--fail-fraction {spec}: F must be between 0 and 1"));
        }
        rules.push(FaultRule {
            kind: fault_kind(kind)?,
            trigger: Trigger::Fraction(f),
            path_contains: None,
        });
    }
    Ok(rules)
}

async fn run(cli: Cli) -> Result<(), String> {
    let rules = fault_rules(&cli)?;
    let jwt_public_key_pem = match &cli.jwt_key {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
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
        .fault_seed(cli.fault_seed);
    if cli.tls {
        builder = builder.tls(&cli.cert_out);
    }
    if let Some(data) = &cli.data {
        builder = builder.data_file(data);
    }
    if let Some(token) = &cli.access_token {
        builder = builder.access_token(token);
    }
    let emu = builder.start().await.map_err(|e| e.to_string())?;
    let stopped = stop_signal();
    for rule in rules {
        emu.faults().add(rule);
    }
    if let Some(ms) = cli.delay_ms {
        emu.faults().delay(Duration::from_millis(ms));
    }
    println!("listening on {}", emu.url());
    if let Some(cert) = emu.cert_path() {
        eprintln!("TLS certificate (PEM): {}", cert.display());
    }
    eprintln!(
        "get a token: curl -d grant_type=client_credentials -d client_id=ID -d client_secret=SECRET {}/services/oauth2/token",
        emu.url()
    );
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
