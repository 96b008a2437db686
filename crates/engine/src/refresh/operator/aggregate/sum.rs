//! SUM(x): the running weighted sum of the non-NULL values, in exact decimals, with their count —
//! the sum of no values is NULL, not 0.

use super::accumulator::Accumulator;
use crate::error::{Result, SqlError};
use crate::refresh::operator::Weight;
use crate::types::{display_value, to_decimal};
use gluesql_core::data::Value;
use rust_decimal::Decimal;

/// The running state of SUM(x) in one group: the weighted sum and count of its non-NULL values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sum {
    sum: Decimal,
    n: Weight,
}

impl Sum {
    /// The sum and the number of values in it.
    pub fn parts(&self) -> (Decimal, Weight) {
        (self.sum, self.n)
    }
}

impl Accumulator for Sum {
    fn update(&mut self, v: &Value, w: Weight) -> Result<()> {
        if matches!(v, Value::Null) {
            return Ok(());
        }
        let d = to_decimal(v).ok_or_else(|| {
            SqlError::execution(format!("SUM/AVG of a non-number '{}'", display_value(v)))
        })?;
        self.sum += d * Decimal::from(w);
        self.n += w;
        Ok(())
    }

    fn value(&self) -> Value {
        if self.n == 0 {
            Value::Null
        } else {
            Value::Decimal(self.sum)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refresh::operator::aggregate::accumulator::tests::{check_law, ops};
    use crate::refresh::plan::AggKind;
    use proptest::prelude::*;

    /// The sum of a bag's non-NULL values, NULL when there are none.
    pub fn recompute(bag: &[Value]) -> Value {
        let values: Vec<Decimal> = bag.iter().filter_map(to_decimal).collect();
        if values.is_empty() {
            Value::Null
        } else {
            Value::Decimal(values.iter().sum())
        }
    }

    #[test]
    fn text_is_not_summed() {
        let mut s = Sum::default();
        assert!(s.update(&Value::Str("x".into()), 1).is_err());
    }

    proptest! {
        #[test]
        fn sum_obeys_the_law(ops in ops()) {
            check_law(AggKind::Sum, &ops, recompute)?;
        }
    }
}
