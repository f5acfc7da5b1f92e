//! Pub/Sub decoding benchmark (a plain binary:
//! `cargo bench -p sf-runtime --features pubsub --bench pubsub`).
//!
//! Change events of `SF_BENCH_EVENTS` (default 20000) Account creates are
//! taken from the emulator once, as Avro payloads; then, on the same bytes,
//! best of `SF_BENCH_ROUNDS` (default 5): events/s decoded (a) into a typed
//! `ChangeEvent<T>` of a serde struct, (b) into `serde_json::Value` and (a')
//! into the struct through a `Value` (the former typed path), beside the Avro
//! decoding alone that all of them include.
//! Then (c) end to end: events/s through `PubSub::subscribe` (gRPC, flow
//! control, typed decoding) from the same emulator.

use std::time::{Duration, Instant};

use futures::StreamExt;
use serde::Deserialize;
use serde_json::json;
use sf_emulator::Emulator;
use sf_pubsub_proto::pub_sub_client::PubSubClient;
use sf_pubsub_proto::{FetchRequest, SchemaRequest, TopicRequest};
use sf_runtime::client::auth::StaticToken;
use sf_runtime::pubsub::{ChangeEvent, FromAvro, PubSub, ReplayPreset};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct AccountChange {
    name: Option<String>,
    phone: Option<String>,
    industry: Option<String>,
    number_of_employees: Option<i32>,
    created_date: Option<String>,
    owner_id: Option<String>,
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run());
}

async fn run() {
    let n = env("SF_BENCH_EVENTS", 20_000);
    let rounds = env("SF_BENCH_ROUNDS", 5);
    let emu = Emulator::builder()
        .schema_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default"))
        .access_token("tok")
        .cdc(["Account"])
        .start()
        .await
        .unwrap();
    {
        let mut org = emu.org();
        for i in 0..n {
            let body = json!({"Name": format!("Account {i}"), "Phone": "555-0100",
                "Industry": "Energy", "NumberOfEmployees": i as i64 % 5000});
            org.create("Account", body.as_object().unwrap()).unwrap();
        }
    }
    let (schema, payloads) = raw_payloads(&emu, n).await;
    println!(
        "{n} Account change events, {} bytes of Avro",
        payloads.iter().map(Vec::len).sum::<usize>()
    );

    let mut typed = Duration::MAX;
    let mut value = Duration::MAX;
    let mut via_json = Duration::MAX;
    let mut avro_only = Duration::MAX;
    for _ in 0..rounds {
        avro_only = avro_only.min(time(|| {
            for p in &payloads {
                std::hint::black_box(
                    apache_avro::from_avro_datum(&schema, &mut &p[..], None).unwrap(),
                );
            }
        }));
        // How typed events were decoded before `avro_de`: the record built as
        // a `serde_json::Value`, then read by the struct.
        via_json = via_json.min(time(|| {
            for p in &payloads {
                let v = apache_avro::from_avro_datum(&schema, &mut &p[..], None).unwrap();
                let mut json = serde_json::Value::from_avro(&schema, v).unwrap();
                json.as_object_mut().unwrap().remove("ChangeEventHeader");
                json.as_object_mut().unwrap().retain(|_, v| !v.is_null());
                // Dated `long`s as REST text, as the former path did from the schema's docs.
                for (key, v) in json.as_object_mut().unwrap() {
                    if let (true, Some(ms)) = (key.ends_with("Date"), v.as_i64()) {
                        let at = chrono::DateTime::from_timestamp_millis(ms).unwrap();
                        *v = at.format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string().into();
                    }
                }
                std::hint::black_box(serde_json::from_value::<AccountChange>(json).unwrap());
            }
        }));
        typed = typed.min(time(|| {
            for p in &payloads {
                let v = apache_avro::from_avro_datum(&schema, &mut &p[..], None).unwrap();
                std::hint::black_box(ChangeEvent::<AccountChange>::from_avro(&schema, v).unwrap());
            }
        }));
        value = value.min(time(|| {
            for p in &payloads {
                let v = apache_avro::from_avro_datum(&schema, &mut &p[..], None).unwrap();
                std::hint::black_box(serde_json::Value::from_avro(&schema, v).unwrap());
            }
        }));
    }
    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    println!(
        "    Avro decoding alone:    {:>10.0} events/s",
        rate(avro_only)
    );
    println!("(a) typed ChangeEvent<T>:   {:>10.0} events/s", rate(typed));
    println!("(b) serde_json::Value:      {:>10.0} events/s", rate(value));
    println!(
        "(a') typed through a Value: {:>10.0} events/s",
        rate(via_json)
    );
    println!(
        "    typed / Value:          {:>10.2}x",
        value.as_secs_f64() / typed.as_secs_f64()
    );
    println!(
        "    typed / through a Value: {:>9.2}x",
        via_json.as_secs_f64() / typed.as_secs_f64()
    );

    let pubsub = PubSub::connect(
        StaticToken::with_instance_url("tok", emu.url()),
        emu.pubsub_url().unwrap(),
    )
    .await
    .unwrap();
    let start = Instant::now();
    let mut sub = pubsub.subscribe::<ChangeEvent<AccountChange>>(
        "/data/AccountChangeEvent",
        ReplayPreset::Earliest,
    );
    for _ in 0..n {
        sub.next().await.unwrap().unwrap();
    }
    println!(
        "(c) end to end, subscribe:  {:>10.0} events/s",
        rate(start.elapsed())
    );
}

fn time(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

async fn raw_payloads(emu: &Emulator, n: usize) -> (apache_avro::Schema, Vec<Vec<u8>>) {
    let channel = tonic::transport::Channel::from_shared(emu.pubsub_url().unwrap().to_owned())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut client = PubSubClient::new(channel);
    let topic = client
        .get_topic(auth(TopicRequest {
            topic_name: "/data/AccountChangeEvent".into(),
        }))
        .await
        .unwrap()
        .into_inner();
    let info = client
        .get_schema(auth(SchemaRequest {
            schema_id: topic.schema_id,
        }))
        .await
        .unwrap()
        .into_inner();
    let schema = apache_avro::Schema::parse_str(&info.schema_json).unwrap();
    let first = FetchRequest {
        topic_name: "/data/AccountChangeEvent".into(),
        replay_preset: sf_pubsub_proto::ReplayPreset::Earliest as i32,
        num_requested: n as i32,
        ..Default::default()
    };
    let mut stream = client
        .subscribe(auth(futures::stream::iter([first])))
        .await
        .unwrap()
        .into_inner();
    let mut payloads = Vec::with_capacity(n);
    while payloads.len() < n {
        let batch = stream.message().await.unwrap().unwrap();
        payloads.extend(
            batch
                .events
                .into_iter()
                .filter_map(|e| e.event)
                .map(|e| e.payload),
        );
    }
    (schema, payloads)
}

fn auth<T>(msg: T) -> tonic::Request<T> {
    let mut r = tonic::Request::new(msg);
    r.metadata_mut()
        .insert("accesstoken", "tok".parse().unwrap());
    r
}
