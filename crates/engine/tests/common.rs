#![allow(dead_code)]

use snowglobe_engine::{Engine, Generator, NaiveDateTime, Profile, QueryResult};

pub fn start() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-01-15 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

pub fn engine_with(script: &str) -> Engine {
    let mut e = Engine::new(start());
    e.execute_script(script)
        .unwrap_or_else(|err| panic!("script failed: {err}"));
    e
}

/// Applies `n` generator events to raw_orders, running the scheduler as time passes.
pub fn feed(engine: &mut Engine, seed: u64, n: usize) -> Generator {
    let target = engine.cdc_target("raw_orders").unwrap();
    let mut g = Generator::new(seed, Profile::Seed, engine.now());
    let mut applied = 0;
    while applied < n {
        engine.advance_to(g.next_at());
        if let Some(ev) = g.step() {
            engine.apply_event(&ev, &target).unwrap();
            applied += 1;
        }
    }
    g
}

pub fn q(engine: &mut Engine, sql: &str) -> QueryResult {
    engine.execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Rows as text.
pub fn rows(engine: &mut Engine, sql: &str) -> Vec<Vec<String>> {
    q(engine, sql).text_rows()
}

pub fn scalar(engine: &mut Engine, sql: &str) -> String {
    rows(engine, sql).remove(0).remove(0)
}

/// The error a statement fails with, checked to carry `code` and a message containing `says`.
pub fn fails(engine: &mut Engine, sql: &str, code: &str, says: &str) -> snowglobe_engine::SqlError {
    let err = engine
        .execute(sql)
        .err()
        .unwrap_or_else(|| panic!("{sql}: succeeded, expected {code} {says}"));
    assert_eq!(err.code, code, "{sql}: {err}");
    assert!(err.message.contains(says), "{sql}: {err}");
    err
}
