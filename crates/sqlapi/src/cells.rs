//! `jsonv2` cells as a person reads them, in the same text the engine shows for its own values:
//! FIXED as its decimal text, BOOLEAN as TRUE/FALSE, DATE (days since 1970-01-01) as YYYY-MM-DD,
//! TIMESTAMP_NTZ/LTZ (seconds since the epoch, 9 decimals) as `YYYY-MM-DD HH:MM:SS.fff`,
//! TIMESTAMP_TZ (the same, a space, and the offset in minutes + 1440) at its offset, TIME (seconds
//! since midnight) as HH:MM:SS, VARIANT/OBJECT/ARRAY as compact JSON; NULL as `None`.

use crate::ColumnType;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime};

/// A cell as text, or `None` for NULL. A cell that does not read as its column's type is shown as
/// sent.
pub fn display(column: &ColumnType, cell: Option<&str>) -> Option<String> {
    let cell = cell?;
    let ty = column.ty.to_ascii_lowercase();
    let shown = match ty.as_str() {
        "boolean" => match cell {
            "true" | "1" => Some("TRUE".to_owned()),
            "false" | "0" => Some("FALSE".to_owned()),
            _ => None,
        },
        "date" => cell.parse::<i64>().ok().and_then(date),
        "timestamp_ntz" | "timestamp_ltz" => timestamp(cell, 0),
        "timestamp_tz" => {
            let (instant, offset) = cell.split_once(' ')?;
            let minutes = offset.parse::<i64>().ok()? - 1440;
            timestamp(instant, minutes).map(|t| {
                let sign = if minutes < 0 { '-' } else { '+' };
                format!(
                    "{t} {sign}{:02}{:02}",
                    minutes.abs() / 60,
                    minutes.abs() % 60
                )
            })
        }
        "time" => seconds(cell).and_then(|(s, _)| {
            NaiveTime::from_num_seconds_from_midnight_opt(u32::try_from(s).ok()?, 0)
                .map(|t| t.format("%H:%M:%S").to_string())
        }),
        "variant" | "object" | "array" => serde_json::from_str::<serde_json::Value>(cell)
            .ok()
            .map(|v| v.to_string()),
        _ => None,
    };
    Some(shown.unwrap_or_else(|| cell.to_owned()))
}

/// Whether a column holds numbers (shown right-aligned).
pub fn is_numeric(column: &ColumnType) -> bool {
    matches!(
        column.ty.to_ascii_lowercase().as_str(),
        "fixed" | "real" | "number" | "float"
    )
}

fn date(days: i64) -> Option<String> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    let d = epoch.checked_add_signed(Duration::try_days(days)?)?;
    Some(d.format("%Y-%m-%d").to_string())
}

/// Whole seconds and nanoseconds of `S[.FFFFFFFFF]`.
fn seconds(text: &str) -> Option<(i64, u32)> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let s: i64 = whole.parse().ok()?;
    let digits: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
    let nanos: u32 = digits.parse().ok()?;
    // A negative instant with a fraction is the whole seconds minus the fraction.
    if whole.starts_with('-') && nanos > 0 {
        Some((s - 1, 1_000_000_000 - nanos))
    } else {
        Some((s, nanos))
    }
}

fn timestamp(text: &str, offset_minutes: i64) -> Option<String> {
    let (s, nanos) = seconds(text)?;
    let t = DateTime::from_timestamp(s + offset_minutes * 60, nanos)?.naive_utc();
    Some(t.format("%Y-%m-%d %H:%M:%S%.3f").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(ty: &str) -> ColumnType {
        ColumnType {
            name: "C".into(),
            ty: ty.into(),
            ..ColumnType::default()
        }
    }

    // Snowflake's SQL API reference, "Handling responses": DATE as days since the epoch,
    // TIMESTAMP_NTZ as seconds with nine decimals, TIMESTAMP_TZ with the offset in minutes + 1440.
    #[test]
    fn cells_read_as_the_engine_shows_values() {
        assert_eq!(
            display(&col("date"), Some("18262")).as_deref(),
            Some("2020-01-01")
        );
        assert_eq!(
            display(&col("timestamp_ntz"), Some("1577836801.500000000")).as_deref(),
            Some("2020-01-01 00:00:01.500")
        );
        assert_eq!(
            display(&col("timestamp_ntz"), Some("-0.250000000")).as_deref(),
            Some("1969-12-31 23:59:59.750")
        );
        assert_eq!(
            display(&col("timestamp_tz"), Some("1577836800.000000000 1500")).as_deref(),
            Some("2020-01-01 01:00:00.000 +0100")
        );
        assert_eq!(
            display(&col("time"), Some("3661.000000000")).as_deref(),
            Some("01:01:01")
        );
        assert_eq!(
            display(&col("boolean"), Some("true")).as_deref(),
            Some("TRUE")
        );
        assert_eq!(
            display(&col("fixed"), Some("12.50")).as_deref(),
            Some("12.50")
        );
        assert_eq!(
            display(&col("variant"), Some("{\n  \"a\": 1\n}")).as_deref(),
            Some("{\"a\":1}")
        );
        assert_eq!(display(&col("text"), None), None);
        assert_eq!(display(&col("date"), Some("soon")).as_deref(), Some("soon"));
        assert!(is_numeric(&col("FIXED")) && !is_numeric(&col("text")));
    }
}
