//! Every auth flow of the client, configured from environment variables.
//!
//! `cargo run -p example-oauth` signs in with each flow against an in-process
//! emulator that accepts only the demo credentials, shows a refresh after the
//! tokens expire, and a refused wrong secret. With `SF_AUTH_FLOW` set it signs
//! in to your org with that flow instead; `--help` lists the variables.

mod check;
mod demo;
mod user_flows;

use std::process::ExitCode;

use sf_runtime::client::auth::flows;
use sf_runtime::Client;

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h") {
        println!(
            "Sign in to Salesforce with the flow SF_AUTH_FLOW names, then read the org's limits."
        );
        println!("Without SF_AUTH_FLOW: show every flow against an in-process emulator.\n");
        print!("{}", flows::help());
        return ExitCode::SUCCESS;
    }
    let result = if std::env::var_os(flows::FLOW_VAR).is_some() {
        from_environment().await
    } else {
        demo::run().await
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Signs in with the flow the environment configures.
async fn from_environment() -> example_support::Result<bool> {
    let (flow, auth) = flows::from_env(|k| std::env::var(k).ok())?;
    let client = Client::builder().auth_arc(auth).build()?;
    match check::signed_in(&client).await {
        Ok(signed) => {
            println!("{flow}: {signed}");
            Ok(true)
        }
        Err(e) => {
            eprintln!("{flow}: {e}");
            eprintln!("check the variables of {flow} (`--help` lists them)");
            Ok(false)
        }
    }
}
