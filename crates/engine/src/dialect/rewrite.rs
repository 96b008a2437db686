//! Rewriting a Snowflake query into the SQL that GlueSQL runs: names resolved to storage tables,
//! views and CTEs inlined as derived tables, identifiers folded the Snowflake way and quoted,
//! Snowflake functions (IFF, DATEDIFF, DATE_TRUNC, NVL, ...) expressed in GlueSQL's, the virtual
//! clock substituted for CURRENT_TIMESTAMP, and `GROUP BY <ordinal>` made explicit.
//!
//! Layout: this file is the [`Rewriter`] — the walk over a query's structure (bodies, set
//! operations, SELECTs, FROM items, CTE scoping), whose methods share one scope state and so stay
//! together; the forms that take a SELECT over live in `rewrite/` (grouped, lateral, full joins,
//! engine-evaluated expressions, takeovers), and expressions in `rewrite/functions.rs` and
//! `rewrite/dates.rs`. The AST builders everything uses are in `dialect/ast.rs`, below it.

use super::ast::{const_int, query_of};
use super::ast::{date_part_word, number, quoted, string, string_literal};
use super::infer::{Scope, ScopeColumn, infer_expr};
use super::parse::{Name, normalize_ident, to_position};
use super::walk::{any_expr, each_expr_mut};
use super::{select_forms, windows};
use functions::{plain_args, rewrite_expressions};

pub mod dates;
mod engine_exprs;
mod full_join;
pub mod functions;
mod grouped;
mod lateral;
mod takeover;
use crate::error::{Result, SqlError};
use crate::types::SfType;
use chrono::NaiveDateTime;
use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, Ident, ObjectName,
    ObjectNamePart, OrderBy, OrderByKind, Query, Select, SelectItem,
    SelectItemQualifiedWildcardKind, SetExpr, SetOperator, SetQuantifier, Spanned, TableAlias,
    TableFactor, TableWithJoins, Value, ValueWithSpan,
};

/// The database and schema unqualified names resolve in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    /// The current database, if any.
    pub database: Option<String>,
    /// The current schema, if any.
    pub schema: Option<String>,
}

impl Context {
    /// Names resolve in the database and schema of the object `q` (a view's or dynamic table's own).
    pub fn of(q: &crate::catalog::QName) -> Context {
        Context {
            database: Some(q.database.clone()),
            schema: Some(q.schema.clone()),
        }
    }
}

/// What a name in FROM refers to.
#[derive(Clone)]
pub enum Relation {
    /// A stored table (base table, dynamic table, or a materialized INFORMATION_SCHEMA result).
    Table {
        /// The GlueSQL table holding the rows.
        glue: String,
        /// Its columns with their Snowflake types, in order.
        columns: Vec<(String, SfType)>,
        /// The fully qualified name of a catalog object, for dependency tracking.
        object: Option<String>,
    },
    /// A view, expanded in place.
    View {
        /// The view's query, parsed.
        query: Box<Query>,
        /// Where names in the view's query resolve: the view's own database and schema.
        context: Context,
        /// The view's fully qualified name, for dependency tracking.
        object: String,
    },
}

/// Answers name look-ups for the rewriter.
pub trait Resolver {
    /// The table, dynamic table, stream or view a name in FROM refers to.
    fn relation(&mut self, name: &Name, context: &Context) -> Result<Relation>;
    /// `TABLE(INFORMATION_SCHEMA.F(arg => value, ...))`.
    fn table_function(
        &mut self,
        name: &Name,
        args: Vec<(Option<String>, String)>,
        context: &Context,
    ) -> Result<Relation>;
    /// The virtual clock's time, for CURRENT_TIMESTAMP and the other clock functions.
    fn now(&self) -> NaiveDateTime;
    /// Runs a query already in GlueSQL's terms and returns its rows (the base of a SELECT whose
    /// window functions the engine evaluates).
    fn run(&mut self, sql: &str) -> Result<Vec<Vec<gluesql_core::data::Value>>>;
    /// `GET_DDL(kind, name)`: the object's DDL.
    fn ddl(&mut self, kind: &str, name: &str, context: &Context) -> Result<String>;
    /// `LAST_QUERY_ID(n)`: the id of the session's n-th statement (from the end when negative).
    fn query_id(&self, n: i64) -> Option<String>;
    /// `CURRENT_DATABASE()`, `CURRENT_ROLE()`, ...: the session's value (`Some(None)` when unset),
    /// or `None` when `function` is not a context function or the context is not known here.
    fn session_value(&self, _function: &str) -> Option<Option<String>> {
        None
    }
    /// Stores rows in a scratch table that lives until the statement ends; returns its name.
    fn scratch(
        &mut self,
        columns: Vec<(String, SfType)>,
        rows: Vec<Vec<gluesql_core::data::Value>>,
    ) -> Result<String>;
}

/// A query ready for GlueSQL, with what was learned on the way.
#[derive(Debug, Clone)]
pub struct Rewritten {
    /// The GlueSQL text of the query.
    pub sql: String,
    /// Output columns and their Snowflake types where they could be inferred.
    pub columns: Vec<ScopeColumn>,
    /// Catalog objects read, fully qualified.
    pub reads: Vec<String>,
}

/// Rewrites Snowflake queries into GlueSQL's, resolving names through a [`Resolver`].
pub struct Rewriter<'r, R: Resolver> {
    resolver: &'r mut R,
    reads: Vec<String>,
    /// The common table expressions in scope, innermost last: a name resolves to the last entry
    /// that has it, and each entry sees only the entries before it (SQL's scoping of WITH).
    ctes: Vec<(String, Query)>,
    /// Relations given by the caller under reserved names (a MERGE's target with its row keys).
    bound: Vec<(String, Relation)>,
    depth: usize,
}

impl<'r, R: Resolver> Rewriter<'r, R> {
    /// A rewriter that resolves names through `resolver`.
    pub fn new(resolver: &'r mut R) -> Self {
        Rewriter {
            resolver,
            reads: Vec::new(),
            ctes: Vec::new(),
            bound: Vec::new(),
            depth: 0,
        }
    }

    /// Makes `name` (a single quoted identifier) stand for `relation` in FROM.
    pub fn bind(mut self, name: &str, relation: Relation) -> Self {
        self.bound.push((name.to_owned(), relation));
        self
    }

    /// Rewrites a whole query.
    pub fn query(mut self, mut query: Query, context: &Context) -> Result<Rewritten> {
        let columns = self.structure(&mut query, context)?;
        each_expr_mut(&mut query, &mut |e| {
            if let Expr::Function(f) = e
                && f.name.to_string().eq_ignore_ascii_case("GET_DDL")
            {
                let position = to_position(f.name.span().start);
                let args = plain_args(f)
                    .as_deref()
                    .and_then(|a| match a {
                        [kind, name] => Some((string_literal(kind)?, string_literal(name)?)),
                        _ => None,
                    })
                    .map(|(k, n)| (k.to_owned(), n.to_owned()))
                    .ok_or_else(|| {
                        SqlError::invalid(
                            "GET_DDL takes an object kind and a name, as string literals.",
                        )
                        .at(position)
                    })?;
                let ddl = self
                    .resolver
                    .ddl(&args.0, &args.1, context)
                    .map_err(|err| err.at(position))?;
                *e = string(&ddl);
            } else if let Expr::Function(f) = e
                && f.name.to_string().eq_ignore_ascii_case("LAST_QUERY_ID")
            {
                let n = literal_text(e)?
                    .strip_prefix(LAST_QUERY_ID)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(-1);
                *e = match self.resolver.query_id(n) {
                    Some(id) => string(&id),
                    None => Expr::value(Value::Null),
                };
            } else if let Expr::Function(f) = e
                && matches!(&f.args, FunctionArguments::None)
                    | matches!(&f.args, FunctionArguments::List(l) if l.args.is_empty())
                && let Some(value) = self.resolver.session_value(&f.name.to_string())
            {
                *e = match value {
                    Some(v) => string(&v),
                    None => Expr::value(Value::Null),
                };
            }
            Ok(())
        })?;
        let now = self.resolver.now();
        rewrite_expressions(&mut query, now)?;
        let mut reads = self.reads;
        reads.sort();
        reads.dedup();
        Ok(Rewritten {
            sql: query.to_string(),
            columns,
            reads,
        })
    }

    /// Rewrites the names in an expression-bearing statement part (DML) and returns the relations read.
    pub fn finish_reads(self) -> Vec<String> {
        self.reads
    }

    /// Resolves relations and shapes the query; returns the output columns.
    pub fn structure(&mut self, query: &mut Query, context: &Context) -> Result<Vec<ScopeColumn>> {
        self.depth += 1;
        if self.depth > 64 {
            return Err(SqlError::invalid(
                "Query nests views or subqueries too deeply (recursive view?).",
            ));
        }
        // `SELECT TOP n` is `LIMIT n`, which GlueSQL has.
        if let SetExpr::Select(select) = query.body.as_mut()
            && let Some(top) = select.top.take()
        {
            let n = match top.quantity {
                Some(sqlparser::ast::TopQuantity::Constant(n))
                    if !top.percent && !top.with_ties =>
                {
                    n
                }
                _ => {
                    return Err(SqlError::unsupported(
                        "TOP with PERCENT, WITH TIES or an expression is not supported; use LIMIT.",
                    ));
                }
            };
            if query.limit_clause.is_some() || query.fetch.is_some() {
                return Err(SqlError::invalid("TOP and LIMIT cannot both be given."));
            }
            query.limit_clause = Some(sqlparser::ast::LimitClause::LimitOffset {
                limit: Some(Expr::value(Value::Number(n.to_string(), false))),
                offset: None,
                limit_by: vec![],
            });
        }
        let in_scope = self.ctes.len();
        if let Some(with) = query.with.take() {
            if with.recursive {
                return Err(SqlError::unsupported(
                    "WITH RECURSIVE is not supported yet.",
                ));
            }
            for cte in with.cte_tables {
                let name = normalize_ident(&cte.alias.name);
                if !cte.alias.columns.is_empty() {
                    return Err(SqlError::unsupported(
                        "Column lists on common table expressions are not supported yet.",
                    )
                    .at(to_position(cte.alias.name.span.start)));
                }
                self.ctes.push((name, *cte.query));
            }
        }
        let result = self.body(&mut query.body, query.order_by.as_mut(), context);
        let columns = match result {
            Ok(c) => c,
            Err(e) => {
                self.ctes.truncate(in_scope);
                self.depth -= 1;
                return Err(e);
            }
        };
        if let Some(order_by) = query.order_by.as_mut()
            && let OrderByKind::Expressions(items) = &mut order_by.kind
        {
            // GlueSQL sorts NULL last ascending and first descending, Snowflake's default; the
            // other placement is a leading `x IS NULL` key.
            let mut placed = Vec::with_capacity(items.len());
            for mut item in std::mem::take(items) {
                if let Some(n) = ordinal(&item.expr) {
                    let column =
                        n.checked_sub(1)
                            .and_then(|i| columns.get(i))
                            .ok_or_else(|| {
                                SqlError::invalid(format!(
                                    "ORDER BY position {n} is not in select list"
                                ))
                            })?;
                    item.expr = Expr::Identifier(quoted(&column.name));
                }
                let descending =
                    matches!(item.options.sort, Some(sqlparser::ast::OrderBySort::Desc));
                if let Some(nulls_first) = item.options.nulls_first.take()
                    && nulls_first != descending
                {
                    let mut key = item.clone();
                    key.expr = Expr::IsNull(Box::new(item.expr.clone()));
                    key.options.sort = Some(if nulls_first {
                        sqlparser::ast::OrderBySort::Desc
                    } else {
                        sqlparser::ast::OrderBySort::Asc
                    });
                    placed.push(key);
                }
                placed.push(item);
            }
            *items = placed;
        }
        let subqueries = if self.depth == 1 {
            self.subqueries_in(query, context)
        } else {
            Ok(())
        };
        self.ctes.truncate(in_scope);
        self.depth -= 1;
        subqueries.map(|()| columns)
    }

    fn body(
        &mut self,
        body: &mut SetExpr,
        order_by: Option<&mut OrderBy>,
        context: &Context,
    ) -> Result<Vec<ScopeColumn>> {
        match body {
            SetExpr::Select(select) => self.select(select, order_by, context),
            SetExpr::Query(q) => {
                let columns = self.structure(q, context)?;
                // GlueSQL runs no parenthesized query as a query's body: the parentheses go, or
                // (with its own ORDER BY or LIMIT) it becomes a derived table.
                let inner = std::mem::replace(q.as_mut(), query_of(SetExpr::Select(select_star())));
                *body = if inner.order_by.is_none()
                    && inner.limit_clause.is_none()
                    && inner.fetch.is_none()
                {
                    *inner.body
                } else {
                    let mut select = select_star();
                    select.from = vec![TableWithJoins {
                        relation: TableFactor::Derived {
                            lateral: false,
                            subquery: Box::new(inner),
                            alias: Some(TableAlias {
                                explicit: true,
                                name: quoted("__SUBQUERY"),
                                columns: vec![],
                                at: None,
                            }),
                            sample: None,
                        },
                        joins: vec![],
                    }];
                    SetExpr::Select(select)
                };
                Ok(columns)
            }
            SetExpr::Values(values) => Ok(values
                .rows
                .first()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .map(|(i, e)| ScopeColumn {
                            qualifier: None,
                            name: format!("COLUMN{}", i + 1),
                            ty: infer_expr(e, &Scope::default()),
                        })
                        .collect()
                })
                .unwrap_or_default()),
            SetExpr::SetOperation { .. } => self.set_operation(body, context),
            other => Err(SqlError::unsupported(format!(
                "Query form '{}' is not supported.",
                other.to_string().chars().take(40).collect::<String>()
            ))),
        }
    }

    /// UNION [ALL], EXCEPT / MINUS and INTERSECT, which GlueSQL lacks: each branch runs as a query
    /// of its own, the engine combines their rows (SQL's equality: NULLs equal, 1.5 = 1.50) into a
    /// scratch table, and the operation becomes a SELECT of that table. Columns are named by the
    /// first branch and typed by both.
    fn set_operation(&mut self, body: &mut SetExpr, context: &Context) -> Result<Vec<ScopeColumn>> {
        let SetExpr::SetOperation {
            op,
            set_quantifier,
            left,
            right,
        } = body
        else {
            unreachable!("called for set operations")
        };
        let all = match set_quantifier {
            SetQuantifier::All => true,
            SetQuantifier::None | SetQuantifier::Distinct => false,
            other => {
                return Err(SqlError::unsupported(format!(
                    "{op} {other} is not supported."
                )));
            }
        };
        if all && !matches!(op, SetOperator::Union) {
            return Err(SqlError::unsupported(format!("{op} ALL is not supported.")));
        }
        let (columns, left_rows) = self.branch(left, context)?;
        let (right_columns, right_rows) = self.branch(right, context)?;
        if columns.len() != right_columns.len() {
            return Err(SqlError::invalid(format!(
                "invalid number of result columns for set operator input branches, expected {}, got {} in branch 2",
                columns.len(),
                right_columns.len()
            )));
        }
        let key = |row: &[gluesql_core::data::Value]| -> Vec<Option<crate::types::SortKey>> {
            row.iter().map(crate::types::sort_key).collect()
        };
        let distinct = |rows: Vec<Vec<gluesql_core::data::Value>>| {
            let mut seen = std::collections::HashSet::new();
            rows.into_iter()
                .filter(|r| seen.insert(key(r)))
                .collect::<Vec<_>>()
        };
        let rows = match op {
            SetOperator::Union if all => left_rows.into_iter().chain(right_rows).collect(),
            SetOperator::Union => distinct(left_rows.into_iter().chain(right_rows).collect()),
            SetOperator::Except | SetOperator::Minus | SetOperator::Intersect => {
                let other: std::collections::HashSet<_> =
                    right_rows.iter().map(|r| key(r)).collect();
                let keep = matches!(op, SetOperator::Intersect);
                distinct(left_rows)
                    .into_iter()
                    .filter(|r| other.contains(&key(r)) == keep)
                    .collect()
            }
        };
        let columns: Vec<ScopeColumn> = columns
            .into_iter()
            .zip(right_columns)
            .map(|(l, r)| ScopeColumn {
                qualifier: None,
                ty: super::infer::numeric_union(l.ty, r.ty),
                name: l.name,
            })
            .collect();
        let stored = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let ty =
                    c.ty.or_else(|| rows.iter().find_map(|r: &Vec<_>| SfType::of_value(&r[i])));
                (c.name.clone(), ty.unwrap_or(SfType::Varchar(None)))
            })
            .collect();
        let table = self.resolver.scratch(stored, rows)?;
        let mut select = select_star();
        select.from = vec![TableWithJoins {
            relation: stored_table(&table, "__SG_SET"),
            joins: vec![],
        }];
        *body = SetExpr::Select(select);
        Ok(columns)
    }

    /// Runs one branch of a set operation; returns its columns and rows.
    fn branch(
        &mut self,
        branch: &SetExpr,
        context: &Context,
    ) -> Result<(Vec<ScopeColumn>, Vec<Vec<gluesql_core::data::Value>>)> {
        let mut query = query_of(branch.clone());
        let columns = self.structure(&mut query, context)?;
        self.run_structured(&mut query, context)
            .map(|rows| (columns, rows))
    }

    /// Runs a query whose relations are resolved: its subqueries are resolved, its expressions put in
    /// GlueSQL's terms, and its rows returned.
    fn run_structured(
        &mut self,
        query: &mut Query,
        context: &Context,
    ) -> Result<Vec<Vec<gluesql_core::data::Value>>> {
        self.subqueries_in(query, context)?;
        rewrite_expressions(query, self.resolver.now())?;
        self.resolver.run(&query.to_string())
    }

    fn select(
        &mut self,
        select: &mut Select,
        mut order_by: Option<&mut OrderBy>,
        context: &Context,
    ) -> Result<Vec<ScopeColumn>> {
        select_forms::joins(select)?;
        select_forms::group_by_all(select)?;
        self.expand_full_join(select, order_by.as_deref_mut(), context)?;
        self.expand_flattens(select, order_by.as_deref_mut(), context)?;
        let mut scope = Scope::default();
        for twj in select.from.iter_mut() {
            self.table_with_joins(twj, context, &mut scope)?;
        }
        select_forms::using_joins(select, order_by.as_deref_mut(), &scope)?;
        select_forms::wildcard_options(select, |item| {
            wildcard_columns(wildcard_qualifier(item).as_deref(), &scope)
        })?;
        if let GroupByExpr::Expressions(exprs, _) = &mut select.group_by {
            for e in exprs.iter_mut() {
                if let Some(n) = ordinal(e) {
                    *e = projection_expr(&select.projection, n, "GROUP BY")?;
                }
            }
        }
        // Output names given with AS, which WHERE, GROUP BY and HAVING may use (Snowflake allows it).
        let aliases: Vec<String> = select
            .projection
            .iter()
            .filter_map(|item| match item {
                SelectItem::ExprWithAlias { alias, .. } => Some(normalize_ident(alias)),
                _ => None,
            })
            .collect();
        super::identifiers::check_select(select, &scope, &aliases)?;
        // An unnamed item is labelled by its text as written, before aliases and implicit casts change it.
        let labels: Vec<Option<String>> = select
            .projection
            .iter()
            .map(|item| match item {
                SelectItem::UnnamedExpr(expr) => Some(match expr {
                    Expr::Identifier(i) => normalize_ident(i),
                    Expr::CompoundIdentifier(parts) => {
                        parts.last().map(normalize_ident).unwrap_or_default()
                    }
                    other => other.to_string().to_ascii_uppercase(),
                }),
                _ => None,
            })
            .collect();
        select_forms::aliases(select, &scope)?;
        coerce_select(select, &scope);
        super::engine_exprs::mark_variant_casts(select, &scope)?;
        if let Some(o) = order_by.as_deref_mut() {
            super::engine_exprs::mark_variant_casts(o, &scope)?;
        }
        let mut columns = Vec::new();
        for (item, label) in select.projection.iter_mut().zip(labels) {
            match item {
                SelectItem::Wildcard(_) => columns.extend(wildcard_columns(None, &scope)),
                SelectItem::QualifiedWildcard(..) => {
                    let alias = wildcard_qualifier(item);
                    columns.extend(wildcard_columns(alias.as_deref(), &scope));
                    // GlueSQL matches the qualifier to the FROM item's (quoted) alias exactly.
                    if let (Some(alias), SelectItem::QualifiedWildcard(kind, _)) = (alias, item) {
                        *kind =
                            SelectItemQualifiedWildcardKind::ObjectName(ObjectName::from(vec![
                                quoted(&alias),
                            ]));
                    }
                }
                SelectItem::UnnamedExpr(expr) => {
                    // Every output column gets an explicit name: GlueSQL does not carry bare column
                    // names out of derived tables, and Snowflake labels expressions by their text.
                    let ty = infer_expr(expr, &scope);
                    let expr = expr.clone();
                    let name = label.unwrap_or_default();
                    *item = SelectItem::ExprWithAlias {
                        expr,
                        alias: quoted(&name),
                    };
                    columns.push(ScopeColumn {
                        qualifier: None,
                        name,
                        ty,
                    });
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    let ty = infer_expr(expr, &scope);
                    let name = normalize_ident(alias);
                    *alias = quoted(&name);
                    columns.push(ScopeColumn {
                        qualifier: None,
                        name,
                        ty,
                    });
                }
                SelectItem::ExprWithAliases { .. } => {
                    return Err(SqlError::unsupported(
                        "Multiple aliases for one expression are not supported.",
                    ));
                }
            }
        }
        let outputs: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        // Checked on the expressions as written: `WEEK(DATE_TRUNC('week', d))` under `GROUP BY
        // DATE_TRUNC('week', d)` reads only its key, which the engine's split would hide.
        grouped::check_grouping(select, &scope)?;
        let mut pass = 0;
        while let Some(next) = self.split_engine_exprs(
            select,
            &scope,
            &outputs,
            order_by.as_deref_mut(),
            context,
            pass,
        )? {
            scope = next;
            pass += 1;
            if pass > 16 {
                return Err(SqlError::unsupported(
                    "Expressions the engine evaluates nest too deeply.",
                ));
            }
        }
        if let Some(next) =
            self.group_in_engine(select, &scope, &outputs, order_by.as_deref_mut(), context)?
        {
            scope = next;
        }
        let ordered_by_window = match order_by.as_deref() {
            Some(OrderBy {
                kind: OrderByKind::Expressions(items),
                ..
            }) => items.iter().any(|i| windows::has_window(&i.expr)),
            _ => false,
        };
        if windows::needs_split(select) || ordered_by_window {
            self.split_windows(select, &scope, &columns, order_by, context)?;
        }
        Ok(columns)
    }

    /// Evaluates the window functions of `select` (see `dialect/windows.rs`): runs its base, computes
    /// the windows into a scratch table, and leaves `select` as the outer SELECT over that table.
    fn split_windows(
        &mut self,
        select: &mut Select,
        scope: &Scope,
        columns: &[ScopeColumn],
        order_by: Option<&mut OrderBy>,
        context: &Context,
    ) -> Result<()> {
        let mut split = windows::Splitter::default();
        let mut projection = Vec::new();
        let mut aliases: Vec<(String, Expr)> = Vec::new();
        for item in &select.projection {
            match item {
                SelectItem::ExprWithAlias { expr, alias } => {
                    aliases.push((normalize_ident(alias), expr.clone()));
                    projection.push(SelectItem::ExprWithAlias {
                        expr: split.outer(expr)?,
                        alias: alias.clone(),
                    });
                }
                _ => {
                    for c in wildcard_columns(wildcard_qualifier(item).as_deref(), scope) {
                        let mut parts: Vec<Ident> = c.qualifier.iter().map(|q| quoted(q)).collect();
                        parts.push(quoted(&c.name));
                        let expr = split.outer(&Expr::CompoundIdentifier(parts))?;
                        projection.push(SelectItem::ExprWithAlias {
                            expr,
                            alias: quoted(&c.name),
                        });
                    }
                }
            }
        }
        // QUALIFY may name an output column (`QUALIFY rn = 1`): that name stands for its expression.
        let qualify = match select.qualify.take() {
            Some(mut q) => {
                each_expr_mut(&mut q, &mut |e| {
                    if let Expr::Identifier(i) = e {
                        let name = normalize_ident(i);
                        let in_from = scope.columns.iter().any(|c| c.name == name);
                        if let Some((_, aliased)) = aliases
                            .iter()
                            .find(|(a, x)| *a == name && (!in_from || windows::has_window(x)))
                        {
                            *e = Expr::Nested(Box::new(aliased.clone()));
                        }
                    }
                    Ok(())
                })?;
                Some(split.outer(&q)?)
            }
            None => None,
        };
        if let Some(OrderBy {
            kind: OrderByKind::Expressions(items),
            ..
        }) = order_by
        {
            for item in items.iter_mut() {
                let output = matches!(&item.expr, Expr::Identifier(i)
                    if columns.iter().any(|c| c.name == normalize_ident(i)));
                if ordinal(&item.expr).is_none() && !output {
                    item.expr = split.outer(&item.expr)?;
                }
            }
        }
        let mut base = select.clone();
        base.projection = split.hidden.projection(&windows::hidden_column);
        base.distinct = None;
        base.named_window.clear();
        let mut base = query_of(SetExpr::Select(Box::new(base)));
        let mut rows = self.run_structured(&mut base, context)?;
        let windows: Vec<Vec<gluesql_core::data::Value>> = split
            .calls
            .iter()
            .map(|c| crate::window::evaluate(&rows, c))
            .collect::<std::result::Result<_, String>>()
            .map_err(SqlError::execution)?;
        for (i, row) in rows.iter_mut().enumerate() {
            row.extend(windows.iter().map(|w| w[i].clone()));
        }
        let names = (0..split.hidden.len())
            .map(windows::hidden_column)
            .chain((0..split.calls.len()).map(windows::window_column));
        let stored: Vec<(String, SfType)> = names
            .enumerate()
            .map(|(i, name)| {
                let ty = rows.iter().find_map(|r| SfType::of_value(&r[i]));
                (name, ty.unwrap_or(SfType::Varchar(None)))
            })
            .collect();
        let table = self.resolver.scratch(stored, rows)?;
        select.projection = projection;
        select.selection = qualify;
        select.group_by = GroupByExpr::Expressions(vec![], vec![]);
        select.having = None;
        select.named_window.clear();
        select.from = vec![TableWithJoins {
            relation: stored_table(&table, "__SG_WINDOWED"),
            joins: vec![],
        }];
        Ok(())
    }

    fn table_with_joins(
        &mut self,
        twj: &mut TableWithJoins,
        context: &Context,
        scope: &mut Scope,
    ) -> Result<()> {
        self.table_factor(&mut twj.relation, context, scope)?;
        for join in twj.joins.iter_mut() {
            self.table_factor(&mut join.relation, context, scope)?;
        }
        Ok(())
    }

    fn table_factor(
        &mut self,
        factor: &mut TableFactor,
        context: &Context,
        scope: &mut Scope,
    ) -> Result<()> {
        match factor {
            TableFactor::Table {
                name, alias, args, ..
            } => {
                let resolved_name = Name::from_object_name(name);
                if let Some(args) = args.take() {
                    let args = self.function_args(&args.args)?;
                    let relation = self
                        .resolver
                        .table_function(&resolved_name, args, context)?;
                    return self.place(
                        factor_alias(alias, &resolved_name),
                        relation,
                        factor,
                        scope,
                    );
                }
                if let [only] = resolved_name.parts.as_slice()
                    && let Some((_, relation)) = self.bound.iter().find(|(n, _)| n == only)
                {
                    let relation = relation.clone();
                    let alias = factor_alias(alias, &resolved_name);
                    return self.place(alias, relation, factor, scope);
                }
                if resolved_name.parts.len() == 1
                    && let Some(at) = self.find_cte(&resolved_name.parts[0])
                {
                    let alias = factor_alias(alias, &resolved_name);
                    let relation = Relation::View {
                        query: Box::new(self.ctes[at].1.clone()),
                        context: context.clone(),
                        object: String::new(),
                    };
                    // The CTE's own query sees the CTEs defined before it, not itself or later ones.
                    let later = self.ctes.split_off(at);
                    let placed = self.place(alias, relation, factor, scope);
                    self.ctes.extend(later);
                    return placed;
                }
                let relation = self.resolver.relation(&resolved_name, context)?;
                let alias = factor_alias(alias, &resolved_name);
                self.place(alias, relation, factor, scope)
            }
            TableFactor::TableFunction { expr, alias } => {
                let Expr::Function(f) = expr else {
                    return Err(SqlError::unsupported(
                        "TABLE(...) needs a table function call.",
                    ));
                };
                let name = Name::from_object_name(&f.name);
                let args = match &f.args {
                    FunctionArguments::List(list) => self.function_args(&list.args)?,
                    _ => Vec::new(),
                };
                let relation = self.resolver.table_function(&name, args, context)?;
                let alias = factor_alias(alias, &name);
                self.place(alias, relation, factor, scope)
            }
            TableFactor::Function {
                name, args, alias, ..
            } => {
                let name = Name::from_object_name(name);
                let args = self.function_args(args)?;
                let relation = self.resolver.table_function(&name, args, context)?;
                let alias = factor_alias(alias, &name);
                self.place(alias, relation, factor, scope)
            }
            TableFactor::Derived {
                subquery, alias, ..
            } => {
                let columns = self.structure(subquery, context)?;
                let name = match alias {
                    Some(a) => {
                        let n = normalize_ident(&a.name);
                        a.name = quoted(&n);
                        n
                    }
                    None => {
                        *alias = Some(TableAlias {
                            explicit: true,
                            name: quoted("__SUBQUERY"),
                            columns: vec![],
                            at: None,
                        });
                        "__SUBQUERY".to_owned()
                    }
                };
                for mut c in columns {
                    c.qualifier = Some(name.clone());
                    scope.columns.push(c);
                }
                Ok(())
            }
            TableFactor::NestedJoin {
                table_with_joins, ..
            } => self.table_with_joins(table_with_joins, context, scope),
            other => Err(SqlError::unsupported(format!(
                "FROM item '{other}' is not supported yet."
            ))),
        }
    }

    /// A table function's arguments as text: literals as written, `LAST_QUERY_ID()` as a marker,
    /// and other constant expressions (`DATEADD('hour', -1, CURRENT_TIMESTAMP())`) evaluated.
    fn function_args(&mut self, args: &[FunctionArg]) -> Result<Vec<(Option<String>, String)>> {
        args.iter()
            .map(|a| {
                let (name, e) = match a {
                    FunctionArg::Named {
                        name,
                        arg: FunctionArgExpr::Expr(e),
                        ..
                    } => (Some(normalize_ident(name)), e),
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => (None, e),
                    other => {
                        return Err(SqlError::unsupported(format!(
                            "Table function argument '{other}' is not supported."
                        )));
                    }
                };
                let text = match literal_text(e) {
                    Ok(t) => t,
                    Err(_) => self.constant_text(e)?,
                };
                Ok((name, text))
            })
            .collect()
    }

    /// The value of a constant expression, as text.
    fn constant_text(&mut self, e: &Expr) -> Result<String> {
        if any_expr(e, &|x| {
            matches!(x, Expr::Identifier(_) | Expr::CompoundIdentifier(_)) && !is_part(x)
        }) {
            return Err(SqlError::unsupported(format!(
                "Table function arguments must be constants, found '{e}'."
            )));
        }
        let mut query = query_of(SetExpr::Select(select_star()));
        if let SetExpr::Select(select) = query.body.as_mut() {
            select.projection = vec![SelectItem::UnnamedExpr(e.clone())];
        }
        rewrite_expressions(&mut query, self.resolver.now())?;
        let rows = self.resolver.run(&query.to_string())?;
        Ok(rows
            .first()
            .and_then(|r| r.first())
            .map(crate::types::display_value)
            .unwrap_or_default())
    }

    /// The index in `ctes` of the common table expression `name` resolves to.
    fn find_cte(&self, name: &str) -> Option<usize> {
        self.ctes.iter().rposition(|(n, _)| n == name)
    }

    /// Puts a resolved relation in place of a FROM item, under `alias`.
    fn place(
        &mut self,
        alias: String,
        relation: Relation,
        factor: &mut TableFactor,
        scope: &mut Scope,
    ) -> Result<()> {
        let table_alias = Some(TableAlias {
            explicit: true,
            name: quoted(&alias),
            columns: vec![],
            at: None,
        });
        match relation {
            Relation::Table {
                glue,
                columns,
                object,
            } => {
                if let Some(o) = object {
                    self.reads.push(o);
                }
                for (name, ty) in columns {
                    scope.columns.push(ScopeColumn {
                        qualifier: Some(alias.clone()),
                        name,
                        ty: Some(ty),
                    });
                }
                *factor = stored_table(&glue, &alias);
            }
            Relation::View {
                mut query,
                context,
                object,
            } => {
                // A view sees none of the caller's CTEs; a CTE (no object) sees those left in scope.
                let saved = if object.is_empty() {
                    Vec::new()
                } else {
                    self.reads.push(object);
                    std::mem::take(&mut self.ctes)
                };
                let columns = self.structure(&mut query, &context);
                self.ctes.extend(saved);
                for mut c in columns? {
                    c.qualifier = Some(alias.clone());
                    scope.columns.push(c);
                }
                *factor = TableFactor::Derived {
                    lateral: false,
                    subquery: query,
                    alias: table_alias,
                    sample: None,
                };
            }
        }
        Ok(())
    }

    /// Resolves the relations of subqueries that sit inside expressions (IN, EXISTS, scalar), at any
    /// depth: the visit is post-order, so inner subqueries are resolved before the ones holding them.
    fn subqueries_in(&mut self, query: &mut Query, context: &Context) -> Result<()> {
        each_expr_mut(query, &mut |e| {
            let sub = match e {
                Expr::Subquery(q) => Some(q),
                Expr::In {
                    target: sqlparser::ast::InTarget::Subquery(subquery),
                    ..
                } => Some(subquery),
                Expr::Exists { subquery, .. } => Some(subquery),
                _ => None,
            };
            let Some(q) = sub else { return Ok(()) };
            let columns = self.structure(q, context)?;
            if let Some(first) = columns.first() {
                null_aware_in(e, &first.name);
            }
            Ok(())
        })
    }
}

/// `x [NOT] IN (SELECT c …)` with SQL's NULLs, which GlueSQL does not give: TRUE when x is among
/// the values; otherwise FALSE when there are no values, NULL when x is NULL or a value is NULL,
/// else FALSE (and NOT IN the negation). `column` names the subquery's (already resolved) column.
/// Other expressions are left as they are.
pub(crate) fn null_aware_in(e: &mut Expr, column: &str) {
    let Expr::In {
        expr,
        target: sqlparser::ast::InTarget::Subquery(subquery),
        negated,
        ..
    } = e
    else {
        return;
    };
    let negated = *negated;
    let sub = (**subquery).clone();
    let x = (**expr).clone();
    let member = Expr::In {
        expr: Box::new(x.clone()),
        target: sqlparser::ast::InTarget::Subquery(Box::new(sub.clone())),
        negated: false,
        global: false,
    };
    let mut nulls = select_star();
    nulls.projection = vec![SelectItem::UnnamedExpr(number(1))];
    nulls.from = vec![TableWithJoins {
        relation: TableFactor::Derived {
            lateral: false,
            subquery: Box::new(sub.clone()),
            alias: Some(TableAlias {
                explicit: true,
                name: quoted("__SG_IN"),
                columns: vec![],
                at: None,
            }),
            sample: None,
        },
        joins: vec![],
    }];
    nulls.selection = Some(Expr::IsNull(Box::new(Expr::CompoundIdentifier(vec![
        quoted("__SG_IN"),
        quoted(column),
    ]))));
    let exists = |q: Query, negated: bool| Expr::Exists {
        subquery: Box::new(q),
        negated,
    };
    let truth = |b: bool| Expr::value(Value::Boolean(b));
    let when = |condition: Expr, result: Expr| sqlparser::ast::CaseWhen { condition, result };
    let case = Expr::Case {
        case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
        end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
        operand: None,
        conditions: vec![
            when(member, truth(true)),
            when(exists(sub, true), truth(false)),
            when(Expr::IsNull(Box::new(x)), Expr::value(Value::Null)),
            when(
                exists(query_of(SetExpr::Select(nulls)), false),
                Expr::value(Value::Null),
            ),
        ],
        else_result: Some(Box::new(truth(false))),
    };
    *e = if negated {
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Not,
            expr: Box::new(Expr::Nested(Box::new(case))),
        }
    } else {
        case
    };
}

/// `SELECT *` with an empty FROM, to be given one.
fn select_star() -> Box<Select> {
    match *super::parse::parse_query_text("SELECT * FROM t")
        .expect("a constant query parses")
        .body
    {
        SetExpr::Select(mut select) => {
            select.from.clear();
            select
        }
        _ => unreachable!("a SELECT parses as one"),
    }
}

/// A FROM item reading the GlueSQL table `glue` under `alias`.
pub(crate) fn stored_table(glue: &str, alias: &str) -> TableFactor {
    table_named(glue, Some(alias))
}

/// A FROM item naming a table (one quoted part), optionally under an alias.
pub(crate) fn table_named(name: &str, alias: Option<&str>) -> TableFactor {
    TableFactor::Table {
        name: ObjectName(vec![ObjectNamePart::Identifier(quoted(name))]),
        alias: alias.map(|a| TableAlias {
            explicit: true,
            name: quoted(a),
            columns: vec![],
            at: None,
        }),
        args: None,
        with_hints: vec![],
        version: None,
        with_ordinality: false,
        partitions: vec![],
        json_path: None,
        sample: None,
        index_directives: vec![],
        inheritance: None,
    }
}

/// The qualifier of a `q.*` select item (None for `*`).
fn wildcard_qualifier(item: &SelectItem) -> Option<String> {
    match item {
        SelectItem::QualifiedWildcard(SelectItemQualifiedWildcardKind::ObjectName(name), _) => {
            Some(Name::from_object_name(name).last().to_owned())
        }
        _ => None,
    }
}

/// The columns `*` (no qualifier) or `q.*` stands for.
fn wildcard_columns(qualifier: Option<&str>, scope: &Scope) -> Vec<ScopeColumn> {
    scope
        .columns
        .iter()
        .filter(|c| qualifier.is_none() || c.qualifier.as_deref() == qualifier)
        .cloned()
        .collect()
}

/// Snowflake's implicit casts in the expressions of one SELECT (its subqueries have their own).
fn coerce_select(select: &mut Select, scope: &Scope) {
    let mut exprs: Vec<&mut Expr> = Vec::new();
    for item in select.projection.iter_mut() {
        if let SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } = item {
            exprs.push(e);
        }
    }
    for twj in select.from.iter_mut() {
        for join in twj.joins.iter_mut() {
            use sqlparser::ast::{JoinConstraint, JoinOperator as J};
            if let J::Join(JoinConstraint::On(e))
            | J::Inner(JoinConstraint::On(e))
            | J::Left(JoinConstraint::On(e))
            | J::LeftOuter(JoinConstraint::On(e))
            | J::Right(JoinConstraint::On(e))
            | J::RightOuter(JoinConstraint::On(e))
            | J::FullOuter(JoinConstraint::On(e)) = &mut join.join_operator
            {
                exprs.push(e);
            }
        }
    }
    exprs.extend(select.selection.as_mut());
    exprs.extend(select.having.as_mut());
    exprs.extend(select.qualify.as_mut());
    for e in exprs {
        super::coerce::coerce(e, scope);
    }
}

fn factor_alias(alias: &Option<TableAlias>, name: &Name) -> String {
    match alias {
        Some(a) => normalize_ident(&a.name),
        None => name.last().to_owned(),
    }
}

/// A bare date or time part (`hour` in `DATEADD(hour, -1, ...)`), not a column.
fn is_part(e: &Expr) -> bool {
    matches!(e, Expr::Identifier(i) if i.quote_style.is_none() && date_part_word(&i.value).is_some())
}

/// The argument text of `LAST_QUERY_ID([n])` (n = -1, the previous statement, when absent) as a
/// table function receives it.
pub const LAST_QUERY_ID: &str = "LAST_QUERY_ID:";

fn literal_text(e: &Expr) -> Result<String> {
    match e {
        Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("LAST_QUERY_ID") => {
            let n = match plain_args(f).as_deref() {
                Some([]) => -1,
                Some([n]) => const_int(n)
                    .ok_or_else(|| SqlError::invalid("LAST_QUERY_ID takes a whole number."))?,
                _ => {
                    return Err(SqlError::invalid(
                        "LAST_QUERY_ID takes at most one argument.",
                    ));
                }
            };
            Ok(format!("{LAST_QUERY_ID}{n}"))
        }
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Ok(s.clone()),
            Value::Number(n, _) => Ok(n.clone()),
            Value::Boolean(b) => Ok(b.to_string()),
            other => Ok(other.to_string()),
        },
        other => Err(SqlError::unsupported(format!(
            "Table function arguments must be constants, found '{other}'."
        ))),
    }
}

fn ordinal(e: &Expr) -> Option<usize> {
    match e {
        Expr::Value(ValueWithSpan {
            value: Value::Number(n, _),
            ..
        }) => n.parse().ok(),
        _ => None,
    }
}

fn projection_expr(projection: &[SelectItem], n: usize, clause: &str) -> Result<Expr> {
    match n.checked_sub(1).and_then(|i| projection.get(i)) {
        Some(SelectItem::UnnamedExpr(e)) | Some(SelectItem::ExprWithAlias { expr: e, .. }) => {
            Ok(e.clone())
        }
        _ => Err(SqlError::invalid(format!(
            "{clause} position {n} is not in select list"
        ))),
    }
}
