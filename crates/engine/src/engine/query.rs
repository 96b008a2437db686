//! Queries: rewriting Snowflake SQL for GlueSQL, running it, and materialising engine-evaluated
//! parts; GlueSQL's errors in Snowflake's words.

use crate::dialect::parse::{Name, to_position};
use crate::dialect::rewrite::{Context, Relation, Rewriter, Rewritten};
use crate::error::{Result, SqlError};
use crate::result::{QueryResult, ResultColumn};
use crate::types::SfType;
use gluesql_core::data::Value;
use gluesql_core::executor::Payload;
use gluesql_core::store::StoreMut;
use sqlparser::ast::Statement;

use super::resolver::EngineResolver;
use super::{Engine, Materialized, RECENT_RESULTS};
use crate::glue::{glue_error, map_glue_error};

impl Engine {
    pub(super) fn run_sql(&mut self, mut statement: Statement, text: &str) -> Result<QueryResult> {
        self.resolve_stream_has_data(&mut statement)?;
        match statement {
            Statement::Query(query) => self.run_query(*query, text),
            Statement::Merge(merge) => self.merge_statement(merge),
            // With FROM / USING, or with expressions the engine evaluates (which GlueSQL's own
            // UPDATE and DELETE cannot run), the statement runs over a keyed copy of its table.
            Statement::Update(update)
                if update.from.is_some()
                    || crate::dialect::engine_exprs::has_engine_expr(&update) =>
            {
                self.update_from(update)
            }
            Statement::Delete(delete)
                if delete.using.is_some()
                    || crate::dialect::engine_exprs::has_engine_expr(&delete) =>
            {
                self.delete_using(delete)
            }
            Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_) => {
                self.run_dml(statement, text)
            }
            Statement::CreateTable(ct) => self.create_table(ct),
            Statement::AlterTable(at) => self.alter_table(at),
            Statement::CreateView(cv) => self.create_view(cv, text),
            Statement::Truncate(t) => {
                let mut n = 0;
                for target in &t.table_names {
                    let name = Name::from_object_name(&target.name);
                    let q = self.find(&name, &["TABLE"])?;
                    let keys: Vec<_> = self
                        .glue
                        .storage
                        .rows(&q.storage())
                        .map(|(k, _)| k.clone())
                        .collect();
                    n += keys.len();
                    self.glue.storage.remove_rows(&q.storage(), keys);
                }
                let _ = n;
                Ok(QueryResult::status(
                    "status",
                    "Statement executed successfully.",
                ))
            }
            other => {
                let kind = other
                    .to_string()
                    .split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ");
                Err(SqlError::unsupported(format!(
                    "Statement '{kind} ...' is not supported by this engine."
                )))
            }
        }
    }

    /// Rewrites a query for GlueSQL under a context, materializing INFORMATION_SCHEMA results it reads.
    pub(crate) fn rewrite_query(
        &mut self,
        query: sqlparser::ast::Query,
        context: &Context,
    ) -> Result<(Rewritten, Vec<String>)> {
        self.rewrite_query_with(query, context, Vec::new())
    }

    /// `rewrite_query` with relations bound to reserved names (see `Rewriter::bind`).
    pub(crate) fn rewrite_query_with(
        &mut self,
        query: sqlparser::ast::Query,
        context: &Context,
        bound: Vec<(String, Relation)>,
    ) -> Result<(Rewritten, Vec<String>)> {
        let mut resolver = EngineResolver {
            engine: self,
            temps: Vec::new(),
        };
        let rewriter = bound
            .into_iter()
            .fold(Rewriter::new(&mut resolver), |r, (name, relation)| {
                r.bind(&name, relation)
            });
        let rewritten = rewriter.query(query, context);
        let temps = resolver.temps;
        match rewritten {
            Ok(r) => Ok((r, temps)),
            Err(e) => {
                self.drop_temps(&temps);
                Err(e)
            }
        }
    }

    pub(crate) fn drop_temps(&mut self, temps: &[String]) {
        for t in temps {
            let _ = self.glue.storage.delete_schema(t);
        }
    }

    /// Runs a rewritten query on GlueSQL and types its result.
    pub(crate) fn select(
        &mut self,
        rewritten: &Rewritten,
        temps: &[String],
        original: &str,
    ) -> Result<QueryResult> {
        let payload = self.glue.execute(&rewritten.sql);
        self.drop_temps(temps);
        let payload = payload.map_err(|e| map_glue_error(e, original))?;
        let Some(Payload::Select { labels, rows }) = payload.into_iter().next() else {
            return Err(SqlError::execution("The query returned no result set."));
        };
        let names: Vec<String> = if rewritten.columns.len() == labels.len() {
            rewritten.columns.iter().map(|c| c.name.clone()).collect()
        } else {
            labels
        };
        let mut types: Vec<Option<SfType>> = if rewritten.columns.len() == names.len() {
            rewritten.columns.iter().map(|c| c.ty).collect()
        } else {
            vec![None; names.len()]
        };
        for (i, t) in types.iter_mut().enumerate() {
            if t.is_none() {
                *t = rows.iter().find_map(|r| SfType::of_value(&r[i]));
            }
        }
        let rows = rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .zip(&types)
                    .map(|(v, t)| match t {
                        Some(t) if !t.holds(&v) => t.coerce(v.clone()).unwrap_or(v),
                        _ => v,
                    })
                    .collect()
            })
            .collect();
        Ok(QueryResult {
            columns: names
                .into_iter()
                .zip(types)
                .map(|(name, ty)| ResultColumn { name, ty })
                .collect(),
            rows,
        })
    }

    pub(super) fn run_query(
        &mut self,
        query: sqlparser::ast::Query,
        text: &str,
    ) -> Result<QueryResult> {
        let context = self.context();
        let (rewritten, temps) = self.rewrite_query(query, &context)?;
        self.select(&rewritten, &temps, text)
    }

    /// Creates a scratch table, named with `prefix`, that holds rows for one statement.
    pub(crate) fn materialize(
        &mut self,
        prefix: &str,
        columns: Vec<(String, SfType)>,
        rows: Vec<Vec<Value>>,
    ) -> Result<(String, Vec<(String, SfType)>)> {
        self.temp_seq += 1;
        let name = format!("{prefix}.{}", self.temp_seq);
        let schema = crate::store::schema_of(
            &name,
            columns.iter().map(|(n, t)| (n.clone(), t.glue_type())),
        );
        self.glue
            .storage
            .insert_schema(&schema)
            .map_err(glue_error)?;
        self.glue
            .storage
            .append_rows(&name, rows)
            .map_err(glue_error)?;
        Ok((name, columns))
    }

    /// The session's n-th kept statement (1 the oldest kept), or from the end when n is negative.
    pub(super) fn recent_statement(&self, n: i64) -> Option<&(String, QueryResult)> {
        let len = self.recent.len() as i64;
        let at = if n < 0 { len + n } else { n - 1 };
        usize::try_from(at).ok().and_then(|i| self.recent.get(i))
    }

    /// `RESULT_SCAN(<query id> | LAST_QUERY_ID([n]))`: the columns and rows of a recent statement.
    pub(super) fn result_scan(&self, args: &[(Option<String>, String)]) -> Result<Materialized> {
        let [(_, arg)] = args else {
            return Err(SqlError::invalid("RESULT_SCAN takes one query id."));
        };
        let found = match arg.strip_prefix(crate::dialect::rewrite::LAST_QUERY_ID) {
            Some(n) => self.recent_statement(n.parse().unwrap_or(-1)),
            None => self.recent.iter().find(|(id, _)| id == arg),
        };
        let (_, result) = found.ok_or_else(|| {
            SqlError::invalid(format!(
                "Statement {arg} not found: RESULT_SCAN reaches the last {RECENT_RESULTS} statements of the session."
            ))
        })?;
        Ok((
            result
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.ty.unwrap_or(SfType::Varchar(None))))
                .collect(),
            result.rows.clone(),
        ))
    }
}

/// The text after the top-level AS of a CREATE VIEW statement.
pub(super) fn query_text_of(text: &str) -> String {
    let tokens = crate::dialect::parse::tokenize(text).unwrap_or_default();
    let mut depth = 0;
    for t in &tokens {
        match &t.token {
            sqlparser::tokenizer::Token::LParen => depth += 1,
            sqlparser::tokenizer::Token::RParen => depth -= 1,
            sqlparser::tokenizer::Token::Word(w)
                if depth == 0 && w.quote_style.is_none() && w.value.eq_ignore_ascii_case("AS") =>
            {
                let p = to_position(t.span.end);
                let mut line = 1;
                for (i, c) in text.char_indices() {
                    if line == p.line {
                        let col_start = i;
                        let offset: usize = text[col_start..]
                            .chars()
                            .take(p.column as usize)
                            .map(char::len_utf8)
                            .sum();
                        return text[col_start + offset..].trim().to_owned();
                    }
                    if c == '\n' {
                        line += 1;
                    }
                }
            }
            _ => {}
        }
    }
    text.to_owned()
}
