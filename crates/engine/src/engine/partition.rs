//! The partition operator's refresh (see `refresh/operator/partition.rs` for its law and
//! `refresh/partitioned.rs` for the queries it maintains): the input's changes since the last
//! refresh name the partitions they touch; those partitions' current rows become a scratch relation
//! the table's own query runs over, through the ordinary rewrite and GlueSQL path; and their output
//! rows are replaced by what it returns, row by row where they differ.

use super::Engine;
use super::refresh::no_longer_maintained;
use crate::catalog::QName;
use crate::dialect::parse::parse_query_text;
use crate::dialect::rewrite::{Context, Relation};
use crate::error::Result;
use crate::glue::glue_error;
use crate::history::RefreshAction;
use crate::refresh::incremental::Maintained;
use crate::refresh::operator::partition::{Part, Partitions, touched};
use crate::refresh::operator::{Row, row_text};
use crate::refresh::partitioned::{self, INPUT, PartitionState};
use crate::store::LogPosition;
use gluesql_core::data::Key;
use std::collections::HashMap;

/// The prefix of the scratch tables that hold the touched partitions' input rows.
const PARTS: &str = "__PARTS";

impl Engine {
    /// The state of a dynamic table whose query the partition operator maintains, before any row
    /// is read; None for any other query.
    pub(super) fn partition_state(&self, q: &QName) -> Option<PartitionState> {
        let dt = self.catalog.dynamic_table(q)?;
        let query = parse_query_text(&dt.text).ok()?;
        let context = Context::of(q);
        let plan = partitioned::analyze(&query, |name| self.stored_columns(name, &context))?;
        let input = self.qualify(&plan.input, &context, "SELECT").ok()?;
        let columns = self.catalog.objects[&input]
            .columns()
            .iter()
            .map(|c| (c.name.clone(), c.ty))
            .collect();
        Some(PartitionState {
            plan,
            input,
            from: LogPosition::default(),
            columns,
            parts: Partitions::default(),
        })
    }

    /// Runs the table's query over `relation` (all of the input, or the touched partitions' rows):
    /// its output rows, coerced to the table's types, by partition.
    fn run_partitions(
        &mut self,
        q: &QName,
        state: &PartitionState,
        relation: Relation,
    ) -> Result<HashMap<Part, Vec<Row>>> {
        let types = self.column_types(q);
        let text = self
            .catalog
            .dynamic_table(q)
            .map(|dt| dt.text.clone())
            .unwrap_or_default();
        let (rewritten, temps) = self.rewrite_query_with(
            state.plan.query.clone(),
            &Context::of(q),
            vec![(INPUT.to_owned(), relation)],
        )?;
        let result = self.select(&rewritten, &temps, &text)?;
        let mut out: HashMap<Part, Vec<Row>> = HashMap::new();
        for mut row in result.rows {
            let part = row.split_off(types.len());
            let row = row
                .into_iter()
                .zip(&types)
                .map(|(v, t)| t.coerce(v))
                .collect::<Result<Row>>()?;
            out.entry(row_text(&part)).or_default().push(row);
        }
        Ok(out)
    }

    /// Fills a dynamic table from all of its input, indexes its partitions, and starts reading the
    /// input's changes from here.
    pub(super) fn start_partitions(
        &mut self,
        q: &QName,
        mut state: PartitionState,
        initial: bool,
    ) -> Result<(RefreshAction, u64, u64)> {
        let whole = Relation::Table {
            glue: state.input.storage(),
            columns: state.columns.clone(),
            object: Some(state.input.to_string()),
        };
        let outputs = self.run_partitions(q, &state, whole)?;
        let table = q.storage();
        let old: Vec<Key> = self
            .storage()
            .rows(&table)
            .map(|(k, _)| k.clone())
            .collect();
        let deleted = old.len() as u64;
        self.storage_mut().remove_rows(&table, old);
        state.parts = Partitions::default();
        let input = state.input.storage();
        let rows: Vec<(Key, Part)> = self
            .storage()
            .rows(&input)
            .map(|(k, r)| (k.clone(), state.part_of(r)))
            .collect();
        for (key, part) in rows {
            state.parts.moved(&key, None, Some(part));
        }
        let mut inserted = 0;
        for (part, rows) in outputs {
            inserted += rows.len() as u64;
            let keys = self
                .storage_mut()
                .append_rows(&table, rows)
                .map_err(glue_error)?;
            state.parts.set_outputs(part, keys);
        }
        state.from = self.storage().log_position(&input);
        self.ivm
            .insert(q.clone(), Maintained::Partition(Box::new(state)));
        let action = RefreshAction::rebuild(initial);
        Ok((action, inserted, deleted))
    }

    /// One refresh by the partition operator: the touched partitions recomputed and their output
    /// rows replaced where they differ; a rebuild when the input was replaced.
    pub(super) fn refresh_partitions(
        &mut self,
        q: &QName,
        mut state: PartitionState,
    ) -> Result<(RefreshAction, u64, u64)> {
        let input = state.input.storage();
        let now = self.storage().log_position(&input);
        let Some(changes) = self.storage().changes_since(&input, state.from) else {
            let fresh = self
                .partition_state(q)
                .ok_or_else(|| no_longer_maintained(q))?;
            return self.start_partitions(q, fresh, false);
        };
        if changes.is_empty() {
            state.from = now;
            self.ivm
                .insert(q.clone(), Maintained::Partition(Box::new(state)));
            return Ok((RefreshAction::NoData, 0, 0));
        }
        let moves: Vec<(Key, Option<Part>, Option<Part>)> =
            crate::refresh::operator::net_change::consolidate(changes)
                .into_iter()
                .map(|n| {
                    (
                        n.key.clone(),
                        n.before.map(|r| state.part_of(r)),
                        n.after.map(|r| state.part_of(r)),
                    )
                })
                .collect();
        let mut all = Vec::new();
        for (key, before, after) in moves {
            all.extend(state.parts.moved(&key, before, after));
        }
        let parts = touched(all);
        let rows: Vec<Row> = parts
            .iter()
            .flat_map(|p| state.parts.input_rows(p))
            .filter_map(|k| self.storage().get(&input, k).cloned())
            .collect();
        let (scratch, columns) = self.materialize(PARTS, state.columns.clone(), rows)?;
        let outputs = self.run_partitions(
            q,
            &state,
            Relation::Table {
                glue: scratch.clone(),
                columns,
                object: None,
            },
        );
        self.drop_temps(&[scratch]);
        let mut outputs = outputs?;
        let table = q.storage();
        let (mut inserted, mut deleted) = (0, 0);
        for part in parts {
            let mut wanted: HashMap<String, Vec<Row>> = HashMap::new();
            for row in outputs.remove(&part).unwrap_or_default() {
                wanted.entry(row_text(&row)).or_default().push(row);
            }
            let mut kept = Vec::new();
            let mut doomed = Vec::new();
            for key in state.parts.output_rows(&part) {
                let same = self
                    .storage()
                    .get(&table, key)
                    .and_then(|r| wanted.get_mut(&row_text(r)))
                    .and_then(Vec::pop);
                match same {
                    Some(_) => kept.push(key.clone()),
                    None => doomed.push(key.clone()),
                }
            }
            let fresh: Vec<Row> = wanted.into_values().flatten().collect();
            deleted += doomed.len() as u64;
            inserted += fresh.len() as u64;
            self.storage_mut().remove_rows(&table, doomed);
            kept.extend(
                self.storage_mut()
                    .append_rows(&table, fresh)
                    .map_err(glue_error)?,
            );
            state.parts.set_outputs(part, kept);
        }
        state.from = now;
        self.ivm
            .insert(q.clone(), Maintained::Partition(Box::new(state)));
        Ok((RefreshAction::Incremental, inserted, deleted))
    }
}
