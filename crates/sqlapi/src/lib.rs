//! Snowflake's SQL API v2 on the wire, shared by the three parties that speak it: `snowglobe serve`
//! (which answers it over an engine session), `snowglobe proxy` (which forwards it to an account,
//! adding the credential) and the page in proxy mode (which sends it to the proxy).
//!
//! The shapes follow Snowflake's SQL API reference (`POST /api/v2/statements`, `GET
//! /api/v2/statements/{handle}`, `POST /api/v2/statements/{handle}/cancel`): a submission body, the
//! result set with its `resultSetMetaData`, the status body of a statement still running (202) or
//! failed (422), and the plain error body of a refused request. Cells travel as strings in the
//! `jsonv2` format; [`cells`] turns them back into text a person reads.

pub mod cells;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The path statements are submitted to.
pub const STATEMENTS_PATH: &str = "/api/v2/statements";

/// `code` of a statement that completed.
pub const CODE_SUCCESS: &str = "090001";
/// `code` of a statement still running (202).
pub const CODE_IN_PROGRESS: &str = "333334";
/// `code` of a malformed request (400).
pub const CODE_BAD_REQUEST: &str = "390142";
/// `code` of a request without valid credentials (401).
pub const CODE_UNAUTHORIZED: &str = "390303";
/// `code` of a request refused because too many are running (429).
pub const CODE_TOO_MANY_REQUESTS: &str = "390505";
/// `code` of a statement handle that is not known (404).
pub const CODE_NOT_FOUND: &str = "000709";
/// `code` of a canceled statement.
pub const CODE_CANCELED: &str = "000604";

/// The message of a statement still running.
pub const IN_PROGRESS_MESSAGE: &str = "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.";

/// The status URL of a statement handle.
pub fn status_url(handle: &str) -> String {
    format!("{STATEMENTS_PATH}/{handle}")
}

/// How the bearer token of a request is to be read (`X-Snowflake-Authorization-Token-Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    /// A JWT signed with the user's key pair.
    KeypairJwt,
    /// An OAuth access token.
    Oauth,
    /// A programmatic access token.
    ProgrammaticAccessToken,
}

impl TokenType {
    /// The header's value.
    pub fn header_value(self) -> &'static str {
        match self {
            TokenType::KeypairJwt => "KEYPAIR_JWT",
            TokenType::Oauth => "OAUTH",
            TokenType::ProgrammaticAccessToken => "PROGRAMMATIC_ACCESS_TOKEN",
        }
    }

    /// The type a header value names (case-insensitive).
    pub fn parse(value: &str) -> Option<TokenType> {
        [
            TokenType::KeypairJwt,
            TokenType::Oauth,
            TokenType::ProgrammaticAccessToken,
        ]
        .into_iter()
        .find(|t| t.header_value().eq_ignore_ascii_case(value.trim()))
    }
}

/// The query parameters of a submission (`POST /api/v2/statements?…`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubmitQuery {
    #[serde(rename = "requestId")]
    pub request_id: Option<String>,
    #[serde(rename = "async")]
    pub asynchronous: Option<bool>,
    pub nullable: Option<bool>,
    pub retry: Option<bool>,
}

/// The query parameters of a poll (`GET /api/v2/statements/{handle}?…`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusQuery {
    pub partition: Option<usize>,
    pub nullable: Option<bool>,
}

/// A bound value: its Snowflake type and its text (or a list of texts, one per row of a batch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Binding {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    pub value: Value,
}

/// The body of `POST /api/v2/statements`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SubmitBody {
    pub statement: String,
    /// Seconds; 0 or absent: the account's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Positional bindings keyed "1", "2", …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bindings: Option<Map<String, Value>>,
    /// Session parameters such as `MULTI_STATEMENT_COUNT` (`"0"`: any number of statements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Map<String, Value>>,
}

impl SubmitBody {
    /// A body that runs `statement` in the given context.
    pub fn new(statement: impl Into<String>) -> SubmitBody {
        SubmitBody {
            statement: statement.into(),
            ..SubmitBody::default()
        }
    }

    /// The same body, allowed to hold any number of statements.
    pub fn multi(mut self) -> SubmitBody {
        self.parameters
            .get_or_insert_with(Map::new)
            .insert("MULTI_STATEMENT_COUNT".into(), Value::String("0".into()));
        self
    }
}

/// One column of a result (`rowType`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ColumnType {
    pub name: String,
    #[serde(default)]
    pub database: String,
    #[serde(default)]
    pub schema: String,
    #[serde(default)]
    pub table: String,
    /// Snowflake's lower-case type name: fixed, real, text, boolean, date, time,
    /// timestamp_ntz/ltz/tz, variant, object, array, binary.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub precision: Option<u32>,
    #[serde(default)]
    pub scale: Option<u32>,
    #[serde(default)]
    pub length: Option<u32>,
    #[serde(rename = "byteLength", default)]
    pub byte_length: Option<u32>,
    #[serde(default = "yes")]
    pub nullable: bool,
    #[serde(default)]
    pub collation: Option<String>,
}

fn yes() -> bool {
    true
}

/// The size of one partition of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PartitionInfo {
    #[serde(rename = "rowCount")]
    pub row_count: usize,
    #[serde(rename = "uncompressedSize")]
    pub uncompressed_size: usize,
}

/// What describes a result: its columns, its row count and its partitions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResultSetMetaData {
    #[serde(rename = "numRows")]
    pub num_rows: usize,
    pub format: String,
    #[serde(rename = "partitionInfo", default)]
    pub partition_info: Vec<PartitionInfo>,
    #[serde(rename = "rowType")]
    pub row_type: Vec<ColumnType>,
}

/// A statement that completed (200): partition 0 carries the metadata and the status; later
/// partitions only `data`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResultSet {
    #[serde(
        rename = "resultSetMetaData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<ResultSetMetaData>,
    #[serde(default)]
    pub data: Vec<Vec<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(rename = "sqlState", default, skip_serializing_if = "Option::is_none")]
    pub sql_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(
        rename = "statementHandle",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub statement_handle: Option<String>,
    /// The handles of a multi-statement request's statements, in order.
    #[serde(
        rename = "statementHandles",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub statement_handles: Option<Vec<String>>,
    #[serde(
        rename = "statementStatusUrl",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub statement_status_url: Option<String>,
    #[serde(rename = "createdOn", default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<i64>,
}

impl ResultSet {
    /// The number of partitions (at least one).
    pub fn partitions(&self) -> usize {
        self.meta
            .as_ref()
            .map_or(1, |m| m.partition_info.len().max(1))
    }
}

/// A statement's status without rows: still running (202), failed (422), canceled.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StatementStatus {
    pub code: String,
    #[serde(rename = "sqlState", default, skip_serializing_if = "Option::is_none")]
    pub sql_state: Option<String>,
    #[serde(default)]
    pub message: String,
    #[serde(
        rename = "statementHandle",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub statement_handle: Option<String>,
    #[serde(
        rename = "statementStatusUrl",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub statement_status_url: Option<String>,
    #[serde(rename = "createdOn", default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<i64>,
}

impl StatementStatus {
    /// The status of a statement with a handle.
    pub fn of(handle: &str, code: &str, sql_state: Option<&str>, message: &str) -> StatementStatus {
        StatementStatus {
            code: code.to_owned(),
            sql_state: sql_state.map(str::to_owned),
            message: message.to_owned(),
            statement_handle: Some(handle.to_owned()),
            statement_status_url: Some(status_url(handle)),
            created_on: None,
        }
    }

    /// A still-running statement's 202 body.
    pub fn in_progress(handle: &str) -> StatementStatus {
        StatementStatus::of(handle, CODE_IN_PROGRESS, None, IN_PROGRESS_MESSAGE)
    }

    /// A refused request's body: a code and a message, no handle.
    pub fn refused(code: &str, message: impl Into<String>) -> StatementStatus {
        StatementStatus {
            code: code.to_owned(),
            message: message.into(),
            ..StatementStatus::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_result_set_reads_as_snowflake_sends_it() {
        let body = json!({
            "resultSetMetaData": {
                "numRows": 2, "format": "jsonv2",
                "partitionInfo": [{"rowCount": 2, "uncompressedSize": 30}],
                "rowType": [{"name": "N", "database": "", "schema": "", "table": "", "type": "fixed",
                    "precision": 38, "scale": 0, "length": null, "byteLength": null, "nullable": true,
                    "collation": null}]
            },
            "data": [["1"], [null]],
            "code": "090001", "sqlState": "00000", "statementHandle": "h",
            "message": "Statement executed successfully.", "createdOn": 1,
            "statementStatusUrl": "/api/v2/statements/h"
        });
        let set: ResultSet = serde_json::from_value(body).unwrap();
        assert_eq!(set.data, vec![vec![Some("1".to_owned())], vec![None]]);
        let meta = set.meta.as_ref().unwrap();
        assert_eq!(meta.row_type[0].ty, "fixed");
        assert_eq!(meta.row_type[0].scale, Some(0));
        assert_eq!(set.partitions(), 1);
        let back = serde_json::to_value(&set).unwrap();
        assert_eq!(
            back["resultSetMetaData"]["rowType"][0]["byteLength"],
            json!(null)
        );
        assert!(back.get("statementHandles").is_none());
    }

    #[test]
    fn a_multi_statement_body_asks_for_any_count() {
        let body = serde_json::to_value(SubmitBody::new("select 1; select 2").multi()).unwrap();
        assert_eq!(
            body,
            json!({"statement": "select 1; select 2", "parameters": {"MULTI_STATEMENT_COUNT": "0"}})
        );
    }

    #[test]
    fn statuses_carry_their_handle_and_url() {
        let s = serde_json::to_value(StatementStatus::in_progress("abc")).unwrap();
        assert_eq!(s["code"], "333334");
        assert_eq!(s["statementStatusUrl"], "/api/v2/statements/abc");
        let refused =
            serde_json::to_value(StatementStatus::refused("390505", "Too many requests.")).unwrap();
        assert_eq!(
            refused,
            json!({"code": "390505", "message": "Too many requests."})
        );
    }

    #[test]
    fn token_types_read_without_case() {
        assert_eq!(TokenType::parse("keypair_jwt"), Some(TokenType::KeypairJwt));
        assert_eq!(
            TokenType::parse("PROGRAMMATIC_ACCESS_TOKEN"),
            Some(TokenType::ProgrammaticAccessToken)
        );
        assert_eq!(TokenType::parse("basic"), None);
    }
}
