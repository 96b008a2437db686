//! Accumulators: an aggregate's running state within one group, updated by weighted values.
//!
//! **The law every accumulator obeys**: updates commute, and `update(v, w)` followed by
//! `update(v, −w)` is the identity — retracting what was added restores the state exactly, so an
//! accumulator needs only the changes of its group, never its rows. Its `value()` equals the
//! aggregate recomputed over the bag of values with positive weight. Each accumulator's tests check
//! both, on random update sequences ([`tests::check_law`]).
//!
//! NULLs are skipped by every aggregate but COUNT(*), as in SQL.

use super::average::Average;
use super::count::Count;
use super::distinct_values::{DistinctOf, DistinctValues};
use super::extremes::{Extreme, Extremes};
use super::sum::Sum;
use crate::error::Result;
use crate::refresh::operator::Weight;
use crate::refresh::plan::AggKind;
use gluesql_core::data::Value;

/// What every accumulator does.
pub trait Accumulator {
    /// Adds `w` copies of `v` (a negative `w` retracts them).
    fn update(&mut self, v: &Value, w: Weight) -> Result<()>;
    /// The aggregate's value over what was added and not retracted.
    fn value(&self) -> Value;
}

/// One accumulator of any kind (a closed set, dispatched without allocation).
#[derive(Debug, Clone, PartialEq)]
pub enum Acc {
    /// COUNT(*) or COUNT(x).
    Count(Count),
    /// SUM(x).
    Sum(Sum),
    /// AVG(x).
    Average(Average),
    /// MIN(x) or MAX(x).
    Extremes(Extremes),
    /// COUNT, SUM or AVG of DISTINCT x.
    Distinct(DistinctValues),
}

impl Acc {
    /// The empty accumulator of an aggregate.
    pub fn new(kind: AggKind) -> Acc {
        match kind {
            AggKind::CountStar => Acc::Count(Count::rows()),
            AggKind::Count => Acc::Count(Count::values()),
            AggKind::Sum => Acc::Sum(Sum::default()),
            AggKind::Avg => Acc::Average(Average::default()),
            AggKind::Min => Acc::Extremes(Extremes::new(Extreme::Min)),
            AggKind::Max => Acc::Extremes(Extremes::new(Extreme::Max)),
            AggKind::CountDistinct => Acc::Distinct(DistinctValues::new(DistinctOf::Count)),
            AggKind::SumDistinct => Acc::Distinct(DistinctValues::new(DistinctOf::Sum)),
            AggKind::AvgDistinct => Acc::Distinct(DistinctValues::new(DistinctOf::Avg)),
        }
    }
}

impl Accumulator for Acc {
    fn update(&mut self, v: &Value, w: Weight) -> Result<()> {
        match self {
            Acc::Count(a) => a.update(v, w),
            Acc::Sum(a) => a.update(v, w),
            Acc::Average(a) => a.update(v, w),
            Acc::Extremes(a) => a.update(v, w),
            Acc::Distinct(a) => a.update(v, w),
        }
    }

    fn value(&self) -> Value {
        match self {
            Acc::Count(a) => a.value(),
            Acc::Sum(a) => a.value(),
            Acc::Average(a) => a.value(),
            Acc::Extremes(a) => a.value(),
            Acc::Distinct(a) => a.value(),
        }
    }
}

/// The accumulator law as a property every accumulator's tests check.
#[cfg(test)]
pub mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A value of the tests' domain: a small decimal, or NULL.
    pub fn value(v: Option<i64>) -> Value {
        v.map_or(Value::Null, |n| {
            Value::Decimal(rust_decimal::Decimal::new(n, 1))
        })
    }

    /// Checks the law on `ops` (values and positive weights): the value after inserting them equals
    /// `recompute` over the bag, and retracting them in another order restores the empty state.
    pub fn check_law(
        kind: AggKind,
        ops: &[(Option<i64>, i64)],
        recompute: impl Fn(&[Value]) -> Value,
    ) -> std::result::Result<(), TestCaseError> {
        let empty = Acc::new(kind);
        let mut acc = empty.clone();
        let mut bag = Vec::new();
        for (v, w) in ops {
            acc.update(&value(*v), *w).expect("update");
            bag.extend(std::iter::repeat_n(value(*v), *w as usize));
        }
        prop_assert_eq!(acc.value(), recompute(&bag), "value over the bag");
        for (v, w) in ops.iter().rev() {
            acc.update(&value(*v), -w).expect("retract");
        }
        prop_assert_eq!(&acc, &empty, "retracting what was added restores the state");
        Ok(())
    }

    /// Random updates: values in −5.0..5.0 or NULL, weights 1..3.
    pub fn ops() -> impl Strategy<Value = Vec<(Option<i64>, i64)>> {
        proptest::collection::vec((proptest::option::of(-50i64..50), 1i64..3), 0..30)
    }
}
