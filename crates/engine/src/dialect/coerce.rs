//! Snowflake's implicit casts where text meets a typed value. In a comparison (`=`, `<>`, `<`, `<=`,
//! `>`, `>=`, `IN`, `BETWEEN`, a simple `CASE`) a VARCHAR operand is cast to the type of the other
//! operand when that is NUMBER, FLOAT, DATE, TIMESTAMP, TIME or BOOLEAN; in arithmetic (`+ - * / %`)
//! a VARCHAR operand is cast to the other operand's numeric type. So `id = '1'` compares numbers and
//! `order_date >= '2024-01-01'` compares dates, as on Snowflake, where GlueSQL would compare a number
//! with a string and find no match. Date arithmetic is spelled out too: `DATE - DATE` is the number
//! of days between them, `DATE + n` and `DATE - n` move by days.
//!
//! The walk stays inside one SELECT's expressions: subqueries have scopes of their own and are
//! coerced when their own SELECT is rewritten.

use super::ast::{cast, func, glue_data_type, string};
use super::infer::{Scope, infer_expr};
use crate::types::SfType;
use sqlparser::ast::{BinaryOperator, Expr, InTarget};

/// Casts the text operands of the comparisons and arithmetic in `e` to the types they meet.
pub fn coerce(e: &mut Expr, scope: &Scope) {
    match e {
        Expr::BinaryOp { left, op, right } => {
            coerce(left, scope);
            coerce(right, scope);
            let numeric_only = match op {
                BinaryOperator::Eq
                | BinaryOperator::NotEq
                | BinaryOperator::Lt
                | BinaryOperator::LtEq
                | BinaryOperator::Gt
                | BinaryOperator::GtEq => false,
                BinaryOperator::Plus
                | BinaryOperator::Minus
                | BinaryOperator::Multiply
                | BinaryOperator::Divide
                | BinaryOperator::Modulo => true,
                _ => return,
            };
            let (l, r) = (infer_expr(left, scope), infer_expr(right, scope));
            if let Some(target) = text_meets(l, r, numeric_only) {
                cast_in_place(right, target);
            } else if let Some(target) = text_meets(r, l, numeric_only) {
                cast_in_place(left, target);
            }
            // Date arithmetic: DATE - DATE is a number of days, DATE ± n moves by n days.
            let days = |n: Expr, d: Expr| func("DATEADD", vec![string("day"), n, d]);
            let minus = *op == BinaryOperator::Minus;
            match (infer_expr(left, scope), infer_expr(right, scope), minus) {
                (Some(SfType::Date), Some(SfType::Date), true) => {
                    *e = func(
                        "DATEDIFF",
                        vec![string("day"), (**right).clone(), (**left).clone()],
                    );
                }
                (Some(SfType::Date), Some(SfType::Number { .. }), _) => {
                    let n = if minus {
                        Expr::UnaryOp {
                            op: sqlparser::ast::UnaryOperator::Minus,
                            expr: Box::new(Expr::Nested(right.clone())),
                        }
                    } else {
                        (**right).clone()
                    };
                    *e = days(n, (**left).clone());
                }
                (Some(SfType::Number { .. }), Some(SfType::Date), false) => {
                    *e = days((**left).clone(), (**right).clone());
                }
                _ => {}
            }
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            ..
        } => {
            coerce(expr, scope);
            list.iter_mut().for_each(|x| coerce(x, scope));
            let Some(target) = infer_expr(expr, scope) else {
                return;
            };
            if is_text(Some(target)) {
                if let Some(t) = list.iter().find_map(|x| typed(infer_expr(x, scope))) {
                    cast_in_place(expr, t);
                }
                return;
            }
            for x in list.iter_mut() {
                if text_meets(Some(target), infer_expr(x, scope), false).is_some() {
                    cast_in_place(x, target);
                }
            }
        }
        Expr::Between {
            expr, low, high, ..
        } => {
            for x in [&mut **expr, &mut **low, &mut **high] {
                coerce(x, scope);
            }
            let Some(target) = typed(infer_expr(expr, scope)) else {
                return;
            };
            for x in [&mut **low, &mut **high] {
                if is_text(infer_expr(x, scope)) {
                    cast_in_place(x, target);
                }
            }
        }
        Expr::Case {
            operand,
            conditions,
            else_result,
            ..
        } => {
            if let Some(o) = operand.as_deref_mut() {
                coerce(o, scope);
            }
            for w in conditions.iter_mut() {
                coerce(&mut w.condition, scope);
                coerce(&mut w.result, scope);
            }
            if let Some(x) = else_result.as_deref_mut() {
                coerce(x, scope);
            }
            if let Some(target) = operand.as_deref().and_then(|o| typed(infer_expr(o, scope))) {
                for w in conditions.iter_mut() {
                    if is_text(infer_expr(&w.condition, scope)) {
                        cast_in_place(&mut w.condition, target);
                    }
                }
            }
        }
        Expr::Nested(x)
        | Expr::UnaryOp { expr: x, .. }
        | Expr::Cast { expr: x, .. }
        | Expr::IsNull(x)
        | Expr::IsNotNull(x)
        | Expr::IsTrue(x)
        | Expr::IsNotTrue(x)
        | Expr::IsFalse(x)
        | Expr::IsNotFalse(x) => coerce(x, scope),
        Expr::Function(f) => {
            for x in super::walk::call_args_mut(f) {
                coerce(x, scope);
            }
        }
        _ => {}
    }
}

fn is_text(t: Option<SfType>) -> bool {
    matches!(t, Some(SfType::Varchar(_)))
}

/// A known type other than text (semi-structured values compare with text as they are).
fn typed(t: Option<SfType>) -> Option<SfType> {
    t.filter(|t| {
        !matches!(
            t,
            SfType::Varchar(_) | SfType::Variant | SfType::Object | SfType::Array
        )
    })
}

/// The type to cast `text` to when it meets `other`, if `text` is text and `other` is typed.
fn text_meets(other: Option<SfType>, text: Option<SfType>, numeric_only: bool) -> Option<SfType> {
    let target = typed(other)?;
    if !is_text(text) || numeric_only && !matches!(target, SfType::Number { .. } | SfType::Float) {
        return None;
    }
    Some(target)
}

/// Wraps `e` in a cast to the GlueSQL type of `target`.
pub(crate) fn cast_in_place(e: &mut Expr, target: SfType) {
    let inner = std::mem::replace(e, Expr::value(sqlparser::ast::Value::Null));
    *e = cast(inner, glue_data_type(target));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::infer::ScopeColumn;

    fn scope() -> Scope {
        let col = |name: &str, ty| ScopeColumn {
            qualifier: Some("T".to_owned()),
            name: name.to_owned(),
            ty: Some(ty),
        };
        Scope {
            columns: vec![
                col("ID", SfType::INTEGER),
                col("NAME", SfType::Varchar(None)),
                col("D", SfType::Date),
            ],
        }
    }

    fn coerced(text: &str) -> String {
        let mut e = crate::dialect::parse::parse_expr_text(text).expect("parses");
        coerce(&mut e, &scope());
        e.to_string()
    }

    #[test]
    fn text_is_cast_to_the_type_it_is_compared_with() {
        assert_eq!(coerced("ID = '1'"), "ID = CAST('1' AS DECIMAL)");
        assert_eq!(coerced("'1' <> ID"), "CAST('1' AS DECIMAL) <> ID");
        assert_eq!(
            coerced("D >= '2024-01-01'"),
            "D >= CAST('2024-01-01' AS DATE)"
        );
        assert_eq!(coerced("NAME = ID"), "CAST(NAME AS DECIMAL) = ID");
        assert_eq!(coerced("ID IN ('1', 2)"), "ID IN (CAST('1' AS DECIMAL), 2)");
        assert_eq!(
            coerced("D BETWEEN '2024-01-01' AND D"),
            "D BETWEEN CAST('2024-01-01' AS DATE) AND D"
        );
        assert_eq!(
            coerced("IFF(ID = '2', 1, 0)"),
            "IFF(ID = CAST('2' AS DECIMAL), 1, 0)"
        );
    }

    #[test]
    fn text_meets_text_and_arithmetic_meets_numbers_only() {
        assert_eq!(coerced("NAME = 'x'"), "NAME = 'x'");
        assert_eq!(coerced("ID + '5'"), "ID + CAST('5' AS DECIMAL)");
        assert_eq!(coerced("D - '5'"), "D - '5'");
        assert_eq!(coerced("NAME LIKE '1%'"), "NAME LIKE '1%'");
    }
}
