//! Joins, UNION ALL and window functions refreshed incrementally by the join and partition
//! operators: random CDC streams over orders, customers and regions — duplicate join keys, NULL
//! keys, rows moving between partners and between partitions, partners deleted — and after every
//! refresh each dynamic table equals its query evaluated in full. The queries are the shapes of
//! Snowflake's supported-queries page (inner, cross and three-way joins, a self-join, UNION ALL,
//! QUALIFY dedup and window functions, and dynamic tables over dynamic tables).

mod common;
use common::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use snowglobe_engine::Duration;
use snowglobe_engine::catalog::QName;

const SOURCE: &str = "
CREATE DATABASE shop;
CREATE TABLE orders (id NUMBER, cid NUMBER, amount NUMBER(10,2), status STRING);
CREATE TABLE customers (cid NUMBER, name STRING, region STRING);
CREATE TABLE regions (region STRING, manager STRING);
";

/// (name, query) of each dynamic table, in creation order (later ones read earlier ones).
const DTS: &[(&str, &str)] = &[
    (
        "enriched",
        "SELECT o.id, o.amount, c.name, c.region FROM orders o JOIN customers c ON o.cid = c.cid WHERE o.status <> 'CANCELLED'",
    ),
    (
        "pairs",
        "SELECT c.name, r.manager FROM customers c CROSS JOIN regions r",
    ),
    (
        "managed",
        "SELECT o.id, c.name, r.manager FROM orders o JOIN customers c ON o.cid = c.cid JOIN regions r ON c.region = r.region",
    ),
    (
        "siblings",
        "SELECT a.id AS first_id, b.id AS second_id FROM orders a JOIN orders b ON a.cid = b.cid AND a.id < b.id",
    ),
    (
        "parties",
        "SELECT cid, 'ORDER' AS kind FROM orders WHERE amount > 50 UNION ALL SELECT cid, 'CUSTOMER' AS kind FROM customers",
    ),
    (
        "by_manager",
        "SELECT e.id, e.amount, r.manager FROM enriched e, regions r WHERE e.region = r.region",
    ),
    (
        "paid",
        "SELECT id, cid, amount FROM orders WHERE status = 'PAID'",
    ),
    (
        "latest",
        "SELECT id, cid, amount FROM orders QUALIFY ROW_NUMBER() OVER (PARTITION BY cid ORDER BY amount DESC NULLS LAST, id, status) = 1",
    ),
    (
        "ranked",
        "SELECT id, cid, SUM(amount) OVER (PARTITION BY cid ORDER BY id) AS running, RANK() OVER (PARTITION BY cid ORDER BY amount) AS r FROM orders WHERE status <> 'CANCELLED'",
    ),
    (
        "paid_names",
        "SELECT p.id, c.name FROM paid p JOIN customers c ON p.cid = c.cid",
    ),
];

fn literal_or_null(rng: &mut ChaCha8Rng, literal: String) -> String {
    if rng.gen_bool(0.1) {
        "NULL".to_owned()
    } else {
        literal
    }
}

/// One random change to one of the three tables; keys are drawn from small ranges so that join
/// keys repeat, and some are NULL.
fn random_statement(rng: &mut ChaCha8Rng) -> String {
    let id = rng.gen_range(1..25);
    let cid = rng.gen_range(1..6);
    let region = format!("'r{}'", rng.gen_range(0..3));
    match rng.gen_range(0..14) {
        0..=4 => {
            let cid = literal_or_null(rng, cid.to_string());
            let amount = format!("{}.{:02}", rng.gen_range(0..120), rng.gen_range(0..100));
            let status = ["'PAID'", "'PENDING'", "'CANCELLED'"][rng.gen_range(0..3)];
            format!("INSERT INTO orders VALUES ({id}, {cid}, {amount}, {status})")
        }
        5 => format!(
            "UPDATE orders SET cid = {}, status = 'PAID' WHERE id = {id}",
            rng.gen_range(1..6)
        ),
        6 => format!("UPDATE orders SET amount = amount + 30 WHERE cid = {cid}"),
        7 => format!("DELETE FROM orders WHERE id = {id}"),
        8..=9 => {
            let region = literal_or_null(rng, region);
            format!(
                "INSERT INTO customers VALUES ({cid}, 'c{}', {region})",
                rng.gen_range(0..4)
            )
        }
        10 => format!("UPDATE customers SET region = {region} WHERE cid = {cid}"),
        11 => format!("DELETE FROM customers WHERE cid = {cid}"),
        12 => format!(
            "INSERT INTO regions VALUES ({region}, 'm{}')",
            rng.gen_range(0..3)
        ),
        _ => format!("DELETE FROM regions WHERE region = {region}"),
    }
}

fn sorted(mut r: Vec<Vec<String>>) -> Vec<Vec<String>> {
    r.sort();
    r
}

fn assert_equals_full(e: &mut snowglobe_engine::Engine, name: &str, query: &str, context: &str) {
    let incremental = sorted(rows(e, &format!("SELECT * FROM {name}")));
    let full = sorted(rows(e, query));
    assert_eq!(
        incremental, full,
        "{name} differs from its full recomputation ({context})"
    );
}

fn qname(name: &str) -> QName {
    QName::parse(&format!("SHOP.PUBLIC.{}", name.to_ascii_uppercase())).expect("a name")
}

#[test]
fn joins_unions_and_windows_equal_their_full_recomputation_on_random_streams() {
    for seed in 0..24u64 {
        let mut e = engine_with(SOURCE);
        for (name, query) in DTS {
            q(
                &mut e,
                &format!(
                    "CREATE DYNAMIC TABLE {name} TARGET_LAG = '1 minute' WAREHOUSE = wh AS {query}"
                ),
            );
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for step in 0..120 {
            let sql = random_statement(&mut rng);
            e.execute(&sql).unwrap_or_else(|err| panic!("{sql}: {err}"));
            if rng.gen_bool(0.3) {
                e.advance(Duration::seconds(61));
                for (name, query) in DTS {
                    assert_equals_full(&mut e, name, query, &format!("seed {seed}, step {step}"));
                }
            }
        }
        e.advance(Duration::seconds(61));
        for (name, query) in DTS {
            assert_equals_full(&mut e, name, query, &format!("seed {seed}, final"));
            let operator = e.operator_state(&qname(name)).map(|(op, _)| op);
            let expected = match *name {
                "paid" => "projection",
                "latest" | "ranked" => "partition",
                _ => "join",
            };
            assert_eq!(
                operator,
                Some(expected),
                "{name} is maintained by its operator"
            );
        }
        let actions = rows(
            &mut e,
            "SELECT DISTINCT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY()) WHERE refresh_trigger = 'SCHEDULED' ORDER BY 1",
        );
        assert!(
            actions
                .iter()
                .all(|a| a[0] == "INCREMENTAL" || a[0] == "NO_DATA"),
            "seed {seed}: {actions:?}"
        );
    }
}

/// The partition operator recomputes only the partitions a change touches and keeps one entry per
/// input row and per output row.
#[test]
fn a_dedup_touches_only_the_changed_keys() {
    let mut e = engine_with(SOURCE);
    q(
        &mut e,
        "CREATE DYNAMIC TABLE latest TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT id, cid, amount FROM orders QUALIFY ROW_NUMBER() OVER (PARTITION BY cid ORDER BY amount DESC) = 1",
    );
    q(
        &mut e,
        "INSERT INTO orders VALUES (1, 1, 10, 'PAID'), (2, 1, 30, 'PAID'), (3, 2, 5, 'PAID'), (4, 3, 7, 'PAID')",
    );
    e.advance(Duration::seconds(61));
    assert_eq!(e.operator_state(&qname("latest")), Some(("partition", 7)));
    q(&mut e, "UPDATE orders SET amount = 50 WHERE id = 3");
    e.advance(Duration::seconds(61));
    assert_eq!(
        rows(&mut e, "SELECT id, cid, amount FROM latest ORDER BY cid"),
        [["2", "1", "30.00"], ["3", "2", "50.00"], ["4", "3", "7.00"]]
    );
    let stats = rows(
        &mut e,
        "SELECT refresh_action, statistics:numInsertedRows::number, statistics:numDeletedRows::number FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'LATEST')) ORDER BY data_timestamp DESC LIMIT 1",
    );
    assert_eq!(
        stats,
        [["INCREMENTAL", "1", "1"]],
        "one partition's row replaced"
    );
}

/// The join operator keeps one index entry per stored output row, no more: its state follows the
/// output down as well as up.
#[test]
fn the_join_state_is_bounded_by_the_output() {
    let mut e = engine_with(SOURCE);
    q(
        &mut e,
        "CREATE DYNAMIC TABLE enriched TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.cid",
    );
    q(
        &mut e,
        "INSERT INTO customers VALUES (1, 'a', 'r0'), (1, 'a2', 'r1'), (2, 'b', 'r0')",
    );
    q(
        &mut e,
        "INSERT INTO orders VALUES (1, 1, 10, 'PAID'), (2, 2, 20, 'PAID'), (3, NULL, 5, 'PAID')",
    );
    e.advance(Duration::seconds(61));
    assert_eq!(e.operator_state(&qname("enriched")), Some(("join", 3)));
    q(&mut e, "DELETE FROM customers WHERE cid = 1");
    e.advance(Duration::seconds(61));
    assert_eq!(rows(&mut e, "SELECT * FROM enriched"), [["2", "b"]]);
    assert_eq!(e.operator_state(&qname("enriched")), Some(("join", 1)));
    let stats = rows(
        &mut e,
        "SELECT refresh_action, statistics:numDeletedRows::number FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ENRICHED')) ORDER BY data_timestamp DESC LIMIT 1",
    );
    assert_eq!(stats, [["INCREMENTAL", "2"]]);
}

/// supported-queries (CURRENT_TIMESTAMP in WHERE under an explicit INCREMENTAL): the filter is
/// evaluated at each refresh that has new data, so rows the time window has passed by leave the
/// table then, though their own input rows did not change (a refresh without new data is NO_DATA).
#[test]
fn a_clock_filter_lets_rows_age_out() {
    let mut e = engine_with(SOURCE);
    q(&mut e, "CREATE TABLE events (id NUMBER, at TIMESTAMP_NTZ)");
    q(&mut e, "INSERT INTO events SELECT 1, CURRENT_TIMESTAMP()");
    q(
        &mut e,
        "CREATE DYNAMIC TABLE recent TARGET_LAG = '1 minute' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS SELECT id FROM events WHERE at > DATEADD('hour', -1, CURRENT_TIMESTAMP())",
    );
    assert_eq!(rows(&mut e, "SELECT id FROM recent"), [["1"]]);
    e.advance(Duration::minutes(30));
    q(&mut e, "INSERT INTO events SELECT 2, CURRENT_TIMESTAMP()");
    e.advance(Duration::minutes(45));
    q(&mut e, "INSERT INTO events SELECT 3, CURRENT_TIMESTAMP()");
    q(&mut e, "ALTER DYNAMIC TABLE recent REFRESH");
    assert_eq!(
        sorted(rows(&mut e, "SELECT id FROM recent")),
        [["2"], ["3"]]
    );
    let last = rows(
        &mut e,
        "SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'RECENT')) ORDER BY data_timestamp DESC LIMIT 1",
    );
    assert_eq!(last, [["INCREMENTAL"]]);
}
