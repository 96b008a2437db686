//! The pipeline editor: the session's pipeline SQL, editable. Applying runs it in a scratch session
//! first; only a script that runs starts a new session, so an error leaves the running one as it is.

use crate::runner::Controller;
use crate::state::PipelineState;
use leptos::prelude::*;

#[component]
pub fn Editor(state: PipelineState, ctl: Controller) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let area = NodeRef::<leptos::html::Textarea>::new();
    let error = RwSignal::new(None::<String>);
    // The editor shows the running pipeline's script whenever the session changes.
    Effect::new(move |_| {
        state
            .settings
            .with(|s| s.scenario.as_ref().map(|s| s.script().to_owned()));
        text.set(ctl.pipeline_sql());
    });
    let applying = RwSignal::new(false);
    let apply = move |_| {
        applying.set(true);
        error.set(None);
        ctl.apply_pipeline(text.get_untracked(), move |outcome| {
            // The component may be gone (its tab closed) by the time the reply arrives.
            if applying.is_disposed() {
                return;
            }
            applying.set(false);
            if let Err(e) = outcome {
                if let (Some((line, column)), Some(el)) = (e.position, area.get_untracked()) {
                    crate::browser::select_position(&el, line, column);
                }
                error.set(Some(e.message));
            }
        });
    };
    view! {
        <section class="editor" aria-labelledby="editor-title">
            <h2 id="editor-title" class="visually-hidden">"Pipeline SQL"</h2>
            <label for="pipeline-sql" class="hint">
                "The pipeline's Snowflake SQL. Apply runs it in a fresh session (a new database, the "
                "generator feeding RAW_ORDERS if the script creates it); if any statement fails, "
                "the running pipeline is left untouched."
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
                    "Apply and start over"
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
        </section>
    }
}
