//! The catalog prints itself back as Snowflake DDL; that DDL re-imported gives the same catalog.

mod common;
use common::*;
use snowglobe_engine::catalog::ObjectBody;
use snowglobe_engine::{Engine, pipelines};

const EXTRA: &str = "
CREATE SCHEMA ECOMM_CDC.ANALYTICS;
CREATE TABLE ECOMM_CDC.ANALYTICS.\"Targets\" (\"Month\" NUMBER(2,0) NOT NULL, goal NUMBER(12,2) DEFAULT 0, label VARCHAR(20) COMMENT 'shown on charts');
CREATE VIEW ECOMM_CDC.ANALYTICS.open_orders COMMENT = 'orders not yet closed' AS SELECT order_id, amount FROM ECOMM_CDC.PUBLIC.orders_derived WHERE order_state = 'OPEN';
CREATE DYNAMIC TABLE ECOMM_CDC.ANALYTICS.by_status TARGET_LAG = DOWNSTREAM WAREHOUSE = COMPUTE_WH REFRESH_MODE = FULL INITIALIZE = ON_SCHEDULE
  AS SELECT status, COUNT(*) AS n FROM ECOMM_CDC.PUBLIC.raw_orders GROUP BY status;
CREATE TASK ECOMM_CDC.ANALYTICS.after_gold WAREHOUSE = COMPUTE_WH AFTER ECOMM_CDC.PUBLIC.refresh_gold_layer AS ALTER DYNAMIC TABLE ECOMM_CDC.ANALYTICS.by_status REFRESH;
ALTER DYNAMIC TABLE ECOMM_CDC.PUBLIC.orders_aggregated SUSPEND;
CREATE STREAM ECOMM_CDC.ANALYTICS.new_orders ON TABLE ECOMM_CDC.PUBLIC.raw_orders APPEND_ONLY = TRUE COMMENT = 'inserts only';
CREATE TASK ECOMM_CDC.ANALYTICS.nightly SCHEDULE = 'USING CRON 0 2 * * * UTC' WHEN SYSTEM$STREAM_HAS_DATA('ECOMM_CDC.ANALYTICS.new_orders') AS SELECT 1;
USE SCHEMA ECOMM_CDC.PUBLIC;
";

fn comparable(e: &Engine) -> Vec<String> {
    e.catalog()
        .objects
        .iter()
        .map(|(q, o)| {
            let body = match &o.body {
                ObjectBody::Table {
                    columns,
                    constraints,
                } => format!("TABLE {columns:?} {constraints:?}"),
                ObjectBody::View { columns, text } => format!("VIEW {columns:?} {text}"),
                ObjectBody::DynamicTable(dt) => format!(
                    "DT {:?} {} {:?} {} {:?} {:?} {:?} {:?} {:?} {:?}",
                    dt.columns,
                    dt.text,
                    dt.target_lag,
                    dt.warehouse,
                    dt.refresh_mode,
                    dt.refresh_mode_reason,
                    dt.initialize,
                    dt.state,
                    dt.reads,
                    dt.transient
                ),
                ObjectBody::Task(t) => format!(
                    "TASK {:?} {:?} {:?} {:?} {}",
                    t.warehouse, t.schedule, t.after, t.condition, t.started
                ),
                ObjectBody::Stream(st) => {
                    format!("STREAM {} {} {:?}", st.table, st.append_only, st.columns)
                }
            };
            format!("{q} {body} {:?}", o.comment)
        })
        .collect()
}

#[test]
fn exported_ddl_reimports_to_the_same_catalog() {
    let mut a = engine_with(pipelines::ECOMM_CDC);
    a.execute_script(EXTRA).unwrap();
    feed(&mut a, 8, 50);
    let ddl = a.export_ddl();
    assert!(
        !ddl.contains("SYSTEM$REFRESH_DYNAMIC_TABLE"),
        "the seed's alias is exported as real Snowflake SQL"
    );
    assert!(
        ddl.contains("AS\nALTER DYNAMIC TABLE ECOMM_CDC.PUBLIC.ORDERS_AGGREGATED REFRESH;"),
        "{ddl}"
    );
    assert!(ddl.contains("CREATE OR REPLACE DYNAMIC TABLE ECOMM_CDC.PUBLIC.ORDERS_DERIVED\nTARGET_LAG = '1 minute'\nWAREHOUSE = COMPUTE_WH"), "{ddl}");
    assert!(ddl.contains("\"Month\" NUMBER(2,0) NOT NULL"), "{ddl}");
    assert!(
        ddl.contains("ALTER TASK ECOMM_CDC.PUBLIC.REFRESH_GOLD_LAYER RESUME;"),
        "{ddl}"
    );
    assert!(
        ddl.contains("ALTER DYNAMIC TABLE ECOMM_CDC.PUBLIC.ORDERS_AGGREGATED SUSPEND;"),
        "{ddl}"
    );

    let mut b = Engine::new(start());
    b.execute_script(&ddl)
        .unwrap_or_else(|e| panic!("{e}\n{ddl}"));
    assert_eq!(comparable(&b), comparable(&a));
    assert_eq!(b.export_ddl(), ddl);
}

#[test]
fn both_seed_variants_export_and_reimport() {
    for script in [pipelines::ECOMM_CDC, pipelines::ECOMM] {
        let a = engine_with(script);
        let mut b = Engine::new(start());
        b.execute_script(&a.export_ddl()).unwrap();
        assert_eq!(b.export_ddl(), a.export_ddl());
        assert_eq!(comparable(&b), comparable(&a));
    }
}
