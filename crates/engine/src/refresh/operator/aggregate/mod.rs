//! GROUP BY, or a scalar aggregate: one output row per group, kept up to date from weighted rows.
//!
//! Law, in weights: a group's output row is a function of the bag of its rows; each input row of
//! weight w updates its group's accumulators by w ([`accumulator`] states the law they obey) and its
//! [`Multiplicity`]. After a change, only the **touched** groups are re-emitted: a group whose
//! multiplicity fell to 0 vanishes (its output row is removed), a new group's row is appended, an
//! existing group's row is replaced where its value changed. A scalar aggregate (no GROUP BY) has
//! exactly one group, which never vanishes (`COUNT(*)` of nothing is a row holding 0).
//!
//! Input rows carry the group key values first, then one argument per aggregate.

pub mod accumulator;
pub mod average;
pub mod count;
pub mod distinct_values;
pub mod extremes;
pub mod multiset;
pub mod sum;

use super::distinct::Multiplicity;
use super::{Row, Weight, Writes};
use crate::error::{Result, SqlError};
use crate::refresh::plan::{AggKind, Item};
use crate::types::{SortKey, sort_key};
use accumulator::{Acc, Accumulator};
use gluesql_core::data::{Key, Value};
use std::collections::{HashMap, HashSet};

/// A group's identity: its key values as SQL compares them (NULL is its own group).
pub type GroupKey = Vec<Option<SortKey>>;

#[derive(Debug, Clone)]
struct Group {
    keys: Vec<Value>,
    rows: Multiplicity,
    accs: Vec<Acc>,
    /// Where its output row is stored, once written.
    out_key: Option<Key>,
}

/// The aggregate operator's definition and its groups.
#[derive(Debug, Clone)]
pub struct Aggregate {
    aggs: Vec<AggKind>,
    keys: usize,
    items: Vec<Item>,
    scalar: bool,
    groups: HashMap<GroupKey, Group>,
}

/// What a change does to the output: writes to stored rows, and new groups' rows to append (their
/// storage keys are given back with [`Aggregate::stored_at`]).
#[derive(Debug, Default)]
pub struct Emitted {
    /// Puts and removes of output rows already stored (replaced or vanished groups).
    pub writes: Writes,
    /// The output rows of groups that appeared, to append; the caller reports where each went.
    pub fresh: Vec<(GroupKey, Row)>,
}

impl Aggregate {
    /// An aggregate of `aggs` grouped by the first `keys` columns, whose output columns are `items`.
    pub fn new(aggs: Vec<AggKind>, keys: usize, items: Vec<Item>, scalar: bool) -> Aggregate {
        Aggregate {
            aggs,
            keys,
            items,
            scalar,
            groups: HashMap::new(),
        }
    }

    /// Forgets every group (before a rebuild from all input rows).
    pub fn clear(&mut self) {
        self.groups.clear();
    }

    /// How many groups are kept.
    pub fn groups(&self) -> usize {
        self.groups.len()
    }

    fn empty_group(&self, keys: Vec<Value>) -> Group {
        Group {
            keys,
            rows: Multiplicity::default(),
            accs: self.aggs.iter().map(|k| Acc::new(*k)).collect(),
            out_key: None,
        }
    }

    /// Applies weighted input rows; returns the touched groups in a stable order.
    pub fn update(
        &mut self,
        rows: impl IntoIterator<Item = (Weight, Row)>,
    ) -> Result<Vec<GroupKey>> {
        let mut touched: HashSet<GroupKey> = HashSet::new();
        if self.scalar && !self.groups.contains_key(&GroupKey::new()) {
            let group = self.empty_group(Vec::new());
            self.groups.insert(GroupKey::new(), group);
            touched.insert(GroupKey::new());
        }
        for (w, row) in rows {
            let id: GroupKey = row[..self.keys].iter().map(sort_key).collect();
            if !self.groups.contains_key(&id) {
                let group = self.empty_group(row[..self.keys].to_vec());
                self.groups.insert(id.clone(), group);
            }
            let Some(group) = self.groups.get_mut(&id) else {
                continue;
            };
            group.rows.update(w);
            for (acc, v) in group.accs.iter_mut().zip(&row[self.keys..]) {
                acc.update(v, w)?;
            }
            touched.insert(id);
        }
        let mut touched: Vec<GroupKey> = touched.into_iter().collect();
        touched.sort();
        Ok(touched)
    }

    /// The output change of the touched groups: `stored` reads an output row, `coerce` casts a
    /// computed row to the output's column types.
    pub fn emit<'a>(
        &mut self,
        touched: Vec<GroupKey>,
        stored: impl Fn(&Key) -> Option<&'a Row>,
        coerce: impl Fn(Row) -> Result<Row>,
    ) -> Result<Emitted> {
        let mut out = Emitted::default();
        for id in touched {
            let Some(group) = self.groups.get(&id) else {
                continue;
            };
            if group.rows.broken() {
                return Err(SqlError::execution(format!(
                    "Group {:?} retracted more rows than it had.",
                    group.keys
                )));
            }
            if !group.rows.present() && !self.scalar {
                if let Some(k) = group.out_key.clone() {
                    out.writes.deleted += 1;
                    out.writes.removes.push(k);
                }
                self.groups.remove(&id);
                continue;
            }
            let row = coerce(
                self.items
                    .iter()
                    .map(|it| match it {
                        Item::Key(k) => group.keys[*k].clone(),
                        Item::Agg(a) => group.accs[*a].value(),
                    })
                    .collect(),
            )?;
            match &group.out_key {
                Some(k) => {
                    if stored(k) != Some(&row) {
                        out.writes.inserted += 1;
                        out.writes.deleted += 1;
                        out.writes.puts.push((k.clone(), row));
                    }
                }
                None => {
                    out.writes.inserted += 1;
                    out.fresh.push((id, row));
                }
            }
        }
        Ok(out)
    }

    /// Records where a new group's output row was stored.
    pub fn stored_at(&mut self, group: &GroupKey, key: Key) {
        if let Some(g) = self.groups.get_mut(group) {
            g.out_key = Some(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::collections::BTreeMap;

    fn text(s: &str) -> Value {
        Value::Str(s.into())
    }

    fn num(n: i64) -> Value {
        Value::Decimal(Decimal::from(n))
    }

    /// An input row of `SELECT status, COUNT(*), SUM(amount) GROUP BY status`: the key, then one
    /// argument per aggregate.
    fn order(status: &str, amount: i64) -> Row {
        vec![text(status), num(amount), num(amount)]
    }

    /// That aggregate (or its scalar form), kept in a map standing for the table.
    struct Table {
        op: Aggregate,
        rows: BTreeMap<u64, Row>,
        next: u64,
    }

    impl Table {
        fn new(scalar: bool) -> Table {
            let (keys, items) = if scalar {
                (0, vec![Item::Agg(0), Item::Agg(1)])
            } else {
                (1, vec![Item::Key(0), Item::Agg(0), Item::Agg(1)])
            };
            Table {
                op: Aggregate::new(vec![AggKind::CountStar, AggKind::Sum], keys, items, scalar),
                rows: BTreeMap::new(),
                next: 0,
            }
        }

        fn apply(&mut self, change: Vec<(Weight, Row)>) -> (u64, u64) {
            let touched = self.op.update(change).unwrap();
            let stored = self.rows.clone();
            let emitted = self
                .op
                .emit(
                    touched,
                    |k| match k {
                        Key::U64(n) => stored.get(n),
                        _ => None,
                    },
                    Ok,
                )
                .unwrap();
            for k in emitted.writes.removes {
                let Key::U64(n) = k else { unreachable!() };
                self.rows.remove(&n);
            }
            for (k, row) in emitted.writes.puts {
                let Key::U64(n) = k else { unreachable!() };
                self.rows.insert(n, row);
            }
            for (group, row) in emitted.fresh {
                self.rows.insert(self.next, row);
                self.op.stored_at(&group, Key::U64(self.next));
                self.next += 1;
            }
            (emitted.writes.inserted, emitted.writes.deleted)
        }

        fn contents(&self) -> Vec<Row> {
            let mut rows: Vec<Row> = self.rows.values().cloned().collect();
            rows.sort_by_key(|r| format!("{r:?}"));
            rows
        }
    }

    #[test]
    fn only_touched_groups_are_rewritten_and_empty_groups_vanish() {
        let mut t = Table::new(false);
        let counts = t.apply(vec![
            (1, order("A", 10)),
            (1, order("A", 5)),
            (1, order("B", 7)),
        ]);
        assert_eq!(counts, (2, 0));
        assert_eq!(
            t.contents(),
            vec![
                vec![text("A"), num(2), num(15)],
                vec![text("B"), num(1), num(7)]
            ]
        );
        // Moving the 7 from B to A: B vanishes, A is replaced.
        let counts = t.apply(vec![(-1, order("B", 7)), (1, order("A", 7))]);
        assert_eq!(counts, (1, 2));
        assert_eq!(t.contents(), vec![vec![text("A"), num(3), num(22)]]);
        assert_eq!(t.op.groups(), 1);
    }

    #[test]
    fn a_scalar_aggregate_keeps_its_one_row() {
        let mut t = Table::new(true);
        t.apply(Vec::new());
        assert_eq!(t.contents(), vec![vec![num(0), Value::Null]]);
        t.apply(vec![(1, vec![num(4), num(4)])]);
        t.apply(vec![(-1, vec![num(4), num(4)])]);
        assert_eq!(t.contents(), vec![vec![num(0), Value::Null]]);
    }

    #[test]
    fn retracting_more_than_was_inserted_is_an_error() {
        let mut op = Aggregate::new(vec![AggKind::CountStar], 1, vec![Item::Key(0)], false);
        let touched = op.update(vec![(-1, vec![text("A"), num(1)])]).unwrap();
        assert!(op.emit(touched, |_| None, Ok).is_err());
    }
}
