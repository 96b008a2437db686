//! Refresh and task history records, as the INFORMATION_SCHEMA table functions return them.

use crate::catalog::QName;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefreshAction {
    NoData,
    Incremental,
    Full,
    Reinitialize,
}

impl RefreshAction {
    pub fn text(self) -> &'static str {
        match self {
            RefreshAction::NoData => "NO_DATA",
            RefreshAction::Incremental => "INCREMENTAL",
            RefreshAction::Full => "FULL",
            RefreshAction::Reinitialize => "REINITIALIZE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefreshTrigger {
    Scheduled,
    Manual,
    Creation,
}

impl RefreshTrigger {
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
    /// SUCCEEDED, FAILED, SKIPPED, UPSTREAM_FAILED.
    pub state: String,
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
    /// SUCCEEDED, FAILED, SKIPPED.
    pub state: String,
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
