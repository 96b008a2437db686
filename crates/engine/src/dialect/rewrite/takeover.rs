//! A scratch table taking over the first FROM items of a SELECT: what LATERAL FLATTEN and FULL
//! OUTER JOIN leave once the engine has computed their rows. The table holds every column of the
//! items it replaces, each under a name of its own (`__SG_L<i>`, so that no output name is shadowed);
//! the SELECT's references to those columns (`o.id`, `f.value`, `id`) are renamed to the table's,
//! unnamed select items keep the label Snowflake gives them, and `*` lists the replaced items'
//! columns under their own names.

use super::super::parse::{Name, normalize_ident};
use super::super::walk::{self, Rewrite};
use super::{Relation, Resolver, Rewriter, quoted, wildcard_qualifier};
use crate::error::{Result, SqlError};
use crate::types::SfType;
use gluesql_core::data::Value;
use sqlparser::ast::{Expr, Ident, ObjectName, OrderBy, Select, SelectItem, TableFactor};
use std::ops::ControlFlow;

/// A column of the items taken over: the item's alias, the column's name and type.
pub(super) struct Column {
    pub qualifier: String,
    pub name: String,
    pub ty: SfType,
}

impl From<&super::ScopeColumn> for Column {
    fn from(c: &super::ScopeColumn) -> Column {
        Column {
            qualifier: c.qualifier.clone().unwrap_or_default(),
            name: c.name.clone(),
            ty: c.ty.unwrap_or(SfType::Varchar(None)),
        }
    }
}

/// The label Snowflake gives an unnamed select item.
fn label(e: &Expr) -> String {
    match e {
        Expr::Identifier(i) => normalize_ident(i),
        Expr::CompoundIdentifier(parts) => parts.last().map(normalize_ident).unwrap_or_default(),
        other => other.to_string().to_ascii_uppercase(),
    }
}

fn factor_name(factor: &TableFactor) -> Option<String> {
    match factor {
        TableFactor::Table { name, alias, .. } => Some(match alias {
            Some(a) => normalize_ident(&a.name),
            None => Name::from_object_name(name).last().to_owned(),
        }),
        TableFactor::Derived { alias, .. } | TableFactor::Function { alias, .. } => {
            alias.as_ref().map(|a| normalize_ident(&a.name))
        }
        _ => None,
    }
}

/// Renames references to the columns a scratch table took over.
struct Renamer {
    table: String,
    /// (qualifier, name) -> scratch column.
    columns: Vec<(String, String, String)>,
    depth: usize,
}

impl Renamer {
    fn target(&self, qualifier: Option<&str>, name: &str) -> Option<Expr> {
        let mut found = self
            .columns
            .iter()
            .filter(|(q, n, _)| n == name && qualifier.is_none_or(|x| x == q));
        let (_, _, column) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        Some(Expr::CompoundIdentifier(vec![
            quoted(&self.table),
            quoted(column),
        ]))
    }
}

impl Rewrite for Renamer {
    fn expr(&mut self, _: &mut Expr) -> ControlFlow<SqlError> {
        ControlFlow::Continue(())
    }

    fn enter_query(&mut self) {
        self.depth += 1;
    }

    fn query(&mut self, _: &mut sqlparser::ast::Query) -> ControlFlow<SqlError> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_expr(&mut self, e: &mut Expr) -> ControlFlow<SqlError> {
        let renamed = match e {
            Expr::Identifier(i) if self.depth == 0 => self.target(None, &normalize_ident(i)),
            Expr::CompoundIdentifier(parts) if parts.len() == 2 => self.target(
                Some(&normalize_ident(&parts[0])),
                &normalize_ident(&parts[1]),
            ),
            _ => None,
        };
        if let Some(r) = renamed {
            *e = r;
        }
        ControlFlow::Continue(())
    }
}

impl<R: Resolver> Rewriter<'_, R> {
    /// Replaces the first FROM item and the `joins` joins after it with a scratch table of `rows`
    /// over `columns` (see the module's doc). `what` names the construct in errors.
    pub(super) fn take_over(
        &mut self,
        select: &mut Select,
        order_by: Option<&mut OrderBy>,
        joins: usize,
        columns: Vec<Column>,
        rows: Vec<Vec<Value>>,
        what: &str,
    ) -> Result<()> {
        let stored: Vec<(String, SfType)> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("__SG_L{i}"), c.ty))
            .collect();
        let glue = self.resolver.scratch(stored.clone(), rows)?;
        let table = format!("__SG_TAKEN{}", self.bound.len());
        self.bound.push((
            table.clone(),
            Relation::Table {
                glue,
                columns: stored,
                object: None,
            },
        ));
        let mut renamer = Renamer {
            table: table.clone(),
            columns: columns
                .into_iter()
                .enumerate()
                .map(|(i, c)| (c.qualifier, c.name, format!("__SG_L{i}")))
                .collect(),
            depth: 0,
        };
        let suffix: Vec<String> = select.from[0].joins[joins..]
            .iter()
            .filter_map(|j| factor_name(&j.relation))
            .collect();
        let mut projection = Vec::new();
        for item in std::mem::take(&mut select.projection) {
            match item {
                SelectItem::UnnamedExpr(e) => projection.push(SelectItem::ExprWithAlias {
                    alias: quoted(&label(&e)),
                    expr: e,
                }),
                SelectItem::Wildcard(opts) | SelectItem::QualifiedWildcard(_, opts)
                    if opts.opt_exclude.is_some()
                        || opts.opt_except.is_some()
                        || opts.opt_rename.is_some()
                        || opts.opt_replace.is_some()
                        || opts.opt_ilike.is_some() =>
                {
                    return Err(SqlError::unsupported(format!(
                        "SELECT * with EXCLUDE, RENAME or REPLACE over {what} is not supported yet; name the columns."
                    )));
                }
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..) => {
                    let qualifier = wildcard_qualifier(&item);
                    let flattened = renamer
                        .columns
                        .iter()
                        .filter(|(q, _, _)| qualifier.as_deref().is_none_or(|x| x == q));
                    for (_, name, column) in flattened {
                        projection.push(SelectItem::ExprWithAlias {
                            expr: Expr::CompoundIdentifier(vec![quoted(&table), quoted(column)]),
                            alias: quoted(name),
                        });
                    }
                    let rest = suffix
                        .iter()
                        .filter(|s| qualifier.as_deref().is_none_or(|x| x == s.as_str()));
                    for s in rest {
                        projection.push(SelectItem::QualifiedWildcard(
                            sqlparser::ast::SelectItemQualifiedWildcardKind::ObjectName(
                                ObjectName::from(vec![Ident::new(s)]),
                            ),
                            Default::default(),
                        ));
                    }
                }
                other => projection.push(other),
            }
        }
        select.projection = projection;
        let twj = &mut select.from[0];
        twj.joins.drain(..joins);
        twj.relation = super::table_named(&table, None);
        walk::rewrite(select, &mut renamer)?;
        if let Some(o) = order_by {
            walk::rewrite(o, &mut renamer)?;
        }
        Ok(())
    }
}
