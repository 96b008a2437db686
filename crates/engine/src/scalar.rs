//! Snowflake scalar functions that GlueSQL has no equivalent for, evaluated by the engine over
//! argument values (the rewriter computes the arguments first; see `dialect/engine_exprs.rs`):
//! string matching and splitting (SPLIT_PART, REGEXP_*, CONTAINS, CHARINDEX, TRANSLATE), digests
//! (MD5, SHA2), NULL handling (NVL2, DIV0, EQUAL_NULL, NULLIFZERO), the TRY_ conversions, and the
//! calendar parts and week/quarter arithmetic that depend on Snowflake's default week rules
//! (WEEK_START = 0 and WEEK_OF_YEAR_POLICY = 0: ISO weeks, starting on Monday).

use crate::types::{SfType, display_value, parse_timestamp, to_decimal};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use gluesql_core::data::Value;
use rust_decimal::Decimal;

/// Names [`call`] evaluates.
pub const FUNCTIONS: &[&str] = &[
    "SPLIT_PART",
    "REGEXP_SUBSTR",
    "REGEXP_REPLACE",
    "REGEXP_LIKE",
    "RLIKE",
    "REGEXP_COUNT",
    "REGEXP_INSTR",
    "CONTAINS",
    "STARTSWITH",
    "ENDSWITH",
    "CHARINDEX",
    "TRANSLATE",
    "MD5",
    "MD5_HEX",
    "SHA2",
    "SHA2_HEX",
    "NVL2",
    "DIV0",
    "DIV0NULL",
    "NULLIFZERO",
    "EQUAL_NULL",
    "TO_NUMBER",
    "TO_DECIMAL",
    "TO_NUMERIC",
    "TRY_TO_NUMBER",
    "TRY_TO_DECIMAL",
    "TRY_TO_NUMERIC",
    "TO_DOUBLE",
    "TRY_TO_DOUBLE",
    "TO_BOOLEAN",
    "TRY_TO_BOOLEAN",
    "TRY_TO_DATE",
    "TRY_TO_TIMESTAMP",
    "TRY_TO_TIMESTAMP_NTZ",
    "QUARTER",
    "DAYNAME",
    "MONTHNAME",
    "DAYOFWEEK",
    "DAYOFWEEKISO",
    "DAYOFYEAR",
    "WEEK",
    "WEEKOFYEAR",
    "WEEKISO",
    "YEAROFWEEK",
    "YEAROFWEEKISO",
];

/// The SQL type a function returns, where it does not depend on its arguments.
pub fn return_type(name: &str) -> Option<SfType> {
    Some(match name {
        "SPLIT_PART" | "REGEXP_SUBSTR" | "REGEXP_REPLACE" | "TRANSLATE" | "MD5" | "MD5_HEX"
        | "SHA2" | "SHA2_HEX" | "DAYNAME" | "MONTHNAME" => SfType::Varchar(None),
        "REGEXP_LIKE" | "RLIKE" | "CONTAINS" | "STARTSWITH" | "ENDSWITH" | "EQUAL_NULL"
        | "TO_BOOLEAN" | "TRY_TO_BOOLEAN" => SfType::Boolean,
        "REGEXP_COUNT" | "REGEXP_INSTR" | "CHARINDEX" | "QUARTER" | "DAYOFWEEK"
        | "DAYOFWEEKISO" | "DAYOFYEAR" | "WEEK" | "WEEKOFYEAR" | "WEEKISO" | "YEAROFWEEK"
        | "YEAROFWEEKISO" => SfType::INTEGER,
        "TO_DOUBLE" | "TRY_TO_DOUBLE" => SfType::Float,
        "TRY_TO_DATE" => SfType::Date,
        "TRY_TO_TIMESTAMP" | "TRY_TO_TIMESTAMP_NTZ" => SfType::TimestampNtz,
        _ => return None,
    })
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Str(s) => Some(s.clone()),
        other => Some(display_value(other)),
    }
}

fn int(v: &Value, what: &str) -> Result<Option<i64>, String> {
    match v {
        Value::Null => Ok(None),
        v => to_decimal(v)
            .and_then(|d| i64::try_from(d.trunc()).ok())
            .map(Some)
            .ok_or_else(|| format!("{what} must be a number, not '{}'.", display_value(v))),
    }
}

fn count(n: usize) -> Value {
    Value::Decimal(Decimal::from(n as u64))
}

/// A Snowflake regular expression with its parameters (`i` case-insensitive, `c` sensitive, `m`
/// multi-line, `s` dot matches newline, `e` extract sub-match) in the `regex` crate's terms.
fn regex(pattern: &str, params: &str) -> Result<regex::Regex, String> {
    let mut b = regex::RegexBuilder::new(pattern);
    for p in params.chars() {
        match p {
            'i' => {
                b.case_insensitive(true);
            }
            'c' => {
                b.case_insensitive(false);
            }
            'm' => {
                b.multi_line(true);
            }
            's' => {
                b.dot_matches_new_line(true);
            }
            'e' => {}
            other => return Err(format!("Invalid regular expression parameter '{other}'.")),
        }
    }
    b.build()
        .map_err(|e| format!("Invalid regular expression: '{pattern}', {e}"))
}

/// The date (and time) of a date, timestamp, or text holding one.
fn timestamp(v: &Value) -> Result<Option<NaiveDateTime>, String> {
    Ok(match v {
        Value::Null => None,
        Value::Timestamp(t) => Some(*t),
        Value::Date(d) => d.and_hms_opt(0, 0, 0),
        Value::Str(s) => {
            Some(parse_timestamp(s).ok_or_else(|| format!("Date '{s}' is not recognized"))?)
        }
        other => return Err(format!("Date '{}' is not recognized", display_value(other))),
    })
}

/// Monday of the ISO week of `d`.
fn week_start(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

fn quarter_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), (d.month0() / 3) * 3 + 1, 1).unwrap_or(d)
}

/// DATE_TRUNC, DATEDIFF and DATEADD for the parts whose rules are Snowflake's week and quarter.
pub fn week_or_quarter(name: &str, part: &str, args: &[Value]) -> Result<Value, String> {
    let is_week = crate::dialect::ast::date_part_word(part) == Some("week");
    match name {
        "DATE_TRUNC" => {
            let Some(t) = timestamp(&args[1])? else {
                return Ok(Value::Null);
            };
            let d = if is_week {
                week_start(t.date())
            } else {
                quarter_start(t.date())
            };
            Ok(match &args[1] {
                Value::Date(_) => Value::Date(d),
                _ => Value::Timestamp(d.and_hms_opt(0, 0, 0).unwrap_or(t)),
            })
        }
        "DATEDIFF" | "TIMESTAMPDIFF" => {
            let (Some(a), Some(b)) = (timestamp(&args[1])?, timestamp(&args[2])?) else {
                return Ok(Value::Null);
            };
            let n = if is_week {
                (week_start(b.date()) - week_start(a.date())).num_days() / 7
            } else {
                let q = |d: NaiveDateTime| i64::from(d.year()) * 4 + i64::from(d.month0() / 3);
                q(b) - q(a)
            };
            Ok(Value::Decimal(Decimal::from(n)))
        }
        _ => Err(format!("{name} by '{part}' is not supported.")),
    }
}

/// Whether DATE_TRUNC / DATEDIFF by this part is one [`week_or_quarter`] evaluates.
pub fn is_week_or_quarter(part: &str) -> bool {
    matches!(
        crate::dialect::ast::date_part_word(part),
        Some("week" | "quarter")
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a function's argument count, with Snowflake's message.
pub(crate) fn arity(
    name: &str,
    given: usize,
    allowed: std::ops::RangeInclusive<usize>,
) -> Result<(), String> {
    if allowed.contains(&given) {
        Ok(())
    } else {
        Err(format!(
            "Invalid number of arguments for function {name}: {given} given."
        ))
    }
}

/// Evaluates a function of [`FUNCTIONS`]; `None` for another name.
pub fn call(name: &str, args: &[Value]) -> Option<Result<Value, String>> {
    if !FUNCTIONS.contains(&name) {
        return None;
    }
    Some(evaluate(name, args))
}

fn evaluate(name: &str, args: &[Value]) -> Result<Value, String> {
    let arity = |n: std::ops::RangeInclusive<usize>| crate::scalar::arity(name, args.len(), n);
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
    let null_in = |n: usize| args.iter().take(n).any(|v| matches!(v, Value::Null));
    Ok(match name {
        "NVL2" => {
            arity(3..=3)?;
            if matches!(args[0], Value::Null) {
                arg(2)
            } else {
                arg(1)
            }
        }
        "EQUAL_NULL" => {
            arity(2..=2)?;
            Value::Bool(crate::types::sort_key(&args[0]) == crate::types::sort_key(&args[1]))
        }
        "DIV0" | "DIV0NULL" => {
            arity(2..=2)?;
            let (a, b) = (to_decimal(&args[0]), to_decimal(&args[1]));
            match (a, b) {
                (_, None) if name == "DIV0NULL" => Value::Decimal(Decimal::ZERO),
                (None, _) | (_, None) => Value::Null,
                (Some(_), Some(b)) if b.is_zero() => Value::Decimal(Decimal::ZERO),
                (Some(a), Some(b)) => Value::Decimal(a / b),
            }
        }
        "NULLIFZERO" => {
            arity(1..=1)?;
            match to_decimal(&args[0]) {
                Some(d) if d.is_zero() => Value::Null,
                _ => arg(0),
            }
        }
        _ if null_in(match name {
            "REGEXP_REPLACE" | "REGEXP_SUBSTR" | "REGEXP_COUNT" | "REGEXP_INSTR"
            | "REGEXP_LIKE" | "RLIKE" | "CHARINDEX" => 2,
            _ => args.len(),
        }) =>
        {
            Value::Null
        }
        "SPLIT_PART" => {
            arity(3..=3)?;
            let (s, sep) = (
                text(&args[0]).unwrap_or_default(),
                text(&args[1]).unwrap_or_default(),
            );
            let n = int(&args[2], "SPLIT_PART's part number")?.unwrap_or(1);
            let parts: Vec<&str> = if sep.is_empty() {
                vec![s.as_str()]
            } else {
                s.split(sep.as_str()).collect()
            };
            let i = match n {
                0 | 1 => Some(0),
                n if n > 0 => usize::try_from(n - 1).ok(),
                n => parts
                    .len()
                    .checked_sub(usize::try_from(-n).unwrap_or(usize::MAX)),
            };
            Value::Str(
                i.and_then(|i| parts.get(i))
                    .map_or(String::new(), |p| (*p).to_owned()),
            )
        }
        "CONTAINS" | "STARTSWITH" | "ENDSWITH" => {
            arity(2..=2)?;
            let (s, t) = (
                text(&args[0]).unwrap_or_default(),
                text(&args[1]).unwrap_or_default(),
            );
            Value::Bool(match name {
                "CONTAINS" => s.contains(&t),
                "STARTSWITH" => s.starts_with(&t),
                _ => s.ends_with(&t),
            })
        }
        "CHARINDEX" => {
            arity(2..=3)?;
            let (t, s) = (
                text(&args[0]).unwrap_or_default(),
                text(&args[1]).unwrap_or_default(),
            );
            let from = int(&arg(2), "CHARINDEX's start")?.unwrap_or(1).max(1) as usize - 1;
            let chars: Vec<char> = s.chars().collect();
            let needle: Vec<char> = t.chars().collect();
            let found = (from..=chars.len().saturating_sub(needle.len()))
                .find(|&i| chars.get(i..i + needle.len()) == Some(needle.as_slice()));
            count(found.map_or(0, |i| i + 1))
        }
        "TRANSLATE" => {
            arity(3..=3)?;
            let s = text(&args[0]).unwrap_or_default();
            let from: Vec<char> = text(&args[1]).unwrap_or_default().chars().collect();
            let to: Vec<char> = text(&args[2]).unwrap_or_default().chars().collect();
            Value::Str(
                s.chars()
                    .filter_map(|c| match from.iter().position(|f| *f == c) {
                        Some(i) => to.get(i).copied(),
                        None => Some(c),
                    })
                    .collect(),
            )
        }
        "MD5" | "MD5_HEX" => {
            arity(1..=1)?;
            use md5::Digest;
            Value::Str(hex(&md5::Md5::digest(
                text(&args[0]).unwrap_or_default().as_bytes(),
            )))
        }
        "SHA2" | "SHA2_HEX" => {
            arity(1..=2)?;
            use sha2::Digest;
            let s = text(&args[0]).unwrap_or_default();
            let bytes = s.as_bytes();
            Value::Str(match int(&arg(1), "SHA2's digest size")?.unwrap_or(256) {
                224 => hex(&sha2::Sha224::digest(bytes)),
                256 => hex(&sha2::Sha256::digest(bytes)),
                384 => hex(&sha2::Sha384::digest(bytes)),
                512 => hex(&sha2::Sha512::digest(bytes)),
                other => {
                    return Err(format!(
                        "Invalid digest size {other} for SHA2 (224, 256, 384 or 512)."
                    ));
                }
            })
        }
        "REGEXP_LIKE" | "RLIKE" => {
            arity(2..=3)?;
            let pattern = format!("^(?:{})$", text(&args[1]).unwrap_or_default());
            let re = regex(&pattern, &text(&arg(2)).unwrap_or_default())?;
            Value::Bool(re.is_match(&text(&args[0]).unwrap_or_default()))
        }
        "REGEXP_COUNT" => {
            arity(2..=4)?;
            let s = text(&args[0]).unwrap_or_default();
            let re = regex(
                &text(&args[1]).unwrap_or_default(),
                &text(&arg(3)).unwrap_or_default(),
            )?;
            let from = start(&s, int(&arg(2), "REGEXP_COUNT's position")?)?;
            count(re.find_iter(&s[from..]).count())
        }
        "REGEXP_SUBSTR" | "REGEXP_INSTR" => {
            arity(2..=6)?;
            let s = text(&args[0]).unwrap_or_default();
            let params = text(&arg(4)).unwrap_or_default();
            let re = regex(&text(&args[1]).unwrap_or_default(), &params)?;
            let from = start(&s, int(&arg(2), "The position")?)?;
            let occurrence = int(&arg(3), "The occurrence")?.unwrap_or(1).max(1) as usize;
            let group = match int(&arg(5), "The group")? {
                Some(g) => g.max(0) as usize,
                None if params.contains('e') => 1,
                None => 0,
            };
            let found = re
                .captures_iter(&s[from..])
                .nth(occurrence - 1)
                .and_then(|c| c.get(group.min(c.len().saturating_sub(1))));
            if name == "REGEXP_SUBSTR" {
                found.map_or(Value::Null, |m| Value::Str(m.as_str().to_owned()))
            } else {
                count(found.map_or(0, |m| s[..from + m.start()].chars().count() + 1))
            }
        }
        "REGEXP_REPLACE" => {
            arity(2..=6)?;
            let s = text(&args[0]).unwrap_or_default();
            let re = regex(
                &text(&args[1]).unwrap_or_default(),
                &text(&arg(5)).unwrap_or_default(),
            )?;
            // Snowflake writes back-references as \1; the regex crate as ${1}.
            let replacement = text(&arg(2)).unwrap_or_default();
            let mut with = String::new();
            let mut chars = replacement.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, chars.peek()) {
                    ('\\', Some(d)) if d.is_ascii_digit() => {
                        with.push_str(&format!("${{{d}}}"));
                        chars.next();
                    }
                    ('$', _) => with.push_str("$$"),
                    (c, _) => with.push(c),
                }
            }
            let from = start(&s, int(&arg(3), "REGEXP_REPLACE's position")?)?;
            let occurrence = int(&arg(4), "REGEXP_REPLACE's occurrence")?
                .unwrap_or(0)
                .max(0) as usize;
            let tail = &s[from..];
            let replaced = if occurrence == 0 {
                re.replace_all(tail, with.as_str()).into_owned()
            } else {
                let mut out = String::new();
                let mut last = 0;
                for (i, c) in re.captures_iter(tail).enumerate() {
                    let m = c.get(0).expect("a match has group 0");
                    if i + 1 == occurrence {
                        out.push_str(&tail[last..m.start()]);
                        c.expand(&with, &mut out);
                        last = m.end();
                        break;
                    }
                }
                out.push_str(&tail[last..]);
                out
            };
            Value::Str(format!("{}{replaced}", &s[..from]))
        }
        "TO_NUMBER" | "TO_DECIMAL" | "TO_NUMERIC" | "TRY_TO_NUMBER" | "TRY_TO_DECIMAL"
        | "TRY_TO_NUMERIC" => {
            arity(1..=3)?;
            let precision = int(&arg(1), "The precision")?.unwrap_or(38).clamp(1, 38) as u8;
            let scale = int(&arg(2), "The scale")?.unwrap_or(0).clamp(0, 37) as u8;
            let converted = SfType::Number { precision, scale }
                .coerce(args[0].clone())
                .map_err(|e| e.message);
            match converted {
                Err(_) if name.starts_with("TRY_") => Value::Null,
                other => other?,
            }
        }
        "TO_DOUBLE"
        | "TRY_TO_DOUBLE"
        | "TO_BOOLEAN"
        | "TRY_TO_BOOLEAN"
        | "TRY_TO_DATE"
        | "TRY_TO_TIMESTAMP"
        | "TRY_TO_TIMESTAMP_NTZ" => {
            arity(1..=2)?;
            let ty = return_type(name).unwrap_or(SfType::Varchar(None));
            let value = match (args.get(1), &args[0]) {
                (Some(f), Value::Str(s)) => {
                    let format = crate::dialect::rewrite::dates::chrono_format(
                        &text(f).unwrap_or_default(),
                    )?;
                    match ty {
                        SfType::Date => NaiveDate::parse_from_str(s.trim(), &format)
                            .map(Value::Date)
                            .map_err(|_| format!("Date '{s}' is not recognized")),
                        _ => NaiveDateTime::parse_from_str(s.trim(), &format)
                            .map(Value::Timestamp)
                            .map_err(|_| format!("Timestamp '{s}' is not recognized")),
                    }
                }
                (_, v) => ty.coerce(v.clone()).map_err(|e| e.message),
            };
            match value {
                Err(_) if name.starts_with("TRY_") => Value::Null,
                other => other?,
            }
        }
        "QUARTER" | "DAYNAME" | "MONTHNAME" | "DAYOFWEEK" | "DAYOFWEEKISO" | "DAYOFYEAR"
        | "WEEK" | "WEEKOFYEAR" | "WEEKISO" | "YEAROFWEEK" | "YEAROFWEEKISO" => {
            arity(1..=1)?;
            let Some(t) = timestamp(&args[0])? else {
                return Ok(Value::Null);
            };
            let d = t.date();
            let n = |x: u32| Value::Decimal(Decimal::from(x));
            match name {
                "QUARTER" => n(d.month0() / 3 + 1),
                "DAYNAME" => Value::Str(d.format("%a").to_string()),
                "MONTHNAME" => Value::Str(d.format("%b").to_string()),
                "DAYOFWEEK" => n(d.weekday().num_days_from_sunday()),
                "DAYOFWEEKISO" => n(d.weekday().number_from_monday()),
                "DAYOFYEAR" => n(d.ordinal()),
                "YEAROFWEEK" | "YEAROFWEEKISO" => {
                    Value::Decimal(Decimal::from(d.iso_week().year()))
                }
                _ => n(d.iso_week().week()),
            }
        }
        other => return Err(format!("Unknown function {other}")),
    })
}

/// The byte offset of a 1-based character position.
fn start(s: &str, position: Option<i64>) -> Result<usize, String> {
    let p = position.unwrap_or(1);
    if p < 1 {
        return Err(format!("The position {p} must be at least 1."));
    }
    Ok(s.char_indices()
        .nth(p as usize - 1)
        .map_or(s.len(), |(i, _)| i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::Str(x.to_owned())
    }

    fn d(x: i64) -> Value {
        Value::Decimal(Decimal::from(x))
    }

    fn run(name: &str, args: &[Value]) -> Value {
        call(name, args).unwrap().unwrap()
    }

    #[test]
    fn strings_split_match_and_translate() {
        assert_eq!(run("SPLIT_PART", &[s("a-b-c"), s("-"), d(2)]), s("b"));
        assert_eq!(run("SPLIT_PART", &[s("a-b-c"), s("-"), d(-1)]), s("c"));
        assert_eq!(run("SPLIT_PART", &[s("a-b-c"), s("-"), d(9)]), s(""));
        assert_eq!(
            run("REGEXP_SUBSTR", &[s("ab12cd345"), s("[0-9]+"), d(1), d(2)]),
            s("345")
        );
        assert_eq!(
            run(
                "REGEXP_REPLACE",
                &[s("2024-03-06"), s("(\\d+)-(\\d+)-(\\d+)"), s("\\3/\\2/\\1")]
            ),
            s("06/03/2024")
        );
        assert_eq!(
            run("REGEXP_LIKE", &[s("Abc"), s("a.c"), s("i")]),
            Value::Bool(true)
        );
        assert_eq!(
            run("REGEXP_LIKE", &[s("xabc"), s("a.c")]),
            Value::Bool(false)
        );
        assert_eq!(run("REGEXP_COUNT", &[s("a1b22c"), s("[0-9]")]), d(3));
        assert_eq!(run("CHARINDEX", &[s("c"), s("abcabc"), d(4)]), d(6));
        assert_eq!(run("TRANSLATE", &[s("a-b_c"), s("-_"), s(" ")]), s("a bc"));
        assert_eq!(run("CONTAINS", &[Value::Null, s("x")]), Value::Null);
    }

    #[test]
    fn digests_match_the_standard_vectors() {
        assert_eq!(
            run("MD5", &[s("abc")]),
            s("900150983cd24fb0d6963f7d28e17f72")
        );
        assert_eq!(
            run("SHA2", &[s("abc")]),
            s("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
    }

    #[test]
    fn try_conversions_give_null_where_plain_ones_fail() {
        assert_eq!(run("TRY_TO_NUMBER", &[s("12a")]), Value::Null);
        assert!(call("TO_NUMBER", &[s("12a")]).unwrap().is_err());
        assert_eq!(
            run("TRY_TO_NUMBER", &[s("12.345"), d(10), d(2)]),
            Value::Decimal("12.35".parse().unwrap())
        );
        assert_eq!(run("TRY_TO_DATE", &[s("2024-13-01")]), Value::Null);
        assert_eq!(
            run("TRY_TO_DATE", &[s("06/03/2024"), s("DD/MM/YYYY")]),
            Value::Date(NaiveDate::from_ymd_opt(2024, 3, 6).unwrap())
        );
        assert_eq!(run("DIV0", &[d(1), d(0)]), Value::Decimal(Decimal::ZERO));
        assert_eq!(run("NVL2", &[Value::Null, d(1), d(2)]), d(2));
        assert_eq!(
            run("EQUAL_NULL", &[Value::Null, Value::Null]),
            Value::Bool(true)
        );
    }

    #[test]
    fn weeks_start_on_monday_and_quarters_count_boundaries() {
        let date = |y, m, dd| Value::Date(NaiveDate::from_ymd_opt(y, m, dd).unwrap());
        // 2024-03-06 is a Wednesday.
        assert_eq!(
            week_or_quarter("DATE_TRUNC", "week", &[s("week"), date(2024, 3, 6)]).unwrap(),
            date(2024, 3, 4)
        );
        assert_eq!(
            week_or_quarter("DATE_TRUNC", "quarter", &[s("q"), date(2024, 5, 6)]).unwrap(),
            date(2024, 4, 1)
        );
        assert_eq!(
            week_or_quarter(
                "DATEDIFF",
                "week",
                &[s("week"), date(2024, 3, 3), date(2024, 3, 4)]
            )
            .unwrap(),
            d(1)
        );
        assert_eq!(
            week_or_quarter(
                "DATEDIFF",
                "quarter",
                &[s("quarter"), date(2023, 12, 31), date(2024, 7, 1)]
            )
            .unwrap(),
            d(3)
        );
        assert_eq!(run("DAYNAME", &[date(2024, 3, 6)]), s("Wed"));
        assert_eq!(run("DAYOFWEEK", &[date(2024, 3, 6)]), d(3));
        assert_eq!(run("WEEK", &[date(2024, 1, 1)]), d(1));
        assert_eq!(run("QUARTER", &[date(2024, 5, 6)]), d(2));
    }
}
