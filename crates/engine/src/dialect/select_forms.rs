//! Snowflake SELECT forms that GlueSQL lacks, put in the terms it has before a SELECT is rewritten:
//!
//! - comma joins (`FROM a, b WHERE ...`), `CROSS JOIN` and `JOIN` without a condition become
//!   `JOIN ... ON TRUE`; `JOIN ... USING (k)` and NATURAL JOIN become the condition on the shared
//!   columns once the FROM items are resolved; `a RIGHT JOIN b` is `b LEFT JOIN a` (a's columns
//!   first in `*`); a FULL OUTER JOIN that comes first is left to the engine; the joins it cannot
//!   run (a FULL OUTER or RIGHT join among several) are refused by name;
//! - `GROUP BY ALL` groups by every select item that holds no aggregate;
//! - a select-list alias used in WHERE, GROUP BY, HAVING or a later select item (`SELECT a + 1 AS
//!   x, x * 2 ... WHERE x > 0`) stands for its expression, unless a FROM column has that name;
//! - `* EXCLUDE (...)`, `* RENAME (...)` and `* REPLACE (...)` become the columns they describe.

use super::infer::{Scope, ScopeColumn};
use super::parse::{normalize_ident, to_position};
use super::walk::{any_expr, each_expr_mut};
use crate::error::{Result, SqlError};
use sqlparser::ast::{
    ExcludeSelectItem, Expr, GroupByExpr, Ident, Join, JoinConstraint, JoinOperator,
    RenameSelectItem, Select, SelectItem, Spanned, Value, WildcardAdditionalOptions,
};

/// Names of the aggregate functions Snowflake has (GROUP BY ALL leaves items with these out).
pub const AGGREGATES: &[&str] = &[
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "COUNT_IF",
    "ANY_VALUE",
    "STDDEV",
    "STDDEV_POP",
    "STDDEV_SAMP",
    "VARIANCE",
    "VARIANCE_POP",
    "VARIANCE_SAMP",
    "VAR_POP",
    "VAR_SAMP",
    "MEDIAN",
    "LISTAGG",
    "ARRAY_AGG",
    "MODE",
    "APPROX_COUNT_DISTINCT",
    "BOOLAND_AGG",
    "BOOLOR_AGG",
    "MIN_BY",
    "MAX_BY",
    "ARRAYAGG",
    "OBJECT_AGG",
    "PERCENTILE_CONT",
    "PERCENTILE_DISC",
    "HLL",
];

/// Whether `e` is an aggregate call (not a window function).
pub fn is_aggregate_call(e: &Expr) -> bool {
    matches!(e, Expr::Function(f) if f.over.is_none()
        && AGGREGATES.contains(&f.name.to_string().to_ascii_uppercase().as_str()))
}

/// Whether `e` calls an aggregate anywhere inside it.
pub fn contains_aggregate(e: &Expr) -> bool {
    any_expr(e, &is_aggregate_call)
}

fn on_true() -> JoinOperator {
    JoinOperator::Inner(JoinConstraint::On(Expr::value(Value::Boolean(true))))
}

/// Turns comma joins and CROSS JOIN into `JOIN ... ON TRUE` and refuses the joins GlueSQL lacks.
pub fn joins(select: &mut Select) -> Result<()> {
    let mut from = std::mem::take(&mut select.from).into_iter();
    let Some(mut first) = from.next() else {
        return Ok(());
    };
    // `a RIGHT JOIN b ON c` is `b LEFT JOIN a ON c` with a's columns first in `*`.
    if let [join] = first.joins.as_mut_slice()
        && let JoinOperator::Right(c) | JoinOperator::RightOuter(c) = &join.join_operator
        && from.len() == 0
    {
        let constraint = c.clone();
        let names: Vec<Option<String>> = [&first.relation, &join.relation]
            .iter()
            .map(|f| written_alias(f))
            .collect();
        std::mem::swap(&mut first.relation, &mut join.relation);
        join.join_operator = JoinOperator::LeftOuter(constraint);
        let merges = matches!(
            join.join_operator,
            JoinOperator::LeftOuter(JoinConstraint::Using(_) | JoinConstraint::Natural)
        );
        if let ([Some(left), Some(right)], false) = (names.as_slice(), merges) {
            let mut projection = Vec::new();
            for item in std::mem::take(&mut select.projection) {
                match item {
                    SelectItem::Wildcard(opts) if opts == WildcardAdditionalOptions::default() => {
                        for n in [left, right] {
                            projection.push(SelectItem::QualifiedWildcard(
                                sqlparser::ast::SelectItemQualifiedWildcardKind::ObjectName(
                                    sqlparser::ast::ObjectName::from(vec![Ident::new(n)]),
                                ),
                                WildcardAdditionalOptions::default(),
                            ));
                        }
                    }
                    other => projection.push(other),
                }
            }
            select.projection = projection;
        }
    }
    for twj in from {
        first.joins.push(Join {
            relation: twj.relation,
            global: false,
            join_operator: on_true(),
        });
        first.joins.extend(twj.joins);
    }
    for (i, join) in first.joins.iter_mut().enumerate() {
        use JoinOperator as J;
        let position = to_position(join.relation.span().start);
        let refuse = |what: &str| {
            Err(SqlError::unsupported(format!("{what} is not supported yet.")).at(position))
        };
        match &join.join_operator {
            J::CrossJoin(JoinConstraint::None)
            | J::Join(JoinConstraint::None)
            | J::Inner(JoinConstraint::None) => join.join_operator = on_true(),
            J::Join(JoinConstraint::On(_))
            | J::Inner(JoinConstraint::On(_))
            | J::Left(JoinConstraint::On(_))
            | J::LeftOuter(JoinConstraint::On(_)) => {}
            J::Join(JoinConstraint::Using(_) | JoinConstraint::Natural)
            | J::Inner(JoinConstraint::Using(_) | JoinConstraint::Natural)
            | J::Left(JoinConstraint::Using(_) | JoinConstraint::Natural)
            | J::LeftOuter(JoinConstraint::Using(_) | JoinConstraint::Natural) => {}
            J::Join(c) | J::Inner(c) | J::Left(c) | J::LeftOuter(c) => match c {
                JoinConstraint::UsingAlias(..) => {
                    return refuse("JOIN ... USING (...) AS alias");
                }
                _ => return refuse("This join form"),
            },
            J::Right(_) | J::RightOuter(_) => {
                return refuse(
                    "RIGHT OUTER JOIN among several joins (write it as a LEFT JOIN, or join two tables)",
                );
            }
            // The engine computes a FULL OUTER JOIN that comes first (rewrite/full_join.rs).
            J::FullOuter(_) if i == 0 => {}
            J::FullOuter(_) => return refuse("FULL OUTER JOIN after another join"),
            _ => return refuse("This join form"),
        }
    }
    select.from = vec![first];
    Ok(())
}

/// The name a FROM item goes by as written: its alias, or its table's name.
fn written_alias(factor: &sqlparser::ast::TableFactor) -> Option<String> {
    use sqlparser::ast::TableFactor as F;
    match factor {
        F::Table { alias: Some(a), .. } | F::Derived { alias: Some(a), .. } => {
            Some(normalize_ident(&a.name))
        }
        F::Table { name, .. } => Some(super::parse::Name::from_object_name(name).last().to_owned()),
        _ => None,
    }
}

/// The alias of a resolved FROM item.
fn resolved_alias(factor: &sqlparser::ast::TableFactor) -> Option<String> {
    use sqlparser::ast::TableFactor as F;
    match factor {
        F::Table { alias, .. } | F::Derived { alias, .. } => {
            alias.as_ref().map(|a| normalize_ident(&a.name))
        }
        _ => None,
    }
}

/// `JOIN … USING (k, …)` and `NATURAL JOIN` (USING the shared columns) once the FROM items are
/// resolved: the condition `left.k = right.k` for
/// each column (the left one being the first earlier item that has it), an unqualified `k` reading
/// the left one (the join's merged column), and `*` listing each merged column once, first.
pub fn using_joins(
    select: &mut Select,
    order_by: Option<&mut sqlparser::ast::OrderBy>,
    scope: &Scope,
) -> Result<()> {
    let Some(twj) = select.from.first_mut() else {
        return Ok(());
    };
    let mut merged: Vec<(String, String, String)> = Vec::new();
    let mut seen = vec![resolved_alias(&twj.relation)];
    for join in twj.joins.iter_mut() {
        let right = resolved_alias(&join.relation);
        let constraint = match &mut join.join_operator {
            JoinOperator::Join(c)
            | JoinOperator::Inner(c)
            | JoinOperator::Left(c)
            | JoinOperator::LeftOuter(c) => c,
            _ => {
                seen.push(right);
                continue;
            }
        };
        // NATURAL: USING the columns the right item shares with the items before it.
        if matches!(constraint, JoinConstraint::Natural) {
            let shared: Vec<sqlparser::ast::ObjectName> = scope
                .columns
                .iter()
                .filter(|c| c.qualifier == right)
                .filter(|c| {
                    scope
                        .columns
                        .iter()
                        .any(|l| l.name == c.name && seen.contains(&l.qualifier))
                })
                .map(|c| sqlparser::ast::ObjectName::from(vec![super::ast::quoted(&c.name)]))
                .collect();
            *constraint = if shared.is_empty() {
                JoinConstraint::On(Expr::value(Value::Boolean(true)))
            } else {
                JoinConstraint::Using(shared)
            };
        }
        if let JoinConstraint::Using(names) = constraint {
            let mut condition: Option<Expr> = None;
            for n in names.iter() {
                let name = super::parse::Name::from_object_name(n);
                let col = name.last().to_owned();
                let left = scope
                    .columns
                    .iter()
                    .find(|c| c.name == col && seen.contains(&c.qualifier))
                    .and_then(|c| c.qualifier.clone());
                let has_right = scope
                    .columns
                    .iter()
                    .any(|c| c.name == col && c.qualifier == right);
                let (Some(left), Some(r), true) = (left, right.clone(), has_right) else {
                    return Err(SqlError::invalid_identifier(&col).at(name.position));
                };
                let eq = Expr::BinaryOp {
                    left: Box::new(qualified(&left, &col)),
                    op: sqlparser::ast::BinaryOperator::Eq,
                    right: Box::new(qualified(&r, &col)),
                };
                condition = Some(match condition {
                    Some(c) => Expr::BinaryOp {
                        left: Box::new(c),
                        op: sqlparser::ast::BinaryOperator::And,
                        right: Box::new(eq),
                    },
                    None => eq,
                });
                if !merged.iter().any(|(_, _, c)| *c == col) {
                    merged.push((left, r, col));
                }
            }
            if let Some(c) = condition {
                *constraint = JoinConstraint::On(c);
            }
        }
        seen.push(right);
    }
    if merged.is_empty() {
        return Ok(());
    }
    let mut projection = Vec::new();
    for item in std::mem::take(&mut select.projection) {
        match item {
            SelectItem::Wildcard(opts) if opts == WildcardAdditionalOptions::default() => {
                for (left, _, col) in &merged {
                    projection.push(SelectItem::ExprWithAlias {
                        expr: qualified(left, col),
                        alias: super::ast::quoted(col),
                    });
                }
                for c in &scope.columns {
                    let is_merged = merged.iter().any(|(l, r, col)| {
                        *col == c.name
                            && (c.qualifier.as_deref() == Some(l)
                                || c.qualifier.as_deref() == Some(r))
                    });
                    if !is_merged {
                        projection.push(SelectItem::ExprWithAlias {
                            expr: qualified(c.qualifier.as_deref().unwrap_or_default(), &c.name),
                            alias: super::ast::quoted(&c.name),
                        });
                    }
                }
            }
            other => projection.push(other),
        }
    }
    select.projection = projection;
    let mut qualify = |e: &mut Expr| -> Result<()> {
        if let Expr::Identifier(i) = e
            && let Some((left, _, col)) = merged.iter().find(|(_, _, c)| *c == normalize_ident(i))
        {
            *e = qualified(left, col);
        }
        Ok(())
    };
    for item in select.projection.iter_mut() {
        if let SelectItem::UnnamedExpr(e) = item
            && let Expr::Identifier(i) = e
            && merged.iter().any(|(_, _, c)| *c == normalize_ident(i))
        {
            let alias = normalize_ident(i);
            *item = SelectItem::ExprWithAlias {
                expr: e.clone(),
                alias: super::ast::quoted(&alias),
            };
        }
    }
    each_expr_mut(&mut select.projection, &mut qualify)?;
    each_expr_mut(&mut select.selection, &mut qualify)?;
    each_expr_mut(&mut select.group_by, &mut qualify)?;
    each_expr_mut(&mut select.having, &mut qualify)?;
    each_expr_mut(&mut select.qualify, &mut qualify)?;
    if let Some(o) = order_by {
        each_expr_mut(o, &mut qualify)?;
    }
    Ok(())
}

fn qualified(qualifier: &str, name: &str) -> Expr {
    Expr::CompoundIdentifier(vec![
        super::ast::quoted(qualifier),
        super::ast::quoted(name),
    ])
}

/// `GROUP BY ALL`: the select items without aggregates become the grouping keys.
pub fn group_by_all(select: &mut Select) -> Result<()> {
    let GroupByExpr::All(modifiers) = &select.group_by else {
        return Ok(());
    };
    if !modifiers.is_empty() {
        return Err(SqlError::unsupported(
            "GROUP BY ALL with modifiers is not supported.",
        ));
    }
    let mut keys = Vec::new();
    for item in &select.projection {
        match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                if !contains_aggregate(e) && !matches!(e, Expr::Value(_)) {
                    keys.push(e.clone());
                }
            }
            _ => {
                return Err(SqlError::unsupported(
                    "GROUP BY ALL with * in the select list is not supported yet.",
                ));
            }
        }
    }
    select.group_by = GroupByExpr::Expressions(keys, vec![]);
    Ok(())
}

/// Replaces, in a select item, WHERE, GROUP BY and HAVING, an identifier that names a select-list
/// alias (for a select item, of an item before it) and no FROM column by the aliased expression.
pub fn aliases(select: &mut Select, scope: &Scope) -> Result<()> {
    // Items first, in order, so that each one's expression is complete when a later one uses it.
    for i in 1..select.projection.len() {
        let (before, rest) = select.projection.split_at_mut(i);
        let earlier = aliased(before);
        if let SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } = &mut rest[0]
        {
            substitute(e, &earlier, scope)?;
        }
    }
    let all = aliased(&select.projection);
    if all.is_empty() {
        return Ok(());
    }
    let mut clauses: Vec<&mut Expr> = select
        .selection
        .iter_mut()
        .chain(select.having.as_mut())
        .collect();
    if let GroupByExpr::Expressions(exprs, _) = &mut select.group_by {
        clauses.extend(exprs.iter_mut());
    }
    for e in clauses {
        substitute(e, &all, scope)?;
    }
    Ok(())
}

/// The (alias, expression) pairs of `items`.
fn aliased(items: &[SelectItem]) -> Vec<(String, Expr)> {
    items
        .iter()
        .filter_map(|item| match item {
            SelectItem::ExprWithAlias { expr, alias } => {
                Some((normalize_ident(alias), expr.clone()))
            }
            _ => None,
        })
        .collect()
}

/// Puts the last of `aliased` that an identifier of `e` names in its place, unless a FROM column
/// has that name.
fn substitute(e: &mut Expr, aliased: &[(String, Expr)], scope: &Scope) -> Result<()> {
    each_expr_mut(e, &mut |x: &mut Expr| {
        if let Expr::Identifier(id) = x {
            let name = normalize_ident(id);
            if !scope.columns.iter().any(|c| c.name == name)
                && let Some((_, expr)) = aliased.iter().rev().find(|(a, _)| *a == name)
            {
                *x = Expr::Nested(Box::new(expr.clone()));
            }
        }
        Ok(())
    })
}

/// Expands `* EXCLUDE / RENAME / REPLACE` (and `q.*` with them) into the select items they mean;
/// `columns` gives the columns each wildcard covers.
pub fn wildcard_options(
    select: &mut Select,
    columns: impl Fn(&SelectItem) -> Vec<ScopeColumn>,
) -> Result<()> {
    let mut projection = Vec::with_capacity(select.projection.len());
    for item in std::mem::take(&mut select.projection) {
        let options = match &item {
            SelectItem::Wildcard(o) | SelectItem::QualifiedWildcard(_, o) => o,
            _ => {
                projection.push(item);
                continue;
            }
        };
        let WildcardAdditionalOptions {
            opt_ilike,
            opt_exclude,
            opt_except,
            opt_replace,
            opt_rename,
            ..
        } = options;
        if opt_ilike.is_some() || opt_except.is_some() {
            return Err(SqlError::unsupported(
                "SELECT * ILIKE / EXCEPT is not supported yet (use EXCLUDE).",
            ));
        }
        if opt_exclude.is_none() && opt_replace.is_none() && opt_rename.is_none() {
            projection.push(item);
            continue;
        }
        let excluded: Vec<String> = match opt_exclude {
            Some(ExcludeSelectItem::Single(n)) => {
                vec![super::parse::Name::from_object_name(n).last().to_owned()]
            }
            Some(ExcludeSelectItem::Multiple(ns)) => ns
                .iter()
                .map(|n| super::parse::Name::from_object_name(n).last().to_owned())
                .collect(),
            None => vec![],
        };
        let renamed: Vec<(String, Ident)> = match opt_rename {
            Some(RenameSelectItem::Single(r)) => vec![(normalize_ident(&r.ident), r.alias.clone())],
            Some(RenameSelectItem::Multiple(rs)) => rs
                .iter()
                .map(|r| (normalize_ident(&r.ident), r.alias.clone()))
                .collect(),
            None => vec![],
        };
        let replaced: Vec<(String, Expr)> = opt_replace
            .iter()
            .flat_map(|r| r.items.iter())
            .map(|r| (normalize_ident(&r.column_name), r.expr.clone()))
            .collect();
        let covered = columns(&item);
        for name in excluded.iter().chain(renamed.iter().map(|(n, _)| n)) {
            if !covered.iter().any(|c| &c.name == name) {
                return Err(SqlError::invalid_identifier(name));
            }
        }
        for c in covered {
            if excluded.contains(&c.name) {
                continue;
            }
            let mut parts: Vec<Ident> = c.qualifier.iter().map(|q| super::ast::quoted(q)).collect();
            parts.push(super::ast::quoted(&c.name));
            let expr = replaced
                .iter()
                .find(|(n, _)| *n == c.name)
                .map_or(Expr::CompoundIdentifier(parts), |(_, x)| x.clone());
            let alias = renamed
                .iter()
                .find(|(n, _)| *n == c.name)
                .map_or_else(|| super::ast::quoted(&c.name), |(_, a)| a.clone());
            projection.push(SelectItem::ExprWithAlias { expr, alias });
        }
    }
    select.projection = projection;
    Ok(())
}
