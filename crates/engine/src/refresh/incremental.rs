//! Incremental refresh, the engine's side: the changes of a dynamic table's input since its last
//! refresh are consolidated ([`consolidate`]), their images evaluated by the plan's delta query
//! (compiled, or run by GlueSQL over a scratch table of changed rows in batches), handed to the
//! plan's operator ([`project`] or [`Aggregate`], see `refresh/operator/` for their laws), and the
//! writes they decide applied to the dynamic table's rows.

use super::operator::Writes;
use super::operator::aggregate::Aggregate;
use super::operator::net_change::consolidate;
use super::operator::project::project;
use super::plan::{Plan, Shape, TAG};
use crate::catalog::QName;
use crate::dialect::rewrite::{Context, Relation, Resolver, Rewriter};
use crate::engine::{Engine, glue_error};
use crate::error::{Result, SqlError};
use crate::store::{Change, LogPosition};
use crate::types::SfType;
use chrono::NaiveDateTime;
use gluesql_core::data::{Key, Value};
use gluesql_core::executor::Payload;
use gluesql_core::store::StoreMut;
use std::collections::HashMap;

/// Rows evaluated by GlueSQL at a time, which bounds the scratch table's size.
const BATCH: usize = 20_000;

/// What an incremental dynamic table keeps between refreshes.
#[derive(Debug, Clone)]
pub struct DtState {
    plan: Plan,
    pub input: QName,
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

/// Counts of rows written by a refresh.
#[derive(Debug, Clone, Copy, Default)]
pub struct Applied {
    pub inserted: u64,
    pub deleted: u64,
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
        self.engine.now()
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

fn scratch_name(q: &QName) -> String {
    format!("__DELTA.{q}")
}

impl Engine {
    /// Prepares the incremental state of a dynamic table from its plan (no rows read yet).
    pub(crate) fn incremental_state(&self, q: &QName, plan: Plan) -> Result<DtState> {
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
        Ok(DtState {
            plan,
            input,
            from: LogPosition::default(),
            input_columns,
            delta_sql: rewritten.sql,
            delta_plan: None,
            compiled,
            aggregate,
        })
    }

    /// Runs the delta query over tagged input rows; returns (tag, output values without the tag).
    fn evaluate(
        &mut self,
        q: &QName,
        state: &mut DtState,
        rows: Vec<(i64, &Vec<Value>)>,
    ) -> Result<Vec<(i64, Vec<Value>)>> {
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
            self.glue
                .storage
                .insert_schema(&schema)
                .map_err(glue_error)?;
            let result = self
                .glue
                .storage
                .append_rows(&scratch, batch)
                .map_err(glue_error)
                .and_then(|_| {
                    if state.delta_plan.is_none() {
                        state.delta_plan = self
                            .glue
                            .plan(&state.delta_sql)
                            .map_err(glue_error)?
                            .into_iter()
                            .next();
                    }
                    let plan = state
                        .delta_plan
                        .as_ref()
                        .ok_or_else(|| SqlError::execution("The delta query has no plan."))?;
                    self.glue
                        .execute_stmt(plan)
                        .map(|p| vec![p])
                        .map_err(glue_error)
                });
            self.glue
                .storage
                .delete_schema(&scratch)
                .map_err(glue_error)?;
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
    pub(crate) fn apply_changes(
        &mut self,
        q: &QName,
        state: &mut DtState,
        changes: &[Change],
    ) -> Result<Applied> {
        let net = consolidate(changes);
        let table = q.storage();
        let types: Vec<SfType> = self
            .catalog
            .dynamic_table(q)
            .map(|d| d.columns.iter().map(|c| c.ty).collect())
            .unwrap_or_default();
        let coerce = |row: Vec<Value>| -> Result<Vec<Value>> {
            row.into_iter()
                .zip(&types)
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
                self.evaluate(q, state, inputs)?.into_iter().collect();
            let outputs = net
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let row = evaluated.remove(&(i as i64)).map(coerce).transpose()?;
                    Ok((n.key, row))
                })
                .collect::<Result<Vec<_>>>()?;
            let writes = project(outputs, |k| self.storage().get(&table, k));
            return self.write::<()>(&table, writes, Vec::new()).map(|(a, _)| a);
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
        let evaluated = self.evaluate(q, state, inputs)?;
        let Some(aggregate) = state.aggregate.as_mut() else {
            return Err(SqlError::execution("An aggregate plan without its groups."));
        };
        let touched = aggregate.update(
            evaluated
                .into_iter()
                .map(|(tag, row)| (if tag % 2 == 1 { 1 } else { -1 }, row)),
        )?;
        let emitted = aggregate.emit(touched, |k| self.storage().get(&table, k), coerce)?;
        let (applied, placed) = self.write(&table, emitted.writes, emitted.fresh)?;
        for (group, key) in placed {
            aggregate.stored_at(&group, key);
        }
        Ok(applied)
    }

    /// Writes an operator's output change to a dynamic table's rows; new rows are appended and
    /// their keys returned with what they were for.
    fn write<T>(
        &mut self,
        table: &str,
        writes: Writes,
        fresh: Vec<(T, Vec<Value>)>,
    ) -> Result<(Applied, Vec<(T, Key)>)> {
        let applied = Applied {
            inserted: writes.inserted,
            deleted: writes.deleted,
        };
        self.storage_mut().remove_rows(table, writes.removes);
        self.storage_mut()
            .put_rows(table, writes.puts)
            .map_err(glue_error)?;
        let (ids, rows): (Vec<T>, Vec<Vec<Value>>) = fresh.into_iter().unzip();
        let keys = self
            .storage_mut()
            .append_rows(table, rows)
            .map_err(glue_error)?;
        Ok((applied, ids.into_iter().zip(keys).collect()))
    }

    /// Rebuilds an incremental dynamic table from all of its input: state and rows.
    pub(crate) fn reinitialize(&mut self, q: &QName, state: &mut DtState) -> Result<Applied> {
        let table = q.storage();
        let old: Vec<Key> = self
            .storage()
            .rows(&table)
            .map(|(k, _)| k.clone())
            .collect();
        let deleted = old.len() as u64;
        self.storage_mut().remove_rows(&table, old);
        if let Some(aggregate) = state.aggregate.as_mut() {
            aggregate.clear();
        }
        let input = state.input.storage();
        state.from = self.storage().log_position(&input);
        let changes: Vec<Change> = self
            .storage()
            .rows(&input)
            .map(|(k, r)| Change {
                key: k.clone(),
                before: None,
                after: Some(std::rc::Rc::new(r.clone())),
            })
            .collect();
        let mut applied = self.apply_changes(q, state, &changes)?;
        applied.deleted += deleted;
        Ok(applied)
    }
}
