//! Records → Bulk API 2.0 CSV, following Salesforce's rules for ingest data:
//! comma-delimited, LF line endings, quotes only where needed (`"` doubled), `#N/A`
//! for null (an empty cell means "leave unchanged" on update), booleans as
//! `true`/`false`, multi-select values joined with `;`, dates and datetimes in the API
//! format the value types already serialize to, and relationship references by
//! external id as `Parent.ExtField__c` columns.
//!
//! The CSV is cut into parts below a byte limit, each part repeating the header, so
//! every part fits in one job's upload (150 MB after base64, ~100 MB raw).

use std::collections::HashMap;

use serde_json::{Map, Value};

/// The cell Salesforce reads as "set this field to null".
pub const NULL_CELL: &str = "#N/A";

/// Default raw size of one upload: 100 MB grows to ~133 MB in base64, under the 150 MB cap.
pub const DEFAULT_MAX_PART_BYTES: usize = 100 * 1000 * 1000;

/// Records as rows of cells under a shared header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    /// Column names: field API names (`Account.External_Id__c` for a parent by
    /// external id).
    pub header: Vec<String>,
    /// One row per input record, `rows[i].len() == header.len()`.
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// Flattens JSON write bodies into a table. The header is the union of keys in order
    /// of first appearance; a record without a key gets an empty cell (untouched).
    pub fn from_records(records: &[Map<String, Value>]) -> CsvTable {
        let mut header: Vec<String> = Vec::new();
        let mut position: HashMap<String, usize> = HashMap::new();
        let mut flat_rows = Vec::with_capacity(records.len());
        for record in records {
            let mut flat = Vec::new();
            flatten_into(None, record, &mut flat);
            for (key, _) in &flat {
                if !position.contains_key(key) {
                    position.insert(key.clone(), header.len());
                    header.push(key.clone());
                }
            }
            flat_rows.push(flat);
        }
        let rows = flat_rows
            .into_iter()
            .map(|flat| {
                let mut row = vec![String::new(); header.len()];
                for (key, cell) in flat {
                    row[position[&key]] = cell;
                }
                row
            })
            .collect();
        CsvTable { header, rows }
    }

    /// The `Id` column alone, for delete and hardDelete jobs.
    pub fn from_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> CsvTable {
        CsvTable {
            header: vec!["Id".to_owned()],
            rows: ids.into_iter().map(|id| vec![id.to_owned()]).collect(),
        }
    }

    /// Serialized parts, each at most `max_bytes` (unless a single row is larger, which
    /// then travels alone), each starting with the header. Returns, per part, the CSV
    /// bytes and the input row range it holds.
    pub fn to_parts(&self, max_bytes: usize) -> Vec<(Vec<u8>, std::ops::Range<usize>)> {
        let header = encode_row(&self.header);
        let mut parts = Vec::new();
        let mut current = header.clone();
        let mut start = 0;
        for (i, row) in self.rows.iter().enumerate() {
            let line = encode_row(row);
            if i > start && current.len() + line.len() > max_bytes {
                parts.push((std::mem::replace(&mut current, header.clone()), start..i));
                start = i;
            }
            current.extend_from_slice(&line);
        }
        if self.rows.len() > start {
            parts.push((current, start..self.rows.len()));
        }
        parts
    }

    /// The whole table as one CSV document.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = encode_row(&self.header);
        for row in &self.rows {
            out.extend_from_slice(&encode_row(row));
        }
        out
    }
}

/// One CSV line (LF-terminated), quoting a cell only when it holds a comma, quote, CR
/// or LF; Salesforce rejects spaces around quotes, so nothing else is added.
pub fn encode_row(cells: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(cells.iter().map(|c| c.len() + 1).sum::<usize>() + 1);
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if cell.contains([',', '"', '\n', '\r']) {
            out.push(b'"');
            for b in cell.bytes() {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(cell.as_bytes());
        }
    }
    out.push(b'\n');
    out
}

/// The CSV text of one JSON value.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Null => NULL_CELL.to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        // Multi-select picklists, if they arrive as a list rather than `A;B`.
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => cell(other),
            })
            .collect::<Vec<_>>()
            .join(";"),
        // Objects are flattened into dotted columns before reaching here.
        Value::Object(_) => value.to_string(),
    }
}

fn flatten_into(
    prefix: Option<&str>,
    record: &Map<String, Value>,
    out: &mut Vec<(String, String)>,
) {
    for (key, value) in record {
        if key == "attributes" {
            continue;
        }
        let name = match prefix {
            Some(p) => format!("{p}.{key}"),
            None => key.clone(),
        };
        match value {
            // `{"Account": {"Ext__c": "A-1"}}`: a parent by external id → `Account.Ext__c`.
            Value::Object(inner) => flatten_into(Some(&name), inner, out),
            other => out.push((name, cell(other))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn follows_salesforce_csv_rules() {
        let records = vec![
            map(
                json!({"Name": "Director of Operations, Western Region", "Description": "This is the \"gold\" standard",
                       "Industry": null, "IsActive__c": true, "Colors__c": "Red;Blue",
                       "CloseDate": "2024-02-29", "Seen__c": "2024-02-29T13:05:00.000+0000", "Amount": 12.5}),
            ),
            map(json!({"Name": "Multi\nline", "Account": {"Ext__c": "A-1"}})),
        ];
        let t = CsvTable::from_records(&records);
        assert_eq!(
            t.header,
            [
                "Name",
                "Description",
                "Industry",
                "IsActive__c",
                "Colors__c",
                "CloseDate",
                "Seen__c",
                "Amount",
                "Account.Ext__c"
            ]
        );
        let csv = String::from_utf8(t.to_csv()).unwrap();
        let expected = "Name,Description,Industry,IsActive__c,Colors__c,CloseDate,Seen__c,Amount,Account.Ext__c\n\
\"Director of Operations, Western Region\",\"This is the \"\"gold\"\" standard\",#N/A,true,Red;Blue,2024-02-29,2024-02-29T13:05:00.000+0000,12.5,\n\
\"Multi\nline\",,,,,,,,A-1\n";
        assert_eq!(csv, expected);
    }

    #[test]
    fn multi_select_list_joins_with_semicolon() {
        assert_eq!(cell(&json!(["A", "B", "C"])), "A;B;C");
        assert_eq!(cell(&Value::Null), "#N/A");
        assert_eq!(cell(&json!(false)), "false");
    }

    #[test]
    fn parts_stay_under_the_limit_and_cover_every_row_once() {
        let records: Vec<_> = (0..1000)
            .map(|i| map(json!({"Name": format!("Account {i:04}")})))
            .collect();
        let t = CsvTable::from_records(&records);
        let parts = t.to_parts(1000);
        assert!(parts.len() > 10);
        let mut next = 0;
        for (bytes, range) in &parts {
            assert!(bytes.len() <= 1000, "part of {} bytes", bytes.len());
            assert!(bytes.starts_with(b"Name\n"));
            assert_eq!(range.start, next);
            let lines = bytes.iter().filter(|b| **b == b'\n').count();
            assert_eq!(lines, range.len() + 1);
            next = range.end;
        }
        assert_eq!(next, 1000);
        // Without a limit problem there is one part.
        assert_eq!(t.to_parts(DEFAULT_MAX_PART_BYTES).len(), 1);
    }
}
