//! Incremental refresh: the changes of a dynamic table's input since its last refresh, run through
//! GlueSQL in batches (the plan's delta query over a scratch table of changed rows), then applied to
//! the dynamic table's rows — per row for projections, per group for aggregates.
//!
//! Algebra, in the Z-set style of DBSP: an input change is a retraction of its before image (weight
//! -1) and an insertion of its after image (weight +1).
//! - Projection/filter: the output row of input key k is f(after(k)) when it passes the filter, and
//!   absent otherwise; output rows reuse the input's keys, so a change costs one write.
//! - Aggregates: each group keeps accumulators that take weighted updates exactly: COUNT and SUM
//!   (decimal) add the weight; COUNT(DISTINCT), MIN and MAX keep a multiset of values with counts,
//!   so a retraction of the current minimum finds the next one. Only changed groups are re-emitted.

use super::plan::{AggKind, Item, Plan, Shape, TAG};
use crate::catalog::QName;
use crate::dialect::rewrite::{Context, Relation, Resolver, Rewriter};
use crate::engine::{Engine, glue_error};
use crate::error::{Result, SqlError};
use crate::store::{Change, LogPosition};
use crate::types::{SfType, SortKey, display_value, sort_key, to_decimal};
use chrono::NaiveDateTime;
use gluesql_core::data::{Key, Value};
use gluesql_core::executor::Payload;
use gluesql_core::store::StoreMut;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Rows evaluated by GlueSQL at a time, which bounds the scratch table's size.
const BATCH: usize = 20_000;

#[derive(Debug, Clone)]
enum Acc {
    Count(i64),
    Sum {
        sum: Decimal,
        n: i64,
    },
    /// A multiset of the non-NULL values seen, with a representative value and a count for each.
    Values(BTreeMap<SortKey, (Value, i64)>),
}

impl Acc {
    fn new(kind: AggKind) -> Acc {
        match kind {
            AggKind::CountStar | AggKind::Count => Acc::Count(0),
            AggKind::Sum | AggKind::Avg => Acc::Sum {
                sum: Decimal::ZERO,
                n: 0,
            },
            _ => Acc::Values(BTreeMap::new()),
        }
    }

    fn update(&mut self, kind: AggKind, v: &Value, w: i64) -> Result<()> {
        match self {
            Acc::Count(n) => {
                if kind == AggKind::CountStar || !matches!(v, Value::Null) {
                    *n += w;
                }
            }
            Acc::Sum { sum, n } => {
                if !matches!(v, Value::Null) {
                    let d = to_decimal(v).ok_or_else(|| {
                        SqlError::execution(format!(
                            "SUM/AVG of a non-number '{}'",
                            display_value(v)
                        ))
                    })?;
                    *sum += d * Decimal::from(w);
                    *n += w;
                }
            }
            Acc::Values(m) => {
                if let Some(k) = sort_key(v) {
                    match m.get_mut(&k) {
                        Some(e) => {
                            e.1 += w;
                            if e.1 == 0 {
                                m.remove(&k);
                            }
                        }
                        None => {
                            m.insert(k, (v.clone(), w));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn value(&self, kind: AggKind) -> Value {
        let decimal = |d: Decimal| Value::Decimal(d);
        match (self, kind) {
            (Acc::Count(n), _) => decimal(Decimal::from(*n)),
            (Acc::Sum { n: 0, .. }, _) => Value::Null,
            (Acc::Sum { sum, .. }, AggKind::Sum) => decimal(*sum),
            (Acc::Sum { sum, n }, _) => decimal(*sum / Decimal::from(*n)),
            (Acc::Values(m), AggKind::CountDistinct) => decimal(Decimal::from(m.len())),
            (Acc::Values(m), AggKind::Min) => {
                m.values().next().map_or(Value::Null, |(v, _)| v.clone())
            }
            (Acc::Values(m), AggKind::Max) => m
                .values()
                .next_back()
                .map_or(Value::Null, |(v, _)| v.clone()),
            (Acc::Values(m), _) if m.is_empty() => Value::Null,
            (Acc::Values(m), k) => {
                let sum: Decimal = m.values().filter_map(|(v, _)| to_decimal(v)).sum();
                if k == AggKind::SumDistinct {
                    decimal(sum)
                } else {
                    decimal(sum / Decimal::from(m.len()))
                }
            }
        }
    }
}

#[derive(Debug, Clone)]
struct Group {
    keys: Vec<Value>,
    rows: i64,
    accs: Vec<Acc>,
    out_key: Option<Key>,
}

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
    groups: HashMap<GroupKey, Group>,
}

/// The net effect of a window of changes on one key: (key, first before image, last after image).
type NetChange<'a> = (&'a Key, Option<&'a Vec<Value>>, Option<&'a Vec<Value>>);

/// Counts of rows written by a refresh.
#[derive(Debug, Clone, Copy, Default)]
pub struct Applied {
    pub inserted: u64,
    pub deleted: u64,
}

/// A group's identity: its key values as SQL compares them (NULL is its own group).
type GroupKey = Vec<Option<SortKey>>;

fn group_key(keys: &[Value]) -> GroupKey {
    keys.iter().map(sort_key).collect()
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
        Ok(DtState {
            plan,
            input,
            from: LogPosition::default(),
            input_columns,
            delta_sql: rewritten.sql,
            delta_plan: None,
            compiled,
            groups: HashMap::new(),
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
        // Net effect per key: the first before image and the last after image.
        let mut index: HashMap<Key, usize> = HashMap::new();
        let mut net: Vec<NetChange> = Vec::new();
        for c in changes {
            match index.get(&c.key) {
                Some(&i) => net[i].2 = c.after.as_deref(),
                None => {
                    index.insert(c.key.clone(), net.len());
                    net.push((&c.key, c.before.as_deref(), c.after.as_deref()));
                }
            }
        }
        net.retain(|(_, b, a)| b != a);
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
        let mut applied = Applied::default();
        match state.plan.shape.clone() {
            Shape::Project => {
                let inputs: Vec<(i64, &Vec<Value>)> = net
                    .iter()
                    .enumerate()
                    .filter_map(|(i, (_, _, a))| a.map(|a| (i as i64, a)))
                    .collect();
                let mut outputs: HashMap<i64, Vec<Value>> =
                    self.evaluate(q, state, inputs)?.into_iter().collect();
                let mut puts = Vec::new();
                let mut removes = Vec::new();
                for (i, (key, _, _)) in net.iter().enumerate() {
                    let existing = self.storage().get(&table, key);
                    match outputs.remove(&(i as i64)) {
                        Some(row) => {
                            let row = coerce(row)?;
                            match existing {
                                Some(old) if *old == row => {}
                                Some(_) => {
                                    applied.inserted += 1;
                                    applied.deleted += 1;
                                    puts.push(((*key).clone(), row));
                                }
                                None => {
                                    applied.inserted += 1;
                                    puts.push(((*key).clone(), row));
                                }
                            }
                        }
                        None => {
                            if existing.is_some() {
                                applied.deleted += 1;
                                removes.push((*key).clone());
                            }
                        }
                    }
                }
                self.storage_mut().remove_rows(&table, removes);
                self.storage_mut()
                    .put_rows(&table, puts)
                    .map_err(glue_error)?;
            }
            Shape::Aggregate {
                aggs,
                keys,
                items,
                scalar,
            } => {
                let mut inputs = Vec::with_capacity(net.len() * 2);
                for (i, (_, before, after)) in net.into_iter().enumerate() {
                    if let Some(b) = before {
                        inputs.push((2 * i as i64, b));
                    }
                    if let Some(a) = after {
                        inputs.push((2 * i as i64 + 1, a));
                    }
                }
                let mut touched: HashSet<GroupKey> = HashSet::new();
                if scalar && !state.groups.contains_key(&GroupKey::new()) {
                    state.groups.insert(
                        GroupKey::new(),
                        Group {
                            keys: vec![],
                            rows: 0,
                            accs: aggs.iter().map(|k| Acc::new(*k)).collect(),
                            out_key: None,
                        },
                    );
                    touched.insert(GroupKey::new());
                }
                for (tag, row) in self.evaluate(q, state, inputs)? {
                    let w = if tag % 2 == 1 { 1 } else { -1 };
                    let text = group_key(&row[..keys]);
                    let group = match state.groups.get_mut(&text) {
                        Some(g) => g,
                        None => state.groups.entry(text.clone()).or_insert_with(|| Group {
                            keys: row[..keys].to_vec(),
                            rows: 0,
                            accs: aggs.iter().map(|k| Acc::new(*k)).collect(),
                            out_key: None,
                        }),
                    };
                    group.rows += w;
                    for (j, kind) in aggs.iter().enumerate() {
                        group.accs[j].update(*kind, &row[keys + j], w)?;
                    }
                    touched.insert(text);
                }
                let mut touched: Vec<GroupKey> = touched.into_iter().collect();
                touched.sort();
                let mut puts = Vec::new();
                let mut removes = Vec::new();
                let mut fresh = Vec::new();
                for text in touched {
                    let Some(group) = state.groups.get(&text) else {
                        continue;
                    };
                    if group.rows < 0 {
                        return Err(SqlError::execution(format!(
                            "Group {:?} retracted more rows than it had.",
                            group.keys
                        )));
                    }
                    if group.rows == 0 && !scalar {
                        if let Some(k) = group.out_key.clone() {
                            applied.deleted += 1;
                            removes.push(k);
                        }
                        state.groups.remove(&text);
                        continue;
                    }
                    let row = coerce(
                        items
                            .iter()
                            .map(|it| match it {
                                Item::Key(k) => group.keys[*k].clone(),
                                Item::Agg(a) => group.accs[*a].value(aggs[*a]),
                            })
                            .collect(),
                    )?;
                    match &group.out_key {
                        Some(k) => {
                            if self.storage().get(&table, k) != Some(&row) {
                                applied.inserted += 1;
                                applied.deleted += 1;
                                puts.push((k.clone(), row));
                            }
                        }
                        None => {
                            applied.inserted += 1;
                            fresh.push((text, row));
                        }
                    }
                }
                self.storage_mut().remove_rows(&table, removes);
                self.storage_mut()
                    .put_rows(&table, puts)
                    .map_err(glue_error)?;
                let (texts, rows): (Vec<GroupKey>, Vec<Vec<Value>>) = fresh.into_iter().unzip();
                let new_keys = self
                    .storage_mut()
                    .append_rows(&table, rows)
                    .map_err(glue_error)?;
                for (text, key) in texts.into_iter().zip(new_keys) {
                    if let Some(g) = state.groups.get_mut(&text) {
                        g.out_key = Some(key);
                    }
                }
            }
        }
        Ok(applied)
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
        state.groups.clear();
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
