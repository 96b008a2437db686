//! The rewriter's side of engine grouping (see `dialect/grouping.rs`): runs the base, groups its
//! rows, and leaves the SELECT as the outer one over the groups' table.

use super::super::grouping::{self, Grouper};
use super::super::infer::{Scope, ScopeColumn, infer_expr};
use super::super::walk;
use super::{Context, Resolver, Rewriter, query_of, stored_table};
use crate::error::{Result, SqlError};
use crate::types::SfType;
use sqlparser::ast::{GroupByExpr, OrderBy, Select, SelectItem, SetExpr, TableWithJoins};

/// Checks that a grouped SELECT (GROUP BY, or an aggregate) reads only its group keys outside
/// aggregates, as Snowflake requires, before GlueSQL groups it.
pub(super) fn check_grouping(select: &Select, scope: &Scope) -> Result<()> {
    let keys = match &select.group_by {
        GroupByExpr::Expressions(exprs, _) => exprs.clone(),
        GroupByExpr::All(_) => return Ok(()),
    };
    let grouped = !keys.is_empty()
        || grouping::has_aggregate(&select.projection)
        || select.having.as_ref().is_some_and(grouping::has_aggregate);
    let wildcard = select.projection.iter().any(|i| {
        matches!(
            i,
            SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
        )
    });
    if !grouped || wildcard {
        return Ok(());
    }
    let mut grouper = Grouper::new(scope, keys);
    grouper.in_select_list(true);
    for item in &select.projection {
        walk::each_top_level_expr_mut(&mut item.clone(), &mut |e| grouper.visit(e))?;
    }
    grouper.in_select_list(false);
    if let Some(h) = &select.having {
        walk::each_top_level_expr_mut(&mut h.clone(), &mut |e| grouper.visit(e))?;
    }
    Ok(())
}

impl<R: Resolver> Rewriter<'_, R> {
    /// Groups `select` in the engine when it calls an aggregate GlueSQL lacks; returns the scope of
    /// the groups' table when it did.
    pub(super) fn group_in_engine(
        &mut self,
        select: &mut Select,
        scope: &Scope,
        outputs: &[String],
        order_by: Option<&mut OrderBy>,
        context: &Context,
    ) -> Result<Option<Scope>> {
        let in_order = order_by.as_deref().is_some_and(grouping::needs_engine);
        if !grouping::needs_engine(&select.projection)
            && !select.having.as_ref().is_some_and(grouping::needs_engine)
            && !select.qualify.as_ref().is_some_and(grouping::needs_engine)
            && !in_order
        {
            return Ok(None);
        }
        let keys = match &select.group_by {
            GroupByExpr::Expressions(exprs, modifiers) if modifiers.is_empty() => exprs.clone(),
            _ => {
                return Err(SqlError::unsupported(
                    "GROUP BY ROLLUP, CUBE and GROUPING SETS are not supported yet.",
                ));
            }
        };
        let mut grouper = Grouper::new(scope, keys).lenient();
        let mut projection = Vec::new();
        for item in std::mem::take(&mut select.projection) {
            match item {
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..) => {
                    return Err(SqlError::invalid(
                        "SELECT * is not a valid group by expression.",
                    ));
                }
                other => projection.push(other),
            }
        }
        select.projection = projection;
        grouper.in_select_list(true);
        for item in select.projection.iter_mut() {
            walk::each_top_level_expr_mut(item, &mut |e| grouper.visit(e))?;
        }
        grouper.in_select_list(false);
        if let Some(h) = select.having.as_mut() {
            walk::each_top_level_expr_mut(h, &mut |e| grouper.visit(e))?;
        }
        if let Some(q) = select.qualify.as_mut() {
            walk::each_top_level_expr_mut(q, &mut |e| grouper.visit(e))?;
        }
        if let Some(o) = order_by {
            grouper.keeping(outputs.to_vec());
            walk::each_top_level_expr_mut(o, &mut |e| grouper.visit(e))?;
        }
        let mut base = (*super::select_star()).clone();
        base.from = std::mem::take(&mut select.from);
        base.selection = select.selection.take();
        base.projection = grouper.hidden.projection(&grouping::hidden_column);
        let mut query = query_of(SetExpr::Select(Box::new(base)));
        let rows = self.run_structured(&mut query, context)?;
        let keys = grouper.key_count();
        let mut groups =
            crate::aggregate::group(&rows, keys, &grouper.calls).map_err(SqlError::execution)?;
        for row in groups.iter_mut() {
            for (j, ty) in grouper.types.iter().enumerate() {
                if let Some(ty) = ty {
                    let v = std::mem::replace(&mut row[keys + j], gluesql_core::data::Value::Null);
                    row[keys + j] = ty.coerce(v)?;
                }
            }
        }
        let mut columns: Vec<(String, SfType)> = Vec::new();
        for k in 0..keys {
            let ty = infer_expr(&grouper.hidden[k], scope)
                .or_else(|| groups.iter().find_map(|r| SfType::of_value(&r[k])))
                .unwrap_or(SfType::Varchar(None));
            columns.push((grouping::key_column(k), ty));
        }
        for (j, ty) in grouper.types.iter().enumerate() {
            let ty = ty
                .or_else(|| groups.iter().find_map(|r| SfType::of_value(&r[keys + j])))
                .unwrap_or(SfType::Varchar(None));
            columns.push((grouping::aggregate_column(j), ty));
        }
        let next = Scope {
            columns: columns
                .iter()
                .map(|(name, ty)| ScopeColumn {
                    qualifier: None,
                    name: name.clone(),
                    ty: Some(*ty),
                })
                .collect(),
        };
        let table = self.resolver.scratch(columns, groups)?;
        select.from = vec![TableWithJoins {
            relation: stored_table(&table, "__SG_GROUPS"),
            joins: vec![],
        }];
        select.group_by = GroupByExpr::Expressions(vec![], vec![]);
        select.selection = select.having.take();
        Ok(Some(next))
    }
}
