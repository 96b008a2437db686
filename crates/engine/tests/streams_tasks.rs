//! Streams, task conditions and schedules, and the dependency graph.

mod common;
use common::*;
use snowglobe_engine::{Duration, pipelines};

const SETUP: &str = "
CREATE DATABASE s;
CREATE TABLE t (id NUMBER, v STRING);
CREATE TABLE audit (id NUMBER, v STRING, action STRING, is_update BOOLEAN);
INSERT INTO t VALUES (1, 'a'), (2, 'b');
CREATE STREAM st ON TABLE t;
CREATE STREAM ao ON TABLE t APPEND_ONLY = TRUE;
";

#[test]
fn streams_return_net_changes_and_advance_only_on_dml() {
    let mut e = engine_with(SETUP);
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM st"),
        "0",
        "a new stream starts at the table's current state"
    );
    q(&mut e, "INSERT INTO t VALUES (3, 'c')");
    q(&mut e, "UPDATE t SET v = 'B' WHERE id = 2");
    q(&mut e, "DELETE FROM t WHERE id = 1");
    q(&mut e, "INSERT INTO t VALUES (4, 'd')");
    q(&mut e, "DELETE FROM t WHERE id = 4");
    let changes = rows(
        &mut e,
        "SELECT id, v, METADATA$ACTION, METADATA$ISUPDATE FROM st ORDER BY id, METADATA$ACTION",
    );
    assert_eq!(
        changes,
        [
            ["1", "a", "DELETE", "FALSE"],
            ["2", "b", "DELETE", "TRUE"],
            ["2", "B", "INSERT", "TRUE"],
            ["3", "c", "INSERT", "FALSE"]
        ]
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(DISTINCT METADATA$ROW_ID) FROM st"),
        "3"
    );
    assert_eq!(
        rows(&mut e, "SELECT id FROM ao ORDER BY id"),
        [["3"], ["4"]],
        "append-only keeps inserts"
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM st"),
        "4",
        "a SELECT does not move the offset"
    );
    assert_eq!(
        scalar(&mut e, "SELECT SYSTEM$STREAM_HAS_DATA('st')"),
        "TRUE"
    );
    fails(
        &mut e,
        "INSERT INTO audit SELECT id, v, nope FROM st",
        "000904",
        "invalid identifier 'NOPE'",
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM st"),
        "4",
        "a failed DML does not move the offset"
    );
    q(
        &mut e,
        "INSERT INTO audit SELECT id, v, METADATA$ACTION, METADATA$ISUPDATE FROM st",
    );
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM audit"), "4");
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM st"),
        "0",
        "the committed DML consumed the stream"
    );
    assert_eq!(
        scalar(&mut e, "SELECT SYSTEM$STREAM_HAS_DATA('st')"),
        "FALSE"
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM ao"),
        "2",
        "each stream has its own offset"
    );
    let shown = q(&mut e, "SHOW STREAMS");
    assert_eq!(shown.rows.len(), 2);
    q(&mut e, "CREATE OR REPLACE TABLE t (id NUMBER, v STRING)");
    let err = e.execute("SELECT * FROM st").unwrap_err();
    assert!(err.message.contains("stale"), "{err}");
}

/// docs: user-guide/dynamic-tables-about (streams on dynamic tables) and sql-reference/sql/create-stream
/// — a stream ON DYNAMIC TABLE returns the net changes its refreshes made, and a MERGE consumes them.
#[test]
fn a_stream_on_a_dynamic_table_sees_what_its_refreshes_change() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE DYNAMIC TABLE upper_t TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT id, UPPER(v) AS v FROM t",
    );
    q(&mut e, "CREATE STREAM dt_changes ON DYNAMIC TABLE upper_t");
    q(&mut e, "CREATE TABLE mirror (id NUMBER, v STRING)");
    q(&mut e, "INSERT INTO mirror SELECT id, v FROM upper_t");
    q(&mut e, "INSERT INTO t VALUES (3, 'c')");
    q(&mut e, "DELETE FROM t WHERE id = 1");
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM dt_changes"),
        "0",
        "not refreshed yet"
    );
    q(&mut e, "ALTER DYNAMIC TABLE upper_t REFRESH");
    assert_eq!(
        rows(
            &mut e,
            "SELECT id, v, METADATA$ACTION, METADATA$ISUPDATE FROM dt_changes ORDER BY id"
        ),
        [["1", "A", "DELETE", "FALSE"], ["3", "C", "INSERT", "FALSE"]]
    );
    q(
        &mut e,
        "MERGE INTO mirror m USING dt_changes c ON m.id = c.id
         WHEN MATCHED AND c.METADATA$ACTION = 'DELETE' THEN DELETE
         WHEN NOT MATCHED AND c.METADATA$ACTION = 'INSERT' THEN INSERT (id, v) VALUES (c.id, c.v)",
    );
    assert_eq!(
        rows(&mut e, "SELECT id, v FROM mirror ORDER BY id"),
        [["2", "B"], ["3", "C"]]
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM dt_changes"),
        "0",
        "the MERGE moved the offset"
    );
    assert!(
        e.export_ddl()
            .contains("STREAM S.PUBLIC.DT_CHANGES ON DYNAMIC TABLE S.PUBLIC.UPPER_T;"),
        "{}",
        e.export_ddl()
    );
    fails(
        &mut e,
        "CREATE STREAM wrong ON TABLE upper_t",
        "002003",
        "does not exist",
    );
    fails(
        &mut e,
        "CREATE STREAM on_view ON VIEW whatever",
        "002040",
        "Streams on views",
    );
}

#[test]
fn a_task_with_when_runs_only_when_its_stream_has_data() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE TASK drain SCHEDULE = '1 MINUTE' WHEN SYSTEM$STREAM_HAS_DATA('st')
               AS INSERT INTO audit SELECT id, v, METADATA$ACTION, METADATA$ISUPDATE FROM st",
    );
    q(&mut e, "ALTER TASK drain RESUME");
    e.advance(Duration::minutes(2));
    q(&mut e, "INSERT INTO t VALUES (5, 'e')");
    e.advance(Duration::minutes(2));
    let runs = rows(
        &mut e,
        "SELECT state FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'drain')) ORDER BY scheduled_time",
    );
    assert_eq!(
        runs,
        [
            ["SKIPPED"],
            ["SKIPPED"],
            ["SUCCEEDED"],
            ["SKIPPED"],
            ["SCHEDULED"]
        ]
    );
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM audit"), "1");
    assert!(e.export_ddl().contains("WHEN SYSTEM$STREAM_HAS_DATA('st')"));
}

#[test]
fn cron_schedules_and_task_graphs() {
    let mut e = engine_with(SETUP);
    q(
        &mut e,
        "CREATE TASK hourly SCHEDULE = 'USING CRON 0 * * * * UTC' AS INSERT INTO t VALUES (10, 'h')",
    );
    q(
        &mut e,
        "CREATE TASK child AFTER hourly AS INSERT INTO t VALUES (11, 'c')",
    );
    q(&mut e, "ALTER TASK child RESUME");
    q(&mut e, "ALTER TASK hourly RESUME");
    e.advance(Duration::hours(3));
    let runs = rows(
        &mut e,
        "SELECT name, scheduled_time FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY()) WHERE state = 'SUCCEEDED' ORDER BY scheduled_time, name",
    );
    assert_eq!(
        runs.iter()
            .filter(|r| r[0] == "HOURLY")
            .map(|r| r[1].as_str())
            .collect::<Vec<_>>(),
        [
            "2026-01-15 10:00:00.000",
            "2026-01-15 11:00:00.000",
            "2026-01-15 12:00:00.000"
        ]
    );
    assert_eq!(
        runs.iter().filter(|r| r[0] == "CHILD").count(),
        3,
        "AFTER runs once per predecessor run"
    );
    fails(
        &mut e,
        "CREATE TASK bad SCHEDULE = 'USING CRON 0 9 * * * Europe/Paris' AS SELECT 1",
        "002057",
        "time zone 'Europe/Paris' is not supported",
    );
    let shown = q(&mut e, "SHOW TASKS LIKE 'HOURLY'");
    assert_eq!(
        shown.cell(0, "schedule").unwrap(),
        "USING CRON 0 * * * * UTC"
    );
}

#[test]
fn graph_history_lists_each_dynamic_table_with_its_inputs() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    let r = rows(
        &mut e,
        "SELECT name, inputs, target_lag_type, target_lag_sec FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_GRAPH_HISTORY()) ORDER BY name",
    );
    assert_eq!(r[0][0], "ORDERS_AGGREGATED");
    assert_eq!(
        r[0][1],
        "[{\"name\":\"ECOMM_CDC.PUBLIC.ORDERS_DERIVED\",\"kind\":\"DYNAMIC_TABLE\"}]"
    );
    assert_eq!(
        r[1][1],
        "[{\"name\":\"ECOMM_CDC.PUBLIC.RAW_ORDERS\",\"kind\":\"TABLE\"}]"
    );
    assert_eq!((r[1][2].as_str(), r[1][3].as_str()), ("USER_DEFINED", "60"));
}

static SLOW: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A stopwatch under which every refresh takes 100 virtual seconds.
fn slow_clock() -> f64 {
    SLOW.fetch_add(100_000, std::sync::atomic::Ordering::Relaxed) as f64
}

#[test]
fn scheduled_refreshes_that_cannot_keep_up_are_skipped() {
    let mut e = engine_with("CREATE DATABASE k; CREATE TABLE t (x NUMBER);");
    e.set_stopwatch(slow_clock);
    q(
        &mut e,
        "CREATE DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT x FROM t",
    );
    for i in 0..5 {
        q(&mut e, &format!("INSERT INTO t VALUES ({i})"));
        e.advance(Duration::minutes(1));
    }
    let states: Vec<String> = rows(
        &mut e,
        "SELECT state FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'D')) WHERE refresh_trigger = 'SCHEDULED' ORDER BY data_timestamp",
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect();
    assert!(
        states.contains(&"SKIPPED".to_owned()) && states.contains(&"SUCCEEDED".to_owned()),
        "{states:?}"
    );
    for pair in states.windows(2) {
        assert!(
            !(pair[0] == "SKIPPED" && pair[1] == "SKIPPED"),
            "a skipped refresh is followed by a real one: {states:?}"
        );
    }
}
