//! The `snowglobe` command line, run as a user would.

use std::process::Command;

fn snowglobe(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_snowglobe"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn run_applies_events_and_prints_query_results_in_each_format() {
    let dir = std::env::temp_dir().join(format!("snowglobe-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let events = dir.join("events.jsonl");
    let (ok, out, err) = snowglobe(&[
        "run",
        "sql/ecomm_cdc.sql",
        "--seed",
        "12",
        "--events",
        "200",
        "--advance",
        "6m",
        "--events-out",
        events.to_str().unwrap(),
        "--query",
        "SELECT COUNT(*) AS n FROM raw_orders",
        "--query",
        "SELECT SUM(order_count) AS orders FROM orders_aggregated",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let log = std::fs::read_to_string(&events).unwrap();
    let applied: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(applied.len(), 200);
    let inserts = applied.iter().filter(|e| e["op"] == "INSERT").count() as i64;
    let deletes = applied.iter().filter(|e| e["op"] == "DELETE").count() as i64;
    assert!(inserts > 100 && applied.iter().any(|e| e["op"] == "UPDATE"));
    let rows = lines[0][0]["N"].as_i64().unwrap();
    assert!(
        rows <= inserts && rows >= inserts - deletes * 3,
        "{rows} rows from {inserts} inserts"
    );

    let (ok, csv, _) = snowglobe(&[
        "run",
        "sql/ecomm.sql",
        "--events",
        "50",
        "--advance",
        "3m",
        "--query",
        "SELECT order_year, total_orders FROM orders_aggregated ORDER BY 1",
        "--format",
        "csv",
    ]);
    assert!(ok);
    assert!(csv.starts_with("ORDER_YEAR,TOTAL_ORDERS\n"), "{csv}");
    let (ok, table, _) = snowglobe(&["run", "sql/ecomm_cdc.sql", "--query", "SHOW DYNAMIC TABLES"]);
    assert!(ok);
    assert!(
        table.contains("| ORDERS_DERIVED") && table.contains("2 Row(s) produced."),
        "{table}"
    );
    std::fs::remove_dir_all(dir).ok();
}

/// The virtual seconds between the first and the last event of a run of 600 events.
fn seconds_for_600_events(extra: &[&str]) -> i64 {
    let mut args = vec!["run", "sql/ecomm_cdc.sql", "--seed", "5", "--events", "600"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&[
        "--query",
        "SELECT DATEDIFF('second', MIN(processed_at), MAX(processed_at)) FROM raw_orders",
        "--format",
        "csv",
    ]);
    let (ok, out, err) = snowglobe(&args);
    assert!(ok, "{err}");
    out.lines().nth(1).and_then(|l| l.parse().ok()).expect(&out)
}

#[test]
fn rate_sets_the_generators_iterations_per_virtual_second() {
    // The seed script sleeps 1–10 s between iterations (5.5 s on average); at 20 a second, 600
    // events (and the few iterations that draw nothing) take about 30 s.
    let paced = seconds_for_600_events(&[]);
    let fast = seconds_for_600_events(&["--rate", "20"]);
    assert!((2_500..4_000).contains(&paced), "{paced}");
    assert!((25..40).contains(&fast), "{fast}");
}

#[test]
fn classic_profile_and_seeds_are_reproducible() {
    let args = [
        "run",
        "sql/ecomm_cdc.sql",
        "--profile",
        "classic",
        "--seed",
        "4",
        "--events",
        "30",
        "--query",
        "SELECT order_id, amount, status FROM raw_orders ORDER BY processed_at",
        "--format",
        "csv",
    ];
    let (ok, a, _) = snowglobe(&args);
    let (_, b, _) = snowglobe(&args);
    assert!(ok);
    assert_eq!(a, b);
    assert_eq!(a.lines().count(), 31);
    assert!(a.lines().skip(1).all(|l| {
        let id: u32 = l
            .split(',')
            .next()
            .unwrap()
            .trim_start_matches("ORD")
            .parse()
            .unwrap();
        (1..=20).contains(&id)
    }));
}

#[test]
fn export_prints_ddl_that_runs_again() {
    let (ok, ddl, err) = snowglobe(&["export", "sql/ecomm_cdc.sql"]);
    assert!(ok, "{err}");
    assert!(ddl.contains("CREATE OR REPLACE DYNAMIC TABLE ECOMM_CDC.PUBLIC.ORDERS_AGGREGATED"));
    let path = std::env::temp_dir().join(format!("snowglobe-export-{}.sql", std::process::id()));
    std::fs::write(&path, &ddl).unwrap();
    let (ok, again, err) = snowglobe(&["export", path.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert_eq!(again, ddl);
    std::fs::remove_file(path).ok();
}

#[test]
fn export_feeder_appends_a_procedure_and_task_for_the_bronze_table() {
    let (ok, ddl, err) = snowglobe(&["export", "sql/ecomm.sql"]);
    assert!(ok, "{err}");
    let (ok, full, err) = snowglobe(&["export", "--feeder", "sql/ecomm.sql"]);
    assert!(ok, "{err}");
    let feeder = full.strip_prefix(&ddl).expect("the plain DDL comes first");
    assert!(
        feeder.contains(
            "CREATE OR REPLACE PROCEDURE ECOMM.PUBLIC.FEED_RAW_ORDERS(iterations INTEGER)"
        )
    );
    assert!(feeder.contains("ALTER TASK ECOMM.PUBLIC.FEED_RAW_ORDERS_TASK RESUME;"));
    assert!(!feeder.contains("CHANGE_TYPE"), "{feeder}");

    let (ok, cdc, err) = snowglobe(&[
        "export",
        "sql/ecomm_cdc.sql",
        "--feeder",
        "--target",
        "ECOMM_CDC.PUBLIC.RAW_ORDERS",
    ]);
    assert!(ok, "{err}");
    assert!(cdc.contains("CHANGE_TYPE = 'UPDATE'"), "{cdc}");

    let (ok, out, err) = snowglobe(&["export", "sql/ecomm.sql", "--feeder", "--target", "nowhere"]);
    assert!(!ok && out.is_empty());
    assert!(
        err.contains("002003") && err.contains("Object 'NOWHERE' does not exist"),
        "{err}"
    );
    let (ok, _, err) = snowglobe(&["export", "sql/ecomm.sql", "--target", "raw_orders"]);
    assert!(!ok && err.contains("--target applies to --feeder"), "{err}");
}

#[test]
fn errors_go_to_stderr_with_a_failing_exit_code() {
    let (ok, out, err) = snowglobe(&[
        "run",
        "sql/ecomm_cdc.sql",
        "--query",
        "SELECT * FROM nowhere",
    ]);
    assert!(!ok);
    assert!(out.is_empty());
    assert!(
        err.contains("002003 (42S02): SQL compilation error") && err.contains("NOWHERE"),
        "{err}"
    );
    let (ok, _, err) = snowglobe(&["run", "sql/missing.sql"]);
    assert!(!ok && err.contains("sql/missing.sql"), "{err}");
    let (ok, _, err) = snowglobe(&["run", "sql/ecomm_cdc.sql", "--profile", "nope"]);
    assert!(!ok && err.contains("unknown profile"), "{err}");
    for rate in ["0", "-3", "abc", "1001"] {
        let (ok, _, err) = snowglobe(&["run", "sql/ecomm_cdc.sql", &format!("--rate={rate}")]);
        assert!(
            !ok && err.contains(&format!("invalid rate '{rate}'")),
            "{err}"
        );
    }
    for rate in ["-3", "abc", "1e9", "NaN"] {
        let (ok, _, err) = snowglobe(&["serve", "--no-auth", &format!("--generator={rate}")]);
        assert!(
            !ok && err.contains(&format!("invalid rate '{rate}'")),
            "{err}"
        );
    }
}
