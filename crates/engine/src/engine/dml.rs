//! INSERT, UPDATE, DELETE and MERGE: targets, rows cast to the table's columns, and the streams a
//! statement reads.

use crate::catalog::{Column, Object, ObjectBody, QName};
use crate::dialect::parse::{Name, to_position};
use crate::dialect::rewrite::Rewritten;
use crate::dialect::rewrite::functions::rewrite_expressions;
use crate::error::{Position, Result, SqlError};
use crate::result::QueryResult;
use crate::types::SfType;
use gluesql_core::data::Value;
use gluesql_core::executor::Payload;
use sqlparser::ast::{Expr, SetExpr, Statement};

use super::Engine;
use crate::glue::{glue_error, map_glue_error, parse_glue_query};

impl Engine {
    /// The storage table and columns of a base table that DML may change.
    pub(crate) fn dml_target(
        &self,
        name: &sqlparser::ast::ObjectName,
    ) -> Result<(QName, Vec<Column>)> {
        let name = Name::from_object_name(name);
        let q = self.qualify(&name, &self.context(), "DML")?;
        match self.catalog.objects.get(&q) {
            Some(Object {
                body: ObjectBody::Table { columns, .. },
                ..
            }) => Ok((q, columns.clone())),
            Some(o) => Err(SqlError::invalid(format!(
                "{} '{}' cannot be modified by DML; only tables can.",
                o.kind_word().to_lowercase(),
                q
            ))
            .at(name.position)),
            None => Err(SqlError::does_not_exist("Table", &name.display()).at(name.position)),
        }
    }

    pub(super) fn run_dml(&mut self, mut statement: Statement, text: &str) -> Result<QueryResult> {
        let context = self.context();
        let now = self.now;
        let (q, columns) = match &statement {
            Statement::Insert(i) => match &i.table {
                sqlparser::ast::TableObject::TableName(n) => self.dml_target(n)?,
                _ => {
                    return Err(SqlError::unsupported(
                        "INSERT INTO TABLE FUNCTION is not supported.",
                    ));
                }
            },
            Statement::Update(u) => match &u.table.relation {
                sqlparser::ast::TableFactor::Table { name, .. } => self.dml_target(name)?,
                _ => return Err(SqlError::unsupported("UPDATE needs a table name.")),
            },
            Statement::Delete(d) => {
                let tables = match &d.from {
                    sqlparser::ast::FromTable::WithFromKeyword(t)
                    | sqlparser::ast::FromTable::WithoutKeyword(t) => t,
                };
                match tables.first().map(|t| &t.relation) {
                    Some(sqlparser::ast::TableFactor::Table { name, .. }) => {
                        self.dml_target(name)?
                    }
                    _ => return Err(SqlError::unsupported("DELETE needs a table name.")),
                }
            }
            _ => unreachable!("run_dml is called for DML only"),
        };
        let glue_name = crate::dialect::ast::quoted(&q.storage());
        let target = sqlparser::ast::ObjectName::from(vec![glue_name]);
        let mut temps = Vec::new();
        let kind;
        match &mut statement {
            Statement::Insert(insert) => {
                kind = "number of rows inserted";
                insert.table = sqlparser::ast::TableObject::TableName(target);
                self.complete_insert(insert, &columns, text)?;
                let listed = insert.columns.clone();
                if let Some(source) = insert.source.as_mut()
                    && !matches!(source.body.as_ref(), SetExpr::Values(_))
                {
                    let (rewritten, t) = self.rewrite_query((**source).clone(), &context)?;
                    temps = t;
                    **source = parse_glue_query(&cast_to_columns(&rewritten, &listed, &columns))?;
                }
            }
            Statement::Update(update) => {
                kind = "number of rows updated";
                if let sqlparser::ast::TableFactor::Table { name, alias, .. } =
                    &mut update.table.relation
                {
                    if alias.is_none() {
                        *alias = Some(sqlparser::ast::TableAlias {
                            explicit: true,
                            name: crate::dialect::ast::quoted(&q.name),
                            columns: vec![],
                            at: None,
                        });
                    }
                    *name = target;
                }
                for a in update.assignments.iter_mut() {
                    if let sqlparser::ast::AssignmentTarget::ColumnName(n) = &mut a.target {
                        let col = Name::from_object_name(n);
                        if !columns.iter().any(|c| c.name == col.last()) {
                            return Err(SqlError::invalid_identifier(col.last()).at(col.position));
                        }
                        *n = sqlparser::ast::ObjectName::from(vec![crate::dialect::ast::quoted(
                            col.last(),
                        )]);
                    }
                }
            }
            Statement::Delete(delete) => {
                kind = "number of rows deleted";
                if let sqlparser::ast::FromTable::WithFromKeyword(t)
                | sqlparser::ast::FromTable::WithoutKeyword(t) = &mut delete.from
                    && let Some(sqlparser::ast::TableFactor::Table { name, .. }) =
                        t.first_mut().map(|t| &mut t.relation)
                {
                    *name = target;
                }
            }
            _ => unreachable!(),
        }
        // Subqueries in WHERE and SET read other relations: each is resolved like a query.
        if let Statement::Update(_) | Statement::Delete(_) = &statement {
            let resolved = crate::dialect::walk::each_expr_mut(&mut statement, &mut |e| {
                let sub = match e {
                    Expr::Subquery(q)
                    | Expr::Exists { subquery: q, .. }
                    | Expr::In {
                        target: sqlparser::ast::InTarget::Subquery(q),
                        ..
                    } => q,
                    _ => return Ok(()),
                };
                let (rewritten, t) = self.rewrite_query((**sub).clone(), &context)?;
                temps.extend(t);
                **sub = parse_glue_query(&rewritten.sql)?;
                if let Some(first) = rewritten.columns.first() {
                    crate::dialect::rewrite::null_aware_in(e, &first.name);
                }
                Ok(())
            });
            if let Err(err) = resolved {
                self.drop_temps(&temps);
                return Err(err);
            }
        }
        let scope = crate::dialect::infer::Scope {
            columns: columns
                .iter()
                .map(|c| crate::dialect::infer::ScopeColumn {
                    qualifier: Some(q.name.clone()),
                    name: c.name.clone(),
                    ty: Some(c.ty),
                })
                .collect(),
        };
        let coerced = match &mut statement {
            Statement::Update(u) => u
                .selection
                .iter_mut()
                .chain(u.assignments.iter_mut().map(|a| &mut a.value))
                .collect(),
            Statement::Delete(d) => d.selection.iter_mut().collect(),
            _ => Vec::new(),
        };
        for e in coerced {
            crate::dialect::coerce::coerce(e, &scope);
        }
        rewrite_expressions(&mut statement, now)?;
        if let Statement::Insert(insert) = &statement
            && columns.iter().any(|c| c.ty.is_semi())
        {
            let result = self.insert_rows(insert, &columns, &q.storage());
            self.drop_temps(&temps);
            let n = result?;
            self.advance_streams_read();
            return Ok(QueryResult::count(kind, n));
        }
        let sql = statement.to_string();
        let result = self.glue.execute(&sql);
        self.drop_temps(&temps);
        let payload = result.map_err(|e| map_glue_error(e, text))?;
        let n = match payload.into_iter().next() {
            Some(Payload::Insert(n) | Payload::Update(n) | Payload::Delete(n)) => n,
            _ => 0,
        };
        self.advance_streams_read();
        Ok(QueryResult::count(kind, n))
    }

    /// Moves the offsets of the streams the committing DML statement read to where it read them.
    pub(crate) fn advance_streams_read(&mut self) {
        for (stream, position) in std::mem::take(&mut self.streams_read) {
            if let Some(ObjectBody::Stream(st)) =
                self.catalog.objects.get_mut(&stream).map(|o| &mut o.body)
            {
                st.offset = position;
            }
        }
    }

    /// An INSERT into a table with VARIANT, OBJECT or ARRAY columns: its source runs as a query and
    /// the engine stores the rows (GlueSQL would hold each column to one storage type, while a
    /// VARIANT holds any value). Semi-structured expressions in VALUES are refused, as Snowflake does.
    pub(super) fn insert_rows(
        &mut self,
        insert: &sqlparser::ast::Insert,
        columns: &[Column],
        table: &str,
    ) -> Result<usize> {
        let Some(source) = insert.source.as_ref() else {
            return Err(SqlError::unsupported("INSERT needs VALUES or a query."));
        };
        let rows = match self
            .glue
            .execute(source.to_string())
            .map_err(glue_error)?
            .pop()
        {
            Some(Payload::Select { rows, .. }) => rows,
            _ => return Err(SqlError::execution("The INSERT's source returned no rows.")),
        };
        let order: Vec<usize> = columns
            .iter()
            .map(|c| {
                insert
                    .columns
                    .iter()
                    .position(|n| Name::from_object_name(n).last() == c.name)
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let rows: Vec<Vec<Value>> = rows
            .into_iter()
            .map(|row| {
                order
                    .iter()
                    .map(|&i| row.get(i).cloned().unwrap_or(Value::Null))
                    .collect()
            })
            .collect();
        let n = rows.len();
        self.glue
            .storage
            .append_rows(table, rows)
            .map_err(|e| map_glue_error(e, ""))?;
        Ok(n)
    }

    /// Adds the columns an INSERT leaves out, with their DEFAULT (or NULL), and checks column names.
    pub(super) fn complete_insert(
        &mut self,
        insert: &mut sqlparser::ast::Insert,
        columns: &[Column],
        text: &str,
    ) -> Result<()> {
        let listed: Vec<Name> = insert.columns.iter().map(Name::from_object_name).collect();
        for n in &listed {
            if !columns.iter().any(|c| c.name == n.last()) {
                return Err(SqlError::invalid_identifier(n.last()).at(n.position));
            }
        }
        let names: Vec<String> = if listed.is_empty() {
            columns.iter().map(|c| c.name.clone()).collect()
        } else {
            listed.iter().map(|n| n.last().to_owned()).collect()
        };
        let missing: Vec<&Column> = columns
            .iter()
            .filter(|c| !names.contains(&c.name))
            .collect();
        let mut fill = Vec::new();
        for c in &missing {
            let e = match &c.default {
                Some(d) => crate::dialect::parse::parse_expr_text(d)?,
                None => Expr::value(sqlparser::ast::Value::Null),
            };
            fill.push(e);
        }
        let Some(source) = insert.source.as_mut() else {
            return Err(SqlError::unsupported("INSERT needs VALUES or a query."));
        };
        let width = names.len();
        // GlueSQL checks a value's type against the column's before the store coerces it: values
        // bound for FLOAT columns (numeric literals are DECIMAL here), and text bound for NUMBER
        // or BOOLEAN columns, are cast to the column's type first, as Snowflake casts them.
        let column_types: Vec<Option<SfType>> = names
            .iter()
            .map(|n| columns.iter().find(|c| &c.name == n).map(|c| c.ty))
            .collect();
        match source.body.as_mut() {
            SetExpr::Values(values) => {
                // Snowflake evaluates no semi-structured function in VALUES (use INSERT ... SELECT).
                for e in values.rows.iter().flat_map(|r| &r.content) {
                    if crate::dialect::engine_exprs::has_engine_expr(e) {
                        return Err(SqlError {
                            code: "002014",
                            sqlstate: "22000",
                            ..SqlError::invalid(format!(
                                "Invalid expression [{e}] in VALUES clause"
                            ))
                        }
                        .at(to_position(sqlparser::ast::Spanned::span(e).start)));
                    }
                }
                for row in values.rows.iter_mut() {
                    if row.len() != width {
                        return Err(SqlError::invalid(format!(
                            "Insert value list does not match column list expecting {width} but got {}",
                            row.len()
                        ))
                        .at(Position { line: 1, column: 0 }));
                    }
                    for (value, ty) in row.iter_mut().zip(&column_types) {
                        let text = matches!(
                            value,
                            Expr::Value(sqlparser::ast::ValueWithSpan {
                                value: sqlparser::ast::Value::SingleQuotedString(_),
                                ..
                            })
                        );
                        let cast = match ty {
                            Some(SfType::Float) => true,
                            Some(SfType::Number { .. } | SfType::Boolean) => text,
                            _ => false,
                        };
                        if let (true, Some(ty)) = (cast, ty) {
                            crate::dialect::coerce::cast_in_place(value, *ty);
                        }
                    }
                    row.extend(fill.iter().cloned());
                }
            }
            SetExpr::Select(select) if !fill.is_empty() => {
                for e in &fill {
                    select
                        .projection
                        .push(sqlparser::ast::SelectItem::UnnamedExpr(e.clone()));
                }
            }
            SetExpr::Select(_) => {}
            _ => {
                if !fill.is_empty() {
                    return Err(SqlError::unsupported(
                        "INSERT from this query form must list every column of the table.",
                    ));
                }
            }
        }
        let _ = text;
        insert.columns = names
            .iter()
            .chain(missing.iter().map(|c| &c.name))
            .map(|n| sqlparser::ast::ObjectName::from(vec![crate::dialect::ast::quoted(n)]))
            .collect();
        Ok(())
    }
}

pub(crate) fn columns_of(result: &QueryResult) -> Vec<Column> {
    result
        .columns
        .iter()
        .map(|c| Column {
            name: c.name.clone(),
            ty: c.ty.unwrap_or(SfType::Varchar(None)),
            nullable: true,
            default: None,
            comment: None,
        })
        .collect()
}

/// The rewritten source of `INSERT ... SELECT`, with its text columns cast to the types of the
/// NUMBER, FLOAT, BOOLEAN, DATE and TIMESTAMP columns they fill (GlueSQL checks types before the
/// store coerces them; Snowflake casts).
pub(super) fn cast_to_columns(
    source: &Rewritten,
    listed: &[sqlparser::ast::ObjectName],
    columns: &[Column],
) -> String {
    let targets: Vec<Option<SfType>> = listed
        .iter()
        .map(|n| {
            let n = Name::from_object_name(n);
            columns.iter().find(|c| c.name == n.last()).map(|c| c.ty)
        })
        .collect();
    let casts: Vec<Option<SfType>> = source
        .columns
        .iter()
        .zip(&targets)
        .map(|(c, t)| match (c.ty, t) {
            (Some(SfType::Varchar(_)), Some(t)) if !matches!(t, SfType::Varchar(_)) => Some(*t),
            _ => None,
        })
        .collect();
    let names: std::collections::HashSet<&str> =
        source.columns.iter().map(|c| c.name.as_str()).collect();
    if casts.iter().all(Option::is_none)
        || source.columns.len() != targets.len()
        || names.len() != source.columns.len()
    {
        return source.sql.clone();
    }
    let items: Vec<String> = source
        .columns
        .iter()
        .zip(casts)
        .map(|(c, cast)| {
            let column = crate::dialect::ast::quoted(&c.name).to_string();
            match cast {
                Some(t) => format!("CAST({column} AS {}) AS {column}", t.glue_sql()),
                None => column,
            }
        })
        .collect();
    format!(
        "SELECT {} FROM ({}) AS \"__SG_SOURCE\"",
        items.join(", "),
        source.sql
    )
}
