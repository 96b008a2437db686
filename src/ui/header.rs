//! The masthead: the virtual clock and the pipeline's counts.

use crate::state::PipelineState;
use leptos::prelude::*;

#[component]
pub fn Header(state: PipelineState) -> impl IntoView {
    let rows = move |i: usize| move || state.counts.with(|c| c[i]);
    view! {
        <header class="masthead">
            <div class="brand">
                <h1>"Snowglobe"</h1>
                <p class="tagline">"Snowflake Dynamic Tables in a browser tab"</p>
            </div>
            <dl class="stats">
                <div class="stat clock">
                    <dt>"Virtual clock"</dt>
                    <dd>
                        <time id="clock" datetime=move || state.clock.get().replace(' ', "T")>
                            {move || state.clock.get()}
                        </time>
                    </dd>
                </div>
                <div class="stat">
                    <dt>"CDC events"</dt>
                    <dd id="event-count">{move || state.events.get()}</dd>
                </div>
                <div class="stat">
                    <dt>"Bronze rows"</dt>
                    <dd id="bronze-count">{rows(0)}</dd>
                </div>
                <div class="stat">
                    <dt>"Silver rows"</dt>
                    <dd id="silver-count">{rows(1)}</dd>
                </div>
                <div class="stat">
                    <dt>"Gold rows"</dt>
                    <dd id="gold-count">{rows(2)}</dd>
                </div>
            </dl>
        </header>
    }
}
