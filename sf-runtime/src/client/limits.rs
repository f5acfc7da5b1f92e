//! `Sforce-Limit-Info` (e.g. `api-usage=18/5000` or
//! `api-usage=25/5000; per-app-api-usage=17/250(appName=sample-app)`), parsed on
//! every response. The newest count is kept, and a hook fires when usage crosses
//! a threshold.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `used/max` of one limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Calls used.
    pub used: u64,
    /// Allowed calls.
    pub max: u64,
}

impl Usage {
    /// `used / max` (0 when `max` is 0).
    pub fn fraction(&self) -> f64 {
        if self.max == 0 {
            0.0
        } else {
            self.used as f64 / self.max as f64
        }
    }
}

/// Parsed `Sforce-Limit-Info`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct LimitInfo {
    /// Org-wide API requests in the last 24 hours.
    pub api_usage: Option<Usage>,
    /// Per connected app usage, with the app name.
    pub per_app_api_usage: Option<(Usage, String)>,
}

impl LimitInfo {
    /// Parses the header value; `None` when it holds no known entry.
    pub fn parse(header: &str) -> Option<LimitInfo> {
        let mut info = LimitInfo::default();
        for part in header.split([';', ',']) {
            let Some((key, value)) = part.trim().split_once('=') else {
                continue;
            };
            let (counts, app) = match value.split_once('(') {
                Some((c, rest)) => {
                    let app = rest.trim_end_matches(')').trim();
                    (
                        c,
                        Some(app.strip_prefix("appName=").unwrap_or(app).to_string()),
                    )
                }
                None => (value, None),
            };
            let Some((used, max)) = counts.trim().split_once('/') else {
                continue;
            };
            let (Ok(used), Ok(max)) = (used.trim().parse(), max.trim().parse()) else {
                continue;
            };
            let usage = Usage { used, max };
            match key.trim() {
                "api-usage" => info.api_usage = Some(usage),
                "per-app-api-usage" => {
                    info.per_app_api_usage = Some((usage, app.unwrap_or_default()))
                }
                _ => {}
            }
        }
        (info.api_usage.is_some() || info.per_app_api_usage.is_some()).then_some(info)
    }

    /// The larger usage fraction of the two limits.
    pub fn max_fraction(&self) -> f64 {
        let a = self.api_usage.map(|u| u.fraction()).unwrap_or(0.0);
        let b = self
            .per_app_api_usage
            .as_ref()
            .map(|(u, _)| u.fraction())
            .unwrap_or(0.0);
        a.max(b)
    }
}

/// Called with the limit info when usage crosses the threshold upward.
pub type LimitHook = Arc<dyn Fn(&LimitInfo) + Send + Sync>;

/// Responses to concurrent requests arrive in any order, so the header read
/// last may carry an older count than one read just before it. Within this
/// window a lower count is taken for a reordered answer and ignored; after it,
/// for the org's rolling 24-hour count going down.
const REORDER_WINDOW: Duration = Duration::from_secs(30);

/// Keeps the newest limit info and fires the hook.
#[derive(Default)]
pub(crate) struct LimitTracker {
    last: Mutex<Option<(LimitInfo, Instant)>>,
    hook: Option<(f64, LimitHook)>,
}

impl fmt::Debug for LimitTracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LimitTracker")
            .field("last", &self.last())
            .field("threshold", &self.hook.as_ref().map(|h| h.0))
            .finish()
    }
}

/// The count a reading is ordered by: org-wide usage, else the app's.
fn used(info: &LimitInfo) -> u64 {
    info.api_usage
        .or(info.per_app_api_usage.as_ref().map(|(u, _)| *u))
        .map_or(0, |u| u.used)
}

impl LimitTracker {
    pub(crate) fn new(hook: Option<(f64, LimitHook)>) -> Self {
        LimitTracker {
            last: Mutex::new(None),
            hook,
        }
    }

    pub(crate) fn last(&self) -> Option<LimitInfo> {
        self.last
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|(info, _)| info.clone())
    }

    /// Records a response's header. The hook fires when usage goes from below the
    /// threshold (or unknown) to at or above it; it re-arms when usage drops back.
    pub(crate) fn observe(&self, headers: &reqwest::header::HeaderMap) {
        if let Some(info) = headers
            .get("sforce-limit-info")
            .and_then(|v| v.to_str().ok())
            .and_then(LimitInfo::parse)
        {
            self.observe_at(info, Instant::now());
        }
    }

    fn observe_at(&self, info: LimitInfo, now: Instant) {
        let previous = {
            let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
            let reordered = last.as_ref().is_some_and(|(held, at)| {
                used(&info) < used(held) && now.saturating_duration_since(*at) < REORDER_WINDOW
            });
            if reordered {
                return;
            }
            last.replace((info.clone(), now)).map(|(held, _)| held)
        };
        if let Some((threshold, hook)) = &self.hook {
            let was_above = previous.is_some_and(|p| p.max_fraction() >= *threshold);
            if !was_above && info.max_fraction() >= *threshold {
                tracing::warn!(
                    usage = info.max_fraction(),
                    threshold,
                    "Salesforce API usage passed threshold"
                );
                hook(&info);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms() {
        let i = LimitInfo::parse("api-usage=18/5000").unwrap();
        assert_eq!(
            i.api_usage,
            Some(Usage {
                used: 18,
                max: 5000
            })
        );
        let i = LimitInfo::parse("api-usage=25/5000; per-app-api-usage=17/250(appName=sample-app)")
            .unwrap();
        assert_eq!(i.api_usage.unwrap().used, 25);
        let (u, app) = i.per_app_api_usage.unwrap();
        assert_eq!((u.used, u.max, app.as_str()), (17, 250, "sample-app"));
        assert!(LimitInfo::parse("garbage").is_none());
        assert!((LimitInfo::parse("api-usage=50/100").unwrap().max_fraction() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn hook_fires_on_upward_crossing_only() {
        let fired = Arc::new(Mutex::new(Vec::new()));
        let f2 = fired.clone();
        let t = LimitTracker::new(Some((
            0.8,
            Arc::new(move |i: &LimitInfo| f2.lock().unwrap().push(i.api_usage.unwrap().used)),
        )));
        // A minute apart: the drop to 50 is the rolling count going down.
        let start = Instant::now();
        for (i, used) in [10, 79, 80, 90, 50, 85].into_iter().enumerate() {
            let info = LimitInfo::parse(&format!("api-usage={used}/100")).unwrap();
            t.observe_at(info, start + Duration::from_secs(60 * i as u64));
        }
        assert_eq!(*fired.lock().unwrap(), vec![80, 85]);
        assert_eq!(t.last().unwrap().api_usage.unwrap().used, 85);
    }

    /// Answers to concurrent requests read out of order keep the newest count
    /// (the bulk-load example saw 8 after 10 calls when the 8th answer came last).
    #[test]
    fn a_reordered_older_count_does_not_replace_a_newer_one() {
        let t = LimitTracker::new(None);
        let mut h = reqwest::header::HeaderMap::new();
        for used in [3, 10, 8, 9] {
            h.insert(
                "sforce-limit-info",
                format!("api-usage={used}/100").parse().unwrap(),
            );
            t.observe(&h);
        }
        assert_eq!(t.last().unwrap().api_usage.unwrap().used, 10);
        h.insert("sforce-limit-info", "api-usage=11/100".parse().unwrap());
        t.observe(&h);
        assert_eq!(t.last().unwrap().api_usage.unwrap().used, 11);
    }
}
