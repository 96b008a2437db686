//! Running a request's statements on the engine in a session's context, for both protocols.
//!
//! One request is one job on the engine thread: the session's context is set, the statements run
//! (each bound row of an array binding in turn, inside one transaction), and the context they leave
//! is read back. A request that opens a transaction and does not end it gets it rolled back when
//! the protocol says so (the SQL API), or keeps it for the session (the drivers' protocol).

use crate::journal::{Control, Entry};
use crate::log;
use crate::worker::{Refused, Shell, Worker};
use snowglobe_engine::dialect::split::split_statements;
use snowglobe_engine::{Engine, Param, QueryResult, SessionContext, SqlError};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// What kind of statement ran, as the drivers' `statementTypeId` tells clients (DML counts rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Select,
    Insert,
    Update,
    Delete,
    Merge,
    Session,
    Transaction,
    Ddl,
}

impl Kind {
    /// The kind of a statement, from its first word.
    pub fn of(sql: &str) -> Kind {
        match crate::first_word(sql).as_str() {
            "SELECT" | "WITH" | "SHOW" | "DESC" | "DESCRIBE" | "EXPLAIN" | "CALL" | "LIST" => {
                Kind::Select
            }
            "INSERT" => Kind::Insert,
            "UPDATE" => Kind::Update,
            "DELETE" => Kind::Delete,
            "MERGE" => Kind::Merge,
            "USE" | "SET" | "UNSET" => Kind::Session,
            "BEGIN" | "START" | "COMMIT" | "ROLLBACK" => Kind::Transaction,
            _ => Kind::Ddl,
        }
    }

    /// Snowflake's `statementTypeId`.
    pub fn type_id(self) -> u32 {
        match self {
            Kind::Select => 0x1000,
            Kind::Insert => 0x3100,
            Kind::Update => 0x3200,
            Kind::Delete => 0x3300,
            Kind::Merge => 0x3400,
            Kind::Session => 0x2000,
            Kind::Transaction => 0x5000,
            Kind::Ddl => 0x6000,
        }
    }
}

/// One statement that ran.
#[derive(Debug, Clone)]
pub struct Ran {
    pub query_id: String,
    pub sql: String,
    pub kind: Kind,
    pub result: QueryResult,
}

/// A statement that failed, with the query id it was given.
#[derive(Debug, Clone)]
pub struct Failed {
    pub query_id: String,
    pub error: SqlError,
}

/// What a request asks to run.
pub struct Request {
    pub session: u64,
    pub context: SessionContext,
    pub sql: String,
    /// Bound rows: none, one (a single binding) or many (an array binding, one run each).
    pub rows: Vec<Vec<Param>>,
    /// How many statements the text must hold (0: any number); `None`: exactly one.
    pub statement_count: Option<usize>,
    /// End an open transaction at the end of the request (SQL API: each request is its own session).
    pub rollback_open: bool,
    pub deadline: Option<Instant>,
    /// Closed when the client canceled the request (it then does not start); the engine closes
    /// it as it starts the request.
    pub cancel: Option<std::sync::Arc<crate::results::Gate>>,
}

/// The statements that ran, the context they left, and the failure that stopped them, if any.
pub struct Outcome {
    pub ran: Vec<Ran>,
    pub failed: Option<Failed>,
    pub context: SessionContext,
}

static FAILED_IDS: AtomicU64 = AtomicU64::new(1);

/// A query id for a statement that failed (the engine numbers only those that succeed).
fn failed_id() -> String {
    format!(
        "01b00000-0000-0000-0001-{:012x}",
        FAILED_IDS.fetch_add(1, Ordering::Relaxed)
    )
}

/// Runs a request on the engine.
pub async fn run(worker: &Worker, request: Request) -> Result<Outcome, Refused> {
    let session = request.session;
    let deadline = request.deadline;
    worker
        .call(Some(session), deadline, move |engine| {
            Ok(run_on(engine, request))
        })
        .await
        .map(|r| {
            r.unwrap_or_else(|error| Outcome {
                ran: Vec::new(),
                failed: Some(Failed {
                    query_id: failed_id(),
                    error,
                }),
                context: SessionContext::default(),
            })
        })
}

fn run_on(shell: &mut Shell, request: Request) -> Outcome {
    let engine = &mut shell.engine;
    let Request {
        context,
        sql,
        rows,
        statement_count,
        rollback_open,
        deadline,
        cancel,
        ..
    } = request;
    let mut outcome = Outcome {
        ran: Vec::new(),
        failed: None,
        context: context.clone(),
    };
    if deadline.is_some_and(|d| d <= Instant::now()) {
        outcome.failed = Some(Failed {
            query_id: failed_id(),
            error: SqlError::timeout(
                "Statement reached its statement timeout while queued, and was canceled.",
            ),
        });
        return outcome;
    }
    if cancel.is_some_and(|gate| !gate.start()) {
        outcome.failed = Some(Failed {
            query_id: failed_id(),
            error: SqlError::canceled(),
        });
        return outcome;
    }
    engine.set_session_context(context);
    let pieces = split_statements(&sql);
    let expected = statement_count.unwrap_or(1);
    let failure = if pieces.is_empty() {
        Some(SqlError::syntax("Empty SQL statement."))
    } else if expected != 0 && pieces.len() != expected {
        Some(SqlError::invalid(format!(
            "Actual statement count {} did not match the desired statement count {expected}.",
            pieces.len()
        )))
    } else if pieces.len() > 1 && !rows.is_empty() {
        Some(SqlError::invalid(
            "Bindings are not supported with multiple statements.",
        ))
    } else {
        None
    };
    if let Some(error) = failure {
        outcome.failed = Some(Failed {
            query_id: failed_id(),
            error: error.in_statement(&sql),
        });
        return outcome;
    }
    for piece in pieces {
        let started = Instant::now();
        let (at, ran_in) = (engine.now(), engine.session_context());
        let result = run_bound(engine, &piece.text, &rows);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        match result {
            Ok(result) => {
                let query_id = engine
                    .last_query_id()
                    .map(str::to_owned)
                    .unwrap_or_else(failed_id);
                let kind = Kind::of(&piece.text);
                if let Some(journal) = shell.journal.as_mut()
                    && (kind != Kind::Select || is_call(&piece.text))
                {
                    let entry = Entry::Statement {
                        at,
                        context: ran_in,
                        sql: piece.text.clone(),
                        rows: rows.clone(),
                    };
                    journal.statement(entry, Control::of(&piece.text), engine.in_transaction());
                }
                log::line(&format!(
                    "{query_id} ok {ms:.1} ms {}",
                    log::statement_summary(&piece.text)
                ));
                outcome.ran.push(Ran {
                    query_id,
                    kind,
                    sql: piece.text,
                    result,
                });
            }
            Err(error) => {
                let query_id = failed_id();
                log::line(&format!(
                    "{query_id} error {} {ms:.1} ms {}",
                    error.code,
                    log::statement_summary(&piece.text)
                ));
                outcome.failed = Some(Failed { query_id, error });
                break;
            }
        }
    }
    if rollback_open && engine.in_transaction() {
        let _ = engine.execute("ROLLBACK");
    }
    outcome.context = engine.session_context();
    outcome
}

/// An identifier given as a session's context (a login's `databaseName`, a SQL API body's
/// `schema`, ...): unquoted names fold to upper case, quoted ones keep theirs; blank is none.
pub fn context_name(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(
        match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(quoted) => quoted.to_owned(),
            None => text.to_ascii_uppercase(),
        },
    )
}

/// Whether a statement is a `CALL` (which may change state, e.g. `SYSTEM$ADVANCE_CLOCK`).
fn is_call(sql: &str) -> bool {
    crate::first_word(sql) == "CALL"
}

/// Runs one statement with its bound rows: none, one, or once per row (all or nothing).
pub fn run_bound(
    engine: &mut Engine,
    sql: &str,
    rows: &[Vec<Param>],
) -> Result<QueryResult, SqlError> {
    match rows {
        [] => engine.execute(sql),
        [row] => engine.execute_with_params(sql, row),
        _ => run_rows(engine, sql, rows),
    }
}

/// Runs one statement once per bound row, all or nothing; the counts add up.
fn run_rows(engine: &mut Engine, sql: &str, rows: &[Vec<Param>]) -> Result<QueryResult, SqlError> {
    let own_transaction = !engine.in_transaction();
    if own_transaction {
        engine.execute("BEGIN")?;
    }
    let mut total: Option<QueryResult> = None;
    for row in rows {
        match engine.execute_with_params(sql, row) {
            Ok(r) => {
                total = Some(match total {
                    None => r,
                    Some(mut t) => {
                        add_counts(&mut t, &r);
                        t
                    }
                })
            }
            Err(e) => {
                if own_transaction {
                    let _ = engine.execute("ROLLBACK");
                }
                return Err(e);
            }
        }
    }
    if own_transaction {
        engine.execute("COMMIT")?;
    }
    Ok(total.unwrap_or_default())
}

/// Adds a DML result's counts (`number of rows inserted`, ...) into another's.
fn add_counts(into: &mut QueryResult, from: &QueryResult) {
    let (Some(a), Some(b)) = (into.rows.first_mut(), from.rows.first()) else {
        return;
    };
    for (x, y) in a.iter_mut().zip(b) {
        if let (snowglobe_engine::Value::I64(x), snowglobe_engine::Value::I64(y)) = (x, y) {
            *x += y;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_first_word() {
        assert_eq!(Kind::of("  select 1"), Kind::Select);
        assert_eq!(Kind::of("\n INSERT INTO t VALUES (1)"), Kind::Insert);
        assert_eq!(Kind::of("use database d"), Kind::Session);
        assert_eq!(Kind::of("create table t (a int)"), Kind::Ddl);
        assert_eq!(Kind::Insert.type_id(), 12544);
    }
}
