//! Reading the account's views of the applied pipeline, every few seconds while the page is shown:
//! its clock, the schema's objects, the dynamic-table graph, the latest refreshes and task runs,
//! and — when the gold table's data timestamp moved — its rows for the revenue charts. New
//! refreshes and task runs go to the event log as the tab writes them; the graph and the charts
//! are published as the tab's session publishes its own.

use crate::browser::now_ms;
use crate::remote::api::{ApiError, Table};
use crate::remote::backend::{POLL_EVERY_MS, spawn, with};
use crate::remote::charts::{months, refresh_series};
use crate::remote::http::Client;
use crate::remote::plan::Target;
use crate::remote::queries;
use crate::remote::views::{
    Snapshot, instant, nodes, refresh_key, refresh_line, task_line, task_run_key,
};
use crate::views::{NodeLayer, NodeView, clock_text};
use std::collections::HashMap;

/// How many refreshes and task runs a poll reads.
const HISTORY_ROWS: usize = 200;

async fn snapshot(client: &Client, t: &Target) -> Result<Snapshot, ApiError> {
    let now = client.run(queries::NOW, None).await?;
    let now = now.first_cell().and_then(|c| instant(&c));
    Ok(Snapshot {
        now,
        dynamic_tables: client
            .run(&queries::show("DYNAMIC TABLES", t), None)
            .await?,
        tables: client.run(&queries::show("TABLES", t), None).await?,
        views: client.run(&queries::show("VIEWS", t), None).await?,
        tasks: client.run(&queries::show("TASKS", t), None).await?,
        graph: client.run(queries::GRAPH_HISTORY, Some(t)).await?,
        refreshes: client
            .run(&queries::schema_refreshes(t, HISTORY_ROWS), Some(t))
            .await?,
        task_runs: client
            .run(&queries::task_runs(t, None, HISTORY_ROWS), Some(t))
            .await?,
    })
}

/// The deepest gold table, and its data timestamp.
fn gold(nodes: &[NodeView]) -> Option<(String, Option<String>)> {
    nodes
        .iter()
        .rev()
        .find(|n| n.layer == NodeLayer::Gold)
        .map(|n| {
            (
                n.id.clone(),
                n.dynamic.as_ref().and_then(|d| d.data_timestamp.clone()),
            )
        })
}

/// Reads the views once (the timer calls it when due).
pub fn start(generation: u64) {
    let Some((client, target, known, bronze)) = with(generation, |r| {
        let plan = r.plan.as_ref()?;
        r.polling = true;
        let known: HashMap<String, Vec<String>> = plan
            .objects
            .iter()
            .map(|o| (plan.target.id(&o.name), o.inputs.clone()))
            .collect();
        Some((
            r.client.clone(),
            plan.target.clone(),
            known,
            plan.bronze.as_ref().map(|b| b.name.clone()),
        ))
    })
    .flatten() else {
        return;
    };
    spawn(async move {
        let read = snapshot(&client, &target).await;
        let read = match read {
            Ok(s) => {
                let graph = nodes(&s, &target, &known, bronze.as_deref());
                let wanted = gold(&graph);
                let stale = with(generation, |r| r.gold_read != wanted).unwrap_or(false);
                let gold_rows = match (&wanted, stale) {
                    (Some((id, _)), true) => {
                        let name = id.rsplit('.').next().unwrap_or_default();
                        Some(client.run(&queries::all(&target.sql(name)), None).await)
                    }
                    _ => None,
                };
                Ok((s, graph, wanted, gold_rows))
            }
            Err(e) => Err(e),
        };
        with(generation, |r| {
            r.polling = false;
            r.next_poll_ms = now_ms() + POLL_EVERY_MS;
            let (s, graph, wanted, gold_rows) = match read {
                Err(e) => {
                    r.view.poll_error = Some(e.to_string());
                    r.show_view();
                    return;
                }
                Ok(read) => read,
            };
            r.view.poll_error = None;
            r.view.polled_at = Some(js_sys::Date::now());
            if let Some(now) = s.now {
                r.clock = clock_text(now);
            }
            let mut lines = Vec::new();
            for rec in s.refreshes.records() {
                if r.seen_refreshes.insert(refresh_key(&rec)) {
                    lines.push(refresh_line(&rec));
                }
            }
            for rec in s.task_runs.records() {
                if let Some(key) = task_run_key(&rec)
                    && r.seen_runs.insert(key)
                {
                    lines.push(task_line(&rec));
                }
            }
            lines.sort_by_key(|(at, _, _)| *at);
            for (at, kind, text) in lines {
                match at {
                    Some(at) => r.log_at(at, kind, text),
                    None => r.log(kind, text),
                }
            }
            let earliest = s
                .refreshes
                .records()
                .filter_map(|rec| rec.text("REFRESH_START_TIME"))
                .filter_map(|t| instant(&t))
                .min();
            let start = *r
                .chart_start
                .get_or_insert_with(|| earliest.unwrap_or_default());
            let tables: Vec<(String, Option<u64>)> = graph
                .iter()
                .filter_map(|n| Some((n.name.clone(), n.dynamic.as_ref()?.effective_lag_sec)))
                .collect();
            let (lag, durations) = refresh_series(&s.refreshes, &tables, start);
            r.charts.lag = lag;
            r.charts.durations = durations;
            match gold_rows {
                Some(Ok(rows)) => {
                    let found = months(&Table::to_grid(&rows));
                    r.charts.revenue = found.as_ref().map(|m| m.0.clone());
                    r.charts.orders = found.and_then(|m| m.1);
                    r.gold_read = wanted;
                }
                Some(Err(e)) => r.view.poll_error = Some(e.to_string()),
                None if wanted.is_none() => {
                    r.charts.revenue = None;
                    r.charts.orders = None;
                }
                None => {}
            }
            r.nodes = graph;
            r.show_view();
            r.publish(true, true);
        });
    });
}
