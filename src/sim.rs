//! The pipeline running in the page: the engine, the CDC generator feeding the bronze table, the
//! log of what happened, and a journal of everything that moved the session on (so that a reload
//! replays it). Plain Rust, no web APIs: the engine worker's timer decides how far the virtual clock
//! goes, this module moves it there exactly as `snowglobe run` does.

use snowglobe_engine::catalog::QName;
use snowglobe_engine::engine::Stopwatch;
use snowglobe_engine::feed::{Feed, Next};
use snowglobe_engine::history::{RefreshRecord, RefreshState};
use snowglobe_engine::{
    CdcEvent, Duration, Engine, Generator, NaiveDateTime, Op, PipelineChanges, SqlError,
    StatementOutcome,
};
use std::collections::{BTreeMap, HashMap};

mod projections;

use crate::scenario::{Action, BRONZE, Scenario};
use crate::views::{LogBook, LogKind, LogLine, clock_text};

/// The budget (ms) a slice of [`Simulation::run_until`] must have left to start a refresh after
/// generator iterations: a refresh cannot be split, so it goes first in a slice of its own.
pub const REFRESH_ROOM_MS: f64 = 20.0;

/// Whether a statement only reads (and so need not be replayed).
fn reads_only(statement: &str) -> bool {
    let first = statement
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_ascii_uppercase();
    matches!(
        first.as_str(),
        "SELECT" | "WITH" | "SHOW" | "DESC" | "DESCRIBE" | "EXPLAIN"
    )
}

fn refresh_line(r: &RefreshRecord) -> (LogKind, String) {
    let kind = if r.state == RefreshState::Succeeded {
        LogKind::Refresh
    } else {
        LogKind::RefreshFailed
    };
    let mut text = format!(
        "[REFRESH - {}] {} {} ({}, data timestamp {}",
        r.action.text(),
        r.table.name,
        r.state,
        r.trigger.text(),
        clock_text(r.data_timestamp),
    );
    if r.inserted > 0 || r.deleted > 0 {
        text.push_str(&format!(", +{} -{} rows", r.inserted, r.deleted));
    }
    text.push(')');
    if let Some(m) = &r.state_message {
        text.push_str(": ");
        text.push_str(m);
    }
    (kind, text)
}

/// The result of running worksheet or pipeline SQL: what ran, and the error that stopped it.
#[derive(Debug, Clone)]
pub struct SqlRun {
    pub outcomes: Vec<StatementOutcome>,
    pub error: Option<SqlError>,
}

/// Whether a refresh or task falls due by `until` and should wait for a fresh slice: some
/// iterations ran already and less than [`REFRESH_ROOM_MS`] of budget is left.
fn refresh_waits(engine: &Engine, steps: usize, budget: f64, until: NaiveDateTime) -> bool {
    steps > 0 && budget < REFRESH_ROOM_MS && engine.next_due().is_some_and(|due| due <= until)
}

/// What the session tells of itself: the CDC events applied, counted per virtual minute, and the
/// log of events, refreshes, task runs and statements.
#[derive(Default)]
struct Chronicle {
    events: u64,
    log: LogBook,
    refreshes_seen: usize,
    tasks_seen: usize,
    /// CDC events per virtual minute (minutes since the epoch), since the start.
    per_minute: BTreeMap<i64, [u32; 3]>,
}

impl Chronicle {
    fn push(&mut self, at: NaiveDateTime, kind: LogKind, text: String) {
        self.log.push(at, kind, text);
    }

    /// Logs refreshes and task runs recorded since the last call, in the order they started.
    fn collect_history(&mut self, engine: &Engine) {
        let mut lines: Vec<(NaiveDateTime, LogKind, String)> = engine.refresh_history()
            [self.refreshes_seen..]
            .iter()
            .map(|r| {
                let (kind, text) = refresh_line(r);
                (r.refresh_start_time, kind, text)
            })
            .collect();
        self.refreshes_seen += lines.len();
        let runs = &engine.task_history()[self.tasks_seen..];
        self.tasks_seen += runs.len();
        lines.extend(runs.iter().map(|t| {
            let mut text = format!("[TASK - {}] {}", t.state, t.task.name);
            if let Some(m) = &t.error_message {
                text.push_str(": ");
                text.push_str(m);
            }
            (t.query_start_time, LogKind::Task, text)
        }));
        // Stable: at one instant, scheduled refreshes run first, then tasks.
        lines.sort_by_key(|(at, _, _)| *at);
        for (at, kind, text) in lines {
            self.push(at, kind, text);
        }
    }

    /// Counts and logs an applied CDC event.
    fn note_event(&mut self, event: &CdcEvent) {
        self.events += 1;
        let (kind, slot) = match event.op {
            Op::Insert => (LogKind::Insert, 0),
            Op::Update => (LogKind::Update, 1),
            Op::Delete => (LogKind::Delete, 2),
        };
        let minute = event.at.and_utc().timestamp().div_euclid(60);
        self.per_minute.entry(minute).or_default()[slot] += 1;
        self.log.push_event(kind, event);
    }
}

/// The scenario's generator (its seed, profile and rate), starting at `at`.
fn generator_for(scenario: &Scenario, at: NaiveDateTime) -> Generator {
    let mut g = Generator::new(scenario.seed, scenario.profile, at);
    g.set_rate(scenario.rate);
    g
}

/// A pipeline with its generator, on the virtual clock.
pub struct Simulation {
    engine: Engine,
    generator: Option<Generator>,
    target: Option<QName>,
    scenario: Scenario,
    journal: Vec<Action>,
    /// The pipeline script the session runs now: the scenario's, or the last one applied.
    pipeline: String,
    chronicle: Chronicle,
    /// Each object's inputs, computed when the catalog changes.
    inputs: HashMap<QName, Vec<QName>>,
    inputs_of_catalog: Option<(u64, usize)>,
}

impl Simulation {
    /// Creates the scenario's pipeline at its start time and a generator for its bronze table
    /// (none when the pipeline has no `raw_orders` table).
    pub fn create(
        scenario: Scenario,
        stopwatch: Option<Stopwatch>,
    ) -> Result<Simulation, SqlError> {
        let mut engine = Engine::new(scenario.start);
        if let Some(f) = stopwatch {
            engine.set_stopwatch(f);
        }
        engine.execute_script(scenario.script())?;
        let target = engine.cdc_target(BRONZE).ok();
        let generator = target
            .as_ref()
            .map(|_| generator_for(&scenario, engine.now()));
        let mut sim = Simulation {
            engine,
            generator,
            target,
            pipeline: scenario.script().to_owned(),
            scenario,
            journal: Vec::new(),
            chronicle: Chronicle::default(),
            inputs: HashMap::new(),
            inputs_of_catalog: None,
        };
        sim.collect_history();
        Ok(sim)
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The steps taken since the start, compacted (consecutive clock moves merge).
    pub fn journal(&self) -> &[Action] {
        &self.journal
    }

    /// Whether the generator feeds a bronze table (the pipeline has one, and it still exists).
    pub fn has_generator(&self) -> bool {
        self.generator.is_some() && self.target.is_some()
    }

    /// Generator iterations per virtual second (None without a generator).
    pub fn iterations_per_second(&self) -> Option<f64> {
        self.generator
            .as_ref()
            .filter(|_| self.target.is_some())
            .map(Generator::iterations_per_second)
    }

    /// The virtual clock.
    pub fn now(&self) -> NaiveDateTime {
        self.engine.now()
    }

    /// The virtual clock as the header shows it.
    pub fn clock(&self) -> String {
        clock_text(self.engine.now())
    }

    /// Generator events applied so far.
    pub fn events(&self) -> u64 {
        self.chronicle.events
    }

    /// The log lines after the one numbered `after` (all of them for None), newest first.
    pub fn log_since(&self, after: Option<u64>, max: usize) -> Vec<LogLine> {
        self.chronicle.log.since(after, max)
    }

    /// The sequence number of the newest log line (changes whenever the log does).
    pub fn log_head(&self) -> Option<u64> {
        self.chronicle.log.head()
    }

    /// A number that changes whenever rows, refresh history or the catalog change.
    pub fn data_signature(&self) -> u64 {
        let storage = self.engine.storage();
        let versions: u64 = self
            .engine
            .catalog()
            .objects
            .keys()
            .map(|q| storage.version(&q.storage()))
            .sum();
        versions
            .wrapping_mul(31)
            .wrapping_add(self.engine.refresh_history().len() as u64)
            .wrapping_mul(31)
            .wrapping_add(self.engine.task_history().len() as u64)
            .wrapping_mul(31)
            .wrapping_add(self.engine.catalog().next_seq)
    }

    fn record(&mut self, action: Action) {
        match (self.journal.last_mut(), action) {
            (Some(Action::AdvanceTo(t)), Action::AdvanceTo(to)) => *t = to,
            (Some(Action::Events(n)), Action::Events(m)) => *n += m,
            (_, action) => self.journal.push(action),
        }
    }

    /// Replays one journal step.
    pub fn apply(&mut self, action: &Action) -> Result<(), SqlError> {
        match action {
            Action::Events(n) => self.apply_events(*n),
            Action::AdvanceTo(t) => self.run_until(*t, || f64::INFINITY).map(|_| ()),
            Action::Rate(r) => {
                self.set_rate(*r);
                Ok(())
            }
            Action::Sql(text) => match self.run_sql(text).error {
                Some(e) => Err(e),
                None => Ok(()),
            },
            Action::Apply(script) => self.apply_pipeline(script).map(|_| ()),
        }
    }

    /// The pipeline script the session runs now.
    pub fn pipeline(&self) -> &str {
        &self.pipeline
    }

    /// Applies an edited pipeline script to the running session, keeping its data where Snowflake
    /// would (`Engine::apply_pipeline`); on an error nothing changes. The generator follows the
    /// bronze table (it starts when the new script creates one, idles when it drops it).
    pub fn apply_pipeline(&mut self, script: &str) -> Result<PipelineChanges, SqlError> {
        let changes = self.engine.apply_pipeline(&self.pipeline, script)?;
        self.pipeline = script.to_owned();
        self.record(Action::Apply(script.to_owned()));
        let now = self.engine.now();
        self.push_log(
            now,
            LogKind::Statement,
            format!("Pipeline applied: {}", changes.summary()),
        );
        self.collect_history();
        self.target = self.engine.cdc_target(BRONZE).ok();
        if self.generator.is_none() && self.target.is_some() {
            self.generator = Some(generator_for(&self.scenario, now));
        }
        Ok(changes)
    }

    fn push_log(&mut self, at: NaiveDateTime, kind: LogKind, text: String) {
        self.chronicle.push(at, kind, text);
    }

    /// Logs refreshes and task runs recorded since the last call, in the order they started.
    fn collect_history(&mut self) {
        self.chronicle.collect_history(&self.engine);
    }

    /// Applies exactly `n` more generator events, each at its own virtual time (none without a
    /// generator).
    pub fn apply_events(&mut self, n: u64) -> Result<(), SqlError> {
        let (Some(generator), Some(target)) = (self.generator.as_mut(), self.target.as_ref())
        else {
            return Ok(());
        };
        if n == 0 {
            return Ok(());
        }
        let chronicle = &mut self.chronicle;
        let mut applied = 0;
        let outcome =
            Feed { generator, target }.events(&mut self.engine, n, |engine, event, outcome| {
                chronicle.collect_history(engine);
                outcome?;
                applied += 1;
                chronicle.note_event(event);
                Ok(())
            });
        self.collect_history();
        self.record(Action::Events(applied));
        outcome.map(|_| ())
    }

    /// Moves the clock on by `by`, running the refreshes and tasks that fall due but no generator
    /// iterations (what `snowglobe run --advance` does). Deterministic runs use it; they are not
    /// saved, so it is not journaled.
    pub fn advance(&mut self, by: Duration) {
        self.engine.advance(by);
        self.collect_history();
    }

    /// Runs the generator and the schedule up to `to`, while `budget()` — the milliseconds a host
    /// still allows, asked before each iteration — is positive. A refresh or task that falls due
    /// after some iterations waits for a call with at least [`REFRESH_ROOM_MS`] of budget, so that
    /// it does not add to a slice that is already spent. Returns false when the budget ran out
    /// before the clock reached `to` (true when it reached `to`, or stopped for a due refresh).
    pub fn run_until(
        &mut self,
        to: NaiveDateTime,
        mut budget: impl FnMut() -> f64,
    ) -> Result<bool, SqlError> {
        let outcome = match (self.generator.as_mut(), self.target.as_ref()) {
            (Some(generator), Some(target)) => {
                let chronicle = &mut self.chronicle;
                Feed { generator, target }.run_until(
                    &mut self.engine,
                    to,
                    |engine, next, steps| match next {
                        Next::Iteration(at) => {
                            let left = budget();
                            if left <= 0.0 {
                                Some(false)
                            } else {
                                refresh_waits(engine, steps, left, at).then_some(true)
                            }
                        }
                        Next::Clock(at) => {
                            refresh_waits(engine, steps, budget(), at).then_some(true)
                        }
                    },
                    |engine, event, outcome| {
                        chronicle.collect_history(engine);
                        outcome?;
                        chronicle.note_event(event);
                        Ok(())
                    },
                )
            }
            _ => {
                let waits = refresh_waits(&self.engine, 0, budget(), to);
                if !waits {
                    self.engine.advance_to(to);
                }
                Ok(waits.then_some(true))
            }
        };
        let outcome = match outcome {
            Ok(None) => {
                self.collect_history();
                Ok(true)
            }
            Ok(Some(reached)) => Ok(reached),
            Err(e) => Err(e),
        };
        self.record(Action::AdvanceTo(self.engine.now()));
        outcome
    }

    /// Changes the generator's rate (iterations per virtual second; None: the profile's delays).
    pub fn set_rate(&mut self, rate: Option<f64>) {
        if let Some(g) = self.generator.as_mut() {
            g.set_rate(rate);
        }
        self.scenario.rate = rate;
        self.record(Action::Rate(rate));
    }

    /// Runs SQL against the live session: every statement in order until one fails (those before
    /// it stay applied, as in Snowflake). Statements that change something are journaled.
    pub fn run_sql(&mut self, script: &str) -> SqlRun {
        let (outcomes, error) = self.engine.execute_script_partial(script);
        for o in &outcomes {
            if !reads_only(&o.text) {
                self.record(Action::Sql(o.text.clone()));
                let first_line = o.text.lines().next().unwrap_or("").to_owned();
                let now = self.engine.now();
                self.push_log(now, LogKind::Statement, first_line);
            }
        }
        self.collect_history();
        if self.generator.is_some() {
            self.target = self.engine.cdc_target(BRONZE).ok();
        }
        SqlRun { outcomes, error }
    }

    /// The Snowflake DDL of the current catalog, followed (when the pipeline has a bronze table)
    /// by a procedure and task that feed it on Snowflake as the generator does here.
    pub fn export_ddl(&self) -> String {
        match &self.target {
            Some(t) => self
                .engine
                .export_ddl_with_feeder(&t.name)
                .unwrap_or_else(|_| self.engine.export_ddl()),
            None => self.engine.export_ddl(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Variant;
    use crate::views::{Cell, LOG_CAPACITY, NodeAction, NodeLayer};
    use snowglobe_engine::Profile;
    use snowglobe_engine::browse::PageOrder;

    fn start() -> NaiveDateTime {
        crate::params::parse_start("2026-01-15T09:00:00").unwrap()
    }

    fn scenario(variant: Variant, seed: u64) -> Scenario {
        Scenario {
            variant,
            custom_sql: String::new(),
            seed,
            profile: Profile::Seed,
            rate: None,
            start: start(),
        }
    }

    fn gold_rows(sim: &mut Simulation) -> Vec<Vec<Cell>> {
        let id = sim
            .nodes()
            .into_iter()
            .find(|n| n.name.eq_ignore_ascii_case("orders_aggregated"))
            .unwrap()
            .id;
        sim.page(
            &id,
            PageOrder {
                column: Some(0),
                descending: false,
            },
            0,
            1000,
        )
        .unwrap()
        .rows
    }

    #[test]
    fn both_seed_variants_build_a_graph() {
        for variant in [Variant::EcommCdc, Variant::Ecomm] {
            let mut sim = Simulation::create(scenario(variant, 7), None).unwrap();
            let nodes = sim.nodes();
            let layer = |name: &str| {
                nodes
                    .iter()
                    .find(|n| n.name.eq_ignore_ascii_case(name))
                    .map(|n| n.layer)
            };
            assert_eq!(layer("raw_orders"), Some(NodeLayer::Bronze));
            assert_eq!(layer("orders_derived"), Some(NodeLayer::Silver));
            assert_eq!(layer("orders_aggregated"), Some(NodeLayer::Gold));
            let task = nodes.iter().find(|n| n.layer == NodeLayer::Task).unwrap();
            assert!(
                task.inputs
                    .iter()
                    .any(|i| i.ends_with(".ORDERS_AGGREGATED")),
                "the refresh task points at gold: {:?}",
                task.inputs
            );
            let gold = nodes.iter().find(|n| n.layer == NodeLayer::Gold).unwrap();
            assert!(gold.inputs.iter().any(|i| i.ends_with(".ORDERS_DERIVED")));
        }
    }

    #[test]
    fn replaying_the_journal_rebuilds_the_session() {
        let mut live = Simulation::create(scenario(Variant::EcommCdc, 5), None).unwrap();
        live.apply_events(50).unwrap();
        let mut t = live.now();
        for _ in 0..40 {
            t += Duration::seconds(7);
            live.run_until(t, || f64::INFINITY).unwrap();
        }
        let dt = live
            .nodes()
            .into_iter()
            .find(|n| n.layer == NodeLayer::Silver)
            .unwrap()
            .id;
        let sql = live.node_action_sql(&dt, NodeAction::Refresh).unwrap();
        assert!(live.run_sql(&sql).error.is_none());
        live.set_rate(Some(2.0));
        live.run_until(t + Duration::minutes(6), || f64::INFINITY)
            .unwrap();
        assert!(
            live.run_sql("SELECT COUNT(*) FROM raw_orders")
                .error
                .is_none()
        );
        let journal = live.journal().to_vec();
        assert!(journal.len() <= 6, "{journal:?}");
        let mut replayed = Simulation::create(live.scenario().clone(), None).unwrap();
        replayed.set_rate(None);
        for a in &journal {
            replayed.apply(a).unwrap();
        }
        assert_eq!(replayed.now(), live.now());
        assert_eq!(replayed.events(), live.events());
        assert_eq!(gold_rows(&mut replayed), gold_rows(&mut live));
        let texts = |s: &Simulation| -> Vec<String> {
            s.log_since(None, LOG_CAPACITY)
                .into_iter()
                .map(|l| l.text)
                .collect()
        };
        assert_eq!(texts(&replayed), texts(&live));
    }

    #[test]
    fn the_log_is_read_from_a_line_on() {
        let mut sim = Simulation::create(scenario(Variant::EcommCdc, 3), None).unwrap();
        sim.apply_events(5).unwrap();
        let all = sim.log_since(None, LOG_CAPACITY);
        let head = sim.log_head();
        assert_eq!(head, all.first().map(|l| l.seq));
        assert!(sim.log_since(head, LOG_CAPACITY).is_empty());
        sim.apply_events(2).unwrap();
        let new = sim.log_since(head, LOG_CAPACITY);
        assert!(!new.is_empty());
        assert!(new.iter().all(|l| Some(l.seq) > head));
        assert_eq!(sim.log_since(None, LOG_CAPACITY)[..new.len()], new[..]);
    }

    #[test]
    fn rate_speeds_the_generator_up() {
        let mut slow = Simulation::create(scenario(Variant::EcommCdc, 3), None).unwrap();
        let mut fast = Simulation::create(scenario(Variant::EcommCdc, 3), None).unwrap();
        fast.set_rate(Some(10.0));
        let to = start() + Duration::minutes(1);
        slow.run_until(to, || f64::INFINITY).unwrap();
        fast.run_until(to, || f64::INFINITY).unwrap();
        assert!(slow.events() < 20, "{}", slow.events());
        assert!(fast.events() > 400, "{}", fast.events());
    }

    #[test]
    fn worksheet_errors_keep_earlier_statements() {
        let mut sim = Simulation::create(scenario(Variant::EcommCdc, 3), None).unwrap();
        let run = sim.run_sql("CREATE TABLE t (x INT);\nSELECT * FROM missing;");
        assert_eq!(run.outcomes.len(), 1);
        let e = run.error.unwrap().to_string();
        assert!(e.contains("line 2"), "{e}");
        assert_eq!(
            sim.journal(),
            [Action::Sql("CREATE TABLE t (x INT)".to_owned())]
        );
    }

    #[test]
    fn custom_pipeline_without_bronze_has_no_generator() {
        let mut s = scenario(Variant::Custom, 1);
        s.custom_sql =
            "CREATE DATABASE d; CREATE TABLE t (x INT); INSERT INTO t VALUES (1);".to_owned();
        let mut sim = Simulation::create(s, None).unwrap();
        assert!(!sim.has_generator());
        assert!(
            sim.run_until(start() + Duration::minutes(5), || f64::INFINITY)
                .unwrap()
        );
        assert_eq!(sim.events(), 0);
        assert_eq!(sim.row_count("t"), 1);
    }

    #[test]
    fn a_refresh_after_iterations_waits_for_a_slice_with_room() {
        let mut sim = Simulation::create(scenario(Variant::EcommCdc, 3), None).unwrap();
        sim.set_rate(Some(10.0));
        let due = sim.engine.next_due().unwrap();
        let refreshes = sim.engine.refresh_history().len();
        let to = due + Duration::seconds(1);
        // A slice with less room than a refresh needs runs the iterations before it, then stops.
        assert!(sim.run_until(to, || REFRESH_ROOM_MS / 2.0).unwrap());
        assert!(sim.events() > 0);
        assert!(sim.now() < due, "{} < {due}", sim.now());
        assert_eq!(sim.engine.refresh_history().len(), refreshes);
        // The next slice starts with the refresh and goes on.
        assert!(sim.run_until(to, || REFRESH_ROOM_MS / 2.0).unwrap());
        assert_eq!(sim.now(), to);
        assert!(
            sim.engine.refresh_history()[refreshes..]
                .iter()
                .any(|r| r.data_timestamp == due)
        );
    }

    #[test]
    fn dropping_the_bronze_table_idles_the_generator_until_it_is_back() {
        let mut sim = Simulation::create(scenario(Variant::EcommCdc, 4), None).unwrap();
        sim.apply_events(20).unwrap();
        let drop = "DROP DYNAMIC TABLE orders_aggregated; DROP DYNAMIC TABLE orders_derived; \
                    DROP TABLE raw_orders";
        assert!(sim.run_sql(drop).error.is_none());
        assert!(!sim.has_generator());
        let to = sim.now() + Duration::minutes(10);
        assert!(
            sim.run_until(to, || f64::INFINITY).unwrap(),
            "the clock still moves"
        );
        sim.apply_events(5).unwrap();
        assert_eq!(sim.events(), 20);
        let create = "CREATE TABLE raw_orders (order_id STRING, customer_id STRING, order_date \
                      TIMESTAMP, status STRING, amount NUMBER(10,2), product_id STRING, quantity INT)";
        assert!(sim.run_sql(create).error.is_none());
        assert!(sim.has_generator());
        sim.apply_events(5).unwrap();
        assert_eq!(sim.events(), 25);
    }

    #[test]
    fn charts_follow_gold_and_refreshes() {
        let mut sim = Simulation::create(scenario(Variant::EcommCdc, 9), None).unwrap();
        sim.run_until(start() + Duration::minutes(30), || f64::INFINITY)
            .unwrap();
        let charts = sim.chart_data();
        let revenue = charts.revenue.unwrap();
        assert!(!revenue.months.is_empty());
        assert_eq!(
            revenue
                .series
                .iter()
                .map(|s| s.0.as_str())
                .collect::<Vec<_>>(),
            ["HIGH_VALUE", "LOW_VALUE", "MEDIUM_VALUE"]
        );
        assert!(charts.orders.is_some());
        let events: u32 = charts
            .events_per_minute
            .iter()
            .map(|(_, c)| c.iter().sum::<u32>())
            .sum();
        assert_eq!(u64::from(events), sim.events());
        let silver = charts
            .lag
            .iter()
            .find(|s| s.name == "ORDERS_DERIVED")
            .unwrap();
        assert_eq!(silver.target_sec, Some(60));
        assert!(silver.points.len() > 20);
        let peak = silver.points.iter().map(|p| p.1).fold(0.0, f64::max);
        assert!(peak > 30.0 && peak <= 61.0, "{:?}", silver.points);
    }

    #[test]
    fn an_applied_edit_keeps_the_data_and_replays_from_the_journal() {
        let mut live = Simulation::create(scenario(Variant::EcommCdc, 6), None).unwrap();
        live.run_until(start() + Duration::minutes(4), || f64::INFINITY)
            .unwrap();
        let (events, bronze) = (live.events(), live.row_count("raw_orders"));
        let refreshes = live.engine.refresh_history().len();
        assert!(bronze > 0 && refreshes > 0);
        let edited = live
            .pipeline()
            .replace("TARGET_LAG = '1 minute'", "TARGET_LAG = '2 minutes'");
        let summary = live.apply_pipeline(&edited).unwrap().summary();
        assert!(summary.contains("ORDERS_DERIVED"), "{summary}");
        assert_eq!(live.row_count("raw_orders"), bronze);
        assert_eq!(live.engine.refresh_history().len(), refreshes);
        assert_eq!(live.events(), events);
        assert_eq!(live.pipeline(), edited);
        // A new query reinitializes silver alone.
        let requery = edited.replace(
            "quantity,
    -- Derived",
            "quantity * 2 AS quantity,
    -- Derived",
        );
        assert_ne!(requery, edited);
        live.apply_pipeline(&requery).unwrap();
        let last = live.engine.refresh_history().last().unwrap();
        assert_eq!(last.action.text(), "REINITIALIZE");
        assert_eq!(last.table.name, "ORDERS_DERIVED");
        // A script that fails changes nothing.
        let broken = format!(
            "{requery}\nCREATE DYNAMIC TABLE broken TARGET_LAG = '1 minute' WAREHOUSE = w AS SELECT nope FROM raw_orders;"
        );
        assert!(live.apply_pipeline(&broken).is_err());
        assert_eq!(live.pipeline(), requery);
        live.run_until(start() + Duration::minutes(8), || f64::INFINITY)
            .unwrap();
        let mut replayed = Simulation::create(live.scenario().clone(), None).unwrap();
        for a in live.journal().to_vec() {
            replayed.apply(&a).unwrap();
        }
        assert_eq!(replayed.pipeline(), live.pipeline());
        assert_eq!(replayed.events(), live.events());
        assert_eq!(gold_rows(&mut replayed), gold_rows(&mut live));
    }

    #[test]
    fn read_only_statements_are_recognised() {
        assert!(reads_only("  select 1"));
        assert!(reads_only("SHOW DYNAMIC TABLES"));
        assert!(!reads_only("ALTER DYNAMIC TABLE x REFRESH"));
        assert!(!reads_only("USE SCHEMA s"));
    }
}
