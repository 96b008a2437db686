//! The CDC generator reproduces the seed's distributions, deterministically, and its events have the
//! effect of the SQL they stand for.

mod common;
use common::*;
use snowglobe_engine::{Generator, Op, Profile, pipelines};
use std::collections::{HashMap, HashSet};

fn within(observed: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (observed - expected).abs() <= tolerance,
        "{what}: {observed} not within {tolerance} of {expected}"
    );
}

#[test]
fn seed_profile_distributions_over_100k_iterations() {
    let mut g = Generator::new(2024, Profile::Seed, start());
    let n = 100_000;
    let mut ops: HashMap<Op, usize> = HashMap::new();
    let mut statuses: HashMap<String, usize> = HashMap::new();
    let mut update_statuses: HashSet<String> = HashSet::new();
    let (mut amounts, mut quantities, mut delays, mut ages) = (vec![], vec![], vec![], vec![]);
    let mut tracked: HashSet<String> = HashSet::new();
    let mut skipped = 0;
    for _ in 0..n {
        let at = g.next_at();
        let event = g.step();
        delays.push((g.next_at() - at).num_milliseconds() as f64 / 1000.0);
        let Some(ev) = event else {
            skipped += 1;
            continue;
        };
        assert_eq!(ev.at, at);
        *ops.entry(ev.op).or_default() += 1;
        match ev.op {
            Op::Insert => {
                let v = ev.values.as_ref().unwrap();
                let id: u32 = ev.order_id.strip_prefix("ORD").unwrap().parse().unwrap();
                assert!((1..=1000).contains(&id));
                let c: u32 = v
                    .customer_id
                    .as_ref()
                    .unwrap()
                    .strip_prefix("CUST")
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=500).contains(&c));
                let p: u32 = v
                    .product_id
                    .as_ref()
                    .unwrap()
                    .strip_prefix("PROD")
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=50).contains(&p));
                assert_eq!(v.amount.scale(), 2, "amounts are rounded to cents");
                amounts.push(v.amount.to_string().parse::<f64>().unwrap());
                quantities.push(v.quantity);
                *statuses.entry(v.status.clone()).or_default() += 1;
                let age = (at - v.order_date).num_days();
                assert_eq!(
                    at - v.order_date,
                    snowglobe_engine::Duration::days(age),
                    "whole days back"
                );
                ages.push(age);
                tracked.insert(ev.order_id.clone());
            }
            Op::Update => {
                assert!(
                    tracked.contains(&ev.order_id),
                    "updates only tracked orders"
                );
                let v = ev.values.as_ref().unwrap();
                update_statuses.insert(v.status.clone());
                assert!((1..=5).contains(&v.quantity));
            }
            Op::Delete => {
                assert!(tracked.remove(&ev.order_id), "deletes only tracked orders");
            }
        }
    }
    assert_eq!(g.tracked(), tracked.len());
    let total = n as f64;
    within(ops[&Op::Insert] as f64 / total, 0.70, 0.01, "INSERT share");
    within(ops[&Op::Update] as f64 / total, 0.25, 0.01, "UPDATE share");
    within(ops[&Op::Delete] as f64 / total, 0.05, 0.005, "DELETE share");
    assert!(
        skipped < 10,
        "only the first iterations can find nothing tracked"
    );
    let inserts = ops[&Op::Insert] as f64;
    for (s, w) in [
        ("PENDING", 0.3),
        ("SHIPPED", 0.4),
        ("DELIVERED", 0.2),
        ("CANCELLED", 0.1),
    ] {
        within(statuses[s] as f64 / inserts, w, 0.01, s);
    }
    assert_eq!(
        update_statuses,
        HashSet::from(["SHIPPED".into(), "DELIVERED".into(), "CANCELLED".into()])
    );
    let mean = amounts.iter().sum::<f64>() / amounts.len() as f64;
    let sd =
        (amounts.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / amounts.len() as f64).sqrt();
    within(mean, 150.0, 1.0, "amount mean");
    within(sd, 50.0, 1.0, "amount standard deviation");
    assert_eq!(
        (
            *quantities.iter().min().unwrap(),
            *quantities.iter().max().unwrap()
        ),
        (1, 5)
    );
    assert_eq!(
        (*ages.iter().min().unwrap(), *ages.iter().max().unwrap()),
        (0, 365)
    );
    let dmean = delays.iter().sum::<f64>() / delays.len() as f64;
    within(dmean, 5.5, 0.05, "mean delay (s)");
    assert!(delays.iter().all(|d| (1.0..=10.0).contains(d)));
}

#[test]
fn classic_profile_is_the_older_insert_only_script() {
    let mut g = Generator::new(1, Profile::Classic, start());
    let mut statuses: HashMap<String, usize> = HashMap::new();
    let mut amounts = vec![];
    for i in 0..20_000 {
        let at = g.next_at();
        assert_eq!(at, start() + snowglobe_engine::Duration::seconds(5 * i));
        let ev = g.step().unwrap();
        assert_eq!(ev.op, Op::Insert);
        let v = ev.values.unwrap();
        let id: u32 = ev.order_id.strip_prefix("ORD").unwrap().parse().unwrap();
        assert!((1..=20).contains(&id));
        let c: u32 = v
            .customer_id
            .unwrap()
            .strip_prefix("CUST")
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=100).contains(&c));
        assert!((1..=10).contains(&v.quantity));
        assert!((0..=30).contains(&(at - v.order_date).num_days()));
        let a: f64 = v.amount.to_string().parse().unwrap();
        assert!((10.0..=500.0).contains(&a));
        amounts.push(a);
        *statuses.entry(v.status).or_default() += 1;
    }
    for s in ["PENDING", "SHIPPED", "DELIVERED", "CANCELLED"] {
        within(statuses[s] as f64 / 20_000.0, 0.25, 0.015, s);
    }
    within(
        amounts.iter().sum::<f64>() / amounts.len() as f64,
        255.0,
        3.0,
        "uniform amount mean",
    );
}

#[test]
fn same_seed_same_events() {
    let run = |seed| {
        let mut g = Generator::new(seed, Profile::Seed, start());
        (0..500).filter_map(|_| g.step()).collect::<Vec<_>>()
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5), run(6));
}

#[test]
fn applied_events_equal_their_sql() {
    let mut direct = engine_with(pipelines::ECOMM_CDC);
    let mut via_sql = engine_with(pipelines::ECOMM_CDC);
    let target = direct.cdc_target("raw_orders").unwrap();
    let mut g = Generator::new(77, Profile::Seed, direct.now());
    let mut lines = vec![];
    for _ in 0..400 {
        let at = g.next_at();
        direct.advance_to(at);
        via_sql.advance_to(at);
        if let Some(ev) = g.step() {
            let n = direct.apply_event(&ev, &target).unwrap();
            let r = via_sql.execute(&ev.to_sql("raw_orders", true)).unwrap();
            assert_eq!(
                r.rows[0][0].clone(),
                snowglobe_engine::Value::I64(n as i64),
                "{}",
                ev.to_sql("raw_orders", true)
            );
            lines.push(ev.log_line());
        }
    }
    let all = "SELECT * FROM raw_orders ORDER BY order_id, processed_at, amount";
    assert_eq!(
        q(&mut direct, all).text_rows(),
        q(&mut via_sql, all).text_rows()
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("[CDC EVENT - INSERT] ('ORD"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("[CDC EVENT - UPDATE] order_id: ORD"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("[CDC EVENT - DELETE] order_id: ORD"))
    );
}

#[test]
fn a_rate_rescales_the_delays_but_keeps_the_events() {
    let mut paced = Generator::new(9, Profile::Seed, start());
    let mut fast = Generator::new(9, Profile::Seed, start());
    fast.set_rate(Some(50.0));
    let n = 20_000;
    for _ in 0..n {
        let (a, b) = (paced.step(), fast.step());
        // Everything but the times (and the order dates drawn back from them) is the same.
        let key = |e: snowglobe_engine::CdcEvent| {
            let v = e
                .values
                .map(|v| (v.customer_id, v.status, v.amount, v.quantity));
            (e.op, e.order_id, v)
        };
        assert_eq!(a.map(key), b.map(key));
    }
    let mean_ms = |g: &Generator| (g.next_at() - start()).num_milliseconds() as f64 / n as f64;
    within(mean_ms(&paced), 5_500.0, 50.0, "seed pace mean delay (ms)");
    within(
        mean_ms(&fast),
        20.0,
        0.5,
        "mean delay at 50 per second (ms)",
    );
    fast.set_rate(None);
    assert_eq!(fast.rate(), None);
    fast.set_rate(Some(f64::NAN));
    assert_eq!(
        fast.rate(),
        None,
        "a rate that is not a positive number is ignored"
    );
}
