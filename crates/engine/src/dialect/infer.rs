//! Static inference of the Snowflake type of a query's output columns, so that results carry the
//! types Snowflake would give them (`AVG` of `NUMBER(10,2)` is `NUMBER(38,8)`, `COUNT` is
//! `NUMBER(18,0)`, a `CASE` of amounts and zeros is a `NUMBER` with the amounts' scale).

use super::ast::{date_part_text, date_part_word};
use super::parse::normalize_ident;
use crate::types::SfType;
use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};

/// A column visible in a SELECT: where it comes from, its name, its type if known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeColumn {
    /// The FROM item's name or alias that qualifies the column (`t` in `t.a`), if any.
    pub qualifier: Option<String>,
    /// The column's name, as stored.
    pub name: String,
    /// The column's Snowflake type, if known.
    pub ty: Option<SfType>,
}

/// The columns of a SELECT's FROM clause.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// The visible columns, in FROM order.
    pub columns: Vec<ScopeColumn>,
}

impl Scope {
    fn lookup(&self, qualifier: Option<&str>, name: &str) -> Option<SfType> {
        self.columns
            .iter()
            .find(|c| {
                c.name == name && (qualifier.is_none() || c.qualifier.as_deref() == qualifier)
            })
            .and_then(|c| c.ty)
    }
}

/// Snowflake's scale for a quotient of a value with scale `s`: `max(s, min(s + 6, 12))`.
pub fn division_scale(s: u8) -> u8 {
    s.max((s + 6).min(12))
}

fn number(scale: u8) -> SfType {
    SfType::Number {
        precision: 38,
        scale,
    }
}

/// The type of a value that may come from either of two typed expressions (CASE branches, UNION).
pub fn numeric_union(a: Option<SfType>, b: Option<SfType>) -> Option<SfType> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(SfType::Float), Some(SfType::Number { .. } | SfType::Float))
        | (Some(SfType::Number { .. }), Some(SfType::Float)) => Some(SfType::Float),
        (
            Some(SfType::Number {
                precision: p1,
                scale: s1,
            }),
            Some(SfType::Number {
                precision: p2,
                scale: s2,
            }),
        ) => {
            let scale = s1.max(s2);
            let int = (p1 - s1).max(p2 - s2);
            Some(SfType::Number {
                precision: (int + scale).min(38),
                scale,
            })
        }
        (Some(SfType::Varchar(a)), Some(SfType::Varchar(b))) => {
            Some(SfType::Varchar(match (a, b) {
                (Some(x), Some(y)) => Some(x.max(y)),
                _ => None,
            }))
        }
        (Some(x), Some(_)) => Some(x),
    }
}

/// The type of an expression over a scope, when it can be told without running it.
pub fn infer_expr(expr: &Expr, scope: &Scope) -> Option<SfType> {
    match expr {
        Expr::Identifier(i) => scope.lookup(None, &normalize_ident(i)),
        Expr::CompoundIdentifier(parts) => {
            let name = normalize_ident(parts.last()?);
            let qualifier = parts
                .len()
                .checked_sub(2)
                .map(|i| normalize_ident(&parts[i]));
            scope.lookup(qualifier.as_deref(), &name)
        }
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => Some(match n.split_once('.') {
                Some((_, frac)) if !n.contains(['e', 'E']) => number(frac.len().min(37) as u8),
                None if !n.contains(['e', 'E']) => number(0),
                _ => SfType::Float,
            }),
            Value::SingleQuotedString(_) | Value::DoubleQuotedString(_) => {
                Some(SfType::Varchar(None))
            }
            Value::Boolean(_) => Some(SfType::Boolean),
            _ => None,
        },
        Expr::Nested(e) => infer_expr(e, scope),
        Expr::UnaryOp { op, expr } => match op {
            UnaryOperator::Not => Some(SfType::Boolean),
            _ => infer_expr(expr, scope),
        },
        Expr::BinaryOp { left, op, right } => {
            let (l, r) = (infer_expr(left, scope), infer_expr(right, scope));
            match op {
                BinaryOperator::Plus | BinaryOperator::Minus => match (l, r) {
                    (Some(SfType::TimestampNtz | SfType::Date), _) => l,
                    _ => numeric_union(l, r),
                },
                BinaryOperator::Multiply => match (l, r) {
                    (
                        Some(SfType::Number { scale: a, .. }),
                        Some(SfType::Number { scale: b, .. }),
                    ) => Some(number((a + b).min(12).max(a.max(b)))),
                    _ => numeric_union(l, r),
                },
                BinaryOperator::Divide => match (l, r) {
                    (Some(SfType::Number { scale, .. }), Some(SfType::Number { .. })) => {
                        Some(number(division_scale(scale)))
                    }
                    _ => numeric_union(l, r),
                },
                BinaryOperator::Modulo => numeric_union(l, r),
                BinaryOperator::StringConcat => Some(SfType::Varchar(None)),
                _ => Some(SfType::Boolean),
            }
        }
        Expr::IsNull(_)
        | Expr::IsNotNull(_)
        | Expr::In { .. }
        | Expr::Between { .. }
        | Expr::Like { .. }
        | Expr::ILike { .. }
        | Expr::Exists { .. }
        | Expr::IsTrue(_)
        | Expr::IsFalse(_) => Some(SfType::Boolean),
        Expr::Case {
            conditions,
            else_result,
            ..
        } => {
            let mut t = None;
            for c in conditions {
                t = numeric_union(t, infer_expr(&c.result, scope));
            }
            if let Some(e) = else_result {
                t = numeric_union(t, infer_expr(e, scope));
            }
            t
        }
        Expr::Cast { data_type, .. } => SfType::from_sql(data_type).ok(),
        Expr::Extract { .. } => Some(number(0)),
        Expr::JsonAccess { .. } => Some(SfType::Variant),
        Expr::Function(f)
            if f.over.is_none()
                && crate::variant::FUNCTIONS
                    .contains(&f.name.to_string().to_ascii_uppercase().as_str()) =>
        {
            Some(crate::variant::return_type(
                &f.name.to_string().to_ascii_uppercase(),
            ))
        }
        Expr::Function(f)
            if f.over.is_none()
                && crate::scalar::return_type(&f.name.to_string().to_ascii_uppercase())
                    .is_some() =>
        {
            crate::scalar::return_type(&f.name.to_string().to_ascii_uppercase())
        }
        Expr::Function(f) => {
            let name = f.name.to_string().to_ascii_uppercase();
            let args = super::walk::call_args(f);
            let first = args.first().and_then(|a| infer_expr(a, scope));
            match name.as_str() {
                "COUNT" | "COUNT_IF" => Some(SfType::Number {
                    precision: 18,
                    scale: 0,
                }),
                "SUM" => match first {
                    Some(SfType::Number { scale, .. }) => Some(number(scale)),
                    other => other,
                },
                "AVG" => match first {
                    Some(SfType::Number { scale, .. }) => Some(number(division_scale(scale))),
                    Some(_) => Some(SfType::Float),
                    None => None,
                },
                "MIN" | "MAX" | "ANY_VALUE" | "ABS" | "NULLIF" | "LAG" | "LEAD" | "FIRST_VALUE"
                | "LAST_VALUE" | "NTH_VALUE" => first,
                "ROW_NUMBER" | "RANK" | "DENSE_RANK" | "NTILE" => Some(SfType::Number {
                    precision: 18,
                    scale: 0,
                }),
                "PERCENT_RANK" | "CUME_DIST" => Some(SfType::Float),
                "BOOLAND_AGG" | "BOOLOR_AGG" => Some(SfType::Boolean),
                "MEDIAN" => match first {
                    Some(SfType::Number { precision, scale }) => Some(SfType::Number {
                        precision: (precision + 3).min(38),
                        scale: (scale + 3).min(37),
                    }),
                    other => other,
                },
                "PERCENTILE_CONT" | "PERCENTILE_DISC" => {
                    let t = f
                        .within_group
                        .first()
                        .and_then(|o| infer_expr(&o.expr, scope));
                    match (name.as_str(), t) {
                        ("PERCENTILE_CONT", Some(SfType::Number { precision, scale })) => {
                            Some(SfType::Number {
                                precision: (precision + 3).min(38),
                                scale: (scale + 3).min(37),
                            })
                        }
                        (_, t) => t,
                    }
                }
                "MODE" | "MIN_BY" | "MAX_BY" | "NULLIFZERO" => first,
                "NVL2" => args.get(1).and_then(|a| infer_expr(a, scope)),
                "DIV0" | "DIV0NULL" => {
                    match (first, args.get(1).and_then(|a| infer_expr(a, scope))) {
                        (Some(SfType::Number { scale, .. }), Some(SfType::Number { .. })) => {
                            Some(number(division_scale(scale)))
                        }
                        (a, b) => numeric_union(a, b),
                    }
                }
                "TO_NUMBER" | "TO_DECIMAL" | "TO_NUMERIC" | "TRY_TO_NUMBER" | "TRY_TO_DECIMAL"
                | "TRY_TO_NUMERIC" => {
                    let digit = |i: usize| {
                        args.get(i).and_then(|a| match a {
                            Expr::Value(v) => match &v.value {
                                Value::Number(n, _) => n.parse::<u8>().ok(),
                                _ => None,
                            },
                            _ => None,
                        })
                    };
                    Some(SfType::Number {
                        precision: digit(1).unwrap_or(38).clamp(1, 38),
                        scale: digit(2).unwrap_or(0).min(37),
                    })
                }
                "LISTAGG" => Some(SfType::Varchar(None)),
                "ARRAY_AGG" | "ARRAYAGG" => Some(SfType::Array),
                "OBJECT_AGG" => Some(SfType::Object),
                "APPROX_COUNT_DISTINCT" | "HLL" => Some(SfType::Number {
                    precision: 18,
                    scale: 0,
                }),
                "STDDEV" | "STDDEV_SAMP" | "STDDEV_POP" | "VARIANCE" | "VAR_SAMP" | "VAR_POP"
                | "VARIANCE_SAMP" | "VARIANCE_POP" => Some(SfType::Float),
                "IFF" => {
                    let a = args.get(1).and_then(|a| infer_expr(a, scope));
                    let b = args.get(2).and_then(|a| infer_expr(a, scope));
                    numeric_union(a, b)
                }
                "COALESCE" | "NVL" | "IFNULL" | "GREATEST" | "LEAST" => args
                    .iter()
                    .map(|a| infer_expr(a, scope))
                    .fold(None, numeric_union),
                "ZEROIFNULL" => numeric_union(first, Some(number(0))),
                "ROUND" | "TRUNC" | "TRUNCATE" | "FLOOR" | "CEIL" | "CEILING" => match first {
                    Some(SfType::Number { .. }) => {
                        let digits = args
                            .get(1)
                            .and_then(|a| match a {
                                Expr::Value(v) => match &v.value {
                                    Value::Number(n, _) => n.parse::<u8>().ok(),
                                    _ => None,
                                },
                                _ => None,
                            })
                            .unwrap_or(0);
                        Some(number(digits))
                    }
                    other => other,
                },
                "DATEDIFF" | "TIMESTAMPDIFF" | "YEAR" | "MONTH" | "DAY" | "DAYOFMONTH" | "HOUR"
                | "MINUTE" | "SECOND" | "LENGTH" | "LEN" => Some(SfType::Number {
                    precision: 18,
                    scale: 0,
                }),
                // A date moved by days or more stays a date; by hours or less it becomes a timestamp.
                "DATEADD" | "TIMESTAMPADD" => {
                    let part = args
                        .first()
                        .and_then(|p| date_part_text(p))
                        .and_then(date_part_word);
                    match (args.get(2).and_then(|a| infer_expr(a, scope)), part) {
                        (
                            Some(SfType::Date),
                            Some("year" | "quarter" | "month" | "week" | "day"),
                        ) => Some(SfType::Date),
                        _ => Some(SfType::TimestampNtz),
                    }
                }
                "DATE_TRUNC" => match args.get(1).and_then(|a| infer_expr(a, scope)) {
                    Some(SfType::Date) => Some(SfType::Date),
                    _ => Some(SfType::TimestampNtz),
                },
                "CURRENT_TIMESTAMP" | "SYSDATE" | "GETDATE" | "LOCALTIMESTAMP" | "SYSTIMESTAMP"
                | "NOW" | "TO_TIMESTAMP" | "TO_TIMESTAMP_NTZ" => Some(SfType::TimestampNtz),
                "CURRENT_DATE" | "TO_DATE" => Some(SfType::Date),
                "UPPER" | "LOWER" | "INITCAP" | "TRIM" | "LTRIM" | "RTRIM" | "SUBSTR"
                | "SUBSTRING" | "CONCAT" | "CONCAT_WS" | "REPLACE" | "LPAD" | "RPAD" | "LEFT"
                | "RIGHT" | "TO_VARCHAR" | "TO_CHAR" | "REVERSE" | "REPEAT" => {
                    Some(SfType::Varchar(None))
                }
                "SQRT" | "EXP" | "LN" | "LOG" | "POWER" | "SIN" | "COS" | "TAN" | "RANDOM" => {
                    Some(SfType::Float)
                }
                _ => None,
            }
        }
        _ => None,
    }
}
