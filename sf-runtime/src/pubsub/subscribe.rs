//! A subscription: a background task owns the gRPC stream, asks for events
//! only as the consumer drains them, and resubscribes after the last event
//! it received when the stream drops or the session expires.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::Stream;
use sf_pubsub_proto::{FetchRequest, ReplayPreset as WirePreset};
use tokio::sync::mpsc;

use super::{FromAvro, PubSub, PubSubError, ReplayPreset, ReplayStore};

/// Events asked for at a time.
pub(super) const DEFAULT_BATCH: usize = 100;
/// Consecutive failed (re)subscribes before the subscription gives up.
const MAX_RETRIES: u32 = 5;

/// One delivered event.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Received<E> {
    /// Its position in the stream: resume after it with [`ReplayPreset::Custom`].
    pub replay_id: Vec<u8>,
    /// The event's id (UUID).
    pub event_id: String,
    /// The decoded event.
    pub event: E,
}

/// The stream of a subscription's events; dropping it ends the subscription.
pub struct Subscription<E> {
    rx: mpsc::Receiver<Result<Received<E>, PubSubError>>,
    store: Option<(Arc<dyn ReplayStore>, String)>,
    processed: Option<Vec<u8>>,
    task: tokio::task::JoinHandle<()>,
}

impl<E> std::fmt::Debug for Subscription<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription").finish_non_exhaustive()
    }
}

impl<E> Subscription<E> {
    /// Saves the last event handed out as processed now, rather than when the
    /// next one is asked for (call it before stopping after a last event).
    pub fn commit(&mut self) -> std::io::Result<()> {
        if let (Some(replay), Some((store, topic))) = (self.processed.take(), &self.store) {
            store.save(topic, &replay)?;
        }
        Ok(())
    }
}

impl<E> Drop for Subscription<E> {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl<E> Stream for Subscription<E> {
    type Item = Result<Received<E>, PubSubError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Asking for the next event means the previous one is processed.
        if let (Some(replay), Some((store, topic))) = (self.processed.take(), &self.store) {
            if let Err(e) = store.save(topic, &replay) {
                tracing::warn!(error = %e, "replay id not saved");
            }
        }
        let item = self.rx.poll_recv(cx);
        if let Poll::Ready(Some(Ok(r))) = &item {
            self.processed = Some(r.replay_id.clone());
        }
        item
    }
}

pub(super) fn start<E: FromAvro>(
    pubsub: PubSub,
    topic: String,
    start: ReplayPreset,
    store: Option<Arc<dyn ReplayStore>>,
    batch: usize,
) -> Subscription<E> {
    // The channel holds what the consumer has not taken yet: a full channel
    // stops the task from asking the server for more.
    let (tx, rx) = mpsc::channel(batch.max(1));
    let task = tokio::spawn(run(pubsub, topic.clone(), start, batch.max(1), tx));
    Subscription {
        rx,
        store: store.map(|s| (s, topic)),
        processed: None,
        task,
    }
}

async fn run<E: FromAvro>(
    pubsub: PubSub,
    topic: String,
    mut start: ReplayPreset,
    batch: usize,
    tx: mpsc::Sender<Result<Received<E>, PubSubError>>,
) {
    let mut refresh = false;
    let mut failures = 0;
    loop {
        match stream_once(&pubsub, &topic, &mut start, batch, refresh, &tx).await {
            Ok(()) => return,
            Err(StreamEnd::Fatal(e)) => {
                let _ = tx.send(Err(e)).await;
                return;
            }
            Err(StreamEnd::Retry {
                unauthenticated,
                delivered,
                error,
            }) => {
                failures = if delivered { 1 } else { failures + 1 };
                if failures > MAX_RETRIES {
                    let _ = tx.send(Err(error)).await;
                    return;
                }
                refresh = unauthenticated;
                tracing::debug!(%error, "Pub/Sub stream dropped; resubscribing");
                tokio::time::sleep(Duration::from_millis(100 * (1 << failures.min(6)))).await;
            }
        }
    }
}

enum StreamEnd {
    Fatal(PubSubError),
    Retry {
        unauthenticated: bool,
        delivered: bool,
        error: PubSubError,
    },
}

fn classify(status: tonic::Status, delivered: bool) -> StreamEnd {
    use tonic::Code;
    match status.code() {
        Code::Unauthenticated => StreamEnd::Retry {
            unauthenticated: true,
            delivered,
            error: status.into(),
        },
        Code::Unavailable
        | Code::Internal
        | Code::Unknown
        | Code::Aborted
        | Code::Cancelled
        | Code::DeadlineExceeded
        | Code::ResourceExhausted => StreamEnd::Retry {
            unauthenticated: false,
            delivered,
            error: status.into(),
        },
        _ => StreamEnd::Fatal(status.into()),
    }
}

/// One gRPC stream: `Ok` when the consumer went away.
async fn stream_once<E: FromAvro>(
    pubsub: &PubSub,
    topic: &str,
    start: &mut ReplayPreset,
    batch: usize,
    refresh: bool,
    tx: &mpsc::Sender<Result<Received<E>, PubSubError>>,
) -> Result<(), StreamEnd> {
    let session = pubsub
        .session(refresh)
        .await
        .map_err(|e| StreamEnd::Retry {
            unauthenticated: false,
            delivered: false,
            error: e,
        })?;
    let (preset, replay_id) = match start {
        ReplayPreset::Latest => (WirePreset::Latest, Vec::new()),
        ReplayPreset::Earliest => (WirePreset::Earliest, Vec::new()),
        ReplayPreset::Custom(id) => (WirePreset::Custom, id.clone()),
    };
    let (req_tx, req_rx) = mpsc::channel::<FetchRequest>(4);
    let _ = req_tx
        .send(FetchRequest {
            topic_name: topic.to_owned(),
            replay_preset: preset as i32,
            replay_id,
            num_requested: batch as i32,
            ..Default::default()
        })
        .await;
    let requests =
        futures::stream::unfold(
            req_rx,
            |mut rx| async move { rx.recv().await.map(|r| (r, rx)) },
        );
    let mut stream = pubsub
        .client()
        .subscribe(pubsub.request(&session, requests))
        .await
        .map_err(|s| classify(s, false))?
        .into_inner();
    let mut outstanding = batch;
    let mut delivered = false;
    loop {
        let response = match stream.message().await {
            Ok(Some(r)) => r,
            Ok(None) => {
                return Err(StreamEnd::Retry {
                    unauthenticated: false,
                    delivered,
                    error: PubSubError::Status(tonic::Status::unavailable(
                        "the server ended the stream",
                    )),
                })
            }
            Err(s) => return Err(classify(s, delivered)),
        };
        for ce in response.events {
            let Some(event) = ce.event else { continue };
            let item = match pubsub.get_schema(&event.schema_id).await {
                Ok(schema) => decode_one::<E>(&schema, &event.payload).map(|e| Received {
                    replay_id: ce.replay_id.clone(),
                    event_id: event.id,
                    event: e,
                }),
                Err(e) => Err(e),
            };
            if tx.send(item).await.is_err() {
                return Ok(());
            }
            *start = ReplayPreset::Custom(ce.replay_id);
            delivered = true;
            outstanding = outstanding.saturating_sub(1);
        }
        // Ask again once half the batch has been handed to the consumer
        // (sending blocks while the consumer lags, so this follows its pace).
        if outstanding <= batch / 2 {
            let more = batch - outstanding;
            if req_tx
                .send(FetchRequest {
                    num_requested: more as i32,
                    ..Default::default()
                })
                .await
                .is_err()
            {
                return Ok(());
            }
            outstanding += more;
        }
    }
}

fn decode_one<E: FromAvro>(schema: &apache_avro::Schema, payload: &[u8]) -> Result<E, PubSubError> {
    let mut reader = payload;
    let value = apache_avro::from_avro_datum(schema, &mut reader, None)
        .map_err(|e| PubSubError::Decode(e.to_string()))?;
    E::from_avro(schema, value)
}
