//! What the page and the engine worker say to each other. The session runs in a dedicated Web
//! Worker (`host`), so that refreshes never block the page; the page (`runner`) sends it requests
//! and renders what it publishes. Messages travel as JSON text. While the page shows a Snowflake
//! account (through the proxy), the worker answers the same requests from the account and
//! publishes the same messages, plus the Snowflake panel's state.

use crate::pace::PaceReading;
use crate::remote::view::{Backend, RemoteRequest, RemoteView};
use crate::scenario::Scenario;
use crate::state::{Settings, Status};
use crate::views::{ChartData, GridView, LogLine, NodeAction, NodeDetails, NodeView};
use serde::{Deserialize, Serialize};
use snowglobe_engine::SqlError;
use snowglobe_engine::browse::PageOrder;
use snowglobe_engine::workload::Figures;

/// An SQL error as the page shows it: Snowflake's text, and the line and column it points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub message: String,
    pub position: Option<(u64, u64)>,
}

impl From<SqlError> for Failure {
    fn from(e: SqlError) -> Failure {
        Failure {
            position: e.position.map(|p| (p.line, p.column)),
            message: e.to_string(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A request from the page; `id` is echoed in the reply (0: no reply wanted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: u64,
    pub request: Request,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Start the session the URL hash describes (or the saved one).
    Start {
        hash: String,
    },
    SetPaused(bool),
    SetSpeed(f64),
    SetRate(Option<f64>),
    /// Start over with this scenario.
    Reset(Scenario),
    /// Apply an edited pipeline script to the running session, keeping its data where Snowflake
    /// would. Replies [`Reply::Applied`].
    ApplyPipeline(String),
    /// Run worksheet SQL. Replies [`Reply::Ran`].
    RunSql(String),
    /// The last worksheet result as CSV. Replies [`Reply::Text`].
    ResultCsv,
    /// A node's button. Replies [`Reply::Done`].
    NodeAction {
        id: String,
        action: NodeAction,
    },
    /// A page of an object's rows. Replies [`Reply::Page`].
    Page {
        id: String,
        order: PageOrder,
        offset: usize,
        limit: usize,
    },
    /// Replies [`Reply::Details`].
    Details(String),
    /// The pipeline's Snowflake DDL. Replies [`Reply::Text`].
    ExportDdl,
    /// Save the session now (the page is going away).
    Save,
    /// Show the tab's engine or a Snowflake account; the tab's session pauses meanwhile and comes
    /// back as it was.
    UseBackend(Backend),
    /// The Snowflake panel's operations.
    Remote(RemoteRequest),
    /// The page was shown (true) or hidden: the account's views are read only while shown, and a
    /// session behind the wall clock takes the whole worker only while shown.
    Visible(bool),
    /// Cancel the worksheet's statement running on the account.
    CancelSql,
}

/// What a worksheet run produced: the last statement's rows (at most the number shown) and the
/// error that stopped the script.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WorksheetRun {
    /// Statements that ran.
    pub statements: usize,
    /// The last statement's rows; `grid.total` counts all of them.
    pub grid: GridView,
    pub error: Option<Failure>,
}

/// A page of rows and what reading it cost the worker (nothing for a page read from an account).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRead {
    pub page: Result<GridView, Failure>,
    pub cost_ms: f64,
    /// The virtual time of the read.
    pub read_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// What applying changed, in a sentence; or why nothing did.
    Applied(Result<String, Failure>),
    Ran(WorksheetRun),
    Done(Result<(), String>),
    Page(PageRead),
    Details(Option<NodeDetails>),
    Text(String),
}

/// What changed in the session since the last publication; None: unchanged.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Published {
    pub clock: String,
    pub events: u64,
    /// Log lines since the last publication, newest first.
    pub log: Vec<LogLine>,
    /// The log starts over with `log` (a new session).
    pub log_reset: bool,
    pub nodes: Option<Vec<NodeView>>,
    /// Rows or history changed: views re-read.
    pub data_changed: bool,
    pub charts: Option<ChartData>,
    /// The speed achieved over the last seconds (None while it is being measured, or when the
    /// clock does not run).
    pub pace: Option<PaceReading>,
}

/// A message from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Notice {
    /// The worker is running and takes requests.
    Ready,
    Status(Status),
    Settings(Settings),
    Published(Box<Published>),
    Reply {
        id: u64,
        reply: Reply,
    },
    /// The Snowflake side's state while it is the backend; None: the tab's engine is.
    Remote(Option<Box<RemoteView>>),
    /// The benchmark's figures measured in the worker so far (`#bench=…`).
    Measured(Vec<Figures>),
}

/// Encodes a message for `postMessage`.
pub fn encode<T: Serialize>(message: &T) -> String {
    serde_json::to_string(message).unwrap_or_default()
}

/// Decodes a message; a message that does not decode is an error naming what was received.
pub fn decode<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| {
        let head: String = text.chars().take(80).collect();
        format!("Unreadable message from the engine ({e}): {head}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::RunState;
    use crate::views::{ColumnView, NodeLayer};

    #[test]
    fn messages_survive_the_trip() {
        let request = Envelope {
            id: 7,
            request: Request::Page {
                id: "ECOMM_CDC.PUBLIC.RAW_ORDERS".to_owned(),
                order: PageOrder {
                    column: Some(2),
                    descending: true,
                },
                offset: 50,
                limit: 50,
            },
        };
        assert_eq!(decode::<Envelope>(&encode(&request)), Ok(request));
        let update = Notice::Reply {
            id: 7,
            reply: Reply::Page(PageRead {
                page: Ok(GridView {
                    columns: vec![ColumnView {
                        name: "AMOUNT".to_owned(),
                        numeric: true,
                    }],
                    rows: vec![vec![Some("12.50".to_owned())], vec![None]],
                    total: 1234,
                }),
                cost_ms: 1.5,
                read_at: "2026-01-15 09:00:00".to_owned(),
            }),
        };
        assert_eq!(decode::<Notice>(&encode(&update)), Ok(update));
        let published = Notice::Published(Box::new(Published {
            clock: "2026-01-15 09:00:05".to_owned(),
            events: 3,
            nodes: Some(vec![NodeView {
                id: "ECOMM_CDC.PUBLIC.RAW_ORDERS".to_owned(),
                name: "RAW_ORDERS".to_owned(),
                kind: "TABLE".to_owned(),
                layer: NodeLayer::Bronze,
                depth: 0,
                inputs: Vec::new(),
                rows: Some(3),
                dynamic: None,
                task: None,
            }]),
            data_changed: true,
            ..Published::default()
        }));
        assert_eq!(decode::<Notice>(&encode(&published)), Ok(published));
        let status = Notice::Status(Status {
            state: RunState::Error,
            message: "Could not create the pipeline".to_owned(),
        });
        assert_eq!(decode::<Notice>(&encode(&status)), Ok(status));
    }

    #[test]
    fn a_garbled_message_is_an_error() {
        let e = decode::<Notice>("{\"Nope\":1}").unwrap_err();
        assert!(e.starts_with("Unreadable message from the engine"), "{e}");
    }
}
