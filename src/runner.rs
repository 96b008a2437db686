//! Drives the session from the browser: creates it (fresh, from the URL, or restored from the saved
//! journal), moves its virtual clock with wall-clock time on a timer, carries out what the controls
//! ask, publishes what changed into the page's signals, and saves the session.

use crate::browser::{local_now, now_ms, random_seed};
use crate::params::{FixedRun, Params, scenario_hash};
use crate::persist::{SavedSession, SessionStore};
use crate::sim::{
    Action, GridView, NodeAction, NodeDetails, Scenario, Simulation, SqlRun, Variant,
};
use crate::state::{PipelineState, RunState, Settings};
use leptos::prelude::*;
use snowglobe_engine::browse::PageOrder;
use snowglobe_engine::{Duration, NaiveDateTime, Profile, SqlError};
use std::collections::VecDeque;

/// How often the timer fires.
const TICK: std::time::Duration = std::time::Duration::from_millis(200);

/// The most wall-clock time one tick spends on the session, so that no task blocks the page for
/// long; work left over waits for the next tick.
const TICK_BUDGET_MS: f64 = 25.0;
/// How far past its budget a tick may run and still publish in the same task.
const PUBLISH_SLACK_MS: f64 = 10.0;

/// How often a changed session is saved.
const SAVE_EVERY_MS: f64 = 2_000.0;

/// How often the charts are recomputed at most.
const CHARTS_EVERY_MS: f64 = 1_000.0;

/// Steps applied at the start before the session goes live: a saved journal being replayed, or
/// events to preload.
#[derive(Debug, Default)]
struct Backlog {
    actions: VecDeque<Action>,
    total: usize,
}

/// The live session.
struct Session {
    sim: Simulation,
    speed: f64,
    paused: bool,
    fixed: bool,
    /// The virtual time that corresponds to `wall_anchor_ms`.
    virtual_anchor: NaiveDateTime,
    wall_anchor_ms: f64,
    backlog: Backlog,
    signature: u64,
    log_head: Option<u64>,
    next_publish_ms: f64,
    next_charts_ms: f64,
    saved_journal_len: Option<(usize, Option<Action>)>,
    next_save_ms: f64,
    /// Whether the last tick left its publishing to this one.
    publish_deferred: bool,
}

impl Session {
    fn new(sim: Simulation, speed: f64, paused: bool) -> Session {
        Session {
            virtual_anchor: sim.now(),
            wall_anchor_ms: now_ms(),
            sim,
            speed,
            paused,
            fixed: false,
            backlog: Backlog::default(),
            signature: u64::MAX,
            log_head: None,
            next_publish_ms: 0.0,
            next_charts_ms: 0.0,
            saved_journal_len: None,
            next_save_ms: 0.0,
            publish_deferred: false,
        }
    }

    fn reanchor(&mut self) {
        self.virtual_anchor = self.sim.now();
        self.wall_anchor_ms = now_ms();
    }
}

/// The page's handle on the session: cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub struct Controller {
    session: StoredValue<Option<Session>, LocalStorage>,
    store: StoredValue<Option<SessionStore>, LocalStorage>,
    state: PipelineState,
}

fn default_scenario() -> Scenario {
    Scenario {
        variant: Variant::EcommCdc,
        custom_sql: String::new(),
        seed: random_seed(),
        profile: Profile::Seed,
        rate: None,
        start: local_now(),
    }
}

fn scenario_from(params: &Params) -> Scenario {
    let base = default_scenario();
    Scenario {
        variant: params.variant.unwrap_or(base.variant),
        custom_sql: params.sql.clone().unwrap_or_default(),
        seed: params.seed.unwrap_or(base.seed),
        profile: params.profile.unwrap_or(base.profile),
        rate: params.rate,
        start: params.start.unwrap_or(base.start),
    }
}

impl Controller {
    pub fn new(state: PipelineState) -> Controller {
        Controller {
            session: StoredValue::new_local(None),
            store: StoredValue::new_local(None),
            state,
        }
    }

    /// Starts the page: a deterministic run, the URL's scenario, or the saved session.
    pub fn start(self, params: Params) {
        leptos::task::spawn_local(async move {
            if let Some(fixed) = params.fixed {
                return self.begin_fixed(scenario_from(&params), fixed);
            }
            let store = SessionStore::open().await;
            let saved = match &store {
                Some(s) => s.load().await,
                None => None,
            };
            self.store.set_value(store);
            match saved {
                Some(saved) if params.matches(&saved.scenario) => {
                    self.begin(saved.scenario, saved.journal, saved.speed, saved.paused, 0)
                }
                _ => self.begin(
                    scenario_from(&params),
                    Vec::new(),
                    params.speed,
                    false,
                    params.preload,
                ),
            }
            self.run_timer();
        });
    }

    fn create(&self, scenario: Scenario) -> Option<Simulation> {
        match Simulation::create(scenario, Some(now_ms)) {
            Ok(sim) => Some(sim),
            Err(e) => {
                self.state
                    .fail(format!("Could not create the pipeline: {e}"));
                None
            }
        }
    }

    fn begin(
        &self,
        scenario: Scenario,
        journal: Vec<Action>,
        speed: f64,
        paused: bool,
        preload: u64,
    ) {
        let Some(sim) = self.create(scenario) else {
            return;
        };
        let mut session = Session::new(sim, speed, paused);
        let mut actions: VecDeque<Action> = journal.into();
        // Preloading goes in slices, so the page shows progress and stays responsive.
        let mut left = preload;
        while left > 0 {
            let n = left.min(500);
            actions.push_back(Action::Events(n));
            left -= n;
        }
        session.backlog = Backlog {
            total: actions.len(),
            actions,
        };
        if session.backlog.total > 0 {
            self.state
                .set_status(RunState::Starting, "Restoring the session…");
        }
        self.session.set_value(Some(session));
        self.publish_settings();
        self.publish(true);
        self.announce();
    }

    fn begin_fixed(&self, scenario: Scenario, fixed: FixedRun) {
        let Some(mut sim) = self.create(scenario) else {
            return;
        };
        let outcome = sim
            .apply_events(fixed.events)
            .map(|()| sim.advance(fixed.advance));
        let mut session = Session::new(sim, 0.0, true);
        session.fixed = true;
        self.session.set_value(Some(session));
        self.publish_settings();
        self.publish(true);
        match outcome {
            Err(e) => self.state.fail(e.to_string()),
            Ok(()) => {
                let message = format!(
                    "Deterministic run finished: {} events, then {} s more; the clock is stopped.",
                    fixed.events,
                    fixed.advance.num_seconds()
                );
                let state = self.state;
                // Ready only once the views above are rendered.
                set_timeout(
                    move || state.set_status(RunState::Ready, message),
                    std::time::Duration::ZERO,
                );
            }
        }
    }

    /// The status sentence for a running session.
    fn announce(&self) {
        let message = self.session.with_value(|s| {
            let s = s.as_ref()?;
            if !s.backlog.actions.is_empty() {
                return None;
            }
            Some(if !s.sim.has_generator() {
                "Live: this pipeline has no RAW_ORDERS table, so the generator is idle; the \
                 clock still runs refreshes and tasks."
                    .to_owned()
            } else if s.paused {
                "Paused: the clock and the generator are stopped.".to_owned()
            } else {
                format!(
                    "Live: the generator writes to RAW_ORDERS; dynamic tables refresh as their \
                     target lag requires. {}× real time.",
                    s.speed
                )
            })
        });
        if let Some(m) = message {
            self.state.set_status(RunState::Ready, m);
        }
    }

    fn publish_settings(&self) {
        let settings = self.session.with_value(|s| {
            s.as_ref().map(|s| Settings {
                scenario: Some(s.sim.scenario().clone()),
                speed: s.speed,
                paused: s.paused,
                fixed: s.fixed,
                has_generator: s.sim.has_generator(),
            })
        });
        if let Some(settings) = settings {
            self.state.settings.set(settings);
        }
    }

    /// Publishes the clock, counts and log, and (when rows changed and `force` or the throttle
    /// allows) bumps the data version so that views re-read, and recomputes the charts.
    fn publish(&self, force: bool) {
        let state = self.state;
        self.session.update_value(|s| {
            let Some(s) = s.as_mut() else {
                return;
            };
            state.clock.set(s.sim.clock());
            if state.events.get_untracked() != s.sim.events() {
                state.events.set(s.sim.events());
            }
            if s.log_head != s.sim.log_head() {
                s.log_head = s.sim.log_head();
                state.log.set(s.sim.log());
            }
            let now = now_ms();
            let signature = s.sim.data_signature();
            if force || (signature != s.signature && now >= s.next_publish_ms) {
                s.signature = signature;
                let started = now_ms();
                state.nodes.set(s.sim.nodes());
                state.data_version.update(|v| *v += 1);
                let cost = now_ms() - started;
                s.next_publish_ms = now_ms() + (4.0 * cost).max(250.0);
            }
            if force || now >= s.next_charts_ms {
                let started = now_ms();
                let charts = s.sim.chart_data();
                if state.charts.with_untracked(|c| *c != charts) {
                    state.charts.set(charts);
                }
                s.next_charts_ms = now_ms() + (8.0 * (now_ms() - started)).max(CHARTS_EVERY_MS);
            }
        });
    }

    fn save(&self, force: bool) {
        let Some(store) = self.store.with_value(|s| s.clone()) else {
            return;
        };
        self.session.update_value(|s| {
            let Some(s) = s.as_mut() else {
                return;
            };
            if s.fixed || !s.backlog.actions.is_empty() {
                return;
            }
            let journal = s.sim.journal();
            let mark = (journal.len(), journal.last().cloned());
            if !force && (s.saved_journal_len.as_ref() == Some(&mark) || now_ms() < s.next_save_ms)
            {
                return;
            }
            store.save(&SavedSession::new(
                s.sim.scenario().clone(),
                journal.to_vec(),
                s.speed,
                s.paused,
            ));
            s.saved_journal_len = Some(mark);
            s.next_save_ms = now_ms() + SAVE_EVERY_MS;
        });
    }

    fn tick(&self) {
        let deadline = now_ms() + TICK_BUDGET_MS;
        let mut restoring = None;
        let mut failure = None;
        self.session.update_value(|s| {
            let Some(s) = s.as_mut() else {
                return;
            };
            if !s.backlog.actions.is_empty() {
                while now_ms() < deadline {
                    let Some(action) = s.backlog.actions.pop_front() else {
                        break;
                    };
                    if let Err(e) = s.sim.apply(&action) {
                        failure = Some(format!("Could not restore the session: {e}"));
                        s.backlog.actions.clear();
                    }
                }
                let done = s.backlog.total - s.backlog.actions.len();
                restoring = Some((done, s.backlog.total));
                s.reanchor();
                return;
            }
            if s.paused || s.fixed {
                return;
            }
            let elapsed = (now_ms() - s.wall_anchor_ms).max(0.0);
            let to = s.virtual_anchor + Duration::milliseconds((elapsed * s.speed) as i64);
            match s.sim.run_until(to, || deadline - now_ms()) {
                // Behind the wall clock (a hidden tab, or more work than a tick allows): carry on
                // from here rather than pile up a backlog.
                Ok(false) => s.reanchor(),
                Ok(true) => {}
                Err(e) => failure = Some(e.to_string()),
            }
        });
        let restored = restoring.is_some_and(|(done, total)| done == total);
        // A tick that overran its budget (a refresh cannot be split) leaves publishing to the
        // next one, so that the two do not make one long task; never twice in a row.
        let overran = now_ms() > deadline + PUBLISH_SLACK_MS;
        let defer = self.session.try_update_value(|s| {
            s.as_mut().is_some_and(|s| {
                s.publish_deferred = !restored && overran && !s.publish_deferred;
                s.publish_deferred
            })
        }) == Some(true);
        if !defer {
            self.publish(restored);
        }
        match restoring {
            Some((done, total)) if done < total => self.state.set_status(
                RunState::Starting,
                format!("Restoring the session… {done} of {total} steps"),
            ),
            Some(_) => self.announce(),
            None => {}
        }
        if let Some(f) = failure {
            self.session.update_value(|s| {
                if let Some(s) = s.as_mut() {
                    s.paused = true;
                }
            });
            self.publish_settings();
            self.state.fail(f);
        }
        self.save(false);
    }

    fn run_timer(self) {
        let handle = set_interval_with_handle(move || self.tick(), TICK);
        if handle.is_err() {
            self.state.fail("Could not start the timer.");
        }
        let save_on_hide = window_event_listener(leptos::ev::pagehide, move |_| self.save(true));
        std::mem::forget(save_on_hide);
    }

    fn with_session<T>(&self, f: impl FnOnce(&mut Session) -> T) -> Option<T> {
        let mut out = None;
        self.session.update_value(|s| {
            if let Some(s) = s.as_mut() {
                out = Some(f(s));
            }
        });
        out
    }

    /// Stops or restarts the clock and the generator.
    pub fn set_paused(&self, paused: bool) {
        self.with_session(|s| {
            s.paused = paused;
            s.reanchor();
        });
        // A paused page shows exactly the state it stopped in, whatever the throttle held back.
        self.publish(paused);
        self.publish_settings();
        self.announce();
        self.save(true);
    }

    /// Virtual seconds per wall-clock second.
    pub fn set_speed(&self, speed: f64) {
        self.with_session(|s| {
            s.speed = speed;
            s.reanchor();
        });
        self.publish_settings();
        self.announce();
        self.save(true);
    }

    /// Generator iterations per virtual second (None: the profile's delays).
    pub fn set_rate(&self, rate: Option<f64>) {
        self.with_session(|s| s.sim.set_rate(rate));
        self.publish_settings();
        self.save(true);
    }

    /// Starts over with `scenario` (the saved session is replaced).
    pub fn reset(&self, scenario: Scenario) {
        let (speed, paused) = self
            .with_session(|s| (s.speed, s.paused))
            .unwrap_or((crate::params::DEFAULT_SPEED, false));
        if let Some(store) = self.store.with_value(|s| s.clone()) {
            store.clear();
        }
        self.state.selected.set(None);
        self.state.grid_object.set(None);
        self.begin(
            scenario,
            Vec::new(),
            if speed > 0.0 { speed } else { 30.0 },
            paused,
            0,
        );
        self.save(true);
    }

    /// Checks a pipeline script in a scratch session; when it runs, starts over with it.
    pub fn apply_pipeline(&self, sql: &str) -> Result<(), SqlError> {
        let scenario = self
            .with_session(|s| s.sim.scenario().clone())
            .unwrap_or_else(default_scenario);
        let custom = Scenario {
            variant: Variant::Custom,
            custom_sql: sql.to_owned(),
            ..scenario
        };
        Simulation::create(custom.clone(), None)?;
        self.reset(Scenario {
            start: local_now(),
            ..custom
        });
        Ok(())
    }

    /// Runs SQL against the live session.
    pub fn run_sql(&self, sql: &str) -> Option<SqlRun> {
        let run = self.with_session(|s| s.sim.run_sql(sql));
        self.publish(true);
        self.publish_settings();
        self.save(true);
        run
    }

    /// Runs a node's action button; returns the error message, if any.
    pub fn node_action(&self, id: &str, action: NodeAction) -> Result<(), String> {
        let sql = self
            .with_session(|s| s.sim.node_action_sql(id, action))
            .flatten()
            .ok_or_else(|| format!("{id} has no such action."))?;
        match self.run_sql(&sql).and_then(|r| r.error) {
            Some(e) => Err(e.to_string()),
            None => Ok(()),
        }
    }

    /// One page of an object's rows.
    pub fn page(
        &self,
        id: &str,
        order: PageOrder,
        offset: usize,
        limit: usize,
    ) -> Option<Result<GridView, SqlError>> {
        self.with_session(|s| s.sim.page(id, order, offset, limit))
    }

    pub fn details(&self, id: &str) -> Option<NodeDetails> {
        self.with_session(|s| s.sim.details(id)).flatten()
    }

    /// The Snowflake DDL of the pipeline as it is now.
    pub fn export_ddl(&self) -> String {
        self.with_session(|s| s.sim.export_ddl())
            .unwrap_or_default()
    }

    /// The pipeline SQL the session started from.
    pub fn pipeline_sql(&self) -> String {
        self.with_session(|s| s.sim.scenario().script().to_owned())
            .unwrap_or_default()
    }

    /// A hash that opens this scenario elsewhere.
    pub fn share_hash(&self) -> Option<String> {
        self.with_session(|s| scenario_hash(s.sim.scenario(), s.speed))
    }
}
