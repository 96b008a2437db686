//! Applying an edited seed pipeline to a running session (`Engine::apply_pipeline`), keeping the data
//! as Snowflake would: sql-reference/sql/create-dynamic-table (CREATE OR ALTER) and
//! user-guide/dynamic-tables "Modify dynamic tables" for the dynamic tables, create-table for the
//! tables kept with their rows.

mod common;
use common::*;
use snowglobe_engine::history::{RefreshAction, RefreshTrigger};
use snowglobe_engine::{Duration, Engine, PipelineChange, PipelineChanges, pipelines};

const SILVER: &str = "ECOMM_CDC.PUBLIC.ORDERS_DERIVED";
const GOLD: &str = "ECOMM_CDC.PUBLIC.ORDERS_AGGREGATED";
const BRONZE: &str = "ECOMM_CDC.PUBLIC.RAW_ORDERS";
const TASK: &str = "ECOMM_CDC.PUBLIC.REFRESH_GOLD_LAYER";

/// The ECOMM_CDC seed after some CDC events and a few refreshes.
fn running(pipeline: &str) -> Engine {
    let mut e = engine_with(pipeline);
    feed(&mut e, 7, 300);
    e.advance(Duration::minutes(6));
    e
}

/// `text` with `from` replaced by `to`, which must occur in it.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the script");
    text.replacen(from, to, 1)
}

/// `text` without the part from `start` up to (not including) `end` (or to its end).
fn without(text: &str, start: &str, end: Option<&str>) -> String {
    let from = text.find(start).expect("start marker");
    let to = end.map_or(text.len(), |end| {
        from + text[from..].find(end).expect("end marker")
    });
    format!("{}{}", &text[..from], &text[to..])
}

fn change_of(changes: &PipelineChanges, name: &str) -> PipelineChange {
    changes
        .objects
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("{name} not in {changes:?}"))
        .change
}

fn count(e: &mut Engine, table: &str) -> String {
    scalar(e, &format!("SELECT COUNT(*) FROM {table}"))
}

/// Actions of a table's refreshes after the first `skip` records of the whole history.
fn actions_since(e: &Engine, skip: usize, table: &str) -> Vec<RefreshAction> {
    e.refresh_history()[skip..]
        .iter()
        .filter(|r| r.table.to_string() == table)
        .map(|r| r.action)
        .collect()
}

/// What a person looking at the session sees: rows, histories, SHOW output.
fn observed(e: &mut Engine) -> Vec<Vec<Vec<String>>> {
    let mut seen = vec![vec![vec![
        e.refresh_history().len().to_string(),
        e.task_history().len().to_string(),
    ]]];
    for sql in [
        "SHOW DYNAMIC TABLES IN ACCOUNT",
        "SHOW TABLES IN ACCOUNT",
        "SHOW VIEWS IN ACCOUNT",
        "SHOW TASKS IN ACCOUNT",
        "SELECT * FROM ECOMM_CDC.PUBLIC.RAW_ORDERS",
        "SELECT * FROM ECOMM_CDC.PUBLIC.ORDERS_DERIVED",
        "SELECT * FROM ECOMM_CDC.PUBLIC.ORDERS_AGGREGATED",
    ] {
        let mut found = rows(e, sql);
        found.sort();
        seen.push(found);
    }
    seen
}

/// "Modify dynamic tables": a new TARGET_LAG is set in place. Bronze keeps its rows, the refresh
/// history stays as it was, SHOW shows the new lag, and nothing is reinitialized.
#[test]
fn a_new_silver_lag_is_set_in_place() {
    let mut e = running(pipelines::ECOMM_CDC);
    let bronze = count(&mut e, "raw_orders");
    let history = e.refresh_history().to_vec();
    let script = edit(
        pipelines::ECOMM_CDC,
        "TARGET_LAG = '1 minute'",
        "TARGET_LAG = '2 minutes'",
    );
    let changes = e
        .apply_pipeline(pipelines::ECOMM_CDC, &script)
        .expect("applies");
    assert_eq!(change_of(&changes, SILVER), PipelineChange::Altered);
    assert_eq!(change_of(&changes, GOLD), PipelineChange::Kept);
    assert_eq!(change_of(&changes, BRONZE), PipelineChange::Kept);
    assert!(
        changes.objects.iter().all(|o| !matches!(
            o.change,
            PipelineChange::Reinitialized | PipelineChange::Replaced
        )),
        "{changes:?}"
    );
    let summary = changes.summary();
    assert!(
        summary.starts_with("Altered ORDERS_DERIVED (TARGET_LAG 1 minute → 2 minutes); kept "),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("RAW_ORDERS ({bronze} rows)")),
        "{summary}"
    );
    assert_eq!(e.refresh_history(), history.as_slice());
    assert_eq!(count(&mut e, "raw_orders"), bronze);
    let show = q(&mut e, "SHOW DYNAMIC TABLES LIKE 'ORDERS_DERIVED'");
    assert_eq!(show.cell(0, "target_lag").unwrap(), "2 minutes");
    feed(&mut e, 8, 50);
    e.advance(Duration::minutes(5));
    let after = actions_since(&e, history.len(), SILVER);
    assert!(after.contains(&RefreshAction::Incremental), "{after:?}");
    assert!(
        after
            .iter()
            .all(|a| matches!(a, RefreshAction::Incremental | RefreshAction::NoData)),
        "{after:?}"
    );
}

/// "Modify dynamic tables": a new silver query (one more column) reinitializes silver in place;
/// gold, unchanged, reinitializes at its next refresh; bronze keeps its rows.
#[test]
fn a_new_silver_column_reinitializes_silver_then_gold() {
    let mut e = running(pipelines::ECOMM_CDC);
    let bronze = count(&mut e, "raw_orders");
    let before = e.refresh_history().len();
    let silver_before = e
        .refresh_history()
        .iter()
        .filter(|r| r.table.to_string() == SILVER)
        .count();
    let script = edit(
        pipelines::ECOMM_CDC,
        "    quantity,\n    -- Derived columns",
        "    quantity,\n    amount * quantity AS line_total,\n    -- Derived columns",
    );
    let changes = e
        .apply_pipeline(pipelines::ECOMM_CDC, &script)
        .expect("applies");
    assert_eq!(change_of(&changes, SILVER), PipelineChange::Reinitialized);
    assert_eq!(change_of(&changes, GOLD), PipelineChange::Kept);
    assert_eq!(change_of(&changes, BRONZE), PipelineChange::Kept);
    let reinit = &e.refresh_history()[before..];
    assert_eq!(reinit.len(), 1, "{reinit:?}");
    assert_eq!(reinit[0].table.to_string(), SILVER);
    assert_eq!(reinit[0].action, RefreshAction::Reinitialize);
    assert_eq!(reinit[0].trigger, RefreshTrigger::Creation);
    assert_eq!(
        e.refresh_history()[..before]
            .iter()
            .filter(|r| r.table.to_string() == SILVER)
            .count(),
        silver_before,
        "silver's earlier refreshes are kept"
    );
    assert_eq!(count(&mut e, "raw_orders"), bronze);
    assert_eq!(count(&mut e, "orders_derived"), bronze);
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM orders_derived WHERE line_total = amount * quantity"
        ),
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM raw_orders WHERE amount IS NOT NULL AND quantity IS NOT NULL"
        )
    );
    e.advance(Duration::minutes(5));
    assert_eq!(
        actions_since(&e, before + 1, GOLD).first(),
        Some(&RefreshAction::Reinitialize)
    );
    assert_eq!(
        scalar(&mut e, "SELECT SUM(order_count) FROM orders_aggregated"),
        scalar(
            &mut e,
            "SELECT SUM(n) FROM (SELECT COUNT(DISTINCT order_id) AS n FROM orders_derived \
             GROUP BY order_year, order_month, value_segment)"
        )
    );
}

/// Gold and the task that refreshes it, gone from the script, are dropped; the rest is kept.
#[test]
fn removing_gold_and_its_task_drops_them() {
    let mut e = running(pipelines::ECOMM_CDC);
    let bronze = count(&mut e, "raw_orders");
    let script = without(
        &without(
            pipelines::ECOMM_CDC,
            "CREATE OR REPLACE DYNAMIC TABLE orders_aggregated",
            Some("-- ======================\n-- PIPELINE OPERATIONS"),
        ),
        "-- Refresh task for Gold layer",
        None,
    );
    let changes = e
        .apply_pipeline(pipelines::ECOMM_CDC, &script)
        .expect("applies");
    assert_eq!(change_of(&changes, GOLD), PipelineChange::Dropped);
    assert_eq!(change_of(&changes, TASK), PipelineChange::Dropped);
    assert_eq!(change_of(&changes, SILVER), PipelineChange::Kept);
    assert_eq!(
        change_of(&changes, "ECOMM_CDC.PUBLIC.CDC_MONITORING"),
        PipelineChange::Kept
    );
    assert!(
        changes
            .summary()
            .starts_with("Dropped REFRESH_GOLD_LAYER, ORDERS_AGGREGATED; kept "),
        "{}",
        changes.summary()
    );
    assert_eq!(q(&mut e, "SHOW DYNAMIC TABLES").rows.len(), 1);
    assert!(q(&mut e, "SHOW TASKS").rows.is_empty());
    assert_eq!(count(&mut e, "raw_orders"), bronze);
    assert_eq!(count(&mut e, "orders_derived"), bronze);
}

/// A dynamic table new in the script is created and initialized (a FULL refresh at CREATION).
#[test]
fn a_new_dynamic_table_is_created_and_initialized() {
    let mut e = running(pipelines::ECOMM_CDC);
    let before = e.refresh_history().len();
    let script = format!(
        "{}\n\nCREATE OR REPLACE DYNAMIC TABLE high_value_orders\nWAREHOUSE = 'COMPUTE_WH'\nTARGET_LAG = '1 minute'\nAS\nSELECT order_id, amount FROM orders_derived WHERE value_segment = 'HIGH_VALUE';\n",
        pipelines::ECOMM_CDC
    );
    let changes = e
        .apply_pipeline(pipelines::ECOMM_CDC, &script)
        .expect("applies");
    let new = "ECOMM_CDC.PUBLIC.HIGH_VALUE_ORDERS";
    assert_eq!(change_of(&changes, new), PipelineChange::Created);
    assert_eq!(
        changes.summary().split(';').next(),
        Some("Created HIGH_VALUE_ORDERS")
    );
    let history = &e.refresh_history()[before..];
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].table.to_string(), new);
    assert_eq!(history[0].action, RefreshAction::Full);
    assert_eq!(history[0].trigger, RefreshTrigger::Creation);
    assert_eq!(
        count(&mut e, "high_value_orders"),
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM orders_derived WHERE value_segment = 'HIGH_VALUE'"
        )
    );
}

/// A script that fails part-way (after replacing bronze and reinitializing silver) changes
/// nothing, and its error locates the failing statement in the script. The session then goes on
/// as before: events find their orders, silver refreshes incrementally.
#[test]
fn an_invalid_script_changes_nothing() {
    let mut e = running(pipelines::ECOMM_CDC);
    let catalog = e.catalog().clone();
    let seen = observed(&mut e);
    let script = edit(
        &edit(
            &edit(
                pipelines::ECOMM_CDC,
                "    quantity NUMBER,",
                "    quantity NUMBER(12,0),\n    channel STRING,",
            ),
            "    quantity,\n    -- Derived columns",
            "    quantity,\n    amount * quantity AS line_total,\n    -- Derived columns",
        ),
        "SUM(amount) AS total_revenue",
        "SUM(amountt) AS total_revenue",
    );
    let err = e
        .apply_pipeline(pipelines::ECOMM_CDC, &script)
        .expect_err("gold reads a column that does not exist");
    assert_eq!(err.code, "000904", "{err}");
    let (line, column) = script
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("amountt").map(|c| (i as u64 + 1, c as u64)))
        .expect("the typo");
    let at = err.position.expect("located");
    assert_eq!((at.line, at.column), (line, column), "{err}");
    assert!(
        err.statement
            .as_deref()
            .is_some_and(|s| s.contains("orders_aggregated")),
        "{err}"
    );
    assert_eq!(e.catalog(), &catalog);
    assert_eq!(observed(&mut e), seen);
    let before = e.refresh_history().len();
    feed(&mut e, 9, 50);
    e.advance(Duration::minutes(1));
    assert_eq!(count(&mut e, "orders_derived"), count(&mut e, "raw_orders"));
    let silver = actions_since(&e, before, SILVER);
    assert!(silver.contains(&RefreshAction::Incremental), "{silver:?}");
    assert!(
        silver
            .iter()
            .all(|a| matches!(a, RefreshAction::Incremental | RefreshAction::NoData)),
        "{silver:?}"
    );
    let syntax = e
        .apply_pipeline(pipelines::ECOMM_CDC, "USE DATABASE ECOMM_CDC;\n\nSELEC 1;")
        .expect_err("not SQL");
    assert_eq!(syntax.code, "001003");
    assert_eq!(syntax.position.map(|p| p.line), Some(3), "{syntax}");
}

/// A table created from a worksheet is not part of the pipeline: applying leaves it alone, even
/// when the apply drops what the previous script created.
#[test]
fn a_worksheet_table_survives() {
    let mut e = running(pipelines::ECOMM_CDC);
    q(&mut e, "CREATE TABLE notes (note STRING)");
    q(&mut e, "INSERT INTO notes VALUES ('keep me')");
    let script = without(pipelines::ECOMM_CDC, "-- Refresh task for Gold layer", None);
    let changes = e
        .apply_pipeline(pipelines::ECOMM_CDC, &script)
        .expect("applies");
    assert!(changes.objects.iter().all(|o| !o.name.contains("NOTES")));
    assert_eq!(rows(&mut e, "SELECT note FROM notes"), [["keep me"]]);
}

/// Applying the script the session runs changes nothing, twice in a row: every object kept, no
/// refresh, the task on its former schedule (ECOMM, with its DOWNSTREAM lags and 2-minute task).
#[test]
fn applying_the_same_script_twice_keeps_everything() {
    let mut e = running(pipelines::ECOMM);
    let catalog = e.catalog().clone();
    let history = e.refresh_history().len();
    for _ in 0..2 {
        let changes = e
            .apply_pipeline(pipelines::ECOMM, pipelines::ECOMM)
            .expect("applies");
        assert!(changes.unchanged(), "{changes:?}");
        assert!(
            changes
                .summary()
                .starts_with("Nothing changed: kept RAW_ORDERS ("),
            "{}",
            changes.summary()
        );
        assert_eq!(e.catalog(), &catalog);
        assert_eq!(e.refresh_history().len(), history);
    }
    let mut e = running(pipelines::ECOMM_CDC);
    let script = edit(
        pipelines::ECOMM_CDC,
        "TARGET_LAG = '5 minutes'",
        "TARGET_LAG = '10 minutes'",
    );
    let first = e
        .apply_pipeline(pipelines::ECOMM_CDC, &script)
        .expect("applies");
    assert_eq!(change_of(&first, GOLD), PipelineChange::Altered);
    let catalog = e.catalog().clone();
    let history = e.refresh_history().len();
    let again = e.apply_pipeline(&script, &script).expect("applies");
    assert!(again.unchanged(), "{again:?}");
    assert_eq!(e.catalog(), &catalog);
    assert_eq!(e.refresh_history().len(), history);
}

/// Rows a script inserts into a table it keeps came from its first run: the INSERT is skipped.
/// A table whose columns change is replaced, and the script's INSERT fills it again.
#[test]
fn inserts_into_a_kept_table_are_skipped() {
    let first = "CREATE OR REPLACE DATABASE shop;
CREATE OR REPLACE TABLE regions (code STRING, name STRING) COMMENT = 'lookup';
INSERT INTO regions VALUES ('EU', 'Europe'), ('US', 'United States');
CREATE OR REPLACE DYNAMIC TABLE region_names TARGET_LAG = '1 minute' WAREHOUSE = wh
AS SELECT name FROM regions;";
    let mut e = engine_with(first);
    q(
        &mut e,
        "INSERT INTO regions VALUES ('APAC', 'Asia Pacific')",
    );
    let commented = edit(first, "'lookup'", "'region lookup'");
    let changes = e.apply_pipeline(first, &commented).expect("applies");
    let regions = changes
        .objects
        .iter()
        .find(|o| o.name == "SHOP.PUBLIC.REGIONS")
        .expect("regions");
    assert_eq!(regions.change, PipelineChange::Altered);
    assert_eq!(regions.details, ["comment"]);
    assert_eq!(regions.rows, Some(3));
    assert_eq!(count(&mut e, "regions"), "3");
    let show = q(&mut e, "SHOW TABLES LIKE 'REGIONS'");
    assert_eq!(show.cell(0, "comment").unwrap(), "region lookup");
    let wider = edit(&commented, "name STRING)", "name STRING, active BOOLEAN)");
    let wider = edit(&wider, "'Europe')", "'Europe', TRUE)");
    let wider = edit(&wider, "'United States')", "'United States', TRUE)");
    let changes = e.apply_pipeline(&commented, &wider).expect("applies");
    assert_eq!(
        change_of(&changes, "SHOP.PUBLIC.REGIONS"),
        PipelineChange::Replaced
    );
    assert!(
        changes
            .summary()
            .starts_with("Replaced REGIONS (its earlier rows are gone); kept REGION_NAMES"),
        "{}",
        changes.summary()
    );
    assert_eq!(
        rows(&mut e, "SELECT code, active FROM regions ORDER BY code"),
        [["EU", "TRUE"], ["US", "TRUE"]]
    );
    e.advance(Duration::minutes(1));
    assert_eq!(count(&mut e, "region_names"), "2");
}

/// A view or stream defined as before is kept (a stream with its offset); a new view query
/// replaces the view; a stream on a table replaced by the apply is created again, as the old one
/// would be stale.
#[test]
fn views_and_streams_are_kept_unless_their_definition_or_table_changes() {
    let first = "CREATE OR REPLACE DATABASE shop;
CREATE OR REPLACE TABLE orders (id NUMBER, amount NUMBER);
CREATE OR REPLACE VIEW big AS SELECT id FROM orders WHERE amount > 10;
CREATE OR REPLACE STREAM order_changes ON TABLE orders;";
    let mut e = engine_with(first);
    q(&mut e, "INSERT INTO orders VALUES (1, 5), (2, 50)");
    let changes = e.apply_pipeline(first, first).expect("applies");
    assert!(changes.unchanged(), "{changes:?}");
    assert_eq!(
        count(&mut e, "order_changes"),
        "2",
        "the stream kept its offset"
    );
    let view = edit(first, "amount > 10", "amount > 1");
    let changes = e.apply_pipeline(first, &view).expect("applies");
    assert_eq!(
        change_of(&changes, "SHOP.PUBLIC.BIG"),
        PipelineChange::Replaced
    );
    assert_eq!(
        change_of(&changes, "SHOP.PUBLIC.ORDER_CHANGES"),
        PipelineChange::Kept
    );
    assert_eq!(count(&mut e, "big"), "2");
    let wider = edit(&view, "amount NUMBER)", "amount NUMBER, note STRING)");
    let changes = e.apply_pipeline(&view, &wider).expect("applies");
    assert_eq!(
        change_of(&changes, "SHOP.PUBLIC.ORDERS"),
        PipelineChange::Replaced
    );
    assert_eq!(
        change_of(&changes, "SHOP.PUBLIC.ORDER_CHANGES"),
        PipelineChange::Replaced
    );
    q(&mut e, "INSERT INTO orders VALUES (3, 30, 'new')");
    assert_eq!(count(&mut e, "order_changes"), "1");
}
