//! The join operator's refresh (see `refresh/operator/join.rs` for its law and `refresh/linear.rs`
//! for the queries it maintains): the changed rows of each input since the last refresh become a
//! scratch relation with weights, each term of the delta rule runs through the same rewrite and
//! GlueSQL path as any query, and the weighted rows are applied to the stored output by value.

use super::Engine;
use super::refresh::no_longer_maintained;
use crate::catalog::{ObjectBody, QName};
use crate::dialect::parse::parse_query_text;
use crate::dialect::rewrite::{Context, Relation};
use crate::error::{Result, SqlError};
use crate::glue::glue_error;
use crate::history::RefreshAction;
use crate::refresh::incremental::Maintained;
use crate::refresh::linear::{self, JoinState, WEIGHT, delta_name};
use crate::refresh::operator::join::{Arrangement, terms};
use crate::refresh::operator::net_change::consolidate;
use crate::refresh::operator::{Row, Weight};
use crate::types::SfType;
use gluesql_core::data::Value;
use std::collections::{BTreeMap, HashMap};

/// The prefix of the scratch tables that hold an input's changed rows during a refresh.
const CHANGED: &str = "__CHANGED";

/// A term's weight as GlueSQL returns the product of INTEGER weights.
fn weight_of(v: &Value) -> Result<Weight> {
    use rust_decimal::prelude::ToPrimitive;
    match v {
        Value::I64(w) => Ok(*w),
        Value::I32(w) => Ok(i64::from(*w)),
        Value::Decimal(d) => d
            .to_i64()
            .ok_or_else(|| SqlError::execution("A change weight is out of range.")),
        other => Err(SqlError::execution(format!(
            "A change weight is not a number: {other:?}"
        ))),
    }
}

impl Engine {
    /// The state of a dynamic table whose query the join operator maintains, before any row is
    /// read; None when its query is not a join or UNION ALL of stored tables and dynamic tables.
    pub(super) fn join_state(&self, q: &QName) -> Option<JoinState> {
        let dt = self.catalog.dynamic_table(q)?;
        let query = parse_query_text(&dt.text).ok()?;
        let linear = linear::analyze(&query)?;
        let context = Context::of(q);
        let mut inputs = Vec::new();
        for branch in &linear.occurrences {
            let mut resolved = Vec::new();
            for name in branch {
                let input = self.qualify(name, &context, "SELECT").ok()?;
                match self.catalog.objects.get(&input).map(|o| &o.body) {
                    Some(ObjectBody::Table { .. } | ObjectBody::DynamicTable(_)) => {}
                    _ => return None,
                }
                resolved.push(input);
            }
            inputs.push(resolved);
        }
        Some(JoinState {
            linear,
            inputs,
            from: BTreeMap::new(),
            arrangement: Arrangement::default(),
        })
    }

    /// Fills a dynamic table from all of its inputs and starts reading their changes from here.
    pub(super) fn start_join(
        &mut self,
        q: &QName,
        mut state: JoinState,
        initial: bool,
    ) -> Result<(RefreshAction, u64, u64)> {
        let text = self
            .catalog
            .dynamic_table(q)
            .map(|dt| dt.text.clone())
            .ok_or_else(|| SqlError::does_not_exist("Dynamic table", &q.to_string()))?;
        let (inserted, deleted) = self.recompute(q, &text, None)?;
        state.arrangement = Arrangement::of(self.storage().rows(&q.storage()));
        state.from = state
            .inputs
            .iter()
            .flatten()
            .map(|input| (input.clone(), self.storage().log_position(&input.storage())))
            .collect();
        self.ivm.insert(q.clone(), Maintained::Join(state));
        let action = RefreshAction::rebuild(initial);
        Ok((action, inserted, deleted))
    }

    /// One refresh by the join operator: the terms of the delta rule over the inputs that changed,
    /// applied to the stored rows; a rebuild when an input was replaced or the rows diverged.
    pub(super) fn refresh_join(
        &mut self,
        q: &QName,
        mut state: JoinState,
    ) -> Result<(RefreshAction, u64, u64)> {
        let mut changed: HashMap<QName, Vec<(Row, Weight)>> = HashMap::new();
        let mut now = BTreeMap::new();
        for (input, from) in &state.from {
            let table = input.storage();
            now.insert(input.clone(), self.storage().log_position(&table));
            let Some(changes) = self.storage().changes_since(&table, *from) else {
                // The input was replaced: its rows are read again from scratch.
                let fresh = self.join_state(q).ok_or_else(|| no_longer_maintained(q))?;
                return self.start_join(q, fresh, false);
            };
            if changes.is_empty() {
                continue;
            }
            let mut rows = Vec::new();
            for net in consolidate(changes) {
                if let Some(before) = net.before {
                    rows.push((before.clone(), -1));
                }
                if let Some(after) = net.after {
                    rows.push((after.clone(), 1));
                }
            }
            changed.insert(input.clone(), rows);
        }
        if changed.is_empty() {
            state.from = now;
            self.ivm.insert(q.clone(), Maintained::Join(state));
            return Ok((RefreshAction::NoData, 0, 0));
        }
        let mut scratch: HashMap<QName, Relation> = HashMap::new();
        let mut temps = Vec::new();
        let mut delta = Ok(Vec::new());
        for (input, rows) in changed {
            let mut columns: Vec<(String, SfType)> = self.catalog.objects[&input]
                .columns()
                .iter()
                .map(|c| (c.name.clone(), c.ty))
                .collect();
            columns.push((WEIGHT.to_owned(), SfType::INTEGER));
            let rows = rows
                .into_iter()
                .map(|(mut r, w)| {
                    r.push(Value::I64(w));
                    r
                })
                .collect();
            match self.materialize(CHANGED, columns, rows) {
                Ok((glue, columns)) => {
                    temps.push(glue.clone());
                    scratch.insert(
                        input,
                        Relation::Table {
                            glue,
                            columns,
                            object: None,
                        },
                    );
                }
                Err(e) => delta = Err(e),
            }
        }
        if delta.is_ok() {
            delta = self.join_terms(q, &state, &scratch);
        }
        self.drop_temps(&temps);
        let applied = match state.arrangement.apply(delta?) {
            Ok(applied) => applied,
            Err(_) => {
                let fresh = self
                    .join_state(q)
                    .ok_or_else(|| SqlError::execution("The join state was lost."))?;
                return self.start_join(q, fresh, false);
            }
        };
        let (writes, fresh) = applied;
        let table = q.storage();
        self.storage_mut().remove_rows(&table, writes.removes);
        let keys = self
            .storage_mut()
            .append_rows(&table, fresh.clone())
            .map_err(glue_error)?;
        state.arrangement.placed(fresh.into_iter().zip(keys));
        state.from = now;
        self.ivm.insert(q.clone(), Maintained::Join(state));
        Ok((RefreshAction::Incremental, writes.inserted, writes.deleted))
    }

    /// The change of the query: every term of every branch whose changed occurrences all have
    /// changes (in `scratch`), its rows weighted by the term's sign and coerced to the table's types.
    fn join_terms(
        &mut self,
        q: &QName,
        state: &JoinState,
        scratch: &HashMap<QName, Relation>,
    ) -> Result<Vec<(Row, Weight)>> {
        let context = Context::of(q);
        let types = self.column_types(q);
        let text = self
            .catalog
            .dynamic_table(q)
            .map(|dt| dt.text.clone())
            .unwrap_or_default();
        let mut delta = Vec::new();
        for (b, inputs) in state.inputs.iter().enumerate() {
            for (set, sign) in terms(inputs.len()) {
                let Some(bound) = set
                    .iter()
                    .map(|&k| Some((delta_name(k), scratch.get(&inputs[k])?.clone())))
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                let query = state.linear.term_query(b, &set);
                let (rewritten, temps) = self.rewrite_query_with(query, &context, bound)?;
                let result = self.select(&rewritten, &temps, &text)?;
                for mut row in result.rows {
                    let w = weight_of(&row.pop().unwrap_or(Value::Null))?;
                    let row = row
                        .into_iter()
                        .zip(&types)
                        .map(|(v, t)| t.coerce(v))
                        .collect::<Result<Row>>()?;
                    delta.push((row, w * sign));
                }
            }
        }
        Ok(delta)
    }
}
