//! Results in Snowflake's wire shapes: the column descriptions (`rowType` / `rowtype`) and the
//! cells, which both protocols send as strings.
//!
//! Cell encoding (SQL API `jsonv2` and the drivers' JSON rowset alike): FIXED as decimal text at the
//! column's scale; REAL as the float's text; TEXT as is; DATE as days since 1970-01-01; TIME as
//! seconds since midnight and TIMESTAMP_NTZ as seconds since the epoch, each with 9 decimals;
//! VARIANT / OBJECT / ARRAY as JSON indented by two spaces, as Snowflake sends them; NULL as JSON
//! null. BOOLEAN is `true`/`false` in the SQL API and `1`/`0` in the drivers' protocol.

use serde_json::Value as Json;
use snowglobe_engine::types::{SfType, display_value, to_decimal};
use snowglobe_engine::{QueryResult, Value};
use snowglobe_sqlapi::ColumnType;

/// Which protocol the cells are for (they differ only in how BOOLEAN is written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    SqlApi,
    Driver,
}

/// The longest VARCHAR, reported as the length of text columns of unknown length.
const MAX_TEXT: u32 = 16_777_216;

/// A column's type: the inferred one, or a guess from its first non-null value, or text.
pub fn column_type(result: &QueryResult, index: usize) -> SfType {
    result.columns[index]
        .ty
        .or_else(|| result.rows.iter().find_map(|r| SfType::of_value(&r[index])))
        .unwrap_or(SfType::Varchar(None))
}

/// The description of every column, as `rowType` (SQL API) and `rowtype` (drivers) carry it.
pub fn row_type(result: &QueryResult) -> Vec<ColumnType> {
    (0..result.columns.len())
        .map(|i| {
            let ty = column_type(result, i);
            let (precision, scale, length) = match ty {
                SfType::Number { precision, scale } => {
                    (Some(precision as u32), Some(scale as u32), None)
                }
                SfType::TimestampNtz | SfType::Time => (Some(0), Some(9), None),
                SfType::Varchar(n) => (None, None, Some(n.unwrap_or(MAX_TEXT))),
                SfType::Variant | SfType::Object | SfType::Array => (None, None, Some(MAX_TEXT)),
                SfType::Float | SfType::Boolean | SfType::Date => (None, None, None),
            };
            ColumnType {
                name: result.columns[i].name.clone(),
                ty: ty.api_name().to_owned(),
                precision,
                scale,
                length,
                byte_length: length.map(|l| l.saturating_mul(4).min(MAX_TEXT)),
                nullable: true,
                ..ColumnType::default()
            }
        })
        .collect()
}

/// Every row's cells.
pub fn rows(result: &QueryResult, dialect: Dialect) -> Vec<Vec<Json>> {
    let types: Vec<SfType> = (0..result.columns.len())
        .map(|i| column_type(result, i))
        .collect();
    result
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&types)
                .map(|(v, ty)| cell(v, *ty, dialect).map_or(Json::Null, Json::String))
                .collect()
        })
        .collect()
}

/// One cell as a string, or `None` for NULL.
pub fn cell(value: &Value, ty: SfType, dialect: Dialect) -> Option<String> {
    if matches!(value, Value::Null) {
        return None;
    }
    Some(match (ty, value) {
        (SfType::Variant | SfType::Object | SfType::Array, v) => {
            snowglobe_engine::variant::to_json_pretty(v)
        }
        (_, Value::Bool(b)) => match (dialect, b) {
            (Dialect::SqlApi, true) => "true".into(),
            (Dialect::SqlApi, false) => "false".into(),
            (Dialect::Driver, true) => "1".into(),
            (Dialect::Driver, false) => "0".into(),
        },
        (_, Value::Date(d)) => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
            (*d - epoch).num_days().to_string()
        }
        (_, Value::Timestamp(t)) => {
            let t = t.and_utc();
            format!("{}.{:09}", t.timestamp(), t.timestamp_subsec_nanos())
        }
        (_, Value::Time(t)) => {
            use chrono::Timelike;
            format!("{}.{:09}", t.num_seconds_from_midnight(), t.nanosecond())
        }
        (SfType::Number { scale, .. }, v) => match to_decimal(v) {
            Some(mut d) => {
                d.rescale(u32::from(scale));
                if d.is_zero() {
                    d.set_sign_positive(true);
                }
                d.to_string()
            }
            None => display_value(v),
        },
        (_, v) => display_value(v),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};
    use rust_decimal::Decimal;

    #[test]
    fn cells_follow_snowflakes_encoding() {
        let date = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
        let ts = date.and_hms_nano_opt(0, 0, 1, 500_000_000).expect("ts");
        let number = SfType::Number {
            precision: 10,
            scale: 2,
        };
        let api = Dialect::SqlApi;
        // 2020-01-01 is day 18262 of the epoch (the SQL API reference's own example).
        assert_eq!(
            cell(&Value::Date(date), SfType::Date, api).as_deref(),
            Some("18262")
        );
        assert_eq!(
            cell(&Value::Timestamp(ts), SfType::TimestampNtz, api).as_deref(),
            Some("1577836801.500000000")
        );
        assert_eq!(
            cell(&Value::Decimal(Decimal::new(1505, 1)), number, api).as_deref(),
            Some("150.50")
        );
        assert_eq!(cell(&Value::I64(7), number, api).as_deref(), Some("7.00"));
        assert_eq!(
            cell(&Value::Bool(true), SfType::Boolean, api).as_deref(),
            Some("true")
        );
        assert_eq!(
            cell(&Value::Bool(true), SfType::Boolean, Dialect::Driver).as_deref(),
            Some("1")
        );
        let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("time");
        assert_eq!(
            cell(&Value::Time(noon), SfType::Time, api).as_deref(),
            Some("43200.000000000")
        );
        assert_eq!(cell(&Value::Null, SfType::Date, api), None);
        let object =
            snowglobe_engine::variant::parse_json(r#"{"a":[1,{}],"b":"x"}"#).expect("json");
        assert_eq!(
            cell(&object, SfType::Variant, api).as_deref(),
            Some("{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": \"x\"\n}")
        );
    }

    #[test]
    fn row_type_describes_numbers_text_and_timestamps() {
        let mut result = QueryResult::status("status", "ok");
        result.columns[0].ty = Some(SfType::Number {
            precision: 10,
            scale: 2,
        });
        let rt = row_type(&result);
        assert_eq!(rt[0].ty, "fixed");
        assert_eq!(rt[0].precision, Some(10));
        assert_eq!(rt[0].scale, Some(2));
        result.columns[0].ty = None;
        assert_eq!(row_type(&result)[0].ty, "text");
        assert_eq!(row_type(&result)[0].length, Some(MAX_TEXT));
    }
}
