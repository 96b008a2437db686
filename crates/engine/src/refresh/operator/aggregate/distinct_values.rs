//! COUNT(DISTINCT x), SUM(DISTINCT x) and AVG(DISTINCT x): a [`ValueMultiset`] of the values, read
//! as its set of distinct values — a value counts once while any copy of it remains.

use super::accumulator::Accumulator;
use super::multiset::ValueMultiset;
use crate::error::Result;
use crate::refresh::operator::Weight;
use crate::types::to_decimal;
use gluesql_core::data::Value;
use rust_decimal::Decimal;

/// What is computed over the distinct values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistinctOf {
    /// COUNT(DISTINCT x): how many distinct values remain.
    Count,
    /// SUM(DISTINCT x): the sum of the distinct values.
    Sum,
    /// AVG(DISTINCT x): the mean of the distinct values.
    Avg,
}

/// The running state of COUNT, SUM or AVG of DISTINCT x in one group: every value with its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct DistinctValues {
    of: DistinctOf,
    values: ValueMultiset,
}

impl DistinctValues {
    /// An empty COUNT, SUM or AVG of distinct values.
    pub fn new(of: DistinctOf) -> DistinctValues {
        DistinctValues {
            of,
            values: ValueMultiset::default(),
        }
    }
}

impl Accumulator for DistinctValues {
    fn update(&mut self, v: &Value, w: Weight) -> Result<()> {
        self.values.add(v, w);
        Ok(())
    }

    fn value(&self) -> Value {
        let n = self.values.len();
        if self.of == DistinctOf::Count {
            return Value::Decimal(Decimal::from(n));
        }
        if n == 0 {
            return Value::Null;
        }
        let sum: Decimal = self.values.distinct().filter_map(to_decimal).sum();
        Value::Decimal(match self.of {
            DistinctOf::Avg => sum / Decimal::from(n),
            _ => sum,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::refresh::operator::aggregate::accumulator::tests::{check_law, ops};
    use crate::refresh::plan::AggKind;
    use crate::types::to_decimal;
    use gluesql_core::data::Value;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use std::collections::BTreeSet;

    fn distinct(bag: &[Value]) -> BTreeSet<Decimal> {
        bag.iter().filter_map(to_decimal).collect()
    }

    proptest! {
        #[test]
        fn count_distinct_obeys_the_law(ops in ops()) {
            check_law(AggKind::CountDistinct, &ops, |bag| Value::Decimal(Decimal::from(distinct(bag).len())))?;
        }

        #[test]
        fn sum_distinct_obeys_the_law(ops in ops()) {
            check_law(AggKind::SumDistinct, &ops, |bag| {
                let d = distinct(bag);
                if d.is_empty() { Value::Null } else { Value::Decimal(d.iter().sum()) }
            })?;
        }

        #[test]
        fn avg_distinct_obeys_the_law(ops in ops()) {
            check_law(AggKind::AvgDistinct, &ops, |bag| {
                let d = distinct(bag);
                if d.is_empty() {
                    Value::Null
                } else {
                    Value::Decimal(d.iter().sum::<Decimal>() / Decimal::from(d.len()))
                }
            })?;
        }
    }
}
