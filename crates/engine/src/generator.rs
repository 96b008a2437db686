//! The CDC generator: the seed's `mock_cdc_data.py`, seeded and on the virtual clock.
//!
//! Profile `seed` follows the script's main loop: INSERT / UPDATE / DELETE chosen with weights
//! 0.7 / 0.25 / 0.05 (UPDATE and DELETE only when an inserted order is tracked; an iteration that
//! draws one with nothing tracked does nothing, as in the script), ids `ORD1..ORD1000`, customers
//! `CUST1..CUST500`, products `PROD1..PROD50`, status PENDING .3 / SHIPPED .4 / DELIVERED .2 /
//! CANCELLED .1, amount Normal(150, 50) rounded to cents, quantity 1..5, order date up to 365 days
//! back, and a delay of 1–10 s between iterations. An UPDATE sets a new status (SHIPPED, DELIVERED
//! or CANCELLED), amount and quantity, and `order_date = CURRENT_TIMESTAMP()` as the script does, plus
//! `change_type = 'UPDATE'` and a fresh `processed_at` where the table has those columns.
//!
//! Profile `classic` is the script's older variant: inserts only, one every 5 s, `ORD1..ORD20`,
//! `CUST1..CUST100`, uniform status, amount uniform in 10–500, quantity 1..10, order date up to 30
//! days back.

use chrono::{Duration, NaiveDateTime};
use rand::distributions::{Distribution, WeightedIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::Normal;
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// Which variant of the seed's `mock_cdc_data.py` the generator reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Profile {
    /// The script's main loop: inserts, updates and deletes of `ORD1..ORD1000`, 1–10 s apart.
    Seed,
    /// The script's older variant: inserts only of `ORD1..ORD20`, one every 5 s.
    Classic,
}

impl Profile {
    /// The profile named `seed` or `classic` (any case), as the command line and the page give it.
    pub fn parse(text: &str) -> Option<Profile> {
        match text.to_ascii_lowercase().as_str() {
            "seed" => Some(Profile::Seed),
            "classic" => Some(Profile::Classic),
            _ => None,
        }
    }

    /// The profile's name, as `parse` reads it.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Seed => "seed",
            Profile::Classic => "classic",
        }
    }
}

/// The kind of change a CDC event makes to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Op {
    /// A new order is inserted.
    Insert,
    /// A tracked order gets a new status, amount and quantity.
    Update,
    /// A tracked order is deleted.
    Delete,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::Insert => "INSERT",
            Op::Update => "UPDATE",
            Op::Delete => "DELETE",
        })
    }
}

/// Values an INSERT writes, or the new values an UPDATE sets (customer and product only on INSERT).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderValues {
    /// The customer (`CUST<n>`); set on INSERT only.
    pub customer_id: Option<String>,
    /// ORDER_DATE: a random past date on INSERT; the event's time on UPDATE, as the script's
    /// CURRENT_TIMESTAMP.
    pub order_date: NaiveDateTime,
    /// STATUS: PENDING, SHIPPED, DELIVERED or CANCELLED.
    pub status: String,
    /// AMOUNT, rounded to cents.
    pub amount: Decimal,
    /// The product (`PROD<n>`); set on INSERT only.
    pub product_id: Option<String>,
    /// QUANTITY ordered.
    pub quantity: u32,
}

/// One CDC event, applied at `at` on the virtual clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CdcEvent {
    /// Whether the event inserts, updates or deletes the order.
    pub op: Op,
    /// The ORDER_ID the event inserts or targets (`ORD<n>`).
    pub order_id: String,
    /// The values written; None for a DELETE.
    pub values: Option<OrderValues>,
    /// The virtual time the event happens at.
    pub at: NaiveDateTime,
}

fn ts(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S%.3f").to_string()
}

impl CdcEvent {
    /// The console line the seed script prints for this event.
    pub fn log_line(&self) -> String {
        match (&self.op, &self.values) {
            (Op::Insert, Some(v)) => format!(
                "[CDC EVENT - INSERT] ('{}', '{}', '{}', '{}', {}, '{}', {})",
                self.order_id,
                v.customer_id.as_deref().unwrap_or(""),
                ts(&v.order_date),
                v.status,
                v.amount,
                v.product_id.as_deref().unwrap_or(""),
                v.quantity
            ),
            (op, _) => format!("[CDC EVENT - {op}] order_id: {}", self.order_id),
        }
    }

    /// The Snowflake statement equivalent to this event against `table`.
    pub fn to_sql(&self, table: &str, has_cdc_columns: bool) -> String {
        let q = |s: &str| format!("'{}'", s.replace('\'', "''"));
        match (&self.op, &self.values) {
            (Op::Insert, Some(v)) => format!(
                "INSERT INTO {table} (order_id, customer_id, order_date, status, amount, product_id, quantity) VALUES ({}, {}, {}, {}, {}, {}, {})",
                q(&self.order_id),
                q(v.customer_id.as_deref().unwrap_or("")),
                q(&ts(&v.order_date)),
                q(&v.status),
                v.amount,
                q(v.product_id.as_deref().unwrap_or("")),
                v.quantity
            ),
            (Op::Update, Some(v)) => format!(
                "UPDATE {table} SET status = {}, amount = {}, quantity = {}, order_date = CURRENT_TIMESTAMP(){} WHERE order_id = {}",
                q(&v.status),
                v.amount,
                v.quantity,
                if has_cdc_columns {
                    ", change_type = 'UPDATE', processed_at = CURRENT_TIMESTAMP()"
                } else {
                    ""
                },
                q(&self.order_id)
            ),
            _ => format!("DELETE FROM {table} WHERE order_id = {}", q(&self.order_id)),
        }
    }
}

/// The most generator iterations per virtual second a user may ask for (the page's `rate=`,
/// `snowglobe run --rate`).
pub const MAX_RATE: f64 = 1000.0;

/// A seeded generator of CDC events on the virtual clock.
#[derive(Debug, Clone)]
pub struct Generator {
    rng: ChaCha8Rng,
    profile: Profile,
    /// Orders inserted and not deleted, in a vector for uniform choice and O(1) removal.
    existing: Vec<String>,
    positions: HashMap<String, usize>,
    next_at: NaiveDateTime,
    iterations: u64,
    /// Iterations per virtual second; None keeps the profile's own delays.
    rate: Option<f64>,
}

const STATUSES: [&str; 4] = ["PENDING", "SHIPPED", "DELIVERED", "CANCELLED"];

impl Generator {
    /// A generator whose first event happens at `start`.
    pub fn new(seed: u64, profile: Profile, start: NaiveDateTime) -> Generator {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            profile,
            existing: Vec::new(),
            positions: HashMap::new(),
            next_at: start,
            iterations: 0,
            rate: None,
        }
    }

    /// Sets how many iterations run per virtual second on average (at most [`MAX_RATE`] where a
    /// user chooses it): the profile's delays are scaled
    /// to that mean (their shape and the random draws stay the same, so a seed still gives the same
    /// events). None restores the profile's own delays (1–10 s, or 5 s for `classic`).
    pub fn set_rate(&mut self, rate: Option<f64>) {
        self.rate = rate.filter(|r| r.is_finite() && *r > 0.0);
    }

    /// Iterations per virtual second, when set.
    pub fn rate(&self) -> Option<f64> {
        self.rate
    }

    /// Iterations per virtual second: the rate when set, else the profile's mean.
    pub fn iterations_per_second(&self) -> f64 {
        self.rate.unwrap_or(1_000.0 / self.mean_delay_ms())
    }

    /// The profile's mean delay between iterations, in milliseconds.
    fn mean_delay_ms(&self) -> f64 {
        match self.profile {
            Profile::Seed => 5_500.0,
            Profile::Classic => 5_000.0,
        }
    }

    /// The profile the generator follows.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// When the next iteration happens.
    pub fn next_at(&self) -> NaiveDateTime {
        self.next_at
    }

    /// Orders currently tracked for updates and deletes.
    pub fn tracked(&self) -> usize {
        self.existing.len()
    }

    fn cents(x: f64) -> Decimal {
        Decimal::from_f64(x)
            .unwrap_or_default()
            .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
    }

    fn gauss_amount(&mut self) -> Decimal {
        let normal = Normal::new(150.0, 50.0).expect("valid parameters");
        Self::cents(normal.sample(&mut self.rng))
    }

    fn mock_order(&mut self, now: NaiveDateTime) -> (String, OrderValues) {
        match self.profile {
            Profile::Seed => {
                let order_id = format!("ORD{}", self.rng.gen_range(1..=1000));
                let customer = format!("CUST{}", self.rng.gen_range(1..=500));
                let product = format!("PROD{}", self.rng.gen_range(1..=50));
                let order_date = now - Duration::days(self.rng.gen_range(0..=365));
                let w = WeightedIndex::new([0.3, 0.4, 0.2, 0.1]).expect("valid weights");
                let status = STATUSES[w.sample(&mut self.rng)].to_owned();
                let amount = self.gauss_amount();
                let quantity = self.rng.gen_range(1..=5);
                (
                    order_id,
                    OrderValues {
                        customer_id: Some(customer),
                        order_date,
                        status,
                        amount,
                        product_id: Some(product),
                        quantity,
                    },
                )
            }
            Profile::Classic => {
                let order_id = format!("ORD{}", self.rng.gen_range(1..=20));
                let customer = format!("CUST{}", self.rng.gen_range(1..=100));
                let order_date = now - Duration::days(self.rng.gen_range(0..=30));
                let status = STATUSES[self.rng.gen_range(0..4u64) as usize].to_owned();
                let amount = Self::cents(self.rng.gen_range(10.0..=500.0));
                let product = format!("PROD{}", self.rng.gen_range(1..=50));
                let quantity = self.rng.gen_range(1..=10);
                (
                    order_id,
                    OrderValues {
                        customer_id: Some(customer),
                        order_date,
                        status,
                        amount,
                        product_id: Some(product),
                        quantity,
                    },
                )
            }
        }
    }

    /// A uniform index into the tracked orders. Draws over u64, never usize, so that native and
    /// wasm32 builds produce the same events from the same seed.
    fn pick(&mut self) -> usize {
        self.rng.gen_range(0..self.existing.len() as u64) as usize
    }

    fn track(&mut self, id: &str) {
        if !self.positions.contains_key(id) {
            self.positions.insert(id.to_owned(), self.existing.len());
            self.existing.push(id.to_owned());
        }
    }

    fn untrack(&mut self, id: &str) {
        if let Some(i) = self.positions.remove(id) {
            self.existing.swap_remove(i);
            if let Some(moved) = self.existing.get(i) {
                self.positions.insert(moved.clone(), i);
            }
        }
    }

    /// Runs one iteration of the script's loop at `next_at()`: returns its event (None when it drew an
    /// UPDATE or DELETE with nothing tracked) and moves `next_at()` on by the delay.
    pub fn step(&mut self) -> Option<CdcEvent> {
        let now = self.next_at;
        self.iterations += 1;
        let op = match self.profile {
            Profile::Classic => Op::Insert,
            Profile::Seed => {
                let w = WeightedIndex::new([0.7, 0.25, 0.05]).expect("valid weights");
                [Op::Insert, Op::Update, Op::Delete][w.sample(&mut self.rng)]
            }
        };
        let event = match op {
            Op::Insert => {
                let (order_id, values) = self.mock_order(now);
                self.track(&order_id);
                Some(CdcEvent {
                    op,
                    order_id,
                    values: Some(values),
                    at: now,
                })
            }
            Op::Update if !self.existing.is_empty() => {
                let i = self.pick();
                let order_id = self.existing[i].clone();
                let status = ["SHIPPED", "DELIVERED", "CANCELLED"]
                    [self.rng.gen_range(0..3u64) as usize]
                    .to_owned();
                let amount = self.gauss_amount();
                let quantity = self.rng.gen_range(1..=5);
                Some(CdcEvent {
                    op,
                    order_id,
                    values: Some(OrderValues {
                        customer_id: None,
                        order_date: now,
                        status,
                        amount,
                        product_id: None,
                        quantity,
                    }),
                    at: now,
                })
            }
            Op::Delete if !self.existing.is_empty() => {
                let i = self.pick();
                let order_id = self.existing[i].clone();
                self.untrack(&order_id);
                Some(CdcEvent {
                    op,
                    order_id,
                    values: None,
                    at: now,
                })
            }
            _ => None,
        };
        let base_ms = match self.profile {
            Profile::Seed => (self.rng.gen_range(1.0..=10.0) * 1000.0f64).round(),
            Profile::Classic => 5_000.0,
        };
        let delay_ms = match self.rate {
            None => base_ms as i64,
            Some(rate) => {
                ((base_ms * 1000.0 / (rate * self.mean_delay_ms())).round() as i64).max(1)
            }
        };
        self.next_at = now + Duration::milliseconds(delay_ms);
        event
    }

    /// Iterations run so far (including those that produced no event).
    pub fn iterations(&self) -> u64 {
        self.iterations
    }
}
