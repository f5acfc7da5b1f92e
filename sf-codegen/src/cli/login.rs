//! Picks the login flow from the `pull` flags (or `--auth`) and checks that
//! every piece it needs was given, naming the missing flag and its variable.

use super::args::{AuthFlow, PullArgs};
use sf_codegen::credentials::Credentials;
use sf_codegen::Error;
use sf_runtime::client::auth::flows::vars;

/// Whether the access token and instance URL both came from the environment
/// (then [`Credentials::Env`] re-reads them and errors name the variables).
pub struct Sources {
    pub access_token_from_env: bool,
}

fn need<'a>(
    value: &'a Option<String>,
    flag: &str,
    var: &str,
    flow: &str,
) -> Result<&'a str, Error> {
    value.as_deref().filter(|v| !v.is_empty()).ok_or_else(|| {
        Error::Usage(format!(
            "{flow} needs {flag} (or the environment variable {var}); see `sf-codegen pull --help`"
        ))
    })
}

/// The flow `--auth` names, else the first whose distinguishing flag is set.
fn infer(args: &PullArgs) -> Result<AuthFlow, Error> {
    if let Some(flow) = args.auth {
        return Ok(flow);
    }
    let set = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty());
    Ok(if set(&args.target_org) {
        AuthFlow::SfCli
    } else if args.jwt_key_file.is_some() {
        AuthFlow::Jwt
    } else if set(&args.refresh_token) {
        AuthFlow::RefreshToken
    } else if set(&args.username) && set(&args.password) {
        AuthFlow::Password
    } else if set(&args.client_id) && set(&args.client_secret) {
        AuthFlow::ClientCredentials
    } else if set(&args.access_token) {
        AuthFlow::AccessToken
    } else {
        return Err(Error::Usage(
            "no credentials to log in with. Give one of:\n  \
             --target-org ALIAS (an org the `sf` CLI is logged in to)\n  \
             --client-id + --client-secret (OAuth client credentials; SF_CLIENT_ID, SF_CLIENT_SECRET)\n  \
             --client-id + --username + --jwt-key-file (OAuth JWT bearer)\n  \
             --client-id + --refresh-token (OAuth refresh token)\n  \
             --access-token + --instance-url (SF_ACCESS_TOKEN, SF_INSTANCE_URL)\n  \
             --auth web + --client-id (log in in the browser) or --auth device + --client-id\n\
             See `sf-codegen pull --help`."
                .into(),
        ));
    })
}

/// The credentials the flags describe.
pub fn credentials(args: &PullArgs, sources: &Sources) -> Result<Credentials, Error> {
    let login_url = args.login_url.clone();
    Ok(match infer(args)? {
        AuthFlow::Web => Credentials::WebLogin {
            client_id: need(
                &args.client_id,
                "--client-id",
                vars::CLIENT_ID,
                "--auth web",
            )?
            .into(),
            client_secret: args
                .client_secret
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(Into::into),
            redirect_uri: args.redirect_uri.clone(),
            token_store: args.token_store.clone(),
            login_url,
        },
        AuthFlow::Device => Credentials::DeviceLogin {
            client_id: need(
                &args.client_id,
                "--client-id",
                vars::CLIENT_ID,
                "--auth device",
            )?
            .into(),
            client_secret: args
                .client_secret
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(Into::into),
            token_store: args.token_store.clone(),
            login_url,
        },
        AuthFlow::SfCli => Credentials::SfCli {
            target_org: args.target_org.clone().filter(|t| !t.is_empty()),
        },
        AuthFlow::AccessToken => {
            let flow = "--auth access-token";
            let token = need(
                &args.access_token,
                "--access-token",
                vars::ACCESS_TOKEN,
                flow,
            )?;
            let instance_url = need(
                &args.instance_url,
                "--instance-url",
                vars::INSTANCE_URL,
                flow,
            )?;
            if sources.access_token_from_env {
                Credentials::Env
            } else {
                Credentials::AccessToken {
                    instance_url: instance_url.to_string(),
                    access_token: token.into(),
                }
            }
        }
        AuthFlow::ClientCredentials => {
            let flow = "the client credentials flow";
            Credentials::ClientCredentials {
                login_url,
                client_id: need(&args.client_id, "--client-id", vars::CLIENT_ID, flow)?.into(),
                client_secret: need(
                    &args.client_secret,
                    "--client-secret",
                    vars::CLIENT_SECRET,
                    flow,
                )?
                .into(),
            }
        }
        AuthFlow::Jwt => {
            let flow = "the JWT bearer flow";
            Credentials::JwtBearer {
                login_url,
                client_id: need(&args.client_id, "--client-id", vars::CLIENT_ID, flow)?.into(),
                username: need(&args.username, "--username", vars::USERNAME, flow)?.into(),
                key_file: args.jwt_key_file.clone().ok_or_else(|| {
                    Error::Usage(format!(
                        "{flow} needs --jwt-key-file (or {}); see `sf-codegen pull --help`",
                        vars::JWT_KEY_FILE
                    ))
                })?,
            }
        }
        AuthFlow::RefreshToken => {
            let flow = "the refresh token flow";
            Credentials::RefreshToken {
                login_url,
                client_id: need(&args.client_id, "--client-id", vars::CLIENT_ID, flow)?.into(),
                client_secret: args
                    .client_secret
                    .as_deref()
                    .filter(|s| !s.is_empty())
                    .map(Into::into),
                refresh_token: need(
                    &args.refresh_token,
                    "--refresh-token",
                    vars::REFRESH_TOKEN,
                    flow,
                )?
                .into(),
            }
        }
        AuthFlow::Password => {
            let flow = "the username-password flow";
            Credentials::UsernamePassword {
                login_url,
                client_id: need(&args.client_id, "--client-id", vars::CLIENT_ID, flow)?.into(),
                client_secret: need(
                    &args.client_secret,
                    "--client-secret",
                    vars::CLIENT_SECRET,
                    flow,
                )?
                .into(),
                username: need(&args.username, "--username", vars::USERNAME, flow)?.into(),
                password: need(&args.password, "--password", vars::PASSWORD, flow)?.into(),
            }
        }
    })
}
