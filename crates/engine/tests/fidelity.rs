//! Answers that used to be silently wrong, each against what Snowflake's documentation says (the
//! expected values are worked out by hand from the page named on each test).

mod common;
use common::*;

const SETUP: &str = "
CREATE DATABASE shop;
CREATE SCHEMA shop.sales;
CREATE TABLE orders (id NUMBER, customer VARCHAR, amount NUMBER(10,2), placed DATE,
                     at TIMESTAMP_NTZ, ratio FLOAT);
INSERT INTO orders VALUES
  (0, 'ann', 10.00, '2024-01-01', '2024-01-01 08:00:00', 0.5),
  (1, 'bob', 20.50, '2024-02-15', '2024-02-15 12:30:00', 1.5),
  (2, 'cy',  30.25, '2024-03-31', '2024-03-31 23:59:59', 2.5);
";

/// docs: sql-reference/data-type-conversion ("Implicit casting (coercion)"): a VARCHAR compared with
/// a NUMBER, DATE or TIMESTAMP is cast to that type, in queries and in DML alike.
#[test]
fn text_literals_compare_as_the_type_they_meet() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        scalar(&mut e, "SELECT customer FROM orders WHERE id = '1'"),
        "bob"
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM orders WHERE '1' < id"),
        "1"
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM orders WHERE id IN ('0', '2')"),
        "2"
    );
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM orders WHERE amount BETWEEN '15' AND '30.25'"
        ),
        "2"
    );
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM orders WHERE placed >= '2024-02-15'"
        ),
        "2"
    );
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM orders WHERE at < '2024-02-15 12:30:01'"
        ),
        "2"
    );
    assert_eq!(
        scalar(&mut e, "SELECT id + '5' FROM orders WHERE id = 2"),
        "7"
    );
    assert_eq!(
        scalar(
            &mut e,
            "SELECT IFF(id = '2', 'two', 'other') FROM orders WHERE id = 2"
        ),
        "two"
    );
    assert_eq!(
        scalar(
            &mut e,
            "SELECT CASE id WHEN '1' THEN 'one' ELSE 'other' END FROM orders WHERE id = 1"
        ),
        "one"
    );
    let updated = q(
        &mut e,
        "UPDATE orders SET amount = amount + '1' WHERE id = '2'",
    );
    assert_eq!(updated.text_rows(), [["1"]]);
    assert_eq!(
        scalar(&mut e, "SELECT amount FROM orders WHERE id = 2"),
        "31.25"
    );
    let deleted = q(&mut e, "DELETE FROM orders WHERE id = '0'");
    assert_eq!(deleted.text_rows(), [["1"]]);
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM orders"), "2");
}

/// docs: sql-reference/data-types-numeric (FLOAT): a number with a fractional part goes into a
/// FLOAT column as is.
#[test]
fn fractional_numbers_go_into_float_columns() {
    let mut e = engine_with(SETUP);
    q(&mut e, "CREATE TABLE f (x FLOAT)");
    q(&mut e, "INSERT INTO f VALUES (2.5), (3), ('4.25')");
    assert_eq!(
        rows(&mut e, "SELECT x FROM f ORDER BY x"),
        [["2.5"], ["3"], ["4.25"]]
    );
    assert_eq!(
        scalar(&mut e, "SELECT SUM(ratio) FROM orders WHERE ratio > 1"),
        "4"
    );
}

/// docs: sql-reference/constructs/with: a CTE may read the CTEs defined before it in the same WITH,
/// and its name hides a table of that name from its own definition onward (the dbt staging idiom
/// `with customers as (select ... from customers), final as (select * from customers)`).
#[test]
fn ctes_see_earlier_ctes_and_shadow_tables_from_their_definition_on() {
    let mut e = engine_with(SETUP);
    q(&mut e, "CREATE TABLE customers (id NUMBER, name VARCHAR)");
    q(
        &mut e,
        "INSERT INTO customers VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')",
    );
    assert_eq!(
        rows(
            &mut e,
            "WITH customers AS (SELECT id, UPPER(name) AS name FROM customers WHERE id < 3),
                  final AS (SELECT * FROM customers)
             SELECT name FROM final ORDER BY id"
        ),
        [["ANN"], ["BOB"]]
    );
    assert_eq!(
        rows(
            &mut e,
            "WITH a AS (SELECT 1 AS n), b AS (SELECT n + 1 AS n FROM a), c AS (SELECT n * 10 AS n FROM b)
             SELECT n FROM c"
        ),
        [["20"]]
    );
    // A later CTE is not visible to an earlier one: `first` reads the table, not the CTE.
    assert_eq!(
        scalar(
            &mut e,
            "WITH first AS (SELECT COUNT(*) AS n FROM orders), orders AS (SELECT 1 AS x)
             SELECT n FROM first"
        ),
        "3"
    );
    // Without a same-named table, a CTE reading an earlier CTE still resolves.
    assert_eq!(
        scalar(
            &mut e,
            "WITH base AS (SELECT id FROM orders), twice AS (SELECT COUNT(*) AS n FROM base)
             SELECT n FROM twice"
        ),
        "3"
    );
}

/// docs: sql-reference/functions/ceil and functions/floor: the second argument is the scale to
/// round to, negative for tens, hundreds, ...
#[test]
fn ceil_and_floor_keep_their_scale() {
    let mut e = engine_with(SETUP);
    for (sql, want) in [
        ("CEIL(12.341, 2)", "12.35"),
        ("FLOOR(-12.345, 1)", "-12.4"),
        ("CEIL(10.01, 1)", "10.1"),
        ("FLOOR(1234.5, -2)", "1200"),
        ("CEIL(1234.5, -2)", "1300"),
        ("CEIL(-0.5)", "0"),
        ("FLOOR(2.9)", "2"),
        ("CEILING(2.1)", "3"),
    ] {
        assert_eq!(scalar(&mut e, &format!("SELECT {sql}")), want, "{sql}");
    }
}

/// docs: user-guide/dynamic-tables-refresh ("reinitialization"): when a base table is replaced, the
/// dynamic table is rebuilt from it, its columns found by name; a column that is gone fails the
/// refresh.
#[test]
fn a_replaced_source_is_read_by_column_name() {
    for mode in ["INCREMENTAL", "FULL"] {
        let mut e = engine_with(SETUP);
        q(&mut e, "CREATE TABLE t (x NUMBER, z NUMBER)");
        q(&mut e, "INSERT INTO t VALUES (1, 100), (2, 200)");
        q(
            &mut e,
            &format!(
                "CREATE DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = wh REFRESH_MODE = {mode}
                 AS SELECT x, z FROM t"
            ),
        );
        q(&mut e, "CREATE OR REPLACE TABLE t (z NUMBER, x NUMBER)");
        q(&mut e, "INSERT INTO t VALUES (300, 3), (400, 4)");
        q(&mut e, "ALTER DYNAMIC TABLE d REFRESH");
        assert_eq!(
            rows(&mut e, "SELECT x, z FROM d ORDER BY x"),
            [["3", "300"], ["4", "400"]],
            "{mode}"
        );
        q(&mut e, "CREATE OR REPLACE TABLE t (z NUMBER, y NUMBER)");
        let err = e.execute("ALTER DYNAMIC TABLE d REFRESH").unwrap_err();
        assert!(
            err.to_string().contains("invalid identifier 'X'"),
            "{mode}: {err}"
        );
        assert_eq!(
            rows(&mut e, "SELECT x, z FROM d ORDER BY x"),
            [["3", "300"], ["4", "400"]],
            "{mode}: a failed refresh keeps the rows"
        );
    }
}

/// docs: sql-reference/functions/in — `x [NOT] IN (SELECT …)` follows SQL's NULL rules: a NULL among
/// the values (or a NULL x) makes a non-match NULL, so `NOT IN` over a subquery with a NULL keeps no
/// rows; an empty subquery gives FALSE even for a NULL x. Expected values as DuckDB computes them.
#[test]
fn in_subqueries_follow_sql_nulls() {
    let mut e = engine_with(
        "CREATE DATABASE d;
         CREATE TABLE a (x NUMBER); CREATE TABLE b (y NUMBER); CREATE TABLE c (y NUMBER);
         INSERT INTO a VALUES (1), (2), (NULL);
         INSERT INTO b VALUES (1), (NULL);
         INSERT INTO c VALUES (1);",
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT x, x IN (SELECT y FROM b), x NOT IN (SELECT y FROM b), x IN (SELECT y FROM c),
                    x NOT IN (SELECT y FROM c), x NOT IN (SELECT y FROM c WHERE y > 5)
             FROM a ORDER BY x"
        ),
        [
            ["1", "TRUE", "FALSE", "TRUE", "FALSE", "TRUE"],
            ["2", "NULL", "NULL", "FALSE", "TRUE", "TRUE"],
            ["NULL", "NULL", "NULL", "NULL", "NULL", "TRUE"],
        ]
    );
    assert!(rows(&mut e, "SELECT x FROM a WHERE x NOT IN (SELECT y FROM b)").is_empty());
    q(&mut e, "DELETE FROM a WHERE x NOT IN (SELECT y FROM c)");
    assert_eq!(
        rows(&mut e, "SELECT x FROM a ORDER BY x"),
        [["1"], ["NULL"]]
    );
}
