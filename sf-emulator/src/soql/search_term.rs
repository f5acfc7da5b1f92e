//! The SOSL search term language inside `FIND {…}`: words (with `*` and `?`
//! wildcards), quoted phrases, implicit AND, `AND`, `OR`, `AND NOT`, and
//! parentheses. Matching is per word token, case-insensitive.

use super::value::{like_match, LikePart};

/// A parsed search term.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// One word pattern (lower-cased, wildcards compiled).
    Word(Vec<LikePart>),
    /// A quoted phrase: consecutive word patterns.
    Phrase(Vec<Vec<LikePart>>),
    /// Both hold.
    And(Box<Term>, Box<Term>),
    /// Either holds.
    Or(Box<Term>, Box<Term>),
    /// The left holds and the right does not.
    AndNot(Box<Term>, Box<Term>),
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Word(String),
    Phrase(String),
    Open,
    Close,
}

fn word_pattern(w: &str) -> Vec<LikePart> {
    w.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '*' => LikePart::Many,
            '?' => LikePart::One,
            c => LikePart::Char(c),
        })
        .collect()
}

/// Splits text into lower-case word tokens (letters, digits, and the
/// characters that commonly sit inside words).
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '\'' | '-')))
        .flat_map(|t| {
            // Keep `a.b@c.com` whole, and also its parts, so both forms match.
            let trimmed = t.trim_matches(|c: char| matches!(c, '.' | '-' | '\''));
            let mut out = vec![trimmed.to_lowercase()];
            if trimmed.contains(['@', '.', '-', '_', '\'']) {
                out.extend(
                    trimmed
                        .split(['@', '.', '-', '_', '\''])
                        .filter(|p| !p.is_empty())
                        .map(str::to_lowercase),
                );
            }
            out
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// Parses the text between the braces; `Err` carries Salesforce's message.
pub fn parse(text: &str) -> Result<Term, String> {
    let mut pieces = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let start = i + 1;
            i = start;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            pieces.push(Piece::Phrase(chars[start..i].iter().collect()));
            i += 1;
        } else if c == '(' || c == ')' {
            pieces.push(if c == '(' { Piece::Open } else { Piece::Close });
            i += 1;
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '(' | ')' | '"')
            {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect();
            let w = w.replace('\\', "");
            pieces.push(Piece::Word(w));
        }
    }
    let meaningful: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::Word(w) | Piece::Phrase(w) => {
                w.chars().filter(|c| *c != '*' && *c != '?').count()
            }
            _ => 0,
        })
        .sum();
    if meaningful < 2 {
        return Err("search term must be longer than one character".into());
    }
    let mut pos = 0;
    let term = or_expr(&pieces, &mut pos)?;
    if pos != pieces.len() {
        return Err("unexpected token in search term".into());
    }
    Ok(term)
}

fn is_op(p: Option<&Piece>, op: &str) -> bool {
    matches!(p, Some(Piece::Word(w)) if w.eq_ignore_ascii_case(op))
}

fn or_expr(p: &[Piece], pos: &mut usize) -> Result<Term, String> {
    let mut left = and_expr(p, pos)?;
    while is_op(p.get(*pos), "OR") {
        *pos += 1;
        left = Term::Or(Box::new(left), Box::new(and_expr(p, pos)?));
    }
    Ok(left)
}

fn and_expr(p: &[Piece], pos: &mut usize) -> Result<Term, String> {
    let mut left = unary(p, pos)?;
    loop {
        match p.get(*pos) {
            None | Some(Piece::Close) => break,
            _ if is_op(p.get(*pos), "OR") => break,
            _ if is_op(p.get(*pos), "AND") && is_op(p.get(*pos + 1), "NOT") => {
                *pos += 2;
                left = Term::AndNot(Box::new(left), Box::new(unary(p, pos)?));
            }
            _ => {
                if is_op(p.get(*pos), "AND") {
                    *pos += 1;
                }
                left = Term::And(Box::new(left), Box::new(unary(p, pos)?));
            }
        }
    }
    Ok(left)
}

fn unary(p: &[Piece], pos: &mut usize) -> Result<Term, String> {
    match p.get(*pos) {
        Some(Piece::Open) => {
            *pos += 1;
            let t = or_expr(p, pos)?;
            if p.get(*pos) != Some(&Piece::Close) {
                return Err("missing ')' in search term".into());
            }
            *pos += 1;
            Ok(t)
        }
        Some(Piece::Word(w)) => {
            *pos += 1;
            Ok(Term::Word(word_pattern(w)))
        }
        Some(Piece::Phrase(s)) => {
            *pos += 1;
            Ok(Term::Phrase(
                tokens(s).iter().map(|w| word_pattern(w)).collect(),
            ))
        }
        _ => Err("unexpected token in search term".into()),
    }
}

/// Whether the tokens of a record's searched fields satisfy the term.
pub fn matches(term: &Term, toks: &[String]) -> bool {
    match term {
        Term::Word(p) => toks.iter().any(|t| like_match(p, t)),
        Term::Phrase(words) => {
            !words.is_empty()
                && toks
                    .windows(words.len())
                    .any(|w| w.iter().zip(words).all(|(t, p)| like_match(p, t)))
        }
        Term::And(a, b) => matches(a, toks) && matches(b, toks),
        Term::Or(a, b) => matches(a, toks) || matches(b, toks),
        Term::AndNot(a, b) => matches(a, toks) && !matches(b, toks),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(term: &str, text: &str) -> bool {
        matches(&parse(term).unwrap(), &tokens(text))
    }

    #[test]
    fn words_phrases_and_operators() {
        assert!(hit("acme", "Acme Corp"));
        assert!(!hit("acm", "Acme Corp"));
        assert!(hit("acm*", "Acme Corp"));
        assert!(hit("ac?e", "ACME"));
        assert!(hit("\"acme corp\"", "The Acme Corp."));
        assert!(!hit("\"corp acme\"", "The Acme Corp."));
        assert!(hit("acme OR globex", "Globex"));
        assert!(!hit("acme globex", "Globex"));
        assert!(hit("acme AND NOT globex", "Acme"));
        assert!(hit("jane@example.com", "jane@example.com"));
        assert!(parse("a").is_err());
    }
}
