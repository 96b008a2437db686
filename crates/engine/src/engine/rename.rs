//! `ALTER TABLE | DYNAMIC TABLE … RENAME TO` and `ALTER DYNAMIC TABLE … SWAP WITH` (as dbt runs
//! them when it replaces a relation). A rename moves the object, its rows (row keys kept) and its
//! refresh history to the new name, in the current database and schema unless the name says
//! otherwise (docs: sql-reference/sql/alter-dynamic-table). Like DROP, it is refused while dynamic
//! tables read the object, since their queries name it. A stream on the old name becomes stale, and
//! an incremental dynamic table rebuilds its state from its input at its next refresh.

use super::Engine;
use crate::catalog::{ObjectBody, QName};
use crate::dialect::parse::Name;
use crate::error::{Result, SqlError};
use crate::glue::glue_error;
use crate::result::QueryResult;
use gluesql_core::store::StoreMut;

impl Engine {
    /// Renames the object `q` (a table, dynamic table or view) to `to`.
    pub(crate) fn rename_object(&mut self, q: &QName, to: &Name) -> Result<QueryResult> {
        let target = self.qualify_new(to, "ALTER ... RENAME TO")?;
        if self.catalog.objects.contains_key(&target) {
            return Err(SqlError::already_exists(
                &self.catalog.objects[&target].kind_word().to_lowercase(),
                &target.to_string(),
            )
            .at(to.position));
        }
        self.refuse_if_read(q, to)?;
        self.move_object(q, &target)?;
        Ok(QueryResult::status(
            "status",
            "Statement executed successfully.",
        ))
    }

    /// Exchanges the names (and so the rows, definitions and histories) of two dynamic tables.
    pub(crate) fn swap_objects(&mut self, a: &QName, with: &Name) -> Result<QueryResult> {
        let b = self.find(with, &["DYNAMIC TABLE"])?;
        if *a == b {
            return Ok(QueryResult::status(
                "status",
                "Statement executed successfully.",
            ));
        }
        self.refuse_if_read(a, with)?;
        self.refuse_if_read(&b, with)?;
        let parked = QName {
            name: format!("__SG_SWAP.{}", a.name),
            ..a.clone()
        };
        self.move_object(a, &parked)?;
        self.move_object(&b, a)?;
        self.move_object(&parked, &b)?;
        Ok(QueryResult::status(
            "status",
            "Statement executed successfully.",
        ))
    }

    fn refuse_if_read(&self, q: &QName, at: &Name) -> Result<()> {
        let consumers = self.catalog.consumers(q);
        if consumers.is_empty() {
            return Ok(());
        }
        let names: Vec<String> = consumers.iter().map(ToString::to_string).collect();
        Err(SqlError::invalid(format!(
            "Cannot rename '{q}': dynamic tables depend on it: {}.",
            names.join(", ")
        ))
        .at(at.position))
    }

    /// Moves an object, its stored rows and its history from `from` to `to`.
    fn move_object(&mut self, from: &QName, to: &QName) -> Result<()> {
        let Some(object) = self.catalog.objects.get(from) else {
            return Err(SqlError::does_not_exist("Object", &from.to_string()));
        };
        if matches!(
            object.body,
            ObjectBody::Table { .. } | ObjectBody::DynamicTable(_)
        ) {
            let columns = object.columns().to_vec();
            let rows: Vec<_> = self
                .storage()
                .rows(&from.storage())
                .map(|(k, r)| (k.clone(), r.clone()))
                .collect();
            self.create_storage(to, &columns)?;
            self.glue
                .storage
                .put_rows(&to.storage(), rows)
                .map_err(glue_error)?;
            self.glue
                .storage
                .delete_schema(&from.storage())
                .map_err(glue_error)?;
        }
        let object = self.catalog.objects.remove(from).expect("looked up above");
        self.catalog.objects.insert(to.clone(), object);
        for record in self.refresh_history.iter_mut().filter(|r| r.table == *from) {
            record.table = to.clone();
        }
        if self.ivm.remove(from).is_some() {
            self.sync_change_logging();
        }
        self.cdc_plans.remove(from);
        Ok(())
    }
}
