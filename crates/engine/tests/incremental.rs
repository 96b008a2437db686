//! Differential tests: random CDC streams (inserts, updates, deletes, duplicate ids, NULLs) with
//! refreshes at random points; after every refresh each incremental dynamic table must equal a full
//! recomputation of its query.

mod common;
use common::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use snowglobe_engine::{Duration, Engine, pipelines};

const SOURCE: &str = "
CREATE DATABASE lab;
CREATE TABLE src (id NUMBER, grp STRING, amount NUMBER(10,2), qty NUMBER, ts TIMESTAMP_NTZ, flag BOOLEAN, note VARCHAR(10));
";

/// (name, query): every operator incremental refresh supports, and a dynamic table over another.
const DTS: &[(&str, &str)] = &[
    ("proj", "SELECT id, grp, amount * qty AS total, IFF(flag, 'Y', 'N') AS f, UPPER(note) AS n FROM src WHERE amount > 10 OR note IS NULL"),
    ("agg", "SELECT grp, COUNT(*) AS c, COUNT(note) AS cn, COUNT(DISTINCT note) AS cd, SUM(amount) AS s, AVG(amount) AS a,
             MIN(amount) AS mi, MAX(ts) AS mx, SUM(CASE WHEN flag THEN amount ELSE 0 END) AS cs,
             COUNT(CASE WHEN qty > 2 THEN 1 END) AS cc, SUM(DISTINCT qty) AS sd, AVG(DISTINCT qty) AS ad, MIN(note) AS mn
             FROM src GROUP BY grp"),
    ("dist", "SELECT DISTINCT grp, flag FROM src"),
    ("scalar", "SELECT COUNT(*) AS c, SUM(amount) AS s, MAX(id) AS m, MIN(note) AS n FROM src"),
    ("by_expr", "SELECT EXTRACT(YEAR FROM ts) AS y, grp, SUM(qty) AS q, COUNT(*) AS c FROM src WHERE note IS NOT NULL GROUP BY 1, 2"),
    ("on_dt", "SELECT grp, SUM(total) AS t, COUNT(*) AS n, MAX(f) AS f FROM proj GROUP BY grp"),
];

fn literal_or_null(rng: &mut ChaCha8Rng, text: String) -> String {
    if rng.gen_bool(0.1) {
        "NULL".into()
    } else {
        text
    }
}

fn random_statement(rng: &mut ChaCha8Rng) -> String {
    let id = rng.gen_range(1..30);
    match rng.gen_range(0..10) {
        0..=4 => {
            let grp = format!("'g{}'", rng.gen_range(0..5));
            let amount = format!("{}.{:02}", rng.gen_range(-5..300), rng.gen_range(0..100));
            let qty = rng.gen_range(0..6).to_string();
            let ts = format!(
                "'202{}-0{}-1{} 10:00:00'",
                rng.gen_range(4..7),
                rng.gen_range(1..10),
                rng.gen_range(0..9)
            );
            let flag = if rng.gen_bool(0.5) { "TRUE" } else { "FALSE" }.to_string();
            let note = format!("'n{}'", rng.gen_range(0..4));
            let values = [
                id.to_string(),
                literal_or_null(rng, grp),
                literal_or_null(rng, amount),
                literal_or_null(rng, qty),
                literal_or_null(rng, ts),
                literal_or_null(rng, flag),
                literal_or_null(rng, note),
            ];
            format!("INSERT INTO src VALUES ({})", values.join(", "))
        }
        5..=6 => format!(
            "UPDATE src SET amount = amount + {}, qty = {} WHERE id = {id}",
            rng.gen_range(-50..50),
            rng.gen_range(0..6)
        ),
        7 => format!(
            "UPDATE src SET grp = 'g{}', note = NULL WHERE grp = 'g{}'",
            rng.gen_range(0..5),
            rng.gen_range(0..5)
        ),
        8 => format!("DELETE FROM src WHERE id = {id}"),
        _ => format!(
            "UPDATE src SET flag = NOT flag, note = 'n{}' WHERE id = {id}",
            rng.gen_range(0..4)
        ),
    }
}

fn sorted(mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.sort();
    rows
}

fn assert_equals_full(e: &mut Engine, name: &str, query: &str, context: &str) {
    let incremental = sorted(rows(e, &format!("SELECT * FROM {name}")));
    let full = sorted(rows(e, query));
    assert_eq!(
        incremental, full,
        "{name} differs from its full recomputation ({context})"
    );
}

#[test]
fn incremental_equals_full_recomputation_on_random_streams() {
    for seed in 0..24u64 {
        let mut e = engine_with(SOURCE);
        for (name, query) in DTS {
            q(
                &mut e,
                &format!(
                    "CREATE DYNAMIC TABLE {name} TARGET_LAG = DOWNSTREAM WAREHOUSE = wh AS {query}"
                ),
            );
            let mode = scalar(
                &mut e,
                &format!(
                    "SELECT refresh_mode FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES(NAME => '{name}'))"
                ),
            );
            assert_eq!(mode, "ADAPTIVE", "{name}");
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for step in 0..150 {
            let sql = random_statement(&mut rng);
            e.execute(&sql).unwrap_or_else(|err| panic!("{sql}: {err}"));
            if rng.gen_bool(0.2) {
                let (name, query) = DTS[rng.gen_range(0..DTS.len())];
                e.advance(Duration::seconds(1));
                let r = q(&mut e, &format!("ALTER DYNAMIC TABLE {name} REFRESH"));
                let action = r.cell(0, "refresh_action").unwrap();
                assert!(
                    ["INCREMENTAL", "NO_DATA"].contains(&action.as_str()),
                    "{name}: {action}"
                );
                assert_equals_full(
                    &mut e,
                    name,
                    query,
                    &format!("seed {seed}, step {step}, after {sql}"),
                );
            }
        }
        for (name, query) in DTS {
            q(&mut e, &format!("ALTER DYNAMIC TABLE {name} REFRESH"));
            assert_equals_full(&mut e, name, query, &format!("seed {seed}, final"));
        }
    }
}

/// (name, query, refresh mode): dynamic tables over constructs that Snowflake refreshes
/// incrementally (AUTO gives ADAPTIVE) but no operator maintains, so they are recomputed and applied
/// as a difference — QUALIFY dedup, window aggregates, set operations, comma joins, CTE chains —;
/// an outer join on more than equality, which Snowflake refreshes FULL; and one an operator
/// maintains whose filter compares a number with text.
const FULL_DTS: &[(&str, &str, &str)] = &[
    (
        "latest",
        "SELECT id, grp, amount FROM src QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY amount DESC NULLS LAST, qty, grp, ts, note) = 1",
        "ADAPTIVE",
    ),
    (
        "running",
        "SELECT id, grp, SUM(amount) OVER (PARTITION BY grp ORDER BY id) AS r, RANK() OVER (PARTITION BY grp ORDER BY qty DESC) AS k FROM src",
        "ADAPTIVE",
    ),
    (
        "both",
        "SELECT grp FROM src WHERE flag UNION SELECT note FROM src WHERE qty > 3",
        "ADAPTIVE",
    ),
    (
        "pairs",
        "SELECT a.id, COUNT(*) AS n FROM src a, src b WHERE a.grp = b.grp AND a.id < b.id GROUP BY a.id",
        "ADAPTIVE",
    ),
    (
        "chain",
        "WITH src AS (SELECT * FROM src WHERE amount > 0), big AS (SELECT * FROM src WHERE qty >= 2) SELECT grp, COUNT(*) AS n FROM big GROUP BY grp",
        "ADAPTIVE",
    ),
    (
        "semi",
        "SELECT id, OBJECT_CONSTRUCT('g', grp, 'a', amount, 'n', note):g::string AS g, TRY_CAST(note AS NUMBER) AS nn, SPLIT_PART(note, 'a', 1) AS p, REGEXP_REPLACE(grp, '[aeiou]', '') AS r FROM src WHERE OBJECT_CONSTRUCT('q', qty):q::number > 1",
        "ADAPTIVE",
    ),
    (
        "flat",
        "SELECT s.id, f.index AS i, f.value::string AS v FROM src s, LATERAL FLATTEN(input => ARRAY_CONSTRUCT_COMPACT(s.grp, s.note)) f",
        "ADAPTIVE",
    ),
    (
        "stats",
        "SELECT grp, MEDIAN(amount) AS m, LISTAGG(DISTINCT note, ',') WITHIN GROUP (ORDER BY note) AS l, MAX_BY(id, amount) AS top, STDDEV_POP(qty) AS sd, COUNT(*) AS n FROM src GROUP BY grp",
        "ADAPTIVE",
    ),
    (
        "full_outer",
        "SELECT a.id, b.id AS bid, a.grp, b.note FROM src a FULL OUTER JOIN src b ON a.id = b.qty AND a.flag",
        "FULL",
    ),
    (
        "cast_filter",
        "SELECT id, amount FROM src WHERE id > '15' AND ts >= '2025-01-01'",
        "ADAPTIVE",
    ),
];

#[test]
fn new_constructs_refresh_to_their_query_on_random_streams() {
    for seed in 0..8u64 {
        let mut e = engine_with(SOURCE);
        for (name, query, mode) in FULL_DTS {
            q(
                &mut e,
                &format!(
                    "CREATE DYNAMIC TABLE {name} TARGET_LAG = DOWNSTREAM WAREHOUSE = wh AS {query}"
                ),
            );
            let actual = scalar(
                &mut e,
                &format!(
                    "SELECT refresh_mode FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES(NAME => '{name}'))"
                ),
            );
            assert_eq!(&actual, mode, "{name}");
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for step in 0..100 {
            let sql = random_statement(&mut rng);
            e.execute(&sql).unwrap_or_else(|err| panic!("{sql}: {err}"));
            if rng.gen_bool(0.25) {
                let (name, query, _) = FULL_DTS[rng.gen_range(0..FULL_DTS.len())];
                e.advance(Duration::seconds(1));
                q(&mut e, &format!("ALTER DYNAMIC TABLE {name} REFRESH"));
                assert_equals_full(
                    &mut e,
                    name,
                    query,
                    &format!("seed {seed}, step {step}, after {sql}"),
                );
            }
        }
    }
}

#[test]
fn seed_pipeline_incremental_equals_full_at_every_scheduled_refresh() {
    let mut e = engine_with(pipelines::ECOMM_CDC);
    let silver = e
        .catalog()
        .dynamic_tables()
        .find(|(q, _)| q.name == "ORDERS_DERIVED")
        .unwrap()
        .1
        .text
        .clone();
    let gold = e
        .catalog()
        .dynamic_tables()
        .find(|(q, _)| q.name == "ORDERS_AGGREGATED")
        .unwrap()
        .1
        .text
        .clone();
    let target = e.cdc_target("raw_orders").unwrap();
    let mut g = snowglobe_engine::Generator::new(31, snowglobe_engine::Profile::Seed, e.now());
    let mut checked = 0;
    for _ in 0..1500 {
        let before = e.refresh_history().len();
        e.advance_to(g.next_at());
        if e.refresh_history()[before..]
            .iter()
            .any(|r| r.table.name == "ORDERS_AGGREGATED")
        {
            assert_equals_full(&mut e, "orders_derived", &silver, "silver");
            // Gold reflects silver as of its data timestamp, which silver still shows.
            assert_equals_full(&mut e, "orders_aggregated", &gold, "gold");
            checked += 1;
        }
        if let Some(ev) = g.step() {
            e.apply_event(&ev, &target).unwrap();
        }
    }
    assert!(checked > 10);
    let actions: Vec<&str> = e
        .refresh_history()
        .iter()
        .map(|r| r.action.text())
        .collect();
    assert!(
        actions.contains(&"INCREMENTAL") && !actions[2..].contains(&"FULL"),
        "{actions:?}"
    );
}

#[test]
fn statistics_count_rows_inserted_and_deleted() {
    let mut e = engine_with(SOURCE);
    q(
        &mut e,
        "INSERT INTO src (id, grp, amount) VALUES (1, 'a', 20), (2, 'a', 30), (3, 'b', 40)",
    );
    q(
        &mut e,
        &format!(
            "CREATE DYNAMIC TABLE p TARGET_LAG = '1 minute' WAREHOUSE = wh AS {}",
            DTS[0].1
        ),
    );
    q(
        &mut e,
        "CREATE DYNAMIC TABLE g TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT grp, SUM(amount) AS s FROM src GROUP BY grp",
    );
    q(&mut e, "UPDATE src SET amount = 25 WHERE id = 1");
    q(&mut e, "DELETE FROM src WHERE id = 3");
    e.advance(Duration::minutes(1));
    let stats = rows(
        &mut e,
        "SELECT name, refresh_action, statistics FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY()) WHERE refresh_trigger = 'SCHEDULED' ORDER BY name",
    );
    assert_eq!(stats[0][0], "G");
    assert_eq!(stats[0][1], "INCREMENTAL");
    assert!(
        stats[0][2].contains("\"numInsertedRows\":1,\"numDeletedRows\":2"),
        "{:?}",
        stats[0]
    );
    assert_eq!(stats[1][0], "P");
    // The update does not change P's row (amount is not projected and the filter still passes).
    assert!(
        stats[1][2].contains("\"numInsertedRows\":0,\"numDeletedRows\":1"),
        "{:?}",
        stats[1]
    );
    e.advance(Duration::minutes(1));
    let last = rows(
        &mut e,
        "SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'P', RESULT_LIMIT => 1))",
    );
    assert_eq!(last, [["NO_DATA"]]);
}

/// docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries: a construct outside the
/// matrix makes AUTO resolve to FULL with `QUERY_NOT_SUPPORTED_FOR_INCREMENTAL` (a set operation
/// shows its sentence), and an explicit INCREMENTAL fail with 002711 (0A000).
#[test]
fn unsupported_queries_refresh_full_with_a_reason_and_forcing_incremental_fails() {
    let mut e = engine_with(SOURCE);
    q(&mut e, "CREATE TABLE other (id NUMBER)");
    for (query, reason) in [
        (
            "SELECT id FROM src WHERE id IN (SELECT id FROM other)",
            "QUERY_NOT_SUPPORTED_FOR_INCREMENTAL",
        ),
        (
            "SELECT id FROM src LIMIT 3",
            "QUERY_NOT_SUPPORTED_FOR_INCREMENTAL",
        ),
        (
            "SELECT id, RANDOM() AS r FROM src",
            "QUERY_NOT_SUPPORTED_FOR_INCREMENTAL",
        ),
        (
            "SELECT id FROM src EXCEPT SELECT id FROM other",
            "Unsupported query operator type: SetOperation[EXCEPT]",
        ),
    ] {
        q(
            &mut e,
            &format!(
                "CREATE OR REPLACE DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = wh AS {query}"
            ),
        );
        let r = rows(
            &mut e,
            "SELECT refresh_mode, refresh_mode_reason FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES(NAME => 'D'))",
        );
        assert_eq!(r[0], ["FULL", reason], "{query}");
        let err = e
            .execute(&format!("CREATE OR REPLACE DYNAMIC TABLE d2 TARGET_LAG = '1 minute' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS {query}"))
            .unwrap_err();
        assert_eq!((err.code, err.sqlstate), ("002711", "0A000"), "{err}");
        assert!(
            err.message
                .contains("Dynamic Table 'D2' is defined with REFRESH_MODE = INCREMENTAL"),
            "{err}"
        );
    }
}

/// Joins, HAVING and expressions over aggregates are in Snowflake's matrix: AUTO resolves to
/// ADAPTIVE, an explicit INCREMENTAL is accepted, and refreshes after a change are INCREMENTAL
/// with the rows of the query.
#[test]
fn supported_queries_without_an_operator_are_incremental_as_in_snowflake() {
    let mut e = engine_with(SOURCE);
    q(&mut e, "CREATE TABLE other (id NUMBER)");
    q(
        &mut e,
        "INSERT INTO src (id, grp, amount) VALUES (1, 'a', 10), (2, 'a', 20), (3, 'b', 5)",
    );
    q(&mut e, "INSERT INTO other VALUES (1), (3)");
    for (n, (query, expected)) in [
        (
            "SELECT s.id FROM src s JOIN other o ON s.id = o.id",
            vec![vec!["1"], vec!["3"], vec!["4"]],
        ),
        (
            "SELECT grp, SUM(amount) / COUNT(*) AS r FROM src GROUP BY grp",
            // NUMBER(38,2) / NUMBER: scale max(2, min(2 + 6, 12)) = 8 (Snowflake's division rule).
            vec![
                vec!["a", "15.00000000"],
                vec!["b", "5.00000000"],
                vec!["c", "1.00000000"],
            ],
        ),
        (
            "SELECT grp, COUNT(*) AS c FROM src GROUP BY grp HAVING COUNT(*) > 1",
            vec![vec!["a", "2"]],
        ),
    ]
    .into_iter()
    .enumerate()
    {
        for mode in ["AUTO", "INCREMENTAL"] {
            let name = format!("D_{mode}_{n}");
            q(
                &mut e,
                &format!(
                    "CREATE DYNAMIC TABLE {name} TARGET_LAG = '1 minute' WAREHOUSE = wh REFRESH_MODE = {mode} AS {query} ORDER BY 1"
                ),
            );
            let r = rows(
                &mut e,
                &format!(
                    "SELECT refresh_mode, refresh_mode_reason FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLES(NAME => '{name}'))"
                ),
            );
            let shown = if mode == "AUTO" { "ADAPTIVE" } else { mode };
            assert_eq!(r[0], [shown, "NULL"], "{query}");
            q(
                &mut e,
                "INSERT INTO src (id, grp, amount) VALUES (4, 'c', 1)",
            );
            q(&mut e, "INSERT INTO other VALUES (4)");
            e.advance(Duration::seconds(1));
            q(&mut e, &format!("ALTER DYNAMIC TABLE {name} REFRESH"));
            let action = rows(
                &mut e,
                &format!(
                    "SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => '{name}')) WHERE refresh_trigger = 'MANUAL'"
                ),
            );
            assert_eq!(action, [["INCREMENTAL"]], "{query}");
            assert_eq!(
                rows(&mut e, &format!("SELECT * FROM {name} ORDER BY 1")),
                expected,
                "{query}"
            );
            q(&mut e, "DELETE FROM src WHERE id = 4");
            q(&mut e, "DELETE FROM other WHERE id = 4");
        }
    }
}

#[test]
fn replacing_the_input_reinitializes() {
    let mut e = engine_with(SOURCE);
    q(&mut e, "INSERT INTO src (id, grp) VALUES (1, 'a')");
    q(
        &mut e,
        "CREATE DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT grp, COUNT(*) AS c FROM src GROUP BY grp",
    );
    q(
        &mut e,
        "CREATE OR REPLACE TABLE src (id NUMBER, grp STRING, amount NUMBER(10,2), qty NUMBER, ts TIMESTAMP_NTZ, flag BOOLEAN, note VARCHAR(10))",
    );
    q(
        &mut e,
        "INSERT INTO src (id, grp) VALUES (1, 'b'), (2, 'b')",
    );
    let r = q(&mut e, "ALTER DYNAMIC TABLE d REFRESH");
    assert_eq!(r.cell(0, "refresh_action").unwrap(), "REINITIALIZE");
    assert_eq!(rows(&mut e, "SELECT * FROM d"), [["b", "2"]]);
}
