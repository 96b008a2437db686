//! `MERGE`, `UPDATE ... FROM` and `DELETE ... USING`, which GlueSQL lacks (docs: sql-reference/sql/
//! merge, update, delete).
//!
//! The target's rows are copied, each with its row key as a hidden column `__SG_KEY`, into a scratch
//! table that the statement's own text reads in the target's place. GlueSQL then runs, with the
//! rewriter's usual name resolution, implicit casts and functions:
//! - the **matched** query: target × source where the ON (or WHERE) condition holds, giving each
//!   pair's target key, every WHEN MATCHED clause's condition and its SET values;
//! - the **not matched** query (MERGE only): the source rows no target row matches (a LEFT JOIN),
//!   giving every WHEN NOT MATCHED clause's condition and its row.
//!
//! For each target row and each source row the first clause whose condition holds acts. A target row
//! that several source rows would update or delete is an error in MERGE (Snowflake's default
//! `ERROR_ON_NONDETERMINISTIC_MERGE`); in UPDATE ... FROM the first match wins. The changes are
//! written through the store, so change logs, streams and dynamic tables see them as any DML.

use super::Engine;
use crate::catalog::{Column, QName};
use crate::dialect::ast::quoted;
use crate::dialect::parse::{Name, normalize_ident, parse_expr_text, parse_query_text};
use crate::dialect::rewrite::{Relation, stored_table};
use crate::error::{Result, SqlError};
use crate::glue::glue_error;
use crate::result::QueryResult;
use crate::types::SfType;
use gluesql_core::data::{Key, Value};
use sqlparser::ast::{
    Assignment, AssignmentTarget, Delete, Expr, FromTable, Join, JoinConstraint, JoinOperator,
    MergeAction, MergeClauseKind, MergeInsertKind, MergeUpdateKind, ObjectName, Query, SelectItem,
    SetExpr, TableFactor, TableWithJoins, Update, UpdateTableFromKind,
};

/// The reserved name the statement's text reads the keyed target rows under.
const TARGET: &str = "__SG_MERGE_TARGET";
const KEY: &str = "__SG_KEY";

/// What a WHEN MATCHED clause does.
enum Matched {
    /// Column index and new value, per assignment.
    Update(Vec<(usize, Expr)>),
    Delete,
}

/// A MERGE-like statement in one shape.
struct Plan {
    target: QName,
    /// The name the statement calls the target by (its alias, or its name).
    alias: String,
    columns: Vec<Column>,
    /// The source relations (one for MERGE; the FROM / USING list otherwise).
    source: Vec<TableWithJoins>,
    on: Expr,
    matched: Vec<(Option<Expr>, Matched)>,
    /// WHEN NOT MATCHED: condition and one value per target column.
    not_matched: Vec<(Option<Expr>, Vec<Expr>)>,
    /// A target row changed by several source rows is an error (MERGE) or takes the first (UPDATE).
    strict: bool,
}

/// What a statement writes: rows to update (by key), keys to delete, rows to insert, and counts.
struct Changes {
    updates: Vec<(Key, Vec<Value>)>,
    deletes: Vec<Key>,
    inserts: Vec<Vec<Value>>,
    done: Done,
}

/// Counts of what a statement did.
#[derive(Default)]
struct Done {
    inserted: usize,
    updated: usize,
    deleted: usize,
    multi_joined: usize,
}

fn truth() -> Expr {
    Expr::value(sqlparser::ast::Value::Boolean(true))
}

/// `SELECT <items> FROM <from> [WHERE <selection>]`, keeping the items' own source positions.
fn select_query(
    items: Vec<Expr>,
    from: Vec<TableWithJoins>,
    selection: Option<Expr>,
) -> Result<Query> {
    let mut query = *parse_query_text("SELECT 1 FROM t")?;
    if let SetExpr::Select(select) = query.body.as_mut() {
        select.projection = items
            .into_iter()
            .enumerate()
            .map(|(i, expr)| SelectItem::ExprWithAlias {
                expr,
                alias: quoted(&format!("__SG_{i}")),
            })
            .collect();
        select.from = from;
        select.selection = selection;
    }
    Ok(query)
}

fn is_true(v: &Value) -> bool {
    matches!(v, Value::Bool(true))
}

impl Engine {
    /// `MERGE INTO target USING source ON ... WHEN [NOT] MATCHED [AND ...] THEN ...`.
    pub(crate) fn merge_statement(&mut self, merge: sqlparser::ast::Merge) -> Result<QueryResult> {
        let (target, alias, columns) = self.merge_target(&merge.table)?;
        let mut matched = Vec::new();
        let mut not_matched = Vec::new();
        for clause in merge.clauses {
            match (clause.clause_kind, clause.action) {
                (MergeClauseKind::Matched, MergeAction::Update(update)) => {
                    let MergeUpdateKind::Set(assignments) = update.kind else {
                        return Err(SqlError::unsupported("UPDATE * in MERGE is not supported."));
                    };
                    if update.update_predicate.is_some() || update.delete_predicate.is_some() {
                        return Err(SqlError::unsupported(
                            "WHERE in a MERGE's UPDATE clause is not supported; use WHEN MATCHED AND.",
                        ));
                    }
                    matched.push((
                        clause.predicate,
                        Matched::Update(assignments_of(&assignments, &columns)?),
                    ));
                }
                (MergeClauseKind::Matched, MergeAction::Delete { .. }) => {
                    matched.push((clause.predicate, Matched::Delete))
                }
                (
                    MergeClauseKind::NotMatched | MergeClauseKind::NotMatchedByTarget,
                    MergeAction::Insert(insert),
                ) => {
                    let MergeInsertKind::Values(values) = insert.kind else {
                        return Err(SqlError::unsupported(
                            "MERGE ... INSERT takes VALUES (...).",
                        ));
                    };
                    let [row] = values.rows.as_slice() else {
                        return Err(SqlError::invalid(
                            "MERGE ... INSERT takes exactly one row of VALUES.",
                        ));
                    };
                    not_matched.push((
                        clause.predicate,
                        insert_row(&insert.columns, row, &columns)?,
                    ));
                }
                (kind, action) => {
                    return Err(SqlError::unsupported(format!(
                        "WHEN {kind} THEN {action} is not supported in MERGE."
                    )));
                }
            }
        }
        let plan = Plan {
            target,
            alias,
            columns,
            source: vec![TableWithJoins {
                relation: merge.source,
                joins: vec![],
            }],
            on: *merge.on,
            matched,
            not_matched,
            strict: true,
        };
        let has = |f: &dyn Fn(&Matched) -> bool| plan.matched.iter().any(|(_, m)| f(m));
        let (updates, deletes) = (
            has(&|m| matches!(m, Matched::Update(_))),
            has(&|m| matches!(m, Matched::Delete)),
        );
        let inserts = !plan.not_matched.is_empty();
        let done = self.apply_merge(plan)?;
        let mut counts = Vec::new();
        if inserts {
            counts.push(("number of rows inserted", done.inserted));
        }
        if updates {
            counts.push(("number of rows updated", done.updated));
        }
        if deletes {
            counts.push(("number of rows deleted", done.deleted));
        }
        Ok(QueryResult::counts(&counts))
    }

    /// `UPDATE target SET ... FROM source WHERE ...`.
    pub(crate) fn update_from(&mut self, update: Update) -> Result<QueryResult> {
        let (target, alias, columns) = self.merge_target(&update.table.relation)?;
        let source = match update.from {
            Some(UpdateTableFromKind::BeforeSet(t) | UpdateTableFromKind::AfterSet(t)) => t,
            None => Vec::new(),
        };
        let set = assignments_of(&update.assignments, &columns)?;
        let done = self.apply_merge(Plan {
            target,
            alias,
            columns,
            source,
            on: update.selection.unwrap_or_else(truth),
            matched: vec![(None, Matched::Update(set))],
            not_matched: vec![],
            strict: false,
        })?;
        Ok(QueryResult::counts(&[
            ("number of rows updated", done.updated),
            ("number of multi-joined rows updated", done.multi_joined),
        ]))
    }

    /// `DELETE FROM target USING source WHERE ...`.
    pub(crate) fn delete_using(&mut self, delete: Delete) -> Result<QueryResult> {
        let (FromTable::WithFromKeyword(tables) | FromTable::WithoutKeyword(tables)) = &delete.from;
        let [target] = tables.as_slice() else {
            return Err(SqlError::unsupported("DELETE names one table."));
        };
        let (target, alias, columns) = self.merge_target(&target.relation)?;
        let done = self.apply_merge(Plan {
            target,
            alias,
            columns,
            source: delete.using.unwrap_or_default(),
            on: delete.selection.unwrap_or_else(truth),
            matched: vec![(None, Matched::Delete)],
            not_matched: vec![],
            strict: false,
        })?;
        Ok(QueryResult::count("number of rows deleted", done.deleted))
    }

    /// The base table a statement changes, the name its text calls it, and its columns.
    fn merge_target(&self, factor: &TableFactor) -> Result<(QName, String, Vec<Column>)> {
        let TableFactor::Table { name, alias, .. } = factor else {
            return Err(SqlError::unsupported(
                "The target of MERGE, UPDATE or DELETE is a table name.",
            ));
        };
        let (q, columns) = self.dml_target(name)?;
        let alias = match alias {
            Some(a) => normalize_ident(&a.name),
            None => Name::from_object_name(name).last().to_owned(),
        };
        Ok((q, alias, columns))
    }

    fn apply_merge(&mut self, plan: Plan) -> Result<Done> {
        let table = plan.target.storage();
        let keyed: Vec<(Key, Vec<Value>)> = self
            .storage()
            .rows(&table)
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect();
        let mut stored: Vec<(String, SfType)> = plan
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.ty))
            .collect();
        stored.push((KEY.to_owned(), SfType::INTEGER));
        let rows = keyed
            .iter()
            .enumerate()
            .map(|(i, (_, r))| {
                let mut r = r.clone();
                r.push(Value::I64(i as i64));
                r
            })
            .collect();
        let (scratch, columns) = self.materialize("__MERGE", stored, rows)?;
        let target_factor = || stored_table(TARGET, &plan.alias);
        let bound = vec![(
            TARGET.to_owned(),
            Relation::Table {
                glue: scratch.clone(),
                columns,
                object: None,
            },
        )];
        let result = self.merge_changes(&plan, &keyed, &target_factor, &bound);
        self.drop_temps(std::slice::from_ref(&scratch));
        let Changes {
            updates,
            deletes,
            inserts,
            done,
        } = result?;
        self.storage_mut().remove_rows(&table, deletes);
        self.storage_mut()
            .put_rows(&table, updates)
            .map_err(glue_error)?;
        self.storage_mut()
            .append_rows(&table, inserts)
            .map_err(glue_error)?;
        self.advance_streams_read();
        Ok(done)
    }

    /// Runs the matched and not-matched queries; returns the changes to write.
    fn merge_changes(
        &mut self,
        plan: &Plan,
        keyed: &[(Key, Vec<Value>)],
        target_factor: &dyn Fn() -> TableFactor,
        bound: &[(String, Relation)],
    ) -> Result<Changes> {
        let context = self.context();
        let mut done = Done::default();
        let mut updates = Vec::new();
        let mut deletes = Vec::new();
        if !plan.matched.is_empty() {
            let mut items = vec![Expr::CompoundIdentifier(vec![
                quoted(&plan.alias),
                quoted(KEY),
            ])];
            for (predicate, action) in &plan.matched {
                items.push(predicate.clone().unwrap_or_else(truth));
                if let Matched::Update(set) = action {
                    items.extend(set.iter().map(|(_, e)| e.clone()));
                }
            }
            let mut from = vec![TableWithJoins {
                relation: target_factor(),
                joins: vec![],
            }];
            from.extend(plan.source.iter().cloned());
            let query = select_query(items, from, Some(plan.on.clone()))?;
            let (rewritten, temps) = self.rewrite_query_with(query, &context, bound.to_vec())?;
            let result = self.select(&rewritten, &temps, "")?;
            // The first clause that applies, per matched pair, grouped by target row.
            let mut acted: std::collections::BTreeMap<usize, Vec<(usize, Vec<Value>)>> =
                Default::default();
            for row in result.rows {
                let Some(index) = crate::types::to_decimal(&row[0])
                    .and_then(|d| usize::try_from(d.mantissa()).ok())
                else {
                    continue;
                };
                let mut at = 1;
                for (c, (_, action)) in plan.matched.iter().enumerate() {
                    let holds = is_true(&row[at]);
                    let width = match action {
                        Matched::Update(set) => set.len(),
                        Matched::Delete => 0,
                    };
                    if holds {
                        acted
                            .entry(index)
                            .or_default()
                            .push((c, row[at + 1..at + 1 + width].to_vec()));
                        break;
                    }
                    at += 1 + width;
                }
            }
            for (index, actions) in acted {
                if actions.len() > 1 {
                    if plan.strict {
                        return Err(SqlError {
                            code: "100090",
                            sqlstate: "42P18",
                            ..SqlError::execution(
                                "Duplicate row detected during DML action\nRow Values: the target row is matched by more than one source row.",
                            )
                        });
                    }
                    done.multi_joined += 1;
                }
                let (key, old) = &keyed[index];
                let (clause, values) = &actions[0];
                match &plan.matched[*clause].1 {
                    Matched::Delete => {
                        deletes.push(key.clone());
                        done.deleted += 1;
                    }
                    Matched::Update(set) => {
                        let mut row = old.clone();
                        for ((column, _), v) in set.iter().zip(values) {
                            row[*column] = v.clone();
                        }
                        updates.push((key.clone(), row));
                        done.updated += 1;
                    }
                }
            }
        }
        let mut inserts = Vec::new();
        if !plan.not_matched.is_empty() {
            let mut items = Vec::new();
            for (predicate, values) in &plan.not_matched {
                items.push(predicate.clone().unwrap_or_else(truth));
                items.extend(values.iter().cloned());
            }
            let mut source = plan.source[0].clone();
            source.joins.push(Join {
                relation: target_factor(),
                global: false,
                join_operator: JoinOperator::LeftOuter(JoinConstraint::On(plan.on.clone())),
            });
            let unmatched = Expr::IsNull(Box::new(Expr::CompoundIdentifier(vec![
                quoted(&plan.alias),
                quoted(KEY),
            ])));
            let query = select_query(items, vec![source], Some(unmatched))?;
            let (rewritten, temps) = self.rewrite_query_with(query, &context, bound.to_vec())?;
            let result = self.select(&rewritten, &temps, "")?;
            let width = plan.columns.len();
            for row in result.rows {
                for (c, _) in plan.not_matched.iter().enumerate() {
                    let at = c * (1 + width);
                    if is_true(&row[at]) {
                        inserts.push(row[at + 1..at + 1 + width].to_vec());
                        done.inserted += 1;
                        break;
                    }
                }
            }
        }
        Ok(Changes {
            updates,
            deletes,
            inserts,
            done,
        })
    }
}

/// The target column and value of each `SET col = value`.
fn assignments_of(assignments: &[Assignment], columns: &[Column]) -> Result<Vec<(usize, Expr)>> {
    assignments
        .iter()
        .map(|a| {
            let AssignmentTarget::ColumnName(name) = &a.target else {
                return Err(SqlError::unsupported("SET (a, b) = ... is not supported."));
            };
            let name = Name::from_object_name(name);
            columns
                .iter()
                .position(|c| c.name == name.last())
                .map(|i| (i, a.value.clone()))
                .ok_or_else(|| SqlError::invalid_identifier(name.last()).at(name.position))
        })
        .collect()
}

/// One value per target column for `INSERT [(cols)] VALUES (...)`: the listed ones, and the
/// others' DEFAULT (or NULL).
fn insert_row(listed: &[ObjectName], values: &[Expr], columns: &[Column]) -> Result<Vec<Expr>> {
    let names: Vec<Name> = listed.iter().map(Name::from_object_name).collect();
    let width = if names.is_empty() {
        columns.len()
    } else {
        names.len()
    };
    if values.len() != width {
        return Err(SqlError::invalid(format!(
            "Insert value list does not match column list expecting {width} but got {}",
            values.len()
        )));
    }
    for n in &names {
        if !columns.iter().any(|c| c.name == n.last()) {
            return Err(SqlError::invalid_identifier(n.last()).at(n.position));
        }
    }
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let given = if names.is_empty() {
                Some(i)
            } else {
                names.iter().position(|n| n.last() == c.name)
            };
            match (given, &c.default) {
                (Some(j), _) => Ok(values[j].clone()),
                (None, Some(d)) => parse_expr_text(d),
                (None, None) => Ok(Expr::value(sqlparser::ast::Value::Null)),
            }
        })
        .collect()
}
