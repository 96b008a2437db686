//! AVG(x): a [`Sum`] divided by its count at read time, so that it stays exact under retraction.

use super::accumulator::Accumulator;
use super::sum::Sum;
use crate::error::Result;
use crate::refresh::operator::Weight;
use gluesql_core::data::Value;
use rust_decimal::Decimal;

/// The running state of AVG(x) in one group: the sum and count of its non-NULL values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Average(Sum);

impl Accumulator for Average {
    fn update(&mut self, v: &Value, w: Weight) -> Result<()> {
        self.0.update(v, w)
    }

    fn value(&self) -> Value {
        match self.0.parts() {
            (_, 0) => Value::Null,
            (sum, n) => Value::Decimal(sum / Decimal::from(n)),
        }
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

    proptest! {
        #[test]
        fn avg_obeys_the_law(ops in ops()) {
            check_law(AggKind::Avg, &ops, |bag| {
                let values: Vec<Decimal> = bag.iter().filter_map(to_decimal).collect();
                if values.is_empty() {
                    Value::Null
                } else {
                    Value::Decimal(values.iter().sum::<Decimal>() / Decimal::from(values.len()))
                }
            })?;
        }
    }
}
