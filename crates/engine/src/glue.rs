//! The GlueSQL adapter: GlueSQL's errors in Snowflake's words, values as literals GlueSQL reads
//! back, and the SQL written for GlueSQL parsed back into a query.

use crate::dialect::parse::{normalize_ident, to_position};
use crate::error::{Position, Result, SqlError};
use crate::types::display_value;
use gluesql_core::data::Value;

/// A GlueSQL failure inside the engine's own work, as an execution error.
pub fn glue_error(e: gluesql_core::error::Error) -> SqlError {
    SqlError::execution(e.to_string())
}

/// GlueSQL errors in Snowflake's words, positioned at the identifier they name when there is one.
pub fn map_glue_error(e: gluesql_core::error::Error, original: &str) -> SqlError {
    let msg = e.to_string();
    if let Some(i) = msg.find("identifier not found: ") {
        let rest = &msg[i + "identifier not found: ".len()..];
        let name = rest
            .rsplit('.')
            .next()
            .unwrap_or(rest)
            .trim_matches('"')
            .to_owned();
        let err = SqlError::invalid_identifier(&name);
        return match locate_ident(original, &name) {
            Some(p) => err.at(p),
            None => err,
        };
    }
    // What GlueSQL cannot translate is a construct Snowglobe does not support yet.
    if let Some(what) = msg.strip_prefix("translate: ") {
        let what = what.lines().next().unwrap_or(what).trim_end_matches('.');
        return SqlError::unsupported(format!("Not supported by Snowglobe yet: {what}."));
    }
    if msg.contains("divisor should not be zero") {
        return SqlError {
            code: "100051",
            ..SqlError::execution("Division by zero")
        };
    }
    for prefix in ["storage: ", "[Storage] "] {
        if let Some(s) = msg.strip_prefix(prefix) {
            return SqlError::execution(s.to_owned());
        }
    }
    if msg.contains("data type cannot be used as Key") {
        return SqlError::unsupported(
            "ORDER BY, GROUP BY or DISTINCT on an OBJECT or ARRAY value is not supported yet; use its text (TO_JSON(v)) instead.",
        );
    }
    // A text GlueSQL cannot cast, in Snowflake's words (`Date '2024-02-30' is not recognized`).
    let unparsed = msg
        .split("failed to parse text \"")
        .nth(1)
        .and_then(|rest| rest.split_once("\" to "))
        .or_else(|| {
            msg.split("failed to convert value(Str(\"")
                .nth(1)
                .and_then(|rest| rest.split_once("\")) to data type("))
        });
    if let Some((text, ty)) = unparsed {
        let what = match ty.trim().trim_end_matches(['.', ')']) {
            "DATE" => "Date",
            "TIMESTAMP" => "Timestamp",
            "TIME" => "Time",
            "BOOLEAN" => "Boolean value",
            _ => "Numeric value",
        };
        return SqlError::execution(format!("{what} '{text}' is not recognized"));
    }
    SqlError::execution(msg)
}

/// Where an identifier (as resolved) first appears in a statement.
fn locate_ident(text: &str, name: &str) -> Option<Position> {
    let tokens = crate::dialect::parse::tokenize(text).ok()?;
    tokens.iter().find_map(|t| match &t.token {
        sqlparser::tokenizer::Token::Word(w)
            if normalize_ident(&sqlparser::ast::Ident {
                value: w.value.clone(),
                quote_style: w.quote_style,
                span: t.span,
            }) == name =>
        {
            Some(to_position(t.span.start))
        }
        _ => None,
    })
}

/// Parses SQL the rewriter produced for GlueSQL back into a query (GlueSQL's generic dialect).
pub fn parse_glue_query(sql: &str) -> Result<sqlparser::ast::Query> {
    let mut parser = sqlparser::parser::Parser::new(&sqlparser::dialect::GenericDialect {})
        .try_with_sql(sql)
        .map_err(|e| crate::dialect::parse::syntax_error(e, Position { line: 1, column: 0 }))?;
    parser
        .parse_query()
        .map(|q| *q)
        .map_err(|e| crate::dialect::parse::syntax_error(e, Position { line: 1, column: 0 }))
}

/// Renders a value as a SQL literal that GlueSQL reads back as the same value.
pub fn sql_literal(v: &Value) -> String {
    match v {
        Value::Null => "NULL".to_owned(),
        Value::Str(s) => crate::catalog::sql_string(s),
        Value::Bool(b) => b.to_string().to_uppercase(),
        Value::Timestamp(_) | Value::Date(_) | Value::Time(_) => format!("'{}'", display_value(v)),
        other => display_value(other),
    }
}
