//! Publishing platform events: typed from a `#[derive(SObject)]` struct of a
//! `Name__e` object (the topic follows from the type), untyped to a named
//! topic, one batch at a time (`Publish`) or as a stream of batches
//! ([`Publisher`], `PublishStream`).
//!
//! Every event is sent with a fresh UUID as its id; the server echoes it as
//! the result's `correlation_key`, which is how results find their inputs.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use sf_pubsub_proto::{ProducerEvent, PublishRequest, PublishResponse};
use tokio::sync::{mpsc, oneshot};

use super::{decode, PubSub, PubSubError};
use crate::model::WriteMode;
use crate::SObject;

/// Why the server refused one event of a batch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?}: {message}")]
#[non_exhaustive]
pub struct PublishError {
    /// Salesforce's error code.
    pub code: PublishErrorCode,
    /// Its message.
    pub message: String,
}

/// The `ErrorCode` of a refused event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublishErrorCode {
    /// The event was not published.
    Publish,
    /// The event was published but its commit failed.
    Commit,
    /// A code this client does not know.
    Unknown,
}

/// One event's outcome: its replay id, or why it was refused.
pub type Published = Result<Vec<u8>, PublishError>;

/// Whether an API name is a platform event's (`Name__e`); `const` so that
/// [`PubSub::publish`] refuses other types at compile time.
const fn is_platform_event(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 3 && b[b.len() - 3] == b'_' && b[b.len() - 2] == b'_' && b[b.len() - 1] == b'e'
}

/// The topic of a platform event type: `/event/Name__e`.
fn topic_of<E: SObject>() -> String {
    format!("/event/{}", E::API_NAME)
}

/// The fields an event carries: what a create of it would send (system
/// fields such as `CreatedDate` are read-only and set by the bus).
fn event_json<E: SObject>(event: &E) -> serde_json::Value {
    serde_json::Value::Object(event.to_write_json(WriteMode::Create))
}

impl PubSub {
    /// Publishes platform events of a `#[derive(SObject)]` struct of a
    /// `Name__e` object on `/event/Name__e`; one outcome per event, in
    /// input order. A struct of another object does not compile.
    ///
    /// ```no_run
    /// # async fn run(pubsub: sf_runtime::pubsub::PubSub) -> Result<(), sf_runtime::pubsub::PubSubError> {
    /// #[derive(sf_runtime::SObject)]
    /// #[sobject(api_name = "Order_Event__e", key_prefix = "e01")]
    /// struct OrderEvent {
    ///     #[sobject(api_name = "Order_Number__c")]
    ///     order_number: Option<String>,
    /// }
    /// let sent = pubsub.publish(&[OrderEvent { order_number: Some("O-1".into()) }]).await?;
    /// let replay_id = sent[0].as_ref().expect("published");
    /// # Ok(()) }
    /// ```
    ///
    /// ```compile_fail
    /// #[derive(sf_runtime::SObject)]
    /// #[sobject(api_name = "Account", key_prefix = "001")]
    /// struct Account {
    ///     #[sobject(api_name = "Name")]
    ///     name: Option<String>,
    /// }
    /// # fn main() {
    /// # futures::executor::block_on(async {
    /// # let auth = sf_runtime::client::auth::StaticToken::with_instance_url("t", "http://127.0.0.1:1");
    /// # let pubsub = sf_runtime::pubsub::PubSub::connect(auth, "http://127.0.0.1:1").await.unwrap();
    /// // An Account is not a platform event: this does not compile.
    /// let _ = pubsub.publish(&[Account { name: None }]).await;
    /// # });
    /// # }
    /// ```
    pub async fn publish<E: SObject>(&self, events: &[E]) -> Result<Vec<Published>, PubSubError> {
        const {
            assert!(
                is_platform_event(E::API_NAME),
                "PubSub::publish takes structs of platform events (`Name__e`)"
            )
        };
        let json: Vec<_> = events.iter().map(event_json).collect();
        self.publish_json(&topic_of::<E>(), &json).await
    }

    /// Publishes events serialized from `events` (serde structs or maps
    /// keyed by the fields' API names) on `topic`; one outcome per event,
    /// in input order.
    ///
    /// ```no_run
    /// # async fn run(pubsub: sf_runtime::pubsub::PubSub) -> Result<(), sf_runtime::pubsub::PubSubError> {
    /// let event = serde_json::json!({"Order_Number__c": "O-1"});
    /// let sent = pubsub.publish_to("/event/Order_Event__e", &[event]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn publish_to<E: serde::Serialize>(
        &self,
        topic: &str,
        events: &[E],
    ) -> Result<Vec<Published>, PubSubError> {
        let json = events
            .iter()
            .map(|e| serde_json::to_value(e).map_err(|e| PubSubError::Encode(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        self.publish_json(topic, &json).await
    }

    async fn publish_json(
        &self,
        topic: &str,
        events: &[serde_json::Value],
    ) -> Result<Vec<Published>, PubSubError> {
        let encoder = Encoder::for_topic(self, topic).await?;
        let (producer, keys) = encoder.encode(events)?;
        let req = PublishRequest {
            topic_name: topic.to_owned(),
            events: producer,
            auth_refresh: String::new(),
        };
        let resp = self
            .call(req, |mut c, r| async move { c.publish(r).await })
            .await?;
        Ok(correlate(&keys, resp))
    }

    /// Opens a `PublishStream` for platform events of `E` (a
    /// `#[derive(SObject)]` struct of a `Name__e` object): batches go out
    /// without waiting for earlier ones to be answered.
    ///
    /// ```no_run
    /// # async fn run(pubsub: sf_runtime::pubsub::PubSub) -> Result<(), sf_runtime::pubsub::PubSubError> {
    /// # #[derive(sf_runtime::SObject)]
    /// # #[sobject(api_name = "Order_Event__e", key_prefix = "e01")]
    /// # struct OrderEvent { #[sobject(api_name = "Order_Number__c")] order_number: Option<String> }
    /// let publisher = pubsub.publisher::<OrderEvent>().await?;
    /// let first = publisher.send(&[OrderEvent { order_number: Some("O-1".into()) }]).await?;
    /// let second = publisher.send(&[OrderEvent { order_number: Some("O-2".into()) }]).await?;
    /// let (first, second) = (first.await?, second.await?);
    /// # Ok(()) }
    /// ```
    pub async fn publisher<E: SObject>(&self) -> Result<Publisher<E>, PubSubError> {
        const {
            assert!(
                is_platform_event(E::API_NAME),
                "PubSub::publisher takes structs of platform events (`Name__e`)"
            )
        };
        let topic = topic_of::<E>();
        let encoder = Encoder::for_topic(self, &topic).await?;
        // Fail here, not at the first send, when there is no session at all.
        self.session(false).await?;
        let (cmd_tx, cmd_rx) = mpsc::channel::<Batch>(16);
        tokio::spawn(run_publisher(self.clone(), cmd_rx));
        Ok(Publisher {
            topic,
            encoder,
            commands: cmd_tx,
            _events: PhantomData,
        })
    }
}

/// A topic's schema, to encode events with.
struct Encoder {
    schema_id: String,
    schema: Arc<apache_avro::Schema>,
}

impl Encoder {
    async fn for_topic(pubsub: &PubSub, topic: &str) -> Result<Self, PubSubError> {
        let info = pubsub.get_topic(topic).await?;
        let schema = pubsub.get_schema(&info.schema_id).await?;
        Ok(Encoder {
            schema_id: info.schema_id,
            schema,
        })
    }

    /// The events as `ProducerEvent`s, each with a fresh UUID, and the UUIDs.
    fn encode(
        &self,
        events: &[serde_json::Value],
    ) -> Result<(Vec<ProducerEvent>, Vec<String>), PubSubError> {
        let mut producer = Vec::with_capacity(events.len());
        let mut keys = Vec::with_capacity(events.len());
        for json in events {
            let value = decode::from_json(&self.schema, json)?;
            let payload = apache_avro::to_avro_datum(&self.schema, value)
                .map_err(|e| PubSubError::Encode(e.to_string()))?;
            let id = uuid::Uuid::new_v4().to_string();
            keys.push(id.clone());
            producer.push(ProducerEvent {
                id,
                schema_id: self.schema_id.clone(),
                payload,
                ..Default::default()
            });
        }
        Ok((producer, keys))
    }
}

/// The results of a response put in the order of `keys` (the ids sent); an
/// input the server did not answer for is an `Unknown` error.
fn correlate(keys: &[String], resp: PublishResponse) -> Vec<Published> {
    let mut by_key: HashMap<String, Published> = HashMap::with_capacity(resp.results.len());
    for r in resp.results {
        let outcome = match r.error {
            Some(e) => Err(PublishError {
                code: match sf_pubsub_proto::ErrorCode::try_from(e.code) {
                    Ok(sf_pubsub_proto::ErrorCode::Publish) => PublishErrorCode::Publish,
                    Ok(sf_pubsub_proto::ErrorCode::Commit) => PublishErrorCode::Commit,
                    _ => PublishErrorCode::Unknown,
                },
                message: e.msg,
            }),
            None => Ok(r.replay_id),
        };
        by_key.insert(r.correlation_key, outcome);
    }
    keys.iter()
        .map(|k| {
            by_key.remove(k).unwrap_or_else(|| {
                Err(PublishError {
                    code: PublishErrorCode::Unknown,
                    message: "the server sent no result for this event".into(),
                })
            })
        })
        .collect()
}

type BatchOutcome = Result<Vec<Published>, PubSubError>;

/// A batch on its way: the request, its event ids, where its outcome goes.
struct Batch {
    request: PublishRequest,
    keys: Vec<String>,
    done: oneshot::Sender<BatchOutcome>,
}

/// A `PublishStream` of platform events of `E`. Dropping it closes the
/// stream once the batches already sent are answered. When the stream fails
/// (a dropped connection, an expired session), the batches in flight resolve
/// to its error and are not sent again (the server may have published them);
/// the next [`send`](Self::send) opens a new stream, with a refreshed session
/// after `UNAUTHENTICATED`.
pub struct Publisher<E> {
    topic: String,
    encoder: Encoder,
    commands: mpsc::Sender<Batch>,
    _events: PhantomData<fn(&E)>,
}

impl<E> std::fmt::Debug for Publisher<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Publisher")
            .field("topic", &self.topic)
            .finish_non_exhaustive()
    }
}

impl<E: SObject> Publisher<E> {
    /// Sends a batch; waits only while 16 batches are in flight. The
    /// returned [`PendingBatch`] resolves to one outcome per event, in
    /// input order, once the server has answered the batch.
    pub async fn send(&self, events: &[E]) -> Result<PendingBatch, PubSubError> {
        let json: Vec<_> = events.iter().map(event_json).collect();
        let (producer, keys) = self.encoder.encode(&json)?;
        let (done, rx) = oneshot::channel();
        let batch = Batch {
            request: PublishRequest {
                topic_name: self.topic.clone(),
                events: producer,
                auth_refresh: String::new(),
            },
            keys,
            done,
        };
        self.commands.send(batch).await.map_err(|_| closed())?;
        Ok(PendingBatch { rx })
    }
}

fn closed() -> PubSubError {
    PubSubError::Status(tonic::Status::unavailable("the publish stream is closed"))
}

/// The outcome of a batch sent with [`Publisher::send`].
#[derive(Debug)]
pub struct PendingBatch {
    rx: oneshot::Receiver<BatchOutcome>,
}

impl Future for PendingBatch {
    type Output = BatchOutcome;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.rx)
            .poll(cx)
            .map(|r| r.unwrap_or_else(|_| Err(closed())))
    }
}

/// How one `PublishStream` ended.
enum StreamEnd {
    /// The publisher was dropped and every batch sent was answered.
    Done,
    /// The stream failed; the batches in flight were resolved to this.
    Failed(tonic::Status),
}

/// Owns the publisher's streams: opens one when a batch is sent, and after a
/// stream fails opens the next one for the next batch (with a refreshed
/// session after `UNAUTHENTICATED`). Batches in flight on a failed stream
/// are not sent again: the server may have published them.
async fn run_publisher(pubsub: PubSub, mut commands: mpsc::Receiver<Batch>) {
    let mut refresh = false;
    while let Some(first) = commands.recv().await {
        let session = match pubsub.session(refresh).await {
            Ok(s) => s,
            Err(e) => {
                let _ = first.done.send(Err(e));
                continue;
            }
        };
        let (req_tx, req_rx) = mpsc::channel::<PublishRequest>(16);
        let requests =
            futures::stream::unfold(
                req_rx,
                |mut rx| async move { rx.recv().await.map(|r| (r, rx)) },
            );
        let request = pubsub.request(&session, requests);
        match run_stream(&pubsub, request, req_tx, first, &mut commands).await {
            StreamEnd::Done => return,
            StreamEnd::Failed(status) => {
                refresh = status.code() == tonic::Code::Unauthenticated && pubsub.can_refresh();
                tracing::debug!(code = ?status.code(), "publish stream ended; the next batch opens another");
            }
        }
    }
}

/// Runs one gRPC stream, starting with `first`: forwards batches, and hands
/// each response to the oldest batch still waiting (the server answers
/// requests in order; the correlation keys then order the results within
/// the batch).
async fn run_stream<S>(
    pubsub: &PubSub,
    request: tonic::Request<S>,
    req_tx: mpsc::Sender<PublishRequest>,
    first: Batch,
    commands: &mut mpsc::Receiver<Batch>,
) -> StreamEnd
where
    S: futures::Stream<Item = PublishRequest> + Send + 'static,
{
    let mut waiting: VecDeque<(Vec<String>, oneshot::Sender<BatchOutcome>)> = VecDeque::new();
    let _ = req_tx.send(first.request).await;
    waiting.push_back((first.keys, first.done));
    let mut open = true;
    // The call resolves once the server answers with headers, which it may
    // only do after the first request: requests are forwarded meanwhile.
    let mut client = pubsub.client();
    let mut call = Box::pin(client.publish_stream(request));
    let mut responses = loop {
        tokio::select! {
            r = &mut call => match r {
                Ok(r) => break r.into_inner(),
                Err(s) => return fail_waiting(waiting, s),
            },
            cmd = commands.recv(), if open => match cmd {
                Some(b) => {
                    let _ = req_tx.send(b.request).await;
                    waiting.push_back((b.keys, b.done));
                }
                None => open = false,
            },
        }
    };
    loop {
        tokio::select! {
            msg = responses.message() => match msg {
                Ok(Some(resp)) => {
                    if let Some((keys, done)) = waiting.pop_front() {
                        let _ = done.send(Ok(correlate(&keys, resp)));
                    }
                }
                Ok(None) => return fail_waiting(waiting, tonic::Status::unavailable(
                    "the server ended the publish stream")),
                Err(s) => return fail_waiting(waiting, s),
            },
            cmd = commands.recv(), if open => match cmd {
                Some(b) => {
                    if req_tx.send(b.request).await.is_err() {
                        let _ = b.done.send(Err(closed()));
                        continue;
                    }
                    waiting.push_back((b.keys, b.done));
                }
                // The publisher is gone: answers to what was sent still come.
                None => open = false,
            },
        }
        if !open && waiting.is_empty() {
            return StreamEnd::Done;
        }
    }
}

/// Resolves every batch in flight to the stream's end status.
fn fail_waiting(
    waiting: VecDeque<(Vec<String>, oneshot::Sender<BatchOutcome>)>,
    status: tonic::Status,
) -> StreamEnd {
    for (_, done) in waiting {
        let _ = done.send(Err(PubSubError::Status(status.clone())));
    }
    StreamEnd::Failed(status)
}

#[cfg(test)]
mod tests {
    use sf_pubsub_proto::{Error, ErrorCode, PublishResult};

    use super::*;

    #[test]
    fn results_follow_the_inputs_whatever_order_the_server_answers_in() {
        let keys: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let resp = PublishResponse {
            results: vec![
                PublishResult {
                    correlation_key: "c".into(),
                    error: Some(Error {
                        code: ErrorCode::Publish as i32,
                        msg: "bad".into(),
                    }),
                    ..Default::default()
                },
                PublishResult {
                    correlation_key: "a".into(),
                    replay_id: vec![1],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let out = correlate(&keys, resp);
        assert_eq!(out[0], Ok(vec![1]));
        assert_eq!(out[1].as_ref().unwrap_err().code, PublishErrorCode::Unknown);
        assert_eq!(out[2].as_ref().unwrap_err().code, PublishErrorCode::Publish);
    }

    #[test]
    fn only_names_ending_in_double_underscore_e_are_platform_events() {
        assert!(is_platform_event("Order_Event__e"));
        assert!(!is_platform_event("Account"));
        assert!(!is_platform_event("Thing__c"));
        assert!(!is_platform_event("__e"));
    }
}
