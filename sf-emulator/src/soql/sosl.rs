//! SOSL: `FIND {term} [IN … FIELDS] [RETURNING Obj(fields WHERE … ORDER BY …
//! LIMIT n), …] [LIMIT n]`. The RETURNING specs reuse the SOQL parser and
//! compiler; the term is matched against the searched fields' word tokens.

use serde_json::{Map, Value};

use crate::schema::{ObjectSchema, Schema};
use crate::store::{Record, Store};

use super::ast::{self, Expr, From, Query, SelectItem};
use super::error::{SoqlError, MALFORMED_QUERY, MALFORMED_SEARCH};
use super::lexer::{tokenize, Tok};
use super::parser::Parser;
use super::plan::Resolver;
use super::rows::{matching_where, render, window};
use super::search_term::{self, Term};
use super::ExecOptions;

/// Which fields a search looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    Name,
    Email,
    Phone,
}

/// Default and maximum number of search results.
const MAX_RESULTS: u64 = 2000;

/// Runs a SOSL search; the result is `{"searchRecords": [...]}`.
pub fn search(
    schema: &Schema,
    store: &Store,
    sosl: &str,
    opts: &ExecOptions,
) -> Result<Value, SoqlError> {
    let (open, close) = match (sosl.find('{'), sosl.rfind('}')) {
        (Some(o), Some(c)) if o < c => (o, c),
        _ => {
            return Err(SoqlError::plain(
                MALFORMED_SEARCH,
                "No search term found. The search term must be enclosed in braces.",
            ))
        }
    };
    let term = search_term::parse(&sosl[open + 1..close])
        .map_err(|m| SoqlError::plain(MALFORMED_SEARCH, m))?;
    // Blank the term out (keeping newlines) so positions stay exact.
    let masked: String = sosl
        .char_indices()
        .map(|(i, c)| {
            if (open..=close).contains(&i) && c != '\n' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let as_search = |mut e: SoqlError| {
        if e.code == MALFORMED_QUERY {
            e.code = MALFORMED_SEARCH;
        }
        e
    };
    let toks = tokenize(&masked).map_err(as_search)?;
    let mut p = Parser::new(sosl, toks);
    let stmt = statement(&mut p).map_err(as_search)?;
    let resolver = Resolver {
        schema,
        store,
        opts,
        src: sosl,
    };
    let specs = if stmt.returning.is_empty() {
        schema.objects().map(|o| id_only(&o.name)).collect()
    } else {
        stmt.returning
    };
    let mut out = Vec::new();
    let mut budget = stmt.limit.unwrap_or(MAX_RESULTS).min(MAX_RESULTS) as usize;
    for q in specs {
        let object = schema.object(&q.from.object.name).cloned().ok_or_else(|| {
            SoqlError::unknown_object(sosl, q.from.object.pos, &q.from.object.name)
        })?;
        let plan = resolver.row_plan(&q, object.clone(), false)?;
        let fields = searched_fields(&object, stmt.scope);
        let hits = matching_where(&resolver, &plan, &|rec| record_matches(rec, &fields, &term));
        let hits = window(hits, plan.offset, plan.limit);
        let hits: Vec<&Record> = hits.into_iter().take(budget).collect();
        budget -= hits.len();
        out.extend(render(&resolver, &plan, hits));
    }
    let mut m = Map::new();
    m.insert("searchRecords".into(), Value::Array(out));
    Ok(Value::Object(m))
}

struct Statement {
    scope: Scope,
    returning: Vec<Query>,
    limit: Option<u64>,
}

fn id_only(object: &str) -> Query {
    let ident = |name: &str| ast::Ident {
        name: name.to_owned(),
        pos: ast::Pos::default(),
    };
    Query::new(
        vec![SelectItem::Expr {
            expr: Expr::Field(ast::Path {
                parts: vec![ident("Id")],
            }),
            alias: None,
        }],
        From {
            object: ident(object),
            alias: None,
        },
        ast::Pos::default(),
    )
}

fn statement(p: &mut Parser<'_>) -> Result<Statement, SoqlError> {
    p.expect_kw("FIND")?;
    let mut scope = Scope::All;
    if p.eat_kw("IN") {
        let t = p.bump();
        scope = match t.text.to_ascii_uppercase().as_str() {
            "ALL" | "SIDEBAR" => Scope::All,
            "NAME" => Scope::Name,
            "EMAIL" => Scope::Email,
            "PHONE" => Scope::Phone,
            _ => return Err(SoqlError::unexpected(p.src, t.pos, &t.text)),
        };
        p.expect_kw("FIELDS")?;
    }
    let mut returning = Vec::new();
    if p.eat_kw("RETURNING") {
        loop {
            returning.push(spec(p)?);
            if !p.eat(&Tok::Comma) {
                break;
            }
        }
    }
    while p.eat_kw("WITH") {
        // WITH DIVISION / NETWORK / SNIPPET / METADATA … have no effect here.
        while !matches!(p.peek().tok, Tok::Eof)
            && !p.peek().is_kw("LIMIT")
            && !p.peek().is_kw("WITH")
        {
            p.bump();
        }
    }
    let limit = if p.eat_kw("LIMIT") {
        Some(p.count()?)
    } else {
        None
    };
    if p.peek().tok != Tok::Eof {
        return Err(p.unexpected());
    }
    Ok(Statement {
        scope,
        returning,
        limit,
    })
}

fn spec(p: &mut Parser<'_>) -> Result<Query, SoqlError> {
    let object = p.ident()?;
    let mut q = id_only(&object.name);
    q.from.object = object;
    if !p.eat(&Tok::LParen) {
        return Ok(q);
    }
    q.select.clear();
    loop {
        let expr = p.expr()?;
        // `convertCurrency(AnnualRevenue) AliasCurrency`, as in SOQL.
        let alias = if p.at_alias() { Some(p.ident()?) } else { None };
        q.select.push(SelectItem::Expr { expr, alias });
        if !p.eat(&Tok::Comma) {
            break;
        }
    }
    if p.eat_kw("WHERE") {
        q.where_clause = Some(p.condition()?);
    }
    p.order_limit_offset(&mut q)?;
    p.expect(&Tok::RParen)?;
    Ok(q)
}

/// The fields a scope searches, each with whether it holds a phone number
/// (phone numbers also match by their digits alone).
fn searched_fields(object: &ObjectSchema, scope: Scope) -> Vec<(String, bool)> {
    object
        .fields
        .iter()
        .filter(|f| match scope {
            Scope::All => f.is_text() || f.name_field,
            Scope::Name => {
                f.name_field || matches!(f.name.as_str(), "FirstName" | "LastName" | "Company")
            }
            Scope::Email => f.field_type == "email",
            Scope::Phone => f.field_type == "phone",
        })
        .map(|f| (f.name.clone(), f.field_type == "phone"))
        .collect()
}

fn record_matches(rec: &Record, fields: &[(String, bool)], term: &Term) -> bool {
    let mut toks = Vec::new();
    for (name, phone) in fields {
        if let Some(Value::String(s)) = rec.fields.get(name) {
            toks.extend(search_term::tokens(s));
            if *phone {
                let digits: String = s.chars().filter(char::is_ascii_digit).collect();
                if !digits.is_empty() {
                    toks.push(digits);
                }
            }
        }
    }
    search_term::matches(term, &toks)
}
