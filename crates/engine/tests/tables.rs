//! Tables around pipelines (docs: sql-reference/sql/create-table — AS SELECT, LIKE, CLONE, and
//! constraints, which Snowflake accepts without enforcing them — and sql/alter-table — ADD, DROP
//! and RENAME COLUMN). Expected rows are worked out by hand from those pages.

mod common;
use common::*;

const SETUP: &str = "
CREATE DATABASE shop;
CREATE TABLE orders (id NUMBER, customer VARCHAR, amount NUMBER(10,2));
INSERT INTO orders VALUES (1, 'ann', 10.50), (2, 'bob', 20.00), (3, 'ann', 5.25);
";

#[test]
fn create_table_as_select_like_and_clone() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE OR REPLACE TRANSIENT TABLE by_customer AS (
           SELECT customer, SUM(amount) AS total, COUNT(*) AS n FROM orders GROUP BY customer)",
    );
    assert_eq!(
        rows(&mut e, "SELECT * FROM by_customer ORDER BY customer"),
        [["ann", "15.75", "2"], ["bob", "20.00", "1"]]
    );
    let desc = q(&mut e, "DESCRIBE TABLE by_customer");
    assert_eq!(
        desc.text_rows()
            .iter()
            .map(|r| r[1].clone())
            .collect::<Vec<_>>(),
        ["VARCHAR(16777216)", "NUMBER(38,2)", "NUMBER(18,0)"]
    );
    q(
        &mut e,
        "CREATE TABLE renamed (who VARCHAR, total NUMBER(12,1), n NUMBER) AS SELECT * FROM by_customer",
    );
    assert_eq!(
        rows(&mut e, "SELECT who, total FROM renamed WHERE n = 1"),
        [["bob", "20.0"]]
    );
    q(&mut e, "CREATE TABLE empty_copy LIKE orders");
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM empty_copy"), "0");
    q(&mut e, "INSERT INTO empty_copy VALUES (9, 'cy', 1.005)");
    assert_eq!(
        scalar(&mut e, "SELECT amount FROM empty_copy"),
        "1.01",
        "the type came along"
    );
    q(&mut e, "CREATE TABLE snapshot CLONE orders");
    q(&mut e, "DELETE FROM orders WHERE id = 1");
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM snapshot"),
        "3",
        "a clone is independent"
    );
}

#[test]
fn constraints_are_kept_not_enforced() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE TABLE customers (id NUMBER PRIMARY KEY RELY, email VARCHAR UNIQUE,
           region VARCHAR, CONSTRAINT fk_region FOREIGN KEY (region) REFERENCES regions (code) NORELY)",
    );
    q(
        &mut e,
        "INSERT INTO customers VALUES (1, 'a@x', 'EU'), (1, 'a@x', 'XX')",
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM customers"),
        "2",
        "not enforced"
    );
    let ddl = e.export_ddl();
    assert!(ddl.contains("PRIMARY KEY (ID)"), "{ddl}");
    assert!(ddl.contains("UNIQUE (EMAIL)"), "{ddl}");
    assert!(
        ddl.contains("CONSTRAINT fk_region FOREIGN KEY (region) REFERENCES regions(code)"),
        "{ddl}"
    );
}

#[test]
fn alter_table_adds_drops_and_renames_columns() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE DYNAMIC TABLE spend TARGET_LAG = '1 minute' WAREHOUSE = wh AS
         SELECT customer, SUM(amount) AS total FROM orders GROUP BY customer",
    );
    q(
        &mut e,
        "ALTER TABLE orders ADD COLUMN channel VARCHAR DEFAULT 'web'",
    );
    assert_eq!(
        rows(&mut e, "SELECT id, channel FROM orders ORDER BY id"),
        [["1", "web"], ["2", "web"], ["3", "web"]]
    );
    q(
        &mut e,
        "INSERT INTO orders (id, customer, amount) VALUES (4, 'cy', 1)",
    );
    assert_eq!(
        scalar(&mut e, "SELECT channel FROM orders WHERE id = 4"),
        "web"
    );
    q(&mut e, "ALTER TABLE orders DROP COLUMN channel");
    q(&mut e, "ALTER TABLE orders RENAME COLUMN id TO order_id");
    assert_eq!(
        rows(
            &mut e,
            "SELECT order_id, customer, amount FROM orders ORDER BY order_id"
        ),
        [
            ["1", "ann", "10.50"],
            ["2", "bob", "20.00"],
            ["3", "ann", "5.25"],
            ["4", "cy", "1.00"]
        ]
    );
    let r = q(&mut e, "ALTER DYNAMIC TABLE spend REFRESH");
    assert_eq!(r.cell(0, "refresh_action").unwrap(), "REINITIALIZE");
    assert_eq!(
        rows(&mut e, "SELECT * FROM spend ORDER BY customer"),
        [["ann", "15.75"], ["bob", "20.00"], ["cy", "1.00"]]
    );
    q(&mut e, "ALTER TABLE orders RENAME COLUMN amount TO value");
    let err = e.execute("ALTER DYNAMIC TABLE spend REFRESH").unwrap_err();
    assert!(
        err.to_string().contains("invalid identifier 'AMOUNT'"),
        "{err}"
    );
    let err = e
        .execute("ALTER TABLE orders DROP COLUMN nope")
        .unwrap_err();
    assert!(
        err.to_string().contains("invalid identifier 'NOPE'"),
        "{err}"
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM orders"),
        "4",
        "nothing changed"
    );
}
