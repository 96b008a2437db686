//! CREATE VIEW, CREATE DYNAMIC TABLE and CREATE TASK.
//!
//! `CREATE OR ALTER DYNAMIC TABLE` on an existing dynamic table (docs: create-dynamic-table,
//! variant CREATE OR ALTER; user-guide "Modify dynamic tables"): a statement that matches the table
//! changes nothing; new TARGET_LAG, WAREHOUSE, SCHEDULER, INITIALIZATION_WAREHOUSE, CLUSTER BY or
//! COMMENT are set in place and the rows stay; a new query, column list or REFRESH_MODE
//! reinitializes the same object: same place in the catalog and refresh history, new columns and
//! storage, refreshed from all of its input at once (`REINITIALIZE`).

use crate::catalog::{DynamicTable, Object, ObjectBody, QName, SchedulingState, Task};
use crate::dialect::parse::{
    DynamicTableSpec, Initialize, Name, RefreshModeSetting, parse_statement,
};
use crate::dialect::rewrite::Context;
use crate::error::{Result, SqlError};
use crate::history::{RefreshState, RefreshTrigger};
use crate::refresh::support::{self, Upstream};
use crate::result::QueryResult;

use super::dml::columns_of;
use super::query::query_text_of;
use super::refresh::Start;
use super::{Engine, INFO};

impl Engine {
    pub(super) fn create_view(
        &mut self,
        cv: sqlparser::ast::CreateView,
        text: &str,
    ) -> Result<QueryResult> {
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

    pub(super) fn create_dynamic_table(
        &mut self,
        mut spec: crate::dialect::parse::DynamicTableSpec,
    ) -> Result<QueryResult> {
        let q = self.qualify_new(&spec.name, "CREATE DYNAMIC TABLE")?;
        if spec.or_alter {
            match self.alteration(&q, &spec) {
                Some(Alteration::Reinitialize) => {
                    let (dt, probe) = self.define_dynamic_table(&q, &spec)?;
                    self.reinitialize(&q, dt, spec.comment, probe)?;
                    return Ok(QueryResult::status(
                        "status",
                        "Statement executed successfully.",
                    ));
                }
                Some(Alteration::Unchanged | Alteration::Options(_)) => {
                    self.alter_options(&q, spec);
                    return Ok(QueryResult::status(
                        "status",
                        "Statement executed successfully.",
                    ));
                }
                None => spec.or_replace = true,
            }
        }
        let (dt, probe) = self.define_dynamic_table(&q, &spec)?;
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
        self.create_storage(&q, &dt.columns)?;
        let initialize = dt.initialize;
        self.add_object(
            q.clone(),
            ObjectBody::DynamicTable(Box::new(dt)),
            spec.comment,
        );
        if initialize == Initialize::OnCreate {
            self.initialize(&q, Start::Created(probe))?;
        }
        Ok(QueryResult::status(
            "status",
            format!("Dynamic table {} successfully created.", q.name),
        ))
    }

    /// What `CREATE OR ALTER DYNAMIC TABLE` does to the dynamic table `q`; None when there is no
    /// dynamic table of that name (the statement creates one).
    pub(crate) fn alteration(&self, q: &QName, spec: &DynamicTableSpec) -> Option<Alteration> {
        let object = self.catalog.objects.get(q)?;
        let ObjectBody::DynamicTable(dt) = &object.body else {
            return None;
        };
        let names: Vec<&str> = if dt.column_list {
            dt.columns.iter().map(|c| c.name.as_str()).collect()
        } else {
            Vec::new()
        };
        if dt.text != spec.query_text
            || dt.requested_mode != requested_mode(spec.refresh_mode)
            || names
                != spec
                    .columns
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
        {
            return Some(Alteration::Reinitialize);
        }
        let mut changes = Vec::new();
        let mut compare = |option: &str, old: String, new: String| {
            if old != new {
                changes.push(format!("{option} {old} → {new}"));
            }
        };
        let shown = |value: &Option<String>| value.clone().unwrap_or_else(|| "(none)".to_owned());
        compare("TARGET_LAG", dt.target_lag.text(), spec.target_lag.text());
        compare("WAREHOUSE", dt.warehouse.clone(), spec.warehouse.clone());
        compare(
            "SCHEDULER",
            scheduler(dt.scheduler_disabled).to_owned(),
            scheduler(spec.scheduler_disabled).to_owned(),
        );
        compare(
            "INITIALIZATION_WAREHOUSE",
            shown(&dt.initialization_warehouse),
            shown(&spec.initialization_warehouse),
        );
        compare("CLUSTER BY", shown(&dt.cluster_by), shown(&spec.cluster_by));
        compare("COMMENT", shown(&object.comment), shown(&spec.comment));
        if dt.column_list
            && dt
                .columns
                .iter()
                .zip(&spec.columns)
                .any(|(c, (_, comment))| &c.comment != comment)
        {
            changes.push("column comments".to_owned());
        }
        Some(if changes.is_empty() {
            Alteration::Unchanged
        } else {
            Alteration::Options(changes)
        })
    }

    /// Sets the options of an existing dynamic table that keep its data (CREATE OR ALTER with the
    /// same query, column names and refresh mode).
    fn alter_options(&mut self, q: &QName, spec: DynamicTableSpec) {
        let Some(Object {
            body: ObjectBody::DynamicTable(dt),
            comment,
            ..
        }) = self.catalog.objects.get_mut(q)
        else {
            return;
        };
        dt.target_lag = spec.target_lag;
        dt.warehouse = spec.warehouse;
        dt.scheduler_disabled = spec.scheduler_disabled;
        dt.initialization_warehouse = spec.initialization_warehouse;
        dt.cluster_by = spec.cluster_by;
        if dt.column_list {
            for (c, (_, column_comment)) in dt.columns.iter_mut().zip(spec.columns) {
                c.comment = column_comment;
            }
        }
        *comment = spec.comment;
    }

    /// Gives the existing dynamic table `q` a new definition and rebuilds it in place: it keeps
    /// its place in the catalog (created_on, creation order, scheduling state) and its refresh
    /// history; its storage is new, its incremental state is dropped, and it is refreshed from all
    /// of its input now (`REINITIALIZE`). Tables downstream see a replaced input and reinitialize at
    /// their next refresh.
    fn reinitialize(
        &mut self,
        q: &QName,
        mut dt: DynamicTable,
        comment: Option<String>,
        probe: QueryResult,
    ) -> Result<()> {
        let Some(object) = self.catalog.objects.get_mut(q) else {
            return Err(SqlError::does_not_exist("Dynamic table", &q.to_string()));
        };
        if let ObjectBody::DynamicTable(old) = &object.body {
            dt.state = old.state;
            dt.last_suspended_on = old.last_suspended_on;
        }
        object.body = ObjectBody::DynamicTable(Box::new(dt));
        object.comment = comment;
        self.ivm.remove(q);
        let columns = self.catalog.objects[q].columns().to_vec();
        self.create_storage(q, &columns)?;
        self.sync_change_logging();
        self.initialize(q, Start::Reinitialized(probe))
    }

    /// The refresh that fills a dynamic table at CREATE (or its rebuild at CREATE OR ALTER); an
    /// error when it does not succeed.
    fn initialize(&mut self, q: &QName, start: Start) -> Result<()> {
        let now = self.now;
        // The docs name no trigger for a reinitialization by CREATE OR ALTER: it is recorded as
        // CREATION, like the initialization it repeats.
        let record = self.refresh(q, now, RefreshTrigger::Creation, start)?;
        if record.state != RefreshState::Succeeded {
            return Err(SqlError::execution(format!(
                "Dynamic table '{}' could not be initialized: {}",
                q,
                record.state_message.unwrap_or_default()
            )));
        }
        Ok(())
    }

    /// A dynamic table as `spec` defines it, not refreshed yet, with the rows of its query now:
    /// the query checked against Snowflake's matrix and run once, its refresh mode resolved.
    fn define_dynamic_table(
        &mut self,
        q: &QName,
        spec: &DynamicTableSpec,
    ) -> Result<(DynamicTable, QueryResult)> {
        // The query is checked against the matrix as Snowflake compiles it, before it runs: an
        // explicit INCREMENTAL on a query outside it fails whether or not the query could run.
        let support = support::check(&spec.query).map_err(|e| e.at(spec.query_offset))?;
        support::resolve_refresh_mode(spec.refresh_mode, &support, &[], &q.name)
            .map_err(|e| e.at(spec.query_offset))?;
        let context = Context::of(q);
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
        // An existing table redefined (CREATE OR ALTER, OR REPLACE) cannot read what reads it.
        if reads
            .iter()
            .any(|r| r == q || self.catalog.upstream(r).contains(q))
        {
            return Err(
                SqlError::invalid("A dynamic table cannot read itself.").at(spec.name.position)
            );
        }
        let upstreams: Vec<Upstream> = reads
            .iter()
            .filter_map(|r| self.catalog.dynamic_table(r))
            .map(|dt| Upstream {
                mode: dt.refresh_mode,
                unique_key: crate::dialect::parse::parse_query_text(&dt.text)
                    .is_ok_and(|query| support::has_unique_key(&query)),
            })
            .collect();
        let (refresh_mode, reason) =
            support::resolve_refresh_mode(spec.refresh_mode, &support, &upstreams, &q.name)
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
        let dt = DynamicTable {
            columns,
            column_list: !spec.columns.is_empty(),
            text: spec.query_text.clone(),
            target_lag: spec.target_lag,
            scheduler_disabled: spec.scheduler_disabled,
            initialization_warehouse: spec.initialization_warehouse.clone(),
            warehouse: spec.warehouse.clone(),
            requested_mode: requested_mode(spec.refresh_mode).to_owned(),
            refresh_mode,
            refresh_mode_reason: reason,
            initialize: spec.initialize,
            cluster_by: spec.cluster_by.clone(),
            transient: spec.transient,
            state: SchedulingState::Active,
            reads,
            data_timestamp: None,
            source_versions: Default::default(),
            last_suspended_on: None,
            last_failure: None,
            expected_refresh_ms: 0.0,
            clock_filter: support.clock_filter,
        };
        Ok((dt, probe))
    }

    pub(super) fn create_task(
        &mut self,
        spec: crate::dialect::parse::TaskSpec,
    ) -> Result<QueryResult> {
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
}

/// What `CREATE OR ALTER DYNAMIC TABLE` does to an existing dynamic table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Alteration {
    /// The statement matches the table: nothing changes.
    Unchanged,
    /// Options that keep the data change, each described as `TARGET_LAG 1 minute → 2 minutes`.
    Options(Vec<String>),
    /// The query, the column names or the refresh mode change: the table is reinitialized.
    Reinitialize,
}

/// The REFRESH_MODE as written, as the catalog keeps it for SHOW and the exported DDL.
fn requested_mode(setting: RefreshModeSetting) -> &'static str {
    match setting {
        RefreshModeSetting::Auto => "AUTO",
        RefreshModeSetting::Full => "FULL",
        RefreshModeSetting::Incremental => "INCREMENTAL",
        RefreshModeSetting::Adaptive => "ADAPTIVE",
    }
}

/// The SCHEDULER option's value.
fn scheduler(disabled: bool) -> &'static str {
    if disabled { "DISABLE" } else { "ENABLE" }
}
