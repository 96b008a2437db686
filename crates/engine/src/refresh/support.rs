//! Snowflake's support matrix for incremental refresh, and REFRESH_MODE resolved from it at CREATE.
//!
//! This decides what Snowflake would show and accept — `refresh_mode`, `refresh_mode_reason`, the
//! 002711 error of an explicit INCREMENTAL — from the query alone and the modes of the dynamic
//! tables it reads, row by row as docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries
//! lists constructs (`docs/incremental-refresh.md` keeps the table). How Snowglobe then carries out
//! an incremental refresh (an operator of `refresh/operator/`, or a recomputation applied as a
//! difference) is the refresh driver's business and never changes what is shown.
//!
//! Its length is the matrix itself, construct by construct, and its table of tests.

use crate::catalog::RefreshMode;
use crate::dialect::parse::RefreshModeSetting;
use crate::error::SqlError;
use sqlparser::ast::{
    BinaryOperator, Expr, Function, FunctionArguments, GroupByExpr, GroupByWithModifier,
    JoinConstraint, JoinOperator, Query, Select, SelectItem, SetExpr, SetOperator, TableFactor,
    Visit, Visitor, WindowType,
};
use std::ops::ControlFlow;

/// `refresh_mode_reason` of a query with a construct incremental refresh does not support.
pub const QUERY_NOT_SUPPORTED: &str = "QUERY_NOT_SUPPORTED_FOR_INCREMENTAL";
/// `refresh_mode_reason` of a dynamic table created with `REFRESH_MODE = FULL`.
pub const USER_SPECIFIED_FULL: &str = "USER_SPECIFIED_FULL_REFRESH";
/// `refresh_mode_reason` of an AUTO dynamic table that reads a FULL one.
pub const UPSTREAM_FULL: &str = "UPSTREAM_USES_FULL_REFRESH";

/// Time functions: allowed in WHERE, HAVING and QUALIFY under an explicit INCREMENTAL, not in the
/// select list.
const CLOCK: [&str; 8] = [
    "CURRENT_TIMESTAMP",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "SYSDATE",
    "GETDATE",
    "LOCALTIMESTAMP",
    "LOCALTIME",
    "SYSTIMESTAMP",
];

/// Functions whose value is not a function of the rows: never incremental.
const NONDETERMINISTIC: [&str; 12] = [
    "RANDOM",
    "RANDSTR",
    "UUID_STRING",
    "SEQ1",
    "SEQ2",
    "SEQ4",
    "SEQ8",
    "CURRENT_ROLE",
    "CURRENT_WAREHOUSE",
    "CURRENT_ACCOUNT",
    "CURRENT_SESSION",
    "CURRENT_STATEMENT",
];

/// Window functions that are not incremental with a sliding frame.
const RANKING: [&str; 3] = ["RANK", "DENSE_RANK", "PERCENT_RANK"];

/// What Snowflake's matrix says of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Support {
    /// The first construct that keeps the query from being refreshed incrementally, in
    /// Snowflake's words (e.g. `SetOperation[EXCEPT]`, `LIMIT`), if any.
    pub blocker: Option<String>,
    /// The query filters on the clock (CURRENT_TIMESTAMP in WHERE, HAVING or QUALIFY): incremental
    /// only when INCREMENTAL is asked for explicitly.
    pub clock_filter: bool,
}

/// A dynamic table the query reads, as far as the mode of a reader depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Upstream {
    /// Its resolved mode.
    pub mode: RefreshMode,
    /// Its query gives each row a key Snowflake can track changes by (GROUP BY keys, or the
    /// partition of `QUALIFY ROW_NUMBER() … = 1`).
    pub unique_key: bool,
}

/// Checks a dynamic table's query against the matrix. Constructs that no dynamic table accepts
/// whatever its mode (SAMPLE, ANY_VALUE) are an error.
pub fn check(query: &Query) -> Result<Support, SqlError> {
    let mut walk = Walk::default();
    walk.query(query);
    if let Some(refused) = walk.refused {
        return Err(SqlError::unsupported(format!(
            "{refused} is not supported in the definition of a dynamic table."
        )));
    }
    Ok(Support {
        blocker: walk.blocker,
        clock_filter: walk.clock_filter,
    })
}

/// Whether a query's rows have a key Snowflake derives for change tracking: the GROUP BY keys of a
/// grouped select, or the partition of a `QUALIFY ROW_NUMBER() OVER (PARTITION BY …) = 1` dedup.
pub fn has_unique_key(query: &Query) -> bool {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return false;
    };
    let grouped = matches!(&select.group_by, GroupByExpr::Expressions(e, _) if !e.is_empty())
        || matches!(select.group_by, GroupByExpr::All(_));
    let dedup = select.qualify.as_ref().is_some_and(|q| match q {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => {
            let one = |e: &Expr| e.to_string() == "1";
            let row_number = |e: &Expr| {
                matches!(e, Expr::Function(f)
                    if f.name.to_string().eq_ignore_ascii_case("ROW_NUMBER")
                        && matches!(&f.over, Some(WindowType::WindowSpec(w)) if !w.partition_by.is_empty()))
            };
            (row_number(left) && one(right)) || (one(left) && row_number(right))
        }
        _ => false,
    });
    grouped || dedup
}

/// REFRESH_MODE resolved at CREATE, as Snowflake resolves it: FULL when asked; AUTO gives ADAPTIVE
/// for an incremental-capable query and FULL with the reason otherwise; INCREMENTAL and ADAPTIVE on
/// a query that cannot be incremental fail with 002711. `name` is the dynamic table's, for the
/// error.
pub fn resolve_refresh_mode(
    setting: RefreshModeSetting,
    support: &Support,
    upstreams: &[Upstream],
    name: &str,
) -> Result<(RefreshMode, Option<String>), SqlError> {
    let asked = match setting {
        RefreshModeSetting::Full => {
            return Ok((RefreshMode::Full, Some(USER_SPECIFIED_FULL.to_owned())));
        }
        RefreshModeSetting::Auto => None,
        RefreshModeSetting::Incremental => Some(RefreshMode::Incremental),
        RefreshModeSetting::Adaptive => Some(RefreshMode::Adaptive),
    };
    let full_upstream = upstreams.iter().find(|u| u.mode == RefreshMode::Full);
    match (asked, &support.blocker) {
        (Some(mode), Some(_)) => Err(not_supported(name, mode)),
        (None, Some(construct)) => Ok((RefreshMode::Full, Some(reason_for(construct)))),
        (Some(_), None) if full_upstream.is_some_and(|u| !u.unique_key) => {
            Err(SqlError::not_incremental(
                "Incremental refresh mode is not supported because the upstream dynamic table does not have a unique key for change tracking.",
            ))
        }
        (Some(mode), None) => Ok((mode, None)),
        (None, None) if full_upstream.is_some() => {
            Ok((RefreshMode::Full, Some(UPSTREAM_FULL.to_owned())))
        }
        (None, None) if support.clock_filter => {
            Ok((RefreshMode::Full, Some(QUERY_NOT_SUPPORTED.to_owned())))
        }
        (None, None) => Ok((RefreshMode::Adaptive, None)),
    }
}

/// The reason AUTO shows for a blocking construct: the sentence Snowflake's docs show for EXCEPT,
/// the reason code for the rest (no other sentence is documented).
fn reason_for(construct: &str) -> String {
    if construct == "SetOperation[EXCEPT]" {
        format!("Unsupported query operator type: {construct}")
    } else {
        QUERY_NOT_SUPPORTED.to_owned()
    }
}

fn not_supported(name: &str, mode: RefreshMode) -> SqlError {
    SqlError::not_incremental(format!(
        "Dynamic Table '{name}' is defined with REFRESH_MODE = {}, but the query is not supported for incremental refresh.",
        mode.text()
    ))
}

/// The walk over a query: the first blocking construct, whether the clock is filtered on, and
/// the first construct refused outright.
#[derive(Default)]
struct Walk {
    blocker: Option<String>,
    clock_filter: bool,
    refused: Option<String>,
}

impl Walk {
    fn block(&mut self, construct: impl Into<String>) {
        if self.blocker.is_none() {
            self.blocker = Some(construct.into());
        }
    }

    fn query(&mut self, query: &Query) {
        if let Some(with) = &query.with {
            if with.recursive {
                self.block("WITH RECURSIVE");
            }
            for cte in &with.cte_tables {
                self.query(&cte.query);
            }
        }
        if query.limit_clause.is_some() || query.fetch.is_some() {
            self.block("LIMIT");
        }
        self.set_expr(&query.body);
    }

    fn set_expr(&mut self, body: &SetExpr) {
        match body {
            SetExpr::Select(select) => self.select(select),
            SetExpr::Query(q) => self.query(q),
            SetExpr::SetOperation {
                op, left, right, ..
            } => {
                match op {
                    SetOperator::Union => {}
                    SetOperator::Except | SetOperator::Minus => self.block("SetOperation[EXCEPT]"),
                    SetOperator::Intersect => self.block("SetOperation[INTERSECT]"),
                }
                self.set_expr(left);
                self.set_expr(right);
            }
            SetExpr::Values(_) => {}
            other => self.block(other.to_string()),
        }
    }

    fn select(&mut self, select: &Select) {
        if select.top.is_some() {
            self.block("TOP");
        }
        if let GroupByExpr::Expressions(exprs, modifiers) = &select.group_by {
            if !modifiers.is_empty()
                && modifiers.iter().any(|m| {
                    matches!(
                        m,
                        GroupByWithModifier::Rollup
                            | GroupByWithModifier::Cube
                            | GroupByWithModifier::GroupingSets(_)
                    )
                })
            {
                self.block("GROUP BY ROLLUP, CUBE or GROUPING SETS");
            }
            if exprs
                .iter()
                .any(|e| matches!(e, Expr::Rollup(_) | Expr::Cube(_) | Expr::GroupingSets(_)))
            {
                self.block("GROUP BY ROLLUP, CUBE or GROUPING SETS");
            }
        }
        let flatten_aliases = self.from(select);
        for item in &select.projection {
            match item {
                SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                    self.expr(e, false);
                    if selects_seq(e, &flatten_aliases) {
                        self.block("FLATTEN's SEQ column");
                    }
                }
                _ => {}
            }
        }
        for filter in [&select.selection, &select.having, &select.qualify]
            .into_iter()
            .flatten()
        {
            self.expr(filter, true);
        }
    }

    /// Checks the FROM clause; returns the aliases of its FLATTENs.
    fn from(&mut self, select: &Select) -> Vec<String> {
        let mut flattens = Vec::new();
        for twj in &select.from {
            self.factor(&twj.relation, &mut flattens);
            for join in &twj.joins {
                self.factor(&join.relation, &mut flattens);
                match &join.join_operator {
                    JoinOperator::Join(c)
                    | JoinOperator::Inner(c)
                    | JoinOperator::Left(c)
                    | JoinOperator::LeftOuter(c)
                    | JoinOperator::Right(c)
                    | JoinOperator::RightOuter(c)
                    | JoinOperator::FullOuter(c) => {
                        let outer = !matches!(
                            join.join_operator,
                            JoinOperator::Join(_) | JoinOperator::Inner(_)
                        );
                        if let JoinConstraint::On(on) = c {
                            if outer && !equalities(on) {
                                self.block("an outer join on a condition other than equality");
                            }
                            self.expr(on, true);
                        }
                    }
                    JoinOperator::CrossJoin(_) => {}
                    other => self.block(
                        format!("{other:?}")
                            .split('(')
                            .next()
                            .unwrap_or("JOIN")
                            .to_owned(),
                    ),
                }
            }
        }
        flattens
    }

    fn factor(&mut self, factor: &TableFactor, flattens: &mut Vec<String>) {
        match factor {
            TableFactor::Table {
                name,
                args,
                sample,
                alias,
                ..
            } => {
                if sample.is_some() {
                    self.refused.get_or_insert_with(|| "SAMPLE".to_owned());
                }
                if args.is_some() {
                    self.table_function(name.to_string(), alias.as_ref(), flattens);
                }
            }
            TableFactor::Derived { subquery, .. } => self.query(subquery),
            TableFactor::NestedJoin {
                table_with_joins, ..
            } => {
                self.factor(&table_with_joins.relation, flattens);
                for j in &table_with_joins.joins {
                    self.factor(&j.relation, flattens);
                }
            }
            TableFactor::Function { name, alias, .. } => {
                self.table_function(name.to_string(), alias.as_ref(), flattens);
            }
            TableFactor::TableFunction { expr, alias } => {
                let function = match expr {
                    Expr::Function(f) => f.name.to_string(),
                    other => other.to_string(),
                };
                self.table_function(function, alias.as_ref(), flattens);
            }
            TableFactor::Pivot {
                table,
                value_source,
                ..
            } => {
                if !matches!(value_source, sqlparser::ast::PivotValueSource::List(_)) {
                    self.block("PIVOT without a fixed list of values");
                }
                self.factor(table, flattens);
            }
            TableFactor::Unpivot { .. } => self.block("UNPIVOT"),
            TableFactor::MatchRecognize { .. } => self.block("MATCH_RECOGNIZE"),
            other => self.block(other.to_string()),
        }
    }

    /// A table function in FROM: FLATTEN is incremental (its alias is noted, for SEQ), any other
    /// is not.
    fn table_function(
        &mut self,
        function: String,
        alias: Option<&sqlparser::ast::TableAlias>,
        flattens: &mut Vec<String>,
    ) {
        let function = function.to_ascii_uppercase();
        if function.ends_with("FLATTEN") {
            if let Some(a) = alias {
                flattens.push(a.name.value.to_ascii_uppercase());
            }
        } else {
            self.block(format!("the table function {function}"));
        }
    }

    /// Checks an expression; `filter` is true in WHERE, HAVING, QUALIFY and ON.
    fn expr(&mut self, expr: &Expr, filter: bool) {
        let mut found = Found::default();
        let _ = expr.visit(&mut found);
        if found.subquery {
            self.block("a subquery outside FROM");
        }
        if let Some(f) = found.nondeterministic {
            self.block(f);
        }
        if let Some(f) = found.sliding_rank {
            self.block(format!("{f} with a sliding window frame"));
        }
        if let Some(f) = found.refused {
            self.refused.get_or_insert(f);
        }
        if let Some(f) = found.clock {
            if filter {
                self.clock_filter = true;
            } else {
                self.block(f);
            }
        }
    }
}

/// What one expression holds, gathered by a visit.
#[derive(Default)]
struct Found {
    subquery: bool,
    nondeterministic: Option<String>,
    clock: Option<String>,
    sliding_rank: Option<String>,
    refused: Option<String>,
}

impl Visitor for Found {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        match expr {
            Expr::Subquery(_)
            | Expr::Exists { .. }
            | Expr::In {
                target: sqlparser::ast::InTarget::Subquery(_),
                ..
            } => {
                self.subquery = true;
            }
            Expr::Function(f) => self.function(f),
            Expr::Identifier(i) => {
                let name = i.value.to_ascii_uppercase();
                if i.quote_style.is_none() && CLOCK.contains(&name.as_str()) {
                    self.clock.get_or_insert(name);
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

impl Found {
    fn function(&mut self, f: &Function) {
        let name = f
            .name
            .0
            .last()
            .map(|p| p.to_string().to_ascii_uppercase())
            .unwrap_or_default();
        let name = name.trim_matches('"').to_owned();
        if CLOCK.contains(&name.as_str()) {
            self.clock.get_or_insert(name.clone());
        }
        if NONDETERMINISTIC.contains(&name.as_str()) || name == "NEXTVAL" {
            self.nondeterministic.get_or_insert(name.clone());
        }
        if name == "ANY_VALUE" {
            self.refused.get_or_insert(name.clone());
        }
        if RANKING.contains(&name.as_str())
            && matches!(&f.over, Some(WindowType::WindowSpec(w)) if w.window_frame.is_some())
        {
            self.sliding_rank.get_or_insert(name);
        }
        if let FunctionArguments::Subquery(_) = f.args {
            self.subquery = true;
        }
    }
}

/// Whether an ON condition is equalities joined by AND.
fn equalities(on: &Expr) -> bool {
    match on {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => equalities(left) && equalities(right),
        Expr::BinaryOp {
            op: BinaryOperator::Eq,
            ..
        } => true,
        Expr::Nested(e) => equalities(e),
        _ => false,
    }
}

/// Whether a select item reads a FLATTEN's SEQ column (`f.seq`, or `seq` with one FLATTEN).
fn selects_seq(e: &Expr, flattens: &[String]) -> bool {
    if flattens.is_empty() {
        return false;
    }
    let mut found = false;
    let _ = e.visit(&mut SeqFinder {
        flattens,
        found: &mut found,
    });
    found
}

struct SeqFinder<'a> {
    flattens: &'a [String],
    found: &'a mut bool,
}

impl Visitor for SeqFinder<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        match expr {
            Expr::CompoundIdentifier(parts)
                if parts.len() == 2
                    && parts[1].value.eq_ignore_ascii_case("SEQ")
                    && self.flattens.contains(&parts[0].value.to_ascii_uppercase()) =>
            {
                *self.found = true;
            }
            Expr::Identifier(i) if i.value.eq_ignore_ascii_case("SEQ") => *self.found = true,
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn support(sql: &str) -> Support {
        let q = crate::dialect::parse::parse_query_text(sql).expect("parses");
        check(&q).expect("accepted")
    }

    fn blocker(sql: &str) -> Option<String> {
        support(sql).blocker
    }

    #[test]
    fn what_snowflake_refreshes_incrementally_has_no_blocker() {
        for sql in [
            "SELECT a, b FROM t WHERE a > 1",
            "SELECT DISTINCT a FROM t",
            "SELECT a, COUNT(*), SUM(b) FROM t GROUP BY a HAVING COUNT(*) > 1",
            "WITH x AS (SELECT a FROM t) SELECT a FROM x",
            "SELECT s.a FROM (SELECT a FROM t) s",
            "SELECT t.a, u.b FROM t JOIN u ON t.k = u.k",
            "SELECT t.a, u.b FROM t LEFT JOIN u ON t.k = u.k AND t.j = u.j",
            "SELECT t.a, u.b FROM t FULL OUTER JOIN u ON t.k = u.k",
            "SELECT t.a, u.b FROM t CROSS JOIN u",
            "SELECT a FROM t UNION ALL SELECT a FROM u",
            "SELECT a FROM t UNION SELECT a FROM u",
            "SELECT a, ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) FROM t",
            "SELECT a FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC) = 1",
            "SELECT e.id, f.value FROM e, LATERAL FLATTEN(input => e.v:tags) f",
            "SELECT a FROM t ORDER BY a",
            "SELECT a, RANK() OVER (PARTITION BY a ORDER BY b) FROM t",
        ] {
            assert_eq!(blocker(sql), None, "{sql}");
        }
    }

    #[test]
    fn what_snowflake_cannot_refresh_incrementally_names_its_construct() {
        for (sql, construct) in [
            (
                "SELECT a FROM t EXCEPT SELECT a FROM u",
                "SetOperation[EXCEPT]",
            ),
            (
                "SELECT a FROM t MINUS SELECT a FROM u",
                "SetOperation[EXCEPT]",
            ),
            (
                "SELECT a FROM t INTERSECT SELECT a FROM u",
                "SetOperation[INTERSECT]",
            ),
            ("SELECT a FROM t LIMIT 5", "LIMIT"),
            ("SELECT TOP 5 a FROM t", "TOP"),
            (
                "SELECT a FROM t WHERE a IN (SELECT a FROM u)",
                "a subquery outside FROM",
            ),
            (
                "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u)",
                "a subquery outside FROM",
            ),
            ("SELECT a, RANDOM() FROM t", "RANDOM"),
            ("SELECT a, UUID_STRING() FROM t", "UUID_STRING"),
            ("SELECT a, CURRENT_ROLE() FROM t", "CURRENT_ROLE"),
            ("SELECT a, CURRENT_TIMESTAMP() FROM t", "CURRENT_TIMESTAMP"),
            (
                "SELECT t.a FROM t LEFT JOIN u ON t.k < u.k",
                "an outer join on a condition other than equality",
            ),
            (
                "SELECT a, SUM(b) FROM t GROUP BY ROLLUP (a)",
                "GROUP BY ROLLUP, CUBE or GROUPING SETS",
            ),
            (
                "SELECT e.id, f.seq FROM e, LATERAL FLATTEN(input => e.v) f",
                "FLATTEN's SEQ column",
            ),
            (
                "SELECT a, RANK() OVER (ORDER BY b ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t",
                "RANK with a sliding window frame",
            ),
        ] {
            assert_eq!(blocker(sql).as_deref(), Some(construct), "{sql}");
        }
    }

    #[test]
    fn the_clock_in_a_filter_is_not_a_blocker_but_is_noted() {
        let s = support("SELECT a FROM t WHERE d > CURRENT_TIMESTAMP() - INTERVAL '1 day'");
        assert_eq!(s.blocker, None);
        assert!(s.clock_filter);
    }

    #[test]
    fn sample_and_any_value_are_refused_in_every_mode() {
        for sql in [
            "SELECT a FROM t SAMPLE (10)",
            "SELECT a, ANY_VALUE(b) FROM t GROUP BY a",
        ] {
            let q = crate::dialect::parse::parse_query_text(sql).expect("parses");
            assert!(check(&q).is_err(), "{sql}");
        }
    }

    #[test]
    fn unique_keys_come_from_group_by_or_a_row_number_dedup() {
        let key = |sql: &str| {
            has_unique_key(&crate::dialect::parse::parse_query_text(sql).expect("parses"))
        };
        assert!(key("SELECT a, COUNT(*) FROM t GROUP BY a"));
        assert!(key(
            "SELECT a, b FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) = 1"
        ));
        assert!(!key("SELECT a, b FROM t"));
        assert!(!key("SELECT COUNT(*) FROM t"));
    }

    fn resolve(
        setting: RefreshModeSetting,
        sql: &str,
        upstreams: &[Upstream],
    ) -> Result<(RefreshMode, Option<String>), SqlError> {
        resolve_refresh_mode(setting, &support(sql), upstreams, "D")
    }

    #[test]
    fn modes_resolve_as_snowflake_documents() {
        use RefreshModeSetting::*;
        let ok = "SELECT a FROM t";
        let except = "SELECT a FROM t EXCEPT SELECT a FROM u";
        assert_eq!(resolve(Auto, ok, &[]), Ok((RefreshMode::Adaptive, None)));
        assert_eq!(
            resolve(Incremental, ok, &[]),
            Ok((RefreshMode::Incremental, None))
        );
        assert_eq!(
            resolve(Adaptive, ok, &[]),
            Ok((RefreshMode::Adaptive, None))
        );
        assert_eq!(
            resolve(Full, ok, &[]),
            Ok((RefreshMode::Full, Some(USER_SPECIFIED_FULL.into())))
        );
        assert_eq!(
            resolve(Auto, except, &[]),
            Ok((
                RefreshMode::Full,
                Some("Unsupported query operator type: SetOperation[EXCEPT]".into())
            ))
        );
        assert_eq!(
            resolve(Auto, "SELECT a FROM t LIMIT 1", &[]),
            Ok((RefreshMode::Full, Some(QUERY_NOT_SUPPORTED.into())))
        );
        let e = resolve(Incremental, except, &[]).unwrap_err();
        assert_eq!((e.code, e.sqlstate), ("002711", "0A000"));
        assert!(
            e.message
                .contains("Dynamic Table 'D' is defined with REFRESH_MODE = INCREMENTAL")
        );
        let full = |unique_key| Upstream {
            mode: RefreshMode::Full,
            unique_key,
        };
        assert_eq!(
            resolve(Auto, ok, &[full(true)]),
            Ok((RefreshMode::Full, Some(UPSTREAM_FULL.into())))
        );
        assert!(resolve(Incremental, ok, &[full(false)]).is_err());
        assert_eq!(
            resolve(Incremental, ok, &[full(true)]),
            Ok((RefreshMode::Incremental, None))
        );
        let clock = "SELECT a FROM t WHERE d > CURRENT_DATE()";
        assert_eq!(resolve(Auto, clock, &[]).unwrap().0, RefreshMode::Full);
        assert_eq!(
            resolve(Incremental, clock, &[]).unwrap().0,
            RefreshMode::Incremental
        );
    }
}
