//! Statement tree → SOQL text, in the clause order of the SOQL reference. The output is
//! canonical: single spaces, `, ` between items, keywords upper case.

use super::ast::*;

/// Renders a whole statement; what [`Query::to_soql`](super::Query::to_soql) returns.
pub fn render(select: &Select) -> String {
    let mut out = String::with_capacity(128);
    select_into(&mut out, select);
    out
}

/// Appends the rendered statement to `out` (subqueries are rendered in place this way).
pub fn select_into(out: &mut String, s: &Select) {
    out.push_str("SELECT ");
    items_into(out, s);
    out.push_str(" FROM ");
    out.push_str(&s.from);
    clauses_into(out, s);
}

/// What a `parameterizedSearch` object entry takes from a query: each select-list
/// item rendered on its own, and the `WHERE` condition without its keyword.
pub(crate) fn search_object_parts(s: &Select) -> (Vec<String>, Option<String>) {
    let fields = s
        .items
        .iter()
        .map(|item| {
            let mut out = String::new();
            item_into(&mut out, item);
            out
        })
        .collect();
    let filter = s.filter.as_ref().map(|cond| {
        let mut out = String::new();
        cond_into(&mut out, cond, Parent::Top);
        out
    });
    (fields, filter)
}

/// A SOSL `RETURNING` item: `Account(Id, Name WHERE … ORDER BY … LIMIT n)`.
pub(crate) fn returning_into(out: &mut String, s: &Select) {
    out.push_str(&s.from);
    out.push('(');
    items_into(out, s);
    clauses_into(out, s);
    out.push(')');
}

fn items_into(out: &mut String, s: &Select) {
    for (i, item) in s.items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        item_into(out, item);
    }
}

/// Everything after `FROM object`, in the reference's clause order.
fn clauses_into(out: &mut String, s: &Select) {
    if let Some(scope) = s.using_scope {
        out.push_str(" USING SCOPE ");
        out.push_str(scope.as_str());
    }
    if let Some(cond) = &s.filter {
        out.push_str(" WHERE ");
        cond_into(out, cond, Parent::Top);
    }
    if let Some(with) = s.with {
        out.push_str(" WITH ");
        out.push_str(with.as_str());
    }
    super::data_category::render_clause(out, &s.data_category);
    if let Some(group) = &s.group_by {
        out.push_str(" GROUP BY ");
        let (wrap, exprs) = match group {
            GroupBy::Plain(e) => (None, e),
            GroupBy::Rollup(e) => (Some("ROLLUP"), e),
            GroupBy::Cube(e) => (Some("CUBE"), e),
        };
        if let Some(w) = wrap {
            out.push_str(w);
            out.push('(');
        }
        for (i, e) in exprs.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            expr_into(out, e);
        }
        if wrap.is_some() {
            out.push(')');
        }
    }
    if let Some(cond) = &s.having {
        out.push_str(" HAVING ");
        cond_into(out, cond, Parent::Top);
    }
    if !s.order_by.is_empty() {
        out.push_str(" ORDER BY ");
        for (i, o) in s.order_by.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            expr_into(out, &o.expr);
            match o.direction {
                Some(Direction::Asc) => out.push_str(" ASC"),
                Some(Direction::Desc) => out.push_str(" DESC"),
                None => {}
            }
            match o.nulls {
                Some(Nulls::First) => out.push_str(" NULLS FIRST"),
                Some(Nulls::Last) => out.push_str(" NULLS LAST"),
                None => {}
            }
        }
    }
    if let Some(n) = s.limit {
        out.push_str(" LIMIT ");
        out.push_str(&n.to_string());
    }
    if let Some(n) = s.offset {
        out.push_str(" OFFSET ");
        out.push_str(&n.to_string());
    }
    match s.for_view {
        Some(ForView::View) => out.push_str(" FOR VIEW"),
        Some(ForView::Reference) => out.push_str(" FOR REFERENCE"),
        None => {}
    }
    match s.update {
        Some(UpdateTracking::Tracking) => out.push_str(" UPDATE TRACKING"),
        Some(UpdateTracking::Viewstat) => out.push_str(" UPDATE VIEWSTAT"),
        None => {}
    }
    if s.for_update {
        out.push_str(" FOR UPDATE");
    }
}

fn item_into(out: &mut String, item: &SelectItem) {
    match item {
        SelectItem::Expr { expr, alias } => {
            expr_into(out, expr);
            if let Some(a) = alias {
                out.push(' ');
                out.push_str(a);
            }
        }
        SelectItem::Subquery(sub) => {
            out.push('(');
            select_into(out, sub);
            out.push(')');
        }
        SelectItem::TypeOf(t) => {
            out.push_str("TYPEOF ");
            out.push_str(&t.relationship);
            for (object, fields) in &t.whens {
                out.push_str(" WHEN ");
                out.push_str(object);
                out.push_str(" THEN ");
                out.push_str(&fields.join(", "));
            }
            if !t.otherwise.is_empty() {
                out.push_str(" ELSE ");
                out.push_str(&t.otherwise.join(", "));
            }
            out.push_str(" END");
        }
    }
}

/// Appends one expression (`Name`, `COUNT()`, `SUM(Amount)`, `DISTANCE(…)`) to `out`.
pub fn expr_into(out: &mut String, e: &Expr) {
    match e {
        Expr::Field(path) => out.push_str(path),
        Expr::CountAll => out.push_str("COUNT()"),
        Expr::Call(func, arg) => {
            out.push_str(func);
            out.push('(');
            expr_into(out, arg);
            out.push(')');
        }
        Expr::Distance {
            field,
            latitude,
            longitude,
            unit,
        } => {
            out.push_str("DISTANCE(");
            out.push_str(field);
            out.push_str(", GEOLOCATION(");
            latitude.render_into(out);
            out.push_str(", ");
            longitude.render_into(out);
            out.push_str("), '");
            out.push_str(unit);
            out.push_str("')");
        }
    }
}

/// Where a condition sits: SOQL requires parentheses whenever AND and OR mix, and a
/// NOT inside a compound condition is parenthesized too.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    Top,
    And,
    Or,
    Not,
}

/// What is left to write of a condition: a node, or text closing one.
enum Step<'a> {
    Cond(&'a Cond, Parent),
    Text(&'static str),
}

/// Writes a condition with an explicit stack instead of recursion: conditions built
/// in a loop (`c = c.and(x).or(y)`, `!!!c`) can nest hundreds of thousands deep,
/// far past what the thread's stack holds.
fn cond_into(out: &mut String, c: &Cond, parent: Parent) {
    let mut stack = vec![Step::Cond(c, parent)];
    while let Some(step) = stack.pop() {
        let (c, parent) = match step {
            Step::Text(text) => {
                out.push_str(text);
                continue;
            }
            Step::Cond(c, parent) => (c, parent),
        };
        match c {
            Cond::Compare { lhs, op, rhs } => {
                expr_into(out, lhs);
                out.push(' ');
                out.push_str(op.as_str());
                out.push(' ');
                operand_into(out, rhs);
            }
            Cond::And(parts) | Cond::Or(parts) => {
                let (me, joiner) = match c {
                    Cond::And(_) => (Parent::And, " AND "),
                    _ => (Parent::Or, " OR "),
                };
                // A group of one is just its member.
                if parts.len() == 1 {
                    stack.push(Step::Cond(&parts[0], parent));
                    continue;
                }
                let wrap = parent != Parent::Top && parent != me;
                if wrap {
                    out.push('(');
                    stack.push(Step::Text(")"));
                }
                // Pushed last to first, so they pop in order.
                for (i, part) in parts.iter().enumerate().rev() {
                    stack.push(Step::Cond(part, me));
                    if i > 0 {
                        stack.push(Step::Text(joiner));
                    }
                }
            }
            Cond::Not(inner) => {
                if parent != Parent::Top {
                    out.push('(');
                    stack.push(Step::Text(")"));
                }
                out.push_str("NOT ");
                let compound = matches!(&**inner, Cond::And(p) | Cond::Or(p) if p.len() > 1)
                    || matches!(&**inner, Cond::Not(_) | Cond::Raw(_));
                if compound {
                    out.push('(');
                    stack.push(Step::Text(")"));
                    stack.push(Step::Cond(inner, Parent::Top));
                } else {
                    stack.push(Step::Cond(inner, Parent::Not));
                }
            }
            Cond::Raw(text) => {
                if parent == Parent::Top {
                    out.push_str(text);
                } else {
                    out.push('(');
                    out.push_str(text);
                    out.push(')');
                }
            }
        }
    }
}

fn operand_into(out: &mut String, o: &Operand) {
    match o {
        Operand::Value(l) => l.render_into(out),
        Operand::List(items) => {
            out.push('(');
            for (i, l) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                l.render_into(out);
            }
            out.push(')');
        }
        Operand::Subquery(sub) => {
            out.push('(');
            select_into(out, sub);
            out.push(')');
        }
    }
}
