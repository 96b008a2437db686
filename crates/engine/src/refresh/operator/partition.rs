//! Window functions and QUALIFY over partitions: `SELECT … OVER (PARTITION BY k …) FROM t [QUALIFY …]`
//! where every window partitions by the same columns k.
//!
//! Law, in weights: such a query is a sum over partitions, Q(t) = Σ_p Q(t|p), where t|p holds the
//! rows of t whose k is p. An input change −before(r) + after(r) touches the partitions of its two
//! images and no other; so Q(new) − Q(old) = Σ over touched p of Q(new|p) − Q(old|p), and the
//! output rows of every untouched partition stay as they are. [`Partitions`] keeps which input rows
//! and which output rows belong to each partition, so that a refresh recomputes only the touched
//! partitions (a ROW_NUMBER dedup per key touches one partition per changed key) and replaces
//! exactly their output rows. Its state is one entry per input row and per output row.

use gluesql_core::data::Key;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A partition's key values as one comparable text.
pub type Part = String;

/// Which input rows and which output rows belong to each partition.
#[derive(Debug, Clone, Default)]
pub struct Partitions {
    inputs: HashMap<Part, HashSet<Key>>,
    outputs: HashMap<Part, Vec<Key>>,
}

impl Partitions {
    /// Records that an input row moved from partition `before` to `after` (None: the row did not
    /// exist, or no longer does); returns the partitions the move touched.
    pub fn moved(&mut self, key: &Key, before: Option<Part>, after: Option<Part>) -> Vec<Part> {
        let mut touched = Vec::new();
        if let Some(p) = before {
            if let Some(rows) = self.inputs.get_mut(&p) {
                rows.remove(key);
                if rows.is_empty() {
                    self.inputs.remove(&p);
                }
            }
            touched.push(p);
        }
        if let Some(p) = after {
            self.inputs
                .entry(p.clone())
                .or_default()
                .insert(key.clone());
            if !touched.contains(&p) {
                touched.push(p);
            }
        }
        touched
    }

    /// The input rows of a partition.
    pub fn input_rows<'a>(&'a self, part: &Part) -> impl Iterator<Item = &'a Key> + 'a {
        self.inputs.get(part).into_iter().flatten()
    }

    /// The output rows of a partition now.
    pub fn output_rows(&self, part: &Part) -> &[Key] {
        self.outputs.get(part).map_or(&[], Vec::as_slice)
    }

    /// Makes `keys` the output rows of a partition.
    pub fn set_outputs(&mut self, part: Part, keys: Vec<Key>) {
        if keys.is_empty() {
            self.outputs.remove(&part);
        } else {
            self.outputs.insert(part, keys);
        }
    }

    /// Entries of state: input rows and output rows indexed.
    pub fn len(&self) -> usize {
        self.inputs.values().map(HashSet::len).sum::<usize>()
            + self.outputs.values().map(Vec::len).sum::<usize>()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty() && self.outputs.is_empty()
    }
}

/// The partitions touched by a batch of moves, once each, in a stable order.
pub fn touched(parts: impl IntoIterator<Item = Part>) -> Vec<Part> {
    parts
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever rows move between partitions, each partition's input rows are exactly the rows
        /// whose latest partition it is, and each move touches both its partitions.
        #[test]
        fn partitions_follow_the_rows_that_move(moves in prop::collection::vec((0i64..8, prop::option::of(0u8..4)), 0..40)) {
            let mut p = Partitions::default();
            let mut now: HashMap<i64, Option<u8>> = HashMap::new();
            for (row, to) in moves {
                let from = now.get(&row).copied().flatten();
                let touched = p.moved(&Key::I64(row), from.map(|x| x.to_string()), to.map(|x| x.to_string()));
                for part in from.iter().chain(to.iter()) {
                    prop_assert!(touched.contains(&part.to_string()));
                }
                now.insert(row, to);
            }
            for part in 0u8..4 {
                let mut got: Vec<Key> = p.input_rows(&part.to_string()).cloned().collect();
                got.sort_by_key(|k| format!("{k:?}"));
                let mut want: Vec<Key> = now.iter().filter(|(_, v)| **v == Some(part)).map(|(r, _)| Key::I64(*r)).collect();
                want.sort_by_key(|k| format!("{k:?}"));
                prop_assert_eq!(got, want);
            }
            let live = now.values().filter(|v| v.is_some()).count();
            prop_assert_eq!(p.len(), live);
        }
    }

    #[test]
    fn outputs_are_replaced_per_partition() {
        let mut p = Partitions::default();
        p.set_outputs("a".into(), vec![Key::I64(1), Key::I64(2)]);
        p.set_outputs("b".into(), vec![Key::I64(3)]);
        assert_eq!(p.output_rows(&"a".into()), [Key::I64(1), Key::I64(2)]);
        p.set_outputs("a".into(), vec![]);
        assert!(p.output_rows(&"a".into()).is_empty());
        assert_eq!(p.len(), 1);
        assert_eq!(
            touched(["b".to_owned(), "a".to_owned(), "b".to_owned()]),
            ["a", "b"]
        );
    }
}
