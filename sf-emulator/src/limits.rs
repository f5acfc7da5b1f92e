//! The daily API request allowance: counted on every authenticated request,
//! reported in `Sforce-Limit-Info` and `GET /limits`, enforced with
//! `REQUEST_LIMIT_EXCEEDED` once spent.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{json, Map, Value};

/// Usage of `DailyApiRequests`.
#[derive(Debug)]
pub struct ApiUsage {
    used: AtomicU64,
    max: AtomicU64,
}

impl ApiUsage {
    /// No requests used yet out of `max`.
    pub fn new(max: u64) -> Self {
        ApiUsage {
            used: AtomicU64::new(0),
            max: AtomicU64::new(max),
        }
    }

    /// Counts one request; `Err` (with the usage) when the allowance was
    /// already spent, in which case the request is not counted.
    pub fn spend(&self) -> Result<(u64, u64), (u64, u64)> {
        let max = self.max.load(Ordering::Relaxed);
        let counted = self
            .used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |u| {
                (u < max).then_some(u + 1)
            });
        match counted {
            Ok(before) => Ok((before + 1, max)),
            Err(used) => Err((used, max)),
        }
    }

    /// `(used, max)`.
    pub fn get(&self) -> (u64, u64) {
        (
            self.used.load(Ordering::Relaxed),
            self.max.load(Ordering::Relaxed),
        )
    }

    /// Changes the allowance and, if given, the count so far (test control).
    pub fn set(&self, max: u64, used: Option<u64>) {
        self.max.store(max, Ordering::Relaxed);
        if let Some(u) = used {
            self.used.store(u, Ordering::Relaxed);
        }
    }

    /// The `Sforce-Limit-Info` header value.
    pub fn header(&self) -> String {
        let (used, max) = self.get();
        format!("api-usage={used}/{max}")
    }
}

/// Limits other than `DailyApiRequests`, reported as unused with the
/// allowances of a Developer Edition org (from `fixtures/real/limits/`).
const STATIC_LIMITS: &[(&str, u64)] = &[
    ("ConcurrentAsyncGetReportInstances", 200),
    ("ConcurrentSyncReportRuns", 20),
    ("DailyAsyncApexExecutions", 250_000),
    ("DailyBulkApiBatches", 15_000),
    ("DailyBulkV2QueryFileStorageMB", 976_562),
    ("DailyBulkV2QueryJobs", 10_000),
    ("DailyDurableGenericStreamingApiEvents", 10_000),
    ("DailyDurableStreamingApiEvents", 10_000),
    ("DailyGenericStreamingApiEvents", 10_000),
    ("DailyStandardVolumePlatformEvents", 10_000),
    ("DailyStreamingApiEvents", 10_000),
    ("DailyWorkflowEmails", 390),
    ("DataStorageMB", 5),
    ("FileStorageMB", 20),
    ("HourlyAsyncReportRuns", 1_200),
    ("HourlyDashboardRefreshes", 200),
    ("HourlyDashboardResults", 5_000),
    ("HourlyDashboardStatuses", 999_999_999),
    ("HourlyODataCallout", 10_000),
    ("HourlySyncReportRuns", 500),
    ("HourlyTimeBasedWorkflow", 50),
    ("MassEmail", 10),
    ("SingleEmail", 15),
];

/// The `GET /limits` body, keys in alphabetical order as Salesforce sends them.
pub fn limits_json(usage: &ApiUsage) -> Value {
    let (used, max) = usage.get();
    let mut entries: Vec<(&str, Value)> = STATIC_LIMITS
        .iter()
        .map(|(name, max)| (*name, json!({"Max": max, "Remaining": max})))
        .collect();
    entries.push((
        "DailyApiRequests",
        json!({"Max": max, "Remaining": max.saturating_sub(used)}),
    ));
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = Map::new();
    for (k, v) in entries {
        out.insert(k.to_owned(), v);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spending_stops_at_the_maximum() {
        let u = ApiUsage::new(2);
        assert_eq!(u.spend(), Ok((1, 2)));
        assert_eq!(u.spend(), Ok((2, 2)));
        assert_eq!(u.spend(), Err((2, 2)));
        assert_eq!(u.header(), "api-usage=2/2");
        assert_eq!(limits_json(&u)["DailyApiRequests"]["Remaining"], 0);
    }
}
