//! Every auth flow, configured from environment variables: the one table of
//! `SF_*` login variables that the examples and `sf-codegen`'s command line
//! share. `SF_AUTH_FLOW` names the flow; [`Flow::vars`] says which other
//! variables it reads. Everything goes through a `lookup` function, so a caller
//! can feed a map instead of the process environment.
//!
//! ```
//! use std::collections::HashMap;
//! use sf_runtime::client::auth::flows::{self, vars, Flow};
//!
//! let env = HashMap::from([
//!     (flows::FLOW_VAR, "access-token"),
//!     (vars::INSTANCE_URL, "https://example.my.salesforce.com"),
//!     (vars::ACCESS_TOKEN, "00D...!token"),
//! ]);
//! let (flow, auth) = flows::from_env(|k| env.get(k).map(|v| v.to_string())).unwrap();
//! assert_eq!(flow, Flow::AccessToken);
//! # let _ = auth;
//! ```

use std::fmt;
use std::sync::Arc;

use super::{
    Auth, ClientCredentials, JwtBearer, RefreshToken, SfCli, StaticToken, UsernamePassword,
    DEFAULT_LOGIN_URL,
};

/// The variable that names the flow.
pub const FLOW_VAR: &str = "SF_AUTH_FLOW";

/// The names of the login variables.
pub mod vars {
    /// Token endpoint host (`https://login.salesforce.com`, `https://test.salesforce.com`, My Domain).
    pub const LOGIN_URL: &str = "SF_LOGIN_URL";
    /// The connected app's consumer key.
    pub const CLIENT_ID: &str = "SF_CLIENT_ID";
    /// The connected app's consumer secret.
    pub const CLIENT_SECRET: &str = "SF_CLIENT_SECRET";
    /// The user (JWT bearer, username-password).
    pub const USERNAME: &str = "SF_USERNAME";
    /// The password, followed by the security token when the org asks for one.
    pub const PASSWORD: &str = "SF_PASSWORD";
    /// The RSA private key (PEM) of the JWT bearer flow.
    pub const JWT_KEY_FILE: &str = "SF_JWT_KEY_FILE";
    /// The JWT `aud` claim, when it is not the login URL.
    pub const JWT_AUDIENCE: &str = "SF_JWT_AUDIENCE";
    /// A refresh token.
    pub const REFRESH_TOKEN: &str = "SF_REFRESH_TOKEN";
    /// Saved `sf org display --json` output.
    pub const CLI_JSON_FILE: &str = "SF_CLI_JSON_FILE";
    /// The `sf` CLI alias or username of the org.
    pub const TARGET_ORG: &str = "SF_TARGET_ORG";
    /// The org's instance URL.
    pub const INSTANCE_URL: &str = "SF_INSTANCE_URL";
    /// An access token.
    pub const ACCESS_TOKEN: &str = "SF_ACCESS_TOKEN";
}

use vars::*;

/// A flow, by the name `SF_AUTH_FLOW` takes.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// [`ClientCredentials`].
    ClientCredentials,
    /// [`JwtBearer`].
    JwtBearer,
    /// [`RefreshToken`].
    RefreshToken,
    /// [`UsernamePassword`].
    UsernamePassword,
    /// [`SfCli`].
    SfCli,
    /// [`StaticToken`].
    AccessToken,
}

/// One variable a flow reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Var {
    /// Its name (`SF_CLIENT_ID`).
    pub name: &'static str,
    /// Whether the flow fails without it.
    pub required: bool,
    /// What it holds, for help texts and errors.
    pub meaning: &'static str,
}

const fn var(name: &'static str, required: bool, meaning: &'static str) -> Var {
    Var {
        name,
        required,
        meaning,
    }
}

const LOGIN_URL_VAR: Var = var(
    LOGIN_URL,
    false,
    "token endpoint host (default https://login.salesforce.com; https://test.salesforce.com for sandboxes, or your My Domain URL)",
);
const CLIENT_ID_VAR: Var = var(CLIENT_ID, true, "the connected app's consumer key");

impl Flow {
    /// Every flow, in the order the help and the demo show them.
    pub const ALL: [Flow; 6] = [
        Flow::ClientCredentials,
        Flow::JwtBearer,
        Flow::RefreshToken,
        Flow::UsernamePassword,
        Flow::SfCli,
        Flow::AccessToken,
    ];

    /// The value of `SF_AUTH_FLOW` that selects it.
    pub fn name(self) -> &'static str {
        match self {
            Flow::ClientCredentials => "client-credentials",
            Flow::JwtBearer => "jwt-bearer",
            Flow::RefreshToken => "refresh-token",
            Flow::UsernamePassword => "username-password",
            Flow::SfCli => "sf-cli",
            Flow::AccessToken => "access-token",
        }
    }

    /// When to choose it.
    pub fn summary(self) -> &'static str {
        match self {
            Flow::ClientCredentials => "server to server, a connected app with a run-as user",
            Flow::JwtBearer => "server to server or CI, a certificate on the connected app",
            Flow::RefreshToken => "a refresh token a user granted once (web server flow)",
            Flow::UsernamePassword => "legacy: blocked by default in new orgs, prefer jwt-bearer",
            Flow::SfCli => "an org the Salesforce CLI has authorised (local development)",
            Flow::AccessToken => "a token you already have; no refresh",
        }
    }

    /// The variables it reads besides `SF_AUTH_FLOW`.
    pub fn vars(self) -> Vec<Var> {
        match self {
            Flow::ClientCredentials => vec![
                var(LOGIN_URL, true, "your My Domain URL: this flow needs it"),
                CLIENT_ID_VAR,
                var(CLIENT_SECRET, true, "the connected app's consumer secret"),
            ],
            Flow::JwtBearer => vec![
                LOGIN_URL_VAR,
                CLIENT_ID_VAR,
                var(USERNAME, true, "the user to act as"),
                var(
                    JWT_KEY_FILE,
                    true,
                    "the RSA private key (PEM) whose certificate is uploaded to the connected app",
                ),
                var(
                    JWT_AUDIENCE,
                    false,
                    "the aud claim, when it is not the login URL",
                ),
            ],
            Flow::RefreshToken => vec![
                LOGIN_URL_VAR,
                CLIENT_ID_VAR,
                var(REFRESH_TOKEN, true, "the refresh token"),
                var(
                    CLIENT_SECRET,
                    false,
                    "the consumer secret, when the app requires it",
                ),
            ],
            Flow::UsernamePassword => vec![
                LOGIN_URL_VAR,
                CLIENT_ID_VAR,
                var(CLIENT_SECRET, true, "the connected app's consumer secret"),
                var(USERNAME, true, "the user"),
                var(
                    PASSWORD,
                    true,
                    "the password, followed by the security token when the org asks for one",
                ),
            ],
            Flow::SfCli => vec![
                var(
                    CLI_JSON_FILE,
                    false,
                    "saved `sf org display --json` output (e.g. from a CI step)",
                ),
                var(
                    TARGET_ORG,
                    false,
                    "else: run `sf org display --json --target-org` with this alias (default: the CLI's default org)",
                ),
            ],
            Flow::AccessToken => vec![
                var(INSTANCE_URL, true, "the org's instance URL"),
                var(ACCESS_TOKEN, true, "the access token"),
            ],
        }
    }
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is missing or wrong in the environment, said so it can be fixed (never
/// a variable's value: it may be a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The flow `SF_AUTH_FLOW` names and its provider, built from the variables
/// `lookup` returns (blank counts as unset).
pub fn from_env(
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<(Flow, Arc<dyn Auth>), ConfigError> {
    let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
    let name = get(FLOW_VAR)
        .ok_or_else(|| ConfigError(format!("{FLOW_VAR} is not set: {}", choices())))?;
    let flow = Flow::ALL
        .into_iter()
        .find(|f| f.name() == name.trim())
        .ok_or_else(|| ConfigError(format!("{FLOW_VAR}={name} is not a flow: {}", choices())))?;
    let need = |name: &str| {
        get(name).ok_or_else(|| {
            let meaning = flow
                .vars()
                .into_iter()
                .find(|v| v.name == name)
                .map_or("", |v| v.meaning);
            ConfigError(format!("{FLOW_VAR}={flow} needs {name}: {meaning}"))
        })
    };
    let login_url = || get(LOGIN_URL).unwrap_or_else(|| DEFAULT_LOGIN_URL.to_string());

    let auth: Arc<dyn Auth> = match flow {
        Flow::ClientCredentials => Arc::new(ClientCredentials::new(
            need(LOGIN_URL)?,
            need(CLIENT_ID)?,
            need(CLIENT_SECRET)?,
        )),
        Flow::JwtBearer => {
            let key_file = need(JWT_KEY_FILE)?;
            let pem = std::fs::read(&key_file).map_err(|e| {
                ConfigError(format!("SF_JWT_KEY_FILE={key_file}: cannot read it: {e}"))
            })?;
            let mut jwt = JwtBearer::new(need(CLIENT_ID)?, need(USERNAME)?, &pem)
                .map_err(|e| ConfigError(format!("SF_JWT_KEY_FILE={key_file}: {e}")))?
                .login_url(login_url());
            if let Some(aud) = get(JWT_AUDIENCE) {
                jwt = jwt.audience(aud);
            }
            Arc::new(jwt)
        }
        Flow::RefreshToken => {
            let mut auth =
                RefreshToken::new(need(CLIENT_ID)?, need(REFRESH_TOKEN)?).login_url(login_url());
            if let Some(secret) = get(CLIENT_SECRET) {
                auth = auth.client_secret(secret);
            }
            Arc::new(auth)
        }
        Flow::UsernamePassword => Arc::new(
            UsernamePassword::new(
                need(CLIENT_ID)?,
                need(CLIENT_SECRET)?,
                need(USERNAME)?,
                need(PASSWORD)?,
            )
            .login_url(login_url()),
        ),
        Flow::SfCli => match get(CLI_JSON_FILE) {
            Some(file) => Arc::new(
                SfCli::from_file(&file)
                    .map_err(|e| ConfigError(format!("SF_CLI_JSON_FILE={file}: {e}")))?,
            ),
            None => Arc::new(SfCli::target_org(get(TARGET_ORG).as_deref())),
        },
        Flow::AccessToken => Arc::new(StaticToken::with_instance_url(
            need(ACCESS_TOKEN)?,
            need(INSTANCE_URL)?,
        )),
    };
    Ok((flow, auth))
}

fn choices() -> String {
    let names: Vec<&str> = Flow::ALL.iter().map(|f| f.name()).collect();
    format!("set it to one of {}", names.join(", "))
}

/// The variables of every flow, for `--help`.
pub fn help() -> String {
    let mut out = format!(
        "Set {FLOW_VAR} to choose a flow; each flow reads the variables listed under it.\n"
    );
    for flow in Flow::ALL {
        out.push_str(&format!("\n{FLOW_VAR}={flow}    {}\n", flow.summary()));
        for v in flow.vars() {
            let mark = if v.required { "required" } else { "optional" };
            out.push_str(&format!("    {:<18} {mark}: {}\n", v.name, v.meaning));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn error(pairs: &[(&str, &str)]) -> String {
        match from_env(env(pairs)) {
            Ok((flow, _)) => panic!("configured {flow}"),
            Err(e) => e.0,
        }
    }

    #[test]
    fn a_missing_variable_is_named_with_what_it_is() {
        assert_eq!(
            error(&[
                ("SF_AUTH_FLOW", "jwt-bearer"),
                ("SF_CLIENT_ID", "cid"),
                ("SF_USERNAME", "u@example.com")
            ]),
            "SF_AUTH_FLOW=jwt-bearer needs SF_JWT_KEY_FILE: the RSA private key (PEM) whose certificate is uploaded to the connected app"
        );
        assert_eq!(
            error(&[("SF_AUTH_FLOW", "client-credentials"), ("SF_CLIENT_ID", "cid")]),
            "SF_AUTH_FLOW=client-credentials needs SF_LOGIN_URL: your My Domain URL: this flow needs it"
        );
        // A blank value is as good as unset.
        assert!(error(&[
            ("SF_AUTH_FLOW", "access-token"),
            ("SF_INSTANCE_URL", "https://x.my.salesforce.com"),
            ("SF_ACCESS_TOKEN", "  ")
        ])
        .starts_with("SF_AUTH_FLOW=access-token needs SF_ACCESS_TOKEN"));
    }

    #[test]
    fn an_unknown_or_missing_flow_lists_the_choices() {
        let all = "client-credentials, jwt-bearer, refresh-token, username-password, sf-cli, access-token";
        assert_eq!(
            error(&[("SF_AUTH_FLOW", "saml")]),
            format!("SF_AUTH_FLOW=saml is not a flow: set it to one of {all}")
        );
        assert_eq!(
            error(&[]),
            format!("SF_AUTH_FLOW is not set: set it to one of {all}")
        );
    }

    #[test]
    fn every_flow_builds_from_its_required_variables() {
        let key = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/client_support/test_rsa_key.pem"
        );
        let values = HashMap::from([
            ("SF_LOGIN_URL", "https://example.my.salesforce.com"),
            ("SF_CLIENT_ID", "cid"),
            ("SF_CLIENT_SECRET", "client-secret-value"),
            ("SF_USERNAME", "u@example.com"),
            ("SF_PASSWORD", "password-value"),
            ("SF_JWT_KEY_FILE", key),
            ("SF_REFRESH_TOKEN", "refresh-token-value"),
            ("SF_INSTANCE_URL", "https://example.my.salesforce.com"),
            ("SF_ACCESS_TOKEN", "access-token-value"),
        ]);
        for flow in Flow::ALL {
            let mut pairs = vec![("SF_AUTH_FLOW", flow.name())];
            for v in flow.vars().into_iter().filter(|v| v.required) {
                pairs.push((v.name, values[v.name]));
            }
            let (got, auth) = from_env(env(&pairs)).unwrap_or_else(|e| panic!("{flow}: {e}"));
            assert_eq!(got, flow);
            // No provider shows a secret in Debug.
            let debug = format!("{auth:?}");
            for secret in [
                "client-secret-value",
                "password-value",
                "refresh-token-value",
                "access-token-value",
            ] {
                assert!(!debug.contains(secret), "{flow}: {debug}");
            }
        }
    }

    #[test]
    fn help_lists_every_flow_and_variable() {
        let help = help();
        for flow in Flow::ALL {
            assert!(help.contains(&format!("SF_AUTH_FLOW={flow} ")), "{help}");
            for v in flow.vars() {
                assert!(help.contains(v.name), "{help}");
            }
        }
    }
}
