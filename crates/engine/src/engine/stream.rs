//! Streams: `CREATE STREAM s ON TABLE t` returns the net changes of `t` since the stream's offset,
//! with METADATA$ACTION, METADATA$ISUPDATE (an update is a DELETE and an INSERT, both TRUE) and
//! METADATA$ROW_ID. The offset moves only when a DML statement that reads the stream commits.

use super::Engine;
use crate::catalog::{Column, ObjectBody, QName, Stream};
use crate::dialect::parse::{Name, normalize_ident, to_position};
use crate::dialect::walk::each_expr_mut;
use crate::error::{Result, SqlError};
use crate::refresh::operator::net_change::{NetChange, consolidate};
use crate::result::QueryResult;
use crate::types::SfType;
use gluesql_core::data::{Key, Value};
use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Value as SqlValue};
use std::collections::HashSet;

const FUNCTION: &str = "SYSTEM$STREAM_HAS_DATA";

/// What reading a stream returns: its rows, and the table position they reach.
pub(crate) struct StreamRead {
    pub columns: Vec<(String, SfType)>,
    pub rows: Vec<Vec<Value>>,
    pub position: crate::store::LogPosition,
}

fn row_id(key: &Key) -> String {
    match key {
        Key::I64(n) => format!("{n:016x}"),
        other => format!("{other:?}"),
    }
}

impl Engine {
    pub(crate) fn create_stream(
        &mut self,
        name: &Name,
        or_replace: bool,
        if_not_exists: bool,
        (table, dynamic): (&Name, bool),
        append_only: bool,
        comment: Option<String>,
    ) -> Result<QueryResult> {
        // A stream on a dynamic table reads the changes its refreshes write.
        let source = self.find(
            table,
            if dynamic {
                &["DYNAMIC TABLE"]
            } else {
                &["TABLE"]
            },
        )?;
        let q = self.qualify_new(name, "CREATE STREAM")?;
        if !self.prepare_create(&q, or_replace, if_not_exists, "STREAM", name.position)? {
            return Ok(QueryResult::status(
                "status",
                format!("{} already exists, statement succeeded.", q.name),
            ));
        }
        let mut columns: Vec<Column> = self.catalog.objects[&source].columns().to_vec();
        for (n, ty) in [
            ("METADATA$ACTION", SfType::Varchar(None)),
            ("METADATA$ISUPDATE", SfType::Boolean),
            ("METADATA$ROW_ID", SfType::Varchar(None)),
        ] {
            columns.push(Column {
                name: n.to_owned(),
                ty,
                nullable: false,
                default: None,
                comment: None,
            });
        }
        let offset = self.storage().log_position(&source.storage());
        self.add_object(
            q.clone(),
            ObjectBody::Stream(Box::new(Stream {
                table: source,
                on_dynamic_table: dynamic,
                append_only,
                columns,
                offset,
            })),
            comment,
        );
        self.sync_change_logging();
        Ok(QueryResult::status(
            "status",
            format!("Stream {} successfully created.", q.name),
        ))
    }

    /// The rows a stream returns now, and the table position they reach up to.
    pub(crate) fn stream_rows(&self, q: &QName) -> Result<StreamRead> {
        let Some(ObjectBody::Stream(st)) = self.catalog.objects.get(q).map(|o| &o.body) else {
            return Err(SqlError::does_not_exist("Stream", &q.to_string()));
        };
        let table = st.table.storage();
        let changes = self.storage().changes_since(&table, st.offset).ok_or_else(|| {
            SqlError::execution(format!(
                "Stream {q} is stale: its table was replaced or the changes since its offset are no longer available. Recreate the stream."
            ))
        })?;
        // An append-only stream returns each key's first insertion; a standard one, the net change.
        let net = if st.append_only {
            let mut seen: HashSet<&Key> = HashSet::new();
            changes
                .iter()
                .filter(|c| c.before.is_none() && c.after.is_some() && seen.insert(&c.key))
                .map(|c| NetChange {
                    key: &c.key,
                    before: None,
                    after: c.after.as_deref(),
                })
                .collect()
        } else {
            consolidate(changes)
        };
        let mut rows = Vec::new();
        for n in net {
            let update = n.before.is_some() && n.after.is_some();
            for (image, action) in [(n.before, "DELETE"), (n.after, "INSERT")] {
                if let Some(r) = image {
                    let mut row = r.clone();
                    row.push(Value::Str(action.to_owned()));
                    row.push(Value::Bool(update));
                    row.push(Value::Str(row_id(n.key)));
                    rows.push(row);
                }
            }
        }
        let columns = st.columns.iter().map(|c| (c.name.clone(), c.ty)).collect();
        Ok(StreamRead {
            columns,
            rows,
            position: self.storage().log_position(&table),
        })
    }

    /// Whether a stream has changes to return (`SYSTEM$STREAM_HAS_DATA`).
    pub fn stream_has_data(&self, q: &QName) -> Result<bool> {
        self.stream_rows(q).map(|r| !r.rows.is_empty())
    }

    /// Replaces each `SYSTEM$STREAM_HAS_DATA('<stream>')` call in a statement by TRUE or FALSE.
    pub(crate) fn resolve_stream_has_data(
        &self,
        statement: &mut sqlparser::ast::Statement,
    ) -> Result<()> {
        each_expr_mut(statement, &mut |e| {
            let Expr::Function(f) = e else {
                return Ok(());
            };
            if !f.name.to_string().eq_ignore_ascii_case(FUNCTION) {
                return Ok(());
            }
            let position = f
                .name
                .0
                .first()
                .and_then(|p| p.as_ident())
                .map(|i| to_position(i.span.start))
                .unwrap_or_default();
            let name = match &f.args {
                FunctionArguments::List(l) => match l.args.as_slice() {
                    [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))] => match &v.value
                    {
                        SqlValue::SingleQuotedString(s) => Some(s.clone()),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            };
            let outcome = name
                .ok_or_else(|| {
                    SqlError::invalid(format!(
                        "{FUNCTION} takes one stream name as a string literal."
                    ))
                    .at(position)
                })
                .and_then(|name| {
                    let parts = name
                        .split('.')
                        .map(|p| normalize_ident(&sqlparser::ast::Ident::new(p)))
                        .collect();
                    self.find(&Name { parts, position }, &["STREAM"])
                })
                .and_then(|q| self.stream_has_data(&q))?;
            *e = Expr::value(SqlValue::Boolean(outcome));
            Ok(())
        })
    }
}
