//! Small builders and readers of sqlparser's AST shared by the whole dialect — quoted identifiers,
//! function calls, casts, literals, Snowflake's date and time part names, and the GlueSQL type of a
//! Snowflake type. They sit below the rewriter and the type inference, which both use them.

use crate::types::SfType;
use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArguments, Ident, ObjectName, Value, ValueWithSpan,
};

/// Builds a quoted identifier (always quoted: GlueSQL is case-sensitive).
pub fn quoted(value: &str) -> Ident {
    Ident::with_quote('"', value)
}

/// A call of function `name` on `args`.
pub fn func(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(sqlparser::ast::FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|e| FunctionArg::Unnamed(FunctionArgExpr::Expr(e)))
                .collect(),
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}

/// `CAST(e AS data_type)`.
pub fn cast(e: Expr, data_type: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(e),
        data_type,
        format: None,
    }
}

/// A string literal.
pub fn string(s: &str) -> Expr {
    Expr::value(Value::SingleQuotedString(s.to_owned()))
}

/// An integer literal.
pub fn number(n: i64) -> Expr {
    Expr::value(Value::Number(n.to_string(), false))
}

/// The GlueSQL type a Snowflake TIMESTAMP_NTZ becomes: a timestamp with no time zone.
pub fn timestamp_type() -> DataType {
    DataType::Timestamp(None, sqlparser::ast::TimezoneInfo::None)
}

/// The text of a date or time part argument: a string literal or a bare word.
/// The text of a `'...'` literal.
pub fn string_literal(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(ValueWithSpan {
            value: Value::SingleQuotedString(s),
            ..
        }) => Some(s),
        _ => None,
    }
}

/// A date part as written: `'day'` or `day`.
pub fn date_part_text(e: &Expr) -> Option<&str> {
    match e {
        Expr::Identifier(i) => Some(&i.value),
        other => string_literal(other),
    }
}

/// A date or time part's name or abbreviation, in Snowflake's spellings, normalized.
pub fn date_part_word(text: &str) -> Option<&'static str> {
    Some(match text.to_ascii_lowercase().as_str() {
        "year" | "years" | "y" | "yy" | "yyy" | "yyyy" | "yr" | "yrs" => "year",
        "quarter" | "quarters" | "q" | "qtr" | "qtrs" => "quarter",
        "month" | "months" | "mm" | "mon" | "mons" => "month",
        "week" | "weeks" | "w" | "wk" | "weekofyear" | "woy" | "wy" => "week",
        "weekiso" | "week_iso" | "weekofyeariso" | "weekofyear_iso" => "weekiso",
        "dayofweek" | "weekday" | "dow" | "dw" => "dayofweek",
        "dayofweekiso" | "weekday_iso" | "dow_iso" | "dw_iso" => "dayofweekiso",
        "dayofyear" | "yearday" | "doy" | "dy" => "dayofyear",
        "yearofweek" => "yearofweek",
        "yearofweekiso" => "yearofweekiso",
        "day" | "days" | "d" | "dd" | "dayofmonth" => "day",
        "hour" | "hours" | "h" | "hh" | "hr" | "hrs" => "hour",
        "minute" | "minutes" | "m" | "mi" | "min" | "mins" => "minute",
        "second" | "seconds" | "s" | "sec" | "secs" => "second",
        "millisecond" | "milliseconds" | "ms" | "msec" => "millisecond",
        "microsecond" | "microseconds" | "us" | "usec" => "microsecond",
        "nanosecond" | "nanoseconds" | "ns" | "nsec" | "nanosec" | "nsecond" | "nanosecs"
        | "nseconds" => "nanosecond",
        _ => return None,
    })
}

/// The GlueSQL type that holds values of a Snowflake type.
pub fn glue_data_type(sf: SfType) -> DataType {
    use sqlparser::ast::ExactNumberInfo;
    match sf {
        SfType::Varchar(_) => DataType::Text,
        SfType::Number { .. } => DataType::Decimal(ExactNumberInfo::None),
        SfType::Float => DataType::Float(ExactNumberInfo::None),
        SfType::Boolean => DataType::Boolean,
        SfType::Date => DataType::Date,
        SfType::TimestampNtz => timestamp_type(),
        SfType::Time => DataType::Time(None, sqlparser::ast::TimezoneInfo::None),
        SfType::Variant | SfType::Object | SfType::Array => {
            DataType::Custom(ObjectName::from(vec![Ident::new(sf.glue_sql())]), vec![])
        }
    }
}

/// GlueSQL compares `DECIMAL = INTEGER` as unequal when the decimal is on the left, so every
/// integer-producing expression is made a DECIMAL, the type all stored NUMBERs have.
pub fn as_decimal(e: Expr) -> Expr {
    cast(e, DataType::Decimal(sqlparser::ast::ExactNumberInfo::None))
}

/// `CASE WHEN e IS NULL THEN NULL ELSE then END`: GlueSQL's EXTRACT fails on NULL, Snowflake's gives NULL.
pub fn null_safe(e: &Expr, then: Expr) -> Expr {
    Expr::Case {
        case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
        end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
        operand: None,
        conditions: vec![sqlparser::ast::CaseWhen {
            condition: Expr::IsNull(Box::new(e.clone())),
            result: Expr::value(Value::Null),
        }],
        else_result: Some(Box::new(then)),
    }
}

/// `(left op right)`.
pub fn binary(left: Expr, op: BinaryOperator, right: Expr) -> Expr {
    Expr::Nested(Box::new(Expr::BinaryOp {
        left: Box::new(left),
        op,
        right: Box::new(right),
    }))
}

/// The value of a constant integer expression such as `2` or `-2` (literals already made DECIMAL).
pub fn const_int(e: &Expr) -> Option<i32> {
    let mut e = e.clone();
    unwrap_literal(&mut e);
    match e {
        Expr::Value(ValueWithSpan {
            value: Value::Number(n, _),
            ..
        }) => n.parse().ok(),
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => const_int(&expr).map(|v| -v),
        Expr::Nested(inner) => const_int(&inner),
        _ => None,
    }
}

/// Undoes the DECIMAL cast of a numeric literal where GlueSQL needs an integer.
pub fn unwrap_literal(e: &mut Expr) {
    if let Expr::Cast {
        expr,
        data_type: DataType::Decimal(_),
        ..
    } = e
        && matches!(
            expr.as_ref(),
            Expr::Value(ValueWithSpan {
                value: Value::Number(..),
                ..
            })
        )
    {
        *e = (**expr).clone();
    }
}

/// A query of `body` alone (no WITH, ORDER BY or LIMIT).
pub fn query_of(body: sqlparser::ast::SetExpr) -> sqlparser::ast::Query {
    sqlparser::ast::Query {
        with: None,
        body: Box::new(body),
        order_by: None,
        limit_clause: None,
        fetch: None,
        locks: vec![],
        for_clause: None,
        settings: None,
        format_clause: None,
        pipe_operators: vec![],
    }
}
