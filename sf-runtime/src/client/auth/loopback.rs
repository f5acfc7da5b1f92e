//! The web server flow for command-line and desktop tools: listen on the
//! loopback redirect URI, send the user to the login page, take the one
//! redirect that comes back, check it, trade the code, close.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::{Tokens, WebServerFlow};
use crate::client::error::Error;

/// Largest request head read from the browser.
const MAX_HEAD: usize = 16 * 1024;
/// How long one browser connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Options of [`login_in_browser`].
#[derive(Clone)]
pub struct LoopbackOptions {
    timeout: Duration,
    open_browser: bool,
    show_url: Arc<dyn Fn(&str) + Send + Sync>,
}

impl fmt::Debug for LoopbackOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoopbackOptions")
            .field("timeout", &self.timeout)
            .field("open_browser", &self.open_browser)
            .finish_non_exhaustive()
    }
}

impl Default for LoopbackOptions {
    fn default() -> Self {
        LoopbackOptions {
            timeout: Duration::from_secs(300),
            open_browser: true,
            show_url: Arc::new(|url| {
                eprintln!("Log in to Salesforce in your browser: {url}");
            }),
        }
    }
}

impl LoopbackOptions {
    /// How long to wait for the user (default five minutes).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Whether to try to open the system browser (default yes; the URL is shown
    /// either way).
    pub fn open_browser(mut self, open: bool) -> Self {
        self.open_browser = open;
        self
    }

    /// How to show the login URL (default: a line on stderr).
    pub fn show_url(mut self, show: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.show_url = Arc::new(show);
        self
    }
}

fn error(error: &str, description: impl Into<String>) -> Error {
    Error::Auth {
        url: "loopback redirect".into(),
        status: None,
        error: error.to_owned(),
        error_description: Some(description.into()),
    }
}

/// Logs a user in with `flow`, whose redirect URI must be a loopback address
/// (`http://127.0.0.1:PORT/PATH` or `http://localhost:PORT/PATH`, registered on the
/// connected app): binds it, shows (and, when possible, opens) the login URL,
/// receives the redirect, checks `state`, trades the code with the PKCE verifier.
pub async fn login_in_browser(
    http: &reqwest::Client,
    flow: &WebServerFlow,
    options: &LoopbackOptions,
) -> Result<Tokens, Error> {
    let redirect = url::Url::parse(flow.redirect_uri()).map_err(|e| {
        error(
            "invalid_redirect_uri",
            format!("{}: {e}", flow.redirect_uri()),
        )
    })?;
    let port = match (redirect.scheme(), redirect.host_str(), redirect.port()) {
        ("http", Some("127.0.0.1" | "localhost"), Some(port)) => port,
        _ => {
            return Err(error(
                "invalid_redirect_uri",
                format!(
                    "{} is not a loopback redirect URI (http://127.0.0.1:PORT/PATH)",
                    flow.redirect_uri()
                ),
            ))
        }
    };
    let listener = TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| {
        error(
            "loopback_unavailable",
            format!("cannot listen on 127.0.0.1:{port}: {e}"),
        )
    })?;
    let authorization = flow.authorize();
    (options.show_url)(&authorization.url);
    if options.open_browser {
        open_browser(&authorization.url);
    }
    let query = tokio::time::timeout(options.timeout, receive(&listener, redirect.path()))
        .await
        .map_err(|_| {
            error(
                "login_timeout",
                format!("no redirect within {} s", options.timeout.as_secs()),
            )
        })??;
    flow.callback(http, &query, &authorization).await
}

/// Answers connections until one requests `path`; returns its query string.
async fn receive(listener: &TcpListener, path: &str) -> Result<String, Error> {
    loop {
        let (mut stream, _) = listener
            .accept()
            .await
            .map_err(|e| error("loopback_unavailable", e.to_string()))?;
        let Ok(Ok(Some(target))) =
            tokio::time::timeout(READ_TIMEOUT, read_target(&mut stream)).await
        else {
            continue;
        };
        let (got_path, query) = target.split_once('?').unwrap_or((&target, ""));
        if got_path != path {
            // The browser's favicon request, or a stray visitor.
            let _ = respond(&mut stream, "404 Not Found", "Not found.").await;
            continue;
        }
        let body = if query.contains("error=") {
            "The login was not completed. You can close this window."
        } else {
            "Logged in. You can close this window and return to the terminal."
        };
        let _ = respond(&mut stream, "200 OK", body).await;
        return Ok(query.to_owned());
    }
}

/// The request target of a `GET` (`/callback?code=…`), or `None` for anything else.
async fn read_target(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_HEAD {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let mut parts = line.split_whitespace();
    Ok(match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) => Some(target.to_owned()),
        _ => None,
    })
}

async fn respond(stream: &mut TcpStream, status: &str, text: &str) -> std::io::Result<()> {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Salesforce login</title></head>\
         <body><p>{text}</p></body></html>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// Best effort: the URL was shown already, so a missing opener is not an error.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let _ = std::process::Command::new(command.0)
        .args(command.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
