//! The user flows in the default run: the web server flow with PKCE through the
//! loopback helper (a CLI's login), and the device flow. The emulator approves
//! the logins itself (`auto_approve`), and a small HTTP client plays the browser,
//! so the demo runs unattended; against an org, the user does both steps.

use std::net::TcpListener;
use std::time::Duration;

use sf_emulator::Emulator;
use sf_runtime::client::auth::{
    login_in_browser, DeviceFlow, LoopbackOptions, UserSession, WebServerFlow,
};
use sf_runtime::Client;

use crate::check;

/// Logs in with both user flows; `Ok(false)` when one did not work.
pub async fn run(emulator: &Emulator, client_id: &str) -> example_support::Result<bool> {
    let http = reqwest::Client::new();
    let mut ok = true;

    // A free loopback port for the redirect (a real app registers a fixed one).
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let flow = WebServerFlow::new(client_id, format!("http://127.0.0.1:{port}/callback"))
        .login_url(emulator.url())
        .scope("api")
        .scope("refresh_token");
    let options = LoopbackOptions::default()
        .open_browser(false)
        .timeout(Duration::from_secs(30))
        .show_url(|url| {
            println!(
                "web-server: the login page the browser would open: {}",
                redact(url)
            );
            tokio::spawn(play_browser(url.to_owned()));
        });
    match login_in_browser(&http, &flow, &options).await {
        Ok(tokens) => {
            ok &= report(
                "web-server (PKCE)",
                UserSession::new(client_id, tokens),
                emulator,
            )
            .await
        }
        Err(e) => {
            println!("web-server (PKCE): FAILED: {e}");
            ok = false;
        }
    }

    let device = DeviceFlow::new(client_id)
        .login_url(emulator.url())
        .scope("api");
    let outcome = async {
        let started = device.start(&http).await?;
        println!(
            "device: open {} and enter {} (approved by the emulator here)",
            started.verification_uri, started.user_code
        );
        device.wait(&http, &started).await
    };
    match outcome.await {
        Ok(tokens) => ok &= report("device", UserSession::new(client_id, tokens), emulator).await,
        Err(e) => {
            println!("device: FAILED: {e}");
            ok = false;
        }
    }
    Ok(ok)
}

/// The browser's part: open the login URL, follow the redirect to the loopback.
async fn play_browser(url: String) {
    let Ok(browser) = reqwest::Client::builder().build() else {
        return;
    };
    let _ = browser.get(url).send().await;
}

/// The URL without its query (it carries the state and the PKCE challenge).
fn redact(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

async fn report(name: &str, session: UserSession, emulator: &Emulator) -> bool {
    let client = match Client::builder()
        .auth(session.login_url(emulator.url()))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            println!("{name}: FAILED: {e}");
            return false;
        }
    };
    match (check::signed_in(&client).await, client.userinfo().await) {
        (Ok(signed), Ok(me)) => {
            println!(
                "{name}: {signed}, as {}",
                me.preferred_username.as_deref().unwrap_or("?")
            );
            true
        }
        (Err(e), _) | (_, Err(e)) => {
            println!("{name}: FAILED: {e}");
            false
        }
    }
}
