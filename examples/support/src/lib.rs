//! What every example shares: where to run.
//!
//! With `SF_INSTANCE_URL` and `SF_ACCESS_TOKEN` set (for instance from
//! `sf org display --json`), an example talks to that org. Without them it
//! starts an emulator in-process over the bundled schema snapshot, so every
//! example runs on a fresh machine with no org and no network.

use std::path::PathBuf;

use sf_emulator::Emulator;
use sf_runtime::client::auth::EnvToken;
use sf_runtime::Client;

/// The error type of the examples: any error, shown with its message.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// `Result` with [`BoxError`].
pub type Result<T, E = BoxError> = std::result::Result<T, E>;

/// The bundled describe snapshot (`schema/default/` at the workspace root).
pub fn schema_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/default"))
}

/// A client and, when no org was configured, the emulator it talks to.
pub struct Target {
    /// The client every example uses.
    pub client: Client,
    emulator: Option<Emulator>,
}

impl Target {
    /// The in-process emulator, when the example runs against one.
    pub fn emulator(&self) -> Option<&Emulator> {
        self.emulator.as_ref()
    }

    /// A line saying where the example runs, without any credential.
    pub fn describe(&self) -> String {
        match &self.emulator {
            Some(emulator) => format!("emulator at {}", emulator.url()),
            None => "the org in SF_INSTANCE_URL".to_string(),
        }
    }

    /// Stops the emulator, if one was started.
    pub async fn shutdown(self) -> Result<()> {
        if let Some(emulator) = self.emulator {
            emulator.shutdown().await?;
        }
        Ok(())
    }
}

/// Connects to the org named by `SF_INSTANCE_URL`/`SF_ACCESS_TOKEN`, or starts
/// an emulator over [`schema_dir`] when those are not both set.
pub async fn connect() -> Result<Target> {
    let configured = ["SF_INSTANCE_URL", "SF_ACCESS_TOKEN"]
        .iter()
        .all(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()));
    if configured {
        let client = Client::builder().auth(EnvToken::new()).build()?;
        return Ok(Target {
            client,
            emulator: None,
        });
    }
    let emulator = Emulator::builder().schema_dir(schema_dir()).start().await?;
    let client = Client::builder()
        .instance_url(emulator.url())
        .access_token(emulator.access_token())
        .build()?;
    Ok(Target {
        client,
        emulator: Some(emulator),
    })
}

/// Runs an example's compiled binary (`env!("CARGO_BIN_EXE_example-…")` in its
/// tests) with `args` and without `SF_INSTANCE_URL`/`SF_ACCESS_TOKEN`, so it
/// starts its own emulator; panics with both output streams unless it exits
/// successfully, and returns its stdout.
pub fn run_against_emulator(binary: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(binary)
        .args(args)
        .env_remove("SF_INSTANCE_URL")
        .env_remove("SF_ACCESS_TOKEN")
        .output()
        .unwrap_or_else(|e| panic!("start {binary}: {e}"));
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    assert!(
        out.status.success(),
        "{binary}: exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
