//! The flat dispatch of a parsed statement to its handler, and the small handlers of SHOW and USE.

use crate::catalog::ObjectBody;
use crate::dialect::parse::{DtAction, Name, ObjectKind, Stmt};
use crate::error::{Result, SqlError};
use crate::info_schema;
use crate::result::QueryResult;
use chrono::Duration;

use super::Engine;

impl Engine {
    pub(super) fn run(&mut self, stmt: Stmt, text: &str) -> Result<QueryResult> {
        self.commit_before(&stmt);
        match stmt {
            Stmt::CreateDatabase {
                name,
                or_replace,
                if_not_exists,
            } => {
                let [db] = name.parts.as_slice() else {
                    return Err(
                        SqlError::invalid("A database name has one part.").at(name.position)
                    );
                };
                let db = db.clone();
                if self.catalog.databases.contains_key(&db) {
                    if if_not_exists {
                        return Ok(QueryResult::status(
                            "status",
                            format!("{db} already exists, statement succeeded."),
                        ));
                    }
                    if !or_replace {
                        return Err(SqlError::already_exists("DATABASE", &db).at(name.position));
                    }
                    self.remove_objects_in(&db, None)?;
                    self.catalog.schemas.retain(|(d, _)| d != &db);
                }
                self.catalog.databases.insert(db.clone(), self.now);
                self.catalog
                    .schemas
                    .insert((db.clone(), "PUBLIC".to_owned()));
                self.catalog.current_database = Some(db.clone());
                self.catalog.current_schema = Some("PUBLIC".to_owned());
                Ok(QueryResult::status(
                    "status",
                    format!("Database {db} successfully created."),
                ))
            }
            Stmt::CreateSchema {
                name,
                or_replace,
                if_not_exists,
            } => {
                let (db, schema) = match name.parts.as_slice() {
                    [s] => (
                        self.catalog.current_database.clone().ok_or_else(|| {
                            SqlError::invalid("Cannot perform CREATE SCHEMA. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.").at(name.position)
                        })?,
                        s.clone(),
                    ),
                    [d, s] => (d.clone(), s.clone()),
                    _ => return Err(SqlError::invalid("A schema name has at most two parts.").at(name.position)),
                };
                if !self.catalog.databases.contains_key(&db) {
                    return Err(SqlError::does_not_exist("Database", &db).at(name.position));
                }
                let key = (db.clone(), schema.clone());
                if self.catalog.schemas.contains(&key) {
                    if if_not_exists {
                        return Ok(QueryResult::status(
                            "status",
                            format!("{schema} already exists, statement succeeded."),
                        ));
                    }
                    if !or_replace {
                        return Err(
                            SqlError::already_exists("SCHEMA", &format!("{db}.{schema}"))
                                .at(name.position),
                        );
                    }
                    self.remove_objects_in(&db, Some(&schema))?;
                }
                self.catalog.schemas.insert(key);
                self.catalog.current_database = Some(db);
                self.catalog.current_schema = Some(schema.clone());
                Ok(QueryResult::status(
                    "status",
                    format!("Schema {schema} successfully created."),
                ))
            }
            Stmt::Use { kind, name } => self.use_object(kind, &name),
            // Any name, created or not: see warehouses.rs for this deliberate difference.
            Stmt::UseWarehouse(w) => {
                self.catalog.warehouse = Some(w);
                Ok(QueryResult::status(
                    "status",
                    "Statement executed successfully.",
                ))
            }
            Stmt::CreateWarehouse {
                name,
                or_replace,
                if_not_exists,
                properties,
            } => self.create_warehouse(&name, or_replace, if_not_exists, &properties),
            Stmt::AlterWarehouse {
                name,
                if_exists,
                action,
            } => self.alter_warehouse(&name, if_exists, action),
            Stmt::DropWarehouse { name, if_exists } => self.drop_warehouse(&name, if_exists),
            Stmt::UseRole(role) => {
                self.catalog.role = Some(role);
                Ok(QueryResult::status(
                    "status",
                    "Statement executed successfully.",
                ))
            }
            Stmt::AdvanceClock(seconds) => {
                self.advance(Duration::seconds(seconds as i64));
                Ok(QueryResult::status(
                    "SYSTEM$ADVANCE_CLOCK",
                    format!(
                        "Clock advanced to {}.",
                        self.now.format("%Y-%m-%d %H:%M:%S")
                    ),
                ))
            }
            Stmt::Sql(statement) => self.run_sql(*statement, text),
            Stmt::CreateDynamicTable(spec) => self.create_dynamic_table(*spec),
            Stmt::AlterDynamicTable { name, action } => {
                let q = self.find(&name, &["DYNAMIC TABLE"])?;
                match action {
                    DtAction::Refresh => {
                        let record = self.manual_refresh(&q)?;
                        Ok(info_schema::refresh_result(&record))
                    }
                    DtAction::Suspend => {
                        self.suspend(&q);
                        Ok(QueryResult::status(
                            "status",
                            "Statement executed successfully.",
                        ))
                    }
                    DtAction::Resume => {
                        self.resume(&q);
                        Ok(QueryResult::status(
                            "status",
                            "Statement executed successfully.",
                        ))
                    }
                    DtAction::ClusterBy(key) => {
                        if let Some(ObjectBody::DynamicTable(dt)) =
                            self.catalog.objects.get_mut(&q).map(|o| &mut o.body)
                        {
                            dt.cluster_by = key;
                        }
                        Ok(QueryResult::status(
                            "status",
                            "Statement executed successfully.",
                        ))
                    }
                    DtAction::Recluster => Ok(QueryResult::status(
                        "status",
                        "Statement executed successfully.",
                    )),
                    DtAction::RenameTo(to) => self.rename_object(&q, &to),
                    DtAction::SwapWith(other) => self.swap_objects(&q, &other),
                }
            }
            Stmt::AlterDynamicTableSet {
                name,
                target_lag,
                warehouse,
                scheduler_disabled,
                initialization_warehouse,
                comment,
            } => {
                let q = self.find(&name, &["DYNAMIC TABLE"])?;
                let dt = self.catalog.dynamic_table_mut(&q).expect("found above");
                if let Some(l) = target_lag {
                    dt.target_lag = l;
                }
                if let Some(w) = warehouse {
                    dt.warehouse = w;
                }
                if let Some(d) = scheduler_disabled {
                    dt.scheduler_disabled = d;
                }
                if let Some(w) = initialization_warehouse {
                    dt.initialization_warehouse = w;
                }
                if let Some(c) = comment
                    && let Some(o) = self.catalog.objects.get_mut(&q)
                {
                    o.comment = c;
                }
                Ok(QueryResult::status(
                    "status",
                    "Statement executed successfully.",
                ))
            }
            Stmt::CreateTask(spec) => self.create_task(*spec),
            Stmt::CreateStream {
                name,
                or_replace,
                if_not_exists,
                table,
                dynamic,
                append_only,
                comment,
            } => self.create_stream(
                &name,
                or_replace,
                if_not_exists,
                (&table, dynamic),
                append_only,
                comment,
            ),
            Stmt::AlterTask { name, resume } => {
                let q = self.find(&name, &["TASK"])?;
                let now = self.now;
                let task = self.catalog.task_mut(&q).expect("found above");
                task.started = resume;
                task.next_run = match (&task.schedule, resume) {
                    (Some(schedule), true) => schedule.next_after(now),
                    _ => None,
                };
                Ok(QueryResult::status(
                    "status",
                    "Statement executed successfully.",
                ))
            }
            Stmt::ExecuteTask { name } => {
                let q = self.find(&name, &["TASK"])?;
                let now = self.now;
                self.run_task(&q, now, "EXECUTE TASK");
                Ok(QueryResult::status(
                    "status",
                    format!("Task {} is scheduled to run immediately.", q.name),
                ))
            }
            Stmt::Drop {
                kind,
                name,
                if_exists,
            } => self.drop_object(kind, &name, if_exists),
            Stmt::Show {
                kind,
                like,
                scope,
                starts_with,
                limit,
            } => {
                let (database, schema) = self.show_scope(&scope)?;
                let filter = info_schema::ShowFilter {
                    like: like.as_deref(),
                    database: database.as_deref(),
                    schema: schema.as_deref(),
                    starts_with: starts_with.as_deref(),
                    limit,
                };
                Ok(info_schema::show(self.sources(), kind, &filter))
            }
            Stmt::Describe { name, kinds } => {
                let q = self.find(&name, kinds)?;
                Ok(info_schema::describe(&self.catalog.objects[&q]))
            }
            Stmt::Begin => Ok(self.begin()),
            Stmt::Commit => Ok(self.commit()),
            Stmt::Rollback => Ok(self.rollback()),
        }
    }

    /// The database and schema a SHOW lists, as Snowflake scopes it: no IN means the current
    /// database when there is one, else the account.
    pub(super) fn show_scope(
        &self,
        scope: &crate::dialect::parse::ShowScope,
    ) -> Result<(Option<String>, Option<String>)> {
        use crate::dialect::parse::ShowScope;
        let current_db = self.catalog.current_database.clone();
        Ok(match scope {
            ShowScope::Account => (None, None),
            ShowScope::Default | ShowScope::Database(None) => (current_db, None),
            ShowScope::Database(Some(d)) => {
                let name = d.display();
                if !self.catalog.databases.contains_key(d.last()) {
                    return Err(SqlError::does_not_exist("Database", &name).at(d.position));
                }
                (Some(d.last().to_owned()), None)
            }
            ShowScope::Schema(None) => (current_db, self.catalog.current_schema.clone()),
            ShowScope::Schema(Some(s)) => {
                let (db, schema) = match s.parts.as_slice() {
                    [db, schema] => (Some(db.clone()), schema.clone()),
                    [schema] => (current_db, schema.clone()),
                    _ => {
                        return Err(SqlError::invalid(format!(
                            "Invalid schema name '{}'.",
                            s.display()
                        ))
                        .at(s.position));
                    }
                };
                let db = db.ok_or_else(|| {
                    SqlError::invalid(
                        "This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
                    )
                    .at(s.position)
                })?;
                if !self.catalog.schemas.contains(&(db.clone(), schema.clone())) {
                    return Err(SqlError::does_not_exist("Schema", &s.display()).at(s.position));
                }
                (Some(db), Some(schema))
            }
        })
    }

    pub(super) fn use_object(
        &mut self,
        kind: Option<ObjectKind>,
        name: &Name,
    ) -> Result<QueryResult> {
        let (db, schema) = match (kind, name.parts.as_slice()) {
            (Some(ObjectKind::Database) | None, [d]) => (d.clone(), None),
            (Some(ObjectKind::Schema), [s]) => (
                self.catalog.current_database.clone().ok_or_else(|| {
                    SqlError::invalid(
                        "Cannot perform USE SCHEMA. This session does not have a current database.",
                    )
                    .at(name.position)
                })?,
                Some(s.clone()),
            ),
            (Some(ObjectKind::Schema) | None, [d, s]) => (d.clone(), Some(s.clone())),
            _ => {
                return Err(SqlError::invalid(format!(
                    "Invalid name '{}' for USE.",
                    name.display()
                ))
                .at(name.position));
            }
        };
        if !self.catalog.databases.contains_key(&db) {
            return Err(SqlError::does_not_exist("Database", &db).at(name.position));
        }
        let schema = match schema {
            Some(s) => {
                if !self.catalog.schemas.contains(&(db.clone(), s.clone())) {
                    return Err(
                        SqlError::does_not_exist("Schema", &format!("{db}.{s}")).at(name.position)
                    );
                }
                Some(s)
            }
            None => self
                .catalog
                .schemas
                .contains(&(db.clone(), "PUBLIC".to_owned()))
                .then(|| "PUBLIC".to_owned()),
        };
        self.catalog.current_database = Some(db);
        self.catalog.current_schema = schema;
        Ok(QueryResult::status(
            "status",
            "Statement executed successfully.",
        ))
    }
}
