//! Explicit transactions: `BEGIN` takes a snapshot of the session's data, `COMMIT` drops it and
//! `ROLLBACK` returns to it. As in Snowflake, DDL inside a transaction commits it first (the DDL and
//! the statements before it stay), `COMMIT` and `ROLLBACK` without a transaction succeed and do
//! nothing, and `BEGIN` inside a transaction is ignored. The clock does not go back.

use super::Engine;
use crate::catalog::{Catalog, QName};
use crate::dialect::parse::Stmt;
use crate::refresh::incremental::Maintained;
use crate::result::QueryResult;
use crate::store::TrackedStorage;
use std::collections::HashMap;

/// What a ROLLBACK restores.
pub(crate) struct Snapshot {
    storage: TrackedStorage,
    catalog: Catalog,
    refresh_history: usize,
    task_history: usize,
    ivm: HashMap<QName, Maintained>,
}

fn done() -> QueryResult {
    QueryResult::status("status", "Statement executed successfully.")
}

impl Engine {
    /// `BEGIN [TRANSACTION]`.
    pub(crate) fn begin(&mut self) -> QueryResult {
        if self.transaction.is_none() {
            self.transaction = Some(Box::new(Snapshot {
                storage: self.glue.storage.clone(),
                catalog: self.catalog.clone(),
                refresh_history: self.refresh_history.len(),
                task_history: self.task_history.len(),
                ivm: self.ivm.clone(),
            }));
        }
        done()
    }

    /// `COMMIT`.
    pub(crate) fn commit(&mut self) -> QueryResult {
        self.transaction = None;
        done()
    }

    /// `ROLLBACK`: the data, catalog and histories as they were at BEGIN.
    pub(crate) fn rollback(&mut self) -> QueryResult {
        if let Some(s) = self.transaction.take() {
            self.glue.storage = s.storage;
            self.catalog = s.catalog;
            self.refresh_history.truncate(s.refresh_history);
            self.task_history.truncate(s.task_history);
            self.ivm = s.ivm;
        }
        done()
    }

    /// Commits the open transaction before a statement that Snowflake commits implicitly (DDL).
    pub(crate) fn commit_before(&mut self, stmt: &Stmt) {
        let keeps_transaction = match stmt {
            Stmt::Sql(s) => matches!(
                **s,
                sqlparser::ast::Statement::Query(_)
                    | sqlparser::ast::Statement::Insert(_)
                    | sqlparser::ast::Statement::Update(_)
                    | sqlparser::ast::Statement::Delete(_)
                    | sqlparser::ast::Statement::Merge { .. }
            ),
            Stmt::Show { .. }
            | Stmt::Describe { .. }
            | Stmt::Use { .. }
            | Stmt::UseWarehouse(_)
            | Stmt::UseRole(_)
            | Stmt::Begin
            | Stmt::Commit
            | Stmt::Rollback => true,
            _ => false,
        };
        if !keeps_transaction {
            self.transaction = None;
        }
    }

    /// Whether a transaction is open.
    pub fn in_transaction(&self) -> bool {
        self.transaction.is_some()
    }
}
