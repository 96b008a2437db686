//! The engine's one public face: a session that runs Snowflake SQL on a virtual clock.

use crate::catalog::{
    Catalog, Column, DynamicTable, Object, ObjectBody, QName, RefreshMode, SchedulingState, Task,
};
use crate::dialect::parse::{
    DtAction, Initialize, Name, ObjectKind, RefreshModeSetting, Stmt, normalize_ident,
    parse_statement, to_position,
};
use crate::dialect::rewrite::functions::rewrite_expressions;
use crate::dialect::rewrite::{Context, Relation, Resolver, Rewriter, Rewritten};
use crate::dialect::split::{bind_params, split_statements};
use crate::error::{Position, Result, SqlError};
use crate::history::{RefreshRecord, RefreshState, TaskRun, TaskState};
use crate::info_schema;
use crate::result::{QueryResult, ResultColumn};
use crate::store::TrackedStorage;
use crate::types::{SfType, display_value};
use chrono::{Duration, NaiveDateTime};
use gluesql_core::data::Value;
use gluesql_core::executor::Payload;
use gluesql_core::prelude::Glue;
use gluesql_core::store::StoreMut;
use sqlparser::ast::{Expr, SetExpr, Statement};

/// A stopwatch in milliseconds, supplied by the host (the engine never reads the system clock).
pub type Stopwatch = fn() -> f64;

/// A bound parameter for `?` / `%s` placeholders.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Param {
    Null,
    Boolean(bool),
    Text(String),
    Number(rust_decimal::Decimal),
    Date(chrono::NaiveDate),
    Timestamp(NaiveDateTime),
}

impl Param {
    fn literal(&self) -> String {
        match self {
            Param::Null => "NULL".to_owned(),
            Param::Boolean(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Param::Text(s) => crate::catalog::sql_string(s),
            Param::Number(d) => d.to_string(),
            Param::Date(d) => format!("'{}'::DATE", d.format("%Y-%m-%d")),
            Param::Timestamp(t) => format!("'{}'::TIMESTAMP_NTZ", t.format("%Y-%m-%d %H:%M:%S%.f")),
        }
    }
}

/// One statement's outcome in a script.
#[derive(Debug, Clone)]
pub struct StatementOutcome {
    pub text: String,
    pub start: Position,
    pub result: QueryResult,
}

/// A Snowflake-like session over GlueSQL, with a catalog, a virtual clock and histories.
pub struct Engine {
    pub(crate) glue: Glue<TrackedStorage>,
    pub(crate) catalog: Catalog,
    pub(crate) now: NaiveDateTime,
    pub(crate) refresh_history: Vec<RefreshRecord>,
    pub(crate) task_history: Vec<TaskRun>,
    pub(crate) stopwatch: Option<Stopwatch>,
    pub(crate) next_query_id: u64,
    temp_seq: u64,
    /// State of the incremental dynamic tables, kept between refreshes.
    pub(crate) ivm: std::collections::HashMap<QName, crate::refresh::incremental::DtState>,
    /// Dynamic tables refreshed by the statement running now; their state is dropped if it fails.
    pub(crate) refreshed_in_statement: Vec<QName>,
    /// Streams read by the statement running now, with the table positions they were read up to.
    pub(crate) streams_read: Vec<(QName, crate::store::LogPosition)>,
    /// How generator events fill each bronze table, keyed by table and its creation sequence.
    pub(crate) cdc_plans: std::collections::HashMap<QName, (u64, std::rc::Rc<crate::cdc::CdcPlan>)>,
    /// The snapshot an open transaction (`BEGIN`) returns to on `ROLLBACK`.
    pub(crate) transaction: Option<Box<crate::transaction::Snapshot>>,
    /// The user of the session (`CURRENT_USER()`), when a client logged in.
    pub(crate) user: Option<String>,
    /// The last statements' query ids and results, newest last, for `RESULT_SCAN`.
    recent: std::collections::VecDeque<(String, QueryResult)>,
}

/// Typed columns and rows, to be materialized as a scratch table.
type Materialized = (Vec<(String, SfType)>, Vec<Vec<Value>>);

/// How many statement results `RESULT_SCAN` can reach back to.
const RECENT_RESULTS: usize = 8;

impl Engine {
    /// A new, empty session whose clock starts at `now`.
    pub fn new(now: NaiveDateTime) -> Engine {
        Engine {
            glue: Glue::new(TrackedStorage::default()),
            catalog: Catalog::default(),
            now,
            refresh_history: Vec::new(),
            task_history: Vec::new(),
            stopwatch: None,
            next_query_id: 1,
            temp_seq: 0,
            ivm: Default::default(),
            refreshed_in_statement: Vec::new(),
            streams_read: Vec::new(),
            cdc_plans: Default::default(),
            transaction: None,
            user: None,
            recent: Default::default(),
        }
    }

    /// The query id of the last statement that succeeded (`LAST_QUERY_ID()`).
    pub fn last_query_id(&self) -> Option<&str> {
        self.recent.back().map(|(id, _)| id.as_str())
    }

    /// The session's n-th kept statement (1 the oldest kept), or from the end when n is negative.
    fn recent_statement(&self, n: i64) -> Option<&(String, QueryResult)> {
        let len = self.recent.len() as i64;
        let at = if n < 0 { len + n } else { n - 1 };
        usize::try_from(at).ok().and_then(|i| self.recent.get(i))
    }

    /// `RESULT_SCAN(<query id> | LAST_QUERY_ID([n]))`: the columns and rows of a recent statement.
    fn result_scan(&self, args: &[(Option<String>, String)]) -> Result<Materialized> {
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

    /// Lets the engine time refreshes (REFRESH durations in history); without it they read 0.
    pub fn set_stopwatch(&mut self, stopwatch: Stopwatch) {
        self.stopwatch = Some(stopwatch);
    }

    pub fn now(&self) -> NaiveDateTime {
        self.now
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn refresh_history(&self) -> &[RefreshRecord] {
        &self.refresh_history
    }

    pub fn task_history(&self) -> &[TaskRun] {
        &self.task_history
    }

    pub fn storage(&self) -> &TrackedStorage {
        &self.glue.storage
    }

    pub(crate) fn storage_mut(&mut self) -> &mut TrackedStorage {
        &mut self.glue.storage
    }

    pub(crate) fn elapsed_ms(&self) -> f64 {
        self.stopwatch.map_or(0.0, |f| f())
    }

    pub(crate) fn query_id(&mut self) -> String {
        let id = self.next_query_id;
        self.next_query_id += 1;
        format!("01b00000-0000-0000-0000-{id:012x}")
    }

    /// Runs every statement of a script in order; stops at the first error, which names the statement.
    /// Statements before the failing one stay applied, as in Snowflake; the failing one changes nothing.
    pub fn execute_script(&mut self, script: &str) -> Result<Vec<StatementOutcome>> {
        match self.execute_script_partial(script) {
            (out, None) => Ok(out),
            (_, Some(e)) => Err(e),
        }
    }

    /// Runs a script like `execute_script`, returning the outcomes of the statements that ran
    /// (and stay applied) together with the error that stopped it, if any.
    pub fn execute_script_partial(
        &mut self,
        script: &str,
    ) -> (Vec<StatementOutcome>, Option<SqlError>) {
        let mut out = Vec::new();
        for piece in split_statements(script) {
            match self.execute_at(&piece.text, piece.start) {
                Ok(result) => out.push(StatementOutcome {
                    text: piece.text,
                    start: piece.start,
                    result,
                }),
                Err(e) => return (out, Some(e)),
            }
        }
        (out, None)
    }

    /// Runs one statement.
    pub fn execute(&mut self, sql: &str) -> Result<QueryResult> {
        let pieces = split_statements(sql);
        match pieces.as_slice() {
            [] => Err(SqlError::syntax("Empty SQL statement.")),
            [one] => self.execute_at(&one.text, one.start),
            [_, second, ..] => Err(SqlError::invalid(
                "Multiple SQL statements in a single call are not allowed here; run them as a script.",
            )
            .at(second.start)),
        }
    }

    /// Runs one statement with `?` / `%s` placeholders bound to `params`, in order.
    pub fn execute_with_params(&mut self, sql: &str, params: &[Param]) -> Result<QueryResult> {
        let literals: Vec<String> = params.iter().map(Param::literal).collect();
        let bound = bind_params(sql, &literals).map_err(|e| e.in_statement(sql))?;
        self.execute(&bound)
    }

    fn execute_at(&mut self, text: &str, start: Position) -> Result<QueryResult> {
        let stmt = parse_statement(text).map_err(|e| e.offset_by(start).in_statement(text))?;
        let result = self
            .atomically(|engine| engine.run(stmt, text))
            .map_err(|e| e.offset_by(start).in_statement(text))?;
        let id = self.query_id();
        if self.recent.len() == RECENT_RESULTS {
            self.recent.pop_front();
        }
        self.recent.push_back((id, result.clone()));
        Ok(result)
    }

    /// Runs `f` so that on error the storage, the catalog and the histories are as they were.
    pub(crate) fn atomically<T>(&mut self, f: impl FnOnce(&mut Engine) -> Result<T>) -> Result<T> {
        let catalog = self.catalog.clone();
        let histories = (self.refresh_history.len(), self.task_history.len());
        self.refreshed_in_statement.clear();
        self.streams_read.clear();
        self.glue.storage.begin_statement();
        match f(self) {
            Ok(v) => {
                self.glue.storage.commit_statement();
                Ok(v)
            }
            Err(e) => {
                self.glue.storage.rollback_statement();
                self.catalog = catalog;
                self.refresh_history.truncate(histories.0);
                self.task_history.truncate(histories.1);
                for q in std::mem::take(&mut self.refreshed_in_statement) {
                    self.ivm.remove(&q);
                }
                Err(e)
            }
        }
    }

    pub(crate) fn context(&self) -> Context {
        Context {
            database: self.catalog.current_database.clone(),
            schema: self.catalog.current_schema.clone(),
        }
    }

    /// Resolves a (possibly partial) name against a context.
    pub(crate) fn qualify(&self, name: &Name, context: &Context, what: &str) -> Result<QName> {
        let no_db = || {
            SqlError::invalid(format!(
                "Cannot perform {what}. This session does not have a current database. Call 'USE DATABASE', or use a qualified name."
            ))
            .at(name.position)
        };
        let no_schema = || {
            SqlError::invalid(format!(
                "Cannot perform {what}. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name."
            ))
            .at(name.position)
        };
        match name.parts.as_slice() {
            [n] => Ok(QName::new(
                context.database.as_deref().ok_or_else(no_db)?,
                context.schema.as_deref().ok_or_else(no_schema)?,
                n,
            )),
            [s, n] => Ok(QName::new(
                context.database.as_deref().ok_or_else(no_db)?,
                s,
                n,
            )),
            [d, s, n] => Ok(QName::new(d, s, n)),
            _ => Err(
                SqlError::invalid(format!("Invalid object name '{}'.", name.display()))
                    .at(name.position),
            ),
        }
    }

    /// Qualifies a name for a new object and checks that its schema exists.
    pub(crate) fn qualify_new(&self, name: &Name, what: &str) -> Result<QName> {
        let q = self.qualify(name, &self.context(), what)?;
        if !self.catalog.databases.contains_key(&q.database) {
            return Err(SqlError::does_not_exist("Database", &q.database).at(name.position));
        }
        if !self
            .catalog
            .schemas
            .contains(&(q.database.clone(), q.schema.clone()))
        {
            return Err(SqlError::does_not_exist(
                "Schema",
                &format!("{}.{}", q.database, q.schema),
            )
            .at(name.position));
        }
        Ok(q)
    }

    /// The columns of a stored table or dynamic table, None for anything else.
    pub(crate) fn stored_columns(
        &self,
        name: &Name,
        context: &Context,
    ) -> Option<Vec<(String, SfType)>> {
        let q = self.qualify(name, context, "SELECT").ok()?;
        match &self.catalog.objects.get(&q)?.body {
            ObjectBody::Table { columns, .. } => {
                Some(columns.iter().map(|c| (c.name.clone(), c.ty)).collect())
            }
            ObjectBody::DynamicTable(dt) => {
                Some(dt.columns.iter().map(|c| (c.name.clone(), c.ty)).collect())
            }
            _ => None,
        }
    }

    /// Finds an existing object of one of the given kinds.
    pub(crate) fn find(&self, name: &Name, kinds: &[&str]) -> Result<QName> {
        let q = self.qualify(name, &self.context(), "this operation")?;
        match self.catalog.objects.get(&q) {
            Some(o) if kinds.contains(&o.kind_word()) => Ok(q),
            _ => Err(SqlError::does_not_exist(
                match kinds {
                    ["DYNAMIC TABLE"] => "Dynamic table",
                    ["TASK"] => "Task",
                    _ => "Object",
                },
                &name.display(),
            )
            .at(name.position)),
        }
    }

    pub(crate) fn add_object(&mut self, q: QName, body: ObjectBody, comment: Option<String>) {
        let seq = self.catalog.next_seq;
        self.catalog.next_seq += 1;
        self.catalog.objects.insert(
            q,
            Object {
                body,
                comment,
                created_on: self.now,
                seq,
            },
        );
    }

    /// Removes an object and its storage.
    fn remove_object(&mut self, q: &QName) -> Result<()> {
        let had_state = self.ivm.remove(q).is_some();
        let Some(o) = self.catalog.objects.remove(q) else {
            return Ok(());
        };
        if matches!(
            o.body,
            ObjectBody::Table { .. } | ObjectBody::DynamicTable(_)
        ) {
            self.glue
                .storage
                .delete_schema(&q.storage())
                .map_err(glue_error)?;
        }
        if had_state || matches!(o.body, ObjectBody::Stream(_)) {
            self.sync_change_logging();
        }
        Ok(())
    }

    pub(crate) fn create_storage(&mut self, q: &QName, columns: &[Column]) -> Result<()> {
        let schema = crate::store::schema_of(
            &q.storage(),
            columns.iter().map(|c| (c.name.clone(), c.ty.glue_type())),
        );
        self.glue
            .storage
            .insert_schema(&schema)
            .map_err(glue_error)?;
        self.glue
            .storage
            .set_types(&q.storage(), columns.iter().map(|c| c.ty).collect());
        self.glue
            .storage
            .set_not_null(&q.storage(), columns.iter().map(|c| !c.nullable).collect());
        Ok(())
    }

    /// Handles `CREATE OR REPLACE` / `IF NOT EXISTS` for a name; Ok(false) means "exists, skip".
    pub(crate) fn prepare_create(
        &mut self,
        q: &QName,
        or_replace: bool,
        if_not_exists: bool,
        kind: &str,
        position: Position,
    ) -> Result<bool> {
        match self.catalog.objects.get(q) {
            None => Ok(true),
            Some(_) if if_not_exists => Ok(false),
            Some(o) if or_replace && o.kind_word() == kind => {
                self.remove_object(q)?;
                Ok(true)
            }
            Some(o) => Err(SqlError::already_exists(o.kind_word(), &q.to_string()).at(position)),
        }
    }

    fn run(&mut self, stmt: Stmt, text: &str) -> Result<QueryResult> {
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
                    let doomed: Vec<QName> = self
                        .catalog
                        .objects
                        .keys()
                        .filter(|q| q.database == db)
                        .cloned()
                        .collect();
                    for q in doomed {
                        self.remove_object(&q)?;
                    }
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
                    let doomed: Vec<QName> = self
                        .catalog
                        .objects
                        .keys()
                        .filter(|q| q.database == db && q.schema == schema)
                        .cloned()
                        .collect();
                    for q in doomed {
                        self.remove_object(&q)?;
                    }
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
            Stmt::UseWarehouse(w) => {
                self.catalog.warehouse = Some(w);
                Ok(QueryResult::status(
                    "status",
                    "Statement executed successfully.",
                ))
            }
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
                Ok(info_schema::show(self, kind, &filter))
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
    fn show_scope(
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

    fn use_object(&mut self, kind: Option<ObjectKind>, name: &Name) -> Result<QueryResult> {
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

    fn drop_object(
        &mut self,
        kind: ObjectKind,
        name: &Name,
        if_exists: bool,
    ) -> Result<QueryResult> {
        match kind {
            ObjectKind::Database => {
                let db = name.display();
                if !self.catalog.databases.contains_key(&db) {
                    if if_exists {
                        return Ok(QueryResult::status(
                            "status",
                            "Drop statement executed successfully (database already dropped).",
                        ));
                    }
                    return Err(SqlError::does_not_exist("Database", &db).at(name.position));
                }
                let doomed: Vec<QName> = self
                    .catalog
                    .objects
                    .keys()
                    .filter(|q| q.database == db)
                    .cloned()
                    .collect();
                for q in doomed {
                    self.remove_object(&q)?;
                }
                self.catalog.databases.remove(&db);
                self.catalog.schemas.retain(|(d, _)| d != &db);
                if self.catalog.current_database.as_deref() == Some(&db) {
                    self.catalog.current_database = None;
                    self.catalog.current_schema = None;
                }
                Ok(QueryResult::status(
                    "status",
                    format!("{db} successfully dropped."),
                ))
            }
            ObjectKind::Schema => {
                let (db, s) = match name.parts.as_slice() {
                    [s] => (
                        self.catalog.current_database.clone().unwrap_or_default(),
                        s.clone(),
                    ),
                    [d, s] => (d.clone(), s.clone()),
                    _ => {
                        return Err(SqlError::invalid("A schema name has at most two parts.")
                            .at(name.position));
                    }
                };
                if !self.catalog.schemas.remove(&(db.clone(), s.clone())) {
                    if if_exists {
                        return Ok(QueryResult::status(
                            "status",
                            "Drop statement executed successfully (schema already dropped).",
                        ));
                    }
                    return Err(
                        SqlError::does_not_exist("Schema", &format!("{db}.{s}")).at(name.position)
                    );
                }
                let doomed: Vec<QName> = self
                    .catalog
                    .objects
                    .keys()
                    .filter(|q| q.database == db && q.schema == s)
                    .cloned()
                    .collect();
                for q in doomed {
                    self.remove_object(&q)?;
                }
                Ok(QueryResult::status(
                    "status",
                    format!("{s} successfully dropped."),
                ))
            }
            _ => {
                let word = match kind {
                    ObjectKind::Table => "TABLE",
                    ObjectKind::View => "VIEW",
                    ObjectKind::DynamicTable => "DYNAMIC TABLE",
                    ObjectKind::Stream => "STREAM",
                    _ => "TASK",
                };
                let q = match self.find(name, &[word]) {
                    Ok(q) => q,
                    Err(_) if if_exists => {
                        return Ok(QueryResult::status(
                            "status",
                            "Drop statement executed successfully (object already dropped).",
                        ));
                    }
                    Err(e) => return Err(e),
                };
                let consumers = self.catalog.consumers(&q);
                if !consumers.is_empty() && !matches!(word, "TASK" | "STREAM") {
                    let names: Vec<String> = consumers.iter().map(ToString::to_string).collect();
                    return Err(SqlError::invalid(format!(
                        "Cannot drop {} '{}': dynamic tables depend on it: {}.",
                        word.to_lowercase(),
                        q,
                        names.join(", ")
                    ))
                    .at(name.position));
                }
                self.remove_object(&q)?;
                Ok(QueryResult::status(
                    "status",
                    format!("{} successfully dropped.", q.name),
                ))
            }
        }
    }

    fn run_sql(&mut self, mut statement: Statement, text: &str) -> Result<QueryResult> {
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

    fn run_query(&mut self, query: sqlparser::ast::Query, text: &str) -> Result<QueryResult> {
        let context = self.context();
        let (rewritten, temps) = self.rewrite_query(query, &context)?;
        self.select(&rewritten, &temps, text)
    }

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

    fn run_dml(&mut self, mut statement: Statement, text: &str) -> Result<QueryResult> {
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
    fn insert_rows(
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
    fn complete_insert(
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

    fn create_view(&mut self, cv: sqlparser::ast::CreateView, text: &str) -> Result<QueryResult> {
        let name = Name::from_object_name(&cv.name);
        if cv.materialized {
            return Err(SqlError::unsupported(
                "Materialized views are not supported; use a dynamic table.",
            )
            .at(name.position));
        }
        let q = self.qualify_new(&name, "CREATE VIEW")?;
        let context = Context::of(&q);
        let (rewritten, temps) = self.rewrite_query((*cv.query).clone(), &context)?;
        let probe = self.select(&rewritten, &temps, text)?;
        let columns = columns_of(&probe);
        if !self.prepare_create(&q, cv.or_replace, cv.if_not_exists, "VIEW", name.position)? {
            return Ok(QueryResult::status(
                "status",
                format!("{} already exists, statement succeeded.", q.name),
            ));
        }
        let comment = cv.comment.clone();
        self.add_object(
            q.clone(),
            ObjectBody::View {
                columns,
                text: query_text_of(text),
            },
            comment,
        );
        Ok(QueryResult::status(
            "status",
            format!("View {} successfully created.", q.name),
        ))
    }

    fn create_dynamic_table(
        &mut self,
        mut spec: crate::dialect::parse::DynamicTableSpec,
    ) -> Result<QueryResult> {
        let q = self.qualify_new(&spec.name, "CREATE DYNAMIC TABLE")?;
        if spec.or_alter {
            // CREATE OR ALTER keeps an existing table and its rows when the query is the same,
            // changing only its options; a new query replaces it.
            match self.catalog.objects.get_mut(&q) {
                Some(Object {
                    body: ObjectBody::DynamicTable(dt),
                    comment,
                    ..
                }) if dt.text == spec.query_text => {
                    dt.target_lag = spec.target_lag;
                    dt.warehouse = spec.warehouse;
                    dt.scheduler_disabled = spec.scheduler_disabled;
                    dt.initialization_warehouse = spec.initialization_warehouse;
                    dt.cluster_by = spec.cluster_by;
                    *comment = spec.comment;
                    return Ok(QueryResult::status(
                        "status",
                        "Statement executed successfully.",
                    ));
                }
                _ => spec.or_replace = true,
            }
        }
        let context = Context::of(&q);
        let (rewritten, temps) = self.rewrite_query((*spec.query).clone(), &context)?;
        let probe = self.select(&rewritten, &temps, &spec.query_text);
        if temps.iter().any(|t| t.starts_with(INFO)) {
            return Err(
                SqlError::invalid("A dynamic table cannot read INFORMATION_SCHEMA.")
                    .at(spec.query_offset),
            );
        }
        let probe = probe?;
        let reads: Vec<QName> = rewritten
            .reads
            .iter()
            .filter_map(|r| QName::parse(r))
            .collect();
        if reads.contains(&q) {
            return Err(
                SqlError::invalid("A dynamic table cannot read itself.").at(spec.name.position)
            );
        }
        let plan =
            crate::refresh::plan::analyze(&spec.query, |name| self.stored_columns(name, &context));
        let (refresh_mode, reason) =
            resolve_refresh_mode(spec.refresh_mode, &spec.query, plan.as_ref().err())
                .map_err(|e| e.at(spec.query_offset))?;
        let mut columns = columns_of(&probe);
        if !spec.columns.is_empty() {
            if spec.columns.len() != columns.len() {
                return Err(SqlError::invalid(format!(
                    "The column list names {} columns but the query returns {}.",
                    spec.columns.len(),
                    columns.len()
                ))
                .at(spec.name.position));
            }
            for (i, (name, _)) in spec.columns.iter().enumerate() {
                if spec.columns[..i].iter().any(|(n, _)| n == name) {
                    return Err(SqlError::invalid(format!("duplicate column name '{name}'"))
                        .at(spec.name.position));
                }
            }
            for (c, (name, comment)) in columns.iter_mut().zip(&spec.columns) {
                c.name = name.clone();
                c.comment = comment.clone();
            }
        }
        if !self.prepare_create(
            &q,
            spec.or_replace,
            spec.if_not_exists,
            "DYNAMIC TABLE",
            spec.name.position,
        )? {
            return Ok(QueryResult::status(
                "status",
                format!("{} already exists, statement succeeded.", q.name),
            ));
        }
        self.create_storage(&q, &columns)?;
        let dt = DynamicTable {
            columns,
            column_list: !spec.columns.is_empty(),
            text: spec.query_text.clone(),
            target_lag: spec.target_lag,
            scheduler_disabled: spec.scheduler_disabled,
            initialization_warehouse: spec.initialization_warehouse,
            warehouse: spec.warehouse,
            requested_mode: match spec.refresh_mode {
                RefreshModeSetting::Auto => "AUTO",
                RefreshModeSetting::Full => "FULL",
                RefreshModeSetting::Incremental => "INCREMENTAL",
            }
            .to_owned(),
            refresh_mode,
            refresh_mode_reason: reason,
            initialize: spec.initialize,
            cluster_by: spec.cluster_by,
            transient: spec.transient,
            state: SchedulingState::Active,
            reads,
            data_timestamp: None,
            source_versions: Default::default(),
            last_suspended_on: None,
            last_failure: None,
        };
        let initialize = dt.initialize;
        self.add_object(
            q.clone(),
            ObjectBody::DynamicTable(Box::new(dt)),
            spec.comment,
        );
        if initialize == Initialize::OnCreate {
            let now = self.now;
            let record = self.refresh(
                &q,
                now,
                crate::history::RefreshTrigger::Creation,
                Some(probe),
            )?;
            if record.state != RefreshState::Succeeded {
                return Err(SqlError::execution(format!(
                    "Dynamic table '{}' could not be initialized: {}",
                    q,
                    record.state_message.unwrap_or_default()
                )));
            }
        }
        Ok(QueryResult::status(
            "status",
            format!("Dynamic table {} successfully created.", q.name),
        ))
    }

    fn create_task(&mut self, spec: crate::dialect::parse::TaskSpec) -> Result<QueryResult> {
        let q = self.qualify_new(&spec.name, "CREATE TASK")?;
        parse_statement(&spec.body).map_err(|e| e.in_statement(&spec.body))?;
        let mut after = Vec::new();
        for a in &spec.after {
            after.push(self.find(a, &["TASK"])?);
        }
        if !self.prepare_create(
            &q,
            spec.or_replace,
            spec.if_not_exists,
            "TASK",
            spec.name.position,
        )? {
            return Ok(QueryResult::status(
                "status",
                format!("{} already exists, statement succeeded.", q.name),
            ));
        }
        let task = Task {
            warehouse: spec.warehouse,
            schedule: spec.schedule,
            after,
            condition: spec.condition,
            body: spec.body,
            started: false,
            next_run: None,
        };
        self.add_object(q.clone(), ObjectBody::Task(Box::new(task)), spec.comment);
        Ok(QueryResult::status(
            "status",
            format!("Task {} successfully created.", q.name),
        ))
    }

    /// Runs a task's body now (as the scheduler or EXECUTE TASK does) and records it in TASK_HISTORY.
    pub(crate) fn run_task(&mut self, q: &QName, scheduled: NaiveDateTime, from: &str) {
        let Some(ObjectBody::Task(task)) = self.catalog.objects.get(q).map(|o| &o.body) else {
            return;
        };
        let body = task.body.clone();
        let condition = task.condition.clone();
        let saved = (
            self.catalog.current_database.clone(),
            self.catalog.current_schema.clone(),
        );
        self.catalog.current_database = Some(q.database.clone());
        self.catalog.current_schema = Some(q.schema.clone());
        let start = self.now;
        // WHEN is evaluated first: FALSE skips the run (state SKIPPED), an error fails it.
        let proceed = match &condition {
            None => Ok(true),
            Some(c) => self.execute(&format!("SELECT {c}")).map(|r| {
                matches!(
                    r.rows.first().and_then(|row| row.first()),
                    Some(Value::Bool(true))
                )
            }),
        };
        let outcome = match proceed {
            Ok(true) => self.execute(&body).map(|_| true),
            other => other,
        };
        self.catalog.current_database = saved.0;
        self.catalog.current_schema = saved.1;
        let run_id = self.task_history.len() as u64 + 1;
        let query_id = self.query_id();
        let (state, code, message) = match outcome {
            Ok(true) => (TaskState::Succeeded, None, None),
            Ok(false) => (
                TaskState::Skipped,
                None,
                Some("Conditional expression returned FALSE; the run was skipped.".to_owned()),
            ),
            Err(e) => (
                TaskState::Failed,
                Some(e.code.to_owned()),
                Some(e.to_string()),
            ),
        };
        self.task_history.push(TaskRun {
            task: q.clone(),
            query_text: body,
            state,
            error_code: code,
            error_message: message,
            scheduled_time: scheduled,
            query_start_time: start,
            completed_time: self.now,
            run_id,
            query_id,
            scheduled_from: from.to_owned(),
        });
        let children: Vec<QName> = self
            .catalog
            .tasks()
            .filter(|(_, t)| t.started && t.after.contains(q))
            .map(|(n, _)| n.clone())
            .collect();
        if state == TaskState::Succeeded {
            for child in children {
                self.run_task(&child, self.now, "SCHEDULE");
            }
        }
    }

    /// Rows of a table, view or dynamic table (`SELECT *`), for display.
    pub fn table_rows(&mut self, name: &str) -> Result<QueryResult> {
        self.execute(&format!("SELECT * FROM {name}"))
    }

    /// The catalog as Snowflake DDL.
    pub fn export_ddl(&self) -> String {
        self.catalog.export_ddl()
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
}

/// The text after the top-level AS of a CREATE VIEW statement.
fn query_text_of(text: &str) -> String {
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
fn cast_to_columns(
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

/// REFRESH_MODE resolution at CREATE, as Snowflake does it: AUTO picks INCREMENTAL when the query
/// allows it; a CURRENT_TIMESTAMP-like function in the select list forces FULL; forcing INCREMENTAL
/// on a query that cannot be incremental is a compilation error.
fn resolve_refresh_mode(
    setting: RefreshModeSetting,
    query: &sqlparser::ast::Query,
    not_incremental: Option<&String>,
) -> Result<(RefreshMode, Option<String>)> {
    let text = query.to_string().to_ascii_uppercase();
    let nondeterministic = ["CURRENT_TIMESTAMP", "CURRENT_DATE", "SYSDATE", "GETDATE", "CURRENT_TIME", "RANDOM"]
        .iter()
        .find(|f| text.contains(*f))
        .map(|f| {
            format!(
                "The query uses the non-deterministic function {f} in its select list, which incremental refresh does not support."
            )
        });
    let reason = nondeterministic.or_else(|| not_incremental.cloned());
    match (setting, reason) {
        (RefreshModeSetting::Full, _) => Ok((
            RefreshMode::Full,
            Some("REFRESH_MODE = FULL was specified.".to_owned()),
        )),
        (RefreshModeSetting::Incremental, Some(r)) => Err(SqlError::invalid(format!(
            "Dynamic table cannot use REFRESH_MODE = INCREMENTAL: {r}"
        ))),
        (_, Some(r)) => Ok((RefreshMode::Full, Some(r))),
        (_, None) => Ok((RefreshMode::Incremental, None)),
    }
}

pub(crate) fn glue_error(e: gluesql_core::error::Error) -> SqlError {
    SqlError::execution(e.to_string())
}

/// GlueSQL errors in Snowflake's words, positioned at the identifier they name when there is one.
fn map_glue_error(e: gluesql_core::error::Error, original: &str) -> SqlError {
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

fn parse_glue_query(sql: &str) -> Result<sqlparser::ast::Query> {
    let mut parser = sqlparser::parser::Parser::new(&sqlparser::dialect::GenericDialect {})
        .try_with_sql(sql)
        .map_err(|e| crate::dialect::parse::syntax_error(e, Position { line: 1, column: 0 }))?;
    parser
        .parse_query()
        .map(|q| *q)
        .map_err(|e| crate::dialect::parse::syntax_error(e, Position { line: 1, column: 0 }))
}

/// The prefix of scratch tables holding INFORMATION_SCHEMA results and stream reads.
const INFO: &str = "__INFO";
/// The prefix of scratch tables holding a SELECT's rows with its window functions evaluated.
const WINDOWED: &str = "__WINDOWED";

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
struct EngineResolver<'e> {
    engine: &'e mut Engine,
    temps: Vec<String>,
}

impl Resolver for EngineResolver<'_> {
    fn relation(&mut self, name: &Name, context: &Context) -> Result<Relation> {
        let parts = &name.parts;
        if parts.len() >= 2 && parts[parts.len() - 2] == "INFORMATION_SCHEMA" {
            let (columns, rows) =
                info_schema::view(self.engine, name.last(), context).ok_or_else(|| {
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
        let (columns, rows) = info_schema::table_function(self.engine, name.last(), &args)
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
