//! ISO currency literals (`Amount > USD5000`) of multi-currency orgs: an
//! object whose describe has `CurrencyIsoCode` holds each record's amounts
//! in that record's currency. Salesforce converts the literal with the org's
//! exchange rates; the emulator keeps none, so a currency literal compares
//! only against records in its own currency (`USD5000` never matches a
//! `JPY` record, as the reference's `JPY7000` example does not). On an
//! object without `CurrencyIsoCode` (a single-currency org) the literal is
//! not a value at all, and is refused as an unexpected token.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::ast::{Literal, Op, Operand, Pos};
use super::error::SoqlError;
use super::plan::{Filter, Resolver, Src};
use super::value::{Kind, Rhs};

/// Whether the right side holds a currency literal.
pub(crate) fn has_currency(right: &Operand) -> bool {
    let is = |l: &Literal| matches!(l, Literal::Currency { .. });
    match right {
        Operand::Literal(l, _) => is(l),
        Operand::List(items, _) => items.iter().any(|(l, _)| is(l)),
        Operand::SubQuery(_) => false,
    }
}

/// The first currency literal of the right side, and where it is.
fn first_currency(right: &Operand) -> Option<(String, Pos)> {
    let text = |l: &Literal| match l {
        Literal::Currency { code, amount } => Some(format!("{code}{amount}")),
        _ => None,
    };
    match right {
        Operand::Literal(l, p) => text(l).map(|t| (t, *p)),
        Operand::List(items, _) => items.iter().find_map(|(l, p)| text(l).map(|t| (t, *p))),
        Operand::SubQuery(_) => None,
    }
}

impl Resolver<'_> {
    /// Compiles `src op currency-literal(s)`. `code` reads the record's
    /// `CurrencyIsoCode` (`None`: the object is single-currency).
    pub(crate) fn currency_filter(
        &self,
        src: Src,
        kind: Kind,
        code: Option<Src>,
        op: Op,
        right: &Operand,
    ) -> Result<Filter, SoqlError> {
        let (text, pos) = first_currency(right).expect("has_currency was checked");
        let unexpected = || SoqlError::unexpected(self.src, pos, &text);
        let Some(code) = code else {
            return Err(unexpected());
        };
        if !matches!(kind, Kind::Number | Kind::Any) {
            return Err(unexpected());
        }
        let amounts: Vec<(&String, &Decimal)> = match right {
            Operand::Literal(Literal::Currency { code, amount }, _) => vec![(code, amount)],
            Operand::List(items, _) => items
                .iter()
                .map(|(l, _)| match l {
                    Literal::Currency { code, amount } => Ok((code, amount)),
                    // The reference forbids mixing ISO and plain values in IN.
                    _ => Err(unexpected()),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(unexpected()),
        };
        // `x op CUR n` holds when the record is in CUR and its x op n.
        let in_currency = |cur: &String, amount: &Decimal, op: Op| {
            Filter::And(vec![
                Filter::Cmp {
                    src: code.clone(),
                    op: Op::Eq,
                    rhs: Rhs::Text(cur.clone()),
                },
                Filter::Cmp {
                    src: src.clone(),
                    op,
                    rhs: Rhs::Num(amount.to_f64().unwrap_or(f64::NAN)),
                },
            ])
        };
        let any_equal = || {
            Filter::Or(
                amounts
                    .iter()
                    .map(|(c, a)| in_currency(c, a, Op::Eq))
                    .collect(),
            )
        };
        Ok(match (op, amounts.as_slice()) {
            (Op::In, _) => any_equal(),
            (Op::NotIn | Op::Ne, _) => Filter::Not(Box::new(any_equal())),
            (Op::Eq | Op::Lt | Op::Le | Op::Gt | Op::Ge, [(c, a)]) => in_currency(c, a, op),
            _ => return Err(unexpected()),
        })
    }
}
