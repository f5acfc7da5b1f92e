//! Faults on purpose: answer chosen requests with 429/503/500,
//! `UNABLE_TO_LOCK_ROW` or an expired session, delay them, or cut the
//! connection mid-body. Choices are deterministic: counting requests, or a
//! random draw from a seeded generator. Rules count only the requests they
//! match, from the moment they are added.
//!
//! Pub/Sub streams have faults of their own ([`Faults::drop_streams`],
//! [`Faults::drop_stream_after`]): a live `Subscribe` stream ends with
//! `UNAVAILABLE`, as when Salesforce closes an idle or rebalanced stream,
//! so clients exercise resubscribing from their last replay id.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::oauth::TokenStore;

/// What a faulty request gets instead of its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// 429 with `Retry-After`.
    TooManyRequests,
    /// 503 `SERVER_UNAVAILABLE` with `Retry-After`.
    ServiceUnavailable,
    /// 500 `UNKNOWN_EXCEPTION`.
    ServerError,
    /// 400 `UNABLE_TO_LOCK_ROW` (a transient record lock).
    UnableToLockRow,
    /// Every expiring token is expired, and this request gets 401.
    ExpireSession,
    /// The request runs, but the connection closes halfway through the body.
    DropConnection,
    /// 404 `NOT_FOUND`, as for a resource the org does not have (a resource
    /// of a newer release, one turned off).
    NotFound,
}

impl FaultKind {
    /// Every kind, in the order help texts list them.
    pub const ALL: [FaultKind; 7] = [
        FaultKind::TooManyRequests,
        FaultKind::ServiceUnavailable,
        FaultKind::ServerError,
        FaultKind::UnableToLockRow,
        FaultKind::ExpireSession,
        FaultKind::DropConnection,
        FaultKind::NotFound,
    ];

    /// The name the CLI and the admin endpoint use (`service_unavailable`).
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::TooManyRequests => "too_many_requests",
            FaultKind::ServiceUnavailable => "service_unavailable",
            FaultKind::ServerError => "server_error",
            FaultKind::UnableToLockRow => "unable_to_lock_row",
            FaultKind::ExpireSession => "expire_session",
            FaultKind::DropConnection => "drop_connection",
            FaultKind::NotFound => "not_found",
        }
    }
}

impl std::str::FromStr for FaultKind {
    type Err = String;

    /// Parses a [`FaultKind::name`]; the error lists the names there are.
    fn from_str(s: &str) -> Result<Self, String> {
        FaultKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = FaultKind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown fault kind `{s}`; use one of: {}", names.join(", "))
            })
    }
}

/// When a rule fires.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// Once, on the Nth matching request (1-based).
    Nth(u64),
    /// On each matching request with this probability (seeded draw).
    Fraction(f64),
}

/// One configured fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// What happens.
    pub kind: FaultKind,
    /// When.
    pub trigger: Trigger,
    /// Only requests whose path contains this (e.g. `/query/`).
    #[serde(default)]
    pub path_contains: Option<String>,
}

#[derive(Debug)]
struct RuleState {
    rule: FaultRule,
    seen: u64,
    spent: bool,
}

#[derive(Debug)]
struct State {
    rules: Vec<RuleState>,
    delay: Option<Duration>,
    rng: StdRng,
    seed: u64,
}

/// What the middleware does with one request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decision {
    /// Wait this long first.
    pub delay: Option<Duration>,
    /// Then answer with this fault instead (or, for `DropConnection`, cut the body).
    pub fault: Option<FaultKind>,
}

/// Handle to the fault injector; cheap to clone, shared with the server.
#[derive(Debug, Clone)]
pub struct Faults {
    state: Arc<Mutex<State>>,
    tokens: Arc<TokenStore>,
    streams: Arc<StreamFaults>,
}

/// Faults of Pub/Sub `Subscribe` streams.
#[derive(Debug)]
struct StreamFaults {
    /// Bumped to end every live stream now; streams watch it.
    generation: tokio::sync::watch::Sender<u64>,
    /// Events still to deliver (over all streams) before the stream that
    /// delivers the last of them is dropped.
    after: Mutex<Option<u64>>,
}

impl Faults {
    /// An injector with no rules; random draws come from `seed`.
    pub fn new(seed: u64, tokens: Arc<TokenStore>) -> Self {
        Faults {
            state: Arc::new(Mutex::new(State {
                rules: Vec::new(),
                delay: None,
                rng: StdRng::seed_from_u64(seed),
                seed,
            })),
            tokens,
            streams: Arc::new(StreamFaults {
                generation: tokio::sync::watch::channel(0).0,
                after: Mutex::new(None),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a rule.
    pub fn add(&self, rule: FaultRule) -> &Self {
        self.lock().rules.push(RuleState {
            rule,
            seen: 0,
            spent: false,
        });
        self
    }

    /// The `n`th request from now (1-based) gets `kind`.
    pub fn fail_nth(&self, n: u64, kind: FaultKind) -> &Self {
        self.add(FaultRule {
            kind,
            trigger: Trigger::Nth(n),
            path_contains: None,
        })
    }

    /// Each request gets `kind` with probability `fraction` (seeded).
    pub fn fail_fraction(&self, fraction: f64, kind: FaultKind) -> &Self {
        self.add(FaultRule {
            kind,
            trigger: Trigger::Fraction(fraction),
            path_contains: None,
        })
    }

    /// The `n`th request from now has its connection cut mid-body.
    pub fn drop_connection_nth(&self, n: u64) -> &Self {
        self.fail_nth(n, FaultKind::DropConnection)
    }

    /// Every request waits `delay` before being handled (`Duration::ZERO` turns it off).
    pub fn delay(&self, delay: Duration) -> &Self {
        self.lock().delay = (!delay.is_zero()).then_some(delay);
        self
    }

    /// Expires every issued token now (the pre-registered one stays valid).
    pub fn expire_tokens(&self) -> &Self {
        self.tokens.expire_all();
        self
    }

    /// Removes every rule and the delay, and restarts the random sequence.
    pub fn clear(&self) -> &Self {
        let mut s = self.lock();
        s.rules.clear();
        s.delay = None;
        s.rng = StdRng::seed_from_u64(s.seed);
        *self.stream_after() = None;
        self
    }

    fn stream_after(&self) -> MutexGuard<'_, Option<u64>> {
        self.streams.after.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Ends every live Pub/Sub `Subscribe` stream now with `UNAVAILABLE`.
    ///
    /// ```
    /// # async fn run(emu: sf_emulator::Emulator) {
    /// emu.faults().drop_streams();
    /// # }
    /// ```
    pub fn drop_streams(&self) -> &Self {
        self.streams.generation.send_modify(|g| *g += 1);
        self
    }

    /// Once `n` more events have been delivered (counted over all
    /// `Subscribe` streams), the stream that delivered the `n`th ends with
    /// `UNAVAILABLE` right after it; once only. `0` turns the rule off.
    ///
    /// ```
    /// # async fn run(emu: sf_emulator::Emulator) {
    /// emu.faults().drop_stream_after(3);
    /// # }
    /// ```
    pub fn drop_stream_after(&self, n: u64) -> &Self {
        *self.stream_after() = (n > 0).then_some(n);
        self
    }

    /// What a stream watches to learn of [`Faults::drop_streams`].
    pub(crate) fn stream_generation(&self) -> tokio::sync::watch::Receiver<u64> {
        self.streams.generation.subscribe()
    }

    /// How many of `available` events a stream may send before it must be
    /// dropped: `(count, drop_after_sending)`. Takes them from the rule.
    pub(crate) fn stream_quota(&self, available: usize) -> (usize, bool) {
        let mut after = self.stream_after();
        match *after {
            None => (available, false),
            Some(left) => {
                let n = available.min(usize::try_from(left).unwrap_or(usize::MAX));
                let left = left - n as u64;
                *after = (left > 0).then_some(left);
                (n, left == 0 && n > 0)
            }
        }
    }

    /// The rules in force, for the admin endpoint.
    pub fn rules(&self) -> Vec<FaultRule> {
        self.lock()
            .rules
            .iter()
            .filter(|r| !r.spent)
            .map(|r| r.rule.clone())
            .collect()
    }

    /// Decides the fate of one request; the first rule that fires wins.
    pub fn decide(&self, path: &str) -> Decision {
        let mut guard = self.lock();
        let state = &mut *guard;
        let mut fault = None;
        for r in state.rules.iter_mut().filter(|r| !r.spent) {
            if r.rule
                .path_contains
                .as_deref()
                .is_some_and(|p| !path.contains(p))
            {
                continue;
            }
            r.seen += 1;
            let fires = match r.rule.trigger {
                Trigger::Nth(n) => {
                    let hit = r.seen == n;
                    r.spent = hit;
                    hit
                }
                Trigger::Fraction(p) => state.rng.gen_bool(p.clamp(0.0, 1.0)),
            };
            if fires && fault.is_none() {
                fault = Some(r.rule.kind);
            }
        }
        if fault == Some(FaultKind::ExpireSession) {
            self.tokens.expire_all();
        }
        Decision {
            delay: state.delay,
            fault,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faults(seed: u64) -> Faults {
        Faults::new(seed, Arc::new(TokenStore::default()))
    }

    #[test]
    fn nth_fires_once_on_matching_requests() {
        let f = faults(0);
        f.add(FaultRule {
            kind: FaultKind::ServerError,
            trigger: Trigger::Nth(2),
            path_contains: Some("/query".into()),
        });
        assert_eq!(f.decide("/sobjects/Account").fault, None);
        assert_eq!(f.decide("/query").fault, None);
        assert_eq!(f.decide("/query").fault, Some(FaultKind::ServerError));
        assert_eq!(f.decide("/query").fault, None);
        assert!(f.rules().is_empty());
    }

    #[test]
    fn a_stream_drop_rule_hands_out_its_events_then_fires_once() {
        let f = faults(0);
        assert_eq!(f.stream_quota(5), (5, false));
        f.drop_stream_after(3);
        assert_eq!(f.stream_quota(2), (2, false));
        assert_eq!(f.stream_quota(5), (1, true));
        assert_eq!(f.stream_quota(5), (5, false));
    }

    #[test]
    fn names_are_the_serde_names() {
        for kind in FaultKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
            assert_eq!(kind.name().parse::<FaultKind>(), Ok(kind));
        }
        let err = "nonsense".parse::<FaultKind>().unwrap_err();
        assert!(err.contains("unable_to_lock_row"), "{err}");
    }

    #[test]
    fn fractions_repeat_with_the_seed() {
        let run = |seed| {
            let f = faults(seed);
            f.fail_fraction(0.3, FaultKind::ServiceUnavailable);
            (0..200)
                .map(|_| f.decide("/x").fault.is_some())
                .collect::<Vec<_>>()
        };
        let a = run(7);
        assert_eq!(a, run(7));
        let hits = a.iter().filter(|h| **h).count();
        assert!((30..90).contains(&hits), "{hits} of 200");
    }
}
