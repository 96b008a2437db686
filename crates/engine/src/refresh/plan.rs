//! Deciding, once per table version, which operator maintains an incremental dynamic table.
//!
//! Maintained by an operator: one stored input (a table or dynamic table) with deterministic
//! projection and filter (`SELECT exprs FROM t [WHERE p]`), `SELECT DISTINCT`, and `GROUP BY` (or a
//! scalar aggregate) whose select items are group keys or the aggregates COUNT(*), COUNT,
//! COUNT(DISTINCT), SUM, AVG, MIN, MAX — conditional ones (`SUM(CASE ...)`) included. Any other
//! query that Snowflake refreshes incrementally (see [`super::support`]) is recomputed and applied
//! as a difference; the error says which part no operator covers.

use crate::dialect::ast::quoted;
use crate::dialect::infer::{Scope, ScopeColumn, infer_expr};
use crate::dialect::parse::Name;
use crate::dialect::select_forms::contains_aggregate;
use crate::dialect::walk::has_subquery;
use crate::dialect::windows::has_window;
use crate::error::Result;
use crate::types::SfType;
use sqlparser::ast::{
    Distinct, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, Ident, Query,
    Select, SelectItem, SetExpr, TableFactor, Value, ValueWithSpan,
};

/// The column that carries each delta row's tag (change index and side) through GlueSQL.
pub const TAG: &str = "__SG_TAG";

/// An aggregate an incremental GROUP BY maintains, each by its accumulator in
/// `refresh/operator/aggregate/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggKind {
    /// `COUNT(*)`.
    CountStar,
    /// `COUNT(x)`: rows where x is not NULL.
    Count,
    /// `COUNT(DISTINCT x)`.
    CountDistinct,
    /// `SUM(x)`.
    Sum,
    /// `SUM(DISTINCT x)`.
    SumDistinct,
    /// `AVG(x)`.
    Avg,
    /// `AVG(DISTINCT x)`.
    AvgDistinct,
    /// `MIN(x)`.
    Min,
    /// `MAX(x)`.
    Max,
}

/// Where an output column of an aggregate plan comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// The n-th GROUP BY key (or DISTINCT column).
    Key(usize),
    /// The n-th aggregate.
    Agg(usize),
}

/// What an incremental plan's operator does with the delta query's rows.
#[derive(Debug, Clone)]
pub enum Shape {
    /// One output row per input row (projection and filter): output keys are input keys.
    Project,
    /// One output row per group; `scalar` when there is no GROUP BY (always exactly one row).
    Aggregate {
        /// The aggregates maintained per group.
        aggs: Vec<AggKind>,
        /// How many key columns come first in the delta query's rows.
        keys: usize,
        /// The output columns, in select-list order.
        items: Vec<Item>,
        /// No GROUP BY: one row even over no input.
        scalar: bool,
    },
}

/// An incremental plan: the input it reads, and the query GlueSQL runs over a batch of that input's
/// changed rows (which carries the tag column through).
#[derive(Debug, Clone)]
pub struct Plan {
    /// The one table or dynamic table the query reads.
    pub input: Name,
    /// What the operator does with the delta rows.
    pub shape: Shape,
    /// Over the input relation: `SELECT <outputs | keys, aggregate arguments>, __SG_TAG FROM input [WHERE ..]`.
    pub delta_query: Query,
}

fn expr_key(e: &Expr) -> String {
    e.to_string()
        .to_ascii_uppercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn tag_item() -> SelectItem {
    SelectItem::UnnamedExpr(Expr::Identifier(quoted(TAG)))
}

/// Analyzes a dynamic table's query. `columns` are the columns of the FROM relation when it is a
/// stored table (None when it is something else, such as a view).
pub fn analyze(
    query: &Query,
    columns: impl Fn(&Name) -> Option<Vec<(String, SfType)>>,
) -> Result<Plan, String> {
    if query.with.is_some() {
        return Err(
            "Common table expressions are not supported by incremental refresh yet.".into(),
        );
    }
    if query.order_by.is_some() || query.limit_clause.is_some() || query.fetch.is_some() {
        return Err("ORDER BY, LIMIT and FETCH are not supported by incremental refresh.".into());
    }
    let SetExpr::Select(select) = query.body.as_ref() else {
        return Err("Only a single SELECT is supported by incremental refresh yet.".into());
    };
    let Select {
        from,
        selection,
        group_by,
        having,
        distinct,
        projection,
        ..
    } = select.as_ref();
    let [twj] = from.as_slice() else {
        return Err(
            "Incremental refresh reads exactly one table or dynamic table (no joins) for now."
                .into(),
        );
    };
    if !twj.joins.is_empty() {
        return Err("Joins are not supported by incremental refresh yet.".into());
    }
    let TableFactor::Table {
        name, args: None, ..
    } = &twj.relation
    else {
        return Err("Incremental refresh reads a table or dynamic table by name.".into());
    };
    let input = Name::from_object_name(name);
    let Some(input_columns) = columns(&input) else {
        return Err(format!(
            "'{}' is not a table or dynamic table (views are not supported by incremental refresh yet).",
            input.display()
        ));
    };
    if having.is_some() {
        return Err("HAVING is not supported by incremental refresh yet.".into());
    }
    if matches!(distinct, Some(Distinct::On(_))) {
        return Err("DISTINCT ON is not supported.".into());
    }
    let exprs: Vec<&Expr> = projection
        .iter()
        .filter_map(|i| match i {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => Some(e),
            _ => None,
        })
        .collect();
    if select.top.is_some() {
        return Err("TOP is not supported by incremental refresh.".into());
    }
    if select.qualify.is_some() || exprs.iter().any(|e| has_window(e)) {
        return Err(
            "Window functions and QUALIFY are not supported by incremental refresh yet.".into(),
        );
    }
    if crate::dialect::engine_exprs::has_engine_expr(select.as_ref()) {
        return Err(
            "Semi-structured expressions (paths, PARSE_JSON, casts to VARIANT) and functions the engine evaluates itself (REGEXP_*, TRY_CAST, SPLIT_PART, week and quarter dates) are not supported by incremental refresh yet."
                .into(),
        );
    }
    if exprs
        .iter()
        .copied()
        .chain(selection.iter())
        .any(has_subquery)
    {
        return Err("Subqueries are not supported by incremental refresh yet.".into());
    }
    let group_exprs: Vec<Expr> = match group_by {
        GroupByExpr::Expressions(e, mods) if mods.is_empty() => e.clone(),
        _ => {
            return Err(
                "GROUP BY ALL and grouping modifiers are not supported by incremental refresh."
                    .into(),
            );
        }
    };
    let aggregated = !group_exprs.is_empty() || exprs.iter().any(|e| contains_aggregate(e));
    let scope = Scope {
        columns: input_columns
            .iter()
            .map(|(n, t)| ScopeColumn {
                qualifier: None,
                name: n.clone(),
                ty: Some(*t),
            })
            .collect(),
    };

    let mut delta = query.clone();
    let SetExpr::Select(dsel) = delta.body.as_mut() else {
        unreachable!("checked above")
    };
    if !aggregated && distinct.is_none() {
        dsel.projection.push(tag_item());
        return Ok(Plan {
            input,
            shape: Shape::Project,
            delta_query: delta,
        });
    }
    if projection.iter().any(|i| {
        matches!(
            i,
            SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
        )
    }) {
        return Err(
            "SELECT * with DISTINCT or GROUP BY is not supported by incremental refresh.".into(),
        );
    }

    // Keys: the GROUP BY expressions (ordinals resolved), or for DISTINCT every select item.
    let mut keys: Vec<Expr> = Vec::new();
    for g in &group_exprs {
        let resolved = match g {
            Expr::Value(ValueWithSpan {
                value: Value::Number(n, _),
                ..
            }) => {
                let i: usize = n
                    .parse()
                    .map_err(|_| format!("Invalid GROUP BY position {n}."))?;
                (*exprs
                    .get(i.wrapping_sub(1))
                    .ok_or(format!("GROUP BY position {n} is not in the select list."))?)
                .clone()
            }
            other => other.clone(),
        };
        if contains_aggregate(&resolved) {
            return Err("Aggregates in GROUP BY are not valid.".into());
        }
        keys.push(resolved);
    }
    let mut aggs = Vec::new();
    let mut args: Vec<Expr> = Vec::new();
    let mut items = Vec::new();
    for e in &exprs {
        if distinct.is_some() && group_exprs.is_empty() && !contains_aggregate(e) {
            keys.push((*e).clone());
            items.push(Item::Key(keys.len() - 1));
            continue;
        }
        if let Some(k) = keys.iter().position(|k| expr_key(k) == expr_key(e)) {
            items.push(Item::Key(k));
            continue;
        }
        let Expr::Function(f) = e else {
            return if contains_aggregate(e) {
                Err(format!(
                    "The expression '{e}' over aggregates is not supported by incremental refresh yet."
                ))
            } else {
                Err(format!(
                    "Select item '{e}' is neither a GROUP BY key nor an aggregate."
                ))
            };
        };
        let fname = f.name.to_string().to_ascii_uppercase();
        let (is_distinct, fargs) = match &f.args {
            FunctionArguments::List(l) => (
                l.duplicate_treatment
                    .is_some_and(|d| d == sqlparser::ast::DuplicateTreatment::Distinct),
                l.args.clone(),
            ),
            FunctionArguments::None => (false, vec![]),
            FunctionArguments::Subquery(_) => {
                return Err("Subqueries are not supported by incremental refresh yet.".into());
            }
        };
        if f.filter.is_some() || f.over.is_some() || !f.within_group.is_empty() {
            return Err(format!("'{e}' is not supported by incremental refresh."));
        }
        let arg = match fargs.as_slice() {
            [FunctionArg::Unnamed(FunctionArgExpr::Wildcard)]
                if fname == "COUNT" && !is_distinct =>
            {
                None
            }
            [FunctionArg::Unnamed(FunctionArgExpr::Expr(a))] => Some(a.clone()),
            _ => return Err(format!("'{e}' is not supported by incremental refresh.")),
        };
        let kind = match (fname.as_str(), is_distinct, &arg) {
            ("COUNT", false, None) => AggKind::CountStar,
            ("COUNT", false, Some(_)) => AggKind::Count,
            ("COUNT", true, Some(_)) => AggKind::CountDistinct,
            ("SUM", false, Some(_)) => AggKind::Sum,
            ("SUM", true, Some(_)) => AggKind::SumDistinct,
            ("AVG", false, Some(_)) => AggKind::Avg,
            ("AVG", true, Some(_)) => AggKind::AvgDistinct,
            ("MIN", _, Some(_)) => AggKind::Min,
            ("MAX", _, Some(_)) => AggKind::Max,
            _ => {
                return Err(format!(
                    "The aggregate '{e}' is not supported by incremental refresh yet."
                ));
            }
        };
        if let Some(a) = &arg {
            if contains_aggregate(a) {
                return Err("Nested aggregates are not valid.".into());
            }
            let numeric = matches!(
                kind,
                AggKind::Sum | AggKind::SumDistinct | AggKind::Avg | AggKind::AvgDistinct
            );
            if numeric && matches!(infer_expr(a, &scope), Some(SfType::Float)) {
                return Err(format!(
                    "'{e}' sums FLOAT values, which incremental refresh cannot maintain exactly."
                ));
            }
        }
        aggs.push(kind);
        items.push(Item::Agg(aggs.len() - 1));
        args.push(arg.unwrap_or(Expr::value(Value::Number("1".into(), false))));
    }
    let scalar = group_exprs.is_empty() && distinct.is_none();
    dsel.distinct = None;
    dsel.group_by = GroupByExpr::Expressions(vec![], vec![]);
    dsel.projection = keys
        .iter()
        .enumerate()
        .map(|(i, k)| SelectItem::ExprWithAlias {
            expr: k.clone(),
            alias: Ident::with_quote('"', format!("__K{i}")),
        })
        .chain(
            args.into_iter()
                .enumerate()
                .map(|(i, a)| SelectItem::ExprWithAlias {
                    expr: a,
                    alias: Ident::with_quote('"', format!("__A{i}")),
                }),
        )
        .chain(std::iter::once(tag_item()))
        .collect();
    Ok(Plan {
        input,
        shape: Shape::Aggregate {
            aggs,
            keys: keys.len(),
            items,
            scalar,
        },
        delta_query: delta,
    })
}
