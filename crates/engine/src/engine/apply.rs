//! Applying an edited pipeline script to a running session, keeping the data as Snowflake would
//! (docs: sql-reference/sql/create-dynamic-table, variant CREATE OR ALTER; user-guide/dynamic-tables
//! "Modify dynamic tables"). The new script runs statement by statement, each as its data-keeping
//! equivalent:
//!
//! - `CREATE [OR REPLACE] DATABASE | SCHEMA` of one that exists is skipped (a database is never
//!   dropped); it still makes it current, as CREATE does.
//! - `CREATE [OR REPLACE] WAREHOUSE` of one that exists is skipped the same way: it keeps its
//!   properties and state, and becomes current. A warehouse is never dropped.
//! - `CREATE [OR REPLACE] DYNAMIC TABLE` of an existing dynamic table runs as `CREATE OR ALTER`:
//!   options change in place; a new query, column list or refresh mode reinitializes it.
//! - `CREATE [OR REPLACE] TABLE` of an existing table with the same columns (names, types, NOT
//!   NULL, defaults) keeps it with its rows, and sets its comments and constraints in place; other
//!   columns replace it, and its rows are gone. DML into a kept table is skipped: its rows came
//!   from the first run.
//! - `CREATE [OR REPLACE] VIEW | TASK | STREAM` with the same definition keeps the object; another
//!   definition replaces it. A kept task takes the state the script gives it: suspended, as
//!   created, until the script's `ALTER TASK … RESUME`, which resumes it on its former schedule.
//! - Everything else (USE, ALTER, queries, DROP, …) runs as written.
//!
//! The script states what the pipeline is, so a CREATE without OR REPLACE of an existing object is
//! treated the same way; `IF NOT EXISTS` keeps whatever exists. An object of another kind that the
//! previous script created under the same name is dropped first. Then the objects the previous
//! script created and the new one does not are dropped: tasks, streams, dynamic tables (consumers
//! first), views, tables. Objects created outside the pipeline (from a worksheet) are left alone.
//! The new script's names resolve as it runs; the previous script's by following its CREATE
//! DATABASE / SCHEMA and USE statements from the session's context at the start.
//!
//! Applying is atomic: on any error the session is as it was (rows, catalog, histories,
//! incremental state), and the error locates the statement in the new script. An open transaction
//! is committed, as DDL commits it.

use super::Engine;
use super::create::Alteration;
use super::query::query_text_of;
use crate::catalog::{Column, Object, ObjectBody, QName, Task};
use crate::dialect::parse::{DynamicTableSpec, Name, ObjectKind, Stmt, TaskSpec, parse_statement};
use crate::dialect::rewrite::Context;
use crate::dialect::split::split_statements;
use crate::error::{Result, SqlError};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sqlparser::ast::{FromTable, ObjectName, Statement, TableFactor, TableObject};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What applying a pipeline did to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PipelineChange {
    /// Its definition is unchanged: kept as it was, with its rows.
    Kept,
    /// Options that keep its data changed in place (a dynamic table's TARGET_LAG, a comment).
    Altered,
    /// A dynamic table with a new query, column list or refresh mode, rebuilt in place from its
    /// input (`REINITIALIZE` in its refresh history).
    Reinitialized,
    /// New in this script.
    Created,
    /// Its definition changed so that it was created again; a replaced table's rows are gone.
    Replaced,
    /// Created by the previous script and not by this one: dropped.
    Dropped,
}

/// What applying a pipeline did to one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectChange {
    /// The object's qualified name: `DB.SCHEMA.NAME`, `DB` for a database, `DB.SCHEMA` for a
    /// schema, its own name for a warehouse.
    pub name: String,
    /// Its kind as Snowflake names it: `DATABASE`, `SCHEMA`, `WAREHOUSE`, `TABLE`, `DYNAMIC TABLE`,
    /// `VIEW`, `TASK` or `STREAM`.
    pub kind: String,
    /// What happened to it.
    pub change: PipelineChange,
    /// What changed in place, e.g. `TARGET_LAG 1 minute → 2 minutes` or `comment`.
    pub details: Vec<String>,
    /// The rows a kept or altered table keeps.
    pub rows: Option<u64>,
}

impl ObjectChange {
    /// The object's own name with what changed and what it keeps, as the summary lists it.
    fn describe(&self) -> String {
        let own = self.name.rsplit('.').next().unwrap_or(&self.name);
        let mut notes = self.details.clone();
        if let Some(rows) = self.rows {
            notes.push(format!(
                "{} row{}",
                thousands(rows),
                if rows == 1 { "" } else { "s" }
            ));
        }
        if self.change == PipelineChange::Replaced && self.kind == "TABLE" {
            notes.push("its earlier rows are gone".to_owned());
        }
        if notes.is_empty() {
            own.to_owned()
        } else {
            format!("{own} ({})", notes.join(", "))
        }
    }
}

/// What applying a pipeline script did, object by object: in the order the new script creates
/// them, then the ones dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineChanges {
    /// One entry per database, schema, warehouse or object the new script creates or the apply
    /// dropped.
    pub objects: Vec<ObjectChange>,
}

impl PipelineChanges {
    /// Whether applying changed nothing: every object was kept.
    pub fn unchanged(&self) -> bool {
        self.objects
            .iter()
            .all(|o| o.change == PipelineChange::Kept)
    }

    /// One line for a person, e.g. `Reinitialized ORDERS_DERIVED; altered ORDERS_AGGREGATED
    /// (TARGET_LAG 5 minutes → 10 minutes); kept RAW_ORDERS (1,204 rows), CDC_MONITORING`.
    /// Databases, schemas and warehouses are named only when created, replaced or dropped.
    pub fn summary(&self) -> String {
        let groups = [
            (PipelineChange::Created, "created"),
            (PipelineChange::Replaced, "replaced"),
            (PipelineChange::Reinitialized, "reinitialized"),
            (PipelineChange::Altered, "altered"),
            (PipelineChange::Dropped, "dropped"),
            (PipelineChange::Kept, "kept"),
        ];
        let mut parts = Vec::new();
        for (change, verb) in groups {
            let items: Vec<String> = self
                .objects
                .iter()
                .filter(|o| o.change == change)
                .filter(|o| {
                    change != PipelineChange::Kept
                        || !matches!(o.kind.as_str(), "DATABASE" | "SCHEMA" | "WAREHOUSE")
                })
                .map(ObjectChange::describe)
                .collect();
            if !items.is_empty() {
                parts.push(format!("{verb} {}", items.join(", ")));
            }
        }
        if parts.is_empty() {
            return "Nothing to apply.".to_owned();
        }
        let line = parts.join("; ");
        if self.unchanged() {
            return format!("Nothing changed: {line}.");
        }
        let mut chars = line.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        format!("{}{}.", first.unwrap_or_default(), chars.as_str())
    }
}

/// A count with thousands separated by commas (`1,204`).
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An apply under way: what the new script creates so far, what it keeps, and the changes.
#[derive(Default)]
struct Applying {
    /// The objects the previous script created, with their kinds.
    previous: BTreeMap<QName, &'static str>,
    /// The objects the new script creates.
    created: BTreeSet<QName>,
    /// Tables kept with their rows: DML into them is skipped.
    kept_tables: BTreeSet<QName>,
    /// Kept tasks that were resumed, with their next run: the script's RESUME restores it.
    resumed_tasks: HashMap<QName, Option<NaiveDateTime>>,
    changes: PipelineChanges,
}

impl Applying {
    /// Records what happened to an object; an object the script creates twice counts once (a
    /// created one stays created).
    fn record(&mut self, name: String, kind: &str, change: PipelineChange, details: Vec<String>) {
        let entry = ObjectChange {
            name,
            kind: kind.to_owned(),
            change,
            details,
            rows: None,
        };
        match self
            .changes
            .objects
            .iter_mut()
            .find(|o| o.name == entry.name && o.kind == entry.kind)
        {
            Some(o) if o.change == PipelineChange::Created => {}
            Some(o) => *o = entry,
            None => self.changes.objects.push(entry),
        }
    }
}

impl Engine {
    /// Applies an edited pipeline script to the running session as Snowflake would keep the data:
    /// each statement of `script` runs as its data-keeping equivalent (see the module's doc), and
    /// the objects `previous` (the script applied before) created that `script` no longer creates
    /// are dropped. Atomic: on error the session is unchanged and the error locates the statement
    /// in `script`.
    pub fn apply_pipeline(&mut self, previous: &str, script: &str) -> Result<PipelineChanges> {
        let ivm = self.ivm.clone();
        let refresh_history = self.refresh_history.clone();
        let recent = self.recent.clone();
        let next_query_id = self.next_query_id;
        let transaction = self.transaction.take();
        let applied = self.atomically(|engine| engine.apply_statements(previous, script));
        if applied.is_err() {
            self.ivm = ivm;
            self.refresh_history = refresh_history;
            self.recent = recent;
            self.next_query_id = next_query_id;
            self.transaction = transaction;
            self.sync_change_logging();
        }
        applied
    }

    fn apply_statements(&mut self, previous: &str, script: &str) -> Result<PipelineChanges> {
        let mut applying = Applying {
            previous: self.objects_created_by(previous),
            ..Applying::default()
        };
        for piece in split_statements(script) {
            let locate = |e: SqlError| {
                e.offset_by(piece.start)
                    .at(piece.start)
                    .in_statement(&piece.text)
            };
            let stmt = parse_statement(&piece.text).map_err(locate)?;
            self.apply_statement(stmt, &piece.text, &mut applying)
                .map_err(locate)?;
        }
        self.drop_removed(&mut applying)?;
        Ok(applying.changes)
    }

    /// Runs one statement of the new script as its data-keeping equivalent.
    fn apply_statement(&mut self, stmt: Stmt, text: &str, applying: &mut Applying) -> Result<()> {
        match stmt {
            Stmt::CreateDatabase {
                name,
                if_not_exists,
                ..
            } if name.parts.len() == 1 && self.catalog.databases.contains_key(name.last()) => {
                if !if_not_exists {
                    self.use_object(Some(ObjectKind::Database), &name)?;
                }
                let db = name.last().to_owned();
                applying.record(db, "DATABASE", PipelineChange::Kept, Vec::new());
                Ok(())
            }
            Stmt::CreateSchema {
                name,
                if_not_exists,
                ..
            } if self.existing_schema(&name).is_some() => {
                let (db, schema) = self.existing_schema(&name).expect("checked in the guard");
                if !if_not_exists {
                    let qualified = Name {
                        parts: vec![db.clone(), schema.clone()],
                        position: name.position,
                    };
                    self.use_object(Some(ObjectKind::Schema), &qualified)?;
                }
                applying.record(
                    format!("{db}.{schema}"),
                    "SCHEMA",
                    PipelineChange::Kept,
                    Vec::new(),
                );
                Ok(())
            }
            Stmt::CreateWarehouse {
                name,
                if_not_exists,
                ..
            } if self.catalog.warehouses.contains_key(name.last()) => {
                let w = name.last().to_owned();
                if !if_not_exists {
                    self.catalog.warehouse = Some(w.clone());
                }
                applying.record(w, "WAREHOUSE", PipelineChange::Kept, Vec::new());
                Ok(())
            }
            Stmt::CreateWarehouse { ref name, .. } => {
                let w = name.last().to_owned();
                self.run_statement(stmt, text)?;
                applying.record(w, "WAREHOUSE", PipelineChange::Created, Vec::new());
                Ok(())
            }
            Stmt::CreateDatabase { ref name, .. } => {
                let db = name.display();
                self.run_statement(stmt, text)?;
                applying.record(db, "DATABASE", PipelineChange::Created, Vec::new());
                Ok(())
            }
            Stmt::CreateSchema { .. } => {
                self.run_statement(stmt, text)?;
                if let (Some(db), Some(schema)) = (
                    self.catalog.current_database.clone(),
                    self.catalog.current_schema.clone(),
                ) {
                    applying.record(
                        format!("{db}.{schema}"),
                        "SCHEMA",
                        PipelineChange::Created,
                        Vec::new(),
                    );
                }
                Ok(())
            }
            Stmt::CreateDynamicTable(spec) => self.apply_dynamic_table(*spec, text, applying),
            Stmt::CreateTask(spec) => self.apply_task(*spec, text, applying),
            stmt @ Stmt::CreateStream { .. } => self.apply_stream(stmt, text, applying),
            Stmt::AlterTask { name, resume: true } => {
                let kept = self
                    .find(&name, &["TASK"])
                    .ok()
                    .and_then(|q| applying.resumed_tasks.remove(&q).map(|next| (q, next)));
                match kept {
                    Some((q, next_run)) => {
                        if let Some(task) = self.catalog.task_mut(&q) {
                            task.started = true;
                            task.next_run = next_run;
                        }
                        Ok(())
                    }
                    None => self
                        .run_statement(Stmt::AlterTask { name, resume: true }, text)
                        .map(drop),
                }
            }
            Stmt::Sql(statement) => match *statement {
                Statement::CreateTable(ct) => self.apply_table(ct, text, applying),
                Statement::CreateView(cv) => self.apply_view(cv, text, applying),
                statement => {
                    if self.writes_only_kept(&statement, applying) {
                        return Ok(());
                    }
                    self.run_statement(Stmt::Sql(Box::new(statement)), text)
                        .map(drop)
                }
            },
            stmt => self.run_statement(stmt, text).map(drop),
        }
    }

    /// CREATE STREAM of an existing stream on the same table, with the same options, keeps it
    /// and its offset.
    fn apply_stream(&mut self, stmt: Stmt, text: &str, applying: &mut Applying) -> Result<()> {
        let Stmt::CreateStream {
            name,
            or_replace,
            if_not_exists,
            table,
            dynamic,
            append_only,
            comment,
        } = stmt
        else {
            return self.run_statement(stmt, text).map(drop);
        };
        let q = self.qualify_new(&name, "CREATE STREAM")?;
        let replaced = self.drop_other_kind(&q, "STREAM", applying)?;
        applying.created.insert(q.clone());
        let same = match self.catalog.objects.get(&q) {
            Some(Object {
                body: ObjectBody::Stream(st),
                comment: c,
                ..
            }) => Some(
                self.qualify(&table, &self.context(), "CREATE STREAM")
                    .is_ok_and(|t| t == st.table)
                    && st.on_dynamic_table == dynamic
                    && st.append_only == append_only
                    && *c == comment
                    // A stream on a table replaced since is stale: it is created again.
                    && st.offset.incarnation
                        == self.storage().log_position(&st.table.storage()).incarnation,
            ),
            _ => None,
        };
        let change = match same {
            Some(same) if same || if_not_exists => PipelineChange::Kept,
            Some(_) => PipelineChange::Replaced,
            None if replaced => PipelineChange::Replaced,
            None => PipelineChange::Created,
        };
        if change != PipelineChange::Kept {
            let stmt = Stmt::CreateStream {
                name,
                or_replace: or_replace || change == PipelineChange::Replaced,
                if_not_exists,
                table,
                dynamic,
                append_only,
                comment,
            };
            self.run_statement(stmt, text)?;
        }
        applying.record(q.to_string(), "STREAM", change, Vec::new());
        Ok(())
    }

    /// The database and schema a CREATE SCHEMA names, when that schema exists.
    fn existing_schema(&self, name: &Name) -> Option<(String, String)> {
        let (db, schema) = match name.parts.as_slice() {
            [s] => (self.catalog.current_database.clone()?, s.clone()),
            [d, s] => (d.clone(), s.clone()),
            _ => return None,
        };
        let key = (db, schema);
        self.catalog.schemas.contains(&key).then_some(key)
    }

    /// Drops `q` first when it is of another kind than the script now creates and the previous
    /// script created it; true when it did.
    fn drop_other_kind(&mut self, q: &QName, kind: &str, applying: &Applying) -> Result<bool> {
        match self.catalog.objects.get(q) {
            Some(o)
                if o.kind_word() != kind && applying.previous.get(q) == Some(&o.kind_word()) =>
            {
                self.remove_object(q)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// CREATE DYNAMIC TABLE of an existing dynamic table runs as CREATE OR ALTER.
    fn apply_dynamic_table(
        &mut self,
        mut spec: DynamicTableSpec,
        text: &str,
        applying: &mut Applying,
    ) -> Result<()> {
        let q = self.qualify_new(&spec.name, "CREATE DYNAMIC TABLE")?;
        let replaced = self.drop_other_kind(&q, "DYNAMIC TABLE", applying)?;
        applying.created.insert(q.clone());
        let (change, details) = match self.alteration(&q, &spec) {
            Some(_) if spec.if_not_exists => (PipelineChange::Kept, Vec::new()),
            Some(Alteration::Unchanged) => (PipelineChange::Kept, Vec::new()),
            Some(Alteration::Options(details)) => (PipelineChange::Altered, details),
            Some(Alteration::Reinitialize) => (PipelineChange::Reinitialized, Vec::new()),
            None if replaced => (PipelineChange::Replaced, Vec::new()),
            None => (PipelineChange::Created, Vec::new()),
        };
        if matches!(
            change,
            PipelineChange::Altered | PipelineChange::Reinitialized
        ) {
            spec.or_alter = true;
            spec.or_replace = false;
        }
        if change != PipelineChange::Kept {
            self.run_statement(Stmt::CreateDynamicTable(Box::new(spec)), text)?;
        }
        applying.record(q.to_string(), "DYNAMIC TABLE", change, details);
        Ok(())
    }

    /// CREATE TABLE of an existing table with the same columns keeps it and its rows.
    fn apply_table(
        &mut self,
        mut ct: sqlparser::ast::CreateTable,
        text: &str,
        applying: &mut Applying,
    ) -> Result<()> {
        let q = self.qualify_new(&Name::from_object_name(&ct.name), "CREATE TABLE")?;
        let replaced = self.drop_other_kind(&q, "TABLE", applying)?;
        applying.created.insert(q.clone());
        let existing = match self.catalog.objects.get(&q) {
            Some(Object {
                body:
                    ObjectBody::Table {
                        columns,
                        constraints,
                    },
                comment,
                ..
            }) => Some((columns.clone(), constraints.clone(), comment.clone())),
            _ => None,
        };
        let Some((columns, constraints, comment)) = existing else {
            self.run_statement(Stmt::Sql(Box::new(Statement::CreateTable(ct))), text)?;
            let change = if replaced {
                PipelineChange::Replaced
            } else {
                PipelineChange::Created
            };
            applying.record(q.to_string(), "TABLE", change, Vec::new());
            return Ok(());
        };
        let mut details = Vec::new();
        if !ct.if_not_exists {
            let definition = self.table_definition(&ct)?;
            let shape = |c: &Column| (c.name.clone(), c.ty, c.nullable, c.default.clone());
            if columns.len() != definition.columns.len()
                || columns
                    .iter()
                    .zip(&definition.columns)
                    .any(|(a, b)| shape(a) != shape(b))
            {
                ct.or_replace = true;
                self.run_statement(Stmt::Sql(Box::new(Statement::CreateTable(ct))), text)?;
                applying.record(q.to_string(), "TABLE", PipelineChange::Replaced, Vec::new());
                return Ok(());
            }
            if definition.comment != comment {
                details.push("comment".to_owned());
            }
            if columns
                .iter()
                .zip(&definition.columns)
                .any(|(a, b)| a.comment != b.comment)
            {
                details.push("column comments".to_owned());
            }
            if definition.constraints != constraints {
                details.push("constraints".to_owned());
            }
            if !details.is_empty()
                && let Some(object) = self.catalog.objects.get_mut(&q)
            {
                object.comment = definition.comment;
                object.body = ObjectBody::Table {
                    columns: definition.columns,
                    constraints: definition.constraints,
                };
            }
        }
        let change = if details.is_empty() {
            PipelineChange::Kept
        } else {
            PipelineChange::Altered
        };
        applying.record(q.to_string(), "TABLE", change, details);
        if let Some(entry) = applying.changes.objects.last_mut() {
            entry.rows = Some(self.storage().row_count(&q.storage()) as u64);
        }
        applying.kept_tables.insert(q);
        Ok(())
    }

    /// CREATE VIEW of an existing view with the same query and comment keeps it.
    fn apply_view(
        &mut self,
        mut cv: sqlparser::ast::CreateView,
        text: &str,
        applying: &mut Applying,
    ) -> Result<()> {
        let q = self.qualify_new(&Name::from_object_name(&cv.name), "CREATE VIEW")?;
        let replaced = self.drop_other_kind(&q, "VIEW", applying)?;
        applying.created.insert(q.clone());
        let same = match self.catalog.objects.get(&q) {
            Some(Object {
                body: ObjectBody::View { text: query, .. },
                comment,
                ..
            }) => Some(*query == query_text_of(text) && *comment == cv.comment),
            _ => None,
        };
        let change = match same {
            Some(same) if same || cv.if_not_exists => PipelineChange::Kept,
            Some(_) => PipelineChange::Replaced,
            None if replaced => PipelineChange::Replaced,
            None => PipelineChange::Created,
        };
        if change != PipelineChange::Kept {
            cv.or_replace |= change == PipelineChange::Replaced;
            self.run_statement(Stmt::Sql(Box::new(Statement::CreateView(cv))), text)?;
        }
        applying.record(q.to_string(), "VIEW", change, Vec::new());
        Ok(())
    }

    /// CREATE TASK of an existing task with the same definition keeps it, suspended as created
    /// until the script resumes it.
    fn apply_task(
        &mut self,
        mut spec: TaskSpec,
        text: &str,
        applying: &mut Applying,
    ) -> Result<()> {
        let q = self.qualify_new(&spec.name, "CREATE TASK")?;
        let replaced = self.drop_other_kind(&q, "TASK", applying)?;
        applying.created.insert(q.clone());
        let existing = match self.catalog.objects.get(&q) {
            Some(Object {
                body: ObjectBody::Task(task),
                comment,
                ..
            }) => Some((task.as_ref().clone(), comment.clone())),
            _ => None,
        };
        let change = match &existing {
            Some(_) if spec.if_not_exists => PipelineChange::Kept,
            Some((task, comment)) if self.same_task(task, comment, &spec) => {
                if task.started {
                    applying.resumed_tasks.insert(q.clone(), task.next_run);
                }
                if let Some(task) = self.catalog.task_mut(&q) {
                    task.started = false;
                    task.next_run = None;
                }
                PipelineChange::Kept
            }
            Some(_) => PipelineChange::Replaced,
            None if replaced => PipelineChange::Replaced,
            None => PipelineChange::Created,
        };
        if change != PipelineChange::Kept {
            spec.or_replace |= change == PipelineChange::Replaced;
            self.run_statement(Stmt::CreateTask(Box::new(spec)), text)?;
        }
        applying.record(q.to_string(), "TASK", change, Vec::new());
        Ok(())
    }

    /// Whether a CREATE TASK defines the task as it is (its state aside).
    fn same_task(&self, task: &Task, comment: &Option<String>, spec: &TaskSpec) -> bool {
        let after: Option<Vec<QName>> = spec
            .after
            .iter()
            .map(|a| self.find(a, &["TASK"]).ok())
            .collect();
        task.warehouse == spec.warehouse
            && task.schedule == spec.schedule
            && after.as_ref() == Some(&task.after)
            && task.condition == spec.condition
            && task.body == spec.body
            && *comment == spec.comment
    }

    /// Whether a DML statement writes only to tables this apply kept with their rows.
    fn writes_only_kept(&self, statement: &Statement, applying: &Applying) -> bool {
        let table = |factor: &TableFactor| match factor {
            TableFactor::Table { name, .. } => Some(name.clone()),
            _ => None,
        };
        let targets: Vec<Option<ObjectName>> = match statement {
            Statement::Insert(i) => match &i.table {
                TableObject::TableName(n) => vec![Some(n.clone())],
                _ => vec![None],
            },
            Statement::Update(u) => vec![table(&u.table.relation)],
            Statement::Delete(d) => {
                let (FromTable::WithFromKeyword(tables) | FromTable::WithoutKeyword(tables)) =
                    &d.from;
                vec![tables.first().and_then(|t| table(&t.relation))]
            }
            Statement::Merge(m) => vec![table(&m.table)],
            Statement::Truncate(t) => t.table_names.iter().map(|t| Some(t.name.clone())).collect(),
            _ => return false,
        };
        let context = self.context();
        !targets.is_empty()
            && targets.iter().all(|t| {
                t.as_ref().is_some_and(|n| {
                    self.qualify(&Name::from_object_name(n), &context, "DML")
                        .is_ok_and(|q| applying.kept_tables.contains(&q))
                })
            })
    }

    /// Drops what the previous script created and the new one does not: tasks, streams, dynamic
    /// tables (each before the ones it reads), views, then tables.
    fn drop_removed(&mut self, applying: &mut Applying) -> Result<()> {
        let mut doomed: Vec<(QName, &'static str)> = applying
            .previous
            .iter()
            .filter(|(q, kind)| {
                !applying.created.contains(*q)
                    && self
                        .catalog
                        .objects
                        .get(*q)
                        .is_some_and(|o| o.kind_word() == **kind)
            })
            .map(|(q, kind)| (q.clone(), *kind))
            .collect();
        let rank = |kind: &str| match kind {
            "TASK" => 0,
            "STREAM" => 1,
            "DYNAMIC TABLE" => 2,
            "VIEW" => 3,
            _ => 4,
        };
        // A dynamic table has more dynamic tables upstream than any it reads.
        doomed.sort_by_key(|(q, kind)| {
            (
                rank(kind),
                std::cmp::Reverse(self.catalog.upstream_dynamic_tables(q).len()),
            )
        });
        for (q, kind) in doomed {
            let object_kind = match kind {
                "TASK" => ObjectKind::Task,
                "STREAM" => ObjectKind::Stream,
                "DYNAMIC TABLE" => ObjectKind::DynamicTable,
                "VIEW" => ObjectKind::View,
                _ => ObjectKind::Table,
            };
            let name = Name {
                parts: vec![q.database.clone(), q.schema.clone(), q.name.clone()],
                position: Default::default(),
            };
            self.drop_object(object_kind, &name, false).map_err(|e| {
                SqlError {
                    position: None,
                    ..e
                }
                .in_statement(&format!("DROP {kind} {q}"))
            })?;
            applying.record(q.to_string(), kind, PipelineChange::Dropped, Vec::new());
        }
        Ok(())
    }

    /// The objects a script creates (and does not drop again), with their kinds: its names
    /// resolved by following its CREATE DATABASE / SCHEMA and USE statements from the session's
    /// context now. Statements that do not parse are passed over.
    fn objects_created_by(&self, script: &str) -> BTreeMap<QName, &'static str> {
        let mut context = self.context();
        let mut created = BTreeMap::new();
        let public = || Some("PUBLIC".to_owned());
        for piece in split_statements(script) {
            let Ok(stmt) = parse_statement(&piece.text) else {
                continue;
            };
            let (name, kind) = match stmt {
                Stmt::CreateDatabase { name, .. } => {
                    context = Context {
                        database: Some(name.display()),
                        schema: public(),
                    };
                    continue;
                }
                Stmt::CreateSchema { name, .. }
                | Stmt::Use {
                    kind: Some(ObjectKind::Schema),
                    name,
                } => {
                    match name.parts.as_slice() {
                        [s] => context.schema = Some(s.clone()),
                        [d, s] => {
                            context = Context {
                                database: Some(d.clone()),
                                schema: Some(s.clone()),
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                Stmt::Use { name, .. } => {
                    context = match name.parts.as_slice() {
                        [d] => Context {
                            database: Some(d.clone()),
                            schema: public(),
                        },
                        [d, s] => Context {
                            database: Some(d.clone()),
                            schema: Some(s.clone()),
                        },
                        _ => context,
                    };
                    continue;
                }
                Stmt::Drop { kind, name, .. } => {
                    if let Ok(q) = self.qualify(&name, &context, "DROP") {
                        created.remove(&q);
                    }
                    if kind == ObjectKind::Database {
                        created.retain(|q: &QName, _| q.database != name.display());
                    }
                    continue;
                }
                Stmt::CreateDynamicTable(spec) => (spec.name, "DYNAMIC TABLE"),
                Stmt::CreateTask(spec) => (spec.name, "TASK"),
                Stmt::CreateStream { name, .. } => (name, "STREAM"),
                Stmt::Sql(statement) => match *statement {
                    Statement::CreateTable(ct) => (Name::from_object_name(&ct.name), "TABLE"),
                    Statement::CreateView(cv) => (Name::from_object_name(&cv.name), "VIEW"),
                    _ => continue,
                },
                _ => continue,
            };
            if let Ok(q) = self.qualify(&name, &context, "CREATE") {
                created.insert(q, kind);
            }
        }
        created
    }
}

/// The summary's wording, and the names a script creates resolved through its USE statements.
#[cfg(test)]
mod tests {
    use super::*;

    fn change(name: &str, kind: &str, change: PipelineChange) -> ObjectChange {
        ObjectChange {
            name: name.to_owned(),
            kind: kind.to_owned(),
            change,
            details: Vec::new(),
            rows: None,
        }
    }

    #[test]
    fn the_summary_groups_changes_and_counts_kept_rows() {
        let mut kept = change("DB.PUBLIC.RAW_ORDERS", "TABLE", PipelineChange::Kept);
        kept.rows = Some(1204);
        let mut altered = change("DB.PUBLIC.SILVER", "DYNAMIC TABLE", PipelineChange::Altered);
        altered.details = vec!["TARGET_LAG 1 minute → 2 minutes".to_owned()];
        let changes = PipelineChanges {
            objects: vec![
                change("DB", "DATABASE", PipelineChange::Kept),
                kept,
                altered,
                change(
                    "DB.PUBLIC.GOLD",
                    "DYNAMIC TABLE",
                    PipelineChange::Reinitialized,
                ),
                change("DB.PUBLIC.OLD", "TASK", PipelineChange::Dropped),
            ],
        };
        assert_eq!(
            changes.summary(),
            "Reinitialized GOLD; altered SILVER (TARGET_LAG 1 minute → 2 minutes); dropped OLD; \
             kept RAW_ORDERS (1,204 rows)."
        );
        assert!(!changes.unchanged());
        let same = PipelineChanges {
            objects: vec![change("DB.PUBLIC.T", "TABLE", PipelineChange::Kept)],
        };
        assert_eq!(same.summary(), "Nothing changed: kept T.");
        assert_eq!(PipelineChanges::default().summary(), "Nothing to apply.");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }

    #[test]
    fn a_script_creates_names_in_the_context_its_statements_set() {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 15)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("valid date");
        let e = Engine::new(start);
        let created = e.objects_created_by(
            "CREATE OR REPLACE DATABASE a; CREATE TABLE t (x INT);
             CREATE SCHEMA s; CREATE VIEW v AS SELECT 1 AS one;
             USE b; CREATE TASK k SCHEDULE = '1 MINUTE' AS SELECT 1;
             USE SCHEMA a.s; CREATE TABLE gone (x INT); DROP TABLE gone;
             CREATE DYNAMIC TABLE d TARGET_LAG = '1 minute' WAREHOUSE = w AS SELECT 1 AS one;",
        );
        let names: Vec<(String, &str)> = created
            .iter()
            .map(|(q, kind)| (q.to_string(), *kind))
            .collect();
        assert_eq!(
            names,
            [
                ("A.PUBLIC.T".to_owned(), "TABLE"),
                ("A.S.D".to_owned(), "DYNAMIC TABLE"),
                ("A.S.V".to_owned(), "VIEW"),
                ("B.PUBLIC.K".to_owned(), "TASK"),
            ]
        );
    }
}
