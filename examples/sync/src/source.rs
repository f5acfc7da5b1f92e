//! The source side: one CSV export of contacts, keyed by email.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

/// One CSV row. Column names are the Contact fields they fill.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SourceRow {
    #[serde(rename = "FirstName", deserialize_with = "blank_is_none")]
    pub first_name: Option<String>,
    #[serde(rename = "LastName")]
    pub last_name: String,
    /// The sync key. Lower-cased on read: Salesforce stores emails lower-cased,
    /// so `Ada@Example.com` and `ada@example.com` are one contact.
    #[serde(rename = "Email")]
    pub email: String,
    #[serde(rename = "Title", deserialize_with = "blank_is_none")]
    pub title: Option<String>,
    #[serde(rename = "Phone", deserialize_with = "blank_is_none")]
    pub phone: Option<String>,
}

/// Reads and checks a CSV export: every row needs a last name and an email,
/// and no email may appear twice (an upsert key must pick one record).
pub fn read(path: &Path) -> Result<Vec<SourceRow>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(file).map_err(|e| format!("{}: {e}", path.display()))
}

/// [`read`] over any reader.
pub fn parse(input: impl std::io::Read) -> Result<Vec<SourceRow>, String> {
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(input);
    for (i, row) in reader.deserialize::<SourceRow>().enumerate() {
        // Line 1 is the header.
        let line = i + 2;
        let mut row = row.map_err(|e| format!("line {line}: {e}"))?;
        row.email = row.email.to_lowercase();
        if row.email.is_empty() || row.last_name.is_empty() {
            return Err(format!("line {line}: LastName and Email are required"));
        }
        if !seen.insert(row.email.clone()) {
            return Err(format!("line {line}: {} appears twice", row.email));
        }
        rows.push(row);
    }
    Ok(rows)
}

fn blank_is_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    Ok(s.filter(|s| !s.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_blank_cells_are_none() {
        let rows = parse(
            "FirstName,LastName,Email,Title,Phone\n, Knuth ,Donald.Knuth@Example.com,,\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(
            rows,
            [SourceRow {
                first_name: None,
                last_name: "Knuth".into(),
                email: "donald.knuth@example.com".into(),
                title: None,
                phone: None,
            }]
        );
    }

    #[test]
    fn a_key_twice_is_refused_whatever_its_case() {
        let err = parse(
            "FirstName,LastName,Email,Title,Phone\nA,B,a@x.com,,\nC,D,A@X.com,,\n".as_bytes(),
        )
        .unwrap_err();
        assert_eq!(err, "line 3: a@x.com appears twice");
    }

    #[test]
    fn a_row_without_email_is_refused() {
        let err = parse("FirstName,LastName,Email,Title,Phone\nA,B,,,\n".as_bytes()).unwrap_err();
        assert_eq!(err, "line 2: LastName and Email are required");
    }
}
