//! The queries the partition operator ([`super::operator::partition`]) maintains: window functions
//! and QUALIFY over one stored table or dynamic table, every window partitioned by the same columns
//! of it (`QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) = 1`).
//!
//! The query a refresh runs is the table's own with the input bound to [`INPUT`] (a scratch
//! relation holding the rows of the touched partitions) and the partition columns appended, so
//! that each output row says which partition produced it.

use super::linear::rebind;
use super::operator::partition::{Part, Partitions};
use super::operator::row_text;
use crate::catalog::QName;
use crate::dialect::ast::quoted;
use crate::dialect::parse::Name;
use crate::dialect::windows::has_window;
use crate::store::LogPosition;
use crate::types::SfType;
use gluesql_core::data::Value;
use sqlparser::ast::{
    Expr, GroupByExpr, Query, SelectItem, SetExpr, TableFactor, Visit, Visitor, WindowType,
};
use std::ops::ControlFlow;

/// The name the touched partitions' input rows are bound to.
pub const INPUT: &str = "__SG_PARTS";

/// A query the partition operator maintains.
#[derive(Debug, Clone)]
pub struct Partitioned {
    /// The table or dynamic table it reads.
    pub input: Name,
    /// The indexes of the partition columns among the input's columns.
    pub keys: Vec<usize>,
    /// The query over [`INPUT`], its result followed by the partition columns.
    pub query: Query,
}

/// Gathers every window's PARTITION BY, as upper-case column names (None for another expression).
#[derive(Default)]
struct Windows {
    partitions: Vec<Option<Vec<String>>>,
}

impl Visitor for Windows {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if let Expr::Function(f) = expr
            && let Some(over) = &f.over
        {
            self.partitions.push(match over {
                WindowType::WindowSpec(spec) if spec.window_name.is_none() => spec
                    .partition_by
                    .iter()
                    .map(|e| match e {
                        Expr::Identifier(i) => Some(i.value.to_ascii_uppercase()),
                        Expr::CompoundIdentifier(parts) => {
                            parts.last().map(|i| i.value.to_ascii_uppercase())
                        }
                        _ => None,
                    })
                    .collect(),
                _ => None,
            });
        }
        ControlFlow::Continue(())
    }
}

/// The query as the partition operator maintains it, or None when it has no window, a window
/// without PARTITION BY, windows partitioned differently, or more than one relation. `columns`
/// gives the columns of a stored input by name (None for a view or anything else).
pub fn analyze(
    query: &Query,
    columns: impl Fn(&Name) -> Option<Vec<(String, SfType)>>,
) -> Option<Partitioned> {
    if query.with.is_some() || query.limit_clause.is_some() || query.fetch.is_some() {
        return None;
    }
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    let windowed = select.qualify.is_some()
        || select.projection.iter().any(|i| match i {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => has_window(e),
            _ => false,
        });
    let grouped =
        !matches!(&select.group_by, GroupByExpr::Expressions(e, m) if e.is_empty() && m.is_empty());
    if !windowed
        || grouped
        || select.having.is_some()
        || select.distinct.is_some()
        || select.top.is_some()
        || !select.named_window.is_empty()
    {
        return None;
    }
    let [twj] = select.from.as_slice() else {
        return None;
    };
    if !twj.joins.is_empty() {
        return None;
    }
    let TableFactor::Table {
        name, args: None, ..
    } = &twj.relation
    else {
        return None;
    };
    let input = Name::from_object_name(name);
    let input_columns = columns(&input)?;
    let mut windows = Windows::default();
    let _ = select.visit(&mut windows);
    let first = windows.partitions.first()?.clone()?;
    if first.is_empty()
        || windows
            .partitions
            .iter()
            .any(|p| p.as_ref() != Some(&first))
    {
        return None;
    }
    let keys = first
        .iter()
        .map(|k| input_columns.iter().position(|(n, _)| n == k))
        .collect::<Option<Vec<usize>>>()?;
    let mut bound = query.clone();
    bound.order_by = None;
    let SetExpr::Select(s) = bound.body.as_mut() else {
        return None;
    };
    let visible = rebind(&mut s.from[0].relation, INPUT);
    for (i, k) in keys.iter().enumerate() {
        s.projection.push(SelectItem::ExprWithAlias {
            expr: Expr::CompoundIdentifier(vec![visible.clone(), quoted(&input_columns[*k].0)]),
            alias: quoted(&format!("__SG_P{i}")),
        });
    }
    Some(Partitioned {
        input,
        keys,
        query: bound,
    })
}

/// What a dynamic table maintained by the partition operator keeps between refreshes.
#[derive(Debug, Clone)]
pub struct PartitionState {
    /// What the table's query reads and how it is run over partitions.
    pub plan: Partitioned,
    /// The input it reads.
    pub input: QName,
    /// How far into the input's change log it has read.
    pub from: LogPosition,
    /// The input's columns.
    pub columns: Vec<(String, SfType)>,
    /// The input and output rows of each partition.
    pub parts: Partitions,
}

impl PartitionState {
    /// The partition of an input row.
    pub fn part_of(&self, row: &[Value]) -> Part {
        let key: Vec<Value> = self.plan.keys.iter().map(|&i| row[i].clone()).collect();
        row_text(&key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzed(sql: &str) -> Option<Partitioned> {
        let q = crate::dialect::parse::parse_query_text(sql).expect("parses");
        analyze(&q, |_| {
            Some(vec![
                ("ID".into(), SfType::INTEGER),
                ("GRP".into(), SfType::Varchar(None)),
                ("TS".into(), SfType::TimestampNtz),
            ])
        })
    }

    #[test]
    fn windows_partitioned_alike_over_one_input_are_maintained() {
        let p = analyzed(
            "SELECT id, grp FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY grp ORDER BY ts DESC) = 1",
        )
        .expect("a dedup");
        assert_eq!(p.keys, [1]);
        let sql = p.query.to_string();
        assert!(sql.contains("FROM \"__SG_PARTS\" AS t"), "{sql}");
        assert!(sql.contains("t.\"GRP\" AS \"__SG_P0\""), "{sql}");
        let p = analyzed(
            "SELECT id, SUM(id) OVER (PARTITION BY grp, id ORDER BY ts), RANK() OVER (PARTITION BY grp, id ORDER BY ts) FROM t",
        )
        .expect("two windows, one partitioning");
        assert_eq!(p.keys, [1, 0]);
    }

    #[test]
    fn other_windows_are_left_to_recomputation() {
        for sql in [
            "SELECT id FROM t",
            "SELECT id, ROW_NUMBER() OVER (ORDER BY ts) FROM t",
            "SELECT id, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY ts), RANK() OVER (PARTITION BY id ORDER BY ts) FROM t",
            "SELECT id, ROW_NUMBER() OVER (PARTITION BY UPPER(grp) ORDER BY ts) FROM t",
            "SELECT id, ROW_NUMBER() OVER (PARTITION BY missing ORDER BY ts) FROM t",
            "SELECT t.id FROM t JOIN u ON t.id = u.id QUALIFY ROW_NUMBER() OVER (PARTITION BY t.grp ORDER BY t.ts) = 1",
        ] {
            assert!(analyzed(sql).is_none(), "{sql}");
        }
    }
}
