//! The SOSL search term language inside `FIND {…}`: words (with `*` and `?`
//! wildcards), quoted phrases, implicit AND, `AND`, `OR`, `AND NOT`, and
//! parentheses. Matching is per word token, case-insensitive.

use super::value::{like_match, LikePart};

/// A parsed search term. Chains are flat lists, so a term of many words is
/// a wide tree, never a deep one (matching and dropping recurse).
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// One word pattern (lower-cased, wildcards compiled).
    Word(Vec<LikePart>),
    /// A quoted phrase: consecutive word patterns.
    Phrase(Vec<Vec<LikePart>>),
    /// All hold (`a b`, `a AND b`; `a AND NOT b` is `[a, Not(b)]`).
    And(Vec<Term>),
    /// One holds.
    Or(Vec<Term>),
    /// The term does not hold (only after `AND NOT`).
    Not(Box<Term>),
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
        } else if (c == '(' || c == ')') && !(i > 0 && chars[i - 1] == '\\') {
            pieces.push(if c == '(' { Piece::Open } else { Piece::Close });
            i += 1;
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '(' | ')' | '"')
            {
                // `\(`, `"`, `\`…: an escaped reserved character is part of the word.
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            let i_end = i.min(chars.len());
            i = i_end;
            let w: String = chars[start..i].iter().collect();
            let w = w.replace('\\', "");
            // Punctuation inside a word (escaped or not) separates words in the
            // index too: such a word is searched as the phrase of its parts.
            let plain = w.chars().all(|c| {
                c.is_alphanumeric() || matches!(c, '*' | '?' | '@' | '.' | '_' | '\'' | '-')
            });
            // Punctuation alone (`\&`) is not indexed: it searches nothing.
            if plain {
                pieces.push(Piece::Word(w));
            } else if !tokens(&w).is_empty() {
                pieces.push(Piece::Phrase(w));
            }
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
    let mut parser = TermParser {
        pieces: &pieces,
        pos: 0,
        depth: 0,
    };
    let term = parser.or_expr()?;
    if parser.pos != pieces.len() {
        return Err("unexpected token in search term".into());
    }
    Ok(term)
}

/// Parentheses a search term may nest, like SOQL's
/// [`MAX_NESTING`](super::MAX_NESTING): the parser recurses per level.
const MAX_TERM_NESTING: usize = super::MAX_NESTING;

struct TermParser<'p> {
    pieces: &'p [Piece],
    pos: usize,
    depth: usize,
}

impl TermParser<'_> {
    fn at_op(&self, offset: usize, op: &str) -> bool {
        matches!(self.pieces.get(self.pos + offset), Some(Piece::Word(w)) if w.eq_ignore_ascii_case(op))
    }

    fn or_expr(&mut self) -> Result<Term, String> {
        let mut terms = vec![self.and_expr()?];
        while self.at_op(0, "OR") {
            self.pos += 1;
            terms.push(self.and_expr()?);
        }
        Ok(one_or(terms, Term::Or))
    }

    fn and_expr(&mut self) -> Result<Term, String> {
        let mut terms = vec![self.unary()?];
        loop {
            match self.pieces.get(self.pos) {
                None | Some(Piece::Close) => break,
                _ if self.at_op(0, "OR") => break,
                _ if self.at_op(0, "AND") && self.at_op(1, "NOT") => {
                    self.pos += 2;
                    terms.push(Term::Not(Box::new(self.unary()?)));
                }
                _ => {
                    if self.at_op(0, "AND") {
                        self.pos += 1;
                    }
                    terms.push(self.unary()?);
                }
            }
        }
        Ok(one_or(terms, Term::And))
    }

    fn unary(&mut self) -> Result<Term, String> {
        match self.pieces.get(self.pos) {
            Some(Piece::Open) => {
                if self.depth >= MAX_TERM_NESTING {
                    return Err(format!(
                        "search term is nested too deeply: more than {MAX_TERM_NESTING} levels of parentheses"
                    ));
                }
                self.pos += 1;
                self.depth += 1;
                let t = self.or_expr();
                self.depth -= 1;
                let t = t?;
                if self.pieces.get(self.pos) != Some(&Piece::Close) {
                    return Err("missing ')' in search term".into());
                }
                self.pos += 1;
                Ok(t)
            }
            Some(Piece::Word(w)) => {
                self.pos += 1;
                Ok(Term::Word(word_pattern(w)))
            }
            Some(Piece::Phrase(s)) => {
                self.pos += 1;
                Ok(Term::Phrase(
                    tokens(s).iter().map(|w| word_pattern(w)).collect(),
                ))
            }
            _ => Err("unexpected token in search term".into()),
        }
    }
}

/// A single term as itself, several joined by `join`.
fn one_or(mut terms: Vec<Term>, join: fn(Vec<Term>) -> Term) -> Term {
    if terms.len() == 1 {
        terms.pop().expect("one term")
    } else {
        join(terms)
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
        Term::And(terms) => terms.iter().all(|t| matches(t, toks)),
        Term::Or(terms) => terms.iter().any(|t| matches(t, toks)),
        Term::Not(t) => !matches(t, toks),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(term: &str, text: &str) -> bool {
        matches(&parse(term).unwrap(), &tokens(text))
    }

    #[test]
    fn escaped_reserved_characters_are_part_of_words() {
        assert!(hit(r"\(UK\) \& Co", "Acme (UK) & Co"));
        assert!(hit(
            r"Globex\} RETURNING Contact\(Id",
            "Globex} RETURNING Contact(Id"
        ));
        assert!(!hit(r"Globex\} RETURNING Contact\(Id", "Globex"));
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
