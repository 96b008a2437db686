//! The queries the join operator ([`super::operator::join`]) maintains, and the SQL of each term of
//! its delta rule.
//!
//! Maintained: inner and cross joins of stored tables and dynamic tables (any number, self-joins
//! included) with projection and filter, and UNION ALL of such branches — the queries that are
//! linear in each relation they read. A term of a branch reads, for each occurrence in its set, the
//! occurrence's changed rows (a scratch relation bound to the name [`delta_name`], carrying each
//! row's weight in [`WEIGHT`]) and the other relations as stored; it selects the branch's columns and
//! the product of its changed rows' weights.

use super::operator::join::Arrangement;
use crate::catalog::QName;
use crate::dialect::ast::{query_of, quoted};
use crate::dialect::parse::Name;
use crate::dialect::select_forms::contains_aggregate;
use crate::dialect::walk::has_subquery;
use crate::dialect::windows::has_window;
use crate::store::LogPosition;
use sqlparser::ast::{
    BinaryOperator, Distinct, Expr, GroupByExpr, Ident, JoinOperator, ObjectName, ObjectNamePart,
    Query, Select, SelectItem, SetExpr, SetOperator, SetQuantifier, TableAlias, TableFactor,
};
use std::collections::BTreeMap;

/// The column of a scratch relation of changed rows that holds each row's weight (+1 or −1), and of
/// a term's result that holds the product of its changed rows' weights.
pub const WEIGHT: &str = "__SG_W";

/// The name a term binds the changed rows of a branch's `k`-th occurrence to.
pub fn delta_name(k: usize) -> String {
    format!("__SG_D{k}")
}

/// Makes a FROM relation read the relation bound to `to` under the name it was visible by (its
/// alias, or else its own last name part), and returns that name.
pub fn rebind(factor: &mut TableFactor, to: &str) -> Ident {
    let TableFactor::Table { name, alias, .. } = factor else {
        return quoted(to);
    };
    let visible = match alias {
        Some(a) => a.name.clone(),
        None => {
            let last = name
                .0
                .last()
                .and_then(ObjectNamePart::as_ident)
                .cloned()
                .unwrap_or_else(|| quoted(to));
            *alias = Some(TableAlias {
                explicit: true,
                name: last.clone(),
                columns: vec![],
                at: None,
            });
            last
        }
    };
    *name = ObjectName::from(vec![quoted(to)]);
    visible
}

/// A query the join operator maintains: its branches (one per UNION ALL operand), each with the
/// relations it reads in FROM order (a relation read twice appears twice).
#[derive(Debug, Clone)]
pub struct Linear {
    branches: Vec<Select>,
    /// For each branch, the names of the relations it reads, in FROM order.
    pub occurrences: Vec<Vec<Name>>,
}

/// What a dynamic table maintained by the join operator keeps between refreshes.
#[derive(Debug, Clone)]
pub struct JoinState {
    /// The query's branches and the relations they read.
    pub linear: Linear,
    /// For each branch, the stored relation each occurrence reads.
    pub inputs: Vec<Vec<QName>>,
    /// How far into each input's change log the table has read.
    pub from: BTreeMap<QName, LogPosition>,
    /// The stored output rows, by value.
    pub arrangement: Arrangement,
}

/// The FROM relations of a select in order, or None when one is not a plain table name.
fn factors_mut(select: &mut Select) -> Vec<&mut TableFactor> {
    let mut out = Vec::new();
    for twj in &mut select.from {
        out.push(&mut twj.relation);
        for j in &mut twj.joins {
            out.push(&mut j.relation);
        }
    }
    out
}

/// The branch of a select the operator can maintain, with its relation names.
fn branch(select: &Select) -> Option<Vec<Name>> {
    let plain = select.distinct.is_none()
        && select.top.is_none()
        && select.having.is_none()
        && select.qualify.is_none()
        && matches!(&select.group_by, GroupByExpr::Expressions(e, m) if e.is_empty() && m.is_empty())
        && !select.from.is_empty();
    if !plain || matches!(select.distinct, Some(Distinct::On(_))) {
        return None;
    }
    for item in &select.projection {
        match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                if contains_aggregate(e) || has_window(e) || has_subquery(e) {
                    return None;
                }
            }
            _ => return None,
        }
    }
    if select.selection.as_ref().is_some_and(has_subquery) {
        return None;
    }
    let mut names = Vec::new();
    for twj in &select.from {
        for j in &twj.joins {
            match &j.join_operator {
                JoinOperator::Join(c) | JoinOperator::Inner(c) => {
                    if let sqlparser::ast::JoinConstraint::On(on) = c {
                        if has_subquery(on) {
                            return None;
                        }
                    } else if !matches!(c, sqlparser::ast::JoinConstraint::None) {
                        return None;
                    }
                }
                JoinOperator::CrossJoin(_) => {}
                _ => return None,
            }
        }
    }
    let mut select = select.clone();
    for factor in factors_mut(&mut select) {
        match factor {
            TableFactor::Table {
                name,
                args: None,
                sample: None,
                with_hints,
                version: None,
                partitions,
                ..
            } if with_hints.is_empty() && partitions.is_empty() => {
                names.push(Name::from_object_name(name));
            }
            _ => return None,
        }
    }
    Some(names)
}

/// The branches of a UNION ALL tree, left to right.
fn branches(body: &SetExpr, out: &mut Vec<Select>) -> bool {
    match body {
        SetExpr::Select(s) => {
            out.push((**s).clone());
            true
        }
        SetExpr::SetOperation {
            op: SetOperator::Union,
            set_quantifier: SetQuantifier::All,
            left,
            right,
        } => branches(left, out) && branches(right, out),
        SetExpr::Query(q) if q.with.is_none() && q.order_by.is_none() => branches(&q.body, out),
        _ => false,
    }
}

/// The query as the join operator maintains it, or None when it is not a join or UNION ALL of
/// projections and filters over named relations. A single relation read once is left to the
/// projection operator.
pub fn analyze(query: &Query) -> Option<Linear> {
    if query.with.is_some() || query.limit_clause.is_some() || query.fetch.is_some() {
        return None;
    }
    let mut selects = Vec::new();
    if !branches(&query.body, &mut selects) {
        return None;
    }
    let occurrences = selects.iter().map(branch).collect::<Option<Vec<_>>>()?;
    if occurrences.len() == 1 && occurrences[0].len() == 1 {
        return None;
    }
    Some(Linear {
        branches: selects,
        occurrences,
    })
}

impl Linear {
    /// The query of one term of branch `b`: the occurrences in `set` (indexes into
    /// `occurrences[b]`) read their changed rows, bound to [`delta_name`]; the result ends with the
    /// product of their weights, named [`WEIGHT`].
    pub fn term_query(&self, b: usize, set: &[usize]) -> Query {
        let mut select = self.branches[b].clone();
        let mut weights: Vec<Expr> = Vec::new();
        for (k, factor) in factors_mut(&mut select).into_iter().enumerate() {
            if set.contains(&k) {
                let visible = rebind(factor, &delta_name(k));
                weights.push(Expr::CompoundIdentifier(vec![visible, quoted(WEIGHT)]));
            }
        }
        let product = weights
            .into_iter()
            .reduce(|a, b| Expr::BinaryOp {
                left: Box::new(a),
                op: BinaryOperator::Multiply,
                right: Box::new(b),
            })
            .expect("a term reads at least one change");
        select.projection.push(SelectItem::ExprWithAlias {
            expr: product,
            alias: quoted(WEIGHT),
        });
        query_of(SetExpr::Select(Box::new(select)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linear(sql: &str) -> Option<Linear> {
        analyze(&crate::dialect::parse::parse_query_text(sql).expect("parses"))
    }

    #[test]
    fn joins_and_union_all_of_named_relations_are_maintained() {
        let l = linear(
            "SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.id WHERE o.amount > 1",
        )
        .expect("a join");
        assert_eq!(l.occurrences.len(), 1);
        assert_eq!(l.occurrences[0].len(), 2);
        let l = linear("SELECT a.x, b.x FROM t a, t b WHERE a.k = b.k").expect("a self-join");
        assert_eq!(l.occurrences[0].len(), 2);
        let l = linear("SELECT x FROM t UNION ALL SELECT y FROM u UNION ALL SELECT z FROM v")
            .expect("a union");
        assert_eq!(l.occurrences.len(), 3);
    }

    #[test]
    fn other_queries_are_left_to_other_operators_or_recomputation() {
        for sql in [
            "SELECT x FROM t",
            "SELECT x FROM t UNION SELECT y FROM u",
            "SELECT t.x, COUNT(*) FROM t JOIN u ON t.k = u.k GROUP BY t.x",
            "SELECT DISTINCT t.x FROM t JOIN u ON t.k = u.k",
            "SELECT t.x FROM t LEFT JOIN u ON t.k = u.k",
            "SELECT * FROM t JOIN u ON t.k = u.k",
            "SELECT t.x FROM t JOIN (SELECT k FROM u) s ON t.k = s.k",
            "SELECT t.x FROM t JOIN u ON t.k = u.k WHERE t.x IN (SELECT 1)",
            "WITH a AS (SELECT x FROM t) SELECT a.x FROM a, u",
        ] {
            assert!(linear(sql).is_none(), "{sql}");
        }
    }

    #[test]
    fn a_term_binds_its_changed_occurrences_and_multiplies_their_weights() {
        let l = linear(
            "SELECT o.id, customers.name FROM orders o JOIN customers ON o.cid = customers.id",
        )
        .expect("a join");
        let sql = l.term_query(0, &[0, 1]).to_string();
        assert!(sql.contains("\"__SG_D0\" o JOIN"), "{sql}");
        assert!(sql.contains("\"__SG_D1\" AS customers"), "{sql}");
        assert!(
            sql.contains("o.\"__SG_W\" * customers.\"__SG_W\" AS \"__SG_W\""),
            "{sql}"
        );
        let sql = l.term_query(0, &[1]).to_string();
        assert!(
            sql.contains("FROM orders o JOIN \"__SG_D1\" AS customers"),
            "{sql}"
        );
        assert!(sql.contains("customers.\"__SG_W\" AS \"__SG_W\""), "{sql}");
    }
}
