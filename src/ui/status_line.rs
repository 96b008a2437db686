//! The session's status (`#status`, whose `data-state` tests wait on) and its scenario.

use crate::runner::Controller;
use crate::state::{PipelineState, RunState};
use leptos::prelude::*;

#[component]
pub fn StatusLine(state: PipelineState, ctl: Controller) -> impl IntoView {
    // A link that could not be opened leaves no session: offer the default one.
    let stranded = move || {
        state.status.with(|s| s.state == RunState::Error)
            && state.settings.with(|s| s.scenario.is_none())
            && !state.on_snowflake()
    };
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
            if !s.pipeline.is_empty() && s.pipeline != sc.script() {
                parts.push("pipeline edited".to_owned());
            }
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
            <Show when=stranded>
                <button id="start-default" type="button" class="primary" on:click=move |_| ctl.start_default()>
                    "Start the default scenario"
                </button>
            </Show>
            <p class="run-info" id="run-info">{info}</p>
            {move || {
                state
                    .pace
                    .with(|p| p.and_then(|p| p.explanation()))
                    .filter(|_| !state.on_snowflake())
                    .map(|why| view! { <p class="pace-note" id="pace-note" role="note">{why}</p> })
            }}
            <Show when=move || state.measured.with(|m| !m.is_empty())>
                <table id="bench-report" class="bench-report">
                    <caption>"The engine in this tab (median of 5 rounds of 1,000 seed-mix events)"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Bronze rows"</th>
                            <th scope="col">"Preload (ms)"</th>
                            <th scope="col">"Events per second"</th>
                            <th scope="col">"Refresh of silver + gold (ms)"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            state
                                .measured
                                .get()
                                .into_iter()
                                .map(|f| {
                                    view! {
                                        <tr data-rows=f.rows data-events-per-s=format!("{:.0}", f.events_per_s) data-refresh-ms=format!("{:.2}", f.refresh_ms)>
                                            <td class="num">{f.rows}</td>
                                            <td class="num">{format!("{:.0}", f.preload_ms)}</td>
                                            <td class="num">{format!("{:.0}", f.events_per_s)}</td>
                                            <td class="num">{format!("{:.1}", f.refresh_ms)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </Show>
        </div>
    }
}
