//! Drives the simulation from the browser: creates it when the page opens, then moves its virtual
//! clock with wall-clock time on a timer (live), or runs a fixed number of events at once and stops
//! (deterministic). Publishes what changed into the page's signals.

use crate::params::{FixedRun, Params, replay_hash};
use crate::sim::{Layer, Simulation};
use crate::state::{PipelineState, RunInfo, RunState};
use leptos::prelude::*;
use snowglobe_engine::{Duration, NaiveDate, NaiveDateTime, SqlError};
use std::cell::RefCell;
use std::rc::Rc;

/// How often the live timer fires.
const TICK: std::time::Duration = std::time::Duration::from_millis(250);

/// The most wall-clock time one tick may spend catching up (after a hidden tab, or at high speed);
/// the rest waits for the next tick, so the page stays responsive.
const TICK_BUDGET_MS: f64 = 60.0;

/// Milliseconds since the page opened (`performance.now()`).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The local wall time, to the second.
fn local_now() -> NaiveDateTime {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .and_then(|day| day.and_hms_opt(d.get_hours(), d.get_minutes(), d.get_seconds()))
        .unwrap_or_default()
}

/// A seed people can read and retype.
fn random_seed() -> u64 {
    (js_sys::Math::random() * 1_000_000.0) as u64
}

/// Publishes what is cheap to read: the clock, the counts and the log.
fn publish_progress(sim: &Simulation, state: PipelineState) {
    state.clock.set(sim.clock());
    if state.events.get_untracked() != sim.events() {
        state.events.set(sim.events());
    }
    let counts = Layer::ALL.map(|layer| sim.row_count(layer));
    if state.counts.get_untracked() != counts {
        state.counts.set(counts);
    }
    let log = sim.log();
    if state.log.with_untracked(|l| l.first().map(|x| x.seq)) != log.first().map(|x| x.seq) {
        state.log.set(log);
    }
}

/// Publishes the tables whose contents changed (each is a query).
fn publish_tables(sim: &mut Simulation, state: PipelineState) -> Result<(), SqlError> {
    for (layer, view) in sim.changed_views()? {
        state.table(layer).set(view);
    }
    Ok(())
}

/// Everything, now.
fn publish(sim: &mut Simulation, state: PipelineState) -> Result<(), SqlError> {
    publish_tables(sim, state)?;
    publish_progress(sim, state);
    Ok(())
}

/// Starts the run the hash asks for, once the page shell is on screen.
pub fn start(state: PipelineState, params: Params) {
    set_timeout(move || begin(state, params), std::time::Duration::ZERO);
}

fn begin(state: PipelineState, params: Params) {
    let seed = params.seed.unwrap_or_else(random_seed);
    let start = params.start.unwrap_or_else(local_now);
    let mut sim = match Simulation::create(seed, start, Some(now_ms)) {
        Ok(sim) => sim,
        Err(e) => return state.fail(format!("Could not create the pipeline: {e}")),
    };
    match params.fixed {
        Some(fixed) => {
            state.info.set(RunInfo {
                seed: Some(seed),
                speed: None,
                replay: None,
            });
            run_fixed(&mut sim, state, fixed);
        }
        None => {
            state.info.set(RunInfo {
                seed: Some(seed),
                speed: Some(params.speed),
                replay: Some(replay_hash(seed, params.speed, start)),
            });
            run_live(sim, state, params.speed);
        }
    }
}

fn run_fixed(sim: &mut Simulation, state: PipelineState, fixed: FixedRun) {
    let outcome = sim.apply_events(fixed.events).and_then(|()| {
        sim.advance(fixed.advance);
        publish(sim, state)
    });
    match outcome {
        Err(e) => state.fail(e.to_string()),
        // Report ready only once the tables above are rendered.
        Ok(()) => {
            let message = format!(
                "Deterministic run finished: {} events, then {} s more; the clock is stopped.",
                fixed.events,
                fixed.advance.num_seconds()
            );
            set_timeout(
                move || state.set_status(RunState::Ready, message),
                std::time::Duration::ZERO,
            );
        }
    }
}

/// A live run: the virtual clock follows wall-clock time times `speed`.
struct LiveRun {
    sim: Simulation,
    speed: f64,
    virtual_start: NaiveDateTime,
    wall_start_ms: f64,
    /// When the tables may next be re-queried: their queries sort whole tables, so as bronze
    /// grows they are spaced out, keeping the page's share of the main thread small.
    next_tables_ms: f64,
}

impl LiveRun {
    fn tick(&mut self, state: PipelineState) -> Result<(), SqlError> {
        // From elapsed wall time, never from counting ticks: hidden tabs throttle timers.
        let elapsed_ms = (now_ms() - self.wall_start_ms).max(0.0);
        let to = self.virtual_start + Duration::milliseconds((elapsed_ms * self.speed) as i64);
        let deadline = now_ms() + TICK_BUDGET_MS;
        let outcome = self.sim.run_until(to, || now_ms() < deadline);
        publish_progress(&self.sim, state);
        outcome?;
        let started = now_ms();
        if started >= self.next_tables_ms {
            publish_tables(&mut self.sim, state)?;
            let finished = now_ms();
            let cost = finished - started;
            self.next_tables_ms = finished + (4.0 * cost).max(TICK.as_millis() as f64 - cost);
        }
        Ok(())
    }
}

fn run_live(mut sim: Simulation, state: PipelineState, speed: f64) {
    if let Err(e) = publish(&mut sim, state) {
        return state.fail(e.to_string());
    }
    state.set_status(
        RunState::Ready,
        format!(
            "Live: the generator writes to raw_orders; dynamic tables refresh as their target lag \
             requires. {speed}× real time."
        ),
    );
    let run = RefCell::new(LiveRun {
        virtual_start: sim.now(),
        wall_start_ms: now_ms(),
        next_tables_ms: 0.0,
        sim,
        speed,
    });
    let handle: Rc<RefCell<Option<IntervalHandle>>> = Rc::new(RefCell::new(None));
    let tick = {
        let handle = Rc::clone(&handle);
        move || {
            let Ok(mut run) = run.try_borrow_mut() else {
                return;
            };
            if let Err(e) = run.tick(state) {
                if let Some(h) = handle.borrow_mut().take() {
                    h.clear();
                }
                state.fail(e.to_string());
            }
        }
    };
    match set_interval_with_handle(tick, TICK) {
        Ok(h) => *handle.borrow_mut() = Some(h),
        Err(_) => state.fail("Could not start the timer."),
    }
}
