//! The engine's one public face: a session that runs Snowflake SQL on a virtual clock.

use crate::catalog::{Catalog, QName};
use crate::dialect::parse::parse_statement;
use crate::dialect::split::{bind_params, split_statements};
use crate::error::{Position, Result, SqlError};
use crate::history::{RefreshRecord, TaskRun};
use crate::result::QueryResult;
use crate::session::SessionContext;
use crate::store::TrackedStorage;
use crate::types::SfType;
use chrono::NaiveDateTime;
use gluesql_core::data::Value;
use gluesql_core::prelude::Glue;

mod apply;
mod create;
mod dispatch;
mod dml;
mod drop;
mod events;
mod join;
mod merge;
mod names;
mod partition;
mod query;
mod refresh;
mod rename;
mod resolver;
mod scheduler;
mod stream;
mod tables;
mod tasks;
mod transaction;
mod warehouses;

use crate::glue::glue_error;
pub use crate::glue::sql_literal;
pub use apply::{ObjectChange, PipelineChange, PipelineChanges};

/// A stopwatch in milliseconds, supplied by the host (the engine never reads the system clock).
pub type Stopwatch = fn() -> f64;

/// A bound parameter for `?` / `%s` placeholders.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Param {
    /// SQL NULL.
    Null,
    /// A BOOLEAN.
    Boolean(bool),
    /// A VARCHAR, quoted as a string literal.
    Text(String),
    /// A NUMBER.
    Number(rust_decimal::Decimal),
    /// A DATE.
    Date(chrono::NaiveDate),
    /// A TIMESTAMP_NTZ.
    Timestamp(NaiveDateTime),
}

impl Param {
    fn literal(&self) -> String {
        match self {
            Param::Null => "NULL".to_owned(),
            Param::Boolean(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Param::Text(s) => crate::catalog::sql_string(s),
            Param::Number(d) => d.to_string(),
            Param::Date(d) => format!("'{}'::DATE", d.format("%Y-%m-%d")),
            Param::Timestamp(t) => format!("'{}'::TIMESTAMP_NTZ", t.format("%Y-%m-%d %H:%M:%S%.f")),
        }
    }
}

/// One statement's outcome in a script.
#[derive(Debug, Clone)]
pub struct StatementOutcome {
    /// The statement's text as written in the script.
    pub text: String,
    /// Where the statement starts in the script, for errors and the editor's markers.
    pub start: Position,
    /// What it returned.
    pub result: QueryResult,
}

/// A Snowflake-like session over GlueSQL, with a catalog, a virtual clock and histories.
pub struct Engine {
    pub(crate) glue: Glue<TrackedStorage>,
    pub(crate) catalog: Catalog,
    pub(crate) now: NaiveDateTime,
    pub(crate) refresh_history: Vec<RefreshRecord>,
    pub(crate) task_history: Vec<TaskRun>,
    pub(crate) stopwatch: Option<Stopwatch>,
    pub(crate) next_query_id: u64,
    temp_seq: u64,
    /// State of the incremental dynamic tables, kept between refreshes.
    pub(crate) ivm: std::collections::HashMap<QName, crate::refresh::incremental::Maintained>,
    /// Dynamic tables refreshed by the statement running now; their state is dropped if it fails.
    pub(crate) refreshed_in_statement: Vec<QName>,
    /// Streams read by the statement running now, with the table positions they were read up to.
    pub(crate) streams_read: Vec<(QName, crate::store::LogPosition)>,
    /// How generator events fill each bronze table, keyed by table and its creation sequence.
    pub(crate) cdc_plans: std::collections::HashMap<QName, (u64, std::rc::Rc<crate::cdc::CdcPlan>)>,
    /// The snapshot an open transaction (`BEGIN`) returns to on `ROLLBACK`.
    pub(crate) transaction: Option<Box<transaction::Snapshot>>,
    /// The user of the session (`CURRENT_USER()`), when a client logged in.
    pub(crate) user: Option<String>,
    /// The last statements' query ids and results, newest last, for `RESULT_SCAN`.
    recent: std::collections::VecDeque<(String, QueryResult)>,
}

/// Typed columns and rows, to be materialized as a scratch table.
type Materialized = (Vec<(String, SfType)>, Vec<Vec<Value>>);

/// How many statement results `RESULT_SCAN` can reach back to.
const RECENT_RESULTS: usize = 8;

impl Engine {
    /// A new, empty session whose clock starts at `now`.
    pub fn new(now: NaiveDateTime) -> Engine {
        Engine {
            glue: Glue::new(TrackedStorage::default()),
            catalog: Catalog::default(),
            now,
            refresh_history: Vec::new(),
            task_history: Vec::new(),
            stopwatch: None,
            next_query_id: 1,
            temp_seq: 0,
            ivm: Default::default(),
            refreshed_in_statement: Vec::new(),
            streams_read: Vec::new(),
            cdc_plans: Default::default(),
            transaction: None,
            user: None,
            recent: Default::default(),
        }
    }

    /// The query id of the last statement that succeeded (`LAST_QUERY_ID()`).
    pub fn last_query_id(&self) -> Option<&str> {
        self.recent.back().map(|(id, _)| id.as_str())
    }

    /// Lets the engine time refreshes (REFRESH durations in history); without it they read 0.
    pub fn set_stopwatch(&mut self, stopwatch: Stopwatch) {
        self.stopwatch = Some(stopwatch);
    }

    /// The session's virtual clock.
    pub fn now(&self) -> NaiveDateTime {
        self.now
    }

    /// Every database, schema and object of the session, for reading.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Every dynamic table refresh so far, oldest first (`DYNAMIC_TABLE_REFRESH_HISTORY`).
    pub fn refresh_history(&self) -> &[RefreshRecord] {
        &self.refresh_history
    }

    /// Every task run so far, oldest first (`TASK_HISTORY`).
    pub fn task_history(&self) -> &[TaskRun] {
        &self.task_history
    }

    /// The stored rows and their change logs, for reading.
    pub fn storage(&self) -> &TrackedStorage {
        &self.glue.storage
    }

    /// The current session context.
    pub fn session_context(&self) -> SessionContext {
        SessionContext {
            database: self.catalog.current_database.clone(),
            schema: self.catalog.current_schema.clone(),
            warehouse: self.catalog.warehouse.clone(),
            role: self.catalog.role.clone(),
            user: self.user.clone(),
        }
    }

    /// Makes `context` the session's (the next statements resolve names in it).
    pub fn set_session_context(&mut self, context: SessionContext) {
        self.catalog.current_database = context.database;
        self.catalog.current_schema = context.schema;
        self.catalog.warehouse = context.warehouse;
        self.catalog.role = context.role;
        self.user = context.user;
    }

    /// The read-only view SHOW and INFORMATION_SCHEMA answer from.
    pub(crate) fn sources(&self) -> crate::info_schema::Sources<'_> {
        crate::info_schema::Sources {
            catalog: &self.catalog,
            storage: &self.glue.storage,
            now: self.now,
            refresh_history: &self.refresh_history,
            task_history: &self.task_history,
        }
    }

    pub(crate) fn storage_mut(&mut self) -> &mut TrackedStorage {
        &mut self.glue.storage
    }

    pub(crate) fn elapsed_ms(&self) -> f64 {
        self.stopwatch.map_or(0.0, |f| f())
    }

    pub(crate) fn query_id(&mut self) -> String {
        let id = self.next_query_id;
        self.next_query_id += 1;
        format!("01b00000-0000-0000-0000-{id:012x}")
    }

    /// Runs every statement of a script in order; stops at the first error, which names the statement.
    /// Statements before the failing one stay applied, as in Snowflake; the failing one changes nothing.
    pub fn execute_script(&mut self, script: &str) -> Result<Vec<StatementOutcome>> {
        match self.execute_script_partial(script) {
            (out, None) => Ok(out),
            (_, Some(e)) => Err(e),
        }
    }

    /// Runs a script like `execute_script`, returning the outcomes of the statements that ran
    /// (and stay applied) together with the error that stopped it, if any.
    pub fn execute_script_partial(
        &mut self,
        script: &str,
    ) -> (Vec<StatementOutcome>, Option<SqlError>) {
        let mut out = Vec::new();
        for piece in split_statements(script) {
            match self.execute_at(&piece.text, piece.start) {
                Ok(result) => out.push(StatementOutcome {
                    text: piece.text,
                    start: piece.start,
                    result,
                }),
                Err(e) => return (out, Some(e)),
            }
        }
        (out, None)
    }

    /// Runs one statement.
    pub fn execute(&mut self, sql: &str) -> Result<QueryResult> {
        let pieces = split_statements(sql);
        match pieces.as_slice() {
            [] => Err(SqlError::syntax("Empty SQL statement.")),
            [one] => self.execute_at(&one.text, one.start),
            [_, second, ..] => Err(SqlError::invalid(
                "Multiple SQL statements in a single call are not allowed here; run them as a script.",
            )
            .at(second.start)),
        }
    }

    /// Runs one statement with `?` / `%s` placeholders bound to `params`, in order.
    pub fn execute_with_params(&mut self, sql: &str, params: &[Param]) -> Result<QueryResult> {
        let literals: Vec<String> = params.iter().map(Param::literal).collect();
        let bound = bind_params(sql, &literals).map_err(|e| e.in_statement(sql))?;
        self.execute(&bound)
    }

    fn execute_at(&mut self, text: &str, start: Position) -> Result<QueryResult> {
        let stmt = parse_statement(text).map_err(|e| e.offset_by(start).in_statement(text))?;
        self.run_statement(stmt, text)
            .map_err(|e| e.offset_by(start).in_statement(text))
    }

    /// Runs one parsed statement atomically and keeps its result for `RESULT_SCAN`; an error's
    /// position is within the statement.
    fn run_statement(
        &mut self,
        stmt: crate::dialect::parse::Stmt,
        text: &str,
    ) -> Result<QueryResult> {
        let result = self.atomically(|engine| engine.run(stmt, text))?;
        let id = self.query_id();
        if self.recent.len() == RECENT_RESULTS {
            self.recent.pop_front();
        }
        self.recent.push_back((id, result.clone()));
        Ok(result)
    }

    /// Runs `f` so that on error the storage, the catalog and the histories are as they were.
    /// Nests: inside another `atomically`, an error takes back `f`'s changes alone, and the
    /// enclosing one's error takes them back with its own.
    pub(crate) fn atomically<T>(&mut self, f: impl FnOnce(&mut Engine) -> Result<T>) -> Result<T> {
        let nested = self.glue.storage.in_statement();
        let catalog = self.catalog.clone();
        let histories = (self.refresh_history.len(), self.task_history.len());
        let refreshed = std::mem::take(&mut self.refreshed_in_statement);
        let streams_read = std::mem::take(&mut self.streams_read);
        self.glue.storage.begin_statement();
        let result = f(self);
        match &result {
            Ok(_) => self.glue.storage.commit_statement(),
            Err(_) => {
                self.glue.storage.rollback_statement();
                self.catalog = catalog;
                self.refresh_history.truncate(histories.0);
                self.task_history.truncate(histories.1);
                for q in &self.refreshed_in_statement {
                    self.ivm.remove(q);
                }
            }
        }
        // An enclosing statement goes on with its own stream reads, and answers for this one's
        // refreshes too.
        if nested {
            let inner = std::mem::replace(&mut self.refreshed_in_statement, refreshed);
            self.refreshed_in_statement.extend(inner);
            self.streams_read = streams_read;
        } else {
            self.refreshed_in_statement.clear();
            self.streams_read.clear();
        }
        result
    }

    /// Rows of a table, view or dynamic table (`SELECT *`), for display.
    pub fn table_rows(&mut self, name: &str) -> Result<QueryResult> {
        self.execute(&format!("SELECT * FROM {name}"))
    }

    /// The catalog as Snowflake DDL.
    pub fn export_ddl(&self) -> String {
        self.catalog.export_ddl()
    }
}

/// The prefix of scratch tables holding INFORMATION_SCHEMA results and stream reads.
const INFO: &str = "__INFO";
/// The prefix of scratch tables holding a SELECT's rows with its window functions evaluated.
const WINDOWED: &str = "__WINDOWED";

/// The session API: its context read and set as one value, and its clock.
#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn engine() -> Engine {
        let start = NaiveDate::from_ymd_opt(2026, 1, 15)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("valid date");
        Engine::new(start)
    }

    #[test]
    fn context_round_trips_and_functions_read_it() {
        let mut e = engine();
        e.execute_script(
            "CREATE DATABASE d1; CREATE SCHEMA s1; USE WAREHOUSE w1; USE ROLE analyst;",
        )
        .expect("script runs");
        let first = e.session_context();
        assert_eq!(first.database.as_deref(), Some("D1"));
        assert_eq!(first.schema.as_deref(), Some("S1"));
        assert_eq!(first.warehouse.as_deref(), Some("W1"));
        assert_eq!(first.role.as_deref(), Some("ANALYST"));
        e.execute("CREATE DATABASE d2").expect("created");
        assert_eq!(e.session_context().database.as_deref(), Some("D2"));
        e.set_session_context(SessionContext {
            user: Some("ADMIN".into()),
            ..first
        });
        let r = e
            .execute("SELECT CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_ROLE(), CURRENT_USER()")
            .expect("runs");
        assert_eq!(
            r.text_rows(),
            vec![vec!["D1", "S1", "W1", "ANALYST", "ADMIN"]]
        );
    }

    #[test]
    fn advance_clock_moves_time_and_rejects_bad_durations() {
        let mut e = engine();
        let r = e
            .execute("CALL SYSTEM$ADVANCE_CLOCK('90 minutes')")
            .expect("runs");
        assert_eq!(
            r.text_rows(),
            vec![vec!["Clock advanced to 2026-01-15 10:30:00."]]
        );
        let err = e
            .execute("CALL SYSTEM$ADVANCE_CLOCK('soon')")
            .expect_err("refused");
        assert!(err.message.contains("Invalid duration 'soon'"), "{err}");
        assert_eq!(e.now().format("%H:%M").to_string(), "10:30");
    }
}
