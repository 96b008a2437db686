//! Refresh and task history records, as the INFORMATION_SCHEMA table functions return them.

use crate::catalog::QName;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// How a dynamic table's refresh ended (`STATE` of DYNAMIC_TABLE_REFRESH_HISTORY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RefreshState {
    /// The refresh completed and the table reflects its data timestamp.
    Succeeded,
    /// The refresh raised an error; the table keeps its previous contents.
    Failed,
    /// Not run: the previous refresh was still running.
    Skipped,
    /// Not run: an upstream dynamic table failed to refresh.
    UpstreamFailed,
}

impl RefreshState {
    /// Snowflake's name for it.
    pub fn text(self) -> &'static str {
        match self {
            RefreshState::Succeeded => "SUCCEEDED",
            RefreshState::Failed => "FAILED",
            RefreshState::Skipped => "SKIPPED",
            RefreshState::UpstreamFailed => "UPSTREAM_FAILED",
        }
    }
}

/// How a task run ended (`STATE` of TASK_HISTORY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskState {
    /// The body ran without error.
    Succeeded,
    /// The WHEN condition or the body raised an error.
    Failed,
    /// Not run: its WHEN condition was false.
    Skipped,
}

impl TaskState {
    /// Snowflake's name for it.
    pub fn text(self) -> &'static str {
        match self {
            TaskState::Succeeded => "SUCCEEDED",
            TaskState::Failed => "FAILED",
            TaskState::Skipped => "SKIPPED",
        }
    }
}

/// States compare with Snowflake's names for them, and print as those names.
macro_rules! named_state {
    ($t:ty) => {
        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.text() == *other
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.text())
            }
        }
    };
}

named_state!(RefreshState);
named_state!(TaskState);
named_state!(RefreshAction);

/// What a refresh did (`REFRESH_ACTION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefreshAction {
    /// The sources had no new data since the last refresh: nothing was recomputed.
    NoData,
    /// Only the sources' changes since the last refresh were applied.
    Incremental,
    /// The whole query was recomputed (FULL mode, or an incremental table's first refresh).
    Full,
    /// An incremental table was rebuilt from all of its input, e.g. after the input was replaced.
    Reinitialize,
}

impl RefreshAction {
    /// What filling an incremental table from all of its input is: its first refresh (`FULL`) or
    /// a rebuild (`REINITIALIZE`).
    pub fn rebuild(initial: bool) -> RefreshAction {
        if initial {
            RefreshAction::Full
        } else {
            RefreshAction::Reinitialize
        }
    }

    /// Snowflake's name for it.
    pub fn text(self) -> &'static str {
        match self {
            RefreshAction::NoData => "NO_DATA",
            RefreshAction::Incremental => "INCREMENTAL",
            RefreshAction::Full => "FULL",
            RefreshAction::Reinitialize => "REINITIALIZE",
        }
    }
}

/// What started a refresh (`REFRESH_TRIGGER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefreshTrigger {
    /// The target lag fell due.
    Scheduled,
    /// `ALTER DYNAMIC TABLE ... REFRESH`.
    Manual,
    /// The initial refresh at CREATE (INITIALIZE = ON_CREATE).
    Creation,
}

impl RefreshTrigger {
    /// Snowflake's name for it.
    pub fn text(self) -> &'static str {
        match self {
            RefreshTrigger::Scheduled => "SCHEDULED",
            RefreshTrigger::Manual => "MANUAL",
            RefreshTrigger::Creation => "CREATION",
        }
    }
}

/// One row of DYNAMIC_TABLE_REFRESH_HISTORY.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefreshRecord {
    /// The dynamic table refreshed (`QUALIFIED_NAME`).
    pub table: QName,
    /// How the refresh ended (`STATE`).
    pub state: RefreshState,
    /// The error of a failed or skipped refresh (`STATE_MESSAGE`).
    pub state_message: Option<String>,
    /// The point in time the refreshed contents reflect (`DATA_TIMESTAMP`).
    pub data_timestamp: NaiveDateTime,
    /// The virtual time the refresh began (`REFRESH_START_TIME`).
    pub refresh_start_time: NaiveDateTime,
    /// The virtual time it ended: the start plus the measured duration (`REFRESH_END_TIME`).
    pub refresh_end_time: NaiveDateTime,
    /// The previous data timestamp plus the target lag: when this refresh had to complete by
    /// (`COMPLETION_TARGET`).
    pub completion_target: Option<NaiveDateTime>,
    /// What the refresh did (`REFRESH_ACTION`).
    pub action: RefreshAction,
    /// What started it (`REFRESH_TRIGGER`).
    pub trigger: RefreshTrigger,
    /// Rows inserted into the dynamic table (`STATISTICS.numInsertedRows`).
    pub inserted: u64,
    /// Rows deleted from the dynamic table (`STATISTICS.numDeletedRows`).
    pub deleted: u64,
    /// How long the refresh took in real time, in milliseconds.
    pub duration_ms: f64,
    /// The effective target lag at the refresh, in seconds (None for DOWNSTREAM with no lagged
    /// consumer).
    pub target_lag_sec: Option<u64>,
    /// The query id of the refresh (`QUERY_ID`).
    pub query_id: String,
}

/// One row of TASK_HISTORY.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRun {
    /// The task run (`NAME`, `DATABASE_NAME`, `SCHEMA_NAME`).
    pub task: QName,
    /// The task's body as it ran (`QUERY_TEXT`).
    pub query_text: String,
    /// How the run ended (`STATE`).
    pub state: TaskState,
    /// The Snowflake error number of a failed run (`ERROR_CODE`).
    pub error_code: Option<String>,
    /// Why the run failed or was skipped (`ERROR_MESSAGE`).
    pub error_message: Option<String>,
    /// The virtual time the run was due (`SCHEDULED_TIME`).
    pub scheduled_time: NaiveDateTime,
    /// The virtual time its statement started (`QUERY_START_TIME`).
    pub query_start_time: NaiveDateTime,
    /// The virtual time it finished (`COMPLETED_TIME`).
    pub completed_time: NaiveDateTime,
    /// The run's number in the account's task history, from 1 (`RUN_ID`).
    pub run_id: u64,
    /// The query id of the run's statement (`QUERY_ID`).
    pub query_id: String,
    /// SCHEDULE or EXECUTE TASK.
    pub scheduled_from: String,
}
