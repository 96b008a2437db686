//! COUNT(*) and COUNT(x): the running sum of weights — of every row, or of the non-NULL values.

use super::accumulator::Accumulator;
use crate::error::Result;
use crate::refresh::operator::Weight;
use gluesql_core::data::Value;
use rust_decimal::Decimal;

/// The running state of COUNT(*) or COUNT(x) in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    /// COUNT(*): NULLs count too.
    star: bool,
    n: Weight,
}

impl Count {
    /// COUNT(*).
    pub fn rows() -> Count {
        Count { star: true, n: 0 }
    }

    /// COUNT(x).
    pub fn values() -> Count {
        Count { star: false, n: 0 }
    }
}

impl Accumulator for Count {
    fn update(&mut self, v: &Value, w: Weight) -> Result<()> {
        if self.star || !matches!(v, Value::Null) {
            self.n += w;
        }
        Ok(())
    }

    fn value(&self) -> Value {
        Value::Decimal(Decimal::from(self.n))
    }
}

#[cfg(test)]
mod tests {
    use super::super::accumulator::tests::{check_law, ops};
    use crate::refresh::plan::AggKind;
    use gluesql_core::data::Value;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    proptest! {
        #[test]
        fn count_star_obeys_the_law(ops in ops()) {
            check_law(AggKind::CountStar, &ops, |bag| Value::Decimal(Decimal::from(bag.len())))?;
        }

        #[test]
        fn count_obeys_the_law(ops in ops()) {
            check_law(AggKind::Count, &ops, |bag| {
                Value::Decimal(Decimal::from(bag.iter().filter(|v| !matches!(v, Value::Null)).count()))
            })?;
        }
    }
}
