//! What the page shows of the Snowflake side while it is the backend: the account, the schema the
//! pipeline went into, each statement of the last apply with its outcome, what Clean up would drop,
//! the feeder's state and counts, when the views were last read, the operation under way, the
//! last operation's outcome, and the last comparison with the tab's engine. The worker sends it
//! whenever it changes; the requests below are what the page asks of it.

use crate::remote::compare::TableComparison;
use crate::remote::feed::EventCounts;
use crate::remote::info::{ProxyInfo, Token};
use serde::{Deserialize, Serialize};

/// Which backend the page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Backend {
    /// The engine in this tab.
    Tab,
    /// A Snowflake account, through the proxy that served the page.
    Snowflake {
        info: ProxyInfo,
        token: Option<Token>,
    },
}

/// What the page asks of the Snowflake side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RemoteRequest {
    /// Create the pipeline of `script` in `database.schema`, statement by statement.
    Apply {
        database: String,
        schema: String,
        script: String,
    },
    /// Feed the bronze table on the wall clock at this many events per second (None: stop).
    Feed(Option<f64>),
    /// Feed this many events of the generator from `seed` now.
    FeedNow { events: u64, seed: u64 },
    /// Stop the feeder and suspend what the pipeline created.
    Stop,
    /// Drop what applying created.
    CleanUp,
    /// Feed the same events to the tab's engine and to the account, refresh both, compare.
    Compare { events: u64, seed: u64 },
}

/// One statement of an apply and its outcome: None before it ran, the account's answer (the
/// status it returned, or its error with code) after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppliedStatement {
    pub sql: String,
    pub outcome: Option<Result<String, String>>,
}

/// The tab's engine and the account after the same events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub seed: u64,
    pub events: u64,
    pub tables: Vec<TableComparison>,
}

impl Comparison {
    pub fn agrees(&self) -> bool {
        self.tables.iter().all(TableComparison::agrees)
    }
}

/// The Snowflake side as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteView {
    pub info: ProxyInfo,
    /// `DB.SCHEMA` of the applied pipeline.
    pub target: Option<String>,
    pub applying: bool,
    pub statements: Vec<AppliedStatement>,
    /// What applying created, as `KIND DB.SCHEMA.NAME`, in creation order.
    pub created: Vec<String>,
    /// The statements Clean up would send.
    pub drops: Vec<String>,
    /// The feeder's rate in events per second, while it runs.
    pub feeding: Option<f64>,
    pub sent: EventCounts,
    pub failed_batches: u64,
    /// When the views were last read (ms since the epoch).
    pub polled_at: Option<f64>,
    pub poll_error: Option<String>,
    /// The page is hidden, so the views are not read.
    pub hidden: bool,
    /// The operation under way.
    pub busy: Option<String>,
    /// The last operation's outcome: whether it went well, and what happened.
    pub message: Option<(bool, String)>,
    pub comparison: Option<Comparison>,
    /// Stop suspended the pipeline.
    pub stopped: bool,
}

impl RemoteView {
    pub fn new(info: ProxyInfo) -> RemoteView {
        RemoteView {
            info,
            target: None,
            applying: false,
            statements: Vec::new(),
            created: Vec::new(),
            drops: Vec::new(),
            feeding: None,
            sent: EventCounts::default(),
            failed_batches: 0,
            polled_at: None,
            poll_error: None,
            hidden: false,
            busy: None,
            message: None,
            comparison: None,
            stopped: false,
        }
    }
}
