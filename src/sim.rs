//! The seed pipeline running in the page: the engine, the CDC generator feeding the bronze table,
//! and the log of what happened. Plain Rust, no web APIs: the page's timer decides how far the
//! virtual clock goes, this module moves it there exactly as `snowglobe run` does.

use snowglobe_engine::catalog::{QName, SchedulingState};
use snowglobe_engine::engine::Stopwatch;
use snowglobe_engine::history::RefreshRecord;
use snowglobe_engine::types::{SfType, display_value};
use snowglobe_engine::{
    Duration, Engine, Generator, NaiveDateTime, Op, Profile, QueryResult, SqlError, Value,
    pipelines,
};
use std::collections::VecDeque;

/// How many log lines the page keeps.
pub const LOG_CAPACITY: usize = 100;

/// How many of the latest rows the bronze and silver tables show.
pub const LATEST_ROWS: usize = 50;

/// The bronze table the generator writes to.
const BRONZE: &str = "raw_orders";

/// What a pipeline table is, in Snowflake's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Bronze,
    Silver,
    Gold,
}

impl Layer {
    pub const ALL: [Layer; 3] = [Layer::Bronze, Layer::Silver, Layer::Gold];

    /// The object's name in the seed's SQL.
    pub fn table(self) -> &'static str {
        match self {
            Layer::Bronze => BRONZE,
            Layer::Silver => "orders_derived",
            Layer::Gold => "orders_aggregated",
        }
    }

    /// The query whose result the page shows for this layer.
    pub fn query(self) -> String {
        match self {
            Layer::Bronze | Layer::Silver => format!(
                "SELECT * FROM {} ORDER BY processed_at DESC LIMIT {LATEST_ROWS}",
                self.table()
            ),
            Layer::Gold => format!(
                "SELECT * FROM {} ORDER BY order_year, order_month, value_segment",
                self.table()
            ),
        }
    }
}

/// One cell as shown: its text, or None for SQL NULL.
pub type Cell = Option<String>;

/// A column header, with whether its values are numbers (shown right-aligned).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnView {
    pub name: String,
    pub numeric: bool,
}

/// What the page shows of a dynamic table's scheduling.
#[derive(Debug, Clone, PartialEq)]
pub struct DynamicTableInfo {
    /// The effective target lag, e.g. `1 minute`.
    pub target_lag: String,
    pub refresh_mode: String,
    pub scheduling_state: String,
    /// The point in time the contents reflect; None before the first refresh.
    pub data_timestamp: Option<String>,
}

/// What the page shows of one pipeline table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableView {
    pub columns: Vec<ColumnView>,
    pub rows: Vec<Vec<Cell>>,
    /// All rows in the table (the view may show only the latest ones).
    pub row_count: usize,
    /// Set for dynamic tables.
    pub dynamic: Option<DynamicTableInfo>,
}

/// What kind of thing a log line reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    Insert,
    Update,
    Delete,
    Refresh,
    RefreshFailed,
    Task,
}

impl LogKind {
    /// A class name for styling.
    pub fn class(self) -> &'static str {
        match self {
            LogKind::Insert => "insert",
            LogKind::Update => "update",
            LogKind::Delete => "delete",
            LogKind::Refresh => "refresh",
            LogKind::RefreshFailed => "refresh-failed",
            LogKind::Task => "task",
        }
    }
}

/// One line of the event log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// Sequence number, unique within a run (a stable key for rendering).
    pub seq: u64,
    /// Virtual time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub kind: LogKind,
    pub text: String,
}

fn clock_text(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn lag_text(seconds: u64) -> String {
    let (n, unit) = match seconds {
        s if s % 86_400 == 0 => (s / 86_400, "day"),
        s if s % 3_600 == 0 => (s / 3_600, "hour"),
        s if s % 60 == 0 => (s / 60, "minute"),
        s => (s, "second"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

fn refresh_line(r: &RefreshRecord) -> (LogKind, String) {
    let kind = if r.state == "SUCCEEDED" {
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

type RenderKey = (Option<u64>, Option<NaiveDateTime>);

/// The seed pipeline with its generator, on the virtual clock.
pub struct Simulation {
    engine: Engine,
    generator: Generator,
    target: QName,
    seed: u64,
    start: NaiveDateTime,
    events: u64,
    log: VecDeque<LogLine>,
    next_seq: u64,
    refreshes_seen: usize,
    tasks_seen: usize,
    /// What each layer's last rendering reflected, to skip unchanged ones.
    rendered: [Option<RenderKey>; 3],
}

impl Simulation {
    /// Creates the seed's `ECOMM_CDC` pipeline at `start` and a generator seeded with `seed`,
    /// as `snowglobe run sql/ecomm_cdc.sql --seed <seed> --start <start>` does.
    pub fn create(
        seed: u64,
        start: NaiveDateTime,
        stopwatch: Option<Stopwatch>,
    ) -> Result<Simulation, SqlError> {
        let mut engine = Engine::new(start);
        if let Some(f) = stopwatch {
            engine.set_stopwatch(f);
        }
        engine.execute_script(pipelines::ECOMM_CDC)?;
        let target = engine.cdc_target(BRONZE)?;
        let generator = Generator::new(seed, Profile::Seed, engine.now());
        let mut sim = Simulation {
            engine,
            generator,
            target,
            seed,
            start,
            events: 0,
            log: VecDeque::with_capacity(LOG_CAPACITY),
            next_seq: 0,
            refreshes_seen: 0,
            tasks_seen: 0,
            rendered: [None; 3],
        };
        sim.collect_history();
        Ok(sim)
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn start(&self) -> NaiveDateTime {
        self.start
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
        self.events
    }

    /// The log, newest first.
    pub fn log(&self) -> Vec<LogLine> {
        self.log.iter().cloned().collect()
    }

    fn push_log(&mut self, at: NaiveDateTime, kind: LogKind, text: String) {
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_back();
        }
        self.log.push_front(LogLine {
            seq: self.next_seq,
            at: clock_text(at),
            kind,
            text,
        });
        self.next_seq += 1;
    }

    /// Logs refreshes and task runs recorded since the last call, in the order they started
    /// (end times include measured durations, which would reorder same-instant work).
    fn collect_history(&mut self) {
        let mut lines: Vec<(NaiveDateTime, LogKind, String)> = self.engine.refresh_history()
            [self.refreshes_seen..]
            .iter()
            .map(|r| {
                let (kind, text) = refresh_line(r);
                (r.refresh_start_time, kind, text)
            })
            .collect();
        self.refreshes_seen += lines.len();
        let runs = &self.engine.task_history()[self.tasks_seen..];
        self.tasks_seen += runs.len();
        lines.extend(runs.iter().map(|t| {
            let mut text = format!("[TASK - {}] {}", t.state, t.task.name);
            if let Some(m) = &t.error_message {
                text.push_str(": ");
                text.push_str(m);
            }
            (t.query_start_time, LogKind::Task, text)
        }));
        // Stable: at one instant, scheduled refreshes run first, then tasks; a task's line
        // follows the refreshes it triggered.
        lines.sort_by_key(|(at, _, _)| *at);
        for (at, kind, text) in lines {
            self.push_log(at, kind, text);
        }
    }

    /// Moves the clock to the generator's next iteration and runs it (refreshes and tasks due on the
    /// way run first). Returns whether it produced an event.
    fn step(&mut self) -> Result<bool, SqlError> {
        self.engine.advance_to(self.generator.next_at());
        self.collect_history();
        let Some(event) = self.generator.step() else {
            return Ok(false);
        };
        self.engine.apply_event(&event, &self.target)?;
        self.events += 1;
        let kind = match event.op {
            Op::Insert => LogKind::Insert,
            Op::Update => LogKind::Update,
            Op::Delete => LogKind::Delete,
        };
        self.push_log(event.at, kind, event.log_line());
        Ok(true)
    }

    /// Applies exactly `n` more generator events, each at its own virtual time.
    pub fn apply_events(&mut self, n: u64) -> Result<(), SqlError> {
        let mut applied = 0;
        while applied < n {
            if self.step()? {
                applied += 1;
            }
        }
        Ok(())
    }

    /// Moves the clock on by `by`, running refreshes and tasks that fall due.
    pub fn advance(&mut self, by: Duration) {
        self.engine.advance(by);
        self.collect_history();
    }

    /// Runs the generator and the schedule up to `to`, while `keep_going()` allows (it is asked
    /// before each iteration, so a host can bound the work done at once). Returns whether the
    /// clock reached `to`.
    pub fn run_until(
        &mut self,
        to: NaiveDateTime,
        mut keep_going: impl FnMut() -> bool,
    ) -> Result<bool, SqlError> {
        while self.generator.next_at() <= to {
            if !keep_going() {
                return Ok(false);
            }
            self.step()?;
        }
        self.engine.advance_to(to);
        self.collect_history();
        Ok(true)
    }

    fn dynamic_info(&self, table: &str) -> Option<DynamicTableInfo> {
        let catalog = self.engine.catalog();
        let (q, dt) = catalog
            .dynamic_tables()
            .find(|(q, _)| q.name.eq_ignore_ascii_case(table))?;
        Some(DynamicTableInfo {
            target_lag: catalog
                .effective_lag(q)
                .map_or_else(|| "DOWNSTREAM".to_owned(), lag_text),
            refresh_mode: dt.refresh_mode.text().to_owned(),
            scheduling_state: match dt.state {
                SchedulingState::Active => "ACTIVE",
                SchedulingState::Suspended { .. } => "SUSPENDED",
            }
            .to_owned(),
            data_timestamp: dt.data_timestamp.map(clock_text),
        })
    }

    fn storage_name(&self, table: &str) -> Option<String> {
        self.engine
            .catalog()
            .objects
            .keys()
            .find(|q| q.name.eq_ignore_ascii_case(table))
            .map(QName::storage)
    }

    /// Rows in a layer's table.
    pub fn row_count(&self, layer: Layer) -> usize {
        self.storage_name(layer.table())
            .map_or(0, |s| self.engine.storage().row_count(&s))
    }

    /// A layer as the page shows it.
    pub fn table_view(&mut self, layer: Layer) -> Result<TableView, SqlError> {
        let result: QueryResult = self.engine.execute(&layer.query())?;
        let columns = result
            .columns
            .iter()
            .map(|c| ColumnView {
                name: c.name.clone(),
                numeric: matches!(c.ty, Some(SfType::Number { .. } | SfType::Float)),
            })
            .collect();
        let rows = result
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        Value::Null => None,
                        v => Some(display_value(v)),
                    })
                    .collect()
            })
            .collect();
        Ok(TableView {
            columns,
            rows,
            row_count: self.row_count(layer),
            dynamic: self.dynamic_info(layer.table()),
        })
    }

    /// What a layer's rendering depends on: its storage version and, for a dynamic table, its
    /// data timestamp (a refresh that changes no rows still moves it).
    fn render_key(&self, layer: Layer) -> RenderKey {
        let version = self
            .storage_name(layer.table())
            .map(|s| self.engine.storage().version(&s));
        let data_timestamp = self
            .engine
            .catalog()
            .dynamic_tables()
            .find(|(q, _)| q.name.eq_ignore_ascii_case(layer.table()))
            .and_then(|(_, dt)| dt.data_timestamp);
        (version, data_timestamp)
    }

    /// The layers whose contents or data timestamp changed since the last call, with their views.
    pub fn changed_views(&mut self) -> Result<Vec<(Layer, TableView)>, SqlError> {
        let mut out = Vec::new();
        for (i, layer) in Layer::ALL.into_iter().enumerate() {
            let key = self.render_key(layer);
            if self.rendered[i] == Some(key) {
                continue;
            }
            out.push((layer, self.table_view(layer)?));
            self.rendered[i] = Some(key);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> NaiveDateTime {
        crate::params::parse_start("2026-01-15T09:00:00").unwrap()
    }

    #[test]
    fn creates_the_seed_pipeline() {
        let mut sim = Simulation::create(7, start(), None).unwrap();
        assert_eq!(sim.events(), 0);
        let gold = sim.table_view(Layer::Gold).unwrap();
        assert_eq!(gold.columns[0].name, "ORDER_YEAR");
        assert!(gold.dynamic.is_some());
        assert!(sim.table_view(Layer::Bronze).unwrap().dynamic.is_none());
        assert!(sim.log().iter().any(|l| l.kind == LogKind::Refresh));
    }

    #[test]
    fn log_is_newest_first() {
        let mut sim = Simulation::create(7, start(), None).unwrap();
        sim.apply_events(40).unwrap();
        sim.advance(Duration::minutes(20));
        let times: Vec<String> = sim.log().into_iter().map(|l| l.at).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
        assert!(sim.log().iter().any(|l| l.kind == LogKind::Task));
    }

    #[test]
    fn fixed_run_applies_exactly_n_events() {
        let mut sim = Simulation::create(7, start(), None).unwrap();
        sim.apply_events(300).unwrap();
        sim.advance(Duration::seconds(600));
        assert_eq!(sim.events(), 300);
        assert!(sim.row_count(Layer::Bronze) > 0);
        assert!(!sim.table_view(Layer::Gold).unwrap().rows.is_empty());
        assert!(sim.log().len() <= LOG_CAPACITY);
    }

    #[test]
    fn run_until_reaches_the_target_and_can_be_bounded() {
        let mut sim = Simulation::create(11, start(), None).unwrap();
        let to = start() + Duration::minutes(10);
        let mut budget = 3;
        let reached = sim
            .run_until(to, || {
                budget -= 1;
                budget >= 0
            })
            .unwrap();
        assert!(!reached);
        assert!(sim.now() < to);
        assert!(sim.run_until(to, || true).unwrap());
        assert_eq!(sim.now(), to);
        assert!(sim.events() > 3);
    }

    #[test]
    fn changed_views_skip_unchanged_layers() {
        let mut sim = Simulation::create(3, start(), None).unwrap();
        assert_eq!(sim.changed_views().unwrap().len(), 3);
        assert!(sim.changed_views().unwrap().is_empty());
        sim.apply_events(1).unwrap();
        let changed: Vec<Layer> = sim
            .changed_views()
            .unwrap()
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(changed, vec![Layer::Bronze]);
    }

    #[test]
    fn lag_text_reads_like_snowflake() {
        assert_eq!(lag_text(60), "1 minute");
        assert_eq!(lag_text(300), "5 minutes");
        assert_eq!(lag_text(90), "90 seconds");
    }
}
