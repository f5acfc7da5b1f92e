//! `/services/oauth2/token`, `/services/oauth2/revoke` and the identity URL
//! the token response points at.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::oauth::{check_grant, token_response, ORG_ID};
use crate::org::EMULATOR_USER_ID;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/services/oauth2/token", post(token))
        .route("/services/oauth2/revoke", post(revoke).get(revoke))
        .route("/id/{org}/{user}", get(identity))
        .route("/services/oauth2/userinfo", get(userinfo))
}

/// Form parameters from the query string and the urlencoded body (Salesforce
/// accepts both).
fn form(query: Option<&str>, body: &[u8]) -> HashMap<String, String> {
    let mut out: HashMap<String, String> =
        url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    out.extend(url::form_urlencoded::parse(body).into_owned());
    out
}

async fn token(State(state): State<AppState>, RawQuery(query): RawQuery, body: Bytes) -> Response {
    let params = form(query.as_deref(), &body);
    match check_grant(&params, &state.config.credentials, &state.tokens) {
        Ok(scope) => {
            let access = state.tokens.issue(state.config.token_ttl);
            Json(token_response(&access, &state.base_url, scope)).into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, Json(e.body())).into_response(),
    }
}

async fn revoke(State(state): State<AppState>, RawQuery(query): RawQuery, body: Bytes) -> Response {
    let params = form(query.as_deref(), &body);
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

/// The identity URL (`id` in the token response): who the session belongs to.
async fn identity(
    State(state): State<AppState>,
    Path((org, user)): Path<(String, String)>,
) -> Json<serde_json::Value> {
    let base = &state.base_url;
    Json(json!({
        "id": format!("{base}/id/{org}/{user}"),
        "asserted_user": true,
        "user_id": user,
        "organization_id": org,
        "username": "emulator@example.com",
        "nick_name": "emulator",
        "first_name": "Emulator",
        "last_name": "User",
        "status": {"created_date": null, "body": null},
        "email_verified": true,
        "timezone": "GMT",
        "is_app_installed": true,
        "is_lightning_login_user": false,
        "display_name": "Emulator User",
        "email": "emulator@example.com",
        "active": true,
        "user_type": "STANDARD",
        "language": "en_US",
        "locale": "en_US",
        "utcOffset": 0,
        "urls": {
            "rest": format!("{base}/services/data/v{{version}}/"),
            "sobjects": format!("{base}/services/data/v{{version}}/sobjects/"),
            "query": format!("{base}/services/data/v{{version}}/query/"),
            "search": format!("{base}/services/data/v{{version}}/search/"),
            "custom_domain": base.to_string(),
        },
    }))
}

/// OpenID Connect user info for a valid session (401 otherwise, like the API).
async fn userinfo(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .map(|(_, t)| t.trim());
    if !token.is_some_and(|t| state.tokens.is_valid(t)) {
        return crate::errors::ApiErrors::from(crate::errors::ApiError::invalid_session())
            .into_response();
    }
    let base = &state.base_url;
    Json(json!({
        "sub": format!("{base}/id/{ORG_ID}/{EMULATOR_USER_ID}"),
        "user_id": EMULATOR_USER_ID,
        "organization_id": ORG_ID,
        "preferred_username": "emulator@example.com",
        "name": "Emulator User",
        "email": "emulator@example.com",
        "email_verified": true,
        "active": true,
        "user_type": "STANDARD",
        "language": "en_US",
        "locale": "en_US",
        "utcOffset": 0,
    }))
    .into_response()
}
