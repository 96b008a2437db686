//! Window functions and QUALIFY in queries, views and dynamic tables. Each test names the Snowflake
//! documentation page it models; the data is ours and the expected rows are worked out by hand
//! under the rules those pages state (NULLs sort last ascending and first descending; without a
//! frame, an aggregate with ORDER BY is cumulative over the current row's peers, and FIRST_VALUE /
//! LAST_VALUE cover the whole partition).

mod common;
use common::*;

const SETUP: &str = "
CREATE DATABASE shop;
CREATE TABLE raw_orders (order_id NUMBER, status VARCHAR, amount NUMBER(10,2),
                         updated_at TIMESTAMP_NTZ, region VARCHAR);
INSERT INTO raw_orders VALUES
  (1, 'PENDING',   10.00, '2024-01-01 10:00:00', 'EU'),
  (1, 'SHIPPED',   10.00, '2024-01-01 12:00:00', 'EU'),
  (2, 'PENDING',   25.50, '2024-01-01 11:00:00', 'US'),
  (3, 'PENDING',    7.25, '2024-01-02 09:00:00', 'EU'),
  (3, 'CANCELLED',  7.25, '2024-01-02 10:30:00', 'EU'),
  (3, 'REFUNDED',   7.25, '2024-01-03 08:00:00', 'EU'),
  (4, 'PENDING',   40.00, '2024-01-03 09:00:00', NULL);
CREATE TABLE sales (region VARCHAR, rep VARCHAR, amount NUMBER);
INSERT INTO sales VALUES ('EU', 'ann', 100), ('EU', 'bob', 80), ('EU', 'cy', 80), ('EU', 'dee', 50),
                         ('US', 'eve', 120), ('US', 'fay', NULL);
CREATE TABLE daily (day NUMBER, amount NUMBER);
INSERT INTO daily VALUES (1, 10), (2, 20), (3, 30), (4, 40);
";

/// docs: sql-reference/constructs/qualify — the latest row per key, the pattern CDC pipelines dedup
/// with, written with the window in QUALIFY, through a select-list alias, and with `*`.
#[test]
fn qualify_keeps_the_latest_row_per_key() {
    let mut e = engine_with(SETUP);
    let latest = [
        ["1", "SHIPPED"],
        ["2", "PENDING"],
        ["3", "REFUNDED"],
        ["4", "PENDING"],
    ];
    assert_eq!(
        rows(
            &mut e,
            "SELECT order_id, status FROM raw_orders
             QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY updated_at DESC) = 1
             ORDER BY order_id"
        ),
        latest
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT order_id, status, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY updated_at DESC) AS rn
             FROM raw_orders QUALIFY rn = 1 ORDER BY 1"
        )
        .into_iter()
        .map(|r| [r[0].clone(), r[1].clone()])
        .collect::<Vec<_>>(),
        latest
    );
    let all = q(
        &mut e,
        "SELECT * FROM raw_orders
         QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY updated_at DESC) = 1
         ORDER BY order_id",
    );
    let names: Vec<&str> = all.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["ORDER_ID", "STATUS", "AMOUNT", "UPDATED_AT", "REGION"]
    );
    assert_eq!(
        all.text_rows()[3],
        ["4", "PENDING", "40.00", "2024-01-03 09:00:00.000", "NULL"]
    );
    // The derived-table form of the same dedup.
    assert_eq!(
        rows(
            &mut e,
            "SELECT order_id, status FROM (
               SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.order_id ORDER BY r.updated_at DESC) AS rn
               FROM raw_orders r) WHERE rn = 1 ORDER BY order_id"
        ),
        latest
    );
}

/// docs: sql-reference/functions/rank, dense_rank, row_number — ties share a rank; a DESC order
/// puts NULL first.
#[test]
fn ranks_share_ties_and_descending_puts_nulls_first() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT rep,
                    RANK() OVER (PARTITION BY region ORDER BY amount DESC) AS r,
                    DENSE_RANK() OVER (PARTITION BY region ORDER BY amount DESC) AS d,
                    ROW_NUMBER() OVER (PARTITION BY region ORDER BY amount DESC, rep) AS n
             FROM sales ORDER BY region, n"
        ),
        [
            ["ann", "1", "1", "1"],
            ["bob", "2", "2", "2"],
            ["cy", "2", "2", "3"],
            ["dee", "4", "3", "4"],
            ["fay", "1", "1", "1"],
            ["eve", "2", "2", "2"],
        ]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT rep FROM sales QUALIFY ROW_NUMBER() OVER (ORDER BY amount NULLS FIRST, rep) <= 2 ORDER BY rep"
        ),
        [["dee"], ["fay"]]
    );
}

/// docs: sql-reference/functions-window-syntax (cumulative and sliding frames) and
/// functions/sum, avg, min, max, count as window functions.
#[test]
fn running_and_sliding_frames() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT day,
                    SUM(amount) OVER (ORDER BY day) AS running,
                    SUM(amount) OVER (ORDER BY day ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS pair,
                    AVG(amount) OVER (ORDER BY day ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS centered,
                    MIN(amount) OVER (ORDER BY day ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS ahead,
                    COUNT(*) OVER () AS n,
                    amount / SUM(amount) OVER () AS share
             FROM daily ORDER BY day"
        ),
        [
            ["1", "10", "10", "15.000000", "10", "4", "0.100000"],
            ["2", "30", "30", "20.000000", "20", "4", "0.200000"],
            ["3", "60", "50", "30.000000", "30", "4", "0.300000"],
            ["4", "100", "70", "35.000000", "40", "4", "0.400000"],
        ]
    );
    // Peers (equal order keys) share a cumulative value under the default RANGE frame.
    assert_eq!(
        rows(
            &mut e,
            "SELECT rep, SUM(amount) OVER (PARTITION BY region ORDER BY amount) AS s
             FROM sales WHERE region = 'EU' ORDER BY amount, rep"
        ),
        [["dee", "50"], ["bob", "210"], ["cy", "210"], ["ann", "310"]]
    );
}

/// docs: sql-reference/functions/lag, lead, first_value, last_value.
#[test]
fn lag_lead_first_and_last_values() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT status,
                    LAG(status) OVER (PARTITION BY order_id ORDER BY updated_at) AS prev,
                    LEAD(status, 1, 'CURRENT') OVER (PARTITION BY order_id ORDER BY updated_at) AS next,
                    FIRST_VALUE(status) OVER (PARTITION BY order_id ORDER BY updated_at) AS first,
                    LAST_VALUE(status) OVER (PARTITION BY order_id ORDER BY updated_at) AS last
             FROM raw_orders WHERE order_id = 3 ORDER BY updated_at"
        ),
        [
            ["PENDING", "NULL", "CANCELLED", "PENDING", "REFUNDED"],
            ["CANCELLED", "PENDING", "REFUNDED", "PENDING", "REFUNDED"],
            ["REFUNDED", "CANCELLED", "CURRENT", "PENDING", "REFUNDED"],
        ]
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT day, amount - LAG(amount) OVER (ORDER BY day) AS change FROM daily ORDER BY day"
        ),
        [["1", "NULL"], ["2", "10"], ["3", "10"], ["4", "10"]]
    );
}

/// docs: sql-reference/functions-analytic ("window functions over aggregates"): windows see the
/// grouped rows.
#[test]
fn windows_over_grouped_rows() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        rows(
            &mut e,
            "SELECT region, SUM(amount) AS total,
                    RANK() OVER (ORDER BY SUM(amount) DESC) AS r,
                    SUM(SUM(amount)) OVER () AS grand
             FROM sales GROUP BY region ORDER BY r"
        ),
        [["EU", "310", "1", "430"], ["US", "120", "2", "430"]]
    );
}

/// docs: user-guide/dynamic-tables-create (a dynamic table that keeps the latest version of each
/// row) and sql-reference/sql/create-view: the dedup in a view and in a dynamic table that follows
/// its source. A ROW_NUMBER dedup is in Snowflake's incremental matrix (user-guide/dynamic-tables/
/// supported-queries): AUTO resolves to ADAPTIVE and an explicit INCREMENTAL is accepted.
#[test]
fn qualify_in_views_and_dynamic_tables() {
    let mut e = engine_with(SETUP);
    let dedup = "SELECT order_id, status, amount FROM raw_orders
                 QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY updated_at DESC) = 1";
    q(&mut e, &format!("CREATE VIEW latest AS {dedup}"));
    assert_eq!(
        rows(
            &mut e,
            "SELECT order_id, status FROM latest WHERE amount > 8 ORDER BY order_id"
        ),
        [["1", "SHIPPED"], ["2", "PENDING"], ["4", "PENDING"]]
    );
    q(
        &mut e,
        &format!(
            "CREATE DYNAMIC TABLE orders_latest TARGET_LAG = '1 minute' WAREHOUSE = wh AS {dedup}"
        ),
    );
    let mode = rows(
        &mut e,
        "SELECT refresh_mode, refresh_mode_reason FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES(NAME => 'ORDERS_LATEST'))",
    );
    assert_eq!(mode[0], ["ADAPTIVE", "NULL"]);
    q(
        &mut e,
        "INSERT INTO raw_orders VALUES (4, 'SHIPPED', 40.00, '2024-01-04 09:00:00', 'US')",
    );
    q(&mut e, "ALTER DYNAMIC TABLE orders_latest REFRESH");
    assert_eq!(
        rows(
            &mut e,
            "SELECT order_id, status FROM orders_latest ORDER BY order_id"
        ),
        [
            ["1", "SHIPPED"],
            ["2", "PENDING"],
            ["3", "REFUNDED"],
            ["4", "SHIPPED"]
        ]
    );
    q(
        &mut e,
        &format!(
            "CREATE DYNAMIC TABLE forced TARGET_LAG = '1 minute' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS {dedup}"
        ),
    );
    assert_eq!(
        rows(&mut e, "SELECT COUNT(*) FROM forced"),
        [["4"]],
        "one row per order"
    );
}

/// docs: sql-reference/functions/row_number (ORDER BY is required in the window) and
/// functions-window-syntax: what Snowglobe does not evaluate yet is refused by name.
#[test]
fn unsupported_and_invalid_windows_are_refused_clearly() {
    let mut e = engine_with(SETUP);
    let err = e
        .execute("SELECT ROW_NUMBER() OVER (PARTITION BY region) FROM sales")
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "Window function type [ROW_NUMBER] requires ORDER BY in window specification"
        ),
        "{err}"
    );
    for (sql, says) in [
        (
            "SELECT SUM(amount) OVER (ORDER BY day RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM daily",
            "RANGE frames with an offset",
        ),
        (
            "SELECT RATIO_TO_REPORT(amount) OVER (PARTITION BY region) FROM sales",
            "RATIO_TO_REPORT",
        ),
        (
            "SELECT SUM(DISTINCT amount) OVER (PARTITION BY region) FROM sales",
            "DISTINCT",
        ),
    ] {
        let err = e.execute(sql).unwrap_err();
        assert!(err.to_string().contains(says), "{sql}: {err}");
        assert!(!err.to_string().contains("translate"), "{sql}: {err}");
    }
}
