//! `snowglobe bench`: reproducible measurements of the engine, each against a baseline measured
//! in the same run.

use crate::alloc::live_bytes;
use snowglobe_engine::workload::{self, Orders, ROUNDS, SeedMix, median};
use snowglobe_engine::{CdcEvent, Engine, Generator, Op, Profile, pipelines};
use std::time::Instant;

fn start() -> snowglobe_engine::NaiveDateTime {
    crate::default_start()
}

/// The seed pipeline's bronze table alone, without the dynamic tables that read it.
fn bronze_only() -> &'static str {
    let end = pipelines::ECOMM_CDC
        .find("CREATE OR REPLACE DYNAMIC TABLE")
        .expect("seed pipeline");
    &pipelines::ECOMM_CDC[..end]
}

/// A bronze table of `rows` orders with distinct ids ORD1..ORDn and the generator's values (in the
/// whole seed pipeline, or alone), and the heap bytes the rows took.
fn bronze_with(rows: usize, script: &str) -> (Engine, snowglobe_engine::catalog::QName, usize) {
    let before = live_bytes();
    let (engine, target) = workload::bronze_with(rows, script);
    let bytes = live_bytes().saturating_sub(before);
    (engine, target, bytes)
}

fn bronze(rows: usize) -> (Engine, snowglobe_engine::catalog::QName, usize) {
    bronze_with(rows, pipelines::ECOMM_CDC)
}

fn micros_per(n: usize, f: impl FnMut(usize)) -> f64 {
    let mut f = f;
    let t = Instant::now();
    for i in 0..n {
        f(i);
    }
    t.elapsed().as_secs_f64() * 1e6 / n as f64
}

/// UPDATE and DELETE of one order by id, through the index, at several table sizes, against the
/// same UPDATE as a SQL statement (which GlueSQL answers by scanning the table).
pub fn events() {
    println!(
        "CDC event apply cost by bronze size (one order id per event; seed pipeline, no refreshes)\n"
    );
    println!(
        "| bronze rows | heap bytes/row | UPDATE by id (µs) | DELETE by id (µs) | INSERT (µs) | SQL UPDATE, scan (µs) | scan / indexed |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let mut first_update = None;
    for rows in [1_000usize, 10_000, 100_000] {
        let bytes = bronze_with(rows, bronze_only()).2;
        let (mut engine, target, _) = bronze(rows);
        let mut g = Generator::new(1, Profile::Seed, engine.now());
        let updates = 20_000;
        let update_us = micros_per(updates, |i| {
            let id = (i * 7919) % rows + 1;
            let mut ev = loop {
                if let Some(ev) = g.step().filter(|e| e.op == Op::Insert) {
                    break ev;
                }
            };
            ev.op = Op::Update;
            ev.order_id = format!("ORD{id}");
            engine.apply_event(&ev, &target).expect("update");
        });
        let deletes = (rows / 2).min(10_000);
        let delete_us = micros_per(deletes, |i| {
            let ev = CdcEvent {
                op: Op::Delete,
                order_id: format!("ORD{}", i * 2 + 1),
                values: None,
                at: start(),
            };
            engine.apply_event(&ev, &target).expect("delete");
        });
        let mut orders = Orders::new(1);
        orders.next_id = rows;
        let insert_us = micros_per(10_000, |_| {
            engine
                .apply_event(&orders.insert(start()), &target)
                .expect("insert");
        });
        let scans = if rows >= 100_000 { 5 } else { 50 };
        let sql_us = micros_per(scans, |i| {
            engine
                .execute(&format!(
                    "UPDATE raw_orders SET status = 'SHIPPED' WHERE order_id = 'ORD{}'",
                    i * 2 + 2
                ))
                .expect("sql update");
        });
        let base = *first_update.get_or_insert(update_us);
        println!(
            "| {rows} | {} | {update_us:.2} ({:.2}x) | {delete_us:.2} | {insert_us:.2} | {sql_us:.0} | {:.0}x |",
            bytes / rows,
            update_us / base,
            sql_us / update_us
        );
    }
    let (mut engine, target, _) = bronze(100_000);
    let events = seed_mix(100_000, 200_000, 7);
    let t = Instant::now();
    for ev in &events {
        engine.apply_event(ev, &target).expect("seed-mix event");
    }
    let distinct = events.len() as f64 / t.elapsed().as_secs_f64();
    let (mut engine, target, _) = bronze(0);
    let mut g = Generator::new(7, Profile::Seed, engine.now());
    let events: Vec<CdcEvent> = std::iter::from_fn(|| Some(g.step()))
        .flatten()
        .take(200_000)
        .collect();
    let t = Instant::now();
    let mut rows_written = 0;
    for ev in &events {
        rows_written += engine.apply_event(ev, &target).expect("seed event");
    }
    let seconds = t.elapsed().as_secs_f64();
    println!(
        "\nSeed-mix events (70% INSERT / 25% UPDATE / 5% DELETE), whole pipeline present (bronze changes logged for silver):"
    );
    println!("- one order per event, 100k-row bronze table: {distinct:.0} events/s");
    println!(
        "- the generator's own ids (ORD1..ORD1000, so an UPDATE or DELETE hits every row of its id), 200k events from empty: {:.0} events/s, {:.0} rows written/s",
        events.len() as f64 / seconds,
        rows_written as f64 / seconds
    );
}

fn seed_mix(rows: usize, n: usize, seed: u64) -> Vec<CdcEvent> {
    SeedMix::new(rows, seed).batch(n)
}

fn millis(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1000.0
}

/// [`ROUNDS`] rounds of 1,000 seed-mix events, each followed by `ALTER DYNAMIC TABLE … REFRESH` of
/// the incremental table (checking that its last `refreshes` refreshes, upstream ones included,
/// were INCREMENTAL) and of its FULL twin: the timings of applying the events, and of each refresh.
fn rounds(
    engine: &mut Engine,
    target: &snowglobe_engine::catalog::QName,
    rows: usize,
    (incremental_table, refreshes): (&str, usize),
    full_table: &str,
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut mix = SeedMix::new(rows, rows as u64);
    let (mut apply, mut incremental, mut full) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let batch = mix.batch(1_000);
        apply.push(millis(|| {
            for ev in &batch {
                engine.apply_event(ev, target).expect("event");
            }
        }));
        incremental.push(millis(|| {
            engine
                .execute(&format!("ALTER DYNAMIC TABLE {incremental_table} REFRESH"))
                .expect("incremental refresh");
        }));
        let history = engine.refresh_history();
        assert!(
            history[history.len() - refreshes..]
                .iter()
                .all(|r| r.action.text() == "INCREMENTAL"),
            "the measured refreshes must be incremental"
        );
        full.push(millis(|| {
            engine
                .execute(&format!("ALTER DYNAMIC TABLE {full_table} REFRESH"))
                .expect("full refresh");
        }));
    }
    (apply, incremental, full)
}

/// Writes the bronze table as CSV for the DuckDB baseline.
fn bronze_csv(
    engine: &Engine,
    target: &snowglobe_engine::catalog::QName,
    path: &std::path::Path,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    let columns = engine.catalog().objects[target]
        .columns()
        .iter()
        .map(|c| c.name.to_lowercase())
        .collect::<Vec<_>>();
    writeln!(w, "{}", columns.join(","))?;
    for (_, row) in engine.storage().rows(&target.storage()) {
        let cells: Vec<String> = row
            .iter()
            .map(|v| match v {
                snowglobe_engine::Value::Null => String::new(),
                v => snowglobe_engine::types::display_value(v),
            })
            .collect();
        writeln!(w, "{}", cells.join(","))?;
    }
    w.flush()
}

/// DuckDB's time for the seed's silver and gold queries (`query` None) or for `query`, from scratch
/// over the bronze CSV (the median of [`ROUNDS`] runs).
fn duckdb_ms(csv: &std::path::Path, query: Option<&str>) -> Option<f64> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/duckdb_baseline.py"
    );
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(ROUNDS.to_string())
        .arg(csv)
        .args(query)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "DuckDB baseline failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// Seed pipeline at several bronze sizes (preloaded with the generator's values): rounds of 1,000
/// seed-mix events, each followed by a refresh of silver and gold — incremental, and full (same
/// engine, twin FULL dynamic tables) — every refresh through the same SQL statement, and DuckDB
/// computing both queries from scratch over the same rows; every column the median of [`ROUNDS`].
/// Applying the events is change capture for the incremental tables (their input's change log is
/// written); it is reported apart and in each mode's total.
pub fn refresh(sizes: &[usize]) {
    println!("Refresh of silver + gold after 1,000 seed-mix CDC events (seed pipeline)\n");
    println!(
        "| bronze rows | gold groups | apply 1,000 events (ms) | incremental refresh (ms) | incremental total (ms) | full refresh (ms) | full total (ms) | DuckDB from scratch (ms) | full / incremental (totals) | DuckDB / incremental total |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let silver = pipelines::ECOMM_CDC
        .split("AS\nSELECT")
        .nth(1)
        .and_then(|s| s.split(';').next())
        .expect("silver query");
    let gold = pipelines::ECOMM_CDC
        .split("AS\nSELECT")
        .nth(2)
        .and_then(|s| s.split(';').next())
        .expect("gold query");
    for &rows in sizes {
        let (mut engine, target, _) = bronze(rows);
        engine
            .execute_script(&format!(
                "CREATE DYNAMIC TABLE silver_full TARGET_LAG = DOWNSTREAM WAREHOUSE = wh REFRESH_MODE = FULL AS SELECT {silver};
                 CREATE DYNAMIC TABLE gold_full TARGET_LAG = DOWNSTREAM WAREHOUSE = wh REFRESH_MODE = FULL AS SELECT {};",
                gold.replace("FROM orders_derived", "FROM silver_full")
            ))
            .expect("full twins");
        engine
            .execute("ALTER DYNAMIC TABLE orders_aggregated REFRESH")
            .expect("initial refresh");
        let (apply, incremental, full) = rounds(
            &mut engine,
            &target,
            rows,
            ("orders_aggregated", 2),
            "gold_full",
        );
        let same = |e: &mut Engine, a: &str, b: &str| {
            let q = |t: &str| format!("SELECT * FROM {t} ORDER BY 1, 2, 3");
            e.execute(&q(a)).expect("query").rows == e.execute(&q(b)).expect("query").rows
        };
        assert!(
            same(&mut engine, "orders_aggregated", "gold_full"),
            "incremental and full gold differ"
        );
        let groups = engine
            .storage()
            .rows("ECOMM_CDC.PUBLIC.ORDERS_AGGREGATED")
            .count();
        let (apply, incremental, full) = (median(apply), median(incremental), median(full));
        let (inc_total, full_total) = (apply + incremental, apply + full);
        let csv = std::env::temp_dir().join(format!("snowglobe-bronze-{rows}.csv"));
        bronze_csv(&engine, &target, &csv).expect("csv");
        let duck = duckdb_ms(&csv, None);
        std::fs::remove_file(&csv).ok();
        let duck_text = duck.map_or("n/a".to_owned(), |d| format!("{d:.1}"));
        let duck_ratio = duck.map_or("n/a".to_owned(), |d| format!("{:.1}x", d / inc_total));
        println!(
            "| {rows} | {groups} | {apply:.2} | {incremental:.2} | {inc_total:.2} | {full:.0} | {full_total:.0} | {duck_text} | {:.0}x | {duck_ratio} |",
            full_total / inc_total
        );
    }
}

/// The customers the operator benchmark's orders reference: the generator's ids CUST1..CUST500,
/// each in one of five regions.
const CUSTOMERS: usize = 500;

/// The dynamic tables of the operator benchmark: (label, operator, query, DuckDB's text of it).
/// DuckDB generates the customers table the engine holds.
const OPERATOR_QUERIES: &[(&str, &str, &str, &str)] = &[
    (
        "orders ⋈ 500 customers",
        "join",
        "SELECT r.order_id, r.amount, r.status, c.region FROM raw_orders r \
         JOIN customers c ON r.customer_id = c.customer_id",
        "WITH customers AS (SELECT 'CUST' || i AS customer_id, 'R' || (i % 5) AS region \
         FROM range(1, 501) t(i)) SELECT r.order_id, r.amount, r.status, c.region FROM raw_orders r \
         JOIN customers c ON r.customer_id = c.customer_id",
    ),
    (
        "QUALIFY ROW_NUMBER() dedup per order",
        "partition",
        "SELECT order_id, customer_id, status, amount FROM raw_orders \
         QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY processed_at DESC) = 1",
        "SELECT order_id, customer_id, status, amount FROM raw_orders \
         QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY processed_at DESC) = 1",
    ),
];

/// A join of the bronze orders with a customers table and a CDC dedup, each refreshed after each
/// round of 1,000 seed-mix events: incremental (AUTO resolves to ADAPTIVE; the join and partition
/// operators) and full (a twin with REFRESH_MODE = FULL), each through `ALTER DYNAMIC TABLE …
/// REFRESH`, against DuckDB computing the query from scratch; every column the median of
/// [`ROUNDS`].
pub fn operators(sizes: &[usize]) {
    println!("Refresh of a join and a QUALIFY dedup after 1,000 seed-mix CDC events\n");
    println!(
        "| bronze rows | dynamic table | rows | apply 1,000 events (ms) | incremental refresh (ms) | incremental total (ms) | full refresh (ms) | full total (ms) | DuckDB from scratch (ms) | full / incremental (totals) | DuckDB / incremental total |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &rows in sizes {
        for (label, operator, query, duck_query) in OPERATOR_QUERIES {
            let (mut engine, target, _) = bronze_with(rows, bronze_only());
            let customers: Vec<String> = (1..=CUSTOMERS)
                .map(|i| format!("('CUST{i}', 'R{}')", i % 5))
                .collect();
            engine
                .execute_script(&format!(
                    "CREATE TABLE customers (customer_id STRING, region STRING);
                     INSERT INTO customers VALUES {};
                     CREATE DYNAMIC TABLE measured TARGET_LAG = '1 minute' WAREHOUSE = wh AS {query};
                     CREATE DYNAMIC TABLE measured_full TARGET_LAG = '1 minute' WAREHOUSE = wh REFRESH_MODE = FULL AS {query};",
                    customers.join(", ")
                ))
                .expect("measured dynamic tables");
            engine
                .execute("ALTER DYNAMIC TABLE measured REFRESH")
                .expect("initial refresh");
            let (apply, incremental, full) =
                rounds(&mut engine, &target, rows, ("measured", 1), "measured_full");
            let measured =
                snowglobe_engine::catalog::QName::parse("ECOMM_CDC.PUBLIC.MEASURED").expect("name");
            assert_eq!(
                engine.operator_state(&measured).map(|(op, _)| op),
                Some(*operator),
                "{label} is maintained by its operator"
            );
            let q = |t: &str| format!("SELECT * FROM {t} ORDER BY 1, 2, 3, 4");
            let a = engine.execute(&q("measured")).expect("query").rows;
            assert!(
                a == engine.execute(&q("measured_full")).expect("query").rows,
                "incremental and full {label} differ"
            );
            let (apply, incremental, full) = (median(apply), median(incremental), median(full));
            let (inc_total, full_total) = (apply + incremental, apply + full);
            let csv = std::env::temp_dir().join(format!("snowglobe-operators-{rows}.csv"));
            bronze_csv(&engine, &target, &csv).expect("csv");
            let duck = duckdb_ms(&csv, Some(duck_query));
            std::fs::remove_file(&csv).ok();
            let duck_text = duck.map_or("n/a".to_owned(), |d| format!("{d:.1}"));
            let duck_ratio = duck.map_or("n/a".to_owned(), |d| format!("{:.1}x", d / inc_total));
            println!(
                "| {rows} | {label} | {} | {apply:.2} | {incremental:.2} | {inc_total:.2} | {full:.0} | {full_total:.0} | {duck_text} | {:.0}x | {duck_ratio} |",
                a.len(),
                full_total / inc_total
            );
        }
    }
}

/// The dynamic tables of the window benchmark: (name, query, DuckDB's text of it when its SQL
/// differs).
const WINDOW_QUERIES: &[(&str, &str, Option<&str>)] = &[
    (
        "QUALIFY ROW_NUMBER() dedup (latest order per customer)",
        "SELECT order_id, customer_id, status, amount FROM raw_orders \
         QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY processed_at DESC, order_id) = 1",
        None,
    ),
    (
        "SUM(...) OVER (PARTITION BY customer ORDER BY ...) running total",
        "SELECT order_id, customer_id, amount, \
         SUM(amount) OVER (PARTITION BY customer_id ORDER BY order_date, order_id) AS running FROM raw_orders",
        None,
    ),
    (
        "PARSE_JSON + VARIANT paths + LATERAL FLATTEN (two lines per order)",
        "SELECT r.order_id, l.index AS line, l.value:p::string AS product, l.value:q::number AS qty \
         FROM raw_orders r, LATERAL FLATTEN(input => PARSE_JSON('[{\"p\": \"' || r.product_id || \
         '\", \"q\": ' || r.quantity || '}, {\"p\": \"GIFT\", \"q\": 1}]')) l",
        Some(
            "SELECT order_id, i - 1 AS line, l->>'p' AS product, CAST(l->>'q' AS DECIMAL(38,0)) AS qty \
             FROM (SELECT order_id, unnest(a) AS l, generate_subscripts(a, 1) AS i FROM \
             (SELECT order_id, CAST(json('[{\"p\": \"' || product_id || '\", \"q\": ' || quantity || \
             '}, {\"p\": \"GIFT\", \"q\": 1}]') AS JSON[]) AS a FROM raw_orders))",
        ),
    ),
];

/// Window-function and semi-structured dynamic tables over the seed's bronze table, refreshed after
/// each round of 1,000 seed-mix events: incremental (AUTO, which resolves to ADAPTIVE; the operator
/// that maintains it is named, "recomputed" when none does) and a FULL twin, each through
/// `ALTER DYNAMIC TABLE … REFRESH`, against DuckDB computing the query from scratch over the same
/// rows; every column the median of [`ROUNDS`].
pub fn windows(sizes: &[usize]) {
    println!(
        "Refresh of window-function and VARIANT dynamic tables after 1,000 seed-mix CDC events\n"
    );
    println!(
        "| bronze rows | dynamic table | maintained by | incremental refresh (ms) | full refresh (ms) | DuckDB from scratch (ms) | full / incremental | DuckDB / incremental |"
    );
    println!("|---:|---|---|---:|---:|---:|---:|---:|");
    for &rows in sizes {
        let (mut engine, target, _) = bronze_with(rows, bronze_only());
        for (i, (_, query, _)) in WINDOW_QUERIES.iter().enumerate() {
            engine
                .execute_script(&format!(
                    "CREATE DYNAMIC TABLE w{i} TARGET_LAG = DOWNSTREAM WAREHOUSE = wh AS {query};
                     CREATE DYNAMIC TABLE w{i}_full TARGET_LAG = DOWNSTREAM WAREHOUSE = wh REFRESH_MODE = FULL AS {query};"
                ))
                .expect("window dynamic tables");
        }
        let mut mix = SeedMix::new(rows, rows as u64);
        let mut incremental = vec![Vec::new(); WINDOW_QUERIES.len()];
        let mut full = vec![Vec::new(); WINDOW_QUERIES.len()];
        for _ in 0..ROUNDS {
            for ev in mix.batch(1_000) {
                engine.apply_event(&ev, &target).expect("event");
            }
            for i in 0..WINDOW_QUERIES.len() {
                incremental[i].push(millis(|| {
                    engine
                        .execute(&format!("ALTER DYNAMIC TABLE w{i} REFRESH"))
                        .expect("incremental refresh");
                }));
                full[i].push(millis(|| {
                    engine
                        .execute(&format!("ALTER DYNAMIC TABLE w{i}_full REFRESH"))
                        .expect("full refresh");
                }));
            }
        }
        let csv = std::env::temp_dir().join(format!("snowglobe-windows-{rows}.csv"));
        bronze_csv(&engine, &target, &csv).expect("csv");
        for (i, (name, query, duck_query)) in WINDOW_QUERIES.iter().enumerate() {
            let q = |t: &str| format!("SELECT * FROM {t} ORDER BY 1, 2, 3, 4");
            let a = engine.execute(&q(&format!("w{i}"))).expect("query").rows;
            assert!(
                a == engine
                    .execute(&q(&format!("w{i}_full")))
                    .expect("query")
                    .rows,
                "incremental and full {name} differ"
            );
            let dt = snowglobe_engine::catalog::QName::parse(&format!("ECOMM_CDC.PUBLIC.W{i}"))
                .expect("name");
            let by = engine
                .operator_state(&dt)
                .map_or("recomputed", |(op, _)| op);
            let (inc, full) = (median(incremental[i].clone()), median(full[i].clone()));
            let duck = duckdb_ms(&csv, Some(duck_query.unwrap_or(query)));
            let duck_text = duck.map_or("n/a".to_owned(), |d| format!("{d:.1}"));
            let ratio = duck.map_or("n/a".to_owned(), |d| format!("{:.1}x", d / inc));
            println!(
                "| {rows} | {name} | {by} | {inc:.1} | {full:.0} | {duck_text} | {:.0}x | {ratio} |",
                full / inc
            );
        }
        std::fs::remove_file(&csv).ok();
    }
}
