//! The feeder appended to the exported DDL: a Snowflake Scripting procedure and a task that fill the
//! bronze table as the seed's `mock_cdc_data.py` does, over the columns that table has.

mod common;
use common::*;
use snowglobe_engine::dialect::split::split_statements;
use snowglobe_engine::{Engine, pipelines};

/// The order and CDC columns the feeder may write.
const WRITTEN: [&str; 9] = [
    "ORDER_ID",
    "CUSTOMER_ID",
    "ORDER_DATE",
    "STATUS",
    "AMOUNT",
    "PRODUCT_ID",
    "QUANTITY",
    "CHANGE_TYPE",
    "PROCESSED_AT",
];

fn feeder_part(full: &str, ddl: &str) -> String {
    assert!(
        full.starts_with(ddl),
        "the pipeline DDL comes first, unchanged"
    );
    full[ddl.len()..].to_owned()
}

/// The column list of the INSERT, and the columns the UPDATE sets.
fn written_columns(feeder: &str) -> (Vec<String>, Vec<String>) {
    let insert = feeder
        .lines()
        .find_map(|l| l.trim().strip_prefix("INSERT INTO "))
        .expect("an INSERT");
    let list = &insert[insert.find('(').unwrap() + 1..insert.rfind(')').unwrap()];
    let inserted = list.split(", ").map(str::to_owned).collect();
    let set_at = feeder.find("                SET\n").expect("an UPDATE");
    let updated = feeder[set_at..]
        .lines()
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with("WHERE"))
        .filter_map(|l| {
            let l = l.trim_start();
            l.split_once(" = ").map(|(c, _)| c.to_owned())
        })
        .collect();
    (inserted, updated)
}

#[test]
fn cdc_variant_feeder_writes_the_order_and_cdc_columns() {
    let e = engine_with(pipelines::ECOMM_CDC);
    let full = e.export_ddl_with_feeder("raw_orders").unwrap();
    let f = feeder_part(&full, &e.export_ddl());
    assert!(
        f.contains(
            "CREATE OR REPLACE PROCEDURE ECOMM_CDC.PUBLIC.FEED_RAW_ORDERS(iterations INTEGER)\n\
             RETURNS VARCHAR\nLANGUAGE SQL\n"
        ),
        "{f}"
    );
    assert!(
        f.contains("AS\n$$\nDECLARE\n") && f.contains("\nEND;\n$$;\n"),
        "{f}"
    );
    assert!(
        f.contains(
            "CREATE OR REPLACE TASK ECOMM_CDC.PUBLIC.FEED_RAW_ORDERS_TASK\nWAREHOUSE = COMPUTE_WH\n\
             SCHEDULE = '1 MINUTE'\n"
        ),
        "{f}"
    );
    assert!(
        f.contains("AS\nCALL ECOMM_CDC.PUBLIC.FEED_RAW_ORDERS(11);\n"),
        "{f}"
    );
    assert!(f.contains("\nALTER TASK ECOMM_CDC.PUBLIC.FEED_RAW_ORDERS_TASK RESUME;\n"));
    assert!(
        f.contains("\n-- CALL ECOMM_CDC.PUBLIC.FEED_RAW_ORDERS(200);\n"),
        "{f}"
    );

    let (inserted, updated) = written_columns(&f);
    assert_eq!(inserted, WRITTEN[..7].to_vec());
    assert_eq!(
        updated,
        [
            "STATUS",
            "AMOUNT",
            "QUANTITY",
            "ORDER_DATE",
            "CHANGE_TYPE",
            "PROCESSED_AT"
        ]
    );
    assert!(f.contains("CHANGE_TYPE = 'UPDATE'") && f.contains("ORDER_DATE = CURRENT_TIMESTAMP()"));
    assert!(
        f.contains("-- RECORD_SOURCE, PROCESSED_AT, CHANGE_TYPE take their column defaults."),
        "an INSERT leaves the CDC columns to their defaults, as the generator's SQL does"
    );
    assert!(f.contains("DELETE FROM ECOMM_CDC.PUBLIC.RAW_ORDERS WHERE ORDER_ID = :picked;"));
}

#[test]
fn feeder_draws_the_seed_distributions() {
    let e = engine_with(pipelines::ECOMM_CDC);
    let f = e.feeder("raw_orders").unwrap().to_sql();
    for expected in [
        "IF (op_draw < 0.70) THEN",
        "ELSEIF (op_draw < 0.95) THEN",
        "'ORD' || TO_VARCHAR(UNIFORM(1, 1000, RANDOM())) AS ORDER_ID",
        "'CUST' || TO_VARCHAR(UNIFORM(1, 500, RANDOM())) AS CUSTOMER_ID",
        "'PROD' || TO_VARCHAR(UNIFORM(1, 50, RANDOM())) AS PRODUCT_ID",
        "DATEADD(DAY, -UNIFORM(0, 365, RANDOM()), CURRENT_TIMESTAMP()) AS ORDER_DATE",
        "WHEN :status_draw < 0.3 THEN 'PENDING'",
        "WHEN :status_draw < 0.7 THEN 'SHIPPED'",
        "WHEN :status_draw < 0.9 THEN 'DELIVERED'",
        "ELSE 'CANCELLED'",
        "ROUND(NORMAL(150, 50, RANDOM()), 2) AS AMOUNT",
        "UNIFORM(1, 5, RANDOM()) AS QUANTITY",
        "WHEN :status_draw < 1 / 3 THEN 'SHIPPED'",
        "WHEN :status_draw < 2 / 3 THEN 'DELIVERED'",
        "IF (picked IS NULL) THEN",
    ] {
        assert!(f.contains(expected), "missing {expected}\n{f}");
    }
}

#[test]
fn plain_variant_feeder_writes_only_the_columns_it_has() {
    let e = engine_with(pipelines::ECOMM);
    let full = e.export_ddl_with_feeder("raw_orders").unwrap();
    let f = feeder_part(&full, &e.export_ddl());
    assert!(
        f.contains("CREATE OR REPLACE PROCEDURE ECOMM.PUBLIC.FEED_RAW_ORDERS(iterations INTEGER)")
    );
    assert!(f.contains(
        "CREATE OR REPLACE TASK ECOMM.PUBLIC.FEED_RAW_ORDERS_TASK\nWAREHOUSE = COMPUTE_WH\n"
    ));
    for absent in [
        "CHANGE_TYPE",
        "PROCESSED_AT",
        "RECORD_SOURCE",
        "column defaults",
    ] {
        assert!(!f.contains(absent), "{absent} in\n{f}");
    }
    let (inserted, updated) = written_columns(&f);
    assert_eq!(inserted, WRITTEN[..7].to_vec());
    assert_eq!(updated, ["STATUS", "AMOUNT", "QUANTITY", "ORDER_DATE"]);
}

#[test]
fn columns_come_from_the_table_and_the_warehouse_from_the_pipeline() {
    let mut e = engine_with(
        "CREATE DATABASE D;
         CREATE TABLE \"Bronze\" (order_id STRING, amount NUMBER(10,2), note STRING DEFAULT 'x');",
    );
    let f = e.feeder("\"Bronze\"").unwrap().to_sql();
    assert!(f.contains("CREATE OR REPLACE PROCEDURE D.PUBLIC.\"FEED_Bronze\"(iterations INTEGER)"));
    assert!(
        f.contains("INSERT INTO D.PUBLIC.\"Bronze\" (ORDER_ID, AMOUNT)\n"),
        "{f}"
    );
    assert!(f.contains("-- NOTE take their column defaults."), "{f}");
    assert_eq!(written_columns(&f).1, ["AMOUNT"]);
    assert!(
        f.contains(
            "-- Placeholder: the pipeline names no warehouse; put one of yours here.\n\
             WAREHOUSE = YOUR_WAREHOUSE\n"
        ),
        "{f}"
    );

    e.execute_script(
        "CREATE DYNAMIC TABLE totals TARGET_LAG = '1 minute' WAREHOUSE = DT_WH
           AS SELECT COUNT(*) AS n FROM \"Bronze\";",
    )
    .unwrap();
    let f = e.feeder("d.public.\"Bronze\"").unwrap().to_sql();
    assert!(f.contains("\nWAREHOUSE = DT_WH\n"), "{f}");
    e.execute_script("CREATE TASK nightly WAREHOUSE = TASK_WH SCHEDULE = '60 MINUTE' AS SELECT 1;")
        .unwrap();
    let f = e.feeder("\"Bronze\"").unwrap().to_sql();
    assert!(f.contains("\nWAREHOUSE = TASK_WH\n"), "{f}");

    let f = engine_with("CREATE DATABASE D; CREATE TABLE ids (order_id STRING);")
        .feeder("ids")
        .unwrap()
        .to_sql();
    assert!(
        f.contains("-- The table has none of the columns an UPDATE sets."),
        "{f}"
    );
    assert!(!f.contains("UPDATE D.PUBLIC.IDS"), "{f}");
}

#[test]
fn pipeline_ddl_before_the_feeder_reimports_to_the_same_catalog() {
    for script in [pipelines::ECOMM_CDC, pipelines::ECOMM] {
        let mut a = engine_with(script);
        feed(&mut a, 3, 40);
        let full = a.export_ddl_with_feeder("raw_orders").unwrap();
        let header = full.find("\n-- ====").expect("a feeder header");
        let ddl = &full[..header];
        assert_eq!(ddl, a.export_ddl());
        let mut b = Engine::new(start());
        b.execute_script(ddl)
            .unwrap_or_else(|e| panic!("{e}\n{ddl}"));
        assert_eq!(b.export_ddl(), a.export_ddl());
        let kinds = |e: &Engine| -> Vec<(String, &'static str)> {
            e.catalog()
                .objects
                .iter()
                .map(|(q, o)| (q.to_string(), o.kind_word()))
                .collect()
        };
        assert_eq!(kinds(&b), kinds(&a));
    }
}

#[test]
fn procedure_body_splits_as_one_statement() {
    let e = engine_with(pipelines::ECOMM_CDC);
    let ddl = e.export_ddl();
    let full = e.export_ddl_with_feeder("raw_orders").unwrap();
    let before = split_statements(&ddl).len();
    let pieces = split_statements(&full);
    assert_eq!(
        pieces.len(),
        before + 3,
        "procedure, task, resume; the CALL is a comment"
    );
    let procedure = &pieces[before].text;
    assert!(
        procedure.starts_with("CREATE OR REPLACE PROCEDURE"),
        "{procedure}"
    );
    assert!(procedure.ends_with("END;\n$$"), "{procedure}");
    assert_eq!(procedure.matches("$$").count(), 2);
    assert!(procedure.matches(';').count() > 10);
    assert!(
        pieces[before + 1]
            .text
            .starts_with("CREATE OR REPLACE TASK")
    );
    assert!(
        pieces[before + 1]
            .text
            .ends_with("CALL ECOMM_CDC.PUBLIC.FEED_RAW_ORDERS(11)")
    );
    assert_eq!(
        pieces[before + 2].text,
        "ALTER TASK ECOMM_CDC.PUBLIC.FEED_RAW_ORDERS_TASK RESUME"
    );
}

#[test]
fn feeder_of_a_missing_table_or_one_without_order_id_is_an_error() {
    let e = engine_with(pipelines::ECOMM_CDC);
    let err = e.export_ddl_with_feeder("nowhere").unwrap_err();
    assert_eq!(err.code, "002003");
    assert!(
        err.to_string().contains("Object 'NOWHERE' does not exist"),
        "{err}"
    );
    assert_eq!(err.position, None, "a table name is not a statement: {err}");
    let mut e = e;
    let err = e.cdc_target("no such").unwrap_err();
    assert_eq!((err.code, err.position), ("002057", None), "{err}");
    let err = e.feeder("orders_derived").unwrap_err();
    assert_eq!(
        err.code, "002003",
        "a dynamic table is not a bronze table: {err}"
    );
    let err = engine_with("CREATE DATABASE D; CREATE TABLE t (id STRING);")
        .feeder("t")
        .unwrap_err();
    assert_eq!(err.code, "000904");
}
