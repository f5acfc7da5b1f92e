//! Operations over `serde_json::Value` and raw SOQL/SOSL: sObject rows, queries,
//! search, describe, limits, versions, and a generic `request` for any REST path.

use std::sync::Arc;

use futures::Stream;
use reqwest::header::HeaderValue;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::dispatch::{ApiRequest, Client};
use super::error::Error;
use super::retry::Idempotency;
use crate::describe::{GlobalDescribe, SObjectDescribe};

/// Result of an upsert by external id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpsertResult<I = String> {
    /// The record id.
    pub id: I,
    /// `true` when the record was created, `false` when an existing one was updated.
    pub created: bool,
}

/// One entry of `GET /services/data/`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ApiVersion {
    /// `"66.0"`.
    pub version: String,
    /// Release name, e.g. `"Spring '26"`.
    pub label: String,
    /// `/services/data/v66.0`.
    pub url: String,
}

/// Options of a query request.
///
/// ```
/// use sf_runtime::client::QueryOptions;
///
/// let options = QueryOptions::new().batch_size(500).prefetch(false);
/// assert_eq!(options.batch_size, Some(500));
/// assert!(!options.prefetch, "one request at a time");
/// assert!(QueryOptions::default().prefetch, "a page ahead by default");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct QueryOptions {
    /// Rows per page (`Sforce-Query-Options: batchSize=N`; Salesforce accepts
    /// 200..=2000 and treats it as a hint).
    pub batch_size: Option<u32>,
    /// Use `queryAll`: include deleted and archived rows.
    pub include_deleted: bool,
    /// Request the next page while the current one is consumed (default `true`).
    /// Off, the next page is requested only once the current one is taken: one
    /// request in flight, and each body decoded as it comes off the connection
    /// (about two read buffers and a row in memory instead of up to two pages),
    /// slower over real latency. Queries with child subqueries are always read
    /// one page at a time: completing a row's children takes requests of its own.
    pub prefetch: bool,
}

impl Default for QueryOptions {
    fn default() -> Self {
        QueryOptions {
            batch_size: None,
            include_deleted: false,
            prefetch: true,
        }
    }
}

impl QueryOptions {
    /// Default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the page size hint.
    pub fn batch_size(mut self, n: u32) -> Self {
        self.batch_size = Some(n);
        self
    }

    /// Includes deleted and archived rows (`queryAll`).
    pub fn include_deleted(mut self, on: bool) -> Self {
        self.include_deleted = on;
        self
    }

    /// Reads a page ahead (`true`, the default) or one request at a time; see
    /// [`QueryOptions::prefetch`](QueryOptions#structfield.prefetch).
    pub fn prefetch(mut self, on: bool) -> Self {
        self.prefetch = on;
        self
    }

    /// The first request of a query with these options.
    pub(crate) fn request(&self, soql: &str) -> ApiRequest {
        let path = if self.include_deleted {
            "queryAll"
        } else {
            "query"
        };
        let mut req = ApiRequest::data(Method::GET, path).query("q", soql);
        if let Some(n) = self.batch_size {
            if let Ok(v) = reqwest::header::HeaderValue::from_str(&format!("batchSize={n}")) {
                req = req.header("sforce-query-options", v);
            }
        }
        req
    }
}

#[derive(Deserialize)]
pub(crate) struct SaveResult {
    pub(crate) id: Option<String>,
    #[serde(default)]
    created: Option<bool>,
}

/// Percent-encodes one path segment (ids, external id values).
pub(crate) fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(crate) fn check_name(kind: &str, name: &str) -> Result<(), Error> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(Error::config(format!("invalid {kind} {name:?}")));
    }
    Ok(())
}

fn describe_request(object: &str) -> Result<ApiRequest, Error> {
    check_name("sObject name", object)?;
    Ok(ApiRequest::data(
        Method::GET,
        format!("sobjects/{object}/describe"),
    ))
}

impl Client {
    /// `GET sobjects/{object}/{id}[?fields=..]`: one record as JSON. An empty `fields`
    /// returns every field.
    pub async fn get_raw(&self, object: &str, id: &str, fields: &[&str]) -> Result<Value, Error> {
        check_name("sObject name", object)?;
        let mut req = ApiRequest::data(
            Method::GET,
            format!("sobjects/{object}/{}", encode_segment(id)),
        );
        if !fields.is_empty() {
            req = req.query("fields", fields.join(","));
        }
        self.send(req).await?.json()
    }

    /// `POST sobjects/{object}`: creates a record, returns its id.
    ///
    /// Not retried once the request may have reached the server (a timeout, a
    /// reset): for exactly-once writes use [`upsert_raw`](Self::upsert_raw).
    pub async fn create_raw(
        &self,
        object: &str,
        fields: &Map<String, Value>,
    ) -> Result<String, Error> {
        check_name("sObject name", object)?;
        let req = ApiRequest::data(Method::POST, format!("sobjects/{object}")).json(fields)?;
        let resp = self.send(req).await?;
        let r: SaveResult = resp.json()?;
        r.id.ok_or_else(|| resp.decode_error(serde::de::Error::missing_field("id")))
    }

    /// `PATCH sobjects/{object}/{id}`: sends only the given fields; a JSON `null`
    /// clears a field.
    pub async fn update_raw(
        &self,
        object: &str,
        id: &str,
        fields: &Map<String, Value>,
    ) -> Result<(), Error> {
        check_name("sObject name", object)?;
        let req = ApiRequest::data(
            Method::PATCH,
            format!("sobjects/{object}/{}", encode_segment(id)),
        )
        .json(fields)?;
        self.send(req).await.map(drop)
    }

    /// `PATCH sobjects/{object}/{ext_field}/{ext_value}`: creates or updates by
    /// external id. Idempotent, so safe to retry.
    pub async fn upsert_raw(
        &self,
        object: &str,
        ext_field: &str,
        ext_value: &str,
        fields: &Map<String, Value>,
    ) -> Result<UpsertResult, Error> {
        check_name("sObject name", object)?;
        check_name("external id field", ext_field)?;
        let req = ApiRequest::data(
            Method::PATCH,
            format!(
                "sobjects/{object}/{ext_field}/{}",
                encode_segment(ext_value)
            ),
        )
        .json(fields)?
        .idempotency(Idempotency::Idempotent);
        let resp = self.send(req).await?;
        let status = resp.status.as_u16();
        if resp.body.iter().all(u8::is_ascii_whitespace) {
            // Old API versions answer 204 without a body on update.
            return Err(resp.decode_error(serde::de::Error::custom(format!(
                "HTTP {status} without a body: the upserted record id is unknown"
            ))));
        }
        let r: SaveResult = resp.json()?;
        let id =
            r.id.ok_or_else(|| resp.decode_error(serde::de::Error::missing_field("id")))?;
        Ok(UpsertResult {
            id,
            created: r.created.unwrap_or(status == 201),
        })
    }

    /// `DELETE sobjects/{object}/{id}`.
    pub async fn delete_raw(&self, object: &str, id: &str) -> Result<(), Error> {
        check_name("sObject name", object)?;
        let req = ApiRequest::data(
            Method::DELETE,
            format!("sobjects/{object}/{}", encode_segment(id)),
        );
        self.send(req).await.map(drop)
    }

    /// Runs raw SOQL; rows as JSON, following `nextRecordsUrl` lazily.
    pub fn query_raw(
        &self,
        soql: &str,
    ) -> impl Stream<Item = Result<Value, Error>> + Send + Unpin + 'static {
        self.row_stream(
            QueryOptions::new().request(soql),
            super::query_stream::pagination::may_have_subquery(soql),
        )
    }

    /// Like [`query_raw`](Self::query_raw) with `queryAll`: deleted and archived rows too.
    pub fn query_all_raw(
        &self,
        soql: &str,
    ) -> impl Stream<Item = Result<Value, Error>> + Send + Unpin + 'static {
        self.row_stream(
            QueryOptions::new().include_deleted(true).request(soql),
            super::query_stream::pagination::may_have_subquery(soql),
        )
    }

    /// [`query_raw`](Self::query_raw) with options (page size, `queryAll`, prefetch).
    pub fn query_raw_with(
        &self,
        soql: &str,
        options: &QueryOptions,
    ) -> impl Stream<Item = Result<Value, Error>> + Send + Unpin + 'static {
        self.row_stream_paced(
            options.request(soql),
            super::query_stream::pagination::may_have_subquery(soql),
            options.prefetch,
        )
    }

    /// The pages of a query themselves (`totalSize`, `done`, rows), lazily; the
    /// next one requested ahead unless [`QueryOptions::prefetch`](QueryOptions#structfield.prefetch) is off.
    pub fn query_pages<R>(
        &self,
        soql: &str,
        options: &QueryOptions,
    ) -> impl Stream<Item = Result<super::query_stream::pagination::QueryPage<R>, Error>>
           + Send
           + Unpin
           + 'static
    where
        R: serde::de::DeserializeOwned + Send + 'static,
    {
        self.page_stream_paced(
            options.request(soql),
            super::query_stream::pagination::may_have_subquery(soql),
            options.prefetch,
        )
    }

    /// `totalSize` of a query (use `SELECT COUNT() FROM …`; only the first page is read).
    pub async fn count_raw(&self, soql: &str) -> Result<u64, Error> {
        let req = ApiRequest::data(Method::GET, "query").query("q", soql);
        let page: super::query_stream::pagination::QueryPage<serde::de::IgnoredAny> =
            self.send(req).await?.json()?;
        Ok(page.total_size)
    }

    /// SOSL `search`: the matching records (both the `{searchRecords: [...]}` and the
    /// old bare-array shape).
    pub async fn search(&self, sosl: &str) -> Result<Vec<Value>, Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Wrapped {
                #[serde(rename = "searchRecords")]
                search_records: Vec<Value>,
            },
            Bare(Vec<Value>),
        }
        let resp = self
            .send(ApiRequest::data(Method::GET, "search").query("q", sosl))
            .await?;
        Ok(match resp.json::<Shape>()? {
            Shape::Wrapped { search_records } => search_records,
            Shape::Bare(v) => v,
        })
    }

    /// Runs a typed SOSL [`Search`](crate::soql::Search); decode each object's
    /// records with [`SearchResults::of`](crate::soql::SearchResults::of).
    pub async fn search_typed(
        &self,
        search: &crate::soql::Search,
    ) -> Result<crate::soql::SearchResults, Error> {
        Ok(crate::soql::SearchResults::new(
            self.search(&search.to_sosl()).await?,
        ))
    }

    /// `POST parameterizedSearch`: a search from typed parameters instead of SOSL
    /// text (API 36.0 and later); decode each object's records with
    /// [`SearchResults::of`](crate::soql::SearchResults::of).
    ///
    /// ```no_run
    /// # use sf_runtime::{Id, SObject};
    /// # #[derive(Debug, Default, SObject)]
    /// # pub struct Account {
    /// #     #[sobject(api_name = "Id")]
    /// #     pub id: Option<Id<Account>>,
    /// #     pub name: Option<String>,
    /// # }
    /// # async fn run(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// use sf_runtime::soql::prelude::*;
    /// use sf_runtime::soql::{ParameterizedSearch, SearchTerm};
    ///
    /// let search = ParameterizedSearch::find(SearchTerm::pattern("Acm*"))
    ///     .returning(Account::select((Account::ID, Account::NAME)).limit(10));
    /// let accounts: Vec<Account> = client.parameterized_search(&search).await?.of().unwrap();
    /// # Ok(()) }
    /// ```
    pub async fn parameterized_search(
        &self,
        search: &crate::soql::ParameterizedSearch,
    ) -> Result<crate::soql::SearchResults, Error> {
        #[derive(Deserialize)]
        struct Found {
            #[serde(rename = "searchRecords", default)]
            search_records: Vec<Value>,
        }
        let req = ApiRequest::data(Method::POST, "parameterizedSearch")
            .json(&search.to_json())?
            // A search reads: sending it twice only costs a call.
            .idempotency(Idempotency::Idempotent);
        let found: Found = self.send(req).await?.json()?;
        Ok(crate::soql::SearchResults::new(found.search_records))
    }

    /// `GET sobjects/{object}/describe`: the object's describe, in the model that
    /// `sf-codegen` generates from and `sf-emulator` serves. The client keeps each
    /// describe it fetched and asks again with `If-Modified-Since`: when the
    /// object has not changed, Salesforce answers `304` without the body and the
    /// kept describe is returned.
    pub async fn describe(&self, object: &str) -> Result<Arc<SObjectDescribe>, Error> {
        let key = object.to_ascii_lowercase();
        let kept = self.describes().get(&key).cloned();
        let mut req = describe_request(object)?;
        if let Some(date) = kept
            .as_ref()
            .and_then(|(d, _)| HeaderValue::from_str(d).ok())
        {
            req = req.header("if-modified-since", date);
        }
        let resp = self.send(req).await?;
        if let (304, Some((_, describe))) = (resp.status.as_u16(), &kept) {
            return Ok(describe.clone());
        }
        let describe: Arc<SObjectDescribe> = Arc::new(resp.json()?);
        // The server's clock, not ours, is what If-Modified-Since is judged by.
        let date = resp
            .headers
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .unwrap_or_else(|| {
                chrono::Utc::now()
                    .format("%a, %d %b %Y %H:%M:%S GMT")
                    .to_string()
            });
        self.describes().insert(key, (date, describe.clone()));
        Ok(describe)
    }

    fn describes(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, (String, Arc<SObjectDescribe>)>>
    {
        self.inner
            .describes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// [`describe`](Self::describe) as the JSON Salesforce sent, keys the model
    /// does not hold included (what `sf-codegen pull` saves).
    pub async fn describe_raw(&self, object: &str) -> Result<Value, Error> {
        self.send(describe_request(object)?).await?.json()
    }

    /// `GET sobjects`: the global describe (every object, briefly).
    pub async fn describe_global(&self) -> Result<GlobalDescribe, Error> {
        self.send(ApiRequest::data(Method::GET, "sobjects"))
            .await?
            .json()
    }

    /// [`describe_global`](Self::describe_global) as the JSON Salesforce sent.
    pub async fn describe_global_raw(&self) -> Result<Value, Error> {
        self.send(ApiRequest::data(Method::GET, "sobjects"))
            .await?
            .json()
    }

    /// `GET /services/oauth2/userinfo`: who the session's token belongs to.
    pub async fn userinfo(&self) -> Result<crate::client::auth::UserInfo, Error> {
        self.send(ApiRequest::root(Method::GET, "/services/oauth2/userinfo"))
            .await?
            .json()
    }

    /// `GET limits`: the org's limits (`{"DailyApiRequests": {"Max":…, "Remaining":…}, …}`).
    pub async fn limits(&self) -> Result<Value, Error> {
        self.send(ApiRequest::data(Method::GET, "limits"))
            .await?
            .json()
    }

    /// `GET /services/data/`: the API versions the instance offers.
    pub async fn versions(&self) -> Result<Vec<ApiVersion>, Error> {
        self.send(ApiRequest::root(Method::GET, "/services/data/"))
            .await?
            .json()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("001xx000003DGb2AAG"), "001xx000003DGb2AAG");
        assert_eq!(encode_segment("a/b c?"), "a%2Fb%20c%3F");
        assert!(check_name("sObject name", "Account/../x").is_err());
        assert!(check_name("sObject name", "Custom__c").is_ok());
    }
}
