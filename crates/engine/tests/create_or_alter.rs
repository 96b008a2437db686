//! `CREATE OR ALTER DYNAMIC TABLE` on an existing dynamic table, as Snowflake's pages describe it:
//! sql-reference/sql/create-dynamic-table (variant CREATE OR ALTER) and user-guide/dynamic-tables
//! "Modify dynamic tables". Options that keep the data (TARGET_LAG, WAREHOUSE, COMMENT, ...) change
//! in place; a new query, column list or REFRESH_MODE reinitializes the same object; a statement that
//! matches the table is a no-op; a failing one changes nothing.

mod common;
use common::*;
use snowglobe_engine::Duration;
use snowglobe_engine::Engine;
use snowglobe_engine::history::{RefreshAction, RefreshRecord, RefreshTrigger};

const SETUP: &str = "
CREATE DATABASE shop;
USE SCHEMA shop.public;
CREATE TABLE orders (id NUMBER, amount NUMBER(10,2));
INSERT INTO orders VALUES (1, 10), (2, 20), (3, 30);
CREATE OR ALTER DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = wh
    AS SELECT id, amount FROM orders WHERE amount > 10;
CREATE DYNAMIC TABLE g TARGET_LAG = '5 minutes' WAREHOUSE = wh
    AS SELECT COUNT(*) AS n FROM d;
";

fn alter(lag: &str, mode: &str, query: &str) -> String {
    format!(
        "CREATE OR ALTER DYNAMIC TABLE d TARGET_LAG = '{lag}' WAREHOUSE = wh REFRESH_MODE = {mode} AS {query}"
    )
}

const QUERY: &str = "SELECT id, amount FROM orders WHERE amount > 10";

fn history_of<'a>(e: &'a Engine, name: &str) -> Vec<&'a RefreshRecord> {
    e.refresh_history()
        .iter()
        .filter(|r| r.table.name == name)
        .collect()
}

fn show_d(e: &mut Engine, column: &str) -> String {
    q(e, "SHOW DYNAMIC TABLES LIKE 'D'")
        .cell(0, column)
        .unwrap_or_default()
}

/// create-dynamic-table, CREATE OR ALTER: a new TARGET_LAG is set in place; the rows and the refresh
/// history stay, and SHOW DYNAMIC TABLES shows the new lag.
#[test]
fn a_new_lag_keeps_rows_and_history() {
    let mut e = engine_with(SETUP);
    e.advance(Duration::minutes(2));
    let before = e.refresh_history().to_vec();
    let created_on = show_d(&mut e, "created_on");
    q(&mut e, &alter("2 minutes", "AUTO", QUERY));
    assert_eq!(e.refresh_history(), before.as_slice(), "nothing refreshed");
    assert_eq!(show_d(&mut e, "target_lag"), "2 minutes");
    assert_eq!(show_d(&mut e, "created_on"), created_on);
    assert_eq!(rows(&mut e, "SELECT id FROM d ORDER BY id"), [["2"], ["3"]]);
}

/// "Modify dynamic tables": a new query reinitializes the same dynamic table. Its refresh history
/// keeps the earlier rows and gains a REINITIALIZE; its rows and columns follow the new query; it
/// keeps its creation time; the table downstream reinitializes at its next refresh.
#[test]
fn a_new_query_reinitializes_in_place() {
    let mut e = engine_with(SETUP);
    e.advance(Duration::minutes(6));
    let created_on = show_d(&mut e, "created_on");
    e.advance(Duration::seconds(30));
    let earlier = history_of(&e, "D").len();
    assert!(earlier > 1);
    q(
        &mut e,
        &alter(
            "1 minute",
            "AUTO",
            "SELECT id, amount, amount * 2 AS doubled FROM orders",
        ),
    );
    let history = history_of(&e, "D");
    assert_eq!(history.len(), earlier + 1, "earlier refreshes kept");
    let last = history.last().expect("a refresh");
    assert_eq!(last.action, RefreshAction::Reinitialize);
    assert_eq!(last.trigger, RefreshTrigger::Creation);
    assert_eq!(
        rows(&mut e, "SELECT * FROM d ORDER BY id"),
        [
            ["1", "10.00", "20.00"],
            ["2", "20.00", "40.00"],
            ["3", "30.00", "60.00"]
        ]
    );
    assert_eq!(show_d(&mut e, "created_on"), created_on);
    assert_eq!(show_d(&mut e, "rows"), "3");
    q(&mut e, "ALTER DYNAMIC TABLE g REFRESH");
    let gold = history_of(&e, "G");
    assert_eq!(
        gold.last().map(|r| r.action),
        Some(RefreshAction::Reinitialize)
    );
    assert_eq!(scalar(&mut e, "SELECT n FROM g"), "3");
}

/// "Modify dynamic tables": a new REFRESH_MODE reinitializes the table, which then shows it.
#[test]
fn a_new_refresh_mode_reinitializes() {
    let mut e = engine_with(SETUP);
    assert_eq!(show_d(&mut e, "refresh_mode"), "ADAPTIVE");
    q(&mut e, &alter("1 minute", "FULL", QUERY));
    assert_eq!(show_d(&mut e, "refresh_mode"), "FULL");
    assert_eq!(
        history_of(&e, "D").last().map(|r| r.action),
        Some(RefreshAction::Reinitialize)
    );
    q(&mut e, "INSERT INTO orders VALUES (4, 40)");
    q(&mut e, "ALTER DYNAMIC TABLE d REFRESH");
    assert_eq!(
        history_of(&e, "D").last().map(|r| r.action),
        Some(RefreshAction::Full)
    );
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM d"), "3");
}

/// create-dynamic-table, CREATE OR ALTER: a statement that matches the table changes nothing, and
/// records no refresh.
#[test]
fn an_identical_statement_is_a_no_op() {
    let mut e = engine_with(SETUP);
    let before = e.refresh_history().len();
    let catalog = e.catalog().clone();
    q(
        &mut e,
        "CREATE OR ALTER DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = wh
    AS SELECT id, amount FROM orders WHERE amount > 10",
    );
    assert_eq!(e.refresh_history().len(), before);
    assert_eq!(e.catalog(), &catalog);
}

/// A new query that fails (a column that does not exist) leaves the table, its rows, its state and
/// its history as they were.
#[test]
fn a_failing_new_query_changes_nothing() {
    let mut e = engine_with(SETUP);
    e.advance(Duration::minutes(2));
    let history = e.refresh_history().to_vec();
    let catalog = e.catalog().clone();
    let show = q(&mut e, "SHOW DYNAMIC TABLES").text_rows();
    let err = e
        .execute(&alter("1 minute", "AUTO", "SELECT id, nope FROM orders"))
        .expect_err("no such column");
    assert_eq!(err.code, "000904", "{err}");
    assert_eq!(e.refresh_history(), history.as_slice());
    assert_eq!(e.catalog(), &catalog);
    assert_eq!(q(&mut e, "SHOW DYNAMIC TABLES").text_rows(), show);
    assert_eq!(rows(&mut e, "SELECT id FROM d ORDER BY id"), [["2"], ["3"]]);
    q(&mut e, "INSERT INTO orders VALUES (4, 40)");
    q(&mut e, "ALTER DYNAMIC TABLE d REFRESH");
    assert_eq!(
        history_of(&e, "D").last().map(|r| r.action),
        Some(RefreshAction::Incremental),
        "its incremental state survived"
    );
}
