//! The engine worker: holds the session in a dedicated Web Worker, off the page's main thread. It
//! creates the session (fresh, from the URL, or restored from the saved journal), moves its virtual
//! clock with wall-clock time on a timer, answers the page's requests, publishes what changed and
//! saves the session. A refresh that takes a quarter of a second blocks this worker, never the page.
//! While the page shows a Snowflake account (`remote`), the session is paused: the account's side
//! answers the views' requests, and switching back shows the session as it was.

use crate::browser::{local_now, now_ms, random_seed};
use crate::pace::{Pace, PaceReading};
use crate::params::{FixedRun, Params, parse_hash};
use crate::persist::{SavedSession, SessionStore};
use crate::protocol::{
    Envelope, Failure, Notice, PageRead, Published, Reply, Request, WorksheetRun, decode, encode,
};
use crate::remote;
use crate::remote::view::Backend;
use crate::scenario::{Action, Scenario, Variant};
use crate::sim::Simulation;
use crate::state::{RunState, Settings, Status};
use crate::views::{ChartData, GridView, LOG_CAPACITY, SHOWN_ROWS};
use snowglobe_engine::{Duration, NaiveDateTime, Profile, QueryResult};
use std::cell::RefCell;
use std::collections::VecDeque;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// How often the timer fires (ms) when the session has caught up with the wall clock.
const TICK_MS: i32 = 100;

/// The most wall-clock time one slice spends on the session. A slice that ends behind the wall
/// clock is followed at once by another (through a message to itself, so the page's requests queued
/// meanwhile are answered between the two): a session that cannot keep up uses the whole worker,
/// never more than a slice plus an unsplittable refresh at a time.
const SLICE_MS: f64 = 25.0;

/// How far behind the wall clock (ms of wall-clock time) a session may fall before the rest is
/// given up: the clock then goes on from where it is, and the header shows the lower speed.
const MAX_DEBT_MS: f64 = 1_000.0;

/// The most new log lines one publication carries.
const LOG_BURST: usize = 40;

/// How often a running session is published at most (ms); forced publications are not held.
const PUBLISH_EVERY_MS: f64 = 200.0;

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
    /// The newest log line published, and whether the log was published at all.
    log_head: Option<u64>,
    log_sent: bool,
    next_publish_ms: f64,
    next_charts_ms: f64,
    /// The charts as last published.
    charts: Option<ChartData>,
    /// The clock, event count and pace as last published.
    sent: Option<(String, u64, Option<PaceReading>)>,
    saved_journal_len: Option<(usize, Option<Action>)>,
    next_save_ms: f64,
    /// The speed achieved, sampled after every slice.
    pace: Pace,
    next_any_ms: f64,
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
            log_sent: false,
            next_publish_ms: 0.0,
            next_charts_ms: 0.0,
            charts: None,
            sent: None,
            saved_journal_len: None,
            next_save_ms: 0.0,
            pace: Pace::default(),
            next_any_ms: 0.0,
        }
    }

    /// The clock goes on from where it is now (a new speed, a pause, a restore).
    fn reanchor(&mut self) {
        self.virtual_anchor = self.sim.now();
        self.wall_anchor_ms = now_ms();
        self.pace.clear();
    }

    /// Notes the pace after a slice of a running session.
    fn note_pace(&mut self) {
        // The clock's own instant: the anchor moves when the session gives up a debt.
        let virtual_ms = self.sim.now().and_utc().timestamp_millis() as f64;
        self.pace.note(now_ms(), virtual_ms, self.sim.events());
    }

    fn pace(&self) -> Option<PaceReading> {
        if self.paused || self.fixed || !self.backlog.actions.is_empty() {
            return None;
        }
        self.pace
            .reading(self.speed, self.sim.iterations_per_second())
    }

    /// The page showed something else: the next publication carries everything again, and the
    /// clock goes on from where it stopped.
    fn reshow(&mut self) {
        self.log_sent = false;
        self.signature = u64::MAX;
        self.charts = None;
        self.sent = None;
        self.reanchor();
    }

    fn settings(&self) -> Settings {
        Settings {
            scenario: Some(self.sim.scenario().clone()),
            speed: self.speed,
            paused: self.paused,
            fixed: self.fixed,
            has_generator: self.sim.has_generator(),
            pipeline: self.sim.pipeline().to_owned(),
        }
    }

    /// The status sentence for a running session (None while restoring).
    fn announcement(&self) -> Option<String> {
        if !self.backlog.actions.is_empty() {
            return None;
        }
        Some(if !self.sim.has_generator() {
            "Live: this pipeline has no RAW_ORDERS table, so the generator is idle; the clock \
             still runs refreshes and tasks."
                .to_owned()
        } else if self.paused {
            "Paused: the clock and the generator are stopped.".to_owned()
        } else {
            format!(
                "Live: the generator writes to RAW_ORDERS; dynamic tables refresh as their target \
                 lag requires. {}× real time asked; the header shows the speed achieved.",
                self.speed
            )
        })
    }

    /// What changed since the last publication: the clock, counts and log always; the nodes (and
    /// a re-read of the views) when rows changed and `force` or the throttle allows; the charts
    /// at most every second. None when nothing changed.
    fn publication(&mut self, force: bool) -> Option<Published> {
        let now = now_ms();
        if !force && now < self.next_any_ms {
            return None;
        }
        self.next_any_ms = now + PUBLISH_EVERY_MS;
        let mut out = Published {
            clock: self.sim.clock(),
            events: self.sim.events(),
            pace: self.pace(),
            ..Published::default()
        };
        if !self.log_sent || self.log_head != self.sim.log_head() {
            out.log_reset = !self.log_sent;
            // A flood of events (thousands a second) sends only its newest lines: more than a
            // screenful a publication cannot be read, and building them costs the page frames.
            let max = if out.log_reset {
                LOG_CAPACITY
            } else {
                LOG_BURST
            };
            out.log = self
                .sim
                .log_since(self.log_head.filter(|_| self.log_sent), max);
            self.log_head = self.sim.log_head();
            self.log_sent = true;
        }
        let signature = self.sim.data_signature();
        if force || (signature != self.signature && now >= self.next_publish_ms) {
            self.signature = signature;
            let started = now_ms();
            out.nodes = Some(self.sim.nodes());
            out.data_changed = true;
            self.next_publish_ms = now_ms() + (4.0 * (now_ms() - started)).max(250.0);
        }
        if force || now >= self.next_charts_ms {
            let started = now_ms();
            let charts = self.sim.chart_data();
            if self.charts.as_ref() != Some(&charts) {
                out.charts = Some(charts.clone());
                self.charts = Some(charts);
            }
            self.next_charts_ms = now_ms() + (8.0 * (now_ms() - started)).max(CHARTS_EVERY_MS);
        }
        let sent = Some((out.clock.clone(), out.events, out.pace));
        let unchanged = self.sent == sent
            && !out.log_reset
            && out.log.is_empty()
            && out.nodes.is_none()
            && out.charts.is_none();
        self.sent = sent;
        (!unchanged).then_some(out)
    }
}

/// The worker's state: the session, where it is saved, and the last worksheet result.
#[derive(Default)]
struct Host {
    session: Option<Session>,
    store: Option<SessionStore>,
    last_result: Option<QueryResult>,
}

thread_local! {
    static HOST: RefCell<Host> = RefCell::new(Host::default());
}

fn with_host<T>(f: impl FnOnce(&mut Host) -> T) -> T {
    HOST.with(|h| f(&mut h.borrow_mut()))
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Sends a message to the page.
pub(crate) fn post(update: &Notice) {
    let _ = scope().post_message(&JsValue::from_str(&encode(update)));
}

fn status(state: RunState, message: impl Into<String>) {
    post(&Notice::Status(Status {
        state,
        message: message.into(),
    }));
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

/// Runs the worker: takes the page's requests from now on and tells the page it is ready.
pub fn run() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        match decode::<Envelope>(&text) {
            Ok(envelope) => handle(envelope),
            Err(e) => status(RunState::Error, e),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Notice::Ready);
}

fn handle(Envelope { id, request }: Envelope) {
    let request = if remote::backend::active() {
        match remote::reads::take(id, request) {
            Some(request) => request,
            None => return,
        }
    } else {
        request
    };
    let reply = match request {
        Request::Start { hash } => {
            start(hash);
            None
        }
        Request::SetPaused(paused) => {
            with_session(|s| {
                s.paused = paused;
                s.reanchor();
            });
            // A paused page shows exactly the state it stopped in, whatever the throttle held.
            publish(paused);
            changed_settings();
            None
        }
        Request::SetSpeed(speed) => {
            with_session(|s| {
                s.speed = speed;
                s.reanchor();
            });
            changed_settings();
            None
        }
        Request::SetRate(rate) => {
            with_session(|s| s.sim.set_rate(rate));
            changed_settings();
            None
        }
        Request::Reset(scenario) => {
            reset(scenario);
            None
        }
        Request::ApplyPipeline(sql) => Some(Reply::Applied(apply_pipeline(&sql))),
        Request::RunSql(sql) => Some(Reply::Ran(run_sql(&sql))),
        Request::ResultCsv => Some(Reply::Text(with_host(|h| {
            h.last_result
                .as_ref()
                .map(QueryResult::to_csv)
                .unwrap_or_default()
        }))),
        Request::NodeAction { id, action } => {
            let sql = with_session(|s| s.sim.node_action_sql(&id, action)).flatten();
            Some(Reply::Done(match sql {
                None => Err(format!("{id} has no such action.")),
                Some(sql) => match run_sql(&sql).error {
                    Some(e) => Err(e.message),
                    None => Ok(()),
                },
            }))
        }
        Request::Page {
            id,
            order,
            offset,
            limit,
        } => Some(Reply::Page(
            with_session(|s| {
                let started = now_ms();
                let page = s.sim.page(&id, order, offset, limit).map_err(Failure::from);
                PageRead {
                    page,
                    cost_ms: now_ms() - started,
                    read_at: s.sim.clock(),
                }
            })
            .unwrap_or_else(|| PageRead {
                page: Err(not_started()),
                cost_ms: 0.0,
                read_at: String::new(),
            }),
        )),
        Request::Details(node) => Some(Reply::Details(
            with_session(|s| s.sim.details(&node)).flatten(),
        )),
        Request::ExportDdl => Some(Reply::Text(
            with_session(|s| s.sim.export_ddl()).unwrap_or_default(),
        )),
        Request::Save => {
            save(true);
            None
        }
        Request::UseBackend(backend) => {
            use_backend(backend);
            None
        }
        Request::Remote(request) => {
            remote::backend::handle(request);
            None
        }
        Request::Visible(visible) => {
            remote::backend::set_visible(visible);
            HIDDEN.with(|h| h.set(!visible));
            None
        }
        Request::CancelSql => {
            remote::reads::cancel();
            None
        }
    };
    if let Some(reply) = reply.filter(|_| id != 0) {
        post(&Notice::Reply { id, reply });
    }
}

/// Shows a Snowflake account (the session pauses) or the tab's session again, as it was.
fn use_backend(backend: Backend) {
    match backend {
        Backend::Snowflake { info, token } => {
            remote::backend::activate(info, token);
        }
        Backend::Tab => {
            if !remote::backend::active() {
                return;
            }
            remote::backend::deactivate();
            with_session(Session::reshow);
            publish(true);
            post_settings();
            announce();
        }
    }
}

/// What a request that needs the session gets before there is one.
fn not_started() -> Failure {
    Failure {
        message: "The session has not started.".to_owned(),
        position: None,
    }
}

fn with_session<T>(f: impl FnOnce(&mut Session) -> T) -> Option<T> {
    with_host(|h| h.session.as_mut().map(f))
}

/// Starts the session: a deterministic run, the URL's scenario, or the saved session.
fn start(hash: String) {
    let params = match parse_hash(&hash) {
        Ok(params) => params,
        Err(message) => return status(RunState::Error, message),
    };
    if let Some(sizes) = params.bench {
        return measure(&sizes);
    }
    if let Some(fixed) = params.fixed {
        return begin_fixed(scenario_from(&params), fixed);
    }
    wasm_bindgen_futures::spawn_local(async move {
        let store = SessionStore::open().await;
        let saved = match &store {
            Some(s) => s.load().await,
            None => None,
        };
        with_host(|h| h.store = store);
        match saved {
            Some(saved) if params.matches(&saved.scenario) => {
                begin(saved.scenario, saved.journal, saved.speed, saved.paused, 0)
            }
            _ => begin(
                scenario_from(&params),
                Vec::new(),
                params.speed,
                false,
                params.preload,
            ),
        }
    });
}

fn create(scenario: Scenario) -> Option<Simulation> {
    match Simulation::create(scenario, Some(now_ms)) {
        Ok(sim) => Some(sim),
        Err(e) => {
            status(
                RunState::Error,
                format!("Could not create the pipeline: {e}"),
            );
            None
        }
    }
}

fn begin(scenario: Scenario, journal: Vec<Action>, speed: f64, paused: bool, preload: u64) {
    let Some(sim) = create(scenario) else {
        return;
    };
    let mut session = Session::new(sim, speed, paused);
    let mut actions: VecDeque<Action> = journal.into();
    // Preloading goes in slices, so the page shows progress and requests are answered.
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
        status(RunState::Starting, "Restoring the session…");
    }
    with_host(|h| h.session = Some(session));
    post_settings();
    publish(true);
    announce();
    run_timer();
}

fn begin_fixed(scenario: Scenario, fixed: FixedRun) {
    let Some(mut sim) = create(scenario) else {
        return;
    };
    let outcome = sim
        .apply_events(fixed.events)
        .map(|()| sim.advance(fixed.advance));
    let mut session = Session::new(sim, 0.0, true);
    session.fixed = true;
    with_host(|h| h.session = Some(session));
    post_settings();
    publish(true);
    match outcome {
        Err(e) => status(RunState::Error, e.to_string()),
        Ok(()) => status(
            RunState::Ready,
            format!(
                "Deterministic run finished: {} events, then {} s more; the clock is stopped.",
                fixed.events,
                fixed.advance.num_seconds()
            ),
        ),
    }
}

/// Runs the benchmark's workload at each bronze size in this worker, and publishes the figures as
/// they come (`make measure` sets them beside the native ones).
fn measure(sizes: &[usize]) {
    let mut figures = Vec::new();
    for &rows in sizes {
        status(
            RunState::Starting,
            format!("Measuring the engine in this tab: {rows} bronze rows…"),
        );
        figures.push(snowglobe_engine::workload::measure(rows, &now_ms));
        post(&Notice::Measured(figures.clone()));
    }
    status(
        RunState::Ready,
        "Measured: seed-mix CDC events applied per second, and the incremental refresh of silver \
         and gold after 1,000 events, in this tab's engine worker.",
    );
}

fn announce() {
    if remote::backend::active() {
        return;
    }
    if let Some(message) = with_session(|s| s.announcement()).flatten() {
        status(RunState::Ready, message);
    }
}

fn post_settings() {
    if let Some(settings) = with_session(|s| s.settings()) {
        post(&Notice::Settings(settings));
    }
}

/// The settings changed: the page shows them, the status says them, and the session is saved.
fn changed_settings() {
    post_settings();
    announce();
    save(true);
}

fn publish(force: bool) {
    if remote::backend::active() {
        return;
    }
    if let Some(p) = with_session(|s| s.publication(force)).flatten() {
        post(&Notice::Published(Box::new(p)));
    }
}

fn save(force: bool) {
    with_host(|h| {
        let (Some(store), Some(s)) = (h.store.as_ref(), h.session.as_mut()) else {
            return;
        };
        if s.fixed || !s.backlog.actions.is_empty() {
            return;
        }
        let journal = s.sim.journal();
        let mark = (journal.len(), journal.last().cloned());
        if !force && (s.saved_journal_len.as_ref() == Some(&mark) || now_ms() < s.next_save_ms) {
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

/// Starts over with `scenario` (the saved session is replaced).
fn reset(scenario: Scenario) {
    let (speed, paused) =
        with_session(|s| (s.speed, s.paused)).unwrap_or((crate::params::DEFAULT_SPEED, false));
    with_host(|h| {
        if let Some(store) = &h.store {
            store.clear();
        }
        h.last_result = None;
    });
    begin(
        scenario,
        Vec::new(),
        if speed > 0.0 { speed } else { 30.0 },
        paused,
        0,
    );
    save(true);
}

/// Applies an edited pipeline script to the running session, keeping its data where Snowflake
/// would; returns what changed, in a sentence. On an error nothing changes. Without a session (a
/// link that could not be opened), the script starts one.
fn apply_pipeline(sql: &str) -> Result<String, Failure> {
    let applied = with_session(|s| {
        let changes = s.sim.apply_pipeline(sql)?;
        Ok::<_, snowglobe_engine::SqlError>(changes.summary())
    });
    match applied {
        Some(Ok(summary)) => {
            publish(true);
            post_settings();
            save(true);
            Ok(summary)
        }
        Some(Err(e)) => Err(Failure::from(e)),
        None => {
            let custom = Scenario {
                variant: Variant::Custom,
                custom_sql: sql.to_owned(),
                ..default_scenario()
            };
            Simulation::create(custom.clone(), None)?;
            reset(custom);
            Ok("Started a new session with this pipeline.".to_owned())
        }
    }
}

/// Runs SQL against the live session; keeps the last statement's result for the CSV.
fn run_sql(sql: &str) -> WorksheetRun {
    let Some(run) = with_session(|s| s.sim.run_sql(sql)) else {
        return WorksheetRun {
            error: Some(not_started()),
            ..WorksheetRun::default()
        };
    };
    let mut grid = run
        .outcomes
        .last()
        .map(|o| GridView::from_result(&o.result))
        .unwrap_or_default();
    grid.rows.truncate(SHOWN_ROWS);
    let out = WorksheetRun {
        statements: run.outcomes.len(),
        grid,
        error: run.error.map(Failure::from),
    };
    with_host(|h| h.last_result = run.outcomes.into_iter().last().map(|o| o.result));
    publish(true);
    post_settings();
    save(true);
    out
}

/// One slice of work: the backlog being restored, or the session's clock moved towards the wall
/// clock's time. Returns whether the session is still behind (another slice should follow).
fn slice() -> bool {
    if remote::backend::active() {
        remote::backend::tick();
        return false;
    }
    let deadline = now_ms() + SLICE_MS;
    let mut restoring = None;
    let mut failure = None;
    let mut behind = false;
    with_session(|s| {
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
            behind = done < s.backlog.total;
            s.reanchor();
            return;
        }
        if s.paused || s.fixed {
            return;
        }
        let elapsed = (now_ms() - s.wall_anchor_ms).max(0.0);
        let to = s.virtual_anchor + Duration::milliseconds((elapsed * s.speed) as i64);
        match s.sim.run_until(to, || deadline - now_ms()) {
            Ok(false) => {
                // Behind the wall clock: the next slice follows at once, unless the debt is more
                // than the session can make up — then the clock goes on from here.
                let debt_ms = (to - s.sim.now()).num_milliseconds() as f64 / s.speed.max(1e-9);
                if debt_ms > MAX_DEBT_MS {
                    s.virtual_anchor = s.sim.now();
                    s.wall_anchor_ms = now_ms();
                }
                behind = true;
            }
            Ok(true) => {}
            Err(e) => failure = Some(e.to_string()),
        }
        s.note_pace();
    });
    let restored = restoring.is_some_and(|(done, total)| done == total);
    publish(restored);
    match restoring {
        Some((done, total)) if done < total => status(
            RunState::Starting,
            format!("Restoring the session… {done} of {total} steps"),
        ),
        Some(_) => announce(),
        None => {}
    }
    if let Some(f) = failure {
        with_session(|s| s.paused = true);
        post_settings();
        status(RunState::Error, f);
        behind = false;
    }
    save(false);
    behind
}

thread_local! {
    /// The channel a slice posts to when another should follow at once, and whether one is queued.
    static PUMP: RefCell<Option<(web_sys::MessagePort, bool)>> = const { RefCell::new(None) };
    /// Whether the page is hidden (another tab in front): a session behind then gets the timer's
    /// slices only, a quarter of the worker, instead of all of it.
    static HIDDEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a slice, and queues the next one at once while the session is behind.
fn pump() {
    PUMP.with(|p| {
        if let Some((_, queued)) = p.borrow_mut().as_mut() {
            *queued = false;
        }
    });
    if slice() && !HIDDEN.with(std::cell::Cell::get) {
        PUMP.with(|p| {
            if let Some((port, queued)) = p.borrow_mut().as_mut()
                && !*queued
            {
                *queued = port.post_message(&JsValue::NULL).is_ok();
            }
        });
    }
}

/// The timer's tick: a slice, unless one is queued already.
fn tick() {
    let queued = PUMP.with(|p| p.borrow().as_ref().is_some_and(|(_, q)| *q));
    if !queued {
        pump();
    }
}

fn run_timer() {
    thread_local! {
        static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    let on_tick = Closure::<dyn FnMut()>::new(tick);
    let started = scope()
        .set_interval_with_callback_and_timeout_and_arguments_0(
            on_tick.as_ref().unchecked_ref(),
            TICK_MS,
        )
        .is_ok();
    on_tick.forget();
    // A message to itself is the fastest way back to the event loop: unlike a zero timeout, it is
    // not clamped, and it still lets the page's requests queued meanwhile go first.
    let channel = web_sys::MessageChannel::new().ok();
    if let Some(channel) = &channel {
        let on_message = Closure::<dyn FnMut()>::new(pump);
        channel
            .port1()
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        PUMP.with(|p| *p.borrow_mut() = Some((channel.port2(), false)));
    }
    if !started {
        status(RunState::Error, "Could not start the timer.");
    }
}
