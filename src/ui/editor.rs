//! The pipeline editor: the session's pipeline SQL, editable. Applying changes the running session
//! as Snowflake would keep its data (a new lag in place, a new query reinitializing that table
//! alone, new and dropped objects) and says what it did; an error changes nothing. Starting over
//! is the controls' separate choice.

use crate::runner::Controller;
use crate::state::PipelineState;
use leptos::prelude::*;

#[component]
pub fn Editor(state: PipelineState, ctl: Controller) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let area = NodeRef::<leptos::html::Textarea>::new();
    let error = RwSignal::new(None::<String>);
    let applied = RwSignal::new(None::<String>);
    // The editor shows the running pipeline's script whenever it changes.
    Effect::new(move |_| {
        state.settings.with(|s| {
            (
                s.pipeline.clone(),
                s.scenario.as_ref().map(|s| s.script().to_owned()),
            )
        });
        text.set(ctl.pipeline_sql());
    });
    let applying = RwSignal::new(false);
    let apply = move |_| {
        applying.set(true);
        error.set(None);
        applied.set(None);
        ctl.apply_pipeline(text.get_untracked(), move |outcome| {
            // The component may be gone (its tab closed) by the time the reply arrives.
            if applying.is_disposed() {
                return;
            }
            applying.set(false);
            match outcome {
                Ok(summary) => applied.set(Some(summary)),
                Err(e) => {
                    if let (Some((line, column)), Some(el)) = (e.position, area.get_untracked()) {
                        crate::browser::select_position(&el, line, column);
                    }
                    error.set(Some(e.message));
                }
            }
        });
    };
    view! {
        <section class="editor" aria-labelledby="editor-title">
            <h2 id="editor-title" class="visually-hidden">"Pipeline SQL"</h2>
            <label for="pipeline-sql" class="hint">
                "The pipeline's Snowflake SQL. Apply changes the running session as Snowflake would, "
                "keeping its data: a new target lag, warehouse or comment is set in place, a dynamic "
                "table whose query or refresh mode changed is reinitialized (that table alone), new "
                "objects are created and removed ones dropped. If any statement fails, nothing "
                "changes. To begin again from this script, apply it and use Start over."
            </label>
            <textarea
                id="pipeline-sql"
                node_ref=area
                class="sql"
                rows="22"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <div class="bar">
                <button
                    id="pipeline-apply"
                    type="button"
                    class="primary"
                    disabled=move || applying.get()
                    on:click=apply
                >
                    "Apply"
                </button>
                <button id="pipeline-revert" type="button" on:click=move |_| {
                    text.set(ctl.pipeline_sql());
                    error.set(None);
                }>
                    "Revert"
                </button>
            </div>
            {move || {
                error.get().map(|e| view! { <pre id="pipeline-error" class="sql-error" role="alert">{e}</pre> })
            }}
            {move || {
                applied.get().map(|m| view! { <p id="pipeline-applied" class="ok" role="status">{m}</p> })
            }}
        </section>
    }
}
