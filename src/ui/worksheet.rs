//! The SQL worksheet: Snowflake-dialect statements against the live session. Ctrl/Cmd+Enter runs;
//! the last statement's result shows in a grid and downloads as CSV; errors show with their
//! position; earlier queries are one click away. On a Snowflake account the SQL goes through the
//! proxy, errors carry Snowflake's code, and a running statement can be canceled.

use crate::browser::{download, select_position};
use crate::runner::Controller;
use crate::state::PipelineState;
use crate::ui::result_table::{Row, body_rows, header_cells};
use crate::views::GridView;
use crate::views::SHOWN_ROWS;
use leptos::prelude::*;

const EXAMPLE: &str = "SELECT name, state, refresh_action, data_timestamp\n\
FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY())\n\
ORDER BY data_timestamp DESC\nLIMIT 20;";

/// How many past queries the history keeps.
const HISTORY: usize = 30;

/// What the last run produced.
#[derive(Debug, Clone, PartialEq, Default)]
struct Outcome {
    grid: GridView,
    rows: Vec<Row>,
    summary: String,
    error: Option<String>,
}

#[component]
pub fn Worksheet(state: PipelineState, ctl: Controller) -> impl IntoView {
    let text = RwSignal::new(EXAMPLE.to_owned());
    let area = NodeRef::<leptos::html::Textarea>::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let history = RwSignal::new(Vec::<String>::new());
    let running = RwSignal::new(false);
    let result_region = NodeRef::<leptos::html::Div>::new();
    let run = move || {
        let sql = text.get_untracked();
        if sql.trim().is_empty() || running.get_untracked() {
            return;
        }
        running.set(true);
        outcome.set(None);
        history.update(|h| {
            h.retain(|q| *q != sql);
            h.insert(0, sql.clone());
            h.truncate(HISTORY);
        });
        ctl.run_sql(sql, move |result| {
            // The component may be gone (its tab closed) by the time the reply arrives.
            if running.is_disposed() {
                return;
            }
            running.set(false);
            let grid = result.grid;
            let rows = grid.rows.iter().map(|r| (r.clone(), false)).collect();
            let total = grid.total;
            let mut summary = match result.statements {
                0 => String::new(),
                1 => format!("{total} row(s)"),
                n => format!("{n} statements ran; the last returned {total} row(s)"),
            };
            if total > SHOWN_ROWS {
                summary.push_str(&format!(
                    "; showing the first {SHOWN_ROWS}, the CSV has them all"
                ));
            }
            if let (Some(e), Some(el)) = (&result.error, area.get_untracked())
                && let Some((line, column)) = e.position
            {
                select_position(&el, line, column);
            }
            outcome.set(Some(Outcome {
                grid,
                rows,
                summary,
                error: result.error.map(|e| e.message),
            }));
            // The result (or the error above it) is brought into view once drawn: on a small
            // screen it lands below the fold.
            request_animation_frame(move || {
                if let Some(el) = result_region.get_untracked() {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    el.scroll_into_view_with_scroll_into_view_options(&options);
                }
            });
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            run();
        }
    };
    let download_csv = move |_| {
        ctl.result_csv(|csv| {
            let _ = download("query_result.csv", "text/csv", &csv);
        });
    };
    view! {
        <section class="worksheet" aria-labelledby="worksheet-title">
            <h2 id="worksheet-title" class="visually-hidden">"SQL worksheet"</h2>
            <label for="worksheet-sql" class="hint">
                {move || {
                    if state.on_snowflake() {
                        "Snowflake SQL on the account, through the proxy (the applied pipeline's \
                         schema is the context): every statement runs, the last one's result shows. "
                    } else {
                        "Snowflake SQL against the live session: tables, dynamic tables, views, \
                         SHOW, INFORMATION_SCHEMA table functions. "
                    }
                }}
                <kbd>"Ctrl"</kbd>"/"<kbd>"⌘"</kbd>"+"<kbd>"Enter"</kbd>" runs."
            </label>
            <textarea
                id="worksheet-sql"
                node_ref=area
                class="sql"
                rows="8"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:keydown=on_key
            ></textarea>
            <div class="bar">
                <button
                    id="worksheet-run"
                    type="button"
                    class="primary"
                    disabled=move || running.get()
                    on:click=move |_| run()
                >
                    "Run"
                </button>
                <button
                    id="worksheet-csv"
                    type="button"
                    disabled=move || outcome.with(|o| o.as_ref().is_none_or(|o| o.grid.columns.is_empty()))
                    on:click=download_csv
                >
                    "Download CSV"
                </button>
                <Show when=move || running.get() && state.on_snowflake()>
                    <button id="worksheet-cancel" type="button" on:click=move |_| ctl.cancel_sql()>
                        "Cancel"
                    </button>
                </Show>
                <span class="hint" aria-live="polite">
                    {move || running.get().then_some("Running…")}
                </span>
                <span id="worksheet-summary" role="status">
                    {move || outcome.with(|o| o.as_ref().map(|o| o.summary.clone()))}
                </span>
            </div>
            {move || {
                outcome
                    .with(|o| o.as_ref().and_then(|o| o.error.clone()))
                    .map(|e| view! { <pre id="worksheet-error" class="sql-error" role="alert">{e}</pre> })
            }}
            <div class="table-scroll" role="region" tabindex="0" aria-label="Query result" node_ref=result_region>
                <table id="worksheet-result">
                    <thead>
                        <tr>{move || outcome.with(|o| o.as_ref().map(|o| header_cells(&o.grid.columns)))}</tr>
                    </thead>
                    <tbody>
                        {move || outcome.with(|o| o.as_ref().map(|o| body_rows(&o.grid.columns, &o.rows)))}
                    </tbody>
                </table>
            </div>
            <h3>"History"</h3>
            <ol id="worksheet-history" class="history">
                {move || {
                    history
                        .get()
                        .into_iter()
                        .map(|q| {
                            let load = q.clone();
                            view! {
                                <li>
                                    <button type="button" class="link" on:click=move |_| text.set(load.clone())>
                                        <code>{q}</code>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}
