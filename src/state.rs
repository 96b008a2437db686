//! The page's reactive state: what the simulation last published, one signal per part of the page.

use crate::sim::{Layer, LogLine, TableView};
use leptos::prelude::*;

/// Where the page is in its run; `data-state` of `#status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// Creating the pipeline (or running a deterministic run).
    Starting,
    /// The pipeline exists and the tables show it (live, or the deterministic run's end).
    Ready,
    /// Something failed; the message says what.
    Error,
}

impl RunState {
    pub fn text(self) -> &'static str {
        match self {
            RunState::Starting => "starting",
            RunState::Ready => "ready",
            RunState::Error => "error",
        }
    }
}

/// The status line: a state and a sentence for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub state: RunState,
    pub message: String,
}

/// How this run was set up, for the header and the replay link.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunInfo {
    pub seed: Option<u64>,
    /// Virtual seconds per wall second; None in a deterministic run.
    pub speed: Option<f64>,
    /// A hash that replays this run.
    pub replay: Option<String>,
}

/// Every signal the page renders from. Copy: signals are handles.
#[derive(Debug, Clone, Copy)]
pub struct PipelineState {
    pub status: RwSignal<Status>,
    pub info: RwSignal<RunInfo>,
    pub clock: RwSignal<String>,
    pub events: RwSignal<u64>,
    /// Rows in bronze, silver and gold, updated on every tick.
    pub counts: RwSignal<[usize; 3]>,
    pub bronze: RwSignal<TableView>,
    pub silver: RwSignal<TableView>,
    pub gold: RwSignal<TableView>,
    pub log: RwSignal<Vec<LogLine>>,
}

impl PipelineState {
    pub fn new() -> PipelineState {
        PipelineState {
            status: RwSignal::new(Status {
                state: RunState::Starting,
                message: "Creating the ECOMM_CDC pipeline…".to_owned(),
            }),
            info: RwSignal::new(RunInfo::default()),
            clock: RwSignal::new(String::new()),
            events: RwSignal::new(0),
            counts: RwSignal::new([0; 3]),
            bronze: RwSignal::new(TableView::default()),
            silver: RwSignal::new(TableView::default()),
            gold: RwSignal::new(TableView::default()),
            log: RwSignal::new(Vec::new()),
        }
    }

    pub fn table(&self, layer: Layer) -> RwSignal<TableView> {
        match layer {
            Layer::Bronze => self.bronze,
            Layer::Silver => self.silver,
            Layer::Gold => self.gold,
        }
    }

    pub fn set_status(&self, state: RunState, message: impl Into<String>) {
        self.status.set(Status {
            state,
            message: message.into(),
        });
    }

    pub fn fail(&self, message: impl Into<String>) {
        self.set_status(RunState::Error, message);
    }
}

impl Default for PipelineState {
    fn default() -> Self {
        Self::new()
    }
}
