//! MIN(x) and MAX(x): a [`ValueMultiset`] of the values, whose first or last is the answer — a
//! retraction of the current extreme falls back to the next value, with no rescan of the group.

use super::accumulator::Accumulator;
use super::multiset::ValueMultiset;
use crate::error::Result;
use crate::refresh::operator::Weight;
use gluesql_core::data::Value;

/// Which end of the multiset is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extreme {
    /// MIN(x): the smallest value.
    Min,
    /// MAX(x): the largest value.
    Max,
}

/// The running state of MIN(x) or MAX(x) in one group: every value with its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Extremes {
    end: Extreme,
    values: ValueMultiset,
}

impl Extremes {
    /// An empty MIN or MAX.
    pub fn new(end: Extreme) -> Extremes {
        Extremes {
            end,
            values: ValueMultiset::default(),
        }
    }
}

impl Accumulator for Extremes {
    fn update(&mut self, v: &Value, w: Weight) -> Result<()> {
        self.values.add(v, w);
        Ok(())
    }

    fn value(&self) -> Value {
        let v = match self.end {
            Extreme::Min => self.values.first(),
            Extreme::Max => self.values.last(),
        };
        v.cloned().unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refresh::operator::aggregate::accumulator::tests::{check_law, ops, value};
    use crate::refresh::plan::AggKind;
    use crate::types::to_decimal;
    use proptest::prelude::*;

    fn extreme(bag: &[Value], max: bool) -> Value {
        let mut values: Vec<&Value> = bag.iter().filter(|v| !matches!(v, Value::Null)).collect();
        values.sort_by_key(|v| to_decimal(v));
        let v = if max { values.last() } else { values.first() };
        v.map_or(Value::Null, |v| (*v).clone())
    }

    #[test]
    fn retracting_the_minimum_falls_back_to_the_next() {
        let mut m = Extremes::new(Extreme::Min);
        for v in [3, 1, 2] {
            m.update(&value(Some(v)), 1).unwrap();
        }
        m.update(&value(Some(1)), -1).unwrap();
        assert_eq!(m.value(), value(Some(2)));
    }

    proptest! {
        #[test]
        fn min_obeys_the_law(ops in ops()) {
            check_law(AggKind::Min, &ops, |bag| extreme(bag, false))?;
        }

        #[test]
        fn max_obeys_the_law(ops in ops()) {
            check_law(AggKind::Max, &ops, |bag| extreme(bag, true))?;
        }
    }
}
