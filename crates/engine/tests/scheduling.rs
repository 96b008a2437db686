//! docs.snowflake.com/en/user-guide/dynamic-tables-target-lag: refreshes are scheduled a little
//! before the target lag runs out, so that they commit within it. With refreshes that take five
//! seconds, every scheduled refresh after the first ones commits while the table's contents are
//! still younger than the one-minute target.

mod common;
use common::*;
use snowglobe_engine::Duration;
use std::sync::atomic::{AtomicU64, Ordering};

/// A stopwatch on which every reading is five seconds after the one before.
static TICKS: AtomicU64 = AtomicU64::new(0);

fn slow_stopwatch() -> f64 {
    TICKS.fetch_add(5_000, Ordering::SeqCst) as f64
}

#[test]
fn refreshes_start_early_enough_to_commit_within_the_target_lag() {
    let mut e = engine_with(
        "CREATE DATABASE lag_db;
         CREATE TABLE src (id NUMBER);
         CREATE DYNAMIC TABLE dt TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT id FROM src;",
    );
    e.set_stopwatch(slow_stopwatch);
    for i in 0..20 {
        q(&mut e, &format!("INSERT INTO src VALUES ({i})"));
        e.advance(Duration::seconds(30));
    }
    let history: Vec<_> = e
        .refresh_history()
        .iter()
        .filter(|r| r.trigger.text() == "SCHEDULED")
        .collect();
    assert!(history.len() >= 8, "{} scheduled refreshes", history.len());
    for pair in history.windows(2).skip(2) {
        let lag_at_commit = pair[1].refresh_end_time - pair[0].data_timestamp;
        assert!(
            lag_at_commit <= Duration::seconds(60),
            "committed {lag_at_commit} after the previous data timestamp {}",
            pair[0].data_timestamp
        );
        assert!(pair[1].refresh_end_time > pair[1].refresh_start_time);
    }
}
