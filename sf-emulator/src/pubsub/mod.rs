//! Salesforce's Pub/Sub API: change data capture and platform events over
//! gRPC (`eventbus.v1.PubSub`), beside the REST API.
//!
//! Change events come from the org's committed writes. Every write goes
//! through [`Org`] (REST, composite, collections, bulk), which notes each
//! record it is about to touch in its [`Journal`]; when the org's lock is
//! released ([`crate::state::OrgGuard`]) the bus compares each noted record
//! with its committed state and emits one event per changed record. A
//! rolled-back transaction has restored the record by then, so it emits
//! nothing.
//!
//! Events are kept in a bounded in-memory log ([`EventBus`]) numbered by
//! replay id; [`service`] serves it.

pub mod avro;
mod cdc;
mod publish;
pub mod service;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use tokio::sync::watch;

use crate::org::Org;
use crate::store::Record;
use avro::TopicSchema;

/// Which objects emit change events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CdcSelection {
    /// None (the default).
    #[default]
    None,
    /// Every object.
    All,
    /// These objects (API names, any case).
    Objects(Vec<String>),
}

impl CdcSelection {
    /// Parses the CLI form: `all`, or `Account,Contact`.
    pub fn parse(s: &str) -> Self {
        if s.trim().eq_ignore_ascii_case("all") {
            return CdcSelection::All;
        }
        let names: Vec<String> = s
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();
        if names.is_empty() {
            CdcSelection::None
        } else {
            CdcSelection::Objects(names)
        }
    }

    /// Whether `object` emits change events.
    pub fn covers(&self, object: &str) -> bool {
        match self {
            CdcSelection::None => false,
            CdcSelection::All => true,
            CdcSelection::Objects(names) => names.iter().any(|n| n.eq_ignore_ascii_case(object)),
        }
    }
}

/// A record as it was before the first write of the current lock hold.
#[derive(Debug, Clone)]
pub(crate) struct Touch {
    object: String,
    id: String,
    before: Option<Record>,
}

/// A platform event inserted through a data API (`POST sobjects/Name__e`):
/// its object and validated fields, published when the org's lock is released.
#[derive(Debug, Clone)]
pub(crate) struct QueuedEvent {
    object: String,
    uuid: String,
    fields: serde_json::Map<String, serde_json::Value>,
}

/// The org's note of records about to change, read when its lock is released.
/// Off (and free) unless the Pub/Sub server runs with change events on.
#[derive(Debug, Clone, Default)]
pub struct Journal {
    cdc: Option<Arc<CdcSelection>>,
    touched: Vec<Touch>,
    seen: HashSet<(String, String)>,
    /// Whether a bus takes platform events (the Pub/Sub server runs).
    bus: bool,
    events: Vec<QueuedEvent>,
}

impl Journal {
    /// A journal noting writes to the objects `cdc` selects, and platform
    /// events inserted through the data APIs.
    pub fn new(cdc: CdcSelection) -> Self {
        Journal {
            cdc: (cdc != CdcSelection::None).then(|| Arc::new(cdc)),
            bus: true,
            ..Journal::default()
        }
    }

    /// Queues a platform event for publishing; without a bus nobody could
    /// subscribe, so it is dropped (as an event published with no
    /// subscriber is, for them).
    /// Returns the event's UUID.
    pub fn publish(
        &mut self,
        object: &str,
        fields: serde_json::Map<String, serde_json::Value>,
    ) -> String {
        let uuid = cdc::uuid_like();
        if self.bus {
            self.events.push(QueuedEvent {
                object: object.to_owned(),
                uuid: uuid.clone(),
                fields,
            });
        }
        uuid
    }

    pub(crate) fn drain_events(&mut self) -> Vec<QueuedEvent> {
        std::mem::take(&mut self.events)
    }

    /// Notes `before`, the state of a record about to be written; only the
    /// first note per record counts until the journal is drained.
    pub fn note(&mut self, object: &str, id: &str, before: Option<&Record>) {
        let Some(cdc) = &self.cdc else { return };
        if !cdc.covers(object) || !self.seen.insert((object.to_owned(), id.to_owned())) {
            return;
        }
        self.touched.push(Touch {
            object: object.to_owned(),
            id: id.to_owned(),
            before: before.cloned(),
        });
    }

    pub(crate) fn drain(&mut self) -> Vec<Touch> {
        self.seen.clear();
        std::mem::take(&mut self.touched)
    }

    /// Whether any write or event is noted.
    pub fn is_empty(&self) -> bool {
        self.touched.is_empty() && self.events.is_empty()
    }
}

/// One event in the log.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    /// Position in the log: the replay id.
    pub replay: u64,
    /// The channel it was published on (`/data/AccountChangeEvent`, `/event/X__e`).
    pub channel: Arc<str>,
    /// Event UUID.
    pub id: String,
    /// The schema the payload is written with.
    pub schema_id: String,
    /// Avro datum.
    pub payload: Bytes,
}

struct Log {
    events: VecDeque<StoredEvent>,
    next: u64,
    commit_number: u64,
}

/// The event bus: the log, topic schemas and the subscribers' wake-up.
pub struct EventBus {
    cdc: CdcSelection,
    capacity: usize,
    log: Mutex<Log>,
    schemas: Mutex<HashMap<String, Arc<TopicSchema>>>,
    tip: watch::Sender<u64>,
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBus")
            .field("cdc", &self.cdc)
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

/// What a topic name refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Topic {
    /// `/data/ChangeEvents`: every change event.
    AllChanges,
    /// `/data/<Object>ChangeEvent`.
    Changes(String),
    /// `/event/<Name>__e`.
    Platform(String),
}

impl Topic {
    /// Whether an event published on `channel` belongs to this topic.
    pub fn matches(&self, channel: &str, name: &str) -> bool {
        match self {
            Topic::AllChanges => channel.starts_with("/data/"),
            _ => channel == name,
        }
    }
}

impl EventBus {
    /// A bus keeping the last `capacity` events.
    pub fn new(cdc: CdcSelection, capacity: usize) -> Self {
        EventBus {
            cdc,
            capacity: capacity.max(1),
            log: Mutex::new(Log {
                events: VecDeque::new(),
                next: 1,
                commit_number: 0,
            }),
            schemas: Mutex::default(),
            tip: watch::channel(0).0,
        }
    }

    /// Which objects emit change events.
    pub fn cdc(&self) -> &CdcSelection {
        &self.cdc
    }

    fn log(&self) -> MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Resolves a topic name against the org's objects (exact casing, as
    /// Salesforce's topic names are case-sensitive).
    pub fn topic(&self, org: &Org, name: &str) -> Option<Topic> {
        if name == "/data/ChangeEvents" {
            return Some(Topic::AllChanges);
        }
        if let Some(event) = name.strip_prefix("/data/") {
            let obj = org
                .schema
                .objects()
                .find(|o| avro::change_event_name(&o.name) == event)?;
            return self
                .cdc
                .covers(&obj.name)
                .then(|| Topic::Changes(obj.name.clone()));
        }
        let event = name.strip_prefix("/event/")?;
        let obj = org.schema.object(event)?;
        (obj.name.ends_with("__e") && obj.name == event).then(|| Topic::Platform(obj.name.clone()))
    }

    /// The schema of a topic's events (`None` for `/data/ChangeEvents`, whose
    /// events each carry their object's schema).
    pub fn schema_of(&self, org: &Org, topic: &Topic) -> Result<Option<Arc<TopicSchema>>, String> {
        let (key, object) = match topic {
            Topic::AllChanges => return Ok(None),
            Topic::Changes(o) => (format!("c:{o}"), o),
            Topic::Platform(o) => (format!("e:{o}"), o),
        };
        let mut schemas = self.schemas.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = schemas.get(&key) {
            return Ok(Some(s.clone()));
        }
        let obj = org.object(object).map_err(|e| e.message)?;
        let schema = Arc::new(match topic {
            Topic::Platform(_) => avro::platform_event_schema(&obj)?,
            _ => avro::change_event_schema(&obj)?,
        });
        schemas.insert(key, schema.clone());
        schemas.insert(format!("id:{}", schema.id), schema.clone());
        Ok(Some(schema))
    }

    /// A schema by fingerprint, among those handed out so far.
    pub fn schema_by_id(&self, id: &str) -> Option<Arc<TopicSchema>> {
        let schemas = self.schemas.lock().unwrap_or_else(|p| p.into_inner());
        schemas.get(&format!("id:{id}")).cloned()
    }

    /// Appends events and wakes subscribers; returns their replay ids.
    pub fn append(&self, events: Vec<(Arc<str>, String, String, Bytes)>) -> Vec<u64> {
        let mut log = self.log();
        let mut ids = Vec::with_capacity(events.len());
        for (channel, id, schema_id, payload) in events {
            let replay = log.next;
            log.next += 1;
            log.events.push_back(StoredEvent {
                replay,
                channel,
                id,
                schema_id,
                payload,
            });
            ids.push(replay);
        }
        while log.events.len() > self.capacity {
            log.events.pop_front();
        }
        let tip = log.next - 1;
        drop(log);
        self.tip.send_replace(tip);
        ids
    }

    fn next_commit_number(&self) -> u64 {
        let mut log = self.log();
        log.commit_number += 1;
        log.commit_number
    }

    /// The replay id of the newest event (0 when none yet).
    pub fn tip(&self) -> u64 {
        *self.tip.borrow()
    }

    /// The replay id of the oldest event retained.
    pub fn oldest(&self) -> u64 {
        self.log()
            .events
            .front()
            .map_or(self.tip() + 1, |e| e.replay)
    }

    /// Up to `max` events of `topic` after replay id `after`, and the
    /// position scanned up to (so keepalives can move past other topics).
    pub fn read(
        &self,
        topic: &Topic,
        name: &str,
        after: u64,
        max: usize,
    ) -> (Vec<StoredEvent>, u64) {
        let log = self.log();
        let start = log
            .events
            .front()
            .map_or(0, |e| (after + 1).saturating_sub(e.replay) as usize);
        let mut out = Vec::new();
        let mut scanned = after;
        for e in log.events.iter().skip(start) {
            if out.len() == max {
                break;
            }
            scanned = e.replay;
            if topic.matches(&e.channel, name) {
                out.push(e.clone());
            }
        }
        (out, scanned)
    }

    /// Wakes when the log grows.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.tip.subscribe()
    }

    /// Turns the org's noted writes into change events (called with the
    /// org's lock held, once its writes are committed).
    pub fn commit(&self, org: &mut Org) {
        let touched = org.changes.drain();
        let queued = org.changes.drain_events();
        let mut events = if touched.is_empty() {
            Vec::new()
        } else {
            cdc::change_events(self, org, touched)
        };
        events.extend(self.platform_events(org, queued));
        if !events.is_empty() {
            self.append(events);
        }
    }

    fn platform_events(
        &self,
        org: &Org,
        queued: Vec<QueuedEvent>,
    ) -> Vec<(Arc<str>, String, String, Bytes)> {
        let now = org.clock.now().timestamp_millis();
        let mut out = Vec::with_capacity(queued.len());
        for q in queued {
            let topic = Topic::Platform(q.object.clone());
            let schema = match self.schema_of(org, &topic) {
                Ok(Some(s)) => s,
                _ => continue,
            };
            match publish::encode_fields(&schema, &q.fields, now, &org.user_id) {
                Ok(payload) => out.push((
                    Arc::from(format!("/event/{}", q.object)),
                    q.uuid,
                    schema.id.clone(),
                    payload,
                )),
                Err(e) => {
                    tracing::warn!(object = %q.object, error = %e, "platform event not encoded")
                }
            }
        }
        out
    }
}

/// A replay id on the wire: 8 bytes, big-endian.
pub fn encode_replay(replay: u64) -> Bytes {
    Bytes::copy_from_slice(&replay.to_be_bytes())
}

/// A replay id from the wire; `None` when it is not one of ours.
pub fn decode_replay(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

/// Pub/Sub settings of an emulator ([`crate::Builder::pubsub`]).
#[derive(Debug, Clone)]
pub struct PubSubOptions {
    /// Where the gRPC server listens (loopback; port 0 picks a free one).
    pub addr: std::net::SocketAddr,
    /// Objects emitting change events.
    pub cdc: CdcSelection,
    /// Events kept for replay.
    pub retention: usize,
    /// Longest quiet time before a keepalive batch.
    pub keepalive: std::time::Duration,
}

impl Default for PubSubOptions {
    fn default() -> Self {
        PubSubOptions {
            addr: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            cdc: CdcSelection::None,
            retention: 100_000,
            keepalive: service::DEFAULT_KEEPALIVE,
        }
    }
}

/// A running Pub/Sub server.
#[derive(Debug)]
pub(crate) struct Running {
    pub(crate) url: String,
    pub(crate) stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub(crate) task: Option<tokio::task::JoinHandle<()>>,
}

/// Serves `eventbus.v1.PubSub` on an already bound listener (plain HTTP/2).
pub(crate) fn serve(
    listener: std::net::TcpListener,
    state: crate::state::AppState,
    bus: Arc<EventBus>,
    keepalive: std::time::Duration,
) -> std::io::Result<Running> {
    let local = listener.local_addr()?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let svc = service::PubSubService::new(state, bus, keepalive).into_server();
    let task = tokio::spawn(async move {
        // Small FetchRequests and batches must not wait on Nagle's algorithm.
        let incoming =
            tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
        let _ = tonic::transport::Server::builder()
            .add_service(svc)
            .serve_with_incoming_shutdown(incoming, async {
                let _ = stop_rx.await;
            })
            .await;
    });
    Ok(Running {
        url: format!("http://{local}"),
        stop: Some(stop_tx),
        task: Some(task),
    })
}
