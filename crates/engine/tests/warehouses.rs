//! Warehouses as account-level session objects: each case names the Snowflake docs page it models
//! (sql-reference/sql/create-warehouse, alter-warehouse, drop-warehouse, show-warehouses,
//! use-warehouse), and the dynamic tables quickstart whose script starts with the warehouse.

mod common;
use common::*;
use snowglobe_engine::{Engine, PipelineChange, QueryResult, pipelines};

/// The prelude of Snowflake's dynamic tables quickstarts.
const PRELUDE: &str = "CREATE WAREHOUSE IF NOT EXISTS compute_wh WITH WAREHOUSE_SIZE = 'XSMALL' \
     AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE;\n\
     USE WAREHOUSE compute_wh;\n";

fn status(result: &QueryResult) -> String {
    result.text_rows()[0][0].clone()
}

fn show(e: &mut Engine, like: &str) -> QueryResult {
    q(e, &format!("SHOW WAREHOUSES LIKE '{like}'"))
}

/// Quickstart prelude (create-warehouse, show-warehouses): it runs, and SHOW WAREHOUSES shows the
/// warehouse as created: suspended, X-Small, 60 seconds, the session's current one.
#[test]
fn the_quickstart_prelude_runs_and_shows_its_warehouse() {
    let mut e = engine_with(PRELUDE);
    let r = q(&mut e, "SHOW WAREHOUSES");
    assert_eq!(r.rows.len(), 1);
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names[..22],
        [
            "name",
            "state",
            "type",
            "size",
            "min_cluster_count",
            "max_cluster_count",
            "started_clusters",
            "running",
            "queued",
            "is_default",
            "is_current",
            "auto_suspend",
            "auto_resume",
            "available",
            "provisioning",
            "quiescing",
            "other",
            "created_on",
            "resumed_on",
            "updated_on",
            "owner",
            "comment",
        ]
    );
    for (column, value) in [
        ("name", "COMPUTE_WH"),
        ("state", "SUSPENDED"),
        ("type", "STANDARD"),
        ("size", "X-Small"),
        ("auto_suspend", "60"),
        ("auto_resume", "true"),
        ("is_current", "Y"),
        ("started_clusters", "0"),
    ] {
        assert_eq!(r.cell(0, column).unwrap(), value, "{column}");
    }
}

/// create-warehouse: IF NOT EXISTS of an existing warehouse succeeds and changes nothing.
#[test]
fn if_not_exists_twice_succeeds_and_keeps_the_first() {
    let mut e = engine_with(PRELUDE);
    let again = q(
        &mut e,
        "CREATE WAREHOUSE IF NOT EXISTS compute_wh WAREHOUSE_SIZE = LARGE",
    );
    assert_eq!(
        status(&again),
        "COMPUTE_WH already exists, statement succeeded."
    );
    assert_eq!(show(&mut e, "compute%").cell(0, "size").unwrap(), "X-Small");
}

/// create-warehouse: the status line, and the already-exists error without IF NOT EXISTS.
#[test]
fn creating_an_existing_warehouse_is_an_error() {
    let mut e = Engine::new(start());
    let created = q(&mut e, "CREATE WAREHOUSE analytics_wh");
    assert_eq!(
        status(&created),
        "Warehouse ANALYTICS_WH successfully created."
    );
    let err = fails(
        &mut e,
        "CREATE WAREHOUSE analytics_wh",
        "002002",
        "'ANALYTICS_WH' already exists",
    );
    assert!(err.position.is_some(), "{err}");
}

/// create-warehouse: OR REPLACE makes a new warehouse with the properties given (the others back
/// to their defaults).
#[test]
fn or_replace_makes_the_warehouse_again() {
    let mut e = engine_with(PRELUDE);
    q(
        &mut e,
        "CREATE OR REPLACE WAREHOUSE compute_wh WAREHOUSE_SIZE = MEDIUM COMMENT = 'bigger'",
    );
    let r = show(&mut e, "COMPUTE_WH");
    assert_eq!(r.cell(0, "size").unwrap(), "Medium");
    assert_eq!(r.cell(0, "state").unwrap(), "STARTED");
    assert_eq!(r.cell(0, "auto_suspend").unwrap(), "600");
    assert_eq!(r.cell(0, "comment").unwrap(), "bigger");
}

/// alter-warehouse: SET changes the properties given, UNSET returns one to its default; SHOW
/// WAREHOUSES reflects both.
#[test]
fn alter_set_and_unset_show_in_show_warehouses() {
    let mut e = engine_with(PRELUDE);
    q(
        &mut e,
        "ALTER WAREHOUSE compute_wh SET WAREHOUSE_SIZE = 'X-LARGE' COMMENT = 'for the demo', \
         MAX_CLUSTER_COUNT = 3 STATEMENT_TIMEOUT_IN_SECONDS = 600",
    );
    let r = show(&mut e, "compute_wh");
    assert_eq!(r.cell(0, "size").unwrap(), "X-Large");
    assert_eq!(r.cell(0, "comment").unwrap(), "for the demo");
    assert_eq!(r.cell(0, "max_cluster_count").unwrap(), "3");
    assert_eq!(r.cell(0, "state").unwrap(), "SUSPENDED");
    q(
        &mut e,
        "ALTER WAREHOUSE compute_wh UNSET COMMENT, WAREHOUSE_SIZE",
    );
    let r = show(&mut e, "compute_wh");
    assert_eq!(r.cell(0, "size").unwrap(), "X-Small");
    assert_eq!(r.cell(0, "comment").unwrap(), "");
}

/// alter-warehouse: SUSPEND and RESUME change the state; suspending a suspended warehouse or
/// resuming a started one is an error, RESUME IF SUSPENDED never is.
#[test]
fn suspend_and_resume() {
    let mut e = engine_with(PRELUDE);
    fails(
        &mut e,
        "ALTER WAREHOUSE compute_wh SUSPEND",
        "090064",
        "Invalid state. Warehouse 'COMPUTE_WH' cannot be suspended.",
    );
    q(&mut e, "ALTER WAREHOUSE compute_wh RESUME");
    assert_eq!(
        show(&mut e, "compute_wh").cell(0, "state").unwrap(),
        "STARTED"
    );
    fails(
        &mut e,
        "ALTER WAREHOUSE compute_wh RESUME",
        "090064",
        "cannot be resumed",
    );
    let r = q(&mut e, "ALTER WAREHOUSE compute_wh RESUME IF SUSPENDED");
    assert_eq!(status(&r), "Statement executed successfully.");
    q(&mut e, "ALTER WAREHOUSE compute_wh SUSPEND");
    assert_eq!(
        show(&mut e, "compute_wh").cell(0, "state").unwrap(),
        "SUSPENDED"
    );
    q(&mut e, "ALTER WAREHOUSE compute_wh RESUME IF SUSPENDED");
    assert_eq!(
        show(&mut e, "compute_wh").cell(0, "state").unwrap(),
        "STARTED"
    );
}

/// alter-warehouse: RENAME TO keeps the warehouse under its new name, and the session's current
/// warehouse follows it; IF EXISTS of a missing one succeeds.
#[test]
fn rename_and_if_exists() {
    let mut e = engine_with(PRELUDE);
    q(&mut e, "ALTER WAREHOUSE compute_wh RENAME TO demo_wh");
    assert_eq!(show(&mut e, "%").rows.len(), 1);
    assert_eq!(show(&mut e, "demo_wh").cell(0, "size").unwrap(), "X-Small");
    assert_eq!(scalar(&mut e, "SELECT CURRENT_WAREHOUSE()"), "DEMO_WH");
    fails(
        &mut e,
        "ALTER WAREHOUSE compute_wh SUSPEND",
        "002003",
        "Warehouse 'COMPUTE_WH' does not exist or not authorized.",
    );
    q(&mut e, "ALTER WAREHOUSE IF EXISTS compute_wh SUSPEND");
}

/// drop-warehouse: the status line; a missing warehouse is an error, or a success with IF EXISTS.
#[test]
fn drop_and_drop_if_exists() {
    let mut e = engine_with(PRELUDE);
    let dropped = q(&mut e, "DROP WAREHOUSE compute_wh");
    assert_eq!(status(&dropped), "COMPUTE_WH successfully dropped.");
    assert!(q(&mut e, "SHOW WAREHOUSES").rows.is_empty());
    fails(
        &mut e,
        "DROP WAREHOUSE compute_wh",
        "002003",
        "Warehouse 'COMPUTE_WH' does not exist or not authorized.",
    );
    let r = q(&mut e, "DROP WAREHOUSE IF EXISTS compute_wh");
    assert_eq!(
        status(&r),
        "Drop statement executed successfully (COMPUTE_WH already dropped)."
    );
}

/// show-warehouses: LIKE filters names without regard to case; quoted names keep their case.
#[test]
fn show_warehouses_like_filters_by_name() {
    let mut e = engine_with(
        "CREATE WAREHOUSE etl_wh; CREATE WAREHOUSE reporting_wh; CREATE WAREHOUSE \"adhoc\";",
    );
    let names = |r: QueryResult| -> Vec<String> {
        r.text_rows()
            .into_iter()
            .map(|row| row[0].clone())
            .collect()
    };
    assert_eq!(names(show(&mut e, "%ETL%")), ["ETL_WH"]);
    assert_eq!(names(show(&mut e, "%_wh")), ["ETL_WH", "REPORTING_WH"]);
    assert_eq!(
        names(q(&mut e, "SHOW WAREHOUSES")),
        ["ETL_WH", "REPORTING_WH", "adhoc"]
    );
}

/// create-warehouse and use-warehouse: CREATE makes the warehouse current; USE changes it, for a
/// created warehouse or (a deliberate difference) any name.
#[test]
fn current_warehouse_follows_create_and_use() {
    let mut e = Engine::new(start());
    assert_eq!(scalar(&mut e, "SELECT CURRENT_WAREHOUSE()"), "NULL");
    q(&mut e, "CREATE WAREHOUSE first_wh");
    assert_eq!(scalar(&mut e, "SELECT CURRENT_WAREHOUSE()"), "FIRST_WH");
    q(
        &mut e,
        "CREATE WAREHOUSE second_wh INITIALLY_SUSPENDED = TRUE",
    );
    assert_eq!(scalar(&mut e, "SELECT CURRENT_WAREHOUSE()"), "SECOND_WH");
    q(&mut e, "USE WAREHOUSE first_wh");
    assert_eq!(scalar(&mut e, "SELECT CURRENT_WAREHOUSE()"), "FIRST_WH");
    let r = q(&mut e, "SHOW WAREHOUSES");
    let current: Vec<String> = (0..2).map(|i| r.cell(i, "is_current").unwrap()).collect();
    assert_eq!(current, ["Y", "N"]);
    q(&mut e, "USE WAREHOUSE never_created");
    assert_eq!(
        scalar(&mut e, "SELECT CURRENT_WAREHOUSE()"),
        "NEVER_CREATED"
    );
}

/// create-warehouse: a property a warehouse does not have, or a size it cannot be, is an error
/// that points at it, and creates nothing.
#[test]
fn an_unknown_property_is_an_error_at_its_position() {
    let mut e = Engine::new(start());
    let err = fails(
        &mut e,
        "CREATE WAREHOUSE w WAREHOUSE_SIZE = SMALL COLOR = 'blue'",
        "002057",
        "Invalid property 'COLOR' for 'WAREHOUSE'.",
    );
    let position = err.position.expect("a position");
    assert_eq!((position.line, position.column), (1, 42));
    let err = fails(
        &mut e,
        "CREATE WAREHOUSE w WAREHOUSE_SIZE = HUGE",
        "002057",
        "Invalid value ['HUGE'] for property 'WAREHOUSE_SIZE'",
    );
    assert_eq!(err.position.map(|p| p.column), Some(36));
    assert!(q(&mut e, "SHOW WAREHOUSES").rows.is_empty());
}

/// alter-warehouse: a statement that fails leaves the warehouse as it was (MIN_CLUSTER_COUNT
/// above MAX_CLUSTER_COUNT is refused after the SET is read).
#[test]
fn a_failing_alter_changes_nothing() {
    let mut e = engine_with(PRELUDE);
    fails(
        &mut e,
        "ALTER WAREHOUSE compute_wh SET MIN_CLUSTER_COUNT = 4",
        "002057",
        "MIN_CLUSTER_COUNT (4) cannot be greater than MAX_CLUSTER_COUNT (1)",
    );
    assert_eq!(
        show(&mut e, "compute_wh")
            .cell(0, "min_cluster_count")
            .unwrap(),
        "1"
    );
}

/// The quickstart shape: CREATE WAREHOUSE before the seed pipeline, whose dynamic tables name
/// that warehouse.
#[test]
fn a_script_with_create_warehouse_runs_the_seed_pipeline() {
    let mut e = engine_with(&format!("{PRELUDE}{}", pipelines::ECOMM_CDC));
    assert_eq!(scalar(&mut e, "SELECT CURRENT_WAREHOUSE()"), "COMPUTE_WH");
    let dts = q(&mut e, "SHOW DYNAMIC TABLES");
    assert!(!dts.rows.is_empty());
    assert_eq!(dts.cell(0, "warehouse").unwrap(), "COMPUTE_WH");
    assert_eq!(show(&mut e, "compute_wh").rows.len(), 1);
}

/// Engine::apply_pipeline: a CREATE WAREHOUSE of an existing warehouse keeps it (its state too)
/// and leaves it out of the summary; a script that stops creating it does not drop it.
#[test]
fn apply_pipeline_keeps_an_existing_warehouse() {
    let script = format!("{PRELUDE}{}", pipelines::ECOMM_CDC);
    let mut e = engine_with(&script);
    q(&mut e, "ALTER WAREHOUSE compute_wh RESUME");
    let changes = e.apply_pipeline(&script, &script).expect("applies");
    let warehouse = changes
        .objects
        .iter()
        .find(|o| o.kind == "WAREHOUSE")
        .expect("the warehouse is reported");
    assert_eq!(warehouse.change, PipelineChange::Kept);
    assert!(changes.unchanged(), "{}", changes.summary());
    assert!(
        !changes.summary().contains("COMPUTE_WH"),
        "{}",
        changes.summary()
    );
    assert_eq!(
        show(&mut e, "compute_wh").cell(0, "state").unwrap(),
        "STARTED"
    );
    e.apply_pipeline(&script, pipelines::ECOMM_CDC)
        .expect("applies");
    assert_eq!(show(&mut e, "compute_wh").rows.len(), 1);
}
