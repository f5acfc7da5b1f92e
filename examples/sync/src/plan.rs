//! What a run must write: the source rows that are new to the org or differ
//! from it. Comparing first is what makes a rerun write nothing: an upsert of
//! an unchanged record would still bump its `SystemModstamp` and cost an API
//! call.

use std::collections::HashMap;

use crate::sobjects::Contact;
use crate::source::SourceRow;

/// The writes of one run, and how the rows split.
#[derive(Debug, Default)]
pub struct Plan {
    /// Upsert bodies keyed by `Email`: only the fields the source manages.
    pub writes: Vec<Contact>,
    /// Rows whose email is not in the org.
    pub new: usize,
    /// Rows whose email is in the org with other values.
    pub changed: usize,
    /// Rows the org already matches.
    pub unchanged: usize,
}

/// Compares each row with the org's contact of the same (lower-cased) email.
///
/// A blank cell means the source has no value for that field, so the org's
/// value is left as it is: the source never clears a field.
pub fn plan(rows: &[SourceRow], in_org: &HashMap<String, Contact>) -> Plan {
    let mut plan = Plan::default();
    for row in rows {
        match in_org.get(&row.email) {
            None => plan.new += 1,
            Some(current) if matches(row, current) => {
                plan.unchanged += 1;
                continue;
            }
            Some(_) => plan.changed += 1,
        }
        plan.writes.push(Contact {
            email: Some(row.email.clone()),
            last_name: Some(row.last_name.clone()),
            first_name: row.first_name.clone(),
            title: row.title.clone(),
            phone: row.phone.clone(),
            ..Default::default()
        });
    }
    plan
}

fn matches(row: &SourceRow, current: &Contact) -> bool {
    let same = |source: &Option<String>, org: &Option<String>| source.is_none() || source == org;
    current.last_name.as_deref() == Some(row.last_name.as_str())
        && same(&row.first_name, &current.first_name)
        && same(&row.title, &current.title)
        && same(&row.phone, &current.phone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(email: &str, title: Option<&str>) -> SourceRow {
        SourceRow {
            first_name: Some("Ada".into()),
            last_name: "Lovelace".into(),
            email: email.into(),
            title: title.map(Into::into),
            phone: None,
        }
    }

    fn org(email: &str, title: Option<&str>) -> (String, Contact) {
        let contact = Contact {
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            email: Some(email.into()),
            title: title.map(Into::into),
            phone: Some("+44 20 7946 0001".into()),
            ..Default::default()
        };
        (email.into(), contact)
    }

    #[test]
    fn new_changed_and_unchanged_rows() {
        let in_org = HashMap::from([
            org("a@x.com", Some("Analyst")),
            org("b@x.com", Some("Analyst")),
        ]);
        let rows = [
            row("a@x.com", Some("Analyst")),
            row("b@x.com", Some("Countess")),
            row("c@x.com", None),
        ];
        let p = plan(&rows, &in_org);
        assert_eq!((p.new, p.changed, p.unchanged), (1, 1, 1));
        let emails: Vec<_> = p
            .writes
            .iter()
            .map(|c| c.email.as_deref().unwrap())
            .collect();
        assert_eq!(emails, ["b@x.com", "c@x.com"]);
        assert_eq!(p.writes[0].title.as_deref(), Some("Countess"));
        // The phone is not in the source: the write leaves it out.
        assert_eq!(p.writes[0].phone, None);
    }

    #[test]
    fn a_blank_source_cell_does_not_count_as_a_change() {
        let in_org = HashMap::from([org("a@x.com", Some("Analyst"))]);
        let p = plan(&[row("a@x.com", None)], &in_org);
        assert_eq!((p.new, p.changed, p.unchanged), (0, 0, 1));
        assert!(p.writes.is_empty());
    }
}
