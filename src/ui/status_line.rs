//! The session's status (`#status`, whose `data-state` tests wait on) and its scenario.

use crate::state::PipelineState;
use leptos::prelude::*;

#[component]
pub fn StatusLine(state: PipelineState) -> impl IntoView {
    let info = move || {
        if let Some(text) = state.remote.with(|r| {
            r.as_ref().map(|r| {
                let mut parts = vec![format!("Snowflake account {}", r.info.name())];
                if let Some(t) = &r.target {
                    parts.push(t.clone());
                }
                parts.join(" · ")
            })
        }) {
            return text;
        }
        state.settings.with(|s| {
            let Some(sc) = &s.scenario else {
                return String::new();
            };
            let mut parts = vec![
                sc.variant.label().to_owned(),
                format!("seed {}", sc.seed),
                format!("profile {}", sc.profile.name()),
            ];
            if s.fixed {
                parts.push("deterministic run".to_owned());
            } else {
                parts.push(format!("speed {}×", s.speed));
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
            <p class="run-info" id="run-info">{info}</p>
        </div>
    }
}
