//! Refresh and task history records, as the INFORMATION_SCHEMA table functions return them.

use crate::catalog::QName;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// How a dynamic table's refresh ended (`STATE` of DYNAMIC_TABLE_REFRESH_HISTORY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RefreshState {
    Succeeded,
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
    Succeeded,
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
    NoData,
    Incremental,
    Full,
    Reinitialize,
}

impl RefreshAction {
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
    Scheduled,
    Manual,
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
    pub table: QName,
    pub state: RefreshState,
    pub state_message: Option<String>,
    pub data_timestamp: NaiveDateTime,
    pub refresh_start_time: NaiveDateTime,
    pub refresh_end_time: NaiveDateTime,
    pub completion_target: Option<NaiveDateTime>,
    pub action: RefreshAction,
    pub trigger: RefreshTrigger,
    pub inserted: u64,
    pub deleted: u64,
    pub duration_ms: f64,
    pub target_lag_sec: Option<u64>,
    pub query_id: String,
}

/// One row of TASK_HISTORY.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRun {
    pub task: QName,
    pub query_text: String,
    pub state: TaskState,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub scheduled_time: NaiveDateTime,
    pub query_start_time: NaiveDateTime,
    pub completed_time: NaiveDateTime,
    pub run_id: u64,
    pub query_id: String,
    /// SCHEDULE or EXECUTE TASK.
    pub scheduled_from: String,
}
