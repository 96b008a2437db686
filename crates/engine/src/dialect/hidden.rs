//! The hidden columns of a split SELECT's base query: each distinct expression (by its text) the
//! outer query needs computed, in column order. Windows, engine-evaluated expressions and engine
//! grouping all split a SELECT this way.

use sqlparser::ast::Expr;
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
