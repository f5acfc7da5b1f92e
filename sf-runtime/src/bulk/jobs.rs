//! Managing Bulk API 2.0 jobs by id: list, status, abort, delete. The typed
//! operations (`insert`, `query`…) create and finish their jobs themselves;
//! these are for the jobs they leave behind, a job started by another process,
//! or one a deploy script must stop.

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::{Bulk, JobInfo};
use crate::client::Error;
use crate::client::{ApiRequest, Target};

/// Which kind of job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// `jobs/ingest`: insert, update, upsert, delete, hardDelete.
    Ingest,
    /// `jobs/query`: query and queryAll.
    Query,
}

impl JobKind {
    fn path(self) -> &'static str {
        match self {
            JobKind::Ingest => "jobs/ingest",
            JobKind::Query => "jobs/query",
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JobList {
    #[serde(default)]
    records: Vec<JobInfo>,
    #[serde(default)]
    next_records_url: Option<String>,
}

impl Bulk {
    /// Every job of `kind` the org holds (the list's pages followed).
    pub async fn list_jobs(&self, kind: JobKind) -> Result<Vec<JobInfo>, Error> {
        let mut jobs = Vec::new();
        let mut next = Some(ApiRequest::data(Method::GET, kind.path()));
        while let Some(req) = next.take() {
            let page: JobList = self.client.send(req).await?.json()?;
            jobs.extend(page.records);
            next = page
                .next_records_url
                .filter(|u| !u.is_empty())
                .map(|u| ApiRequest::new(Method::GET, Target::Root(u)));
        }
        Ok(jobs)
    }

    /// A job's status.
    pub async fn job(&self, kind: JobKind, id: &str) -> Result<JobInfo, Error> {
        self.client
            .send(ApiRequest::data(Method::GET, job_path(kind, id)?))
            .await?
            .json()
    }

    /// Aborts a job that has not finished (`state: Aborted`): an ingest job's
    /// rows already processed stay processed.
    pub async fn abort(&self, kind: JobKind, id: &str) -> Result<JobInfo, Error> {
        let req = ApiRequest::data(Method::PATCH, job_path(kind, id)?)
            .json(&json!({"state": "Aborted"}))?;
        self.client.send(req).await?.json()
    }

    /// Deletes a finished or aborted job and its data (results, uploaded CSV).
    pub async fn delete_job(&self, kind: JobKind, id: &str) -> Result<(), Error> {
        self.client
            .send(ApiRequest::data(Method::DELETE, job_path(kind, id)?))
            .await
            .map(|_| ())
    }
}

/// `jobs/{kind}/{id}`, the id checked: it goes into the path.
fn job_path(kind: JobKind, id: &str) -> Result<String, Error> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::config(format!("invalid job id {id:?}")));
    }
    Ok(format!("{}/{id}", kind.path()))
}
