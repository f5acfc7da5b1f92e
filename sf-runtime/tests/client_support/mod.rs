//! A small scripted Salesforce stand-in (axum, loopback) for client tests that need
//! exact control over each answer: token endpoint with counters, token expiry,
//! query pages over synthetic rows, scripted faults, `Sforce-Limit-Info`.
#![allow(dead_code, clippy::result_large_err)]

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::{json, Value};

/// A scripted answer for the next data request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer normally.
    Pass,
    /// Status, `Retry-After` header, JSON body.
    Status(u16, Option<&'static str>, Value),
    /// 401 INVALID_SESSION_ID and every issued token is expired.
    ExpireSession,
    /// Process the request, then answer with this status (the write happened).
    AfterApply(u16),
    /// Signal `entered`, wait for `release`, then answer 503 with `Retry-After: 0`:
    /// lets a test change the world (expire and refresh tokens) while a request waits.
    Hold {
        entered: Arc<tokio::sync::Notify>,
        release: Arc<tokio::sync::Notify>,
    },
}

/// What happens to the body of a query page (see [`MockState::cuts`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cut {
    /// Served whole.
    Whole,
    /// The connection breaks halfway through the body.
    Break,
    /// Breaks halfway, and the page's first row changes (same length) before it
    /// can be fetched again.
    BreakAndChange,
    /// One `,` between two rows in the second half is sent as a space.
    Garble,
    /// Half the body, then the rest after this many milliseconds.
    Stall(u64),
}

#[derive(Default)]
pub struct MockState {
    pub url: Mutex<String>,
    pub token_requests: AtomicU64,
    pub token_forms: Mutex<Vec<Vec<(String, String)>>>,
    pub valid_tokens: Mutex<HashSet<String>>,
    pub issued: AtomicU64,
    pub rows: Mutex<Vec<Value>>,
    pub page_size: AtomicU64,
    pub faults: Mutex<VecDeque<Fault>>,
    pub data_requests: AtomicU64,
    /// Data requests answered 401.
    pub unauthorized: AtomicU64,
    pub creates: Mutex<Vec<Value>>,
    pub seen_paths: Mutex<Vec<String>>,
    pub limit_used: AtomicU64,
    pub delay_token_ms: AtomicU64,
    pub children: Mutex<std::collections::HashMap<usize, Vec<Value>>>,
    pub child_page: AtomicU64,
    /// For each query page request in turn (none left: whole).
    pub cuts: Mutex<VecDeque<Cut>>,
}

pub fn child(parent: usize, c: usize) -> Value {
    json!({"attributes": {"type": "Contact"}, "LastName": format!("P{parent}C{c}"), "Seq": c})
}

pub struct MockOrg {
    pub url: String,
    pub state: Arc<MockState>,
}

pub const STATIC_TOKEN: &str = "00Dmock!static-token-value";

impl MockOrg {
    pub async fn start() -> MockOrg {
        let state = Arc::new(MockState::default());
        state
            .valid_tokens
            .lock()
            .unwrap()
            .insert(STATIC_TOKEN.into());
        state.page_size.store(2000, Ordering::SeqCst);
        let app = Router::new()
            .route("/services/oauth2/token", post(token))
            .route("/services/data/v66.0/query", get(query_first))
            .route("/services/data/v66.0/query/{cursor}", get(query_next))
            .route("/services/data/v66.0/sobjects/{object}", post(create))
            .route("/services/data/v66.0/search", get(search))
            .fallback(any(echo))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        *state.url.lock().unwrap() = url.clone();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        MockOrg { url, state }
    }

    pub fn set_rows(&self, n: usize, page_size: u64) {
        let rows = (0..n)
            .map(|i| json!({"attributes": {"type": "Account", "url": format!("/services/data/v66.0/sobjects/Account/{i}")}, "Name": format!("Row {i:06}"), "Seq": i}))
            .collect();
        *self.state.rows.lock().unwrap() = rows;
        self.state.page_size.store(page_size, Ordering::SeqCst);
    }

    /// Parents whose `Contacts` subquery has `children` rows, `child_page` per page.
    pub fn set_rows_with_children(
        &self,
        parents: usize,
        children: usize,
        child_page: usize,
        page_size: u64,
    ) {
        self.set_rows(parents, page_size);
        self.state
            .child_page
            .store(child_page as u64, Ordering::SeqCst);
        let mut rows = self.state.rows.lock().unwrap();
        for (p, row) in rows.iter_mut().enumerate() {
            let kids: Vec<Value> = (0..children).map(|c| child(p, c)).collect();
            *self.state.children.lock().unwrap().entry(p).or_default() = kids.clone();
            let first = child_page.min(children);
            let mut sub = json!({"totalSize": children, "done": first >= children, "records": kids[..first].to_vec()});
            if first < children {
                sub["nextRecordsUrl"] =
                    json!(format!("/services/data/v66.0/query/01gCHILD{p}x{first}"));
            }
            row["Contacts"] = sub;
        }
    }

    pub fn push_fault(&self, f: Fault) {
        self.state.faults.lock().unwrap().push_back(f);
    }

    pub fn expire_tokens(&self) {
        self.state
            .valid_tokens
            .lock()
            .unwrap()
            .retain(|t| t == STATIC_TOKEN);
    }

    pub fn token_requests(&self) -> u64 {
        self.state.token_requests.load(Ordering::SeqCst)
    }

    pub fn data_requests(&self) -> u64 {
        self.state.data_requests.load(Ordering::SeqCst)
    }
}

fn sf_error(status: u16, code: &str, msg: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json")],
        json!([{"message": msg, "errorCode": code}]).to_string(),
    )
        .into_response()
}

/// Auth check, scripted faults and the limit header, common to data routes.
/// `Err` is the response to send instead; `Ok(Some(status))` asks to apply then
/// answer with that status.
async fn gate(state: &MockState, headers: &HeaderMap, path: &str) -> Result<Option<u16>, Response> {
    state.data_requests.fetch_add(1, Ordering::SeqCst);
    state.seen_paths.lock().unwrap().push(path.to_string());
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_string();
    if !state.valid_tokens.lock().unwrap().contains(&token) {
        state.unauthorized.fetch_add(1, Ordering::SeqCst);
        return Err(sf_error(
            401,
            "INVALID_SESSION_ID",
            "Session expired or invalid",
        ));
    }
    let fault = state.faults.lock().unwrap().pop_front();
    match fault {
        None | Some(Fault::Pass) => Ok(None),
        Some(Fault::AfterApply(s)) => Ok(Some(s)),
        Some(Fault::ExpireSession) => {
            state.unauthorized.fetch_add(1, Ordering::SeqCst);
            state
                .valid_tokens
                .lock()
                .unwrap()
                .retain(|t| t == STATIC_TOKEN);
            Err(sf_error(
                401,
                "INVALID_SESSION_ID",
                "Session expired or invalid",
            ))
        }
        Some(Fault::Hold { entered, release }) => {
            entered.notify_one();
            release.notified().await;
            let mut resp = sf_error(503, "SERVER_UNAVAILABLE", "held by the test");
            resp.headers_mut()
                .insert("retry-after", "0".parse().unwrap());
            Err(resp)
        }
        Some(Fault::Status(status, retry_after, body)) => {
            let mut resp =
                (StatusCode::from_u16(status).unwrap(), body.to_string()).into_response();
            if let Some(ra) = retry_after {
                resp.headers_mut()
                    .insert("retry-after", ra.parse().unwrap());
            }
            Err(resp)
        }
    }
}

fn with_limits(state: &MockState, mut resp: Response) -> Response {
    let used = state.limit_used.fetch_add(1, Ordering::SeqCst) + 1;
    resp.headers_mut().insert(
        "sforce-limit-info",
        format!("api-usage={used}/100").parse().unwrap(),
    );
    resp
}

async fn token(
    State(state): State<Arc<MockState>>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    state.token_requests.fetch_add(1, Ordering::SeqCst);
    let delay = state.delay_token_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    state.token_forms.lock().unwrap().push(form.clone());
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    if get("client_secret") == Some("wrong-secret") || get("refresh_token") == Some("revoked") {
        return (
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_grant", "error_description": "authentication failure"})
                .to_string(),
        )
            .into_response();
    }
    let n = state.issued.fetch_add(1, Ordering::SeqCst);
    let token = format!("00Dmock!issued-{n}-secretpart");
    state.valid_tokens.lock().unwrap().insert(token.clone());
    let url = state.url.lock().unwrap().clone();
    axum::Json(json!({
        "access_token": token,
        "instance_url": url,
        "id": format!("{url}/id/00D/005"),
        "token_type": "Bearer",
        "issued_at": "1278448832702",
        "signature": "c2lnbmF0dXJl"
    }))
    .into_response()
}

#[derive(serde::Deserialize)]
struct Q {
    q: String,
}

fn page(state: &MockState, offset: usize) -> Value {
    let rows = state.rows.lock().unwrap();
    let size = state.page_size.load(Ordering::SeqCst) as usize;
    let end = (offset + size).min(rows.len());
    let mut body = json!({"totalSize": rows.len(), "done": end >= rows.len(), "records": rows[offset..end].to_vec()});
    if end < rows.len() {
        body["nextRecordsUrl"] = json!(format!("/services/data/v66.0/query/01gCURSOR-{end}"));
    }
    body
}

/// A page body, cut the way the next entry of `cuts` says.
fn serve_page(state: &MockState, offset: usize, body: &Value) -> Response {
    let mut bytes = serde_json::to_vec(body).unwrap();
    let cut = state.cuts.lock().unwrap().pop_front().unwrap_or(Cut::Whole);
    let half = bytes.len() / 2;
    match cut {
        Cut::Whole => {}
        Cut::Garble => {
            let at = half + memchr_find(&bytes[half..], b"},{").expect("two rows after half");
            bytes[at + 1] = b' ';
        }
        Cut::Stall(ms) => {
            use futures::StreamExt;
            let rest = axum::body::Bytes::copy_from_slice(&bytes[half..]);
            bytes.truncate(half);
            let first = axum::body::Bytes::from(bytes);
            let parts = futures::stream::once(async move { Ok::<_, std::io::Error>(first) }).chain(
                futures::stream::once(async move {
                    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
                    Ok(rest)
                }),
            );
            return (
                [("content-type", "application/json")],
                Body::from_stream(parts),
            )
                .into_response();
        }
        Cut::Break | Cut::BreakAndChange => {
            if cut == Cut::BreakAndChange {
                let mut rows = state.rows.lock().unwrap();
                let name = rows[offset]["Name"].as_str().unwrap().to_string();
                let changed = format!("{}X", &name[..name.len() - 1]);
                rows[offset]["Name"] = json!(changed);
            }
            let first = axum::body::Bytes::copy_from_slice(&bytes[..half]);
            // The first half is flushed (the body waits) before the connection breaks.
            use futures::StreamExt;
            let parts = futures::stream::once(async move { Ok(first) }).chain(
                futures::stream::once(async {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    Err(std::io::Error::other("connection cut by the test"))
                }),
            );
            return (
                [("content-type", "application/json")],
                Body::from_stream(parts),
            )
                .into_response();
        }
    }
    ([("content-type", "application/json")], bytes).into_response()
}

fn memchr_find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn query_first(
    State(state): State<Arc<MockState>>,
    headers: HeaderMap,
    Query(q): Query<Q>,
) -> Response {
    if let Err(r) = gate(&state, &headers, &format!("query?q={}", q.q)).await {
        return with_limits(&state, r);
    }
    let body = page(&state, 0);
    with_limits(&state, serve_page(&state, 0, &body))
}

async fn query_next(
    State(state): State<Arc<MockState>>,
    headers: HeaderMap,
    Path(cursor): Path<String>,
) -> Response {
    if let Err(r) = gate(&state, &headers, &format!("query/{cursor}")).await {
        return with_limits(&state, r);
    }
    if let Some(rest) = cursor.strip_prefix("01gCHILD") {
        let (p, offset) = rest.split_once('x').unwrap();
        let (p, offset): (usize, usize) = (p.parse().unwrap(), offset.parse().unwrap());
        let kids = state
            .children
            .lock()
            .unwrap()
            .get(&p)
            .cloned()
            .unwrap_or_default();
        let end = (offset + state.child_page.load(Ordering::SeqCst) as usize).min(kids.len());
        let mut body = json!({"totalSize": kids.len(), "done": end >= kids.len(), "records": kids[offset..end].to_vec()});
        if end < kids.len() {
            body["nextRecordsUrl"] = json!(format!("/services/data/v66.0/query/01gCHILD{p}x{end}"));
        }
        return with_limits(&state, axum::Json(body).into_response());
    }
    let offset: usize = cursor.rsplit('-').next().unwrap().parse().unwrap();
    let body = page(&state, offset);
    with_limits(&state, serve_page(&state, offset, &body))
}

async fn create(
    State(state): State<Arc<MockState>>,
    headers: HeaderMap,
    Path(object): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let after = match gate(&state, &headers, &format!("sobjects/{object}")).await {
        Err(r) => return with_limits(&state, r),
        Ok(a) => a,
    };
    let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let n = {
        let mut creates = state.creates.lock().unwrap();
        creates.push(value);
        creates.len()
    };
    if let Some(status) = after {
        return with_limits(
            &state,
            (
                StatusCode::from_u16(status).unwrap(),
                "<html>gateway</html>",
            )
                .into_response(),
        );
    }
    let id = format!("001000000000{n:03}AAA");
    with_limits(
        &state,
        (
            StatusCode::CREATED,
            axum::Json(json!({"id": id, "success": true, "errors": []})),
        )
            .into_response(),
    )
}

/// Any other path: `{method, path, query, body}` so tests can check what was sent.
async fn echo(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Err(r) = gate(&state, &headers, uri.path()).await {
        return with_limits(&state, r);
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let resp = Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"method": method.as_str(), "path": uri.path(), "query": uri.query(), "body": body}).to_string(),
        ))
        .unwrap();
    with_limits(&state, resp)
}

/// SOSL: the wrapped shape, or the old bare array when the query contains `BARE`.
async fn search(
    State(state): State<Arc<MockState>>,
    headers: HeaderMap,
    Query(q): Query<Q>,
) -> Response {
    if let Err(r) = gate(&state, &headers, "search").await {
        return with_limits(&state, r);
    }
    let rows = json!([
        {"attributes": {"type": "Account", "url": "/services/data/v66.0/sobjects/Account/001"}, "Id": "001", "Name": q.q},
        {"attributes": {"type": "Contact", "url": "/services/data/v66.0/sobjects/Contact/003"}, "Id": "003"}
    ]);
    let body = if q.q.contains("BARE") {
        rows
    } else {
        json!({"searchRecords": rows})
    };
    with_limits(&state, axum::Json(body).into_response())
}
