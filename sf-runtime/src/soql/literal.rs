//! SOQL literals: values become `Literal`s when a condition is built, and are escaped
//! when rendered, so a user string can never end a quoted literal early.
//!
//! `ValueFor<T>` decides which Rust values may be compared with a field holding `T`
//! (a `&str` with a text field, an `i32` with a `Decimal` field, a date literal with a
//! date field, …); a value of the wrong type does not compile.

use crate::types::{Date, DateTime, Decimal, Id, MultiPicklist, Picklist, Time};

/// A value in a SOQL statement, before escaping.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `TRUE` / `FALSE`
    Bool(bool),
    /// Already in SOQL number syntax (`42`, `-1.5`).
    Number(String),
    /// Quoted and escaped when rendered.
    String(String),
    /// `LIKE` pattern: escaped like a string, except `%` and `_` stay wildcards.
    Pattern(String),
    /// Unquoted date, datetime or time (`2024-01-31`, `2024-01-31T10:00:00Z`).
    Temporal(String),
    /// A date literal (`TODAY`, `LAST_N_DAYS:30`), never quoted.
    DateLiteral(String),
}

/// Escapes a string for a single-quoted SOQL literal (without the quotes).
pub fn escape_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c => out.push(c),
        }
    }
}

/// `'…'` with every special character escaped.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    escape_into(&mut out, value);
    out.push('\'');
    out
}

/// Makes `value` match itself inside a `LIKE` pattern: `%`, `_` and `\\` get a
/// backslash. Quotes are left to the rendering of the pattern.
pub fn escape_like(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Literal {
    /// Appends the literal in SOQL syntax, quoted and escaped as its variant needs.
    ///
    /// ```
    /// use sf_runtime::soql::Literal;
    ///
    /// let mut out = String::new();
    /// Literal::String("O'Brien".into()).render_into(&mut out);
    /// assert_eq!(out, r"'O\'Brien'");
    /// ```
    pub fn render_into(&self, out: &mut String) {
        match self {
            Literal::Null => out.push_str("null"),
            Literal::Bool(true) => out.push_str("TRUE"),
            Literal::Bool(false) => out.push_str("FALSE"),
            Literal::Number(n) | Literal::Temporal(n) | Literal::DateLiteral(n) => out.push_str(n),
            Literal::String(s) => {
                out.push('\'');
                escape_into(out, s);
                out.push('\'');
            }
            Literal::Pattern(p) => {
                // In a pattern `\%`, `\_` and `\\` are escapes the caller wrote on purpose
                // (literal `%`, `_`, backslash) and pass through; a lone backslash is a
                // literal one; everything else is escaped as in a string.
                out.push('\'');
                let mut chars = p.chars().peekable();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' if matches!(chars.peek(), Some('%' | '_' | '\\')) => {
                            out.push('\\');
                            out.push(chars.next().expect("peeked"));
                        }
                        c => escape_into(out, c.encode_utf8(&mut [0; 4])),
                    }
                }
                out.push('\'');
            }
        }
    }
}

/// A Rust value that has a SOQL literal form.
pub trait ToSoqlLiteral {
    /// The value as a literal.
    fn to_soql_literal(&self) -> Literal;
}

impl<T: ToSoqlLiteral + ?Sized> ToSoqlLiteral for &T {
    fn to_soql_literal(&self) -> Literal {
        (**self).to_soql_literal()
    }
}

impl ToSoqlLiteral for str {
    fn to_soql_literal(&self) -> Literal {
        Literal::String(self.to_owned())
    }
}

impl ToSoqlLiteral for String {
    fn to_soql_literal(&self) -> Literal {
        Literal::String(self.clone())
    }
}

impl ToSoqlLiteral for bool {
    fn to_soql_literal(&self) -> Literal {
        Literal::Bool(*self)
    }
}

macro_rules! integer_literal {
    ($($t:ty),*) => {$(
        impl ToSoqlLiteral for $t {
            fn to_soql_literal(&self) -> Literal {
                Literal::Number(self.to_string())
            }
        }
    )*};
}
integer_literal!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl ToSoqlLiteral for f64 {
    /// Plain decimal notation (SOQL has no exponent syntax); non-finite values become null.
    fn to_soql_literal(&self) -> Literal {
        if !self.is_finite() {
            return Literal::Null;
        }
        match Decimal::from_f64_retain(*self) {
            Some(d) if self.fract() != 0.0 || self.abs() < 1e15 => {
                // Shortest text that round-trips, then through Decimal to drop any exponent.
                let text = format!("{self}");
                let exact = text.parse::<Decimal>().unwrap_or(d);
                Literal::Number(exact.normalize().to_string())
            }
            _ => Literal::Number(format!("{self:.0}")),
        }
    }
}

impl ToSoqlLiteral for f32 {
    fn to_soql_literal(&self) -> Literal {
        f64::from(*self).to_soql_literal()
    }
}

impl ToSoqlLiteral for Decimal {
    fn to_soql_literal(&self) -> Literal {
        Literal::Number(self.normalize().to_string())
    }
}

impl ToSoqlLiteral for Date {
    fn to_soql_literal(&self) -> Literal {
        Literal::Temporal(self.to_string())
    }
}

impl ToSoqlLiteral for DateTime {
    /// `YYYY-MM-DDThh:mm:ssZ` (UTC), with milliseconds only when there are some.
    fn to_soql_literal(&self) -> Literal {
        let utc = self.utc();
        let format = if utc.timestamp_subsec_millis() == 0 {
            "%Y-%m-%dT%H:%M:%SZ"
        } else {
            "%Y-%m-%dT%H:%M:%S%.3fZ"
        };
        Literal::Temporal(utc.format(format).to_string())
    }
}

impl ToSoqlLiteral for Time {
    fn to_soql_literal(&self) -> Literal {
        Literal::Temporal(self.to_string())
    }
}

impl<T> ToSoqlLiteral for Id<T> {
    fn to_soql_literal(&self) -> Literal {
        Literal::String(self.as_str().to_owned())
    }
}

impl<P: Picklist> ToSoqlLiteral for MultiPicklist<P> {
    fn to_soql_literal(&self) -> Literal {
        Literal::String(self.to_api_value())
    }
}

/// Picklist values compare as their API value.
pub fn picklist_literal<P: Picklist>(value: &P) -> Literal {
    Literal::String(value.as_api_value().to_owned())
}

/// `Self` may be compared with (or assigned to) a field holding `T`.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` cannot be compared with a field of type `{T}`",
    label = "wrong value type for this field",
    note = "the value must have the field's type (`{T}`) or convert to it (`&str` for text, integers for numbers, `DateLiteral` for dates)"
)]
pub trait ValueFor<T> {
    /// The value as a literal for a field holding `T`.
    fn to_literal(&self) -> Literal;
}

macro_rules! value_for_itself {
    ($($t:ty),*) => {$(
        impl ValueFor<$t> for $t {
            fn to_literal(&self) -> Literal { self.to_soql_literal() }
        }
        impl ValueFor<$t> for &$t {
            fn to_literal(&self) -> Literal { (**self).to_soql_literal() }
        }
    )*};
}
value_for_itself!(String, bool, i32, i64, f64, Decimal, Date, DateTime, Time);

impl ValueFor<String> for &str {
    fn to_literal(&self) -> Literal {
        (*self).to_soql_literal()
    }
}

impl ValueFor<String> for char {
    fn to_literal(&self) -> Literal {
        Literal::String(self.to_string())
    }
}

macro_rules! number_into {
    ($target:ty: $($t:ty),*) => {$(
        impl ValueFor<$target> for $t {
            fn to_literal(&self) -> Literal { self.to_soql_literal() }
        }
    )*};
}
number_into!(Decimal: i32, i64, u32, u64, f64);
number_into!(f64: i32, i64, u32);
number_into!(i64: i32, u32);

impl<T> ValueFor<Id<T>> for Id<T> {
    fn to_literal(&self) -> Literal {
        self.to_soql_literal()
    }
}

impl<T> ValueFor<Id<T>> for &Id<T> {
    fn to_literal(&self) -> Literal {
        (**self).to_soql_literal()
    }
}

impl<P: Picklist> ValueFor<MultiPicklist<P>> for MultiPicklist<P> {
    fn to_literal(&self) -> Literal {
        self.to_soql_literal()
    }
}

/// One value of a multi-select picklist, for `includes`/`excludes`.
impl<P: Picklist> ValueFor<MultiPicklist<P>> for P {
    fn to_literal(&self) -> Literal {
        picklist_literal(self)
    }
}

impl<P: Picklist> ValueFor<P> for P {
    fn to_literal(&self) -> Literal {
        picklist_literal(self)
    }
}

impl<P: Picklist> ValueFor<P> for &P {
    fn to_literal(&self) -> Literal {
        picklist_literal(*self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(l: Literal) -> String {
        let mut s = String::new();
        l.render_into(&mut s);
        s
    }

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(quote("O'Brien"), r"'O\'Brien'");
        assert_eq!(quote("a\\b"), r"'a\\b'");
        assert_eq!(quote("x\"y\n\r\t\u{8}\u{c}"), r#"'x\"y\n\r\t\b\f'"#);
        assert_eq!(quote("50%_off"), "'50%_off'");
        assert_eq!(escape_like("50%_off"), r"50\%\_off");
    }

    #[test]
    fn numbers_have_no_exponent() {
        assert_eq!(render(1e20f64.to_soql_literal()), "100000000000000000000");
        assert_eq!(render(0.1f64.to_soql_literal()), "0.1");
        assert_eq!(render((-2.5f64).to_soql_literal()), "-2.5");
        assert_eq!(render(f64::NAN.to_soql_literal()), "null");
    }

    #[test]
    fn pattern_keeps_wildcards_and_escapes_quotes() {
        assert_eq!(render(Literal::Pattern("O'B%".into())), r"'O\'B%'");
        assert_eq!(render(Literal::Pattern(r"100\%".into())), r"'100\%'");
    }
}
