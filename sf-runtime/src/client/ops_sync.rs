//! What sync jobs read besides queries: a record by its external id, and the
//! ids that changed or were deleted in a time window (`sobjects/{T}/updated`,
//! `…/deleted`, Salesforce's replication resources).

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::dispatch::{ApiRequest, Client};
use super::error::{ApiErrorEntry, Error};
use super::ops_raw::encode_segment;
use super::ops_typed::with_fields;
use crate::model::{Field, SObject, UpsertKey};
use crate::types::{DateTime, Id};

/// The records of `T` changed in a window (`sobjects/{T}/updated`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", bound = "")]
#[non_exhaustive]
pub struct Updated<T> {
    /// Ids of the records created or updated in the window.
    pub ids: Vec<Id<T>>,
    /// The end of the window Salesforce covered: start the next window here.
    pub latest_date_covered: DateTime,
}

/// One deleted record.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", bound = "")]
#[non_exhaustive]
pub struct DeletedRecord<T> {
    /// Its id.
    pub id: Id<T>,
    /// When it was deleted.
    pub deleted_date: DateTime,
}

/// The records of `T` deleted in a window (`sobjects/{T}/deleted`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", bound = "")]
#[non_exhaustive]
pub struct Deleted<T> {
    /// The deleted records.
    pub deleted_records: Vec<DeletedRecord<T>>,
    /// The earliest instant Salesforce still has deletions for (the recycle
    /// bin's horizon): a window starting before it may miss deletions.
    pub earliest_date_available: DateTime,
    /// The end of the window Salesforce covered.
    pub latest_date_covered: DateTime,
}

impl Client {
    /// `GET sobjects/{T}/{key}/{value}?fields=..` decoded into `T`: the record an
    /// external id (or another id-lookup field) names. Only fields that can key
    /// an upsert compile as `key`. An empty `fields` asks for every field `T`
    /// declares. Several matches answer `300` ([`Error::Api`] with status 300).
    pub async fn get_by_external_id<T, F>(
        &self,
        key: F,
        value: &str,
        fields: &[&str],
    ) -> Result<T, Error>
    where
        T: SObject + DeserializeOwned,
        F: Field<Object = T> + UpsertKey,
    {
        let _ = key;
        let req = ApiRequest::data(
            Method::GET,
            format!(
                "sobjects/{}/{}/{}",
                T::API_NAME,
                F::API_NAME,
                encode_segment(value)
            ),
        );
        let resp = self.send(with_fields::<T>(req, fields)).await?;
        if resp.status.as_u16() == 300 {
            // The body lists the matching records' URLs: an error to the caller,
            // who asked for one record.
            let urls: Vec<String> = resp.json().unwrap_or_default();
            return Err(Error::Api {
                status: 300,
                method: resp.method.to_string(),
                url: resp.url.clone(),
                errors: vec![ApiErrorEntry {
                    error_code: "MULTIPLE_CHOICES".into(),
                    message: format!(
                        "{} records of {} have {} = {value:?}",
                        urls.len(),
                        T::API_NAME,
                        F::API_NAME
                    ),
                    fields: urls,
                }],
            });
        }
        resp.json()
    }

    /// `GET sobjects/{T}/updated?start=&end=`: ids of the records changed in
    /// `[start, end)` (by `SystemModstamp`). Salesforce keeps 30 days.
    pub async fn updated<T: SObject>(
        &self,
        start: DateTime,
        end: DateTime,
    ) -> Result<Updated<T>, Error> {
        self.replication(T::API_NAME, "updated", start, end).await
    }

    /// `GET sobjects/{T}/deleted?start=&end=`: the records deleted in `[start, end)`.
    pub async fn deleted<T: SObject>(
        &self,
        start: DateTime,
        end: DateTime,
    ) -> Result<Deleted<T>, Error> {
        self.replication(T::API_NAME, "deleted", start, end).await
    }

    async fn replication<R: DeserializeOwned>(
        &self,
        object: &str,
        what: &str,
        start: DateTime,
        end: DateTime,
    ) -> Result<R, Error> {
        let req = ApiRequest::data(Method::GET, format!("sobjects/{object}/{what}"))
            .query("start", start.to_string())
            .query("end", end.to_string());
        self.send(req).await?.json()
    }
}
