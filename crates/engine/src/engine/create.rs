//! CREATE VIEW, CREATE DYNAMIC TABLE and CREATE TASK.

use crate::catalog::{DynamicTable, Object, ObjectBody, QName, SchedulingState, Task};
use crate::dialect::parse::{Initialize, Name, RefreshModeSetting, parse_statement};
use crate::dialect::rewrite::Context;
use crate::error::{Result, SqlError};
use crate::history::RefreshState;
use crate::refresh::support::{self, Upstream};
use crate::result::QueryResult;

use super::dml::columns_of;
use super::query::query_text_of;
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
        // The query is checked against the matrix as Snowflake compiles it, before it runs: an
        // explicit INCREMENTAL on a query outside it fails whether or not the query could run.
        let support = support::check(&spec.query).map_err(|e| e.at(spec.query_offset))?;
        support::resolve_refresh_mode(spec.refresh_mode, &support, &[], &q.name)
            .map_err(|e| e.at(spec.query_offset))?;
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
                RefreshModeSetting::Adaptive => "ADAPTIVE",
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
            expected_refresh_ms: 0.0,
            clock_filter: support.clock_filter,
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
