//! What the account's answers look like in the page: the schema's objects (`SHOW DYNAMIC TABLES`,
//! `SHOW TABLES`, `SHOW VIEWS`, `SHOW TASKS`), the dynamic tables' inputs and lags
//! (`DYNAMIC_TABLE_GRAPH_HISTORY`) and the latest refreshes and task runs become the same
//! [`NodeView`]s the tab's engine gives, and a table's refresh and task history and columns the
//! same rows its details show. Layers are worked out as in the tab: the table the generator feeds
//! is bronze, a dynamic table reading only sources is silver, deeper ones gold.

use crate::remote::api::{Record, Table};
use crate::remote::plan::Target;
use crate::views::{
    DynamicStatus, LogKind, NodeLayer, NodeView, RefreshRow, TaskRunRow, TaskStatus,
};
use snowglobe_engine::NaiveDateTime;
use std::collections::{HashMap, HashSet};

/// The account's answers one poll reads.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The account's clock (`CURRENT_TIMESTAMP()`), to measure lags against.
    pub now: Option<NaiveDateTime>,
    pub dynamic_tables: Table,
    pub tables: Table,
    pub views: Table,
    pub tasks: Table,
    pub graph: Table,
    /// The schema's latest refreshes, newest first.
    pub refreshes: Table,
    /// The schema's latest task runs, newest first.
    pub task_runs: Table,
}

/// A timestamp cell as shown (`2026-01-15 09:00:00.000`, maybe followed by an offset).
pub fn instant(text: &str) -> Option<NaiveDateTime> {
    let mut parts = text.split_whitespace();
    let day_and_time = format!("{} {}", parts.next()?, parts.next()?);
    NaiveDateTime::parse_from_str(&day_and_time, "%Y-%m-%d %H:%M:%S%.f").ok()
}

/// A timestamp as the page shows the clock: to the second.
pub fn seconds_text(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn shown_time(text: Option<String>) -> Option<String> {
    text.map(|t| instant(&t).map_or(t, seconds_text))
}

/// The qualified names in a graph history's `INPUTS` (an array of `{name, kind}`).
fn input_names(text: &str) -> Vec<String> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.get("name").and_then(|n| n.as_str()))
            .map(|n| n.to_ascii_uppercase())
            .collect(),
        _ => Vec::new(),
    }
}

/// A refresh's identity, to tell new ones from those seen.
pub fn refresh_key(r: &Record<'_>) -> String {
    r.text("QUERY_ID")
        .filter(|q| !q.is_empty())
        .unwrap_or_else(|| {
            format!(
                "{}@{}",
                r.text("NAME").unwrap_or_default(),
                r.text("REFRESH_START_TIME").unwrap_or_default()
            )
        })
}

/// A task run's identity; None for a run still to come (`SCHEDULED`).
pub fn task_run_key(r: &Record<'_>) -> Option<String> {
    let state = r.text("STATE").unwrap_or_default();
    if state == "SCHEDULED" || state == "EXECUTING" {
        return None;
    }
    Some(
        r.text("QUERY_ID")
            .filter(|q| !q.is_empty())
            .unwrap_or_else(|| {
                format!(
                    "{}@{}",
                    r.text("NAME").unwrap_or_default(),
                    r.text("SCHEDULED_TIME").unwrap_or_default()
                )
            }),
    )
}

/// Rows a refresh added and removed, from its `STATISTICS`.
fn statistics(r: &Record<'_>) -> (u64, u64) {
    let stats = r
        .text("STATISTICS")
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .unwrap_or_default();
    let n = |key: &str| {
        stats
            .get(key)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    (n("numInsertedRows"), n("numDeletedRows"))
}

/// The event log's line for a refresh, as the tab writes it, and when it started.
pub fn refresh_line(r: &Record<'_>) -> (Option<NaiveDateTime>, LogKind, String) {
    let state = r.text("STATE").unwrap_or_default();
    let kind = if state == "SUCCEEDED" {
        LogKind::Refresh
    } else {
        LogKind::RefreshFailed
    };
    let (inserted, deleted) = statistics(r);
    let mut text = format!(
        "[REFRESH - {}] {} {state} ({}, data timestamp {}",
        r.text("REFRESH_ACTION").unwrap_or_default(),
        r.text("NAME").unwrap_or_default(),
        r.text("REFRESH_TRIGGER").unwrap_or_default(),
        shown_time(r.text("DATA_TIMESTAMP")).unwrap_or_default(),
    );
    if inserted > 0 || deleted > 0 {
        text.push_str(&format!(", +{inserted} -{deleted} rows"));
    }
    text.push(')');
    if let Some(m) = r.text("STATE_MESSAGE").filter(|m| !m.is_empty()) {
        text.push_str(": ");
        text.push_str(&m);
    }
    let at = r.text("REFRESH_START_TIME").and_then(|t| instant(&t));
    (at, kind, text)
}

/// The event log's line for a task run.
pub fn task_line(r: &Record<'_>) -> (Option<NaiveDateTime>, LogKind, String) {
    let mut text = format!(
        "[TASK - {}] {}",
        r.text("STATE").unwrap_or_default(),
        r.text("NAME").unwrap_or_default()
    );
    if let Some(m) = r.text("ERROR_MESSAGE").filter(|m| !m.is_empty()) {
        text.push_str(": ");
        text.push_str(&m);
    }
    let at = r
        .text("QUERY_START_TIME")
        .or_else(|| r.text("SCHEDULED_TIME"))
        .and_then(|t| instant(&t));
    (at, LogKind::Task, text)
}

/// A dynamic table's refreshes as its details list them, newest first (as given), with the lag
/// just before each committed: its end minus the data timestamp of the successful one before it.
pub fn refresh_rows(history: &Table) -> Vec<RefreshRow> {
    let records: Vec<Record<'_>> = history.records().collect();
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let start = r.text("REFRESH_START_TIME").and_then(|t| instant(&t));
            let end = r.text("REFRESH_END_TIME").and_then(|t| instant(&t));
            let previous = records[i + 1..]
                .iter()
                .find(|p| p.text("STATE").as_deref() == Some("SUCCEEDED"))
                .and_then(|p| p.text("DATA_TIMESTAMP"))
                .and_then(|t| instant(&t));
            let (inserted, deleted) = statistics(r);
            RefreshRow {
                data_timestamp: shown_time(r.text("DATA_TIMESTAMP")).unwrap_or_default(),
                action: r.text("REFRESH_ACTION").unwrap_or_default(),
                state: r.text("STATE").unwrap_or_default(),
                trigger: r.text("REFRESH_TRIGGER").unwrap_or_default(),
                duration_ms: match (start, end) {
                    (Some(s), Some(e)) => (e - s).num_milliseconds() as f64,
                    _ => 0.0,
                },
                inserted,
                deleted,
                lag_before_commit_sec: end.zip(previous).map(|(e, p)| (e - p).num_seconds()),
                message: r.text("STATE_MESSAGE").filter(|m| !m.is_empty()),
            }
        })
        .collect()
}

/// A task's runs as its details list them, newest first.
pub fn task_rows(history: &Table) -> Vec<TaskRunRow> {
    history
        .records()
        .map(|r| TaskRunRow {
            scheduled_time: shown_time(r.text("SCHEDULED_TIME")).unwrap_or_default(),
            state: r.text("STATE").unwrap_or_default(),
            message: r.text("ERROR_MESSAGE").filter(|m| !m.is_empty()),
        })
        .collect()
}

/// An object's columns from `DESCRIBE`: name, type, nullable.
pub fn columns(described: &Table) -> Vec<(String, String, bool)> {
    described
        .records()
        .filter(|r| r.text("kind").is_none_or(|k| k == "COLUMN"))
        .map(|r| {
            (
                r.text("name").unwrap_or_default(),
                r.text("type").unwrap_or_default(),
                r.text("null?").as_deref() != Some("N"),
            )
        })
        .collect()
}

/// The schema's objects for the graph, sources first. `known_inputs` gives what views and tasks
/// read when the page created them (the account lists inputs for dynamic tables only); `bronze`
/// names the table the generator feeds.
pub fn nodes(
    s: &Snapshot,
    target: &Target,
    known_inputs: &HashMap<String, Vec<String>>,
    bronze: Option<&str>,
) -> Vec<NodeView> {
    let in_schema = |r: &Record<'_>| {
        r.text("database_name").as_deref() == Some(target.database.as_str())
            && r.text("schema_name").as_deref() == Some(target.schema.as_str())
    };
    let mut graph: HashMap<String, (Vec<String>, Option<u64>)> = HashMap::new();
    for r in s.graph.records() {
        if r.text("VALID_TO").is_some() {
            continue;
        }
        let Some(name) = r.text("QUALIFIED_NAME") else {
            continue;
        };
        let inputs = r
            .text("INPUTS")
            .map(|t| input_names(&t))
            .unwrap_or_default();
        let lag = r.number("TARGET_LAG_SEC").map(|n| n as u64);
        graph.insert(name.to_ascii_uppercase(), (inputs, lag));
    }
    let mut last_refresh: HashMap<String, String> = HashMap::new();
    for r in s.refreshes.records() {
        if let Some(name) = r
            .text("QUALIFIED_NAME")
            .or_else(|| r.text("NAME").map(|n| target.id(&n)))
        {
            last_refresh
                .entry(name.to_ascii_uppercase())
                .or_insert_with(|| {
                    format!(
                        "{} ({})",
                        r.text("STATE").unwrap_or_default(),
                        r.text("REFRESH_ACTION").unwrap_or_default()
                    )
                });
        }
    }
    let mut last_run: HashMap<String, String> = HashMap::new();
    for r in s.task_runs.records() {
        if task_run_key(&r).is_none() {
            continue;
        }
        if let Some(name) = r.text("NAME") {
            let at = r
                .text("QUERY_START_TIME")
                .or_else(|| r.text("SCHEDULED_TIME"))
                .and_then(|t| instant(&t))
                .map(|t| t.format("%H:%M:%S").to_string())
                .unwrap_or_default();
            last_run
                .entry(target.id(&name))
                .or_insert_with(|| format!("{} {at}", r.text("STATE").unwrap_or_default()));
        }
    }
    let mut out: Vec<NodeView> = Vec::new();
    let dynamic_names: HashSet<String> = s
        .dynamic_tables
        .records()
        .filter(in_schema)
        .filter_map(|r| r.text("name"))
        .collect();
    for r in s.dynamic_tables.records().filter(in_schema) {
        let Some(name) = r.text("name") else { continue };
        let id = target.id(&name);
        let (inputs, lag) = graph.get(&id).cloned().unwrap_or_default();
        let data_timestamp = r.text("data_timestamp").and_then(|t| instant(&t));
        out.push(NodeView {
            inputs,
            rows: r.number("rows").map(|n| n as usize),
            dynamic: Some(DynamicStatus {
                target_lag: r.text("target_lag").unwrap_or_default(),
                effective_lag_sec: lag,
                refresh_mode: r.text("refresh_mode").unwrap_or_default(),
                refresh_mode_reason: r.text("refresh_mode_reason").filter(|m| !m.is_empty()),
                maintained_by: None,
                suspended: r
                    .text("scheduling_state")
                    .is_some_and(|s| s.starts_with("SUSPENDED")),
                data_timestamp: data_timestamp.map(seconds_text),
                actual_lag_sec: data_timestamp
                    .zip(s.now)
                    .map(|(t, now)| (now - t).num_seconds()),
                last_refresh: last_refresh.get(&id).cloned(),
            }),
            ..node(&id, &name, "DYNAMIC TABLE", NodeLayer::Silver)
        });
    }
    for r in s.tables.records().filter(in_schema) {
        let Some(name) = r.text("name") else { continue };
        if dynamic_names.contains(&name) || r.text("is_dynamic").as_deref() == Some("Y") {
            continue;
        }
        let layer = if bronze.is_some_and(|b| b.eq_ignore_ascii_case(&name)) {
            NodeLayer::Bronze
        } else {
            NodeLayer::Table
        };
        let id = target.id(&name);
        out.push(NodeView {
            rows: r.number("rows").map(|n| n as usize),
            ..node(&id, &name, "TABLE", layer)
        });
    }
    for r in s.views.records().filter(in_schema) {
        let Some(name) = r.text("name") else { continue };
        let id = target.id(&name);
        out.push(NodeView {
            inputs: known_inputs.get(&id).cloned().unwrap_or_default(),
            ..node(&id, &name, "VIEW", NodeLayer::View)
        });
    }
    for r in s.tasks.records().filter(in_schema) {
        let Some(name) = r.text("name") else { continue };
        let id = target.id(&name);
        let schedule = r
            .text("schedule")
            .filter(|s| !s.is_empty())
            .or_else(|| {
                r.text("predecessors")
                    .filter(|p| p != "[]" && !p.is_empty())
                    .map(|p| format!("AFTER {p}"))
            })
            .unwrap_or_else(|| "no schedule".to_owned());
        out.push(NodeView {
            inputs: known_inputs.get(&id).cloned().unwrap_or_default(),
            task: Some(TaskStatus {
                schedule,
                started: r
                    .text("state")
                    .is_some_and(|s| s.eq_ignore_ascii_case("started")),
                next_run: shown_time(r.text("next_scheduled_time")),
                last_run: last_run.get(&id).cloned(),
            }),
            ..node(&id, &name, "TASK", NodeLayer::Task)
        });
    }
    arrange(&mut out);
    out
}

fn node(id: &str, name: &str, kind: &str, layer: NodeLayer) -> NodeView {
    NodeView {
        id: id.to_owned(),
        name: name.to_owned(),
        kind: kind.to_owned(),
        layer,
        depth: 0,
        inputs: Vec::new(),
        rows: None,
        dynamic: None,
        task: None,
    }
}

/// Depths (the longest path from a source), layers of dynamic tables, DOWNSTREAM lags from their
/// consumers, and the graph's order: sources first.
fn arrange(nodes: &mut [NodeView]) {
    let inputs: HashMap<String, Vec<String>> = nodes
        .iter()
        .map(|n| (n.id.clone(), n.inputs.clone()))
        .collect();
    fn depth_of(
        id: &str,
        inputs: &HashMap<String, Vec<String>>,
        memo: &mut HashMap<String, usize>,
        guard: usize,
    ) -> usize {
        if let Some(d) = memo.get(id) {
            return *d;
        }
        let d = if guard > 64 {
            0
        } else {
            inputs
                .get(id)
                .into_iter()
                .flatten()
                .filter(|i| *i != id && inputs.contains_key(*i))
                .map(|i| depth_of(i, inputs, memo, guard + 1) + 1)
                .max()
                .unwrap_or(0)
        };
        memo.insert(id.to_owned(), d);
        d
    }
    let mut memo = HashMap::new();
    for n in nodes.iter_mut() {
        n.depth = depth_of(&n.id, &inputs, &mut memo, 0);
        if n.dynamic.is_some() {
            n.layer = if n.depth <= 1 {
                NodeLayer::Silver
            } else {
                NodeLayer::Gold
            };
        }
    }
    // A DOWNSTREAM table refreshes as often as its most demanding consumer: deepest first.
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(nodes[i].depth));
    for i in order {
        let Some(d) = &nodes[i].dynamic else { continue };
        if d.effective_lag_sec.is_some() {
            continue;
        }
        let id = nodes[i].id.clone();
        let lag = nodes
            .iter()
            .filter(|c| c.inputs.contains(&id))
            .filter_map(|c| c.dynamic.as_ref()?.effective_lag_sec)
            .min();
        if let Some(d) = nodes[i].dynamic.as_mut() {
            d.effective_lag_sec = lag;
        }
    }
    nodes.sort_by(|a, b| a.depth.cmp(&b.depth).then_with(|| a.id.cmp(&b.id)));
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::remote::api::tests::table;

    pub(crate) fn target() -> Target {
        Target::parse("SG", "DEMO").unwrap()
    }

    pub(crate) fn refreshes() -> Table {
        table(
            &[
                ("NAME", "text"),
                ("QUALIFIED_NAME", "text"),
                ("STATE", "text"),
                ("STATE_MESSAGE", "text"),
                ("QUERY_ID", "text"),
                ("DATA_TIMESTAMP", "timestamp_ltz"),
                ("REFRESH_START_TIME", "timestamp_ltz"),
                ("REFRESH_END_TIME", "timestamp_ltz"),
                ("REFRESH_ACTION", "text"),
                ("REFRESH_TRIGGER", "text"),
                ("STATISTICS", "variant"),
            ],
            &[
                &[
                    Some("SILVER"),
                    Some("SG.DEMO.SILVER"),
                    Some("SUCCEEDED"),
                    None,
                    Some("q2"),
                    Some("1768467660.000000000"),
                    Some("1768467660.000000000"),
                    Some("1768467660.250000000"),
                    Some("INCREMENTAL"),
                    Some("SCHEDULED"),
                    Some("{\"numInsertedRows\":3,\"numDeletedRows\":1}"),
                ],
                &[
                    Some("SILVER"),
                    Some("SG.DEMO.SILVER"),
                    Some("SUCCEEDED"),
                    None,
                    Some("q1"),
                    Some("1768467600.000000000"),
                    Some("1768467600.000000000"),
                    Some("1768467600.100000000"),
                    Some("INITIAL"),
                    Some("CREATION"),
                    Some("{\"numInsertedRows\":0,\"numDeletedRows\":0}"),
                ],
            ],
        )
    }

    fn snapshot() -> Snapshot {
        let placed = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
            let mut c = vec![
                ("name", "text"),
                ("database_name", "text"),
                ("schema_name", "text"),
            ];
            c.extend_from_slice(extra);
            c
        };
        Snapshot {
            now: instant("2026-01-15 09:01:30"),
            dynamic_tables: table(
                &placed(&[
                    ("rows", "fixed"),
                    ("target_lag", "text"),
                    ("refresh_mode", "text"),
                    ("scheduling_state", "text"),
                    ("data_timestamp", "timestamp_ltz"),
                ]),
                &[
                    &[
                        Some("SILVER"),
                        Some("SG"),
                        Some("DEMO"),
                        Some("10"),
                        Some("DOWNSTREAM"),
                        Some("INCREMENTAL"),
                        Some("ACTIVE"),
                        Some("1768467660.000000000"),
                    ],
                    &[
                        Some("GOLD"),
                        Some("SG"),
                        Some("DEMO"),
                        Some("3"),
                        Some("5 minutes"),
                        Some("INCREMENTAL"),
                        Some("SUSPENDED"),
                        None,
                    ],
                    &[
                        Some("ELSEWHERE"),
                        Some("SG"),
                        Some("OTHER"),
                        Some("1"),
                        Some("1 minute"),
                        Some("FULL"),
                        Some("ACTIVE"),
                        None,
                    ],
                ],
            ),
            tables: table(
                &placed(&[("rows", "fixed"), ("is_dynamic", "text")]),
                &[
                    &[
                        Some("RAW_ORDERS"),
                        Some("SG"),
                        Some("DEMO"),
                        Some("12"),
                        Some("N"),
                    ],
                    &[
                        Some("SILVER"),
                        Some("SG"),
                        Some("DEMO"),
                        Some("10"),
                        Some("Y"),
                    ],
                ],
            ),
            views: table(
                &placed(&[]),
                &[&[Some("MONITOR"), Some("SG"), Some("DEMO")]],
            ),
            tasks: table(
                &placed(&[("schedule", "text"), ("state", "text")]),
                &[&[
                    Some("REFRESH_GOLD"),
                    Some("SG"),
                    Some("DEMO"),
                    Some("5 MINUTE"),
                    Some("started"),
                ]],
            ),
            graph: table(
                &[
                    ("QUALIFIED_NAME", "text"),
                    ("INPUTS", "array"),
                    ("TARGET_LAG_SEC", "fixed"),
                    ("VALID_TO", "timestamp_ltz"),
                ],
                &[
                    &[
                        Some("SG.DEMO.SILVER"),
                        Some("[{\"name\":\"SG.DEMO.RAW_ORDERS\",\"kind\":\"TABLE\"}]"),
                        None,
                        None,
                    ],
                    &[
                        Some("SG.DEMO.GOLD"),
                        Some("[{\"name\":\"SG.DEMO.SILVER\",\"kind\":\"DYNAMIC_TABLE\"}]"),
                        Some("300"),
                        None,
                    ],
                    &[
                        Some("SG.DEMO.GOLD"),
                        Some("[]"),
                        Some("60"),
                        Some("1768467600.000000000"),
                    ],
                ],
            ),
            refreshes: refreshes(),
            task_runs: Table::default(),
        }
    }

    #[test]
    fn show_output_becomes_the_graph() {
        let known = HashMap::from([
            (
                "SG.DEMO.REFRESH_GOLD".to_owned(),
                vec!["SG.DEMO.GOLD".to_owned()],
            ),
            (
                "SG.DEMO.MONITOR".to_owned(),
                vec!["SG.DEMO.RAW_ORDERS".to_owned()],
            ),
        ]);
        let nodes = nodes(&snapshot(), &target(), &known, Some("RAW_ORDERS"));
        let summary: Vec<(&str, NodeLayer, usize, Option<usize>)> = nodes
            .iter()
            .map(|n| (n.name.as_str(), n.layer, n.depth, n.rows))
            .collect();
        assert_eq!(
            summary,
            [
                ("RAW_ORDERS", NodeLayer::Bronze, 0, Some(12)),
                ("MONITOR", NodeLayer::View, 1, None),
                ("SILVER", NodeLayer::Silver, 1, Some(10)),
                ("GOLD", NodeLayer::Gold, 2, Some(3)),
                ("REFRESH_GOLD", NodeLayer::Task, 3, None),
            ]
        );
        let silver = nodes[2].dynamic.as_ref().unwrap();
        assert_eq!(silver.target_lag, "DOWNSTREAM");
        assert_eq!(silver.effective_lag_sec, Some(300), "from its consumer");
        assert_eq!(
            silver.data_timestamp.as_deref(),
            Some("2026-01-15 09:01:00")
        );
        assert_eq!(silver.actual_lag_sec, Some(30));
        assert_eq!(
            silver.last_refresh.as_deref(),
            Some("SUCCEEDED (INCREMENTAL)")
        );
        let gold = nodes[3].dynamic.as_ref().unwrap();
        assert!(gold.suspended);
        assert_eq!(nodes[3].inputs, ["SG.DEMO.SILVER"]);
        let task = nodes[4].task.as_ref().unwrap();
        assert!(task.started);
        assert_eq!(task.schedule, "5 MINUTE");
    }

    #[test]
    fn refresh_history_reads_as_the_details_show_it() {
        let rows = refresh_rows(&refreshes());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].data_timestamp, "2026-01-15 09:01:00");
        assert_eq!((rows[0].inserted, rows[0].deleted), (3, 1));
        assert_eq!(rows[0].duration_ms, 250.0);
        assert_eq!(rows[0].lag_before_commit_sec, Some(60));
        assert_eq!(rows[1].lag_before_commit_sec, None);
        let t = refreshes();
        let first = t.records().next().unwrap();
        let (at, kind, text) = refresh_line(&first);
        assert_eq!(kind, LogKind::Refresh);
        assert_eq!(at, instant("2026-01-15 09:01:00"));
        assert_eq!(
            text,
            "[REFRESH - INCREMENTAL] SILVER SUCCEEDED (SCHEDULED, data timestamp \
             2026-01-15 09:01:00, +3 -1 rows)"
        );
        assert_eq!(refresh_key(&first), "q2");
    }

    #[test]
    fn describe_gives_the_columns() {
        let d = table(
            &[
                ("name", "text"),
                ("type", "text"),
                ("kind", "text"),
                ("null?", "text"),
            ],
            &[&[
                Some("ORDER_ID"),
                Some("VARCHAR(16777216)"),
                Some("COLUMN"),
                Some("N"),
            ]],
        );
        assert_eq!(
            columns(&d),
            [("ORDER_ID".to_owned(), "VARCHAR(16777216)".to_owned(), false)]
        );
    }
}
