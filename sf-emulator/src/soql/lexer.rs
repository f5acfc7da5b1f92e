//! Tokens with 1-based row/column positions, and string literal unescaping.
//! Keywords are not special here: they lex as identifiers and the parser
//! compares them case-insensitively, as Salesforce does.

use super::error::{SoqlError, MALFORMED_QUERY};

/// A 1-based position in the statement text (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line, from 1.
    pub row: usize,
    /// Character within the line, from 1.
    pub column: usize,
}

/// One lexical token.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A name or keyword: `Name`, `select`, `Custom__c`.
    Ident(String),
    /// A quoted string; `value` is unescaped, `raw` is the text between quotes.
    Str {
        /// The value after unescaping (`\%` and `\_` become `%` and `_`).
        value: String,
        /// The source text between the quotes, escapes kept (LIKE needs them).
        raw: String,
    },
    /// Unsigned number as written: `42`, `3.14`.
    Number(String),
    /// `2024-01-31`.
    Date(String),
    /// `2024-01-31T10:00:00Z` and the offset forms.
    DateTime(String),
    /// `10:30:00.000Z`, `10:30:00-06:00`: a time with its zone.
    Time(String),
    /// `,`
    Comma,
    /// `.`
    Dot,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `:`
    Colon,
    /// `=`
    Eq,
    /// `!=` or `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `-`
    Minus,
    /// `+`
    Plus,
    /// End of input.
    Eof,
}

/// A token, where it starts, and its source text (for error messages).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Where it starts.
    pub pos: Pos,
    /// Its text as written; `<EOF>` at the end.
    pub text: String,
}

impl Token {
    /// Whether this is the identifier `kw`, case-insensitively.
    pub fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.tok, Tok::Ident(s) if s.eq_ignore_ascii_case(kw))
    }
}

/// Splits `src` into tokens, ending with `Tok::Eof`.
pub fn tokenize(src: &str) -> Result<Vec<Token>, SoqlError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut row, mut col) = (0usize, 1usize, 1usize);
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            i += 1;
            row += 1;
            col = 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            col += 1;
            continue;
        }
        let pos = Pos { row, column: col };
        let start = i;
        let tok = if c.is_ascii_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            // `JPY5000.5`: a currency literal keeps its fraction (no path
            // segment starts with a digit, so nothing else is taken).
            if is_currency_literal(&chars[start..i])
                && chars.get(i) == Some(&'.')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            {
                i += 1;
                while chars.get(i).is_some_and(char::is_ascii_digit) {
                    i += 1;
                }
            }
            Tok::Ident(chars[start..i].iter().collect())
        } else if c.is_ascii_digit() {
            match lex_time(&chars, &mut i) {
                Some(Ok(tok)) => tok,
                Some(Err(at)) => {
                    // A time without its zone: Salesforce's lexer stops at
                    // the character where the zone should be.
                    let column = col + (at - start);
                    let found = chars.get(at).map_or("<EOF>".to_owned(), char::to_string);
                    return Err(SoqlError::at(
                        MALFORMED_QUERY,
                        src,
                        Pos { row, column },
                        format!(
                            "line {row}:{} no viable alternative at character '{found}'",
                            column - 1
                        ),
                    ));
                }
                None => lex_number_or_date(&chars, &mut i),
            }
        } else if c == '\'' {
            let (value, raw) = lex_string(src, &chars, &mut i, pos)?;
            Tok::Str { value, raw }
        } else {
            let next = chars.get(i + 1).copied();
            let (tok, len) = match (c, next) {
                ('!', Some('=')) => (Tok::Ne, 2),
                ('<', Some('>')) => (Tok::Ne, 2),
                ('<', Some('=')) => (Tok::Le, 2),
                ('>', Some('=')) => (Tok::Ge, 2),
                ('<', _) => (Tok::Lt, 1),
                ('>', _) => (Tok::Gt, 1),
                ('=', _) => (Tok::Eq, 1),
                (',', _) => (Tok::Comma, 1),
                ('.', _) => (Tok::Dot, 1),
                ('(', _) => (Tok::LParen, 1),
                (')', _) => (Tok::RParen, 1),
                (':', _) => (Tok::Colon, 1),
                ('-', _) => (Tok::Minus, 1),
                ('+', _) => (Tok::Plus, 1),
                _ => {
                    return Err(SoqlError::at(
                        MALFORMED_QUERY,
                        src,
                        pos,
                        format!(
                            "line {}:{} no viable alternative at character '{c}'",
                            row,
                            col - 1
                        ),
                    ))
                }
            };
            i += len;
            tok
        };
        // Strings may span lines; keep row/column honest either way.
        for &ch in &chars[start..i] {
            if ch == '\n' {
                row += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        out.push(Token {
            tok,
            pos,
            text: chars[start..i].iter().collect(),
        });
    }
    out.push(Token {
        tok: Tok::Eof,
        pos: Pos { row, column: col },
        text: "<EOF>".to_owned(),
    });
    Ok(out)
}

/// `USD5000`: three letters (an ISO 4217 code) then digits.
fn is_currency_literal(word: &[char]) -> bool {
    word.len() > 3
        && word[..3].iter().all(char::is_ascii_alphabetic)
        && word[3..].iter().all(char::is_ascii_digit)
}

/// Splits a currency literal (`USD5000`, `jpy5000.5`) into its upper-cased
/// ISO code and amount text.
pub(crate) fn currency_literal(word: &str) -> Option<(String, &str)> {
    let (code, amount) = word.split_at_checked(3)?;
    let (int, frac) = amount.split_once('.').unwrap_or((amount, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (code.bytes().all(|b| b.is_ascii_alphabetic()) && digits(int) && digits(frac))
        .then(|| (code.to_ascii_uppercase(), amount))
}

fn digits_at(chars: &[char], at: usize, n: usize) -> bool {
    (at..at + n).all(|k| chars.get(k).is_some_and(char::is_ascii_digit))
}

/// `hh:mm:ss[.fff…]` then `Z` or `±hh[:mm]`. `None` when the text at `i` is
/// not shaped like a time; `Err(index)` when the zone is missing there.
fn lex_time(chars: &[char], i: &mut usize) -> Option<Result<Tok, usize>> {
    let s = *i;
    let is_time = digits_at(chars, s, 2)
        && chars.get(s + 2) == Some(&':')
        && digits_at(chars, s + 3, 2)
        && chars.get(s + 5) == Some(&':')
        && digits_at(chars, s + 6, 2);
    if !is_time {
        return None;
    }
    let mut k = s + 8;
    if chars.get(k) == Some(&'.') && chars.get(k + 1).is_some_and(char::is_ascii_digit) {
        k += 1;
        while chars.get(k).is_some_and(char::is_ascii_digit) {
            k += 1;
        }
    }
    match chars.get(k) {
        Some('Z') => k += 1,
        Some('+' | '-') if digits_at(chars, k + 1, 2) => {
            k += 3;
            if chars.get(k) == Some(&':') {
                k += 1;
            }
            while chars.get(k).is_some_and(char::is_ascii_digit) {
                k += 1;
            }
        }
        _ => return Some(Err(k)),
    }
    *i = k;
    Some(Ok(Tok::Time(chars[s..k].iter().collect())))
}

fn lex_number_or_date(chars: &[char], i: &mut usize) -> Tok {
    let s = *i;
    let is_date = digits_at(chars, s, 4)
        && chars.get(s + 4) == Some(&'-')
        && digits_at(chars, s + 5, 2)
        && chars.get(s + 7) == Some(&'-')
        && digits_at(chars, s + 8, 2);
    if is_date {
        *i = s + 10;
        if chars.get(*i) == Some(&'T') && chars.get(*i + 1).is_some_and(char::is_ascii_digit) {
            *i += 1;
            while *i < chars.len() && matches!(chars[*i], '0'..='9' | ':' | '.' | 'Z' | '+' | '-') {
                *i += 1;
            }
            return Tok::DateTime(chars[s..*i].iter().collect());
        }
        return Tok::Date(chars[s..*i].iter().collect());
    }
    while *i < chars.len() && chars[*i].is_ascii_digit() {
        *i += 1;
    }
    if chars.get(*i) == Some(&'.') && chars.get(*i + 1).is_some_and(char::is_ascii_digit) {
        *i += 1;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
    }
    Tok::Number(chars[s..*i].iter().collect())
}

fn lex_string(
    src: &str,
    chars: &[char],
    i: &mut usize,
    pos: Pos,
) -> Result<(String, String), SoqlError> {
    let body_start = *i + 1;
    let mut k = body_start;
    while k < chars.len() {
        match chars[k] {
            '\\' => k += 2,
            '\'' => break,
            _ => k += 1,
        }
    }
    if k >= chars.len() {
        let text: String = chars[*i..].iter().collect();
        return Err(SoqlError::at(
            MALFORMED_QUERY,
            src,
            pos,
            format!("Invalid string literal {text}. Missing closing quote character."),
        ));
    }
    let raw: String = chars[body_start..k].iter().collect();
    *i = k + 1;
    let value = unescape(&raw).map_err(|bad| {
        SoqlError::at(
            MALFORMED_QUERY,
            src,
            pos,
            format!(
                "Invalid string literal '{raw}'. Illegal character sequence '\\{bad}' in string literal."
            ),
        )
    })?;
    Ok((value, raw))
}

/// Resolves SOQL string escapes: `\\ \' \" \n \r \t \b \f` (either case for
/// letters), `\uXXXX`, and `\_ \%` which stand for themselves outside LIKE.
/// Returns the offending character of an illegal escape.
pub fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut it = raw.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = it.next().ok_or_else(String::new)?;
        out.push(match e {
            '\\' | '\'' | '"' | '_' | '%' => e,
            'n' | 'N' => '\n',
            'r' | 'R' => '\r',
            't' | 'T' => '\t',
            'b' | 'B' => '\u{8}',
            'f' | 'F' => '\u{c}',
            'u' | 'U' => {
                let hex: String = it.by_ref().take(4).collect();
                u32::from_str_radix(&hex, 16)
                    .ok()
                    .filter(|_| hex.len() == 4)
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("{e}{hex}"))?
            }
            other => return Err(other.to_string()),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn times_need_their_zone() {
        assert_eq!(
            toks("t = 10:30:00.000Z"),
            [
                Tok::Ident("t".into()),
                Tok::Eq,
                Tok::Time("10:30:00.000Z".into()),
                Tok::Eof
            ]
        );
        assert_eq!(
            toks("04:30:00-06:00")[0],
            Tok::Time("04:30:00-06:00".into())
        );
        // Two-digit numbers followed by a colon are not times.
        assert_eq!(toks("10:30")[0], Tok::Number("10".into()));
        let e = tokenize("t = 10:30:00.000 LIMIT 1").unwrap_err();
        assert_eq!((e.row, e.column), (1, 17));
        assert!(e.message.contains("no viable alternative at character ' '"));
    }

    #[test]
    fn unescapes_every_documented_sequence() {
        assert_eq!(unescape(r#"a\\b\'c\"d"#).unwrap(), "a\\b'c\"d");
        assert_eq!(unescape(r"\n\r\t\b\f").unwrap(), "\n\r\t\u{8}\u{c}");
        assert_eq!(unescape(r"\N\R\T").unwrap(), "\n\r\t");
        assert_eq!(unescape(r"50\% \_x").unwrap(), "50% _x");
        assert_eq!(unescape(r"\u00e9").unwrap(), "é");
        assert_eq!(unescape(r"\q").unwrap_err(), "q");
        assert!(unescape("trailing\\").is_err());
    }

    #[test]
    fn strings_keep_raw_text_for_like() {
        let t = toks(r"'50\%'");
        assert_eq!(
            t[0],
            Tok::Str {
                value: "50%".into(),
                raw: r"50\%".into()
            }
        );
    }

    #[test]
    fn dates_datetimes_and_numbers() {
        assert_eq!(
            toks("2024-01-31 2024-01-31T10:00:00Z 2024-01-31T10:00:00.000+0000 42 3.5"),
            vec![
                Tok::Date("2024-01-31".into()),
                Tok::DateTime("2024-01-31T10:00:00Z".into()),
                Tok::DateTime("2024-01-31T10:00:00.000+0000".into()),
                Tok::Number("42".into()),
                Tok::Number("3.5".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn operators_and_positions() {
        let t = tokenize("a <> b\n  != <= >= < > =").unwrap();
        let kinds: Vec<_> = t.iter().map(|t| t.tok.clone()).collect();
        assert_eq!(kinds[1], Tok::Ne);
        assert_eq!(kinds[3], Tok::Ne);
        assert_eq!(t[3].pos, Pos { row: 2, column: 3 });
        assert_eq!(t.last().unwrap().pos, Pos { row: 2, column: 17 });
    }

    #[test]
    fn unterminated_string_is_malformed() {
        let e = tokenize("SELECT Id FROM A WHERE Name = 'x").unwrap_err();
        assert_eq!(e.code, "MALFORMED_QUERY");
        assert_eq!((e.row, e.column), (1, 31));
    }

    #[test]
    fn illegal_escape_is_reported() {
        let e = tokenize(r"'a\qb'").unwrap_err();
        assert!(e.message.contains(r"Illegal character sequence '\q'"));
    }
}
