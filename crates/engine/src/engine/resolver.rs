//! The engine as the rewriter's resolver: names to stored relations, table functions, the clock,
//! scratch tables for engine-evaluated parts.

use crate::catalog::ObjectBody;
use crate::dialect::parse::Name;
use crate::dialect::rewrite::{Context, Relation, Resolver};
use crate::error::{Position, Result, SqlError};
use crate::info_schema;
use crate::types::SfType;
use chrono::NaiveDateTime;
use gluesql_core::data::Value;
use gluesql_core::executor::Payload;

use super::{Engine, INFO, WINDOWED};
use crate::glue::glue_error;

impl EngineResolver<'_> {
    /// Rows computed for this statement (INFORMATION_SCHEMA, RESULT_SCAN, a stream's changes) as
    /// a scratch table read like a stored one.
    fn scratch_relation(
        &mut self,
        columns: Vec<(String, SfType)>,
        rows: Vec<Vec<Value>>,
    ) -> Result<Relation> {
        let (glue, columns) = self.engine.materialize(INFO, columns, rows)?;
        self.temps.push(glue.clone());
        Ok(Relation::Table {
            glue,
            columns,
            object: None,
        })
    }
}

/// Looks names up in the catalog for the rewriter, materializing INFORMATION_SCHEMA as needed.
pub(super) struct EngineResolver<'e> {
    pub(super) engine: &'e mut Engine,
    pub(super) temps: Vec<String>,
}

impl Resolver for EngineResolver<'_> {
    fn relation(&mut self, name: &Name, context: &Context) -> Result<Relation> {
        let parts = &name.parts;
        if parts.len() >= 2 && parts[parts.len() - 2] == "INFORMATION_SCHEMA" {
            let (columns, rows) = info_schema::view(self.engine.sources(), name.last(), context)
                .ok_or_else(|| {
                    SqlError::does_not_exist("Object", &name.display()).at(name.position)
                })?;
            return self.scratch_relation(columns, rows);
        }
        let q = self.engine.qualify(name, context, "SELECT")?;
        match self.engine.catalog.objects.get(&q).map(|o| &o.body) {
            Some(ObjectBody::Table { columns, .. }) => Ok(Relation::Table {
                glue: q.storage(),
                columns: columns.iter().map(|c| (c.name.clone(), c.ty)).collect(),
                object: Some(q.to_string()),
            }),
            Some(ObjectBody::DynamicTable(dt)) => {
                if dt.data_timestamp.is_none() {
                    return Err(SqlError::invalid(format!(
                        "Dynamic Table '{q}' is not initialized. Please run a manual refresh or wait for a scheduled refresh before querying."
                    ))
                    .at(name.position));
                }
                Ok(Relation::Table {
                    glue: q.storage(),
                    columns: dt.columns.iter().map(|c| (c.name.clone(), c.ty)).collect(),
                    object: Some(q.to_string()),
                })
            }
            Some(ObjectBody::Stream(_)) => {
                let read = self
                    .engine
                    .stream_rows(&q)
                    .map_err(|e| e.at(name.position))?;
                self.engine.streams_read.push((q.clone(), read.position));
                self.scratch_relation(read.columns, read.rows)
            }
            Some(ObjectBody::View { text, .. }) => {
                let query = crate::dialect::parse::parse_query_text(text)?;
                Ok(Relation::View {
                    query,
                    context: Context::of(&q),
                    object: q.to_string(),
                })
            }
            _ => Err(SqlError::does_not_exist("Object", &name.display()).at(name.position)),
        }
    }

    fn table_function(
        &mut self,
        name: &Name,
        args: Vec<(Option<String>, String)>,
        _context: &Context,
    ) -> Result<Relation> {
        let parts = &name.parts;
        if parts.len() == 1 && parts[0] == "RESULT_SCAN" {
            let (columns, rows) = self
                .engine
                .result_scan(&args)
                .map_err(|e| e.at(name.position))?;
            return self.scratch_relation(columns, rows);
        }
        if parts.len() >= 2 && parts[parts.len() - 2] != "INFORMATION_SCHEMA" {
            return Err(
                SqlError::does_not_exist("Table function", &name.display()).at(name.position)
            );
        }
        let (columns, rows) =
            info_schema::table_function(self.engine.sources(), name.last(), &args)
                .map_err(|e| e.at(name.position))?;
        self.scratch_relation(columns, rows)
    }

    fn now(&self) -> NaiveDateTime {
        self.engine.now
    }

    fn run(&mut self, sql: &str) -> Result<Vec<Vec<Value>>> {
        match self
            .engine
            .glue
            .execute(sql)
            .map_err(glue_error)?
            .into_iter()
            .next()
        {
            Some(Payload::Select { rows, .. }) => Ok(rows),
            _ => Err(SqlError::execution("The query returned no result set.")),
        }
    }

    fn query_id(&self, n: i64) -> Option<String> {
        self.engine.recent_statement(n).map(|(id, _)| id.clone())
    }

    fn session_value(&self, function: &str) -> Option<Option<String>> {
        self.engine.session_context().function(function)
    }

    fn ddl(&mut self, kind: &str, name: &str, context: &Context) -> Result<String> {
        let kinds: &[&str] = match kind.to_ascii_uppercase().as_str() {
            "TABLE" => &["TABLE", "DYNAMIC TABLE"],
            "DYNAMIC_TABLE" => &["DYNAMIC TABLE"],
            "VIEW" => &["VIEW"],
            "TASK" => &["TASK"],
            "STREAM" => &["STREAM"],
            other => {
                return Err(SqlError::unsupported(format!(
                    "GET_DDL of a {other} is not supported; use TABLE, DYNAMIC_TABLE, VIEW, TASK or STREAM."
                )));
            }
        };
        let name = crate::dialect::parse::parse_name_text(name, Position::default())?;
        let q = self.engine.qualify(&name, context, "GET_DDL")?;
        match self.engine.catalog.objects.get(&q) {
            Some(o) if kinds.contains(&o.kind_word()) => {
                Ok(format!("{};", crate::catalog::object_ddl(&q, o)))
            }
            _ => {
                let kind = kind.to_ascii_lowercase().replace('_', " ");
                let kind = format!("{}{}", kind[..1].to_ascii_uppercase(), &kind[1..]);
                Err(SqlError::does_not_exist(&kind, &name.display()))
            }
        }
    }

    fn scratch(&mut self, columns: Vec<(String, SfType)>, rows: Vec<Vec<Value>>) -> Result<String> {
        let (glue, _) = self.engine.materialize(WINDOWED, columns, rows)?;
        self.temps.push(glue.clone());
        Ok(glue)
    }
}
