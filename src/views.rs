//! What the page renders, apart from the code that produces it: grids, log lines, the pipeline's
//! nodes and their details, chart series, node actions. The engine worker fills them — from the tab's
//! simulation (`sim`) or from an account through the proxy (`remote`) — and the components show them.

use serde::{Deserialize, Serialize};
use snowglobe_engine::browse::Page;
use snowglobe_engine::types::{SfType, display_typed};
use snowglobe_engine::{CdcEvent, NaiveDateTime, QueryResult, Value};
use std::collections::VecDeque;

/// How many rows of a worksheet result the page shows (the CSV has them all).
pub const SHOWN_ROWS: usize = 500;

/// How many log lines the page keeps.
pub const LOG_CAPACITY: usize = 200;

/// One cell as shown: its text, or None for SQL NULL.
pub type Cell = Option<String>;

/// A column header, with whether its values are numbers (shown right-aligned).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnView {
    pub name: String,
    pub numeric: bool,
}

/// Rows as the page shows them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GridView {
    pub columns: Vec<ColumnView>,
    pub rows: Vec<Vec<Cell>>,
    /// All rows of the object (a page shows some of them).
    pub total: usize,
}

impl GridView {
    /// A page of an object's rows.
    pub fn of(page: Page) -> GridView {
        GridView {
            total: page.total,
            ..GridView::from_result(&page.result)
        }
    }

    /// A statement's whole result.
    pub fn from_result(result: &QueryResult) -> GridView {
        GridView {
            columns: result
                .columns
                .iter()
                .map(|c| ColumnView {
                    name: c.name.clone(),
                    numeric: matches!(c.ty, Some(SfType::Number { .. } | SfType::Float)),
                })
                .collect(),
            rows: result
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .zip(&result.columns)
                        .map(|(v, c)| cell(v, c.ty))
                        .collect()
                })
                .collect(),
            total: result.rows.len(),
        }
    }
}

/// A value as the grid shows it: semi-structured values as JSON text, NULL as an empty cell.
fn cell(v: &Value, ty: Option<SfType>) -> Cell {
    match v {
        Value::Null => None,
        v => Some(display_typed(v, ty)),
    }
}

/// What kind of thing a log line reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LogKind {
    Insert,
    Update,
    Delete,
    Refresh,
    RefreshFailed,
    Task,
    Statement,
}

impl LogKind {
    pub const ALL: [LogKind; 7] = [
        LogKind::Insert,
        LogKind::Update,
        LogKind::Delete,
        LogKind::Refresh,
        LogKind::RefreshFailed,
        LogKind::Task,
        LogKind::Statement,
    ];

    /// A class name for styling and filtering.
    pub fn class(self) -> &'static str {
        match self {
            LogKind::Insert => "insert",
            LogKind::Update => "update",
            LogKind::Delete => "delete",
            LogKind::Refresh => "refresh",
            LogKind::RefreshFailed => "refresh-failed",
            LogKind::Task => "task",
            LogKind::Statement => "statement",
        }
    }

    /// What a filter checkbox says.
    pub fn label(self) -> &'static str {
        match self {
            LogKind::Insert => "INSERT",
            LogKind::Update => "UPDATE",
            LogKind::Delete => "DELETE",
            LogKind::Refresh => "Refreshes",
            LogKind::RefreshFailed => "Failed refreshes",
            LogKind::Task => "Tasks",
            LogKind::Statement => "Statements",
        }
    }
}

/// One line of the event log.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LogLine {
    /// Sequence number, unique within a session.
    pub seq: u64,
    /// Virtual time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub kind: LogKind,
    pub text: String,
}

/// The kind of a pipeline object, as the graph colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeLayer {
    Bronze,
    Silver,
    Gold,
    Table,
    View,
    Stream,
    Task,
}

impl NodeLayer {
    pub fn class(self) -> &'static str {
        match self {
            NodeLayer::Bronze => "bronze",
            NodeLayer::Silver => "silver",
            NodeLayer::Gold => "gold",
            NodeLayer::Table => "table",
            NodeLayer::View => "view",
            NodeLayer::Stream => "stream",
            NodeLayer::Task => "task",
        }
    }
}

/// A dynamic table's scheduling, as a node shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DynamicStatus {
    /// The target lag as declared: `5 minutes` or `DOWNSTREAM`.
    pub target_lag: String,
    /// The lag it must meet (its own, or its consumers' for DOWNSTREAM).
    pub effective_lag_sec: Option<u64>,
    pub refresh_mode: String,
    pub refresh_mode_reason: Option<String>,
    /// How the emulator refreshes it incrementally: the operator and the entries of state it
    /// keeps, or a recomputation applied as a difference (None for FULL, and against Snowflake).
    pub maintained_by: Option<String>,
    pub suspended: bool,
    pub data_timestamp: Option<String>,
    /// Now minus the data timestamp.
    pub actual_lag_sec: Option<i64>,
    /// `SUCCEEDED (INCREMENTAL)` of the latest refresh.
    pub last_refresh: Option<String>,
}

/// A task's schedule and state, as a node shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskStatus {
    pub schedule: String,
    pub started: bool,
    pub next_run: Option<String>,
    pub last_run: Option<String>,
}

/// One object of the pipeline graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeView {
    /// The qualified name (`DB.SCHEMA.NAME`), unique.
    pub id: String,
    pub name: String,
    pub kind: String,
    pub layer: NodeLayer,
    /// Longest path from a source: the graph's column.
    pub depth: usize,
    /// Ids of the objects this one reads.
    pub inputs: Vec<String>,
    pub rows: Option<usize>,
    pub dynamic: Option<DynamicStatus>,
    pub task: Option<TaskStatus>,
}

/// One refresh of a dynamic table, as its details list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefreshRow {
    pub data_timestamp: String,
    pub action: String,
    pub state: String,
    pub trigger: String,
    pub duration_ms: f64,
    pub inserted: u64,
    pub deleted: u64,
    /// How far behind the table was just before this refresh committed, in seconds.
    pub lag_before_commit_sec: Option<i64>,
    pub message: Option<String>,
}

/// One task run, as a task's details list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRunRow {
    pub scheduled_time: String,
    pub state: String,
    pub message: Option<String>,
}

/// Everything the details panel shows of one object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NodeDetails {
    pub id: String,
    pub kind: String,
    pub ddl: String,
    /// Name, type, nullable.
    pub columns: Vec<(String, String, bool)>,
    pub refreshes: Vec<RefreshRow>,
    pub task_runs: Vec<TaskRunRow>,
}

/// Values per month, one series per segment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MonthSeries {
    /// `YYYY-MM`, ascending.
    pub months: Vec<String>,
    /// Segment name and one value per month.
    pub series: Vec<(String, Vec<f64>)>,
}

/// A dynamic table's refreshes over virtual time: minutes since the session started, and a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefreshSeries {
    pub name: String,
    pub target_sec: Option<u64>,
    pub points: Vec<(f64, f64)>,
}

/// What the charts draw.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChartData {
    /// Revenue by month and value segment, from the gold table (None without one).
    pub revenue: Option<MonthSeries>,
    /// Order counts by month and segment.
    pub orders: Option<MonthSeries>,
    /// CDC events since the start, in bars of `minutes_per_bar` virtual minutes: the bar's first
    /// minute and INSERT/UPDATE/DELETE counts.
    pub events_per_minute: Vec<(String, [u32; 3])>,
    /// How many minutes a bar of `events_per_minute` counts (more as the session grows long).
    pub minutes_per_bar: usize,
    /// Actual lag in seconds over time: at each refresh, the lag just before it committed and
    /// just after (a sawtooth whose peaks must stay under the target).
    pub lag: Vec<RefreshSeries>,
    /// Refresh durations in milliseconds.
    pub durations: Vec<RefreshSeries>,
}

/// The most bars the events chart draws: past this, a bar counts several minutes.
pub const EVENT_BARS: usize = 120;

/// The most points a refresh series keeps; a longer history is thinned to its lows and highs.
pub const SERIES_POINTS: usize = 400;

/// CDC events counted per minute (minutes since the epoch) as the events chart's bars: every
/// minute from the first to the last, grouped so that there are at most [`EVENT_BARS`] bars.
/// Returns the bars (labelled by their first minute) and the minutes each counts.
pub fn event_bars(
    per_minute: &std::collections::BTreeMap<i64, [u32; 3]>,
) -> (Vec<(String, [u32; 3])>, usize) {
    let (Some((&first, _)), Some((&last, _))) =
        (per_minute.first_key_value(), per_minute.last_key_value())
    else {
        return (Vec::new(), 1);
    };
    let span = (last - first + 1) as usize;
    let width = span.div_ceil(EVENT_BARS).max(1);
    let epoch = NaiveDateTime::default();
    let bars = (0..span.div_ceil(width))
        .map(|b| {
            let from = first + (b * width) as i64;
            let mut counts = [0u32; 3];
            for (_, c) in per_minute.range(from..from + width as i64) {
                for (total, n) in counts.iter_mut().zip(c) {
                    *total += n;
                }
            }
            let label = (epoch + snowglobe_engine::Duration::minutes(from))
                .format("%H:%M")
                .to_string();
            (label, counts)
        })
        .collect();
    (bars, width)
}

/// A series of (x, y) points thinned to at most about `max` points over its whole range: each of
/// `max / 2` stretches keeps its lowest and highest point, in order, so peaks and troughs (the
/// lag's sawtooth) survive.
pub fn thin(points: Vec<(f64, f64)>, max: usize) -> Vec<(f64, f64)> {
    if points.len() <= max {
        return points;
    }
    let stretches = (max / 2).max(1);
    let size = points.len().div_ceil(stretches);
    points
        .chunks(size)
        .flat_map(|chunk| {
            let low = chunk
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.1.total_cmp(&b.1.1))
                .map(|(i, _)| i)
                .unwrap_or(0);
            let high = chunk
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.1.total_cmp(&b.1.1))
                .map(|(i, _)| i)
                .unwrap_or(0);
            let (a, b) = (low.min(high), low.max(high));
            let mut kept = vec![chunk[a]];
            if b != a {
                kept.push(chunk[b]);
            }
            kept
        })
        .collect()
}

/// What a node's buttons do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeAction {
    Refresh,
    Suspend,
    Resume,
}

/// An instant (of the virtual clock, or of an account) as the page shows it.
pub fn clock_text(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The newest [`LOG_CAPACITY`] log lines, newest first, numbered in the order they came. A line is
/// formatted when it is read, not when it is pushed: at tens of thousands of CDC events a second,
/// most lines leave the book before anyone reads them.
#[derive(Debug, Default)]
pub struct LogBook {
    lines: VecDeque<Entry>,
    next_seq: u64,
}

/// A line as the book keeps it, until it is read.
#[derive(Debug)]
struct Entry {
    seq: u64,
    at: NaiveDateTime,
    kind: LogKind,
    text: Text,
}

#[derive(Debug)]
enum Text {
    Line(String),
    Event(CdcEvent),
}

impl LogBook {
    fn add(&mut self, at: NaiveDateTime, kind: LogKind, text: Text) {
        if self.lines.len() == LOG_CAPACITY {
            self.lines.pop_back();
        }
        self.lines.push_front(Entry {
            seq: self.next_seq,
            at,
            kind,
            text,
        });
        self.next_seq += 1;
    }

    /// Adds a line (the oldest goes when the book is full).
    pub fn push(&mut self, at: NaiveDateTime, kind: LogKind, text: String) {
        self.add(at, kind, Text::Line(text));
    }

    /// Adds a CDC event's line, at the event's instant.
    pub fn push_event(&mut self, kind: LogKind, event: &CdcEvent) {
        self.add(event.at, kind, Text::Event(event.clone()));
    }

    /// The newest `max` of the lines after the one numbered `after` (all of them for None), newest
    /// first; only those are formatted.
    pub fn since(&self, after: Option<u64>, max: usize) -> Vec<LogLine> {
        self.lines
            .iter()
            .take_while(|l| after.is_none_or(|a| l.seq > a))
            .take(max)
            .map(|l| LogLine {
                seq: l.seq,
                at: clock_text(l.at),
                kind: l.kind,
                text: match &l.text {
                    Text::Line(text) => text.clone(),
                    Text::Event(event) => event.log_line(),
                },
            })
            .collect()
    }

    /// The number of the newest line (changes whenever the book does).
    pub fn head(&self) -> Option<u64> {
        self.lines.front().map(|l| l.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_bars_cover_every_minute_from_the_first() {
        let mut per_minute = std::collections::BTreeMap::new();
        per_minute.insert(1_000, [1, 0, 0]);
        per_minute.insert(1_003, [0, 2, 1]);
        let (bars, width) = event_bars(&per_minute);
        assert_eq!(width, 1);
        assert_eq!(bars.len(), 4);
        assert_eq!(bars[1].1, [0, 0, 0]);
        // 300 minutes: bars of three minutes, the first still at the first minute, nothing lost.
        let long: std::collections::BTreeMap<i64, [u32; 3]> =
            (0..300).map(|m| (m, [1, 1, 0])).collect();
        let (bars, width) = event_bars(&long);
        assert_eq!(width, 3);
        assert_eq!(bars.len(), 100);
        assert_eq!(bars[0].0, "00:00");
        assert_eq!(bars.iter().map(|b| b.1[0]).sum::<u32>(), 300);
    }

    #[test]
    fn thinning_keeps_the_whole_range_and_its_peaks() {
        let saw: Vec<(f64, f64)> = (0..2_000)
            .map(|i| (f64::from(i), f64::from(i % 10)))
            .collect();
        let thinned = thin(saw, 400);
        assert!(thinned.len() <= 400, "{}", thinned.len());
        assert_eq!(thinned[0].0, 0.0);
        assert!(thinned.last().unwrap().0 >= 1_990.0);
        assert!(thinned.iter().filter(|p| p.1 == 9.0).count() >= 199);
        assert!(thinned.windows(2).all(|w| w[0].0 < w[1].0));
        let short = vec![(0.0, 1.0), (1.0, 2.0)];
        assert_eq!(thin(short.clone(), 400), short);
    }

    #[test]
    fn the_log_book_keeps_the_newest_lines_and_reads_from_a_line_on() {
        let at = crate::params::parse_start("2026-01-15T09:00:00").unwrap();
        let mut book = LogBook::default();
        assert_eq!(book.head(), None);
        for i in 0..LOG_CAPACITY + 5 {
            book.push(at, LogKind::Statement, format!("line {i}"));
        }
        let all = book.since(None, LOG_CAPACITY);
        assert_eq!(all.len(), LOG_CAPACITY);
        assert_eq!(all[0].text, format!("line {}", LOG_CAPACITY + 4));
        assert_eq!(all[0].at, "2026-01-15 09:00:00");
        let head = book.head();
        book.push(at, LogKind::Insert, "new".into());
        let newer = book.since(head, LOG_CAPACITY);
        assert_eq!(book.since(None, 3).len(), 3);
        assert_eq!(newer.len(), 1);
        assert_eq!(newer[0].text, "new");
    }
}
