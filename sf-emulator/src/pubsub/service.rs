//! The `eventbus.v1.PubSub` gRPC service over the [`EventBus`].
//!
//! Every call is authenticated from its metadata like Salesforce does: the
//! `accesstoken` must be a session in force and `tenantid`, when sent, the
//! org's id; otherwise `UNAUTHENTICATED`. A subscription whose token expires
//! ends with `UNAUTHENTICATED` at its next delivery or keepalive, so clients
//! exercise their re-authentication.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures::Stream;
use sf_pubsub_proto::pub_sub_server::{PubSub, PubSubServer};
use sf_pubsub_proto::{
    ConsumerEvent, FetchRequest, FetchResponse, ProducerEvent, PublishRequest, PublishResponse,
    ReplayPreset, SchemaInfo, SchemaRequest, TopicInfo, TopicRequest,
};
use tokio::sync::mpsc;
use tonic::{Request, Response, Status, Streaming};

use super::{decode_replay, encode_replay, EventBus, Topic};
use crate::state::AppState;

/// Most events in one FetchResponse: Salesforce sends at most 100, and
/// bigger batches could pass gRPC's default 4 MiB message limit of clients.
const MAX_BATCH: usize = 100;

/// Longest wait before an empty keepalive batch (Salesforce: 270 s).
pub const DEFAULT_KEEPALIVE: Duration = Duration::from_secs(270);

/// The service; wrap it with [`PubSubService::into_server`].
#[derive(Debug, Clone)]
pub struct PubSubService {
    pub(super) state: AppState,
    pub(super) bus: Arc<EventBus>,
    keepalive: Duration,
}

impl PubSubService {
    /// A service over the emulator's state and bus.
    pub fn new(state: AppState, bus: Arc<EventBus>, keepalive: Duration) -> Self {
        PubSubService {
            state,
            bus,
            keepalive,
        }
    }

    /// The tonic service to add to a server.
    pub fn into_server(self) -> PubSubServer<Self> {
        PubSubServer::new(self)
    }

    fn authenticate<T>(&self, request: &Request<T>) -> Result<(), Status> {
        let meta = request.metadata();
        let token = meta
            .get(sf_pubsub_proto::ACCESS_TOKEN)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !self.token_valid(token) {
            return Err(Status::unauthenticated(
                "Invalid or expired session: provide a valid accesstoken",
            ));
        }
        if let Some(tenant) = meta.get(sf_pubsub_proto::TENANT_ID) {
            // A 15-character org id names the same org as its 18-character form.
            let tenant = tenant.to_str().unwrap_or("");
            if tenant.len() < 15 || !crate::oauth::ORG_ID.starts_with(tenant) {
                return Err(Status::unauthenticated(
                    "tenantid does not match the session's org",
                ));
            }
        }
        Ok(())
    }

    pub(super) fn token_valid(&self, token: &str) -> bool {
        !token.is_empty() && self.state.tokens.is_valid(token)
    }

    pub(super) fn topic(&self, name: &str) -> Result<Topic, Status> {
        self.bus
            .topic(&self.state.org(), name)
            .ok_or_else(|| Status::not_found(format!("topic not found: {name}")))
    }

    fn schema_id(&self, topic: &Topic) -> Result<String, Status> {
        let org = self.state.org();
        let schema = self.bus.schema_of(&org, topic).map_err(Status::internal)?;
        Ok(schema.map(|s| s.id.clone()).unwrap_or_default())
    }
}

type FetchStream = Pin<Box<dyn Stream<Item = Result<FetchResponse, Status>> + Send>>;
pub(super) type PublishStream = Pin<Box<dyn Stream<Item = Result<PublishResponse, Status>> + Send>>;

#[tonic::async_trait]
impl PubSub for PubSubService {
    type SubscribeStream = FetchStream;
    type PublishStreamStream = PublishStream;

    async fn get_topic(
        &self,
        request: Request<TopicRequest>,
    ) -> Result<Response<TopicInfo>, Status> {
        self.authenticate(&request)?;
        let name = request.into_inner().topic_name;
        let topic = self.topic(&name)?;
        let schema_id = self.schema_id(&topic)?;
        Ok(Response::new(TopicInfo {
            can_publish: matches!(topic, Topic::Platform(_)),
            can_subscribe: true,
            topic_name: name,
            tenant_guid: crate::oauth::ORG_ID.to_owned(),
            schema_id,
            rpc_id: super::cdc::uuid_like(),
        }))
    }

    async fn get_schema(
        &self,
        request: Request<SchemaRequest>,
    ) -> Result<Response<SchemaInfo>, Status> {
        self.authenticate(&request)?;
        let id = request.into_inner().schema_id;
        let schema = self
            .bus
            .schema_by_id(&id)
            .ok_or_else(|| Status::not_found(format!("schema not found: {id}")))?;
        Ok(Response::new(SchemaInfo {
            schema_json: schema.json.clone(),
            schema_id: schema.id.clone(),
            rpc_id: super::cdc::uuid_like(),
        }))
    }

    async fn publish(
        &self,
        request: Request<PublishRequest>,
    ) -> Result<Response<PublishResponse>, Status> {
        self.authenticate(&request)?;
        let req = request.into_inner();
        let topic = self.publish_topic(&req.topic_name)?;
        Ok(Response::new(self.publish_batch(&topic, req)?))
    }

    async fn publish_stream(
        &self,
        request: Request<Streaming<PublishRequest>>,
    ) -> Result<Response<Self::PublishStreamStream>, Status> {
        self.authenticate(&request)?;
        Ok(Response::new(self.clone().serve_publish_stream(request)))
    }

    async fn subscribe(
        &self,
        request: Request<Streaming<FetchRequest>>,
    ) -> Result<Response<Self::SubscribeStream>, Status> {
        self.authenticate(&request)?;
        let token = request
            .metadata()
            .get(sf_pubsub_proto::ACCESS_TOKEN)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let mut inbound = request.into_inner();
        let first = inbound
            .message()
            .await?
            .ok_or_else(|| Status::invalid_argument("the first FetchRequest names the topic"))?;
        let topic = self.topic(&first.topic_name)?;
        let cursor = match ReplayPreset::try_from(first.replay_preset) {
            Ok(ReplayPreset::Latest) => self.bus.tip(),
            Ok(ReplayPreset::Earliest) => self.bus.oldest().saturating_sub(1),
            Ok(ReplayPreset::Custom) => {
                let replay = decode_replay(&first.replay_id).ok_or_else(|| {
                    Status::invalid_argument(
                        "The Replay ID validation failed: not a replay id of this org",
                    )
                })?;
                if replay > self.bus.tip() || replay + 1 < self.bus.oldest() {
                    return Err(Status::invalid_argument(format!(
                        "The Replay ID validation failed: {replay} is not in the retention window"
                    )));
                }
                replay
            }
            Err(_) => return Err(Status::invalid_argument("unknown replay_preset")),
        };
        let (tx, rx) = mpsc::channel(16);
        let sub = Subscription {
            service: self.clone(),
            topic,
            name: first.topic_name,
            cursor,
            pending: first.num_requested.max(0) as usize,
            token,
        };
        tokio::spawn(sub.run(inbound, tx));
        let stream = futures::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        });
        Ok(Response::new(Box::pin(stream)))
    }
}

struct Subscription {
    service: PubSubService,
    topic: Topic,
    name: String,
    cursor: u64,
    pending: usize,
    token: String,
}

impl Subscription {
    async fn run(
        mut self,
        mut inbound: Streaming<FetchRequest>,
        tx: mpsc::Sender<Result<FetchResponse, Status>>,
    ) {
        let bus = self.service.bus.clone();
        let mut tip = bus.watch();
        // A client may half-close after its requests; it still gets what it asked for.
        let mut open = true;
        let keepalive = self.service.keepalive;
        let faults = self.service.state.faults.clone();
        let mut dropped = faults.stream_generation();
        dropped.borrow_and_update();
        loop {
            if !self.service.token_valid(&self.token) {
                let _ = tx
                    .send(Err(Status::unauthenticated(
                        "the session expired; subscribe again",
                    )))
                    .await;
                return;
            }
            if self.pending > 0 {
                let max = self.pending.min(MAX_BATCH);
                let (mut events, scanned) = bus.read(&self.topic, &self.name, self.cursor, max);
                let (allowed, drop_after) = faults.stream_quota(events.len());
                if allowed < events.len() {
                    // The rest stays for the next stream: resume after the last sent.
                    events.truncate(allowed);
                    self.cursor = events.last().map_or(self.cursor, |e| e.replay);
                } else {
                    self.cursor = scanned;
                }
                if !events.is_empty() {
                    self.pending -= events.len();
                    let latest = events.last().map_or(scanned, |e| e.replay);
                    let response = FetchResponse {
                        events: events.into_iter().map(consumer_event).collect(),
                        latest_replay_id: encode_replay(latest).to_vec(),
                        rpc_id: super::cdc::uuid_like(),
                        pending_num_requested: self.pending as i32,
                    };
                    if tx.send(Ok(response)).await.is_err() {
                        return;
                    }
                    if drop_after {
                        let _ = tx.send(Err(dropped_status())).await;
                        return;
                    }
                    continue;
                }
            }
            tokio::select! {
                changed = tip.changed() => {
                    if changed.is_err() { return; }
                }
                () = tx.closed() => return,
                _ = dropped.changed() => {
                    let _ = tx.send(Err(dropped_status())).await;
                    return;
                }
                request = inbound.message(), if open => match request {
                    Ok(Some(r)) => {
                        if !r.topic_name.is_empty() && r.topic_name != self.name {
                            let _ = tx.send(Err(Status::invalid_argument(
                                "topic_name differs from the first FetchRequest's"))).await;
                            return;
                        }
                        self.pending = self.pending.saturating_add(r.num_requested.max(0) as usize);
                    }
                    Ok(None) => open = false,
                    // The client went away.
                    Err(_) => return,
                },
                () = tokio::time::sleep(keepalive) => {
                    let response = FetchResponse {
                        latest_replay_id: encode_replay(self.cursor).to_vec(),
                        rpc_id: super::cdc::uuid_like(),
                        pending_num_requested: self.pending as i32,
                        ..Default::default()
                    };
                    if tx.send(Ok(response)).await.is_err() { return; }
                }
            }
        }
    }
}

/// How a stream ended by fault injection ends: as a server-side close
/// Salesforce clients retry.
fn dropped_status() -> Status {
    Status::unavailable("the stream was closed by the server (emulator fault injection)")
}

fn consumer_event(e: super::StoredEvent) -> ConsumerEvent {
    ConsumerEvent {
        event: Some(ProducerEvent {
            id: e.id,
            schema_id: e.schema_id,
            payload: e.payload.to_vec(),
            headers: Vec::new(),
        }),
        replay_id: encode_replay(e.replay).to_vec(),
    }
}
