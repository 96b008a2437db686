//! The run's status (`#status`, whose `data-state` tests wait on) and how to replay the run.

use crate::state::PipelineState;
use leptos::prelude::*;

#[component]
pub fn StatusLine(state: PipelineState) -> impl IntoView {
    let info = move || {
        state.info.with(|i| {
            let mut parts = Vec::new();
            if let Some(seed) = i.seed {
                parts.push(format!("seed {seed}"));
            }
            match i.speed {
                Some(speed) => parts.push(format!("speed {speed}× (virtual seconds per second)")),
                None => parts.push("deterministic run".to_owned()),
            }
            parts.join(" · ")
        })
    };
    view! {
        <div class="status-bar">
            <p
                id="status"
                role="status"
                aria-live="polite"
                data-state=move || state.status.with(|s| s.state.text())
            >
                {move || state.status.with(|s| s.message.clone())}
            </p>
            <p class="run-info">
                <span id="run-info">{info}</span>
                {move || {
                    state
                        .info
                        .with(|i| i.replay.clone())
                        .map(|href| {
                            view! {
                                " · "
                                <a href=href title="Open this run again from its start">
                                    "Replay this run"
                                </a>
                            }
                        })
                }}
            </p>
        </div>
    }
}
