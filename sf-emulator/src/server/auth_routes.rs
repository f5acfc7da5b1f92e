//! `/services/oauth2/token`, `revoke`, `introspect`, `userinfo` and the
//! identity URL the token response points at. The browser pages of the web
//! server and device flows are in `authorize`.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::oauth::{exchange, Session, BAD_SECRET_BODY, DEMO_USERNAME, ORG_ID};
use crate::org::EMULATOR_USER_ID;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/services/oauth2/token", post(token))
        .route("/services/oauth2/revoke", post(revoke).get(revoke))
        .route("/services/oauth2/introspect", post(introspect))
        .route("/id/{org}/{user}", get(identity))
        .route("/services/oauth2/userinfo", get(userinfo).post(userinfo))
}

/// Form parameters from the query string and the urlencoded body (Salesforce
/// accepts both), plus the client from a Basic `Authorization` header when
/// the form does not name one.
pub(super) fn form(
    query: Option<&str>,
    body: &[u8],
    headers: &HeaderMap,
) -> HashMap<String, String> {
    let mut out: HashMap<String, String> =
        url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    out.extend(url::form_urlencoded::parse(body).into_owned());
    if !out.contains_key("client_id") {
        if let Some((id, secret)) = basic_auth(headers) {
            out.insert("client_id".into(), id);
            out.insert("client_secret".into(), secret);
        }
    }
    out
}

fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    use base64::Engine;
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
}

async fn token(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = form(query.as_deref(), &body, &headers);
    match exchange(&params, &state.config, &state.tokens, &state.base_url) {
        Ok(body) => Json(body).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, Json(e.body())).into_response(),
    }
}

async fn revoke(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = form(query.as_deref(), &body, &headers);
    let token = params.get("token").map(String::as_str).unwrap_or_default();
    if !token.is_empty()
        && state
            .tokens
            .revoke(token, state.config.credentials.is_open())
    {
        StatusCode::OK.into_response()
    } else {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "unsupported_token_type", "error_description": "this token type is not supported"})),
        )
            .into_response()
    }
}

/// RFC 7662 introspection as Salesforce answers it: the caller authenticates
/// as the client (form or Basic); an unknown, expired or revoked token is
/// `{"active": false}`.
async fn introspect(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let params = form(None, &body, &headers);
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let client_ok = match &state.config.credentials.client {
        Some((id, secret)) => {
            get("client_id") == Some(id.as_str()) && get("client_secret") == Some(secret.as_str())
        }
        None => get("client_id").is_some(),
    };
    if !client_ok {
        return (StatusCode::UNAUTHORIZED, Json(BAD_SECRET_BODY.body())).into_response();
    }
    let Some(found) = get("token").and_then(|t| state.tokens.introspect(t)) else {
        return Json(json!({"active": false})).into_response();
    };
    let mut body = json!({
        "active": true,
        "scope": found.session.scope.clone().unwrap_or_default(),
        "client_id": found.session.client_id,
        "username": found.session.username,
        "sub": identity_url(&state.base_url),
        "token_type": found.token_type,
        "iat": found.iat,
        "nbf": found.iat,
    });
    if let Some(exp) = found.exp {
        body["exp"] = json!(exp);
    }
    Json(body).into_response()
}

fn identity_url(base: &str) -> String {
    format!("{base}/id/{ORG_ID}/{EMULATOR_USER_ID}")
}

/// Display names derived from a username: the emulator has one user, named
/// after whoever logged in.
struct Person {
    username: String,
    email: String,
    nick: String,
}

impl Person {
    fn of(session: Option<&Session>) -> Self {
        let username = session
            .map_or(DEMO_USERNAME, |s| s.username.as_str())
            .to_owned();
        let email = if username.contains('@') {
            username.clone()
        } else {
            format!("{username}@example.com")
        };
        let nick = username.split('@').next().unwrap_or_default().to_owned();
        Person {
            username,
            email,
            nick,
        }
    }
}

fn urls(base: &str) -> Value {
    json!({
        "rest": format!("{base}/services/data/v{{version}}/"),
        "sobjects": format!("{base}/services/data/v{{version}}/sobjects/"),
        "query": format!("{base}/services/data/v{{version}}/query/"),
        "search": format!("{base}/services/data/v{{version}}/search/"),
        "custom_domain": base.to_string(),
    })
}

/// The identity URL (`id` in the token response): who the session belongs
/// to. Answered for the bearer's user when a valid token is sent, for the
/// demo user otherwise.
async fn identity(
    State(state): State<AppState>,
    Path((org, user)): Path<(String, String)>,
    headers: HeaderMap,
) -> Json<Value> {
    let base = &state.base_url;
    let session = bearer(&headers).and_then(|t| state.tokens.session(t));
    let p = Person::of(session.as_ref());
    Json(json!({
        "id": format!("{base}/id/{org}/{user}"),
        "asserted_user": true,
        "user_id": user,
        "organization_id": org,
        "username": p.username,
        "nick_name": p.nick,
        "first_name": "Emulator",
        "last_name": "User",
        "status": {"created_date": null, "body": null},
        "email_verified": true,
        "timezone": "GMT",
        "is_app_installed": true,
        "is_lightning_login_user": false,
        "display_name": "Emulator User",
        "email": p.email,
        "active": true,
        "user_type": "STANDARD",
        "language": "en_US",
        "locale": "en_US",
        "utcOffset": 0,
        "urls": urls(base),
    }))
}

/// OpenID Connect user info for a valid session (401 otherwise, like the API).
async fn userinfo(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(session) = bearer(&headers).and_then(|t| state.tokens.session(t)) else {
        return crate::errors::ApiErrors::from(crate::errors::ApiError::invalid_session())
            .into_response();
    };
    let base = &state.base_url;
    let p = Person::of(Some(&session));
    Json(json!({
        "sub": identity_url(base),
        "user_id": EMULATOR_USER_ID,
        "organization_id": ORG_ID,
        "preferred_username": p.username,
        "nickname": p.nick,
        "name": "Emulator User",
        "email": p.email,
        "email_verified": true,
        "given_name": "Emulator",
        "family_name": "User",
        "zoneinfo": "GMT",
        "profile": format!("{base}/{EMULATOR_USER_ID}"),
        "address": {},
        "is_salesforce_integration_user": false,
        "urls": urls(base),
        "active": true,
        "user_type": "STANDARD",
        "language": "en_US",
        "locale": "en_US",
        "utcOffset": 0,
        "is_app_installed": true,
    }))
    .into_response()
}
