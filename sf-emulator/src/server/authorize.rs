//! The browser side of the web server flow (`/services/oauth2/authorize`:
//! login and consent, then a redirect with a code) and of the device flow
//! (`/setup/connect`: enter the user code, log in, allow). Plain HTML forms
//! so a real browser can drive them and a test can post them.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::oauth::{
    check_login, known_client, login_user, AuthRequest, OAuthError, ACCESS_DENIED, BAD_CLIENT_ID,
    REDIRECT_MISMATCH,
};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/services/oauth2/authorize",
            get(authorize_page).post(authorize_submit),
        )
        .route("/setup/connect", get(device_page).post(device_submit))
}

/// Salesforce's login page wording for a failed login.
const LOGIN_FAILED: &str = "Please check your username and password. If you still can't log in, contact your Salesforce administrator.";

fn parse(bytes: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;max-width:26em;margin:3em auto}}\
         label,input,button{{display:block;margin:.4em 0}}input{{width:100%}}\
         .error{{color:#c23934}}</style></head>\
         <body><h1>{title}</h1>\n{body}\n</body></html>\n"
    );
    (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

/// Where no redirect is safe (unknown client, unregistered callback): the
/// error is shown, as Salesforce's error page does.
fn error_page(e: &OAuthError) -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "Authorization error",
        &format!(
            "<p class=\"error\">error=<code id=\"error\">{}</code></p>\
             <p>error_description=<span id=\"error_description\">{}</span></p>",
            e.error, e.description
        ),
    )
}

fn redirect(to: &url::Url) -> Response {
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, to.as_str().to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response()
}

/// The callback with `pairs` (and `state`, when the client sent one) appended.
fn callback(uri: &str, pairs: &[(&str, &str)], state: Option<&str>) -> Option<url::Url> {
    let mut url = url::Url::parse(uri).ok()?;
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
        if let Some(state) = state {
            q.append_pair("state", state);
        }
    }
    Some(url)
}

/// Checks the client and callback; errors here are shown, not redirected.
fn validate(params: &HashMap<String, String>, app: &AppState) -> Result<AuthRequest, OAuthError> {
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
    if !known_client(&app.config.credentials, get("client_id")) {
        return Err(BAD_CLIENT_ID);
    }
    let redirect_uri = get("redirect_uri").ok_or(REDIRECT_MISMATCH)?;
    let registered = &app.config.redirect_uris;
    if (!registered.is_empty() && !registered.iter().any(|r| r == redirect_uri))
        || url::Url::parse(redirect_uri).is_err()
    {
        return Err(REDIRECT_MISMATCH);
    }
    Ok(AuthRequest {
        client_id: get("client_id").unwrap_or_default().to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        scope: Some(get("scope").unwrap_or("api refresh_token").to_owned()),
        code_challenge: get("code_challenge").map(str::to_owned),
        code_challenge_method: get("code_challenge_method").map(str::to_owned),
    })
}

/// Redirects back to the client with an error (the callback is known good).
fn redirect_error(req: &AuthRequest, e: &OAuthError, state: Option<&str>) -> Response {
    callback(
        &req.redirect_uri,
        &[("error", e.error), ("error_description", e.description)],
        state,
    )
    .map_or_else(|| error_page(&REDIRECT_MISMATCH), |u| redirect(&u))
}

fn redirect_code(app: &AppState, req: AuthRequest, user: &str, state: Option<&str>) -> Response {
    let uri = req.redirect_uri.clone();
    let code = app.tokens.issue_code(req, user, app.config.auth_code_ttl);
    callback(&uri, &[("code", &code)], state)
        .map_or_else(|| error_page(&REDIRECT_MISMATCH), |u| redirect(&u))
}

/// Hidden fields carrying the authorize request through the login form.
const CARRIED: [&str; 7] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "scope",
    "code_challenge",
    "code_challenge_method",
];

fn login_form(
    app: &AppState,
    action: &str,
    hidden: &str,
    extra: &str,
    error: Option<&str>,
) -> String {
    let error = error.map_or_else(String::new, |e| {
        format!("<p class=\"error\" id=\"error\">{}</p>", escape(e))
    });
    let user = escape(&login_user(&app.config.credentials));
    format!(
        "{error}<form method=\"post\" action=\"{action}\">{hidden}{extra}\
         <label for=\"username\">Username</label>\
         <input id=\"username\" name=\"username\" type=\"text\" value=\"{user}\" autocomplete=\"username\">\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\">\
         <button type=\"submit\" name=\"action\" value=\"allow\">Allow</button>\
         <button type=\"submit\" name=\"action\" value=\"deny\">Deny</button>\
         </form>"
    )
}

fn authorize_form(
    app: &AppState,
    params: &HashMap<String, String>,
    error: Option<&str>,
) -> Response {
    let hidden: String = CARRIED
        .iter()
        .filter_map(|k| params.get(*k).map(|v| (k, v)))
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
                escape(v)
            )
        })
        .collect();
    let client = escape(params.get("client_id").map_or("", String::as_str));
    let scope = escape(
        params
            .get("scope")
            .map_or("api refresh_token", String::as_str),
    );
    let intro = format!(
        "<p>Log in to the Salesforce emulator and allow <code>{client}</code> \
         to access your data (scopes: <code>{scope}</code>).</p>"
    );
    page(
        StatusCode::OK,
        "Allow access?",
        &format!(
            "{intro}{}",
            login_form(app, "/services/oauth2/authorize", &hidden, "", error)
        ),
    )
}

async fn authorize_page(State(app): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let params = parse(query.unwrap_or_default().as_bytes());
    let req = match validate(&params, &app) {
        Ok(req) => req,
        Err(e) => return error_page(&e),
    };
    let state = params.get("state").map(String::as_str);
    if params.get("response_type").map(String::as_str) != Some("code") {
        let e = OAuthError::new("unsupported_response_type", "response type not supported");
        return redirect_error(&req, &e, state);
    }
    if app.config.auto_approve {
        let user = login_user(&app.config.credentials);
        return redirect_code(&app, req, &user, state);
    }
    authorize_form(&app, &params, None)
}

async fn authorize_submit(State(app): State<AppState>, body: Bytes) -> Response {
    let params = parse(&body);
    let req = match validate(&params, &app) {
        Ok(req) => req,
        Err(e) => return error_page(&e),
    };
    let get = |k: &str| params.get(k).map(String::as_str).unwrap_or_default();
    let state = params.get("state").map(String::as_str);
    if get("action") == "deny" {
        return redirect_error(&req, &ACCESS_DENIED, state);
    }
    if !check_login(&app.config.credentials, get("username"), get("password")) {
        return authorize_form(&app, &params, Some(LOGIN_FAILED));
    }
    redirect_code(&app, req, get("username"), state)
}

fn device_form(app: &AppState, user_code: &str, error: Option<&str>) -> Response {
    let extra = format!(
        "<label for=\"user_code\">Code</label>\
         <input id=\"user_code\" name=\"user_code\" type=\"text\" value=\"{}\" autocomplete=\"off\">",
        escape(user_code)
    );
    page(
        StatusCode::OK,
        "Connect your device",
        &format!(
            "<p>Enter the code your device shows, log in, and allow access.</p>{}",
            login_form(app, "/setup/connect", "", &extra, error)
        ),
    )
}

async fn device_page(State(app): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let params = parse(query.unwrap_or_default().as_bytes());
    device_form(
        &app,
        params.get("user_code").map_or("", String::as_str),
        None,
    )
}

async fn device_submit(State(app): State<AppState>, body: Bytes) -> Response {
    let params = parse(&body);
    let get = |k: &str| params.get(k).map(String::as_str).unwrap_or_default();
    let code = get("user_code");
    if !app.tokens.device_pending(code) {
        return device_form(
            &app,
            code,
            Some("Invalid or expired code. Check the code on your device and try again."),
        );
    }
    if get("action") == "deny" {
        app.tokens.decide_device(code, None);
        return page(
            StatusCode::OK,
            "Access denied",
            "<p id=\"result\">denied</p><p>You can close this window.</p>",
        );
    }
    if !check_login(&app.config.credentials, get("username"), get("password")) {
        return device_form(&app, code, Some(LOGIN_FAILED));
    }
    if !app.tokens.decide_device(code, Some(get("username"))) {
        return device_form(&app, code, Some("Invalid or expired code."));
    }
    page(
        StatusCode::OK,
        "Device connected",
        "<p id=\"result\">approved</p><p>You can close this window and return to your device.</p>",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("\"><script>&'"),
            "&quot;&gt;&lt;script&gt;&amp;&#39;"
        );
    }

    #[test]
    fn callback_keeps_existing_query() {
        let u = callback("http://localhost:1/cb?x=1", &[("code", "a b")], Some("s&t")).unwrap();
        assert_eq!(u.as_str(), "http://localhost:1/cb?x=1&code=a+b&state=s%26t");
        assert!(callback("not a url", &[], None).is_none());
    }
}
