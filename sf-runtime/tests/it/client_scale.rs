//! Many long query streams at once against the emulator while tokens expire and
//! requests are refused or cut: every stream must come back exact.

use crate::support;

use std::time::Duration;

use futures::TryStreamExt;
use serde_json::{json, Map};
use sf_emulator::{FaultKind, Trigger};
use sf_runtime::client::auth::ClientCredentials;
use sf_runtime::client::{Client, RetryPolicy};
use support::{emulator_builder, fault_on};

const STREAMS: usize = 50;
const RECORDS: usize = 25_000;

#[derive(serde::Deserialize)]
struct Row {
    #[serde(rename = "Name")]
    name: String,
}

/// Reads one whole stream, checking each row against its position as it arrives
/// (holding 50 × 25,000 rows would cost far more memory than the check needs).
/// `Err` says how the stream went wrong.
async fn read_exact(client: Client) -> Result<(), String> {
    let mut rows = client.query_as::<Row>("SELECT Name FROM Account ORDER BY Name");
    let mut seen = 0usize;
    loop {
        match rows.try_next().await {
            Ok(Some(row)) => {
                let want = format!("Acct {seen:05}");
                if row.name != want {
                    return Err(format!("row {seen}: {} instead of {want}", row.name));
                }
                seen += 1;
            }
            Ok(None) if seen == RECORDS => return Ok(()),
            Ok(None) => return Err(format!("ended after {seen} rows")),
            Err(e) => return Err(format!("error after {seen} rows: {e}")),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_streams_through_four_token_expiries_and_random_faults_come_back_exact() {
    let emu = emulator_builder().fault_seed(14).start().await.unwrap();
    {
        let mut org = emu.org();
        for i in 0..RECORDS {
            let mut rec = Map::new();
            rec.insert("Name".into(), json!(format!("Acct {i:05}")));
            org.create("Account", &rec).unwrap();
        }
    }
    let client = Client::builder()
        .auth(ClientCredentials::new(
            emu.url(),
            "any-client",
            "any-secret",
        ))
        .retry_policy(
            RetryPolicy::default()
                .delays(Duration::from_millis(1), Duration::from_millis(20))
                .max_retries(10),
        )
        .build()
        .unwrap();
    let faults = emu.faults();
    let on_query = |kind, trigger| fault_on(kind, trigger, "/query");
    faults.add(on_query(
        FaultKind::TooManyRequests,
        Trigger::Fraction(0.05),
    ));
    faults.add(on_query(
        FaultKind::ServiceUnavailable,
        Trigger::Fraction(0.05),
    ));
    // Cut connections on any query request, last pages included: the emulator
    // keeps a cursor after its last page, as Salesforce keeps a locator until it
    // expires, so a cut last page is fetched again.
    faults.add(on_query(FaultKind::DropConnection, Trigger::Fraction(0.05)));
    // Four expiries in two close pairs: a request waiting out a Retry-After (1 s)
    // after the first of a pair outlives the token it refreshed to.
    for nth in [150, 165, 400, 415] {
        faults.add(on_query(FaultKind::ExpireSession, Trigger::Nth(nth)));
    }
    let streams: Vec<_> = (0..STREAMS)
        .map(|_| tokio::spawn(read_exact(client.clone())))
        .collect();
    let mut failures = Vec::new();
    for (i, s) in streams.into_iter().enumerate() {
        if let Err(e) = s.await.unwrap() {
            failures.push(format!("stream {i}: {e}"));
        }
    }
    let exact = STREAMS - failures.len();
    eprintln!(
        "{exact} of {STREAMS} streams exact; {} token requests",
        client.token_fetches()
    );
    assert!(
        failures.is_empty(),
        "{exact} of {STREAMS} exact:\n{}",
        failures.join("\n")
    );
    assert!(
        faults
            .rules()
            .iter()
            .all(|r| r.kind != FaultKind::ExpireSession),
        "all four expiries fired"
    );
    // Single-flight: an expiry costs at most one token request whatever the number
    // of streams it fails (two expiries of a pair may share one).
    let fetches = client.token_fetches();
    assert!((2..=1 + 4).contains(&fetches), "{fetches} token requests");
}
