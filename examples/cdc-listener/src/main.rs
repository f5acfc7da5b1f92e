//! Listens to Account change events over the Pub/Sub API and prints them,
//! typed, one line per event; the replay id of each processed event is kept
//! in `--replay-dir` so the next run resumes right after it.
//!
//! Without `SF_INSTANCE_URL`/`SF_ACCESS_TOKEN` it starts an emulator with
//! change events on for Account and makes a few changes itself (a create,
//! an update that clears a field, a delete). With them it listens to the
//! org (`SF_PUBSUB_URL`, default Salesforce's endpoint) for `--events` events.
//! Without `--replay-dir` it starts from the oldest event kept.

use std::sync::Arc;

use example_support::Result;
use futures::StreamExt;
use serde::Deserialize;
use serde_json::json;
use sf_emulator::Emulator;
use sf_runtime::client::auth::EnvToken;
use sf_runtime::pubsub::{ChangeEvent, FileReplayStore, PubSub, ReplayPreset};
use sf_runtime::Client;

const TOPIC: &str = "/data/AccountChangeEvent";

/// The fields this listener cares about; the others in the event are ignored.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AccountChange {
    name: Option<String>,
    phone: Option<String>,
}

struct Args {
    events: usize,
    replay_dir: Option<std::path::PathBuf>,
}

fn args() -> Result<Args> {
    let mut out = Args {
        events: 3,
        replay_dir: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--events" => out.events = it.next().ok_or("--events N")?.parse()?,
            "--replay-dir" => out.replay_dir = Some(it.next().ok_or("--replay-dir DIR")?.into()),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    Ok(out)
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = args()?;
    let configured = std::env::var_os("SF_INSTANCE_URL").is_some()
        && std::env::var_os("SF_ACCESS_TOKEN").is_some();
    let (client, endpoint, emulator) = if configured {
        let client = Client::builder().auth(EnvToken::new()).build()?;
        let endpoint = std::env::var("SF_PUBSUB_URL")
            .unwrap_or_else(|_| "https://api.pubsub.salesforce.com:7443".to_owned());
        (client, endpoint, None)
    } else {
        let emu = Emulator::builder()
            .schema_dir(example_support::schema_dir())
            .cdc(["Account"])
            .start()
            .await?;
        let client = Client::builder()
            .instance_url(emu.url())
            .access_token(emu.access_token())
            .build()?;
        let endpoint = emu.pubsub_url().ok_or("pubsub is on")?.to_owned();
        println!("listening to the emulator at {endpoint}");
        (client, endpoint, Some(emu))
    };

    let pubsub = PubSub::from_client(&client, &endpoint).await?;
    // Without a replay directory every run starts from the oldest event kept.
    let mut events = match &args.replay_dir {
        Some(dir) => pubsub.subscribe_with_store::<ChangeEvent<AccountChange>>(
            TOPIC,
            ReplayPreset::Earliest,
            Arc::new(FileReplayStore::new(dir)?),
        ),
        None => pubsub.subscribe(TOPIC, ReplayPreset::Earliest),
    };

    if emulator.is_some() {
        let id = client
            .create_raw(
                "Account",
                &fields(json!({"Name": "Acme", "Phone": "555-0100"})),
            )
            .await?;
        client
            .update_raw(
                "Account",
                &id,
                &fields(json!({"Name": "Acme Corp", "Phone": null})),
            )
            .await?;
        client.delete_raw("Account", &id).await?;
    }

    for _ in 0..args.events {
        let Some(event) = events.next().await else {
            break;
        };
        let event = event?.event;
        let h = &event.header;
        println!(
            "{:?} {} {} name={:?} phone={:?} changed={:?} nulled={:?}",
            h.change_type,
            h.entity_name,
            h.record_ids.join(","),
            event.record.name,
            event.record.phone,
            h.changed_fields,
            h.nulled_fields,
        );
    }
    // The last event printed is processed too: keep its replay id now.
    events.commit()?;
    drop(events);
    if let Some(emu) = emulator {
        emu.shutdown().await?;
    }
    Ok(())
}

fn fields(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match v {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}
