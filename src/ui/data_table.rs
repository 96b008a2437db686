//! One pipeline table: its name and scheduling, and its rows in a `<table>` with `<thead>`/`<tbody>`.

use crate::sim::{Layer, TableView};
use leptos::prelude::*;

/// How the page names each layer.
fn heading(layer: Layer) -> (&'static str, &'static str, &'static str) {
    match layer {
        Layer::Bronze => ("bronze", "Bronze", "table · latest 50 rows by processed_at"),
        Layer::Silver => (
            "silver",
            "Silver",
            "dynamic table · latest 50 rows by processed_at",
        ),
        Layer::Gold => ("gold", "Gold", "dynamic table · all rows"),
    }
}

#[component]
pub fn DataTable(layer: Layer, table: RwSignal<TableView>) -> impl IntoView {
    let (id, title, shows) = heading(layer);
    let title_id = format!("{id}-title");
    let (section_label, region_label) = (title_id.clone(), title_id.clone());
    let meta = move || {
        table.with(|t| {
            let rows = view! {
                <div>
                    <dt>"Rows"</dt>
                    <dd id=format!("{id}-rows")>{t.row_count}</dd>
                </div>
            };
            let dynamic = t.dynamic.clone().map(|d| {
                view! {
                    <div>
                        <dt>"Target lag"</dt>
                        <dd>{d.target_lag}</dd>
                    </div>
                    <div>
                        <dt>"Refresh mode"</dt>
                        <dd>{d.refresh_mode}</dd>
                    </div>
                    <div>
                        <dt>"State"</dt>
                        <dd>{d.scheduling_state}</dd>
                    </div>
                    <div>
                        <dt>"Data timestamp"</dt>
                        <dd id=format!("{id}-data-timestamp")>
                            {d.data_timestamp.unwrap_or_else(|| "not refreshed yet".to_owned())}
                        </dd>
                    </div>
                }
            });
            (rows, dynamic)
        })
    };
    let head = move || {
        table.with(|t| {
            t.columns
                .iter()
                .map(|c| {
                    view! {
                        <th scope="col" class:numeric=c.numeric>
                            {c.name.clone()}
                        </th>
                    }
                })
                .collect_view()
        })
    };
    let body = move || {
        table.with(|t| {
            t.rows
                .iter()
                .map(|row| {
                    let cells = row
                        .iter()
                        .zip(&t.columns)
                        .map(|(cell, c)| match cell {
                            Some(text) => {
                                view! { <td class:numeric=c.numeric>{text.clone()}</td> }.into_any()
                            }
                            None => view! { <td class="null">"NULL"</td> }.into_any(),
                        })
                        .collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view()
        })
    };
    let empty = move || table.with(|t| t.rows.is_empty());
    view! {
        <section class=format!("layer layer-{id}") aria-labelledby=section_label>
            <header class="layer-head">
                <h2 id=title_id>
                    <span class="layer-name">{title}</span>
                    " "
                    <code>{layer.table()}</code>
                </h2>
                <p class="layer-shows">{shows}</p>
                <dl class="layer-meta">{meta}</dl>
            </header>
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby=region_label>
                <table id=id>
                    <thead>
                        <tr>{head}</tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <Show when=empty>
                <p class="empty">"No rows yet."</p>
            </Show>
        </section>
    }
}
