//! Monitoring as Snowflake's table functions answer it (docs: sql-reference/functions/
//! dynamic_table_refresh_history, dynamic_table_graph_history): arguments may be constant
//! expressions, and the data-timestamp window filters the history.

mod common;
use common::*;
use snowglobe_engine::Duration;

#[test]
fn history_arguments_are_evaluated_and_filter() {
    let mut e = engine_with(
        "CREATE DATABASE m;
         CREATE TABLE src (id NUMBER);
         CREATE DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT id FROM src;",
    );
    for i in 0..5 {
        q(&mut e, &format!("INSERT INTO src VALUES ({i})"));
        e.advance(Duration::minutes(1));
    }
    let all = scalar(
        &mut e,
        "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'D'))",
    );
    assert_eq!(all, "6", "the creation refresh and one a minute");
    // The clock is at 09:05; refreshes with a data timestamp from 09:03 on are 09:03, 09:04, 09:05.
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(
               NAME => 'D', DATA_TIMESTAMP_START => DATEADD('minute', -2, CURRENT_TIMESTAMP())))"
        ),
        "3"
    );
    assert_eq!(
        scalar(
            &mut e,
            "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(
               NAME => 'D', DATA_TIMESTAMP_END => '2026-01-15 09:01:00'))"
        ),
        "2"
    );
    assert_eq!(
        rows(
            &mut e,
            "SELECT name FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_GRAPH_HISTORY(AS_OF => CURRENT_TIMESTAMP()))"
        ),
        [["D"]]
    );
    let err = e
        .execute(
            "SELECT * FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => id))",
        )
        .unwrap_err();
    assert!(err.to_string().contains("must be constants"), "{err}");
}
