//! Applying generator events to a bronze table by order id, through an index rather than a scan.
//! The effect is that of the event's SQL (`CdcEvent::to_sql`), including column defaults.

use crate::catalog::{ObjectBody, QName};
use crate::dialect::parse::parse_name_text;
use crate::engine::Engine;
use crate::error::{Position, Result, SqlError};
use crate::generator::{CdcEvent, Op};
use gluesql_core::data::Value;
use std::rc::Rc;

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
pub(crate) struct CdcPlan {
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

impl Engine {
    /// Resolves the table events go to (e.g. `raw_orders` in the current schema) and indexes it by ORDER_ID.
    pub fn cdc_target(&mut self, table: &str) -> Result<QName> {
        let (q, id) = self.order_table(table)?;
        self.storage_mut().create_column_index(&q.storage(), id);
        Ok(q)
    }

    /// A table named outside SQL (a command-line flag, a setting) that has an ORDER_ID column, and
    /// that column's index. Its errors name no position: there is no statement to point into.
    pub(crate) fn order_table(&self, table: &str) -> Result<(QName, usize)> {
        let found = parse_name_text(table, Position { line: 1, column: 0 })
            .and_then(|name| self.find(&name, &["TABLE"]))
            .and_then(|q| {
                let id = self.catalog.objects[&q]
                    .columns()
                    .iter()
                    .position(|c| c.name == "ORDER_ID")
                    .ok_or_else(|| SqlError::invalid_identifier("ORDER_ID"))?;
                Ok((q, id))
            });
        found.map_err(|e| SqlError {
            position: None,
            ..e
        })
    }

    /// How each column of a bronze table is filled by events, worked out once per table version.
    fn cdc_plan(&mut self, target: &QName) -> Result<Rc<CdcPlan>> {
        let Some(object) = self.catalog.objects.get(target) else {
            return Err(SqlError::does_not_exist("Table", &target.to_string()));
        };
        let ObjectBody::Table { columns, .. } = &object.body else {
            return Err(SqlError::does_not_exist("Table", &target.to_string()));
        };
        if let Some((seq, plan)) = self.cdc_plans.get(target)
            && *seq == object.seq
        {
            return Ok(plan.clone());
        }
        let find = |name: &str| columns.iter().position(|c| c.name == name);
        let plan = Rc::new(CdcPlan {
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
        });
        self.cdc_plans
            .insert(target.clone(), (object.seq, plan.clone()));
        Ok(plan)
    }

    /// Applies one generator event to `target` (from `cdc_target`) as of the engine's clock.
    /// Returns the number of rows written or removed.
    pub fn apply_event(&mut self, event: &CdcEvent, target: &QName) -> Result<usize> {
        let plan = self.cdc_plan(target)?;
        let table = target.storage();
        let now = self.now;
        match (event.op, &event.values) {
            (Op::Insert, Some(v)) => {
                let mut row = Vec::with_capacity(plan.fill.len());
                for fill in &plan.fill {
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
                        Fill::Default(Some(DefaultValue::Expression(e))) => {
                            let r = self.execute(&format!("SELECT {e}"))?;
                            r.rows
                                .into_iter()
                                .next()
                                .and_then(|r| r.into_iter().next())
                                .unwrap_or(Value::Null)
                        }
                    });
                }
                self.storage_mut()
                    .append_rows(&table, vec![row])
                    .map_err(|e| SqlError::execution(e.to_string()))?;
                Ok(1)
            }
            (Op::Update, Some(v)) => {
                let keys = self.storage().lookup(&table, &event.order_id);
                let mut rows = Vec::with_capacity(keys.len());
                for key in keys {
                    let Some(mut row) = self.storage().get(&table, &key).cloned() else {
                        continue;
                    };
                    let mut set = |i: Option<usize>, value: Value| {
                        if let Some(i) = i {
                            row[i] = value;
                        }
                    };
                    set(plan.status, Value::Str(v.status.clone()));
                    set(plan.amount, Value::Decimal(v.amount));
                    set(plan.quantity, Value::Decimal(v.quantity.into()));
                    set(plan.order_date, Value::Timestamp(now));
                    set(plan.change_type, Value::Str("UPDATE".to_owned()));
                    set(plan.processed_at, Value::Timestamp(now));
                    rows.push((key, row));
                }
                let n = rows.len();
                self.storage_mut()
                    .put_rows(&table, rows)
                    .map_err(|e| SqlError::execution(e.to_string()))?;
                Ok(n)
            }
            (Op::Delete, _) => {
                let keys = self.storage().lookup(&table, &event.order_id);
                let n = keys.len();
                self.storage_mut().remove_rows(&table, keys);
                Ok(n)
            }
            _ => Err(SqlError::execution(
                "An INSERT or UPDATE event carries values.",
            )),
        }
    }
}
