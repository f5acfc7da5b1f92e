//! The Pub/Sub API, driven by a client built from the .proto alone (as a
//! third party writes one) and payloads decoded with a generic Avro reader.

use std::collections::BTreeMap;
use std::time::Duration;

use apache_avro::types::Value as Avro;
use serde_json::{json, Value};
use sf_emulator::schema::{ObjectSchema, Schema};
use sf_emulator::Emulator;
use sf_pubsub_proto::pub_sub_client::PubSubClient;
use sf_pubsub_proto::{FetchRequest, FetchResponse, SchemaRequest, TopicRequest};
use tokio::sync::mpsc;
use tonic::transport::Channel;
use tonic::{Code, Request, Status};

use crate::server_common::schema_dir;

pub(crate) async fn send(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = http.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

type Interceptor = Box<dyn FnMut(Request<()>) -> Result<Request<()>, Status> + Send>;
pub(crate) type Client =
    PubSubClient<tonic::service::interceptor::InterceptedService<Channel, Interceptor>>;

pub(crate) async fn client(emu: &Emulator, token: &str) -> Client {
    let channel = Channel::from_shared(emu.pubsub_url().expect("pubsub on").to_owned())
        .unwrap()
        .connect()
        .await
        .expect("connects");
    let token = token.to_owned();
    let instance = emu.url().to_owned();
    let interceptor: Interceptor = Box::new(move |mut req: Request<()>| {
        let meta = req.metadata_mut();
        meta.insert("accesstoken", token.parse().unwrap());
        meta.insert("instanceurl", instance.parse().unwrap());
        meta.insert("tenantid", "00D5E0000000001AAA".parse().unwrap());
        Ok(req)
    });
    PubSubClient::with_interceptor(channel, interceptor)
}

pub(crate) async fn emulator() -> Emulator {
    let mut schema = Schema::load_dir(schema_dir()).unwrap();
    schema.insert(
        ObjectSchema::from_describe(json!({
            "name": "Order_Event__e", "label": "Order Event", "keyPrefix": "e01",
            "custom": true, "createable": true,
            "fields": [
                {"name": "Id", "type": "id", "label": "Id"},
                {"name": "CreatedDate", "type": "datetime", "label": "Created"},
                {"name": "CreatedById", "type": "reference", "label": "By"},
                {"name": "Order_Number__c", "type": "string", "label": "Order", "custom": true, "nillable": true, "createable": true},
                {"name": "Amount__c", "type": "double", "label": "Amount", "custom": true, "nillable": true, "createable": true},
            ]
        }))
        .unwrap(),
    );
    Emulator::builder()
        .schema(schema)
        .access_token("tok")
        .cdc(["Account"])
        .start()
        .await
        .unwrap()
}

/// Opens a subscription; more requests can be sent on the returned sender.
pub(crate) async fn subscribe(
    client: &mut Client,
    first: FetchRequest,
) -> Result<(mpsc::Sender<FetchRequest>, tonic::Streaming<FetchResponse>), Status> {
    let (tx, rx) = mpsc::channel(4);
    tx.send(first).await.unwrap();
    let requests =
        futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|r| (r, rx)) });
    let stream = client.subscribe(requests).await?.into_inner();
    Ok((tx, stream))
}

pub(crate) async fn next_events(
    stream: &mut tonic::Streaming<FetchResponse>,
    n: usize,
) -> Vec<sf_pubsub_proto::ConsumerEvent> {
    let mut out = Vec::new();
    while out.len() < n {
        let batch = tokio::time::timeout(Duration::from_secs(20), stream.message())
            .await
            .expect("events arrive")
            .expect("stream healthy")
            .expect("stream open");
        out.extend(batch.events);
    }
    out
}

/// Decodes a change event and expands its bitmaps into field names.
pub(crate) fn decode(
    schema_json: &str,
    payload: &[u8],
) -> (BTreeMap<String, Avro>, BTreeMap<String, Vec<String>>) {
    let schema = apache_avro::Schema::parse_str(schema_json).unwrap();
    let Avro::Record(fields) =
        apache_avro::from_avro_datum(&schema, &mut &payload[..], None).unwrap()
    else {
        panic!("a record")
    };
    let names: Vec<String> = fields.iter().map(|(n, _)| n.clone()).collect();
    let map: BTreeMap<String, Avro> = fields.into_iter().collect();
    let mut bitmaps = BTreeMap::new();
    if let Some(Avro::Record(header)) = map.get("ChangeEventHeader") {
        for (k, v) in header {
            if let Avro::Array(items) = v {
                if k.ends_with("Fields") {
                    let mut expanded = Vec::new();
                    for item in items {
                        let Avro::String(hex) = item else { continue };
                        let bits = u128::from_str_radix(hex.trim_start_matches("0x"), 16).unwrap();
                        expanded.extend(
                            (0..names.len())
                                .filter(|i| bits >> i & 1 == 1)
                                .map(|i| names[i].clone()),
                        );
                    }
                    bitmaps.insert(k.clone(), expanded);
                }
            }
        }
    }
    (map, bitmaps)
}

pub(crate) fn header_str(map: &BTreeMap<String, Avro>, key: &str) -> String {
    let Some(Avro::Record(h)) = map.get("ChangeEventHeader") else {
        panic!("header")
    };
    match h.iter().find(|(k, _)| k == key).map(|(_, v)| v) {
        Some(Avro::String(s)) => s.clone(),
        Some(Avro::Enum(_, s)) => s.clone(),
        Some(Avro::Array(a)) => format!("{a:?}"),
        other => format!("{other:?}"),
    }
}

pub(crate) fn field(map: &BTreeMap<String, Avro>, key: &str) -> Avro {
    match map.get(key) {
        Some(Avro::Union(_, v)) => (**v).clone(),
        other => panic!("{key}: {other:?}"),
    }
}

#[tokio::test]
async fn a_third_party_client_sees_committed_account_changes_in_order() {
    let emu = emulator().await;
    let mut c = client(&emu, "tok").await;
    let topic = c
        .get_topic(TopicRequest {
            topic_name: "/data/AccountChangeEvent".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(topic.can_subscribe && !topic.can_publish);
    assert_eq!(topic.tenant_guid, "00D5E0000000001AAA");
    let schema = c
        .get_schema(SchemaRequest {
            schema_id: topic.schema_id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(schema.schema_json.contains("ChangeEventHeader"));

    let (_more, mut stream) = subscribe(
        &mut c,
        FetchRequest {
            topic_name: "/data/AccountChangeEvent".into(),
            num_requested: 100,
            ..Default::default()
        },
    )
    .await
    .unwrap();

    let base = format!("{}/services/data/v66.0", emu.url());
    let http = reqwest::Client::new();
    let created = send(
        &http,
        reqwest::Method::POST,
        &format!("{base}/sobjects/Account"),
        "tok",
        Some(json!({"Name": "Acme", "Phone": "555"})),
    )
    .await;
    let id = created.1["id"].as_str().unwrap().to_owned();
    // A Contact write is not selected for change events: nothing on this topic.
    send(
        &http,
        reqwest::Method::POST,
        &format!("{base}/sobjects/Contact"),
        "tok",
        Some(json!({"LastName": "X"})),
    )
    .await;
    // A rolled-back composite request emits nothing.
    let rolled_back = send(&http, reqwest::Method::POST, &format!("{base}/composite"), "tok", Some(json!({
        "allOrNone": true,
        "compositeRequest": [
            {"method": "POST", "url": "/services/data/v66.0/sobjects/Account", "referenceId": "a", "body": {"Name": "Ghost"}},
            {"method": "POST", "url": "/services/data/v66.0/sobjects/Account", "referenceId": "b", "body": {"NoSuchField__c": 1}}
        ]
    }))).await;
    assert_eq!(rolled_back.0, 200, "{}", rolled_back.1);
    let updated = send(
        &http,
        reqwest::Method::PATCH,
        &format!("{base}/sobjects/Account/{id}"),
        "tok",
        Some(json!({"Name": "Acme 2", "Phone": null})),
    )
    .await;
    assert_eq!(updated.0, 204, "{}", updated.1);
    let deleted = send(
        &http,
        reqwest::Method::DELETE,
        &format!("{base}/sobjects/Account/{id}"),
        "tok",
        None,
    )
    .await;
    assert_eq!(deleted.0, 204);

    let events = next_events(&mut stream, 3).await;
    assert_eq!(events.len(), 3);
    let replays: Vec<u64> = events
        .iter()
        .map(|e| u64::from_be_bytes(e.replay_id.clone().try_into().unwrap()))
        .collect();
    assert!(replays.windows(2).all(|w| w[0] < w[1]), "{replays:?}");

    let decoded: Vec<_> = events
        .iter()
        .map(|e| decode(&schema.schema_json, &e.event.as_ref().unwrap().payload))
        .collect();
    let (create, _) = &decoded[0];
    assert_eq!(header_str(create, "changeType"), "CREATE");
    assert_eq!(header_str(create, "entityName"), "Account");
    assert!(header_str(create, "recordIds").contains(&id));
    assert_eq!(field(create, "Name"), Avro::String("Acme".into()));
    assert_eq!(field(create, "Phone"), Avro::String("555".into()));

    let (update, bitmaps) = &decoded[1];
    assert_eq!(header_str(update, "changeType"), "UPDATE");
    assert_eq!(field(update, "Name"), Avro::String("Acme 2".into()));
    assert_eq!(field(update, "Phone"), Avro::Null);
    assert!(
        bitmaps["changedFields"].contains(&"Name".to_owned()),
        "{bitmaps:?}"
    );
    assert!(bitmaps["changedFields"].contains(&"Phone".to_owned()));
    assert_eq!(bitmaps["nulledFields"], vec!["Phone".to_owned()]);

    let (delete, _) = &decoded[2];
    assert_eq!(header_str(delete, "changeType"), "DELETE");
    assert_eq!(field(delete, "Name"), Avro::Null);
}

#[tokio::test]
async fn bad_tokens_and_unknown_topics_get_salesforce_statuses() {
    let emu = emulator().await;
    let mut bad = client(&emu, "not-a-token").await;
    let err = bad
        .get_topic(TopicRequest {
            topic_name: "/data/AccountChangeEvent".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::Unauthenticated);
    let Err(err) = subscribe(
        &mut bad,
        FetchRequest {
            topic_name: "/data/AccountChangeEvent".into(),
            num_requested: 1,
            ..Default::default()
        },
    )
    .await
    else {
        panic!("refused")
    };
    assert_eq!(err.code(), Code::Unauthenticated);

    let mut good = client(&emu, "tok").await;
    for topic in [
        "/data/NoSuchChangeEvent",
        "/data/ContactChangeEvent",
        "/event/Nope__e",
        "bogus",
    ] {
        let err = good
            .get_topic(TopicRequest {
                topic_name: topic.into(),
            })
            .await
            .unwrap_err();
        assert_eq!(err.code(), Code::NotFound, "{topic}");
    }
    let err = good
        .get_schema(SchemaRequest {
            schema_id: "nope".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
}

#[tokio::test]
async fn published_platform_events_reach_subscribers_with_flow_control_and_replay() {
    let emu = emulator().await;
    let mut c = client(&emu, "tok").await;
    let topic = c
        .get_topic(TopicRequest {
            topic_name: "/event/Order_Event__e".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(topic.can_publish);
    let schema_json = c
        .get_schema(SchemaRequest {
            schema_id: topic.schema_id.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .schema_json;
    let schema = apache_avro::Schema::parse_str(&schema_json).unwrap();
    let events: Vec<_> = (0..3)
        .map(|i| {
            let record = Avro::Record(vec![
                ("CreatedDate".into(), Avro::Long(0)),
                ("CreatedById".into(), Avro::String(String::new())),
                (
                    "Order_Number__c".into(),
                    Avro::Union(1, Box::new(Avro::String(format!("O-{i}")))),
                ),
                ("Amount__c".into(), Avro::Union(0, Box::new(Avro::Null))),
            ]);
            sf_pubsub_proto::ProducerEvent {
                id: format!("corr-{i}"),
                schema_id: topic.schema_id.clone(),
                payload: apache_avro::to_avro_datum(&schema, record).unwrap(),
                headers: vec![],
            }
        })
        .collect();
    let mut bad_payload = events[0].clone();
    bad_payload.payload = vec![0xff, 0xff, 0xff];
    let published = c
        .publish(sf_pubsub_proto::PublishRequest {
            topic_name: "/event/Order_Event__e".into(),
            events: [events.clone(), vec![bad_payload]].concat(),
            auth_refresh: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(published.results.len(), 4);
    assert!(published.results[..3]
        .iter()
        .all(|r| r.error.is_none() && r.replay_id.len() == 8));
    assert!(
        published.results[3].error.is_some(),
        "malformed Avro is refused per event"
    );

    // EARLIEST, one event at a time: the server sends no more than asked.
    let (more, mut stream) = subscribe(
        &mut c,
        FetchRequest {
            topic_name: "/event/Order_Event__e".into(),
            replay_preset: sf_pubsub_proto::ReplayPreset::Earliest as i32,
            num_requested: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let batch = next_events(&mut stream, 1).await;
        assert_eq!(batch.len(), 1, "flow control: one requested, one delivered");
        seen.extend(batch);
        more.send(FetchRequest {
            num_requested: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    }
    let numbers: Vec<Avro> = seen
        .iter()
        .map(|e| {
            let v = apache_avro::from_avro_datum(
                &schema,
                &mut &e.event.as_ref().unwrap().payload[..],
                None,
            )
            .unwrap();
            let Avro::Record(f) = v else { panic!() };
            match &f[2].1 {
                Avro::Union(_, v) => (**v).clone(),
                v => v.clone(),
            }
        })
        .collect();
    assert_eq!(
        numbers,
        ["O-0", "O-1", "O-2"].map(|s| Avro::String(s.into()))
    );

    // CUSTOM after the first: the other two.
    let (_more, mut stream) = subscribe(
        &mut c,
        FetchRequest {
            topic_name: "/event/Order_Event__e".into(),
            replay_preset: sf_pubsub_proto::ReplayPreset::Custom as i32,
            replay_id: seen[0].replay_id.clone(),
            num_requested: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let rest = next_events(&mut stream, 2).await;
    assert_eq!(
        rest.iter().map(|e| e.replay_id.clone()).collect::<Vec<_>>(),
        vec![seen[1].replay_id.clone(), seen[2].replay_id.clone()]
    );

    let Err(err) = subscribe(
        &mut c,
        FetchRequest {
            topic_name: "/event/Order_Event__e".into(),
            replay_preset: sf_pubsub_proto::ReplayPreset::Custom as i32,
            replay_id: vec![1, 2, 3],
            num_requested: 1,
            ..Default::default()
        },
    )
    .await
    else {
        panic!("refused")
    };
    assert_eq!(err.code(), Code::InvalidArgument);
}

#[test]
fn the_cli_announces_the_pubsub_address_after_the_rest_line() {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sf-emulator"))
        .arg("--schema")
        .arg(schema_dir())
        .args(["--pubsub-addr", "127.0.0.1:0", "--cdc", "Account,Contact"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let rest = lines.next().unwrap().unwrap();
    let pubsub = lines.next().unwrap().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(rest.starts_with("listening on http://127.0.0.1:"), "{rest}");
    let addr = pubsub
        .strip_prefix("pubsub listening on ")
        .unwrap_or_else(|| panic!("{pubsub}"));
    assert!(addr.parse::<std::net::SocketAddr>().is_ok(), "{addr}");
}

#[tokio::test]
async fn quiet_subscriptions_get_keepalives_with_the_latest_replay_id() {
    let emu = Emulator::builder()
        .schema_dir(schema_dir())
        .access_token("tok")
        .pubsub_options(sf_emulator::pubsub::PubSubOptions {
            cdc: sf_emulator::pubsub::CdcSelection::parse("Account"),
            keepalive: Duration::from_millis(50),
            ..Default::default()
        })
        .start()
        .await
        .unwrap();
    for name in ["A", "B"] {
        emu.org()
            .create("Account", json!({ "Name": name }).as_object().unwrap())
            .unwrap();
    }
    let mut c = client(&emu, "tok").await;
    let (_more, mut stream) = subscribe(
        &mut c,
        FetchRequest {
            topic_name: "/data/AccountChangeEvent".into(),
            num_requested: 5,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let keepalive = tokio::time::timeout(Duration::from_secs(20), stream.message())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(keepalive.events.is_empty());
    assert_eq!(keepalive.latest_replay_id, 2u64.to_be_bytes().to_vec());
    assert_eq!(keepalive.pending_num_requested, 5);
}

#[tokio::test]
async fn a_collections_request_is_one_transaction_of_ordered_events() {
    let emu = emulator().await;
    let mut c = client(&emu, "tok").await;
    let topic = c
        .get_topic(TopicRequest {
            topic_name: "/data/ChangeEvents".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        topic.schema_id.is_empty(),
        "each event names its own schema"
    );
    let (_more, mut stream) = subscribe(
        &mut c,
        FetchRequest {
            topic_name: "/data/ChangeEvents".into(),
            num_requested: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let body = json!({"allOrNone": false, "records": [
        {"attributes": {"type": "Account"}, "Name": "C1"},
        {"attributes": {"type": "Account"}, "Name": "C2"},
    ]});
    let (status, answer) = send(
        &reqwest::Client::new(),
        reqwest::Method::POST,
        &format!("{}/services/data/v66.0/composite/sobjects", emu.url()),
        "tok",
        Some(body),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let events = next_events(&mut stream, 2).await;
    let schema_id = &events[0].event.as_ref().unwrap().schema_id;
    let schema = c
        .get_schema(SchemaRequest {
            schema_id: schema_id.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .schema_json;
    let decoded: Vec<_> = events
        .iter()
        .map(|e| decode(&schema, &e.event.as_ref().unwrap().payload).0)
        .collect();
    let names: Vec<Avro> = decoded.iter().map(|d| field(d, "Name")).collect();
    assert_eq!(
        names,
        [Avro::String("C1".into()), Avro::String("C2".into())]
    );
    assert_eq!(
        header_str(&decoded[0], "transactionKey"),
        header_str(&decoded[1], "transactionKey")
    );
    let seq: Vec<String> = decoded
        .iter()
        .map(|d| header_str(d, "sequenceNumber"))
        .collect();
    assert_eq!(seq, ["Some(Int(1))", "Some(Int(2))"]);
}
