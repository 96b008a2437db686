//! CREATE, ALTER and DROP WAREHOUSE (docs: sql-reference/sql/create-warehouse, alter-warehouse,
//! drop-warehouse): account-level objects kept in the catalog, so a failing statement leaves them
//! as they were. They change what SHOW WAREHOUSES and `CURRENT_WAREHOUSE()` say and nothing of how
//! statements run.
//!
//! A deliberate difference from Snowflake: `USE WAREHOUSE` and a dynamic table's or task's
//! `WAREHOUSE =` take any name, created or not. An account always has warehouses that no script
//! creates (`COMPUTE_WH`), and this engine's account starts with none.

use crate::dialect::parse::{Name, WarehouseAction};
use crate::error::{Result, SqlError};
use crate::result::QueryResult;
use crate::warehouse::{Warehouse, WarehouseProperty};

use super::Engine;

fn executed() -> QueryResult {
    QueryResult::status("status", "Statement executed successfully.")
}

impl Engine {
    /// `CREATE [OR REPLACE] WAREHOUSE [IF NOT EXISTS]`: a new warehouse becomes the session's
    /// current one, as in Snowflake.
    pub(super) fn create_warehouse(
        &mut self,
        name: &Name,
        or_replace: bool,
        if_not_exists: bool,
        properties: &[WarehouseProperty],
    ) -> Result<QueryResult> {
        let w = name.last().to_owned();
        if self.catalog.warehouses.contains_key(&w) {
            if if_not_exists {
                return Ok(QueryResult::status(
                    "status",
                    format!("{w} already exists, statement succeeded."),
                ));
            }
            if !or_replace {
                return Err(SqlError::already_exists("WAREHOUSE", &w).at(name.position));
            }
        }
        let id = self.catalog.next_seq;
        self.catalog.next_seq += 1;
        let mut warehouse = Warehouse::new(id, self.now);
        for p in properties {
            warehouse.set(p);
        }
        check_cluster_counts(&warehouse, name)?;
        self.catalog.warehouses.insert(w.clone(), warehouse);
        self.catalog.warehouse = Some(w.clone());
        Ok(QueryResult::status(
            "status",
            format!("Warehouse {w} successfully created."),
        ))
    }

    /// `ALTER WAREHOUSE [IF EXISTS] name <action>`.
    pub(super) fn alter_warehouse(
        &mut self,
        name: &Name,
        if_exists: bool,
        action: WarehouseAction,
    ) -> Result<QueryResult> {
        let w = name.last().to_owned();
        if !self.catalog.warehouses.contains_key(&w) {
            if if_exists {
                return Ok(executed());
            }
            return Err(SqlError::does_not_exist("Warehouse", &w).at(name.position));
        }
        let now = self.now;
        let warehouse = self.catalog.warehouses.get_mut(&w).expect("checked above");
        match action {
            WarehouseAction::Suspend if warehouse.suspended => {
                return Err(SqlError::invalid_state(format!(
                    "Invalid state. Warehouse '{w}' cannot be suspended."
                )));
            }
            WarehouseAction::Suspend => warehouse.suspended = true,
            WarehouseAction::Resume { if_suspended } if !warehouse.suspended => {
                if if_suspended {
                    return Ok(executed());
                }
                return Err(SqlError::invalid_state(format!(
                    "Invalid state. Warehouse '{w}' cannot be resumed."
                )));
            }
            WarehouseAction::Resume { .. } => {
                warehouse.suspended = false;
                warehouse.resumed_on = now;
            }
            WarehouseAction::AbortAllQueries => return Ok(executed()),
            WarehouseAction::Set(properties) => {
                for p in &properties {
                    warehouse.set(p);
                }
                check_cluster_counts(warehouse, name)?;
            }
            WarehouseAction::Unset(fields) => {
                for f in fields {
                    warehouse.unset(f);
                }
                check_cluster_counts(warehouse, name)?;
            }
            WarehouseAction::RenameTo(to) => return self.rename_warehouse(&w, &to),
        }
        warehouse.updated_on = now;
        Ok(executed())
    }

    /// `ALTER WAREHOUSE … RENAME TO`: the session's current warehouse, if it was this one,
    /// follows it.
    fn rename_warehouse(&mut self, w: &str, to: &Name) -> Result<QueryResult> {
        let new = to.last().to_owned();
        if self.catalog.warehouses.contains_key(&new) {
            return Err(SqlError::already_exists("WAREHOUSE", &new).at(to.position));
        }
        let mut warehouse = self
            .catalog
            .warehouses
            .remove(w)
            .expect("the caller found it");
        warehouse.updated_on = self.now;
        self.catalog.warehouses.insert(new.clone(), warehouse);
        if self.catalog.warehouse.as_deref() == Some(w) {
            self.catalog.warehouse = Some(new);
        }
        Ok(executed())
    }

    /// `DROP WAREHOUSE [IF EXISTS]`; the session's current warehouse, if it was this one, is none.
    pub(super) fn drop_warehouse(&mut self, name: &Name, if_exists: bool) -> Result<QueryResult> {
        let w = name.last().to_owned();
        if self.catalog.warehouses.remove(&w).is_none() {
            if if_exists {
                return Ok(QueryResult::status(
                    "status",
                    format!("Drop statement executed successfully ({w} already dropped)."),
                ));
            }
            return Err(SqlError::does_not_exist("Warehouse", &w).at(name.position));
        }
        if self.catalog.warehouse.as_deref() == Some(&w) {
            self.catalog.warehouse = None;
        }
        Ok(QueryResult::status(
            "status",
            format!("{w} successfully dropped."),
        ))
    }
}

/// Snowflake refuses a MIN_CLUSTER_COUNT above the MAX_CLUSTER_COUNT.
fn check_cluster_counts(warehouse: &Warehouse, name: &Name) -> Result<()> {
    if warehouse.min_cluster_count > warehouse.max_cluster_count {
        return Err(SqlError::invalid(format!(
            "MIN_CLUSTER_COUNT ({}) cannot be greater than MAX_CLUSTER_COUNT ({}).",
            warehouse.min_cluster_count, warehouse.max_cluster_count
        ))
        .at(name.position));
    }
    Ok(())
}
