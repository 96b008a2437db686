//! Both seed pipelines run verbatim, with the seed's example queries, on the virtual clock.

mod common;
use common::*;
use snowglobe_engine::{Duration, pipelines};

#[test]
fn ecomm_cdc_runs_verbatim_with_the_seed_example_queries() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    feed(&mut e, 1, 400);
    e.advance(Duration::minutes(10));

    let monitoring = q(
        &mut e,
        "SELECT * FROM cdc_monitoring \nORDER BY process_hour DESC \nLIMIT 24",
    );
    assert_eq!(
        monitoring
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        [
            "PROCESS_HOUR",
            "CHANGE_TYPE",
            "RECORD_COUNT",
            "FIRST_EVENT",
            "LAST_EVENT"
        ]
    );
    let total: i64 = monitoring
        .text_rows()
        .iter()
        .map(|r| r[2].parse::<i64>().unwrap())
        .sum();
    assert_eq!(
        total.to_string(),
        scalar(&mut e, "SELECT COUNT(*) FROM raw_orders")
    );

    let status = rows(
        &mut e,
        "SELECT \n    table_name, \n    refresh_mode,\n    target_lag,\n    last_refresh_time\nFROM INFORMATION_SCHEMA.DYNAMIC_TABLES\nWHERE table_schema = 'PUBLIC' ORDER BY table_name",
    );
    assert_eq!(status.len(), 2);
    assert_eq!(status[0][0], "ORDERS_AGGREGATED");
    assert_eq!(status[0][2], "5 minutes");
    assert_eq!(status[1][0], "ORDERS_DERIVED");
    assert_eq!(status[1][2], "1 minute");

    let sample = q(
        &mut e,
        "SELECT * FROM orders_aggregated\nWHERE order_year = EXTRACT(YEAR FROM CURRENT_DATE())\nORDER BY order_month DESC, value_segment",
    );
    assert!(!sample.rows.is_empty());
    assert!(sample.text_rows().iter().all(|r| r[0] == "2026"));

    let history = q(
        &mut e,
        "SELECT * FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY())",
    );
    assert!(history.rows.len() > 10);
    let tasks = rows(
        &mut e,
        "SELECT name, state FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'refresh_gold_layer')) WHERE state = 'SUCCEEDED'",
    );
    assert!(!tasks.is_empty());
    assert!(tasks.iter().all(|r| r[0] == "REFRESH_GOLD_LAYER"));
}

#[test]
fn silver_and_gold_follow_bronze() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    feed(&mut e, 2, 300);
    e.advance(Duration::minutes(6));
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM raw_orders"),
        scalar(&mut e, "SELECT COUNT(*) FROM orders_derived")
    );
    assert_eq!(
        scalar(&mut e, "SELECT SUM(amount) FROM raw_orders"),
        scalar(&mut e, "SELECT SUM(total_revenue) FROM orders_aggregated")
    );
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM raw_orders WHERE change_type = 'UPDATE'"
        ),
        scalar(&mut e, "SELECT SUM(updated_records) FROM orders_aggregated")
    );
}

#[test]
fn silver_is_never_staler_than_its_target_lag() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    let target = e.cdc_target("raw_orders").unwrap();
    let mut g = snowglobe_engine::Generator::new(4, snowglobe_engine::Profile::Seed, e.now());
    for _ in 0..300 {
        e.advance_to(g.next_at());
        let now = e.now();
        for (name, lag) in [("ORDERS_DERIVED", 60), ("ORDERS_AGGREGATED", 300)] {
            let data_ts = e
                .catalog()
                .dynamic_tables()
                .find(|(q, _)| q.name == name)
                .and_then(|(_, dt)| dt.data_timestamp)
                .unwrap();
            assert!(
                now - data_ts <= Duration::seconds(lag),
                "{name} is {:?} stale at {now}",
                now - data_ts
            );
        }
        if let Some(ev) = g.step() {
            e.apply_event(&ev, &target).unwrap();
        }
    }
}

#[test]
fn gold_refreshes_see_silver_at_the_same_data_timestamp() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    feed(&mut e, 5, 300);
    let history = e.refresh_history().to_vec();
    for gold in history
        .iter()
        .filter(|r| r.table.name == "ORDERS_AGGREGATED" && r.state == "SUCCEEDED")
    {
        assert!(
            history.iter().any(
                |r| r.table.name == "ORDERS_DERIVED" && r.data_timestamp == gold.data_timestamp
            ),
            "gold at {} has no silver refresh at the same data timestamp",
            gold.data_timestamp
        );
    }
}

#[test]
fn ecomm_downstream_tables_refresh_only_through_the_task() {
    let without_task = pipelines::ECOMM
        .split("CREATE OR REPLACE TASK")
        .next()
        .unwrap();
    let mut e = engine_with(without_task);
    feed(&mut e, 3, 50);
    e.advance(Duration::hours(1));
    assert!(
        e.refresh_history()
            .iter()
            .all(|r| r.trigger.text() == "CREATION"),
        "DOWNSTREAM tables without consumers must not refresh on a schedule"
    );
    assert_eq!(scalar(&mut e, "SELECT COUNT(*) FROM orders_derived"), "0");

    let mut e = engine_with(pipelines::ECOMM);
    feed(&mut e, 3, 50);
    e.advance(Duration::minutes(3));
    assert!(
        e.refresh_history()
            .iter()
            .all(|r| r.trigger.text() != "SCHEDULED"),
        "only the task refreshes"
    );
    let runs = rows(
        &mut e,
        "SELECT scheduled_time, state FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME=>'refresh_orders_agg')) \nORDER BY SCHEDULED_TIME",
    );
    let succeeded: Vec<_> = runs.iter().filter(|r| r[1] == "SUCCEEDED").collect();
    assert!(succeeded.len() >= 2);
    for pair in succeeded.windows(2) {
        let a = snowglobe_engine::types::parse_timestamp(&pair[0][0]).unwrap();
        let b = snowglobe_engine::types::parse_timestamp(&pair[1][0]).unwrap();
        assert_eq!(b - a, Duration::minutes(2));
    }
    assert_eq!(
        runs.last().unwrap()[1],
        "SCHEDULED",
        "the next run is listed as SCHEDULED"
    );
    assert_eq!(
        scalar(&mut e, "SELECT COUNT(*) FROM raw_orders"),
        scalar(&mut e, "SELECT COUNT(*) FROM orders_derived"),
        "the task's refresh of gold refreshed silver first"
    );
}

#[test]
fn ecomm_number_amounts_are_whole_units() {
    let mut e = engine_with(pipelines::ECOMM);
    e.execute(
        "INSERT INTO raw_orders (order_id, amount) VALUES ('A', 147.5), ('B', 147.49), ('C', -2.5)",
    )
    .unwrap();
    assert_eq!(
        rows(
            &mut e,
            "SELECT order_id, amount FROM raw_orders ORDER BY order_id"
        ),
        [["A", "148"], ["B", "147"], ["C", "-3"]]
    );
}

#[test]
fn refresh_mode_is_resolved_at_create_with_a_reason() {
    let mut e = engine_with(pipelines::ECOMM);
    let r = rows(
        &mut e,
        "SELECT name, refresh_mode, refresh_mode_reason FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES()) WHERE name = 'ORDERS_DERIVED'",
    );
    // CURRENT_TIMESTAMP in the select list is outside Snowflake's incremental matrix.
    assert_eq!(r[0][1..], ["FULL", "QUERY_NOT_SUPPORTED_FOR_INCREMENTAL"]);
    let gold = rows(
        &mut e,
        "SELECT refresh_mode, refresh_mode_reason FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES()) WHERE name = 'ORDERS_AGGREGATED'",
    );
    // An AUTO table over a FULL one is FULL too (supported-queries: UPSTREAM_USES_FULL_REFRESH).
    assert_eq!(gold, [["FULL", "UPSTREAM_USES_FULL_REFRESH"]]);
    let mut e = engine_with(pipelines::ECOMM_CDC);
    assert_eq!(
        rows(
            &mut e,
            "SELECT name, refresh_mode, refresh_mode_reason FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES()) ORDER BY name"
        ),
        [
            ["ORDERS_AGGREGATED", "ADAPTIVE", "NULL"],
            ["ORDERS_DERIVED", "ADAPTIVE", "NULL"]
        ]
    );
}

#[test]
fn manual_refresh_alias_suspend_and_resume() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    feed(&mut e, 6, 20);
    let before = e.refresh_history().len();
    let r = q(
        &mut e,
        "CALL SYSTEM$REFRESH_DYNAMIC_TABLE('ECOMM_CDC.PUBLIC.orders_aggregated')",
    );
    assert_eq!(r.cell(0, "refresh_action").unwrap(), "INCREMENTAL");
    assert!(e.refresh_history().len() >= before + 2, "silver then gold");

    q(&mut e, "ALTER DYNAMIC TABLE orders_derived SUSPEND");
    let states = rows(
        &mut e,
        "SELECT name, scheduling_state FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES()) ORDER BY name",
    );
    assert_eq!(
        states,
        [
            ["ORDERS_AGGREGATED", "SUSPENDED"],
            ["ORDERS_DERIVED", "SUSPENDED"]
        ]
    );
    let n = e.refresh_history().len();
    e.advance(Duration::minutes(30));
    assert_eq!(
        e.refresh_history()
            .iter()
            .filter(|r| r.trigger.text() == "SCHEDULED")
            .count(),
        e.refresh_history()[..n]
            .iter()
            .filter(|r| r.trigger.text() == "SCHEDULED")
            .count()
    );
    q(&mut e, "ALTER DYNAMIC TABLE orders_derived REFRESH");
    q(&mut e, "ALTER DYNAMIC TABLE orders_derived RESUME");
    let states = rows(
        &mut e,
        "SELECT scheduling_state FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES()) ORDER BY name",
    );
    assert_eq!(states, [["ACTIVE"], ["ACTIVE"]]);
}

#[test]
fn show_dynamic_tables_lists_snowflake_columns() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    let r = q(&mut e, "SHOW DYNAMIC TABLES");
    for c in [
        "created_on",
        "name",
        "rows",
        "target_lag",
        "refresh_mode",
        "refresh_mode_reason",
        "warehouse",
        "scheduling_state",
        "data_timestamp",
        "text",
    ] {
        assert!(r.column_index(c).is_some(), "missing column {c}");
    }
    assert_eq!(r.rows.len(), 2);
    let like = q(&mut e, "SHOW DYNAMIC TABLES LIKE '%derived'");
    assert_eq!(like.cell(0, "name").unwrap(), "ORDERS_DERIVED");
    assert_eq!(like.cell(0, "warehouse").unwrap(), "COMPUTE_WH");
}
