//! The feeder: the seed's `mock_cdc_data.py` as Snowflake SQL, so that an exported pipeline has data
//! on a real account without Python.
//!
//! It is a Snowflake Scripting procedure that runs N iterations of the script's main loop, and a task
//! that calls it every minute. The procedure draws what the generator's `seed` profile draws
//! (see [`crate::generator`]) and writes what `CdcEvent::to_sql` writes: an INSERT fills the order
//! columns and leaves the others (`CHANGE_TYPE`, `PROCESSED_AT`, `RECORD_SOURCE` in the seed) to
//! their defaults; an UPDATE sets a new status, amount and quantity and `ORDER_DATE =
//! CURRENT_TIMESTAMP()`, plus `CHANGE_TYPE = 'UPDATE'` and `PROCESSED_AT` where the table has them;
//! a DELETE removes the order's rows, as the script does. Only the bronze table's own columns are
//! written. UPDATE and DELETE draw among the orders in the table (the script draws among those it
//! inserted), and do nothing when it is empty.

use crate::catalog::{Column, ObjectBody, QName, sql_ident, sql_qname, sql_string};
use crate::engine::Engine;
use crate::error::Result;

/// Iterations per task run: the script sleeps 1–10 s between iterations, 5.5 s on average, so
/// about 11 a minute.
pub const ITERATIONS_PER_RUN: u32 = 11;

/// How often the feeder task runs.
pub const SCHEDULE: &str = "1 MINUTE";

/// The warehouse the task names when no task or dynamic table of the pipeline names one.
pub const WAREHOUSE_PLACEHOLDER: &str = "YOUR_WAREHOUSE";

/// The order columns an INSERT fills, each with the expression that draws its value. `:status_draw`
/// is a number drawn uniformly in [0, 1) just before the INSERT.
const INSERT_VALUES: [(&str, &str); 7] = [
    (
        "ORDER_ID",
        "'ORD' || TO_VARCHAR(UNIFORM(1, 1000, RANDOM()))",
    ),
    (
        "CUSTOMER_ID",
        "'CUST' || TO_VARCHAR(UNIFORM(1, 500, RANDOM()))",
    ),
    (
        "ORDER_DATE",
        "DATEADD(DAY, -UNIFORM(0, 365, RANDOM()), CURRENT_TIMESTAMP())",
    ),
    (
        "STATUS",
        "CASE
                    WHEN :status_draw < 0.3 THEN 'PENDING'
                    WHEN :status_draw < 0.7 THEN 'SHIPPED'
                    WHEN :status_draw < 0.9 THEN 'DELIVERED'
                    ELSE 'CANCELLED'
                END",
    ),
    ("AMOUNT", "ROUND(NORMAL(150, 50, RANDOM()), 2)"),
    (
        "PRODUCT_ID",
        "'PROD' || TO_VARCHAR(UNIFORM(1, 50, RANDOM()))",
    ),
    ("QUANTITY", "UNIFORM(1, 5, RANDOM())"),
];

/// The columns an UPDATE sets, each with its new value; `:status_draw` as for [`INSERT_VALUES`].
const UPDATE_VALUES: [(&str, &str); 6] = [
    (
        "STATUS",
        "CASE
                        WHEN :status_draw < 1 / 3 THEN 'SHIPPED'
                        WHEN :status_draw < 2 / 3 THEN 'DELIVERED'
                        ELSE 'CANCELLED'
                    END",
    ),
    ("AMOUNT", "ROUND(NORMAL(150, 50, RANDOM()), 2)"),
    ("QUANTITY", "UNIFORM(1, 5, RANDOM())"),
    ("ORDER_DATE", "CURRENT_TIMESTAMP()"),
    ("CHANGE_TYPE", "'UPDATE'"),
    ("PROCESSED_AT", "CURRENT_TIMESTAMP()"),
];

/// The Snowflake objects that feed one bronze table.
#[derive(Debug, Clone, PartialEq)]
pub struct Feeder {
    /// The bronze table.
    pub table: QName,
    /// Its columns, in table order.
    pub columns: Vec<Column>,
    /// The warehouse the task runs in, None for the placeholder.
    pub warehouse: Option<String>,
}

impl Feeder {
    /// The procedure's name: `FEED_<table>` in the table's schema.
    pub fn procedure(&self) -> QName {
        QName::new(
            &self.table.database,
            &self.table.schema,
            &format!("FEED_{}", self.table.name),
        )
    }

    /// The task's name: `FEED_<table>_TASK` in the table's schema.
    pub fn task(&self) -> QName {
        QName::new(
            &self.table.database,
            &self.table.schema,
            &format!("FEED_{}_TASK", self.table.name),
        )
    }

    fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|c| c.name == column)
    }

    /// The feeder as a Snowflake script: header, CREATE PROCEDURE, CREATE TASK, ALTER TASK RESUME,
    /// and a commented-out CALL for feeding by hand.
    pub fn to_sql(&self) -> String {
        let table = sql_qname(&self.table);
        let procedure = sql_qname(&self.procedure());
        let task = sql_qname(&self.task());
        let mut out = String::new();
        out.push_str(&format!(
            "\n-- ======================================================================\n\
             -- FEEDER: mock CDC events into {table}\n\
             -- ======================================================================\n\
             -- The main loop of the seed's mock_cdc_data.py as a Snowflake Scripting procedure, and a\n\
             -- task that calls it every minute, so that the pipeline above has data without Python.\n\
             -- Each iteration is an INSERT (weight 0.70), an UPDATE (0.25) or a DELETE (0.05); UPDATE and\n\
             -- DELETE act on an order drawn among those in the table, and do nothing while it is empty.\n\n"
        ));
        out.push_str(&self.procedure_sql(&table, &procedure));
        out.push_str(";\n\n");
        out.push_str(&self.task_sql(&task, &procedure));
        out.push_str(";\n\n");
        out.push_str(&format!("ALTER TASK {task} RESUME;\n\n"));
        out.push_str(&format!(
            "-- To feed by hand instead, e.g. 200 iterations at once:\n\
             -- CALL {procedure}(200);\n"
        ));
        out
    }

    fn procedure_sql(&self, table: &str, procedure: &str) -> String {
        let order_id = sql_ident("ORDER_ID");
        let comment = sql_string(&format!(
            "Mock CDC events into {}, as the seed's mock_cdc_data.py",
            self.table
        ));
        format!(
            "CREATE OR REPLACE PROCEDURE {procedure}(iterations INTEGER)
RETURNS VARCHAR
LANGUAGE SQL
COMMENT = {comment}
AS
$$
DECLARE
    op_draw FLOAT;
    status_draw FLOAT;
    picked VARCHAR;
    inserted INTEGER DEFAULT 0;
    updated INTEGER DEFAULT 0;
    deleted INTEGER DEFAULT 0;
    skipped INTEGER DEFAULT 0;
BEGIN
    FOR i IN 1 TO iterations DO
        -- The operation: INSERT below 0.70, UPDATE below 0.95, DELETE above (0.70 / 0.25 / 0.05).
        op_draw := UNIFORM(0::FLOAT, 1::FLOAT, RANDOM());
        IF (op_draw < 0.70) THEN
            -- A new order; status PENDING .3 / SHIPPED .4 / DELIVERED .2 / CANCELLED .1.
            status_draw := UNIFORM(0::FLOAT, 1::FLOAT, RANDOM());
{insert}
            inserted := inserted + 1;
        ELSE
            -- An order drawn uniformly among those in the table; MAX makes the one row SELECT INTO
            -- needs, NULL when the table is empty.
            SELECT MAX({order_id}) INTO :picked
            FROM (
                SELECT {order_id}
                FROM (SELECT DISTINCT {order_id} FROM {table} WHERE {order_id} IS NOT NULL)
                ORDER BY RANDOM()
                LIMIT 1
            );
            IF (picked IS NULL) THEN
                skipped := skipped + 1;
            ELSEIF (op_draw < 0.95) THEN
{update}
            ELSE
                DELETE FROM {table} WHERE {order_id} = :picked;
                deleted := deleted + 1;
            END IF;
        END IF;
    END FOR;
    RETURN 'inserted: ' || TO_VARCHAR(inserted) || ', updated: ' || TO_VARCHAR(updated)
        || ', deleted: ' || TO_VARCHAR(deleted) || ', skipped: ' || TO_VARCHAR(skipped);
END;
$$",
            insert = self.insert_sql(table),
            update = self.update_sql(table),
        )
    }

    /// The INSERT of one new order, over the order columns the table has.
    fn insert_sql(&self, table: &str) -> String {
        let values: Vec<(&str, &str)> = INSERT_VALUES
            .iter()
            .copied()
            .filter(|(c, _)| self.has(c))
            .collect();
        let names: Vec<String> = values.iter().map(|(c, _)| sql_ident(c)).collect();
        let select: Vec<String> = values
            .iter()
            .map(|(c, e)| format!("                {e} AS {}", sql_ident(c)))
            .collect();
        let defaults: Vec<String> = self
            .columns
            .iter()
            .filter(|c| !INSERT_VALUES.iter().any(|(n, _)| *n == c.name))
            .map(|c| sql_ident(&c.name))
            .collect();
        let mut s = String::new();
        if !defaults.is_empty() {
            s.push_str(&format!(
                "            -- {} take their column defaults.\n",
                defaults.join(", ")
            ));
        }
        s.push_str(&format!(
            "            INSERT INTO {table} ({})\n            SELECT\n{};",
            names.join(", "),
            select.join(",\n")
        ));
        s
    }

    /// The UPDATE of the picked order, over the columns the table has.
    fn update_sql(&self, table: &str) -> String {
        let set: Vec<String> = UPDATE_VALUES
            .iter()
            .filter(|(c, _)| self.has(c))
            .map(|(c, e)| format!("                    {} = {e}", sql_ident(c)))
            .collect();
        if set.is_empty() {
            return "                -- The table has none of the columns an UPDATE sets.\n                \
                    skipped := skipped + 1;"
                .to_owned();
        }
        format!(
            "                -- New status SHIPPED / DELIVERED / CANCELLED, amount and quantity, as the seed.
                status_draw := UNIFORM(0::FLOAT, 1::FLOAT, RANDOM());
                UPDATE {table}
                SET
{}
                WHERE {} = :picked;
                updated := updated + 1;",
            set.join(",\n"),
            sql_ident("ORDER_ID")
        )
    }

    fn task_sql(&self, task: &str, procedure: &str) -> String {
        let warehouse = match &self.warehouse {
            Some(w) => format!("WAREHOUSE = {}", sql_ident(w)),
            None => format!(
                "-- Placeholder: the pipeline names no warehouse; put one of yours here.\n\
                 WAREHOUSE = {WAREHOUSE_PLACEHOLDER}"
            ),
        };
        let comment = sql_string(&format!(
            "Calls {} every minute, about the pace of mock_cdc_data.py",
            self.procedure().name
        ));
        format!(
            "CREATE OR REPLACE TASK {task}\n{warehouse}\nSCHEDULE = '{SCHEDULE}'\n\
             COMMENT = {comment}\nAS\nCALL {procedure}({ITERATIONS_PER_RUN})"
        )
    }
}

impl Engine {
    /// The feeder of a bronze table (e.g. `raw_orders` in the current schema). Its task runs in the
    /// warehouse of the pipeline's first task, else of its first dynamic table, else in
    /// [`WAREHOUSE_PLACEHOLDER`]. Errors when the table does not exist or has no `ORDER_ID` column.
    pub fn feeder(&self, bronze_table: &str) -> Result<Feeder> {
        let (table, _) = self.order_table(bronze_table)?;
        let columns = self.catalog().objects[&table].columns().to_vec();
        let mut objects: Vec<_> = self.catalog().objects.values().collect();
        objects.sort_by_key(|o| o.seq);
        let task_warehouse = objects.iter().find_map(|o| match &o.body {
            ObjectBody::Task(t) => t.warehouse.clone(),
            _ => None,
        });
        let warehouse = task_warehouse.or_else(|| {
            objects.iter().find_map(|o| match &o.body {
                ObjectBody::DynamicTable(dt) => Some(dt.warehouse.clone()),
                _ => None,
            })
        });
        Ok(Feeder {
            table,
            columns,
            warehouse,
        })
    }

    /// The catalog's DDL (exactly `export_ddl()`) followed by the feeder of `bronze_table`.
    pub fn export_ddl_with_feeder(&self, bronze_table: &str) -> Result<String> {
        let feeder = self.feeder(bronze_table)?;
        Ok(format!("{}{}", self.export_ddl(), feeder.to_sql()))
    }
}
