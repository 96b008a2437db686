//! Snowflake-style errors: a code, an SQLSTATE, the problem, and where it is.

use std::fmt;

/// Where in the submitted text a problem was found (1-based line, 0-based position, as Snowflake prints).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// The line, from 1.
    pub line: u64,
    /// The position within the line, from 0.
    pub column: u64,
}

/// An error returned for a statement, formatted the way Snowflake reports compilation errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlError {
    /// Snowflake's error number, e.g. `001003` for a syntax error.
    pub code: &'static str,
    /// The SQLSTATE class and subclass, e.g. `42000`, as Snowflake's clients receive it.
    pub sqlstate: &'static str,
    /// `SQL compilation error`, `SQL execution error`, ...
    pub kind: &'static str,
    /// What went wrong, in Snowflake's wording.
    pub message: String,
    /// Where in the submitted text, when known; shown as `line L at position P`.
    pub position: Option<Position>,
    /// The statement the error belongs to (first line, trimmed), once known.
    pub statement: Option<String>,
}

impl SqlError {
    fn new(
        code: &'static str,
        sqlstate: &'static str,
        kind: &'static str,
        message: String,
    ) -> Self {
        Self {
            code,
            sqlstate,
            kind,
            message,
            position: None,
            statement: None,
        }
    }

    /// `001003 (42000)`: the text is not valid SQL.
    pub fn syntax(message: impl Into<String>) -> Self {
        Self::new("001003", "42000", "SQL compilation error", message.into())
    }

    /// `002003 (42S02)`: a named object is missing.
    pub fn does_not_exist(kind: &str, name: &str) -> Self {
        Self::new(
            "002003",
            "42S02",
            "SQL compilation error",
            format!("{kind} '{name}' does not exist or not authorized."),
        )
    }

    /// `002002 (42710)`: an object of that name exists already.
    pub fn already_exists(kind: &str, name: &str) -> Self {
        Self::new(
            "002002",
            "42710",
            "SQL compilation error",
            format!("Object '{name}' already exists as {kind}."),
        )
    }

    /// `000904 (42000)`: a column name does not resolve.
    pub fn invalid_identifier(name: &str) -> Self {
        Self::new(
            "000904",
            "42000",
            "SQL compilation error",
            format!("invalid identifier '{name}'"),
        )
    }

    /// `002040 (42601)`: a construct that this engine does not support (a documented limit).
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new("002040", "0A000", "SQL compilation error", message.into())
    }

    /// `002711 (0A000)`: a dynamic table asks for incremental refresh its query cannot have.
    pub fn not_incremental(message: impl Into<String>) -> Self {
        Self::new("002711", "0A000", "SQL compilation error", message.into())
    }

    /// `002057 (42601)`: a statement that is well formed but invalid in its context.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new("002057", "42601", "SQL compilation error", message.into())
    }

    /// `090064 (22000)`: an object is not in the state the statement needs (`Invalid state.
    /// Warehouse 'W' cannot be suspended.`).
    pub fn invalid_state(message: impl Into<String>) -> Self {
        Self::new("090064", "22000", "SQL execution error", message.into())
    }

    /// `100038 (22018)` and friends: the statement compiled but failed while running.
    pub fn execution(message: impl Into<String>) -> Self {
        Self::new("100038", "22000", "SQL execution error", message.into())
    }

    /// `100069 (22P02)`: text given as JSON is not JSON.
    pub fn json_parse(message: impl Into<String>) -> Self {
        Self::new("100069", "22P02", "SQL execution error", message.into())
    }

    /// Locates the error at `position`, unless it is located already.
    pub fn at(mut self, position: Position) -> Self {
        if self.position.is_none() {
            self.position = Some(position);
        }
        self
    }

    /// Shifts a position found inside a statement to its place in the whole script.
    pub fn offset_by(mut self, base: Position) -> Self {
        if let Some(p) = self.position.as_mut() {
            if p.line == 1 {
                p.column += base.column;
            }
            p.line += base.line - 1;
        }
        self
    }

    /// Names the statement the error belongs to (its first line, shortened), unless it is named
    /// already.
    pub fn in_statement(mut self, text: &str) -> Self {
        if self.statement.is_none() {
            let first = text.trim().lines().next().unwrap_or("").trim();
            let mut shown: String = first.chars().take(80).collect();
            if shown.len() < first.len() || text.trim().lines().nth(1).is_some() {
                shown.push_str(" ...");
            }
            self.statement = Some(shown);
        }
        self
    }
}

impl SqlError {
    /// `000603 (XX000)`: something failed inside the engine; the statement changed nothing.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            "000603",
            "XX000",
            "SQL execution internal error",
            message.into(),
        )
    }

    /// `000630 (57014)`: the statement ran out of time and was canceled.
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new("000630", "57014", "SQL execution error", message.into())
    }

    /// `000604 (57014)`: the statement was canceled before it ran.
    pub fn canceled() -> Self {
        Self::new("000604", "57014", "SQL execution canceled", String::new())
    }

    /// The message as Snowflake's protocols carry it, without the code in front
    /// (`SQL compilation error:\nsyntax error line 1 at position 7 unexpected 'x'.`).
    pub fn protocol_message(&self) -> String {
        let mut text = String::new();
        self.write_body(&mut text).expect("writing to a String");
        text
    }

    fn write_body(&self, f: &mut impl fmt::Write) -> fmt::Result {
        if self.message.is_empty() {
            return write!(f, "{}", self.kind);
        }
        write!(f, "{}:", self.kind)?;
        match self.position {
            Some(p) if self.code == "001003" => write!(
                f,
                "\nsyntax error line {} at position {} {}",
                p.line, p.column, self.message
            )?,
            Some(p) => write!(
                f,
                " error line {} at position {}\n{}",
                p.line, p.column, self.message
            )?,
            None => write!(f, "\n{}", self.message)?,
        }
        Ok(())
    }
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): ", self.code, self.sqlstate)?;
        self.write_body(f)?;
        if let Some(s) = &self.statement {
            write!(f, "\n  in statement: {s}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SqlError {}

/// The result of an engine operation, failing with a Snowflake-style [`SqlError`].
pub type Result<T, E = SqlError> = std::result::Result<T, E>;
