//! Classifying and parsing one Snowflake statement. Queries, DML, CREATE TABLE and CREATE VIEW go to
//! sqlparser's Snowflake dialect; what it does not parse (dynamic table options such as
//! `TARGET_LAG = DOWNSTREAM`, tasks, `EXECUTE TASK`, `SHOW`, `USE`) is parsed here from its tokens.
//!
//! Length: one token cursor and the grammar of every statement sqlparser lacks, which share it;
//! each statement's grammar is one function.

use crate::error::{Position, Result, SqlError};
use crate::warehouse::{WarehouseField, WarehouseProperty};
use sqlparser::ast::{Ident, ObjectName, Query, Statement};
use sqlparser::dialect::SnowflakeDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

/// A name as Snowflake resolves it: unquoted parts upper-cased, quoted parts kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The parts of the name, as stored: `[T]`, `[SCHEMA, T]` or `[DB, SCHEMA, T]`.
    pub parts: Vec<String>,
    /// Where the name starts in the statement, for error messages.
    pub position: Position,
}

impl Name {
    /// The name of a sqlparser object name, its parts folded as Snowflake folds identifiers.
    pub fn from_object_name(name: &ObjectName) -> Name {
        let parts = name
            .0
            .iter()
            .map(|p| match p.as_ident() {
                Some(i) => normalize_ident(i),
                None => p.to_string(),
            })
            .collect();
        let position = name
            .0
            .first()
            .and_then(|p| p.as_ident())
            .map(|i| to_position(i.span.start))
            .unwrap_or_default();
        Name { parts, position }
    }

    /// The name as the user would read it back (`DB.SCHEMA.T`).
    pub fn display(&self) -> String {
        self.parts.join(".")
    }

    /// The object's own name: the last part.
    pub fn last(&self) -> &str {
        self.parts.last().map_or("", String::as_str)
    }
}

/// Snowflake identifier resolution: unquoted identifiers are stored upper-case.
pub fn normalize_ident(ident: &Ident) -> String {
    match ident.quote_style {
        None => ident.value.to_ascii_uppercase(),
        Some(_) => ident.value.clone(),
    }
}

/// The error position of a sqlparser location (its column is 1-based; Snowflake's position is
/// 0-based).
pub fn to_position(loc: Location) -> Position {
    Position {
        line: loc.line,
        column: loc.column.saturating_sub(1),
    }
}

/// `TARGET_LAG`: a staleness bound, or DOWNSTREAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TargetLag {
    /// A duration, in seconds (`TARGET_LAG = '1 minute'`).
    Seconds(u64),
    /// `TARGET_LAG = DOWNSTREAM`: refreshed only when a dynamic table that reads it needs to be.
    Downstream,
}

impl TargetLag {
    /// Snowflake's text for the lag (`1 minute`, `DOWNSTREAM`).
    pub fn text(self) -> String {
        match self {
            TargetLag::Downstream => "DOWNSTREAM".to_owned(),
            TargetLag::Seconds(s) => {
                let (n, unit) = if s % 86_400 == 0 {
                    (s / 86_400, "day")
                } else if s % 3_600 == 0 {
                    (s / 3_600, "hour")
                } else if s % 60 == 0 {
                    (s / 60, "minute")
                } else {
                    (s, "second")
                };
                format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
            }
        }
    }
}

/// The `REFRESH_MODE` a CREATE DYNAMIC TABLE asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RefreshModeSetting {
    /// AUTO (the default): INCREMENTAL when the query allows it, else FULL.
    Auto,
    /// FULL: every refresh recomputes the query.
    Full,
    /// INCREMENTAL: refreshes apply changes only; a query that does not allow it is an error.
    Incremental,
    /// ADAPTIVE: incremental, rebuilding when that is cheaper; required like INCREMENTAL.
    Adaptive,
}

/// `INITIALIZE`: when a dynamic table is first filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Initialize {
    /// ON_CREATE (the default): the first refresh runs as part of CREATE.
    OnCreate,
    /// ON_SCHEDULE: the first refresh waits for the schedule.
    OnSchedule,
}

/// A parsed `CREATE DYNAMIC TABLE`.
#[derive(Debug, Clone)]
pub struct DynamicTableSpec {
    /// The dynamic table's name, as written.
    pub name: Name,
    /// `CREATE OR REPLACE`.
    pub or_replace: bool,
    /// `CREATE OR ALTER`: an existing dynamic table with the same query keeps its rows.
    pub or_alter: bool,
    /// `IF NOT EXISTS`.
    pub if_not_exists: bool,
    /// `CREATE TRANSIENT DYNAMIC TABLE`.
    pub transient: bool,
    /// The `TARGET_LAG`.
    pub target_lag: TargetLag,
    /// `SCHEDULER = 'DISABLE'`: refreshed only by `ALTER DYNAMIC TABLE ... REFRESH`.
    pub scheduler_disabled: bool,
    /// `INITIALIZATION_WAREHOUSE`, if given.
    pub initialization_warehouse: Option<String>,
    /// A column list (`CREATE DYNAMIC TABLE t (a, b COMMENT '...')`): names, with comments, that
    /// replace the query's column names in order.
    pub columns: Vec<(String, Option<String>)>,
    /// The `WAREHOUSE` (required, as in Snowflake).
    pub warehouse: String,
    /// The `REFRESH_MODE` asked for.
    pub refresh_mode: RefreshModeSetting,
    /// The `INITIALIZE` option.
    pub initialize: Initialize,
    /// The table's `COMMENT`.
    pub comment: Option<String>,
    /// The `CLUSTER BY` expressions as written.
    pub cluster_by: Option<String>,
    /// The defining query, parsed.
    pub query: Box<Query>,
    /// The defining query as written after AS, kept for refreshes, GET_DDL and SHOW's `text`.
    pub query_text: String,
    /// Where the query starts in the statement, so that errors in it point at the right place.
    pub query_offset: Position,
}

/// A task's schedule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Schedule {
    /// `SCHEDULE = 'N MINUTE'` (stored in seconds).
    Every(u64),
    /// `SCHEDULE = 'USING CRON <expr> <time zone>'`.
    Cron(crate::cron::Cron),
}

impl Schedule {
    /// The next run after `t`.
    pub fn next_after(&self, t: chrono::NaiveDateTime) -> Option<chrono::NaiveDateTime> {
        match self {
            Schedule::Every(secs) => Some(t + chrono::Duration::seconds(*secs as i64)),
            Schedule::Cron(c) => c.next_after(t),
        }
    }

    /// As written in DDL.
    pub fn text(&self) -> String {
        match self {
            Schedule::Every(secs) => format!("{} MINUTE", secs / 60),
            Schedule::Cron(c) => format!("USING CRON {}", c.text),
        }
    }
}

/// A parsed `CREATE TASK`.
#[derive(Debug, Clone)]
pub struct TaskSpec {
    /// The task's name, as written.
    pub name: Name,
    /// `CREATE OR REPLACE`.
    pub or_replace: bool,
    /// `IF NOT EXISTS`.
    pub if_not_exists: bool,
    /// The `WAREHOUSE`, if given.
    pub warehouse: Option<String>,
    /// The `SCHEDULE`, for a root task.
    pub schedule: Option<Schedule>,
    /// `AFTER`: the predecessor tasks, for a child task.
    pub after: Vec<Name>,
    /// The task's `COMMENT`.
    pub comment: Option<String>,
    /// The WHEN condition, as written.
    pub condition: Option<String>,
    /// The statement the task runs, as written after AS.
    pub body: String,
}

/// What an `ALTER DYNAMIC TABLE` does (other than SET).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DtAction {
    /// `REFRESH`: a manual refresh now.
    Refresh,
    /// `SUSPEND`: stops scheduled refreshes (and those of the tables downstream).
    Suspend,
    /// `RESUME`: restarts scheduled refreshes.
    Resume,
    /// `CLUSTER BY (…)` (Some) or `DROP CLUSTERING KEY` (None).
    ClusterBy(Option<String>),
    /// `SUSPEND_RECLUSTER` / `RESUME_RECLUSTER`: accepted; nothing reclusters here.
    Recluster,
    /// `RENAME TO`.
    RenameTo(Name),
    /// `SWAP WITH`: exchanges the two tables' names.
    SwapWith(Name),
}

/// The kind of object a DROP or USE names, and the word error messages use for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    /// A database.
    Database,
    /// A schema.
    Schema,
    /// A table.
    Table,
    /// A view.
    View,
    /// A dynamic table.
    DynamicTable,
    /// A task.
    Task,
    /// A stream.
    Stream,
}

impl ObjectKind {
    /// The kind as Snowflake names it in messages (`Dynamic table 'X' does not exist ...`).
    pub fn word(self) -> &'static str {
        match self {
            ObjectKind::Database => "Database",
            ObjectKind::Schema => "Schema",
            ObjectKind::Table => "Table",
            ObjectKind::View => "View",
            ObjectKind::DynamicTable => "Dynamic table",
            ObjectKind::Task => "Task",
            ObjectKind::Stream => "Stream",
        }
    }
}

/// What a SHOW lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShowKind {
    /// `SHOW OBJECTS`: tables and views together.
    Objects,
    /// `SHOW DYNAMIC TABLES`.
    DynamicTables,
    /// `SHOW TABLES`.
    Tables,
    /// `SHOW VIEWS`.
    Views,
    /// `SHOW TASKS`.
    Tasks,
    /// `SHOW STREAMS`.
    Streams,
    /// `SHOW DATABASES`.
    Databases,
    /// `SHOW SCHEMAS`.
    Schemas,
    /// `SHOW USER FUNCTIONS`: user-defined functions (Snowglobe has none to show).
    UserFunctions,
    /// `SHOW WAREHOUSES`: the account's warehouses, wherever the session is.
    Warehouses,
}

/// What an `ALTER WAREHOUSE` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarehouseAction {
    /// `SET <property> = <value> …`: the properties given change, the others stay. Parameters
    /// (`STATEMENT_TIMEOUT_IN_SECONDS`, …) and tags are accepted and not kept.
    Set(Vec<WarehouseProperty>),
    /// `UNSET <property>, …`: back to their defaults.
    Unset(Vec<WarehouseField>),
    /// `SUSPEND`.
    Suspend,
    /// `RESUME [IF SUSPENDED]`.
    Resume {
        /// `IF SUSPENDED`: a started warehouse is not an error.
        if_suspended: bool,
    },
    /// `ABORT ALL QUERIES`: statements run one at a time here, so none is running.
    AbortAllQueries,
    /// `RENAME TO <new>`.
    RenameTo(Name),
}

/// One statement, classified.
#[derive(Debug, Clone)]
pub enum Stmt {
    /// `CREATE DATABASE`.
    CreateDatabase {
        /// The database's name.
        name: Name,
        /// `OR REPLACE`.
        or_replace: bool,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
    },
    /// `CREATE SCHEMA`.
    CreateSchema {
        /// The schema's name, qualified or not.
        name: Name,
        /// `OR REPLACE`.
        or_replace: bool,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
    },
    /// `USE [DATABASE | SCHEMA] name`: sets the current database or schema.
    Use {
        /// DATABASE or SCHEMA, when written; None lets the name's parts decide.
        kind: Option<ObjectKind>,
        /// The database or schema made current.
        name: Name,
    },
    /// `USE WAREHOUSE w`: the session's warehouse.
    UseWarehouse(String),
    /// `CREATE [OR REPLACE] WAREHOUSE [IF NOT EXISTS] name [WITH] <properties>`.
    CreateWarehouse {
        /// The warehouse's name (one part).
        name: Name,
        /// `OR REPLACE`.
        or_replace: bool,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// The properties given, in order.
        properties: Vec<WarehouseProperty>,
    },
    /// `ALTER WAREHOUSE [IF EXISTS] name <action>`.
    AlterWarehouse {
        /// The warehouse altered.
        name: Name,
        /// `IF EXISTS`: a missing warehouse is not an error.
        if_exists: bool,
        /// What is done to it.
        action: WarehouseAction,
    },
    /// `DROP WAREHOUSE [IF EXISTS] name`.
    DropWarehouse {
        /// The warehouse dropped.
        name: Name,
        /// `IF EXISTS`: a missing warehouse is not an error.
        if_exists: bool,
    },
    /// `USE ROLE r` / `USE SECONDARY ROLES r`: the session's role (access control is not modelled).
    UseRole(String),
    /// `CALL SYSTEM$ADVANCE_CLOCK('<n> <unit>')`: moves the virtual clock forward, running what falls due.
    AdvanceClock(u64),
    /// A statement sqlparser parses and GlueSQL runs once rewritten: queries, DML, CREATE TABLE,
    /// CREATE VIEW, ...
    Sql(Box<Statement>),
    /// `CREATE [OR REPLACE | OR ALTER] DYNAMIC TABLE`.
    CreateDynamicTable(Box<DynamicTableSpec>),
    /// `ALTER DYNAMIC TABLE name <action>`.
    AlterDynamicTable {
        /// The dynamic table altered.
        name: Name,
        /// What is done to it.
        action: DtAction,
    },
    /// `ALTER DYNAMIC TABLE name SET ...` / `UNSET ...`: the properties given change, the others
    /// stay.
    AlterDynamicTableSet {
        /// The dynamic table altered.
        name: Name,
        /// A new `TARGET_LAG`.
        target_lag: Option<TargetLag>,
        /// A new `WAREHOUSE`.
        warehouse: Option<String>,
        /// `SCHEDULER = 'DISABLE'` (true) or `'ENABLE'` (false).
        scheduler_disabled: Option<bool>,
        /// `Some(None)` unsets it.
        initialization_warehouse: Option<Option<String>>,
        /// `Some(None)` unsets it.
        comment: Option<Option<String>>,
    },
    /// `CREATE TASK`.
    CreateTask(Box<TaskSpec>),
    /// `CREATE STREAM name ON [DYNAMIC] TABLE table`.
    CreateStream {
        /// The stream's name.
        name: Name,
        /// `OR REPLACE`.
        or_replace: bool,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// The table whose changes the stream returns.
        table: Name,
        /// `ON DYNAMIC TABLE` rather than `ON TABLE`.
        dynamic: bool,
        /// `APPEND_ONLY = TRUE`: inserts only.
        append_only: bool,
        /// The stream's `COMMENT`.
        comment: Option<String>,
    },
    /// `ALTER TASK name RESUME | SUSPEND`.
    AlterTask {
        /// The task altered.
        name: Name,
        /// True for RESUME, false for SUSPEND.
        resume: bool,
    },
    /// `EXECUTE TASK name`: one run now, outside the schedule.
    ExecuteTask {
        /// The task run.
        name: Name,
    },
    /// `DROP <kind> [IF EXISTS] name`.
    Drop {
        /// The kind named (`DROP TABLE`, `DROP DYNAMIC TABLE`, ...).
        kind: ObjectKind,
        /// The object dropped.
        name: Name,
        /// `IF EXISTS`: a missing object is not an error.
        if_exists: bool,
    },
    /// `SHOW <kind> [LIKE] [IN scope] [STARTS WITH] [LIMIT]`.
    Show {
        /// What is listed.
        kind: ShowKind,
        /// `LIKE 'pattern'`: names matching it, case-insensitively.
        like: Option<String>,
        /// `IN ...`: where to look.
        scope: ShowScope,
        /// `STARTS WITH 'prefix'`: names starting with it (case-sensitive).
        starts_with: Option<String>,
        /// `LIMIT n`: at most n rows.
        limit: Option<usize>,
    },
    /// `DESC[RIBE] [DYNAMIC] TABLE | VIEW <name>`: the object's columns.
    Describe {
        /// The object described.
        name: Name,
        /// The object kinds the statement accepts (`DESC TABLE` describes dynamic tables too).
        kinds: &'static [&'static str],
    },
    /// `BEGIN [TRANSACTION]`, `START TRANSACTION`.
    Begin,
    /// `COMMIT`.
    Commit,
    /// `ROLLBACK`.
    Rollback,
}

/// Where a SHOW looks (`IN ACCOUNT | DATABASE [d] | SCHEMA [s] | s`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShowScope {
    /// No IN: the current database if there is one, else the account.
    Default,
    /// `IN ACCOUNT`: everywhere.
    Account,
    /// `IN DATABASE [d]`: one database (None: the current one).
    Database(Option<Name>),
    /// `IN SCHEMA [s]` or `IN s`: one schema (None: the current one).
    Schema(Option<Name>),
}

/// The tokens of a statement, without whitespace, ready for the parser.
///
/// `CEIL`, `CEILING` and `FLOOR` before `(` become plain function names: sqlparser parses them as
/// special forms whose scale must be an unsigned literal, where Snowflake takes any whole number
/// (`FLOOR(1234.5, -2)`).
pub fn tokenize(text: &str) -> Result<Vec<TokenWithSpan>> {
    let tokens = Tokenizer::new(&SnowflakeDialect {}, text)
        .tokenize_with_location()
        .map_err(|e| SqlError::syntax(format!("{}.", e.message)).at(to_position(e.location)))?;
    // sqlparser's Snowflake dialect reads `#` as a line comment; Snowflake does not (its comments
    // are `--`, `//` and `/* */`), so `#` outside strings is the syntax error Snowflake reports.
    if let Some(hash) = tokens.iter().find(|t| {
        matches!(&t.token, Token::Whitespace(sqlparser::tokenizer::Whitespace::SingleLineComment { prefix, .. }) if prefix == "#")
    }) {
        return Err(SqlError::syntax("unexpected '#'.").at(to_position(hash.span.start)));
    }
    let mut tokens: Vec<TokenWithSpan> = tokens
        .into_iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .collect();
    for i in 1..tokens.len() {
        if tokens[i].token == Token::LParen
            && let Token::Word(w) = &mut tokens[i - 1].token
            && w.quote_style.is_none()
            && matches!(w.keyword, Keyword::CEIL | Keyword::CEILING | Keyword::FLOOR)
        {
            w.keyword = Keyword::NoKeyword;
        }
    }
    Ok(tokens)
}

/// A parser over the tokens of `text`.
fn parser_of(text: &str) -> Result<Parser<'static>> {
    Ok(Parser::new(&SnowflakeDialect {}).with_tokens_with_locations(tokenize(text)?))
}

/// Parses one expression (a column's DEFAULT).
pub fn parse_expr_text(text: &str) -> Result<sqlparser::ast::Expr> {
    parser_of(text)?
        .parse_expr()
        .map_err(|e| syntax_error(e, Position { line: 1, column: 0 }))
}

/// Turns a sqlparser error into Snowflake's `syntax error line L at position P unexpected 'X'.`
pub fn syntax_error(e: ParserError, offset: Position) -> SqlError {
    let msg = match e {
        ParserError::ParserError(m) | ParserError::TokenizerError(m) => m,
        ParserError::RecursionLimitExceeded => "statement nests too deeply".to_owned(),
    };
    let (body, pos) = match msg.rfind(" at Line: ") {
        Some(i) => {
            let loc = &msg[i + " at Line: ".len()..];
            let mut it = loc.split(", Column: ");
            let line = it.next().and_then(|l| l.trim().parse().ok()).unwrap_or(1);
            let col: u64 = it.next().and_then(|c| c.trim().parse().ok()).unwrap_or(1);
            (
                msg[..i].to_owned(),
                Position {
                    line,
                    column: col.saturating_sub(1),
                },
            )
        }
        None => (msg, Position { line: 1, column: 0 }),
    };
    let unexpected = body
        .rsplit_once("found: ")
        .map(|(expected, found)| {
            format!(
                "unexpected '{}'. ({})",
                found.trim(),
                expected.trim().trim_end_matches(',').to_lowercase()
            )
        })
        .unwrap_or_else(|| format!("{body}."));
    SqlError::syntax(unexpected).at(pos).offset_by(offset)
}

struct Cursor<'a> {
    tokens: &'a [TokenWithSpan],
    at: usize,
    text: &'a str,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<&'a Token> {
        self.tokens.get(self.at).map(|t| &t.token)
    }

    /// `('text')` closing the statement: a call's single string argument, and where it starts.
    fn only_string_argument(&mut self) -> Result<(Position, String)> {
        if !self.eat_token(&Token::LParen) {
            return Err(self.error_here("'('"));
        }
        let position = self.position();
        let text = self.string()?;
        if !self.eat_token(&Token::RParen) {
            return Err(self.error_here("')'"));
        }
        self.end()?;
        Ok((position, text))
    }

    fn position(&self) -> Position {
        match self.tokens.get(self.at) {
            Some(t) => to_position(t.span.start),
            None => self
                .tokens
                .last()
                .map(|t| to_position(t.span.end))
                .unwrap_or_default(),
        }
    }

    fn error_here(&self, expected: &str) -> SqlError {
        let found = match self.peek() {
            Some(t) => t.to_string(),
            None => "<EOF>".to_owned(),
        };
        SqlError::syntax(format!("unexpected '{found}'. (expected {expected})")).at(self.position())
    }

    fn word(&self) -> Option<String> {
        match self.peek() {
            Some(Token::Word(w)) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
            _ => None,
        }
    }

    fn eat(&mut self, kw: &str) -> bool {
        if self.word().as_deref() == Some(kw) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn eat_seq(&mut self, kws: &[&str]) -> bool {
        let save = self.at;
        for kw in kws {
            if !self.eat(kw) {
                self.at = save;
                return false;
            }
        }
        true
    }

    fn expect(&mut self, kw: &str) -> Result<()> {
        if self.eat(kw) {
            Ok(())
        } else {
            Err(self.error_here(kw))
        }
    }

    fn eat_token(&mut self, token: &Token) -> bool {
        if self.peek() == Some(token) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn name(&mut self) -> Result<Name> {
        let position = self.position();
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                Some(Token::Word(w)) => {
                    parts.push(normalize_ident(&Ident {
                        value: w.value.clone(),
                        quote_style: w.quote_style,
                        span: sqlparser::tokenizer::Span::empty(),
                    }));
                    self.at += 1;
                }
                _ => return Err(self.error_here("an object name")),
            }
            if !self.eat_token(&Token::Period) {
                break;
            }
        }
        Ok(Name { parts, position })
    }

    fn string(&mut self) -> Result<String> {
        match self.peek() {
            Some(Token::SingleQuotedString(s)) => {
                let s = s.clone();
                self.at += 1;
                Ok(s)
            }
            _ => Err(self.error_here("a string literal")),
        }
    }

    /// A number literal, as written.
    fn number(&mut self) -> Result<String> {
        match self.peek() {
            Some(Token::Number(n, _)) => {
                let n = n.clone();
                self.at += 1;
                Ok(n)
            }
            _ => Err(self.error_here("a number")),
        }
    }

    /// A string literal or an identifier, as in `WAREHOUSE = 'COMPUTE_WH'` or `WAREHOUSE = COMPUTE_WH`.
    fn string_or_word(&mut self) -> Result<String> {
        match self.peek() {
            Some(Token::SingleQuotedString(s)) => {
                let s = s.clone();
                self.at += 1;
                Ok(s)
            }
            Some(Token::Word(_)) => Ok(self.name()?.display()),
            _ => Err(self.error_here("a name or string literal")),
        }
    }

    fn equals(&mut self) -> Result<()> {
        if self.eat_token(&Token::Eq) {
            Ok(())
        } else {
            Err(self.error_here("'='"))
        }
    }

    fn end(&self) -> Result<()> {
        match self.peek() {
            None | Some(Token::SemiColon) => Ok(()),
            Some(_) => Err(self.error_here("end of statement")),
        }
    }

    /// Byte offset in the statement text where the current token starts.
    fn byte_offset(&self) -> usize {
        match self.tokens.get(self.at) {
            Some(t) => byte_of(self.text, t.span.start),
            None => self.text.len(),
        }
    }
}

fn byte_of(text: &str, loc: Location) -> usize {
    let mut line = 1;
    let mut col = 1;
    for (i, c) in text.char_indices() {
        if line == loc.line && col == loc.column {
            return i;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    text.len()
}

/// Parses `'<n> <unit>'` into seconds (`'1 minute'`, `'5 minutes'`, `'2 MINUTE'`, `'1 hour'`).
pub fn parse_duration(text: &str) -> Option<u64> {
    let mut it = text.split_whitespace();
    let n: u64 = it.next()?.parse().ok()?;
    let unit = it.next()?.to_ascii_lowercase();
    if it.next().is_some() {
        return None;
    }
    let secs = match unit.trim_end_matches('s') {
        "second" | "sec" => 1,
        "minute" | "min" => 60,
        "hour" => 3_600,
        "day" => 86_400,
        _ => return None,
    };
    Some(n * secs)
}

/// Parses a stored query text (a view's or dynamic table's definition).
pub fn parse_query_text(text: &str) -> Result<Box<Query>> {
    parser_of(text)?
        .parse_query()
        .map_err(|e| syntax_error(e, Position { line: 1, column: 0 }))
}

/// Parses one statement (without its trailing semicolon).
pub fn parse_statement(text: &str) -> Result<Stmt> {
    let tokens = tokenize(text)?;
    let mut c = Cursor {
        tokens: &tokens,
        at: 0,
        text,
    };
    let start = c.at;
    if c.eat("CREATE") {
        let or_replace = c.eat_seq(&["OR", "REPLACE"]);
        let or_alter = !or_replace && c.eat_seq(&["OR", "ALTER"]);
        let transient = c.eat("TRANSIENT");
        if or_alter && !matches!(c.word().as_deref(), Some("DYNAMIC")) {
            return Err(SqlError::unsupported(
                "CREATE OR ALTER is supported for dynamic tables only.",
            )
            .at(c.position()));
        }
        if c.eat("DATABASE") {
            let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
            let name = c.name()?;
            skip_comment_option(&mut c)?;
            c.end()?;
            return Ok(Stmt::CreateDatabase {
                name,
                or_replace,
                if_not_exists,
            });
        }
        if c.eat("SCHEMA") {
            let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
            let name = c.name()?;
            skip_comment_option(&mut c)?;
            c.end()?;
            return Ok(Stmt::CreateSchema {
                name,
                or_replace,
                if_not_exists,
            });
        }
        if c.eat("WAREHOUSE") {
            let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
            let name = warehouse_name(&mut c)?;
            c.eat("WITH");
            let properties = warehouse_properties(&mut c, true)?;
            c.end()?;
            return Ok(Stmt::CreateWarehouse {
                name,
                or_replace,
                if_not_exists,
                properties,
            });
        }
        if c.eat_seq(&["DYNAMIC", "TABLE"]) {
            return parse_dynamic_table(&mut c, or_replace, transient).map(|mut s| {
                s.or_alter = or_alter;
                Stmt::CreateDynamicTable(Box::new(s))
            });
        }
        if c.eat("TASK") {
            return parse_task(&mut c, or_replace).map(|s| Stmt::CreateTask(Box::new(s)));
        }
        if c.eat("STREAM") {
            let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
            let name = c.name()?;
            let dynamic = c.eat_seq(&["ON", "DYNAMIC", "TABLE"]);
            if !dynamic && !c.eat_seq(&["ON", "TABLE"]) {
                if c.eat("ON") {
                    return Err(SqlError::unsupported("Streams on views, external tables or stages are not supported yet; use ON TABLE or ON DYNAMIC TABLE.").at(c.position()));
                }
                return Err(c.error_here("ON TABLE"));
            }
            let table = c.name()?;
            let mut append_only = false;
            let mut comment = None;
            loop {
                if c.eat("APPEND_ONLY") {
                    c.equals()?;
                    append_only = if c.eat("TRUE") {
                        true
                    } else if c.eat("FALSE") {
                        false
                    } else {
                        return Err(c.error_here("TRUE or FALSE"));
                    };
                } else if c.eat("COMMENT") {
                    c.equals()?;
                    comment = Some(c.string()?);
                } else if matches!(
                    c.word().as_deref(),
                    Some("SHOW_INITIAL_ROWS" | "AT" | "BEFORE" | "INSERT_ONLY")
                ) {
                    return Err(SqlError::unsupported(format!(
                        "Stream option {} is not supported yet.",
                        c.word().unwrap_or_default()
                    ))
                    .at(c.position()));
                } else {
                    break;
                }
            }
            c.end()?;
            return Ok(Stmt::CreateStream {
                name,
                or_replace,
                if_not_exists,
                table,
                dynamic,
                append_only,
                comment,
            });
        }
    }
    c.at = start;
    if c.eat_seq(&["ALTER", "DYNAMIC", "TABLE"]) {
        let name = c.name()?;
        let action = if c.eat("REFRESH") {
            DtAction::Refresh
        } else if c.eat("SUSPEND") {
            DtAction::Suspend
        } else if c.eat("RESUME") {
            DtAction::Resume
        } else if c.eat("SET") {
            let mut target_lag = None;
            let mut warehouse = None;
            let mut scheduler_disabled = None;
            let mut initialization_warehouse = None;
            let mut comment = None;
            loop {
                if c.eat("TARGET_LAG") || c.eat("LAG") {
                    c.equals()?;
                    target_lag = Some(parse_target_lag(&mut c)?);
                } else if c.eat("WAREHOUSE") {
                    c.equals()?;
                    warehouse = Some(c.string_or_word()?);
                } else if c.eat("SCHEDULER") {
                    c.equals()?;
                    scheduler_disabled = Some(parse_scheduler(&mut c)?);
                } else if c.eat("INITIALIZATION_WAREHOUSE") {
                    c.equals()?;
                    initialization_warehouse = Some(Some(c.string_or_word()?));
                } else if c.eat("COMMENT") {
                    c.equals()?;
                    comment = Some(Some(c.string()?));
                } else {
                    break;
                }
                c.eat_token(&Token::Comma);
            }
            if target_lag.is_none()
                && warehouse.is_none()
                && scheduler_disabled.is_none()
                && initialization_warehouse.is_none()
                && comment.is_none()
            {
                return Err(c.error_here(
                    "TARGET_LAG, WAREHOUSE, SCHEDULER, INITIALIZATION_WAREHOUSE or COMMENT",
                ));
            }
            c.end()?;
            return Ok(Stmt::AlterDynamicTableSet {
                name,
                target_lag,
                warehouse,
                scheduler_disabled,
                initialization_warehouse,
                comment,
            });
        } else if c.eat("UNSET") {
            let mut initialization_warehouse = None;
            let mut comment = None;
            loop {
                if c.eat("INITIALIZATION_WAREHOUSE") {
                    initialization_warehouse = Some(None);
                } else if c.eat("COMMENT") {
                    comment = Some(None);
                } else {
                    break;
                }
                c.eat_token(&Token::Comma);
            }
            if initialization_warehouse.is_none() && comment.is_none() {
                return Err(c.error_here("INITIALIZATION_WAREHOUSE or COMMENT"));
            }
            c.end()?;
            return Ok(Stmt::AlterDynamicTableSet {
                name,
                target_lag: None,
                warehouse: None,
                scheduler_disabled: None,
                initialization_warehouse,
                comment,
            });
        } else if c.eat_seq(&["CLUSTER", "BY"]) {
            DtAction::ClusterBy(Some(clustering_key(&mut c)?))
        } else if c.eat_seq(&["DROP", "CLUSTERING", "KEY"]) {
            DtAction::ClusterBy(None)
        } else if c.eat("SUSPEND_RECLUSTER") || c.eat("RESUME_RECLUSTER") {
            DtAction::Recluster
        } else if c.eat_seq(&["RENAME", "TO"]) {
            DtAction::RenameTo(c.name()?)
        } else if c.eat_seq(&["SWAP", "WITH"]) {
            DtAction::SwapWith(c.name()?)
        } else {
            return Err(c.error_here(
                "REFRESH, SUSPEND, RESUME, SET, UNSET, RENAME TO, SWAP WITH or CLUSTER BY",
            ));
        };
        c.end()?;
        return Ok(Stmt::AlterDynamicTable { name, action });
    }
    c.at = start;
    if c.eat_seq(&["ALTER", "WAREHOUSE"]) {
        return parse_alter_warehouse(&mut c);
    }
    c.at = start;
    if c.eat_seq(&["ALTER", "TASK"]) {
        c.eat_seq(&["IF", "EXISTS"]);
        let name = c.name()?;
        let resume = if c.eat("RESUME") {
            true
        } else if c.eat("SUSPEND") {
            false
        } else {
            return Err(c.error_here("RESUME or SUSPEND"));
        };
        c.end()?;
        return Ok(Stmt::AlterTask { name, resume });
    }
    c.at = start;
    if c.eat_seq(&["EXECUTE", "TASK"]) {
        let name = c.name()?;
        c.end()?;
        return Ok(Stmt::ExecuteTask { name });
    }
    c.at = start;
    if c.eat("CALL") {
        let name = c.name()?;
        if name.display() == "SYSTEM$REFRESH_DYNAMIC_TABLE" {
            let (position, target) = c.only_string_argument()?;
            let target = parse_name_text(&target, position)?;
            return Ok(Stmt::AlterDynamicTable {
                name: target,
                action: DtAction::Refresh,
            });
        }
        if name.display() == "SYSTEM$ADVANCE_CLOCK" {
            let (position, text) = c.only_string_argument()?;
            let seconds = parse_duration(&text).ok_or_else(|| {
                SqlError::invalid(format!(
                    "Invalid duration '{text}': SYSTEM$ADVANCE_CLOCK takes '<n> seconds|minutes|hours|days'."
                ))
                .at(position)
            })?;
            return Ok(Stmt::AdvanceClock(seconds));
        }
        return Err(
            SqlError::unsupported(format!("Unknown function {}", name.display())).at(name.position),
        );
    }
    c.at = start;
    if c.eat("USE") {
        if c.eat("WAREHOUSE") {
            let w = c.name()?;
            c.end()?;
            return Ok(Stmt::UseWarehouse(w.display()));
        }
        if c.eat("ROLE") || c.eat_seq(&["SECONDARY", "ROLES"]) || c.eat("SECONDARY") {
            let role = c.name()?;
            c.end()?;
            return Ok(Stmt::UseRole(role.display()));
        }
        let kind = if c.eat("DATABASE") {
            Some(ObjectKind::Database)
        } else if c.eat("SCHEMA") {
            Some(ObjectKind::Schema)
        } else {
            None
        };
        let name = c.name()?;
        c.end()?;
        return Ok(Stmt::Use { kind, name });
    }
    c.at = start;
    if c.eat("DROP") {
        if c.eat("WAREHOUSE") {
            let if_exists = c.eat_seq(&["IF", "EXISTS"]);
            let name = warehouse_name(&mut c)?;
            c.end()?;
            return Ok(Stmt::DropWarehouse { name, if_exists });
        }
        let kind = if c.eat_seq(&["DYNAMIC", "TABLE"]) {
            ObjectKind::DynamicTable
        } else if c.eat("TABLE") {
            ObjectKind::Table
        } else if c.eat("VIEW") {
            ObjectKind::View
        } else if c.eat("TASK") {
            ObjectKind::Task
        } else if c.eat("STREAM") {
            ObjectKind::Stream
        } else if c.eat("DATABASE") {
            ObjectKind::Database
        } else if c.eat("SCHEMA") {
            ObjectKind::Schema
        } else {
            return Err(c.error_here(
                "TABLE, DYNAMIC TABLE, VIEW, TASK, STREAM, SCHEMA, DATABASE or WAREHOUSE",
            ));
        };
        let if_exists = c.eat_seq(&["IF", "EXISTS"]);
        let name = c.name()?;
        c.eat("CASCADE");
        c.eat("RESTRICT");
        c.end()?;
        return Ok(Stmt::Drop {
            kind,
            name,
            if_exists,
        });
    }
    c.at = start;
    if c.eat("SHOW") {
        c.eat("TERSE");
        let kind = if c.eat("OBJECTS") {
            ShowKind::Objects
        } else if c.eat_seq(&["DYNAMIC", "TABLES"]) {
            ShowKind::DynamicTables
        } else if c.eat("TABLES") {
            ShowKind::Tables
        } else if c.eat("VIEWS") {
            ShowKind::Views
        } else if c.eat("TASKS") {
            ShowKind::Tasks
        } else if c.eat("STREAMS") {
            ShowKind::Streams
        } else if c.eat("DATABASES") {
            ShowKind::Databases
        } else if c.eat("SCHEMAS") {
            ShowKind::Schemas
        } else if c.eat_seq(&["USER", "FUNCTIONS"]) {
            ShowKind::UserFunctions
        } else if c.eat("WAREHOUSES") {
            ShowKind::Warehouses
        } else {
            return Err(c.error_here(
                "OBJECTS, DYNAMIC TABLES, TABLES, VIEWS, TASKS, STREAMS, SCHEMAS, DATABASES, USER FUNCTIONS or WAREHOUSES",
            ));
        };
        let like = if c.eat("LIKE") {
            Some(c.string()?)
        } else {
            None
        };
        let named = |c: &mut Cursor| -> Result<Option<Name>> {
            if matches!(c.peek(), Some(Token::Word(_)))
                && !matches!(c.word().as_deref(), Some("STARTS" | "LIMIT"))
            {
                c.name().map(Some)
            } else {
                Ok(None)
            }
        };
        let scope = if c.eat("IN") {
            if c.eat("ACCOUNT") {
                ShowScope::Account
            } else if c.eat("DATABASE") {
                ShowScope::Database(named(&mut c)?)
            } else if c.eat("SCHEMA") {
                ShowScope::Schema(named(&mut c)?)
            } else {
                ShowScope::Schema(Some(c.name()?))
            }
        } else {
            ShowScope::Default
        };
        let starts_with = if c.eat_seq(&["STARTS", "WITH"]) {
            Some(c.string()?)
        } else {
            None
        };
        let limit = if c.eat("LIMIT") {
            let position = c.position();
            let n = c.number()?;
            if c.eat("FROM") {
                c.string()?;
            }
            Some(
                n.parse()
                    .map_err(|_| SqlError::invalid(format!("Invalid LIMIT '{n}'.")).at(position))?,
            )
        } else {
            None
        };
        c.end()?;
        return Ok(Stmt::Show {
            kind,
            like,
            scope,
            starts_with,
            limit,
        });
    }
    c.at = start;
    if c.eat("DESC") || c.eat("DESCRIBE") {
        let kinds: &'static [&'static str] = if c.eat_seq(&["DYNAMIC", "TABLE"]) {
            &["DYNAMIC TABLE"]
        } else if c.eat("TABLE") {
            &["TABLE", "DYNAMIC TABLE"]
        } else if c.eat("VIEW") {
            &["VIEW"]
        } else {
            return Err(c.error_here("TABLE, DYNAMIC TABLE or VIEW"));
        };
        let name = c.name()?;
        c.eat_seq(&["TYPE", "=", "COLUMNS"]);
        c.end()?;
        return Ok(Stmt::Describe { name, kinds });
    }
    c.at = start;
    if c.eat("BEGIN") || c.eat_seq(&["START", "TRANSACTION"]) {
        c.eat("TRANSACTION");
        c.eat("WORK");
        c.end()?;
        return Ok(Stmt::Begin);
    }
    c.at = start;
    for (word, stmt) in [("COMMIT", Stmt::Commit), ("ROLLBACK", Stmt::Rollback)] {
        if c.eat(word) {
            c.eat("WORK");
            c.eat("TRANSACTION");
            c.end()?;
            return Ok(stmt);
        }
        c.at = start;
    }
    // `RELY` / `NORELY` after a constraint only tell Snowflake's optimizer whether to trust it;
    // sqlparser does not know them, and constraints are not enforced here either way.
    c.at = start;
    let mut tokens = tokens.clone();
    if c.eat("CREATE") || c.eat("ALTER") {
        tokens.retain(|t| {
            !matches!(&t.token, Token::Word(w) if w.quote_style.is_none()
                && (w.value.eq_ignore_ascii_case("RELY") || w.value.eq_ignore_ascii_case("NORELY")))
        });
    }
    let mut parser = Parser::new(&SnowflakeDialect {}).with_tokens_with_locations(tokens);
    let statement = parser
        .parse_statement()
        .map_err(|e| at_end_if_eof(syntax_error(e, Position { line: 1, column: 0 }), text))?;
    while parser.consume_token(&Token::SemiColon) {}
    if parser.peek_token().token != Token::EOF {
        let t = parser.peek_token();
        return Err(
            SqlError::syntax(format!("unexpected '{}'.", t.token)).at(to_position(t.span.start))
        );
    }
    Ok(Stmt::Sql(Box::new(statement)))
}

/// Parses an object name written as text (`raw_orders`, `DB.SCHEMA."t"`), reporting errors at `position`.
pub(crate) fn parse_name_text(text: &str, position: Position) -> Result<Name> {
    let tokens = tokenize(text).map_err(|e| e.at(position))?;
    let mut c = Cursor {
        tokens: &tokens,
        at: 0,
        text,
    };
    let mut name = c
        .name()
        .map_err(|_| SqlError::invalid(format!("Invalid object name '{text}'.")).at(position))?;
    c.end()
        .map_err(|_| SqlError::invalid(format!("Invalid object name '{text}'.")).at(position))?;
    name.position = position;
    Ok(name)
}

/// A warehouse's name: one identifier, folded as Snowflake folds it.
fn warehouse_name(c: &mut Cursor) -> Result<Name> {
    let name = c.name()?;
    if name.parts.len() != 1 {
        return Err(SqlError::invalid(format!(
            "Invalid warehouse name '{}': a warehouse is not in a database or schema.",
            name.display()
        ))
        .at(name.position));
    }
    Ok(name)
}

/// `ALTER WAREHOUSE [IF EXISTS] name …`, after `ALTER WAREHOUSE` (docs:
/// sql-reference/sql/alter-warehouse).
fn parse_alter_warehouse(c: &mut Cursor) -> Result<Stmt> {
    let if_exists = c.eat_seq(&["IF", "EXISTS"]);
    let name = warehouse_name(c)?;
    let action = if c.eat("SUSPEND") {
        WarehouseAction::Suspend
    } else if c.eat("RESUME") {
        WarehouseAction::Resume {
            if_suspended: c.eat_seq(&["IF", "SUSPENDED"]),
        }
    } else if c.eat_seq(&["ABORT", "ALL", "QUERIES"]) {
        WarehouseAction::AbortAllQueries
    } else if c.eat_seq(&["RENAME", "TO"]) {
        WarehouseAction::RenameTo(warehouse_name(c)?)
    } else if c.eat("SET") {
        let from = c.at;
        let properties = warehouse_properties(c, false)?;
        if c.at == from {
            return Err(c.error_here("a warehouse property"));
        }
        WarehouseAction::Set(properties)
    } else if c.eat("UNSET") {
        WarehouseAction::Unset(warehouse_unset(c)?)
    } else {
        return Err(c.error_here("SUSPEND, RESUME, ABORT ALL QUERIES, RENAME TO, SET or UNSET"));
    };
    c.end()?;
    Ok(Stmt::AlterWarehouse {
        name,
        if_exists,
        action,
    })
}

/// The parameters a warehouse takes besides its properties: accepted with a number and not kept,
/// as statements here are neither queued nor timed out.
const WAREHOUSE_PARAMETERS: &[&str] = &[
    "MAX_CONCURRENCY_LEVEL",
    "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS",
    "STATEMENT_TIMEOUT_IN_SECONDS",
];

/// The `<property> = <value>` list of CREATE WAREHOUSE (`create`) or ALTER WAREHOUSE … SET, with
/// optional commas between, up to the first word that is not followed by `=`. Parameters, tags,
/// `WAIT_FOR_COMPLETION`, `RESOURCE_CONSTRAINT` and `GENERATION` are checked and not returned.
fn warehouse_properties(c: &mut Cursor, create: bool) -> Result<Vec<WarehouseProperty>> {
    let mut properties = Vec::new();
    loop {
        c.eat_token(&Token::Comma);
        let Some(word) = c.word() else { break };
        let position = c.position();
        if word == "TAG" {
            c.at += 1;
            warehouse_tags(c)?;
            continue;
        }
        if c.tokens.get(c.at + 1).map(|t| &t.token) != Some(&Token::Eq) {
            break;
        }
        c.at += 2;
        let value_position = c.position();
        let property = match word.as_str() {
            "WAREHOUSE_SIZE" => {
                let value = keyword_value(c)?;
                let size = crate::warehouse::size_display(&value).ok_or_else(|| {
                    invalid_value(
                        &word,
                        &value,
                        "XSMALL, SMALL, MEDIUM, LARGE, XLARGE, XXLARGE, XXXLARGE, X4LARGE, X5LARGE or X6LARGE",
                    )
                    .at(value_position)
                })?;
                WarehouseProperty::Size(size.to_owned())
            }
            "WAREHOUSE_TYPE" => {
                WarehouseProperty::Type(one_of(c, &word, &["STANDARD", "SNOWPARK-OPTIMIZED"])?)
            }
            "MIN_CLUSTER_COUNT" => WarehouseProperty::MinClusterCount(count(c, &word)?),
            "MAX_CLUSTER_COUNT" => WarehouseProperty::MaxClusterCount(count(c, &word)?),
            "SCALING_POLICY" => {
                WarehouseProperty::ScalingPolicy(one_of(c, &word, &["STANDARD", "ECONOMY"])?)
            }
            "AUTO_SUSPEND" => WarehouseProperty::AutoSuspend(if c.eat("NULL") {
                None
            } else {
                Some(count(c, &word)?)
            }),
            "AUTO_RESUME" => WarehouseProperty::AutoResume(boolean(c, &word)?),
            "INITIALLY_SUSPENDED" if create => {
                WarehouseProperty::InitiallySuspended(boolean(c, &word)?)
            }
            "RESOURCE_MONITOR" => WarehouseProperty::ResourceMonitor(if c.eat("NULL") {
                None
            } else {
                Some(c.string_or_word()?)
            }),
            "COMMENT" => WarehouseProperty::Comment(c.string()?),
            "ENABLE_QUERY_ACCELERATION" => {
                WarehouseProperty::EnableQueryAcceleration(boolean(c, &word)?)
            }
            "QUERY_ACCELERATION_MAX_SCALE_FACTOR" => {
                WarehouseProperty::QueryAccelerationMaxScaleFactor(count(c, &word)?)
            }
            w if WAREHOUSE_PARAMETERS.contains(&w) => {
                count(c, &word)?;
                continue;
            }
            "WAIT_FOR_COMPLETION" if !create => {
                boolean(c, &word)?;
                continue;
            }
            "RESOURCE_CONSTRAINT" | "GENERATION" => {
                keyword_value(c)?;
                continue;
            }
            _ => return Err(invalid_property(&word).at(position)),
        };
        properties.push(property);
    }
    Ok(properties)
}

/// The names after `ALTER WAREHOUSE … UNSET`, comma-separated; parameters and `TAG <name>, …` are
/// accepted and not returned.
fn warehouse_unset(c: &mut Cursor) -> Result<Vec<WarehouseField>> {
    if c.eat("TAG") {
        loop {
            c.name()?;
            if !c.eat_token(&Token::Comma) {
                return Ok(Vec::new());
            }
        }
    }
    let mut fields = Vec::new();
    loop {
        let position = c.position();
        let Some(word) = c.word() else {
            return Err(c.error_here("a warehouse property"));
        };
        c.at += 1;
        let field = match word.as_str() {
            "WAREHOUSE_SIZE" => Some(WarehouseField::Size),
            "WAREHOUSE_TYPE" => Some(WarehouseField::Type),
            "MIN_CLUSTER_COUNT" => Some(WarehouseField::MinClusterCount),
            "MAX_CLUSTER_COUNT" => Some(WarehouseField::MaxClusterCount),
            "SCALING_POLICY" => Some(WarehouseField::ScalingPolicy),
            "AUTO_SUSPEND" => Some(WarehouseField::AutoSuspend),
            "AUTO_RESUME" => Some(WarehouseField::AutoResume),
            "RESOURCE_MONITOR" => Some(WarehouseField::ResourceMonitor),
            "COMMENT" => Some(WarehouseField::Comment),
            "ENABLE_QUERY_ACCELERATION" => Some(WarehouseField::EnableQueryAcceleration),
            "QUERY_ACCELERATION_MAX_SCALE_FACTOR" => {
                Some(WarehouseField::QueryAccelerationMaxScaleFactor)
            }
            w if WAREHOUSE_PARAMETERS.contains(&w) => None,
            _ => return Err(invalid_property(&word).at(position)),
        };
        fields.extend(field);
        if !c.eat_token(&Token::Comma) {
            return Ok(fields);
        }
    }
}

/// `TAG ( <name> = '<value>' [, …] )` of CREATE, or `TAG <name> = '<value>' [, …]` of ALTER …
/// SET: tags are accepted and not kept.
fn warehouse_tags(c: &mut Cursor) -> Result<()> {
    let parenthesized = c.eat_token(&Token::LParen);
    loop {
        c.name()?;
        c.equals()?;
        c.string()?;
        if !c.eat_token(&Token::Comma) {
            break;
        }
    }
    if parenthesized && !c.eat_token(&Token::RParen) {
        return Err(c.error_here("')'"));
    }
    Ok(())
}

/// Snowflake's error for a property a warehouse does not have.
fn invalid_property(name: &str) -> SqlError {
    SqlError::invalid(format!("Invalid property '{name}' for 'WAREHOUSE'."))
}

fn invalid_value(property: &str, value: &str, expected: &str) -> SqlError {
    SqlError::invalid(format!(
        "Invalid value ['{value}'] for property '{property}': expected {expected}."
    ))
}

/// A keyword value, quoted or not; unquoted words joined by `-` read as one (`X-SMALL`,
/// `SNOWPARK-OPTIMIZED`).
fn keyword_value(c: &mut Cursor) -> Result<String> {
    if let Some(Token::SingleQuotedString(s)) = c.peek() {
        let s = s.clone();
        c.at += 1;
        return Ok(s);
    }
    let mut value = String::new();
    loop {
        match c.peek() {
            Some(Token::Word(w)) if w.quote_style.is_none() => value.push_str(&w.value),
            Some(Token::Number(n, _)) => value.push_str(n),
            _ => return Err(c.error_here("a value")),
        }
        c.at += 1;
        if !c.eat_token(&Token::Minus) {
            return Ok(value.to_ascii_uppercase());
        }
        value.push('-');
    }
}

/// One of `allowed` (compared without case), as Snowflake spells it.
fn one_of(c: &mut Cursor, property: &str, allowed: &[&str]) -> Result<String> {
    let position = c.position();
    let value = keyword_value(c)?;
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(&value))
        .map(|a| (*a).to_owned())
        .ok_or_else(|| invalid_value(property, &value, &allowed.join(" or ")).at(position))
}

/// A whole number of zero or more.
fn count(c: &mut Cursor, property: &str) -> Result<u64> {
    let position = c.position();
    let value = match c.peek() {
        Some(Token::SingleQuotedString(_)) => c.string()?,
        _ => c.number()?,
    };
    value
        .trim()
        .parse()
        .map_err(|_| invalid_value(property, &value, "a whole number").at(position))
}

/// `TRUE` or `FALSE`, quoted or not.
fn boolean(c: &mut Cursor, property: &str) -> Result<bool> {
    let position = c.position();
    let value = keyword_value(c)?;
    match value.to_ascii_uppercase().as_str() {
        "TRUE" => Ok(true),
        "FALSE" => Ok(false),
        _ => Err(invalid_value(property, &value, "TRUE or FALSE").at(position)),
    }
}

fn skip_comment_option(c: &mut Cursor) -> Result<()> {
    if c.eat("COMMENT") {
        c.equals()?;
        c.string()?;
    }
    Ok(())
}

/// The parenthesized expression list of `CLUSTER BY (…)`, as written.
fn clustering_key(c: &mut Cursor) -> Result<String> {
    let from = c.byte_offset();
    let mut depth = 0;
    loop {
        match c.peek() {
            Some(Token::LParen) => depth += 1,
            Some(Token::RParen) => {
                depth -= 1;
                if depth == 0 {
                    c.at += 1;
                    break;
                }
            }
            None => return Err(c.error_here("')'")),
            _ => {}
        }
        c.at += 1;
    }
    Ok(c.text[from..c.byte_offset()].trim().to_owned())
}

fn parse_target_lag(c: &mut Cursor) -> Result<TargetLag> {
    if c.eat("DOWNSTREAM") {
        return Ok(TargetLag::Downstream);
    }
    let position = c.position();
    let text = c.string()?;
    if text.trim().eq_ignore_ascii_case("DOWNSTREAM") {
        return Ok(TargetLag::Downstream);
    }
    let secs = parse_duration(&text).ok_or_else(|| {
        SqlError::invalid(format!(
            "Invalid value ['{text}'] for parameter 'TARGET_LAG': expected '<num> {{ seconds | minutes | hours | days }}' or DOWNSTREAM."
        ))
        .at(position)
    })?;
    if secs < 60 {
        return Err(SqlError::invalid(format!(
            "Invalid value ['{text}'] for parameter 'TARGET_LAG': the minimum target lag is 1 minute."
        ))
        .at(position));
    }
    Ok(TargetLag::Seconds(secs))
}

fn parse_dynamic_table(
    c: &mut Cursor,
    or_replace: bool,
    transient: bool,
) -> Result<DynamicTableSpec> {
    let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
    if or_replace && if_not_exists {
        return Err(
            SqlError::syntax("OR REPLACE and IF NOT EXISTS cannot both be given.").at(c.position()),
        );
    }
    let name = c.name()?;
    let mut columns = Vec::new();
    if c.eat_token(&Token::LParen) {
        loop {
            let column = c.name()?;
            if column.parts.len() != 1 {
                return Err(
                    SqlError::syntax("A column name cannot be qualified.").at(column.position)
                );
            }
            let comment = if c.eat("COMMENT") {
                Some(c.string()?)
            } else {
                None
            };
            columns.push((column.last().to_owned(), comment));
            if c.eat_token(&Token::RParen) {
                break;
            }
            if !c.eat_token(&Token::Comma) {
                return Err(c.error_here("',' or ')'"));
            }
        }
    }
    let mut scheduler_disabled = false;
    let mut initialization_warehouse = None;
    let mut target_lag = None;
    let mut warehouse = None;
    let mut refresh_mode = RefreshModeSetting::Auto;
    let mut initialize = Initialize::OnCreate;
    let mut comment = None;
    let mut cluster_by = None;
    loop {
        // `LAG` is the keyword's older spelling.
        if c.eat("TARGET_LAG") || c.eat("LAG") {
            c.equals()?;
            target_lag = Some(parse_target_lag(c)?);
        } else if c.eat("WAREHOUSE") {
            c.equals()?;
            warehouse = Some(c.string_or_word()?);
        } else if c.eat("SCHEDULER") {
            c.equals()?;
            scheduler_disabled = parse_scheduler(c)?;
        } else if c.eat("INITIALIZATION_WAREHOUSE") {
            c.equals()?;
            initialization_warehouse = Some(c.string_or_word()?);
        } else if matches!(
            c.word().as_deref(),
            Some(
                "IMMUTABLE"
                    | "FROZEN"
                    | "BACKFILL"
                    | "REQUIRE"
                    | "DATA_RETENTION_TIME_IN_DAYS"
                    | "MAX_DATA_EXTENSION_TIME_IN_DAYS"
                    | "WITH"
                    | "COPY"
                    | "EXECUTE"
            )
        ) {
            return Err(SqlError::unsupported(format!(
                "CREATE DYNAMIC TABLE option {} is not supported yet.",
                c.word().unwrap_or_default()
            ))
            .at(c.position()));
        } else if c.eat("REFRESH_MODE") {
            c.equals()?;
            refresh_mode = if c.eat("AUTO") {
                RefreshModeSetting::Auto
            } else if c.eat("FULL") {
                RefreshModeSetting::Full
            } else if c.eat("INCREMENTAL") {
                RefreshModeSetting::Incremental
            } else if c.eat("ADAPTIVE") {
                RefreshModeSetting::Adaptive
            } else {
                return Err(c.error_here("AUTO, FULL, INCREMENTAL or ADAPTIVE"));
            };
        } else if c.eat("INITIALIZE") {
            c.equals()?;
            initialize = if c.eat("ON_CREATE") {
                Initialize::OnCreate
            } else if c.eat("ON_SCHEDULE") {
                Initialize::OnSchedule
            } else {
                return Err(c.error_here("ON_CREATE or ON_SCHEDULE"));
            };
        } else if c.eat("COMMENT") {
            c.equals()?;
            comment = Some(c.string()?);
        } else if c.eat_seq(&["CLUSTER", "BY"]) {
            cluster_by = Some(clustering_key(c)?);
        } else {
            break;
        }
    }
    let as_position = c.position();
    c.expect("AS")?;
    let target_lag = match target_lag {
        Some(lag) => lag,
        // Without the scheduler there is no lag to keep; the table waits for manual refreshes.
        None if scheduler_disabled => TargetLag::Downstream,
        None => {
            return Err(
                SqlError::invalid("Missing option 'TARGET_LAG' for CREATE DYNAMIC TABLE.")
                    .at(as_position),
            );
        }
    };
    let warehouse = warehouse.ok_or_else(|| {
        SqlError::invalid("Missing option 'WAREHOUSE' for CREATE DYNAMIC TABLE.").at(as_position)
    })?;
    // dbt writes `AS ( <query> )`: the parentheses around the whole query are not part of it.
    let mut tokens = &c.tokens[c.at..];
    while matches!(tokens.last().map(|t| &t.token), Some(Token::SemiColon)) {
        tokens = &tokens[..tokens.len() - 1];
    }
    let mut query_start = c.byte_offset();
    let mut query_end = c.text.trim_end().trim_end_matches(';').trim_end().len();
    if tokens.first().map(|t| &t.token) == Some(&Token::LParen)
        && closing_paren(tokens) == Some(tokens.len() - 1)
    {
        query_start = c.byte_offset() + 1;
        query_end = byte_of(c.text, tokens[tokens.len() - 1].span.start);
        tokens = &tokens[1..tokens.len() - 1];
    }
    let query_text = c.text[query_start..query_end].trim().to_owned();
    let query_offset = crate::dialect::split::position_of(c.text, query_start);
    let query = parse_query_tokens(tokens, c.text)?;
    Ok(DynamicTableSpec {
        name,
        or_replace,
        or_alter: false,
        if_not_exists,
        transient,
        target_lag,
        scheduler_disabled,
        initialization_warehouse,
        columns,
        warehouse,
        refresh_mode,
        initialize,
        comment,
        cluster_by,
        query,
        query_text,
        query_offset,
    })
}

/// `SCHEDULER = 'ENABLE' | 'DISABLE'` (quoted or not); true for DISABLE.
fn parse_scheduler(c: &mut Cursor) -> Result<bool> {
    let position = c.position();
    let value = c.string_or_word()?;
    match value.to_ascii_uppercase().as_str() {
        "ENABLE" => Ok(false),
        "DISABLE" => Ok(true),
        _ => Err(SqlError::invalid(format!(
            "Invalid value ['{value}'] for parameter 'SCHEDULER': expected ENABLE or DISABLE."
        ))
        .at(position)),
    }
}

/// The index of the parenthesis that closes the one `tokens` starts with.
fn closing_paren(tokens: &[TokenWithSpan]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// sqlparser reports running out of input at position 0; Snowflake points at the end of the text.
fn at_end_if_eof(mut e: SqlError, text: &str) -> SqlError {
    if e.message.starts_with("unexpected 'EOF'") {
        e.position = Some(crate::dialect::split::position_of(
            text,
            text.trim_end().len(),
        ));
    }
    e
}

fn parse_query_tokens(tokens: &[TokenWithSpan], text: &str) -> Result<Box<Query>> {
    let mut parser = Parser::new(&SnowflakeDialect {}).with_tokens_with_locations(tokens.to_vec());
    let query = parser
        .parse_query()
        .map_err(|e| at_end_if_eof(syntax_error(e, Position { line: 1, column: 0 }), text))?;
    while parser.consume_token(&Token::SemiColon) {}
    let t = parser.peek_token();
    if t.token != Token::EOF {
        return Err(
            SqlError::syntax(format!("unexpected '{}'.", t.token)).at(to_position(t.span.start))
        );
    }
    Ok(query)
}

fn parse_task(c: &mut Cursor, or_replace: bool) -> Result<TaskSpec> {
    let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
    let name = c.name()?;
    let mut warehouse = None;
    let mut schedule = None;
    let mut comment = None;
    let mut after = Vec::new();
    let mut condition = None;
    loop {
        if c.eat("WAREHOUSE") {
            c.equals()?;
            warehouse = Some(c.string_or_word()?);
        } else if c.eat("SCHEDULE") {
            c.equals()?;
            let position = c.position();
            let text = c.string()?;
            if text.trim().to_ascii_uppercase().starts_with("USING CRON") {
                let cron =
                    crate::cron::Cron::parse(&text.trim()["USING CRON".len()..]).map_err(|e| {
                        SqlError::invalid(format!(
                            "Invalid value ['{text}'] for parameter 'SCHEDULE': {e}."
                        ))
                        .at(position)
                    })?;
                schedule = Some(Schedule::Cron(cron));
                continue;
            }
            let secs = parse_duration(&text)
                .filter(|s| s % 60 == 0 && *s > 0)
                .ok_or_else(|| {
                    SqlError::invalid(format!(
                        "Invalid value ['{text}'] for parameter 'SCHEDULE': expected '<num> MINUTE' or 'USING CRON <expr> <time_zone>'."
                    ))
                    .at(position)
                })?;
            schedule = Some(Schedule::Every(secs));
        } else if c.eat("COMMENT") {
            c.equals()?;
            comment = Some(c.string()?);
        } else if c.eat("AFTER") {
            after.push(c.name()?);
            while c.eat_token(&Token::Comma) {
                after.push(c.name()?);
            }
        } else if c.eat("WHEN") {
            let from = c.byte_offset();
            let mut depth = 0;
            while let Some(t) = c.peek() {
                match t {
                    Token::LParen => depth += 1,
                    Token::RParen => depth -= 1,
                    Token::Word(w)
                        if depth == 0
                            && w.quote_style.is_none()
                            && w.value.eq_ignore_ascii_case("AS") =>
                    {
                        break;
                    }
                    _ => {}
                }
                c.at += 1;
            }
            let text = c.text[from..c.byte_offset()].trim().to_owned();
            if text.is_empty() {
                return Err(c.error_here("a condition"));
            }
            condition = Some(text);
        } else {
            break;
        }
    }
    c.expect("AS")?;
    let body = c.text[c.byte_offset()..]
        .trim()
        .trim_end_matches(';')
        .trim_end()
        .to_owned();
    if body.is_empty() {
        return Err(c.error_here("a SQL statement"));
    }
    if schedule.is_none() && after.is_empty() {
        return Err(
            SqlError::invalid("A task needs SCHEDULE = '<n> MINUTE' or AFTER <task>.")
                .at(name.position),
        );
    }
    Ok(TaskSpec {
        name,
        or_replace,
        if_not_exists,
        warehouse,
        schedule,
        after,
        comment,
        condition,
        body,
    })
}
