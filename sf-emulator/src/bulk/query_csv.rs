//! Query results as CSV: the columns are the SELECT list's field paths
//! (`Name`, `Account.Name`) in query order, cells read from the JSON records
//! the SOQL engine returns (parents nested), null as an empty cell.

use serde_json::Value;

use super::csv_codec::cell_text;

/// Where a keyword first appears at the top level of a statement (outside
/// parentheses and string literals).
fn top_level_keyword(soql: &str, keyword: &str) -> Option<usize> {
    let bytes = soql.as_bytes();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\\' if quoted => i += 1,
            b'\'' => quoted = !quoted,
            b'(' if !quoted => depth += 1,
            b')' if !quoted => depth -= 1,
            _ if !quoted && depth == 0 => {
                let end = i + keyword.len();
                let boundary_before = i == 0 || !is_word(bytes[i - 1]);
                let boundary_after = end >= bytes.len() || !is_word(bytes[end]);
                if boundary_before
                    && boundary_after
                    && soql
                        .get(i..end)
                        .is_some_and(|w| w.eq_ignore_ascii_case(keyword))
                {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
}

/// The SELECT list's items as written (`Id`, `Account.Name`).
pub fn select_items(soql: &str) -> Vec<String> {
    let Some(select) = top_level_keyword(soql, "select") else {
        return Vec::new();
    };
    let from = top_level_keyword(soql, "from").unwrap_or(soql.len());
    let list = &soql[select + "select".len()..from.max(select + "select".len())];
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(list[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(list[start..].trim().to_owned());
    items.retain(|s| !s.is_empty());
    items
}

/// The object after the top-level FROM.
pub fn from_object(soql: &str) -> Option<String> {
    let from = top_level_keyword(soql, "from")?;
    soql[from + 4..]
        .split_whitespace()
        .next()
        .map(|s| s.trim_end_matches(',').to_owned())
}

/// Follows a dotted path through nested records, names ignoring case; the
/// value and the path with the record's casing.
fn walk<'a>(record: &'a Value, path: &str) -> (Option<&'a Value>, Option<String>) {
    let mut value = record;
    let mut names = Vec::new();
    for step in path.split('.') {
        let Some(map) = value.as_object() else {
            return (None, None);
        };
        let found = map
            .get_key_value(step)
            .or_else(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(step)));
        match found {
            Some((k, v)) => {
                names.push(k.clone());
                value = v;
            }
            None => return (None, None),
        }
    }
    (Some(value), Some(names.join(".")))
}

/// Column names and text rows for query records. A column whose path
/// appears in no record keeps the name as written.
pub fn table(soql: &str, records: &[Value]) -> (Vec<String>, Vec<Vec<String>>) {
    let items = select_items(soql);
    let columns: Vec<String> = items
        .iter()
        .map(|item| {
            records
                .iter()
                .find_map(|r| walk(r, item).1)
                .unwrap_or_else(|| item.clone())
        })
        .collect();
    let rows = records
        .iter()
        .map(|r| {
            items
                .iter()
                .map(|item| walk(r, item).0.map(cell_text).unwrap_or_default())
                .collect()
        })
        .collect();
    (columns, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn select_list_and_object_come_from_the_top_level() {
        let q = "SELECT Id, Account.Name, (SELECT Id FROM Cases), FORMAT(Amount) FROM Contact WHERE Name = 'from, x'";
        assert_eq!(
            select_items(q),
            [
                "Id",
                "Account.Name",
                "(SELECT Id FROM Cases)",
                "FORMAT(Amount)"
            ]
        );
        assert_eq!(from_object(q).as_deref(), Some("Contact"));
        assert_eq!(
            from_object("select id from account").as_deref(),
            Some("account")
        );
    }

    #[test]
    fn records_flatten_into_cells_with_describe_casing() {
        let records = vec![
            json!({"attributes": {"type": "Contact"}, "Id": "003A", "Account": null, "Age__c": 4}),
            json!({"attributes": {"type": "Contact"}, "Id": "003B",
                   "Account": {"attributes": {"type": "Account"}, "Name": "Acme"}, "Age__c": null}),
        ];
        let (columns, rows) = table("select id, account.name, AGE__C from Contact", &records);
        assert_eq!(columns, ["Id", "Account.Name", "Age__c"]);
        assert_eq!(rows, [["003A", "", "4"], ["003B", "Acme", ""]]);
    }
}
