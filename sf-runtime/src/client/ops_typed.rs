//! Operations over `#[derive(SObject)]` structs and typed queries. Bodies come from
//! [`SObject::to_write_json`], so only the fields a write mode allows are sent, and
//! `FieldValue::Null` is sent as JSON `null` (clears the field) while `Absent` is
//! left out.

use futures::Stream;
use reqwest::Method;
use serde::de::DeserializeOwned;

use super::dispatch::{ApiRequest, Client};
use super::error::Error;
use super::ops_raw::{QueryOptions, UpsertResult};
use crate::model::{Field, Patch, SObject, UpsertKey, WriteMode};
use crate::soql::TypedQuery;
use crate::types::Id;

pub(crate) fn parse_id<T>(raw: &str, what: &str) -> Result<Id<T>, Error> {
    Id::<T>::parse(raw).map_err(|e| Error::Decode {
        method: "—".into(),
        url: what.into(),
        status: 200,
        body: raw.chars().take(40).collect(),
        source: serde::de::Error::custom(format!("the id Salesforce returned is not valid: {e}")),
    })
}

impl Client {
    /// `GET sobjects/{T}/{id}?fields=..` decoded into `T`. An empty `fields` asks for
    /// every field `T` declares.
    pub async fn get<T>(&self, id: &Id<T>, fields: &[&str]) -> Result<T, Error>
    where
        T: SObject + DeserializeOwned,
    {
        let req = ApiRequest::data(
            Method::GET,
            format!("sobjects/{}/{}", T::API_NAME, id.as_str()),
        );
        self.send(with_fields::<T>(req, fields)).await?.json()
    }

    /// Creates the record from its createable fields; returns the new id.
    /// Not retried once it may have reached the server: see [`upsert`](Self::upsert).
    pub async fn create<T: SObject>(&self, record: &T) -> Result<Id<T>, Error> {
        let id = self
            .create_raw(T::API_NAME, &record.to_write_json(WriteMode::Create))
            .await?;
        parse_id(&id, &format!("sobjects/{}", T::API_NAME))
    }

    /// Updates the record (its `id()`) with its set, updateable fields.
    pub async fn update<T: SObject>(&self, record: &T) -> Result<(), Error> {
        let id = record
            .id()
            .ok_or_else(|| Error::config(format!("update of a {} without an Id", T::API_NAME)))?;
        self.update_raw(
            T::API_NAME,
            id.as_str(),
            &record.to_write_json(WriteMode::Update),
        )
        .await
    }

    /// Sends a [`Patch`]: exactly the fields it sets or clears.
    pub async fn update_patch<T: SObject>(
        &self,
        id: &Id<T>,
        patch: &Patch<T>,
    ) -> Result<(), Error> {
        self.update_raw(T::API_NAME, id.as_str(), patch.to_json())
            .await
    }

    /// Upsert by external id: creates or updates the record whose `key` field
    /// holds `value`. Idempotent, so it is the way to exactly-once writes under
    /// retries. `key` must be an external-id or id-lookup field of `T` (or `Id`):
    /// anything else does not compile.
    ///
    /// ```no_run
    /// # use sf_runtime::{Client, SObject, types::Id};
    /// # #[derive(Debug, Default, SObject)]
    /// # #[sobject(api_name = "Custom__c")]
    /// # pub struct Custom {
    /// #     #[sobject(api_name = "Id")] pub id: Option<Id<Custom>>,
    /// #     #[sobject(api_name = "Name")] pub name: Option<String>,
    /// #     #[sobject(api_name = "Key__c", external_id)] pub key: Option<String>,
    /// # }
    /// # async fn run(client: &Client) -> Result<(), sf_runtime::Error> {
    /// let rec = Custom { name: Some("first".into()), ..Default::default() };
    /// let result = client.upsert(Custom::KEY, "K-1", &rec).await?;
    /// println!("{} {}", result.id, if result.created { "created" } else { "updated" });
    /// # Ok(()) }
    /// ```
    pub async fn upsert<T: SObject, F: Field<Object = T> + UpsertKey>(
        &self,
        key: F,
        value: &str,
        record: &T,
    ) -> Result<UpsertResult<Id<T>>, Error> {
        let _ = key;
        let mut body = record.to_write_json(WriteMode::Upsert);
        // Salesforce refuses the key in the body when it is in the URL.
        body.remove(F::API_NAME);
        let r = self
            .upsert_raw(T::API_NAME, F::API_NAME, value, &body)
            .await?;
        Ok(UpsertResult {
            id: parse_id(&r.id, &format!("sobjects/{}/{}", T::API_NAME, F::API_NAME))?,
            created: r.created,
        })
    }

    /// Deletes the record.
    pub async fn delete<T: SObject>(&self, id: &Id<T>) -> Result<(), Error> {
        self.delete_raw(T::API_NAME, id.as_str()).await
    }

    /// Runs raw SOQL and decodes rows into `R` (lazy, page by page).
    pub fn query_as<R>(
        &self,
        soql: &str,
    ) -> impl Stream<Item = Result<R, Error>> + Send + Unpin + 'static
    where
        R: DeserializeOwned + Send + 'static,
    {
        self.row_stream(
            QueryOptions::new().request(soql),
            super::query_stream::pagination::may_have_subquery(soql),
        )
    }

    /// [`query_as`](Self::query_as) with `queryAll` (deleted and archived rows too).
    pub fn query_all_as<R>(
        &self,
        soql: &str,
    ) -> impl Stream<Item = Result<R, Error>> + Send + Unpin + 'static
    where
        R: DeserializeOwned + Send + 'static,
    {
        self.row_stream(
            QueryOptions::new().include_deleted(true).request(soql),
            super::query_stream::pagination::may_have_subquery(soql),
        )
    }

    /// [`query_as`](Self::query_as) with options (page size, `queryAll`, prefetch).
    ///
    /// ```no_run
    /// # async fn run(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// use futures::TryStreamExt;
    /// use sf_runtime::client::QueryOptions;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Row {
    ///     #[serde(rename = "Name")]
    ///     name: String,
    /// }
    /// // One request at a time: the next page only once this one is consumed.
    /// let options = QueryOptions::new().prefetch(false);
    /// let mut rows = client.query_as_with::<Row>("SELECT Name FROM Account", &options);
    /// while let Some(row) = rows.try_next().await? {
    ///     println!("{}", row.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn query_as_with<R>(
        &self,
        soql: &str,
        options: &QueryOptions,
    ) -> impl Stream<Item = Result<R, Error>> + Send + Unpin + 'static
    where
        R: DeserializeOwned + Send + 'static,
    {
        self.row_stream_paced(
            options.request(soql),
            super::query_stream::pagination::may_have_subquery(soql),
            options.prefetch,
        )
    }

    /// Runs a typed query: a lazy stream of `Q::Row`, following `nextRecordsUrl` one
    /// page at a time. Rows are decoded while each page's body arrives, so memory
    /// stays at about two connection read buffers plus a row, however large the
    /// page or the result. A body that breaks off (a reset, or the client's
    /// [`timeout`](super::ClientBuilder::timeout) running out while the consumer is
    /// slow) is fetched again and the stream goes on after the rows it already
    /// returned, never returning one twice ([`Error::PageChanged`] if the page came
    /// back different). Child subquery results with more pages are completed before
    /// their row is yielded.
    pub fn query<Q>(
        &self,
        query: &Q,
    ) -> impl Stream<Item = Result<Q::Row, Error>> + Send + Unpin + 'static
    where
        Q: TypedQuery + ?Sized,
    {
        self.query_as::<Q::Row>(&query.to_soql())
    }

    /// [`query`](Self::query) with `queryAll`: deleted and archived rows too.
    pub fn query_all<Q>(
        &self,
        query: &Q,
    ) -> impl Stream<Item = Result<Q::Row, Error>> + Send + Unpin + 'static
    where
        Q: TypedQuery + ?Sized,
    {
        self.query_all_as::<Q::Row>(&query.to_soql())
    }

    /// [`query`](Self::query) with options (page size, `queryAll`, prefetch).
    pub fn query_with<Q>(
        &self,
        query: &Q,
        options: &QueryOptions,
    ) -> impl Stream<Item = Result<Q::Row, Error>> + Send + Unpin + 'static
    where
        Q: TypedQuery + ?Sized,
    {
        self.query_as_with::<Q::Row>(&query.to_soql(), options)
    }

    /// How many rows the query matches (`totalSize`; only the first page is fetched,
    /// its rows are skipped without being decoded).
    pub async fn count<Q: TypedQuery + ?Sized>(&self, query: &Q) -> Result<u64, Error> {
        self.count_raw(&query.to_soql()).await
    }
}

/// `?fields=` of a typed read: the fields asked for, or every field `T` declares.
pub(crate) fn with_fields<T: SObject>(req: ApiRequest, fields: &[&str]) -> ApiRequest {
    let list = if fields.is_empty() {
        T::META
            .fields
            .iter()
            .map(|f| f.api_name)
            .collect::<Vec<_>>()
            .join(",")
    } else {
        fields.join(",")
    };
    if list.is_empty() {
        req
    } else {
        req.query("fields", list)
    }
}
