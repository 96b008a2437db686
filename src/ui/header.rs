//! The masthead: the virtual clock and the pipeline's counts.

use crate::state::PipelineState;
use crate::views::NodeLayer;
use leptos::prelude::*;

#[component]
pub fn Header(state: PipelineState) -> impl IntoView {
    let rows = move |layer: NodeLayer| {
        move || {
            state.nodes.with(|nodes| {
                nodes
                    .iter()
                    .filter(|n| n.layer == layer)
                    .filter_map(|n| n.rows)
                    .sum::<usize>()
            })
        }
    };
    view! {
        <header class="masthead">
            <div class="brand">
                <h1>"Snowglobe"</h1>
                <p class="tagline">"Snowflake Dynamic Tables in a browser tab"</p>
            </div>
            <dl class="stats">
                <div class="stat clock">
                    <dt>
                        {move || if state.on_snowflake() { "Account clock" } else { "Virtual clock" }}
                    </dt>
                    <dd>
                        <time id="clock" datetime=move || state.clock.get().replace(' ', "T")>
                            {move || state.clock.get()}
                        </time>
                    </dd>
                </div>
                <Show when=move || !state.on_snowflake()>
                    <div class="stat">
                        <dt>"Speed"</dt>
                        <dd
                            id="speed-achieved"
                            class:behind=move || state.pace.with(|p| p.is_some_and(|p| p.behind()))
                            data-achieved=move || state.pace.with(|p| p.map(|p| format!("{:.2}", p.achieved)))
                            data-events-per-s=move || state.pace.with(|p| p.map(|p| format!("{:.0}", p.events_per_s)))
                            title="The speed the virtual clock ran at over the last five seconds, of the speed asked for"
                        >
                            {move || {
                                state
                                    .pace
                                    .with(|p| p.map(|p| p.text()))
                                    .unwrap_or_else(|| state.settings.with(|s| {
                                        if s.scenario.is_none() {
                                            "–".to_owned()
                                        } else if s.paused || s.fixed {
                                            "stopped".to_owned()
                                        } else {
                                            format!("{}×", s.speed)
                                        }
                                    }))
                            }}
                        </dd>
                    </div>
                </Show>
                <div class="stat">
                    <dt>{move || if state.on_snowflake() { "CDC events sent" } else { "CDC events" }}</dt>
                    <dd id="event-count">{move || state.events.get()}</dd>
                </div>
                <div class="stat">
                    <dt>"Bronze rows"</dt>
                    <dd id="bronze-count">{rows(NodeLayer::Bronze)}</dd>
                </div>
                <div class="stat">
                    <dt>"Silver rows"</dt>
                    <dd id="silver-count">{rows(NodeLayer::Silver)}</dd>
                </div>
                <div class="stat">
                    <dt>"Gold rows"</dt>
                    <dd id="gold-count">{rows(NodeLayer::Gold)}</dd>
                </div>
            </dl>
        </header>
    }
}
