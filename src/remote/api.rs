//! Reading the proxy's answers to SQL API v2 requests: a finished result, a statement still running
//! (202 with its handle), or an error with Snowflake's code and message (or the proxy's own, for
//! trouble on the way). A finished statement's rows are a [`Table`], whose cells read as the tab's
//! own engine shows its values (`snowglobe_sqlapi::cells::display`).

use crate::views::{Cell, ColumnView, GridView};
use snowglobe_sqlapi::{CODE_IN_PROGRESS, ColumnType, ResultSet, StatementStatus, cells};

/// A request that failed: the HTTP status, Snowflake's (or the proxy's) code and SQL state, and
/// the message. Shown as Snowflake's clients show it: `000904 (42000): SQL compilation error: …`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub sql_state: Option<String>,
    pub message: String,
}

impl ApiError {
    /// An error with no code: the request did not get an answer from the proxy.
    pub fn unreachable(message: impl Into<String>) -> ApiError {
        ApiError {
            status: 0,
            code: String::new(),
            sql_state: None,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.code.as_str(), &self.sql_state) {
            ("", _) => f.write_str(&self.message),
            (code, Some(state)) => write!(f, "{code} ({state}): {}", self.message),
            (code, None) => write!(f, "{code}: {}", self.message),
        }
    }
}

/// What one response says.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The statement finished (this partition's rows).
    Done(Box<ResultSet>),
    /// It is still running: poll this handle.
    Pending(String),
    Failed(ApiError),
}

/// The answer in a response's status and body.
pub fn answer(status: u16, body: &str) -> Answer {
    match status {
        200 => match serde_json::from_str::<ResultSet>(body) {
            Ok(set) => Answer::Done(Box::new(set)),
            Err(e) => Answer::Failed(ApiError {
                status,
                ..ApiError::unreachable(format!("The result could not be read ({e})."))
            }),
        },
        202 => match serde_json::from_str::<StatementStatus>(body) {
            Ok(StatementStatus {
                statement_handle: Some(handle),
                ..
            }) => Answer::Pending(handle),
            _ => Answer::Failed(ApiError {
                status,
                code: CODE_IN_PROGRESS.to_owned(),
                sql_state: None,
                message: "The statement is running but its handle was not given.".to_owned(),
            }),
        },
        _ => Answer::Failed(match serde_json::from_str::<StatementStatus>(body) {
            Ok(s) if !s.code.is_empty() || !s.message.is_empty() => ApiError {
                status,
                code: s.code,
                sql_state: s.sql_state,
                message: s.message,
            },
            _ => {
                let text: String = body.trim().chars().take(200).collect();
                ApiError {
                    status,
                    ..ApiError::unreachable(if text.is_empty() {
                        format!("The proxy answered HTTP {status}.")
                    } else {
                        format!("The proxy answered HTTP {status}: {text}")
                    })
                }
            }
        }),
    }
}

/// A finished statement's columns and all of its rows (every partition), cells as sent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<ColumnType>,
    pub rows: Vec<Vec<Option<String>>>,
}

impl Table {
    /// The columns and rows of partition 0.
    pub fn new(first: ResultSet) -> Table {
        Table {
            columns: first.meta.map(|m| m.row_type).unwrap_or_default(),
            rows: first.data,
        }
    }

    /// A column's position, by name without regard to case.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// Each row, read by column name.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
        self.rows.iter().map(|row| Record { table: self, row })
    }

    /// A cell as the page shows it.
    pub fn shown(&self, column: usize, cell: Option<&str>) -> Cell {
        self.columns
            .get(column)
            .map_or(cell.map(str::to_owned), |c| cells::display(c, cell))
    }

    /// The rows as the page shows them.
    pub fn to_grid(&self) -> GridView {
        GridView {
            columns: self
                .columns
                .iter()
                .map(|c| ColumnView {
                    name: c.name.clone(),
                    numeric: cells::is_numeric(c),
                })
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .map(|(i, c)| self.shown(i, c.as_deref()))
                        .collect()
                })
                .collect(),
            total: self.rows.len(),
        }
    }

    /// The first cell of the first row, as shown (a DDL statement's status, a count).
    pub fn first_cell(&self) -> Cell {
        self.rows
            .first()
            .and_then(|r| r.first())
            .and_then(|c| self.shown(0, c.as_deref()))
    }
}

/// One row of a [`Table`], read by column name.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    table: &'a Table,
    row: &'a [Option<String>],
}

impl Record<'_> {
    /// The cell of the named column as shown; None for NULL or a missing column.
    pub fn text(&self, name: &str) -> Option<String> {
        let i = self.table.column(name)?;
        self.table.shown(i, self.row.get(i)?.as_deref())
    }

    /// The named column as a number.
    pub fn number(&self, name: &str) -> Option<f64> {
        self.text(name)?.trim().parse().ok()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use snowglobe_sqlapi::ResultSetMetaData;

    /// A result as the proxy sends it: columns of the given types, rows of jsonv2 cells.
    pub(crate) fn table(columns: &[(&str, &str)], rows: &[&[Option<&str>]]) -> Table {
        Table::new(ResultSet {
            meta: Some(ResultSetMetaData {
                num_rows: rows.len(),
                format: "jsonv2".to_owned(),
                partition_info: Vec::new(),
                row_type: columns
                    .iter()
                    .map(|(name, ty)| ColumnType {
                        name: (*name).to_owned(),
                        ty: (*ty).to_owned(),
                        ..ColumnType::default()
                    })
                    .collect(),
            }),
            data: rows
                .iter()
                .map(|r| r.iter().map(|c| c.map(str::to_owned)).collect())
                .collect(),
            ..ResultSet::default()
        })
    }

    #[test]
    fn answers_are_results_handles_or_errors() {
        let done = answer(
            200,
            r#"{"resultSetMetaData":{"numRows":1,"format":"jsonv2","rowType":[{"name":"N","type":"fixed"}]},"data":[["1"]],"code":"090001"}"#,
        );
        let Answer::Done(set) = done else {
            panic!("{done:?}")
        };
        assert_eq!(Table::new(*set).first_cell().as_deref(), Some("1"));
        assert_eq!(
            answer(
                202,
                r#"{"code":"333334","statementHandle":"h1","message":"…"}"#
            ),
            Answer::Pending("h1".to_owned())
        );
        let Answer::Failed(e) = answer(
            422,
            r#"{"code":"000904","sqlState":"42000","message":"SQL compilation error: invalid identifier 'NOPE'","statementHandle":"h"}"#,
        ) else {
            panic!()
        };
        assert_eq!(
            e.to_string(),
            "000904 (42000): SQL compilation error: invalid identifier 'NOPE'"
        );
        let Answer::Failed(e) = answer(502, r#"{"code":"390100","message":"Upstream timed out."}"#)
        else {
            panic!()
        };
        assert_eq!(
            (e.status, e.to_string().as_str()),
            (502, "390100: Upstream timed out.")
        );
        let Answer::Failed(e) = answer(404, "<html>not found</html>") else {
            panic!()
        };
        assert_eq!(
            e.to_string(),
            "The proxy answered HTTP 404: <html>not found</html>"
        );
        let Answer::Failed(e) = answer(200, "{") else {
            panic!()
        };
        assert!(
            e.to_string().starts_with("The result could not be read"),
            "{e}"
        );
    }

    #[test]
    fn cells_read_as_the_tab_shows_them() {
        let t = table(
            &[("NAME", "text"), ("ROWS", "fixed"), ("AT", "timestamp_ntz")],
            &[&[Some("RAW_ORDERS"), Some("12"), Some("1768467600.000000000")]],
        );
        let r = t.records().next().unwrap();
        assert_eq!(r.text("name").as_deref(), Some("RAW_ORDERS"));
        assert_eq!(r.number("rows"), Some(12.0));
        assert_eq!(r.text("at").as_deref(), Some("2026-01-15 09:00:00.000"));
        assert_eq!(r.text("missing"), None);
        let grid = t.to_grid();
        assert_eq!(grid.total, 1);
        assert!(grid.columns[1].numeric && !grid.columns[0].numeric);
    }
}
