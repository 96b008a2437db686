//! The DDL and discovery statements that dbt-snowflake's `dynamic_table` materialization sends
//! (modelled on the shapes its macros render: `relations/dynamic_table/create.sql`, `alter.sql`,
//! `describe.sql` and the adapter's `list_relations_without_caching`), and the Snowflake pages that
//! define them: sql-reference/sql/create-dynamic-table, alter-dynamic-table, show-dynamic-tables,
//! show-objects, desc-table, and sql-reference/transactions. Expected values follow those pages.

mod common;
use common::*;
use snowglobe_engine::Duration;

const SETUP: &str = "
CREATE DATABASE analytics;
CREATE SCHEMA analytics.staging;
USE SCHEMA analytics.public;
CREATE TABLE orders (id NUMBER, amount NUMBER(10,2));
INSERT INTO orders VALUES (1, 10), (2, 20);
";

/// create-dynamic-table as dbt renders it: quoted DOWNSTREAM, the query in parentheses,
/// SCHEDULER, INITIALIZATION_WAREHOUSE, TRANSIENT.
#[test]
fn dbt_create_shapes() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "create or replace transient dynamic table analytics.public.orders_dt
            target_lag = 'DOWNSTREAM'
            warehouse = transforming
            initialization_warehouse = big_wh
            refresh_mode = AUTO
            initialize = ON_CREATE
            as (
                select id, amount * 2 as doubled from orders
            )",
    );
    let show = q(
        &mut e,
        "show dynamic tables like 'ORDERS_DT' in schema analytics.public",
    );
    assert_eq!(show.rows.len(), 1);
    assert_eq!(show.cell(0, "target_lag").unwrap(), "DOWNSTREAM");
    assert_eq!(show.cell(0, "warehouse").unwrap(), "TRANSFORMING");
    assert_eq!(show.cell(0, "initialization_warehouse").unwrap(), "BIG_WH");
    assert_eq!(show.cell(0, "scheduler").unwrap(), "ENABLE");
    assert_eq!(show.cell(0, "refresh_mode").unwrap(), "ADAPTIVE");
    assert_eq!(show.cell(0, "scheduling_state").unwrap(), "RUNNING");
    assert!(
        show.cell(0, "text")
            .unwrap()
            .contains("select id, amount * 2 as doubled from orders"),
        "{:?}",
        show.cell(0, "text")
    );
    assert_eq!(
        rows(&mut e, "select doubled from orders_dt order by id"),
        [["20.00"], ["40.00"]]
    );
}

/// create-dynamic-table: with SCHEDULER = 'DISABLE' the table needs no TARGET_LAG and refreshes
/// only when asked.
#[test]
fn scheduler_disable_refreshes_only_on_request() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "create dynamic table manual warehouse = wh scheduler = 'DISABLE' as (select id from orders)",
    );
    q(&mut e, "insert into orders values (3, 30)");
    e.advance(Duration::hours(2));
    assert_eq!(scalar(&mut e, "select count(*) from manual"), "2");
    let show = q(&mut e, "show dynamic tables like 'MANUAL'");
    assert_eq!(show.cell(0, "scheduler").unwrap(), "DISABLE");
    q(&mut e, "alter dynamic table manual refresh");
    assert_eq!(scalar(&mut e, "select count(*) from manual"), "3");
    q(
        &mut e,
        "alter dynamic table manual set target_lag = '1 minute' scheduler = 'ENABLE'",
    );
    q(&mut e, "insert into orders values (4, 40)");
    e.advance(Duration::minutes(2));
    assert_eq!(scalar(&mut e, "select count(*) from manual"), "4");
    let err = e
        .execute("create dynamic table nolag warehouse = wh as select id from orders")
        .unwrap_err();
    assert!(
        err.to_string().contains("Missing option 'TARGET_LAG'"),
        "{err}"
    );
}

/// create-dynamic-table: a column list names (and comments) the columns; the older `LAG`
/// keyword; GET_DDL-style export keeps the list.
#[test]
fn column_lists_and_the_lag_keyword() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE DYNAMIC TABLE named (order_key, total COMMENT 'in euros') LAG = '1 minute' WAREHOUSE = wh
         AS SELECT id, amount FROM orders",
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT order_key, total FROM named ORDER BY order_key"
        ),
        [["1", "10.00"], ["2", "20.00"]]
    );
    let desc = q(&mut e, "DESC DYNAMIC TABLE named");
    assert_eq!(
        desc.text_rows()
            .iter()
            .map(|r| [r[0].clone(), r[1].clone(), r[9].clone()])
            .collect::<Vec<_>>(),
        [
            ["ORDER_KEY", "NUMBER(38,0)", "NULL"],
            ["TOTAL", "NUMBER(10,2)", "in euros"]
        ]
    );
    assert!(
        e.export_ddl()
            .contains("DYNAMIC TABLE ANALYTICS.PUBLIC.NAMED (ORDER_KEY, TOTAL COMMENT 'in euros')"),
        "{}",
        e.export_ddl()
    );
    let err = e
        .execute("CREATE DYNAMIC TABLE short (a) TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT id, amount FROM orders")
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("names 1 columns but the query returns 2"),
        "{err}"
    );
}

/// create-dynamic-table (CREATE OR ALTER) and alter-dynamic-table (SET / UNSET): the same query
/// keeps the table and its rows; a new one reinitializes it.
#[test]
fn create_or_alter_and_alter_set_unset() {
    let mut e = engine_with(SETUP);
    let create = |lag: &str, query: &str| {
        format!("CREATE OR ALTER DYNAMIC TABLE d TARGET_LAG = '{lag}' WAREHOUSE = wh AS {query}")
    };
    q(&mut e, &create("1 minute", "SELECT id FROM orders"));
    let refreshes = e.refresh_history().len();
    q(&mut e, &create("5 minutes", "SELECT id FROM orders"));
    assert_eq!(e.refresh_history().len(), refreshes, "no reinitialization");
    let show = q(&mut e, "SHOW DYNAMIC TABLES LIKE 'D'");
    assert_eq!(show.cell(0, "target_lag").unwrap(), "5 minutes");
    q(
        &mut e,
        &create("5 minutes", "SELECT id, amount FROM orders"),
    );
    assert_eq!(
        rows(&mut e, "SELECT * FROM d ORDER BY id"),
        [["1", "10.00"], ["2", "20.00"]]
    );
    q(
        &mut e,
        "ALTER DYNAMIC TABLE d SET INITIALIZATION_WAREHOUSE = big COMMENT = 'orders'",
    );
    let show = q(&mut e, "SHOW DYNAMIC TABLES LIKE 'D'");
    assert_eq!(show.cell(0, "initialization_warehouse").unwrap(), "BIG");
    assert_eq!(show.cell(0, "comment").unwrap(), "orders");
    q(
        &mut e,
        "ALTER DYNAMIC TABLE d UNSET INITIALIZATION_WAREHOUSE, COMMENT",
    );
    let show = q(&mut e, "SHOW DYNAMIC TABLES LIKE 'D'");
    assert_eq!(show.cell(0, "initialization_warehouse").unwrap(), "NULL");
    assert_eq!(show.cell(0, "comment").unwrap(), "NULL");
    // A clustering key is kept and shown (nothing reclusters here); DROP CLUSTERING KEY removes it.
    q(
        &mut e,
        "ALTER DYNAMIC TABLE d CLUSTER BY (id, TO_DATE(amount))",
    );
    q(&mut e, "ALTER DYNAMIC TABLE d SUSPEND_RECLUSTER");
    let show = q(&mut e, "SHOW DYNAMIC TABLES LIKE 'D'");
    assert_eq!(
        show.cell(0, "cluster_by").unwrap(),
        "LINEAR(id, TO_DATE(amount))"
    );
    q(&mut e, "ALTER DYNAMIC TABLE d DROP CLUSTERING KEY");
    let show = q(&mut e, "SHOW DYNAMIC TABLES LIKE 'D'");
    assert_eq!(show.cell(0, "cluster_by").unwrap(), "");
}

/// show-objects and show-dynamic-tables: `IN` scopes to an account, database or schema; without
/// it, to the current database; LIKE, STARTS WITH and LIMIT filter.
#[test]
fn show_is_scoped_like_snowflake() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE TABLE analytics.staging.stg_orders (id NUMBER)",
    );
    q(
        &mut e,
        "CREATE VIEW analytics.staging.v AS SELECT id FROM analytics.staging.stg_orders",
    );
    q(
        &mut e,
        "CREATE DYNAMIC TABLE analytics.staging.dt TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT id FROM analytics.staging.stg_orders",
    );
    q(&mut e, "CREATE DATABASE other");
    q(&mut e, "CREATE TABLE other.public.elsewhere (id NUMBER)");
    q(&mut e, "USE DATABASE analytics");
    let objects = q(&mut e, "show objects in analytics.staging limit 10000");
    assert_eq!(
        objects
            .text_rows()
            .iter()
            .map(|r| {
                let cell = |c: &str| r[objects.column_index(c).unwrap()].clone();
                [cell("name"), cell("kind"), cell("is_dynamic")]
            })
            .collect::<Vec<_>>(),
        [
            ["DT", "TABLE", "Y"],
            ["STG_ORDERS", "TABLE", "N"],
            ["V", "VIEW", "N"]
        ]
    );
    assert_eq!(
        q(&mut e, "SHOW TABLES").rows.len(),
        3,
        "the current database"
    );
    assert_eq!(q(&mut e, "SHOW TABLES IN ACCOUNT").rows.len(), 4);
    assert_eq!(q(&mut e, "SHOW TABLES IN DATABASE other").rows.len(), 1);
    assert_eq!(q(&mut e, "SHOW TABLES IN SCHEMA staging").rows.len(), 2);
    assert_eq!(
        q(&mut e, "SHOW TABLES IN ACCOUNT STARTS WITH 'STG'")
            .rows
            .len(),
        1
    );
    assert_eq!(q(&mut e, "SHOW TABLES IN ACCOUNT LIMIT 2").rows.len(), 2);
    let err = e
        .execute("SHOW TABLES IN SCHEMA analytics.nope")
        .unwrap_err();
    assert_eq!(err.code, "002003", "{err}");
}

/// sql-reference/transactions: ROLLBACK undoes the transaction's DML, COMMIT keeps it, and DDL
/// commits the open transaction first.
#[test]
fn transactions_commit_and_roll_back() {
    let mut e = engine_with(SETUP);
    q(&mut e, "BEGIN");
    q(&mut e, "INSERT INTO orders VALUES (3, 30)");
    q(&mut e, "DELETE FROM orders WHERE id = 1");
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM orders"), "2");
    q(&mut e, "ROLLBACK");
    assert_eq!(
        rows(&mut e, "SELECT id FROM orders ORDER BY id"),
        [["1"], ["2"]]
    );
    q(&mut e, "BEGIN TRANSACTION");
    q(&mut e, "INSERT INTO orders VALUES (3, 30)");
    q(&mut e, "COMMIT");
    q(&mut e, "ROLLBACK");
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM orders"), "3");
    q(&mut e, "BEGIN");
    q(&mut e, "INSERT INTO orders VALUES (4, 40)");
    q(&mut e, "CREATE TABLE audit (id NUMBER)");
    assert!(!e.in_transaction(), "DDL committed the transaction");
    q(&mut e, "ROLLBACK");
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM orders"), "4");
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM audit"), "0");
}

/// The exported DDL recreates the options dbt sets (SCHEDULER, INITIALIZATION_WAREHOUSE, a
/// column list), and the constraints of tables.
#[test]
fn exported_ddl_keeps_the_new_options() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE DYNAMIC TABLE d (k COMMENT 'key', v) WAREHOUSE = wh INITIALIZATION_WAREHOUSE = big
         SCHEDULER = 'DISABLE' AS SELECT id, amount FROM orders",
    );
    q(
        &mut e,
        "CREATE TABLE keyed (id NUMBER, CONSTRAINT pk PRIMARY KEY (id))",
    );
    let ddl = e.export_ddl();
    let mut copy = engine_with(&ddl);
    let show = |e: &mut snowglobe_engine::Engine| {
        let r = q(e, "SHOW DYNAMIC TABLES IN ACCOUNT");
        [
            "name",
            "target_lag",
            "scheduler",
            "warehouse",
            "initialization_warehouse",
        ]
        .map(|c| r.cell(0, c).unwrap())
    };
    assert_eq!(show(&mut copy), show(&mut e));
    assert_eq!(
        q(&mut copy, "DESC DYNAMIC TABLE analytics.public.d").text_rows(),
        q(&mut e, "DESC DYNAMIC TABLE analytics.public.d").text_rows()
    );
    assert_eq!(copy.export_ddl(), ddl);
}

/// dbt-snowflake reads SHOW output through `RESULT_SCAN(LAST_QUERY_ID())` (sql-reference/functions/
/// result_scan, last_query_id) and exports definitions with GET_DDL (functions/get_ddl).
#[test]
fn result_scan_of_the_last_query_and_get_ddl() {
    let mut e = engine_with(SETUP);
    // LAST_QUERY_ID() in an expression is the previous statement's id, as RESULT_SCAN reads it.
    q(&mut e, "SELECT 42 AS answer");
    let id = e.last_query_id().unwrap().to_owned();
    assert_eq!(scalar(&mut e, "SELECT LAST_QUERY_ID()"), id);
    assert_eq!(
        scalar(
            &mut e,
            &format!("SELECT answer FROM TABLE(RESULT_SCAN('{id}'))")
        ),
        "42"
    );
    q(
        &mut e,
        "create dynamic table d target_lag = '2 minutes' warehouse = wh as (select id from orders)",
    );
    q(
        &mut e,
        "show dynamic tables like 'D' in schema analytics.public",
    );
    let last = e.last_query_id().unwrap().to_owned();
    assert_eq!(
        rows(
            &mut e,
            "select \"name\", \"target_lag\", \"refresh_mode\" from table(result_scan(last_query_id()))"
        ),
        [["D", "2 minutes", "ADAPTIVE"]]
    );
    assert_eq!(
        scalar(
            &mut e,
            &format!("select count(*) from table(result_scan('{last}'))")
        ),
        "1"
    );
    assert_eq!(
        scalar(
            &mut e,
            "select \"COUNT(*)\" from table(result_scan(last_query_id()))"
        ),
        "1",
        "the previous statement is now the count"
    );
    let ddl = scalar(
        &mut e,
        "SELECT GET_DDL('dynamic_table', 'analytics.public.d')",
    );
    assert!(
        ddl.starts_with("CREATE OR REPLACE DYNAMIC TABLE ANALYTICS.PUBLIC.D"),
        "{ddl}"
    );
    assert!(ddl.contains("TARGET_LAG = '2 minutes'"), "{ddl}");
    let err = e.execute("SELECT GET_DDL('table', 'nope')").unwrap_err();
    assert!(
        err.to_string().contains("Table 'NOPE' does not exist"),
        "{err}"
    );
}

/// alter-dynamic-table (RENAME TO, SWAP WITH) and alter-table (RENAME TO), as dbt runs them when it
/// replaces a relation: the object keeps its rows, definition and history under the new name; an
/// object that dynamic tables read cannot be renamed away from them; a failed rename changes nothing.
#[test]
fn rename_and_swap_move_objects_with_their_rows() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE DYNAMIC TABLE big TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT id, amount FROM orders WHERE amount > 15",
    );
    q(
        &mut e,
        "CREATE DYNAMIC TABLE small TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT id, amount FROM orders WHERE amount <= 15",
    );
    q(&mut e, "ALTER DYNAMIC TABLE big RENAME TO big_backup");
    assert_eq!(rows(&mut e, "SELECT id FROM big_backup"), [["2"]]);
    fails(&mut e, "SELECT * FROM big", "002003", "does not exist");
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'BIG_BACKUP'))"
        ),
        "1",
        "the initial refresh's record moved with the table"
    );
    q(&mut e, "INSERT INTO orders VALUES (3, 30)");
    q(&mut e, "ALTER DYNAMIC TABLE big_backup REFRESH");
    assert_eq!(
        rows(&mut e, "SELECT id FROM big_backup ORDER BY id"),
        [["2"], ["3"]]
    );
    // SWAP WITH exchanges the two tables' names.
    q(&mut e, "ALTER DYNAMIC TABLE small SWAP WITH big_backup");
    assert_eq!(
        rows(&mut e, "SELECT id FROM small ORDER BY id"),
        [["2"], ["3"]]
    );
    assert_eq!(rows(&mut e, "SELECT id FROM big_backup"), [["1"]]);
    let show = q(&mut e, "SHOW DYNAMIC TABLES LIKE 'SMALL'");
    assert!(show.cell(0, "text").unwrap().contains("amount > 15"));
    // Renaming to a taken name, or what dynamic tables read, is refused and changes nothing.
    fails(
        &mut e,
        "ALTER DYNAMIC TABLE small RENAME TO big_backup",
        "002002",
        "already exists",
    );
    fails(
        &mut e,
        "ALTER TABLE orders RENAME TO orders_v1",
        "002057",
        "dynamic tables depend on it",
    );
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM orders"), "3");
    q(&mut e, "CREATE TABLE scratch_t (id NUMBER)");
    q(&mut e, "INSERT INTO scratch_t VALUES (7)");
    q(&mut e, "ALTER TABLE scratch_t RENAME TO staging.kept");
    assert_eq!(scalar(&mut e, "SELECT id FROM staging.kept"), "7");
}
