//! Bind variables as both protocols send them: `{"1": {"type": "FIXED", "value": "123"}, ...}`,
//! where each value is a string, null, or (an array binding) a list of them, one per row.
//!
//! Numbers arrive as decimal text; BOOLEAN as `true`/`false` (or `1`/`0`); DATE as `YYYY-MM-DD` or,
//! from the drivers, milliseconds since the epoch; TIME and TIMESTAMP_* as text or nanoseconds since
//! the epoch (midnight for TIME).

use chrono::{DateTime, NaiveDateTime};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use snowglobe_engine::Param;
use std::str::FromStr;

/// The bound rows of a request: none, one, or one per element of array bindings.
pub fn rows(bindings: Option<&Json>) -> Result<Vec<Vec<Param>>, String> {
    let Some(Json::Object(map)) = bindings else {
        return match bindings {
            None | Some(Json::Null) => Ok(Vec::new()),
            Some(_) => {
                Err("bindings must be an object keyed by position (\"1\", \"2\", ...)".into())
            }
        };
    };
    let mut entries: Vec<(usize, &Json)> = map
        .iter()
        .map(|(k, v)| {
            k.parse::<usize>()
                .ok()
                .filter(|n| *n >= 1)
                .map(|n| (n, v))
                .ok_or_else(|| format!("binding key '{k}' is not a position (1, 2, ...)"))
        })
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(|(n, _)| *n);
    if entries.iter().enumerate().any(|(i, (n, _))| *n != i + 1) {
        return Err("binding positions must run 1, 2, 3, ... without gaps".into());
    }
    let mut columns: Vec<Vec<Param>> = Vec::new();
    let mut array_len: Option<usize> = None;
    for (n, entry) in &entries {
        let ty = entry
            .get("type")
            .and_then(Json::as_str)
            .unwrap_or("TEXT")
            .to_ascii_uppercase();
        let value = entry.get("value").unwrap_or(&Json::Null);
        let values: Vec<&Json> = match value {
            Json::Array(items) => {
                if array_len.is_some_and(|l| l != items.len()) {
                    return Err("array bindings must all have the same length".into());
                }
                array_len = Some(items.len());
                items.iter().collect()
            }
            other => vec![other],
        };
        columns.push(
            values
                .into_iter()
                .map(|v| param(&ty, v).map_err(|e| format!("binding {n}: {e}")))
                .collect::<Result<_, _>>()?,
        );
    }
    let count = array_len.unwrap_or(1);
    if columns.iter().any(|c| c.len() != count) {
        return Err("array and single bindings cannot be mixed".into());
    }
    Ok((0..count)
        .map(|i| columns.iter().map(|c| c[i].clone()).collect())
        .collect())
}

/// One bound value.
pub fn param(ty: &str, value: &Json) -> Result<Param, String> {
    let text = match value {
        Json::Null => return Ok(Param::Null),
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        Json::Bool(b) => b.to_string(),
        other => return Err(format!("unexpected value {other}")),
    };
    let digits = !text.is_empty()
        && text
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit());
    match ty {
        "FIXED" | "REAL" | "NUMBER" | "DECIMAL" => Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map(Param::Number)
            .or(Ok(Param::Text(text))),
        "BOOLEAN" => match text.to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(Param::Boolean(true)),
            "false" | "0" => Ok(Param::Boolean(false)),
            _ => Err(format!("'{text}' is not a BOOLEAN")),
        },
        "DATE" if digits => {
            let ms: i64 = text
                .parse()
                .map_err(|_| format!("'{text}' is not a DATE"))?;
            let t = DateTime::from_timestamp_millis(ms)
                .ok_or_else(|| format!("'{text}' is not a DATE"))?;
            Ok(Param::Date(t.date_naive()))
        }
        "TIMESTAMP_NTZ" | "TIMESTAMP_LTZ" | "TIMESTAMP_TZ" | "TIMESTAMP" if digits => {
            let ns: i64 = text
                .parse()
                .map_err(|_| format!("'{text}' is not a TIMESTAMP"))?;
            Ok(Param::Timestamp(from_nanos(ns)))
        }
        "TIME" if digits => {
            let ns: i64 = text
                .parse()
                .map_err(|_| format!("'{text}' is not a TIME"))?;
            Ok(Param::Text(
                from_nanos(ns).format("%H:%M:%S%.f").to_string(),
            ))
        }
        _ => Ok(Param::Text(text)),
    }
}

fn from_nanos(ns: i64) -> NaiveDateTime {
    DateTime::from_timestamp_nanos(ns).naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_and_array_bindings() {
        let one = rows(Some(
            &json!({"2": {"type": "TEXT", "value": "a"}, "1": {"type": "FIXED", "value": "12"}}),
        ))
        .expect("binds");
        assert_eq!(
            one,
            vec![vec![
                Param::Number(Decimal::from(12)),
                Param::Text("a".into())
            ]]
        );
        let many = rows(Some(&json!({"1": {"type": "TEXT", "value": ["x", null]}, "2": {"type": "BOOLEAN", "value": ["true", "0"]}})))
            .expect("binds");
        assert_eq!(
            many,
            vec![
                vec![Param::Text("x".into()), Param::Boolean(true)],
                vec![Param::Null, Param::Boolean(false)]
            ]
        );
        assert!(rows(Some(&json!({"1": {"value": "a"}, "3": {"value": "b"}}))).is_err());
    }

    #[test]
    fn driver_dates_and_timestamps_are_epoch_counts() {
        assert_eq!(
            param("DATE", &json!("1577836800000")),
            Ok(Param::Date(
                chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("date")
            ))
        );
        assert_eq!(
            param("TIMESTAMP_NTZ", &json!("1577836801500000000")),
            Ok(Param::Timestamp(from_nanos(1_577_836_801_500_000_000)))
        );
    }
}
