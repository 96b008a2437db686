//! The two places where the rewriter hands rows to the engine for semi-structured data:
//!
//! - **LATERAL FLATTEN** in FROM. The relations before it run as a query of their own (every
//!   column, plus the operands of FLATTEN's INPUT); the engine expands each row into one row per
//!   element ([`crate::variant::flatten`]) in a scratch table with SEQ, KEY, PATH, INDEX, VALUE
//!   and THIS; that table takes their place in FROM, and the SELECT's references to their columns
//!   are renamed to its columns. Several FLATTENs (nested arrays) are expanded left to right.
//! - **Semi-structured expressions** anywhere else in the SELECT: the split described in
//!   [`super::super::engine_exprs`].

use super::super::engine_exprs::{self as semi, Node, Split};
use super::super::infer::{Scope, infer_expr};
use super::super::parse::{Name, normalize_ident, to_position};
use super::super::walk::{self, Rewrite};
use super::{
    Context, Relation, Resolver, Rewriter, query_of, quoted, stored_table, wildcard_columns,
    wildcard_qualifier,
};
use crate::error::{Result, SqlError};
use crate::types::SfType;
use crate::variant::{self, Mode};
use gluesql_core::data::Value;
use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, Ident, JoinConstraint,
    JoinOperator, ObjectName, OrderBy, Select, SelectItem, SetExpr, Spanned, TableFactor,
    TableWithJoins,
};
use std::collections::HashMap;
use std::ops::ControlFlow;

/// FLATTEN's output columns, in Snowflake's order.
const FLATTEN_COLUMNS: [(&str, SfType); 6] = [
    ("SEQ", SfType::INTEGER),
    ("KEY", SfType::Varchar(None)),
    ("PATH", SfType::Varchar(None)),
    ("INDEX", SfType::INTEGER),
    ("VALUE", SfType::Variant),
    ("THIS", SfType::Variant),
];

/// A FLATTEN call in FROM: its arguments, by name or position.
struct Flatten {
    input: Expr,
    path: Vec<variant::Step>,
    outer: bool,
    recursive: bool,
    mode: Mode,
    alias: String,
}

fn flatten_call(factor: &TableFactor) -> Option<(&[FunctionArg], Option<&Ident>)> {
    let is_flatten = |n: &ObjectName| n.to_string().eq_ignore_ascii_case("FLATTEN");
    match factor {
        TableFactor::Function {
            name, args, alias, ..
        } if is_flatten(name) => Some((args, alias.as_ref().map(|a| &a.name))),
        TableFactor::TableFunction {
            expr: Expr::Function(f),
            alias,
        } if is_flatten(&f.name) => match &f.args {
            FunctionArguments::List(list) => Some((&list.args, alias.as_ref().map(|a| &a.name))),
            _ => None,
        },
        TableFactor::Table {
            name,
            args: Some(args),
            alias,
            ..
        } if is_flatten(name) => Some((&args.args, alias.as_ref().map(|a| &a.name))),
        _ => None,
    }
}

fn parse_flatten(factor: &TableFactor) -> Result<Flatten> {
    let (args, alias) = flatten_call(factor).expect("called on a FLATTEN");
    let position = to_position(factor.span().start);
    let names = ["INPUT", "PATH", "OUTER", "RECURSIVE", "MODE"];
    let mut given: HashMap<&str, &Expr> = HashMap::new();
    for (i, a) in args.iter().enumerate() {
        let (name, e) = match a {
            FunctionArg::Named {
                name,
                arg: FunctionArgExpr::Expr(e),
                ..
            } => {
                let n = normalize_ident(name);
                let Some(known) = names.iter().find(|k| **k == n) else {
                    return Err(SqlError::invalid(format!(
                        "Invalid argument name '{n}' for function FLATTEN."
                    ))
                    .at(position));
                };
                (*known, e)
            }
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) if i < names.len() => (names[i], e),
            _ => {
                return Err(
                    SqlError::invalid("Invalid arguments for function FLATTEN.").at(position)
                );
            }
        };
        given.insert(name, e);
    }
    let input = given
        .get("INPUT")
        .map(|e| (*e).clone())
        .ok_or_else(|| SqlError::invalid("FLATTEN needs an INPUT argument.").at(position))?;
    let constant = |name: &str| -> Result<Option<Value>> {
        match given.get(name) {
            None => Ok(None),
            Some(e) => match semi::literal(e) {
                Some(v) => Ok(Some(v)),
                None => Err(SqlError::invalid(format!(
                    "FLATTEN's {name} argument must be a constant."
                ))
                .at(position)),
            },
        }
    };
    let flag = |name: &str| -> Result<bool> {
        Ok(match constant(name)? {
            None => false,
            Some(Value::Bool(b)) => b,
            Some(_) => {
                return Err(SqlError::invalid(format!(
                    "FLATTEN's {name} argument must be TRUE or FALSE."
                ))
                .at(position));
            }
        })
    };
    let path = match constant("PATH")? {
        None => Vec::new(),
        Some(Value::Str(p)) => {
            variant::parse_path(&p).map_err(|m| SqlError::invalid(m).at(position))?
        }
        Some(_) => {
            return Err(SqlError::invalid("FLATTEN's PATH must be a string.").at(position));
        }
    };
    let mode = match constant("MODE")? {
        None => Mode::Both,
        Some(Value::Str(m)) => match m.to_ascii_uppercase().as_str() {
            "BOTH" => Mode::Both,
            "OBJECT" => Mode::Object,
            "ARRAY" => Mode::Array,
            _ => {
                return Err(SqlError::invalid(format!(
                    "FLATTEN's MODE must be 'OBJECT', 'ARRAY' or 'BOTH', not '{m}'."
                ))
                .at(position));
            }
        },
        Some(_) => return Err(SqlError::invalid("FLATTEN's MODE must be a string.").at(position)),
    };
    Ok(Flatten {
        input,
        path,
        outer: flag("OUTER")?,
        recursive: flag("RECURSIVE")?,
        mode,
        alias: alias
            .map(normalize_ident)
            .unwrap_or_else(|| "FLATTEN".to_owned()),
    })
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

/// Renames references to the columns a FLATTEN's scratch table took over.
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
    /// Expands every LATERAL FLATTEN of `select`'s FROM (see the module's doc).
    pub(super) fn expand_flattens(
        &mut self,
        select: &mut Select,
        order_by: Option<&mut OrderBy>,
        context: &Context,
    ) -> Result<()> {
        let mut order_by = order_by;
        loop {
            let Some(twj) = select.from.first_mut() else {
                return Ok(());
            };
            let at = std::iter::once(&twj.relation)
                .chain(twj.joins.iter().map(|j| &j.relation))
                .position(|f| flatten_call(f).is_some());
            let Some(at) = at else { return Ok(()) };
            self.expand_flatten(select, at, order_by.as_deref_mut(), context)?;
        }
    }

    fn expand_flatten(
        &mut self,
        select: &mut Select,
        at: usize,
        order_by: Option<&mut OrderBy>,
        context: &Context,
    ) -> Result<()> {
        let twj = &mut select.from[0];
        let factor = if at == 0 {
            &twj.relation
        } else {
            &twj.joins[at - 1].relation
        };
        let flatten = parse_flatten(factor)?;
        if at > 0 {
            match &twj.joins[at - 1].join_operator {
                JoinOperator::Join(c) | JoinOperator::Inner(c) | JoinOperator::CrossJoin(c)
                    if matches!(c, JoinConstraint::None) || is_on_true(c) => {}
                _ => {
                    return Err(SqlError::unsupported(
                        "Only an inner or comma join to LATERAL FLATTEN is supported; use OUTER => TRUE to keep rows without elements.",
                    )
                    .at(to_position(factor.span().start)));
                }
            }
        }
        // The relations before FLATTEN, resolved on a copy.
        let mut scope = Scope::default();
        let mut prefix = None;
        if at > 0 {
            let mut p = TableWithJoins {
                relation: twj.relation.clone(),
                joins: twj.joins[..at - 1].to_vec(),
            };
            self.table_with_joins(&mut p, context, &mut scope)?;
            prefix = Some(p);
        }
        let mut split = Split::new(&scope, 0);
        let node = if semi::is_engine_expr(&flatten.input) && semi::ready(&flatten.input) {
            semi::compile(&flatten.input, &mut |x| Ok(split.hide(x)))?
        } else if !semi::has_engine_expr(&flatten.input) {
            Node::Col(split.hide(&flatten.input))
        } else {
            return Err(SqlError::unsupported(format!(
                "FLATTEN input '{}' is not supported yet.",
                flatten.input
            ))
            .at(to_position(flatten.input.span().start)));
        };
        let n = scope.columns.len();
        let mut base = super::select_star();
        base.projection = scope
            .columns
            .iter()
            .map(|c| {
                let mut parts: Vec<Ident> = c.qualifier.iter().map(|q| quoted(q)).collect();
                parts.push(quoted(&c.name));
                Expr::CompoundIdentifier(parts)
            })
            .chain(split.hidden.iter().cloned())
            .enumerate()
            .map(|(i, expr)| SelectItem::ExprWithAlias {
                expr,
                alias: quoted(&format!("__SG_L{i}")),
            })
            .collect();
        if base.projection.is_empty() {
            base.projection.push(SelectItem::UnnamedExpr(Expr::value(
                sqlparser::ast::Value::Null,
            )));
        }
        base.from = prefix.into_iter().collect();
        let mut query = query_of(SetExpr::Select(base));
        let rows = self.run_structured(&mut query, context)?;
        let mut out = Vec::new();
        for (seq, row) in rows.iter().enumerate() {
            let input = semi::eval(&node, &row[n..])?;
            for flat in variant::flatten(
                &input,
                &flatten.path,
                flatten.outer,
                flatten.recursive,
                flatten.mode,
            ) {
                let mut r = row[..n].to_vec();
                r.extend([
                    Value::Decimal((seq as u64 + 1).into()),
                    flat.key,
                    Value::Str(flat.path),
                    flat.index,
                    flat.value,
                    flat.this,
                ]);
                out.push(r);
            }
        }
        // Every column gets a name of its own, so that no output name is shadowed by one of them.
        let types = scope
            .columns
            .iter()
            .map(|c| c.ty.unwrap_or(SfType::Varchar(None)))
            .chain(FLATTEN_COLUMNS.iter().map(|(_, t)| *t));
        let columns: Vec<(String, SfType)> = types
            .enumerate()
            .map(|(i, t)| (format!("__SG_L{i}"), t))
            .collect();
        let glue = self.resolver.scratch(columns.clone(), out)?;
        let table = format!("__SG_FLAT{}", self.bound.len());
        self.bound.push((
            table.clone(),
            Relation::Table {
                glue,
                columns,
                object: None,
            },
        ));
        // References to the prefix's and FLATTEN's columns now name the scratch table's.
        let mut renamer = Renamer {
            table: table.clone(),
            columns: scope
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    (
                        c.qualifier.clone().unwrap_or_default(),
                        c.name.clone(),
                        format!("__SG_L{i}"),
                    )
                })
                .chain(FLATTEN_COLUMNS.iter().enumerate().map(|(i, (c, _))| {
                    (
                        flatten.alias.clone(),
                        (*c).to_owned(),
                        format!("__SG_L{}", n + i),
                    )
                }))
                .collect(),
            depth: 0,
        };
        let suffix: Vec<String> = select.from[0].joins[at..]
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
                    return Err(SqlError::unsupported(
                        "SELECT * with EXCLUDE, RENAME or REPLACE over LATERAL FLATTEN is not supported yet; name the columns.",
                    ));
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
        twj.joins.drain(..at);
        twj.relation = super::table_named(&table, None);
        walk::rewrite(select, &mut renamer)?;
        if let Some(o) = order_by {
            walk::rewrite(o, &mut renamer)?;
        }
        Ok(())
    }

    /// Evaluates the semi-structured expressions of `select` (see `dialect/engine_exprs.rs`):
    /// runs its base, computes them into a scratch table, and leaves `select` as the outer SELECT
    /// over that table. Returns whether it did (false when there are none).
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
                        if semi::has_engine_expr(on) =>
                    {
                        return Err(SqlError::unsupported(
                            "A LEFT JOIN condition on an expression over both sides (semi-structured or engine-evaluated) is not supported yet; compute it in a subquery first.",
                        )
                        .at(to_position(on.span().start)));
                    }
                    _ => continue,
                };
                if semi::has_engine_expr(on) {
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
        let order_has = order_by.as_deref().is_some_and(semi::has_engine_expr);
        let select_has = select.projection.iter().any(semi::has_engine_expr)
            || select.selection.as_ref().is_some_and(semi::has_engine_expr)
            || semi::has_engine_expr(&select.group_by)
            || select.having.as_ref().is_some_and(semi::has_engine_expr)
            || select.qualify.as_ref().is_some_and(semi::has_engine_expr);
        if !select_has && !order_has {
            return Ok(None);
        }
        let mut split = Split::new(scope, pass);
        let mut base = (*super::select_star()).clone();
        base.from = select.from.clone();
        // A filter without such expressions runs in the base, before anything is copied.
        if !select.selection.as_ref().is_some_and(semi::has_engine_expr) {
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
        if split.hidden.is_empty() {
            split.hide(&Expr::value(sqlparser::ast::Value::Null));
        }
        base.projection = split
            .hidden
            .iter()
            .enumerate()
            .map(|(i, e)| SelectItem::ExprWithAlias {
                expr: e.clone(),
                alias: quoted(&split.hidden_name(i)),
            })
            .collect();
        let mut query = query_of(SetExpr::Select(Box::new(base)));
        let mut rows = self.run_structured(&mut query, context)?;
        for row in rows.iter_mut() {
            let computed = split
                .nodes
                .iter()
                .map(|node| semi::eval(node, row))
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
            let ty = semi::node_type(node)
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
            if !semi::has_engine_expr(&on) {
                continue;
            }
            // The ready expressions of the condition, by the item they read.
            let mut found: Vec<(String, Expr)> = Vec::new();
            let _ = walk::each_expr_mut(&mut on.clone(), &mut |x| {
                if semi::is_engine_expr(x)
                    && semi::ready(x)
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

fn is_on_true(c: &JoinConstraint) -> bool {
    matches!(c, JoinConstraint::On(Expr::Value(v)) if matches!(v.value, sqlparser::ast::Value::Boolean(true)))
}
