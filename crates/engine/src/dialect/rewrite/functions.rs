//! The Snowflake function library of the rewriter: expressions in GlueSQL's terms — IFF, NVL,
//! DATEDIFF, DATEADD, DATE_TRUNC, EXTRACT and the date parts, string and pattern functions,
//! CURRENT_TIMESTAMP and friends from the virtual clock, format strings, identifier folding — applied
//! to every expression of a statement by [`rewrite_expressions`].
//!
//! Its length is one dispatch over Snowflake's function names (`rewrite_function`), each arm a few
//! lines; dates and times live apart in `dates.rs`.

use super::super::ast::{
    as_decimal, binary, cast, const_int, func, glue_data_type, null_safe, number, quoted, string,
    string_literal, timestamp_type, unwrap_literal,
};
use super::super::parse::to_position;
use super::super::walk::{self, Rewrite};
use super::dates::{
    chrono_format, date_part, date_trunc, dateadd, datediff, extract, interval_parts,
    timestamp_literal,
};
use crate::error::{Result, SqlError};
use crate::types::SfType;
use chrono::NaiveDateTime;
use sqlparser::ast::{
    BinaryOperator, DataType, DateTimeField, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArguments, Ident, Query, Spanned, Value, ValueWithSpan,
};
use std::ops::ControlFlow;

/// Snowflake's LIKE wildcards match newlines; GlueSQL's (a regex `.`) do not. Both sides of a LIKE
/// get their newlines replaced by a private-use character, which `_` and `%` match, and which
/// still matches itself where the pattern has a newline.
fn without_newlines(e: Expr) -> Expr {
    replace(e, '\n', NEWLINE)
}

/// `REPLACE(e, from, to)`.
fn replace(e: Expr, from: char, to: char) -> Expr {
    func(
        "REPLACE",
        vec![e, string(&from.to_string()), string(&to.to_string())],
    )
}

/// With `ESCAPE`, a subject's `%` and `_` become these private-use characters, and so do the
/// pattern's escaped ones, which then match only them; unescaped wildcards match anything.
const LITERAL_PERCENT: char = '\u{E001}';
const LITERAL_UNDERSCORE: char = '\u{E002}';
/// What a newline becomes on both sides of a LIKE.
const NEWLINE: char = '\u{E000}';

fn single_char_literal(e: &Expr) -> Option<char> {
    let mut chars = string_literal(e)?.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// A LIKE pattern with its escapes resolved for GlueSQL's escape-less LIKE: an escaped wildcard
/// becomes its private-use stand-in, an escaped other character itself; newlines as in
/// [`without_newlines`].
fn escaped_pattern(text: &str, escape: char) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let c = if c == escape {
            match chars.next() {
                Some('%') => LITERAL_PERCENT,
                Some('_') => LITERAL_UNDERSCORE,
                Some(other) => other,
                None => {
                    return Err(format!(
                        "LIKE pattern '{text}' ends with its escape character '{escape}'."
                    ));
                }
            }
        } else {
            c
        };
        out.push(if c == '\n' { NEWLINE } else { c });
    }
    Ok(out)
}

pub(super) fn plain_args(f: &Function) -> Option<Vec<Expr>> {
    match &f.args {
        FunctionArguments::None => Some(vec![]),
        FunctionArguments::List(list) => list
            .args
            .iter()
            .map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
                _ => None,
            })
            .collect(),
        FunctionArguments::Subquery(_) => None,
    }
}

/// Functions GlueSQL evaluates under the same name and meaning.
const NATIVE: &[&str] = &[
    "ABS",
    "CEIL",
    "CEILING",
    "FLOOR",
    "ROUND",
    "TRUNC",
    "UPPER",
    "LOWER",
    "INITCAP",
    "LENGTH",
    "LEFT",
    "RIGHT",
    "LPAD",
    "RPAD",
    "REPLACE",
    "TRIM",
    "LTRIM",
    "RTRIM",
    "SUBSTR",
    "CONCAT",
    "CONCAT_WS",
    "COALESCE",
    "IFNULL",
    "NULLIF",
    "SQRT",
    "POWER",
    "EXP",
    "LN",
    "LOG",
    "MOD",
    "SIGN",
    "SIN",
    "COS",
    "TAN",
    "ASIN",
    "ACOS",
    "ATAN",
    "PI",
    "RADIANS",
    "DEGREES",
    "REVERSE",
    "REPEAT",
    "ASCII",
    "CHR",
    "POSITION",
    "COUNT",
    "SUM",
    "MIN",
    "MAX",
    "STDDEV",
    "VARIANCE",
    "FORMAT",
    "TO_TIMESTAMP",
    "TO_DATE",
    "LAST_DAY",
    "GENERATE_UUID",
];

/// Rewrites every expression of a statement or query (in place): identifiers, functions, clock,
/// numeric literals.
pub fn rewrite_expressions<V: sqlparser::ast::VisitMut>(
    node: &mut V,
    now: NaiveDateTime,
) -> Result<()> {
    walk::rewrite(node, &mut ExpressionRewriter { now })
}

struct ExpressionRewriter {
    now: NaiveDateTime,
}

impl Rewrite for ExpressionRewriter {
    fn expr(&mut self, e: &mut Expr) -> ControlFlow<SqlError> {
        match rewrite_one(e, self.now) {
            Ok(()) => ControlFlow::Continue(()),
            Err(err) => ControlFlow::Break(err),
        }
    }

    /// LIMIT and OFFSET take plain integers in GlueSQL.
    fn query(&mut self, q: &mut Query) -> ControlFlow<SqlError> {
        match q.limit_clause.as_mut() {
            Some(sqlparser::ast::LimitClause::LimitOffset { limit, offset, .. }) => {
                if let Some(l) = limit {
                    unwrap_literal(l);
                }
                if let Some(o) = offset {
                    unwrap_literal(&mut o.value);
                }
            }
            Some(sqlparser::ast::LimitClause::OffsetCommaLimit { offset, limit }) => {
                unwrap_literal(offset);
                unwrap_literal(limit);
            }
            None => {}
        }
        ControlFlow::Continue(())
    }
}

/// Argument positions (0-based) that GlueSQL functions require to be integers.
fn integer_positions(name: &str) -> &'static [usize] {
    match name {
        "SUBSTR" => &[1, 2],
        "LEFT" | "RIGHT" | "LPAD" | "RPAD" | "REPEAT" => &[1],
        _ => &[],
    }
}

/// An unquoted identifier folded to upper case and quoted, keeping its place in the source.
fn fold_unquoted(i: &mut Ident) {
    if i.quote_style.is_none() {
        *i = Ident {
            span: i.span,
            ..quoted(&i.value.to_ascii_uppercase())
        };
    }
}

fn rewrite_one(e: &mut Expr, now: NaiveDateTime) -> Result<()> {
    match e {
        Expr::Identifier(i) => fold_unquoted(i),
        Expr::CompoundIdentifier(parts) => {
            parts.iter_mut().for_each(fold_unquoted);
            if parts.len() > 2 {
                let keep = parts.split_off(parts.len() - 2);
                *parts = keep;
            }
        }
        Expr::Cast { data_type, .. } => {
            let sf = SfType::from_sql(data_type)?;
            *data_type = glue_data_type(sf);
        }
        Expr::Function(f) => {
            if let Some(new) = rewrite_function(f, now)? {
                *e = new;
            }
        }
        Expr::Extract { expr, .. } => {
            let inner = (**expr).clone();
            *e = null_safe(&inner, as_decimal(e.clone()));
        }
        // `SUBSTRING(s, from [, for])` and `SUBSTRING(s FROM n [FOR m])` are GlueSQL's SUBSTR.
        Expr::Substring {
            expr,
            substring_from: Some(from),
            substring_for,
            ..
        } => {
            let mut args = vec![(**expr).clone(), (**from).clone()];
            args.extend(substring_for.as_deref().cloned());
            *e = func("SUBSTR", args);
            if let Expr::Function(f) = e
                && let Some(new) = rewrite_function(f, now)?
            {
                *e = new;
            }
        }
        // GlueSQL fails on `NULL LIKE ...`; Snowflake gives NULL when either side is NULL.
        Expr::Like {
            any,
            expr,
            pattern,
            escape_char,
            ..
        }
        | Expr::ILike {
            any,
            expr,
            pattern,
            escape_char,
            ..
        } => {
            if *any {
                return Err(SqlError::unsupported("LIKE ANY is not supported yet.")
                    .at(to_position(pattern.span().start)));
            }
            let (subject, original) = ((**expr).clone(), (**pattern).clone());
            match escape_char.take() {
                None => {
                    **expr = without_newlines(subject.clone());
                    **pattern = without_newlines(original.clone());
                }
                Some(escape) => {
                    let escape = single_char_literal(&escape).ok_or_else(|| {
                        SqlError::unsupported(
                            "LIKE ... ESCAPE takes a single-character string literal.",
                        )
                        .at(to_position(escape.span().start))
                    })?;
                    let text = string_literal(&original).ok_or_else(|| {
                        SqlError::unsupported(
                            "LIKE ... ESCAPE needs the pattern as a string literal.",
                        )
                        .at(to_position(original.span().start))
                    })?;
                    let escaped = escaped_pattern(text, escape)
                        .map_err(|m| SqlError::invalid(m).at(to_position(original.span().start)))?;
                    **expr = replace(
                        replace(without_newlines(subject.clone()), '%', LITERAL_PERCENT),
                        '_',
                        LITERAL_UNDERSCORE,
                    );
                    **pattern = string(&escaped);
                }
            }
            *e = null_safe(&subject, null_safe(&original, e.clone()));
        }
        Expr::Substring {
            substring_from,
            substring_for,
            ..
        } => {
            for part in [substring_from, substring_for].into_iter().flatten() {
                unwrap_literal(part);
            }
        }
        // `ts + INTERVAL '14 days'`, `d - INTERVAL '1 year, 2 months'`: DATEADD by each part.
        Expr::BinaryOp {
            left,
            op: op @ (BinaryOperator::Plus | BinaryOperator::Minus),
            right,
        } if matches!(right.as_ref(), Expr::Interval(_)) => {
            let Expr::Interval(interval) = right.as_ref() else {
                unreachable!("matched above")
            };
            let sign = if *op == BinaryOperator::Minus { -1 } else { 1 };
            let position = to_position(right.span().start);
            let mut moved = (**left).clone();
            for (part, n) in interval_parts(interval, position)? {
                moved = dateadd(part, as_decimal(number(sign * n)), moved, position)?;
            }
            *e = moved;
        }
        // GlueSQL gives NULL for `NULL OR TRUE` and `NULL AND FALSE`; SQL (and Snowflake) give
        // TRUE and FALSE. Both are spelled out as CASE, whose WHEN treats NULL as not true.
        Expr::BinaryOp {
            left,
            op: op @ (BinaryOperator::And | BinaryOperator::Or),
            right,
        } => {
            let (a, b) = ((**left).clone(), (**right).clone());
            let is_or = *op == BinaryOperator::Or;
            let decided = |x: Expr| {
                if is_or {
                    x
                } else {
                    Expr::UnaryOp {
                        op: sqlparser::ast::UnaryOperator::Not,
                        expr: Box::new(Expr::Nested(Box::new(x))),
                    }
                }
            };
            let when =
                |condition: Expr, result: Expr| sqlparser::ast::CaseWhen { condition, result };
            let boolean = |b: bool| Expr::value(Value::Boolean(b));
            *e = Expr::Case {
                case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                operand: None,
                conditions: vec![
                    when(decided(a.clone()), boolean(is_or)),
                    when(decided(b.clone()), boolean(is_or)),
                    when(
                        Expr::IsNull(Box::new(Expr::Nested(Box::new(a)))),
                        Expr::value(Value::Null),
                    ),
                    when(
                        Expr::IsNull(Box::new(Expr::Nested(Box::new(b)))),
                        Expr::value(Value::Null),
                    ),
                ],
                else_result: Some(Box::new(boolean(!is_or))),
            };
        }
        Expr::Value(ValueWithSpan {
            value: Value::Placeholder(p),
            span,
        }) => {
            return Err(SqlError {
                code: "002049",
                ..SqlError::invalid(format!("Bind variable {p} not set."))
            }
            .at(to_position(span.start)));
        }
        // GlueSQL evaluates `DECIMAL = INTEGER` as false and `INTEGER + DECIMAL` as an integer; all
        // stored numbers are DECIMAL, so numeric literals are too.
        Expr::Value(ValueWithSpan {
            value: Value::Number(..),
            ..
        }) => *e = as_decimal(e.clone()),
        _ => {}
    }
    Ok(())
}

fn rewrite_function(f: &mut Function, now: NaiveDateTime) -> Result<Option<Expr>> {
    let name = f.name.to_string().to_ascii_uppercase();
    let position = f
        .name
        .0
        .first()
        .and_then(|p| p.as_ident())
        .map(|i| to_position(i.span.start))
        .unwrap_or_default();
    if f.over.is_some() {
        return Err(SqlError::unsupported(format!(
            "Window function {name} ... OVER (...) is not supported yet."
        ))
        .at(position));
    }
    let arity = |n: usize, args: &[Expr]| -> Result<()> {
        if args.len() == n {
            Ok(())
        } else {
            Err(SqlError::invalid(format!(
                "Invalid argument count for function {name}: expected {n}, got {}.",
                args.len()
            ))
            .at(position))
        }
    };
    let args = plain_args(f);
    let expr = match (name.as_str(), args) {
        (
            "CURRENT_TIMESTAMP" | "SYSDATE" | "GETDATE" | "LOCALTIMESTAMP" | "SYSTIMESTAMP" | "NOW",
            Some(a),
        ) if a.is_empty() => timestamp_literal(now, timestamp_type()),
        ("CURRENT_DATE", Some(a)) if a.is_empty() => timestamp_literal(now, DataType::Date),
        ("IFF", Some(a)) => {
            arity(3, &a)?;
            let mut it = a.into_iter();
            let (c, t, el) = (it.next(), it.next(), it.next());
            Expr::Case {
                case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                operand: None,
                conditions: vec![sqlparser::ast::CaseWhen {
                    condition: c.unwrap_or(Expr::value(Value::Null)),
                    result: t.unwrap_or(Expr::value(Value::Null)),
                }],
                else_result: el.map(Box::new),
            }
        }
        // COUNT(CASE ...) counts the rows where the condition is true, and is 0 over no rows.
        ("COUNT_IF", Some(a)) => {
            arity(1, &a)?;
            as_decimal(func(
                "COUNT",
                vec![Expr::Case {
                    case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                    end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                    operand: None,
                    conditions: vec![sqlparser::ast::CaseWhen {
                        condition: a[0].clone(),
                        result: number(1),
                    }],
                    else_result: None,
                }],
            ))
        }
        // Any value of the group: its least is one (Snowflake does not say which).
        ("ANY_VALUE", Some(a)) => {
            arity(1, &a)?;
            func("MIN", a)
        }
        // Whether every (BOOLAND) or some (BOOLOR) non-NULL value is true; NULL without any.
        ("BOOLAND_AGG" | "BOOLOR_AGG", Some(a)) => {
            arity(1, &a)?;
            let when =
                |condition: Expr, result: Expr| sqlparser::ast::CaseWhen { condition, result };
            let count_where = |condition: Expr| {
                func(
                    "COUNT",
                    vec![Expr::Case {
                        case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                        end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                        operand: None,
                        conditions: vec![when(
                            condition,
                            Expr::value(Value::Number("1".into(), false)),
                        )],
                        else_result: None,
                    }],
                )
            };
            let zero = || Expr::value(Value::Number("0".into(), false));
            // BOOLAND: no FALSE value; BOOLOR: some TRUE value.
            let (value, op) = if name == "BOOLAND_AGG" {
                (false, BinaryOperator::Eq)
            } else {
                (true, BinaryOperator::Gt)
            };
            let decided = binary(
                count_where(binary(
                    a[0].clone(),
                    BinaryOperator::Eq,
                    Expr::value(Value::Boolean(value)),
                )),
                op,
                zero(),
            );
            Expr::Case {
                case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                operand: None,
                conditions: vec![when(
                    binary(func("COUNT", a), BinaryOperator::Eq, zero()),
                    Expr::value(Value::Null),
                )],
                else_result: Some(Box::new(decided)),
            }
        }
        // DECODE matches NULL with NULL, unlike `=`.
        ("DECODE", Some(a)) if a.len() >= 3 => {
            let subject = &a[0];
            let mut conditions = Vec::new();
            for pair in a[1..].chunks(2) {
                if let [search, result] = pair {
                    conditions.push(sqlparser::ast::CaseWhen {
                        condition: binary(subject.clone(), BinaryOperator::Eq, search.clone()),
                        result: result.clone(),
                    });
                    conditions.push(sqlparser::ast::CaseWhen {
                        condition: binary(
                            Expr::IsNull(Box::new(subject.clone())),
                            BinaryOperator::And,
                            Expr::IsNull(Box::new(search.clone())),
                        ),
                        result: result.clone(),
                    });
                }
            }
            Expr::Case {
                case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                operand: None,
                conditions,
                else_result: (a.len() % 2 == 0).then(|| Box::new(a[a.len() - 1].clone())),
            }
        }
        // LEAST and GREATEST as nested CASEs: NULL when any argument is NULL, as in Snowflake.
        ("LEAST" | "GREATEST", Some(a)) if !a.is_empty() => {
            let op = if name == "LEAST" {
                BinaryOperator::LtEq
            } else {
                BinaryOperator::GtEq
            };
            let mut it = a.into_iter().rev();
            let last = it.next().expect("not empty");
            it.fold(last, |rest, x| Expr::Case {
                case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
                operand: None,
                conditions: vec![
                    sqlparser::ast::CaseWhen {
                        condition: Expr::IsNull(Box::new(x.clone())),
                        result: Expr::value(Value::Null),
                    },
                    sqlparser::ast::CaseWhen {
                        condition: Expr::IsNull(Box::new(rest.clone())),
                        result: Expr::value(Value::Null),
                    },
                    sqlparser::ast::CaseWhen {
                        condition: binary(x.clone(), op.clone(), rest.clone()),
                        result: x,
                    },
                ],
                else_result: Some(Box::new(rest)),
            })
        }
        ("NVL" | "IFNULL", Some(a)) => {
            arity(2, &a)?;
            func("COALESCE", a)
        }
        // DATE_PART(part, x) is EXTRACT(part FROM x); the parts GlueSQL lacks go to the engine.
        ("DATE_PART", Some(a)) if a.len() == 2 => {
            let field = match date_part(&a[0], "DATE_PART", position)? {
                "year" => DateTimeField::Year,
                "month" => DateTimeField::Month,
                "day" => DateTimeField::Day,
                "hour" => DateTimeField::Hour,
                "minute" => DateTimeField::Minute,
                "second" => DateTimeField::Second,
                other => {
                    return Err(SqlError::unsupported(format!(
                        "DATE_PART by '{other}' is not supported yet."
                    ))
                    .at(position));
                }
            };
            extract(field, a[1].clone())
        }
        ("ZEROIFNULL", Some(a)) => {
            arity(1, &a)?;
            func("COALESCE", vec![a[0].clone(), number(0)])
        }
        ("LEN" | "CHAR_LENGTH" | "CHARACTER_LENGTH", Some(a)) => as_decimal(func("LENGTH", a)),
        ("SUBSTRING", Some(a)) => func("SUBSTR", a),
        ("RANDOM", Some(a)) => func("RAND", a),
        ("YEAR" | "MONTH" | "DAY" | "DAYOFMONTH" | "HOUR" | "MINUTE" | "SECOND", Some(a)) => {
            arity(1, &a)?;
            let field = match name.as_str() {
                "YEAR" => DateTimeField::Year,
                "MONTH" => DateTimeField::Month,
                "DAY" | "DAYOFMONTH" => DateTimeField::Day,
                "HOUR" => DateTimeField::Hour,
                "MINUTE" => DateTimeField::Minute,
                _ => DateTimeField::Second,
            };
            extract(field, a[0].clone())
        }
        ("TO_VARCHAR" | "TO_CHAR", Some(a)) if a.len() == 1 => cast(a[0].clone(), DataType::Text),
        ("TO_TIMESTAMP" | "TO_TIMESTAMP_NTZ" | "TO_DATE" | "TO_NUMBER" | "TO_DECIMAL", Some(a))
            if a.len() == 1 =>
        {
            let data_type = match name.as_str() {
                "TO_DATE" => DataType::Date,
                "TO_NUMBER" | "TO_DECIMAL" => {
                    DataType::Decimal(sqlparser::ast::ExactNumberInfo::None)
                }
                _ => timestamp_type(),
            };
            cast(a[0].clone(), data_type)
        }
        // With a format: Snowflake's format elements in chrono's terms, for GlueSQL's FORMAT,
        // TO_DATE and TO_TIMESTAMP.
        ("TO_VARCHAR" | "TO_CHAR" | "TO_DATE" | "TO_TIMESTAMP" | "TO_TIMESTAMP_NTZ", Some(a))
            if a.len() == 2 =>
        {
            let format = string_literal(&a[1])
                .ok_or_else(|| {
                    SqlError::unsupported(format!("{name} takes its format as a string literal."))
                        .at(position)
                })
                .and_then(|f| chrono_format(f).map_err(|m| SqlError::invalid(m).at(position)))?;
            let (glue, value) = match name.as_str() {
                // A date formatted with time elements shows midnight (chrono cannot format a
                // time of a date), so the value is made a timestamp first.
                "TO_VARCHAR" | "TO_CHAR"
                    if ["%H", "%I", "%p", "%M", "%S", "f"]
                        .iter()
                        .any(|e| format.contains(e)) =>
                {
                    ("FORMAT", cast(a[0].clone(), timestamp_type()))
                }
                "TO_VARCHAR" | "TO_CHAR" => ("FORMAT", a[0].clone()),
                "TO_DATE" => ("TO_DATE", a[0].clone()),
                _ => ("TO_TIMESTAMP", a[0].clone()),
            };
            func(glue, vec![value, string(&format)])
        }
        ("DATE_TRUNC", Some(a)) => {
            arity(2, &a)?;
            let part = date_part(&a[0], "DATE_TRUNC", position)?;
            date_trunc(part, a[1].clone(), position)?
        }
        ("DATEADD" | "TIMESTAMPADD", Some(a)) => {
            arity(3, &a)?;
            let part = date_part(&a[0], "DATEADD", position)?;
            dateadd(part, a[1].clone(), a[2].clone(), position)?
        }
        ("DATEDIFF" | "TIMESTAMPDIFF", Some(a)) => {
            arity(3, &a)?;
            let part = date_part(&a[0], "DATEDIFF", position)?;
            datediff(part, a[1].clone(), a[2].clone(), position)?
        }
        ("ROUND" | "TRUNC" | "TRUNCATE" | "CEIL" | "CEILING" | "FLOOR", Some(a))
            if (1..=2).contains(&a.len()) =>
        {
            // GlueSQL rounds floats only: scale, round the float, scale back, as DECIMAL.
            let digits = match a.get(1) {
                None => 0,
                Some(d) => const_int(d).ok_or_else(|| {
                    SqlError::unsupported(format!(
                        "{name} takes a constant whole number of digits."
                    ))
                    .at(position)
                })?,
            };
            let glue_name = match name.as_str() {
                "TRUNCATE" => "TRUNC",
                "CEILING" => "CEIL",
                n => n,
            };
            let factor = as_decimal(Expr::value(Value::Number(
                format!("1e{}", digits.abs()),
                false,
            )));
            let (scaled, op_back) = match digits {
                0 => (a[0].clone(), None),
                d if d > 0 => (
                    binary(a[0].clone(), BinaryOperator::Multiply, factor.clone()),
                    Some(BinaryOperator::Divide),
                ),
                _ => (
                    binary(a[0].clone(), BinaryOperator::Divide, factor.clone()),
                    Some(BinaryOperator::Multiply),
                ),
            };
            let as_float = cast(
                scaled,
                DataType::Float(sqlparser::ast::ExactNumberInfo::None),
            );
            let rounded = as_decimal(func(glue_name, vec![as_float]));
            match op_back {
                None => rounded,
                Some(op) => binary(rounded, op, factor),
            }
        }
        ("AVG", Some(a)) => {
            arity(1, &a)?;
            let distinct =
                matches!(&f.args, FunctionArguments::List(l) if l.duplicate_treatment.is_some());
            let mut sum = func("SUM", a.clone());
            let mut count = func("COUNT", a);
            if distinct {
                for g in [&mut sum, &mut count] {
                    if let Expr::Function(Function {
                        args: FunctionArguments::List(l),
                        ..
                    }) = g
                    {
                        l.duplicate_treatment = Some(sqlparser::ast::DuplicateTreatment::Distinct);
                    }
                }
            }
            // NULL when the group has no non-NULL value, as AVG is; exact decimal division otherwise.
            let nonzero = func("NULLIF", vec![count, number(0)]);
            binary(as_decimal(sum), BinaryOperator::Divide, nonzero)
        }
        ("COUNT" | "SUM" | "LENGTH" | "POSITION" | "SIGN", _) => {
            as_decimal(Expr::Function(f.clone()))
        }
        (n, _) if NATIVE.contains(&n) => {
            if let FunctionArguments::List(list) = &mut f.args {
                for &i in integer_positions(n) {
                    if let Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(e))) =
                        list.args.get_mut(i)
                    {
                        unwrap_literal(e);
                    }
                }
            }
            return Ok(None);
        }
        ("EXTRACT" | "CAST", _) => return Ok(None),
        (n, _) => {
            return Err(SqlError::invalid(format!("Unknown function {n}")).at(position));
        }
    };
    Ok(Some(expr))
}
