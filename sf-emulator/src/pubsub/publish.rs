//! Publishing platform events: `Publish` (one batch), `PublishStream` (a
//! stream of batches, one `PublishResponse` per `PublishRequest`), and the
//! REST API's `POST sobjects/Name__e`, which [`crate::org::Org::create`]
//! queues and [`EventBus::commit`](super::EventBus::commit) publishes.
//!
//! A payload that does not decode with the topic's schema fails its own
//! event (an `Error` in its `PublishResult`), never the batch or the stream.

use std::sync::Arc;

use apache_avro::types::Value as Avro;
use bytes::Bytes;
use serde_json::{Map, Value};
use sf_pubsub_proto::{ProducerEvent, PublishRequest, PublishResponse, PublishResult};
use tokio::sync::mpsc;
use tonic::{Request, Status, Streaming};

use super::avro::{nullable, TopicSchema};
use super::service::{PubSubService, PublishStream};
use super::{encode_replay, Topic};

impl PubSubService {
    /// The topic of a publish: a platform event channel, else
    /// `PERMISSION_DENIED` as Salesforce answers for change event channels.
    pub(super) fn publish_topic(&self, name: &str) -> Result<Topic, Status> {
        let topic = self.topic(name)?;
        if !matches!(topic, Topic::Platform(_)) {
            return Err(Status::permission_denied(format!(
                "publishing is not allowed on {name}"
            )));
        }
        Ok(topic)
    }

    /// Publishes one batch: a result per event, in request order.
    pub(super) fn publish_batch(
        &self,
        topic: &Topic,
        req: PublishRequest,
    ) -> Result<PublishResponse, Status> {
        let (schema, now, user) = {
            let org = self.state.org();
            let schema = self.bus.schema_of(&org, topic).map_err(Status::internal)?;
            (
                schema,
                org.clock.now().timestamp_millis(),
                org.user_id.clone(),
            )
        };
        let schema = schema.ok_or_else(|| Status::internal("platform event without a schema"))?;
        let channel: Arc<str> = Arc::from(req.topic_name.as_str());
        let mut results = Vec::with_capacity(req.events.len());
        let mut accepted = Vec::new();
        for event in req.events {
            match stamp(&schema, &event, now, &user) {
                Ok(payload) => {
                    let id = if event.id.is_empty() {
                        super::cdc::uuid_like()
                    } else {
                        event.id.clone()
                    };
                    accepted.push((
                        results.len(),
                        (channel.clone(), id, schema.id.clone(), payload),
                    ));
                    results.push(PublishResult {
                        correlation_key: event.id,
                        ..Default::default()
                    });
                }
                Err(msg) => results.push(PublishResult {
                    error: Some(sf_pubsub_proto::Error {
                        code: sf_pubsub_proto::ErrorCode::Publish as i32,
                        msg,
                    }),
                    correlation_key: event.id,
                    ..Default::default()
                }),
            }
        }
        let (slots, events): (Vec<usize>, Vec<_>) = accepted.into_iter().unzip();
        for (slot, replay) in slots.into_iter().zip(self.bus.append(events)) {
            results[slot].replay_id = encode_replay(replay).to_vec();
        }
        Ok(PublishResponse {
            results,
            schema_id: schema.id.clone(),
            rpc_id: super::cdc::uuid_like(),
        })
    }

    /// Serves `PublishStream`: the first request names the topic; a later
    /// one naming another gets `INVALID_ARGUMENT` (as Salesforce), which
    /// ends the stream. Batches are answered in order as they arrive.
    pub(super) fn serve_publish_stream(
        self,
        request: Request<Streaming<PublishRequest>>,
    ) -> PublishStream {
        let token = request
            .metadata()
            .get(sf_pubsub_proto::ACCESS_TOKEN)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let mut inbound = request.into_inner();
        let (tx, rx) = mpsc::channel::<Result<PublishResponse, Status>>(16);
        tokio::spawn(async move {
            let mut first: Option<(String, Topic)> = None;
            loop {
                let req = match inbound.message().await {
                    Ok(Some(r)) => r,
                    // Half-closed or gone: every batch sent has its answer.
                    Ok(None) | Err(_) => return,
                };
                let answer = if !self.token_valid(&token) {
                    Err(Status::unauthenticated(
                        "the session expired; publish again",
                    ))
                } else {
                    match &first {
                        None => self.publish_topic(&req.topic_name).inspect(|t| {
                            first = Some((req.topic_name.clone(), t.clone()));
                        }),
                        Some((name, t)) if req.topic_name.is_empty() || &req.topic_name == name => {
                            Ok(t.clone())
                        }
                        Some(_) => Err(Status::invalid_argument(
                            "topic_name differs from the first PublishRequest's",
                        )),
                    }
                };
                let mut req = req;
                if let Some((name, _)) = &first {
                    req.topic_name = name.clone();
                }
                let answer = answer.and_then(|topic| self.publish_batch(&topic, req));
                let failed = answer.is_err();
                if tx.send(answer).await.is_err() || failed {
                    return;
                }
            }
        });
        Box::pin(futures::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        }))
    }
}

/// Decodes a published payload with the topic's schema and sets the fields
/// the bus owns (`CreatedDate`, `CreatedById`) before storing it.
fn stamp(
    schema: &TopicSchema,
    event: &ProducerEvent,
    now: i64,
    user: &str,
) -> Result<Bytes, String> {
    if !event.schema_id.is_empty() && event.schema_id != schema.id {
        return Err(format!("unknown schema id {}", event.schema_id));
    }
    let mut reader = event.payload.as_slice();
    let value = apache_avro::from_avro_datum(&schema.avro, &mut reader, None)
        .map_err(|e| format!("payload does not match the schema: {e}"))?;
    let Avro::Record(mut fields) = value else {
        return Err("payload is not a record".to_owned());
    };
    for (name, v) in &mut fields {
        match name.as_str() {
            "CreatedDate" => *v = Avro::Long(now),
            "CreatedById" => *v = Avro::String(user.to_owned()),
            _ => {
                if let Avro::Null = v {
                    *v = nullable(None);
                }
            }
        }
    }
    apache_avro::to_avro_datum(&schema.avro, Avro::Record(fields))
        .map(Bytes::from)
        .map_err(|e| e.to_string())
}

/// The payload of a platform event created through the REST API (or any
/// API inserting `Name__e` records): the validated fields as the topic's
/// Avro record, stamped by the bus.
pub(super) fn encode_fields(
    schema: &TopicSchema,
    fields: &Map<String, Value>,
    now: i64,
    user: &str,
) -> Result<Bytes, String> {
    let record = schema
        .fields
        .iter()
        .map(|(name, kind)| {
            let v = match name.as_str() {
                "CreatedDate" => Avro::Long(now),
                "CreatedById" => Avro::String(user.to_owned()),
                _ => nullable(fields.get(name).and_then(|v| kind.to_avro(v))),
            };
            (name.clone(), v)
        })
        .collect();
    apache_avro::to_avro_datum(&schema.avro, Avro::Record(record))
        .map(Bytes::from)
        .map_err(|e| e.to_string())
}
