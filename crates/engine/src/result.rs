//! Results of statements, and their rendering as a text table, CSV or JSON.

use crate::types::{SfType, display_typed, display_value};
use gluesql_core::data::Value;
use serde::Serialize;

/// A column of a result: its name, and its Snowflake type where known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultColumn {
    /// The column's name as a client sees it (upper case unless quoted).
    pub name: String,
    /// The column's Snowflake type, which decides how its values render; None where it cannot be
    /// told.
    #[serde(skip)]
    pub ty: Option<SfType>,
}

/// Rows and columns returned by a statement (DDL returns one `status` row, as Snowflake does).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueryResult {
    /// The columns, in output order.
    pub columns: Vec<ResultColumn>,
    /// The rows, each with one value per column.
    pub rows: Vec<Vec<Value>>,
}

impl QueryResult {
    /// A one-row, one-column result such as `status: Table X successfully created.`
    pub fn status(column: &str, message: impl Into<String>) -> QueryResult {
        QueryResult {
            columns: vec![ResultColumn {
                name: column.to_owned(),
                ty: Some(SfType::Varchar(None)),
            }],
            rows: vec![vec![Value::Str(message.into())]],
        }
    }

    /// A one-row count such as `number of rows inserted: 3`.
    pub fn count(column: &str, n: usize) -> QueryResult {
        QueryResult::counts(&[(column, n)])
    }

    /// One row of counts, a column each (`number of rows inserted`, `number of rows updated`).
    pub fn counts(counts: &[(&str, usize)]) -> QueryResult {
        QueryResult {
            columns: counts
                .iter()
                .map(|(name, _)| ResultColumn {
                    name: (*name).to_owned(),
                    ty: Some(SfType::INTEGER),
                })
                .collect(),
            rows: vec![counts.iter().map(|(_, n)| Value::I64(*n as i64)).collect()],
        }
    }

    /// The index of the column of that name, compared case-insensitively.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// The cell at a row and a named column, rendered as text.
    pub fn cell(&self, row: usize, column: &str) -> Option<String> {
        let i = self.column_index(column)?;
        self.rows
            .get(row)
            .map(|r| display_typed(&r[i], self.columns[i].ty))
    }

    /// Values rendered as text, row by row.
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| {
                r.iter()
                    .zip(&self.columns)
                    .map(|(v, c)| display_typed(v, c.ty))
                    .collect()
            })
            .collect()
    }

    /// A boxed text table like SnowSQL prints.
    pub fn to_table(&self) -> String {
        let rows = self.text_rows();
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .map(|c| c.name.chars().count())
            .collect();
        for r in &rows {
            for (i, v) in r.iter().enumerate() {
                widths[i] = widths[i].max(v.chars().count());
            }
        }
        let line = {
            let parts: Vec<String> = widths.iter().map(|w| "-".repeat(w + 2)).collect();
            format!("+{}+\n", parts.join("+"))
        };
        let right = |i: usize| {
            matches!(
                self.columns[i].ty,
                Some(SfType::Number { .. } | SfType::Float)
            )
        };
        let fmt_row = |cells: Vec<&str>| {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if right(i) {
                        format!(" {c:>w$} ", w = widths[i])
                    } else {
                        format!(" {c:<w$} ", w = widths[i])
                    }
                })
                .collect();
            format!("|{}|\n", parts.join("|"))
        };
        let mut out = line.clone();
        out.push_str(&fmt_row(
            self.columns.iter().map(|c| c.name.as_str()).collect(),
        ));
        out.push_str(&line);
        for r in &rows {
            out.push_str(&fmt_row(r.iter().map(String::as_str).collect()));
        }
        if !rows.is_empty() {
            out.push_str(&line);
        }
        out.push_str(&format!("{} Row(s) produced.\n", rows.len()));
        out
    }

    /// RFC 4180 CSV with a header line; NULL is an empty field.
    pub fn to_csv(&self) -> String {
        let esc = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_owned()
            }
        };
        let mut out = String::new();
        let header: Vec<String> = self.columns.iter().map(|c| esc(&c.name)).collect();
        out.push_str(&header.join(","));
        out.push('\n');
        for r in &self.rows {
            let cells: Vec<String> = r
                .iter()
                .zip(&self.columns)
                .map(|(v, c)| match v {
                    Value::Null => String::new(),
                    v => esc(&display_typed(v, c.ty)),
                })
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    /// JSON: an array of objects keyed by column name; numbers stay exact (as JSON numbers).
    pub fn to_json(&self) -> serde_json::Value {
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let mut m = serde_json::Map::new();
                for (c, v) in self.columns.iter().zip(r) {
                    m.insert(c.name.clone(), json_value(v));
                }
                serde_json::Value::Object(m)
            })
            .collect();
        serde_json::Value::Array(rows)
    }
}

/// A value as JSON: exact decimals as numbers, times as strings.
pub fn json_value(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Str(s) => serde_json::Value::String(s.clone()),
        Value::F64(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Timestamp(_) | Value::Date(_) | Value::Time(_) => {
            serde_json::Value::String(display_value(v))
        }
        Value::Map(_) | Value::List(_) => {
            serde_json::from_str(&crate::variant::to_json(v)).unwrap_or(serde_json::Value::Null)
        }
        other => {
            let text = display_value(other);
            serde_json::from_str::<serde_json::Number>(&text)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::String(text))
        }
    }
}
