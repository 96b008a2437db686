//! Distinct: a row (or a group) is present in the output while its weight is positive.
//!
//! Law, in weights: distinct(W)(r) = 1 if W(r) > 0, else 0. The operator keeps each row's running
//! weight and reports only **transitions**: a row appears when its weight rises from 0, and vanishes
//! when it falls back to 0; updates that leave it positive change nothing in the output. A weight
//! below zero means more was retracted than was ever inserted — a broken input, reported as such.
//!
//! `SELECT DISTINCT` is an aggregate whose groups are whole rows and which has no accumulators; the
//! aggregate operator uses a [`Multiplicity`] for every group's presence.

use super::Weight;

/// A row's running weight.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Multiplicity(Weight);

/// What an update did to a row's presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// The weight rose from 0: the row enters the output.
    Appeared,
    /// The weight fell to 0: the row leaves the output.
    Vanished,
    /// The row's presence is as it was: nothing to write.
    Unchanged,
}

impl Multiplicity {
    /// Adds a weight; says whether the row appeared or vanished.
    pub fn update(&mut self, w: Weight) -> Transition {
        let was = self.0 > 0;
        self.0 += w;
        match (was, self.0 > 0) {
            (false, true) => Transition::Appeared,
            (true, false) => Transition::Vanished,
            _ => Transition::Unchanged,
        }
    }

    /// Whether the row is present.
    pub fn present(self) -> bool {
        self.0 > 0
    }

    /// Whether more was retracted than inserted.
    pub fn broken(self) -> bool {
        self.0 < 0
    }

    /// The running weight.
    pub fn weight(self) -> Weight {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_row_appears_at_its_first_copy_and_vanishes_with_its_last() {
        let mut m = Multiplicity::default();
        assert_eq!(m.update(1), Transition::Appeared);
        assert_eq!(m.update(2), Transition::Unchanged);
        assert_eq!(m.update(-2), Transition::Unchanged);
        assert_eq!(m.update(-1), Transition::Vanished);
        assert!(!m.present() && !m.broken());
        m.update(-1);
        assert!(m.broken());
    }

    proptest! {
        #[test]
        fn presence_is_a_positive_sum_and_transitions_account_for_it(
            ws in proptest::collection::vec(-3i64..4, 0..50)
        ) {
            let mut m = Multiplicity::default();
            let mut present = false;
            for w in &ws {
                match m.update(*w) {
                    Transition::Appeared => { prop_assert!(!present); present = true; }
                    Transition::Vanished => { prop_assert!(present); present = false; }
                    Transition::Unchanged => {}
                }
            }
            prop_assert_eq!(present, ws.iter().sum::<i64>() > 0);
            prop_assert_eq!(m.present(), present);
        }
    }
}
