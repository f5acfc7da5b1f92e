//! WHERE / HAVING conditions and literal values (including relative date
//! literals). SOQL refuses to mix AND and OR at one level without
//! parentheses, so each level is one conjunction.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;

use super::ast::*;
use super::error::{SoqlError, MALFORMED_QUERY};
use super::lexer::{currency_literal, Tok};
use super::parser::Parser;

impl Parser<'_> {
    pub(crate) fn condition(&mut self) -> Result<Condition, SoqlError> {
        let first = self.cond_term()?;
        let joiner = if self.peek().is_kw("AND") {
            "AND"
        } else if self.peek().is_kw("OR") {
            "OR"
        } else {
            return Ok(first);
        };
        let mut terms = vec![first];
        while self.eat_kw(joiner) {
            terms.push(self.cond_term()?);
        }
        if self.peek().is_kw("AND") || self.peek().is_kw("OR") {
            return Err(self.unexpected());
        }
        Ok(if joiner == "AND" {
            Condition::And(terms)
        } else {
            Condition::Or(terms)
        })
    }

    fn cond_term(&mut self) -> Result<Condition, SoqlError> {
        if self.eat_kw("NOT") {
            let inner = self.nested(Self::cond_term)?;
            return Ok(Condition::Not(Box::new(inner)));
        }
        if self.eat(&Tok::LParen) {
            return self.nested(|p| {
                let c = p.condition()?;
                p.expect(&Tok::RParen)?;
                Ok(c)
            });
        }
        let left = self.expr()?;
        let op_tok = self.peek().clone();
        let op = match &op_tok.tok {
            Tok::Eq => Op::Eq,
            Tok::Ne => Op::Ne,
            Tok::Lt => Op::Lt,
            Tok::Le => Op::Le,
            Tok::Gt => Op::Gt,
            Tok::Ge => Op::Ge,
            _ if op_tok.is_kw("LIKE") => Op::Like,
            _ if op_tok.is_kw("IN") => Op::In,
            _ if op_tok.is_kw("INCLUDES") => Op::Includes,
            _ if op_tok.is_kw("EXCLUDES") => Op::Excludes,
            _ if op_tok.is_kw("NOT") && self.peek_at(1).is_kw("IN") => {
                self.bump();
                Op::NotIn
            }
            _ => return Err(self.unexpected()),
        };
        self.bump();
        let right = match op {
            Op::In | Op::NotIn | Op::Includes | Op::Excludes => self.list_operand(op)?,
            _ => {
                let pos = self.peek().pos;
                Operand::Literal(self.literal()?, pos)
            }
        };
        Ok(Condition::Compare {
            left,
            op,
            op_pos: op_tok.pos,
            right,
        })
    }

    fn list_operand(&mut self, op: Op) -> Result<Operand, SoqlError> {
        let open = self.expect(&Tok::LParen)?.pos;
        if self.peek().is_kw("SELECT") && matches!(op, Op::In | Op::NotIn) {
            let q = self.subquery()?;
            self.expect(&Tok::RParen)?;
            return Ok(Operand::SubQuery(Box::new(q)));
        }
        let mut items = Vec::new();
        loop {
            let pos = self.peek().pos;
            items.push((self.literal()?, pos));
            if !self.eat(&Tok::Comma) {
                break;
            }
        }
        self.expect(&Tok::RParen)?;
        Ok(Operand::List(items, open))
    }

    /// One literal value.
    pub(crate) fn literal(&mut self) -> Result<Literal, SoqlError> {
        let t = self.peek().clone();
        let lit = match &t.tok {
            Tok::Str { value, raw } => Literal::String {
                value: value.clone(),
                raw: raw.clone(),
            },
            Tok::Number(n) => Literal::Number(self.number(n, false)?),
            Tok::Minus | Tok::Plus => {
                let neg = t.tok == Tok::Minus;
                let Tok::Number(n) = self.peek_at(1).tok.clone() else {
                    return Err(self.unexpected());
                };
                self.bump();
                Literal::Number(self.number(&n, neg)?)
            }
            Tok::Date(d) => {
                Literal::Date(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    SoqlError::at(
                        MALFORMED_QUERY,
                        self.src,
                        t.pos,
                        format!("Invalid date: {d}"),
                    )
                })?)
            }
            Tok::DateTime(d) => Literal::DateTime(parse_datetime(d).ok_or_else(|| {
                SoqlError::at(
                    MALFORMED_QUERY,
                    self.src,
                    t.pos,
                    format!("Invalid datetime: {d}"),
                )
            })?),
            Tok::Time(d) => Literal::Time(parse_time(d).ok_or_else(|| {
                SoqlError::at(
                    MALFORMED_QUERY,
                    self.src,
                    t.pos,
                    format!("Invalid time: {d}"),
                )
            })?),
            Tok::Ident(w) if currency_literal(w).is_some() => {
                let (code, amount) = currency_literal(w).expect("checked by the guard");
                Literal::Currency {
                    code,
                    amount: self.number(amount, false)?,
                }
            }
            Tok::Ident(w) => match w.to_ascii_uppercase().as_str() {
                "NULL" => Literal::Null,
                "TRUE" => Literal::Bool(true),
                "FALSE" => Literal::Bool(false),
                upper => {
                    let Some((unit, range)) = date_literal_shape(upper) else {
                        return Err(self.unexpected());
                    };
                    let range = match range {
                        Shape::Fixed(r) => r,
                        Shape::WithN(make) => {
                            self.bump();
                            self.expect(&Tok::Colon)?;
                            let n = match &self.peek().tok {
                                Tok::Number(n) if !n.contains('.') => {
                                    n.parse::<u32>().map_err(|_| self.unexpected())?
                                }
                                _ => return Err(self.unexpected()),
                            };
                            self.bump();
                            return Ok(Literal::DateLiteral(DateLiteral {
                                unit,
                                range: make(n),
                            }));
                        }
                    };
                    Literal::DateLiteral(DateLiteral { unit, range })
                }
            },
            _ => return Err(self.unexpected()),
        };
        self.bump();
        Ok(lit)
    }

    fn number(&self, text: &str, negative: bool) -> Result<Decimal, SoqlError> {
        let d = Decimal::from_str(text).map_err(|_| self.unexpected())?;
        Ok(if negative { -d } else { d })
    }
}

/// Parses the SOQL datetime forms: `Z`, `+hh:mm`, `+hhmm`, optional fraction.
pub(crate) fn parse_datetime(s: &str) -> Option<DateTime<chrono::FixedOffset>> {
    let mut norm = s.to_owned();
    if let Some(stripped) = norm.strip_suffix('Z') {
        norm = format!("{stripped}+00:00");
    } else if norm.len() >= 5 {
        let tail = &norm[norm.len() - 5..];
        let b = tail.as_bytes();
        if (b[0] == b'+' || b[0] == b'-') && b[1..].iter().all(u8::is_ascii_digit) {
            let cut = norm.len() - 2;
            norm.insert(cut, ':');
        }
    }
    DateTime::parse_from_rfc3339(&norm).ok()
}

/// Parses a time literal (`10:30:00.000Z`, `04:30:00-06:00`) into UTC:
/// a time field holds no zone, so an offset only shifts the clock.
pub(crate) fn parse_time(s: &str) -> Option<chrono::NaiveTime> {
    parse_datetime(&format!("2000-01-01T{s}")).map(|dt| dt.naive_utc().time())
}

enum Shape {
    Fixed(DateRange),
    WithN(fn(u32) -> DateRange),
}

fn date_literal_shape(word: &str) -> Option<(DateUnit, Shape)> {
    use DateRange::*;
    use DateUnit::*;
    let fixed = |u, r| Some((u, Shape::Fixed(r)));
    match word {
        "TODAY" => return fixed(Day, This),
        "YESTERDAY" => return fixed(Day, Last),
        "TOMORROW" => return fixed(Day, Next),
        "LAST_90_DAYS" => return fixed(Day, LastNDays(90)),
        "NEXT_90_DAYS" => return fixed(Day, NextNDays(90)),
        "LAST_N_DAYS" => return Some((Day, Shape::WithN(LastNDays))),
        "NEXT_N_DAYS" => return Some((Day, Shape::WithN(NextNDays))),
        "N_DAYS_AGO" => return Some((Day, Shape::WithN(Ago))),
        _ => {}
    }
    let units: [(&str, DateUnit); 6] = [
        ("WEEK", Week),
        ("MONTH", Month),
        ("FISCAL_QUARTER", FiscalQuarter),
        ("FISCAL_YEAR", FiscalYear),
        ("QUARTER", Quarter),
        ("YEAR", Year),
    ];
    for (name, unit) in units {
        if let Some(rest) = word.strip_prefix("LAST_N_") {
            if rest.strip_suffix('S') == Some(name) {
                return Some((unit, Shape::WithN(LastN)));
            }
        }
        if let Some(rest) = word.strip_prefix("NEXT_N_") {
            if rest.strip_suffix('S') == Some(name) {
                return Some((unit, Shape::WithN(NextN)));
            }
        }
        if let Some(rest) = word
            .strip_prefix("N_")
            .and_then(|r| r.strip_suffix("S_AGO"))
        {
            if rest == name {
                return Some((unit, Shape::WithN(Ago)));
            }
        }
        for (prefix, range) in [("THIS_", This), ("LAST_", Last), ("NEXT_", Next)] {
            if word.strip_prefix(prefix) == Some(name) {
                return fixed(unit, range);
            }
        }
    }
    None
}
