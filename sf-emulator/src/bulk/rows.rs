//! One ingest row through the `Org`: CSV cells to a write body (`#N/A` is
//! null, empty is "not given", `Rel.ExtId__c` is a parent by external id),
//! the write the job's operation asks for, and the `sf__Error` text.

use serde_json::{Map, Value};

use super::csv_codec::NULL_MARKER;
use super::job::{IngestOp, RowResult};
use crate::errors::ApiError;
use crate::org::Org;

/// What every row of a job shares.
#[derive(Debug, Clone)]
pub struct RowContext {
    pub object: String,
    pub operation: IngestOp,
    pub external_id_field: Option<String>,
    pub columns: Vec<String>,
}

impl RowContext {
    fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }

    /// The first column the object does not have, which fails the whole job
    /// as Salesforce does (`InvalidBatch : Field name not found : X`).
    pub fn unknown_column(&self, org: &Org) -> Option<String> {
        let obj = org.schema.object(&self.object)?;
        self.columns
            .iter()
            .find(|c| match c.split_once('.') {
                Some((rel, _)) => obj.parent_relationship(rel).is_none(),
                None => obj.field(c).is_none(),
            })
            .cloned()
    }
}

/// The write body of one row.
fn body(ctx: &RowContext, row: &[String]) -> Map<String, Value> {
    let mut body = Map::new();
    for (column, cell) in ctx.columns.iter().zip(row) {
        if cell.is_empty() {
            continue;
        }
        let value = if cell == NULL_MARKER {
            Value::Null
        } else {
            Value::String(cell.clone())
        };
        match column.split_once('.') {
            Some((relationship, field)) => {
                let mut parent = Map::new();
                parent.insert(field.to_owned(), value);
                body.insert(relationship.to_owned(), Value::Object(parent));
            }
            None => {
                body.insert(column.clone(), value);
            }
        }
    }
    body
}

/// `sf__Error`: `CODE:message:fields --` per error.
pub fn error_text(errors: &[ApiError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}:{}:{} --", e.error_code, e.message, e.fields.join(",")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs one row; the result keeps the row's cells for the result files.
pub fn process_row(org: &mut Org, ctx: &RowContext, row: Vec<String>) -> RowResult {
    let cell = |name: &str| {
        ctx.column(name)
            .and_then(|i| row.get(i))
            .filter(|c| !c.is_empty() && c.as_str() != NULL_MARKER)
            .cloned()
    };
    let given_id = cell("Id").unwrap_or_default();
    let missing_id = || {
        vec![ApiError::new(
            400,
            "MISSING_ARGUMENT",
            "Id not specified in an update call",
        )]
    };
    let outcome: Result<(String, bool), Vec<ApiError>> = match ctx.operation {
        IngestOp::Insert => org
            .create(&ctx.object, &body(ctx, &row))
            .map(|id| (id, true)),
        IngestOp::Update if given_id.is_empty() => Err(missing_id()),
        IngestOp::Update => org
            .update(&ctx.object, &given_id, &body(ctx, &row))
            .map(|()| (normalized(&given_id), false)),
        IngestOp::Upsert => {
            let field = ctx.external_id_field.clone().unwrap_or_else(|| "Id".into());
            let value = cell(&field).unwrap_or_default();
            if value.is_empty() && !field.eq_ignore_ascii_case("Id") {
                Err(vec![ApiError::on_fields(
                    "MISSING_ARGUMENT",
                    format!("{field} not specified"),
                    &[&field],
                )])
            } else {
                org.upsert(&ctx.object, &field, &value, &body(ctx, &row))
                    .map(|o| (o.id, o.created))
            }
        }
        IngestOp::Delete | IngestOp::HardDelete if given_id.is_empty() => Err(missing_id()),
        IngestOp::Delete => org
            .delete(&ctx.object, &given_id)
            .map(|()| (normalized(&given_id), false)),
        IngestOp::HardDelete => org
            .hard_delete(&ctx.object, &given_id)
            .map(|_| (normalized(&given_id), false)),
    };
    match outcome {
        Ok((id, created)) => RowResult {
            id,
            outcome: Ok(created),
            cells: row,
        },
        Err(errors) => RowResult {
            id: match ctx.operation {
                IngestOp::Insert => String::new(),
                _ => given_id,
            },
            outcome: Err(error_text(&errors)),
            cells: row,
        },
    }
}

fn normalized(id: &str) -> String {
    crate::ids::to18(id).unwrap_or_else(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(columns: &[&str]) -> RowContext {
        RowContext {
            object: "Account".into(),
            operation: IngestOp::Insert,
            external_id_field: None,
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    #[test]
    fn cells_become_a_write_body() {
        let c = ctx(&["Name", "Phone", "Fax", "Parent.Ext__c"]);
        let row: Vec<String> = ["Acme", "#N/A", "", "E-1"].map(String::from).to_vec();
        let b = body(&c, &row);
        assert_eq!(
            Value::Object(b),
            serde_json::json!({"Name": "Acme", "Phone": null, "Parent": {"Ext__c": "E-1"}})
        );
    }

    #[test]
    fn error_text_follows_the_result_file_format() {
        let e = ApiError::on_fields(
            "REQUIRED_FIELD_MISSING",
            "Required fields are missing: [Name]",
            &["Name"],
        );
        assert_eq!(
            error_text(&[e]),
            "REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --"
        );
    }
}
