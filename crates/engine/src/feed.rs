//! Feeding the CDC generator's events into a bronze table on the virtual clock: the one loop that
//! the page, `snowglobe run`, `snowglobe serve --generator` and the benchmark all run.
//!
//! Each generator iteration happens at its own instant: the clock moves there first — running the
//! refreshes and tasks that fall due on the way, as the scheduler decides — then the iteration's
//! event, if it draws one, is applied to the bronze table (an iteration that draws an UPDATE or
//! DELETE with nothing to change does nothing, as in the seed's script).

use crate::catalog::QName;
use crate::engine::Engine;
use crate::error::SqlError;
use crate::generator::{CdcEvent, Generator};
use chrono::NaiveDateTime;

/// A generator and the bronze table it feeds, borrowed for a run.
pub struct Feed<'a> {
    /// The CDC generator whose events are applied.
    pub generator: &'a mut Generator,
    /// The bronze table the events are written to.
    pub target: &'a QName,
}

/// What a run is about to do, asked of its gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// The next iteration, at this instant.
    Iteration(NaiveDateTime),
    /// The last move of the clock, to the run's end.
    Clock(NaiveDateTime),
}

/// What applying one event did: the rows it wrote, or why it failed.
pub type Outcome = Result<usize, SqlError>;

impl Feed<'_> {
    /// Runs one iteration at its instant; returns its event and what applying it did (None when
    /// the iteration drew nothing).
    pub fn step(&mut self, engine: &mut Engine) -> Option<(CdcEvent, Outcome)> {
        engine.advance_to(self.generator.next_at());
        let event = self.generator.step()?;
        let outcome = engine.apply_event(&event, self.target);
        Some((event, outcome))
    }

    /// Applies exactly `n` events (iterations that draw none do not count). `each` sees every event
    /// with its outcome, and stops the run by returning an error.
    pub fn events<E>(
        &mut self,
        engine: &mut Engine,
        n: u64,
        mut each: impl FnMut(&Engine, &CdcEvent, Outcome) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut applied = 0;
        while applied < n {
            if let Some((event, outcome)) = self.step(engine) {
                applied += 1;
                each(engine, &event, outcome)?;
            }
        }
        Ok(applied)
    }

    /// Runs the iterations due by `to`, then moves the clock to `to`. Before each iteration and
    /// before the last move, `gate` (given the engine, what comes next and the iterations run so
    /// far) may stop the run with a reason, which is returned; `each` sees every event with its
    /// outcome, and stops the run by returning an error. Returns None when the run reached `to`.
    pub fn run_until<S, E>(
        &mut self,
        engine: &mut Engine,
        to: NaiveDateTime,
        mut gate: impl FnMut(&Engine, Next, usize) -> Option<S>,
        mut each: impl FnMut(&Engine, &CdcEvent, Outcome) -> Result<(), E>,
    ) -> Result<Option<S>, E> {
        let mut steps = 0;
        while self.generator.next_at() <= to {
            if let Some(stop) = gate(engine, Next::Iteration(self.generator.next_at()), steps) {
                return Ok(Some(stop));
            }
            if let Some((event, outcome)) = self.step(engine) {
                each(engine, &event, outcome)?;
            }
            steps += 1;
        }
        if to > engine.now() {
            if let Some(stop) = gate(engine, Next::Clock(to), steps) {
                return Ok(Some(stop));
            }
            engine.advance_to(to);
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::Profile;
    use chrono::Duration;

    fn pipeline() -> (Engine, QName) {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 15)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let mut engine = Engine::new(start);
        engine
            .execute_script(crate::pipelines::ECOMM_CDC)
            .expect("the seed pipeline runs");
        let target = engine.cdc_target("raw_orders").expect("bronze");
        (engine, target)
    }

    #[test]
    fn events_are_counted_and_each_lands_at_its_own_instant() {
        let (mut engine, target) = pipeline();
        let mut generator = Generator::new(7, Profile::Seed, engine.now());
        let mut feed = Feed {
            generator: &mut generator,
            target: &target,
        };
        let mut instants = Vec::new();
        let applied = feed
            .events(&mut engine, 50, |engine, event, outcome| {
                assert_eq!(engine.now(), event.at);
                instants.push(event.at);
                outcome.map(|_| ())
            })
            .expect("events apply");
        assert_eq!(applied, 50);
        assert!(instants.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn a_run_reaches_its_end_unless_the_gate_stops_it() {
        let (mut engine, target) = pipeline();
        let mut generator = Generator::new(7, Profile::Seed, engine.now());
        let end = engine.now() + Duration::minutes(10);
        let mut feed = Feed {
            generator: &mut generator,
            target: &target,
        };
        let stopped = feed
            .run_until(
                &mut engine,
                end,
                |_, _, steps| (steps == 5).then_some("five"),
                |_, _, o| o.map(|_| ()),
            )
            .expect("runs");
        assert_eq!(stopped, Some("five"));
        assert!(engine.now() < end);
        let reached = feed
            .run_until(
                &mut engine,
                end,
                |_, _, _| None::<()>,
                |_, _, o| o.map(|_| ()),
            )
            .expect("runs");
        assert_eq!(reached, None);
        assert_eq!(engine.now(), end);
        // The scheduler ran on the way: silver refreshed within its one-minute lag.
        assert!(
            engine
                .refresh_history()
                .iter()
                .any(|r| r.table.name == "ORDERS_DERIVED"
                    && r.data_timestamp > end - Duration::minutes(2))
        );
    }
}
