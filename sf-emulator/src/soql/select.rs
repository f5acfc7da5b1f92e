//! Compiling a non-aggregate SELECT: the SELECT list becomes a tree of output
//! nodes (parent paths through one relationship share one nested object),
//! child subqueries and TYPEOF blocks are resolved, ORDER BY is checked.

use std::sync::Arc;

use crate::schema::ObjectSchema;

use super::ast::{Expr, Ident, OrderItem, Query, SelectItem, TypeOf};
use super::error::{SoqlError, INVALID_FIELD, MALFORMED_QUERY};
use super::filter::RowContext;
use super::plan::{is_wrapper, ChildPlan, Node, Resolver, RowPlan, Scope, SortKey};

impl<'a> Resolver<'a> {
    /// Compiles a non-aggregate query over `object`.
    pub(crate) fn row_plan(
        &self,
        q: &Query,
        object: Arc<ObjectSchema>,
        top: bool,
    ) -> Result<RowPlan, SoqlError> {
        let scope = Scope {
            object: &object,
            alias: q.from.alias.as_ref().map(|a| a.name.as_str()),
        };
        let mut nodes = Vec::new();
        let mut computed = 0usize;
        for item in &q.select {
            match item {
                SelectItem::Expr {
                    expr: expr @ Expr::Distance(_),
                    alias,
                } => {
                    // Unaliased computed columns are named like aggregates.
                    let key = match alias {
                        Some(a) => a.name.clone(),
                        None => format!("expr{computed}"),
                    };
                    computed += usize::from(alias.is_none());
                    let (src, _) = self.row_src(scope, expr)?;
                    nodes.push(Node::Computed { key, src });
                }
                SelectItem::Expr { expr, alias } => {
                    if let Some(alias) = alias {
                        // FORMAT, toLabel, convertCurrency… may be aliased:
                        // the value goes out under the alias instead.
                        if matches!(expr, Expr::Call { func, .. } if is_wrapper(&func.name)) {
                            let (src, _) = self.row_src(scope, expr)?;
                            nodes.push(Node::Computed {
                                key: alias.name.clone(),
                                src,
                            });
                            continue;
                        }
                        return Err(SoqlError::at(
                            MALFORMED_QUERY,
                            self.src,
                            alias.pos,
                            "Only aggregate expressions use field aliasing",
                        ));
                    }
                    if let Some(set) = self.fields_function(expr, q.limit)? {
                        for f in object.fields.iter().filter(|f| set.includes(&f.name)) {
                            let taken = nodes
                                .iter()
                                .any(|n| matches!(n, Node::Field { key, .. } if key == &f.name));
                            if !taken {
                                nodes.push(Node::Field {
                                    key: f.name.clone(),
                                    loose: false,
                                });
                            }
                        }
                        continue;
                    }
                    let path = self.plain_path(expr)?;
                    let parts = self.own_parts(scope, path);
                    self.insert_path(&mut nodes, Some(&object), parts)?;
                }
                SelectItem::SubQuery(sub) => {
                    if !top {
                        return Err(SoqlError::at(
                            MALFORMED_QUERY,
                            self.src,
                            sub.pos,
                            "unexpected token: 'SELECT'",
                        ));
                    }
                    nodes.push(Node::Child(Box::new(self.child_plan(&object, sub)?)));
                }
                SelectItem::TypeOf(t) => nodes.push(self.type_of(&object, t)?),
            }
        }
        let filter = match &q.where_clause {
            Some(c) => Some(self.filter(c, &mut RowContext(scope))?),
            None => None,
        };
        let order = q
            .order_by
            .iter()
            .map(|o| self.row_sort_key(scope, o))
            .collect::<Result<_, _>>()?;
        Ok(RowPlan {
            object: object.clone(),
            nodes,
            filter,
            order,
            limit: q.limit,
            offset: q.offset,
        })
    }

    /// `FIELDS(ALL | STANDARD | CUSTOM)`: which fields it expands to. ALL and
    /// CUSTOM are unbounded, so Salesforce demands `LIMIT 200` or less.
    fn fields_function(
        &self,
        expr: &Expr,
        limit: Option<u64>,
    ) -> Result<Option<FieldSet>, SoqlError> {
        let Expr::Call { func, args } = expr else {
            return Ok(None);
        };
        if !func.name.eq_ignore_ascii_case("FIELDS") {
            return Ok(None);
        }
        let set = match args.as_slice() {
            [Expr::Field(p)] if p.parts.len() == 1 => {
                match p.parts[0].name.to_ascii_uppercase().as_str() {
                    "ALL" => FieldSet::All,
                    "STANDARD" => FieldSet::Standard,
                    "CUSTOM" => FieldSet::Custom,
                    _ => return Err(self.bad_function_arg(func)),
                }
            }
            _ => return Err(self.bad_function_arg(func)),
        };
        if set != FieldSet::Standard && limit.is_none_or(|l| l > 200) {
            return Err(SoqlError::at(
                MALFORMED_QUERY,
                self.src,
                func.pos,
                "The SOQL FIELDS function must have a LIMIT of at most 200",
            ));
        }
        Ok(Some(set))
    }

    /// A SELECT item that must be a plain field (display wrappers allowed).
    fn plain_path<'e>(&self, expr: &'e Expr) -> Result<&'e super::ast::Path, SoqlError> {
        match expr {
            Expr::Field(p) => Ok(p),
            Expr::Call { func, args } if is_wrapper(&func.name) => {
                self.plain_path(self.single_arg(func, args)?)
            }
            Expr::Call { func, .. } => Err(SoqlError::at(
                MALFORMED_QUERY,
                self.src,
                func.pos,
                format!(
                    "Field must be grouped or aggregated: {}",
                    func.name.to_ascii_uppercase()
                ),
            )),
            Expr::Distance(d) => Err(self.bad_function_arg(&d.func)),
        }
    }

    fn row_sort_key(&self, scope: Scope<'_>, o: &OrderItem) -> Result<SortKey, SoqlError> {
        let (src, kind) = self.row_src(scope, &o.expr)?;
        if let (super::plan::Src::Field(f), Expr::Field(path)) = (&src, &o.expr) {
            if let Some(owner) = self.owner_of(scope, path) {
                if !owner.field(&f.field).is_none_or(|d| d.sortable) {
                    return Err(SoqlError::at(
                        INVALID_FIELD,
                        self.src,
                        path.pos(),
                        format!("field '{}' can not be sorted in a query call", f.field),
                    ));
                }
            }
        }
        Ok(SortKey {
            src,
            kind,
            desc: o.descending,
            nulls_first: o.nulls_first.unwrap_or(!o.descending),
            rank: self.picklist_rank(scope, &o.expr),
        })
    }

    /// Adds a path to the output tree, merging parent hops.
    fn insert_path(
        &self,
        nodes: &mut Vec<Node>,
        object: Option<&Arc<ObjectSchema>>,
        parts: &[Ident],
    ) -> Result<(), SoqlError> {
        if let [leaf] = parts {
            let (key, _, loose) = self.leaf(object, leaf)?;
            let dup = nodes
                .iter()
                .any(|n| matches!(n, Node::Field { key: k, .. } if k.eq_ignore_ascii_case(&key)));
            if dup {
                return Err(SoqlError::at(
                    INVALID_FIELD,
                    self.src,
                    leaf.pos,
                    format!("duplicate field selected: {key}"),
                ));
            }
            nodes.push(Node::Field { key, loose });
            return Ok(());
        }
        let (hop, key, next) = self.hop(object, &parts[0])?;
        let existing = nodes
            .iter_mut()
            .position(|n| matches!(n, Node::Parent { key: k, .. } if k.eq_ignore_ascii_case(&key)));
        let idx = match existing {
            Some(i) => i,
            None => {
                nodes.push(Node::Parent {
                    key,
                    hop,
                    children: Vec::new(),
                });
                nodes.len() - 1
            }
        };
        let Node::Parent { children, .. } = &mut nodes[idx] else {
            unreachable!("index points at the parent node just found or pushed")
        };
        self.insert_path(children, next.as_ref(), &parts[1..])
    }

    fn child_plan(&self, parent: &Arc<ObjectSchema>, sub: &Query) -> Result<ChildPlan, SoqlError> {
        let rel_ident = &sub.from.object;
        let rel = parent.child_relationship(&rel_ident.name).ok_or_else(|| {
            SoqlError::bad_child_relationship(self.src, rel_ident.pos, &rel_ident.name)
        })?;
        let child = self
            .schema
            .object(&rel.child_sobject)
            .cloned()
            .ok_or_else(|| {
                SoqlError::bad_child_relationship(self.src, rel_ident.pos, &rel_ident.name)
            })?;
        if sub.group_by.is_some() || super::aggregate::has_aggregate(sub) {
            return Err(SoqlError::at(
                MALFORMED_QUERY,
                self.src,
                sub.pos,
                "Aggregate functions are not supported in a relationship subquery",
            ));
        }
        let plan = self.row_plan(sub, child, false)?;
        Ok(ChildPlan {
            key: rel
                .relationship_name
                .clone()
                .unwrap_or_else(|| rel_ident.name.clone()),
            fk: rel.field.clone(),
            plan,
        })
    }

    fn type_of(&self, object: &Arc<ObjectSchema>, t: &TypeOf) -> Result<Node, SoqlError> {
        let rel = &t.relationship;
        let field = object
            .parent_relationship(&rel.name)
            .ok_or_else(|| SoqlError::bad_relationship(self.src, rel.pos, &rel.name))?;
        if field.reference_to.len() < 2 {
            return Err(SoqlError::at(
                MALFORMED_QUERY,
                self.src,
                rel.pos,
                format!(
                    "TYPEOF is only valid on a polymorphic relationship: {}",
                    rel.name
                ),
            ));
        }
        let mut branches = Vec::new();
        for (ty, paths) in &t.whens {
            let Some(name) = field
                .reference_to
                .iter()
                .find(|r| r.eq_ignore_ascii_case(&ty.name))
            else {
                return Err(SoqlError::at(
                    super::error::INVALID_TYPE,
                    self.src,
                    ty.pos,
                    format!(
                        "{} is not a valid type for the relationship {}",
                        ty.name, rel.name
                    ),
                ));
            };
            let target = self.schema.object(name).cloned();
            let mut nodes = Vec::new();
            for p in paths {
                self.insert_path(&mut nodes, target.as_ref(), &p.parts)?;
            }
            branches.push((name.clone(), nodes));
        }
        let otherwise = match &t.otherwise {
            Some(paths) => {
                let mut nodes = Vec::new();
                for p in paths {
                    self.insert_path(&mut nodes, None, &p.parts)?;
                }
                Some(nodes)
            }
            None => None,
        };
        Ok(Node::TypeOf {
            key: field
                .relationship_name
                .clone()
                .unwrap_or_else(|| rel.name.clone()),
            hop: super::plan::Hop {
                fk: field.name.clone(),
                target: None,
            },
            branches,
            otherwise,
        })
    }
}

/// What `FIELDS(…)` selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldSet {
    All,
    Standard,
    Custom,
}

impl FieldSet {
    fn includes(self, name: &str) -> bool {
        let custom = name.ends_with("__c");
        match self {
            FieldSet::All => true,
            FieldSet::Standard => !custom,
            FieldSet::Custom => custom,
        }
    }
}
