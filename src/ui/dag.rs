//! The pipeline graph: one box per object, in columns by distance from the sources, edges from
//! inputs to readers; coloured by layer and state, live. Selecting a box opens its details. On a
//! narrow screen (a phone) the boxes stand in one column, sources first, and the edges arc along
//! their right-hand side, so that every box is visible without scrolling sideways.

use crate::state::PipelineState;
use crate::views::{NodeLayer, NodeView};
use leptos::prelude::*;
use std::collections::HashMap;

const NODE_W: f64 = 236.0;
const NODE_H: f64 = 86.0;
const GAP_X: f64 = 70.0;
const GAP_Y: f64 = 18.0;
const PAD: f64 = 12.0;

/// The window's width the graph cannot use: the page's and the card's padding (CSS px).
const AROUND_PX: f64 = 90.0;

/// Room to the right of the boxes for the edges' arcs in the one-column layout.
const ARC_ROOM: f64 = 90.0;

/// The width the graph has: the window's, less the padding around it.
fn room() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .map_or(f64::MAX, |w| w - AROUND_PX)
}

/// Where each box goes, the drawing's size, and whether it is the one-column layout: columns by
/// depth where they fit in `room`, else one column in depth order.
fn place(nodes: &[NodeView], room: f64) -> (HashMap<String, (f64, f64)>, f64, f64, bool) {
    let mut at: HashMap<String, (f64, f64)> = HashMap::new();
    let columns = nodes.iter().map(|n| n.depth + 1).max().unwrap_or(1);
    let columns_width = 2.0 * PAD + columns as f64 * NODE_W + (columns - 1) as f64 * GAP_X;
    if columns_width > room {
        let mut order: Vec<&NodeView> = nodes.iter().collect();
        order.sort_by_key(|n| n.depth);
        for (i, n) in order.iter().enumerate() {
            at.insert(n.id.clone(), (PAD, PAD + i as f64 * (NODE_H + GAP_Y)));
        }
        let rows = order.len().max(1);
        let height = 2.0 * PAD + rows as f64 * NODE_H + (rows - 1) as f64 * GAP_Y;
        return (at, 2.0 * PAD + NODE_W + ARC_ROOM, height, true);
    }
    let mut per_column: HashMap<usize, usize> = HashMap::new();
    for n in nodes {
        let row = per_column.entry(n.depth).or_insert(0);
        let x = PAD + n.depth as f64 * (NODE_W + GAP_X);
        let y = PAD + *row as f64 * (NODE_H + GAP_Y);
        *row += 1;
        at.insert(n.id.clone(), (x, y));
    }
    let rows = per_column.values().max().copied().unwrap_or(1);
    let height = 2.0 * PAD + rows as f64 * NODE_H + (rows.max(1) - 1) as f64 * GAP_Y;
    (at, columns_width, height, false)
}

/// An edge's path from an input's box at `from` to a reader's at `to`: left to right between
/// columns, or (narrow) an arc on the right-hand side from one box down to another.
fn edge_path(from: (f64, f64), to: (f64, f64), narrow: bool) -> String {
    if narrow {
        let x = from.0 + NODE_W;
        let (y1, y2) = (from.1 + NODE_H / 2.0, to.1 + NODE_H / 2.0);
        let reach = ((y2 - y1).abs() / 4.0).clamp(24.0, ARC_ROOM - 8.0);
        return format!("M{x},{y1} C{},{y1} {},{y2} {x},{y2}", x + reach, x + reach);
    }
    let (x1, y1) = (from.0 + NODE_W, from.1 + NODE_H / 2.0);
    let (x2, y2) = (to.0, to.1 + NODE_H / 2.0);
    let mid = (x1 + x2) / 2.0;
    format!("M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}")
}

fn duration_text(seconds: i64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 7_200 => format!("{} min", s / 60),
        s => format!("{} h", s / 3_600),
    }
}

/// The lines a node shows under its name.
fn node_lines(n: &NodeView) -> (String, String) {
    if let Some(d) = &n.dynamic {
        let lag = match (d.actual_lag_sec, d.effective_lag_sec) {
            (Some(a), Some(t)) => format!("lag {} / {}", duration_text(a), duration_text(t as i64)),
            (Some(a), None) => format!("lag {} / {}", duration_text(a), d.target_lag),
            (None, _) => format!("target {}", d.target_lag),
        };
        let state = if d.suspended {
            "SUSPENDED"
        } else {
            &d.refresh_mode
        };
        (format!("{} rows · {state}", n.rows.unwrap_or(0)), lag)
    } else if let Some(t) = &n.task {
        (
            t.schedule.clone(),
            format!(
                "{} · {}",
                if t.started { "started" } else { "suspended" },
                t.last_run
                    .clone()
                    .unwrap_or_else(|| "no runs yet".to_owned())
            ),
        )
    } else {
        let reads = n
            .inputs
            .iter()
            .map(|i| i.rsplit('.').next().unwrap_or(i))
            .collect::<Vec<_>>()
            .join(", ");
        (
            n.rows.map_or_else(
                || {
                    format!(
                        "reads {}",
                        if reads.is_empty() { "nothing" } else { &reads }
                    )
                },
                |r| format!("{r} rows"),
            ),
            match n.layer {
                NodeLayer::Bronze => "CDC events land here".to_owned(),
                _ => n.kind.to_lowercase(),
            },
        )
    }
}

/// Everything a node knows, for its hover tooltip.
fn tooltip(n: &NodeView) -> String {
    let mut lines = vec![format!("{} {}", n.kind, n.id)];
    if let Some(rows) = n.rows {
        lines.push(format!("{rows} rows"));
    }
    if let Some(d) = &n.dynamic {
        lines.push(format!("target lag {}", d.target_lag));
        lines.push(match &d.refresh_mode_reason {
            Some(r) => format!("refresh mode {} ({r})", d.refresh_mode),
            None => format!("refresh mode {}", d.refresh_mode),
        });
        if let Some(t) = &d.data_timestamp {
            lines.push(format!("data timestamp {t}"));
        }
        if let Some(last) = &d.last_refresh {
            lines.push(format!("last refresh {last}"));
        }
        if d.suspended {
            lines.push("SUSPENDED".to_owned());
        }
    }
    if let Some(t) = &n.task {
        lines.push(format!("schedule {}", t.schedule));
        if let Some(next) = &t.next_run {
            lines.push(format!("next run {next}"));
        }
    }
    lines.join("\n")
}

/// Whether a dynamic table is behind its target lag.
fn behind(n: &NodeView) -> bool {
    n.dynamic.as_ref().is_some_and(
        |d| matches!((d.actual_lag_sec, d.effective_lag_sec), (Some(a), Some(t)) if a > t as i64),
    )
}

#[component]
pub fn Dag(state: PipelineState) -> impl IntoView {
    let width = RwSignal::new(room());
    let resize = window_event_listener(leptos::ev::resize, move |_| width.set(room()));
    on_cleanup(move || resize.remove());
    let layout = Memo::new(move |_| {
        let room = width.get();
        state.nodes.with(|nodes| place(nodes, room))
    });
    let edges = move || {
        let (at, _, _, narrow) = layout.get();
        let at = &at;
        state.nodes.with(|nodes| {
            nodes
                .iter()
                .flat_map(|n| {
                    let to = at.get(&n.id).copied();
                    n.inputs.iter().filter_map(move |i| {
                        let d = edge_path(*at.get(i)?, to?, narrow);
                        Some(view! { <path class="edge" d=d marker-end="url(#arrow)" /> })
                    })
                })
                .collect_view()
        })
    };
    let boxes = move || {
        let (at, _, _, _) = layout.get();
        let selected = state.selected.get();
        state.nodes.with(|nodes| {
            nodes
                .iter()
                .map(|n| {
                    let (x, y) = at.get(&n.id).copied().unwrap_or_default();
                    let (line1, line2) = node_lines(n);
                    let suspended = n.dynamic.as_ref().is_some_and(|d| d.suspended)
                        || n.task.as_ref().is_some_and(|t| !t.started);
                    let class = format!(
                        "node node-{}{}{}{}",
                        n.layer.class(),
                        if suspended { " suspended" } else { "" },
                        if behind(n) { " behind" } else { "" },
                        if selected.as_deref() == Some(n.id.as_str()) {
                            " selected"
                        } else {
                            ""
                        },
                    );
                    let id = n.id.clone();
                    let id_key = id.clone();
                    let label = format!("{} {}: {line1}; {line2}", n.kind, n.name);
                    let lag = n
                        .dynamic
                        .as_ref()
                        .and_then(|d| d.actual_lag_sec)
                        .map(|s| s.to_string());
                    let target = n
                        .dynamic
                        .as_ref()
                        .and_then(|d| d.effective_lag_sec)
                        .map(|s| s.to_string());
                    let rows = n.rows.map(|r| r.to_string());
                    let select = move || state.selected.set(Some(id.clone()));
                    let select_key = select.clone();
                    view! {
                        <g
                            class=class
                            transform=format!("translate({x},{y})")
                            role="button"
                            tabindex="0"
                            aria-label=label
                            data-id=id_key
                            data-name=n.name.to_lowercase()
                            data-lag=lag
                            data-target=target
                            data-rows=rows
                            data-suspended=suspended.to_string()
                            on:click=move |_| select()
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" || ev.key() == " " {
                                    ev.prevent_default();
                                    select_key();
                                }
                            }
                        >
                            <title>{tooltip(n)}</title>
                            <rect width=NODE_W height=NODE_H rx="8" />
                            <text class="node-kind" x="12" y="20">
                                {if matches!(n.layer, NodeLayer::Bronze | NodeLayer::Silver | NodeLayer::Gold) {
                                    format!("{} · {}", n.kind, n.layer.class())
                                } else {
                                    n.kind.to_owned()
                                }}
                            </text>
                            <text class="node-name" x="12" y="42">
                                {n.name.clone()}
                            </text>
                            <text class="node-line" x="12" y="60">
                                {line1}
                            </text>
                            <text class="node-line" x="12" y="76">
                                {line2}
                            </text>
                        </g>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="dag" aria-labelledby="dag-title">
            <h2 id="dag-title">"Pipeline"</h2>
            <p class="hint">"Select an object to see its definition, history and actions."</p>
            <div class="dag-scroll">
                <svg
                    id="dag"
                    role="group"
                    aria-label="Pipeline graph"
                    width=move || layout.with(|l| l.1)
                    height=move || layout.with(|l| l.2)
                    viewBox=move || layout.with(|l| format!("0 0 {} {}", l.1, l.2))
                >
                    <defs>
                        <marker
                            id="arrow"
                            viewBox="0 0 10 10"
                            refX="10"
                            refY="5"
                            markerWidth="7"
                            markerHeight="7"
                            orient="auto-start-reverse"
                        >
                            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                        </marker>
                    </defs>
                    {edges}
                    {boxes}
                </svg>
            </div>
        </section>
    }
}
