//! CDC events as statements for a real account, few and large: a run of events on distinct orders
//! becomes one multi-row INSERT, one UPDATE per updated order and one `DELETE … WHERE order_id IN
//! (…)`; an event on an order already touched in the run starts a new run, so the statements have
//! the effect of the events one by one, in order. Each event carries its own time (an UPDATE's
//! `order_date`, the CDC columns' `processed_at`) rather than the account's `CURRENT_TIMESTAMP()`,
//! so the same events give the same rows in the tab's engine and on the account.
//!
//! The [`Feeder`] runs the seed's generator on the wall clock, at a rate of events per second.

use crate::remote::plan::Bronze;
use serde::{Deserialize, Serialize};
use snowglobe_engine::{CdcEvent, Duration, Generator, NaiveDateTime, Op, Profile};
use std::collections::HashSet;

/// How many events of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EventCounts {
    pub inserts: u64,
    pub updates: u64,
    pub deletes: u64,
}

impl EventCounts {
    pub fn total(&self) -> u64 {
        self.inserts + self.updates + self.deletes
    }

    pub fn add(&mut self, other: EventCounts) {
        self.inserts += other.inserts;
        self.updates += other.updates;
        self.deletes += other.deletes;
    }

    /// `14 INSERT, 5 UPDATE, 1 DELETE`.
    pub fn text(&self) -> String {
        format!(
            "{} INSERT, {} UPDATE, {} DELETE",
            self.inserts, self.updates, self.deletes
        )
    }
}

/// Statements that apply some events, and what they hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Batch {
    pub statements: Vec<String>,
    pub counts: EventCounts,
}

impl Batch {
    /// The statements as one script (a multi-statement request).
    pub fn script(&self) -> String {
        self.statements.join(";\n")
    }
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn time(t: &NaiveDateTime) -> String {
    quote(&t.format("%Y-%m-%d %H:%M:%S%.3f").to_string())
}

/// Events on distinct orders, by kind, in arrival order.
#[derive(Default)]
struct Run<'a> {
    inserts: Vec<&'a CdcEvent>,
    updates: Vec<&'a CdcEvent>,
    deletes: Vec<&'a CdcEvent>,
    orders: HashSet<&'a str>,
}

impl Run<'_> {
    fn statements(&self, table: &str, bronze: &Bronze, out: &mut Vec<String>) {
        if !self.inserts.is_empty() {
            let mut columns =
                "order_id, customer_id, order_date, status, amount, product_id, quantity"
                    .to_owned();
            if bronze.cdc_columns {
                columns.push_str(", processed_at");
            }
            let rows: Vec<String> = self
                .inserts
                .iter()
                .filter_map(|e| {
                    let v = e.values.as_ref()?;
                    let mut row = format!(
                        "({}, {}, {}, {}, {}, {}, {}",
                        quote(&e.order_id),
                        quote(v.customer_id.as_deref().unwrap_or("")),
                        time(&v.order_date),
                        quote(&v.status),
                        v.amount,
                        quote(v.product_id.as_deref().unwrap_or("")),
                        v.quantity
                    );
                    if bronze.cdc_columns {
                        row.push_str(&format!(", {}", time(&e.at)));
                    }
                    row.push(')');
                    Some(row)
                })
                .collect();
            out.push(format!(
                "INSERT INTO {table} ({columns}) VALUES\n{}",
                rows.join(",\n")
            ));
        }
        for e in &self.updates {
            let Some(v) = &e.values else { continue };
            let cdc = if bronze.cdc_columns {
                format!(", change_type = 'UPDATE', processed_at = {}", time(&e.at))
            } else {
                String::new()
            };
            out.push(format!(
                "UPDATE {table} SET status = {}, amount = {}, quantity = {}, order_date = {}{cdc} \
                 WHERE order_id = {}",
                quote(&v.status),
                v.amount,
                v.quantity,
                time(&e.at),
                quote(&e.order_id)
            ));
        }
        if !self.deletes.is_empty() {
            let ids: Vec<String> = self.deletes.iter().map(|e| quote(&e.order_id)).collect();
            out.push(format!(
                "DELETE FROM {table} WHERE order_id IN ({})",
                ids.join(", ")
            ));
        }
    }
}

/// The statements that apply `events`, in order, to `table` (its SQL name).
pub fn batch(events: &[CdcEvent], table: &str, bronze: &Bronze) -> Batch {
    let mut out = Batch::default();
    let mut run = Run::default();
    for e in events {
        if run.orders.contains(e.order_id.as_str()) {
            run.statements(table, bronze, &mut out.statements);
            run = Run::default();
        }
        run.orders.insert(&e.order_id);
        match e.op {
            Op::Insert => {
                run.inserts.push(e);
                out.counts.inserts += 1;
            }
            Op::Update => {
                run.updates.push(e);
                out.counts.updates += 1;
            }
            Op::Delete => {
                run.deletes.push(e);
                out.counts.deletes += 1;
            }
        }
    }
    run.statements(table, bronze, &mut out.statements);
    out
}

/// The iterations per second at which a burst of events is generated (their times a few
/// milliseconds apart).
const BURST_RATE: f64 = 1000.0;

/// Exactly `n` events of the seed's generator from `seed`, starting at `start`, close together.
pub fn burst(seed: u64, start: NaiveDateTime, n: u64) -> Vec<CdcEvent> {
    let mut g = Generator::new(seed, Profile::Seed, start);
    g.set_rate(Some(BURST_RATE));
    let mut out = Vec::with_capacity(n as usize);
    while (out.len() as u64) < n {
        if let Some(e) = g.step() {
            out.push(e);
        }
    }
    out
}

/// The seed's generator on the wall clock: each call takes the events that fell due since the last.
#[derive(Debug, Clone)]
pub struct Feeder {
    generator: Generator,
    /// Events per second.
    pub rate: f64,
}

/// The most events one call of [`Feeder::due`] takes; the rest wait for the next.
pub const MAX_DUE: usize = 2_000;

impl Feeder {
    pub fn new(seed: u64, start: NaiveDateTime, rate: f64) -> Feeder {
        let mut generator = Generator::new(seed, Profile::Seed, start);
        generator.set_rate(Some(rate));
        Feeder { generator, rate }
    }

    /// The events due by `now` (at most [`MAX_DUE`]).
    pub fn due(&mut self, now: NaiveDateTime) -> Vec<CdcEvent> {
        let mut out = Vec::new();
        while self.generator.next_at() <= now && out.len() < MAX_DUE {
            if let Some(e) = self.generator.step() {
                out.push(e);
            }
        }
        out
    }

    /// A new rate from now on.
    pub fn set_rate(&mut self, rate: f64) {
        self.rate = rate;
        self.generator.set_rate(Some(rate));
    }

    /// Moves the generator's clock to `now` when it lags more than a second behind (after the page
    /// was hidden, or a slow request), so that it does not catch up with a burst.
    pub fn skip_to(&mut self, now: NaiveDateTime) {
        if self.generator.next_at() + Duration::seconds(1) < now {
            self.generator = {
                let mut g = self.generator.clone();
                while g.next_at() < now {
                    g.step();
                }
                g
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use snowglobe_engine::{Engine, NaiveDate, pipelines};

    fn start() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 1, 15)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap()
    }

    fn bronze() -> Bronze {
        Bronze {
            name: "RAW_ORDERS".to_owned(),
            cdc_columns: true,
        }
    }

    fn rows(engine: &mut Engine) -> Vec<String> {
        let r = engine
            .execute("SELECT * FROM raw_orders ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10")
            .unwrap();
        r.rows.iter().map(|row| format!("{row:?}")).collect()
    }

    #[test]
    fn batches_have_the_effect_of_the_events_one_by_one() {
        let events = burst(42, start(), 600);
        let counts = batch(&events, "raw_orders", &bronze()).counts;
        assert_eq!(counts.total(), 600);
        assert!(counts.updates > 50 && counts.deletes > 5, "{counts:?}");
        // One by one: each event's own batch. All at once: runs of distinct orders.
        let mut one_by_one = Engine::new(start());
        one_by_one.execute_script(pipelines::ECOMM_CDC).unwrap();
        for e in &events {
            let b = batch(std::slice::from_ref(e), "raw_orders", &bronze());
            one_by_one.execute_script(&b.script()).unwrap();
        }
        let mut batched = Engine::new(start());
        batched.execute_script(pipelines::ECOMM_CDC).unwrap();
        let b = batch(&events, "raw_orders", &bronze());
        assert!(b.statements.len() < 600 / 2, "{}", b.statements.len());
        batched.execute_script(&b.script()).unwrap();
        assert_eq!(rows(&mut batched), rows(&mut one_by_one));
        assert!(!rows(&mut batched).is_empty());
    }

    #[test]
    fn an_order_touched_twice_starts_a_new_run() {
        let at = start();
        let insert = |id: &str| CdcEvent {
            op: Op::Insert,
            order_id: id.to_owned(),
            values: burst(1, at, 1)[0].values.clone(),
            at,
        };
        let delete = |id: &str| CdcEvent {
            op: Op::Delete,
            order_id: id.to_owned(),
            values: None,
            at,
        };
        let events = [
            insert("ORD1"),
            insert("ORD2"),
            delete("ORD1"),
            insert("ORD1"),
        ];
        let b = batch(&events, "t", &bronze());
        assert_eq!(b.statements.len(), 3);
        assert!(b.statements[0].starts_with("INSERT INTO t (order_id,"));
        assert!(b.statements[0].contains("'ORD2'"));
        assert_eq!(b.statements[1], "DELETE FROM t WHERE order_id IN ('ORD1')");
        assert!(b.statements[2].contains("('ORD1'"));
        assert_eq!(b.counts.text(), "3 INSERT, 0 UPDATE, 1 DELETE");
    }

    #[test]
    fn the_feeder_follows_the_wall_clock_at_its_rate() {
        let mut f = Feeder::new(7, start(), 10.0);
        let first = f.due(start() + Duration::seconds(2));
        assert!((10..=30).contains(&first.len()), "{}", first.len());
        assert!(f.due(start() + Duration::seconds(2)).is_empty());
        f.skip_to(start() + Duration::minutes(10));
        let after = f.due(start() + Duration::minutes(10) + Duration::seconds(2));
        assert!(after.len() < 60, "no catching up: {}", after.len());
    }

    #[test]
    fn a_burst_is_exactly_n_events_from_its_seed() {
        let a = burst(3, start(), 100);
        assert_eq!(a.len(), 100);
        assert_eq!(a, burst(3, start(), 100));
        assert!(a.last().unwrap().at < start() + Duration::seconds(5));
    }
}
