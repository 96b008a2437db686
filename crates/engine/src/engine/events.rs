//! Generator events applied to the session's bronze table: the table found by name, indexed by
//! ORDER_ID, and each event written through the table version's [`CdcPlan`], kept between events.

use super::Engine;
use crate::catalog::{ObjectBody, QName};
use crate::cdc::CdcPlan;
use crate::dialect::parse::parse_name_text;
use crate::error::{Position, Result, SqlError};
use crate::generator::CdcEvent;
use gluesql_core::data::Value;
use std::rc::Rc;

impl Engine {
    /// Resolves the table events go to (e.g. `raw_orders` in the current schema) and indexes it by ORDER_ID.
    pub fn cdc_target(&mut self, table: &str) -> Result<QName> {
        let (q, id) = self.order_table(table)?;
        self.storage_mut().create_column_index(&q.storage(), id);
        Ok(q)
    }

    /// A table named outside SQL (a command-line flag, a setting) that has an ORDER_ID column, and
    /// that column's index. Its errors name no position: there is no statement to point into.
    pub(crate) fn order_table(&self, table: &str) -> Result<(QName, usize)> {
        let found = parse_name_text(table, Position { line: 1, column: 0 })
            .and_then(|name| self.find(&name, &["TABLE"]))
            .and_then(|q| {
                let id = self.catalog.objects[&q]
                    .columns()
                    .iter()
                    .position(|c| c.name == "ORDER_ID")
                    .ok_or_else(|| SqlError::invalid_identifier("ORDER_ID"))?;
                Ok((q, id))
            });
        found.map_err(|e| SqlError {
            position: None,
            ..e
        })
    }

    /// How each column of a bronze table is filled by events, worked out once per table version.
    fn cdc_plan(&mut self, target: &QName) -> Result<Rc<CdcPlan>> {
        let Some(object) = self.catalog.objects.get(target) else {
            return Err(SqlError::does_not_exist("Table", &target.to_string()));
        };
        let ObjectBody::Table { columns, .. } = &object.body else {
            return Err(SqlError::does_not_exist("Table", &target.to_string()));
        };
        if let Some((seq, plan)) = self.cdc_plans.get(target)
            && *seq == object.seq
        {
            return Ok(plan.clone());
        }
        let plan = Rc::new(CdcPlan::new(columns));
        self.cdc_plans
            .insert(target.clone(), (object.seq, plan.clone()));
        Ok(plan)
    }

    /// Applies one generator event to `target` (from `cdc_target`) as of the engine's clock.
    /// Returns the number of rows written or removed.
    pub fn apply_event(&mut self, event: &CdcEvent, target: &QName) -> Result<usize> {
        let plan = self.cdc_plan(target)?;
        let now = self.now;
        let row = plan.insert_row(event, now, |e| {
            let r = self.execute(&format!("SELECT {e}"))?;
            Ok(r.rows
                .into_iter()
                .next()
                .and_then(|r| r.into_iter().next())
                .unwrap_or(Value::Null))
        })?;
        plan.write(event, row, &target.storage(), now, self.storage_mut())
    }
}
