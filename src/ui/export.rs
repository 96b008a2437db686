//! Export: the pipeline's Snowflake DDL as it stands, with a procedure and task that feed the bronze
//! table on Snowflake; downloadable as a `.sql` file or copied.

use crate::browser::{copy_to_clipboard, download};
use crate::runner::Controller;
use crate::state::PipelineState;
use leptos::prelude::*;

/// The downloaded file's name.
const FILE: &str = "snowglobe_pipeline.sql";

#[component]
pub fn Export(state: PipelineState, ctl: Controller) -> impl IntoView {
    let ddl = RwSignal::new(String::new());
    Effect::new(move |_| {
        state.data_version.track();
        ctl.export_ddl(move |text| {
            // The tab may be closed by the time the reply arrives.
            if !ddl.is_disposed() {
                ddl.set(text);
            }
        });
    });
    let message = RwSignal::new(None::<String>);
    let on_download = move |_| {
        message.set(Some(
            match download(FILE, "application/sql", &ddl.get_untracked()) {
                Ok(()) => format!("Downloaded {FILE}."),
                Err(e) => e,
            },
        ));
    };
    let on_copy = move |_| {
        message.set(Some(if copy_to_clipboard(&ddl.get_untracked()) {
            "Copied to the clipboard.".to_owned()
        } else {
            "This browser does not allow copying here; select the text instead.".to_owned()
        }));
    };
    view! {
        <section class="export" aria-labelledby="export-title">
            <h2 id="export-title" class="visually-hidden">"Export"</h2>
            <p class="hint">
                "Run this script on Snowflake to create the same pipeline; its last part creates a "
                "procedure and a task that feed RAW_ORDERS the way the generator does here."
            </p>
            <div class="bar">
                <button id="export-download" type="button" class="primary" on:click=on_download>
                    {format!("Download {FILE}")}
                </button>
                <button id="export-copy" type="button" on:click=on_copy>
                    "Copy to clipboard"
                </button>
                <span role="status">{move || message.get()}</span>
            </div>
            <pre id="export-ddl" class="ddl" tabindex="0">{move || ddl.get()}</pre>
        </section>
    }
}
