//! Snowglobe's web page: a CDC pipeline on Snowflake dynamic tables, running live in the browser —
//! controls, the pipeline graph with details and actions, data grids, charts, a SQL worksheet, the
//! pipeline editor, DDL export and the event log. The session runs in a Web Worker and is saved in
//! IndexedDB. Served by `snowglobe proxy`, the page can also show a real Snowflake account.

pub mod browser;
pub mod host;
pub mod pace;
pub mod params;
mod persist;
pub mod protocol;
pub mod remote;
mod runner;
pub mod scenario;
pub mod sim;
pub mod state;
pub mod ui;
pub mod views;

use leptos::prelude::*;
use runner::Controller;
use state::PipelineState;
use ui::account_banner::AccountBanner;
use ui::backend_switch::BackendSwitch;
use ui::controls::Controls;
use ui::dag::Dag;
use ui::details::Details;
use ui::event_log::EventLog;
use ui::header::Header;
use ui::snowflake_panel::SnowflakePanel;
use ui::status_line::StatusLine;
use ui::workspace::Workspace;

/// The page. Its scenario comes from the URL hash (see `params`) or the saved session; a new hash
/// starts that scenario.
#[component]
pub fn App() -> impl IntoView {
    let state = PipelineState::new();
    let ctl = Controller::new(state);
    ctl.start(location_hash().unwrap_or_default());
    // The hash defines the scenario: when it changes, open it.
    let listener = window_event_listener(leptos::ev::hashchange, |_| {
        let _ = location().reload();
    });
    on_cleanup(move || listener.remove());
    view! {
        <AccountBanner state />
        <Header state />
        <BackendSwitch state ctl />
        <Controls state ctl />
        <SnowflakePanel state ctl />
        <main>
            <StatusLine state ctl />
            <div class="overview">
                <Dag state />
                <Details state ctl />
            </div>
            <div class="lower">
                <Workspace state ctl />
                <EventLog state />
            </div>
        </main>
        <footer class="colophon">
            <p>
                {move || {
                    if state.on_snowflake() {
                        "Showing a real Snowflake account: statements go through the proxy that \
                         served this page, which adds the credential. This tab's own session is \
                         paused and comes back as it was."
                    } else {
                        "Runs entirely in this tab: a Snowflake dialect on GlueSQL compiled to \
                         WebAssembly, with nothing sent anywhere. The session is kept in this \
                         browser; “Start over” begins a new one."
                    }
                }}
            </p>
        </footer>
    }
}
