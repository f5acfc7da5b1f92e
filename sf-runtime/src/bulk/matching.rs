//! Matching Bulk API 2.0 result rows back to the records that produced them.
//!
//! Result files are not in input order and carry no row number; they echo the
//! columns that were uploaded. A row is therefore matched by a key column that is
//! unique in the input (`Id` for update/delete, the external id for upsert) or, failing
//! that, by the whole echoed row. Identical input rows are interchangeable, so giving
//! them out first-come is exact in every observable way.

use std::collections::{HashMap, VecDeque};

use super::csv_read::{parse_bulk_error, CsvRows};
use super::csv_write::CsvTable;
use crate::collections::{RecordError, RecordOutcome};
use crate::types::Id;

/// Assigns result rows to input rows; each input row is assigned at most once.
pub struct Matcher<'a> {
    input: &'a CsvTable,
    key_column: Option<usize>,
    assigned: Vec<bool>,
    /// Per set of echoed columns, the unassigned inputs by key.
    pools: HashMap<Vec<usize>, HashMap<String, VecDeque<usize>>>,
    /// Result rows that matched no input (a server echoing something else).
    pub unmatched_rows: usize,
}

impl<'a> Matcher<'a> {
    /// `key_column` names a column to match on when its values are unique and non-empty
    /// in the input; otherwise whole rows are compared.
    pub fn new(input: &'a CsvTable, key_column: Option<&str>) -> Self {
        let key_column = key_column
            .and_then(|name| position(&input.header, name))
            .filter(|&col| {
                let mut seen = std::collections::HashSet::with_capacity(input.rows.len());
                input
                    .rows
                    .iter()
                    .all(|r| !r[col].is_empty() && seen.insert(r[col].as_str()))
            });
        Matcher {
            input,
            key_column,
            assigned: vec![false; input.rows.len()],
            pools: HashMap::new(),
            unmatched_rows: 0,
        }
    }

    /// The input row a result row came from, given the result's header.
    fn take(&mut self, result_header: &[String], row: &[String]) -> Option<usize> {
        // Which input columns the result echoes, and where.
        let echoed: Vec<(usize, usize)> = match self.key_column {
            Some(col) => position(result_header, &self.input.header[col])
                .map(|r| vec![(col, r)])
                .unwrap_or_default(),
            None => self
                .input
                .header
                .iter()
                .enumerate()
                .filter_map(|(i, h)| position(result_header, h).map(|r| (i, r)))
                .collect(),
        };
        let echoed = if echoed.is_empty() {
            // A key column the server did not echo: fall back to whole rows.
            self.input
                .header
                .iter()
                .enumerate()
                .filter_map(|(i, h)| position(result_header, h).map(|r| (i, r)))
                .collect()
        } else {
            echoed
        };
        let input_cols: Vec<usize> = echoed.iter().map(|(i, _)| *i).collect();
        let input = self.input;
        let pool = self.pools.entry(input_cols.clone()).or_insert_with(|| {
            let mut pool: HashMap<String, VecDeque<usize>> =
                HashMap::with_capacity(input.rows.len());
            for (idx, r) in input.rows.iter().enumerate() {
                pool.entry(join(input_cols.iter().map(|&c| r[c].as_str())))
                    .or_default()
                    .push_back(idx);
            }
            pool
        });
        let key = join(
            echoed
                .iter()
                .map(|&(_, r)| row.get(r).map_or("", String::as_str)),
        );
        let queue = pool.get_mut(&key)?;
        while let Some(idx) = queue.pop_front() {
            if !self.assigned[idx] {
                self.assigned[idx] = true;
                return Some(idx);
            }
        }
        None
    }

    /// Reads the successful-results file into `out` (indexed like the input).
    pub fn successes<T>(
        &mut self,
        results: &CsvRows,
        offset: usize,
        out: &mut [Option<RecordOutcome<T>>],
    ) {
        let id_col = results.column("sf__Id");
        let created_col = results.column("sf__Created");
        for row in &results.rows {
            let Some(idx) = self.take(&results.header, row) else {
                self.unmatched_rows += 1;
                continue;
            };
            let id = id_col
                .map(|c| row[c].as_str())
                .filter(|s| !s.is_empty())
                .and_then(|s| Id::<T>::parse(s).ok());
            let created = created_col.map(|c| row[c].eq_ignore_ascii_case("true"));
            out[idx] = Some(RecordOutcome::succeeded(offset + idx, id, created));
        }
    }

    /// Reads the failed-results file into `out`.
    pub fn failures<T>(
        &mut self,
        results: &CsvRows,
        offset: usize,
        out: &mut [Option<RecordOutcome<T>>],
    ) {
        let error_col = results.column("sf__Error");
        for row in &results.rows {
            let Some(idx) = self.take(&results.header, row) else {
                self.unmatched_rows += 1;
                continue;
            };
            let error = error_col
                .map(|c| parse_bulk_error(&row[c]))
                .unwrap_or_else(|| RecordError::new("UNKNOWN_ERROR", "failed without sf__Error"));
            out[idx] = Some(RecordOutcome::failed(offset + idx, vec![error]));
        }
    }

    /// Reads the unprocessed-records file: each becomes a failure with `reason`.
    pub fn unprocessed<T>(
        &mut self,
        results: &CsvRows,
        offset: usize,
        reason: &RecordError,
        out: &mut [Option<RecordOutcome<T>>],
    ) {
        for row in &results.rows {
            let Some(idx) = self.take(&results.header, row) else {
                self.unmatched_rows += 1;
                continue;
            };
            out[idx] = Some(RecordOutcome::failed(offset + idx, vec![reason.clone()]));
        }
    }
}

/// Fills every input row no result mentioned with a failure carrying `reason`, so no
/// record is lost.
pub fn complete<T>(
    out: Vec<Option<RecordOutcome<T>>>,
    offset: usize,
    reason: &RecordError,
) -> Vec<RecordOutcome<T>> {
    out.into_iter()
        .enumerate()
        .map(|(i, o)| o.unwrap_or_else(|| RecordOutcome::failed(offset + i, vec![reason.clone()])))
        .collect()
}

fn position(header: &[String], name: &str) -> Option<usize> {
    header
        .iter()
        .position(|h| h == name)
        .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(name)))
}

fn join<'s>(cells: impl Iterator<Item = &'s str>) -> String {
    let mut key = String::new();
    for (i, c) in cells.enumerate() {
        if i > 0 {
            key.push('\u{1f}');
        }
        key.push_str(c);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collections::Outcome;

    struct Account;

    fn table(header: &[&str], rows: &[&[&str]]) -> CsvTable {
        CsvTable {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn matches_shuffled_results_by_whole_row_and_duplicates_once_each() {
        let input = table(
            &["Name", "Phone"],
            &[&["A", "1"], &["B", "2"], &["A", "1"], &["C", "#N/A"]],
        );
        let ok = CsvRows::parse(
            b"sf__Id,sf__Created,Name,Phone\n001000000000003AAA,true,A,1\n001000000000002AAA,true,B,2\n001000000000001AAA,true,A,1\n",
        )
        .unwrap();
        let failed = CsvRows::parse(
            b"sf__Id,sf__Error,Name,Phone\n,INVALID_FIELD:bad phone:Phone --,C,#N/A\n",
        )
        .unwrap();
        let mut m = Matcher::new(&input, None);
        let mut out: Vec<Option<RecordOutcome<Account>>> = vec![None, None, None, None];
        m.successes(&ok, 100, &mut out);
        m.failures(&failed, 100, &mut out);
        let out = complete(out, 100, &RecordError::new("NOT_PROCESSED", ""));
        assert_eq!(
            out.iter().map(|o| o.index).collect::<Vec<_>>(),
            [100, 101, 102, 103]
        );
        assert_eq!(out[1].id().unwrap().as_str(), "001000000000002AAA");
        // The two identical "A" rows each got one of the two A results.
        let mut a_ids: Vec<_> = [&out[0], &out[2]]
            .iter()
            .map(|o| o.id().unwrap().as_str().to_owned())
            .collect();
        a_ids.sort();
        assert_eq!(a_ids, ["001000000000001AAA", "001000000000003AAA"]);
        match &out[3].outcome {
            Outcome::Failed { errors } => {
                assert_eq!(errors[0].code, "INVALID_FIELD");
                assert_eq!(errors[0].fields, ["Phone"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(m.unmatched_rows, 0);
    }

    #[test]
    fn matches_by_unique_key_and_reports_missing_rows() {
        let input = table(
            &["Ext__c", "Name"],
            &[&["E1", "x"], &["E2", "x"], &["E3", "y"]],
        );
        // The server echoes a different Name casing: the key column alone decides.
        let ok = CsvRows::parse(b"sf__Id,sf__Created,Ext__c,Name\n001000000000002AAA,false,E2,X\n")
            .unwrap();
        let unprocessed = CsvRows::parse(b"Ext__c,Name\nE3,y\n").unwrap();
        let mut m = Matcher::new(&input, Some("Ext__c"));
        let mut out: Vec<Option<RecordOutcome<Account>>> = vec![None, None, None];
        m.successes(&ok, 0, &mut out);
        m.unprocessed(
            &unprocessed,
            0,
            &RecordError::new("NOT_PROCESSED", "job aborted"),
            &mut out,
        );
        let out = complete(out, 0, &RecordError::new("MISSING_RESULT", "no result row"));
        assert_eq!(
            out[1].outcome,
            Outcome::Succeeded {
                id: Some(Id::parse("001000000000002AAA").unwrap()),
                created: Some(false)
            }
        );
        assert_eq!(out[2].errors()[0].code, "NOT_PROCESSED");
        assert_eq!(out[0].errors()[0].code, "MISSING_RESULT");
    }

    #[test]
    fn a_result_row_is_never_assigned_twice() {
        let input = table(&["Name"], &[&["A"]]);
        let ok = CsvRows::parse(
            b"sf__Id,sf__Created,Name\n001000000000001AAA,true,A\n001000000000002AAA,true,A\n",
        )
        .unwrap();
        let mut m = Matcher::new(&input, None);
        let mut out: Vec<Option<RecordOutcome<Account>>> = vec![None];
        m.successes(&ok, 0, &mut out);
        assert_eq!(m.unmatched_rows, 1);
        assert_eq!(
            out[0].as_ref().unwrap().id().unwrap().as_str(),
            "001000000000001AAA"
        );
    }
}
