//! What an incremental dynamic table keeps between refreshes ([`DtState`]), and one refresh over
//! it: the changes of its input since its last refresh are consolidated ([`consolidate`]), their
//! images evaluated by the plan's delta query (compiled, or run by GlueSQL over a scratch table of
//! changed rows in batches), handed to the plan's operator ([`project`] or [`Aggregate`], see
//! `refresh/operator/` for their laws), and the writes they decide applied to the dynamic table's
//! rows. It touches only the store and its own state.

use super::operator::Writes;
use super::operator::aggregate::Aggregate;
use super::operator::net_change::consolidate;
use super::operator::project::project;
use super::plan::{Plan, Shape, TAG};
use crate::catalog::QName;
use crate::error::{Result, SqlError};
use crate::glue::glue_error;
use crate::store::{Change, LogPosition, TrackedStorage};
use crate::types::SfType;
use gluesql_core::data::{Key, Value};
use gluesql_core::executor::Payload;
use gluesql_core::prelude::Glue;
use gluesql_core::store::StoreMut;
use std::collections::HashMap;

/// Rows evaluated by GlueSQL at a time, which bounds the scratch table's size.
const BATCH: usize = 20_000;

/// What an incremental dynamic table keeps between refreshes.
#[derive(Debug, Clone)]
pub struct DtState {
    plan: Plan,
    /// The input table or dynamic table whose changes it reads.
    pub input: QName,
    /// How far into the input's change log it has read.
    pub from: LogPosition,
    input_columns: Vec<(String, SfType)>,
    delta_sql: String,
    /// The delta query planned once by GlueSQL (the scratch table's schema never changes).
    delta_plan: Option<gluesql_core::plan::StatementPlan>,
    /// The delta query compiled to run without GlueSQL, when every part of it allows.
    compiled: Option<super::eval::Compiled>,
    /// The aggregate operator's groups, for an aggregate plan.
    aggregate: Option<Aggregate>,
}

/// How an incremental dynamic table is maintained between refreshes: by the projection or
/// aggregate operator over its one input, or by the join operator over several.
#[derive(Debug, Clone)]
pub enum Maintained {
    /// Projection, filter, DISTINCT or GROUP BY over one input.
    Operator(Box<DtState>),
    /// Joins and UNION ALL.
    Join(super::linear::JoinState),
    /// Window functions and QUALIFY over partitions.
    Partition(Box<super::partitioned::PartitionState>),
    /// No operator covers the query: each refresh recomputes it and applies the difference.
    Recomputed,
}

impl Maintained {
    /// The operator that maintains the table (`projection`, `aggregate`, `join` or `partition`)
    /// and how many entries of state it keeps (groups, indexed output rows, or indexed input and
    /// output rows; a projection keeps none).
    /// None when no operator maintains it.
    pub fn operator_state(&self) -> Option<(&'static str, usize)> {
        Some(match self {
            Maintained::Operator(s) => match &s.aggregate {
                Some(a) => ("aggregate", a.groups()),
                None => ("projection", 0),
            },
            Maintained::Join(s) => ("join", s.arrangement.len()),
            Maintained::Partition(s) => ("partition", s.parts.len()),
            Maintained::Recomputed => return None,
        })
    }

    /// The inputs whose change logs it reads, each with how far it has read.
    /// Read after every refresh (change logging, log pruning), so it allocates nothing.
    pub fn reads(&self) -> impl Iterator<Item = (&QName, LogPosition)> {
        let one = match self {
            Maintained::Operator(s) => Some((&s.input, s.from)),
            Maintained::Partition(s) => Some((&s.input, s.from)),
            Maintained::Join(_) | Maintained::Recomputed => None,
        };
        let many = match self {
            Maintained::Join(s) => Some(s.from.iter().map(|(q, p)| (q, *p))),
            _ => None,
        };
        one.into_iter().chain(many.into_iter().flatten())
    }
}

/// Counts of rows written by a refresh.
#[derive(Debug, Clone, Copy, Default)]
pub struct Applied {
    /// Rows added (an updated row counts once here and once in `deleted`).
    pub inserted: u64,
    /// Rows removed.
    pub deleted: u64,
}

/// The scratch table a dynamic table's changed input rows are written to for GlueSQL to evaluate.
pub fn scratch_name(q: &QName) -> String {
    format!("__DELTA.{q}")
}

impl DtState {
    /// The state of a dynamic table before any row is read: its `plan`, the resolved `input` and
    /// its columns, and `delta_sql`, the plan's delta query rewritten for GlueSQL over the scratch
    /// table ([`scratch_name`]).
    pub fn new(
        plan: Plan,
        input: QName,
        input_columns: Vec<(String, SfType)>,
        delta_sql: String,
    ) -> DtState {
        let compiled = super::eval::compile(&plan.delta_query, &input_columns);
        let aggregate = match &plan.shape {
            Shape::Project => None,
            Shape::Aggregate {
                aggs,
                keys,
                items,
                scalar,
            } => Some(Aggregate::new(aggs.clone(), *keys, items.clone(), *scalar)),
        };
        DtState {
            plan,
            input,
            from: LogPosition::default(),
            input_columns,
            delta_sql,
            delta_plan: None,
            compiled,
            aggregate,
        }
    }

    /// Runs the delta query over tagged input rows; returns (tag, output values without the tag).
    fn evaluate(
        &mut self,
        glue: &mut Glue<TrackedStorage>,
        q: &QName,
        rows: Vec<(i64, &Vec<Value>)>,
    ) -> Result<Vec<(i64, Vec<Value>)>> {
        let state = self;
        if let Some(compiled) = &state.compiled {
            let mut out = Vec::with_capacity(rows.len());
            for (tag, row) in rows {
                if let Some(values) = compiled.eval(row).map_err(SqlError::execution)? {
                    out.push((tag, values));
                }
            }
            return Ok(out);
        }
        let mut out = Vec::with_capacity(rows.len());
        let scratch = scratch_name(q);
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let batch: Vec<Vec<Value>> = rows
                .by_ref()
                .take(BATCH)
                .map(|(tag, r)| {
                    let mut r = r.clone();
                    r.push(Value::I64(tag));
                    r
                })
                .collect();
            let schema = crate::store::schema_of(
                &scratch,
                state
                    .input_columns
                    .iter()
                    .map(|(n, t)| (n.clone(), t.glue_type()))
                    .chain(std::iter::once((
                        TAG.to_owned(),
                        gluesql_core::ast::DataType::Int,
                    ))),
            );
            glue.storage.insert_schema(&schema).map_err(glue_error)?;
            let result = glue
                .storage
                .append_rows(&scratch, batch)
                .map_err(glue_error)
                .and_then(|_| {
                    if state.delta_plan.is_none() {
                        state.delta_plan = glue
                            .plan(&state.delta_sql)
                            .map_err(glue_error)?
                            .into_iter()
                            .next();
                    }
                    let plan = state
                        .delta_plan
                        .as_ref()
                        .ok_or_else(|| SqlError::execution("The delta query has no plan."))?;
                    glue.execute_stmt(plan).map(|p| vec![p]).map_err(glue_error)
                });
            glue.storage.delete_schema(&scratch).map_err(glue_error)?;
            let Some(Payload::Select { rows: result, .. }) = result?.into_iter().next() else {
                return Err(SqlError::execution("The delta query returned no rows."));
            };
            for mut r in result {
                let tag = match r.pop() {
                    Some(Value::I64(t)) => t,
                    other => {
                        return Err(SqlError::execution(format!(
                            "Lost the change tag: {other:?}"
                        )));
                    }
                };
                out.push((tag, r));
            }
        }
        Ok(out)
    }

    /// Brings an incremental dynamic table up to date with `changes` of its input.
    /// `types` are the dynamic table's column types, which its rows are coerced to.
    pub fn apply_changes(
        &mut self,
        glue: &mut Glue<TrackedStorage>,
        q: &QName,
        types: &[SfType],
        changes: &[Change],
    ) -> Result<Applied> {
        let state = self;
        let net = consolidate(changes);
        let table = q.storage();
        let coerce = |row: Vec<Value>| -> Result<Vec<Value>> {
            row.into_iter()
                .zip(types)
                .map(|(v, t)| t.coerce(v))
                .collect()
        };
        if matches!(state.plan.shape, Shape::Project) {
            let inputs: Vec<(i64, &Vec<Value>)> = net
                .iter()
                .enumerate()
                .filter_map(|(i, n)| n.after.map(|a| (i as i64, a)))
                .collect();
            let mut evaluated: HashMap<i64, Vec<Value>> =
                state.evaluate(glue, q, inputs)?.into_iter().collect();
            let outputs = net
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let row = evaluated.remove(&(i as i64)).map(coerce).transpose()?;
                    Ok((n.key, row))
                })
                .collect::<Result<Vec<_>>>()?;
            let writes = project(outputs, |k| glue.storage.get(&table, k));
            return write::<()>(&mut glue.storage, &table, writes, Vec::new()).map(|(a, _)| a);
        }
        let mut inputs = Vec::with_capacity(net.len() * 2);
        for (i, n) in net.iter().enumerate() {
            if let Some(b) = n.before {
                inputs.push((2 * i as i64, b));
            }
            if let Some(a) = n.after {
                inputs.push((2 * i as i64 + 1, a));
            }
        }
        let evaluated = state.evaluate(glue, q, inputs)?;
        let Some(aggregate) = state.aggregate.as_mut() else {
            return Err(SqlError::execution("An aggregate plan without its groups."));
        };
        let touched = aggregate.update(
            evaluated
                .into_iter()
                .map(|(tag, row)| (if tag % 2 == 1 { 1 } else { -1 }, row)),
        )?;
        let emitted = aggregate.emit(touched, |k| glue.storage.get(&table, k), coerce)?;
        let (applied, placed) = write(&mut glue.storage, &table, emitted.writes, emitted.fresh)?;
        for (group, key) in placed {
            aggregate.stored_at(&group, key);
        }
        Ok(applied)
    }

    /// Rebuilds an incremental dynamic table from all of its input: state and rows.
    pub fn reinitialize(
        &mut self,
        glue: &mut Glue<TrackedStorage>,
        q: &QName,
        types: &[SfType],
    ) -> Result<Applied> {
        let state = self;
        let table = q.storage();
        let old: Vec<Key> = glue.storage.rows(&table).map(|(k, _)| k.clone()).collect();
        let deleted = old.len() as u64;
        glue.storage.remove_rows(&table, old);
        if let Some(aggregate) = state.aggregate.as_mut() {
            aggregate.clear();
        }
        let input = state.input.storage();
        state.from = glue.storage.log_position(&input);
        let changes: Vec<Change> = glue
            .storage
            .rows(&input)
            .map(|(k, r)| Change {
                key: k.clone(),
                before: None,
                after: Some(std::rc::Rc::new(r.clone())),
            })
            .collect();
        let mut applied = state.apply_changes(glue, q, types, &changes)?;
        applied.deleted += deleted;
        Ok(applied)
    }
}

/// Writes an operator's output change to a dynamic table's rows; new rows are appended and
/// their keys returned with what they were for.
fn write<T>(
    storage: &mut TrackedStorage,
    table: &str,
    writes: Writes,
    fresh: Vec<(T, Vec<Value>)>,
) -> Result<(Applied, Vec<(T, Key)>)> {
    let applied = Applied {
        inserted: writes.inserted,
        deleted: writes.deleted,
    };
    storage.remove_rows(table, writes.removes);
    storage.put_rows(table, writes.puts).map_err(glue_error)?;
    let (ids, rows): (Vec<T>, Vec<Vec<Value>>) = fresh.into_iter().unzip();
    let keys = storage.append_rows(table, rows).map_err(glue_error)?;
    Ok((applied, ids.into_iter().zip(keys).collect()))
}
