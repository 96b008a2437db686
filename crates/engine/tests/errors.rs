//! Bad input: a Snowflake-style error naming the statement, the problem and the position, and no
//! change to any state.

mod common;
use common::*;
use snowglobe_engine::{Engine, pipelines};

/// Everything observable about a session, to compare before and after a failed statement.
fn snapshot(e: &mut Engine) -> String {
    let mut s = e.export_ddl();
    for t in ["raw_orders", "orders_derived", "orders_aggregated"] {
        s.push_str(&q(e, &format!("SELECT * FROM {t} ORDER BY 1, 2, 3")).to_csv());
    }
    s.push_str(&format!(
        "{:?}{:?}{}",
        e.refresh_history(),
        e.task_history(),
        e.now()
    ));
    s.push_str(&format!("{:?}", e.catalog()));
    s
}

/// A bad statement, the error code it must get, and the (line, position) the error must name.
type Case = (&'static str, &'static str, Option<(u64, u64)>);

#[test]
fn invalid_statements_are_rejected_and_change_nothing() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    feed(&mut e, 9, 120);
    let cases: &[Case] = &[
        ("SELEC * FROM raw_orders", "001003", Some((1, 0))),
        ("SELECT * FROM raw_orders WHERE", "001003", Some((1, 30))),
        ("SELECT nope FROM raw_orders", "000904", Some((1, 7))),
        ("SELECT * FROM missing_table", "002003", Some((1, 14))),
        (
            "INSERT INTO raw_orders (order_id, bogus) VALUES ('x', 1)",
            "000904",
            Some((1, 34)),
        ),
        (
            "INSERT INTO raw_orders (order_id, amount) VALUES ('x', 1), ('y', 123456789.99)",
            "100038",
            None,
        ),
        (
            "INSERT INTO orders_derived (order_id) VALUES ('x')",
            "002057",
            Some((1, 12)),
        ),
        ("UPDATE raw_orders SET amount = 1e12", "100038", None),
        ("UPDATE raw_orders SET nothing = 1", "000904", Some((1, 22))),
        (
            "SELECT unknown_fn(amount) FROM raw_orders",
            "002057",
            Some((1, 7)),
        ),
        (
            "CREATE DYNAMIC TABLE d TARGET_LAG = '10 seconds' WAREHOUSE = w AS SELECT * FROM raw_orders",
            "002057",
            Some((1, 36)),
        ),
        (
            "CREATE DYNAMIC TABLE d TARGET_LAG = '1 minute' AS SELECT * FROM raw_orders",
            "002057",
            Some((1, 47)),
        ),
        (
            "CREATE DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = w AS SELECT * FROM nowhere",
            "002003",
            Some((1, 78)),
        ),
        (
            "CREATE DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = w REFRESH_MODE = INCREMENTAL AS\nSELECT order_id, CURRENT_TIMESTAMP() AS t FROM raw_orders",
            "002711",
            Some((2, 0)),
        ),
        (
            "CREATE OR REPLACE TABLE raw_orders (a NUMBER(50,2))",
            "002057",
            None,
        ),
        (
            "CREATE TABLE orders_derived (a NUMBER)",
            "002002",
            Some((1, 13)),
        ),
        (
            "ALTER DYNAMIC TABLE nothing REFRESH",
            "002003",
            Some((1, 20)),
        ),
        ("ALTER TASK refresh_gold_layer FLY", "001003", Some((1, 30))),
        ("DROP TABLE raw_orders", "002057", Some((1, 11))),
        (
            "CREATE TASK t2 SCHEDULE = 'often' AS SELECT 1",
            "002057",
            Some((1, 26)),
        ),
        (
            "CALL SYSTEM$REFRESH_DYNAMIC_TABLE('ECOMM_CDC.PUBLIC.NOPE')",
            "002003",
            Some((1, 34)),
        ),
        (
            "SELECT r.order_id FROM raw_orders r JOIN raw_orders t ON r.order_id = t.order_id FULL OUTER JOIN raw_orders s ON r.order_id = s.order_id",
            "002040",
            Some((1, 97)),
        ),
        (
            "SELECT order_id FROM raw_orders UNION SELECT order_id, status FROM raw_orders",
            "002057",
            None,
        ),
        (
            "SELECT ROW_NUMBER() OVER (PARTITION BY status) FROM raw_orders",
            "002057",
            Some((1, 7)),
        ),
        (
            "CREATE STREAM s ON VIEW cdc_monitoring",
            "002040",
            Some((1, 19)),
        ),
        (
            "SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'x', RESULT_LIMIT => 'many'))",
            "002057",
            Some((1, 20)),
        ),
        (
            "SELECT * FROM TABLE(INFORMATION_SCHEMA.NO_SUCH_FUNCTION())",
            "002003",
            Some((1, 20)),
        ),
        (
            "SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(TASK => 'x'))",
            "002057",
            Some((1, 20)),
        ),
        (
            "SELECT * FROM raw_orders WHERE status LIKE ANY ('A%', 'B%')",
            "002040",
            Some((1, 48)),
        ),
        (
            "SELECT * FROM raw_orders WHERE status ILIKE 'a!_%' ESCAPE '!!'",
            "002040",
            Some((1, 58)),
        ),
        (
            "SELECT * FROM raw_orders WHERE status LIKE order_id ESCAPE '!'",
            "002040",
            Some((1, 43)),
        ),
        (
            "SELECT * FROM raw_orders WHERE status LIKE 'a%!' ESCAPE '!'",
            "002057",
            Some((1, 43)),
        ),
    ];
    for (sql, code, position) in cases {
        let before = snapshot(&mut e);
        let err = e.execute(sql).expect_err(sql);
        let text = err.to_string();
        assert_eq!(err.code, *code, "{sql}: {text}");
        assert!(
            text.contains("SQL compilation error") || text.contains("SQL execution error"),
            "{text}"
        );
        assert!(text.contains("in statement: "), "{text}");
        if let Some((line, column)) = position {
            let p = err
                .position
                .unwrap_or_else(|| panic!("{sql}: no position in {text}"));
            assert_eq!((p.line, p.column), (*line, *column), "{sql}: {text}");
            assert!(
                text.contains(&format!("line {line} at position {column}")),
                "{text}"
            );
        }
        assert_eq!(snapshot(&mut e), before, "{sql} changed state");
    }
}

#[test]
fn a_failing_statement_in_a_script_keeps_the_ones_before_it_and_names_its_line() {
    let mut e = Engine::new(start());
    let err = e
        .execute_script("CREATE DATABASE a;\nCREATE TABLE t (x NUMBER);\nINSERT INTO t VALUES (1);\nSELECT y FROM t;\nINSERT INTO t VALUES (2);")
        .unwrap_err();
    assert_eq!(err.code, "000904");
    assert_eq!(err.position.map(|p| (p.line, p.column)), Some((4, 7)));
    assert_eq!(err.statement.as_deref(), Some("SELECT y FROM t"));
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM t"), "1");
}

#[test]
fn a_create_whose_initial_refresh_fails_leaves_nothing_behind() {
    let mut e =
        engine_with("CREATE DATABASE a; CREATE TABLE t (x STRING); INSERT INTO t VALUES ('abc');");
    let before = e.export_ddl();
    let err = e
        .execute("CREATE DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = w AS SELECT CAST(x AS NUMBER) AS n FROM t")
        .unwrap_err();
    assert!(err.to_string().contains("SQL execution error"), "{err}");
    assert_eq!(e.export_ddl(), before);
    assert!(e.refresh_history().is_empty());
}

#[test]
fn unknown_columns_are_rejected_at_compile_time_even_over_empty_tables() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    let cases: &[Case] = &[
        ("SELECT nope FROM raw_orders", "000904", Some((1, 7))),
        (
            "SELECT order_id FROM raw_orders WHERE statu = 'X'",
            "000904",
            Some((1, 38)),
        ),
        ("SELECT r.nope FROM raw_orders r", "000904", Some((1, 9))),
        (
            "SELECT status, COUNT(*) FROM raw_orders GROUP BY stat",
            "000904",
            Some((1, 49)),
        ),
        (
            "CREATE DYNAMIC TABLE typo TARGET_LAG = '1 minute' WAREHOUSE = wh AS\nSELECT order_id, amout FROM raw_orders",
            "000904",
            Some((2, 17)),
        ),
    ];
    for (sql, code, position) in cases {
        let before = snapshot(&mut e);
        let err = e.execute(sql).expect_err(sql);
        assert_eq!(err.code, *code, "{sql}: {err}");
        let p = err.position.expect("a position");
        assert_eq!(Some((p.line, p.column)), *position, "{sql}: {err}");
        assert_eq!(snapshot(&mut e), before, "{sql} changed state");
    }
    // What Snowflake accepts still runs: select-list aliases in WHERE and GROUP BY, bare date
    // parts, correlated and derived-table columns.
    for sql in [
        "SELECT amount * 2 AS doubled FROM raw_orders WHERE doubled > 10",
        "SELECT status AS s, COUNT(*) FROM raw_orders GROUP BY s",
        "SELECT DATEDIFF(day, order_date, processed_at) FROM raw_orders",
        "SELECT DATE_TRUNC(month, order_date) AS m FROM raw_orders",
        "SELECT o.order_id FROM raw_orders o WHERE EXISTS (SELECT 1 FROM orders_derived d WHERE d.order_id = o.order_id)",
        "SELECT x.id FROM (SELECT order_id AS id FROM raw_orders) x WHERE x.id IS NOT NULL",
    ] {
        e.execute(sql).unwrap_or_else(|err| panic!("{sql}: {err}"));
    }
}

#[test]
fn a_missing_object_is_named_as_written() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    for (sql, expected) in [
        (
            "SELECT * FROM missing_table",
            "Object 'MISSING_TABLE' does not exist or not authorized.",
        ),
        (
            "SELECT * FROM public.\"Missing\"",
            "Object 'PUBLIC.Missing' does not exist or not authorized.",
        ),
        (
            "DELETE FROM ecomm_cdc.public.gone",
            "Table 'ECOMM_CDC.PUBLIC.GONE' does not exist or not authorized.",
        ),
        (
            "ALTER DYNAMIC TABLE nope SUSPEND",
            "Dynamic table 'NOPE' does not exist or not authorized.",
        ),
    ] {
        let err = e.execute(sql).expect_err(sql);
        assert_eq!(err.message, expected, "{sql}");
    }
}
