//! The default run: an emulator that accepts only the demo credentials, every
//! service flow configured through the same `flows::from_env` a real run uses,
//! fed a map of the variables a user would export, then the user flows (web
//! server with PKCE, device) in `user_flows`.

use std::collections::HashMap;
use std::path::Path;

use sf_emulator::config::Credentials;
use sf_emulator::Emulator;
use sf_runtime::Client;

use crate::check;
use sf_runtime::client::auth::flows::{self, vars, Flow};

// The credentials the demo emulator accepts. They only exist in this file;
// the run's output must never show them.
const CLIENT_ID: &str = "demo-consumer-key";
const CLIENT_SECRET: &str = "demo-consumer-secret-3f9a";
const USERNAME: &str = "integration@example.com";
const PASSWORD: &str = "demo-password-7c21";
const REFRESH_TOKEN: &str = "demo-refresh-token-51be";

fn key_path(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("demo-keys")
        .join(file)
        .display()
        .to_string()
}

/// Runs every flow; `Ok(false)` when one did not behave as shown.
pub async fn run() -> example_support::Result<bool> {
    let emulator = Emulator::builder()
        .schema_dir(example_support::schema_dir())
        .credentials(Credentials {
            client: Some((CLIENT_ID.into(), CLIENT_SECRET.into())),
            user: Some((USERNAME.into(), PASSWORD.into())),
            jwt_public_key_pem: Some(std::fs::read_to_string(key_path("jwt-demo.pub.pem"))?),
        })
        // The user flows' login and consent, approved without a person.
        .auto_approve(true)
        .device_interval(1)
        .start()
        .await?;
    // As if a user had granted it through the web server flow earlier.
    emulator.state().tokens.register_refresh(REFRESH_TOKEN);
    // The file holds the emulator's token: removed whether the flows pass or not.
    let cli_dir = std::env::temp_dir().join(format!("example-oauth-{}", std::process::id()));
    std::fs::create_dir_all(&cli_dir)?;
    let cli_json = cli_dir.join("org-display.json");
    std::fs::write(&cli_json, sf_org_display(&emulator))?;
    let mut result = every_flow(&emulator, &cli_json).await;
    if let Ok(true) = result {
        result = crate::user_flows::run(&emulator, CLIENT_ID).await;
    }
    std::fs::remove_dir_all(&cli_dir)?;
    emulator.shutdown().await?;
    result
}

/// Signs in with each flow, then shows a refresh and a refused secret.
async fn every_flow(emulator: &Emulator, cli_json: &Path) -> example_support::Result<bool> {
    println!(
        "emulator at {} accepts only the demo credentials",
        emulator.url()
    );
    let mut ok = true;
    let mut refreshing = None;
    for flow in Flow::ALL {
        let vars = demo_vars(flow, emulator, cli_json);
        let (_, auth) = flows::from_env(|k| vars.get(k).cloned())?;
        let client = Client::builder().auth_arc(auth).build()?;
        match check::signed_in(&client).await {
            Ok(signed) => println!("{flow}: {signed}"),
            Err(e) => {
                println!("{flow}: FAILED: {e}");
                ok = false;
            }
        }
        if flow == Flow::ClientCredentials {
            refreshing = Some(client);
        }
    }

    // Tokens expire; a client whose flow can fetch a new one does so on the 401.
    emulator.state().tokens.expire_all();
    let client = refreshing.expect("client-credentials is one of Flow::ALL");
    match check::signed_in(&client).await {
        Ok(signed) => println!("after every issued token expired, client-credentials: {signed}"),
        Err(e) => {
            println!("after every issued token expired, client-credentials: FAILED: {e}");
            ok = false;
        }
    }

    // A wrong secret: the error says what the token endpoint answered, and
    // never the secret that was sent.
    let mut vars = demo_vars(Flow::ClientCredentials, emulator, cli_json);
    vars.insert(vars::CLIENT_SECRET.into(), "not-the-secret-0d4e".into());
    let (_, auth) = flows::from_env(|k| vars.get(k).cloned())?;
    let client = Client::builder().auth_arc(auth).build()?;
    match check::signed_in(&client).await {
        Ok(_) => {
            println!("client-credentials with a wrong secret: accepted (it should not be)");
            ok = false;
        }
        Err(e) => println!("client-credentials with a wrong secret: refused: {e}"),
    }

    Ok(ok)
}

/// The variables a user would export for `flow` against this emulator.
fn demo_vars(flow: Flow, emulator: &Emulator, cli_json: &Path) -> HashMap<String, String> {
    let url = emulator.url();
    let pairs: Vec<(&str, String)> = match flow {
        Flow::ClientCredentials => vec![
            (vars::LOGIN_URL, url.into()),
            (vars::CLIENT_ID, CLIENT_ID.into()),
            (vars::CLIENT_SECRET, CLIENT_SECRET.into()),
        ],
        Flow::JwtBearer => vec![
            (vars::LOGIN_URL, url.into()),
            (vars::CLIENT_ID, CLIENT_ID.into()),
            (vars::USERNAME, USERNAME.into()),
            (vars::JWT_KEY_FILE, key_path("jwt-demo.key")),
        ],
        Flow::RefreshToken => vec![
            (vars::LOGIN_URL, url.into()),
            (vars::CLIENT_ID, CLIENT_ID.into()),
            (vars::REFRESH_TOKEN, REFRESH_TOKEN.into()),
            (vars::CLIENT_SECRET, CLIENT_SECRET.into()),
        ],
        Flow::UsernamePassword => vec![
            (vars::LOGIN_URL, url.into()),
            (vars::CLIENT_ID, CLIENT_ID.into()),
            (vars::CLIENT_SECRET, CLIENT_SECRET.into()),
            (vars::USERNAME, USERNAME.into()),
            (vars::PASSWORD, PASSWORD.into()),
        ],
        Flow::SfCli => vec![(vars::CLI_JSON_FILE, cli_json.display().to_string())],
        Flow::AccessToken => vec![
            (vars::INSTANCE_URL, url.into()),
            (vars::ACCESS_TOKEN, emulator.access_token().into()),
        ],
        // A flow this demo does not know yet: `from_env` names what is missing.
        _ => Vec::new(),
    };
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .chain([(flows::FLOW_VAR.to_owned(), flow.name().to_owned())])
        .collect()
}

/// What `sf org display --json` prints for an org, trimmed to what is read.
fn sf_org_display(emulator: &Emulator) -> String {
    serde_json::json!({
        "status": 0,
        "result": {
            "accessToken": emulator.access_token(),
            "instanceUrl": emulator.url(),
            "username": USERNAME,
            "connectedStatus": "Connected",
        }
    })
    .to_string()
}
