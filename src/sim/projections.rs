//! The simulation's views: its pipeline's nodes, an object's details, a page of its rows, a node
//! button's statement, and the charts' series — what the page renders of the tab's session.

use super::*;
use crate::views::{
    ChartData, DynamicStatus, GridView, MonthSeries, NodeAction, NodeDetails, NodeLayer, NodeView,
    RefreshRow, RefreshSeries, SERIES_POINTS, TaskRunRow, TaskStatus, clock_text, event_bars, thin,
};
use snowglobe_engine::browse::PageOrder;
use snowglobe_engine::catalog::{ObjectBody, QName, SchedulingState, object_ddl, sql_qname};
use snowglobe_engine::history::{RefreshRecord, RefreshState};
use snowglobe_engine::{NaiveDateTime, SqlError};
use std::collections::{BTreeMap, HashMap};

impl Simulation {
    pub(super) fn refresh_inputs(&mut self) {
        let key = (
            self.engine.catalog().next_seq,
            self.engine.catalog().objects.len(),
        );
        if self.inputs_of_catalog == Some(key) {
            return;
        }
        let names: Vec<QName> = self.engine.catalog().objects.keys().cloned().collect();
        self.inputs = names
            .into_iter()
            .map(|q| {
                let deps = self.engine.dependencies(&q);
                (q, deps)
            })
            .collect();
        self.inputs_of_catalog = Some(key);
    }

    pub(super) fn find(&self, id: &str) -> Option<QName> {
        self.engine
            .catalog()
            .objects
            .keys()
            .find(|q| q.to_string() == id)
            .cloned()
    }

    /// The pipeline's objects for the graph, sources first.
    pub fn nodes(&mut self) -> Vec<NodeView> {
        self.refresh_inputs();
        let catalog = self.engine.catalog();
        let now = self.engine.now();
        let mut depth: HashMap<QName, usize> = HashMap::new();
        fn depth_of(
            q: &QName,
            inputs: &HashMap<QName, Vec<QName>>,
            memo: &mut HashMap<QName, usize>,
            guard: usize,
        ) -> usize {
            if let Some(d) = memo.get(q) {
                return *d;
            }
            let d = if guard > 64 {
                0
            } else {
                inputs
                    .get(q)
                    .into_iter()
                    .flatten()
                    .filter(|i| *i != q)
                    .map(|i| depth_of(i, inputs, memo, guard + 1) + 1)
                    .max()
                    .unwrap_or(0)
            };
            memo.insert(q.clone(), d);
            d
        }
        let last_refresh: HashMap<&QName, &RefreshRecord> = self
            .engine
            .refresh_history()
            .iter()
            .map(|r| (&r.table, r))
            .collect();
        let last_run: HashMap<&QName, String> = self
            .engine
            .task_history()
            .iter()
            .map(|t| {
                (
                    &t.task,
                    format!("{} {}", t.state, t.query_start_time.format("%H:%M:%S")),
                )
            })
            .collect();
        let mut nodes: Vec<NodeView> = catalog
            .objects
            .iter()
            .map(|(q, object)| {
                let d = depth_of(q, &self.inputs, &mut depth, 0);
                let inputs = self
                    .inputs
                    .get(q)
                    .map(|v| v.iter().map(QName::to_string).collect())
                    .unwrap_or_default();
                let (layer, rows, dynamic, task) = match &object.body {
                    ObjectBody::Table { .. } => {
                        let layer = if Some(q) == self.target.as_ref() {
                            NodeLayer::Bronze
                        } else {
                            NodeLayer::Table
                        };
                        let rows = self.engine.storage().row_count(&q.storage());
                        (layer, Some(rows), None, None)
                    }
                    ObjectBody::DynamicTable(dt) => {
                        let layer = if d <= 1 {
                            NodeLayer::Silver
                        } else {
                            NodeLayer::Gold
                        };
                        let rows = self.engine.storage().row_count(&q.storage());
                        let status = DynamicStatus {
                            target_lag: dt.target_lag.text(),
                            effective_lag_sec: catalog.effective_lag(q),
                            refresh_mode: dt.refresh_mode.text().to_owned(),
                            refresh_mode_reason: dt.refresh_mode_reason.clone(),
                            maintained_by: match self.engine.operator_state(q) {
                                Some((op, 0)) => Some(format!("{op} operator")),
                                Some((op, n)) => {
                                    Some(format!("{op} operator, {n} entries of state"))
                                }
                                None if dt.refresh_mode.is_incremental()
                                    && dt.data_timestamp.is_some() =>
                                {
                                    Some("recomputation applied as a difference".to_owned())
                                }
                                None => None,
                            },
                            suspended: matches!(dt.state, SchedulingState::Suspended { .. }),
                            data_timestamp: dt.data_timestamp.map(clock_text),
                            actual_lag_sec: dt.data_timestamp.map(|t| (now - t).num_seconds()),
                            last_refresh: last_refresh
                                .get(q)
                                .map(|r| format!("{} ({})", r.state, r.action.text())),
                        };
                        (layer, Some(rows), Some(status), None)
                    }
                    ObjectBody::View { .. } => (NodeLayer::View, None, None, None),
                    ObjectBody::Stream(_) => (NodeLayer::Stream, None, None, None),
                    ObjectBody::Task(t) => {
                        let schedule = match &t.schedule {
                            Some(s) => s.text(),
                            None if !t.after.is_empty() => format!(
                                "AFTER {}",
                                t.after
                                    .iter()
                                    .map(|a| a.name.clone())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            None => "no schedule".to_owned(),
                        };
                        let status = TaskStatus {
                            schedule,
                            started: t.started,
                            next_run: t.next_run.map(clock_text),
                            last_run: last_run.get(q).cloned(),
                        };
                        (NodeLayer::Task, None, None, Some(status))
                    }
                };
                NodeView {
                    id: q.to_string(),
                    name: q.name.clone(),
                    kind: object.kind_word().to_owned(),
                    layer,
                    depth: d,
                    inputs,
                    rows,
                    dynamic,
                    task,
                }
            })
            .collect();
        nodes.sort_by(|a, b| a.depth.cmp(&b.depth).then_with(|| a.id.cmp(&b.id)));
        nodes
    }

    /// One page of an object's rows.
    pub fn page(
        &mut self,
        id: &str,
        order: PageOrder,
        offset: usize,
        limit: usize,
    ) -> Result<GridView, SqlError> {
        let q = self
            .find(id)
            .ok_or_else(|| SqlError::does_not_exist("Object", id))?;
        self.engine.page(&q, order, offset, limit).map(GridView::of)
    }

    /// Rows in an object's storage (0 for views, tasks and unknown names).
    pub fn row_count(&self, name: &str) -> usize {
        self.engine
            .catalog()
            .objects
            .keys()
            .find(|q| q.name.eq_ignore_ascii_case(name))
            .map_or(0, |q| self.engine.storage().row_count(&q.storage()))
    }

    /// The details panel of one object.
    pub fn details(&self, id: &str) -> Option<NodeDetails> {
        let q = self.find(id)?;
        let object = self.engine.catalog().objects.get(&q)?;
        let columns = object
            .columns()
            .iter()
            .map(|c| (c.name.clone(), c.ty.to_string(), c.nullable))
            .collect();
        let mut previous: Option<NaiveDateTime> = None;
        let mut refreshes: Vec<RefreshRow> = Vec::new();
        for r in self
            .engine
            .refresh_history()
            .iter()
            .filter(|r| r.table == q)
        {
            let lag = previous.map(|p| (r.refresh_end_time - p).num_seconds());
            if r.state == RefreshState::Succeeded {
                previous = Some(r.data_timestamp);
            }
            refreshes.push(RefreshRow {
                data_timestamp: clock_text(r.data_timestamp),
                action: r.action.text().to_owned(),
                state: r.state.text().to_owned(),
                trigger: r.trigger.text().to_owned(),
                duration_ms: r.duration_ms,
                inserted: r.inserted,
                deleted: r.deleted,
                lag_before_commit_sec: lag,
                message: r.state_message.clone(),
            });
        }
        refreshes.reverse();
        refreshes.truncate(50);
        let mut task_runs: Vec<TaskRunRow> = self
            .engine
            .task_history()
            .iter()
            .filter(|t| t.task == q)
            .map(|t| TaskRunRow {
                scheduled_time: clock_text(t.scheduled_time),
                state: t.state.text().to_owned(),
                message: t.error_message.clone(),
            })
            .collect();
        task_runs.reverse();
        task_runs.truncate(50);
        Some(NodeDetails {
            id: id.to_owned(),
            kind: object.kind_word().to_owned(),
            ddl: object_ddl(&q, object),
            columns,
            refreshes,
            task_runs,
        })
    }

    /// The statement behind a node's action button: Refresh, Suspend or Resume.
    pub fn node_action_sql(&self, id: &str, action: NodeAction) -> Option<String> {
        let q = self.find(id)?;
        let name = sql_qname(&q);
        let object = self.engine.catalog().objects.get(&q)?;
        match (&object.body, action) {
            (ObjectBody::DynamicTable(_), NodeAction::Refresh) => {
                Some(format!("ALTER DYNAMIC TABLE {name} REFRESH"))
            }
            (ObjectBody::DynamicTable(_), NodeAction::Suspend) => {
                Some(format!("ALTER DYNAMIC TABLE {name} SUSPEND"))
            }
            (ObjectBody::DynamicTable(_), NodeAction::Resume) => {
                Some(format!("ALTER DYNAMIC TABLE {name} RESUME"))
            }
            (ObjectBody::Task(_), NodeAction::Refresh) => Some(format!("EXECUTE TASK {name}")),
            (ObjectBody::Task(_), NodeAction::Suspend) => {
                Some(format!("ALTER TASK {name} SUSPEND"))
            }
            (ObjectBody::Task(_), NodeAction::Resume) => Some(format!("ALTER TASK {name} RESUME")),
            _ => None,
        }
    }

    /// The deepest dynamic table with the gold columns the revenue charts need.
    pub(super) fn gold_months(&mut self) -> (Option<MonthSeries>, Option<MonthSeries>) {
        let nodes = self.nodes();
        let candidates: Vec<String> = nodes
            .iter()
            .rev()
            .filter(|n| n.dynamic.is_some())
            .map(|n| n.id.clone())
            .collect();
        for id in candidates {
            let Ok(grid) = self.page(&id, PageOrder::default(), 0, usize::MAX) else {
                continue;
            };
            let col = |name: &str| grid.columns.iter().position(|c| c.name == name);
            let (Some(year), Some(month), Some(revenue)) =
                (col("ORDER_YEAR"), col("ORDER_MONTH"), col("TOTAL_REVENUE"))
            else {
                continue;
            };
            let count = col("ORDER_COUNT").or_else(|| col("TOTAL_ORDERS"));
            let segment = col("VALUE_SEGMENT");
            let mut months: BTreeMap<String, BTreeMap<String, (f64, f64)>> = BTreeMap::new();
            for row in &grid.rows {
                let num = |i: usize| {
                    row[i]
                        .as_deref()
                        .and_then(|t| t.parse::<f64>().ok())
                        .unwrap_or(0.0)
                };
                let (Some(y), Some(m)) = (row[year].as_deref(), row[month].as_deref()) else {
                    continue;
                };
                let label = format!("{y}-{:0>2}", m);
                let seg = segment
                    .and_then(|s| row[s].clone())
                    .unwrap_or_else(|| "All orders".to_owned());
                let entry = months.entry(label).or_default().entry(seg).or_default();
                entry.0 += num(revenue);
                entry.1 += count.map_or(0.0, num);
            }
            let segments: std::collections::BTreeSet<String> =
                months.values().flat_map(|s| s.keys().cloned()).collect();
            let labels: Vec<String> = months.keys().cloned().collect();
            let build = |pick: fn(&(f64, f64)) -> f64| MonthSeries {
                months: labels.clone(),
                series: segments
                    .iter()
                    .map(|s| {
                        (
                            s.clone(),
                            months
                                .values()
                                .map(|m| m.get(s).map_or(0.0, pick))
                                .collect(),
                        )
                    })
                    .collect(),
            };
            let orders = count.map(|_| build(|v| v.1));
            return (Some(build(|v| v.0)), orders);
        }
        (None, None)
    }

    /// The charts' data.
    pub fn chart_data(&mut self) -> ChartData {
        let (revenue, orders) = self.gold_months();
        let start = self.scenario.start;
        let minutes = |t: NaiveDateTime| (t - start).num_milliseconds() as f64 / 60_000.0;
        let mut lag: Vec<RefreshSeries> = Vec::new();
        let mut durations: Vec<RefreshSeries> = Vec::new();
        let catalog = self.engine.catalog();
        for (q, _) in catalog.dynamic_tables() {
            let records: Vec<&RefreshRecord> = self
                .engine
                .refresh_history()
                .iter()
                .filter(|r| &r.table == q)
                .collect();
            let mut previous: Option<NaiveDateTime> = None;
            let mut lag_points = Vec::new();
            for r in &records {
                if r.state != RefreshState::Succeeded {
                    continue;
                }
                let seconds = |from: NaiveDateTime| {
                    (r.refresh_end_time - from).num_milliseconds() as f64 / 1000.0
                };
                let at = minutes(r.refresh_end_time);
                if let Some(p) = previous {
                    lag_points.push((at, seconds(p)));
                }
                lag_points.push((at, seconds(r.data_timestamp)));
                previous = Some(r.data_timestamp);
            }
            lag.push(RefreshSeries {
                name: q.name.clone(),
                target_sec: catalog.effective_lag(q),
                points: thin(lag_points, SERIES_POINTS),
            });
            durations.push(RefreshSeries {
                name: q.name.clone(),
                target_sec: None,
                points: thin(
                    records
                        .iter()
                        .map(|r| (minutes(r.refresh_start_time), r.duration_ms))
                        .collect(),
                    SERIES_POINTS,
                ),
            });
        }
        let (events_per_minute, minutes_per_bar) = event_bars(&self.chronicle.per_minute);
        ChartData {
            revenue,
            orders,
            events_per_minute,
            minutes_per_bar,
            lag,
            durations,
        }
    }
}
