//! The `pubsub` client against the emulator: typed change events in order,
//! a consumer restarted from its replay store, platform events round trip,
//! and a subscription that outlives an expired session.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sf_emulator::Emulator;
use sf_runtime::client::auth::{ClientCredentials, StaticToken};
use sf_runtime::pubsub::{
    ChangeEvent, ChangeType, FileReplayStore, PlatformEvent, PubSub, ReplayPreset, Subscription,
};

#[derive(Debug, Deserialize, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
struct AccountChange {
    name: Option<String>,
    phone: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct OrderEvent {
    #[serde(rename = "Order_Number__c")]
    order_number: Option<String>,
    #[serde(rename = "Amount__c")]
    amount: Option<f64>,
}

async fn emulator() -> Emulator {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default");
    let mut schema = sf_emulator::schema::Schema::load_dir(dir).unwrap();
    schema.insert(
        sf_emulator::schema::ObjectSchema::from_describe(json!({
            "name": "Order_Event__e", "label": "Order Event", "keyPrefix": "e01", "custom": true,
            "fields": [
                {"name": "CreatedDate", "type": "datetime", "label": "Created"},
                {"name": "CreatedById", "type": "reference", "label": "By"},
                {"name": "Order_Number__c", "type": "string", "label": "Order", "custom": true},
                {"name": "Amount__c", "type": "double", "label": "Amount", "custom": true},
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

async fn connect(emu: &Emulator) -> PubSub {
    PubSub::connect(
        StaticToken::with_instance_url("tok", emu.url()),
        emu.pubsub_url().unwrap(),
    )
    .await
    .unwrap()
}

async fn next<E>(sub: &mut Subscription<E>) -> E {
    tokio::time::timeout(Duration::from_secs(20), sub.next())
        .await
        .expect("an event arrives")
        .expect("stream open")
        .expect("event decodes")
        .event
}

#[tokio::test]
async fn typed_change_events_follow_creates_updates_and_deletes_in_order() {
    let emu = emulator().await;
    let pubsub = connect(&emu).await;
    let info = pubsub.get_topic("/data/AccountChangeEvent").await.unwrap();
    let mut sub = pubsub.subscribe::<ChangeEvent<AccountChange>>(
        "/data/AccountChangeEvent",
        ReplayPreset::Earliest,
    );

    let id = emu
        .org()
        .create(
            "Account",
            json!({"Name": "Acme", "Phone": "555"}).as_object().unwrap(),
        )
        .unwrap();
    emu.org()
        .update(
            "Account",
            &id,
            json!({"Name": "Acme 2", "Phone": null})
                .as_object()
                .unwrap(),
        )
        .unwrap();
    emu.org().delete("Account", &id).unwrap();

    let created = next(&mut sub).await;
    assert_eq!(created.header.change_type, ChangeType::Create);
    assert_eq!(created.header.entity_name, "Account");
    assert_eq!(created.header.record_ids, vec![id.clone()]);
    assert_eq!(
        created.record,
        AccountChange {
            name: Some("Acme".into()),
            phone: Some("555".into())
        }
    );

    let updated = next(&mut sub).await;
    assert_eq!(updated.header.change_type, ChangeType::Update);
    assert!(
        updated.header.changed_fields.contains(&"Name".to_owned()),
        "{:?}",
        updated.header
    );
    assert!(updated.header.changed_fields.contains(&"Phone".to_owned()));
    assert_eq!(updated.header.nulled_fields, vec!["Phone".to_owned()]);
    assert_eq!(
        updated.record,
        AccountChange {
            name: Some("Acme 2".into()),
            phone: None
        }
    );

    let deleted = next(&mut sub).await;
    assert_eq!(deleted.header.change_type, ChangeType::Delete);
    assert_eq!(deleted.record, AccountChange::default());
    assert!(!info.schema_id.is_empty());
}

#[tokio::test]
async fn a_restarted_consumer_resumes_after_its_last_processed_event() {
    let emu = emulator().await;
    let pubsub = connect(&emu).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(FileReplayStore::new(dir.path()).unwrap());
    let topic = "/data/AccountChangeEvent";
    for i in 0..3 {
        emu.org()
            .create(
                "Account",
                json!({"Name": format!("A{i}")}).as_object().unwrap(),
            )
            .unwrap();
    }
    let mut names = Vec::new();
    {
        let mut sub = pubsub.subscribe_with_store::<ChangeEvent<AccountChange>>(
            topic,
            ReplayPreset::Earliest,
            store.clone(),
        );
        names.push(next(&mut sub).await.record.name.unwrap());
        names.push(next(&mut sub).await.record.name.unwrap());
        // A2 was received but the consumer stops before processing it.
        let _ = sub.next().await;
    }
    for i in 3..5 {
        emu.org()
            .create(
                "Account",
                json!({"Name": format!("A{i}")}).as_object().unwrap(),
            )
            .unwrap();
    }
    let mut sub = pubsub.subscribe_with_store::<ChangeEvent<AccountChange>>(
        topic,
        ReplayPreset::Latest,
        store.clone(),
    );
    for _ in 0..3 {
        names.push(next(&mut sub).await.record.name.unwrap());
    }
    assert_eq!(names, ["A0", "A1", "A2", "A3", "A4"]);
}

#[tokio::test]
async fn published_platform_events_round_trip_to_a_subscriber() {
    let emu = emulator().await;
    let pubsub = connect(&emu).await;
    let topic = "/event/Order_Event__e";
    let mut sub = pubsub.subscribe::<PlatformEvent<OrderEvent>>(topic, ReplayPreset::Earliest);
    let sent = vec![
        OrderEvent {
            order_number: Some("O-1".into()),
            amount: Some(12.5),
        },
        OrderEvent {
            order_number: Some("O-2".into()),
            amount: None,
        },
    ];
    let replays = pubsub.publish_to(topic, &sent).await.unwrap();
    assert!(replays.iter().all(Result::is_ok), "{replays:?}");
    assert_eq!(replays.len(), 2);
    assert_eq!(next(&mut sub).await.0, sent[0]);
    assert_eq!(next(&mut sub).await.0, sent[1]);
}

#[tokio::test]
async fn a_subscription_outlives_an_expired_session_refreshed_through_the_rest_client() {
    let emu = emulator().await;
    let client = sf_runtime::Client::builder()
        .auth(ClientCredentials::new(
            format!("{}/", emu.url()),
            "id",
            "secret",
        ))
        .build()
        .unwrap();
    let pubsub = PubSub::from_client(&client, emu.pubsub_url().unwrap())
        .await
        .unwrap();
    let mut sub = pubsub.subscribe::<ChangeEvent<AccountChange>>(
        "/data/AccountChangeEvent",
        ReplayPreset::Earliest,
    );
    emu.org()
        .create("Account", json!({"Name": "Before"}).as_object().unwrap())
        .unwrap();
    assert_eq!(next(&mut sub).await.record.name.as_deref(), Some("Before"));
    emu.faults().expire_tokens();
    emu.org()
        .create("Account", json!({"Name": "After"}).as_object().unwrap())
        .unwrap();
    assert_eq!(next(&mut sub).await.record.name.as_deref(), Some("After"));
    // The REST client sees the session the subscription refreshed.
    assert_eq!(
        client
            .count_raw("SELECT COUNT() FROM Account")
            .await
            .unwrap(),
        2
    );
}

#[tokio::test]
async fn change_events_decode_into_the_typed_model_with_ids_and_field_metadata() {
    use crate::common::models::Account;
    // OwnerId and CreatedById carry the emulator user's id, checked by the typed `Id`.
    let emu = emulator().await;
    let pubsub = connect(&emu).await;
    let mut sub = pubsub
        .subscribe::<ChangeEvent<Account>>("/data/AccountChangeEvent", ReplayPreset::Earliest);
    let id = emu
        .org()
        .create(
            "Account",
            json!({"Name": "Typed", "NumberOfEmployees": 7, "Phone": "1"})
                .as_object()
                .unwrap(),
        )
        .unwrap();
    emu.org()
        .update(
            "Account",
            &id,
            json!({"NumberOfEmployees": 8, "Phone": null})
                .as_object()
                .unwrap(),
        )
        .unwrap();

    let created = next(&mut sub).await;
    assert_eq!(
        created.record_ids(),
        vec![sf_runtime::Id::<Account>::parse(&id).unwrap()]
    );
    assert_eq!(created.record.name.as_deref(), Some("Typed"));
    assert_eq!(created.record.number_of_employees, Some(7));
    assert!(
        created.record.created_date.is_some(),
        "datetimes arrive as epoch millis and decode"
    );

    let updated = next(&mut sub).await;
    let changed: Vec<&str> = updated
        .changed_fields()
        .iter()
        .map(|f| f.api_name)
        .collect();
    assert!(
        changed.contains(&"NumberOfEmployees") && changed.contains(&"Phone"),
        "{changed:?}"
    );
    let nulled: Vec<&str> = updated
        .nulled_fields()
        .iter()
        .map(|f| f.rust_name)
        .collect();
    assert_eq!(nulled, ["phone"]);
    assert_eq!(updated.record.number_of_employees, Some(8));
    assert_eq!(updated.record.name, None, "only what changed");
}

#[tokio::test]
async fn events_decode_untyped_and_unknown_fields_do_not_break_typed_decoding() {
    let emu = emulator().await;
    let pubsub = connect(&emu).await;
    // AccountChange knows two fields of the many the schema has.
    let mut typed = pubsub
        .subscribe::<ChangeEvent<AccountChange>>("/data/ChangeEvents", ReplayPreset::Earliest);
    let mut raw =
        pubsub.subscribe::<serde_json::Value>("/data/ChangeEvents", ReplayPreset::Earliest);
    emu.org()
        .create(
            "Account",
            json!({"Name": "Raw", "Website": "x.example"})
                .as_object()
                .unwrap(),
        )
        .unwrap();
    assert_eq!(next(&mut typed).await.record.name.as_deref(), Some("Raw"));
    let value = next(&mut raw).await;
    assert_eq!(value["ChangeEventHeader"]["changeType"], "CREATE");
    assert_eq!(value["Website"], "x.example");
}
