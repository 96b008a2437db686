//! Snowflake data types and the coercion of stored values to them.

use crate::error::{Result, SqlError};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use gluesql_core::ast::DataType as GlueType;
use gluesql_core::data::Value;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A column type as Snowflake knows it. `STRING`, `TEXT` and `VARCHAR` are all `Varchar`;
/// `INT`, `INTEGER`, `BIGINT` are `NUMBER(38,0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SfType {
    /// VARCHAR(n), STRING, TEXT: text of at most n characters (None: the maximum, 16,777,216).
    Varchar(Option<u32>),
    /// NUMBER(p,s) and its synonyms: an exact decimal.
    Number {
        /// The total number of digits, 1 to 38.
        precision: u8,
        /// How many of them are after the decimal point.
        scale: u8,
    },
    /// FLOAT, DOUBLE, REAL: a 64-bit floating-point number.
    Float,
    /// BOOLEAN.
    Boolean,
    /// DATE.
    Date,
    /// TIMESTAMP_NTZ (and TIMESTAMP, DATETIME): a date and time with no time zone.
    TimestampNtz,
    /// TIME: a time of day.
    Time,
    /// Semi-structured: any JSON value, an OBJECT or an ARRAY (held as GlueSQL maps and lists).
    Variant,
    /// OBJECT: key/value pairs with string keys.
    Object,
    /// ARRAY: a list of values.
    Array,
}

/// The longest VARCHAR Snowflake allows, and the length of an unsized one.
pub const MAX_VARCHAR: u32 = 16_777_216;

impl SfType {
    /// `NUMBER(38,0)`, the type of INT, INTEGER, BIGINT and of counts.
    pub const INTEGER: SfType = SfType::Number {
        precision: 38,
        scale: 0,
    };

    /// Parses a type as written in DDL (`NUMBER(10,2)`, `STRING`, `TIMESTAMP_NTZ`, ...).
    pub fn from_sql(data_type: &sqlparser::ast::DataType) -> Result<SfType> {
        use sqlparser::ast::{CharacterLength, DataType as D, ExactNumberInfo, TimezoneInfo};
        let number = |info: &ExactNumberInfo| -> Result<SfType> {
            let (precision, scale) = match *info {
                ExactNumberInfo::None => (38, 0),
                ExactNumberInfo::Precision(p) => (p, 0),
                ExactNumberInfo::PrecisionAndScale(p, s) => (p, s.max(0) as u64),
            };
            if !(1..=38).contains(&precision) {
                return Err(SqlError::invalid(format!(
                    "Unsupported data type 'NUMBER({precision}, {scale})': precision must be between 1 and 38."
                )));
            }
            if scale > precision {
                return Err(SqlError::invalid(format!(
                    "Unsupported data type 'NUMBER({precision}, {scale})': scale must not exceed precision."
                )));
            }
            Ok(SfType::Number {
                precision: precision as u8,
                scale: scale as u8,
            })
        };
        let varchar = |len: &Option<CharacterLength>| -> Result<SfType> {
            match len {
                Some(CharacterLength::IntegerLength { length, .. }) => {
                    if *length == 0 || *length > u64::from(MAX_VARCHAR) {
                        return Err(SqlError::invalid(format!(
                            "Unsupported data type 'VARCHAR({length})': length must be between 1 and {MAX_VARCHAR}."
                        )));
                    }
                    // VARCHAR(16777216) is plain VARCHAR.
                    Ok(SfType::Varchar(
                        (*length < u64::from(MAX_VARCHAR)).then_some(*length as u32),
                    ))
                }
                _ => Ok(SfType::Varchar(None)),
            }
        };
        Ok(match data_type {
            D::String(None) | D::Text => SfType::Varchar(None),
            D::String(Some(n)) => {
                SfType::Varchar((*n < u64::from(MAX_VARCHAR)).then_some(*n as u32))
            }
            D::Varchar(len)
            | D::Char(len)
            | D::Character(len)
            | D::CharVarying(len)
            | D::CharacterVarying(len)
            | D::Nvarchar(len) => varchar(len)?,
            D::Numeric(info) | D::Decimal(info) | D::Dec(info) => number(info)?,
            D::Int(_)
            | D::Integer(_)
            | D::BigInt(_)
            | D::SmallInt(_)
            | D::TinyInt(_)
            | D::Int8(_)
            | D::Int64 => SfType::INTEGER,
            D::Float(_)
            | D::Float4
            | D::Float8
            | D::Float64
            | D::Double(_)
            | D::DoublePrecision
            | D::Real => SfType::Float,
            D::Boolean | D::Bool => SfType::Boolean,
            D::Date => SfType::Date,
            D::Time(_, _) => SfType::Time,
            D::Array(_) => SfType::Array,
            D::JSON => SfType::Variant,
            D::Datetime(_) | D::TimestampNtz(_) | D::Timestamp(_, TimezoneInfo::None) => {
                SfType::TimestampNtz
            }
            D::Custom(name, args) => {
                let n = name.to_string().to_ascii_uppercase();
                match n.as_str() {
                    "STRING" | "TEXT" => SfType::Varchar(None),
                    "NUMBER" | "INTEGER" => match args.as_slice() {
                        [] => SfType::INTEGER,
                        [p] => number(&ExactNumberInfo::Precision(modifier(p)?))?,
                        [p, s] => number(&ExactNumberInfo::PrecisionAndScale(
                            modifier(p)?,
                            modifier(s)? as i64,
                        ))?,
                        _ => return Err(unsupported_type(data_type)),
                    },
                    "TIMESTAMP_NTZ" | "DATETIME" => SfType::TimestampNtz,
                    "VARIANT" => SfType::Variant,
                    "OBJECT" => SfType::Object,
                    "ARRAY" => SfType::Array,
                    _ => return Err(unsupported_type(data_type)),
                }
            }
            _ => return Err(unsupported_type(data_type)),
        })
    }

    /// VARIANT, OBJECT or ARRAY.
    pub fn is_semi(self) -> bool {
        matches!(self, SfType::Variant | SfType::Object | SfType::Array)
    }

    /// The GlueSQL storage type that holds values of this type.
    pub fn glue_type(self) -> GlueType {
        match self {
            SfType::Varchar(_) => GlueType::Text,
            SfType::Number { .. } => GlueType::Decimal,
            SfType::Float => GlueType::Float,
            SfType::Boolean => GlueType::Boolean,
            SfType::Date => GlueType::Date,
            SfType::TimestampNtz => GlueType::Timestamp,
            SfType::Time => GlueType::Time,
            SfType::Variant | SfType::Object => GlueType::Map,
            SfType::Array => GlueType::List,
        }
    }

    /// The GlueSQL type name used in rewritten DDL.
    pub fn glue_sql(self) -> &'static str {
        match self {
            SfType::Varchar(_) => "TEXT",
            SfType::Number { .. } => "DECIMAL",
            SfType::Float => "FLOAT",
            SfType::Boolean => "BOOLEAN",
            SfType::Date => "DATE",
            SfType::TimestampNtz => "TIMESTAMP",
            SfType::Time => "TIME",
            SfType::Variant | SfType::Object => "MAP",
            SfType::Array => "LIST",
        }
    }

    /// Converts a value to this type, as Snowflake does on assignment: numbers are rounded half away
    /// from zero to the column's scale, overflow and over-long strings are errors.
    pub fn coerce(self, value: Value) -> Result<Value> {
        if self.holds(&value) {
            return Ok(value);
        }
        match self {
            SfType::Number { precision, scale } => {
                let d = to_decimal(&value).ok_or_else(|| {
                    SqlError::execution(format!(
                        "Numeric value '{}' is not recognized",
                        display_value(&value)
                    ))
                })?;
                let d = d.round_dp_with_strategy(
                    u32::from(scale),
                    RoundingStrategy::MidpointAwayFromZero,
                );
                let mut d = d;
                d.rescale(u32::from(scale));
                let digits = integer_digits(&d);
                if digits > u32::from(precision - scale) {
                    return Err(SqlError::execution(format!(
                        "Number out of representable range: type FIXED[SB16]({precision},{scale}){{nullable=true}}, value {d}"
                    )));
                }
                Ok(Value::Decimal(d))
            }
            SfType::Varchar(limit) => {
                let s = match value {
                    Value::Str(s) => s,
                    other => display_value(&other),
                };
                if let Some(n) = limit
                    && s.chars().count() > n as usize
                {
                    return Err(SqlError::execution(format!(
                        "String '{s}' is too long and would be truncated"
                    )));
                }
                Ok(Value::Str(s))
            }
            SfType::Float => match value {
                Value::F64(_) => Ok(value),
                Value::F32(f) => Ok(Value::F64(f64::from(f))),
                other => to_decimal(&other)
                    .and_then(|d| d.to_f64())
                    .or_else(|| match &other {
                        Value::Str(s) => s.trim().parse().ok(),
                        _ => None,
                    })
                    .map(Value::F64)
                    .ok_or_else(|| {
                        SqlError::execution(format!(
                            "Numeric value '{}' is not recognized",
                            display_value(&other)
                        ))
                    }),
            },
            SfType::Boolean => match value {
                Value::Bool(_) => Ok(value),
                Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "true" | "t" | "yes" | "y" | "on" | "1" => Ok(Value::Bool(true)),
                    "false" | "f" | "no" | "n" | "off" | "0" => Ok(Value::Bool(false)),
                    _ => Err(SqlError::execution(format!(
                        "Boolean value '{s}' is not recognized"
                    ))),
                },
                other => to_decimal(&other)
                    .map(|d| Value::Bool(!d.is_zero()))
                    .ok_or_else(|| SqlError::execution("Boolean value is not recognized")),
            },
            SfType::Date => match value {
                Value::Date(_) => Ok(value),
                Value::Timestamp(t) => Ok(Value::Date(t.date())),
                Value::Str(s) => parse_timestamp(&s)
                    .map(|t| Value::Date(t.date()))
                    .ok_or_else(|| SqlError::execution(format!("Date '{s}' is not recognized"))),
                other => Err(SqlError::execution(format!(
                    "Date '{}' is not recognized",
                    display_value(&other)
                ))),
            },
            SfType::TimestampNtz => match value {
                Value::Timestamp(_) => Ok(value),
                Value::Date(d) => Ok(Value::Timestamp(d.and_hms_opt(0, 0, 0).unwrap_or_default())),
                Value::Str(s) => parse_timestamp(&s).map(Value::Timestamp).ok_or_else(|| {
                    SqlError::execution(format!("Timestamp '{s}' is not recognized"))
                }),
                other => Err(SqlError::execution(format!(
                    "Timestamp '{}' is not recognized",
                    display_value(&other)
                ))),
            },
            SfType::Variant => Ok(value),
            SfType::Object | SfType::Array => Err(SqlError::execution(format!(
                "Expression type does not match column data type, expecting {self} but got {}",
                SfType::of_value(&value).unwrap_or(SfType::Variant)
            ))),
            SfType::Time => match value {
                Value::Time(_) => Ok(value),
                Value::Timestamp(t) => Ok(Value::Time(t.time())),
                Value::Str(s) => chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M:%S%.f")
                    .map(Value::Time)
                    .map_err(|_| SqlError::execution(format!("Time '{s}' is not recognized"))),
                other => Err(SqlError::execution(format!(
                    "Time '{}' is not recognized",
                    display_value(&other)
                ))),
            },
        }
    }

    /// Whether a value already has exactly this type's representation, so coercing it would not
    /// change it (the common case on hot paths).
    pub fn holds(self, value: &Value) -> bool {
        match (self, value) {
            (_, Value::Null) => true,
            (SfType::Number { precision, scale }, Value::Decimal(d)) => {
                d.scale() == u32::from(scale) && integer_digits(d) <= u32::from(precision - scale)
            }
            (SfType::Varchar(None), Value::Str(_)) => true,
            (SfType::TimestampNtz, Value::Timestamp(_)) => true,
            (SfType::Date, Value::Date(_))
            | (SfType::Boolean, Value::Bool(_))
            | (SfType::Float, Value::F64(_))
            | (SfType::Variant, _)
            | (SfType::Object, Value::Map(_))
            | (SfType::Array, Value::List(_)) => true,
            _ => false,
        }
    }

    /// Guesses the type of a column from a value, for results whose type could not be inferred.
    pub fn of_value(value: &Value) -> Option<SfType> {
        Some(match value {
            Value::Null => return None,
            Value::Str(_) => SfType::Varchar(None),
            Value::Bool(_) => SfType::Boolean,
            Value::F32(_) | Value::F64(_) => SfType::Float,
            Value::Decimal(d) => SfType::Number {
                precision: 38,
                scale: d.scale().min(37) as u8,
            },
            Value::Date(_) => SfType::Date,
            Value::Timestamp(_) => SfType::TimestampNtz,
            Value::Time(_) => SfType::Time,
            Value::Map(_) => SfType::Object,
            Value::List(_) => SfType::Array,
            v if to_decimal(v).is_some() => SfType::INTEGER,
            _ => SfType::Varchar(None),
        })
    }

    /// Snowflake's name for the type's class, as in `rowType` of the SQL API.
    pub fn api_name(self) -> &'static str {
        match self {
            SfType::Varchar(_) => "text",
            SfType::Number { .. } => "fixed",
            SfType::Float => "real",
            SfType::Boolean => "boolean",
            SfType::Date => "date",
            SfType::TimestampNtz => "timestamp_ntz",
            SfType::Time => "time",
            SfType::Variant => "variant",
            SfType::Object => "object",
            SfType::Array => "array",
        }
    }
}

impl fmt::Display for SfType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SfType::Varchar(None) => write!(f, "VARCHAR({MAX_VARCHAR})"),
            SfType::Varchar(Some(n)) => write!(f, "VARCHAR({n})"),
            SfType::Number { precision, scale } => write!(f, "NUMBER({precision},{scale})"),
            SfType::Float => write!(f, "FLOAT"),
            SfType::Boolean => write!(f, "BOOLEAN"),
            SfType::Date => write!(f, "DATE"),
            SfType::TimestampNtz => write!(f, "TIMESTAMP_NTZ(9)"),
            SfType::Time => write!(f, "TIME(9)"),
            SfType::Variant => write!(f, "VARIANT"),
            SfType::Object => write!(f, "OBJECT"),
            SfType::Array => write!(f, "ARRAY"),
        }
    }
}

fn modifier(m: &sqlparser::ast::TypeModifier) -> Result<u64> {
    match m {
        sqlparser::ast::TypeModifier::Number(n, _) => n
            .parse()
            .map_err(|_| SqlError::invalid(format!("Invalid type modifier '{n}'."))),
        other => Err(SqlError::invalid(format!(
            "Invalid type modifier '{other}'."
        ))),
    }
}

fn unsupported_type(data_type: &sqlparser::ast::DataType) -> SqlError {
    SqlError::unsupported(format!("Unsupported data type '{data_type}'."))
}

/// Digits before the decimal point (0 for |d| < 1).
fn integer_digits(d: &Decimal) -> u32 {
    let mut int = d.mantissa().unsigned_abs() / 10u128.pow(d.scale());
    let mut digits = 0;
    while int > 0 {
        int /= 10;
        digits += 1;
    }
    digits
}

/// The value as an exact decimal, when it is a number (or a string holding one).
pub fn to_decimal(value: &Value) -> Option<Decimal> {
    match value {
        Value::Decimal(d) => Some(*d),
        Value::I8(v) => Some(Decimal::from(*v)),
        Value::I16(v) => Some(Decimal::from(*v)),
        Value::I32(v) => Some(Decimal::from(*v)),
        Value::I64(v) => Some(Decimal::from(*v)),
        Value::I128(v) => Decimal::from_i128(*v),
        Value::U8(v) => Some(Decimal::from(*v)),
        Value::U16(v) => Some(Decimal::from(*v)),
        Value::U32(v) => Some(Decimal::from(*v)),
        Value::U64(v) => Some(Decimal::from(*v)),
        Value::U128(v) => Decimal::from_u128(*v),
        Value::F32(v) => Decimal::from_f32(*v),
        Value::F64(v) => Decimal::from_f64(*v),
        Value::Str(s) => s
            .trim()
            .parse()
            .ok()
            .or_else(|| Decimal::from_scientific(s.trim()).ok()),
        _ => None,
    }
}

/// Parses the timestamp formats Snowflake accepts by default (ISO with `T` or space, optional
/// fraction) and the dates of its AUTO date input format.
pub fn parse_timestamp(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t);
        }
    }
    // DATE_INPUT_FORMAT AUTO: YYYY-MM-DD, MM/DD/YYYY and DD-MON-YYYY.
    ["%Y-%m-%d", "%m/%d/%Y", "%d-%b-%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Renders a value of a column of type `ty`: semi-structured values as JSON text (a string with
/// its quotes), as Snowflake prints them; others as [`display_value`].
pub fn display_typed(value: &Value, ty: Option<SfType>) -> String {
    match (ty, value) {
        (_, Value::Null) => "NULL".to_owned(),
        (Some(SfType::Variant | SfType::Object | SfType::Array), v) => crate::variant::to_json(v),
        (_, v) => display_value(v),
    }
}

/// Renders a value the way Snowflake's worksheet shows it.
pub fn display_value(value: &Value) -> String {
    match value {
        Value::Null => "NULL".to_owned(),
        Value::Str(s) => s.clone(),
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        // A NUMBER has no negative zero (a float's -0.0 cast to NUMBER prints as 0).
        Value::Decimal(d) if d.is_zero() => d.abs().to_string(),
        Value::Decimal(d) => d.to_string(),
        Value::F64(f) => format_float(*f),
        Value::F32(f) => format_float(f64::from(*f)),
        Value::Timestamp(t) => t.format("%Y-%m-%d %H:%M:%S%.3f").to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Time(t) => t.format("%H:%M:%S").to_string(),
        Value::Map(_) | Value::List(_) => crate::variant::to_json(value),
        other => match to_decimal(other) {
            Some(d) => d.to_string(),
            None => format!("{other:?}"),
        },
    }
}

fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        format!("{f}")
    }
}

/// A value ordered and compared the way SQL compares values of one type (1.50 = 1.5).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SortKey {
    /// A BOOLEAN.
    Bool(bool),
    /// Any number (integers, decimals and floats compare as one), normalized so that 1.50 = 1.5.
    Num(Decimal),
    /// Text, compared by its bytes.
    Str(String),
    /// A DATE.
    Date(NaiveDate),
    /// A TIMESTAMP.
    Ts(NaiveDateTime),
    /// A TIME.
    Time(NaiveTime),
    /// Anything else (semi-structured values), compared by its text.
    Other(String),
}

/// The comparison key of a non-NULL value (None for NULL).
pub fn sort_key(v: &Value) -> Option<SortKey> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => SortKey::Bool(*b),
        Value::Str(s) => SortKey::Str(s.clone()),
        Value::Date(d) => SortKey::Date(*d),
        Value::Timestamp(t) => SortKey::Ts(*t),
        Value::Time(t) => SortKey::Time(*t),
        other => match to_decimal(other) {
            Some(d) => SortKey::Num(d.normalize()),
            None => SortKey::Other(display_value(other)),
        },
    })
}
