//! Snowglobe's web page: the seed's `ECOMM_CDC` pipeline running live in the browser, its bronze,
//! silver and gold tables, and the event log.

pub mod params;
mod runner;
pub mod sim;
pub mod state;
pub mod ui;

use leptos::prelude::*;
use state::PipelineState;
use ui::data_table::DataTable;
use ui::event_log::EventLog;
use ui::header::Header;
use ui::status_line::StatusLine;

/// The page. Its settings come from the URL hash (see `params`); a new hash starts a new run.
#[component]
pub fn App() -> impl IntoView {
    let state = PipelineState::new();
    match params::parse_hash(&location_hash().unwrap_or_default()) {
        Ok(params) => runner::start(state, params),
        Err(message) => state.fail(message),
    }
    // The hash defines the run: when it changes, start over.
    let listener = window_event_listener(leptos::ev::hashchange, |_| {
        let _ = location().reload();
    });
    on_cleanup(move || listener.remove());
    view! {
        <Header state />
        <main>
            <StatusLine state />
            <div class="pipeline">
                <div class="layers">
                    <DataTable layer=sim::Layer::Bronze table=state.bronze />
                    <DataTable layer=sim::Layer::Silver table=state.silver />
                    <DataTable layer=sim::Layer::Gold table=state.gold />
                </div>
                <EventLog lines=state.log />
            </div>
        </main>
        <footer class="colophon">
            <p>
                "Runs entirely in this tab: a Snowflake dialect on GlueSQL compiled to WebAssembly. "
                "The seed pipeline is "<code>"sql/ecomm_cdc.sql"</code>
                "; the URL hash sets "<code>"seed"</code>", "<code>"speed"</code>" and "
                <code>"start"</code>"."
            </p>
        </footer>
    }
}
