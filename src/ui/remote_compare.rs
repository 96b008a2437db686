//! Compare: the same seeded events fed to the tab's engine and to the account, both refreshed, and
//! every dynamic table's rows compared: whether they agree row for row, and otherwise the counts
//! and the first rows only one side has.

use crate::remote::compare::TableComparison;
use crate::remote::view::RemoteRequest;
use crate::runner::Controller;
use crate::state::PipelineState;
use crate::views::Cell;
use leptos::prelude::*;

fn row_text(row: &[Cell]) -> String {
    row.iter()
        .map(|c| c.clone().unwrap_or_else(|| "NULL".to_owned()))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn table_view(t: &TableComparison) -> impl IntoView + use<> {
    let verdict = if t.agrees() {
        format!("agree: {} rows on both sides", t.tab_rows)
    } else if t.columns_differ {
        "differ: the columns are not the same".to_owned()
    } else {
        format!(
            "differ: {} rows in the tab, {} on the account; {} only in the tab, {} only on the account",
            t.tab_rows, t.account_rows, t.only_in_tab, t.only_in_account
        )
    };
    let examples = |label: &'static str, rows: &[Vec<Cell>]| {
        (!rows.is_empty()).then(|| {
            let items = rows
                .iter()
                .map(|r| view! { <li><code>{row_text(r)}</code></li> })
                .collect_view();
            view! {
                <p class="hint">{label}</p>
                <ul class="examples">{items}</ul>
            }
        })
    };
    view! {
        <li class=if t.agrees() { "ok-line" } else { "failed" } data-table=t.name.clone()>
            <strong>{t.name.clone()}</strong>
            " "
            <span class="outcome">{verdict}</span>
            {examples("Only in the tab:", &t.tab_examples)}
            {examples("Only on the account:", &t.account_examples)}
        </li>
    }
}

#[component]
pub fn RemoteCompare(state: PipelineState, ctl: Controller) -> impl IntoView {
    let events = RwSignal::new("500".to_owned());
    let seed = RwSignal::new("42".to_owned());
    let remote = state.remote;
    let can = move || {
        remote.with(|r| {
            r.as_ref()
                .is_some_and(|r| r.target.is_some() && !r.info.read_only && r.busy.is_none())
        })
    };
    let run = move |_| {
        let (Ok(n), Ok(s)) = (
            events.get_untracked().trim().parse::<u64>(),
            seed.get_untracked().trim().parse::<u64>(),
        ) else {
            return;
        };
        ctl.remote(RemoteRequest::Compare {
            events: n.clamp(1, 100_000),
            seed: s,
        });
    };
    let result = move || {
        remote.with(|r| {
            r.as_ref().and_then(|r| r.comparison.clone()).map(|c| {
                let agrees = c.agrees();
                let tables = c.tables.iter().map(table_view).collect_view();
                view! {
                    <div id="compare-result" data-agree=agrees.to_string()>
                        <p class=if agrees { "ok" } else { "form-error" }>
                            {if agrees {
                                format!("The tab and the account agree row for row after {} events (seed {}).", c.events, c.seed)
                            } else {
                                format!("The tab and the account differ after {} events (seed {}).", c.events, c.seed)
                            }}
                        </p>
                        <ul class="statements">{tables}</ul>
                    </div>
                }
            })
        })
    };
    view! {
        <div class="remote-compare">
            <h3>"Compare with this tab"</h3>
            <div class="bar">
                <label>
                    "Events "
                    <input
                        id="compare-events"
                        type="number"
                        min="1"
                        prop:value=move || events.get()
                        on:input=move |ev| events.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "Seed "
                    <input
                        id="compare-seed"
                        type="number"
                        min="0"
                        prop:value=move || seed.get()
                        on:input=move |ev| seed.set(event_target_value(&ev))
                    />
                </label>
                <button id="compare-run" type="button" disabled=move || !can() on:click=run>
                    "Compare"
                </button>
            </div>
            <p class="hint">
                "Copies the account's bronze rows into a scratch engine in this tab, feeds both the "
                "same events, refreshes every dynamic table on both, then compares their rows."
            </p>
            {result}
        </div>
    }
}
