//! `CREATE TABLE` — with columns, `AS SELECT`, `LIKE` or `CLONE` — and `ALTER TABLE ... ADD / DROP /
//! RENAME COLUMN` (docs: sql-reference/sql/create-table, alter-table).
//!
//! PRIMARY KEY, UNIQUE and FOREIGN KEY constraints are accepted, kept and exported but not enforced,
//! as in Snowflake, except that a column-level PRIMARY KEY makes its column NOT NULL (which the
//! store enforces for every NOT NULL column). ALTER TABLE rewrites the table's storage as a new incarnation with the same row
//! keys, so a dynamic table reading it rebuilds from it, finding its columns by name.

use super::Engine;
use super::dml::columns_of;
use crate::catalog::{Column, Object, ObjectBody, QName};
use crate::dialect::parse::{Name, normalize_ident, to_position};
use crate::dialect::rewrite::functions::rewrite_expressions;
use crate::error::{Result, SqlError};
use crate::glue::glue_error;
use crate::result::QueryResult;
use crate::types::SfType;
use sqlparser::ast::{AlterTableOperation, ColumnDef, ColumnOption, CreateTableLikeKind};

/// Where a column's values come from when ALTER TABLE rewrites the rows.
enum Source {
    /// The column at this index of the rows as they are.
    Kept(usize),
    /// A new column, with its DEFAULT expression.
    Added(Option<String>),
    /// A new column's value for every row (its DEFAULT evaluated, or NULL).
    Value(Option<gluesql_core::data::Value>),
}

/// What a CREATE TABLE defines, before anything is created.
pub(crate) struct TableDefinition {
    /// The table's columns.
    pub(crate) columns: Vec<Column>,
    /// Its PRIMARY KEY, UNIQUE and FOREIGN KEY constraints, as written.
    pub(crate) constraints: Vec<String>,
    /// Its COMMENT.
    pub(crate) comment: Option<String>,
    /// The rows it starts with: a query's (`AS SELECT`) or a clone's; none otherwise.
    pub(crate) rows: Vec<Vec<gluesql_core::data::Value>>,
}

fn done(message: String) -> QueryResult {
    QueryResult::status("status", message)
}

impl Engine {
    /// `CREATE [OR REPLACE] [TRANSIENT] TABLE`.
    pub(crate) fn create_table(&mut self, ct: sqlparser::ast::CreateTable) -> Result<QueryResult> {
        let name = Name::from_object_name(&ct.name);
        let q = self.qualify_new(&name, "CREATE TABLE")?;
        let definition = self.table_definition(&ct)?;
        if !self.prepare_create(&q, ct.or_replace, ct.if_not_exists, "TABLE", name.position)? {
            return Ok(done(format!(
                "{} already exists, statement succeeded.",
                q.name
            )));
        }
        self.create_storage(&q, &definition.columns)?;
        self.storage_mut()
            .append_rows(&q.storage(), definition.rows)
            .map_err(glue_error)?;
        self.add_object(
            q.clone(),
            ObjectBody::Table {
                columns: definition.columns,
                constraints: definition.constraints,
            },
            definition.comment,
        );
        Ok(done(format!("Table {} successfully created.", q.name)))
    }

    /// The table a CREATE TABLE defines: its columns (listed, a query's, or another table's),
    /// constraints, comment, and the rows it starts with (a query's or a clone's).
    pub(crate) fn table_definition(
        &mut self,
        ct: &sqlparser::ast::CreateTable,
    ) -> Result<TableDefinition> {
        let name = Name::from_object_name(&ct.name);
        let mut constraints: Vec<String> = ct.constraints.iter().map(|c| c.to_string()).collect();
        let mut columns = Vec::new();
        for c in &ct.columns {
            columns.push(self.column_of(c, &mut constraints)?);
        }
        let mut rows = Vec::new();
        let like = match &ct.like {
            Some(CreateTableLikeKind::Plain(l) | CreateTableLikeKind::Parenthesized(l)) => {
                Some(&l.name)
            }
            None => None,
        };
        if let Some(source) = like.or(ct.clone.as_ref()) {
            let source = Name::from_object_name(source);
            let from = self.find(&source, &["TABLE"])?;
            let Some(Object {
                body:
                    ObjectBody::Table {
                        columns: c,
                        constraints: k,
                    },
                ..
            }) = self.catalog.objects.get(&from)
            else {
                unreachable!("find returned a table")
            };
            columns = c.clone();
            constraints = k.clone();
            if ct.clone.is_some() {
                rows = self
                    .storage()
                    .rows(&from.storage())
                    .map(|(_, r)| r.clone())
                    .collect();
            }
        } else if let Some(query) = &ct.query {
            let context = self.context();
            let (rewritten, temps) = self.rewrite_query((**query).clone(), &context)?;
            let result = self.select(&rewritten, &temps, "")?;
            let from_query = columns_of(&result);
            if columns.is_empty() {
                columns = from_query;
            } else if columns.len() != from_query.len() {
                return Err(SqlError::invalid(format!(
                    "The column list names {} columns but the query returns {}.",
                    columns.len(),
                    from_query.len()
                ))
                .at(name.position));
            }
            rows = result.rows;
        }
        if columns.is_empty() {
            return Err(SqlError::invalid("A table needs at least one column.").at(name.position));
        }
        // Snowflake's `COMMENT = '…'` after the columns is one of the table's options.
        let options = match &ct.table_options {
            sqlparser::ast::CreateTableOptions::Plain(options)
            | sqlparser::ast::CreateTableOptions::With(options)
            | sqlparser::ast::CreateTableOptions::Options(options) => options.as_slice(),
            _ => &[],
        };
        let comment = ct
            .comment
            .iter()
            .chain(options.iter().filter_map(|o| match o {
                sqlparser::ast::SqlOption::Comment(c) => Some(c),
                _ => None,
            }))
            .next()
            .map(|c| match c {
                sqlparser::ast::CommentDef::WithEq(s)
                | sqlparser::ast::CommentDef::WithoutEq(s) => s.clone(),
            });
        Ok(TableDefinition {
            columns,
            constraints,
            comment,
            rows,
        })
    }

    /// A column definition; its key constraints go to `constraints`.
    fn column_of(&self, c: &ColumnDef, constraints: &mut Vec<String>) -> Result<Column> {
        let position = to_position(c.name.span.start);
        let ty = SfType::from_sql(&c.data_type).map_err(|e| e.at(position))?;
        let mut col = Column {
            name: normalize_ident(&c.name),
            ty,
            nullable: true,
            default: None,
            comment: None,
        };
        for o in &c.options {
            match &o.option {
                ColumnOption::Default(e) => {
                    let mut probe = e.clone();
                    rewrite_expressions(&mut probe, self.now())?;
                    col.default = Some(e.to_string());
                }
                ColumnOption::NotNull => col.nullable = false,
                ColumnOption::Null => col.nullable = true,
                ColumnOption::Comment(s) => col.comment = Some(s.clone()),
                key @ (ColumnOption::PrimaryKey(_)
                | ColumnOption::Unique(_)
                | ColumnOption::ForeignKey(_)) => {
                    // A primary key column is NOT NULL, the one part of a key Snowflake enforces.
                    if matches!(key, ColumnOption::PrimaryKey(_)) {
                        col.nullable = false;
                    }
                    constraints.push(format!("{key} ({})", crate::catalog::sql_ident(&col.name)));
                }
                other => {
                    return Err(SqlError::unsupported(format!(
                        "Column option '{other}' is not supported yet."
                    ))
                    .at(position));
                }
            }
        }
        Ok(col)
    }

    /// `ALTER TABLE t ADD [COLUMN] c type | DROP [COLUMN] c, ... | RENAME COLUMN a TO b | RENAME TO u`.
    pub(crate) fn alter_table(&mut self, at: sqlparser::ast::AlterTable) -> Result<QueryResult> {
        let name = Name::from_object_name(&at.name);
        let q = match self.find(&name, &["TABLE"]) {
            Err(_) if at.if_exists => return Ok(done("Statement executed successfully.".into())),
            other => other?,
        };
        if let [AlterTableOperation::RenameTable { table_name }] = at.operations.as_slice() {
            let to = match table_name {
                sqlparser::ast::RenameTableNameKind::To(n)
                | sqlparser::ast::RenameTableNameKind::As(n) => Name::from_object_name(n),
            };
            return self.rename_object(&q, &to);
        }
        let Some(ObjectBody::Table {
            columns,
            constraints,
        }) = self.catalog.objects.get(&q).map(|o| o.body.clone())
        else {
            unreachable!("find returned a table")
        };
        let mut columns = columns;
        let mut constraints = constraints;
        // Where each column's values come from: a column the rows have now (by index), or, for a
        // new column, its DEFAULT (or NULL).
        let mut sources: Vec<Source> = (0..columns.len()).map(Source::Kept).collect();
        for op in &at.operations {
            match op {
                AlterTableOperation::AddColumn {
                    column_def,
                    if_not_exists,
                    ..
                } => {
                    let column = self.column_of(column_def, &mut constraints)?;
                    if columns.iter().any(|c| c.name == column.name) {
                        if *if_not_exists {
                            continue;
                        }
                        return Err(SqlError::invalid(format!(
                            "column '{}' already exists",
                            column.name
                        ))
                        .at(to_position(column_def.name.span.start)));
                    }
                    sources.push(Source::Added(column.default.clone()));
                    columns.push(column);
                }
                AlterTableOperation::DropColumn {
                    column_names,
                    if_exists,
                    ..
                } => {
                    for ident in column_names {
                        let gone = normalize_ident(ident);
                        match columns.iter().position(|c| c.name == gone) {
                            Some(i) => {
                                columns.remove(i);
                                sources.remove(i);
                            }
                            None if *if_exists => {}
                            None => {
                                return Err(SqlError::invalid_identifier(&gone)
                                    .at(to_position(ident.span.start)));
                            }
                        }
                    }
                    if columns.is_empty() {
                        return Err(SqlError::invalid("A table needs at least one column.")
                            .at(name.position));
                    }
                }
                AlterTableOperation::RenameColumn {
                    old_column_name,
                    new_column_name,
                } => {
                    let (old, new) = (
                        normalize_ident(old_column_name),
                        normalize_ident(new_column_name),
                    );
                    if columns.iter().any(|c| c.name == new) {
                        return Err(SqlError::invalid(format!("column '{new}' already exists"))
                            .at(to_position(new_column_name.span.start)));
                    }
                    let Some(c) = columns.iter_mut().find(|c| c.name == old) else {
                        return Err(SqlError::invalid_identifier(&old)
                            .at(to_position(old_column_name.span.start)));
                    };
                    c.name = new;
                }
                other => {
                    return Err(SqlError::unsupported(format!(
                        "ALTER TABLE ... {} is not supported yet.",
                        other
                            .to_string()
                            .split_whitespace()
                            .take(2)
                            .collect::<Vec<_>>()
                            .join(" ")
                    ))
                    .at(name.position));
                }
            }
        }
        // Each new column's value for the rows already there.
        let mut values = Vec::with_capacity(sources.len());
        for source in sources {
            values.push(match source {
                Source::Kept(i) => Source::Kept(i),
                Source::Added(Some(d)) => {
                    let query = crate::dialect::parse::parse_query_text(&format!("SELECT {d}"))?;
                    let context = self.context();
                    let (rewritten, temps) = self.rewrite_query(*query, &context)?;
                    let r = self.select(&rewritten, &temps, "")?;
                    Source::Value(r.rows.into_iter().next().and_then(|r| r.into_iter().next()))
                }
                Source::Added(None) | Source::Value(_) => Source::Value(None),
            });
        }
        let table = q.storage();
        let rows: Vec<_> = self
            .storage()
            .rows(&table)
            .map(|(k, r)| {
                let row = values
                    .iter()
                    .map(|v| match v {
                        Source::Kept(i) => r[*i].clone(),
                        Source::Added(_) | Source::Value(None) => gluesql_core::data::Value::Null,
                        Source::Value(Some(v)) => v.clone(),
                    })
                    .collect();
                (k.clone(), row)
            })
            .collect();
        self.rebuild_table(&q, &columns, rows)?;
        if let Some(o) = self.catalog.objects.get_mut(&q) {
            o.body = ObjectBody::Table {
                columns,
                constraints,
            };
        }
        Ok(done("Statement executed successfully.".into()))
    }

    /// Replaces a table's storage with `columns` and `rows` (keys kept), as a new incarnation.
    fn rebuild_table(
        &mut self,
        q: &QName,
        columns: &[Column],
        rows: Vec<(gluesql_core::data::Key, Vec<gluesql_core::data::Value>)>,
    ) -> Result<()> {
        use gluesql_core::store::StoreMut;
        self.storage_mut()
            .delete_schema(&q.storage())
            .map_err(glue_error)?;
        self.create_storage(q, columns)?;
        self.storage_mut()
            .put_rows(&q.storage(), rows)
            .map_err(glue_error)?;
        self.sync_change_logging();
        Ok(())
    }
}
