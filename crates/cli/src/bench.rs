//! `snowglobe bench`: reproducible measurements of the engine, each against a baseline measured
//! in the same run.

use crate::alloc::live_bytes;
use snowglobe_engine::generator::OrderValues;
use snowglobe_engine::{CdcEvent, Engine, Generator, Op, Profile, pipelines};
use std::time::Instant;

fn start() -> snowglobe_engine::NaiveDateTime {
    crate::default_start()
}

fn insert(id: usize, at: snowglobe_engine::NaiveDateTime) -> CdcEvent {
    CdcEvent {
        op: Op::Insert,
        order_id: format!("ORD{id}"),
        values: Some(OrderValues {
            customer_id: Some(format!("CUST{}", id % 500 + 1)),
            order_date: at,
            status: "PENDING".into(),
            amount: rust_decimal::Decimal::new(14999 + (id % 1000) as i64, 2),
            product_id: Some(format!("PROD{}", id % 50 + 1)),
            quantity: (id % 5 + 1) as u32,
        }),
        at,
    }
}

/// A bronze table of `rows` orders with distinct ids ORD1..ORDn, and its heap cost in bytes.
fn bronze(rows: usize) -> (Engine, snowglobe_engine::catalog::QName, usize) {
    let mut engine = Engine::new(start());
    engine
        .execute_script(pipelines::ECOMM_CDC)
        .expect("seed pipeline");
    let target = engine.cdc_target("raw_orders").expect("bronze table");
    let before = live_bytes();
    for id in 1..=rows {
        engine
            .apply_event(&insert(id, engine.now()), &target)
            .expect("insert");
    }
    let bytes = live_bytes().saturating_sub(before);
    (engine, target, bytes)
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
        let (mut engine, target, bytes) = bronze(rows);
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
        let insert_us = micros_per(10_000, |i| {
            engine
                .apply_event(&insert(rows + i + 1, start()), &target)
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
    let mut g = Generator::new(7, Profile::Seed, engine.now());
    let events: Vec<CdcEvent> = std::iter::from_fn(|| Some(g.step()))
        .flatten()
        .take(200_000)
        .collect();
    let t = Instant::now();
    for ev in &events {
        engine.apply_event(ev, &target).expect("seed event");
    }
    let rate = events.len() as f64 / t.elapsed().as_secs_f64();
    println!(
        "\nSeed-mix generator events (70% INSERT / 25% UPDATE / 5% DELETE) on a 100k-row bronze table: {rate:.0} events/s"
    );
}
