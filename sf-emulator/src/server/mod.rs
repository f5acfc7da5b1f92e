//! The HTTP surface: the router that puts every resource behind the same
//! layer of faults, authentication and API usage counting.
//!
//! Route files register full paths (`/services/data/{version}/…`); the
//! `{version}` segment is checked once, in the API layer.

mod admin;
mod apex;
mod api_layer;
mod auth_routes;
mod authorize;
mod collections;
mod meta;
mod query;
mod replication;
mod sobjects;
mod write_body;

use axum::Router;

use crate::state::AppState;

/// Largest request body accepted.
const MAX_BODY_BYTES: usize = 150 * 1024 * 1024;

/// The whole application: OAuth, admin, and the data API (own resources plus
/// composite, collections and bulk) behind the API layer.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(meta::routes())
        .merge(sobjects::routes())
        .merge(query::routes())
        .merge(replication::routes())
        .merge(apex::routes())
        .merge(crate::composite::routes())
        .merge(collections::routes())
        .merge(crate::bulk::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api_layer::api_layer,
        ));
    Router::new()
        .merge(meta::public_routes())
        .merge(auth_routes::routes())
        .merge(authorize::routes())
        .merge(admin::routes())
        .merge(api)
        .fallback(api_layer::not_found)
        // Bulk API 2.0 accepts uploads of up to 150 MB; axum's default is 2 MB.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
