//! The SQL API's statements by handle: running, done (with the result cut into partitions),
//! failed or canceled — kept so that clients can poll, page and cancel.
//!
//! At most `MAX_KEPT` statements and `MAX_BYTES` of encoded cells are kept; the oldest finished ones
//! go first. Requests carrying a `requestId` are remembered, so a retried request returns the
//! statement it already started instead of running it twice.

use crate::encode::{self, Dialect};
use crate::exec::{Failed, Ran};
use serde_json::Value as Json;
use snowglobe_engine::QueryResult;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

const MAX_KEPT: usize = 2_000;
const MAX_BYTES: usize = 512 << 20;
/// Encoded bytes per partition (Snowflake cuts partitions by size, too).
pub const PARTITION_BYTES: usize = 1 << 20;

/// Whether a statement can still be canceled: until the engine starts it, and not after (the
/// engine does not stop a statement midway).
#[derive(Debug, Default)]
pub struct Gate(AtomicU8);

const WAITING: u8 = 0;
const STARTED: u8 = 1;
const CANCELED: u8 = 2;

impl Gate {
    /// Called as the engine starts the statement: false when it was canceled first.
    pub fn start(&self) -> bool {
        self.0
            .compare_exchange(WAITING, STARTED, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// Cancels the statement unless it has started; true when it is (or already was) canceled.
    fn cancel(&self) -> bool {
        match self
            .0
            .compare_exchange(WAITING, CANCELED, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => true,
            Err(state) => state == CANCELED,
        }
    }
}

/// What a cancel request found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelOutcome {
    /// It had not started and never will.
    Canceled,
    /// The engine is running it; it will complete.
    Started,
    /// It had already finished.
    Finished,
}

/// A finished statement's result, ready to be served partition by partition.
#[derive(Debug, Clone)]
pub struct Finished {
    pub row_type: Vec<snowglobe_sqlapi::ColumnType>,
    pub num_rows: usize,
    pub partitions: Vec<Vec<Vec<Json>>>,
    /// Uncompressed size of each partition, in bytes.
    pub sizes: Vec<usize>,
    /// The handles of a multi-statement request's statements.
    pub children: Vec<String>,
}

impl Finished {
    /// Encodes a result and cuts it into partitions.
    pub fn new(result: &QueryResult) -> Finished {
        let row_type = encode::row_type(result);
        let rows = encode::rows(result, Dialect::SqlApi);
        let num_rows = rows.len();
        let mut partitions = vec![Vec::new()];
        let mut sizes = vec![0];
        for row in rows {
            let size: usize = row
                .iter()
                .map(|c| c.as_str().map_or(4, |s| s.len() + 3))
                .sum::<usize>()
                + 2;
            if sizes
                .last()
                .is_some_and(|s| *s > 0 && s + size > PARTITION_BYTES)
            {
                partitions.push(Vec::new());
                sizes.push(0);
            }
            if let (Some(p), Some(s)) = (partitions.last_mut(), sizes.last_mut()) {
                p.push(row);
                *s += size;
            }
        }
        Finished {
            row_type,
            num_rows,
            partitions,
            sizes,
            children: Vec::new(),
        }
    }

    fn bytes(&self) -> usize {
        self.sizes.iter().sum()
    }
}

/// Where a statement stands.
#[derive(Debug, Clone)]
pub enum Status {
    Running,
    Done(Arc<Finished>),
    Failed(Failed),
    Canceled,
}

/// One statement (or multi-statement request) of the SQL API.
#[derive(Debug, Clone)]
pub struct Record {
    pub status: Status,
    /// Milliseconds since the epoch when the request arrived.
    pub created_on: i64,
    /// Closed by a cancel request before the statement starts, or by its start.
    pub gate: Arc<Gate>,
}

/// Every kept statement.
#[derive(Debug, Default)]
pub struct Results {
    by_handle: HashMap<String, Record>,
    order: VecDeque<String>,
    by_request: HashMap<String, String>,
    bytes: usize,
}

impl Results {
    /// Registers a running statement under `handle`.
    pub fn start(&mut self, handle: &str, request_id: Option<&str>, created_on: i64) -> Arc<Gate> {
        let gate = Arc::new(Gate::default());
        self.by_handle.insert(
            handle.to_owned(),
            Record {
                status: Status::Running,
                created_on,
                gate: gate.clone(),
            },
        );
        self.order.push_back(handle.to_owned());
        if let Some(r) = request_id {
            self.by_request.insert(r.to_owned(), handle.to_owned());
        }
        self.evict();
        gate
    }

    /// The handle a request id already started, if any.
    pub fn handle_of_request(&self, request_id: &str) -> Option<String> {
        self.by_request.get(request_id).cloned()
    }

    /// Stores a finished statement's outcome.
    pub fn finish(&mut self, handle: &str, status: Status) {
        if let Status::Done(f) = &status {
            self.bytes += f.bytes();
        }
        if let Some(r) = self.by_handle.get_mut(handle)
            && !matches!(r.status, Status::Canceled)
        {
            r.status = status;
        }
        self.evict();
    }

    /// Stores the statements of a multi-statement request under their own handles.
    pub fn add_children(&mut self, ran: &[Ran], created_on: i64) -> Vec<String> {
        ran.iter()
            .map(|r| {
                let handle = r.query_id.clone();
                self.start(&handle, None, created_on);
                self.finish(&handle, Status::Done(Arc::new(Finished::new(&r.result))));
                handle
            })
            .collect()
    }

    /// A statement by handle.
    pub fn get(&self, handle: &str) -> Option<&Record> {
        self.by_handle.get(handle)
    }

    /// Cancels a statement that has not started; `None` for an unknown handle.
    pub fn cancel(&mut self, handle: &str) -> Option<CancelOutcome> {
        let r = self.by_handle.get_mut(handle)?;
        Some(match r.status {
            Status::Canceled => CancelOutcome::Canceled,
            Status::Running if r.gate.cancel() => {
                r.status = Status::Canceled;
                CancelOutcome::Canceled
            }
            Status::Running => CancelOutcome::Started,
            Status::Done(_) | Status::Failed(_) => CancelOutcome::Finished,
        })
    }

    fn evict(&mut self) {
        while self.order.len() > MAX_KEPT || self.bytes > MAX_BYTES {
            let Some(pos) = self.order.iter().position(|h| {
                self.by_handle
                    .get(h)
                    .is_none_or(|r| !matches!(r.status, Status::Running))
            }) else {
                return;
            };
            let Some(handle) = self.order.remove(pos) else {
                return;
            };
            if let Some(Record {
                status: Status::Done(f),
                ..
            }) = self.by_handle.remove(&handle)
            {
                self.bytes = self.bytes.saturating_sub(f.bytes());
            }
            self.by_request.retain(|_, h| *h != handle);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use snowglobe_engine::Value;
    use snowglobe_engine::result::ResultColumn;

    #[test]
    fn a_statement_is_canceled_only_before_it_starts() {
        let mut results = Results::default();
        let gate = results.start("a", None, 0);
        assert_eq!(results.cancel("a"), Some(CancelOutcome::Canceled));
        assert!(!gate.start(), "a canceled statement does not start");
        let gate = results.start("b", None, 0);
        assert!(gate.start());
        assert_eq!(results.cancel("b"), Some(CancelOutcome::Started));
        results.finish(
            "b",
            Status::Done(Arc::new(Finished::new(&QueryResult::default()))),
        );
        assert_eq!(results.cancel("b"), Some(CancelOutcome::Finished));
        assert_eq!(results.cancel("c"), None);
    }

    #[test]
    fn large_results_are_cut_into_partitions_that_keep_every_row() {
        let result = QueryResult {
            columns: vec![ResultColumn {
                name: "S".into(),
                ty: None,
            }],
            rows: (0..30_000)
                .map(|i| vec![Value::Str(format!("{i:0>60}"))])
                .collect(),
        };
        let f = Finished::new(&result);
        assert!(f.partitions.len() > 1, "{} partitions", f.partitions.len());
        assert_eq!(f.partitions.iter().map(Vec::len).sum::<usize>(), 30_000);
        assert!(f.sizes.iter().all(|s| *s <= PARTITION_BYTES));
    }
}
