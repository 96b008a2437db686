//! A multiset of values ordered as SQL compares them, with a weight per distinct value — the state
//! MIN, MAX and the DISTINCT aggregates keep, so that retracting the current minimum finds the next
//! one. A value whose weight returns to zero leaves the set; NULLs never enter it.

use crate::refresh::operator::Weight;
use crate::types::{SortKey, sort_key};
use gluesql_core::data::Value;
use std::collections::BTreeMap;

/// Each distinct non-NULL value, keyed by its SQL ordering, with its running weight.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueMultiset(BTreeMap<SortKey, (Value, Weight)>);

impl ValueMultiset {
    /// Adds `w` copies of `v` (NULL is ignored).
    pub fn add(&mut self, v: &Value, w: Weight) {
        let Some(k) = sort_key(v) else {
            return;
        };
        match self.0.get_mut(&k) {
            Some(e) => {
                e.1 += w;
                if e.1 == 0 {
                    self.0.remove(&k);
                }
            }
            None => {
                self.0.insert(k, (v.clone(), w));
            }
        }
    }

    /// The smallest value.
    pub fn first(&self) -> Option<&Value> {
        self.0.values().next().map(|(v, _)| v)
    }

    /// The largest value.
    pub fn last(&self) -> Option<&Value> {
        self.0.values().next_back().map(|(v, _)| v)
    }

    /// The distinct values, smallest first.
    pub fn distinct(&self) -> impl Iterator<Item = &Value> {
        self.0.values().map(|(v, _)| v)
    }

    /// How many distinct values there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it holds no value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
