//! Dates and times in GlueSQL's terms: DATEDIFF and DATEADD by Snowflake's date parts (boundaries
//! crossed, month ends clamped), DATE_TRUNC, EXTRACT and DATE_PART, the virtual clock's constants,
//! intervals, and Snowflake's format elements as chrono's.

use super::super::ast::{
    as_decimal, binary, cast, const_int, date_part_text, date_part_word, func, null_safe, number,
    string, timestamp_type,
};
use crate::error::{Result, SqlError};
use chrono::NaiveDateTime;
use sqlparser::ast::{BinaryOperator, DataType, DateTimeField, Expr, Value, ValueWithSpan};

/// The GlueSQL form of a timestamp constant from the virtual clock.
pub(super) fn timestamp_literal(t: NaiveDateTime, ty: DataType) -> Expr {
    let text = match ty {
        DataType::Date => t.format("%Y-%m-%d").to_string(),
        _ => t.format("%Y-%m-%d %H:%M:%S%.f").to_string(),
    };
    cast(Expr::value(Value::SingleQuotedString(text)), ty)
}

/// Date/time units as Snowflake spells them (`'day'`, `days`, `dd`, `HOUR`, ...), normalized;
/// an error naming the part as written otherwise.
pub(super) fn date_part(
    e: &Expr,
    function: &str,
    position: crate::error::Position,
) -> Result<&'static str> {
    date_part_text(e).and_then(date_part_word).ok_or_else(|| {
        let text = date_part_text(e).map_or_else(|| e.to_string(), str::to_owned);
        SqlError::invalid(format!("Invalid date part '{text}' for {function}.")).at(position)
    })
}

/// `DATE_TRUNC(part, ts)` in GlueSQL's functions: format the kept fields, parse back.
pub(super) fn date_trunc(part: &str, arg: Expr, position: crate::error::Position) -> Result<Expr> {
    let fmt = match part {
        "year" => "%Y-01-01 00:00:00",
        "month" => "%Y-%m-01 00:00:00",
        "day" => "%Y-%m-%d 00:00:00",
        "hour" => "%Y-%m-%d %H:00:00",
        "minute" => "%Y-%m-%d %H:%M:00",
        "second" => "%Y-%m-%d %H:%M:%S",
        other => {
            return Err(SqlError::unsupported(format!(
                "DATE_TRUNC to '{other}' is not supported yet (supported: year, month, day, hour, minute, second)."
            ))
            .at(position));
        }
    };
    let as_ts = cast(arg, timestamp_type());
    Ok(func(
        "TO_TIMESTAMP",
        vec![
            func("FORMAT", vec![as_ts, string(fmt)]),
            string("%Y-%m-%d %H:%M:%S"),
        ],
    ))
}

/// Seconds since the epoch of a timestamp expression, as an integer.
pub(super) fn epoch_seconds(e: Expr) -> Expr {
    cast(func("FORMAT", vec![e, string("%s")]), DataType::Int(None))
}

pub(super) fn extract(field: DateTimeField, e: Expr) -> Expr {
    null_safe(&e, extract_unchecked(field, e.clone()))
}

pub(super) fn extract_unchecked(field: DateTimeField, e: Expr) -> Expr {
    as_decimal(Expr::Extract {
        field,
        syntax: sqlparser::ast::ExtractSyntax::From,
        expr: Box::new(cast(e, timestamp_type())),
    })
}

/// `DATEDIFF(part, a, b)`: the number of `part` boundaries crossed from a to b, as Snowflake counts.
pub(super) fn datediff(
    part: &str,
    a: Expr,
    b: Expr,
    position: crate::error::Position,
) -> Result<Expr> {
    let months = |e: Expr| {
        binary(
            binary(
                extract(DateTimeField::Year, e.clone()),
                BinaryOperator::Multiply,
                number(12),
            ),
            BinaryOperator::Plus,
            extract(DateTimeField::Month, e),
        )
    };
    Ok(match part {
        "year" => binary(
            extract(DateTimeField::Year, b),
            BinaryOperator::Minus,
            extract(DateTimeField::Year, a),
        ),
        "month" => binary(months(b), BinaryOperator::Minus, months(a)),
        "day" | "hour" | "minute" | "second" => {
            let unit = match part {
                "day" => 86_400,
                "hour" => 3_600,
                "minute" => 60,
                _ => 1,
            };
            let diff = binary(
                epoch_seconds(date_trunc(part, b, position)?),
                BinaryOperator::Minus,
                epoch_seconds(date_trunc(part, a, position)?),
            );
            as_decimal(binary(diff, BinaryOperator::Divide, number(unit)))
        }
        "millisecond" | "microsecond" | "nanosecond" => {
            // Whole seconds since the epoch (floored, as chrono counts them) scaled, plus the
            // fraction's digits: exact on either side of 1970.
            let (digits, scale) = match part {
                "millisecond" => ("%3f", 1_000),
                "microsecond" => ("%6f", 1_000_000),
                _ => ("%9f", 1_000_000_000),
            };
            let units = |e: Expr| {
                let as_ts = cast(e, timestamp_type());
                binary(
                    binary(
                        epoch_seconds(as_ts.clone()),
                        BinaryOperator::Multiply,
                        number(scale),
                    ),
                    BinaryOperator::Plus,
                    cast(
                        func("FORMAT", vec![as_ts, string(digits)]),
                        DataType::Int(None),
                    ),
                )
            };
            as_decimal(binary(units(b), BinaryOperator::Minus, units(a)))
        }
        other => {
            return Err(SqlError::unsupported(format!(
                "DATEDIFF by '{other}' is not supported yet (supported: year, month, day, hour, minute, second, millisecond, microsecond, nanosecond)."
            ))
            .at(position));
        }
    })
}

/// `DATEADD(part, n, e)`: `e` moved by `n` parts (a fractional `n` is truncated to a whole number).
/// Years, quarters and months keep the time of day and move the day back to the target month's
/// last day when that month is shorter (January 31 + 1 month = February 28 or 29), as Snowflake
/// does; weeks and smaller parts add an exact duration. NULL in, NULL out.
pub(super) fn dateadd(
    part: &str,
    n: Expr,
    e: Expr,
    position: crate::error::Position,
) -> Result<Expr> {
    let moved = dateadd_non_null(part, n.clone(), e.clone(), position)?;
    Ok(null_safe(&n, null_safe(&e, moved)))
}

pub(super) fn dateadd_non_null(
    part: &str,
    n: Expr,
    e: Expr,
    position: crate::error::Position,
) -> Result<Expr> {
    let ts = cast(e, timestamp_type());
    let whole = cast(n, DataType::Int(None));
    let months = match part {
        "year" => Some(12),
        "quarter" => Some(3),
        "month" => Some(1),
        _ => None,
    };
    if let Some(months) = months {
        let day = func(
            "ADD_MONTH",
            vec![
                func("FORMAT", vec![ts.clone(), string("%Y-%m-%d")]),
                binary(whole, BinaryOperator::Multiply, number(months)),
            ],
        );
        return Ok(func(
            "TO_TIMESTAMP",
            vec![
                binary(
                    func("FORMAT", vec![day, string("%Y-%m-%d")]),
                    BinaryOperator::StringConcat,
                    func("FORMAT", vec![ts, string(" %H:%M:%S%.9f")]),
                ),
                string("%Y-%m-%d %H:%M:%S%.9f"),
            ],
        ));
    }
    // The duration in seconds, as text: GlueSQL's INTERVAL takes a string.
    let seconds = |per_unit: i64| binary(whole.clone(), BinaryOperator::Multiply, number(per_unit));
    let micros = |per_unit: i64| {
        binary(
            as_decimal(binary(
                whole.clone(),
                BinaryOperator::Multiply,
                number(per_unit),
            )),
            BinaryOperator::Divide,
            as_decimal(number(1_000_000)),
        )
    };
    let duration = match part {
        "week" => seconds(604_800),
        "day" => seconds(86_400),
        "hour" => seconds(3_600),
        "minute" => seconds(60),
        "second" => seconds(1),
        "millisecond" => micros(1_000),
        "microsecond" => micros(1),
        other => {
            return Err(SqlError::unsupported(format!(
                "DATEADD by '{other}' is not supported yet (supported: year, quarter, month, week, day, hour, minute, second, millisecond, microsecond)."
            ))
            .at(position));
        }
    };
    Ok(binary(
        ts,
        BinaryOperator::Plus,
        Expr::Interval(sqlparser::ast::Interval {
            value: Box::new(Expr::Nested(Box::new(cast(duration, DataType::Text)))),
            leading_field: Some(DateTimeField::Second),
            leading_precision: None,
            last_field: None,
            fractional_seconds_precision: None,
        }),
    ))
}

/// The (date part, amount) pairs of an interval: `INTERVAL '14 days'`, `INTERVAL '1 year, 2
/// months'`, `INTERVAL '3' HOUR`.
pub(super) fn interval_parts(
    interval: &sqlparser::ast::Interval,
    position: crate::error::Position,
) -> Result<Vec<(&'static str, i64)>> {
    let bad = || SqlError::invalid(format!("Invalid interval '{interval}'.")).at(position);
    let text = match interval.value.as_ref() {
        Expr::Value(ValueWithSpan {
            value: Value::SingleQuotedString(t),
            ..
        }) => t.clone(),
        other => const_int(other).ok_or_else(bad)?.to_string(),
    };
    let mut words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(field) = &interval.leading_field {
        words.push(field.to_string());
    }
    words
        .chunks(2)
        .map(|pair| match pair {
            [n, unit] => {
                let n: i64 = n.parse().map_err(|_| bad())?;
                let part = date_part_word(unit).ok_or_else(bad)?;
                Ok((part, n))
            }
            _ => Err(bad()),
        })
        .collect()
}

/// A Snowflake date and time format (`YYYY-MM-DD HH24:MI:SS.FF3`, `DD Mon YYYY`, `"text"` quoted) in
/// chrono's terms (`%Y-%m-%d %H:%M:%S.%3f`).
pub(crate) fn chrono_format(format: &str) -> std::result::Result<String, String> {
    const ELEMENTS: &[(&str, &str)] = &[
        ("YYYY", "%Y"),
        ("YY", "%y"),
        ("MMMM", "%B"),
        ("MON", "%b"),
        ("MM", "%m"),
        ("DD", "%d"),
        ("DY", "%a"),
        ("HH24", "%H"),
        ("HH12", "%I"),
        ("HH", "%H"),
        ("AM", "%p"),
        ("PM", "%p"),
        ("MI", "%M"),
        ("SS", "%S"),
        ("FF9", "%9f"),
        ("FF6", "%6f"),
        ("FF3", "%3f"),
        ("FF", "%9f"),
    ];
    let mut out = String::new();
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let end = rest[1..]
                .find('"')
                .ok_or_else(|| format!("Unterminated quoted text in format '{format}'."))?;
            out.push_str(&rest[1..=end].replace('%', "%%"));
            rest = &rest[end + 2..];
        } else if let Some((element, chrono)) = ELEMENTS.iter().find(|(e, _)| {
            rest.get(..e.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(e))
        }) {
            out.push_str(chrono);
            rest = &rest[element.len()..];
        } else if c.is_ascii_alphabetic() {
            return Err(format!(
                "Format element at '{}' in '{format}' is not supported.",
                rest.chars().take(4).collect::<String>()
            ));
        } else {
            if c == '%' {
                out.push('%');
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(out)
}
