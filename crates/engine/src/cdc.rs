//! Applying generator events to a bronze table by order id, through an index rather than a scan.
//! The effect is that of the event's SQL (`CdcEvent::to_sql`), including column defaults.
//!
//! A [`CdcPlan`] is worked out once per table version from its columns; it builds an INSERT
//! event's row and writes any event to the store. The engine keeps the plans and supplies what a
//! column DEFAULT expression evaluates to.

use crate::catalog::Column;
use crate::error::{Result, SqlError};
use crate::generator::{CdcEvent, Op};
use crate::store::TrackedStorage;
use chrono::NaiveDateTime;
use gluesql_core::data::Value;

/// Where each bronze column's value comes from when an INSERT event is applied.
#[derive(Debug)]
enum Fill {
    OrderId,
    Customer,
    OrderDate,
    Status,
    Amount,
    Product,
    Quantity,
    Default(Option<DefaultValue>),
}

/// The columns events write, resolved once per table version.
#[derive(Debug)]
pub struct CdcPlan {
    fill: Vec<Fill>,
    status: Option<usize>,
    amount: Option<usize>,
    quantity: Option<usize>,
    order_date: Option<usize>,
    change_type: Option<usize>,
    processed_at: Option<usize>,
}

/// What a column's DEFAULT evaluates to.
#[derive(Debug)]
enum DefaultValue {
    Constant(Value),
    Now,
    Expression(String),
}

fn classify_default(text: &str) -> DefaultValue {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    if matches!(
        upper.as_str(),
        "CURRENT_TIMESTAMP()"
            | "CURRENT_TIMESTAMP"
            | "SYSDATE()"
            | "GETDATE()"
            | "LOCALTIMESTAMP()"
            | "NOW()"
    ) {
        return DefaultValue::Now;
    }
    if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') && !t[1..t.len() - 1].contains('\'')
    {
        return DefaultValue::Constant(Value::Str(t[1..t.len() - 1].to_owned()));
    }
    if let Ok(d) = t.parse::<rust_decimal::Decimal>() {
        return DefaultValue::Constant(Value::Decimal(d));
    }
    if upper == "NULL" {
        return DefaultValue::Constant(Value::Null);
    }
    DefaultValue::Expression(t.to_owned())
}

impl CdcPlan {
    /// How each of a bronze table's `columns` is filled by events.
    pub fn new(columns: &[Column]) -> CdcPlan {
        let find = |name: &str| columns.iter().position(|c| c.name == name);
        CdcPlan {
            fill: columns
                .iter()
                .map(|c| match c.name.as_str() {
                    "ORDER_ID" => Fill::OrderId,
                    "CUSTOMER_ID" => Fill::Customer,
                    "ORDER_DATE" => Fill::OrderDate,
                    "STATUS" => Fill::Status,
                    "AMOUNT" => Fill::Amount,
                    "PRODUCT_ID" => Fill::Product,
                    "QUANTITY" => Fill::Quantity,
                    _ => Fill::Default(c.default.as_deref().map(classify_default)),
                })
                .collect(),
            status: find("STATUS"),
            amount: find("AMOUNT"),
            quantity: find("QUANTITY"),
            order_date: find("ORDER_DATE"),
            change_type: find("CHANGE_TYPE"),
            processed_at: find("PROCESSED_AT"),
        }
    }

    /// The row an INSERT event adds at `now` (None for other events); `default` evaluates a column
    /// DEFAULT that is neither a constant nor the current time.
    pub fn insert_row(
        &self,
        event: &CdcEvent,
        now: NaiveDateTime,
        mut default: impl FnMut(&str) -> Result<Value>,
    ) -> Result<Option<Vec<Value>>> {
        let (Op::Insert, Some(v)) = (event.op, &event.values) else {
            return Ok(None);
        };
        let mut row = Vec::with_capacity(self.fill.len());
        for fill in &self.fill {
            row.push(match fill {
                Fill::OrderId => Value::Str(event.order_id.clone()),
                Fill::Customer => v.customer_id.clone().map_or(Value::Null, Value::Str),
                Fill::OrderDate => Value::Timestamp(v.order_date),
                Fill::Status => Value::Str(v.status.clone()),
                Fill::Amount => Value::Decimal(v.amount),
                Fill::Product => v.product_id.clone().map_or(Value::Null, Value::Str),
                Fill::Quantity => Value::Decimal(v.quantity.into()),
                Fill::Default(None) => Value::Null,
                Fill::Default(Some(DefaultValue::Constant(c))) => c.clone(),
                Fill::Default(Some(DefaultValue::Now)) => Value::Timestamp(now),
                Fill::Default(Some(DefaultValue::Expression(e))) => default(e)?,
            });
        }
        Ok(Some(row))
    }

    /// Writes one event to `table` (indexed by ORDER_ID) at `now`: the INSERT's `row` from
    /// [`CdcPlan::insert_row`], or the UPDATE's new values, or the DELETE. Returns the number of
    /// rows written or removed.
    pub fn write(
        &self,
        event: &CdcEvent,
        row: Option<Vec<Value>>,
        table: &str,
        now: NaiveDateTime,
        storage: &mut TrackedStorage,
    ) -> Result<usize> {
        match (event.op, &event.values, row) {
            (Op::Insert, Some(_), Some(row)) => {
                storage
                    .append_rows(table, vec![row])
                    .map_err(|e| SqlError::execution(e.to_string()))?;
                Ok(1)
            }
            (Op::Update, Some(v), _) => {
                let keys = storage.lookup(table, &event.order_id);
                let mut rows = Vec::with_capacity(keys.len());
                for key in keys {
                    let Some(mut row) = storage.get(table, &key).cloned() else {
                        continue;
                    };
                    let mut set = |i: Option<usize>, value: Value| {
                        if let Some(i) = i {
                            row[i] = value;
                        }
                    };
                    set(self.status, Value::Str(v.status.clone()));
                    set(self.amount, Value::Decimal(v.amount));
                    set(self.quantity, Value::Decimal(v.quantity.into()));
                    set(self.order_date, Value::Timestamp(now));
                    set(self.change_type, Value::Str("UPDATE".to_owned()));
                    set(self.processed_at, Value::Timestamp(now));
                    rows.push((key, row));
                }
                let n = rows.len();
                storage
                    .put_rows(table, rows)
                    .map_err(|e| SqlError::execution(e.to_string()))?;
                Ok(n)
            }
            (Op::Delete, _, _) => {
                let keys = storage.lookup(table, &event.order_id);
                let n = keys.len();
                storage.remove_rows(table, keys);
                Ok(n)
            }
            _ => Err(SqlError::execution(
                "An INSERT or UPDATE event carries values.",
            )),
        }
    }
}
