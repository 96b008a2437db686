//! Checking that the column names a SELECT uses exist, when it is compiled: Snowflake rejects
//! `SELECT nope FROM t` with `invalid identifier 'NOPE'` whether or not `t` has rows, while GlueSQL
//! only notices while evaluating a row — so an empty table would let a typo through (and a dynamic
//! table created over an empty source would fail only at a later refresh).

use super::ast::date_part_word;
use super::infer::Scope;
use super::parse::{normalize_ident, to_position};
use super::walk::{Inspect, inspect};
use crate::error::{Result, SqlError};
use sqlparser::ast::{Expr, GroupByExpr, Ident, Select, SelectItem};
use std::ops::ControlFlow;

/// Collects the identifiers of an expression that belong to this SELECT, not to the subqueries
/// inside it (those have their own scope and are checked when they are rewritten).
#[derive(Default)]
struct Collector {
    depth: usize,
    found: Vec<(Option<Ident>, Ident)>,
}

impl Inspect for Collector {
    fn enter_query(&mut self) {
        self.depth += 1;
    }

    fn leave_query(&mut self) {
        self.depth -= 1;
    }

    fn expr(&mut self, e: &Expr) -> ControlFlow<()> {
        if self.depth == 0 {
            match e {
                Expr::Identifier(i) => self.found.push((None, i.clone())),
                Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                    self.found.push((Some(parts[0].clone()), parts[1].clone()))
                }
                _ => {}
            }
        }
        ControlFlow::Continue(())
    }
}

/// Fails with Snowflake's `invalid identifier` for the first column name in the select list,
/// WHERE, GROUP BY or HAVING of `select` that is neither in its FROM clause's `scope` nor one of
/// its output `aliases`. Qualified names whose qualifier is not a FROM item (an outer query's, in
/// a correlated subquery) are left alone, as is a scope that is not known.
pub fn check_select(select: &Select, scope: &Scope, aliases: &[String]) -> Result<()> {
    if scope.columns.is_empty() {
        return Ok(());
    }
    let mut collector = Collector::default();
    for item in &select.projection {
        if let SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } = item {
            let _ = inspect(e, &mut collector);
        }
    }
    if let Some(e) = &select.selection {
        let _ = inspect(e, &mut collector);
    }
    if let GroupByExpr::Expressions(exprs, _) = &select.group_by {
        for e in exprs {
            let _ = inspect(e, &mut collector);
        }
    }
    if let Some(e) = &select.having {
        let _ = inspect(e, &mut collector);
    }
    let known = |name: &str| scope.columns.iter().any(|c| c.name == name);
    for (qualifier, ident) in collector.found {
        let name = normalize_ident(&ident);
        // A bare date or time part (`DATEDIFF(day, a, b)`) parses as an identifier, not a column.
        let date_part = ident.quote_style.is_none() && date_part_word(&name).is_some();
        let missing =
            match &qualifier {
                None => !(known(&name) || aliases.contains(&name) || date_part),
                Some(q) => {
                    let q = normalize_ident(q);
                    scope.columns.iter().any(|c| {
                        c.qualifier.as_deref().map(str::to_ascii_uppercase) == Some(q.clone())
                    }) && !scope.columns.iter().any(|c| {
                        c.name == name
                            && c.qualifier.as_deref().map(str::to_ascii_uppercase)
                                == Some(q.clone())
                    })
                }
            };
        if missing {
            return Err(SqlError::invalid_identifier(&name).at(to_position(ident.span.start)));
        }
    }
    Ok(())
}
