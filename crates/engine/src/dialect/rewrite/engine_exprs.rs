//! The rewriter's side of expressions the engine evaluates (see [`super::super::engine_exprs`]):
//! the split of a SELECT around them, and join conditions whose engine-evaluated expressions read
//! one FROM item, computed as a column of that item first.

use super::super::engine_exprs::{self as evaluated, Split};
use super::super::infer::{Scope, infer_expr};
use super::super::parse::{normalize_ident, to_position};
use super::super::walk;
use super::{
    Context, Resolver, Rewriter, query_of, quoted, stored_table, wildcard_columns,
    wildcard_qualifier,
};
use crate::error::{Result, SqlError};
use crate::types::SfType;
use sqlparser::ast::{
    Expr, GroupByExpr, Ident, JoinConstraint, JoinOperator, OrderBy, Select, SelectItem, SetExpr,
    Spanned, TableFactor, TableWithJoins,
};

impl<R: Resolver> Rewriter<'_, R> {
    /// Evaluates the expressions the engine computes in `select` (see `dialect/engine_exprs.rs`):
    /// runs its base, computes them into a scratch table, and leaves `select` as the outer SELECT
    /// over that table. Returns the scope of that table, or None when there was nothing to split.
    pub(super) fn split_engine_exprs(
        &mut self,
        select: &mut Select,
        scope: &Scope,
        outputs: &[String],
        order_by: Option<&mut OrderBy>,
        context: &Context,
        pass: usize,
    ) -> Result<Option<Scope>> {
        self.precompute_join_exprs(select, scope, context)?;
        // An inner join's condition with such expressions left (over several relations) is
        // evaluated as a filter after the join.
        for twj in select.from.iter_mut() {
            for join in twj.joins.iter_mut() {
                let on = match &mut join.join_operator {
                    JoinOperator::Join(JoinConstraint::On(on))
                    | JoinOperator::Inner(JoinConstraint::On(on)) => on,
                    JoinOperator::Left(JoinConstraint::On(on))
                    | JoinOperator::LeftOuter(JoinConstraint::On(on))
                        if evaluated::has_engine_expr(on) =>
                    {
                        return Err(SqlError::unsupported(
                            "A LEFT JOIN condition on an expression over both sides (semi-structured or engine-evaluated) is not supported yet; compute it in a subquery first.",
                        )
                        .at(to_position(on.span().start)));
                    }
                    _ => continue,
                };
                if evaluated::has_engine_expr(on) {
                    let condition =
                        std::mem::replace(on, Expr::value(sqlparser::ast::Value::Boolean(true)));
                    select.selection = Some(match select.selection.take() {
                        Some(w) => Expr::BinaryOp {
                            left: Box::new(Expr::Nested(Box::new(w))),
                            op: sqlparser::ast::BinaryOperator::And,
                            right: Box::new(Expr::Nested(Box::new(condition))),
                        },
                        None => condition,
                    });
                }
            }
        }
        let order_has = order_by.as_deref().is_some_and(evaluated::has_engine_expr);
        let select_has = select.projection.iter().any(evaluated::has_engine_expr)
            || select
                .selection
                .as_ref()
                .is_some_and(evaluated::has_engine_expr)
            || evaluated::has_engine_expr(&select.group_by)
            || select
                .having
                .as_ref()
                .is_some_and(evaluated::has_engine_expr)
            || select
                .qualify
                .as_ref()
                .is_some_and(evaluated::has_engine_expr);
        if !select_has && !order_has {
            return Ok(None);
        }
        let mut split = Split::new(scope, pass);
        let mut base = (*super::select_star()).clone();
        base.from = select.from.clone();
        // A filter without such expressions runs in the base, before anything is copied.
        if !select
            .selection
            .as_ref()
            .is_some_and(evaluated::has_engine_expr)
        {
            base.selection = select.selection.take();
        }
        let mut projection = Vec::new();
        for item in std::mem::take(&mut select.projection) {
            match item {
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..) => {
                    for c in wildcard_columns(wildcard_qualifier(&item).as_deref(), scope) {
                        let mut parts: Vec<Ident> = c.qualifier.iter().map(|q| quoted(q)).collect();
                        parts.push(quoted(&c.name));
                        projection.push(SelectItem::ExprWithAlias {
                            expr: Expr::CompoundIdentifier(parts),
                            alias: quoted(&c.name),
                        });
                    }
                }
                other => projection.push(other),
            }
        }
        select.projection = projection;
        // A filter's expressions come first: the rest is computed in a later split, over the rows
        // the filter keeps (`WHERE CHECK_JSON(t) IS NULL` guards `PARSE_JSON(t)`).
        let filtering = select.selection.is_some();
        if let Some(w) = select.selection.as_mut() {
            walk::each_top_level_expr_mut(w, &mut |e| split.visit(e))?;
        }
        split.compiling(!filtering);
        for item in select.projection.iter_mut() {
            walk::each_top_level_expr_mut(item, &mut |e| split.visit(e))?;
        }
        walk::each_top_level_expr_mut(&mut select.group_by, &mut |e| split.visit(e))?;
        if let Some(h) = select.having.as_mut() {
            walk::each_top_level_expr_mut(h, &mut |e| split.visit(e))?;
        }
        if let Some(q) = select.qualify.as_mut() {
            walk::each_top_level_expr_mut(q, &mut |e| split.visit(e))?;
        }
        if let Some(o) = order_by {
            split.keeping(outputs.to_vec());
            walk::each_top_level_expr_mut(o, &mut |e| split.visit(e))?;
        }
        base.projection = split.base_projection();
        let mut query = query_of(SetExpr::Select(Box::new(base)));
        let mut rows = self.run_structured(&mut query, context)?;
        for row in rows.iter_mut() {
            let computed = split
                .nodes
                .iter()
                .map(|node| evaluated::eval(node, row))
                .collect::<Result<Vec<_>>>()?;
            row.extend(computed);
        }
        let mut columns: Vec<(String, SfType)> = Vec::new();
        for (i, e) in split.hidden.iter().enumerate() {
            let ty = infer_expr(e, scope)
                .or_else(|| rows.iter().find_map(|r| SfType::of_value(&r[i])))
                .unwrap_or(SfType::Varchar(None));
            columns.push((split.hidden_name(i), ty));
        }
        for (j, node) in split.nodes.iter().enumerate() {
            let at = split.hidden.len() + j;
            let ty = evaluated::node_type(node)
                .or_else(|| rows.iter().find_map(|r| SfType::of_value(&r[at])))
                .unwrap_or(SfType::Varchar(None));
            columns.push((split.node_name(j), ty));
        }
        let next = Scope {
            columns: columns
                .iter()
                .map(|(name, ty)| super::ScopeColumn {
                    qualifier: None,
                    name: name.clone(),
                    ty: Some(*ty),
                })
                .collect(),
        };
        let table = self.resolver.scratch(columns, rows)?;
        select.from = vec![TableWithJoins {
            relation: stored_table(&table, &format!("__SG_SEMI{pass}")),
            joins: vec![],
        }];
        if matches!(select.group_by, GroupByExpr::All(_)) {
            select.group_by = GroupByExpr::Expressions(vec![], vec![]);
        }
        Ok(Some(next))
    }
}

/// The alias of a resolved FROM item.
fn alias_of(factor: &TableFactor) -> Option<String> {
    match factor {
        TableFactor::Table { alias, .. } | TableFactor::Derived { alias, .. } => {
            alias.as_ref().map(|a| normalize_ident(&a.name))
        }
        _ => None,
    }
}

/// The one FROM item whose columns `e` reads, if it reads those of exactly one.
fn single_relation(e: &Expr, scope: &Scope) -> Option<String> {
    let mut found: Vec<Option<String>> = Vec::new();
    let _ = walk::each_expr_mut(&mut e.clone(), &mut |x| {
        let q = match x {
            Expr::Identifier(i) => {
                let n = normalize_ident(i);
                let owners: Vec<_> = scope.columns.iter().filter(|c| c.name == n).collect();
                match owners.as_slice() {
                    [one] => Some(one.qualifier.clone()),
                    _ => None,
                }
            }
            Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                Some(Some(normalize_ident(&parts[0])))
            }
            _ => None,
        };
        if let Some(q) = q
            && !found.contains(&q)
        {
            found.push(q);
        }
        Ok(())
    });
    match found.as_slice() {
        [Some(q)] => Some(q.clone()),
        _ => None,
    }
}

impl<R: Resolver> Rewriter<'_, R> {
    /// Computes each engine-evaluated expression of a join condition that reads one FROM item
    /// only as a column of that item: the item is copied to a scratch table (same alias, same
    /// columns, one more) and the condition reads the new column, so GlueSQL joins as usual —
    /// LEFT JOINs included.
    fn precompute_join_exprs(
        &mut self,
        select: &mut Select,
        scope: &Scope,
        context: &Context,
    ) -> Result<()> {
        let joins = select.from.first().map_or(0, |t| t.joins.len());
        for j in 0..joins {
            let on = match &select.from[0].joins[j].join_operator {
                JoinOperator::Join(JoinConstraint::On(on))
                | JoinOperator::Inner(JoinConstraint::On(on))
                | JoinOperator::Left(JoinConstraint::On(on))
                | JoinOperator::LeftOuter(JoinConstraint::On(on)) => on.clone(),
                _ => continue,
            };
            if !evaluated::has_engine_expr(&on) {
                continue;
            }
            // The ready expressions of the condition, by the item they read.
            let mut found: Vec<(String, Expr)> = Vec::new();
            let _ = walk::each_expr_mut(&mut on.clone(), &mut |x| {
                if evaluated::is_engine_expr(x)
                    && evaluated::ready(x)
                    && let Some(q) = single_relation(x, scope)
                    && !found.iter().any(|(_, e)| e.to_string() == x.to_string())
                {
                    found.push((q, x.clone()));
                }
                Ok(())
            });
            // The outermost ones only (a path inside a cast goes with the cast).
            let texts: Vec<String> = found.iter().map(|(_, e)| e.to_string()).collect();
            found.retain(|(_, e)| {
                let t = e.to_string();
                !texts.iter().any(|o| o.len() > t.len() && o.contains(&t))
            });
            for (k, (alias, expr)) in found.into_iter().enumerate() {
                let column = format!("__SG_ON{j}_{k}");
                let twj = &mut select.from[0];
                let factor = std::iter::once(&mut twj.relation)
                    .chain(twj.joins.iter_mut().map(|x| &mut x.relation))
                    .find(|f| alias_of(f).as_deref() == Some(alias.as_str()));
                let Some(factor) = factor else { continue };
                let own = Scope {
                    columns: scope
                        .columns
                        .iter()
                        .filter(|c| c.qualifier.as_deref() == Some(alias.as_str()))
                        .cloned()
                        .collect(),
                };
                let mut copy = (*super::select_star()).clone();
                copy.from = vec![TableWithJoins {
                    relation: factor.clone(),
                    joins: vec![],
                }];
                copy.projection = own
                    .columns
                    .iter()
                    .map(|c| SelectItem::ExprWithAlias {
                        expr: Expr::CompoundIdentifier(vec![quoted(&alias), quoted(&c.name)]),
                        alias: quoted(&c.name),
                    })
                    .chain(std::iter::once(SelectItem::ExprWithAlias {
                        expr: expr.clone(),
                        alias: quoted(&column),
                    }))
                    .collect();
                let mut current = own.clone();
                let mut pass = 100 + j * 10 + k;
                while let Some(next) =
                    self.split_engine_exprs(&mut copy, &current, &[], None, context, pass)?
                {
                    current = next;
                    pass += 1000;
                }
                let mut query = query_of(SetExpr::Select(Box::new(copy)));
                let rows = self.run_structured(&mut query, context)?;
                let mut columns: Vec<(String, SfType)> = own
                    .columns
                    .iter()
                    .map(|c| (c.name.clone(), c.ty.unwrap_or(SfType::Varchar(None))))
                    .collect();
                let ty = super::super::infer::infer_expr(&expr, scope)
                    .or_else(|| {
                        rows.iter()
                            .find_map(|r| r.last().and_then(SfType::of_value))
                    })
                    .unwrap_or(SfType::Varchar(None));
                columns.push((column.clone(), ty));
                let glue = self.resolver.scratch(columns, rows)?;
                let twj = &mut select.from[0];
                let factor = std::iter::once(&mut twj.relation)
                    .chain(twj.joins.iter_mut().map(|x| &mut x.relation))
                    .find(|f| alias_of(f).as_deref() == Some(alias.as_str()))
                    .expect("found above");
                *factor = stored_table(&glue, &alias);
                let target = expr.to_string();
                if let JoinOperator::Join(JoinConstraint::On(on))
                | JoinOperator::Inner(JoinConstraint::On(on))
                | JoinOperator::Left(JoinConstraint::On(on))
                | JoinOperator::LeftOuter(JoinConstraint::On(on)) =
                    &mut twj.joins[j].join_operator
                {
                    walk::each_expr_mut(on, &mut |x| {
                        if x.to_string() == target {
                            *x = Expr::CompoundIdentifier(vec![quoted(&alias), quoted(&column)]);
                        }
                        Ok(())
                    })?;
                }
            }
        }
        Ok(())
    }
}
