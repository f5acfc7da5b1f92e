//! Typed comparison of stored canonical JSON against compiled literals:
//! text compares case-insensitively, ids exactly (18-character form), dates
//! and datetimes as their canonical strings (which sort chronologically).

use std::cmp::Ordering;
use std::collections::HashSet;

use serde_json::Value;

/// How a field's values compare, from its describe type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// string, textarea, email, phone, url, picklist, combobox.
    Text,
    /// id and reference: exact 18-character comparison.
    Id,
    /// int, double, currency, percent.
    Number,
    /// boolean.
    Bool,
    /// date: canonical `YYYY-MM-DD`.
    Date,
    /// datetime: canonical `YYYY-MM-DDTHH:MM:SS.sss+0000`.
    DateTime,
    /// time.
    Time,
    /// multipicklist: `A;B`.
    Multi,
    /// A field of an object outside the schema, or a compound: compared by JSON type.
    Any,
}

impl Kind {
    /// The kind of a describe field type.
    pub fn of(field_type: &str) -> Kind {
        match field_type {
            "string" | "textarea" | "email" | "phone" | "url" | "picklist" | "combobox"
            | "encryptedstring" => Kind::Text,
            "id" | "reference" => Kind::Id,
            "double" | "currency" | "percent" | "int" | "long" => Kind::Number,
            "boolean" => Kind::Bool,
            "date" => Kind::Date,
            "datetime" => Kind::DateTime,
            "time" => Kind::Time,
            "multipicklist" => Kind::Multi,
            _ => Kind::Any,
        }
    }
}

/// A compiled right-hand side.
#[derive(Debug, Clone)]
pub enum Rhs {
    /// `null`.
    Null,
    /// Text, compared case-insensitively.
    Text(String),
    /// An 18-character id.
    Id(String),
    /// A number.
    Num(f64),
    /// A boolean.
    Bool(bool),
    /// A canonical date or datetime string.
    Stamp(String),
    /// A date literal: `[start, end)` as canonical strings.
    Range(String, String),
    /// A LIKE pattern.
    Like(Vec<LikePart>),
    /// A multi-select value: its lower-cased parts.
    Multi(Vec<String>),
    /// An IN / INCLUDES list.
    List(Vec<Rhs>),
    /// Semi-join results: 18-character ids.
    IdSet(HashSet<String>),
}

/// One element of a LIKE pattern (literal text is lower-cased).
#[derive(Debug, Clone, PartialEq)]
pub enum LikePart {
    /// Literal character.
    Char(char),
    /// `_`
    One,
    /// `%`
    Many,
}

/// Compiles a LIKE pattern from the raw string text (escapes still in place).
pub fn like_pattern(raw: &str) -> Vec<LikePart> {
    let mut out = Vec::new();
    let mut it = raw.chars();
    while let Some(c) = it.next() {
        match c {
            '%' => out.push(LikePart::Many),
            '_' => out.push(LikePart::One),
            '\\' => {
                let e = it.next().unwrap_or('\\');
                let lit = match e {
                    'n' | 'N' => '\n',
                    'r' | 'R' => '\r',
                    't' | 'T' => '\t',
                    'b' | 'B' => '\u{8}',
                    'f' | 'F' => '\u{c}',
                    other => other,
                };
                out.extend(lit.to_lowercase().map(LikePart::Char));
            }
            c => out.extend(c.to_lowercase().map(LikePart::Char)),
        }
    }
    out
}

/// Case-insensitive LIKE match.
pub fn like_match(pattern: &[LikePart], text: &str) -> bool {
    let t: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    // Classic two-pointer wildcard match with backtracking to the last `%`.
    let (mut p, mut s) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while s < t.len() {
        match pattern.get(p) {
            Some(LikePart::Char(c)) if *c == t[s] => {
                p += 1;
                s += 1;
            }
            Some(LikePart::One) => {
                p += 1;
                s += 1;
            }
            Some(LikePart::Many) => {
                star = Some((p, s));
                p += 1;
            }
            _ => match star {
                Some((sp, ss)) => {
                    p = sp + 1;
                    s = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|x| *x == LikePart::Many)
}

/// Case-insensitive ordering of two strings without allocating. Salesforce's
/// English-locale collation compares the upper-cased UTF-8 values.
pub fn ci_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        for (p, q) in x.iter().zip(y) {
            match p.to_ascii_uppercase().cmp(&q.to_ascii_uppercase()) {
                Ordering::Equal => continue,
                o => return o,
            }
        }
        return x.len().cmp(&y.len());
    }
    a.chars()
        .flat_map(char::to_uppercase)
        .cmp(b.chars().flat_map(char::to_uppercase))
}

fn multi_parts(s: &str) -> Vec<String> {
    s.split(';')
        .map(|p| p.trim().to_lowercase())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Compiles a multi-select literal (`'A;B'`).
pub fn multi_rhs(s: &str) -> Rhs {
    let mut parts = multi_parts(s);
    parts.sort();
    parts.dedup();
    Rhs::Multi(parts)
}

/// Whether a stored value equals a compiled value.
pub fn equals(v: &Value, rhs: &Rhs) -> bool {
    match (v, rhs) {
        (_, Rhs::List(items)) => items.iter().any(|r| equals(v, r)),
        (Value::Null, Rhs::Null) => true,
        (Value::Null, _) | (_, Rhs::Null) => false,
        (Value::String(s), Rhs::Text(t)) => ci_cmp(s, t) == Ordering::Equal,
        (Value::String(s), Rhs::Id(t)) => s == t,
        (Value::String(s), Rhs::Stamp(t)) => s == t,
        (Value::String(s), Rhs::Range(a, b)) => s.as_str() >= a.as_str() && s.as_str() < b.as_str(),
        (Value::String(s), Rhs::Multi(parts)) => {
            let mut have = multi_parts(s);
            have.sort();
            have.dedup();
            &have == parts
        }
        (Value::Number(n), Rhs::Num(x)) => n.as_f64() == Some(*x),
        (Value::Bool(b), Rhs::Bool(x)) => b == x,
        (Value::String(s), Rhs::IdSet(set)) => set.contains(s.as_str()),
        _ => false,
    }
}

/// Orders a stored value against a compiled one; `None` when incomparable.
pub fn compare(v: &Value, rhs: &Rhs) -> Option<Ordering> {
    match (v, rhs) {
        (Value::String(s), Rhs::Text(t)) => Some(ci_cmp(s, t)),
        (Value::String(s), Rhs::Id(t)) | (Value::String(s), Rhs::Stamp(t)) => {
            Some(s.as_str().cmp(t.as_str()))
        }
        (Value::Number(n), Rhs::Num(x)) => n.as_f64()?.partial_cmp(x),
        (Value::Bool(b), Rhs::Bool(x)) => Some(b.cmp(x)),
        _ => None,
    }
}

/// Whether a multi-select value contains every part of `wanted`.
pub fn includes(v: &Value, wanted: &Rhs) -> bool {
    let Value::String(s) = v else {
        return false;
    };
    let have = multi_parts(s);
    let Rhs::List(items) = wanted else {
        return false;
    };
    items.iter().any(|item| match item {
        Rhs::Multi(parts) => parts.iter().all(|p| have.contains(p)),
        _ => false,
    })
}

/// A sortable form of a value: nulls are handled by the caller.
pub fn sort_cmp(a: &Value, b: &Value, kind: Kind) -> Ordering {
    match (a, b) {
        (Value::String(x), Value::String(y)) => match kind {
            Kind::Text | Kind::Multi | Kind::Any => ci_cmp(x, y),
            _ => x.cmp(y),
        },
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_is_case_insensitive_with_wildcards() {
        let p = like_pattern("ac%e_");
        assert!(like_match(&p, "ACME!"));
        assert!(like_match(&p, "acxxxe1"));
        assert!(!like_match(&p, "acme"));
        let escaped = like_pattern(r"50\%%");
        assert!(like_match(&escaped, "50% off"));
        assert!(!like_match(&escaped, "500 off"));
        assert!(like_match(&like_pattern("%"), ""));
    }

    #[test]
    fn multi_select_equality_ignores_order() {
        assert!(equals(&Value::from("B;A"), &multi_rhs("a;b")));
        assert!(!equals(&Value::from("A"), &multi_rhs("a;b")));
        let list = Rhs::List(vec![multi_rhs("A;C"), multi_rhs("B")]);
        assert!(includes(&Value::from("A;B"), &list));
        assert!(!includes(&Value::from("A"), &list));
    }
}
