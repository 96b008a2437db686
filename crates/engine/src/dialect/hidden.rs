//! The hidden columns of a split SELECT's base query: each distinct expression (by its text) the
//! outer query needs computed, in column order. Windows, engine-evaluated expressions and engine
//! grouping all split a SELECT this way.

use crate::window::OrderKey;
use sqlparser::ast::{Expr, OrderByExpr, OrderBySort, SelectItem, Value};
use std::collections::HashMap;

/// Expressions a base query computes as hidden columns.
#[derive(Debug, Default)]
pub struct Hidden {
    exprs: Vec<Expr>,
    at: HashMap<String, usize>,
}

impl Hidden {
    /// The column computing `e` (one per distinct expression).
    pub fn hide(&mut self, e: &Expr) -> usize {
        let k = e.to_string();
        if let Some(&i) = self.at.get(&k) {
            return i;
        }
        self.exprs.push(e.clone());
        self.at.insert(k, self.exprs.len() - 1);
        self.exprs.len() - 1
    }
}

impl Hidden {
    /// The base query's select list: each hidden expression under its `name`; a NULL column when
    /// there is none, since a SELECT needs one.
    pub fn projection(&mut self, name: &dyn Fn(usize) -> String) -> Vec<SelectItem> {
        if self.exprs.is_empty() {
            self.hide(&Expr::value(Value::Null));
        }
        self.exprs
            .iter()
            .enumerate()
            .map(|(i, e)| SelectItem::ExprWithAlias {
                expr: e.clone(),
                alias: super::ast::quoted(&name(i)),
            })
            .collect()
    }

    /// ORDER BY items (a window's, or WITHIN GROUP's) as keys over hidden columns: NULLs last
    /// ascending and first descending unless NULLS FIRST / LAST says otherwise.
    pub fn order_keys(&mut self, items: &[OrderByExpr]) -> Vec<OrderKey> {
        items
            .iter()
            .map(|o| {
                let descending = matches!(o.options.sort, Some(OrderBySort::Desc));
                OrderKey {
                    column: self.hide(&o.expr),
                    descending,
                    nulls_first: o.options.nulls_first.unwrap_or(descending),
                }
            })
            .collect()
    }
}

impl std::ops::Deref for Hidden {
    type Target = [Expr];

    fn deref(&self) -> &[Expr] {
        &self.exprs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_expressions_share_a_column() {
        let mut h = Hidden::default();
        let a = Expr::value(sqlparser::ast::Value::Number("1".into(), false));
        let b = Expr::value(sqlparser::ast::Value::Boolean(true));
        assert_eq!((h.hide(&a), h.hide(&b), h.hide(&a)), (0, 1, 0));
        assert_eq!(h.len(), 2);
    }
}
