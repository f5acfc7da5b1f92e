//! Recursive-descent parser for SELECT statements: the statement skeleton and
//! clause order live here, conditions and literals in `condition.rs`.

use super::ast::*;
use super::error::{SoqlError, MALFORMED_QUERY};
use super::lexer::{tokenize, Tok, Token};

/// Words that can never be a field name, alias or object name.
const RESERVED: &[&str] = &[
    "AND", "ASC", "DESC", "EXCLUDES", "FIRST", "FROM", "GROUP", "HAVING", "IN", "INCLUDES", "LAST",
    "LIKE", "LIMIT", "NOT", "NULL", "NULLS", "OR", "SELECT", "WHERE", "WITH", "ORDER", "OFFSET",
    "USING", "FOR", "UPDATE", "TYPEOF", "END", "WHEN", "THEN", "ELSE", "BY", "TRUE", "FALSE",
];

pub(crate) fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// How deeply a statement may nest: parentheses and `NOT` in conditions,
/// function calls and relationship hops count one level each, a subquery
/// [`SUBQUERY_WEIGHT`] levels, added up along one path from the statement
/// down. Every stage after the parser (planner, evaluator, renderer, even
/// dropping the tree) recurses over the same tree, so bounding it here
/// bounds them all. Unbounded, a debug build overflows a 2 MiB thread
/// stack, which aborts the whole emulator, at a few hundred nested
/// parentheses once planning and evaluation are counted; at this limit the
/// deepest statement (parentheses, or nested semi-joins) needs about
/// 480 KiB through parse, plan and run, under a quarter of such a stack.
/// Hand-written and generated queries stay far below it, and Salesforce
/// answers such statements with a 400 too.
pub const MAX_NESTING: usize = 64;

/// What one nested subquery costs of [`MAX_NESTING`]: its frames (a whole
/// statement's parser, planner and runner) are about three times a
/// parenthesis's, and Salesforce nests subqueries only a few deep anyway.
pub const SUBQUERY_WEIGHT: usize = 3;

/// Parses one SOQL statement.
pub fn parse(src: &str) -> Result<Query, SoqlError> {
    let toks = tokenize(src)?;
    let mut p = Parser::new(src, toks);
    if !p.peek().is_kw("SELECT") {
        // Salesforce reports a wrong first word without the position banner.
        let t = p.peek();
        return Err(SoqlError {
            code: MALFORMED_QUERY,
            message: format!("unexpected token: {}", t.text),
            row: t.pos.row,
            column: t.pos.column,
        });
    }
    let q = p.query()?;
    if p.peek().tok != Tok::Eof {
        return Err(p.unexpected());
    }
    Ok(q)
}

pub(crate) struct Parser<'a> {
    pub(crate) src: &'a str,
    pub(crate) toks: Vec<Token>,
    pub(crate) i: usize,
    /// Current nesting, bounded by [`MAX_NESTING`].
    depth: usize,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a str, toks: Vec<Token>) -> Self {
        Parser {
            src,
            toks,
            i: 0,
            depth: 0,
        }
    }

    /// Runs `f` one nesting level deeper, refusing to go past
    /// [`MAX_NESTING`] before any recursion happens.
    pub(crate) fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, SoqlError>,
    ) -> Result<T, SoqlError> {
        self.nested_by(1, f)
    }

    fn nested_by<T>(
        &mut self,
        levels: usize,
        f: impl FnOnce(&mut Self) -> Result<T, SoqlError>,
    ) -> Result<T, SoqlError> {
        if self.depth + levels > MAX_NESTING {
            return Err(self.too_deep());
        }
        self.depth += levels;
        let out = f(self);
        self.depth -= levels;
        out
    }

    /// A nested `SELECT …` (child subquery or semi-join).
    pub(crate) fn subquery(&mut self) -> Result<Query, SoqlError> {
        self.nested_by(SUBQUERY_WEIGHT, Self::query)
    }

    fn too_deep(&self) -> SoqlError {
        SoqlError::at(
            MALFORMED_QUERY,
            self.src,
            self.peek().pos,
            format!(
                "Query is nested too deeply: more than {MAX_NESTING} levels of parentheses, \
                 NOT, function calls, subqueries and relationships"
            ),
        )
    }

    pub(crate) fn peek(&self) -> &Token {
        &self.toks[self.i]
    }

    pub(crate) fn peek_at(&self, n: usize) -> &Token {
        &self.toks[(self.i + n).min(self.toks.len() - 1)]
    }

    pub(crate) fn bump(&mut self) -> Token {
        let t = self.toks[self.i].clone();
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
        t
    }

    pub(crate) fn eat_kw(&mut self, kw: &str) -> bool {
        if self.peek().is_kw(kw) {
            self.bump();
            true
        } else {
            false
        }
    }

    pub(crate) fn expect_kw(&mut self, kw: &str) -> Result<Token, SoqlError> {
        if self.peek().is_kw(kw) {
            Ok(self.bump())
        } else {
            Err(self.unexpected())
        }
    }

    pub(crate) fn eat(&mut self, tok: &Tok) -> bool {
        if &self.peek().tok == tok {
            self.bump();
            true
        } else {
            false
        }
    }

    pub(crate) fn expect(&mut self, tok: &Tok) -> Result<Token, SoqlError> {
        if &self.peek().tok == tok {
            Ok(self.bump())
        } else {
            Err(self.unexpected())
        }
    }

    pub(crate) fn unexpected(&self) -> SoqlError {
        let t = self.peek();
        SoqlError::unexpected(self.src, t.pos, &t.text)
    }

    /// A non-reserved identifier.
    pub(crate) fn ident(&mut self) -> Result<Ident, SoqlError> {
        match &self.peek().tok {
            Tok::Ident(name) if !is_reserved(name) => {
                let t = self.bump();
                Ok(Ident {
                    name: t.text,
                    pos: t.pos,
                })
            }
            _ => Err(self.unexpected()),
        }
    }

    pub(crate) fn at_alias(&self) -> bool {
        matches!(&self.peek().tok, Tok::Ident(n) if !is_reserved(n))
    }

    /// `SELECT … [END]`: the statement, without what follows it.
    pub(crate) fn query(&mut self) -> Result<Query, SoqlError> {
        let pos = self.expect_kw("SELECT")?.pos;
        let mut select = vec![self.select_item()?];
        while self.eat(&Tok::Comma) {
            select.push(self.select_item()?);
        }
        self.expect_kw("FROM")?;
        let mut object = self.ident()?;
        // `FROM Account.Contacts` in a subquery names the relationship last.
        while self.peek().tok == Tok::Dot {
            self.bump();
            object = self.ident()?;
        }
        let alias = if self.at_alias() && !self.peek().is_kw("USING") {
            Some(self.ident()?)
        } else {
            None
        };
        let mut q = Query::new(select, From { object, alias }, pos);
        if self.eat_kw("USING") {
            self.expect_kw("SCOPE")?;
            q.using_scope = Some(self.ident()?);
        }
        if self.eat_kw("WHERE") {
            q.where_clause = Some(self.condition()?);
        }
        while self.eat_kw("WITH") {
            let t = self.bump();
            q.with.push(match t.text.to_ascii_uppercase().as_str() {
                "SECURITY_ENFORCED" => WithClause::SecurityEnforced,
                "USER_MODE" => WithClause::UserMode,
                "SYSTEM_MODE" => WithClause::SystemMode,
                "DATA" => {
                    self.expect_kw("CATEGORY")?;
                    WithClause::DataCategory(self.data_categories()?)
                }
                _ => return Err(SoqlError::unexpected(self.src, t.pos, &t.text)),
            });
        }
        if self.peek().is_kw("GROUP") {
            q.group_by = Some(self.group_by()?);
        }
        if self.eat_kw("HAVING") {
            q.having = Some(self.condition()?);
        }
        self.order_limit_offset(&mut q)?;
        if self.eat_kw("FOR") {
            loop {
                let t = self.bump();
                q.for_clause
                    .push(match t.text.to_ascii_uppercase().as_str() {
                        "VIEW" => ForClause::View,
                        "REFERENCE" => ForClause::Reference,
                        "UPDATE" => ForClause::Update,
                        _ => return Err(SoqlError::unexpected(self.src, t.pos, &t.text)),
                    });
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        if self.eat_kw("UPDATE") {
            loop {
                let t = self.peek().clone();
                if !(t.is_kw("TRACKING") || t.is_kw("VIEWSTAT")) {
                    return Err(self.unexpected());
                }
                q.update.push(self.ident()?);
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        Ok(q)
    }

    /// `g AT c [AND h BELOW (d, e)]…` after `WITH DATA CATEGORY`.
    fn data_categories(&mut self) -> Result<Vec<DataCategoryFilter>, SoqlError> {
        let mut filters = Vec::new();
        loop {
            let group = self.ident()?;
            let selector = match self.peek().text.to_ascii_uppercase().as_str() {
                "AT" => CategorySelector::At,
                "ABOVE" => CategorySelector::Above,
                "BELOW" => CategorySelector::Below,
                "ABOVE_OR_BELOW" => CategorySelector::AboveOrBelow,
                _ => return Err(self.unexpected()),
            };
            self.bump();
            let categories = if self.eat(&Tok::LParen) {
                let mut list = vec![self.ident()?];
                while self.eat(&Tok::Comma) {
                    list.push(self.ident()?);
                }
                self.expect(&Tok::RParen)?;
                list
            } else {
                vec![self.ident()?]
            };
            filters.push(DataCategoryFilter {
                group,
                selector,
                categories,
            });
            if !self.eat_kw("AND") {
                return Ok(filters);
            }
        }
    }

    /// `[ORDER BY …] [LIMIT n] [OFFSET n]`, which SOSL's returning lists
    /// end with too.
    pub(crate) fn order_limit_offset(&mut self, q: &mut Query) -> Result<(), SoqlError> {
        if self.eat_kw("ORDER") {
            self.expect_kw("BY")?;
            q.order_by.push(self.order_item()?);
            while self.eat(&Tok::Comma) {
                q.order_by.push(self.order_item()?);
            }
        }
        if self.eat_kw("LIMIT") {
            q.limit = Some(self.count()?);
        }
        if self.eat_kw("OFFSET") {
            q.offset = Some(self.count()?);
        }
        Ok(())
    }

    pub(crate) fn count(&mut self) -> Result<u64, SoqlError> {
        match &self.peek().tok {
            Tok::Number(n) if !n.contains('.') => {
                let n = n.parse().map_err(|_| self.unexpected())?;
                self.bump();
                Ok(n)
            }
            _ => Err(self.unexpected()),
        }
    }

    fn select_item(&mut self) -> Result<SelectItem, SoqlError> {
        if self.peek().tok == Tok::LParen {
            self.bump();
            if !self.peek().is_kw("SELECT") {
                return Err(self.unexpected());
            }
            let q = self.subquery()?;
            self.expect(&Tok::RParen)?;
            return Ok(SelectItem::SubQuery(Box::new(q)));
        }
        if self.peek().is_kw("TYPEOF") {
            return Ok(SelectItem::TypeOf(self.type_of()?));
        }
        let expr = self.expr()?;
        let alias = if self.at_alias() {
            Some(self.ident()?)
        } else {
            None
        };
        Ok(SelectItem::Expr { expr, alias })
    }

    fn type_of(&mut self) -> Result<TypeOf, SoqlError> {
        let pos = self.bump().pos;
        let relationship = self.ident()?;
        let mut whens = Vec::new();
        while self.eat_kw("WHEN") {
            let ty = self.ident()?;
            self.expect_kw("THEN")?;
            whens.push((ty, self.path_list()?));
        }
        if whens.is_empty() {
            return Err(self.unexpected());
        }
        let otherwise = if self.eat_kw("ELSE") {
            Some(self.path_list()?)
        } else {
            None
        };
        self.expect_kw("END")?;
        Ok(TypeOf {
            relationship,
            whens,
            otherwise,
            pos,
        })
    }

    fn path_list(&mut self) -> Result<Vec<Path>, SoqlError> {
        let mut out = vec![self.path()?];
        // A comma continues the list only when a field (not WHEN/ELSE/END) follows.
        while self.peek().tok == Tok::Comma && self.peek_at(1).tok != Tok::Eof && {
            let n = &self.peek_at(1).tok;
            matches!(n, Tok::Ident(w) if !is_reserved(w))
        } {
            self.bump();
            out.push(self.path()?);
        }
        Ok(out)
    }

    pub(crate) fn path(&mut self) -> Result<Path, SoqlError> {
        let mut parts = vec![self.ident()?];
        while self.peek().tok == Tok::Dot {
            // Each hop is a level of the output tree and of the resolver.
            if self.depth + parts.len() >= MAX_NESTING {
                return Err(self.too_deep());
            }
            self.bump();
            parts.push(self.ident()?);
        }
        Ok(Path { parts })
    }

    /// A field path or a function call.
    pub(crate) fn expr(&mut self) -> Result<Expr, SoqlError> {
        if self.peek().is_kw("DISTANCE") && self.peek_at(1).tok == Tok::LParen {
            return self.distance();
        }
        if matches!(self.peek().tok, Tok::Ident(_)) && self.peek_at(1).tok == Tok::LParen {
            let func = self.ident()?;
            self.bump();
            let args = self.nested(|p| {
                let mut args = Vec::new();
                if !p.eat(&Tok::RParen) {
                    args.push(p.expr()?);
                    while p.eat(&Tok::Comma) {
                        args.push(p.expr()?);
                    }
                    p.expect(&Tok::RParen)?;
                }
                Ok(args)
            })?;
            return Ok(Expr::Call { func, args });
        }
        Ok(Expr::Field(self.path()?))
    }

    fn group_by(&mut self) -> Result<GroupBy, SoqlError> {
        let pos = self.bump().pos;
        self.expect_kw("BY")?;
        let kind = if self.peek_at(1).tok == Tok::LParen && self.peek().is_kw("ROLLUP") {
            GroupKind::Rollup
        } else if self.peek_at(1).tok == Tok::LParen && self.peek().is_kw("CUBE") {
            GroupKind::Cube
        } else {
            GroupKind::Plain
        };
        if kind != GroupKind::Plain {
            self.bump();
            self.bump();
        }
        let mut items = vec![self.expr()?];
        while self.eat(&Tok::Comma) {
            items.push(self.expr()?);
        }
        if kind != GroupKind::Plain {
            self.expect(&Tok::RParen)?;
        }
        Ok(GroupBy { kind, items, pos })
    }

    pub(crate) fn order_item(&mut self) -> Result<OrderItem, SoqlError> {
        let expr = self.expr()?;
        let descending = if self.eat_kw("DESC") {
            true
        } else {
            self.eat_kw("ASC");
            false
        };
        let nulls_first = if self.eat_kw("NULLS") {
            if self.eat_kw("FIRST") {
                Some(true)
            } else {
                self.expect_kw("LAST")?;
                Some(false)
            }
        } else {
            None
        };
        Ok(OrderItem {
            expr,
            descending,
            nulls_first,
        })
    }
}
