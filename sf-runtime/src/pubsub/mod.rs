//! Real-time events over Salesforce's Pub/Sub API (gRPC, Avro payloads):
//! change data capture as typed [`ChangeEvent`]s and platform events
//! (feature `pubsub`).
//!
//! ```no_run
//! # async fn run(auth: impl sf_runtime::client::auth::Auth) -> Result<(), sf_runtime::pubsub::PubSubError> {
//! use futures::StreamExt;
//! use sf_runtime::pubsub::{ChangeEvent, PubSub, ReplayPreset};
//!
//! #[derive(serde::Deserialize, Debug)]
//! #[serde(rename_all = "PascalCase")]
//! struct AccountChange { name: Option<String> }
//!
//! let pubsub = PubSub::connect(auth, "https://api.pubsub.salesforce.com:7443").await?;
//! let mut events = pubsub.subscribe::<ChangeEvent<AccountChange>>("/data/AccountChangeEvent", ReplayPreset::Latest);
//! while let Some(event) = events.next().await {
//!     let event = event?;
//!     println!("{:?} {:?}", event.event.header.change_type, event.event.record);
//! }
//! # Ok(()) }
//! ```

mod avro_de;
mod decode;
mod publish;
mod replay;
mod subscribe;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sf_pubsub_proto::pub_sub_client::PubSubClient;
use sf_pubsub_proto::{SchemaRequest, TopicRequest};
use tokio::sync::RwLock;
use tonic::transport::{Channel, Endpoint};

use crate::client::auth::{Auth, Session, TokenCache};
use crate::Client;

pub use decode::{
    expand_bitmaps, ChangeEvent, ChangeEventHeader, ChangeType, FromAvro, PlatformEvent,
};
pub use publish::{PendingBatch, PublishError, PublishErrorCode, Published, Publisher};
pub use replay::{FileReplayStore, MemoryReplayStore, ReplayStore};
pub use sf_pubsub_proto::TopicInfo;
pub use subscribe::{Received, Subscription};

/// Where a subscription starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayPreset {
    /// New events only.
    Latest,
    /// The oldest event retained.
    Earliest,
    /// After this replay id.
    Custom(Vec<u8>),
}

/// What can go wrong talking to the Pub/Sub API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PubSubError {
    /// The server answered with a gRPC status.
    #[error("Pub/Sub API: {0}")]
    Status(#[from] tonic::Status),
    /// The connection could not be set up.
    #[error("Pub/Sub connection: {0}")]
    Transport(#[from] tonic::transport::Error),
    /// Getting a session failed.
    #[error("authentication: {0}")]
    Auth(#[from] crate::client::Error),
    /// A payload did not decode into the requested type.
    #[error("event decoding: {0}")]
    Decode(String),
    /// An event did not encode with the topic's schema.
    #[error("event encoding: {0}")]
    Encode(String),
}

/// A connection to the Pub/Sub API, cheap to clone.
#[derive(Clone)]
pub struct PubSub {
    inner: Arc<Inner>,
}

struct Inner {
    channel: Channel,
    sessions: Sessions,
    /// The session last handed out: what a refresh replaces.
    last: RwLock<Option<Arc<Session>>>,
    schemas: Mutex<HashMap<String, Arc<apache_avro::Schema>>>,
}

/// Where sessions come from: a REST [`Client`]'s own cache (one login for
/// both APIs) or an auth provider of this connection's.
enum Sessions {
    Client(Client),
    Own(TokenCache, reqwest::Client),
}

impl Sessions {
    fn parts(&self) -> (&TokenCache, &reqwest::Client) {
        match self {
            Sessions::Client(c) => (&c.inner.tokens, &c.inner.http),
            Sessions::Own(t, h) => (t, h),
        }
    }
}

impl std::fmt::Debug for PubSub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The session holds the token: never printed.
        f.debug_struct("PubSub")
            .field(
                "from_client",
                &matches!(self.inner.sessions, Sessions::Client(_)),
            )
            .finish_non_exhaustive()
    }
}

impl PubSub {
    /// Connects to `endpoint` (`https://api.pubsub.salesforce.com:7443`, or
    /// an emulator's `pubsub_url`) with sessions from `auth`.
    pub async fn connect(auth: impl Auth, endpoint: &str) -> Result<Self, PubSubError> {
        Self::connect_arc(Arc::new(auth), endpoint).await
    }

    /// [`PubSub::connect`] with a shared auth provider.
    pub async fn connect_arc(auth: Arc<dyn Auth>, endpoint: &str) -> Result<Self, PubSubError> {
        let sessions = Sessions::Own(TokenCache::new(auth), reqwest::Client::new());
        Self::open(sessions, endpoint).await
    }

    /// Connects with the sessions of a REST client: both share one login, and
    /// a refresh by either serves the other.
    pub async fn from_client(client: &Client, endpoint: &str) -> Result<Self, PubSubError> {
        Self::open(Sessions::Client(client.clone()), endpoint).await
    }

    async fn open(sessions: Sessions, endpoint: &str) -> Result<Self, PubSubError> {
        let mut ep = Endpoint::from_shared(endpoint.to_owned())?;
        if endpoint.starts_with("https://") {
            ep = ep.tls_config(tonic::transport::ClientTlsConfig::new().with_webpki_roots())?;
        }
        let channel = ep.connect().await?;
        Ok(PubSub {
            inner: Arc::new(Inner {
                channel,
                sessions,
                last: RwLock::new(None),
                schemas: Mutex::default(),
            }),
        })
    }

    /// The current session, fetched on first use or after `refresh`.
    async fn session(&self, refresh: bool) -> Result<Arc<Session>, PubSubError> {
        let (tokens, http) = self.inner.sessions.parts();
        let s = if refresh {
            let stale = self.inner.last.read().await.clone();
            tokens.refresh(http, stale.as_ref()).await?
        } else {
            tokens.session(http).await?
        };
        *self.inner.last.write().await = Some(s.clone());
        Ok(s)
    }

    fn can_refresh(&self) -> bool {
        self.inner.sessions.parts().0.can_refresh()
    }

    /// The instance URL sent with each call: the session's, else the client's.
    fn instance_url(&self) -> Option<&str> {
        match &self.inner.sessions {
            Sessions::Client(c) => c.inner.instance_url.as_deref(),
            Sessions::Own(..) => None,
        }
    }

    fn request<T>(&self, session: &Session, message: T) -> tonic::Request<T> {
        let mut req = tonic::Request::new(message);
        let meta = req.metadata_mut();
        if let Ok(v) = session.access_token.expose().parse() {
            meta.insert(sf_pubsub_proto::ACCESS_TOKEN, v);
        }
        let instance = session.instance_url.as_deref().or(self.instance_url());
        if let Some(Ok(v)) = instance.map(str::parse) {
            meta.insert(sf_pubsub_proto::INSTANCE_URL, v);
        }
        if let Some(Ok(v)) = tenant_of(session).map(|t| t.parse()) {
            meta.insert(sf_pubsub_proto::TENANT_ID, v);
        }
        req
    }

    fn client(&self) -> PubSubClient<Channel> {
        PubSubClient::new(self.inner.channel.clone())
    }

    /// Runs a unary call, refreshing the session once on `UNAUTHENTICATED`.
    async fn call<T, R, F, Fut>(&self, message: T, f: F) -> Result<R, PubSubError>
    where
        T: Clone,
        F: Fn(PubSubClient<Channel>, tonic::Request<T>) -> Fut,
        Fut: std::future::Future<Output = Result<tonic::Response<R>, tonic::Status>>,
    {
        let session = self.session(false).await?;
        match f(self.client(), self.request(&session, message.clone())).await {
            Err(s) if s.code() == tonic::Code::Unauthenticated && self.can_refresh() => {
                let session = self.session(true).await?;
                Ok(f(self.client(), self.request(&session, message))
                    .await?
                    .into_inner())
            }
            other => Ok(other?.into_inner()),
        }
    }

    /// A topic's description (`/data/AccountChangeEvent`, `/event/Order__e`).
    pub async fn get_topic(&self, topic: &str) -> Result<TopicInfo, PubSubError> {
        let req = TopicRequest {
            topic_name: topic.to_owned(),
        };
        self.call(req, |mut c, r| async move { c.get_topic(r).await })
            .await
    }

    /// The Avro schema with this id, fetched once per id.
    pub async fn get_schema(
        &self,
        schema_id: &str,
    ) -> Result<Arc<apache_avro::Schema>, PubSubError> {
        if let Some(s) = self.cached_schema(schema_id) {
            return Ok(s);
        }
        let req = SchemaRequest {
            schema_id: schema_id.to_owned(),
        };
        let info = self
            .call(req, |mut c, r| async move { c.get_schema(r).await })
            .await?;
        let schema = apache_avro::Schema::parse_str(&info.schema_json)
            .map_err(|e| PubSubError::Decode(format!("schema {schema_id}: {e}")))?;
        let schema = Arc::new(schema);
        self.inner
            .schemas
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(schema_id.to_owned(), schema.clone());
        Ok(schema)
    }

    fn cached_schema(&self, id: &str) -> Option<Arc<apache_avro::Schema>> {
        self.inner
            .schemas
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }

    /// Subscribes to `topic`, decoding each event as `E`
    /// ([`ChangeEvent<T>`], [`PlatformEvent<E>`] or `serde_json::Value`).
    pub fn subscribe<E: FromAvro>(&self, topic: &str, start: ReplayPreset) -> Subscription<E> {
        subscribe::start(
            self.clone(),
            topic.to_owned(),
            start,
            None,
            subscribe::DEFAULT_BATCH,
        )
    }

    /// Subscribes, resuming after the replay id saved in `store` (or at
    /// `start` when none is saved); each event's replay id is saved once the
    /// consumer asks for the next event, i.e. once it has processed it.
    pub fn subscribe_with_store<E: FromAvro>(
        &self,
        topic: &str,
        start: ReplayPreset,
        store: Arc<dyn ReplayStore>,
    ) -> Subscription<E> {
        let start = store.load(topic).map(ReplayPreset::Custom).unwrap_or(start);
        subscribe::start(
            self.clone(),
            topic.to_owned(),
            start,
            Some(store),
            subscribe::DEFAULT_BATCH,
        )
    }
}

/// The org id: the part of a Salesforce session id before `!`.
fn tenant_of(session: &Session) -> Option<&str> {
    let token = session.access_token.expose();
    let (org, _) = token.split_once('!')?;
    (org.len() == 15 || org.len() == 18).then_some(org)
}
