//! Publishing beyond `Publish`: `PublishStream`, platform events inserted
//! through the REST API, undelete events from the admin endpoint, and
//! Subscribe streams dropped on purpose. Driven by a client generated from
//! the .proto alone, as in `pubsub.rs`.

use std::time::Duration;

use apache_avro::types::Value as Avro;
use serde_json::json;
use sf_pubsub_proto::{FetchRequest, ProducerEvent, PublishRequest, SchemaRequest, TopicRequest};
use tokio::sync::mpsc;
use tonic::Code;

use crate::pubsub::{client, decode, emulator, header_str, next_events, send, subscribe, Client};

const TOPIC: &str = "/event/Order_Event__e";

/// The topic's schema id and parsed schema.
async fn order_schema(c: &mut Client) -> (String, apache_avro::Schema) {
    let topic = c
        .get_topic(TopicRequest {
            topic_name: TOPIC.into(),
        })
        .await
        .unwrap()
        .into_inner();
    let json = c
        .get_schema(SchemaRequest {
            schema_id: topic.schema_id.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .schema_json;
    (
        topic.schema_id,
        apache_avro::Schema::parse_str(&json).unwrap(),
    )
}

fn order(schema_id: &str, schema: &apache_avro::Schema, number: &str) -> ProducerEvent {
    let record = Avro::Record(vec![
        ("CreatedDate".into(), Avro::Long(0)),
        ("CreatedById".into(), Avro::String(String::new())),
        (
            "Order_Number__c".into(),
            Avro::Union(1, Box::new(Avro::String(number.into()))),
        ),
        ("Amount__c".into(), Avro::Union(0, Box::new(Avro::Null))),
    ]);
    ProducerEvent {
        id: format!("corr-{number}"),
        schema_id: schema_id.to_owned(),
        payload: apache_avro::to_avro_datum(schema, record).unwrap(),
        headers: vec![],
    }
}

fn order_number(schema: &apache_avro::Schema, payload: &[u8]) -> String {
    let Avro::Record(f) = apache_avro::from_avro_datum(schema, &mut &payload[..], None).unwrap()
    else {
        panic!("a record")
    };
    match f
        .iter()
        .find(|(n, _)| n == "Order_Number__c")
        .map(|(_, v)| v)
    {
        Some(Avro::Union(_, v)) => match &**v {
            Avro::String(s) => s.clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn publish_stream_answers_each_batch_in_order_with_per_event_results() {
    let emu = emulator().await;
    let mut c = client(&emu, "tok").await;
    let (schema_id, schema) = order_schema(&mut c).await;
    let (tx, rx) = mpsc::channel::<PublishRequest>(8);
    let requests =
        futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|r| (r, rx)) });
    // Two batches queued before any answer is read: the server need not
    // wait for the client, nor the client for the server.
    tx.send(PublishRequest {
        topic_name: TOPIC.into(),
        events: vec![
            order(&schema_id, &schema, "A"),
            order(&schema_id, &schema, "B"),
        ],
        auth_refresh: String::new(),
    })
    .await
    .unwrap();
    let mut bad = order(&schema_id, &schema, "bad");
    bad.payload = vec![0xff, 0xff, 0xff];
    tx.send(PublishRequest {
        // Later requests may leave the topic out.
        topic_name: String::new(),
        events: vec![bad, order(&schema_id, &schema, "C")],
        auth_refresh: String::new(),
    })
    .await
    .unwrap();
    let mut responses = c.publish_stream(requests).await.unwrap().into_inner();
    let first = responses.message().await.unwrap().unwrap();
    let keys: Vec<&str> = first
        .results
        .iter()
        .map(|r| r.correlation_key.as_str())
        .collect();
    assert_eq!(keys, ["corr-A", "corr-B"]);
    assert!(first.results.iter().all(|r| r.error.is_none()));
    let second = responses.message().await.unwrap().unwrap();
    assert_eq!(second.results[0].correlation_key, "corr-bad");
    assert!(
        second.results[0].error.is_some(),
        "bad Avro fails its event"
    );
    assert!(second.results[0].replay_id.is_empty());
    assert!(second.results[1].error.is_none());

    // Another topic on the same stream is refused and ends it.
    tx.send(PublishRequest {
        topic_name: "/event/Other__e".into(),
        events: vec![order(&schema_id, &schema, "D")],
        auth_refresh: String::new(),
    })
    .await
    .unwrap();
    let err = responses.message().await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);

    // What was accepted is on the bus, in order, once.
    let (_more, mut stream) = subscribe(
        &mut c,
        FetchRequest {
            topic_name: TOPIC.into(),
            replay_preset: sf_pubsub_proto::ReplayPreset::Earliest as i32,
            num_requested: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let events = next_events(&mut stream, 3).await;
    let numbers: Vec<String> = events
        .iter()
        .map(|e| order_number(&schema, &e.event.as_ref().unwrap().payload))
        .collect();
    assert_eq!(numbers, ["A", "B", "C"]);
    assert_eq!(events[2].replay_id, second.results[1].replay_id);
}

#[tokio::test]
async fn publish_stream_on_a_change_event_channel_is_denied() {
    let emu = emulator().await;
    let mut c = client(&emu, "tok").await;
    let request = PublishRequest {
        topic_name: "/data/AccountChangeEvent".into(),
        ..Default::default()
    };
    let mut responses = c
        .publish_stream(futures::stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let err = responses.message().await.unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
}

#[tokio::test]
async fn a_platform_event_posted_to_rest_is_published_not_stored() {
    let emu = emulator().await;
    let mut c = client(&emu, "tok").await;
    let (_, schema) = order_schema(&mut c).await;
    let (_more, mut stream) = subscribe(
        &mut c,
        FetchRequest {
            topic_name: TOPIC.into(),
            num_requested: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let base = format!("{}/services/data/v66.0", emu.url());
    let http = reqwest::Client::new();
    let (status, body) = send(
        &http,
        reqwest::Method::POST,
        &format!("{base}/sobjects/Order_Event__e"),
        "tok",
        Some(json!({"Order_Number__c": "R-1", "Amount__c": 12.5})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["success"], true);
    assert!(body["id"].as_str().unwrap().starts_with("e01"));
    assert_eq!(body["errors"][0]["statusCode"], "OPERATION_ENQUEUED");
    let uuid = body["errors"][0]["message"].as_str().unwrap().to_owned();

    let events = next_events(&mut stream, 1).await;
    let event = events[0].event.as_ref().unwrap();
    assert_eq!(event.id, uuid, "the delivered event has the announced UUID");
    assert_eq!(order_number(&schema, &event.payload), "R-1");

    // A field the event does not have is refused like any create's.
    let (status, body) = send(
        &http,
        reqwest::Method::POST,
        &format!("{base}/sobjects/Order_Event__e"),
        "tok",
        Some(json!({"Nope__c": 1})),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body[0]["errorCode"], "INVALID_FIELD");
}

#[tokio::test]
async fn the_admin_undelete_restores_a_record_and_emits_an_undelete_event() {
    let emu = emulator().await;
    let mut c = client(&emu, "tok").await;
    let topic = c
        .get_topic(TopicRequest {
            topic_name: "/data/AccountChangeEvent".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let schema_json = c
        .get_schema(SchemaRequest {
            schema_id: topic.schema_id,
        })
        .await
        .unwrap()
        .into_inner()
        .schema_json;
    let (_more, mut stream) = subscribe(
        &mut c,
        FetchRequest {
            topic_name: "/data/AccountChangeEvent".into(),
            num_requested: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let id = emu
        .org()
        .create("Account", json!({"Name": "Back"}).as_object().unwrap())
        .unwrap();
    emu.org().delete("Account", &id).unwrap();
    let http = reqwest::Client::new();
    let resp = http
        .post(format!("{}/__emulator/undelete", emu.url()))
        .json(&json!({"ids": [id, "001000000000000AAA"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let results: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(results[0]["success"], true, "{results}");
    assert_eq!(results[1]["success"], false);
    assert_eq!(results[1]["errors"][0]["statusCode"], "UNDELETE_FAILED");

    let kinds: Vec<String> = next_events(&mut stream, 3)
        .await
        .iter()
        .map(|e| {
            header_str(
                &decode(&schema_json, &e.event.as_ref().unwrap().payload).0,
                "changeType",
            )
        })
        .collect();
    assert_eq!(kinds, ["CREATE", "DELETE", "UNDELETE"]);
    let live = emu.org().retrieve("Account", &id, None).unwrap();
    assert_eq!(live["Name"], "Back");
}

#[tokio::test]
async fn subscribe_streams_end_unavailable_after_n_events_or_on_demand() {
    let emu = emulator().await;
    let mut c = client(&emu, "tok").await;
    let (schema_id, schema) = order_schema(&mut c).await;
    let events: Vec<_> = ["1", "2", "3", "4"]
        .iter()
        .map(|n| order(&schema_id, &schema, n))
        .collect();
    c.publish(PublishRequest {
        topic_name: TOPIC.into(),
        events,
        auth_refresh: String::new(),
    })
    .await
    .unwrap();

    let http = reqwest::Client::new();
    let admin = format!("{}/__emulator/pubsub/drop", emu.url());
    let resp = http
        .post(&admin)
        .json(&json!({"after_events": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    let earliest = FetchRequest {
        topic_name: TOPIC.into(),
        replay_preset: sf_pubsub_proto::ReplayPreset::Earliest as i32,
        num_requested: 10,
        ..Default::default()
    };
    let (_more, mut stream) = subscribe(&mut c, earliest.clone()).await.unwrap();
    let got = next_events(&mut stream, 3).await;
    assert_eq!(got.len(), 3, "the batch stops at the third event");
    let end = tokio::time::timeout(Duration::from_secs(20), stream.message())
        .await
        .expect("the stream ends")
        .unwrap_err();
    assert_eq!(end.code(), Code::Unavailable);

    // Resuming after the third: the fourth, and the rule is spent.
    let (_more, mut stream) = subscribe(
        &mut c,
        FetchRequest {
            replay_preset: sf_pubsub_proto::ReplayPreset::Custom as i32,
            replay_id: got[2].replay_id.clone(),
            ..earliest.clone()
        },
    )
    .await
    .unwrap();
    let rest = next_events(&mut stream, 1).await;
    assert_eq!(
        order_number(&schema, &rest[0].event.as_ref().unwrap().payload),
        "4"
    );

    // On demand: a quiet live stream ends now.
    let resp = http.post(&admin).send().await.unwrap();
    assert_eq!(resp.status(), 204);
    let end = tokio::time::timeout(Duration::from_secs(20), stream.message())
        .await
        .expect("the stream ends")
        .unwrap_err();
    assert_eq!(end.code(), Code::Unavailable);
}
