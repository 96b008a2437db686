//! The benchmark's workload, the same natively (`snowglobe bench`) and in the page's engine worker
//! (`#bench=…`), so that the two are compared on equal terms: the seed pipeline over a bronze table
//! of N orders with distinct ids `ORD1..ORDn` and the generator's values, then seed-mix events
//! (70% INSERT / 25% UPDATE / 5% DELETE, each touching one order) applied in rounds of 1,000, each
//! round followed by a refresh of silver and gold.
//!
//! [`measure`] takes its clock as an argument: `Instant` natively, `performance.now()` in a worker.

use crate::catalog::QName;
use crate::engine::Engine;
use crate::generator::{CdcEvent, Generator, Op, Profile};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The instant every workload starts at (its events carry the generator's own times).
pub fn start() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 15)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid date")
}

/// Draws the generator's INSERTs (its customers, dates over the past year, statuses, amounts,
/// products and quantities), each given the next of the distinct ids ORD1, ORD2, …
pub struct Orders {
    generator: Generator,
    /// The id the last order got (`ORD<next_id>`).
    pub next_id: usize,
}

impl Orders {
    /// Orders drawn from the generator seeded with `seed`.
    pub fn new(seed: u64) -> Orders {
        Orders {
            generator: Generator::new(seed, Profile::Seed, start()),
            next_id: 0,
        }
    }

    /// The next order, inserted at `at`.
    pub fn insert(&mut self, at: NaiveDateTime) -> CdcEvent {
        let mut ev = loop {
            if let Some(ev) = self.generator.step().filter(|e| e.op == Op::Insert) {
                break ev;
            }
        };
        self.next_id += 1;
        ev.order_id = format!("ORD{}", self.next_id);
        ev.at = at;
        ev
    }
}

/// Seed-mix events against a bronze table of distinct ids `ORD1..ORDn`: INSERTs of new ids,
/// UPDATEs and DELETEs of ids that exist at that point (batch after batch), with the generator's
/// values.
pub struct SeedMix {
    generator: Generator,
    next_id: usize,
    live: Vec<usize>,
    pick: u64,
}

impl SeedMix {
    /// Events over a table holding `ORD1..ORD<rows>`.
    pub fn new(rows: usize, seed: u64) -> SeedMix {
        SeedMix {
            generator: Generator::new(seed, Profile::Seed, start()),
            next_id: rows,
            live: (1..=rows).collect(),
            pick: 0,
        }
    }

    /// The next `n` events.
    pub fn batch(&mut self, n: usize) -> Vec<CdcEvent> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let Some(mut ev) = self.generator.step() else {
                continue;
            };
            self.pick = self
                .pick
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407)
                % self.live.len().max(1) as u64;
            let pick = self.pick as usize;
            match ev.op {
                Op::Insert => {
                    self.next_id += 1;
                    self.live.push(self.next_id);
                    ev.order_id = format!("ORD{}", self.next_id);
                }
                Op::Update if !self.live.is_empty() => {
                    ev.order_id = format!("ORD{}", self.live[pick]);
                }
                Op::Delete if !self.live.is_empty() => {
                    ev.order_id = format!("ORD{}", self.live.swap_remove(pick));
                }
                _ => continue,
            }
            out.push(ev);
        }
        out
    }
}

/// A session running `script` (which creates `raw_orders`) whose bronze table holds `rows` orders
/// with distinct ids ORD1..ORDn and the generator's values.
pub fn bronze_with(rows: usize, script: &str) -> (Engine, QName) {
    let mut engine = Engine::new(start());
    engine.execute_script(script).expect("the pipeline runs");
    let target = engine.cdc_target("raw_orders").expect("a bronze table");
    let mut orders = Orders::new(rows as u64);
    for _ in 0..rows {
        engine
            .apply_event(&orders.insert(engine.now()), &target)
            .expect("insert");
    }
    (engine, target)
}

/// How many rounds [`measure`] times; it reports the median.
pub const ROUNDS: usize = 5;

/// Events per round.
pub const ROUND_EVENTS: usize = 1_000;

/// What [`measure`] found at one bronze size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Rows in the bronze table before the rounds.
    pub rows: usize,
    /// Filling the bronze table (ms), the seed pipeline's refreshes not included.
    pub preload_ms: f64,
    /// Seed-mix events applied per second (the median round).
    pub events_per_s: f64,
    /// The incremental refresh of silver and gold after a round (ms, median).
    pub refresh_ms: f64,
}

/// Runs the workload at `rows` bronze rows, timing with `clock` (milliseconds): the median of
/// [`ROUNDS`] rounds of [`ROUND_EVENTS`] events, each followed by a refresh of gold (and so of
/// silver, which it reads).
pub fn measure(rows: usize, clock: &dyn Fn() -> f64) -> Figures {
    let started = clock();
    let (mut engine, target) = bronze_with(rows, crate::pipelines::ECOMM_CDC);
    engine
        .execute("ALTER DYNAMIC TABLE orders_aggregated REFRESH")
        .expect("initial refresh");
    let preload_ms = clock() - started;
    let mut mix = SeedMix::new(rows, rows as u64);
    let (mut apply, mut refresh) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let batch = mix.batch(ROUND_EVENTS);
        let t = clock();
        for ev in &batch {
            engine.apply_event(ev, &target).expect("event");
        }
        apply.push(clock() - t);
        let t = clock();
        engine
            .execute("ALTER DYNAMIC TABLE orders_aggregated REFRESH")
            .expect("refresh");
        refresh.push(clock() - t);
    }
    Figures {
        rows,
        preload_ms,
        events_per_s: ROUND_EVENTS as f64 * 1_000.0 / median(apply).max(1e-9),
        refresh_ms: median(refresh),
    }
}

/// The median of some timings.
pub fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_mix_events_touch_one_existing_order_each() {
        let (mut engine, target) = bronze_with(50, crate::pipelines::ECOMM_CDC);
        let mut mix = SeedMix::new(50, 3);
        for ev in mix.batch(200) {
            let written = engine.apply_event(&ev, &target).expect("event");
            assert_eq!(written, 1, "{ev:?}");
        }
    }

    #[test]
    fn measuring_refreshes_incrementally_and_counts_every_round() {
        let ticks = std::cell::Cell::new(0.0);
        let clock = || {
            ticks.set(ticks.get() + 1.0);
            ticks.get()
        };
        let figures = measure(20, &clock);
        assert_eq!(figures.rows, 20);
        assert!(figures.events_per_s > 0.0 && figures.refresh_ms > 0.0);
    }
}
