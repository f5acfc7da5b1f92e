//! `SoqlError` and the Salesforce message shapes: positional errors carry the
//! banner Salesforce prints (`\n<line>\n   ^\nERROR at Row:r:Column:c\n<text>`).

use super::lexer::Pos;

/// What a SOQL or SOSL statement failed on, shaped like Salesforce's error body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct SoqlError {
    /// `MALFORMED_QUERY`, `INVALID_FIELD`, `INVALID_TYPE`, `MALFORMED_SEARCH`,
    /// `INVALID_QUERY_FILTER_OPERATOR`, `NUMBER_OUTSIDE_VALID_RANGE`.
    pub code: &'static str,
    /// The message Salesforce would send, position banner included.
    pub message: String,
    /// 1-based row of the offending token (0 when not positional).
    pub row: usize,
    /// 1-based column of the offending token (0 when not positional).
    pub column: usize,
}

pub(crate) const MALFORMED_QUERY: &str = "MALFORMED_QUERY";
pub(crate) const INVALID_FIELD: &str = "INVALID_FIELD";
pub(crate) const INVALID_TYPE: &str = "INVALID_TYPE";
pub(crate) const INVALID_OPERATOR: &str = "INVALID_QUERY_FILTER_OPERATOR";
pub(crate) const OUT_OF_RANGE: &str = "NUMBER_OUTSIDE_VALID_RANGE";
pub(crate) const MALFORMED_SEARCH: &str = "MALFORMED_SEARCH";

const WSDL_HINT: &str =
    "Please reference your WSDL or the describe call for the appropriate names.";

impl SoqlError {
    /// An error at `pos` in `source`, with Salesforce's banner before `text`.
    pub(crate) fn at(code: &'static str, source: &str, pos: Pos, text: impl AsRef<str>) -> Self {
        let line = source.lines().nth(pos.row.saturating_sub(1)).unwrap_or("");
        let caret = " ".repeat(pos.column.saturating_sub(1));
        SoqlError {
            code,
            message: format!(
                "\n{line}\n{caret}^\nERROR at Row:{}:Column:{}\n{}",
                pos.row,
                pos.column,
                text.as_ref()
            ),
            row: pos.row,
            column: pos.column,
        }
    }

    /// An error Salesforce reports without a position banner.
    pub(crate) fn plain(code: &'static str, text: impl Into<String>) -> Self {
        SoqlError {
            code,
            message: text.into(),
            row: 0,
            column: 0,
        }
    }

    pub(crate) fn no_such_column(source: &str, pos: Pos, field: &str, object: &str) -> Self {
        Self::at(
            INVALID_FIELD,
            source,
            pos,
            format!(
                "No such column '{field}' on entity '{object}'. If you are attempting to use a \
                 custom field, be sure to append the '__c' after the custom field name. {WSDL_HINT}"
            ),
        )
    }

    pub(crate) fn bad_relationship(source: &str, pos: Pos, rel: &str) -> Self {
        Self::at(
            INVALID_FIELD,
            source,
            pos,
            format!(
                "Didn't understand relationship '{rel}' in field path. If you are attempting to \
                 use a custom relationship, be sure to append the '__r' after the custom \
                 relationship name. {WSDL_HINT}"
            ),
        )
    }

    pub(crate) fn bad_child_relationship(source: &str, pos: Pos, rel: &str) -> Self {
        Self::at(
            INVALID_TYPE,
            source,
            pos,
            format!(
                "Didn't understand relationship '{rel}' in FROM part of query call. If you are \
                 attempting to use a custom relationship, be sure to append the '__r' after the \
                 custom relationship name. {WSDL_HINT}"
            ),
        )
    }

    pub(crate) fn unknown_object(source: &str, pos: Pos, object: &str) -> Self {
        Self::at(
            INVALID_TYPE,
            source,
            pos,
            format!(
                "sObject type '{object}' is not supported. If you are attempting to use a custom \
                 object, be sure to append the '__c' after the entity name. {WSDL_HINT}"
            ),
        )
    }

    pub(crate) fn unexpected(source: &str, pos: Pos, token: &str) -> Self {
        Self::at(
            MALFORMED_QUERY,
            source,
            pos,
            format!("unexpected token: '{token}'"),
        )
    }
}
