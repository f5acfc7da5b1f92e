//! Bulk API 2.0 CSV: the job's column delimiter and line ending, reading
//! uploaded data (with `#N/A` meaning null and empty meaning "leave as is"),
//! and writing result files.

use serde_json::Value;

/// The `columnDelimiter` of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColumnDelimiter {
    /// `BACKQUOTE`: `` ` ``.
    Backquote,
    /// `CARET`: `^`.
    Caret,
    /// `COMMA`: `,` (the default).
    #[default]
    Comma,
    /// `PIPE`: `|`.
    Pipe,
    /// `SEMICOLON`: `;`.
    Semicolon,
    /// `TAB`: a tab.
    Tab,
}

impl ColumnDelimiter {
    /// Parses the API name (`COMMA`, `TAB`, …).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "BACKQUOTE" => Self::Backquote,
            "CARET" => Self::Caret,
            "COMMA" => Self::Comma,
            "PIPE" => Self::Pipe,
            "SEMICOLON" => Self::Semicolon,
            "TAB" => Self::Tab,
            _ => return None,
        })
    }

    /// The API name, as job info shows it.
    pub fn api_name(self) -> &'static str {
        match self {
            Self::Backquote => "BACKQUOTE",
            Self::Caret => "CARET",
            Self::Comma => "COMMA",
            Self::Pipe => "PIPE",
            Self::Semicolon => "SEMICOLON",
            Self::Tab => "TAB",
        }
    }

    fn byte(self) -> u8 {
        match self {
            Self::Backquote => b'`',
            Self::Caret => b'^',
            Self::Comma => b',',
            Self::Pipe => b'|',
            Self::Semicolon => b';',
            Self::Tab => b'\t',
        }
    }
}

/// The `lineEnding` of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEnding {
    /// `LF`: `\n` (the default).
    #[default]
    Lf,
    /// `CRLF`: `\r\n`.
    Crlf,
}

impl LineEnding {
    /// Parses the API name (`LF`, `CRLF`).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "LF" => Some(Self::Lf),
            "CRLF" => Some(Self::Crlf),
            _ => None,
        }
    }

    /// The API name, as job info shows it.
    pub fn api_name(self) -> &'static str {
        match self {
            Self::Lf => "LF",
            Self::Crlf => "CRLF",
        }
    }
}

/// How a job's CSV is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvFormat {
    /// Between cells (`columnDelimiter`).
    pub delimiter: ColumnDelimiter,
    /// Between rows (`lineEnding`).
    pub line_ending: LineEnding,
}

impl LineEnding {
    /// Whether `data` breaks its lines some other way (a CRLF in an LF job,
    /// a bare LF in a CRLF job). Line breaks inside quoted cells count too,
    /// as they do for Salesforce.
    pub fn mismatched_by(self, data: &[u8]) -> bool {
        let has_crlf = data.windows(2).any(|w| w == b"\r\n");
        match self {
            LineEnding::Lf => has_crlf,
            LineEnding::Crlf => data
                .iter()
                .enumerate()
                .any(|(i, &b)| b == b'\n' && (i == 0 || data[i - 1] != b'\r')),
        }
    }

    /// Salesforce's `errorMessage` for a job whose data breaks lines otherwise.
    pub fn mismatch_message(self) -> String {
        format!(
            "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is {}",
            self.api_name()
        )
    }
}

/// Uploaded CSV: the header row and the data rows, cells as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvTable {
    /// Column names, from the first row.
    pub headers: Vec<String>,
    /// Data rows, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
}

/// The value Salesforce reads `#N/A` as: an explicit null.
pub const NULL_MARKER: &str = "#N/A";

/// Reads one upload. Every row must have as many cells as the header; the
/// error text is what the job's `errorMessage` shows.
pub fn parse(format: CsvFormat, data: &[u8]) -> Result<CsvTable, String> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(format.delimiter.byte())
        .has_headers(true)
        .flexible(true)
        .from_reader(data);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("InvalidBatch : Failed to parse CSV header: {e}"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err("InvalidBatch : The CSV header is empty".to_owned());
    }
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("InvalidBatch : Failed to parse CSV: {e}"))?;
        if record.len() == 1 && record.get(0) == Some("") {
            continue; // a blank line
        }
        if record.len() != headers.len() {
            return Err(format!(
                "InvalidBatch : Field count mismatch on row {}: expected {}, found {}",
                n + 1,
                headers.len(),
                record.len()
            ));
        }
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(CsvTable { headers, rows })
}

/// Writes a result file: every cell quoted, as Salesforce's result files are.
pub fn write<'a>(
    format: CsvFormat,
    headers: &[String],
    rows: impl IntoIterator<Item = &'a [String]>,
) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(format.delimiter.byte())
        .quote_style(csv::QuoteStyle::Always)
        .terminator(match format.line_ending {
            LineEnding::Lf => csv::Terminator::Any(b'\n'),
            LineEnding::Crlf => csv::Terminator::CRLF,
        })
        .from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    writer.write_record(headers).expect("write to memory");
    for row in rows {
        writer.write_record(row).expect("write to memory");
    }
    writer.into_inner().expect("flush to memory")
}

/// The text a query result cell shows for a JSON value: empty for null.
pub fn cell_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_the_job_delimiter_and_either_line_ending() {
        let format = CsvFormat {
            delimiter: ColumnDelimiter::Pipe,
            line_ending: LineEnding::Crlf,
        };
        let t = parse(format, b"Name|Phone\r\n\"Acme | Co\"|#N/A\r\nGlobex|\r\n").unwrap();
        assert_eq!(t.headers, ["Name", "Phone"]);
        assert_eq!(t.rows, [["Acme | Co", "#N/A"], ["Globex", ""]]);
        let t = parse(CsvFormat::default(), b"Name\nA\n\nB").unwrap();
        assert_eq!(t.rows, [["A"], ["B"]]);
    }

    #[test]
    fn a_short_row_is_an_error() {
        let e = parse(CsvFormat::default(), b"Name,Phone\nA\n").unwrap_err();
        assert!(e.contains("row 1"), "{e}");
    }

    #[test]
    fn writes_quoted_cells_with_the_job_line_ending() {
        let format = CsvFormat {
            delimiter: ColumnDelimiter::Semicolon,
            line_ending: LineEnding::Crlf,
        };
        let headers = vec!["sf__Id".to_owned(), "Name".to_owned()];
        let row = vec!["001".to_owned(), "a \"b\"".to_owned()];
        let out = write(format, &headers, [row.as_slice()]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"sf__Id\";\"Name\"\r\n\"001\";\"a \"\"b\"\"\"\r\n"
        );
    }

    #[test]
    fn line_endings_other_than_the_jobs_are_noticed() {
        assert!(LineEnding::Lf.mismatched_by(b"Name\r\nA\r\n"));
        assert!(!LineEnding::Lf.mismatched_by(b"Name\nA\n"));
        assert!(LineEnding::Crlf.mismatched_by(b"Name\r\nA\n"));
        assert!(!LineEnding::Crlf.mismatched_by(b"Name\r\nA\r\n"));
    }

    #[test]
    fn delimiters_round_trip_their_names() {
        for name in ["BACKQUOTE", "CARET", "COMMA", "PIPE", "SEMICOLON", "TAB"] {
            assert_eq!(ColumnDelimiter::parse(name).unwrap().api_name(), name);
        }
        assert_eq!(ColumnDelimiter::parse("comma"), None);
        assert_eq!(LineEnding::parse("CRLF"), Some(LineEnding::Crlf));
    }
}
