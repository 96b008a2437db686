//! The data grid: any table, dynamic table, view or stream of the pipeline as a paged, sortable
//! table. Rows that were not on the page before the latest change are highlighted. A page that is
//! slow to read (a view aggregating a large table) is re-read on request instead of on every change,
//! so that following the pipeline never blocks the page.

use crate::browser::now_ms;
use crate::runner::Controller;
use crate::state::PipelineState;
use crate::ui::keyed::{KeyedList, element};
use crate::ui::result_table::{Row, cell_look};
use crate::views::{Cell, GridView, NodeLayer};
use leptos::prelude::*;
use snowglobe_engine::browse::PageOrder;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// Rows per page.
const PAGE_SIZE: usize = 50;

/// A page that took longer than this to read is not re-read on every change of the data.
const LIVE_BUDGET_MS: f64 = 40.0;

/// A page that follows the data is re-read at most this often. At 100 events/s most of the bronze
/// table's first page is new between two reads, and each read lays the table out again.
const LIVE_INTERVAL_MS: f64 = 1000.0;

/// A row's identity from one read to the next: the object, its cells, and which of equal rows
/// it is. Rows that stay on the page keep their elements; only new ones are created.
type RowKey = (Option<String>, Vec<Cell>, usize);

/// What a fetched page shows, and what it was fetched for (to compare the next fetch with).
#[derive(Debug, Clone, PartialEq, Default)]
struct Shown {
    key: (Option<String>, PageOrder, usize),
    grid: GridView,
    rows: Vec<Row>,
    error: Option<String>,
    /// How long the read took.
    cost_ms: f64,
    /// The virtual time of the read, and the re-read request it answered.
    read_at: String,
    rerun: u32,
}

impl Shown {
    /// The shown rows' keys, and whether each is highlighted.
    fn keyed_rows(&self) -> Vec<(RowKey, bool)> {
        let mut seen: HashMap<&[Cell], usize> = HashMap::new();
        self.rows
            .iter()
            .map(|(cells, changed)| {
                let n = seen.entry(cells.as_slice()).or_default();
                *n += 1;
                ((self.key.0.clone(), cells.clone(), *n), *changed)
            })
            .collect()
    }

    /// Whether the page is cheap enough to re-read on every change (an error is always retried).
    fn live(&self) -> bool {
        self.error.is_some() || self.cost_ms <= LIVE_BUDGET_MS
    }
}

#[component]
pub fn Grid(state: PipelineState, ctl: Controller) -> impl IntoView {
    let order = RwSignal::new(PageOrder::default());
    let offset = RwSignal::new(0usize);
    let shown = RwSignal::new(Shown::default());
    let rerun = RwSignal::new(0u32);
    // One read at a time: a change while one is out is read once it is back (by bumping `retry`),
    // so that a page that is not live is never overwritten by a read asked for before it arrived.
    let reading = StoredValue::new((false, false));
    let retry = RwSignal::new(0u32);
    // When the shown page was last asked for, and whether a later read is already scheduled.
    let last_read = StoredValue::new(f64::NEG_INFINITY);
    let scheduled = StoredValue::new(false);
    // The grid shows the bronze table until the user picks another object.
    Effect::new(move |_| {
        if state.grid_object.with(Option::is_none)
            && let Some(first) = state.nodes.with(|nodes| {
                nodes
                    .iter()
                    .find(|n| n.layer == NodeLayer::Bronze)
                    .or_else(|| nodes.iter().find(|n| n.rows.is_some()))
                    .map(|n| n.id.clone())
            })
        {
            state.grid_object.set(Some(first));
        }
    });
    Effect::new(move |_| {
        state.data_version.track();
        retry.track();
        let asked = rerun.get();
        let object = state.grid_object.get();
        let key = (object.clone(), order.get(), offset.get());
        let Some(id) = object else {
            // No object (the backend changed): the last one's rows are not shown under another.
            if shown.with_untracked(|s| s.key.0.is_some()) {
                shown.set(Shown::default());
            }
            return;
        };
        if shown.with_untracked(|s| s.key == key && !s.live() && s.rerun == asked) {
            return;
        }
        if reading.get_value().0 {
            reading.set_value((true, true));
            return;
        }
        let wait = LIVE_INTERVAL_MS - (now_ms() - last_read.get_value());
        if wait > 0.0 && shown.with_untracked(|s| s.key == key && s.rerun == asked) {
            if !scheduled.get_value() {
                scheduled.set_value(true);
                set_timeout(
                    move || {
                        if !retry.is_disposed() {
                            scheduled.set_value(false);
                            retry.update(|r| *r += 1);
                        }
                    },
                    Duration::from_millis(wait.ceil() as u64),
                );
            }
            return;
        }
        last_read.set_value(now_ms());
        reading.set_value((true, false));
        let current = move || {
            (
                state.grid_object.get_untracked(),
                order.get_untracked(),
                offset.get_untracked(),
            )
        };
        ctl.page(id, key.1, key.2, PAGE_SIZE, move |read| {
            // The component may be gone (its tab closed) by the time the reply arrives.
            if shown.is_disposed() {
                return;
            }
            let (_, again) = reading.get_value();
            reading.set_value((false, false));
            if again {
                retry.update(|r| *r += 1);
            }
            // A reply for a page the user has left is dropped.
            if current() != key {
                return;
            }
            shown.update(|s| match read.page {
                Ok(grid) => {
                    let before: HashSet<&Vec<Cell>> = if s.key == key {
                        s.grid.rows.iter().collect()
                    } else {
                        HashSet::new()
                    };
                    let fresh = s.key == key;
                    let rows = grid
                        .rows
                        .iter()
                        .map(|r| (r.clone(), fresh && !before.contains(r)))
                        .collect();
                    *s = Shown {
                        key,
                        grid,
                        rows,
                        error: None,
                        cost_ms: read.cost_ms,
                        read_at: read.read_at,
                        rerun: asked,
                    };
                }
                Err(e) => {
                    s.error = Some(e.message);
                    s.key = key;
                }
            });
        });
    });
    let choose = move |ev: leptos::ev::Event| {
        state.grid_object.set(Some(event_target_value(&ev)));
        order.set(PageOrder::default());
        offset.set(0);
    };
    let sort_by = move |column: usize| {
        order.update(|o| {
            *o = match o.column {
                Some(c) if c == column && !o.descending => PageOrder {
                    column: Some(column),
                    descending: true,
                },
                Some(c) if c == column => PageOrder::default(),
                _ => PageOrder {
                    column: Some(column),
                    descending: false,
                },
            }
        });
        offset.set(0);
    };
    // The nodes' statistics change on every tick; the options and the header are only rebuilt
    // when the objects or the columns change, so that the table is not laid out again for them.
    let objects = Memo::new(move |_| {
        state.nodes.with(|nodes| {
            nodes
                .iter()
                .filter(|n| n.kind != "TASK")
                .map(|n| {
                    let label = format!("{} ({})", n.name, n.kind.to_lowercase());
                    (n.id.clone(), label)
                })
                .collect::<Vec<_>>()
        })
    });
    let options = move || {
        let current = state.grid_object.get();
        objects.with(|objects| {
            objects
                .iter()
                .map(|(id, label)| {
                    let selected = current.as_deref() == Some(id.as_str());
                    view! {
                        <option value=id.clone() selected=selected>
                            {label.clone()}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let columns = Memo::new(move |_| shown.with(|s| s.grid.columns.clone()));
    let head = move || {
        let o = order.get();
        columns.with(|columns| {
            columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let sort = match o.column {
                        Some(col) if col == i && o.descending => "descending",
                        Some(col) if col == i => "ascending",
                        _ => "none",
                    };
                    let arrow = match sort {
                        "ascending" => " ▲",
                        "descending" => " ▼",
                        _ => "",
                    };
                    view! {
                        <th scope="col" class:numeric=c.numeric aria-sort=sort>
                            <button type="button" class="sort" on:click=move |_| sort_by(i)>
                                {c.name.clone()}
                                {arrow}
                            </button>
                        </th>
                    }
                })
                .collect_view()
        })
    };
    let body = NodeRef::<leptos::html::Tbody>::new();
    let shown_rows = StoredValue::new_local(KeyedList::<RowKey>::default());
    Effect::new(move |_| {
        let rows = shown.with(Shown::keyed_rows);
        let Some(body) = body.get() else {
            return;
        };
        columns.with_untracked(|columns| {
            shown_rows.update_value(|list| {
                list.sync(
                    &body,
                    &rows,
                    |(_, cells, _), changed| {
                        let tr = element("tr", if *changed { "changed" } else { "" }, "");
                        for (cell, column) in cells.iter().zip(columns) {
                            let (class, text) = cell_look(cell, column);
                            let _ = tr.append_child(&element("td", class, text));
                        }
                        tr
                    },
                    |tr, changed| {
                        let _ = tr.class_list().toggle_with_force("changed", *changed);
                    },
                )
            });
        });
    });
    let total = move || shown.with(|s| s.grid.total);
    let range = move || {
        let t = total();
        let from = offset.get();
        if t == 0 {
            "no rows".to_owned()
        } else {
            format!("rows {}–{} of {t}", from + 1, (from + PAGE_SIZE).min(t))
        }
    };
    let order_text = move || match order.get().column {
        None if state.on_snowflake() => "ordered by the first column".to_owned(),
        None => "newest rows first".to_owned(),
        Some(c) => shown.with(|s| {
            format!(
                "sorted by {} {}",
                s.grid.columns.get(c).map_or("", |c| c.name.as_str()),
                if order.get().descending {
                    "descending"
                } else {
                    "ascending"
                }
            )
        }),
    };
    view! {
        <section class="grid" aria-label="Table data">
            <div class="grid-bar">
                <label>
                    "Object "
                    <select id="grid-object" on:change=choose>
                        {options}
                    </select>
                </label>
                <span class="grid-info">
                    <span id="grid-total">{total}</span>
                    " rows · "
                    <span id="grid-range">{range}</span>
                    " · "
                    {order_text}
                </span>
                <span class="pager">
                    <button
                        id="grid-prev"
                        type="button"
                        disabled=move || offset.get() == 0
                        on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE_SIZE))
                    >
                        "‹ Previous"
                    </button>
                    <button
                        id="grid-next"
                        type="button"
                        disabled=move || { offset.get() + PAGE_SIZE >= total() }
                        on:click=move |_| offset.update(|o| *o += PAGE_SIZE)
                    >
                        "Next ›"
                    </button>
                </span>
            </div>
            {move || {
                shown.with(|s| s.error.clone()).map(|e| view! { <p class="form-error" role="alert">{e}</p> })
            }}
            {move || {
                shown
                    .with(|s| (!s.live()).then(|| (s.cost_ms, s.read_at.clone())))
                    .map(|(cost, at)| {
                        view! {
                            <p id="grid-on-request" class="grid-note" role="status">
                                {format!(
                                    "Reading this page took {cost:.0} ms, so it is not re-read on every change: rows as of {at}. ",
                                )}
                                <button
                                    id="grid-reread"
                                    type="button"
                                    on:click=move |_| rerun.update(|r| *r += 1)
                                >
                                    "Read again"
                                </button>
                            </p>
                        }
                    })
            }}
            <div class="table-scroll" role="region" tabindex="0" aria-label="Rows">
                <table id="grid">
                    <thead>
                        <tr>{head}</tr>
                    </thead>
                    <tbody node_ref=body></tbody>
                </table>
            </div>
        </section>
    }
}
