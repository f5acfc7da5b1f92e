//! Bulk API 2.0 CSV → values: the result files of ingest jobs (`sf__Id`, `sf__Created`,
//! `sf__Error` plus the original columns) and the rows of query jobs, turned into JSON
//! records a `#[derive(SObject)]` struct deserializes from.

use serde_json::{Map, Number, Value};

use crate::collections::RecordError;
use crate::model::ObjectMeta;

/// A parsed CSV document: header and rows of cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvRows {
    /// Column names (a leading byte-order mark removed).
    pub header: Vec<String>,
    /// The data rows, each as long as `header`.
    pub rows: Vec<Vec<String>>,
}

impl CsvRows {
    /// Parses comma-delimited CSV with a header line. An empty body is an empty table.
    pub fn parse(body: &[u8]) -> Result<CsvRows, csv::Error> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(body);
        let header = reader
            .headers()?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_owned())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            rows.push(record?.iter().map(str::to_owned).collect());
        }
        Ok(CsvRows { header, rows })
    }

    /// Index of the column named `name` (exact match).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// Parses an `sf__Error` cell: `CODE:message:Field1,Field2 --`. The message may itself
/// contain colons, so the code is what precedes the first colon and the fields what
/// follows the last one, when that tail looks like a list of field names.
pub fn parse_bulk_error(text: &str) -> RecordError {
    let text = text.trim();
    let body = text.strip_suffix("--").unwrap_or(text).trim_end();
    let Some((code, rest)) = body.split_once(':') else {
        return RecordError::new("UNKNOWN_ERROR", text);
    };
    let looks_like_code = !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !looks_like_code {
        return RecordError::new("UNKNOWN_ERROR", text);
    }
    if let Some((message, tail)) = rest.rsplit_once(':') {
        let tail = tail.trim();
        let is_field_list = tail
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ',' | '.'));
        if is_field_list {
            let fields = tail
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect();
            return RecordError::new(code, message.trim()).with_fields(fields);
        }
    }
    RecordError::new(code, rest.trim())
}

/// One query-result row as the JSON Salesforce's REST API would return for it:
/// empty cells are null, `Parent.Field` columns become nested objects, and values of
/// fields the struct's metadata types as boolean or number become JSON booleans and
/// numbers so the derived `Deserialize` reads them.
pub fn row_to_json(meta: &ObjectMeta, header: &[String], row: &[String]) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, cell) in header.iter().zip(row) {
        let path: Vec<&str> = name.split('.').collect();
        let value = typed_cell(meta, &path, cell);
        insert_path(&mut out, &path, value);
    }
    out
}

fn typed_cell(meta: &ObjectMeta, path: &[&str], cell: &str) -> Value {
    if cell.is_empty() {
        return Value::Null;
    }
    // Only the object's own fields have known types; parent fields stay strings unless
    // they are unmistakably booleans.
    let describe = if path.len() == 1 {
        meta.field(path[0]).and_then(|f| f.describe_type)
    } else {
        None
    };
    match describe {
        Some("boolean") => match cell {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(cell.to_owned()),
        },
        Some("int" | "long") => cell
            .parse::<i64>()
            .map(|n| Value::Number(n.into()))
            .unwrap_or_else(|_| Value::String(cell.to_owned())),
        Some("double" | "currency" | "percent") => cell
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(cell.to_owned())),
        _ => Value::String(cell.to_owned()),
    }
}

fn insert_path(out: &mut Map<String, Value>, path: &[&str], value: Value) {
    match path {
        [] => {}
        [last] => {
            out.insert((*last).to_owned(), value);
        }
        [first, rest @ ..] => {
            let entry = out
                .entry((*first).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = entry {
                insert_path(inner, rest, value);
            }
        }
    }
}

/// Drops parents whose every field is null (`Account.Name` empty means "no Account"),
/// so an `Option<Box<Account>>` decodes to `None` instead of an empty Account.
pub fn prune_empty_parents(record: &mut Map<String, Value>) {
    for value in record.values_mut() {
        if let Value::Object(inner) = value {
            prune_empty_parents(inner);
            if inner.values().all(Value::is_null) {
                *value = Value::Null;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldMeta;

    const fn field(api_name: &'static str, describe_type: &'static str) -> FieldMeta {
        FieldMeta {
            api_name,
            rust_name: api_name,
            describe_type: Some(describe_type),
            createable: true,
            updateable: true,
            nillable: true,
            calculated: false,
            external_id: false,
            id_lookup: false,
            reference_to: &[],
            relationship_name: None,
        }
    }

    static FIELDS: [FieldMeta; 4] = [
        field("Name", "string"),
        field("NumberOfEmployees", "int"),
        field("AnnualRevenue", "currency"),
        field("IsPartner__c", "boolean"),
    ];
    static META: ObjectMeta = ObjectMeta {
        api_name: "Account",
        fields: &FIELDS,
        parents: &[],
        children: &[],
    };

    #[test]
    fn parses_success_results_with_quotes_and_newlines() {
        let body = b"\"sf__Id\",\"sf__Created\",Name,Description\n001000000000001AAA,true,\"Acme, Inc\",\"two\nlines\"\n";
        let t = CsvRows::parse(body).unwrap();
        assert_eq!(t.header, ["sf__Id", "sf__Created", "Name", "Description"]);
        assert_eq!(t.rows[0][2], "Acme, Inc");
        assert_eq!(t.rows[0][3], "two\nlines");
        assert_eq!(t.column("sf__Created"), Some(1));
        assert!(CsvRows::parse(b"").unwrap().rows.is_empty());
    }

    #[test]
    fn splits_bulk_error_into_code_message_fields() {
        let e = parse_bulk_error(
            "REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --",
        );
        assert_eq!(e.code, "REQUIRED_FIELD_MISSING");
        assert_eq!(e.message, "Required fields are missing: [LastName]");
        assert_eq!(e.fields, ["LastName"]);
        let e =
            parse_bulk_error("INVALID_EMAIL_ADDRESS:Email: invalid email address: bad:Email --");
        assert_eq!(e.code, "INVALID_EMAIL_ADDRESS");
        assert_eq!(e.message, "Email: invalid email address: bad");
        assert_eq!(e.fields, ["Email"]);
        let e = parse_bulk_error("DUPLICATE_VALUE:duplicate value found: Ext__c duplicates value on record with id: 001x --");
        assert_eq!(e.code, "DUPLICATE_VALUE");
        assert!(e.message.contains("duplicates value on record"), "{e:?}");
        let e = parse_bulk_error("something went wrong");
        assert_eq!(e.code, "UNKNOWN_ERROR");
    }

    #[test]
    fn query_rows_become_typed_json() {
        let header: Vec<String> = [
            "Name",
            "NumberOfEmployees",
            "AnnualRevenue",
            "IsPartner__c",
            "Owner.Name",
            "Parent.Name",
        ]
        .map(String::from)
        .to_vec();
        let row: Vec<String> = ["Acme", "42", "1000.5", "true", "Ada", ""]
            .map(String::from)
            .to_vec();
        let mut json = row_to_json(&META, &header, &row);
        prune_empty_parents(&mut json);
        assert_eq!(
            Value::Object(json),
            serde_json::json!({"Name": "Acme", "NumberOfEmployees": 42, "AnnualRevenue": 1000.5,
                               "IsPartner__c": true, "Owner": {"Name": "Ada"}, "Parent": null})
        );
    }
}
