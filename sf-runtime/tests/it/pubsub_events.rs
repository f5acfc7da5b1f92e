//! Typed platform events against the emulator: `PubSub::publish` of a
//! derived `__e` struct, REST publishing through `Client::create`, a
//! `PublishStream` publisher, the full change-event lifecycle including
//! undelete, and a subscription resuming across streams dropped by the server.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use serde_json::json;
use sf_emulator::Emulator;
use sf_runtime::client::auth::StaticToken;
use sf_runtime::pubsub::{
    ChangeEvent, ChangeType, MemoryReplayStore, PlatformEvent, PubSub, ReplayPreset, ReplayStore,
    Subscription,
};
use sf_runtime::types::DateTime;
use sf_runtime::SObject;

/// The platform event as Salesforce describes one: system fields read-only
/// (`ReplayId`, `EventUuid`, `CreatedDate`, `CreatedById`), custom fields
/// createable but not updateable, the object createable and not queryable.
fn order_event_describe() -> serde_json::Value {
    let system = |name: &str, ty: &str| {
        json!({"name": name, "type": ty, "label": name, "nillable": true,
               "createable": false, "updateable": false, "filterable": false})
    };
    let custom = |name: &str, ty: &str| {
        json!({"name": name, "type": ty, "label": name, "custom": true, "nillable": true,
               "createable": true, "updateable": false})
    };
    json!({
        "name": "Order_Event__e", "label": "Order Event", "labelPlural": "Order Events",
        "keyPrefix": "e01", "custom": true, "createable": true, "updateable": false,
        "deletable": false, "queryable": false, "retrieveable": false, "searchable": false,
        "fields": [
            system("ReplayId", "string"),
            system("CreatedDate", "datetime"),
            system("CreatedById", "reference"),
            system("EventUuid", "string"),
            custom("Order_Number__c", "string"),
            custom("Amount__c", "double"),
        ]
    })
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Order_Event__e", key_prefix = "e01")]
struct OrderEvent {
    #[sobject(api_name = "CreatedDate", readonly)]
    created_date: Option<DateTime>,
    #[sobject(api_name = "Order_Number__c")]
    order_number: Option<String>,
    #[sobject(api_name = "Amount__c")]
    amount: Option<f64>,
}

fn order(number: &str, amount: Option<f64>) -> OrderEvent {
    OrderEvent {
        order_number: Some(number.into()),
        amount,
        ..OrderEvent::default()
    }
}

#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Account", key_prefix = "001")]
struct Account {
    #[sobject(api_name = "Name")]
    name: Option<String>,
    #[sobject(api_name = "Phone")]
    phone: Option<String>,
}

async fn emulator() -> Emulator {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default");
    let mut schema = sf_emulator::schema::Schema::load_dir(dir).unwrap();
    schema
        .insert(sf_emulator::schema::ObjectSchema::from_describe(order_event_describe()).unwrap());
    Emulator::builder()
        .schema(schema)
        .access_token("tok")
        .cdc(["Account"])
        .start()
        .await
        .unwrap()
}

async fn connect(emu: &Emulator) -> PubSub {
    PubSub::connect(
        StaticToken::with_instance_url("tok", emu.url()),
        emu.pubsub_url().unwrap(),
    )
    .await
    .unwrap()
}

async fn next<E>(sub: &mut Subscription<E>) -> sf_runtime::pubsub::Received<E> {
    tokio::time::timeout(Duration::from_secs(20), sub.next())
        .await
        .expect("an event arrives")
        .expect("stream open")
        .expect("event decodes")
}

fn numbers(events: &[PlatformEvent<OrderEvent>]) -> Vec<String> {
    events
        .iter()
        .map(|e| e.0.order_number.clone().unwrap())
        .collect()
}

#[tokio::test]
async fn typed_events_publish_on_their_own_topic_with_results_in_input_order() {
    let emu = emulator().await;
    let pubsub = connect(&emu).await;
    let mut sub = pubsub
        .subscribe::<PlatformEvent<OrderEvent>>("/event/Order_Event__e", ReplayPreset::Earliest);
    let sent = [order("O-1", Some(12.5)), order("O-2", None)];
    let results = pubsub.publish(&sent).await.unwrap();
    let replays: Vec<Vec<u8>> = results.into_iter().map(Result::unwrap).collect();
    assert_eq!(replays.len(), 2);
    assert_ne!(replays[0], replays[1]);

    let first = next(&mut sub).await;
    assert_eq!(first.replay_id, replays[0]);
    assert_eq!(first.event.0.order_number.as_deref(), Some("O-1"));
    assert_eq!(first.event.0.amount, Some(12.5));
    // Read-only, set by the bus, decoded into the model's type.
    assert!(first.event.0.created_date.is_some());
    let second = next(&mut sub).await;
    assert_eq!(second.replay_id, replays[1]);
    assert_eq!(second.event.0.amount, None);
    assert_eq!(OrderEvent::API_NAME, "Order_Event__e");
}

#[tokio::test]
async fn creating_an_event_through_rest_publishes_it() {
    let emu = emulator().await;
    let pubsub = connect(&emu).await;
    let client = sf_runtime::Client::builder()
        .auth(StaticToken::with_instance_url("tok", emu.url()))
        .build()
        .unwrap();
    let mut sub = pubsub
        .subscribe::<PlatformEvent<OrderEvent>>("/event/Order_Event__e", ReplayPreset::Earliest);
    let id = client.create(&order("REST-1", Some(3.0))).await.unwrap();
    assert!(id.as_str().starts_with("e01"));
    let got = next(&mut sub).await;
    assert_eq!(got.event.0.order_number.as_deref(), Some("REST-1"));
    // Events are published, not stored: nothing to retrieve.
    assert!(client
        .get_raw("Order_Event__e", id.as_str(), &[])
        .await
        .is_err());
}

#[tokio::test]
async fn a_publisher_streams_batches_and_correlates_each_result() {
    let emu = emulator().await;
    let pubsub = connect(&emu).await;
    let mut sub = pubsub
        .subscribe::<PlatformEvent<OrderEvent>>("/event/Order_Event__e", ReplayPreset::Earliest);
    let publisher = pubsub.publisher::<OrderEvent>().await.unwrap();
    // Three batches in flight before any answer is awaited.
    let a = publisher
        .send(&[order("A1", None), order("A2", None)])
        .await
        .unwrap();
    let b = publisher.send(&[order("B1", Some(1.0))]).await.unwrap();
    let c = publisher
        .send(&[order("C1", None), order("C2", None), order("C3", None)])
        .await
        .unwrap();
    let (c, a, b) = (c.await.unwrap(), a.await.unwrap(), b.await.unwrap());
    assert_eq!((a.len(), b.len(), c.len()), (2, 1, 3));
    let replays: Vec<Vec<u8>> = [a, b, c]
        .into_iter()
        .flatten()
        .map(Result::unwrap)
        .collect();

    let mut got = Vec::new();
    for replay in &replays {
        let r = next(&mut sub).await;
        assert_eq!(&r.replay_id, replay, "each result is its own event's");
        got.push(r.event);
    }
    assert_eq!(numbers(&got), ["A1", "A2", "B1", "C1", "C2", "C3"]);
}

#[tokio::test]
async fn a_subscriber_sees_create_update_delete_and_undelete_once_each_in_order() {
    let emu = emulator().await;
    let pubsub = connect(&emu).await;
    let mut sub = pubsub
        .subscribe::<ChangeEvent<Account>>("/data/AccountChangeEvent", ReplayPreset::Earliest);
    let obj = |v: serde_json::Value| v.as_object().unwrap().clone();
    let id = emu
        .org()
        .create("Account", &obj(json!({"Name": "Acme", "Phone": "555"})))
        .unwrap();
    emu.org()
        .update(
            "Account",
            &id,
            &obj(json!({"Name": "Acme 2", "Phone": null})),
        )
        .unwrap();
    emu.org().delete("Account", &id).unwrap();
    emu.org().undelete("Account", &id).unwrap();
    // A last change: what follows the undelete must be it, not a repeat.
    emu.org()
        .update("Account", &id, &obj(json!({"Phone": "777"})))
        .unwrap();

    let mut events = Vec::new();
    for _ in 0..5 {
        events.push(next(&mut sub).await.event);
    }
    let kinds: Vec<ChangeType> = events.iter().map(|e| e.header.change_type).collect();
    assert_eq!(
        kinds,
        [
            ChangeType::Create,
            ChangeType::Update,
            ChangeType::Delete,
            ChangeType::Undelete,
            ChangeType::Update
        ]
    );
    let ids: Vec<String> = events
        .iter()
        .flat_map(|e| e.record_ids())
        .map(|i| i.as_str().to_owned())
        .collect();
    assert_eq!(ids, vec![id.clone(); 5]);
    let update = &events[1];
    // LastModifiedDate changes with every update, as in Salesforce.
    assert_eq!(
        update.header.changed_fields,
        ["Name", "Phone", "LastModifiedDate"]
    );
    assert_eq!(update.header.nulled_fields, ["Phone"]);
    assert_eq!(update.nulled_fields()[0].api_name, "Phone");
    // An undelete carries the restored record, like a create.
    assert_eq!(
        events[3].record,
        Account {
            name: Some("Acme 2".into()),
            phone: None
        }
    );
    assert_eq!(events[4].record.phone.as_deref(), Some("777"));
}

#[tokio::test]
async fn a_subscriber_resumes_across_dropped_streams_seeing_each_event_once() {
    let emu = emulator().await;
    let pubsub = connect(&emu).await;
    let topic = "/event/Order_Event__e";
    let store = Arc::new(MemoryReplayStore::default());
    let mut sub = pubsub.subscribe_with_store::<PlatformEvent<OrderEvent>>(
        topic,
        ReplayPreset::Earliest,
        store.clone(),
    );
    let batch: Vec<OrderEvent> = (1..=6).map(|i| order(&format!("E{i}"), None)).collect();
    // The server drops the stream right after the third event it delivers.
    emu.faults().drop_stream_after(3);
    let first = pubsub.publish(&batch).await.unwrap();
    assert!(first.iter().all(Result::is_ok));
    let mut got = Vec::new();
    for _ in 0..6 {
        got.push(next(&mut sub).await.event);
    }
    assert!(emu.faults().rules().is_empty(), "HTTP rules untouched");

    // And on demand, while the subscription is quiet: it resubscribes too.
    emu.faults().drop_streams();
    let second: Vec<OrderEvent> = (7..=8).map(|i| order(&format!("E{i}"), None)).collect();
    let replays = pubsub.publish(&second).await.unwrap();
    for _ in 0..2 {
        got.push(next(&mut sub).await.event);
    }
    let expected: Vec<String> = (1..=8).map(|i| format!("E{i}")).collect();
    assert_eq!(numbers(&got), expected, "every event once, in order");

    // The store holds the last processed event: a restart resumes after it.
    sub.commit().unwrap();
    assert_eq!(
        store.load(topic),
        Some(replays[1].clone().unwrap()),
        "the store has the last event"
    );
}

/// A session that expires under a publisher: the batch in flight fails with
/// UNAUTHENTICATED (not sent again), the next batch goes out on a new stream
/// with a refreshed session, and subscribers see exactly the batches that
/// were acknowledged.
#[tokio::test]
async fn a_publisher_opens_a_new_stream_after_its_session_expired() {
    let emu = emulator().await;
    let client = sf_runtime::Client::builder()
        .auth(sf_runtime::client::auth::ClientCredentials::new(
            format!("{}/", emu.url()),
            "id",
            "secret",
        ))
        .build()
        .unwrap();
    let pubsub = PubSub::from_client(&client, emu.pubsub_url().unwrap())
        .await
        .unwrap();
    let mut sub = connect(&emu)
        .await
        .subscribe::<PlatformEvent<OrderEvent>>("/event/Order_Event__e", ReplayPreset::Earliest);
    let publisher = pubsub.publisher::<OrderEvent>().await.unwrap();
    let first = publisher.send(&[order("P-1", None)]).await.unwrap().await;
    assert!(first.unwrap()[0].is_ok());

    emu.faults().expire_tokens();
    let lost = publisher.send(&[order("P-2", None)]).await.unwrap().await;
    match lost {
        Err(sf_runtime::pubsub::PubSubError::Status(s)) => {
            assert_eq!(s.code(), tonic::Code::Unauthenticated, "{s}")
        }
        other => panic!("expected UNAUTHENTICATED, got {other:?}"),
    }
    let again = publisher.send(&[order("P-3", None)]).await.unwrap().await;
    assert!(again.unwrap()[0].is_ok());

    let got = [next(&mut sub).await.event, next(&mut sub).await.event];
    assert_eq!(numbers(&got), ["P-1", "P-3"]);
}
