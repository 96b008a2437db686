//! Applying a pipeline to the account: the database and schema to put it in (the proxy's database
//! or `SNOWGLOBE`, and a fresh schema name), which pipeline (a seed variant or the tab's own,
//! as edited in Pipeline SQL), and each statement's outcome as it runs.

use crate::browser::local_now;
use crate::remote::view::RemoteRequest;
use crate::runner::Controller;
use crate::state::PipelineState;
use leptos::prelude::*;
use snowglobe_engine::pipelines;

/// The pipelines offered: form value and label.
const PIPELINES: [(&str, &str); 3] = [
    (
        "ecomm_cdc",
        "ECOMM_CDC: bronze, silver, gold with CDC columns",
    ),
    ("ecomm", "Ecomm: DOWNSTREAM lags and a 2-minute task"),
    ("tab", "This tab's pipeline (as in Pipeline SQL)"),
];

#[component]
pub fn RemoteApply(state: PipelineState, ctl: Controller) -> impl IntoView {
    let default_database = state
        .remote
        .with_untracked(|r| r.as_ref().and_then(|r| r.info.database.clone()))
        .unwrap_or_else(|| "SNOWGLOBE".to_owned());
    let database = RwSignal::new(default_database);
    let schema = RwSignal::new(format!("PIPELINE_{}", local_now().format("%Y%m%d_%H%M%S")));
    let pipeline = RwSignal::new("ecomm_cdc".to_owned());
    let read_only = move || {
        state
            .remote
            .with(|r| r.as_ref().is_some_and(|r| r.info.read_only))
    };
    let busy = move || {
        state
            .remote
            .with(|r| r.as_ref().is_some_and(|r| r.busy.is_some()))
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let script = match pipeline.get_untracked().as_str() {
            "ecomm_cdc" => pipelines::ECOMM_CDC.to_owned(),
            "ecomm" => pipelines::ECOMM.to_owned(),
            _ => ctl.pipeline_sql(),
        };
        ctl.remote(RemoteRequest::Apply {
            database: database.get_untracked(),
            schema: schema.get_untracked(),
            script,
        });
    };
    let statements = move || {
        state.remote.with(|r| {
            r.as_ref().map(|r| {
                r.statements
                    .iter()
                    .map(|s| {
                        let (class, outcome) = match &s.outcome {
                            None => ("pending", "waiting".to_owned()),
                            Some(Ok(text)) => ("ok-line", text.clone()),
                            Some(Err(e)) => ("failed", e.clone()),
                        };
                        let first = s.sql.lines().next().unwrap_or_default().to_owned();
                        view! {
                            <li class=class title=s.sql.clone()>
                                <code>{first}</code>
                                <span class="outcome">{outcome}</span>
                            </li>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <form class="remote-apply" on:submit=apply>
            <h3>"Pipeline on the account"</h3>
            <div class="bar">
                <label>
                    "Database "
                    <input
                        id="remote-database"
                        type="text"
                        prop:value=move || database.get()
                        on:input=move |ev| database.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "Schema "
                    <input
                        id="remote-schema"
                        type="text"
                        prop:value=move || schema.get()
                        on:input=move |ev| schema.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "Pipeline "
                    <select
                        id="remote-pipeline"
                        prop:value=move || pipeline.get()
                        on:change=move |ev| pipeline.set(event_target_value(&ev))
                    >
                        {PIPELINES
                            .iter()
                            .map(|(value, label)| view! { <option value=*value>{*label}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button
                    id="remote-apply"
                    type="submit"
                    class="primary"
                    disabled=move || read_only() || busy()
                >
                    "Apply to Snowflake"
                </button>
            </div>
            <p class="hint">
                "Creates the database and schema if missing, then the pipeline's objects one "
                "statement at a time (the DDL the Export tab shows, in this schema, on the "
                "proxy's warehouse). The dynamic tables then refresh on Snowflake's own clock."
            </p>
            <ol id="apply-statements" class="statements">
                {statements}
            </ol>
        </form>
    }
}
