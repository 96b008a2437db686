//! The page's reactive state: what the session last published, one signal per part of the page.

use crate::pace::PaceReading;
use crate::remote::info::ProxyInfo;
use crate::remote::view::RemoteView;
use crate::scenario::Scenario;
use crate::views::{ChartData, LogLine, NodeView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use snowglobe_engine::workload::Figures;

/// Where the page is in its session; `data-state` of `#status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunState {
    /// Creating the pipeline, restoring a saved session or preloading events.
    Starting,
    /// The pipeline exists and the page shows it.
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub state: RunState,
    pub message: String,
}

/// The run's settings as the controls show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub scenario: Option<Scenario>,
    /// Virtual seconds per wall second.
    pub speed: f64,
    pub paused: bool,
    /// A deterministic run (fixed events, stopped clock, not saved).
    pub fixed: bool,
    pub has_generator: bool,
    /// The pipeline script the session runs now (the scenario's, or the last one applied).
    #[serde(default)]
    pub pipeline: String,
}

/// Every signal the page renders from. Copy: signals are handles.
#[derive(Debug, Clone, Copy)]
pub struct PipelineState {
    pub status: RwSignal<Status>,
    pub settings: RwSignal<Settings>,
    pub clock: RwSignal<String>,
    pub events: RwSignal<u64>,
    /// The speed achieved over the last seconds (None while measuring, paused or stopped).
    pub pace: RwSignal<Option<PaceReading>>,
    /// The benchmark's figures, when the page measures the engine (`#bench=…`).
    pub measured: RwSignal<Vec<Figures>>,
    pub nodes: RwSignal<Vec<NodeView>>,
    pub log: RwSignal<Vec<LogLine>>,
    pub charts: RwSignal<ChartData>,
    /// Bumped whenever rows or history changed and views should re-read them.
    pub data_version: RwSignal<u64>,
    /// The node whose details are open (its qualified name).
    pub selected: RwSignal<Option<String>>,
    /// The object the data grid shows (its qualified name).
    pub grid_object: RwSignal<Option<String>>,
    /// The open tab of the workspace.
    pub tab: RwSignal<Tab>,
    /// The account behind the proxy that served the page (None: no proxy, no backend switch).
    pub proxy: RwSignal<Option<ProxyInfo>>,
    /// The Snowflake side while the page shows it (None: the tab's engine).
    pub remote: RwSignal<Option<RemoteView>>,
}

/// The workspace's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Data,
    Charts,
    Worksheet,
    Pipeline,
    Export,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Data,
        Tab::Charts,
        Tab::Worksheet,
        Tab::Pipeline,
        Tab::Export,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Tab::Data => "data",
            Tab::Charts => "charts",
            Tab::Worksheet => "worksheet",
            Tab::Pipeline => "pipeline",
            Tab::Export => "export",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Data => "Tables",
            Tab::Charts => "Charts",
            Tab::Worksheet => "SQL worksheet",
            Tab::Pipeline => "Pipeline SQL",
            Tab::Export => "Export",
        }
    }
}

impl PipelineState {
    pub fn new() -> PipelineState {
        PipelineState {
            status: RwSignal::new(Status {
                state: RunState::Starting,
                message: "Creating the pipeline…".to_owned(),
            }),
            settings: RwSignal::new(Settings {
                scenario: None,
                speed: crate::params::DEFAULT_SPEED,
                paused: false,
                fixed: false,
                has_generator: true,
                pipeline: String::new(),
            }),
            clock: RwSignal::new(String::new()),
            events: RwSignal::new(0),
            pace: RwSignal::new(None),
            measured: RwSignal::new(Vec::new()),
            nodes: RwSignal::new(Vec::new()),
            log: RwSignal::new(Vec::new()),
            charts: RwSignal::new(ChartData::default()),
            data_version: RwSignal::new(0),
            selected: RwSignal::new(None),
            grid_object: RwSignal::new(None),
            tab: RwSignal::new(Tab::Data),
            proxy: RwSignal::new(None),
            remote: RwSignal::new(None),
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

    /// Whether the page shows a Snowflake account.
    pub fn on_snowflake(&self) -> bool {
        self.remote.with(Option::is_some)
    }
}

impl Default for PipelineState {
    fn default() -> Self {
        Self::new()
    }
}
