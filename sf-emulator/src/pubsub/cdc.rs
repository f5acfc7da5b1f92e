//! From noted writes to change events: one event per record whose committed
//! state differs from its state before the lock was taken.

use std::sync::Arc;

use apache_avro::types::Value as Avro;
use bytes::Bytes;
use serde_json::Value;

use super::avro::{bitmap, change_event_name, nullable, TopicSchema};
use super::{EventBus, Topic, Touch};
use crate::org::Org;
use crate::store::Record;

#[derive(Clone, Copy)]
enum ChangeType {
    Create,
    Update,
    Delete,
    Undelete,
}

impl ChangeType {
    fn symbol(self) -> (u32, &'static str) {
        match self {
            ChangeType::Create => (0, "CREATE"),
            ChangeType::Update => (1, "UPDATE"),
            ChangeType::Delete => (2, "DELETE"),
            ChangeType::Undelete => (3, "UNDELETE"),
        }
    }
}

fn live(r: &Option<Record>) -> bool {
    r.as_ref().is_some_and(|r| !r.deleted)
}

/// `(channel, uuid, schema id, payload)` of each event, in write order.
pub(super) fn change_events(
    bus: &EventBus,
    org: &mut Org,
    touched: Vec<Touch>,
) -> Vec<(Arc<str>, String, String, Bytes)> {
    let now = org.clock.now().timestamp_millis();
    let transaction_key = uuid_like();
    let mut out = Vec::new();
    let mut sequence = 0;
    for t in touched {
        let after = org.store.get(&t.object, &t.id).cloned();
        let change = match (live(&t.before), live(&after)) {
            (false, true) if t.before.is_none() => ChangeType::Create,
            (false, true) => ChangeType::Undelete,
            (true, true) => ChangeType::Update,
            (true, false) => ChangeType::Delete,
            (false, false) => continue,
        };
        let topic = Topic::Changes(t.object.clone());
        let schema = match bus.schema_of(org, &topic) {
            Ok(Some(s)) => s,
            _ => continue,
        };
        let Some((changed, nulled, values)) = body(&schema, change, &t.before, &after) else {
            continue;
        };
        sequence += 1;
        let header = Header {
            entity: &t.object,
            id: &t.id,
            change,
            transaction_key: &transaction_key,
            sequence,
            now,
            commit_number: bus.next_commit_number() as i64,
            user: &org.user_id,
            api_version: &org.api_version,
            changed,
            nulled,
        };
        let record = Avro::Record(
            std::iter::once(("ChangeEventHeader".to_owned(), header.avro()))
                .chain(
                    schema
                        .fields
                        .iter()
                        .zip(values)
                        .map(|((name, _), v)| (name.clone(), nullable(v))),
                )
                .collect(),
        );
        match apache_avro::to_avro_datum(&schema.avro, record) {
            Ok(bytes) => out.push((
                Arc::from(format!("/data/{}", change_event_name(&t.object))),
                uuid_like(),
                schema.id.clone(),
                Bytes::from(bytes),
            )),
            Err(e) => tracing::warn!(object = %t.object, error = %e, "change event not encoded"),
        }
    }
    out
}

type Body = (Vec<usize>, Vec<usize>, Vec<Option<Avro>>);

/// Changed and nulled schema positions and the values to send: every
/// non-null field for a create or undelete, the changed ones for an update,
/// none for a delete. `None` when an update changed nothing an event carries.
fn body(
    schema: &TopicSchema,
    change: ChangeType,
    before: &Option<Record>,
    after: &Option<Record>,
) -> Option<Body> {
    let null = Value::Null;
    let get =
        |r: &Option<Record>, f: &str| -> Value { r.as_ref().map_or(&null, |r| r.get(f)).clone() };
    let mut changed = Vec::new();
    let mut nulled = Vec::new();
    let mut values = Vec::with_capacity(schema.fields.len());
    for (i, (name, kind)) in schema.fields.iter().enumerate() {
        // Position 0 is the header.
        let pos = i + 1;
        let now = get(after, name);
        let value = match change {
            ChangeType::Delete => None,
            ChangeType::Create | ChangeType::Undelete => kind.to_avro(&now),
            ChangeType::Update => {
                if get(before, name) == now {
                    None
                } else {
                    changed.push(pos);
                    if now.is_null() {
                        nulled.push(pos);
                    }
                    kind.to_avro(&now)
                }
            }
        };
        values.push(value);
    }
    if matches!(change, ChangeType::Update) {
        if changed.is_empty() {
            return None;
        }
        // Every update sets LastModifiedDate, and Salesforce lists it as changed
        // even when the clock has not moved on since the last write (same ms).
        if let Some(i) = schema
            .fields
            .iter()
            .position(|(n, _)| n == "LastModifiedDate")
        {
            if let Err(at) = changed.binary_search(&(i + 1)) {
                changed.insert(at, i + 1);
                values[i] = schema.fields[i].1.to_avro(&get(after, "LastModifiedDate"));
            }
        }
    }
    Some((changed, nulled, values))
}

struct Header<'a> {
    entity: &'a str,
    id: &'a str,
    change: ChangeType,
    transaction_key: &'a str,
    sequence: i32,
    now: i64,
    commit_number: i64,
    user: &'a str,
    api_version: &'a str,
    changed: Vec<usize>,
    nulled: Vec<usize>,
}

impl Header<'_> {
    fn avro(&self) -> Avro {
        let strings = |v: Vec<String>| Avro::Array(v.into_iter().map(Avro::String).collect());
        let (index, symbol) = self.change.symbol();
        Avro::Record(vec![
            ("entityName".into(), Avro::String(self.entity.to_owned())),
            ("recordIds".into(), strings(vec![self.id.to_owned()])),
            ("changeType".into(), Avro::Enum(index, symbol.to_owned())),
            (
                "changeOrigin".into(),
                Avro::String(format!("com/salesforce/api/rest/{}", self.api_version)),
            ),
            (
                "transactionKey".into(),
                Avro::String(self.transaction_key.to_owned()),
            ),
            ("sequenceNumber".into(), Avro::Int(self.sequence)),
            ("commitTimestamp".into(), Avro::Long(self.now)),
            ("commitNumber".into(), Avro::Long(self.commit_number)),
            ("commitUser".into(), Avro::String(self.user.to_owned())),
            ("nulledFields".into(), strings(bitmap(&self.nulled))),
            ("diffFields".into(), strings(Vec::new())),
            ("changedFields".into(), strings(bitmap(&self.changed))),
        ])
    }
}

/// A random UUID (transaction keys, event ids, rpc ids).
pub(super) fn uuid_like() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::{CdcSelection, EventBus, Journal, Topic};
    use crate::org::Org;
    use crate::schema::Schema;

    fn header(bus: &EventBus, org: &Org, replay: u64) -> Vec<(String, apache_avro::types::Value)> {
        let topic = Topic::Changes("Account".into());
        let (events, _) = bus.read(&topic, "/data/AccountChangeEvent", replay - 1, 1);
        let schema = bus.schema_of(org, &topic).unwrap().unwrap();
        let value =
            apache_avro::from_avro_datum(&schema.avro, &mut &events[0].payload[..], None).unwrap();
        let apache_avro::types::Value::Record(mut fields) = value else {
            panic!("record")
        };
        let apache_avro::types::Value::Record(header) = fields.swap_remove(0).1 else {
            panic!("header")
        };
        header
    }

    fn change_type(bus: &EventBus, org: &Org, replay: u64) -> String {
        format!("{:?}", header(bus, org, replay)[2].1)
    }

    /// An update lists LastModifiedDate as changed even when it was written
    /// in the same millisecond as the record's last change.
    #[test]
    fn an_update_in_the_same_millisecond_still_changes_last_modified_date() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default");
        let mut org = Org::new(Schema::load_dir(dir).unwrap());
        org.clock = crate::org::Clock::Fixed(chrono::Utc::now());
        org.changes = Journal::new(CdcSelection::All);
        let bus = EventBus::new(CdcSelection::All, 10);
        let id = org
            .create("Account", json!({"Name": "A"}).as_object().unwrap())
            .unwrap();
        bus.commit(&mut org);
        org.update("Account", &id, json!({"Name": "B"}).as_object().unwrap())
            .unwrap();
        bus.commit(&mut org);
        let schema = bus
            .schema_of(&org, &Topic::Changes("Account".into()))
            .unwrap()
            .unwrap();
        let pos = |name: &str| 1 + schema.fields.iter().position(|(n, _)| n == name).unwrap();
        let expected: Vec<apache_avro::types::Value> =
            super::super::avro::bitmap(&[pos("Name"), pos("LastModifiedDate")])
                .into_iter()
                .map(apache_avro::types::Value::String)
                .collect();
        let header = header(&bus, &org, 2);
        let changed = header.iter().find(|(n, _)| n == "changedFields").unwrap();
        assert_eq!(changed.1, apache_avro::types::Value::Array(expected));
    }

    /// A record leaving the recycle bin is an UNDELETE event.
    #[test]
    fn a_record_back_from_the_recycle_bin_is_an_undelete() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default");
        let mut org = Org::new(Schema::load_dir(dir).unwrap());
        org.changes = Journal::new(CdcSelection::All);
        let bus = EventBus::new(CdcSelection::All, 10);
        let id = org
            .create("Account", json!({"Name": "A"}).as_object().unwrap())
            .unwrap();
        bus.commit(&mut org);
        org.delete("Account", &id).unwrap();
        bus.commit(&mut org);
        org.undelete("Account", &id).unwrap();
        bus.commit(&mut org);
        let again = org.undelete("Account", &id).unwrap_err();
        assert_eq!(again[0].error_code, "UNDELETE_FAILED");
        let kinds: Vec<String> = (1..=3).map(|r| change_type(&bus, &org, r)).collect();
        assert_eq!(
            kinds,
            [
                "Enum(0, \"CREATE\")",
                "Enum(2, \"DELETE\")",
                "Enum(3, \"UNDELETE\")"
            ]
        );
    }
}
