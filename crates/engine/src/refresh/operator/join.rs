//! Joins and UNION ALL: `SELECT f(r1, …, rn) FROM R1, …, Rn WHERE p(r1, …, rn)` — inner and cross
//! joins of any number of relations, self-joins included — and UNION ALL of such branches.
//!
//! Law, in weights: such a query Q is linear in each of its relation occurrences, so with
//! `new = old + Δ` for every occurrence,
//!
//! ```text
//!   Q(new) − Q(old) = Σ over non-empty sets S of occurrences  (−1)^(|S|+1) · Q[Δ on S, new elsewhere]
//! ```
//!
//! where a term's row weighs the product of its delta rows' weights (for two relations:
//! ΔA⋈B + A⋈ΔB − ΔA⋈ΔB, with A and B as they are now). A term with an empty Δ is zero and is
//! skipped, so a refresh after changes to one relation evaluates one term per occurrence of it, each
//! joining the changed rows with the others. UNION ALL adds its branches' changes.
//!
//! The output is a multiset with no key of its own: [`Arrangement`] indexes the stored rows by value,
//! so that a row retracted by the change is removed once, wherever it is stored, and an inserted one
//! is appended. Applying Q(new) − Q(old) to rows equal to Q(old) leaves rows equal to Q(new); a
//! retraction of a row that is not stored means the two have diverged, which is reported rather than
//! applied.

use super::{Row, Weight, Writes, row_text};
use gluesql_core::data::Key;
use std::collections::HashMap;

/// The terms of the change of a query with `n` relation occurrences: each non-empty set of
/// occurrences that read their change (as indexes, ascending) and the sign of its term.
pub fn terms(n: usize) -> Vec<(Vec<usize>, Weight)> {
    (1u64..(1 << n))
        .map(|mask| {
            let set: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
            let sign = if set.len() % 2 == 1 { 1 } else { -1 };
            (set, sign)
        })
        .collect()
}

/// The stored output rows of a join or union, indexed by value.
#[derive(Debug, Clone, Default)]
pub struct Arrangement {
    keys: HashMap<String, Vec<Key>>,
    rows: usize,
}

/// Why a change could not be applied: it retracts a row that is not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diverged;

impl Arrangement {
    /// Indexes the rows stored now.
    pub fn of<'a>(stored: impl IntoIterator<Item = (&'a Key, &'a Row)>) -> Arrangement {
        let mut a = Arrangement::default();
        for (key, row) in stored {
            a.keys.entry(row_text(row)).or_default().push(key.clone());
            a.rows += 1;
        }
        a
    }

    /// How many rows are stored.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether no row is stored.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The writes that apply a change (rows with weights, in any order, not consolidated), and the
    /// rows to append, which [`Arrangement::placed`] must then be told the keys of. Nothing is
    /// changed when the change retracts a row that is not stored.
    pub fn apply(
        &mut self,
        change: impl IntoIterator<Item = (Row, Weight)>,
    ) -> Result<(Writes, Vec<Row>), Diverged> {
        let mut net: HashMap<String, (Row, Weight)> = HashMap::new();
        for (row, w) in change {
            net.entry(row_text(&row)).or_insert((row, 0)).1 += w;
        }
        for (text, (_, w)) in &net {
            if *w < 0 && self.keys.get(text).map_or(0, Vec::len) < w.unsigned_abs() as usize {
                return Err(Diverged);
            }
        }
        let mut writes = Writes::default();
        let mut fresh = Vec::new();
        for (text, (row, w)) in net {
            if w < 0 {
                let keys = self.keys.get_mut(&text).expect("checked above");
                for _ in 0..w.unsigned_abs() {
                    writes.removes.push(keys.pop().expect("checked above"));
                }
                if keys.is_empty() {
                    self.keys.remove(&text);
                }
                writes.deleted += w.unsigned_abs();
                self.rows -= w.unsigned_abs() as usize;
            } else {
                for _ in 0..w {
                    fresh.push(row.clone());
                }
                writes.inserted += w as u64;
            }
        }
        Ok((writes, fresh))
    }

    /// Records where appended rows were stored.
    pub fn placed(&mut self, rows: impl IntoIterator<Item = (Row, Key)>) {
        for (row, key) in rows {
            self.keys.entry(row_text(&row)).or_default().push(key);
            self.rows += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gluesql_core::data::Value;
    use proptest::prelude::*;

    fn v(i: i64) -> Value {
        Value::I64(i)
    }

    /// A relation as a multiset of (key column, payload).
    type Rel = Vec<(i64, i64)>;

    /// A relation's change: rows with weights.
    type Weighted = Vec<((i64, i64), Weight)>;

    /// `SELECT a.p, b.p FROM A a JOIN B b ON a.k = b.k`, evaluated over weighted relations.
    fn join(a: &[((i64, i64), Weight)], b: &[((i64, i64), Weight)]) -> Vec<(Row, Weight)> {
        let mut out = Vec::new();
        for ((ka, pa), wa) in a {
            for ((kb, pb), wb) in b {
                if ka == kb {
                    out.push((vec![v(*pa), v(*pb)], wa * wb));
                }
            }
        }
        out
    }

    fn weighted(r: &Rel) -> Vec<((i64, i64), Weight)> {
        r.iter().map(|x| (*x, 1)).collect()
    }

    /// The multiset of a weighted bag, as sorted (row, count) with zero counts dropped.
    fn consolidate(rows: Vec<(Row, Weight)>) -> Vec<(String, Weight)> {
        let mut m: HashMap<String, Weight> = HashMap::new();
        for (r, w) in rows {
            *m.entry(row_text(&r)).or_default() += w;
        }
        let mut out: Vec<_> = m.into_iter().filter(|(_, w)| *w != 0).collect();
        out.sort();
        out
    }

    #[test]
    fn terms_are_the_non_empty_subsets_with_alternating_signs() {
        assert_eq!(terms(1), vec![(vec![0], 1)]);
        assert_eq!(terms(2), vec![(vec![0], 1), (vec![1], 1), (vec![0, 1], -1)]);
        assert_eq!(terms(3).len(), 7);
        assert_eq!(terms(3).iter().map(|(_, s)| s).sum::<Weight>(), 1);
    }

    fn rel() -> impl Strategy<Value = Rel> {
        prop::collection::vec((0i64..4, 0i64..5), 0..8)
    }

    proptest! {
        /// The delta rule: the terms over the changes and the relations as they are now sum to
        /// Q(new) − Q(old), for a join of two relations (a self-join when both are one relation).
        #[test]
        fn the_terms_sum_to_the_change_of_a_join(
            a_old in rel(), b_old in rel(),
            a_del in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
            b_del in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
            a_ins in rel(), b_ins in rel(), self_join in any::<bool>(),
        ) {
            let b_old = if self_join { a_old.clone() } else { b_old };
            let remove = |old: &Rel, del: &[prop::sample::Index]| -> (Rel, Weighted) {
                let mut new = old.clone();
                let mut delta = Vec::new();
                for i in del {
                    if !new.is_empty() {
                        let r = new.remove(i.index(new.len()));
                        delta.push((r, -1));
                    }
                }
                (new, delta)
            };
            let (mut a_new, mut da) = remove(&a_old, &a_del);
            a_new.extend(a_ins.iter().copied());
            da.extend(a_ins.iter().map(|r| (*r, 1)));
            let (b_new, db) = if self_join {
                (a_new.clone(), da.clone())
            } else {
                let (mut b_new, mut db) = remove(&b_old, &b_del);
                b_new.extend(b_ins.iter().copied());
                db.extend(b_ins.iter().map(|r| (*r, 1)));
                (b_new, db)
            };
            let deltas = [da, db];
            let news = [weighted(&a_new), weighted(&b_new)];
            let mut change = Vec::new();
            for (set, sign) in terms(2) {
                let pick = |i: usize| if set.contains(&i) { deltas[i].clone() } else { news[i].clone() };
                change.extend(join(&pick(0), &pick(1)).into_iter().map(|(r, w)| (r, w * sign)));
            }
            let mut expected = join(&weighted(&a_new), &weighted(&b_new));
            expected.extend(join(&weighted(&a_old), &weighted(&b_old)).into_iter().map(|(r, w)| (r, -w)));
            prop_assert_eq!(consolidate(change), consolidate(expected));
        }

        /// Applying a change to an arrangement of Q(old) leaves Q(new); retracting what was added
        /// restores the stored multiset.
        #[test]
        fn an_arrangement_applies_changes_and_their_inverse(
            old in prop::collection::vec(0i64..5, 0..10),
            added in prop::collection::vec(0i64..5, 0..6),
        ) {
            let mut stored: Vec<(Key, Row)> = old.iter().enumerate().map(|(i, x)| (Key::I64(i as i64), vec![v(*x)])).collect();
            let mut a = Arrangement::of(stored.iter().map(|(k, r)| (k, r)));
            let (writes, fresh) = a.apply(added.iter().map(|x| (vec![v(*x)], 1))).expect("insertions apply");
            prop_assert!(writes.removes.is_empty());
            let next = stored.len() as i64;
            let placed: Vec<(Row, Key)> = fresh.into_iter().enumerate().map(|(i, r)| (r, Key::I64(next + i as i64))).collect();
            stored.extend(placed.iter().map(|(r, k)| (k.clone(), r.clone())));
            a.placed(placed);
            prop_assert_eq!(a.len(), old.len() + added.len());
            let (writes, fresh) = a.apply(added.iter().map(|x| (vec![v(*x)], -1))).expect("retractions apply");
            prop_assert!(fresh.is_empty());
            stored.retain(|(k, _)| !writes.removes.contains(k));
            let mut left: Vec<i64> = stored.iter().map(|(_, r)| match r[0] { Value::I64(x) => x, _ => unreachable!() }).collect();
            left.sort();
            let mut want = old.clone();
            want.sort();
            prop_assert_eq!(left, want);
            prop_assert_eq!(a.len(), old.len());
        }
    }

    #[test]
    fn retracting_a_row_that_is_not_stored_changes_nothing() {
        let stored = [(Key::I64(0), vec![v(1)])];
        let mut a = Arrangement::of(stored.iter().map(|(k, r)| (k, r)));
        assert_eq!(a.apply([(vec![v(2)], -1)]), Err(Diverged));
        assert_eq!(a.apply([(vec![v(1)], -2)]), Err(Diverged));
        assert_eq!(a.len(), 1);
        let (writes, _) = a.apply([(vec![v(1)], -1)]).expect("stored");
        assert_eq!(writes.removes, vec![Key::I64(0)]);
        assert!(a.is_empty());
    }
}
