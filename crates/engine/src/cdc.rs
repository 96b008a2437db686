//! Applying generator events to a bronze table by order id, through an index rather than a scan.
//! The effect is that of the event's SQL (`CdcEvent::to_sql`), including column defaults.

use crate::catalog::{Column, ObjectBody, QName};
use crate::dialect::parse::Name;
use crate::engine::Engine;
use crate::error::{Result, SqlError};
use crate::generator::{CdcEvent, Op};
use gluesql_core::data::Value;

/// What a column's DEFAULT evaluates to.
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
        let tokens = crate::dialect::parse::tokenize(table)?;
        let parts = tokens
            .iter()
            .filter_map(|t| match &t.token {
                sqlparser::tokenizer::Token::Word(w) => Some(
                    crate::dialect::parse::normalize_ident(&sqlparser::ast::Ident {
                        value: w.value.clone(),
                        quote_style: w.quote_style,
                        span: t.span,
                    }),
                ),
                _ => None,
            })
            .collect();
        let name = Name {
            parts,
            position: Default::default(),
        };
        let q = self.find(&name, &["TABLE"])?;
        let columns = self.catalog.objects[&q].columns().to_vec();
        let id = columns
            .iter()
            .position(|c| c.name == "ORDER_ID")
            .ok_or_else(|| SqlError::invalid_identifier("ORDER_ID"))?;
        self.storage_mut().create_column_index(&q.storage(), id);
        Ok(q)
    }

    fn default_value(&mut self, column: &Column) -> Result<Value> {
        Ok(match column.default.as_deref().map(classify_default) {
            None => Value::Null,
            Some(DefaultValue::Constant(v)) => v,
            Some(DefaultValue::Now) => Value::Timestamp(self.now),
            Some(DefaultValue::Expression(e)) => {
                let r = self.execute(&format!("SELECT {e}"))?;
                r.rows
                    .into_iter()
                    .next()
                    .and_then(|r| r.into_iter().next())
                    .unwrap_or(Value::Null)
            }
        })
    }

    /// Applies one generator event to `target` (from `cdc_target`) as of the engine's clock.
    /// Returns the number of rows written or removed.
    pub fn apply_event(&mut self, event: &CdcEvent, target: &QName) -> Result<usize> {
        let columns = match self.catalog.objects.get(target).map(|o| &o.body) {
            Some(ObjectBody::Table { columns }) => columns.clone(),
            _ => return Err(SqlError::does_not_exist("Table", &target.to_string())),
        };
        let table = target.storage();
        let col = |name: &str| columns.iter().position(|c| c.name == name);
        let now = self.now;
        match (event.op, &event.values) {
            (Op::Insert, Some(v)) => {
                let mut row = Vec::with_capacity(columns.len());
                for c in &columns {
                    row.push(match c.name.as_str() {
                        "ORDER_ID" => Value::Str(event.order_id.clone()),
                        "CUSTOMER_ID" => v.customer_id.clone().map_or(Value::Null, Value::Str),
                        "ORDER_DATE" => Value::Timestamp(v.order_date),
                        "STATUS" => Value::Str(v.status.clone()),
                        "AMOUNT" => Value::Decimal(v.amount),
                        "PRODUCT_ID" => v.product_id.clone().map_or(Value::Null, Value::Str),
                        "QUANTITY" => Value::Decimal(v.quantity.into()),
                        _ => self.default_value(c)?,
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
                    let mut set = |name: &str, value: Value| {
                        if let Some(i) = col(name) {
                            row[i] = value;
                        }
                    };
                    set("STATUS", Value::Str(v.status.clone()));
                    set("AMOUNT", Value::Decimal(v.amount));
                    set("QUANTITY", Value::Decimal(v.quantity.into()));
                    set("ORDER_DATE", Value::Timestamp(now));
                    set("CHANGE_TYPE", Value::Str("UPDATE".to_owned()));
                    set("PROCESSED_AT", Value::Timestamp(now));
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
