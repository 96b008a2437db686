//! Refreshing dynamic tables: recomputation of the defining query at a data timestamp, applied to
//! the stored rows as a difference (so that unchanged rows keep their keys), with history recorded.

use super::Engine;
use crate::catalog::{ObjectBody, QName, SchedulingState};
use crate::dialect::rewrite::Context;
use crate::dialect::rewrite::{Relation, Resolver, Rewriter};
use crate::error::{Result, SqlError};
use crate::history::{RefreshAction, RefreshRecord, RefreshState, RefreshTrigger};
use crate::refresh::incremental::{DtState, Maintained, scratch_name};
use crate::refresh::operator::row_text;
use crate::refresh::plan::{self, Plan, TAG};
use crate::result::QueryResult;
use crate::types::SfType;
use chrono::{Duration, NaiveDateTime};
use gluesql_core::data::{Key, Value};
use std::collections::{BTreeMap, HashMap};

/// The incremental plan of a dynamic table's query text.
pub(crate) fn parse_plan(text: &str, engine: &Engine, q: &QName) -> Result<plan::Plan> {
    let query = crate::dialect::parse::parse_query_text(text)?;
    let context = Context::of(q);
    plan::analyze(&query, |name| engine.stored_columns(name, &context)).map_err(SqlError::invalid)
}

/// Resolves the input relation of a delta query to the scratch table of changed rows.
struct ScratchResolver<'a> {
    engine: &'a Engine,
    input: &'a QName,
    scratch: &'a str,
    columns: Vec<(String, SfType)>,
}

impl Resolver for ScratchResolver<'_> {
    fn relation(
        &mut self,
        name: &crate::dialect::parse::Name,
        context: &Context,
    ) -> Result<Relation> {
        if &self.engine.qualify(name, context, "SELECT")? == self.input {
            return Ok(Relation::Table {
                glue: self.scratch.to_owned(),
                columns: self.columns.clone(),
                object: None,
            });
        }
        Err(SqlError::does_not_exist("Object", &name.display()).at(name.position))
    }

    fn table_function(
        &mut self,
        name: &crate::dialect::parse::Name,
        _: Vec<(Option<String>, String)>,
        _: &Context,
    ) -> Result<Relation> {
        Err(
            SqlError::unsupported("Table functions are not supported by incremental refresh.")
                .at(name.position),
        )
    }

    fn now(&self) -> NaiveDateTime {
        self.engine.now
    }

    fn run(&mut self, _: &str) -> Result<Vec<Vec<Value>>> {
        Err(SqlError::unsupported(
            "Window functions are not supported by incremental refresh yet.",
        ))
    }

    fn query_id(&self, _: i64) -> Option<String> {
        None
    }

    fn ddl(&mut self, _: &str, name: &str, _: &Context) -> Result<String> {
        Err(SqlError::unsupported(format!(
            "GET_DDL('{name}') is not supported by incremental refresh."
        )))
    }

    fn scratch(&mut self, _: Vec<(String, SfType)>, _: Vec<Vec<Value>>) -> Result<String> {
        Err(SqlError::unsupported(
            "Window functions are not supported by incremental refresh yet.",
        ))
    }
}

/// What a refresh starts from.
pub(crate) enum Start {
    /// The table as it stands: its inputs' changes since its last refresh, or all of them at its
    /// first.
    Due,
    /// Just created: its first refresh (`FULL`), with the rows CREATE's run of the query returned.
    Created(QueryResult),
    /// Given a new query, column list or refresh mode by CREATE OR ALTER: all of its input again
    /// (`REINITIALIZE`), with the rows the statement's run of the new query returned.
    Reinitialized(QueryResult),
}

/// The error of a refresh whose input changed so that its operator no longer applies.
pub(super) fn no_longer_maintained(q: &QName) -> SqlError {
    SqlError::execution(format!(
        "Dynamic table '{q}' can no longer be maintained; recreate it."
    ))
}

impl Engine {
    /// How an incremental dynamic table is maintained since its last refresh: its operator and the
    /// entries of state it keeps. None for a table refreshed FULL, recomputed, or not refreshed yet.
    pub fn operator_state(&self, q: &QName) -> Option<(&'static str, usize)> {
        self.ivm.get(q).and_then(Maintained::operator_state)
    }

    /// The column types of a dynamic table, which its refreshed rows are coerced to.
    pub(super) fn column_types(&self, q: &QName) -> Vec<SfType> {
        self.catalog
            .dynamic_table(q)
            .map(|d| d.columns.iter().map(|c| c.ty).collect())
            .unwrap_or_default()
    }

    /// Prepares the incremental state of a dynamic table from its plan (no rows read yet): the
    /// input resolved in the table's schema and the delta query rewritten over the scratch table.
    fn incremental_state(&self, q: &QName, plan: Plan) -> Result<DtState> {
        let context = Context::of(q);
        let input = self.qualify(&plan.input, &context, "SELECT")?;
        let input_columns: Vec<(String, SfType)> = self
            .catalog
            .objects
            .get(&input)
            .map(|o| o.columns().iter().map(|c| (c.name.clone(), c.ty)).collect())
            .ok_or_else(|| SqlError::does_not_exist("Object", &input.to_string()))?;
        let mut columns = input_columns.clone();
        columns.push((TAG.to_owned(), SfType::INTEGER));
        let scratch = scratch_name(q);
        let mut resolver = ScratchResolver {
            engine: self,
            input: &input,
            scratch: &scratch,
            columns,
        };
        let rewritten = Rewriter::new(&mut resolver).query(plan.delta_query.clone(), &context)?;
        Ok(DtState::new(plan, input, input_columns, rewritten.sql))
    }

    /// Storage versions of every stored object a dynamic table reads.
    fn source_versions(&self, q: &QName) -> BTreeMap<String, u64> {
        let Some(dt) = self.catalog.dynamic_table(q) else {
            return BTreeMap::new();
        };
        dt.reads
            .iter()
            .filter(|r| {
                matches!(
                    self.catalog.objects.get(r).map(|o| &o.body),
                    Some(ObjectBody::Table { .. } | ObjectBody::DynamicTable(_))
                )
            })
            .map(|r| (r.storage(), self.storage().version(&r.storage())))
            .collect()
    }

    /// Refreshes one dynamic table so that its contents reflect its inputs at `at`.
    /// Upstream dynamic tables are expected to be at `at` already. A failing query gives a FAILED
    /// record and leaves the contents as they were.
    pub(crate) fn refresh(
        &mut self,
        q: &QName,
        at: NaiveDateTime,
        trigger: RefreshTrigger,
        start: Start,
    ) -> Result<RefreshRecord> {
        let (precomputed, reinitialized) = match start {
            Start::Due => (None, false),
            Start::Created(rows) => (Some(rows), false),
            Start::Reinitialized(rows) => (Some(rows), true),
        };
        let dt = self
            .catalog
            .dynamic_table(q)
            .ok_or_else(|| SqlError::does_not_exist("Dynamic table", &q.to_string()))?
            .clone();
        let lag = self.catalog.effective_lag(q);
        let completion_target = dt
            .data_timestamp
            .zip(lag)
            .map(|(d, l)| d + Duration::seconds(l as i64));
        let versions = self.source_versions(q);
        let started_ms = self.elapsed_ms();
        let query_id = self.query_id();
        self.refreshed_in_statement.push(q.clone());
        // A failing refresh takes back its own writes, so the table keeps its last contents;
        // inside a statement, they are taken back with the statement's too if that fails.
        self.storage_mut().begin_statement();
        // An incremental dynamic table is maintained by its operator where one covers its query;
        // the others are recomputed and applied as a difference, which writes the same changes.
        let initial = dt.data_timestamp.is_none();
        // A refresh from all of the input is the table's first (FULL) unless it reinitializes.
        let first = initial && !reinitialized;
        let incremental = dt.refresh_mode.is_incremental();
        // A query that filters on the clock is evaluated whole at each refresh, so that rows the
        // moving time window leaves drop out although their inputs did not change.
        let by_operator = incremental
            && !dt.clock_filter
            && !matches!(self.ivm.get(q), Some(Maintained::Recomputed));
        let operated = if by_operator {
            self.refresh_incrementally(q, first)
        } else {
            Ok(None)
        };
        let outcome: Result<(RefreshAction, u64, u64)> = if let Some(done) = operated.transpose() {
            done
        } else if !initial && versions == dt.source_versions {
            Ok((RefreshAction::NoData, 0, 0))
        } else {
            let action = if reinitialized {
                RefreshAction::Reinitialize
            } else if incremental && !initial {
                RefreshAction::Incremental
            } else {
                RefreshAction::Full
            };
            self.recompute(q, &dt.text, precomputed)
                .map(|(ins, del)| (action, ins, del))
        };
        match outcome {
            Ok(_) => self.storage_mut().commit_statement(),
            Err(_) => self.storage_mut().rollback_statement(),
        }
        let duration_ms = (self.elapsed_ms() - started_ms).max(0.0);
        let end = at + Duration::microseconds((duration_ms * 1000.0) as i64);
        let start = at;
        let record = match outcome {
            Ok((action, inserted, deleted)) => {
                let versions = self.source_versions(q);
                let d = self.catalog.dynamic_table_mut(q).expect("checked above");
                d.data_timestamp = Some(at);
                d.source_versions = versions;
                d.last_failure = None;
                d.expected_refresh_ms = duration_ms.max(d.expected_refresh_ms * 0.9);
                RefreshRecord {
                    table: q.clone(),
                    state: RefreshState::Succeeded,
                    state_message: None,
                    data_timestamp: at,
                    refresh_start_time: start,
                    refresh_end_time: end,
                    completion_target,
                    action,
                    trigger,
                    inserted,
                    deleted,
                    duration_ms,
                    target_lag_sec: lag,
                    query_id,
                }
            }
            Err(e) => {
                if let Some(d) = self.catalog.dynamic_table_mut(q) {
                    d.last_failure = Some(at);
                }
                RefreshRecord {
                    table: q.clone(),
                    state: RefreshState::Failed,
                    state_message: Some(e.to_string()),
                    data_timestamp: at,
                    refresh_start_time: start,
                    refresh_end_time: end,
                    completion_target,
                    action: RefreshAction::Full,
                    trigger,
                    inserted: 0,
                    deleted: 0,
                    duration_ms,
                    target_lag_sec: lag,
                    query_id,
                }
            }
        };
        self.refresh_history.push(record.clone());
        self.sync_change_logging();
        self.prune_change_logs();
        Ok(record)
    }

    /// Reads the input's changes since the last refresh and applies them; rebuilds from the whole
    /// input when those changes are not known (first refresh, input replaced, state lost).
    fn refresh_incrementally(
        &mut self,
        q: &QName,
        initial: bool,
    ) -> Result<Option<(RefreshAction, u64, u64)>> {
        let mut state = match self.ivm.remove(q) {
            Some(Maintained::Operator(s)) => *s,
            Some(Maintained::Join(s)) => return self.refresh_join(q, s).map(Some),
            Some(Maintained::Partition(s)) => return self.refresh_partitions(q, *s).map(Some),
            Some(Maintained::Recomputed) | None => {
                let dt = self.catalog.dynamic_table(q).expect("caller checked");
                let Ok(plan) = parse_plan(&dt.text, self, q) else {
                    if let Some(join) = self.join_state(q) {
                        return self.start_join(q, join, initial).map(Some);
                    }
                    if let Some(parts) = self.partition_state(q) {
                        return self.start_partitions(q, parts, initial).map(Some);
                    }
                    // No operator covers the query: it is recomputed from now on.
                    self.ivm.insert(q.clone(), Maintained::Recomputed);
                    return Ok(None);
                };
                let mut state = self.incremental_state(q, plan)?;
                let types = self.column_types(q);
                let applied = state.reinitialize(&mut self.glue, q, &types)?;
                self.ivm
                    .insert(q.clone(), Maintained::Operator(Box::new(state)));
                let action = RefreshAction::rebuild(initial);
                return Ok(Some((action, applied.inserted, applied.deleted)));
            }
        };
        let input = state.input.storage();
        let types = self.column_types(q);
        let now = self.storage().log_position(&input);
        let result = match self
            .storage()
            .changes_since(&input, state.from)
            .map(<[_]>::to_vec)
        {
            Some(changes) if changes.is_empty() => Ok((RefreshAction::NoData, 0, 0)),
            Some(changes) => state
                .apply_changes(&mut self.glue, q, &types, &changes)
                .map(|a| (RefreshAction::Incremental, a.inserted, a.deleted)),
            // The input was replaced: its columns are found again by name (a column that is gone
            // fails the refresh), then the table is rebuilt from all of it.
            None => {
                let text = &self.catalog.dynamic_table(q).expect("caller checked").text;
                parse_plan(text, self, q)
                    .and_then(|plan| self.incremental_state(q, plan))
                    .and_then(|fresh| {
                        state = fresh;
                        state.reinitialize(&mut self.glue, q, &types)
                    })
                    .map(|a| (RefreshAction::Reinitialize, a.inserted, a.deleted))
            }
        };
        if result.is_ok() {
            state.from = now;
            self.ivm
                .insert(q.clone(), Maintained::Operator(Box::new(state)));
        }
        result.map(Some)
    }

    /// Records changes only of the tables that an incremental dynamic table or a stream reads.
    pub(crate) fn sync_change_logging(&mut self) {
        let read: std::collections::HashSet<String> = self
            .ivm
            .values()
            .flat_map(|s| s.reads().map(|(q, _)| q.storage()))
            .chain(self.catalog.streams().map(|(_, s)| s.table.storage()))
            .collect();
        for table in self.storage().logged_tables() {
            let on = read.contains(&table);
            self.storage_mut().set_logging(&table, on);
        }
    }

    /// Drops change-log entries that no incremental dynamic table still has to read.
    fn prune_change_logs(&mut self) {
        let stored: Vec<String> = self
            .catalog
            .objects
            .iter()
            .filter(|(_, o)| {
                matches!(
                    o.body,
                    ObjectBody::Table { .. } | ObjectBody::DynamicTable(_)
                )
            })
            .map(|(q, _)| q.storage())
            .collect();
        for table in stored {
            let here = self.storage().log_position(&table);
            let streams = self
                .catalog
                .streams()
                .filter(|(_, s)| {
                    s.table.storage() == table && s.offset.incarnation == here.incarnation
                })
                .map(|(_, s)| s.offset.position);
            let keep = self
                .ivm
                .values()
                .flat_map(Maintained::reads)
                .filter(|(q, from)| q.storage() == table && from.incarnation == here.incarnation)
                .map(|(_, from)| from.position)
                .chain(streams)
                .min();
            self.storage_mut().prune_log(&table, keep);
        }
    }

    /// Runs the defining query and writes the difference to the stored rows. Returns (inserted, deleted).
    pub(super) fn recompute(
        &mut self,
        q: &QName,
        text: &str,
        precomputed: Option<QueryResult>,
    ) -> Result<(u64, u64)> {
        let result = match precomputed {
            Some(r) => r,
            None => {
                let query = crate::dialect::parse::parse_query_text(text)?;
                let context = Context::of(q);
                let (rewritten, temps) = self.rewrite_query(*query, &context)?;
                self.select(&rewritten, &temps, text)?
            }
        };
        let table = q.storage();
        let dt = self.catalog.dynamic_table(q).expect("caller checked");
        if result.columns.len() != dt.columns.len() {
            return Err(SqlError::execution(format!(
                "Dynamic table '{q}' now produces {} columns instead of {}; recreate it.",
                result.columns.len(),
                dt.columns.len()
            )));
        }
        let types: Vec<_> = dt.columns.iter().map(|c| c.ty).collect();
        let mut wanted: HashMap<String, Vec<Vec<Value>>> = HashMap::new();
        for row in result.rows {
            let row = row
                .into_iter()
                .zip(&types)
                .map(|(v, t)| t.coerce(v))
                .collect::<Result<Vec<_>>>()?;
            wanted.entry(row_text(&row)).or_default().push(row);
        }
        let mut doomed: Vec<Key> = Vec::new();
        for (key, row) in self.storage().rows(&table) {
            match wanted.get_mut(&row_text(row)) {
                Some(rows) if !rows.is_empty() => {
                    rows.pop();
                }
                _ => doomed.push(key.clone()),
            }
        }
        let fresh: Vec<Vec<Value>> = wanted.into_values().flatten().collect();
        let (inserted, deleted) = (fresh.len() as u64, doomed.len() as u64);
        if deleted > 0 {
            self.storage_mut().remove_rows(&table, doomed);
        }
        if inserted > 0 {
            self.storage_mut()
                .append_rows(&table, fresh)
                .map_err(crate::engine::glue_error)?;
        }
        Ok((inserted, deleted))
    }

    /// `ALTER DYNAMIC TABLE .. REFRESH`: brings upstream dynamic tables to now first, then this one.
    /// Works on suspended tables too.
    pub fn manual_refresh(&mut self, q: &QName) -> Result<RefreshRecord> {
        let at = self.now;
        for up in self.catalog.upstream_dynamic_tables(q) {
            let r = self.refresh(&up, at, RefreshTrigger::Manual, Start::Due)?;
            if r.state != RefreshState::Succeeded {
                return Err(SqlError::execution(format!(
                    "Upstream dynamic table '{up}' failed to refresh: {}",
                    r.state_message.unwrap_or_default()
                )));
            }
        }
        let record = self.refresh(q, at, RefreshTrigger::Manual, Start::Due)?;
        if record.state != RefreshState::Succeeded {
            return Err(SqlError::execution(
                record.state_message.clone().unwrap_or_default(),
            ));
        }
        Ok(record)
    }

    /// Suspends a dynamic table and, following it, the dynamic tables downstream of it.
    pub fn suspend(&mut self, q: &QName) {
        let now = self.now;
        if let Some(dt) = self.catalog.dynamic_table_mut(q) {
            dt.state = SchedulingState::Suspended { by_user: true };
            dt.last_suspended_on = Some(now);
        }
        let mut stack = self.catalog.consumers(q);
        while let Some(c) = stack.pop() {
            if let Some(dt) = self.catalog.dynamic_table_mut(&c)
                && dt.state == SchedulingState::Active
            {
                dt.state = SchedulingState::Suspended { by_user: false };
                dt.last_suspended_on = Some(now);
                stack.extend(self.catalog.consumers(&c));
            }
        }
    }

    /// Resumes a dynamic table and the downstream ones that were suspended because of it.
    pub fn resume(&mut self, q: &QName) {
        if let Some(dt) = self.catalog.dynamic_table_mut(q) {
            dt.state = SchedulingState::Active;
        }
        let mut stack = self.catalog.consumers(q);
        while let Some(c) = stack.pop() {
            if let Some(dt) = self.catalog.dynamic_table_mut(&c)
                && dt.state == (SchedulingState::Suspended { by_user: false })
            {
                dt.state = SchedulingState::Active;
                stack.extend(self.catalog.consumers(&c));
            }
        }
    }
}
