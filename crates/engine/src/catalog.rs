//! Databases, schemas, tables, views, dynamic tables and tasks, and their DDL; the account's
//! warehouses (`warehouse.rs`).
//!
//! Its length is the object model (one documented type per kind of object, each field Snowflake
//! shows) and the DDL export that prints it back, which must stay beside it to stay in step.

use crate::dialect::parse::{Initialize, Schedule, TargetLag};
use crate::types::SfType;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A fully qualified object name: database, schema, object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QName {
    /// The database, as stored (folded to upper case unless it was quoted).
    pub database: String,
    /// The schema within the database.
    pub schema: String,
    /// The object's own name within the schema.
    pub name: String,
}

impl QName {
    /// The name of `name` in `database.schema`, each part as stored.
    pub fn new(database: &str, schema: &str, name: &str) -> QName {
        QName {
            database: database.to_owned(),
            schema: schema.to_owned(),
            name: name.to_owned(),
        }
    }

    /// The name of the GlueSQL table that holds the object's rows.
    pub fn storage(&self) -> String {
        format!("{}.{}.{}", self.database, self.schema, self.name)
    }

    /// Parses `DB.SCHEMA.NAME` as produced by `Display`.
    pub fn parse(text: &str) -> Option<QName> {
        let mut it = text.splitn(3, '.');
        Some(QName::new(it.next()?, it.next()?, it.next()?))
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.database, self.schema, self.name)
    }
}

/// An identifier as it must be written in DDL: bare when Snowflake would fold it to itself.
pub fn sql_ident(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if plain && !RESERVED.contains(&name) {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

const RESERVED: &[&str] = &[
    "ALL",
    "ALTER",
    "AND",
    "ANY",
    "AS",
    "BETWEEN",
    "BY",
    "CASE",
    "CAST",
    "CHECK",
    "COLUMN",
    "CONNECT",
    "CREATE",
    "CURRENT",
    "DELETE",
    "DISTINCT",
    "DROP",
    "ELSE",
    "EXISTS",
    "FALSE",
    "FOR",
    "FROM",
    "GRANT",
    "GROUP",
    "HAVING",
    "IN",
    "INSERT",
    "INTERSECT",
    "INTO",
    "IS",
    "JOIN",
    "LIKE",
    "NOT",
    "NULL",
    "OF",
    "ON",
    "OR",
    "ORDER",
    "SELECT",
    "SET",
    "TABLE",
    "THEN",
    "TO",
    "TRUE",
    "UNION",
    "UNIQUE",
    "UPDATE",
    "VALUES",
    "WHEN",
    "WHERE",
    "WITH",
];

/// A qualified name as it must be written in exported DDL, each part quoted only where needed.
pub fn sql_qname(q: &QName) -> String {
    format!(
        "{}.{}.{}",
        sql_ident(&q.database),
        sql_ident(&q.schema),
        sql_ident(&q.name)
    )
}

/// A string literal in Snowflake SQL: single-quoted, with quotes and backslashes escaped.
pub fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

/// A column of a table, view, dynamic table or stream, as DESCRIBE and the exported DDL show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// The column's name, as stored (upper case unless it was quoted).
    pub name: String,
    /// The column's Snowflake data type.
    pub ty: SfType,
    /// False for a NOT NULL column.
    pub nullable: bool,
    /// The DEFAULT expression as written (Snowflake SQL).
    pub default: Option<String>,
    /// The column's COMMENT.
    pub comment: Option<String>,
}

/// How a dynamic table is refreshed (its `refresh_mode` in SHOW DYNAMIC TABLES).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefreshMode {
    /// Every refresh recomputes the whole query and replaces the contents.
    Full,
    /// A refresh applies only the changes of the sources since the last refresh.
    Incremental,
    /// Incremental, rebuilding instead when Snowflake judges a rebuild cheaper; what AUTO resolves
    /// to for an incremental-capable query.
    Adaptive,
}

impl RefreshMode {
    /// The mode as Snowflake spells it: `FULL` or `INCREMENTAL`.
    pub fn text(self) -> &'static str {
        match self {
            RefreshMode::Full => "FULL",
            RefreshMode::Incremental => "INCREMENTAL",
            RefreshMode::Adaptive => "ADAPTIVE",
        }
    }

    /// Whether refreshes apply changes (INCREMENTAL or ADAPTIVE) rather than recompute (FULL).
    pub fn is_incremental(self) -> bool {
        !matches!(self, RefreshMode::Full)
    }
}

/// `scheduling_state` of a dynamic table or task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SchedulingState {
    /// Refreshed (or run) on schedule.
    Active,
    /// Suspended; `by_user` is false when it follows an upstream suspension.
    Suspended {
        /// True when the owner suspended it; false when it was suspended because something upstream
        /// was.
        by_user: bool,
    },
}

/// A dynamic table's definition and refresh state, kept in its catalog object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DynamicTable {
    /// The output columns, as the query returns them (renamed by a column list if any).
    pub columns: Vec<Column>,
    /// Whether CREATE named the columns (`CREATE DYNAMIC TABLE t (a, b COMMENT '...')`).
    #[serde(default)]
    pub column_list: bool,
    /// The defining query, as written after AS.
    pub text: String,
    /// The TARGET_LAG: a duration, or DOWNSTREAM.
    pub target_lag: TargetLag,
    /// `SCHEDULER = 'DISABLE'`: never refreshed on schedule, only by `ALTER ... REFRESH`.
    #[serde(default)]
    pub scheduler_disabled: bool,
    /// The INITIALIZATION_WAREHOUSE, if set; shown, not used.
    #[serde(default)]
    pub initialization_warehouse: Option<String>,
    /// The WAREHOUSE that runs its refreshes; shown, not used.
    pub warehouse: String,
    /// The REFRESH_MODE the user asked for (AUTO, FULL, INCREMENTAL, ADAPTIVE), for DDL export.
    pub requested_mode: String,
    /// The refresh mode in effect, resolved from the requested one.
    pub refresh_mode: RefreshMode,
    /// Why AUTO resolved to FULL, where it did (SHOW's `refresh_mode_reason`).
    pub refresh_mode_reason: Option<String>,
    /// INITIALIZE: whether the first refresh happens at creation or on schedule.
    pub initialize: Initialize,
    /// The CLUSTER BY expressions as written, if any; shown and exported, not used.
    pub cluster_by: Option<String>,
    /// Created TRANSIENT (no Fail-safe in Snowflake); kept for the exported DDL.
    pub transient: bool,
    /// Whether it is refreshed on schedule, or suspended.
    pub state: SchedulingState,
    /// The objects the query reads (tables, views, dynamic tables).
    pub reads: Vec<QName>,
    /// The point in time the contents reflect; None until the first refresh.
    pub data_timestamp: Option<NaiveDateTime>,
    /// Versions of the base tables read at the last refresh: equal versions mean no new data.
    pub source_versions: BTreeMap<String, u64>,
    /// When it was last suspended (SHOW's `last_suspended_on`).
    pub last_suspended_on: Option<NaiveDateTime>,
    /// When the last scheduled refresh attempt failed or was skipped; the next attempt waits one
    /// lag from then.
    pub last_failure: Option<NaiveDateTime>,
    /// How long its refreshes take, as the scheduler expects it (the longest recent duration,
    /// decaying), in milliseconds: a refresh starts that much before the lag runs out, so that it
    /// commits within the target lag, as Snowflake schedules them.
    #[serde(default)]
    pub expected_refresh_ms: f64,
    /// Its query filters on the clock (CURRENT_TIMESTAMP in WHERE, HAVING or QUALIFY), so every
    /// refresh with new data evaluates it whole.
    #[serde(default)]
    pub clock_filter: bool,
}

/// A task's definition and scheduling state, kept in its catalog object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// The WAREHOUSE named at creation; shown, not used.
    pub warehouse: Option<String>,
    /// SCHEDULE: an interval or a cron expression; None for a child task.
    pub schedule: Option<Schedule>,
    /// AFTER: the predecessor tasks whose runs trigger this one.
    pub after: Vec<QName>,
    /// WHEN: the condition checked before each run (e.g. `SYSTEM$STREAM_HAS_DATA`), as written.
    pub condition: Option<String>,
    /// The statement the task runs, as written after AS.
    pub body: String,
    /// Resumed (`ALTER TASK ... RESUME`); a task is created suspended.
    pub started: bool,
    /// When the schedule runs it next; None while suspended or without a schedule.
    pub next_run: Option<NaiveDateTime>,
}

/// A stream: the net changes of a table since its offset, with METADATA$ columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stream {
    /// The table (or dynamic table) whose changes the stream returns.
    pub table: QName,
    /// Created `ON DYNAMIC TABLE` (it reads the changes the table's refreshes write).
    #[serde(default)]
    pub on_dynamic_table: bool,
    /// APPEND_ONLY = TRUE: only inserted rows are returned.
    pub append_only: bool,
    /// The table's columns followed by METADATA$ACTION, METADATA$ISUPDATE, METADATA$ROW_ID.
    pub columns: Vec<Column>,
    /// The point of the table's change log the stream's changes start from; moved by a DML
    /// statement that reads the stream.
    pub offset: crate::store::LogPosition,
}

/// What kind of object a catalog entry is, with its definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ObjectBody {
    /// A table: its columns and constraints.
    Table {
        /// The table's columns.
        columns: Vec<Column>,
        /// PRIMARY KEY, UNIQUE and FOREIGN KEY constraints as written: kept and exported, not
        /// enforced (as in Snowflake).
        #[serde(default)]
        constraints: Vec<String>,
    },
    /// A view: its columns and its query as written.
    View {
        /// The view's columns, as its query returns them.
        columns: Vec<Column>,
        /// The view's query, as written after AS.
        text: String,
    },
    /// A dynamic table.
    DynamicTable(Box<DynamicTable>),
    /// A task.
    Task(Box<Task>),
    /// A stream.
    Stream(Box<Stream>),
}

/// A schema-level object of the catalog: its definition and the properties every kind shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Object {
    /// The object's kind and definition.
    pub body: ObjectBody,
    /// The object's COMMENT.
    pub comment: Option<String>,
    /// The virtual time it was created at (SHOW's `created_on`).
    pub created_on: NaiveDateTime,
    /// Creation order, so that DDL is exported in an order Snowflake can replay.
    pub seq: u64,
}

impl Object {
    /// The object's kind as Snowflake names it in messages and SHOW (`TABLE`, `DYNAMIC TABLE`,
    /// ...).
    pub fn kind_word(&self) -> &'static str {
        match self.body {
            ObjectBody::Table { .. } => "TABLE",
            ObjectBody::View { .. } => "VIEW",
            ObjectBody::DynamicTable(_) => "DYNAMIC TABLE",
            ObjectBody::Task(_) => "TASK",
            ObjectBody::Stream(_) => "STREAM",
        }
    }

    /// The object's columns (none for a task).
    pub fn columns(&self) -> &[Column] {
        match &self.body {
            ObjectBody::Table { columns, .. } | ObjectBody::View { columns, .. } => columns,
            ObjectBody::DynamicTable(dt) => &dt.columns,
            ObjectBody::Task(_) => &[],
            ObjectBody::Stream(st) => &st.columns,
        }
    }
}

/// Everything the account defines: databases, schemas, objects and warehouses, and the session's
/// current ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Each database, with the virtual time it was created at.
    pub databases: BTreeMap<String, NaiveDateTime>,
    /// Each schema, as (database, schema).
    pub schemas: BTreeSet<(String, String)>,
    /// Every table, view, dynamic table, task and stream, by qualified name.
    pub objects: BTreeMap<QName, Object>,
    /// The database of `USE DATABASE`, which resolves unqualified names.
    pub current_database: Option<String>,
    /// The schema of `USE SCHEMA`, which resolves unqualified names.
    pub current_schema: Option<String>,
    /// The warehouse of `USE WAREHOUSE` or the last `CREATE WAREHOUSE`, reported by
    /// `CURRENT_WAREHOUSE()`.
    pub warehouse: Option<String>,
    /// The account's warehouses, by name (`CREATE WAREHOUSE`); not in any database.
    #[serde(default)]
    pub warehouses: BTreeMap<String, crate::warehouse::Warehouse>,
    /// The session's role (`USE ROLE`), reported by `CURRENT_ROLE()`.
    #[serde(default)]
    pub role: Option<String>,
    /// The creation order number the next object gets.
    pub next_seq: u64,
}

impl Catalog {
    /// The dynamic table of that name, if it is one.
    pub fn dynamic_table(&self, q: &QName) -> Option<&DynamicTable> {
        match self.objects.get(q).map(|o| &o.body) {
            Some(ObjectBody::DynamicTable(dt)) => Some(dt),
            _ => None,
        }
    }

    /// The dynamic table of that name, to update, if it is one.
    pub fn dynamic_table_mut(&mut self, q: &QName) -> Option<&mut DynamicTable> {
        match self.objects.get_mut(q).map(|o| &mut o.body) {
            Some(ObjectBody::DynamicTable(dt)) => Some(dt),
            _ => None,
        }
    }

    /// The task of that name, to update, if it is one.
    pub fn task_mut(&mut self, q: &QName) -> Option<&mut Task> {
        match self.objects.get_mut(q).map(|o| &mut o.body) {
            Some(ObjectBody::Task(t)) => Some(t),
            _ => None,
        }
    }

    /// Every dynamic table, in name order.
    pub fn dynamic_tables(&self) -> impl Iterator<Item = (&QName, &DynamicTable)> {
        self.objects.iter().filter_map(|(q, o)| match &o.body {
            ObjectBody::DynamicTable(dt) => Some((q, dt.as_ref())),
            _ => None,
        })
    }

    /// Every stream, in name order.
    pub fn streams(&self) -> impl Iterator<Item = (&QName, &Stream)> {
        self.objects.iter().filter_map(|(q, o)| match &o.body {
            ObjectBody::Stream(s) => Some((q, s.as_ref())),
            _ => None,
        })
    }

    /// Every task, in name order.
    pub fn tasks(&self) -> impl Iterator<Item = (&QName, &Task)> {
        self.objects.iter().filter_map(|(q, o)| match &o.body {
            ObjectBody::Task(t) => Some((q, t.as_ref())),
            _ => None,
        })
    }

    /// Dynamic tables that read `q` directly.
    pub fn consumers(&self, q: &QName) -> Vec<QName> {
        self.dynamic_tables()
            .filter(|(_, dt)| dt.reads.contains(q))
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// The objects a dynamic table depends on, transitively, through views and dynamic tables.
    pub fn upstream(&self, q: &QName) -> Vec<QName> {
        let mut out = Vec::new();
        let mut stack = match self.objects.get(q).map(|o| &o.body) {
            Some(ObjectBody::DynamicTable(dt)) => dt.reads.clone(),
            _ => vec![],
        };
        while let Some(n) = stack.pop() {
            if out.contains(&n) {
                continue;
            }
            if let Some(ObjectBody::DynamicTable(dt)) = self.objects.get(&n).map(|o| &o.body) {
                stack.extend(dt.reads.iter().cloned());
            }
            out.push(n);
        }
        out
    }

    /// Upstream dynamic tables of `q`, ordered so that each comes after the ones it reads.
    pub fn upstream_dynamic_tables(&self, q: &QName) -> Vec<QName> {
        let mut order = Vec::new();
        fn visit(c: &Catalog, q: &QName, order: &mut Vec<QName>, depth: usize) {
            if depth > 256 {
                return;
            }
            if let Some(dt) = c.dynamic_table(q) {
                for r in &dt.reads {
                    if c.dynamic_table(r).is_some() {
                        visit(c, r, order, depth + 1);
                        if !order.contains(r) {
                            order.push(r.clone());
                        }
                    }
                }
            }
        }
        visit(self, q, &mut order, 0);
        order
    }

    /// The lag a dynamic table must meet: its own, or for DOWNSTREAM the shortest among its consumers.
    /// None when it is DOWNSTREAM with no consumer that has a lag.
    pub fn effective_lag(&self, q: &QName) -> Option<u64> {
        fn go(c: &Catalog, q: &QName, depth: usize) -> Option<u64> {
            if depth > 256 {
                return None;
            }
            let dt = c.dynamic_table(q)?;
            if dt.scheduler_disabled {
                return None;
            }
            match dt.target_lag {
                TargetLag::Seconds(s) => Some(s),
                TargetLag::Downstream => c
                    .consumers(q)
                    .iter()
                    .filter(|n| {
                        matches!(
                            c.dynamic_table(n).map(|d| d.state),
                            Some(SchedulingState::Active)
                        )
                    })
                    .filter_map(|n| go(c, n, depth + 1))
                    .min(),
            }
        }
        go(self, q, 0)
    }

    /// The catalog as Snowflake DDL, in creation order, ready to run on Snowflake.
    pub fn export_ddl(&self) -> String {
        let mut out = String::new();
        out.push_str("-- Snowflake DDL exported by Snowglobe\n");
        let mut objects: Vec<_> = self.objects.iter().collect();
        objects.sort_by_key(|(_, o)| o.seq);
        for db in self.databases.keys() {
            out.push_str(&format!(
                "\nCREATE DATABASE IF NOT EXISTS {};\n",
                sql_ident(db)
            ));
            for (d, s) in self.schemas.iter().filter(|(d, _)| d == db) {
                if s != "PUBLIC" {
                    out.push_str(&format!(
                        "CREATE SCHEMA IF NOT EXISTS {}.{};\n",
                        sql_ident(d),
                        sql_ident(s)
                    ));
                }
            }
        }
        let mut resumes = Vec::new();
        for (q, o) in objects {
            out.push('\n');
            out.push_str(&object_ddl(q, o));
            out.push_str(";\n");
            if let ObjectBody::Task(t) = &o.body
                && t.started
            {
                resumes.push(q.clone());
            }
            if let ObjectBody::DynamicTable(dt) = &o.body
                && matches!(dt.state, SchedulingState::Suspended { by_user: true })
            {
                out.push_str(&format!("ALTER DYNAMIC TABLE {} SUSPEND;\n", sql_qname(q)));
            }
        }
        for q in resumes {
            out.push_str(&format!("ALTER TASK {} RESUME;\n", sql_qname(&q)));
        }
        out
    }
}

fn comment_clause(comment: &Option<String>) -> String {
    comment
        .as_ref()
        .map(|c| format!("\nCOMMENT = {}", sql_string(c)))
        .unwrap_or_default()
}

/// One object's CREATE statement (without the semicolon).
pub fn object_ddl(q: &QName, o: &Object) -> String {
    match &o.body {
        ObjectBody::Table {
            columns,
            constraints,
        } => {
            let cols: Vec<String> = columns
                .iter()
                .map(|c| {
                    let mut s = format!("    {} {}", sql_ident(&c.name), c.ty);
                    if !c.nullable {
                        s.push_str(" NOT NULL");
                    }
                    if let Some(d) = &c.default {
                        s.push_str(&format!(" DEFAULT {d}"));
                    }
                    if let Some(cm) = &c.comment {
                        s.push_str(&format!(" COMMENT {}", sql_string(cm)));
                    }
                    s
                })
                .chain(constraints.iter().map(|c| format!("    {c}")))
                .collect();
            format!(
                "CREATE OR REPLACE TABLE {} (\n{}\n){}",
                sql_qname(q),
                cols.join(",\n"),
                comment_clause(&o.comment).replace('\n', " ")
            )
        }
        ObjectBody::View { text, .. } => format!(
            "CREATE OR REPLACE VIEW {}{}\nAS\n{}",
            sql_qname(q),
            comment_clause(&o.comment),
            text
        ),
        ObjectBody::DynamicTable(dt) => {
            let columns = if dt.column_list {
                let list: Vec<String> = dt
                    .columns
                    .iter()
                    .map(|c| match &c.comment {
                        Some(comment) => {
                            format!("{} COMMENT {}", sql_ident(&c.name), sql_string(comment))
                        }
                        None => sql_ident(&c.name),
                    })
                    .collect();
                format!(" ({})", list.join(", "))
            } else {
                String::new()
            };
            let lag = match (dt.scheduler_disabled, dt.target_lag) {
                (true, TargetLag::Downstream) => "\nSCHEDULER = 'DISABLE'".to_owned(),
                (disabled, lag) => format!(
                    "\nTARGET_LAG = {}{}",
                    match lag {
                        TargetLag::Downstream => "DOWNSTREAM".to_owned(),
                        lag => sql_string(&lag.text()),
                    },
                    if disabled {
                        "\nSCHEDULER = 'DISABLE'"
                    } else {
                        ""
                    }
                ),
            };
            let mut s = format!(
                "CREATE OR REPLACE {}DYNAMIC TABLE {}{columns}{lag}\nWAREHOUSE = {}{}\nREFRESH_MODE = {}\nINITIALIZE = {}",
                if dt.transient { "TRANSIENT " } else { "" },
                sql_qname(q),
                sql_ident(&dt.warehouse),
                dt.initialization_warehouse
                    .as_ref()
                    .map(|w| format!("\nINITIALIZATION_WAREHOUSE = {}", sql_ident(w)))
                    .unwrap_or_default(),
                dt.requested_mode,
                match dt.initialize {
                    Initialize::OnCreate => "ON_CREATE",
                    Initialize::OnSchedule => "ON_SCHEDULE",
                }
            );
            if let Some(c) = &dt.cluster_by {
                s.push_str(&format!("\nCLUSTER BY {c}"));
            }
            s.push_str(&comment_clause(&o.comment));
            s.push_str(&format!("\nAS\n{}", dt.text));
            s
        }
        ObjectBody::Task(t) => {
            let mut s = format!("CREATE OR REPLACE TASK {}", sql_qname(q));
            if let Some(w) = &t.warehouse {
                s.push_str(&format!("\nWAREHOUSE = {}", sql_ident(w)));
            }
            if let Some(schedule) = &t.schedule {
                s.push_str(&format!("\nSCHEDULE = '{}'", schedule.text()));
            }
            s.push_str(&comment_clause(&o.comment));
            if !t.after.is_empty() {
                let after: Vec<String> = t.after.iter().map(sql_qname).collect();
                s.push_str(&format!("\nAFTER {}", after.join(", ")));
            }
            if let Some(c) = &t.condition {
                s.push_str(&format!("\nWHEN {c}"));
            }
            s.push_str(&format!("\nAS\n{}", snowflake_task_body(&t.body)));
            s
        }
        ObjectBody::Stream(st) => format!(
            "CREATE OR REPLACE STREAM {} ON {}TABLE {}{}{}",
            sql_qname(q),
            if st.on_dynamic_table { "DYNAMIC " } else { "" },
            sql_qname(&st.table),
            if st.append_only {
                " APPEND_ONLY = TRUE"
            } else {
                ""
            },
            comment_clause(&o.comment).replace('\n', " ")
        ),
    }
}

/// A task body as Snowflake accepts it: the seed's `CALL SYSTEM$REFRESH_DYNAMIC_TABLE('x')`, which
/// this engine accepts as an alias, becomes the real `ALTER DYNAMIC TABLE x REFRESH`.
fn snowflake_task_body(body: &str) -> String {
    use crate::dialect::parse::{DtAction, Stmt, parse_statement};
    let is_call = body.trim_start().to_ascii_uppercase().starts_with("CALL");
    match parse_statement(body) {
        Ok(Stmt::AlterDynamicTable {
            name,
            action: DtAction::Refresh,
        }) if is_call => {
            let parts: Vec<String> = name.parts.iter().map(|p| sql_ident(p)).collect();
            format!("ALTER DYNAMIC TABLE {} REFRESH", parts.join("."))
        }
        _ => body.to_owned(),
    }
}
